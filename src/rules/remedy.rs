//! Numeric fixes checked before they are shown. A rule that offers "remove 1 seat" or "add
//! 2 seats" also says which sectors' seats it means ([`remove`], [`add`]); [`verify`] makes
//! those changes to the board in memory, as `check --set` would, checks the same rule
//! again, and keeps only the fixes after which the rule holds. A fix that would break the
//! rule's other limit, or that counts seats the rule does not, is never printed.

use super::selector::{Counting, Selector, Truth};
use super::{AsOf, Rule};
use crate::diagnostic::{Finding, SeatChange, Severity};
use crate::model::span::Spanned;
use crate::model::{Board, Sector, MAX_SECTOR_SEATS};

/// Changes that take `k` of the seats `select` counts away, from the sectors holding most
/// of them first; `None` when the board does not have `k` such seats.
pub(crate) fn remove(board: &Board, select: &Selector, k: u64) -> Option<Vec<SeatChange>> {
    let per = select.tally_by_sector(board, Counting::Seats);
    let mut order: Vec<usize> = (0..per.len()).filter(|&i| per[i].yes > 0).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(per[i].yes));
    let mut left = k;
    let mut changes = Vec::new();
    for i in order {
        if left == 0 {
            break;
        }
        let take = per[i].yes.min(left);
        left -= take;
        let seats = u64::from(board.sectors[i].seats.value).saturating_sub(take);
        changes.push(SeatChange::Set {
            sector: board.sectors[i].id.value.clone(),
            seats: u32::try_from(seats).ok()?,
        });
    }
    (left == 0 && k > 0).then_some(changes)
}

/// Changes that add `k` seats which `select` counts and `unlike` (when given) does not: to
/// the first sector whose vacant seats are such, or else to a new sector carrying the tags
/// `select` names. `None` when neither is possible.
pub(crate) fn add(
    board: &Board,
    select: &Selector,
    unlike: Option<&Selector>,
    k: u64,
) -> Option<Vec<SeatChange>> {
    // No sector may hold more seats than a board file may give one (nor `--set` take).
    let k32 = u32::try_from(k)
        .ok()
        .filter(|&k| k > 0 && k <= MAX_SECTOR_SEATS)?;
    let fits = |i: usize| {
        select.eval(board, i, None) == Truth::Yes
            && unlike.is_none_or(|u| u.eval(board, i, None) == Truth::No)
    };
    if let Some(i) = (0..board.sectors.len()).find(|&i| fits(i)) {
        let s = &board.sectors[i];
        let seats = s.seats.value.checked_add(k32)?;
        return (seats <= MAX_SECTOR_SEATS).then(|| {
            vec![SeatChange::Set {
                sector: s.id.value.clone(),
                seats,
            }]
        });
    }
    let tags = select.witness_tags()?;
    let stem = tags.first().map_or("new-seats", String::as_str);
    let id = (1..=board.sectors.len() + 1)
        .map(|n| {
            if n == 1 {
                stem.to_string()
            } else {
                format!("{stem}-{n}")
            }
        })
        .find(|id| board.sector_index(id).is_none())?;
    Some(vec![SeatChange::Add {
        sector: id,
        seats: k32,
        tags,
    }])
}

/// Several parts' changes as one fix; `None` when a part has none, or two parts change
/// the same sector.
pub(crate) fn combine(
    parts: impl IntoIterator<Item = Option<Vec<SeatChange>>>,
) -> Option<Vec<SeatChange>> {
    let mut all: Vec<SeatChange> = Vec::new();
    for part in parts {
        for change in part? {
            let id = |c: &SeatChange| match c {
                SeatChange::Set { sector, .. } | SeatChange::Add { sector, .. } => sector.clone(),
            };
            if all.iter().any(|c| id(c) == id(&change)) {
                return None;
            }
            all.push(change);
        }
    }
    Some(all)
}

/// Makes `changes` to the board in memory; returns what [`restore`] needs to undo them.
/// A change naming a sector the board does not have is ignored.
pub(crate) fn apply(board: &mut Board, changes: &[SeatChange]) -> (Vec<u32>, usize) {
    let saved = (
        board.sectors.iter().map(|s| s.seats.value).collect(),
        board.sectors.len(),
    );
    for change in changes {
        match change {
            SeatChange::Set { sector, seats } => {
                if let Some(i) = board.sector_index(sector) {
                    board.sectors[i].seats.value = *seats;
                }
            }
            SeatChange::Add {
                sector,
                seats,
                tags,
            } => {
                let span = board.name.span.clone();
                let at = |v: &str| Spanned {
                    value: v.to_string(),
                    span: span.clone(),
                };
                board.sectors.push(Sector::added(
                    at(sector),
                    *seats,
                    tags.iter().map(|t| at(t)).collect(),
                ));
            }
        }
    }
    saved
}

/// Undoes [`apply`].
pub(crate) fn restore(board: &mut Board, (seats, len): (Vec<u32>, usize)) {
    board.sectors.truncate(len);
    for (s, n) in board.sectors.iter_mut().zip(seats) {
        s.seats.value = n;
    }
}

/// Whether `rule` holds (gives no warning or error) on the board with `changes` made.
fn holds_after(board: &mut Board, rule: &Rule, as_of: AsOf, changes: &[SeatChange]) -> bool {
    let saved = apply(board, changes);
    let mut found = Vec::new();
    rule.kind.check(rule, board, as_of, &mut found);
    restore(board, saved);
    found.iter().all(|f| f.severity < Severity::Warning)
}

/// Checks every finding's numeric fixes against its rule, keeping those that make the rule
/// hold; the help line then lists them. A finding whose fixes all fail keeps the help its
/// rule gave without numbers; a finding the rule does not give on the board as it stands (a
/// reading's, whose numbers are another board's) keeps no fixes.
pub(crate) fn verify(board: &mut Board, rules: &[&Rule], as_of: AsOf, findings: &mut [Finding]) {
    for f in findings.iter_mut().filter(|f| !f.remedies.is_empty()) {
        let Some(rule) = rules
            .iter()
            .find(|r| f.rule.as_deref() == Some(r.qualified.as_ref()))
        else {
            f.remedies.clear();
            continue;
        };
        let mut now = Vec::new();
        rule.kind.check(rule, board, as_of, &mut now);
        if !now
            .iter()
            .any(|g| g.code == f.code && g.message == f.message)
        {
            f.remedies.clear();
            continue;
        }
        let remedies = std::mem::take(&mut f.remedies);
        f.remedies = remedies
            .into_iter()
            .filter(|r| holds_after(board, rule, as_of, &r.changes))
            .collect();
        if !f.remedies.is_empty() {
            let texts: Vec<&str> = f.remedies.iter().map(|r| r.text.as_str()).collect();
            f.help = Some(texts.join(", or "));
        }
    }
}
