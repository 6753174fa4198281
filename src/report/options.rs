//! `boardcheck options` and `suggest`: allocations as a table for people, JSON and CSV for
//! programs.

use super::table::{thousands, Align, Table};
use crate::explore::suggest::Suggestion;
use crate::explore::{Answer, Model, Space};
use crate::rules::Rule;
use crate::RuleVerdict;
use std::fmt::Write;

/// What the rendering needs besides the allocations.
pub struct View<'a, 'b> {
    /// The model searched.
    pub model: &'a Model<'b>,
    /// The space searched.
    pub space: &'a Space,
    /// Sectors held at fixed seats (`--keep`), by index.
    pub kept: &'a [usize],
    /// Each rule's verdict on the board as it stands.
    pub verdicts: &'a dyn Fn(&Rule) -> Option<RuleVerdict>,
    /// The width text is wrapped to.
    pub width: usize,
}

impl View<'_, '_> {
    fn seat_range(&self) -> String {
        let (lo, hi) = self.space.seats;
        if lo == hi {
            format!("{lo} seats")
        } else {
            format!("{lo} to {hi} seats")
        }
    }

    fn keep_phrase(&self) -> String {
        if self.kept.is_empty() {
            return String::new();
        }
        let parts: Vec<String> = self
            .kept
            .iter()
            .map(|&i| {
                format!(
                    "`{}` at {}",
                    self.model.board.sectors[i].id.value, self.space.bounds[i].0
                )
            })
            .collect();
        format!(", keeping {},", parts.join(" and "))
    }

    /// The allocations as a table: the current board first, then each row with the seats
    /// that differ marked by how much.
    fn table(&self, rows: &[(Vec<u32>, u64)], first_column: &str) -> String {
        let board = self.model.board;
        let current = self.model.current();
        let mut cols = vec![
            (first_column.to_string(), Align::Right),
            ("changes".to_string(), Align::Right),
            ("seats".to_string(), Align::Right),
        ];
        cols.extend(
            board
                .sectors
                .iter()
                .map(|s| (s.id.value.clone(), Align::Right)),
        );
        let mut t = Table::new(cols);
        let mut now = vec!["now".to_string(), "-".to_string()];
        now.push(current.iter().sum::<u32>().to_string());
        now.extend(current.iter().map(u32::to_string));
        t.row(now);
        for (n, (seats, changes)) in rows.iter().enumerate() {
            let mut row = vec![(n + 1).to_string(), changes.to_string()];
            row.push(seats.iter().sum::<u32>().to_string());
            row.extend(seats.iter().zip(&current).map(|(&s, &c)| cell(s, c)));
            t.row(row);
        }
        t.render(2)
    }

    /// The rules the search obeyed and the ones it could not, in a few wrapped lines.
    fn rules(&self) -> String {
        let m = self.model;
        let ids = |rules: &[&Rule]| {
            rules
                .iter()
                .map(|r| format!("`{}`", r.qualified))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut lines = Vec::new();
        let considered: Vec<&Rule> = m.considered.iter().map(|c| c.rule).collect();
        if !considered.is_empty() {
            lines.push(format!(
                "Seat rules every allocation shown satisfies: {}.",
                ids(&considered)
            ));
        }
        let (across, fixed): (Vec<&Rule>, Vec<&Rule>) =
            m.fixed.iter().copied().partition(|r| r.kind.spans_boards());
        if !fixed.is_empty() {
            let parts: Vec<String> = fixed
                .iter()
                .map(|r| {
                    let v = (self.verdicts)(r).unwrap_or(RuleVerdict::Passed).words();
                    format!("`{}` ({v})", r.qualified)
                })
                .collect();
            lines.push(format!(
                "Not changed by seat counts, as the board stands: {}.",
                parts.join(", ")
            ));
        }
        if !across.is_empty() {
            lines.push(format!(
                "Across boards, not changed by this board's seat counts; checked with its estate (`boardcheck check DIR`): {}.",
                ids(&across)
            ));
        }
        if !m.people.is_empty() {
            lines.push(format!(
                "About people, not seats, so not considered: {}.",
                ids(&m.people)
            ));
        }
        if !m.lenient.is_empty() {
            lines.push(format!(
                "Below the fail level, not required: {} (--fail-level warning requires them).",
                ids(&m.lenient)
            ));
        }
        let options = textwrap::Options::new(self.width)
            .initial_indent("  ")
            .subsequent_indent("    ")
            .word_splitter(textwrap::WordSplitter::NoHyphenation)
            .word_separator(textwrap::WordSeparator::AsciiSpace)
            .break_words(false);
        lines
            .iter()
            .map(|l| textwrap::fill(l, &options) + "\n")
            .collect()
    }

    /// `options` for people: the count, the closest allocations, the rules.
    #[must_use]
    pub fn options(&self, answer: &Answer, closest: &[(Vec<u32>, u64)]) -> String {
        let board = self.model.board;
        let mut out = format!("{}\n  {}\n\n", board.name.value, board.file.name);
        let range = self.seat_range();
        if answer.is_empty() {
            let _ = writeln!(
                out,
                "No allocation of {range}{} satisfies every seat rule.",
                self.keep_phrase()
            );
            out.push_str(&self.conflict(answer));
        } else {
            let (noun, verb) = if answer.count == num_bigint::BigUint::from(1u8) {
                ("allocation", "satisfies")
            } else {
                ("allocations", "satisfy")
            };
            let _ = writeln!(
                out,
                "{} {noun} of {range}{} {verb} every seat rule.",
                thousands(&answer.count),
                self.keep_phrase()
            );
            let shown = num_bigint::BigUint::from(closest.len());
            let _ = writeln!(
                out,
                "{}, by fewest seats added, removed or moved from the board as it stands:\n",
                if shown < answer.count {
                    format!("The {} closest", closest.len())
                } else {
                    "All of them".to_string()
                }
            );
            out.push_str(&self.table(closest, "#"));
            if shown < answer.count {
                out.push_str("\n  --limit N shows more; --format csv or json lists them all.\n");
            }
        }
        out.push('\n');
        out.push_str(&self.rules());
        out
    }

    /// Why no allocation exists.
    fn conflict(&self, answer: &Answer) -> String {
        let mut out = String::new();
        if answer.conflict.is_empty() {
            let least: u64 = self.space.bounds.iter().map(|b| u64::from(b.0)).sum();
            let most: u64 = self.space.bounds.iter().map(|b| u64::from(b.1)).sum();
            let _ = writeln!(
                out,
                "The seat range and the sectors' bounds leave nothing to choose from: the sectors need {least} to {most} seats between them (each keeps at least one seat, and one per named member).",
            );
            return out;
        }
        out.push_str("These rules cannot all hold together; drop or change any one of them and some allocation passes:\n");
        for &i in &answer.conflict {
            let r = self.model.considered[i].rule;
            let _ = writeln!(
                out,
                "  - `{}`: {}",
                r.qualified,
                r.title
                    .as_deref()
                    .map_or_else(|| r.kind.describe(), str::to_string)
            );
        }
        if !self.kept.is_empty() || self.space.seats.0 == self.space.seats.1 {
            out.push_str(
                "(within the seat range and kept sectors asked for: widen --seats or drop a --keep to look further)\n",
            );
        }
        out
    }

    /// `suggest` for people.
    #[must_use]
    pub fn suggest(&self, suggestions: &[Suggestion], failing: &[usize]) -> String {
        let board = self.model.board;
        let current = self.model.current();
        let mut out = format!("{}\n  {}\n\n", board.name.value, board.file.name);
        if failing.is_empty() {
            out.push_str("Every seat rule already holds: there is no seat change to suggest.\n");
        } else {
            let names: Vec<String> = failing
                .iter()
                .map(|&i| {
                    let r = self.model.considered[i].rule;
                    format!(
                        "  - `{}`: {}",
                        r.qualified,
                        r.title
                            .as_deref()
                            .map_or_else(|| r.kind.describe(), str::to_string)
                    )
                })
                .collect();
            let _ = writeln!(out, "Seat rules broken now:\n{}\n", names.join("\n"));
            if suggestions.is_empty() {
                let _ = writeln!(
                    out,
                    "No allocation of {} fixes them all; see `boardcheck options` for the rules that conflict.",
                    self.seat_range()
                );
            } else {
                out.push_str("Smallest changes that fix every one of them, best first:\n\n");
                for (n, s) in suggestions.iter().enumerate() {
                    let _ = writeln!(
                        out,
                        "  {}. {} seat {}: {}",
                        n + 1,
                        s.changes,
                        if s.changes == 1 { "change" } else { "changes" },
                        s.describe(board, &current)
                    );
                }
                out.push('\n');
                let rows: Vec<(Vec<u32>, u64)> = suggestions
                    .iter()
                    .map(|s| (s.seats.clone(), s.changes))
                    .collect();
                out.push_str(&self.table(&rows, "#"));
                let _ = writeln!(
                    out,
                    "\n  Apply one with `boardcheck fix {} --apply N` (prints the change; add --write to save it).",
                    board.file.name
                );
            }
        }
        out.push('\n');
        out.push_str(&self.rules());
        out
    }
}

/// A seat count, with how it differs from the board as it stands: `3 (+1)`.
fn cell(seats: u32, current: u32) -> String {
    match seats.cmp(&current) {
        std::cmp::Ordering::Equal => seats.to_string(),
        std::cmp::Ordering::Greater => format!("{seats} (+{})", seats - current),
        std::cmp::Ordering::Less => format!("{seats} (-{})", current - seats),
    }
}

/// The JSON document's opening, up to the start of the `allocations` array.
#[must_use]
pub fn json_head(view: &View<'_, '_>, answer: &Answer) -> String {
    let m = view.model;
    let ids = |rules: Vec<&Rule>| {
        rules
            .iter()
            .map(|r| r.qualified.clone())
            .collect::<Vec<_>>()
    };
    let head = serde_json::json!({
        "version": 1,
        "board": m.board.name.value,
        "file": m.board.file.name,
        "seats": { "min": view.space.seats.0, "max": view.space.seats.1 },
        "sectors": m.board.sectors.iter().map(|s| serde_json::json!({
            "id": s.id.value,
            "current": s.seats.value,
        })).collect::<Vec<_>>(),
        "bounds": m.board.sectors.iter().zip(&view.space.bounds).map(|(s, b)| (s.id.value.clone(), serde_json::json!({ "min": b.0, "max": b.1 }))).collect::<serde_json::Map<_, _>>(),
        "considered": ids(m.considered.iter().map(|c| c.rule).collect()),
        "fixed": ids(m.fixed.clone()),
        "people": ids(m.people.clone()),
        "lenient": ids(m.lenient.clone()),
        "conflict": ids(answer.conflict.iter().map(|&i| m.considered[i].rule).collect()),
    });
    let mut text = serde_json::to_string(&head).unwrap_or_default();
    text.pop();
    // The count is exact at any size: an integer of as many digits as it takes, and the
    // same digits as text for readers whose numbers are 64-bit floating point.
    let _ = write!(
        text,
        ",\"count\":{0},\"count-text\":\"{0}\",\"allocations\":[",
        answer.count
    );
    text
}

/// Allocations as JSON objects, one per line, written without building a document:
/// `{"changes":C,"seats":{...},"total":T}`, the sectors' keys in sorted order (as a JSON map
/// sorts them), so each row costs only its numbers.
pub struct JsonRows {
    /// Each sector's position in board order and its key, escaped, with the colon.
    keys: Vec<(usize, String)>,
}

impl JsonRows {
    /// The rows for `model`'s board.
    #[must_use]
    pub fn new(model: &Model<'_>) -> Self {
        let mut keys: Vec<(usize, String)> = model
            .board
            .sectors
            .iter()
            .enumerate()
            .map(|(i, s)| (i, s.id.value.clone()))
            .collect();
        keys.sort_by(|a, b| a.1.cmp(&b.1));
        let keys = keys
            .into_iter()
            .map(|(i, id)| {
                let key = serde_json::to_string(&id).unwrap_or_default();
                (i, format!("{key}:"))
            })
            .collect();
        Self { keys }
    }

    /// Writes one allocation (board order) and its seat changes, replacing `row`.
    pub fn write(&self, row: &mut String, seats: &[u32], changes: u64) {
        let mut n = itoa::Buffer::new();
        row.clear();
        row.push_str("{\"changes\":");
        row.push_str(n.format(changes));
        row.push_str(",\"seats\":{");
        for (k, (i, key)) in self.keys.iter().enumerate() {
            if k > 0 {
                row.push(',');
            }
            row.push_str(key);
            row.push_str(n.format(seats.get(*i).copied().unwrap_or(0)));
        }
        row.push_str("},\"total\":");
        row.push_str(n.format(seats.iter().map(|&s| u64::from(s)).sum::<u64>()));
        row.push('}');
    }
}

/// The CSV header: total, changes, then one column per sector id.
#[must_use]
pub fn csv_header(model: &Model<'_>) -> Vec<String> {
    let mut h = vec!["total".to_string(), "changes".to_string()];
    h.extend(model.board.sectors.iter().map(|s| s.id.value.clone()));
    h
}

/// One allocation (board order) and its seat changes as a CSV line, replacing `row`.
/// Every cell is a number, so none needs quoting and the line is written directly: a
/// row costs only its numbers.
pub fn csv_row(row: &mut String, seats: &[u32], changes: u64) {
    let mut n = itoa::Buffer::new();
    row.clear();
    row.push_str(n.format(seats.iter().map(|&s| u64::from(s)).sum::<u64>()));
    row.push(',');
    row.push_str(n.format(changes));
    for &s in seats {
        row.push(',');
        row.push_str(n.format(s));
    }
    row.push('\n');
}
