//! The `share` rule kind: its declaration ([`KIND`]), parameters, check and codes.

use super::kind::{declare_kind, Kind, KindRule};
use super::seats::SeatLevel;
use super::selector::{Counting, Selector, Tally};
use super::{label_contributors, seats_phrase, Rule, ShareLimit};
use crate::diagnostic::{declare_code, Finding};
use crate::model::ratio::percent;
use crate::model::raw;
use crate::model::Board;
use crate::parse::{self, Ctx};
use serde::Deserialize;

declare_code! {
    /// ## What it checks
    /// A `share` rule's maximum: the seats it selects are less than (or at most) a share of
    /// the board. "Local-authority seats under 30%", "the staff side at most one third",
    /// "local-authority-associated persons under 20%".
    ///
    /// ## Why it matters
    /// A share limit protects the board's independence: one interest must not control it.
    ///
    /// ## Example
    /// ```toml
    /// [[rules]]
    /// id = "local-authority-share"
    /// kind = "share"
    /// select = { tag = "local-authority" }
    /// less-than = "30%"
    /// ```
    /// A board with 3 local-authority seats of 10 has exactly 30%, which is not less than
    /// 30%: it fails. With 3 of 13 (23.1%) it passes.
    ///
    /// ## How to fix
    /// Remove seats of the selected kind, or add seats from other sectors; the help line
    /// gives the smallest number of each, with the share that results.
    pub SHARE_ABOVE_MAXIMUM { family: "share", name: "share-above-maximum" }
}

declare_code! {
    /// ## What it checks
    /// A `share` rule's minimum: the seats it selects are at least (or more than) a share
    /// of the board. "Schools and academies members at least two thirds".
    ///
    /// ## Why it matters
    /// A minimum share guarantees the people the board serves a majority voice.
    ///
    /// ## Example
    /// ```toml
    /// [[rules]]
    /// id = "schools-members"
    /// kind = "share"
    /// select = { tag = "schools-member" }
    /// at-least = "2/3"
    /// ```
    ///
    /// ## How to fix
    /// Add seats of the selected kind, or remove other seats; the help line gives the
    /// smallest number of each.
    pub SHARE_BELOW_MINIMUM { family: "share", name: "share-below-minimum" }
}

declare_code! {
    /// ## What it checks
    /// Whether a `share` rule can be decided from what the file says. It cannot when the
    /// rule selects on a personal fact (such as `councillor`) that vacant seats or
    /// unnamed members leave unknown, and the answer depends on it.
    ///
    /// ## Why it matters
    /// A rule that cannot be decided must not pass silently.
    ///
    /// ## Example
    /// A 20% limit on `councillor` seats for a proposal with no members named.
    ///
    /// ## How to fix
    /// Name the members, or state the fact as a tag on the sector or member.
    pub SHARE_UNDETERMINED { family: "share", name: "share-undetermined" }
}

declare_kind! {
    /// The seats matching a selector, as an exact share of all seats (or of the seats matching `of`), are below, at most, at least or above a fraction or percentage.
    ///
    /// ```toml
    /// [[rules]]
    /// id = "local-authority-share"
    /// kind = "share"
    /// select = { tag = "local-authority" }
    /// subject = "local-authority seats"
    /// less-than = "30%"        # or at-most, at-least, more-than; "1/3" or "19.9%"
    /// of = { all = true }      # optional: the whole the share is taken of (default all seats)
    /// ```
    ///
    /// Shares are exact: `3 of 10` against `less-than = "30%"` compares `3 × 10` with `3 × 10`
    /// by integer cross-multiplication, so exactly 30% is not less than 30%.
    pub KIND {
        name: "share",
        since: "0.1.0",
        params: Raw,
        codes: [SHARE_ABOVE_MAXIMUM, SHARE_BELOW_MINIMUM, SHARE_UNDETERMINED],
    }
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Raw {
    /// The seats whose share is limited, e.g. `{ tag = "local-authority" }`.
    #[schemars(with = "raw::Selector")]
    select: toml::Spanned<raw::Selector>,
    /// The seats the share is taken of (default: every seat).
    #[schemars(with = "Option<raw::Selector>")]
    of: Option<toml::Spanned<raw::Selector>>,
    /// What the selected seats are called in messages, e.g. "local-authority seats".
    subject: Option<String>,
    /// "seats" (default; vacancies included) or "members" (named members in office).
    #[schemars(with = "Option<String>")]
    counting: Option<toml::Spanned<String>>,
    /// The share must be below this: a fraction ("1/3") or a percentage ("30%").
    #[schemars(with = "Option<String>")]
    less_than: Option<toml::Spanned<String>>,
    /// The share must be at most this: a fraction ("1/3") or a percentage ("30%").
    #[schemars(with = "Option<String>")]
    at_most: Option<toml::Spanned<String>>,
    /// The share must be at least this: a fraction ("2/3") or a percentage ("20%").
    #[schemars(with = "Option<String>")]
    at_least: Option<toml::Spanned<String>>,
    /// The share must be above this: a fraction ("1/2") or a percentage ("50%").
    #[schemars(with = "Option<String>")]
    more_than: Option<toml::Spanned<String>>,
}

/// A `share` rule's parameters.
#[derive(Debug)]
pub struct Share {
    /// The seats whose share is limited.
    pub select: Selector,
    /// The whole the share is taken of (all seats by default).
    pub of: Selector,
    /// How the selected seats are named in messages.
    pub subject: String,
    /// Seats or members.
    pub counting: Counting,
    /// The upper limit, if any.
    pub max: Option<ShareLimit>,
    /// The lower limit, if any.
    pub min: Option<ShareLimit>,
    numerator: Selector,
}

/// Where a decision stands.
enum Verdict {
    Pass,
    Fail,
    Unknown,
}

impl Share {
    /// The seats counted and the whole they are a share of, on this board (the fewest
    /// that may match, when some depend on unstated facts).
    #[must_use]
    pub fn measure(&self, board: &Board) -> (u64, u64) {
        (
            self.numerator.tally(board, self.counting).low(),
            self.of.tally(board, self.counting).low(),
        )
    }

    /// The limits in words: "at least 2/3 and less than 30%".
    #[must_use]
    pub fn limits(&self) -> String {
        self.min
            .iter()
            .map(ShareLimit::describe_min)
            .chain(self.max.iter().map(ShareLimit::describe_max))
            .collect::<Vec<_>>()
            .join(" and ")
    }

    /// The smallest changes that bring `n of t` under `max`.
    /// Whether `n of t` is within both of the rule's limits: a hint is given only when the
    /// change it proposes makes the whole rule hold, not one limit at the other's expense.
    fn holds(&self, n: u64, t: u64) -> bool {
        self.max.as_ref().is_none_or(|m| !m.exceeded_by(n, t))
            && self.min.as_ref().is_none_or(|m| !m.short_of(n, t))
    }

    /// The smallest changes that bring `n of t` under `max`, each with its seat changes.
    fn fix_max(&self, f: Finding, board: &Board, max: &ShareLimit, n: u64, t: u64) -> Finding {
        let mut f = f.help(format!(
            "change the seats so that the share is {}; `boardcheck suggest` finds the smallest change that does",
            max.target_max()
        ));
        if let Some(k) = (1..=n)
            .find(|&k| k < t && !max.exceeded_by(n - k, t - k))
            .filter(|&k| self.holds(n - k, t - k))
        {
            f = f.remedy(
                format!(
                    "remove {} ({} of {} = {})",
                    seats_phrase(k, &self.subject),
                    n - k,
                    t - k,
                    percent(n - k, t - k)
                ),
                super::remedy::remove(board, &self.numerator, k),
            );
        }
        if let Some(m) = min_added_to_whole(max, n, t).filter(|&m| self.holds(n, t + m)) {
            let what = match self.of {
                Selector::All => format!("{} from another sector", seats_phrase(m, "seats")),
                _ => format!(
                    "{} not among the {}",
                    seats_phrase(m, &self.of.describe_seats()),
                    self.subject
                ),
            };
            f = f.remedy(
                format!("add {what} ({n} of {} = {})", t + m, percent(n, t + m)),
                super::remedy::add(board, &self.of, Some(&self.numerator), m),
            );
        }
        f
    }

    /// The smallest changes that bring `n of t` up to `min`, each with its seat changes.
    fn fix_min(&self, f: Finding, board: &Board, min: &ShareLimit, n: u64, t: u64) -> Finding {
        let mut f = f.help(format!(
            "change the seats so that the share is {}; `boardcheck suggest` finds the smallest change that does",
            min.target_min()
        ));
        if let Some(k) = (1..=100_000u64)
            .find(|k| !min.short_of(n + k, t + k))
            .filter(|&k| self.holds(n + k, t + k))
        {
            f = f.remedy(
                format!(
                    "add {} ({} of {} = {})",
                    seats_phrase(k, &self.subject),
                    n + k,
                    t + k,
                    percent(n + k, t + k)
                ),
                super::remedy::add(board, &self.numerator, None, k),
            );
        }
        if let Some(m) = (1..=t - n)
            .find(|m| !min.short_of(n, t - m))
            .filter(|&m| self.holds(n, t - m))
        {
            let others = Selector::AllOf(vec![
                self.of.clone(),
                Selector::Not(Box::new(self.numerator.clone())),
            ]);
            f = f.remedy(
                format!(
                    "remove {} of other kinds ({n} of {} = {})",
                    seats_phrase(m, "seats"),
                    t - m,
                    percent(n, t - m)
                ),
                super::remedy::remove(board, &others, m),
            );
        }
        f
    }
}

impl KindRule for Share {
    const KIND: &'static Kind = &KIND;

    fn build(
        ctx: &mut Ctx<'_>,
        table: toml::Spanned<toml::de::DeValue<'_>>,
        context: &str,
    ) -> Option<Self> {
        let span = table.span();
        let raw: Raw = super::params(ctx, table, context)?;
        let select = Selector::build(ctx, raw.select)?;
        let of = match raw.of {
            Some(o) => Selector::build(ctx, o)?,
            None => Selector::All,
        };
        let counting = Counting::parse(ctx, raw.counting)?;
        let max =
            ShareLimit::pair(ctx, raw.less_than, raw.at_most, ("less-than", "at-most")).ok()?;
        let min =
            ShareLimit::pair(ctx, raw.more_than, raw.at_least, ("more-than", "at-least")).ok()?;
        if max.is_none() && min.is_none() {
            ctx.error(
                &parse::MISSING_KEY,
                span,
                format!("a share rule needs a limit {context}"),
                "no limit given",
                Some("add `less-than`, `at-most`, `at-least` or `more-than`, e.g. `less-than = \"30%\"`".into()),
            );
            return None;
        }
        if let (Some(lo), Some(hi)) = (&min, &max) {
            // Impossible when every share that meets the minimum breaks the maximum.
            let cross = u128::from(lo.ratio.num) * u128::from(hi.ratio.den);
            let other = u128::from(hi.ratio.num) * u128::from(lo.ratio.den);
            if cross > other || (cross == other && (lo.strict || hi.strict)) {
                ctx.errors.push(
                    Finding::new(
                        &parse::INVALID_VALUE,
                        crate::diagnostic::Severity::Error,
                        format!(
                            "the minimum ({}) and maximum ({}) leave no possible share {context}",
                            lo.describe_min(),
                            hi.describe_max()
                        ),
                    )
                    .primary(&lo.span, "minimum")
                    .secondary(&hi.span, "maximum")
                    .help("correct one of the limits"),
                );
                return None;
            }
        }
        let numerator = match of {
            Selector::All => select.clone(),
            _ => Selector::AllOf(vec![select.clone(), of.clone()]),
        };
        Some(Self {
            subject: raw.subject.unwrap_or_else(|| select.describe_seats()),
            select,
            of,
            counting,
            max,
            min,
            numerator,
        })
    }

    /// The rule's parameters in plain words, for `packs show`.
    fn describe(&self) -> String {
        format!(
            "{} as a share of all {}: {}",
            self.subject,
            self.of.describe_seats(),
            self.limits()
        )
    }

    fn selectors(&self) -> Vec<&Selector> {
        vec![&self.select, &self.of]
    }

    /// The seat view: the share within its limits; a share of no seats is undetermined,
    /// never a breach.
    fn seat_level(&self, _board: &Board) -> SeatLevel {
        if self.counting == Counting::Members {
            return SeatLevel::People;
        }
        let (min, max) = (self.min.clone(), self.max.clone());
        SeatLevel::test(vec![self.numerator.clone(), self.of.clone()], move |v| {
            let (part, whole) = (v[0], v[1]);
            whole == 0
                || (max.as_ref().is_none_or(|l| !l.exceeded_by(part, whole))
                    && min.as_ref().is_none_or(|l| !l.short_of(part, whole)))
        })
    }

    fn check(&self, rule: &Rule, board: &Board, _as_of: super::AsOf, out: &mut Vec<Finding>) {
        if self.counting == Counting::Members && board.members.is_empty() {
            out.push(
                rule.undetermined(
                    &SHARE_UNDETERMINED,
                    format!(
                        "the share of {} cannot be worked out: no members are named",
                        self.subject
                    ),
                )
                .primary(&board.name.span, "a proposal with no named members")
                .help("name the members under `[[members]]` to check this rule"),
            );
            return;
        }
        let per_sector = self.numerator.tally_by_sector(board, self.counting);
        let num: Tally = per_sector.iter().sum();
        let den = self.of.tally(board, self.counting);
        let of_subject = self.of.describe_seats();
        let labels = |f: Finding| label_contributors(f, board, &per_sector, "seats", &self.subject);
        if den.unknown > 0 || den.yes == 0 {
            let why = if den.yes == 0 && den.unknown == 0 {
                format!("there are no {of_subject} to take a share of")
            } else {
                format!("the number of {of_subject} depends on facts the file does not state")
            };
            out.push(
                labels(rule.undetermined(&SHARE_UNDETERMINED, format!("the share of {} cannot be worked out: {why}", self.subject)))
                    .help("name the members of the vacant seats, or state the fact as a tag on the member or sector"),
            );
            return;
        }
        let t = den.yes;
        let (lo, hi) = (num.low(), num.high());
        let mut any_unknown = false;
        let mut failed = false;
        if let Some(max) = &self.max {
            match verdict(max.exceeded_by(lo, t), max.exceeded_by(hi, t)) {
                Verdict::Fail => {
                    failed = true;
                    let f = rule
                        .breach(
                            &SHARE_ABOVE_MAXIMUM,
                            format!(
                                "{} are {lo} of {t} {of_subject} ({}); the share must be {}",
                                self.subject,
                                percent(lo, t),
                                max.describe_max()
                            ),
                        )
                        ;
                    let f = self.fix_max(f, board, max, lo, t);
                    out.push(labels(f).secondary(&max.span, "limit set here"));
                }
                Verdict::Unknown => any_unknown = true,
                Verdict::Pass => {}
            }
        }
        if let Some(min) = &self.min {
            match verdict(min.short_of(hi, t), min.short_of(lo, t)) {
                Verdict::Fail => {
                    failed = true;
                    let f = rule
                        .breach(
                            &SHARE_BELOW_MINIMUM,
                            format!(
                                "{} are {hi} of {t} {of_subject} ({}); the share must be {}",
                                self.subject,
                                percent(hi, t),
                                min.describe_min()
                            ),
                        )
                        ;
                    let f = self.fix_min(f, board, min, hi, t);
                    out.push(labels(f).secondary(&min.span, "limit set here"));
                }
                Verdict::Unknown => any_unknown = true,
                Verdict::Pass => {}
            }
        }
        if any_unknown && !failed {
            out.push(
                labels(rule.undetermined(
                    &SHARE_UNDETERMINED,
                    format!(
                        "{} are between {lo} and {hi} of {t} {of_subject} ({} to {}); {} on facts the file does not state",
                        self.subject,
                        percent(lo, t),
                        percent(hi, t),
                        super::limits::depend_phrase(num.unknown)
                    ),
                ))
                .help("name the members of the vacant seats, or state the fact as a tag on the member or sector"),
            );
        }
    }
}

fn verdict(fails_at_best: bool, fails_at_worst: bool) -> Verdict {
    match (fails_at_best, fails_at_worst) {
        (true, _) => Verdict::Fail,
        (false, false) => Verdict::Pass,
        (false, true) => Verdict::Unknown,
    }
}

/// The fewest seats to add to the whole (not to the part) so that `n of t + m` is within
/// `max`; `None` when no number would do (a limit of 0%).
pub(crate) fn min_added_to_whole(max: &ShareLimit, n: u64, t: u64) -> Option<u64> {
    let (p, q) = (u128::from(max.ratio.num), u128::from(max.ratio.den));
    if p == 0 {
        return None;
    }
    let (n, t) = (u128::from(n), u128::from(t));
    let excess = (q * n).saturating_sub(p * t);
    let m = if max.strict {
        excess / p + 1
    } else {
        excess.div_ceil(p)
    };
    let m = u64::try_from(m).ok()?;
    // Never suggest adding nothing: the caller only asks when the limit is broken.
    Some(m.max(1))
}
