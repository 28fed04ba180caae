//! The strength estimate (crates/strength, Dropbox zxcvbn 4.4.2's model), with its
//! feedback turned into stable codes and localized messages.

use serde::Serialize;
use strength::{Suggestion, Warning};

use crate::messages::{display_time, Locale, ScoreLabel, StrengthCode};

js_object! {
    /// A piece of strength feedback: a stable code and its localized message.
    #[derive(Debug, Clone, PartialEq, Serialize)]
    pub struct Feedback {
        /// `strength.warning.*` or `strength.suggestion.*`.
        pub code: StrengthCode,
        /// The message in the requested locale.
        pub message: String,
    }
}

js_object! {
    /// The estimate of how hard the password is to guess.
    #[derive(Debug, Clone, PartialEq, Serialize)]
    pub struct Strength {
        /// 0 (guessable in under 10^3 tries) to 4 (over 10^10): Dropbox zxcvbn's score.
        #[ts = "0 | 1 | 2 | 3 | 4"]
        pub score: u8,
        /// The score in words ("Weak", "Strong"), for the meter's text label.
        pub label: String,
        /// log10 of the estimated number of guesses.
        pub guesses_log10: f64,
        /// Seconds to crack offline against a slow hash at 10^4 guesses per second.
        // The scenario Dropbox zxcvbn's own demo shows.
        pub crack_time_seconds: f64,
        /// `crackTimeSeconds` in words ("3 hours", "centuries").
        pub crack_time_display: String,
        /// What is wrong, if anything stands out.
        pub warning: Option<Feedback>,
        /// How to do better.
        pub suggestions: Vec<Feedback>,
    }
}

/// The estimator's options: the current year (recent years and dates are measured from
/// it, as Dropbox zxcvbn does) and its bound of 256 analysed characters.
fn options() -> strength::Options {
    strength::Options {
        reference_year: current_year(),
        max_chars: strength::MAX_CHARS,
        lowercase: super::unicode::lowercase,
    }
}

#[cfg(target_arch = "wasm32")]
fn current_year() -> i32 {
    js_sys::Date::new_0().get_full_year() as i32
}

#[cfg(not(target_arch = "wasm32"))]
fn current_year() -> i32 {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    year_of_day(i64::try_from(seconds / 86_400).unwrap_or(0))
}

/// The proleptic Gregorian year of a day counted from 1970-01-01.
#[cfg(not(target_arch = "wasm32"))]
fn year_of_day(day: i64) -> i32 {
    // Whole 400-year cycles (146,097 days), then years within the cycle.
    let shifted = day + 719_468; // days since 0000-03-01
    let cycle = shifted.div_euclid(146_097);
    let day_of_cycle = shifted.rem_euclid(146_097);
    let year_of_cycle =
        (day_of_cycle - day_of_cycle / 1460 + day_of_cycle / 36_524 - day_of_cycle / 146_096) / 365;
    let day_of_year = day_of_cycle - (365 * year_of_cycle + year_of_cycle / 4 - year_of_cycle / 100);
    // Years here start in March: January and February belong to the next calendar year.
    let march_based_month = (5 * day_of_year + 2) / 153;
    let year = year_of_cycle + cycle * 400 + i64::from(march_based_month >= 10);
    i32::try_from(year).unwrap_or(i32::MAX)
}

/// Estimates `password`'s strength the way Dropbox's zxcvbn 4.4.2 does (same score), with
/// `user_inputs` as an extra dictionary.
///
/// The estimator analyses the first 256 characters only, which bounds the time any input
/// can take; the rules in `password::check` still see the whole password.
pub fn estimate(password: &str, user_inputs: &[&str], locale: Locale) -> Strength {
    let estimate = strength::estimate(password, user_inputs, &options());
    let score = estimate.score;
    let crack_time_seconds = estimate.crack_seconds_slow_hash();
    let feedback = &estimate.feedback;
    Strength {
        score,
        label: ScoreLabel::of(score).entry().text(locale).to_owned(),
        guesses_log10: estimate.guesses_log10,
        crack_time_seconds,
        crack_time_display: display_time(crack_time_seconds, locale),
        warning: feedback.warning.map(|w| localized(warning_code(w), locale)),
        suggestions: feedback.suggestions.iter().map(|s| localized(suggestion_code(*s), locale)).collect(),
    }
}

/// Builds the estimator's word table now (see `password::prepare`).
pub fn prepare() {
    strength::prepare();
}

fn localized(code: StrengthCode, locale: Locale) -> Feedback {
    Feedback { code, message: code.entry().text(locale).to_owned() }
}

impl ScoreLabel {
    /// The label of `score`; a score above 4 (the estimator gives none) reads as the top one.
    fn of(score: u8) -> ScoreLabel {
        ScoreLabel::ALL[usize::from(score).min(ScoreLabel::ALL.len() - 1)]
    }
}

/// The stable code of a warning.
pub fn warning_code(warning: Warning) -> StrengthCode {
    match warning {
        Warning::StraightRow => StrengthCode::StraightRow,
        Warning::ShortKeyboardPattern => StrengthCode::ShortKeyboardPattern,
        Warning::RepeatedCharacter => StrengthCode::RepeatedCharacter,
        Warning::RepeatedPiece => StrengthCode::RepeatedPiece,
        Warning::Top10Password => StrengthCode::Top10Password,
        Warning::Top100Password => StrengthCode::Top100Password,
        Warning::CommonPassword => StrengthCode::CommonPassword,
        Warning::SimilarToCommonPassword => StrengthCode::SimilarToCommonPassword,
        Warning::Sequence => StrengthCode::Sequence,
        Warning::RecentYear => StrengthCode::RecentYear,
        Warning::WordByItself => StrengthCode::WordByItself,
        Warning::Date => StrengthCode::Date,
        Warning::NameByItself => StrengthCode::NameByItself,
        Warning::CommonName => StrengthCode::CommonName,
    }
}

/// The stable code of a suggestion.
pub fn suggestion_code(suggestion: Suggestion) -> StrengthCode {
    match suggestion {
        Suggestion::UseAFewWords => StrengthCode::UseAFewWords,
        Suggestion::NoNeedForSymbols => StrengthCode::NoNeedForSymbols,
        Suggestion::AddAnotherWord => StrengthCode::AddAnotherWord,
        Suggestion::CapitalizationDoesntHelp => StrengthCode::CapitalizationDoesntHelp,
        Suggestion::AllUppercase => StrengthCode::AllUppercase,
        Suggestion::ReversedWords => StrengthCode::ReversedWords,
        Suggestion::PredictableSubstitutions => StrengthCode::PredictableSubstitutions,
        Suggestion::LongerKeyboardPattern => StrengthCode::LongerKeyboardPattern,
        Suggestion::AvoidRepeated => StrengthCode::AvoidRepeated,
        Suggestion::AvoidSequences => StrengthCode::AvoidSequences,
        Suggestion::AvoidRecentYears => StrengthCode::AvoidRecentYears,
        Suggestion::AvoidAssociatedYears => StrengthCode::AvoidAssociatedYears,
        Suggestion::AvoidAssociatedDates => StrengthCode::AvoidAssociatedDates,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The mapping is one-to-one and onto: two of the estimator's variants never share a code,
    /// and no code of the catalogue is one the estimator cannot give.
    #[test]
    fn every_code_is_the_code_of_exactly_one_warning_or_suggestion() {
        let mut codes: Vec<StrengthCode> = Warning::ALL
            .into_iter()
            .map(warning_code)
            .chain(Suggestion::ALL.into_iter().map(suggestion_code))
            .collect();
        let given = codes.len();
        codes.sort_by_key(|code| code.as_str());
        codes.dedup();
        assert_eq!(codes.len(), given, "two variants share a code");
        let mut catalogued = StrengthCode::ALL.to_vec();
        catalogued.sort_by_key(|code| code.as_str());
        assert_eq!(codes, catalogued, "a catalogued code that no warning or suggestion gives");
    }

    #[test]
    fn each_score_has_its_own_label_and_the_top_one_caps_it() {
        for score in 0..=4u8 {
            assert_eq!(ScoreLabel::of(score).as_str(), format!("strength.score.{score}"));
        }
        assert_eq!(ScoreLabel::of(5), ScoreLabel::VeryStrong);
        assert_eq!(ScoreLabel::of(u8::MAX), ScoreLabel::VeryStrong);
        assert_eq!(estimate("", &[], Locale::Pt).label, "Muito fraca");
    }

    #[test]
    fn a_top_100_password_gets_its_warning_in_each_locale() {
        let strength = estimate("qwertyuiop", &[], Locale::En);
        let warning = strength.warning.expect("a top-100 password has a warning");
        assert_eq!(warning.code, "strength.warning.top100_password");
        assert_eq!(warning.message, "This password is in the hundred most used anywhere.");
        let spanish = estimate("qwertyuiop", &[], Locale::Es).warning.expect("a warning");
        assert_eq!(spanish.message, "Esta contraseña está entre las cien más usadas.");
    }

    #[test]
    fn empty_password_scores_zero_with_finite_numbers() {
        let strength = estimate("", &[], Locale::En);
        assert_eq!(strength.score, 0);
        assert_eq!(strength.guesses_log10, 0.0);
        assert!(strength.crack_time_seconds.is_finite());
        let codes: Vec<_> = strength.suggestions.iter().map(|s| s.code).collect();
        assert_eq!(codes, ["strength.suggestion.use_a_few_words", "strength.suggestion.no_need_for_symbols"]);
    }

    #[test]
    fn user_inputs_lower_the_estimate() {
        let alone = estimate("zorbanek2024", &[], Locale::En);
        let with_name = estimate("zorbanek2024", &["zorbanek"], Locale::En);
        assert!(with_name.guesses_log10 < alone.guesses_log10);
    }

    // The calendar arithmetic exists natively only (wasm asks JavaScript's Date).
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn the_year_of_a_day_follows_the_calendar() {
        assert_eq!(year_of_day(0), 1970);
        assert_eq!(year_of_day(-1), 1969);
        assert_eq!(year_of_day(10_956), 1999); // 1999-12-31
        assert_eq!(year_of_day(10_957), 2000); // 2000-01-01
        assert_eq!(year_of_day(11_016), 2000); // 2000-02-29
        assert_eq!(year_of_day(20_818), 2026); // 2026-12-31
        assert_eq!(year_of_day(20_819), 2027); // 2027-01-01
    }
}
