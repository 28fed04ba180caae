//! The minimum-guesses search: among all ways to cover the password with non-overlapping
//! matches (gaps filled by bruteforce), the one minimising
//! `l! × Π guesses(match) + 10000^(l-1)` for a sequence of `l` matches.

use crate::guesses;
use crate::matching::{Context, Match};
use crate::Pattern;

/// Each extra match in a sequence adds this much to the power in the additive penalty.
const MIN_GUESSES_BEFORE_GROWING_SEQUENCE: f64 = 10_000.0;

/// What ends the best sequence of some length covering a prefix.
#[derive(Clone, Copy)]
enum Last {
    Match(usize),
    Bruteforce,
}

#[derive(Clone, Copy)]
struct Cell {
    /// The sequence's length.
    len: usize,
    /// Its score: len! × product + penalty.
    total: f64,
    /// The product of its matches' guesses.
    product: f64,
    /// Where its last match starts and what it is.
    start: usize,
    last: Last,
    /// The last match's own guesses.
    guesses: f64,
}

pub(crate) struct Best {
    pub guesses: f64,
    /// The sequence, each match with its guesses.
    pub pieces: Vec<(Match, f64)>,
}

fn factorial(n: usize) -> f64 {
    (2..=n).fold(1.0, |f, k| f * k as f64)
}

struct Search {
    /// For each end position, the best sequence of each length covering the prefix up to
    /// it, by increasing length.
    cells: Vec<Vec<Cell>>,
}

impl Search {
    /// Offers a sequence: the best `len - 1` long one before `start`, then a match
    /// `start..=end`. Kept unless a sequence at most as long already does as well.
    fn offer(&mut self, start: usize, end: usize, len: usize, last: Last, guesses: f64) {
        let mut product = guesses;
        if len > 1 {
            let Some(before) = start.checked_sub(1).and_then(|k| self.cell(k, len - 1)) else { return };
            product *= before.product;
        }
        let total = factorial(len) * product + MIN_GUESSES_BEFORE_GROWING_SEQUENCE.powf((len - 1) as f64);
        let Some(cells) = self.cells.get_mut(end) else { return };
        if cells.iter().any(|c| c.len <= len && c.total <= total) {
            return;
        }
        let cell = Cell { len, total, product, start, last, guesses };
        match cells.binary_search_by_key(&len, |c| c.len) {
            Ok(at) => cells[at] = cell,
            Err(at) => cells.insert(at, cell),
        }
    }

    fn cell(&self, end: usize, len: usize) -> Option<&Cell> {
        let cells = self.cells.get(end)?;
        cells.binary_search_by_key(&len, |c| c.len).ok().and_then(|at| cells.get(at))
    }

    /// The lengths of the sequences kept for the prefix ending at `end`, with whether
    /// each ends in bruteforce.
    fn lengths(&self, end: usize) -> Vec<(usize, bool)> {
        self.cells.get(end).map_or(Vec::new(), |cells| {
            cells.iter().map(|c| (c.len, matches!(c.last, Last::Bruteforce))).collect()
        })
    }
}

pub(crate) fn minimum_guesses(chars: &[char], matches: Vec<Match>, context: &Context) -> Best {
    let n = chars.len();
    if n == 0 {
        return Best { guesses: 1.0, pieces: Vec::new() };
    }
    let mut by_end: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, m) in matches.iter().enumerate() {
        if let Some(list) = by_end.get_mut(m.j) {
            list.push(k);
        }
    }
    for list in &mut by_end {
        list.sort_by_key(|&k| matches.get(k).map_or(0, |m| m.i));
    }
    let match_guesses: Vec<f64> = matches.iter().map(|m| guesses::of_match(m, chars, n, context)).collect();
    let mut search = Search { cells: vec![Vec::new(); n] };
    for (end, list) in by_end.iter().enumerate() {
        for &k in list {
            let (Some(m), Some(&g)) = (matches.get(k), match_guesses.get(k)) else { continue };
            if m.i == 0 {
                search.offer(0, end, 1, Last::Match(k), g);
            } else {
                for (len, _) in search.lengths(m.i - 1) {
                    search.offer(m.i, end, len + 1, Last::Match(k), g);
                }
            }
        }
        // Bruteforce from each start to here, after any sequence not ending in bruteforce.
        let bruteforce_guesses = |start: usize| {
            let len = end + 1 - start;
            let g = guesses::bruteforce(len);
            if len >= n {
                g
            } else {
                g.max(if len == 1 { 10.0 } else { 50.0 })
            }
        };
        search.offer(0, end, 1, Last::Bruteforce, bruteforce_guesses(0));
        for start in 1..=end {
            for (len, ends_in_bruteforce) in search.lengths(start - 1) {
                if !ends_in_bruteforce {
                    search.offer(start, end, len + 1, Last::Bruteforce, bruteforce_guesses(start));
                }
            }
        }
    }

    // The best length for the whole password (the shortest on a tie), then back to front.
    let Some(best) = search.cells.get(n - 1).and_then(|cells| {
        cells.iter().fold(None::<&Cell>, |best, c| match best {
            Some(b) if b.total <= c.total => Some(b),
            _ => Some(c),
        })
    }) else {
        return Best { guesses: bruteforce_whole(n), pieces: Vec::new() };
    };
    let guesses = best.total;
    let mut pieces = Vec::new();
    let mut end = n - 1;
    let mut len = best.len;
    while let Some(cell) = search.cell(end, len) {
        let m = match cell.last {
            Last::Match(k) => matches.get(k).cloned(),
            Last::Bruteforce => Some(Match { i: cell.start, j: end, pattern: Pattern::Bruteforce }),
        };
        if let Some(m) = m {
            pieces.push((m, cell.guesses));
        }
        if cell.start == 0 || len <= 1 {
            break;
        }
        end = cell.start - 1;
        len -= 1;
    }
    pieces.reverse();
    Best { guesses, pieces }
}

fn bruteforce_whole(n: usize) -> f64 {
    guesses::bruteforce(n)
}
