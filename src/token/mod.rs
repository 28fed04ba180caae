//! The JWT inspector: decodes a pasted token, places it in time and, given the secret,
//! checks its HS256/384/512 signature — without a JWT crate and without a clock; and its
//! counterpart [`sign`], which makes the HS256 tokens the server issues.
//!
//! It inspects rather than validates: whatever decodes is shown even when a later step
//! fails, and the time status and the signature verdict are reported separately (a token
//! can be `verified` and `expired` at once).
//!
//! ```
//! use policy_widget::token::{inspect, SignatureStatus, TokenOptions, TokenStatus};
//!
//! let token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.\
//!              eyJmb28iOiJiYXIiLCJleHAiOjEzOTMyODY4OTMsImlhdCI6MTM5MzI2ODg5M30.\
//!              4-iaDojEVl0pJQMjrbM1EzUIfAZgsbK_kgnVyVxFSVo";
//! let options = TokenOptions { secret: Some("secret".into()), ..Default::default() };
//! let report = inspect(token, &options, 1_700_000_000_000.0).unwrap();
//! assert_eq!(report.signature, SignatureStatus::Verified);
//! assert_eq!(report.status, TokenStatus::Expired);
//! assert_eq!(report.expires_at, Some(1_393_286_893.0));
//! assert!(!report.ok);
//! ```

use std::collections::BTreeSet;
use std::fmt;

mod hmac;
mod json_object;
mod secret;
mod sign;

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use serde::Serialize;
use serde_json::{Map, Value};

use hmac::HmacAlg;
use json_object::{parse_object, ObjectError};
pub use secret::SecretEncoding;
pub use sign::{sign, sign_serialized, SignError, HS256_HEADER};

use crate::issue::{localize_all, no_errors, number_param, Issue};
use crate::messages::display_time;
use crate::messages::Locale;
pub use crate::messages::TokenCode;

/// The longest token inspected, in bytes. Real JWTs are a few hundred bytes; anything
/// past this is refused before it is split or decoded, so a pasted file cannot stall the page.
pub const MAX_TOKEN_BYTES: usize = 64 * 1024;

/// The lifetime the platform gives its tokens (`exp - iat`), in seconds: one hour.
pub const DEFAULT_EXPECTED_TTL_SECONDS: f64 = 3600.0;

/// An `exp` above this many seconds (the year 5138) is almost surely milliseconds
/// written by mistake (`Date.now()` instead of `Date.now() / 1000`).
pub const MILLISECONDS_EXP_THRESHOLD: f64 = 1e11;

/// The algorithms verified when `algorithms` is not given: the only ones this inspector
/// can check with a shared secret.
pub const DEFAULT_ALGORITHMS: [&str; 3] = ["HS256", "HS384", "HS512"];

/// RFC 7515 §2 base64url: URL-safe alphabet, no padding, and no stray bits in the last
/// character — one text per byte string, so an altered signature cannot decode the same.
const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone),
);

/// The three segments of a JWS, named as the messages and `params.part` name them.
const PART_NAMES: [&str; 3] = ["header", "payload", "signature"];

js_options! {
    /// How to inspect a token. Every field has a default, so `{}` is valid; an unknown field
    /// is an error, so a misspelt `leewaySecond` cannot pass silently.
    #[derive(Debug, Clone, PartialEq)]
    pub struct TokenOptions {
        /// The current time in milliseconds since the epoch (default: the caller's clock; the
        /// package passes `Date.now()`).
        pub now: Option<f64> = None,
        /// Clock skew tolerated on `exp`, `nbf` and `iat`, in seconds (default 0).
        pub leeway_seconds: f64 = 0.0,
        /// The lifetime (`exp - iat`) the platform gives its tokens, in seconds (default 3600).
        pub expected_ttl_seconds: f64 = DEFAULT_EXPECTED_TTL_SECONDS,
        /// The HMAC secret. Absent or empty: the signature is "unchecked".
        pub secret: Option<String> = None,
        /// How `secret` is written (default "utf8").
        pub secret_encoding: SecretEncoding = SecretEncoding::Utf8,
        /// The algorithms accepted (default HS256, HS384 and HS512); any other is "unsupported".
        pub algorithms: Option<Vec<String>> = None,
        /// Language of the messages (`en`, `es`, `pt`, region subtags accepted; default `en`).
        pub locale: Option<String> = None,
    }
}

/// An options object that cannot be used: the wasm facade throws it, since validation
/// problems of the token itself are issues but a bad argument is the caller's bug.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidTokenOptions {
    /// The camelCase name of the offending option.
    pub option: &'static str,
    /// Why it was refused, in English (this is a programming error, not a user message).
    pub reason: &'static str,
}

impl fmt::Display for InvalidTokenOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid token option `{}`: {}", self.option, self.reason)
    }
}

impl std::error::Error for InvalidTokenOptions {}

impl TokenOptions {
    /// Checks the values serde cannot: finite times, a non-negative leeway, a positive
    /// expected lifetime and an allow-list of algorithms this inspector can verify.
    ///
    /// # Errors
    ///
    /// The first option that cannot be used.
    pub fn check(&self) -> Result<(), InvalidTokenOptions> {
        let refuse = |option, reason| Err(InvalidTokenOptions { option, reason });
        if self.now.is_some_and(|now| !now.is_finite()) {
            return refuse("now", "must be a finite number of milliseconds since the epoch");
        }
        if !(self.leeway_seconds.is_finite() && self.leeway_seconds >= 0.0) {
            return refuse("leewaySeconds", "must be a finite number of seconds, 0 or more");
        }
        if !(self.expected_ttl_seconds.is_finite() && self.expected_ttl_seconds > 0.0) {
            return refuse("expectedTtlSeconds", "must be a finite number of seconds above 0");
        }
        if let Some(algorithms) = &self.algorithms {
            if algorithms.is_empty() {
                return refuse("algorithms", "must list at least one algorithm");
            }
            if algorithms.iter().any(|alg| HmacAlg::from_name(alg).is_none()) {
                return refuse("algorithms", "may list only HS256, HS384 and HS512");
            }
        }
        Ok(())
    }

    fn allows(&self, alg: &str) -> bool {
        match &self.algorithms {
            Some(algorithms) => algorithms.iter().any(|allowed| allowed == alg),
            None => DEFAULT_ALGORITHMS.contains(&alg),
        }
    }

    fn allowed_list(&self) -> String {
        match &self.algorithms {
            Some(algorithms) => algorithms.join(", "),
            None => DEFAULT_ALGORITHMS.join(", "),
        }
    }

    /// The secret, unless absent or empty (an empty form field means "no secret").
    fn secret(&self) -> Option<&str> {
        self.secret.as_deref().filter(|secret| !secret.is_empty())
    }
}

js_enum! {
    /// Where the token stands in time at `now`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum TokenStatus {
        /// Within `nbf`..`exp` (with the leeway).
        Valid = "valid",
        /// `exp <= now - leeway` (RFC 7519 §4.1.4: "on or after" the expiration time).
        Expired = "expired",
        /// `nbf > now + leeway`.
        NotYetValid = "not_yet_valid",
        /// Decoded, with no `exp`: it never expires.
        NoExpiry = "no_expiry",
        /// The token, or one of its time claims, cannot be read.
        Malformed = "malformed",
    }
}

js_enum! {
    /// The verdict on the signature, independent of the time status.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum SignatureStatus {
        /// The HMAC matches the secret.
        Verified = "verified",
        /// It does not, or the signature part cannot be decoded.
        Invalid = "invalid",
        /// No secret was given (or it could not be decoded): nothing was checked.
        Unchecked = "unchecked",
        /// The algorithm is not one this inspector verifies, or not in the allow-list.
        Unsupported = "unsupported",
    }
}

js_object! {
    /// Everything the inspector learnt about one token.
    #[derive(Debug, Clone, PartialEq, Serialize)]
    pub struct TokenReport {
        /// True when no issue has severity "error".
        pub ok: bool,
        /// What is wrong or worth knowing, in the order found.
        pub issues: Vec<Issue>,
        /// The decoded JOSE header, when it is a JSON object.
        pub header: Option<Map<String, Value>>,
        /// The decoded claims, when the payload is a JSON object. A member whose value JSON
        /// allows but a double cannot hold (`1e400`) is shown as its source text.
        pub claims: Option<Map<String, Value>>,
        /// The header's `alg`, when it is a string.
        pub alg: Option<String>,
        /// `iat`, NumericDate seconds since the epoch, as in the token.
        pub issued_at: Option<f64>,
        /// `exp`, NumericDate seconds since the epoch, as in the token.
        pub expires_at: Option<f64>,
        /// `nbf`, NumericDate seconds since the epoch, as in the token.
        pub not_before: Option<f64>,
        /// Where the token stands in time.
        pub status: TokenStatus,
        /// `exp - now` in seconds; negative once expired.
        pub seconds_remaining: Option<f64>,
        /// `exp - iat` in seconds.
        pub lifetime_seconds: Option<f64>,
        /// The signature verdict.
        pub signature: SignatureStatus,
    }
}

impl TokenReport {
    /// A report on nothing yet: malformed, unchecked, no issue.
    pub(crate) fn empty() -> Self {
        TokenReport {
            ok: true,
            issues: Vec::new(),
            header: None,
            claims: None,
            alg: None,
            issued_at: None,
            expires_at: None,
            not_before: None,
            status: TokenStatus::Malformed,
            seconds_remaining: None,
            lifetime_seconds: None,
            signature: SignatureStatus::Unchecked,
        }
    }
}

/// Inspects `token` at the time `options.now`, or `clock_ms` when that is absent (both in
/// milliseconds since the epoch: the wasm facade passes `Date.now()`, the server its
/// system clock, tests a constant).
///
/// Never panics and never fails because of the token: every problem with it is an issue
/// in the report.
///
/// # Errors
///
/// [`InvalidTokenOptions`] when the options cannot be used (see [`TokenOptions::check`])
/// or the time is not a finite number.
pub fn inspect(
    token: &str,
    options: &TokenOptions,
    clock_ms: f64,
) -> Result<TokenReport, InvalidTokenOptions> {
    options.check()?;
    let now_ms = options.now.unwrap_or(clock_ms);
    if !now_ms.is_finite() {
        return Err(InvalidTokenOptions { option: "now", reason: "the clock gave no finite time" });
    }
    let locale = Locale::from_option(options.locale.as_deref());
    let mut inspection =
        Inspection { options, locale, now_seconds: now_ms / 1000.0, report: TokenReport::empty() };
    inspection.run(token);
    let mut report = inspection.report;
    localize_all(&mut report.issues, locale);
    report.ok = no_errors(&report.issues);
    Ok(report)
}

struct Inspection<'a> {
    options: &'a TokenOptions,
    locale: Locale,
    now_seconds: f64,
    report: TokenReport,
}

impl Inspection<'_> {
    fn push(&mut self, issue: Issue) {
        self.report.issues.push(issue);
    }

    fn run(&mut self, token: &str) {
        let text = self.strip_bearer(token.trim());
        if text.len() > MAX_TOKEN_BYTES {
            self.push(
                Issue::error(TokenCode::TooLong).param("length", text.len()).param("max", MAX_TOKEN_BYTES),
            );
            return;
        }
        if text.is_empty() {
            self.push(Issue::error(TokenCode::Empty));
            return;
        }
        let parts: Vec<&str> = text.split('.').collect();
        match parts.len() {
            3 => self.inspect_jws(text, &parts),
            5 => self.inspect_jwe(&parts),
            count => self.inspect_malformed(&parts, count),
        }
    }

    /// Removes an `Authorization` scheme pasted along with the token (RFC 6750 §2.1;
    /// the scheme name is case-insensitive).
    fn strip_bearer<'t>(&mut self, text: &'t str) -> &'t str {
        let is_scheme = text.get(..6).is_some_and(|scheme| scheme.eq_ignore_ascii_case("bearer"));
        let rest = text.get(6..).unwrap_or("");
        if !is_scheme || !(rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_whitespace())) {
            return text;
        }
        self.push(Issue::info(TokenCode::BearerPrefix));
        rest.trim_start()
    }

    fn inspect_jws(&mut self, text: &str, parts: &[&str]) {
        let header = self.decode_object(parts[0], 0);
        let claims = self.decode_object(parts[1], 1);
        let signature = self.decode_signature(parts[2]);
        let structure_ok = header.is_some() && claims.is_some();
        if let Some((header, _)) = header {
            self.read_header(header);
        }
        let alg = self.report.alg.clone();
        self.read_claims(claims, structure_ok);
        // The signing input is the text as pasted, never a re-encoding of what was decoded.
        let signing_input_len = parts[0].len() + 1 + parts[1].len();
        let signing_input = text.get(..signing_input_len).unwrap_or("");
        self.report.signature = self.check_signature(alg.as_deref(), signing_input, signature);
    }

    /// A JWE (RFC 7516 compact form): only its protected header is readable without the key.
    fn inspect_jwe(&mut self, parts: &[&str]) {
        self.push(Issue::error(TokenCode::Encrypted));
        if let Some((header, _)) = self.decode_object(parts[0], 0) {
            self.read_header(header);
        }
        if self.options.secret().is_some() {
            self.report.signature = SignatureStatus::Unsupported;
        }
    }

    /// Any count but 3 or 5: says how many parts there are and which are missing, then
    /// still decodes the header and payload it can find.
    fn inspect_malformed(&mut self, parts: &[&str], count: usize) {
        let missing: Vec<Value> = PART_NAMES.iter().skip(count).map(|name| Value::from(*name)).collect();
        let mut issue = Issue::error(TokenCode::Malformed).param("parts", count);
        if let Some(first) = missing.first() {
            issue = issue.param("index", count + 1).param("missing", first.clone());
        }
        self.push(issue);
        if let Some(header) = parts.first().filter(|part| !part.is_empty()) {
            if let Some((header, _)) = self.decode_object(header, 0) {
                self.read_header(header);
            }
        } else {
            self.push(part_issue(TokenCode::EmptyPart, 0));
        }
        if let Some(payload) = parts.get(1) {
            let claims = self.decode_object(payload, 1);
            self.read_claims(claims, false);
        }
    }

    /// base64url → UTF-8 → JSON object, each failure an issue naming the part.
    /// Returns the object and the names of members that JSON allows but serde_json
    /// cannot represent (`1e400`).
    fn decode_object(&mut self, part: &str, index: usize) -> Option<(Map<String, Value>, BTreeSet<String>)> {
        if part.is_empty() {
            self.push(part_issue(TokenCode::EmptyPart, index));
            return None;
        }
        let Ok(bytes) = BASE64URL.decode(part) else {
            self.push(part_issue(TokenCode::InvalidBase64, index));
            return None;
        };
        let Ok(json) = std::str::from_utf8(&bytes) else {
            self.push(part_issue(TokenCode::InvalidUtf8, index));
            return None;
        };
        match parse_object(json) {
            Ok(object) => Some(object),
            Err(ObjectError::NotJson) => {
                self.push(part_issue(TokenCode::InvalidJson, index));
                None
            }
            Err(ObjectError::NotObject(found)) => {
                self.push(part_issue(TokenCode::NotObject, index).param("found", found));
                None
            }
        }
    }

    fn decode_signature(&mut self, part: &str) -> Option<Vec<u8>> {
        match BASE64URL.decode(part) {
            Ok(bytes) => Some(bytes),
            Err(_) => {
                self.push(part_issue(TokenCode::InvalidBase64, 2));
                None
            }
        }
    }

    fn read_header(&mut self, header: Map<String, Value>) {
        match header.get("alg").and_then(Value::as_str) {
            Some(alg) => self.report.alg = Some(alg.to_owned()),
            None => self.push(Issue::error(TokenCode::MissingAlg)),
        }
        self.report.header = Some(header);
    }

    /// Reads `exp`, `nbf` and `iat`, raises the time issues and sets the status (left
    /// `malformed` when the token's structure is broken or a time claim is unreadable).
    fn read_claims(&mut self, claims: Option<(Map<String, Value>, BTreeSet<String>)>, structure_ok: bool) {
        let Some((claims, unrepresentable)) = claims else { return };
        let mut readable = true;
        let mut numeric_date = |inspection: &mut Self, name: &'static str| -> Option<f64> {
            let value = claims.get(name)?;
            match value.as_f64().filter(|seconds| seconds.is_finite()) {
                Some(seconds) if !unrepresentable.contains(name) => Some(seconds),
                _ => {
                    readable = false;
                    inspection.push(Issue::error(TokenCode::InvalidClaim).param("claim", name));
                    None
                }
            }
        };
        let expires_at = numeric_date(self, "exp");
        let not_before = numeric_date(self, "nbf");
        let issued_at = numeric_date(self, "iat");
        self.report.claims = Some(claims);
        self.report.expires_at = expires_at;
        self.report.not_before = not_before;
        self.report.issued_at = issued_at;

        let now = self.now_seconds;
        let leeway = self.options.leeway_seconds;
        let mut status = TokenStatus::Valid;
        match expires_at {
            Some(exp) => {
                self.report.seconds_remaining = finite(exp - now);
                if exp > MILLISECONDS_EXP_THRESHOLD {
                    self.push(Issue::warning(TokenCode::ExpInMilliseconds).param("exp", number_param(exp)));
                }
                if exp <= now - leeway {
                    status = TokenStatus::Expired;
                    let ago = display_time(now - exp, self.locale);
                    self.push(
                        Issue::error(TokenCode::Expired).param("exp", number_param(exp)).param("ago", ago),
                    );
                }
            }
            None if readable => {
                status = TokenStatus::NoExpiry;
                self.push(Issue::warning(TokenCode::MissingExp));
            }
            None => {}
        }
        if let Some(nbf) = not_before.filter(|nbf| *nbf > now + leeway) {
            if status != TokenStatus::Expired {
                status = TokenStatus::NotYetValid;
            }
            let wait = display_time(nbf - now, self.locale);
            self.push(Issue::error(TokenCode::NotYetValid).param("nbf", number_param(nbf)).param("in", wait));
        }
        if let Some(iat) = issued_at.filter(|iat| *iat > now + leeway) {
            let ahead = display_time(iat - now, self.locale);
            self.push(
                Issue::warning(TokenCode::IssuedInFuture)
                    .param("iat", number_param(iat))
                    .param("ahead", ahead),
            );
        }
        if let (Some(exp), Some(iat)) = (expires_at, issued_at) {
            self.report.lifetime_seconds = finite(exp - iat);
            let expected = self.options.expected_ttl_seconds;
            if let Some(lifetime) = self.report.lifetime_seconds.filter(|lifetime| *lifetime != expected) {
                self.push(
                    Issue::warning(TokenCode::LifetimeMismatch)
                        .param("lifetime", number_param(lifetime))
                        .param("expected", number_param(expected)),
                );
            }
        }
        if structure_ok && readable {
            self.report.status = status;
        }
    }

    /// The signature verdict. `alg: none` is refused whatever else holds; without a
    /// secret nothing is checked, which is not an error.
    fn check_signature(
        &mut self,
        alg: Option<&str>,
        signing_input: &str,
        signature: Option<Vec<u8>>,
    ) -> SignatureStatus {
        let secret = self.options.secret();
        let Some(alg) = alg else { return SignatureStatus::Unchecked };
        // Case-insensitively: "None" and "NONE" are the classic ways past a filter on "none".
        if alg.eq_ignore_ascii_case("none") {
            self.push(Issue::error(TokenCode::AlgNone));
            return if secret.is_some() { SignatureStatus::Unsupported } else { SignatureStatus::Unchecked };
        }
        let Some(secret) = secret else {
            return if signature.is_some() { SignatureStatus::Unchecked } else { SignatureStatus::Invalid };
        };
        let hmac = HmacAlg::from_name(alg).filter(|_| self.options.allows(alg));
        let Some(hmac) = hmac else {
            let issue = Issue::error(TokenCode::UnsupportedAlg)
                .quoted("alg", alg)
                .param("allowed", self.options.allowed_list());
            self.push(issue);
            return SignatureStatus::Unsupported;
        };
        let encoding = self.options.secret_encoding;
        let Some(key) = encoding.decode(secret) else {
            self.push(Issue::error(TokenCode::InvalidSecret).param("encoding", encoding.as_str()));
            return SignatureStatus::Unchecked;
        };
        if key.len() < hmac.min_key_bytes() {
            self.push(
                Issue::warning(TokenCode::WeakSecret)
                    .param("alg", alg)
                    .param("bytes", key.len())
                    .param("min", hmac.min_key_bytes()),
            );
        }
        let Some(signature) = signature else { return SignatureStatus::Invalid };
        if hmac.verify(&key, signing_input.as_bytes(), &signature) {
            SignatureStatus::Verified
        } else {
            self.push(Issue::error(TokenCode::SignatureInvalid).param("alg", alg));
            SignatureStatus::Invalid
        }
    }
}

/// An issue about part `index` (0-based) of the token; messages count from 1.
fn part_issue(code: TokenCode, index: usize) -> Issue {
    Issue::error(code).param("part", PART_NAMES.get(index).copied().unwrap_or("")).param("index", index + 1)
}

fn finite(seconds: f64) -> Option<f64> {
    Some(seconds).filter(|seconds| seconds.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_is_strict() {
        assert_eq!(BASE64URL.decode("eyJ9").ok(), Some(b"{\"}".to_vec()));
        assert!(BASE64URL.decode("TOKEN").is_err(), "length % 4 == 1");
        assert!(BASE64URL.decode("QQ==").is_err(), "padding");
        assert!(BASE64URL.decode("QR").is_err(), "stray bits in the last character");
        assert!(BASE64URL.decode("a+b/").is_err(), "standard alphabet");
    }
}
