//! Authentication: members' sign-in with email and password, their browser sessions with
//! the CSRF token, bearer tokens (members' API tokens, [`crate::api_tokens`], and the
//! environment's admin token for automation), roles and the same-origin rule. All their
//! state is in the store, so every instance on one database agrees on it; the throttle on
//! failed sign-ins is [`crate::throttle`].

use std::net::IpAddr;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::error::ApiError;
use crate::members::{self, Member, Role};
use crate::site::Site;
use crate::store::{Session, Who};
use crate::throttle::{self, Attempt};
use crate::AppState;

/// The session cookie's name over plain HTTP.
pub const SESSION_COOKIE: &str = "pw_session";
/// The session cookie's name when browsers use HTTPS: the `__Host-` prefix makes them insist
/// on `Secure`, `Path=/` and no `Domain`.
pub const SECURE_SESSION_COOKIE: &str = "__Host-pw_session";
/// The header that carries the CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// How long a browser session lasts, whatever it does: 12 hours.
pub const SESSION_SECONDS: i64 = 12 * 60 * 60;
/// [`SESSION_SECONDS`] as a duration.
pub const SESSION_LIFETIME: Duration = Duration::from_secs(SESSION_SECONDS as u64);

/// `count` random bytes from the operating system's CSPRNG, as base64url without padding.
pub fn random_token(count: usize) -> Result<String, getrandom::Error> {
    let mut bytes = vec![0u8; count];
    getrandom::fill(&mut bytes)?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// SHA-256: how tokens and session ids are stored and compared.
pub fn sha256(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

/// The admin credential: the hash of the token, compared in constant time.
#[derive(Debug, Clone)]
pub struct AdminToken {
    sha256: [u8; 32],
}

impl AdminToken {
    /// The credential whose token hashes to `sha256`.
    pub fn from_hash(sha256: [u8; 32]) -> Self {
        AdminToken { sha256 }
    }

    /// Whether `candidate` is the token. Hashing first makes the comparison's time
    /// independent of the candidate's length, and `ct_eq` of its content.
    pub fn verify(&self, candidate: &str) -> bool {
        sha256(candidate).ct_eq(&self.sha256).into()
    }
}

/// The admin credential as the store holds it now: another instance (or a restart with a
/// new `POLICY_WIDGET_ADMIN_TOKEN`) may have replaced it.
async fn admin_token(state: &AppState) -> Result<Option<AdminToken>, ApiError> {
    Ok(state.store.admin_token_hash().await.map_err(ApiError::internal)?.map(AdminToken::from_hash))
}

/// How the request authenticated, for the activity log and the role checks.
#[derive(Debug, Clone)]
pub struct Authenticated {
    /// Who, as logged.
    pub who: Who,
    /// The session's id hash, when the request came with a session cookie.
    pub session: Option<[u8; 32]>,
    /// The signed-in member (`None` for the environment's admin token).
    pub member: Option<Member>,
}

impl Authenticated {
    /// The role the request acts with: the member's, or admin for the environment's token.
    pub fn role(&self) -> Role {
        self.member.as_ref().map_or(Role::Admin, |member| member.role)
    }

    /// Refuses a member who is not an admin with 403 `forbidden`.
    ///
    /// # Errors
    /// When the role is not admin.
    pub fn require_admin(&self) -> Result<(), ApiError> {
        match self.role() {
            Role::Admin => Ok(()),
            Role::Member => Err(ApiError::forbidden("forbidden", "this needs the admin role")),
        }
    }
}

fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The value of cookie `name` in the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// Middleware on all of `/api`: a request that says it comes from another origin is
/// refused, whatever its credentials.
pub async fn same_origin(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if let Err(error) = check_same_origin(request.headers(), &state.site) {
        tracing::warn!("refused a cross-origin request");
        return error.into_response();
    }
    next.run(request).await
}

fn check_same_origin(headers: &HeaderMap, site: &Site) -> Result<(), ApiError> {
    let refused = || ApiError::forbidden("cross_origin", "cross-origin requests are refused");
    if let Some(fetch_site) = headers.get("sec-fetch-site") {
        if fetch_site.as_bytes().eq_ignore_ascii_case(b"cross-site") {
            return Err(refused());
        }
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return Ok(());
    };
    let origin = origin.to_str().map_err(|_| refused())?;
    if site.is_own_origin(origin, headers) {
        Ok(())
    } else {
        Err(refused())
    }
}

/// Checks the request's credentials: a valid bearer token, or a session cookie plus (for
/// unsafe methods) its CSRF token. A bearer token from a throttled address is refused with
/// 429 before it is compared; a session cookie is not throttled (its 256-bit id cannot be
/// guessed, and a member's open session must outlast an attack from their address).
pub async fn authenticate(
    state: &AppState,
    address: IpAddr,
    method: &Method,
    headers: &HeaderMap,
) -> Result<Authenticated, ApiError> {
    if let Some(authorization) = headers.get(header::AUTHORIZATION) {
        throttle::check_address(state, address).await?;
        let token = authorization
            .to_str()
            .ok()
            .and_then(|value| value.strip_prefix("Bearer ").or_else(|| value.strip_prefix("bearer ")));
        if let Some(token) = token {
            if let Some(authenticated) = crate::api_tokens::authenticate(state, token.trim(), address).await?
            {
                return Ok(authenticated);
            }
        }
        let admin = admin_token(state).await?;
        if let (Some(token), Some(admin)) = (token, admin) {
            if admin.verify(token.trim()) {
                return Ok(Authenticated {
                    who: Who::environment(&address.to_string()),
                    session: None,
                    member: None,
                });
            }
        }
        throttle::address_failed(state, address).await?;
        tracing::warn!(%address, "refused a wrong bearer token");
        return Err(ApiError::unauthorized("invalid_token", "the bearer token is not valid"));
    }
    let Some(session_id) = cookie(headers, state.session_cookie()) else {
        return Err(ApiError::unauthorized("unauthenticated", "sign in, or send Authorization: Bearer"));
    };
    let id_hash = sha256(session_id);
    let session = state.store.session(id_hash, state.clock.now()).await.map_err(ApiError::internal)?;
    let expired = || ApiError::unauthorized("session_expired", "the session has expired; sign in again");
    let Some(session) = session else {
        return Err(expired());
    };
    let Some(member_id) = session.member_id else {
        return Err(expired());
    };
    let Some(member) = state.store.member(member_id).await.map_err(ApiError::internal)? else {
        return Err(expired());
    };
    if is_unsafe(method) {
        let sent = headers.get(CSRF_HEADER).map(|value| value.as_bytes()).unwrap_or_default();
        if !bool::from(sha256_bytes(sent).ct_eq(&sha256(&session.csrf_token))) {
            tracing::warn!(%address, "refused a request without its CSRF token");
            return Err(ApiError::forbidden("csrf_failed", "missing or wrong X-CSRF-Token"));
        }
    }
    Ok(Authenticated {
        who: member.who("session", &address.to_string()),
        session: Some(id_hash),
        member: Some(member),
    })
}

fn sha256_bytes(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// A new session for the member `member_id`: its cookie value and the session to store.
///
/// # Errors
/// When the random source fails.
pub fn new_session(
    member_id: Option<i64>,
    now: crate::clock::UnixMillis,
) -> Result<(String, Session), ApiError> {
    let session_id = random_token(32).map_err(ApiError::internal)?;
    let session = Session {
        csrf_token: random_token(32).map_err(ApiError::internal)?,
        expires_at: now.plus(SESSION_LIFETIME),
        member_id,
    };
    Ok((session_id, session))
}

/// Verifies a password against a stored hash off the async workers (Argon2id takes tens of
/// milliseconds and 19 MiB).
///
/// # Errors
/// When the blocking task cannot run.
pub async fn verify_password(stored: Option<String>, candidate: String) -> Result<bool, ApiError> {
    tokio::task::spawn_blocking(move || members::verify_password(stored.as_deref(), &candidate))
        .await
        .map_err(ApiError::internal)
}

/// Hashes a password off the async workers.
///
/// # Errors
/// When the blocking task cannot run or the random source fails.
pub async fn hash_password(password: String) -> Result<String, ApiError> {
    tokio::task::spawn_blocking(move || members::hash_password(&password))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)
}

/// Checks a member's email and password: `Ok(member)`, or 401 `invalid_credentials` whether
/// the email is unknown, has no password yet, or the password is wrong (each costs one
/// Argon2id verification). The throttle comes first: a throttled address or account (and no
/// trusted device of that member) gets 429 before the password is looked at. Every failure is
/// counted and logged; what follows a right password (a session, or the second factor) is
/// [`crate::second_factor::after_password`].
///
/// # Errors
/// 429 while throttled, 401 for wrong credentials.
pub async fn sign_in(
    state: &AppState,
    attempt: &Attempt,
    email: &str,
    password: String,
) -> Result<Member, ApiError> {
    let credentials = state.store.credentials_by_email(email).await.map_err(ApiError::internal)?;
    let member_id = credentials.as_ref().map(|credentials| credentials.member.id);
    attempt.check(state, member_id).await?;
    let stored = credentials.as_ref().and_then(|credentials| credentials.password_hash.clone());
    let verified = verify_password(stored, password).await?;
    let now = state.clock.now();
    let address = attempt.address;
    let address_text = address.to_string();
    match credentials {
        Some(credentials) if verified => Ok(credentials.member),
        other => {
            attempt.failed(state, member_id).await?;
            let (who, reason) = match &other {
                Some(credentials) if credentials.password_hash.is_some() => {
                    (credentials.member.who("session", &address_text), "wrong_password")
                }
                Some(credentials) => (credentials.member.who("session", &address_text), "not_joined"),
                None => (Who::anonymous(&address_text), "unknown_email"),
            };
            let target = serde_json::json!({ "reason": reason });
            state
                .store
                .log(&who, "session.sign_in_failed", Some(&target), now)
                .await
                .map_err(ApiError::internal)?;
            tracing::warn!(%address, reason, "refused a sign-in");
            Err(ApiError::unauthorized("invalid_credentials", "wrong email or password"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_token_verifies_only_itself() {
        let token = AdminToken::from_hash(sha256("correct-token-0123456789"));
        assert!(token.verify("correct-token-0123456789"));
        assert!(!token.verify("correct-token-012345678"));
        assert!(!token.verify(""));
    }

    #[test]
    fn cookie_finds_the_named_pair() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, "a=1; pw_session=abc; b=2".parse().unwrap());
        assert_eq!(cookie(&headers, "pw_session"), Some("abc"));
        assert_eq!(cookie(&headers, "c"), None);
    }

    #[test]
    fn origin_must_be_the_servers_own() {
        let plain = Site::default();
        let tls = Site { tls: true, ..Site::default() };
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, "127.0.0.1:8080".parse().unwrap());
        assert!(check_same_origin(&headers, &plain).is_ok());
        headers.insert(header::ORIGIN, "http://127.0.0.1:8080".parse().unwrap());
        assert!(check_same_origin(&headers, &plain).is_ok());
        assert!(check_same_origin(&headers, &tls).is_err());
        headers.insert(header::ORIGIN, "https://evil.example".parse().unwrap());
        assert!(check_same_origin(&headers, &plain).is_err());
        headers.insert(header::ORIGIN, "null".parse().unwrap());
        assert!(check_same_origin(&headers, &plain).is_err());
    }

    #[test]
    fn behind_a_balancer_the_origin_must_be_the_public_one() {
        let site = Site { public_origin: Some("https://admin.example.com".into()), ..Site::default() };
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, "10.0.0.4:8080".parse().unwrap());
        headers.insert(header::ORIGIN, "https://admin.example.com".parse().unwrap());
        assert!(check_same_origin(&headers, &site).is_ok());
        headers.insert(header::ORIGIN, "http://10.0.0.4:8080".parse().unwrap());
        assert!(check_same_origin(&headers, &site).is_err(), "the Host-derived origin no longer counts");
    }
}
