//! The JUnit XML format, which most CI systems (GitLab, Jenkins, Azure) show as a test
//! report: a test suite per board file, a test case per rule.
//!
//! A rule with a finding at `--fail-level` or above is a failure; a rule whose
//! `applies-when` does not hold is skipped; findings not tied to a rule (integrity and
//! waiver checks) are test cases named by their code; a file that could not be checked is
//! one test case with an error.

use crate::diagnostic::{Finding, Severity};
use crate::Outcome;
use std::fmt::Write as _;

/// The document up to the first board.
#[must_use]
pub fn head() -> String {
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"boardcheck\">\n".into()
}

/// The document after the last board.
#[must_use]
pub fn tail() -> String {
    "</testsuites>\n".into()
}

/// One `<testsuite>` for the board.
#[must_use]
pub fn board(o: &Outcome, fail_level: Severity) -> String {
    let file = &o.file.name;
    let mut cases: Vec<Case> = Vec::new();
    if o.checked {
        for r in &o.rules {
            let findings: Vec<&Finding> = o
                .findings
                .iter()
                .filter(|f| f.rule.as_deref() == Some(r.id.as_ref()))
                .collect();
            cases.push(Case::judge(&r.id, findings, r.applies, fail_level));
        }
        // One case per code, in the order the codes first appear.
        let mut codes: Vec<&str> = Vec::new();
        for f in o.findings.iter().filter(|f| f.rule.is_none()) {
            if !codes.contains(&f.code.name) {
                codes.push(f.code.name);
            }
        }
        for code in codes {
            let findings = o
                .findings
                .iter()
                .filter(|f| f.rule.is_none() && f.code.name == code)
                .collect();
            cases.push(Case::judge(code, findings, true, fail_level));
        }
    } else {
        cases.push(Case {
            name: "read the board".into(),
            outcome: CaseOutcome::Error(o.findings.iter().collect()),
            notes: Vec::new(),
        });
    }
    let failures = cases
        .iter()
        .filter(|c| matches!(c.outcome, CaseOutcome::Failure(_)))
        .count();
    let errors = cases
        .iter()
        .filter(|c| matches!(c.outcome, CaseOutcome::Error(_)))
        .count();
    let skipped = cases
        .iter()
        .filter(|c| matches!(c.outcome, CaseOutcome::Skipped))
        .count();
    let mut out = String::new();
    let name = o
        .board
        .as_ref()
        .map_or(file.clone(), |b| format!("{file}: {}", b.name.value));
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\">",
        escape(&name),
        cases.len()
    );
    for c in &cases {
        let _ = write!(
            out,
            "    <testcase classname=\"{}\" name=\"{}\"",
            escape(file),
            escape(&c.name)
        );
        let body = match &c.outcome {
            CaseOutcome::Passed => String::new(),
            CaseOutcome::Skipped => {
                "      <skipped message=\"the rule does not apply to this board\"/>\n".into()
            }
            CaseOutcome::Failure(fs) => element("failure", fs),
            CaseOutcome::Error(fs) => element("error", fs),
        };
        let notes = if c.notes.is_empty() {
            String::new()
        } else {
            format!(
                "      <system-out>{}</system-out>\n",
                escape_text(
                    &c.notes
                        .iter()
                        .map(|f| describe(f))
                        .collect::<Vec<_>>()
                        .join("\n")
                )
            )
        };
        if body.is_empty() && notes.is_empty() {
            out.push_str("/>\n");
        } else {
            let _ = write!(out, ">\n{body}{notes}    </testcase>\n");
        }
    }
    out.push_str("  </testsuite>\n");
    out
}

struct Case<'a> {
    name: String,
    outcome: CaseOutcome<'a>,
    /// Findings below the fail level, shown as the case's output.
    notes: Vec<&'a Finding>,
}

enum CaseOutcome<'a> {
    Passed,
    Skipped,
    Failure(Vec<&'a Finding>),
    Error(Vec<&'a Finding>),
}

impl<'a> Case<'a> {
    fn judge(name: &str, findings: Vec<&'a Finding>, applies: bool, fail_level: Severity) -> Self {
        let (failing, notes): (Vec<&Finding>, Vec<&Finding>) =
            findings.into_iter().partition(|f| f.severity >= fail_level);
        let outcome = if !applies {
            CaseOutcome::Skipped
        } else if failing.is_empty() {
            CaseOutcome::Passed
        } else {
            CaseOutcome::Failure(failing)
        };
        Self {
            name: name.to_string(),
            outcome,
            notes,
        }
    }
}

fn element(tag: &str, findings: &[&Finding]) -> String {
    let message = findings.first().map_or("", |f| f.message.as_str());
    let kind = findings.first().map_or("", |f| f.code.name);
    let text: Vec<String> = findings.iter().map(|f| describe(f)).collect();
    format!(
        "      <{tag} message=\"{}\" type=\"{}\">{}</{tag}>\n",
        escape(message),
        escape(kind),
        escape_text(&text.join("\n\n"))
    )
}

/// A finding as plain text: where, what, and how to fix it.
fn describe(f: &Finding) -> String {
    let mut s = super::concise::headline(f);
    // Places in other files (another board, for a rule across boards), each with its line.
    let first = super::anchor(f).map(|l| std::sync::Arc::clone(&l.span.file));
    for l in f.labels.iter().filter(|l| {
        !l.primary
            && first
                .as_ref()
                .is_some_and(|a| !std::sync::Arc::ptr_eq(a, &l.span.file))
    }) {
        let (line, col) = l.span.file.line_col(l.span.range.start);
        let _ = write!(s, "\nalso: {}:{line}:{col}: {}", l.span.file.name, l.text);
    }
    for h in f.help_lines() {
        let _ = write!(s, "\nhelp: {h}");
    }
    if let Some(c) = &f.citation {
        let _ = write!(s, "\nsource: {c}");
    }
    s
}

/// Escapes text for an XML attribute.
fn escape(s: &str) -> String {
    escape_xml(s, true)
}

/// Escapes text for an XML element's content, keeping line breaks.
fn escape_text(s: &str) -> String {
    escape_xml(s, false)
}

/// Escapes text for XML (and HTML): markup characters, line breaks in attributes, and
/// characters XML cannot carry.
pub(crate) fn escape_xml(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' if attribute => out.push_str("&#10;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\r' | '\n') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}
