/// Defines potential patterns used to match against a password
pub mod patterns;

use self::patterns::*;
use crate::adjacency_graphs::{self, Graph};
use crate::dictionary::Cursor;
use crate::frequency_lists::DictionaryType;
use std::collections::HashMap;

/// A match of a predictable pattern in the password.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Match {
    /// Beginning of the match.
    pub i: usize,
    /// End of the match.
    pub j: usize,
    /// Token that has been matched.
    pub token: String,
    /// Pattern type and details used to detect this match.
    pub pattern: MatchPattern,
    /// Estimated number of tries for guessing the match.
    pub guesses: Option<u64>,
}

impl Match {
    /// Get the range of the index of the chars that are included in the match.
    pub fn range_inclusive(&self) -> std::ops::RangeInclusive<usize> {
        self.i..=self.j
    }
}

#[allow(clippy::implicit_hasher)]
pub(crate) fn omnimatch(password: &str, user_inputs: &HashMap<String, usize>) -> Vec<Match> {
    let chars: Vec<char> = password.chars().collect();
    let user_dictionary = UserDictionary::new(user_inputs);
    let mut matches = Vec::new();
    dictionary_match(&chars, &user_dictionary, &mut matches);
    reverse_dictionary_match(&chars, &user_dictionary, &mut matches);
    l33t_match(&chars, &user_dictionary, &mut matches);
    spatial_match(&chars, &mut matches);
    repeat_match(&chars, user_inputs, &mut matches);
    sequence_match(&chars, &mut matches);
    recent_year_match(&chars, &mut matches);
    date_match(&chars, &mut matches);
    // Stable, as JavaScript's sort is: matches over the same span keep the matchers' order, so
    // ties are broken as Dropbox zxcvbn breaks them (the crate's unstable sort and hash-map
    // iteration broke them at random, run to run).
    matches.sort_by(|a, b| a.i.cmp(&b.i).then_with(|| a.j.cmp(&b.j)));
    matches
}

/// `chars[i..=j]` as a string.
fn token(chars: &[char], i: usize, j: usize) -> String {
    chars[i..=j].iter().collect()
}

/// The caller's user inputs (already lower-cased, with their rank), and their longest length
/// in characters: no longer substring can equal one of them.
struct UserDictionary<'a> {
    ranked: &'a HashMap<String, usize>,
    longest: usize,
}

impl<'a> UserDictionary<'a> {
    fn new(ranked: &'a HashMap<String, usize>) -> Self {
        let longest = ranked.keys().map(|word| word.chars().count()).max().unwrap_or(0);
        UserDictionary { ranked, longest }
    }

    /// Whether some user input starts with `prefix`.
    fn has_prefix(&self, prefix: &str) -> bool {
        self.ranked.keys().any(|word| word.starts_with(prefix))
    }
}

fn dictionary_pattern(word: &str, rank: usize, dictionary_name: DictionaryType) -> MatchPattern {
    MatchPattern::Dictionary(DictionaryPattern {
        matched_word: word.to_string(),
        rank,
        dictionary_name,
        ..DictionaryPattern::default()
    })
}

/// Every substring of the password found in a dictionary, the way zxcvbn's
/// `dictionary_match` finds them: the password is lower-cased as a whole, and the word at
/// `(i, j)` is characters `i..=j` of the lower-cased text (when lower-casing adds characters,
/// as `İ` does, the crate's words drift from its tokens; so do these).
fn dictionary_words(
    chars: &[char],
    user_dictionary: &UserDictionary,
    found: &mut dyn FnMut(usize, usize, &str, DictionaryType, usize),
) {
    let len = chars.len();
    let lower: Vec<char> = chars.iter().collect::<String>().to_lowercase().chars().collect();
    let mut word = String::new();
    for i in 0..len {
        word.clear();
        let mut cursor = Some(Cursor::root());
        for (j, &c) in lower.iter().enumerate().take(len).skip(i) {
            word.push(c);
            cursor = cursor.and_then(|cursor| cursor.next_char(c));
            if let Some(entry) = cursor.and_then(Cursor::exact) {
                for (dictionary, rank) in entry.ranked() {
                    found(i, j, &word, dictionary, rank);
                }
            }
            let user_possible = j - i < user_dictionary.longest;
            if user_possible {
                if let Some(&rank) = user_dictionary.ranked.get(&word) {
                    found(i, j, &word, DictionaryType::UserInputs, rank);
                }
            }
            if cursor.is_none() && !user_possible {
                break;
            }
        }
    }
}

fn dictionary_match(chars: &[char], user_dictionary: &UserDictionary, matches: &mut Vec<Match>) {
    dictionary_words(chars, user_dictionary, &mut |i, j, word, dictionary, rank| {
        matches.push(Match {
            pattern: dictionary_pattern(word, rank, dictionary),
            i,
            j,
            token: token(chars, i, j),
            ..Match::default()
        });
    });
}

fn reverse_dictionary_match(chars: &[char], user_dictionary: &UserDictionary, matches: &mut Vec<Match>) {
    let reversed: Vec<char> = chars.iter().rev().copied().collect();
    let last = chars.len().saturating_sub(1);
    dictionary_words(&reversed, user_dictionary, &mut |i, j, word, dictionary, rank| {
        let mut pattern = dictionary_pattern(word, rank, dictionary);
        if let MatchPattern::Dictionary(ref mut pattern) = pattern {
            pattern.reversed = true;
        }
        matches.push(Match {
            pattern,
            i: last - j,
            j: last - i,
            token: token(chars, last - j, last - i),
            ..Match::default()
        });
    });
}

/// zxcvbn's l33t table: each letter and the characters that stand for it.
const L33T_TABLE: [(char, &str); 12] = [
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

/// The l33t characters, in the order a [`Substitution`] stores them.
const L33T_CHARS: &str = "!$%(+0123456789<@[{|";

/// One substitution: for each of [`L33T_CHARS`], the letter it stands for, or 0 when it
/// stands for itself.
type Substitution = [u8; 20];

fn l33t_index(c: char) -> Option<usize> {
    L33T_CHARS.find(c)
}

/// The substitutions zxcvbn's `enumerate_l33t_replacements` produces for the l33t characters
/// present in `chars`, as a set. The crate builds them letter by letter: each letter takes one
/// of its characters; a character already taken by an earlier letter is either left with it
/// or moved (both are kept). The result does not depend on the order of the letters (the
/// crate walks a `HashMap`, so it must not), which the equivalence tests check.
fn l33t_substitutions(chars: &[char]) -> Vec<Substitution> {
    let mut subs: Vec<Vec<(char, char)>> = vec![Vec::new()];
    for (letter, l33ts) in L33T_TABLE {
        let relevant: Vec<char> = l33ts.chars().filter(|c| chars.contains(c)).collect();
        if relevant.is_empty() {
            continue;
        }
        let mut next: Vec<Vec<(char, char)>> = Vec::new();
        for &l33t in &relevant {
            for sub in &subs {
                match sub.iter().position(|&(c, _)| c == l33t) {
                    Some(index) => {
                        let mut moved = sub.clone();
                        moved.remove(index);
                        moved.push((l33t, letter));
                        next.push(sub.clone());
                        next.push(moved);
                    }
                    None => {
                        let mut extended = sub.clone();
                        extended.push((l33t, letter));
                        next.push(extended);
                    }
                }
            }
        }
        subs = next;
    }
    let mut set: Vec<Substitution> = subs
        .into_iter()
        .filter(|sub| !sub.is_empty())
        .map(|sub| {
            let mut table = [0; 20];
            for (l33t, letter) in sub {
                if let Some(index) = l33t_index(l33t) {
                    table[index] = letter as u8;
                }
            }
            table
        })
        .collect();
    set.sort_unstable();
    set.dedup();
    set
}

/// zxcvbn's l33t matcher, without its combinatorial blow-up.
///
/// The crate translates the whole password with every substitution (up to 736 of them when
/// every l33t character occurs) and runs the dictionary matcher on each translation, then
/// keeps the matches whose token contains a substitution, with the substitution restricted
/// to the token's characters. Matches from two substitutions that agree on a token are equal.
///
/// Here, from each start `i`, a depth-first walk reads the password one character at a time;
/// at a l33t character it branches once per distinct choice among the substitutions still
/// consistent with the choices made so far (the letter, or the character itself), and a branch
/// ends as soon as no dictionary word (and no user input) starts with its translation. The
/// matches are exactly the crate's, each once instead of once per substitution.
fn l33t_match(chars: &[char], user_dictionary: &UserDictionary, matches: &mut Vec<Match>) {
    if !chars.iter().any(|&c| l33t_index(c).is_some()) {
        return;
    }
    let subs = l33t_substitutions(chars);
    if subs.is_empty() {
        return;
    }
    let lower: Vec<char> = chars.iter().collect::<String>().to_lowercase().chars().collect();
    if lower.len() != chars.len() {
        // Lower-casing changed the length (`İ`): fall back to the crate's own procedure.
        l33t_match_by_translation(chars, &subs, user_dictionary, matches);
        return;
    }
    if subs.len() > SubSet::CAPACITY {
        // Cannot happen with zxcvbn's table (736 at most), but stay correct if it changes.
        l33t_match_by_translation(chars, &subs, user_dictionary, matches);
        return;
    }
    // For each l33t character, each thing the substitutions make of it, and which do.
    let mut choices: Vec<Vec<(u8, SubSet)>> = vec![Vec::new(); L33T_CHARS.len()];
    for (index, options) in choices.iter_mut().enumerate() {
        for (s, sub) in subs.iter().enumerate() {
            let choice = sub[index];
            let position = match options.iter().position(|&(c, _)| c == choice) {
                Some(position) => position,
                None => {
                    options.push((choice, SubSet::default()));
                    options.len() - 1
                }
            };
            options[position].1.insert(s);
        }
        options.sort_unstable_by_key(|&(choice, _)| choice);
    }
    let mut all = SubSet::default();
    (0..subs.len()).for_each(|s| all.insert(s));
    let mut walk = L33tWalk {
        chars,
        lower: &lower,
        subs: &subs,
        choices: &choices,
        user_dictionary,
        matches,
        word: String::new(),
    };
    for i in 0..chars.len() {
        walk.word.clear();
        walk.step(i, i, Some(Cursor::root()), all, false);
    }
}

/// A set of substitutions (indices into the list), as a bitset.
#[derive(Clone, Copy, Default, PartialEq)]
struct SubSet([u64; 12]);

impl SubSet {
    const CAPACITY: usize = 12 * 64;

    fn insert(&mut self, index: usize) {
        self.0[index / 64] |= 1 << (index % 64);
    }

    fn intersection(self, other: SubSet) -> SubSet {
        let mut out = self;
        out.0.iter_mut().zip(other.0).for_each(|(word, other)| *word &= other);
        out
    }

    fn first(self) -> Option<usize> {
        self.0
            .iter()
            .enumerate()
            .find(|(_, &word)| word != 0)
            .map(|(k, word)| k * 64 + word.trailing_zeros() as usize)
    }
}

struct L33tWalk<'a> {
    chars: &'a [char],
    lower: &'a [char],
    subs: &'a [Substitution],
    choices: &'a [Vec<(u8, SubSet)>],
    user_dictionary: &'a UserDictionary<'a>,
    matches: &'a mut Vec<Match>,
    /// The translation of `lower[i..j]`.
    word: String,
}

impl L33tWalk<'_> {
    /// Reads `lower[j]` after the translation of `lower[i..j]` (held in `self.word`, with
    /// `cursor` on it), `consistent` being the substitutions that agree with it.
    fn step(&mut self, i: usize, j: usize, cursor: Option<Cursor>, consistent: SubSet, substituted: bool) {
        if j == self.lower.len() {
            return;
        }
        let c = self.lower[j];
        match l33t_index(c) {
            None => self.extend(i, j, c, cursor, consistent, substituted),
            Some(index) => {
                // One branch per thing the consistent substitutions make of `c`.
                for &(choice, agreeing) in &self.choices[index] {
                    let narrowed = consistent.intersection(agreeing);
                    if narrowed.first().is_none() {
                        continue;
                    }
                    let (translated, now_substituted) =
                        if choice == 0 { (c, substituted) } else { (char::from(choice), true) };
                    self.extend(i, j, translated, cursor, narrowed, now_substituted);
                }
            }
        }
    }

    fn extend(
        &mut self,
        i: usize,
        j: usize,
        translated: char,
        cursor: Option<Cursor>,
        consistent: SubSet,
        substituted: bool,
    ) {
        let cursor = cursor.and_then(|cursor| cursor.next_char(translated));
        self.word.push(translated);
        let user_possible =
            j - i < self.user_dictionary.longest && self.user_dictionary.has_prefix(&self.word);
        if cursor.is_some() || user_possible {
            if substituted {
                let representative = consistent.first().unwrap_or(0);
                if let Some(entry) = cursor.and_then(Cursor::exact) {
                    for (dictionary, rank) in entry.ranked() {
                        self.report(i, j, dictionary, rank, representative);
                    }
                }
                if user_possible {
                    if let Some(&rank) = self.user_dictionary.ranked.get(&self.word) {
                        self.report(i, j, DictionaryType::UserInputs, rank, representative);
                    }
                }
            }
            self.step(i, j + 1, cursor, consistent, substituted);
        }
        self.word.pop();
    }

    fn report(&mut self, i: usize, j: usize, dictionary: DictionaryType, rank: usize, sub: usize) {
        let token = token(self.chars, i, j);
        let sub = restrict(&self.subs[sub], &token);
        self.matches.push(l33t_dictionary_match(i, j, token, self.word.clone(), dictionary, rank, sub));
    }
}

/// The substitution restricted to the l33t characters `token` contains.
fn restrict(sub: &Substitution, token: &str) -> HashMap<char, char> {
    L33T_CHARS
        .chars()
        .zip(sub)
        .filter(|&(l33t, &letter)| letter != 0 && token.contains(l33t))
        .map(|(l33t, &letter)| (l33t, char::from(letter)))
        .collect()
}

fn l33t_dictionary_match(
    i: usize,
    j: usize,
    token: String,
    matched_word: String,
    dictionary_name: DictionaryType,
    rank: usize,
    sub: HashMap<char, char>,
) -> Match {
    let mut display: Vec<(char, char)> = sub.iter().map(|(&k, &v)| (k, v)).collect();
    display.sort_unstable();
    let sub_display = display.iter().map(|(k, v)| format!("{k} -> {v}")).collect::<Vec<_>>().join(", ");
    Match {
        pattern: MatchPattern::Dictionary(DictionaryPattern {
            matched_word,
            rank,
            dictionary_name,
            l33t: true,
            sub: Some(sub),
            sub_display: Some(sub_display),
            ..DictionaryPattern::default()
        }),
        i,
        j,
        token,
        ..Match::default()
    }
}

/// The crate's procedure, kept for passwords whose lower-casing changes their length.
fn l33t_match_by_translation(
    chars: &[char],
    subs: &[Substitution],
    user_dictionary: &UserDictionary,
    matches: &mut Vec<Match>,
) {
    for sub in subs {
        let translated: Vec<char> = chars
            .iter()
            .map(|&c| match l33t_index(c) {
                Some(index) if sub[index] != 0 => char::from(sub[index]),
                _ => c,
            })
            .collect();
        let mut found = Vec::new();
        dictionary_match(&translated, user_dictionary, &mut found);
        for m in found {
            let token = token(chars, m.i, m.j);
            if let MatchPattern::Dictionary(pattern) = m.pattern {
                if token.to_lowercase() == pattern.matched_word {
                    continue;
                }
                let restricted = restrict(sub, &token);
                matches.push(l33t_dictionary_match(
                    m.i,
                    m.j,
                    token,
                    pattern.matched_word,
                    pattern.dictionary_name,
                    pattern.rank,
                    restricted,
                ));
            }
        }
    }
}

const GRAPHS: [(&str, Graph); 4] = [
    ("qwerty", adjacency_graphs::QWERTY),
    ("dvorak", adjacency_graphs::DVORAK),
    ("keypad", adjacency_graphs::KEYPAD),
    ("mac_keypad", adjacency_graphs::MAC_KEYPAD),
];

fn spatial_match(chars: &[char], matches: &mut Vec<Match>) {
    for (graph_name, graph) in GRAPHS {
        spatial_match_helper(chars, graph, graph_name, matches);
    }
}

const SHIFTED_CHARS: [char; 49] = [
    '[', '~', '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+', 'Q', 'W', 'E', 'R', 'T', 'Y', 'U',
    'I', 'O', 'P', '{', '}', '|', 'A', 'S', 'D', 'F', 'G', 'H', 'J', 'K', 'L', ':', '"', 'Z', 'X', 'C', 'V',
    'B', 'N', 'M', '<', '>', '?', ']',
];

fn spatial_match_helper(chars: &[char], graph: Graph, graph_name: &str, matches: &mut Vec<Match>) {
    let password_len = chars.len();
    if password_len <= 2 {
        return;
    }
    let mut i = 0;
    while i < password_len - 1 {
        let mut j = i + 1;
        let mut last_direction = None;
        let mut turns = 0;
        let mut shifted_count =
            usize::from(["qwerty", "dvorak"].contains(&graph_name) && SHIFTED_CHARS.contains(&chars[i]));
        loop {
            let prev_char = chars[j - 1];
            let mut found = false;
            let mut cur_direction = -1;
            let adjacents = adjacency_graphs::neighbours(graph, prev_char).unwrap_or(&[]);
            // consider growing pattern by one character if j hasn't gone over the edge.
            if j < password_len {
                let cur_char = chars[j];
                for adj in adjacents {
                    cur_direction += 1;
                    if let Some(adj_position) = adj.and_then(|adj| adj.find(cur_char)) {
                        found = true;
                        let found_direction = cur_direction;
                        if adj_position == 1 {
                            // index 1 in the adjacency means the key is shifted,
                            // 0 means unshifted: A vs a, % vs 5, etc.
                            shifted_count += 1;
                        }
                        if last_direction != Some(found_direction) {
                            // adding a turn is correct even in the initial case when last_direction is null:
                            // every spatial pattern starts with a turn.
                            turns += 1;
                            last_direction = Some(found_direction);
                        }
                        break;
                    }
                }
            }
            if found {
                // if the current pattern continued, extend j and try to grow again
                j += 1;
            } else {
                // otherwise push the pattern discovered so far, if any...
                if j - i > 2 {
                    // Don't consider length 1 or 2 chains
                    matches.push(Match {
                        pattern: MatchPattern::Spatial(SpatialPattern {
                            graph: graph_name.to_string(),
                            turns,
                            shifted_count,
                        }),
                        i,
                        j: j - 1,
                        token: token(chars, i, j - 1),
                        ..Match::default()
                    });
                }
                i = j;
                break;
            }
        }
    }
}

/// The leftmost repeat in `chars` as the crate's fancy-regex patterns find it:
/// `(.+)\1+` (greedy) and `(.+?)\1+` (lazy). Both start at the first position where some
/// unit (without a line feed: `.` excludes it) is immediately repeated; greedy takes the
/// longest such unit, lazy the shortest, and each then takes as many repetitions as follow.
/// All in characters.
/// Where a repeat starts, and the (unit length, repetitions) of its greedy and lazy readings.
struct Repeat {
    start: usize,
    greedy: (usize, usize),
    lazy: (usize, usize),
}

fn find_repeat(chars: &[char]) -> Option<Repeat> {
    let n = chars.len();
    let repeats_at = |start: usize, unit: usize| -> usize {
        let mut count = 1;
        while start + (count + 1) * unit <= n
            && chars[start..start + unit] == chars[start + count * unit..start + (count + 1) * unit]
        {
            count += 1;
        }
        count
    };
    for start in 0..n {
        let newline = chars[start..].iter().position(|&c| c == '\n').unwrap_or(n - start);
        let longest_unit = newline.min((n - start) / 2);
        let units: Vec<usize> = (1..=longest_unit).filter(|&unit| repeats_at(start, unit) >= 2).collect();
        if let (Some(&shortest), Some(&longest)) = (units.first(), units.last()) {
            return Some(Repeat {
                start,
                greedy: (longest, repeats_at(start, longest)),
                lazy: (shortest, repeats_at(start, shortest)),
            });
        }
    }
    None
}

/// The shortest unit that `chars` is two or more repetitions of: `^(.+?)\1+$`.
#[allow(clippy::manual_is_multiple_of)] // `is_multiple_of` is newer than the MSRV (1.85)
fn shortest_period(chars: &[char]) -> usize {
    let n = chars.len();
    (1..=n / 2).find(|&unit| n % unit == 0 && (unit..n).all(|k| chars[k] == chars[k - unit])).unwrap_or(n)
}

fn repeat_match(chars: &[char], user_inputs: &HashMap<String, usize>, matches: &mut Vec<Match>) {
    let mut last_index = 0;
    while last_index < chars.len() {
        let rest = &chars[last_index..];
        let Some(Repeat { start, greedy: (greedy_unit, greedy_count), lazy: (lazy_unit, lazy_count) }) =
            find_repeat(rest)
        else {
            break;
        };
        let (length, base) = if greedy_unit * greedy_count > lazy_unit * lazy_count {
            // greedy beats lazy for 'aabaab'
            //   greedy: [aabaab, aab]
            //   lazy:   [aa,     a]
            // greedy's repeated string might itself be repeated, eg.
            // aabaab in aabaabaabaab: take its shortest period.
            let matched = &rest[start..start + greedy_unit * greedy_count];
            (matched.len(), &matched[..shortest_period(matched)])
        } else {
            // lazy beats greedy for 'aaaaa'
            //   greedy: [aaaa,  aa]
            //   lazy:   [aaaaa, a]
            (lazy_unit * lazy_count, &rest[start..start + lazy_unit])
        };
        let (i, j) = (last_index + start, last_index + start + length - 1);
        let base_token: String = base.iter().collect();
        // recursively match and score the base string
        let base_analysis = super::scoring::most_guessable_match_sequence(
            &base_token,
            &omnimatch(&base_token, user_inputs),
            false,
        );
        matches.push(Match {
            pattern: MatchPattern::Repeat(RepeatPattern {
                repeat_count: length / base.len(),
                base_token,
                base_guesses: base_analysis.guesses,
                base_matches: base_analysis.sequence,
            }),
            i,
            j,
            token: token(chars, i, j),
            ..Match::default()
        });
        last_index = j + 1;
    }
}

const MAX_DELTA: i32 = 5;

/// Identifies sequences by looking for repeated differences in unicode codepoint.
/// this allows skipping, such as 9753, and also matches some extended unicode sequences
/// such as Greek and Cyrillic alphabets.
///
/// for example, consider the input 'abcdb975zy'
///
/// password: a   b   c   d   b    9   7   5   z   y
/// index:    0   1   2   3   4    5   6   7   8   9
/// delta:        1   1   1  -2  -41  -2  -2  69   1
///
/// expected result:
/// `[(i, j, delta), ...] = [(0, 3, 1), (5, 7, -2), (8, 9, 1)]`
fn sequence_match(chars: &[char], matches: &mut Vec<Match>) {
    fn update(i: usize, j: usize, delta: i32, chars: &[char], matches: &mut Vec<Match>) {
        let delta_abs = delta.abs();
        if (j - i > 1 || delta_abs == 1) && (0 < delta_abs && delta_abs <= MAX_DELTA) {
            let first_chr = chars[i];
            let (sequence_name, sequence_space) = if first_chr.is_lowercase() {
                ("lower", 26)
            } else if first_chr.is_uppercase() {
                ("upper", 26)
            } else if first_chr.is_ascii_digit() {
                ("digits", 10)
            } else {
                // conservatively stick with roman alphabet size.
                // (this could be improved)
                ("unicode", 26)
            };
            matches.push(Match {
                pattern: MatchPattern::Sequence(SequencePattern {
                    sequence_name: sequence_name.to_owned(),
                    sequence_space,
                    ascending: delta > 0,
                }),
                i,
                j,
                token: token(chars, i, j),
                ..Match::default()
            });
        }
    }

    let password_len = chars.len();
    if password_len <= 1 {
        return;
    }

    let mut i = 0;
    let mut last_delta = 0;
    for k in 1..password_len {
        let delta = chars[k] as i32 - chars[k - 1] as i32;
        if last_delta == 0 {
            last_delta = delta;
        }
        if last_delta == delta {
            continue;
        }
        let j = k - 1;
        update(i, j, last_delta, chars, matches);
        i = j;
        last_delta = delta;
    }
    update(i, password_len - 1, last_delta, chars, matches);
}

/// The crate's `recent_year` regex, `19[0-9]{2}|20[0-9]{2}`, as a scan: non-overlapping,
/// leftmost first.
fn recent_year_match(chars: &[char], matches: &mut Vec<Match>) {
    let mut k = 0;
    while k + 4 <= chars.len() {
        let window = &chars[k..k + 4];
        if matches!(window[..2], ['1', '9'] | ['2', '0']) && window[2..].iter().all(char::is_ascii_digit) {
            let year = token(chars, k, k + 3);
            matches.push(Match {
                pattern: MatchPattern::Regex(RegexPattern {
                    regex_name: "recent_year".to_owned(),
                    regex_match: vec![year.clone()],
                }),
                i: k,
                j: k + 3,
                token: year,
                ..Match::default()
            });
            k += 4;
        } else {
            k += 1;
        }
    }
}

/// How a run of 4 to 8 digits may split into three numbers: `(k, l)` gives
/// `[0..k]`, `[k..l]`, `[l..]`.
fn date_splits(length: usize) -> &'static [(usize, usize)] {
    match length {
        // 1 1 91, 91 1 1
        4 => &[(1, 2), (2, 3)],
        // 1 11 91, 11 1 91
        5 => &[(1, 3), (2, 3)],
        // 1 1 1991, 11 11 91, 1991 1 1
        6 => &[(1, 2), (2, 4), (4, 5)],
        // 1 11 1991, 11 1 1991, 1991 1 11, 1991 11 1
        7 => &[(1, 3), (2, 3), (4, 5), (4, 6)],
        // 11 11 1991, 1991 11 11
        8 => &[(2, 4), (4, 6)],
        _ => &[],
    }
}

fn number(digits: &[char]) -> u16 {
    digits.iter().fold(0, |n, &d| n * 10 + (d as u16 - u16::from(b'0')))
}

/// The crate's date separator class `[\s/\\_.-]` (`\s` is Unicode white space).
fn is_date_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '/' | '\\' | '_' | '.' | '-')
}

/// `^([0-9]{1,4})([\s/\\_.-])([0-9]{1,2})([\s/\\_.-])([0-9]{1,4})$` on `token`:
/// the three numbers and the two separators. Separators are never digits, so each group
/// is a whole run of digits and the match is unique.
/// A maybe-date with separators: three runs of digits and the two separators between them.
struct SeparatedDate<'a> {
    first: &'a [char],
    separators: (char, char),
    second: &'a [char],
    third: &'a [char],
}

fn split_separated_date(token: &[char]) -> Option<SeparatedDate<'_>> {
    let digits = |from: usize| token[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let first = digits(0);
    if !(1..=4).contains(&first) || first >= token.len() || !is_date_separator(token[first]) {
        return None;
    }
    let second_start = first + 1;
    let second = digits(second_start);
    let second_end = second_start + second;
    if !(1..=2).contains(&second) || second_end >= token.len() || !is_date_separator(token[second_end]) {
        return None;
    }
    let third_start = second_end + 1;
    let third = digits(third_start);
    if !(1..=4).contains(&third) || third_start + third != token.len() {
        return None;
    }
    Some(SeparatedDate {
        first: &token[..first],
        separators: (token[first], token[second_end]),
        second: &token[second_start..second_end],
        third: &token[third_start..],
    })
}

/// a "date" is recognized as:
///   any 3-tuple that starts or ends with a 2- or 4-digit year,
///   with 2 or 0 separator chars (1.1.91 or 1191),
///   maybe zero-padded (01-01-91 vs 1-1-91),
///   a month between 1 and 12,
///   a day between 1 and 31.
///
/// note: this isn't true date parsing in that "feb 31st" is allowed,
/// this doesn't check for leap years, etc.
///
/// Every substring of the right length is tried (the crate ran an anchored regex on each);
/// finally, matches that are substrings of other matches are removed to reduce noise.
fn date_match(chars: &[char], out: &mut Vec<Match>) {
    let mut matches = Vec::new();
    let password_len = chars.len();
    // dates without separators are between length 4 '1191' and 8 '11111991'
    if password_len < 4 {
        return;
    }
    for i in 0..(password_len - 3) {
        for j in (i + 3)..(i + 8) {
            if j >= password_len {
                break;
            }
            let token = &chars[i..=j];
            if !token.iter().all(char::is_ascii_digit) {
                continue;
            }
            let candidates: Vec<(i32, i8, i8)> = date_splits(token.len())
                .iter()
                .filter_map(|&(k, l)| {
                    map_ints_to_ymd(number(&token[..k]), number(&token[k..l]), number(&token[l..]))
                })
                .collect();
            // at this point: different possible ymd mappings for the same i,j substring.
            // match the candidate date that likely takes the fewest guesses: a year closest to 2000.
            // (scoring.REFERENCE_YEAR).
            //
            // ie, considering '111504', prefer 11-15-04 to 1-1-1504
            // (interpreting '04' as 2004)
            let reference_year = super::scoring::reference_year();
            let Some(best) = candidates.iter().min_by_key(|c| (c.0 - reference_year).abs()) else {
                continue;
            };
            matches.push(Match {
                pattern: MatchPattern::Date(DatePattern {
                    separator: String::new(),
                    year: best.0,
                    month: best.1,
                    day: best.2,
                }),
                token: token.iter().collect(),
                i,
                j,
                ..Match::default()
            });
        }
    }

    // dates with separators are between length 6 '1/1/91' and 10 '11/11/1991'
    if password_len >= 6 {
        for i in 0..(password_len - 5) {
            for j in (i + 5)..(i + 10) {
                if j >= password_len {
                    break;
                }
                let token = &chars[i..=j];
                let Some(SeparatedDate { first, separators: (separator, separator2), second, third }) =
                    split_separated_date(token)
                else {
                    continue;
                };
                if separator != separator2 {
                    continue;
                }
                if let Some(ymd) = map_ints_to_ymd(number(first), number(second), number(third)) {
                    matches.push(Match {
                        pattern: MatchPattern::Date(DatePattern {
                            separator: separator.to_string(),
                            year: ymd.0,
                            month: ymd.1,
                            day: ymd.2,
                        }),
                        token: token.iter().collect(),
                        i,
                        j,
                        ..Match::default()
                    });
                }
            }
        }
    }

    out.extend(
        matches.iter().filter(|&x| !matches.iter().any(|y| *x != *y && y.i <= x.i && y.j >= x.j)).cloned(),
    );
}

/// Takes three ints and returns them in a (y, m, d) tuple
fn map_ints_to_ymd(first: u16, second: u16, third: u16) -> Option<(i32, i8, i8)> {
    // given a 3-tuple, discard if:
    //   middle int is over 31 (for all ymd formats, years are never allowed in the middle)
    //   middle int is zero
    //   any int is over the max allowable year
    //   any int is over two digits but under the min allowable year
    //   2 ints are over 31, the max allowable day
    //   2 ints are zero
    //   all ints are over 12, the max allowable month
    if second > 31 || second == 0 {
        return None;
    }
    let mut over_12 = 0;
    let mut over_31 = 0;
    let mut zero = 0;
    for &i in &[first, second, third] {
        if 99 < i && i < DATE_MIN_YEAR || i > DATE_MAX_YEAR {
            return None;
        }
        if i > 31 {
            over_31 += 1;
        }
        if i > 12 {
            over_12 += 1;
        }
        if i == 0 {
            zero += 1;
        }
    }
    if over_31 >= 2 || over_12 == 3 || zero >= 2 {
        return None;
    }

    // first look for a four digit year: yyyy + daymonth or daymonth + yyyy
    let possible_year_splits = &[(third, first, second), (first, second, third)];
    for &(year, second, third) in possible_year_splits {
        if (DATE_MIN_YEAR..=DATE_MAX_YEAR).contains(&year) {
            let dm = map_ints_to_md(second, third);
            if let Some(dm) = dm {
                return Some((i32::from(year), dm.0, dm.1));
            } else {
                // for a candidate that includes a four-digit year,
                // when the remaining ints don't match to a day and month,
                // it is not a date.
                return None;
            }
        }
    }

    // given no four-digit year, two digit years are the most flexible int to match, so
    // try to parse a day-month out of (first, second) or (second, first)
    for &(year, second, third) in possible_year_splits {
        let dm = map_ints_to_md(second, third);
        if let Some(dm) = dm {
            let year = two_to_four_digit_year(year);
            return Some((i32::from(year), dm.0, dm.1));
        }
    }

    None
}

/// Takes two ints and returns them in a (m, d) tuple
fn map_ints_to_md(first: u16, second: u16) -> Option<(i8, i8)> {
    for &(d, m) in &[(first, second), (second, first)] {
        if (1..=31).contains(&d) && (1..=12).contains(&m) {
            return Some((m as i8, d as i8));
        }
    }
    None
}

fn two_to_four_digit_year(year: u16) -> u16 {
    if year > 99 {
        year
    } else if year > 50 {
        // 87 -> 1987
        year + 1900
    } else {
        // 15 -> 2015
        year + 2000
    }
}

const DATE_MIN_YEAR: u16 = 1000;
const DATE_MAX_YEAR: u16 = 2050;
