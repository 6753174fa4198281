//! What the benchmarks share.

use std::time::{Duration, Instant};

/// The median wall time of `runs` calls of `f`, for the same-run figures each benchmark
/// prints beside criterion's.
pub fn median(mut f: impl FnMut(), runs: usize) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}
