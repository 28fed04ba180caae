//! The six frequency lists merged into one table sorted by word, built once on first use.
//!
//! The crate this forks kept six `HashMap<&str, usize>` (SipHash) and looked up every
//! substring of the password in each of them, then again for every l33t substitution. One
//! sorted table gives the same answers and more: a [`Cursor`] narrows it one byte at a time,
//! so a scan from position `i` stops as soon as no word starts with what it has read, and the
//! l33t matcher prunes every substitution no word can complete.
//!
//! Building the table is most of the first call's cost, and of a page's cold start: in a
//! browser's baseline WebAssembly compiler every instruction executed counts, and so does
//! every page of fresh memory touched. So it sorts integers, not strings, by counting them.
//! A word's key is its first eight bytes as a big-endian integer (zero-padded): keys order
//! words as their bytes do, except that words sharing eight bytes tie. One pass over the
//! comma-separated lists appends each word's entry to the table in list order (its text stays
//! in the list, found by its offset); a radix sort orders the entries' indices by key, sixteen
//! bits a pass from the lowest; the entries move to their places, a cycle of that permutation
//! at a time; and only runs of equal keys are sorted by their whole text, then list, then
//! rank: the order is exactly `(word bytes, list, rank)`. Equal words (none in the shipped
//! lists, which Dropbox deduplicated) are then merged into one entry in that order, so a later
//! duplicate wins, as it did in the crate's `HashMap::collect`. The last pass's digit is a
//! key's top two bytes: where each of its values starts is the bucket index that a scan's
//! first two steps look up.

use std::cmp::Ordering;
use std::sync::OnceLock;

use crate::frequency_lists::{DictionaryType, LISTS};

/// The lists' comma-separated texts, in [`LISTS`] order.
const TEXTS: [&str; LISTS.len()] = {
    let mut texts = [""; LISTS.len()];
    let mut i = 0;
    while i < LISTS.len() {
        texts[i] = LISTS[i].1;
        i += 1;
    }
    texts
};

/// Bits of [`Entry::at`] that hold the word's offset in its list's text; the list's index is
/// in the bits above.
const OFFSET_BITS: u32 = 29;

/// One word and its rank in each list (0: not in that list). Ranks fit in `u16`: the longest
/// list has 30,000 words. 24 bytes.
#[derive(Clone, Copy)]
pub(crate) struct Entry {
    /// The word's first eight bytes as a big-endian integer, zero-padded (see [`key`]).
    key: u64,
    /// `list << OFFSET_BITS | offset`: the word is that list's text from `offset` up to the
    /// next comma (or the end). The list is the first one that holds the word.
    at: u32,
    ranks: [u16; LISTS.len()],
}

impl Entry {
    /// Its list's text from the word's first byte on.
    fn text(&self, lists: &[&'static str]) -> &'static [u8] {
        let list = lists[(self.at >> OFFSET_BITS) as usize].as_bytes();
        &list[(self.at & ((1 << OFFSET_BITS) - 1)) as usize..]
    }

    /// The word's byte at `depth`, or `None` past its end.
    fn byte(&self, depth: usize) -> Option<u8> {
        if depth < 8 {
            // From the key, unless it is a zero: padding (or a zero byte of the word).
            let byte = (self.key >> (56 - 8 * depth)) as u8;
            if byte != 0 {
                return Some(byte);
            }
        }
        self.text(&TEXTS).get(depth).copied().filter(|&byte| byte != b',')
    }

    /// The words' order (their bytes').
    fn cmp_words(&self, other: &Entry, lists: &[&'static str]) -> Ordering {
        let (a, b) = (self.text(lists), other.text(lists));
        // Equal keys whose last byte is a word's byte: the first eight bytes are equal.
        let mut i = if self.key == other.key && self.key as u8 != 0 { 8 } else { 0 };
        // A word's byte at `i`, or `None` past its end, which sorts first.
        let byte = |text: &'static [u8], i: usize| text.get(i).copied().filter(|&byte| byte != b',');
        loop {
            match (byte(a, i), byte(b, i)) {
                (Some(x), Some(y)) if x == y => i += 1,
                (x, y) => return x.cmp(&y),
            }
        }
    }

    /// `(list, rank)` of an entry not yet merged: the one list it was read from.
    fn origin(&self) -> (usize, u16) {
        let list = (self.at >> OFFSET_BITS) as usize;
        (list, self.ranks[list])
    }

    /// `(dictionary, rank)` for each list that holds the word, in the lists' order.
    pub fn ranked(&self) -> impl Iterator<Item = (DictionaryType, usize)> + '_ {
        LISTS
            .iter()
            .zip(self.ranks)
            .filter(|&(_, rank)| rank > 0)
            .map(|(&(dictionary, _), rank)| (dictionary, usize::from(rank)))
    }
}

/// Eight copies of a byte, to look at eight bytes at once.
const fn splat(byte: u8) -> u64 {
    u64::from_ne_bytes([byte; 8])
}

/// The commas among the eight bytes of `chunk`, as the high bits of their bytes in
/// `u64::from_le_bytes(*chunk)` (so the first comma's is the lowest).
fn commas(chunk: &[u8; 8]) -> u64 {
    let x = u64::from_le_bytes(*chunk) ^ splat(b',');
    // The zero bytes of `x`, exactly: adding 0x7f to the low seven bits of a byte carries
    // into its high bit unless they are all zero, and never into the next byte.
    !(((x & splat(0x7f)) + splat(0x7f)) | x) & splat(0x80)
}

/// Calls `f(start, end)` for every word `text[start..end]` of a comma-separated list, in
/// order, as `split(',')` would: a word after every comma, the last one running to the end.
#[inline]
fn for_each_word(text: &[u8], mut f: impl FnMut(usize, usize)) {
    let mut start = 0;
    let (chunks, tail) = text.as_chunks::<8>();
    for (i, chunk) in chunks.iter().enumerate() {
        let mut found = commas(chunk);
        while found != 0 {
            let end = i * 8 + (found.trailing_zeros() / 8) as usize;
            f(start, end);
            start = end + 1;
            found &= found - 1;
        }
    }
    let tail_start = text.len() - tail.len();
    for (i, &byte) in tail.iter().enumerate() {
        if byte == b',' {
            f(start, tail_start + i);
            start = tail_start + i + 1;
        }
    }
    f(start, text.len());
}

/// The key of the word `text[start..end]`: its first eight bytes as a big-endian integer,
/// zero-padded. If word `a < b` (bytes) then `key(a) <= key(b)`, and equal keys mean that the
/// words share their first eight bytes (or differ only by zero bytes where one has ended).
#[inline]
fn key(text: &[u8], start: usize, end: usize) -> u64 {
    let len = (end - start).min(8);
    match text.get(start..).and_then(<[u8]>::first_chunk::<8>) {
        // The bytes past the word's end masked off.
        Some(chunk) => u64::from_be_bytes(*chunk) & !u64::MAX.checked_shr(8 * len as u32).unwrap_or(0),
        None => {
            let mut key = [0; 8];
            key[..len].copy_from_slice(&text[start..start + len]);
            u64::from_be_bytes(key)
        }
    }
}

/// The bucket of a key: its top two bytes.
fn bucket_of(key: u64) -> usize {
    (key >> 48) as usize
}

/// The merged table and its bucket index.
struct Table {
    /// Sorted by word (bytes).
    entries: Vec<Entry>,
    /// `starts[k]`: where the entries whose first two bytes are `k >> 8`, `k & 0xff` (a
    /// one-byte word counts as `k & 0xff == 0`) begin, for every `k` in `0..=1 << 16`, so that
    /// a scan's first two steps, the widest ranges, are lookups instead of binary searches
    /// over the whole table. The last pass of [`build`]'s radix sort counts them.
    starts: Vec<u32>,
}

/// The table, built on first use.
fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| build(&TEXTS))
}

/// The merged table, sorted by word (bytes).
pub(crate) fn entries() -> &'static [Entry] {
    &table().entries
}

/// See [`Table::starts`].
fn bucket_starts() -> &'static [u32] {
    &table().starts
}

/// Builds everything the first estimate would otherwise build.
pub(crate) fn prepare() {
    table();
}

/// [`Table::starts`] of a sorted table, by a pass over it.
fn starts_of(table: &[Entry]) -> Vec<u32> {
    let mut starts = Vec::with_capacity((1 << 16) + 1);
    for (index, entry) in table.iter().enumerate() {
        while starts.len() <= bucket_of(entry.key) {
            starts.push(index as u32);
        }
    }
    starts.resize((1 << 16) + 1, table.len() as u32);
    starts
}

/// The table of `lists` (at most six comma-separated texts, each shorter than 512 MiB).
fn build(lists: &[&'static str]) -> Table {
    assert!(lists.len() <= LISTS.len() && lists.iter().all(|text| text.len() < 1 << OFFSET_BITS));
    // One pass over the texts: every word's entry, in list order (the shipped lists average
    // 8.4 bytes a word with its comma). `every` has every bit that is set in some key.
    let mut table: Vec<Entry> = Vec::with_capacity(lists.iter().map(|text| text.len() / 8).sum());
    let mut every = 0;
    for (list, text) in lists.iter().enumerate() {
        let text = text.as_bytes();
        let mut rank: u16 = 0;
        for_each_word(text, |start, end| {
            rank = rank.wrapping_add(1);
            let key = key(text, start, end);
            every |= key;
            let mut entry =
                Entry { key, at: (list as u32) << OFFSET_BITS | start as u32, ranks: [0; LISTS.len()] };
            entry.ranks[list] = rank;
            table.push(entry);
        });
    }
    // A radix sort by key, sixteen bits at a time from the lowest: `counts[d][k]` counts the
    // entries whose digit `d` (bits `16 * d..16 * d + 16` of the key) is `k`, up to the
    // largest `k` there can be: `every`'s digit. Digit 3 is the bucket. The keys are copied
    // out of the table because the passes read them in random order: 8 bytes apart, not 24.
    let mut counts: [Vec<u32>; 4] = std::array::from_fn(|digit| vec![0; digit_of(every, digit) + 1]);
    let keys: Vec<u64> = table
        .iter()
        .map(|entry| {
            for (digit, counts) in counts.iter_mut().enumerate() {
                counts[digit_of(entry.key, digit)] += 1;
            }
            entry.key
        })
        .collect();
    // `counts[d][k]` becomes where the entries whose digit `d` is `k` go in that digit's pass.
    for counts in &mut counts {
        let mut total = 0;
        for count in counts {
            let entries = *count;
            *count = total;
            total += entries;
        }
    }
    let mut starts = Vec::with_capacity((1 << 16) + 1);
    starts.extend_from_slice(&counts[3]);
    starts.resize((1 << 16) + 1, table.len() as u32);
    // The entries' indices sorted by key: each pass is stable, so entries of equal keys stay
    // in list order.
    let mut order: Vec<u32> = vec![0; table.len()];
    let mut sorted: Vec<u32> = vec![0; table.len()];
    for (digit, counts) in counts.iter_mut().enumerate() {
        let mut place = |index: u32, key: u64| {
            let slot = &mut counts[digit_of(key, digit)];
            sorted[*slot as usize] = index;
            *slot += 1;
        };
        if digit == 0 {
            for (index, &key) in keys.iter().enumerate() {
                place(index as u32, key);
            }
        } else {
            for &index in &order {
                place(index, keys[index as usize]);
            }
        }
        std::mem::swap(&mut order, &mut sorted);
    }
    drop((sorted, counts, keys));
    // Each entry moved to its place, a cycle of the permutation at a time: `order[place]` is
    // the index of the entry that goes there, until it does (`order[place] == place`).
    for first in 0..order.len() {
        if order[first] as usize == first {
            continue;
        }
        let entry = table[first];
        let mut place = first;
        loop {
            let from = order[place] as usize;
            order[place] = place as u32;
            if from == first {
                table[place] = entry;
                break;
            }
            table[place] = table[from];
            place = from;
        }
    }
    drop(order);
    // Runs of equal keys sorted by their words.
    let mut duplicates = false;
    let mut run = 0;
    for end in 1..=table.len() {
        if end < table.len() && table[end].key == table[run].key {
            continue;
        }
        if end - run > 1 {
            duplicates |= sort_run(&mut table[run..end], lists);
        }
        run = end;
    }
    if duplicates {
        // `later` follows `kept` in `(word, list, rank)` order: its rank overwrites.
        table.dedup_by(|later, kept| {
            let same = later.key == kept.key && later.cmp_words(kept, lists).is_eq();
            if same {
                let (list, rank) = later.origin();
                kept.ranks[list] = rank;
            }
            same
        });
        starts = starts_of(&table);
    }
    table.shrink_to_fit();
    Table { entries: table, starts }
}

/// Sorts entries of equal keys (not yet merged) by `(word, list, rank)`, and tells whether
/// two of them have the same word. No two entries are equal in this order (each has its own
/// list and rank), and a comparison sort compares every two that end up next to each other
/// (else it could not know their order): it compares duplicates. Not the standard library's
/// sorts: in V8's baseline compiler, compiling one on first use took as long (0.7 ms in Node)
/// as sorting every run of the shipped lists.
fn sort_run(run: &mut [Entry], lists: &[&'static str]) -> bool {
    let mut duplicates = false;
    let mut less = |a: &Entry, b: &Entry| {
        let words = a.cmp_words(b, lists);
        duplicates |= words.is_eq();
        words.then_with(|| a.origin().cmp(&b.origin())).is_lt()
    };
    if run.len() <= 16 {
        // Most runs are two or three entries: an insertion sort.
        for i in 1..run.len() {
            let mut j = i;
            while j > 0 && less(&run[j], &run[j - 1]) {
                run.swap(j, j - 1);
                j -= 1;
            }
        }
        return duplicates;
    }
    // A heapsort. `sift_down(run, node, end)` moves `run[node]` down the max-heap `run[..end]`.
    let mut sift_down = |run: &mut [Entry], mut node: usize, end: usize| loop {
        let mut child = 2 * node + 1;
        if child >= end {
            break;
        }
        if child + 1 < end && less(&run[child], &run[child + 1]) {
            child += 1;
        }
        if !less(&run[node], &run[child]) {
            break;
        }
        run.swap(node, child);
        node = child;
    };
    for node in (0..run.len() / 2).rev() {
        sift_down(run, node, run.len());
    }
    for end in (1..run.len()).rev() {
        run.swap(0, end);
        sift_down(run, 0, end);
    }
    duplicates
}

/// Digit `digit` of a key: its bits `16 * digit..16 * digit + 16`.
#[inline]
fn digit_of(key: u64, digit: usize) -> usize {
    (key >> (16 * digit)) as u16 as usize
}

/// The entries that start with the bytes read so far: a contiguous range of the table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Cursor {
    lo: usize,
    hi: usize,
    depth: usize,
}

impl Cursor {
    /// Every entry: nothing read yet.
    pub fn root() -> Self {
        Cursor { lo: 0, hi: entries().len(), depth: 0 }
    }

    /// The entries that continue with `byte`, if any.
    pub fn next_byte(self, byte: u8) -> Option<Cursor> {
        // The first two bytes come from the bucket index, unless the byte is zero: bucket 0
        // also holds an empty word, bucket `b << 8` the one-byte word `b`, and neither
        // continues with a zero byte.
        let bucket = match self.depth {
            0 if byte != 0 => Some((usize::from(byte) << 8, (usize::from(byte) + 1) << 8)),
            1 if byte != 0 => {
                let first = entries()[self.lo].byte(0).map_or(0, usize::from);
                let bucket = first << 8 | usize::from(byte);
                Some((bucket, bucket + 1))
            }
            _ => None,
        };
        if let Some((from, to)) = bucket {
            let starts = bucket_starts();
            let (lo, hi) = (starts[from] as usize, starts[to] as usize);
            return (lo < hi).then_some(Cursor { lo, hi, depth: self.depth + 1 });
        }
        self.search(byte)
    }

    /// [`Cursor::next_byte`] by binary search within the range: what the bucket index saves.
    fn search(self, byte: u8) -> Option<Cursor> {
        let table = &entries()[self.lo..self.hi];
        let depth = self.depth;
        // Within the range every word shares the first `depth` bytes; a word that ends there
        // sorts first, so "its byte at `depth`" is -1 for it.
        let key = |entry: &Entry| entry.byte(depth).map_or(-1, i32::from);
        let lo = table.partition_point(|entry| key(entry) < i32::from(byte));
        let hi = table.partition_point(|entry| key(entry) <= i32::from(byte));
        (lo < hi).then_some(Cursor { lo: self.lo + lo, hi: self.lo + hi, depth: depth + 1 })
    }

    /// The entries that continue with `c` (all of its UTF-8 bytes), if any.
    pub fn next_char(self, c: char) -> Option<Cursor> {
        let mut buffer = [0; 4];
        c.encode_utf8(&mut buffer).bytes().try_fold(self, |cursor, byte| cursor.next_byte(byte))
    }

    /// The entry whose word is exactly what has been read, if there is one.
    pub fn exact(self) -> Option<&'static Entry> {
        let entry = &entries()[self.lo];
        entry.byte(self.depth).is_none().then_some(entry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table as the fork used to build it: `(word, list, rank)` for every word of every
    /// list, sorted, then merged in that order (a later duplicate's rank overwrites).
    fn naive(lists: &[&'static str]) -> Vec<(&'static [u8], [u16; 6])> {
        let mut words: Vec<(&[u8], usize, u16)> = Vec::new();
        for (list, text) in lists.iter().enumerate() {
            for (position, word) in text.split(',').enumerate() {
                words.push((word.as_bytes(), list, (position + 1) as u16));
            }
        }
        words.sort_unstable();
        let mut table: Vec<(&[u8], [u16; 6])> = Vec::new();
        for (word, list, rank) in words {
            match table.last_mut() {
                Some(last) if last.0 == word => last.1[list] = rank,
                _ => {
                    let mut ranks = [0; 6];
                    ranks[list] = rank;
                    table.push((word, ranks));
                }
            }
        }
        table
    }

    /// Each entry's word and ranks.
    fn contents(table: &[Entry], lists: &[&'static str]) -> Vec<(&'static [u8], [u16; 6])> {
        table
            .iter()
            .map(|entry| {
                let text = entry.text(lists);
                let len = text.iter().position(|&byte| byte == b',').unwrap_or(text.len());
                (&text[..len], entry.ranks)
            })
            .collect()
    }

    #[test]
    fn the_table_holds_every_word_once_in_strict_byte_order() {
        let table = contents(entries(), &TEXTS);
        let words: usize = TEXTS.iter().map(|text| text.split(',').count()).sum();
        // Dropbox deduplicated the lists: each word is in one list, once.
        assert_eq!(table.len(), words);
        assert!(table.len() > 90_000);
        for pair in table.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{:?} then {:?}", pair[0].0, pair[1].0);
        }
        assert!(table == naive(&TEXTS));
    }

    #[test]
    fn known_words_have_their_ranks() {
        let ranked = |word: &str| -> Vec<(DictionaryType, usize)> {
            let cursor = word.chars().try_fold(Cursor::root(), Cursor::next_char);
            cursor.and_then(Cursor::exact).map(|entry| entry.ranked().collect()).unwrap_or_default()
        };
        assert_eq!(ranked("password"), [(DictionaryType::Passwords, 2)]);
        assert_eq!(ranked("123456"), [(DictionaryType::Passwords, 1)]);
        assert_eq!(ranked("dragon"), [(DictionaryType::Passwords, 10)]);
        assert_eq!(ranked("the"), [(DictionaryType::English, 1)]);
        assert_eq!(ranked("mary"), [(DictionaryType::FemaleNames, 1)]);
        assert_eq!(ranked("smith"), [(DictionaryType::Surnames, 1)]);
        assert_eq!(ranked("you"), [(DictionaryType::UsTvAndFilm, 1)]);
        assert_eq!(ranked("james"), [(DictionaryType::MaleNames, 1)]);
        // A prefix of words that is not itself a word, and a word that is in no list.
        assert_eq!(ranked("dragonf"), []);
        assert_eq!(ranked("tr0ub4dour"), []);
    }

    #[test]
    fn duplicates_merge_and_a_later_rank_wins() {
        let lists: &[&'static str] = &["b,a,c,a", "a,d", "", "x"];
        let table = contents(&build(lists).entries, lists);
        assert_eq!(
            table,
            [
                (&b""[..], [0, 0, 1, 0, 0, 0]),
                (b"a", [4, 1, 0, 0, 0, 0]),
                (b"b", [1, 0, 0, 0, 0, 0]),
                (b"c", [3, 0, 0, 0, 0, 0]),
                (b"d", [0, 2, 0, 0, 0, 0]),
                (b"x", [0, 0, 0, 1, 0, 0]),
            ]
        );
        assert!(table == naive(lists));
    }

    #[test]
    fn words_sharing_their_first_eight_bytes_sort_by_their_bytes() {
        let lists: &[&'static str] = &[
            "abcdefghij,abcdefgh,abcdefghi,ab\0,ab,abcdefgh\0,a\0b,abcdefghijklmnopq,b,\u{e9}t\u{e9}",
            "abcdefghijklmnopr,abcdefghijklmnop,abcdefgh,ab\0\0,zz,abcdefghijklmnopq,abcdefgi,",
            "abcdefghijklmnopq,,abcdefgh,",
        ];
        let table = contents(&build(lists).entries, lists);
        for pair in table.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{:?} then {:?}", pair[0].0, pair[1].0);
        }
        assert!(table == naive(lists));
    }

    #[test]
    fn long_runs_of_equal_keys_sort_as_short_ones_do() {
        // Forty words sharing their first eight bytes (too many for the insertion sort) in a
        // scrambled order, the eight bytes alone, and duplicates within and across lists.
        let words = |step: usize| (0..40).map(|i| format!("samekey!{}", i * step % 40)).collect::<Vec<_>>();
        let first = format!("{},samekey!,samekey!7", words(17).join(","));
        let lists: &[&'static str] = &[Box::leak(first.into()), Box::leak(words(23).join(",").into())];
        let table = build(lists);
        let words = contents(&table.entries, lists);
        assert_eq!(words.len(), 41);
        assert!(words == naive(lists));
        assert_eq!(table.starts, starts_of(&table.entries));
    }

    #[test]
    fn the_bucket_index_is_where_each_first_two_bytes_start() {
        assert_eq!(bucket_starts(), starts_of(entries()));
        // Buckets at both ends of the range: bytes above 0x7f, a zero byte, an empty word.
        let lists: &[&'static str] = &["\u{10ffff}x,\u{e9},zz,\0b,a", ",\u{7ff}\u{7ff},\u{ffff},ab"];
        let table = build(lists);
        assert!(contents(&table.entries, lists) == naive(lists));
        assert_eq!(table.starts, starts_of(&table.entries));
    }

    #[test]
    fn the_bucket_index_gives_the_ranges_binary_search_gives() {
        let root = Cursor::root();
        for first in 0..=u8::MAX {
            let fast = root.next_byte(first);
            assert_eq!(fast, root.search(first), "first byte {first}");
            let Some(cursor) = fast else { continue };
            for second in 0..=u8::MAX {
                assert_eq!(cursor.next_byte(second), cursor.search(second), "bytes {first} {second}");
            }
        }
        // And the ranges are the words: "pas" narrows to words starting with it.
        let pas = b"pas".iter().try_fold(root, |cursor, &byte| cursor.next_byte(byte)).unwrap();
        assert!(entries()[pas.lo..pas.hi].iter().all(|entry| entry.byte(0) == Some(b'p')
            && entry.byte(1) == Some(b'a')
            && entry.byte(2) == Some(b's')));
        assert!(pas.hi - pas.lo > 100);
    }
}
