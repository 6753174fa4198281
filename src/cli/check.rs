//! `boardcheck check`: find the boards, check them in parallel, write them in order.

use super::args::CheckArgs;
use boardcheck::estate::{self, BoardView, Estate, EstateView};
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
    let Some((estates, files)) = boards_and_estates(paths, loader, options) else {
        return 2;
    };
    let mut estates: Vec<(Estate, EstateView)> = estates
        .into_iter()
        .map(|e| (e, EstateView::default()))
        .collect();
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
    let stdout = std::io::stdout();
    let mut sink = Sink {
        out: stdout.lock(),
        summary: Summary::default(),
        stats: Statistics::default(),
        written: false,
    };
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
        if let Err(e) = write!(sink.out, "{}", emitter.head()) {
            return code(&sink.summary, Err(e));
        }
    }
    for chunk in files.chunks(CHUNK) {
        let rendered: Vec<Rendered> = pool.install(|| {
            chunk
                .par_iter()
                .map(|(path, i)| {
                    let estate = i.map(|i| &estates[i].0);
                    let outcome = boardcheck::check_path_in(
                        path,
                        loader,
                        options,
                        estate.map(|e| &*e.register),
                    );
                    let mut r = Rendered::of(&outcome, emitter, statistics);
                    r.view = i.zip(estate).and_then(|(i, e)| {
                        outcome
                            .board
                            .as_ref()
                            .map(|b| (i, BoardView::of(e.role_of(path), b)))
                    });
                    r
                })
                .collect()
        });
        for mut r in rendered {
            if let Some((i, v)) = r.view.take() {
                estates[i].1.boards.push(v);
            }
            if let Err(e) = sink.emit(r, emitter) {
                return code(&sink.summary, Err(e));
            }
        }
    }
    // Then each estate's rules across its boards, reported against its `boardcheck.toml`.
    for (e, view) in &estates {
        let r = Rendered::of(&estate::check(e, view), emitter, statistics);
        if let Err(e) = sink.emit(r, emitter) {
            return code(&sink.summary, Err(e));
        }
    }
    let Sink {
        mut out,
        summary,
        stats,
        ..
    } = sink;
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

/// The board files to check (`boards/` when no path is given), each with the estate it
/// belongs to; `None` (after saying why) when there is nothing to check.
#[allow(clippy::type_complexity)]
fn boards_and_estates(
    paths: &[PathBuf],
    loader: &Loader,
    options: &Options,
) -> Option<(Vec<Estate>, Vec<(PathBuf, Option<usize>)>)> {
    let default = [PathBuf::from("boards")];
    let paths = if paths.is_empty() {
        if !default[0].is_dir() {
            say!("boardcheck: no path given and no `boards/` directory here; run `boardcheck check FILE.toml`");
            return None;
        }
        &default[..]
    } else {
        paths
    };
    let found = boardcheck::discover(paths);
    for (path, why) in &found.skipped {
        say!("boardcheck: skipped {}: {why}", path.display());
    }
    // Board files under a folder holding `boardcheck.toml` are an estate's: checked with its
    // register, and then together against its rules across boards.
    let (estates, files) = estate::plan(found.files, loader, options.max_file_size);
    if files.is_empty() && estates.is_empty() {
        say!(
            "boardcheck: no `*.toml` board files found in {}",
            display_paths(paths)
        );
        return None;
    }
    Some((estates, files))
}

/// One outcome, rendered (or counted, for `--statistics`), with what its estate needs.
struct Rendered {
    text: String,
    summary: Summary,
    stats: Statistics,
    /// For a board of an estate: the estate's index, and the board as its rules see it.
    view: Option<(usize, BoardView)>,
}

impl Rendered {
    fn of(outcome: &boardcheck::Outcome, emitter: &Emitter, statistics: bool) -> Self {
        let mut summary = Summary::default();
        summary.add(outcome);
        let mut stats = Statistics::default();
        let text = if statistics {
            stats.add(outcome);
            String::new()
        } else {
            emitter.board(outcome)
        };
        Self {
            text,
            summary,
            stats,
            view: None,
        }
    }
}

/// Where rendered outcomes go, in order, with the running totals.
struct Sink<W: Write> {
    out: W,
    summary: Summary,
    stats: Statistics,
    written: bool,
}

impl<W: Write> Sink<W> {
    fn emit(&mut self, r: Rendered, emitter: &Emitter) -> std::io::Result<()> {
        self.summary.merge(&r.summary);
        self.stats.merge(r.stats);
        if r.text.is_empty() {
            return Ok(());
        }
        let sep = if self.written {
            emitter.separator()
        } else {
            ""
        };
        self.written = true;
        write!(self.out, "{sep}{}", r.text)
    }
}

fn display_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| format!("`{}`", p.display()))
        .collect::<Vec<_>>()
        .join(", ")
}
