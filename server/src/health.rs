//! `GET /healthz` and `GET /readyz`, for balancers and orchestrators: no authentication, no
//! state, small JSON answers.

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::middleware::from_fn;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use crate::error::ApiError;
use crate::AppState;

/// `/readyz` answers 503 when the database takes longer than this: a balancer's probe
/// should learn quickly that this instance cannot serve.
pub const READY_TIMEOUT: Duration = Duration::from_secs(2);

/// The two routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .layer(from_fn(crate::headers::no_store))
}

/// The process is up and answering HTTP.
async fn healthz() -> Response {
    Json(json!({ "status": "ok" })).into_response()
}

/// The process can serve: its database answers.
async fn readyz(State(state): State<AppState>) -> Response {
    match tokio::time::timeout(READY_TIMEOUT, state.store.ping()).await {
        Ok(Ok(())) => Json(json!({ "status": "ok" })).into_response(),
        Ok(Err(error)) => {
            tracing::warn!(%error, "not ready: the database failed");
            not_ready()
        }
        Err(_) => {
            tracing::warn!("not ready: the database did not answer in time");
            not_ready()
        }
    }
}

fn not_ready() -> Response {
    ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "not_ready", "the database is not reachable")
        .into_response()
}
