//! Findings as data: a stable code, a severity, a message, labels with spans, a fix and a
//! citation. Rules and the parser produce them; `crate::report` renders them.

use crate::model::span::Span;
use std::fmt;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Severity {
    /// Information for the reader (vacancies to fill); never fails a check.
    Advice,
    /// Needs attention, but the board may still be valid (a rule that cannot be decided yet).
    Warning,
    /// The board breaks a rule, or could not be read.
    Error,
}

impl Severity {
    /// Parses `error`, `warning` or `advice`.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "error" => Some(Self::Error),
            "warning" => Some(Self::Warning),
            "advice" => Some(Self::Advice),
            _ => None,
        }
    }

    /// The word used in files and output.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Advice => "advice",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A stable diagnostic code and its documentation. Codes are API: never rename one silently.
#[derive(Debug)]
pub struct Code {
    /// The kebab-case code, e.g. `share-above-maximum`.
    pub name: &'static str,
    /// The family the code belongs to: a rule kind, `integrity` or `schema`.
    pub family: &'static str,
    /// The documentation: What it checks / Why it matters / Example / How to fix.
    pub explanation: &'static str,
    /// The version of boardcheck the code appeared in.
    pub since: &'static str,
    /// Names the code had before it was renamed: `explain` and waivers accept them.
    pub aliases: &'static [&'static str],
}

impl Code {
    /// The documentation as Markdown: the doc comment with its leading space removed.
    #[must_use]
    pub fn doc(&self) -> String {
        unindent(self.explanation)
    }

    /// Whether `name` is this code's name or one of its former names.
    #[must_use]
    pub fn answers_to(&self, name: &str) -> bool {
        self.name == name || self.aliases.contains(&name)
    }

    /// The first paragraph under "What it checks", as one line.
    #[must_use]
    pub fn summary(&self) -> String {
        self.explanation
            .lines()
            .map(str::trim)
            .skip_while(|l| l.starts_with('#') || l.is_empty())
            .take_while(|l| !l.is_empty() && !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A doc comment as Markdown: each line's leading space removed, trimmed, ending with a
/// newline.
#[must_use]
pub(crate) fn unindent(doc: &str) -> String {
    let lines: Vec<&str> = doc
        .lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect();
    lines.join("\n").trim().to_string() + "\n"
}

impl PartialEq for Code {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

/// Declares a diagnostic code whose doc comment is its explanation, so rustdoc and
/// `explain` read the same text. `since` defaults to the first release (0.1.0); a renamed
/// code lists its old names as `aliases: ["old-name"]`.
macro_rules! declare_code {
    (
        $(#[doc = $doc:literal])*
        $vis:vis $NAME:ident {
            family: $family:literal,
            name: $name:literal
            $(, since: $since:literal)?
            $(, aliases: [$($alias:literal),* $(,)?])?
            $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        $vis static $NAME: $crate::diagnostic::Code = $crate::diagnostic::Code {
            name: $name,
            family: $family,
            explanation: concat!($($doc, "\n"),*),
            since: $crate::diagnostic::first_release!($($since)?),
            aliases: &[$($($alias),*)?],
        };
    };
}

/// The version a code or kind appeared in: the one given, or the first release.
macro_rules! first_release {
    () => {
        "0.1.0"
    };
    ($since:literal) => {
        $since
    };
}
pub(crate) use declare_code;
pub(crate) use first_release;

/// A labelled span: the offending value (primary), or something that contributed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What the reader should see there.
    pub text: String,
    /// Whether this is the offending value itself.
    pub primary: bool,
}

/// One diagnostic.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The stable code.
    pub code: &'static Code,
    /// The rule's qualified id (`resp-2018/local-authority-share`), for rule findings
    /// (the rule's own, shared).
    pub rule: Option<std::sync::Arc<str>>,
    /// How serious it is.
    pub severity: Severity,
    /// A lowercase sentence with the numbers in it.
    pub message: String,
    /// Primary label first, then contributors and where the limit was set.
    pub labels: Vec<Label>,
    /// The fix, with its arithmetic.
    pub help: Option<String>,
    /// The clause the rule comes from (the rule's own, shared).
    pub citation: Option<std::sync::Arc<str>>,
    /// The smallest change to seat counts that satisfies every seat rule, when the finding
    /// is a seat rule's breach (`boardcheck suggest`).
    pub suggestion: Option<String>,
    /// The numeric fixes the help line offers ("remove 1 local-authority seat"), each with
    /// the seat changes it stands for. Each was applied to the board and the rule checked
    /// again before it was kept: only fixes that make the rule hold are here and in `help`.
    pub remedies: Vec<Remedy>,
}

/// A numeric fix and the seat changes it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remedy {
    /// The fix in words: "remove 1 local-authority seat (2 of 9 = 22.2%)".
    pub text: String,
    /// The changes, as `check --set` (or `--add-sector`, `--drop-sector`) makes them.
    pub changes: Vec<SeatChange>,
}

/// One change to a board's seats.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SeatChange {
    /// Give a sector this many seats (none: the sector's seats are removed).
    Set {
        /// The sector's id.
        sector: String,
        /// Its seats after the change.
        seats: u32,
    },
    /// Add a sector with these seats and tags.
    Add {
        /// The new sector's id.
        sector: String,
        /// Its seats.
        seats: u32,
        /// Its tags.
        tags: Vec<String>,
    },
}

impl SeatChange {
    /// The change as `check` takes it on the command line: `--set la=2`,
    /// `--drop-sector la`, `--add-sector diocesan=1:diocesan`.
    #[must_use]
    pub fn as_flag(&self) -> (&'static str, String) {
        match self {
            Self::Set { sector, seats: 0 } => ("drop-sector", sector.clone()),
            Self::Set { sector, seats } => ("set", format!("{sector}={seats}")),
            Self::Add {
                sector,
                seats,
                tags,
            } => ("add-sector", format!("{sector}={seats}:{}", tags.join(","))),
        }
    }
}

impl Finding {
    /// A finding with no labels yet.
    #[must_use]
    pub fn new(code: &'static Code, severity: Severity, message: impl Into<String>) -> Self {
        Self {
            code,
            rule: None,
            severity,
            message: message.into(),
            labels: Vec::new(),
            help: None,
            citation: None,
            suggestion: None,
            remedies: Vec::new(),
        }
    }

    /// Adds the primary label, on the offending value.
    #[must_use]
    pub fn primary(mut self, span: &Span, text: impl Into<String>) -> Self {
        self.labels.push(Label {
            span: span.clone(),
            text: text.into(),
            primary: true,
        });
        self
    }

    /// Adds a secondary label, on something that contributed.
    #[must_use]
    pub fn secondary(mut self, span: &Span, text: impl Into<String>) -> Self {
        self.labels.push(Label {
            span: span.clone(),
            text: text.into(),
            primary: false,
        });
        self
    }

    /// The help lines: the fix, then the smallest seat change when there is one.
    pub fn help_lines(&self) -> impl Iterator<Item = &str> {
        self.help.iter().chain(&self.suggestion).map(String::as_str)
    }

    /// Sets the help line: the fix.
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Offers a numeric fix, when its seat changes could be worked out. The check pipeline
    /// keeps it only if the rule holds once the changes are made; the help line then lists
    /// the fixes kept, and otherwise stays as set with [`Finding::help`].
    #[must_use]
    pub fn remedy(mut self, text: impl Into<String>, changes: Option<Vec<SeatChange>>) -> Self {
        if let Some(changes) = changes.filter(|c| !c.is_empty()) {
            self.remedies.push(Remedy {
                text: text.into(),
                changes,
            });
        }
        self
    }
}

#[cfg(test)]
mod tests {
    declare_code! {
        /// ## What it checks
        /// A code renamed in a later version.
        pub RENAMED { family: "test", name: "new-name", since: "0.2.0", aliases: ["old-name"] }
    }

    declare_code! {
        /// ## What it checks
        /// A code as first released.
        pub PLAIN { family: "test", name: "plain" }
    }

    #[test]
    fn codes_answer_to_their_former_names_and_carry_their_version() {
        assert!(RENAMED.answers_to("new-name"));
        assert!(RENAMED.answers_to("old-name"));
        assert!(!RENAMED.answers_to("other"));
        assert_eq!(RENAMED.since, "0.2.0");
        assert_eq!(PLAIN.since, "0.1.0");
        assert!(PLAIN.aliases.is_empty());
        let text = crate::report::explain::code_text(&RENAMED);
        assert!(text.contains("Formerly `old-name`"), "{text}");
    }

    #[test]
    fn every_code_has_a_version_and_no_name_is_taken_twice() {
        let codes = crate::rules::all_codes();
        let mut names: Vec<&str> = Vec::new();
        for c in &codes {
            assert!(!c.since.is_empty(), "{} has no version", c.name);
            names.push(c.name);
            names.extend(c.aliases);
        }
        let total = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), total, "a code name or alias is used twice");
    }
}
