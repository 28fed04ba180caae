//! How many guesses each kind of match takes (the per-pattern estimates of Dropbox zxcvbn).

use crate::data::data;
use crate::matching::{Context, Graph, Match};
use crate::Pattern;

/// Bruteforce: guesses per character.
const BRUTEFORCE_CARDINALITY: f64 = 10.0;
/// The least a match of one character (of several) can count, inside a longer password.
const MIN_SUBMATCH_SINGLE: f64 = 10.0;
/// The least a longer match can count, inside a longer password.
const MIN_SUBMATCH_MULTI: f64 = 50.0;
/// Years and dates count at least this many years away from the reference year.
const MIN_YEAR_SPACE: f64 = 20.0;

/// n choose k, in floating point, multiplying and dividing in turn.
pub(crate) fn choose(n: u64, k: u64) -> f64 {
    if k > n {
        return 0.0;
    }
    let mut n = n as f64;
    let mut r = 1.0;
    for d in 1..=k {
        r *= n;
        r /= d as f64;
        n -= 1.0;
    }
    r
}

/// Σ C(a + b, k) for k in 1..=min(a, b): the ways to mix `a` of one kind with `b` of the other,
/// with the rarer kind used at most as often as it is.
fn mixes(a: u64, b: u64) -> f64 {
    (1..=a.min(b)).map(|k| choose(a + b, k)).sum()
}

pub(crate) fn bruteforce(len: usize) -> f64 {
    let guesses = BRUTEFORCE_CARDINALITY.powf(len as f64);
    let guesses = if guesses.is_finite() { guesses } else { f64::MAX };
    // One more than a submatch's floor, so a real pattern over the same characters wins.
    let floor = if len == 1 { MIN_SUBMATCH_SINGLE + 1.0 } else { MIN_SUBMATCH_MULTI + 1.0 };
    guesses.max(floor)
}

/// The guesses of `m` within a password of `password_len` characters.
pub(crate) fn of_match(m: &Match, chars: &[char], password_len: usize, context: &Context) -> f64 {
    let token = chars.get(m.i..=m.j).unwrap_or(&[]);
    let floor = if token.len() >= password_len {
        1.0
    } else if token.len() == 1 {
        MIN_SUBMATCH_SINGLE
    } else {
        MIN_SUBMATCH_MULTI
    };
    let guesses = match &m.pattern {
        Pattern::Bruteforce => bruteforce(token.len()),
        Pattern::Dictionary { rank, reversed, l33t, .. } => {
            f64::from(*rank)
                * uppercase_variations(token)
                * l33t_variations(token, l33t)
                * if *reversed { 2.0 } else { 1.0 }
        }
        Pattern::Spatial { graph, turns, shifted } => spatial(*graph, token.len(), *turns, *shifted),
        Pattern::Repeat { base_guesses, count, .. } => base_guesses * f64::from(*count),
        Pattern::Sequence { ascending } => {
            let base = match token.first() {
                Some('a' | 'A' | 'z' | 'Z' | '0' | '1' | '9') => 4.0,
                Some(c) if c.is_ascii_digit() => 10.0,
                _ => 26.0,
            };
            let base = if *ascending { base } else { base * 2.0 };
            base * token.len() as f64
        }
        Pattern::Year { year } => year_space(*year, context),
        Pattern::Date { year, separator, .. } => {
            let guesses = year_space(*year, context) * 365.0;
            if separator.is_some() {
                guesses * 4.0
            } else {
                guesses
            }
        }
    };
    guesses.max(floor)
}

fn year_space(year: i32, context: &Context) -> f64 {
    f64::from((year - context.reference_year).abs()).max(MIN_YEAR_SPACE)
}

/// How many ways of capitalising the word an attacker tries before this one. Only ASCII
/// capitals count, as in Dropbox zxcvbn (a word without one is "all lower case" there, and
/// one with one never equals its lower case, so no Unicode lowercasing is needed here).
fn uppercase_variations(token: &[char]) -> f64 {
    let upper = token.iter().filter(|c| c.is_ascii_uppercase()).count() as u64;
    let lower = token.iter().filter(|c| c.is_ascii_lowercase()).count() as u64;
    if upper == 0 {
        return 1.0;
    }
    let len = token.len();
    let first_only = token.first().is_some_and(char::is_ascii_uppercase) && upper == 1 && len > 1;
    let last_only = token.last().is_some_and(char::is_ascii_uppercase) && upper == 1 && len > 1;
    // Capitalised, last letter up, or no lowercase letter at all: a common scheme, 2x.
    if first_only || last_only || lower == 0 {
        return 2.0;
    }
    mixes(upper, lower)
}

/// How many ways of substituting the word's letters an attacker tries before this one. The
/// substitutes and letters are ASCII, and no character beyond ASCII lowercases to one of
/// them alone (the Kelvin sign becomes `k`, no l33t letter), so ASCII lowercasing counts
/// them as the Unicode one would.
fn l33t_variations(token: &[char], subs: &[(char, char)]) -> f64 {
    let lowered: Vec<char> = token.iter().map(char::to_ascii_lowercase).collect();
    subs.iter()
        .map(|&(substitute, letter)| {
            let s = lowered.iter().filter(|&&c| c == substitute).count() as u64;
            let u = lowered.iter().filter(|&&c| c == letter).count() as u64;
            // Fully substituted or not at all: the attacker tries both, 2x.
            if s == 0 || u == 0 {
                2.0
            } else {
                mixes(s, u)
            }
        })
        .product()
}

fn spatial(graph: Graph, len: usize, turns: u32, shifted: u32) -> f64 {
    let stats = data();
    let reference = if graph.is_keyboard() { Graph::Qwerty } else { Graph::Keypad };
    let (starts, degree) =
        stats.graph(reference).map_or((0.0, 0.0), |g| (g.starting_positions, g.average_degree));
    let mut guesses = 0.0;
    // Walks of length 2..=len with at most `turns` turns.
    for i in 2..=len as u64 {
        let possible_turns = u64::from(turns).min(i - 1);
        for j in 1..=possible_turns {
            guesses += choose(i - 1, j - 1) * starts * degree.powf(j as f64);
        }
    }
    if shifted > 0 {
        let s = u64::from(shifted);
        let u = (len as u64).saturating_sub(s);
        guesses *= if u == 0 { 2.0 } else { mixes(s, u) };
    }
    guesses
}
