//! The private content: JSON documents by key, written by admins (each write logged in its
//! own transaction) and read by holders of a content token. The values are never logged:
//! an activity entry names the key and the sizes in bytes.

use serde::Serialize;
use serde_json::{json, Value};
use sqlx::Row as _;

use super::{log_activity, Change, Store, StoreError, Who};
use crate::clock::UnixMillis;

/// The most keys `GET /api/content` lists (in key order).
pub const MAX_LISTED: i64 = 1000;

/// One document.
#[derive(Debug, Clone, PartialEq)]
pub struct ContentItem {
    /// Its key.
    pub key: String,
    /// The JSON as stored.
    pub value: Value,
    /// When it was last written.
    pub updated_at: UnixMillis,
}

/// One line of the list: the key, the size and the time, not the value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContentSummary {
    /// Its key.
    pub key: String,
    /// The stored JSON's length in bytes.
    pub bytes: i64,
    /// When it was last written, RFC 3339.
    pub updated_at: String,
}

/// What a write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentWrite {
    /// The key was new.
    Created,
    /// The key held a document, now replaced.
    Replaced,
}

/// The activity entry's one change: `content/<key>`, its size before and after.
fn size_change(key: &str, old: Option<i64>, new: Option<i64>) -> Change {
    Change { path: format!("content/{key}"), old: json!(old), new: json!(new) }
}

impl Store {
    /// Stores `value` under `key` (the caller checked the key), in one transaction with its
    /// `content.updated` activity entry.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn put_content(
        &self,
        key: &str,
        value: &Value,
        who: &Who,
        now: UnixMillis,
    ) -> Result<ContentWrite, StoreError> {
        let json = value.to_string();
        let bytes = i64::try_from(json.len()).unwrap_or(i64::MAX);
        let mut transaction = self.begin_write().await?;
        // Writes first (see `begin_write`): a no-op update that locks an existing row and
        // reads its size.
        let old: Option<i64> =
            sqlx::query("UPDATE private_content SET bytes = bytes WHERE content_key = $1 RETURNING bytes")
                .bind(key)
                .fetch_optional(&mut *transaction)
                .await?
                .map(|row| row.try_get(0))
                .transpose()?;
        // An upsert, so two first writes of one key on two instances both succeed (the
        // second replaces the first, though both report `Created`).
        sqlx::query(
            "INSERT INTO private_content (content_key, json, bytes, created_at_ms, updated_at_ms) VALUES ($1, $2, $3, $4, $4)
             ON CONFLICT (content_key) DO UPDATE
             SET json = excluded.json, bytes = excluded.bytes, updated_at_ms = excluded.updated_at_ms",
        )
        .bind(key)
        .bind(&json)
        .bind(bytes)
        .bind(now.0)
        .execute(&mut *transaction)
        .await?;
        let change = size_change(key, old, Some(bytes));
        log_activity(&mut transaction, now, who, "content.updated", None, &[change]).await?;
        transaction.commit().await?;
        Ok(if old.is_some() { ContentWrite::Replaced } else { ContentWrite::Created })
    }

    /// The document under `key`, if there is one.
    ///
    /// # Errors
    /// When the database fails or holds text that is not JSON.
    pub async fn content(&self, key: &str) -> Result<Option<ContentItem>, StoreError> {
        let row = sqlx::query("SELECT json, updated_at_ms FROM private_content WHERE content_key = $1")
            .bind(key)
            .fetch_optional(&self.reader)
            .await?;
        row.map(|row| {
            Ok(ContentItem {
                key: key.to_owned(),
                value: serde_json::from_str(row.try_get(0)?)?,
                updated_at: UnixMillis(row.try_get(1)?),
            })
        })
        .transpose()
    }

    /// The keys, in order, with sizes and times (at most [`MAX_LISTED`]).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn content_list(&self) -> Result<Vec<ContentSummary>, StoreError> {
        let rows = sqlx::query(
            "SELECT content_key, bytes, updated_at_ms FROM private_content ORDER BY content_key LIMIT $1",
        )
        .bind(MAX_LISTED)
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ContentSummary {
                    key: row.try_get(0)?,
                    bytes: row.try_get(1)?,
                    updated_at: UnixMillis(row.try_get(2)?).rfc3339(),
                })
            })
            .collect()
    }

    /// Deletes the document under `key`, with its `content.deleted` activity entry.
    /// Returns false (and logs nothing) when there was none.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn delete_content(&self, key: &str, who: &Who, now: UnixMillis) -> Result<bool, StoreError> {
        let mut transaction = self.begin_write().await?;
        let deleted = sqlx::query("DELETE FROM private_content WHERE content_key = $1 RETURNING bytes")
            .bind(key)
            .fetch_optional(&mut *transaction)
            .await?;
        let Some(row) = deleted else {
            transaction.rollback().await?;
            return Ok(false);
        };
        let old: i64 = row.try_get(0)?;
        let change = size_change(key, Some(old), None);
        log_activity(&mut transaction, now, who, "content.deleted", None, &[change]).await?;
        transaction.commit().await?;
        Ok(true)
    }
}
