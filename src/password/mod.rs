//! Password policy: the rules, the checklist, the blocklists and the strength meter.
//!
//! The policy, its defaults and [`password_rules`] are always here; [`check`], the
//! blocklists and zxcvbn come with the `password-checker` feature (on by default). The npm
//! package builds its first WebAssembly module without it and loads the checker as a
//! second module, so the admin page is interactive before zxcvbn's word lists arrive.

#[cfg(feature = "password-checker")]
mod blocklist;
#[cfg(feature = "password-checker")]
mod strength;

#[cfg(feature = "password-checker")]
use serde::Serialize;
#[cfg(feature = "password-checker")]
use unicode_normalization::UnicodeNormalization;

#[cfg(feature = "password-checker")]
use crate::issue::{localize_all, no_errors, Issue};
#[cfg(feature = "password-checker")]
use crate::messages::password::rule_label;
#[cfg(feature = "password-checker")]
use crate::messages::Locale;
#[cfg(feature = "password-checker")]
pub use crate::messages::PasswordCode;

#[cfg(feature = "password-checker")]
pub use blocklist::MIN_USER_INPUT_TOKEN;
#[cfg(feature = "password-checker")]
pub use strength::{estimate, Feedback, Strength};

/// The default and lowest minimum length: NIST SP 800-63B §3.1.1.2 requires at least 8.
pub const DEFAULT_MIN_LENGTH: u32 = 8;
/// The default maximum length. NIST asks verifiers to allow at least 64.
pub const DEFAULT_MAX_LENGTH: u32 = 128;
/// The characters `requireSpecial` asks for: exactly the ones the platform's form lists
/// (19 of them); `.` or `~` do not count.
pub const SPECIAL_CHARACTERS: &str = "!@#$%^&*()_+-=[]{}|";

js_options! {
    /// The rules a password must meet. Every field has a default, so `{}` is the default
    /// policy; an unknown field is an error, so a misspelt `minLenght` cannot pass silently.
    #[derive(Debug, Clone, PartialEq)]
    pub struct PasswordPolicy {
        /// Fewest characters, in Unicode code points after NFKC (default 8, the lowest NIST allows).
        pub min_length: u32 = DEFAULT_MIN_LENGTH,
        /// Most characters (default 128).
        pub max_length: u32 = DEFAULT_MAX_LENGTH,
        /// At least one lowercase letter.
        pub require_lowercase: bool = false,
        /// At least one uppercase letter.
        pub require_uppercase: bool = false,
        /// At least one digit.
        pub require_digit: bool = false,
        /// At least one of `! @ # $ % ^ & * ( ) _ + - = [ ] { } |` (`.` and `~` do not count).
        pub require_special: bool = false,
        /// Lowest zxcvbn score accepted, 0-4 (default 0: any).
        pub min_score: u8 = 0,
        /// Most identical characters allowed in a row; null = no limit (default).
        pub max_repeated: Option<u32> = None,
        /// Refuse the 10,000 most common passwords (default true).
        pub block_common: bool = true,
        /// Refuse passwords built on the user's own details (default true).
        pub block_user_inputs: bool = true,
        /// Words the admin refuses (the company's name, the product's), matched
        /// case-insensitively as substrings.
        pub blocked_terms: Vec<String> = Vec::new(),
    }
}

js_options! {
    /// What the checker knows about the person choosing the password.
    #[derive(Debug, Clone, PartialEq)]
    pub struct PasswordContext {
        /// The user's email, names, the site's name: the password must not be built on them.
        pub user_inputs: Vec<String> = Vec::new(),
        /// Language of the messages (`en`, `es`, `pt`, region subtags accepted; default `en`).
        pub locale: Option<String> = None,
    }
}

#[cfg(feature = "password-checker")]
js_object! {
    /// One row of the checklist the UI shows.
    #[derive(Debug, Clone, PartialEq, Serialize)]
    pub struct RuleStatus {
        /// The issue code this rule raises when unmet (`password.too_short`).
        pub code: PasswordCode,
        /// Whether the password meets it.
        pub met: bool,
        /// The rule in words ("At least 8 characters").
        pub message: String,
    }
}

#[cfg(feature = "password-checker")]
js_object! {
    /// Everything the checker found about one password.
    #[derive(Debug, Clone, PartialEq, Serialize)]
    pub struct PasswordReport {
        /// True when no issue has severity "error".
        pub ok: bool,
        /// What is wrong, in rule order.
        pub issues: Vec<Issue>,
        /// Length in Unicode code points after NFKC.
        pub length: usize,
        /// One row per active rule.
        pub rules: Vec<RuleStatus>,
        /// zxcvbn's estimate. The score alone never makes `ok` false; `minScore` does.
        pub strength: Strength,
    }
}

#[cfg(feature = "password-checker")]
/// NFKC then lower case: how the blocklists compare text, so that `Ｐａｓｓｗｏｒｄ`,
/// `PASSWORD` and `password` are the same word.
pub(crate) fn fold(text: &str) -> String {
    text.nfkc().collect::<String>().to_lowercase()
}

#[cfg(feature = "password-checker")]
/// Checks `password` against `policy` and estimates its strength.
///
/// Never fails and never truncates: a 100,000-character password gets `password.too_long`
/// at once (the rules are linear; zxcvbn reads only the first 100 characters).
pub fn check(password: &str, policy: &PasswordPolicy, context: &PasswordContext) -> PasswordReport {
    let locale = Locale::from_option(context.locale.as_deref());
    let normalized: String = password.nfkc().collect();
    let length = normalized.chars().count();
    let folded = normalized.to_lowercase();
    let user_tokens = if policy.block_user_inputs {
        blocklist::user_input_tokens(&context.user_inputs)
    } else {
        Vec::new()
    };
    let inputs_for_zxcvbn: Vec<&str> = context.user_inputs.iter().map(String::as_str).collect();
    let strength = strength::estimate(password, &inputs_for_zxcvbn, locale);

    use PasswordCode::*;
    let mut rules: Vec<Rule> = Vec::new();
    let (min, max) = (policy.min_length, policy.max_length);
    rules.push(rule(TooShort, length >= min as usize).param("min", min).param("length", length));
    rules.push(rule(TooLong, length <= max as usize).param("max", max).param("length", length));
    type CharClass = fn(char) -> bool;
    let classes: [(bool, PasswordCode, CharClass); 4] = [
        (policy.require_lowercase, MissingLowercase, char::is_lowercase),
        (policy.require_uppercase, MissingUppercase, char::is_uppercase),
        (policy.require_digit, MissingDigit, char::is_numeric),
        (policy.require_special, MissingSpecial, |c| SPECIAL_CHARACTERS.contains(c)),
    ];
    for (required, code, class) in classes {
        if required {
            let row = rule(code, normalized.chars().any(class));
            // Its message lists the characters that count.
            rules.push(if code == MissingSpecial {
                row.param("characters", SPECIAL_CHARACTERS)
            } else {
                row
            });
        }
    }
    if let Some(max_run) = policy.max_repeated {
        rules.push(
            rule(RepeatedCharacters, longest_run(&normalized) <= max_run as usize).param("max", max_run),
        );
    }
    if policy.block_common {
        rules.push(rule(Common, !blocklist::is_common(&folded)));
    }
    if !policy.blocked_terms.is_empty() {
        let found = blocklist::find_blocked_term(&folded, &policy.blocked_terms);
        rules.push(rule(BlockedTerm, found.is_none()).quoted("term", found.unwrap_or("")));
    }
    if !user_tokens.is_empty() {
        let found = user_tokens.iter().find(|token| folded.contains(token.as_str()));
        rules.push(rule(ContainsUserInput, found.is_none()).quoted("input", found.map_or("", |t| t)));
    }
    if policy.min_score > 0 {
        rules.push(
            rule(TooWeak, strength.score >= policy.min_score)
                .param("score", strength.score)
                .param("minScore", policy.min_score),
        );
    }

    let checklist = rules
        .iter()
        .map(|row| RuleStatus {
            code: row.code,
            met: row.met,
            message: rule_label(row.code).render(locale, &row.issue.params),
        })
        .collect();
    let mut issues: Vec<Issue> = rules.into_iter().filter(|row| !row.met).map(|row| row.issue).collect();
    localize_all(&mut issues, locale);
    PasswordReport { ok: no_errors(&issues), issues, length, rules: checklist, strength }
}

/// Does now the one-time work [`check`] would otherwise do on its first real password
/// (zxcvbn's dictionary table, the common-password list), so no keystroke pays for it; then
/// checks one password that goes through every rule and every zxcvbn matcher, so that a
/// WebAssembly engine that compiles each function on its first call (V8) compiles them now,
/// while the page loads: a first check in Chromium otherwise took 7–25 ms. Natively the
/// check costs tens of microseconds.
#[cfg(feature = "password-checker")]
pub fn prepare() {
    zxcvbn::prepare();
    blocklist::is_common("");
    let policy = PasswordPolicy {
        require_lowercase: true,
        require_uppercase: true,
        require_digit: true,
        require_special: true,
        min_score: 3,
        max_repeated: Some(2),
        blocked_terms: vec!["acme".to_owned()],
        ..PasswordPolicy::default()
    };
    let context = PasswordContext { user_inputs: vec!["ana@example.com".to_owned()], locale: None };
    // Dictionary and l33t (P4ssw0rd), repeat (aaa), sequence (abcd), spatial (qwerty), date,
    // year, user input (Ana), blocked term (acme), bruteforce (zx7).
    check("P4ssw0rd!aaa-abcd-qwerty-1987-06-05-Ana-acme-zx7", &policy, &context);
}

/// One active rule: the issue it raises when unmet, and whether the password meets it.
#[cfg(feature = "password-checker")]
struct Rule {
    code: PasswordCode,
    issue: Issue,
    met: bool,
}

#[cfg(feature = "password-checker")]
fn rule(code: PasswordCode, met: bool) -> Rule {
    Rule { code, issue: Issue::error(code), met }
}

#[cfg(feature = "password-checker")]
impl Rule {
    /// Adds a value the issue's message and the checklist label may use.
    fn param(mut self, name: &str, value: impl Into<serde_json::Value>) -> Self {
        self.issue = self.issue.param(name, value);
        self
    }

    /// Adds a piece of user input, bounded (see [`Issue::quoted`]).
    fn quoted(mut self, name: &str, text: &str) -> Self {
        self.issue = self.issue.quoted(name, text);
        self
    }
}

#[cfg(feature = "password-checker")]
/// The length of the longest run of one repeated character.
fn longest_run(text: &str) -> usize {
    let mut longest = 0;
    let mut run = 0;
    let mut previous = None;
    for ch in text.chars() {
        run = if previous == Some(ch) { run + 1 } else { 1 };
        previous = Some(ch);
        longest = longest.max(run);
    }
    longest
}

/// The policy as an Apple `passwordrules` attribute value, which password managers read
/// to generate a password the site will accept.
///
/// <https://developer.apple.com/password-rules/>
pub fn password_rules(policy: &PasswordPolicy) -> String {
    let mut rules = format!("minlength: {}; maxlength: {};", policy.min_length, policy.max_length);
    for (required, class) in [
        (policy.require_lowercase, "lower"),
        (policy.require_uppercase, "upper"),
        (policy.require_digit, "digit"),
    ] {
        if required {
            rules.push_str(&format!(" required: {class};"));
        }
    }
    if policy.require_special {
        rules.push_str(&format!(" required: {};", special_class()));
    }
    if let Some(max_run) = policy.max_repeated {
        rules.push_str(&format!(" max-consecutive: {max_run};"));
    }
    rules
}

/// [`SPECIAL_CHARACTERS`] as a custom character class: the syntax allows `-` only first
/// and `]` only last.
fn special_class() -> String {
    let middle: String = SPECIAL_CHARACTERS.chars().filter(|c| !matches!(c, '-' | ']')).collect();
    format!("[-{middle}]]")
}

#[cfg(all(test, feature = "password-checker"))]
mod tests;
