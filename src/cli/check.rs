//! `boardcheck check`: find the boards, check them in parallel, write them in order.

use boardcheck::pack::Loader;
use boardcheck::report::statistics::Statistics;
use boardcheck::report::Emitter;
use boardcheck::report::{Format, Summary};
use boardcheck::Options;
use rayon::prelude::*;
use std::io::Write;
use std::path::PathBuf;

/// Boards are checked in chunks: each chunk in parallel, then printed in order, so output
/// is stable and memory stays flat however many files there are.
const CHUNK: usize = 256;

pub(crate) fn run(
    paths: &[PathBuf],
    jobs: Option<usize>,
    emitter: &Emitter,
    statistics: bool,
    options: &Options,
) -> u8 {
    let default = [PathBuf::from("boards")];
    let paths = if paths.is_empty() {
        if !default[0].is_dir() {
            eprintln!("boardcheck: no path given and no `boards/` directory here; run `boardcheck check FILE.toml`");
            return 2;
        }
        &default[..]
    } else {
        paths
    };
    let files = boardcheck::discover(paths);
    if files.is_empty() {
        eprintln!(
            "boardcheck: no `*.toml` board files found in {}",
            display_paths(paths)
        );
        return 2;
    }
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
    {
        Ok(p) => p,
        Err(e) => {
            eprintln!("boardcheck: cannot start worker threads: {e}");
            return 2;
        }
    };
    let loader = Loader::new();
    let mut summary = Summary::default();
    let mut stats = Statistics::default();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut written = false;
    if !statistics && write!(out, "{}", emitter.head()).is_err() {
        return 2;
    }
    for chunk in files.chunks(CHUNK) {
        let rendered: Vec<(String, Summary, Statistics)> = pool.install(|| {
            chunk
                .par_iter()
                .map(|path| {
                    let outcome = boardcheck::check_path(path, &loader, options);
                    let mut s = Summary::default();
                    s.add(&outcome);
                    let mut st = Statistics::default();
                    let text = if statistics {
                        st.add(&outcome);
                        String::new()
                    } else {
                        emitter.board(&outcome)
                    };
                    (text, s, st)
                })
                .collect()
        });
        for (text, s, st) in rendered {
            summary.merge(&s);
            stats.merge(st);
            if text.is_empty() {
                continue;
            }
            let sep = if written { emitter.separator() } else { "" };
            written = true;
            if write!(out, "{sep}{text}").is_err() {
                // The reader went away (e.g. piped into `head`): stop quietly.
                return summary.exit_code(emitter.fail_level);
            }
        }
    }
    let tail = if statistics {
        match emitter.format {
            Format::Json => stats.json(),
            _ => format!("{}\n{}\n", stats.table(), summary.line()),
        }
    } else {
        emitter.tail(&summary)
    };
    let _ = write!(out, "{tail}");
    summary.exit_code(emitter.fail_level)
}

fn display_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| format!("`{}`", p.display()))
        .collect::<Vec<_>>()
        .join(", ")
}
