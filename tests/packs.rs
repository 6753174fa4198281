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
                text.contains(&*rule.qualified),
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
            // A rule across boards has its cases as estates under tests/estates/packs/.
            if rule.kind.spans_boards() {
                let short = pack.name.value.rsplit('/').next().unwrap_or_default();
                let estates = root.join("../../estates/packs");
                let fail = estates.join(format!("{short}__{id}")).is_dir();
                let ok = estates.join(format!("{short}__{id}.ok")).is_dir();
                if !ok || !fail {
                    missing.push(format!("{}: no estate case and near miss", rule.qualified));
                }
                continue;
            }
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
/// look up and the provision in it, and carries no research note.
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
    const PROVISIONS: &[&str] = &[
        "reg ",
        "regs ",
        "regulation ",
        "article ",
        "articles ",
        "section ",
        "paragraph ",
        "para ",
        "sections ",
        "schedule ",
        "Schedule ",
        "Sch ",
        "Part ",
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
            if !PROVISIONS.iter().any(|p| c.contains(p)) {
                wrong.push(format!(
                    "{}: names no provision (regulation, article, section, paragraph): {c}",
                    rule.qualified
                ));
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

/// Every failing fixture of every built-in rule: each board checked as a user would.
fn failing_pack_fixtures() -> Vec<(std::path::PathBuf, boardcheck::Outcome)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs");
    let loader = Loader::new();
    let options = boardcheck::Options {
        as_of: boardcheck::model::Date::parse("2026-09-01").unwrap(),
        ..boardcheck::Options::default()
    };
    let mut out = Vec::new();
    for path in files_under("tests/fixtures/packs", "toml") {
        if path.to_string_lossy().ends_with(".ok.toml") || !path.starts_with(&root) {
            continue;
        }
        let outcome = boardcheck::check_path(&path, &loader, &options);
        out.push((path, outcome));
    }
    out
}

/// A finding's message reads as a sentence a governance officer can follow: no file
/// syntax (backticks, tag ids in quotes), and plurals that agree with their numbers.
fn wording_faults(message: &str) -> Vec<String> {
    let mut faults = Vec::new();
    if message.contains('`') {
        faults.push("file syntax (backticks)".to_string());
    }
    for bad in [
        "non-non",
        "by exactly 0",
        "seat depend ",
        " 1 seats",
        " 1 members",
        " 1 governors",
        " 1 trustees",
        " 1 people",
        " 1 persons",
        "1 seat are",
        "1 member are",
        " 0 seat ",
        " 0 member ",
    ] {
        if format!(" {message} ").contains(bad) {
            faults.push(format!("`{}`", bad.trim()));
        }
    }
    let words: Vec<&str> = message.split_whitespace().collect();
    for w in words.windows(2) {
        if w[0] == "1" && w[1].ends_with("s,") {
            faults.push(format!("`1 {}`", w[1]));
        }
    }
    faults
}

#[test]
fn every_built_in_rule_finding_reads_as_a_sentence_without_file_syntax() {
    let mut wrong = Vec::new();
    let mut seen = 0;
    for (path, outcome) in failing_pack_fixtures() {
        for f in &outcome.findings {
            seen += 1;
            let faults = wording_faults(&f.message);
            if !faults.is_empty() {
                wrong.push(format!(
                    "{}: {} ({}): {}",
                    path.display(),
                    f.message,
                    f.code.name,
                    faults.join(", ")
                ));
            }
        }
    }
    assert!(seen > 100, "only {seen} findings: are the fixtures there?");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_wording_check_catches_what_it_is_for() {
    assert!(!wording_faults("the chair is tagged `employee`").is_empty());
    assert!(!wording_faults("remove 1 seats from them").is_empty());
    assert!(!wording_faults("they must outnumber them by exactly 0").is_empty());
    assert!(!wording_faults("between 2 and 3: 1 seat depend on facts").is_empty());
    assert!(wording_faults("1 seat depends on facts the file does not state").is_empty());
    assert!(
        wording_faults("the chair, Ann (parents seat), is an employee of the trust").is_empty()
    );
}

/// Every numeric fix in a help line, made with `--set` (or `--add-sector`,
/// `--drop-sector`) as a user would, makes its rule hold: the fixes of every built-in
/// rule's failing fixture, and of every kind's fixtures.
#[test]
fn every_help_hint_applied_with_set_makes_its_rule_hold() {
    let loader = Loader::new();
    let as_of = boardcheck::model::Date::parse("2026-09-01").unwrap();
    let mut boards: Vec<std::path::PathBuf> = files_under("tests/fixtures", "toml")
        .into_iter()
        .filter(|p| !p.to_string_lossy().contains("/schema/"))
        .collect();
    boards.extend(files_under("boards", "toml"));
    let (mut tried, mut wrong) = (0, Vec::new());
    for path in boards {
        let options = boardcheck::Options {
            as_of,
            ..boardcheck::Options::default()
        };
        let outcome = boardcheck::check_path(&path, &loader, &options);
        for f in &outcome.findings {
            for remedy in &f.remedies {
                assert!(
                    f.help.as_deref().is_some_and(|h| h.contains(&remedy.text)),
                    "{}: a kept fix is not in the help line",
                    path.display()
                );
                let what_if = remedy
                    .changes
                    .iter()
                    .map(|c| {
                        let (flag, value) = c.as_flag();
                        boardcheck::model::what_if::SeatEdit::parse(flag, &value).unwrap()
                    })
                    .collect();
                let again = boardcheck::check_path(
                    &path,
                    &loader,
                    &boardcheck::Options {
                        as_of,
                        what_if,
                        ..boardcheck::Options::default()
                    },
                );
                tried += 1;
                let still: Vec<&str> = again
                    .findings
                    .iter()
                    .filter(|g| {
                        g.rule == f.rule && g.severity >= boardcheck::diagnostic::Severity::Warning
                    })
                    .map(|g| g.message.as_str())
                    .collect();
                if !again.checked || !still.is_empty() {
                    wrong.push(format!(
                        "{}: \"{}\" ({:?}) leaves {}: {}",
                        path.display(),
                        remedy.text,
                        remedy.changes,
                        f.rule.as_deref().unwrap_or("?"),
                        still.join("; ")
                    ));
                }
            }
        }
    }
    assert!(
        tried > 80,
        "only {tried} fixes tried: are the fixtures there?"
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Two groups, neither allowed half: removing a seat from one hands the other half. The
/// arithmetic alone offered "remove 1 seat from the primary group (1 of 3)"; checked
/// against the rule, no single change holds, so none is offered.
#[test]
fn a_fix_that_breaks_the_rule_another_way_is_not_offered() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/balance/less-than-half.toml");
    let outcome = boardcheck::check_path(&path, &Loader::new(), &boardcheck::Options::default());
    let f = outcome
        .findings
        .iter()
        .find(|f| f.code.name == "balance-group-dominates")
        .expect("the rule is broken");
    assert!(f.remedies.is_empty(), "{:?}", f.remedies);
    let help = f.help.as_deref().unwrap_or_default();
    assert!(!help.contains("remove 1"), "{help}");
    assert!(help.contains("boardcheck suggest"), "{help}");
}

/// A loader given pack files as text (what the page does with the packs a person opens)
/// reads none from disk: a board's pack path finds a given file by its file name, checks as
/// the same pack read from disk would, and a pack not given is a dangling reference.
#[test]
fn a_loader_given_pack_files_finds_them_by_file_name_and_reads_no_other() {
    let forum =
        std::fs::read_to_string("boards/england/schools-forum-too-many-non-schools.toml").unwrap();
    let own = forum.replace("\"england/schools-forum-2012\"", "\"packs/local.toml\"");
    assert_ne!(own, forum);
    let pack = std::fs::read_to_string("packs/england/schools-forum-2012.toml").unwrap();
    let options = boardcheck::Options::default();
    let codes = |o: &boardcheck::Outcome| {
        o.findings
            .iter()
            .map(|f| f.code.name.to_string())
            .collect::<Vec<_>>()
    };
    let builtin = boardcheck::check_text("f.toml", &forum, None, &Loader::new(), &options);
    let given = Loader::with_files([("local.toml".to_string(), pack)]);
    let mine = boardcheck::check_text("f.toml", &own, None, &given, &options);
    assert!(mine.checked, "{:?}", codes(&mine));
    assert_eq!(codes(&mine), codes(&builtin));
    assert!(
        !codes(&mine).is_empty(),
        "the board breaks the forum's rules"
    );

    // Not given: nothing is read from disk, even where a file of that name exists.
    let none = Loader::with_files(Vec::new());
    let disk = forum.replace(
        "\"england/schools-forum-2012\"",
        "\"packs/england/academy-trust.toml\"",
    );
    let o = boardcheck::check_text("f.toml", &disk, None, &none, &options);
    assert!(!o.checked);
    let messages: Vec<String> = o.findings.iter().map(|f| f.message.clone()).collect();
    assert!(
        messages.iter().any(|m| m.contains("has not been opened")),
        "{messages:?}"
    );
}
