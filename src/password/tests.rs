//! Password rules as specifications: one behaviour per test.

use super::*;
use crate::issue::Severity;

fn check_with(password: &str, policy: &PasswordPolicy) -> PasswordReport {
    check(password, policy, &PasswordContext::default())
}

fn codes(report: &PasswordReport) -> Vec<&'static str> {
    report.issues.iter().map(|issue| issue.code.as_str()).collect()
}

fn rule(report: &PasswordReport, code: &str) -> Option<bool> {
    report.rules.iter().find(|row| row.code == code).map(|row| row.met)
}

const STRONG: &str = "violet-harbor-engine-47";

#[test]
fn a_long_uncommon_passphrase_passes_the_default_policy() {
    let report = check_with(STRONG, &PasswordPolicy::default());
    assert!(report.ok, "{:?}", report.issues);
    assert!(report.issues.is_empty());
    assert!(report.strength.score >= 3);
}

#[test]
fn too_short_counts_code_points_after_nfkc() {
    let policy = PasswordPolicy::default();
    // Seven emoji are 14 UTF-16 units but 7 characters: too short.
    let report = check_with(&"😀".repeat(7), &policy);
    assert_eq!(report.length, 7);
    assert_eq!(codes(&report), ["password.too_short"]);
    assert_eq!(report.issues[0].params["min"], 8);
    assert_eq!(report.issues[0].params["length"], 7);
    // Eight emoji are enough.
    assert_eq!(rule(&check_with(&"😀".repeat(8), &policy), "password.too_short"), Some(true));
}

#[test]
fn combining_marks_are_composed_before_counting() {
    // "e" + COMBINING ACUTE is one character after NFKC ("é").
    let decomposed = "e\u{301}".repeat(8);
    let report = check_with(&decomposed, &PasswordPolicy::default());
    assert_eq!(report.length, 8);
    assert!(!codes(&report).contains(&"password.too_short"));
}

#[test]
fn fullwidth_forms_are_folded_to_ascii_before_counting() {
    // NFKC maps the ligature "ﬃ" to three letters.
    let report = check_with("ﬃﬃabc", &PasswordPolicy::default());
    assert_eq!(report.length, 9);
}

#[test]
fn too_long_is_reported_and_nothing_is_truncated() {
    let policy = PasswordPolicy { max_length: 64, ..Default::default() };
    let report = check_with(&"a1b2c3d4".repeat(9), &policy);
    assert_eq!(report.length, 72);
    assert!(codes(&report).contains(&"password.too_long"));
}

#[test]
fn a_hundred_thousand_characters_answer_with_too_long() {
    let huge = "x".repeat(100_000);
    let report = check_with(&huge, &PasswordPolicy::default());
    assert_eq!(report.length, 100_000);
    assert!(codes(&report).contains(&"password.too_long"));
    assert!(!report.ok);
}

#[test]
fn composition_rules_each_raise_their_own_code() {
    let policy = PasswordPolicy {
        require_lowercase: true,
        require_uppercase: true,
        require_digit: true,
        require_special: true,
        ..Default::default()
    };
    let report = check_with("          ", &policy);
    for code in [
        "password.missing_lowercase",
        "password.missing_uppercase",
        "password.missing_digit",
        "password.missing_special",
    ] {
        assert!(codes(&report).contains(&code), "{code} missing from {:?}", codes(&report));
        assert_eq!(rule(&report, code), Some(false));
    }
    let report = check_with("Tq7!vXw9-zeb", &policy);
    assert!(report.ok, "{:?}", report.issues);
}

#[test]
fn composition_rules_are_absent_from_the_checklist_when_off() {
    let report = check_with(STRONG, &PasswordPolicy::default());
    let listed: Vec<_> = report.rules.iter().map(|row| row.code).collect();
    assert_eq!(listed, ["password.too_short", "password.too_long", "password.common"]);
}

#[test]
fn lowercase_and_uppercase_include_non_ascii_letters() {
    let policy = PasswordPolicy { require_lowercase: true, require_uppercase: true, ..Default::default() };
    let report = check_with("ÑANDÚ-ÁRBOL-ñandú", &policy);
    assert!(!codes(&report).contains(&"password.missing_lowercase"));
    assert!(!codes(&report).contains(&"password.missing_uppercase"));
}

#[test]
fn fullwidth_digits_count_as_digits() {
    let policy = PasswordPolicy { require_digit: true, ..Default::default() };
    let report = check_with("harbor-engine-７", &policy);
    assert_eq!(rule(&report, "password.missing_digit"), Some(true));
}

#[test]
fn special_means_exactly_the_listed_characters() {
    let policy = PasswordPolicy { require_special: true, ..Default::default() };
    for special in SPECIAL_CHARACTERS.chars() {
        let report = check_with(&format!("violetharbor{special}"), &policy);
        assert_eq!(rule(&report, "password.missing_special"), Some(true), "{special:?} should count");
    }
    for other in ['.', '~', ',', '?', '/', ' ', '€', '¿'] {
        let report = check_with(&format!("violetharbor{other}"), &policy);
        assert_eq!(rule(&report, "password.missing_special"), Some(false), "{other:?} should not count");
    }
    // Fullwidth "！" is "!" after NFKC.
    let report = check_with("violetharbor！", &policy);
    assert_eq!(rule(&report, "password.missing_special"), Some(true));
}

#[test]
fn the_special_characters_are_the_designs_list() {
    let listed = "! @ # $ % ^ & * ( ) _ + - = [ ] { } |";
    let expected: String = listed.split(' ').collect();
    assert_eq!(SPECIAL_CHARACTERS, expected);
}

#[test]
fn common_passwords_are_blocked_whatever_their_case_or_width() {
    let policy = PasswordPolicy { min_length: 8, ..Default::default() };
    for password in ["password", "Password1", "PASSWORD", "ｐａｓｓｗｏｒｄ", "qwerty123", "iloveyou"]
    {
        let report = check_with(password, &policy);
        assert!(codes(&report).contains(&"password.common"), "{password} not caught");
    }
    let report = check_with(STRONG, &policy);
    assert_eq!(rule(&report, "password.common"), Some(true));
}

#[test]
fn common_passwords_pass_when_the_rule_is_off() {
    let policy = PasswordPolicy { block_common: false, ..Default::default() };
    let report = check_with("password", &policy);
    assert!(report.ok);
    assert_eq!(rule(&report, "password.common"), None);
}

#[test]
fn blocked_terms_match_case_insensitively_after_nfkc() {
    let policy = PasswordPolicy { blocked_terms: vec!["Modyo".into()], ..Default::default() };
    for password in ["ilovemodyo2024!", "MODYO-rocks-hard", "ｍｏｄｙｏ-rocks-hard"] {
        let report = check_with(password, &policy);
        assert!(codes(&report).contains(&"password.blocked_term"), "{password}");
        let issue = report.issues.iter().find(|i| i.code == "password.blocked_term").unwrap();
        assert_eq!(issue.params["term"], "Modyo");
    }
    let report = check_with(STRONG, &policy);
    assert_eq!(rule(&report, "password.blocked_term"), Some(true));
}

#[test]
fn user_inputs_are_split_and_found_case_insensitively() {
    let context = PasswordContext { user_inputs: vec!["maria.gonzalez@example.com".into()], locale: None };
    let report = check("gonzalez2024", &PasswordPolicy::default(), &context);
    assert!(codes(&report).contains(&"password.contains_user_input"));
    let issue = report.issues.iter().find(|i| i.code == "password.contains_user_input").unwrap();
    assert_eq!(issue.params["input"], "gonzalez");
    let report = check("GONZALEZ-harbor-99", &PasswordPolicy::default(), &context);
    assert!(codes(&report).contains(&"password.contains_user_input"));
}

#[test]
fn user_input_tokens_shorter_than_four_characters_are_ignored() {
    let context = PasswordContext { user_inputs: vec!["ana@x.io".into()], locale: None };
    let report = check("ana-violet-harbor", &PasswordPolicy::default(), &context);
    assert!(!codes(&report).contains(&"password.contains_user_input"));
    assert_eq!(rule(&report, "password.contains_user_input"), None, "no token, no rule");
}

#[test]
fn user_inputs_are_ignored_when_the_rule_is_off() {
    let context = PasswordContext { user_inputs: vec!["gonzalez".into()], locale: None };
    let policy = PasswordPolicy { block_user_inputs: false, ..Default::default() };
    let report = check("gonzalez-harbor-engine", &policy, &context);
    assert!(!codes(&report).contains(&"password.contains_user_input"));
}

#[test]
fn user_inputs_also_feed_the_estimator() {
    // A surname the estimator's word lists do not hold, so only the user input can explain it.
    let without = check("zorbanek2024", &PasswordPolicy::default(), &PasswordContext::default());
    let context = PasswordContext { user_inputs: vec!["Zorbanek".into()], locale: None };
    let with = check("zorbanek2024", &PasswordPolicy::default(), &context);
    assert!(with.strength.guesses_log10 < without.strength.guesses_log10);
}

#[test]
fn more_than_max_repeated_identical_characters_in_a_row_fail() {
    let policy = PasswordPolicy { max_repeated: Some(2), ..Default::default() };
    assert!(codes(&check_with("violet-haaarbor", &policy)).contains(&"password.repeated_characters"));
    assert_eq!(rule(&check_with("violet-haarbor-x", &policy), "password.repeated_characters"), Some(true));
    // Runs are counted in characters, not bytes: three emoji in a row is a run of three.
    assert!(codes(&check_with("violet-😀😀😀-x", &policy)).contains(&"password.repeated_characters"));
}

#[test]
fn min_score_turns_the_score_into_a_rule() {
    let policy = PasswordPolicy { min_score: 3, block_common: false, ..Default::default() };
    let weak = check_with("password1", &policy);
    assert!(codes(&weak).contains(&"password.too_weak"));
    assert_eq!(weak.issues.iter().find(|i| i.code == "password.too_weak").unwrap().params["minScore"], 3);
    assert!(check_with(STRONG, &policy).ok);
}

#[test]
fn the_score_alone_never_fails_the_report() {
    let policy = PasswordPolicy { block_common: false, ..Default::default() };
    let report = check_with("aaaaaaaa", &policy);
    assert_eq!(report.strength.score, 0);
    assert!(report.ok);
}

#[test]
fn the_checklist_has_one_row_per_active_rule_and_codes_match_issues() {
    let policy = PasswordPolicy {
        require_digit: true,
        max_repeated: Some(3),
        min_score: 2,
        blocked_terms: vec!["acme".into()],
        ..Default::default()
    };
    let context = PasswordContext { user_inputs: vec!["maria@example.com".into()], locale: None };
    let report = check("short", &policy, &context);
    let listed: Vec<_> = report.rules.iter().map(|row| row.code).collect();
    assert_eq!(
        listed,
        [
            "password.too_short",
            "password.too_long",
            "password.missing_digit",
            "password.repeated_characters",
            "password.common",
            "password.blocked_term",
            "password.contains_user_input",
            "password.too_weak",
        ]
    );
    for row in &report.rules {
        let raised = report.issues.iter().any(|issue| issue.code == row.code);
        assert_eq!(raised, !row.met, "{}", row.code);
        assert!(!row.message.is_empty() && !row.message.contains('{'), "{}: {}", row.code, row.message);
    }
}

#[test]
fn messages_follow_the_locale() {
    let policy = PasswordPolicy::default();
    let spanish = PasswordContext { user_inputs: vec![], locale: Some("es-CL".into()) };
    let report = check("abc", &policy, &spanish);
    assert_eq!(report.issues[0].message, "Usa al menos 8 caracteres (tiene 3).");
    assert_eq!(report.rules[0].message, "Al menos 8 caracteres");
    assert_eq!(report.strength.label, "Muy débil");
    let portuguese = PasswordContext { user_inputs: vec![], locale: Some("pt-BR".into()) };
    let report = check("abc", &policy, &portuguese);
    assert_eq!(report.issues[0].message, "Use pelo menos 8 caracteres (tem 3).");
}

#[test]
fn the_password_codes_are_the_contracts() {
    let codes: Vec<&str> = PasswordCode::ALL.iter().map(|code| code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "password.too_short",
            "password.too_long",
            "password.missing_lowercase",
            "password.missing_uppercase",
            "password.missing_digit",
            "password.missing_special",
            "password.repeated_characters",
            "password.common",
            "password.blocked_term",
            "password.contains_user_input",
            "password.too_weak",
        ]
    );
}

#[test]
fn every_issue_is_an_error_and_localized() {
    let policy = PasswordPolicy { require_uppercase: true, min_score: 4, ..Default::default() };
    let report = check_with("password", &policy);
    assert!(!report.issues.is_empty());
    for issue in &report.issues {
        assert_eq!(issue.severity, Severity::Error);
        assert!(!issue.message.is_empty() && !issue.message.contains('{'), "{}", issue.message);
    }
}

#[test]
fn the_report_serializes_in_camel_case() {
    let report = check_with("Tr0ub4dor&3", &PasswordPolicy::default());
    let json = serde_json::to_value(&report).unwrap();
    for key in ["ok", "issues", "length", "rules", "strength"] {
        assert!(json.get(key).is_some(), "{key}");
    }
    let strength = &json["strength"];
    for key in
        ["score", "guessesLog10", "crackTimeSeconds", "crackTimeDisplay", "warning", "suggestions", "label"]
    {
        assert!(strength.get(key).is_some(), "strength.{key}");
    }
}

#[test]
fn policies_reject_unknown_fields() {
    let error = serde_json::from_str::<PasswordPolicy>(r#"{"minLenght": 12}"#).unwrap_err();
    assert!(error.to_string().contains("minLenght"), "{error}");
    let policy: PasswordPolicy = serde_json::from_str(r#"{"minLength": 12}"#).unwrap();
    assert_eq!(policy.min_length, 12);
    assert_eq!(policy.max_length, DEFAULT_MAX_LENGTH);
}

#[test]
fn password_rules_default_policy() {
    assert_eq!(password_rules(&PasswordPolicy::default()), "minlength: 8; maxlength: 128;");
}

#[test]
fn password_rules_lists_every_requirement() {
    let policy = PasswordPolicy {
        min_length: 12,
        require_lowercase: true,
        require_uppercase: true,
        require_digit: true,
        require_special: true,
        max_repeated: Some(2),
        ..Default::default()
    };
    assert_eq!(
        password_rules(&policy),
        "minlength: 12; maxlength: 128; required: lower; required: upper; required: digit; \
         required: [-!@#$%^&*()_+=[{}|]]; max-consecutive: 2;"
    );
}

#[test]
fn the_special_class_holds_every_special_character_once() {
    let class = special_class();
    let inner = &class[1..class.len() - 1];
    let mut chars: Vec<char> = inner.chars().collect();
    chars.sort_unstable();
    let mut expected: Vec<char> = SPECIAL_CHARACTERS.chars().collect();
    expected.sort_unstable();
    assert_eq!(chars, expected);
    assert!(inner.starts_with('-') && inner.ends_with(']'));
}

#[test]
fn prepare_is_idempotent_and_changes_no_report() {
    let context = PasswordContext { user_inputs: vec!["ana@acme.com".into()], locale: None };
    let policy = PasswordPolicy { min_score: 3, ..PasswordPolicy::default() };
    let before = check("Tr0ub4dour&3", &policy, &context);
    prepare();
    prepare();
    assert_eq!(check("Tr0ub4dour&3", &policy, &context), before);
}
