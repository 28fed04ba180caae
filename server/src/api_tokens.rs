//! API tokens: an admin's credential for scripts, `Authorization: Bearer pwt_…`. A token acts
//! as the member who made it, with that member's role as the database holds it at each
//! request, until it expires, is revoked, or the member is removed. Only its SHA-256 is stored.
//!
//! Tokens are made from a signed-in session only: neither the environment's token (no member
//! to act as) nor an API token (which could otherwise outlive its own revocation by minting
//! a successor) can create one.

use std::net::IpAddr;
use std::time::Duration;

use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::api::read_json;
use crate::auth::{random_token, sha256, Authenticated};
use crate::clock::UnixMillis;
use crate::error::ApiError;
use crate::members::{self, Member};
use crate::people::Admin;
use crate::store::api_tokens::{ApiToken, NewApiToken};
use crate::store::Who;
use crate::AppState;

/// What every API token starts with, so scanners and people can tell one from other secrets.
pub const API_TOKEN_PREFIX: &str = "pwt_";
/// Random bytes after the prefix (from the operating system's CSPRNG, base64url).
pub const API_TOKEN_BYTES: usize = 32;
/// The shortest lifetime a token can be given, in days.
pub const MIN_EXPIRES_IN_DAYS: u64 = 1;
/// The longest lifetime a token can be given, in days: every token expires within a year.
pub const MAX_EXPIRES_IN_DAYS: u64 = 365;
/// `lastUsedAt` is written again only once it is this old: a script's every request would
/// otherwise be a database write.
pub const LAST_USED_PRECISION: Duration = Duration::from_secs(60);
const DAY: Duration = Duration::from_secs(24 * 60 * 60);
const EXPECTED_BODY: &str = "expected { name: string, expiresInDays: integer 1–365 }";

/// The `/api/tokens` routes (without the `/api` prefix).
pub fn router() -> Router<AppState> {
    Router::new().route("/tokens", get(list).post(create)).route("/tokens/{id}", delete(revoke))
}

/// A checked `POST /api/tokens` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRequest {
    /// Trimmed, 1–100 characters, no control characters (the rule of members' names).
    pub name: String,
    /// [`MIN_EXPIRES_IN_DAYS`]–[`MAX_EXPIRES_IN_DAYS`].
    pub expires_in_days: u64,
}

/// Reads `{ name, expiresInDays }`: 422 `invalid_request` for anything but an object of
/// those two fields, `invalid_name` for a name that is not a string or breaks the rule,
/// `invalid_expiry` unless `expiresInDays` is a JSON integer from 1 to 365 (`"7"` and `7.0`
/// are not). Messages never quote the input.
///
/// # Errors
/// As above.
pub fn parse_request(body: &Value) -> Result<TokenRequest, ApiError> {
    let unprocessable = |code, message: &str| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message);
    let Some(fields) = body.as_object() else {
        return Err(unprocessable("invalid_request", EXPECTED_BODY));
    };
    if fields.keys().any(|key| key != "name" && key != "expiresInDays") {
        return Err(unprocessable("invalid_request", EXPECTED_BODY));
    }
    let name = match fields.get("name") {
        Some(Value::String(name)) => {
            members::parse_name(name).map_err(|why| unprocessable("invalid_name", why))?
        }
        Some(_) => return Err(unprocessable("invalid_name", "name must be a string")),
        None => return Err(unprocessable("invalid_name", "name is required")),
    };
    let days = fields.get("expiresInDays").and_then(Value::as_u64);
    let Some(expires_in_days) =
        days.filter(|days| (MIN_EXPIRES_IN_DAYS..=MAX_EXPIRES_IN_DAYS).contains(days))
    else {
        return Err(unprocessable(
            "invalid_expiry",
            "expiresInDays must be a whole number of days from 1 to 365",
        ));
    };
    Ok(TokenRequest { name, expires_in_days })
}

/// A new token's text: the prefix and [`API_TOKEN_BYTES`] random bytes.
///
/// # Errors
/// When the random source fails.
pub fn new_token() -> Result<String, ApiError> {
    Ok(format!("{API_TOKEN_PREFIX}{}", random_token(API_TOKEN_BYTES).map_err(ApiError::internal)?))
}

/// `member` acting through token `token_id`, as the activity log records it.
pub fn who(member: &Member, token_id: i64, address: &str) -> Who {
    Who { token_id: Some(token_id), ..member.who("api_token", address) }
}

/// The request's credentials if `token` is a live API token whose member still exists:
/// `None` otherwise (not one of ours, unknown, revoked, expired, or its member removed),
/// which the caller answers as a wrong bearer token.
///
/// # Errors
/// When the database fails.
pub async fn authenticate(
    state: &AppState,
    token: &str,
    address: IpAddr,
) -> Result<Option<Authenticated>, ApiError> {
    if !token.starts_with(API_TOKEN_PREFIX) {
        return Ok(None);
    }
    let now = state.clock.now();
    let holder = state.store.api_token_holder(sha256(token), now).await.map_err(ApiError::internal)?;
    let Some(holder) = holder else {
        return Ok(None);
    };
    if holder.last_used_at.is_none_or(|at| at <= now.minus(LAST_USED_PRECISION)) {
        state.store.touch_api_token(holder.token_id, now).await.map_err(ApiError::internal)?;
    }
    Ok(Some(Authenticated {
        who: who(&holder.member, holder.token_id, &address.to_string()),
        session: None,
        member: Some(holder.member),
    }))
}

/// A token as the API shows it: `{ id, name, createdAt, expiresAt, lastUsedAt, expired,
/// creator: { memberId, email } }`, times in RFC 3339. Never the token or its hash.
fn to_json(token: &ApiToken, now: UnixMillis) -> Value {
    json!({
        "id": token.id,
        "name": token.name,
        "createdAt": token.created_at.rfc3339(),
        "expiresAt": token.expires_at.rfc3339(),
        "lastUsedAt": token.last_used_at.map(UnixMillis::rfc3339),
        "expired": token.expires_at <= now,
        "creator": { "memberId": token.member_id, "email": token.member_email },
    })
}

/// `GET /api/tokens` → `{ tokens }`: every member's tokens, expired ones included.
async fn list(_: Admin, State(state): State<AppState>) -> Result<Response, ApiError> {
    let tokens = state.store.api_tokens().await.map_err(ApiError::internal)?;
    let now = state.clock.now();
    let tokens: Vec<Value> = tokens.iter().map(|token| to_json(token, now)).collect();
    Ok(Json(json!({ "tokens": tokens })).into_response())
}

/// `POST /api/tokens { name, expiresInDays }` → 201 `{ id, token, expiresAt, … }`, the token
/// shown this once. From a signed-in admin's session only (403 `session_required`).
async fn create(
    Admin(auth): Admin,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let Some(member) = auth.member.as_ref().filter(|_| auth.session.is_some()) else {
        return Err(ApiError::forbidden(
            "session_required",
            "API tokens are created by a signed-in admin, not with a bearer token",
        ));
    };
    let request = parse_request(&read_json(&headers, body).await?)?;
    let token = new_token()?;
    let now = state.clock.now();
    let lifetime = DAY.saturating_mul(u32::try_from(request.expires_in_days).unwrap_or(u32::MAX));
    let new = NewApiToken {
        token_sha256: sha256(&token),
        member_id: member.id,
        name: &request.name,
        expires_at: now.plus(lifetime),
    };
    let created = state.store.create_api_token(&new, &auth.who, now).await.map_err(ApiError::internal)?;
    let Some(created) = created else {
        return Err(ApiError::unauthorized("session_expired", "the session has expired; sign in again"));
    };
    tracing::info!(token = created.id, member = member.id, "API token created");
    let mut answer = to_json(&created, now);
    answer["token"] = token.into();
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

/// `DELETE /api/tokens/{id}` → 204; the token is refused from the next request on.
async fn revoke(
    Admin(auth): Admin,
    State(state): State<AppState>,
    path: Result<Path<i64>, PathRejection>,
) -> Result<Response, ApiError> {
    let not_found = || ApiError::new(StatusCode::NOT_FOUND, "token_not_found", "no such API token");
    let Path(id) = path.map_err(|_| not_found())?;
    let revoked = state.store.revoke_api_token(id, &auth.who, state.clock.now()).await;
    revoked.map_err(ApiError::internal)?.ok_or_else(not_found)?;
    tracing::info!(token = id, "API token revoked");
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_needs_a_name_and_whole_days_from_1_to_365() {
        let ok = parse_request(&json!({ "name": " deploy ", "expiresInDays": 30 })).unwrap();
        assert_eq!(ok, TokenRequest { name: "deploy".into(), expires_in_days: 30 });
        for days in [1, 365] {
            assert!(parse_request(&json!({ "name": "n", "expiresInDays": days })).is_ok(), "{days}");
        }
        let cases = [
            (json!({ "name": "n", "expiresInDays": 0 }), "invalid_expiry"),
            (json!({ "name": "n", "expiresInDays": 366 }), "invalid_expiry"),
            (json!({ "name": "n", "expiresInDays": -1 }), "invalid_expiry"),
            (json!({ "name": "n", "expiresInDays": "7" }), "invalid_expiry"),
            (json!({ "name": "n", "expiresInDays": 7.5 }), "invalid_expiry"),
            (json!({ "name": "n", "expiresInDays": null }), "invalid_expiry"),
            (json!({ "name": "n" }), "invalid_expiry"),
            (json!({ "expiresInDays": 7 }), "invalid_name"),
            (json!({ "name": 7, "expiresInDays": 7 }), "invalid_name"),
            (json!({ "name": "  ", "expiresInDays": 7 }), "invalid_name"),
            (json!({ "name": "a\u{0}b", "expiresInDays": 7 }), "invalid_name"),
            (json!({ "name": "n".repeat(101), "expiresInDays": 7 }), "invalid_name"),
            (json!({ "name": "n", "expiresInDays": 7, "scope": "all" }), "invalid_request"),
            (json!(["n", 7]), "invalid_request"),
        ];
        for (body, code) in cases {
            let error = parse_request(&body).unwrap_err();
            assert_eq!((error.status(), error.code()), (StatusCode::UNPROCESSABLE_ENTITY, code), "{body}");
        }
    }

    #[test]
    fn a_token_is_the_prefix_and_32_random_bytes_in_base64url() {
        let token = new_token().unwrap();
        let random = token.strip_prefix(API_TOKEN_PREFIX).unwrap();
        assert_eq!(random.len(), 43);
        assert!(random.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "{token}");
        assert_ne!(token, new_token().unwrap());
    }
}
