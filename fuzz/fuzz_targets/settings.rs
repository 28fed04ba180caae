//! validateSettings on arbitrary bytes read as JSON, the way the server reads a PUT body:
//! never panics, `ok` means no error, and whatever it accepts re-validates as accepted.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policy_widget::settings::{validate_settings, SettingsOptions};
use policy_widget::Severity;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let options = SettingsOptions::default();
    let report = validate_settings(&value, &options);
    assert_eq!(report.ok, !report.issues.iter().any(|issue| issue.severity == Severity::Error));
    if let (true, Some(settings)) = (report.ok, &report.settings) {
        // Accepted settings, serialised and checked again, are still accepted.
        let again = validate_settings(&serde_json::to_value(settings).unwrap(), &options);
        assert!(again.ok, "{:?}", again.issues);
    }
});
