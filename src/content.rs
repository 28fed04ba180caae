//! Content delivery: the tokens that open the platform's private content — issued with the
//! platform's secret and the stored TTL, checked on every read — and the keys content is
//! stored under. The server only carries these decisions to HTTP.
//!
//! A content token is an HS256 JWT (RFC 7519) whose key is the secret's bytes (the server
//! keeps 32 random bytes as base64url text), with the claims `sub`, `iat`, `exp = iat + ttl`
//! and `jti`. A read is granted only when the signature verifies with the *current* secret —
//! so a rotation retires every older token at once — and `exp` is present and not reached.
//!
//! ```
//! use policy_widget::content::{check_token, issue_token, Refusal};
//!
//! let secret = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80"; // base64url, 32 bytes
//! let now_ms = 1_764_583_200_000;
//! let issued = issue_token("member-7", "jti-1", now_ms, 60, secret).unwrap();
//! assert_eq!(issued.expires_at, 1_764_583_260);
//!
//! let access = check_token(&issued.token, secret, 60, now_ms + 59_999, None);
//! assert_eq!(access.verdict.unwrap().subject.as_deref(), Some("member-7"));
//! let later = check_token(&issued.token, secret, 60, now_ms + 60_000, None);
//! assert_eq!(later.verdict.unwrap_err(), Refusal::Expired);
//! ```

use std::fmt;

use serde_json::{json, Value};

use crate::settings::TTL_SECONDS_RANGE;
use crate::token::{self, inspect, SecretEncoding, SignatureStatus, TokenOptions, TokenReport, TokenStatus};

/// The only algorithm content tokens are signed and accepted with.
pub const CONTENT_TOKEN_ALG: &str = "HS256";

/// The longest content key, in bytes: keys are names, not data.
pub const MAX_KEY_BYTES: usize = 128;

/// The longest `sub` a token is issued for, in characters (a member id or an email fits).
pub const MAX_SUBJECT_CHARS: usize = 255;

/// Why a content key is refused. Keys appear in URLs (`/content/{key}`), so they keep to
/// RFC 3986's unreserved characters and never look like a relative path segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyError {
    /// The key is empty.
    Empty,
    /// The key is longer than [`MAX_KEY_BYTES`].
    TooLong,
    /// The key holds a character outside `A-Z a-z 0-9 - . _ ~`.
    InvalidCharacter,
    /// The key starts with a dot (`.`, `..`, `.env`): never a file-like name.
    LeadingDot,
}

impl KeyError {
    /// A stable code for the API's error answers.
    pub fn code(self) -> &'static str {
        match self {
            KeyError::Empty => "empty",
            KeyError::TooLong => "too_long",
            KeyError::InvalidCharacter => "invalid_character",
            KeyError::LeadingDot => "leading_dot",
        }
    }
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyError::Empty => f.write_str("a content key cannot be empty"),
            KeyError::TooLong => write!(f, "a content key has at most {MAX_KEY_BYTES} bytes"),
            KeyError::InvalidCharacter => f.write_str("a content key uses only letters, digits and - . _ ~"),
            KeyError::LeadingDot => f.write_str("a content key cannot start with a dot"),
        }
    }
}

impl std::error::Error for KeyError {}

/// Checks a content key (see [`KeyError`] for the rules).
///
/// # Errors
///
/// The first rule the key breaks.
pub fn check_key(key: &str) -> Result<(), KeyError> {
    if key.is_empty() {
        return Err(KeyError::Empty);
    }
    if key.len() > MAX_KEY_BYTES {
        return Err(KeyError::TooLong);
    }
    if !key.bytes().all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')) {
        return Err(KeyError::InvalidCharacter);
    }
    if key.starts_with('.') {
        return Err(KeyError::LeadingDot);
    }
    Ok(())
}

/// Why a token could not be issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssueError {
    /// The subject is empty, longer than [`MAX_SUBJECT_CHARS`] or holds a control character.
    InvalidSubject,
    /// The `jti` is empty.
    MissingId,
    /// The TTL is outside the range the settings allow.
    InvalidTtl,
    /// The secret is not base64url text of at least 32 bytes.
    InvalidSecret,
}

impl fmt::Display for IssueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IssueError::InvalidSubject => "the subject must be 1 to 255 characters with no control character",
            IssueError::MissingId => "a token needs a jti",
            IssueError::InvalidTtl => "the TTL is outside the range the settings allow",
            IssueError::InvalidSecret => "the secret is not base64url text of at least 32 bytes",
        })
    }
}

impl std::error::Error for IssueError {}

/// A token as issued, and when it expires (its `exp`, seconds since the epoch).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedToken {
    /// The compact JWT.
    pub token: String,
    /// `exp`: NumericDate seconds.
    pub expires_at: i64,
}

/// Checks a subject: what `sub` may hold.
///
/// # Errors
///
/// [`IssueError::InvalidSubject`].
pub fn check_subject(subject: &str) -> Result<(), IssueError> {
    let characters = subject.chars().count();
    if characters == 0 || characters > MAX_SUBJECT_CHARS || subject.chars().any(char::is_control) {
        return Err(IssueError::InvalidSubject);
    }
    Ok(())
}

/// Issues a content token for `subject` at `now_ms` (milliseconds since the epoch): HS256
/// under the key `secret` (base64url) stands for, with `iat` = `now` in whole seconds,
/// `exp = iat + ttl_seconds` and the unique `jti` the caller drew.
///
/// # Errors
///
/// When the subject, id, TTL or secret cannot be used (see [`IssueError`]).
pub fn issue_token(
    subject: &str,
    jti: &str,
    now_ms: i64,
    ttl_seconds: u64,
    secret: &str,
) -> Result<IssuedToken, IssueError> {
    check_subject(subject)?;
    if jti.is_empty() {
        return Err(IssueError::MissingId);
    }
    if !TTL_SECONDS_RANGE.contains(&ttl_seconds) {
        return Err(IssueError::InvalidTtl);
    }
    let key = SecretEncoding::Base64url.decode(secret).ok_or(IssueError::InvalidSecret)?;
    let issued_at = now_ms.div_euclid(1000);
    // The TTL range's top (30 days) keeps this far from overflow; saturate all the same.
    let expires_at = issued_at.saturating_add(i64::try_from(ttl_seconds).unwrap_or(i64::MAX));
    let claims = json!({ "sub": subject, "iat": issued_at, "exp": expires_at, "jti": jti });
    let Value::Object(claims) = claims else { return Err(IssueError::InvalidSubject) };
    let token = token::sign(&claims, &key).map_err(|_| IssueError::InvalidSecret)?;
    Ok(IssuedToken { token, expires_at })
}

/// The inspector's options for a content token: the secret as base64url, HS256 only, no
/// leeway, the stored TTL as the expected lifetime.
pub fn token_options(secret: &str, expected_ttl_seconds: u64, locale: Option<&str>) -> TokenOptions {
    TokenOptions {
        now: None,
        leeway_seconds: 0.0,
        // A TTL is at least 1 s (the settings' range); 0 would make the options unusable.
        expected_ttl_seconds: expected_ttl_seconds.max(1) as f64,
        secret: Some(secret.to_owned()),
        secret_encoding: SecretEncoding::Base64url,
        algorithms: Some(vec![CONTENT_TOKEN_ALG.to_owned()]),
        locale: locale.map(str::to_owned),
    }
}

/// Why a read was refused. Every refusal is RFC 6750's `invalid_token`; the variant says
/// which check failed, first to last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not a readable signed JWT.
    Malformed,
    /// Signed with an algorithm other than HS256, or `alg: none`.
    UnsupportedAlg,
    /// The signature does not verify with the current secret (a forged token, or one signed
    /// before the last rotation).
    BadSignature,
    /// No `exp`: content tokens always expire.
    MissingExpiry,
    /// `exp` is reached.
    Expired,
    /// `nbf` is ahead.
    NotYetValid,
}

impl Refusal {
    /// A stable code for the answer's body (`reason`).
    pub fn code(self) -> &'static str {
        match self {
            Refusal::Malformed => "malformed",
            Refusal::UnsupportedAlg => "unsupported_alg",
            Refusal::BadSignature => "signature_invalid",
            Refusal::MissingExpiry => "missing_exp",
            Refusal::Expired => "expired",
            Refusal::NotYetValid => "not_yet_valid",
        }
    }

    /// An English sentence of printable ASCII without `"` or `\`, as RFC 6750 §3 allows in
    /// `error_description`.
    pub fn description(self) -> &'static str {
        match self {
            Refusal::Malformed => "the token is not a readable signed JWT",
            Refusal::UnsupportedAlg => "the token is not signed with HS256",
            Refusal::BadSignature => "the token signature does not verify with the current secret",
            Refusal::MissingExpiry => "the token has no exp claim",
            Refusal::Expired => "the token has expired",
            Refusal::NotYetValid => "the token is not valid yet",
        }
    }
}

/// What a read with a token is granted: who the token was issued to.
#[derive(Debug, Clone, PartialEq)]
pub struct Grant {
    /// The `sub` claim, when it is a string.
    pub subject: Option<String>,
    /// `exp`, NumericDate seconds.
    pub expires_at: f64,
}

/// The inspector's report on a token and the verdict drawn from it.
#[derive(Debug, Clone, PartialEq)]
pub struct Access {
    /// Everything the inspector found (what `POST /api/content-token/verify` returns).
    pub report: TokenReport,
    /// Granted, or the first check that failed.
    pub verdict: Result<Grant, Refusal>,
}

/// Checks `token` against the current `secret` (base64url) at `now_ms`. The signature is
/// judged before any claim: the claims of a token that does not verify are never trusted.
pub fn check_token(
    token: &str,
    secret: &str,
    expected_ttl_seconds: u64,
    now_ms: i64,
    locale: Option<&str>,
) -> Access {
    let options = token_options(secret, expected_ttl_seconds, locale);
    // The options above always pass `check` and the time is finite, so this never fails;
    // were it to, the read is refused all the same.
    let Ok(report) = inspect(token, &options, now_ms as f64) else {
        let mut report = TokenReport::empty();
        report.ok = false;
        return Access { report, verdict: Err(Refusal::Malformed) };
    };
    let verdict = verdict(&report);
    Access { report, verdict }
}

fn verdict(report: &TokenReport) -> Result<Grant, Refusal> {
    match report.signature {
        SignatureStatus::Verified => {}
        _ if report.header.is_none() => return Err(Refusal::Malformed),
        SignatureStatus::Unsupported => return Err(Refusal::UnsupportedAlg),
        _ if report.alg.as_deref().is_some_and(|alg| alg.eq_ignore_ascii_case("none")) => {
            return Err(Refusal::UnsupportedAlg)
        }
        _ => return Err(Refusal::BadSignature),
    }
    match report.status {
        TokenStatus::Valid if report.ok => {}
        TokenStatus::Valid | TokenStatus::Malformed => return Err(Refusal::Malformed),
        TokenStatus::NoExpiry => return Err(Refusal::MissingExpiry),
        TokenStatus::Expired => return Err(Refusal::Expired),
        TokenStatus::NotYetValid => return Err(Refusal::NotYetValid),
    }
    let expires_at = report.expires_at.ok_or(Refusal::MissingExpiry)?;
    let subject = report
        .claims
        .as_ref()
        .and_then(|claims| claims.get("sub"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    Ok(Grant { subject, expires_at })
}

/// The token of an `Authorization` header value, when it uses the Bearer scheme (RFC 6750
/// §2.1: the scheme is case-insensitive, then one or more spaces, then the token, which is
/// never empty and holds no space).
pub fn bearer_token(authorization: &str) -> Option<&str> {
    let scheme = authorization.get(..6)?;
    let rest = authorization.get(6..)?;
    if !scheme.eq_ignore_ascii_case("bearer") || !rest.starts_with(' ') {
        return None;
    }
    let token = rest.trim_start_matches(' ').trim_end_matches(' ');
    (!token.is_empty() && !token.contains(|c: char| c.is_ascii_whitespace())).then_some(token)
}

#[cfg(test)]
mod tests;
