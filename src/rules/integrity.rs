//! `integrity`: always-on checks that the constitution is consistent with itself.
//!
//! References that do not resolve, people listed twice and impossible numbers are
//! structural errors found while reading the file (see `crate::parse`); the checks here
//! are about a readable board: no sector holds more members than seats, one person does
//! not hold two offices, terms that have ended or end soon are named, and vacancies are
//! listed so they can be filled.

use crate::diagnostic::{declare_code, Code, Finding, Severity};
use crate::model::{Board, Holder};

use super::{seats_phrase, AsOf};

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

declare_code! {
    /// ## What it checks
    /// A member's term of office has not ended as of the date checked (`--as-of`). Always
    /// on, on every board: a term's end is a fact about the member, whatever the packs.
    ///
    /// ## Why it matters
    /// A member whose term has ended no longer holds the seat: it is vacant until they are
    /// re-appointed or replaced, and the register is out of date.
    ///
    /// ## Example
    /// `term-end = 2025-08-31`, checked as of 2026-01-10.
    ///
    /// ## How to fix
    /// Record the re-appointment with new dates, or remove the member and fill the seat.
    pub TERM_EXPIRED { family: "integrity", name: "term-expired" }
}

declare_code! {
    /// ## What it checks
    /// Lists terms of office ending within the look-ahead window (`--horizon`, 90 days by
    /// default), on every board. Advice, never a failure.
    ///
    /// ## Why it matters
    /// Elections and appointments take time; an officer needs notice.
    ///
    /// ## Example
    /// A term ending in 30 days.
    ///
    /// ## How to fix
    /// Start the election or appointment for the seat.
    pub TERM_EXPIRING { family: "integrity", name: "term-expiring" }
}

pub(crate) static CODES: &[&Code] = &[
    &SECTOR_OVERFILLED,
    &SAME_CHAIR_AND_VICE_CHAIR,
    &VACANT_SEATS,
    &TERM_EXPIRED,
    &TERM_EXPIRING,
];

/// Terms that have ended (a warning) or end within the horizon (advice), as of the date
/// checked: on every board, whether or not its packs have a `term` rule.
fn ended_terms(board: &Board, as_of: AsOf, out: &mut Vec<Finding>) {
    let date = as_of.date;
    for m in &board.members {
        let Some(end) = &m.term_end else { continue };
        let who = &m.name.value;
        if end.value < date {
            out.push(
                Finding::new(
                    &TERM_EXPIRED,
                    Severity::Warning,
                    format!("{who}'s term ended on {}, before {date}", end.value),
                )
                .primary(&end.span, "term ended")
                .help(format!(
                    "record {who}'s re-appointment with new dates, or remove them and fill the seat"
                )),
            );
        } else {
            let days = end.value.days() - date.days();
            if days <= i64::from(as_of.horizon_days) {
                out.push(
                    Finding::new(
                        &TERM_EXPIRING,
                        Severity::Advice,
                        format!(
                            "{who}'s term ends on {}, in {days} day{}",
                            end.value,
                            if days == 1 { "" } else { "s" }
                        ),
                    )
                    .primary(&end.span, "term ends")
                    .help(format!(
                        "start the election or appointment for {who}'s seat"
                    )),
                );
            }
        }
    }
}

pub(crate) fn check(board: &Board, as_of: AsOf, out: &mut Vec<Finding>) {
    ended_terms(board, as_of, out);
    for (i, sector) in board.sectors.iter().enumerate() {
        let members: Vec<_> = board.members_of(i).collect();
        let seats = sector.seats.value as usize;
        if members.len() > seats {
            let mut f = Finding::new(
                &SECTOR_OVERFILLED,
                Severity::Error,
                format!(
                    "{} members are named to the {} of {}",
                    members.len(),
                    seats_phrase(seats as u64, "seats"),
                    sector.called()
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
                    if seats == 1 {
                        format!("the seat of {} is vacant", sector.called())
                    } else {
                        format!(
                            "{vacant} of the {seats} seats of {} {} vacant",
                            sector.called(),
                            if vacant == 1 { "is" } else { "are" }
                        )
                    },
                )
                .primary(
                    &sector.seats.span,
                    format!("{} vacant", seats_phrase(vacant, "seats")),
                )
                .help(format!(
                    "appoint {} to {}",
                    seats_phrase(vacant, "members"),
                    sector.called()
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
