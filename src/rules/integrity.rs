//! `integrity`: always-on checks that the constitution is consistent with itself.
//!
//! References that do not resolve, people listed twice and impossible numbers are
//! structural errors found while reading the file (see `crate::parse`); the checks here
//! are about a readable board: no sector holds more members than seats, one person does
//! not hold two offices, and vacancies are listed so they can be filled.

use crate::diagnostic::{declare_code, Code, Finding, Severity};
use crate::model::{Board, Holder};

use super::seats_phrase;

declare_code! {
    /// ## What it checks
    /// No sector has more named members than it has seats.
    ///
    /// ## Why it matters
    /// Each member holds one seat; a sector with more members than seats is over its
    /// allocation, and every count and share would be wrong.
    ///
    /// ## Example
    /// ```toml
    /// [sectors.primary]
    /// seats = 1
    ///
    /// [[members]]
    /// name = "A. Khan"
    /// sector = "primary"
    ///
    /// [[members]]
    /// name = "B. Lowe"
    /// sector = "primary"
    /// ```
    ///
    /// ## How to fix
    /// Move a member to the sector they really represent, or increase the sector's seats.
    pub SECTOR_OVERFILLED { family: "integrity", name: "sector-overfilled" }
}

declare_code! {
    /// ## What it checks
    /// The chair and the vice-chair are different people.
    ///
    /// ## Why it matters
    /// The vice-chair acts when the chair cannot; one person holding both leaves the board
    /// with no one to act.
    ///
    /// ## Example
    /// ```toml
    /// [chair]
    /// member = "A. Khan"
    ///
    /// [vice-chair]
    /// member = "A. Khan"
    /// ```
    ///
    /// ## How to fix
    /// Elect a different member as vice-chair.
    pub SAME_CHAIR_AND_VICE_CHAIR { family: "integrity", name: "same-chair-and-vice-chair" }
}

declare_code! {
    /// ## What it checks
    /// Lists the vacant seats of a board with named members (advice, never a failure).
    ///
    /// ## Why it matters
    /// Vacancies count towards the board's size but not towards who is in the room; an
    /// officer needs the list to fill them.
    ///
    /// ## Example
    /// A sector with 2 seats and 1 named member.
    ///
    /// ## How to fix
    /// Appoint or elect members to the vacant seats.
    pub VACANT_SEATS { family: "integrity", name: "vacant-seats" }
}

pub(crate) static CODES: &[&Code] = &[
    &SECTOR_OVERFILLED,
    &SAME_CHAIR_AND_VICE_CHAIR,
    &VACANT_SEATS,
];

pub(crate) fn check(board: &Board, out: &mut Vec<Finding>) {
    for (i, sector) in board.sectors.iter().enumerate() {
        let members: Vec<_> = board.members_of(i).collect();
        let seats = sector.seats.value as usize;
        if members.len() > seats {
            let mut f = Finding::new(
                &SECTOR_OVERFILLED,
                Severity::Error,
                format!(
                    "sector `{}` has {} named members for {}",
                    sector.id.value,
                    members.len(),
                    seats_phrase(seats as u64, "seats")
                ),
            )
            .primary(
                &sector.seats.span,
                format!("{} here", seats_phrase(seats as u64, "seats")),
            );
            for m in &members[seats..] {
                f = f.secondary(
                    &m.sector.span,
                    format!("{} is beyond the sector's seats", m.name.value),
                );
            }
            out.push(f.help(format!(
                "move {} to the sector they represent, or raise `seats` to {}",
                seats_phrase((members.len() - seats) as u64, "members"),
                members.len()
            )));
        } else if !board.members.is_empty() && members.len() < seats {
            let vacant = (seats - members.len()) as u64;
            out.push(
                Finding::new(
                    &VACANT_SEATS,
                    Severity::Advice,
                    format!(
                        "sector `{}` has {} vacant of {}",
                        sector.id.value,
                        seats_phrase(vacant, "seats"),
                        seats
                    ),
                )
                .primary(
                    &sector.seats.span,
                    format!("{} vacant", seats_phrase(vacant, "seats")),
                )
                .help(format!(
                    "appoint {} to `{}`",
                    seats_phrase(vacant, "members"),
                    sector.name
                )),
            );
        }
    }
    if let (Some(chair), Some(vice)) = (&board.chair, &board.vice_chair) {
        if let (Holder::Member { name: a, index: ia }, Holder::Member { name: b, index: ib }) =
            (&chair.holder, &vice.holder)
        {
            if ia == ib {
                out.push(
                    Finding::new(
                        &SAME_CHAIR_AND_VICE_CHAIR,
                        Severity::Error,
                        format!("{} holds both the chair and the vice-chair", a.value),
                    )
                    .primary(&b.span, "vice-chair")
                    .secondary(&a.span, "chair")
                    .help("elect a different member as vice-chair"),
                );
            }
        }
    }
}
