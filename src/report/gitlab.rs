//! The GitLab Code Quality format: a JSON array of issues, which GitLab shows in a merge
//! request's Code Quality widget and beside the changed lines.
//!
//! See GitLab's "Code Quality" documentation, "Implement a custom tool": each issue has a
//! `description`, `check_name`, `fingerprint`, `severity` and `location` (a `path`
//! relative to the repository's root, and lines).

use super::{anchor, is_builtin, Location, Root};
use crate::diagnostic::Severity;
use crate::Outcome;
use serde_json::json;

/// The board's issues, one per line, joined by `,` (the array's brackets come from the
/// emitter), files relative to `root`.
#[must_use]
pub fn board(o: &Outcome, root: &Root) -> String {
    let mut seen = super::Seen::default();
    o.by_severity()
        .into_iter()
        .map(|f| {
            let label = anchor(f).filter(|l| !is_builtin(&l.span.file));
            let file = label.map_or(&o.file, |l| &l.span.file);
            let path = root.place(file).text();
            let (begin, end) = label.map_or((1, 1), |l| {
                let loc = Location::of(&l.span);
                (loc.line, loc.end_line)
            });
            let severity = match f.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
                Severity::Advice => "info",
            };
            let check = f.rule.as_ref().map_or_else(
                || f.code.name.to_string(),
                |r| format!("{}/{r}", f.code.name),
            );
            let mut description = f.message.clone();
            if let Some(h) = f.help_lines().next() {
                description.push_str(" (help: ");
                description.push_str(h);
                description.push(')');
            }
            let issue = json!({
                "type": "issue",
                "description": description,
                "check_name": check,
                "fingerprint": super::fingerprint(f, &path, &mut seen),
                "severity": severity,
                "location": { "path": path, "lines": { "begin": begin, "end": end } },
            });
            serde_json::to_string(&issue).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(",\n")
}
