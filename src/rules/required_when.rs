//! The `required-when` rule kind: its declaration ([`KIND`]), parameters, check and codes.

use super::condition::Condition;
use super::kind::{declare_kind, Kind, KindRule};
use super::seats::SeatLevel;
use super::selector::{Counting, Selector, Tally, Truth};
use super::{label_contributors, seats_phrase, Rule};
use crate::diagnostic::{declare_code, Finding};
use crate::model::raw;
use crate::model::span::Spanned;
use crate::model::Board;
use crate::parse::{self, Ctx};
use serde::Deserialize;

declare_code! {
    /// ## What it checks
    /// When the rule's condition on the area holds (the area has special academies, the
    /// authority maintains nursery schools), the board has at least the required number of
    /// seats of the kind it selects.
    ///
    /// ## Why it matters
    /// The regulations give each kind of provision in the area its own voice; a missing
    /// seat leaves it unrepresented.
    ///
    /// ## Example
    /// ```toml
    /// [facts]
    /// has-special-academies = true
    /// ```
    /// with no sector tagged `special-academy`.
    ///
    /// ## How to fix
    /// Add a seat of the required kind, or correct the fact if the area has none.
    pub REQUIRED_SEATS_MISSING { family: "required-when", name: "required-seats-missing" }
}

declare_code! {
    /// ## What it checks
    /// Whether a `required-when` rule can be decided: it cannot when the board does not
    /// state the fact its condition reads.
    ///
    /// ## Why it matters
    /// A rule that may apply must not pass silently.
    ///
    /// ## Example
    /// A schools forum with no `has-special-academies` in `[facts]`.
    ///
    /// ## How to fix
    /// State the fact in the board's `[facts]`.
    pub REQUIRED_WHEN_UNDETERMINED { family: "required-when", name: "required-when-undetermined" }
}

declare_kind! {
    /// Seats of a kind are required when a stated fact about the board or its area holds.
    ///
    /// "If there are any special academies in the authority's area, at least one academies member must represent a special academy."
    ///
    /// ```toml
    /// [[rules]]
    /// id = "special-academy-member"
    /// kind = "required-when"
    /// when = { fact = "has-special-academies" }
    /// select = { tag = "special-academy" }
    /// subject = "special-academy members"
    /// at-least = 1                      # default 1
    /// ```
    pub KIND {
        name: "required-when",
        since: "0.1.0",
        params: Raw,
        codes: [REQUIRED_SEATS_MISSING, REQUIRED_WHEN_UNDETERMINED],
    }
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Raw {
    /// The condition on the board's facts that makes the seats required.
    #[schemars(with = "raw::Condition")]
    when: toml::Spanned<raw::Condition>,
    /// The seats required, e.g. `{ tag = "special-academies" }`.
    #[schemars(with = "raw::Selector")]
    select: toml::Spanned<raw::Selector>,
    /// What the required seats are called in messages.
    subject: Option<String>,
    /// How many are required (default 1).
    #[schemars(with = "Option<i64>")]
    at_least: Option<toml::Spanned<i64>>,
}

/// A `required-when` rule's parameters.
#[derive(Debug)]
pub struct RequiredWhen {
    /// The condition on the board's facts.
    pub when: Condition,
    /// The seats that are required.
    pub select: Selector,
    /// How they are named in messages.
    pub subject: String,
    /// How many are required (default 1).
    pub min: Spanned<u32>,
}

impl KindRule for RequiredWhen {
    const KIND: &'static Kind = &KIND;

    fn build(
        ctx: &mut Ctx<'_>,
        table: toml::Spanned<toml::de::DeValue<'_>>,
        context: &str,
    ) -> Option<Self> {
        let span = table.span();
        let raw: Raw = super::params(ctx, table, context)?;
        let when = Condition::build(ctx, raw.when)?;
        let select = Selector::build(ctx, raw.select)?;
        let min = match super::whole(ctx, raw.at_least, "at-least").ok()? {
            Some(m) => m,
            None => Spanned {
                value: 1,
                span: ctx.span(span),
            },
        };
        if min.value == 0 {
            ctx.error(
                &parse::INVALID_VALUE,
                min.span.range.clone(),
                format!("requiring 0 seats requires nothing {context}"),
                "at-least = 0",
                Some("require at least 1 seat, or remove the rule".into()),
            );
            return None;
        }
        Some(Self {
            subject: raw.subject.unwrap_or_else(|| select.describe_seats()),
            when,
            select,
            min,
        })
    }

    /// The rule's parameters in plain words, for `packs show`.
    fn describe(&self) -> String {
        format!(
            "when {}: at least {} {}",
            self.when.describe(),
            self.min.value,
            self.subject
        )
    }

    fn selectors(&self) -> Vec<&Selector> {
        vec![&self.select]
    }

    fn facts_used(&self) -> Vec<&str> {
        self.when.facts()
    }

    /// The seat view: when the fact holds, at least the minimum of matching seats.
    fn seat_level(&self, board: &Board) -> SeatLevel {
        if self.when.eval(board) != Truth::Yes {
            return SeatLevel::Fixed;
        }
        let need = u64::from(self.min.value);
        SeatLevel::test(vec![self.select.clone()], move |v| v[0] >= need)
    }

    fn check(&self, rule: &Rule, board: &Board, _as_of: super::AsOf, out: &mut Vec<Finding>) {
        match self.when.eval(board) {
            Truth::No => {}
            Truth::Unknown => {
                let f = rule.undetermined(
                    &REQUIRED_WHEN_UNDETERMINED,
                    format!(
                        "whether {} are required depends on whether {}, which the board does not state",
                        self.subject,
                        self.when.describe_on(board)
                    ),
                );
                out.push(self.when.label_unstated(f, board));
            }
            Truth::Yes => {
                let per_sector = self.select.tally_by_sector(board, Counting::Seats);
                let t: Tally = per_sector.iter().sum();
                let need = u64::from(self.min.value);
                if t.high() >= need {
                    return;
                }
                let mut f = rule.breach(
                    &REQUIRED_SEATS_MISSING,
                    format!(
                        "{}, so at least {} {} required; there {} {}",
                        self.when.describe_on(board),
                        seats_phrase(need, &self.subject),
                        if need == 1 { "is" } else { "are" },
                        if t.low() == 1 { "is" } else { "are" },
                        t.low()
                    ),
                );
                f = label_contributors(f, board, &per_sector, "seats", &self.subject);
                if let Some(fact) = board.facts.get(&self.when.fact.value) {
                    f = f.secondary(&fact.span, "this fact makes the seats required");
                }
                out.push(
                    f
                        .secondary(&self.when.span, "condition set here")
                        .help(format!(
                            "give the board {}, or correct the fact if it no longer holds",
                            self.subject
                        ))
                        .remedy(
                            format!(
                                "add {} to the board, or correct the fact if it no longer holds",
                                seats_phrase(need - t.low(), &self.subject)
                            ),
                            super::remedy::add(board, &self.select, None, need - t.low()),
                        ),
                );
            }
        }
    }
}
