//! The second factor in the store: sign-in challenges (the step between a right password and
//! a session), the members' TOTP secrets with the last accepted step (replay refusal, atomic
//! across instances), and recovery codes stored as SHA-256.

use sqlx::{Any, Row as _, Transaction};

use super::members::{log_event, NewSession};
use super::{Store, StoreError, Who};
use crate::clock::UnixMillis;
use crate::members::Member;

/// What a challenge asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChallengeKind {
    /// A code of the member's enrolled device (or a recovery code).
    Totp,
    /// A code of the new secret it carries: enrols the device.
    Setup(String),
}

/// A live challenge.
#[derive(Debug, Clone)]
pub struct Challenge {
    /// The member whose password was right.
    pub member_id: i64,
    /// What it asks for.
    pub kind: ChallengeKind,
}

/// Marks `step` as used by the member if it is after the last one: false when it is not (a
/// replay, or a concurrent use of the same code on another instance).
async fn claim_step(
    transaction: &mut Transaction<'static, Any>,
    member_id: i64,
    step: i64,
) -> Result<bool, StoreError> {
    let claimed = sqlx::query(
        "UPDATE members SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
    )
    .bind(step)
    .bind(member_id)
    .execute(&mut **transaction)
    .await?;
    Ok(claimed.rows_affected() == 1)
}

async fn replace_recovery_codes(
    transaction: &mut Transaction<'static, Any>,
    member_id: i64,
    hashes: &[[u8; 32]],
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM recovery_codes WHERE member_id = $1")
        .bind(member_id)
        .execute(&mut **transaction)
        .await?;
    for hash in hashes {
        sqlx::query("INSERT INTO recovery_codes (member_id, code_sha256) VALUES ($1, $2)")
            .bind(member_id)
            .bind(hash.to_vec())
            .execute(&mut **transaction)
            .await?;
    }
    Ok(())
}

/// How a second factor was proved.
pub enum Proof<'a> {
    /// A TOTP code of this step (already checked against the secret).
    Step(i64),
    /// A recovery code, by its SHA-256.
    RecoveryCode(&'a [u8; 32]),
}

impl Store {
    /// Records a challenge (by the hash of its id) that ends at `expires_at`, deleting the
    /// expired ones.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn create_challenge(
        &self,
        id_sha256: [u8; 32],
        challenge: &Challenge,
        expires_at: UnixMillis,
        now: UnixMillis,
    ) -> Result<(), StoreError> {
        let mut transaction = self.begin_write().await?;
        sqlx::query("DELETE FROM sign_in_challenges WHERE expires_at_ms <= $1")
            .bind(now.0)
            .execute(&mut *transaction)
            .await?;
        let (kind, secret) = match &challenge.kind {
            ChallengeKind::Totp => ("totp", None),
            ChallengeKind::Setup(secret) => ("totp_setup", Some(secret.as_str())),
        };
        sqlx::query(
            "INSERT INTO sign_in_challenges (id_sha256, member_id, kind, secret, expires_at_ms) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id_sha256.to_vec())
        .bind(challenge.member_id)
        .bind(kind)
        .bind(secret)
        .bind(expires_at.0)
        .execute(&mut *transaction)
        .await?;
        transaction.commit().await?;
        Ok(())
    }

    /// The challenge whose id hashes to `id_sha256`, if still live at `now`.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn challenge(
        &self,
        id_sha256: [u8; 32],
        now: UnixMillis,
    ) -> Result<Option<Challenge>, StoreError> {
        let row = sqlx::query(
            "SELECT member_id, kind, secret FROM sign_in_challenges WHERE id_sha256 = $1 AND expires_at_ms > $2",
        )
        .bind(id_sha256.to_vec())
        .bind(now.0)
        .fetch_optional(&self.reader)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let kind: String = row.try_get(1)?;
        let secret: Option<String> = row.try_get(2)?;
        let kind = match (kind.as_str(), secret) {
            ("totp_setup", Some(secret)) => ChallengeKind::Setup(secret),
            _ => ChallengeKind::Totp,
        };
        Ok(Some(Challenge { member_id: row.try_get(0)?, kind }))
    }

    /// The member's enrolled TOTP secret (base32) and last accepted step.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn totp_secret(&self, member_id: i64) -> Result<Option<(String, Option<i64>)>, StoreError> {
        let row = sqlx::query("SELECT totp_secret, totp_last_step FROM members WHERE id = $1")
            .bind(member_id)
            .fetch_optional(&self.reader)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let secret: Option<String> = row.try_get(0)?;
        Ok(secret.map(|secret| (secret, row.try_get(1).ok().flatten())))
    }

    /// Completes a challenge: uses it up, claims the step (or spends the recovery code),
    /// enrols the secret of a setup challenge with `recovery_hashes`, opens the session and
    /// logs it — or does nothing and returns false when the step was already used, the
    /// recovery code is unknown, or the challenge is gone.
    ///
    /// # Errors
    /// When the database fails.
    #[allow(clippy::too_many_arguments)]
    pub async fn complete_challenge(
        &self,
        challenge_sha256: [u8; 32],
        member: &Member,
        proof: Proof<'_>,
        enrol: Option<(&str, &[[u8; 32]])>,
        session: &NewSession<'_>,
        address: &str,
        now: UnixMillis,
    ) -> Result<bool, StoreError> {
        let mut transaction = self.begin_write().await?;
        let used = sqlx::query("DELETE FROM sign_in_challenges WHERE id_sha256 = $1 AND expires_at_ms > $2")
            .bind(challenge_sha256.to_vec())
            .bind(now.0)
            .execute(&mut *transaction)
            .await?;
        if used.rows_affected() != 1 {
            transaction.rollback().await?;
            return Ok(false);
        }
        let proved = match proof {
            Proof::Step(step) => claim_step(&mut transaction, member.id, step).await?,
            Proof::RecoveryCode(hash) => {
                sqlx::query("DELETE FROM recovery_codes WHERE member_id = $1 AND code_sha256 = $2")
                    .bind(member.id)
                    .bind(hash.to_vec())
                    .execute(&mut *transaction)
                    .await?
                    .rows_affected()
                    == 1
            }
        };
        if !proved {
            transaction.rollback().await?;
            return Ok(false);
        }
        let who = member.who("session", address);
        if let Some((secret, hashes)) = enrol {
            sqlx::query("UPDATE members SET totp_secret = $1, totp_pending_secret = NULL WHERE id = $2")
                .bind(secret)
                .bind(member.id)
                .execute(&mut *transaction)
                .await?;
            replace_recovery_codes(&mut transaction, member.id, hashes).await?;
            log_event(&mut transaction, now, &who, "two_factor.enabled", Some(&member.target()), &[]).await?;
        }
        super::members::insert_session(&mut transaction, member.id, session, now).await?;
        log_event(&mut transaction, now, &who, "session.signed_in", Some(&member.target()), &[]).await?;
        transaction.commit().await?;
        Ok(true)
    }

    /// Stores a secret awaiting confirmation from the member's profile.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn set_pending_totp(&self, member_id: i64, secret: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE members SET totp_pending_secret = $1 WHERE id = $2")
            .bind(secret)
            .bind(member_id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// The secret awaiting confirmation.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn pending_totp(&self, member_id: i64) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("SELECT totp_pending_secret FROM members WHERE id = $1")
            .bind(member_id)
            .fetch_optional(&self.reader)
            .await?;
        Ok(row.map(|row| row.try_get(0)).transpose()?.flatten())
    }

    /// Enrols the pending secret after a code of it at `step`: false on a replayed step.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn confirm_totp(
        &self,
        member: &Member,
        secret: &str,
        step: i64,
        recovery_hashes: &[[u8; 32]],
        who: &Who,
        now: UnixMillis,
    ) -> Result<bool, StoreError> {
        let mut transaction = self.begin_write().await?;
        if !claim_step(&mut transaction, member.id, step).await? {
            transaction.rollback().await?;
            return Ok(false);
        }
        sqlx::query("UPDATE members SET totp_secret = $1, totp_pending_secret = NULL WHERE id = $2")
            .bind(secret)
            .bind(member.id)
            .execute(&mut *transaction)
            .await?;
        replace_recovery_codes(&mut transaction, member.id, recovery_hashes).await?;
        log_event(&mut transaction, now, who, "two_factor.enabled", Some(&member.target()), &[]).await?;
        transaction.commit().await?;
        Ok(true)
    }

    /// Removes a member's second factor (`event`: `two_factor.disabled` by themselves with a
    /// code at `step`, or `two_factor.reset` by an admin with no step): false on a replayed
    /// step.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn remove_totp(
        &self,
        member: &Member,
        step: Option<i64>,
        event: &str,
        who: &Who,
        now: UnixMillis,
    ) -> Result<bool, StoreError> {
        let mut transaction = self.begin_write().await?;
        if let Some(step) = step {
            if !claim_step(&mut transaction, member.id, step).await? {
                transaction.rollback().await?;
                return Ok(false);
            }
        }
        sqlx::query(
            "UPDATE members SET totp_secret = NULL, totp_pending_secret = NULL, totp_last_step = NULL WHERE id = $1",
        )
        .bind(member.id)
        .execute(&mut *transaction)
        .await?;
        replace_recovery_codes(&mut transaction, member.id, &[]).await?;
        log_event(&mut transaction, now, who, event, Some(&member.target()), &[]).await?;
        transaction.commit().await?;
        Ok(true)
    }

    /// How many unused recovery codes a member has.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn recovery_codes_left(&self, member_id: i64) -> Result<i64, StoreError> {
        Ok(sqlx::query("SELECT count(*) FROM recovery_codes WHERE member_id = $1")
            .bind(member_id)
            .fetch_one(&self.reader)
            .await?
            .try_get(0)?)
    }
}
