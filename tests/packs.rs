//! `boardcheck packs show` for every built-in pack, snapshotted: the text a governance
//! officer reads to see what is checked, generated from the rules themselves.

use boardcheck::pack::Loader;

#[test]
fn every_pack_reads_as_its_rules_and_citations() {
    let packs = Loader::new().builtins().expect("built-in packs parse");
    for pack in packs {
        let text = boardcheck::report::packs::show(&pack);
        // Every rule appears with its qualified id and its citation.
        for rule in &pack.rules {
            assert!(
                text.contains(&rule.qualified),
                "{} missing from packs show",
                rule.qualified
            );
            assert!(
                text.contains(rule.citation.as_deref().unwrap_or("?")),
                "{} citation missing",
                rule.qualified
            );
        }
        insta::assert_snapshot!(pack.name.value.replace('/', "__"), text);
    }
}

/// Every file under the repository's folder `dir` whose name ends in `.ext`.
fn files_under(dir: &str, ext: &str) -> Vec<std::path::PathBuf> {
    fn walk(dir: &std::path::Path, ext: &str, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, ext, out);
            } else if path.extension().is_some_and(|e| e == ext) {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir),
        ext,
        &mut out,
    );
    out
}

/// A pack file added to `packs/` but not to the built-in list would be neither shipped
/// nor validated: every file there must be a built-in pack, under its path's name.
#[test]
fn every_file_under_packs_is_a_built_in_pack() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("packs");
    let files: Vec<String> = files_under("packs", "toml")
        .iter()
        .map(|f| f.to_string_lossy().replace('\\', "/"))
        .collect();
    let prefix = format!("{}/", root.to_string_lossy().replace('\\', "/"));
    let mut on_disk: Vec<String> = files
        .iter()
        .map(|f| {
            f.trim_start_matches(&prefix)
                .trim_end_matches(".toml")
                .to_string()
        })
        .collect();
    on_disk.sort();
    let mut built_in: Vec<String> = boardcheck::pack::BUILTIN
        .iter()
        .map(|(n, _)| (*n).to_string())
        .collect();
    built_in.sort();
    assert_eq!(on_disk, built_in);
}

/// Every code declared anywhere in the source is in the code list that `explain` and the
/// SARIF rule table read: one left out would have no rule in SARIF.
#[test]
fn every_declared_code_is_listed() {
    let files = files_under("src", "rs");
    let listed: Vec<&str> = boardcheck::rules::all_codes()
        .iter()
        .map(|c| c.name)
        .collect();
    let mut declared = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        // Codes declared by unit tests (after `#[cfg(test)]`) are not the product's.
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (i, _) in text.match_indices("{ family: \"") {
            let rest = &text[i..];
            let Some(at) = rest.find("name: \"") else {
                continue;
            };
            let name = rest[at + 7..].split('"').next().unwrap();
            declared += 1;
            assert!(
                listed.contains(&name),
                "{name} ({}) is not in rules::all_codes()",
                file.display()
            );
        }
    }
    assert!(
        declared >= 40,
        "found only {declared} declared codes: has the macro changed?"
    );
}

/// Every kind declared in the source (`declare_kind!`) is in the registry: a kind file with
/// no line in `register_kinds!` would not even be compiled.
#[test]
fn every_declared_kind_is_registered() {
    let registered: Vec<&str> = boardcheck::rules::KINDS.iter().map(|k| k.name).collect();
    let mut declared = Vec::new();
    for file in files_under("src/rules", "rs") {
        let text = std::fs::read_to_string(&file).unwrap();
        let Some(at) = text.find("declare_kind! {") else {
            continue;
        };
        if file.ends_with("kind.rs") {
            continue;
        }
        let rest = &text[at..];
        let name = rest[rest.find("name: \"").unwrap() + 7..]
            .split('"')
            .next()
            .unwrap()
            .to_string();
        assert!(
            registered.contains(&name.as_str()),
            "the kind `{name}` ({}) is declared but not in register_kinds! (src/rules/mod.rs)",
            file.display()
        );
        declared.push(name);
    }
    declared.sort();
    let mut all: Vec<String> = registered.iter().map(ToString::to_string).collect();
    all.sort();
    assert_eq!(
        declared, all,
        "every registered kind is declared in its own file"
    );
}

/// Every rule of every built-in pack has a failing fixture and a passing near miss under
/// `tests/fixtures/packs/<pack>/` (written by `generate.py`), so no rule's boundary goes
/// untested.
#[test]
fn every_built_in_rule_has_a_failing_fixture_and_a_near_miss() {
    let packs = boardcheck::pack::Loader::new().builtins().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs");
    let mut missing = Vec::new();
    for pack in &packs {
        let dir = root.join(pack.name.value.replace('/', "__"));
        let names: Vec<String> = std::fs::read_dir(&dir)
            .map(|d| {
                d.filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        for rule in &pack.rules {
            let id = &rule.id.value;
            let of_rule = |n: &&String| {
                let stem = n.trim_end_matches(".toml").trim_end_matches(".ok");
                stem == id || stem.starts_with(&format!("{id}--"))
            };
            let ok = names
                .iter()
                .filter(of_rule)
                .any(|n| n.ends_with(".ok.toml"));
            let fail = names
                .iter()
                .filter(of_rule)
                .any(|n| !n.ends_with(".ok.toml"));
            if !ok || !fail {
                missing.push(format!(
                    "{}: {}{}",
                    rule.qualified,
                    if fail { "" } else { "no failing fixture " },
                    if ok { "" } else { "no near miss" }
                ));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "add cases to tests/fixtures/packs/generate.py for:\n{}",
        missing.join("\n")
    );
}

/// Every citation of every built-in pack names an instrument or a document a reader can
/// look up, and carries no research note.
#[test]
fn every_citation_names_what_a_reader_can_look_up() {
    const MARKERS: &[&str] = &[
        "secondary sources",
        "research note",
        "not retrieved",
        "not verified",
        "seed 0",
        "[b]",
        "[s]",
        "[v]",
        "verbatim",
    ];
    const DOCUMENTS: &[&str] = &[
        "Regulations",
        "articles of association",
        "Academy Trust Handbook",
        "Governance Guide",
        "consultation responses",
        " Act ",
    ];
    let packs = boardcheck::pack::Loader::new().builtins().unwrap();
    let mut wrong = Vec::new();
    for pack in &packs {
        for text in pack.notes.iter().map(String::as_str) {
            let lower = text.to_lowercase();
            if let Some(m) = MARKERS.iter().find(|m| lower.contains(*m)) {
                wrong.push(format!("{} notes: internal marker `{m}`", pack.name.value));
            }
        }
        for rule in &pack.rules {
            let Some(c) = &rule.citation else {
                wrong.push(format!("{}: no citation", rule.qualified));
                continue;
            };
            let lower = c.to_lowercase();
            if let Some(m) = MARKERS.iter().find(|m| lower.contains(*m)) {
                wrong.push(format!("{}: internal marker `{m}` in {c}", rule.qualified));
            }
            if !DOCUMENTS.iter().any(|d| c.contains(d)) {
                wrong.push(format!(
                    "{}: names no instrument or document: {c}",
                    rule.qualified
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
