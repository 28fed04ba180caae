//! policy-widget-server: the reference server for policy-widget.
//!
//! It serves the admin page and the WebAssembly package, stores the platform's security
//! settings in SQLite or PostgreSQL with a version per write, and re-validates every change
//! with the same Rust core the browser runs. [`app`] builds the router; [`server::run`] is
//! the whole program behind the binary.

pub mod api;
pub mod api_tokens;
pub mod auth;
pub mod clock;
pub mod config;
pub mod content;
pub mod cors;
pub mod error;
pub mod headers;
pub mod health;
pub mod members;
pub mod people;
pub mod second_factor;
pub mod server;
pub mod site;
pub mod static_files;
pub mod store;
pub mod throttle;
pub mod totp;
pub mod validation;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;

pub use config::Config;
pub use server::run;

/// A whole request, body included, must arrive and be answered within this time; a
/// client that trickles its body gets 408 instead of holding a connection forever.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// What every handler shares. Everything that must agree across instances is in `store`;
/// the rest is this process's configuration.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: store::Store,
    /// Where every time rule reads "now".
    pub clock: clock::Clock,
    /// How browsers reach the server: TLS, the public origin, the trusted proxies.
    pub site: Arc<site::Site>,
    /// Served at `/`.
    pub www_dir: PathBuf,
    /// Served at `/pkg/`.
    pub pkg_dir: PathBuf,
}

impl AppState {
    /// The session cookie's name.
    pub fn session_cookie(&self) -> &'static str {
        if self.site.is_https() {
            auth::SECURE_SESSION_COOKIE
        } else {
            auth::SESSION_COOKIE
        }
    }

    /// The trusted-device cookie's name.
    pub fn device_cookie(&self) -> &'static str {
        if self.site.is_https() {
            throttle::SECURE_DEVICE_COOKIE
        } else {
            throttle::DEVICE_COOKIE
        }
    }
}

/// The whole HTTP application: `/api/*`, `/content/*`, `/healthz`, `/readyz`, `/pkg/*` and
/// the admin page, with the security headers, JSON errors, timeouts and the path-traversal guard
/// around them.
///
/// Handlers read the peer's address from `ConnectInfo<SocketAddr>` ([`server::serve`]
/// inserts it; without it, as in tests that call the router directly, the peer is
/// 127.0.0.1).
pub fn app(state: AppState) -> Router {
    let api = api::router()
        .merge(content::api_router())
        .layer(from_fn(headers::no_store))
        .layer(from_fn_with_state(state.clone(), auth::same_origin));
    Router::new()
        .nest("/api", api)
        .merge(content::public_router(state.clone()))
        .merge(health::router())
        .merge(static_files::router(&state.www_dir, &state.pkg_dir))
        // Every route (not the static files' fallback): the request log shows its template.
        .route_layer(from_fn(server::record_route))
        .layer(from_fn(static_files::reject_traversal))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
        .layer(CatchPanicLayer::new())
        .layer(from_fn(server::log_request))
        .layer(from_fn(error::json_errors))
        .layer(from_fn_with_state(state.clone(), headers::security_headers))
        .with_state(state)
}
