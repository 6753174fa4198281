//! The single-seat neighbourhood of a board: itself, and every board one seat added,
//! removed or moved away. Most failing boards are one change from passing, and checking
//! these few directly is far cheaper than annotating the search's states.

use super::{Allocation, Exhausted, Plan};

/// A board within one seat change of another: a seat taken from a sector, given to one,
/// or both (a move).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Near {
    from: Option<usize>,
    to: Option<usize>,
}

impl Near {
    /// The seats of `sector` after the change.
    fn seats(self, current: &[u32], sector: usize) -> u32 {
        let mut x = current[sector];
        if self.from == Some(sector) {
            x -= 1;
        }
        if self.to == Some(sector) {
            x += 1;
        }
        x
    }

    fn apply(self, current: &[u32]) -> Vec<u32> {
        (0..current.len()).map(|s| self.seats(current, s)).collect()
    }
}

impl Plan<'_, '_> {
    /// The answer to `closest` when it lies within one seat change of `current`: the
    /// board itself if it passes, then every single added, removed or moved seat that
    /// passes, in the search's order. Checking these few directly is far cheaper than
    /// annotating the states, and most failing boards are one change from passing: each
    /// candidate adjusts only the feature totals of the one or two sectors it touches.
    /// `Ok(None)` when fewer than `limit` allocations lie that close.
    #[allow(clippy::too_many_lines)] // one pass over the candidate changes, sharing the running sums its closures update; split, they would pass eight captured values around
    pub(super) fn within_one(
        &self,
        current: &[u32],
        limit: usize,
        order: &[usize],
    ) -> Result<Option<Vec<Allocation>>, Exhausted> {
        let n = current.len();
        let model = self.model;
        let nf = model.features.len();
        let c_total: u64 = current.iter().map(|&c| u64::from(c)).sum();
        let (lo_total, hi_total) = (u64::from(self.space.seats.0), u64::from(self.space.seats.1));
        let in_bounds = |a: u32, s: usize| {
            let (lo, hi) = self.space.bounds.get(s).copied().unwrap_or((0, 0));
            (lo..=hi).contains(&a)
        };
        let mut sums = model.feature_sums(current);
        // Sectors outside their bounds now: a candidate must touch and mend every one.
        let outside: Vec<usize> = (0..n).filter(|&s| !in_bounds(current[s], s)).collect();
        let of_sector: Vec<Vec<usize>> = (0..n)
            .map(|s| (0..nf).filter(|&f| model.features[f][s]).collect())
            .collect();
        let mut fits = |near: Near| -> Result<bool, Exhausted> {
            // A candidate touches one or two sectors' features: about one step's work.
            self.budget.spend(1)?;
            let total = c_total + u64::from(near.to.is_some()) - u64::from(near.from.is_some());
            if !(lo_total..=hi_total).contains(&total) {
                return Ok(false);
            }
            for s in [near.from, near.to].into_iter().flatten() {
                if !in_bounds(near.seats(current, s), s) {
                    return Ok(false);
                }
            }
            if outside
                .iter()
                .any(|&s| near.from != Some(s) && near.to != Some(s))
            {
                return Ok(false);
            }
            if let Some(i) = near.from {
                for &f in &of_sector[i] {
                    sums[f] -= 1;
                }
            }
            if let Some(j) = near.to {
                for &f in &of_sector[j] {
                    sums[f] += 1;
                }
            }
            let ok = model.passes_sums(total, &sums, &self.active);
            if let Some(i) = near.from {
                for &f in &of_sector[i] {
                    sums[f] += 1;
                }
            }
            if let Some(j) = near.to {
                for &f in &of_sector[j] {
                    sums[f] -= 1;
                }
            }
            Ok(ok)
        };
        let mut out = Vec::new();
        if fits(Near {
            from: None,
            to: None,
        })? {
            out.push((current.to_vec(), 0));
        }
        let mut found: Vec<Near> = Vec::new();
        for (i, &here) in current.iter().enumerate() {
            for j in 0..n {
                if i != j && here > 0 {
                    let near = Near {
                        from: Some(i),
                        to: Some(j),
                    };
                    if fits(near)? {
                        found.push(near);
                    }
                }
            }
            for near in [
                Near {
                    from: None,
                    to: Some(i),
                },
                Near {
                    from: Some(i),
                    to: None,
                },
            ] {
                if (near.from.is_none() || here > 0) && fits(near)? {
                    found.push(near);
                }
            }
        }
        // Order as the search does: nearest board size, then the seats in search order.
        // Two candidates differ only at the sectors they touch, so comparing those decides.
        let position: Vec<usize> = {
            let mut p = vec![0; n];
            for (k, &sector) in order.iter().enumerate() {
                p[sector] = k;
            }
            p
        };
        let gap =
            |near: Near| (u64::from(near.to.is_some())).abs_diff(u64::from(near.from.is_some()));
        found.sort_by(|a, b| {
            gap(*a).cmp(&gap(*b)).then_with(|| {
                let mut touched: Vec<usize> =
                    [a.from, a.to, b.from, b.to].into_iter().flatten().collect();
                touched.sort_by_key(|&s| position[s]);
                touched
                    .into_iter()
                    .map(|s| a.seats(current, s).cmp(&b.seats(current, s)))
                    .find(|o| o.is_ne())
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
        });
        if out.len() + found.len() < limit {
            return Ok(None);
        }
        out.extend(
            found
                .into_iter()
                .take(limit - out.len())
                .map(|near| (near.apply(current), 1)),
        );
        Ok(Some(out))
    }
}
