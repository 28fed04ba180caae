//! Members' API tokens in the store: created and revoked each in one transaction with its
//! activity entry, looked up by the SHA-256 of the token with the member who made it (whose
//! role the request then acts with). The token itself is never stored.

use serde_json::{json, Value};
use sqlx::Row as _;

use super::members::log_event;
use super::{Store, StoreError, Who};
use crate::clock::UnixMillis;
use crate::members::Member;

/// A token as the list shows it: no secret, no hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    /// Stable id (what `DELETE /api/tokens/{id}` and the activity log name).
    pub id: i64,
    /// What its creator called it.
    pub name: String,
    /// When it was made.
    pub created_at: UnixMillis,
    /// When it stops working.
    pub expires_at: UnixMillis,
    /// The last request it authenticated, to within [`crate::api_tokens::LAST_USED_PRECISION`].
    pub last_used_at: Option<UnixMillis>,
    /// The member it acts as.
    pub member_id: i64,
    /// Their email.
    pub member_email: String,
}

/// A token to record.
#[derive(Debug, Clone)]
pub struct NewApiToken<'a> {
    /// SHA-256 of the whole token text.
    pub token_sha256: [u8; 32],
    /// The member it acts as.
    pub member_id: i64,
    /// Its checked name.
    pub name: &'a str,
    /// When it stops working.
    pub expires_at: UnixMillis,
}

/// A live token found by its hash, with the member it acts as.
#[derive(Debug, Clone)]
pub struct TokenHolder {
    /// The token's id.
    pub token_id: i64,
    /// When it was last used (to decide whether to write the time again).
    pub last_used_at: Option<UnixMillis>,
    /// The member, as the database holds them now (their current role).
    pub member: Member,
}

const TOKEN_COLUMNS: &str =
    "t.id, t.name, t.created_at_ms, t.expires_at_ms, t.last_used_at_ms, m.id, m.email";

fn token_from_row(row: &sqlx::any::AnyRow) -> Result<ApiToken, StoreError> {
    Ok(ApiToken {
        id: row.try_get(0)?,
        name: row.try_get(1)?,
        created_at: UnixMillis(row.try_get(2)?),
        expires_at: UnixMillis(row.try_get(3)?),
        last_used_at: row.try_get::<Option<i64>, _>(4)?.map(UnixMillis),
        member_id: row.try_get(5)?,
        member_email: row.try_get(6)?,
    })
}

/// The activity entry's target: the token by id and name, never its value.
fn target(id: i64, name: &str) -> Value {
    json!({ "tokenId": id, "name": name })
}

impl Store {
    /// Records a token and logs `api_token.created`; returns it as the list will show it.
    ///
    /// # Errors
    /// When the database fails, or the member is gone (removed meanwhile).
    pub async fn create_api_token(
        &self,
        new: &NewApiToken<'_>,
        who: &Who,
        now: UnixMillis,
    ) -> Result<Option<ApiToken>, StoreError> {
        let mut transaction = self.begin_write().await?;
        // Inserting only while the member exists: a removal that commits first leaves no
        // token behind it.
        let row = sqlx::query(
            "INSERT INTO api_tokens (token_sha256, member_id, name, created_at_ms, expires_at_ms)
             SELECT $1, id, $3, $4, $5 FROM members WHERE id = $2 RETURNING id",
        )
        .bind(new.token_sha256.to_vec())
        .bind(new.member_id)
        .bind(new.name)
        .bind(now.0)
        .bind(new.expires_at.0)
        .fetch_optional(&mut *transaction)
        .await?;
        let Some(row) = row else {
            transaction.rollback().await?;
            return Ok(None);
        };
        let id: i64 = row.try_get(0)?;
        let mut target = target(id, new.name);
        target["expiresAt"] = new.expires_at.rfc3339().into();
        log_event(&mut transaction, now, who, "api_token.created", Some(&target), &[]).await?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens t JOIN members m ON m.id = t.member_id WHERE t.id = $1"
        )))
        .bind(id)
        .fetch_one(&mut *transaction)
        .await?;
        let token = token_from_row(&row)?;
        transaction.commit().await?;
        Ok(Some(token))
    }

    /// Every member's tokens, expired ones included, oldest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn api_tokens(&self) -> Result<Vec<ApiToken>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens t JOIN members m ON m.id = t.member_id ORDER BY t.id"
        )))
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(token_from_row).collect()
    }

    /// Deletes a token and logs `api_token.revoked`; `None` when there is no such token.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn revoke_api_token(
        &self,
        id: i64,
        who: &Who,
        now: UnixMillis,
    ) -> Result<Option<String>, StoreError> {
        let mut transaction = self.begin_write().await?;
        let row = sqlx::query("DELETE FROM api_tokens WHERE id = $1 RETURNING name")
            .bind(id)
            .fetch_optional(&mut *transaction)
            .await?;
        let Some(row) = row else {
            transaction.rollback().await?;
            return Ok(None);
        };
        let name: String = row.try_get(0)?;
        log_event(&mut transaction, now, who, "api_token.revoked", Some(&target(id, &name)), &[]).await?;
        transaction.commit().await?;
        Ok(Some(name))
    }

    /// The live token (not expired at `now`) whose text hashes to `token_sha256`, with the
    /// member it acts as; `None` when there is none or its member is gone.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn api_token_holder(
        &self,
        token_sha256: [u8; 32],
        now: UnixMillis,
    ) -> Result<Option<TokenHolder>, StoreError> {
        let row = sqlx::query(
            "SELECT id, member_id, last_used_at_ms FROM api_tokens WHERE token_sha256 = $1 AND expires_at_ms > $2",
        )
        .bind(token_sha256.to_vec())
        .bind(now.0)
        .fetch_optional(&self.reader)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let token_id: i64 = row.try_get(0)?;
        let member_id: i64 = row.try_get(1)?;
        let last_used_at = row.try_get::<Option<i64>, _>(2)?.map(UnixMillis);
        Ok(self.member(member_id).await?.map(|member| TokenHolder { token_id, last_used_at, member }))
    }

    /// Records that token `id` was used at `now`.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn touch_api_token(&self, id: i64, now: UnixMillis) -> Result<(), StoreError> {
        sqlx::query("UPDATE api_tokens SET last_used_at_ms = $1 WHERE id = $2")
            .bind(now.0)
            .bind(id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }
}
