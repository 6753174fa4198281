//! The `balance` rule kind: its declaration ([`KIND`]), parameters, check and codes.

use super::kind::{declare_kind, Kind, KindRule};
use super::seats::SeatLevel;
use super::selector::{Counting, Selector, Tally};
use super::{seats_phrase, whole, Rule, ShareLimit};
use crate::diagnostic::{declare_code, Finding};
use crate::model::ratio::percent;
use crate::model::raw;
use crate::model::span::Spanned;
use crate::model::Board;
use crate::parse::{self, Ctx};
use serde::Deserialize;

declare_code! {
    /// ## What it checks
    /// The largest group of sectors holds no more than the rule's share of the seats in all
    /// its groups: "an appropriate balance across the age phases so no one area dominates".
    ///
    /// ## Why it matters
    /// A board that serves several phases or areas loses their trust if one of them
    /// outvotes the others together.
    ///
    /// ## Example
    /// ```toml
    /// [[rules]]
    /// id = "phase-balance"
    /// kind = "balance"
    /// groups = { primary = { tag = "phase-primary" }, secondary = { tag = "phase-secondary" } }
    /// at-most = "1/2"
    /// ```
    ///
    /// ## How to fix
    /// Move seats from the dominant group to the others; the help line gives the numbers.
    pub BALANCE_GROUP_DOMINATES { family: "balance", name: "balance-group-dominates" }
}

declare_code! {
    /// ## What it checks
    /// The largest group of sectors has at most `max-difference` more seats than the
    /// smallest.
    ///
    /// ## Why it matters
    /// Even without a majority, a large gap leaves one phase or area under-represented.
    ///
    /// ## Example
    /// Three primary seats, one secondary seat, `max-difference = 1`.
    ///
    /// ## How to fix
    /// Add seats to the smallest group or remove seats from the largest.
    pub BALANCE_GROUPS_UNEVEN { family: "balance", name: "balance-groups-uneven" }
}

declare_code! {
    /// ## What it checks
    /// Whether a `balance` rule can be decided: it cannot when a group is defined by a
    /// personal fact that vacant seats leave unknown.
    ///
    /// ## Why it matters
    /// A rule that cannot be decided must not pass silently.
    ///
    /// ## Example
    /// Groups selected by a tag that only members carry, on a board with vacancies.
    ///
    /// ## How to fix
    /// Put the grouping tags on sectors.
    pub BALANCE_UNDETERMINED { family: "balance", name: "balance-undetermined" }
}

declare_kind! {
    /// No group of sectors dominates: the largest group's share of the grouped seats is limited, and optionally the gap between the largest and the smallest group.
    ///
    /// Groups are named selectors.
    ///
    /// ```toml
    /// [[rules]]
    /// id = "phase-balance"
    /// kind = "balance"
    /// groups = { primary = { tag = "phase-primary" }, secondary = { tag = "phase-secondary" } }
    /// at-most = "1/2"       # or less-than: the largest group's share of the grouped seats
    /// max-difference = 1    # optional: largest minus smallest, in seats
    /// ```
    pub KIND {
        name: "balance",
        since: "0.1.0",
        params: Raw,
        codes: [BALANCE_GROUP_DOMINATES, BALANCE_GROUPS_UNEVEN, BALANCE_UNDETERMINED],
    }
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Raw {
    /// Named groups of seats, each a selector: `{ primary = { tag = "phase-primary" }, secondary = { ... } }`.
    #[schemars(with = "indexmap::IndexMap<String, raw::Selector>")]
    groups: toml::Spanned<indexmap::IndexMap<String, toml::Spanned<raw::Selector>>>,
    /// No group may hold this share of the seats or more: "1/2" or "50%".
    #[schemars(with = "Option<String>")]
    less_than: Option<toml::Spanned<String>>,
    /// No group may hold more than this share of the seats: "1/2" or "50%".
    #[schemars(with = "Option<String>")]
    at_most: Option<toml::Spanned<String>>,
    /// The largest allowed gap in seats between any two groups.
    #[schemars(with = "Option<i64>")]
    max_difference: Option<toml::Spanned<i64>>,
}

/// One group in a balance rule.
#[derive(Debug)]
pub struct Group {
    /// The group's name, e.g. `primary`.
    pub name: String,
    /// The seats in the group.
    pub select: Selector,
}

impl Group {
    /// The group in the pack's words: its selector's `label`, or "the primary group".
    #[must_use]
    pub fn words(&self) -> String {
        match &self.select {
            Selector::Labelled(label, _) => label.clone(),
            _ => format!("the {} group", self.name),
        }
    }
}

/// A `balance` rule's parameters.
#[derive(Debug)]
pub struct Balance {
    /// The groups, in the order written.
    pub groups: Vec<Group>,
    /// The limit on the largest group's share of all grouped seats.
    pub max_share: Option<ShareLimit>,
    /// The largest allowed gap between the largest and smallest group, in seats.
    pub max_difference: Option<Spanned<u32>>,
}

impl KindRule for Balance {
    const KIND: &'static Kind = &KIND;

    fn build(
        ctx: &mut Ctx<'_>,
        table: toml::Spanned<toml::de::DeValue<'_>>,
        context: &str,
    ) -> Option<Self> {
        let span = table.span();
        let raw: Raw = super::params(ctx, table, context)?;
        let groups_span = raw.groups.span();
        let mut groups = Vec::new();
        for (name, sel) in raw.groups.into_inner() {
            groups.push(Group {
                name,
                select: Selector::build(ctx, sel)?,
            });
        }
        if groups.len() < 2 {
            ctx.error(
                &parse::INVALID_VALUE,
                groups_span,
                format!("a balance rule needs at least two groups {context}"),
                "fewer than two groups",
                Some("name each group: `groups = { primary = { tag = \"phase-primary\" }, secondary = { tag = \"phase-secondary\" } }`".into()),
            );
            return None;
        }
        let max_share =
            ShareLimit::pair(ctx, raw.less_than, raw.at_most, ("less-than", "at-most")).ok()?;
        let max_difference = whole(ctx, raw.max_difference, "max-difference").ok()?;
        if max_share.is_none() && max_difference.is_none() {
            ctx.error(
                &parse::MISSING_KEY,
                span,
                format!(
                    "a balance rule needs `at-most`, `less-than` or `max-difference` {context}"
                ),
                "no limit given",
                Some(
                    "add `at-most = \"1/2\"` so no group holds more than half the grouped seats"
                        .into(),
                ),
            );
            return None;
        }
        Some(Self {
            groups,
            max_share,
            max_difference,
        })
    }

    /// The rule's parameters in plain words, for `packs show`.
    fn describe(&self) -> String {
        let names: Vec<String> = self
            .groups
            .iter()
            .map(Group::words)
            .collect();
        let mut parts = Vec::new();
        if let Some(l) = &self.max_share {
            parts.push(if l.strict {
                format!(
                    "every group holds less than {} of the grouped seats",
                    l.ratio
                )
            } else {
                format!("no group holds more than {} of the grouped seats", l.ratio)
            });
        }
        if let Some(d) = &self.max_difference {
            parts.push(format!(
                "the largest exceeds the smallest by at most {}",
                d.value
            ));
        }
        format!("groups {}: {}", names.join(", "), parts.join("; "))
    }

    fn selectors(&self) -> Vec<&Selector> {
        self.groups.iter().map(|g| &g.select).collect()
    }

    /// The seat view: the largest group's share of the grouped seats, and the gap between
    /// the largest and smallest group.
    fn seat_level(&self, _board: &Board) -> SeatLevel {
        let (limit, gap) = (
            self.max_share.clone(),
            self.max_difference.as_ref().map(|d| u64::from(d.value)),
        );
        SeatLevel::test(
            self.groups.iter().map(|g| g.select.clone()).collect(),
            move |counts| {
                let total: u64 = counts.iter().sum();
                let largest = counts.iter().copied().max().unwrap_or(0);
                let smallest = counts.iter().copied().min().unwrap_or(0);
                !(limit
                    .as_ref()
                    .is_some_and(|l| total > 0 && l.exceeded_by(largest, total))
                    || gap.is_some_and(|d| largest - smallest > d))
            },
        )
    }

    #[allow(clippy::too_many_lines)] // each finding's message, labels and help in one place, in the order a reader meets them
    fn check(&self, rule: &Rule, board: &Board, _as_of: super::AsOf, out: &mut Vec<Finding>) {
        let per_group: Vec<Vec<Tally>> = self
            .groups
            .iter()
            .map(|g| g.select.tally_by_sector(board, Counting::Seats))
            .collect();
        let tallies: Vec<Tally> = per_group.iter().map(|v| v.iter().sum()).collect();
        if tallies.iter().any(|t| t.unknown > 0) {
            out.push(
                rule.undetermined(
                    &BALANCE_UNDETERMINED,
                    "the size of some groups depends on facts the file does not state",
                )
                .primary(&board.name.span, "groups cannot be counted")
                .help("put the tags that define the groups on sectors"),
            );
            return;
        }
        let counts: Vec<u64> = tallies.iter().map(|t| t.yes).collect();
        let total: u64 = counts.iter().sum();
        let Some((big, &largest)) = counts
            .iter()
            .enumerate()
            .max_by_key(|(i, c)| (**c, std::cmp::Reverse(*i)))
        else {
            return;
        };
        let (small, &smallest) = counts
            .iter()
            .enumerate()
            .min_by_key(|(i, c)| (**c, *i))
            .unwrap_or((big, &largest));
        let summary = self
            .groups
            .iter()
            .zip(&counts)
            .map(|(g, c)| format!("{} {c}", g.name))
            .collect::<Vec<_>>()
            .join(", ");
        let label_group = |mut f: Finding, g: usize, primary: bool| {
            for (i, s) in board.sectors.iter().enumerate() {
                let n = per_group[g][i].yes;
                if n == 0 {
                    continue;
                }
                let text = format!("{} of {}", seats_phrase(n, "seats"), self.groups[g].words());
                f = if primary {
                    f.primary(&s.seats.span, text)
                } else {
                    f.secondary(&s.seats.span, text)
                };
            }
            f
        };
        if let Some(limit) = &self.max_share {
            if total > 0 && limit.exceeded_by(largest, total) {
                let name = self.groups[big].words();
                let k = (1..=largest)
                    .find(|&k| k < total && !limit.exceeded_by(largest - k, total - k));
                let m = super::share::min_added_to_whole(limit, largest, total);
                let others = Selector::AnyOf(
                    (0..self.groups.len())
                        .filter(|&g| g != big)
                        .map(|g| self.groups[g].select.clone())
                        .collect(),
                );
                let mut f = rule
                    .breach(
                        &BALANCE_GROUP_DOMINATES,
                        format!(
                            "{name} holds {largest} of {total} grouped seats ({}); no group may hold {} ({summary})",
                            percent(largest, total),
                            if limit.strict { format!("{} or more", limit.ratio) } else { format!("more than {}", limit.ratio) }
                        ),
                    )
                    .help("change the groups' seats so that no group dominates; `boardcheck suggest` finds the smallest change that does");
                if let Some(k) = k {
                    f = f.remedy(
                        format!(
                            "remove {} from {name} ({} of {})",
                            seats_phrase(k, "seats"),
                            largest - k,
                            total - k
                        ),
                        super::remedy::remove(board, &self.groups[big].select, k),
                    );
                }
                if let Some(m) = m {
                    f = f.remedy(
                        format!(
                            "add {} to the other groups ({largest} of {})",
                            seats_phrase(m, "seats"),
                            total + m
                        ),
                        super::remedy::add(board, &others, Some(&self.groups[big].select), m),
                    );
                }
                out.push(label_group(f, big, true).secondary(&limit.span, "limit set here"));
            }
        }
        if let Some(d) = &self.max_difference {
            let gap = largest - smallest;
            if gap > u64::from(d.value) {
                let f = rule
                    .breach(
                        &BALANCE_GROUPS_UNEVEN,
                        format!(
                            "{} has {largest} seats and {} has {smallest}: a gap of {gap}, more than {} ({summary})",
                            self.groups[big].words(),
                            self.groups[small].words(),
                            d.value
                        ),
                    )
                    .help(format!(
                        "bring {} and {} within {} of each other",
                        self.groups[small].words(),
                        self.groups[big].words(),
                        seats_phrase(u64::from(d.value), "seats")
                    ))
                    .remedy(
                        format!("add {} to {}", seats_phrase(gap - u64::from(d.value), "seats"), self.groups[small].words()),
                        super::remedy::add(board, &self.groups[small].select, Some(&self.groups[big].select), gap - u64::from(d.value)),
                    )
                    .remedy(
                        format!("remove {} from {}", seats_phrase(gap - u64::from(d.value), "seats"), self.groups[big].words()),
                        super::remedy::remove(board, &self.groups[big].select, gap - u64::from(d.value)),
                    );
                out.push(label_group(f, big, true).secondary(&d.span, "largest gap set here"));
            }
        }
    }
}
