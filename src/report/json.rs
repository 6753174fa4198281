//! The JSON format: one document for the whole run, versioned, with a JSON Schema
//! (`boardcheck schema report`) generated from the types below.
//!
//! The document is streamed: `{"version":1,"tool":{..},"boards":[` then one board per
//! line, then `],"summary":{..}}`. Field names are `snake_case`. Version 1 promises that
//! fields are only ever added, never renamed or removed, until `version` changes.

use super::{Location, Summary};
use crate::diagnostic::{Finding, SeatChange};
use crate::{Outcome, RuleVerdict, Verdict};
use schemars::JsonSchema;
use serde::Serialize;

/// The version of the JSON document's layout.
pub const VERSION: u32 = 1;

/// The whole document (its schema is `boardcheck schema report`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Report {
    /// The layout version: 1.
    pub version: u32,
    /// The program that wrote the report.
    pub tool: Tool,
    /// One entry per board file, in the order checked.
    pub boards: Vec<Board>,
    /// Totals over every board.
    pub summary: Summary,
    /// With `--statistics`: how many findings each code and rule produced over every
    /// board, most first. Absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statistics: Option<Vec<super::statistics::Row>>,
}

/// The program that wrote the report.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Tool {
    /// `boardcheck`.
    pub name: String,
    /// Its version.
    pub version: String,
}

/// One board file's result.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Board {
    /// The file, as named on the command line.
    pub file: String,
    /// The board's name, when the file could be read.
    pub name: Option<String>,
    /// `passed` (no error), `failed` (at least one error) or `not-checked` (the file could
    /// not be read, or is not a valid board).
    pub verdict: Verdict,
    /// Every rule the board was checked against, with its verdict.
    pub rules: Vec<Rule>,
    /// Every finding, most serious first.
    pub findings: Vec<FindingJson>,
    /// Findings taken away by the board's waivers.
    pub waived: Vec<Waived>,
}

/// One rule and how the board fared against it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Rule {
    /// The rule's id qualified by its pack, e.g. `resp-2018/local-authority-share`.
    pub id: String,
    /// The rule in a few plain words.
    pub title: Option<String>,
    /// The clause it comes from.
    pub citation: Option<String>,
    /// How the board fared.
    pub verdict: RuleVerdict,
}

/// One finding.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FindingJson {
    /// The stable code, e.g. `share-above-maximum` (`boardcheck explain CODE`).
    pub code: String,
    /// The qualified id of the rule that reported it, if a rule did.
    pub rule: Option<String>,
    /// `error`, `warning` or `advice`.
    pub severity: String,
    /// What is wrong, with the numbers.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// For a seat rule's breach: the smallest change to seat counts that satisfies every
    /// seat rule.
    pub suggestion: Option<String>,
    /// The numeric fixes in `help`, each checked against the rule before it was offered,
    /// with the seat changes it stands for (absent when there are none).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub fixes: Vec<FixJson>,
    /// The clause the rule comes from.
    pub citation: Option<String>,
    /// Where the finding points (its primary label); absent only for an unreadable file.
    pub location: Option<Location>,
    /// Every label: the offending value first, then what contributed.
    pub labels: Vec<LabelJson>,
}

/// A numeric fix and the seat changes it stands for.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FixJson {
    /// The fix in words, as in `help`.
    pub text: String,
    /// The changes, in order.
    pub changes: Vec<ChangeJson>,
}

/// One change to a board's seats.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ChangeJson {
    /// The sector's id.
    pub sector: String,
    /// Its seats after the change (0: its seats are removed).
    pub seats: u32,
    /// For a sector the fix adds: its tags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_sector_tags: Option<Vec<String>>,
    /// The change as `check` takes it, e.g. `--set la=2`.
    pub flag: String,
}

/// A labelled place in a file.
#[derive(Debug, Serialize, JsonSchema)]
pub struct LabelJson {
    /// Where.
    pub location: Location,
    /// What the reader should see there.
    pub text: String,
    /// Whether this is the offending value itself.
    pub primary: bool,
}

/// A finding a waiver took away.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Waived {
    /// The finding, as the rule reported it.
    pub finding: FindingJson,
    /// The waiver's reason.
    pub reason: String,
    /// Where the waiver is.
    pub waiver: Location,
}

impl From<&SeatChange> for ChangeJson {
    fn from(c: &SeatChange) -> Self {
        let (flag, value) = c.as_flag();
        let flag = format!("--{flag} {value}");
        match c {
            SeatChange::Set { sector, seats } => Self {
                sector: sector.clone(),
                seats: *seats,
                new_sector_tags: None,
                flag,
            },
            SeatChange::Add {
                sector,
                seats,
                tags,
            } => Self {
                sector: sector.clone(),
                seats: *seats,
                new_sector_tags: Some(tags.clone()),
                flag,
            },
        }
    }
}

impl From<&Finding> for FindingJson {
    fn from(f: &Finding) -> Self {
        Self {
            code: f.code.name.to_string(),
            rule: f.rule.as_deref().map(str::to_string),
            severity: f.severity.as_str().to_string(),
            message: f.message.clone(),
            help: f.help.clone(),
            suggestion: f.suggestion.clone(),
            fixes: f
                .remedies
                .iter()
                .map(|r| FixJson {
                    text: r.text.clone(),
                    changes: r.changes.iter().map(ChangeJson::from).collect(),
                })
                .collect(),
            citation: f.citation.as_deref().map(str::to_string),
            location: super::anchor(f).map(|l| Location::of(&l.span)),
            labels: f
                .labels
                .iter()
                .map(|l| LabelJson {
                    location: Location::of(&l.span),
                    text: l.text.clone(),
                    primary: l.primary,
                })
                .collect(),
        }
    }
}

impl From<&Outcome> for Board {
    fn from(o: &Outcome) -> Self {
        let findings = o.by_severity();
        Self {
            file: o.file.name.clone(),
            name: o.name().map(str::to_string),
            verdict: o.verdict(),
            rules: o
                .rules
                .iter()
                .map(|r| Rule {
                    id: r.id.to_string(),
                    title: r.title.as_deref().map(str::to_string),
                    citation: r.citation.as_deref().map(str::to_string),
                    verdict: o.rule_verdict(r),
                })
                .collect(),
            findings: findings.into_iter().map(FindingJson::from).collect(),
            waived: waived(o),
        }
    }
}

/// The tool block.
fn tool() -> Tool {
    Tool {
        name: "boardcheck".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    }
}

/// The document up to the first board.
#[must_use]
pub fn head() -> String {
    let tool = serde_json::to_string(&tool()).unwrap_or_default();
    format!("{{\"version\":{VERSION},\"tool\":{tool},\"boards\":[\n")
}

/// One board, on one line: [`Board`] exactly as serde writes it, but written straight
/// from the outcome: no copy of its strings, no intermediate value per finding. Each rule's
/// entry up to its verdict is made once per rule rather than once per board (most of a
/// board's JSON is its rules' titles and citations, the same for every board of a pack).
#[must_use]
pub fn board(o: &Outcome) -> String {
    let mut out = String::with_capacity(4096);
    out.push_str("{\"file\":");
    string(&mut out, &o.file.name);
    out.push_str(",\"name\":");
    opt_string(&mut out, o.name());
    out.push_str(",\"verdict\":\"");
    out.push_str(o.verdict().as_str());
    out.push_str("\",\"rules\":[");
    for (i, r) in o.rules.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&r.json_head);
        out.push('"');
        out.push_str(o.rule_verdict(r).as_str());
        out.push_str("\"}");
    }
    out.push_str("],\"findings\":[");
    for (i, f) in o.by_severity().into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        finding(&mut out, f);
    }
    out.push_str("],\"waived\":[");
    for (i, w) in o.waived.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"finding\":");
        finding(&mut out, &w.finding);
        out.push_str(",\"reason\":");
        string(&mut out, &w.reason);
        out.push_str(",\"waiver\":");
        location(&mut out, &w.waiver);
        out.push('}');
    }
    out.push_str("]}");
    out
}

/// A finding as [`FindingJson`] is written.
fn finding(out: &mut String, f: &Finding) {
    out.push_str("{\"code\":");
    string(out, f.code.name);
    out.push_str(",\"rule\":");
    opt_string(out, f.rule.as_deref());
    out.push_str(",\"severity\":\"");
    out.push_str(f.severity.as_str());
    out.push_str("\",\"message\":");
    string(out, &f.message);
    out.push_str(",\"help\":");
    opt_string(out, f.help.as_deref());
    out.push_str(",\"suggestion\":");
    opt_string(out, f.suggestion.as_deref());
    if !f.remedies.is_empty() {
        out.push_str(",\"fixes\":[");
        for (i, r) in f.remedies.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"text\":");
            string(out, &r.text);
            out.push_str(",\"changes\":[");
            for (k, c) in r.changes.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                change(out, c);
            }
            out.push_str("]}");
        }
        out.push(']');
    }
    out.push_str(",\"citation\":");
    opt_string(out, f.citation.as_deref());
    out.push_str(",\"location\":");
    match super::anchor(f) {
        Some(l) => location(out, &l.span),
        None => out.push_str("null"),
    }
    out.push_str(",\"labels\":[");
    for (i, l) in f.labels.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"location\":");
        location(out, &l.span);
        out.push_str(",\"text\":");
        string(out, &l.text);
        out.push_str(if l.primary {
            ",\"primary\":true}"
        } else {
            ",\"primary\":false}"
        });
    }
    out.push_str("]}");
}

/// A seat change as [`ChangeJson`] is written (its fields as `ChangeJson::from` makes
/// them: fixes are few, and the flag is worded in one place).
fn change(out: &mut String, c: &SeatChange) {
    let c = ChangeJson::from(c);
    out.push_str("{\"sector\":");
    string(out, &c.sector);
    out.push_str(",\"seats\":");
    out.push_str(itoa::Buffer::new().format(c.seats));
    if let Some(tags) = &c.new_sector_tags {
        out.push_str(",\"new_sector_tags\":[");
        for (i, t) in tags.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            string(out, t);
        }
        out.push(']');
    }
    out.push_str(",\"flag\":");
    string(out, &c.flag);
    out.push('}');
}

/// A span as [`Location`] is written.
fn location(out: &mut String, span: &crate::model::span::Span) {
    let (line, column) = span.file.line_col(span.range.start);
    let (end_line, end_column) = span.file.line_col(span.range.end);
    let mut n = itoa::Buffer::new();
    out.push_str("{\"file\":");
    string(out, &span.file.name);
    out.push_str(",\"line\":");
    out.push_str(n.format(line));
    out.push_str(",\"column\":");
    out.push_str(n.format(column));
    out.push_str(",\"end_line\":");
    out.push_str(n.format(end_line));
    out.push_str(",\"end_column\":");
    out.push_str(n.format(end_column));
    out.push('}');
}

/// A string as JSON, as serde writes it: most need no escaping and are copied whole.
#[allow(clippy::needless_bitwise_bool)] // on purpose: no early exit, so the test vectorizes
fn string(out: &mut String, s: &str) {
    // Every byte looked at (no early exit), so the test runs many bytes at a time.
    let plain = !s.bytes().fold(false, |any, b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    });
    if plain {
        out.reserve(s.len() + 2);
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        out.push_str(&to_json(s));
    }
}

/// An optional string as JSON: the string, or `null`.
fn opt_string(out: &mut String, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.push_str("null"),
    }
}

/// A rule's entry in a board's `rules` up to its verdict: `{"id":...,"title":...,
/// "citation":...,"verdict":`, as serde writes [`Rule`].
#[must_use]
pub fn rule_head(id: &str, title: Option<&str>, citation: Option<&str>) -> String {
    let mut out = String::from("{\"id\":");
    string(&mut out, id);
    out.push_str(",\"title\":");
    opt_string(&mut out, title);
    out.push_str(",\"citation\":");
    opt_string(&mut out, citation);
    out.push_str(",\"verdict\":");
    out
}

/// A value as JSON. Serializing strings, numbers and plain structs of them cannot fail.
fn to_json<T: Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// The board's waived findings, as the report lists them.
fn waived(o: &Outcome) -> Vec<Waived> {
    o.waived
        .iter()
        .map(|w| Waived {
            finding: FindingJson::from(&w.finding),
            reason: w.reason.clone(),
            waiver: Location::of(&w.waiver),
        })
        .collect()
}

/// The document after the last board.
#[must_use]
pub fn tail(summary: &Summary) -> String {
    tail_with(summary, None)
}

/// The document after the last board, with the statistics of `--statistics`.
#[must_use]
pub fn tail_with(summary: &Summary, statistics: Option<&super::statistics::Statistics>) -> String {
    let s = serde_json::to_string(summary).unwrap_or_default();
    match statistics {
        Some(stats) => {
            let rows = serde_json::to_string(&stats.rows()).unwrap_or_default();
            format!("\n],\"summary\":{s},\"statistics\":{rows}}}\n")
        }
        None => format!("\n],\"summary\":{s}}}\n"),
    }
}
