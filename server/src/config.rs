//! Command-line flags and environment variables: everything an operator can set.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use ipnet::IpNet;

use crate::site::{parse_public_origin, parse_trusted_proxy};
use crate::store::Location;

/// The environment variable that holds the admin token.
pub const ADMIN_TOKEN_ENV: &str = "POLICY_WIDGET_ADMIN_TOKEN";
/// The environment variable `--database` falls back to: a PostgreSQL URL may hold a
/// password, which a flag would show to everyone who can run `ps`.
pub const DATABASE_ENV: &str = "POLICY_WIDGET_DATABASE";

/// Shortest admin token accepted from the environment: 32 characters keeps an online guess
/// hopeless even before the failure rate limit.
pub const MIN_ADMIN_TOKEN_LEN: usize = 32;
/// The environment variable with the first admin's email (used only when there is no member).
pub const BOOTSTRAP_EMAIL_ENV: &str = "POLICY_WIDGET_BOOTSTRAP_EMAIL";
/// The environment variable with the first admin's password (checked by the stored policy).
pub const BOOTSTRAP_PASSWORD_ENV: &str = "POLICY_WIDGET_BOOTSTRAP_PASSWORD";

/// The repository's `target/www/` (the page as served: `www/` bundled and minified by
/// `scripts/build-page.mjs`, which `./dev build` runs) and `pkg/`, where
/// `cargo run -p policy-widget-server` finds them.
const DEFAULT_WWW_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/www");
const DEFAULT_PKG_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../pkg");

const ENV_HELP: &str = "\
Environment:
  POLICY_WIDGET_BOOTSTRAP_EMAIL, POLICY_WIDGET_BOOTSTRAP_PASSWORD
                             The first admin, created when the database has no member (the
                             password must pass the stored policy, or the server exits 2).
                             Without them, an empty database prints a one-time invitation
                             URL (#invite=...) for the first admin, valid 72 hours.
  POLICY_WIDGET_ADMIN_TOKEN  An API token with the admin role for automation (at least 32
                             characters), sent as Authorization: Bearer; logged as
                             via: environment. Stored hashed (SHA-256); unset, there is none.
  POLICY_WIDGET_DATABASE     The same as --database; use it for a URL with a password.
  RUST_LOG                   Log filter for the tracing logs on stderr (default: info).
                             Logs never contain passwords, tokens or secrets.

Routes for balancers: GET /healthz (the process is up), GET /readyz (its database answers).

Limits: request bodies 64 KiB; request headers must arrive within 10 s and a whole request
within 30 s; 10 failed sign-ins per client address per 5 minutes, then 429.";

/// policy-widget-server: serves the admin page and the WebAssembly package, stores the
/// platform's security settings in SQLite or PostgreSQL, and re-validates every change with
/// the same Rust core the browser runs.
#[derive(Debug, Clone, Parser)]
#[command(name = "policy-widget-server", version, about, long_about = None, after_help = ENV_HELP)]
pub struct Config {
    /// Without a command: serve.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Address to listen on. Port 0 picks a free port; the bound address is printed on
    /// stdout as `listening on URL`.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Directory of the SQLite database (created, mode 0700, if missing).
    #[arg(long, value_name = "DIR", default_value = "./data", global = true)]
    pub data_dir: PathBuf,

    /// Where the data lives: `sqlite:` (the default: a file in --data-dir, for one
    /// instance) or `postgres://user@host/database` (PostgreSQL 14 or later, for any number
    /// of instances). Falls back to POLICY_WIDGET_DATABASE.
    #[arg(long, value_name = "URL", env = DATABASE_ENV, hide_env_values = true, global = true)]
    pub database: Option<String>,

    /// A proxy or balancer whose X-Forwarded-For is believed (a range such as 10.0.0.0/8, or
    /// one address; repeatable). The client is the rightmost forwarded address that is not
    /// a trusted proxy.
    #[arg(long = "trusted-proxy", value_name = "CIDR", value_parser = parse_trusted_proxy)]
    pub trusted_proxies: Vec<IpNet>,

    /// The origin browsers use when a balancer in front ends TLS, such as
    /// https://admin.example.com: Origin checks compare with it; with https, cookies become
    /// __Host-/Secure and HSTS is sent.
    #[arg(long, value_name = "ORIGIN", value_parser = parse_public_origin)]
    pub public_origin: Option<String>,

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

    /// The admin token from POLICY_WIDGET_ADMIN_TOKEN; never a flag, so it stays out of `ps`.
    #[arg(skip)]
    pub admin_token: Option<String>,

    /// The first admin from POLICY_WIDGET_BOOTSTRAP_EMAIL and POLICY_WIDGET_BOOTSTRAP_PASSWORD.
    #[arg(skip)]
    pub bootstrap: Option<(String, String)>,
}

/// What to do instead of serving.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Write a consistent copy of the SQLite database to FILE while a server keeps serving
    /// from it (PostgreSQL: use pg_dump).
    Backup {
        /// The copy to write; it must not exist.
        #[arg(long, value_name = "FILE")]
        to: PathBuf,
    },
}

impl Config {
    /// Parses the command line and reads the environment.
    pub fn from_env() -> Config {
        let mut config = Config::parse();
        config.admin_token = std::env::var(ADMIN_TOKEN_ENV).ok().filter(|token| !token.is_empty());
        let read = |name| std::env::var(name).ok().filter(|value: &String| !value.is_empty());
        config.bootstrap = read(BOOTSTRAP_EMAIL_ENV).zip(read(BOOTSTRAP_PASSWORD_ENV));
        config
    }

    /// Whether the server speaks TLS.
    pub fn tls(&self) -> bool {
        self.tls_cert.is_some()
    }

    /// Where the data lives.
    ///
    /// # Errors
    /// When `--database` names no backend this server has.
    pub fn location(&self) -> Result<Location, String> {
        Location::parse(self.database.as_deref(), &self.data_dir)
    }
}
