//! Text for `boardcheck init`: a commented starter board for a pack.
//!
//! The starter is made from the pack itself: its facts (with what each means and the
//! values allowed), a sector for each tag its rules read (with the seats a `count` rule
//! asks of that tag, else 1), and commented examples of members, the chair and a waiver.
//! It is a valid board, so `boardcheck check` runs on it at once and says what to change;
//! `explore::fit` then makes it pass its own pack for the facts given to `init`.

use crate::pack::Pack;
use crate::rules::selector::Selector;
use crate::rules::{Bound, RuleKind};
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// The starter board's text.
#[must_use]
#[allow(clippy::too_many_lines)] // the starter board from top to bottom, as the file reads
pub fn starter(pack: &Pack, reference: &str, facts: &[(String, String)]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# A board constitution checked against {}:",
        pack.name.value
    );
    let _ = writeln!(out, "# {}.", pack.title.trim_end_matches('.'));
    let _ = writeln!(out, "# Source: {}", pack.source);
    out.push_str(
        "#\n\
         # Fill in the name, the facts and the sectors, then run `boardcheck check` on this file:\n\
         # it lists every rule the board breaks, the line it concerns and how to fix it.\n\
         # `boardcheck packs show ",
    );
    let _ = writeln!(
        out,
        "{}` lists the rules with their citations.",
        pack.name.value
    );
    out.push_str(
        "# For completion and inline docs in your editor, run\n\
         # `boardcheck schema board > board.schema.json` and make the first line of this file\n\
         # `#:schema ./board.schema.json`.\n\n",
    );
    let _ = writeln!(out, "[board]");
    let _ = writeln!(
        out,
        "name = \"New board\"  # as it appears in committee papers"
    );
    let _ = writeln!(
        out,
        "source = \"\"  # the instrument of government, scheme or consultation this comes from"
    );
    let _ = writeln!(out, "rules = [\"{reference}\"]");
    out.push_str(
        "# quorum = 6  # only if the constitution sets its own; otherwise the pack's rule fixes it\n\
         # register-complete = true  # once members are named: every personal fact is listed\n",
    );
    if !pack.facts.is_empty() {
        out.push_str("\n# Facts the rules read. Facts with a default may be left out.\n[facts]\n");
        for f in &pack.facts {
            let _ = writeln!(out, "# {}", f.description.trim());
            if let Some((_, given)) = facts.iter().find(|(n, _)| *n == f.name) {
                let value = if f.kind == "text" {
                    format!("\"{}\"", given.replace('\\', "\\\\").replace('"', "\\\""))
                } else {
                    given.clone()
                };
                let _ = writeln!(out, "{} = {value}  # as given to `init`", f.name);
                continue;
            }
            if !f.values.is_empty() {
                let values: Vec<String> = f.values.iter().map(|v| format!("\"{v}\"")).collect();
                let _ = writeln!(out, "# One of {}.", values.join(", "));
            }
            match (&f.default, f.required) {
                (Some(d), _) => {
                    let _ = writeln!(out, "# {} = {}  # the default", f.name, d.value);
                }
                (None, true) => {
                    let _ = writeln!(
                        out,
                        "{} = {}  # required: check this value",
                        f.name,
                        placeholder(f)
                    );
                }
                (None, false) => {
                    let _ = writeln!(out, "# {} = {}", f.name, placeholder(f));
                }
            }
        }
    }
    let mut tags = BTreeSet::new();
    let mut personal = BTreeSet::new();
    for r in &pack.rules {
        for s in r.kind.selectors() {
            s.names(&mut tags, &mut personal);
        }
    }
    out.push_str(
        "\n# Sectors: each a category of seats. `tags` say what is true of every seat in the\n\
         # sector; the rules read them. Rename, merge or split sectors to match the board.\n\
         # As an instrument may put it: `seats = { at-most = 3 }` (\"up to 3\"),\n\
         # `tags-one-of = [[\"a\"], [\"b\"]]` (seats of one kind or another), `not = [...]`\n\
         # (personal facts false of every seat), `term-years = 4`, `voting = false`\n\
         # (observers), `appointed-by = \"parents\"`, `represents = [\"School\"]`.\n",
    );
    if tags.is_empty() {
        out.push_str("\n[sectors.members]\nseats = 1\n");
    }
    for tag in &tags {
        let _ = writeln!(out, "\n[sectors.{tag}]");
        let _ = writeln!(out, "name = \"{}\"", sentence(tag));
        let _ = writeln!(out, "seats = {}", seats_for(pack, tag));
        let _ = writeln!(out, "tags = [\"{tag}\"]");
    }
    let first = tags.iter().next().map_or("members", |t| *t);
    out.push_str("\n# Named members, once appointed: one `[[members]]` table per person.\n");
    let _ = writeln!(
        out,
        "# [[members]]\n# name = \"A. Person\"\n# sector = \"{first}\""
    );
    if !personal.is_empty() {
        let list: Vec<String> = personal.iter().map(|p| format!("\"{p}\"")).collect();
        let _ = writeln!(
            out,
            "# tags = []  # personal facts the rules read: {}",
            list.join(", ")
        );
    }
    out.push_str("# not = []  # personal facts known to be false of this person\n");
    out.push_str("# term-start = 2026-09-01\n# term-end = 2030-08-31\n");
    out.push_str(
        "\n# The chair: a named member, or, in a proposal, the sector(s) the chair is drawn from.\n\
         # [chair]\n# member = \"A. Person\"\n",
    );
    let _ = writeln!(out, "# from = \"{first}\"");
    out.push_str(
        "\n# A rule knowingly not applied to one sector or member needs a reason, and may end.\n\
         # [[waivers]]\n# rule = \"rule-id\"\n",
    );
    let _ = writeln!(out, "# sector = \"{first}\"");
    out.push_str("# reason = \"Agreed at the meeting of ...\"\n# expires = 2027-08-31\n");
    out.push_str(
        "\n# Meetings held, checked against the quorum in force on the day.\n\
         # [[meetings]]\n# date = 2026-10-15\n# present = 7  # or the names present\n",
    );
    out
}

/// The seats a tag's sector starts with: the number a `count` rule on exactly that tag
/// asks for (its minimum, or its exact number), else 1.
fn seats_for(pack: &Pack, tag: &str) -> u32 {
    pack.rules
        .iter()
        .filter(|r| r.applies_when.is_none())
        .filter_map(|r| match &r.kind {
            RuleKind::Count(c) => match &c.select {
                Selector::Tag(t) if t.value == tag => match c.min.as_ref().map(|b| &b.value) {
                    Some(Bound::Fixed(n)) => Some(*n),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        })
        .max()
        .unwrap_or(1)
        .max(1)
}

/// A placeholder for a fact with no default.
fn placeholder(f: &crate::pack::FactDecl) -> String {
    match f.kind.as_str() {
        "bool" => "false".into(),
        "number" => "1".into(),
        // How many, until the names are filled in: `["Oakfield", "Elm"]`.
        "list" => "2".into(),
        "numbers" => "{ }".into(),
        _ => f
            .values
            .first()
            .map_or_else(|| "\"\"".into(), |v| format!("\"{v}\"")),
    }
}

/// `local-authority` → "Local authority".
fn sentence(tag: &str) -> String {
    let words = tag.replace('-', " ");
    let mut chars = words.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().collect::<String>() + chars.as_str()
    })
}
