//! Admin authentication: the bearer token, browser sessions with their CSRF token, the
//! same-origin rule and the rate limit on failed sign-ins.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::error::ApiError;
use crate::store::{Session, Who};
use crate::AppState;

/// The session cookie's name over plain HTTP.
pub const SESSION_COOKIE: &str = "pw_session";
/// The session cookie's name under TLS: the `__Host-` prefix makes browsers insist on
/// `Secure`, `Path=/` and no `Domain`.
pub const SECURE_SESSION_COOKIE: &str = "__Host-pw_session";
/// The header that carries the CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// How long a browser session lasts, whatever it does: 12 hours.
pub const SESSION_SECONDS: i64 = 12 * 60 * 60;
/// Failed sign-ins allowed per client address per [`FAILURE_WINDOW`].
pub const MAX_FAILURES: u32 = 10;
/// The window of the failure count.
pub const FAILURE_WINDOW: Duration = Duration::from_secs(5 * 60);

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

/// Counts failed sign-ins per client address in a fixed window.
#[derive(Debug, Default)]
pub struct FailureLimiter {
    windows: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl FailureLimiter {
    /// `Err(seconds to wait)` when `address` has failed too often.
    pub fn check(&self, address: IpAddr) -> Result<(), u64> {
        let windows = self.windows.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match windows.get(&address) {
            Some((start, failures)) if *failures >= MAX_FAILURES && start.elapsed() < FAILURE_WINDOW => {
                Err((FAILURE_WINDOW - start.elapsed()).as_secs().max(1))
            }
            _ => Ok(()),
        }
    }

    /// Records one failure of `address`.
    pub fn record_failure(&self, address: IpAddr) {
        let mut windows = self.windows.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        // Bound the map: an attacker with many addresses must not grow it without end.
        if windows.len() > 10_000 {
            windows.retain(|_, (start, _)| start.elapsed() < FAILURE_WINDOW);
        }
        let entry = windows.entry(address).or_insert((Instant::now(), 0));
        if entry.0.elapsed() >= FAILURE_WINDOW {
            *entry = (Instant::now(), 0);
        }
        entry.1 += 1;
    }

    fn limited(&self, address: IpAddr) -> Result<(), ApiError> {
        self.check(address).map_err(|seconds| {
            ApiError::new(
                axum::http::StatusCode::TOO_MANY_REQUESTS,
                "too_many_failures",
                "too many failed sign-ins from this address; try again later",
            )
            .retry_after(seconds)
        })
    }
}

/// How the request authenticated, for the activity log.
#[derive(Debug, Clone)]
pub struct Authenticated {
    /// Who, as logged.
    pub who: Who,
    /// The session's id hash, when the request came with a session cookie.
    pub session: Option<[u8; 32]>,
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
    if let Err(error) = check_same_origin(request.headers(), state.tls) {
        tracing::warn!("refused a cross-origin request");
        return error.into_response();
    }
    next.run(request).await
}

fn check_same_origin(headers: &HeaderMap, tls: bool) -> Result<(), ApiError> {
    let refused = || ApiError::forbidden("cross_origin", "cross-origin requests are refused");
    if let Some(site) = headers.get("sec-fetch-site") {
        if site.as_bytes().eq_ignore_ascii_case(b"cross-site") {
            return Err(refused());
        }
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return Ok(());
    };
    let host = headers.get(header::HOST).and_then(|host| host.to_str().ok()).ok_or_else(refused)?;
    let scheme = if tls { "https" } else { "http" };
    let own = format!("{scheme}://{host}");
    let origin = origin.to_str().map_err(|_| refused())?;
    if origin.eq_ignore_ascii_case(&own) {
        Ok(())
    } else {
        Err(refused())
    }
}

/// Checks the request's credentials: a valid bearer token, or a session cookie plus (for
/// unsafe methods) its CSRF token. The rate limit applies before any check.
pub async fn authenticate(
    state: &AppState,
    address: IpAddr,
    method: &Method,
    headers: &HeaderMap,
) -> Result<Authenticated, ApiError> {
    state.failures.limited(address)?;
    let who = |via: &str| Who { actor: "admin".into(), via: via.into(), address: address.to_string() };
    if let Some(authorization) = headers.get(header::AUTHORIZATION) {
        let token = authorization
            .to_str()
            .ok()
            .and_then(|value| value.strip_prefix("Bearer ").or_else(|| value.strip_prefix("bearer ")));
        if token.is_some_and(|token| state.admin_token.verify(token.trim())) {
            return Ok(Authenticated { who: who("bearer"), session: None });
        }
        state.failures.record_failure(address);
        tracing::warn!(%address, "refused a wrong bearer token");
        return Err(ApiError::unauthorized("invalid_token", "the bearer token is not valid"));
    }
    let Some(session_id) = cookie(headers, state.session_cookie()) else {
        return Err(ApiError::unauthorized("unauthenticated", "sign in, or send Authorization: Bearer"));
    };
    let id_hash = sha256(session_id);
    let session = state.store.session(id_hash).await.map_err(ApiError::internal)?;
    let Some(session) = session else {
        return Err(ApiError::unauthorized("session_expired", "the session has expired; sign in again"));
    };
    if is_unsafe(method) {
        let sent = headers.get(CSRF_HEADER).map(|value| value.as_bytes()).unwrap_or_default();
        if !bool::from(sha256_bytes(sent).ct_eq(&sha256(&session.csrf_token))) {
            tracing::warn!(%address, "refused a request without its CSRF token");
            return Err(ApiError::forbidden("csrf_failed", "missing or wrong X-CSRF-Token"));
        }
    }
    Ok(Authenticated { who: who("session"), session: Some(id_hash) })
}

fn sha256_bytes(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// Signs in with the admin token: `Ok((session id, session))` or the refusal.
pub async fn sign_in(state: &AppState, address: IpAddr, token: &str) -> Result<(String, Session), ApiError> {
    state.failures.limited(address)?;
    if !state.admin_token.verify(token) {
        state.failures.record_failure(address);
        tracing::warn!(%address, "refused a sign-in with a wrong token");
        return Err(ApiError::unauthorized("invalid_token", "the admin token is not valid"));
    }
    let session_id = random_token(32).map_err(ApiError::internal)?;
    let session = Session {
        csrf_token: random_token(32).map_err(ApiError::internal)?,
        expires_at: crate::store::unix_now() + SESSION_SECONDS,
    };
    state.store.create_session(sha256(&session_id), session.clone()).await.map_err(ApiError::internal)?;
    tracing::info!(%address, "admin signed in");
    Ok((session_id, session))
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
    fn limiter_blocks_after_max_failures() {
        let limiter = FailureLimiter::default();
        let address: IpAddr = "127.0.0.1".parse().unwrap();
        for _ in 0..MAX_FAILURES {
            assert!(limiter.check(address).is_ok());
            limiter.record_failure(address);
        }
        assert!(limiter.check(address).is_err());
        assert!(limiter.check("127.0.0.2".parse().unwrap()).is_ok());
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
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, "127.0.0.1:8080".parse().unwrap());
        assert!(check_same_origin(&headers, false).is_ok());
        headers.insert(header::ORIGIN, "http://127.0.0.1:8080".parse().unwrap());
        assert!(check_same_origin(&headers, false).is_ok());
        assert!(check_same_origin(&headers, true).is_err());
        headers.insert(header::ORIGIN, "https://evil.example".parse().unwrap());
        assert!(check_same_origin(&headers, false).is_err());
        headers.insert(header::ORIGIN, "null".parse().unwrap());
        assert!(check_same_origin(&headers, false).is_err());
    }
}
