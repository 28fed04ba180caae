//! The admin token's hash, browser sessions and the sign-in throttle's failure windows:
//! what authentication reads and writes on every request.

use sqlx::Row as _;

use super::{FailureWindow, Session, Store, StoreError};
use crate::clock::UnixMillis;

impl Store {
    /// The stored SHA-256 of the admin token.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn admin_token_hash(&self) -> Result<Option<[u8; 32]>, StoreError> {
        let hash: Option<Vec<u8>> = sqlx::query("SELECT sha256 FROM admin_token WHERE id = 1")
            .fetch_optional(&self.reader)
            .await?
            .map(|row| row.try_get(0))
            .transpose()?;
        Ok(hash.and_then(|bytes| bytes.try_into().ok()))
    }

    /// Stores the admin token's hash; when it changes, every browser session ends.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn set_admin_token_hash(&self, hash: [u8; 32], now: UnixMillis) -> Result<(), StoreError> {
        let mut transaction = self.begin_write().await?;
        let old: Option<Vec<u8>> =
            sqlx::query("UPDATE admin_token SET sha256 = sha256 WHERE id = 1 RETURNING sha256")
                .fetch_optional(&mut *transaction)
                .await?
                .map(|row| row.try_get(0))
                .transpose()?;
        if old.as_deref() != Some(&hash[..]) {
            sqlx::query(
                "INSERT INTO admin_token (id, sha256, created_at_ms) VALUES (1, $1, $2)
                 ON CONFLICT (id) DO UPDATE SET sha256 = excluded.sha256, created_at_ms = excluded.created_at_ms",
            )
            .bind(hash.to_vec())
            .bind(now.0)
            .execute(&mut *transaction)
            .await?;
            sqlx::query("DELETE FROM sessions").execute(&mut *transaction).await?;
        }
        transaction.commit().await?;
        Ok(())
    }

    /// Removes the admin token's hash (there is no `POLICY_WIDGET_ADMIN_TOKEN`).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn clear_admin_token_hash(&self) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM admin_token").execute(&self.writer).await?;
        Ok(())
    }

    /// Records a new browser session (by the hash of its id), and deletes the sessions that
    /// have expired by `now`: the table holds at most the sessions of one lifetime.
    ///
    /// # Errors
    /// When the database fails (or the id is not new).
    pub async fn create_session(
        &self,
        id_sha256: [u8; 32],
        session: &Session,
        now: UnixMillis,
    ) -> Result<(), StoreError> {
        let mut transaction = self.begin_write().await?;
        sqlx::query("DELETE FROM sessions WHERE expires_at_ms <= $1")
            .bind(now.0)
            .execute(&mut *transaction)
            .await?;
        sqlx::query(
            "INSERT INTO sessions (id_sha256, csrf_token, created_at_ms, expires_at_ms, member_id) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id_sha256.to_vec())
        .bind(&session.csrf_token)
        .bind(now.0)
        .bind(session.expires_at.0)
        .bind(session.member_id)
        .execute(&mut *transaction)
        .await?;
        transaction.commit().await?;
        Ok(())
    }

    /// The session whose id hashes to `id_sha256`, if it is still live at `now`.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn session(&self, id_sha256: [u8; 32], now: UnixMillis) -> Result<Option<Session>, StoreError> {
        let row = sqlx::query(
            "SELECT csrf_token, expires_at_ms, member_id FROM sessions WHERE id_sha256 = $1 AND expires_at_ms > $2",
        )
        .bind(id_sha256.to_vec())
        .bind(now.0)
        .fetch_optional(&self.reader)
        .await?;
        row.map(|row| {
            Ok(Session {
                csrf_token: row.try_get(0)?,
                expires_at: UnixMillis(row.try_get(1)?),
                member_id: row.try_get(2)?,
            })
        })
        .transpose()
    }

    /// Ends a session.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn delete_session(&self, id_sha256: [u8; 32]) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE id_sha256 = $1")
            .bind(id_sha256.to_vec())
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// How many sessions the table holds, live or not (for tests of the cleanup).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn session_rows(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query("SELECT count(*) FROM sessions").fetch_one(&self.reader).await?.try_get(0)?)
    }

    /// The failure window of `subject`, if it has one that began after `window_start`.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn sign_in_failures(
        &self,
        subject: &str,
        window_start: UnixMillis,
    ) -> Result<Option<FailureWindow>, StoreError> {
        let row = sqlx::query(
            "SELECT window_started_at_ms, failures FROM sign_in_failures WHERE subject = $1 AND window_started_at_ms > $2",
        )
        .bind(subject)
        .bind(window_start.0)
        .fetch_optional(&self.reader)
        .await?;
        row.map(|row| {
            Ok(FailureWindow { started_at: UnixMillis(row.try_get(0)?), failures: row.try_get(1)? })
        })
        .transpose()
    }

    /// Counts one failed sign-in of `subject` at `now` and returns its window. Windows that
    /// began at or before `window_start` are over: they are deleted first (every subject's,
    /// which keeps the table to the subjects that failed within one window), so an expired
    /// window restarts at one.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn record_sign_in_failure(
        &self,
        subject: &str,
        now: UnixMillis,
        window_start: UnixMillis,
    ) -> Result<FailureWindow, StoreError> {
        let mut transaction = self.begin_write().await?;
        sqlx::query("DELETE FROM sign_in_failures WHERE window_started_at_ms <= $1")
            .bind(window_start.0)
            .execute(&mut *transaction)
            .await?;
        let row = sqlx::query(
            "INSERT INTO sign_in_failures (subject, window_started_at_ms, failures) VALUES ($1, $2, 1)
             ON CONFLICT (subject) DO UPDATE SET failures = sign_in_failures.failures + 1
             RETURNING window_started_at_ms, failures",
        )
        .bind(subject)
        .bind(now.0)
        .fetch_one(&mut *transaction)
        .await?;
        let window = FailureWindow { started_at: UnixMillis(row.try_get(0)?), failures: row.try_get(1)? };
        transaction.commit().await?;
        Ok(window)
    }

    /// How many subjects have a failure window stored (for tests of the pruning).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn sign_in_failure_rows(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query("SELECT count(*) FROM sign_in_failures").fetch_one(&self.reader).await?.try_get(0)?)
    }
}
