//! The `independent` rule kind (across boards): its declaration ([`KIND`]), parameters,
//! check and codes.

use super::kind::{declare_kind, Kind, KindRule};
use super::selector::join_words;
use super::{seats_phrase, Rule, ShareLimit};
use crate::diagnostic::{declare_code, Finding};
use crate::estate::EstateView;
use crate::model::Board;
use crate::parse::{self, Ctx};
use serde::Deserialize;

declare_code! {
    /// ## What it checks
    /// An `independent` rule: how many of one board's members also sit on another, against
    /// a number (`at-most = 0`: no one in common) or a share of the first board's members
    /// (`less-than = "1/2"`: a majority sit on the first board only).
    ///
    /// ## Why it matters
    /// A board that holds another to account, or appoints it, cannot do so when the same
    /// people sit on both: the Academy Trust Handbook asks that most members are not
    /// trustees; Rotherham's Challenge Board was proposed "with colleagues having
    /// independence from the strategic Education Partnership Board".
    ///
    /// ## Example
    /// Five members, three of whom are also trustees, against `less-than = "1/2"`.
    ///
    /// ## How to fix
    /// Replace members who sit on both boards with people who sit on one.
    pub BOARDS_NOT_INDEPENDENT { family: "independent", name: "boards-not-independent", since: "0.2.0" }
}

declare_kind! {
    /// Across boards: the members of one board (`board`) who also sit on another (`other`)
    /// number at most `at-most`, or are less than (`less-than`) or at most (`at-most-share`)
    /// a share of the first board's members. Checked when both boards are in the estate;
    /// people are matched by name (spaces and case aside).
    ///
    /// ```toml
    /// [[rules]]
    /// id = "members-not-trustees"
    /// kind = "independent"
    /// board = "members"
    /// other = "trustees"
    /// less-than = "1/2"             # a majority of members are not trustees
    /// ```
    pub KIND {
        name: "independent",
        since: "0.2.0",
        params: Raw,
        codes: [BOARDS_NOT_INDEPENDENT],
    }
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Raw {
    /// The role of the board whose members are counted, e.g. "members".
    board: String,
    /// The role of the board they must be independent of, e.g. "trustees".
    other: String,
    /// The most members the boards may have in common.
    at_most: Option<u32>,
    /// The share of `board`'s members who may sit on both must be less than this.
    #[schemars(with = "Option<String>")]
    less_than: Option<toml::Spanned<String>>,
    /// The share of `board`'s members who may sit on both must be at most this.
    #[schemars(with = "Option<String>")]
    at_most_share: Option<toml::Spanned<String>>,
}

/// An `independent` rule's parameters.
#[derive(Debug)]
pub struct Independent {
    /// The board whose members are counted.
    pub board: String,
    /// The board they must be independent of.
    pub other: String,
    /// The most in common.
    pub at_most: Option<u32>,
    /// The largest share in common.
    pub share: Option<ShareLimit>,
}

impl KindRule for Independent {
    const KIND: &'static Kind = &KIND;

    fn build(
        ctx: &mut Ctx<'_>,
        table: toml::Spanned<toml::de::DeValue<'_>>,
        context: &str,
    ) -> Option<Self> {
        let span = table.span();
        let raw: Raw = super::params(ctx, table, context)?;
        let share =
            ShareLimit::pair(ctx, raw.less_than, raw.at_most_share, ("less-than", "at-most-share"))
                .ok()?;
        if raw.at_most.is_none() && share.is_none() {
            ctx.error(
                &parse::MISSING_KEY,
                span,
                format!("an independent rule needs `at-most`, `less-than` or `at-most-share` {context}"),
                "no limit given",
                Some("add `at-most = 0` for \"no one on both boards\", or `less-than = \"1/2\"` for \"a majority on one only\"".into()),
            );
            return None;
        }
        Some(Self {
            board: raw.board,
            other: raw.other,
            at_most: raw.at_most,
            share,
        })
    }

    fn describe(&self) -> String {
        let mut limits = Vec::new();
        if let Some(n) = self.at_most {
            limits.push(format!("at most {n} in common"));
        }
        if let Some(s) = &self.share {
            limits.push(format!("a share {} of its members in common", s.describe_max()));
        }
        format!(
            "members of the {} board who also sit on the {} board: {}",
            self.board,
            self.other,
            join_words(limits, "and")
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
        let both: Vec<_> = a
            .members
            .iter()
            .filter_map(|m| b.seat_of(&m.value).map(|o| (m, o)))
            .collect();
        let (n, t) = (both.len() as u64, a.members.len() as u64);
        let over_count = self.at_most.is_some_and(|k| n > u64::from(k));
        let over_share = self.share.as_ref().is_some_and(|s| t > 0 && s.exceeded_by(n, t));
        if !over_count && !over_share {
            return true;
        }
        let names = join_words(both.iter().map(|(m, _)| m.value.clone()), "and");
        let limit = match (&self.share, self.at_most) {
            (Some(s), _) if over_share => format!("the share must be {}", s.describe_max()),
            (_, Some(0)) => "no one may sit on both".to_string(),
            (_, Some(k)) => format!("at most {k} may"),
            _ => String::new(),
        };
        let mut f = rule.breach(
            &BOARDS_NOT_INDEPENDENT,
            format!(
                "{} of the {} of {} ({}) also sit on {}: {names}; {limit}",
                n,
                seats_phrase(t, "members"),
                a.name.value,
                crate::model::ratio::percent(n, t),
                b.name.value
            ),
        );
        for (k, (m, o)) in both.iter().enumerate() {
            let text = format!("{} sits on {} too", m.value, b.name.value);
            f = if k == 0 {
                f.primary(&m.span, text)
            } else {
                f.secondary(&m.span, text)
            };
            f = f.secondary(&o.span, format!("{} on {}", o.value, b.name.value));
        }
        out.push(f.help(format!(
            "replace members of {} who also sit on {} with people who sit on one board only",
            a.name.value, b.name.value
        )));
        true
    }
}
