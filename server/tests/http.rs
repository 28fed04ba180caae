//! The HTTP surface: security headers, static files, path traversal, hostile requests,
//! slow clients and graceful shutdown.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::{bearer, client, raw, raw_get, Dirs, Options, Server, SENTINEL};

const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'; \
form-action 'self'";

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    let requests = [
        client().get(server.url("/")),
        client().get(server.url("/pkg/policy_widget_bg.wasm")),
        client().get(server.url("/missing.html")),
        client().get(server.url("/api/settings")),
        client().get(server.url("/api/settings")).header("Authorization", bearer()),
        client().put(server.url("/api/settings")).header("Authorization", bearer()),
        client().get(server.url("/%2e%2e/secret.txt")),
    ];
    for request in requests {
        let response = request.send().await.unwrap();
        let headers = response.headers();
        let url = response.url().clone();
        assert_eq!(headers["content-security-policy"], CSP, "{url}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{url}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{url}");
        assert!(headers.get("strict-transport-security").is_none(), "no HSTS over plain HTTP: {url}");
        if response.status().is_client_error() {
            assert_eq!(headers["content-type"], "application/json", "{url}");
            let body: serde_json::Value = response.json().await.unwrap();
            assert!(body["error"].is_string(), "{url}: {body}");
        }
    }
}

#[tokio::test]
async fn static_files_have_their_types_compression_and_cache_headers() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    let get = |path: &str, encoding: &str| {
        client().get(server.url(path)).header("Accept-Encoding", encoding).send()
    };
    let response = get("/", "identity").await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    assert_eq!(response.headers()["cache-control"], "no-cache");
    let last_modified = response.headers()["last-modified"].clone();

    let response = get("/pkg/policy_widget_bg.wasm", "identity").await.unwrap();
    assert_eq!(response.headers()["content-type"], "application/wasm");
    assert!(response.bytes().await.unwrap().starts_with(b"\0asm"));
    for encoding in ["br", "gzip"] {
        let response = get("/pkg/policy_widget_bg.wasm", encoding).await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-encoding"], encoding);
        assert_eq!(response.headers()["content-type"], "application/wasm");
        assert!(response.bytes().await.unwrap().len() < 4096);
    }
    let response = get("/pkg/policy_widget.js", "gzip").await.unwrap();
    assert!(response.headers()["content-type"].to_str().unwrap().contains("javascript"));
    assert_eq!(response.headers()["content-encoding"], "gzip");
    let response = get("/elements/form.js", "identity").await.unwrap();
    assert_eq!(response.status(), 200);

    let response =
        client().get(server.url("/")).header("If-Modified-Since", last_modified).send().await.unwrap();
    assert_eq!(response.status(), 304);
    let response = get("/api/settings", "gzip").await.unwrap();
    assert!(
        response.headers().get("content-encoding").is_none(),
        "API answers are never compressed (BREACH)"
    );
}

#[test]
fn path_traversal_is_refused_in_every_encoding() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    let attempts = [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/pkg/../../secret.txt",
        "/pkg/../www-secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/.%2e/secret.txt",
        "/pkg/%2e%2e/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/pkg/..%2F..%2Fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/%25252e%25252e/secret.txt",
        "/..\\secret.txt",
        "/pkg/..\\..\\secret.txt",
        "/..%5csecret.txt",
        "/%2e%2e%5csecret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "/index.html%00.js",
        "//etc/passwd",
        "/pkg//..//secret.txt",
        "/./../secret.txt",
    ];
    for path in attempts {
        let (status, response) = raw_get(server.address, path);
        assert!(!response.contains(SENTINEL), "{path} leaked the file outside the web root");
        assert!(!response.contains("root:"), "{path} leaked /etc/passwd");
        assert!(status != 200 && status < 500, "{path}: {status}");
    }
}

#[test]
fn hostile_requests_never_get_a_5xx_and_never_stop_the_server() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    let address = server.address;
    let big_header = format!("GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n", "a".repeat(100_000));
    let flood = format!("GET / HTTP/1.1\r\nHost: x\r\n{}\r\n", "X-A: b\r\n".repeat(500));
    let long_url = format!("GET /{} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "a".repeat(70_000));
    let lying_length = format!(
        "PUT /api/settings HTTP/1.1\r\nHost: x\r\nAuthorization: {}\r\nContent-Type: application/json\r\n\
         Content-Length: 1000\r\nConnection: close\r\n\r\n{{}}",
        bearer()
    );
    let cases: Vec<Vec<u8>> = vec![
        b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03".to_vec(),
        b"GET /\r\n\r\n".to_vec(),
        b"TRACE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
        b"BREW /api/settings HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
        b"GET / HTTP/9.9\r\nHost: x\r\n\r\n".to_vec(),
        b"\x00\x01\x02\x03garbage\r\n\r\n".to_vec(),
        big_header.into_bytes(),
        flood.into_bytes(),
        long_url.into_bytes(),
        b"GET /api/settings HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello"
            .to_vec(),
        b"GET /api/settings HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".to_vec(),
    ];
    let started = Instant::now();
    for case in &cases {
        let (status, _) = raw(address, case);
        assert!(status < 500, "{:?} got {status}", String::from_utf8_lossy(&case[..case.len().min(40)]));
    }
    // The lying Content-Length waits for bytes that never come: the request timeout answers.
    let mut stream = TcpStream::connect(address).unwrap();
    stream.write_all(lying_length.as_bytes()).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(45))).unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408") || answer.starts_with("HTTP/1.1 400"),
        "{answer}"
    );
    assert!(started.elapsed() < Duration::from_secs(60));
    let (status, _) = raw_get(address, "/");
    assert_eq!(status, 200, "still serving");
}

#[test]
fn a_client_that_never_finishes_its_headers_is_cut_off() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    let mut stream = TcpStream::connect(server.address).unwrap();
    stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let started = Instant::now();
    let mut answer = Vec::new();
    let result = stream.read_to_end(&mut answer);
    assert!(result.is_ok(), "the server closed the connection: {result:?}");
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_secs(5) && elapsed < Duration::from_secs(20), "{elapsed:?}");
}

#[tokio::test]
async fn sigterm_lets_a_request_in_flight_finish_and_exits_cleanly() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    let response = client().get(server.url("/")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let started = Instant::now();
    let status = server.stop();
    assert!(status.success(), "{status}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn help_documents_every_flag_and_environment_variable() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_policy-widget-server"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    for needle in [
        "--listen",
        "--data-dir",
        "--www-dir",
        "--pkg-dir",
        "--tls-cert",
        "--tls-key",
        "--reset-admin-token",
        "POLICY_WIDGET_ADMIN_TOKEN",
        "RUST_LOG",
        "127.0.0.1:8080",
        "./data",
    ] {
        assert!(help.contains(needle), "--help lacks {needle}:\n{help}");
    }
}
