//! Selectors: which seats a rule looks at, by sector, by tag, or all; combined with
//! `any-of`, `all-of` and `not`.
//!
//! Evaluation is three-valued. A sector's tags are facts about every seat in it, and a named
//! member adds their own. `tag` asks about the seat: a vacant seat has exactly its sector's
//! tags. `fact` asks about the person: for a vacant seat (or an office drawn from sectors in
//! a proposal) a fact the sector does not carry is unknown, so the rule that needs it cannot
//! be determined yet, rather than passing silently.

use crate::model::raw;
use crate::model::span::{SourceFile, Spanned};
use crate::model::{Board, Member};
use crate::parse::{self, Ctx};
use std::sync::Arc;

/// A seat selector, as data.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Selector {
    /// Every seat.
    All,
    /// Seats of one sector.
    Sector(Spanned<String>),
    /// Seats carrying a tag (the sector's, or the holder's).
    Tag(Spanned<String>),
    /// Seats whose holder has a personal fact; unknown for an unnamed holder.
    Fact(Spanned<String>),
    /// Seats appointed or elected by a body, as the sector or member states it; unknown
    /// when neither says.
    AppointedBy(Spanned<String>),
    /// Seats matching any of these.
    AnyOf(Vec<Selector>),
    /// Seats matching all of these.
    AllOf(Vec<Selector>),
    /// Seats not matching this.
    Not(Box<Selector>),
    /// A selector with the pack's words for it (`label`), which findings use.
    Labelled(String, Box<Selector>),
}

/// A three-valued answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Truth {
    /// Definitely matches.
    Yes,
    /// Definitely does not.
    No,
    /// Depends on a fact the file does not give.
    Unknown,
}

impl Truth {
    fn not(self) -> Self {
        match self {
            Self::Yes => Self::No,
            Self::No => Self::Yes,
            Self::Unknown => Self::Unknown,
        }
    }
}

/// Seats counted by a selector: those that definitely match, and those that may.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Seats that definitely match.
    pub yes: u64,
    /// Seats whose match depends on an unknown fact (a vacancy, an unstated fact).
    pub unknown: u64,
}

impl<'a> std::iter::Sum<&'a Tally> for Tally {
    fn sum<I: Iterator<Item = &'a Tally>>(iter: I) -> Self {
        iter.fold(Self::default(), |a, t| Self {
            yes: a.yes + t.yes,
            unknown: a.unknown + t.unknown,
        })
    }
}

impl Tally {
    /// The fewest seats that may match.
    #[must_use]
    pub fn low(self) -> u64 {
        self.yes
    }
    /// The most seats that may match.
    #[must_use]
    pub fn high(self) -> u64 {
        self.yes + self.unknown
    }
}

/// What a rule counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Counting {
    /// Seats, vacancies included (the default).
    #[default]
    Seats,
    /// Named members in office; vacancies excluded.
    Members,
}

impl Counting {
    pub(crate) fn parse(ctx: &mut Ctx<'_>, v: Option<toml::Spanned<String>>) -> Option<Self> {
        let Some(v) = v else { return Some(Self::Seats) };
        match v.get_ref().as_str() {
            "seats" => Some(Self::Seats),
            "members" => Some(Self::Members),
            other => {
                ctx.error(
                    &parse::INVALID_VALUE,
                    v.span(),
                    format!("`counting = \"{other}\"` is not a way of counting"),
                    "should be `seats` or `members`",
                    Some("use `counting = \"seats\"` (vacancies included) or `counting = \"members\"` (members in office)".into()),
                );
                None
            }
        }
    }
}

impl Selector {
    /// Builds a selector from its raw form; `None` (after recording errors) when malformed.
    /// The selector given, or every seat when none is: `None` when the one given has errors.
    pub(crate) fn build_or_all(
        ctx: &mut Ctx<'_>,
        raw: Option<toml::Spanned<raw::Selector>>,
    ) -> Option<Self> {
        match raw {
            Some(s) => Self::build(ctx, s),
            None => Some(Self::All),
        }
    }

    pub(crate) fn build(ctx: &mut Ctx<'_>, raw: toml::Spanned<raw::Selector>) -> Option<Self> {
        let span = raw.span();
        let r = raw.into_inner();
        let file: &Arc<SourceFile> = ctx.file;
        let mut parts: Vec<Self> = Vec::new();
        let mut keys = 0;
        if let Some(s) = r.sector {
            keys += 1;
            parts.push(Self::Sector(Spanned::from_toml(file, s)));
        }
        if let Some(v) = r.sectors {
            keys += 1;
            parts.push(Self::AnyOf(
                v.into_iter()
                    .map(|s| Self::Sector(Spanned::from_toml(file, s)))
                    .collect(),
            ));
        }
        if let Some(t) = r.tag {
            keys += 1;
            parts.push(Self::Tag(Spanned::from_toml(file, t)));
        }
        if let Some(v) = r.tags {
            keys += 1;
            parts.push(Self::AnyOf(
                v.into_iter()
                    .map(|t| Self::Tag(Spanned::from_toml(file, t)))
                    .collect(),
            ));
        }
        if let Some(t) = r.fact {
            keys += 1;
            parts.push(Self::Fact(Spanned::from_toml(file, t)));
        }
        if let Some(t) = r.appointed_by {
            keys += 1;
            parts.push(Self::AppointedBy(Spanned::from_toml(file, t)));
        }
        if let Some(v) = r.any_of {
            keys += 1;
            parts.push(Self::AnyOf(
                v.into_iter()
                    .map(|s| Self::build(ctx, s))
                    .collect::<Option<_>>()?,
            ));
        }
        if let Some(v) = r.all_of {
            keys += 1;
            parts.push(Self::AllOf(
                v.into_iter()
                    .map(|s| Self::build(ctx, s))
                    .collect::<Option<_>>()?,
            ));
        }
        if let Some(v) = r.not {
            keys += 1;
            parts.push(Self::Not(Box::new(Self::build(ctx, *v)?)));
        }
        if let Some(all) = r.all {
            keys += 1;
            if !all {
                ctx.error(
                    &parse::INVALID_VALUE,
                    span,
                    "`all = false` selects nothing",
                    "a selector that matches no seat",
                    Some("write `all = true`, or select by `sector` or `tag`".into()),
                );
                return None;
            }
            parts.push(Self::All);
        }
        match keys {
            1 => parts.pop().map(|s| match r.label {
                Some(label) => Self::Labelled(label, Box::new(s)),
                None => s,
            }),
            0 => {
                ctx.error(
                    &parse::INVALID_VALUE,
                    span,
                    "this selector selects nothing",
                    "an empty selector",
                    Some("use one of `sector`, `sectors`, `tag`, `tags`, `fact`, `appointed-by`, `any-of`, `all-of`, `not`, or `all = true`".into()),
                );
                None
            }
            _ => {
                ctx.error(
                    &parse::INVALID_VALUE,
                    span,
                    "a selector takes exactly one key",
                    "more than one key in this selector",
                    Some(
                        "combine conditions explicitly with `all-of = [..]` or `any-of = [..]`"
                            .into(),
                    ),
                );
                None
            }
        }
    }

    /// Reports sectors named in the selector that the board does not have.
    pub(crate) fn check_references(&self, ctx: &mut Ctx<'_>, board: &Board) {
        match self {
            Self::Sector(id) => {
                if board.sector_index(&id.value).is_none() {
                    crate::model::dangling(
                        ctx,
                        id,
                        "sector",
                        &board.sector_ids().collect::<Vec<_>>(),
                    );
                }
            }
            Self::AnyOf(v) | Self::AllOf(v) => {
                for s in v {
                    s.check_references(ctx, board);
                }
            }
            Self::Not(s) | Self::Labelled(_, s) => s.check_references(ctx, board),
            Self::All | Self::Tag(_) | Self::Fact(_) | Self::AppointedBy(_) => {}
        }
    }

    /// Whether the holder of a seat in sector `sector` matches; `member` is `None` for a
    /// vacant seat or an unnamed office holder.
    #[must_use]
    ///
    /// A non-voting sector's seats (observers) match only a selector that names the sector
    /// or the tag `non-voting`: every other rule counts voting seats.
    pub fn eval(&self, board: &Board, sector: usize, member: Option<&Member>) -> Truth {
        let s = &board.sectors[sector];
        if !s.voting && !self.names_non_voting(&s.id.value) {
            return Truth::No;
        }
        self.eval_voting(board, sector, member)
    }

    /// Whether the selector names the sector `id` or the tag `non-voting` anywhere.
    fn names_non_voting(&self, id: &str) -> bool {
        match self {
            Self::Sector(s) => s.value == id,
            Self::Tag(t) => t.value == crate::model::NON_VOTING,
            Self::AnyOf(v) | Self::AllOf(v) => v.iter().any(|s| s.names_non_voting(id)),
            Self::Not(s) | Self::Labelled(_, s) => s.names_non_voting(id),
            Self::All | Self::Fact(_) | Self::AppointedBy(_) => false,
        }
    }

    fn eval_voting(&self, board: &Board, sector: usize, member: Option<&Member>) -> Truth {
        match self {
            Self::All => Truth::Yes,
            Self::Sector(id) => {
                if board.sectors[sector].id.value == id.value {
                    Truth::Yes
                } else {
                    Truth::No
                }
            }
            Self::Tag(tag) => {
                if board.sectors[sector].has_tag(&tag.value)
                    || member.is_some_and(|m| m.has_tag(&tag.value))
                {
                    Truth::Yes
                } else {
                    Truth::No
                }
            }
            // A personal fact: stated on the sector (true of every holder), or of the
            // member; unknown for a vacant seat, and for a named member who neither has it
            // nor is stated not to, unless the register is complete.
            Self::AppointedBy(body) => {
                let stated = member
                    .and_then(|m| m.appointed_by.as_deref())
                    .or(board.sectors[sector].appointed_by.as_deref());
                match stated {
                    Some(by) if by.eq_ignore_ascii_case(&body.value) => Truth::Yes,
                    Some(_) => Truth::No,
                    None => Truth::Unknown,
                }
            }
            Self::Fact(fact) => {
                if board.sectors[sector].has_tag(&fact.value) {
                    return Truth::Yes;
                }
                let denied = board.sectors[sector]
                    .not
                    .iter()
                    .any(|t| t.value == fact.value);
                match member.map(|m| m.fact(&fact.value, board.register_complete)) {
                    Some(Some(true)) => Truth::Yes,
                    Some(Some(false)) => Truth::No,
                    _ if denied => Truth::No,
                    Some(None) | None => Truth::Unknown,
                }
            }
            Self::AnyOf(v) => v.iter().fold(Truth::No, |acc, s| {
                match (acc, s.eval_voting(board, sector, member)) {
                    (Truth::Yes, _) | (_, Truth::Yes) => Truth::Yes,
                    (Truth::Unknown, _) | (_, Truth::Unknown) => Truth::Unknown,
                    _ => Truth::No,
                }
            }),
            Self::AllOf(v) => v.iter().fold(Truth::Yes, |acc, s| {
                match (acc, s.eval_voting(board, sector, member)) {
                    (Truth::No, _) | (_, Truth::No) => Truth::No,
                    (Truth::Unknown, _) | (_, Truth::Unknown) => Truth::Unknown,
                    _ => Truth::Yes,
                }
            }),
            Self::Not(s) => s.eval_voting(board, sector, member).not(),
            Self::Labelled(_, s) => s.eval_voting(board, sector, member),
        }
    }

    /// Counts matching seats (or members) per sector: one tally per sector, in board order.
    #[must_use]
    pub fn tally_by_sector(&self, board: &Board, counting: Counting) -> Vec<Tally> {
        board
            .sectors
            .iter()
            .enumerate()
            .map(|(i, sector)| {
                let mut t = Tally::default();
                let seats = u64::from(sector.seats.value);
                let mut filled = 0;
                for m in board
                    .members_of(i)
                    .take(usize::try_from(seats).unwrap_or(usize::MAX))
                {
                    filled += 1;
                    match self.eval(board, i, Some(m)) {
                        Truth::Yes => t.yes += 1,
                        Truth::Unknown => t.unknown += 1,
                        Truth::No => {}
                    }
                }
                if counting == Counting::Seats {
                    let vacant = seats - filled;
                    match self.eval(board, i, None) {
                        Truth::Yes => t.yes += vacant,
                        Truth::Unknown => t.unknown += vacant,
                        Truth::No => {}
                    }
                }
                t
            })
            .collect()
    }

    /// Counts matching seats (or members) on the whole board.
    #[must_use]
    pub fn tally(&self, board: &Board, counting: Counting) -> Tally {
        self.tally_by_sector(board, counting).iter().sum()
    }

    /// Collects the tags and personal facts the selector reads.
    pub fn names<'a>(
        &'a self,
        tags: &mut std::collections::BTreeSet<&'a str>,
        facts: &mut std::collections::BTreeSet<&'a str>,
    ) {
        match self {
            Self::Tag(t) => {
                tags.insert(&t.value);
            }
            Self::Fact(f) => {
                facts.insert(&f.value);
            }
            Self::AnyOf(v) | Self::AllOf(v) => v.iter().for_each(|s| s.names(tags, facts)),
            Self::Not(s) | Self::Labelled(_, s) => s.names(tags, facts),
            Self::All | Self::Sector(_) | Self::AppointedBy(_) => {}
        }
    }

    /// The personal facts this reads, in order.
    #[must_use]
    pub fn facts_named(&self) -> Vec<&str> {
        let mut tags = std::collections::BTreeSet::new();
        let mut facts = std::collections::BTreeSet::new();
        self.names(&mut tags, &mut facts);
        facts.into_iter().collect()
    }

    /// Tags that a new sector could carry for its vacant seats to be selected: the tag
    /// itself, the first alternative of `any-of`, every part of `all-of`; none for `not`
    /// (a sector with no tags is not what it excludes, which the caller checks). `None`
    /// when no tags would do (a sector or an appointing body is named).
    #[must_use]
    pub fn witness_tags(&self) -> Option<Vec<String>> {
        match self {
            Self::All | Self::Not(_) => Some(Vec::new()),
            Self::Tag(t) | Self::Fact(t) => Some(vec![t.value.clone()]),
            Self::Labelled(_, s) => s.witness_tags(),
            Self::AnyOf(v) => v.iter().find_map(Self::witness_tags),
            Self::AllOf(v) => {
                let mut tags = Vec::new();
                for s in v {
                    for t in s.witness_tags()? {
                        if !tags.contains(&t) {
                            tags.push(t);
                        }
                    }
                }
                Some(tags)
            }
            Self::Sector(_) | Self::AppointedBy(_) => None,
        }
    }

    /// The seats this selects, in a few words: the pack's `label` when it gives one, or
    /// words made from the selector ("local-authority seats", "seats other than observer
    /// seats"). Never file syntax: findings are read by people, not parsers.
    #[must_use]
    pub fn describe_seats(&self) -> String {
        match self {
            Self::All => "seats".to_string(),
            Self::Labelled(label, _) => label.clone(),
            Self::Not(s) => format!("seats other than {}", s.describe_seats()),
            _ => format!("{} seats", self.describe()),
        }
    }

    /// The condition, as an adjective phrase: "primary", "a or b", "not c".
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Self::All => "any".to_string(),
            Self::Sector(s) | Self::Tag(s) | Self::Fact(s) => s.value.clone(),
            Self::Labelled(label, _) => label.clone(),
            Self::AppointedBy(b) => format!("appointed by {}", b.value),
            Self::AnyOf(v) => join_words(v.iter().map(Self::describe), "or"),
            Self::AllOf(v) => join_words(v.iter().map(Self::describe), "and"),
            Self::Not(s) => format!("not {}", s.describe()),
        }
    }

    /// The condition as said of a person, after "is" or "must be": the pack's `label`
    /// ("an employee of the trust"), or "tagged school-leader", "from sector primary".
    #[must_use]
    pub fn describe_holder(&self) -> String {
        match self {
            Self::All => "a board member".to_string(),
            Self::Labelled(label, _) => label.clone(),
            Self::Sector(s) => format!("from sector {}", s.value),
            Self::Tag(t) | Self::Fact(t) => format!("tagged {}", t.value),
            Self::AppointedBy(b) => format!("appointed or elected by {}", b.value),
            Self::AnyOf(v) => join_words(v.iter().map(Self::describe_holder), "or"),
            Self::AllOf(v) => join_words(v.iter().map(Self::describe_holder), "and"),
            Self::Not(s) => format!("not {}", s.describe_holder()),
        }
    }
}

/// Words joined as a person lists them: "a", "a or b", "a, b or c".
#[must_use]
pub fn join_words(items: impl IntoIterator<Item = String>, conjunction: &str) -> String {
    let mut items: Vec<String> = items.into_iter().collect();
    match items.len() {
        0 => String::new(),
        1 => items.pop().unwrap_or_default(),
        _ => {
            let last = items.pop().unwrap_or_default();
            format!("{} {conjunction} {last}", items.join(", "))
        }
    }
}
