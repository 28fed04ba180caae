//! CORS decisions for the content the platform serves: given a request's `Origin` (and, for
//! a preflight, what it asks to send) and the stored `cors` settings, whether the browser
//! may read the answer. The server turns the decision into headers.
//!
//! <https://fetch.spec.whatwg.org/#http-cors-protocol>: the allowed origin is echoed exactly
//! (never `*`), answers vary by `Origin`, and credentials are never allowed — content is
//! opened by a bearer token, not by cookies.
//!
//! ```
//! use policy_widget::origins::cors::{cross_origin, CrossOrigin};
//!
//! let allowed = vec!["https://app.example.com".to_owned()];
//! assert_eq!(
//!     cross_origin(Some("https://app.example.com"), true, &allowed),
//!     CrossOrigin::Allowed("https://app.example.com".into())
//! );
//! assert_eq!(cross_origin(Some("https://app.example.com.evil.net"), true, &allowed), CrossOrigin::Refused);
//! assert_eq!(cross_origin(Some("https://app.example.com"), false, &allowed), CrossOrigin::Refused);
//! assert_eq!(cross_origin(None, true, &allowed), CrossOrigin::NotCrossOrigin);
//! ```

use super::{is_allowed, normalize};

/// The methods a cross-origin page may use on content: reads only.
pub const ALLOWED_METHODS: &str = "GET, HEAD";

/// The request headers a cross-origin page may send beyond the CORS-safelisted ones: the
/// bearer token.
pub const ALLOWED_HEADERS: &str = "Authorization";

/// The response headers a cross-origin page may read beyond the safelisted ones: the
/// RFC 6750 challenge, which says why a token was refused.
pub const EXPOSED_HEADERS: &str = "WWW-Authenticate";

/// How long a browser may keep a preflight's answer, in seconds: ten minutes, Chromium's
/// own cap (<https://fetch.spec.whatwg.org/#http-access-control-max-age>), so a removed
/// origin loses access within that time even for pages already open.
pub const MAX_AGE_SECONDS: u32 = 600;

/// The verdict on one request's `Origin`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CrossOrigin {
    /// No `Origin` header: a same-origin read or not a browser. No CORS header is due.
    NotCrossOrigin,
    /// The origin may read the answer: echo it in `Access-Control-Allow-Origin`.
    Allowed(String),
    /// CORS is off, or the origin is not in the list (or is not a serialized origin at all,
    /// such as `null`): no `Access-Control-Allow-Origin`.
    Refused,
}

/// Decides a request with `Origin: origin` under the settings `enabled` and
/// `allowed_origins`, by the exact comparison of [`is_allowed`].
///
/// The origin must also be written as browsers write it (its own normalisation): a browser
/// never sends `https://APP.example.com:443`, and echoing such a value would not match
/// what the browser compares it with anyway.
pub fn cross_origin(origin: Option<&str>, enabled: bool, allowed_origins: &[String]) -> CrossOrigin {
    let Some(origin) = origin else { return CrossOrigin::NotCrossOrigin };
    if !enabled {
        return CrossOrigin::Refused;
    }
    let serialized = normalize(origin).is_some_and(|normalized| normalized == origin);
    if serialized && is_allowed(origin, allowed_origins) {
        CrossOrigin::Allowed(origin.to_owned())
    } else {
        CrossOrigin::Refused
    }
}

/// Decides a preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`): the
/// origin must be allowed, the method one of [`ALLOWED_METHODS`] and every requested header
/// (`Access-Control-Request-Headers`, comma-separated) one of [`ALLOWED_HEADERS`].
pub fn preflight(
    origin: Option<&str>,
    requested_method: &str,
    requested_headers: Option<&str>,
    enabled: bool,
    allowed_origins: &[String],
) -> CrossOrigin {
    let verdict = cross_origin(origin, enabled, allowed_origins);
    let CrossOrigin::Allowed(_) = verdict else {
        // A preflight without an Origin is no preflight: nothing to allow.
        return CrossOrigin::Refused;
    };
    let method_allowed = matches!(requested_method, "GET" | "HEAD");
    let headers_allowed = requested_headers
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .all(|name| ALLOWED_HEADERS.split(", ").any(|allowed| allowed.eq_ignore_ascii_case(name)));
    if method_allowed && headers_allowed {
        verdict
    } else {
        CrossOrigin::Refused
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(origins: &[&str]) -> Vec<String> {
        origins.iter().map(|origin| (*origin).to_owned()).collect()
    }

    #[test]
    fn only_an_exact_origin_of_the_list_is_allowed() {
        let allowed = list(&["https://app.example.com", "http://localhost:3000", "https://[::1]:8443"]);
        let cases: &[(&str, bool)] = &[
            ("https://app.example.com", true),
            ("http://localhost:3000", true),
            ("https://[::1]:8443", true),
            // suffix, prefix and sub-domain tricks
            ("https://app.example.com.evil.net", false),
            ("https://evil-app.example.com", false),
            ("https://evilapp.example.com", false),
            ("https://sub.app.example.com", false),
            ("https://example.com", false),
            // scheme and port tricks
            ("http://app.example.com", false),
            ("https://app.example.com:8443", false),
            ("https://app.example.com:443", false),
            ("http://localhost:3001", false),
            ("http://localhost", false),
            ("https://localhost:3000", false),
            // written as no browser writes an origin
            ("https://APP.example.com", false),
            ("https://app.example.com/", false),
            ("https://app.example.com/path", false),
            ("https://user@app.example.com", false),
            (" https://app.example.com", false),
            ("null", false),
            ("*", false),
            ("", false),
        ];
        for (origin, expected) in cases {
            let verdict = cross_origin(Some(origin), true, &allowed);
            let want =
                if *expected { CrossOrigin::Allowed((*origin).to_owned()) } else { CrossOrigin::Refused };
            assert_eq!(verdict, want, "{origin:?}");
        }
    }

    #[test]
    fn a_list_entry_written_loosely_still_matches_the_browsers_origin() {
        let allowed = list(&["HTTPS://App.Example.COM:443"]);
        assert_eq!(
            cross_origin(Some("https://app.example.com"), true, &allowed),
            CrossOrigin::Allowed("https://app.example.com".into())
        );
    }

    #[test]
    fn disabled_cors_refuses_every_origin_and_an_empty_list_refuses_all() {
        let allowed = list(&["https://app.example.com"]);
        assert_eq!(cross_origin(Some("https://app.example.com"), false, &allowed), CrossOrigin::Refused);
        assert_eq!(cross_origin(Some("https://app.example.com"), true, &[]), CrossOrigin::Refused);
    }

    #[test]
    fn no_origin_is_not_a_cross_origin_request() {
        assert_eq!(cross_origin(None, false, &[]), CrossOrigin::NotCrossOrigin);
        assert_eq!(cross_origin(None, true, &list(&["https://a.example"])), CrossOrigin::NotCrossOrigin);
    }

    #[test]
    fn a_list_entry_that_is_not_an_origin_matches_nothing() {
        let allowed = list(&["https://app.example.com/", "*", "null"]);
        for origin in ["https://app.example.com", "null", "https://evil.example"] {
            assert_eq!(cross_origin(Some(origin), true, &allowed), CrossOrigin::Refused, "{origin}");
        }
    }

    #[test]
    fn a_preflight_is_allowed_for_reads_with_the_bearer_token_only() {
        let allowed = list(&["https://app.example.com"]);
        let origin = Some("https://app.example.com");
        let ok = CrossOrigin::Allowed("https://app.example.com".into());
        assert_eq!(preflight(origin, "GET", Some("authorization"), true, &allowed), ok);
        assert_eq!(preflight(origin, "HEAD", None, true, &allowed), ok);
        assert_eq!(preflight(origin, "GET", Some("Authorization, "), true, &allowed), ok);
        assert_eq!(preflight(origin, "PUT", Some("authorization"), true, &allowed), CrossOrigin::Refused);
        assert_eq!(
            preflight(origin, "get", None, true, &allowed),
            CrossOrigin::Refused,
            "methods are case-sensitive"
        );
        assert_eq!(
            preflight(origin, "GET", Some("authorization,x-admin"), true, &allowed),
            CrossOrigin::Refused
        );
        assert_eq!(preflight(origin, "GET", None, false, &allowed), CrossOrigin::Refused);
        assert_eq!(
            preflight(Some("https://app.example.com.evil.net"), "GET", None, true, &allowed),
            CrossOrigin::Refused
        );
        assert_eq!(preflight(None, "GET", None, true, &allowed), CrossOrigin::Refused);
    }
}
