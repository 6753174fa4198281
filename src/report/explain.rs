//! Text for `boardcheck explain`: a code's documentation (the doc comment of its
//! `declare_code!`, the same text rustdoc shows), a rule kind's (the doc comment of its
//! `declare_kind!`, its parameters from the schema of its parameter type, a rule of the
//! kind from a built-in pack, and its codes), or a rule's (what it checks, where it comes
//! from, the rule as written, and the codes it reports). Also the README's tables of kinds
//! and codes, generated from the same registry.

use crate::diagnostic::Code;
use crate::pack::Pack;
use crate::parse::did_you_mean;
use crate::rules::kind::Kind;
use crate::rules::{all_codes, find_code, Rule, KINDS};
use std::fmt::Write as _;
use std::sync::Arc;

/// The text for a code (or a code's former name), a rule kind, or a rule id in `packs`, or
/// why there is none. `packs` also gives the examples of each kind.
pub fn explain(query: &str, packs: &[Arc<Pack>]) -> Result<String, String> {
    let query = query.trim();
    if let Some(code) = find_code(query) {
        return Ok(code_text(code));
    }
    if let Some(kind) = KINDS.iter().find(|k| k.name == query) {
        return Ok(kind_text(kind, packs));
    }
    let matches: Vec<(&Arc<Pack>, &Rule)> = packs
        .iter()
        .flat_map(|p| p.rules.iter().map(move |r| (p, r)))
        .filter(|(p, r)| {
            *r.qualified == *query
                || r.id.value == query
                || format!("{}/{}", p.name.value, r.id.value) == query
        })
        .collect();
    match matches.as_slice() {
        [(pack, rule)] => Ok(rule_text(pack, rule)),
        [] => {
            let mut names: Vec<String> = all_codes().iter().map(|c| c.name.to_string()).collect();
            names.extend(KINDS.iter().map(|k| k.name.to_string()));
            for p in packs {
                names.extend(p.rules.iter().map(|r| r.qualified.to_string()));
            }
            let hint = did_you_mean(query, names.iter().map(String::as_str)).map_or_else(
                || "run `boardcheck explain` for every code and rule kind, or `boardcheck packs show NAME` for a pack's rules".to_string(),
                |s| format!("did you mean `{s}`?"),
            );
            Err(format!(
                "`{query}` is not a code, a rule kind or a rule id; {hint}"
            ))
        }
        many => {
            let ids: Vec<String> = many
                .iter()
                .map(|(_, r)| format!("`{}`", r.qualified))
                .collect();
            Err(format!(
                "`{query}` is a rule in several packs: {}; name one of them",
                ids.join(", ")
            ))
        }
    }
}

/// Every code, by family, with the first sentence of what it checks.
#[must_use]
pub fn index() -> String {
    let codes = all_codes();
    let width = codes.iter().map(|c| c.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    let mut family = "";
    for c in codes {
        if c.family != family {
            family = c.family;
            let _ = writeln!(out, "\n{family}");
        }
        let _ = writeln!(out, "  {:<width$}  {}", c.name, c.summary());
    }
    let _ = writeln!(out, "\nrule kinds");
    let width = KINDS.iter().map(|k| k.name.len()).max().unwrap_or(0);
    for k in KINDS {
        let _ = writeln!(out, "  {:<width$}  {}", k.name, k.summary());
    }
    out.push_str("\nExplain one with `boardcheck explain CODE` or `boardcheck explain KIND`, or a rule with `boardcheck explain RULE-ID`.\n");
    out.trim_start().to_string()
}

/// Every code's documentation on one page (`docs/codes.md`, where SARIF's `helpUri` points):
/// a `##` heading per code, named by the code alone so that `#share-above-maximum` finds it.
#[must_use]
pub fn codes_page() -> String {
    let mut out = String::from(
        "# Diagnostic codes\n\nGenerated from the registry by `tests/docs.rs` (the same text as `boardcheck explain CODE`).\n",
    );
    for code in all_codes() {
        let text = code_text(code);
        let body = text.split_once('\n').map_or("", |(_, rest)| rest);
        let _ = write!(out, "\n## {}\n\nFamily: {}.\n", code.name, code.family);
        let mut fenced = false;
        for line in body.lines() {
            fenced ^= line.starts_with("```");
            if line.starts_with('#') && !fenced {
                let _ = writeln!(out, "#{line}");
            } else {
                let _ = writeln!(out, "{line}");
            }
        }
    }
    out
}

/// A code's documentation.
#[must_use]
pub fn code_text(code: &Code) -> String {
    let mut out = format!("# {} ({})\n\n{}", code.name, code.family, code.doc());
    if !code.aliases.is_empty() {
        let old: Vec<String> = code.aliases.iter().map(|a| format!("`{a}`")).collect();
        let _ = write!(
            out,
            "\nFormerly {}; waivers and `explain` accept the old name.\n",
            old.join(", ")
        );
    }
    out
}

/// A rule kind's documentation: what it checks, its parameters, a rule of the kind from
/// one of `packs` (the first that has one), and the codes it reports.
#[must_use]
pub fn kind_text(kind: &Kind, packs: &[Arc<Pack>]) -> String {
    let mut out = format!(
        "# {} (rule kind, since {})\n\n{}",
        kind.name,
        kind.since,
        kind.doc()
    );
    out.push_str("\n## Parameters\n\n");
    for p in kind.parameters() {
        let required = if p.required { " (required)" } else { "" };
        let _ = writeln!(out, "- `{}`{required}: {}", p.name, p.description);
    }
    out.push_str(
        "\nEvery rule also takes `id` and `kind`, and may take `severity` (error, warning or advice), `title`, `citation` and `applies-when`.\n",
    );
    let example = packs
        .iter()
        .flat_map(|p| p.rules.iter())
        .find(|r| r.kind.name() == kind.name);
    if let Some(rule) = example {
        let _ = write!(
            out,
            "\n## In a pack: {}\n\nAs written in {}:\n\n```toml\n{}\n```\n",
            rule.qualified,
            rule.span.file.name,
            table_text(&rule.span.file.text, rule.span.range.start)
        );
    }
    out.push_str("\n## Codes\n\n");
    for c in kind.codes {
        let _ = writeln!(out, "- `{}`: {}", c.name, c.summary());
    }
    let _ = write!(out, "\nExplain one with `boardcheck explain CODE`.\n");
    out
}

/// The README's table of rule kinds: each kind's parameters and the first paragraph of its
/// documentation. A test holds the README to it.
#[must_use]
pub fn kinds_markdown() -> String {
    let mut out = String::from("| kind | parameters | checks |\n|---|---|---|\n");
    for k in KINDS {
        let params: Vec<String> = k
            .parameters()
            .iter()
            .map(|p| format!("`{}`", p.name))
            .collect();
        let _ = writeln!(
            out,
            "| `{}` | {} | {} |",
            k.name,
            params.join(", "),
            k.summary()
        );
    }
    out
}

/// The README's table of codes by family. A test holds the README to it.
#[must_use]
pub fn codes_markdown() -> String {
    let mut out = String::from("| family | codes |\n|---|---|\n");
    let mut families: Vec<(&str, Vec<String>)> = Vec::new();
    for c in all_codes() {
        let name = format!("`{}`", c.name);
        match families.last_mut() {
            Some((f, names)) if *f == c.family => names.push(name),
            _ => families.push((c.family, vec![name])),
        }
    }
    for (family, names) in families {
        let _ = writeln!(out, "| {family} | {} |", names.join(", "));
    }
    out
}

/// A rule's documentation: the rule as `packs show` prints it, the rule as written in its
/// pack, and the documentation of each code it can report.
#[must_use]
pub fn rule_text(pack: &Pack, rule: &Rule) -> String {
    let mut out = format!("# {}\n\n", rule.qualified);
    if let Some(t) = &rule.title {
        let _ = writeln!(out, "{t}\n");
    }
    let _ = writeln!(out, "pack:      {} ({})", pack.name.value, pack.title);
    let _ = writeln!(out, "severity:  {}", rule.severity);
    let _ = writeln!(out, "kind:      {}", rule.kind.name());
    let _ = writeln!(out, "checks:    {}", rule.kind.describe());
    if let Some(c) = &rule.applies_when {
        let _ = writeln!(out, "applies:   when {}", c.describe());
    }
    if let Some(c) = &rule.citation {
        let _ = writeln!(out, "source:    {c}");
    }
    let text = &rule.span.file.text;
    let _ = write!(
        out,
        "\n## As written in {}\n\n```toml\n{}\n```\n",
        rule.span.file.name,
        table_text(text, rule.span.range.start)
    );
    let kind = rule.kind.name();
    let codes: Vec<&Code> = all_codes()
        .into_iter()
        .filter(|c| c.family == kind || (c.family == "rule" && rule.applies_when.is_some()))
        .collect();
    out.push_str("\n## What it reports\n");
    for c in codes {
        let doc = c.doc();
        let body: Vec<String> = doc
            .lines()
            .map(|l| match l.strip_prefix("## ") {
                Some(h) => format!("#### {h}"),
                None => l.to_string(),
            })
            .collect();
        let _ = write!(out, "\n### {}\n\n{}\n", c.name, body.join("\n"));
    }
    out
}

/// The text of the table whose header starts at `start`: up to the next table header,
/// without trailing blank lines and comments.
fn table_text(text: &str, start: usize) -> String {
    let rest = text.get(start..).unwrap_or("");
    let mut lines: Vec<&str> = Vec::new();
    for (i, line) in rest.lines().enumerate() {
        if i > 0 && line.trim_start().starts_with('[') {
            break;
        }
        lines.push(line);
    }
    while lines
        .last()
        .is_some_and(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        lines.pop();
    }
    lines.join("\n")
}
