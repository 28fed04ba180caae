//! The schema and its migrations: the one part of the store written per backend (with the
//! lock that lets several instances start at once, and the backup).
//!
//! Migrations are numbered and append-only: never edit one that has shipped; add the next.
//! Each has a SQLite and a PostgreSQL text that bring the two to the same tables, columns
//! and meanings, so the queries in `store/mod.rs` run unchanged on both. Times are integer
//! milliseconds since the Unix epoch (`*_at_ms`), integers are 64-bit, byte strings are
//! `BLOB` / `BYTEA`, JSON is `TEXT`.
//!
//! - SQLite counts applied migrations in `PRAGMA user_version` and applies each in an
//!   exclusive transaction (another process opening the file waits on `busy_timeout`).
//! - PostgreSQL counts them in `schema_version` and applies all pending ones in one
//!   transaction holding a transaction-scoped advisory lock, so of several instances
//!   starting together one migrates and the others then find nothing to do.

use sqlx::{AssertSqlSafe, Row as _};

use super::{Backend, Store, StoreError};

/// One step of the schema.
pub struct Migration {
    /// What it does, for the log.
    pub name: &'static str,
    /// Its SQLite statements.
    pub sqlite: &'static str,
    /// Its PostgreSQL statements (empty: nothing to do on PostgreSQL).
    pub postgres: &'static str,
}

/// The first SQLite layout, as it shipped (times as RFC 3339 text, one in-process writer).
const SQLITE_1: &str = r#"
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
"#;

/// SQLite, from the first layout to the shared one: epoch milliseconds, a database-wide
/// version counter, the sign-in failure counts. Rows are copied, times converted
/// (`julianday` reads the RFC 3339 text the first layout wrote).
const SQLITE_2: &str = r#"
CREATE TABLE version_counter (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_version INTEGER NOT NULL
);
INSERT INTO version_counter (id, last_version) SELECT 1, version FROM settings;

CREATE TABLE settings_2 (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL,
    json TEXT NOT NULL,
    updated_at_ms INTEGER NOT NULL
);
INSERT INTO settings_2 (id, version, json, updated_at_ms)
    SELECT id, version, json, CAST(round((julianday(updated_at) - 2440587.5) * 86400000) AS INTEGER) FROM settings;
DROP TABLE settings;
ALTER TABLE settings_2 RENAME TO settings;

CREATE TABLE content_token_secret_2 (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    secret TEXT NOT NULL,
    rotated_at_ms INTEGER NOT NULL
);
INSERT INTO content_token_secret_2 (id, secret, rotated_at_ms)
    SELECT id, secret, CAST(round((julianday(rotated_at) - 2440587.5) * 86400000) AS INTEGER) FROM content_token_secret;
DROP TABLE content_token_secret;
ALTER TABLE content_token_secret_2 RENAME TO content_token_secret;

CREATE TABLE admin_token_2 (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    sha256 BLOB NOT NULL,
    created_at_ms INTEGER NOT NULL
);
INSERT INTO admin_token_2 (id, sha256, created_at_ms)
    SELECT id, sha256, CAST(round((julianday(created_at) - 2440587.5) * 86400000) AS INTEGER) FROM admin_token;
DROP TABLE admin_token;
ALTER TABLE admin_token_2 RENAME TO admin_token;

-- The first layout kept only the expiry (seconds); sessions lasted 12 hours.
CREATE TABLE sessions_2 (
    id_sha256 BLOB PRIMARY KEY,
    csrf_token TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    expires_at_ms INTEGER NOT NULL
);
INSERT INTO sessions_2 (id_sha256, csrf_token, created_at_ms, expires_at_ms)
    SELECT id_sha256, csrf_token, (expires_at - 43200) * 1000, expires_at * 1000 FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_2 RENAME TO sessions;
CREATE INDEX sessions_expires_at_ms ON sessions (expires_at_ms);

CREATE TABLE activity_2 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms INTEGER NOT NULL,
    who TEXT NOT NULL,
    event TEXT NOT NULL,
    version INTEGER,
    changes TEXT NOT NULL
);
INSERT INTO activity_2 (id, at_ms, who, event, version, changes)
    SELECT id, CAST(round((julianday(at) - 2440587.5) * 86400000) AS INTEGER), who, event, version, changes FROM activity;
DROP TABLE activity;
ALTER TABLE activity_2 RENAME TO activity;

CREATE TABLE sign_in_failures (
    subject TEXT PRIMARY KEY,
    window_started_at_ms INTEGER NOT NULL,
    failures INTEGER NOT NULL
);
CREATE INDEX sign_in_failures_window_started_at_ms ON sign_in_failures (window_started_at_ms);
"#;

/// PostgreSQL support began with the shared layout: its first migration creates what
/// SQLite's second one reaches.
const POSTGRES_1: &str = r#"
CREATE TABLE version_counter (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    last_version BIGINT NOT NULL
);
CREATE TABLE settings (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL,
    json TEXT NOT NULL,
    updated_at_ms BIGINT NOT NULL
);
CREATE TABLE content_token_secret (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    secret TEXT NOT NULL,
    rotated_at_ms BIGINT NOT NULL
);
CREATE TABLE admin_token (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    sha256 BYTEA NOT NULL,
    created_at_ms BIGINT NOT NULL
);
CREATE TABLE sessions (
    id_sha256 BYTEA PRIMARY KEY,
    csrf_token TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    expires_at_ms BIGINT NOT NULL
);
CREATE INDEX sessions_expires_at_ms ON sessions (expires_at_ms);
CREATE TABLE activity (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at_ms BIGINT NOT NULL,
    who TEXT NOT NULL,
    event TEXT NOT NULL,
    version BIGINT,
    changes TEXT NOT NULL
);
CREATE TABLE sign_in_failures (
    subject TEXT PRIMARY KEY,
    window_started_at_ms BIGINT NOT NULL,
    failures BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_window_started_at_ms ON sign_in_failures (window_started_at_ms);
"#;

/// The private content store: one JSON document per key, read with a content token at
/// `GET /content/{key}`, with the JSON's length in bytes (the list and the activity log show
/// sizes, never values; SQL's `length` counts characters). The same on both backends but
/// for the integer type.
const SQLITE_CONTENT: &str = r#"
CREATE TABLE private_content (
    content_key TEXT PRIMARY KEY,
    json TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL
);
"#;
const POSTGRES_CONTENT: &str = r#"
CREATE TABLE private_content (
    content_key TEXT PRIMARY KEY,
    json TEXT NOT NULL,
    bytes BIGINT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL
);
"#;

/// Members, their invitations and the member each session belongs to (SQLite). The TOTP
/// columns are for the second factor: the confirmed secret, one awaiting confirmation, and the
/// last accepted step (replay refusal). Sessions from before belonged to the admin token, which
/// no longer signs people in: they end.
const SQLITE_MEMBERS: &str = r#"
CREATE TABLE members (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL,
    email_key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
    password_hash TEXT,
    created_at_ms INTEGER NOT NULL,
    last_sign_in_at_ms INTEGER,
    password_changed_at_ms INTEGER,
    totp_secret TEXT,
    totp_pending_secret TEXT,
    totp_last_step INTEGER
);
CREATE TABLE invitations (
    token_sha256 BLOB PRIMARY KEY,
    member_id INTEGER,
    created_at_ms INTEGER NOT NULL,
    expires_at_ms INTEGER NOT NULL
);
CREATE INDEX invitations_member_id ON invitations (member_id);
DELETE FROM sessions;
ALTER TABLE sessions ADD COLUMN member_id INTEGER;
CREATE INDEX sessions_member_id ON sessions (member_id);
ALTER TABLE activity ADD COLUMN target TEXT;
"#;

/// [`SQLITE_MEMBERS`] for PostgreSQL.
const POSTGRES_MEMBERS: &str = r#"
CREATE TABLE members (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email TEXT NOT NULL,
    email_key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
    password_hash TEXT,
    created_at_ms BIGINT NOT NULL,
    last_sign_in_at_ms BIGINT,
    password_changed_at_ms BIGINT,
    totp_secret TEXT,
    totp_pending_secret TEXT,
    totp_last_step BIGINT
);
CREATE TABLE invitations (
    token_sha256 BYTEA PRIMARY KEY,
    member_id BIGINT,
    created_at_ms BIGINT NOT NULL,
    expires_at_ms BIGINT NOT NULL
);
CREATE INDEX invitations_member_id ON invitations (member_id);
DELETE FROM sessions;
ALTER TABLE sessions ADD COLUMN member_id BIGINT;
CREATE INDEX sessions_member_id ON sessions (member_id);
ALTER TABLE activity ADD COLUMN target TEXT;
"#;

/// Sign-in challenges (the step between a right password and a session when a second factor
/// is needed) and recovery codes, stored as SHA-256 (SQLite).
const SQLITE_CHALLENGES: &str = r#"
CREATE TABLE sign_in_challenges (
    id_sha256 BLOB PRIMARY KEY,
    member_id INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('totp', 'totp_setup')),
    secret TEXT,
    expires_at_ms INTEGER NOT NULL
);
CREATE INDEX sign_in_challenges_expires_at_ms ON sign_in_challenges (expires_at_ms);
CREATE TABLE recovery_codes (
    member_id INTEGER NOT NULL,
    code_sha256 BLOB NOT NULL,
    PRIMARY KEY (member_id, code_sha256)
);
"#;

/// [`SQLITE_CHALLENGES`] for PostgreSQL.
const POSTGRES_CHALLENGES: &str = r#"
CREATE TABLE sign_in_challenges (
    id_sha256 BYTEA PRIMARY KEY,
    member_id BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('totp', 'totp_setup')),
    secret TEXT,
    expires_at_ms BIGINT NOT NULL
);
CREATE INDEX sign_in_challenges_expires_at_ms ON sign_in_challenges (expires_at_ms);
CREATE TABLE recovery_codes (
    member_id BIGINT NOT NULL,
    code_sha256 BYTEA NOT NULL,
    PRIMARY KEY (member_id, code_sha256)
);
"#;

/// API tokens: per member, stored as the SHA-256 of the whole `pwt_…` text, with their own
/// expiry and the last time one was used (SQLite). Revoking deletes the row.
const SQLITE_API_TOKENS: &str = r#"
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_sha256 BLOB NOT NULL UNIQUE,
    member_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    expires_at_ms INTEGER NOT NULL,
    last_used_at_ms INTEGER
);
CREATE INDEX api_tokens_member_id ON api_tokens (member_id);
"#;

/// [`SQLITE_API_TOKENS`] for PostgreSQL.
const POSTGRES_API_TOKENS: &str = r#"
CREATE TABLE api_tokens (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_sha256 BYTEA NOT NULL UNIQUE,
    member_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    expires_at_ms BIGINT NOT NULL,
    last_used_at_ms BIGINT
);
CREATE INDEX api_tokens_member_id ON api_tokens (member_id);
"#;

/// The sign-in throttle's tables (migration 7), the same on both backends but for the types:
/// `address_failures` replaces `sign_in_failures` (its windows last 5 minutes, so dropping them
/// loses at most one window of counts) and is capped by the code, which first locks the one
/// row of `address_failures_lock`; `account_failures` holds a row per member with failures;
/// `trusted_devices` the browsers that completed a sign-in, by the SHA-256 of their cookie.
const SQLITE_THROTTLE: &str = r#"
DROP TABLE sign_in_failures;
CREATE TABLE address_failures (
    address_key TEXT PRIMARY KEY,
    window_started_at_ms INTEGER NOT NULL,
    failures INTEGER NOT NULL
);
CREATE INDEX address_failures_window_started_at_ms ON address_failures (window_started_at_ms);
CREATE INDEX address_failures_eviction ON address_failures (failures, window_started_at_ms);
CREATE TABLE address_failures_lock (id INTEGER PRIMARY KEY CHECK (id = 1));
INSERT INTO address_failures_lock (id) VALUES (1);
CREATE TABLE account_failures (
    member_id INTEGER PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failure_at_ms INTEGER NOT NULL
);
CREATE TABLE trusted_devices (
    id_sha256 BLOB PRIMARY KEY,
    member_id INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL,
    expires_at_ms INTEGER NOT NULL,
    failures INTEGER NOT NULL
);
CREATE INDEX trusted_devices_member_id ON trusted_devices (member_id);
CREATE INDEX trusted_devices_expires_at_ms ON trusted_devices (expires_at_ms);
"#;

/// [`SQLITE_THROTTLE`] for PostgreSQL.
const POSTGRES_THROTTLE: &str = r#"
DROP TABLE sign_in_failures;
CREATE TABLE address_failures (
    address_key TEXT PRIMARY KEY,
    window_started_at_ms BIGINT NOT NULL,
    failures BIGINT NOT NULL
);
CREATE INDEX address_failures_window_started_at_ms ON address_failures (window_started_at_ms);
CREATE INDEX address_failures_eviction ON address_failures (failures, window_started_at_ms);
CREATE TABLE address_failures_lock (id BIGINT PRIMARY KEY CHECK (id = 1));
INSERT INTO address_failures_lock (id) VALUES (1);
CREATE TABLE account_failures (
    member_id BIGINT PRIMARY KEY,
    failures BIGINT NOT NULL,
    last_failure_at_ms BIGINT NOT NULL
);
CREATE TABLE trusted_devices (
    id_sha256 BYTEA PRIMARY KEY,
    member_id BIGINT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    expires_at_ms BIGINT NOT NULL,
    failures BIGINT NOT NULL
);
CREATE INDEX trusted_devices_member_id ON trusted_devices (member_id);
CREATE INDEX trusted_devices_expires_at_ms ON trusted_devices (expires_at_ms);
"#;

/// Every migration, in order. Append only.
pub const MIGRATIONS: &[Migration] = &[
    Migration { name: "first layout", sqlite: SQLITE_1, postgres: POSTGRES_1 },
    Migration {
        name: "shared layout: epoch milliseconds, version counter, sign-in failures",
        sqlite: SQLITE_2,
        postgres: "",
    },
    Migration { name: "private content", sqlite: SQLITE_CONTENT, postgres: POSTGRES_CONTENT },
    Migration {
        name: "members, invitations, sessions per member",
        sqlite: SQLITE_MEMBERS,
        postgres: POSTGRES_MEMBERS,
    },
    Migration {
        name: "sign-in challenges, recovery codes",
        sqlite: SQLITE_CHALLENGES,
        postgres: POSTGRES_CHALLENGES,
    },
    Migration { name: "API tokens", sqlite: SQLITE_API_TOKENS, postgres: POSTGRES_API_TOKENS },
    Migration {
        name: "sign-in throttle: bounded address windows, account failures, trusted devices",
        sqlite: SQLITE_THROTTLE,
        postgres: POSTGRES_THROTTLE,
    },
];

/// The key of the PostgreSQL advisory lock migrations hold ("pw-schema" in ASCII).
const POSTGRES_MIGRATION_LOCK: i64 = 0x7077_2d73_6368_656d;

/// Brings the schema up to date, under the backend's lock. Returns the schema version.
///
/// # Errors
/// When the database has a newer schema than this server knows (it refuses to touch it), or
/// a statement fails (the failing migration is rolled back whole).
pub async fn migrate(store: &Store) -> Result<usize, StoreError> {
    match store.backend() {
        Backend::Sqlite => migrate_sqlite(store).await,
        Backend::Postgres => migrate_postgres(store).await,
    }
}

fn refuse_newer(applied: usize) -> Result<(), StoreError> {
    if applied > MIGRATIONS.len() {
        return Err(StoreError::new(format!(
            "the database has schema version {applied}, newer than this server's {}; refusing to touch it",
            MIGRATIONS.len()
        )));
    }
    Ok(())
}

async fn migrate_sqlite(store: &Store) -> Result<usize, StoreError> {
    let mut connection = store.writer.acquire().await?;
    loop {
        // The version is read inside the exclusive transaction: another process may have
        // migrated while this one waited for the lock.
        let mut transaction = sqlx::Connection::begin_with(&mut *connection, "BEGIN EXCLUSIVE").await?;
        let applied: i64 =
            sqlx::query("PRAGMA user_version").fetch_one(&mut *transaction).await?.try_get(0)?;
        let applied = usize::try_from(applied).unwrap_or(usize::MAX);
        refuse_newer(applied)?;
        let Some(migration) = MIGRATIONS.get(applied) else {
            transaction.rollback().await?;
            return Ok(applied);
        };
        if !migration.sqlite.is_empty() {
            sqlx::raw_sql(migration.sqlite).execute(&mut *transaction).await?;
        }
        let version = applied + 1;
        sqlx::raw_sql(AssertSqlSafe(format!("PRAGMA user_version = {version}")))
            .execute(&mut *transaction)
            .await?;
        transaction.commit().await?;
        tracing::info!(version, name = migration.name, "applied schema migration");
    }
}

async fn migrate_postgres(store: &Store) -> Result<usize, StoreError> {
    let mut transaction = store.writer.begin().await?;
    // Released at commit or rollback, so a crash mid-migration cannot leave it held. The
    // subquery keeps `void` (the function's type, which the Any driver cannot carry) out of
    // the result.
    sqlx::query("SELECT 1 FROM (SELECT pg_advisory_xact_lock($1)) AS locked")
        .bind(POSTGRES_MIGRATION_LOCK)
        .execute(&mut *transaction)
        .await?;
    sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS schema_version (id BIGINT PRIMARY KEY CHECK (id = 1), version BIGINT NOT NULL)",
    )
    .execute(&mut *transaction)
    .await?;
    let applied: Option<i64> = sqlx::query("SELECT version FROM schema_version WHERE id = 1")
        .fetch_optional(&mut *transaction)
        .await?
        .map(|row| row.try_get(0))
        .transpose()?;
    let applied = usize::try_from(applied.unwrap_or(0)).unwrap_or(usize::MAX);
    refuse_newer(applied)?;
    for (index, migration) in MIGRATIONS.iter().enumerate().skip(applied) {
        if !migration.postgres.is_empty() {
            sqlx::raw_sql(migration.postgres).execute(&mut *transaction).await?;
        }
        tracing::info!(version = index + 1, name = migration.name, "applying schema migration");
    }
    let version = i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX);
    sqlx::query(
        "INSERT INTO schema_version (id, version) VALUES (1, $1)
         ON CONFLICT (id) DO UPDATE SET version = excluded.version",
    )
    .bind(version)
    .execute(&mut *transaction)
    .await?;
    transaction.commit().await?;
    Ok(MIGRATIONS.len())
}

/// The schema version the database is at (0 for an empty one).
///
/// # Errors
/// When the database cannot be read.
pub async fn applied_version(store: &Store) -> Result<usize, StoreError> {
    let version: i64 = match store.backend() {
        Backend::Sqlite => sqlx::query("PRAGMA user_version").fetch_one(&store.reader).await?.try_get(0)?,
        Backend::Postgres => {
            let exists: Option<String> = sqlx::query("SELECT to_regclass('schema_version')::text")
                .fetch_one(&store.reader)
                .await?
                .try_get(0)?;
            if exists.is_none() {
                0
            } else {
                sqlx::query("SELECT version FROM schema_version WHERE id = 1")
                    .fetch_optional(&store.reader)
                    .await?
                    .map(|row| row.try_get(0))
                    .transpose()?
                    .unwrap_or(0)
            }
        }
    };
    Ok(usize::try_from(version).unwrap_or(0))
}
