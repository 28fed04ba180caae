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
    /// The least `total` of this cell and the shorter ones before it.
    least_so_far: f64,
}

pub(crate) struct Best {
    pub guesses: f64,
    /// The sequence, each match with its guesses.
    pub pieces: Vec<(Match, f64)>,
}

struct Search {
    /// For each end position, the best sequence of each length covering the prefix up to
    /// it, by increasing length.
    cells: Vec<Vec<Cell>>,
    /// `l!` and `10000^(l-1)` for each length `l` up to the password's length.
    factorial: Vec<f64>,
    penalty: Vec<f64>,
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
        let (Some(factorial), Some(penalty)) = (self.factorial.get(len), self.penalty.get(len)) else {
            return;
        };
        let total = factorial * product + penalty;
        let Some(cells) = self.cells.get_mut(end) else { return };
        // Dominated by a sequence at most as long that does as well?
        let at = cells.partition_point(|c| c.len < len);
        let exact = cells.get(at).is_some_and(|c| c.len == len);
        let shorter_or_equal = if exact { Some(at) } else { at.checked_sub(1) };
        if shorter_or_equal.and_then(|k| cells.get(k)).is_some_and(|c| c.least_so_far <= total) {
            return;
        }
        let cell = Cell { len, total, product, start, last, guesses, least_so_far: total };
        if exact {
            cells[at] = cell;
        } else {
            cells.insert(at, cell);
        }
        let mut least =
            at.checked_sub(1).and_then(|k| cells.get(k)).map_or(f64::INFINITY, |c| c.least_so_far);
        for c in cells.iter_mut().skip(at) {
            least = least.min(c.total);
            c.least_so_far = least;
        }
    }

    fn cell(&self, end: usize, len: usize) -> Option<&Cell> {
        let cells = self.cells.get(end)?;
        cells.binary_search_by_key(&len, |c| c.len).ok().and_then(|at| cells.get(at))
    }

    /// The lengths of the sequences kept for the prefix ending at `end`, with whether
    /// each ends in bruteforce, into `out`.
    fn lengths(&self, end: usize, out: &mut Vec<(usize, bool)>) {
        out.clear();
        if let Some(cells) = self.cells.get(end) {
            out.extend(cells.iter().map(|c| (c.len, matches!(c.last, Last::Bruteforce))));
        }
    }
}

/// The cheapest explanation of `chars` by `matches`, which must be ordered by start, then
/// end, as [`crate::matching::all`] gives them: the matches ending at each position are then
/// already in order of start, as the search takes them.
pub(crate) fn minimum_guesses(chars: &[char], matches: Vec<Match>, context: &Context) -> Best {
    debug_assert!(matches.windows(2).all(|w| (w[0].i, w[0].j) <= (w[1].i, w[1].j)), "matches out of order");
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
    let match_guesses: Vec<f64> = matches.iter().map(|m| guesses::of_match(m, chars, n, context)).collect();
    let mut factorial = vec![1.0; n + 2];
    let mut penalty = vec![1.0; n + 2];
    for len in 2..n + 2 {
        factorial[len] = factorial[len - 1] * len as f64;
        penalty[len] = MIN_GUESSES_BEFORE_GROWING_SEQUENCE.powf((len - 1) as f64);
    }
    let mut search = Search { cells: vec![Vec::new(); n], factorial, penalty };
    let mut lengths = Vec::new();
    let bruteforce: Vec<f64> = (0..=n).map(guesses::bruteforce).collect();
    for (end, list) in by_end.iter().enumerate() {
        for &k in list {
            let (Some(m), Some(&g)) = (matches.get(k), match_guesses.get(k)) else { continue };
            if m.i == 0 {
                search.offer(0, end, 1, Last::Match(k), g);
            } else {
                search.lengths(m.i - 1, &mut lengths);
                for &(len, _) in &lengths {
                    search.offer(m.i, end, len + 1, Last::Match(k), g);
                }
            }
        }
        // Bruteforce from each start to here, after any sequence not ending in bruteforce
        // (its floor is above a submatch's, so no floor applies here).
        let bruteforce_guesses = |start: usize| bruteforce.get(end + 1 - start).copied().unwrap_or(f64::MAX);
        search.offer(0, end, 1, Last::Bruteforce, bruteforce_guesses(0));
        for start in 1..=end {
            search.lengths(start - 1, &mut lengths);
            for &(len, ends_in_bruteforce) in &lengths {
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
