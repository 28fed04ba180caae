//! Behaviour checked against Dropbox zxcvbn 4.4.2's observed output (the numbers below are
//! what `zxcvbn(password)` returns in Node); the full agreement test over 17,000 passwords
//! is tests/node/strength-agreement.test.mjs.

use proptest::prelude::*;
use strength::{estimate, Dictionary, Options, Pattern, Warning};

fn options() -> Options {
    Options { reference_year: 2026, ..Options::default() }
}

fn log10(password: &str) -> f64 {
    estimate(password, &[], &options()).guesses_log10
}

#[test]
fn a_run_of_equal_digits_then_a_jump_is_no_sequence() {
    // 3, 3, 3, 8: the steps are 0, 0, 5; the best reading is the date 3/3/2038.
    let e = estimate("3338", &[], &options());
    assert!(e.sequence.iter().all(|p| !matches!(p.pattern, Pattern::Sequence { .. })));
    assert_eq!(e.score, 1);
    assert!((e.guesses_log10 - 3.8634).abs() < 1e-3, "{}", e.guesses_log10);
}

#[test]
fn an_all_caps_word_counts_twice_its_rank() {
    // JENNIFER is rank 6 of the female names; all capitals double it, to the floor of 50.
    let e = estimate("JENNIFER1", &[], &options());
    let first = &e.sequence[0];
    assert_eq!(first.token, "JENNIFER");
    assert!(matches!(
        first.pattern,
        Pattern::Dictionary { dictionary: Dictionary::FemaleNames, rank: 6, .. }
    ));
    assert_eq!(first.guesses, 50.0);
    assert!((e.guesses_log10 - 4.0453).abs() < 1e-3);
}

#[test]
fn recent_years_are_1900_to_2019() {
    // The year's distance from 2026, plus 1 for a sequence of one match.
    for (year, expected) in [("1950", 77.0), ("2019", 21.0), ("2005", 22.0)] {
        let e = estimate(year, &[], &options());
        assert!(matches!(e.sequence[0].pattern, Pattern::Year { .. }), "{year}");
        assert_eq!(e.guesses, expected, "{year}");
        assert_eq!(e.feedback.warning, Some(Warning::RecentYear));
    }
    let e = estimate("2024", &[], &options());
    assert!(e.sequence.iter().all(|p| !matches!(p.pattern, Pattern::Year { .. })));
}

#[test]
fn guesses_beyond_u64_stay_exact_in_floating_point() {
    let e = estimate("qT7#mW2$zR9!pL4&vN8^xB3@kJ6*", &[], &options());
    assert!(e.guesses_log10 > 25.0, "{}", e.guesses_log10);
    assert!(e.guesses.is_finite());
    assert_eq!(e.score, 4);
}

#[test]
fn l33t_words_are_read_with_one_substitute_per_letter() {
    // p@ssw0rd is "password" (rank 2) with two substitutions: 2 × 2 × 2 = 8 guesses, floored to 50.
    let e = estimate("p@ssw0rd1", &[], &options());
    assert!(matches!(&e.sequence[0].pattern, Pattern::Dictionary { rank: 2, l33t, .. } if l33t.len() == 2));
    assert!((e.guesses_log10 - 4.0453).abs() < 1e-3);
    // "4@" cannot both be "a" at once.
    let both = estimate("p4@word", &[], &options());
    assert!(both.sequence.iter().all(|p| p.token != "p4@word"));
}

#[test]
fn known_scores() {
    for (password, score, guesses_log10) in [
        ("", 0, 0.0),
        ("password", 0, 0.4771),
        ("abcabcabc", 0, 1.6021),
        ("8_24_1904", 1, 5.2507),
        ("2024", 1, 3.9035),
        ("correcthorsebatterystaple", 4, 14.4370),
    ] {
        let e = estimate(password, &[], &options());
        assert_eq!(e.score, score, "{password}");
        assert!((e.guesses_log10 - guesses_log10).abs() < 1e-3, "{password}: {}", e.guesses_log10);
    }
}

#[test]
fn user_inputs_are_a_ranked_list() {
    let alone = log10("zorbanek");
    let known = estimate("Zorbanek", &["someone", "ZORBANEK"], &options());
    assert!(matches!(
        known.sequence[0].pattern,
        Pattern::Dictionary { dictionary: Dictionary::UserInputs, rank: 2, .. }
    ));
    assert!(known.guesses_log10 < alone);
}

#[test]
fn the_analysis_stops_at_max_chars() {
    let long = "x".repeat(10_000) + "7Gq!";
    let e = estimate(&long, &[], &Options { max_chars: 64, ..options() });
    assert_eq!(e.sequence.last().map(|p| p.end), Some(63));
}

#[test]
fn worst_cases_finish() {
    // No timing here (bench/ measures it): these only have to return.
    let l33t: String = "4@8({[<369!|10$5+7%2".chars().cycle().take(256).collect();
    for password in [l33t, "a".repeat(256), "abc1".repeat(64), "1".repeat(256), "19".repeat(128)] {
        let e = estimate(&password, &[], &options());
        assert!(e.guesses >= 1.0 && e.score <= 4);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_input_gets_a_sane_estimate(password in "\\PC{0,40}", input in "\\PC{0,12}") {
        let e = estimate(&password, &[&input], &options());
        prop_assert!(e.guesses >= 1.0);
        prop_assert!(e.guesses_log10.is_finite() && e.guesses_log10 >= 0.0);
        prop_assert!(e.score <= 4);
        // The pieces cover the password, in order, without gaps.
        let mut next = 0;
        for piece in &e.sequence {
            prop_assert_eq!(piece.start, next);
            next = piece.end + 1;
        }
        prop_assert_eq!(next, password.chars().count());
    }

    #[test]
    fn pattern_alphabets_never_panic(password in "[a-z0-9@$!|4()\\[\\]{}<>/ ._-]{0,60}") {
        let e = estimate(&password, &[], &options());
        prop_assert!(e.score <= 4);
    }
}

#[test]
fn a_capital_sigma_at_a_words_end_lowercases_to_a_final_sigma() {
    // Dropbox zxcvbn lowercases the whole password: ΣΟΦΟΣ is the user's word σοφος.
    let e = estimate("ΣΟΦΟΣ", &["σοφος"], &options());
    assert_eq!(e.sequence.len(), 1, "{:?}", e.sequence);
    assert!(e.guesses_log10 < 0.5, "{}", e.guesses_log10);
}
