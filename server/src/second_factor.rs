//! The second factor's routes and the step after a right password: `POST /api/session/totp`,
//! `/api/me/two-factor*`, `POST /api/members/{id}/two-factor/reset`. TOTP itself is
//! [`crate::totp`]; state is in the store (`store/two_factor.rs`).

use std::time::Duration;

use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use policy_widget::settings::SecuritySettings;
use qrcode::render::svg;
use qrcode::QrCode;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::api::{read_json, ClientAddress};
use crate::auth::{self, random_token, sha256, Authenticated};
use crate::error::ApiError;
use crate::members::Member;
use crate::people::{signed_in, Admin};
use crate::store::members::NewSession;
use crate::store::two_factor::{Challenge, ChallengeKind, Proof};
use crate::throttle::Attempt;
use crate::totp;
use crate::AppState;

/// How long a sign-in challenge lives: 5 minutes.
pub const CHALLENGE_LIFETIME: Duration = Duration::from_secs(5 * 60);
/// Recovery codes made at enrolment.
pub const RECOVERY_CODES: usize = 10;
/// The issuer authenticator apps show.
pub const ISSUER: &str = "policy-widget";

/// The routes (without `/api`).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/session/totp", post(complete))
        .route("/me/two-factor", post(start_enrolment).delete(disable))
        .route("/me/two-factor/confirm", post(confirm))
        .route("/members/{id}/two-factor/reset", post(reset))
}

async fn enforced(state: &AppState) -> Result<bool, ApiError> {
    let stored = state.store.settings().await.map_err(ApiError::internal)?;
    Ok(serde_json::from_value::<SecuritySettings>(stored.settings)
        .map_err(ApiError::internal)?
        .two_factor
        .enforced)
}

/// The QR code of `uri` as an SVG document, drawn here (no third-party service).
pub fn qr_svg(uri: &str) -> Result<String, ApiError> {
    let code = QrCode::new(uri.as_bytes()).map_err(ApiError::internal)?;
    Ok(code.render::<svg::Color<'_>>().min_dimensions(200, 200).quiet_zone(true).build())
}

/// `{ secret, otpauthUri, qrSvg }` for a new secret of `member`.
fn enrolment(member: &Member, secret: &str) -> Result<Value, ApiError> {
    let uri = totp::otpauth_uri(ISSUER, &member.email, secret);
    Ok(json!({ "secret": secret, "otpauthUri": uri, "qrSvg": qr_svg(&uri)? }))
}

fn new_secret() -> Result<String, ApiError> {
    Ok(totp::base32_encode(&totp::new_secret().map_err(ApiError::internal)?))
}

/// What follows a right password (or an accepted invitation): a session at once, or a
/// challenge for the second factor — a code of the enrolled device, or, when
/// `twoFactor.enforced` and none is enrolled, the enrolment of a new one.
///
/// # Errors
/// When the database fails.
pub async fn after_password(
    state: &AppState,
    member: &Member,
    attempt: &Attempt,
) -> Result<Response, ApiError> {
    let now = state.clock.now();
    let address = &attempt.address.to_string();
    let kind = if member.two_factor_enabled {
        Some(ChallengeKind::Totp)
    } else if enforced(state).await? {
        Some(ChallengeKind::Setup(new_secret()?))
    } else {
        None
    };
    let Some(kind) = kind else {
        let (session_id, session) = auth::new_session(Some(member.id), now)?;
        let new = NewSession { id_sha256: sha256(&session_id), session: &session };
        state.store.sign_in_member(member, &new, address, now).await.map_err(ApiError::internal)?;
        let mut response = signed_in(state, &session_id, &session, member);
        attempt.succeeded(state, member.id, &mut response).await?;
        return Ok(response);
    };
    let challenge_id = random_token(32).map_err(ApiError::internal)?;
    let challenge = Challenge { member_id: member.id, kind: kind.clone() };
    state
        .store
        .create_challenge(sha256(&challenge_id), &challenge, now.plus(CHALLENGE_LIFETIME), now)
        .await
        .map_err(ApiError::internal)?;
    let mut body =
        json!({ "challenge": challenge_id, "expiresAt": now.plus(CHALLENGE_LIFETIME).unix_seconds() });
    match kind {
        ChallengeKind::Totp => body["next"] = "totp".into(),
        ChallengeKind::Setup(secret) => {
            body["next"] = "totp_setup".into();
            if let (Value::Object(body), Value::Object(more)) = (&mut body, enrolment(member, &secret)?) {
                body.extend(more);
            }
        }
    }
    Ok(Json(body).into_response())
}

/// Ten recovery codes (`xxxxx-xxxxx`, 50 random bits each) and their hashes.
fn recovery_codes() -> Result<(Vec<String>, Vec<[u8; 32]>), ApiError> {
    let mut codes = Vec::with_capacity(RECOVERY_CODES);
    for _ in 0..RECOVERY_CODES {
        let mut bytes = [0u8; 7];
        getrandom::fill(&mut bytes).map_err(ApiError::internal)?;
        let text = totp::base32_encode(&bytes).to_ascii_lowercase();
        let (left, right) = text.split_at(5);
        codes.push(format!("{left}-{}", &right[..5]));
    }
    let hashes = codes.iter().map(|code| recovery_hash(code)).collect();
    Ok((codes, hashes))
}

/// The stored form of a recovery code: SHA-256 of it lowercased without spaces or dashes.
pub fn recovery_hash(code: &str) -> [u8; 32] {
    let normal: String =
        code.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_lowercase()).collect();
    sha256(&normal)
}

fn wrong_code() -> ApiError {
    ApiError::unauthorized("invalid_code", "the code is wrong, expired or already used")
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Completion {
    challenge: String,
    code: Option<String>,
    recovery_code: Option<String>,
}

/// `POST /api/session/totp { challenge, code }` (or `{ challenge, recoveryCode }`) → as a
/// sign-in "done" (plus `recoveryCodes` when it enrolled a device); 401 `invalid_code`.
async fn complete(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    request: Body,
) -> Result<Response, ApiError> {
    let posted = read_json(&headers, request).await?;
    let Completion { challenge, code, recovery_code } = serde_json::from_value(posted).map_err(|_| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
            "expected { challenge: string, code: string } or { challenge, recoveryCode }",
        )
    })?;
    let attempt = Attempt::read(&state, address, &headers).await?;
    let now = state.clock.now();
    let challenge_sha256 = sha256(&challenge);
    let found = state.store.challenge(challenge_sha256, now).await.map_err(ApiError::internal)?;
    let Some(found) = found else {
        return Err(ApiError::unauthorized("challenge_expired", "the sign-in took too long; start again"));
    };
    let Some(member) = state.store.member(found.member_id).await.map_err(ApiError::internal)? else {
        return Err(ApiError::unauthorized("challenge_expired", "the sign-in took too long; start again"));
    };
    attempt.check(&state, Some(member.id)).await?;
    let address_text = address.to_string();
    let seconds = now.unix_seconds();
    let mut enrol = None;
    let proof = match (&found.kind, code.as_deref(), recovery_code.as_deref()) {
        (ChallengeKind::Setup(secret), Some(code), _) => {
            let bytes = totp::base32_decode(secret).unwrap_or_default();
            let step = totp::verify(&bytes, code, seconds, None);
            enrol = Some(secret.clone());
            step.map(Proof::Step)
        }
        (ChallengeKind::Totp, Some(code), _) => {
            let stored = state.store.totp_secret(member.id).await.map_err(ApiError::internal)?;
            stored
                .and_then(|(secret, last)| {
                    totp::verify(&totp::base32_decode(&secret).unwrap_or_default(), code, seconds, last)
                })
                .map(Proof::Step)
        }
        _ => None,
    };
    let recovery = recovery_code.as_deref().map(recovery_hash);
    let proof = match (proof, &found.kind, &recovery) {
        (Some(proof), _, _) => Some(proof),
        (None, ChallengeKind::Totp, Some(hash)) if code.is_none() => Some(Proof::RecoveryCode(hash)),
        _ => None,
    };
    let codes = match &enrol {
        Some(_) => Some(recovery_codes()?),
        None => None,
    };
    let (session_id, session) = auth::new_session(Some(member.id), now)?;
    let done = match proof {
        Some(proof) => {
            let new = NewSession { id_sha256: sha256(&session_id), session: &session };
            let enrolment = enrol.as_deref().zip(codes.as_ref().map(|(_, hashes)| hashes.as_slice()));
            state
                .store
                .complete_challenge(challenge_sha256, &member, proof, enrolment, &new, &address_text, now)
                .await
                .map_err(ApiError::internal)?
        }
        None => false,
    };
    if !done {
        attempt.failed(&state, Some(member.id)).await?;
        let who = member.who("session", &address_text);
        let target = json!({ "reason": "wrong_code" });
        state
            .store
            .log(&who, "session.sign_in_failed", Some(&target), now)
            .await
            .map_err(ApiError::internal)?;
        return Err(wrong_code());
    }
    let member = state.store.member(member.id).await.map_err(ApiError::internal)?.unwrap_or(member);
    let mut response = signed_in(&state, &session_id, &session, &member);
    if let Some((codes, _)) = codes {
        let body = json!({
            "next": "done",
            "csrfToken": session.csrf_token,
            "expiresAt": session.expires_at.unix_seconds(),
            "member": member.to_json(),
            "recoveryCodes": codes,
        });
        let cookies: Vec<_> =
            response.headers().get_all(axum::http::header::SET_COOKIE).iter().cloned().collect();
        response = Json(body).into_response();
        for cookie in cookies {
            response.headers_mut().append(axum::http::header::SET_COOKIE, cookie);
        }
    }
    attempt.succeeded(&state, member.id, &mut response).await?;
    Ok(response)
}

fn signed_in_member(auth: &Authenticated) -> Result<&Member, ApiError> {
    auth.member.as_ref().ok_or_else(|| {
        ApiError::new(StatusCode::NOT_FOUND, "not_a_member", "the environment's admin token is not a member")
    })
}

/// `POST /api/me/two-factor` → `{ secret, otpauthUri, qrSvg }`: a new secret awaiting a code.
async fn start_enrolment(auth: Authenticated, State(state): State<AppState>) -> Result<Response, ApiError> {
    let member = signed_in_member(&auth)?;
    let secret = new_secret()?;
    state.store.set_pending_totp(member.id, &secret).await.map_err(ApiError::internal)?;
    Ok(Json(enrolment(member, &secret)?).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeBody {
    code: String,
}

async fn code_body(headers: &HeaderMap, request: Body) -> Result<String, ApiError> {
    let posted = read_json(headers, request).await?;
    let CodeBody { code } = serde_json::from_value(posted).map_err(|_| {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_request", "expected { code: string }")
    })?;
    Ok(code)
}

/// `POST /api/me/two-factor/confirm { code }` → `{ recoveryCodes }` (10, shown once).
async fn confirm(
    auth: Authenticated,
    State(state): State<AppState>,
    headers: HeaderMap,
    request: Body,
) -> Result<Response, ApiError> {
    let member = signed_in_member(&auth)?;
    let code = code_body(&headers, request).await?;
    let Some(secret) = state.store.pending_totp(member.id).await.map_err(ApiError::internal)? else {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "no_pending_secret",
            "start with POST /api/me/two-factor",
        ));
    };
    let now = state.clock.now();
    let bytes = totp::base32_decode(&secret).unwrap_or_default();
    let Some(step) = totp::verify(&bytes, &code, now.unix_seconds(), None) else {
        return Err(wrong_code());
    };
    let (codes, hashes) = recovery_codes()?;
    if !state
        .store
        .confirm_totp(member, &secret, step, &hashes, &auth.who, now)
        .await
        .map_err(ApiError::internal)?
    {
        return Err(wrong_code());
    }
    Ok(Json(json!({ "recoveryCodes": codes })).into_response())
}

/// `DELETE /api/me/two-factor { code }` → 204, or 409 `two_factor_enforced`.
async fn disable(
    auth: Authenticated,
    State(state): State<AppState>,
    headers: HeaderMap,
    request: Body,
) -> Result<Response, ApiError> {
    let member = signed_in_member(&auth)?;
    let code = code_body(&headers, request).await?;
    if enforced(&state).await? {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "two_factor_enforced",
            "two-factor authentication is required for everyone",
        ));
    }
    let now = state.clock.now();
    let stored = state.store.totp_secret(member.id).await.map_err(ApiError::internal)?;
    let step = stored.and_then(|(secret, last)| {
        totp::verify(&totp::base32_decode(&secret).unwrap_or_default(), &code, now.unix_seconds(), last)
    });
    let Some(step) = step else { return Err(wrong_code()) };
    let removed = state
        .store
        .remove_totp(member, Some(step), "two_factor.disabled", &auth.who, now)
        .await
        .map_err(ApiError::internal)?;
    if !removed {
        return Err(wrong_code());
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST /api/members/{id}/two-factor/reset` (admins) → 204: a lost device; the member
/// enrols again (at the next sign-in when 2FA is enforced).
async fn reset(
    Admin(auth): Admin,
    State(state): State<AppState>,
    path: Result<Path<i64>, PathRejection>,
) -> Result<Response, ApiError> {
    let not_found = || ApiError::new(StatusCode::NOT_FOUND, "member_not_found", "no such member");
    let Path(id) = path.map_err(|_| not_found())?;
    let member = state.store.member(id).await.map_err(ApiError::internal)?.ok_or_else(not_found)?;
    state
        .store
        .remove_totp(&member, None, "two_factor.reset", &auth.who, state.clock.now())
        .await
        .map_err(ApiError::internal)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
