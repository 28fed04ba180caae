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
