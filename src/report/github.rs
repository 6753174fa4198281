//! The GitHub Actions format: a workflow command per finding, so the finding appears as
//! an annotation on the exact line of the exact file in the pull request.
//!
//! See "Workflow commands for GitHub Actions": `::error file=F,line=L,col=C,...::text`.

use super::{anchor, is_builtin, Location, Root};
use crate::diagnostic::Severity;
use crate::Outcome;
use std::fmt::Write as _;

/// One workflow command per finding of the board, files named relative to the current
/// folder.
#[must_use]
pub fn board(o: &Outcome) -> String {
    board_in(o, &Root::current())
}

/// One workflow command per finding of the board, files named relative to `root` (the
/// repository's root, where GitHub looks for them): `./boards/a.toml`, `boards/a.toml` and
/// its absolute path are all `boards/a.toml`.
#[must_use]
pub fn board_in(o: &Outcome, root: &Root) -> String {
    let mut out = String::new();
    for f in o.by_severity() {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Advice => "notice",
        };
        let mut props = Vec::new();
        match anchor(f).filter(|l| !is_builtin(&l.span.file)) {
            Some(l) => {
                let loc = Location::of(&l.span);
                props.push(format!(
                    "file={}",
                    property(&root.place(&l.span.file).text())
                ));
                props.push(format!("line={}", loc.line));
                props.push(format!("col={}", loc.column));
                props.push(format!("endLine={}", loc.end_line));
                if loc.end_line == loc.line {
                    props.push(format!("endColumn={}", loc.end_column));
                }
            }
            None => props.push(format!("file={}", property(&root.place(&o.file).text()))),
        }
        let title = match &f.rule {
            Some(rule) => format!("boardcheck {} ({rule})", f.code.name),
            None => format!("boardcheck {}", f.code.name),
        };
        props.push(format!("title={}", property(&title)));
        let mut text = f.message.clone();
        for h in f.help_lines() {
            let _ = write!(text, "\nhelp: {h}");
        }
        if let Some(c) = &f.citation {
            let _ = write!(text, "\nsource: {c}");
        }
        let _ = write!(text, "\nmore: {}", super::explain_command(f));
        let _ = writeln!(out, "::{level} {}::{}", props.join(","), data(&text));
    }
    out
}

/// Escapes a command's message.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command's property value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_follow_the_workflow_command_rules() {
        assert_eq!(super::data("50% of\nseats"), "50%25 of%0Aseats");
        assert_eq!(super::property("a:b,c"), "a%3Ab%2Cc");
    }
}
