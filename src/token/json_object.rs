//! A JSON object cut into its members, so that one member JSON allows but serde_json cannot
//! hold (`1e400`) spoils that member only.

use std::collections::BTreeSet;

use serde::de::IgnoredAny;
use serde_json::{Map, Value};

#[derive(Debug)]
pub(super) enum ObjectError {
    NotJson,
    NotObject(&'static str),
}

/// Parses a JSON object member by member, so that one value serde_json cannot hold
/// (`1e400`, which `JSON.parse` reads as Infinity) spoils that member only: it is kept as
/// its source text and named in the returned set. Duplicate names: the last one wins,
/// as in `JSON.parse`.
///
/// serde_json checks the syntax of the whole text first, reading it as [`IgnoredAny`]
/// (which never converts a number, so `1e400` passes); [`members`] then only has to cut a
/// text known to be valid at its top-level commas. (serde_json's `RawValue` would do the
/// cutting, but its feature makes the browser's core module larger: see Cargo.toml.)
pub(super) fn parse_object(json: &str) -> Result<(Map<String, Value>, BTreeSet<String>), ObjectError> {
    serde_json::from_str::<IgnoredAny>(json).map_err(|_| ObjectError::NotJson)?;
    let found = match json.trim_start().as_bytes().first() {
        Some(b'{') => None,
        Some(b'[') => Some("array"),
        Some(b'"') => Some("string"),
        Some(b'n') => Some("null"),
        Some(b't' | b'f') => Some("boolean"),
        _ => Some("number"),
    };
    if let Some(found) = found {
        return Err(ObjectError::NotObject(found));
    }
    let mut object = Map::new();
    let mut unrepresentable = BTreeSet::new();
    for (name, raw_value) in members(json) {
        // A name is a JSON string: serde_json decodes its escapes.
        let Ok(Value::String(name)) = serde_json::from_str::<Value>(name) else {
            return Err(ObjectError::NotJson);
        };
        match serde_json::from_str::<Value>(raw_value) {
            Ok(value) => {
                unrepresentable.remove(&name);
                object.insert(name, value);
            }
            Err(_) => {
                object.insert(name.clone(), Value::String(raw_value.to_owned()));
                unrepresentable.insert(name);
            }
        }
    }
    Ok((object, unrepresentable))
}

/// The members of the JSON object `json` (valid JSON, an object: [`parse_object`] checks
/// both first) as (name with its quotes, value) source slices, in source order.
///
/// Only four things matter in valid JSON to find where a value ends: strings (skipped
/// whole, escapes included, so their brackets and commas do not count), brackets opening
/// and closing, and a comma at depth zero. Never panics, even on text that breaks the
/// precondition: every index is checked.
fn members(json: &str) -> Vec<(&str, &str)> {
    let bytes = json.as_bytes();
    let skip_space = |mut at: usize| {
        while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        at
    };
    // The index just after the string that opens at `at`.
    let end_of_string = |mut at: usize| {
        at += 1;
        while let Some(&byte) = bytes.get(at) {
            at += match byte {
                b'"' => return at + 1,
                b'\\' => 2,
                _ => 1,
            };
        }
        at
    };
    let mut members = Vec::new();
    let mut at = skip_space(skip_space(0) + 1);
    while bytes.get(at) == Some(&b'"') {
        let name_end = end_of_string(at);
        let name = json.get(at..name_end).unwrap_or_default();
        // Past the colon.
        let start = skip_space(skip_space(name_end) + 1);
        let mut end = start;
        let mut depth = 0usize;
        while let Some(&byte) = bytes.get(end) {
            match byte {
                b'"' => {
                    end = end_of_string(end);
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' if depth == 0 => break,
                b'}' | b']' => depth -= 1,
                b',' if depth == 0 => break,
                _ => {}
            }
            end += 1;
        }
        members.push((name, json.get(start..end).unwrap_or_default().trim_end()));
        // Past the comma, if any; a closing brace ends the loop (it is not a quote).
        at = skip_space(if bytes.get(end) == Some(&b',') { end + 1 } else { end });
    }
    members
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unrepresentable_member_spoils_only_itself() {
        let Ok((object, bad)) = parse_object(r#"{"exp": 1e400, "sub": "x"}"#) else { panic!("parses") };
        assert_eq!(object["sub"], "x");
        assert_eq!(object["exp"], "1e400");
        assert!(bad.contains("exp"));
    }

    #[test]
    fn members_are_cut_at_top_level_commas_only() {
        let json = r#" { "a" : [1, {"b": "}],\"{"}] , "c\"d":"x,y" ,"e":{"f":[[]]},"g":-0.5e+3,"h":null , "ü":"日本" }  "#;
        let (object, bad) = parse_object(json).unwrap();
        assert_eq!(Value::Object(object), serde_json::from_str::<Value>(json).unwrap());
        assert!(bad.is_empty());
        assert_eq!(parse_object("{}").unwrap().0, Map::new());
        assert_eq!(members(r#"{"a": 1 ,"b":2}"#), [(r#""a""#, "1"), (r#""b""#, "2")]);
    }

    #[test]
    fn duplicate_names_keep_the_last_value_as_json_parse_does() {
        let (object, bad) = parse_object(r#"{"a": 1e400, "a": 2}"#).unwrap();
        assert_eq!((object["a"].clone(), bad.len()), (Value::from(2), 0));
        let (object, bad) = parse_object(r#"{"a": 2, "a": 1e400}"#).unwrap();
        assert_eq!((object["a"].clone(), bad.contains("a")), (Value::from("1e400"), true));
    }

    #[test]
    fn text_that_is_not_one_json_value_is_refused_before_it_is_cut() {
        for json in
            [r#"{"a":1,}"#, r#"{"a" 1}"#, r#"{"a":1} x"#, r#"{"a":1"#, r#"{a:1}"#, r#"{"\ud800":1}"#, ""]
        {
            assert!(matches!(parse_object(json), Err(ObjectError::NotJson)), "{json}");
        }
        assert!(matches!(parse_object(" [1] "), Err(ObjectError::NotObject("array"))));
        assert!(matches!(parse_object("1e400"), Err(ObjectError::NotObject("number"))));
    }

    #[test]
    fn members_never_panics_on_text_that_breaks_its_precondition() {
        for text in
            ["", "{", "{\"", "{\"a\"", "{\"a\":", "{\"a\":\"", "{\"a\":[", "}", "{\"\\", "{\"é\":\"\\"]
        {
            let _ = members(text);
        }
    }

    /// Property tests (host only: proptest is not built for wasm32).
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn json_value() -> impl Strategy<Value = Value> {
            let leaf = prop_oneof![
                Just(Value::Null),
                any::<bool>().prop_map(Value::from),
                any::<i64>().prop_map(Value::from),
                // Fractions a decimal text holds exactly (serde_json's float parsing, without its
                // float_roundtrip feature, may differ from the printed value in the last bit).
                (-1_000_000i32..1_000_000).prop_map(|n| Value::from(f64::from(n) / 64.0)),
                ".{0,8}".prop_map(Value::from),
            ];
            leaf.prop_recursive(4, 32, 6, |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
                    prop::collection::btree_map(".{0,6}", inner, 0..6)
                        .prop_map(|members| Value::Object(members.into_iter().collect())),
                ]
            })
        }

        proptest! {
            /// Cutting an object into members and parsing each gives what parsing it whole
            /// gives, compact or pretty-printed.
            #[test]
            fn parse_object_agrees_with_parsing_the_whole(
                members in prop::collection::btree_map(".{0,6}", json_value(), 0..8),
                pretty in any::<bool>(),
            ) {
                let whole = Value::Object(members.into_iter().collect());
                let json = if pretty { serde_json::to_string_pretty(&whole) } else { serde_json::to_string(&whole) }.unwrap();
                let (object, bad) = parse_object(&json).unwrap();
                prop_assert!(bad.is_empty());
                prop_assert_eq!(Value::Object(object), whole);
            }
        }
    }
}
