//! Suggestions: the passing allocations nearest a failing board, as changes in words.

use super::{changes, search::Plan, Budget, Exhausted, Model, Space};
use crate::model::Board;
use crate::rules::seats_phrase;

/// One way to make the board satisfy every seat rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The seats of each sector (board order) after the change.
    pub seats: Vec<u32>,
    /// Seats added, removed or moved.
    pub changes: u64,
}

/// One sector's change: (sector index, seats now, seats suggested).
pub type SectorChange = (usize, u32, u32);

impl Suggestion {
    /// The sectors whose seats change, in board order.
    #[must_use]
    pub fn edits(&self, current: &[u32]) -> Vec<SectorChange> {
        current
            .iter()
            .zip(&self.seats)
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .map(|(i, (&a, &b))| (i, a, b))
            .collect()
    }

    /// "add 1 seat to `diocese`, remove 1 seat from `local-authority` (a board of 13)".
    #[must_use]
    pub fn describe(&self, board: &Board, current: &[u32]) -> String {
        let edits = self.edits(current);
        let total: u32 = self.seats.iter().sum();
        let before: u32 = current.iter().sum();
        if let [(a, a0, a1), (b, b0, b1)] = edits[..] {
            // One sector gains what the other loses: a move.
            if total == before && (a1 < a0) != (b1 < b0) {
                let (from, to, n) = if a1 < a0 {
                    (a, b, a0 - a1)
                } else {
                    (b, a, b0 - b1)
                };
                return format!(
                    "move {} from `{}` to `{}` (the board stays at {total})",
                    seats_phrase(u64::from(n), "seats"),
                    board.sectors[from].id.value,
                    board.sectors[to].id.value
                );
            }
        }
        let parts: Vec<String> = edits
            .iter()
            .map(|&(i, a, b)| {
                let id = &board.sectors[i].id.value;
                if b > a {
                    format!("add {} to `{id}`", seats_phrase(u64::from(b - a), "seats"))
                } else {
                    format!(
                        "remove {} from `{id}`",
                        seats_phrase(u64::from(a - b), "seats")
                    )
                }
            })
            .collect();
        let size = if total == before {
            format!("the board stays at {total}")
        } else {
            format!("a board of {total}")
        };
        format!("{} ({size})", parts.join(", "))
    }
}

impl Space {
    /// The space suggestions search: every sector keeps a seat (and its named members),
    /// and the board may shrink to that or grow to twice its size (at least 10 more).
    #[must_use]
    pub fn for_suggestions(board: &Board) -> Self {
        let current: u32 = board.sectors.iter().map(|s| s.seats.value).sum();
        let most = current.saturating_mul(2).max(current.saturating_add(10));
        let mut space = Self::around(board, (0, most));
        space.seats.0 = space.bounds.iter().map(|b| b.0).sum();
        space
    }
}

/// The `limit` smallest changes that make the board satisfy every considered rule, best
/// first. Empty when the board already does, or when no allocation of `space` does.
///
/// # Errors
/// [`Exhausted`] when the search needs more work than `budget` allows.
pub fn suggestions(
    model: &Model<'_>,
    space: &Space,
    limit: usize,
    budget: &Budget,
) -> Result<Vec<Suggestion>, Exhausted> {
    let current = model.current();
    if model.failing(&current).is_empty() {
        return Ok(Vec::new());
    }
    // The sectors the broken rules count: a change confined to them is what an officer
    // would propose first, before one that moves seats into unrelated sectors.
    let mut counted: Vec<usize> = Vec::new();
    for r in model.failing(&current) {
        for s in model.counted_sectors(r) {
            if !counted.contains(&s) {
                counted.push(s);
            }
        }
    }
    let all = vec![true; model.considered.len()];
    // The closest changes anywhere, and the closest that touch only the counted sectors
    // (the others held as they are): the ranking below chooses among both.
    // Among changes of equal size: confined to the counted sectors first, then those that
    // only remove seats; otherwise the search's order.
    let rank = |s: &Suggestion| {
        let edits = s.edits(&current);
        let confined = edits.iter().all(|(i, _, _)| counted.contains(i));
        let removal_only = edits.iter().all(|(_, from, to)| to < from);
        (s.changes, !confined, !removal_only)
    };
    let mut found: Vec<Suggestion> = Vec::new();
    let add = |within: &Space, found: &mut Vec<Suggestion>| -> Result<(), Exhausted> {
        for (seats, n) in Plan::new(model, within, &all, budget).closest(&current, limit)? {
            debug_assert_eq!(n, changes(&current, &seats));
            if !found.iter().any(|f| f.seats == seats) {
                found.push(Suggestion { seats, changes: n });
            }
        }
        Ok(())
    };
    add(space, &mut found)?;
    // The confined search cannot change the answer when the first found every allocation
    // there is (fewer than asked for, the confined ones among them), or only changes that
    // rank first among their size: confined ones of equal size would sort after them.
    // It is searched only where it lies inside `space` (every other sector's seats allowed
    // there as they stand), so that it never offers what `space` rules out.
    let inside = space
        .bounds
        .iter()
        .enumerate()
        .all(|(i, &(lo, hi))| counted.contains(&i) || (lo..=hi).contains(&current[i]));
    let settled = found.len() < limit || found.iter().all(|s| matches!(rank(s), (_, false, false)));
    if inside && !settled {
        let confined = Space {
            seats: space.seats,
            bounds: space
                .bounds
                .iter()
                .enumerate()
                .map(|(i, &b)| {
                    if counted.contains(&i) {
                        b
                    } else {
                        (current[i], current[i])
                    }
                })
                .collect(),
        };
        add(&confined, &mut found)?;
    }
    found.sort_by_key(rank);
    found.truncate(limit);
    Ok(found)
}
