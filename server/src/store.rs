//! The SQLite store: settings with their version, the content-token secret, the admin
//! token's hash, browser sessions and the activity log.
//!
//! One connection behind a mutex, used from `spawn_blocking`: the server writes rarely,
//! and serialising writers in-process makes "exactly one of N concurrent writers with the
//! same version wins" a plain property of [`Store::update_settings`]'s transaction.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use policy_widget::settings::{default_settings, SecuritySettings};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;
use serde_json::Value;

/// The database file's name inside `--data-dir`.
pub const DATABASE_FILE: &str = "policy-widget.sqlite3";

/// Schema migrations, applied in order; `PRAGMA user_version` counts those applied.
/// Append only: never edit one that has shipped.
const MIGRATIONS: &[&str] = &[r#"
CREATE TABLE settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL,
    json TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE content_token_secret (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    secret TEXT NOT NULL,
    rotated_at TEXT NOT NULL
);
CREATE TABLE admin_token (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    sha256 BLOB NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE sessions (
    id_sha256 BLOB PRIMARY KEY,
    csrf_token TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE activity (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    event TEXT NOT NULL,
    version INTEGER,
    changes TEXT NOT NULL
);
"#];

/// A failure of the database itself (I/O, corruption): answered with 500 and logged.
#[derive(Debug)]
pub struct StoreError(String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "store: {}", self.0)
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
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
    /// Bumped by every successful write.
    pub version: i64,
}

/// Who did something, as the activity log records it.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Who {
    /// The account: the server has one, `admin`.
    pub actor: String,
    /// How they authenticated: `bearer` or `session`.
    pub via: String,
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
    /// Unix seconds.
    pub expires_at: i64,
}

/// The handle every handler shares.
#[derive(Clone)]
pub struct Store {
    connection: Arc<Mutex<Connection>>,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir` and brings its schema up to date.
    pub fn open(data_dir: &Path) -> Result<Store, StoreError> {
        create_private_dir(data_dir).map_err(|e| StoreError(format!("{}: {e}", data_dir.display())))?;
        let path = data_dir.join(DATABASE_FILE);
        let mut connection = Connection::open(&path)?;
        restrict_to_owner(&path);
        // WAL: readers never block the writer; FULL: an acknowledged write survives a
        // power cut, not only a crash of this process.
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "FULL")?;
        connection.pragma_update(None, "foreign_keys", true)?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate(&mut connection)?;
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        transaction.execute(
            "INSERT OR IGNORE INTO settings (id, version, json, updated_at) VALUES (1, 1, ?1, ?2)",
            params![serde_json::to_string(&default_settings())?, now_rfc3339()],
        )?;
        transaction.commit()?;
        Ok(Store { connection: Arc::new(Mutex::new(connection)), path })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `work` on the connection on the blocking pool.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let connection = Arc::clone(&self.connection);
        tokio::task::spawn_blocking(move || {
            let mut connection = connection.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            work(&mut connection)
        })
        .await
        .map_err(|e| StoreError(format!("blocking task failed: {e}")))?
    }

    /// The current settings and version.
    pub async fn settings(&self) -> Result<Versioned, StoreError> {
        self.run(|connection| read_settings(connection)).await
    }

    /// Writes `settings` if the current version is one of `expected`, in one transaction
    /// with its activity entry.
    pub async fn update_settings(
        &self,
        expected: Vec<i64>,
        settings: SecuritySettings,
        who: Who,
    ) -> Result<Update, StoreError> {
        self.run(move |connection| {
            let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let current = read_settings(&transaction)?;
            if !expected.contains(&current.version) {
                return Ok(Update::Conflict { current: current.version });
            }
            let new_json = serde_json::to_value(&settings)?;
            let changes = diff(&current.settings, &new_json);
            let version = current.version + 1;
            let at = now_rfc3339();
            transaction.execute(
                "UPDATE settings SET version = ?1, json = ?2, updated_at = ?3 WHERE id = 1",
                params![version, new_json.to_string(), at],
            )?;
            transaction.execute(
                "INSERT INTO activity (at, who, event, version, changes) VALUES (?1, ?2, 'settings.updated', ?3, ?4)",
                params![at, serde_json::to_string(&who)?, version, serde_json::to_string(&changes)?],
            )?;
            transaction.commit()?;
            Ok(Update::Written(Versioned { settings: new_json, version }))
        })
        .await
    }

    /// Replaces the content-token secret and logs the rotation (without either value).
    pub async fn rotate_secret(&self, secret: String, who: Who) -> Result<String, StoreError> {
        self.run(move |connection| {
            let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let at = now_rfc3339();
            transaction.execute(
                "INSERT INTO content_token_secret (id, secret, rotated_at) VALUES (1, ?1, ?2)
                 ON CONFLICT (id) DO UPDATE SET secret = excluded.secret, rotated_at = excluded.rotated_at",
                params![secret, at],
            )?;
            transaction.execute(
                "INSERT INTO activity (at, who, event, version, changes) VALUES (?1, ?2, 'contentToken.secretRotated', NULL, '[]')",
                params![at, serde_json::to_string(&who)?],
            )?;
            transaction.commit()?;
            Ok(at)
        })
        .await
    }

    /// The content-token secret, if one was ever generated.
    pub async fn content_token_secret(&self) -> Result<Option<String>, StoreError> {
        self.run(|connection| {
            Ok(connection
                .query_row("SELECT secret FROM content_token_secret WHERE id = 1", [], |row| row.get(0))
                .optional()?)
        })
        .await
    }

    /// The activity log, newest first: at most `limit` entries with ids below `before`.
    pub async fn activity(&self, limit: u32, before: Option<i64>) -> Result<Vec<ActivityEntry>, StoreError> {
        self.run(move |connection| {
            let mut statement = connection.prepare(
                "SELECT id, at, who, event, version, changes FROM activity
                 WHERE id < ?1 ORDER BY id DESC LIMIT ?2",
            )?;
            let rows = statement.query_map(params![before.unwrap_or(i64::MAX), limit], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, Option<i64>>(4)?,
                    row.get::<_, String>(5)?,
                ))
            })?;
            let mut entries = Vec::new();
            for row in rows {
                let (id, at, who, event, version, changes) = row?;
                entries.push(ActivityEntry {
                    id,
                    at,
                    who: serde_json::from_str(&who)?,
                    event,
                    version,
                    changes: serde_json::from_str(&changes)?,
                });
            }
            Ok(entries)
        })
        .await
    }

    /// The stored SHA-256 of the admin token.
    pub async fn admin_token_hash(&self) -> Result<Option<[u8; 32]>, StoreError> {
        self.run(|connection| {
            let hash: Option<Vec<u8>> = connection
                .query_row("SELECT sha256 FROM admin_token WHERE id = 1", [], |row| row.get(0))
                .optional()?;
            Ok(hash.and_then(|bytes| bytes.try_into().ok()))
        })
        .await
    }

    /// Stores the admin token's hash; when it changes, every browser session ends.
    pub async fn set_admin_token_hash(&self, hash: [u8; 32]) -> Result<(), StoreError> {
        self.run(move |connection| {
            let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let old: Option<Vec<u8>> = transaction
                .query_row("SELECT sha256 FROM admin_token WHERE id = 1", [], |row| row.get(0))
                .optional()?;
            if old.as_deref() != Some(&hash[..]) {
                transaction.execute(
                    "INSERT INTO admin_token (id, sha256, created_at) VALUES (1, ?1, ?2)
                     ON CONFLICT (id) DO UPDATE SET sha256 = excluded.sha256, created_at = excluded.created_at",
                    params![&hash[..], now_rfc3339()],
                )?;
                transaction.execute("DELETE FROM sessions", [])?;
            }
            transaction.commit()?;
            Ok(())
        })
        .await
    }

    /// Records a new browser session (by the hash of its id).
    pub async fn create_session(&self, id_sha256: [u8; 32], session: Session) -> Result<(), StoreError> {
        self.run(move |connection| {
            let now = unix_now();
            let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
            transaction.execute("DELETE FROM sessions WHERE expires_at <= ?1", params![now])?;
            transaction.execute(
                "INSERT INTO sessions (id_sha256, csrf_token, expires_at) VALUES (?1, ?2, ?3)",
                params![&id_sha256[..], session.csrf_token, session.expires_at],
            )?;
            transaction.commit()?;
            Ok(())
        })
        .await
    }

    /// The live session whose id hashes to `id_sha256`.
    pub async fn session(&self, id_sha256: [u8; 32]) -> Result<Option<Session>, StoreError> {
        self.run(move |connection| {
            Ok(connection
                .query_row(
                    "SELECT csrf_token, expires_at FROM sessions WHERE id_sha256 = ?1 AND expires_at > ?2",
                    params![&id_sha256[..], unix_now()],
                    |row| Ok(Session { csrf_token: row.get(0)?, expires_at: row.get(1)? }),
                )
                .optional()?)
        })
        .await
    }

    /// Ends a session.
    pub async fn delete_session(&self, id_sha256: [u8; 32]) -> Result<(), StoreError> {
        self.run(move |connection| {
            connection.execute("DELETE FROM sessions WHERE id_sha256 = ?1", params![&id_sha256[..]])?;
            Ok(())
        })
        .await
    }
}

fn migrate(connection: &mut Connection) -> Result<(), StoreError> {
    let applied: usize = connection.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if applied > MIGRATIONS.len() {
        return Err(StoreError(format!(
            "the database has schema version {applied}, newer than this server ({}); refusing to touch it",
            MIGRATIONS.len()
        )));
    }
    for (index, migration) in MIGRATIONS.iter().enumerate().skip(applied) {
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Exclusive)?;
        transaction.execute_batch(migration)?;
        transaction.pragma_update(None, "user_version", index + 1)?;
        transaction.commit()?;
        tracing::info!(version = index + 1, "applied schema migration");
    }
    Ok(())
}

fn read_settings(connection: &Connection) -> Result<Versioned, StoreError> {
    let (version, json): (i64, String) =
        connection.query_row("SELECT version, json FROM settings WHERE id = 1", [], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })?;
    Ok(Versioned { settings: serde_json::from_str(&json)?, version })
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

/// Now, RFC 3339 in UTC.
pub fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc().format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

/// Now, in Unix seconds.
pub fn unix_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
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

/// The database holds the content-token secret: only its owner may read it.
fn restrict_to_owner(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Err(error) = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)) {
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
}
