//! A password strength estimator built on the model of Wheeler's "zxcvbn: Low-Budget Password
//! Strength Estimation" (USENIX Security 2016), tuned to give the numbers Dropbox zxcvbn 4.4.2
//! gives: the same matchers, the same guess estimate per pattern, the same minimum-guesses
//! search and the same score thresholds.
//!
//! ```
//! let estimate = strength::estimate("correcthorse", &[], &strength::Options::default());
//! assert!(estimate.score <= 2);
//! ```

mod data;
mod feedback;
mod guesses;
mod matching;
mod order;
mod search;

pub use data::{list, prepare, words_where};
pub use feedback::{Feedback, Suggestion, Warning};
pub use matching::{Dictionary, Graph};

/// How the estimator runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// The year recent years and dates are measured from. Dropbox zxcvbn uses the current
    /// year; the caller supplies it so the crate needs no clock.
    pub reference_year: i32,
    /// Only this many characters (Unicode scalar values) are analysed; a longer password is
    /// cut there. Bounds the time any input can take.
    pub max_chars: usize,
    /// How text beyond ASCII is lowercased, as Dropbox zxcvbn's `toLowerCase` does: the
    /// password, the user's inputs and the feedback's tokens whole (the password character
    /// by character when lowercasing it whole would change its length).
    /// The default is the standard library's [`str::to_lowercase`]. A WebAssembly build can
    /// pass the JavaScript engine's, the same Unicode mapping without the standard
    /// library's case tables in the module (nothing else in the crate refers to them).
    pub lowercase: fn(&str) -> String,
}

/// How many characters are analysed by default (see [`Options::max_chars`]).
pub const MAX_CHARS: usize = 256;

impl Default for Options {
    fn default() -> Self {
        Options { reference_year: 2026, max_chars: MAX_CHARS, lowercase: str::to_lowercase }
    }
}

/// What one piece of the best guess sequence is.
#[derive(Debug, Clone, PartialEq)]
pub enum Pattern {
    /// A word of a ranked list, maybe reversed or with l33t substitutions.
    Dictionary {
        dictionary: Dictionary,
        /// 1 for the list's most frequent word.
        rank: u32,
        reversed: bool,
        /// The substitutions in use, (substitute, letter): ('4', 'a').
        l33t: Vec<(char, char)>,
    },
    /// A walk on a keyboard or keypad.
    Spatial { graph: Graph, turns: u32, shifted: u32 },
    /// One piece repeated: `abcabc`.
    Repeat { base: String, base_guesses: f64, count: u32 },
    /// Evenly spaced characters: `abcd`, `9753`.
    Sequence { ascending: bool },
    /// A year from 1900 to 2019 on its own.
    Year { year: i32 },
    /// A date, with or without separators.
    Date { year: i32, month: u32, day: u32, separator: Option<char> },
    /// Characters no matcher explains.
    Bruteforce,
}

/// One piece of the best guess sequence: characters `start..=end` of the (cut) password.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub start: usize,
    pub end: usize,
    pub token: String,
    pub pattern: Pattern,
    pub guesses: f64,
}

/// The estimate of one password.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// Estimated number of guesses an attacker needs (never below 1).
    pub guesses: f64,
    /// Its base-10 logarithm.
    pub guesses_log10: f64,
    /// 0 (under 10³ guesses) to 4 (10¹⁰ and more), each bound plus 5.
    pub score: u8,
    /// The pieces the password was explained with, in order.
    pub sequence: Vec<Piece>,
    /// A warning and suggestions, as codes.
    pub feedback: Feedback,
}

impl Estimate {
    /// Seconds to crack offline against a slow hash, at 10⁴ guesses per second.
    pub fn crack_seconds_slow_hash(&self) -> f64 {
        self.guesses / 1e4
    }
}

/// The score of a number of guesses: each threshold (10³, 10⁶, 10⁸, 10¹⁰) is raised by 5.
pub fn score(guesses: f64) -> u8 {
    const DELTA: f64 = 5.0;
    [1e3, 1e6, 1e8, 1e10].iter().take_while(|bound| guesses >= **bound + DELTA).count() as u8
}

/// Estimates how many guesses `password` takes, with `user_inputs` (the user's name, email,
/// the site's name) as one more ranked list, most relevant first.
pub fn estimate(password: &str, user_inputs: &[&str], options: &Options) -> Estimate {
    let chars: Vec<char> = password.chars().take(options.max_chars).collect();
    let inputs = data::UserInputs::new(user_inputs, options.lowercase);
    let context = matching::Context {
        user: inputs.table(),
        reference_year: options.reference_year,
        lowercase: options.lowercase,
    };
    let matches = matching::all(&chars, &context);
    let best = search::minimum_guesses(&chars, matches, &context);
    let score = score(best.guesses);
    let sequence: Vec<Piece> = best
        .pieces
        .into_iter()
        .map(|(m, guesses)| Piece {
            start: m.i,
            end: m.j,
            token: chars.get(m.i..=m.j).unwrap_or(&[]).iter().collect(),
            pattern: m.pattern,
            guesses,
        })
        .collect();
    let feedback = feedback::for_sequence(score, &sequence, options.lowercase);
    Estimate { guesses: best.guesses, guesses_log10: best.guesses.log10(), score, sequence, feedback }
}
