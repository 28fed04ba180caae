//! Every ordering the estimator needs, from one sort.
//!
//! The standard library's sort is generic: each element type and each comparison closure
//! given to it is another copy of the whole algorithm in the binary, 3 to 9 KB apiece in
//! WebAssembly. The estimator's orderings (the word tables, the keyboard graphs, the matches
//! by position) and the password rules' blocklist were six such copies; they are all expressed as
//! `u128` keys, a 64-bit sort key above a 64-bit index, and sorted by [`sort_keys`], the one
//! instance. Putting the index in the key also makes every ordering stable.

/// Sorts packed keys ascending: the only call of the standard sort in the crate.
fn sort_keys(keys: &mut [u128]) {
    keys.sort_unstable();
}

fn pack(key: u64, index: usize) -> u128 {
    (u128::from(key) << 64) | index as u128
}

fn index_of(packed: u128) -> usize {
    // The low half is an index that came from a `usize`.
    usize::try_from(packed & u128::from(u64::MAX)).unwrap_or(usize::MAX)
}

/// The positions of `keys` in ascending order of key; equal keys keep their order.
pub(crate) fn by_key(keys: impl Iterator<Item = u64>) -> Vec<usize> {
    let mut packed: Vec<u128> = keys.enumerate().map(|(index, key)| pack(key, index)).collect();
    sort_keys(&mut packed);
    packed.into_iter().map(index_of).collect()
}

/// Bytes `from..from + 8` of `word` as a big-endian integer, zero-padded past the end, so
/// integers compare as the bytes do and a word sorts before its extensions (no word holds
/// a NUL byte).
pub(crate) fn chunk(word: &str, from: usize) -> u64 {
    let mut bytes = [0u8; 8];
    for (slot, byte) in bytes.iter_mut().zip(word.as_bytes().iter().skip(from)) {
        *slot = *byte;
    }
    u64::from_be_bytes(bytes)
}

/// From this many words on, [`word_order`] first distributes them by their first two bytes.
const BUCKETS_FROM: usize = 4096;

/// Sorts packed keys (an 8-byte chunk above an index) as [`sort_keys`] does, for many of
/// them: a counting pass puts them in 65,536 buckets by the chunk's top two bytes, in index
/// order within each, and only the buckets are sorted. The words' table spreads over a few
/// hundred of them, so each sort is of a hundred-odd keys rather than one of 94,000; the
/// table is built while the page waits for its first check (`prepare()` natively: 67.1 M
/// instructions before, 64.8 M after).
fn by_first_two_bytes(keys: &mut [u128]) {
    let bucket = |packed: u128| usize::try_from(packed >> 112).unwrap_or(0);
    let mut starts = vec![0usize; (1 << 16) + 1];
    for &packed in keys.iter() {
        if let Some(count) = starts.get_mut(bucket(packed) + 1) {
            *count += 1;
        }
    }
    for b in 1..starts.len() {
        starts[b] += starts[b - 1];
    }
    let mut next = starts.clone();
    let mut spread = vec![0u128; keys.len()];
    for &packed in keys.iter() {
        if let Some(at) = next.get_mut(bucket(packed)) {
            if let Some(slot) = spread.get_mut(*at) {
                *slot = packed;
            }
            *at += 1;
        }
    }
    for pair in starts.windows(2) {
        if let Some(group) = spread.get_mut(pair[0]..pair[1]) {
            sort_keys(group);
        }
    }
    keys.copy_from_slice(&spread);
}

/// The positions of `words` in byte order of the words; equal words keep their order.
///
/// Sorted by their first eight bytes as integers, then each run of words sharing those
/// bytes by the next eight, and so on: most of the 94,000 listed words differ within eight
/// bytes, so nearly all the work is one integer sort (comparing them as text took several
/// times longer when the table is built).
pub(crate) fn word_order(words: &[&str]) -> Vec<usize> {
    let word = |packed: u128| words.get(index_of(packed)).copied().unwrap_or("");
    let mut keys: Vec<u128> = words.iter().enumerate().map(|(index, w)| pack(chunk(w, 0), index)).collect();
    if keys.len() < BUCKETS_FROM {
        sort_keys(&mut keys);
    } else {
        by_first_two_bytes(&mut keys);
    }
    // Ranges of `keys` whose words share their first `depth` bytes, still to be refined.
    let mut pending = vec![(0, keys.len(), 8)];
    while let Some((start, end, depth)) = pending.pop() {
        let mut run = start;
        while run < end {
            let high = keys[run] >> 64;
            let run_end = run + keys[run..end].iter().take_while(|k| **k >> 64 == high).count();
            let group = &mut keys[run..run_end];
            if group.len() > 1 && group.iter().any(|&k| word(k).len() > depth) {
                for key in group.iter_mut() {
                    *key = pack(chunk(word(*key), depth), index_of(*key));
                }
                sort_keys(group);
                pending.push((run, run_end, depth + 8));
            }
            run = run_end;
        }
    }
    keys.into_iter().map(index_of).collect()
}

/// For each of `keys`, whether it is the first with its value.
pub(crate) fn first_occurrences(keys: &[u64]) -> Vec<bool> {
    let mut first = vec![false; keys.len()];
    let mut previous = None;
    // Equal keys come out together, the earliest first.
    for k in by_key(keys.iter().copied()) {
        let key = keys.get(k).copied();
        if key != previous {
            if let Some(slot) = first.get_mut(k) {
                *slot = true;
            }
            previous = key;
        }
    }
    first
}

/// `items` rearranged into `order` (a permutation of their positions).
pub(crate) fn permute<T>(items: Vec<T>, order: &[usize]) -> Vec<T> {
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order.iter().filter_map(|&k| slots.get_mut(k).and_then(Option::take)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn words_sort_by_bytes_with_prefixes_first_and_ties_in_order() {
        let words = ["abcdefghij", "abcdefgh", "b", "abcdefghi", "", "abcdefghij", "abcdefgh\u{e9}", "a"];
        let order = word_order(&words);
        let sorted: Vec<&str> = order.iter().map(|&k| words[k]).collect();
        assert_eq!(
            sorted,
            ["", "a", "abcdefgh", "abcdefghi", "abcdefghij", "abcdefghij", "abcdefgh\u{e9}", "b"]
        );
        // The two equal words keep their order.
        assert_eq!(order[4..6], [0, 5]);
    }

    proptest! {
        #[test]
        fn word_order_is_the_stable_sort_of_the_words(
            words in proptest::collection::vec("[ab\u{e9}]{0,20}", 0..60)
        ) {
            let refs: Vec<&str> = words.iter().map(String::as_str).collect();
            let mut expected: Vec<usize> = (0..refs.len()).collect();
            expected.sort_by(|&a, &b| refs[a].cmp(refs[b]));
            prop_assert_eq!(word_order(&refs), expected);
        }

        #[test]
        fn by_key_is_the_stable_sort_of_the_keys(keys in proptest::collection::vec(0u64..5, 0..60)) {
            let mut expected: Vec<usize> = (0..keys.len()).collect();
            expected.sort_by_key(|&k| keys[k]);
            prop_assert_eq!(by_key(keys.iter().copied()), expected);
        }
    }

    proptest! {
        #[test]
        fn first_occurrences_mark_each_value_once_at_its_earliest(keys in proptest::collection::vec(0u64..6, 0..60)) {
            let expected: Vec<bool> = keys.iter().enumerate().map(|(k, key)| !keys[..k].contains(key)).collect();
            prop_assert_eq!(first_occurrences(&keys), expected);
        }
    }

    proptest! {
        // Each case sorts thousands of words: a few cases cover the bucketed path.
        #![proptest_config(ProptestConfig::with_cases(12))]
        #[test]
        fn many_words_sort_as_few_do(words in proptest::collection::vec("[ab\u{e9}]{0,12}", BUCKETS_FROM..BUCKETS_FROM + 200)) {
            let refs: Vec<&str> = words.iter().map(String::as_str).collect();
            let mut expected: Vec<usize> = (0..refs.len()).collect();
            expected.sort_by(|&a, &b| refs[a].cmp(refs[b]));
            prop_assert_eq!(word_order(&refs), expected);
        }
    }

    #[test]
    fn permute_follows_the_order() {
        assert_eq!(permute(vec!['a', 'b', 'c'], &[2, 0, 1]), vec!['c', 'a', 'b']);
    }
}
