//! `boardcheck check`: find the boards, check them in parallel, write them in order.

use super::args::CheckArgs;
use boardcheck::model::Date;
use boardcheck::pack::{Access, Loader};
use boardcheck::report::statistics::Statistics;
use boardcheck::report::{Emitter, Format, Style, Summary};
use boardcheck::Options;
use rayon::prelude::*;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// `boardcheck check`: the options from the arguments, then [`run`].
pub(crate) fn command(args: CheckArgs, access: Access, style: Style) -> ExitCode {
    let options = Options {
        as_of: args.as_of.unwrap_or_else(Date::today),
        horizon_days: args.horizon,
        what_if: args
            .add_sector
            .into_iter()
            .chain(args.set)
            .chain(args.drop_sector)
            .collect(),
        max_file_size: access.max_file_size,
        ..Options::default()
    };
    let emitter = Emitter {
        format: args.format.0,
        style,
        fail_level: args.fail_level.severity(),
        quiet: args.quiet,
    };
    if args.statistics
        && !matches!(
            emitter.format,
            Format::Human | Format::Concise | Format::Json
        )
    {
        say!("boardcheck: --statistics works with the human, concise and json formats");
        return ExitCode::from(2);
    }
    let loader = Loader::with_access(access);
    let code = run(
        &args.paths,
        args.jobs,
        &emitter,
        args.statistics,
        &loader,
        &options,
    );
    if args.exit_zero && code == 1 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(code)
    }
}

/// Boards are checked in chunks: each chunk in parallel, then printed in order, so output
/// is stable and memory stays flat however many files there are.
const CHUNK: usize = 256;

pub(crate) fn run(
    paths: &[PathBuf],
    jobs: Option<usize>,
    emitter: &Emitter,
    statistics: bool,
    loader: &Loader,
    options: &Options,
) -> u8 {
    let default = [PathBuf::from("boards")];
    let paths = if paths.is_empty() {
        if !default[0].is_dir() {
            say!("boardcheck: no path given and no `boards/` directory here; run `boardcheck check FILE.toml`");
            return 2;
        }
        &default[..]
    } else {
        paths
    };
    let found = boardcheck::discover(paths);
    for (path, why) in &found.skipped {
        say!("boardcheck: skipped {}: {why}", path.display());
    }
    let files = found.files;
    if files.is_empty() {
        say!(
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
            say!("boardcheck: cannot start worker threads: {e}");
            return 2;
        }
    };
    let mut summary = Summary::default();
    let mut stats = Statistics::default();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut written = false;
    let code = |summary: &Summary, written: std::io::Result<()>| match written {
        Ok(()) => summary.exit_code(emitter.fail_level),
        // The reader went away (e.g. piped into `head`): stop quietly.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            summary.exit_code(emitter.fail_level)
        }
        Err(e) => {
            say!(
                "boardcheck: cannot write the findings: {}",
                boardcheck::files::io_reason(&e)
            );
            2
        }
    };
    if !statistics {
        if let Err(e) = write!(out, "{}", emitter.head()) {
            return code(&summary, Err(e));
        }
    }
    for chunk in files.chunks(CHUNK) {
        let rendered: Vec<(String, Summary, Statistics)> = pool.install(|| {
            chunk
                .par_iter()
                .map(|path| {
                    let outcome = boardcheck::check_path(path, loader, options);
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
            if let Err(e) = write!(out, "{sep}{text}") {
                return code(&summary, Err(e));
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
    let written = write!(out, "{tail}").and_then(|()| out.flush());
    code(&summary, written)
}

fn display_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| format!("`{}`", p.display()))
        .collect::<Vec<_>>()
        .join(", ")
}
