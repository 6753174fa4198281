//! `cargo bench --bench check`: checking 10,000 boards against the time to merely read and
//! parse the same files with the `toml` crate (the baseline), on two corpora:
//!
//! - *realistic*: the example boards in `boards/` (English packs, Rotherham, published
//!   constitutions: 10 to 16 sectors, named members, chairs, terms, several packs), each
//!   copied under a new name until there are 10,000;
//! - *generated*: a dozen-sector board against the RESP pack, varied by number.
//!
//! For each it prints, as ratios to parsing alone measured in the same run (medians):
//! in process on one core and on every core; and the whole process, `boardcheck check
//! --format json` with `-j1` and with every core, against a process that only reads and
//! parses the same files (this benchmark's own executable, run with
//! `BOARDCHECK_BENCH_PARSE_ONLY=DIR`).

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

/// 10,000 files in a fresh folder, the `i`th with `text(i)`.
fn corpus(text: impl Fn(usize) -> String) -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let files: Vec<PathBuf> = (0..BOARDS)
        .map(|i| {
            let p = dir.path().join(format!("board-{i:05}.toml"));
            std::fs::write(&p, text(i)).expect("write board");
            p
        })
        .collect();
    (dir, files)
}

/// The example boards of `boards/` outside estates, each board's name numbered by `i`.
fn realistic() -> impl Fn(usize) -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("boards");
    let mut texts: Vec<String> = ["england", "rotherham", "published"]
        .iter()
        .flat_map(|d| std::fs::read_dir(root.join(d)).expect("boards/").flatten())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| std::fs::read_to_string(p).expect("board"))
        .collect();
    texts.sort();
    assert!(texts.len() >= 20, "the example boards");
    move |i| {
        texts[i % texts.len()].replacen("[board]\nname = \"", &format!("[board]\nname = \"{i} "), 1)
    }
}

/// Run as `BOARDCHECK_BENCH_PARSE_ONLY=DIR`: the whole-process baseline, reading and
/// parsing every file of DIR, then exiting.
fn parse_only_process(dir: &std::path::Path) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    std::hint::black_box(parse_only(&files));
}

/// The median wall time of running `cmd` to the end, its output thrown away.
fn process(mut cmd: std::process::Command) -> Duration {
    cmd.stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    median(
        || {
            let status = cmd.status().expect("runs");
            assert!(status.code().is_some_and(|c| c <= 1), "{cmd:?}: {status}");
        },
        5,
    )
}

/// The same-run figures for one corpus, printed.
fn figures(name: &str, dir: &std::path::Path, files: &[PathBuf], loader: &Loader) {
    let parse = median(
        || {
            std::hint::black_box(parse_only(files));
        },
        5,
    );
    let check = median(
        || {
            std::hint::black_box(check_all(files, loader));
        },
        5,
    );
    let par = median(
        || {
            std::hint::black_box(check_parallel(files, loader));
        },
        5,
    );
    let mut baseline = std::process::Command::new(std::env::current_exe().expect("bench"));
    baseline.env("BOARDCHECK_BENCH_PARSE_ONLY", dir);
    let p_parse = process(baseline);
    let run = |jobs: &str| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_boardcheck"));
        c.args(["check", "--format", "json", "-j", jobs]).arg(dir);
        process(c)
    };
    let cores = rayon::current_num_threads().to_string();
    let (p_one, p_all) = (run("1"), run(&cores));
    let r = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
    println!(
        "\n{name} corpus, same run, medians of 5 (ratios to parsing alone):\n  in process:    parse-only {parse:.2?}; check one core {check:.2?} ({:.2}x); check on {cores} threads {par:.2?} (speed-up {:.2}x)\n  whole process: parse-only {p_parse:.2?}; check --format json -j1 {p_one:.2?} ({:.2}x); -j{cores} {p_all:.2?} (speed-up {:.2}x)",
        r(check, parse),
        r(check, par),
        r(p_one, p_parse),
        r(p_one, p_all),
    );
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
    let loader = Loader::new();
    let (real_dir, real) = corpus(realistic());
    let (gen_dir, generated) = corpus(board);
    for (name, files) in [("realistic", &real), ("generated", &generated)] {
        let avg = files
            .iter()
            .map(|p| std::fs::metadata(p).unwrap().len())
            .sum::<u64>()
            / files.len() as u64;
        println!("{name} corpus: {BOARDS} boards, {avg} bytes each on average");
        // Every board must really be checked (not rejected as malformed).
        assert!(files.iter().take(40).all(|p| boardcheck::check_path(
            p,
            &loader,
            &boardcheck::Options::default()
        )
        .checked));
    }
    let mut group = c.benchmark_group("10k-realistic-boards");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    group.bench_function("parse-only (toml::from_str)", |b| {
        b.iter(|| parse_only(&real));
    });
    group.bench_function("check, one core", |b| b.iter(|| check_all(&real, &loader)));
    group.bench_function("check, all cores", |b| {
        b.iter(|| check_parallel(&real, &loader));
    });
    group.finish();
    figures("realistic", real_dir.path(), &real, &loader);
    figures("generated", gen_dir.path(), &generated, &loader);
}

criterion_group!(group, benches);

fn main() {
    if let Some(dir) = std::env::var_os("BOARDCHECK_BENCH_PARSE_ONLY") {
        parse_only_process(std::path::Path::new(&dir));
        return;
    }
    group();
    Criterion::default().configure_from_args().final_summary();
}
