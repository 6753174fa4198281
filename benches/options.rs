//! `cargo bench --bench options`: the options explorer on a ten-sector board
//! (`benches/data/ten-sectors.toml`, six seat rules of five kinds) and a twenty-sector
//! schools forum (`benches/data/twenty-sectors.toml`: the Schools Forums (England)
//! Regulations 2012 pack, with a balance, a margin and a count of its own).
//!
//! - the exact count of every allocation of 10 to 60 seats, of 10 to 240 (the board's
//!   own size cap raised) and, for the twenty sectors, of 20 to 240 (target: under a
//!   second on one core);
//! - the ten closest allocations of 20 to 240 seats, as `options` shows them;
//! - the listing rate: every allocation of 10 to 24 seats, streamed, against a plain
//!   brute-force lister (every allocation within the bounds, each tested against the rules
//!   directly) handing out the same allocations;
//! - brute-force counting (10 to 20 seats) against the explorer's count, as a ratio.
//!
//! Prints the same-run figures and ratios at the end.

#![allow(missing_docs)]

mod common;

use boardcheck::diagnostic::Severity;
use boardcheck::explore::search::Plan;
use boardcheck::explore::{changes, Budget, Model, Space};
use boardcheck::pack::Loader;
use boardcheck::report::options::csv_row;
use common::median;
use criterion::{criterion_group, Criterion};
use std::time::Duration;

const BOARD: &str = include_str!("data/ten-sectors.toml");
const TWENTY: &str = include_str!("data/twenty-sectors.toml");

fn outcome(text: &str) -> boardcheck::Outcome {
    let options = boardcheck::Options {
        suggest: false,
        ..boardcheck::Options::default()
    };
    let o = boardcheck::check_text("bench.toml", text, None, &Loader::new(), &options);
    assert!(o.checked, "{:?}", o.findings);
    o
}

fn space(model: &Model<'_>, seats: (u32, u32)) -> Space {
    let mut s = Space::around(model.board, seats);
    for b in &mut s.bounds {
        b.1 = seats.1;
    }
    s
}

/// Every allocation with each sector at least 1 and the total within `seats`, each tested
/// against the rules one by one (the product space, pruned only by the total), and each
/// that passes handed to `f`: a plain brute-force lister.
fn brute_force_each(model: &Model<'_>, seats: (u32, u32), mut f: impl FnMut(&[u32])) {
    fn go(
        model: &Model<'_>,
        alloc: &mut Vec<u32>,
        n: usize,
        used: u32,
        seats: (u32, u32),
        all: &[bool],
        f: &mut impl FnMut(&[u32]),
    ) {
        if alloc.len() == n {
            if used >= seats.0 && model.passes(alloc, all) {
                f(alloc);
            }
            return;
        }
        let left = u32::try_from(n - alloc.len() - 1).unwrap();
        for x in 1..=seats.1.saturating_sub(used + left) {
            alloc.push(x);
            go(model, alloc, n, used + x, seats, all, f);
            alloc.pop();
        }
    }
    let all = vec![true; model.considered.len()];
    let n = model.board.sectors.len();
    go(model, &mut Vec::new(), n, 0, seats, &all, &mut f);
}

/// How many allocations brute force passes.
fn brute_force(model: &Model<'_>, seats: (u32, u32)) -> u128 {
    let mut n = 0;
    brute_force_each(model, seats, |_| n += 1);
    n
}

/// Every allocation listed, each written as `options --format csv` writes it (into a
/// buffer, not a file): how many, and a checksum of the bytes.
fn list_all(model: &Model<'_>, space: &Space, all: &[bool], current: &[u32]) -> (usize, u64) {
    let budget = Budget::new(u64::MAX);
    let plan = Plan::new(model, space, all, &budget);
    let mut sink = Sink::default();
    plan.each(|a| {
        sink.take(a, current);
        true
    })
    .expect("no budget to run out of");
    (sink.rows, sink.sum)
}

/// The same, by brute force.
fn brute_list_all(model: &Model<'_>, seats: (u32, u32), current: &[u32]) -> (usize, u64) {
    let mut sink = Sink::default();
    brute_force_each(model, seats, |a| sink.take(a, current));
    (sink.rows, sink.sum)
}

/// Where listed allocations go: each written as a CSV row, as the command writes it.
#[derive(Default)]
struct Sink {
    row: String,
    rows: usize,
    sum: u64,
}

impl Sink {
    fn take(&mut self, seats: &[u32], current: &[u32]) {
        csv_row(&mut self.row, seats, changes(current, seats));
        self.rows += 1;
        // Order-free: the two list in different orders.
        let h = self
            .row
            .bytes()
            .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
        self.sum = self.sum.wrapping_add(h);
    }
}

/// The `n` closest allocations, as `options` shows them.
fn closest(model: &Model<'_>, space: &Space, all: &[bool], current: &[u32], n: usize) -> usize {
    let budget = Budget::new(u64::MAX);
    Plan::new(model, space, all, &budget)
        .closest(current, n)
        .expect("no budget to run out of")
        .len()
}

/// The exact count, with no budget to stop it.
fn count(model: &Model<'_>, space: &Space, all: &[bool]) -> u128 {
    let budget = Budget::new(u64::MAX);
    let n = Plan::new(model, space, all, &budget)
        .count()
        .expect("no budget to run out of");
    u128::try_from(n).expect("fits")
}

/// `text` with every sector's seats multiplied by eight.
fn eight_times(text: &str) -> String {
    text.lines()
        .map(|l| {
            match l
                .strip_prefix("seats = ")
                .and_then(|n| n.parse::<u32>().ok())
            {
                Some(n) => format!("seats = {}", n * 8),
                None => l.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A board and the model of its rules at the error level.
struct Case {
    outcome: boardcheck::Outcome,
}

impl Case {
    fn new(text: &str) -> Self {
        Self {
            outcome: outcome(text),
        }
    }

    fn model(&self) -> Model<'_> {
        let board = self.outcome.board.as_ref().unwrap();
        Model::new(board, self.outcome.all_rules(), Severity::Error)
    }
}

fn bench(c: &mut Criterion) {
    let ten = Case::new(BOARD);
    // The same board with its own cap of 60 seats raised, to ask about 240.
    let ten_240 = Case::new(&BOARD.replace("at-most = 60", "at-most = 240"));
    let twenty = Case::new(TWENTY);
    // The same forum eight times the size (208 seats), whose closest allocations lie
    // among the largest boards asked about.
    let twenty_big = Case::new(&eight_times(TWENTY));
    let model = ten.model();
    let model_240 = ten_240.model();
    let model_20 = twenty.model();
    let model_big = twenty_big.model();
    let current_big = model_big.current();
    let all = vec![true; model.considered.len()];
    let all_20 = vec![true; model_20.considered.len()];
    let current = model.current();
    let current_20 = model_20.current();
    let big = space(&model, (10, 60));
    let big_240 = space(&model_240, (10, 240));
    let big_20 = space(&model_20, (20, 240));
    let big_208 = space(&model_big, (20, 240));
    let listing = space(&model, (10, 24));
    let small = space(&model, (10, 20));

    let mut g = c.benchmark_group("options");
    g.sample_size(10).measurement_time(Duration::from_secs(8));
    g.bench_function("count 10 sectors, 10 to 60 seats", |b| {
        b.iter(|| count(&model, &big, &all));
    });
    g.bench_function("count 10 sectors, 10 to 240 seats", |b| {
        b.iter(|| count(&model_240, &big_240, &all));
    });
    g.bench_function("count 20 sectors, 20 to 240 seats", |b| {
        b.iter(|| count(&model_20, &big_20, &all_20));
    });
    g.bench_function("closest 10 of 20 sectors, 20 to 240 seats", |b| {
        b.iter(|| closest(&model_20, &big_20, &all_20, &current_20, 10));
    });
    g.bench_function(
        "closest 10 of 20 sectors and 208 seats, 20 to 240 seats",
        |b| {
            b.iter(|| closest(&model_big, &big_208, &all_20, &current_big, 10));
        },
    );
    g.bench_function("list every allocation of 10 to 24 seats", |b| {
        b.iter(|| list_all(&model, &listing, &all, &current));
    });
    g.bench_function("brute-force lister, 10 to 24 seats", |b| {
        b.iter(|| brute_list_all(&model, listing.seats, &current));
    });
    g.bench_function("brute force, 10 to 20 seats", |b| {
        b.iter(|| brute_force(&model, small.seats));
    });
    g.bench_function("explorer count, 10 to 20 seats", |b| {
        b.iter(|| count(&model, &small, &all));
    });
    g.finish();

    // The same figures, measured back to back, with the ratios.
    let runs = 5;
    let mut total = 0;
    let big_time = median(|| total = count(&model, &big, &all), runs);
    let mut total_240 = 0;
    let time_240 = median(|| total_240 = count(&model_240, &big_240, &all), runs);
    let mut total_20 = 0;
    let time_20 = median(|| total_20 = count(&model_20, &big_20, &all_20), runs);
    let closest_time = median(
        || assert_eq!(closest(&model_20, &big_20, &all_20, &current_20, 10), 10),
        runs,
    );
    let closest_big_time = median(
        || assert_eq!(closest(&model_big, &big_208, &all_20, &current_big, 10), 10),
        runs,
    );
    let mut listed = (0, 0);
    let list_time = median(|| listed = list_all(&model, &listing, &all, &current), runs);
    let mut brute_listed = (0, 0);
    let brute_list_time = median(
        || brute_listed = brute_list_all(&model, listing.seats, &current),
        runs,
    );
    assert_eq!(listed, brute_listed, "the lister and brute force disagree");
    let mut brute = 0;
    let brute_time = median(|| brute = brute_force(&model, small.seats), runs);
    let mut dp = 0;
    let dp_time = median(|| dp = count(&model, &small, &all), runs);
    assert_eq!(brute, dp, "the explorer and brute force disagree");
    println!("\nsame run, median of {runs}, one core:");
    println!("  exact count, 10 sectors, 10 to 60 seats: {total} allocations in {big_time:.2?}");
    println!(
        "  exact count, 10 sectors, 10 to 240 seats: {total_240} allocations in {time_240:.2?}"
    );
    println!("  exact count, 20 sectors, 20 to 240 seats: {total_20} allocations in {time_20:.2?}");
    println!("  the 10 closest, 20 sectors, 20 to 240 seats: {closest_time:.2?}");
    println!(
        "  the 10 closest to the same forum at 208 seats, 20 to 240 seats: {closest_big_time:.2?}"
    );
    println!(
        "  listing every allocation of 10 to 24 seats ({}): explorer {list_time:.2?}, brute-force lister {brute_list_time:.2?}: explorer takes {:.2}x the lister's time",
        listed.0,
        list_time.as_secs_f64() / brute_list_time.as_secs_f64(),
    );
    println!(
        "  counting 10 to 20 seats ({brute} allocations): brute force {brute_time:.2?}, explorer {dp_time:.2?}: {:.0}x faster",
        brute_time.as_secs_f64() / dp_time.as_secs_f64(),
    );
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
