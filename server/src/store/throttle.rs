//! The sign-in throttle's state: failure windows per client address (a bounded table),
//! consecutive failures per member, and the trusted devices of members. The rules that read
//! them are in `crate::throttle`; this file only stores and counts.

use sqlx::Row as _;

use super::{Store, StoreError};
use crate::clock::UnixMillis;

/// The failed sign-ins of one address key (`203.0.113.7`, `2001:db8:1:2::/64`) in its
/// current window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailureWindow {
    /// When the first failure of the window happened.
    pub started_at: UnixMillis,
    /// Failures since then.
    pub failures: i64,
}

/// A member's consecutive failed sign-ins since their last success.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccountFailures {
    /// How many.
    pub failures: i64,
    /// When the last one happened.
    pub last_failure_at: UnixMillis,
}

/// A browser that completed a sign-in of its member, known by the hash of its cookie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedDevice {
    /// SHA-256 of the cookie's value.
    pub id_sha256: [u8; 32],
    /// The member it signed in.
    pub member_id: i64,
    /// Failed sign-ins made with it since its last success.
    pub failures: i64,
}

impl Store {
    /// The window of `address_key`, if it has one that began after `window_start`.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn address_failures(
        &self,
        address_key: &str,
        window_start: UnixMillis,
    ) -> Result<Option<FailureWindow>, StoreError> {
        let row = sqlx::query(
            "SELECT window_started_at_ms, failures FROM address_failures
             WHERE address_key = $1 AND window_started_at_ms > $2",
        )
        .bind(address_key)
        .bind(window_start.0)
        .fetch_optional(&self.reader)
        .await?;
        row.map(|row| {
            Ok(FailureWindow { started_at: UnixMillis(row.try_get(0)?), failures: row.try_get(1)? })
        })
        .transpose()
    }

    /// Counts one failed sign-in of `address_key` at `now` and returns its window.
    ///
    /// The table never holds more than `cap` rows. Windows that began at or before
    /// `window_start` are over and deleted first (every key's, so an expired window restarts
    /// at one). When a new key still finds the table full, the windows with the fewest
    /// failures go, the oldest first among equals: a throttled address is the last to be
    /// forgotten. Every call first locks one row, so concurrent callers (on any instance)
    /// take turns and the count they check is the count they change.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn record_address_failure(
        &self,
        address_key: &str,
        now: UnixMillis,
        window_start: UnixMillis,
        cap: i64,
    ) -> Result<FailureWindow, StoreError> {
        let mut transaction = self.begin_write().await?;
        sqlx::query("UPDATE address_failures_lock SET id = id WHERE id = 1")
            .execute(&mut *transaction)
            .await?;
        sqlx::query("DELETE FROM address_failures WHERE window_started_at_ms <= $1")
            .bind(window_start.0)
            .execute(&mut *transaction)
            .await?;
        let known = sqlx::query("SELECT failures FROM address_failures WHERE address_key = $1")
            .bind(address_key)
            .fetch_optional(&mut *transaction)
            .await?
            .is_some();
        if !known {
            let rows: i64 = sqlx::query("SELECT count(*) FROM address_failures")
                .fetch_one(&mut *transaction)
                .await?
                .try_get(0)?;
            let excess = rows.saturating_sub(cap.max(1)).saturating_add(1);
            if excess > 0 {
                sqlx::query(
                    "DELETE FROM address_failures WHERE address_key IN (
                         SELECT address_key FROM address_failures
                         ORDER BY failures, window_started_at_ms, address_key LIMIT $1)",
                )
                .bind(excess)
                .execute(&mut *transaction)
                .await?;
            }
        }
        let row = sqlx::query(
            "INSERT INTO address_failures (address_key, window_started_at_ms, failures) VALUES ($1, $2, 1)
             ON CONFLICT (address_key) DO UPDATE SET failures = address_failures.failures + 1
             RETURNING window_started_at_ms, failures",
        )
        .bind(address_key)
        .bind(now.0)
        .fetch_one(&mut *transaction)
        .await?;
        let window = FailureWindow { started_at: UnixMillis(row.try_get(0)?), failures: row.try_get(1)? };
        transaction.commit().await?;
        Ok(window)
    }

    /// How many address windows the table holds (for tests of the bound).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn address_failure_rows(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query("SELECT count(*) FROM address_failures").fetch_one(&self.reader).await?.try_get(0)?)
    }

    /// The failures of member `member_id`, if the last was after `forget_before`.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn account_failures(
        &self,
        member_id: i64,
        forget_before: UnixMillis,
    ) -> Result<Option<AccountFailures>, StoreError> {
        let row = sqlx::query(
            "SELECT failures, last_failure_at_ms FROM account_failures
             WHERE member_id = $1 AND last_failure_at_ms > $2",
        )
        .bind(member_id)
        .bind(forget_before.0)
        .fetch_optional(&self.reader)
        .await?;
        row.map(|row| {
            Ok(AccountFailures { failures: row.try_get(0)?, last_failure_at: UnixMillis(row.try_get(1)?) })
        })
        .transpose()
    }

    /// Counts one failed sign-in of member `member_id` at `now`. Counts whose last failure
    /// was at or before `forget_before` are deleted first (every member's, and the rows of
    /// members who are gone), so the table holds at most one row per member.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn record_account_failure(
        &self,
        member_id: i64,
        now: UnixMillis,
        forget_before: UnixMillis,
    ) -> Result<AccountFailures, StoreError> {
        let mut transaction = self.begin_write().await?;
        sqlx::query(
            "DELETE FROM account_failures
             WHERE last_failure_at_ms <= $1 OR member_id NOT IN (SELECT id FROM members)",
        )
        .bind(forget_before.0)
        .execute(&mut *transaction)
        .await?;
        let row = sqlx::query(
            "INSERT INTO account_failures (member_id, failures, last_failure_at_ms) VALUES ($1, 1, $2)
             ON CONFLICT (member_id) DO UPDATE
                 SET failures = account_failures.failures + 1, last_failure_at_ms = excluded.last_failure_at_ms
             RETURNING failures, last_failure_at_ms",
        )
        .bind(member_id)
        .bind(now.0)
        .fetch_one(&mut *transaction)
        .await?;
        let failures =
            AccountFailures { failures: row.try_get(0)?, last_failure_at: UnixMillis(row.try_get(1)?) };
        transaction.commit().await?;
        Ok(failures)
    }

    /// Forgets the failures of member `member_id` (a successful sign-in).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn clear_account_failures(&self, member_id: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM account_failures WHERE member_id = $1")
            .bind(member_id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// How many members have a failure count stored (for tests of the bound).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn account_failure_rows(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query("SELECT count(*) FROM account_failures").fetch_one(&self.reader).await?.try_get(0)?)
    }

    /// The trusted device whose cookie hashes to `id_sha256`, if it is live at `now` and its
    /// member still exists.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn trusted_device(
        &self,
        id_sha256: [u8; 32],
        now: UnixMillis,
    ) -> Result<Option<TrustedDevice>, StoreError> {
        let row = sqlx::query(
            "SELECT d.member_id, d.failures FROM trusted_devices d JOIN members m ON m.id = d.member_id
             WHERE d.id_sha256 = $1 AND d.expires_at_ms > $2",
        )
        .bind(id_sha256.to_vec())
        .bind(now.0)
        .fetch_optional(&self.reader)
        .await?;
        row.map(|row| Ok(TrustedDevice { id_sha256, member_id: row.try_get(0)?, failures: row.try_get(1)? }))
            .transpose()
    }

    /// Records a new trusted device of member `member_id`. Expired devices (and those of
    /// members who are gone) are deleted first, and the member keeps at most `per_member`:
    /// the oldest go.
    ///
    /// # Errors
    /// When the database fails (or the id is not new).
    pub async fn create_trusted_device(
        &self,
        id_sha256: [u8; 32],
        member_id: i64,
        now: UnixMillis,
        expires_at: UnixMillis,
        per_member: i64,
    ) -> Result<(), StoreError> {
        let mut transaction = self.begin_write().await?;
        sqlx::query(
            "DELETE FROM trusted_devices WHERE expires_at_ms <= $1 OR member_id NOT IN (SELECT id FROM members)",
        )
        .bind(now.0)
        .execute(&mut *transaction)
        .await?;
        sqlx::query(
            "DELETE FROM trusted_devices WHERE member_id = $1 AND id_sha256 NOT IN (
                 SELECT id_sha256 FROM trusted_devices WHERE member_id = $1
                 ORDER BY created_at_ms DESC, id_sha256 LIMIT $2)",
        )
        .bind(member_id)
        .bind((per_member - 1).max(0))
        .execute(&mut *transaction)
        .await?;
        sqlx::query(
            "INSERT INTO trusted_devices (id_sha256, member_id, created_at_ms, expires_at_ms, failures)
             VALUES ($1, $2, $3, $4, 0)",
        )
        .bind(id_sha256.to_vec())
        .bind(member_id)
        .bind(now.0)
        .bind(expires_at.0)
        .execute(&mut *transaction)
        .await?;
        transaction.commit().await?;
        Ok(())
    }

    /// Counts a failed sign-in made with device `id_sha256`; at `max` failures the device is
    /// deleted (its cookie stops counting). Returns whether it was deleted.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn record_device_failure(&self, id_sha256: [u8; 32], max: i64) -> Result<bool, StoreError> {
        let mut transaction = self.begin_write().await?;
        let failures: Option<i64> = sqlx::query(
            "UPDATE trusted_devices SET failures = failures + 1 WHERE id_sha256 = $1 RETURNING failures",
        )
        .bind(id_sha256.to_vec())
        .fetch_optional(&mut *transaction)
        .await?
        .map(|row| row.try_get(0))
        .transpose()?;
        let removed = failures.is_some_and(|failures| failures >= max);
        if removed {
            sqlx::query("DELETE FROM trusted_devices WHERE id_sha256 = $1")
                .bind(id_sha256.to_vec())
                .execute(&mut *transaction)
                .await?;
        }
        transaction.commit().await?;
        Ok(removed)
    }

    /// Forgets the failures of device `id_sha256` (a successful sign-in with it).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn clear_device_failures(&self, id_sha256: [u8; 32]) -> Result<(), StoreError> {
        sqlx::query("UPDATE trusted_devices SET failures = 0 WHERE id_sha256 = $1")
            .bind(id_sha256.to_vec())
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// How many trusted devices the table holds, live or not (for tests of the bound).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn trusted_device_rows(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query("SELECT count(*) FROM trusted_devices").fetch_one(&self.reader).await?.try_get(0)?)
    }
}
