//! Argument parsing and the small commands; `check` has its own module.

/// A line on standard error. A standard error that cannot be written is not worth a panic.
macro_rules! say {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($t)*);
    }};
}

mod check;
mod explore;

use boardcheck::diagnostic::Severity;
use boardcheck::model::what_if::SeatEdit;
use boardcheck::model::Date;
use boardcheck::pack::{Access, Loader};
use boardcheck::report::{self, Emitter, Format, Style};
use boardcheck::schema::Which;
use boardcheck::Options;
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Check board constitutions written in TOML against composition rules.
///
/// Exit codes: 0 no error-level finding (warnings allowed); 1 at least one error-level
/// finding (or warning, with check --fail-level warning; never with --exit-zero); 2 a file
/// could not be checked (unreadable, invalid TOML, unknown keys, dangling references);
/// 101 an internal bug.
// These doc comments are the `--help` text people read, not rustdoc: no backticks.
#[allow(clippy::doc_markdown)]
#[derive(Parser)]
#[command(name = "boardcheck", version, about, long_about)]
struct Cli {
    /// When to use colour: auto (when writing to a terminal and NO_COLOR is not set),
    /// always, or never.
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    color: Color,

    /// The largest board or pack file read, e.g. 10MB (the default), 512KB or 50MB.
    #[arg(long, value_name = "SIZE", global = true, default_value = "10MB", value_parser = boardcheck::files::parse_size)]
    max_file_size: u64,

    /// The repository the boards belong to: boards may name pack files inside it. Default:
    /// for each board, the nearest folder above it holding .git, or else its own folder.
    #[arg(long, value_name = "FOLDER", global = true)]
    root: Option<PathBuf>,

    /// Also let boards name pack files in this folder (repeatable). Packs anywhere else
    /// are refused without being read.
    #[arg(long, value_name = "FOLDER", global = true)]
    allow_packs: Vec<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[allow(clippy::doc_markdown)]
#[derive(Subcommand)]
enum Command {
    /// Check board files against their rule packs and report every breach.
    ///
    /// Each PATH is a board file, or a directory searched recursively for `*.toml`.
    /// With no PATH, checks `boards/`.
    Check {
        /// Board files or directories (default: `boards/`).
        paths: Vec<PathBuf>,
        /// Human format: omit the line for each board that passed with no warnings; findings and the summary still print.
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
        /// How to write the findings: for people, editors, CI systems or programs.
        #[arg(long, value_enum, default_value_t = FormatArg::Human, env = "BOARDCHECK_FORMAT")]
        format: FormatArg,
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
        /// What if: give a sector this many seats, in memory only (repeatable). The file
        /// is not changed.
        #[arg(long = "set", value_name = "SECTOR=N", value_parser = |s: &str| SeatEdit::parse("set", s))]
        set: Vec<SeatEdit>,
        /// What if: add a sector with this many seats and optional tags, e.g.
        /// diocese=1:diocese (repeatable; in memory only).
        #[arg(long = "add-sector", value_name = "SECTOR=N[:TAG,..]", value_parser = |s: &str| SeatEdit::parse("add-sector", s))]
        add_sector: Vec<SeatEdit>,
        /// What if: take every seat away from a sector (repeatable; in memory only).
        #[arg(long = "drop-sector", value_name = "SECTOR", value_parser = |s: &str| SeatEdit::parse("drop-sector", s))]
        drop_sector: Vec<SeatEdit>,
    },
    /// Every allocation of seats to the board's sectors that satisfies its seat rules:
    /// the exact number, then the closest to the board as it stands.
    ///
    /// Seat rules are the count, share, balance, margin, proportional, required-when and
    /// quorum rules whose seats the sectors' tags decide. Every sector keeps at least one
    /// seat (and one per named member). Exit code 0 when some allocation exists, 1 when
    /// none does (the rules that conflict are named), 2 when the board cannot be read.
    Options {
        /// The board file.
        board: PathBuf,
        /// The board sizes to consider: 12, 10..15, ..60 or 10.. (default: its size now).
        #[arg(long, value_name = "N|LO..HI", value_parser = explore::parse_seat_range)]
        seats: Option<explore::SeatRange>,
        /// Hold a sector at this many seats, e.g. --keep primary=2 (repeatable).
        #[arg(long, value_name = "SECTOR=N", value_parser = explore::parse_sector_bound)]
        keep: Vec<explore::SectorBound>,
        /// Limit a sector's seats, e.g. --bound local-authority=1..3 (repeatable).
        #[arg(long, value_name = "SECTOR=LO..HI", value_parser = explore::parse_sector_bound)]
        bound: Vec<explore::SectorBound>,
        /// How many allocations the table shows (json and csv list every one, up to --max-rows).
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// human: the count and a table; json or csv: every allocation, streamed.
        #[arg(long, value_enum, default_value_t = explore::OptionsFormat::Human)]
        format: explore::OptionsFormat,
        /// The least serious rule that must hold: error, or warning to require warning
        /// rules too.
        #[arg(long, value_enum, default_value_t = FailLevel::Error)]
        fail_level: FailLevel,
        /// The most work the search may do, in units (a step of the search is one; a state
        /// kept is 64, about 100 bytes). Past it, boardcheck stops and says how to narrow
        /// the question. The default is a few seconds of work within 200 megabytes.
        #[arg(long, value_name = "UNITS", default_value_t = boardcheck::explore::Budget::EXPLORE)]
        work_limit: u64,
        /// json and csv: the most allocations listed. When there are more, nothing is
        /// listed and the count is given: narrow the question, or raise this.
        #[arg(long, value_name = "N", default_value_t = 100_000)]
        max_rows: u64,
    },
    /// The smallest changes to seat counts (seats added, removed or moved) that make a
    /// failing board satisfy every seat rule, best first.
    Suggest {
        /// The board file.
        board: PathBuf,
        /// How many suggestions to show.
        #[arg(long, default_value_t = 5)]
        limit: usize,
        /// The least serious rule that must hold.
        #[arg(long, value_enum, default_value_t = FailLevel::Error)]
        fail_level: FailLevel,
        /// The most work the search may do, in units (a step of the search is one; a state
        /// kept is 64, about 100 bytes). Past it, boardcheck stops and says how to narrow
        /// the question. The default is a few seconds of work within 200 megabytes.
        #[arg(long, value_name = "UNITS", default_value_t = boardcheck::explore::Budget::EXPLORE)]
        work_limit: u64,
    },
    /// Apply suggestion N (from boardcheck suggest) to the board file: prints the change as
    /// a diff, and writes it only with --write. Comments and layout are kept.
    Fix {
        /// The board file.
        board: PathBuf,
        /// The suggestion to apply (1 is the best).
        #[arg(long, value_name = "N", default_value_t = 1)]
        apply: usize,
        /// Write the change to the file (atomically). Without it, nothing is written.
        #[arg(long)]
        write: bool,
        /// The least serious rule that must hold.
        #[arg(long, value_enum, default_value_t = FailLevel::Error)]
        fail_level: FailLevel,
        /// The most work the search may do, in units (a step of the search is one; a state
        /// kept is 64, about 100 bytes). Past it, boardcheck stops and says how to narrow
        /// the question. The default is a few seconds of work within 200 megabytes.
        #[arg(long, value_name = "UNITS", default_value_t = boardcheck::explore::Budget::EXPLORE)]
        work_limit: u64,
    },
    /// Boards side by side: seats per sector, the shares rules limit, each rule's verdict,
    /// with every difference marked.
    Compare {
        /// Two or more board files.
        #[arg(required = true, num_args = 2..)]
        boards: Vec<PathBuf>,
    },
    /// Write a committee-ready report: Markdown or one self-contained HTML file (composition
    /// table, seat-share chart with the limits, every rule and finding, chair and
    /// vice-chair, terms ending and vacancies), or the CSV member register.
    Report {
        /// Board files or directories (default: `boards/`).
        paths: Vec<PathBuf>,
        /// md, html, or csv (the member register).
        #[arg(long, value_enum, default_value_t = explore::ReportFormat::Html)]
        format: explore::ReportFormat,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Add a side-by-side comparison of the boards (md and html).
        #[arg(long)]
        compare: bool,
        /// The date terms of office are judged at, as YYYY-MM-DD (default: today).
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<Date>,
        /// How far ahead a term counts as ending soon: days, e.g. 90 or 90d.
        #[arg(long, value_name = "DAYS", default_value = "90", value_parser = parse_days)]
        horizon: u32,
    },
    /// List the built-in rule packs; `packs show NAME` prints one's rules and citations.
    Packs {
        #[command(subcommand)]
        command: Option<PacksCommand>,
    },
    /// Explain a finding's code (what it checks, why it matters, an example, how to fix),
    /// a rule kind (what it checks, its parameters, an example, its codes) or a rule (what
    /// it checks, its citation, the rule as written).
    ///
    /// With no argument, lists every code and rule kind.
    Explain {
        /// A code such as share-above-maximum, a rule kind such as count, or a rule id such
        /// as resp-2018/local-authority-share or local-authority-share.
        query: Option<String>,
        /// Look rule ids up in this pack (a built-in name or a pack file) instead of the
        /// built-in packs.
        #[arg(long, value_name = "PACK")]
        pack: Option<String>,
    },
    /// Print a JSON Schema, for editors (taplo, Even Better TOML) and for programs reading
    /// the JSON output.
    Schema {
        /// board: board files; pack: rule pack files; report: the output of check --format json.
        #[arg(value_enum, default_value_t = SchemaKind::Board)]
        which: SchemaKind,
    },
    /// Write a commented starter board for a rule pack. Never overwrites a file.
    Init {
        /// The file to write.
        #[arg(default_value = "board.toml")]
        path: PathBuf,
        /// The rule pack: a built-in name (see boardcheck packs) or a pack file path.
        #[arg(long)]
        pack: String,
    },
    /// Print a shell completion script, e.g. boardcheck completions bash > /etc/bash_completion.d/boardcheck
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. boardcheck man > boardcheck.1
    Man,
}

/// `check --format`: the library's [`Format`]s, as the command line names them.
#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    /// Each finding with the lines it points at, a status line per board, a summary.
    Human,
    /// One line per finding: `file:line:col: severity[code]: message (rule)`.
    Concise,
    /// One versioned JSON document (see `boardcheck schema report`).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands: an annotation on the exact line.
    Github,
    /// JUnit XML: a test suite per board, a test case per rule.
    Junit,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Human => Self::Human,
            FormatArg::Concise => Self::Concise,
            FormatArg::Json => Self::Json,
            FormatArg::Sarif => Self::Sarif,
            FormatArg::Github => Self::Github,
            FormatArg::Junit => Self::Junit,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemaKind {
    Board,
    Pack,
    Report,
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
enum FailLevel {
    Error,
    Warning,
}

impl FailLevel {
    fn severity(self) -> Severity {
        match self {
            Self::Error => Severity::Error,
            Self::Warning => Severity::Warning,
        }
    }
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

pub(crate) fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        say!("boardcheck: internal error (this is a bug; please report it with the file being checked)\n{info}");
    }));
    let cli = Cli::parse();
    let access = Access {
        root: cli.root.clone(),
        allow: cli.allow_packs.clone(),
        max_file_size: cli.max_file_size,
    };
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
            set,
            add_sector,
            drop_sector,
        } => {
            let options = Options {
                as_of: as_of.unwrap_or_else(Date::today),
                horizon_days: horizon,
                what_if: add_sector
                    .into_iter()
                    .chain(set)
                    .chain(drop_sector)
                    .collect(),
                max_file_size: access.max_file_size,
                ..Options::default()
            };
            let emitter = Emitter {
                format: format.into(),
                style,
                fail_level: fail_level.severity(),
                quiet,
            };
            if statistics
                && !matches!(
                    emitter.format,
                    Format::Human | Format::Concise | Format::Json
                )
            {
                say!("boardcheck: --statistics works with the human, concise and json formats");
                return ExitCode::from(2);
            }
            let loader = Loader::with_access(access);
            let code = check::run(&paths, jobs, &emitter, statistics, &loader, &options);
            if exit_zero && code == 1 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(code)
            }
        }
        Command::Options {
            board,
            seats,
            keep,
            bound,
            limit,
            format,
            fail_level,
            work_limit,
            max_rows,
        } => {
            let req = explore::Request {
                board: &board,
                fail_level: fail_level.severity(),
                style,
                access: &access,
                work_limit,
            };
            explore::options(
                &req,
                seats,
                &keep,
                &bound,
                explore::Listing {
                    limit,
                    format,
                    max_rows,
                },
            )
        }
        Command::Suggest {
            board,
            limit,
            fail_level,
            work_limit,
        } => explore::suggest(
            &explore::Request {
                board: &board,
                fail_level: fail_level.severity(),
                style,
                access: &access,
                work_limit,
            },
            limit,
        ),
        Command::Fix {
            board,
            apply,
            write,
            fail_level,
            work_limit,
        } => explore::fix(
            &explore::Request {
                board: &board,
                fail_level: fail_level.severity(),
                style,
                access: &access,
                work_limit,
            },
            apply,
            write,
        ),
        Command::Compare { boards } => explore::compare(&boards, &access, style),
        Command::Report {
            paths,
            format,
            output,
            compare,
            as_of,
            horizon,
        } => {
            let options = Options {
                as_of: as_of.unwrap_or_else(Date::today),
                horizon_days: horizon,
                max_file_size: access.max_file_size,
                ..Options::default()
            };
            let output = explore::ReportOutput {
                format,
                path: output.as_deref(),
                compare,
            };
            explore::report(&paths, &output, &access, &options, style)
        }
        Command::Packs { command } => {
            let name = command.map(|PacksCommand::Show { name }| name);
            packs(name.as_deref(), &access, style)
        }
        Command::Explain { query, pack } => {
            explain(query.as_deref(), pack.as_deref(), &access, style)
        }
        Command::Schema { which } => {
            let which = match which {
                SchemaKind::Board => Which::Board,
                SchemaKind::Pack => Which::Pack,
                SchemaKind::Report => Which::Report,
            };
            print(&boardcheck::schema::generate(which))
        }
        Command::Init { path, pack } => init(&path, &pack, &access, style),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "boardcheck", &mut out);
            print(&String::from_utf8_lossy(&out))
        }
        Command::Man => {
            let mut out = Vec::new();
            match clap_mangen::Man::new(Cli::command()).render(&mut out) {
                Ok(()) => print(&String::from_utf8_lossy(&out)),
                Err(e) => {
                    say!("boardcheck: cannot render the manual page: {e}");
                    ExitCode::from(2)
                }
            }
        }
    }
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

fn packs(show: Option<&str>, access: &Access, style: Style) -> ExitCode {
    let loader = Loader::with_access(access.clone());
    let result = match show {
        None => loader.builtins().map(|all| report::packs::list(&all)),
        Some(name) => {
            resolve_pack(&command_line_loader(access, name), name).map(|p| report::packs::show(&p))
        }
    };
    match result {
        Ok(text) => print(&text),
        Err(findings) => print_findings(&findings, style),
    }
}

/// A pack named on the command line: a built-in name, or a path from the current directory
/// (which the person typing it trusts: the folder is allowed for this call).
fn resolve_pack(
    loader: &Loader,
    name: &str,
) -> Result<std::sync::Arc<boardcheck::pack::Pack>, Vec<boardcheck::diagnostic::Finding>> {
    let file = boardcheck::model::span::SourceFile::new("<command line>", name);
    let reference = boardcheck::model::span::Spanned {
        value: name.to_string(),
        span: boardcheck::model::span::Span::new(&file, 0..name.len()),
    };
    let base = std::env::current_dir().ok();
    loader.resolve(&reference, base.as_deref())
}

/// A loader that also trusts the folder of a pack named on the command line.
fn command_line_loader(access: &Access, pack: &str) -> Loader {
    let mut access = access.clone();
    if let Some(dir) = Path::new(pack).parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        access.allow.push(dir.to_path_buf());
    }
    Loader::with_access(access)
}

/// Writes `text` to standard output and gives `code`.
fn print(text: &str) -> ExitCode {
    emit(text, ExitCode::SUCCESS)
}

/// Writes `text` to standard output, then gives `code`. A reader that went away (`| head`)
/// ends the command quietly; any other failure (a full disk) is a message and exit 2, so
/// output is never lost silently.
fn emit(text: &str, code: ExitCode) -> ExitCode {
    let mut out = std::io::stdout().lock();
    finish(
        out.write_all(text.as_bytes()).and_then(|()| out.flush()),
        code,
    )
}

/// The exit code after writing standard output with result `written`; see [`emit`].
fn finish(written: std::io::Result<()>, code: ExitCode) -> ExitCode {
    match written {
        Ok(()) => code,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => code,
        Err(e) => {
            say!(
                "boardcheck: cannot write the output: {}",
                boardcheck::files::io_reason(&e)
            );
            ExitCode::from(2)
        }
    }
}

fn print_findings(findings: &[boardcheck::diagnostic::Finding], style: Style) -> ExitCode {
    let mut out = String::new();
    for f in findings {
        out.push_str(&report::render_finding(f, style));
    }
    emit(&out, ExitCode::from(2))
}

fn explain(query: Option<&str>, pack: Option<&str>, access: &Access, style: Style) -> ExitCode {
    let Some(query) = query else {
        return print(&report::explain::index());
    };
    let packs = match pack {
        Some(pack) => resolve_pack(&command_line_loader(access, pack), pack).map(|p| vec![p]),
        None => Loader::new().builtins(),
    };
    let packs = match packs {
        Ok(p) => p,
        Err(findings) => return print_findings(&findings, style),
    };
    match report::explain::explain(query, &packs) {
        Ok(text) => print(&text),
        Err(why) => {
            say!("boardcheck: {why}");
            ExitCode::from(2)
        }
    }
}

fn init(path: &Path, pack: &str, access: &Access, style: Style) -> ExitCode {
    let loader = command_line_loader(access, pack);
    let resolved = match resolve_pack(&loader, pack) {
        Ok(p) => p,
        Err(findings) => return print_findings(&findings, style),
    };
    // A pack file is named relative to the new board, as boards name their packs.
    let reference = if Path::new(pack)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
    {
        relative_to(Path::new(pack), path.parent().unwrap_or(Path::new("")))
    } else {
        pack.to_string()
    };
    let text = report::starter::starter(&resolved, &reference);
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path);
    match file.and_then(|mut f| f.write_all(text.as_bytes()).and_then(|()| f.sync_all())) {
        Ok(()) => emit(
            &format!(
                "wrote {}: a starter board for {}. Edit it, then run `boardcheck check {}`.\n",
                path.display(),
                resolved.name.value,
                path.display()
            ),
            ExitCode::SUCCESS,
        ),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            say!(
                "boardcheck: {} already exists; init never overwrites a file. Choose another path, e.g. `boardcheck init new-board.toml --pack {pack}`",
                path.display()
            );
            ExitCode::from(2)
        }
        Err(e) => {
            // A half-written starter is no use to anyone.
            let _ = std::fs::remove_file(path);
            say!(
                "boardcheck: cannot write {}: {}",
                path.display(),
                boardcheck::files::io_reason(&e)
            );
            ExitCode::from(2)
        }
    }
}

/// `pack` as a path from `dir` (both relative to the current directory), for a board
/// written in `dir`: `./` followed by the path when `dir` is the current directory.
fn relative_to(pack: &Path, dir: &Path) -> String {
    let up = dir
        .components()
        .filter(|c| matches!(c, std::path::Component::Normal(_)))
        .count();
    let mut p = PathBuf::new();
    if pack.is_absolute() {
        p.push(pack);
    } else {
        for _ in 0..up {
            p.push("..");
        }
        p.push(pack.strip_prefix(".").unwrap_or(pack));
    }
    let s = p.to_string_lossy().replace('\\', "/");
    if s.starts_with('.') || s.starts_with('/') {
        s
    } else {
        format!("./{s}")
    }
}
