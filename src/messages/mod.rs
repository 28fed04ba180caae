//! The message catalogue: every issue code's message in English, Spanish and Portuguese.
//!
//! Each family keeps one row per code with all three languages side by side, so a code
//! cannot be added in one language and forgotten in another; the tests below check that
//! every row's translations use the same `{placeholders}`.

/// Declares a closed set of catalogue keys — an issue-code family, or labels — as an enum whose
/// every variant carries its key and its text in each language: a code cannot exist without
/// its messages, and the code branches on variants, never on strings.
///
/// Gives the enum `ALL` (catalogue order), `as_str()` (the stable key) and `entry()` (its
/// row), and serializes it as its key. A variant may carry a second text, its `label` (a
/// password rule's checklist line), given by `label()`.
macro_rules! catalogue {
    (@label $key:literal) => {
        None
    };
    (@label $key:literal, $en:literal, $es:literal, $pt:literal) => {
        Some($crate::messages::Entry { key: $key, en: $en, es: $es, pt: $pt })
    };
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $(
                $variant:ident = $key:literal {
                    en: $en:literal,
                    es: $es:literal,
                    pt: $pt:literal $(,)?
                } $(label {
                    en: $label_en:literal,
                    es: $label_es:literal,
                    pt: $label_pt:literal $(,)?
                })?
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $(
                #[doc = $key]
                $variant,
            )+
        }

        impl $name {
            /// Every variant, in catalogue order.
            #[allow(dead_code)] // the label sets (time words) need no list
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// One row per variant, in declaration order: `entry` indexes it by discriminant.
            pub(crate) const ENTRIES: &'static [$crate::messages::Entry] =
                &[$($crate::messages::Entry { key: $key, en: $en, es: $es, pt: $pt }),+];

            /// The stable key, e.g. `origin.trailing_slash`.
            pub fn as_str(self) -> &'static str {
                self.entry().key
            }

            /// The catalogue row: the key and its texts.
            pub(crate) fn entry(self) -> &'static $crate::messages::Entry {
                &Self::ENTRIES[self as usize]
            }

            /// The variant's second text, if it has one.
            #[allow(dead_code)] // only the password family has labels
            pub(crate) fn label(self) -> Option<&'static $crate::messages::Entry> {
                const LABELS: &[Option<$crate::messages::Entry>] =
                    &[$(catalogue!(@label $key $(, $label_en, $label_es, $label_pt)?)),+];
                LABELS[self as usize].as_ref()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    };
}

// Each WebAssembly module carries only the rows its functions can emit: the core module
// has no password checker, the password module nothing but it (see Cargo.toml's features).
#[cfg(not(feature = "password-module"))]
pub(crate) mod origin;
#[cfg(feature = "password-checker")]
pub(crate) mod password;
#[cfg(not(feature = "password-module"))]
pub(crate) mod settings;
#[cfg(feature = "password-checker")]
mod strength;
mod time;
#[cfg(not(feature = "password-module"))]
pub(crate) mod token;

#[cfg(not(feature = "password-module"))]
pub use origin::OriginCode;
#[cfg(feature = "password-checker")]
pub use password::PasswordCode;
#[cfg(not(feature = "password-module"))]
pub use settings::{Explanation, SettingsCode};
#[cfg(feature = "password-checker")]
pub use strength::{ScoreLabel, StrengthCode};
use time::TimeWords;
#[cfg(not(feature = "password-module"))]
pub use token::TokenCode;

use serde_json::{Map, Value};

/// A language of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    /// English, the default and the fallback.
    #[default]
    En,
    /// Spanish.
    Es,
    /// Portuguese.
    Pt,
}

impl Locale {
    /// The catalogue language for a BCP 47 tag (`es`, `es-CL`, `pt_BR`); English for
    /// anything else, the way `Intl` falls back rather than failing.
    pub fn from_tag(tag: &str) -> Locale {
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("es") {
            Locale::Es
        } else if primary.eq_ignore_ascii_case("pt") {
            Locale::Pt
        } else {
            Locale::En
        }
    }

    /// The catalogue language an HTTP `Accept-Language` header prefers (RFC 9110 §12.5.4):
    /// of the ranges naming English, Spanish or Portuguese, the one with the highest `q`, the
    /// earlier on a tie. `q=0` means "not this one"; `*`, other languages and ranges with a
    /// malformed `q` are skipped. `None` when no range names a catalogue language.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        let mut best: Option<(Locale, u16)> = None;
        for range in header.split(',') {
            let mut parts = range.split(';');
            let tag = parts.next().unwrap_or("").trim();
            let primary = tag.split(['-', '_']).next().unwrap_or("");
            let locale = match primary.to_ascii_lowercase().as_str() {
                "en" => Locale::En,
                "es" => Locale::Es,
                "pt" => Locale::Pt,
                _ => continue,
            };
            let mut weight = Some(1000u16);
            for parameter in parts {
                if let Some((name, value)) = parameter.split_once('=') {
                    if name.trim().eq_ignore_ascii_case("q") {
                        weight = quality(value.trim());
                    }
                }
            }
            match weight {
                Some(weight) if weight > 0 && best.is_none_or(|(_, kept)| weight > kept) => {
                    best = Some((locale, weight));
                }
                _ => {}
            }
        }
        best.map(|(locale, _)| locale)
    }

    /// The locale named by an optional tag.
    pub fn from_option(tag: Option<&str>) -> Locale {
        tag.map(Locale::from_tag).unwrap_or_default()
    }

    /// The primary language subtag (`en`, `es`, `pt`).
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Es => "es",
            Locale::Pt => "pt",
        }
    }
}

/// An RFC 9110 quality value (`0`, `0.5`, `1.000`) in thousandths; `None` when malformed.
fn quality(value: &str) -> Option<u16> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let thousandths = format!("{fraction:0<3}").parse::<u16>().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// One catalogue row: a key and its text in each language, with `{param}` placeholders.
#[derive(Debug)]
pub(crate) struct Entry {
    pub key: &'static str,
    pub en: &'static str,
    pub es: &'static str,
    pub pt: &'static str,
}

impl Entry {
    /// The text in `locale`, placeholders unfilled (for the rows that have none).
    pub(crate) fn text(&self, locale: Locale) -> &'static str {
        match locale {
            Locale::En => self.en,
            Locale::Es => self.es,
            Locale::Pt => self.pt,
        }
    }

    /// The text in `locale` with `params` filled in.
    pub(crate) fn render(&self, locale: Locale, params: &Map<String, Value>) -> String {
        fill(self.text(locale), params)
    }
}

/// Every table of the catalogue, for the lookups by key ([`has`], [`render`]) and the tests.
/// Issue codes and the other keys (time units `time.…`, the meter's labels
/// `strength.score.…`, the explanations `settings.problem.…`) share one namespace.
fn tables() -> Vec<&'static [Entry]> {
    let mut tables: Vec<&'static [Entry]> = vec![TimeWords::ENTRIES];
    #[cfg(feature = "password-checker")]
    tables.extend([PasswordCode::ENTRIES, StrengthCode::ENTRIES, ScoreLabel::ENTRIES]);
    #[cfg(not(feature = "password-module"))]
    tables.extend([OriginCode::ENTRIES, TokenCode::ENTRIES, SettingsCode::ENTRIES, Explanation::ENTRIES]);
    tables
}

fn lookup(key: &str) -> Option<&'static Entry> {
    tables().into_iter().flatten().find(|entry| entry.key == key)
}

/// True when the catalogue has a row for `key`.
pub fn has(key: &str) -> bool {
    lookup(key).is_some()
}

/// The message for `key` in `locale` with `params` filled in. An unknown key renders
/// as itself (the tests make sure no emitted code is unknown).
///
/// For callers that hold a key as text; the core itself renders from a family's variant
/// ([`crate::issue::Issue::localize`], the strength feedback).
pub fn render(key: &str, locale: Locale, params: &Map<String, Value>) -> String {
    match lookup(key) {
        Some(entry) => entry.render(locale, params),
        None => key.to_owned(),
    }
}

/// The message for `key` with no parameters.
pub fn text(key: &str, locale: Locale) -> String {
    render(key, locale, &Map::new())
}

/// Replaces each `{name}` in `template` by the parameter's value (strings unquoted).
fn fill(template: &str, params: &Map<String, Value>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some((before, after)) = rest.split_once('{') {
        out.push_str(before);
        match after.split_once('}') {
            Some((name, tail)) => {
                match params.get(name) {
                    Some(Value::String(text)) => out.push_str(text),
                    Some(value) => out.push_str(&crate::json_text::value(value)),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = tail;
            }
            None => {
                out.push('{');
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// `seconds` in words, bucketed and rounded as Dropbox zxcvbn's `display_time` does
/// (the crate's `Display` truncates instead: 90 s is "1 minute" there, "2 minutes" here).
pub fn display_time(seconds: f64, locale: Locale) -> String {
    const MINUTE: f64 = 60.0;
    const HOUR: f64 = MINUTE * 60.0;
    const DAY: f64 = HOUR * 24.0;
    const MONTH: f64 = DAY * 31.0;
    const YEAR: f64 = MONTH * 12.0;
    const CENTURY: f64 = YEAR * 100.0;
    let words = |words: TimeWords, params: &Map<String, Value>| words.entry().render(locale, params);
    let (one, many, unit) = if seconds < 1.0 {
        return words(TimeWords::Instant, &Map::new());
    } else if seconds < MINUTE {
        (TimeWords::Second, TimeWords::Seconds, 1.0)
    } else if seconds < HOUR {
        (TimeWords::Minute, TimeWords::Minutes, MINUTE)
    } else if seconds < DAY {
        (TimeWords::Hour, TimeWords::Hours, HOUR)
    } else if seconds < MONTH {
        (TimeWords::Day, TimeWords::Days, DAY)
    } else if seconds < YEAR {
        (TimeWords::Month, TimeWords::Months, MONTH)
    } else if seconds < CENTURY {
        (TimeWords::Year, TimeWords::Years, YEAR)
    } else {
        return words(TimeWords::Centuries, &Map::new());
    };
    // Rounded like zxcvbn (f64::round is half away from zero, as Math.round is for positives).
    let count = (seconds / unit).round() as u64;
    if count == 1 {
        words(one, &Map::new())
    } else {
        let mut params = Map::new();
        params.insert("n".into(), count.into());
        words(many, &params)
    }
}

/// Every key of the catalogue, for the tests that check coverage.
#[cfg(test)]
pub(crate) fn all_keys() -> Vec<&'static str> {
    tables().into_iter().flatten().map(|entry| entry.key).collect()
}

// Needs every table (the default features) and a file system.
#[cfg(all(
    test,
    feature = "password-checker",
    not(feature = "password-module"),
    not(target_arch = "wasm32")
))]
mod codes_doc;

#[cfg(test)]
mod tests {
    #[test]
    fn accept_language_takes_the_best_weighted_catalogue_language() {
        let pick = Locale::from_accept_language;
        assert_eq!(pick("es-CL,en;q=0.8"), Some(Locale::Es));
        assert_eq!(pick("es;q=0.1, pt;q=0.9"), Some(Locale::Pt));
        assert_eq!(pick("de-DE, pt-BR;q=0.5, en;q=0.4"), Some(Locale::Pt), "German has no messages");
        assert_eq!(pick("pt;q=0.5, es;q=0.5"), Some(Locale::Pt), "a tie keeps the earlier");
        assert_eq!(pick("es;q=0, en;q=0.1"), Some(Locale::En), "q=0 refuses Spanish");
        assert_eq!(pick("ES_mx;Q=1.000"), Some(Locale::Es));
        assert_eq!(pick("es;q=2, pt;q=0.1234, en;q=.5"), None, "malformed weights are skipped");
        assert_eq!(pick("*"), None);
        assert_eq!(pick("de, fr;q=0.9"), None);
        assert_eq!(pick(""), None);
    }

    use super::*;
    use std::collections::BTreeSet;

    fn placeholders(text: &str) -> BTreeSet<&str> {
        text.split('{').skip(1).filter_map(|part| part.split_once('}').map(|(name, _)| name)).collect()
    }

    #[test]
    fn display_time_buckets_like_zxcvbn() {
        assert_eq!(display_time(0.5, Locale::En), "less than a second");
        assert_eq!(display_time(1.0, Locale::En), "1 second");
        assert_eq!(display_time(90.0, Locale::En), "2 minutes");
        assert_eq!(display_time(3.0 * 3600.0, Locale::Es), "3 horas");
        assert_eq!(display_time(40.0 * 86400.0, Locale::Pt), "1 mês");
        assert_eq!(display_time(1e12, Locale::En), "centuries");
    }

    #[test]
    fn every_row_uses_the_same_placeholders_in_every_language() {
        for entry in tables().into_iter().flatten() {
            let en = placeholders(entry.en);
            assert_eq!(en, placeholders(entry.es), "{} (es)", entry.key);
            assert_eq!(en, placeholders(entry.pt), "{} (pt)", entry.key);
        }
    }

    #[cfg(feature = "password-checker")]
    #[test]
    fn every_password_code_has_its_rule_label_translated_with_the_same_placeholders() {
        for code in PasswordCode::ALL {
            let label = code.label().unwrap_or_else(|| panic!("{code} has no checklist label"));
            let en = placeholders(label.en);
            assert!(
                !label.en.trim().is_empty() && !label.es.trim().is_empty() && !label.pt.trim().is_empty()
            );
            assert_eq!(en, placeholders(label.es), "{code} (es)");
            assert_eq!(en, placeholders(label.pt), "{code} (pt)");
        }
    }

    #[test]
    fn every_row_is_translated() {
        for entry in tables().into_iter().flatten() {
            for text in [entry.en, entry.es, entry.pt] {
                assert!(!text.trim().is_empty(), "{} has an empty text", entry.key);
            }
        }
    }

    #[test]
    fn keys_are_unique() {
        let mut seen = BTreeSet::new();
        for key in all_keys() {
            assert!(seen.insert(key), "{key} appears twice");
        }
    }

    #[test]
    fn locale_tags_fall_back_to_english() {
        assert_eq!(Locale::from_tag("es-CL"), Locale::Es);
        assert_eq!(Locale::from_tag("pt_BR"), Locale::Pt);
        assert_eq!(Locale::from_tag("PT"), Locale::Pt);
        assert_eq!(Locale::from_tag("fr"), Locale::En);
        assert_eq!(Locale::from_tag(""), Locale::En);
    }

    #[test]
    fn fill_replaces_known_params_and_keeps_unknown_ones() {
        let mut params = Map::new();
        params.insert("min".into(), 8.into());
        params.insert("term".into(), "acme".into());
        assert_eq!(fill("at least {min}, not {term}, {other}", &params), "at least 8, not acme, {other}");
        assert_eq!(fill("unclosed {brace", &params), "unclosed {brace");
    }
}
