//! `policy-widget-server backup --to FILE`: a consistent copy of the SQLite database, made
//! while a server keeps serving from it.
//!
//! `VACUUM INTO` reads the database in one read transaction — a snapshot that WAL mode
//! keeps stable while the server goes on writing — and writes a compact copy. The copy goes
//! to a hidden file beside the target (created empty with mode 0600 first: it holds the
//! content-token secret), is synced, checked with `integrity_check`, and only then renamed
//! to the target, so `FILE` is either absent or a whole, checked backup.

use std::path::{Path, PathBuf};

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{AnyPool, ConnectOptions as _, Connection as _, Row as _};

use super::StoreError;

/// What a finished backup holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSummary {
    /// The schema version of the copy.
    pub schema_version: i64,
    /// The settings version it holds.
    pub settings_version: i64,
}

/// Copies the database behind `pool` to `to`, which must not exist.
///
/// # Errors
/// When `to` exists or cannot be written, or the copy fails its integrity check.
pub async fn sqlite(pool: &AnyPool, to: &Path) -> Result<BackupSummary, StoreError> {
    let io = |what: &str, path: &Path, error: std::io::Error| {
        StoreError::new(format!("{what} {}: {error}", path.display()))
    };
    if to.exists() {
        return Err(StoreError::new(format!("{} exists; a backup never overwrites a file", to.display())));
    }
    let partial = partial_path(to)?;
    create_private_file(&partial).map_err(|error| io("cannot create", &partial, error))?;
    let result = async {
        let target = partial
            .to_str()
            .ok_or_else(|| StoreError::new(format!("{}: the path is not UTF-8", partial.display())))?;
        sqlx::query("VACUUM INTO $1").bind(target).execute(pool).await?;
        std::fs::File::open(&partial)
            .and_then(|file| file.sync_all())
            .map_err(|error| io("cannot sync", &partial, error))?;
        let summary = verify(&partial).await?;
        std::fs::rename(&partial, to).map_err(|error| io("cannot rename to", to, error))?;
        sync_parent(to);
        Ok(summary)
    }
    .await;
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

/// Opens a backup (or any database file) and checks it: SQLite's `integrity_check`, and
/// the versions it holds.
///
/// # Errors
/// When the file does not open, fails the check, or holds no settings.
pub async fn verify(file: &Path) -> Result<BackupSummary, StoreError> {
    let mut connection =
        SqliteConnectOptions::new().filename(file).create_if_missing(false).connect().await?;
    let integrity: String =
        sqlx::query("PRAGMA integrity_check").fetch_one(&mut connection).await?.try_get(0)?;
    if integrity != "ok" {
        return Err(StoreError::new(format!("{}: integrity_check says {integrity}", file.display())));
    }
    let schema_version: i64 =
        sqlx::query("PRAGMA user_version").fetch_one(&mut connection).await?.try_get(0)?;
    let settings_version: i64 = sqlx::query("SELECT version FROM settings WHERE id = 1")
        .fetch_one(&mut connection)
        .await?
        .try_get(0)?;
    connection.close().await?;
    Ok(BackupSummary { schema_version, settings_version })
}

fn partial_path(to: &Path) -> Result<PathBuf, StoreError> {
    let name = to
        .file_name()
        .ok_or_else(|| StoreError::new(format!("{}: not a file name", to.display())))?
        .to_string_lossy();
    Ok(to.with_file_name(format!(".{name}.partial-{}", std::process::id())))
}

fn create_private_file(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map(drop)
}

/// Makes the rename itself durable.
fn sync_parent(path: &Path) {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        if let Err(error) = std::fs::File::open(dir).and_then(|dir| dir.sync_all()) {
            tracing::warn!(%error, "could not sync the backup's folder");
        }
    }
}
