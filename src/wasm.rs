//! The JavaScript facade: converts arguments, calls the core, converts the report back.
//! No logic lives here. Validation problems come back in reports; only a wrong argument
//! type or a bad options object throws (a `TypeError`).

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::password::{self, PasswordContext, PasswordPolicy};
use crate::settings;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = include_str!("wasm.d.ts");

/// Throws a `TypeError` with `message`.
fn type_error(message: String) -> JsValue {
    js_sys::TypeError::new(&message).into()
}

/// The string in `value`, or a `TypeError` naming the argument.
fn string_arg(value: &JsValue, name: &str) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| type_error(format!("{name} must be a string")))
}

/// An options object: `undefined` or `null` give the defaults; anything that is not an
/// object with known keys of the right types throws.
fn options_arg<T: DeserializeOwned + Default>(value: JsValue, name: &str) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    if !value.is_object() || js_sys::Array::is_array(&value) {
        return Err(type_error(format!("{name} must be an object")));
    }
    // Through serde_json::Value on purpose: serde-wasm-bindgen fills a struct by looking
    // its known fields up by name and never sees extra keys, which would let a misspelt
    // `minLenght` pass silently. A Value holds every key, so `deny_unknown_fields` applies.
    let json: serde_json::Value =
        serde_wasm_bindgen::from_value(value).map_err(|error| type_error(format!("{name}: {error}")))?;
    serde_json::from_value(json).map_err(|error| type_error(format!("{name}: {error}")))
}

/// A report as a plain JS object (objects, not `Map`s; numbers, not `BigInt`s).
fn to_js<T: Serialize>(report: &T) -> Result<JsValue, JsValue> {
    report
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|error| type_error(format!("cannot convert the report: {error}")))
}

/// `checkPassword(password, policy?, context?)`: see `password::check`.
#[wasm_bindgen(js_name = checkPassword, skip_typescript)]
pub fn check_password(password: JsValue, policy: JsValue, context: JsValue) -> Result<JsValue, JsValue> {
    let password = string_arg(&password, "password")?;
    let policy: PasswordPolicy = options_arg(policy, "policy")?;
    let context: PasswordContext = options_arg(context, "context")?;
    to_js(&password::check(&password, &policy, &context))
}

/// `passwordRules(policy?)`: the `passwordrules` attribute value for the policy.
#[wasm_bindgen(js_name = passwordRules, skip_typescript)]
pub fn password_rules(policy: JsValue) -> Result<String, JsValue> {
    let policy: PasswordPolicy = options_arg(policy, "policy")?;
    Ok(password::password_rules(&policy))
}

/// `defaultSettings()`: the settings a new platform starts with.
#[wasm_bindgen(js_name = defaultSettings, skip_typescript)]
pub fn default_settings() -> Result<JsValue, JsValue> {
    to_js(&settings::default_settings())
}
