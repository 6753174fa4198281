//! The `seats-across` rule kind (across boards): its declaration ([`KIND`]), parameters,
//! check and codes.

use super::kind::{declare_kind, Kind, KindRule};
use super::selector::join_words;
use super::Rule;
use crate::diagnostic::{declare_code, Finding};
use crate::estate::{person_key, EstateView};
use crate::model::Board;
use crate::parse::Ctx;
use serde::Deserialize;

declare_code! {
    /// ## What it checks
    /// A `seats-across` rule: no person holds more than `at-most` seats on the boards of the
    /// estate (or on the boards the rule names).
    ///
    /// ## Why it matters
    /// One person on many boards has too little time for each, and the boards are less
    /// independent of each other than their lists suggest.
    ///
    /// ## Example
    /// A governor on four of the estate's boards, against `at-most = 3`.
    ///
    /// ## How to fix
    /// Ask the person to step down from the boards where they are least needed.
    pub PERSON_TOO_MANY_BOARDS { family: "seats-across", name: "person-too-many-boards", since: "0.2.0" }
}

declare_kind! {
    /// Across boards: no person holds more than `at-most` seats on the estate's boards (or
    /// on the `boards` listed, by role). People are matched by name.
    ///
    /// ```toml
    /// [[rules]]
    /// id = "three-boards-at-most"
    /// kind = "seats-across"
    /// at-most = 3
    /// ```
    pub KIND {
        name: "seats-across",
        since: "0.2.0",
        params: Raw,
        codes: [PERSON_TOO_MANY_BOARDS],
    }
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Raw {
    /// The most seats one person may hold.
    at_most: u32,
    /// The boards counted, by role (default: every board of the estate).
    #[serde(default)]
    boards: Vec<String>,
}

/// A `seats-across` rule's parameters.
#[derive(Debug)]
pub struct SeatsAcross {
    /// The most seats one person may hold.
    pub at_most: u32,
    /// The boards counted (empty: all).
    pub boards: Vec<String>,
}

impl KindRule for SeatsAcross {
    const KIND: &'static Kind = &KIND;

    fn build(
        ctx: &mut Ctx<'_>,
        table: toml::Spanned<toml::de::DeValue<'_>>,
        context: &str,
    ) -> Option<Self> {
        let raw: Raw = super::params(ctx, table, context)?;
        Some(Self {
            at_most: raw.at_most,
            boards: raw.boards,
        })
    }

    fn describe(&self) -> String {
        let on = if self.boards.is_empty() {
            "the estate's boards".to_string()
        } else {
            format!("the {} boards", join_words(self.boards.iter().cloned(), "and"))
        };
        format!("no person holds more than {} seats on {on}", self.at_most)
    }

    /// On one board, a rule across boards has nothing to check.
    fn check(&self, _rule: &Rule, _board: &Board, _as_of: super::AsOf, _out: &mut Vec<Finding>) {}

    fn spans_boards(&self) -> bool {
        true
    }

    fn check_estate(&self, rule: &Rule, estate: &EstateView, out: &mut Vec<Finding>) -> bool {
        let mut seats: indexmap::IndexMap<String, Vec<(usize, usize)>> = indexmap::IndexMap::new();
        for (b, board) in estate.boards.iter().enumerate() {
            if !self.boards.is_empty() && !self.boards.contains(&board.role) {
                continue;
            }
            for (m, member) in board.members.iter().enumerate() {
                seats.entry(person_key(&member.value)).or_default().push((b, m));
            }
        }
        let limit = self.at_most as usize;
        for held in seats.values().filter(|h| h.len() > limit) {
            let first = &estate.boards[held[0].0].members[held[0].1];
            let boards: Vec<String> = held
                .iter()
                .map(|&(b, _)| estate.boards[b].name.value.clone())
                .collect();
            let mut f = rule.breach(
                &PERSON_TOO_MANY_BOARDS,
                format!(
                    "{} holds {} seats on the estate's boards ({}); one person may hold at most {}",
                    first.value,
                    held.len(),
                    join_words(boards, "and"),
                    self.at_most
                ),
            );
            for (k, &(b, m)) in held.iter().enumerate() {
                let seat = &estate.boards[b].members[m];
                let text = format!("{} on {}", seat.value, estate.boards[b].name.value);
                f = if k == 0 {
                    f.primary(&seat.span, text)
                } else {
                    f.secondary(&seat.span, text)
                };
            }
            out.push(f.help(format!(
                "ask {} to step down from {} of these boards",
                first.value,
                held.len() - limit
            )));
        }
        true
    }
}
