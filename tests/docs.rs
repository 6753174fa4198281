//! The README's tables of rule kinds and codes are generated from the registry
//! (`boardcheck::rules::KINDS`, `boardcheck::rules::all_codes`): this test fails when they
//! differ. Regenerate them with `BOARDCHECK_UPDATE_README=1 cargo test --test docs`, then
//! read the diff.

use std::path::Path;

/// The text between `<!-- begin NAME -->` and `<!-- end NAME -->`, and where it starts.
fn section<'t>(text: &'t str, name: &str) -> (usize, &'t str) {
    let begin = format!("<!-- begin {name}: generated from the registry by tests/docs.rs -->\n");
    let end = format!("<!-- end {name} -->");
    let start = text
        .find(&begin)
        .unwrap_or_else(|| panic!("README.md has no `{}`", begin.trim()))
        + begin.len();
    let len = text[start..]
        .find(&end)
        .unwrap_or_else(|| panic!("README.md has no `{end}`"));
    (start, &text[start..start + len])
}

#[test]
fn readme_tables_are_the_registry() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let mut text = std::fs::read_to_string(&path).unwrap();
    let tables = [
        ("kinds", boardcheck::report::explain::kinds_markdown()),
        ("codes", boardcheck::report::explain::codes_markdown()),
    ];
    let update = std::env::var_os("BOARDCHECK_UPDATE_README").is_some();
    let mut stale = Vec::new();
    for (name, want) in &tables {
        let (start, have) = section(&text, name);
        if have != want {
            if update {
                let end = start + have.len();
                text.replace_range(start..end, want);
            } else {
                stale.push(format!("--- {name} should be:\n{want}"));
            }
        }
    }
    if update {
        std::fs::write(&path, text).unwrap();
    }
    assert!(
        stale.is_empty(),
        "README.md's generated tables are out of date; run `BOARDCHECK_UPDATE_README=1 cargo test --test docs`\n{}",
        stale.join("\n")
    );
}

/// `docs/codes.md`, where SARIF's `helpUri` points, is every code's `explain` text.
#[test]
fn the_codes_page_is_the_registry() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/codes.md");
    let want = boardcheck::report::explain::codes_page();
    if std::env::var_os("BOARDCHECK_UPDATE_README").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/codes.md is out of date; run `BOARDCHECK_UPDATE_README=1 cargo test --test docs`"
    );
    for code in boardcheck::rules::all_codes() {
        assert!(
            have.contains(&format!("\n## {}\n", code.name)),
            "{}",
            code.name
        );
    }
}

#[test]
fn every_kind_the_schema_lists_is_registered_and_explained() {
    let schema: serde_json::Value = serde_json::from_str(&boardcheck::schema::generate(
        boardcheck::schema::Which::Pack,
    ))
    .unwrap();
    let listed: Vec<&str> = schema["$defs"]["Rule"]["anyOf"]
        .as_array()
        .expect("the pack schema's rules are one variant per kind")
        .iter()
        .map(|v| v["properties"]["kind"]["const"].as_str().unwrap())
        .collect();
    let registered: Vec<&str> = boardcheck::rules::KINDS.iter().map(|k| k.name).collect();
    assert_eq!(listed, registered);
    let packs = boardcheck::pack::Loader::new().builtins().unwrap();
    for kind in boardcheck::rules::KINDS {
        let doc = boardcheck::report::explain::explain(kind.name, &packs).unwrap();
        for part in ["## Parameters", "## Codes", "```toml\n[[rules]]"] {
            assert!(
                doc.contains(part),
                "explain {} has no {part}:\n{doc}",
                kind.name
            );
        }
        // A kind some built-in pack uses is shown as that pack writes it.
        let used = packs
            .iter()
            .flat_map(|p| p.rules.iter())
            .any(|r| r.kind.name() == kind.name);
        assert_eq!(doc.contains("## In a pack: "), used, "{doc}");
        assert!(!kind.codes.is_empty(), "{} has no codes", kind.name);
        for code in kind.codes {
            assert_eq!(
                code.family, kind.name,
                "{} is listed under {}",
                code.name, kind.name
            );
        }
        for p in kind.parameters() {
            assert!(
                !p.description.is_empty(),
                "the parameter `{}` of `{}` has no doc comment",
                p.name,
                kind.name
            );
        }
    }
}
