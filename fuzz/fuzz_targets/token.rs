//! inspectToken on arbitrary text, with and without a secret in every encoding: never
//! panics, `ok` means no error, a verified signature never comes with an invalid one.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use policy_widget::token::{inspect, SecretEncoding, SignatureStatus, TokenOptions};
use policy_widget::Severity;

#[derive(Debug, Arbitrary)]
struct Input {
    token: String,
    secret: Option<String>,
    encoding: u8,
    now_seconds: i32,
    leeway_seconds: u16,
}

fuzz_target!(|input: Input| {
    let secret_encoding = match input.encoding % 4 {
        0 => SecretEncoding::Utf8,
        1 => SecretEncoding::Base64,
        2 => SecretEncoding::Base64url,
        _ => SecretEncoding::Hex,
    };
    let options = TokenOptions {
        secret: input.secret,
        secret_encoding,
        leeway_seconds: f64::from(input.leeway_seconds),
        ..TokenOptions::default()
    };
    let now_ms = f64::from(input.now_seconds) * 1000.0;
    if let Ok(report) = inspect(&input.token, &options, now_ms) {
        assert_eq!(report.ok, !report.issues.iter().any(|issue| issue.severity == Severity::Error));
        if report.signature == SignatureStatus::Verified {
            assert!(!report.issues.iter().any(|issue| issue.code == "token.signature_invalid"));
        }
    }
});
