//! `options`, `suggest` and `fix`: exploring membership options for one board.

use super::{print, print_findings};
use boardcheck::diagnostic::Severity;
use boardcheck::explore::search::Plan;
use boardcheck::explore::suggest::{suggestions, Suggestion};
use boardcheck::explore::{self, Model, Space};
use boardcheck::pack::Loader;
use boardcheck::report::options::{self as render, View};
use boardcheck::report::Style;
use boardcheck::{Options, Outcome, RuleVerdict};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// `--seats`: a board size or a range of sizes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SeatRange {
    min: Option<u32>,
    max: Option<u32>,
}

/// Parses `12`, `10..15`, `10..=15`, `..60` or `10..`.
pub(crate) fn parse_seat_range(s: &str) -> Result<SeatRange, String> {
    let number = |t: &str| -> Result<Option<u32>, String> {
        let t = t.trim();
        if t.is_empty() {
            return Ok(None);
        }
        t.parse::<u32>()
            .ok()
            .filter(|n| *n <= 10_000)
            .map(Some)
            .ok_or_else(|| format!("`{t}` is not a number of seats"))
    };
    let range = match s.split_once("..") {
        None => {
            let n = number(s)?;
            SeatRange { min: n, max: n }
        }
        Some((a, b)) => SeatRange {
            min: number(a)?,
            max: number(b.strip_prefix('=').unwrap_or(b))?,
        },
    };
    match (range.min, range.max) {
        (None, None) if !s.contains("..") => {
            Err("give a number of seats, e.g. 12 or 10..15".into())
        }
        (Some(a), Some(b)) if a > b => Err(format!(
            "{a}..{b} is empty: the first number is the fewest seats"
        )),
        _ => Ok(range),
    }
}

/// `--keep SECTOR=N` and `--bound SECTOR=LO..HI`.
#[derive(Debug, Clone)]
pub(crate) struct SectorBound {
    sector: String,
    range: SeatRange,
}

pub(crate) fn parse_sector_bound(s: &str) -> Result<SectorBound, String> {
    let (sector, range) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}` should be SECTOR=N or SECTOR=LO..HI, e.g. primary=2"))?;
    Ok(SectorBound {
        sector: sector.trim().to_string(),
        range: parse_seat_range(range)?,
    })
}

/// What `options`, `suggest` and `fix` share.
pub(crate) struct Request<'a> {
    pub board: &'a Path,
    pub fail_level: Severity,
    pub style: Style,
}

/// Reads and checks the board; on structural errors, prints them and gives exit code 2.
fn load(path: &Path, style: Style) -> Result<Outcome, ExitCode> {
    let options = Options {
        suggest: false,
        ..Options::default()
    };
    let outcome = boardcheck::check_path(path, &Loader::new(), &options);
    if outcome.checked {
        Ok(outcome)
    } else {
        Err(print_findings(&outcome.findings, style))
    }
}

fn verdicts(outcome: &Outcome) -> HashMap<String, RuleVerdict> {
    outcome
        .rules
        .iter()
        .map(|r| (r.id.clone(), outcome.rule_verdict(r)))
        .collect()
}

/// The sector a `--keep` or `--bound` names, or an error with "did you mean".
fn sector_index(outcome: &Outcome, id: &str) -> Result<usize, ExitCode> {
    let board = outcome.board.as_ref().ok_or(ExitCode::from(2))?;
    board.sector_index(id).ok_or_else(|| {
        let ids: Vec<&str> = board.sectors.iter().map(|s| s.id.value.as_str()).collect();
        let hint = boardcheck::parse::did_you_mean(id, ids.iter().copied()).map_or_else(
            || format!("the sectors are {}", ids.join(", ")),
            |s| format!("did you mean `{s}`?"),
        );
        eprintln!("boardcheck: there is no sector `{id}` on this board; {hint}");
        ExitCode::from(2)
    })
}

/// How `options` writes its answer.
#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum OptionsFormat {
    /// The count and the closest allocations, as a table.
    Human,
    /// Every allocation, as one JSON document.
    Json,
    /// Every allocation, one CSV row each.
    Csv,
}

/// `boardcheck options`.
pub(crate) fn options(
    req: &Request<'_>,
    seats: Option<SeatRange>,
    keep: &[SectorBound],
    bound: &[SectorBound],
    limit: usize,
    format: OptionsFormat,
) -> ExitCode {
    let outcome = match load(req.board, req.style) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let Some(board) = outcome.board.as_ref() else {
        return ExitCode::from(2);
    };
    let model = Model::new(board, outcome.all_rules(), req.fail_level);
    let current = model.current();
    let now: u32 = current.iter().sum();
    let mut space = Space::around(board, (now, now));
    let least: u32 = space.bounds.iter().map(|b| b.0).sum();
    if let Some(r) = seats {
        space.seats = (
            r.min.unwrap_or(least),
            r.max.unwrap_or(now.max(r.min.unwrap_or(0))),
        );
    }
    for b in &mut space.bounds {
        b.1 = space.seats.1;
    }
    let mut kept = Vec::new();
    for (list, is_keep) in [(bound, false), (keep, true)] {
        for k in list {
            let i = match sector_index(&outcome, &k.sector) {
                Ok(i) => i,
                Err(code) => return code,
            };
            let b = &mut space.bounds[i];
            if is_keep && k.range.min != k.range.max {
                eprintln!("boardcheck: --keep takes one number, e.g. --keep {}=2; use --bound {}=LO..HI for a range", k.sector, k.sector);
                return ExitCode::from(2);
            }
            *b = (k.range.min.unwrap_or(b.0), k.range.max.unwrap_or(b.1));
            if is_keep {
                kept.push(i);
            }
        }
    }
    let verdicts = verdicts(&outcome);
    let lookup = |r: &boardcheck::rules::Rule| verdicts.get(&r.qualified).copied();
    let view = View {
        model: &model,
        space: &space,
        kept: &kept,
        verdicts: &lookup,
        width: req.style.width,
    };
    let answer = explore::answer(&model, &space);
    let all = vec![true; model.considered.len()];
    let plan = Plan::new(&model, &space, &all);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match format {
        OptionsFormat::Human => {
            let closest = if answer.count > 0 {
                plan.closest(&current, limit)
            } else {
                Vec::new()
            };
            let _ = write!(out, "{}", view.options(&answer, &closest));
        }
        OptionsFormat::Json => {
            let _ = write!(out, "{}", render::json_head(&view, &answer));
            let mut first = true;
            plan.each(&current, |seats| {
                let sep = if first { "\n" } else { ",\n" };
                first = false;
                let row = render::json_row(&model, seats, explore::changes(&current, seats));
                write!(out, "{sep}{row}").is_ok()
            });
            let _ = writeln!(out, "\n]}}");
        }
        OptionsFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            let _ = w.write_record(render::csv_header(&model));
            plan.each(&current, |seats| {
                w.write_record(render::csv_row(seats, explore::changes(&current, seats)))
                    .is_ok()
            });
            let _ = w.flush();
        }
    }
    let _ = out.flush();
    if answer.count > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The suggestions for a board, with the model they come from.
fn suggest_for<'b>(
    outcome: &'b Outcome,
    req: &Request<'_>,
    limit: usize,
) -> (Model<'b>, Space, Vec<Suggestion>) {
    let board = outcome
        .board
        .as_ref()
        .expect("a checked outcome has a board");
    let model = Model::new(board, outcome.all_rules(), req.fail_level);
    let space = Space::for_suggestions(board);
    let list = suggestions(&model, &space, limit);
    (model, space, list)
}

/// `boardcheck suggest`.
pub(crate) fn suggest(req: &Request<'_>, limit: usize) -> ExitCode {
    let outcome = match load(req.board, req.style) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let (model, space, list) = suggest_for(&outcome, req, limit);
    let failing = model.failing(&model.current());
    let verdicts = verdicts(&outcome);
    let lookup = |r: &boardcheck::rules::Rule| verdicts.get(&r.qualified).copied();
    let view = View {
        model: &model,
        space: &space,
        kept: &[],
        verdicts: &lookup,
        width: req.style.width,
    };
    print(&view.suggest(&list, &failing));
    if !failing.is_empty() && list.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `boardcheck fix`.
pub(crate) fn fix(req: &Request<'_>, apply: usize, write: bool) -> ExitCode {
    let outcome = match load(req.board, req.style) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let (model, _, list) = suggest_for(&outcome, req, apply.max(1));
    let name = req.board.display();
    if model.failing(&model.current()).is_empty() {
        println!("{name}: every seat rule already holds; nothing to fix.");
        return ExitCode::SUCCESS;
    }
    let Some(chosen) = apply.checked_sub(1).and_then(|i| list.get(i)) else {
        eprintln!(
            "boardcheck: there {} {} suggestion{} for {name}; `boardcheck suggest {name}` lists them",
            if list.len() == 1 { "is" } else { "are" },
            list.len(),
            if list.len() == 1 { "" } else { "s" }
        );
        return ExitCode::from(2);
    };
    let board = outcome
        .board
        .as_ref()
        .expect("a checked outcome has a board");
    let current = model.current();
    let changes: Vec<(String, u32)> = chosen
        .edits(&current)
        .into_iter()
        .map(|(i, _, to)| (board.sectors[i].id.value.clone(), to))
        .collect();
    let before = &outcome.file.text;
    let after = match explore::fix::set_seats(before, &changes) {
        Ok(t) => t,
        Err(why) => {
            eprintln!("boardcheck: cannot edit {name}: {why}");
            return ExitCode::from(2);
        }
    };
    let summary = chosen.describe(board, &current);
    if !write {
        let diff = similar::TextDiff::from_lines(before.as_str(), after.as_str());
        print!(
            "{}",
            diff.unified_diff()
                .context_radius(2)
                .header(&name.to_string(), &name.to_string())
        );
        println!("\nsuggestion {apply}: {summary}\nnothing written; add --write to save the change to {name}");
        return ExitCode::SUCCESS;
    }
    match explore::fix::write_atomic(req.board, &after) {
        Ok(()) => {
            println!(
                "{name}: {summary}; written. Run `boardcheck check {name}` to see the result."
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("boardcheck: cannot write {name}: {e}; the file is unchanged");
            ExitCode::from(2)
        }
    }
}

/// `boardcheck compare`.
pub(crate) fn compare(paths: &[std::path::PathBuf], style: Style) -> ExitCode {
    let mut outcomes = Vec::new();
    for p in paths {
        match load(p, style) {
            Ok(o) => outcomes.push(o),
            Err(code) => return code,
        }
    }
    let refs: Vec<&Outcome> = outcomes.iter().collect();
    print(&boardcheck::report::compare::Comparison::new(&refs).text())
}

/// How `report` writes.
#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum ReportFormat {
    /// Markdown.
    Md,
    /// One self-contained HTML file that prints on A4.
    Html,
    /// The member register as CSV.
    Csv,
}

/// `boardcheck report`.
pub(crate) fn report(
    paths: &[std::path::PathBuf],
    format: ReportFormat,
    output: Option<&Path>,
    with_comparison: bool,
    options: &Options,
    style: Style,
) -> ExitCode {
    let default = [std::path::PathBuf::from("boards")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let files = boardcheck::discover(paths);
    if files.is_empty() {
        eprintln!("boardcheck: no `*.toml` board files found");
        return ExitCode::from(2);
    }
    let loader = Loader::new();
    let outcomes: Vec<Outcome> = files
        .iter()
        .map(|f| boardcheck::check_path(f, &loader, options))
        .collect();
    if let Some(bad) = outcomes.iter().find(|o| !o.checked) {
        return print_findings(&bad.findings, style);
    }
    let text = match format {
        ReportFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let _ = w.write_record(boardcheck::report::register::HEADER);
            for o in &outcomes {
                for row in boardcheck::report::register::rows(o) {
                    let _ = w.write_record(&row);
                }
            }
            String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
        }
        ReportFormat::Md | ReportFormat::Html => {
            let papers: Vec<_> = outcomes
                .iter()
                .map(|o| {
                    boardcheck::report::paper::Paper::new(o, options.as_of, options.horizon_days)
                })
                .collect();
            let refs: Vec<&Outcome> = outcomes.iter().collect();
            let comparison =
                with_comparison.then(|| boardcheck::report::compare::Comparison::new(&refs));
            if matches!(format, ReportFormat::Md) {
                boardcheck::report::markdown::render(&papers, comparison.as_ref())
            } else {
                boardcheck::report::html::render(&papers, comparison.as_ref())
            }
        }
    };
    match output {
        None => print(&text),
        Some(path) => match std::fs::write(path, text) {
            Ok(()) => {
                eprintln!("wrote {}", path.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("boardcheck: cannot write {}: {e}", path.display());
                ExitCode::from(2)
            }
        },
    }
}
