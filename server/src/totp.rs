//! RFC 6238 time-based one-time passwords as authenticator apps read them: HMAC-SHA-1,
//! 6 digits, 30-second steps, ±1 step of clock drift, a 160-bit secret in base32 (RFC 4648,
//! no padding), and the `otpauth://` URI. Replay is refused by the caller passing the last
//! step it accepted for the member: a step at or before it never verifies again.

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use subtle::ConstantTimeEq;

/// Seconds per step.
pub const STEP_SECONDS: i64 = 30;
/// Digits of a code.
pub const DIGITS: u32 = 6;
/// Steps of drift accepted either side of now.
pub const DRIFT_STEPS: i64 = 1;
/// Bytes of a secret: 160 bits, RFC 4226's recommendation.
pub const SECRET_BYTES: usize = 20;

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4226 HOTP: the `digits`-digit code of `counter` under `secret`.
pub fn hotp(secret: &[u8], counter: u64, digits: u32) -> u32 {
    // HMAC accepts a key of any length.
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(secret) else {
        return 0;
    };
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[19] & 0x0f);
    let word =
        u32::from_be_bytes([digest[offset], digest[offset + 1], digest[offset + 2], digest[offset + 3]]);
    (word & 0x7fff_ffff) % 10u32.pow(digits)
}

/// The step a Unix time falls in.
pub fn step_at(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// The 6-digit code of `step`, zero-padded.
pub fn code(secret: &[u8], step: i64) -> String {
    let counter = u64::try_from(step).unwrap_or(0);
    format!("{:0width$}", hotp(secret, counter, DIGITS), width = DIGITS as usize)
}

/// The step `candidate` is the code of, within ±[`DRIFT_STEPS`] of `unix_seconds` and after
/// `last_step` (replay), or `None`. Spaces in the candidate are ignored; anything but six
/// digits never matches. Every step in the window is compared, in constant time.
pub fn verify(secret: &[u8], candidate: &str, unix_seconds: i64, last_step: Option<i64>) -> Option<i64> {
    let candidate: String = candidate.chars().filter(|c| !c.is_whitespace()).collect();
    if candidate.len() != DIGITS as usize || !candidate.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = step_at(unix_seconds);
    let mut accepted = None;
    for step in now - DRIFT_STEPS..=now + DRIFT_STEPS {
        let matches: bool = code(secret, step).as_bytes().ct_eq(candidate.as_bytes()).into();
        if matches && accepted.is_none() && last_step.is_none_or(|last| step > last) {
            accepted = Some(step);
        }
    }
    accepted
}

/// A new random secret.
///
/// # Errors
/// When the operating system's random source fails.
pub fn new_secret() -> Result<[u8; SECRET_BYTES], getrandom::Error> {
    let mut secret = [0u8; SECRET_BYTES];
    getrandom::fill(&mut secret)?;
    Ok(secret)
}

/// RFC 4648 base32 without padding, as authenticator apps take secrets.
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(BASE32[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(BASE32[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// Reads base32 (any case, spaces and `=` ignored); `None` for any other character.
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let upper = c.to_ascii_uppercase();
        let value = BASE32.iter().position(|&b| char::from(b) == upper)?;
        buffer = (buffer << 5) | u32::try_from(value).ok()?;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}

fn encode_component(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The `otpauth://totp/<issuer>:<account>?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30`
/// URI authenticator apps read from the QR code.
pub fn otpauth_uri(issuer: &str, account: &str, secret_base32: &str) -> String {
    let issuer = encode_component(issuer);
    format!(
        "otpauth://totp/{issuer}:{}?secret={secret_base32}&issuer={issuer}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        encode_component(account)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 Appendix B, the SHA-1 rows: the ASCII seed "12345678901234567890", 8 digits.
    #[test]
    fn rfc_6238_appendix_b_sha1_vectors() {
        let seed = b"12345678901234567890";
        for (time, expected) in [
            (59_u64, 94_287_082_u32),
            (1_111_111_109, 7_081_804),
            (1_111_111_111, 14_050_471),
            (1_234_567_890, 89_005_924),
            (2_000_000_000, 69_279_037),
            (20_000_000_000, 65_353_130),
        ] {
            assert_eq!(hotp(seed, time / 30, 8), expected, "T = {time}");
            // Six digits are the last six of the eight.
            let six = code(seed, (time / 30) as i64);
            assert_eq!(six, format!("{:06}", expected % 1_000_000), "T = {time}");
        }
    }

    #[test]
    fn a_code_verifies_within_one_step_of_drift_and_never_twice() {
        let secret = b"12345678901234567890";
        let now = 1_111_111_111;
        let step = step_at(now);
        assert_eq!(verify(secret, "050471", now, None), Some(step));
        assert_eq!(verify(secret, "050 471", now, None), Some(step), "spaces are ignored");
        assert_eq!(verify(secret, "050471", now, Some(step)), None, "replay");
        assert_eq!(verify(secret, &code(secret, step - 1), now, None), Some(step - 1));
        assert_eq!(verify(secret, &code(secret, step + 1), now, None), Some(step + 1));
        assert_eq!(verify(secret, &code(secret, step - 2), now, None), None, "two steps old");
        assert_eq!(verify(secret, &code(secret, step + 2), now, None), None);
        assert_eq!(verify(secret, &code(secret, step - 1), now, Some(step - 1)), None);
        for bad in ["", "05047", "0504711", "abcdef", "٠٥٠٤٧١", "050471\u{0}"] {
            assert_eq!(verify(secret, bad, now, None), None, "{bad:?}");
        }
    }

    #[test]
    fn base32_round_trips_and_matches_rfc_4648() {
        assert_eq!(base32_encode(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32_encode(b"f"), "MY");
        assert_eq!(base32_decode("mzxw6ytboi======"), Some(b"foobar".to_vec()));
        assert_eq!(base32_decode("MZ!"), None);
        let secret = new_secret().unwrap();
        let text = base32_encode(&secret);
        assert_eq!(text.len(), 32, "160 bits are 32 base32 characters");
        assert_eq!(base32_decode(&text), Some(secret.to_vec()));
    }

    #[test]
    fn the_otpauth_uri_has_every_parameter_encoded() {
        assert_eq!(
            otpauth_uri("policy-widget", "ana+x@example.com", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/policy%2Dwidget:ana%2Bx%40example%2Ecom?secret=JBSWY3DPEHPK3PXP&issuer=policy%2Dwidget&algorithm=SHA1&digits=6&period=30"
        );
    }
}
