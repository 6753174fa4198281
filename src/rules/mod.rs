//! The rule engine: rule kinds as data, and checking a board against them.
//!
//! - `kind.rs`: what a kind declares ([`kind::Kind`]) and the trait its parameters
//!   implement; below, the registry: the one list of kinds, from which their modules,
//!   [`RuleKind`] and [`KINDS`] are built.
//! - One file per rule kind (`count.rs`, `share.rs`, ...): its declaration and
//!   documentation, its parameters (inspectable as data, so the options explorer can read
//!   bounds rather than only run rules), its check and its diagnostic codes.
//! - `build.rs`: reading `[[rules]]` tables into [`Rule`]s; `limits.rs`: the limits kinds
//!   share (whole numbers, numbers read from facts, shares) and their wording.
//! - `integrity.rs` (always-on checks), `condition.rs` (`applies-when`), `selector.rs`,
//!   `seats.rs` (the explorer's view of a rule), `waiver.rs`, and `readings.rs` (a rule's
//!   verdict over every reading of seat ranges, kinds of seat and unstated facts).

mod build;
pub mod condition;
pub mod integrity;
pub mod kind;
mod limits;
pub mod readings;
pub(crate) mod remedy;
pub mod seats;
pub mod selector;
pub mod waiver;

pub(crate) use build::{build_rules, params};
pub(crate) use limits::{
    bound, label_contributors, limits_in_order, range_phrase, resolve_bound, resolve_limits, whole,
    RawBound,
};
pub use limits::{seats_phrase, Bound, ShareLimit};
pub use readings::Readable;

// The registry: every rule kind, one line each. Adding a kind is its file under
// `src/rules/`, a line here, and its fixtures under `tests/fixtures/<kind>/`; the module,
// the `RuleKind` enum, the dispatch, the schema, `explain`, the code list and SARIF's rule
// table follow.
kind::register_kinds! {
    Count(count::Count),
    Share(share::Share),
    Office(office::OfficeRule),
    Balance(balance::Balance),
    Margin(margin::Margin),
    Proportional(proportional::Proportional),
    RequiredWhen(required_when::RequiredWhen),
    Term(term::Term),
    Quorum(quorum::Quorum),
    Exclusive(exclusive::Exclusive),
    OneSeatEach(one_seat_each::OneSeatEach),
    Each(each::Each),
    Independent(independent::Independent),
    SeatsAcross(seats_across::SeatsAcross),
    OfficeApart(office_apart::OfficeApart),
}

use crate::diagnostic::{Code, Finding, Severity};
use crate::model::span::{Span, Spanned};
use crate::model::{Board, Date};
use crate::parse::{self, Ctx};
use selector::Selector;
use std::sync::Arc;

/// One rule: an instance of a rule kind with parameters, a severity and a citation.
#[derive(Debug)]
pub struct Rule {
    /// The id in its pack, e.g. `local-authority-share`.
    pub id: Spanned<String>,
    /// The id qualified by its pack, e.g. `resp-2018/local-authority-share` (shared by
    /// every finding and run of the rule, not copied).
    pub qualified: Arc<str>,
    /// The severity of a breach.
    pub severity: Severity,
    /// The clause the rule comes from.
    pub citation: Option<Arc<str>>,
    /// The rule in a few plain words.
    pub title: Option<Arc<str>>,
    /// The rule's table in its file.
    pub span: Span,
    /// The rule applies only when this holds.
    pub applies_when: Option<condition::Condition>,
    /// The kind and its parameters.
    pub kind: RuleKind,
    /// What every run of the rule shares, made once for every board ([`RuleRun`]).
    pub(crate) run_info: std::sync::OnceLock<Arc<RuleInfo>>,
}

/// What a board's run of a rule reports about the rule: the same for every board, so it
/// is made once per rule and shared (a pack's rules serve every board that names it).
#[derive(Debug)]
pub struct RuleInfo {
    /// The qualified id, e.g. `resp-2018/local-authority-share`.
    pub id: Arc<str>,
    /// The rule in a few plain words.
    pub title: Option<Arc<str>>,
    /// The clause it comes from.
    pub citation: Option<Arc<str>>,
    /// `{"id":...,"title":...,"citation":...,"verdict":`: the rule's entry in a board's
    /// `rules` in the JSON report, up to its verdict.
    pub(crate) json_head: String,
}

impl Rule {
    /// The rule's [`RuleInfo`], made the first time it is asked for.
    fn run_info(&self) -> Arc<RuleInfo> {
        Arc::clone(self.run_info.get_or_init(|| {
            Arc::new(RuleInfo {
                id: Arc::clone(&self.qualified),
                title: self.title.clone(),
                citation: self.citation.clone(),
                json_head: crate::report::json::rule_head(
                    &self.qualified,
                    self.title.as_deref(),
                    self.citation.as_deref(),
                ),
            })
        }))
    }
}

/// One rule the board was checked against: the rule's shared [`RuleInfo`] (its `id`,
/// `title` and `citation` read through it) and whether it applied.
#[derive(Debug, Clone)]
pub struct RuleRun {
    /// The rule's id, title and citation.
    pub info: Arc<RuleInfo>,
    /// False when its `applies-when` condition does not hold for this board.
    pub applies: bool,
}

impl std::ops::Deref for RuleRun {
    type Target = RuleInfo;

    fn deref(&self) -> &RuleInfo {
        &self.info
    }
}

impl RuleRun {
    /// A run of `rule`.
    pub(crate) fn of(rule: &Rule, applies: bool) -> Self {
        Self {
            info: rule.run_info(),
            applies,
        }
    }
}

/// When a board is checked: the date terms of office and waivers are judged at, and how far
/// ahead an ending counts as soon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AsOf {
    /// The date "expired" and "expiring" are judged at.
    pub date: Date,
    /// How far ahead a term or waiver counts as expiring, in days.
    pub horizon_days: u32,
}

impl RuleKind {
    /// The kind's name, as written in packs.
    #[must_use]
    pub fn name(&self) -> &'static str {
        self.kind().name
    }

    /// The facts the kind's parameters read.
    #[must_use]
    pub fn facts_used(&self) -> Vec<&str> {
        self.params().facts_used()
    }

    /// The parameters in plain words: what the rule checks, for `packs show`.
    #[must_use]
    pub fn describe(&self) -> String {
        self.params().describe()
    }

    /// Every selector in the rule's parameters.
    #[must_use]
    pub fn selectors(&self) -> Vec<&Selector> {
        self.params().selectors()
    }

    /// What the rule asks of seat counts on this board, whatever its `applies-when`.
    pub(crate) fn seat_level(&self, board: &Board) -> seats::SeatLevel {
        self.params().seat_level(board)
    }

    /// Whether the rule spans boards (checked on an estate, not on one board).
    #[must_use]
    pub fn spans_boards(&self) -> bool {
        self.params().spans_boards()
    }

    /// Checks an estate's boards; whether the rule applies to them.
    pub(crate) fn check_estate(
        &self,
        rule: &Rule,
        estate: &crate::estate::EstateView,
        out: &mut Vec<Finding>,
    ) -> bool {
        self.params().check_estate(rule, estate, out)
    }

    pub(crate) fn check(&self, rule: &Rule, board: &Board, as_of: AsOf, out: &mut Vec<Finding>) {
        self.params().check(rule, board, as_of, out);
    }
}

impl Rule {
    /// The facts this rule reads from the board.
    #[must_use]
    pub fn facts_used(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .applies_when
            .iter()
            .map(|c| c.fact.value.as_str())
            .collect();
        v.extend(self.kind.facts_used());
        v
    }

    /// A breach of this rule, at the rule's severity, with its id and citation.
    #[must_use]
    pub fn breach(&self, code: &'static Code, message: impl Into<String>) -> Finding {
        let mut f = Finding::new(code, self.severity, message);
        f.rule = Some(Arc::clone(&self.qualified));
        f.citation.clone_from(&self.citation);
        f
    }

    /// A finding that this rule cannot be determined from what the file says: a warning,
    /// so it never passes silently, and never fails a check on its own.
    #[must_use]
    pub fn undetermined(&self, code: &'static Code, message: impl Into<String>) -> Finding {
        let mut f = self.breach(code, message);
        f.severity = self.severity.min(Severity::Warning);
        f
    }

    /// The rule's title, or a description from its kind.
    #[must_use]
    pub fn describe(&self) -> String {
        self.title
            .as_deref()
            .map_or_else(|| format!("rule `{}`", self.qualified), str::to_string)
    }

    /// The rule as a sentence names it: its title in quotes, or "the rule pack/id".
    #[must_use]
    pub fn named(&self) -> String {
        self.title.as_ref().map_or_else(
            || format!("the rule {}", self.qualified),
            |t| format!("\"{t}\""),
        )
    }
}

/// All diagnostic codes, by family: the registry that `explain`, SARIF and the docs read.
/// Structural codes, `applies-when` and integrity first, then each kind's in [`KINDS`]
/// order, then waivers.
#[must_use]
pub fn all_codes() -> Vec<&'static Code> {
    let mut v: Vec<&'static Code> = Vec::new();
    v.extend(parse::CODES);
    v.extend(condition::CODES);
    v.extend(readings::CODES);
    v.extend(integrity::CODES);
    for k in KINDS {
        v.extend(k.codes);
    }
    v.extend(waiver::CODES);
    v.extend(crate::estate::CODES);
    v
}

/// The code with this name, or with this as a former name.
#[must_use]
pub fn find_code(name: &str) -> Option<&'static Code> {
    all_codes().into_iter().find(|c| c.answers_to(name))
}

/// Checks a board against its rules: integrity first, then each pack's rules in order,
/// then the board's own rules. A rule whose `applies-when` does not hold is skipped.
pub(crate) fn run(
    board: &Board,
    rules: &[&Rule],
    as_of: AsOf,
    readable: &Readable,
) -> (Vec<Finding>, Vec<RuleRun>) {
    let mut out = Vec::new();
    integrity::check(board, as_of, &mut out);
    let ran = rules
        .iter()
        .map(|&rule| RuleRun::of(rule, check_rule(rule, board, as_of, readable, &mut out)))
        .collect();
    (out, ran)
}

/// Checks a board against one rule, its findings pushed to `out`; whether the rule
/// applies to the board.
pub(crate) fn check_rule(
    rule: &Rule,
    board: &Board,
    as_of: AsOf,
    readable: &Readable,
    out: &mut Vec<Finding>,
) -> bool {
    // A rule across boards is checked on the estate, never on one board.
    if rule.kind.spans_boards() {
        return false;
    }
    if let Some(cond) = &rule.applies_when {
        match cond.eval(board) {
            selector::Truth::No => return false,
            selector::Truth::Yes => {}
            selector::Truth::Unknown => {
                let fact = cond.missing_fact(board).unwrap_or(&cond.fact.value);
                return match readings::over_facts(rule, cond, fact, board, as_of, readable, out) {
                    readings::Readings::NeverApplies => false,
                    readings::Readings::Decided => true,
                    readings::Readings::Unknown => {
                        let f = rule.undetermined(
                            &condition::CONDITION_UNDETERMINED,
                            format!(
                                "\"{}\" applies only when {}, and the board does not state {fact}",
                                rule.describe(),
                                cond.describe_on(board),
                            ),
                        );
                        out.push(cond.label_unstated(f, board));
                        true
                    }
                };
            }
        }
    }
    rule.kind.check(rule, board, as_of, out);
    true
}

/// Notes where a count rule's breach is most likely the instrument counting one kind of
/// seat among another's (after the numeric fixes are checked, so that the note stays).
pub(crate) fn hint_included(board: &Board, rules: &[&Rule], findings: &mut [Finding]) {
    count::hint_included(board, rules, findings);
}

/// Reports every sector a rule names that the board does not have.
pub(crate) fn check_references<'r>(
    ctx: &mut Ctx<'_>,
    board: &Board,
    rules: impl Iterator<Item = &'r Rule>,
) {
    for rule in rules {
        for s in rule.kind.selectors() {
            s.check_references(ctx, board);
        }
    }
}
