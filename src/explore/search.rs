//! The search: counting and closest-first search by classes of sectors, every board size
//! at once (the `classes` and `closest` modules), and listing by a dynamic programme over
//! sectors, one board total at a time.
//!
//! For listing, sectors are taken in an order that keeps sectors read by the same features
//! together. After each sector the state is the seats given so far and the running total
//! of every feature that a pending test still needs; a test is applied at the sector that
//! completes the last feature it reads (with the board's total known, since it is fixed
//! for the run), and features no longer needed are dropped, so states that differ only in
//! them merge. Listing first annotates every state with the number of ways to complete it,
//! then walks only into states that can be completed.

mod classes;
mod closest;
mod near;
mod plan;

use super::{Budget, Exhausted, Model, Space};
use num_bigint::BigUint;
use rustc_hash::FxHashMap as HashMap;
use std::collections::hash_map::Entry as Slot;

/// Where a test reads one of its totals.
#[derive(Debug, Clone, Copy)]
enum Read {
    Total,
    Zero,
    Ext(usize),
}

/// A feature while one sector is given its seats.
#[derive(Debug, Clone)]
struct Ext {
    /// Its position in the previous state, if it was already being tracked.
    prev: Option<usize>,
    /// Whether this step's sector belongs to it.
    adds: bool,
    /// The most it may reach.
    cap: Option<u64>,
}

/// One sector's step.
#[derive(Debug, Clone)]
struct Step {
    sector: usize,
    lo: u32,
    hi: u32,
    /// Fewest and most seats the later sectors can take.
    rest: (u64, u64),
    ext: Vec<Ext>,
    tests: Vec<(usize, Vec<Read>)>,
    /// Positions in `ext` kept in the next state.
    keep: Vec<usize>,
}

type Key = Vec<u32>;

/// An allocation (seats per sector, board order) and its seat changes from the board.
pub type Allocation = (Vec<u32>, u64);

/// A state's completions: how many (saturating: listing only asks whether there are any).
type Entry = u128;

/// The work of keeping one search state whose key holds `len` numbers until the search
/// ends: memory, mostly (about 100 bytes), so it costs as much as many steps. With the
/// default budget a search keeps at most a few million states.
fn state_cost(len: usize) -> u64 {
    64 + len as u64
}

/// The work of keeping a table of `len` numbers (a class's ways, or the fewest changes for
/// each number of seats): 16 bytes each, priced as states are, so that a question over a
/// million seats runs out of budget before it runs out of memory.
fn table_cost(len: usize) -> u64 {
    (len as u64).saturating_mul(10)
}

/// A number of ways that is added up exactly: `u128` while it fits, arbitrary precision
/// after.
trait Ways: Clone {
    /// Whether the number counts ways (`false`: it only says whether there are any).
    const COUNTS: bool = true;
    fn zero() -> Self;
    fn one() -> Self;
    /// `self + other`, or `None` when it does not fit.
    fn plus(&self, other: &Self) -> Option<Self>;
    /// `self × other`, or `None` when it does not fit.
    fn times(&self, other: &Self) -> Option<Self>;
    /// `self - other`, or `None` when `other` is larger.
    fn minus(&self, other: &Self) -> Option<Self>;
    fn is_zero(&self) -> bool;
}

impl Ways for u128 {
    fn zero() -> Self {
        0
    }
    fn one() -> Self {
        1
    }
    fn plus(&self, other: &Self) -> Option<Self> {
        self.checked_add(*other)
    }
    fn times(&self, other: &Self) -> Option<Self> {
        self.checked_mul(*other)
    }
    fn minus(&self, other: &Self) -> Option<Self> {
        self.checked_sub(*other)
    }
    fn is_zero(&self) -> bool {
        *self == 0
    }
}

impl Ways for BigUint {
    fn zero() -> Self {
        BigUint::from(0u8)
    }
    fn one() -> Self {
        BigUint::from(1u8)
    }
    fn plus(&self, other: &Self) -> Option<Self> {
        Some(self + other)
    }
    fn times(&self, other: &Self) -> Option<Self> {
        Some(self * other)
    }
    fn minus(&self, other: &Self) -> Option<Self> {
        (*self >= *other).then(|| self - other)
    }
    fn is_zero(&self) -> bool {
        self.bits() == 0
    }
}

/// A compiled search over one space.
pub struct Plan<'m, 'b> {
    model: &'m Model<'b>,
    space: Space,
    steps: Vec<Step>,
    /// Tests that read only the total (and constants): decided per total before the search.
    total_tests: Vec<(usize, Vec<Read>)>,
    /// The considered rules applied.
    active: Vec<bool>,
    /// The work this search may still do.
    budget: &'m Budget,
}

impl Plan<'_, '_> {
    /// The board totals searched, smallest first.
    pub fn totals(&self) -> impl Iterator<Item = u32> {
        self.space.seats.0..=self.space.seats.1
    }

    /// The sector given seats at each step, in board order indices.
    fn order(&self) -> impl Iterator<Item = usize> + '_ {
        self.steps.iter().map(|s| s.sector)
    }

    /// The seats a step's sector may take from a state with `given` seats so far.
    fn range(step: &Step, given: u32, t: u32) -> std::ops::RangeInclusive<u32> {
        let (given, t) = (u64::from(given), u64::from(t));
        let lo = u64::from(step.lo).max(t.saturating_sub(given + step.rest.1));
        let hi = u64::from(step.hi).min(t.saturating_sub(given + step.rest.0));
        if given + step.rest.0 > t {
            // The later sectors' minimums alone overshoot: nothing fits.
            return std::ops::RangeInclusive::new(1, 0);
        }
        u32::try_from(lo).unwrap_or(u32::MAX)..=u32::try_from(hi).unwrap_or(0)
    }

    /// The state after giving `x` seats at `step` from `key`, or `None` when a test fails.
    fn advance(&self, step: &Step, key: &[u32], x: u32, t: u32, ext: &mut Vec<u64>) -> Option<Key> {
        ext.clear();
        // Seat totals stay below 2^32 (the board's total is a `u32`), so these sums fit.
        for e in &step.ext {
            let v =
                e.prev.map_or(0, |p| u64::from(key[1 + p])) + if e.adds { u64::from(x) } else { 0 };
            if e.cap.is_some_and(|c| v > c) {
                return None;
            }
            ext.push(v);
        }
        let mut buf = [0u64; 8];
        for (r, reads) in &step.tests {
            let mut heap = Vec::new();
            let values = crate::rules::seats::scratch(&mut buf, &mut heap, reads.len());
            for (v, read) in values.iter_mut().zip(reads) {
                *v = match read {
                    Read::Total => u64::from(t),
                    Read::Zero => 0,
                    Read::Ext(i) => ext[*i],
                };
            }
            if !self.model.considered[*r].pass(values) {
                return None;
            }
        }
        let mut next = Vec::with_capacity(1 + step.keep.len());
        next.push(key[0] + x);
        next.extend(
            step.keep
                .iter()
                .map(|&i| u32::try_from(ext[i]).unwrap_or(u32::MAX)),
        );
        Some(next)
    }

    /// Whether the tests that read only the total pass for a board of `t` seats.
    fn total_passes(&self, t: u32) -> bool {
        self.total_tests.iter().all(|(r, reads)| {
            let values: Vec<u64> = reads
                .iter()
                .map(|read| match read {
                    Read::Zero => 0,
                    _ => u64::from(t),
                })
                .collect();
            self.model.considered[*r].pass(&values)
        })
    }

    /// The exact number of passing allocations in the space, counted by classes of
    /// sectors the tests read alike (the `classes` module), every board size in one pass.
    ///
    /// # Errors
    /// [`Exhausted`] when the search needs more work than its budget allows.
    pub fn count(&self) -> Result<BigUint, Exhausted> {
        match classes::count::<u128>(self) {
            Ok(n) => Ok(BigUint::from(n)),
            Err(classes::Stop::Exhausted(e)) => Err(e),
            Err(classes::Stop::Overflow) => match classes::count::<BigUint>(self) {
                Ok(n) => Ok(n),
                Err(classes::Stop::Exhausted(e)) => Err(e),
                // Arbitrary precision does not overflow.
                Err(classes::Stop::Overflow) => Ok(BigUint::from(0u8)),
            },
        }
    }

    /// Annotates the states for `t` seats with their completions, for listing.
    fn table(&self, t: u32) -> Result<Table, Exhausted> {
        let n = self.steps.len();
        let mut layers: Vec<HashMap<Key, Entry>> = Vec::with_capacity(n);
        let empty: Entry = 0;
        if self.total_passes(t) {
            let mut keys: Vec<Key> = vec![vec![0]];
            let mut ext = Vec::new();
            for step in &self.steps {
                let mut next: HashMap<Key, Entry> = HashMap::default();
                for key in &keys {
                    for x in Self::range(step, key[0], t) {
                        // Each step is taken again backwards when the states are annotated.
                        self.budget.spend(2)?;
                        if let Some(k) = self.advance(step, key, x, t, &mut ext) {
                            if let Slot::Vacant(v) = next.entry(k) {
                                // Stored twice: in the layer and in the keys list.
                                self.budget.spend(2 * state_cost(v.key().len()))?;
                                v.insert(empty);
                            }
                        }
                    }
                }
                keys = next.keys().cloned().collect();
                layers.push(next);
            }
        }
        let mut table = Table {
            t,
            layers,
            root: empty,
        };
        if table.layers.len() < n {
            return Ok(table);
        }
        if let Some(last) = table.layers.last_mut() {
            for e in last.values_mut() {
                *e = 1;
            }
        }
        let mut ext = Vec::new();
        for j in (0..n).rev() {
            let step = &self.steps[j];
            let (before, after) = table.layers.split_at_mut(j);
            let later = &after[0];
            let complete = |key: &[u32], ext: &mut Vec<u64>| {
                let mut e = empty;
                for x in Self::range(step, key[0], t) {
                    if let Some(child) = self
                        .advance(step, key, x, t, ext)
                        .and_then(|k| later.get(&k))
                    {
                        e = e.saturating_add(*child);
                    }
                }
                e
            };
            if j == 0 {
                table.root = complete(&[0], &mut ext);
            } else {
                for (key, e) in &mut before[j - 1] {
                    *e = complete(key, &mut ext);
                }
            }
        }
        Ok(table)
    }

    /// Calls `f` with every passing allocation (board order), board totals smallest first,
    /// until it returns `false`. Memory stays proportional to the states, not the list.
    ///
    /// # Errors
    /// [`Exhausted`] when annotating a board total's states needs more work than the budget
    /// allows; the allocations of the totals before it have been given to `f`.
    pub fn each(&self, mut f: impl FnMut(&[u32]) -> bool) -> Result<(), Exhausted> {
        let mut alloc = vec![0u32; self.steps.len()];
        let mut internal = Vec::with_capacity(self.steps.len());
        for t in self.totals() {
            let table = self.table(t)?;
            if table.root == 0 {
                continue;
            }
            let mut ext = Vec::new();
            if !self.walk(&table, 0, &[0], &mut internal, &mut alloc, &mut ext, &mut f) {
                return Ok(());
            }
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn walk(
        &self,
        table: &Table,
        j: usize,
        key: &[u32],
        internal: &mut Vec<u32>,
        alloc: &mut [u32],
        ext: &mut Vec<u64>,
        f: &mut impl FnMut(&[u32]) -> bool,
    ) -> bool {
        if j == self.steps.len() {
            for (x, sector) in internal.iter().zip(self.order()) {
                alloc[sector] = *x;
            }
            return f(alloc);
        }
        let step = &self.steps[j];
        for x in Self::range(step, key[0], table.t) {
            let Some(child) = self.advance(step, key, x, table.t, ext) else {
                continue;
            };
            if table.layers[j].get(&child).is_some_and(|e| *e > 0) {
                internal.push(x);
                let go_on = self.walk(table, j + 1, &child, internal, alloc, ext, f);
                internal.pop();
                if !go_on {
                    return false;
                }
            }
        }
        true
    }

    /// The `limit` passing allocations closest to `current` (fewest seat changes), with
    /// their changes, closest first; ties go to the board size nearest the current one,
    /// then to the seats in the search's order of sectors. Searched by classes of sectors
    /// (the `closest` module), every board size at once, with exact estimates, so it only ever
    /// expands nodes on the way to a result.
    ///
    /// # Errors
    /// [`Exhausted`] when the search needs more work than its budget allows.
    pub fn closest(&self, current: &[u32], limit: usize) -> Result<Vec<Allocation>, Exhausted> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        closest::closest(self, current, limit)
    }
}

/// One board total's states, annotated with their completions.
struct Table {
    t: u32,
    /// The states after each step.
    layers: Vec<HashMap<Key, Entry>>,
    root: Entry,
}
