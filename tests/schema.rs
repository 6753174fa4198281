//! The JSON Schemas: the committed files in `schema/` are exactly what `boardcheck schema`
//! generates, every example board and built-in pack validates, and the schema rejects
//! what the parser rejects (unknown keys, wrong types, a missing sector seat count).

use boardcheck::schema::{generate, Which};
use serde_json::Value;
use std::path::Path;

/// TOML as the JSON an editor validates: dates become `YYYY-MM-DD` strings.
fn to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, to_json(v))).collect())
        }
    }
}

fn validator(which: Which) -> (boon::Schemas, boon::SchemaIndex) {
    let schema: Value = serde_json::from_str(&generate(which)).unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("urn:boardcheck", schema).unwrap();
    let index = compiler.compile("urn:boardcheck", &mut schemas).unwrap();
    (schemas, index)
}

fn validate(which: Which, text: &str) -> Result<(), String> {
    let table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
    let (schemas, index) = validator(which);
    let instance = to_json(toml::Value::Table(table));
    schemas
        .validate(&instance, index)
        .map_err(|e| format!("{e:#}"))
}

#[test]
fn committed_schemas_are_generated() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema");
    for (which, name) in [
        (Which::Board, "board"),
        (Which::Pack, "pack"),
        (Which::Report, "report"),
    ] {
        let path = root.join(format!("{name}.schema.json"));
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generate(which),
            "{} is out of date: run `cargo run -- schema {name} > schema/{name}.schema.json`",
            path.display()
        );
    }
}

#[test]
fn every_example_board_validates_and_names_the_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // An estate's own files (`boardcheck.toml`, the register) are not boards.
    let (_, planned) = boardcheck::estate::plan(
        boardcheck::discover(&[root.join("boards")]).files,
        &boardcheck::pack::Loader::new(),
        u64::MAX,
    );
    let boards: Vec<_> = planned.into_iter().map(|(p, _)| p).collect();
    assert!(boards.len() >= 12);
    for path in boards {
        let text = std::fs::read_to_string(&path).unwrap();
        // The schema's path from the board's folder: one `../` per folder below the root.
        let depth = path.strip_prefix(root).unwrap().components().count() - 1;
        let line = format!("#:schema {}schema/board.schema.json\n", "../".repeat(depth));
        assert!(
            text.starts_with(&line),
            "{} should start with its #:schema line",
            path.display()
        );
        if let Err(e) = validate(Which::Board, &text) {
            panic!(
                "{} does not validate against the board schema:\n{e}",
                path.display()
            );
        }
    }
}

#[test]
fn every_near_miss_fixture_validates() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = boardcheck::discover(&[root.join("tests/fixtures")]).files;
    let ok: Vec<_> = files
        .iter()
        .filter(|p| p.to_string_lossy().ends_with(".ok.toml"))
        .collect();
    assert!(ok.len() >= 100);
    for path in ok {
        let text = std::fs::read_to_string(path).unwrap();
        if let Err(e) = validate(Which::Board, &text) {
            panic!("{} does not validate:\n{e}", path.display());
        }
    }
}

#[test]
fn every_builtin_pack_validates_and_names_the_schema() {
    for (name, text) in boardcheck::pack::BUILTIN {
        assert!(
            text.starts_with("#:schema ../../schema/pack.schema.json\n"),
            "{name}"
        );
        if let Err(e) = validate(Which::Pack, text) {
            panic!("{name} does not validate against the pack schema:\n{e}");
        }
    }
}

#[test]
fn the_schema_rejects_what_the_parser_rejects() {
    let base = "[board]\nname = \"B\"\nrules = [\"rotherham/resp-2018\"]\n\n[sectors.la]\nseats = 3\ntags = [\"local-authority\"]\n";
    assert_eq!(validate(Which::Board, base), Ok(()));
    let cases = [
        ("a misspelt key", base.replace("seats = 3", "seat = 3")),
        ("an unknown section", format!("{base}\n[comittee]\nx = 1\n")),
        ("seats as text", base.replace("seats = 3", "seats = \"3\"")),
        ("no [board]", base.replace("[board]\nname = \"B\"\nrules = [\"rotherham/resp-2018\"]\n", "")),
        ("a rule of no known kind", format!("{base}\n[[rules]]\nid = \"x\"\nkind = \"shares\"\nselect = {{ tag = \"la\" }}\nless-than = \"30%\"\n")),
        ("a share rule with a count key", format!("{base}\n[[rules]]\nid = \"x\"\nkind = \"share\"\nselect = {{ tag = \"la\" }}\nat-least-seats = 1\n")),
        ("a waiver with no reason", format!("{base}\n[[waivers]]\nrule = \"local-authority-share\"\nsector = \"la\"\n")),
    ];
    for (what, text) in cases {
        assert!(
            validate(Which::Board, &text).is_err(),
            "the schema accepts {what}"
        );
        let outcome = boardcheck::check_text(
            "t.toml",
            &text,
            None,
            &boardcheck::pack::Loader::new(),
            &boardcheck::Options::default(),
        );
        assert!(!outcome.checked, "the parser accepts {what}");
    }
    let rule = format!("{base}\n[[rules]]\nid = \"x\"\nkind = \"share\"\nselect = {{ tag = \"local-authority\" }}\nless-than = \"30%\"\n");
    assert_eq!(validate(Which::Board, &rule), Ok(()));
}
