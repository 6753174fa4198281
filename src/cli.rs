//! Argument parsing and the `check` command.

use boardcheck::model::Date;
use boardcheck::pack::Loader;
use boardcheck::report::{self, Style, Summary};
use boardcheck::Options;
use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Check board constitutions written in TOML against composition rules.
///
/// Exit codes: 0 no error-level finding (warnings allowed); 1 at least one error-level
/// finding; 2 a file could not be checked (unreadable, invalid TOML, unknown keys,
/// dangling references); 101 an internal bug.
// These doc comments are the `--help` text people read, not rustdoc: no backticks.
#[allow(clippy::doc_markdown)]
#[derive(Parser)]
#[command(name = "boardcheck", version, about, long_about)]
struct Cli {
    /// When to use colour: auto (when writing to a terminal and NO_COLOR is not set),
    /// always, or never.
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    color: Color,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check board files against their rule packs and report every breach.
    ///
    /// Each PATH is a board file, or a directory searched recursively for `*.toml`.
    /// With no PATH, checks `boards/`.
    Check {
        /// Board files or directories (default: `boards/`).
        paths: Vec<PathBuf>,
        /// Omit the line for each board that passed with no warnings; findings and the summary still print.
        #[arg(short, long)]
        quiet: bool,
        /// Number of boards to check at once (default: one per core).
        #[arg(short, long)]
        jobs: Option<usize>,
        /// The date terms of office are judged at, as YYYY-MM-DD (default: today).
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<Date>,
        /// How far ahead a term counts as expiring: days, e.g. 90 or 90d.
        #[arg(long, value_name = "DAYS", default_value = "90", value_parser = parse_days)]
        horizon: u32,
    },
    /// List the built-in rule packs; `packs show NAME` prints one's rules and citations.
    Packs {
        #[command(subcommand)]
        command: Option<PacksCommand>,
    },
}

#[derive(Subcommand)]
enum PacksCommand {
    /// Print a pack's facts and rules, with what each checks and the clause it cites.
    Show {
        /// A built-in pack name (e.g. england/maintained-school-2012) or a pack file path.
        name: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

impl Color {
    fn enabled(self) -> bool {
        match self {
            Self::Always => true,
            Self::Never => false,
            Self::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

/// Boards are checked in chunks: each chunk in parallel, then printed in order, so output
/// is stable and memory stays flat however many files there are.
const CHUNK: usize = 256;

pub(crate) fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        eprintln!("boardcheck: internal error (this is a bug; please report it with the file being checked)\n{info}");
    }));
    let cli = Cli::parse();
    let style = Style {
        color: cli.color.enabled(),
        width: std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .filter(|w| *w >= 40)
            .unwrap_or(100),
    };
    match cli.command {
        Command::Check {
            paths,
            quiet,
            jobs,
            as_of,
            horizon,
        } => {
            let options = Options {
                as_of: as_of.unwrap_or_else(Date::today),
                horizon_days: horizon,
            };
            check(paths, quiet, jobs, style, &options)
        }
        Command::Packs { command } => {
            let name = command.map(|PacksCommand::Show { name }| name);
            packs(name.as_deref(), style)
        }
    }
}

fn check(
    paths: Vec<PathBuf>,
    quiet: bool,
    jobs: Option<usize>,
    style: Style,
    options: &Options,
) -> ExitCode {
    let paths = if paths.is_empty() {
        let default = PathBuf::from("boards");
        if !default.is_dir() {
            eprintln!("boardcheck: no path given and no `boards/` directory here; run `boardcheck check FILE.toml`");
            return ExitCode::from(2);
        }
        vec![default]
    } else {
        paths
    };
    let files = boardcheck::discover(&paths);
    if files.is_empty() {
        eprintln!(
            "boardcheck: no `*.toml` board files found in {}",
            display_paths(&paths)
        );
        return ExitCode::from(2);
    }
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
    {
        Ok(p) => p,
        Err(e) => {
            eprintln!("boardcheck: cannot start worker threads: {e}");
            return ExitCode::from(2);
        }
    };
    let loader = Loader::new();
    let mut summary = Summary::default();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for chunk in files.chunks(CHUNK) {
        let rendered: Vec<(String, boardcheck::Verdict, Summary)> = pool.install(|| {
            chunk
                .par_iter()
                .map(|path| {
                    let outcome = boardcheck::check_path(path, &loader, options);
                    let mut s = Summary::default();
                    s.add(&outcome);
                    let mut text = report::status_line(&outcome);
                    text.push('\n');
                    if !outcome.findings.is_empty() {
                        text.push('\n');
                        text.push_str(&report::render_outcome(&outcome, style));
                    }
                    // Every board's block ends with exactly one blank line.
                    let trimmed = text.trim_end().len();
                    text.truncate(trimmed);
                    text.push_str(if outcome.findings.is_empty() {
                        "\n"
                    } else {
                        "\n\n"
                    });
                    (text, outcome.verdict(), s)
                })
                .collect()
        });
        for (text, verdict, s) in rendered {
            summary.boards += s.boards;
            summary.passed += s.passed;
            summary.failed += s.failed;
            summary.not_checked += s.not_checked;
            summary.errors += s.errors;
            summary.warnings += s.warnings;
            if quiet && verdict == boardcheck::Verdict::Passed && s.warnings == 0 {
                continue;
            }
            if write!(out, "{text}").is_err() {
                // The reader went away (e.g. piped into `head`): stop quietly.
                return ExitCode::from(summary.exit_code());
            }
        }
    }
    let _ = writeln!(out, "\n{}", summary.line());
    ExitCode::from(summary.exit_code())
}

fn display_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| format!("`{}`", p.display()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s)
        .ok_or_else(|| format!("`{s}` is not a date: write it as YYYY-MM-DD, e.g. 2026-09-01"))
}

fn parse_days(s: &str) -> Result<u32, String> {
    s.trim_end_matches('d')
        .parse()
        .map_err(|_| format!("`{s}` is not a number of days: write e.g. 90 or 90d"))
}

fn packs(show: Option<&str>, style: Style) -> ExitCode {
    let loader = Loader::new();
    let result = match show {
        None => loader.builtins().map(|all| report::packs::list(&all)),
        Some(name) => {
            let file = boardcheck::model::span::SourceFile::new("<command line>", name);
            let reference = boardcheck::model::span::Spanned {
                value: name.to_string(),
                span: boardcheck::model::span::Span::new(&file, 0..name.len()),
            };
            let base = std::env::current_dir().ok();
            loader
                .resolve(&reference, base.as_deref())
                .map(|p| report::packs::show(&p))
        }
    };
    match result {
        Ok(text) => {
            let _ = write!(std::io::stdout().lock(), "{text}");
            ExitCode::SUCCESS
        }
        Err(findings) => {
            let mut out = String::new();
            for f in &findings {
                out.push_str(&report::render_finding(f, style));
            }
            let _ = write!(std::io::stdout().lock(), "{out}");
            ExitCode::from(2)
        }
    }
}
