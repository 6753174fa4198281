//! `boardcheck compare`: boards side by side. The comparison is data (rows of cells, each
//! row marked when the boards differ), rendered here as text and by `report` as Markdown
//! and HTML.

use super::table::{Align, Table};
use crate::model::ratio::percent;
use crate::rules::selector::Counting;
use crate::rules::RuleKind;
use crate::{Outcome, RuleVerdict, Verdict};
use std::fmt::Write as _;

/// What a row is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Section {
    /// Seats of one sector, or the total.
    Seats,
    /// A share that a rule limits.
    Share,
    /// A rule's verdict.
    Rule,
    /// The board's verdict.
    Verdict,
}

/// One line of the comparison.
#[derive(Debug, Clone)]
pub struct Row {
    /// What the row is about.
    pub section: Section,
    /// The row's label: a sector id, a share, a rule id.
    pub label: String,
    /// One cell per board; `-` where the board has no such thing.
    pub cells: Vec<String>,
    /// Whether the boards differ in this row.
    pub differs: bool,
}

/// Boards side by side.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// Each board's name and file, in the order given.
    pub boards: Vec<(String, String)>,
    /// The rows: seats per sector and in total, limited shares, rule verdicts, verdict.
    pub rows: Vec<Row>,
}

/// A verdict for the table: a failure stands out in capitals; "n/a" keeps columns narrow.
fn verdict_word(v: RuleVerdict) -> &'static str {
    match v {
        RuleVerdict::Failed => "FAILS",
        RuleVerdict::NotApplicable => "n/a",
        v => v.words(),
    }
}

impl Comparison {
    /// Compares checked boards (boards that could not be checked have blank columns).
    #[must_use]
    #[allow(clippy::too_many_lines)] // the comparison's rows in the order the table shows them
    pub fn new(outcomes: &[&Outcome]) -> Self {
        let mut rows = Vec::new();
        let mut push = |section, label: String, cells: Vec<String>| {
            let differs = cells.windows(2).any(|w| w[0] != w[1]);
            rows.push(Row {
                section,
                label,
                cells,
                differs,
            });
        };
        // Seats: every sector id, in order of first appearance.
        let mut ids: Vec<&str> = Vec::new();
        for o in outcomes {
            for s in o.board.iter().flat_map(|b| &b.sectors) {
                if !ids.contains(&s.id.value.as_str()) {
                    ids.push(&s.id.value);
                }
            }
        }
        for id in &ids {
            let cells = outcomes
                .iter()
                .map(|o| {
                    o.board
                        .as_ref()
                        .and_then(|b| b.sectors.iter().find(|s| s.id.value == *id))
                        .map_or_else(|| "-".to_string(), |s| s.seats.value.to_string())
                })
                .collect();
            push(Section::Seats, (*id).to_string(), cells);
        }
        push(
            Section::Seats,
            "total seats".to_string(),
            outcomes
                .iter()
                .map(|o| {
                    o.board
                        .as_ref()
                        .map_or_else(|| "-".into(), |b| b.total_seats().to_string())
                })
                .collect(),
        );
        // Limited shares and rule verdicts: every rule, in order of first appearance.
        let mut rule_ids: Vec<std::sync::Arc<str>> = Vec::new();
        for o in outcomes {
            for r in &o.rules {
                if !rule_ids.contains(&r.id) {
                    rule_ids.push(r.id.clone());
                }
            }
        }
        for id in &rule_ids {
            let mut label = None;
            let cells: Vec<String> = outcomes
                .iter()
                .map(|o| {
                    let Some(board) = &o.board else {
                        return "-".into();
                    };
                    let Some(rule) = o.all_rules().find(|r| &r.qualified == id) else {
                        return "-".into();
                    };
                    let RuleKind::Share(share) = &rule.kind else {
                        return String::new();
                    };
                    label.get_or_insert_with(|| format!("{} ({})", share.subject, share.limits()));
                    let (part, whole) = share.measure(board);
                    let noun = if share.counting == Counting::Members {
                        "members"
                    } else {
                        "seats"
                    };
                    let v = o
                        .rules
                        .iter()
                        .find(|r| &r.id == id)
                        .map_or("-", |r| verdict_word(o.rule_verdict(r)));
                    format!("{part} of {whole} {noun} = {}, {v}", percent(part, whole))
                })
                .collect();
            if let Some(label) = label {
                push(Section::Share, label, cells);
            }
        }
        for id in &rule_ids {
            let cells = outcomes
                .iter()
                .map(|o| {
                    o.rules.iter().find(|r| &r.id == id).map_or_else(
                        || "-".to_string(),
                        |r| verdict_word(o.rule_verdict(r)).to_string(),
                    )
                })
                .collect();
            push(Section::Rule, id.to_string(), cells);
        }
        push(
            Section::Verdict,
            "verdict".to_string(),
            outcomes
                .iter()
                .map(|o| {
                    match o.verdict() {
                        Verdict::Passed => "PASS",
                        Verdict::Failed => "FAIL",
                        Verdict::NotChecked => "NOT CHECKED",
                    }
                    .to_string()
                })
                .collect(),
        );
        Self {
            boards: outcomes
                .iter()
                .map(|o| {
                    (
                        o.board
                            .as_ref()
                            .map_or_else(String::new, |b| b.name.value.clone()),
                        o.file.name.clone(),
                    )
                })
                .collect(),
            rows,
        }
    }

    /// The comparison as text: a legend naming each board, then one table with a column
    /// per board and a `*` on every row where they differ.
    #[must_use]
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (i, (name, file)) in self.boards.iter().enumerate() {
            let _ = writeln!(out, "  [{}] {name}\n      {file}", i + 1);
        }
        out.push('\n');
        let mut cols = vec![(String::new(), Align::Left)];
        cols.extend((1..=self.boards.len()).map(|i| (format!("[{i}]"), Align::Right)));
        cols.push(("differs".to_string(), Align::Left));
        let mut t = Table::new(cols);
        let mut section = None;
        for row in &self.rows {
            if section != Some(row.section) {
                section = Some(row.section);
                let title = match row.section {
                    Section::Seats => "seats",
                    Section::Share => "limited shares",
                    Section::Rule => "rules",
                    Section::Verdict => "",
                };
                if !title.is_empty() {
                    t.row(vec![title.to_uppercase()]);
                }
            }
            let mut cells = vec![format!("  {}", row.label)];
            cells.extend(row.cells.iter().cloned());
            cells.push(if row.differs {
                "*".into()
            } else {
                String::new()
            });
            t.row(cells);
        }
        out.push_str(&t.render(2));
        out.push_str("\n  * the boards differ in this row\n");
        out
    }
}
