//! The matchers: every substring some pattern explains, with what the guess estimate needs.

use crate::data::{data, Entry, Table};
use crate::Pattern;

/// The ranked lists, in the order Dropbox zxcvbn consults them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dictionary {
    Passwords,
    EnglishWikipedia,
    FemaleNames,
    Surnames,
    UsTvAndFilm,
    MaleNames,
    /// The caller's `user_inputs`.
    UserInputs,
}

/// The keyboards a spatial walk is looked for on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Graph {
    Qwerty,
    Dvorak,
    Keypad,
    MacKeypad,
}

impl Graph {
    /// Full keyboards (as opposed to numeric keypads).
    pub fn is_keyboard(self) -> bool {
        matches!(self, Graph::Qwerty | Graph::Dvorak)
    }
}

pub(crate) struct Context<'a> {
    pub user: Table<'a>,
    pub reference_year: i32,
    pub lowercase: fn(&str) -> String,
}

/// Characters `i..=j` explained by `pattern`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Match {
    pub i: usize,
    pub j: usize,
    pub pattern: Pattern,
}

/// Orders matches by start, then end, keeping the order of equal spans.
fn by_position(matches: &mut Vec<Match>) {
    // Spans are within `Options::max_chars`, far below 2^32.
    let span = |m: &Match| (u64::try_from(m.i).unwrap_or(u64::MAX) << 32) | u64::try_from(m.j).unwrap_or(0);
    let order = crate::order::by_key(matches.iter().map(span));
    *matches = crate::order::permute(std::mem::take(matches), &order);
}

/// Every match of every matcher, ordered by start then end (stable: for equal spans, the
/// matcher order below, which decides between equally good explanations).
pub(crate) fn all(chars: &[char], context: &Context) -> Vec<Match> {
    let lower = lower_chars(chars, context.lowercase);
    let mut matches = Vec::new();
    dictionary(&lower, context, &mut matches);
    reversed(&lower, context, &mut matches);
    l33t(chars, &lower, context, &mut matches);
    spatial(chars, &mut matches);
    repeat(chars, context, &mut matches);
    sequence(chars, &mut matches);
    years(chars, &mut matches);
    dates(chars, context.reference_year, &mut matches);
    by_position(&mut matches);
    matches
}

/// One character lowercased by `lowercase` (see `Options::lowercase`), kept as it is when
/// lowercasing would change the length.
fn lower_char(c: char, lowercase: fn(&str) -> String) -> char {
    let lowered = lower_text(c.encode_utf8(&mut [0; 4]), lowercase);
    let mut chars = lowered.chars();
    match (chars.next(), chars.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// The password lowercased as a whole, as Dropbox zxcvbn lowercases it (a capital sigma at
/// a word's end becomes `ς`, elsewhere `σ`); when that changes the number of characters
/// (`İ` becomes two), character by character instead, each kept if it would become two, so
/// positions stay aligned with the password's.
fn lower_chars(chars: &[char], lowercase: fn(&str) -> String) -> Vec<char> {
    if chars.iter().all(char::is_ascii) {
        return chars.iter().map(char::to_ascii_lowercase).collect();
    }
    let whole: Vec<char> = lowercase(&chars.iter().collect::<String>()).chars().collect();
    if whole.len() == chars.len() {
        whole
    } else {
        chars.iter().map(|c| lower_char(*c, lowercase)).collect()
    }
}

/// `text` lowercased by `lowercase`; ASCII text without the call.
pub(crate) fn lower_text(text: &str, lowercase: fn(&str) -> String) -> String {
    if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        lowercase(text)
    }
}

fn dictionary_match(entry: Entry, i: usize, j: usize, reversed: bool, l33t: Vec<(char, char)>) -> Match {
    Match {
        i,
        j,
        pattern: Pattern::Dictionary { dictionary: entry.dictionary, rank: entry.rank, reversed, l33t },
    }
}

/// Every substring of `lower` that is a word of `table`: from each start, the word table is
/// narrowed one character at a time and the walk stops as soon as no word has the prefix.
fn words_in(lower: &[char], table: &Table, found: &mut dyn FnMut(usize, usize, Entry)) {
    let mut buf = [0u8; 4];
    for i in 0..lower.len() {
        let mut range = table.all();
        let mut depth = 0;
        for (j, c) in lower.iter().enumerate().skip(i) {
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            range = table.narrow(range, depth, bytes);
            if range.0 == range.1 {
                break;
            }
            depth += bytes.len();
            for entry in table.words_at(range, depth) {
                found(i, j, entry);
            }
        }
    }
}

fn dictionary(lower: &[char], context: &Context, out: &mut Vec<Match>) {
    for table in [&data().table, &context.user] {
        words_in(lower, table, &mut |i, j, entry| out.push(dictionary_match(entry, i, j, false, Vec::new())));
    }
}

fn reversed(lower: &[char], context: &Context, out: &mut Vec<Match>) {
    let backwards: Vec<char> = lower.iter().rev().copied().collect();
    let last = lower.len().saturating_sub(1);
    let mut found = Vec::new();
    for table in [&data().table, &context.user] {
        words_in(&backwards, table, &mut |i, j, entry| {
            found.push(dictionary_match(entry, last - j, last - i, true, Vec::new()))
        });
    }
    by_position(&mut found);
    out.extend(found);
}

/// Each letter and the characters that stand for it in l33t, in zxcvbn's table order.
const L33T: [(char, &str); 12] = [
    ('a', "4@"),
    ('b', "8"),
    ('c', "({[<"),
    ('e', "3"),
    ('g', "69"),
    ('i', "1!|"),
    ('l', "1|7"),
    ('o', "0"),
    ('s', "$5"),
    ('t', "+7"),
    ('x', "%"),
    ('z', "2"),
];

/// Every character that stands for some letter; a map below is indexed by position here.
const SUBSTITUTES: &str = "4@8({[<369!|10$5+7%2";
const N_SUBS: usize = 20;

/// What a substitute means in one reading of the password: 0 = itself, else the letter.
type SubMap = [u8; N_SUBS];
/// In a token being read: not met yet.
const UNDECIDED: u8 = 0xFF;

fn substitute_index(c: char) -> Option<usize> {
    SUBSTITUTES.chars().position(|s| s == c)
}

/// The readings of the password Dropbox zxcvbn tries: letters are taken in table order, and
/// each letter takes one of its substitutes present in the password (a substitute already
/// taken by an earlier letter is either left there or moved). A letter never gets two
/// substitutes at once.
fn readings(chars: &[char]) -> Vec<SubMap> {
    enumerate_readings(chars, first_of_each)
}

/// The enumeration behind [`readings`], with `dedup` keeping the first of equal readings
/// after each letter (the same reading can come out twice).
fn enumerate_readings(chars: &[char], dedup: fn(Vec<SubMap>) -> Vec<SubMap>) -> Vec<SubMap> {
    let mut maps: Vec<SubMap> = vec![[0; N_SUBS]];
    for (letter, subs) in L33T {
        let present: Vec<usize> =
            subs.chars().filter(|s| chars.contains(s)).filter_map(substitute_index).collect();
        if present.is_empty() {
            continue;
        }
        let mut next: Vec<SubMap> = Vec::new();
        for &s in &present {
            for map in &maps {
                let mut moved = *map;
                moved[s] = letter as u8;
                if map[s] != 0 {
                    next.push(*map);
                }
                next.push(moved);
            }
        }
        maps = dedup(next);
    }
    maps
}

/// The first of each reading in `maps`, in order, by their numbers and the one sort.
fn first_of_each(maps: Vec<SubMap>) -> Vec<SubMap> {
    let firsts = first_letters();
    let keys: Vec<u64> = maps.iter().map(|map| reading_key(map, &firsts)).collect();
    let first = crate::order::first_occurrences(&keys);
    maps.into_iter().zip(first).filter(|(_, first)| *first).map(|(map, _)| map).collect()
}

/// For each substitute, the first letter it can stand for (a substitute stands for one
/// letter or two).
fn first_letters() -> [u8; N_SUBS] {
    let mut firsts = [0; N_SUBS];
    for (letter, subs) in L33T.iter().rev() {
        for s in subs.chars().filter_map(substitute_index) {
            if let Some(slot) = firsts.get_mut(s) {
                *slot = *letter as u8;
            }
        }
    }
    firsts
}

/// A reading as a number, two bits a substitute (itself, its first letter, its second), so
/// readings are equal exactly when their numbers are.
fn reading_key(map: &SubMap, firsts: &[u8; N_SUBS]) -> u64 {
    map.iter().zip(firsts).fold(0, |key, (&value, &first)| {
        let state = match value {
            0 => 0,
            v if v == first => 1,
            _ => 2,
        };
        (key << 2) | state
    })
}

/// Words read with l33t substitutions: a walk over the word table that, at each substitute
/// met for the first time in the token, tries it as itself and as each letter it can stand
/// for (one substitute per letter), keeping the choice for the rest of the token. A reading
/// found this way counts only if one of Dropbox zxcvbn's whole-password readings agrees with
/// it on the token's substitutes.
fn l33t(chars: &[char], lower: &[char], context: &Context, out: &mut Vec<Match>) {
    if !chars.iter().any(|c| substitute_index(*c).is_some()) {
        return;
    }
    let maps = readings(chars);
    if maps.iter().all(|map| map.iter().all(|&m| m == 0)) {
        return;
    }
    let mut walker = L33tWalk { chars, lower, maps: &maps, verdicts: Vec::new(), out: Vec::new() };
    for table in [&data().table, &context.user] {
        for i in 0..chars.len() {
            walker.step(table, i, i, table.all(), 0, [UNDECIDED; N_SUBS]);
        }
    }
    let mut found = walker.out;
    by_position(&mut found);
    out.extend(found);
}

struct L33tWalk<'a> {
    chars: &'a [char],
    lower: &'a [char],
    maps: &'a [SubMap],
    verdicts: Vec<(SubMap, bool)>,
    out: Vec<Match>,
}

impl L33tWalk<'_> {
    fn step(
        &mut self,
        table: &Table,
        i: usize,
        j: usize,
        range: (usize, usize),
        depth: usize,
        reading: SubMap,
    ) {
        let (Some(&c), Some(&low)) = (self.chars.get(j), self.lower.get(j)) else { return };
        match substitute_index(c) {
            Some(s) if reading[s] == UNDECIDED => {
                self.advance(table, i, j, range, depth, with(reading, s, 0), c);
                let used = |letter: u8| reading.contains(&letter);
                for (letter, subs) in L33T {
                    if subs.chars().any(|s| s == c) && !used(letter as u8) {
                        self.advance(table, i, j, range, depth, with(reading, s, letter as u8), letter);
                    }
                }
            }
            Some(s) => {
                let next = if reading[s] == 0 { c } else { char::from(reading[s]) };
                self.advance(table, i, j, range, depth, reading, next);
            }
            None => self.advance(table, i, j, range, depth, reading, low),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn advance(
        &mut self,
        table: &Table,
        i: usize,
        j: usize,
        range: (usize, usize),
        depth: usize,
        reading: SubMap,
        next: char,
    ) {
        let mut buf = [0u8; 4];
        let bytes = next.encode_utf8(&mut buf).as_bytes();
        let range = table.narrow(range, depth, bytes);
        if range.0 == range.1 {
            return;
        }
        let depth = depth + bytes.len();
        let substituted = reading.iter().any(|&r| r != UNDECIDED && r != 0);
        if j > i && substituted {
            let entries: Vec<Entry> = table.words_at(range, depth).collect();
            if !entries.is_empty() && self.agrees(&reading) {
                let subs: Vec<(char, char)> = SUBSTITUTES
                    .chars()
                    .zip(reading)
                    .filter(|&(_, r)| r != UNDECIDED && r != 0)
                    .map(|(s, r)| (s, char::from(r)))
                    .collect();
                for entry in entries {
                    self.out.push(dictionary_match(entry, i, j, false, subs.clone()));
                }
            }
        }
        self.step(table, i, j + 1, range, depth, reading);
    }

    /// Whether some whole-password reading maps the token's substitutes as `reading` does.
    fn agrees(&mut self, reading: &SubMap) -> bool {
        if let Some((_, verdict)) = self.verdicts.iter().find(|(r, _)| r == reading) {
            return *verdict;
        }
        let verdict =
            self.maps.iter().any(|map| map.iter().zip(reading).all(|(&m, &r)| r == UNDECIDED || m == r));
        self.verdicts.push((*reading, verdict));
        verdict
    }
}

fn with(mut reading: SubMap, at: usize, value: u8) -> SubMap {
    reading[at] = value;
    reading
}

/// Characters whose key is pressed with shift on a US keyboard (Dropbox zxcvbn counts them
/// on both keyboards).
const SHIFTED: &str = "~!@#$%^&*()_+QWERTYUIOP{}|ASDFGHJKL:\"ZXCVBNM<>?";

/// Walks of three keys or more, each key next to the previous one.
fn spatial(chars: &[char], out: &mut Vec<Match>) {
    for (graph, keys) in &data().graphs {
        let mut i = 0;
        while i + 1 < chars.len() {
            let mut j = i + 1;
            let mut last_direction: Option<usize> = None;
            let mut turns = 0u32;
            let mut shifted = u32::from(
                graph.is_keyboard() && chars.get(i).is_some_and(|c| SHIFTED.chars().any(|s| s == *c)),
            );
            loop {
                let found = match (chars.get(j - 1), chars.get(j)) {
                    (Some(&prev), Some(&cur)) => {
                        keys.neighbours(prev).iter().enumerate().find_map(|(direction, slot)| {
                            slot.chars().position(|k| k == cur).map(|at| (direction, at))
                        })
                    }
                    _ => None,
                };
                match found {
                    Some((direction, at)) => {
                        if at == 1 {
                            shifted += 1;
                        }
                        if last_direction != Some(direction) {
                            turns += 1;
                            last_direction = Some(direction);
                        }
                        j += 1;
                    }
                    None => {
                        if j - i > 2 {
                            out.push(Match {
                                i,
                                j: j - 1,
                                pattern: Pattern::Spatial { graph: *graph, turns, shifted },
                            });
                        }
                        i = j;
                        break;
                    }
                }
            }
        }
    }
}

/// JavaScript's `.`: anything but a line terminator.
fn is_dot(c: char) -> bool {
    !matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// Whether `chars[at..at + len]` repeats right after itself.
fn repeats_at(chars: &[char], at: usize, len: usize) -> bool {
    match (chars.get(at..at + len), chars.get(at + len..at + 2 * len)) {
        (Some(a), Some(b)) => a == b && a.iter().all(|c| is_dot(*c)),
        _ => false,
    }
}

/// How many times `chars[at..at + len]` occurs back to back from `at`.
fn run_of(chars: &[char], at: usize, len: usize) -> usize {
    let base = chars.get(at..at + len);
    let mut count = 1;
    while base.is_some() && chars.get(at + count * len..at + (count + 1) * len) == base {
        count += 1;
    }
    count
}

/// A piece repeated two times or more: scanning left to right, at the first place a repeat
/// starts, both the longest repeated piece and the shortest are tried, and whichever covers
/// more characters wins (the shortest on a tie); the piece is then cut to its smallest period.
fn repeat(chars: &[char], context: &Context, out: &mut Vec<Match>) {
    let n = chars.len();
    let mut from = 0;
    while from < n {
        let Some((start, longest, shortest)) = (from..n).find_map(|at| {
            let max = (n - at) / 2;
            let longest = (1..=max).rev().find(|&len| repeats_at(chars, at, len))?;
            let shortest = (1..=max).find(|&len| repeats_at(chars, at, len))?;
            Some((at, longest, shortest))
        }) else {
            break;
        };
        let greedy = longest * run_of(chars, start, longest);
        let lazy = shortest * run_of(chars, start, shortest);
        let (total, period) = if greedy > lazy {
            let period = (1..=greedy)
                .find(|&p| {
                    greedy.is_multiple_of(p)
                        && (p..greedy).all(|k| chars.get(start + k) == chars.get(start + k % p))
                })
                .unwrap_or(greedy);
            (greedy, period)
        } else {
            (lazy, shortest)
        };
        let base: Vec<char> = chars.get(start..start + period).unwrap_or(&[]).to_vec();
        let base_matches = all(&base, context);
        let base_guesses = crate::search::minimum_guesses(&base, base_matches, context).guesses;
        let count = u32::try_from(total / period.max(1)).unwrap_or(u32::MAX);
        out.push(Match {
            i: start,
            j: start + total - 1,
            pattern: Pattern::Repeat { base: base.iter().collect(), base_guesses, count },
        });
        from = start + total;
    }
}

/// Runs where each character is the previous one plus a constant step of 1 to 5 (up or
/// down); a run of two counts only with a step of 1.
fn sequence(chars: &[char], out: &mut Vec<Match>) {
    if chars.len() < 2 {
        return;
    }
    let mut push = |i: usize, j: usize, delta: i64| {
        if (j - i > 1 || delta.abs() == 1) && (1..=5).contains(&delta.abs()) {
            out.push(Match { i, j, pattern: Pattern::Sequence { ascending: delta > 0 } });
        }
    };
    let code = |k: usize| chars.get(k).map_or(0, |c| i64::from(u32::from(*c)));
    let mut i = 0;
    let mut last_delta: Option<i64> = None;
    for k in 1..chars.len() {
        let delta = code(k) - code(k - 1);
        let previous = *last_delta.get_or_insert(delta);
        if delta == previous {
            continue;
        }
        push(i, k - 1, previous);
        i = k - 1;
        last_delta = Some(delta);
    }
    push(i, chars.len() - 1, last_delta.unwrap_or(0));
}

fn digit(c: Option<&char>) -> Option<u32> {
    c.and_then(|c| if c.is_ascii_digit() { c.to_digit(10) } else { None })
}

/// Years 1900 to 2019 (Dropbox zxcvbn's "recent year" pattern), left to right, not
/// overlapping.
fn years(chars: &[char], out: &mut Vec<Match>) {
    let mut at = 0;
    while at + 4 <= chars.len() {
        let d: Vec<Option<u32>> = (0..4).map(|k| digit(chars.get(at + k))).collect();
        let year = match d.as_slice() {
            [Some(1), Some(9), Some(a), Some(b)] => Some(1900 + a * 10 + b),
            [Some(2), Some(0), Some(t @ (0 | 1)), Some(b)] => Some(2000 + t * 10 + b),
            _ => None,
        };
        match year {
            Some(year) => {
                out.push(Match { i: at, j: at + 3, pattern: Pattern::Year { year: year as i32 } });
                at += 4;
            }
            None => at += 1,
        }
    }
}

const DATE_MIN_YEAR: u32 = 1000;
const DATE_MAX_YEAR: u32 = 2050;

/// Where a digits-only date of each length (4 to 8) may be cut into three numbers.
fn splits(len: usize) -> &'static [(usize, usize)] {
    match len {
        4 => &[(1, 2), (2, 3)],
        5 => &[(1, 3), (2, 3)],
        6 => &[(1, 2), (2, 4), (4, 5)],
        7 => &[(1, 3), (2, 3), (4, 5), (4, 6)],
        8 => &[(2, 4), (4, 6)],
        _ => &[],
    }
}

fn number(digits: &[char]) -> Option<u32> {
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0u32, |n, c| Some(n * 10 + digit(Some(c))?))
}

/// JavaScript's `\s`.
fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}' | '\u{feff}'
    )
}

/// Day, month and year read from three numbers, or `None` if they cannot be a date.
fn day_month_year(ints: [u32; 3]) -> Option<(u32, u32, u32)> {
    if ints[1] > 31 || ints[1] == 0 {
        return None;
    }
    if ints.iter().any(|&n| (n > 99 && n < DATE_MIN_YEAR) || n > DATE_MAX_YEAR) {
        return None;
    }
    let over_31 = ints.iter().filter(|&&n| n > 31).count();
    let over_12 = ints.iter().filter(|&&n| n > 12).count();
    let zero = ints.iter().filter(|&&n| n == 0).count();
    if over_31 >= 2 || over_12 == 3 || zero >= 2 {
        return None;
    }
    let readings = [(ints[2], [ints[0], ints[1]]), (ints[0], [ints[1], ints[2]])];
    for (year, rest) in readings {
        if (DATE_MIN_YEAR..=DATE_MAX_YEAR).contains(&year) {
            // A four-digit year whose other numbers are no day and month: not a date.
            return day_month(rest).map(|(d, m)| (d, m, year));
        }
    }
    for (year, rest) in readings {
        if let Some((d, m)) = day_month(rest) {
            let year = match year {
                0..=50 => year + 2000,
                51..=99 => year + 1900,
                _ => year,
            };
            return Some((d, m, year));
        }
    }
    None
}

fn day_month([a, b]: [u32; 2]) -> Option<(u32, u32)> {
    [(a, b), (b, a)].into_iter().find(|&(d, m)| (1..=31).contains(&d) && (1..=12).contains(&m))
}

fn date_match(i: usize, j: usize, (day, month, year): (u32, u32, u32), separator: Option<char>) -> Match {
    Match { i, j, pattern: Pattern::Date { year: year as i32, month, day, separator } }
}

/// Dates of 4 to 8 digits, and of 6 to 10 characters with one separator repeated
/// (`1/1/91`, `1991-11-11`); a date inside a longer date is dropped.
fn dates(chars: &[char], reference_year: i32, out: &mut Vec<Match>) {
    let n = chars.len();
    let mut found: Vec<Match> = Vec::new();
    for i in 0..n {
        for j in (i + 3)..(i + 8).min(n) {
            let Some(token) = chars.get(i..=j) else { continue };
            if !token.iter().all(char::is_ascii_digit) {
                continue;
            }
            let candidates = splits(token.len()).iter().filter_map(|&(k, l)| {
                let ints = [number(token.get(..k)?)?, number(token.get(k..l)?)?, number(token.get(l..)?)?];
                day_month_year(ints)
            });
            // Several readings: the one with the year closest to the reference year.
            let mut best: Option<((u32, u32, u32), i64)> = None;
            for candidate in candidates {
                let distance = (i64::from(candidate.2) - i64::from(reference_year)).abs();
                if best.is_none_or(|(_, d)| distance < d) {
                    best = Some((candidate, distance));
                }
            }
            if let Some((dmy, _)) = best {
                found.push(date_match(i, j, dmy, None));
            }
        }
    }
    for i in 0..n {
        for j in (i + 5)..(i + 10).min(n) {
            let Some(token) = chars.get(i..=j) else { continue };
            if let Some((ints, separator)) = separated(token) {
                if let Some(dmy) = day_month_year(ints) {
                    found.push(date_match(i, j, dmy, Some(separator)));
                }
            }
        }
    }
    let kept: Vec<Match> = found
        .iter()
        .enumerate()
        .filter(|(k, m)| {
            !found.iter().enumerate().any(|(o, other)| o != *k && other.i <= m.i && other.j >= m.j)
        })
        .map(|(_, m)| m.clone())
        .collect();
    let mut kept = kept;
    by_position(&mut kept);
    out.extend(kept);
}

/// `token` as 1-4 digits, a separator, 1-2 digits, the same separator, 1-4 digits.
fn separated(token: &[char]) -> Option<([u32; 3], char)> {
    let first_end = token.iter().position(|c| !c.is_ascii_digit())?;
    let separator = *token.get(first_end)?;
    if !(is_js_space(separator) || matches!(separator, '/' | '\\' | '_' | '.' | '-')) {
        return None;
    }
    let rest = token.get(first_end + 1..)?;
    let middle_end = rest.iter().position(|c| !c.is_ascii_digit())?;
    if *rest.get(middle_end)? != separator {
        return None;
    }
    let last = rest.get(middle_end + 1..)?;
    let first = token.get(..first_end)?;
    let middle = rest.get(..middle_end)?;
    let sizes_ok = (1..=4).contains(&first.len())
        && (1..=2).contains(&middle.len())
        && (1..=4).contains(&last.len())
        && last.iter().all(char::is_ascii_digit);
    if !sizes_ok {
        return None;
    }
    Some(([number(first)?, number(middle)?, number(last)?], separator))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same enumeration with duplicates dropped by a set, as Dropbox zxcvbn drops them.
    fn readings_by_set(chars: &[char]) -> Vec<SubMap> {
        enumerate_readings(chars, |maps| {
            let mut seen = std::collections::HashSet::new();
            maps.into_iter().filter(|map| seen.insert(*map)).collect()
        })
    }

    #[test]
    fn every_substitute_gives_736_readings_each_once() {
        let chars: Vec<char> = SUBSTITUTES.chars().collect();
        let maps = readings(&chars);
        assert_eq!(maps.len(), 736);
        assert_eq!(maps, readings_by_set(&chars));
    }

    proptest::proptest! {
        #[test]
        fn readings_are_the_set_enumeration_in_order(password in "[4@8({\\[<369!|10$5+7%2a-z]{0,24}") {
            let chars: Vec<char> = password.chars().collect();
            proptest::prop_assert_eq!(readings(&chars), readings_by_set(&chars));
        }
    }
}
