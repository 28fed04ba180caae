//! `SecuritySettings`: the whole object the admin form posts, its defaults, and
//! [`validate_settings`], which checks it field by field with a path on every issue.
//!
//! ```
//! use policy_widget::settings::{default_settings, validate_settings, SettingsOptions};
//!
//! let mut posted = serde_json::to_value(default_settings()).unwrap();
//! posted["contentToken"]["ttlSeconds"] = serde_json::json!("3600");
//! posted["cors"]["allowedOrigins"] = serde_json::json!(["https://mydomain.com/"]);
//! let report = validate_settings(&posted, &SettingsOptions::default());
//! assert!(!report.ok);
//! assert_eq!(report.issues[0].code, "origin.trailing_slash");
//! assert_eq!(report.issues[0].path.as_deref(), Some("cors.allowedOrigins[0]"));
//! assert_eq!(report.issues[1].code, "settings.invalid");
//! assert_eq!(report.issues[1].path.as_deref(), Some("contentToken.ttlSeconds"));
//! ```

use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::boundary::{is_camel_case_of, JsFields};
use crate::issue::IssueCode;
use crate::issue::{bounded_echo, localize_all, no_errors, number_param, Issue};
pub use crate::messages::SettingsCode;
use crate::messages::{Explanation, Locale};
use crate::origins::{self, OriginsOptions};
use crate::password::PasswordPolicy;

/// The default lifetime of a content-delivery token: one hour, as the platform ships.
pub const DEFAULT_TTL_SECONDS: u64 = 3600;

js_object! {
    /// The whole object the admin form posts: every security setting of the platform.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
    #[serde(deny_unknown_fields)]
    pub struct SecuritySettings {
        /// The rules for users' passwords.
        pub password_policy: PasswordPolicy,
        /// Cross-origin access to the platform's content.
        pub cors: CorsSettings,
        /// The JWTs the content-delivery API signs.
        pub content_token: ContentTokenSettings,
        /// Two-factor authentication.
        pub two_factor: TwoFactorSettings,
    }
}

js_object! {
    /// Cross-origin resource sharing.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
    #[serde(deny_unknown_fields)]
    pub struct CorsSettings {
        /// Whether cross-origin requests are allowed at all (off by default).
        pub enabled: bool,
        /// The origins allowed, normalised (`https://api.mydomain.com`).
        pub allowed_origins: Vec<String>,
    }
}

js_object! {
    /// The content-delivery token.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct ContentTokenSettings {
        /// Lifetime of each token, in seconds (default 3600).
        pub ttl_seconds: u64,
    }
}

impl Default for ContentTokenSettings {
    fn default() -> Self {
        ContentTokenSettings { ttl_seconds: DEFAULT_TTL_SECONDS }
    }
}

js_object! {
    /// Two-factor authentication.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
    #[serde(deny_unknown_fields)]
    pub struct TwoFactorSettings {
        /// Whether every user must set up a second factor.
        pub enforced: bool,
    }
}

/// The settings a new platform starts with.
pub fn default_settings() -> SecuritySettings {
    SecuritySettings::default()
}

/// NIST SP 800-63B §3.1.1.2: at least 8; above 128 no one can type it reliably.
pub const MIN_LENGTH_RANGE: RangeInclusive<u32> = 8..=128;
/// NIST asks verifiers to accept at least 64 characters; 4096 bounds the work per check.
pub const MAX_LENGTH_RANGE: RangeInclusive<u32> = 64..=4096;
/// zxcvbn scores run from 0 to 4.
pub const MIN_SCORE_RANGE: RangeInclusive<u8> = 0..=4;
/// A token lives at least a second and at most 30 days: longer, and a leaked link is a
/// standing grant rather than a delivery.
pub const TTL_SECONDS_RANGE: RangeInclusive<u64> = 1..=2_592_000;
/// Below five minutes a token can expire between being issued and the content loading.
pub const SHORT_TTL_SECONDS: u64 = 300;

/// How to check a settings object: the origins checker's options (`locale`, `siteIsHttps`),
/// since the settings' allowed origins are what they apply to. `{}` is valid; an unknown
/// field is an error.
pub type SettingsOptions = OriginsOptions;

js_object! {
    /// What `validateSettings` found.
    #[derive(Debug, Clone, PartialEq, Serialize)]
    pub struct SettingsReport {
        /// True when no issue has severity "error": the settings may be saved.
        pub ok: bool,
        /// Every finding, each with the `path` of the field it is about, in document order.
        pub issues: Vec<Issue>,
        /// The typed settings whenever the object has the right shape and every value fits its
        /// type, even when a policy check failed (`ok` says whether to save); null when any
        /// field is missing, unknown or of the wrong type.
        pub settings: Option<SecuritySettings>,
    }
}

/// Checks a settings object as posted (parsed JSON on the server, a JS object converted
/// by the wasm facade).
///
/// Never fails: a value that is not an object, a missing or unknown field, a wrong type
/// or an impossible number is a `settings.invalid` issue at its path
/// (`passwordPolicy.minLength`, `cors.allowedOrigins[2]`), and every field is checked even
/// after an earlier one failed, so the form can mark them all at once. Each allowed origin
/// goes through [`origins::validate_list`], its issues placed at `cors.allowedOrigins[i]`.
pub fn validate_settings(value: &Value, options: &SettingsOptions) -> SettingsReport {
    let locale = Locale::from_option(options.locale.as_deref());
    let mut walk = Walk { locale, options, issues: Vec::new() };
    let settings = walk.settings(value);
    let mut issues = walk.issues;
    localize_all(&mut issues, locale);
    let shape_ok = issues.iter().all(|issue| issue.code != IssueCode::Settings(SettingsCode::Invalid));
    SettingsReport { ok: no_errors(&issues), issues, settings: settings.filter(|_| shape_ok) }
}

const COMPOSITION_RULES: [&str; 4] =
    ["requireLowercase", "requireUppercase", "requireDigit", "requireSpecial"];

/// Why a value is `settings.invalid`: its explanation (the issue's message), and the stable
/// `reason` and `expected` params the UI may key on.
#[derive(Debug, Clone, Copy)]
enum Problem {
    NotAnObjectAtAll,
    Missing,
    Unknown,
    Boolean,
    Integer,
    NullOrAtLeast(u32),
    IntegerOrNull,
    Text,
    List,
    Object,
}

impl Problem {
    fn explanation(self) -> Explanation {
        match self {
            Problem::NotAnObjectAtAll => Explanation::Root,
            Problem::Missing => Explanation::Missing,
            Problem::Unknown => Explanation::Unknown,
            Problem::Boolean => Explanation::Boolean,
            Problem::Integer => Explanation::Integer,
            Problem::NullOrAtLeast(_) => Explanation::NullOrAtLeast,
            Problem::IntegerOrNull => Explanation::IntegerOrNull,
            Problem::Text => Explanation::Text,
            Problem::List => Explanation::List,
            Problem::Object => Explanation::Object,
        }
    }

    fn reason(self) -> &'static str {
        match self {
            Problem::Missing => "missing",
            Problem::Unknown => "unknown_field",
            Problem::NullOrAtLeast(_) => "out_of_range",
            _ => "wrong_type",
        }
    }

    fn expected(self) -> Option<&'static str> {
        match self {
            Problem::Missing | Problem::Unknown => None,
            Problem::Boolean => Some("boolean"),
            Problem::Integer => Some("integer"),
            Problem::IntegerOrNull | Problem::NullOrAtLeast(_) => Some("integer_or_null"),
            Problem::Text => Some("string"),
            Problem::List => Some("array"),
            Problem::Object | Problem::NotAnObjectAtAll => Some("object"),
        }
    }
}

/// One pass over the posted JSON, collecting issues as it goes.
struct Walk<'o> {
    locale: Locale,
    options: &'o SettingsOptions,
    issues: Vec<Issue>,
}

fn join(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_owned()
    } else {
        format!("{parent}.{name}")
    }
}

/// A JSON number with no fraction, as a double (JSON numbers are always finite here).
fn whole_number(value: &Value) -> Option<f64> {
    value.as_f64().filter(|number| number.fract() == 0.0)
}

fn to_u32(number: f64) -> Option<u32> {
    (0.0..=f64::from(u32::MAX)).contains(&number).then_some(number as u32)
}

impl Walk<'_> {
    fn invalid(&mut self, path: &str, problem: Problem) {
        let mut params = Map::new();
        params.insert("path".into(), path.into());
        if let Problem::NullOrAtLeast(min) = problem {
            params.insert("min".into(), min.into());
        }
        let explanation = problem.explanation().entry().render(self.locale, &params);
        let mut issue = Issue::error(SettingsCode::Invalid)
            .param("reason", problem.reason())
            .param("problem", explanation);
        if let Some(expected) = problem.expected() {
            issue = issue.param("expected", expected);
        }
        if let Problem::NullOrAtLeast(min) = problem {
            issue = issue.param("min", min);
        }
        if !path.is_empty() {
            issue = issue.path(path);
        }
        self.issues.push(issue);
    }

    /// The members of an object at `path`, after reporting every name that is none of
    /// `fields` (the Rust names of the type's fields, whose camelCase forms it may hold).
    fn object<'v>(
        &mut self,
        value: &'v Value,
        path: &str,
        fields: &[&str],
    ) -> Option<&'v Map<String, Value>> {
        let Some(object) = value.as_object() else {
            let problem = if path.is_empty() { Problem::NotAnObjectAtAll } else { Problem::Object };
            self.invalid(path, problem);
            return None;
        };
        for name in object.keys().filter(|name| !fields.iter().any(|field| is_camel_case_of(name, field))) {
            self.invalid(&join(path, &bounded_echo(name)), Problem::Unknown);
        }
        Some(object)
    }

    fn field<'v>(&mut self, object: &'v Map<String, Value>, parent: &str, name: &str) -> Option<&'v Value> {
        let value = object.get(name);
        if value.is_none() {
            self.invalid(&join(parent, name), Problem::Missing);
        }
        value
    }

    fn boolean(&mut self, object: &Map<String, Value>, parent: &str, name: &str) -> Option<bool> {
        let value = self.field(object, parent, name)?;
        let boolean = value.as_bool();
        if boolean.is_none() {
            self.invalid(&join(parent, name), Problem::Boolean);
        }
        boolean
    }

    fn integer(&mut self, object: &Map<String, Value>, parent: &str, name: &str) -> Option<f64> {
        let value = self.field(object, parent, name)?;
        let number = whole_number(value);
        if number.is_none() {
            self.invalid(&join(parent, name), Problem::Integer);
        }
        number
    }

    /// An array of strings; each element that is not a string is reported at `path[i]`.
    /// Returns the strings with their indices in the array.
    fn strings<'v>(
        &mut self,
        object: &'v Map<String, Value>,
        parent: &str,
        name: &str,
    ) -> Option<Vec<(usize, &'v str)>> {
        let path = join(parent, name);
        let value = self.field(object, parent, name)?;
        let Some(items) = value.as_array() else {
            self.invalid(&path, Problem::List);
            return None;
        };
        let mut strings = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            match item.as_str() {
                Some(text) => strings.push((index, text)),
                None => self.invalid(&format!("{path}[{index}]"), Problem::Text),
            }
        }
        // Any non-string element is already a `settings.invalid`, which withholds the typed
        // settings; the strings still get checked.
        Some(strings)
    }

    /// A whole number checked against `range`, raising `code` outside it.
    fn ranged(&mut self, number: Option<f64>, path: &str, code: SettingsCode, range: (f64, f64)) -> bool {
        let Some(number) = number else { return false };
        let (min, max) = range;
        let inside = (min..=max).contains(&number);
        if !inside {
            self.issues.push(
                Issue::error(code)
                    .path(path)
                    .param("min", number_param(min))
                    .param("max", number_param(max))
                    .param("value", number_param(number)),
            );
        }
        inside
    }

    fn settings(&mut self, value: &Value) -> Option<SecuritySettings> {
        let root = self.object(value, "", SecuritySettings::FIELDS)?;
        let password_policy =
            self.field(root, "", "passwordPolicy").and_then(|policy| self.password_policy(policy));
        let cors = self.field(root, "", "cors").and_then(|cors| self.cors(cors));
        let content_token = self.field(root, "", "contentToken").and_then(|token| self.content_token(token));
        let two_factor = self.field(root, "", "twoFactor").and_then(|two_factor| self.two_factor(two_factor));
        Some(SecuritySettings {
            password_policy: password_policy?,
            cors: cors?,
            content_token: content_token?,
            two_factor: two_factor?,
        })
    }

    fn password_policy(&mut self, value: &Value) -> Option<PasswordPolicy> {
        const P: &str = "passwordPolicy";
        let policy = self.object(value, P, PasswordPolicy::FIELDS)?;
        let min_length = self.integer(policy, P, "minLength");
        let range = (f64::from(*MIN_LENGTH_RANGE.start()), f64::from(*MIN_LENGTH_RANGE.end()));
        let min_ok =
            self.ranged(min_length, "passwordPolicy.minLength", SettingsCode::MinLengthOutOfRange, range);
        let max_length = self.integer(policy, P, "maxLength");
        let range = (f64::from(*MAX_LENGTH_RANGE.start()), f64::from(*MAX_LENGTH_RANGE.end()));
        let max_ok =
            self.ranged(max_length, "passwordPolicy.maxLength", SettingsCode::MaxLengthOutOfRange, range);
        if let (true, true, Some(min), Some(max)) = (min_ok, max_ok, min_length, max_length) {
            if min > max {
                self.issues.push(
                    Issue::error(SettingsCode::MinAboveMax)
                        .path("passwordPolicy.maxLength")
                        .param("min", number_param(min))
                        .param("max", number_param(max)),
                );
            }
        }
        let mut requires = [None; 4];
        for (required, name) in requires.iter_mut().zip(COMPOSITION_RULES) {
            *required = self.boolean(policy, P, name);
        }
        let min_score = self.integer(policy, P, "minScore");
        let range = (f64::from(*MIN_SCORE_RANGE.start()), f64::from(*MIN_SCORE_RANGE.end()));
        let min_score_ok =
            self.ranged(min_score, "passwordPolicy.minScore", SettingsCode::MinScoreOutOfRange, range);
        let max_repeated = self.max_repeated(policy);
        let block_common = self.boolean(policy, P, "blockCommon");
        let block_user_inputs = self.boolean(policy, P, "blockUserInputs");
        let blocked_terms = self.strings(policy, P, "blockedTerms");

        let enabled: Vec<Value> = requires
            .iter()
            .zip(COMPOSITION_RULES)
            .filter(|(required, _)| **required == Some(true))
            .map(|(_, name)| Value::from(name))
            .collect();
        if !enabled.is_empty() {
            self.issues.push(Issue::info(SettingsCode::CompositionRules).path(P).param("rules", enabled));
        }

        let [require_lowercase, require_uppercase, require_digit, require_special] = requires;
        Some(PasswordPolicy {
            min_length: to_u32(min_length?)?,
            max_length: to_u32(max_length?)?,
            require_lowercase: require_lowercase?,
            require_uppercase: require_uppercase?,
            require_digit: require_digit?,
            require_special: require_special?,
            min_score: min_score.filter(|_| min_score_ok)? as u8,
            max_repeated: max_repeated?,
            block_common: block_common?,
            block_user_inputs: block_user_inputs?,
            blocked_terms: blocked_terms?.into_iter().map(|(_, term)| term.to_owned()).collect(),
        })
    }

    /// `null` (no limit) or a whole number of at least 1: a limit of 0 would refuse
    /// every password. `Some(None)` is a valid `null`.
    fn max_repeated(&mut self, policy: &Map<String, Value>) -> Option<Option<u32>> {
        const PATH: &str = "passwordPolicy.maxRepeated";
        let value = self.field(policy, "passwordPolicy", "maxRepeated")?;
        if value.is_null() {
            return Some(None);
        }
        let Some(number) = whole_number(value) else {
            self.invalid(PATH, Problem::IntegerOrNull);
            return None;
        };
        match to_u32(number).filter(|limit| *limit >= 1) {
            Some(limit) => Some(Some(limit)),
            None => {
                self.invalid(PATH, Problem::NullOrAtLeast(1));
                None
            }
        }
    }

    fn cors(&mut self, value: &Value) -> Option<CorsSettings> {
        const P: &str = "cors";
        let cors = self.object(value, P, CorsSettings::FIELDS)?;
        let enabled = self.boolean(cors, P, "enabled");
        let allowed_origins = self.strings(cors, P, "allowedOrigins");
        if let Some(allowed) = &allowed_origins {
            self.check_origins(allowed);
        }
        Some(CorsSettings {
            enabled: enabled?,
            allowed_origins: allowed_origins?.into_iter().map(|(_, origin)| origin.to_owned()).collect(),
        })
    }

    /// Each origin through the origins validator; its issues land at `cors.allowedOrigins[i]`
    /// (`i` counted in the posted array), those about the whole list at `cors.allowedOrigins`.
    fn check_origins(&mut self, allowed: &[(usize, &str)]) {
        let texts: Vec<String> = allowed.iter().map(|(_, origin)| (*origin).to_owned()).collect();
        let options = OriginsOptions {
            locale: Some(self.locale.tag().to_owned()),
            site_is_https: self.options.site_is_https,
        };
        let report = origins::validate_list(&texts, &options);
        let mut per_entry = 0;
        for ((index, _), entry) in allowed.iter().zip(&report.entries) {
            per_entry += entry.issues.len();
            let path = format!("cors.allowedOrigins[{index}]");
            self.issues.extend(entry.issues.iter().cloned().map(|issue| issue.path(path.clone())));
        }
        let whole_list = report.issues.get(per_entry..).unwrap_or_default();
        self.issues.extend(whole_list.iter().cloned().map(|issue| issue.path("cors.allowedOrigins")));
    }

    fn content_token(&mut self, value: &Value) -> Option<ContentTokenSettings> {
        const P: &str = "contentToken";
        const PATH: &str = "contentToken.ttlSeconds";
        let token = self.object(value, P, ContentTokenSettings::FIELDS)?;
        let ttl = self.integer(token, P, "ttlSeconds");
        let range = (*TTL_SECONDS_RANGE.start() as f64, *TTL_SECONDS_RANGE.end() as f64);
        if self.ranged(ttl, PATH, SettingsCode::TtlOutOfRange, range) && ttl? < SHORT_TTL_SECONDS as f64 {
            self.issues.push(
                Issue::warning(SettingsCode::TtlShort)
                    .path(PATH)
                    .param("min", SHORT_TTL_SECONDS)
                    .param("value", number_param(ttl?)),
            );
        }
        let ttl = ttl?;
        // Out of range but still a u64 (0, a year): typed, with `ok` false.
        let ttl_seconds = (0.0..=u64::MAX as f64).contains(&ttl).then_some(ttl as u64)?;
        Some(ContentTokenSettings { ttl_seconds })
    }

    fn two_factor(&mut self, value: &Value) -> Option<TwoFactorSettings> {
        const P: &str = "twoFactor";
        let two_factor = self.object(value, P, TwoFactorSettings::FIELDS)?;
        Some(TwoFactorSettings { enforced: self.boolean(two_factor, P, "enforced")? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_platforms() {
        let settings = default_settings();
        assert_eq!(settings.password_policy.min_length, 8);
        assert_eq!(settings.password_policy.max_length, 128);
        assert_eq!(settings.content_token.ttl_seconds, 3600);
        assert!(!settings.cors.enabled);
        assert!(!settings.two_factor.enforced);
    }

    #[test]
    fn defaults_serialize_in_camel_case_and_round_trip() {
        let json = serde_json::to_value(default_settings()).unwrap();
        assert_eq!(json["passwordPolicy"]["minLength"], 8);
        assert_eq!(json["contentToken"]["ttlSeconds"], 3600);
        assert_eq!(json["cors"]["allowedOrigins"], serde_json::json!([]));
        assert_eq!(json["twoFactor"]["enforced"], false);
        let back: SecuritySettings = serde_json::from_value(json).unwrap();
        assert_eq!(back, default_settings());
    }
}
