//! The password checker (the `password-checker` feature): every rule of a
//! [`PasswordPolicy`] applied to a password, the checklist, and the strength estimate.

use serde::Serialize;

use super::{
    blocklist, strength,
    unicode::{lowercase, nfkc},
    PasswordCode, PasswordContext, PasswordPolicy, Strength, SPECIAL_CHARACTERS,
};
use crate::issue::{localize_all, no_errors, Issue};
use crate::messages::Locale;

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
        /// The strength estimate. The score alone never makes `ok` false; `minScore` does.
        pub strength: Strength,
    }
}

/// Checks `password` against `policy` and estimates its strength.
///
/// Never fails and never truncates: a 100,000-character password gets `password.too_long`
/// at once (the rules are linear; the estimator reads only the first 256 characters).
pub fn check(password: &str, policy: &PasswordPolicy, context: &PasswordContext) -> PasswordReport {
    let locale = Locale::from_option(context.locale.as_deref());
    let normalized = nfkc(password);
    let length = normalized.chars().count();
    let folded = lowercase(&normalized);
    let user_tokens = if policy.block_user_inputs {
        blocklist::user_input_tokens(&context.user_inputs)
    } else {
        Vec::new()
    };
    let inputs_for_estimate: Vec<&str> = context.user_inputs.iter().map(String::as_str).collect();
    let strength = strength::estimate(password, &inputs_for_estimate, locale);

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
        (policy.require_special, MissingSpecial, |c| SPECIAL_CHARACTERS.chars().any(|s| s == c)),
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
        let found = user_tokens.iter().find(|token| blocklist::contains(&folded, token));
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
            message: row
                .code
                .label()
                .map(|label| label.render(locale, &row.issue.params))
                .unwrap_or_default(),
        })
        .collect();
    let mut issues: Vec<Issue> = rules.into_iter().filter(|row| !row.met).map(|row| row.issue).collect();
    localize_all(&mut issues, locale);
    PasswordReport { ok: no_errors(&issues), issues, length, rules: checklist, strength }
}

/// Does now the one-time work [`check`] would otherwise do on its first real password
/// (the estimator's word table, the common-password list), so no keystroke pays for it; then
/// checks one password that goes through every rule and every estimator matcher, so that a
/// WebAssembly engine that compiles each function on its first call (V8) compiles them now,
/// while the page loads, not on the first keystroke (README.md's Limits has the times).
pub fn prepare() {
    strength::prepare();
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
struct Rule {
    code: PasswordCode,
    issue: Issue,
    met: bool,
}

fn rule(code: PasswordCode, met: bool) -> Rule {
    Rule { code, issue: Issue::error(code), met }
}

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
