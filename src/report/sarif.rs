//! The SARIF 2.1.0 format, for GitHub code scanning and other SARIF viewers.
//!
//! One run; its rules are every diagnostic code with its documentation (the same text as
//! `boardcheck explain`), so a viewer can show why a finding matters and how to fix it.
//! Each finding is a result pointing at its file, line and column; a finding taken away
//! by a waiver is a result with an in-source suppression carrying the waiver's reason.

use super::{anchor, is_builtin, Location};
use crate::diagnostic::{Code, Finding, Label, Severity};
use crate::Outcome;
use serde_json::{json, Value};
use std::fmt::Write as _;

/// Where SARIF's schema is published.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The log up to the first result: the tool and its rules.
#[must_use]
pub fn head() -> String {
    let rules: Vec<Value> = crate::rules::all_codes()
        .iter()
        .map(|c| {
            json!({
                "id": c.name,
                "shortDescription": { "text": c.summary() },
                "fullDescription": { "text": c.summary() },
                "help": { "text": c.doc(), "markdown": c.doc() },
                "properties": { "tags": [c.family] },
            })
        })
        .collect();
    let driver = json!({
        "name": "boardcheck",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    });
    let driver = serde_json::to_string(&driver).unwrap_or_default();
    format!(
        "{{\"$schema\":\"{SCHEMA}\",\"version\":\"2.1.0\",\"runs\":[{{\"tool\":{{\"driver\":{driver}}},\"columnKind\":\"unicodeCodePoints\",\"results\":[\n"
    )
}

/// The board's results, one per line.
#[must_use]
pub fn board(o: &Outcome) -> String {
    let codes = crate::rules::all_codes();
    let mut results: Vec<String> = o
        .by_severity()
        .into_iter()
        .map(|f| result(o, f, None, &codes))
        .collect();
    results.extend(
        o.waived
            .iter()
            .map(|w| result(o, &w.finding, Some(&w.reason), &codes)),
    );
    results.join(",\n")
}

/// The log after the last result.
#[must_use]
pub fn tail() -> String {
    "\n]}]}\n".to_string()
}

fn result(o: &Outcome, f: &Finding, waived: Option<&str>, codes: &[&Code]) -> String {
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
        Some(l) => physical(l, None),
        // No line to point at (an unreadable file): point at the file itself.
        None => {
            json!({ "physicalLocation": { "artifactLocation": { "uri": uri(&o.file.name_bytes()) } } })
        }
    };
    let related: Vec<Value> = f
        .labels
        .iter()
        .filter(|l| !is_builtin(&l.span.file) && primary.is_none_or(|p| !std::ptr::eq(*l, p)))
        .enumerate()
        .map(|(i, l)| physical(l, Some(i + 1)))
        .collect();
    let mut r = json!({
        "ruleId": f.code.name,
        "level": level,
        "message": { "text": text },
        "locations": [location],
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

fn physical(l: &Label, id: Option<usize>) -> Value {
    let loc = Location::of(&l.span);
    let mut v = json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri(&l.span.file.name_bytes()) },
            "region": {
                "startLine": loc.line,
                "startColumn": loc.column,
                "endLine": loc.end_line,
                "endColumn": loc.end_column,
            },
        },
        "message": { "text": l.text },
    });
    if let Some(id) = id {
        v["id"] = json!(id);
    }
    v
}

/// A file name as a relative URI reference: forward slashes, reserved bytes escaped. The
/// name's bytes are escaped as they are, so a name that is not UTF-8 keeps them.
fn uri(name: &[u8]) -> String {
    let name: Vec<u8> = name
        .iter()
        .map(|&b| if b == b'\\' { b'/' } else { b })
        .collect();
    let name = name.strip_prefix(b"./").unwrap_or(&name);
    let mut out = String::new();
    for &b in name {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
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
