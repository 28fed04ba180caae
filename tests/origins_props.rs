//! Properties of `validate` that hold for every input, however malformed.
// Host only: proptest is a native dev-dependency.
#![cfg(not(target_arch = "wasm32"))]

use policy_widget::origins::{is_allowed, normalize, validate, OriginsOptions};
use policy_widget::Severity;
use proptest::prelude::*;

/// Text made of the pieces origins are built from, so that generated inputs reach deep
/// into the checks instead of failing at the first character.
fn origin_like_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("https://".to_owned()),
        Just("http://".to_owned()),
        Just("ftp:".to_owned()),
        Just("example.com".to_owned()),
        Just("münchen.de".to_owned()),
        Just("[::1]".to_owned()),
        Just("127.0.0.1".to_owned()),
        Just("localhost".to_owned()),
        Just(":8080".to_owned()),
        Just(":".to_owned()),
        Just("/".to_owned()),
        Just("\\".to_owned()),
        Just("?q".to_owned()),
        Just("#f".to_owned()),
        Just("user@".to_owned()),
        Just("*".to_owned()),
        Just("null".to_owned()),
        Just(", ".to_owned()),
        Just(",".to_owned()),
        Just("\r\n".to_owned()),
        Just("\n".to_owned()),
        Just(" ".to_owned()),
        Just("\t".to_owned()),
        Just("😀".to_owned()),
        Just("\u{200B}".to_owned()),
        "[a-z0-9.-]{0,8}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

fn options() -> impl Strategy<Value = OriginsOptions> {
    (any::<bool>(), prop_oneof![Just(None), Just(Some("es".to_owned())), Just(Some("pt".to_owned()))])
        .prop_map(|(site_is_https, locale)| OriginsOptions { locale, site_is_https })
}

fn utf16_slice(units: &[u16], [start, end]: [usize; 2]) -> Option<String> {
    String::from_utf16(units.get(start..end)?).ok()
}

fn check_invariants(text: &str, options: &OriginsOptions) -> Result<(), TestCaseError> {
    let report = validate(text, options);
    let units: Vec<u16> = text.encode_utf16().collect();
    let has_error = report.issues.iter().any(|issue| issue.severity == Severity::Error);
    prop_assert_eq!(report.ok, !has_error);
    prop_assert_eq!(&report.normalized, &report.origins.join(", "));
    let entry_issues: usize = report.entries.iter().map(|entry| entry.issues.len()).sum();
    prop_assert!(report.issues.len() >= entry_issues);
    for entry in &report.entries {
        prop_assert_eq!(utf16_slice(&units, entry.span), Some(entry.input.clone()));
        let entry_has_error = entry.issues.iter().any(|issue| issue.severity == Severity::Error);
        prop_assert_eq!(entry.ok, !entry_has_error);
        for issue in &entry.issues {
            let [start, end] = issue.span.expect("every entry issue has a span");
            prop_assert!(entry.span[0] <= start && start <= end && end <= entry.span[1], "{:?}", issue);
            prop_assert!(
                utf16_slice(&units, [start, end]).is_some(),
                "span splits a surrogate pair: {:?}",
                issue
            );
            prop_assert!(issue.code.as_str().starts_with("origin."));
            prop_assert!(!issue.message.is_empty());
            // Every `{placeholder}` is filled: what is left of `{` came from the user's text.
            let mut template = issue.message.clone();
            for value in issue.params.values() {
                template =
                    template.replace(value.as_str().map_or(value.to_string(), str::to_owned).as_str(), "");
            }
            prop_assert!(!template.contains('{'), "unfilled placeholder: {:?}", issue);
        }
    }
    for origin in &report.origins {
        prop_assert_eq!(normalize(origin), Some(origin.clone()));
    }
    // Storing `normalized` and checking it again changes nothing.
    let again = validate(&report.normalized, options);
    prop_assert_eq!(&again.origins, &report.origins);
    prop_assert!(again.issues.iter().all(|issue| issue.severity != Severity::Error), "{:?}", again.issues);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_string_is_checked_without_panicking_and_keeps_the_invariants(text in any::<String>(), options in options()) {
        check_invariants(&text, &options)?;
    }

    #[test]
    fn origin_like_text_keeps_the_invariants(text in origin_like_text(), options in options()) {
        check_invariants(&text, &options)?;
    }

    #[test]
    fn is_allowed_never_panics_and_only_matches_valid_equal_origins(
        origin in origin_like_text(),
        allowed in prop::collection::vec(origin_like_text(), 0..4),
    ) {
        let allowed_result = is_allowed(&origin, &allowed);
        let expected = normalize(&origin)
            .is_some_and(|origin| allowed.iter().any(|entry| normalize(entry).as_deref() == Some(origin.as_str())));
        prop_assert_eq!(allowed_result, expected);
        if allowed_result {
            prop_assert!(!origin.trim().eq_ignore_ascii_case("null"));
        }
    }

    #[test]
    fn an_origin_is_not_allowed_by_a_longer_or_shorter_host(host in "[a-z]{1,10}", extra in "[a-z]{1,10}") {
        let allowed = vec![format!("https://{host}.com")];
        let prefixed = format!("https://{extra}{host}.com");
        let suffixed = format!("https://{host}.com.{extra}.net");
        prop_assert!(!is_allowed(&prefixed, &allowed));
        prop_assert!(!is_allowed(&suffixed, &allowed));
        let exact = format!("https://{host}.com");
        prop_assert!(is_allowed(&exact, &allowed));
    }
}
