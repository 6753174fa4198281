//! The `exclusive` rule kind: its declaration ([`KIND`]), parameters, check and codes.

use super::kind::{declare_kind, Kind, KindRule};
use super::selector::{join_words, Selector, Truth};
use super::Rule;
use crate::diagnostic::{declare_code, Finding};
use crate::model::raw;
use crate::model::Board;
use crate::parse::{self, Ctx};
use serde::Deserialize;

declare_code! {
    /// ## What it checks
    /// No seat belongs to two categories that exclude each other: a schools forum's
    /// non-schools member is not also a schools member, a foundation governor is not also
    /// a partnership governor.
    ///
    /// ## Why it matters
    /// A seat counted in two exclusive categories is counted twice, and every rule about
    /// either category is then judged on a board that cannot exist.
    ///
    /// ## Example
    /// A sector tagged both `non-schools-member` and `special-school`.
    ///
    /// ## How to fix
    /// Keep the tag of the category the seat was appointed to, and remove the other.
    pub EXCLUSIVE_OVERLAP { family: "exclusive", name: "exclusive-overlap", since: "0.1.0" }
}

declare_kind! {
    /// No seat belongs to more than one of several categories that exclude each other.
    ///
    /// ```toml
    /// [[rules]]
    /// id = "schools-or-non-schools"
    /// kind = "exclusive"
    /// categories = [{ tag = "schools-member" }, { tag = "non-schools-member" }]
    /// ```
    ///
    /// A vacant seat is judged by its sector's tags, a named member by theirs.
    pub KIND {
        name: "exclusive",
        since: "0.1.0",
        params: Raw,
        codes: [EXCLUSIVE_OVERLAP],
    }
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Raw {
    /// The categories, as selectors: a seat may match at most one of them.
    #[schemars(with = "Vec<raw::Selector>")]
    categories: Vec<toml::Spanned<raw::Selector>>,
}

/// An `exclusive` rule's parameters.
#[derive(Debug)]
pub struct Exclusive {
    /// The categories a seat may belong to at most one of.
    pub categories: Vec<Selector>,
}

impl KindRule for Exclusive {
    const KIND: &'static Kind = &KIND;

    fn build(
        ctx: &mut Ctx<'_>,
        table: toml::Spanned<toml::de::DeValue<'_>>,
        context: &str,
    ) -> Option<Self> {
        let span = table.span();
        let raw: Raw = super::params(ctx, table, context)?;
        if raw.categories.len() < 2 {
            ctx.error(
                &parse::INVALID_VALUE,
                span,
                format!("an exclusive rule needs at least two categories {context}"),
                "fewer than two categories",
                Some("list the categories that exclude each other: `categories = [{ tag = \"a\" }, { tag = \"b\" }]`".into()),
            );
            return None;
        }
        let categories = raw
            .categories
            .into_iter()
            .map(|s| Selector::build(ctx, s))
            .collect::<Option<Vec<_>>>()?;
        Some(Self { categories })
    }

    fn describe(&self) -> String {
        let names: Vec<String> = self.categories.iter().map(Selector::describe).collect();
        format!("no seat in more than one of: {}", names.join("; "))
    }

    fn selectors(&self) -> Vec<&Selector> {
        self.categories.iter().collect()
    }

    fn check(&self, rule: &Rule, board: &Board, _as_of: super::AsOf, out: &mut Vec<Finding>) {
        for (i, sector) in board.sectors.iter().enumerate() {
            let both = self.matched(board, i, None);
            if both.len() > 1 {
                out.push(
                    rule.breach(
                        &EXCLUSIVE_OVERLAP,
                        format!(
                            "the seats of {} are in categories that exclude each other: {}",
                            sector.called(),
                            join_words(both.iter().map(|(c, _)| c.clone()), "and")
                        ),
                    )
                    .primary(&sector.id.span, "in more than one category")
                    .help(help(&both)),
                );
                continue;
            }
            for m in board.members_of(i) {
                let both = self.matched(board, i, Some(m));
                if both.len() > 1 {
                    out.push(
                        rule.breach(
                            &EXCLUSIVE_OVERLAP,
                            format!(
                                "{} ({} seat) is in categories that exclude each other: {}",
                                m.name.value,
                                sector.name,
                                join_words(both.iter().map(|(c, _)| c.clone()), "and")
                            ),
                        )
                        .primary(&m.name.span, "in more than one category")
                        .help(help(&both)),
                    );
                }
            }
        }
    }
}

/// The fix: keep the tags of one category, naming the tags that put the seat in each.
fn help(both: &[(String, Vec<String>)]) -> String {
    let tags: Vec<String> = both
        .iter()
        .filter(|(_, t)| !t.is_empty())
        .map(|(_, t)| format!("`{}`", t.join("`, `")))
        .collect();
    if tags.is_empty() {
        "keep the seats in the category they are appointed to, and take them out of the other".into()
    } else {
        format!(
            "keep the tags of the category these seats are appointed to, and remove the others ({})",
            join_words(tags, "or")
        )
    }
}

impl Exclusive {
    /// The categories a seat of sector `i` (held by `member`, if named) is in: each in the
    /// pack's words (its `label`, or a description), with the tags that put the seat in it;
    /// empty when the seat is in fewer than two, so a seat that breaks nothing costs no words.
    fn matched(
        &self,
        board: &Board,
        i: usize,
        member: Option<&crate::model::Member>,
    ) -> Vec<(String, Vec<String>)> {
        let sector = &board.sectors[i];
        let hits = self
            .categories
            .iter()
            .filter(|c| c.eval(board, i, member) == Truth::Yes);
        // Words only for a seat in two categories or more, the only case that is reported.
        if hits.clone().nth(1).is_none() {
            return Vec::new();
        }
        hits.map(|c| {
                let mut tags = std::collections::BTreeSet::new();
                let mut facts = std::collections::BTreeSet::new();
                c.names(&mut tags, &mut facts);
                let carried: Vec<String> = tags
                    .into_iter()
                    .chain(facts)
                    .filter(|t| sector.has_tag(t) || member.is_some_and(|m| m.has_tag(t)))
                    .map(str::to_string)
                    .collect();
                let words = match c {
                    Selector::Labelled(..) => c.describe(),
                    _ if !carried.is_empty() => carried.join(", "),
                    _ => c.describe(),
                };
                (words, carried)
            })
            .collect()
    }
}
