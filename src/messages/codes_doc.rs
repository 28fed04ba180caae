//! `docs/issue-codes.md` is the catalogue's list of issue codes as a document: this test
//! writes it from the catalogue and fails when the committed file differs, so the document a
//! user reads cannot fall behind the codes the core emits.

use super::{Entry, Explanation, OriginCode, PasswordCode, SettingsCode, StrengthCode, TokenCode};

const FAMILIES: &[(&str, &str)] = &[
    ("password", "Password rules (`checkPassword`)"),
    ("strength", "Strength feedback (`checkPassword`'s `strength.warning` and `strength.suggestions`)"),
    ("origin", "CORS origins (`validateOrigins`)"),
    ("token", "Tokens (`inspectToken`)"),
    ("policy", "Settings: the password policy (`validateSettings`)"),
    ("ttl", "Settings: the token lifetime (`validateSettings`)"),
    ("settings", "Settings: the shape of the object (`validateSettings`)"),
];

fn family(key: &str) -> &str {
    key.split('.').next().unwrap_or(key)
}

/// Every issue code's row, family by family; `settings.invalid`'s explanations (its
/// `problem` param, keys `settings.problem.*`) follow it.
fn codes() -> Vec<&'static Entry> {
    PasswordCode::ENTRIES
        .iter()
        .chain(StrengthCode::ENTRIES)
        .chain(OriginCode::ENTRIES)
        .chain(TokenCode::ENTRIES)
        .chain(SettingsCode::ENTRIES)
        .chain(Explanation::ENTRIES)
        .collect()
}

fn document() -> String {
    let codes = codes();
    let mut out = String::from(
        "# Issue codes\n\n\
         Every code a report can carry, with its English message (`{name}` is filled from the \
         issue's `params`; Spanish and Portuguese sit beside it in `src/messages/`). Codes are \
         API: they are added, never renamed.\n\n\
         This file is written by `cargo test` from the catalogue (`src/messages/codes_doc.rs`); \
         run `POLICY_WIDGET_UPDATE_DOCS=1 cargo test --lib codes_doc` after adding a code.\n",
    );
    for (prefix, title) in FAMILIES {
        out.push_str(&format!("\n## {title}\n\n| code | message |\n|---|---|\n"));
        for entry in codes.iter().filter(|entry| family(entry.key) == *prefix) {
            out.push_str(&format!("| `{}` | {} |\n", entry.key, entry.en.replace('|', "\\|")));
        }
    }
    out
}

#[test]
fn every_code_belongs_to_a_documented_family() {
    for entry in codes() {
        assert!(
            FAMILIES.iter().any(|(prefix, _)| family(entry.key) == *prefix),
            "{} has no section in docs/issue-codes.md: add its family to FAMILIES",
            entry.key
        );
    }
}

#[test]
fn issue_codes_document_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/issue-codes.md");
    let expected = document();
    if std::env::var_os("POLICY_WIDGET_UPDATE_DOCS").is_some() {
        std::fs::write(path, &expected).expect("write docs/issue-codes.md");
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == expected,
        "docs/issue-codes.md is not what the catalogue says; regenerate it with \
         POLICY_WIDGET_UPDATE_DOCS=1 cargo test --lib codes_doc"
    );
}
