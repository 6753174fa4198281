//! Every fixture under `tests/fixtures/`, rendered exactly as the CLI renders it (no colour,
//! 80 columns) and snapshotted. `*.ok.toml` files are near misses: they must produce no
//! error or warning. Every other fixture must produce at least one finding.

//!
//! Nothing may be left without a fixture: every code some fixture reports, every rule kind
//! a folder of fixtures with a near miss, and every finding a rule in SARIF's rule table.

use boardcheck::diagnostic::Severity;
use boardcheck::pack::Loader;
use boardcheck::report::{render_outcome, Style};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Mutex;

/// Codes no fixture can report through `check_path`: a file that cannot be read is
/// covered by `tests/cli.rs` and `tests/safety.rs`.
const NOT_FROM_A_FIXTURE: &[&str] = &["unreadable"];

#[test]
fn fixtures() {
    let loader = Loader::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let reported: Mutex<BTreeSet<&'static str>> = Mutex::default();
    insta::glob!("fixtures/**/*.toml", |path| {
        let relative = path.strip_prefix(root).unwrap();
        let outcome = boardcheck::check_path(relative, &loader, &options());
        let name = relative.to_string_lossy();
        for f in outcome
            .findings
            .iter()
            .chain(outcome.waived.iter().map(|w| &w.finding))
        {
            reported.lock().unwrap().insert(f.code.name);
        }
        assert_sarif_knows_every_code(&name, &outcome);
        if let Some(rule) = pack_rule(relative) {
            // Pack fixtures start from a clean board and cross one rule's boundary: in the near
            // miss that rule is silent, in the other it is broken; no other rule fails.
            let serious: Vec<_> = outcome
                .findings
                .iter()
                .filter(|f| f.severity >= Severity::Warning)
                .collect();
            if name.ends_with(".ok.toml") {
                let wrong: Vec<_> = serious
                    .iter()
                    .filter(|f| f.rule.as_deref() == Some(&rule) || f.severity == Severity::Error)
                    .collect();
                assert!(
                    wrong.is_empty(),
                    "{name}: the near miss has findings: {wrong:#?}"
                );
            } else {
                assert!(
                    serious.iter().any(|f| f.rule.as_deref() == Some(&rule)
                        && !f.code.name.ends_with("-undetermined")),
                    "{name}: expected a breach of {rule}, got {serious:#?}"
                );
                let others: Vec<_> = serious
                    .iter()
                    .filter(|f| f.severity == Severity::Error && f.rule.as_deref() != Some(&rule))
                    .collect();
                assert!(
                    others.is_empty(),
                    "{name}: other rules failed too: {others:#?}"
                );
            }
        } else if name.ends_with(".ok.toml") {
            let serious: Vec<_> = outcome
                .findings
                .iter()
                .filter(|f| f.severity >= Severity::Warning)
                .collect();
            assert!(
                serious.is_empty(),
                "{name} is a near miss but has findings: {serious:#?}"
            );
            assert!(outcome.checked, "{name} should be checked");
        } else {
            assert!(
                !outcome.findings.is_empty(),
                "{name} should produce at least one finding"
            );
        }
        for f in &outcome.findings {
            assert!(
                !f.labels.is_empty() || f.code.name == "unreadable",
                "{name}: finding without a span: {f:#?}"
            );
        }
        let mut rendered = format!(
            "verdict: {:?}\n\n{}",
            outcome.verdict(),
            render_outcome(&outcome, Style::plain())
        );
        for w in &outcome.waived {
            let _ = write!(
                rendered,
                "waived: {} ({}): {}\n  reason: {}\n",
                w.finding.code.name,
                w.finding.rule.as_deref().unwrap_or("-"),
                w.finding.message,
                w.reason
            );
        }
        insta::assert_snapshot!(rendered);
    });
    let reported = reported.into_inner().unwrap();
    let missing: Vec<&str> = boardcheck::rules::all_codes()
        .iter()
        .map(|c| c.name)
        .filter(|c| !reported.contains(c) && !NOT_FROM_A_FIXTURE.contains(c) && !across_boards(c))
        .collect();
    assert!(
        missing.is_empty(),
        "no fixture under tests/fixtures/ reports these codes: {missing:?}"
    );
}

/// Codes of rules across boards (and the register's): the estate cases under
/// tests/estates/ report them, and tests/estates.rs holds them to the same standard.
fn across_boards(code: &str) -> bool {
    let estates = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/estates");
    boardcheck::rules::KINDS
        .iter()
        .filter(|k| estates.join(k.name).is_dir())
        .flat_map(|k| k.codes.iter().map(|c| c.name))
        .chain(boardcheck::estate::CODES.iter().map(|c| c.name))
        .any(|c| c == code)
}

#[test]
fn every_rule_kind_has_failing_fixtures_and_a_near_miss() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for kind in boardcheck::rules::KINDS {
        // A rule across boards has its cases as estate folders under tests/estates/.
        let estates = root.join("../estates").join(kind.name);
        let dir = if estates.is_dir() {
            estates
        } else {
            root.join(kind.name)
        };
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| {
                panic!(
                    "no fixtures for the kind `{}` in {}: {e}",
                    kind.name,
                    dir.display()
                )
            })
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names
                .iter()
                .any(|n| n.ends_with(".ok.toml")
                    || Path::new(n).extension().is_some_and(|e| e == "ok")),
            "{}: no near miss (*.ok.toml)",
            dir.display()
        );
        assert!(
            names
                .iter()
                .any(|n| (Path::new(n).extension().is_some_and(|e| e == "toml")
                    || !n.contains('.'))
                    && !n.ends_with(".ok.toml")),
            "{}: no failing fixture",
            dir.display()
        );
    }
}

/// Every SARIF result names its rule by index in the rule table: a code missing from the
/// table would otherwise pass unnoticed.
fn assert_sarif_knows_every_code(name: &str, outcome: &boardcheck::Outcome) {
    let sarif = boardcheck::report::sarif::board(outcome);
    for line in sarif.lines().filter(|l| !l.is_empty()) {
        let result: serde_json::Value = serde_json::from_str(line.trim_end_matches(','))
            .unwrap_or_else(|e| panic!("{name}: SARIF result is not JSON ({e}): {line}"));
        assert!(
            result["ruleIndex"].is_u64(),
            "{name}: SARIF does not know the code: {line}"
        );
    }
}

/// For `fixtures/packs/<pack>/<rule>[--variant][.ok].toml`, the qualified rule id the
/// fixture is about, e.g. `maintained-school-2012/staff-side`.
fn pack_rule(relative: &Path) -> Option<String> {
    let mut parts = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .skip_while(|p| p != "packs");
    parts.next()?;
    let pack = parts.next()?;
    let file = parts.next()?;
    let short = pack.rsplit("__").next()?.rsplit('/').next()?.to_string();
    let stem = file.trim_end_matches(".toml").trim_end_matches(".ok");
    let rule = stem.split("--").next()?;
    Some(format!("{short}/{rule}"))
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
