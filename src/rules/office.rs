//! The `office` rule kind: its declaration ([`KIND`]), parameters, check and codes.

use super::kind::{declare_kind, Kind, KindRule};
use super::selector::{Selector, Truth};
use super::Rule;
use crate::diagnostic::{declare_code, Finding};
use crate::model::raw;
use crate::model::span::Spanned;
use crate::model::{Board, Holder, Office};
use crate::parse::{self, did_you_mean, Ctx};
use serde::Deserialize;

declare_code! {
    /// ## What it checks
    /// The holder of an office meets the rule's conditions: "the chair is a school leader",
    /// "the chair is not a local-authority officer or councillor", "no one employed at the
    /// school may chair".
    ///
    /// ## Why it matters
    /// Who chairs a board decides its agenda; regulations and terms of reference restrict
    /// it to keep the board independent of the bodies it oversees.
    ///
    /// ## Example
    /// ```toml
    /// [[rules]]
    /// id = "chair-school-leader"
    /// kind = "office"
    /// office = "chair"
    /// must-be = { tag = "school-leader" }
    /// ```
    ///
    /// ## How to fix
    /// Elect a chair from the sectors the help line lists, or, in a proposal, draw the
    /// office only from eligible sectors.
    pub OFFICE_HOLDER_INELIGIBLE { family: "office", name: "office-holder-ineligible" }
}

declare_code! {
    /// ## What it checks
    /// An office the rule marks `required = true` is stated in the board file.
    ///
    /// ## Why it matters
    /// Regulations require a board to elect a chair and vice-chair from among its members.
    ///
    /// ## Example
    /// A board file with no `[chair]` table, checked against a rule with `required = true`.
    ///
    /// ## How to fix
    /// Add `[chair]` with `member = "Name"`, or `from = "sector"` in a proposal.
    pub OFFICE_NOT_FILLED { family: "office", name: "office-not-filled" }
}

declare_code! {
    /// ## What it checks
    /// Whether an `office` rule can be decided from what the file says. It cannot when the
    /// office is not stated, or when the rule needs a personal fact (such as
    /// `employed-at-school`) about a holder who is not yet named.
    ///
    /// ## Why it matters
    /// A rule that cannot be decided must not pass silently.
    ///
    /// ## Example
    /// A proposal with no `[chair]` checked against "the chair is a school leader".
    ///
    /// ## How to fix
    /// State who holds the office (`member = ...`), or the sectors it is drawn from.
    pub OFFICE_UNDETERMINED { family: "office", name: "office-undetermined" }
}

declare_code! {
    /// ## What it checks
    /// No more people hold an office together than the rule allows: the Roles Regulations
    /// provide for one chair of a governing body, not co-chairs.
    ///
    /// ## Why it matters
    /// The chair has a casting vote and acts for the board between meetings; two people
    /// cannot both hold powers the law gives to one.
    ///
    /// ## Example
    /// ```toml
    /// [chair]
    /// member = ["A. Khan", "B. Lee"]
    /// ```
    ///
    /// ## How to fix
    /// Elect one chair; the other may serve as vice-chair.
    pub OFFICE_TOO_MANY_HOLDERS { family: "office", name: "office-too-many-holders" }
}

declare_kind! {
    /// An office (chair or vice-chair) is held by someone matching `must-be` and not matching `must-not-be`.
    ///
    /// ```toml
    /// [[rules]]
    /// id = "chair-not-local-authority"
    /// kind = "office"
    /// office = "chair"
    /// must-not-be = { tag = "local-authority" }
    /// required = false      # default; true makes an unstated office an error
    /// ```
    ///
    /// For a named holder the member's facts decide (their sector's tags and their own). For
    /// an office drawn from sectors in a proposal (`from = ["primary", "secondary"]`), the rule
    /// must hold whoever of those sectors is chosen: one ineligible sector is a breach, and a
    /// personal fact no sector states leaves the rule undetermined.
    pub KIND {
        name: "office",
        since: "0.1.0",
        params: Raw,
        codes: [OFFICE_HOLDER_INELIGIBLE, OFFICE_NOT_FILLED, OFFICE_UNDETERMINED, OFFICE_TOO_MANY_HOLDERS],
    }
}

const OFFICES: &[&str] = &["chair", "vice-chair"];

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Raw {
    /// "chair" or "vice-chair".
    #[schemars(with = "String")]
    office: toml::Spanned<String>,
    /// The holder must match this selector, e.g. `{ tag = "school-leader" }`.
    #[schemars(with = "Option<raw::Selector>")]
    must_be: Option<toml::Spanned<raw::Selector>>,
    /// The holder must not match this selector, e.g. `{ tag = "local-authority" }`.
    #[schemars(with = "Option<raw::Selector>")]
    must_not_be: Option<toml::Spanned<raw::Selector>>,
    /// Whether the board must state who holds the office (default true).
    required: Option<bool>,
    /// The most people who may hold the office together (co-chairs), e.g. 1.
    #[schemars(with = "Option<i64>")]
    at_most_holders: Option<toml::Spanned<i64>>,
}

/// An `office` rule's parameters.
#[derive(Debug)]
pub struct OfficeRule {
    /// `chair` or `vice-chair`.
    pub office: Spanned<String>,
    /// The holder must match this.
    pub must_be: Option<Spanned<Selector>>,
    /// The holder must not match this.
    pub must_not_be: Option<Spanned<Selector>>,
    /// Whether an unstated office is a breach (otherwise it is undetermined).
    pub required: bool,
    /// The most people who may hold the office together.
    pub at_most_holders: Option<Spanned<u32>>,
}

impl OfficeRule {
    #[allow(clippy::too_many_lines)] // each way an office can fail in one place, in the order a reader meets them
    fn check_condition(
        &self,
        rule: &Rule,
        board: &Board,
        office: &Office,
        cond: &Spanned<Selector>,
        wanted: Truth,
        out: &mut Vec<Finding>,
    ) {
        let title = office.title;
        let desc = cond.value.describe_holder();
        let requirement = if wanted == Truth::Yes {
            format!("must be {desc}")
        } else {
            format!("must not be {desc}")
        };
        let wanted_phrase = if wanted == Truth::Yes {
            format!("who is {desc}")
        } else {
            format!("who is not {desc}")
        };
        let remedy = if cond.value.facts_named().is_empty() {
            let eligible: Vec<String> = (0..board.sectors.len())
                .filter(|&i| self.eligible(board, i))
                .map(|i| board.sectors[i].name.clone())
                .collect();
            if eligible.is_empty() {
                format!("no sector on this board can supply an eligible {title}: add one whose members are eligible")
            } else {
                format!(
                    "the sectors that can supply an eligible {title} are {}",
                    super::selector::join_words(eligible, "and")
                )
            }
        } else {
            // A personal fact: who is eligible is a matter of people, not sectors.
            self.eligible_members(board, title)
        };
        match &office.holder {
            Holder::Member { name, index } => {
                let m = &board.members[*index];
                let got = cond.value.eval(board, m.sector_index, Some(m));
                if got == wanted {
                    return;
                }
                if got == Truth::Unknown {
                    let facts = cond.value.facts_named();
                    let list = facts
                        .iter()
                        .map(|f| format!("\"{f}\""))
                        .collect::<Vec<_>>()
                        .join(", ");
                    out.push(
                        rule.undetermined(
                            &OFFICE_UNDETERMINED,
                            format!(
                                "the file does not say whether the {title}, {}, is {desc}, so the rule cannot be decided",
                                name.value
                            ),
                        )
                        .primary(&m.name.span, format!("{}'s facts do not say", name.value))
                        .secondary(&cond.span, "condition set here")
                        .help(format!(
                            "state it on {}'s entry: `tags = [{list}]` if true, `not = [{list}]` if false (or, when every member's facts are listed, `register-complete = true` under `[board]`)",
                            name.value
                        )),
                    );
                    return;
                }
                let sector = &board.sectors[m.sector_index];
                let is = if wanted == Truth::Yes {
                    format!("is not {desc}")
                } else {
                    format!("is {desc}")
                };
                let who = match &m.role {
                    Some(role) => format!("{} ({role}, {} seat)", name.value, sector.name),
                    None => format!("{} ({} seat)", name.value, sector.name),
                };
                out.push(
                    rule.breach(
                        &OFFICE_HOLDER_INELIGIBLE,
                        format!("the {title}, {who}, {is}; the {title} {requirement}"),
                    )
                    .primary(&name.span, format!("{} holds the {title}", name.value))
                    .secondary(&cond.span, "condition set here")
                    .help(format!("elect a {title} {wanted_phrase}; {remedy}")),
                );
            }
            Holder::Drawn { span, sectors } => {
                let results: Vec<(usize, Truth)> = sectors
                    .iter()
                    .map(|&i| (i, cond.value.eval(board, i, None)))
                    .collect();
                let bad: Vec<usize> = results
                    .iter()
                    .filter(|(_, t)| *t != wanted && *t != Truth::Unknown)
                    .map(|(i, _)| *i)
                    .collect();
                if !bad.is_empty() {
                    let names: Vec<String> =
                        bad.iter().map(|&i| board.sectors[i].name.clone()).collect();
                    let is = if wanted == Truth::Yes {
                        format!("are not {desc}")
                    } else {
                        format!("are {desc}")
                    };
                    let mut f = rule
                        .breach(
                            &OFFICE_HOLDER_INELIGIBLE,
                            format!("the {title} may be drawn from {}, whose seats {is}; the {title} {requirement}", super::selector::join_words(names, "and")),
                        )
                        .primary(span, format!("the {title} is drawn from here"));
                    for &i in &bad {
                        f = f.secondary(
                            &board.sectors[i].id.span,
                            format!("{} seats {is}", board.sectors[i].name),
                        );
                    }
                    out.push(f.secondary(&cond.span, "condition set here").help(format!(
                        "draw the {title} only from eligible sectors; {remedy}"
                    )));
                } else if results.iter().any(|(_, t)| *t == Truth::Unknown) {
                    let from: Vec<String> =
                        sectors.iter().map(|&i| board.sectors[i].name.clone()).collect();
                    out.push(
                        rule.undetermined(
                            &OFFICE_UNDETERMINED,
                            format!(
                                "whether the {title} is {} depends on who is chosen from {}: the file does not say",
                                if wanted == Truth::Yes { desc.clone() } else { format!("not {desc}") },
                                super::selector::join_words(from, "or")
                            ),
                        )
                        .primary(span, format!("the {title} is drawn from here"))
                        .secondary(&cond.span, "condition set here")
                        .help(format!("name the {title} with `member = \"Name\"` and state the fact as a tag on the member")),
                    );
                }
            }
        }
    }

    /// Whether any holder from sector `i` would satisfy every condition of this rule.
    /// The members the file states are eligible for the office, in words.
    fn eligible_members(&self, board: &Board, title: &str) -> String {
        let ok = |m: &crate::model::Member| {
            self.must_be
                .as_ref()
                .is_none_or(|c| c.value.eval(board, m.sector_index, Some(m)) == Truth::Yes)
                && self
                    .must_not_be
                    .as_ref()
                    .is_none_or(|c| c.value.eval(board, m.sector_index, Some(m)) == Truth::No)
        };
        let names: Vec<&str> = board
            .members
            .iter()
            .filter(|m| ok(m))
            .map(|m| m.name.value.as_str())
            .collect();
        match names.len() {
            0 => format!("the file names no member it states is eligible to be {title}"),
            1..=5 => format!("members the file states are eligible: {}", names.join(", ")),
            n => format!(
                "members the file states are eligible include {} and {} others",
                names[..5].join(", "),
                n - 5
            ),
        }
    }

    fn eligible(&self, board: &Board, i: usize) -> bool {
        self.must_be
            .as_ref()
            .is_none_or(|c| c.value.eval(board, i, None) == Truth::Yes)
            && self
                .must_not_be
                .as_ref()
                .is_none_or(|c| c.value.eval(board, i, None) == Truth::No)
    }
}

impl KindRule for OfficeRule {
    const KIND: &'static Kind = &KIND;

    fn build(
        ctx: &mut Ctx<'_>,
        table: toml::Spanned<toml::de::DeValue<'_>>,
        context: &str,
    ) -> Option<Self> {
        let span = table.span();
        let raw: Raw = super::params(ctx, table, context)?;
        if !OFFICES.contains(&raw.office.get_ref().as_str()) {
            let help = did_you_mean(raw.office.get_ref(), OFFICES.iter().copied()).map_or_else(
                || "the offices are `chair` and `vice-chair`".to_string(),
                |o| format!("did you mean `{o}`?"),
            );
            ctx.error(
                &parse::INVALID_VALUE,
                raw.office.span(),
                format!("`{}` is not an office {context}", raw.office.get_ref()),
                "not an office",
                Some(help),
            );
            return None;
        }
        let mut sel =
            |s: Option<toml::Spanned<raw::Selector>>| -> Result<Option<Spanned<Selector>>, ()> {
                let Some(s) = s else { return Ok(None) };
                let span = ctx.span(s.span());
                Selector::build(ctx, s)
                    .map(|value| Some(Spanned { value, span }))
                    .ok_or(())
            };
        let must_be = sel(raw.must_be).ok()?;
        let must_not_be = sel(raw.must_not_be).ok()?;
        let required = raw.required.unwrap_or(false);
        let at_most_holders = super::whole(ctx, raw.at_most_holders, "at-most-holders").ok()?;
        if must_be.is_none() && must_not_be.is_none() && !required && at_most_holders.is_none() {
            ctx.error(
                &parse::MISSING_KEY,
                span,
                format!(
                    "an office rule needs `must-be`, `must-not-be`, `required = true` or `at-most-holders` {context}"
                ),
                "this rule checks nothing",
                Some(
                    "add `must-be = { tag = \"...\" }` or `must-not-be = { tag = \"...\" }`".into(),
                ),
            );
            return None;
        }
        Some(Self {
            office: Spanned::from_toml(ctx.file, raw.office),
            must_be,
            must_not_be,
            required,
            at_most_holders,
        })
    }

    /// The rule's parameters in plain words, for `packs show`.
    fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(c) = &self.must_be {
            parts.push(format!("must be {}", c.value.describe_holder()));
        }
        if let Some(c) = &self.must_not_be {
            parts.push(format!("must not be {}", c.value.describe_holder()));
        }
        if self.required {
            parts.push("must be stated".to_string());
        }
        if let Some(n) = &self.at_most_holders {
            parts.push(if n.value == 1 {
                "is held by one person".to_string()
            } else {
                format!("is held by at most {} people", n.value)
            });
        }
        format!("the {} {}", self.office.value, parts.join(" and "))
    }

    fn selectors(&self) -> Vec<&Selector> {
        self.must_be
            .iter()
            .chain(self.must_not_be.iter())
            .map(|s| &s.value)
            .collect()
    }

    fn check(&self, rule: &Rule, board: &Board, _as_of: super::AsOf, out: &mut Vec<Finding>) {
        let office = if self.office.value == "chair" {
            board.chair.as_ref()
        } else {
            board.vice_chair.as_ref()
        };
        let title = self.office.value.as_str();
        let Some(office) = office else {
            // A rule only on how many may hold the office has nothing to say of an office
            // not stated.
            if self.must_be.is_none() && self.must_not_be.is_none() && !self.required {
                return;
            }
            let what = rule
                .title
                .as_deref()
                .map_or_else(|| format!("the {title} rule"), str::to_string);
            let (code, message) = if self.required {
                (
                    &OFFICE_NOT_FILLED,
                    format!("the board does not say who holds the {title}; it must have one"),
                )
            } else {
                (&OFFICE_UNDETERMINED, format!("the board does not say who holds the {title}, so \"{what}\" cannot be checked"))
            };
            let f = if self.required {
                rule.breach(code, message)
            } else {
                rule.undetermined(code, message)
            };
            out.push(
                f.primary(&board.name.span, format!("no `[{title}]` in this board"))
                    .help(format!("add `[{title}]` with `member = \"Name\"`, or `from = \"sector\"` while the board is a proposal")),
            );
            return;
        };
        self.check_holders(rule, office, out);
        // Each co-holder is held to the same conditions as the first holder.
        let each = std::iter::once(None).chain(office.co_holders.iter().map(Some));
        for co in each {
            let view;
            let holder = match co {
                None => office,
                Some((name, index)) => {
                    view = Office {
                        title: office.title,
                        span: office.span.clone(),
                        holder: Holder::Member {
                            name: name.clone(),
                            index: *index,
                        },
                        co_holders: Vec::new(),
                    };
                    &view
                }
            };
            for (condition, wanted) in
                [(&self.must_be, Truth::Yes), (&self.must_not_be, Truth::No)]
            {
                let Some(cond) = condition else { continue };
                self.check_condition(rule, board, holder, cond, wanted, out);
            }
        }
    }
}

impl OfficeRule {
    /// The number of people who hold the office against `at-most-holders`.
    fn check_holders(&self, rule: &Rule, office: &Office, out: &mut Vec<Finding>) {
        let Some(most) = &self.at_most_holders else {
            return;
        };
        let n = office.holders();
        if n <= most.value as usize {
            return;
        }
        let title = office.title;
        let names: Vec<String> = std::iter::once(match &office.holder {
            Holder::Member { name, .. } => name.value.clone(),
            Holder::Drawn { .. } => String::new(),
        })
        .chain(office.co_holders.iter().map(|(n, _)| n.value.clone()))
        .collect();
        out.push(
            rule.breach(
                &OFFICE_TOO_MANY_HOLDERS,
                format!(
                    "the {title} is shared by {n} people ({}); the {title} is held by {}",
                    names.join(", "),
                    if most.value == 1 {
                        "one person".to_string()
                    } else {
                        format!("at most {}", most.value)
                    }
                ),
            )
            .primary(&office.span, format!("{n} people hold the {title}"))
            .secondary(&most.span, "limit set here")
            .help(format!(
                "elect one {title}; a co-chair can serve as vice-chair, which the regulations provide for"
            )),
        );
    }
}
