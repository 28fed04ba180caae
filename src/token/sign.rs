//! Signing: a JWS in compact serialization (RFC 7515 §7.1) with an HMAC key (RFC 7518 §3.2),
//! the counterpart of [`inspect`](super::inspect), which reads what this writes.

use std::fmt;

use base64::Engine as _;
use serde_json::{Map, Value};

use super::hmac::HmacAlg;
use super::json_object::parse_object;
use super::BASE64URL;

/// The header of every token [`sign`] makes. Written out rather than serialized, so the
/// bytes the signature covers never depend on a map's ordering.
pub const HS256_HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

/// Why a token could not be signed. Each is the caller's mistake, never the data's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignError {
    /// The header is not a JSON object.
    HeaderNotObject,
    /// The header's `alg` is missing, or not HS256, HS384 or HS512.
    UnsupportedAlg,
    /// The payload is not a JSON object (a JWT's claims set is one).
    PayloadNotObject,
    /// The key is shorter than the hash's output, which RFC 7518 §3.2 forbids.
    WeakKey {
        /// The key's length in bytes.
        bytes: usize,
        /// The least the algorithm allows.
        min: usize,
    },
}

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignError::HeaderNotObject => f.write_str("the header is not a JSON object"),
            SignError::UnsupportedAlg => f.write_str("the header's alg is not HS256, HS384 or HS512"),
            SignError::PayloadNotObject => f.write_str("the payload is not a JSON object"),
            SignError::WeakKey { bytes, min } => {
                write!(f, "the key has {bytes} bytes; the algorithm needs at least {min}")
            }
        }
    }
}

impl std::error::Error for SignError {}

/// Signs `claims` with HS256 under `key` (at least 32 bytes) and returns the compact JWT,
/// `header.payload.signature`, with the header [`HS256_HEADER`].
///
/// ```
/// use policy_widget::token::{inspect, sign, SecretEncoding, SignatureStatus, TokenOptions};
///
/// let key = [7u8; 32];
/// let claims = serde_json::json!({ "sub": "42", "iat": 1_700_000_000, "exp": 1_700_003_600 });
/// let token = sign(claims.as_object().unwrap(), &key).unwrap();
/// let options = TokenOptions {
///     secret: Some("07".repeat(32)),
///     secret_encoding: SecretEncoding::Hex,
///     ..Default::default()
/// };
/// let report = inspect(&token, &options, 1_700_000_100_000.0).unwrap();
/// assert_eq!(report.signature, SignatureStatus::Verified);
/// assert!(report.ok);
/// ```
///
/// # Errors
///
/// [`SignError::WeakKey`] when `key` is shorter than 32 bytes.
pub fn sign(claims: &Map<String, Value>, key: &[u8]) -> Result<String, SignError> {
    // A map of JSON values always serializes; the fallback is never taken.
    let payload = serde_json::to_string(claims).map_err(|_| SignError::PayloadNotObject)?;
    sign_serialized(HS256_HEADER, &payload, key)
}

/// Signs the header and payload exactly as written (their bytes are what the signature
/// covers), with the HMAC algorithm the header's `alg` names.
///
/// # Errors
///
/// When the header or the payload is not a JSON object, the header's `alg` is not HS256,
/// HS384 or HS512, or the key is shorter than that hash's output.
pub fn sign_serialized(header: &str, payload: &str, key: &[u8]) -> Result<String, SignError> {
    let (header_object, _) = parse_object(header).map_err(|_| SignError::HeaderNotObject)?;
    let alg = header_object
        .get("alg")
        .and_then(Value::as_str)
        .and_then(HmacAlg::from_name)
        .ok_or(SignError::UnsupportedAlg)?;
    parse_object(payload).map_err(|_| SignError::PayloadNotObject)?;
    if key.len() < alg.min_key_bytes() {
        return Err(SignError::WeakKey { bytes: key.len(), min: alg.min_key_bytes() });
    }
    let mut token = BASE64URL.encode(header);
    token.push('.');
    token.push_str(&BASE64URL.encode(payload));
    let signature = alg.sign(key, token.as_bytes());
    token.push('.');
    token.push_str(&BASE64URL.encode(signature));
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::{inspect, SecretEncoding, SignatureStatus, TokenOptions, TokenStatus};

    /// RFC 7515 Appendix A.1: the header and payload bytes (with their CR LF), the JWK `k`,
    /// and the complete JWS the RFC prints.
    const A1_HEADER: &str = "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}";
    const A1_PAYLOAD: &str =
        "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}";
    const A1_KEY: &str =
        "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";
    const A1_JWS: &str = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9\
        .eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ\
        .dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    #[test]
    fn rfc7515_appendix_a1_hs256_is_reproduced_byte_for_byte() {
        let key = SecretEncoding::Base64url.decode(A1_KEY).unwrap();
        assert_eq!(sign_serialized(A1_HEADER, A1_PAYLOAD, &key).as_deref(), Ok(A1_JWS));
    }

    #[test]
    fn rfc7515_appendix_a1_verifies_through_the_inspector() {
        let options = TokenOptions {
            secret: Some(A1_KEY.into()),
            secret_encoding: SecretEncoding::Base64url,
            ..Default::default()
        };
        let report = inspect(A1_JWS, &options, 1_300_819_379_000.0).unwrap();
        assert_eq!(report.signature, SignatureStatus::Verified);
        assert_eq!(report.status, TokenStatus::Valid);
    }

    #[test]
    fn a_signed_token_round_trips_through_inspect_with_its_claims() {
        let key = [0x5au8; 32];
        let claims = serde_json::json!({ "sub": "admin", "iat": 1000, "exp": 4600, "jti": "abc" });
        let token = sign(claims.as_object().unwrap(), &key).unwrap();
        let options = TokenOptions {
            secret: Some("5a".repeat(32)),
            secret_encoding: SecretEncoding::Hex,
            ..Default::default()
        };
        let report = inspect(&token, &options, 2_000_000.0).unwrap();
        assert!(report.ok, "{:?}", report.issues);
        assert_eq!(report.signature, SignatureStatus::Verified);
        assert_eq!(report.alg.as_deref(), Some("HS256"));
        assert_eq!(report.claims.as_ref(), claims.as_object());
        assert_eq!(report.header.unwrap()["typ"], "JWT");
        assert_eq!(
            (report.issued_at, report.expires_at, report.lifetime_seconds),
            (Some(1000.0), Some(4600.0), Some(3600.0))
        );
    }

    #[test]
    fn another_key_does_not_verify_what_this_one_signed() {
        let token = sign(&Map::new(), &[1u8; 32]).unwrap();
        let options = TokenOptions {
            secret: Some("02".repeat(32)),
            secret_encoding: SecretEncoding::Hex,
            ..Default::default()
        };
        assert_eq!(inspect(&token, &options, 0.0).unwrap().signature, SignatureStatus::Invalid);
    }

    #[test]
    fn each_hmac_algorithm_signs_what_the_inspector_verifies() {
        for (alg, bytes) in [("HS256", 32), ("HS384", 48), ("HS512", 64)] {
            let header = format!(r#"{{"alg":"{alg}"}}"#);
            let token = sign_serialized(&header, "{}", &vec![9u8; bytes]).unwrap();
            let options = TokenOptions {
                secret: Some("09".repeat(bytes)),
                secret_encoding: SecretEncoding::Hex,
                ..Default::default()
            };
            assert_eq!(inspect(&token, &options, 0.0).unwrap().signature, SignatureStatus::Verified, "{alg}");
        }
    }

    #[test]
    fn what_cannot_be_signed_is_refused() {
        let key = [0u8; 64];
        assert_eq!(sign_serialized("[]", "{}", &key), Err(SignError::HeaderNotObject));
        assert_eq!(sign_serialized("{", "{}", &key), Err(SignError::HeaderNotObject));
        assert_eq!(sign_serialized(r#"{"alg":"none"}"#, "{}", &key), Err(SignError::UnsupportedAlg));
        assert_eq!(sign_serialized(r#"{"alg":"RS256"}"#, "{}", &key), Err(SignError::UnsupportedAlg));
        assert_eq!(sign_serialized(r#"{"typ":"JWT"}"#, "{}", &key), Err(SignError::UnsupportedAlg));
        assert_eq!(sign_serialized(HS256_HEADER, "1", &key), Err(SignError::PayloadNotObject));
        assert_eq!(sign(&Map::new(), &[0u8; 31]), Err(SignError::WeakKey { bytes: 31, min: 32 }));
        assert_eq!(
            sign_serialized(r#"{"alg":"HS512"}"#, "{}", &[0u8; 48]),
            Err(SignError::WeakKey { bytes: 48, min: 64 })
        );
    }
}
