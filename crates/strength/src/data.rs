//! The ranked word lists and keyboard graphs (data/, generated from Dropbox zxcvbn 4.4.2 by
//! scripts/strength-data.mjs), turned into lookup tables once per process.

use std::sync::OnceLock;

use crate::matching::{Dictionary, Graph};

/// The six lists, in the order Dropbox zxcvbn consults them (the order decides between
/// equally good explanations).
static LISTS: [(Dictionary, &str); 6] = [
    (Dictionary::Passwords, include_str!("../data/passwords.txt")),
    (Dictionary::EnglishWikipedia, include_str!("../data/english_wikipedia.txt")),
    (Dictionary::FemaleNames, include_str!("../data/female_names.txt")),
    (Dictionary::Surnames, include_str!("../data/surnames.txt")),
    (Dictionary::UsTvAndFilm, include_str!("../data/us_tv_and_film.txt")),
    (Dictionary::MaleNames, include_str!("../data/male_names.txt")),
];

const GRAPHS: [(Graph, &str); 4] = [
    (Graph::Qwerty, include_str!("../data/qwerty.graph")),
    (Graph::Dvorak, include_str!("../data/dvorak.graph")),
    (Graph::Keypad, include_str!("../data/keypad.graph")),
    (Graph::MacKeypad, include_str!("../data/mac_keypad.graph")),
];

/// One word of one list.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry<'a> {
    pub word: &'a str,
    pub dictionary: Dictionary,
    pub rank: u32,
}

/// Words sorted by their bytes (then list, then rank), so a prefix is one contiguous range.
pub(crate) struct Table<'a> {
    pub entries: Vec<Entry<'a>>,
    /// Each entry's first eight bytes as a big-endian integer, zero-padded (`order::chunk`).
    /// The walk narrows its range on these while it is less than eight bytes deep, nearly
    /// always: eight keys share a 64-byte cache line, where an entry and the word it points
    /// to are two lines apart. With the two-byte index below, a cold walk (the page between
    /// keystrokes has let the caches go) misses the cache ≈ 100 times a check instead of
    /// ≈ 730 (bench/README.md).
    keys: Vec<u64>,
    /// Where the words starting with each byte begin (`by_first[b]..by_first[b + 1]`): the
    /// first step of every walk is a lookup rather than two searches over the whole table.
    by_first: Vec<usize>,
    /// For a large table, where the words starting with each two bytes begin
    /// (`by_two[p]..by_two[p + 1]`, `p` the two bytes as a big-endian `u16`; a second byte
    /// of 0 is a one-byte word): the second step is a lookup too, where a search over a
    /// first letter's thousands of words would read a dozen cold cache lines.
    by_two: Vec<u32>,
}

/// Tables with fewer entries (the user's own words, built for each estimate) are searched
/// from the first byte on.
const TWO_BYTE_INDEX_FROM: usize = 4096;

impl<'a> Table<'a> {
    /// Sorts `entries`, given in (list, rank) order, by word, keeping that order between
    /// equal words.
    fn new(entries: Vec<Entry<'a>>) -> Self {
        let words: Vec<&str> = entries.iter().map(|e| e.word).collect();
        let sorted = crate::order::permute(entries, &crate::order::word_order(&words));
        let by_first = (0..=256usize)
            .map(|byte| {
                sorted.partition_point(|e| e.word.as_bytes().first().is_some_and(|&f| usize::from(f) < byte))
            })
            .collect();
        let keys: Vec<u64> = sorted.iter().map(|e| crate::order::chunk(e.word, 0)).collect();
        let mut by_two = Vec::new();
        if keys.len() >= TWO_BYTE_INDEX_FROM {
            // The keys ascend: one pass over them.
            let mut at = 0;
            for prefix in 0..=1u64 << 16 {
                at += keys.get(at..).unwrap_or(&[]).iter().take_while(|&&key| key >> 48 < prefix).count();
                by_two.push(u32::try_from(at).unwrap_or(u32::MAX));
            }
        }
        Table { entries: sorted, keys, by_first, by_two }
    }

    /// The whole table as a range.
    pub fn all(&self) -> (usize, usize) {
        (0, self.entries.len())
    }

    /// Within `range` (entries sharing a prefix of `depth` bytes), the entries whose next
    /// bytes are `next`.
    pub fn narrow(&self, range: (usize, usize), depth: usize, next: &[u8]) -> (usize, usize) {
        let slice = self.entries.get(range.0..range.1).unwrap_or(&[]);
        if let [byte] = next {
            if depth == 0 {
                let at = |b: usize| self.by_first.get(b).copied().unwrap_or(0);
                return (at(usize::from(*byte)), at(usize::from(*byte) + 1));
            }
            if depth == 1 && range.0 < range.1 && !self.by_two.is_empty() {
                if let Some(key) = self.keys.get(range.0) {
                    let prefix = (usize::try_from(key >> 56).unwrap_or(0) << 8) | usize::from(*byte);
                    let at = |p: usize| self.by_two.get(p).map_or(0, |&start| start as usize);
                    return (at(prefix), at(prefix + 1));
                }
            }
            // One byte (ASCII, nearly always): compare that byte alone; a word that ends
            // here sorts first.
            if depth < 8 {
                // In the keys, a word that ends here has a zero byte, below every real one.
                let keys = self.keys.get(range.0..range.1).unwrap_or(&[]);
                let shift = 56 - 8 * depth;
                let byte_at = |key: &u64| (key >> shift) & 0xff;
                let target = u64::from(*byte);
                let lo = keys.partition_point(|k| byte_at(k) < target);
                let hi = lo + keys.get(lo..).unwrap_or(&[]).partition_point(|k| byte_at(k) == target);
                return (range.0 + lo, range.0 + hi);
            }
            let byte_at = |e: &Entry| e.word.as_bytes().get(depth).map_or(-1, |&b| i32::from(b));
            let target = i32::from(*byte);
            let lo = slice.partition_point(|e| byte_at(e) < target);
            let hi = slice.partition_point(|e| byte_at(e) <= target);
            return (range.0 + lo, range.0 + hi.max(lo));
        }
        fn tail<'w>(entry: &Entry<'w>, depth: usize) -> &'w [u8] {
            entry.word.as_bytes().get(depth..).unwrap_or(&[])
        }
        let lo = slice.partition_point(|e| tail(e, depth) < next);
        let hi = slice.partition_point(|e| {
            let t = tail(e, depth);
            t < next || t.starts_with(next)
        });
        (range.0 + lo, range.0 + hi.max(lo))
    }

    /// The entries of `range` that are exactly `depth` bytes long (a whole word), one per
    /// list, with the list's highest rank for a word listed twice (the last line wins, as in
    /// zxcvbn's table).
    pub fn words_at(&self, range: (usize, usize), depth: usize) -> impl Iterator<Item = Entry<'a>> + '_ {
        let slice = self.entries.get(range.0..range.1).unwrap_or(&[]);
        // They sort first, and are few: count them rather than search, in the keys while
        // they hold the byte after the word (a zero there ends it).
        let whole = if depth < 8 {
            let keys = self.keys.get(range.0..range.1).unwrap_or(&[]);
            keys.iter().take_while(|&&key| (key >> (56 - 8 * depth)) & 0xff == 0).count()
        } else {
            slice.iter().take_while(|e| e.word.len() == depth).count()
        };
        let whole = slice.get(..whole).unwrap_or(&[]);
        whole
            .iter()
            .enumerate()
            .filter(move |(k, e)| whole.get(k + 1).is_none_or(|next| next.dictionary != e.dictionary))
            .map(|(_, e)| *e)
    }
}

/// The user's own words: a seventh list, ranked by position.
pub(crate) struct UserInputs {
    words: Vec<String>,
}

impl UserInputs {
    pub fn new(inputs: &[&str], lowercase: fn(&str) -> String) -> Self {
        UserInputs {
            words: inputs.iter().map(|input| crate::matching::lower_text(input, lowercase)).collect(),
        }
    }

    pub fn table(&self) -> Table<'_> {
        let entries = self
            .words
            .iter()
            .enumerate()
            .filter(|(_, word)| !word.is_empty())
            .map(|(k, word)| Entry {
                word,
                dictionary: Dictionary::UserInputs,
                rank: u32::try_from(k + 1).unwrap_or(u32::MAX),
            })
            .collect();
        Table::new(entries)
    }
}

/// A keyboard: for each key character, its neighbours in a fixed direction order; each
/// neighbour is the key's characters (unshifted, then shifted), or empty for none.
pub(crate) struct KeyGraph {
    keys: Vec<(char, Vec<&'static str>)>,
    /// How many keys a walk can start on.
    pub starting_positions: f64,
    /// The mean number of neighbours of a key.
    pub average_degree: f64,
}

impl KeyGraph {
    fn parse(text: &'static str) -> Self {
        let keys: Vec<(char, Vec<&'static str>)> = text
            .lines()
            .filter_map(|line| {
                let mut fields = line.split('\t');
                let key = fields.next()?.chars().next()?;
                Some((key, fields.collect()))
            })
            .collect();
        let order = crate::order::by_key(keys.iter().map(|(key, _)| u64::from(u32::from(*key))));
        let keys = crate::order::permute(keys, &order);
        let neighbours: usize =
            keys.iter().map(|(_, slots)| slots.iter().filter(|slot| !slot.is_empty()).count()).sum();
        let count = keys.len().max(1) as f64;
        KeyGraph { starting_positions: keys.len() as f64, average_degree: neighbours as f64 / count, keys }
    }

    /// The neighbour slots of `key` (none for a character not on this keyboard).
    pub fn neighbours(&self, key: char) -> &[&'static str] {
        match self.keys.binary_search_by_key(&key, |(k, _)| *k) {
            Ok(at) => self.keys.get(at).map_or(&[], |(_, slots)| slots.as_slice()),
            Err(_) => &[],
        }
    }
}

pub(crate) struct Data {
    pub table: Table<'static>,
    pub graphs: Vec<(Graph, KeyGraph)>,
}

impl Data {
    pub fn graph(&self, graph: Graph) -> Option<&KeyGraph> {
        self.graphs.iter().find(|(g, _)| *g == graph).map(|(_, k)| k)
    }
}

static DATA: OnceLock<Data> = OnceLock::new();

pub(crate) fn data() -> &'static Data {
    DATA.get_or_init(|| {
        let mut entries = Vec::with_capacity(94_000);
        for (dictionary, text) in LISTS {
            for (k, word) in text.lines().enumerate() {
                let rank = u32::try_from(k + 1).unwrap_or(u32::MAX);
                entries.push(Entry { word, dictionary, rank });
            }
        }
        let graphs = GRAPHS.iter().map(|(graph, text)| (*graph, KeyGraph::parse(text))).collect();
        Data { table: Table::new(entries), graphs }
    })
}

/// The words of one ranked list in rank order (line 0 is rank 1); none for
/// [`Dictionary::UserInputs`]. For callers that need the same words for another purpose
/// without shipping a second copy of them (policy-widget's common-password rule checks its
/// line numbers against it; it picks its words with [`words_where`]).
pub fn list(dictionary: Dictionary) -> impl Iterator<Item = &'static str> {
    LISTS.iter().filter(move |(d, _)| *d == dictionary).flat_map(|(_, text)| text.lines())
}

/// The listed words whose list and rank `keep` accepts, in byte order, from the word table
/// (a word kept from two lists comes twice). For callers that pick words of the lists by
/// position (policy-widget's common-password rule): one pass over the table, in order,
/// instead of another over the lists' text and a sort.
pub fn words_where(keep: impl Fn(Dictionary, u32) -> bool) -> Vec<&'static str> {
    data().table.entries.iter().filter(|e| keep(e.dictionary, e.rank)).map(|e| e.word).collect()
}

/// Builds the word table and keyboard graphs now rather than on the first estimate.
pub fn prepare() {
    data();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_as_a_plain_sort_would_sort_it() {
        let table = &data().table;
        assert_eq!(table.entries.len(), LISTS.iter().map(|(_, text)| text.lines().count()).sum::<usize>());
        for pair in table.entries.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let order = a.word.cmp(b.word).then(a.dictionary.cmp(&b.dictionary)).then(a.rank.cmp(&b.rank));
            assert!(
                order.is_lt(),
                "{} {:?} {} before {} {:?} {}",
                a.word,
                a.dictionary,
                a.rank,
                b.word,
                b.dictionary,
                b.rank
            );
        }
    }

    /// The range a walk over `prefix` ends on, character by character as the matchers walk,
    /// or `None` once it is empty.
    fn walk(table: &Table, prefix: &str) -> Option<(usize, usize)> {
        let (mut range, mut depth) = (table.all(), 0);
        for c in prefix.chars() {
            let mut buf = [0u8; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            range = table.narrow(range, depth, bytes);
            if range.0 == range.1 {
                return None;
            }
            depth += bytes.len();
        }
        Some(range)
    }

    /// What the walk must find, by a scan: the entries that start with `prefix`, and those
    /// that are exactly it (one per list, its last).
    fn scanned(table: &Table, prefix: &str) -> (Vec<usize>, Vec<(Dictionary, u32)>) {
        let starting: Vec<usize> =
            (0..table.entries.len()).filter(|&k| table.entries[k].word.starts_with(prefix)).collect();
        let mut whole: Vec<(Dictionary, u32)> = Vec::new();
        for e in table.entries.iter().filter(|e| e.word == prefix) {
            match whole.last_mut() {
                Some(last) if last.0 == e.dictionary => last.1 = e.rank,
                _ => whole.push((e.dictionary, e.rank)),
            }
        }
        (starting, whole)
    }

    fn check_walk(table: &Table, prefix: &str) {
        let (starting, whole) = scanned(table, prefix);
        match walk(table, prefix) {
            None => assert!(
                starting.is_empty(),
                "{prefix:?}: the walk stopped, {} entries start so",
                starting.len()
            ),
            Some((lo, hi)) => {
                assert_eq!((lo..hi).collect::<Vec<_>>(), starting, "{prefix:?}");
                let found: Vec<_> =
                    table.words_at((lo, hi), prefix.len()).map(|e| (e.dictionary, e.rank)).collect();
                assert_eq!(found, whole, "{prefix:?}");
            }
        }
    }

    proptest::proptest! {
        /// The key and two-byte shortcuts (first bytes, keys below eight bytes, the two-byte
        /// index of the large table) find what a scan finds, across the eight-byte edge and
        /// for characters of several bytes.
        #[test]
        fn walks_find_what_a_scan_finds(prefix in "[aenorsty1é€]{1,11}") {
            check_walk(&data().table, &prefix);
            let inputs = UserInputs::new(&["annette", "anne", "ann", "é€", "ye", "nnnnnnnnnnn", "y"], str::to_lowercase);
            check_walk(&inputs.table(), &prefix);
        }
    }

    #[test]
    fn listed_words_are_found_whole_at_every_length() {
        let table = &data().table;
        for word in
            ["a", "ab", "pas", "password", "password1", "passwords", "iloveyou", "iloveyou1", "zz", "ü"]
        {
            check_walk(table, word);
        }
        // Every word of every length up to 12 in one list, the long ones past the keys.
        for word in list(Dictionary::MaleNames).step_by(37) {
            check_walk(table, word);
        }
    }

    #[test]
    fn keyboards_have_the_expected_shape() {
        let qwerty = data().graph(Graph::Qwerty).expect("qwerty");
        assert_eq!(qwerty.starting_positions, 94.0);
        assert_eq!(qwerty.neighbours('a').len(), 6);
        let keypad = data().graph(Graph::Keypad).expect("keypad");
        assert_eq!(keypad.starting_positions, 15.0);
        assert!(keypad.neighbours('q').is_empty());
    }
}
