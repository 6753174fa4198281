//! Counting by classes: the exact number of passing allocations without a state per
//! sector.
//!
//! A test reads seat totals of features (sets of sectors), so sectors that belong to the
//! same features are interchangeable to every test: they form a *class*, and all the
//! search needs of a class is how many ways it can hold each number of seats (its
//! polynomial, the product of its sectors' ranges). The count is then a dynamic programme
//! over classes, not sectors, whose states are the running tallies of the features, so its
//! cost grows with the rules' distinct tallies rather than with the product of sector
//! ranges. Before it runs, the question is reduced until nothing changes:
//!
//! - a test that reads one feature held by one class is applied to that class's polynomial
//!   (`at least one special school seat` removes the ways of holding none);
//! - a test that holds everywhere in the space is dropped (`at least one head teacher`,
//!   when every head teacher sector keeps a seat);
//! - a test that reads only the board's total becomes a filter on the total;
//! - features no remaining test reads are forgotten, and classes that no longer differ
//!   merge (their polynomials multiply).
//!
//! The board's total is a tally like the others, known once the last class is given its
//! seats, so every board size is counted in one pass. Classes are taken in the order that
//! keeps the fewest independent tallies open (every order weighed when there are few
//! classes, greedily otherwise), and the last class only adds to the answer, without
//! making states. The compiled programme ([`Programme`]) also serves closest-first search
//! ([`super::closest`]).

use super::{Plan, Ways};
use crate::explore::{Exhausted, Feat};
use rustc_hash::FxHashMap as HashMap;
use std::collections::hash_map::Entry as Slot;

/// Why a count in one number type stopped.
pub(super) enum Stop {
    /// The budget ran out.
    Exhausted(Exhausted),
    /// The count does not fit the number type.
    Overflow,
}

impl From<Exhausted> for Stop {
    fn from(e: Exhausted) -> Self {
        Self::Exhausted(e)
    }
}

/// A test still to apply: the considered rule and where it reads its totals.
#[derive(Clone)]
struct Test {
    rule: usize,
    reads: Vec<Feat>,
}

impl Test {
    /// The distinct features it reads, in first-read order.
    fn features(&self) -> Vec<usize> {
        let mut out = Vec::new();
        for f in &self.reads {
            if let Feat::Feature(i) = f {
                if !out.contains(i) {
                    out.push(*i);
                }
            }
        }
        out
    }

    fn reads_total(&self) -> bool {
        self.reads.contains(&Feat::Total)
    }
}

/// Sectors that every remaining test reads alike, and the ways they can hold each number
/// of seats: `ways[g]` for `g` seats in all.
struct Class<W> {
    sectors: Vec<usize>,
    ways: Vec<W>,
    /// Each sector's own ways, in `sectors` order. Exact only when tests were folded into
    /// single sectors ([`Fold::Sectors`]): the closest-first search gives each sector its
    /// seats from them.
    parts: Vec<Vec<W>>,
}

/// Which classes a test that reads only one of them may be folded into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fold {
    /// Any class: counting needs only each class's ways.
    Classes,
    /// Only a class of one sector, so that every sector's own ways stay exact.
    Sectors,
}

impl<W: Ways> Class<W> {
    /// The fewest and most seats the class can hold (`None` when it cannot hold any
    /// number).
    fn span(&self) -> Option<(usize, usize)> {
        let lo = self.ways.iter().position(|w| !w.is_zero())?;
        let hi = self.ways.iter().rposition(|w| !w.is_zero())?;
        Some((lo, hi))
    }
}

/// The question after reduction.
struct Reduced<W> {
    classes: Vec<Class<W>>,
    tests: Vec<Test>,
    /// Whether each board total `t_lo + i` passes the tests that read only the total.
    total_ok: Vec<bool>,
    /// Most seats each feature may hold, from the tests' caps.
    caps: Vec<Option<u64>>,
    /// `false` when a test that reads nothing fails: no allocation passes.
    possible: bool,
}

/// The exact number of passing allocations of `plan`'s space, in `W`.
pub(super) fn count<W: Ways>(plan: &Plan<'_, '_>) -> Result<W, Stop> {
    if plan.model.board.sectors.is_empty() {
        // No sectors: the empty board, if its size and every test allow it.
        let reduced = reduce::<W>(plan, Fold::Classes)?;
        let zero_ok = plan.space.seats.0 == 0 && reduced.total_ok.first().copied().unwrap_or(false);
        let pass = reduced.possible
            && zero_ok
            && reduced.tests.iter().all(|t| evaluate(plan, t, 0, |_| 0));
        return Ok(if pass { W::one() } else { W::zero() });
    }
    run(plan)
}

/// Whether `test` passes with the board's total `t` and each feature's value looked up in
/// `value`.
fn evaluate(plan: &Plan<'_, '_>, test: &Test, t: u64, value: impl Fn(usize) -> u64) -> bool {
    plan.model.considered[test.rule].passes_by(t, value)
}

/// The most test evaluations spent deciding whether one test holds everywhere.
const EVERYWHERE_LIMIT: u64 = 200_000;

#[allow(clippy::too_many_lines)] // one reduction loop over the four rewrites it applies
fn reduce<W: Ways>(plan: &Plan<'_, '_>, fold: Fold) -> Result<Reduced<W>, Stop> {
    let model = plan.model;
    let budget = plan.budget;
    let (t_lo, t_hi) = plan.space.seats;
    let t_hi_us = usize::try_from(t_hi).unwrap_or(usize::MAX);
    let nf = model.features.len();
    let mut tests: Vec<Test> = model
        .considered
        .iter()
        .enumerate()
        .filter(|(r, _)| plan.active.get(*r).copied().unwrap_or(true))
        .map(|(rule, c)| Test {
            rule,
            reads: c.feats.clone(),
        })
        .collect();
    let mut caps: Vec<Option<u64>> = vec![None; nf];
    for t in &tests {
        for &(read, max) in &model.considered[t.rule].test.caps {
            if let Some(Feat::Feature(i)) = t.reads.get(read) {
                caps[*i] = Some(caps[*i].map_or(max, |m| m.min(max)));
            }
        }
    }
    let mut classes: Vec<Class<W>> = Vec::with_capacity(model.board.sectors.len());
    for s in 0..model.board.sectors.len() {
        let (lo, hi) = plan.space.bounds.get(s).copied().unwrap_or((0, 0));
        let (lo, hi) = (lo as usize, (hi as usize).min(t_hi_us));
        let ways = if lo > hi {
            vec![W::zero()]
        } else {
            // The class's ways and the sector's own: two tables.
            budget.spend(2 * super::table_cost(hi + 1))?;
            let mut ways = vec![W::zero(); hi + 1];
            for w in &mut ways[lo..=hi] {
                *w = W::one();
            }
            ways
        };
        classes.push(Class {
            sectors: vec![s],
            parts: vec![ways.clone()],
            ways,
        });
    }
    // The board-size filter: one flag per size.
    budget.spend(u64::from(t_hi.saturating_sub(t_lo)) / 8 + 1)?;
    let mut total_ok: Vec<bool> = (t_lo..=t_hi).map(|_| true).collect();
    let mut possible = true;
    // Which classes each feature holds, for the classes as they stand.
    let members = |classes: &[Class<W>], f: usize| -> Vec<usize> {
        (0..classes.len())
            .filter(|&c| model.features[f][classes[c].sectors[0]])
            .collect()
    };
    // Whether a test can have come to hold everywhere: at first, and after a fold (which
    // narrows what a class can hold). Merging classes changes no feature's range.
    let mut narrowed = true;
    loop {
        let mut changed = false;
        let mut folded = false;
        let mut kept = Vec::with_capacity(tests.len());
        for test in std::mem::take(&mut tests) {
            let feats = test.features();
            let total = test.reads_total();
            let held = match feats.as_slice() {
                [f] => members(&classes, *f),
                _ => Vec::new(),
            };
            match (feats.as_slice(), total) {
                ([], false) => {
                    budget.spend(1)?;
                    if !evaluate(plan, &test, 0, |_| 0) {
                        possible = false;
                    }
                    changed = true;
                }
                ([], true) => {
                    for (ok, t) in total_ok.iter_mut().zip(t_lo..=t_hi) {
                        budget.spend(1)?;
                        *ok = *ok && evaluate(plan, &test, u64::from(t), |_| 0);
                    }
                    changed = true;
                }
                ([_], false)
                    if held.len() == 1
                        && (fold == Fold::Classes || classes[held[0]].sectors.len() == 1) =>
                {
                    let class = &mut classes[held[0]];
                    for (g, w) in class.ways.iter_mut().enumerate() {
                        budget.spend(1)?;
                        if !w.is_zero() && !evaluate(plan, &test, 0, |_| g as u64) {
                            *w = W::zero();
                        }
                    }
                    if class.sectors.len() == 1 {
                        class.parts = vec![class.ways.clone()];
                    }
                    changed = true;
                    folded = true;
                }
                ([_], _) if narrowed && holds_everywhere(plan, &test, &classes, &held)? => {
                    changed = true;
                }
                _ => kept.push(test),
            }
        }
        narrowed = folded;
        tests = kept;
        // Merge the classes no remaining test tells apart.
        let live: Vec<usize> = (0..nf)
            .filter(|f| tests.iter().any(|t| t.reads.contains(&Feat::Feature(*f))))
            .collect();
        let signature = |c: &Class<W>| -> Vec<bool> {
            live.iter()
                .map(|&f| model.features[f][c.sectors[0]])
                .collect()
        };
        let mut merged: Vec<(Vec<bool>, Class<W>)> = Vec::with_capacity(classes.len());
        for class in classes {
            let sig = signature(&class);
            if let Some((_, into)) = merged.iter_mut().find(|(s, _)| *s == sig) {
                let ways = convolve(&into.ways, &class.ways, t_hi_us, budget)?;
                into.ways = ways;
                into.sectors.extend(class.sectors);
                into.parts.extend(class.parts);
                changed = true;
            } else {
                merged.push((sig, class));
            }
        }
        classes = merged.into_iter().map(|(_, c)| c).collect();
        if !changed {
            break;
        }
    }
    Ok(Reduced {
        classes,
        tests,
        total_ok,
        caps,
        possible,
    })
}

/// The ways of holding `g` seats in two classes together, for `g` up to `most`.
fn convolve<W: Ways>(
    a: &[W],
    b: &[W],
    most: usize,
    budget: &super::Budget,
) -> Result<Vec<W>, Stop> {
    if let Some(range) = as_range(b) {
        return window(a, range, most, budget);
    }
    if let Some(range) = as_range(a) {
        return window(b, range, most, budget);
    }
    let len = (a.len() + b.len() - 1).min(most + 1);
    budget.spend(super::table_cost(len))?;
    let mut out = vec![W::zero(); len];
    for (i, x) in a.iter().enumerate().filter(|(_, x)| !x.is_zero()) {
        for (j, y) in b.iter().enumerate().take(len.saturating_sub(i)) {
            if y.is_zero() {
                continue;
            }
            budget.spend(1)?;
            let p = x.times(y).ok_or(Stop::Overflow)?;
            out[i + j] = out[i + j].plus(&p).ok_or(Stop::Overflow)?;
        }
    }
    Ok(out)
}

/// The range `lo..=hi` when `p` is one way for each number in it and none outside: the
/// ways of a single sector.
fn as_range<W: Ways>(p: &[W]) -> Option<(usize, usize)> {
    let lo = p.iter().position(|w| !w.is_zero())?;
    let hi = p.iter().rposition(|w| !w.is_zero())?;
    // When only reaching counts, any way is one way.
    let one = |w: &W| if W::COUNTS { is_one(w) } else { !w.is_zero() };
    p[lo..=hi].iter().all(one).then_some((lo, hi))
}

fn is_one<W: Ways>(w: &W) -> bool {
    !w.is_zero() && w.minus(&W::one()).is_some_and(|d| d.is_zero())
}

/// `a` convolved with one way for each number in `lo..=hi`: each output is the sum of a
/// window of `a`, kept running, so the cost is linear.
fn window<W: Ways>(
    a: &[W],
    (lo, hi): (usize, usize),
    most: usize,
    budget: &super::Budget,
) -> Result<Vec<W>, Stop> {
    let len = (a.len() + hi).min(most + 1);
    budget.spend(super::table_cost(len))?;
    let mut out = Vec::with_capacity(len);
    if !W::COUNTS {
        // Only whether there is a way: the window holds one if its last nonzero entry
        // is still inside it.
        let mut last: Option<usize> = None;
        for k in 0..len {
            if let Some(i) = k
                .checked_sub(lo)
                .filter(|&i| a.get(i).is_some_and(|x| !x.is_zero()))
            {
                last = Some(i);
            }
            out.push(if last.is_some_and(|i| i + hi >= k) {
                W::one()
            } else {
                W::zero()
            });
        }
        return Ok(out);
    }
    let mut sum = W::zero();
    for k in 0..len {
        if let Some(x) = k.checked_sub(lo).and_then(|i| a.get(i)) {
            sum = sum.plus(x).ok_or(Stop::Overflow)?;
        }
        if let Some(x) = k.checked_sub(hi + 1).and_then(|i| a.get(i)) {
            sum = sum.minus(x).ok_or(Stop::Overflow)?;
        }
        out.push(sum.clone());
    }
    Ok(out)
}

/// Whether a test that reads one feature (held by the classes `members`), and perhaps the
/// board's total, passes for every value the feature and the total can take together.
/// Tried only when that is few enough values.
fn holds_everywhere<W: Ways>(
    plan: &Plan<'_, '_>,
    test: &Test,
    classes: &[Class<W>],
    members: &[usize],
) -> Result<bool, Stop> {
    let (t_lo, t_hi) = (u64::from(plan.space.seats.0), u64::from(plan.space.seats.1));
    let (mut lo, mut hi, mut rest_lo, mut rest_hi) = (0u64, 0u64, 0u64, 0u64);
    for (c, class) in classes.iter().enumerate() {
        let Some((a, b)) = class.span() else {
            // A class that can hold no number of seats: nothing passes, so nothing to drop.
            return Ok(false);
        };
        if members.contains(&c) {
            lo += a as u64;
            hi += b as u64;
        } else {
            rest_lo += a as u64;
            rest_hi += b as u64;
        }
    }
    let hi = hi.min(t_hi);
    if lo > hi {
        return Ok(false);
    }
    let totals = |v: u64| (t_lo.max(v + rest_lo), t_hi.min(v + rest_hi));
    let mut work = 0u64;
    for v in lo..=hi {
        let (a, b) = if test.reads_total() {
            totals(v)
        } else {
            (0, 0)
        };
        work = work.saturating_add(b.saturating_sub(a) + 1);
    }
    if work > EVERYWHERE_LIMIT {
        return Ok(false);
    }
    plan.budget.spend(work)?;
    for v in lo..=hi {
        if test.reads_total() {
            let (a, b) = totals(v);
            if !(a..=b).all(|t| evaluate(plan, test, t, |_| v)) {
                return Ok(false);
            }
        } else if !evaluate(plan, test, 0, |_| v) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// One class's step in the programme.
struct Step {
    class: usize,
    /// The features tracked while the class is given its seats: their position in the
    /// previous state (if already open), whether the class belongs to them, and the most
    /// they may hold.
    ext: Vec<(Option<usize>, bool, Option<u64>)>,
    /// The tests applied at this step, with where each of their reads is found.
    tests: Vec<(usize, Vec<Read>)>,
    /// Positions in `ext` kept in the next state.
    keep: Vec<usize>,
    /// Fewest and most seats the later classes can hold.
    rest: (u64, u64),
}

#[derive(Clone, Copy)]
enum Read {
    Total,
    Zero,
    Ext(usize),
}

/// How many independent tallies stay open once a set of classes has its seats: what the
/// number of states grows with. Sets of classes are bit masks.
struct Frontier {
    n: usize,
    /// The classes of each feature some test reads.
    features: Vec<u64>,
    /// Each test: the features it reads (positions in `features`) and whether it reads the
    /// board's total.
    tests: Vec<(Vec<usize>, bool)>,
    /// Classes that can hold more than one number of seats (a fixed class adds no freedom).
    free: u64,
}

impl Frontier {
    fn new<W: Ways>(r: &Reduced<W>, model_features: &[Vec<bool>]) -> Self {
        let n = r.classes.len();
        let mut live: Vec<usize> = r.tests.iter().flat_map(Test::features).collect();
        live.sort_unstable();
        live.dedup();
        let features = live
            .iter()
            .map(|&f| {
                (0..n)
                    .filter(|&c| model_features[f][r.classes[c].sectors[0]])
                    .fold(0u64, |m, c| m | 1 << c)
            })
            .collect();
        let tests = r
            .tests
            .iter()
            .map(|t| {
                let fs = t
                    .features()
                    .iter()
                    .filter_map(|f| live.iter().position(|l| l == f))
                    .collect();
                (fs, t.reads_total())
            })
            .collect();
        let free = (0..n)
            .filter(|&c| r.classes[c].ways.iter().filter(|w| !w.is_zero()).count() > 1)
            .fold(0u64, |m, c| m | 1 << c);
        Self {
            n,
            features,
            tests,
            free,
        }
    }

    /// The features open once the classes in `done` have their seats: started, and read
    /// by a test that cannot be applied yet.
    fn open(&self, done: u64) -> Vec<usize> {
        let all = done.count_ones() as usize == self.n;
        let complete = |f: usize| self.features[f] & !done == 0;
        (0..self.features.len())
            .filter(|&f| self.features[f] & done != 0)
            .filter(|&f| {
                self.tests.iter().any(|(fs, total)| {
                    fs.contains(&f) && !(fs.iter().all(|&g| complete(g)) && (all || !total))
                })
            })
            .collect()
    }

    /// The number of independent tallies (the board's running total among them) open
    /// once the classes in `done` have their seats.
    fn width(&self, done: u64) -> usize {
        let open = self.open(done);
        let rows = (0..self.n)
            .filter(|&k| (done & self.free) >> k & 1 == 1)
            .map(|k| {
                std::iter::once(1.0)
                    .chain(
                        open.iter()
                            .map(|&f| f64::from(u8::from(self.features[f] >> k & 1 == 1))),
                    )
                    .collect()
            })
            .collect();
        rank(rows)
    }
}

/// The most classes whose every order is weighed (2^n sets); beyond it the order is chosen
/// greedily, and beyond 64 classes it is the board's.
const EXACT_ORDER: usize = 10;

/// The most work (sets weighed, times the features and tests each weighing reads) spent
/// weighing every order; a question with more rules is ordered greedily.
const EXACT_ORDER_WORK: usize = 1 << 22;

/// The order of the classes that keeps the work least: the work of a step is estimated as
/// the states before it (the board's most seats to the power of the open tallies) times
/// the seat numbers the class can take. Every order is weighed when there are few classes;
/// otherwise each step takes the class after which the fewest tallies stay open.
fn order<W: Ways>(r: &Reduced<W>, model_features: &[Vec<bool>], most: u64) -> Vec<usize> {
    let n = r.classes.len();
    if n > 64 {
        return (0..n).collect();
    }
    let frontier = Frontier::new(r, model_features);
    let spans: Vec<f64> = r
        .classes
        .iter()
        .map(|c| {
            c.span().map_or(1.0, |(a, b)| {
                f64::from(u32::try_from(b - a + 1).unwrap_or(u32::MAX))
            })
        })
        .collect();
    #[allow(clippy::cast_precision_loss)] // an estimate
    let states = |width: usize| (most as f64 + 1.0).powi(i32::try_from(width).unwrap_or(i32::MAX));
    let weighing = frontier.features.len() * (frontier.tests.len() + n) + 1;
    if n <= EXACT_ORDER && (1usize << n).saturating_mul(weighing) <= EXACT_ORDER_WORK {
        let sets = 1usize << n;
        let widths: Vec<usize> = (0..sets).map(|s| frontier.width(s as u64)).collect();
        // The least work to give the classes of each set their seats, and the class last given.
        let mut best = vec![(f64::INFINITY, usize::MAX); sets];
        best[0] = (0.0, usize::MAX);
        for s in 1..sets {
            for c in (0..n).filter(|&c| s >> c & 1 == 1) {
                let before = s & !(1 << c);
                let work = best[before].0 + states(widths[before]) * spans[c];
                if work < best[s].0 {
                    best[s] = (work, c);
                }
            }
        }
        let mut out = Vec::with_capacity(n);
        let mut s = sets - 1;
        while s != 0 {
            let c = best[s].1;
            out.push(c);
            s &= !(1 << c);
        }
        out.reverse();
        return out;
    }
    let mut done = 0u64;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let open = frontier.open(done);
        let pick = (0..n).filter(|&c| done >> c & 1 == 0).min_by_key(|&c| {
            let after = done | 1 << c;
            let touches = open.iter().any(|&f| frontier.features[f] >> c & 1 == 1);
            (
                frontier.width(after),
                frontier.open(after).len(),
                !touches,
                c,
            )
        });
        let Some(c) = pick else { break };
        done |= 1 << c;
        out.push(c);
    }
    out
}

/// The rank of a small 0/1 matrix, by Gaussian elimination.
fn rank(mut rows: Vec<Vec<f64>>) -> usize {
    let Some(cols) = rows.first().map(Vec::len) else {
        return 0;
    };
    let mut rank = 0;
    for col in 0..cols {
        let Some(p) = (rank..rows.len()).find(|&i| rows[i][col].abs() > 1e-9) else {
            continue;
        };
        rows.swap(rank, p);
        let pivot = rows[rank].clone();
        for row in rows.iter_mut().skip(rank + 1) {
            let k = row[col] / pivot[col];
            if k != 0.0 {
                for (x, y) in row.iter_mut().zip(&pivot) {
                    *x -= k * y;
                }
            }
        }
        rank += 1;
    }
    rank
}

/// Compiles the steps for `order`.
fn steps<W: Ways>(r: &Reduced<W>, order: &[usize], model_features: &[Vec<bool>]) -> Vec<Step> {
    let n = order.len();
    let in_feature = |f: usize, c: usize| model_features[f][r.classes[c].sectors[0]];
    let mut position = vec![0; n];
    for (p, &c) in order.iter().enumerate() {
        position[c] = p;
    }
    let nf = model_features.len();
    // Each feature's first and last step.
    let first_last: Vec<(usize, usize)> = (0..nf)
        .map(|f| {
            (0..n)
                .filter(|&c| in_feature(f, c))
                .map(|c| position[c])
                .fold((n, 0), |(lo, hi), p| (lo.min(p), hi.max(p)))
        })
        .collect();
    // Where each test is applied, and the last step each feature is needed at.
    let mut need = vec![0usize; nf];
    let mut at: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, t) in r.tests.iter().enumerate() {
        let feats = t.features();
        let mut s = feats.iter().map(|&f| first_last[f].1).max().unwrap_or(0);
        if t.reads_total() {
            s = n - 1;
        }
        at[s].push(i);
        for f in feats {
            need[f] = need[f].max(s);
        }
    }
    let mut out = Vec::with_capacity(n);
    let mut prev: Vec<usize> = Vec::new();
    for (j, &class) in order.iter().enumerate() {
        let tracked: Vec<usize> = (0..nf)
            .filter(|&f| {
                first_last[f].0 <= j
                    && need[f] >= j
                    && r.tests.iter().any(|t| t.reads.contains(&Feat::Feature(f)))
            })
            .collect();
        let ext = tracked
            .iter()
            .map(|&f| {
                (
                    prev.iter().position(|&p| p == f),
                    in_feature(f, class),
                    r.caps[f],
                )
            })
            .collect();
        let tests = at[j]
            .iter()
            .map(|&i| {
                let t = &r.tests[i];
                let reads = t
                    .reads
                    .iter()
                    .map(|f| match f {
                        Feat::Total => Read::Total,
                        Feat::Zero => Read::Zero,
                        Feat::Feature(g) => {
                            Read::Ext(tracked.iter().position(|e| e == g).unwrap_or(0))
                        }
                    })
                    .collect();
                (t.rule, reads)
            })
            .collect();
        let keep: Vec<usize> = (0..tracked.len())
            .filter(|&e| need[tracked[e]] > j)
            .collect();
        prev = keep.iter().map(|&e| tracked[e]).collect();
        out.push(Step {
            class,
            ext,
            tests,
            keep,
            rest: (0, 0),
        });
    }
    let mut rest = (0u64, 0u64);
    for step in out.iter_mut().rev() {
        step.rest = rest;
        let (a, b) = r.classes[step.class].span().unwrap_or((0, 0));
        rest.0 += a as u64;
        rest.1 += b as u64;
    }
    out
}

/// Where a class's step leads: a state of the next layer, or (at the last step) a whole
/// allocation of this many seats.
pub(super) enum Next {
    State(Vec<u32>),
    Done(u64),
}

/// The programme over the classes, compiled: the reduced question and each class's step.
pub(super) struct Programme<'a, 'm, 'b, W> {
    plan: &'a Plan<'m, 'b>,
    reduced: Reduced<W>,
    steps: Vec<Step>,
}

impl<'a, 'm, 'b, W: Ways> Programme<'a, 'm, 'b, W> {
    /// Compiles the programme for `plan`; `None` when no allocation can pass (a test that
    /// reads nothing fails, or a class can hold no number of seats).
    pub(super) fn new(plan: &'a Plan<'m, 'b>, fold: Fold) -> Result<Option<Self>, Stop> {
        let reduced = reduce::<W>(plan, fold)?;
        if !reduced.possible
            || reduced.classes.is_empty()
            || reduced.classes.iter().any(|c| c.span().is_none())
        {
            return Ok(None);
        }
        let features = &plan.model.features;
        let order = order(&reduced, features, u64::from(plan.space.seats.1));
        let steps = steps(&reduced, &order, features);
        Ok(Some(Self {
            plan,
            reduced,
            steps,
        }))
    }

    /// The number of steps: one per class.
    pub(super) fn len(&self) -> usize {
        self.steps.len()
    }

    /// The sectors of the class given its seats at step `j`, in board order.
    pub(super) fn sectors(&self, j: usize) -> &[usize] {
        &self.reduced.classes[self.steps[j].class].sectors
    }

    /// The ways each sector of step `j`'s class can hold each number of seats, in the
    /// order of [`Self::sectors`] (exact when compiled with [`Fold::Sectors`]).
    pub(super) fn parts(&self, j: usize) -> &[Vec<W>] {
        &self.reduced.classes[self.steps[j].class].parts
    }

    /// The ways the class of step `j` can hold each number of seats.
    pub(super) fn ways(&self, j: usize) -> &[W] {
        &self.reduced.classes[self.steps[j].class].ways
    }

    /// Whether a board of `t` seats passes the tests that read only the total.
    fn total_ok(&self, t: u64) -> bool {
        let (t_lo, t_hi) = (
            u64::from(self.plan.space.seats.0),
            u64::from(self.plan.space.seats.1),
        );
        (t_lo..=t_hi).contains(&t)
            && usize::try_from(t - t_lo)
                .ok()
                .and_then(|i| self.reduced.total_ok.get(i))
                .copied()
                .unwrap_or(false)
    }

    /// Where giving `g` seats to step `j`'s class leads from the state `key`, or `None`
    /// when a test fails, a cap is passed, or the board's size can no longer be in range.
    /// `ext` and `values` are scratch space.
    pub(super) fn advance(
        &self,
        j: usize,
        key: &[u32],
        g: usize,
        ext: &mut Vec<u64>,
        values: &mut Vec<u64>,
    ) -> Option<Next> {
        let step = &self.steps[j];
        let (t_lo, t_hi) = (
            u64::from(self.plan.space.seats.0),
            u64::from(self.plan.space.seats.1),
        );
        let total = u64::from(key[0]) + g as u64;
        if total + step.rest.0 > t_hi || total + step.rest.1 < t_lo {
            return None;
        }
        ext.clear();
        for &(prev, adds, cap) in &step.ext {
            let v = prev.map_or(0, |p| u64::from(key[1 + p])) + if adds { g as u64 } else { 0 };
            if cap.is_some_and(|c| v > c) {
                return None;
            }
            ext.push(v);
        }
        for (rule, reads) in &step.tests {
            values.clear();
            values.extend(reads.iter().map(|read| match read {
                Read::Total => total,
                Read::Zero => 0,
                Read::Ext(i) => ext[*i],
            }));
            if !self.plan.model.considered[*rule].pass(values) {
                return None;
            }
        }
        if j + 1 == self.steps.len() {
            return self.total_ok(total).then_some(Next::Done(total));
        }
        let mut k = Vec::with_capacity(1 + step.keep.len());
        k.push(u32::try_from(total).unwrap_or(u32::MAX));
        k.extend(
            step.keep
                .iter()
                .map(|&i| u32::try_from(ext[i]).unwrap_or(u32::MAX)),
        );
        Some(Next::State(k))
    }

    /// The seat numbers step `j`'s class can take from a state with `sum` seats so far,
    /// smallest first, with the ways of each (the board's most seats cut the range short).
    pub(super) fn seats_from(&self, j: usize, sum: u32) -> impl Iterator<Item = (usize, &W)> {
        let step = &self.steps[j];
        let ways = self.ways(j);
        let room = u64::from(self.plan.space.seats.1).saturating_sub(u64::from(sum) + step.rest.0);
        let (lo, hi) = self.reduced.classes[step.class].span().unwrap_or((1, 0));
        let hi = hi.min(usize::try_from(room).unwrap_or(usize::MAX));
        (lo..=hi)
            .filter(move |&g| !ways[g].is_zero())
            .map(move |g| (g, &ways[g]))
    }
}

/// The dynamic programme over the classes.
fn run<W: Ways>(plan: &Plan<'_, '_>) -> Result<W, Stop> {
    let Some(programme) = Programme::<W>::new(plan, Fold::Classes)? else {
        return Ok(W::zero());
    };
    let budget = plan.budget;
    let mut layer: HashMap<Vec<u32>, W> = HashMap::from_iter([(vec![0], W::one())]);
    let mut answer = W::zero();
    let (mut ext, mut values) = (Vec::new(), Vec::new());
    for j in 0..programme.len() {
        let mut next: HashMap<Vec<u32>, W> =
            HashMap::with_capacity_and_hasher(layer.len(), rustc_hash::FxBuildHasher);
        let start = budget.used();
        // When the budget runs out part way through a layer, the work of the whole layer,
        // judged by the part done: a lower bound on the whole search's.
        let out_of_budget = |mut e: Exhausted, seen: usize| {
            let seen = seen.max(1) as u64;
            let layer_work = (budget.used() - start).saturating_mul(layer.len() as u64) / seen;
            e.estimate = Some(start.saturating_add(layer_work));
            Stop::Exhausted(e)
        };
        for (seen, (key, ways)) in layer.iter().enumerate() {
            for (g, w) in programme.seats_from(j, key[0]) {
                budget.spend(1).map_err(|e| out_of_budget(e, seen))?;
                let Some(to) = programme.advance(j, key, g, &mut ext, &mut values) else {
                    continue;
                };
                let add = ways.times(w).ok_or(Stop::Overflow)?;
                match to {
                    Next::Done(_) => answer = answer.plus(&add).ok_or(Stop::Overflow)?,
                    Next::State(k) => match next.entry(k) {
                        Slot::Occupied(mut o) => {
                            let s = o.get().plus(&add).ok_or(Stop::Overflow)?;
                            *o.get_mut() = s;
                        }
                        Slot::Vacant(v) => {
                            // Kept until the next class's layer is built: memory.
                            budget
                                .spend(super::state_cost(v.key().len()))
                                .map_err(|e| out_of_budget(e, seen))?;
                            v.insert(add);
                        }
                    },
                }
            }
        }
        layer = next;
    }
    Ok(answer)
}
