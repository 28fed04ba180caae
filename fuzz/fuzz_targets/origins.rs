//! validateOrigins and isOriginAllowed on arbitrary text: never panics, spans are in
//! bounds and on UTF-16 boundaries, normalising twice changes nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policy_widget::origins::{is_allowed, validate, OriginsOptions};
use policy_widget::Severity;

fuzz_target!(|data: (bool, &str)| {
    let (site_is_https, text) = data;
    let options = OriginsOptions { locale: None, site_is_https };
    let report = validate(text, &options);
    assert_eq!(report.ok, !report.issues.iter().any(|issue| issue.severity == Severity::Error));
    let units: Vec<u16> = text.encode_utf16().collect();
    for entry in &report.entries {
        let [start, end] = entry.span;
        assert!(start <= end && end <= units.len());
        // The span slices back to the entry's text.
        assert_eq!(String::from_utf16(&units[start..end]).ok().as_deref(), Some(entry.input.as_str()));
        for issue in &entry.issues {
            if let Some([a, b]) = issue.span {
                assert!(start <= a && a <= b && b <= end, "issue span outside its entry");
            }
        }
    }
    let again = validate(&report.normalized, &options);
    assert_eq!(again.origins, report.origins);
    for origin in &report.origins {
        assert!(is_allowed(origin, &report.origins));
    }
    let _ = is_allowed(text, &report.origins);
});
