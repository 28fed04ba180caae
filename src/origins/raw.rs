//! The raw text of an allowed-origin entry, read without the URL parser: the parts as typed
//! (the parser silently repairs exactly the mistakes that break a byte-for-byte `Origin`
//! comparison, so they must be seen before it runs), and guesses at what a mistyped entry
//! meant, offered as fixes.

use std::ops::Range;

use url::Url;

use super::is_local;

/// Byte ranges of the parts of an http(s) entry, found the way the WHATWG parser's
/// special-authority states find them, but without repairing anything.
#[derive(Debug)]
pub(super) struct RawParts {
    /// End of the scheme (the `:`).
    pub(super) scheme_end: usize,
    /// The slashes after `scheme:` (should be exactly `//`).
    pub(super) separator: Range<usize>,
    /// `user:pass@`, `@` included.
    pub(super) userinfo: Option<Range<usize>>,
    pub(super) host: Range<usize>,
    /// The text after the host's `:`, which is just before it.
    pub(super) port: Option<Range<usize>>,
    /// From the end of the authority to `?`, `#` or the end (may be empty).
    pub(super) path: Range<usize>,
    pub(super) query: Option<Range<usize>>,
    pub(super) fragment: Option<Range<usize>>,
}

impl RawParts {
    /// Every index is at an ASCII byte or the end, hence a char boundary.
    pub(super) fn lex(entry: &str, scheme_end: usize) -> RawParts {
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
    pub(super) fn rebuild(&self, entry: &str) -> String {
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
pub(super) fn scheme_end(entry: &str) -> Option<usize> {
    let colon = entry.find(':')?;
    let scheme = &entry.as_bytes()[..colon];
    let valid = scheme.first().is_some_and(u8::is_ascii_alphabetic)
        && scheme.iter().all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    valid.then_some(colon)
}

/// A likely fix for an entry without a scheme: `https://` in front (`http://` for local
/// addresses, which rarely have certificates), reduced to its origin.
pub(super) fn guess_origin(entry: &str) -> String {
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
pub(super) fn split_origins(entry: &str) -> Option<String> {
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
