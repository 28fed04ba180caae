//! The program: open the store, settle the admin token, bind, accept connections (plain
//! or TLS) with header-read timeouts, and shut down gracefully on SIGTERM or Ctrl-C; or,
//! with `backup`, copy the database and exit.

use std::convert::Infallible;
use std::error::Error;
use std::io::Write as _;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio_rustls::rustls::{self, ServerConfig};
use tokio_rustls::TlsAcceptor;
use tower::Service as _;

use crate::auth;
use crate::clock::Clock;
use crate::config::{Command, Config, ADMIN_TOKEN_ENV, MIN_ADMIN_TOKEN_LEN};
use crate::members::INVITATION_LIFETIME;
use crate::site::Site;
use crate::store::{Location, Store};
use crate::{app, AppState};

/// A client must send its request line and headers within this time.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// A TLS client must finish its handshake within this time.
pub const TLS_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections served at once; more wait in the kernel's backlog.
pub const MAX_CONNECTIONS: usize = 1024;
/// How long shutdown waits for requests in flight.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);
/// Largest request head (request line and headers): larger ones get 431.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;
/// Most header lines in a request: more get 431.
pub const MAX_HEADERS: usize = 100;

type BoxError = Box<dyn Error + Send + Sync>;

/// Runs the server until SIGTERM or Ctrl-C (or runs the command given instead).
///
/// # Errors
/// When the store cannot be opened, the TLS files cannot be read, the admin token from
/// the environment is too short, or the address cannot be bound.
pub async fn run(config: Config) -> Result<(), BoxError> {
    let location = config.location()?;
    if let Some(Command::Backup { to }) = &config.command {
        return backup(&location, to).await;
    }
    let clock = Clock::system();
    let store = Store::open(&location).await?;
    store.initialize(clock.now(), &auth::random_token(32)?).await?;
    tracing::info!(database = store.describe(), "store open");
    settle_admin_token(&store, &config, &clock).await?;
    let first_admin_invitation = settle_first_admin(&store, &config, &clock).await?;
    crate::members::warm_up();
    for (flag, dir) in [("--www-dir", &config.www_dir), ("--pkg-dir", &config.pkg_dir)] {
        if !dir.is_dir() {
            tracing::warn!(dir = %dir.display(), "{flag} is not a directory; its files will answer 404");
        }
    }
    let tls = match (&config.tls_cert, &config.tls_key) {
        (Some(cert), Some(key)) => Some(tls_acceptor(cert, key)?),
        _ => None,
    };
    let listener = TcpListener::bind(config.listen).await?;
    let address = listener.local_addr()?;
    let scheme = if tls.is_some() { "https" } else { "http" };
    let site = Site {
        tls: tls.is_some(),
        public_origin: config.public_origin.clone(),
        trusted_proxies: config.trusted_proxies.clone(),
    };
    let page = site.public_origin.clone().unwrap_or_else(|| format!("{scheme}://{address}"));
    // stdout carries the lines people and tests read: the address, and the first admin's
    // invitation while there is no member (its token is stored hashed; it is the only secret
    // ever printed).
    // The handlers are installed before anyone can connect: a SIGTERM that arrives before
    // the accept loop first polls the shutdown future (a load balancer draining an instance
    // right after its health check passed) must stop it gracefully, not kill it.
    let shutdown = shutdown_signal();
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "listening on {scheme}://{address}")?;
    if let Some(token) = first_admin_invitation {
        writeln!(
            stdout,
            "no admin yet: create the first one within 72 hours at {}",
            crate::people::invitation_url(&page, &token)
        )?;
    }
    stdout.flush()?;
    drop(stdout);
    tracing::info!(%address, tls = tls.is_some(), "listening");

    tracing::info!(public_origin = ?site.public_origin, trusted_proxies = site.trusted_proxies.len(), "site");
    let state = AppState {
        store: store.clone(),
        clock,
        site: Arc::new(site),
        www_dir: config.www_dir.clone(),
        pkg_dir: config.pkg_dir.clone(),
    };
    serve(listener, app(state), tls, shutdown).await;
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// `backup --to FILE`: a consistent copy of the SQLite database, whether or not a server is
/// serving from it. The schema is left as it is (a backup never migrates).
async fn backup(location: &Location, to: &Path) -> Result<(), BoxError> {
    let Location::Sqlite(file) = location else {
        return Err(
            "--database is PostgreSQL: back it up with pg_dump (see the README's deployment section)".into(),
        );
    };
    if !file.is_file() {
        return Err(format!("{}: no database to back up", file.display()).into());
    }
    let store = Store::connect(location).await?;
    let summary = store.backup(to).await;
    store.close().await;
    let summary = summary?;
    println!(
        "backup written to {} (schema version {}, settings version {}; integrity_check ok)",
        to.display(),
        summary.schema_version,
        summary.settings_version
    );
    Ok(())
}

/// The first admin's bootstrap password failed the stored policy: the program exits 2.
#[derive(Debug)]
pub struct BootstrapRefused(pub String);

impl std::fmt::Display for BootstrapRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Error for BootstrapRefused {}

/// Stores the hash of `POLICY_WIDGET_ADMIN_TOKEN`, or removes the stored one when it is
/// unset (the token is the environment's: taking it out of the environment revokes it).
async fn settle_admin_token(store: &Store, config: &Config, clock: &Clock) -> Result<(), BoxError> {
    match &config.admin_token {
        Some(token) => {
            if token.chars().count() < MIN_ADMIN_TOKEN_LEN {
                return Err(
                    format!("{ADMIN_TOKEN_ENV} must be at least {MIN_ADMIN_TOKEN_LEN} characters").into()
                );
            }
            store.set_admin_token_hash(auth::sha256(token), clock.now()).await?;
        }
        None => store.clear_admin_token_hash().await?,
    }
    Ok(())
}

/// With no member yet: the first admin from the bootstrap variables, or a new invitation
/// for them (returned, to print once; any earlier one stops working).
async fn settle_first_admin(
    store: &Store,
    config: &Config,
    clock: &Clock,
) -> Result<Option<String>, BoxError> {
    if store.member_count().await? > 0 {
        store.void_first_admin_invitations().await?;
        return Ok(None);
    }
    if let Some((email, password)) = &config.bootstrap {
        crate::people::bootstrap_admin(store, email, password, clock.now())
            .await
            .map_err(BootstrapRefused)?;
        store.void_first_admin_invitations().await?;
        tracing::info!("created the first admin from the environment");
        return Ok(None);
    }
    let token = auth::random_token(32)?;
    let now = clock.now();
    store.create_first_admin_invitation(auth::sha256(&token), now.plus(INVITATION_LIFETIME), now).await?;
    tracing::info!("no member yet: printed an invitation for the first admin");
    Ok(Some(token))
}

/// A rustls acceptor for TLS 1.2 and 1.3 only (rustls implements nothing older).
///
/// # Errors
/// When a file cannot be read or holds no usable certificate or key.
pub fn tls_acceptor(cert: &Path, key: &Path) -> Result<TlsAcceptor, BoxError> {
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::{CertificateDer, PrivateKeyDer};

    let certs = CertificateDer::pem_file_iter(cert)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|e| format!("--tls-cert {}: {e}", cert.display()))?;
    if certs.is_empty() {
        return Err(format!("--tls-cert {}: no certificate in the file", cert.display()).into());
    }
    let key = PrivateKeyDer::from_pem_file(key).map_err(|e| format!("--tls-key {}: {e}", key.display()))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])?
        .with_no_client_auth()
        .with_single_cert(certs, key)?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}

/// Accepts connections on `listener` until `shutdown` completes, then waits up to
/// [`SHUTDOWN_GRACE`] for requests in flight.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    tls: Option<TlsAcceptor>,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let graceful = GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&slots).acquire_owned() => permit.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, usually: back off instead of spinning.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let app = app.clone();
        let tls = tls.clone();
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            let _permit = permit;
            let service = tower::service_fn(move |mut request: axum::http::Request<Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                let mut app = app.clone();
                async move { Ok::<_, Infallible>(app.call(request).await.unwrap_or_else(|never| match never {})) }
            });
            let service = TowerToHyperService::new(service);
            let builder = {
                let mut builder = hyper::server::conn::http1::Builder::new();
                builder
                    .timer(TokioTimer::new())
                    .header_read_timeout(HEADER_READ_TIMEOUT)
                    // `max_buf_size` alone is not a limit: a head that arrives whole in one
                    // read is parsed whatever its size. `max_header_size` is checked always.
                    .max_buf_size(MAX_HEAD_BYTES)
                    .max_header_size(MAX_HEAD_BYTES)
                    .max_headers(MAX_HEADERS);
                builder
            };
            let result = match tls {
                None => watcher.watch(builder.serve_connection(TokioIo::new(stream), service)).await,
                Some(acceptor) => {
                    match tokio::time::timeout(TLS_HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                        Ok(Ok(stream)) => {
                            watcher.watch(builder.serve_connection(TokioIo::new(stream), service)).await
                        }
                        Ok(Err(error)) => {
                            tracing::debug!(%peer, %error, "TLS handshake failed");
                            return;
                        }
                        Err(_) => {
                            tracing::debug!(%peer, "TLS handshake timed out");
                            return;
                        }
                    }
                }
            };
            if let Err(error) = result {
                tracing::debug!(%peer, %error, "connection ended with an error");
            }
        });
    }
    drop(listener);
    tracing::info!("shutting down: no new connections; finishing requests in flight");
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await.is_err() {
        tracing::warn!("requests still in flight after the grace period; closing them");
    }
}

/// A future that completes on SIGTERM or Ctrl-C (SIGINT). The handlers are installed by
/// this call, not when the future is first polled: until then the signals' default action,
/// ending the process at once, would still apply.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let (interrupt, terminate) = {
        use tokio::signal::unix::{signal, SignalKind};
        (signal(SignalKind::interrupt()).ok(), signal(SignalKind::terminate()).ok())
    };
    async move {
        #[cfg(unix)]
        {
            let wait = |handler: Option<tokio::signal::unix::Signal>| async move {
                match handler {
                    Some(mut handler) => {
                        handler.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = wait(interrupt) => tracing::info!("Ctrl-C"),
                () = wait(terminate) => tracing::info!("SIGTERM"),
            }
        }
        #[cfg(not(unix))]
        if tokio::signal::ctrl_c().await.is_ok() {
            tracing::info!("Ctrl-C");
        } else {
            std::future::pending::<()>().await;
        }
    }
}

/// Middleware: one log line per request — method, path, status and time taken. The path of
/// a request that matched a route is the route's template (`/api/members/{id}`,
/// `/api/invitations/{token}`): no value a path carries (an id, a content key, an
/// invitation's token, a credential a later route may take) reaches the log, nor ever the
/// query or the body. Other paths (static files, 404s) are logged as sent, cut at 200
/// characters, an invitation's token still masked.
///
/// This runs outside the router, before it has matched anything: [`record_route`], a route
/// layer, hands the matched template back on the response.
pub async fn log_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let sent = request.uri().path().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let path = match response.extensions().get::<MatchedPath>() {
        Some(route) => route.as_str().to_owned(),
        None => loggable_path(&sent),
    };
    tracing::info!(
        %method,
        %path,
        status = response.status().as_u16(),
        ms = started.elapsed().as_millis() as u64,
        "request"
    );
    response
}

/// Route middleware: copies the route the request matched onto its response, for
/// [`log_request`].
pub async fn record_route(request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().cloned();
    let mut response = next.run(request).await;
    if let Some(route) = route {
        response.extensions_mut().insert(route);
    }
    response
}

/// `path` as the log may show it: at most 200 characters, an invitation's token replaced by
/// `{token}` (`GET /api/invitations/{token}` carries the credential in the path).
fn loggable_path(path: &str) -> String {
    match path.strip_prefix("/api/invitations/") {
        Some(rest) if rest != "accept" => "/api/invitations/{token}".to_owned(),
        _ => path.chars().take(200).collect(),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::shutdown_signal;

    /// Regression: the handlers were installed when the accept loop first polled the
    /// shutdown future, so a SIGTERM in between (a busy 2-core machine, a test stopping
    /// the server right after its first answer) met the default action and killed the
    /// process. Here the SIGTERM comes before any poll: with the old order it ends this
    /// test binary.
    #[tokio::test]
    async fn a_sigterm_before_the_first_poll_is_caught() {
        let stop = shutdown_signal();
        let status = std::process::Command::new("kill")
            .args(["-TERM", &std::process::id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
        // A guard against a hang only: the signal is already pending.
        tokio::time::timeout(std::time::Duration::from_secs(60), stop)
            .await
            .expect("the SIGTERM completes the shutdown future");
    }
}
