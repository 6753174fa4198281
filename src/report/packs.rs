//! Text for `boardcheck packs` and `boardcheck packs show`: what each pack checks, in the
//! words of its rules and their citations.

use crate::pack::Pack;
use std::fmt::Write as _;

/// One line per pack: name, rule count, title.
#[must_use]
pub fn list(packs: &[std::sync::Arc<Pack>]) -> String {
    let width = packs.iter().map(|p| p.name.value.len()).max().unwrap_or(0);
    let mut out = String::new();
    for p in packs {
        let _ = writeln!(
            out,
            "{:<width$}  {:>2} rules  {}",
            p.name.value,
            p.rules.len(),
            p.title
        );
    }
    out.push_str("\nShow a pack's rules with `boardcheck packs show NAME`.\n");
    out
}

/// A pack in full: its source, the facts it reads, and every rule with what it checks and
/// the clause it comes from.
#[must_use]
pub fn show(p: &Pack) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}: {}", p.name.value, p.title);
    let _ = writeln!(out, "version: {}", p.version);
    let _ = writeln!(out, "source:  {}", p.source);
    if let Some(notes) = &p.notes {
        let _ = writeln!(out, "\n{}", notes.trim());
    }
    if !p.facts.is_empty() {
        let _ = writeln!(out, "\nFacts a board states in [facts]:");
        for f in &p.facts {
            let need = match (&f.default, f.required) {
                (Some(d), _) => format!("default {}", d.value),
                (None, true) => "required".to_string(),
                (None, false) => "optional".to_string(),
            };
            let _ = writeln!(out, "  {} ({}, {need})", f.name, f.kind);
            let _ = writeln!(out, "      {}", f.description);
            if !f.values.is_empty() {
                let values: Vec<String> = f.values.iter().map(|v| format!("\"{v}\"")).collect();
                let _ = writeln!(out, "      one of {}", values.join(", "));
            }
        }
    }
    let mut tags = std::collections::BTreeSet::new();
    let mut personal = std::collections::BTreeSet::new();
    for r in &p.rules {
        for sel in r.kind.selectors() {
            sel.names(&mut tags, &mut personal);
        }
    }
    if !tags.is_empty() {
        let list: Vec<&str> = tags.into_iter().collect();
        let _ = writeln!(
            out,
            "\nTags read from sectors (every seat) and members: {}",
            list.join(", ")
        );
    }
    if !personal.is_empty() {
        let list: Vec<&str> = personal.into_iter().collect();
        let _ = writeln!(
            out,
            "Personal facts, read from members (unknown for a vacant seat unless its sector carries them): {}",
            list.join(", ")
        );
    }
    let _ = writeln!(out, "\nRules:");
    for r in &p.rules {
        let _ = writeln!(
            out,
            "\n  {}  [{}, {}]",
            r.qualified,
            r.severity,
            r.kind.name()
        );
        if let Some(t) = &r.title {
            let _ = writeln!(out, "      {t}");
        }
        let _ = writeln!(out, "      checks: {}", r.kind.describe());
        if let Some(c) = &r.applies_when {
            let _ = writeln!(out, "      applies when {}", c.describe());
        }
        if let Some(c) = &r.citation {
            let _ = writeln!(out, "      source: {c}");
        }
    }
    out
}
