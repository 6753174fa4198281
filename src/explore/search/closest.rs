//! Closest-first search by classes: the allocations nearest the board as it stands, fewest
//! seat changes first, for every board size at once.
//!
//! The programme over classes ([`super::classes`]) is run forwards to find every state,
//! then backwards to annotate each with the least it must still change: for a class given
//! `g` seats, the fewest seat differences among its sectors is known in closed form (each
//! sector's seats now, held within its bounds, then one difference per seat the class is
//! above or below that), and the board's size adds its distance from the size now. A seat
//! change is half of those differences plus the size's distance: a seat moved is one seat
//! fewer here and one more there.
//!
//! The best-first search then gives sectors their seats one at a time, class by class,
//! with the exact least changes of the best completion as its estimate, so it only ever
//! expands nodes on the way to a result. Ties go to the board size nearest the current
//! one, then to the seats in the search's order of sectors.

use super::classes::{Fold, Next, Programme, Stop};
use super::{state_cost, Allocation, Plan, Ways};
use crate::explore::Exhausted;
use rustc_hash::FxHashMap as HashMap;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Whether a class can hold a number of seats: all the closest-first search needs of its
/// ways, and never too large to hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Reach(bool);

impl Ways for Reach {
    const COUNTS: bool = false;
    fn zero() -> Self {
        Self(false)
    }
    fn one() -> Self {
        Self(true)
    }
    fn plus(&self, other: &Self) -> Option<Self> {
        Some(Self(self.0 || other.0))
    }
    fn times(&self, other: &Self) -> Option<Self> {
        Some(Self(self.0 && other.0))
    }
    fn minus(&self, _: &Self) -> Option<Self> {
        None
    }
    fn is_zero(&self) -> bool {
        !self.0
    }
}

/// The least a completion must still change, as (seat differences to come plus the board
/// size's distance from now, that distance): compared in that order.
type Rest = (u64, u64);

/// The fewest seat differences from now among some sectors holding `y` seats together,
/// for each `y` (`None`: they cannot): `least[y]`.
#[derive(Debug, Clone)]
struct Spread {
    least: Vec<Option<u64>>,
}

impl Spread {
    /// No sectors: nothing to hold, nothing to change.
    fn none() -> Self {
        Self {
            least: vec![Some(0)],
        }
    }

    /// With one more sector, holding `now` seats and able to hold those its `ways` allow:
    /// a min-plus product, cut at `most` seats.
    fn with(
        &self,
        now: u32,
        ways: &[Reach],
        most: usize,
        budget: &super::Budget,
    ) -> Result<Self, Exhausted> {
        let len = (self.least.len() + ways.len() - 1).min(most + 1);
        budget.spend(super::table_cost(len))?;
        let mut least = vec![None; len];
        for (x, _) in ways.iter().enumerate().filter(|(_, w)| w.0) {
            let d = u64::from(now).abs_diff(x as u64);
            budget.spend(self.least.len() as u64 / 4 + 1)?;
            for (y, l) in self.least.iter().enumerate().take(len.saturating_sub(x)) {
                if let Some(l) = l {
                    let slot = &mut least[x + y];
                    if slot.is_none_or(|s| l + d < s) {
                        *slot = Some(l + d);
                    }
                }
            }
        }
        Ok(Self { least })
    }

    fn least(&self, y: u64) -> Option<u64> {
        usize::try_from(y)
            .ok()
            .and_then(|y| self.least.get(y))
            .copied()
            .flatten()
    }
}

/// A node of the search: the sectors before position `p` (in the search's order) have
/// their seats (`prefix`); `key` is the programme's state before the class of `p`, whose
/// sectors so far hold `given`; `differences` is the seat differences so far.
#[derive(Default)]
struct Node {
    p: usize,
    key: Vec<u32>,
    given: u64,
    differences: u64,
    prefix: Vec<u32>,
}

/// The states after each step, annotated with the least their completions must still
/// change (`None`: no completion passes).
type Layer = HashMap<Vec<u32>, Option<Rest>>;

/// The search's queue: (least changes, board size's distance, seats so far, node), least
/// first.
type Queue = BinaryHeap<Reverse<(u64, u64, Vec<u32>, usize)>>;

/// A position in the search's order of sectors: the class's step, the sector's own ways,
/// and the spread of the sectors after it in the class.
struct Place<'p> {
    step: usize,
    ways: &'p [Reach],
    rest: Spread,
}

/// The `limit` passing allocations of `plan`'s space closest to `current`, closest first.
pub(super) fn closest(
    plan: &Plan<'_, '_>,
    current: &[u32],
    limit: usize,
) -> Result<Vec<Allocation>, Exhausted> {
    let programme = match Programme::<Reach>::new(plan, Fold::Sectors) {
        Ok(Some(p)) => p,
        Ok(None) => return Ok(Vec::new()),
        Err(Stop::Exhausted(e)) => return Err(e),
        Err(Stop::Overflow) => unreachable!("reaching never overflows"),
    };
    let budget = plan.budget;
    let most = usize::try_from(plan.space.seats.1).unwrap_or(usize::MAX);
    let now = |s: usize| current.get(s).copied().unwrap_or(0);
    // The search's order of sectors: class by class.
    let mut order: Vec<usize> = Vec::new();
    let mut place: Vec<Place<'_>> = Vec::new();
    let mut class_spread: Vec<Spread> = Vec::with_capacity(programme.len());
    for j in 0..programme.len() {
        let (sectors, parts) = (programme.sectors(j), programme.parts(j));
        let mut after = vec![Spread::none(); sectors.len()];
        for k in (0..sectors.len().saturating_sub(1)).rev() {
            after[k] = after[k + 1].with(now(sectors[k + 1]), &parts[k + 1], most, budget)?;
        }
        class_spread.push(after[0].with(now(sectors[0]), &parts[0], most, budget)?);
        for (k, (&s, rest)) in sectors.iter().zip(after).enumerate() {
            order.push(s);
            place.push(Place {
                step: j,
                ways: &parts[k],
                rest,
            });
        }
    }
    if let Some(quick) = plan.within_one(current, limit, &order)? {
        return Ok(quick);
    }
    let c_total: u64 = current.iter().map(|&c| u64::from(c)).sum();
    let layers = annotate(&programme, &class_spread, c_total, budget)?;
    Search {
        programme: &programme,
        layers,
        order,
        place,
        current,
        c_total,
        budget,
    }
    .run(limit)
}

/// The best-first search over sectors, with its annotated states.
struct Search<'p, 'a, 'm, 'b> {
    programme: &'p Programme<'a, 'm, 'b, Reach>,
    layers: Vec<Layer>,
    order: Vec<usize>,
    place: Vec<Place<'p>>,
    current: &'p [u32],
    c_total: u64,
    budget: &'p super::Budget,
}

impl Search<'_, '_, '_, '_> {
    fn run(&self, limit: usize) -> Result<Vec<Allocation>, Exhausted> {
        let mut heap: Queue = BinaryHeap::new();
        let mut nodes: Vec<Node> = vec![Node {
            key: vec![0],
            ..Node::default()
        }];
        heap.push(Reverse((0, 0, Vec::new(), 0)));
        let mut out = Vec::new();
        while let Some(Reverse((changes, _, _, id))) = heap.pop() {
            let node = std::mem::take(&mut nodes[id]);
            if node.p == self.order.len() {
                let mut alloc = vec![0; self.order.len()];
                for (x, &s) in node.prefix.iter().zip(&self.order) {
                    alloc[s] = *x;
                }
                out.push((alloc, changes));
                if out.len() >= limit {
                    break;
                }
                continue;
            }
            self.expand(&node, &mut heap, &mut nodes)?;
        }
        Ok(out)
    }

    /// The least each of step `j`'s class totals leaves to change after the class, and the
    /// state it leads to; totals that fail are left out.
    fn after_class(&self, j: usize, key: &[u32]) -> Result<Vec<(u64, Rest, Vec<u32>)>, Exhausted> {
        let (ext, values) = (&mut Vec::new(), &mut Vec::new());
        let mut out = Vec::new();
        for (g, _) in self.programme.seats_from(j, key[0]) {
            self.budget.spend(1)?;
            let later = &self.layers[j];
            if let Some((rest, k)) =
                rest_after(self.programme, later, j, key, g, self.c_total, ext, values)
            {
                out.push((g as u64, rest, k));
            }
        }
        Ok(out)
    }

    /// Queues each child of `node`: the next sector given each number of seats its ways
    /// allow, with the least changes of its best completion.
    fn expand(
        &self,
        node: &Node,
        heap: &mut Queue,
        nodes: &mut Vec<Node>,
    ) -> Result<(), Exhausted> {
        let s = self.order[node.p];
        let place = &self.place[node.p];
        let j = place.step;
        let last_in_class = node.p + 1 == self.order.len() || self.place[node.p + 1].step != j;
        let totals = self.after_class(j, &node.key)?;
        let now = self.current.get(s).copied().unwrap_or(0);
        for x in (0..place.ways.len()).filter(|&x| place.ways[x].0) {
            let x = u32::try_from(x).unwrap_or(u32::MAX);
            let given = node.given + u64::from(x);
            let differences = node.differences + u64::from(x.abs_diff(now));
            // The best completion: the rest of the class, then the programme's annotation.
            let mut best: Option<(Rest, usize)> = None;
            for (i, (g, after, _)) in totals.iter().enumerate() {
                let Some(spread) = g.checked_sub(given).and_then(|y| place.rest.least(y)) else {
                    continue;
                };
                let r = (spread + after.0, after.1);
                if best.is_none_or(|(b, _)| r < b) {
                    best = Some((r, i));
                }
            }
            self.budget.spend(1 + totals.len() as u64 / 8)?;
            let Some(((left, gap), i)) = best else {
                continue;
            };
            let mut prefix = node.prefix.clone();
            prefix.push(x);
            self.budget
                .spend(state_cost(node.key.len()) + 2 * state_cost(prefix.len()))?;
            let (key, given) = if last_in_class {
                (totals[i].2.clone(), 0)
            } else {
                (node.key.clone(), given)
            };
            nodes.push(Node {
                p: node.p + 1,
                key,
                given,
                differences,
                prefix: prefix.clone(),
            });
            // Differences and the size's distance always add to an even number.
            heap.push(Reverse((
                u64::midpoint(differences, left),
                gap,
                prefix,
                nodes.len() - 1,
            )));
        }
        Ok(())
    }
}

/// The least left to change once step `j`'s class holds `g` seats from the state `key`,
/// and the state that leads to (empty after the last class, where the board's size is
/// known and its distance from the size now is all that is left): `None` when a test
/// fails or no completion of that state passes. `later` holds the states after step `j`,
/// annotated; `ext` and `values` are scratch space.
#[allow(clippy::too_many_arguments)] // the programme's step, read against one annotated layer
fn rest_after(
    programme: &Programme<'_, '_, '_, Reach>,
    later: &Layer,
    j: usize,
    key: &[u32],
    g: usize,
    c_total: u64,
    ext: &mut Vec<u64>,
    values: &mut Vec<u64>,
) -> Option<(Rest, Vec<u32>)> {
    match programme.advance(j, key, g, ext, values)? {
        Next::Done(total) => {
            let gap = total.abs_diff(c_total);
            Some(((gap, gap), Vec::new()))
        }
        Next::State(k) => {
            let rest = later.get(&k).copied().flatten()?;
            Some((rest, k))
        }
    }
}

/// Every state of the programme, annotated with the least its completions must still
/// change (`None`: no completion passes). `layers[j]` holds the states after step `j`.
fn annotate(
    programme: &Programme<'_, '_, '_, Reach>,
    spread: &[Spread],
    c_total: u64,
    budget: &super::Budget,
) -> Result<Vec<Layer>, Exhausted> {
    let n = programme.len();
    let (ext, values) = (&mut Vec::new(), &mut Vec::new());
    let mut layers: Vec<Layer> = Vec::with_capacity(n);
    let mut keys: Vec<Vec<u32>> = vec![vec![0]];
    for j in 0..n.saturating_sub(1) {
        let mut next: Layer = HashMap::default();
        for key in &keys {
            for (g, _) in programme.seats_from(j, key[0]) {
                // Each step is taken again backwards.
                budget.spend(2)?;
                if let Some(Next::State(k)) = programme.advance(j, key, g, ext, values) {
                    if let std::collections::hash_map::Entry::Vacant(v) = next.entry(k) {
                        // Stored twice: in the layer and in the keys list.
                        budget.spend(2 * state_cost(v.key().len()))?;
                        v.insert(None);
                    }
                }
            }
        }
        keys = next.keys().cloned().collect();
        layers.push(next);
    }
    // The last step leads to whole allocations, never to states: an empty layer.
    layers.push(HashMap::default());
    // The states after step `j - 1`, annotated from those after step `j`; the root (before
    // step 0) needs none, since the search starts there.
    for j in (1..n).rev() {
        let (before, after) = layers.split_at_mut(j);
        let later = &after[0];
        for (key, rest) in &mut before[j - 1] {
            let mut best: Option<Rest> = None;
            for (g, _) in programme.seats_from(j, key[0]) {
                let r = rest_after(programme, later, j, key, g, c_total, ext, values);
                let (Some(((left, gap), _)), Some(here)) = (r, spread[j].least(g as u64)) else {
                    continue;
                };
                let r = (here + left, gap);
                if best.is_none_or(|b| r < b) {
                    best = Some(r);
                }
            }
            *rest = best;
        }
    }
    Ok(layers)
}
