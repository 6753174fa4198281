//! `boardcheck report --format csv`: the member register, for publication.

use crate::estate::person_key;
use crate::model::Holder;
use crate::Outcome;

/// The register's columns.
pub const HEADER: [&str; 9] = [
    "board",
    "name",
    "sector",
    "role",
    "appointed by",
    "term start",
    "term end",
    "offices",
    "also on",
];

/// A cell a spreadsheet will not run as a formula: one starting with `=`, `+`, `-`, `@`, a
/// tab or a carriage return gets a leading `'`, as OWASP advises against CSV injection.
/// (A spreadsheet shows the text; the `'` is visible in a text editor.)
#[must_use]
pub fn neutral(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// One row per named member of every board, in order: the columns of [`HEADER`], the last
/// naming the other boards of the report where a person of the same name sits (so that an
/// estate's people on several boards can be found). Every cell is [`neutral`].
#[must_use]
pub fn rows_of(outcomes: &[&Outcome]) -> Vec<[String; 9]> {
    let mut boards_of: std::collections::HashMap<String, Vec<String>> =
        std::collections::HashMap::new();
    for b in outcomes.iter().filter_map(|o| o.board.as_ref()) {
        for m in &b.members {
            let on = boards_of.entry(person_key(&m.name.value)).or_default();
            if !on.contains(&b.name.value) {
                on.push(b.name.value.clone());
            }
        }
    }
    outcomes
        .iter()
        .flat_map(|o| rows(o))
        .map(|r| {
            let also: Vec<&str> = boards_of
                .get(&person_key(&r[1]))
                .into_iter()
                .flatten()
                .filter(|b| **b != r[0])
                .map(String::as_str)
                .collect();
            let also = also.join("; ");
            let [a, b, c, d, e, f, g, h] = r;
            [a, b, c, d, e, f, g, h, also].map(neutral)
        })
        .collect()
}

/// One row per named member of a board: the first eight columns of [`HEADER`].
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
