//! The lists a password must stay out of: the most common passwords, the admin's blocked
//! terms and the user's own details.

use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

/// The 10,000 most common passwords, NFKC-normalised, lower-cased and sorted
/// (`scripts/gen-common-passwords.py` makes it from SecLists' 10-million list).
const COMMON_PASSWORDS: &str = include_str!("common-passwords.txt");

/// The shortest user-input token worth looking for: shorter ones ("ana", "com") occur by
/// chance in strong passwords and would only make the rule noisy.
pub const MIN_USER_INPUT_TOKEN: usize = 4;

/// NFKC then lower case: how the blocklists compare text, so that `Ｐａｓｓｗｏｒｄ`,
/// `PASSWORD` and `password` are the same word.
pub(crate) fn fold(text: &str) -> String {
    text.nfkc().collect::<String>().to_lowercase()
}

fn common_passwords() -> &'static [&'static str] {
    static LIST: OnceLock<Vec<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| COMMON_PASSWORDS.lines().collect())
}

/// True when the whole folded password is one of the most common passwords.
pub fn is_common(folded: &str) -> bool {
    common_passwords().binary_search(&folded).is_ok()
}

/// The first admin-blocked term found in the folded password, as the admin wrote it.
pub fn find_blocked_term<'a>(folded: &str, terms: &'a [String]) -> Option<&'a str> {
    terms
        .iter()
        .find(|term| {
            let term = fold(term);
            let term = term.trim();
            !term.is_empty() && folded.contains(term)
        })
        .map(String::as_str)
}

/// The user-input tokens: each input split on anything that is not a letter or a digit,
/// keeping tokens of at least [`MIN_USER_INPUT_TOKEN`] characters, folded.
pub fn user_input_tokens(inputs: &[String]) -> Vec<String> {
    let mut tokens: Vec<String> = Vec::new();
    for input in inputs {
        for token in fold(input).split(|c: char| !c.is_alphanumeric()) {
            if token.chars().count() >= MIN_USER_INPUT_TOKEN && !tokens.iter().any(|t| t == token) {
                tokens.push(token.to_owned());
            }
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_unique_and_folded() {
        let list = common_passwords();
        assert!(list.len() >= 10_000);
        assert!(list.windows(2).all(|pair| pair[0] < pair[1]), "not sorted or not unique");
        assert!(list.iter().all(|entry| super::fold(entry) == *entry));
    }

    #[test]
    fn user_inputs_split_on_punctuation_and_drop_short_tokens() {
        let tokens = user_input_tokens(&["maria.gonzalez@example.com".into(), "Ana Pérez".into()]);
        assert_eq!(tokens, ["maria", "gonzalez", "example", "pérez"]);
    }

    #[test]
    fn blocked_terms_ignore_blank_entries() {
        let terms = vec!["  ".to_string(), "".to_string(), "Modyo".to_string()];
        assert_eq!(find_blocked_term("ilovemodyo", &terms), Some("Modyo"));
        assert_eq!(find_blocked_term("anything", &terms), None);
    }
}
