//! The lists a password must stay out of: the most common passwords, the admin's blocked
//! terms and the user's own details.

use std::sync::OnceLock;

use super::unicode::{lowercase, nfkc};
use strength::Dictionary;

/// The 10,000 most common passwords, NFKC-normalised and lower-cased
/// (`scripts/gen-common-passwords.py` makes `common-passwords.txt` from SecLists' 10-million
/// list). Most of them are also words of the strength estimator's lists, so the module
/// carries them once: `common-passwords.ranks` names those by list and line,
/// `common-passwords.extra.txt` holds the rest (`scripts/split-common-passwords.py` writes
/// both; a test checks they rebuild `common-passwords.txt` exactly).
const COMMON_RANKS: &str = include_str!("common-passwords.ranks");
const COMMON_EXTRA: &str = include_str!("common-passwords.extra.txt");

/// The estimator's list a line of `common-passwords.ranks` names.
fn dictionary_named(name: &str) -> Option<Dictionary> {
    Some(match name {
        "passwords" => Dictionary::Passwords,
        "english_wikipedia" => Dictionary::EnglishWikipedia,
        "female_names" => Dictionary::FemaleNames,
        "surnames" => Dictionary::Surnames,
        "us_tv_and_film" => Dictionary::UsTvAndFilm,
        "male_names" => Dictionary::MaleNames,
        _ => return None,
    })
}

/// The words of `dictionary` at the lines `gaps` describes: the first number is a line,
/// each next one how many lines to skip after the previous pick.
fn picked_words(dictionary: Dictionary, gaps: &str) -> Vec<&'static str> {
    let mut words = strength::list(dictionary);
    gaps.split_whitespace().map_while(decimal).map_while(|gap| words.nth(gap)).collect()
}

/// A gap of `common-passwords.ranks`: decimal digits, a few of them (the module needs no
/// general integer parser for these).
fn decimal(text: &str) -> Option<usize> {
    if text.is_empty() || text.len() > 9 {
        return None;
    }
    text.bytes()
        .try_fold(0usize, |value, byte| byte.is_ascii_digit().then(|| value * 10 + usize::from(byte - b'0')))
}

/// The shortest user-input token worth looking for: shorter ones ("ana", "com") occur by
/// chance in strong passwords and would only make the rule noisy.
pub const MIN_USER_INPUT_TOKEN: usize = 4;

/// NFKC then lower case: how the blocklists compare text, so that `Ｐａｓｓｗｏｒｄ`,
/// `PASSWORD` and `password` are the same word.
pub(crate) fn fold(text: &str) -> String {
    lowercase(&nfkc(text))
}

/// The blocklist, sorted for binary search.
fn common_passwords() -> &'static [&'static str] {
    static LIST: OnceLock<Vec<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| {
        let mut list: Vec<&'static str> = COMMON_EXTRA.lines().collect();
        for line in COMMON_RANKS.lines().filter(|line| !line.starts_with('#')) {
            let (name, gaps) = line.split_once(' ').unwrap_or((line, ""));
            if let Some(dictionary) = dictionary_named(name) {
                list.extend(picked_words(dictionary, gaps));
            }
        }
        // The estimator's sort, not `sort_unstable`: another instance of the standard sort
        // would add its code to the password module again.
        let mut sorted: Vec<&'static str> =
            strength::word_order(&list).into_iter().filter_map(|k| list.get(k).copied()).collect();
        sorted.dedup();
        sorted
    })
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
            !term.is_empty() && contains(folded, term)
        })
        .map(String::as_str)
}

/// Whether `part` occurs in `text`, byte for byte (UTF-8 is self-synchronising, so a match
/// of bytes is a match of characters). What `str::contains` answers, by a loop instead of
/// the standard library's two-way searcher, whose code the password module need not carry
/// for terms and tokens of a few letters.
pub fn contains(text: &str, part: &str) -> bool {
    part.is_empty() || text.as_bytes().windows(part.len()).any(|window| window == part.as_bytes())
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
    fn the_shipped_form_rebuilds_the_source_list_exactly() {
        let source: Vec<&str> = include_str!("common-passwords.txt").lines().collect();
        assert_eq!(source.len(), 10_000);
        assert!(source.windows(2).all(|pair| pair[0] < pair[1]), "the source is not sorted or not unique");
        assert!(source.iter().all(|entry| super::fold(entry) == *entry), "the source is not folded");
        assert_eq!(common_passwords(), source.as_slice());
    }

    #[test]
    fn every_ranks_line_names_a_list_and_picks_as_many_words_as_it_has_gaps() {
        for line in COMMON_RANKS.lines().filter(|line| !line.starts_with('#')) {
            let (name, gaps) = line.split_once(' ').unwrap_or((line, ""));
            let dictionary = dictionary_named(name).unwrap_or_else(|| panic!("unknown list {name}"));
            assert_eq!(picked_words(dictionary, gaps).len(), gaps.split_whitespace().count(), "{name}");
        }
    }

    #[test]
    fn user_inputs_split_on_punctuation_and_drop_short_tokens() {
        let tokens = user_input_tokens(&["maria.gonzalez@example.com".into(), "Ana Pérez".into()]);
        assert_eq!(tokens, ["maria", "gonzalez", "example", "pérez"]);
    }

    /// Property tests (host only: proptest is not built for wasm32).
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::super::contains;

        proptest::proptest! {
            #[test]
            fn contains_answers_as_str_contains(text in "[aé€b]{0,12}", part in "[aé€b]{0,4}") {
                proptest::prop_assert_eq!(contains(&text, &part), text.contains(part.as_str()));
            }
        }
    }

    #[test]
    fn gaps_are_decimal_numbers() {
        assert_eq!(decimal("0"), Some(0));
        assert_eq!(decimal("1203"), Some(1203));
        assert_eq!(decimal("999999999"), Some(999_999_999));
        for bad in ["", "-1", "1a", "+3", "1234567890"] {
            assert_eq!(decimal(bad), None, "{bad}");
        }
    }

    #[test]
    fn blocked_terms_ignore_blank_entries() {
        let terms = vec!["  ".to_string(), "".to_string(), "Modyo".to_string()];
        assert_eq!(find_blocked_term("ilovemodyo", &terms), Some("Modyo"));
        assert_eq!(find_blocked_term("anything", &terms), None);
    }
}
