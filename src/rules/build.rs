//! Reading a `[[rules]]` array into [`Rule`]s: the common keys (`id`, `kind`, `severity`,
//! `title`, `citation`, `applies-when`), then the kind's parameters through the registry.

use super::{condition, Rule, RuleKind, KINDS};
use crate::diagnostic::{Finding, Severity};
use crate::model::raw;
use crate::model::span::Spanned;
use crate::parse::{self, did_you_mean, list_backticked, Ctx};
use std::collections::HashSet;
use toml::de::DeValue;

/// Builds the rules of a `[[rules]]` array, qualifying ids with `qualifier`.
pub(crate) fn build_rules(
    ctx: &mut Ctx<'_>,
    value: toml::Spanned<DeValue<'_>>,
    qualifier: &str,
) -> Vec<Rule> {
    let span = value.span();
    let DeValue::Array(items) = value.into_inner() else {
        ctx.error(
            &parse::WRONG_TYPE,
            span,
            "`rules` should be a list of `[[rules]]` entries",
            "should be `[[rules]]`",
            Some(
                "write each rule as a `[[rules]]` table with `id`, `kind` and its parameters"
                    .into(),
            ),
        );
        return Vec::new();
    };
    let mut rules: Vec<Rule> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (i, item) in items.into_iter().enumerate() {
        let item_span = item.span();
        let context = format!("in rule {} of `[[rules]]`", i + 1);
        let Some(common) = ctx.de::<raw::RuleCommon>(item.clone(), &context) else {
            continue;
        };
        let DeValue::Table(mut table) = item.into_inner() else {
            continue;
        };
        let id = Spanned::from_toml(ctx.file, common.id);
        let context = format!("in rule `{}`", id.value);
        if !seen.insert(id.value.clone()) {
            duplicate(ctx, &id, &rules);
            continue;
        }
        let Some(severity) = severity(ctx, common.severity, &context) else {
            continue;
        };
        let common_keys: Vec<_> = table
            .keys()
            .filter(|k| raw::COMMON_RULE_KEYS.contains(&k.get_ref().as_ref()))
            .cloned()
            .collect();
        for k in common_keys {
            table.remove(&k);
        }
        let params = toml::Spanned::new(item_span.clone(), DeValue::Table(table));
        let Some(kind) = kind(ctx, &common.kind, params, &context) else {
            continue;
        };
        let applies_when = match common.applies_when {
            Some(c) => match condition::Condition::build(ctx, c) {
                Some(c) => Some(c),
                None => continue,
            },
            None => None,
        };
        rules.push(Rule {
            run_info: std::sync::OnceLock::new(),
            qualified: format!("{qualifier}/{}", id.value).into(),
            id,
            severity,
            citation: common.citation.map(Into::into),
            title: common.title.map(Into::into),
            span: ctx.span(item_span),
            applies_when,
            kind,
        });
    }
    rules
}

/// Records a rule id used a second time, pointing at the first use when it was built.
fn duplicate(ctx: &mut Ctx<'_>, id: &Spanned<String>, rules: &[Rule]) {
    let first = rules
        .iter()
        .find(|r| r.id.value == id.value)
        .map(|r| r.id.span.clone());
    let mut f = Finding::new(
        &parse::DUPLICATE,
        Severity::Error,
        format!("rule id `{}` is used twice", id.value),
    )
    .primary(&id.span, "used again here")
    .help("give each rule its own id");
    if let Some(first) = first {
        f = f.secondary(&first, "first used here");
    }
    ctx.errors.push(f);
}

/// The rule's severity: `error` when not given; `None` (with an error recorded) when it is
/// not a severity.
fn severity(
    ctx: &mut Ctx<'_>,
    given: Option<toml::Spanned<String>>,
    context: &str,
) -> Option<Severity> {
    let Some(s) = given else {
        return Some(Severity::Error);
    };
    if let Some(sev) = Severity::parse(s.get_ref()) {
        return Some(sev);
    }
    let levels = ["error", "warning", "advice"];
    let help = did_you_mean(s.get_ref(), levels).map_or_else(
        || format!("use one of {}", list_backticked(&levels)),
        |l| format!("did you mean `{l}`?"),
    );
    ctx.error(
        &parse::INVALID_VALUE,
        s.span(),
        format!("`{}` is not a severity {context}", s.get_ref()),
        "not a severity",
        Some(help),
    );
    None
}

/// The kind's parameters, built by the kind the registry names; `None` (with errors
/// recorded) when no kind has that name or the parameters are wrong.
fn kind(
    ctx: &mut Ctx<'_>,
    name: &toml::Spanned<String>,
    params: toml::Spanned<DeValue<'_>>,
    context: &str,
) -> Option<RuleKind> {
    let given = name.get_ref().as_str();
    RuleKind::build(given, ctx, params, context).unwrap_or_else(|| {
        let names: Vec<&str> = KINDS.iter().map(|k| k.name).collect();
        let help = did_you_mean(given, names.iter().copied()).map_or_else(
            || format!("the rule kinds are {}", list_backticked(&names)),
            |k| format!("did you mean `{k}`?"),
        );
        ctx.error(
            &parse::INVALID_VALUE,
            name.span(),
            format!("`{given}` is not a rule kind {context}"),
            "unknown rule kind",
            Some(help),
        );
        None
    })
}

/// Deserializes a kind's parameters from a rule table whose common keys were removed.
pub(crate) fn params<T: serde::de::DeserializeOwned>(
    ctx: &mut Ctx<'_>,
    table: toml::Spanned<DeValue<'_>>,
    context: &str,
) -> Option<T> {
    ctx.de(table, context)
}
