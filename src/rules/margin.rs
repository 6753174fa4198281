//! The `margin` rule kind: its declaration ([`KIND`]), parameters, check and codes.

use super::kind::{declare_kind, Kind, KindRule};
use super::seats::SeatLevel;
use super::selector::{Counting, Selector, Tally};
use super::{
    bound, label_contributors, limits_in_order, range_phrase, resolve_limits, seats_phrase, Bound,
    RawBound, Rule,
};
use crate::diagnostic::{declare_code, Finding};
use crate::model::raw;
use crate::model::span::Spanned;
use crate::model::Board;
use crate::parse::{self, Ctx};
use serde::Deserialize;

declare_code! {
    /// ## What it checks
    /// The seats a `margin` rule selects outnumber the others by at least its `at-least`.
    /// "Foundation governors must outnumber all the other governors by two" (voluntary-aided
    /// schools).
    ///
    /// ## Why it matters
    /// The margin is what gives a foundation (a diocese, a trust) control of the board;
    /// below it, the school's character is no longer protected.
    ///
    /// ## Example
    /// ```toml
    /// [[rules]]
    /// id = "foundation-majority"
    /// kind = "margin"
    /// select = { tag = "foundation-governor" }
    /// at-least = 2
    /// at-most = 2
    /// ```
    /// Seven foundation governors with six others: a margin of 1, short by 1.
    ///
    /// ## How to fix
    /// Add seats of the selected kind, or remove other seats, one for each seat of margin
    /// missing.
    pub MARGIN_TOO_SMALL { family: "margin", name: "margin-too-small" }
}

declare_code! {
    /// ## What it checks
    /// The seats a `margin` rule selects outnumber the others by no more than its `at-most`.
    ///
    /// ## Why it matters
    /// The regulations cap the majority ("by up to two") so the other categories keep a
    /// real voice.
    ///
    /// ## Example
    /// Nine foundation governors with six others: a margin of 3 where at most 2 is allowed.
    ///
    /// ## How to fix
    /// Remove seats of the selected kind, or add other seats.
    pub MARGIN_TOO_LARGE { family: "margin", name: "margin-too-large" }
}

declare_code! {
    /// ## What it checks
    /// Whether a `margin` rule can be decided: it cannot when either side is selected by a
    /// personal fact that vacant seats leave unknown, and the answer depends on it.
    ///
    /// ## Why it matters
    /// A rule that cannot be decided must not pass silently.
    ///
    /// ## Example
    /// Foundation governors identified only by a `fact` on members, with seats vacant.
    ///
    /// ## How to fix
    /// Put the tag on the sector, or name the members.
    pub MARGIN_UNDETERMINED { family: "margin", name: "margin-undetermined" }
}

declare_kind! {
    /// The seats matching one selector outnumber those matching another by an amount within a range.
    ///
    /// "Foundation governors outnumber all the other governors by up to two."
    ///
    /// ```toml
    /// [[rules]]
    /// id = "foundation-majority"
    /// kind = "margin"
    /// select = { tag = "foundation-governor" }
    /// subject = "foundation governors"
    /// over = { not = { tag = "foundation-governor" } }   # default: every other seat
    /// others = "the other governors"
    /// at-least = 1
    /// at-most = 2
    /// ```
    pub KIND {
        name: "margin",
        since: "0.1.0",
        params: Raw,
        codes: [MARGIN_TOO_SMALL, MARGIN_TOO_LARGE, MARGIN_UNDETERMINED],
    }
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Raw {
    /// The seats that must outnumber the others, e.g. `{ tag = "foundation" }`.
    #[schemars(with = "raw::Selector")]
    select: toml::Spanned<raw::Selector>,
    /// The seats they are compared with (default: every other seat).
    #[schemars(with = "Option<raw::Selector>")]
    over: Option<toml::Spanned<raw::Selector>>,
    /// What the selected seats are called in messages, e.g. "foundation governors".
    subject: Option<String>,
    /// What the other seats are called in messages, e.g. "the other governors".
    others: Option<String>,
    /// The smallest allowed margin: a number, or `{ fact = "va-minimum-majority" }`.
    #[schemars(with = "Option<RawBound>")]
    at_least: Option<toml::Spanned<RawBound>>,
    /// The largest allowed margin: a number, or `{ fact = "..." }`.
    #[schemars(with = "Option<RawBound>")]
    at_most: Option<toml::Spanned<RawBound>>,
}

/// A `margin` rule's parameters.
#[derive(Debug)]
pub struct Margin {
    /// The side that should outnumber the other.
    pub select: Selector,
    /// The other side (every other seat by default).
    pub over: Selector,
    /// How the selected seats are named ("foundation governors").
    pub subject: String,
    /// How the other side is named ("the other governors").
    pub others: String,
    /// The smallest allowed margin (selected minus other), inclusive; fixed or read from a
    /// fact (the voluntary-aided "by two" / "up to two" reading).
    pub min: Option<Spanned<Bound>>,
    /// The largest allowed margin, inclusive.
    pub max: Option<Spanned<Bound>>,
}

impl Margin {
    /// Whether the rule asks for equal numbers (a margin of exactly 0), the margin asked
    /// for in words ("by 1 to 2"), and what the selected seats must do.
    fn wording(&self, min: Option<i128>, max: Option<i128>) -> (bool, String, String) {
        // Equal numbers ("parity") read as such, not as a margin of exactly 0.
        let equal = min == Some(0) && max == Some(0);
        let requirement = format!("by {}", range_phrase(min, max));
        let must = if equal {
            format!("they must equal {} in number", self.others)
        } else {
            format!("they must outnumber them {requirement}")
        };
        (equal, requirement, must)
    }
}

impl Margin {
    /// The fixes for a margin `d` too small (`widen`) or too large: seats added to one side
    /// or removed from the other, each with its seat changes.
    fn fixes(&self, f: Finding, board: &Board, d: u64, widen: bool) -> Finding {
        let seats = seats_phrase(d, "seats");
        let (grow, grow_sel, shrink, shrink_sel) = if widen {
            (&self.subject, &self.select, &self.others, &self.over)
        } else {
            (&self.others, &self.over, &self.subject, &self.select)
        };
        let add = format!("add {seats} to {grow}");
        let remove = format!("remove {seats} from {shrink}");
        let (add_c, remove_c) = (
            super::remedy::add(board, grow_sel, Some(shrink_sel), d),
            super::remedy::remove(board, shrink_sel, d),
        );
        if widen {
            f.remedy(add, add_c).remedy(remove, remove_c)
        } else {
            f.remedy(remove, remove_c).remedy(add, add_c)
        }
    }

    /// The fix without numbers: "widen the margin of foundation governors over the others
    /// to exactly 2".
    fn limits_words<S>(&self, verb: &str, min: Option<(i128, S)>, max: Option<(i128, S)>) -> String {
        format!(
            "{verb} the margin of {} over {} to {}",
            self.subject,
            self.others,
            range_phrase(min.map(|m| m.0), max.map(|m| m.0))
        )
    }
}

impl KindRule for Margin {
    const KIND: &'static Kind = &KIND;

    fn build(
        ctx: &mut Ctx<'_>,
        table: toml::Spanned<toml::de::DeValue<'_>>,
        context: &str,
    ) -> Option<Self> {
        let span = table.span();
        let raw: Raw = super::params(ctx, table, context)?;
        let select = Selector::build(ctx, raw.select)?;
        let over = match raw.over {
            Some(o) => Selector::build(ctx, o)?,
            None => Selector::Not(Box::new(select.clone())),
        };
        let min = bound(ctx, raw.at_least, "at-least").ok()?;
        let max = bound(ctx, raw.at_most, "at-most").ok()?;
        if min.is_none() && max.is_none() {
            ctx.error(
                &parse::MISSING_KEY,
                span,
                format!("a margin rule needs `at-least` or `at-most` {context}"),
                "no limit given",
                Some(
                    "add e.g. `at-least = 1` and `at-most = 2` for \"outnumber by up to two\""
                        .into(),
                ),
            );
            return None;
        }
        if !limits_in_order(
            ctx,
            (min.as_ref(), max.as_ref()),
            |l, h| format!("the smallest margin ({l}) is above the largest ({h}) {context}"),
            ("at-least", "at-most"),
        ) {
            return None;
        }
        Some(Self {
            subject: raw.subject.unwrap_or_else(|| select.describe_seats()),
            others: raw.others.unwrap_or_else(|| "the other seats".to_string()),
            select,
            over,
            min,
            max,
        })
    }

    /// The rule's parameters in plain words, for `packs show`.
    fn describe(&self) -> String {
        let range = format!(
            "by {}",
            range_phrase(
                self.min.as_ref().map(|b| &b.value),
                self.max.as_ref().map(|b| &b.value)
            )
        );
        format!("{} outnumber {} {range}", self.subject, self.others)
    }

    fn selectors(&self) -> Vec<&Selector> {
        vec![&self.select, &self.over]
    }

    fn facts_used(&self) -> Vec<&str> {
        super::limits::facts_read(self.min.as_ref(), self.max.as_ref())
    }

    /// The seat view: the margin of one side over the other within its limits.
    fn seat_level(&self, board: &Board) -> SeatLevel {
        let (Ok(min), Ok(max)) = (
            super::resolve_bound(self.min.as_ref(), board),
            super::resolve_bound(self.max.as_ref(), board),
        ) else {
            return SeatLevel::Fixed;
        };
        let (min, max) = (min.map(|m| i128::from(m.0)), max.map(|m| i128::from(m.0)));
        SeatLevel::test(vec![self.select.clone(), self.over.clone()], move |v| {
            let margin = i128::from(v[0]) - i128::from(v[1]);
            min.is_none_or(|m| margin >= m) && max.is_none_or(|m| margin <= m)
        })
    }

    fn check(&self, rule: &Rule, board: &Board, _as_of: super::AsOf, out: &mut Vec<Finding>) {
        let per_sector = self.select.tally_by_sector(board, Counting::Seats);
        let a: Tally = per_sector.iter().sum();
        let b = self.over.tally(board, Counting::Seats);
        let low = i128::from(a.low()) - i128::from(b.high());
        let high = i128::from(a.high()) - i128::from(b.low());
        let margin = i128::from(a.low()) - i128::from(b.low());
        let labels = |f: Finding| {
            let mut f = label_contributors(f, board, &per_sector, "seats", &self.subject);
            for (sector, t) in board
                .sectors
                .iter()
                .zip(self.over.tally_by_sector(board, Counting::Seats))
            {
                if t.high() > 0 {
                    f = f.secondary(
                        &sector.seats.span,
                        format!("{} on the other side", seats_phrase(t.high(), "seats")),
                    );
                }
            }
            f
        };
        let Some((min, max)) = resolve_limits(
            rule,
            board,
            (self.min.as_ref(), self.max.as_ref()),
            &MARGIN_UNDETERMINED,
            format_args!("the margin required of {}", self.subject),
            labels,
            out,
        ) else {
            return;
        };
        let min = min.map(|(v, s)| (i128::from(v), s));
        let max = max.map(|(v, s)| (i128::from(v), s));
        let (equal, requirement, must) = self.wording(min.map(|m| m.0), max.map(|m| m.0));
        let stated = format!(
            "{} ({} to {})",
            describe(margin, &self.subject, &self.others),
            a.low(),
            b.low()
        );
        if let Some((need, at)) = min {
            if high < need {
                let d = u64::try_from(need - low).unwrap_or(0);
                let f = labels(rule.breach(&MARGIN_TOO_SMALL, format!("{stated}; {must}")))
                    .secondary(&at.span, "smallest margin set here")
                    .help(self.limits_words("widen", min, max));
                out.push(self.fixes(f, board, d, true));
                return;
            }
        }
        if let Some((cap, at)) = max {
            if low > cap {
                let d = u64::try_from(low - cap).unwrap_or(0);
                let f = labels(rule.breach(
                        &MARGIN_TOO_LARGE,
                        if equal {
                            format!("{stated}; {must}")
                        } else {
                            format!("{stated}; they may outnumber them only {requirement}")
                        },
                    ))
                    .secondary(&at.span, "largest margin set here")
                    .help(self.limits_words("narrow", min, max));
                out.push(self.fixes(f, board, d, false));
                return;
            }
        }
        let undecided =
            min.is_some_and(|(need, _)| low < need) || max.is_some_and(|(cap, _)| high > cap);
        if undecided {
            out.push(
                labels(rule.undetermined(
                    &MARGIN_UNDETERMINED,
                    format!(
                        "the margin of {} over {} is between {low} and {high}: some seats depend on facts the file does not state",
                        self.subject, self.others
                    ),
                ))
                .help("put the tags that decide the sides on sectors, or name the members"),
            );
        }
    }
}

fn describe(margin: i128, subject: &str, others: &str) -> String {
    match margin {
        0 => format!("{subject} are as many as {others}"),
        m if m > 0 => format!("{subject} outnumber {others} by {m}"),
        m => format!("{subject} are outnumbered by {others} by {}", -m),
    }
}
