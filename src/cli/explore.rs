//! `options`, `suggest` and `fix` (exploring membership options for one board), `compare`
//! (boards side by side) and `report` (committee papers and the member register).

use super::{emit, finish, print, print_findings};
use boardcheck::diagnostic::Severity;
use boardcheck::explore::search::Plan;
use boardcheck::explore::suggest::{suggestions, Suggestion};
use boardcheck::explore::{self, Budget, Exhausted, Model, Space};
use boardcheck::pack::{Access, Loader};
use boardcheck::report::options::{self as render, View};
use boardcheck::report::table::thousands;
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
    pub access: &'a Access,
    pub work_limit: u64,
}

impl<'a> Request<'a> {
    pub(crate) fn new(
        board: &'a Path,
        fail_level: Severity,
        style: Style,
        access: &'a Access,
        work_limit: u64,
    ) -> Self {
        Self {
            board,
            fail_level,
            style,
            access,
            work_limit,
        }
    }
}

/// Reads and checks the board; on structural errors, prints them and gives exit code 2.
fn load(path: &Path, access: &Access, style: Style) -> Result<Outcome, ExitCode> {
    let options = Options {
        suggest: false,
        max_file_size: access.max_file_size,
        ..Options::default()
    };
    // A board of an estate is read with the estate's register of people.
    let outcome = boardcheck::estate::check_path_in_estate(
        path,
        &Loader::with_access(access.clone()),
        &options,
    );
    if outcome.checked && outcome.board.is_none() {
        say!(
            "boardcheck: {} is a rule pack, not a board: give a board file (one with `[board]`) that names the pack in its `rules`",
            path.display()
        );
        return Err(ExitCode::from(2));
    }
    if outcome.checked {
        Ok(outcome)
    } else {
        Err(print_findings(&outcome.findings, style))
    }
}

fn verdicts(outcome: &Outcome) -> HashMap<std::sync::Arc<str>, RuleVerdict> {
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
        say!("boardcheck: there is no sector `{id}` on this board; {hint}");
        ExitCode::from(2)
    })
}

/// A search that ran out of work: what to do about it, and exit code 2.
fn too_much(e: Exhausted, what: &str, narrow: &str) -> ExitCode {
    say!(
        "boardcheck: {what} was stopped at the work limit (--work-limit): {e}.\n  {narrow}, or raise --work-limit if you can wait (a step of the search is one unit; a state kept is 64 units and about 100 bytes)."
    );
    ExitCode::from(2)
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

/// How many allocations `options` shows, and how.
#[derive(Clone, Copy)]
pub(crate) struct Listing {
    pub limit: usize,
    pub format: OptionsFormat,
    pub max_rows: u64,
}

/// `options --format csv`: every allocation, one row each, streamed to `out`; a write
/// that fails is kept in `failed` and ends the listing.
fn list_csv(
    out: &mut impl Write,
    plan: &Plan<'_, '_>,
    model: &Model<'_>,
    current: &[u32],
    answer: &explore::Answer,
    failed: &mut Option<std::io::Error>,
) -> Result<(), Exhausted> {
    // CSV has nowhere to say how many rows follow; standard error does.
    say!(
        "boardcheck: listing {} allocation{}",
        thousands(&answer.count),
        if answer.count == num_bigint::BigUint::from(1u8) {
            ""
        } else {
            "s"
        }
    );
    // The header names sectors, which may need quoting; the rows are numbers only.
    let mut header = csv::Writer::from_writer(Vec::new());
    let header = header
        .write_record(render::csv_header(model))
        .map_err(std::io::Error::from)
        .and_then(|()| header.into_inner().map_err(csv::IntoInnerError::into_error));
    if let Err(e) = header.and_then(|h| out.write_all(&h)) {
        *failed = Some(e);
        return Ok(());
    }
    let mut row = String::new();
    plan.each(|seats| {
        render::csv_row(&mut row, seats, explore::changes(current, seats));
        out.write_all(row.as_bytes())
            .map_err(|e| *failed = Some(e))
            .is_ok()
    })
}

/// The question `options` asks: the board sizes and each sector's bounds from `--seats`,
/// `--bound` and `--keep`, and the sectors held.
fn question(
    outcome: &Outcome,
    board: &boardcheck::model::Board,
    current: &[u32],
    seats: Option<SeatRange>,
    keep: &[SectorBound],
    bound: &[SectorBound],
) -> Result<(Space, Vec<usize>), ExitCode> {
    let now = u32::try_from(current.iter().map(|&c| u64::from(c)).sum::<u64>()).unwrap_or(u32::MAX);
    let mut space = Space::around(board, (now, now));
    let least =
        u32::try_from(space.bounds.iter().map(|b| u64::from(b.0)).sum::<u64>()).unwrap_or(u32::MAX);
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
            let i = sector_index(outcome, &k.sector)?;
            let b = &mut space.bounds[i];
            if is_keep && k.range.min != k.range.max {
                say!("boardcheck: --keep takes one number, e.g. --keep {}=2; use --bound {}=LO..HI for a range", k.sector, k.sector);
                return Err(ExitCode::from(2));
            }
            *b = (k.range.min.unwrap_or(b.0), k.range.max.unwrap_or(b.1));
            if is_keep {
                kept.push(i);
            }
        }
    }
    Ok((space, kept))
}

/// `boardcheck options`.
pub(crate) fn options(
    req: &Request<'_>,
    seats: Option<SeatRange>,
    keep: &[SectorBound],
    bound: &[SectorBound],
    listing: Listing,
) -> ExitCode {
    let outcome = match load(req.board, req.access, req.style) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let Some(board) = outcome.board.as_ref() else {
        return ExitCode::from(2);
    };
    let model = Model::new(board, outcome.all_rules(), req.fail_level);
    let current = model.current();
    let (space, kept) = match question(&outcome, board, &current, seats, keep, bound) {
        Ok(q) => q,
        Err(code) => return code,
    };
    let verdicts = verdicts(&outcome);
    let lookup = |r: &boardcheck::rules::Rule| verdicts.get(&r.qualified).copied();
    let view = View {
        model: &model,
        space: &space,
        kept: &kept,
        verdicts: &lookup,
        width: req.style.width,
    };
    let narrow = "Narrow the question: fewer board sizes (--seats 10..15), sectors held (--keep primary=2) or bounded (--bound local-authority=1..3)";
    let budget = Budget::new(req.work_limit);
    let answer = match explore::answer(&model, &space, &budget) {
        Ok(a) => a,
        Err(e) => return too_much(e, "counting the allocations", narrow),
    };
    let code = if answer.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    let all = vec![true; model.considered.len()];
    // Listing gets a budget of its own: the count has been paid for.
    let budget = Budget::new(req.work_limit);
    let plan = Plan::new(&model, &space, &all, &budget);
    if !matches!(listing.format, OptionsFormat::Human)
        && answer.count > num_bigint::BigUint::from(listing.max_rows)
    {
        say!(
            "boardcheck: {} allocations satisfy every seat rule: more than {} to list (--max-rows).\n  {narrow}, or raise --max-rows to list them all.",
            thousands(&answer.count),
            thousands(listing.max_rows)
        );
        return ExitCode::from(2);
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed: Option<std::io::Error> = None;
    let searched = match listing.format {
        OptionsFormat::Human => {
            let closest = if answer.is_empty() {
                Ok(Vec::new())
            } else {
                plan.closest(&current, listing.limit)
            };
            closest.map(|closest| {
                if let Err(e) = write!(out, "{}", view.options(&answer, &closest)) {
                    failed = Some(e);
                }
            })
        }
        OptionsFormat::Json => {
            if let Err(e) = write!(out, "{}", render::json_head(&view, &answer)) {
                failed = Some(e);
            }
            let mut first = true;
            let rows = render::JsonRows::new(&model);
            let mut row = String::new();
            let listed = plan.each(|seats| {
                let sep = if first { "\n" } else { ",\n" };
                first = false;
                rows.write(&mut row, seats, explore::changes(&current, seats));
                write!(out, "{sep}{row}")
                    .map_err(|e| failed = Some(e))
                    .is_ok()
            });
            if failed.is_none() {
                if let Err(e) = writeln!(out, "\n]}}") {
                    failed = Some(e);
                }
            }
            listed
        }
        OptionsFormat::Csv => list_csv(&mut out, &plan, &model, &current, &answer, &mut failed),
    };
    if let Err(e) = searched {
        let _ = out.flush();
        return too_much(e, "listing the allocations", narrow);
    }
    let written = match failed {
        Some(e) => Err(e),
        None => out.flush(),
    };
    finish(written, code)
}

/// The suggestions for a board, with the model they come from.
fn suggest_for<'b>(
    outcome: &'b Outcome,
    req: &Request<'_>,
    limit: usize,
) -> Result<(Model<'b>, Space, Vec<Suggestion>), ExitCode> {
    let board = outcome.board.as_ref().ok_or(ExitCode::from(2))?;
    let model = Model::new(board, outcome.all_rules(), req.fail_level);
    let space = Space::for_suggestions(board);
    let budget = Budget::new(req.work_limit);
    match suggestions(&model, &space, limit, &budget) {
        Ok(list) => Ok((model, space, list)),
        Err(e) => Err(too_much(
            e,
            "the search for the smallest changes",
            &format!(
                "The search grows with the board's sectors ({}) and seats ({}); ask for fewer suggestions (--limit 1)",
                board.sectors.len(),
                board.total_seats()
            ),
        )),
    }
}

/// `boardcheck suggest`.
pub(crate) fn suggest(req: &Request<'_>, limit: usize) -> ExitCode {
    let outcome = match load(req.board, req.access, req.style) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let (model, space, list) = match suggest_for(&outcome, req, limit) {
        Ok(found) => found,
        Err(code) => return code,
    };
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
    let code = if !failing.is_empty() && list.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    emit(&view.suggest(&list, &failing), code)
}

/// `boardcheck fix`.
pub(crate) fn fix(req: &Request<'_>, apply: usize, write: bool) -> ExitCode {
    let outcome = match load(req.board, req.access, req.style) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let (model, _, list) = match suggest_for(&outcome, req, apply.max(1)) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let name = req.board.display();
    if model.failing(&model.current()).is_empty() {
        return print(&format!(
            "{name}: every seat rule already holds; nothing to fix.\n"
        ));
    }
    let Some(chosen) = apply.checked_sub(1).and_then(|i| list.get(i)) else {
        say!(
            "boardcheck: there {} {} suggestion{} for {name}; `boardcheck suggest {name}` lists them",
            if list.len() == 1 { "is" } else { "are" },
            list.len(),
            if list.len() == 1 { "" } else { "s" }
        );
        return ExitCode::from(2);
    };
    let Some(board) = outcome.board.as_ref() else {
        return ExitCode::from(2);
    };
    let current = model.current();
    let changes: Vec<(std::ops::Range<usize>, u32)> = chosen
        .edits(&current)
        .into_iter()
        .map(|(i, _, to)| (board.sectors[i].seats.span.range.clone(), to))
        .collect();
    let before = &outcome.file.text;
    let after = match explore::fix::set_seats(before, &changes) {
        Ok(t) => t,
        Err(why) => {
            say!("boardcheck: cannot edit {name}: {why}");
            return ExitCode::from(2);
        }
    };
    let summary = chosen.describe(board, &current);
    if !write {
        let diff = similar::TextDiff::from_lines(before.as_str(), after.as_str());
        return print(&format!(
            "{}\nsuggestion {apply}: {summary}\nnothing written; add --write to save the change to {name}\n",
            diff.unified_diff()
                .context_radius(2)
                .header(&name.to_string(), &name.to_string())
        ));
    }
    match boardcheck::files::replace(req.board, after.as_bytes(), Some(before.as_bytes())) {
        Ok(()) => print(&format!(
            "{name}: {summary}; written. Run `boardcheck check {name}` to see the result.\n"
        )),
        Err(e) => {
            say!("boardcheck: cannot write {name}: {e}; the file is unchanged");
            ExitCode::from(2)
        }
    }
}

/// `boardcheck compare`.
pub(crate) fn compare(paths: &[std::path::PathBuf], access: &Access, style: Style) -> ExitCode {
    let mut outcomes = Vec::new();
    for p in paths {
        match load(p, access, style) {
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

/// Where and how `report` writes.
pub(crate) struct ReportOutput<'a> {
    pub format: ReportFormat,
    pub path: Option<&'a Path>,
    pub compare: bool,
}

/// `boardcheck report`.
pub(crate) fn report(
    paths: &[std::path::PathBuf],
    output: &ReportOutput<'_>,
    access: &Access,
    options: &Options,
    style: Style,
) -> ExitCode {
    let default = [std::path::PathBuf::from("boards")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let found = boardcheck::discover(paths);
    for (path, why) in &found.skipped {
        say!("boardcheck: skipped {}: {why}", path.display());
    }
    let loader = Loader::with_access(access.clone());
    // An estate's boards are checked with its register; the estate itself is shown at a
    // glance before the boards' papers. Every file found (estate files and registers too)
    // is an input the report must not overwrite.
    let (estates, files) =
        boardcheck::estate::plan(found.files.clone(), &loader, options.max_file_size);
    if files.is_empty() {
        say!("boardcheck: no `*.toml` board files found");
        return ExitCode::from(2);
    }
    // Rule packs kept among the boards have no paper: a sound one is left out (a broken
    // one stops the report with its mistakes, as a broken board does). Files and outcomes
    // stay paired, as the estates' glances read them.
    let (files, outcomes): (Vec<_>, Vec<Outcome>) = files
        .into_iter()
        .map(|(f, e)| {
            let o =
                boardcheck::check_path_in(&f, &loader, options, e.map(|i| &*estates[i].register));
            ((f, e), o)
        })
        .filter(|(_, o)| !(o.checked && o.board.is_none()))
        .unzip();
    if outcomes.is_empty() {
        say!("boardcheck: no board files found, only rule packs; give the boards that name them");
        return ExitCode::from(2);
    }
    if let Some(out) = output.path {
        // The report must never take the place of a board or a pack it was made from.
        let inputs = found.files.iter().map(std::path::PathBuf::as_path).chain(
            outcomes
                .iter()
                .flat_map(|o| o.packs.iter())
                .map(|p| Path::new(p.file.name.as_str())),
        );
        if let Some(input) = super::input_at(out, inputs) {
            say!(
                "boardcheck: will not write the report to {}: it is {}, an input of this report; choose another file, e.g. -o report.html",
                out.display(),
                input.display()
            );
            return ExitCode::from(2);
        }
    }
    if let Some(bad) = outcomes.iter().find(|o| !o.checked) {
        return print_findings(&bad.findings, style);
    }
    let text = match output.format {
        ReportFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let _ = w.write_record(boardcheck::report::register::HEADER);
            let refs: Vec<&Outcome> = outcomes.iter().collect();
            for row in boardcheck::report::register::rows_of(&refs) {
                let _ = w.write_record(&row);
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
            let glances = boardcheck::report::glance::for_estates(
                &estates,
                &files,
                &outcomes,
                &papers,
                options.horizon_days,
            );
            let refs: Vec<&Outcome> = outcomes.iter().collect();
            let comparison = output
                .compare
                .then(|| boardcheck::report::compare::Comparison::new(&refs));
            if matches!(output.format, ReportFormat::Md) {
                boardcheck::report::markdown::render_with(&glances, &papers, comparison.as_ref())
            } else {
                boardcheck::report::html::render_with(&glances, &papers, comparison.as_ref())
            }
        }
    };
    match output.path {
        None => print(&text),
        Some(path) => match boardcheck::files::replace(path, text.as_bytes(), None) {
            Ok(()) => {
                say!("wrote {}", path.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                say!("boardcheck: cannot write {}: {e}", path.display());
                ExitCode::from(2)
            }
        },
    }
}
