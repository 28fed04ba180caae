//! The JS-facing API in headless Chromium (wasm-bindgen-test): arguments in, plain JS
//! objects out, TypeErrors for bad arguments. Run by `./dev test` through wasm-pack.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Reflect, JSON};
use policy_widget::wasm;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).expect("readable property")
}

fn json(text: &str) -> JsValue {
    JSON::parse(text).expect("valid JSON in the test")
}

fn codes(report: &JsValue) -> Vec<String> {
    Array::from(&get(report, "issues")).iter().map(|issue| get(&issue, "code").as_string().unwrap()).collect()
}

fn error_message(error: &JsValue) -> String {
    assert!(error.is_instance_of::<js_sys::TypeError>(), "not a TypeError: {error:?}");
    get(error, "message").as_string().unwrap()
}

#[wasm_bindgen_test]
fn check_password_returns_a_plain_object_report() {
    let report = wasm::check_password("abc".into(), JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&report, "ok"), JsValue::FALSE);
    assert_eq!(get(&report, "length").as_f64(), Some(3.0));
    assert_eq!(codes(&report), ["password.too_short"]);
    // Params are plain objects, not Maps, so `issue.params.min` works in JS.
    let issue = Array::from(&get(&report, "issues")).get(0);
    assert_eq!(get(&get(&issue, "params"), "min").as_f64(), Some(8.0));
    let strength = get(&report, "strength");
    assert_eq!(get(&strength, "score").as_f64(), Some(0.0));
    assert!(get(&strength, "crackTimeDisplay").is_string());
}

#[wasm_bindgen_test]
fn length_counts_code_points_not_utf16_units() {
    let report =
        wasm::check_password("😀😀😀😀😀😀😀".into(), JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&report, "length").as_f64(), Some(7.0));
}

#[wasm_bindgen_test]
fn policy_and_context_are_read_from_js_objects() {
    let policy = json(r#"{"minLength": 12, "requireDigit": true, "blockedTerms": ["modyo"]}"#);
    let context = json(r#"{"userInputs": ["maria.gonzalez@example.com"], "locale": "es"}"#);
    let report = wasm::check_password("Gonzalez-modyo".into(), policy, context).unwrap();
    assert_eq!(
        codes(&report),
        ["password.missing_digit", "password.blocked_term", "password.contains_user_input"]
    );
    let first = Array::from(&get(&report, "issues")).get(0);
    assert_eq!(get(&first, "message").as_string().unwrap(), "Agrega un dígito.");
}

#[wasm_bindgen_test]
fn a_misspelt_policy_key_throws_a_type_error() {
    let error =
        wasm::check_password("abc".into(), json(r#"{"minLenght": 12}"#), JsValue::UNDEFINED).unwrap_err();
    assert!(error_message(&error).contains("minLenght"));
}

#[wasm_bindgen_test]
fn a_misspelt_context_key_throws_a_type_error() {
    let error = wasm::check_password("abc".into(), JsValue::NULL, json(r#"{"userInput": []}"#)).unwrap_err();
    assert!(error_message(&error).contains("userInput"));
}

#[wasm_bindgen_test]
fn wrong_argument_types_throw_type_errors() {
    let error =
        wasm::check_password(JsValue::from_f64(42.0), JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap_err();
    assert_eq!(error_message(&error), "password must be a string");
    let error =
        wasm::check_password("abc".into(), JsValue::from_str("strict"), JsValue::UNDEFINED).unwrap_err();
    assert_eq!(error_message(&error), "policy must be an object");
    let error = wasm::check_password("abc".into(), json(r#"{"minLength": "twelve"}"#), JsValue::UNDEFINED)
        .unwrap_err();
    assert!(error_message(&error).starts_with("policy:"));
}

#[wasm_bindgen_test]
fn a_hundred_thousand_characters_do_not_trap() {
    let huge = "x".repeat(100_000);
    let report = wasm::check_password(huge.as_str().into(), JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap();
    assert!(codes(&report).contains(&"password.too_long".to_string()));
}

#[wasm_bindgen_test]
fn password_rules_and_default_settings() {
    let rules = wasm::password_rules(json(r#"{"minLength": 12, "requireUpper": true}"#)).unwrap_err();
    assert!(error_message(&rules).contains("requireUpper"));
    let rules = wasm::password_rules(json(r#"{"minLength": 12, "requireUppercase": true}"#)).unwrap();
    assert_eq!(rules, "minlength: 12; maxlength: 128; required: upper;");
    let settings = wasm::default_settings().unwrap();
    assert_eq!(get(&get(&settings, "contentToken"), "ttlSeconds").as_f64(), Some(3600.0));
    assert_eq!(get(&get(&settings, "passwordPolicy"), "maxRepeated"), JsValue::NULL);
    assert!(Array::is_array(&get(&get(&settings, "cors"), "allowedOrigins")));
}

#[wasm_bindgen_test]
fn validate_origins_returns_entries_with_utf16_spans() {
    let text = "😀,https://a.com/";
    let report = wasm::validate_origins(text.into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&report, "ok"), JsValue::FALSE);
    let entries = Array::from(&get(&report, "entries"));
    let entry = entries.get(1);
    let span = Array::from(&get(&entry, "span"));
    // "😀" is two UTF-16 units, then the comma: the entry starts at 3.
    assert_eq!(span.get(0).as_f64(), Some(3.0));
    assert_eq!(get(&entry, "origin").as_string().as_deref(), Some("https://a.com"));
    assert!(codes(&report).contains(&"origin.trailing_slash".to_string()));
    let error = wasm::validate_origins("x".into(), json(r#"{"siteIsHTTPS": true}"#)).unwrap_err();
    assert!(error_message(&error).contains("siteIsHTTPS"));
}

#[wasm_bindgen_test]
fn is_origin_allowed_compares_normalised_origins_exactly() {
    let allowed = json(r#"["https://example.com"]"#);
    assert!(wasm::is_origin_allowed("HTTPS://EXAMPLE.COM:443".into(), allowed.clone()).unwrap());
    assert!(!wasm::is_origin_allowed("https://evilexample.com".into(), allowed.clone()).unwrap());
    assert!(!wasm::is_origin_allowed("null".into(), json(r#"["null"]"#)).unwrap());
    let error =
        wasm::is_origin_allowed("https://example.com".into(), "https://example.com".into()).unwrap_err();
    assert_eq!(error_message(&error), "allowed must be an array of strings");
}

#[wasm_bindgen_test]
fn inspect_token_uses_date_now_by_default_and_verifies_signatures() {
    // jwt-decode's vector: HS256 with "secret", expired in 2014.
    let token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJmb28iOiJiYXIiLCJleHAiOjEzOTMyODY4OTMsImlhdCI6MTM5MzI2ODg5M30.4-iaDojEVl0pJQMjrbM1EzUIfAZgsbK_kgnVyVxFSVo";
    let report = wasm::inspect_token(token.into(), json(r#"{"secret": "secret"}"#)).unwrap();
    assert_eq!(get(&report, "signature").as_string().as_deref(), Some("verified"));
    assert_eq!(get(&report, "status").as_string().as_deref(), Some("expired"));
    assert!(get(&report, "secondsRemaining").as_f64().unwrap() < 0.0);
    let report = wasm::inspect_token(token.into(), json(r#"{"secret": "wrong"}"#)).unwrap();
    assert_eq!(get(&report, "signature").as_string().as_deref(), Some("invalid"));
    let error = wasm::inspect_token(token.into(), json(r#"{"leewaySecond": 1}"#)).unwrap_err();
    assert!(error_message(&error).contains("leewaySecond"));
}

#[wasm_bindgen_test]
fn validate_settings_reports_paths_and_survives_cycles() {
    let settings = wasm::default_settings().unwrap();
    Reflect::set(&get(&settings, "contentToken"), &"ttlSeconds".into(), &JsValue::from_f64(0.0)).unwrap();
    let report = wasm::validate_settings(settings.clone(), JsValue::UNDEFINED).unwrap();
    let issue = Array::from(&get(&report, "issues")).get(0);
    assert_eq!(get(&issue, "path").as_string().as_deref(), Some("contentToken.ttlSeconds"));
    assert_eq!(get(&issue, "code").as_string().as_deref(), Some("ttl.out_of_range"));
    // A cycle throws a TypeError; the module stays alive.
    Reflect::set(&get(&settings, "cors"), &"self".into(), &settings).unwrap();
    let error = wasm::validate_settings(settings, JsValue::UNDEFINED).unwrap_err();
    assert!(error.is_instance_of::<js_sys::TypeError>());
    let report = wasm::validate_settings(wasm::default_settings().unwrap(), JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&report, "ok"), JsValue::TRUE);
}
