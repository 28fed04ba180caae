//! Token secrets: how a secret is written down (`secretEncoding`) and the key bytes it
//! stands for.

use base64::engine::GeneralPurpose;
use base64::Engine as _;

/// Secrets may come padded or not (a padded one is still strict: canonical padding only).
const SECRET_BASE64: [GeneralPurpose; 2] =
    [base64::engine::general_purpose::STANDARD, base64::engine::general_purpose::STANDARD_NO_PAD];
const SECRET_BASE64URL: [GeneralPurpose; 2] =
    [base64::engine::general_purpose::URL_SAFE, base64::engine::general_purpose::URL_SAFE_NO_PAD];

js_enum! {
    /// How a token secret is written down.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    pub enum SecretEncoding {
        /// The text's UTF-8 bytes are the key (what most tutorials do).
        Utf8 = "utf8" (default),
        /// RFC 4648 §4 base64, padded or not.
        Base64 = "base64",
        /// RFC 4648 §5 base64url, padded or not (the server's rotated secrets).
        Base64url = "base64url",
        /// Hexadecimal, two digits per byte, either case.
        Hex = "hex",
    }
}

impl SecretEncoding {
    /// The key bytes `secret` stands for, or `None` when it is not valid in this encoding.
    /// Surrounding whitespace is ignored for the binary encodings (it is never part of them).
    pub fn decode(self, secret: &str) -> Option<Vec<u8>> {
        match self {
            SecretEncoding::Utf8 => Some(secret.as_bytes().to_vec()),
            SecretEncoding::Base64 => decode_with_any(&SECRET_BASE64, secret.trim()),
            SecretEncoding::Base64url => decode_with_any(&SECRET_BASE64URL, secret.trim()),
            SecretEncoding::Hex => decode_hex(secret.trim()),
        }
    }
}

fn decode_with_any(engines: &[GeneralPurpose], text: &str) -> Option<Vec<u8>> {
    engines.iter().find_map(|engine| engine.decode(text).ok())
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    fn nibble(digit: u8) -> Option<u8> {
        // `to_digit` accepts exactly 0-9, a-f and A-F.
        (digit as char).to_digit(16).map(|value| value as u8)
    }
    let digits = text.as_bytes();
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    digits.chunks_exact(2).map(|pair| Some(nibble(pair[0])? << 4 | nibble(pair[1])?)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_decode_strictly_in_every_encoding() {
        assert_eq!(SecretEncoding::Hex.decode("0aFF"), Some(vec![10, 255]));
        assert_eq!(SecretEncoding::Hex.decode("0aF"), None);
        assert_eq!(SecretEncoding::Hex.decode("zz"), None);
        assert_eq!(SecretEncoding::Hex.decode("+1"), None);
        assert_eq!(SecretEncoding::Base64.decode("+/8="), Some(vec![251, 255]));
        assert_eq!(SecretEncoding::Base64.decode("+/8"), Some(vec![251, 255]));
        assert_eq!(SecretEncoding::Base64.decode("-_8"), None);
        assert_eq!(SecretEncoding::Base64url.decode("-_8"), Some(vec![251, 255]));
        assert_eq!(SecretEncoding::Base64url.decode("-_9"), None);
        assert_eq!(SecretEncoding::Utf8.decode("é"), Some(vec![0xc3, 0xa9]));
    }
}
