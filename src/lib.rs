//! boardcheck: check board constitutions written in TOML against composition rules.
//!
//! The pipeline is one-way: `parse` (text → TOML tree → raw serde types) → `model`
//! (validated plain data) → `rules` (findings as data) → `report` (rendering). The library
//! never prints; the binary decides what goes where.
//!
//! ```
//! let loader = boardcheck::pack::Loader::new();
//! let outcome = boardcheck::check_text("board.toml", r#"
//! [board]
//! name = "Example"
//! rules = ["rotherham/resp-2018"]
//!
//! [sectors.la]
//! seats = 3
//! tags = ["local-authority"]
//!
//! [sectors.primary]
//! seats = 7
//! tags = ["school-leader", "phase-primary"]
//! "#, None, &loader, &boardcheck::Options::default());
//! assert_eq!(outcome.verdict(), boardcheck::Verdict::Failed);
//! ```

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod diagnostic;
pub mod explore;
pub mod files;
pub mod model;
pub mod pack;
pub mod parse;
pub mod report;
pub mod rules;
pub mod schema;
#[doc(hidden)]
pub mod smoke;

use diagnostic::{Finding, Severity};
use model::span::SourceFile;
use model::{Board, Date};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What a check needs besides the board: the date terms of office are judged at.
#[derive(Debug, Clone)]
pub struct Options {
    /// The date "expired" and "expiring" are judged at (`--as-of`; default today).
    pub as_of: Date,
    /// How far ahead a term counts as expiring, in days (default 90).
    pub horizon_days: u32,
    /// Changes to seats made in memory before checking (`--set`, `--add-sector`,
    /// `--drop-sector`); the file is untouched.
    pub what_if: Vec<model::what_if::SeatEdit>,
    /// Whether a seat rule's breach carries the smallest change that satisfies every seat
    /// rule (on by default; costs a search per failing board).
    pub suggest: bool,
    /// The most work that search may take per board ([`explore::Budget`]); past it, the
    /// breach says that no fix was searched rather than holding the check up.
    pub suggest_work: u64,
    /// The largest board file read, in bytes (`--max-file-size`).
    pub max_file_size: u64,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            as_of: Date::today(),
            horizon_days: 90,
            what_if: Vec::new(),
            suggest: true,
            suggest_work: explore::Budget::CHECK,
            max_file_size: files::DEFAULT_MAX_FILE_SIZE,
        }
    }
}

/// The result of checking one board file.
#[derive(Debug)]
pub struct Outcome {
    /// The board file.
    pub file: Arc<SourceFile>,
    /// The board, when it could be read.
    pub board: Option<Board>,
    /// Every finding, structural or from a rule.
    pub findings: Vec<Finding>,
    /// Whether the rules ran (false when the file could not be read or was malformed).
    pub checked: bool,
    /// The rules the board was checked against, in order (empty when not checked).
    pub rules: Vec<RuleRun>,
    /// Findings taken away by the board's waivers.
    pub waived: Vec<rules::waiver::Waived>,
    /// The rule packs the board names, as loaded (empty when not checked).
    pub packs: Vec<Arc<pack::Pack>>,
}

/// One rule the board was checked against.
#[derive(Debug, Clone)]
pub struct RuleRun {
    /// The qualified id, e.g. `resp-2018/local-authority-share`.
    pub id: String,
    /// The rule in a few plain words.
    pub title: Option<String>,
    /// The clause it comes from.
    pub citation: Option<String>,
    /// False when its `applies-when` condition does not hold for this board.
    pub applies: bool,
}

/// How one rule fared on one board.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RuleVerdict {
    /// No error or warning (advice may remain).
    Passed,
    /// At least one error-level finding.
    Failed,
    /// A warning, e.g. the rule cannot be decided until names are known.
    Warning,
    /// Its findings were all taken away by waivers.
    Waived,
    /// Its `applies-when` condition does not hold for this board.
    NotApplicable,
}

impl RuleVerdict {
    /// The verdict in a word or two, for tables: "passes", "fails", "warning", "waived",
    /// "does not apply".
    #[must_use]
    pub fn words(self) -> &'static str {
        match self {
            Self::Passed => "passes",
            Self::Failed => "fails",
            Self::Warning => "warning",
            Self::Waived => "waived",
            Self::NotApplicable => "does not apply",
        }
    }
}

/// A board's overall result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// No error-level finding.
    Passed,
    /// At least one error-level finding.
    Failed,
    /// The file could not be checked (unreadable, invalid TOML, schema errors).
    NotChecked,
}

impl Outcome {
    /// Every rule the board was checked against: its packs' rules, then its own.
    pub fn all_rules(&self) -> impl Iterator<Item = &rules::Rule> {
        self.packs
            .iter()
            .flat_map(|p| p.rules.iter())
            .chain(self.board.iter().flat_map(|b| b.rules.iter()))
    }

    /// The board's verdict.
    #[must_use]
    pub fn verdict(&self) -> Verdict {
        if !self.checked {
            Verdict::NotChecked
        } else if self.count(Severity::Error) > 0 {
            Verdict::Failed
        } else {
            Verdict::Passed
        }
    }

    /// The findings, most serious first (in the order found within a severity): the order
    /// every output format uses.
    #[must_use]
    pub fn by_severity(&self) -> Vec<&Finding> {
        let mut findings: Vec<&Finding> = self.findings.iter().collect();
        findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
        findings
    }

    /// How one rule fared on this board.
    #[must_use]
    pub fn rule_verdict(&self, rule: &RuleRun) -> RuleVerdict {
        if !rule.applies {
            return RuleVerdict::NotApplicable;
        }
        let worst = self
            .findings
            .iter()
            .filter(|f| f.rule.as_deref() == Some(rule.id.as_str()))
            .map(|f| f.severity)
            .max();
        match worst {
            Some(Severity::Error) => RuleVerdict::Failed,
            Some(Severity::Warning) => RuleVerdict::Warning,
            _ if self
                .waived
                .iter()
                .any(|w| w.finding.rule.as_deref() == Some(rule.id.as_str())) =>
            {
                RuleVerdict::Waived
            }
            _ => RuleVerdict::Passed,
        }
    }

    /// The number of findings of a severity.
    #[must_use]
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// Checks a board given as text. `base` is the directory that relative pack paths are
/// resolved against (the board file's directory), if any.
#[must_use]
pub fn check_text(
    name: &str,
    text: &str,
    base: Option<&Path>,
    loader: &pack::Loader,
    options: &Options,
) -> Outcome {
    check_source(SourceFile::new(name, text), base, loader, options)
}

fn check_source(
    file: Arc<SourceFile>,
    base: Option<&Path>,
    loader: &pack::Loader,
    options: &Options,
) -> Outcome {
    let mut ctx = parse::Ctx::new(&file);
    let mut board =
        parse::document(&mut ctx, &file.text).map(|root| model::build_board(&mut ctx, root));
    let mut packs = Vec::new();
    if let Some(board) = &mut board {
        model::what_if::apply(&mut ctx, board, &options.what_if);
        model::check_size(&mut ctx, board);
        for reference in &board.packs {
            match loader.resolve(reference, base) {
                Ok(p) => packs.push(p),
                Err(errors) => ctx.errors.extend(errors),
            }
        }
        pack::apply_facts(&mut ctx, board, &packs);
        let all: Vec<&rules::Rule> = packs
            .iter()
            .flat_map(|p| p.rules.iter())
            .chain(board.rules.iter())
            .collect();
        rules::check_references(&mut ctx, board, all.iter().copied());
        rules::waiver::check_references(&mut ctx, board, &all);
    }
    let mut errors = std::mem::take(&mut ctx.errors);
    // Structural errors read top to bottom, file by file (the board's own file first).
    errors.sort_by_key(|f| {
        f.labels.first().map(|l| {
            (
                !Arc::ptr_eq(&l.span.file, &file),
                l.span.file.name.clone(),
                l.span.range.start,
            )
        })
    });
    drop(ctx);
    match board {
        Some(board) if errors.is_empty() => {
            let (findings, rules) = rules::run(
                &board,
                packs
                    .iter()
                    .flat_map(|p| p.rules.iter())
                    .chain(board.rules.iter()),
                options,
            );
            let mut findings = findings;
            if options.suggest {
                let all = packs
                    .iter()
                    .flat_map(|p| p.rules.iter())
                    .chain(board.rules.iter());
                suggest_in_findings(&board, all, &mut findings, options.suggest_work);
            }
            let (findings, waived) = rules::waiver::apply(&board, findings, options);
            Outcome {
                file,
                board: Some(board),
                findings,
                checked: true,
                rules,
                waived,
                packs,
            }
        }
        board => Outcome {
            file,
            board,
            findings: errors,
            checked: false,
            rules: Vec::new(),
            waived: Vec::new(),
            packs: Vec::new(),
        },
    }
}

/// Gives each error-level breach of a seat rule the smallest change to seat counts that
/// satisfies every seat rule, when there is one.
fn suggest_in_findings<'r>(
    board: &'r Board,
    rules: impl Iterator<Item = &'r rules::Rule>,
    findings: &mut [Finding],
    work: u64,
) {
    if !findings
        .iter()
        .any(|f| f.severity == Severity::Error && f.rule.is_some())
    {
        return;
    }
    let model = explore::Model::new(board, rules, Severity::Error);
    let current = model.current();
    let failing: Vec<&str> = model
        .failing(&current)
        .into_iter()
        .map(|i| model.considered[i].rule.qualified.as_str())
        .collect();
    if failing.is_empty() {
        return;
    }
    let space = explore::Space::for_suggestions(board);
    let budget = explore::Budget::new(work);
    let text = match explore::suggest::suggestions(&model, &space, 1, &budget) {
        Ok(mut list) => match list.pop() {
            Some(best) => format!(
                "smallest change that satisfies every seat rule: {}; `boardcheck suggest` lists more",
                best.describe(board, &current)
            ),
            None => return,
        },
        Err(_) => "the smallest change that satisfies every seat rule was not searched: this board needs a longer search than a check allows; `boardcheck suggest` searches further".to_string(),
    };
    for f in findings.iter_mut() {
        if f.severity == Severity::Error && f.rule.as_deref().is_some_and(|r| failing.contains(&r))
        {
            f.suggestion = Some(text.clone());
        }
    }
}

/// Reads and checks a board file. An unreadable file is an outcome too, not an `Err`.
#[must_use]
pub fn check_path(path: &Path, loader: &pack::Loader, options: &Options) -> Outcome {
    let name = path.display().to_string();
    match files::read_text(path, options.max_file_size) {
        Ok(text) => check_source(
            SourceFile::from_path(path, text),
            path.parent(),
            loader,
            options,
        ),
        Err(e) => {
            let file = SourceFile::from_path(path, "");
            let finding = Finding::new(
                &parse::UNREADABLE,
                Severity::Error,
                format!("cannot read `{name}`: {e}"),
            )
            .help("check the path, and that the file is readable text");
            Outcome {
                file,
                board: None,
                findings: vec![finding],
                checked: false,
                rules: Vec::new(),
                waived: Vec::new(),
                packs: Vec::new(),
            }
        }
    }
}

/// The board files found under some paths, and what was passed over.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Board files, in the order to check them.
    pub files: Vec<PathBuf>,
    /// Paths passed over, with why: pipes and devices named `*.toml`, folders already
    /// searched (reached again through a link).
    pub skipped: Vec<(PathBuf, String)>,
}

/// Expands paths into board files: files as given, directories searched recursively for
/// `*.toml` (sorted, so output is stable; hidden entries skipped). A path that does not
/// exist is kept, so that checking it reports it. Each folder and file is taken once,
/// however many links lead to it, so a link loop ends; in a folder, anything that is not
/// a regular file (a pipe, a device) is passed over, since reading it could block forever.
#[must_use]
pub fn discover(paths: &[PathBuf]) -> Discovery {
    let mut out = Discovery::default();
    let mut seen = std::collections::HashSet::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out, &mut seen);
        } else {
            if let Ok(c) = std::fs::canonicalize(p) {
                if !seen.insert(c) {
                    continue;
                }
            }
            out.files.push(p.clone());
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Discovery, seen: &mut std::collections::HashSet<PathBuf>) {
    if let Ok(c) = std::fs::canonicalize(dir) {
        if !seen.insert(c) {
            out.skipped.push((
                dir.to_path_buf(),
                "a folder already searched (reached again through a link)".into(),
            ));
            return;
        }
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        out.files.push(dir.to_path_buf());
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, out, seen);
        } else if path.extension().is_some_and(|e| e == "toml") {
            match std::fs::metadata(&path) {
                Ok(m) if !m.is_file() => out.skipped.push((
                    path,
                    "not a regular file (a pipe or a device): reading it could wait forever".into(),
                )),
                _ => {
                    if let Ok(c) = std::fs::canonicalize(&path) {
                        if !seen.insert(c) {
                            continue;
                        }
                    }
                    out.files.push(path);
                }
            }
        }
    }
}
