//! The `term` rule kind: its declaration ([`KIND`]), parameters, check and codes.

use super::kind::{declare_kind, Kind, KindRule};
use super::selector::{Selector, Truth};
use super::Rule;
use crate::diagnostic::{declare_code, Finding};
use crate::model::raw;
use crate::model::span::Spanned;
use crate::model::{Board, Date, Member};
use crate::parse::{self, Ctx};
use serde::Deserialize;

declare_code! {
    /// ## What it checks
    /// A member's term of office is no longer than the rule's `max-years` ("a governor
    /// holds office for a fixed period of four years").
    ///
    /// ## Why it matters
    /// An over-long term is not one the constitution can grant; the appointment would have
    /// to be renewed.
    ///
    /// ## Example
    /// `term-start = 2024-09-01`, `term-end = 2029-08-31` against `max-years = 4`.
    ///
    /// ## How to fix
    /// End the term on or before the date the help line gives.
    pub TERM_TOO_LONG { family: "term", name: "term-too-long" }
}

declare_code! {
    /// ## What it checks
    /// A member's term of office is at least the rule's `min-years` ("not a period of less
    /// than one year").
    ///
    /// ## Why it matters
    /// Terms shorter than the regulations allow are not valid terms.
    ///
    /// ## Example
    /// A six-month term against `min-years = 1`.
    ///
    /// ## How to fix
    /// Extend the term to the date the help line gives.
    pub TERM_TOO_SHORT { family: "term", name: "term-too-short" }
}

declare_code! {
    /// ## What it checks
    /// Whether a `term` rule can be checked: it cannot for a member whose `term-start` or
    /// `term-end` is not stated.
    ///
    /// ## Why it matters
    /// A rule that cannot be decided must not pass silently.
    ///
    /// ## Example
    /// A named member with no dates.
    ///
    /// ## How to fix
    /// Add `term-start` and `term-end` to the member.
    pub TERM_UNDETERMINED { family: "term", name: "term-undetermined" }
}

declare_kind! {
    /// Members' terms of office last between `min-years` and `max-years`; expired terms are warned of, and terms ending soon listed.
    ///
    /// Terms are judged as of the date the check is run for (`--as-of`, default today); terms ending within the look-ahead window (`--horizon`, default 90 days) are listed.
    ///
    /// ```toml
    /// [[rules]]
    /// id = "terms-of-office"
    /// kind = "term"
    /// select = { not = { tag = "ex-officio" } }   # whose terms: default every member
    /// min-years = 1
    /// max-years = 4
    /// ```
    ///
    /// A term runs from `term-start` to `term-end` inclusive: a four-year term from
    /// 2024-09-01 ends on 2028-08-31 at the latest.
    pub KIND {
        name: "term",
        since: "0.1.0",
        params: Raw,
        codes: [TERM_TOO_LONG, TERM_TOO_SHORT, TERM_UNDETERMINED],
    }
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Raw {
    /// The members whose terms are limited (default: every member).
    #[schemars(with = "Option<raw::Selector>")]
    select: Option<toml::Spanned<raw::Selector>>,
    /// The shortest allowed term, in years.
    #[schemars(with = "Option<i64>")]
    min_years: Option<toml::Spanned<i64>>,
    /// The longest allowed term, in years.
    #[schemars(with = "Option<i64>")]
    max_years: Option<toml::Spanned<i64>>,
}

/// A `term` rule's parameters.
#[derive(Debug)]
pub struct Term {
    /// Whose terms are checked.
    pub select: Selector,
    /// The shortest term allowed, in years.
    pub min_years: Option<Spanned<u16>>,
    /// The longest term allowed, in years.
    pub max_years: Option<Spanned<u16>>,
}

impl KindRule for Term {
    const KIND: &'static Kind = &KIND;

    fn build(
        ctx: &mut Ctx<'_>,
        table: toml::Spanned<toml::de::DeValue<'_>>,
        context: &str,
    ) -> Option<Self> {
        let raw: Raw = super::params(ctx, table, context)?;
        let select = Selector::build_or_all(ctx, raw.select)?;
        let min_years = parse::years(ctx, raw.min_years, "min-years").ok()?;
        let max_years = parse::years(ctx, raw.max_years, "max-years").ok()?;
        if let (Some(lo), Some(hi)) = (&min_years, &max_years) {
            if lo.value > hi.value {
                ctx.error(
                    &parse::INVALID_VALUE,
                    lo.span.range.clone(),
                    format!("the shortest term ({} years) is longer than the longest ({} years) {context}", lo.value, hi.value),
                    "min-years",
                    Some("correct one of the limits".into()),
                );
                return None;
            }
        }
        Some(Self {
            select,
            min_years,
            max_years,
        })
    }

    /// The rule's parameters in plain words, for `packs show`.
    fn describe(&self) -> String {
        let who = match &self.select {
            Selector::All => "every member".to_string(),
            s => format!("members {}", s.describe_holder()),
        };
        let range = match (&self.min_years, &self.max_years) {
            (Some(a), Some(b)) => format!("between {} and {} years", a.value, b.value),
            (Some(a), None) => format!("at least {} years", a.value),
            (None, Some(b)) => format!("at most {} years", b.value),
            (None, None) => "any length".to_string(),
        };
        format!("terms of office of {who}: {range}; expired terms are warned of, and terms ending soon listed")
    }

    fn selectors(&self) -> Vec<&Selector> {
        vec![&self.select]
    }

    fn check(&self, rule: &Rule, board: &Board, _as_of: super::AsOf, out: &mut Vec<Finding>) {
        let mut undated: Vec<&Member> = Vec::new();
        let mut breaches = Vec::new();
        for m in &board.members {
            let applies = self.select.eval(board, m.sector_index, Some(m));
            if applies == Truth::No {
                continue;
            }
            // Whether the rule covers this member depends on a fact not stated: a breach
            // is then a finding that the rule cannot be decided for them.
            if applies == Truth::Unknown {
                let before = breaches.len();
                self.check_member(rule, m, &mut breaches);
                for f in &mut breaches[before..] {
                    f.code = &TERM_UNDETERMINED;
                    f.severity = f.severity.min(crate::diagnostic::Severity::Warning);
                    f.message = format!(
                        "{}, if the rule covers them: whether {} is {} is not stated",
                        f.message,
                        m.name.value,
                        self.select.describe_holder()
                    );
                }
                continue;
            }
            if m.term_start.is_none() || m.term_end.is_none() {
                undated.push(m);
                continue;
            }
            self.check_member(rule, m, &mut breaches);
        }
        out.extend(breaches);
        Self::report_undated(rule, &undated, out);
    }
}

impl Term {
    /// A member's term against the shortest and longest allowed.
    fn check_member(&self, rule: &Rule, m: &Member, out: &mut Vec<Finding>) {
        let (Some(start), Some(end)) = (&m.term_start, &m.term_end) else {
            return;
        };
        let who = &m.name.value;
        if let Some(max) = &self.max_years {
            let limit = start.value.add_years(max.value);
            if end.value >= limit {
                let latest = Date::from_days(limit.days() - 1);
                out.push(
                    rule.breach(
                        &TERM_TOO_LONG,
                        format!(
                            "{who}'s term runs from {} to {}, longer than {} years",
                            start.value, end.value, max.value
                        ),
                    )
                    .primary(&end.span, "term ends here")
                    .secondary(&start.span, "term starts here")
                    .secondary(&max.span, "longest term set here")
                    .help(format!("end the term on {latest} at the latest")),
                );
            }
        }
        if let Some(min) = &self.min_years {
            let earliest = Date::from_days(start.value.add_years(min.value).days() - 1);
            if end.value < earliest {
                out.push(
                    rule.breach(
                        &TERM_TOO_SHORT,
                        format!(
                            "{who}'s term runs from {} to {}, shorter than {} year{}",
                            start.value,
                            end.value,
                            min.value,
                            if min.value == 1 { "" } else { "s" }
                        ),
                    )
                    .primary(&end.span, "term ends here")
                    .secondary(&start.span, "term starts here")
                    .secondary(&min.span, "shortest term set here")
                    .help(format!("end the term on {earliest} or later")),
                );
            }
        }
    }

    /// The members whose terms cannot be checked for want of dates.
    fn report_undated(rule: &Rule, undated: &[&Member], out: &mut Vec<Finding>) {
        if !undated.is_empty() {
            let names: Vec<&str> = undated.iter().map(|m| m.name.value.as_str()).collect();
            let mut f = rule.undetermined(
                &TERM_UNDETERMINED,
                format!(
                    "terms of office cannot be checked without dates for {}",
                    names.join(", ")
                ),
            );
            for m in undated {
                f = f.secondary(&m.name.span, "no `term-start` and `term-end`");
            }
            if let Some(first) = f.labels.first_mut() {
                first.primary = true;
            }
            out.push(
                f.help("add `term-start` and `term-end` (dates, without quotes) to each member"),
            );
        }
    }
}
