//! Starts the real `policy-widget-server` binary on an ephemeral loopback port with its
//! own temporary directories, and talks to it over HTTP.

#![allow(dead_code, unused_macros)] // each test file uses a different part of this module

pub mod app;
pub mod database;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Mutex};
use std::time::Duration;

/// The admin token the tests give the server through the environment.
pub const TOKEN: &str = "test-admin-token-0123456789abcdef";
/// The first admin every test server is bootstrapped with (unless `Options::no_bootstrap`).
pub const ADMIN_EMAIL: &str = "ada@example.com";
/// Their password: it passes the default policy.
pub const ADMIN_PASSWORD: &str = "vivid-quartz-lantern-42";

/// How long a test waits for something that should happen at once before calling it a hang:
/// generous, so a loaded machine never fails a test, only a real hang does.
pub const HANG_GUARD: Duration = Duration::from_secs(60);

/// A sentinel outside every served directory: no traversal may ever return it.
pub const SENTINEL: &str = "SENTINEL-outside-the-web-root-7f3a";

/// Directories a server (or a series of servers) runs on.
pub struct Dirs {
    pub root: tempfile::TempDir,
}

impl Dirs {
    pub fn new() -> Dirs {
        let root = tempfile::tempdir().unwrap();
        let www = root.path().join("www");
        let pkg = root.path().join("pkg");
        std::fs::create_dir_all(www.join("elements")).unwrap();
        std::fs::create_dir_all(&pkg).unwrap();
        std::fs::write(www.join("index.html"), "<!doctype html><title>admin</title>\n".repeat(20)).unwrap();
        std::fs::write(www.join("elements/form.js"), "export const x = 1;\n".repeat(50)).unwrap();
        // Compressible, and big enough that the compression layer bothers.
        std::fs::write(
            pkg.join("policy_widget_core_bg.wasm"),
            [b"\0asm\x01\0\0\0".as_slice(), &[0u8; 4096]].concat(),
        )
        .unwrap();
        std::fs::write(pkg.join("policy_widget.js"), "export function f() {}\n".repeat(50)).unwrap();
        std::fs::write(root.path().join("secret.txt"), SENTINEL).unwrap();
        std::fs::write(root.path().join("www-secret.txt"), SENTINEL).unwrap();
        Dirs { root }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.root.path().join(name)
    }
}

/// How to start a server.
#[derive(Default, Clone)]
pub struct Options {
    /// `POLICY_WIDGET_ADMIN_TOKEN`; `None` lets the server generate one.
    pub token: Option<String>,
    pub tls: Option<(PathBuf, PathBuf)>,
    /// `--database`; `None` is the SQLite file under the data directory.
    pub database: Option<String>,
    pub extra_args: Vec<String>,
    /// Start without the bootstrap admin (the server then prints an invitation).
    pub no_bootstrap: bool,
}

impl Options {
    pub fn with_token() -> Options {
        Options { token: Some(TOKEN.into()), ..Options::default() }
    }
}

/// A running server; killed when dropped.
pub struct Server {
    child: Child,
    pub address: SocketAddr,
    /// `http://127.0.0.1:PORT` or `https://…`.
    pub base: String,
    /// What the server prints on stdout after `listening on`, line by line, as it comes;
    /// the sender closes when the server's stdout does (it has exited).
    stdout: Mutex<mpsc::Receiver<String>>,
    pub stderr_file: PathBuf,
}

impl Server {
    pub fn start(dirs: &Dirs, options: &Options) -> Server {
        let stderr_file = dirs.path(&format!("stderr-{}.log", rand_suffix()));
        let mut command = Command::new(env!("CARGO_BIN_EXE_policy-widget-server"));
        command
            .args(["--listen", "127.0.0.1:0", "--data-dir"])
            .arg(dirs.path("data"))
            .arg("--www-dir")
            .arg(dirs.path("www"))
            .arg("--pkg-dir")
            .arg(dirs.path("pkg"))
            .args(&options.extra_args)
            .env_remove("POLICY_WIDGET_ADMIN_TOKEN")
            .env_remove("POLICY_WIDGET_DATABASE")
            .env_remove("POLICY_WIDGET_BOOTSTRAP_EMAIL")
            .env_remove("POLICY_WIDGET_BOOTSTRAP_PASSWORD")
            .env("RUST_LOG", "debug")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&stderr_file).unwrap());
        if !options.no_bootstrap {
            command.env("POLICY_WIDGET_BOOTSTRAP_EMAIL", ADMIN_EMAIL);
            command.env("POLICY_WIDGET_BOOTSTRAP_PASSWORD", ADMIN_PASSWORD);
        }
        if let Some(token) = &options.token {
            command.env("POLICY_WIDGET_ADMIN_TOKEN", token);
        }
        if let Some((cert, key)) = &options.tls {
            command.arg("--tls-cert").arg(cert).arg("--tls-key").arg(key);
        }
        if let Some(database) = &options.database {
            command.arg("--database").arg(database);
        }
        let mut child = command.spawn().expect("start the server");
        let stdout = child.stdout.take().unwrap();
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let first = receiver.recv_timeout(HANG_GUARD).unwrap_or_else(|_| {
            let _ = child.kill();
            panic!(
                "server printed nothing; stderr: {}",
                std::fs::read_to_string(&stderr_file).unwrap_or_default()
            )
        });
        let url =
            first.strip_prefix("listening on ").unwrap_or_else(|| panic!("unexpected first line {first:?}"));
        let address: SocketAddr = url.split("://").nth(1).unwrap().parse().unwrap();
        Server { child, address, base: url.to_owned(), stdout: Mutex::new(receiver), stderr_file }
    }

    /// The next line the server prints on stdout (after `listening on`), waiting for it.
    pub fn next_stdout_line(&self) -> String {
        match self.stdout.lock().unwrap().recv_timeout(HANG_GUARD) {
            Ok(line) => line,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                panic!("the server printed no line within {HANG_GUARD:?}")
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => panic!("the server closed stdout"),
        }
    }

    /// Stops the server as [`Server::stop`] does and returns every stdout line it printed
    /// that no [`Server::next_stdout_line`] took: the whole rest of its output, up to its end.
    pub fn stop_and_read_stdout(mut self) -> (std::process::ExitStatus, Vec<String>) {
        let status = self.terminate();
        let receiver = self.stdout.lock().unwrap();
        let mut rest = Vec::new();
        loop {
            match receiver.recv_timeout(HANG_GUARD) {
                Ok(line) => rest.push(line),
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    panic!("stdout stayed open {HANG_GUARD:?} after exit")
                }
            }
        }
        (status, rest)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The `Origin` a browser on this server's own page sends.
    pub fn origin(&self) -> String {
        self.base.clone()
    }

    /// Stops the server with SIGTERM and waits for it, as an operator would. The wait is a
    /// guard against a hang, not a speed requirement.
    pub fn stop(mut self) -> std::process::ExitStatus {
        self.terminate()
    }

    fn terminate(&mut self) -> std::process::ExitStatus {
        let status = Command::new("kill").arg("-TERM").arg(self.child.id().to_string()).status().unwrap();
        assert!(status.success());
        let deadline = std::time::Instant::now() + HANG_GUARD;
        while std::time::Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("server did not stop within {HANG_GUARD:?} of SIGTERM");
    }

    /// Kills the server with SIGKILL (what `Child::kill` sends on Unix): no shutdown code
    /// runs, as in a crash or the OOM killer.
    pub fn kill(mut self) -> std::process::ExitStatus {
        self.child.kill().unwrap();
        self.child.wait().unwrap()
    }

    pub fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr_file).unwrap_or_default()
    }

    /// Waits until the log on stderr holds `needle` (a line the server writes after it has
    /// answered); fails after `HANG_GUARD`, which only guards against a hang.
    #[allow(dead_code)] // not every test binary that includes `common` waits for a log line
    pub fn wait_for_stderr(&self, needle: &str, what: &str) {
        let deadline = std::time::Instant::now() + HANG_GUARD;
        while !self.stderr().contains(needle) {
            assert!(std::time::Instant::now() < deadline, "{what}:\n{}", self.stderr());
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn rand_suffix() -> u64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos() as u64
}

/// An HTTP client that keeps no cookies and follows no redirects.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(HANG_GUARD)
        .build()
        .unwrap()
}

pub fn bearer() -> String {
    format!("Bearer {TOKEN}")
}

/// Sends `request` with the admin token and returns its JSON answer.
pub async fn admin_json(request: reqwest::RequestBuilder) -> serde_json::Value {
    request.header("Authorization", bearer()).send().await.unwrap().json().await.unwrap()
}

/// `PUT /api/settings` with the admin token, `body`, and `If-Match` when given.
pub async fn put_settings(
    server: &Server,
    body: &serde_json::Value,
    if_match: Option<&str>,
) -> reqwest::Response {
    let mut request = client()
        .put(server.url("/api/settings"))
        .header("Authorization", bearer())
        .header("Content-Type", "application/json")
        .body(body.to_string());
    if let Some(tag) = if_match {
        request = request.header("If-Match", tag);
    }
    request.send().await.unwrap()
}

/// `POST /api/session` as the bootstrap admin, as a page of `origin` signs in.
pub async fn sign_in_from(server: &Server, origin: &str) -> reqwest::Response {
    client()
        .post(server.url("/api/session"))
        .header("Origin", origin)
        .json(&serde_json::json!({ "email": ADMIN_EMAIL, "password": ADMIN_PASSWORD }))
        .send()
        .await
        .unwrap()
}

/// One failed sign-in: a wrong bearer token, answered 401.
pub async fn fail_with_a_wrong_token(server: &Server) {
    let response = client()
        .get(server.url("/api/settings"))
        .header("Authorization", "Bearer guess")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

/// A raw HTTP/1.1 exchange: sends `request` as bytes and returns (status, whole response).
/// Status 0 means the server closed without an HTTP answer.
pub fn raw(address: SocketAddr, request: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(HANG_GUARD)).unwrap();
    let _ = stream.write_all(request);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text.split(' ').nth(1).and_then(|code| code.parse().ok()).unwrap_or(0);
    (status, text)
}

/// `GET path` over a raw connection, the path sent exactly as given.
pub fn raw_get(address: SocketAddr, path: &str) -> (u16, String) {
    raw(address, format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").as_bytes())
}

/// The settings as JSON and the ETag.
pub async fn get_settings(server: &Server) -> (serde_json::Value, String) {
    let response =
        client().get(server.url("/api/settings")).header("Authorization", bearer()).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let etag = response.headers()["etag"].to_str().unwrap().to_owned();
    (response.json().await.unwrap(), etag)
}

/// The sign-in body of the bootstrap admin.
pub fn admin_credentials() -> serde_json::Value {
    serde_json::json!({ "email": ADMIN_EMAIL, "password": ADMIN_PASSWORD })
}
