//! `SecuritySettings`: the whole object the admin form posts, and its defaults.

use serde::{Deserialize, Serialize};

use crate::password::PasswordPolicy;

/// The default lifetime of a content-delivery token: one hour, as the platform ships.
pub const DEFAULT_TTL_SECONDS: u64 = 3600;

/// Every security setting of the platform, as the admin form posts it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SecuritySettings {
    /// The rules for users' passwords.
    pub password_policy: PasswordPolicy,
    /// Cross-origin access to the platform's APIs.
    pub cors: CorsSettings,
    /// The JWTs the content-delivery API signs.
    pub content_token: ContentTokenSettings,
    /// Two-factor authentication.
    pub two_factor: TwoFactorSettings,
}

/// Cross-origin resource sharing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CorsSettings {
    /// Whether cross-origin requests are allowed at all (off by default).
    pub enabled: bool,
    /// The origins allowed, normalised (`https://api.mydomain.com`).
    pub allowed_origins: Vec<String>,
}

/// The content-delivery token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContentTokenSettings {
    /// Lifetime of each token, in seconds.
    pub ttl_seconds: u64,
}

impl Default for ContentTokenSettings {
    fn default() -> Self {
        ContentTokenSettings { ttl_seconds: DEFAULT_TTL_SECONDS }
    }
}

/// Two-factor authentication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TwoFactorSettings {
    /// Whether every user must set up a second factor.
    pub enforced: bool,
}

/// The settings a new platform starts with.
pub fn default_settings() -> SecuritySettings {
    SecuritySettings::default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_platforms() {
        let settings = default_settings();
        assert_eq!(settings.password_policy.min_length, 8);
        assert_eq!(settings.password_policy.max_length, 128);
        assert_eq!(settings.content_token.ttl_seconds, 3600);
        assert!(!settings.cors.enabled);
        assert!(!settings.two_factor.enforced);
    }

    #[test]
    fn defaults_serialize_in_camel_case_and_round_trip() {
        let json = serde_json::to_value(default_settings()).unwrap();
        assert_eq!(json["passwordPolicy"]["minLength"], 8);
        assert_eq!(json["contentToken"]["ttlSeconds"], 3600);
        assert_eq!(json["cors"]["allowedOrigins"], serde_json::json!([]));
        assert_eq!(json["twoFactor"]["enforced"], false);
        let back: SecuritySettings = serde_json::from_value(json).unwrap();
        assert_eq!(back, default_settings());
    }
}
