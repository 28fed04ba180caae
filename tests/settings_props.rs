//! `validateSettings` never accepts what a field validator rejects: the aggregate is
//! exactly as strict as its parts.
// Host only: proptest is a native dev-dependency.
#![cfg(not(target_arch = "wasm32"))]

use policy_widget::origins::{validate_list, OriginsOptions};
use policy_widget::settings::{default_settings, validate_settings, SettingsOptions};
use proptest::prelude::*;

/// Origin-ish strings: mostly near-misses of valid origins, plus arbitrary text.
fn origin() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("https://api.mydomain.com".to_string()),
        Just("https://mydomain.com/".to_string()),
        Just("http://localhost:3000".to_string()),
        Just("localhost:3000".to_string()),
        Just("https://*.x.com".to_string()),
        Just("null".to_string()),
        "(https?|ftp|ws)://[a-z0-9.*-]{0,12}(:[0-9]{0,6})?(/[a-z]{0,3})?",
        ".{0,16}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn settings_are_rejected_whenever_a_field_validator_rejects_a_field(
        origins in proptest::collection::vec(origin(), 0..5),
        min_length in 0u32..200,
        max_length in 0u32..5000,
        min_score in 0u8..8,
        ttl_seconds in prop_oneof![0u64..400, Just(2_592_000u64), Just(2_592_001u64)],
        site_is_https in any::<bool>(),
    ) {
        let mut settings = default_settings();
        settings.cors.allowed_origins = origins.clone();
        settings.password_policy.min_length = min_length;
        settings.password_policy.max_length = max_length;
        settings.password_policy.min_score = min_score;
        settings.content_token.ttl_seconds = ttl_seconds;
        let value = serde_json::to_value(&settings).unwrap();
        let report = validate_settings(&value, &SettingsOptions { locale: None, site_is_https });

        let origins_report = validate_list(&origins, &OriginsOptions { locale: None, site_is_https });
        let field_rejects = !origins_report.ok
            || !(8..=128).contains(&min_length)
            || !(64..=4096).contains(&max_length)
            || min_length > max_length
            || min_score > 4
            || !(1..=2_592_000).contains(&ttl_seconds);
        prop_assert_eq!(report.ok, !field_rejects, "{:?}", report.issues);
        // Every origin error shows up at its index.
        for (index, entry) in origins_report.entries.iter().enumerate() {
            let path = format!("cors.allowedOrigins[{index}]");
            for issue in &entry.issues {
                prop_assert!(
                    report.issues.iter().any(|found| found.code == issue.code && found.path.as_deref() == Some(path.as_str())),
                    "{} missing at {}", issue.code, path
                );
            }
        }
    }
}
