//! One declaration per type that crosses to JavaScript. Each macro below takes the type as
//! it is written in Rust — doc comments, fields, defaults — and derives from it everything
//! else the boundary needs, so no field is ever written twice:
//!
//! - [`js_options!`]: an options object a function takes (`PasswordPolicy`, `TokenOptions`):
//!   the struct, its `Default` (the defaults sit beside the fields), serde's derives for the
//!   server and the tests, and the reader the wasm facade uses ([`crate::options`]);
//! - [`js_object!`]: an object the core returns (a report) or takes whole (the settings);
//! - [`js_enum!`]: a string union (`"valid" | "expired" | …`).
//!
//! Each also declares its TypeScript, which `src/typescript.rs` writes into the package's
//! `js/policy_widget.d.ts` and checks there (tests only: nothing of it is in the WebAssembly).
//! JavaScript names are the fields' names in camelCase, as serde's `rename_all = "camelCase"`
//! spells them ([`camel_case`]).

/// The key JavaScript uses for the Rust field `snake` (`min_length` → `minLength`): serde's
/// `rename_all = "camelCase"` for snake_case names.
pub fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for ch in snake.chars() {
        if ch == '_' {
            upper = true;
        } else if upper {
            out.push(ch.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(ch);
        }
    }
    out
}

/// True when `key` is [`camel_case`]`(snake)`, without building the string (the options
/// reader compares every key of an object this way).
pub fn is_camel_case_of(key: &str, snake: &str) -> bool {
    let mut key = key.bytes();
    let mut snake = snake.bytes();
    while let Some(byte) = snake.next() {
        let expected = if byte == b'_' {
            match snake.next() {
                Some(next) => next.to_ascii_uppercase(),
                None => return false,
            }
        } else {
            byte
        };
        if key.next() != Some(expected) {
            return false;
        }
    }
    key.next().is_none()
}

/// The fields of a type that crosses to JavaScript, by their Rust names.
pub trait JsFields {
    /// Every field's Rust name; JavaScript spells each in [`camel_case`].
    const FIELDS: &'static [&'static str];
}

/// `T`'s fields as JavaScript names them, sorted (for tests that compare them with what serde
/// reads or writes).
#[cfg(test)]
pub(crate) fn js_field_names<T: JsFields>() -> Vec<String> {
    let mut names: Vec<String> = T::FIELDS.iter().map(|field| camel_case(field)).collect();
    names.sort();
    names
}

/// Declares an options object that a function takes from JavaScript: every field has a
/// default (written after `=`), so `{}` is valid; an unknown key is an error.
///
/// Gives the struct, `Default`, `Serialize`/`Deserialize` (with serde's `default`,
/// `deny_unknown_fields` and camelCase names), [`JsFields`], the reader
/// [`crate::options::ReadOptions`] and, in tests, its TypeScript interface, every field
/// optional.
macro_rules! js_options {
    (
        $(#[doc = $doc:literal])*
        #[derive($($derive:path),* $(,)?)]
        pub struct $name:ident {
            $(
                $(#[doc = $field_doc:literal])*
                pub $field:ident : $ty:ty = $default:expr
            ),+ $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive($($derive,)* ::serde::Serialize, ::serde::Deserialize)]
        #[serde(rename_all = "camelCase", deny_unknown_fields, default)]
        pub struct $name {
            $(
                $(#[doc = $field_doc])*
                pub $field: $ty,
            )+
        }

        impl Default for $name {
            fn default() -> Self {
                $name { $($field: $default),+ }
            }
        }

        impl $crate::boundary::JsFields for $name {
            const FIELDS: &'static [&'static str] = &[$(stringify!($field)),+];
        }

        impl $crate::options::ReadOptions for $name {
            fn read(fields: &$crate::options::Fields<'_>) -> Result<Self, $crate::options::OptionsError> {
                let default = $name::default();
                Ok($name { $($field: fields.read(stringify!($field), default.$field)?),+ })
            }
        }

        #[cfg(test)]
        impl $crate::typescript::TypeScript for $name {
            /// Where the core hands it back (in `SecuritySettings`), every field is there.
            fn ts() -> String {
                format!("Required<{}>", stringify!($name))
            }

            fn declaration() -> Option<String> {
                Some($crate::typescript::interface(
                    &[$($doc),*],
                    stringify!($name),
                    &[$($crate::typescript::Field {
                        docs: &[$($field_doc),*],
                        name: stringify!($field),
                        ty: <$ty as $crate::typescript::TypeScript>::ts(),
                        optional: true,
                    }),+],
                ))
            }
        }
    };
}

/// Declares an object the core hands to JavaScript (a report) or takes whole (the settings):
/// fields in camelCase, a field with `#[serde(skip_serializing_if = …)]` optional in
/// TypeScript. A second `#[serde(…)]` after the derives adds container attributes
/// (`deny_unknown_fields`). `#[ts = "…"]` on a field spells its TypeScript type where the
/// Rust type says less than the values can be (a score `0 | 1 | 2 | 3 | 4` held in a `u8`).
///
/// Gives the struct, [`JsFields`] and, in tests, its TypeScript interface.
macro_rules! js_object {
    (
        $(#[doc = $doc:literal])*
        #[derive($($derive:path),* $(,)?)]
        $(#[serde($($container:tt)*)])?
        pub struct $name:ident {
            $(
                $(#[doc = $field_doc:literal])*
                $(#[serde(skip_serializing_if = $skip:literal)])?
                $(#[ts = $ts:literal])?
                pub $field:ident : $ty:ty
            ),+ $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive($($derive),*)]
        #[serde(rename_all = "camelCase" $(, $($container)*)?)]
        pub struct $name {
            $(
                $(#[doc = $field_doc])*
                $(#[serde(skip_serializing_if = $skip)])?
                pub $field: $ty,
            )+
        }

        impl $crate::boundary::JsFields for $name {
            const FIELDS: &'static [&'static str] = &[$(stringify!($field)),+];
        }

        #[cfg(test)]
        impl $crate::typescript::TypeScript for $name {
            fn ts() -> String {
                stringify!($name).to_owned()
            }

            fn declaration() -> Option<String> {
                Some($crate::typescript::interface(
                    &[$($doc),*],
                    stringify!($name),
                    &[$({
                        let optional = $crate::boundary::is_given!($($skip)?);
                        $crate::typescript::Field {
                            docs: &[$($field_doc),*],
                            name: stringify!($field),
                            ty: $crate::boundary::spelt_or!($($ts)?; if optional {
                                <$ty as $crate::typescript::TypeScript>::ts_when_present()
                            } else {
                                <$ty as $crate::typescript::TypeScript>::ts()
                            }),
                            optional,
                        }
                    }),+],
                ))
            }
        }
    };
}

/// `true` when given a token (a field's `skip_serializing_if`), `false` when not.
#[cfg(test)]
macro_rules! is_given {
    () => {
        false
    };
    ($given:tt) => {
        true
    };
}
#[cfg(test)]
pub(crate) use is_given;

/// The `#[ts = "…"]` spelling when a field has one, else the type's own.
#[cfg(test)]
macro_rules! spelt_or {
    (; $derived:expr) => {
        $derived
    };
    ($spelt:literal; $derived:expr) => {
        $spelt.to_owned()
    };
}
#[cfg(test)]
pub(crate) use spelt_or;

/// Declares a string union: each variant and the string JavaScript sees for it, written
/// once (`(default)` after it marks `Default`'s variant, with `Default` derived). Gives the enum (with serde's derives renaming each variant to its string), `ALL`,
/// `as_str()`, the options reader's [`crate::options::OptionValue`] and, in tests, its
/// TypeScript union.
macro_rules! js_enum {
    (
        $(#[doc = $doc:literal])*
        #[derive($($derive:path),* $(,)?)]
        pub enum $name:ident {
            $(
                $(#[doc = $variant_doc:literal])*
                $variant:ident = $string:literal $(($default:ident))?
            ),+ $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive($($derive,)* ::serde::Serialize, ::serde::Deserialize)]
        pub enum $name {
            $(
                $(#[doc = $variant_doc])*
                #[serde(rename = $string)]
                $(#[$default])?
                $variant,
            )+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The string JavaScript sees.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $string),+
                }
            }
        }

        impl $crate::options::OptionValue for $name {
            fn expected() -> String {
                let names: Vec<String> = $name::ALL.iter().map(|value| format!("\"{}\"", value.as_str())).collect();
                format!("one of {}", names.join(", "))
            }

            fn from_json(value: &::serde_json::Value) -> Result<Self, String> {
                value
                    .as_str()
                    .and_then(|text| $name::ALL.iter().copied().find(|candidate| candidate.as_str() == text))
                    .ok_or_else(|| $crate::options::describe(value))
            }
        }

        #[cfg(test)]
        impl $crate::typescript::TypeScript for $name {
            fn ts() -> String {
                stringify!($name).to_owned()
            }

            fn declaration() -> Option<String> {
                Some($crate::typescript::union(&[$($doc),*], stringify!($name), &[$($string),+]))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case_is_serde_s() {
        #[derive(serde::Serialize, Default)]
        #[serde(rename_all = "camelCase")]
        struct Names {
            min_length: u8,
            site_is_https: u8,
            guesses_log10: u8,
            ok: u8,
            a_b_c: u8,
        }
        let json = serde_json::to_value(Names::default()).unwrap();
        let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
        let mut ours: Vec<String> =
            ["min_length", "site_is_https", "guesses_log10", "ok", "a_b_c"].map(camel_case).into();
        ours.sort();
        assert_eq!(keys, ours.iter().collect::<Vec<_>>());
        for snake in ["min_length", "site_is_https", "guesses_log10", "ok", "a_b_c"] {
            assert!(is_camel_case_of(&camel_case(snake), snake), "{snake}");
        }
    }

    #[test]
    fn is_camel_case_of_refuses_near_misses() {
        for (key, snake) in [
            ("minlength", "min_length"),
            ("MinLength", "min_length"),
            ("min_length", "min_length"),
            ("minLengthX", "min_length"),
            ("minLengt", "min_length"),
            ("min", "min_"),
            ("", "x"),
        ] {
            assert!(!is_camel_case_of(key, snake), "{key} ~ {snake}");
        }
        assert!(is_camel_case_of("", ""));
    }
}
