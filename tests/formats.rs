//! Every output format of `check`, on a passing board, a failing board (with a waiver) and
//! a file that is not valid TOML: one snapshot per format per file, and each machine format
//! checked against its own definition (the JSON report schema, the SARIF 2.1.0 schema, XML,
//! the workflow-command syntax).

use boardcheck::diagnostic::Severity;
use boardcheck::pack::Loader;
use boardcheck::report::{Emitter, Format, Style, Summary};
use serde_json::Value;
use std::fmt::Write as _;
use std::path::Path;

const FILES: [&str; 3] = [
    "tests/formats/pass.toml",
    "tests/formats/fail.toml",
    "tests/formats/syntax-error.toml",
];

const FORMATS: [(Format, &str); 7] = [
    (Format::Human, "human"),
    (Format::Concise, "concise"),
    (Format::Json, "json"),
    (Format::Sarif, "sarif"),
    (Format::Github, "github"),
    (Format::Junit, "junit"),
    (Format::Gitlab, "gitlab"),
];

/// What `boardcheck check --format F FILE` writes, as of a fixed date.
fn render(format: Format, file: &str) -> String {
    let options = boardcheck::Options {
        as_of: boardcheck::model::Date::parse("2026-09-01").unwrap(),
        horizon_days: 90,
        ..Default::default()
    };
    let outcome = boardcheck::check_path(Path::new(file), &Loader::new(), &options);
    let emitter = Emitter {
        root: boardcheck::report::Root::current(),
        format,
        style: Style::plain(),
        fail_level: Severity::Error,
        quiet: false,
    };
    let mut summary = Summary::default();
    summary.add(&outcome);
    format!(
        "{}{}{}",
        emitter.head(),
        emitter.board(&outcome),
        emitter.tail(&summary)
    )
}

fn compile(schema: Value) -> (boon::Schemas, boon::SchemaIndex) {
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("urn:schema", schema).unwrap();
    let index = compiler.compile("urn:schema", &mut schemas).unwrap();
    (schemas, index)
}

#[test]
fn snapshots_of_every_format() {
    for (format, name) in FORMATS {
        for file in FILES {
            let stem = Path::new(file).file_stem().unwrap().to_string_lossy();
            let mut text = render(format, file);
            if matches!(format, Format::Json | Format::Sarif | Format::Gitlab) {
                // Pretty-printed, so the snapshot can be read; the SARIF rule table is the
                // code documentation, which `explain` snapshots already cover.
                let mut v: Value = serde_json::from_str(&text).unwrap();
                if format == Format::Sarif {
                    let rules = &mut v["runs"][0]["tool"]["driver"]["rules"];
                    let n = rules.as_array().unwrap().len();
                    *rules = Value::String(format!("<{n} rules, one per code>"));
                    // The root is this checkout's folder, which differs between machines.
                    let root = &mut v["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"];
                    assert!(root.as_str().unwrap().starts_with("file:///"));
                    *root = Value::String("file:///<the current folder>/".into());
                }
                text = serde_json::to_string_pretty(&v).unwrap();
            }
            insta::assert_snapshot!(format!("{name}__{stem}"), text);
        }
    }
}

#[test]
fn json_output_matches_the_report_schema() {
    let schema: Value = serde_json::from_str(&boardcheck::schema::generate(
        boardcheck::schema::Which::Report,
    ))
    .unwrap();
    let (schemas, index) = compile(schema);
    for file in FILES {
        let v: Value = serde_json::from_str(&render(Format::Json, file)).unwrap();
        if let Err(e) = schemas.validate(&v, index) {
            panic!("{file}: the JSON report does not match its schema:\n{e:#}");
        }
        assert_eq!(v["version"], 1);
    }
    let fail: Value = serde_json::from_str(&render(Format::Json, FILES[1])).unwrap();
    let board = &fail["boards"][0];
    assert_eq!(board["verdict"], "failed");
    assert_eq!(board["findings"][0]["code"], "share-above-maximum");
    assert_eq!(board["findings"][0]["location"]["line"], 14);
    assert_eq!(board["findings"][0]["location"]["column"], 9);
    assert_eq!(board["waived"][0]["finding"]["code"], "term-too-long");
    let verdicts: Vec<(&str, &str)> = board["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r["verdict"].as_str().unwrap()))
        .collect();
    assert_eq!(
        verdicts,
        [
            ("board/la-share", "failed"),
            ("board/diocesan-seat", "warning"),
            ("board/term-of-office", "waived")
        ]
    );
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string("tests/schemas/sarif-2.1.0-rtm.5.json").unwrap(),
    )
    .unwrap();
    let (schemas, index) = compile(schema);
    for file in FILES {
        let v: Value = serde_json::from_str(&render(Format::Sarif, file)).unwrap();
        if let Err(e) = schemas.validate(&v, index) {
            panic!("{file}: not valid SARIF 2.1.0:\n{e:#}");
        }
        // Every result names a rule the driver defines, at the index given.
        let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
        for r in v["runs"][0]["results"].as_array().unwrap() {
            let i = usize::try_from(r["ruleIndex"].as_u64().unwrap()).unwrap();
            assert_eq!(rules[i]["id"], r["ruleId"]);
        }
    }
    let fail: Value = serde_json::from_str(&render(Format::Sarif, FILES[1])).unwrap();
    let results = fail["runs"][0]["results"].as_array().unwrap();
    let region = &results[0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 14);
    assert_eq!(region["startColumn"], 9);
    let suppressed: Vec<&Value> = results
        .iter()
        .filter(|r| r.get("suppressions").is_some())
        .collect();
    assert_eq!(
        suppressed.len(),
        1,
        "the waived finding is a suppressed result"
    );
    assert_eq!(suppressed[0]["ruleId"], "term-too-long");
}

#[test]
fn junit_output_is_xml_with_a_case_per_rule() {
    for file in FILES {
        let text = render(Format::Junit, file);
        let doc = roxmltree::Document::parse(&text)
            .unwrap_or_else(|e| panic!("{file}: not XML: {e}\n{text}"));
        let suite = doc
            .descendants()
            .find(|n| n.has_tag_name("testsuite"))
            .unwrap();
        let cases = suite
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .count();
        assert_eq!(suite.attribute("tests"), Some(cases.to_string().as_str()));
    }
    let text = render(Format::Junit, FILES[1]);
    let doc = roxmltree::Document::parse(&text).unwrap();
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(suite.attribute("failures"), Some("1"));
    let text = render(Format::Junit, FILES[2]);
    assert!(text.contains("errors=\"1\""), "{text}");
}

#[test]
fn github_annotations_point_at_the_exact_line() {
    let text = render(Format::Github, FILES[1]);
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with(
            "::error file=tests/formats/fail.toml,line=14,col=9,endLine=14,endColumn=10,title="
        ),
        "{first}"
    );
    for line in text.lines().filter(|l| l.starts_with("::")) {
        let (command, message) = line[2..].split_once("::").unwrap();
        assert!(["error ", "warning ", "notice "]
            .iter()
            .any(|l| command.starts_with(l)));
        assert!(!message.contains('\n'));
    }
}

#[test]
fn junit_has_one_case_per_code_not_tied_to_a_rule() {
    // Integrity findings come sector by sector, so their codes interleave: over-filled,
    // vacant, over-filled. Each code is still one test case.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("interleaved.toml");
    let mut text = String::from("[board]\nname = \"B\"\n");
    for (sector, seats) in [("a", 1), ("b", 2), ("c", 1)] {
        let _ = write!(text, "\n[sectors.{sector}]\nseats = {seats}\n");
    }
    for (name, sector) in [("P1", "a"), ("P2", "a"), ("P3", "c"), ("P4", "c")] {
        let _ = write!(
            text,
            "\n[[members]]\nname = \"{name}\"\nsector = \"{sector}\"\n"
        );
    }
    std::fs::write(&path, text).unwrap();
    let xml = render(Format::Junit, path.to_str().unwrap());
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let names: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .filter_map(|n| n.attribute("name"))
        .collect();
    assert_eq!(names, ["sector-overfilled", "vacant-seats"], "{xml}");
}

/// The verdicts' words that `json::board` writes are serde's, for every verdict.
#[test]
fn verdict_words_are_serdes() {
    use boardcheck::{RuleVerdict, Verdict};
    for v in [Verdict::Passed, Verdict::Failed, Verdict::NotChecked] {
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            format!("\"{}\"", v.as_str())
        );
    }
    for v in [
        RuleVerdict::Passed,
        RuleVerdict::Failed,
        RuleVerdict::Warning,
        RuleVerdict::Waived,
        RuleVerdict::NotApplicable,
    ] {
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            format!("\"{}\"", v.as_str())
        );
    }
}

/// `json::board` writes each rule's entry from a head made once per rule; what it writes
/// must be exactly serde's rendering of `json::Board` (the type the schema describes), for
/// every example board and fixture.
#[test]
fn the_streamed_json_board_is_the_schema_type_exactly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = boardcheck::discover(&[root.join("boards"), root.join("tests/fixtures")]).files;
    assert!(files.len() > 100);
    let loader = Loader::new();
    let options = boardcheck::Options {
        as_of: boardcheck::model::Date::parse("2026-09-01").unwrap(),
        ..Default::default()
    };
    for path in files {
        let o = boardcheck::check_path(&path, &loader, &options);
        let streamed = boardcheck::report::json::board(&o);
        let typed = serde_json::to_string(&boardcheck::report::json::Board::from(&o)).unwrap();
        assert_eq!(streamed, typed, "{}", path.display());
    }
}
