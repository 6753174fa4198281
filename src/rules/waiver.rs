//! `waivers`: applying a board's `[[waivers]]` to the findings of its rules.
//!
//! A waiver names a rule and one sector or member, with a reason and an optional expiry.
//! It takes away the findings of that rule which concern its subject: those that point at
//! the sector's seats or tags, at a member of the sector, or at an office drawn from it;
//! for a member, those that point at the member's entry or at an office they hold. A
//! waiver that takes nothing away, or has expired, is itself a finding, so waivers do not
//! outlive the reason for them.

use crate::diagnostic::{declare_code, Code, Finding, Severity};
use crate::model::span::Span;
use crate::model::waiver::Subject;
use crate::model::{Board, Holder};
use crate::parse::{did_you_mean, Ctx};
use crate::rules::Rule;
use std::collections::HashMap;

declare_code! {
    /// ## What it checks
    /// Every waiver in `[[waivers]]` takes away at least one finding.
    ///
    /// ## Why it matters
    /// A waiver records a decision that a rule does not apply to one sector or member. If
    /// the rule now holds for them, or the waiver names the wrong sector, the waiver is
    /// stale: it would silently hide a future breach that nobody decided to accept.
    ///
    /// ## Example
    /// ```toml
    /// [[waivers]]
    /// rule = "local-authority-share"
    /// sector = "la"
    /// reason = "Transitional: the council's third seat lapses in March"
    /// ```
    /// with the local-authority share already below the limit.
    ///
    /// ## How to fix
    /// Remove the waiver, or correct its `rule`, `sector` or `member`.
    pub WAIVER_UNMATCHED { family: "waivers", name: "waiver-unmatched" }
}

declare_code! {
    /// ## What it checks
    /// No waiver is past its `expires` date (judged at `--as-of`, default today).
    ///
    /// ## Why it matters
    /// An expired waiver no longer applies: the findings it used to take away are
    /// reported again. This finding says why they came back.
    ///
    /// ## Example
    /// ```toml
    /// [[waivers]]
    /// rule = "term-of-office"
    /// member = "A. Khan"
    /// reason = "Re-appointment agreed at the July meeting"
    /// expires = 2026-08-31
    /// ```
    ///
    /// ## How to fix
    /// Fix the board so the rule holds, or, if the board has decided again, renew the
    /// waiver with a new `expires` date and the reason for the renewal.
    pub WAIVER_EXPIRED { family: "waivers", name: "waiver-expired" }
}

declare_code! {
    /// ## What it checks
    /// A waiver that ends within the horizon (`--horizon`, default 90 days).
    ///
    /// ## Why it matters
    /// When the waiver ends, the rule applies again and the board may fail; this is the
    /// notice to put the matter on a meeting's agenda in time.
    ///
    /// ## Example
    /// ```toml
    /// [[waivers]]
    /// rule = "local-authority-share"
    /// sector = "la"
    /// reason = "Until the review of membership"
    /// expires = 2026-10-31
    /// ```
    ///
    /// ## How to fix
    /// Nothing is wrong yet. Fix the board before the date, or renew the waiver.
    pub WAIVER_EXPIRING { family: "waivers", name: "waiver-expiring" }
}

/// The codes this module reports.
pub(crate) static CODES: &[&Code] = &[&WAIVER_UNMATCHED, &WAIVER_EXPIRED, &WAIVER_EXPIRING];

/// A finding taken away by a waiver.
#[derive(Debug, Clone)]
pub struct Waived {
    /// The finding, as the rule reported it.
    pub finding: Finding,
    /// The waiver's reason.
    pub reason: String,
    /// Where the waiver names its rule.
    pub waiver: Span,
}

/// Reports every waiver that names neither one of the board's rules nor a diagnostic code
/// (by its name or a former name).
pub(crate) fn check_references(ctx: &mut Ctx<'_>, board: &Board, rules: &[&Rule]) {
    for w in &board.waivers {
        if rules.iter().any(|r| w.names_rule(&r.qualified))
            || super::find_code(&w.rule.value).is_some()
        {
            continue;
        }
        let known: Vec<&str> = rules.iter().map(|r| r.id.value.as_str()).collect();
        let help = did_you_mean(&w.rule.value, known.iter().copied()).map_or_else(
            || {
                "name a rule of this board's packs; `boardcheck packs show NAME` lists them"
                    .to_string()
            },
            |s| format!("did you mean `{s}`?"),
        );
        ctx.errors.push(
            Finding::new(
                &crate::parse::DANGLING_REFERENCE,
                Severity::Error,
                format!(
                    "the waiver names the rule `{}`, which is not among this board's rules",
                    w.rule.value
                ),
            )
            .primary(&w.rule.span, "no such rule")
            .help(help),
        );
    }
}

/// Applies the board's waivers: returns the findings that remain (with a finding for each
/// unmatched, expired or expiring waiver) and the findings waived.
pub(crate) fn apply(
    board: &Board,
    findings: Vec<Finding>,
    as_of: super::AsOf,
) -> (Vec<Finding>, Vec<Waived>) {
    if board.waivers.is_empty() {
        return (findings, Vec::new());
    }
    let mut kept: Vec<Option<Finding>> = findings.into_iter().map(Some).collect();
    let mut waived = Vec::new();
    let mut notes = Vec::new();
    // Each finding under every place it points at, and each sector's members: a waiver
    // looks up its subject's places instead of comparing against every finding, so
    // thousands of waivers and findings take linear time.
    let mut at: HashMap<SpanKey, Vec<usize>> = HashMap::new();
    for (i, f) in kept.iter().enumerate() {
        for l in f.iter().flat_map(|f| &f.labels) {
            at.entry(key(&l.span)).or_default().push(i);
        }
    }
    let mut members_of: Vec<Vec<usize>> = vec![Vec::new(); board.sectors.len()];
    for (i, m) in board.members.iter().enumerate() {
        if let Some(list) = members_of.get_mut(m.sector_index) {
            list.push(i);
        }
    }
    for w in &board.waivers {
        let what = format!(
            "the waiver of {} for {}",
            w.rule.value,
            w.subject.describe()
        );
        if let Some(expires) = &w.expires {
            if expires.value < as_of.date {
                notes.push(
                    Finding::new(
                        &WAIVER_EXPIRED,
                        Severity::Warning,
                        format!(
                            "{what} expired on {}, so the rule applies again",
                            expires.value
                        ),
                    )
                    .primary(&expires.span, format!("expired (as of {})", as_of.date))
                    .secondary(&w.rule.span, "waiver")
                    .help("fix the board so the rule holds, or renew the waiver with a new `expires` date and the reason for the renewal"),
                );
                continue;
            }
            let days = expires.value.days() - as_of.date.days();
            if days <= i64::from(as_of.horizon_days) {
                notes.push(
                    Finding::new(
                        &WAIVER_EXPIRING,
                        Severity::Advice,
                        match days {
                            0 => format!("{what} ends today ({})", expires.value),
                            1 => format!("{what} ends tomorrow ({})", expires.value),
                            _ => format!("{what} ends on {}, in {days} days", expires.value),
                        },
                    )
                    .primary(&expires.span, "ends here")
                    .help("fix the board before then, or renew the waiver at a meeting"),
                );
            }
        }
        let mut hits: Vec<usize> = subject_spans(board, &members_of, &w.subject)
            .into_iter()
            .filter_map(|span| at.get(&key(span)))
            .flatten()
            .copied()
            .filter(|&i| {
                kept[i].as_ref().is_some_and(|f| {
                    f.rule.as_deref().is_some_and(|r| w.names_rule(r))
                        || f.code.answers_to(&w.rule.value)
                })
            })
            .collect();
        hits.sort_unstable();
        hits.dedup();
        let matched = hits.len();
        for i in hits {
            if let Some(finding) = kept[i].take() {
                waived.push(Waived {
                    finding,
                    reason: w.reason.clone(),
                    waiver: w.rule.span.clone(),
                });
            }
        }
        if matched == 0 {
            notes.push(
                Finding::new(
                    &WAIVER_UNMATCHED,
                    Severity::Warning,
                    format!("{what} matched no finding: the rule holds for it"),
                )
                .primary(&w.rule.span, "waives nothing")
                .secondary(w.subject.span(), "the rule holds here")
                .help("remove the waiver, or correct its `rule`, `sector` or `member`"),
            );
        }
    }
    let mut out: Vec<Finding> = kept.into_iter().flatten().collect();
    out.extend(notes);
    (out, waived)
}

/// A span's identity: its file (by address) and byte range.
type SpanKey = (usize, usize, usize);

fn key(span: &Span) -> SpanKey {
    (
        std::sync::Arc::as_ptr(&span.file) as usize,
        span.range.start,
        span.range.end,
    )
}

/// Every span that belongs to a subject: a sector's id, seats and tags, its members'
/// entries, and offices drawn from it or held by its members; a member's entry and the
/// offices they hold.
fn subject_spans<'b>(
    board: &'b Board,
    members_of: &[Vec<usize>],
    subject: &Subject,
) -> Vec<&'b Span> {
    let mut spans = Vec::new();
    let member_spans = |i: usize, spans: &mut Vec<&'b Span>| {
        let m = &board.members[i];
        spans.push(&m.name.span);
        spans.push(&m.sector.span);
        spans.extend(m.tags.iter().map(|t| &t.span));
        spans.extend(m.term_start.iter().map(|t| &t.span));
        spans.extend(m.term_end.iter().map(|t| &t.span));
    };
    match subject {
        Subject::Sector(_, index) => {
            let s = &board.sectors[*index];
            spans.push(&s.id.span);
            spans.push(&s.seats.span);
            spans.extend(s.tags.iter().map(|t| &t.span));
            for &i in members_of.get(*index).into_iter().flatten() {
                member_spans(i, &mut spans);
            }
            for o in board.offices() {
                match &o.holder {
                    Holder::Member { name, index: i }
                        if board.members[*i].sector_index == *index =>
                    {
                        spans.push(&name.span);
                    }
                    Holder::Drawn { span, sectors } if sectors.contains(index) => {
                        spans.push(span);
                    }
                    _ => {}
                }
            }
        }
        Subject::Member(_, index) => {
            member_spans(*index, &mut spans);
            for o in board.offices() {
                if let Holder::Member { name, index: i } = &o.holder {
                    if i == index {
                        spans.push(&name.span);
                    }
                }
            }
        }
    }
    spans
}
