//! The concise format: one line per finding, `file:line:col: severity[code]: message`,
//! the form editors and `grep` understand.

use super::{anchor, Location};
use crate::diagnostic::Finding;
use crate::Outcome;
use std::fmt::Write as _;

/// One line per finding of the board, most serious first; with `colour`, the place in
/// bold and the severity in red (error) or yellow (warning), as compilers write them.
#[must_use]
pub fn board(o: &Outcome, colour: bool) -> String {
    let mut out = String::new();
    for f in o.by_severity() {
        if anchor(f).is_none() {
            let _ = write!(out, "{}: ", o.file.name);
        }
        out.push_str(&if colour { coloured(f) } else { headline(f) });
        if let Some(rule) = &f.rule {
            let _ = write!(out, " ({rule})");
        }
        out.push('\n');
    }
    out
}

/// A headline with its place in bold and its severity in colour.
fn coloured(f: &Finding) -> String {
    let paint = match f.severity {
        crate::diagnostic::Severity::Error => "\u{1b}[1;31m",
        crate::diagnostic::Severity::Warning => "\u{1b}[1;33m",
        _ => "\u{1b}[1;36m",
    };
    let place = place(f);
    let place = if place.is_empty() {
        place
    } else {
        format!("\u{1b}[1m{place}\u{1b}[0m")
    };
    format!(
        "{place}{paint}{}\u{1b}[0m[{}]: {}",
        f.severity, f.code.name, f.message
    )
}

/// `file:line:col: `, or nothing for a finding without a label.
fn place(f: &Finding) -> String {
    anchor(f).map_or_else(String::new, |l| {
        let loc = Location::of(&l.span);
        format!("{}:{}:{}: ", loc.file, loc.line, loc.column)
    })
}

/// `file:line:col: severity[code]: message`, or without the position when the finding has
/// no label (an unreadable file).
pub(super) fn headline(f: &Finding) -> String {
    let mut s = place(f);
    let _ = write!(s, "{}[{}]: {}", f.severity, f.code.name, f.message);
    s
}
