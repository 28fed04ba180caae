//! # policy-widget
//!
//! One Rust core that checks a web platform's security settings — password policy with a
//! zxcvbn strength meter, CORS allowed origins, content-delivery JWTs — compiled to
//! WebAssembly for the admin's browser and natively for the server that stores the
//! settings, so the two can never disagree about what is valid.
//!
//! Nothing here does I/O or reads a clock: time comes in as an argument.
//!
//! ```
//! # #[cfg(feature = "password-checker")] {
//! use policy_widget::password::{check, PasswordContext, PasswordPolicy};
//!
//! let policy = PasswordPolicy { min_length: 12, require_digit: true, ..Default::default() };
//! let report = check("correct horse battery staple", &policy, &PasswordContext::default());
//! assert!(!report.ok);
//! assert_eq!(report.issues[0].code, "password.missing_digit");
//! assert!(report.strength.score >= 3);
//! # }
//! ```
//!
//! Every report has `ok` (no issue of severity error) and `issues`, each with a stable
//! `code` and a message from the catalogue in English, Spanish or Portuguese.

#![warn(missing_docs)]

#[macro_use]
pub mod boundary;
#[cfg(not(feature = "password-module"))]
pub mod content;
pub mod issue;
pub mod json_text;
pub mod messages;
pub mod options;
// The npm package's password module is `checkPassword` alone (see Cargo.toml's features).
#[cfg(not(feature = "password-module"))]
pub mod origins;
pub mod password;
#[cfg(not(feature = "password-module"))]
pub mod settings;
#[cfg(not(feature = "password-module"))]
pub mod token;

/// The TypeScript of the boundary types, written into `js/policy_widget.d.ts` and checked.
#[cfg(test)]
mod typescript;

/// The JavaScript facade (public so the browser tests in `tests/web.rs` can call it).
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod wasm;

pub use issue::{Issue, IssueCode, Severity};
pub use messages::Locale;
#[cfg(feature = "password-checker")]
pub use password::{check as check_password, PasswordReport};
pub use password::{password_rules, PasswordPolicy};
#[cfg(not(feature = "password-module"))]
pub use settings::{default_settings, validate_settings, SecuritySettings, SettingsOptions, SettingsReport};
#[cfg(not(feature = "password-module"))]
pub use token::{inspect as inspect_token, TokenOptions, TokenReport};
