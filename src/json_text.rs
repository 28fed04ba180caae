//! JSON text for messages and option errors (`{length}`, `got 1.5`).
//!
//! Not `Value`'s `Display`: that is serde_json's serializer, whose float formatting (code and
//! 9 KiB of tables) would then ship in the password module for the rare message that holds
//! a fraction. Integers are written here; a fraction in WebAssembly is written by the
//! JavaScript engine, as `JSON.stringify` writes it (the report itself crosses the boundary
//! that way too, see `wasm.rs`), and natively by serde_json. Both are the shortest text
//! that reads back as the same number; they differ only in exponent style (`1e+21` in
//! JavaScript, `1e21` in serde_json).

use serde_json::{Number, Value};

/// `number` as JSON text.
pub fn number(number: &Number) -> String {
    if let Some(n) = number.as_u64() {
        n.to_string()
    } else if let Some(n) = number.as_i64() {
        n.to_string()
    } else {
        float(number.as_f64().unwrap_or(f64::NAN))
    }
}

/// A finite `value` as JSON text (`null` otherwise, as JSON has no other spelling for it).
#[cfg(target_arch = "wasm32")]
pub fn float(value: f64) -> String {
    if !value.is_finite() {
        return "null".to_owned();
    }
    js_sys::Number::from(value)
        .to_string_with_radix(10)
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_default()
}

/// A finite `value` as JSON text (`null` otherwise, as JSON has no other spelling for it).
#[cfg(not(target_arch = "wasm32"))]
pub fn float(value: f64) -> String {
    Number::from_f64(value).map_or_else(|| "null".to_owned(), |n| n.to_string())
}

/// `value` as compact JSON text, numbers as [`number`] writes them.
pub fn value(value: &Value) -> String {
    let mut out = String::new();
    write(value, &mut out);
    out
}

fn write(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&number(n)),
        Value::String(text) => out.push_str(&serde_json::to_string(text).unwrap_or_default()),
        Value::Array(items) => {
            out.push('[');
            for (k, item) in items.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (k, (key, item)) in members.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(key).unwrap_or_default());
                out.push(':');
                write(item, out);
            }
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_are_written_as_serde_json_writes_them() {
        for value in [
            json!(null),
            json!(true),
            json!(0),
            json!(-7),
            json!(u64::MAX),
            json!(i64::MIN),
            json!(1.5),
            json!(-0.25),
            json!(1e300),
            json!(5e-324),
            json!("a \"quoted\"\n\u{1}"),
            json!([]),
            json!({}),
            json!([1, [2.5, "x"], {"b": null, "a": [false]}]),
        ] {
            assert_eq!(super::value(&value), value.to_string(), "{value}");
        }
        assert_eq!(float(f64::NAN), "null");
        assert_eq!(float(f64::INFINITY), "null");
    }
}
