//! What-if changes to a board's seats, made in memory (`check --set`, `--add-sector`,
//! `--drop-sector`). The file is never touched; a change that names a sector the board does
//! not have is an error that points at the command line.

use super::span::{SourceFile, Span, Spanned};
use super::{dangling, Board, Sector};
use crate::parse::Ctx;

/// One change to a board's seats.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum SeatEdit {
    /// Give a sector this many seats.
    Set {
        /// The sector's id, as written on the command line.
        sector: Spanned<String>,
        /// Its new number of seats.
        seats: u32,
    },
    /// Add a sector with this many seats and these tags.
    Add {
        /// The new sector's id.
        sector: Spanned<String>,
        /// Its seats.
        seats: u32,
        /// Its tags.
        tags: Vec<Spanned<String>>,
    },
    /// Take every seat away from a sector.
    Drop {
        /// The sector's id.
        sector: Spanned<String>,
    },
}

impl SeatEdit {
    /// Parses `--set ID=N`, `--add-sector ID=N[:TAG,TAG]` or `--drop-sector ID`; the spans
    /// point into the command line, so that mistakes are shown where they were typed.
    pub fn parse(flag: &str, value: &str) -> Result<Self, String> {
        let prefix = format!("--{flag} ");
        let file = SourceFile::new("<command line>", format!("{prefix}{value}"));
        let at = |start: usize, text: &str| Spanned {
            value: text.to_string(),
            span: Span::new(
                &file,
                prefix.len() + start..prefix.len() + start + text.len(),
            ),
        };
        if flag == "drop-sector" {
            if value.is_empty() || value.contains('=') {
                return Err(format!(
                    "`{value}` is not a sector id: write `--drop-sector ID`"
                ));
            }
            return Ok(Self::Drop {
                sector: at(0, value),
            });
        }
        let Some((id, rest)) = value.split_once('=') else {
            return Err(format!(
                "`{value}` should be ID=N, e.g. `--{flag} local-authority=2`"
            ));
        };
        let (n, tags) = rest.split_once(':').unwrap_or((rest, ""));
        let seats: u32 = n
            .trim()
            .parse()
            .ok()
            .filter(|s| (1..=10_000).contains(s))
            .ok_or_else(|| format!("`{n}` is not a number of seats from 1 to 10000 (to remove a sector's seats, use --drop-sector {id})"))?;
        if id.is_empty() {
            return Err(format!("`{value}` names no sector: write ID=N"));
        }
        let sector = at(0, id);
        if flag == "add-sector" {
            let mut start = id.len() + 1 + n.len() + 1;
            let mut list = Vec::new();
            for tag in tags.split(',') {
                if !tag.trim().is_empty() {
                    list.push(at(start, tag.trim()));
                }
                start += tag.len() + 1;
            }
            return Ok(Self::Add {
                sector,
                seats,
                tags: list,
            });
        }
        if !tags.is_empty() {
            return Err(format!("--{flag} takes ID=N; tags go with --add-sector"));
        }
        Ok(Self::Set { sector, seats })
    }
}

/// Applies the changes in order, recording a dangling reference for a sector the board
/// does not have (or a duplicate for one it already has).
pub(crate) fn apply(ctx: &mut Ctx<'_>, board: &mut Board, edits: &[SeatEdit]) {
    for edit in edits {
        match edit {
            SeatEdit::Set { sector, seats } => {
                if let Some(i) = find(ctx, board, sector) {
                    board.sectors[i].seats.value = *seats;
                }
            }
            SeatEdit::Drop { sector } => {
                if let Some(i) = find(ctx, board, sector) {
                    board.sectors[i].seats.value = 0;
                }
            }
            SeatEdit::Add {
                sector,
                seats,
                tags,
            } => {
                if let Some(existing) = board.sectors.iter().find(|s| s.id.value == sector.value) {
                    ctx.errors.push(
                        crate::diagnostic::Finding::new(
                            &crate::parse::DUPLICATE,
                            crate::diagnostic::Severity::Error,
                            format!("the board already has a sector `{}`", sector.value),
                        )
                        .primary(&sector.span, "added here")
                        .secondary(&existing.id.span, "declared here")
                        .help(format!(
                            "use `--set {}=N` to change its seats",
                            sector.value
                        )),
                    );
                    continue;
                }
                board
                    .sectors
                    .push(Sector::added(sector.clone(), *seats, tags.clone()));
            }
        }
    }
}

fn find(ctx: &mut Ctx<'_>, board: &Board, sector: &Spanned<String>) -> Option<usize> {
    let found = board.sector_index(&sector.value);
    if found.is_none() {
        dangling(
            ctx,
            sector,
            "sector",
            &board.sector_ids().collect::<Vec<_>>(),
        );
    }
    found
}
