//! Reads passwords, one a line, from stdin and prints for each: score, log10 of the guesses
//! and the pieces found. `cargo run --release -p strength --example estimate < words.txt`
use std::io::BufRead;

fn main() {
    let year = std::env::var("REFERENCE_YEAR").ok().and_then(|y| y.parse().ok()).unwrap_or(2026);
    let options = strength::Options { reference_year: year, ..strength::Options::default() };
    let verbose = std::env::args().any(|a| a == "-v");
    for line in std::io::stdin().lock().lines() {
        let Ok(password) = line else { break };
        let estimate = strength::estimate(&password, &[], &options);
        if verbose {
            println!(
                "{}\t{}\t{:.4}\t{:?}",
                password, estimate.score, estimate.guesses_log10, estimate.sequence
            );
        } else {
            println!("{}\t{:.6}", estimate.score, estimate.guesses_log10);
        }
    }
}
