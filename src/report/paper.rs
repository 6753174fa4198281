//! Committee papers (`boardcheck report`): what a governance officer attaches to a paper,
//! gathered once as data (`Paper`) and written as Markdown or as one self-contained HTML
//! file that prints on A4.

use crate::model::ratio::percent;
use crate::model::{Board, Date, Holder};
use crate::rules::selector::{Counting, Selector};
use crate::rules::RuleKind;
use crate::{Outcome, RuleVerdict, Verdict};
use std::collections::BTreeSet;

/// One row of the composition table.
#[derive(Debug, Clone)]
pub struct SectorRow {
    /// The sector's id.
    pub id: String,
    /// Its display name.
    pub name: String,
    /// Its seats.
    pub seats: u64,
    /// Seats held by named members.
    pub filled: u64,
    /// Seats with no named member.
    pub vacant: u64,
    /// Its share of all seats, as text ("23.1%").
    pub share: String,
    /// The tags on the sector that the board's rules read.
    pub tags: Vec<String>,
}

/// A share a rule limits, for the chart.
#[derive(Debug, Clone)]
pub struct LimitedShare {
    /// What is counted ("local-authority seats").
    pub subject: String,
    /// The seats counted, and of how many.
    pub part: u64,
    /// The whole.
    pub whole: u64,
    /// The limit in words ("less than 30%").
    pub limit: String,
    /// The limit as a fraction of the whole, for drawing.
    pub limit_at: f64,
    /// Whether the share breaks its rule.
    pub breached: bool,
    /// The rule's id.
    pub rule: String,
}

/// A rule and how the board fared.
#[derive(Debug, Clone)]
pub struct RuleLine {
    /// Qualified id.
    pub id: String,
    /// The rule in a few words.
    pub title: String,
    /// The verdict in words.
    pub verdict: &'static str,
    /// The clause it comes from.
    pub citation: String,
}

/// A finding, as a paper shows it.
#[derive(Debug, Clone)]
pub struct FindingLine {
    /// `error`, `warning`, `advice`.
    pub severity: &'static str,
    /// The code.
    pub code: &'static str,
    /// The rule, if any.
    pub rule: Option<String>,
    /// What is wrong.
    pub message: String,
    /// Where, as `line N`.
    pub line: Option<usize>,
    /// How to fix it.
    pub fix: Vec<String>,
}

/// An office and who may hold it.
#[derive(Debug, Clone)]
pub struct OfficeLine {
    /// `Chair`, `Vice-chair`.
    pub title: &'static str,
    /// Who holds it, or where they are to be drawn from.
    pub holder: String,
    /// Eligibility in words, from the office rules' verdicts.
    pub eligibility: String,
}

/// A term of office to act on.
#[derive(Debug, Clone)]
pub struct TermLine {
    /// The member.
    pub name: String,
    /// Their sector.
    pub sector: String,
    /// When the term ends.
    pub ends: Date,
    /// Whether it has already ended.
    pub ended: bool,
}

impl TermLine {
    /// "Ann Lee ended 2026-08-31", "Ann Lee ends 2026-10-31".
    #[must_use]
    pub fn words(&self) -> String {
        format!(
            "{} {} {}",
            self.name,
            if self.ended { "ended" } else { "ends" },
            self.ends
        )
    }
}

/// Everything one board's page says.
#[derive(Debug, Clone)]
pub struct Paper {
    /// The board's name.
    pub name: String,
    /// Where the constitution comes from.
    pub source: Option<String>,
    /// The file.
    pub file: String,
    /// Passed, failed or not checked.
    pub verdict: Verdict,
    /// The composition table.
    pub sectors: Vec<SectorRow>,
    /// All seats.
    pub total: u64,
    /// The shares rules limit.
    pub shares: Vec<LimitedShare>,
    /// Every rule with its verdict.
    pub rules: Vec<RuleLine>,
    /// Every finding.
    pub findings: Vec<FindingLine>,
    /// Chair and vice-chair.
    pub offices: Vec<OfficeLine>,
    /// Terms ended or ending within the horizon.
    pub terms: Vec<TermLine>,
    /// Whether any member is named (otherwise the board is a proposal).
    pub named: bool,
    /// The date terms are judged at, and the horizon in days.
    pub as_of: (Date, u32),
    /// The rule packs the board was checked against: name and version.
    pub packs: Vec<(String, String)>,
}

impl Paper {
    /// What the paper was made from, for its reader: the date, boardcheck's version and
    /// each rule pack's version, e.g. "Checked as of 2026-09-01 by boardcheck 0.1.0 against
    /// the rule pack rotherham/resp-2018 (2018-03-consultation-response)."
    #[must_use]
    pub fn provenance(&self) -> String {
        let packs: Vec<String> = self
            .packs
            .iter()
            .map(|(name, version)| format!("{name} ({version})"))
            .collect();
        let against = match packs.len() {
            0 => "its own rules only".to_string(),
            1 => format!("the rule pack {}", packs[0]),
            _ => format!("the rule packs {}", packs.join(", ")),
        };
        format!(
            "Checked as of {} by boardcheck {} against {against}.",
            self.as_of.0,
            env!("CARGO_PKG_VERSION")
        )
    }
}

impl Paper {
    /// Gathers a board's page from its check.
    #[must_use]
    #[allow(clippy::too_many_lines)] // the paper's parts gathered in the order it prints them
    pub fn new(o: &Outcome, as_of: Date, horizon_days: u32) -> Self {
        let mut paper = Self {
            name: String::new(),
            source: None,
            file: o.file.name.clone(),
            verdict: o.verdict(),
            sectors: Vec::new(),
            total: 0,
            shares: Vec::new(),
            rules: Vec::new(),
            findings: Vec::new(),
            offices: Vec::new(),
            terms: Vec::new(),
            named: false,
            as_of: (as_of, horizon_days),
            packs: o
                .packs
                .iter()
                .map(|p| (p.name.value.clone(), p.version.clone()))
                .collect(),
        };
        paper.findings = o
            .by_severity()
            .into_iter()
            .map(|f| FindingLine {
                severity: f.severity.as_str(),
                code: f.code.name,
                rule: f.rule.as_deref().map(str::to_string),
                message: f.message.clone(),
                line: super::anchor(f)
                    .filter(|l| std::sync::Arc::ptr_eq(&l.span.file, &o.file))
                    .map(|l| l.span.file.line_col(l.span.range.start).0),
                fix: f.help_lines().map(String::from).collect(),
            })
            .collect();
        let Some(board) = &o.board else {
            return paper;
        };
        paper.name.clone_from(&board.name.value);
        paper.source.clone_from(&board.source);
        paper.total = board.total_seats();
        paper.named = !board.members.is_empty();
        let mut used = BTreeSet::new();
        let mut facts = BTreeSet::new();
        for r in o.all_rules() {
            for s in r.kind.selectors() {
                s.names(&mut used, &mut facts);
            }
        }
        paper.sectors = board
            .sectors
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let seats = u64::from(s.seats.value);
                let filled = (board.members_of(i).count() as u64).min(seats);
                SectorRow {
                    id: s.id.value.clone(),
                    name: s.name.clone(),
                    seats,
                    filled,
                    vacant: seats - filled,
                    share: percent(seats, paper.total),
                    tags: s
                        .tags
                        .iter()
                        .filter(|t| {
                            used.contains(t.value.as_str()) || facts.contains(t.value.as_str())
                        })
                        .map(|t| t.value.clone())
                        .collect(),
                }
            })
            .collect();
        for run in &o.rules {
            let Some(rule) = o.all_rules().find(|r| r.qualified == run.id) else {
                continue;
            };
            let verdict = o.rule_verdict(run);
            paper.rules.push(RuleLine {
                id: run.id.to_string(),
                title: rule.describe(),
                verdict: verdict.words(),
                citation: rule.citation.as_deref().unwrap_or_default().to_string(),
            });
            if let RuleKind::Share(share) = &rule.kind {
                let (part, whole) = share.measure(board);
                let at = share.max.as_ref().or(share.min.as_ref()).map_or(0.0, |l| {
                    #[allow(clippy::cast_precision_loss)]
                    let f = l.ratio.num as f64 / l.ratio.den as f64;
                    f
                });
                let noun = if share.counting == Counting::Members {
                    "members"
                } else {
                    "seats"
                };
                paper.shares.push(LimitedShare {
                    subject: match &share.of {
                        Selector::All => format!("{} (of all {noun})", share.subject),
                        of => format!("{} (of {})", share.subject, of.describe_seats()),
                    },
                    part,
                    whole,
                    limit: share.limits(),
                    limit_at: at,
                    breached: verdict == RuleVerdict::Failed,
                    rule: run.id.to_string(),
                });
            }
        }
        paper.offices = offices(o, board);
        let end = Date::from_days(as_of.days() + i64::from(horizon_days));
        for m in &board.members {
            if let Some(t) = &m.term_end {
                if t.value <= end {
                    paper.terms.push(TermLine {
                        name: m.name.value.clone(),
                        sector: board.sectors[m.sector_index].id.value.clone(),
                        ends: t.value,
                        ended: t.value < as_of,
                    });
                }
            }
        }
        paper.terms.sort_by_key(|t| t.ends);
        paper
    }

    /// Vacant seats in all.
    #[must_use]
    pub fn vacancies(&self) -> u64 {
        self.sectors.iter().map(|s| s.vacant).sum()
    }
}

fn offices(o: &Outcome, board: &Board) -> Vec<OfficeLine> {
    let mut out = Vec::new();
    for (title, office, key) in [
        ("Chair", &board.chair, "chair"),
        ("Vice-chair", &board.vice_chair, "vice-chair"),
    ] {
        let holder = match office.as_ref().map(|o| &o.holder) {
            Some(Holder::Member { name, index }) => {
                let m = &board.members[*index];
                format!(
                    "{} (`{}` seat)",
                    name.value, board.sectors[m.sector_index].id.value
                )
            }
            Some(Holder::Drawn { sectors, .. }) => format!(
                "to be drawn from {}",
                sectors
                    .iter()
                    .map(|&i| format!("`{}`", board.sectors[i].id.value))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
            None => "not stated".to_string(),
        };
        let mut verdicts = Vec::new();
        for run in &o.rules {
            let Some(rule) = o.all_rules().find(|r| r.qualified == run.id) else {
                continue;
            };
            if let RuleKind::Office(rule_office) = &rule.kind {
                if rule_office.office.value == key {
                    verdicts.push(format!(
                        "{}: {}",
                        rule.describe(),
                        o.rule_verdict(run).words()
                    ));
                }
            }
        }
        if office.is_none() && verdicts.is_empty() {
            continue;
        }
        out.push(OfficeLine {
            title,
            holder,
            eligibility: if verdicts.is_empty() {
                "no rule limits who may hold it".into()
            } else {
                verdicts.join("; ")
            },
        });
    }
    out
}
