//! `cargo bench`: checking 10,000 typical boards against the time to merely read and parse
//! the same files with the `toml` crate (the baseline), single-threaded, plus the parallel
//! check the CLI does. Prints the ratio at the end: the target is at most 1.5.

#![allow(missing_docs)]

mod common;

use boardcheck::pack::Loader;
use common::median;
use criterion::{criterion_group, Criterion};
use rayon::prelude::*;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Duration;

const BOARDS: usize = 10_000;

/// A typical constituted board: a dozen sectors, a named member in most seats, a chair and
/// vice-chair, checked against the RESP pack. About 2.5 KB.
fn board(i: usize) -> String {
    let sectors = [
        ("primary", 2, "\"school-leader\", \"phase-primary\""),
        ("special", 1, "\"school-leader\", \"phase-specialist\""),
        ("pru", 1, "\"school-leader\", \"phase-specialist\""),
        ("secondary", 2, "\"school-leader\", \"phase-secondary\""),
        (
            "teaching-school-alliance",
            1 + i % 2,
            "\"teaching-school-alliance\"",
        ),
        ("governors", 1, "\"governors\""),
        ("diocese", 1, "\"diocese\""),
        ("early-years", 1, "\"early-years\""),
        ("post-16", 1, "\"post-16\""),
        ("employers", 1, "\"employer\""),
        ("alternative-provision", 1, "\"alternative-provision\""),
        ("local-authority", 3 + i % 2, "\"local-authority\""),
    ];
    let mut s = format!(
        "# Generated board {i} for the benchmark.\n[board]\nname = \"Benchmark partnership board {i}\"\nsource = \"generated\"\nrules = [\"rotherham/resp-2018\"]\n\n"
    );
    for (id, seats, tags) in sectors {
        let _ = write!(
            s,
            "[sectors.{id}]\nname = \"{id} representatives\"\nseats = {seats}\ntags = [{tags}]\n\n"
        );
    }
    for (n, (id, _, _)) in sectors.iter().enumerate().take(11) {
        let _ = write!(
            s,
            "[[members]]\nname = \"Member {n} of board {i}\"\nsector = \"{id}\"\nrole = \"Representative\"\nterm-start = 2024-09-01\nterm-end = 2027-08-31\n\n"
        );
    }
    s.push_str("[chair]\nmember = \"Member 0 of board ");
    let _ = write!(
        s,
        "{i}\"\n\n[vice-chair]\nmember = \"Member 3 of board {i}\"\n"
    );
    s
}

fn corpus() -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let files: Vec<PathBuf> = (0..BOARDS)
        .map(|i| {
            let p = dir.path().join(format!("board-{i:05}.toml"));
            std::fs::write(&p, board(i)).expect("write board");
            p
        })
        .collect();
    (dir, files)
}

fn parse_only(files: &[PathBuf]) -> usize {
    files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            let table: toml::Table = toml::from_str(&text).unwrap();
            table.len()
        })
        .sum()
}

fn check_all(files: &[PathBuf], loader: &Loader) -> usize {
    files
        .iter()
        .map(|p| {
            boardcheck::check_path(p, loader, &boardcheck::Options::default())
                .findings
                .len()
        })
        .sum()
}

fn check_parallel(files: &[PathBuf], loader: &Loader) -> usize {
    files
        .par_iter()
        .map(|p| {
            boardcheck::check_path(p, loader, &boardcheck::Options::default())
                .findings
                .len()
        })
        .sum()
}

fn benches(c: &mut Criterion) {
    let (_dir, files) = corpus();
    let avg = files
        .iter()
        .map(|p| std::fs::metadata(p).unwrap().len())
        .sum::<u64>()
        / files.len() as u64;
    println!("corpus: {BOARDS} boards, {avg} bytes each on average");
    let loader = Loader::new();
    // Every generated board must really be checked (not rejected as malformed).
    assert!(files.iter().take(20).all(|p| boardcheck::check_path(
        p,
        &loader,
        &boardcheck::Options::default()
    )
    .checked));
    let mut group = c.benchmark_group("10k-boards");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    group.bench_function("parse-only (toml::from_str)", |b| {
        b.iter(|| parse_only(&files));
    });
    group.bench_function("check, one core", |b| b.iter(|| check_all(&files, &loader)));
    group.bench_function("check, all cores", |b| {
        b.iter(|| check_parallel(&files, &loader));
    });
    group.finish();

    let parse = median(
        || {
            std::hint::black_box(parse_only(&files));
        },
        7,
    );
    let check = median(
        || {
            std::hint::black_box(check_all(&files, &loader));
        },
        7,
    );
    let par = median(
        || {
            std::hint::black_box(check_parallel(&files, &loader));
        },
        7,
    );
    println!(
        "\nsame run, median of 7: parse-only {parse:.2?}, check {check:.2?} (ratio {:.2}, target <= 1.5), check on {} threads {par:.2?} (speed-up {:.2}x)",
        check.as_secs_f64() / parse.as_secs_f64(),
        rayon::current_num_threads(),
        check.as_secs_f64() / par.as_secs_f64(),
    );
}

criterion_group!(group, benches);

fn main() {
    group();
    Criterion::default().configure_from_args().final_summary();
}
