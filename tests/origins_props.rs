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

/// An origin as its three parts (RFC 6454): the property tests state sameness on these,
/// never through `normalize`.
#[derive(Debug, Clone)]
struct TupleOrigin {
    scheme: &'static str,
    host: String,
    port: Option<u16>,
}

impl TupleOrigin {
    fn effective_port(&self) -> u16 {
        self.port.unwrap_or(if self.scheme == "https" { 443 } else { 80 })
    }

    fn same_origin(&self, other: &TupleOrigin) -> bool {
        self.scheme == other.scheme
            && self.host == other.host
            && self.effective_port() == other.effective_port()
    }

    /// The origin written as an admin or a browser might: letters upper-cased at the chosen
    /// positions, the default port written out or not.
    fn spelled(&self, spelling: &Spelling) -> String {
        let shout = |text: &str, salt: u32| -> String {
            text.chars()
                .enumerate()
                .map(|(i, c)| {
                    if (spelling.upper >> ((i as u32 + salt) % 32)) & 1 == 1 {
                        c.to_ascii_uppercase()
                    } else {
                        c
                    }
                })
                .collect()
        };
        let port = match self.port {
            Some(port) => format!(":{port}"),
            None if spelling.default_port => format!(":{}", self.effective_port()),
            None => String::new(),
        };
        format!("{}://{}{port}", shout(self.scheme, 0), shout(&self.host, 7))
    }
}

#[derive(Debug, Clone, Default)]
struct Spelling {
    upper: u32,
    default_port: bool,
}

fn spelling() -> impl Strategy<Value = Spelling> {
    (prop_oneof![Just(0u32), any::<u32>()], any::<bool>())
        .prop_map(|(upper, default_port)| Spelling { upper, default_port })
}

/// Few enough hosts and ports that equal origins come up often.
fn tuple_origin() -> impl Strategy<Value = TupleOrigin> {
    (
        prop_oneof![Just("http"), Just("https")],
        prop_oneof![
            "[ab]{1,2}(\\.[ab]{1,2}){0,2}",
            Just("localhost".to_owned()),
            Just("127.0.0.1".to_owned())
        ],
        prop_oneof![
            Just(None),
            Just(Some(80u16)),
            Just(Some(443u16)),
            Just(Some(8080u16)),
            (1u16..).prop_map(Some)
        ],
    )
        .prop_map(|(scheme, host, port)| TupleOrigin { scheme, host, port })
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
    fn is_allowed_never_panics_and_never_allows_null_or_an_invalid_origin(
        origin in origin_like_text(),
        allowed in prop::collection::vec(origin_like_text(), 0..4),
    ) {
        if is_allowed(&origin, &allowed) {
            prop_assert!(!origin.trim().eq_ignore_ascii_case("null"));
            prop_assert!(normalize(&origin).is_some(), "{:?} allowed but not an origin", origin);
        }
    }

    /// The property stated without the code under test: two origins are the same exactly
    /// when their scheme, host and port are (RFC 6454 section 5), however each is spelled —
    /// upper-case letters, the scheme's default port written out. Anything else (another
    /// scheme, port, or a host that merely starts or ends like the allowed one) is refused.
    #[test]
    fn is_allowed_is_equality_of_scheme_host_and_port(
        origin in tuple_origin(),
        spelling in spelling(),
        allowed in prop::collection::vec((tuple_origin(), spelling()), 0..4),
    ) {
        let entries: Vec<String> = allowed.iter().map(|(o, s)| o.spelled(s)).collect();
        let expected = allowed.iter().any(|(o, _)| o.same_origin(&origin));
        prop_assert_eq!(is_allowed(&origin.spelled(&spelling), &entries), expected,
            "{} against {:?}", origin.spelled(&spelling), entries);
    }

    /// Near misses of an allowed origin never match it: the tricks a careless comparison
    /// (prefix, suffix, substring, case-sensitive scheme, ignored port) lets through.
    #[test]
    fn near_misses_are_refused(origin in tuple_origin(), extra in "[a-z]{1,6}") {
        let allowed = vec![origin.spelled(&Spelling::default())];
        let port = origin.port.map(|port| format!(":{port}")).unwrap_or_default();
        let other_scheme = if origin.scheme == "https" { "http" } else { "https" };
        let misses = [
            format!("{}://{}.{extra}.net{port}", origin.scheme, origin.host),
            format!("{}://{extra}{}{port}", origin.scheme, origin.host),
            format!("{}://{extra}.{}{port}", origin.scheme, origin.host),
            format!("{other_scheme}://{}{port}", origin.host),
            format!("{}://{}:{}", origin.scheme, origin.host, origin.effective_port().wrapping_add(1).max(1)),
            format!("{}://{}{port}/", origin.scheme, origin.host),
            format!("{}://{extra}@{}{port}", origin.scheme, origin.host),
            format!("{}://{}{port}/{extra}", origin.scheme, origin.host),
        ];
        for miss in misses {
            prop_assert!(!is_allowed(&miss, &allowed), "{} matched {:?}", miss, allowed);
        }
    }
}
