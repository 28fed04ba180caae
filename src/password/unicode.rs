//! The two Unicode operations the password rules and the strength estimator need: NFKC, the
//! form in which every rule counts characters and compares words, and lowercasing.
//!
//! Natively the `unicode-normalization` crate and the standard library compute them. In
//! WebAssembly the JavaScript engine's own `String.prototype.normalize` and `toLowerCase`
//! do: the crate's decomposition and composition tables, and the standard library's case
//! table, would otherwise be the largest part of the password module after the word lists,
//! to repeat what every engine already carries. Normalization is stable across Unicode
//! versions for assigned characters, and both lowercasings follow the Unicode Character
//! Database's mappings (with the final-sigma rule), so the two sides agree on every character
//! both know; they can differ only on one assigned by the newer Unicode version of the two
//! (README, "Limits").

/// `text` in Normalization Form KC.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn nfkc(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfkc().collect()
}

/// `text` in Normalization Form KC, by the JavaScript engine.
#[cfg(target_arch = "wasm32")]
pub(crate) fn nfkc(text: &str) -> String {
    // ASCII is already in every normal form: most passwords never cross the boundary.
    if text.is_ascii() {
        return text.to_owned();
    }
    String::from(js_sys::JsString::from(text).normalize("NFKC"))
}

/// `text` lowercased, by the standard library.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn lowercase(text: &str) -> String {
    text.to_lowercase()
}

/// `text` lowercased, by the JavaScript engine.
#[cfg(target_arch = "wasm32")]
pub(crate) fn lowercase(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    String::from(js_sys::JsString::from(text).to_lower_case())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_follows_the_unicode_mappings_with_final_sigma() {
        assert_eq!(lowercase("ÁRBOL Ñandú"), "árbol ñandú");
        // A final capital sigma becomes ς, another σ, as JavaScript's toLowerCase does.
        assert_eq!(lowercase("ΟΔΟΣ ΣΟΦΟΣ"), "οδος σοφος");
        // İ lowercases to two characters (i and a combining dot).
        assert_eq!(lowercase("İ").chars().count(), 2);
    }
}
