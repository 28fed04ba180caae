//! The store: everything instances share — settings and their versions, the content-token
//! secret, the private content ([`content`]), the admin token's hash, browser sessions,
//! sign-in failure counts and the activity log — in the embedded SQLite file or in PostgreSQL.
//!
//! Every query is written once, in SQL both accept (`$N` parameters, `ON CONFLICT`,
//! `RETURNING`, 64-bit integers, epoch milliseconds), and runs through sqlx's `Any` driver;
//! only the schema's DDL, the migration lock and the backup differ per backend
//! ([`schema`], [`backup`]). The store never reads a clock: callers pass `now`.
//!
//! Concurrency: every write is one transaction that starts by writing (SQLite: `BEGIN
//! IMMEDIATE` on the one writer connection; PostgreSQL: row locks taken by the first
//! `UPDATE`), so of N writers holding the same version exactly one wins, whether they share a
//! process or a database. Reads use their own connections (SQLite in WAL mode lets them run
//! beside the writer).

pub mod api_tokens;
pub mod backup;
pub mod content;
pub mod members;
pub mod schema;
mod sessions;
pub mod throttle;
pub mod two_factor;

use std::path::{Path, PathBuf};
use std::sync::Once;
use std::time::Duration;

use policy_widget::settings::{default_settings, SecuritySettings};
use serde::Serialize;
use serde_json::Value;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::pool::PoolConnectionMetadata;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Any, AnyPool, ConnectOptions as _, Row as _, Transaction};

use crate::clock::UnixMillis;
pub use throttle::FailureWindow;

/// The database file's name inside `--data-dir`.
pub const DATABASE_FILE: &str = "policy-widget.sqlite3";

/// How long a request waits for a database connection before it fails with 500.
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// SQLite readers beside the one writer. Reads take microseconds; a few connections keep
/// a slow one (a long activity page) from holding up the rest.
const SQLITE_READERS: u32 = 4;

/// Connections per instance to PostgreSQL, readers and writers together. With PostgreSQL's
/// default `max_connections` (100), eight instances fit with room for the operator.
pub const POSTGRES_CONNECTIONS: u32 = 10;

/// A pooled connection idle longer than this is pinged before use, so one that PostgreSQL
/// (or a balancer between) dropped is replaced instead of failing a request.
const PING_AFTER_IDLE: Duration = Duration::from_secs(30);

/// Which database engine a [`Store`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The embedded file under `--data-dir`: one instance.
    Sqlite,
    /// PostgreSQL ≥ 14: any number of instances.
    Postgres,
}

/// Where the data lives, from `--database` and `--data-dir`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// `sqlite:` (the default): this file.
    Sqlite(PathBuf),
    /// `postgres://…` or `postgresql://…`: this URL (it may hold a password: never log it).
    Postgres(String),
}

impl Location {
    /// Reads `--database` (absent or `sqlite:` is the SQLite file under `data_dir`).
    ///
    /// # Errors
    /// For any other scheme.
    pub fn parse(database: Option<&str>, data_dir: &Path) -> Result<Location, String> {
        match database.map(str::trim) {
            None | Some("" | "sqlite:") => Ok(Location::Sqlite(data_dir.join(DATABASE_FILE))),
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Ok(Location::Postgres(url.to_owned()))
            }
            Some(_) => {
                Err("--database: expected sqlite: (the default) or postgres://user@host/database".into())
            }
        }
    }

    /// The backend this location needs.
    pub fn backend(&self) -> Backend {
        match self {
            Location::Sqlite(_) => Backend::Sqlite,
            Location::Postgres(_) => Backend::Postgres,
        }
    }

    /// What the logs may say about it: the file, or the PostgreSQL host and database
    /// without user or password.
    pub fn describe(&self) -> String {
        match self {
            Location::Sqlite(file) => file.display().to_string(),
            Location::Postgres(url) => match url::Url::parse(url) {
                Ok(url) => format!(
                    "postgres://{}/{}",
                    url.host_str().unwrap_or("(socket)"),
                    url.path().trim_start_matches('/')
                ),
                Err(_) => "postgres (unparsable URL)".into(),
            },
        }
    }
}

/// A failure of the database itself (I/O, lost connection, corruption): answered with 500
/// and logged.
#[derive(Debug)]
pub struct StoreError(String);

impl StoreError {
    pub(crate) fn new(message: impl Into<String>) -> StoreError {
        StoreError(message.into())
    }
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "store: {}", self.0)
    }
}

impl std::error::Error for StoreError {}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        StoreError(error.to_string())
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(error: serde_json::Error) -> Self {
        StoreError(error.to_string())
    }
}

/// The settings and the version that names them (the ETag is `"<version>"`).
#[derive(Debug, Clone, Serialize)]
pub struct Versioned {
    /// The settings as stored.
    pub settings: Value,
    /// Unique across the database: every write takes the next value of one counter.
    pub version: i64,
}

/// Who did something, as the activity log records it.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Who {
    /// The account: a member's email, `environment` for the admin token of
    /// `POLICY_WIDGET_ADMIN_TOKEN`, `anonymous` for a failed sign-in of an unknown email
    /// (entries written before members existed say `admin`).
    pub actor: String,
    /// The member, when a member acted.
    #[serde(default)]
    pub member_id: Option<i64>,
    /// The member's email, when a member acted.
    #[serde(default)]
    pub email: Option<String>,
    /// How they authenticated: `session`, `api_token` (a member's API token), `environment`
    /// (the admin token), or `password` for a sign-in attempt (entries written before
    /// members existed say `bearer`).
    pub via: String,
    /// The API token used, when `via` is `api_token`: its id, never the token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_id: Option<i64>,
    /// The client's IP address.
    pub address: String,
}

/// One changed field: `contentToken.ttlSeconds`: 3600 → 7200.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Change {
    /// The field's path, as issues name it.
    pub path: String,
    /// The value before (null when the field is new).
    pub old: Value,
    /// The value after (null when the field is gone).
    pub new: Value,
}

/// One entry of the activity log.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivityEntry {
    /// Increasing; pass the last one as `before` for the next page.
    pub id: i64,
    /// When, RFC 3339 in UTC.
    pub at: String,
    /// Who.
    pub who: Who,
    /// `settings.updated` or `contentToken.secretRotated`.
    pub event: String,
    /// The settings version the change produced (settings updates only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    /// What changed; empty for a secret rotation, whose values are never logged.
    pub changes: Vec<Change>,
    /// What the change was about: `{ memberId, email }` for a member event, `{ reason }` for
    /// a failed sign-in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Value>,
}

/// The outcome of a conditional write.
#[derive(Debug)]
pub enum Update {
    /// Written; the new version.
    Written(Versioned),
    /// The version the client named is not the current one.
    Conflict {
        /// The current version.
        current: i64,
    },
}

/// A browser session found by its cookie.
#[derive(Debug, Clone)]
pub struct Session {
    /// The token every unsafe request of this session must echo in `X-CSRF-Token`.
    pub csrf_token: String,
    /// When it ends, whatever it does.
    pub expires_at: UnixMillis,
    /// The member it signs in (`None` only for sessions no member owns, which no longer
    /// authenticate).
    pub member_id: Option<i64>,
}

/// The content-token secret and when it was made (first start or last rotation).
#[derive(Debug, Clone)]
pub struct ContentSecret {
    /// 32 random bytes, base64url without padding.
    pub secret: String,
    /// When it replaced the one before (or was created).
    pub rotated_at: UnixMillis,
}

/// The handle every handler shares. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    backend: Backend,
    /// Write transactions (SQLite: exactly one connection).
    writer: AnyPool,
    /// Reads (PostgreSQL: the same pool as `writer`).
    reader: AnyPool,
    location: String,
}

static INSTALL_DRIVERS: Once = Once::new();

impl Store {
    /// Connects (creating the SQLite file and its folder if needed) and brings the schema
    /// up to date under the backend's migration lock.
    ///
    /// # Errors
    /// When the database cannot be reached or created, or its schema is newer than this
    /// server's.
    pub async fn open(location: &Location) -> Result<Store, StoreError> {
        let store = Store::connect(location).await?;
        schema::migrate(&store).await?;
        Ok(store)
    }

    /// Connects without touching the schema.
    ///
    /// # Errors
    /// When the database cannot be reached or the SQLite file cannot be created.
    pub async fn connect(location: &Location) -> Result<Store, StoreError> {
        INSTALL_DRIVERS.call_once(sqlx::any::install_default_drivers);
        match location {
            Location::Sqlite(file) => {
                if let Some(dir) = file.parent() {
                    create_private_dir(dir).map_err(|e| StoreError(format!("{}: {e}", dir.display())))?;
                }
                // Created private before SQLite opens it, so its -wal and -shm files (which
                // take the database's mode) are private from their first byte too.
                restrict_to_owner(file);
                let url = SqliteConnectOptions::new().filename(file).create_if_missing(true).to_url_lossy();
                let options = AnyConnectOptions::from_url(&url)?;
                // The writer connects first: it switches a new file to WAL (which lasts),
                // before any reader opens it.
                let writer = sqlite_pool(1).connect_with(options.clone()).await?;
                let reader = sqlite_pool(SQLITE_READERS).connect_lazy_with(options);
                Ok(Store { backend: Backend::Sqlite, writer, reader, location: location.describe() })
            }
            Location::Postgres(url) => {
                let options: AnyConnectOptions = url.parse()?;
                let pool = AnyPoolOptions::new()
                    .max_connections(POSTGRES_CONNECTIONS)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .test_before_acquire(false)
                    .before_acquire(|connection, meta| Box::pin(ping_if_idle(connection, meta)))
                    .connect_with(options)
                    .await?;
                Ok(Store {
                    backend: Backend::Postgres,
                    writer: pool.clone(),
                    reader: pool,
                    location: location.describe(),
                })
            }
        }
    }

    /// The engine behind this store.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// What the logs may say about the database (no credentials).
    pub fn describe(&self) -> &str {
        &self.location
    }

    /// Closes every connection (SQLite then checkpoints its WAL into the file).
    pub async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }

    /// Creates what a new database needs, leaving an existing one as it is: the default
    /// settings at version 1, and the content-token secret `secret` made at `now` (so one
    /// exists from the first start). Instances starting together each run this; the first
    /// one's rows stay.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn initialize(&self, now: UnixMillis, secret: &str) -> Result<(), StoreError> {
        let settings = serde_json::to_string(&default_settings())?;
        let mut transaction = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO version_counter (id, last_version) VALUES (1, 1) ON CONFLICT (id) DO NOTHING",
        )
        .execute(&mut *transaction)
        .await?;
        sqlx::query(
            "INSERT INTO settings (id, version, json, updated_at_ms) VALUES (1, 1, $1, $2) ON CONFLICT (id) DO NOTHING",
        )
        .bind(settings)
        .bind(now.0)
        .execute(&mut *transaction)
        .await?;
        sqlx::query(
            "INSERT INTO content_token_secret (id, secret, rotated_at_ms) VALUES (1, $1, $2)
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(secret)
        .bind(now.0)
        .execute(&mut *transaction)
        .await?;
        transaction.commit().await?;
        Ok(())
    }

    /// Whether the database answers (`GET /readyz`).
    ///
    /// # Errors
    /// When it does not.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.reader).await?;
        Ok(())
    }

    /// A write transaction. It must start with a statement that writes (or locks the rows
    /// it reads with a no-op `UPDATE … RETURNING`), so that on PostgreSQL concurrent
    /// writers queue on the row instead of deciding on a stale read; on SQLite the
    /// transaction holds the write lock from its start.
    async fn begin_write(&self) -> Result<Transaction<'static, Any>, StoreError> {
        let begin = match self.backend {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        };
        Ok(self.writer.begin_with(begin).await?)
    }

    /// The current settings and version.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn settings(&self) -> Result<Versioned, StoreError> {
        let row =
            sqlx::query("SELECT version, json FROM settings WHERE id = 1").fetch_one(&self.reader).await?;
        Ok(Versioned { version: row.try_get(0)?, settings: serde_json::from_str(row.try_get(1)?)? })
    }

    /// Writes `settings` if the current version is one of `expected`, with the next value
    /// of the database's version counter, in one transaction with its activity entry.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn update_settings(
        &self,
        expected: &[i64],
        settings: &SecuritySettings,
        who: &Who,
        now: UnixMillis,
    ) -> Result<Update, StoreError> {
        let mut transaction = self.begin_write().await?;
        // Locks the row: a concurrent writer waits here, then reads what this one wrote.
        let row = sqlx::query("UPDATE settings SET version = version WHERE id = 1 RETURNING version, json")
            .fetch_one(&mut *transaction)
            .await?;
        let current: i64 = row.try_get(0)?;
        if !expected.contains(&current) {
            transaction.rollback().await?;
            return Ok(Update::Conflict { current });
        }
        let old_json: Value = serde_json::from_str(row.try_get(1)?)?;
        let new_json = serde_json::to_value(settings)?;
        let changes = diff(&old_json, &new_json);
        let version = next_version(&mut transaction).await?;
        sqlx::query("UPDATE settings SET version = $1, json = $2, updated_at_ms = $3 WHERE id = 1")
            .bind(version)
            .bind(new_json.to_string())
            .bind(now.0)
            .execute(&mut *transaction)
            .await?;
        log_activity(&mut transaction, now, who, "settings.updated", Some(version), &changes).await?;
        transaction.commit().await?;
        Ok(Update::Written(Versioned { settings: new_json, version }))
    }

    /// The current content-token secret.
    ///
    /// # Errors
    /// When the database fails, or holds no secret (it was never initialized).
    pub async fn content_token_secret(&self) -> Result<ContentSecret, StoreError> {
        let row = sqlx::query("SELECT secret, rotated_at_ms FROM content_token_secret WHERE id = 1")
            .fetch_optional(&self.reader)
            .await?
            .ok_or_else(|| StoreError::new("no content-token secret: the database was not initialized"))?;
        Ok(ContentSecret { secret: row.try_get(0)?, rotated_at: UnixMillis(row.try_get(1)?) })
    }

    /// Replaces the content-token secret and logs the rotation (without either value).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn rotate_content_token_secret(
        &self,
        secret: &str,
        who: &Who,
        now: UnixMillis,
    ) -> Result<ContentSecret, StoreError> {
        let mut transaction = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO content_token_secret (id, secret, rotated_at_ms) VALUES (1, $1, $2)
             ON CONFLICT (id) DO UPDATE SET secret = excluded.secret, rotated_at_ms = excluded.rotated_at_ms",
        )
        .bind(secret)
        .bind(now.0)
        .execute(&mut *transaction)
        .await?;
        log_activity(&mut transaction, now, who, "contentToken.secretRotated", None, &[]).await?;
        transaction.commit().await?;
        Ok(ContentSecret { secret: secret.to_owned(), rotated_at: now })
    }

    /// The activity log, newest first: at most `limit` entries with ids below `before`.
    ///
    /// # Errors
    /// When the database fails or holds an entry it cannot read.
    pub async fn activity(&self, limit: u32, before: Option<i64>) -> Result<Vec<ActivityEntry>, StoreError> {
        self.activity_of(limit, before, None).await
    }

    /// [`Store::activity`], only the entries of `event` when given.
    ///
    /// # Errors
    /// When the database fails or holds an entry it cannot read.
    pub async fn activity_of(
        &self,
        limit: u32,
        before: Option<i64>,
        event: Option<&str>,
    ) -> Result<Vec<ActivityEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, at_ms, who, event, version, changes, target FROM activity
             WHERE id < $1 AND ($3 = '' OR event = $3) ORDER BY id DESC LIMIT $2",
        )
        .bind(before.unwrap_or(i64::MAX))
        .bind(i64::from(limit))
        .bind(event.unwrap_or(""))
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ActivityEntry {
                    id: row.try_get(0)?,
                    at: UnixMillis(row.try_get(1)?).rfc3339(),
                    who: serde_json::from_str(row.try_get(2)?)?,
                    event: row.try_get(3)?,
                    version: row.try_get(4)?,
                    changes: serde_json::from_str(row.try_get(5)?)?,
                    target: row
                        .try_get::<Option<String>, _>(6)?
                        .map(|text| serde_json::from_str(&text))
                        .transpose()?,
                })
            })
            .collect()
    }

    /// Writes a consistent copy of the SQLite database to `to` while the server keeps
    /// serving (see [`backup::sqlite`]).
    ///
    /// # Errors
    /// On PostgreSQL (its own tools back it up), or when the copy fails.
    pub async fn backup(&self, to: &Path) -> Result<backup::BackupSummary, StoreError> {
        match self.backend {
            Backend::Sqlite => backup::sqlite(&self.reader, to).await,
            Backend::Postgres => {
                Err(StoreError::new("PostgreSQL is backed up with pg_dump, not by this server"))
            }
        }
    }
}

/// The next value of the database-wide version counter.
async fn next_version(transaction: &mut Transaction<'static, Any>) -> Result<i64, StoreError> {
    Ok(sqlx::query(
        "UPDATE version_counter SET last_version = last_version + 1 WHERE id = 1 RETURNING last_version",
    )
    .fetch_one(&mut **transaction)
    .await?
    .try_get(0)?)
}

/// Adds an activity entry inside the transaction of the change it records.
async fn log_activity(
    transaction: &mut Transaction<'static, Any>,
    now: UnixMillis,
    who: &Who,
    event: &str,
    version: Option<i64>,
    changes: &[Change],
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO activity (at_ms, who, event, version, changes) VALUES ($1, $2, $3, $4, $5)")
        .bind(now.0)
        .bind(serde_json::to_string(who)?)
        .bind(event)
        .bind(version)
        .bind(serde_json::to_string(changes)?)
        .execute(&mut **transaction)
        .await?;
    Ok(())
}

fn sqlite_pool(connections: u32) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(connections)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .test_before_acquire(false)
        .after_connect(|connection, _| {
            Box::pin(async move {
                // WAL: readers never block the writer; FULL: an acknowledged write survives a
                // power cut, not only a crash of this process; busy_timeout: another process
                // holding the file (a migration, a backup) is waited for, not an error.
                sqlx::raw_sql(
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000",
                )
                .execute(&mut *connection)
                .await?;
                Ok(())
            })
        })
}

async fn ping_if_idle(
    connection: &mut sqlx::AnyConnection,
    meta: PoolConnectionMetadata,
) -> Result<bool, sqlx::Error> {
    if meta.idle_for >= PING_AFTER_IDLE {
        sqlx::Connection::ping(connection).await?;
    }
    Ok(true)
}

/// The leaves that differ between two settings objects, by path (`cors.allowedOrigins`).
/// Arrays count as one value: the log shows the whole old and new list.
pub fn diff(old: &Value, new: &Value) -> Vec<Change> {
    let mut changes = Vec::new();
    diff_into(old, new, String::new(), &mut changes);
    changes
}

fn diff_into(old: &Value, new: &Value, path: String, changes: &mut Vec<Change>) {
    match (old, new) {
        (Value::Object(old_fields), Value::Object(new_fields)) => {
            let join = |key: &str| if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") };
            for (key, new_value) in new_fields {
                let old_value = old_fields.get(key).unwrap_or(&Value::Null);
                diff_into(old_value, new_value, join(key), changes);
            }
            for (key, old_value) in old_fields {
                if !new_fields.contains_key(key) {
                    diff_into(old_value, &Value::Null, join(key), changes);
                }
            }
        }
        _ if old != new => changes.push(Change { path, old: old.clone(), new: new.clone() }),
        _ => {}
    }
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(dir)
    }
}

/// The database holds the content-token secret: only its owner may read it. Creates the
/// file (empty, which SQLite takes for a new database) when it is missing.
fn restrict_to_owner(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
        let made = std::fs::OpenOptions::new().append(true).create(true).mode(0o600).open(path);
        if let Err(error) =
            made.and_then(|_| std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)))
        {
            tracing::warn!(%error, "could not make the database private to its owner");
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diff_names_each_changed_leaf_by_path() {
        let old = json!({ "contentToken": { "ttlSeconds": 3600 }, "cors": { "enabled": false, "allowedOrigins": [] } });
        let new = json!({ "contentToken": { "ttlSeconds": 7200 }, "cors": { "enabled": false, "allowedOrigins": ["https://a.example"] } });
        assert_eq!(
            diff(&old, &new),
            vec![
                Change { path: "contentToken.ttlSeconds".into(), old: json!(3600), new: json!(7200) },
                Change {
                    path: "cors.allowedOrigins".into(),
                    old: json!([]),
                    new: json!(["https://a.example"])
                },
            ]
        );
    }

    #[test]
    fn diff_of_equal_settings_is_empty() {
        let settings = serde_json::to_value(default_settings()).unwrap();
        assert!(diff(&settings, &settings).is_empty());
    }

    #[test]
    fn database_locations() {
        let dir = Path::new("/srv/pw");
        let sqlite = Location::Sqlite(dir.join(DATABASE_FILE));
        assert_eq!(Location::parse(None, dir), Ok(sqlite.clone()));
        assert_eq!(Location::parse(Some("sqlite:"), dir), Ok(sqlite));
        let url = "postgres://pw:hunter2@db.internal:5432/policy";
        let postgres = Location::parse(Some(url), dir).unwrap();
        assert_eq!(postgres.backend(), Backend::Postgres);
        assert_eq!(postgres.describe(), "postgres://db.internal/policy", "no credentials in logs");
        assert!(Location::parse(Some("postgresql://localhost/x"), dir).is_ok());
        for bad in ["mysql://x", "sqlite:/tmp/other.db", "file.db"] {
            assert!(Location::parse(Some(bad), dir).is_err(), "{bad}");
        }
    }
}
