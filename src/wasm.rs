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
/// functions and `undefined`, calls `toJSON` and turns NaN into null. The engine's
/// `JSON.parse` then reads that text back and [`plain_value`] copies the plain values it
/// made, typing each number as serde_json types its text, so the value is the one
/// `serde_json::from_str` would give the server for the same body, without a second JSON
/// parser in the module. Lone surrogates become U+FFFD, as wasm-bindgen makes them in string
/// arguments (a user input cut in the middle of an emoji must not be refused).
fn json_arg(value: &JsValue, name: &str) -> Result<serde_json::Value, JsValue> {
    let cannot = || type_error(format!("{name} cannot be converted to JSON (a cycle or a BigInt?)"));
    let text = js_sys::JSON::stringify(value).map_err(|_| cannot())?;
    // `JSON.stringify` gives `undefined` for `undefined` and functions: no JSON at all.
    let text = JsValue::from(text).as_string().ok_or_else(|| type_error(format!("{name}: no JSON value")))?;
    let plain = js_sys::JSON::parse(&text).map_err(|_| cannot())?;
    plain_value(&plain, 0).map_err(|error| type_error(format!("{name}: {error}")))
}

/// How deep arrays and objects may nest in an argument: serde_json's limit (127 levels),
/// which the server applies to a body, so the two refuse the same values; the copy below
/// recurses once per level and must not overflow the WebAssembly stack (a trap kills the
/// module).
const MAX_NESTING: usize = 127;

/// A value made by `JSON.parse` (null, a boolean, a finite number, a string, an array or a
/// plain object) as a `serde_json::Value`.
fn plain_value(value: &JsValue, depth: usize) -> Result<serde_json::Value, &'static str> {
    use serde_json::Value;
    if let Some(flag) = value.as_bool() {
        return Ok(Value::Bool(flag));
    }
    if let Some(number) = value.as_f64() {
        return Ok(crate::json_text::from_js_number(number, crate::json_text::float));
    }
    if let Some(text) = value.as_string() {
        return Ok(Value::String(text));
    }
    if !value.is_object() {
        return Ok(Value::Null);
    }
    if depth >= MAX_NESTING {
        return Err("recursion limit exceeded");
    }
    if js_sys::Array::is_array(value) {
        let items = js_sys::Array::from(value);
        return items
            .iter()
            .map(|item| plain_value(&item, depth + 1))
            .collect::<Result<_, _>>()
            .map(Value::Array);
    }
    let mut members = serde_json::Map::new();
    for entry in js_sys::Object::entries(&js_sys::Object::from(value.clone())).iter() {
        let entry = js_sys::Array::from(&entry);
        let key = entry.get(0).as_string().unwrap_or_default();
        // A later key that became the same string (lone surrogates) replaces the earlier one,
        // as it does when serde_json reads the text.
        members.insert(key, plain_value(&entry.get(1), depth + 1)?);
    }
    Ok(Value::Object(members))
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
///
/// Fractions are written by the JavaScript engine ([`JsNumbers`]), so the text holds each
/// number as `JSON.stringify` would write it and `JSON.parse` reads back the same double.
fn to_js<T: Serialize>(report: &T) -> Result<JsValue, JsValue> {
    let mut text = Vec::new();
    report
        .serialize(&mut serde_json::Serializer::with_formatter(&mut text, JsNumbers))
        // Reports are structs, lists and string-keyed maps: writing one into memory cannot
        // fail, and serde_json's error texts would cost the module more than this says.
        .map_err(|_| type_error("cannot convert the report".to_owned()))?;
    let text = String::from_utf8(text).map_err(|_| type_error("cannot convert the report".to_owned()))?;
    js_sys::JSON::parse(&text).map_err(|_| type_error("cannot convert the report".to_owned()))
}

/// serde_json's compact output with fractions written by the JavaScript engine: the
/// password module then carries no float formatting of its own (see `json_text`).
struct JsNumbers;

impl serde_json::ser::Formatter for JsNumbers {
    fn write_f64<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, value: f64) -> std::io::Result<()> {
        writer.write_all(crate::json_text::float(value).as_bytes())
    }
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
