//! The `each` rule kind: its declaration ([`KIND`]), parameters, check and codes.

use super::kind::{declare_kind, Kind, KindRule};
use super::selector::{Selector, Truth};
use super::{range_phrase, seats_phrase, whole, Rule};
use crate::diagnostic::{declare_code, Finding};
use crate::model::raw::{self, FactValue};
use crate::model::span::Spanned;
use crate::model::Board;
use crate::parse::{self, Ctx};
use serde::Deserialize;

declare_code! {
    /// ## What it checks
    /// Each body on a list (each school of a federation, each relevant body on a statutory
    /// board) has the seats the rule asks for: at least (and at most) N seats matching the
    /// rule's selector whose sector `represents` it.
    ///
    /// ## Why it matters
    /// "The head teacher of each federated school", "one parent governor in respect of each
    /// school": a count of seats cannot tell whether every body has its own.
    ///
    /// ## Example
    /// ```toml
    /// [facts]
    /// schools = ["Oakfield", "Elm"]
    ///
    /// [sectors.head]
    /// seats = 1
    /// tags = ["head-teacher"]
    /// represents = ["Oakfield"]     # Elm has no head teacher seat
    /// ```
    ///
    /// ## How to fix
    /// Give the body its seat, or, where one person serves several bodies (an executive
    /// head of every school), list them all in that sector's `represents`.
    pub EACH_BODY_SEATS { family: "each", name: "each-body-seats" }
}

declare_code! {
    /// ## What it checks
    /// Whether an `each` rule can be decided: it cannot when the board does not state the
    /// list of bodies the rule reads.
    ///
    /// ## Why it matters
    /// A rule that cannot be decided must not pass silently.
    ///
    /// ## Example
    /// A federation board with no `schools` fact.
    ///
    /// ## How to fix
    /// State the list under `[facts]`, e.g. `schools = ["Oakfield", "Elm"]`.
    pub EACH_UNDETERMINED { family: "each", name: "each-undetermined" }
}

declare_kind! {
    /// Each body on a list has its own seats: at least (and at most) N of the selected seats
    /// whose sector `represents` it.
    ///
    /// ```toml
    /// [[rules]]
    /// id = "head-of-each-school"
    /// kind = "each"
    /// list = "schools"                  # a list fact: schools = ["Oakfield", "Elm"]
    /// select = { tag = "head-teacher" }
    /// subject = "head teacher seats"
    /// bodies = "federated schools"      # how findings name the bodies
    /// exactly = 1                       # or at-least / at-most (default: at least 1)
    /// ```
    ///
    /// A sector's seats count for every body in its `represents`: one executive head of
    /// two schools is one seat representing both.
    pub KIND {
        name: "each",
        since: "0.1.0",
        params: Raw,
        codes: [EACH_BODY_SEATS, EACH_UNDETERMINED],
    }
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Raw {
    /// The `list` fact naming the bodies, e.g. "schools".
    #[schemars(with = "String")]
    list: toml::Spanned<String>,
    /// The seats counted for each body (default: every seat).
    #[schemars(with = "Option<raw::Selector>")]
    select: Option<toml::Spanned<raw::Selector>>,
    /// What the counted seats are called in messages, e.g. "head teacher seats".
    subject: Option<String>,
    /// What the bodies are called in messages, in the plural, e.g. "federated schools"
    /// (default: the list fact's name).
    bodies: Option<String>,
    /// The fewest seats each body needs (default 1).
    #[schemars(with = "Option<i64>")]
    at_least: Option<toml::Spanned<i64>>,
    /// The most seats each body may have.
    #[schemars(with = "Option<i64>")]
    at_most: Option<toml::Spanned<i64>>,
    /// The exact number of seats each body has.
    #[schemars(with = "Option<i64>")]
    exactly: Option<toml::Spanned<i64>>,
}

/// An `each` rule's parameters.
#[derive(Debug)]
pub struct Each {
    /// The fact listing the bodies.
    pub list: Spanned<String>,
    /// The seats counted.
    pub select: Selector,
    /// How the counted seats are named in messages.
    pub subject: String,
    /// How the bodies are named in messages, in the plural.
    pub bodies: String,
    /// The fewest per body.
    pub min: u32,
    /// The most per body.
    pub max: Option<u32>,
}

impl Each {
    /// With the bodies given only as how many there are (`schools = 3`), each cannot be
    /// told apart: the selected seats in all are checked against that many times the seats
    /// each needs.
    fn check_total(&self, rule: &Rule, board: &Board, bodies: u64, out: &mut Vec<Finding>) {
        let per: Vec<super::selector::Tally> = self
            .select
            .tally_by_sector(board, super::selector::Counting::Seats);
        let total: u64 = per.iter().map(|t| t.low()).sum();
        let least = bodies * u64::from(self.min);
        let most = self.max.map(|m| bodies * u64::from(m));
        if total >= least && most.is_none_or(|m| total <= m) {
            return;
        }
        let mut f = rule.breach(
            &EACH_BODY_SEATS,
            format!(
                "{} for {bodies} {}; each needs {}, so {} in all",
                seats_phrase(total, &self.subject),
                self.bodies,
                range_phrase(Some(self.min), self.max),
                range_phrase(Some(least), most)
            ),
        );
        let mut first = true;
        for (sector, t) in board.sectors.iter().zip(&per) {
            if t.high() == 0 {
                continue;
            }
            let text = format!("{} in {}", seats_phrase(t.high(), "seats"), sector.called());
            f = if first {
                f.primary(&sector.seats.span, text)
            } else {
                f.secondary(&sector.seats.span, text)
            };
            first = false;
        }
        if first {
            f = f.primary(&board.name.span, format!("this board has no {}", self.subject));
        }
        if let Some(v) = board.facts.get(&self.list.value) {
            f = f.secondary(&v.span, format!("{bodies} of them"));
        }
        let (verb, k) = if total < least {
            ("add", least - total)
        } else {
            ("remove", total - most.unwrap_or(total))
        };
        let changes = if total < least {
            super::remedy::add(board, &self.select, None, k)
        } else {
            super::remedy::remove(board, &self.select, k)
        };
        out.push(
            f.help(format!(
                "bring the number of {} to {} (or name the bodies, `{} = [\"...\", ...]`, and say which seats represent each)",
                self.subject,
                range_phrase(Some(least), most),
                self.list.value
            ))
            .remedy(
                format!(
                    "{verb} {} (or name the bodies, `{} = [\"...\", ...]`, and say which seats represent each)",
                    seats_phrase(k, &self.subject),
                    self.list.value
                ),
                changes,
            ),
        );
    }
}

impl KindRule for Each {
    const KIND: &'static Kind = &KIND;

    fn build(
        ctx: &mut Ctx<'_>,
        table: toml::Spanned<toml::de::DeValue<'_>>,
        context: &str,
    ) -> Option<Self> {
        let raw: Raw = super::params(ctx, table, context)?;
        let select = Selector::build_or_all(ctx, raw.select)?;
        let exactly = whole(ctx, raw.exactly, "exactly").ok()?;
        let at_least = whole(ctx, raw.at_least, "at-least").ok()?;
        let at_most = whole(ctx, raw.at_most, "at-most").ok()?;
        let (min, max) = match exactly {
            Some(x) => (x.value, Some(x.value)),
            None => (
                at_least.map_or(1, |a| a.value),
                at_most.map(|a| a.value),
            ),
        };
        if max.is_some_and(|m| m < min) {
            ctx.error(
                &parse::INVALID_VALUE,
                raw.list.span(),
                format!("the fewest seats per body ({min}) is above the most {context}"),
                "no board could pass",
                Some("correct `at-least` or `at-most`".into()),
            );
            return None;
        }
        Some(Self {
            subject: raw.subject.unwrap_or_else(|| select.describe_seats()),
            bodies: raw.bodies.unwrap_or_else(|| raw.list.get_ref().clone()),
            list: Spanned::from_toml(ctx.file, raw.list),
            select,
            min,
            max,
        })
    }

    fn describe(&self) -> String {
        format!(
            "{} for each of the {}: {}",
            self.subject,
            self.bodies,
            range_phrase(Some(self.min), self.max)
        )
    }

    fn selectors(&self) -> Vec<&Selector> {
        vec![&self.select]
    }

    fn facts_used(&self) -> Vec<&str> {
        vec![self.list.value.as_str()]
    }

    /// The seat view: with the bodies given as a number, the selected seats in all against
    /// that many times the seats each needs. With names, which seats serve which body is
    /// not a matter of seat counts alone, so the explorer leaves the rule as it stands.
    fn seat_level(&self, board: &Board) -> super::seats::SeatLevel {
        let Some(FactValue::Number(n)) = board.facts.get(&self.list.value).map(|f| &f.value)
        else {
            return super::seats::SeatLevel::Fixed;
        };
        let bodies = u64::try_from(*n).unwrap_or(0);
        let least = bodies * u64::from(self.min);
        let most = self.max.map(|m| bodies * u64::from(m));
        super::seats::SeatLevel::test(vec![self.select.clone()], move |v| {
            v[0] >= least && most.is_none_or(|m| v[0] <= m)
        })
        .cap(0, most)
    }

    fn check(&self, rule: &Rule, board: &Board, _as_of: super::AsOf, out: &mut Vec<Finding>) {
        let fact = board.facts.get(&self.list.value);
        if let Some(FactValue::Number(n)) = fact.map(|f| &f.value) {
            self.check_total(rule, board, u64::try_from(*n).unwrap_or(0), out);
            return;
        }
        let Some(FactValue::List(bodies)) = fact.map(|f| &f.value) else {
            out.push(
                rule.undetermined(
                    &EACH_UNDETERMINED,
                    format!(
                        "{} for each of the {} cannot be checked: the board does not list them",
                        self.subject, self.bodies
                    ),
                )
                .primary(&board.name.span, format!("no `{}` in this board's `[facts]`", self.list.value))
                .secondary(&self.list.span, "the list is read from this fact")
                .help(format!("add `{} = [\"...\", \"...\"]` under `[facts]`", self.list.value)),
            );
            return;
        };
        for body in bodies {
            let mut n = 0u64;
            let mut from = Vec::new();
            for (i, sector) in board.sectors.iter().enumerate() {
                if !sector.represents.iter().any(|r| r.value == *body) {
                    continue;
                }
                if self.select.eval(board, i, None) == Truth::Yes {
                    n += u64::from(sector.seats.value);
                    from.push(i);
                }
            }
            let short = n < u64::from(self.min);
            let over = self.max.is_some_and(|m| n > u64::from(m));
            if !short && !over {
                continue;
            }
            let mut f = rule.breach(
                &EACH_BODY_SEATS,
                format!(
                    "{body} has {}; each of the {} needs {}",
                    seats_phrase(n, &self.subject),
                    self.bodies,
                    range_phrase(Some(self.min), self.max)
                ),
            );
            for (k, &i) in from.iter().enumerate() {
                let s = &board.sectors[i];
                let text = format!("{} for {body}", seats_phrase(u64::from(s.seats.value), "seats"));
                f = if k == 0 {
                    f.primary(&s.seats.span, text)
                } else {
                    f.secondary(&s.seats.span, text)
                };
            }
            if from.is_empty() {
                let fact = board.facts.get(&self.list.value).map(|v| v.span.clone());
                f = match fact {
                    Some(span) => f.primary(&span, format!("{body} is on the list")),
                    None => f.primary(&board.name.span, format!("no seat represents {body}")),
                };
            }
            out.push(f.help(if short {
                format!("give {body} its seat (a sector with `represents = [\"{body}\"]`), or add {body} to the `represents` of the sector whose member serves it")
            } else {
                format!("remove {} represented {body}", seats_phrase(n - u64::from(self.max.unwrap_or(0)), &self.subject))
            }));
        }
    }
}
