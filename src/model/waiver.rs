//! Waivers: a board's record that a rule knowingly does not apply to one sector or member.

use super::build::date;
use super::{dangling, raw, Board, Date};
use crate::model::span::{Span, Spanned};
use crate::parse::{self, Ctx};
use toml::de::DeValue;

/// A rule waived for one sector or member.
#[derive(Debug)]
pub struct Waiver {
    /// The rule as written: an id, or an id qualified by its pack.
    pub rule: Spanned<String>,
    /// Who the waiver covers.
    pub subject: Subject,
    /// Why.
    pub reason: String,
    /// The last day the waiver holds.
    pub expires: Option<Spanned<Date>>,
}

/// What a waiver covers.
#[derive(Debug)]
#[non_exhaustive]
pub enum Subject {
    /// The seats of a sector (index into `Board::sectors`), and the members who hold them.
    Sector(Spanned<String>, usize),
    /// One member (index into `Board::members`).
    Member(Spanned<String>, usize),
}

impl Subject {
    /// "the sector la" or "Ann Smith".
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Self::Sector(s, _) => format!("the sector {}", s.value),
            Self::Member(m, _) => m.value.clone(),
        }
    }

    /// Where the waiver names its subject.
    #[must_use]
    pub fn span(&self) -> &Span {
        match self {
            Self::Sector(s, _) | Self::Member(s, _) => &s.span,
        }
    }
}

impl Waiver {
    /// Whether the waiver names this rule (by id or qualified id).
    #[must_use]
    pub fn names_rule(&self, qualified: &str) -> bool {
        let id = qualified.rsplit('/').next().unwrap_or(qualified);
        self.rule.value == qualified || self.rule.value == id
    }
}

/// Reads `[[waivers]]`; sectors and members must already be built.
pub(super) fn build(ctx: &mut Ctx<'_>, board: &mut Board, v: toml::Spanned<DeValue<'_>>) {
    let span = v.span();
    let DeValue::Array(items) = v.into_inner() else {
        ctx.error(
            &parse::WRONG_TYPE,
            span,
            "`waivers` should be a list of `[[waivers]]` entries",
            "should be `[[waivers]]`",
            Some(
                "write each waiver as a `[[waivers]]` table with `rule`, `sector` or `member`, and `reason`"
                    .into(),
            ),
        );
        return;
    };
    for (i, item) in items.into_iter().enumerate() {
        let item_span = item.span();
        let context = format_args!("in waiver {} of `[[waivers]]`", i + 1);
        let Some(raw): Option<raw::Waiver> = ctx.de(item, context) else {
            continue;
        };
        let rule = Spanned::from_toml(ctx.file, raw.rule);
        let subject = match (raw.sector, raw.member) {
            (Some(s), None) => {
                let s = Spanned::from_toml(ctx.file, s);
                match board.sector_index(&s.value) {
                    Some(i) => Subject::Sector(s, i),
                    None => {
                        let known: Vec<&str> = board.sector_ids().collect();
                        dangling(ctx, &s, "sector", &known);
                        continue;
                    }
                }
            }
            (None, Some(m)) => {
                let m = Spanned::from_toml(ctx.file, m);
                match board.members.iter().position(|x| x.name.value == m.value) {
                    Some(i) => Subject::Member(m, i),
                    None => {
                        let known: Vec<&str> = board
                            .members
                            .iter()
                            .map(|x| x.name.value.as_str())
                            .collect();
                        dangling(ctx, &m, "member", &known);
                        continue;
                    }
                }
            }
            (Some(s), Some(_)) => {
                ctx.error(
                    &parse::INVALID_VALUE,
                    s.span(),
                    format!(
                        "the waiver of `{}` names both a sector and a member",
                        rule.value
                    ),
                    "a waiver covers one sector or one member",
                    Some(
                        "keep `sector` or `member`, and write a second waiver for the other".into(),
                    ),
                );
                continue;
            }
            (None, None) => {
                ctx.error(
                    &parse::MISSING_KEY,
                    item_span.start..item_span.start,
                    format!(
                        "the waiver of `{}` does not say whom it covers",
                        rule.value
                    ),
                    "no `sector` or `member` in this waiver",
                    Some("add `sector = \"<id>\"` or `member = \"<name>\"`: a waiver covers one sector or one member, never the whole board".into()),
                );
                continue;
            }
        };
        let reason_span = raw.reason.span();
        let reason = raw.reason.into_inner();
        if reason.trim().is_empty() {
            ctx.error(
                &parse::INVALID_VALUE,
                reason_span,
                format!("the waiver of `{}` gives no reason", rule.value),
                "empty reason",
                Some("say why the rule does not apply, e.g. the decision or transition that allows it".into()),
            );
            continue;
        }
        let expires = raw.expires.and_then(|d| date(ctx, d));
        board.waivers.push(Waiver {
            rule,
            subject,
            reason,
            expires,
        });
    }
}
