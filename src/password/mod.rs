//! Password policy: the rules, the checklist, the blocklists and the strength meter.
//!
//! This file holds what is always built: the policy, its defaults and [`password_rules`].
//! `check` (checker.rs), the blocklists and the strength estimator come with the `password-checker` feature
//! (on by default). The npm
//! package builds its first WebAssembly module without it and loads the checker as a
//! second module, so the admin page is interactive before the estimator's word lists arrive.

// The checker: everything that reads a password, with the estimator and its word lists.
#[cfg(feature = "password-checker")]
mod blocklist;
#[cfg(feature = "password-checker")]
mod checker;
#[cfg(feature = "password-checker")]
mod strength;
#[cfg(feature = "password-checker")]
mod unicode;

#[cfg(feature = "password-checker")]
pub use crate::messages::PasswordCode;
#[cfg(feature = "password-checker")]
pub use blocklist::MIN_USER_INPUT_TOKEN;
#[cfg(feature = "password-checker")]
pub use checker::{check, prepare, PasswordReport, RuleStatus};
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
        /// Lowest strength score accepted, 0-4 (default 0: any).
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
