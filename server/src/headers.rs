//! The security headers every response carries, and the cache policy of each kind of answer.

use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

use crate::AppState;

/// No inline script or style; `'wasm-unsafe-eval'` lets the page compile the core's
/// WebAssembly, nothing more.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; \
object-src 'none'; form-action 'self'";

/// Two years, the preload list's minimum; sent only when browsers use HTTPS (the server's
/// own TLS, or an `https://` public origin whose balancer passes it on).
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=63072000; includeSubDomains";

const ALWAYS: &[(&str, &str)] = &[
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
];

/// `Cross-Origin-Resource-Policy` (not among `http`'s named headers).
pub const CROSS_ORIGIN_RESOURCE_POLICY: HeaderName = HeaderName::from_static("cross-origin-resource-policy");

/// Every answer's `Cross-Origin-Resource-Policy` unless its route set another: only the
/// content an allowed origin reads says `cross-origin` (see `cors.rs`).
pub const DEFAULT_RESOURCE_POLICY: &str = "same-origin";

/// Middleware: adds the security headers (and HSTS over HTTPS) to every response.
pub async fn security_headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in ALWAYS {
        headers.insert(HeaderName::from_static(name), HeaderValue::from_static(value));
    }
    headers.entry(CROSS_ORIGIN_RESOURCE_POLICY).or_insert(HeaderValue::from_static(DEFAULT_RESOURCE_POLICY));
    if state.site.is_https() {
        headers
            .insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(STRICT_TRANSPORT_SECURITY));
    }
    response
}

/// Middleware for `/api` and the health routes: answers hold settings, secrets and CSRF
/// tokens, or a state that changes from one second to the next, so no cache may keep them.
pub async fn no_store(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
