//! The `office-apart` rule kind (across boards): its declaration ([`KIND`]), parameters,
//! check and codes.

use super::kind::{declare_kind, Kind, KindRule};
use super::Rule;
use crate::diagnostic::{declare_code, Finding};
use crate::estate::EstateView;
use crate::model::Board;
use crate::parse::{self, Ctx};
use serde::Deserialize;

declare_code! {
    /// ## What it checks
    /// An `office-apart` rule: the holder of an office on one board does not hold an office
    /// (`not-office`) or any seat (`not-member = true`) on another.
    ///
    /// ## Why it matters
    /// The chair of a board that appoints or holds another to account cannot also lead the
    /// board it holds to account.
    ///
    /// ## Example
    /// The chair of the members is also the chair of the trustees.
    ///
    /// ## How to fix
    /// Elect another chair on one of the boards.
    pub OFFICE_HELD_ON_BOTH { family: "office-apart", name: "office-held-on-both", since: "0.2.0" }
}

declare_kind! {
    /// Across boards: whoever holds `office` on `board` does not hold `not-office` on
    /// `other` (or, with `not-member = true`, any seat there). Checked when both boards are
    /// in the estate and the office is held by a named member.
    ///
    /// ```toml
    /// [[rules]]
    /// id = "chairs-apart"
    /// kind = "office-apart"
    /// board = "members"
    /// office = "chair"
    /// other = "trustees"
    /// not-office = "chair"
    /// ```
    pub KIND {
        name: "office-apart",
        since: "0.2.0",
        params: Raw,
        codes: [OFFICE_HELD_ON_BOTH],
    }
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Raw {
    /// The role of the board whose office is read.
    board: String,
    /// `chair` or `vice-chair`.
    #[schemars(with = "String")]
    office: toml::Spanned<String>,
    /// The role of the other board.
    other: String,
    /// The office its holder may not hold on the other board.
    #[schemars(with = "Option<String>")]
    not_office: Option<toml::Spanned<String>>,
    /// Whether its holder may not sit on the other board at all.
    #[serde(default)]
    not_member: bool,
}

/// An `office-apart` rule's parameters.
#[derive(Debug)]
pub struct OfficeApart {
    /// The board whose office is read.
    pub board: String,
    /// The office.
    pub office: String,
    /// The other board.
    pub other: String,
    /// The office forbidden there, if one is.
    pub not_office: Option<String>,
    /// Whether any seat there is forbidden.
    pub not_member: bool,
}

fn office_ok(ctx: &mut Ctx<'_>, name: &toml::Spanned<String>, context: &str) -> bool {
    if matches!(name.get_ref().as_str(), "chair" | "vice-chair") {
        return true;
    }
    ctx.error(
        &parse::INVALID_VALUE,
        name.span(),
        format!("`{}` is not an office {context}", name.get_ref()),
        "not an office",
        Some("use `chair` or `vice-chair`".into()),
    );
    false
}

impl KindRule for OfficeApart {
    const KIND: &'static Kind = &KIND;

    fn build(
        ctx: &mut Ctx<'_>,
        table: toml::Spanned<toml::de::DeValue<'_>>,
        context: &str,
    ) -> Option<Self> {
        let span = table.span();
        let raw: Raw = super::params(ctx, table, context)?;
        if !office_ok(ctx, &raw.office, context)
            || raw
                .not_office
                .as_ref()
                .is_some_and(|o| !office_ok(ctx, o, context))
        {
            return None;
        }
        if raw.not_office.is_none() && !raw.not_member {
            ctx.error(
                &parse::MISSING_KEY,
                span,
                format!("an office-apart rule needs `not-office` or `not-member = true` {context}"),
                "nothing forbidden",
                Some("add `not-office = \"chair\"`, or `not-member = true`".into()),
            );
            return None;
        }
        Some(Self {
            board: raw.board,
            office: raw.office.into_inner(),
            other: raw.other,
            not_office: raw.not_office.map(toml::Spanned::into_inner),
            not_member: raw.not_member,
        })
    }

    fn describe(&self) -> String {
        let what = if self.not_member {
            "sits".to_string()
        } else {
            format!("holds the {}", self.not_office.as_deref().unwrap_or("office"))
        };
        format!(
            "the {} of the {} board never {what} on the {} board",
            self.office, self.board, self.other
        )
    }

    /// On one board, a rule across boards has nothing to check.
    fn check(&self, _rule: &Rule, _board: &Board, _as_of: super::AsOf, _out: &mut Vec<Finding>) {}

    fn spans_boards(&self) -> bool {
        true
    }

    fn check_estate(&self, rule: &Rule, estate: &EstateView, out: &mut Vec<Finding>) -> bool {
        let Some((a, b)) = estate.pair(&self.board, &self.other) else {
            return false;
        };
        let key = crate::estate::person_key;
        for (_, holder) in a.offices.iter().filter(|(t, _)| *t == self.office) {
            let clash = if self.not_member {
                b.seat_of(&holder.value).map(|s| (s, "sits on".to_string()))
            } else {
                self.not_office.as_deref().and_then(|o| {
                    b.offices
                        .iter()
                        .find(|(t, n)| *t == o && key(&n.value) == key(&holder.value))
                        .map(|(t, n)| (n, format!("is also the {t} of")))
                })
            };
            let Some((there, how)) = clash else { continue };
            out.push(
                rule.breach(
                    &OFFICE_HELD_ON_BOTH,
                    format!(
                        "{}, the {} of {}, {how} {}",
                        holder.value, self.office, a.name.value, b.name.value
                    ),
                )
                .primary(&holder.span, format!("the {} of {}", self.office, a.name.value))
                .secondary(&there.span, format!("on {}", b.name.value))
                .help(format!(
                    "elect another {} of {}, or replace {} on {}",
                    self.office, a.name.value, holder.value, b.name.value
                )),
            );
        }
        true
    }
}
