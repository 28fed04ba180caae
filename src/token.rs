//! The JWT inspector: decodes a pasted token, places it in time and, given the secret,
//! checks its HS256/384/512 signature — without a JWT crate and without a clock.
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

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use serde::de::IgnoredAny;
use serde::Serialize;
use serde_json::{Map, Value};
use sha2::{Sha256, Sha384, Sha512};

use crate::issue::{localize_all, no_errors, Issue};
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

/// Secrets may come padded or not (a padded one is still strict: canonical padding only).
const SECRET_BASE64: [GeneralPurpose; 2] =
    [base64::engine::general_purpose::STANDARD, base64::engine::general_purpose::STANDARD_NO_PAD];
const SECRET_BASE64URL: [GeneralPurpose; 2] =
    [base64::engine::general_purpose::URL_SAFE, base64::engine::general_purpose::URL_SAFE_NO_PAD];

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

js_enum! {
    /// How a token secret is written down.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    pub enum SecretEncoding {
        /// The text's UTF-8 bytes are the key (what most tutorials do).
        Utf8 = "utf8" (default),
        /// RFC 4648 §4 base64, padded or not.
        Base64 = "base64",
        /// RFC 4648 §5 base64url, padded or not (the server's rotated secrets).
        Base64url = "base64url",
        /// Hexadecimal, two digits per byte, either case.
        Hex = "hex",
    }
}

impl SecretEncoding {
    /// The key bytes `secret` stands for, or `None` when it is not valid in this encoding.
    /// Surrounding whitespace is ignored for the binary encodings (it is never part of them).
    pub fn decode(self, secret: &str) -> Option<Vec<u8>> {
        match self {
            SecretEncoding::Utf8 => Some(secret.as_bytes().to_vec()),
            SecretEncoding::Base64 => decode_with_any(&SECRET_BASE64, secret.trim()),
            SecretEncoding::Base64url => decode_with_any(&SECRET_BASE64URL, secret.trim()),
            SecretEncoding::Hex => decode_hex(secret.trim()),
        }
    }
}

fn decode_with_any(engines: &[GeneralPurpose], text: &str) -> Option<Vec<u8>> {
    engines.iter().find_map(|engine| engine.decode(text).ok())
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    fn nibble(digit: u8) -> Option<u8> {
        // `to_digit` accepts exactly 0-9, a-f and A-F.
        (digit as char).to_digit(16).map(|value| value as u8)
    }
    let digits = text.as_bytes();
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    digits.chunks_exact(2).map(|pair| Some(nibble(pair[0])? << 4 | nibble(pair[1])?)).collect()
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
    fn empty() -> Self {
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

/// The HMAC algorithms of RFC 7518 §3.2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HmacAlg {
    Hs256,
    Hs384,
    Hs512,
}

impl HmacAlg {
    fn from_name(name: &str) -> Option<Self> {
        match name {
            "HS256" => Some(HmacAlg::Hs256),
            "HS384" => Some(HmacAlg::Hs384),
            "HS512" => Some(HmacAlg::Hs512),
            _ => None,
        }
    }

    /// The hash output size, which RFC 7518 §3.2 makes the minimum key size.
    fn min_key_bytes(self) -> usize {
        match self {
            HmacAlg::Hs256 => 32,
            HmacAlg::Hs384 => 48,
            HmacAlg::Hs512 => 64,
        }
    }

    /// Constant-time comparison of `signature` with the MAC of `signing_input`.
    fn verify(self, key: &[u8], signing_input: &[u8], signature: &[u8]) -> bool {
        fn verify_with<M: Mac + KeyInit>(key: &[u8], signing_input: &[u8], signature: &[u8]) -> bool {
            match <M as KeyInit>::new_from_slice(key) {
                Ok(mut mac) => {
                    mac.update(signing_input);
                    mac.verify_slice(signature).is_ok()
                }
                Err(_) => false,
            }
        }
        match self {
            HmacAlg::Hs256 => verify_with::<Hmac<Sha256>>(key, signing_input, signature),
            HmacAlg::Hs384 => verify_with::<Hmac<Sha384>>(key, signing_input, signature),
            HmacAlg::Hs512 => verify_with::<Hmac<Sha512>>(key, signing_input, signature),
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
                    self.push(Issue::warning(TokenCode::ExpInMilliseconds).param("exp", seconds_value(exp)));
                }
                if exp <= now - leeway {
                    status = TokenStatus::Expired;
                    let ago = display_time(now - exp, self.locale);
                    self.push(
                        Issue::error(TokenCode::Expired).param("exp", seconds_value(exp)).param("ago", ago),
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
            self.push(
                Issue::error(TokenCode::NotYetValid).param("nbf", seconds_value(nbf)).param("in", wait),
            );
        }
        if let Some(iat) = issued_at.filter(|iat| *iat > now + leeway) {
            let ahead = display_time(iat - now, self.locale);
            self.push(
                Issue::warning(TokenCode::IssuedInFuture)
                    .param("iat", seconds_value(iat))
                    .param("ahead", ahead),
            );
        }
        if let (Some(exp), Some(iat)) = (expires_at, issued_at) {
            self.report.lifetime_seconds = finite(exp - iat);
            let expected = self.options.expected_ttl_seconds;
            if let Some(lifetime) = self.report.lifetime_seconds.filter(|lifetime| *lifetime != expected) {
                self.push(
                    Issue::warning(TokenCode::LifetimeMismatch)
                        .param("lifetime", seconds_value(lifetime))
                        .param("expected", seconds_value(expected)),
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

#[derive(Debug)]
enum ObjectError {
    NotJson,
    NotObject(&'static str),
}

/// Parses a JSON object member by member, so that one value serde_json cannot hold
/// (`1e400`, which `JSON.parse` reads as Infinity) spoils that member only: it is kept as
/// its source text and named in the returned set. Duplicate names: the last one wins,
/// as in `JSON.parse`.
///
/// serde_json checks the syntax of the whole text first, reading it as [`IgnoredAny`]
/// (which never converts a number, so `1e400` passes); [`members`] then only has to cut a
/// text known to be valid at its top-level commas. (serde_json's `RawValue` would do the
/// cutting, but its feature costs the browser's core module 10.2 KiB brotli.)
fn parse_object(json: &str) -> Result<(Map<String, Value>, BTreeSet<String>), ObjectError> {
    serde_json::from_str::<IgnoredAny>(json).map_err(|_| ObjectError::NotJson)?;
    let found = match json.trim_start().as_bytes().first() {
        Some(b'{') => None,
        Some(b'[') => Some("array"),
        Some(b'"') => Some("string"),
        Some(b'n') => Some("null"),
        Some(b't' | b'f') => Some("boolean"),
        _ => Some("number"),
    };
    if let Some(found) = found {
        return Err(ObjectError::NotObject(found));
    }
    let mut object = Map::new();
    let mut unrepresentable = BTreeSet::new();
    for (name, raw_value) in members(json) {
        // A name is a JSON string: serde_json decodes its escapes.
        let Ok(Value::String(name)) = serde_json::from_str::<Value>(name) else {
            return Err(ObjectError::NotJson);
        };
        match serde_json::from_str::<Value>(raw_value) {
            Ok(value) => {
                unrepresentable.remove(&name);
                object.insert(name, value);
            }
            Err(_) => {
                object.insert(name.clone(), Value::String(raw_value.to_owned()));
                unrepresentable.insert(name);
            }
        }
    }
    Ok((object, unrepresentable))
}

/// The members of the JSON object `json` (valid JSON, an object: [`parse_object`] checks
/// both first) as (name with its quotes, value) source slices, in source order.
///
/// Only four things matter in valid JSON to find where a value ends: strings (skipped
/// whole, escapes included, so their brackets and commas do not count), brackets opening
/// and closing, and a comma at depth zero. Never panics, even on text that breaks the
/// precondition: every index is checked.
fn members(json: &str) -> Vec<(&str, &str)> {
    let bytes = json.as_bytes();
    let skip_space = |mut at: usize| {
        while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        at
    };
    // The index just after the string that opens at `at`.
    let end_of_string = |mut at: usize| {
        at += 1;
        while let Some(&byte) = bytes.get(at) {
            at += match byte {
                b'"' => return at + 1,
                b'\\' => 2,
                _ => 1,
            };
        }
        at
    };
    let mut members = Vec::new();
    let mut at = skip_space(skip_space(0) + 1);
    while bytes.get(at) == Some(&b'"') {
        let name_end = end_of_string(at);
        let name = json.get(at..name_end).unwrap_or_default();
        // Past the colon.
        let start = skip_space(skip_space(name_end) + 1);
        let mut end = start;
        let mut depth = 0usize;
        while let Some(&byte) = bytes.get(end) {
            match byte {
                b'"' => {
                    end = end_of_string(end);
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' if depth == 0 => break,
                b'}' | b']' => depth -= 1,
                b',' if depth == 0 => break,
                _ => {}
            }
            end += 1;
        }
        members.push((name, json.get(start..end).unwrap_or_default().trim_end()));
        // Past the comma, if any; a closing brace ends the loop (it is not a quote).
        at = skip_space(if bytes.get(end) == Some(&b',') { end + 1 } else { end });
    }
    members
}

fn finite(seconds: f64) -> Option<f64> {
    Some(seconds).filter(|seconds| seconds.is_finite())
}

/// A number of seconds as a message parameter: whole numbers without a trailing `.0`.
fn seconds_value(seconds: f64) -> Value {
    // 2^53: beyond it an f64 is always whole but no longer exact as an i64 conversion check.
    if seconds.fract() == 0.0 && seconds.abs() < 9_007_199_254_740_992.0 {
        Value::from(seconds as i64)
    } else {
        Value::from(seconds)
    }
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

    #[test]
    fn secrets_decode_strictly_in_every_encoding() {
        assert_eq!(SecretEncoding::Hex.decode("0aFF"), Some(vec![10, 255]));
        assert_eq!(SecretEncoding::Hex.decode("0aF"), None);
        assert_eq!(SecretEncoding::Hex.decode("zz"), None);
        assert_eq!(SecretEncoding::Hex.decode("+1"), None);
        assert_eq!(SecretEncoding::Base64.decode("+/8="), Some(vec![251, 255]));
        assert_eq!(SecretEncoding::Base64.decode("+/8"), Some(vec![251, 255]));
        assert_eq!(SecretEncoding::Base64.decode("-_8"), None);
        assert_eq!(SecretEncoding::Base64url.decode("-_8"), Some(vec![251, 255]));
        assert_eq!(SecretEncoding::Base64url.decode("-_9"), None);
        assert_eq!(SecretEncoding::Utf8.decode("é"), Some(vec![0xc3, 0xa9]));
    }

    #[test]
    fn seconds_params_drop_the_fraction_only_when_there_is_none() {
        assert_eq!(seconds_value(3600.0), Value::from(3600));
        assert_eq!(seconds_value(0.5), Value::from(0.5));
        assert_eq!(seconds_value(1e300), Value::from(1e300));
    }

    #[test]
    fn an_unrepresentable_member_spoils_only_itself() {
        let Ok((object, bad)) = parse_object(r#"{"exp": 1e400, "sub": "x"}"#) else { panic!("parses") };
        assert_eq!(object["sub"], "x");
        assert_eq!(object["exp"], "1e400");
        assert!(bad.contains("exp"));
    }

    #[test]
    fn members_are_cut_at_top_level_commas_only() {
        let json = r#" { "a" : [1, {"b": "}],\"{"}] , "c\"d":"x,y" ,"e":{"f":[[]]},"g":-0.5e+3,"h":null , "ü":"日本" }  "#;
        let (object, bad) = parse_object(json).unwrap();
        assert_eq!(Value::Object(object), serde_json::from_str::<Value>(json).unwrap());
        assert!(bad.is_empty());
        assert_eq!(parse_object("{}").unwrap().0, Map::new());
        assert_eq!(members(r#"{"a": 1 ,"b":2}"#), [(r#""a""#, "1"), (r#""b""#, "2")]);
    }

    #[test]
    fn duplicate_names_keep_the_last_value_as_json_parse_does() {
        let (object, bad) = parse_object(r#"{"a": 1e400, "a": 2}"#).unwrap();
        assert_eq!((object["a"].clone(), bad.len()), (Value::from(2), 0));
        let (object, bad) = parse_object(r#"{"a": 2, "a": 1e400}"#).unwrap();
        assert_eq!((object["a"].clone(), bad.contains("a")), (Value::from("1e400"), true));
    }

    #[test]
    fn text_that_is_not_one_json_value_is_refused_before_it_is_cut() {
        for json in
            [r#"{"a":1,}"#, r#"{"a" 1}"#, r#"{"a":1} x"#, r#"{"a":1"#, r#"{a:1}"#, r#"{"\ud800":1}"#, ""]
        {
            assert!(matches!(parse_object(json), Err(ObjectError::NotJson)), "{json}");
        }
        assert!(matches!(parse_object(" [1] "), Err(ObjectError::NotObject("array"))));
        assert!(matches!(parse_object("1e400"), Err(ObjectError::NotObject("number"))));
    }

    #[test]
    fn members_never_panics_on_text_that_breaks_its_precondition() {
        for text in
            ["", "{", "{\"", "{\"a\"", "{\"a\":", "{\"a\":\"", "{\"a\":[", "}", "{\"\\", "{\"é\":\"\\"]
        {
            let _ = members(text);
        }
    }

    /// Property tests (host only: proptest is not built for wasm32).
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn json_value() -> impl Strategy<Value = Value> {
            let leaf = prop_oneof![
                Just(Value::Null),
                any::<bool>().prop_map(Value::from),
                any::<i64>().prop_map(Value::from),
                // Fractions a decimal text holds exactly (serde_json's float parsing, without its
                // float_roundtrip feature, may differ from the printed value in the last bit).
                (-1_000_000i32..1_000_000).prop_map(|n| Value::from(f64::from(n) / 64.0)),
                ".{0,8}".prop_map(Value::from),
            ];
            leaf.prop_recursive(4, 32, 6, |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
                    prop::collection::btree_map(".{0,6}", inner, 0..6)
                        .prop_map(|members| Value::Object(members.into_iter().collect())),
                ]
            })
        }

        proptest! {
            /// Cutting an object into members and parsing each gives what parsing it whole
            /// gives, compact or pretty-printed.
            #[test]
            fn parse_object_agrees_with_parsing_the_whole(
                members in prop::collection::btree_map(".{0,6}", json_value(), 0..8),
                pretty in any::<bool>(),
            ) {
                let whole = Value::Object(members.into_iter().collect());
                let json = if pretty { serde_json::to_string_pretty(&whole) } else { serde_json::to_string(&whole) }.unwrap();
                let (object, bad) = parse_object(&json).unwrap();
                prop_assert!(bad.is_empty());
                prop_assert_eq!(Value::Object(object), whole);
            }
        }
    }
}
