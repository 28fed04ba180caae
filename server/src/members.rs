//! Members: roles, the shape the API shows, Argon2id password hashes, the checks on an email
//! and a name, and the password rule — the core's checker under the stored policy, with the
//! member's email and name as user inputs. No HTTP and no SQL here: the handlers convert,
//! the store stores.

use std::sync::OnceLock;
use std::time::Duration;

use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use policy_widget::password::{self, PasswordContext, PasswordPolicy, PasswordReport};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::clock::UnixMillis;
use crate::store::Who;

/// How long an invitation link works: 72 hours.
pub const INVITATION_LIFETIME: Duration = Duration::from_secs(72 * 60 * 60);
/// Argon2id memory in KiB: OWASP's minimum, 19 MiB.
pub const ARGON2_MEMORY_KIB: u32 = 19 * 1024;
/// Argon2id passes: OWASP's minimum for 19 MiB.
pub const ARGON2_ITERATIONS: u32 = 2;
/// Argon2id lanes.
pub const ARGON2_PARALLELISM: u32 = 1;
/// Longest email accepted (RFC 5321's path limit).
pub const MAX_EMAIL_LEN: usize = 254;
/// Longest display name accepted, in characters.
pub const MAX_NAME_LEN: usize = 100;

/// What a member may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Everything: settings, members, activity, secrets.
    Admin,
    /// Their own profile and password, the password checker.
    Member,
}

impl Role {
    /// As stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Member => "member",
        }
    }

    /// From the stored text.
    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "admin" => Some(Role::Admin),
            "member" => Some(Role::Member),
            _ => None,
        }
    }
}

/// A member as the store holds it, without the password hash or any second-factor secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// Stable id.
    pub id: i64,
    /// As they typed it (unique case-insensitively).
    pub email: String,
    /// Display name.
    pub name: String,
    /// Admin or member.
    pub role: Role,
    /// Whether they have set a password (false while the invitation is pending).
    pub active: bool,
    /// Whether a second factor is enrolled.
    pub two_factor_enabled: bool,
    /// When invited (or bootstrapped).
    pub created_at: UnixMillis,
    /// The last successful sign-in.
    pub last_sign_in_at: Option<UnixMillis>,
    /// The last time the password was set.
    pub password_changed_at: Option<UnixMillis>,
}

impl Member {
    /// The API's shape: `{ id, email, name, role, status, twoFactor: { enabled }, createdAt,
    /// lastSignInAt, passwordChangedAt }`, times in RFC 3339.
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "email": self.email,
            "name": self.name,
            "role": self.role.as_str(),
            "status": if self.active { "active" } else { "invited" },
            "twoFactor": { "enabled": self.two_factor_enabled },
            "createdAt": self.created_at.rfc3339(),
            "lastSignInAt": self.last_sign_in_at.map(UnixMillis::rfc3339),
            "passwordChangedAt": self.password_changed_at.map(UnixMillis::rfc3339),
        })
    }

    /// This member as the actor of an activity entry.
    pub fn who(&self, via: &str, address: &str) -> Who {
        Who {
            actor: self.email.clone(),
            member_id: Some(self.id),
            email: Some(self.email.clone()),
            via: via.into(),
            token_id: None,
            address: address.into(),
        }
    }

    /// This member as the target of an activity entry.
    pub fn target(&self) -> Value {
        json!({ "memberId": self.id, "email": self.email })
    }
}

impl Who {
    /// The admin token of `POLICY_WIDGET_ADMIN_TOKEN`.
    pub fn environment(address: &str) -> Who {
        Who {
            actor: "environment".into(),
            member_id: None,
            email: None,
            via: "environment".into(),
            token_id: None,
            address: address.into(),
        }
    }

    /// Someone not (yet) known: a failed sign-in with an unknown email, an invitation
    /// being accepted before it makes a member.
    pub fn anonymous(address: &str) -> Who {
        Who {
            actor: "anonymous".into(),
            member_id: None,
            email: None,
            via: "session".into(),
            token_id: None,
            address: address.into(),
        }
    }
}

/// The key that makes emails unique regardless of case.
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Why an email or a name is refused (the `message` of a 422 `invalid_request`).
pub type FieldError = &'static str;

/// Checks an email: one `@` with text on both sides, a dot in the domain, no spaces or
/// control characters, at most [`MAX_EMAIL_LEN`] characters. Returns it trimmed.
///
/// # Errors
/// With a message naming the rule it breaks.
pub fn parse_email(text: &str) -> Result<String, FieldError> {
    let email = text.trim();
    if email.is_empty() {
        return Err("email is required");
    }
    if email.chars().count() > MAX_EMAIL_LEN {
        return Err("email is longer than 254 characters");
    }
    if email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("email must not contain spaces or control characters");
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Err("email must contain @");
    };
    if local.is_empty() || domain.is_empty() || domain.contains('@') {
        return Err("email must be local@domain");
    }
    if !domain.contains('.') || domain.starts_with('.') || domain.ends_with('.') {
        return Err("email's domain must contain a dot, not at either end");
    }
    Ok(email.to_owned())
}

/// Checks a display name: 1 to [`MAX_NAME_LEN`] characters, no control characters.
/// Returns it trimmed.
///
/// # Errors
/// With a message naming the rule it breaks.
pub fn parse_name(text: &str) -> Result<String, FieldError> {
    let name = text.trim();
    if name.is_empty() {
        return Err("name is required");
    }
    if name.chars().count() > MAX_NAME_LEN {
        return Err("name is longer than 100 characters");
    }
    if name.chars().any(char::is_control) {
        return Err("name must not contain control characters");
    }
    Ok(name.to_owned())
}

/// The name a bootstrapped admin gets: the email's local part.
pub fn name_from_email(email: &str) -> String {
    email.split('@').next().filter(|local| !local.is_empty()).unwrap_or(email).to_owned()
}

/// The core's verdict on `password` for a member with `email` and `name` under `policy`:
/// the same `password.*` issues the widget shows.
pub fn check_password(
    password: &str,
    policy: &PasswordPolicy,
    email: &str,
    name: &str,
    locale: Option<String>,
) -> PasswordReport {
    let context = PasswordContext { user_inputs: vec![email.to_owned(), name.to_owned()], locale };
    password::check(password, policy, &context)
}

fn hasher() -> Result<Argon2<'static>, String> {
    let params = Params::new(ARGON2_MEMORY_KIB, ARGON2_ITERATIONS, ARGON2_PARALLELISM, None)
        .map_err(|error| error.to_string())?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// An Argon2id PHC string of `password` with a fresh random salt. CPU- and memory-heavy:
/// call it off the async workers.
///
/// # Errors
/// When the operating system's random source fails.
pub fn hash_password(password: &str) -> Result<String, String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|error| error.to_string())?;
    let salt = SaltString::encode_b64(&salt).map_err(|error| error.to_string())?;
    Ok(hasher()?.hash_password(password.as_bytes(), &salt).map_err(|error| error.to_string())?.to_string())
}

/// A hash no password matches in practice, verified when the email is unknown (or has no
/// password yet) so that such a sign-in costs the same time as a real one.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY
        .get_or_init(|| hash_password(&crate::auth::random_token(32).unwrap_or_default()).unwrap_or_default())
}

/// Computes the decoy hash now, so the first unknown email costs no more than later ones.
pub fn warm_up() {
    let _ = decoy_hash();
}

/// Whether `candidate` matches `stored` (a PHC string). With no stored hash, a decoy is
/// verified instead and the answer is false: the time taken does not tell which it was.
/// Parameters come from the stored string, so older hashes keep verifying.
pub fn verify_password(stored: Option<&str>, candidate: &str) -> bool {
    let (hash, real) = match stored {
        Some(stored) => (stored, true),
        None => (decoy_hash(), false),
    };
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    let Ok(argon2) = hasher() else {
        return false;
    };
    argon2.verify_password(candidate.as_bytes(), &parsed).is_ok() && real
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_is_argon2id_with_owasp_parameters_and_verifies_only_its_password() {
        let hash = hash_password("correct horse battery staple").unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(verify_password(Some(&hash), "correct horse battery staple"));
        assert!(!verify_password(Some(&hash), "correct horse battery stapl"));
        assert_ne!(hash, hash_password("correct horse battery staple").unwrap(), "salted");
    }

    #[test]
    fn no_stored_hash_or_a_broken_one_never_verifies() {
        assert!(!verify_password(None, ""));
        assert!(!verify_password(None, "anything"));
        assert!(!verify_password(Some("not a phc string"), "anything"));
    }

    #[test]
    fn emails_and_names_are_checked_and_trimmed() {
        assert_eq!(parse_email("  Ana@Example.com "), Ok("Ana@Example.com".into()));
        assert_eq!(email_key(" Ana@Example.COM"), "ana@example.com");
        for bad in
            ["", "ana", "@example.com", "ana@", "ana@example", "a b@example.com", "a@b@c.com", "a@.com"]
        {
            assert!(parse_email(bad).is_err(), "{bad}");
        }
        assert!(parse_email(&format!("{}@example.com", "a".repeat(250))).is_err());
        assert_eq!(parse_name(" Ana "), Ok("Ana".into()));
        assert!(parse_name("  ").is_err());
        assert!(parse_name("a\u{7}b").is_err());
        assert!(parse_name(&"n".repeat(101)).is_err());
        assert_eq!(name_from_email("ana@example.com"), "ana");
    }

    #[test]
    fn the_password_check_uses_the_members_email_and_name() {
        let policy = PasswordPolicy::default();
        let report = check_password("anabelle-example-1", &policy, "anabelle@example.com", "Anabelle", None);
        assert!(
            report.issues.iter().any(|issue| issue.code == "password.contains_user_input"),
            "{:?}",
            report.issues
        );
        assert!(check_password("vivid-quartz-lantern-42", &policy, "ana@example.com", "Ana", None).ok);
    }

    #[test]
    fn roles_round_trip() {
        for role in [Role::Admin, Role::Member] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
