//! The command line as clap reads it: the global options, each command's arguments, and
//! the values they take. Their doc comments are the `--help` text.

use super::explore;
use boardcheck::diagnostic::Severity;
use boardcheck::model::what_if::SeatEdit;
use boardcheck::model::Date;
use boardcheck::report::Format;
use boardcheck::schema::Which;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::PathBuf;

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
pub(crate) struct Cli {
    /// When to use colour: auto (on a terminal, not with TERM=dumb; NO_COLOR turns it
    /// off, CLICOLOR_FORCE or FORCE_COLOR on), always, or never.
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    pub(crate) color: Color,

    /// The largest board or pack file read, e.g. 10MB (the default), 512KB or 50MB.
    #[arg(long, value_name = "SIZE", global = true, default_value = "10MB", value_parser = boardcheck::files::parse_size)]
    pub(crate) max_file_size: u64,

    /// The repository the boards belong to: boards may name pack files inside it. Default:
    /// for each board, the nearest folder above it holding .git, or else its own folder.
    #[arg(long, value_name = "FOLDER", global = true)]
    pub(crate) root: Option<PathBuf>,

    /// Also let boards name pack files in this folder (repeatable). Packs anywhere else
    /// are refused without being read.
    #[arg(long, value_name = "FOLDER", global = true)]
    pub(crate) allow_packs: Vec<PathBuf>,

    #[command(subcommand)]
    pub(crate) command: Command,
}

#[allow(clippy::doc_markdown)]
#[derive(Subcommand)]
pub(crate) enum Command {
    /// Check board files against their rule packs and report every breach.
    ///
    /// Each PATH is a board file, or a directory searched recursively for `*.toml`.
    /// With no PATH, checks `boards/`.
    Check(CheckArgs),
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
        /// The date terms of office are judged at, as YYYY-MM-DD (default: today, in the local time zone).
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
        #[arg(value_parser = Suggested(explainable), hide_possible_values = true)]
        query: Option<String>,
        /// Look rule ids up in this pack (a built-in name or a pack file) instead of the
        /// built-in packs.
        #[arg(long, value_name = "PACK", value_parser = Suggested(pack_names), hide_possible_values = true)]
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
        #[arg(long, value_parser = Suggested(pack_names), hide_possible_values = true)]
        pack: String,
        /// A fact for the pack's rules, e.g. --fact category=voluntary-aided (repeatable):
        /// the starter is fitted to pass its pack for these facts.
        #[arg(long = "fact", value_name = "NAME=VALUE", value_parser = parse_fact)]
        facts: Vec<(String, String)>,
    },
    /// Print a shell completion script, e.g. boardcheck completions bash > /etc/bash_completion.d/boardcheck
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. boardcheck man > boardcheck.1; with a folder,
    /// write a page for boardcheck and one for each command (boardcheck-check.1, ...)
    /// into it, e.g. boardcheck man /usr/local/share/man/man1
    Man {
        /// The folder to write every page to (created if missing).
        dir: Option<PathBuf>,
    },
}

/// Any text, with values a shell completes: the completion scripts offer them, and a value
/// not among them still reaches the command, which says what is wrong in its own words
/// (with "did you mean", or as a pack file path).
#[derive(Clone, Copy)]
pub(crate) struct Suggested(fn() -> Vec<String>);

impl clap::builder::TypedValueParser for Suggested {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            (self.0)()
                .into_iter()
                .map(clap::builder::PossibleValue::new),
        ))
    }
}

/// The built-in packs' names.
fn pack_names() -> Vec<String> {
    boardcheck::pack::BUILTIN
        .iter()
        .map(|(name, _)| (*name).to_string())
        .collect()
}

/// What `explain` explains: every code, rule kind and built-in rule id.
fn explainable() -> Vec<String> {
    let codes = boardcheck::rules::all_codes().into_iter().map(|c| c.name);
    let kinds = boardcheck::rules::KINDS.iter().map(|k| k.name);
    let mut out: Vec<String> = codes.chain(kinds).map(String::from).collect();
    if let Ok(packs) = boardcheck::pack::Loader::new().builtins() {
        out.extend(
            packs
                .iter()
                .flat_map(|p| p.rules.iter().map(|r| r.qualified.to_string())),
        );
    }
    out
}

/// `check --format`: the library's [`Format`]s, with the names and help it gives them.
#[derive(Clone, Copy)]
pub(crate) struct FormatArg(pub(crate) Format);

static FORMATS: std::sync::LazyLock<Vec<FormatArg>> =
    std::sync::LazyLock::new(|| Format::ALL.iter().copied().map(FormatArg).collect());

impl ValueEnum for FormatArg {
    fn value_variants<'a>() -> &'a [Self] {
        &FORMATS
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.0.name()).help(self.0.about()))
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum SchemaKind {
    Board,
    Pack,
    Report,
}

impl From<SchemaKind> for Which {
    fn from(k: SchemaKind) -> Self {
        match k {
            SchemaKind::Board => Self::Board,
            SchemaKind::Pack => Self::Pack,
            SchemaKind::Report => Self::Report,
        }
    }
}

#[derive(Subcommand)]
pub(crate) enum PacksCommand {
    /// Print a pack's facts and rules, with what each checks and the clause it cites.
    Show {
        /// A built-in pack name (e.g. england/maintained-school-2012) or a pack file path.
        #[arg(value_parser = Suggested(pack_names), hide_possible_values = true)]
        name: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum FailLevel {
    Error,
    Warning,
}

impl FailLevel {
    pub(crate) fn severity(self) -> Severity {
        match self {
            Self::Error => Severity::Error,
            Self::Warning => Severity::Warning,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum Color {
    Auto,
    Always,
    Never,
}

impl Color {
    /// Whether to write colour to standard output, by this choice and the environment.
    pub(crate) fn enabled(self) -> bool {
        self.decide(
            |name| std::env::var_os(name).map(|v| v.to_string_lossy().into_owned()),
            std::io::stdout().is_terminal(),
        )
    }

    /// `auto`, as other command-line tools agree: `NO_COLOR` (set and not empty) turns
    /// colour off; else `CLICOLOR_FORCE` or `FORCE_COLOR` (set, and not `0` or `false`)
    /// turns it on; else colour on a terminal, unless `TERM=dumb`.
    fn decide(self, env: impl Fn(&str) -> Option<String>, terminal: bool) -> bool {
        let set = |name: &str| env(name).is_some_and(|v| !v.is_empty());
        let on = |name: &str| env(name).is_some_and(|v| !matches!(v.as_str(), "0" | "false"));
        match self {
            Self::Always => true,
            Self::Never => false,
            Self::Auto if set("NO_COLOR") => false,
            Self::Auto if on("CLICOLOR_FORCE") || on("FORCE_COLOR") => true,
            Self::Auto => terminal && env("TERM").is_none_or(|t| t != "dumb"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Color;

    fn auto(vars: &[(&str, &str)], terminal: bool) -> bool {
        Color::Auto.decide(
            |n| {
                vars.iter()
                    .find(|(k, _)| *k == n)
                    .map(|(_, v)| (*v).to_string())
            },
            terminal,
        )
    }

    #[test]
    fn colour_follows_the_environment_as_other_tools_do() {
        assert!(auto(&[], true));
        assert!(!auto(&[], false));
        assert!(!auto(&[("TERM", "dumb")], true));
        assert!(auto(&[("TERM", "xterm-256color")], true));
        assert!(!auto(&[("NO_COLOR", "1")], true));
        assert!(auto(&[("NO_COLOR", "")], true));
        assert!(auto(&[("CLICOLOR_FORCE", "1")], false));
        assert!(auto(&[("FORCE_COLOR", "1"), ("TERM", "dumb")], false));
        assert!(!auto(&[("FORCE_COLOR", "0")], false));
        assert!(!auto(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], true));
        assert!(Color::Always.decide(|_| Some("1".into()), false));
        assert!(!Color::Never.decide(|_| None, true));
    }
}

// The doc comments below are `check --help`'s text.
#[allow(clippy::doc_markdown)]
#[derive(clap::Args)]
pub(crate) struct CheckArgs {
    /// Board files or directories (default: `boards/`); `-` reads a board from standard
    /// input.
    pub(crate) paths: Vec<PathBuf>,
    /// The file name a board read from standard input (`-`) goes by: findings name it,
    /// and pack paths are read relative to its folder. Default: <stdin>, in the current
    /// folder.
    #[arg(long, value_name = "PATH")]
    pub(crate) stdin_filename: Option<PathBuf>,
    /// Write the findings to this file instead of standard output (replaced whole, once
    /// every board is checked).
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Human format: omit the line for each board that passed with no warnings; findings and the summary still print.
    #[arg(short, long)]
    pub(crate) quiet: bool,
    /// Number of boards to check at once (default: one per core).
    #[arg(short, long)]
    pub(crate) jobs: Option<usize>,
    /// The date terms of office are judged at, as YYYY-MM-DD (default: today, in the local time zone).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub(crate) as_of: Option<Date>,
    /// How far ahead a term counts as expiring: days, e.g. 90 or 90d.
    #[arg(long, value_name = "DAYS", default_value = "90", value_parser = parse_days)]
    pub(crate) horizon: u32,
    /// How to write the findings: for people, editors, CI systems or programs.
    #[arg(long, value_enum, default_value_t = FormatArg(Format::Human), env = "BOARDCHECK_FORMAT")]
    pub(crate) format: FormatArg,
    /// The least serious finding that fails a board and makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailLevel::Error)]
    pub(crate) fail_level: FailLevel,
    /// Exit 0 even when boards fail their rules. Files that cannot be checked (invalid
    /// TOML, unknown keys, dangling references) still exit 2.
    #[arg(long)]
    pub(crate) exit_zero: bool,
    /// Print how many findings each code and rule produced, instead of the findings
    /// (human, concise and json formats).
    #[arg(long)]
    pub(crate) statistics: bool,
    /// What if: give a sector this many seats, in memory only (repeatable). The file
    /// is not changed.
    #[arg(long = "set", value_name = "SECTOR=N", value_parser = |s: &str| SeatEdit::parse("set", s))]
    pub(crate) set: Vec<SeatEdit>,
    /// What if: add a sector with this many seats and optional tags, e.g.
    /// diocese=1:diocese (repeatable; in memory only).
    #[arg(long = "add-sector", value_name = "SECTOR=N[:TAG,..]", value_parser = |s: &str| SeatEdit::parse("add-sector", s))]
    pub(crate) add_sector: Vec<SeatEdit>,
    /// What if: take every seat away from a sector (repeatable; in memory only).
    #[arg(long = "drop-sector", value_name = "SECTOR", value_parser = |s: &str| SeatEdit::parse("drop-sector", s))]
    pub(crate) drop_sector: Vec<SeatEdit>,
}

pub(crate) fn parse_fact(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((n, v)) if !n.trim().is_empty() => Ok((n.trim().to_string(), v.trim().to_string())),
        _ => Err(format!("`{s}` is not NAME=VALUE, e.g. category=community")),
    }
}

pub(crate) fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s)
        .ok_or_else(|| format!("`{s}` is not a date: write it as YYYY-MM-DD, e.g. 2026-09-01"))
}

pub(crate) fn parse_days(s: &str) -> Result<u32, String> {
    s.trim_end_matches('d')
        .parse()
        .map_err(|_| format!("`{s}` is not a number of days: write e.g. 90 or 90d"))
}
