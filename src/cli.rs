//! Argument parsing and the `check` command.

use boardcheck::diagnostic::Severity;
use boardcheck::model::Date;
use boardcheck::pack::Loader;
use boardcheck::report::statistics::Statistics;
use boardcheck::report::{self, Emitter, Format, Style, Summary};
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
        /// Output format: human; concise (one line per finding); json (versioned, see
        /// `boardcheck schema report`); sarif (2.1.0, for code scanning); github (workflow
        /// annotations); junit (XML test report).
        #[arg(long, value_enum, default_value_t = OutputFormat::Human, env = "BOARDCHECK_FORMAT")]
        format: OutputFormat,
        /// The least serious finding that fails a board and makes the exit code 1.
        #[arg(long, value_enum, default_value_t = FailLevel::Error)]
        fail_level: FailLevel,
        /// Exit 0 even when boards fail their rules. Files that cannot be checked (invalid
        /// TOML, unknown keys, dangling references) still exit 2.
        #[arg(long)]
        exit_zero: bool,
        /// Print how many findings each code and rule produced, instead of the findings
        /// (human, concise and json formats).
        #[arg(long)]
        statistics: bool,
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
enum OutputFormat {
    Human,
    Concise,
    Json,
    Sarif,
    Github,
    Junit,
}

impl OutputFormat {
    fn format(self) -> Format {
        match self {
            Self::Human => Format::Human,
            Self::Concise => Format::Concise,
            Self::Json => Format::Json,
            Self::Sarif => Format::Sarif,
            Self::Github => Format::Github,
            Self::Junit => Format::Junit,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum FailLevel {
    Error,
    Warning,
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
            format,
            fail_level,
            exit_zero,
            statistics,
        } => {
            let options = Options {
                as_of: as_of.unwrap_or_else(Date::today),
                horizon_days: horizon,
            };
            let emitter = Emitter {
                format: format.format(),
                style,
                fail_level: match fail_level {
                    FailLevel::Error => Severity::Error,
                    FailLevel::Warning => Severity::Warning,
                },
                quiet,
            };
            if statistics
                && !matches!(
                    emitter.format,
                    Format::Human | Format::Concise | Format::Json
                )
            {
                eprintln!(
                    "boardcheck: --statistics works with the human, concise and json formats"
                );
                return ExitCode::from(2);
            }
            let code = check(&paths, jobs, &emitter, statistics, &options);
            if exit_zero && code == 1 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(code)
            }
        }
        Command::Packs { command } => {
            let name = command.map(|PacksCommand::Show { name }| name);
            packs(name.as_deref(), style)
        }
    }
}

fn check(
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
