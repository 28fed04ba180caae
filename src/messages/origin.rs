//! Messages of the origin family (filled in with its validator).

use super::Entry;

pub(crate) const ENTRIES: &[Entry] = &[];
