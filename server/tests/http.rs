//! The HTTP surface: security headers, static files, slow clients and graceful shutdown.
//! Path traversal and hostile requests are cases of the corpus in `malformed.rs`.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;

use common::{bearer, client, Dirs, Options, Server, HANG_GUARD};

const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'; \
form-action 'self'";

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    let requests = [
        client().get(server.url("/")),
        client().get(server.url("/pkg/policy_widget_core_bg.wasm")),
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

    let response = get("/pkg/policy_widget_core_bg.wasm", "identity").await.unwrap();
    assert_eq!(response.headers()["content-type"], "application/wasm");
    assert!(response.bytes().await.unwrap().starts_with(b"\0asm"));
    for encoding in ["br", "gzip"] {
        let response = get("/pkg/policy_widget_core_bg.wasm", encoding).await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-encoding"], encoding);
        assert_eq!(response.headers()["content-type"], "application/wasm");
        assert_eq!(
            response.headers()["vary"],
            "accept-encoding",
            "a pre-compressed file says what it depends on"
        );
        assert!(response.bytes().await.unwrap().len() < 4096);
    }
    let response = get("/pkg/policy_widget.js", "gzip").await.unwrap();
    assert!(response.headers()["content-type"].to_str().unwrap().contains("javascript"));
    assert_eq!(response.headers()["content-encoding"], "gzip");
    assert_eq!(response.headers().get_all("vary").iter().count(), 1, "one Vary, not one per layer");
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

/// The header-read timeout fires: the server closes a connection whose head never ends,
/// without an answer, and says why in its log; it serves other clients meanwhile. (How long
/// it waits is `HEADER_READ_TIMEOUT`; the read timeout here only guards against a hang.)
#[test]
fn a_client_that_never_finishes_its_headers_is_cut_off() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    let mut stream = TcpStream::connect(server.address).unwrap();
    stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
    assert_eq!(common::raw_get(server.address, "/").0, 200, "other clients are served meanwhile");
    stream.set_read_timeout(Some(HANG_GUARD)).unwrap();
    let mut answer = Vec::new();
    let result = stream.read_to_end(&mut answer);
    assert!(result.is_ok(), "the server must close the connection (not leave it open): {result:?}");
    assert!(answer.is_empty(), "closed without an answer: {}", String::from_utf8_lossy(&answer));
    // The log line is written after the socket closes: wait for it.
    server.wait_for_stderr("read header from client timeout", "the header timeout is not what closed it");
}

#[tokio::test]
async fn sigterm_stops_accepting_and_exits_cleanly() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    let response = client().get(server.url("/")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let address = server.address;
    let log = server.stderr_file.clone();
    let status = server.stop();
    assert!(status.success(), "{status}");
    assert!(TcpStream::connect(address).is_err(), "the port is closed");
    let log = std::fs::read_to_string(log).unwrap();
    assert!(log.contains("SIGTERM") && log.contains("stopped"), "{log}");
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
        "POLICY_WIDGET_BOOTSTRAP_EMAIL",
        "POLICY_WIDGET_BOOTSTRAP_PASSWORD",
        "--database",
        "--trusted-proxy",
        "--public-origin",
        "backup",
        "POLICY_WIDGET_ADMIN_TOKEN",
        "POLICY_WIDGET_DATABASE",
        "/healthz",
        "/readyz",
        "RUST_LOG",
        "127.0.0.1:8080",
        "./data",
    ] {
        assert!(help.contains(needle), "--help lacks {needle}:\n{help}");
    }
}

/// Regression: `ServeDir` asked the OS for a 300-byte file name, got `ENAMETOOLONG` and
/// answered 500; a name no file system can hold is now 404.
#[test]
fn regression_a_file_name_too_long_for_any_file_system_is_404_not_500() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    for path in [
        format!("/{}", "a".repeat(300)),
        format!("/pkg/{}.wasm", "b".repeat(5000)),
        format!("/elements/{}", "%61".repeat(256)),
        "/abcdefghi".repeat(2000),
    ] {
        let (status, response) = common::raw_get(server.address, &path);
        assert_eq!(status, 404, "{}…: {response}", &path[..40]);
        assert!(response.contains("\"not_found\""), "{response}");
    }
    assert_eq!(common::raw_get(server.address, &format!("/{}", "a".repeat(255))).0, 404);
}

/// Regression: hyper's `max_buf_size` only limits a head that arrives in several reads; a
/// 100 KB header sent in one write was parsed and answered 200. The head limit is now
/// enforced whatever the reads.
#[test]
fn regression_a_head_over_64_kib_is_431_even_when_it_arrives_in_one_read() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    let request =
        format!("GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\nConnection: close\r\n\r\n", "a".repeat(100_000));
    let (status, response) = common::raw(server.address, request.as_bytes());
    assert_eq!(status, 431, "{response}");
    let request =
        format!("GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\nConnection: close\r\n\r\n", "a".repeat(60_000));
    assert_eq!(common::raw(server.address, request.as_bytes()).0, 200, "a head under the limit is fine");
}

/// The request log shows the route a request matched, never the values in its path: a
/// member's id, a content key, an invitation's token. Paths no route matched (static files,
/// 404s) are logged as sent.
#[tokio::test]
async fn the_request_log_shows_route_templates_not_path_values() {
    let dirs = Dirs::new();
    let server = Server::start(&dirs, &Options::with_token());
    let http = client();
    for path in ["/api/members/4242", "/api/invitations/SECRET-INVITATION-77", "/content/KEY-OF-NOTE"] {
        http.get(server.url(path)).send().await.unwrap();
    }
    http.get(server.url("/pkg/x.wasm")).send().await.unwrap();
    http.get(server.url("/no-such-page-31337")).send().await.unwrap();
    // Each line is written once its answer is sent: wait for the last one.
    server.wait_for_stderr("no-such-page-31337", "no log line for the last request");
    let log = server.stderr();
    for template in ["/api/members/{id}", "/api/invitations/{token}", "/content/{key}"] {
        assert!(log.contains(&format!("path={template} ")), "no line with {template}:\n{log}");
    }
    for value in ["4242", "SECRET-INVITATION-77", "KEY-OF-NOTE"] {
        assert!(!log.contains(value), "{value} reached the log:\n{log}");
    }
    for sent in ["/pkg/x.wasm", "/no-such-page-31337"] {
        assert!(log.contains(&format!("path={sent} ")), "{sent} not logged as sent:\n{log}");
    }
}
