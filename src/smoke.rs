//! One input through everything a board file reaches, with the invariants that must hold
//! whatever it says: for the fuzz target (`fuzz/`) and its smoke test in `cargo test`.
//! Not part of the API.

use crate::explore::{self, search::Plan, Budget, Model, Space};
use crate::pack::Loader;

/// Checks `text` as a board (built-in packs only: no pack file can be read), renders it in
/// the machine formats, then asks the explorer for suggestions, a count and a listing
/// near the board, each under a small budget, and applies each suggestion as `fix` would.
///
/// # Panics
/// When an invariant fails: a span outside its file, a suggestion `fix` cannot apply or
/// that leaves a board that cannot be read, or a listing that disagrees with the count.
/// That is what a fuzzer looks for.
pub fn exercise(text: &str, loader: &Loader) {
    let options = crate::Options {
        as_of: crate::model::Date::parse("2026-11-23").unwrap_or_else(crate::model::Date::today),
        suggest_work: 20_000,
        ..crate::Options::default()
    };
    let outcome = crate::check_text("fuzz.toml", text, None, loader, &options);
    for f in &outcome.findings {
        for l in &f.labels {
            assert!(
                l.span.range.start <= l.span.range.end,
                "a span ends before it starts"
            );
            assert!(
                l.span.range.end <= l.span.file.text.len(),
                "a span past its file"
            );
        }
    }
    let _ = crate::report::json::board(&outcome);
    let _ = crate::report::sarif::board(&outcome);
    let Some(board) = outcome.board.as_ref().filter(|_| outcome.checked) else {
        return;
    };
    let model = Model::new(
        board,
        outcome.all_rules(),
        crate::diagnostic::Severity::Error,
    );
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
            let again = crate::check_text("fuzz.toml", &edited, None, loader, &options);
            assert!(again.checked, "a fixed board can still be read");
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
        let finished = plan.each(|_| {
            listed += 1;
            listed <= 1000
        });
        if finished.is_ok() && listed <= 1000 {
            assert_eq!(
                answer.count,
                num_bigint::BigUint::from(listed),
                "listing agrees with counting"
            );
        }
    }
}
