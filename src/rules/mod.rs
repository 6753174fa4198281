//! The rule engine: rule kinds as data, and checking a board against them.
//!
//! One file per rule kind, each with its parameters (inspectable as data, so the options
//! explorer can read bounds rather than only run rules), its check and its diagnostic codes
//! with their documentation. The always-on `integrity` checks run first.

pub mod balance;
pub mod condition;
pub mod count;
pub mod integrity;
pub mod margin;
pub mod office;
pub mod proportional;
pub mod quorum;
pub mod required_when;
pub mod seats;
pub mod selector;
pub mod share;
pub mod term;
pub mod waiver;

use crate::diagnostic::{Code, Finding, Severity};
use crate::model::ratio::Ratio;
use crate::model::raw;
use crate::model::span::{Span, Spanned};
use crate::model::Board;
use crate::parse::{self, did_you_mean, list_backticked, Ctx};
use selector::Selector;
use std::collections::HashSet;
use toml::de::DeValue;

/// One rule: an instance of a rule kind with parameters, a severity and a citation.
#[derive(Debug)]
pub struct Rule {
    /// The id in its pack, e.g. `local-authority-share`.
    pub id: Spanned<String>,
    /// The id qualified by its pack, e.g. `resp-2018/local-authority-share`.
    pub qualified: String,
    /// The severity of a breach.
    pub severity: Severity,
    /// The clause the rule comes from.
    pub citation: Option<String>,
    /// The rule in a few plain words.
    pub title: Option<String>,
    /// The rule's table in its file.
    pub span: Span,
    /// The rule applies only when this holds.
    pub applies_when: Option<condition::Condition>,
    /// The kind and its parameters.
    pub kind: RuleKind,
}

/// A rule kind with its parameters.
#[derive(Debug)]
pub enum RuleKind {
    /// Seats matching a selector: at least, at most, exactly.
    Count(count::Count),
    /// Seats matching a selector as a share of all seats (or of another selector).
    Share(share::Share),
    /// An office is held by someone matching / not matching a selector.
    Office(office::OfficeRule),
    /// No single group of sectors dominates.
    Balance(balance::Balance),
    /// One set of seats outnumbers another by an amount within a range.
    Margin(margin::Margin),
    /// Seats of several groups are broadly proportionate to weights.
    Proportional(proportional::Proportional),
    /// Seats are required when a fact about the area holds.
    RequiredWhen(required_when::RequiredWhen),
    /// Terms of office within limits; expired or expiring.
    Term(term::Term),
    /// The declared quorum is at least a fraction of the membership.
    Quorum(quorum::Quorum),
}

/// The rule kinds a pack may use.
pub const KINDS: &[&str] = &[
    "count",
    "share",
    "office",
    "balance",
    "margin",
    "proportional",
    "required-when",
    "term",
    "quorum",
];

impl RuleKind {
    /// The kind's name, as written in packs.
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            Self::Count(_) => "count",
            Self::Share(_) => "share",
            Self::Office(_) => "office",
            Self::Balance(_) => "balance",
            Self::Margin(_) => "margin",
            Self::Proportional(_) => "proportional",
            Self::RequiredWhen(_) => "required-when",
            Self::Term(_) => "term",
            Self::Quorum(_) => "quorum",
        }
    }

    /// The facts the kind's parameters read.
    #[must_use]
    pub fn facts_used(&self) -> Vec<&str> {
        match self {
            Self::Count(c) => c
                .min
                .iter()
                .chain(c.max.iter())
                .filter_map(|b| b.value.fact())
                .collect(),
            Self::RequiredWhen(r) => r.when.facts(),
            Self::Margin(m) => m
                .min
                .iter()
                .chain(m.max.iter())
                .filter_map(|b| b.value.fact())
                .collect(),
            Self::Proportional(p) => vec![p.weights.value.as_str()],
            _ => Vec::new(),
        }
    }

    /// The parameters in plain words: what the rule checks, for `packs show`.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Self::Count(k) => k.describe(),
            Self::Share(k) => k.describe(),
            Self::Office(k) => k.describe(),
            Self::Balance(k) => k.describe(),
            Self::Margin(k) => k.describe(),
            Self::Proportional(k) => k.describe(),
            Self::RequiredWhen(k) => k.describe(),
            Self::Term(k) => k.describe(),
            Self::Quorum(k) => k.describe(),
        }
    }

    /// Every selector in the rule's parameters.
    #[must_use]
    pub fn selectors(&self) -> Vec<&Selector> {
        match self {
            Self::Count(c) => vec![&c.select],
            Self::Share(s) => vec![&s.select, &s.of],
            Self::Office(o) => o
                .must_be
                .iter()
                .chain(o.must_not_be.iter())
                .map(|s| &s.value)
                .collect(),
            Self::Balance(b) => b.groups.iter().map(|g| &g.select).collect(),
            Self::Margin(m) => vec![&m.select, &m.over],
            Self::Proportional(p) => p.groups.iter().map(|(_, s)| s).collect(),
            Self::RequiredWhen(r) => vec![&r.select],
            Self::Term(t) => vec![&t.select],
            Self::Quorum(_) => Vec::new(),
        }
    }

    fn check(&self, rule: &Rule, board: &Board, options: &crate::Options, out: &mut Vec<Finding>) {
        match self {
            Self::Count(k) => k.check(rule, board, out),
            Self::Share(k) => k.check(rule, board, out),
            Self::Office(k) => k.check(rule, board, out),
            Self::Balance(k) => k.check(rule, board, out),
            Self::Margin(k) => k.check(rule, board, out),
            Self::Proportional(k) => k.check(rule, board, out),
            Self::RequiredWhen(k) => k.check(rule, board, out),
            Self::Term(k) => k.check(rule, board, options, out),
            Self::Quorum(k) => k.check(rule, board, out),
        }
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
        f.rule = Some(self.qualified.clone());
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
            .clone()
            .unwrap_or_else(|| format!("rule `{}`", self.qualified))
    }
}

/// All diagnostic codes, by family: the registry that `explain` and the docs read.
#[must_use]
pub fn all_codes() -> Vec<&'static Code> {
    let mut v: Vec<&'static Code> = Vec::new();
    v.extend(parse::CODES);
    v.extend(condition::CODES);
    v.extend(integrity::CODES);
    v.extend(count::CODES);
    v.extend(share::CODES);
    v.extend(office::CODES);
    v.extend(balance::CODES);
    v.extend(margin::CODES);
    v.extend(proportional::CODES);
    v.extend(required_when::CODES);
    v.extend(term::CODES);
    v.extend(quorum::CODES);
    v.extend(waiver::CODES);
    v
}

/// Checks a board against its rules: integrity first, then each pack's rules in order,
/// then the board's own rules. A rule whose `applies-when` does not hold is skipped.
pub(crate) fn run<'r>(
    board: &Board,
    rules: impl Iterator<Item = &'r Rule>,
    options: &crate::Options,
) -> (Vec<Finding>, Vec<crate::RuleRun>) {
    let mut out = Vec::new();
    let mut ran = Vec::new();
    integrity::check(board, &mut out);
    for rule in rules {
        ran.push(crate::RuleRun {
            id: rule.qualified.clone(),
            title: rule.title.clone(),
            citation: rule.citation.clone(),
            applies: true,
        });
        if let Some(cond) = &rule.applies_when {
            match cond.eval(board) {
                selector::Truth::No => {
                    if let Some(r) = ran.last_mut() {
                        r.applies = false;
                    }
                    continue;
                }
                selector::Truth::Yes => {}
                selector::Truth::Unknown => {
                    let fact = cond.missing_fact(board).unwrap_or(&cond.fact.value);
                    let f = rule.undetermined(
                        &condition::CONDITION_UNDETERMINED,
                        format!(
                            "\"{}\" applies only when {}, and the board does not state `{fact}`",
                            rule.describe(),
                            cond.describe(),
                        ),
                    );
                    out.push(cond.label_unstated(f, board));
                    continue;
                }
            }
        }
        rule.kind.check(rule, board, options, &mut out);
    }
    (out, ran)
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

/// Builds the rules of a `[[rules]]` array, qualifying ids with `qualifier`.
pub(crate) fn build_rules(
    ctx: &mut Ctx<'_>,
    value: toml::Spanned<DeValue<'_>>,
    qualifier: &str,
) -> Vec<Rule> {
    let span = value.span();
    let DeValue::Array(items) = value.into_inner() else {
        ctx.error(
            &parse::WRONG_TYPE,
            span,
            "`rules` should be a list of `[[rules]]` entries",
            "should be `[[rules]]`",
            Some(
                "write each rule as a `[[rules]]` table with `id`, `kind` and its parameters"
                    .into(),
            ),
        );
        return Vec::new();
    };
    let mut rules: Vec<Rule> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (i, item) in items.into_iter().enumerate() {
        let item_span = item.span();
        let context = format!("in rule {} of `[[rules]]`", i + 1);
        let Some(common) = ctx.de::<raw::RuleCommon>(item.clone(), &context) else {
            continue;
        };
        let DeValue::Table(mut table) = item.into_inner() else {
            continue;
        };
        let id = Spanned::from_toml(ctx.file, common.id);
        let context = format!("in rule `{}`", id.value);
        if !seen.insert(id.value.clone()) {
            let first = rules
                .iter()
                .find(|r| r.id.value == id.value)
                .map(|r| r.id.span.clone());
            let mut f = Finding::new(
                &parse::DUPLICATE,
                Severity::Error,
                format!("rule id `{}` is used twice", id.value),
            )
            .primary(&id.span, "used again here")
            .help("give each rule its own id");
            if let Some(first) = first {
                f = f.secondary(&first, "first used here");
            }
            ctx.errors.push(f);
            continue;
        }
        let severity = match common.severity {
            None => Severity::Error,
            Some(s) => {
                if let Some(sev) = Severity::parse(s.get_ref()) {
                    sev
                } else {
                    let levels = ["error", "warning", "advice"];
                    let help = did_you_mean(s.get_ref(), levels).map_or_else(
                        || format!("use one of {}", list_backticked(&levels)),
                        |l| format!("did you mean `{l}`?"),
                    );
                    ctx.error(
                        &parse::INVALID_VALUE,
                        s.span(),
                        format!("`{}` is not a severity {context}", s.get_ref()),
                        "not a severity",
                        Some(help),
                    );
                    continue;
                }
            }
        };
        let common_keys: Vec<_> = table
            .keys()
            .filter(|k| raw::COMMON_RULE_KEYS.contains(&k.get_ref().as_ref()))
            .cloned()
            .collect();
        for k in common_keys {
            table.remove(&k);
        }
        let params = toml::Spanned::new(item_span.clone(), DeValue::Table(table));
        let kind = match common.kind.get_ref().as_str() {
            "count" => count::Count::build(ctx, params, &context).map(RuleKind::Count),
            "share" => share::Share::build(ctx, params, &context).map(RuleKind::Share),
            "office" => office::OfficeRule::build(ctx, params, &context).map(RuleKind::Office),
            "balance" => balance::Balance::build(ctx, params, &context).map(RuleKind::Balance),
            "margin" => margin::Margin::build(ctx, params, &context).map(RuleKind::Margin),
            "proportional" => {
                proportional::Proportional::build(ctx, params, &context).map(RuleKind::Proportional)
            }
            "required-when" => required_when::RequiredWhen::build(ctx, params, &context)
                .map(RuleKind::RequiredWhen),
            "term" => term::Term::build(ctx, params, &context).map(RuleKind::Term),
            "quorum" => quorum::Quorum::build(ctx, params, &context).map(RuleKind::Quorum),
            other => {
                let help = did_you_mean(other, KINDS.iter().copied()).map_or_else(
                    || format!("the rule kinds are {}", list_backticked(KINDS)),
                    |k| format!("did you mean `{k}`?"),
                );
                ctx.error(
                    &parse::INVALID_VALUE,
                    common.kind.span(),
                    format!("`{other}` is not a rule kind {context}"),
                    "unknown rule kind",
                    Some(help),
                );
                None
            }
        };
        let Some(kind) = kind else { continue };
        let applies_when = match common.applies_when {
            Some(c) => match condition::Condition::build(ctx, c) {
                Some(c) => Some(c),
                None => continue,
            },
            None => None,
        };
        rules.push(Rule {
            qualified: format!("{qualifier}/{}", id.value),
            id,
            severity,
            citation: common.citation,
            title: common.title,
            span: ctx.span(item_span),
            applies_when,
            kind,
        });
    }
    rules
}

/// Deserializes a kind's parameters from a rule table whose common keys were removed.
pub(crate) fn params<T: serde::de::DeserializeOwned>(
    ctx: &mut Ctx<'_>,
    table: toml::Spanned<DeValue<'_>>,
    context: &str,
) -> Option<T> {
    ctx.de(table, context)
}

/// A limit on a share: `less-than`, `at-most`, `at-least` or `more-than` a ratio.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareLimit {
    /// The ratio.
    pub ratio: Ratio,
    /// Strict (`less-than`, `more-than`) or inclusive (`at-most`, `at-least`).
    pub strict: bool,
    /// Where the limit was set.
    pub span: Span,
}

impl ShareLimit {
    /// Whether `part/whole` is over this limit, read as a maximum.
    #[must_use]
    pub fn exceeded_by(&self, part: u64, whole: u64) -> bool {
        let ord = self.ratio.cmp_share(part, whole);
        if self.strict {
            ord != std::cmp::Ordering::Less
        } else {
            ord == std::cmp::Ordering::Greater
        }
    }

    /// Whether `part/whole` is under this limit, read as a minimum.
    #[must_use]
    pub fn short_of(&self, part: u64, whole: u64) -> bool {
        let ord = self.ratio.cmp_share(part, whole);
        if self.strict {
            ord != std::cmp::Ordering::Greater
        } else {
            ord == std::cmp::Ordering::Less
        }
    }

    /// "less than 30%", "at most 1/3", read as a maximum.
    #[must_use]
    pub fn describe_max(&self) -> String {
        format!(
            "{} {}",
            if self.strict { "less than" } else { "at most" },
            self.ratio
        )
    }

    /// "at least 2/3", "more than 50%", read as a minimum.
    #[must_use]
    pub fn describe_min(&self) -> String {
        format!(
            "{} {}",
            if self.strict { "more than" } else { "at least" },
            self.ratio
        )
    }

    /// "below 30%" / "to 1/3 or less", for a fix that lowers a share.
    #[must_use]
    pub fn target_max(&self) -> String {
        if self.strict {
            format!("below {}", self.ratio)
        } else {
            format!("to {} or less", self.ratio)
        }
    }

    /// "above 50%" / "to 2/3 or more", for a fix that raises a share.
    #[must_use]
    pub fn target_min(&self) -> String {
        if self.strict {
            format!("above {}", self.ratio)
        } else {
            format!("to {} or more", self.ratio)
        }
    }

    /// Reads a maximum from `less-than` / `at-most` and a minimum from `at-least` /
    /// `more-than`; records an error when both forms of one side are given.
    pub(crate) fn pair(
        ctx: &mut Ctx<'_>,
        strict: Option<toml::Spanned<String>>,
        inclusive: Option<toml::Spanned<String>>,
        names: (&str, &str),
    ) -> Result<Option<Self>, ()> {
        match (strict, inclusive) {
            (Some(_), Some(i)) => {
                ctx.error(
                    &parse::INVALID_VALUE,
                    i.span(),
                    format!("give either `{}` or `{}`, not both", names.0, names.1),
                    "a second limit on the same side",
                    Some("keep the one the source text uses: `less-than` for \"less than\", `at-most` for \"no more than\"".into()),
                );
                Err(())
            }
            (Some(s), None) => Self::parse(ctx, &s, true).map(Some).ok_or(()),
            (None, Some(i)) => Self::parse(ctx, &i, false).map(Some).ok_or(()),
            (None, None) => Ok(None),
        }
    }

    fn parse(ctx: &mut Ctx<'_>, v: &toml::Spanned<String>, strict: bool) -> Option<Self> {
        match Ratio::parse(v.get_ref()) {
            Ok(ratio) => Some(Self {
                ratio,
                strict,
                span: ctx.span(v.span()),
            }),
            Err(msg) => {
                ctx.error(
                    &parse::INVALID_VALUE,
                    v.span(),
                    msg,
                    "not a share",
                    Some("write a fraction such as \"1/3\" or a percentage such as \"30%\", in quotes".into()),
                );
                None
            }
        }
    }
}

/// Labels each sector that contributes to a count with its number of `noun` (the first as
/// the primary label); with no contributors, labels the board's name instead.
pub(crate) fn label_contributors(
    mut f: Finding,
    board: &Board,
    per_sector: &[selector::Tally],
    noun: &str,
    subject: &str,
) -> Finding {
    let mut first = true;
    for (sector, t) in board.sectors.iter().zip(per_sector) {
        if t.high() == 0 {
            continue;
        }
        let text = format!("{} in `{}`", seats_phrase(t.high(), noun), sector.id.value);
        f = if first {
            f.primary(&sector.seats.span, text)
        } else {
            f.secondary(&sector.seats.span, text)
        };
        first = false;
    }
    if first {
        f = f.primary(&board.name.span, format!("this board has no {subject}"));
    }
    f
}

/// "1 seat", "2 seats"; "1 local-authority seat" from "local-authority seats".
#[must_use]
pub fn seats_phrase(n: u64, plural: &str) -> String {
    if n == 1 {
        format!("1 {}", plural.strip_suffix('s').unwrap_or(plural))
    } else {
        format!("{n} {plural}")
    }
}

/// Reads a whole-number parameter that must not be negative.
pub(crate) fn whole(
    ctx: &mut Ctx<'_>,
    v: Option<toml::Spanned<i64>>,
    key: &str,
) -> Result<Option<Spanned<u32>>, ()> {
    let Some(v) = v else { return Ok(None) };
    match u32::try_from(*v.get_ref()) {
        Ok(n) if n <= 100_000 => Ok(Some(Spanned::from_toml(
            ctx.file,
            toml::Spanned::new(v.span(), n),
        ))),
        _ => {
            ctx.error(
                &parse::INVALID_VALUE,
                v.span(),
                format!(
                    "`{key} = {}` is not a possible number of seats",
                    v.get_ref()
                ),
                "not a possible number",
                Some(format!("give `{key}` as a whole number from 0 upwards")),
            );
            Err(())
        }
    }
}

/// A whole-number parameter as written: a number, or `{ fact = "schools" }`.
#[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub(crate) enum RawBound {
    /// A whole number.
    Fixed(i64),
    /// The value of one of the board's number facts.
    Fact {
        /// The fact's name, e.g. `schools`.
        fact: String,
    },
}

/// A limit that is a fixed number, or read from one of the board's facts (one parent
/// governor per school: `exactly = { fact = "schools" }`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bound {
    /// A fixed number.
    Fixed(u32),
    /// The value of a number fact.
    Fact(String),
}

impl Bound {
    /// The limit for this board; `None` when it reads a fact the board does not state.
    #[must_use]
    pub fn resolve(&self, board: &Board) -> Option<u64> {
        match self {
            Self::Fixed(n) => Some(u64::from(*n)),
            Self::Fact(name) => match board.facts.get(name).map(|f| &f.value) {
                Some(raw::FactValue::Number(n)) => u64::try_from(*n).ok(),
                _ => None,
            },
        }
    }

    /// The fact the limit reads, if any.
    #[must_use]
    pub fn fact(&self) -> Option<&str> {
        match self {
            Self::Fixed(_) => None,
            Self::Fact(f) => Some(f),
        }
    }
}

/// A limit's value for this board, with the limit as written; the limit itself as the
/// error when it reads a fact the board does not state.
pub(crate) fn resolve_bound<'a>(
    b: Option<&'a Spanned<Bound>>,
    board: &Board,
) -> Result<Option<(u64, &'a Spanned<Bound>)>, &'a Spanned<Bound>> {
    match b {
        None => Ok(None),
        Some(s) => s.value.resolve(board).map(|v| Some((v, s))).ok_or(s),
    }
}

impl std::fmt::Display for Bound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Fixed(n) => write!(f, "{n}"),
            Self::Fact(name) => write!(f, "the fact `{name}`"),
        }
    }
}

/// A range in words: "exactly 2", "1 to 2", "at least 7", "at most 15".
pub(crate) fn range_phrase<T: std::fmt::Display + PartialEq>(
    min: Option<T>,
    max: Option<T>,
) -> String {
    match (min, max) {
        (Some(lo), Some(hi)) if lo == hi => format!("exactly {lo}"),
        (Some(lo), Some(hi)) => format!("{lo} to {hi}"),
        (Some(lo), None) => format!("at least {lo}"),
        (None, Some(hi)) => format!("at most {hi}"),
        (None, None) => String::new(),
    }
}

/// A rule's minimum and maximum, resolved for this board.
pub(crate) type Limits<'a> = (
    Option<(u64, &'a Spanned<Bound>)>,
    Option<(u64, &'a Spanned<Bound>)>,
);

/// Resolves a rule's two limits. When one reads a fact the board does not state, pushes an
/// undetermined finding (`code`, about the `what` required) and returns `None`.
pub(crate) fn resolve_limits<'a>(
    rule: &Rule,
    board: &Board,
    limits: (Option<&'a Spanned<Bound>>, Option<&'a Spanned<Bound>>),
    code: &'static Code,
    what: &str,
    labels: impl Fn(Finding) -> Finding,
    out: &mut Vec<Finding>,
) -> Option<Limits<'a>> {
    match (
        resolve_bound(limits.0, board),
        resolve_bound(limits.1, board),
    ) {
        (Ok(min), Ok(max)) => Some((min, max)),
        (Err(b), _) | (_, Err(b)) => {
            let fact = b.value.fact().unwrap_or_default();
            out.push(
                labels(rule.undetermined(
                    code,
                    format!("{what} depends on the fact `{fact}`, which the board does not state as a whole number"),
                ))
                .secondary(&b.span, "the limit is read from this fact")
                .help(format!("add `{fact} = N` under `[facts]` in the board file")),
            );
            None
        }
    }
}

/// Records an impossible pair of limits: both fixed, the minimum above the maximum. The
/// message (given both numbers) and the two labels are the rule kind's own wording.
/// Returns whether the limits are in order.
pub(crate) fn limits_in_order(
    ctx: &mut Ctx<'_>,
    limits: (Option<&Spanned<Bound>>, Option<&Spanned<Bound>>),
    message: impl FnOnce(u32, u32) -> String,
    labels: (&str, &str),
) -> bool {
    let (Some(lo), Some(hi)) = limits else {
        return true;
    };
    let (Bound::Fixed(l), Bound::Fixed(h)) = (&lo.value, &hi.value) else {
        return true;
    };
    if l <= h {
        return true;
    }
    ctx.errors.push(
        Finding::new(&parse::INVALID_VALUE, Severity::Error, message(*l, *h))
            .primary(&lo.span, labels.0)
            .secondary(&hi.span, labels.1)
            .help("correct one of the limits"),
    );
    false
}

/// Reads a whole-number limit, fixed or from a fact.
pub(crate) fn bound(
    ctx: &mut Ctx<'_>,
    v: Option<toml::Spanned<RawBound>>,
    key: &str,
) -> Result<Option<Spanned<Bound>>, ()> {
    let Some(v) = v else { return Ok(None) };
    let span = v.span();
    match v.into_inner() {
        RawBound::Fixed(n) => whole(ctx, Some(toml::Spanned::new(span, n)), key).map(|o| {
            o.map(|s| Spanned {
                value: Bound::Fixed(s.value),
                span: s.span,
            })
        }),
        RawBound::Fact { fact } => Ok(Some(Spanned {
            value: Bound::Fact(fact),
            span: ctx.span(span),
        })),
    }
}
