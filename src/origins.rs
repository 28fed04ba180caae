//! CORS allowed origins: split the admin's list, check each entry against the way a browser
//! writes the `Origin` header, and normalise it.
//!
//! A browser sends `Origin: scheme://host[:port]` — lowercase, punycode, default port dropped
//! (<https://html.spec.whatwg.org/multipage/#ascii-serialisation-of-an-origin>) — and servers
//! compare it byte for byte, so an entry written any other way silently never matches. The
//! `url` crate (the WHATWG URL Standard) decides what an entry means and normalises it; the raw
//! text is read as well, because the parser quietly repairs exactly the mistakes (trailing
//! slash, path, credentials, `http:/x`) that break a byte-for-byte comparison.
//!
//! ```
//! use policy_widget::origins::{is_allowed, validate, OriginsOptions};
//!
//! let report = validate("https://api.mydomain.com, https://mydomain.com/", &OriginsOptions::default());
//! assert!(!report.ok);
//! assert_eq!(report.issues[0].code, "origin.trailing_slash");
//! assert_eq!(report.entries[1].origin.as_deref(), Some("https://mydomain.com"));
//!
//! let allowed = vec!["https://API.mydomain.com:443".to_owned()];
//! assert!(is_allowed("https://api.mydomain.com", &allowed));
//! assert!(!is_allowed("https://api.mydomain.com.evil.net", &allowed));
//! ```

use std::collections::HashSet;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::ops::Range;

use serde::Serialize;
use url::{Host, ParseError, Url};

use crate::issue::{localize_all, no_errors, Issue, IssueCode, Severity, Utf16Offsets};
use crate::messages::Locale;
pub use crate::messages::OriginCode;

/// The longest text (in UTF-8 bytes) that is checked at all. A real list is a few hundred
/// bytes; the limit keeps a pasted megabyte from freezing the page as it is typed.
pub const MAX_TEXT_BYTES: usize = 64 * 1024;

js_options! {
    /// How to check a list of allowed origins. Every field has a default, so `{}` is valid;
    /// an unknown field is an error, so a misspelt `siteIsHTTPS` cannot pass silently.
    #[derive(Debug, Clone, PartialEq)]
    pub struct OriginsOptions {
        /// Language of the messages (`en`, `es`, `pt`, region subtags accepted; default `en`).
        pub locale: Option<String> = None,
        /// The platform itself is served over HTTPS: `http://` origins then get
        /// `origin.insecure_scheme` (loopback excepted).
        pub site_is_https: bool = false,
    }
}

js_object! {
    /// One entry of the list, as typed, with what the checker found about it.
    #[derive(Debug, Clone, PartialEq, Serialize)]
    pub struct OriginEntry {
        /// The entry with the whitespace around it trimmed.
        pub input: String,
        /// UTF-16 offsets of `input` in the checked text: `text.slice(a, b) === input`.
        pub span: [usize; 2],
        /// The normalised origin whenever the entry parses as an http(s) URL, even when it has
        /// errors (the fix the UI can offer); null otherwise.
        pub origin: Option<String>,
        /// True when no issue of the entry is an error: its origin is accepted.
        pub ok: bool,
        /// The entry's findings; each `span` lies inside the entry's.
        pub issues: Vec<Issue>,
    }
}

js_object! {
    /// Everything the checker found about a list of allowed origins.
    #[derive(Debug, Clone, PartialEq, Serialize)]
    pub struct OriginsReport {
        /// True when no issue has severity "error".
        pub ok: bool,
        /// Every entry's issues in input order, then those about the whole text.
        pub issues: Vec<Issue>,
        /// The accepted origins, normalised to the WHATWG ASCII serialization, de-duplicated,
        /// in input order.
        pub origins: Vec<String>,
        /// `origins.join(", ")`: the value to store.
        pub normalized: String,
        /// One row per entry (blank lines are not entries; an empty entry between commas is).
        pub entries: Vec<OriginEntry>,
    }
}

/// Checks a comma- or newline-separated list of allowed origins.
///
/// Never fails: every problem is an issue in the report. A text over [`MAX_TEXT_BYTES`]
/// gets `origin.too_long` and is not read further.
pub fn validate(text: &str, options: &OriginsOptions) -> OriginsReport {
    let locale = Locale::from_option(options.locale.as_deref());
    if text.len() > MAX_TEXT_BYTES {
        return too_long(text.len(), locale);
    }
    let offsets = Utf16Offsets::new(text);
    let mut entries = Vec::new();
    for piece in split(text) {
        let raw = &text[piece.range.clone()];
        let trimmed = raw.trim();
        let start = piece.range.start + (raw.len() - raw.trim_start().len());
        // Blank lines are layout (`a,\nb` or a final newline), not forgotten entries; an
        // empty entry between commas usually is a typo.
        let is_layout = piece.before == Delimiter::LineBreak
            || piece.after == Delimiter::LineBreak
            || (piece.before == Delimiter::Start && piece.after == Delimiter::End);
        if trimmed.is_empty() && is_layout {
            continue;
        }
        entries.push(check_entry(trimmed, start, &offsets, options.site_is_https));
    }
    assemble(entries, locale)
}

/// Checks a list that is already split, one origin per element (the settings object's
/// `cors.allowedOrigins`): `entries[i]` is `allowed_origins[i]`, and spans are UTF-16
/// offsets into that element. Separators inside an element are `origin.multiple_in_entry`.
pub fn validate_list(allowed_origins: &[String], options: &OriginsOptions) -> OriginsReport {
    let locale = Locale::from_option(options.locale.as_deref());
    let total_bytes: usize = allowed_origins.iter().map(String::len).sum();
    if total_bytes > MAX_TEXT_BYTES {
        return too_long(total_bytes, locale);
    }
    let entries = allowed_origins
        .iter()
        .map(|item| {
            let trimmed = item.trim();
            let start = item.len() - item.trim_start().len();
            check_entry(trimmed, start, &Utf16Offsets::new(item), options.site_is_https)
        })
        .collect();
    assemble(entries, locale)
}

/// The normalised origin (`https://xn--mnchen-3ya.de`, `http://[::1]:8080`) when `entry` is
/// a valid allowed origin — warnings allowed, errors not — and `None` otherwise.
pub fn normalize(entry: &str) -> Option<String> {
    let entry = entry.trim();
    if entry.len() > MAX_TEXT_BYTES {
        return None;
    }
    let (origin, findings) = inspect(entry, false);
    if findings.iter().any(|finding| finding.issue.severity == Severity::Error) {
        return None;
    }
    origin
}

/// True when `origin` (an `Origin` header value) is one of `allowed`.
///
/// Both sides are normalised with [`normalize`] and compared exactly — never by prefix,
/// suffix or substring, so `https://example.com.evil.net` is not `https://example.com`.
/// `null` and anything that is not a valid origin (on either side) never match.
pub fn is_allowed(origin: &str, allowed: &[String]) -> bool {
    let Some(origin) = normalize(origin) else {
        return false;
    };
    allowed.iter().any(|entry| normalize(entry).as_deref() == Some(origin.as_str()))
}

fn too_long(length_bytes: usize, locale: Locale) -> OriginsReport {
    let mut issues =
        vec![Issue::error(OriginCode::TooLong).param("max", MAX_TEXT_BYTES).param("length", length_bytes)];
    localize_all(&mut issues, locale);
    OriginsReport { ok: false, issues, origins: Vec::new(), normalized: String::new(), entries: Vec::new() }
}

/// De-duplicates the accepted origins, localizes, and gathers the report.
fn assemble(mut entries: Vec<OriginEntry>, locale: Locale) -> OriginsReport {
    let mut seen = HashSet::new();
    let mut origins = Vec::new();
    for entry in entries.iter_mut().filter(|entry| entry.ok) {
        let Some(origin) = &entry.origin else { continue };
        if seen.insert(origin.clone()) {
            origins.push(origin.clone());
        } else {
            entry
                .issues
                .push(Issue::warning(OriginCode::Duplicate).param("origin", origin.clone()).span(entry.span));
        }
    }
    let mut issues = Vec::new();
    for entry in &mut entries {
        localize_all(&mut entry.issues, locale);
        issues.extend(entry.issues.iter().cloned());
    }
    let normalized = origins.join(", ");
    OriginsReport { ok: no_errors(&issues), issues, origins, normalized, entries }
}

/// What ends a piece of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Delimiter {
    Start,
    Comma,
    LineBreak,
    End,
}

/// A stretch of text between two delimiters, untrimmed.
#[derive(Debug)]
struct Piece {
    range: Range<usize>,
    before: Delimiter,
    after: Delimiter,
}

/// Splits on commas and line breaks (`\n`, `\r\n`, `\r`). Only ASCII bytes are matched, and
/// those never occur inside a multi-byte UTF-8 sequence, so every cut is a char boundary.
fn split(text: &str) -> Vec<Piece> {
    let bytes = text.as_bytes();
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut before = Delimiter::Start;
    let mut i = 0;
    while i < bytes.len() {
        let (delimiter, width) = match bytes[i] {
            b',' => (Delimiter::Comma, 1),
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => (Delimiter::LineBreak, 2),
            b'\r' | b'\n' => (Delimiter::LineBreak, 1),
            _ => {
                i += 1;
                continue;
            }
        };
        pieces.push(Piece { range: start..i, before, after: delimiter });
        i += width;
        start = i;
        before = delimiter;
    }
    pieces.push(Piece { range: start..bytes.len(), before, after: Delimiter::End });
    pieces
}

/// Checks one trimmed entry found at byte `start` of the text `offsets` indexes.
fn check_entry(entry: &str, start: usize, offsets: &Utf16Offsets, site_is_https: bool) -> OriginEntry {
    let span = offsets.span(start, start + entry.len());
    if entry.is_empty() {
        return OriginEntry {
            input: String::new(),
            span,
            origin: None,
            ok: true,
            issues: vec![Issue::warning(OriginCode::EmptyEntry).span(span)],
        };
    }
    let (origin, mut findings) = inspect(entry, site_is_https);
    // Reading order, so the UI can list an entry's problems left to right.
    findings.sort_by_key(|finding| finding.at.start);
    let issues: Vec<Issue> = findings
        .into_iter()
        .map(|finding| finding.issue.span(offsets.span(start + finding.at.start, start + finding.at.end)))
        .collect();
    OriginEntry { input: entry.to_owned(), span, origin, ok: no_errors(&issues), issues }
}

/// An issue and the byte range of the entry it is about.
#[derive(Debug)]
struct Finding {
    issue: Issue,
    at: Range<usize>,
}

/// Collects findings, at most one per code.
#[derive(Debug, Default)]
struct Findings(Vec<Finding>);

impl Findings {
    fn add(&mut self, issue: Issue, at: Range<usize>) {
        if !self.has(issue.code) {
            self.0.push(Finding { issue, at });
        }
    }

    fn has(&self, code: IssueCode) -> bool {
        self.0.iter().any(|finding| finding.issue.code == code)
    }

    fn has_error(&self) -> bool {
        self.0.iter().any(|finding| finding.issue.severity == Severity::Error)
    }
}

/// The origin an entry parses to (if http or https) and everything wrong with it.
/// `entry` is trimmed and not empty.
fn inspect(entry: &str, site_is_https: bool) -> (Option<String>, Vec<Finding>) {
    let parsed = Url::parse(entry);
    let url = parsed.as_ref().ok().filter(|url| matches!(url.scheme(), "http" | "https"));
    let origin = url.map(|url| url.origin().ascii_serialization());
    let mut findings = Findings::default();
    let whole = 0..entry.len();

    if let Some((at, ch)) = entry.char_indices().find(|&(_, ch)| is_invisible(ch)) {
        findings.add(
            Issue::error(OriginCode::ControlCharacter).param("codePoint", format!("U+{:04X}", u32::from(ch))),
            at..at + ch.len_utf8(),
        );
    }
    if entry.eq_ignore_ascii_case("null") {
        findings.add(Issue::error(OriginCode::Null), whole);
        return (origin, findings.0);
    }
    // `https://*.example.com` parses (`*` is a valid host code point), but browsers never
    // send a pattern: the entry would match nothing, or be read as "allow everyone".
    if let Some(star) = entry.find('*') {
        findings.add(Issue::error(OriginCode::Wildcard), star..star + 1);
        return (origin, findings.0);
    }
    if let Some(suggestion) = split_origins(entry) {
        findings.add(Issue::error(OriginCode::MultipleInEntry).quoted("suggestion", &suggestion), whole);
        return (origin, findings.0);
    }

    let Some(scheme_end) = scheme_end(entry) else {
        findings
            .add(Issue::error(OriginCode::MissingScheme).quoted("suggestion", &guess_origin(entry)), whole);
        return (origin, findings.0);
    };
    let scheme = &entry[..scheme_end];
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        // `localhost:3000` and `api.example.com:8080` parse with the host as the scheme.
        if entry[scheme_end + 1..].starts_with(|ch: char| ch.is_ascii_digit()) {
            findings.add(
                Issue::error(OriginCode::MissingScheme).quoted("suggestion", &guess_origin(entry)),
                whole,
            );
        } else {
            findings.add(Issue::error(OriginCode::UnsupportedScheme).quoted("scheme", scheme), 0..scheme_end);
        }
        return (origin, findings.0);
    }

    let parts = RawParts::lex(entry, scheme_end);
    let suggestion = origin.clone().unwrap_or_else(|| parts.rebuild(entry));
    check_structure(entry, &parts, &suggestion, &mut findings);
    match (&parsed, url) {
        (Err(error), _) => {
            let (issue, at) = match error {
                ParseError::EmptyHost => (Issue::error(OriginCode::MissingHost), parts.host.clone()),
                ParseError::InvalidPort => {
                    let at = parts.port.clone().unwrap_or(whole);
                    (Issue::error(OriginCode::InvalidPort).quoted("port", &entry[at.clone()]), at)
                }
                _ => {
                    let at = parts.host.clone();
                    (Issue::error(OriginCode::InvalidHost).quoted("host", &entry[at.clone()]), at)
                }
            };
            findings.add(issue, at);
        }
        (Ok(_), Some(url)) => {
            if let Some(Host::Domain(domain)) = url.host() {
                if !is_dns_name(domain) {
                    let at = parts.host.clone();
                    findings
                        .add(Issue::error(OriginCode::InvalidHost).quoted("host", &entry[at.clone()]), at);
                }
            }
            if !findings.has_error() {
                warn_about_reach(url, &parts, site_is_https, &mut findings);
            }
        }
        (Ok(_), None) => {}
    }
    (origin, findings.0)
}

/// The raw-text checks for an http(s) entry: what the parser would silently repair.
fn check_structure(entry: &str, parts: &RawParts, suggestion: &str, findings: &mut Findings) {
    if &entry[parts.separator.clone()] != "//" {
        // `http:example.com`, `https:/x`, `http:\\x`: the parser accepts them all.
        findings.add(
            Issue::error(OriginCode::InvalidSeparator).quoted("suggestion", suggestion),
            0..parts.separator.end,
        );
    }
    if let Some(userinfo) = &parts.userinfo {
        findings
            .add(Issue::error(OriginCode::HasCredentials).quoted("suggestion", suggestion), userinfo.clone());
    }
    if parts.host.is_empty() {
        findings.add(Issue::error(OriginCode::MissingHost), parts.host.clone());
    }
    if let Some(port) = &parts.port {
        let digits = &entry[port.clone()];
        // Leading zeros are fine (`:0443` is 443); the parser rejects what overflows u16.
        let valid = !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && digits.trim_start_matches('0').len() <= 5
            && digits.parse::<u32>().is_ok_and(|port| (1..=65535).contains(&port));
        if !valid {
            findings
                .add(Issue::error(OriginCode::InvalidPort).quoted("port", digits), port.start - 1..port.end);
        }
    }
    let path = &entry[parts.path.clone()];
    if path == "/" || path == "\\" {
        findings.add(
            Issue::error(OriginCode::TrailingSlash).quoted("suggestion", suggestion),
            parts.path.clone(),
        );
    } else if !path.is_empty() {
        findings.add(
            Issue::error(OriginCode::HasPath).quoted("path", path).quoted("suggestion", suggestion),
            parts.path.clone(),
        );
    }
    if let Some(query) = &parts.query {
        findings.add(Issue::error(OriginCode::HasQuery).quoted("suggestion", suggestion), query.clone());
    }
    if let Some(fragment) = &parts.fragment {
        findings
            .add(Issue::error(OriginCode::HasFragment).quoted("suggestion", suggestion), fragment.clone());
    }
}

/// Warnings about who can reach an otherwise valid origin.
fn warn_about_reach(url: &Url, parts: &RawParts, site_is_https: bool, findings: &mut Findings) {
    let Some(host) = url.host() else { return };
    if is_local(&host) {
        let name = url.host_str().unwrap_or_default();
        findings.add(Issue::warning(OriginCode::LocalAddress).quoted("host", name), parts.host.clone());
    }
    // Browsers treat loopback as secure, so `http://localhost:3000` is normal development.
    if site_is_https && url.scheme() == "http" && !is_loopback(&host) {
        let origin = url.origin().ascii_serialization();
        let secure = format!("https{}", origin.strip_prefix("http").unwrap_or(&origin));
        findings.add(
            Issue::warning(OriginCode::InsecureScheme).quoted("suggestion", &secure),
            0..parts.scheme_end,
        );
    }
}

/// Byte ranges of the parts of an http(s) entry, found the way the WHATWG parser's
/// special-authority states find them, but without repairing anything.
#[derive(Debug)]
struct RawParts {
    /// End of the scheme (the `:`).
    scheme_end: usize,
    /// The slashes after `scheme:` (should be exactly `//`).
    separator: Range<usize>,
    /// `user:pass@`, `@` included.
    userinfo: Option<Range<usize>>,
    host: Range<usize>,
    /// The text after the host's `:`, which is just before it.
    port: Option<Range<usize>>,
    /// From the end of the authority to `?`, `#` or the end (may be empty).
    path: Range<usize>,
    query: Option<Range<usize>>,
    fragment: Option<Range<usize>>,
}

impl RawParts {
    /// Every index is at an ASCII byte or the end, hence a char boundary.
    fn lex(entry: &str, scheme_end: usize) -> RawParts {
        let bytes = entry.as_bytes();
        let end_of = |from: usize, stop: &dyn Fn(u8) -> bool| {
            bytes[from..].iter().position(|&b| stop(b)).map_or(bytes.len(), |offset| from + offset)
        };
        let separator_start = scheme_end + 1;
        let separator_end = end_of(separator_start, &|b| !matches!(b, b'/' | b'\\'));
        let authority_end = end_of(separator_end, &|b| matches!(b, b'/' | b'\\' | b'?' | b'#'));
        // The last `@` ends the userinfo, as in the URL Standard's authority state.
        let (userinfo, host_start) = match entry[separator_end..authority_end].rfind('@') {
            Some(at) => (Some(separator_end..separator_end + at + 1), separator_end + at + 1),
            None => (None, separator_end),
        };
        let mut host_end = host_start;
        let mut in_brackets = false;
        while host_end < authority_end {
            match bytes[host_end] {
                b'[' => in_brackets = true,
                b']' => in_brackets = false,
                b':' if !in_brackets => break,
                _ => {}
            }
            host_end += 1;
        }
        let port = (host_end < authority_end).then(|| host_end + 1..authority_end);
        let path_end = end_of(authority_end, &|b| matches!(b, b'?' | b'#'));
        let fragment_start = end_of(path_end, &|b| b == b'#');
        let query = (bytes.get(path_end) == Some(&b'?')).then_some(path_end..fragment_start);
        let fragment = (fragment_start < bytes.len()).then_some(fragment_start..bytes.len());
        RawParts {
            scheme_end,
            separator: separator_start..separator_end,
            userinfo,
            host: host_start..host_end,
            port,
            path: authority_end..path_end,
            query,
            fragment,
        }
    }

    /// `scheme://host[:port]` from the raw text, for entries the parser rejects.
    fn rebuild(&self, entry: &str) -> String {
        let scheme = entry[..self.scheme_end].to_ascii_lowercase();
        let host = &entry[self.host.clone()];
        match &self.port {
            Some(port) => format!("{scheme}://{host}:{}", &entry[port.clone()]),
            None => format!("{scheme}://{host}"),
        }
    }
}

/// The index of the `:` ending a syntactically valid scheme (`ALPHA *( ALPHA / DIGIT / "+"
/// / "-" / "." )`, RFC 3986 §3.1), if the entry starts with one.
fn scheme_end(entry: &str) -> Option<usize> {
    let colon = entry.find(':')?;
    let scheme = &entry.as_bytes()[..colon];
    let valid = scheme.first().is_some_and(u8::is_ascii_alphabetic)
        && scheme.iter().all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    valid.then_some(colon)
}

/// A likely fix for an entry without a scheme: `https://` in front (`http://` for local
/// addresses, which rarely have certificates), reduced to its origin.
fn guess_origin(entry: &str) -> String {
    let lower = entry.to_ascii_lowercase();
    // `https//example.com`: the colon alone is missing.
    let (scheme, rest) = if lower.starts_with("https//") {
        ("https", &entry[7..])
    } else if lower.starts_with("http//") {
        ("http", &entry[6..])
    } else {
        ("https", entry.trim_start_matches(['/', '\\']))
    };
    let candidate = format!("{scheme}://{rest}");
    match Url::parse(&candidate) {
        Ok(url) if url.host().is_some() => {
            let origin = url.origin().ascii_serialization();
            match origin.strip_prefix("https") {
                Some(rest) if scheme == "https" && url.host().is_some_and(|host| is_local(&host)) => {
                    format!("http{rest}")
                }
                _ => origin,
            }
        }
        _ => candidate,
    }
}

/// When an entry holds several origins separated by spaces or `;` (or commas, in a
/// pre-split list), those origins joined as a list should be; `None` otherwise.
///
/// Two words with a scheme make a list (`https://a.com https://b.com`); so do bare host
/// names when no word has a scheme (`a.com b.com`). One URL followed by a host-like word
/// (`https://exa mple.com`) is a mistyped host, not a list.
fn split_origins(entry: &str) -> Option<String> {
    let words: Vec<&str> = entry
        .split(|ch: char| ch.is_whitespace() || ch == ';' || ch == ',')
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() < 2 {
        return None;
    }
    let with_scheme: Vec<&str> = words.iter().copied().filter(|word| has_scheme_prefix(word)).collect();
    let origins = if with_scheme.len() >= 2 {
        with_scheme
    } else if with_scheme.is_empty() && words.iter().all(|word| is_host_like(word)) {
        words
    } else {
        return None;
    };
    let fixed: Vec<String> = origins
        .iter()
        .map(|word| match Url::parse(word) {
            Ok(url) if matches!(url.scheme(), "http" | "https") => url.origin().ascii_serialization(),
            _ if has_scheme_prefix(word) => (*word).to_owned(),
            _ => guess_origin(word),
        })
        .collect();
    Some(fixed.join(", "))
}

/// `https://…`, `http:…` or any `scheme://…`.
fn has_scheme_prefix(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    lower.contains("://") || lower.starts_with("http:") || lower.starts_with("https:")
}

/// Reads like a host name, perhaps with a port: `api.example.com`, `localhost:3000`.
fn is_host_like(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    let dotted = lower.contains('.')
        && !lower.starts_with('.')
        && !lower.ends_with('.')
        && lower.chars().all(|ch| ch.is_alphanumeric() || matches!(ch, '.' | '-' | '_' | ':' | '/'));
    dotted || lower == "localhost" || lower.starts_with("localhost:")
}

/// Characters that do not show, or change how text around them shows: C0/C1 controls
/// (tab included), soft hyphen, zero-width and bidirectional formatting marks, BOM. Pasted
/// into an origin they make an entry that looks right and matches nothing.
fn is_invisible(ch: char) -> bool {
    ch.is_control()
        || matches!(
            ch,
            '\u{00AD}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

/// A host name DNS can resolve: labels of 1 to 63 letters, digits, `-` or `_`, 253 bytes
/// at most. The URL Standard accepts far more (`http://!$&'()*+/`, `http://a..b`), but no
/// browser can send such an origin for a real site. A trailing dot counts as an empty label:
/// `https://example.com.` is a different origin from `https://example.com`.
fn is_dns_name(domain: &str) -> bool {
    domain.len() <= 253
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

/// Loopback: `localhost` and its subdomains, 127.0.0.0/8, `::1` — the hosts browsers treat
/// as potentially trustworthy even over http
/// (<https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy>).
fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(domain) => *domain == "localhost" || domain.ends_with(".localhost"),
        Host::Ipv4(ip) => ip.is_loopback(),
        Host::Ipv6(ip) => ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|ip| ip.is_loopback()),
    }
}

/// Loopback, private (RFC 1918), link-local and unspecified addresses, and IPv6 unique
/// local addresses: hosts only the same machine or network can reach.
fn is_local(host: &Host<&str>) -> bool {
    let local_v4 =
        |ip: &Ipv4Addr| ip.is_loopback() || ip.is_private() || ip.is_link_local() || ip.octets()[0] == 0;
    let local_v6 = |ip: &Ipv6Addr| {
        let first = ip.segments()[0];
        ip.is_loopback()
            || ip.is_unspecified()
            || (first & 0xfe00) == 0xfc00
            || (first & 0xffc0) == 0xfe80
            || ip.to_ipv4_mapped().is_some_and(|ip| local_v4(&ip))
    };
    match host {
        Host::Ipv4(ip) => local_v4(ip),
        Host::Ipv6(ip) => local_v6(ip),
        Host::Domain(_) => is_loopback(host),
    }
}

#[cfg(test)]
mod tests {
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
            issue.unwrap_or_else(|| panic!("{input:?}: no {name} in {:?}", report.issues)).params[name]
                .clone()
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
        assert_eq!(
            codes(&https_site("http://192.168.0.1")),
            ["origin.insecure_scheme", "origin.local_address"]
        );
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
        let spanish = validate(
            "https://a.com/",
            &OriginsOptions { locale: Some("es-CL".into()), ..Default::default() },
        );
        assert_eq!(
            spanish.issues[0].message,
            "Quita la barra del final; los navegadores envían el origen sin ella: https://a.com"
        );
        let portuguese =
            validate("null", &OriginsOptions { locale: Some("pt-BR".into()), ..Default::default() });
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
        let list = [
            "https://a.com".to_owned(),
            " https://b.com/ ".to_owned(),
            String::new(),
            "https://a.com".into(),
        ];
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
}
