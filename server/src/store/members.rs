//! Members, invitations and member sessions in the store. Every change is one transaction
//! with its activity entry. Changes to who is an admin (invite, role, removal) first lock
//! the version counter's row, so two concurrent demotions cannot both see "another admin
//! remains" and leave none.

use serde_json::Value;
use sqlx::{Any, Row as _, Transaction};

use super::{Session, Store, StoreError, Who};
use crate::clock::UnixMillis;
use crate::members::{email_key, Member, Role};

const MEMBER_COLUMNS: &str = "id, email, name, role, password_hash, created_at_ms, last_sign_in_at_ms, password_changed_at_ms, totp_secret";

fn member_from_row(row: &sqlx::any::AnyRow) -> Result<Member, StoreError> {
    let role: String = row.try_get(3)?;
    let password_hash: Option<String> = row.try_get(4)?;
    let totp_secret: Option<String> = row.try_get(8)?;
    Ok(Member {
        id: row.try_get(0)?,
        email: row.try_get(1)?,
        name: row.try_get(2)?,
        role: Role::parse(&role).ok_or_else(|| StoreError::new(format!("unknown role {role:?}")))?,
        active: password_hash.is_some(),
        two_factor_enabled: totp_secret.is_some(),
        created_at: UnixMillis(row.try_get(5)?),
        last_sign_in_at: row.try_get::<Option<i64>, _>(6)?.map(UnixMillis),
        password_changed_at: row.try_get::<Option<i64>, _>(7)?.map(UnixMillis),
    })
}

/// A member and their password hash (`None` while invited), for a sign-in.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// The member.
    pub member: Member,
    /// Their Argon2id PHC string.
    pub password_hash: Option<String>,
}

/// A live invitation.
#[derive(Debug, Clone)]
pub struct Invitation {
    /// The invited member; `None` for the first admin's invitation, which asks for the
    /// email and name.
    pub member: Option<Member>,
    /// When it stops working.
    pub expires_at: UnixMillis,
}

/// A new member.
#[derive(Debug, Clone)]
pub struct NewMember {
    /// Checked by [`crate::members::parse_email`].
    pub email: String,
    /// Checked by [`crate::members::parse_name`].
    pub name: String,
    /// Their role.
    pub role: Role,
    /// Set for the bootstrapped admin; invited members set theirs when they accept.
    pub password_hash: Option<String>,
}

/// The outcome of a change to a member.
#[derive(Debug)]
pub enum MemberChange {
    /// Done; the member as it is now (as it was, for a removal).
    Done(Member),
    /// No such member.
    NotFound,
    /// It would leave no admin.
    LastAdmin,
    /// Another member has that email.
    EmailTaken,
}

/// A new session to record with a sign-in: the hash of its id and the session.
pub struct NewSession<'a> {
    /// SHA-256 of the cookie's value.
    pub id_sha256: [u8; 32],
    /// The session (its `member_id` is set by the store).
    pub session: &'a Session,
}

async fn lock_membership(transaction: &mut Transaction<'static, Any>) -> Result<(), StoreError> {
    sqlx::query("UPDATE version_counter SET last_version = last_version WHERE id = 1")
        .execute(&mut **transaction)
        .await?;
    Ok(())
}

async fn member_in(
    transaction: &mut Transaction<'static, Any>,
    id: i64,
) -> Result<Option<Member>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {MEMBER_COLUMNS} FROM members WHERE id = $1")))
        .bind(id)
        .fetch_optional(&mut **transaction)
        .await?;
    row.as_ref().map(member_from_row).transpose()
}

async fn admin_count(transaction: &mut Transaction<'static, Any>) -> Result<i64, StoreError> {
    Ok(sqlx::query("SELECT count(*) FROM members WHERE role = 'admin'")
        .fetch_one(&mut **transaction)
        .await?
        .try_get(0)?)
}

/// Logs an entry with a target.
pub(super) async fn log_event(
    transaction: &mut Transaction<'static, Any>,
    now: UnixMillis,
    who: &Who,
    event: &str,
    target: Option<&Value>,
    changes: &[super::Change],
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO activity (at_ms, who, event, version, changes, target) VALUES ($1, $2, $3, NULL, $4, $5)")
        .bind(now.0)
        .bind(serde_json::to_string(who)?)
        .bind(event)
        .bind(serde_json::to_string(changes)?)
        .bind(target.map(Value::to_string))
        .execute(&mut **transaction)
        .await?;
    Ok(())
}

pub(super) async fn insert_session(
    transaction: &mut Transaction<'static, Any>,
    member_id: i64,
    new: &NewSession<'_>,
    now: UnixMillis,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM sessions WHERE expires_at_ms <= $1")
        .bind(now.0)
        .execute(&mut **transaction)
        .await?;
    sqlx::query(
        "INSERT INTO sessions (id_sha256, csrf_token, created_at_ms, expires_at_ms, member_id) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(new.id_sha256.to_vec())
    .bind(&new.session.csrf_token)
    .bind(now.0)
    .bind(new.session.expires_at.0)
    .bind(member_id)
    .execute(&mut **transaction)
    .await?;
    sqlx::query("UPDATE members SET last_sign_in_at_ms = $1 WHERE id = $2")
        .bind(now.0)
        .bind(member_id)
        .execute(&mut **transaction)
        .await?;
    Ok(())
}

impl Store {
    /// How many members there are (invited ones included).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn member_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query("SELECT count(*) FROM members").fetch_one(&self.reader).await?.try_get(0)?)
    }

    /// Every member, oldest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn members(&self) -> Result<Vec<Member>, StoreError> {
        let rows =
            sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {MEMBER_COLUMNS} FROM members ORDER BY id")))
                .fetch_all(&self.reader)
                .await?;
        rows.iter().map(member_from_row).collect()
    }

    /// The member with this id.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn member(&self, id: i64) -> Result<Option<Member>, StoreError> {
        let row =
            sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {MEMBER_COLUMNS} FROM members WHERE id = $1")))
                .bind(id)
                .fetch_optional(&self.reader)
                .await?;
        row.as_ref().map(member_from_row).transpose()
    }

    /// The member with this email (any case) and their password hash.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn credentials_by_email(&self, email: &str) -> Result<Option<Credentials>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {MEMBER_COLUMNS} FROM members WHERE email_key = $1"
        )))
        .bind(email_key(email))
        .fetch_optional(&self.reader)
        .await?;
        row.map(|row| Ok(Credentials { member: member_from_row(&row)?, password_hash: row.try_get(4)? }))
            .transpose()
    }

    /// The member with this id and their password hash.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn credentials(&self, id: i64) -> Result<Option<Credentials>, StoreError> {
        let row =
            sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {MEMBER_COLUMNS} FROM members WHERE id = $1")))
                .bind(id)
                .fetch_optional(&self.reader)
                .await?;
        row.map(|row| Ok(Credentials { member: member_from_row(&row)?, password_hash: row.try_get(4)? }))
            .transpose()
    }

    /// Adds a member, and (for an invited one) its invitation, logging `member.invited`
    /// (or `member.joined` for a member created with a password).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn create_member(
        &self,
        new: &NewMember,
        invitation: Option<([u8; 32], UnixMillis)>,
        who: &Who,
        now: UnixMillis,
    ) -> Result<MemberChange, StoreError> {
        let mut transaction = self.begin_write().await?;
        lock_membership(&mut transaction).await?;
        let row = sqlx::query(
            "INSERT INTO members (email, email_key, name, role, password_hash, created_at_ms, password_changed_at_ms)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (email_key) DO NOTHING RETURNING id",
        )
        .bind(&new.email)
        .bind(email_key(&new.email))
        .bind(&new.name)
        .bind(new.role.as_str())
        .bind(new.password_hash.as_deref())
        .bind(now.0)
        .bind(new.password_hash.as_ref().map(|_| now.0))
        .fetch_optional(&mut *transaction)
        .await?;
        let Some(row) = row else {
            transaction.rollback().await?;
            return Ok(MemberChange::EmailTaken);
        };
        let id: i64 = row.try_get(0)?;
        if let Some((token_sha256, expires_at)) = invitation {
            sqlx::query(
                "INSERT INTO invitations (token_sha256, member_id, created_at_ms, expires_at_ms) VALUES ($1, $2, $3, $4)",
            )
            .bind(token_sha256.to_vec())
            .bind(id)
            .bind(now.0)
            .bind(expires_at.0)
            .execute(&mut *transaction)
            .await?;
        }
        let member =
            member_in(&mut transaction, id).await?.ok_or_else(|| StoreError::new("member vanished"))?;
        let event = if new.password_hash.is_some() { "member.joined" } else { "member.invited" };
        let mut target = member.target();
        target["role"] = new.role.as_str().into();
        log_event(&mut transaction, now, who, event, Some(&target), &[]).await?;
        transaction.commit().await?;
        Ok(MemberChange::Done(member))
    }

    /// Replaces every invitation for the first admin with one whose token hashes to
    /// `token_sha256`, valid until `expires_at`.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn create_first_admin_invitation(
        &self,
        token_sha256: [u8; 32],
        expires_at: UnixMillis,
        now: UnixMillis,
    ) -> Result<(), StoreError> {
        let mut transaction = self.begin_write().await?;
        sqlx::query("DELETE FROM invitations WHERE member_id IS NULL").execute(&mut *transaction).await?;
        sqlx::query(
            "INSERT INTO invitations (token_sha256, member_id, created_at_ms, expires_at_ms) VALUES ($1, NULL, $2, $3)",
        )
        .bind(token_sha256.to_vec())
        .bind(now.0)
        .bind(expires_at.0)
        .execute(&mut *transaction)
        .await?;
        transaction.commit().await?;
        Ok(())
    }

    /// Deletes the first admin's invitations (there is a member now).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn void_first_admin_invitations(&self) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM invitations WHERE member_id IS NULL").execute(&self.writer).await?;
        Ok(())
    }

    /// The invitation whose token hashes to `token_sha256`, if it is still live at `now`.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn invitation(
        &self,
        token_sha256: [u8; 32],
        now: UnixMillis,
    ) -> Result<Option<Invitation>, StoreError> {
        let row = sqlx::query(
            "SELECT member_id, expires_at_ms FROM invitations WHERE token_sha256 = $1 AND expires_at_ms > $2",
        )
        .bind(token_sha256.to_vec())
        .bind(now.0)
        .fetch_optional(&self.reader)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let member_id: Option<i64> = row.try_get(0)?;
        let expires_at = UnixMillis(row.try_get(1)?);
        match member_id {
            None => Ok(Some(Invitation { member: None, expires_at })),
            Some(id) => {
                Ok(self.member(id).await?.map(|member| Invitation { member: Some(member), expires_at }))
            }
        }
    }

    /// Uses an invitation: sets the member's password (creating the first admin from
    /// `first_admin` when the invitation is theirs), deletes the invitation, opens a session
    /// and logs `member.joined` — all at once, or nothing when the invitation is no longer
    /// live (used or expired meanwhile) or the first admin's email is taken.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn accept_invitation(
        &self,
        token_sha256: [u8; 32],
        first_admin: Option<(&str, &str)>,
        password_hash: &str,
        session: Option<&NewSession<'_>>,
        address: &str,
        now: UnixMillis,
    ) -> Result<MemberChange, StoreError> {
        let mut transaction = self.begin_write().await?;
        lock_membership(&mut transaction).await?;
        let row = sqlx::query(
            "DELETE FROM invitations WHERE token_sha256 = $1 AND expires_at_ms > $2 RETURNING member_id",
        )
        .bind(token_sha256.to_vec())
        .bind(now.0)
        .fetch_optional(&mut *transaction)
        .await?;
        let Some(row) = row else {
            transaction.rollback().await?;
            return Ok(MemberChange::NotFound);
        };
        let member_id: Option<i64> = row.try_get(0)?;
        let id = match (member_id, first_admin) {
            (Some(id), _) => {
                sqlx::query(
                    "UPDATE members SET password_hash = $1, password_changed_at_ms = $2 WHERE id = $3",
                )
                .bind(password_hash)
                .bind(now.0)
                .bind(id)
                .execute(&mut *transaction)
                .await?;
                id
            }
            (None, Some((email, name))) => {
                // The first admin's invitation is only for an empty database: once anyone is
                // a member (the bootstrap variables on a later start), it is void.
                let members: i64 = sqlx::query("SELECT count(*) FROM members")
                    .fetch_one(&mut *transaction)
                    .await?
                    .try_get(0)?;
                if members > 0 {
                    transaction.rollback().await?;
                    return Ok(MemberChange::NotFound);
                }
                let row = sqlx::query(
                    "INSERT INTO members (email, email_key, name, role, password_hash, created_at_ms, password_changed_at_ms)
                     VALUES ($1, $2, $3, 'admin', $4, $5, $5) ON CONFLICT (email_key) DO NOTHING RETURNING id",
                )
                .bind(email)
                .bind(email_key(email))
                .bind(name)
                .bind(password_hash)
                .bind(now.0)
                .fetch_optional(&mut *transaction)
                .await?;
                let Some(row) = row else {
                    transaction.rollback().await?;
                    return Ok(MemberChange::EmailTaken);
                };
                row.try_get(0)?
            }
            (None, None) => {
                transaction.rollback().await?;
                return Ok(MemberChange::NotFound);
            }
        };
        let Some(member) = member_in(&mut transaction, id).await? else {
            transaction.rollback().await?;
            return Ok(MemberChange::NotFound);
        };
        let who = member.who("session", address);
        log_event(&mut transaction, now, &who, "member.joined", Some(&member.target()), &[]).await?;
        if let Some(session) = session {
            insert_session(&mut transaction, id, session, now).await?;
            log_event(&mut transaction, now, &who, "session.signed_in", Some(&member.target()), &[]).await?;
        }
        transaction.commit().await?;
        Ok(MemberChange::Done(member))
    }

    /// Opens a session for a member whose password was just verified, and logs
    /// `session.signed_in`.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn sign_in_member(
        &self,
        member: &Member,
        session: &NewSession<'_>,
        address: &str,
        now: UnixMillis,
    ) -> Result<(), StoreError> {
        let mut transaction = self.begin_write().await?;
        insert_session(&mut transaction, member.id, session, now).await?;
        let who = member.who("session", address);
        log_event(&mut transaction, now, &who, "session.signed_in", Some(&member.target()), &[]).await?;
        transaction.commit().await?;
        Ok(())
    }

    /// Logs an event that changes nothing else (a failed sign-in).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn log(
        &self,
        who: &Who,
        event: &str,
        target: Option<&Value>,
        now: UnixMillis,
    ) -> Result<(), StoreError> {
        let mut transaction = self.begin_write().await?;
        log_event(&mut transaction, now, who, event, target, &[]).await?;
        transaction.commit().await?;
        Ok(())
    }

    /// Ends a session and logs `session.signed_out`.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn sign_out(&self, id_sha256: [u8; 32], who: &Who, now: UnixMillis) -> Result<(), StoreError> {
        let mut transaction = self.begin_write().await?;
        sqlx::query("DELETE FROM sessions WHERE id_sha256 = $1")
            .bind(id_sha256.to_vec())
            .execute(&mut *transaction)
            .await?;
        log_event(&mut transaction, now, who, "session.signed_out", None, &[]).await?;
        transaction.commit().await?;
        Ok(())
    }

    /// Changes a member's name and role (refused when it would leave no admin), logging
    /// `member.updated` with what changed.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn update_member(
        &self,
        id: i64,
        name: Option<&str>,
        role: Option<Role>,
        who: &Who,
        now: UnixMillis,
    ) -> Result<MemberChange, StoreError> {
        let mut transaction = self.begin_write().await?;
        lock_membership(&mut transaction).await?;
        let Some(before) = member_in(&mut transaction, id).await? else {
            transaction.rollback().await?;
            return Ok(MemberChange::NotFound);
        };
        if before.role == Role::Admin
            && role == Some(Role::Member)
            && admin_count(&mut transaction).await? <= 1
        {
            transaction.rollback().await?;
            return Ok(MemberChange::LastAdmin);
        }
        let mut changes = Vec::new();
        if let Some(name) = name.filter(|name| *name != before.name) {
            changes.push(super::Change {
                path: "name".into(),
                old: before.name.clone().into(),
                new: name.into(),
            });
        }
        if let Some(role) = role.filter(|role| *role != before.role) {
            changes.push(super::Change {
                path: "role".into(),
                old: before.role.as_str().into(),
                new: role.as_str().into(),
            });
        }
        sqlx::query("UPDATE members SET name = $1, role = $2 WHERE id = $3")
            .bind(name.unwrap_or(&before.name))
            .bind(role.unwrap_or(before.role).as_str())
            .bind(id)
            .execute(&mut *transaction)
            .await?;
        let after =
            member_in(&mut transaction, id).await?.ok_or_else(|| StoreError::new("member vanished"))?;
        if !changes.is_empty() {
            log_event(&mut transaction, now, who, "member.updated", Some(&after.target()), &changes).await?;
        }
        transaction.commit().await?;
        Ok(MemberChange::Done(after))
    }

    /// Removes a member (refused for the last admin): their sessions, API tokens and
    /// invitations end with them. Logs `member.removed`.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn remove_member(
        &self,
        id: i64,
        who: &Who,
        now: UnixMillis,
    ) -> Result<MemberChange, StoreError> {
        let mut transaction = self.begin_write().await?;
        lock_membership(&mut transaction).await?;
        let Some(member) = member_in(&mut transaction, id).await? else {
            transaction.rollback().await?;
            return Ok(MemberChange::NotFound);
        };
        if member.role == Role::Admin && admin_count(&mut transaction).await? <= 1 {
            transaction.rollback().await?;
            return Ok(MemberChange::LastAdmin);
        }
        for statement in [
            "DELETE FROM sessions WHERE member_id = $1",
            "DELETE FROM api_tokens WHERE member_id = $1",
            "DELETE FROM invitations WHERE member_id = $1",
            "DELETE FROM members WHERE id = $1",
        ] {
            sqlx::query(statement).bind(id).execute(&mut *transaction).await?;
        }
        log_event(&mut transaction, now, who, "member.removed", Some(&member.target()), &[]).await?;
        transaction.commit().await?;
        Ok(MemberChange::Done(member))
    }

    /// Sets a member's password hash and ends their sessions except `keep` (the one that
    /// asked). Logs `member.password_changed`.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn change_password(
        &self,
        member: &Member,
        password_hash: &str,
        keep: Option<[u8; 32]>,
        who: &Who,
        now: UnixMillis,
    ) -> Result<(), StoreError> {
        let mut transaction = self.begin_write().await?;
        sqlx::query("UPDATE members SET password_hash = $1, password_changed_at_ms = $2 WHERE id = $3")
            .bind(password_hash)
            .bind(now.0)
            .bind(member.id)
            .execute(&mut *transaction)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE member_id = $1 AND id_sha256 <> $2")
            .bind(member.id)
            .bind(keep.unwrap_or_default().to_vec())
            .execute(&mut *transaction)
            .await?;
        log_event(&mut transaction, now, who, "member.password_changed", Some(&member.target()), &[]).await?;
        transaction.commit().await?;
        Ok(())
    }

    /// How many live sessions a member has at `now` (for tests).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn member_sessions(&self, id: i64, now: UnixMillis) -> Result<i64, StoreError> {
        Ok(sqlx::query("SELECT count(*) FROM sessions WHERE member_id = $1 AND expires_at_ms > $2")
            .bind(id)
            .bind(now.0)
            .fetch_one(&self.reader)
            .await?
            .try_get(0)?)
    }
}
