//! Content delivery over HTTP: the admin's routes under `/api` (issue and verify content
//! tokens, write the private content) and the public read `GET /content/{key}`, which opens
//! to a valid content token only. The decisions are the core's (`policy_widget::content`);
//! these handlers read the request, fetch what the store holds and write the answer.

use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use policy_widget::content::{self, check_key, check_token, issue_token, IssueError, Refusal};
use policy_widget::settings::SecuritySettings;
use serde::Deserialize;
use serde_json::json;

use crate::api::{locale, read_json};
use crate::auth::{self, Authenticated};
use crate::error::ApiError;
use crate::people::Admin;
use crate::store::content::ContentWrite;
use crate::{cors, headers, AppState};

/// The realm of the content routes' challenges (RFC 6750 §3).
pub const REALM: &str = "content";

/// Random bytes in a token's `jti`: 128 bits, never repeated in practice.
const JTI_BYTES: usize = 16;

/// The content routes of `/api` (merged into the API router, behind its authentication,
/// same-origin rule and `no-store`).
pub fn api_router() -> Router<AppState> {
    Router::new()
        .route("/content-token", post(issue))
        .route("/content-token/verify", post(verify))
        .route("/content", get(list))
        .route("/content/{key}", get(read_as_admin).put(write).delete(remove))
}

/// `GET /content/{key}` (and its `HEAD` and `OPTIONS`), with CORS decided per request.
pub fn public_router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/content/{key}", get(read).options(options))
        .layer(from_fn(headers::no_store))
        .layer(from_fn_with_state(state, cors::content_cors))
}

/// The stored settings, typed.
async fn settings(state: &AppState) -> Result<SecuritySettings, ApiError> {
    let stored = state.store.settings().await.map_err(ApiError::internal)?;
    serde_json::from_value(stored.settings).map_err(ApiError::internal)
}

/// The `{key}` of the path, checked by the core: an impossible key is a 400 for writers.
fn key_of(path: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    let Path(key) =
        path.map_err(|_| ApiError::bad_request("invalid_key", "the content key is not valid UTF-8"))?;
    check_key(&key).map_err(|error| {
        ApiError::bad_request("invalid_key", error.to_string()).with("reason", error.code())
    })?;
    Ok(key)
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct IssueRequest {
    subject: Option<String>,
}

/// `POST /api/content-token { subject? }` → `{ token, expiresAt }`: an HS256 JWT under the
/// current secret, living the stored TTL; `sub` is the caller unless an admin names another.
async fn issue(
    auth: Authenticated,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let posted = read_json(&headers, body).await?;
    let request: IssueRequest = serde_json::from_value(posted).map_err(|_| {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_request", "expected { subject?: string }")
    })?;
    // `sub` is the caller's member id; only an admin may name another subject. The
    // environment's token has no member: it names the subject or gets its actor's name.
    let own = auth.member.as_ref().map_or_else(|| auth.who.actor.clone(), |member| member.id.to_string());
    let subject = match request.subject {
        Some(subject) if subject != own => {
            auth.require_admin()?;
            subject
        }
        _ => own,
    };
    let settings = settings(&state).await?;
    let secret = state.store.content_token_secret().await.map_err(ApiError::internal)?;
    let jti = auth::random_token(JTI_BYTES).map_err(ApiError::internal)?;
    let now = state.clock.now();
    match issue_token(&subject, &jti, now.0, settings.content_token.ttl_seconds, &secret.secret) {
        Ok(issued) => {
            tracing::info!(expires_at = issued.expires_at, "content token issued");
            Ok(Json(json!({ "token": issued.token, "expiresAt": issued.expires_at })).into_response())
        }
        Err(IssueError::InvalidSubject) => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_subject",
            IssueError::InvalidSubject.to_string(),
        )),
        Err(error) => Err(ApiError::internal(error)),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VerifyRequest {
    token: String,
    #[serde(default)]
    locale: Option<String>,
}

/// `POST /api/content-token/verify { token, locale? }` → the core's TokenReport checked with
/// the current secret and TTL, plus `accepted` and `reason`: what `GET /content/{key}`
/// would decide. The secret never leaves the server.
async fn verify(
    _: Admin,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let posted = read_json(&headers, body).await?;
    let request: VerifyRequest = serde_json::from_value(posted).map_err(|_| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
            "expected { token: string, locale?: string }",
        )
    })?;
    let settings = settings(&state).await?;
    let secret = state.store.content_token_secret().await.map_err(ApiError::internal)?;
    let locale = request.locale.or_else(|| locale(&headers));
    let access = check_token(
        &request.token,
        &secret.secret,
        settings.content_token.ttl_seconds,
        state.clock.now().0,
        locale.as_deref(),
    );
    let mut body = serde_json::to_value(&access.report).map_err(ApiError::internal)?;
    body["accepted"] = json!(access.verdict.is_ok());
    body["reason"] = json!(access.verdict.err().map(Refusal::code));
    Ok(Json(body).into_response())
}

/// `GET /api/content` → `{ items: [{ key, bytes, updatedAt }] }`, in key order.
async fn list(_: Admin, State(state): State<AppState>) -> Result<Response, ApiError> {
    let items = state.store.content_list().await.map_err(ApiError::internal)?;
    Ok(Json(json!({ "items": items })).into_response())
}

/// `GET /api/content/{key}` → `{ key, value, updatedAt }`.
async fn read_as_admin(
    _: Admin,
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let key = key_of(path)?;
    let item = state.store.content(&key).await.map_err(ApiError::internal)?.ok_or_else(no_such_key)?;
    Ok(Json(json!({ "key": item.key, "value": item.value, "updatedAt": item.updated_at.rfc3339() }))
        .into_response())
}

/// `PUT /api/content/{key}` with any JSON (at most 64 KiB) → 201 when new, 200 when replaced,
/// `{ key, bytes }`; logged as `content.updated` in the same transaction.
async fn write(
    Admin(auth): Admin,
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let key = key_of(path)?;
    let value = read_json(&headers, body).await?;
    let written = state
        .store
        .put_content(&key, &value, &auth.who, state.clock.now())
        .await
        .map_err(ApiError::internal)?;
    let status = match written {
        ContentWrite::Created => StatusCode::CREATED,
        ContentWrite::Replaced => StatusCode::OK,
    };
    tracing::info!(%key, "content written");
    Ok((status, Json(json!({ "key": key, "bytes": value.to_string().len() }))).into_response())
}

/// `DELETE /api/content/{key}` → 204, or 404; logged as `content.deleted`.
async fn remove(
    Admin(auth): Admin,
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let key = key_of(path)?;
    let deleted =
        state.store.delete_content(&key, &auth.who, state.clock.now()).await.map_err(ApiError::internal)?;
    if !deleted {
        return Err(no_such_key());
    }
    tracing::info!(%key, "content deleted");
    Ok(StatusCode::NO_CONTENT.into_response())
}

fn no_such_key() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "no content under this key")
}

/// A refusal of the public read, with its RFC 6750 challenge: no error attribute when the
/// request carried no bearer token (§3.1: the client may not know it needs one),
/// `invalid_request` (400) for a malformed one, `invalid_token` (401) for one that fails.
enum Challenge {
    NoToken,
    InvalidRequest,
    InvalidToken(Refusal),
}

impl IntoResponse for Challenge {
    fn into_response(self) -> Response {
        let (error, challenge) = match self {
            Challenge::NoToken => (
                ApiError::unauthorized("invalid_token", "send Authorization: Bearer <content token>")
                    .with("reason", "missing"),
                format!("Bearer realm=\"{REALM}\""),
            ),
            Challenge::InvalidRequest => (
                ApiError::bad_request("invalid_request", "the Authorization header is not Bearer <token>"),
                format!("Bearer realm=\"{REALM}\", error=\"invalid_request\""),
            ),
            Challenge::InvalidToken(refusal) => (
                ApiError::unauthorized("invalid_token", refusal.description()).with("reason", refusal.code()),
                // The description is ASCII without quotes or backslashes (the core says so).
                format!(
                    "Bearer realm=\"{REALM}\", error=\"invalid_token\", error_description=\"{}\"",
                    refusal.description()
                ),
            ),
        };
        let mut response = error.into_response();
        if let Ok(value) = HeaderValue::from_str(&challenge) {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, value);
        }
        response
    }
}

/// The bearer token of the request, or the challenge that answers its absence.
fn bearer(headers: &HeaderMap) -> Result<&str, Challenge> {
    let Some(value) = headers.get(header::AUTHORIZATION) else { return Err(Challenge::NoToken) };
    let value = value.to_str().map_err(|_| Challenge::InvalidRequest)?;
    match content::bearer_token(value) {
        Some(token) => Ok(token),
        // Another scheme (Basic, …) is no attempt at a bearer token: as if absent.
        None if !value.get(..6).is_some_and(|scheme| scheme.eq_ignore_ascii_case("bearer")) => {
            Err(Challenge::NoToken)
        }
        None => Err(Challenge::InvalidRequest),
    }
}

/// `GET /content/{key}` with `Authorization: Bearer <content token>` → the JSON. The token
/// is checked before the key is even looked at, so a client without one learns nothing
/// about which keys exist.
async fn read(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Response {
    let token = match bearer(&headers) {
        Ok(token) => token,
        Err(challenge) => return challenge.into_response(),
    };
    let answer = async {
        let settings = settings(&state).await?;
        let secret = state.store.content_token_secret().await.map_err(ApiError::internal)?;
        let access =
            check_token(token, &secret.secret, settings.content_token.ttl_seconds, state.clock.now().0, None);
        if let Err(refusal) = access.verdict {
            tracing::info!(reason = refusal.code(), "content token refused");
            return Ok(Challenge::InvalidToken(refusal).into_response());
        }
        let item = match path.ok().filter(|Path(key)| check_key(key).is_ok()) {
            Some(Path(key)) => state.store.content(&key).await.map_err(ApiError::internal)?,
            None => None,
        };
        let item = item.ok_or_else(no_such_key)?;
        Ok::<_, ApiError>(Json(item.value).into_response())
    };
    answer.await.unwrap_or_else(IntoResponse::into_response)
}

/// `OPTIONS /content/{key}` that is not a CORS preflight (those are answered by
/// [`cors::content_cors`] before they get here): the methods the route takes.
async fn options() -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD, OPTIONS"));
    response
}
