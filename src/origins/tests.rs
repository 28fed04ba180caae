//! Origins as specifications: each vector raises exactly its codes.

use super::*;

fn check(text: &str) -> OriginsReport {
    validate(text, &OriginsOptions::default())
}

fn https_site(text: &str) -> OriginsReport {
    validate(text, &OriginsOptions { site_is_https: true, ..Default::default() })
}

fn codes(report: &OriginsReport) -> Vec<&'static str> {
    report.issues.iter().map(|issue| issue.code.as_str()).collect()
}

/// `text.slice(a, b)` in JavaScript.
fn slice(text: &str, span: [usize; 2]) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[span[0]..span[1]]).unwrap()
}

#[test]
fn the_platforms_example_is_accepted_as_written() {
    let report = check("https://api.mydomain.com, https://mydomain.com");
    assert!(report.ok, "{:?}", report.issues);
    assert!(report.issues.is_empty());
    assert_eq!(report.origins, ["https://api.mydomain.com", "https://mydomain.com"]);
    assert_eq!(report.normalized, "https://api.mydomain.com, https://mydomain.com");
}

/// One entry each: (input, expected codes, expected `origin`).
const VECTORS: &[(&str, &[&str], Option<&str>)] = &[
    ("https://mydomain.com/", &["origin.trailing_slash"], Some("https://mydomain.com")),
    ("https://mydomain.com\\", &["origin.trailing_slash"], Some("https://mydomain.com")),
    ("https://a.com/app", &["origin.has_path"], Some("https://a.com")),
    ("https://a.com//", &["origin.has_path"], Some("https://a.com")),
    ("https://a.com?x=1", &["origin.has_query"], Some("https://a.com")),
    ("https://a.com#top", &["origin.has_fragment"], Some("https://a.com")),
    ("https://a.com/#", &["origin.trailing_slash", "origin.has_fragment"], Some("https://a.com")),
    ("https://user:pass@a.com", &["origin.has_credentials"], Some("https://a.com")),
    ("https://@a.com", &["origin.has_credentials"], Some("https://a.com")),
    ("https://*.example.com", &["origin.wildcard"], Some("https://*.example.com")),
    ("*", &["origin.wildcard"], None),
    ("https://example.com:*", &["origin.wildcard"], None),
    ("null", &["origin.null"], None),
    ("NULL", &["origin.null"], None),
    ("localhost:3000", &["origin.missing_scheme"], None),
    ("api.mydomain.com", &["origin.missing_scheme"], None),
    ("api.mydomain.com:8080", &["origin.missing_scheme"], None),
    ("//a.com", &["origin.missing_scheme"], None),
    ("[::1]:8080", &["origin.missing_scheme"], None),
    ("https//a.com", &["origin.missing_scheme"], None),
    ("ftp://files.example.com", &["origin.unsupported_scheme"], None),
    ("ws://a.com", &["origin.unsupported_scheme"], None),
    ("file:///etc/passwd", &["origin.unsupported_scheme"], None),
    ("chrome-extension://abcdef", &["origin.unsupported_scheme"], None),
    ("https://", &["origin.missing_host"], None),
    ("https://:443", &["origin.missing_host"], None),
    ("https://exa mple.com", &["origin.invalid_host"], None),
    ("https://[::1", &["origin.invalid_host"], None),
    ("https://a%zz.com", &["origin.invalid_host"], None),
    ("https://a..com", &["origin.invalid_host"], Some("https://a..com")),
    ("https://example.com.", &["origin.invalid_host"], Some("https://example.com.")),
    ("https://a.com:99999", &["origin.invalid_port"], None),
    ("https://a.com:abc", &["origin.invalid_port"], None),
    ("https://a.com:", &["origin.invalid_port"], Some("https://a.com")),
    ("https://a.com:0", &["origin.invalid_port"], Some("https://a.com:0")),
    ("http:example.com", &["origin.invalid_separator"], Some("http://example.com")),
    ("https:/example.com", &["origin.invalid_separator"], Some("https://example.com")),
    ("https:///example.com", &["origin.invalid_separator"], Some("https://example.com")),
    ("http:\\\\example.com", &["origin.invalid_separator"], Some("http://example.com")),
    ("https://a.com https://b.com", &["origin.multiple_in_entry"], None),
    ("https://a.com;https://b.com", &["origin.multiple_in_entry"], Some("https://a.com;https")),
    ("a.com b.com", &["origin.multiple_in_entry"], None),
    (
        "https://a.com\thttps://b.com",
        &["origin.multiple_in_entry", "origin.control_character"],
        Some("https://a.comhttps"),
    ),
    ("https://exa\tmple.com", &["origin.control_character"], Some("https://example.com")),
    ("https://a.com\u{0}", &["origin.control_character"], Some("https://a.com")),
    ("https://a\u{0}.com", &["origin.invalid_host", "origin.control_character"], None),
    ("https://\u{200B}a.com", &["origin.control_character"], Some("https://a.com")),
    // Normalisation is not an error: the stored value is the normalised one.
    ("HTTPS://API.MyDomain.COM", &[], Some("https://api.mydomain.com")),
    ("https://münchen.de", &[], Some("https://xn--mnchen-3ya.de")),
    ("https://a.com:443", &[], Some("https://a.com")),
    ("http://a.com:80", &[], Some("http://a.com")),
    ("https://a.com:0443", &[], Some("https://a.com")),
    ("https://a.com:8443", &[], Some("https://a.com:8443")),
    ("http://a.com:443", &[], Some("http://a.com:443")),
    ("http://[0:0::1]", &["origin.local_address"], Some("http://[::1]")),
    ("http://[2001:DB8::1]:8080", &[], Some("http://[2001:db8::1]:8080")),
    ("http://0x7f.1", &["origin.local_address"], Some("http://127.0.0.1")),
    ("http://localhost:3000", &["origin.local_address"], Some("http://localhost:3000")),
    ("http://app.localhost", &["origin.local_address"], Some("http://app.localhost")),
    ("http://192.168.1.20", &["origin.local_address"], Some("http://192.168.1.20")),
    ("http://172.16.0.1", &["origin.local_address"], Some("http://172.16.0.1")),
    ("http://10.1.2.3", &["origin.local_address"], Some("http://10.1.2.3")),
    ("http://[fd00::1]", &["origin.local_address"], Some("http://[fd00::1]")),
    ("http://172.32.0.1", &[], Some("http://172.32.0.1")),
    ("https://my_host.internal.example", &[], Some("https://my_host.internal.example")),
];

#[test]
fn each_vector_raises_exactly_its_codes_and_carries_its_origin() {
    for &(input, expected, origin) in VECTORS {
        let report = check(input);
        assert_eq!(report.entries.len(), 1, "{input:?}");
        let entry = &report.entries[0];
        let found: Vec<&str> = entry.issues.iter().map(|issue| issue.code.as_str()).collect();
        assert_eq!(found, expected, "{input:?}: {:?}", entry.issues);
        assert_eq!(entry.origin.as_deref(), origin, "{input:?}");
        assert_eq!(entry.ok, no_errors(&entry.issues), "{input:?}");
    }
}

#[test]
fn fixes_are_offered_in_the_params() {
    let param = |input: &str, name: &str| {
        let report = check(input);
        let issue = report.issues.iter().find(|issue| issue.params.contains_key(name));
        issue.unwrap_or_else(|| panic!("{input:?}: no {name} in {:?}", report.issues)).params[name].clone()
    };
    assert_eq!(param("https://mydomain.com/", "suggestion"), "https://mydomain.com");
    assert_eq!(param("https://A.com/app?x#y", "suggestion"), "https://a.com");
    assert_eq!(param("https://A.com/app", "path"), "/app");
    assert_eq!(param("localhost:3000", "suggestion"), "http://localhost:3000");
    assert_eq!(param("api.mydomain.com", "suggestion"), "https://api.mydomain.com");
    assert_eq!(param("https//a.com/", "suggestion"), "https://a.com");
    assert_eq!(param("https://a.com https://b.com/", "suggestion"), "https://a.com, https://b.com");
    assert_eq!(param("ftp://a.com", "scheme"), "ftp");
    assert_eq!(param("https://a.com:99999", "port"), "99999");
    assert_eq!(param("https://exa mple.com", "host"), "exa mple.com");
    assert_eq!(param("https://a\t.com", "codePoint"), "U+0009");
    assert_eq!(param("https://a.com/\u{FEFF}", "codePoint"), "U+FEFF");
}

#[test]
fn issue_spans_point_at_the_culprit() {
    let culprit = |input: &str| {
        let report = check(input);
        slice(input, report.issues[0].span.unwrap())
    };
    assert_eq!(culprit("https://a.com/"), "/");
    assert_eq!(culprit("https://a.com/app/x?y"), "/app/x");
    assert_eq!(culprit("https://a.com?y#z"), "?y");
    assert_eq!(culprit("https://a.com#z"), "#z");
    assert_eq!(culprit("https://u:p@a.com"), "u:p@");
    assert_eq!(culprit("https://a.com:99999"), ":99999");
    assert_eq!(culprit("https://*.a.com"), "*");
    assert_eq!(culprit("ftp://a.com"), "ftp");
    assert_eq!(culprit("http:/a.com"), "http:/");
    assert_eq!(culprit("https://exa mple.com/"), "exa mple.com");
}

#[test]
fn spans_count_utf16_units_after_emoji_and_accents() {
    let text = "https://café.fr/, 😀 , https://ñandú.cl/x";
    let report = check(text);
    for entry in &report.entries {
        assert_eq!(slice(text, entry.span), entry.input);
        for issue in &entry.issues {
            let [a, b] = issue.span.unwrap();
            assert!(entry.span[0] <= a && a <= b && b <= entry.span[1], "{issue:?}");
        }
    }
    let last = &report.entries[2];
    assert_eq!(last.origin.as_deref(), Some("https://xn--and-6ma2c.cl"));
    assert_eq!(slice(text, last.issues[0].span.unwrap()), "/x");
    assert_eq!(slice(text, report.entries[0].issues[0].span.unwrap()), "/");
}

#[test]
fn duplicates_after_normalisation_are_warned_and_listed_once() {
    let report = check("https://a.com, HTTPS://A.COM:443, https://b.com, https://a.com");
    assert!(report.ok);
    assert_eq!(codes(&report), ["origin.duplicate", "origin.duplicate"]);
    assert_eq!(report.origins, ["https://a.com", "https://b.com"]);
    assert_eq!(report.issues[0].span, Some(report.entries[1].span));
    assert_eq!(report.issues[0].params["origin"], "https://a.com");
}

#[test]
fn an_entry_with_errors_is_not_a_duplicate_nor_accepted() {
    let report = check("https://a.com/, https://a.com");
    assert_eq!(codes(&report), ["origin.trailing_slash"]);
    assert_eq!(report.origins, ["https://a.com"]);
}

#[test]
fn empty_entries_between_commas_are_warned_but_blank_lines_are_layout() {
    let report = check("https://a.com,, https://b.com,");
    assert!(report.ok);
    assert_eq!(codes(&report), ["origin.empty_entry", "origin.empty_entry"]);
    assert_eq!(report.entries[1].span, [14, 14]);
    assert_eq!(report.origins, ["https://a.com", "https://b.com"]);

    for layout in [
        "https://a.com,\nhttps://b.com\n",
        "\n\nhttps://a.com\n\n\nhttps://b.com",
        "https://a.com\n, https://b.com",
    ] {
        let report = check(layout);
        assert!(report.issues.is_empty(), "{layout:?}: {:?}", report.issues);
        assert_eq!(report.origins, ["https://a.com", "https://b.com"], "{layout:?}");
    }
}

#[test]
fn crlf_and_lone_cr_separate_entries() {
    let text = "https://a.com\r\nhttps://b.com\rhttps://c.com\r\n";
    let report = check(text);
    assert!(report.issues.is_empty(), "{:?}", report.issues);
    assert_eq!(report.origins, ["https://a.com", "https://b.com", "https://c.com"]);
    assert_eq!(slice(text, report.entries[1].span), "https://b.com");
}

#[test]
fn an_empty_or_blank_text_is_an_empty_valid_list() {
    for text in ["", "   ", "\n\r\n"] {
        let report = check(text);
        assert!(report.ok && report.issues.is_empty() && report.entries.is_empty(), "{text:?}");
        assert_eq!(report.normalized, "");
    }
}

#[test]
fn insecure_scheme_is_warned_only_on_an_https_site_and_never_for_loopback() {
    assert!(check("http://partner.com").issues.is_empty());
    let report = https_site("http://partner.com");
    assert!(report.ok);
    assert_eq!(codes(&report), ["origin.insecure_scheme"]);
    assert_eq!(report.issues[0].params["suggestion"], "https://partner.com");
    assert_eq!(codes(&https_site("http://localhost:3000")), ["origin.local_address"]);
    assert_eq!(codes(&https_site("http://127.0.0.1")), ["origin.local_address"]);
    assert_eq!(codes(&https_site("http://[::1]")), ["origin.local_address"]);
    assert_eq!(codes(&https_site("http://192.168.0.1")), ["origin.insecure_scheme", "origin.local_address"]);
    assert!(https_site("https://partner.com").issues.is_empty());
}

#[test]
fn a_text_over_64_kib_is_refused_without_being_read() {
    let text = "https://a.com/, ".repeat(MAX_TEXT_BYTES / 16 + 1);
    let report = check(&text);
    assert!(!report.ok);
    assert_eq!(codes(&report), ["origin.too_long"]);
    assert!(report.entries.is_empty());
    assert_eq!(report.issues[0].params["max"], MAX_TEXT_BYTES);
    // Exactly at the limit is still read.
    let at_limit = format!("https://a.com,{}", " ".repeat(MAX_TEXT_BYTES - 14));
    assert_eq!(check(&at_limit).origins, ["https://a.com"]);
}

#[test]
fn a_thousand_entries_are_all_validated() {
    let text: Vec<String> = (0..1000).map(|i| format!("https://app{i}.example.com")).collect();
    let report = check(&text.join(",\n"));
    assert!(report.ok);
    assert_eq!(report.entries.len(), 1000);
    assert_eq!(report.origins.len(), 1000);
    assert_eq!(report.origins[999], "https://app999.example.com");
}

#[test]
fn messages_are_localized_and_filled() {
    let spanish =
        validate("https://a.com/", &OriginsOptions { locale: Some("es-CL".into()), ..Default::default() });
    assert_eq!(
        spanish.issues[0].message,
        "Quita la barra del final; los navegadores envían el origen sin ella: https://a.com"
    );
    let portuguese = validate("null", &OriginsOptions { locale: Some("pt-BR".into()), ..Default::default() });
    assert!(portuguese.issues[0].message.starts_with("Não permita “null”"));
    assert!(!check("https://a.com:99999").issues[0].message.contains('{'));
}

#[test]
fn every_code_is_exercised() {
    let mut emitted: HashSet<&str> = HashSet::new();
    let mut inputs: Vec<&str> = VECTORS.iter().map(|(input, _, _)| *input).collect();
    inputs.extend(["a,,b", "https://a.com, https://a.com"]);
    for input in inputs {
        emitted.extend(codes(&https_site(input)));
        emitted.extend(codes(&https_site("http://partner.com")));
    }
    emitted.extend(codes(&check(&"x".repeat(MAX_TEXT_BYTES + 1))));
    for code in OriginCode::ALL {
        assert!(emitted.contains(code.as_str()), "{code} is never emitted by the tests");
    }
}

#[test]
fn the_report_serializes_in_camel_case_with_null_origins() {
    let json = serde_json::to_value(check("https://a.com/, ftp://b")).unwrap();
    assert_eq!(json["ok"], false);
    assert_eq!(json["normalized"], "");
    assert_eq!(json["entries"][0]["origin"], "https://a.com");
    assert_eq!(json["entries"][0]["span"], serde_json::json!([0, 14]));
    assert_eq!(json["entries"][1]["origin"], serde_json::Value::Null);
    assert_eq!(json["issues"][0]["code"], "origin.trailing_slash");
    assert_eq!(json["issues"][0]["severity"], "error");
}

#[test]
fn options_reject_unknown_keys_and_default_when_absent() {
    let read = |json: serde_json::Value| crate::options::read::<OriginsOptions>(&json);
    let options = read(serde_json::json!({"siteIsHttps": true, "locale": "pt"})).unwrap();
    assert!(options.site_is_https);
    assert_eq!(options.locale.as_deref(), Some("pt"));
    assert_eq!(read(serde_json::json!({})).unwrap(), OriginsOptions::default());
    assert!(read(serde_json::json!({"siteIsHTTPS": true})).is_err());
}

#[test]
fn validate_list_keeps_one_entry_per_element() {
    let list =
        ["https://a.com".to_owned(), " https://b.com/ ".to_owned(), String::new(), "https://a.com".into()];
    let report = validate_list(&list, &OriginsOptions::default());
    assert_eq!(report.entries.len(), 4);
    assert_eq!(report.entries[1].span, [1, 15]);
    assert_eq!(report.entries[1].issues[0].code, "origin.trailing_slash");
    assert_eq!(report.entries[2].issues[0].code, "origin.empty_entry");
    assert_eq!(report.entries[3].issues[0].code, "origin.duplicate");
    assert_eq!(report.origins, ["https://a.com"]);
    let joined = validate_list(&["https://a.com, https://b.com".to_owned()], &OriginsOptions::default());
    assert_eq!(joined.issues[0].code, "origin.multiple_in_entry");
}

#[test]
fn normalize_returns_the_origin_of_valid_entries_only() {
    assert_eq!(normalize(" HTTPS://München.DE:443 ").as_deref(), Some("https://xn--mnchen-3ya.de"));
    assert_eq!(normalize("http://[0:0::1]:8080").as_deref(), Some("http://[::1]:8080"));
    for invalid in ["https://a.com/", "null", "*", "localhost:3000", "", "https://u@a.com"] {
        assert_eq!(normalize(invalid), None, "{invalid:?}");
    }
}

#[test]
fn is_allowed_matches_exactly_after_normalisation() {
    let allowed: Vec<String> =
        ["https://example.com", "http://localhost:3000", "https://münchen.de"].map(String::from).into();
    for origin in [
        "https://example.com",
        "HTTPS://EXAMPLE.COM:443",
        "http://localhost:3000",
        "https://xn--mnchen-3ya.de",
    ] {
        assert!(is_allowed(origin, &allowed), "{origin}");
    }
    for origin in [
        "https://evilexample.com",
        "https://example.com.evil.net",
        "https://sub.example.com",
        "https://example.co",
        "http://example.com",
        "https://example.com:8443",
        "https://example.com/",
        "http://localhost:3001",
        "null",
        "",
        "*",
        "https://example.com https://x",
    ] {
        assert!(!is_allowed(origin, &allowed), "{origin}");
    }
}

#[test]
fn null_and_invalid_allowed_entries_never_match() {
    assert!(!is_allowed("null", &["null".to_owned()]));
    assert!(!is_allowed("https://a.com", &["https://a.com/".to_owned()]));
    assert!(!is_allowed("https://a.com", &["*".to_owned()]));
    assert!(!is_allowed("https://x.a.com", &["https://*.a.com".to_owned()]));
    assert!(!is_allowed("https://a.com", &[]));
}
