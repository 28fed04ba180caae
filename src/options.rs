//! Reading the options objects the functions take (`{ siteIsHttps: true }`, a password
//! policy, ...) from JSON, with the rules serde's derive would apply: every field optional,
//! `null` only for optional fields, integers only where the type is an integer, and an
//! unknown field an error, so a misspelt `minLenght` cannot pass silently.
//!
//! Not serde's `Deserialize`, because of what that costs in the browser: its derive for
//! every options type, serde_json's `Value` deserializer behind `from_value` and the float
//! formatting its error messages keep alive would all ship in the core module the admin
//! page waits for (bench/README.md has the measured cost). The reader is generated from
//! each type's one declaration ([`crate::boundary`]'s `js_options!`) and is one generic
//! function per field type here ([`OptionValue`]); the tests hold it to serde's derive (the
//! server still reads stored settings with it): the same field names, and the same answer
//! for every field and every kind of value. One difference is deliberate: serde also reads
//! an enum variant from a one-key object (`{"hex": null}` for `"hex"`); here only the
//! string is.

use std::fmt;

use serde_json::{Map, Value};

use crate::boundary::{camel_case, is_camel_case_of, JsFields};

/// An options object that cannot be used: the wasm facade throws it as a `TypeError`
/// (a bad argument is the caller's bug, not a finding about the input).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionsError {
    message: String,
}

impl OptionsError {
    fn new(message: String) -> Self {
        OptionsError { message }
    }
}

impl fmt::Display for OptionsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for OptionsError {}

/// An options type that can be read from a JSON object (`js_options!` implements it).
pub trait ReadOptions: JsFields + Sized + Default {
    /// Reads the fields present in `fields`; absent ones keep [`Default`]'s value.
    ///
    /// # Errors
    ///
    /// The first field whose value has the wrong type or range.
    fn read(fields: &Fields<'_>) -> Result<Self, OptionsError>;
}

/// Reads `value`, which must be a JSON object whose keys are all fields of `T`.
///
/// # Errors
///
/// `value` is not an object, has a key `T` does not know, or a value of the wrong type.
pub fn read<T: ReadOptions>(value: &Value) -> Result<T, OptionsError> {
    let Value::Object(object) = value else {
        return Err(OptionsError::new("must be an object".to_owned()));
    };
    if let Some(unknown) = unknown_key(object, T::FIELDS) {
        let known: Vec<String> = T::FIELDS.iter().map(|field| camel_case(field)).collect();
        return Err(OptionsError::new(format!(
            "unknown option `{unknown}` (the options are {})",
            known.join(", ")
        )));
    }
    T::read(&Fields { object })
}

/// The first key of `object` that is none of `fields` (Rust names) in camelCase.
pub fn unknown_key<'o>(object: &'o Map<String, Value>, fields: &[&str]) -> Option<&'o String> {
    object.keys().find(|key| !fields.iter().any(|field| is_camel_case_of(key, field)))
}

/// The members of an options object, read one field at a time.
pub struct Fields<'a> {
    object: &'a Map<String, Value>,
}

impl Fields<'_> {
    /// The field whose Rust name is `field`: `default` when absent.
    ///
    /// # Errors
    ///
    /// The field holds a value that is not a `T` ("`minLength` must be …, not …").
    pub fn read<T: OptionValue>(&self, field: &str, default: T) -> Result<T, OptionsError> {
        match self.get(field) {
            None => Ok(default),
            Some(value) => T::from_json(value).map_err(|found| wrong(field, &T::expected(), &found)),
        }
    }

    /// The value of the field whose Rust name is `field`, if present.
    fn get(&self, field: &str) -> Option<&Value> {
        self.object.iter().find(|(key, _)| is_camel_case_of(key, field)).map(|(_, value)| value)
    }
}

/// "`minLength` must be EXPECTED, not FOUND": one function for every field type, so the
/// message's formatting is in the WebAssembly once.
fn wrong(field: &str, expected: &str, found: &str) -> OptionsError {
    OptionsError::new(format!("`{}` must be {expected}, not {found}", camel_case(field)))
}

/// A type an option can hold, read from its JSON value.
pub trait OptionValue: Sized {
    /// What the value must be, for messages ("a boolean").
    fn expected() -> String;

    /// The value, or what was found instead, for messages ("null", "an array").
    ///
    /// # Errors
    ///
    /// `value` is not a `Self`.
    fn from_json(value: &Value) -> Result<Self, String>;
}

impl OptionValue for bool {
    fn expected() -> String {
        "a boolean".to_owned()
    }

    fn from_json(value: &Value) -> Result<Self, String> {
        value.as_bool().ok_or_else(|| describe(value))
    }
}

impl OptionValue for f64 {
    fn expected() -> String {
        "a number".to_owned()
    }

    fn from_json(value: &Value) -> Result<Self, String> {
        value.as_f64().ok_or_else(|| describe(value))
    }
}

impl OptionValue for String {
    fn expected() -> String {
        "a string".to_owned()
    }

    fn from_json(value: &Value) -> Result<Self, String> {
        value.as_str().map(str::to_owned).ok_or_else(|| describe(value))
    }
}

/// A whole number of a width that bounds it.
macro_rules! whole_number {
    ($($type:ty),+) => {$(
        impl OptionValue for $type {
            fn expected() -> String {
                format!("a whole number from 0 to {}", <$type>::MAX)
            }

            fn from_json(value: &Value) -> Result<Self, String> {
                value.as_u64().and_then(|number| <$type>::try_from(number).ok()).ok_or_else(|| describe(value))
            }
        }
    )+};
}

whole_number!(u8, u32);

impl OptionValue for Vec<String> {
    fn expected() -> String {
        "an array of strings".to_owned()
    }

    fn from_json(value: &Value) -> Result<Self, String> {
        match value.as_array().map(|items| items.iter().find(|item| !item.is_string())) {
            Some(None) => Ok(strings(value).unwrap_or_default()),
            Some(Some(item)) => Err(format!("an array holding {}", describe(item))),
            None => Err(describe(value)),
        }
    }
}

/// An optional field: `null` is `None`, as absent is.
impl<T: OptionValue> OptionValue for Option<T> {
    fn expected() -> String {
        T::expected()
    }

    fn from_json(value: &Value) -> Result<Self, String> {
        match value {
            Value::Null => Ok(None),
            value => T::from_json(value).map(Some),
        }
    }
}

/// The strings of `value` when it is an array of strings only.
pub fn strings(value: &Value) -> Option<Vec<String>> {
    value.as_array()?.iter().map(|item| item.as_str().map(str::to_owned)).collect()
}

/// A value for a message: scalars as JSON writes them (strings up to 40 characters), the
/// rest by kind.
pub fn describe(value: &Value) -> String {
    match value {
        Value::String(text) if text.chars().count() > 40 => "a string".to_owned(),
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => crate::json_text::value(value),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boundary::js_field_names;
    use serde_json::json;

    js_options! {
        /// Every kind of field an options object holds.
        #[derive(Debug, PartialEq)]
        pub struct Sample {
            pub flag: bool = false,
            pub count: u8 = 0,
            pub limit: Option<u32> = None,
            pub ratio: f64 = 0.5,
            pub when: Option<f64> = None,
            pub nick_name: Option<String> = None,
            pub tags: Vec<String> = Vec::new(),
            pub extra: Option<Vec<String>> = None,
            pub mode: Mode = Mode::Plain,
        }
    }

    js_enum! {
        /// A choice.
        #[derive(Debug, Clone, Copy, PartialEq)]
        pub enum Mode {
            Plain = "plain",
            Fancy = "fancy",
        }
    }

    fn error(value: Value) -> String {
        read::<Sample>(&value).unwrap_err().to_string()
    }

    #[test]
    fn absent_fields_keep_their_defaults_and_present_ones_are_read() {
        assert_eq!(read::<Sample>(&json!({})).unwrap(), Sample { ratio: 0.5, ..Sample::default() });
        let all = json!({
            "flag": true, "count": 255, "limit": 7, "ratio": -1.5, "when": 1e12, "nickName": "x",
            "tags": ["a", ""], "extra": [], "mode": "fancy"
        });
        let sample = read::<Sample>(&all).unwrap();
        assert!(sample.flag);
        assert_eq!((sample.count, sample.limit, sample.ratio, sample.when), (255, Some(7), -1.5, Some(1e12)));
        assert_eq!(
            (sample.nick_name.as_deref(), sample.tags.len(), sample.extra, sample.mode),
            (Some("x"), 2, Some(vec![]), Mode::Fancy)
        );
    }

    #[test]
    fn null_is_none_for_optional_fields_only() {
        let nulls = json!({"limit": null, "when": null, "nickName": null, "extra": null});
        assert_eq!(read::<Sample>(&nulls).unwrap(), Sample { ratio: 0.5, ..Sample::default() });
        for field in ["flag", "count", "ratio", "tags", "mode"] {
            let message = error(json!({ field: null }));
            assert!(
                message.starts_with(&format!("`{field}` must be")) && message.ends_with("not null"),
                "{message}"
            );
        }
    }

    #[test]
    fn errors_name_the_field_what_it_must_be_and_what_it_was() {
        assert_eq!(error(json!({"flag": 1})), "`flag` must be a boolean, not 1");
        assert_eq!(error(json!({"count": 256})), "`count` must be a whole number from 0 to 255, not 256");
        assert_eq!(error(json!({"count": -1})), "`count` must be a whole number from 0 to 255, not -1");
        assert_eq!(
            error(json!({"limit": 1.5})),
            "`limit` must be a whole number from 0 to 4294967295, not 1.5"
        );
        assert_eq!(error(json!({"ratio": true})), "`ratio` must be a number, not true");
        assert_eq!(error(json!({"ratio": "1"})), "`ratio` must be a number, not \"1\"");
        assert_eq!(error(json!({"ratio": "x".repeat(41)})), "`ratio` must be a number, not a string");
        assert_eq!(
            error(json!({"tags": ["a", 1]})),
            "`tags` must be an array of strings, not an array holding 1"
        );
        assert_eq!(error(json!({"tags": "a"})), "`tags` must be an array of strings, not \"a\"");
        assert_eq!(
            error(json!({"mode": "Fancy"})),
            "`mode` must be one of \"plain\", \"fancy\", not \"Fancy\""
        );
        assert_eq!(error(json!({"nickName": {}})), "`nickName` must be a string, not an object");
        assert_eq!(
            error(json!({"flag": true, "flagg": true})),
            "unknown option `flagg` (the options are flag, count, limit, ratio, when, nickName, tags, extra, mode)"
        );
        assert_eq!(
            error(json!({"nick_name": "x"})),
            "unknown option `nick_name` (the options are flag, count, limit, ratio, when, nickName, tags, extra, mode)"
        );
        assert_eq!(error(json!([])), "must be an object");
    }

    /// The field names serde's derive reads for `T` (it hands them to `deserialize_struct`).
    fn serde_fields<T: serde::de::DeserializeOwned>() -> Vec<&'static str> {
        #[derive(Debug)]
        struct Stop;
        impl fmt::Display for Stop {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("recorded")
            }
        }
        impl std::error::Error for Stop {}
        impl serde::de::Error for Stop {
            fn custom<M: fmt::Display>(_: M) -> Self {
                Stop
            }
        }
        struct Recorder<'a>(&'a mut Vec<&'static str>);
        impl<'de> serde::Deserializer<'de> for Recorder<'_> {
            type Error = Stop;
            fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
                Err(Stop)
            }
            fn deserialize_struct<V: serde::de::Visitor<'de>>(
                self,
                _: &'static str,
                fields: &'static [&'static str],
                _: V,
            ) -> Result<V::Value, Stop> {
                self.0.extend_from_slice(fields);
                Err(Stop)
            }
            serde::forward_to_deserialize_any! {
                bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
                option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
                ignored_any
            }
        }
        let mut fields = Vec::new();
        assert!(T::deserialize(Recorder(&mut fields)).is_err());
        fields.sort_unstable();
        fields
    }

    #[test]
    fn every_reader_knows_exactly_the_fields_serde_knows() {
        use crate::{origins::OriginsOptions, password::*, token::TokenOptions};
        assert_eq!(js_field_names::<Sample>(), serde_fields::<Sample>());
        assert_eq!(js_field_names::<OriginsOptions>(), serde_fields::<OriginsOptions>());
        assert_eq!(js_field_names::<TokenOptions>(), serde_fields::<TokenOptions>());
        assert_eq!(js_field_names::<PasswordPolicy>(), serde_fields::<PasswordPolicy>());
        assert_eq!(js_field_names::<PasswordContext>(), serde_fields::<PasswordContext>());
    }

    /// Every field alone with every kind of value the pool holds: each reader gives serde's
    /// answer for each field, not only where a random object happened to test it.
    #[test]
    fn every_field_with_every_kind_of_value_reads_as_serde_reads_it() {
        use crate::{origins::OriginsOptions, password::*, token::TokenOptions};
        let pool = [
            json!(null),
            json!(true),
            json!(false),
            json!(0),
            json!(1),
            json!(4),
            json!(255),
            json!(256),
            json!(4_294_967_295u64),
            json!(4_294_967_296u64),
            json!(-1),
            json!(0.5),
            json!(-1.5),
            json!(1e300),
            json!(3600.0),
            json!(""),
            json!("es"),
            json!("utf8"),
            json!("base64"),
            json!("base64url"),
            json!("hex"),
            json!("HEX"),
            json!([]),
            json!(["a"]),
            json!(["a", 1]),
            json!([null]),
            json!({}),
        ];
        fn each<T>(pool: &[Value])
        where
            T: ReadOptions + serde::de::DeserializeOwned + PartialEq + fmt::Debug,
        {
            for field in T::FIELDS {
                for value in pool {
                    let object = json!({ camel_case(field): value });
                    let ours = read::<T>(&object);
                    let serde = serde_json::from_value::<T>(object.clone());
                    assert_eq!(
                        ours.as_ref().ok(),
                        serde.as_ref().ok(),
                        "{object}: ours {ours:?}, serde {serde:?}"
                    );
                }
            }
        }
        each::<Sample>(&pool);
        each::<OriginsOptions>(&pool);
        each::<TokenOptions>(&pool);
        each::<PasswordPolicy>(&pool);
        each::<PasswordContext>(&pool);
    }

    #[test]
    fn an_enum_variant_is_read_from_its_name_only() {
        let object = json!({"secretEncoding": {"hex": null}});
        assert!(serde_json::from_value::<crate::token::TokenOptions>(object.clone()).is_ok(), "serde's form");
        assert!(read::<crate::token::TokenOptions>(&object).is_err());
    }

    /// Property tests (host only: proptest is not built for wasm32).
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// A value of any JSON type, leaning on those the options hold and the edges between
        /// their types (u8/u32 limits, negative, fractional, null, enum names).
        fn option_value() -> impl Strategy<Value = Value> {
            prop_oneof![
                Just(Value::Null),
                any::<bool>().prop_map(Value::from),
                prop::sample::select(vec![0i64, 1, 8, 128, 255, 256, 4_294_967_295, 4_294_967_296, -1])
                    .prop_map(Value::from),
                prop::sample::select(vec![0.5, -1.5, 1e300, 3600.0]).prop_map(Value::from),
                prop::sample::select(vec!["", "es", "utf8", "base64", "base64url", "hex", "HEX", "HS256"])
                    .prop_map(Value::from),
                prop::collection::vec(
                    prop::sample::select(vec![json!("a"), json!("HS512"), json!(1), json!(null)]),
                    0..3
                )
                .prop_map(Value::from),
                Just(json!({})),
            ]
        }

        /// An object with some of `T`'s fields (and now and then a key that is none of them).
        fn options_object<T: JsFields>() -> impl Strategy<Value = Value> {
            let fields: Vec<String> = T::FIELDS.iter().map(|field| camel_case(field)).collect();
            let key = prop_oneof![9 => prop::sample::select(fields), 1 => Just("unknownKey".to_owned())];
            prop::collection::vec((key, option_value()), 0..5)
                .prop_map(|members| Value::Object(members.into_iter().collect()))
        }

        /// `read` accepts exactly what serde's derive accepts, and reads the same value.
        fn agrees_with_serde<T>(value: &Value) -> Result<(), TestCaseError>
        where
            T: ReadOptions + serde::de::DeserializeOwned + PartialEq + fmt::Debug,
        {
            let ours = read::<T>(value);
            let serde = serde_json::from_value::<T>(value.clone());
            prop_assert_eq!(
                ours.as_ref().ok(),
                serde.as_ref().ok(),
                "{} (ours: {:?}, serde: {:?})",
                value,
                ours,
                serde
            );
            Ok(())
        }

        proptest! {
            #[test]
            fn every_options_reader_agrees_with_serde_s_derive(
                sample in options_object::<Sample>(),
                origins in options_object::<crate::origins::OriginsOptions>(),
                token in options_object::<crate::token::TokenOptions>(),
                policy in options_object::<crate::password::PasswordPolicy>(),
                context in options_object::<crate::password::PasswordContext>(),
            ) {
                agrees_with_serde::<Sample>(&sample)?;
                agrees_with_serde::<crate::origins::OriginsOptions>(&origins)?;
                agrees_with_serde::<crate::token::TokenOptions>(&token)?;
                agrees_with_serde::<crate::password::PasswordPolicy>(&policy)?;
                agrees_with_serde::<crate::password::PasswordContext>(&context)?;
            }
        }
    }
}
