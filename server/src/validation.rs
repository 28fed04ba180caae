//! The one call into the core that decides whether posted settings may be stored.
//!
//! The server never judges settings itself: it runs the function the browser runs, so
//! a 422 carries exactly the issues (codes and paths) the admin form showed.

use policy_widget::settings::SecuritySettings;
use policy_widget::Issue;
use serde_json::Value;

/// What the core decided about a posted settings object.
#[derive(Debug)]
pub enum Verdict {
    /// Valid: the settings as the core parsed (and normalised) them, and any warnings.
    Accepted(SecuritySettings, Vec<Issue>),
    /// Invalid: every issue, errors and warnings alike.
    Rejected(Vec<Issue>),
}

/// Validates `body` (the JSON the client posted) with the core, in `locale`.
pub fn validate(body: &Value, locale: Option<&str>) -> Verdict {
    let _ = locale;
    // Until `policy_widget::settings::validate_settings` lands in the core, the only check
    // is the core's own type (`deny_unknown_fields`); this arm becomes that one call.
    match serde_json::from_value::<SecuritySettings>(body.clone()) {
        Ok(settings) => Verdict::Accepted(settings, Vec::new()),
        Err(error) => {
            let mut issue = Issue::error("settings.invalid").quoted("detail", &error.to_string());
            issue.localize(policy_widget::Locale::from_option(locale));
            Verdict::Rejected(vec![issue])
        }
    }
}
