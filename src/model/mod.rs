//! The board as plain data, built from the raw file with every reference checked.
//!
//! Rules see only these types; they never see TOML, and the model knows nothing of rules.
//!
//! - this file: the board, its sectors, members and offices, and the limits on their size;
//! - `build.rs`: building them from the parsed file, with every structural error;
//! - `date.rs`: calendar dates; `ratio.rs`: exact fractions; `span.rs`: source files and
//!   spans; `raw.rs`: the serde types a file is read into;
//! - `direct.rs`: reading sectors and members straight from the parsed tree (serde reads
//!   what it cannot, and reports the errors);
//! - `waiver.rs`: waivers; `what_if.rs`: seat changes made in memory (`--set`).

mod build;
mod date;
mod direct;
pub mod meeting;
pub mod ratio;
pub mod raw;
pub mod span;
pub mod waiver;
pub mod what_if;

pub(crate) use build::{build_board, check_size, dangling};
pub use date::Date;
use span::{SourceFile, Span, Spanned};
use std::sync::Arc;

/// One board constitution: a proposal (sectors and seat counts) or a constituted board
/// (with named members).
#[derive(Debug)]
pub struct Board {
    /// The file it was read from.
    pub file: Arc<SourceFile>,
    /// The board's name.
    pub name: Spanned<String>,
    /// What the board is for.
    pub description: Option<String>,
    /// Where the constitution comes from.
    pub source: Option<String>,
    /// The rule packs it names, as written.
    pub packs: Vec<Spanned<String>>,
    /// Sectors in the order written.
    pub sectors: Vec<Sector>,
    /// Named members in the order written.
    pub members: Vec<Member>,
    /// The chair, if stated.
    pub chair: Option<Office>,
    /// The vice-chair, if stated.
    pub vice_chair: Option<Office>,
    /// Facts about the board and its area (`[facts]`), with the defaults of its packs
    /// filled in once the packs are known.
    pub facts: indexmap::IndexMap<String, Spanned<raw::FactValue>>,
    /// What each fact its packs declare means, in the pack's words (its `description`),
    /// so that findings can say it rather than the fact's key.
    pub fact_words: std::collections::HashMap<String, String>,
    /// The quorum the constitution declares.
    pub quorum: Option<Spanned<u32>>,
    /// Meetings held, with how many members were present.
    pub meetings: Vec<meeting::Meeting>,
    /// Whether the clerk vouches that members' personal facts are complete, so that a fact
    /// not stated is false (`register-complete = true`).
    pub register_complete: bool,
    /// Rules knowingly not applied to a sector or member (`[[waivers]]`).
    pub waivers: Vec<waiver::Waiver>,
}

/// A category of seats.
#[derive(Debug)]
pub struct Sector {
    /// The key under `[sectors]`, e.g. `primary`.
    pub id: Spanned<String>,
    /// The display name (the id when none is given).
    pub name: String,
    /// The number of seats, vacancies included; for a range, the most it allows.
    pub seats: Spanned<u32>,
    /// When the constitution gives a range ("up to 3"), the fewest and most seats it
    /// allows, and whether the most was open ("a minimum of 2"): every rule is then
    /// judged over every allowed reading.
    pub range: Option<SeatRange>,
    /// Facts true of every seat.
    pub tags: Vec<Spanned<String>>,
    /// Personal facts false of every seat (unless a member's own tags say otherwise).
    pub not: Vec<Spanned<String>>,
    /// Who appoints or elects its seats, when the file says.
    pub appointed_by: Option<String>,
    /// The bodies its seats represent (names from a `list` fact).
    pub represents: Vec<Spanned<String>>,
    /// When the seats may be of one kind or another: the alternatives, each a list of tags.
    /// `tags` holds the first; every rule is judged on each.
    pub alternatives: Vec<Vec<Spanned<String>>>,
    /// The term of office of its members, in years, when the instrument states it.
    pub term_years: Option<Spanned<u16>>,
    /// Whether its seats vote (observers do not).
    pub voting: bool,
}

impl Sector {
    /// A sector added in memory (`--add-sector`, or a fix being checked): voting, with
    /// `seats` seats and `tags`, and nothing else stated.
    #[must_use]
    pub(crate) fn added(id: Spanned<String>, seats: u32, tags: Vec<Spanned<String>>) -> Self {
        Self {
            name: id.value.clone(),
            seats: Spanned {
                value: seats,
                span: id.span.clone(),
            },
            id,
            tags,
            not: Vec::new(),
            represents: Vec::new(),
            appointed_by: None,
            alternatives: Vec::new(),
            term_years: None,
            voting: true,
            range: None,
        }
    }

    /// The sector as a finding names it: its name when the file gives one ("Staff
    /// governors"), or "the la sector".
    #[must_use]
    pub fn called(&self) -> String {
        if self.name == self.id.value {
            format!("the {} sector", self.id.value)
        } else {
            self.name.clone()
        }
    }

    /// Whether the sector carries `tag`; a non-voting sector carries `non-voting`.
    #[must_use]
    pub fn has_tag(&self, tag: &str) -> bool {
        if tag == NON_VOTING {
            return !self.voting;
        }
        self.tags.iter().any(|t| t.value == tag)
    }
}

/// A named person holding one seat.
#[derive(Debug)]
pub struct Member {
    /// Their name.
    pub name: Spanned<String>,
    /// The sector whose seat they hold, as written.
    pub sector: Spanned<String>,
    /// Index into `Board::sectors`.
    pub sector_index: usize,
    /// Their role.
    pub role: Option<String>,
    /// Who appointed them.
    pub appointed_by: Option<String>,
    /// Facts true of them.
    pub tags: Vec<Spanned<String>>,
    /// Personal facts known to be false of them.
    pub not: Vec<Spanned<String>>,
    /// Start of the current term.
    pub term_start: Option<Spanned<Date>>,
    /// End of the current term.
    pub term_end: Option<Spanned<Date>>,
}

impl Member {
    /// Whether the member has the personal fact `fact`: stated (`tags`), denied (`not`),
    /// or, when neither, false only if the board's register is complete.
    #[must_use]
    pub fn fact(&self, fact: &str, register_complete: bool) -> Option<bool> {
        if self.has_tag(fact) {
            Some(true)
        } else if register_complete || self.not.iter().any(|t| t.value == fact) {
            Some(false)
        } else {
            None
        }
    }

    /// Whether the member carries `tag` personally.
    #[must_use]
    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t.value == tag)
    }
}

/// An office (chair, vice-chair) and who holds it.
#[derive(Debug)]
pub struct Office {
    /// `chair` or `vice-chair`.
    pub title: &'static str,
    /// The `[chair]` table.
    pub span: Span,
    /// Who holds it (the first named, when several share it).
    pub holder: Holder,
    /// Others who share it, when the file names several (co-chairs).
    pub co_holders: Vec<CoHolder>,
}

/// The seats a sector may have, when the constitution gives a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeatRange {
    /// The fewest seats.
    pub min: u32,
    /// The most seats tried (for an open range, the size of the rest of the board).
    pub max: u32,
    /// Whether the constitution sets no most ("a minimum of 2").
    pub open: bool,
}

impl std::fmt::Display for SeatRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.min, self.open) {
            (0, false) => write!(f, "up to {}", self.max),
            (n, true) => write!(f, "at least {n}"),
            (n, false) => write!(f, "{n} to {}", self.max),
        }
    }
}

/// A co-holder of an office: the name as written and an index into `Board::members`.
pub type CoHolder = (Spanned<String>, usize);

impl Office {
    /// How many people hold the office: one, or the co-holders too.
    #[must_use]
    pub fn holders(&self) -> usize {
        1 + self.co_holders.len()
    }
}

/// Who holds an office.
#[derive(Debug)]
#[non_exhaustive]
pub enum Holder {
    /// A named member.
    Member {
        /// The name as written.
        name: Spanned<String>,
        /// Index into `Board::members`.
        index: usize,
    },
    /// In a proposal: someone from one of these sectors (indices into `Board::sectors`).
    Drawn {
        /// The `from` value.
        span: Span,
        /// Sector indices.
        sectors: Vec<usize>,
    },
}

impl Board {
    /// The index of the sector with this id.
    #[must_use]
    pub fn sector_index(&self, id: &str) -> Option<usize> {
        self.sectors.iter().position(|s| s.id.value == id)
    }

    /// Named members holding seats of sector `index`.
    pub fn members_of(&self, index: usize) -> impl Iterator<Item = &Member> {
        self.members.iter().filter(move |m| m.sector_index == index)
    }

    /// Total seats on the board.
    #[must_use]
    pub fn total_seats(&self) -> u64 {
        self.sectors.iter().map(|s| u64::from(s.seats.value)).sum()
    }

    /// The offices stated, chair first.
    pub fn offices(&self) -> impl Iterator<Item = &Office> {
        self.chair.iter().chain(self.vice_chair.iter())
    }

    /// A sector's id and names, for "did you mean".
    pub(crate) fn sector_ids(&self) -> impl Iterator<Item = &str> {
        self.sectors.iter().map(|s| s.id.value.as_str())
    }
}

/// The tag every non-voting sector carries, so rules can select observers.
pub const NON_VOTING: &str = "non-voting";

pub(crate) const BOARD_KEYS: &[&str] = &[
    "board",
    "facts",
    "sectors",
    "members",
    "chair",
    "vice-chair",
    "rules",
    "waivers",
    "meetings",
];

/// The most seats a board may have in all: far beyond any real board (the largest have a
/// few dozen), and small enough that every sum and product of seat counts is exact in
/// the integers boardcheck uses.
pub const MAX_SEATS: u64 = 1_000_000;

/// The most seats one sector may have.
pub const MAX_SECTOR_SEATS: u32 = 10_000;
