//! Text → TOML tree → raw serde types, collecting every structural error with its span.
//!
//! The document is parsed once with toml's recoverable parser (so every syntax error is
//! reported), then each section, sector, member and rule is deserialized on its own, so
//! one mistake does not hide the next. serde's messages are rewritten in plain words.

use crate::diagnostic::{declare_code, Finding, Severity};
use crate::model::span::{SourceFile, Span};
use serde::de::DeserializeOwned;
use std::sync::Arc;
use toml::de::{DeTable, DeValue, ValueDeserializer};
use toml::Spanned;

declare_code! {
    /// ## What it checks
    /// The file is valid TOML.
    ///
    /// ## Why it matters
    /// Nothing can be checked in a file that cannot be read.
    ///
    /// ## Example
    /// ```toml
    /// [sectors.primary
    /// seats = 2
    /// ```
    ///
    /// ## How to fix
    /// Correct the line shown: close the bracket, quote the text, or remove the duplicate key.
    pub TOML_SYNTAX { family: "schema", name: "toml-syntax" }
}

declare_code! {
    /// ## What it checks
    /// Every key in the file is one boardcheck knows.
    ///
    /// ## Why it matters
    /// A misspelt key (`seets` for `seats`) would otherwise be ignored and the board checked
    /// against something other than what the author meant.
    ///
    /// ## Example
    /// ```toml
    /// [sectors.primary]
    /// seets = 2
    /// ```
    ///
    /// ## How to fix
    /// Use the key suggested, or remove the line.
    pub UNKNOWN_KEY { family: "schema", name: "unknown-key" }
}

declare_code! {
    /// ## What it checks
    /// Every value has the right type: seat counts are whole numbers, names are text in
    /// quotes, tags are lists.
    ///
    /// ## Why it matters
    /// A seat count written as `"two"` cannot be counted.
    ///
    /// ## Example
    /// ```toml
    /// [sectors.primary]
    /// seats = "two"
    /// ```
    ///
    /// ## How to fix
    /// Write the value in the form the message asks for.
    pub WRONG_TYPE { family: "schema", name: "wrong-type" }
}

declare_code! {
    /// ## What it checks
    /// Every required key is present: a board's name, a sector's seats, a member's sector,
    /// a rule's id and kind.
    ///
    /// ## Why it matters
    /// A sector with no seat count cannot be counted.
    ///
    /// ## Example
    /// ```toml
    /// [sectors.primary]
    /// name = "Primary headteachers"
    /// ```
    ///
    /// ## How to fix
    /// Add the key named in the message.
    pub MISSING_KEY { family: "schema", name: "missing-key" }
}

declare_code! {
    /// ## What it checks
    /// Values are possible: a sector holds at least one seat, a share is between 0% and 100%,
    /// a minimum is not above a maximum, a term does not end before it starts.
    ///
    /// ## Why it matters
    /// An impossible number means the file does not say what its author meant.
    ///
    /// ## Example
    /// ```toml
    /// [sectors.primary]
    /// seats = 0
    /// ```
    ///
    /// ## How to fix
    /// Correct the value as the message says.
    pub INVALID_VALUE { family: "schema", name: "invalid-value" }
}

declare_code! {
    /// ## What it checks
    /// Every name used as a reference exists: a member's sector, the chair's member or
    /// sector, a sector named in a rule, a rule pack.
    ///
    /// ## Why it matters
    /// A reference to a sector that does not exist is almost always a typo, and the seat
    /// it meant would go uncounted.
    ///
    /// ## Example
    /// ```toml
    /// [[members]]
    /// name = "A. Khan"
    /// sector = "primry"
    /// ```
    ///
    /// ## How to fix
    /// Use the name suggested, or declare what is referred to.
    pub DANGLING_REFERENCE { family: "schema", name: "dangling-reference" }
}

declare_code! {
    /// ## What it checks
    /// Names that must be unique are: members (one person holds one seat), rule ids in a
    /// pack.
    ///
    /// ## Why it matters
    /// A person listed twice would be counted twice.
    ///
    /// ## Example
    /// ```toml
    /// [[members]]
    /// name = "A. Khan"
    /// sector = "primary"
    ///
    /// [[members]]
    /// name = "A. Khan"
    /// sector = "secondary"
    /// ```
    ///
    /// ## How to fix
    /// Remove the duplicate, or give the second entry its own name.
    pub DUPLICATE { family: "schema", name: "duplicate" }
}

declare_code! {
    /// ## What it checks
    /// The file could be read from disk.
    ///
    /// ## Why it matters
    /// A board that cannot be read cannot be checked.
    ///
    /// ## Example
    /// `boardcheck check missing.toml`
    ///
    /// ## How to fix
    /// Check the path and the file's permissions.
    pub UNREADABLE { family: "schema", name: "unreadable" }
}

/// All structural codes, for the registry.
pub(crate) static CODES: &[&crate::diagnostic::Code] = &[
    &TOML_SYNTAX,
    &UNKNOWN_KEY,
    &WRONG_TYPE,
    &MISSING_KEY,
    &INVALID_VALUE,
    &DANGLING_REFERENCE,
    &DUPLICATE,
    &UNREADABLE,
];

/// Collects structural errors for one file.
pub(crate) struct Ctx<'f> {
    pub(crate) file: &'f Arc<SourceFile>,
    pub(crate) errors: Vec<Finding>,
    /// Names of sectors and members whose entries had errors already reported: a
    /// reference to one is not reported again as dangling.
    pub(crate) unbuilt: std::collections::HashSet<String>,
    /// The file read again (once), to find a table that failed and read its keys one by one.
    reread: Option<Spanned<DeTable<'f>>>,
}

/// Past this many errors in a file, a failing table's keys are not read one by one.
const MOST_ERRORS_PER_KEY: usize = 200;

impl<'f> Ctx<'f> {
    pub(crate) fn new(file: &'f Arc<SourceFile>) -> Self {
        Self {
            file,
            errors: Vec::new(),
            unbuilt: std::collections::HashSet::new(),
            reread: None,
        }
    }

    pub(crate) fn span(&self, range: std::ops::Range<usize>) -> Span {
        Span::new(self.file, range)
    }

    /// Records a structural error at `range`.
    pub(crate) fn error(
        &mut self,
        code: &'static crate::diagnostic::Code,
        range: std::ops::Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
        help: Option<String>,
    ) {
        let mut f = Finding::new(code, Severity::Error, message).primary(&self.span(range), label);
        f.help = help;
        self.errors.push(f);
    }

    /// Reports a key that is not among `known`, with a suggestion.
    pub(crate) fn unknown_key(
        &mut self,
        key: &str,
        range: std::ops::Range<usize>,
        context: &str,
        known: &[&str],
    ) {
        let help = did_you_mean(key, known.iter().copied()).map_or_else(
            || format!("the keys allowed {context} are {}", list_backticked(known)),
            |s| format!("did you mean `{s}`?"),
        );
        self.error(
            &UNKNOWN_KEY,
            range,
            format!("unknown key `{key}` {context}"),
            "not a key boardcheck knows",
            Some(help),
        );
    }

    /// Deserializes one value; on failure records a translated error and returns `None`.
    /// `context` ("in sector `x`") is written out only for an error.
    pub(crate) fn de<T: DeserializeOwned>(
        &mut self,
        value: Spanned<DeValue<'_>>,
        context: impl std::fmt::Display,
    ) -> Option<T> {
        let whole = value.span();
        // The keys given (by where they are: the table may be a part of one in the file, as a
        // rule's parameters are), for reading each on its own if the table fails.
        let given: Option<Vec<std::ops::Range<usize>>> = match value.get_ref() {
            DeValue::Table(t) => Some(t.keys().map(Spanned::span).collect()),
            _ => None,
        };
        match T::deserialize(ValueDeserializer::from(value)) {
            Ok(v) => Some(v),
            Err(e) => {
                let context = context.to_string();
                let context = context.as_str();
                let whole_error = (e.span().unwrap_or(whole.clone()), e.message().to_string());
                // A table is read whole; when that fails, each of its keys is read on its own
                // as well, so that every mistake in it is reported at once, not only serde's
                // first. The table is found again in the file (read only on this path, so
                // that reading a correct file costs nothing more).
                let keys = match given {
                    Some(given) if self.errors.len() < MOST_ERRORS_PER_KEY => {
                        let file: &'f Arc<SourceFile> = self.file;
                        let doc = self
                            .reread
                            .get_or_insert_with(|| DeTable::parse_recoverable(&file.text).0);
                        table_at(doc, &whole).map(|t| {
                            t.into_iter()
                                .filter(|(k, _)| given.contains(&k.span()))
                                .collect::<Vec<_>>()
                        })
                    }
                    _ => None,
                };
                // Each key's own error, with the text it was given when that was text.
                let mut errors: Vec<(std::ops::Range<usize>, String, Option<String>)> = Vec::new();
                for (key, v) in keys.into_iter().flatten() {
                    let text = match v.get_ref() {
                        DeValue::String(t) => Some(t.to_string()),
                        _ => None,
                    };
                    let span = v.span();
                    let mut one = DeTable::new();
                    one.insert(key, v);
                    if let Err(e) = T::deserialize(ValueDeserializer::from(Spanned::new(
                        span.clone(),
                        DeValue::Table(one),
                    ))) {
                        let (range, msg) = (e.span().unwrap_or(span), e.message().to_string());
                        if !msg.starts_with("missing field")
                            && !errors.iter().any(|(r, m, _)| *r == range && *m == msg)
                        {
                            errors.push((range, msg, text));
                        }
                    }
                }
                // The whole table's error is one of the keys' unless it is a missing key.
                if !errors.iter().any(|(_, m, _)| *m == whole_error.1) {
                    errors.push((whole_error.0, whole_error.1, None));
                }
                errors.sort_by_key(|(r, _, _)| r.start);
                for (range, msg, text) in errors {
                    let (code, message, label, mut help) = translate(&msg, context);
                    // A number written in quotes where a number (or a range) belongs.
                    if let Some(n) = text
                        .as_deref()
                        .map(str::trim)
                        .filter(|t| t.parse::<i64>().is_ok())
                    {
                        if msg.contains("SeatsValue") || msg.contains("RawBound") {
                            help = Some(format!("write {n} without quotes"));
                        }
                    }
                    self.error(code, range, message, label, help);
                }
                None
            }
        }
    }
}

/// A copy of the table whose span is `range`, found anywhere in `doc` (under tables and in
/// arrays of tables).
fn table_at<'t>(doc: &Spanned<DeTable<'t>>, range: &std::ops::Range<usize>) -> Option<DeTable<'t>> {
    // Header tables' spans do not enclose their sub-tables', so every branch is searched.
    fn walk<'a, 't>(
        v: &'a Spanned<DeValue<'t>>,
        range: &std::ops::Range<usize>,
    ) -> Option<&'a DeTable<'t>> {
        match v.get_ref() {
            DeValue::Table(t) if v.span() == *range => Some(t),
            DeValue::Table(t) => t.values().find_map(|v| walk(v, range)),
            DeValue::Array(a) => a.iter().find_map(|v| walk(v, range)),
            _ => None,
        }
    }
    if doc.span() == *range {
        return Some(doc.get_ref().clone());
    }
    doc.get_ref().values().find_map(|v| walk(v, range)).cloned()
}

/// Parses a document, reporting every syntax error.
pub(crate) fn document<'t>(ctx: &mut Ctx<'_>, text: &'t str) -> Option<Spanned<DeTable<'t>>> {
    let (table, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        return Some(table);
    }
    for e in errors {
        let range = e.span().unwrap_or(0..0);
        let msg = e.message().trim().to_string();
        ctx.error(
            &TOML_SYNTAX,
            range,
            format!("this is not valid TOML: {msg}"),
            "the file cannot be read from here",
            Some(
                "correct the TOML syntax on this line; text values need double quotes".to_string(),
            ),
        );
    }
    None
}

/// Rewrites a serde/toml message in plain words.
fn translate(
    msg: &str,
    context: &str,
) -> (
    &'static crate::diagnostic::Code,
    String,
    String,
    Option<String>,
) {
    let msg = msg.trim();
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let (key, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let help = did_you_mean(key, known.iter().copied()).map_or_else(
            || format!("the keys allowed {context} are {}", list_backticked(&known)),
            |s| format!("did you mean `{s}`?"),
        );
        return (
            &UNKNOWN_KEY,
            format!("unknown key `{key}` {context}"),
            "not a key boardcheck knows".into(),
            Some(help),
        );
    }
    if let Some(rest) = msg.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or(rest);
        return (
            &MISSING_KEY,
            format!("`{key}` is missing {context}"),
            format!("`{key}` is required here"),
            Some(format!("add `{key} = ...` {context}")),
        );
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (found, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "another type"));
        return (
            &WRONG_TYPE,
            format!(
                "expected {} {context}, found {}",
                plain_type(expected),
                plain_found(found)
            ),
            format!("should be {}", plain_type(expected)),
            concrete_fix(found, &plain_type(expected)),
        );
    }
    if let Some(rest) = msg.strip_prefix("invalid value: ") {
        let (found, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "another value"));
        return (
            &INVALID_VALUE,
            format!(
                "expected {} {context}, found {}",
                plain_type(expected),
                plain_found(found)
            ),
            format!("should be {}", plain_type(expected)),
            None,
        );
    }
    if msg.contains("untagged enum FactValue") {
        return (
            &WRONG_TYPE,
            format!("expected `true` or `false`, a whole number, text in quotes, a table of whole numbers or a list of names {context}"),
            "not a kind of fact boardcheck reads".into(),
            Some("write e.g. `has-special-academies = true`, `schools = 3`, `category = \"community\"`".into()),
        );
    }
    if msg.contains("untagged enum RawBound") {
        return (
            &WRONG_TYPE,
            format!("expected a whole number or `{{ fact = \"name\" }}` {context}"),
            "should be a number of seats".into(),
            Some("write e.g. `at-least = 2`, or `exactly = { fact = \"schools\" }` to read the number from `[facts]`".into()),
        );
    }
    if msg.contains("untagged enum SeatsValue") {
        return (
            &WRONG_TYPE,
            format!("expected a whole number of seats {context}, or the range the constitution allows"),
            "should be a whole number".into(),
            Some("write e.g. `seats = 2`, or `seats = { at-most = 3 }` for \"up to 3\" (`at-least`, `at-most`)".into()),
        );
    }
    if msg.contains("untagged enum OneOrMany") {
        return (
            &WRONG_TYPE,
            format!("expected a sector id or a list of sector ids {context}"),
            "should be text in quotes, or a list of them".into(),
            Some("write `from = \"primary\"` or `from = [\"primary\", \"secondary\"]`".into()),
        );
    }
    (
        &WRONG_TYPE,
        format!("{msg} {context}"),
        "this value is not allowed here".into(),
        None,
    )
}

/// The fix for a value of the wrong type, when the value shows it: text that is a number
/// or `true`/`false` written in quotes, or one name where a list is wanted.
fn concrete_fix(found: &str, expected: &str) -> Option<String> {
    let text = found
        .trim()
        .strip_prefix("string ")
        .map(|s| s.trim_matches('"'))?;
    match expected {
        "a whole number" if text.trim().parse::<i64>().is_ok() => {
            Some(format!("write {} without quotes", text.trim()))
        }
        "`true` or `false`" if matches!(text.trim(), "true" | "false") => {
            Some(format!("write {} without quotes", text.trim()))
        }
        "a list in square brackets" => Some(format!("write [\"{text}\"], a list of one")),
        "a date such as 2024-09-01" if text.trim().parse::<toml::value::Datetime>().is_ok() => {
            Some(format!(
                "write {} without quotes: dates are not text",
                text.trim()
            ))
        }
        _ => None,
    }
}

fn plain_type(expected: &str) -> String {
    let e = expected.trim();
    if e.contains("i64") || e.contains("u32") || e.contains("u64") || e.contains("integer") {
        "a whole number".into()
    } else if e.contains("a string") || e == "string" {
        "text in double quotes".into()
    } else if e.contains("sequence") {
        "a list in square brackets".into()
    } else if e.contains("boolean") {
        "`true` or `false`".into()
    } else if e.contains("datetime") || e.contains("Datetime") {
        "a date such as 2024-09-01".into()
    } else if e.starts_with("struct") || e.contains("map") {
        "a table".into()
    } else {
        e.to_string()
    }
}

fn plain_found(found: &str) -> String {
    let f = found.trim();
    if let Some(s) = f.strip_prefix("string ") {
        format!("text {s}")
    } else if let Some(s) = f.strip_prefix("integer ") {
        format!("the number {}", s.trim_matches('`'))
    } else if let Some(s) = f.strip_prefix("floating point ") {
        format!("the number {}", s.trim_matches('`'))
    } else if f == "sequence" {
        "a list".into()
    } else if f == "map" {
        "a table".into()
    } else if f.starts_with("boolean") {
        format!("`{}`", f.trim_start_matches("boolean ").trim_matches('`'))
    } else {
        f.to_string()
    }
}

/// Reads a number of years (a term of office) from 1 to 100 given as `key`; records an
/// error and gives `Err` when it is not one.
pub(crate) fn years(
    ctx: &mut Ctx<'_>,
    v: Option<toml::Spanned<i64>>,
    key: &str,
) -> Result<Option<crate::model::span::Spanned<u16>>, ()> {
    let Some(v) = v else { return Ok(None) };
    match u16::try_from(*v.get_ref()) {
        Ok(n) if (1..=100).contains(&n) => Ok(Some(crate::model::span::Spanned::from_toml(
            ctx.file,
            toml::Spanned::new(v.span(), n),
        ))),
        _ => {
            ctx.error(
                &INVALID_VALUE,
                v.span(),
                format!(
                    "`{key} = {}` is not a possible number of years",
                    v.get_ref()
                ),
                "not a possible term",
                Some(format!("give `{key}` as a whole number of years from 1")),
            );
            Err(())
        }
    }
}

/// The closest candidate to `word`, if close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        // Jaro-Winkler favours a shared prefix ("england/..."); also require the edit
        // distance to be small relative to the words, so unrelated names are not offered.
        .filter(|(score, c)| *score > 0.8 && strsim::normalized_damerau_levenshtein(word, c) >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

pub(crate) fn list_backticked(items: &[&str]) -> String {
    items
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
