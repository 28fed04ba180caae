//! Reading the options objects the functions take (`{ siteIsHttps: true }`, a password
//! policy, ...) from JSON, with the rules serde's derive would apply: every field optional,
//! `null` only for optional fields, integers only where the type is an integer, and an
//! unknown field an error, so a misspelt `minLenght` cannot pass silently.
//!
//! Written out instead of derived because of what it costs in the browser: serde's
//! `Deserialize` for five structs, serde_json's `Value` deserializer behind `from_value` and
//! the float formatting its error messages keep alive were 2.9 KiB brotli of the core module,
//! which is what the admin page waits for. Each options type lists its fields once, in
//! [`ReadOptions::FIELDS`]; the tests check every reader against serde's derive (the server
//! still reads stored settings with it): the same field names, and the same answer for every
//! field and every kind of value. One difference is deliberate: serde also reads an enum
//! variant from a one-key object (`{"hex": null}` for `"hex"`); here only the string is.

use std::fmt;

use serde_json::{Map, Value};

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

/// An options type that can be read from a JSON object.
pub trait ReadOptions: Sized + Default {
    /// Every field's camelCase name: any other key is an error.
    const FIELDS: &'static [&'static str];

    /// Reads the fields present in `fields`; absent ones keep [`Default`]'s value.
    ///
    /// # Errors
    ///
    /// The first field whose value has the wrong type or range.
    fn read(fields: &Fields<'_>) -> Result<Self, OptionsError>;
}

/// Reads `value`, which must be a JSON object whose keys are all in `T::FIELDS`.
///
/// # Errors
///
/// `value` is not an object, has a key `T` does not know, or a value of the wrong type.
pub fn read<T: ReadOptions>(value: &Value) -> Result<T, OptionsError> {
    let Value::Object(object) = value else {
        return Err(OptionsError::new("must be an object".to_owned()));
    };
    if let Some(unknown) = object.keys().find(|key| !T::FIELDS.contains(&key.as_str())) {
        return Err(OptionsError::new(format!(
            "unknown option `{unknown}` (the options are {})",
            T::FIELDS.join(", ")
        )));
    }
    T::read(&Fields { object })
}

/// The members of an options object, read one field at a time.
pub struct Fields<'a> {
    object: &'a Map<String, Value>,
}

impl Fields<'_> {
    /// The value of `name`; `Ok(None)` when absent, or `null` and `nullable`.
    fn get(&self, name: &str, nullable: bool, expected: &str) -> Result<Option<&Value>, OptionsError> {
        match self.object.get(name) {
            None => Ok(None),
            Some(Value::Null) if nullable => Ok(None),
            Some(Value::Null) => Err(wrong(name, expected, &Value::Null)),
            Some(value) => Ok(Some(value)),
        }
    }

    /// A boolean field (`default` when absent).
    ///
    /// # Errors
    ///
    /// The field holds anything but `true` or `false`.
    pub fn bool(&self, name: &str, default: bool) -> Result<bool, OptionsError> {
        const EXPECTED: &str = "a boolean";
        self.get(name, false, EXPECTED)?
            .map_or(Ok(default), |value| value.as_bool().ok_or_else(|| wrong(name, EXPECTED, value)))
    }

    /// A number field (`default` when absent).
    ///
    /// # Errors
    ///
    /// The field holds anything but a number.
    pub fn number(&self, name: &str, default: f64) -> Result<f64, OptionsError> {
        Ok(self.optional_number(name, false)?.unwrap_or(default))
    }

    /// An optional number field: absent or `null` give `None`.
    ///
    /// # Errors
    ///
    /// The field holds anything but a number or `null`.
    pub fn nullable_number(&self, name: &str) -> Result<Option<f64>, OptionsError> {
        self.optional_number(name, true)
    }

    fn optional_number(&self, name: &str, nullable: bool) -> Result<Option<f64>, OptionsError> {
        const EXPECTED: &str = "a number";
        self.get(name, nullable, EXPECTED)?
            .map(|value| value.as_f64().ok_or_else(|| wrong(name, EXPECTED, value)))
            .transpose()
    }

    /// A whole-number field of type `T` (`default` when absent).
    ///
    /// # Errors
    ///
    /// The field holds anything but a whole number that fits `T`.
    pub fn integer<T: Whole>(&self, name: &str, default: T) -> Result<T, OptionsError> {
        Ok(self.optional_integer(name, false)?.unwrap_or(default))
    }

    /// An optional whole-number field: absent or `null` give `None`.
    ///
    /// # Errors
    ///
    /// The field holds anything but `null` or a whole number that fits `T`.
    pub fn nullable_integer<T: Whole>(&self, name: &str) -> Result<Option<T>, OptionsError> {
        self.optional_integer(name, true)
    }

    fn optional_integer<T: Whole>(&self, name: &str, nullable: bool) -> Result<Option<T>, OptionsError> {
        let expected = format!("a whole number from 0 to {}", T::MAX);
        self.get(name, nullable, &expected)?
            .map(|value| {
                value
                    .as_u64()
                    .and_then(|number| T::try_from(number).ok())
                    .ok_or_else(|| wrong(name, &expected, value))
            })
            .transpose()
    }

    /// An optional string field: absent or `null` give `None`.
    ///
    /// # Errors
    ///
    /// The field holds anything but a string or `null`.
    pub fn nullable_string(&self, name: &str) -> Result<Option<String>, OptionsError> {
        const EXPECTED: &str = "a string";
        self.get(name, true, EXPECTED)?
            .map(|value| value.as_str().map(str::to_owned).ok_or_else(|| wrong(name, EXPECTED, value)))
            .transpose()
    }

    /// A string field that names one of `choices` (`default` when absent).
    ///
    /// # Errors
    ///
    /// The field holds anything but one of the choices' names.
    pub fn choice<T: Copy>(&self, name: &str, choices: &[(&str, T)], default: T) -> Result<T, OptionsError> {
        let names: Vec<String> = choices.iter().map(|(choice, _)| format!("\"{choice}\"")).collect();
        let expected = format!("one of {}", names.join(", "));
        let Some(value) = self.get(name, false, &expected)? else {
            return Ok(default);
        };
        let text = value.as_str().ok_or_else(|| wrong(name, &expected, value))?;
        choices
            .iter()
            .find(|(choice, _)| *choice == text)
            .map(|(_, choice)| *choice)
            .ok_or_else(|| wrong(name, &expected, value))
    }

    /// An array-of-strings field (empty when absent).
    ///
    /// # Errors
    ///
    /// The field holds anything but an array of strings.
    pub fn strings(&self, name: &str) -> Result<Vec<String>, OptionsError> {
        Ok(self.optional_strings(name, false)?.unwrap_or_default())
    }

    /// An optional array-of-strings field: absent or `null` give `None`.
    ///
    /// # Errors
    ///
    /// The field holds anything but `null` or an array of strings.
    pub fn nullable_strings(&self, name: &str) -> Result<Option<Vec<String>>, OptionsError> {
        self.optional_strings(name, true)
    }

    fn optional_strings(&self, name: &str, nullable: bool) -> Result<Option<Vec<String>>, OptionsError> {
        const EXPECTED: &str = "an array of strings";
        let Some(value) = self.get(name, nullable, EXPECTED)? else {
            return Ok(None);
        };
        match value.as_array().map(|items| items.iter().find(|item| !item.is_string())) {
            Some(None) => Ok(strings(value)),
            Some(Some(item)) => Err(OptionsError::new(format!(
                "`{name}` must be {EXPECTED}, not an array holding {}",
                describe(item)
            ))),
            None => Err(wrong(name, EXPECTED, value)),
        }
    }
}

/// The strings of `value` when it is an array of strings only.
pub fn strings(value: &Value) -> Option<Vec<String>> {
    value.as_array()?.iter().map(|item| item.as_str().map(str::to_owned)).collect()
}

/// An unsigned integer type an option can hold.
pub trait Whole: TryFrom<u64> {
    /// Its largest value (for messages).
    const MAX: u64;
}

impl Whole for u8 {
    const MAX: u64 = u8::MAX as u64;
}

impl Whole for u32 {
    const MAX: u64 = u32::MAX as u64;
}

/// "`name` must be EXPECTED, not FOUND".
fn wrong(name: &str, expected: &str, found: &Value) -> OptionsError {
    OptionsError::new(format!("`{name}` must be {expected}, not {}", describe(found)))
}

/// A value for a message: scalars as JSON writes them (strings up to 40 characters), the
/// rest by kind.
fn describe(value: &Value) -> String {
    match value {
        Value::String(text) if text.chars().count() > 40 => "a string".to_owned(),
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => value.to_string(),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Default, PartialEq)]
    struct Sample {
        flag: bool,
        count: u8,
        limit: Option<u32>,
        ratio: f64,
        when: Option<f64>,
        name: Option<String>,
        tags: Vec<String>,
        extra: Option<Vec<String>>,
        mode: Mode,
    }

    #[derive(Debug, Default, Clone, Copy, PartialEq)]
    enum Mode {
        #[default]
        Plain,
        Fancy,
    }

    impl ReadOptions for Sample {
        const FIELDS: &'static [&'static str] =
            &["flag", "count", "limit", "ratio", "when", "name", "tags", "extra", "mode"];

        fn read(fields: &Fields<'_>) -> Result<Self, OptionsError> {
            Ok(Sample {
                flag: fields.bool("flag", false)?,
                count: fields.integer("count", 0)?,
                limit: fields.nullable_integer("limit")?,
                ratio: fields.number("ratio", 0.5)?,
                when: fields.nullable_number("when")?,
                name: fields.nullable_string("name")?,
                tags: fields.strings("tags")?,
                extra: fields.nullable_strings("extra")?,
                mode: fields.choice(
                    "mode",
                    &[("plain", Mode::Plain), ("fancy", Mode::Fancy)],
                    Mode::Plain,
                )?,
            })
        }
    }

    fn error(value: Value) -> String {
        read::<Sample>(&value).unwrap_err().to_string()
    }

    #[test]
    fn absent_fields_keep_their_defaults_and_present_ones_are_read() {
        assert_eq!(read::<Sample>(&json!({})).unwrap(), Sample { ratio: 0.5, ..Sample::default() });
        let all = json!({
            "flag": true, "count": 255, "limit": 7, "ratio": -1.5, "when": 1e12, "name": "x",
            "tags": ["a", ""], "extra": [], "mode": "fancy"
        });
        let sample = read::<Sample>(&all).unwrap();
        assert!(sample.flag);
        assert_eq!((sample.count, sample.limit, sample.ratio, sample.when), (255, Some(7), -1.5, Some(1e12)));
        assert_eq!(
            (sample.name.as_deref(), sample.tags.len(), sample.extra, sample.mode),
            (Some("x"), 2, Some(vec![]), Mode::Fancy)
        );
    }

    #[test]
    fn null_is_none_for_optional_fields_only() {
        let nulls = json!({"limit": null, "when": null, "name": null, "extra": null});
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
        assert_eq!(error(json!({"name": {}})), "`name` must be a string, not an object");
        assert_eq!(
            error(json!({"flag": true, "flagg": true})),
            "unknown option `flagg` (the options are flag, count, limit, ratio, when, name, tags, extra, mode)"
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

    fn sorted(fields: &[&'static str]) -> Vec<&'static str> {
        let mut fields = fields.to_vec();
        fields.sort_unstable();
        fields
    }

    #[test]
    fn every_reader_knows_exactly_the_fields_serde_knows() {
        use crate::{origins::OriginsOptions, password::*, settings::SettingsOptions, token::TokenOptions};
        assert_eq!(sorted(OriginsOptions::FIELDS), serde_fields::<OriginsOptions>());
        assert_eq!(sorted(SettingsOptions::FIELDS), serde_fields::<SettingsOptions>());
        assert_eq!(sorted(TokenOptions::FIELDS), serde_fields::<TokenOptions>());
        assert_eq!(sorted(PasswordPolicy::FIELDS), serde_fields::<PasswordPolicy>());
        assert_eq!(sorted(PasswordContext::FIELDS), serde_fields::<PasswordContext>());
    }

    /// Every field alone with every kind of value the pool holds: each reader gives serde's
    /// answer for each field, not only where a random object happened to test it.
    #[test]
    fn every_field_with_every_kind_of_value_reads_as_serde_reads_it() {
        use crate::{origins::OriginsOptions, password::*, settings::SettingsOptions, token::TokenOptions};
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
                    let object = json!({ *field: value });
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
        each::<OriginsOptions>(&pool);
        each::<SettingsOptions>(&pool);
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

        /// An object with some of `fields` (and now and then a key that is none of them).
        fn options_object(fields: &'static [&'static str]) -> impl Strategy<Value = Value> {
            let key = prop_oneof![9 => prop::sample::select(fields), 1 => Just("unknownKey")];
            prop::collection::vec((key, option_value()), 0..5).prop_map(|members| {
                Value::Object(members.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
            })
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
                origins in options_object(crate::origins::OriginsOptions::FIELDS),
                settings in options_object(crate::settings::SettingsOptions::FIELDS),
                token in options_object(crate::token::TokenOptions::FIELDS),
                policy in options_object(crate::password::PasswordPolicy::FIELDS),
                context in options_object(crate::password::PasswordContext::FIELDS),
            ) {
                agrees_with_serde::<crate::origins::OriginsOptions>(&origins)?;
                agrees_with_serde::<crate::settings::SettingsOptions>(&settings)?;
                agrees_with_serde::<crate::token::TokenOptions>(&token)?;
                agrees_with_serde::<crate::password::PasswordPolicy>(&policy)?;
                agrees_with_serde::<crate::password::PasswordContext>(&context)?;
            }
        }
    }
}
