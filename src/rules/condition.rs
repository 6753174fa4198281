//! Conditions on a board's facts: `applies-when` on any rule, and the condition of a
//! `required-when` rule.
//!
//! ```toml
//! applies-when = { fact = "category", is = "voluntary-aided" }
//! applies-when = { fact = "category", in = ["foundation", "foundation-special"] }
//! when = { fact = "has-special-academies" }          # a true/false fact that is true
//! ```
//!
//! A fact the board does not state (and no pack gives a default for) leaves the condition
//! unknown: the rule reports that it cannot be determined rather than passing.

use super::selector::Truth;
use crate::diagnostic::{declare_code, Code, Finding};
use crate::model::raw::{self, FactValue};
use crate::model::span::{Span, Spanned};
use crate::model::Board;
use crate::parse::{self, Ctx};

declare_code! {
    /// ## What it checks
    /// Whether a rule that applies only in some circumstances (`applies-when`) applies to
    /// this board. It cannot be decided when the board does not state the fact the
    /// condition reads, for example the school's `category`.
    ///
    /// ## Why it matters
    /// A rule that may apply must not pass silently.
    ///
    /// ## Example
    /// A voluntary-aided rule on a board with no `category` in `[facts]`.
    ///
    /// ## How to fix
    /// State the fact in the board's `[facts]` table.
    pub CONDITION_UNDETERMINED { family: "rule", name: "condition-undetermined" }
}

pub(crate) static CODES: &[&Code] = &[&CONDITION_UNDETERMINED];

/// A condition on one fact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    /// The fact it reads.
    pub fact: Spanned<String>,
    /// What the fact must be.
    pub test: Test,
    /// Where the condition was written.
    pub span: Span,
    /// A further condition that must also hold.
    pub and: Option<Box<Condition>>,
}

/// What a condition asks of its fact.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Test {
    /// A true/false fact is true.
    IsTrue,
    /// The fact has this value.
    Is(FactValue),
    /// A text fact is one of these.
    In(Vec<String>),
}

impl Condition {
    pub(crate) fn build(ctx: &mut Ctx<'_>, raw: toml::Spanned<raw::Condition>) -> Option<Self> {
        let span = ctx.span(raw.span());
        let r = raw.into_inner();
        let test = match (r.is, r.any_of) {
            (None, None) => Test::IsTrue,
            (Some(v), None) => Test::Is(v.into_inner()),
            (None, Some(list)) => {
                Test::In(list.into_iter().map(toml::Spanned::into_inner).collect())
            }
            (Some(v), Some(_)) => {
                ctx.error(
                    &parse::INVALID_VALUE,
                    v.span(),
                    "a condition takes `is` or `in`, not both",
                    "give one of them",
                    Some(
                        "use `is = \"value\"` for one value, `in = [\"a\", \"b\"]` for several"
                            .into(),
                    ),
                );
                return None;
            }
        };
        let and = match r.and {
            Some(c) => Some(Box::new(Self::build(ctx, *c)?)),
            None => None,
        };
        Some(Self {
            fact: Spanned::from_toml(ctx.file, r.fact),
            test,
            span,
            and,
        })
    }

    /// Whether the condition holds for the board; unknown when the fact is not stated.
    #[must_use]
    pub fn eval(&self, board: &Board) -> Truth {
        self.eval_reading(board, None)
    }

    /// Whether the condition holds on one reading of the board: `reading` gives a value to
    /// a fact the board does not state (the other facts as stated).
    #[must_use]
    pub fn eval_reading(&self, board: &Board, reading: Option<(&str, &FactValue)>) -> Truth {
        let this = self.eval_one(board, reading);
        match (
            this,
            self.and.as_ref().map(|c| c.eval_reading(board, reading)),
        ) {
            (Truth::No, _) | (_, Some(Truth::No)) => Truth::No,
            (Truth::Unknown, _) | (_, Some(Truth::Unknown)) => Truth::Unknown,
            _ => Truth::Yes,
        }
    }

    /// The facts the condition reads.
    #[must_use]
    pub fn facts(&self) -> Vec<&str> {
        let mut v = vec![self.fact.value.as_str()];
        if let Some(c) = &self.and {
            v.extend(c.facts());
        }
        v
    }

    /// The first fact the board does not state, if any.
    #[must_use]
    pub fn missing_fact(&self, board: &Board) -> Option<&str> {
        self.facts()
            .into_iter()
            .find(|f| !board.facts.contains_key(*f))
    }

    /// Labels a finding that the condition cannot be decided: on the board (which lacks the
    /// fact) and on the condition, with the fact to add as the fix.
    #[must_use]
    pub fn label_unstated(&self, f: Finding, board: &Board) -> Finding {
        let fact = self.missing_fact(board).unwrap_or(&self.fact.value);
        f.primary(
            &board.name.span,
            format!("no `{fact}` in this board's `[facts]`"),
        )
        .secondary(&self.span, "condition set here")
        .help(format!(
            "add `{fact} = ...` under `[facts]` in the board file"
        ))
    }

    fn eval_one(&self, board: &Board, reading: Option<(&str, &FactValue)>) -> Truth {
        let value = match (board.facts.get(&self.fact.value), reading) {
            (Some(v), _) => &v.value,
            (None, Some((fact, v))) if fact == self.fact.value => v,
            (None, _) => return Truth::Unknown,
        };
        let holds = match (&self.test, value) {
            (Test::IsTrue, FactValue::Bool(b)) => *b,
            (Test::Is(want), got) => want == got,
            (Test::In(options), FactValue::Text(t)) => options.iter().any(|o| o == t),
            (Test::IsTrue | Test::In(_), _) => false,
        };
        if holds {
            Truth::Yes
        } else {
            Truth::No
        }
    }

    /// The condition in words, for findings: a yes/no fact by its pack's description
    /// ("there are special academies in the area", from "whether there are special
    /// academies in the area"), any other as "category is voluntary-aided".
    #[must_use]
    pub fn describe_on(&self, board: &Board) -> String {
        let f = &self.fact.value;
        let question = board
            .fact_words
            .get(f)
            .and_then(|d| d.strip_prefix("whether "));
        let this = match (&self.test, question) {
            (Test::IsTrue | Test::Is(FactValue::Bool(true)), Some(q)) => q.to_string(),
            (Test::Is(FactValue::Bool(false)), Some(q)) => {
                format!("the answer to \"whether {q}\" is no")
            }
            (Test::IsTrue, None) => format!("{f} is true"),
            (Test::Is(v), _) => format!("{f} is {}", v.to_string().trim_matches('"')),
            (Test::In(options), _) => format!(
                "{f} is {}",
                super::selector::join_words(options.iter().cloned(), "or")
            ),
        };
        match &self.and {
            Some(c) => format!("{this} and {}", c.describe_on(board)),
            None => this,
        }
    }

    /// "`category` is \"voluntary-aided\"", "`has-special-academies` is true".
    #[must_use]
    pub fn describe(&self) -> String {
        let f = &self.fact.value;
        let this = match &self.test {
            Test::IsTrue => format!("`{f}` is true"),
            Test::Is(v) => format!("`{f}` is {v}"),
            Test::In(options) => format!(
                "`{f}` is one of {}",
                options
                    .iter()
                    .map(|o| format!("\"{o}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        match &self.and {
            Some(c) => format!("{this} and {}", c.describe()),
            None => this,
        }
    }
}
