//! `--statistics`: how many findings each code and rule produced, across every board.

use crate::diagnostic::Severity;
use crate::Outcome;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Counts of findings per code and rule.
#[derive(Debug, Default, Clone)]
pub struct Statistics {
    rows: BTreeMap<(&'static str, Option<String>), (Severity, usize)>,
}

/// One row of the statistics.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Row {
    /// How many findings.
    pub count: usize,
    /// The most serious severity seen: `error`, `warning` or `note`.
    pub severity: &'static str,
    /// The code (`boardcheck explain CODE`).
    pub code: &'static str,
    /// The qualified rule id, for rule findings.
    pub rule: Option<String>,
}

impl Statistics {
    /// Counts one board's findings.
    pub fn add(&mut self, o: &Outcome) {
        for f in &o.findings {
            let e = self
                .rows
                .entry((f.code.name, f.rule.as_deref().map(str::to_string)))
                .or_insert((f.severity, 0));
            e.0 = e.0.max(f.severity);
            e.1 += 1;
        }
    }

    /// Adds another set of counts.
    pub fn merge(&mut self, other: Self) {
        for (k, (sev, n)) in other.rows {
            let e = self.rows.entry(k).or_insert((sev, 0));
            e.0 = e.0.max(sev);
            e.1 += n;
        }
    }

    /// The rows, most findings first.
    #[must_use]
    pub fn rows(&self) -> Vec<Row> {
        let mut rows: Vec<Row> = self
            .rows
            .iter()
            .map(|((code, rule), (sev, n))| Row {
                count: *n,
                severity: sev.as_str(),
                code,
                rule: rule.clone(),
            })
            .collect();
        rows.sort_by_key(|r| std::cmp::Reverse(r.count));
        rows
    }

    /// A table for people.
    #[must_use]
    pub fn table(&self) -> String {
        let rows = self.rows();
        if rows.is_empty() {
            return "no findings\n".into();
        }
        let code_w = rows.iter().map(|r| r.code.len()).max().unwrap_or(4).max(4);
        let mut out = format!(
            "{:>5}  {:<8}  {:<code_w$}  rule\n",
            "count", "severity", "code"
        );
        for r in rows {
            let _ = writeln!(
                out,
                "{:>5}  {:<8}  {:<code_w$}  {}",
                r.count,
                r.severity,
                r.code,
                r.rule.as_deref().unwrap_or("-")
            );
        }
        out
    }
}
