//! The `proportional` rule kind: its declaration ([`KIND`]), parameters, check and codes.

use super::kind::{declare_kind, Kind, KindRule};
use super::seats::SeatLevel;
use super::selector::{Counting, Selector, Tally};
use super::{seats_phrase, Rule};
use crate::diagnostic::{declare_code, Finding};
use crate::model::ratio::percent;
use crate::model::raw::{self, FactValue};
use crate::model::span::Spanned;
use crate::model::Board;
use crate::parse::{self, Ctx};
use serde::Deserialize;

declare_code! {
    /// ## What it checks
    /// Each group's seats are within `tolerance` of its proportionate share of the seats
    /// the groups hold together, shared out by pupil numbers (or other weights) by the
    /// largest-remainder method.
    ///
    /// ## Why it matters
    /// "Broadly proportionate" representation is what makes a schools forum's decisions
    /// on funding legitimate for each phase.
    ///
    /// ## Example
    /// 13 mainstream seats, pupils 31,663 / 5,635 / 31,972: the proportionate allocation is
    /// 6 / 1 / 6. A forum with 4 / 3 / 6 is out of line.
    ///
    /// ## How to fix
    /// Move seats between the groups towards the allocation the help line gives.
    pub PROPORTIONAL_OUT_OF_LINE { family: "proportional", name: "proportional-out-of-line" }
}

declare_code! {
    /// ## What it checks
    /// Whether a `proportional` rule can be decided: it needs the weights fact (pupil
    /// numbers for every group) and groups whose seats can be counted.
    ///
    /// ## Why it matters
    /// A rule that cannot be decided must not pass silently.
    ///
    /// ## Example
    /// A schools forum with no `pupils` in `[facts]`.
    ///
    /// ## How to fix
    /// Add the weights to `[facts]`, one number per group.
    pub PROPORTIONAL_UNDETERMINED { family: "proportional", name: "proportional-undetermined" }
}

declare_kind! {
    /// The seats of several groups of sectors are broadly proportionate to weights such as pupil numbers.
    ///
    /// The seats the groups hold together are shared out by the largest-remainder method, and each group must be within `tolerance` seats of its share.
    ///
    /// ```toml
    /// [[rules]]
    /// id = "phase-proportionality"
    /// kind = "proportional"
    /// groups = { maintained-primary = { tag = "maintained-primary" }, academies = { tag = "academies-member" } }
    /// weights = "pupils"        # a `numbers` fact: pupils = { maintained-primary = 31663, academies = 31972 }
    /// tolerance = 1             # seats either way (default 1: "broadly")
    /// ```
    pub KIND {
        name: "proportional",
        since: "0.1.0",
        params: Raw,
        codes: [PROPORTIONAL_OUT_OF_LINE, PROPORTIONAL_UNDETERMINED],
    }
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Raw {
    /// Named groups of seats, each a selector, to be in proportion to the weights.
    #[schemars(with = "indexmap::IndexMap<String, raw::Selector>")]
    groups: toml::Spanned<indexmap::IndexMap<String, toml::Spanned<raw::Selector>>>,
    /// The name of a `numbers` fact giving each group's weight, e.g. pupils by phase.
    #[schemars(with = "String")]
    weights: toml::Spanned<String>,
    /// How many seats a group may differ from its largest-remainder allocation (default 0).
    #[schemars(with = "Option<i64>")]
    tolerance: Option<toml::Spanned<i64>>,
}

/// A `proportional` rule's parameters.
#[derive(Debug)]
pub struct Proportional {
    /// The groups, by name, in the order written.
    pub groups: Vec<(String, Selector)>,
    /// The `numbers` fact holding each group's weight.
    pub weights: Spanned<String>,
    /// How many seats a group may be away from its share.
    pub tolerance: Spanned<u32>,
}

/// Shares `seats` among `weights` by the largest-remainder (Hamilton) method. Ties in the
/// remainder go to the larger weight, then to the group written first.
#[must_use]
pub fn largest_remainder(seats: u64, weights: &[u64]) -> Vec<u64> {
    let mut alloc = vec![0; weights.len()];
    largest_remainder_into(seats, weights, &mut alloc);
    alloc
}

/// [`largest_remainder`] into `alloc` (one place per weight), without allocating for up to
/// eight groups: the options explorer runs it for every state it tries.
fn largest_remainder_into(seats: u64, weights: &[u64], alloc: &mut [u64]) {
    let total: u128 = weights.iter().map(|&w| u128::from(w)).sum();
    if total == 0 {
        alloc.fill(0);
        return;
    }
    let s = u128::from(seats);
    // Each group's remainder is (s*w_i mod total) / total: compare the numerators, then
    // the weights, then the order given.
    let mut buf = [(0u128, 0u64, 0usize); 8];
    let mut heap = Vec::new();
    let order: &mut [(u128, u64, usize)] = if weights.len() <= buf.len() {
        &mut buf[..weights.len()]
    } else {
        heap.resize(weights.len(), (0, 0, 0));
        &mut heap
    };
    for (i, (&w, a)) in weights.iter().zip(alloc.iter_mut()).enumerate() {
        let share = s * u128::from(w);
        *a = u64::try_from(share / total).unwrap_or(0);
        order[i] = (share % total, w, i);
    }
    order.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    let given: u64 = alloc.iter().sum();
    for &(_, _, i) in order
        .iter()
        .take(usize::try_from(seats - given).unwrap_or(0))
    {
        alloc[i] += 1;
    }
}

impl Proportional {
    /// A group in the pack's words: its selector's `label`, or its name.
    fn group_words(&self, i: usize) -> String {
        match &self.groups[i].1 {
            Selector::Labelled(label, _) => label.clone(),
            _ => self.groups[i].0.clone(),
        }
    }
}

impl KindRule for Proportional {
    const KIND: &'static Kind = &KIND;

    fn build(
        ctx: &mut Ctx<'_>,
        table: toml::Spanned<toml::de::DeValue<'_>>,
        context: &str,
    ) -> Option<Self> {
        let raw: Raw = super::params(ctx, table, context)?;
        let groups_span = raw.groups.span();
        let mut groups = Vec::new();
        for (name, sel) in raw.groups.into_inner() {
            groups.push((name, Selector::build(ctx, sel)?));
        }
        if groups.len() < 2 {
            ctx.error(
                &parse::INVALID_VALUE,
                groups_span,
                format!("a proportional rule needs at least two groups {context}"),
                "fewer than two groups",
                Some("name each group with its selector: `groups = { primary = { tag = \"maintained-primary\" }, ... }`".into()),
            );
            return None;
        }
        let tolerance = super::whole(ctx, raw.tolerance, "tolerance")
            .ok()?
            .unwrap_or(Spanned {
                value: 1,
                span: ctx.span(groups_span),
            });
        Some(Self {
            groups,
            weights: Spanned::from_toml(ctx.file, raw.weights),
            tolerance,
        })
    }

    /// The rule's parameters in plain words, for `packs show`.
    fn describe(&self) -> String {
        let names: Vec<String> = (0..self.groups.len()).map(|i| self.group_words(i)).collect();
        format!(
            "seats of {} broadly proportionate to {} (largest remainder, within {} seat{})",
            super::selector::join_words(names, "and"),
            self.weights.value,
            self.tolerance.value,
            if self.tolerance.value == 1 { "" } else { "s" }
        )
    }

    fn selectors(&self) -> Vec<&Selector> {
        self.groups.iter().map(|(_, s)| s).collect()
    }

    fn facts_used(&self) -> Vec<&str> {
        vec![self.weights.value.as_str()]
    }

    /// The seat view: each group within `tolerance` seats of its largest-remainder share.
    /// Without a whole number for every group, the rule is undetermined whatever the seats.
    fn seat_level(&self, board: &Board) -> SeatLevel {
        let Some(FactValue::Numbers(table)) =
            board.facts.get(&self.weights.value).map(|f| &f.value)
        else {
            return SeatLevel::Fixed;
        };
        let Some(weights) = self
            .groups
            .iter()
            .map(|(n, _)| table.get(n).and_then(|w| u64::try_from(*w).ok()))
            .collect::<Option<Vec<u64>>>()
        else {
            return SeatLevel::Fixed;
        };
        let tol = u64::from(self.tolerance.value);
        SeatLevel::test(
            self.groups.iter().map(|(_, s)| s.clone()).collect(),
            move |seats| {
                if weights.iter().all(|&w| w == 0) {
                    return true;
                }
                let (mut buf, mut heap) = ([0u64; 8], Vec::new());
                let alloc = super::seats::scratch(&mut buf, &mut heap, weights.len());
                largest_remainder_into(seats.iter().sum(), &weights, alloc);
                seats.iter().zip(alloc.iter()).all(|(s, a)| s.abs_diff(*a) <= tol)
            },
        )
    }

    #[allow(clippy::too_many_lines)] // each finding's message, labels and help in one place, in the order a reader meets them
    fn check(&self, rule: &Rule, board: &Board, _as_of: super::AsOf, out: &mut Vec<Finding>) {
        let fact = &self.weights.value;
        let Some(FactValue::Numbers(table)) = board.facts.get(fact).map(|f| &f.value) else {
            out.push(
                    rule.undetermined(
                        &PROPORTIONAL_UNDETERMINED,
                        format!("proportionality cannot be checked: the board does not give the number of {fact} for each group"),
                    )
                    .primary(&board.name.span, format!("no `{fact}` in this board's `[facts]`"))
                    .secondary(&self.weights.span, "weights read from this fact")
                    .help(format!(
                        "add `{fact} = {{ {} }}` under `[facts]`",
                        self.groups.iter().map(|(n, _)| format!("{n} = ...")).collect::<Vec<_>>().join(", ")
                    )),
                );
            return;
        };
        let missing: Vec<&str> = self
            .groups
            .iter()
            .filter(|(n, _)| table.get(n).is_none_or(|w| *w < 0))
            .map(|(n, _)| n.as_str())
            .collect();
        let per_group: Vec<Vec<Tally>> = self
            .groups
            .iter()
            .map(|(_, s)| s.tally_by_sector(board, Counting::Seats))
            .collect();
        let counts: Vec<Tally> = per_group.iter().map(|v| v.iter().sum()).collect();
        if !missing.is_empty() || counts.iter().any(|t| t.unknown > 0) {
            let why = if missing.is_empty() {
                "some groups depend on facts the file does not state".to_string()
            } else {
                format!(
                    "the board gives no number of {fact} for {}",
                    super::selector::join_words(missing.iter().map(|m| (*m).to_string()), "or")
                )
            };
            let span = board.facts.get(fact).map_or(&board.name.span, |f| &f.span);
            out.push(
                rule.undetermined(
                    &PROPORTIONAL_UNDETERMINED,
                    format!("proportionality cannot be checked: {why}"),
                )
                .primary(span, "weights")
                .help(format!("give `{fact}` a whole number for every group")),
            );
            return;
        }
        let weights: Vec<u64> = self
            .groups
            .iter()
            .map(|(n, _)| {
                table
                    .get(n)
                    .and_then(|w| u64::try_from(*w).ok())
                    .unwrap_or(0)
            })
            .collect();
        // Pupil numbers may be anything a file says: their sum is taken in 128 bits.
        let total_weight: u128 = weights.iter().map(|&w| u128::from(w)).sum();
        let seats: Vec<u64> = counts.iter().map(|t| t.yes).collect();
        let total: u64 = seats.iter().sum();
        if total_weight == 0 {
            return;
        }
        let alloc = largest_remainder(total, &weights);
        let tol = u64::from(self.tolerance.value);
        let off: Vec<usize> = (0..self.groups.len())
            .filter(|&i| seats[i].abs_diff(alloc[i]) > tol)
            .collect();
        if off.is_empty() {
            return;
        }
        let describe = |i: usize| {
            format!(
                "{}: {} for {} {fact} ({}), where {} is proportionate",
                self.group_words(i),
                seats_phrase(seats[i], "seats"),
                weights[i],
                percent(weights[i], total_weight),
                alloc[i]
            )
        };
        let mut f = rule.breach(
            &PROPORTIONAL_OUT_OF_LINE,
            format!(
                "seats are not broadly proportionate to {fact} (within {}): {}",
                seats_phrase(tol, "seats"),
                off.iter()
                    .map(|&i| describe(i))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        );
        for (k, &i) in off.iter().enumerate() {
            for (sector, t) in board.sectors.iter().zip(&per_group[i]) {
                if t.yes == 0 {
                    continue;
                }
                let text = format!(
                    "{} of {}",
                    seats_phrase(t.yes, "seats"),
                    self.group_words(i)
                );
                f = if k == 0 && f.labels.is_empty() {
                    f.primary(&sector.seats.span, text)
                } else {
                    f.secondary(&sector.seats.span, text)
                };
            }
        }
        if f.labels.is_empty() {
            f = f.primary(&board.name.span, "groups out of proportion");
        }
        if let Some(w) = board.facts.get(fact) {
            f = f.secondary(&w.span, "weights");
        }
        let changes = super::remedy::combine((0..self.groups.len()).map(|i| {
            match alloc[i].cmp(&seats[i]) {
                std::cmp::Ordering::Greater => {
                    let others = Selector::AnyOf(
                        (0..self.groups.len())
                            .filter(|&j| j != i)
                            .map(|j| self.groups[j].1.clone())
                            .collect(),
                    );
                    super::remedy::add(board, &self.groups[i].1, Some(&others), alloc[i] - seats[i])
                }
                std::cmp::Ordering::Less => {
                    super::remedy::remove(board, &self.groups[i].1, seats[i] - alloc[i])
                }
                std::cmp::Ordering::Equal => Some(Vec::new()),
            }
        }));
        let text = format!(
            "share the {total} seats as the largest-remainder method does: {}",
            self.groups
                .iter()
                .zip(&alloc)
                .enumerate()
                .map(|(i, (_, a))| format!("{} {a}", self.group_words(i)))
                .collect::<Vec<_>>()
                .join(", ")
        );
        out.push(
            f.secondary(&self.tolerance.span, "tolerance set here")
                .remedy(text, changes)
                .help(format!(
                    "share the seats among the groups in proportion to {fact}, as the largest-remainder method does"
                )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::largest_remainder;

    #[test]
    fn sheffield_2016_allocation() {
        // Sheffield schools forum 2016: 13 seats, pupils 31,663 / 5,635 / 31,972 → 6 / 1 / 6.
        assert_eq!(
            largest_remainder(13, &[31_663, 5_635, 31_972]),
            vec![6, 1, 6]
        );
    }

    #[test]
    fn allocation_always_sums_to_the_seats() {
        for seats in 0..40 {
            let a = largest_remainder(seats, &[7, 3, 11, 0, 5]);
            assert_eq!(a.iter().sum::<u64>(), seats);
        }
        assert_eq!(largest_remainder(5, &[0, 0]), vec![0, 0]);
    }
}
