//! checkPassword with arbitrary passwords, policies and user inputs: never panics, `ok`
//! means no error, the checklist agrees with the issues.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use policy_widget::password::{check, password_rules, PasswordContext, PasswordPolicy};
use policy_widget::Severity;

#[derive(Debug, Arbitrary)]
struct Input {
    password: String,
    min_length: u32,
    max_length: u32,
    flags: u8,
    min_score: u8,
    max_repeated: Option<u32>,
    blocked_terms: Vec<String>,
    user_inputs: Vec<String>,
    locale: Option<String>,
}

fuzz_target!(|input: Input| {
    let policy = PasswordPolicy {
        min_length: input.min_length,
        max_length: input.max_length,
        require_lowercase: input.flags & 1 != 0,
        require_uppercase: input.flags & 2 != 0,
        require_digit: input.flags & 4 != 0,
        require_special: input.flags & 8 != 0,
        min_score: input.min_score,
        max_repeated: input.max_repeated,
        block_common: input.flags & 16 != 0,
        block_user_inputs: input.flags & 32 != 0,
        blocked_terms: input.blocked_terms,
    };
    let context = PasswordContext { user_inputs: input.user_inputs, locale: input.locale };
    let report = check(&input.password, &policy, &context);
    assert_eq!(report.ok, !report.issues.iter().any(|issue| issue.severity == Severity::Error));
    for row in &report.rules {
        assert_eq!(report.issues.iter().any(|issue| issue.code == row.code), !row.met);
    }
    assert!(report.strength.guesses_log10.is_finite());
    let _ = password_rules(&policy);
});
