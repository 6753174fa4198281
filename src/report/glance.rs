//! The estate at a glance, for `boardcheck report` over an estate: every board with its
//! verdict, vacancies and the terms ended or ending within the horizon; every person who
//! holds seats on more than one board; and the findings of the rules across boards. Data
//! here; `markdown.rs` and `html.rs` render it before the boards' papers.

use super::paper::{Paper, TermLine};
use crate::estate::{person_key, BoardView, Estate, EstateView};
use crate::{Outcome, Verdict};
use std::path::PathBuf;

/// One board of the estate.
#[derive(Debug, Clone)]
pub struct BoardLine {
    /// Its name.
    pub name: String,
    /// Its file.
    pub file: String,
    /// Its verdict.
    pub verdict: Verdict,
    /// Its seats, vacancies included.
    pub seats: u64,
    /// Its vacant seats.
    pub vacancies: u64,
    /// Terms ended, or ending within the horizon, soonest first.
    pub terms: Vec<TermLine>,
}

/// A person with seats on more than one board.
#[derive(Debug, Clone)]
pub struct Shared {
    /// Their name, as the first board writes it.
    pub person: String,
    /// The boards, by name.
    pub boards: Vec<String>,
}

/// A finding of a rule across boards, with the board line it points at.
#[derive(Debug, Clone)]
pub struct AcrossFinding {
    /// `error`, `warning` or `advice`.
    pub severity: &'static str,
    /// The code.
    pub code: &'static str,
    /// The rule's id.
    pub rule: Option<String>,
    /// What is wrong.
    pub message: String,
    /// Where: `file:line`.
    pub at: Option<String>,
    /// How to fix it.
    pub fix: Vec<String>,
}

/// An estate at a glance.
#[derive(Debug, Clone)]
pub struct Glance {
    /// The estate's name.
    pub name: String,
    /// Its `boardcheck.toml`.
    pub file: String,
    /// The verdict of its rules across boards.
    pub verdict: Verdict,
    /// Its boards, in the order checked.
    pub boards: Vec<BoardLine>,
    /// Everyone on more than one board.
    pub shared: Vec<Shared>,
    /// The findings of its rules across boards (and any mistakes in its files).
    pub findings: Vec<AcrossFinding>,
    /// How far ahead a term counts as ending, in days.
    pub horizon_days: u32,
}

impl Glance {
    /// The glance of the estate `name`, from its boards' outcomes and papers and the
    /// outcome of its rules across boards (`crate::estate::check`).
    #[must_use]
    pub fn new(
        name: &str,
        own: &Outcome,
        boards: &[(&Outcome, &Paper)],
        horizon_days: u32,
    ) -> Self {
        let mut shared: indexmap::IndexMap<String, Shared> = indexmap::IndexMap::new();
        for (o, p) in boards {
            for m in o.board.iter().flat_map(|b| b.members.iter()) {
                let s = shared
                    .entry(person_key(&m.name.value))
                    .or_insert_with(|| Shared {
                        person: m.name.value.clone(),
                        boards: Vec::new(),
                    });
                if !s.boards.contains(&p.name) {
                    s.boards.push(p.name.clone());
                }
            }
        }
        let findings = own
            .by_severity()
            .into_iter()
            .map(|f| AcrossFinding {
                severity: f.severity.as_str(),
                code: f.code.name,
                rule: f.rule.as_deref().map(str::to_string),
                message: f.message.clone(),
                at: super::anchor(f).map(|l| {
                    format!(
                        "{}:{}",
                        l.span.file.name,
                        l.span.file.line_col(l.span.range.start).0
                    )
                }),
                fix: f.help_lines().map(String::from).collect(),
            })
            .collect();
        Self {
            name: name.to_string(),
            file: own.file.name.clone(),
            verdict: own.verdict(),
            boards: boards
                .iter()
                .map(|(_, p)| BoardLine {
                    name: p.name.clone(),
                    file: p.file.clone(),
                    verdict: p.verdict,
                    seats: p.total,
                    vacancies: p.vacancies(),
                    terms: p.terms.clone(),
                })
                .collect(),
            shared: shared
                .into_values()
                .filter(|s| s.boards.len() > 1)
                .collect(),
            findings,
            horizon_days,
        }
    }
}

/// Each estate at a glance, from the board files as [`crate::estate::plan`] sorted them,
/// their outcomes and their papers (one each, in the same order): its rules across boards
/// are checked here.
#[must_use]
pub fn for_estates(
    estates: &[Estate],
    files: &[(PathBuf, Option<usize>)],
    outcomes: &[Outcome],
    papers: &[Paper],
    horizon_days: u32,
) -> Vec<Glance> {
    estates
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut mine = Vec::new();
            let mut view = EstateView::default();
            for (k, (path, at)) in files.iter().enumerate() {
                if *at != Some(i) {
                    continue;
                }
                mine.push((&outcomes[k], &papers[k]));
                if let Some(b) = &outcomes[k].board {
                    view.boards.push(BoardView::of(e.role_of(path), b));
                }
            }
            let own = crate::estate::check(e, &view);
            Glance::new(&e.name.value, &own, &mine, horizon_days)
        })
        .collect()
}
