//! `validate_settings` as a specification: every problem becomes an issue at its path,
//! nothing throws, the policy and TTL limits hold, and origins go through the origins
//! validator.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;

use policy_widget::options::read;
use policy_widget::settings::{
    default_settings, validate_settings, SettingsCode, SettingsOptions, SettingsReport,
};
use policy_widget::{messages, Severity};
use serde_json::{json, Value};

fn defaults() -> Value {
    serde_json::to_value(default_settings()).unwrap()
}

fn validate(value: &Value) -> SettingsReport {
    let report = validate_settings(value, &SettingsOptions::default());
    for issue in &report.issues {
        assert!(messages::has(issue.code.as_str()), "{} is emitted but not catalogued", issue.code);
        assert!(
            !issue.message.is_empty() && !issue.message.contains('{'),
            "{}: {}",
            issue.code,
            issue.message
        );
    }
    assert_eq!(report.ok, report.issues.iter().all(|issue| issue.severity != Severity::Error));
    report
}

/// The defaults with one field replaced (`path` like `passwordPolicy.minLength`).
fn with(path: &str, value: Value) -> Value {
    let mut settings = defaults();
    let mut target = &mut settings;
    let mut names = path.split('.').peekable();
    while let Some(name) = names.next() {
        if names.peek().is_none() {
            target[name] = value;
            break;
        }
        target = &mut target[name];
    }
    settings
}

fn without(path: &str) -> Value {
    let mut settings = defaults();
    let (parent, name) = path.rsplit_once('.').unwrap_or(("", path));
    let object = if parent.is_empty() { &mut settings } else { &mut settings[parent] };
    object.as_object_mut().unwrap().remove(name);
    settings
}

/// `(code, path)` of every issue.
fn found(report: &SettingsReport) -> Vec<(&'static str, Option<&str>)> {
    report.issues.iter().map(|issue| (issue.code.as_str(), issue.path.as_deref())).collect()
}

#[test]
fn the_defaults_validate_and_round_trip() {
    let report = validate(&defaults());
    assert!(report.ok);
    assert!(report.issues.is_empty(), "{:?}", report.issues);
    assert_eq!(report.settings, Some(default_settings()));
}

#[test]
fn wrong_types_at_every_level_are_invalid_at_their_path() {
    let cases: &[(&str, Value, &str)] = &[
        ("passwordPolicy", json!("strict"), "object"),
        ("cors", json!([]), "object"),
        ("contentToken", json!(null), "object"),
        ("twoFactor", json!(true), "object"),
        ("passwordPolicy.minLength", json!("12"), "integer"),
        ("passwordPolicy.minLength", json!(12.5), "integer"),
        ("passwordPolicy.maxLength", json!(null), "integer"),
        ("passwordPolicy.requireLowercase", json!("yes"), "boolean"),
        ("passwordPolicy.requireUppercase", json!(1), "boolean"),
        ("passwordPolicy.requireDigit", json!(null), "boolean"),
        ("passwordPolicy.requireSpecial", json!([]), "boolean"),
        ("passwordPolicy.minScore", json!(true), "integer"),
        ("passwordPolicy.maxRepeated", json!("3"), "integer_or_null"),
        ("passwordPolicy.maxRepeated", json!(2.5), "integer_or_null"),
        ("passwordPolicy.blockCommon", json!("true"), "boolean"),
        ("passwordPolicy.blockUserInputs", json!(0), "boolean"),
        ("passwordPolicy.blockedTerms", json!("acme"), "array"),
        ("cors.enabled", json!("false"), "boolean"),
        ("cors.allowedOrigins", json!("https://a.com"), "array"),
        ("contentToken.ttlSeconds", json!("3600"), "integer"),
        ("contentToken.ttlSeconds", json!(3600.5), "integer"),
        ("twoFactor.enforced", json!(null), "boolean"),
    ];
    for (path, value, expected) in cases {
        let report = validate(&with(path, value.clone()));
        assert_eq!(found(&report), [("settings.invalid", Some(*path))], "{path} = {value}");
        let issue = &report.issues[0];
        assert_eq!(issue.params["expected"], *expected, "{path} = {value}");
        assert_eq!(issue.params["reason"], "wrong_type");
        assert!(issue.message.contains(path), "{}", issue.message);
        assert!(!report.ok);
        assert_eq!(report.settings, None, "{path} = {value}");
    }
}

#[test]
fn elements_of_wrong_type_are_invalid_at_their_index() {
    let report = validate(&with("passwordPolicy.blockedTerms", json!(["acme", 7, "widget"])));
    assert_eq!(found(&report), [("settings.invalid", Some("passwordPolicy.blockedTerms[1]"))]);
    assert_eq!(report.issues[0].params["expected"], "string");

    let report =
        validate(&with("cors.allowedOrigins", json!(["https://a.com", null, "https://b.com", {"url": "x"}])));
    assert_eq!(
        found(&report),
        [
            ("settings.invalid", Some("cors.allowedOrigins[1]")),
            ("settings.invalid", Some("cors.allowedOrigins[3]"))
        ]
    );
}

#[test]
fn missing_fields_are_invalid_at_their_path() {
    for path in [
        "passwordPolicy",
        "cors",
        "contentToken",
        "twoFactor",
        "passwordPolicy.minLength",
        "passwordPolicy.maxRepeated",
        "passwordPolicy.blockedTerms",
        "cors.allowedOrigins",
        "cors.enabled",
        "contentToken.ttlSeconds",
        "twoFactor.enforced",
    ] {
        let report = validate(&without(path));
        assert_eq!(found(&report), [("settings.invalid", Some(path))], "{path}");
        assert_eq!(report.issues[0].params["reason"], "missing");
        assert_eq!(report.issues[0].message, format!("The setting “{path}” is missing."));
        assert_eq!(report.settings, None);
    }
}

#[test]
fn unknown_fields_are_reported_at_every_level() {
    let mut settings = defaults();
    settings["sessionTimeout"] = json!(30);
    settings["passwordPolicy"]["minLenght"] = json!(12);
    settings["cors"]["allowCredentials"] = json!(true);
    settings["contentToken"]["secret"] = json!("hunter2");
    settings["twoFactor"]["methods"] = json!(["totp"]);
    let report = validate(&settings);
    let paths: BTreeSet<Option<&str>> = report.issues.iter().map(|issue| issue.path.as_deref()).collect();
    assert_eq!(
        paths,
        BTreeSet::from([
            Some("sessionTimeout"),
            Some("passwordPolicy.minLenght"),
            Some("cors.allowCredentials"),
            Some("contentToken.secret"),
            Some("twoFactor.methods"),
        ])
    );
    assert!(report
        .issues
        .iter()
        .all(|issue| issue.code == "settings.invalid" && issue.params["reason"] == "unknown_field"));
    assert_eq!(report.settings, None);
}

#[test]
fn a_value_that_is_not_an_object_is_invalid_without_a_path() {
    for value in [json!(null), json!([]), json!("settings"), json!(42)] {
        let report = validate(&value);
        assert_eq!(found(&report), [("settings.invalid", None)], "{value}");
        assert_eq!(report.issues[0].message, "The settings must be a JSON object.");
    }
    let report = validate(&json!({}));
    assert_eq!(report.issues.len(), 4, "each of the four groups is missing");
}

#[test]
fn every_problem_is_reported_at_once() {
    let settings = json!({
        "passwordPolicy": {"minLength": "8", "maxLength": 10, "requireDigit": true},
        "cors": {"enabled": "yes", "allowedOrigins": ["https://ok.com", "https://bad.com/"]},
        "contentToken": {"ttlSeconds": 60},
        "extra": 1
    });
    let report = validate(&settings);
    let paths: BTreeSet<&str> = report.issues.iter().filter_map(|issue| issue.path.as_deref()).collect();
    for path in [
        "passwordPolicy.minLength",
        "passwordPolicy.maxLength",
        "passwordPolicy.requireLowercase",
        "passwordPolicy",
        "cors.enabled",
        "cors.allowedOrigins[1]",
        "contentToken.ttlSeconds",
        "twoFactor",
        "extra",
    ] {
        assert!(paths.contains(path), "{path} not in {paths:?}");
    }
}

#[test]
fn min_length_is_8_to_128() {
    for (value, ok) in [
        (json!(8), true),
        (json!(128), true),
        (json!(7), false),
        (json!(129), false),
        (json!(-5), false),
        (json!(1e12), false),
    ] {
        let report = validate(&with("passwordPolicy.minLength", value.clone()));
        if ok {
            assert!(report.issues.is_empty(), "{value}: {:?}", report.issues);
        } else {
            assert_eq!(
                found(&report),
                [("policy.min_length_out_of_range", Some("passwordPolicy.minLength"))],
                "{value}"
            );
            assert_eq!(report.issues[0].params["value"], value.as_f64().map(|v| v as i64).unwrap());
        }
    }
    let report = validate(&with("passwordPolicy.minLength", json!(200)));
    assert_eq!(report.settings.unwrap().password_policy.min_length, 200, "typed, with ok false");
    assert_eq!(validate(&with("passwordPolicy.minLength", json!(-5))).settings, None, "does not fit a u32");
}

#[test]
fn max_length_is_64_to_4096_and_not_below_min() {
    for (value, ok) in [(64, true), (4096, true), (63, false), (4097, false), (0, false)] {
        let report = validate(&with("passwordPolicy.maxLength", json!(value)));
        assert_eq!(report.ok, ok, "{value}");
        if !ok {
            assert_eq!(
                found(&report),
                [("policy.max_length_out_of_range", Some("passwordPolicy.maxLength"))]
            );
        }
    }
    let mut settings = defaults();
    settings["passwordPolicy"]["minLength"] = json!(100);
    settings["passwordPolicy"]["maxLength"] = json!(64);
    let report = validate(&settings);
    assert_eq!(found(&report), [("policy.min_above_max", Some("passwordPolicy.maxLength"))]);
    assert_eq!(report.issues[0].params["min"], 100);
    assert_eq!(report.issues[0].params["max"], 64);
    settings["passwordPolicy"]["maxLength"] = json!(100);
    assert!(validate(&settings).ok, "min == max is allowed");
}

#[test]
fn min_score_is_0_to_4() {
    for (value, ok) in [(0, true), (4, true), (5, false), (-1, false), (300, false)] {
        let report = validate(&with("passwordPolicy.minScore", json!(value)));
        assert_eq!(report.ok, ok, "{value}");
        if !ok {
            assert_eq!(found(&report), [("policy.min_score_out_of_range", Some("passwordPolicy.minScore"))]);
            assert_eq!(report.settings, None, "{value}");
        }
    }
}

#[test]
fn composition_rules_are_an_info_naming_the_rules_on() {
    let mut settings = defaults();
    settings["passwordPolicy"]["requireDigit"] = json!(true);
    settings["passwordPolicy"]["requireSpecial"] = json!(true);
    let report = validate(&settings);
    assert_eq!(found(&report), [("policy.composition_rules", Some("passwordPolicy"))]);
    assert_eq!(report.issues[0].severity, Severity::Info);
    assert_eq!(report.issues[0].params["rules"], json!(["requireDigit", "requireSpecial"]));
    assert!(report.ok, "the admin may still use them");
    assert!(report.settings.unwrap().password_policy.require_special);
}

#[test]
fn max_repeated_is_null_or_at_least_one() {
    assert!(validate(&with("passwordPolicy.maxRepeated", json!(3))).ok);
    let report = validate(&with("passwordPolicy.maxRepeated", json!(0)));
    assert_eq!(found(&report), [("settings.invalid", Some("passwordPolicy.maxRepeated"))]);
    assert_eq!(report.issues[0].params["reason"], "out_of_range");
}

#[test]
fn ttl_is_1_to_30_days_and_short_below_300() {
    let cases: &[(Value, &[&str])] = &[
        (json!(1), &["ttl.short"]),
        (json!(299), &["ttl.short"]),
        (json!(300), &[]),
        (json!(3600), &[]),
        (json!(2_592_000), &[]),
        (json!(2_592_001), &["ttl.out_of_range"]),
        (json!(0), &["ttl.out_of_range"]),
        (json!(-3600), &["ttl.out_of_range"]),
        (json!(1e300), &["ttl.out_of_range"]),
        (json!(3600.0), &[]),
    ];
    for (value, codes) in cases {
        let report = validate(&with("contentToken.ttlSeconds", value.clone()));
        let found: Vec<&str> = report.issues.iter().map(|issue| issue.code.as_str()).collect();
        assert_eq!(found, *codes, "{value}");
        assert!(report.issues.iter().all(|issue| issue.path.as_deref() == Some("contentToken.ttlSeconds")));
    }
    let report = validate(&with("contentToken.ttlSeconds", json!(60)));
    assert_eq!(report.issues[0].severity, Severity::Warning);
    assert!(report.ok);
    assert_eq!(report.settings.unwrap().content_token.ttl_seconds, 60);
}

#[test]
fn each_allowed_origin_is_checked_with_its_issues_at_its_index() {
    let report = validate(&with(
        "cors.allowedOrigins",
        json!(["https://api.mydomain.com", "https://mydomain.com/", "*", "https://api.mydomain.com"]),
    ));
    let found = found(&report);
    assert!(found.contains(&("origin.trailing_slash", Some("cors.allowedOrigins[1]"))), "{found:?}");
    assert!(found.contains(&("origin.wildcard", Some("cors.allowedOrigins[2]"))), "{found:?}");
    assert!(found.contains(&("origin.duplicate", Some("cors.allowedOrigins[3]"))), "{found:?}");
    assert!(found.iter().all(|(_, path)| path.is_some_and(|path| path.starts_with("cors.allowedOrigins["))));
    assert!(!report.ok);
    // Typed as posted: the report says what is wrong, the caller decides what to store.
    assert_eq!(report.settings.unwrap().cors.allowed_origins.len(), 4);
}

#[test]
fn origin_indices_count_in_the_posted_array_even_after_a_bad_element() {
    let report = validate(&with("cors.allowedOrigins", json!([1, "https://bad.com/"])));
    let found = found(&report);
    assert!(found.contains(&("settings.invalid", Some("cors.allowedOrigins[0]"))), "{found:?}");
    assert!(found.contains(&("origin.trailing_slash", Some("cors.allowedOrigins[1]"))), "{found:?}");
}

#[test]
fn site_is_https_reaches_the_origins_validator() {
    let settings = with("cors.allowedOrigins", json!(["http://mydomain.com"]));
    let options = SettingsOptions { site_is_https: true, ..SettingsOptions::default() };
    let report = validate_settings(&settings, &options);
    assert!(report.issues.iter().any(|issue| issue.code == "origin.insecure_scheme"), "{:?}", report.issues);
}

#[test]
fn messages_follow_the_locale() {
    let options = SettingsOptions { locale: Some("es".into()), ..SettingsOptions::default() };
    let report = validate_settings(&without("twoFactor.enforced"), &options);
    assert_eq!(report.issues[0].message, "Falta el ajuste «twoFactor.enforced».");
    let options = SettingsOptions { locale: Some("pt-BR".into()), ..SettingsOptions::default() };
    let report = validate_settings(&with("contentToken.ttlSeconds", json!(0)), &options);
    assert_eq!(
        report.issues[0].message,
        "A duração do token deve ser um número inteiro de segundos entre 1 e 2592000 (é 0)."
    );
}

#[test]
fn options_reject_unknown_keys() {
    assert!(read::<SettingsOptions>(&json!({"locale": "es", "siteIsHttps": true})).is_ok());
    assert!(read::<SettingsOptions>(&json!({"lang": "es"})).is_err());
}

#[test]
fn the_report_serializes_in_camel_case() {
    let json = serde_json::to_value(validate(&defaults())).unwrap();
    assert_eq!(json["ok"], true);
    assert_eq!(json["issues"], json!([]));
    assert_eq!(json["settings"]["contentToken"]["ttlSeconds"], 3600);
    let json = serde_json::to_value(validate(&json!(null))).unwrap();
    assert_eq!(json["settings"], Value::Null);
}

#[test]
fn unknown_field_names_are_echoed_bounded() {
    let mut settings = defaults();
    settings["x".repeat(10_000)] = json!(1);
    let report = validate(&settings);
    assert!(report.issues[0].path.as_ref().unwrap().chars().count() <= 65);
}

#[test]
fn every_settings_code_is_emitted_by_some_input() {
    let mut min_above_max = defaults();
    min_above_max["passwordPolicy"]["minLength"] = json!(100);
    min_above_max["passwordPolicy"]["maxLength"] = json!(64);
    let inputs = [
        with("passwordPolicy.minLength", json!(4)),
        with("passwordPolicy.maxLength", json!(32)),
        min_above_max,
        with("passwordPolicy.minScore", json!(9)),
        with("passwordPolicy.requireUppercase", json!(true)),
        with("contentToken.ttlSeconds", json!(0)),
        with("contentToken.ttlSeconds", json!(30)),
        json!(null),
    ];
    let seen: BTreeSet<&str> =
        inputs.iter().flat_map(|input| validate(input).issues).map(|issue| issue.code.as_str()).collect();
    assert_eq!(seen, SettingsCode::ALL.iter().map(|code| code.as_str()).collect());
}

#[test]
fn no_json_value_panics() {
    use proptest::prelude::*;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |n| n.is_finite()).prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
    ];
    let names = prop_oneof![
        Just("passwordPolicy".to_owned()),
        Just("cors".to_owned()),
        Just("allowedOrigins".to_owned()),
        Just("minLength".to_owned()),
        Just("ttlSeconds".to_owned()),
        "[a-zA-Z]{1,8}",
    ];
    let value = leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            proptest::collection::btree_map(names.clone(), inner, 0..6)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    });
    proptest!(ProptestConfig::with_cases(512), |(value in value)| {
        let report = validate(&value);
        prop_assert!(serde_json::to_string(&report).is_ok());
    });
}
