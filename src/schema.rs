//! JSON Schemas for board files, rule packs and the JSON report, generated from the serde
//! types that read and write them (`crate::model::raw`, each rule kind's parameters,
//! `crate::report::json`), so they cannot drift from the parser.
//!
//! Editors that understand a `#:schema` comment (taplo, Even Better TOML) use the board
//! schema for completion, hover docs (the doc comments of the serde types) and validation.

use crate::model::raw;
use crate::rules;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde_json::Value;

/// Which schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Which {
    /// A board constitution file.
    Board,
    /// A rule pack file.
    Pack,
    /// The document `check --format json` writes.
    Report,
}

/// The schema as pretty-printed JSON, ending with a newline.
#[must_use]
pub fn generate(which: Which) -> String {
    let schema = match which {
        Which::Board => schemars::schema_for!(BoardFile),
        Which::Pack => schemars::schema_for!(PackFile),
        Which::Report => schemars::schema_for!(crate::report::json::Report),
    };
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// A board constitution: what the board is, its sectors and seats, its members and
/// officers, and the rule packs it must satisfy.
#[derive(JsonSchema)]
#[schemars(
    rename_all = "kebab-case",
    deny_unknown_fields,
    title = "boardcheck board"
)]
#[allow(dead_code)]
pub struct BoardFile {
    /// What the board is and which rule packs it must satisfy.
    board: raw::Header,
    /// Facts about the board or its area that rules read, e.g. `category = "community"`.
    facts: Option<indexmap::IndexMap<String, raw::FactValue>>,
    /// The board's sectors (categories of seats), keyed by id: `[sectors.primary]`.
    sectors: indexmap::IndexMap<String, raw::Sector>,
    /// Named people, each holding one seat of a sector.
    members: Option<Vec<raw::Member>>,
    /// Who chairs the board.
    chair: Option<raw::Office>,
    /// Who is vice-chair.
    vice_chair: Option<raw::Office>,
    /// Rules of this board's own, checked with its packs' rules.
    rules: Option<Vec<RuleEntry>>,
    /// Rules knowingly not applied to one sector or member, each with a reason.
    waivers: Option<Vec<raw::Waiver>>,
    /// Meetings held, with who was present: checked against the quorum on that date.
    meetings: Option<Vec<raw::Meeting>>,
}

/// A rule pack: its identity and its rules.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "boardcheck rule pack")]
#[allow(dead_code)]
pub struct PackFile {
    /// The pack's name, title, version, source and the facts its rules read.
    pack: raw::PackHeader,
    /// The rules.
    rules: Vec<RuleEntry>,
}

/// One `[[rules]]` entry: the common keys (`id`, `kind`, ...) and the kind's parameters.
pub struct RuleEntry;

impl JsonSchema for RuleEntry {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Rule".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let kinds: Vec<(&str, String, Schema)> = rules::KINDS
            .iter()
            .map(|k| (k.name, k.summary(), k.schema(generator)))
            .collect();
        let common = raw::RuleCommon::json_schema(generator);
        let variants: Vec<Value> = kinds
            .into_iter()
            .map(|(kind, about, params)| merge(&common, params, kind, &about))
            .collect();
        json_schema!({
            "description": "A rule: `id`, `kind`, optional `severity`, `title`, `citation` and `applies-when`, and the parameters of its kind.",
            "type": "object",
            "required": ["id", "kind"],
            "anyOf": variants,
        })
    }
}

/// One kind's rule schema: the common keys and the kind's parameters in one closed object,
/// with `kind` fixed to the kind's name.
fn merge(common: &Schema, params: Schema, kind: &str, about: &str) -> Value {
    let mut out = params.to_value();
    let common = common.as_value();
    if let (Some(props), Some(common_props)) = (
        out.get_mut("properties").and_then(Value::as_object_mut),
        common.get("properties").and_then(Value::as_object),
    ) {
        for (k, v) in common_props {
            props.insert(k.clone(), v.clone());
        }
        props.insert(
            "kind".into(),
            serde_json::json!({ "const": kind, "description": about }),
        );
    }
    let mut required: Vec<Value> = common
        .get("required")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if let Some(r) = out.get("required").and_then(Value::as_array) {
        required.extend(r.iter().cloned());
    }
    out["required"] = Value::Array(required);
    out["additionalProperties"] = Value::Bool(false);
    out["title"] = Value::String(format!("{kind} rule"));
    out["description"] = Value::String(about.to_string());
    out
}

#[cfg(test)]
mod tests {
    use super::{generate, Which};
    use serde_json::Value;

    fn keys(which: Which) -> Vec<String> {
        let v: Value = serde_json::from_str(&generate(which)).unwrap();
        v["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    }

    #[test]
    fn top_level_keys_match_the_parser() {
        let mut board = keys(Which::Board);
        board.sort();
        let mut parsed: Vec<String> = crate::model::BOARD_KEYS
            .iter()
            .map(|k| (*k).to_string())
            .collect();
        parsed.sort();
        assert_eq!(board, parsed);
        let mut pack = keys(Which::Pack);
        pack.sort();
        let mut parsed: Vec<String> = crate::pack::PACK_KEYS
            .iter()
            .map(|k| (*k).to_string())
            .collect();
        parsed.sort();
        assert_eq!(pack, parsed);
    }

    #[test]
    fn common_rule_keys_match_the_parser() {
        let v: Value = serde_json::from_str(&generate(Which::Board)).unwrap();
        let rule = &v["$defs"]["Rule"]["anyOf"][0]["properties"];
        for key in crate::model::raw::COMMON_RULE_KEYS {
            assert!(rule.get(key).is_some(), "the rule schema lacks `{key}`");
        }
    }
}
