//! `boardcheck report --format csv`: the member register, for publication.

use crate::model::Holder;
use crate::Outcome;

/// The register's columns.
pub const HEADER: [&str; 8] = [
    "board",
    "name",
    "sector",
    "role",
    "appointed by",
    "term start",
    "term end",
    "offices",
];

/// One row per named member of each board: the columns of [`HEADER`].
#[must_use]
pub fn rows(o: &Outcome) -> Vec<[String; 8]> {
    let Some(board) = &o.board else {
        return Vec::new();
    };
    board
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let offices: Vec<&str> = board
                .offices()
                .filter(
                    |office| matches!(office.holder, Holder::Member { index, .. } if index == i),
                )
                .map(|office| office.title)
                .collect();
            [
                board.name.value.clone(),
                m.name.value.clone(),
                board.sectors[m.sector_index].id.value.clone(),
                m.role.clone().unwrap_or_default(),
                m.appointed_by.clone().unwrap_or_default(),
                m.term_start
                    .as_ref()
                    .map(|d| d.value.to_string())
                    .unwrap_or_default(),
                m.term_end
                    .as_ref()
                    .map(|d| d.value.to_string())
                    .unwrap_or_default(),
                offices.join("; "),
            ]
        })
        .collect()
}
