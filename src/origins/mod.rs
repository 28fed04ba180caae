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

pub mod cors;
mod raw;

use serde::Serialize;
use url::{Host, ParseError, Url};

use raw::{guess_origin, scheme_end, split_origins, RawParts};

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
pub(super) fn is_local(host: &Host<&str>) -> bool {
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
mod tests;
