//! The concise format: one line per finding, `file:line:col: severity[code]: message`,
//! the form editors and `grep` understand.

use super::{anchor, Location};
use crate::Outcome;
use std::fmt::Write as _;

/// One line per finding of the board, most serious first.
#[must_use]
pub fn board(o: &Outcome) -> String {
    let mut out = String::new();
    for f in o.by_severity() {
        match anchor(f) {
            Some(l) => {
                let loc = Location::of(&l.span);
                let _ = write!(out, "{}:{}:{}: ", loc.file, loc.line, loc.column);
            }
            None => {
                let _ = write!(out, "{}: ", o.file.name);
            }
        }
        let _ = write!(out, "{}[{}]: {}", f.severity, f.code.name, f.message);
        if let Some(rule) = &f.rule {
            let _ = write!(out, " ({rule})");
        }
        out.push('\n');
    }
    out
}
