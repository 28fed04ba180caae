//! The zxcvbn strength estimate, with its feedback turned into stable codes and
//! localized messages.

use serde::Serialize;
use zxcvbn::feedback::{Suggestion, Warning};
use zxcvbn::time_estimates::CrackTimeSeconds;

use crate::messages::{self, display_time, Locale};

/// A piece of zxcvbn feedback: a stable code and its localized message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Feedback {
    /// `strength.warning.*` or `strength.suggestion.*`.
    pub code: &'static str,
    /// The message in the requested locale.
    pub message: String,
}

/// zxcvbn's estimate of how hard the password is to guess.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Strength {
    /// 0 (guessable in under 10³ tries) to 4 (over 10¹⁰).
    pub score: u8,
    /// The meter's text label for the score ("Weak", "Strong", …).
    pub label: String,
    /// log10 of the estimated number of guesses.
    pub guesses_log10: f64,
    /// Seconds to crack offline against a slow hash at 10⁴ guesses/s, the scenario
    /// zxcvbn's own demo shows.
    pub crack_time_seconds: f64,
    /// `crack_time_seconds` in words ("3 hours", "centuries").
    pub crack_time_display: String,
    /// What is wrong, if anything stands out.
    pub warning: Option<Feedback>,
    /// How to do better.
    pub suggestions: Vec<Feedback>,
}

/// Estimates `password`'s strength the way Dropbox's zxcvbn does (same score), with
/// `user_inputs` as an extra dictionary.
///
/// The crate analyses the first 100 characters only, which bounds the time any input
/// can take; the rules in `password::check` still see the whole password.
pub fn estimate(password: &str, user_inputs: &[&str], locale: Locale) -> Strength {
    let entropy = zxcvbn::zxcvbn(password, user_inputs);
    let score = u8::from(entropy.score());
    let guesses_log10 = if password.is_empty() { 0.0 } else { entropy.guesses_log10() };
    let crack_time_seconds = match entropy.crack_times().offline_slow_hashing_1e4_per_second() {
        CrackTimeSeconds::Integer(seconds) => seconds as f64,
        CrackTimeSeconds::Float(seconds) => seconds,
    };
    let (warning, suggestions) = match entropy.feedback() {
        Some(feedback) => (
            feedback.warning().map(|w| localized(warning_code(w), locale)),
            feedback.suggestions().iter().map(|s| localized(suggestion_code(*s), locale)).collect(),
        ),
        None => (None, Vec::new()),
    };
    Strength {
        score,
        label: messages::text(score_label_key(score), locale),
        guesses_log10,
        crack_time_seconds,
        crack_time_display: display_time(crack_time_seconds, locale),
        warning,
        suggestions,
    }
}

fn localized(code: &'static str, locale: Locale) -> Feedback {
    Feedback { code, message: messages::text(code, locale) }
}

fn score_label_key(score: u8) -> &'static str {
    match score {
        0 => "strength.score.0",
        1 => "strength.score.1",
        2 => "strength.score.2",
        3 => "strength.score.3",
        _ => "strength.score.4",
    }
}

/// The stable code of a zxcvbn warning.
pub fn warning_code(warning: Warning) -> &'static str {
    match warning {
        Warning::StraightRowsOfKeysAreEasyToGuess => "strength.warning.straight_rows_of_keys",
        Warning::ShortKeyboardPatternsAreEasyToGuess => "strength.warning.short_keyboard_patterns",
        Warning::RepeatsLikeAaaAreEasyToGuess => "strength.warning.repeats_like_aaa",
        Warning::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess => "strength.warning.repeats_like_abcabc",
        Warning::ThisIsATop10Password => "strength.warning.top10_password",
        Warning::ThisIsATop100Password => "strength.warning.top100_password",
        Warning::ThisIsACommonPassword => "strength.warning.common_password",
        Warning::ThisIsSimilarToACommonlyUsedPassword => "strength.warning.similar_to_common_password",
        Warning::SequencesLikeAbcAreEasyToGuess => "strength.warning.sequences_like_abc",
        Warning::RecentYearsAreEasyToGuess => "strength.warning.recent_years",
        Warning::AWordByItselfIsEasyToGuess => "strength.warning.word_by_itself",
        Warning::DatesAreOftenEasyToGuess => "strength.warning.dates",
        Warning::NamesAndSurnamesByThemselvesAreEasyToGuess => "strength.warning.names_by_themselves",
        Warning::CommonNamesAndSurnamesAreEasyToGuess => "strength.warning.common_names",
    }
}

/// The stable code of a zxcvbn suggestion.
pub fn suggestion_code(suggestion: Suggestion) -> &'static str {
    match suggestion {
        Suggestion::UseAFewWordsAvoidCommonPhrases => "strength.suggestion.use_a_few_words",
        Suggestion::NoNeedForSymbolsDigitsOrUppercaseLetters => "strength.suggestion.no_need_for_symbols",
        Suggestion::AddAnotherWordOrTwo => "strength.suggestion.add_another_word",
        Suggestion::CapitalizationDoesntHelpVeryMuch => "strength.suggestion.capitalization_doesnt_help",
        Suggestion::AllUppercaseIsAlmostAsEasyToGuessAsAllLowercase => "strength.suggestion.all_uppercase",
        Suggestion::ReversedWordsArentMuchHarderToGuess => "strength.suggestion.reversed_words",
        Suggestion::PredictableSubstitutionsDontHelpVeryMuch => {
            "strength.suggestion.predictable_substitutions"
        }
        Suggestion::UseALongerKeyboardPatternWithMoreTurns => "strength.suggestion.longer_keyboard_pattern",
        Suggestion::AvoidRepeatedWordsAndCharacters => "strength.suggestion.avoid_repeated",
        Suggestion::AvoidSequences => "strength.suggestion.avoid_sequences",
        Suggestion::AvoidRecentYears => "strength.suggestion.avoid_recent_years",
        Suggestion::AvoidYearsThatAreAssociatedWithYou => "strength.suggestion.avoid_associated_years",
        Suggestion::AvoidDatesAndYearsThatAreAssociatedWithYou => {
            "strength.suggestion.avoid_associated_dates"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_warning_and_suggestion_has_a_catalogued_code() {
        use Suggestion as S;
        use Warning as W;
        let warnings = [
            W::StraightRowsOfKeysAreEasyToGuess,
            W::ShortKeyboardPatternsAreEasyToGuess,
            W::RepeatsLikeAaaAreEasyToGuess,
            W::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess,
            W::ThisIsATop10Password,
            W::ThisIsATop100Password,
            W::ThisIsACommonPassword,
            W::ThisIsSimilarToACommonlyUsedPassword,
            W::SequencesLikeAbcAreEasyToGuess,
            W::RecentYearsAreEasyToGuess,
            W::AWordByItselfIsEasyToGuess,
            W::DatesAreOftenEasyToGuess,
            W::NamesAndSurnamesByThemselvesAreEasyToGuess,
            W::CommonNamesAndSurnamesAreEasyToGuess,
        ];
        let suggestions = [
            S::UseAFewWordsAvoidCommonPhrases,
            S::NoNeedForSymbolsDigitsOrUppercaseLetters,
            S::AddAnotherWordOrTwo,
            S::CapitalizationDoesntHelpVeryMuch,
            S::AllUppercaseIsAlmostAsEasyToGuessAsAllLowercase,
            S::ReversedWordsArentMuchHarderToGuess,
            S::PredictableSubstitutionsDontHelpVeryMuch,
            S::UseALongerKeyboardPatternWithMoreTurns,
            S::AvoidRepeatedWordsAndCharacters,
            S::AvoidSequences,
            S::AvoidRecentYears,
            S::AvoidYearsThatAreAssociatedWithYou,
            S::AvoidDatesAndYearsThatAreAssociatedWithYou,
        ];
        let codes: Vec<_> = warnings
            .into_iter()
            .map(warning_code)
            .chain(suggestions.into_iter().map(suggestion_code))
            .collect();
        for code in &codes {
            assert!(messages::has(code), "{code} is not in the catalogue");
        }
        let distinct: std::collections::BTreeSet<_> = codes.iter().collect();
        assert_eq!(distinct.len(), codes.len(), "two variants share a code");
    }

    #[test]
    fn english_feedback_matches_zxcvbn_wording() {
        // Our English text is zxcvbn's, with typographic quotes.
        let strength = estimate("qwertyuiop", &[], Locale::En);
        let warning = strength.warning.expect("a keyboard row has a warning");
        assert_eq!(warning.code, "strength.warning.top100_password");
        assert_eq!(warning.message, Warning::ThisIsATop100Password.to_string());
    }

    #[test]
    fn empty_password_scores_zero_with_finite_numbers() {
        let strength = estimate("", &[], Locale::En);
        assert_eq!(strength.score, 0);
        assert!(strength.guesses_log10.is_finite());
        assert!(strength.crack_time_seconds.is_finite());
    }

    #[test]
    fn user_inputs_lower_the_estimate() {
        let alone = estimate("zorbanek2024", &[], Locale::En);
        let with_name = estimate("zorbanek2024", &["zorbanek"], Locale::En);
        assert!(with_name.guesses_log10 < alone.guesses_log10);
    }
}
