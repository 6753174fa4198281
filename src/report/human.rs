//! The human format: miette's graphical report for each finding, a status line per board.
//!
//! The CLI and the snapshot tests use the same functions, so a snapshot is exactly what a
//! user sees (with colour off and a fixed width).

use super::Style;
use crate::diagnostic::{Finding, Label, Severity};
use crate::model::span::SourceFile;
use crate::{Outcome, Verdict};
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};
use std::fmt::{self, Write as _};
use std::sync::Arc;

/// One board's block: its status line, then its findings and the findings its waivers
/// took away, ending with one blank line. Empty for a board that passed with no warnings
/// when `quiet` is set.
#[must_use]
pub fn board(o: &Outcome, style: Style, quiet: bool) -> String {
    if quiet && o.verdict() == Verdict::Passed && o.count(Severity::Warning) == 0 {
        return String::new();
    }
    let mut text = status_line(o);
    text.push('\n');
    for w in &o.waived {
        let _ = writeln!(
            text,
            "      waived: {} ({}); reason: {}",
            w.finding.message,
            w.finding.rule.as_deref().unwrap_or(w.finding.code.name),
            w.reason
        );
    }
    if !o.findings.is_empty() {
        text.push('\n');
        text.push_str(&render_outcome(o, style));
    }
    let trimmed = text.trim_end().len();
    text.truncate(trimmed);
    text.push_str(if o.findings.is_empty() { "\n" } else { "\n\n" });
    text
}

/// Renders every finding of an outcome, errors first, each followed by a blank line.
#[must_use]
pub fn render_outcome(outcome: &Outcome, style: Style) -> String {
    let mut out = String::new();
    for f in outcome.by_severity() {
        out.push_str(&render_finding(f, style));
    }
    out
}

/// Renders one finding as miette's graphical report.
#[must_use]
pub fn render_finding(finding: &Finding, style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .with_context_lines(1);
    let mut diag = Diag::new(finding);
    // The places in other files (where a pack sets the rule) are rendered after the finding
    // as "rule set in ...", not as miette's related reports, which it heads "Advice:".
    let elsewhere = std::mem::take(&mut diag.related);
    let mut out = String::new();
    if handler.render_report(&mut out, &diag).is_err() {
        // Rendering into a String cannot fail for I/O reasons; fall back to plain text.
        let _ = writeln!(out, "{}: {}", finding.severity, finding.message);
    }
    for place in &elsewhere {
        let mut text = String::new();
        if handler.render_report(&mut text, place).is_ok() {
            out.push('\n');
            out.push_str(&text);
        }
    }
    out.push('\n');
    out
}

/// A source file as miette's `SourceCode`, sharing the text rather than copying it.
#[derive(Debug)]
struct Src(Arc<SourceFile>);

impl SourceCode for Src {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // miette reads a `str` from its start to find lines; hand it only the lines around
        // the span (found with the file's line index), so each finding costs its own lines,
        // not the whole file.
        let text = &self.0.text;
        let starts = self.0.line_starts();
        let first = self
            .0
            .line_index(span.offset())
            .saturating_sub(context_lines_before);
        let last = self
            .0
            .line_index(span.offset() + span.len().saturating_sub(1))
            + context_lines_after
            + 2;
        let (from, to) = (
            starts[first],
            starts.get(last).copied().unwrap_or(text.len()),
        );
        let window = text.get(from..to).unwrap_or(text);
        let from = if window.len() == text.len() { 0 } else { from };
        let first = if from == 0 { 0 } else { first };
        let local = SourceSpan::new(span.offset().saturating_sub(from).into(), span.len());
        let inner = window.read_span(&local, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.0.name.clone(),
            inner.data(),
            SourceSpan::new((inner.span().offset() + from).into(), inner.span().len()),
            inner.line() + first,
            inner.column(),
            inner.line_count() + first,
        )))
    }
}

/// The most places one finding shows in the human format.
const MAX_LABELS: usize = 12;

/// The longest line shown as a snippet, in bytes.
const MAX_LINE: usize = 1000;

/// Whether a span touches a line longer than [`MAX_LINE`] (or the lines around it, which
/// a snippet shows too).
fn on_long_line(span: &crate::model::span::Span) -> bool {
    let starts = span.file.line_starts();
    let text_len = span.file.text.len();
    let first = span.file.line_index(span.range.start).saturating_sub(1);
    let last = (span.file.line_index(span.range.end) + 1).min(starts.len() - 1);
    (first..=last).any(|i| {
        let end = starts.get(i + 1).copied().unwrap_or(text_len);
        end - starts[i] > MAX_LINE
    })
}

/// One finding (or the part of it that points into one file) as a miette diagnostic.
#[derive(Debug)]
struct Diag {
    message: String,
    code: Option<String>,
    severity: miette::Severity,
    help: Option<String>,
    source: Option<Src>,
    labels: Vec<LabeledSpan>,
    related: Vec<Diag>,
}

impl Diag {
    fn new(f: &Finding) -> Self {
        // Group labels by file, keeping the primary label's file first.
        let mut files: Vec<(Arc<SourceFile>, Vec<&Label>)> = Vec::new();
        let mut ordered: Vec<&Label> = f.labels.iter().filter(|l| l.primary).collect();
        ordered.extend(f.labels.iter().filter(|l| !l.primary));
        // A reader takes in a dozen places at most; the machine formats list them all.
        let hidden = ordered.len().saturating_sub(MAX_LABELS);
        ordered.truncate(MAX_LABELS);
        // A place on a line too long to show (miette cannot draw past column 65,535, and
        // nobody reads a line that long) is given as a location instead of a snippet.
        let (shown, too_long): (Vec<&Label>, Vec<&Label>) =
            ordered.into_iter().partition(|l| !on_long_line(&l.span));
        let ordered = shown;
        for l in ordered {
            if let Some((_, v)) = files
                .iter_mut()
                .find(|(file, _)| Arc::ptr_eq(file, &l.span.file))
            {
                v.push(l);
            } else {
                files.push((Arc::clone(&l.span.file), vec![l]));
            }
        }
        let mut help: Vec<String> = too_long
            .iter()
            .map(|l| {
                let (line, col) = l.span.file.line_col(l.span.range.start);
                format!(
                    "at {}:{line}:{col} (a line too long to show): {}",
                    l.span.file.name, l.text
                )
            })
            .collect();
        help.extend(f.help_lines().map(String::from));
        if hidden > 0 {
            help.push(format!(
                "{hidden} more place{} in the file contribute{}; `--format json` lists every one",
                if hidden == 1 { "" } else { "s" },
                if hidden == 1 { "s" } else { "" }
            ));
        }
        if let Some(c) = &f.citation {
            help.push(format!("source: {c}"));
        }
        help.push(format!("more: {}", super::explain_command(f)));
        let help = Some(help.join("\n"));
        let code = match &f.rule {
            Some(rule) => format!("{} ({rule})", f.code.name),
            None => f.code.name.to_string(),
        };
        let mut files = files.into_iter();
        let (source, labels) = files.next().map_or((None, Vec::new()), |(file, ls)| {
            (Some(Src(file)), to_labels(&ls))
        });
        // Where a limit or condition was set is the rule's file, shown as one snippet; any
        // other file is another board's (a rule across boards), one snippet per place, so
        // that far-apart members are not shown with every line between them.
        let related = files
            .flat_map(|(file, ls)| {
                let rule_file = ls.iter().any(|l| {
                    l.text.ends_with("set here") || l.text.ends_with("read from this fact")
                });
                let groups: Vec<Vec<_>> = if rule_file {
                    vec![ls]
                } else {
                    ls.into_iter().map(|l| vec![l]).collect()
                };
                groups.into_iter().map(move |ls| Diag {
                    message: if rule_file {
                        format!("rule set in {}", file.name)
                    } else {
                        format!("also in {}", file.name)
                    },
                    code: None,
                    severity: miette::Severity::Advice,
                    help: None,
                    labels: to_labels(&ls),
                    source: Some(Src(Arc::clone(&file))),
                    related: Vec::new(),
                })
            })
            .collect();
        Self {
            message: f.message.clone(),
            code: Some(code),
            severity: match f.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Advice => miette::Severity::Advice,
            },
            help,
            source,
            labels,
            related,
        }
    }
}

fn to_labels(ls: &[&Label]) -> Vec<LabeledSpan> {
    ls.iter()
        .map(|l| {
            let span = SourceSpan::from(l.span.range.clone());
            if l.primary {
                LabeledSpan::new_primary_with_span(Some(l.text.clone()), span)
            } else {
                LabeledSpan::new_with_span(Some(l.text.clone()), span)
            }
        })
        .collect()
}

impl fmt::Display for Diag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diag {}

impl Diagnostic for Diag {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(self.related.iter().map(|d| d as &dyn Diagnostic)))
        }
    }
}

/// One line per board: "FAIL  boards/x.toml  Board name (2 errors, 1 warning)".
#[must_use]
pub fn status_line(o: &Outcome) -> String {
    let tag = match o.verdict() {
        Verdict::Passed => "pass",
        Verdict::Failed => "FAIL",
        Verdict::NotChecked => "ERROR",
    };
    let name = o.name();
    let e = o.count(Severity::Error);
    let w = o.count(Severity::Warning);
    let mut counts = Vec::new();
    if e > 0 {
        counts.push(format!("{e} error{}", if e == 1 { "" } else { "s" }));
    }
    if w > 0 {
        counts.push(format!("{w} warning{}", if w == 1 { "" } else { "s" }));
    }
    if !o.waived.is_empty() {
        counts.push(format!("{} waived", o.waived.len()));
    }
    let mut line = format!("{tag:<5} {}", o.file.name);
    if let Some(n) = name {
        let _ = write!(line, "  {n}");
    }
    if !counts.is_empty() {
        let _ = write!(line, " ({})", counts.join(", "));
    }
    line
}
