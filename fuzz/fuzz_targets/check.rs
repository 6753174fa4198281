//! Arbitrary bytes through everything a board file reaches: parse, model, every rule kind,
//! the smallest-fix search inside `check`, the options explorer (count, closest, listing)
//! and `fix`'s edit, each under a small work budget. Any panic, hang or runaway memory is
//! a finding. Run with `cargo fuzz run check` (see README, "Fuzzing").
#![no_main]

use boardcheck::explore::{self, search::Plan, Budget, Model, Space};
use boardcheck::pack::Loader;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn loader() -> &'static Loader {
    static LOADER: OnceLock<Loader> = OnceLock::new();
    LOADER.get_or_init(Loader::new)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let options = boardcheck::Options {
        as_of: boardcheck::model::Date::parse("2026-11-23").unwrap(),
        suggest_work: 20_000,
        ..boardcheck::Options::default()
    };
    // No base folder: pack files cannot be read, only built-in packs.
    let outcome = boardcheck::check_text("fuzz.toml", text, None, loader(), &options);
    for f in &outcome.findings {
        for l in &f.labels {
            assert!(l.span.range.start <= l.span.range.end);
            assert!(l.span.range.end <= l.span.file.text.len());
        }
    }
    let _ = boardcheck::report::json::board(&outcome);
    let Some(board) = outcome.board.as_ref().filter(|_| outcome.checked) else {
        return;
    };
    let model = Model::new(board, outcome.all_rules(), boardcheck::diagnostic::Severity::Error);
    let current = model.current();
    let budget = Budget::new(50_000);
    let space = Space::for_suggestions(board);
    if let Ok(list) = explore::suggest::suggestions(&model, &space, 3, &budget) {
        for s in &list {
            let edits: Vec<_> = s
                .edits(&current)
                .into_iter()
                .map(|(i, _, to)| (board.sectors[i].seats.span.range.clone(), to))
                .collect();
            let edited = explore::fix::set_seats(&outcome.file.text, &edits)
                .expect("a suggestion's seats are where the board wrote them");
            let again = boardcheck::check_text("fuzz.toml", &edited, None, loader(), &options);
            assert!(again.checked, "a fixed board still reads");
        }
    }
    let budget = Budget::new(50_000);
    let total: u32 = current.iter().sum();
    let space = Space::around(board, (total.saturating_sub(2), total.saturating_add(2)));
    if let Ok(answer) = explore::answer(&model, &space, &budget) {
        let all = vec![true; model.considered.len()];
        let budget = Budget::new(50_000);
        let plan = Plan::new(&model, &space, &all, &budget);
        let mut listed = 0u64;
        let finished = plan.each(&current, |_| {
            listed += 1;
            listed <= 1000
        });
        if finished.is_ok() && listed <= 1000 {
            // Listing agrees with counting whenever both finish.
            assert_eq!(count_of(&answer.count), Some(listed));
        }
    }
});

/// The count as a `u64`, through its decimal digits (the fuzz crate does not depend on
/// num-bigint itself).
fn count_of(n: &impl std::fmt::Display) -> Option<u64> {
    n.to_string().parse().ok()
}
