//! The `/api` handlers: each converts HTTP to a call into the core or the store and back.

use std::net::{IpAddr, SocketAddr};

use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{ConnectInfo, FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use policy_widget::password::{self, PasswordContext, PasswordPolicy};
use policy_widget::settings::SecuritySettings;
use policy_widget::Locale;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::auth::{self, Authenticated};
use crate::error::ApiError;
use crate::people::Admin;
use crate::store::{Update, Versioned};
use crate::throttle::Attempt;
use crate::validation::{self, Verdict};
use crate::AppState;

/// Largest request body accepted: a settings object with a few hundred origins fits
/// many times over; anything bigger is a mistake or an attack.
pub const BODY_LIMIT_BYTES: usize = 64 * 1024;
/// Activity entries per page when `limit` is not given.
pub const DEFAULT_ACTIVITY_LIMIT: u32 = 50;
/// Most activity entries per page.
pub const MAX_ACTIVITY_LIMIT: u32 = 200;

/// The `/api` routes (without the prefix).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/settings", get(get_settings).put(put_settings))
        .route("/password/check", post(check_password))
        .route("/content-token/secret", get(secret_status).post(rotate_secret))
        .route("/activity", get(activity))
        .route("/session", post(create_session).get(get_session).delete(delete_session))
        .merge(crate::people::router())
        .merge(crate::second_factor::router())
        .merge(crate::api_tokens::router())
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such API route") })
}

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let address = client_address(parts, state);
        auth::authenticate(state, address, &parts.method, &parts.headers).await
    }
}

/// The client's address: the peer's, or the one a trusted proxy forwarded for.
fn client_address(parts: &Parts, state: &AppState) -> IpAddr {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([127, 0, 0, 1]), |ConnectInfo(address)| address.ip());
    state.site.client_address(peer, &parts.headers)
}

/// The client's IP address, for the throttle of sign-ins and the activity log.
pub struct ClientAddress(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(ClientAddress(client_address(parts, state)))
    }
}

fn etag(version: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\"")).expect("a number is a valid header value")
}

fn versioned_response(status: StatusCode, versioned: Versioned, extra: Option<(&str, Value)>) -> Response {
    let mut body = json!({ "settings": versioned.settings, "version": versioned.version });
    if let Some((name, value)) = extra {
        body[name] = value;
    }
    let mut response = (status, Json(body)).into_response();
    response.headers_mut().insert(header::ETAG, etag(versioned.version));
    response
}

/// The language of the messages: the catalogue language `Accept-Language` weights highest
/// (the core decides, see `Locale::from_accept_language`).
pub(crate) fn locale(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
    Locale::from_accept_language(value).map(|locale| locale.tag().to_owned())
}

/// Reads a JSON body: 415 unless `application/json`, 413 over [`BODY_LIMIT_BYTES`],
/// 400 unless it parses (invalid UTF-8, `1e999` and nesting deeper than 128 included).
pub(crate) async fn read_json(headers: &HeaderMap, body: Body) -> Result<Value, ApiError> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the body as Content-Type: application/json",
        ));
    }
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("the body is larger than {BODY_LIMIT_BYTES} bytes"),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > BODY_LIMIT_BYTES as u64) {
        return Err(too_large());
    }
    let bytes = axum::body::to_bytes(body, BODY_LIMIT_BYTES).await.map_err(|error| {
        let inner = error.into_inner();
        if inner.downcast_ref::<http_body_util::LengthLimitError>().is_some() {
            too_large()
        } else {
            ApiError::bad_request("unreadable_body", "the body could not be read")
        }
    })?;
    serde_json::from_slice(&bytes).map_err(|error| {
        ApiError::bad_request("malformed_json", format!("the body is not valid JSON: {error}"))
    })
}

/// `GET /api/settings` → `{ settings, version }` and its `ETag`.
async fn get_settings(_: Admin, State(state): State<AppState>) -> Result<Response, ApiError> {
    let versioned = state.store.settings().await.map_err(ApiError::internal)?;
    Ok(versioned_response(StatusCode::OK, versioned, None))
}

/// The versions an `If-Match` header names (`"3"`, or a list). Weak tags never match:
/// If-Match uses the strong comparison.
fn if_match_versions(value: &HeaderValue) -> Result<Vec<i64>, ApiError> {
    let text = value.to_str().unwrap_or("");
    if text.trim() == "*" {
        return Err(ApiError::new(
            StatusCode::PRECONDITION_REQUIRED,
            "precondition_required",
            "If-Match must name the version you edited, not *",
        ));
    }
    Ok(text
        .split(',')
        .filter_map(|tag| tag.trim().strip_prefix('"')?.strip_suffix('"')?.parse().ok())
        .collect())
}

/// `PUT /api/settings`: validated by the core, written only if `If-Match` names the
/// current version.
async fn put_settings(
    Admin(auth): Admin,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let posted = read_json(&headers, body).await?;
    let locale = locale(&headers);
    let (settings, warnings) = match validation::validate(&posted, locale.as_deref(), state.site.is_https()) {
        Verdict::Accepted(settings, warnings) => (settings, warnings),
        Verdict::Rejected(issues) => {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_settings",
                "the settings are not valid",
            )
            .with("issues", serde_json::to_value(issues).map_err(ApiError::internal)?));
        }
    };
    let Some(if_match) = headers.get(header::IF_MATCH) else {
        return Err(ApiError::new(
            StatusCode::PRECONDITION_REQUIRED,
            "precondition_required",
            "send If-Match with the ETag of the settings you edited",
        ));
    };
    let expected = if_match_versions(if_match)?;
    let update = state.store.update_settings(&expected, &settings, &auth.who, state.clock.now()).await;
    match update.map_err(ApiError::internal)? {
        Update::Written(versioned) => {
            tracing::info!(version = versioned.version, "settings updated");
            let warnings = serde_json::to_value(warnings).map_err(ApiError::internal)?;
            Ok(versioned_response(StatusCode::OK, versioned, Some(("issues", warnings))))
        }
        Update::Conflict { current } => Err(ApiError::new(
            StatusCode::CONFLICT,
            "version_conflict",
            "the settings changed since you loaded them; reload and apply your edit again",
        )
        .with("version", current)),
    }
}

/// The body of `POST /api/password/check`. `Debug` leaves the password out.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PasswordCheck {
    password: String,
    #[serde(default)]
    user_inputs: Vec<String>,
    #[serde(default)]
    locale: Option<String>,
}

impl std::fmt::Debug for PasswordCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordCheck").field("password", &"<redacted>").finish_non_exhaustive()
    }
}

/// `POST /api/password/check` → the core's PasswordReport under the stored policy.
async fn check_password(
    _: Authenticated,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let posted = read_json(&headers, body).await?;
    // serde's messages may quote values, so a malformed body gets a fixed message.
    let request: PasswordCheck = serde_json::from_value(posted).map_err(|_| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
            "expected { password: string, userInputs?: string[], locale?: string }",
        )
    })?;
    let stored = state.store.settings().await.map_err(ApiError::internal)?;
    let policy: PasswordPolicy = serde_json::from_value::<SecuritySettings>(stored.settings)
        .map_err(ApiError::internal)?
        .password_policy;
    let context = PasswordContext {
        user_inputs: request.user_inputs,
        locale: request.locale.or_else(|| locale(&headers)),
    };
    let secret = request.password;
    // The strength estimate is CPU work: keep it off the async workers.
    let report = tokio::task::spawn_blocking(move || password::check(&secret, &policy, &context))
        .await
        .map_err(ApiError::internal)?;
    Ok(Json(report).into_response())
}

/// `POST /api/content-token/secret`: a new 256-bit secret, shown this once.
async fn rotate_secret(Admin(auth): Admin, State(state): State<AppState>) -> Result<Response, ApiError> {
    let secret = auth::random_token(32).map_err(ApiError::internal)?;
    let rotated = state
        .store
        .rotate_content_token_secret(&secret, &auth.who, state.clock.now())
        .await
        .map_err(ApiError::internal)?;
    tracing::info!("content-token secret rotated");
    Ok(Json(json!({ "secret": rotated.secret, "rotatedAt": rotated.rotated_at.rfc3339() })).into_response())
}

/// `GET /api/content-token/secret` → `{ rotatedAt }`: when the current secret was made (at
/// first start or by the last rotation). Never the secret itself.
async fn secret_status(_: Admin, State(state): State<AppState>) -> Result<Response, ApiError> {
    let current = state.store.content_token_secret().await.map_err(ApiError::internal)?;
    Ok(Json(json!({ "rotatedAt": current.rotated_at.rfc3339() })).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ActivityQuery {
    limit: Option<u32>,
    before: Option<i64>,
    event: Option<String>,
}

/// `GET /api/activity?limit=&before=&event=` → `{ entries, nextBefore }`, newest first
/// (only `event`'s entries when given).
async fn activity(
    _: Admin,
    State(state): State<AppState>,
    query: Result<Query<ActivityQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(|_| {
        ApiError::bad_request("invalid_query", "expected ?limit=<1..200>&before=<entry id>&event=<name>")
    })?;
    let limit = query.limit.unwrap_or(DEFAULT_ACTIVITY_LIMIT).clamp(1, MAX_ACTIVITY_LIMIT);
    let entries = state
        .store
        .activity_of(limit, query.before, query.event.as_deref())
        .await
        .map_err(ApiError::internal)?;
    let next_before =
        (entries.len() == limit as usize).then(|| entries.last().map(|entry| entry.id)).flatten();
    Ok(Json(json!({ "entries": entries, "nextBefore": next_before })).into_response())
}

/// The body of `POST /api/session`. `Debug` leaves the password out.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SignIn {
    email: String,
    password: String,
}

pub(crate) fn session_cookie(state: &AppState, value: &str, max_age: i64) -> HeaderValue {
    let secure = if state.site.is_https() { "; Secure" } else { "" };
    let cookie = format!(
        "{}={value}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age}{secure}",
        state.session_cookie()
    );
    HeaderValue::from_str(&cookie).expect("cookie is ASCII")
}

/// `POST /api/session` with `{ email, password }` → a session cookie and `{ next: "done",
/// csrfToken, expiresAt, member }`, or the second factor's challenge (`next: "totp"` or
/// `"totp_setup"`).
async fn create_session(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let posted = read_json(&headers, body).await?;
    let SignIn { email, password } = serde_json::from_value(posted).map_err(|_| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
            "expected { email: string, password: string }",
        )
    })?;
    let attempt = Attempt::read(&state, address, &headers).await?;
    let member = auth::sign_in(&state, &attempt, &email, password).await?;
    crate::second_factor::after_password(&state, &member, &attempt).await
}

/// `GET /api/session` → `{ via, role, member, csrfToken, expiresAt }` of the browser's
/// session (`member`, `csrfToken` and `expiresAt` are null for the environment's token).
async fn get_session(auth: Authenticated, State(state): State<AppState>) -> Result<Response, ApiError> {
    let session = match auth.session {
        Some(id_hash) => state.store.session(id_hash, state.clock.now()).await.map_err(ApiError::internal)?,
        None => None,
    };
    Ok(Json(json!({
        "via": auth.who.via,
        "role": auth.role().as_str(),
        "member": auth.member.as_ref().map(crate::members::Member::to_json),
        "csrfToken": session.as_ref().map(|session| &session.csrf_token),
        "expiresAt": session.as_ref().map(|session| session.expires_at.unix_seconds()),
    }))
    .into_response())
}

/// `DELETE /api/session`: ends the browser's session and clears its cookie.
async fn delete_session(auth: Authenticated, State(state): State<AppState>) -> Result<Response, ApiError> {
    if let Some(id_hash) = auth.session {
        state.store.sign_out(id_hash, &auth.who, state.clock.now()).await.map_err(ApiError::internal)?;
        tracing::info!("member signed out");
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.headers_mut().insert(header::SET_COOKIE, session_cookie(&state, "", 0));
    Ok(response)
}
