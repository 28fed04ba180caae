//! Command-line flags and environment variables: everything an operator can set.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

/// The environment variable that holds the admin token.
pub const ADMIN_TOKEN_ENV: &str = "POLICY_WIDGET_ADMIN_TOKEN";

/// Shortest admin token accepted from the environment: 16 bytes keeps an online guess
/// hopeless even before the failure rate limit.
pub const MIN_ADMIN_TOKEN_LEN: usize = 16;

/// The repository's `target/www/` (the page as served: `www/` bundled and minified by
/// `scripts/build-page.mjs`, which `./dev build` runs) and `pkg/`, where
/// `cargo run -p policy-widget-server` finds them.
const DEFAULT_WWW_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/www");
const DEFAULT_PKG_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../pkg");

const ENV_HELP: &str = "\
Environment:
  POLICY_WIDGET_ADMIN_TOKEN  The admin token (at least 16 characters). When unset, a random
                             token is generated at first start, stored hashed (SHA-256) in
                             the data directory and printed once with the login URL.
  RUST_LOG                   Log filter for the tracing logs on stderr (default: info).
                             Logs never contain passwords, tokens or secrets.

Limits: request bodies 64 KiB; request headers must arrive within 10 s and a whole request
within 30 s; 10 failed sign-ins per client address per 5 minutes, then 429.";

/// policy-widget-server: serves the admin page and the WebAssembly package, stores the
/// platform's security settings in SQLite, and re-validates every change with the same
/// Rust core the browser runs.
#[derive(Debug, Clone, Parser)]
#[command(name = "policy-widget-server", version, about, long_about = None, after_help = ENV_HELP)]
pub struct Config {
    /// Address to listen on. Port 0 picks a free port; the bound address is printed on
    /// stdout as `listening on URL`.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Directory of the SQLite database (created, mode 0700, if missing).
    #[arg(long, value_name = "DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// Directory served at `/` (the admin page and the custom elements), by default the
    /// page built from the repository's `www/` by `./dev build`.
    #[arg(long, value_name = "DIR", default_value = DEFAULT_WWW_DIR)]
    pub www_dir: PathBuf,

    /// Directory served at `/pkg/` (the wasm-pack output).
    #[arg(long, value_name = "DIR", default_value = DEFAULT_PKG_DIR)]
    pub pkg_dir: PathBuf,

    /// PEM certificate chain: serve HTTPS (TLS 1.2 and 1.3 only) and send HSTS.
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,

    /// PEM private key (PKCS#8, PKCS#1 or SEC1) for `--tls-cert`.
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,

    /// Replace the stored admin token with a new random one, printed once (ignored when
    /// POLICY_WIDGET_ADMIN_TOKEN is set). Signs out every browser session.
    #[arg(long)]
    pub reset_admin_token: bool,

    /// The admin token from POLICY_WIDGET_ADMIN_TOKEN; never a flag, so it stays out of `ps`.
    #[arg(skip)]
    pub admin_token: Option<String>,
}

impl Config {
    /// Parses the command line and reads the environment.
    pub fn from_env() -> Config {
        let mut config = Config::parse();
        config.admin_token = std::env::var(ADMIN_TOKEN_ENV).ok().filter(|token| !token.is_empty());
        config
    }

    /// Whether the server speaks TLS.
    pub fn tls(&self) -> bool {
        self.tls_cert.is_some()
    }
}
