//! The issue every validator reports, and the pieces of a report they all share.

use serde::Serialize;
use serde_json::{Map, Value};

#[cfg(feature = "password-checker")]
use crate::messages::PasswordCode;
use crate::messages::{Entry, Locale};
#[cfg(not(feature = "password-module"))]
use crate::messages::{OriginCode, SettingsCode, TokenCode};

js_enum! {
    /// How bad a finding is. Only "error" makes a report's `ok` false.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Severity {
        /// The value must not be saved as it is.
        Error = "error",
        /// The value works, but probably not as intended.
        Warning = "warning",
        /// Worth knowing; nothing to fix.
        Info = "info",
    }
}

/// The stable code of an issue: one closed enum per family, each variant with its messages
/// in the catalogue (`src/messages/`). Serialized as its string (`origin.trailing_slash`).
///
/// Each WebAssembly module has only the families its functions raise (see Cargo.toml's
/// features); a native build has them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IssueCode {
    /// `password.*`: a rule the password breaks.
    #[cfg(feature = "password-checker")]
    Password(PasswordCode),
    /// `origin.*`: an allowed origin written as no browser sends it.
    #[cfg(not(feature = "password-module"))]
    Origin(OriginCode),
    /// `token.*`: what the JWT inspector found.
    #[cfg(not(feature = "password-module"))]
    Token(TokenCode),
    /// `policy.*`, `ttl.*`, `settings.invalid`: the settings object's checks.
    #[cfg(not(feature = "password-module"))]
    Settings(SettingsCode),
}

impl IssueCode {
    /// The code as the JSON and the JS API spell it (`origin.trailing_slash`).
    pub fn as_str(self) -> &'static str {
        self.entry().key
    }

    /// The catalogue row of the code: its key and messages.
    pub(crate) fn entry(self) -> &'static Entry {
        match self {
            #[cfg(feature = "password-checker")]
            IssueCode::Password(code) => code.entry(),
            #[cfg(not(feature = "password-module"))]
            IssueCode::Origin(code) => code.entry(),
            #[cfg(not(feature = "password-module"))]
            IssueCode::Token(code) => code.entry(),
            #[cfg(not(feature = "password-module"))]
            IssueCode::Settings(code) => code.entry(),
        }
    }
}

impl std::fmt::Display for IssueCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for IssueCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A family's code is an issue code, and compares equal to it.
macro_rules! families {
    ($($family:ident => $variant:ident, $cfg:meta;)+) => {$(
        #[$cfg]
        impl From<$family> for IssueCode {
            fn from(code: $family) -> Self {
                IssueCode::$variant(code)
            }
        }

        #[$cfg]
        impl PartialEq<$family> for IssueCode {
            fn eq(&self, other: &$family) -> bool {
                *self == IssueCode::$variant(*other)
            }
        }
    )+};
}

families! {
    PasswordCode => Password, cfg(feature = "password-checker");
    OriginCode => Origin, cfg(not(feature = "password-module"));
    TokenCode => Token, cfg(not(feature = "password-module"));
    SettingsCode => Settings, cfg(not(feature = "password-module"));
}

/// Compares with the code's string, for tests and callers that hold codes as text
/// (`issue.code == "origin.trailing_slash"`).
impl PartialEq<&str> for IssueCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for IssueCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

js_object! {
    /// One finding about an input: a stable `code` (the UI and tests key on it), its severity
    /// and a localized message. Codes are part of the API; messages are not.
    #[derive(Debug, Clone, PartialEq, Serialize)]
    pub struct Issue {
        /// Stable identifier such as `origin.trailing_slash`.
        pub code: IssueCode,
        /// How bad it is.
        pub severity: Severity,
        /// The catalogue's message in the requested locale, with `params` filled in.
        pub message: String,
        /// Where in a settings object the problem is (`cors.allowedOrigins[2]`).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub path: Option<String>,
        /// UTF-16 offsets into the checked text: `text.slice(a, b)` is the culprit.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub span: Option<[usize; 2]>,
        /// Values the message uses (`min`, `max`, `claim`, …).
        #[serde(skip_serializing_if = "Map::is_empty")]
        pub params: Map<String, Value>,
    }
}

impl Issue {
    /// An issue whose message is rendered from the catalogue once all params are set
    /// (see [`Issue::localize`]); validators build issues, reports localize them.
    pub fn new(code: impl Into<IssueCode>, severity: Severity) -> Self {
        Issue {
            code: code.into(),
            severity,
            message: String::new(),
            path: None,
            span: None,
            params: Map::new(),
        }
    }

    /// An issue of severity [`Severity::Error`].
    pub fn error(code: impl Into<IssueCode>) -> Self {
        Self::new(code, Severity::Error)
    }

    /// An issue of severity [`Severity::Warning`].
    pub fn warning(code: impl Into<IssueCode>) -> Self {
        Self::new(code, Severity::Warning)
    }

    /// An issue of severity [`Severity::Info`].
    pub fn info(code: impl Into<IssueCode>) -> Self {
        Self::new(code, Severity::Info)
    }

    /// Adds a value the message may use.
    #[must_use]
    pub fn param(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.params.insert(name.to_owned(), value.into());
        self
    }

    /// Adds a piece of user input the message may quote, bounded to
    /// [`ECHO_LIMIT`] characters so that reports stay small whatever was typed.
    #[must_use]
    pub fn quoted(self, name: &str, text: &str) -> Self {
        self.param(name, bounded_echo(text))
    }

    /// Sets the UTF-16 span `[start, end)` of the culprit in the checked text.
    #[must_use]
    pub fn span(mut self, span: [usize; 2]) -> Self {
        self.span = Some(span);
        self
    }

    /// Sets the settings path (`passwordPolicy.minLength`).
    #[must_use]
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Renders `message` from the catalogue in `locale`.
    pub fn localize(&mut self, locale: Locale) {
        self.message = self.code.entry().render(locale, &self.params);
    }
}

/// 2^53: up to it every integer is exact as an f64; above it a double is always whole but no
/// longer converts to the integer it looks like.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_992.0;

/// A number as a message parameter: a whole number without a trailing `.0` (a message says
/// "3600 seconds", not "3600.0"), any other as it is.
pub fn number_param(number: f64) -> Value {
    if number.fract() == 0.0 && number.abs() < MAX_SAFE_INTEGER {
        Value::from(number as i64)
    } else {
        Value::from(number)
    }
}

/// How many characters of user input an issue may quote.
pub const ECHO_LIMIT: usize = 64;

/// `text` cut to [`ECHO_LIMIT`] characters, with `…` when it was longer.
pub fn bounded_echo(text: &str) -> String {
    match text.char_indices().nth(ECHO_LIMIT) {
        None => text.to_owned(),
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or(text)),
    }
}

/// True when none of `issues` is an error: the `ok` of every report.
pub fn no_errors(issues: &[Issue]) -> bool {
    issues.iter().all(|issue| issue.severity != Severity::Error)
}

/// Localizes every issue in place.
pub fn localize_all(issues: &mut [Issue], locale: Locale) {
    for issue in issues {
        issue.localize(locale);
    }
}

/// Maps byte offsets of a UTF-8 string to the UTF-16 offsets JavaScript uses.
///
/// Built once per checked text; each lookup is a binary search, so a text with
/// thousands of entries costs O(n log n) in all rather than O(n²).
#[derive(Debug)]
pub struct Utf16Offsets {
    /// `(byte offset, utf16 offset)` just after every non-ASCII character: between two
    /// marks the text is ASCII, where bytes and UTF-16 units advance together.
    after_wide: Vec<(usize, usize)>,
}

impl Utf16Offsets {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let mut after_wide = Vec::new();
        let mut utf16 = 0usize;
        let mut last_byte = 0usize;
        for (byte, ch) in text.char_indices() {
            utf16 += byte - last_byte;
            last_byte = byte;
            if !ch.is_ascii() {
                utf16 += ch.len_utf16();
                last_byte += ch.len_utf8();
                after_wide.push((last_byte, utf16));
            }
        }
        Utf16Offsets { after_wide }
    }

    /// The UTF-16 offset of the character boundary at `byte`.
    pub fn at(&self, byte: usize) -> usize {
        match self.after_wide.partition_point(|&(b, _)| b <= byte) {
            0 => byte,
            n => {
                let (mark_byte, mark_utf16) = self.after_wide[n - 1];
                mark_utf16 + (byte - mark_byte)
            }
        }
    }

    /// The UTF-16 span of the byte range `[start, end)`.
    pub fn span(&self, start: usize, end: usize) -> [usize; 2] {
        [self.at(start), self.at(end)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16_offset(text: &str, byte: usize) -> usize {
        text[..byte].encode_utf16().count()
    }

    #[test]
    fn utf16_offsets_match_a_direct_count_at_every_boundary() {
        for text in ["", "abc", "héllo, wörld", "😀 https://a.com, ñ", "日本語😀😀x", "e\u{301}🇨🇱 z"]
        {
            let offsets = Utf16Offsets::new(text);
            for (byte, _) in text.char_indices().chain([(text.len(), ' ')]) {
                assert_eq!(offsets.at(byte), utf16_offset(text, byte), "{text:?} at {byte}");
            }
        }
    }

    #[test]
    fn bounded_echo_cuts_long_input_on_a_character_boundary() {
        assert_eq!(bounded_echo("short"), "short");
        let long = "é".repeat(100);
        let echoed = bounded_echo(&long);
        assert_eq!(echoed.chars().count(), ECHO_LIMIT + 1);
        assert!(echoed.ends_with('…'));
    }

    #[test]
    fn number_params_drop_the_fraction_only_when_there_is_none() {
        assert_eq!(number_param(3600.0), Value::from(3600));
        assert_eq!(number_param(-2.0), Value::from(-2));
        assert_eq!(number_param(0.5), Value::from(0.5));
        assert_eq!(number_param(1e300), Value::from(1e300));
    }

    #[test]
    fn ok_is_false_only_for_errors() {
        assert!(no_errors(&[Issue::warning(OriginCode::Duplicate), Issue::info(TokenCode::BearerPrefix)]));
        assert!(!no_errors(&[Issue::error(SettingsCode::TtlOutOfRange)]));
    }
}
