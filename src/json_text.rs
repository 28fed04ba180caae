//! JSON text for messages and option errors (`{length}`, `got 1.5`).
//!
//! Not `Value`'s `Display`: that is serde_json's serializer, whose float formatting (code and
//! 9 KiB of tables) would then ship in the password module for the rare message that holds
//! a fraction. Integers are written here; a fraction in WebAssembly is written by the
//! JavaScript engine, as `JSON.stringify` writes it (the report itself crosses the boundary
//! that way too, see `wasm.rs`), and natively by serde_json. Both are the shortest text
//! that reads back as the same number; they differ only in notation (JavaScript writes
//! digits up to 10^21, `18446744073709552000`, and `1e+21` beyond; serde_json turns to an
//! exponent sooner, `1.8446744073709552e19`).

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

/// The value serde_json reads from the text JavaScript writes for `number`
/// (`JSON.stringify`, `Number#toString`), `text` giving that text: an integer below 10^21
/// (which JavaScript writes as digits) is a `u64` or `i64` when the digits fit one, anything
/// else an `f64`. Beyond 2^53 the digits are JavaScript's shortest spelling padded with
/// zeros, not the double's exact value, so they are read from `text`. The wasm facade
/// copies arguments with it, so they are the values the server reads from the same JSON.
pub fn from_js_number(number: f64, text: impl FnOnce(f64) -> String) -> Value {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53: every integer up to here is exact
    if number.fract() == 0.0 && number.abs() < 1e21 {
        if number.abs() <= EXACT {
            // In range and integral: the conversions are exact (and -0 is written "0").
            return if number >= 0.0 { (number as u64).into() } else { (number as i64).into() };
        }
        let text = text(number);
        if let Ok(n) = text.parse::<u64>() {
            return n.into();
        }
        if let Ok(n) = text.parse::<i64>() {
            return n.into();
        }
    }
    Number::from_f64(number).map_or(Value::Null, Value::Number)
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
    }

    #[test]
    fn javascript_numbers_are_typed_as_serde_json_reads_their_text() {
        // Each double with the text JavaScript writes for it, against serde_json reading it.
        let cases: [(f64, &str); 10] = [
            (0.0, "0"),
            (-0.0, "0"),
            (12.0, "12"),
            (-7.0, "-7"),
            (1.5, "1.5"),
            (9_007_199_254_740_994.0, "9007199254740994"),
            (18_446_744_073_709_549_568.0, "18446744073709550000"),
            (18_446_744_073_709_551_616.0, "18446744073709552000"),
            (-4_611_686_018_427_387_904.0, "-4611686018427388000"),
            (-9_223_372_036_854_775_808.0, "-9223372036854776000"),
        ];
        for (number, text) in cases {
            let expected: Value = serde_json::from_str(text).unwrap();
            assert_eq!(from_js_number(number, |_| text.to_owned()), expected, "{text}");
        }
        assert_eq!(from_js_number(1e21, |_| "1e+21".to_owned()), serde_json::json!(1e21));
        assert_eq!(float(f64::INFINITY), "null");
    }
}
