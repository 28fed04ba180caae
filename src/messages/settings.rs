//! Messages of the settings family (filled in with its validator).

use super::Entry;

pub(crate) const ENTRIES: &[Entry] = &[];
