use super::*;
use crate::token::{sign_serialized, TokenCode};

/// 32 bytes, base64url: what the server stores.
const SECRET: &str = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80";
/// Another 32 bytes: the secret after a rotation.
const ROTATED: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
/// 2025-12-01T10:00:00Z.
const NOW_MS: i64 = 1_764_583_200_000;

fn issue(ttl_seconds: u64) -> IssuedToken {
    issue_token("member-7", "jti-1", NOW_MS, ttl_seconds, SECRET).unwrap()
}

#[test]
fn an_issued_token_carries_sub_iat_exp_and_jti_and_round_trips_through_inspect() {
    let issued = issue(3600);
    let access = check_token(&issued.token, SECRET, 3600, NOW_MS, None);
    assert!(access.report.ok, "{:?}", access.report.issues);
    assert_eq!(access.report.signature, SignatureStatus::Verified);
    assert_eq!(access.report.alg.as_deref(), Some("HS256"));
    let claims = access.report.claims.unwrap();
    assert_eq!(
        Value::Object(claims),
        json!({ "sub": "member-7", "iat": 1_764_583_200, "exp": 1_764_586_800, "jti": "jti-1" })
    );
    assert_eq!(issued.expires_at, 1_764_586_800);
    assert_eq!(access.report.lifetime_seconds, Some(3600.0));
    assert_eq!(access.verdict, Ok(Grant { subject: Some("member-7".into()), expires_at: 1_764_586_800.0 }));
}

#[test]
fn iat_is_the_issuing_second_rounded_down() {
    let issued = issue_token("s", "j", NOW_MS + 999, 60, SECRET).unwrap();
    assert_eq!(issued.expires_at, 1_764_583_260);
}

#[test]
fn a_token_is_refused_from_its_exp_on_and_not_a_second_before() {
    let issued = issue(60);
    assert!(check_token(&issued.token, SECRET, 60, NOW_MS + 59_999, None).verdict.is_ok());
    assert_eq!(check_token(&issued.token, SECRET, 60, NOW_MS + 60_000, None).verdict, Err(Refusal::Expired));
}

#[test]
fn a_rotated_secret_refuses_every_older_token() {
    let issued = issue(3600);
    let access = check_token(&issued.token, ROTATED, 3600, NOW_MS, None);
    assert_eq!(access.verdict, Err(Refusal::BadSignature));
    assert_eq!(access.report.signature, SignatureStatus::Invalid);
    let fresh = issue_token("member-7", "jti-2", NOW_MS, 3600, ROTATED).unwrap();
    assert!(check_token(&fresh.token, ROTATED, 3600, NOW_MS, None).verdict.is_ok());
}

#[test]
fn the_signature_is_judged_before_the_claims() {
    // Expired and badly signed: the signature is what the refusal names.
    let issued = issue(60);
    let access = check_token(&issued.token, ROTATED, 60, NOW_MS + 3_600_000, None);
    assert_eq!(access.verdict, Err(Refusal::BadSignature));
}

fn key() -> Vec<u8> {
    SecretEncoding::Base64url.decode(SECRET).unwrap()
}

#[test]
fn a_correctly_signed_token_without_exp_is_refused() {
    let token = sign_serialized(r#"{"alg":"HS256"}"#, r#"{"sub":"x","iat":1764583200}"#, &key()).unwrap();
    assert_eq!(check_token(&token, SECRET, 3600, NOW_MS, None).verdict, Err(Refusal::MissingExpiry));
}

#[test]
fn a_correctly_signed_token_with_nbf_ahead_is_refused() {
    let payload = r#"{"exp":1764590000,"nbf":1764583260}"#;
    let token = sign_serialized(r#"{"alg":"HS256"}"#, payload, &key()).unwrap();
    assert_eq!(check_token(&token, SECRET, 3600, NOW_MS, None).verdict, Err(Refusal::NotYetValid));
}

#[test]
fn a_correctly_signed_token_with_an_unreadable_exp_is_refused() {
    let token = sign_serialized(r#"{"alg":"HS256"}"#, r#"{"exp":"tomorrow"}"#, &key()).unwrap();
    assert_eq!(check_token(&token, SECRET, 3600, NOW_MS, None).verdict, Err(Refusal::Malformed));
}

#[test]
fn other_hmac_algorithms_and_none_are_refused_even_with_the_right_key() {
    let key = [key(), key()].concat(); // 64 bytes: enough for HS512
    for header in [r#"{"alg":"HS384"}"#, r#"{"alg":"HS512"}"#] {
        let token = sign_serialized(header, r#"{"exp":1764590000}"#, &key).unwrap();
        let secret = base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, &key);
        assert_eq!(
            check_token(&token, &secret, 3600, NOW_MS, None).verdict,
            Err(Refusal::UnsupportedAlg),
            "{header}"
        );
    }
    // `alg: none` with an empty signature, in any case.
    for alg in ["none", "None", "NONE"] {
        let header = base64::Engine::encode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            format!(r#"{{"alg":"{alg}"}}"#),
        );
        let payload = base64::Engine::encode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            r#"{"exp":1764590000}"#,
        );
        let access = check_token(&format!("{header}.{payload}."), SECRET, 3600, NOW_MS, None);
        assert_eq!(access.verdict, Err(Refusal::UnsupportedAlg), "{alg}");
        assert!(access.report.issues.iter().any(|issue| issue.code == TokenCode::AlgNone));
    }
}

#[test]
fn what_is_not_a_token_is_malformed() {
    for token in ["", "abc", "a.b", "a.b.c", "x.y.z.w.v", &"a".repeat(70_000)] {
        assert_eq!(
            check_token(token, SECRET, 3600, NOW_MS, None).verdict,
            Err(Refusal::Malformed),
            "{token:.20}"
        );
    }
}

#[test]
fn an_altered_payload_does_not_verify() {
    let issued = issue(3600);
    let mut parts: Vec<String> = issued.token.split('.').map(str::to_owned).collect();
    let forged = json!({ "sub": "admin", "iat": 1_764_583_200, "exp": 1_999_999_999, "jti": "jti-1" });
    parts[1] = base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, forged.to_string());
    assert_eq!(check_token(&parts.join("."), SECRET, 3600, NOW_MS, None).verdict, Err(Refusal::BadSignature));
}

#[test]
fn the_report_speaks_the_requested_language() {
    let issued = issue(60);
    let access = check_token(&issued.token, SECRET, 60, NOW_MS + 120_000, Some("es"));
    let expired = access.report.issues.iter().find(|issue| issue.code == TokenCode::Expired).unwrap();
    assert!(expired.message.contains("expiró"), "{}", expired.message);
}

#[test]
fn tokens_are_not_issued_with_unusable_inputs() {
    assert_eq!(issue_token("", "j", NOW_MS, 60, SECRET), Err(IssueError::InvalidSubject));
    assert_eq!(issue_token("a\nb", "j", NOW_MS, 60, SECRET), Err(IssueError::InvalidSubject));
    assert_eq!(issue_token(&"é".repeat(256), "j", NOW_MS, 60, SECRET), Err(IssueError::InvalidSubject));
    assert!(issue_token(&"é".repeat(255), "j", NOW_MS, 60, SECRET).is_ok());
    assert_eq!(issue_token("s", "", NOW_MS, 60, SECRET), Err(IssueError::MissingId));
    assert_eq!(issue_token("s", "j", NOW_MS, 0, SECRET), Err(IssueError::InvalidTtl));
    assert_eq!(issue_token("s", "j", NOW_MS, 2_592_001, SECRET), Err(IssueError::InvalidTtl));
    assert_eq!(issue_token("s", "j", NOW_MS, 60, "not base64url!"), Err(IssueError::InvalidSecret));
    assert_eq!(issue_token("s", "j", NOW_MS, 60, "c2hvcnQ"), Err(IssueError::InvalidSecret), "5 bytes");
}

#[test]
fn content_keys_are_url_safe_names() {
    for key in ["home", "a", "news-2025.12_01~draft", &"k".repeat(128)] {
        assert_eq!(check_key(key), Ok(()), "{key}");
    }
    let cases: &[(&str, KeyError)] = &[
        ("", KeyError::Empty),
        (&"k".repeat(129), KeyError::TooLong),
        ("a/b", KeyError::InvalidCharacter),
        ("a b", KeyError::InvalidCharacter),
        ("a%2Fb", KeyError::InvalidCharacter),
        ("ключ", KeyError::InvalidCharacter),
        (".", KeyError::LeadingDot),
        ("..", KeyError::LeadingDot),
        (".env", KeyError::LeadingDot),
    ];
    for (key, error) in cases {
        assert_eq!(check_key(key), Err(*error), "{key}");
    }
}

#[test]
fn bearer_credentials_are_read_as_rfc_6750_writes_them() {
    assert_eq!(bearer_token("Bearer abc.def.ghi"), Some("abc.def.ghi"));
    assert_eq!(bearer_token("bearer  abc"), Some("abc"));
    assert_eq!(bearer_token("BEARER abc "), Some("abc"));
    for value in ["Bearer", "Bearer ", "Bearerabc", "Basic abc", "Bearer a b", "Bearer a\tb", "", "Bear"] {
        assert_eq!(bearer_token(value), None, "{value:?}");
    }
}
