//! `boardcheck init`: the pack's starter board, fitted to the pack for the facts given
//! (`--fact category=community`): the sectors no rule allows (a foundation governor seat in
//! a community school) are taken out, and the seats set to the smallest change that
//! satisfies every seat rule, so the board written passes its own pack.

use super::{command_line_loader, emit, print_findings, relative_to, resolve_pack};
use boardcheck::diagnostic::Severity;
use boardcheck::explore::{suggest, Budget, Model, Space};
use boardcheck::pack::{Access, Loader};
use boardcheck::report::{self, Style};
use boardcheck::rules::{Bound, RuleKind};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// `text` (a starter board) with the sectors no rule allows removed and the seats fitted,
/// checked as `name` in `base` with `loader`. The text as it was when it cannot be fitted
/// (it does not parse, or no allocation satisfies the rules within the work allowed).
pub(crate) fn init(
    path: &Path,
    pack: &str,
    facts: &[(String, String)],
    access: &Access,
    style: Style,
) -> ExitCode {
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
    let unknown: Vec<&str> = facts
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| !resolved.facts.iter().any(|f| f.name == *n))
        .collect();
    if let Some(n) = unknown.first() {
        let names: Vec<&str> = resolved.facts.iter().map(|f| f.name.as_str()).collect();
        say!(
            "boardcheck: the pack {} reads no fact `{n}`; its facts are {}",
            resolved.name.value,
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            }
        );
        return ExitCode::from(2);
    }
    let text = report::starter::starter(&resolved, &reference, facts);
    let text = fit(&text, &path.display().to_string(), path.parent(), &loader);
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

/// The starter fitted to its pack; see the module docs.
fn fit(text: &str, name: &str, base: Option<&std::path::Path>, loader: &Loader) -> String {
    let options = boardcheck::Options {
        suggest: false,
        ..boardcheck::Options::default()
    };
    let mut text = text.to_string();
    // Sectors a rule caps at no seats, for these facts: out.
    let outcome = boardcheck::check_text(name, &text, base, loader, &options);
    let Some(board) = outcome.board.as_ref() else {
        return text;
    };
    let mut dropped: Vec<String> = Vec::new();
    for rule in outcome.all_rules() {
        if let Some(c) = &rule.applies_when {
            if c.eval(board) != boardcheck::rules::selector::Truth::Yes {
                continue;
            }
        }
        let RuleKind::Count(count) = &rule.kind else {
            continue;
        };
        if count.max.as_ref().map(|m| &m.value) != Some(&Bound::Fixed(0)) {
            continue;
        }
        for (i, sector) in board.sectors.iter().enumerate() {
            if count.select.eval(board, i, None) == boardcheck::rules::selector::Truth::Yes {
                dropped.push(sector.id.value.clone());
            }
        }
    }
    for id in &dropped {
        text = without_sector(&text, id);
    }
    // Then the smallest change of seats that satisfies every seat rule.
    let outcome = boardcheck::check_text(name, &text, base, loader, &options);
    let Some(board) = outcome.board.as_ref() else {
        return text;
    };
    let model = Model::new(board, outcome.all_rules(), Severity::Error);
    let current = model.current();
    if model.failing(&current).is_empty() {
        return text;
    }
    let space = Space::for_suggestions(board);
    let budget = Budget::new(Budget::EXPLORE);
    let Ok(list) = suggest::suggestions(&model, &space, 1, &budget) else {
        return text;
    };
    let Some(best) = list.first() else {
        return text;
    };
    let changes: Vec<(std::ops::Range<usize>, u32)> = best
        .edits(&current)
        .into_iter()
        .map(|(i, _, to)| (board.sectors[i].seats.span.range.clone(), to))
        .collect();
    boardcheck::explore::fix::set_seats(&text, &changes).unwrap_or(text)
}

/// `text` without the `[sectors.<id>]` table (up to the next table or comment block).
fn without_sector(text: &str, id: &str) -> String {
    let header = format!("[sectors.{id}]");
    let mut out = String::with_capacity(text.len());
    let mut skipping = false;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if t == header {
            skipping = true;
            continue;
        }
        if skipping && (t.starts_with('[') || t.starts_with('#')) {
            skipping = false;
        }
        if !skipping {
            out.push_str(line);
        }
    }
    out
}
