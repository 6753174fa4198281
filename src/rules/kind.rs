//! What every rule kind declares, and the trait its parameters implement.
//!
//! A kind is declared once, in its own file, with `declare_kind!`: its name, the version
//! it appeared in, its documentation (the doc comment: the only description of the kind
//! anywhere), the serde type its parameters are read into (which gives the JSON Schema and
//! the parameter list) and its codes. Its parameters implement `KindRule`: how they are
//! built from a rule table, described, checked and seen by the options explorer. The one
//! list in `rules/mod.rs` (`register_kinds!`) turns those into the kinds' modules, the
//! `RuleKind` enum, the `KINDS` table and the dispatch; the schema, `explain`, `packs show`, SARIF's rule table and the README's
//! tables all read that table.

use super::seats::SeatLevel;
use super::selector::Selector;
use super::{AsOf, Rule};
use crate::diagnostic::{Code, Finding};
use crate::model::Board;
use crate::parse::Ctx;
use schemars::{Schema, SchemaGenerator};

/// A rule kind: its name, documentation, parameters and codes.
#[derive(Debug)]
pub struct Kind {
    /// The name written in packs: `kind = "count"`.
    pub name: &'static str,
    /// The version of boardcheck the kind appeared in.
    pub since: &'static str,
    /// The doc comment of its declaration: what it checks, in Markdown. The first paragraph
    /// is the summary.
    pub explanation: &'static str,
    /// The codes its rules report.
    pub codes: &'static [&'static Code],
    /// The JSON Schema of its parameters (the serde type they are read into).
    pub(crate) schema: fn(&mut SchemaGenerator) -> Schema,
}

/// One parameter of a kind, read from the schema of its parameter type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parameter {
    /// The key, e.g. `at-least`.
    pub name: String,
    /// Its doc comment.
    pub description: String,
    /// Whether a rule of the kind must give it.
    pub required: bool,
}

impl Kind {
    /// The documentation as Markdown: the doc comment with its leading space removed.
    #[must_use]
    pub fn doc(&self) -> String {
        crate::diagnostic::unindent(self.explanation)
    }

    /// The first paragraph, as one line: what a rule of this kind checks.
    #[must_use]
    pub fn summary(&self) -> String {
        self.explanation
            .lines()
            .map(str::trim)
            .skip_while(|l| l.is_empty())
            .take_while(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The parameters' schema, with shared definitions kept in `generator`.
    pub(crate) fn schema(&self, generator: &mut SchemaGenerator) -> Schema {
        (self.schema)(generator)
    }

    /// The parameters, in the order the parameter type declares them.
    #[must_use]
    pub fn parameters(&self) -> Vec<Parameter> {
        let schema = self.schema(&mut SchemaGenerator::default()).to_value();
        let required: Vec<&str> = schema
            .get("required")
            .and_then(serde_json::Value::as_array)
            .map(|r| r.iter().filter_map(serde_json::Value::as_str).collect())
            .unwrap_or_default();
        schema
            .get("properties")
            .and_then(serde_json::Value::as_object)
            .map(|props| {
                props
                    .iter()
                    .map(|(name, p)| Parameter {
                        name: name.clone(),
                        description: p
                            .get("description")
                            .and_then(serde_json::Value::as_str)
                            .unwrap_or_default()
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" "),
                        required: required.contains(&name.as_str()),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// What a kind's parameters do: built from a rule table, described for `packs show`,
/// checked against a board, and seen by the options explorer.
pub(crate) trait KindRule: Sized {
    /// The kind's declaration.
    const KIND: &'static Kind;

    /// Reads the parameters from a rule table whose common keys (`id`, `kind`, ...) were
    /// removed, recording any error in `ctx`. `context` says which rule ("in rule `x`").
    fn build(
        ctx: &mut Ctx<'_>,
        table: toml::Spanned<toml::de::DeValue<'_>>,
        context: &str,
    ) -> Option<Self>;

    /// The parameters in plain words: what the rule checks, for `packs show`.
    fn describe(&self) -> String;

    /// Every selector in the parameters (their sector references are checked); none by
    /// default (rules across boards).
    fn selectors(&self) -> Vec<&Selector> {
        Vec::new()
    }

    /// The board facts the parameters read.
    fn facts_used(&self) -> Vec<&str> {
        Vec::new()
    }

    /// What the rule asks of seat counts on this board (by default nothing: offices,
    /// terms).
    fn seat_level(&self, _board: &Board) -> SeatLevel {
        SeatLevel::Fixed
    }

    /// Checks a board, pushing a finding for each breach.
    fn check(&self, rule: &Rule, board: &Board, as_of: AsOf, out: &mut Vec<Finding>);

    /// Whether the rule spans boards: checked on an estate ([`KindRule::check_estate`]),
    /// and on one board not at all.
    fn spans_boards(&self) -> bool {
        false
    }

    /// Checks the boards of an estate; returns whether the rule applies (the boards it
    /// names are there).
    fn check_estate(
        &self,
        _rule: &Rule,
        _estate: &crate::estate::EstateView,
        _out: &mut Vec<Finding>,
    ) -> bool {
        false
    }
}

/// Declares a rule kind whose doc comment is its documentation, so rustdoc, `explain`, the
/// schema and the README read the same text.
///
/// ```ignore
/// declare_kind! {
///     /// Seats matching a selector: at least, at most or exactly N.
///     pub KIND { name: "count", since: "0.1.0", params: Raw, codes: [COUNT_BELOW_MINIMUM] }
/// }
/// ```
macro_rules! declare_kind {
    (
        $(#[doc = $doc:literal])*
        $vis:vis $NAME:ident {
            name: $name:literal,
            since: $since:literal,
            params: $params:ty,
            codes: [$($code:path),* $(,)?] $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        $vis static $NAME: $crate::rules::kind::Kind = $crate::rules::kind::Kind {
            name: $name,
            since: $since,
            explanation: concat!($($doc, "\n"),*),
            codes: &[$(&$code),*],
            schema: <$params as schemars::JsonSchema>::json_schema,
        };
    };
}
pub(crate) use declare_kind;

/// Builds the kinds' modules, the `RuleKind` enum, the `KINDS` table and the dispatch
/// from one list of `Variant(module::Type)` entries, where each type implements
/// [`KindRule`]. Used once, in `rules/mod.rs`.
macro_rules! register_kinds {
    ($($Variant:ident($module:ident :: $Name:ident)),* $(,)?) => {
        $(pub mod $module;)*
        $crate::rules::kind::register_kinds!(@items $($Variant($module::$Name)),*);
    };
    (@items $($Variant:ident($Type:ty)),*) => {
        /// A rule kind with its parameters: one variant per entry of `KINDS`.
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum RuleKind {
            $(
                #[doc = concat!("A rule of the kind declared with [`", stringify!($Type), "`].")]
                $Variant($Type),
            )*
        }

        /// Every rule kind, in the order `explain`, the schema and the README list them.
        pub static KINDS: &[&$crate::rules::kind::Kind] =
            &[$(<$Type as $crate::rules::kind::KindRule>::KIND),*];

        impl RuleKind {
            /// The kind's declaration.
            #[must_use]
            pub fn kind(&self) -> &'static $crate::rules::kind::Kind {
                match self {
                    $(Self::$Variant(_) => <$Type as $crate::rules::kind::KindRule>::KIND,)*
                }
            }

            /// Builds the parameters of the kind named `name`; `None` when no kind has that
            /// name, `Some(None)` when the parameters have errors (recorded in `ctx`).
            pub(crate) fn build(
                name: &str,
                ctx: &mut $crate::parse::Ctx<'_>,
                table: toml::Spanned<toml::de::DeValue<'_>>,
                context: &str,
            ) -> Option<Option<Self>> {
                $(
                    if name == <$Type as $crate::rules::kind::KindRule>::KIND.name {
                        return Some(
                            <$Type as $crate::rules::kind::KindRule>::build(ctx, table, context)
                                .map(Self::$Variant),
                        );
                    }
                )*
                None
            }

            /// The parameters, whatever their kind.
            pub(crate) fn params(&self) -> &dyn $crate::rules::kind::Dispatch {
                match self {
                    $(Self::$Variant(k) => k,)*
                }
            }
        }
    };
}
pub(crate) use register_kinds;

/// The object-safe part of [`KindRule`], so one `match` serves every method.
pub(crate) trait Dispatch {
    fn describe(&self) -> String;
    fn selectors(&self) -> Vec<&Selector>;
    fn facts_used(&self) -> Vec<&str>;
    fn seat_level(&self, board: &Board) -> SeatLevel;
    fn check(&self, rule: &Rule, board: &Board, as_of: AsOf, out: &mut Vec<Finding>);
    fn spans_boards(&self) -> bool;
    fn check_estate(
        &self,
        rule: &Rule,
        estate: &crate::estate::EstateView,
        out: &mut Vec<Finding>,
    ) -> bool;
}

impl<T: KindRule> Dispatch for T {
    fn spans_boards(&self) -> bool {
        KindRule::spans_boards(self)
    }
    fn check_estate(
        &self,
        rule: &Rule,
        estate: &crate::estate::EstateView,
        out: &mut Vec<Finding>,
    ) -> bool {
        KindRule::check_estate(self, rule, estate, out)
    }
    fn describe(&self) -> String {
        KindRule::describe(self)
    }
    fn selectors(&self) -> Vec<&Selector> {
        KindRule::selectors(self)
    }
    fn facts_used(&self) -> Vec<&str> {
        KindRule::facts_used(self)
    }
    fn seat_level(&self, board: &Board) -> SeatLevel {
        KindRule::seat_level(self, board)
    }
    fn check(&self, rule: &Rule, board: &Board, as_of: AsOf, out: &mut Vec<Finding>) {
        KindRule::check(self, rule, board, as_of, out);
    }
}
