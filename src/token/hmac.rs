//! The HMAC algorithms a shared secret can verify, and the constant-time verification.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Sha256, Sha384, Sha512};

/// The HMAC algorithms of RFC 7518 §3.2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HmacAlg {
    Hs256,
    Hs384,
    Hs512,
}

impl HmacAlg {
    pub(super) fn from_name(name: &str) -> Option<Self> {
        match name {
            "HS256" => Some(HmacAlg::Hs256),
            "HS384" => Some(HmacAlg::Hs384),
            "HS512" => Some(HmacAlg::Hs512),
            _ => None,
        }
    }

    /// The hash output size, which RFC 7518 §3.2 makes the minimum key size.
    pub(super) fn min_key_bytes(self) -> usize {
        match self {
            HmacAlg::Hs256 => 32,
            HmacAlg::Hs384 => 48,
            HmacAlg::Hs512 => 64,
        }
    }

    /// Constant-time comparison of `signature` with the MAC of `signing_input`.
    pub(super) fn verify(self, key: &[u8], signing_input: &[u8], signature: &[u8]) -> bool {
        fn verify_with<M: Mac + KeyInit>(key: &[u8], signing_input: &[u8], signature: &[u8]) -> bool {
            match <M as KeyInit>::new_from_slice(key) {
                Ok(mut mac) => {
                    mac.update(signing_input);
                    mac.verify_slice(signature).is_ok()
                }
                Err(_) => false,
            }
        }
        match self {
            HmacAlg::Hs256 => verify_with::<Hmac<Sha256>>(key, signing_input, signature),
            HmacAlg::Hs384 => verify_with::<Hmac<Sha384>>(key, signing_input, signature),
            HmacAlg::Hs512 => verify_with::<Hmac<Sha512>>(key, signing_input, signature),
        }
    }
}
