//! The JavaScript facade: converts arguments, calls the core, converts the report back.
//! No logic lives here.
//!
//! The npm package builds this crate twice: the core module (`--no-default-features`:
//! every function but checkPassword) and the password module (`--features password-module`:
//! checkPassword alone). A default build, as the browser tests use, exports everything.
//! The TypeScript contract is `js/policy_widget.d.ts`, beside the package's entry.
//!
//! Validation problems come back in reports; only a wrong argument type or a bad options
//! object throws (a `TypeError`).

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::options::ReadOptions;

#[cfg(not(feature = "password-module"))]
use crate::origins::{self, OriginsOptions};
#[cfg(feature = "password-checker")]
use crate::password::PasswordContext;
use crate::password::PasswordPolicy;
#[cfg(not(feature = "password-module"))]
use crate::settings::{self, SettingsOptions};
#[cfg(not(feature = "password-module"))]
use crate::token::{self, TokenOptions};

/// Throws a `TypeError` with `message`.
fn type_error(message: String) -> JsValue {
    js_sys::TypeError::new(&message).into()
}

/// The string in `value`, or a `TypeError` naming the argument.
fn string_arg(value: &JsValue, name: &str) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| type_error(format!("{name} must be a string")))
}

/// A JS value as JSON, read the way the server reads a posted body: through
/// `JSON.stringify`, which throws on cycles and BigInts (a `TypeError` here), drops
/// functions and `undefined`, and turns NaN into null; then serde_json, whose recursion
/// limit turns absurd nesting into an error instead of a stack overflow that would trap.
fn json_arg(value: &JsValue, name: &str) -> Result<serde_json::Value, JsValue> {
    let text = js_sys::JSON::stringify(value)
        .map_err(|_| type_error(format!("{name} cannot be converted to JSON (a cycle or a BigInt?)")))?;
    let text = String::from(text);
    serde_json::from_str(&replace_lone_surrogate_escapes(&text))
        .map_err(|error| type_error(format!("{name}: {error}")))
}

/// JSON text from `JSON.stringify` with every lone-surrogate escape (`\udXXX`) replaced by
/// `\ufffd`, as wasm-bindgen does for string arguments: a user input cut in the middle of an
/// emoji (a UTF-16 `maxlength` can do that) must not make serde_json, which refuses lone
/// surrogates, throw. `JSON.stringify` writes paired surrogates as the characters themselves
/// and escapes only lone ones, in lower case, so every such escape is a lone one.
fn replace_lone_surrogate_escapes(json: &str) -> std::borrow::Cow<'_, str> {
    if !json.contains("\\ud") {
        return std::borrow::Cow::Borrowed(json);
    }
    let bytes = json.as_bytes();
    let mut out = String::with_capacity(json.len());
    let (mut index, mut copied) = (0, 0);
    while index < bytes.len() {
        if bytes[index] != b'\\' {
            index += 1;
            continue;
        }
        let escape = &bytes[index + 1..bytes.len().min(index + 4)];
        if matches!(escape, [b'u', b'd', b'8'..=b'9' | b'a'..=b'f']) && index + 6 <= bytes.len() {
            out.push_str(&json[copied..index]);
            out.push_str("\\ufffd");
            index += 6;
            copied = index;
        } else {
            // Any other escape: skip the backslash and the character it escapes (ASCII).
            index += 2;
        }
    }
    out.push_str(&json[copied..]);
    std::borrow::Cow::Owned(out)
}

/// An options object: `undefined` or `null` give the defaults; anything that is not an
/// object with known keys of the right types throws.
///
/// Through JSON on purpose: serde-wasm-bindgen fills a struct by looking its known fields
/// up by name and never sees extra keys, which would let a misspelt `minLenght` pass
/// silently. A `serde_json::Value` holds every key, and `options::read` refuses unknown ones.
fn options_arg<T: ReadOptions>(value: JsValue, name: &str) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    if !value.is_object() || js_sys::Array::is_array(&value) {
        return Err(type_error(format!("{name} must be an object")));
    }
    crate::options::read(&json_arg(&value, name)?).map_err(|error| type_error(format!("{name}: {error}")))
}

/// A report as a plain JS object, made the way a JS client gets a report from the server:
/// serde_json text through `JSON.parse`. An integer claim beyond 2^53 in a token (a common
/// kind of id) thus becomes the nearest double, exactly as `JSON.parse` would read the
/// token itself, instead of failing the conversion.
fn to_js<T: Serialize>(report: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(report)
        .map_err(|error| type_error(format!("cannot convert the report: {error}")))?;
    js_sys::JSON::parse(&text).map_err(|_| type_error("cannot convert the report".to_owned()))
}

/// `checkPassword(password, policy?, context?)`: see `password::check`.
#[cfg(feature = "password-checker")]
#[wasm_bindgen(js_name = checkPassword, skip_typescript)]
pub fn check_password(password: JsValue, policy: JsValue, context: JsValue) -> Result<JsValue, JsValue> {
    let password = string_arg(&password, "password")?;
    let policy: PasswordPolicy = options_arg(policy, "policy")?;
    let context: PasswordContext = options_arg(context, "context")?;
    to_js(&crate::password::check(&password, &policy, &context))
}

/// `prepare()` (internal: js/policy_widget.js calls it once the password module is loaded,
/// so the first keystroke does not build the strength estimator's word table): see `password::prepare`.
#[cfg(feature = "password-checker")]
#[wasm_bindgen(skip_typescript)]
pub fn prepare() {
    crate::password::prepare();
}

/// `passwordRules(policy?)`: the `passwordrules` attribute value for the policy.
#[cfg(not(feature = "password-module"))]
#[wasm_bindgen(js_name = passwordRules, skip_typescript)]
pub fn password_rules(policy: JsValue) -> Result<String, JsValue> {
    let policy: PasswordPolicy = options_arg(policy, "policy")?;
    Ok(crate::password::password_rules(&policy))
}

/// `defaultSettings()`: the settings a new platform starts with.
#[cfg(not(feature = "password-module"))]
#[wasm_bindgen(js_name = defaultSettings, skip_typescript)]
pub fn default_settings() -> Result<JsValue, JsValue> {
    to_js(&settings::default_settings())
}

/// `validateOrigins(text, options?)`: see `origins::validate`.
#[cfg(not(feature = "password-module"))]
#[wasm_bindgen(js_name = validateOrigins, skip_typescript)]
pub fn validate_origins(text: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let text = string_arg(&text, "text")?;
    let options: OriginsOptions = options_arg(options, "options")?;
    to_js(&origins::validate(&text, &options))
}

/// `isOriginAllowed(origin, allowed)`: exact comparison after normalisation.
#[cfg(not(feature = "password-module"))]
#[wasm_bindgen(js_name = isOriginAllowed, skip_typescript)]
pub fn is_origin_allowed(origin: JsValue, allowed: JsValue) -> Result<bool, JsValue> {
    let origin = string_arg(&origin, "origin")?;
    if !js_sys::Array::is_array(&allowed) {
        return Err(type_error("allowed must be an array of strings".to_owned()));
    }
    let allowed = crate::options::strings(&json_arg(&allowed, "allowed")?)
        .ok_or_else(|| type_error("allowed must be an array of strings".to_owned()))?;
    Ok(origins::is_allowed(&origin, &allowed))
}

/// `inspectToken(token, options?)`: see `token::inspect`; `now` defaults to `Date.now()`.
#[cfg(not(feature = "password-module"))]
#[wasm_bindgen(js_name = inspectToken, skip_typescript)]
pub fn inspect_token(token: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let token = string_arg(&token, "token")?;
    let options: TokenOptions = options_arg(options, "options")?;
    let report = token::inspect(&token, &options, js_sys::Date::now())
        .map_err(|error| type_error(error.to_string()))?;
    to_js(&report)
}

/// `validateSettings(settings, options?)`: see `settings::validate_settings`. Never throws
/// for the settings themselves (a wrong type is a `settings.invalid` issue at its path);
/// only a value JSON cannot hold, or bad options, throw.
#[cfg(not(feature = "password-module"))]
#[wasm_bindgen(js_name = validateSettings, skip_typescript)]
pub fn validate_settings(settings: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let options: SettingsOptions = options_arg(options, "options")?;
    let settings =
        if settings.is_undefined() { serde_json::Value::Null } else { json_arg(&settings, "settings")? };
    to_js(&settings::validate_settings(&settings, &options))
}
