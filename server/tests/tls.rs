//! HTTPS with a self-signed certificate made in the test: TLS 1.2 and 1.3 work, HSTS and
//! the `__Host-` Secure cookie are sent, and a TLS 1.1 handshake is refused.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use common::{bearer, Dirs, Options, Server};
use serde_json::Value;

fn start_tls_server(dirs: &Dirs) -> (Server, reqwest::Certificate) {
    let certified =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned(), "localhost".to_owned()]).unwrap();
    let cert_pem = certified.cert.pem();
    let (cert, key) = (dirs.path("cert.pem"), dirs.path("key.pem"));
    std::fs::write(&cert, &cert_pem).unwrap();
    std::fs::write(&key, certified.key_pair.serialize_pem()).unwrap();
    let options = Options { tls: Some((cert, key)), ..Options::with_token() };
    let server = Server::start(dirs, &options);
    assert!(server.base.starts_with("https://127.0.0.1:"), "{}", server.base);
    (server, reqwest::Certificate::from_pem(cert_pem.as_bytes()).unwrap())
}

fn tls_client(root: &reqwest::Certificate, max: Option<reqwest::tls::Version>) -> reqwest::Client {
    let mut builder = reqwest::Client::builder().add_root_certificate(root.clone()).use_rustls_tls();
    if let Some(version) = max {
        builder = builder.max_tls_version(version);
    }
    builder.build().unwrap()
}

#[tokio::test]
async fn https_serves_with_hsts_over_tls_1_2_and_1_3() {
    let dirs = Dirs::new();
    let (server, root) = start_tls_server(&dirs);
    for max in [None, Some(reqwest::tls::Version::TLS_1_2)] {
        let response = tls_client(&root, max)
            .get(server.url("/api/settings"))
            .header("Authorization", bearer())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{max:?}");
        assert_eq!(response.headers()["strict-transport-security"], "max-age=63072000; includeSubDomains");
        assert!(response.headers()["content-security-policy"].to_str().unwrap().contains("wasm-unsafe-eval"));
    }
}

#[tokio::test]
async fn the_session_cookie_is_secure_under_tls() {
    let dirs = Dirs::new();
    let (server, root) = start_tls_server(&dirs);
    let client = tls_client(&root, None);
    let response = client
        .post(server.url("/api/session"))
        .header("Origin", server.origin())
        .json(&common::admin_credentials())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let set_cookie = response.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(set_cookie.starts_with("__Host-pw_session="), "{set_cookie}");
    assert!(
        set_cookie.contains("; Secure")
            && set_cookie.contains("HttpOnly")
            && set_cookie.contains("SameSite=Strict")
    );
    let csrf = response.json::<Value>().await.unwrap()["csrfToken"].as_str().unwrap().to_owned();
    let cookie = set_cookie.split(';').next().unwrap();
    let response = client
        .post(server.url("/api/content-token/secret"))
        .header("Cookie", cookie)
        .header("X-CSRF-Token", csrf)
        .header("Origin", server.origin())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    // Over TLS the plain-HTTP origin of the same host is someone else.
    let response = client
        .get(server.url("/api/settings"))
        .header("Cookie", cookie)
        .header("Origin", server.origin().replace("https:", "http:"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}

/// A TLS 1.1 ClientHello (no `supported_versions` extension), written out by hand because
/// no client here will still offer TLS 1.1.
fn tls_1_1_client_hello() -> Vec<u8> {
    let mut body = vec![0x03, 0x02]; // client_version: TLS 1.1
    body.extend_from_slice(&[0x42; 32]); // random
    body.push(0); // no session id
                  // Suites the server does support (ECDHE-ECDSA/RSA-AES128-GCM), so only the version is wrong.
    let suites: [u16; 4] = [0xc02b, 0xc02f, 0xc009, 0xc013];
    body.extend_from_slice(&((suites.len() * 2) as u16).to_be_bytes());
    for suite in suites {
        body.extend_from_slice(&suite.to_be_bytes());
    }
    body.extend_from_slice(&[1, 0]); // compression: null only
                                     // The extensions a TLS 1.2 server needs, so that only the version is wrong.
    let extensions: &[(u16, &[u8])] = &[
        (0x000d, &[0x00, 0x06, 0x04, 0x03, 0x08, 0x04, 0x04, 0x01]), // signature_algorithms
        (0x000a, &[0x00, 0x04, 0x00, 0x1d, 0x00, 0x17]),             // supported_groups
        (0x000b, &[0x01, 0x00]),                                     // ec_point_formats
    ];
    let mut encoded = Vec::new();
    for (kind, data) in extensions {
        encoded.extend_from_slice(&kind.to_be_bytes());
        encoded.extend_from_slice(&(data.len() as u16).to_be_bytes());
        encoded.extend_from_slice(data);
    }
    body.extend_from_slice(&(encoded.len() as u16).to_be_bytes());
    body.extend_from_slice(&encoded);
    let mut handshake = vec![0x01]; // ClientHello
    handshake.extend_from_slice(&(body.len() as u32).to_be_bytes()[1..]);
    handshake.extend_from_slice(&body);
    let mut record = vec![0x16, 0x03, 0x01]; // handshake record, TLS 1.0 record version
    record.extend_from_slice(&(handshake.len() as u16).to_be_bytes());
    record.extend_from_slice(&handshake);
    record
}

#[test]
fn a_tls_1_1_handshake_is_refused() {
    let dirs = Dirs::new();
    let (server, _) = start_tls_server(&dirs);
    let mut stream = TcpStream::connect(server.address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
    stream.write_all(&tls_1_1_client_hello()).unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    assert_ne!(answer.first(), Some(&0x16), "the server must not answer with a ServerHello: {answer:02x?}");
    if !answer.is_empty() {
        // An alert record: fatal (2), protocol_version (70).
        assert_eq!(answer[0], 0x15, "{answer:02x?}");
        assert_eq!(&answer[5..7], &[2, 70], "{answer:02x?} {}", server.stderr());
    }
}

#[test]
fn plain_http_on_the_tls_port_gets_no_answer_and_no_crash() {
    let dirs = Dirs::new();
    let (server, _) = start_tls_server(&dirs);
    let (status, _) = common::raw_get(server.address, "/");
    assert_eq!(status, 0);
    let mut stream = TcpStream::connect(server.address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
    stream.write_all(&tls_1_1_client_hello()).unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    assert!(server.stderr().contains("TLS handshake failed"));
}
