//! `cargo bench --bench options`: the options explorer on a ten-sector board
//! (`benches/data/ten-sectors.toml`, six seat rules of five kinds).
//!
//! - the exact count of every allocation of 10 to 60 seats (16 billion; target well under
//!   a second on one core);
//! - the listing rate: the first 100,000 allocations of 10 to 30 seats, streamed;
//! - the baseline: brute force (every allocation of 10 to 20 seats, each tested against the
//!   rules directly) against the explorer's count of the same space, as a ratio.
//!
//! Prints the same-run figures and ratio at the end.

#![allow(missing_docs)]

mod common;

use boardcheck::diagnostic::Severity;
use boardcheck::explore::search::Plan;
use boardcheck::explore::{Budget, Model, Space};
use boardcheck::pack::Loader;
use common::median;
use criterion::{criterion_group, Criterion, Throughput};
use std::time::Duration;

const BOARD: &str = include_str!("data/ten-sectors.toml");

fn outcome() -> boardcheck::Outcome {
    let options = boardcheck::Options {
        suggest: false,
        ..boardcheck::Options::default()
    };
    let o = boardcheck::check_text("ten-sectors.toml", BOARD, None, &Loader::new(), &options);
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
/// against the rules one by one: the product space, pruned only by the total.
fn brute_force(model: &Model<'_>, seats: (u32, u32)) -> u128 {
    fn go(
        model: &Model<'_>,
        alloc: &mut Vec<u32>,
        n: usize,
        used: u32,
        seats: (u32, u32),
        all: &[bool],
    ) -> u128 {
        if alloc.len() == n {
            return u128::from(used >= seats.0 && model.passes(alloc, all));
        }
        let left = u32::try_from(n - alloc.len() - 1).unwrap();
        let mut count = 0;
        for x in 1..=seats.1.saturating_sub(used + left) {
            alloc.push(x);
            count += go(model, alloc, n, used + x, seats, all);
            alloc.pop();
        }
        count
    }
    let all = vec![true; model.considered.len()];
    go(
        model,
        &mut Vec::new(),
        model.board.sectors.len(),
        0,
        seats,
        &all,
    )
}

/// The first `n` allocations listed (the benchmark measures work, so no budget stops it).
fn first(model: &Model<'_>, space: &Space, all: &[bool], current: &[u32], n: usize) -> usize {
    let budget = Budget::new(u64::MAX);
    let plan = Plan::new(model, space, all, &budget);
    let mut listed = 0;
    plan.each(current, |_| {
        listed += 1;
        listed < n
    })
    .expect("no budget to run out of");
    listed
}

/// The exact count, with no budget to stop it.
fn count(model: &Model<'_>, space: &Space, all: &[bool]) -> u128 {
    let budget = Budget::new(u64::MAX);
    let n = Plan::new(model, space, all, &budget)
        .count()
        .expect("no budget to run out of");
    u128::try_from(n).expect("fits")
}

fn bench(c: &mut Criterion) {
    let o = outcome();
    let board = o.board.as_ref().unwrap();
    let model = Model::new(board, o.all_rules(), Severity::Error);
    let all = vec![true; model.considered.len()];
    let current = model.current();
    let big = space(&model, (10, 60));
    let listing = space(&model, (10, 30));
    let small = space(&model, (10, 20));

    let mut g = c.benchmark_group("options");
    g.sample_size(10).measurement_time(Duration::from_secs(8));
    g.bench_function("count 10 sectors, 10 to 60 seats", |b| {
        b.iter(|| count(&model, &big, &all));
    });
    g.throughput(Throughput::Elements(100_000));
    g.bench_function("list the first 100,000 of 10 to 30 seats", |b| {
        b.iter(|| first(&model, &listing, &all, &current, 100_000));
    });
    g.throughput(Throughput::Elements(1));
    g.bench_function("brute force, 10 to 20 seats", |b| {
        b.iter(|| brute_force(&model, small.seats));
    });
    g.bench_function("explorer count, 10 to 20 seats", |b| {
        b.iter(|| count(&model, &small, &all));
    });
    g.finish();

    // The same figures, measured back to back, with the ratio.
    let mut total = 0;
    let big_time = median(|| total = count(&model, &big, &all), 5);
    let list_time = median(
        || assert_eq!(first(&model, &listing, &all, &current, 100_000), 100_000),
        5,
    );
    let mut brute = 0;
    let brute_time = median(|| brute = brute_force(&model, small.seats), 5);
    let mut dp = 0;
    let dp_time = median(|| dp = count(&model, &small, &all), 5);
    assert_eq!(brute, dp, "the explorer and brute force disagree");
    println!(
        "\nsame run, median of 5, one core:\n  exact count, 10 to 60 seats: {total} allocations in {big_time:.2?}\n  listing: 100,000 allocations in {list_time:.2?} ({:.0} per second)\n  10 to 20 seats ({brute} allocations): brute force {brute_time:.2?}, explorer {dp_time:.2?}: {:.0}x faster",
        100_000.0 / list_time.as_secs_f64(),
        brute_time.as_secs_f64() / dp_time.as_secs_f64(),
    );
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
