//! The `quorum` rule kind: its declaration ([`KIND`]), parameters, check and codes.

use super::kind::{declare_kind, Kind, KindRule};
use super::seats::SeatLevel;
use super::Rule;
use crate::diagnostic::{declare_code, Finding, Severity};
use crate::model::ratio::Ratio;
use crate::model::span::Spanned;
use crate::model::Board;
use crate::parse::{self, did_you_mean, Ctx};
use serde::Deserialize;

declare_code! {
    /// ## What it checks
    /// The board's declared `quorum` is at least the rule's fraction of the membership:
    /// one half, rounded up, of the governors in office (maintained schools); two fifths of
    /// the total membership (schools forums).
    ///
    /// ## Why it matters
    /// Decisions taken by too few members are open to challenge as invalid.
    ///
    /// ## Example
    /// ```toml
    /// [board]
    /// name = "Oakfield Primary governing body"
    /// quorum = 5          # 12 governors in office: one half rounded up is 6
    /// ```
    ///
    /// ## How to fix
    /// Raise `quorum` in `[board]` to the number the help line gives.
    pub QUORUM_TOO_LOW { family: "quorum", name: "quorum-too-low" }
}

declare_code! {
    /// ## What it checks
    /// Advice, never a failure: a board that states no quorum has the one the law (the
    /// `quorum` rule) fixes, and this says what it is for the membership as it stands.
    ///
    /// ## Why it matters
    /// Instruments of government do not state a quorum because the regulations fix it;
    /// the clerk still needs the number for each meeting.
    ///
    /// ## Example
    /// A board of 13 governors in office with no `quorum` in `[board]`: the quorum is 7.
    ///
    /// ## How to fix
    /// Nothing to fix. State `quorum = N` in `[board]` only when the constitution sets its
    /// own quorum; it is then checked against the one the law fixes.
    pub QUORUM_NOT_STATED { family: "quorum", name: "quorum-not-stated" }
}

declare_code! {
    /// ## What it checks
    /// Each meeting recorded under `[[meetings]]` had at least the quorum in force on its
    /// date: the rule's fraction of the members then in office (by their terms of office).
    ///
    /// ## Why it matters
    /// Decisions of an inquorate meeting are not decisions of the board.
    ///
    /// ## Example
    /// ```toml
    /// [[meetings]]
    /// date = 2026-03-12
    /// present = 5
    /// ```
    /// with 13 governors in office: one half, rounded up, is 7.
    ///
    /// ## How to fix
    /// Confirm the meeting's decisions at a quorate meeting. This is about attendance, not
    /// the constitution: nothing in the board's composition needs to change.
    pub MEETING_INQUORATE { family: "quorum", name: "meeting-inquorate" }
}

declare_kind! {
    /// The quorum the constitution declares (`quorum = N` in `[board]`) is at least a fraction of the membership, rounded as the rule says.
    ///
    /// Vacancies are excluded from the membership (the default) or included, as the rule says.
    ///
    /// ```toml
    /// [[rules]]
    /// id = "quorum"
    /// kind = "quorum"
    /// at-least = "1/2"          # of the membership
    /// rounding = "up"           # up (default), down or nearest
    /// vacancies = "excluded"    # excluded (default: members in office) or included (all seats)
    /// ```
    ///
    /// With vacancies excluded, the membership is the number of named members in office; a
    /// proposal with no named members is taken at its full seat count.
    pub KIND {
        name: "quorum",
        since: "0.1.0",
        params: Raw,
        codes: [QUORUM_TOO_LOW, QUORUM_NOT_STATED, MEETING_INQUORATE],
    }
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Raw {
    /// The fraction of members that must be present: "1/2", "2/5", "40%".
    #[schemars(with = "String")]
    at_least: toml::Spanned<String>,
    /// "up" (default), "down" or "nearest" when the fraction is not a whole number.
    #[schemars(with = "Option<String>")]
    rounding: Option<toml::Spanned<String>>,
    /// "excluded" (default: a fraction of members in office) or "included" (of all seats).
    #[schemars(with = "Option<String>")]
    vacancies: Option<toml::Spanned<String>>,
}

/// How a fractional quorum is rounded to whole members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rounding {
    /// Up to the next whole member (the usual reading of "one half, rounded up").
    Up,
    /// Down.
    Down,
    /// To the nearest whole member, halves rounded up.
    Nearest,
}

/// A `quorum` rule's parameters.
#[derive(Debug)]
pub struct Quorum {
    /// The fraction of the membership, and where it was set.
    pub fraction: Spanned<Ratio>,
    /// How it is rounded.
    pub rounding: Rounding,
    /// Whether vacancies are left out of the membership.
    pub vacancies_excluded: bool,
}

impl Quorum {
    /// The smallest quorum the rule allows for a membership of `m`.
    #[must_use]
    pub fn required(&self, m: u64) -> u64 {
        required(&self.fraction.value, self.rounding, m)
    }
}

impl Quorum {
    /// The membership the fraction is taken of: the members in office (on `on`, when
    /// given, by their terms; a member with no dates counts) or every voting seat.
    fn membership(&self, board: &Board, on: Option<crate::model::Date>) -> (u64, &'static str) {
        if self.vacancies_excluded && !board.members.is_empty() {
            let in_office: u64 = board
                .sectors
                .iter()
                .enumerate()
                .filter(|(_, s)| s.voting)
                .map(|(i, s)| {
                    let serving = board
                        .members_of(i)
                        .filter(|m| {
                            on.is_none_or(|d| {
                                m.term_start.as_ref().is_none_or(|t| t.value <= d)
                                    && m.term_end.as_ref().is_none_or(|t| d <= t.value)
                            })
                        })
                        .count() as u64;
                    serving.min(u64::from(s.seats.value))
                })
                .sum();
            (in_office, "members in office")
        } else {
            let voting: u64 = board
                .sectors
                .iter()
                .filter(|s| s.voting)
                .map(|s| u64::from(s.seats.value))
                .sum();
            (voting, "seats")
        }
    }

    /// Each recorded meeting against the quorum in force on its date.
    fn check_meetings(&self, rule: &Rule, board: &Board, out: &mut Vec<Finding>) {
        for m in &board.meetings {
            let (membership, what) = self.membership(board, Some(m.date.value));
            let needed = self.required(membership);
            let present = u64::from(m.present.value);
            if present >= needed {
                continue;
            }
            let about = m
                .note
                .as_ref()
                .map_or_else(String::new, |n| format!(" ({n})"));
            out.push(
                rule.breach(
                    &MEETING_INQUORATE,
                    format!(
                        "the meeting on {}{about} was not quorate: {present} present, {needed} needed ({} of the {membership} {what} on that date)",
                        m.date.value, self.fraction.value
                    ),
                )
                .primary(&m.present.span, format!("{present} present"))
                .secondary(&m.date.span, "the meeting")
                .secondary(&self.fraction.span, "quorum set here")
                .help("the decisions of that meeting need confirming at a quorate meeting; the constitution need not change"),
            );
        }
    }
}

impl KindRule for Quorum {
    const KIND: &'static Kind = &KIND;

    fn build(
        ctx: &mut Ctx<'_>,
        table: toml::Spanned<toml::de::DeValue<'_>>,
        context: &str,
    ) -> Option<Self> {
        let raw: Raw = super::params(ctx, table, context)?;
        let fraction = match Ratio::parse(raw.at_least.get_ref()) {
            Ok(r) => Spanned::from_toml(ctx.file, toml::Spanned::new(raw.at_least.span(), r)),
            Err(msg) => {
                ctx.error(
                    &parse::INVALID_VALUE,
                    raw.at_least.span(),
                    msg,
                    "not a fraction",
                    Some("write e.g. `at-least = \"1/2\"`".into()),
                );
                return None;
            }
        };
        let rounding = match raw.rounding.as_ref().map(|r| r.get_ref().as_str()) {
            None | Some("up") => Rounding::Up,
            Some("down") => Rounding::Down,
            Some("nearest") => Rounding::Nearest,
            Some(other) => {
                let r = raw.rounding.as_ref().map_or(0..0, toml::Spanned::span);
                let help = did_you_mean(other, ["up", "down", "nearest"]).map_or_else(
                    || "use `up`, `down` or `nearest`".to_string(),
                    |s| format!("did you mean `{s}`?"),
                );
                ctx.error(
                    &parse::INVALID_VALUE,
                    r,
                    format!("`{other}` is not a way of rounding {context}"),
                    "not a rounding",
                    Some(help),
                );
                return None;
            }
        };
        let vacancies_excluded = match raw.vacancies.as_ref().map(|r| r.get_ref().as_str()) {
            None | Some("excluded") => true,
            Some("included") => false,
            Some(other) => {
                let r = raw.vacancies.as_ref().map_or(0..0, toml::Spanned::span);
                ctx.error(
                    &parse::INVALID_VALUE,
                    r,
                    format!("`vacancies = \"{other}\"` is not allowed {context}"),
                    "should be `excluded` or `included`",
                    Some(
                        "use `excluded` (count members in office) or `included` (count every seat)"
                            .into(),
                    ),
                );
                return None;
            }
        };
        Some(Self {
            fraction,
            rounding,
            vacancies_excluded,
        })
    }

    /// The rule's parameters in plain words, for `packs show`.
    fn describe(&self) -> String {
        let of = if self.vacancies_excluded {
            "the members in office"
        } else {
            "all seats, vacancies included"
        };
        let rounding = match self.rounding {
            Rounding::Up => "rounded up",
            Rounding::Down => "rounded down",
            Rounding::Nearest => "rounded to the nearest member",
        };
        format!(
            "the declared quorum is at least {} of {of}, {rounding}",
            self.fraction.value
        )
    }

    fn selectors(&self) -> Vec<&super::selector::Selector> {
        Vec::new()
    }

    /// The seat view: the declared quorum against the seat total. With named members and
    /// vacancies excluded, the membership is the members in office, which seats do not
    /// change; with no quorum declared, the rule is undetermined whatever the seats.
    fn seat_level(&self, board: &Board) -> SeatLevel {
        let Some(quorum) = &board.quorum else {
            return SeatLevel::Fixed;
        };
        if self.vacancies_excluded && !board.members.is_empty() {
            return SeatLevel::Fixed;
        }
        let quorum = u64::from(quorum.value);
        let (fraction, rounding) = (self.fraction.clone(), self.rounding);
        SeatLevel::test(vec![super::selector::Selector::All], move |v| {
            quorum >= required(&fraction.value, rounding, v[0])
        })
    }

    fn check(&self, rule: &Rule, board: &Board, _as_of: super::AsOf, out: &mut Vec<Finding>) {
        self.check_meetings(rule, board, out);
        let (membership, what) = self.membership(board, None);
        let required = self.required(membership);
        let rounding = match self.rounding {
            Rounding::Up => "rounded up",
            Rounding::Down => "rounded down",
            Rounding::Nearest => "rounded to the nearest member",
        };
        let Some(quorum) = &board.quorum else {
            let mut f = rule.breach(
                &QUORUM_NOT_STATED,
                format!(
                    "the quorum is {required}: {} of the {membership} {what}, {rounding}, as the rule fixes it",
                    self.fraction.value
                ),
            );
            f.severity = Severity::Advice;
            out.push(
                f.primary(&board.name.span, "no `quorum` of its own in `[board]`")
                    .secondary(&self.fraction.span, "fraction set here")
                    .help("nothing to change: the board has the quorum the rule fixes; state `quorum = N` in `[board]` only if the constitution sets its own"),
            );
            return;
        };
        if u64::from(quorum.value) < required {
            out.push(
                rule.breach(
                    &QUORUM_TOO_LOW,
                    format!(
                        "the quorum is {}; {} of the {membership} {what}, {rounding}, is {required}",
                        quorum.value, self.fraction.value
                    ),
                )
                .primary(&quorum.span, format!("quorum of {}", quorum.value))
                .secondary(&self.fraction.span, "fraction set here")
                .help(format!("set `quorum = {required}` in `[board]`")),
            );
        }
    }
}

/// `fraction` of a membership of `m`, rounded to whole members.
fn required(fraction: &Ratio, rounding: Rounding, m: u64) -> u64 {
    let (p, q) = (u128::from(fraction.num), u128::from(fraction.den));
    let x = p * u128::from(m);
    let r = match rounding {
        Rounding::Up => x.div_ceil(q),
        Rounding::Down => x / q,
        Rounding::Nearest => (2 * x + q) / (2 * q),
    };
    u64::try_from(r).unwrap_or(u64::MAX)
}
