//! `boardcheck report --format md`: committee papers in Markdown.

use super::compare::Comparison;
use super::glance::Glance;
use super::paper::{Paper, TermLine};
use crate::Verdict;
use std::fmt::Write as _;

/// Text from a board as Markdown that shows it and does nothing else: raw HTML (`<script>`,
/// `<img onerror=...>`), links, emphasis and table pipes are backslash-escaped (the Common Mark spec
/// lets any ASCII punctuation be escaped), and a line break, which would end a table row
/// or list item, becomes a space.
fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '#' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A table cell of board text.
fn cell(s: &str) -> String {
    plain(s)
}

/// Text as a code span, whatever backticks it holds: the fence is one backtick longer than
/// its longest run (as the Common Mark spec allows), and pipes are escaped for tables.
fn code(s: &str) -> String {
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    let body = s.replace(['\n', '\r'], " ").replace('|', "\\|");
    format!("{fence}{pad}{body}{pad}{fence}")
}

/// boardcheck's own sentences, which quote file syntax in backticks, with board text in
/// them: the quoted parts become code spans, the rest [`plain`]. An odd number of
/// backticks (one written in a board) makes it all plain.
fn prose(s: &str) -> String {
    if s.matches('`').count() % 2 == 1 {
        return plain(s);
    }
    s.split('`')
        .enumerate()
        .map(|(i, part)| if i % 2 == 1 { code(part) } else { plain(part) })
        .collect()
}

fn verdict(v: Verdict) -> &'static str {
    match v {
        Verdict::Passed => "PASSES: no rule is broken",
        Verdict::Failed => "FAILS: at least one rule is broken",
        Verdict::NotChecked => "NOT CHECKED: the file could not be read",
    }
}

/// Several boards: an index, then a page per board, then the comparison if asked.
#[must_use]
pub fn render(papers: &[Paper], comparison: Option<&Comparison>) -> String {
    render_with(&[], papers, comparison)
}

/// As [`render`], with each estate at a glance first.
#[must_use]
pub fn render_with(
    glances: &[Glance],
    papers: &[Paper],
    comparison: Option<&Comparison>,
) -> String {
    let mut out = String::new();
    for g in glances {
        glance(&mut out, g);
    }
    if papers.len() > 1 {
        out.push_str("# Board composition report\n\n| Board | File | Result |\n|---|---|---|\n");
        for p in papers {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                cell(&p.name),
                code(&p.file),
                verdict(p.verdict)
            );
        }
        out.push('\n');
    }
    for p in papers {
        page(&mut out, p, papers.len() > 1);
    }
    if let Some(c) = comparison {
        out.push_str("## Side by side\n\n");
        let _ = write!(out, "| |");
        for (i, (name, _)) in c.boards.iter().enumerate() {
            let _ = write!(out, " [{}] {} |", i + 1, cell(name));
        }
        out.push_str(" Differs |\n|---|");
        out.push_str(&"---:|".repeat(c.boards.len()));
        out.push_str("---|\n");
        for r in &c.rows {
            let _ = write!(out, "| {} |", cell(&r.label));
            for v in &r.cells {
                let _ = write!(out, " {} |", cell(v));
            }
            let _ = writeln!(out, " {} |", if r.differs { "yes" } else { "" });
        }
        out.push('\n');
    }
    out
}

#[allow(clippy::too_many_lines)] // the paper's Markdown from top to bottom: its sections read best in document order
fn page(out: &mut String, p: &Paper, many: bool) {
    let h = if many { "##" } else { "#" };
    let _ = writeln!(out, "{h} {}\n", plain(&p.name));
    let _ = writeln!(out, "- **Result:** {}", verdict(p.verdict));
    if let Some(s) = &p.source {
        let _ = writeln!(out, "- **Source:** {}", plain(s));
    }
    let _ = writeln!(out, "- **File:** {}", code(&p.file));
    let _ = writeln!(out, "- **Seats:** {} ({} vacant)\n", p.total, p.vacancies());
    let _ = writeln!(out, "{}\n", plain(&p.provenance()));
    let _ = writeln!(out, "{h}# Composition\n");
    out.push_str("| Sector | Seats | Filled | Vacant | Share of the board | Tags the rules use |\n|---|---:|---:|---:|---:|---|\n");
    for s in &p.sectors {
        let _ = writeln!(
            out,
            "| {} ({}) | {} | {} | {} | {} | {} |",
            cell(&s.name),
            code(&s.id),
            s.seats,
            s.filled,
            s.vacant,
            s.share,
            s.tags
                .iter()
                .map(|t| code(t))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let _ = writeln!(
        out,
        "| **Total** | **{}** | | **{}** | 100% | |\n",
        p.total,
        p.vacancies()
    );
    if !p.shares.is_empty() {
        let _ = writeln!(out, "{h}# Limited shares\n");
        for s in &p.shares {
            let _ = writeln!(
                out,
                "- {}: {} of {} = {}; the limit is {}: **{}**",
                prose(&s.subject),
                s.part,
                s.whole,
                crate::model::ratio::percent(s.part, s.whole),
                prose(&s.limit),
                if s.breached {
                    "BREACHED"
                } else {
                    "within the limit"
                }
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{h}# Rules\n");
    out.push_str("| Rule | What it requires | Result | Source |\n|---|---|---|---|\n");
    for r in &p.rules {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            code(&r.id),
            prose(&r.title),
            if r.verdict == "fails" {
                "**FAILS**"
            } else {
                r.verdict
            },
            prose(&r.citation)
        );
    }
    out.push('\n');
    let _ = writeln!(out, "{h}# Findings\n");
    if p.findings.is_empty() {
        out.push_str("None.\n\n");
    }
    for f in &p.findings {
        let rule = f
            .rule
            .as_ref()
            .map_or_else(String::new, |r| format!(" ({})", plain(r)));
        let at = f.line.map_or_else(String::new, |l| format!(", line {l}"));
        let _ = writeln!(
            out,
            "- **{}** {}{rule}{at}: {}",
            f.severity,
            code(f.code),
            prose(&f.message)
        );
        for fix in &f.fix {
            let _ = writeln!(out, "  - To fix: {}", prose(fix));
        }
    }
    if !p.findings.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(out, "{h}# Chair and vice-chair\n");
    if p.offices.is_empty() {
        out.push_str("Not stated, and no rule limits who may hold them.\n");
    }
    for o in &p.offices {
        let _ = writeln!(
            out,
            "- **{}:** {}. Eligibility: {}.",
            o.title,
            prose(&o.holder),
            prose(&o.eligibility)
        );
    }
    out.push('\n');
    let (as_of, days) = p.as_of;
    let _ = writeln!(out, "{h}# Terms of office and vacancies\n");
    if p.named {
        let _ = writeln!(
            out,
            "As of {as_of}, terms ended or ending within {days} days:\n"
        );
        if p.terms.is_empty() {
            out.push_str("- None.\n");
        }
        for t in &p.terms {
            let _ = writeln!(
                out,
                "- {} ({}): {} {}",
                plain(&t.name),
                code(&t.sector),
                if t.ended { "ended" } else { "ends" },
                t.ends
            );
        }
    } else {
        out.push_str("A proposal: no members are named yet, so every seat is to be filled.\n");
    }
    out.push('\n');
    let vacant: Vec<String> = p
        .sectors
        .iter()
        .filter(|s| s.vacant > 0)
        .map(|s| format!("{} {}", code(&s.id), s.vacant))
        .collect();
    if p.named {
        if vacant.is_empty() {
            out.push_str("Vacancies: none.\n\n");
        } else {
            let _ = writeln!(out, "Vacancies: {}.\n", vacant.join(", "));
        }
    }
}

/// An estate at a glance: its boards, the people on several, the rules across boards.
fn glance(out: &mut String, g: &Glance) {
    let _ = writeln!(
        out,
        "# {} at a glance\n\nEstate file: {}\n",
        cell(&g.name),
        code(&g.file)
    );
    out.push_str("| Board | File | Result | Seats | Vacant | Terms ended or ending |\n|---|---|---|---:|---:|---|\n");
    for b in &g.boards {
        let terms: Vec<String> = b.terms.iter().map(TermLine::words).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            cell(&b.name),
            code(&b.file),
            verdict(b.verdict),
            b.seats,
            b.vacancies,
            cell(&if terms.is_empty() {
                "none".to_string()
            } else {
                terms.join("; ")
            })
        );
    }
    let _ = writeln!(
        out,
        "\nTerms are listed when they have ended or end within {} days.\n",
        g.horizon_days
    );
    out.push_str("## People on more than one board\n\n");
    if g.shared.is_empty() {
        out.push_str("No one sits on more than one board.\n\n");
    } else {
        out.push_str("| Person | Boards |\n|---|---|\n");
        for s in &g.shared {
            let _ = writeln!(
                out,
                "| {} | {} |",
                cell(&s.person),
                cell(&s.boards.join("; "))
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## Rules across boards: {}\n", verdict(g.verdict));
    for f in &g.findings {
        let _ = writeln!(
            out,
            "- **{}** {}{}: {}{}",
            f.severity,
            code(f.code),
            f.rule
                .as_ref()
                .map(|r| format!(" ({})", plain(r)))
                .unwrap_or_default(),
            prose(&f.message),
            f.at.as_ref()
                .map(|a| format!(" (at {})", code(a)))
                .unwrap_or_default()
        );
        for fix in &f.fix {
            let _ = writeln!(out, "  - {}", prose(fix));
        }
    }
    out.push('\n');
}
