//! The six frequency lists merged into one table sorted by word, built once on first use.
//!
//! The crate this forks kept six `HashMap<&str, usize>` (SipHash) and looked up every
//! substring of the password in each of them, then again for every l33t substitution. One
//! sorted table gives the same answers and more: a [`Cursor`] narrows it one byte at a time,
//! so a scan from position `i` stops as soon as no word starts with what it has read, and the
//! l33t matcher prunes every substitution no word can complete.

use std::sync::OnceLock;

use crate::frequency_lists::{DictionaryType, LISTS};

/// One word and its rank in each list (0: not in that list). Ranks fit in `u16`: the longest
/// list has 30,000 words.
pub(crate) struct Entry {
    pub word: &'static str,
    pub ranks: [u16; 6],
}

impl Entry {
    /// `(dictionary, rank)` for each list that holds the word, in the lists' order.
    pub fn ranked(&self) -> impl Iterator<Item = (DictionaryType, usize)> + '_ {
        LISTS
            .iter()
            .zip(self.ranks)
            .filter(|&(_, rank)| rank > 0)
            .map(|(&(dictionary, _), rank)| (dictionary, usize::from(rank)))
    }
}

/// The merged table, sorted by word (bytes).
pub(crate) fn entries() -> &'static [Entry] {
    static TABLE: OnceLock<Vec<Entry>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let total: usize = LISTS.iter().map(|(_, list)| list.split(',').count()).sum();
        let mut words: Vec<(&'static str, u8, u16)> = Vec::with_capacity(total);
        for (index, (_, list)) in LISTS.iter().enumerate() {
            for (position, word) in list.split(',').enumerate() {
                // The lists hold no duplicates; were there one, the later rank would win, as
                // it did in the crate's `HashMap::collect`.
                words.push((word, index as u8, (position + 1) as u16));
            }
        }
        words.sort_unstable_by(|a, b| a.0.cmp(b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let mut table: Vec<Entry> = Vec::with_capacity(total);
        for (word, list, rank) in words {
            match table.last_mut() {
                Some(last) if last.word == word => last.ranks[list as usize] = rank,
                _ => {
                    let mut ranks = [0; 6];
                    ranks[list as usize] = rank;
                    table.push(Entry { word, ranks });
                }
            }
        }
        table
    })
}

/// The entries that start with the bytes read so far: a contiguous range of the table.
#[derive(Clone, Copy)]
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
        let table = &entries()[self.lo..self.hi];
        let depth = self.depth;
        // Within the range every word shares the first `depth` bytes; a word that ends there
        // sorts first, so "its byte at `depth`" is -1 for it.
        let key = |entry: &Entry| entry.word.as_bytes().get(depth).map_or(-1, |&b| i32::from(b));
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
        (entry.word.len() == self.depth).then_some(entry)
    }
}
