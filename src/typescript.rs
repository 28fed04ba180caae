//! The TypeScript of every type that crosses to JavaScript, derived from its one Rust
//! declaration (`js_options!`, `js_object!`, `js_enum!` in `src/boundary.rs`), and the test
//! that keeps the package's `js/policy_widget.d.ts` saying exactly that: the part of the file
//! between the `generated` markers is this module's output, and the test fails, naming the
//! first line that differs, when the file and the Rust types disagree. After changing a type:
//!
//! ```text
//! POLICY_WIDGET_UPDATE_DOCS=1 cargo test --lib typescript
//! ```
//!
//! The rest of the file (the functions, `init` and its options) is written by hand: it is
//! JavaScript's API, not Rust's; `tsc` checks it against these types (`./dev test`).

use serde_json::{Map, Value};

use crate::issue::{Issue, IssueCode, Severity};
use crate::messages::StrengthCode;
use crate::origins::{OriginEntry, OriginsOptions, OriginsReport};
use crate::password::{
    Feedback, PasswordCode, PasswordContext, PasswordPolicy, PasswordReport, RuleStatus, Strength,
};
use crate::settings::{
    ContentTokenSettings, CorsSettings, SecuritySettings, SettingsReport, TwoFactorSettings,
};
use crate::token::{SecretEncoding, SignatureStatus, TokenOptions, TokenReport, TokenStatus};

/// A Rust type as TypeScript names it.
pub(crate) trait TypeScript {
    /// The type of a field or an element (`number`, `string[]`, `Issue | null`).
    fn ts() -> String;

    /// The type of a field that is left out rather than written empty (an `Option` then
    /// never holds `null`).
    fn ts_when_present() -> String {
        Self::ts()
    }

    /// The type's own `export` declaration, for the types that have one.
    fn declaration() -> Option<String> {
        None
    }
}

macro_rules! primitive {
    ($($rust:ty => $ts:literal),+ $(,)?) => {$(
        impl TypeScript for $rust {
            fn ts() -> String {
                $ts.to_owned()
            }
        }
    )+};
}

primitive! {
    bool => "boolean",
    u8 => "number",
    u32 => "number",
    u64 => "number",
    usize => "number",
    f64 => "number",
    String => "string",
    &'static str => "string",
    // Codes are listed in docs/issue-codes.md; in TypeScript they are strings.
    IssueCode => "string",
    PasswordCode => "string",
    StrengthCode => "string",
    Map<String, Value> => "Record<string, unknown>",
}

impl<T: TypeScript> TypeScript for Option<T> {
    fn ts() -> String {
        format!("{} | null", T::ts())
    }

    fn ts_when_present() -> String {
        T::ts()
    }
}

impl<T: TypeScript> TypeScript for Vec<T> {
    fn ts() -> String {
        let element = T::ts();
        if element.contains(' ') {
            format!("({element})[]")
        } else {
            format!("{element}[]")
        }
    }
}

impl<T: TypeScript> TypeScript for [T; 2] {
    fn ts() -> String {
        format!("[{0}, {0}]", T::ts())
    }
}

/// A field of an interface.
pub(crate) struct Field {
    /// The Rust doc comment's lines.
    pub docs: &'static [&'static str],
    /// The Rust name (the TypeScript one is its camelCase).
    pub name: &'static str,
    pub ty: String,
    /// `name?:`, left out or `undefined` allowed.
    pub optional: bool,
}

/// `export interface name { … }`, with the doc comments as JSDoc.
pub(crate) fn interface(docs: &[&str], name: &str, fields: &[Field]) -> String {
    let mut out = jsdoc(docs, "");
    out.push_str(&format!("export interface {name} {{\n"));
    for field in fields {
        out.push_str(&jsdoc(field.docs, "  "));
        let optional = if field.optional { "?" } else { "" };
        out.push_str(&format!("  {}{optional}: {};\n", crate::boundary::camel_case(field.name), field.ty));
    }
    out.push_str("}\n");
    out
}

/// `export type name = "a" | "b";`, with the doc comment as JSDoc.
pub(crate) fn union(docs: &[&str], name: &str, strings: &[&str]) -> String {
    let members: Vec<String> = strings.iter().map(|string| format!("\"{string}\"")).collect();
    format!("{}export type {name} = {};\n", jsdoc(docs, ""), members.join(" | "))
}

/// A Rust doc comment as JSDoc: one line as `/** … */`, more as a block. Rust's intra-doc
/// links (`` [`x`] ``) become plain code spans.
fn jsdoc(docs: &[&str], indent: &str) -> String {
    let lines: Vec<String> = docs
        .iter()
        .map(|line| line.strip_prefix(' ').unwrap_or(line).replace("[`", "`").replace("`]", "`"))
        .collect();
    match lines.as_slice() {
        [] => String::new(),
        [line] => format!("{indent}/** {line} */\n"),
        lines => {
            let mut out = format!("{indent}/**\n");
            for line in lines {
                out.push_str(&format!("{indent} * {line}\n"));
            }
            out.push_str(&format!("{indent} */\n"));
            out
        }
    }
}

/// Every declaration of the generated part of `js/policy_widget.d.ts`, in its order.
fn generated() -> String {
    let declarations = [
        Severity::declaration(),
        Issue::declaration(),
        PasswordPolicy::declaration(),
        PasswordContext::declaration(),
        Feedback::declaration(),
        RuleStatus::declaration(),
        Strength::declaration(),
        PasswordReport::declaration(),
        OriginsOptions::declaration(),
        OriginEntry::declaration(),
        OriginsReport::declaration(),
        SecretEncoding::declaration(),
        TokenOptions::declaration(),
        TokenStatus::declaration(),
        SignatureStatus::declaration(),
        TokenReport::declaration(),
        SecuritySettings::declaration(),
        CorsSettings::declaration(),
        ContentTokenSettings::declaration(),
        TwoFactorSettings::declaration(),
        Some(
            "/** How to check a settings object: the origins checker's options. */\n\
             export type SettingsOptions = OriginsOptions;\n"
                .to_owned(),
        ),
        SettingsReport::declaration(),
    ];
    let declarations: Vec<String> = declarations.into_iter().flatten().collect();
    declarations.join("\n")
}

const BEGIN: &str = "// <generated> from the Rust types by src/typescript.rs: edit them, then run\n\
                     // POLICY_WIDGET_UPDATE_DOCS=1 cargo test --lib typescript\n";
const END: &str = "// </generated>\n";

/// `text` with its generated part replaced by `generated`; `None` without the markers.
fn with_generated(text: &str, generated: &str) -> Option<String> {
    let (before, rest) = text.split_once(BEGIN)?;
    let (_, after) = rest.split_once(END)?;
    Some(format!("{before}{BEGIN}\n{generated}\n{END}{after}"))
}

#[test]
fn the_package_declares_the_rust_types_as_they_are() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/js/policy_widget.d.ts");
    let committed = std::fs::read_to_string(path).expect("read js/policy_widget.d.ts");
    let expected =
        with_generated(&committed, &generated()).expect("js/policy_widget.d.ts has the generated markers");
    if std::env::var_os("POLICY_WIDGET_UPDATE_DOCS").is_some() {
        std::fs::write(path, &expected).expect("write js/policy_widget.d.ts");
        return;
    }
    if let Some((line, (found, wanted))) =
        committed.lines().zip(expected.lines()).enumerate().find(|(_, (found, wanted))| found != wanted)
    {
        panic!(
            "js/policy_widget.d.ts line {} disagrees with the Rust types:\n  file: {found}\n  Rust: {wanted}\n\
             Regenerate it with POLICY_WIDGET_UPDATE_DOCS=1 cargo test --lib typescript",
            line + 1
        );
    }
    assert_eq!(committed, expected, "js/policy_widget.d.ts disagrees with the Rust types in length");
}

/// Each declared report against what it serializes: the keys a real value has are the
/// declared fields (those marked optional may be left out).
#[test]
fn the_declarations_name_what_the_reports_serialize() {
    use crate::boundary::js_field_names as declared;
    fn keys(value: impl serde::Serialize) -> Vec<String> {
        let json = serde_json::to_value(value).unwrap();
        let mut keys: Vec<String> = json.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    }
    let settings = crate::settings::default_settings();
    assert_eq!(keys(&settings), declared::<SecuritySettings>());
    assert_eq!(keys(&settings.cors), declared::<CorsSettings>());
    let report =
        crate::settings::validate_settings(&serde_json::to_value(&settings).unwrap(), &Default::default());
    assert_eq!(keys(&report), declared::<SettingsReport>());
    let origins = crate::origins::validate("https://a.com/", &OriginsOptions::default());
    assert_eq!(keys(&origins), declared::<OriginsReport>());
    assert_eq!(keys(&origins.entries[0]), declared::<OriginEntry>());
    // An origins issue has a span and params, not a path; a settings issue has a path.
    assert_eq!(keys(&origins.issues[0]), ["code", "message", "params", "severity", "span"]);
    let token = crate::token::inspect("a.b.c", &TokenOptions::default(), 0.0).unwrap();
    assert_eq!(keys(&token), declared::<TokenReport>());
    let password = crate::password::check("x", &PasswordPolicy::default(), &PasswordContext::default());
    assert_eq!(keys(&password), declared::<PasswordReport>());
    assert_eq!(keys(&password.rules[0]), declared::<RuleStatus>());
    // A keyboard row: a warning and suggestions, so every field of the estimate holds something.
    let strength = crate::password::estimate("qwertyuiop", &[], crate::messages::Locale::En);
    assert_eq!(keys(&strength), declared::<Strength>());
    let warning = strength.warning.as_ref().expect("a keyboard row has a warning");
    assert_eq!(keys(warning), declared::<Feedback>());
    assert!(!strength.suggestions.is_empty());
    assert_eq!(declared::<Issue>(), ["code", "message", "params", "path", "severity", "span"]);
}
