//! The SARIF 2.1.0 format, for GitHub code scanning and other SARIF viewers.
//!
//! One run; its rules are every diagnostic code with its documentation (the same text as
//! `boardcheck explain`), so a viewer can show why a finding matters and how to fix it.
//! Each finding is a result pointing at its file, line and column; a finding taken away
//! by a waiver is a result with an in-source suppression carrying the waiver's reason.

use super::{anchor, is_builtin, Location, Place, Root};
use crate::diagnostic::{Code, Finding, Label, Severity};
use crate::Outcome;
use serde_json::{json, Value};

/// Where SARIF's schema is published.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The name file locations are given relative to (`uriBaseId`), as SARIF's own examples
/// and code scanning name the repository's root.
pub const BASE: &str = "%SRCROOT%";

/// The log up to the first result, with file locations relative to the current folder.
#[must_use]
pub fn head() -> String {
    head_in(&Root::current())
}

/// A code's rule name, as SARIF names rules: `share-above-maximum` is `ShareAboveMaximum`.
/// A one-word code takes its family first (`duplicate` is `SchemaDuplicate`), since SARIF
/// wants a name that differs from the id.
fn rule_name(code: &Code) -> String {
    let pascal = |s: &str| -> String {
        s.split('-')
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                    .unwrap_or_default()
            })
            .collect()
    };
    if code.name.contains('-') {
        pascal(code.name)
    } else {
        pascal(code.family) + &pascal(code.name)
    }
}

/// The log up to the first result: the tool, its rules, and the root that file locations
/// are relative to.
#[must_use]
pub fn head_in(root: &Root) -> String {
    let home = env!("CARGO_PKG_REPOSITORY");
    let rules: Vec<Value> = crate::rules::all_codes()
        .iter()
        .map(|c| {
            json!({
                "id": c.name,
                "name": rule_name(c),
                "shortDescription": { "text": c.summary() },
                "fullDescription": { "text": c.summary() },
                "help": { "text": c.doc(), "markdown": c.doc() },
                "helpUri": format!("{home}/blob/main/docs/codes.md#{}", c.name),
                "properties": { "tags": [c.family] },
            })
        })
        .collect();
    let driver = json!({
        "name": "boardcheck",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "informationUri": home,
        "rules": rules,
    });
    let driver = serde_json::to_string(&driver).unwrap_or_default();
    let bases = json!({ BASE: { "uri": root.uri() } });
    format!(
        "{{\"$schema\":\"{SCHEMA}\",\"version\":\"2.1.0\",\"runs\":[{{\"tool\":{{\"driver\":{driver}}},\"originalUriBaseIds\":{bases},\"columnKind\":\"unicodeCodePoints\",\"results\":[\n"
    )
}

/// The board's results, one per line, with file locations relative to the current folder.
#[must_use]
pub fn board(o: &Outcome) -> String {
    board_in(o, &Root::current())
}

/// The board's results, one per line, with file locations relative to `root`.
#[must_use]
pub fn board_in(o: &Outcome, root: &Root) -> String {
    let codes = crate::rules::all_codes();
    let mut seen = super::Seen::default();
    let mut results: Vec<String> = o
        .by_severity()
        .into_iter()
        .map(|f| result(o, f, None, &codes, root, &mut seen))
        .collect();
    results.extend(
        o.waived
            .iter()
            .map(|w| result(o, &w.finding, Some(&w.reason), &codes, root, &mut seen)),
    );
    results.join(",\n")
}

/// The log after the last result.
#[must_use]
pub fn tail() -> String {
    "\n]}]}\n".to_string()
}

fn result(
    o: &Outcome,
    f: &Finding,
    waived: Option<&str>,
    codes: &[&Code],
    root: &Root,
    seen: &mut super::Seen,
) -> String {
    // Every code is in the rule table (a test renders every fixture's findings through
    // here); one that is not is a bug, and gets no index rather than another rule's.
    let index = codes.iter().position(|c| c.name == f.code.name);
    debug_assert!(
        index.is_some(),
        "the code `{}` is not in rules::all_codes()",
        f.code.name
    );
    let level = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Advice => "note",
    };
    let mut text = f.message.clone();
    for h in f.help_lines() {
        text.push_str("\nhelp: ");
        text.push_str(h);
    }
    let primary = anchor(f).filter(|l| !is_builtin(&l.span.file));
    let location = match primary {
        Some(l) => physical(l, None, root),
        // No line to point at (an unreadable file): point at the file itself.
        None => json!({ "physicalLocation": { "artifactLocation": artifact(&o.file, root) } }),
    };
    let related: Vec<Value> = f
        .labels
        .iter()
        .filter(|l| !is_builtin(&l.span.file) && primary.is_none_or(|p| !std::ptr::eq(*l, p)))
        .enumerate()
        .map(|(i, l)| physical(l, Some(i + 1), root))
        .collect();
    let file = primary.map_or(&o.file, |l| &l.span.file);
    let mut r = json!({
        "ruleId": f.code.name,
        "level": level,
        "message": { "text": text },
        "locations": [location],
        "partialFingerprints": { "boardcheck/v1": super::fingerprint(f, &root.place(file).text(), seen) },
    });
    if let Some(index) = index {
        r["ruleIndex"] = json!(index);
    }
    if !related.is_empty() {
        r["relatedLocations"] = Value::Array(related);
    }
    let mut props = serde_json::Map::new();
    if let Some(rule) = &f.rule {
        props.insert("rule".into(), json!(rule));
    }
    if let Some(c) = &f.citation {
        props.insert("citation".into(), json!(c));
    }
    if !props.is_empty() {
        r["properties"] = Value::Object(props);
    }
    if let Some(reason) = waived {
        r["suppressions"] = json!([{ "kind": "inSource", "justification": reason }]);
    }
    serde_json::to_string(&r).unwrap_or_default()
}

/// A file as SARIF locates it: relative to the root (`uriBaseId`), or by an absolute
/// `file:` URI when it lies outside.
fn artifact(file: &crate::model::span::SourceFile, root: &Root) -> Value {
    match root.place(file) {
        Place::Inside(rel) => json!({ "uri": uri(&rel), "uriBaseId": BASE }),
        Place::Outside(abs) => json!({ "uri": format!("file://{}", super::percent_path(&abs)) }),
    }
}

fn physical(l: &Label, id: Option<usize>, root: &Root) -> Value {
    let loc = Location::of(&l.span);
    let file = &l.span.file;
    // The text pointed at, and the whole lines it stands on: a viewer without the file
    // (a pull request's reviewer on another branch) still sees the code.
    let snippet = file.text.get(l.span.range.clone()).unwrap_or("");
    let starts = file.line_starts();
    let first = starts.get(loc.line - 1).copied().unwrap_or(0);
    let last = file
        .text
        .get(l.span.range.end..)
        .and_then(|rest| rest.find('\n'))
        .map_or(file.text.len(), |n| l.span.range.end + n);
    let context = file.text.get(first..last).unwrap_or("");
    let mut v = json!({
        "physicalLocation": {
            "artifactLocation": artifact(file, root),
            "region": {
                "startLine": loc.line,
                "startColumn": loc.column,
                "endLine": loc.end_line,
                "endColumn": loc.end_column,
                "snippet": { "text": snippet },
            },
            "contextRegion": {
                "startLine": loc.line,
                "endLine": loc.end_line,
                "snippet": { "text": context },
            },
        },
        "message": { "text": l.text },
    });
    if let Some(id) = id {
        v["id"] = json!(id);
    }
    v
}

/// A relative file name as a URI reference: forward slashes, reserved bytes (and `:`,
/// which would read as a scheme) escaped. The name's bytes are escaped as they are, so a
/// name that is not UTF-8 keeps them.
fn uri(name: &[u8]) -> String {
    let name: Vec<u8> = name
        .iter()
        .map(|&b| if b == b'\\' { b'/' } else { b })
        .collect();
    let name = name.strip_prefix(b"./").unwrap_or(&name);
    super::percent_encode(name, b"-._~/")
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_names_become_relative_uris() {
        assert_eq!(super::uri(b"boards/a b.toml"), "boards/a%20b.toml");
        assert_eq!(super::uri(b"./boards\\x#1.toml"), "boards/x%231.toml");
        assert_eq!(super::uri(b"caf\xe9.toml"), "caf%E9.toml");
    }
}
