//! Every fixture under `tests/fixtures/`, rendered exactly as the CLI renders it (no colour,
//! 80 columns) and snapshotted. `*.ok.toml` files are near misses: they must produce no
//! error or warning. Every other fixture must produce at least one finding.

use boardcheck::diagnostic::Severity;
use boardcheck::pack::Loader;
use boardcheck::report::{render_outcome, Style};
use std::fmt::Write as _;
use std::path::Path;

#[test]
fn fixtures() {
    let loader = Loader::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    insta::glob!("fixtures/**/*.toml", |path| {
        let relative = path.strip_prefix(root).unwrap();
        let outcome = boardcheck::check_path(relative, &loader, &options());
        let name = relative.to_string_lossy();
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
