//! The options explorer: every allocation of seats to a board's sectors that satisfies its
//! seat-level rules, counted exactly and listed without brute force.
//!
//! Each rule says what it asks of seat counts ([`crate::rules::seats`]). A rule's test reads
//! seat totals of selectors; on a board whose seats are all vacant, a selector's total is the
//! sum of the seats of the sectors it matches, so each becomes a *feature*: a set of sectors.
//! The search ([`search`]) is a dynamic programme whose state is the running total of seats
//! and of each feature still needed, with every test applied as soon as the features it
//! reads are complete. Counting never enumerates allocations: it runs over classes of
//! sectors that every test reads alike, so its cost grows with the rules' distinct tallies,
//! not with the number of sectors. Listing runs over sectors and walks the states
//! backwards-annotated, so it never meets a dead end.
//!
//! Named members are set aside: the explorer works on seats as the sectors' tags describe
//! them. Rules about people (personal facts, members in office) are reported as not
//! considered; rules that seat counts cannot change (offices, terms) are reported with their
//! verdict on the board as it stands.

pub mod fix;
pub mod search;
pub mod suggest;

use crate::diagnostic::Severity;
use crate::model::Board;
use crate::rules::seats::{SeatLevel, SeatTest};
use crate::rules::selector::Truth;
use crate::rules::Rule;

/// Where a test reads a seat total from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Feat {
    /// Every seat: the board's total.
    Total,
    /// A selector no sector matches: always 0.
    Zero,
    /// One of the model's features.
    Feature(usize),
}

/// A seat-level rule the explorer searches over.
pub struct Considered<'r> {
    /// The rule.
    pub rule: &'r Rule,
    test: SeatTest,
    feats: Vec<Feat>,
}

impl Considered<'_> {
    fn pass(&self, values: &[u64]) -> bool {
        (self.test.pass)(values)
    }

    /// Whether the rule passes with the board's total and each feature's total given.
    fn passes_with(&self, total: u64, sums: &[u64]) -> bool {
        self.passes_by(total, |i| sums[i])
    }

    /// Whether the rule passes with the board's total `total` and each feature's total
    /// looked up in `value`.
    pub(crate) fn passes_by(&self, total: u64, value: impl Fn(usize) -> u64) -> bool {
        let (mut buf, mut heap) = ([0u64; 8], Vec::new());
        let values = crate::rules::seats::scratch(&mut buf, &mut heap, self.feats.len());
        for (v, f) in values.iter_mut().zip(&self.feats) {
            *v = match f {
                Feat::Total => total,
                Feat::Zero => 0,
                Feat::Feature(i) => value(*i),
            };
        }
        self.pass(values)
    }
}

/// How much work one question to the explorer may take, counted in steps of the search
/// and states kept (a state costs as much as several steps: it is memory). A search that
/// runs out stops with [`Exhausted`] instead of running on: nothing a board file says can
/// make boardcheck hang or exhaust memory.
#[derive(Debug)]
pub struct Budget {
    left: std::cell::Cell<u64>,
    limit: u64,
}

/// A search stopped because it needed more work than its [`Budget`] allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exhausted {
    /// The budget it ran out of.
    pub limit: u64,
    /// What the whole search would take, estimated from the part done (when it can be):
    /// a lower bound, since it counts only the work up to the end of the step it stopped in.
    pub estimate: Option<u64>,
}

impl std::fmt::Display for Exhausted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the search needs more than {} units of work",
            crate::report::table::thousands(self.limit)
        )?;
        if let Some(e) = self.estimate.filter(|e| *e > self.limit) {
            write!(
                f,
                " (at least about {}, judging by the part of the search done before it stopped)",
                crate::report::table::thousands(e)
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for Exhausted {}

impl Budget {
    /// The default for `options`, `suggest` and `fix` (`--work-limit`): a few seconds, and
    /// under 200 megabytes.
    pub const EXPLORE: u64 = 50_000_000;
    /// The default for the smallest fix `check` attaches to a breach: milliseconds.
    pub const CHECK: u64 = 400_000;

    /// A budget of `limit` units.
    #[must_use]
    pub fn new(limit: u64) -> Self {
        Self {
            left: std::cell::Cell::new(limit),
            limit,
        }
    }

    /// The units spent so far.
    #[must_use]
    pub fn used(&self) -> u64 {
        self.limit - self.left.get()
    }

    /// Spends `units`, or says the budget is gone.
    pub(crate) fn spend(&self, units: u64) -> Result<(), Exhausted> {
        match self.left.get().checked_sub(units) {
            Some(left) => {
                self.left.set(left);
                Ok(())
            }
            None => {
                self.left.set(0);
                Err(Exhausted {
                    limit: self.limit,
                    estimate: None,
                })
            }
        }
    }
}

/// A board's rules, sorted by what seat counts can do about them.
pub struct Model<'b> {
    /// The board.
    pub board: &'b Board,
    /// Rules decided by seat counts alone, at or above the fail level.
    pub considered: Vec<Considered<'b>>,
    /// Rules that seat counts do not change (offices, terms, undetermined).
    pub fixed: Vec<&'b Rule>,
    /// Rules about people (personal facts, members in office), not considered.
    pub people: Vec<&'b Rule>,
    /// Rules below the fail level, not required.
    pub lenient: Vec<&'b Rule>,
    /// Each feature's sectors, in board order.
    features: Vec<Vec<bool>>,
}

impl<'b> Model<'b> {
    /// Sorts `rules` for `board`. Rules whose severity is below `fail_level` are not required.
    pub fn new(
        board: &'b Board,
        rules: impl IntoIterator<Item = &'b Rule>,
        fail_level: Severity,
    ) -> Self {
        let mut model = Self {
            board,
            considered: Vec::new(),
            fixed: Vec::new(),
            people: Vec::new(),
            lenient: Vec::new(),
            features: Vec::new(),
        };
        for rule in rules {
            if rule.severity < fail_level {
                model.lenient.push(rule);
                continue;
            }
            match rule.seat_level(board) {
                SeatLevel::Fixed => model.fixed.push(rule),
                SeatLevel::People => model.people.push(rule),
                SeatLevel::Test(test) => match model.features_of(&test) {
                    Some(feats) => model.considered.push(Considered { rule, test, feats }),
                    None => model.people.push(rule),
                },
            }
        }
        model
    }

    /// The features a test reads; `None` when a selector depends on who holds a seat.
    fn features_of(&mut self, test: &SeatTest) -> Option<Vec<Feat>> {
        let mut feats = Vec::new();
        for selector in &test.reads {
            let mut member = Vec::with_capacity(self.board.sectors.len());
            for i in 0..self.board.sectors.len() {
                match selector.eval(self.board, i, None) {
                    Truth::Yes => member.push(true),
                    Truth::No => member.push(false),
                    Truth::Unknown => return None,
                }
            }
            feats.push(if member.iter().all(|&m| m) {
                Feat::Total
            } else if !member.iter().any(|&m| m) {
                Feat::Zero
            } else if let Some(i) = self.features.iter().position(|f| *f == member) {
                Feat::Feature(i)
            } else {
                self.features.push(member);
                Feat::Feature(self.features.len() - 1)
            });
        }
        Some(feats)
    }

    /// Whether seat counts `seats` (board order) pass every considered rule in `active`.
    /// The direct evaluation, used to describe one allocation.
    #[must_use]
    pub fn passes(&self, seats: &[u32], active: &[bool]) -> bool {
        self.breaks(seats, active).next().is_none()
    }

    /// The sectors the considered rule `r` counts in particular (not merely as part of the
    /// whole board): the sectors of its features.
    #[must_use]
    pub fn counted_sectors(&self, r: usize) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for f in &self.considered[r].feats {
            if let Feat::Feature(i) = f {
                for (s, &on) in self.features[*i].iter().enumerate() {
                    if on && !out.contains(&s) {
                        out.push(s);
                    }
                }
            }
        }
        out.sort_unstable();
        out
    }

    /// The indices of the considered rules that `seats` (board order) break.
    #[must_use]
    pub fn failing(&self, seats: &[u32]) -> Vec<usize> {
        self.breaks(seats, &[]).collect()
    }

    /// The considered rules (those marked in `active`; all beyond its end) that `seats`
    /// break, lazily: each feature is summed once.
    fn breaks<'s>(&'s self, seats: &[u32], active: &'s [bool]) -> impl Iterator<Item = usize> + 's {
        let total: u64 = seats.iter().map(|&s| u64::from(s)).sum();
        let sums = self.feature_sums(seats);
        self.considered
            .iter()
            .enumerate()
            .filter(move |(i, _)| active.get(*i).copied().unwrap_or(true))
            .filter(move |(_, c)| !c.passes_with(total, &sums))
            .map(|(i, _)| i)
    }

    /// Each feature's total for seat counts `seats` (board order).
    pub(crate) fn feature_sums(&self, seats: &[u32]) -> Vec<u64> {
        self.features
            .iter()
            .map(|f| {
                f.iter()
                    .zip(seats)
                    .filter(|(m, _)| **m)
                    .map(|(_, &s)| u64::from(s))
                    .sum()
            })
            .collect()
    }

    /// Whether every considered rule marked in `active` passes with the board's total and
    /// each feature's total given.
    pub(crate) fn passes_sums(&self, total: u64, sums: &[u64], active: &[bool]) -> bool {
        self.considered
            .iter()
            .enumerate()
            .filter(|(i, _)| active.get(*i).copied().unwrap_or(true))
            .all(|(_, c)| c.passes_with(total, sums))
    }

    /// The board's seat counts as written.
    #[must_use]
    pub fn current(&self) -> Vec<u32> {
        self.board.sectors.iter().map(|s| s.seats.value).collect()
    }
}

/// The allocations to search: the board's total and each sector's seats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Space {
    /// Fewest and most seats on the board, inclusive.
    pub seats: (u32, u32),
    /// Fewest and most seats per sector (board order), inclusive.
    pub bounds: Vec<(u32, u32)>,
}

impl Space {
    /// Every sector keeps at least one seat, and at least one per named member holding its
    /// seats, so that an allocation never unseats anyone; a sector the constitution gives
    /// as a range stays within it. The total is `seats`.
    #[must_use]
    pub fn around(board: &Board, seats: (u32, u32)) -> Self {
        let bounds = board
            .sectors
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let members = u32::try_from(board.members_of(i).count()).unwrap_or(u32::MAX);
                match s.range {
                    Some(r) if !r.open => (members.max(r.min), r.max.max(members)),
                    Some(r) => (members.max(r.min), seats.1),
                    None => (members.max(1), seats.1),
                }
            })
            .collect();
        Self { seats, bounds }
    }
}

/// Seat changes between two allocations: seats added, removed or moved. Moving a seat
/// from one sector to another is one change.
#[must_use]
pub fn changes(from: &[u32], to: &[u32]) -> u64 {
    let (mut added, mut removed) = (0u64, 0u64);
    for (&a, &b) in from.iter().zip(to) {
        if b > a {
            added += u64::from(b - a);
        } else {
            removed += u64::from(a - b);
        }
    }
    added.max(removed)
}

/// The result of searching a space: how many allocations pass, and when none does, why.
pub struct Answer {
    /// The exact number of allocations that satisfy every considered rule, of any size.
    pub count: num_bigint::BigUint,
    /// When there are none: the rules (indices into `Model::considered`) that together leave
    /// no allocation, each needed (removing any one of them leaves some allocation). Empty
    /// when the space itself (seat range and sector bounds) is empty.
    pub conflict: Vec<usize>,
}

impl Answer {
    /// Whether no allocation passes.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.count.bits() == 0
    }
}

/// Counts the allocations of `space` that pass the model, and explains an empty answer.
///
/// # Errors
/// [`Exhausted`] when the question needs more work than `budget` allows.
pub fn answer(model: &Model<'_>, space: &Space, budget: &Budget) -> Result<Answer, Exhausted> {
    let all = vec![true; model.considered.len()];
    let count = search::Plan::new(model, space, &all, budget).count()?;
    let zero = num_bigint::BigUint::from(0u8);
    if count > zero {
        return Ok(Answer {
            count,
            conflict: Vec::new(),
        });
    }
    // Deletion filter: drop each rule whose absence still leaves nothing.
    let mut active = all;
    if search::Plan::new(model, space, &vec![false; active.len()], budget).count()? == zero {
        return Ok(Answer {
            count,
            conflict: Vec::new(),
        });
    }
    for i in 0..active.len() {
        active[i] = false;
        if search::Plan::new(model, space, &active, budget).count()? > zero {
            active[i] = true;
        }
    }
    Ok(Answer {
        count,
        conflict: (0..active.len()).filter(|&i| active[i]).collect(),
    })
}
