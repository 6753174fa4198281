//! Meetings: the date and who was present, checked by a pack's `quorum` rule against the
//! quorum in force on that date (the members then in office).

use super::build::date;
use super::span::Spanned;
use super::{dangling, raw, Board, Date};
use crate::parse::{self, Ctx};
use toml::de::DeValue;

/// A meeting held.
#[derive(Debug)]
pub struct Meeting {
    /// When.
    pub date: Spanned<Date>,
    /// How many members were present.
    pub present: Spanned<u32>,
    /// What it was, if the file says.
    pub note: Option<String>,
}

/// Reads `[[meetings]]`; members must already be built (names present are members).
pub(super) fn build(ctx: &mut Ctx<'_>, board: &mut Board, v: toml::Spanned<DeValue<'_>>) {
    let span = v.span();
    let DeValue::Array(items) = v.into_inner() else {
        ctx.error(
            &parse::WRONG_TYPE,
            span,
            "`meetings` should be a list of `[[meetings]]` entries",
            "should be `[[meetings]]`",
            Some("write each meeting as a `[[meetings]]` table with `date` and `present`".into()),
        );
        return;
    };
    for (i, item) in items.into_iter().enumerate() {
        let context = format_args!("in meeting {} of `[[meetings]]`", i + 1);
        let Some(raw) = ctx.de::<raw::Meeting>(item, context) else {
            continue;
        };
        let Some(when) = date(ctx, raw.date) else {
            continue;
        };
        let present_span = raw.present.span();
        let present = match raw.present.into_inner() {
            raw::Present::Count(n) => match u32::try_from(n) {
                Ok(n) if u64::from(n) <= board.total_seats() => n,
                _ => {
                    ctx.error(
                        &parse::INVALID_VALUE,
                        present_span,
                        format!(
                            "{n} present is not possible on a board of {} seats",
                            board.total_seats()
                        ),
                        "not a possible number present",
                        Some(
                            "give the number of members present, from 0 to the board's seats"
                                .into(),
                        ),
                    );
                    continue;
                }
            },
            raw::Present::Names(names) => {
                let known: Vec<&str> = board
                    .members
                    .iter()
                    .map(|m| m.name.value.as_str())
                    .collect();
                let mut ok = true;
                let mut people = std::collections::BTreeSet::new();
                for name in &names {
                    if known.contains(&name.as_str()) {
                        people.insert(name.as_str());
                    } else {
                        let s = Spanned {
                            value: name.clone(),
                            span: ctx.span(present_span.clone()),
                        };
                        dangling(ctx, &s, "member", &known);
                        ok = false;
                    }
                }
                if !ok {
                    continue;
                }
                u32::try_from(people.len()).unwrap_or(u32::MAX)
            }
        };
        board.meetings.push(Meeting {
            date: when,
            present: Spanned {
                value: present,
                span: ctx.span(present_span),
            },
            note: raw.note,
        });
    }
}
