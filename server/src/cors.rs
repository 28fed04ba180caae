//! CORS for `/content/*` only (the admin API stays same-origin): the core decides each
//! request against the settings as stored at that moment, so a change applies to the next
//! request on every instance; this middleware writes the decision as headers.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use policy_widget::origins::cors::{
    cross_origin, preflight, CrossOrigin, ALLOWED_HEADERS, ALLOWED_METHODS, EXPOSED_HEADERS, MAX_AGE_SECONDS,
};
use policy_widget::settings::CorsSettings;

use crate::error::ApiError;
use crate::headers::CROSS_ORIGIN_RESOURCE_POLICY;
use crate::AppState;

/// `Cross-Origin-Resource-Policy` of an answer an allowed origin reads. CORP binds only
/// `no-cors` loads (Fetch §3.7: a CORS request is let through whatever it says), so for the
/// `fetch()` with a token it changes nothing; but an allowed page that is cross-origin
/// isolated (COEP `require-corp`) must also be able to embed what it was allowed to read.
/// Every other answer keeps the site-wide `same-origin`.
pub const CORP_FOR_ALLOWED: &str = "cross-origin";

/// The header value of a request, if it is text.
fn text(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

/// The stored CORS settings. When they cannot be read the answer is a 500 without any CORS
/// header: refused, never allowed by accident.
async fn cors_settings(state: &AppState) -> Result<CorsSettings, ApiError> {
    let stored = state.store.settings().await.map_err(ApiError::internal)?;
    let cors = stored.settings.get("cors").cloned().unwrap_or_default();
    serde_json::from_value(cors).map_err(ApiError::internal)
}

/// Middleware on `/content/*`: answers preflights itself and adds the CORS headers to
/// every other answer (errors included, so an allowed page can read why it was refused).
pub async fn content_cors(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let origin = text(headers, header::ORIGIN).map(str::to_owned);
    let requested_method = text(headers, header::ACCESS_CONTROL_REQUEST_METHOD).map(str::to_owned);
    let is_preflight = request.method() == Method::OPTIONS && origin.is_some() && requested_method.is_some();
    let settings = match cors_settings(&state).await {
        Ok(settings) => settings,
        Err(error) => return error.into_response(),
    };
    if is_preflight {
        let requested_headers = text(headers, header::ACCESS_CONTROL_REQUEST_HEADERS);
        let verdict = preflight(
            origin.as_deref(),
            requested_method.as_deref().unwrap_or(""),
            requested_headers,
            settings.enabled,
            &settings.allowed_origins,
        );
        return preflight_answer(verdict);
    }
    let verdict = cross_origin(origin.as_deref(), settings.enabled, &settings.allowed_origins);
    let mut response = next.run(request).await;
    decorate(response.headers_mut(), &verdict);
    response
}

fn preflight_answer(verdict: CrossOrigin) -> Response {
    let mut response = match &verdict {
        CrossOrigin::Allowed(_) => {
            let mut response = StatusCode::NO_CONTENT.into_response();
            let headers = response.headers_mut();
            headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static(ALLOWED_METHODS));
            headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static(ALLOWED_HEADERS));
            headers.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from(MAX_AGE_SECONDS));
            response
        }
        _ => ApiError::forbidden("cors_refused", "this origin may not read content from this server")
            .into_response(),
    };
    decorate(response.headers_mut(), &verdict);
    response
}

/// The headers every `/content/*` answer gets for `verdict`. `Vary: Origin` always: the
/// same URL answers differently per origin, and no cache may hand one origin's answer to
/// another. Never `Access-Control-Allow-Credentials`, never `*`.
fn decorate(headers: &mut HeaderMap, verdict: &CrossOrigin) {
    headers.append(header::VARY, HeaderValue::from_static("origin"));
    if let CrossOrigin::Allowed(origin) = verdict {
        if let Ok(value) = HeaderValue::from_str(origin) {
            headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
            headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static(EXPOSED_HEADERS));
            headers.insert(CROSS_ORIGIN_RESOURCE_POLICY, HeaderValue::from_static(CORP_FOR_ALLOWED));
        }
    }
}
