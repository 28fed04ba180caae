//! Properties of the JWT inspector: no input panics, `ok` means "no error", and an HMAC
//! token verifies exactly as signed — any single-bit change breaks it.
#![cfg(not(target_arch = "wasm32"))]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use policy_widget::token::{inspect, SecretEncoding, SignatureStatus, TokenOptions};
use policy_widget::Severity;
use proptest::prelude::*;
use sha2::{Sha256, Sha384, Sha512};

fn options() -> TokenOptions {
    TokenOptions { now: Some(1_700_000_000_000.0), ..TokenOptions::default() }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn sign(alg: &str, claims: &serde_json::Value, key: &[u8]) -> String {
    let header = serde_json::json!({"alg": alg, "typ": "JWT"});
    let signing_input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    fn mac<M: Mac + KeyInit>(key: &[u8], input: &[u8]) -> Vec<u8> {
        let mut mac = <M as KeyInit>::new_from_slice(key).expect("HMAC takes any key length");
        mac.update(input);
        mac.finalize().into_bytes().to_vec()
    }
    let signature = match alg {
        "HS256" => mac::<Hmac<Sha256>>(key, signing_input.as_bytes()),
        "HS384" => mac::<Hmac<Sha384>>(key, signing_input.as_bytes()),
        _ => mac::<Hmac<Sha512>>(key, signing_input.as_bytes()),
    };
    format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature))
}

/// Text that looks like a token often enough to reach the later stages.
fn tokenish() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[A-Za-z0-9_\\-.= ]{0,200}",
        "(Bearer )?eyJ[A-Za-z0-9_\\-]{0,60}\\.[A-Za-z0-9_\\-]{0,80}\\.[A-Za-z0-9_\\-]{0,60}",
        proptest::collection::vec(any::<u8>(), 0..120).prop_map(|bytes| {
            // Arbitrary bytes as header and payload: invalid UTF-8, non-JSON, odd JSON.
            format!("{}.{}.", URL_SAFE_NO_PAD.encode(&bytes), URL_SAFE_NO_PAD.encode(bytes.iter().rev().copied().collect::<Vec<u8>>()))
        }),
        "\\{(\"(exp|nbf|iat|alg)\":(-?[0-9]{1,20}(\\.[0-9]{1,5})?(e[0-9]{1,4})?|null|\"x\"|\\[\\]),?){0,4}\\}"
            .prop_map(|json| format!("{}.{}.", URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256"}"#), URL_SAFE_NO_PAD.encode(json))),
    ]
}

fn any_options() -> impl Strategy<Value = TokenOptions> {
    (
        proptest::option::of(-1e15f64..1e15),
        0f64..1e6,
        1f64..1e7,
        proptest::option::of(".{0,40}"),
        prop_oneof![
            Just(SecretEncoding::Utf8),
            Just(SecretEncoding::Base64),
            Just(SecretEncoding::Base64url),
            Just(SecretEncoding::Hex)
        ],
    )
        .prop_map(|(now, leeway_seconds, expected_ttl_seconds, secret, secret_encoding)| TokenOptions {
            now,
            leeway_seconds,
            expected_ttl_seconds,
            secret,
            secret_encoding,
            ..TokenOptions::default()
        })
}

fn claims() -> impl Strategy<Value = serde_json::Value> {
    (
        proptest::collection::btree_map("[a-z]{1,8}", ".{0,20}", 0..4),
        proptest::option::of(0i64..4_000_000_000),
    )
        .prop_map(|(strings, exp)| {
            let mut claims: serde_json::Map<String, serde_json::Value> =
                strings.into_iter().map(|(name, value)| (name, value.into())).collect();
            if let Some(exp) = exp {
                claims.insert("exp".into(), exp.into());
            }
            serde_json::Value::Object(claims)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn no_string_panics_and_ok_means_no_error(token in tokenish(), options in any_options()) {
        let report = inspect(&token, &options, 0.0).expect("generated options are valid");
        let has_error = report.issues.iter().any(|issue| issue.severity == Severity::Error);
        prop_assert_eq!(report.ok, !has_error);
        for issue in &report.issues {
            prop_assert!(policy_widget::messages::has(issue.code.as_str()), "{} not catalogued", issue.code);
        }
        // The report always crosses the boundary: it serializes.
        prop_assert!(serde_json::to_string(&report).is_ok());
    }

    #[test]
    fn every_signed_token_verifies_and_no_single_bit_flip_does(
        alg in prop_oneof![Just("HS256"), Just("HS384"), Just("HS512")],
        claims in claims(),
        key in proptest::collection::vec(any::<u8>(), 1..100),
        position in any::<prop::sample::Index>(),
        bit in 0u8..7,
    ) {
        let token = sign(alg, &claims, &key);
        let options = TokenOptions {
            secret: Some(hex(&key)),
            secret_encoding: SecretEncoding::Hex,
            ..options()
        };
        let report = inspect(&token, &options, 0.0).unwrap();
        prop_assert_eq!(report.signature, SignatureStatus::Verified);
        prop_assert_eq!(report.claims.map(serde_json::Value::Object), Some(claims));

        // Flip one of the low seven bits of one byte, so the token stays ASCII text.
        let mut bytes = token.into_bytes();
        let at = position.index(bytes.len());
        bytes[at] ^= 1 << bit;
        let tampered = String::from_utf8(bytes).expect("still ASCII");
        let report = inspect(&tampered, &options, 0.0).unwrap();
        prop_assert_ne!(report.signature, SignatureStatus::Verified, "{}", tampered);
    }
}
