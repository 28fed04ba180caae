//! How browsers reach the server: over TLS it terminates itself, or through proxies and a
//! balancer that end TLS and forward plain HTTP. From that follow the origin a browser's
//! `Origin` must name, whether cookies are `Secure`, whether HSTS is sent, and which address
//! a request really comes from.

use std::net::IpAddr;

use axum::http::{header, HeaderMap};
use ipnet::IpNet;
use policy_widget::origins::{self, OriginsOptions};

/// What the server knows about the way it is reached.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// The server speaks TLS itself (`--tls-cert`).
    pub tls: bool,
    /// The origin browsers use (`--public-origin`), normalised: set when a proxy in front
    /// serves the page under another scheme, host or port than the server's own.
    pub public_origin: Option<String>,
    /// Peers whose `X-Forwarded-For` is believed (`--trusted-proxy`).
    pub trusted_proxies: Vec<IpNet>,
}

impl Site {
    /// Browsers load the page over HTTPS: cookies get `Secure` and the `__Host-` prefix, HSTS
    /// is sent, and `http://` origins in the CORS list are warned about.
    pub fn is_https(&self) -> bool {
        match &self.public_origin {
            Some(origin) => origin.starts_with("https://"),
            None => self.tls,
        }
    }

    /// Whether a request's `Origin` header names this site. With `--public-origin`, it must
    /// be that origin (compared by the core's exact, normalised rule); without it, the origin
    /// the request's own `Host` and the server's scheme make.
    pub fn is_own_origin(&self, origin: &str, headers: &HeaderMap) -> bool {
        match &self.public_origin {
            Some(public) => origins::is_allowed(origin, std::slice::from_ref(public)),
            None => {
                let Some(host) = headers.get(header::HOST).and_then(|host| host.to_str().ok()) else {
                    return false;
                };
                let scheme = if self.tls { "https" } else { "http" };
                origin.eq_ignore_ascii_case(&format!("{scheme}://{host}"))
            }
        }
    }

    /// The client's address. A request from a trusted proxy is attributed to the address it
    /// forwarded for: `X-Forwarded-For` is read from the right (each proxy appends the peer
    /// it saw), skipping trusted proxies, and the first address that is not one is the
    /// client. Everything left of it may have been written by the client and is ignored. An
    /// entry that is not an IP address stops the walk at the proxy that passed it on.
    pub fn client_address(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.is_trusted(peer) {
            return peer;
        }
        let forwarded: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .collect();
        let mut client = peer;
        for entry in forwarded.iter().rev() {
            let Ok(address) = entry.parse::<IpAddr>() else { break };
            client = address.to_canonical();
            if !self.is_trusted(client) {
                break;
            }
        }
        client
    }

    fn is_trusted(&self, address: IpAddr) -> bool {
        self.trusted_proxies.iter().any(|net| net.contains(&address))
    }
}

/// Reads `--public-origin`: one http(s) origin (no path, query or credentials), normalised
/// as browsers serialise it, checked by the core's origin rules.
///
/// # Errors
/// The core's message for the first problem, or a note that one origin is expected.
pub fn parse_public_origin(text: &str) -> Result<String, String> {
    let report = origins::validate(text, &OriginsOptions { locale: None, site_is_https: false });
    if let Some(error) = report.issues.iter().find(|issue| issue.severity == policy_widget::Severity::Error) {
        return Err(format!("--public-origin {text:?}: {}", error.message));
    }
    match report.origins.as_slice() {
        [origin] => Ok(origin.clone()),
        _ => Err(format!("--public-origin {text:?}: expected one origin such as https://admin.example.com")),
    }
}

/// Reads `--trusted-proxy`: a CIDR range (`10.0.0.0/8`, `fd00::/8`) or one address.
///
/// # Errors
/// When the text is neither.
pub fn parse_trusted_proxy(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    if let Ok(net) = text.parse::<IpNet>() {
        return Ok(net.trunc());
    }
    text.parse::<IpAddr>().map(IpNet::from).map_err(|_| {
        format!("--trusted-proxy {text:?}: expected an address range such as 10.0.0.0/8 or an address")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    fn behind(proxies: &[&str]) -> Site {
        Site {
            trusted_proxies: proxies.iter().map(|proxy| parse_trusted_proxy(proxy).unwrap()).collect(),
            ..Site::default()
        }
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn the_client_is_the_rightmost_address_that_is_not_a_trusted_proxy() {
        let site = behind(&["10.0.0.0/8", "127.0.0.1"]);
        let cases: &[(&str, &[&str], &str)] = &[
            // (peer, X-Forwarded-For headers, the client)
            ("127.0.0.1", &["203.0.113.7"], "203.0.113.7"),
            ("127.0.0.1", &["198.51.100.1, 203.0.113.7"], "203.0.113.7"),
            ("127.0.0.1", &["203.0.113.7, 10.1.2.3"], "203.0.113.7"),
            ("127.0.0.1", &["6.6.6.6, 203.0.113.7, 10.1.2.3, 10.9.9.9"], "203.0.113.7"),
            // Several header lines are one list, in order.
            ("127.0.0.1", &["6.6.6.6", "203.0.113.7, 10.0.0.2"], "203.0.113.7"),
            // Every hop trusted: the leftmost is the best that is known.
            ("127.0.0.1", &["10.0.0.5, 10.0.0.6"], "10.0.0.5"),
            // No header: the proxy itself.
            ("127.0.0.1", &[], "127.0.0.1"),
            // Garbage stops the walk at the hop that passed it on.
            ("127.0.0.1", &["203.0.113.7, unknown"], "127.0.0.1"),
            ("127.0.0.1", &["unknown, 10.0.0.9"], "10.0.0.9"),
            ("127.0.0.1", &["1.2.3.4:5678"], "127.0.0.1"),
            // IPv6, and IPv4 written as IPv6 by a dual-stack proxy.
            ("127.0.0.1", &["2001:db8::1"], "2001:db8::1"),
            ("127.0.0.1", &["::ffff:203.0.113.9"], "203.0.113.9"),
            ("::ffff:127.0.0.1", &["203.0.113.7"], "203.0.113.7"),
            // An untrusted peer's header is the client's own claim: ignored.
            ("192.0.2.1", &["203.0.113.7"], "192.0.2.1"),
        ];
        for (peer, headers, client) in cases {
            assert_eq!(site.client_address(ip(peer), &forwarded(headers)), ip(client), "{peer} {headers:?}");
        }
    }

    #[test]
    fn without_trusted_proxies_the_header_is_never_read() {
        let site = Site::default();
        assert_eq!(site.client_address(ip("127.0.0.1"), &forwarded(&["203.0.113.7"])), ip("127.0.0.1"));
    }

    #[test]
    fn trusted_proxies_are_ranges_or_single_addresses() {
        assert_eq!(parse_trusted_proxy("10.1.2.3/8").unwrap().to_string(), "10.0.0.0/8");
        assert_eq!(parse_trusted_proxy("192.0.2.1").unwrap().to_string(), "192.0.2.1/32");
        assert_eq!(parse_trusted_proxy("fd00::/8").unwrap().to_string(), "fd00::/8");
        for bad in ["", "10.0.0.0/33", "example.com", "10.0.0.0/8/8"] {
            assert!(parse_trusted_proxy(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_public_origin_is_one_normalised_http_origin() {
        assert_eq!(
            parse_public_origin("https://Admin.Example.com:443").unwrap(),
            "https://admin.example.com"
        );
        assert_eq!(parse_public_origin("http://127.0.0.1:8443").unwrap(), "http://127.0.0.1:8443");
        for bad in
            ["https://admin.example.com/", "admin.example.com", "https://a.com, https://b.com", "*", ""]
        {
            assert!(parse_public_origin(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn with_a_public_origin_only_that_origin_is_own_and_https_follows_it() {
        let site = Site { public_origin: Some("https://admin.example.com".into()), ..Site::default() };
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("10.0.0.4:8080"));
        assert!(site.is_https());
        assert!(site.is_own_origin("https://admin.example.com", &headers));
        for other in [
            "http://admin.example.com",
            "https://admin.example.com.evil.net",
            "https://admin.example.com:8443",
            "http://10.0.0.4:8080",
            "null",
        ] {
            assert!(!site.is_own_origin(other, &headers), "{other}");
        }
        let plain = Site::default();
        assert!(!plain.is_https());
        assert!(plain.is_own_origin("http://10.0.0.4:8080", &headers));
        assert!(!plain.is_own_origin("https://10.0.0.4:8080", &headers));
        assert!(Site { tls: true, ..Site::default() }.is_https());
    }
}
