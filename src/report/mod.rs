//! Rendering: `check`'s formats for people (`human`, `concise`), for CI (`github`,
//! `junit`, `sarif`) and for programs (`json`), with the closing summary and `--statistics`;
//! committee papers (`paper` gathers, `html` and `markdown` write) and the member register
//! (`register`); `compare`'s table; the options explorer's tables and listings (`options`);
//! `explain` (codes, kinds, rules, and the README's generated tables); `packs`; and `init`'s
//! starter board.
//!
//! Every format streams: a head, one piece per board (boards are rendered in parallel and
//! written in order), and a tail. The CLI and the snapshot tests use the same functions,
//! so a snapshot is exactly what a user sees.

pub mod compare;
pub mod concise;
pub mod explain;
pub mod github;
pub mod gitlab;
pub mod glance;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod options;
pub mod packs;
pub mod paper;
pub mod register;
pub mod sarif;
pub mod starter;
pub mod statistics;
pub mod table;
pub mod terminal;

pub use human::{render_finding, render_outcome, status_line};

use crate::diagnostic::{Finding, Label, Severity};
use crate::model::span::{SourceFile, Span};
use crate::{Outcome, Verdict};

/// How to render.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// ANSI colour.
    pub color: bool,
    /// Wrap width in columns.
    pub width: usize,
}

impl Style {
    /// No colour, 80 columns: the form snapshots use.
    #[must_use]
    pub fn plain() -> Self {
        Self {
            color: false,
            width: 80,
        }
    }
}

/// An output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// `--format human`: see [`Format::about`].
    Human,
    /// `--format concise`: see [`Format::about`].
    Concise,
    /// `--format json`: see [`Format::about`].
    Json,
    /// `--format sarif`: see [`Format::about`].
    Sarif,
    /// `--format github`: see [`Format::about`].
    Github,
    /// `--format junit`: see [`Format::about`].
    Junit,
    /// `--format gitlab`: see [`Format::about`].
    Gitlab,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: &'static [Self] = &[
        Self::Human,
        Self::Concise,
        Self::Json,
        Self::Sarif,
        Self::Github,
        Self::Gitlab,
        Self::Junit,
    ];

    /// The name `--format` takes.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Human => "human",
            Self::Concise => "concise",
            Self::Json => "json",
            Self::Sarif => "sarif",
            Self::Github => "github",
            Self::Junit => "junit",
            Self::Gitlab => "gitlab",
        }
    }

    /// What the format is for, in one line (`--help`).
    #[must_use]
    pub fn about(self) -> &'static str {
        match self {
            Self::Human => {
                "Each finding with the lines it points at, a status line per board, a summary"
            }
            Self::Concise => {
                "One line per finding: `file:line:col: severity[code]: message (rule)`"
            }
            Self::Json => "One versioned JSON document (see `boardcheck schema report`)",
            Self::Sarif => "SARIF 2.1.0, for GitHub code scanning and other SARIF viewers",
            Self::Github => "GitHub Actions workflow commands: an annotation on the exact line",
            Self::Junit => "JUnit XML: a test suite per board, a test case per rule",
            Self::Gitlab => "GitLab Code Quality JSON: findings in the merge request's widget",
        }
    }
}

/// Renders outcomes in one format: `head`, then `board` for each board (joined with
/// `separator`), then `tail`.
#[derive(Debug, Clone)]
pub struct Emitter {
    /// The format.
    pub format: Format,
    /// The folder file names are given relative to in SARIF, GitHub and GitLab output.
    pub root: Root,
    /// Colour and width, for the human format.
    pub style: Style,
    /// The least serious finding that fails a board (`--fail-level`): JUnit marks such
    /// rules as failures.
    pub fail_level: Severity,
    /// Human format: omit boards that passed with no warnings.
    pub quiet: bool,
}

impl Emitter {
    /// What comes before the first board.
    #[must_use]
    pub fn head(&self) -> String {
        match self.format {
            Format::Json => json::head(),
            Format::Sarif => sarif::head_in(&self.root),
            Format::Junit => junit::head(),
            Format::Gitlab => "[\n".to_string(),
            Format::Human | Format::Concise | Format::Github => String::new(),
        }
    }

    /// One board's piece; empty when the board has nothing to show in this format.
    #[must_use]
    pub fn board(&self, o: &Outcome) -> String {
        match self.format {
            Format::Human => {
                terminal::safe(&human::board(o, self.style, self.quiet), self.style.color)
                    .into_owned()
            }
            Format::Concise => {
                terminal::safe(&concise::board(o, self.style.color), self.style.color).into_owned()
            }
            Format::Json => json::board(o),
            Format::Sarif => sarif::board_in(o, &self.root),
            Format::Github => github::board_in(o, &self.root),
            Format::Junit => junit::board(o, self.fail_level),
            Format::Gitlab => gitlab::board(o, &self.root),
        }
    }

    /// What goes between two non-empty board pieces.
    #[must_use]
    pub fn separator(&self) -> &'static str {
        match self.format {
            Format::Json | Format::Sarif | Format::Gitlab => ",\n",
            _ => "",
        }
    }

    /// What comes after the last board.
    #[must_use]
    pub fn tail(&self, summary: &Summary) -> String {
        match self.format {
            Format::Human => format!("\n{}\n", summary.line()),
            Format::Concise | Format::Github => format!("{}\n", summary.line()),
            Format::Json => json::tail(summary),
            Format::Sarif => sarif::tail(),
            Format::Junit => junit::tail(),
            Format::Gitlab => "\n]\n".to_string(),
        }
    }
}

/// Where a label points: one-based line and column of its first character, and of the
/// character just after it (so `end_column` is exclusive, as in SARIF).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Location {
    /// The file, as named on the command line (or `<built-in>/...` for a built-in pack).
    pub file: String,
    /// One-based line of the first character.
    pub line: usize,
    /// One-based column (in characters) of the first character.
    pub column: usize,
    /// One-based line of the character after the last one.
    pub end_line: usize,
    /// One-based column of the character after the last one.
    pub end_column: usize,
}

impl Location {
    /// The location of a span.
    #[must_use]
    pub fn of(span: &Span) -> Self {
        let (line, column) = span.file.line_col(span.range.start);
        let (end_line, end_column) = span.file.line_col(span.range.end);
        Self {
            file: span.file.name.clone(),
            line,
            column,
            end_line,
            end_column,
        }
    }
}

/// The folder that CI formats (SARIF, GitHub, GitLab) give file names relative to: the
/// repository's root, where code scanning and annotations look for files. By default the
/// current folder; `--root` gives another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Root {
    dir: std::path::PathBuf,
}

impl Root {
    /// `dir` (made absolute, `.` and `..` taken out) as the root.
    #[must_use]
    pub fn new(dir: &std::path::Path) -> Self {
        Self {
            dir: crate::files::lexical(dir),
        }
    }

    /// The current folder as the root.
    #[must_use]
    pub fn current() -> Self {
        Self::new(std::path::Path::new("."))
    }

    /// The root as a `file:` URI ending in `/`, its bytes percent-encoded.
    #[must_use]
    pub fn uri(&self) -> String {
        let mut path = os_bytes(self.dir.as_os_str());
        if path.last() != Some(&b'/') {
            path.push(b'/');
        }
        format!("file://{}", percent_path(&absolute_slashes(path)))
    }

    /// Where `file` is: relative to the root (forward slashes, as bytes) when it lies inside
    /// it, else absolute.
    #[must_use]
    pub fn place(&self, file: &SourceFile) -> Place {
        let name = file
            .path
            .clone()
            .unwrap_or_else(|| file.name.clone().into());
        let absolute = crate::files::lexical(&name);
        match absolute.strip_prefix(&self.dir) {
            Ok(rel) => Place::Inside(
                rel.components()
                    .map(|c| os_bytes(c.as_os_str()))
                    .collect::<Vec<_>>()
                    .join(&b'/'),
            ),
            Err(_) => Place::Outside(absolute_slashes(os_bytes(absolute.as_os_str()))),
        }
    }
}

/// A file's place for CI formats: see [`Root::place`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// Relative to the root, with `/` between folders.
    Inside(Vec<u8>),
    /// Absolute, with `/` between folders (a Windows drive as `/C:/...`).
    Outside(Vec<u8>),
}

impl Place {
    /// The place as text: the relative path, or the absolute one (bytes that are not
    /// UTF-8 replaced).
    #[must_use]
    pub fn text(&self) -> String {
        match self {
            Self::Inside(b) | Self::Outside(b) => String::from_utf8_lossy(b).into_owned(),
        }
    }
}

/// A path's bytes: exactly as the operating system has them on Unix, UTF-8 elsewhere.
fn os_bytes(s: &std::ffi::OsStr) -> Vec<u8> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        s.as_bytes().to_vec()
    }
    #[cfg(not(unix))]
    {
        s.to_string_lossy().into_owned().into_bytes()
    }
}

/// An absolute path with forward slashes and a leading `/` (so `C:\x` is `/C:/x`).
fn absolute_slashes(path: Vec<u8>) -> Vec<u8> {
    let mut path: Vec<u8> = path
        .into_iter()
        .map(|b| if b == b'\\' { b'/' } else { b })
        .collect();
    if path.first() != Some(&b'/') {
        path.insert(0, b'/');
    }
    path
}

/// An absolute path's bytes percent-encoded for a `file:` URI: unreserved bytes, `/` and
/// `:` (a Windows drive) kept, every other byte (spaces, `#`, `%`, bytes that are not
/// UTF-8) escaped.
#[must_use]
pub fn percent_path(path: &[u8]) -> String {
    percent_encode(path, b"-._~/:")
}

/// `bytes` percent-encoded: ASCII letters and digits and the bytes in `keep` as they are,
/// every other byte as `%XX`.
pub(crate) fn percent_encode(bytes: &[u8], keep: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        if b.is_ascii_alphanumeric() || keep.contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = std::fmt::Write::write_fmt(&mut out, format_args!("%{b:02X}"));
        }
    }
    out
}

/// A fingerprint of a finding for code scanning and code quality reports: it survives
/// edits elsewhere in the file (it holds no line or column) and tells apart findings that
/// share a code, rule and place. It hashes the code, the rule, the file (`file`, as the
/// format names it), the text at the place pointed at, the message, and how many findings
/// with all of these came before it in `seen`. FNV-1a, 64 bits, as hex, with the count.
#[must_use]
pub fn fingerprint(f: &Finding, file: &str, seen: &mut Seen) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes.iter().chain(std::iter::once(&0xff)) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    eat(f.code.name.as_bytes());
    eat(f.rule.as_deref().unwrap_or("").as_bytes());
    eat(file.as_bytes());
    if let Some(l) = anchor(f) {
        eat(l
            .span
            .file
            .text
            .get(l.span.range.clone())
            .unwrap_or("")
            .as_bytes());
    }
    eat(f.message.as_bytes());
    let n = seen.0.entry(hash).or_insert(0);
    *n += 1;
    format!("{hash:016x}:{n}")
}

/// The fingerprints given so far, so that identical findings are numbered apart.
#[derive(Debug, Default)]
pub struct Seen(std::collections::HashMap<u64, u32>);

/// The label a one-line format points at: the first primary label, else the first label.
#[must_use]
pub fn anchor(f: &Finding) -> Option<&Label> {
    f.labels
        .iter()
        .find(|l| l.primary)
        .or_else(|| f.labels.first())
}

/// Whether a file is a built-in pack, which has no path a CI system could open.
#[must_use]
pub fn is_builtin(file: &SourceFile) -> bool {
    file.name.starts_with("<built-in>")
}

/// The command that explains a finding's code.
#[must_use]
pub fn explain_command(f: &Finding) -> String {
    format!("boardcheck explain {}", f.code.name)
}

/// Totals over many boards, for the closing line, the exit code and the JSON report.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Summary {
    /// Boards checked or attempted.
    pub boards: usize,
    /// Boards with no error-level finding.
    pub passed: usize,
    /// Boards with at least one error-level finding.
    pub failed: usize,
    /// Boards that could not be checked.
    pub not_checked: usize,
    /// Error-level findings.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Findings taken away by waivers.
    pub waived: usize,
}

impl Summary {
    /// Adds one board's outcome.
    pub fn add(&mut self, o: &Outcome) {
        self.boards += 1;
        match o.verdict() {
            Verdict::Passed => self.passed += 1,
            Verdict::Failed => self.failed += 1,
            Verdict::NotChecked => self.not_checked += 1,
        }
        self.errors += o.count(Severity::Error);
        self.warnings += o.count(Severity::Warning);
        self.waived += o.waived.len();
    }

    /// Adds another summary's totals.
    pub fn merge(&mut self, other: &Self) {
        self.boards += other.boards;
        self.passed += other.passed;
        self.failed += other.failed;
        self.not_checked += other.not_checked;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.waived += other.waived;
    }

    /// The process exit code: 2 if any board could not be checked; 1 if any board has a
    /// finding at `fail_level` or above (`error`, or `warning` to fail on warnings too);
    /// else 0. Advice never fails a check.
    #[must_use]
    pub fn exit_code(&self, fail_level: Severity) -> u8 {
        if self.not_checked > 0 {
            2
        } else {
            u8::from(self.failed > 0 || (fail_level <= Severity::Warning && self.warnings > 0))
        }
    }

    /// "checked 4 boards: 2 passed, 1 failed, 1 could not be checked (3 errors, 2 warnings)".
    #[must_use]
    pub fn line(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut parts = vec![
            format!("{} passed", self.passed),
            format!("{} failed", self.failed),
        ];
        if self.not_checked > 0 {
            parts.push(format!("{} could not be checked", self.not_checked));
        }
        let mut counts = vec![
            plural(self.errors, "error", "errors"),
            plural(self.warnings, "warning", "warnings"),
        ];
        if self.waived > 0 {
            counts.push(format!("{} waived", self.waived));
        }
        format!(
            "checked {}: {} ({})",
            plural(self.boards, "board", "boards"),
            parts.join(", "),
            counts.join(", ")
        )
    }
}
