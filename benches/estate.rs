//! `cargo bench --bench estate`: an estate of 500 boards and a register of 5,000 people,
//! checked as `check DIR` does (each board with the register, then the rules across
//! boards), against checking the same 500 boards one at a time with no estate. Prints the
//! whole estate's time (the target is under 1 second) and the ratio to the boards alone.

#![allow(missing_docs)]

mod common;

use boardcheck::estate::{self, BoardView, EstateView};
use boardcheck::pack::Loader;
use common::median;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const BOARDS: usize = 500;
const PEOPLE: usize = 5_000;
const PER_BOARD: usize = 12;

/// The person at `k` in the register.
fn person(k: usize) -> String {
    format!("Person {k:04}")
}

fn write_estate(dir: &Path) -> Vec<PathBuf> {
    let mut people = String::from("# 5,000 people, each once.\n");
    for k in 0..PEOPLE {
        let facts = match k % 10 {
            0 => "tags = [\"employee\"]",
            1 => "tags = [\"councillor\"]",
            _ => "not = [\"employee\", \"councillor\"]",
        };
        let _ = write!(people, "\n[[people]]\nname = \"{}\"\n{facts}\n", person(k));
    }
    std::fs::write(dir.join("people.toml"), people).unwrap();
    std::fs::write(
        dir.join("boardcheck.toml"),
        "[estate]\nname = \"Benchmark estate\"\nregister = \"people.toml\"\n\n[[rules]]\nid = \"three-boards\"\nkind = \"seats-across\"\nat-most = 3\n\n[[rules]]\nid = \"apart\"\nkind = \"independent\"\nboard = \"board-000\"\nother = \"board-001\"\nless-than = \"1/2\"\n",
    )
    .unwrap();
    (0..BOARDS)
        .map(|b| {
            let mut s = format!(
                "[board]\nname = \"Board {b}\"\n\n[sectors.governors]\nseats = {PER_BOARD}\n\n[[rules]]\nid = \"chair\"\nkind = \"office\"\noffice = \"chair\"\nmust-not-be = {{ fact = \"employee\", label = \"an employee\" }}\n"
            );
            for m in 0..PER_BOARD {
                // Each person sits on one or two boards.
                let k = (b * PER_BOARD + m * 7) % PEOPLE;
                let _ = write!(s, "\n[[members]]\nname = \"{}\"\nsector = \"governors\"\n", person(k));
            }
            let _ = write!(s, "\n[chair]\nmember = \"{}\"\n", person((b * PER_BOARD + 7) % PEOPLE));
            let p = dir.join(format!("board-{b:03}.toml"));
            std::fs::write(&p, s).unwrap();
            p
        })
        .collect()
}

/// The estate as `check DIR` checks it: plan, each board with the register, the rules
/// across boards.
fn check_estate(dir: &Path, loader: &Loader) -> usize {
    let files = boardcheck::discover(&[dir.to_path_buf()]).files;
    let (estates, boards) = estate::plan(files, loader, u64::MAX);
    let e = &estates[0];
    let mut view = EstateView::default();
    let mut n = 0;
    for (path, _) in &boards {
        let o = boardcheck::check_path_in(
            path,
            loader,
            &boardcheck::Options::default(),
            Some(&e.register),
        );
        n += o.findings.len();
        if let Some(b) = &o.board {
            view.boards.push(BoardView::of(e.role_of(path), b));
        }
    }
    n + estate::check(e, &view).findings.len()
}

/// The same boards, one at a time, with no estate.
fn check_alone(files: &[PathBuf], loader: &Loader) -> usize {
    files
        .iter()
        .map(|p| {
            boardcheck::check_path(p, loader, &boardcheck::Options::default())
                .findings
                .len()
        })
        .sum()
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("estate");
    std::fs::create_dir(&root).unwrap();
    let files = write_estate(&root);
    let loader = Loader::new();
    let found = check_estate(&root, &loader);
    assert!(found > 0, "the estate should have findings to report");
    let estate = median(
        || {
            std::hint::black_box(check_estate(&root, &loader));
        },
        7,
    );
    let alone = median(
        || {
            std::hint::black_box(check_alone(&files, &loader));
        },
        7,
    );
    println!(
        "estate of {BOARDS} boards and {PEOPLE} people, median of 7, one core: {estate:.2?} (target < 1 s); the same boards alone {alone:.2?} (ratio {:.2})",
        estate.as_secs_f64() / alone.as_secs_f64()
    );
}
