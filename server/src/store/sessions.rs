//! The admin token's hash and browser sessions: what authentication reads and writes on
//! every request.

use sqlx::Row as _;

use super::{Session, Store, StoreError};
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
}
