//! NFKC, the form in which every password rule counts characters and compares words.
//!
//! Natively the `unicode-normalization` crate computes it. In WebAssembly the JavaScript
//! engine's own `String.prototype.normalize` does: the crate's decomposition and composition
//! tables would otherwise be the largest part of the password module after the word lists,
//! to repeat what every engine already carries. Normalization is stable across Unicode
//! versions for assigned characters, so the two agree on every character both know; they can
//! differ only on one assigned by the newer Unicode version of the two (README, "Limits").

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
