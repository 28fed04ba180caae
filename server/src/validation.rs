//! The one call into the core that decides whether posted settings may be stored.
//!
//! The server never judges settings itself: it runs `validate_settings`, the function the
//! browser runs through WebAssembly, so a 422 carries exactly the issues (codes and paths)
//! the admin form showed.

use policy_widget::settings::{validate_settings, SecuritySettings, SettingsOptions};
use policy_widget::Issue;
use serde_json::Value;

/// What the core decided about a posted settings object.
#[derive(Debug)]
pub enum Verdict {
    /// Valid: the settings as the core parsed them, and any warnings or notes.
    Accepted(SecuritySettings, Vec<Issue>),
    /// Invalid: every issue, errors and warnings alike.
    Rejected(Vec<Issue>),
}

/// Validates `body` (the JSON the client posted) with the core, messages in `locale`.
/// `site_is_https` is what the admin page passes too (`location.protocol === "https:"`).
pub fn validate(body: &Value, locale: Option<&str>, site_is_https: bool) -> Verdict {
    let options = SettingsOptions { locale: locale.map(str::to_owned), site_is_https };
    let report = validate_settings(body, &options);
    match report.settings {
        Some(settings) if report.ok => Verdict::Accepted(settings, report.issues),
        _ => Verdict::Rejected(report.issues),
    }
}
