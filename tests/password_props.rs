//! Properties of `checkPassword` over arbitrary strings and policies.
// Host only: proptest is a native dev-dependency.
#![cfg(not(target_arch = "wasm32"))]

use policy_widget::password::{check, password_rules, PasswordContext, PasswordPolicy};
use policy_widget::Severity;
use proptest::prelude::*;

fn policies() -> impl Strategy<Value = PasswordPolicy> {
    (
        (0u32..200, 0u32..5000, any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
        (0u8..=6, proptest::option::of(0u32..10), any::<bool>(), any::<bool>()),
        proptest::collection::vec(".{0,8}", 0..3),
    )
        .prop_map(
            |((min, max, lower, upper, digit, special), (score, repeated, common, inputs), terms)| {
                PasswordPolicy {
                    min_length: min,
                    max_length: max,
                    require_lowercase: lower,
                    require_uppercase: upper,
                    require_digit: digit,
                    require_special: special,
                    min_score: score,
                    max_repeated: repeated,
                    block_common: common,
                    block_user_inputs: inputs,
                    blocked_terms: terms,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn no_password_or_policy_panics_and_ok_means_no_error(
        password in ".{0,120}",
        policy in policies(),
        inputs in proptest::collection::vec(".{0,20}", 0..3),
        locale in prop_oneof![Just("en".to_string()), Just("es".to_string()), Just("pt-BR".to_string()), ".{0,5}"],
    ) {
        let context = PasswordContext { user_inputs: inputs, locale: Some(locale) };
        let report = check(&password, &policy, &context);
        let has_error = report.issues.iter().any(|issue| issue.severity == Severity::Error);
        prop_assert_eq!(report.ok, !has_error);
        prop_assert!(report.strength.score <= 4);
        prop_assert!(report.strength.guesses_log10.is_finite());
        // The checklist and the issues tell the same story.
        for row in &report.rules {
            prop_assert_eq!(report.issues.iter().any(|issue| issue.code == row.code), !row.met);
        }
        for issue in &report.issues {
            prop_assert!(!issue.message.is_empty());
        }
        let _ = password_rules(&policy);
    }

    /// The length is counted in code points after NFKC: never zero for a non-empty
    /// password, never more than 18 per code point typed (NFKC's largest expansion, U+FDFA,
    /// per Unicode's UAX #15), and exactly the byte count for printable ASCII, which NFKC
    /// leaves alone.
    #[test]
    fn length_is_bounded_by_what_nfkc_can_produce(password in "\\PC{0,60}") {
        let report = check(&password, &PasswordPolicy::default(), &PasswordContext::default());
        prop_assert_eq!(report.length == 0, password.is_empty());
        prop_assert!(report.length <= 18 * password.chars().count());
    }

    #[test]
    fn printable_ascii_length_is_its_byte_count(password in "[ -~]{0,80}") {
        let report = check(&password, &PasswordPolicy::default(), &PasswordContext::default());
        prop_assert_eq!(report.length, password.len());
    }
}

#[test]
fn compatibility_characters_count_as_what_they_fold_to() {
    let length =
        |password: &str| check(password, &PasswordPolicy::default(), &PasswordContext::default()).length;
    assert_eq!(length("\u{FB01}"), 2); // the ligature ﬁ is f + i
    assert_eq!(length("\u{212B}"), 1); // the ångström sign is Å
    assert_eq!(length("\u{FDFA}"), 18); // the longest expansion there is
    assert_eq!(length("a\u{0301}"), 1); // a + combining acute composes to á
}
