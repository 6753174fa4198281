//! The concise format: one line per finding, `file:line:col: severity[code]: message`,
//! the form editors and `grep` understand.

use super::{anchor, Location};
use crate::diagnostic::Finding;
use crate::Outcome;
use std::fmt::Write as _;

/// One line per finding of the board, most serious first.
#[must_use]
pub fn board(o: &Outcome) -> String {
    let mut out = String::new();
    for f in o.by_severity() {
        if anchor(f).is_none() {
            let _ = write!(out, "{}: ", o.file.name);
        }
        out.push_str(&headline(f));
        if let Some(rule) = &f.rule {
            let _ = write!(out, " ({rule})");
        }
        out.push('\n');
    }
    out
}

/// `file:line:col: severity[code]: message`, or without the position when the finding has
/// no label (an unreadable file).
pub(super) fn headline(f: &Finding) -> String {
    let mut s = anchor(f).map_or_else(String::new, |l| {
        let loc = Location::of(&l.span);
        format!("{}:{}:{}: ", loc.file, loc.line, loc.column)
    });
    let _ = write!(s, "{}[{}]: {}", f.severity, f.code.name, f.message);
    s
}
