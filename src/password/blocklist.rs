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

/// Which lines of each of the estimator's lists `common-passwords.ranks` picks: on each of
/// its lines, the first number is a line, each next one how many lines to skip after the
/// previous pick.
fn picked_lines() -> Vec<(Dictionary, Vec<bool>)> {
    let mut picked = Vec::new();
    for line in COMMON_RANKS.lines().filter(|line| !line.starts_with('#')) {
        let (name, gaps) = line.split_once(' ').unwrap_or((line, ""));
        let Some(dictionary) = dictionary_named(name) else { continue };
        let mut lines: Vec<bool> = Vec::new();
        let mut next = 0;
        for gap in gaps.split_whitespace().map_while(decimal) {
            let at = next + gap;
            lines.resize(at + 1, false);
            if let Some(slot) = lines.get_mut(at) {
                *slot = true;
            }
            next = at + 1;
        }
        picked.push((dictionary, lines));
    }
    picked
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
        // The picked words come out of the estimator's table already in byte order (no
        // second pass over the lists' text, no sort); the extra ones are stored sorted.
        let picked = picked_lines();
        let listed = strength::words_where(|dictionary, rank| {
            let line = usize::try_from(rank).unwrap_or(usize::MAX).wrapping_sub(1);
            picked.iter().any(|(d, lines)| *d == dictionary && lines.get(line).copied().unwrap_or(false))
        });
        let mut sorted = merge(&listed, &COMMON_EXTRA.lines().collect::<Vec<_>>());
        sorted.dedup();
        sorted
    })
}

/// Two lists in byte order as one.
fn merge(a: &[&'static str], b: &[&'static str]) -> Vec<&'static str> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
        if x <= y {
            out.push(x);
            i += 1;
        } else {
            out.push(y);
            j += 1;
        }
    }
    out.extend(a.get(i..).unwrap_or(&[]));
    out.extend(b.get(j..).unwrap_or(&[]));
    out
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
    fn every_ranks_line_names_a_list_and_picks_as_many_of_its_lines_as_it_has_gaps() {
        let picked = picked_lines();
        let named = COMMON_RANKS.lines().filter(|line| !line.starts_with('#')).count();
        assert_eq!(picked.len(), named, "a line names no list");
        for (line, (dictionary, lines)) in
            COMMON_RANKS.lines().filter(|line| !line.starts_with('#')).zip(&picked)
        {
            let gaps = line.split_whitespace().count() - 1;
            assert_eq!(lines.iter().filter(|&&p| p).count(), gaps, "{line:.40}");
            assert!(
                lines.len() <= strength::list(*dictionary).count(),
                "{dictionary:?}: a pick past the list's end"
            );
        }
    }

    #[test]
    fn merge_keeps_byte_order() {
        assert_eq!(merge(&["a", "c", "e"], &["b", "c", "f", "g"]), ["a", "b", "c", "c", "e", "f", "g"]);
        assert_eq!(merge(&[], &["b"]), ["b"]);
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
