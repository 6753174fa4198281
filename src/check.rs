//! The check pipeline: one board file, from bytes to an [`Outcome`]. Reading (size-bounded),
//! parsing, building the model, loading the packs it names, checking references, running
//! the rules, attaching the smallest fix to seat rules' breaches, and applying waivers.

use crate::diagnostic::{Finding, Severity};
use crate::model::span::SourceFile;
use crate::model::{Board, Date};
use crate::rules::{self, RuleRun};
use crate::{estate, explore, files, model, pack, parse};
use std::path::Path;
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
    /// The rules written in the board file itself (`[[rules]]`), qualified `board/…`.
    pub own_rules: Vec<rules::Rule>,
    /// The name of what was checked when it is not a board: an estate's, for its rules
    /// across boards.
    pub title: Option<String>,
}

/// How one rule fared on one board.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
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
    /// The verdict as the JSON report writes it: `passed`, `failed`, `warning`, `waived`
    /// or `not-applicable`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Passed => "passed",
            Self::Failed => "failed",
            Self::Warning => "warning",
            Self::Waived => "waived",
            Self::NotApplicable => "not-applicable",
        }
    }

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
#[non_exhaustive]
pub enum Verdict {
    /// No error-level finding.
    Passed,
    /// At least one error-level finding.
    Failed,
    /// The file could not be checked (unreadable, invalid TOML, schema errors).
    NotChecked,
}

impl Verdict {
    /// The verdict as the JSON report writes it: `passed`, `failed` or `not-checked`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Passed => "passed",
            Self::Failed => "failed",
            Self::NotChecked => "not-checked",
        }
    }
}

impl Outcome {
    /// Every rule the board was checked against: its packs' rules, then its own.
    pub fn all_rules(&self) -> impl Iterator<Item = &rules::Rule> {
        self.packs
            .iter()
            .flat_map(|p| p.rules.iter())
            .chain(self.own_rules.iter())
    }

    /// What was checked, by name: the board's, or the estate's.
    #[must_use]
    pub fn name(&self) -> Option<&str> {
        self.board
            .as_ref()
            .map(|b| b.name.value.as_str())
            .or(self.title.as_deref())
            .filter(|n| !n.is_empty())
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
            .filter(|f| f.rule.as_deref() == Some(rule.id.as_ref()))
            .map(|f| f.severity)
            .max();
        match worst {
            Some(Severity::Error) => RuleVerdict::Failed,
            Some(Severity::Warning) => RuleVerdict::Warning,
            _ if self
                .waived
                .iter()
                .any(|w| w.finding.rule.as_deref() == Some(rule.id.as_ref())) =>
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
    check_source(SourceFile::new(name, text), base, loader, options, None)
}

fn check_source(
    file: Arc<SourceFile>,
    base: Option<&Path>,
    loader: &pack::Loader,
    options: &Options,
    register: Option<&estate::Register>,
) -> Outcome {
    // A rule pack kept among the boards is checked as a pack, not read as a board.
    if pack::is_pack_text(&file.text) {
        return check_pack(file);
    }
    let mut ctx = parse::Ctx::new(&file);
    let built =
        parse::document(&mut ctx, &file.text).map(|root| model::build_board(&mut ctx, root));
    let mut packs = Vec::new();
    let mut clashes = Vec::new();
    let (mut board, own) = match built {
        Some((board, own)) => (Some(board), own),
        None => (None, None),
    };
    let own_rules = own.map_or_else(Vec::new, |v| rules::build_rules(&mut ctx, v, "board"));
    if let Some(board) = &mut board {
        model::what_if::apply(&mut ctx, board, &options.what_if);
        if let Some(register) = register {
            clashes = register.apply(board);
        }
        model::check_size(&mut ctx, board);
        for reference in &board.packs {
            match loader.resolve(reference, base) {
                Ok(p) => packs.push(p),
                Err(errors) => ctx.errors.extend(errors),
            }
        }
        pack::apply_facts(&mut ctx, board, &packs, &own_rules);
        let all: Vec<&rules::Rule> = packs
            .iter()
            .flat_map(|p| p.rules.iter())
            .chain(own_rules.iter())
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
        Some(mut board) if errors.is_empty() => {
            let as_of = rules::AsOf {
                date: options.as_of,
                horizon_days: options.horizon_days,
            };
            let all: Vec<&rules::Rule> = packs
                .iter()
                .flat_map(|p| p.rules.iter())
                .chain(own_rules.iter())
                .collect();
            let readable = readable(&packs);
            let (mut findings, rules) = rules::run(&board, &all, as_of, &readable);
            findings.splice(0..0, clashes);
            rules::readings::judge_tags(&mut board, &all, as_of, &readable, &mut findings);
            rules::readings::judge(&mut board, &all, as_of, &mut findings);
            rules::remedy::verify(&mut board, &all, as_of, &mut findings);
            rules::hint_included(&board, &all, &mut findings);
            if options.suggest {
                suggest_in_findings(
                    &board,
                    all.iter().copied(),
                    &mut findings,
                    options.suggest_work,
                );
            }
            let (findings, waived) = rules::waiver::apply(&board, findings, as_of);
            Outcome {
                file,
                board: Some(board),
                findings,
                checked: true,
                rules,
                waived,
                packs,
                own_rules,
                title: None,
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
            own_rules,
            title: None,
        },
    }
}

/// A rule pack file found among the boards: its mistakes, or a pass naming it.
fn check_pack(file: Arc<SourceFile>) -> Outcome {
    let (findings, packs, title) = match pack::Pack::parse(&file) {
        Ok(p) => {
            let title = format!(
                "rule pack {} ({} rules), checked as a pack",
                p.name.value,
                p.rules.len()
            );
            (Vec::new(), vec![Arc::new(p)], title)
        }
        Err(errors) => (errors, Vec::new(), "a rule pack".to_string()),
    };
    Outcome {
        checked: findings.is_empty(),
        file,
        board: None,
        findings,
        rules: Vec::new(),
        waived: Vec::new(),
        packs,
        own_rules: Vec::new(),
        title: Some(title),
    }
}

/// The values each fact the packs declare could take, for deciding rules on facts a board
/// does not state: yes/no facts and text facts with a list of allowed values.
fn readable(packs: &[Arc<pack::Pack>]) -> rules::Readable {
    use crate::model::raw::FactValue;
    let mut out = rules::Readable::new();
    for decl in packs.iter().flat_map(|p| p.facts.iter()) {
        let values: Vec<FactValue> = match decl.kind.as_str() {
            "bool" => vec![FactValue::Bool(true), FactValue::Bool(false)],
            "text" if !decl.values.is_empty() => {
                decl.values.iter().cloned().map(FactValue::Text).collect()
            }
            _ => continue,
        };
        out.insert(decl.name.clone(), values);
    }
    out
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
        .map(|i| model.considered[i].rule.qualified.as_ref())
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
    check_path_in(path, loader, options, None)
}

/// Reads and checks a board file of an estate: its members take the facts the estate's
/// register states about them (and a board stating the opposite is a finding).
#[must_use]
pub fn check_path_in(
    path: &Path,
    loader: &pack::Loader,
    options: &Options,
    register: Option<&estate::Register>,
) -> Outcome {
    let text = files::read_text(path, options.max_file_size);
    check_read(path, text, loader, options, register)
}

/// Reads and checks a board from `reader` (standard input, say) as the file `path`: pack
/// paths are read relative to its folder, and findings name it. As [`check_path`], an
/// unreadable input is an outcome.
#[must_use]
pub fn check_reader(
    path: &Path,
    reader: impl std::io::Read,
    loader: &pack::Loader,
    options: &Options,
) -> Outcome {
    let text = files::read_from(reader, options.max_file_size);
    check_read(path, text, loader, options, None)
}

fn check_read(
    path: &Path,
    text: Result<String, files::ReadError>,
    loader: &pack::Loader,
    options: &Options,
    register: Option<&estate::Register>,
) -> Outcome {
    let name = path.display().to_string();
    match text {
        Ok(text) => check_source(
            SourceFile::from_path(path, text),
            path.parent(),
            loader,
            options,
            register,
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
                own_rules: Vec::new(),
                title: None,
            }
        }
    }
}
