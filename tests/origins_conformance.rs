//! The web-platform-tests URL cases whose input is an absolute http(s) URL, run through
//! `validate`: for every case without a comma, CR or LF (those separate list entries), the
//! one entry must carry the case's `origin` (the cases and their source: `tests/data/README.md`). The entry may
//! still have errors (`has_path`, `has_credentials`, …): the field is stricter than a URL.

use policy_widget::origins::{validate, OriginsOptions};
use serde::Deserialize;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Embedded at compile time, so the same test runs in a browser, which has no file system.
const CASES: &str = include_str!("data/wpt-origin-cases.json");
const EXPECTED_FAILURES: &str = include_str!("origins_expected_failures.txt");

#[derive(Deserialize)]
struct Case {
    input: String,
    origin: String,
}

fn applicable_cases() -> Vec<Case> {
    let cases: Vec<Case> = serde_json::from_str(CASES).expect("wpt-origin-cases.json is a list of cases");
    cases.into_iter().filter(|case| !case.input.contains([',', '\r', '\n'])).collect()
}

fn expected_failures() -> Vec<String> {
    EXPECTED_FAILURES
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| serde_json::from_str(line).expect("each expected failure is a JSON string"))
        .collect()
}

/// Why `case` fails, or `None` when its entry carries the expected origin.
fn failure(case: &Case) -> Option<String> {
    let report = validate(&case.input, &OriginsOptions::default());
    match report.entries.as_slice() {
        [entry] if entry.origin.as_deref() == Some(case.origin.as_str()) => None,
        [entry] => Some(format!("{:?}: origin {:?}, expected {:?}", case.input, entry.origin, case.origin)),
        entries => Some(format!("{:?}: {} entries, expected 1", case.input, entries.len())),
    }
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn the_data_set_is_the_one_design_md_describes() {
    let all: Vec<Case> = serde_json::from_str(CASES).unwrap();
    assert_eq!(all.len(), 116);
    assert!(applicable_cases().len() >= 100, "only {} applicable cases", applicable_cases().len());
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn every_applicable_case_carries_the_wpt_origin_except_the_listed_gaps() {
    let known = expected_failures();
    let mut unexpected = Vec::new();
    let mut fixed = Vec::new();
    for case in applicable_cases() {
        match (failure(&case), known.contains(&case.input)) {
            (Some(why), false) => unexpected.push(why),
            (None, true) => fixed.push(format!("{:?}", case.input)),
            _ => {}
        }
    }
    assert!(unexpected.is_empty(), "cases that fail:\n{}", unexpected.join("\n"));
    assert!(fixed.is_empty(), "remove these from origins_expected_failures.txt:\n{}", fixed.join("\n"));
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn every_entry_span_slices_back_to_the_entry() {
    for case in applicable_cases() {
        let report = validate(&case.input, &OriginsOptions::default());
        let units: Vec<u16> = case.input.encode_utf16().collect();
        for entry in &report.entries {
            let [start, end] = entry.span;
            assert_eq!(String::from_utf16_lossy(&units[start..end]), entry.input, "{:?}", case.input);
        }
    }
}
