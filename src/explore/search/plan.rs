//! Compiling a search: the order sectors are taken in, where each test is applied, which
//! running totals each step keeps, and the caps that stop a branch early.

use super::{Ext, Plan, Read, Step};
use crate::explore::{Budget, Feat, Model, Space};
use std::cmp::Reverse;

/// Where each considered rule's test is applied.
struct Placement {
    /// The tests applied at each step (by position in the order).
    at: Vec<Vec<usize>>,
    /// The last step at which each feature's running total is still needed.
    need: Vec<usize>,
    /// Tests that read only the board's total (and constants).
    total_tests: Vec<usize>,
    /// The most each feature may reach, from the tests' caps.
    caps: Vec<Option<u64>>,
    /// The most seats the board may have, from the tests' caps.
    total_cap: Option<u64>,
}

impl<'m, 'b> Plan<'m, 'b> {
    /// Compiles the search for `space`, applying the considered rules marked in `active`;
    /// every search it runs spends `budget`, and stops with [`super::Exhausted`] when it
    /// runs out.
    #[must_use]
    pub fn new(model: &'m Model<'b>, space: &Space, active: &[bool], budget: &'m Budget) -> Self {
        let order = order(model);
        let n = order.len();
        let mut position = vec![0; n];
        for (p, &sector) in order.iter().enumerate() {
            position[sector] = p;
        }
        // Each feature's first and last step.
        let (first, last): (Vec<usize>, Vec<usize>) = (0..model.features.len())
            .map(|f| {
                let steps = (0..n)
                    .filter(|&i| model.features[f][i])
                    .map(|sector| position[sector]);
                steps.fold((n, 0), |(lo, hi), p| (lo.min(p), hi.max(p)))
            })
            .unzip();
        let placement = place(model, active, &last);
        let mut seats = space.seats;
        if let Some(cap) = placement.total_cap {
            seats.1 = seats.1.min(u32::try_from(cap).unwrap_or(u32::MAX));
        }
        let steps = steps(model, space, &order, &first, &placement);
        let total_tests = placement
            .total_tests
            .into_iter()
            .map(|r| {
                let reads = model.considered[r]
                    .feats
                    .iter()
                    .map(|f| match f {
                        Feat::Zero => Read::Zero,
                        _ => Read::Total,
                    })
                    .collect();
                (r, reads)
            })
            .collect();
        Self {
            model,
            space: Space {
                seats,
                bounds: space.bounds.clone(),
            },
            steps,
            total_tests,
            active: active.to_vec(),
            budget,
        }
    }
}

/// Sectors with the same features together, in board order otherwise.
fn order(model: &Model<'_>) -> Vec<usize> {
    let n = model.board.sectors.len();
    let nf = model.features.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| {
        (0..nf)
            .map(|f| Reverse(model.features[f][i]))
            .collect::<Vec<_>>()
    });
    order
}

/// Applies each active test at the step that completes the last feature it reads (or
/// before the search, when it reads none), and gathers the caps the tests imply.
fn place(model: &Model<'_>, active: &[bool], last: &[usize]) -> Placement {
    let n = model.board.sectors.len();
    let nf = model.features.len();
    let mut p = Placement {
        at: vec![Vec::new(); n],
        need: last.to_vec(),
        total_tests: Vec::new(),
        caps: vec![None; nf],
        total_cap: None,
    };
    for (r, c) in model.considered.iter().enumerate() {
        if !active.get(r).copied().unwrap_or(true) {
            continue;
        }
        let step = c
            .feats
            .iter()
            .filter_map(|f| match f {
                Feat::Feature(i) => Some(last[*i]),
                _ => None,
            })
            .max();
        match step {
            Some(s) => {
                p.at[s].push(r);
                for f in &c.feats {
                    if let Feat::Feature(i) = f {
                        p.need[*i] = p.need[*i].max(s);
                    }
                }
            }
            None => p.total_tests.push(r),
        }
        for &(read, max) in &c.test.caps {
            match c.feats.get(read) {
                Some(Feat::Feature(i)) => {
                    p.caps[*i] = Some(p.caps[*i].map_or(max, |m| m.min(max)));
                }
                Some(Feat::Total) => p.total_cap = Some(p.total_cap.map_or(max, |m| m.min(max))),
                _ => {}
            }
        }
    }
    p
}

/// One step per sector in `order`: the running totals it tracks and keeps, the tests it
/// applies, its seat bounds, and the fewest and most seats the later sectors can take.
fn steps(
    model: &Model<'_>,
    space: &Space,
    order: &[usize],
    first: &[usize],
    placement: &Placement,
) -> Vec<Step> {
    let nf = model.features.len();
    let need = &placement.need;
    let mut steps = Vec::with_capacity(order.len());
    let mut prev_layout: Vec<usize> = Vec::new();
    for (j, &sector) in order.iter().enumerate() {
        let ext_ids: Vec<usize> = (0..nf).filter(|&f| first[f] <= j && need[f] >= j).collect();
        let ext: Vec<Ext> = ext_ids
            .iter()
            .map(|&f| Ext {
                prev: prev_layout.iter().position(|&p| p == f),
                adds: model.features[f][sector],
                cap: placement.caps[f],
            })
            .collect();
        let reads = |feats: &[Feat]| -> Vec<Read> {
            feats
                .iter()
                .map(|f| match f {
                    Feat::Total => Read::Total,
                    Feat::Zero => Read::Zero,
                    Feat::Feature(i) => Read::Ext(ext_ids.iter().position(|e| e == i).unwrap_or(0)),
                })
                .collect()
        };
        let tests = placement.at[j]
            .iter()
            .map(|&r| (r, reads(&model.considered[r].feats)))
            .collect();
        let keep: Vec<usize> = (0..ext_ids.len())
            .filter(|&e| need[ext_ids[e]] > j)
            .collect();
        prev_layout = keep.iter().map(|&e| ext_ids[e]).collect();
        let (lo, hi) = space.bounds.get(sector).copied().unwrap_or((0, 0));
        steps.push(Step {
            sector,
            lo,
            hi,
            rest: (0, 0),
            ext,
            tests,
            keep,
        });
    }
    let mut rest = (0u64, 0u64);
    for step in steps.iter_mut().rev() {
        step.rest = rest;
        rest.0 += u64::from(step.lo);
        rest.1 += u64::from(step.hi);
    }
    steps
}
