//! The `count` rule kind: its declaration ([`KIND`]), parameters, check and codes.

use super::kind::{declare_kind, Kind, KindRule};
use super::seats::SeatLevel;
use super::selector::{Counting, Selector, Tally};
use super::{
    bound, label_contributors, limits_in_order, range_phrase, resolve_bound, resolve_limits,
    seats_phrase, Bound, RawBound, Rule,
};
use crate::diagnostic::{declare_code, Code, Finding};
use crate::model::raw;
use crate::model::span::Spanned;
use crate::model::Board;
use crate::parse::{self, Ctx};
use serde::Deserialize;

declare_code! {
    /// ## What it checks
    /// A `count` rule's minimum: at least N seats match the rule's selector (for example
    /// at least two parent governors, or a board of at least seven).
    ///
    /// ## Why it matters
    /// A category below its statutory minimum leaves the board improperly constituted.
    ///
    /// ## Example
    /// ```toml
    /// [[rules]]
    /// id = "parent-governors"
    /// kind = "count"
    /// select = { sector = "parents" }
    /// at-least = 2
    /// ```
    ///
    /// ## How to fix
    /// Add the seats the message names to a matching sector.
    pub COUNT_BELOW_MINIMUM { family: "count", name: "count-below-minimum" }
}

declare_code! {
    /// ## What it checks
    /// A `count` rule's maximum: at most N seats match the rule's selector (for example
    /// exactly one local-authority governor).
    ///
    /// ## Why it matters
    /// Too many seats for one category upsets the balance the constitution requires.
    ///
    /// ## Example
    /// ```toml
    /// [[rules]]
    /// id = "one-la-governor"
    /// kind = "count"
    /// select = { tag = "local-authority" }
    /// exactly = 1
    /// ```
    ///
    /// ## How to fix
    /// Remove the seats the message names.
    pub COUNT_ABOVE_MAXIMUM { family: "count", name: "count-above-maximum" }
}

declare_code! {
    /// ## What it checks
    /// Whether a `count` rule can be decided from what the file says. It cannot when the
    /// rule selects on a fact about people (a personal tag such as `councillor`) and some
    /// seats are vacant or their holders' facts are not stated.
    ///
    /// ## Why it matters
    /// A rule that cannot be decided must not pass silently.
    ///
    /// ## Example
    /// A rule counting `councillor` seats on a proposal with no members named.
    ///
    /// ## How to fix
    /// Name the members, or state the fact on the sector.
    pub COUNT_UNDETERMINED { family: "count", name: "count-undetermined" }
}

declare_code! {
    /// ## What it checks
    /// A `count` rule's `one-of`: the number of seats is one of the numbers the rule
    /// allows, when only some are ("a board of 9, 18 or 27").
    ///
    /// ## Why it matters
    /// Some constitutions fix the size to multiples (one of each kind of member per school),
    /// so a board between them is not one the constitution provides for.
    ///
    /// ## Example
    /// ```toml
    /// [[rules]]
    /// id = "board-size"
    /// kind = "count"
    /// one-of = [9, 18, 27]
    /// ```
    ///
    /// ## How to fix
    /// Add or remove seats to reach one of the numbers the help line gives.
    pub COUNT_NOT_ALLOWED { family: "count", name: "count-not-allowed" }
}

declare_kind! {
    /// The number of seats matching a selector is at least, at most or exactly a number.
    ///
    /// ```toml
    /// [[rules]]
    /// id = "local-authority-seats"
    /// kind = "count"
    /// select = { tag = "local-authority" }
    /// subject = "local-authority seats"   # optional: how the seats are named in messages
    /// exactly = 3                         # or at-least / at-most
    /// counting = "seats"                  # default; "members" counts named members in office
    /// ```
    ///
    /// With no `select`, the rule counts every seat on the board (a board of 10 to 15 seats).
    pub KIND {
        name: "count",
        since: "0.1.0",
        params: Raw,
        codes: [COUNT_BELOW_MINIMUM, COUNT_ABOVE_MAXIMUM, COUNT_UNDETERMINED, COUNT_NOT_ALLOWED],
    }
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Raw {
    /// The seats counted (default: every seat).
    #[schemars(with = "Option<raw::Selector>")]
    select: Option<toml::Spanned<raw::Selector>>,
    /// What the counted seats are called in messages, e.g. "diocesan seats".
    subject: Option<String>,
    /// "seats" (default; vacancies included) or "members" (named members in office).
    #[schemars(with = "Option<String>")]
    counting: Option<toml::Spanned<String>>,
    /// The fewest allowed: a number, or `{ fact = "schools" }`.
    #[schemars(with = "Option<RawBound>")]
    at_least: Option<toml::Spanned<RawBound>>,
    /// The most allowed: a number, or `{ fact = "schools" }`.
    #[schemars(with = "Option<RawBound>")]
    at_most: Option<toml::Spanned<RawBound>>,
    /// The exact number required: a number, or `{ fact = "schools" }`.
    #[schemars(with = "Option<RawBound>")]
    exactly: Option<toml::Spanned<RawBound>>,
    /// The numbers allowed, when only some are: `one-of = [9, 18, 27]`.
    #[schemars(with = "Option<Vec<i64>>")]
    one_of: Option<toml::Spanned<Vec<i64>>>,
}

/// A `count` rule's parameters.
#[derive(Debug)]
pub struct Count {
    /// Which seats are counted.
    pub select: Selector,
    /// How the counted seats are named in messages ("local-authority seats").
    pub subject: String,
    /// Seats or members.
    pub counting: Counting,
    /// The minimum, inclusive, and where it was set.
    pub min: Option<Spanned<Bound>>,
    /// The maximum, inclusive, and where it was set.
    pub max: Option<Spanned<Bound>>,
    /// The numbers allowed, when only some are, and where they were set.
    pub one_of: Option<Spanned<Vec<u32>>>,
}

impl KindRule for Count {
    const KIND: &'static Kind = &KIND;

    fn build(
        ctx: &mut Ctx<'_>,
        table: toml::Spanned<toml::de::DeValue<'_>>,
        context: &str,
    ) -> Option<Self> {
        let span = table.span();
        let raw: Raw = super::params(ctx, table, context)?;
        let select = Selector::build_or_all(ctx, raw.select)?;
        let counting = Counting::parse(ctx, raw.counting)?;
        let at_least = bound(ctx, raw.at_least, "at-least").ok()?;
        let at_most = bound(ctx, raw.at_most, "at-most").ok()?;
        let exactly = bound(ctx, raw.exactly, "exactly").ok()?;
        let one_of = allowed(ctx, raw.one_of, context)?;
        let (min, max) = match (exactly, at_least, at_most) {
            (Some(x), None, None) => (Some(x.clone()), Some(x)),
            (None, None, None) if one_of.is_some() => (None, None),
            (None, None, None) => {
                ctx.error(
                    &parse::MISSING_KEY,
                    span,
                    format!("a count rule needs `at-least`, `at-most`, `exactly` or `one-of` {context}"),
                    "no limit given",
                    Some("add `at-least = N`, `at-most = N`, `exactly = N` or `one-of = [...]`".into()),
                );
                return None;
            }
            (Some(x), _, _) => {
                ctx.error(
                    &parse::INVALID_VALUE,
                    x.span.range.clone(),
                    format!("`exactly` cannot be combined with `at-least` or `at-most` {context}"),
                    "give `exactly`, or a range",
                    Some("remove `exactly`, or remove `at-least` and `at-most`".into()),
                );
                return None;
            }
            (None, lo, hi) => (lo, hi),
        };
        if !limits_in_order(
            ctx,
            (min.as_ref(), max.as_ref()),
            |l, h| {
                format!(
                    "the minimum ({l}) is above the maximum ({h}) {context}; no board could pass"
                )
            },
            ("minimum", "maximum"),
        ) {
            return None;
        }
        Some(Self {
            subject: raw.subject.unwrap_or_else(|| select.describe_seats()),
            select,
            counting,
            min,
            max,
            one_of,
        })
    }

    /// The rule's parameters in plain words, for `packs show`.
    fn describe(&self) -> String {
        let range = range_phrase(
            self.min.as_ref().map(|b| &b.value),
            self.max.as_ref().map(|b| &b.value),
        );
        let counting = if self.counting == Counting::Members {
            " (members in office)"
        } else {
            ""
        };
        let range = match (&self.one_of, range.is_empty()) {
            (Some(set), true) => format!("one of {}", or_list(&set.value)),
            (Some(set), false) => format!("{range}, and one of {}", or_list(&set.value)),
            (None, _) => range,
        };
        format!("{}{counting}: {range}", self.subject)
    }

    fn selectors(&self) -> Vec<&Selector> {
        vec![&self.select]
    }

    fn facts_used(&self) -> Vec<&str> {
        super::limits::facts_read(self.min.as_ref(), self.max.as_ref())
    }

    /// The seat view: the number of matching seats within the limits. A limit read from a
    /// fact the board does not state leaves the rule undetermined whatever the seats.
    fn seat_level(&self, board: &Board) -> SeatLevel {
        if self.counting == Counting::Members {
            return SeatLevel::People;
        }
        let (Ok(min), Ok(max)) = (
            resolve_bound(self.min.as_ref(), board),
            resolve_bound(self.max.as_ref(), board),
        ) else {
            return SeatLevel::Fixed;
        };
        let (min, max) = (min.map(|m| m.0), max.map(|m| m.0));
        let set: Option<Vec<u64>> = self
            .one_of
            .as_ref()
            .map(|s| s.value.iter().map(|&n| u64::from(n)).collect());
        let cap = match (max, set.as_ref().and_then(|s| s.iter().max().copied())) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        SeatLevel::test(vec![self.select.clone()], move |v| {
            min.is_none_or(|m| v[0] >= m)
                && max.is_none_or(|m| v[0] <= m)
                && set.as_ref().is_none_or(|s| s.contains(&v[0]))
        })
        .cap(0, cap)
    }

    fn check(&self, rule: &Rule, board: &Board, _as_of: super::AsOf, out: &mut Vec<Finding>) {
        if self.counting == Counting::Members && board.members.is_empty() {
            out.push(
                rule.undetermined(
                    &COUNT_UNDETERMINED,
                    format!("{} cannot be counted: no members are named", self.subject),
                )
                .primary(&board.name.span, "a proposal with no named members")
                .help("name the members under `[[members]]` to check this rule"),
            );
            return;
        }
        let per_sector = self.select.tally_by_sector(board, self.counting);
        let tally: Tally = per_sector.iter().sum();
        let noun = match self.counting {
            Counting::Seats => "seats",
            Counting::Members => "members",
        };
        let labels = |f: Finding| label_contributors(f, board, &per_sector, noun, &self.subject);
        let Some((min, max)) = resolve_limits(
            rule,
            board,
            (self.min.as_ref(), self.max.as_ref()),
            &COUNT_UNDETERMINED,
            format_args!("the number of {} required", self.subject),
            labels,
            out,
        ) else {
            return;
        };
        let mut failed = false;
        let mut unknown = false;
        if let Some((need, min_b)) = min {
            if tally.high() < need {
                failed = true;
                let short = need - tally.low();
                let f = rule
                    .breach(
                        &COUNT_BELOW_MINIMUM,
                        format!(
                            "{} number {}; {} required",
                            self.subject,
                            tally.low(),
                            if max.is_some_and(|(m, _)| m == need) {
                                format!("exactly {need}")
                            } else {
                                format!("at least {need}")
                            }
                        ),
                    )
                    ;
                let f = self.fix(f, board, "add", short, need);
                out.push(fact_label(
                    labels(f).secondary(&min_b.span, "minimum set here"),
                    board,
                    min_b,
                ));
            } else if tally.low() < need {
                unknown = true;
            }
        }
        if let Some((cap, max_b)) = max {
            if tally.low() > cap {
                failed = true;
                let over = tally.low() - cap;
                let f = rule
                    .breach(
                        &COUNT_ABOVE_MAXIMUM,
                        format!(
                            "{} number {}; {} allowed",
                            self.subject,
                            tally.low(),
                            if min.is_some_and(|(m, _)| m == cap) {
                                format!("exactly {cap}")
                            } else {
                                format!("at most {cap}")
                            }
                        ),
                    )
                    ;
                let f = self.fix(f, board, "remove", over, cap);
                out.push(fact_label(
                    labels(f).secondary(&max_b.span, "maximum set here"),
                    board,
                    max_b,
                ));
            } else if tally.high() > cap {
                unknown = true;
            }
        }
        if !failed {
            if let Some(f) = self.not_allowed(rule, board, tally) {
                failed = true;
                out.push(labels(f));
            }
        }
        if unknown && !failed {
            out.push(labels(undetermined(rule, self, tally)));
        }
    }
}

fn undetermined(rule: &Rule, c: &Count, t: Tally) -> Finding {
    rule.undetermined(
        &COUNT_UNDETERMINED,
        format!(
            "{} number between {} and {}: {} on facts the file does not state",
            c.subject,
            t.low(),
            t.high(),
            super::limits::depend_phrase(t.unknown)
        ),
    )
    .help(
        "name the members of the vacant seats, or state the fact as a tag on the member or sector",
    )
}

/// When one `count` rule finds none of the seats it needs and another finds one sector
/// with that many too many, the instrument most likely counts the first among the second
/// ("2 staff governors (including the head teacher)"): both findings say so.
pub(crate) fn hint_included(board: &Board, rules: &[&Rule], findings: &mut [Finding]) {
    let counts: Vec<(&Rule, &Count)> = rules
        .iter()
        .filter_map(|r| match &r.kind {
            super::RuleKind::Count(c) if c.counting == Counting::Seats => Some((*r, c)),
            _ => None,
        })
        .collect();
    let fixed = |b: Option<&Spanned<Bound>>| match b.map(|b| &b.value) {
        Some(Bound::Fixed(n)) => Some(u64::from(*n)),
        _ => None,
    };
    let found = |findings: &[Finding], rule: &Rule, code: &Code| {
        findings
            .iter()
            .any(|f| f.rule.as_deref() == Some(rule.qualified.as_ref()) && f.code == code)
    };
    for &(missing, m) in &counts {
        if !found(findings, missing, &COUNT_BELOW_MINIMUM) {
            continue;
        }
        let Some(need) = fixed(m.min.as_ref()) else { continue };
        let have: Tally = m.select.tally_by_sector(board, Counting::Seats).iter().sum();
        if need == 0 || have.high() != 0 {
            continue;
        }
        for &(over, o) in &counts {
            if !found(findings, over, &COUNT_ABOVE_MAXIMUM) {
                continue;
            }
            let Some(cap) = fixed(o.max.as_ref()) else { continue };
            let per: Vec<Tally> = o.select.tally_by_sector(board, Counting::Seats);
            let total: u64 = per.iter().map(|t| t.low()).sum::<u64>();
            let holders: Vec<usize> = (0..per.len()).filter(|&i| per[i].high() > 0).collect();
            let [sector] = holders[..] else { continue };
            if total != cap + need || per[sector].unknown > 0 {
                continue;
            }
            let id = &board.sectors[sector].id.value;
            let mut tags = std::collections::BTreeSet::new();
            let mut facts = std::collections::BTreeSet::new();
            m.select.names(&mut tags, &mut facts);
            let tagged: Vec<String> = tags.iter().map(|t| format!("\"{t}\"")).collect();
            let hint = format!(
                "if the constitution counts the {} among `{id}`'s {total} seats (\"{total} ... (including ...)\"), give them a sector of their own (`seats = {need}`, `tags = [{}]`) and `{id}` {cap}",
                m.subject,
                tagged.join(", ")
            );
            for f in findings.iter_mut() {
                let rule = f.rule.as_deref();
                let ours = (rule == Some(missing.qualified.as_ref())
                    && f.code == &COUNT_BELOW_MINIMUM)
                    || (rule == Some(over.qualified.as_ref()) && f.code == &COUNT_ABOVE_MAXIMUM);
                if ours && !f.help.as_deref().is_some_and(|h| h.contains(&hint)) {
                    f.help = Some(match f.help.take() {
                        Some(h) => format!("{h}\n{hint}"),
                        None => hint.clone(),
                    });
                }
            }
        }
    }
}

impl Count {
    /// The fix for a number `k` short of (or over) `target`, with its seat changes.
    fn fix(&self, f: Finding, board: &Board, verb: &str, k: u64, target: u64) -> Finding {
        let (help, changes) = if verb == "add" {
            (
                format!("bring the number of {} to {target}", self.subject),
                super::remedy::add(board, &self.select, None, k),
            )
        } else {
            (
                format!("bring the number of {} down to {target}", self.subject),
                super::remedy::remove(board, &self.select, k),
            )
        };
        f.help(help)
            .remedy(change_phrase(verb, k, &self.subject, target), changes)
    }

    /// A breach of `one-of` when the number (known exactly) is not one allowed.
    fn not_allowed(&self, rule: &Rule, board: &Board, tally: Tally) -> Option<Finding> {
        let set = self.one_of.as_ref()?;
        let n = tally.low();
        if tally.unknown > 0 || set.value.iter().any(|&a| u64::from(a) == n) {
            return None;
        }
        let mut f = rule.breach(
                &COUNT_NOT_ALLOWED,
                format!(
                    "{} number {n}; the numbers allowed are {}",
                    self.subject,
                    or_list(&set.value)
                ),
            )
            .secondary(&set.span, "numbers allowed set here")
            .help(format!(
                "bring the number of {} to one of {}",
                self.subject,
                or_list(&set.value)
            ));
        let below = set.value.iter().rev().map(|&a| u64::from(a)).find(|&a| a < n);
        let above = set.value.iter().map(|&a| u64::from(a)).find(|&a| a > n);
        if let Some(b) = below {
            f = f.remedy(
                format!("remove {} to make {b}", seats_phrase(n - b, &self.subject)),
                super::remedy::remove(board, &self.select, n - b),
            );
        }
        if let Some(a) = above {
            f = f.remedy(
                format!("add {} to make {a}", seats_phrase(a - n, &self.subject)),
                super::remedy::add(board, &self.select, None, a - n),
            );
        }
        Some(f)
    }
}

/// Reads `one-of`: whole numbers of seats, at least one.
#[allow(clippy::option_option)] // outer: readable; inner: given
fn allowed(
    ctx: &mut Ctx<'_>,
    v: Option<toml::Spanned<Vec<i64>>>,
    context: &str,
) -> Option<Option<Spanned<Vec<u32>>>> {
    let Some(v) = v else { return Some(None) };
    let span = v.span();
    let mut out = Vec::new();
    for n in v.into_inner() {
        match u32::try_from(n) {
            Ok(n) if n <= 100_000 => out.push(n),
            _ => {
                ctx.error(
                    &parse::INVALID_VALUE,
                    span,
                    format!("`{n}` is not a possible number of seats in `one-of` {context}"),
                    "not a possible number",
                    Some("list whole numbers from 0 upwards, e.g. `one-of = [9, 18, 27]`".into()),
                );
                return None;
            }
        }
    }
    if out.is_empty() {
        ctx.error(
            &parse::INVALID_VALUE,
            span,
            format!("`one-of` lists no numbers {context}; no board could pass"),
            "an empty list",
            Some("list the numbers allowed, e.g. `one-of = [9, 18, 27]`".into()),
        );
        return None;
    }
    out.sort_unstable();
    out.dedup();
    Some(Some(Spanned {
        value: out,
        span: ctx.span(span),
    }))
}

/// "9, 18 or 27".
fn or_list(set: &[u32]) -> String {
    match set {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!(
            "{} or {last}",
            rest.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// Points at the board's fact when a limit is read from it (`schools = 3`).
fn fact_label(f: Finding, board: &Board, b: &Spanned<Bound>) -> Finding {
    match b
        .value
        .fact()
        .and_then(|name| board.facts.get(name).map(|v| (name, v)))
    {
        Some((name, v)) => f.secondary(&v.span, format!("the limit is `{name}` = {}", v.value)),
        None => f,
    }
}

/// "add 1 local-authority seat to bring the number to 3"; for subjects not counted in
/// seats, "add 1 to parent governors in office, bringing the number to 2".
fn change_phrase(verb: &str, k: u64, subject: &str, target: u64) -> String {
    if subject.ends_with("seats") {
        format!(
            "{verb} {} to bring the number to {target}",
            seats_phrase(k, subject)
        )
    } else {
        let prep = if verb == "add" { "to" } else { "from" };
        format!("{verb} {k} {prep} {subject}, bringing the number to {target}")
    }
}
