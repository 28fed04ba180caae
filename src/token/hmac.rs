//! The HMAC algorithms a shared secret can sign and verify with: one keyed MAC per
//! algorithm, used by the signer and by the inspector's constant-time verification.

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

    /// The MAC of `signing_input` under `key` (the JWS signature of RFC 7515 §5.1).
    pub(super) fn sign(self, key: &[u8], signing_input: &[u8]) -> Vec<u8> {
        fn sign_with<M: Mac + KeyInit>(key: &[u8], signing_input: &[u8]) -> Vec<u8> {
            keyed::<M>(key, signing_input).map(|mac| mac.finalize().into_bytes().to_vec()).unwrap_or_default()
        }
        match self {
            HmacAlg::Hs256 => sign_with::<Hmac<Sha256>>(key, signing_input),
            HmacAlg::Hs384 => sign_with::<Hmac<Sha384>>(key, signing_input),
            HmacAlg::Hs512 => sign_with::<Hmac<Sha512>>(key, signing_input),
        }
    }

    /// Constant-time comparison of `signature` with the MAC of `signing_input`.
    pub(super) fn verify(self, key: &[u8], signing_input: &[u8], signature: &[u8]) -> bool {
        fn verify_with<M: Mac + KeyInit>(key: &[u8], signing_input: &[u8], signature: &[u8]) -> bool {
            keyed::<M>(key, signing_input).is_some_and(|mac| mac.verify_slice(signature).is_ok())
        }
        match self {
            HmacAlg::Hs256 => verify_with::<Hmac<Sha256>>(key, signing_input, signature),
            HmacAlg::Hs384 => verify_with::<Hmac<Sha384>>(key, signing_input, signature),
            HmacAlg::Hs512 => verify_with::<Hmac<Sha512>>(key, signing_input, signature),
        }
    }
}

/// The MAC `M` keyed with `key`, having read `signing_input`. HMAC takes a key of any length
/// (RFC 2104 §2), so `None` never happens for the three algorithms here.
fn keyed<M: Mac + KeyInit>(key: &[u8], signing_input: &[u8]) -> Option<M> {
    let mut mac = <M as KeyInit>::new_from_slice(key).ok()?;
    mac.update(signing_input);
    Some(mac)
}
