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
use std::path::{Path, PathBuf};
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
        root: access.root.as_deref().map_or_else(
            boardcheck::report::Root::current,
            boardcheck::report::Root::new,
        ),
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
    let stdin_name = args
        .stdin_filename
        .unwrap_or_else(|| PathBuf::from("<stdin>"));
    let code = run(
        &Inputs {
            paths: &args.paths,
            stdin_name: &stdin_name,
            output: args.output.as_deref(),
        },
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

/// What `check` reads and where it writes.
pub(crate) struct Inputs<'a> {
    /// Board files and folders; `-` is standard input.
    pub(crate) paths: &'a [PathBuf],
    /// The name a board from standard input goes by.
    pub(crate) stdin_name: &'a Path,
    /// The file the findings go to, instead of standard output.
    pub(crate) output: Option<&'a Path>,
}

pub(crate) fn run(
    inputs: &Inputs<'_>,
    jobs: Option<usize>,
    emitter: &Emitter,
    statistics: bool,
    loader: &Loader,
    options: &Options,
) -> u8 {
    let Some((stdin, estates, files)) = gather(inputs, loader, options) else {
        return 2;
    };
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
    let out = match inputs.output {
        // Kept in memory, then written whole: a failed run never leaves half a file.
        Some(_) => Out::File(Vec::new()),
        // Written a chunk of boards at a time (flushed after each), not a line at a time.
        None => Out::Stdout(std::io::BufWriter::with_capacity(1 << 16, stdout.lock())),
    };
    let mut sink = Sink {
        out,
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
    // With --statistics, JSON is the usual document with the counts added; other formats
    // print the counts instead of the findings.
    let findings_too = !statistics || emitter.format == Format::Json;
    if findings_too {
        if let Err(e) = write!(sink.out, "{}", emitter.head()) {
            return code(&sink.summary, Err(e));
        }
    }
    if stdin {
        let outcome =
            boardcheck::check_reader(inputs.stdin_name, std::io::stdin().lock(), loader, options);
        if let Err(e) = sink.emit(Rendered::of(&outcome, emitter, statistics), emitter) {
            return code(&sink.summary, Err(e));
        }
    }
    // Chunks are checked on the pool while the one before is written: a thread feeds the
    // pool chunk by chunk (one chunk ahead at most), and this thread writes, in order.
    let mut views: Vec<EstateView> = estates.iter().map(|_| EstateView::default()).collect();
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Rendered>>(1);
    let failed = std::thread::scope(|scope| {
        let (estates, pool, files) = (&estates, &pool, &files);
        scope.spawn(move || {
            for chunk in files.chunks(CHUNK) {
                let rendered: Vec<Rendered> = pool.install(|| {
                    chunk
                        .par_iter()
                        .map(|(path, i)| {
                            let estate = i.zip(i.map(|i| &estates[i]));
                            check_one(path, estate, loader, options, emitter, statistics)
                        })
                        .collect()
                });
                // The writer stopped (the reader went away): check no more.
                if tx.send(rendered).is_err() {
                    break;
                }
            }
        });
        for rendered in rx {
            for mut r in rendered {
                if let Some((i, v)) = r.view.take() {
                    views[i].boards.push(v);
                }
                sink.emit(r, emitter)?;
            }
            sink.out.flush()?;
        }
        Ok(())
    });
    if let Err(e) = failed {
        return code(&sink.summary, Err(e));
    }
    if inputs
        .output
        .is_some_and(|out| replaces_input(out, &files, &estates, loader))
    {
        return 2;
    }
    // Then each estate's rules across its boards, reported against its `boardcheck.toml`.
    for (e, view) in estates.iter().zip(&views) {
        let r = Rendered::of(&estate::check(e, view), emitter, statistics);
        if let Err(e) = sink.emit(r, emitter) {
            return code(&sink.summary, Err(e));
        }
    }
    let summary = sink.summary;
    let written = sink.finish(emitter, statistics, inputs.output);
    code(&summary, written)
}

/// Whether the findings (not written yet) would take the place of a board, an estate's
/// file or register, or a pack a board named; if so, says so.
fn replaces_input(
    out: &Path,
    files: &[(PathBuf, Option<usize>)],
    estates: &[Estate],
    loader: &Loader,
) -> bool {
    let packs = loader.files_read();
    let read = files
        .iter()
        .map(|(p, _)| p.as_path())
        .chain(estates.iter().flat_map(|e| {
            std::iter::once(Path::new(e.file.name.as_str())).chain(e.register_path.as_deref())
        }))
        .chain(packs.iter().map(PathBuf::as_path));
    let Some(input) = super::input_at(out, read) else {
        return false;
    };
    say!(
        "boardcheck: will not write the findings to {}: it is {}, an input of this check; choose another file, e.g. -o findings.txt",
        out.display(),
        input.display()
    );
    true
}

/// One board checked and rendered, with the board as its estate's rules see it.
fn check_one(
    path: &Path,
    estate: Option<(usize, &Estate)>,
    loader: &Loader,
    options: &Options,
    emitter: &Emitter,
    statistics: bool,
) -> Rendered {
    let outcome =
        boardcheck::check_path_in(path, loader, options, estate.map(|(_, e)| &*e.register));
    let mut r = Rendered::of(&outcome, emitter, statistics);
    r.view = estate.and_then(|(i, e)| {
        outcome
            .board
            .as_ref()
            .map(|b| (i, BoardView::of(e.role_of(path), b)))
    });
    r
}

/// Where the findings go: standard output as they come, or a file written once at the end.
enum Out<'a> {
    Stdout(std::io::BufWriter<std::io::StdoutLock<'a>>),
    File(Vec<u8>),
}

impl Write for Out<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Self::Stdout(o) => o.write(buf),
            Self::File(v) => v.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Self::Stdout(o) => o.flush(),
            Self::File(_) => Ok(()),
        }
    }
}

/// What `check` reads: whether standard input is one of its boards, the estates, and the
/// board files with the estate each belongs to. `None` (after saying why) when there is
/// nothing to check or `-` is given twice.
#[allow(clippy::type_complexity)]
fn gather(
    inputs: &Inputs<'_>,
    loader: &Loader,
    options: &Options,
) -> Option<(bool, Vec<Estate>, Vec<(PathBuf, Option<usize>)>)> {
    let stdin = Path::new("-");
    let (dashes, paths): (Vec<PathBuf>, Vec<PathBuf>) =
        inputs.paths.iter().cloned().partition(|p| p == stdin);
    if dashes.len() > 1 {
        say!("boardcheck: `-` (standard input) is given more than once; it can be read once");
        return None;
    }
    let (estates, files) = if paths.is_empty() && !dashes.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        boards_and_estates(&paths, loader, options)?
    };
    Some((!dashes.is_empty(), estates, files))
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
        if statistics {
            stats.add(outcome);
        }
        let text = if statistics && emitter.format != Format::Json {
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

impl Sink<Out<'_>> {
    /// Writes what comes after the last board, then, for `-o`, the file whole.
    fn finish(
        mut self,
        emitter: &Emitter,
        statistics: bool,
        output: Option<&Path>,
    ) -> std::io::Result<()> {
        let tail = match (statistics, emitter.format) {
            (true, Format::Json) => {
                boardcheck::report::json::tail_with(&self.summary, Some(&self.stats))
            }
            (true, _) => format!("{}\n{}\n", self.stats.table(), self.summary.line()),
            (false, _) => emitter.tail(&self.summary),
        };
        write!(self.out, "{tail}").and_then(|()| self.out.flush())?;
        if let (Out::File(bytes), Some(path)) = (&self.out, output) {
            boardcheck::files::replace(path, bytes, None)
                .map_err(|e| std::io::Error::other(format!("{}: {e}", path.display())))?;
        }
        Ok(())
    }
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
        self.out.write_all(sep.as_bytes())?;
        self.out.write_all(r.text.as_bytes())
    }
}

fn display_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| format!("`{}`", p.display()))
        .collect::<Vec<_>>()
        .join(", ")
}
