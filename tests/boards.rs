//! Holds every example board in `boards/` to the verdict in its header comment:
//! `# expect: pass`, or `# expect: fail RULE-ID...` listing exactly the rules that fail.

use boardcheck::diagnostic::Severity;
use boardcheck::pack::Loader;
use boardcheck::Verdict;
use std::collections::BTreeSet;
use std::path::PathBuf;

#[test]
fn every_board_meets_its_expected_verdict() {
    let loader = Loader::new();
    // Estates' files (`boardcheck.toml`, registers) are not boards; their boards are checked
    // with the estate's register. tests/estates.rs holds each estate to its verdict.
    let (estates, planned) = boardcheck::estate::plan(
        boardcheck::discover(&[PathBuf::from("boards")]).files,
        &loader,
        u64::MAX,
    );
    let files: Vec<(PathBuf, Option<usize>)> = planned;
    assert!(
        files.len() >= 4,
        "expected the example boards, found {files:?}"
    );
    for (path, estate) in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let expect = text
            .lines()
            .find_map(|l| l.strip_prefix("# expect:"))
            .unwrap_or_else(|| panic!("{} has no `# expect:` header", path.display()))
            .trim()
            .to_string();
        let register = estate.map(|i| &*estates[i].register);
        let outcome = boardcheck::check_path_in(&path, &loader, &options(), register);
        let failing: BTreeSet<String> = outcome
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.rule.as_deref().unwrap_or(f.code.name).to_string())
            .collect();
        if expect == "pass" {
            assert_eq!(
                outcome.verdict(),
                Verdict::Passed,
                "{}: {failing:?}",
                path.display()
            );
        } else {
            let wanted: BTreeSet<String> = expect
                .strip_prefix("fail")
                .unwrap_or_else(|| panic!("{}: bad expect line `{expect}`", path.display()))
                .split_whitespace()
                .map(str::to_string)
                .collect();
            assert_eq!(outcome.verdict(), Verdict::Failed, "{}", path.display());
            assert_eq!(
                failing,
                wanted,
                "{}: failing rules differ from the header",
                path.display()
            );
        }
    }
}

#[test]
fn builtin_packs_parse_and_cite_every_rule() {
    let packs = Loader::new()
        .builtins()
        .unwrap_or_else(|e| panic!("a built-in pack does not parse: {e:#?}"));
    assert!(!packs.is_empty());
    for pack in packs {
        assert!(!pack.rules.is_empty(), "{} has no rules", pack.name.value);
        for rule in &pack.rules {
            assert!(
                rule.citation.as_deref().is_some_and(|c| !c.is_empty()),
                "{} has no citation",
                rule.qualified
            );
            assert!(rule.title.is_some(), "{} has no title", rule.qualified);
        }
    }
}

#[test]
fn codes_are_unique_and_documented() {
    let codes = boardcheck::rules::all_codes();
    let mut seen = BTreeSet::new();
    for c in &codes {
        assert!(seen.insert(c.name), "duplicate code {}", c.name);
        for section in [
            "## What it checks",
            "## Why it matters",
            "## Example",
            "## How to fix",
        ] {
            assert!(
                c.explanation.contains(section),
                "{} lacks `{section}`",
                c.name
            );
        }
    }
    insta::assert_snapshot!(codes
        .iter()
        .map(|c| format!("{:<10} {}", c.family, c.name))
        .collect::<Vec<_>>()
        .join("\n"));
}

/// Checks run as of a fixed date, so that snapshots of terms of office do not change with
/// the calendar.
fn options() -> boardcheck::Options {
    boardcheck::Options {
        as_of: boardcheck::model::Date::parse("2026-09-01").unwrap(),
        horizon_days: 90,
        ..Default::default()
    }
}
