//! The `one-seat-each` rule kind: its declaration ([`KIND`]), parameters, check and codes.

use super::kind::{declare_kind, Kind, KindRule};
use super::selector::{join_words, Selector, Truth};
use super::Rule;
use crate::diagnostic::{declare_code, Finding};
use crate::model::raw;
use crate::model::span::Spanned;
use crate::model::Board;
use crate::parse::Ctx;
use serde::Deserialize;

declare_code! {
    /// ## What it checks
    /// No person holds more seats than the rule allows: "no person may at any time hold
    /// the office of more than one governor of the same school".
    ///
    /// ## Why it matters
    /// One person in two seats has one vote but fills two places: the board is smaller
    /// than it looks, and each category's count is wrong.
    ///
    /// ## Example
    /// ```toml
    /// [[members]]
    /// name = "Ann Smith"
    /// sector = "parents"
    ///
    /// [[members]]
    /// name = "Ann Smith"
    /// sector = "co-opted"
    /// ```
    ///
    /// ## How to fix
    /// Keep the person in the seat they were appointed or elected to last, and record the
    /// other seat as vacant.
    pub PERSON_IN_SEVERAL_SEATS { family: "one-seat-each", name: "person-in-several-seats" }
}

declare_kind! {
    /// No person holds more than one seat (or more than `at-most` seats) of those selected.
    ///
    /// ```toml
    /// [[rules]]
    /// id = "one-governorship"
    /// kind = "one-seat-each"
    /// citation = "SI 2012/1034 Sch 4: 'no person may at any time hold the office of more than one governor of the same school'"
    /// ```
    ///
    /// People are matched by name as the file writes it. Without such a rule, one person
    /// may appear in several seats (a forum's membership page often lists them so).
    pub KIND {
        name: "one-seat-each",
        since: "0.1.0",
        params: Raw,
        codes: [PERSON_IN_SEVERAL_SEATS],
    }
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Raw {
    /// The seats the rule covers (default: every seat).
    #[schemars(with = "Option<raw::Selector>")]
    select: Option<toml::Spanned<raw::Selector>>,
    /// The most seats one person may hold among them (default 1).
    #[schemars(with = "Option<i64>")]
    at_most: Option<toml::Spanned<i64>>,
}

/// A `one-seat-each` rule's parameters.
#[derive(Debug)]
pub struct OneSeatEach {
    /// The seats covered.
    pub select: Selector,
    /// The most seats one person may hold among them.
    pub at_most: Option<Spanned<u32>>,
}

impl KindRule for OneSeatEach {
    const KIND: &'static Kind = &KIND;

    fn build(
        ctx: &mut Ctx<'_>,
        table: toml::Spanned<toml::de::DeValue<'_>>,
        context: &str,
    ) -> Option<Self> {
        let raw: Raw = super::params(ctx, table, context)?;
        let select = Selector::build_or_all(ctx, raw.select)?;
        let at_most = super::whole(ctx, raw.at_most, "at-most").ok()?;
        Some(Self { select, at_most })
    }

    fn describe(&self) -> String {
        let n = self.limit();
        let most = if n == 1 {
            "one seat".to_string()
        } else {
            format!("{} seats", words(n))
        };
        match &self.select {
            Selector::All => format!("no person holds more than {most}"),
            s => format!("no person holds more than {most} among {}", s.describe_seats()),
        }
    }

    fn selectors(&self) -> Vec<&Selector> {
        vec![&self.select]
    }

    fn check(&self, rule: &Rule, board: &Board, _as_of: super::AsOf, out: &mut Vec<Finding>) {
        let limit = self.limit() as usize;
        let mut by_name: indexmap::IndexMap<&str, Vec<&crate::model::Member>> =
            indexmap::IndexMap::new();
        for m in &board.members {
            if self.select.eval(board, m.sector_index, Some(m)) == Truth::Yes {
                by_name.entry(m.name.value.as_str()).or_default().push(m);
            }
        }
        for (name, seats) in by_name {
            if seats.len() <= limit {
                continue;
            }
            let sectors: Vec<String> = seats
                .iter()
                .map(|m| board.sectors[m.sector_index].name.clone())
                .collect();
            let mut f = rule.breach(
                &PERSON_IN_SEVERAL_SEATS,
                format!(
                    "{name} holds {} seats ({}); one person may hold {}",
                    seats.len(),
                    join_words(sectors, "and"),
                    if limit == 1 { "one".to_string() } else { format!("at most {limit}") }
                ),
            );
            for (k, m) in seats.iter().enumerate() {
                let text = format!("{name} in {}", board.sectors[m.sector_index].name);
                f = if k == 0 {
                    f.primary(&m.name.span, text)
                } else {
                    f.secondary(&m.name.span, text)
                };
            }
            out.push(f.help(format!(
                "keep {name} in the seat they hold by the latest appointment or election, and record the other as vacant"
            )));
        }
    }
}

impl OneSeatEach {
    fn limit(&self) -> u32 {
        self.at_most.as_ref().map_or(1, |a| a.value.max(1))
    }
}

/// "one", "two", ... for small numbers.
fn words(n: u32) -> String {
    match n {
        1 => "one".into(),
        2 => "two".into(),
        3 => "three".into(),
        n => n.to_string(),
    }
}
