//! End-to-end: the binary's exit codes, summary line, colour handling and bad paths.

use std::path::Path;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_boardcheck"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs")
}

/// The example boards under `boards/`, and how many pass by their `# expect:` headers.
fn board_totals() -> (usize, usize) {
    // An estate's files are not boards; each estate is reported as one more entry, held to
    // the verdict its `boardcheck.toml` states.
    let (estates, planned) = boardcheck::estate::plan(
        boardcheck::discover(
            &[std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("boards")],
        )
        .files,
        &boardcheck::pack::Loader::new(),
        u64::MAX,
    );
    let files: Vec<std::path::PathBuf> = planned
        .into_iter()
        .map(|(p, _)| p)
        .chain(
            estates
                .iter()
                .map(|e| e.root.join(boardcheck::estate::ESTATE_FILE)),
        )
        .collect();
    let passing = files
        .iter()
        .filter(|f| {
            std::fs::read_to_string(f)
                .unwrap()
                .lines()
                .any(|l| l.trim() == "# expect: pass")
        })
        .count();
    (files.len(), passing)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn passing_board_exits_zero() {
    let o = run(&[
        "check",
        "--color",
        "never",
        "boards/rotherham/resp-2018-response-13.toml",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("checked 1 board: 1 passed, 0 failed (0 errors, 0 warnings)"));
}

#[test]
fn failing_board_exits_one_and_points_at_the_line() {
    let o = run(&[
        "check",
        "--color",
        "never",
        "boards/rotherham/resp-2018-proposal-10.toml",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("share-above-maximum (resp-2018/local-authority-share)"),
        "{out}"
    );
    assert!(out.contains(
        "local-authority seats are 3 of 10 seats (30%); the share must be less than 30%"
    ));
    assert!(
        out.contains("[boards/rotherham/resp-2018-proposal-10.toml:41:9]"),
        "{out}"
    );
    assert!(out.contains("remove 1 local-authority seat"));
    assert!(
        out.contains("checked 1 board: 0 passed, 1 failed (1 error, 3 warnings)"),
        "{out}"
    );
}

#[test]
fn directory_is_searched_recursively_and_summarised() {
    let o = run(&["check", "--color", "never", "boards"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains(&{
            let (n, passed) = board_totals();
            format!("checked {n} boards: {passed} passed, {} failed", n - passed)
        }),
        "{out}"
    );
    assert!(out.contains("pass  boards/rotherham/resp-2018-response-13.toml"));
    assert!(out.contains("FAIL  boards/rotherham/resp-2018-proposal-10.toml"));
}

#[test]
fn no_path_checks_boards_directory() {
    let o = run(&["check", "--color", "never"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains(&format!("checked {} boards", board_totals().0)));
}

#[test]
fn missing_file_exits_two() {
    let o = run(&["check", "--color", "never", "no/such/board.toml"]);
    assert_eq!(o.status.code(), Some(2));
    let out = stdout(&o);
    assert!(
        out.contains("cannot read `no/such/board.toml`: no such file"),
        "{out}"
    );
    assert!(out.contains("1 could not be checked"));
}

#[test]
fn syntax_error_exits_two_and_wins_over_failures() {
    let o = run(&[
        "check",
        "--color",
        "never",
        "tests/fixtures/schema/syntax-error.toml",
        "boards",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).contains("toml-syntax"));
}

#[test]
fn directory_without_boards_exits_two() {
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_boardcheck"))
        .args(["check", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no `*.toml` board files found"));
    let o = Command::new(env!("CARGO_BIN_EXE_boardcheck"))
        .arg("check")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no `boards/` directory here"));
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let board = "boards/rotherham/resp-2018-proposal-10.toml";
    let always = run(&["check", "--color", "always", board]);
    assert!(
        stdout(&always).contains('\u{1b}'),
        "--color always should colour"
    );
    let never = run(&["check", "--color", "never", board]);
    assert!(!stdout(&never).contains('\u{1b}'));
    // Piped output under `auto` is plain; NO_COLOR keeps it plain too.
    let auto = Command::new(env!("CARGO_BIN_EXE_boardcheck"))
        .args(["check", board])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&auto.stdout).contains('\u{1b}'));
}

#[test]
fn relative_pack_paths_resolve_against_the_board() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("packs")).unwrap();
    std::fs::write(
        dir.path().join("packs/local.toml"),
        "[pack]\nname = \"local/size\"\ntitle = \"Size\"\nversion = \"1\"\nsource = \"test\"\n\n[[rules]]\nid = \"size\"\nkind = \"count\"\ntitle = \"at least 5 seats\"\nat-least = 5\n",
    )
    .unwrap();
    let board = dir.path().join("board.toml");
    std::fs::write(
        &board,
        "[board]\nname = \"B\"\nrules = [\"packs/local.toml\"]\n\n[sectors.a]\nseats = 3\n",
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_boardcheck"))
        .args(["check", "--color", "never", board.to_str().unwrap()])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("count-below-minimum (size/size)"), "{out}");
    assert!(Path::new(&dir.path().join("packs/local.toml")).exists());
}

#[test]
fn help_describes_exit_codes() {
    let o = run(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("Exit codes"));
}

#[test]
fn packs_lists_and_shows_builtin_packs() {
    let o = run(&["packs"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for name in [
        "england/academy-trust",
        "england/federation-2012",
        "england/federation-2016",
        "england/maintained-school-2012",
        "england/schools-forum-2012",
        "rotherham/resp-2018",
    ] {
        assert!(out.contains(name), "{name} not listed:\n{out}");
    }
    let o = run(&["packs", "show", "england/schools-forum-2012"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("(SI 2012/2261), reg 8(3)"));
    let o = run(&[
        "--color",
        "never",
        "packs",
        "show",
        "england/schools-forum-2021",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).contains("did you mean `england/schools-forum-2012`?"));
}

#[test]
fn as_of_must_be_a_date() {
    let o = run(&["check", "--as-of", "2026-02-30", "boards"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is not a date"));
    let o = run(&[
        "check",
        "--color",
        "never",
        "--as-of",
        "2026-09-01",
        "boards/england/academy-trust-trustees.toml",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("Colin Forde's term ended on 2026-08-31, before 2026-09-01"));
}

#[test]
fn same_board_passes_one_federation_version_and_fails_the_other() {
    let o16 = run(&[
        "check",
        "--color",
        "never",
        "boards/england/three-schools-federation-2016.toml",
    ]);
    let o12 = run(&[
        "check",
        "--color",
        "never",
        "boards/england/three-schools-federation-2012.toml",
    ]);
    assert_eq!(o16.status.code(), Some(0), "{}", stdout(&o16));
    assert_eq!(o12.status.code(), Some(1));
    assert!(
        stdout(&o12)
            .contains("2 parent governor seats for 3 federated schools; each needs exactly 1"),
        "{}",
        stdout(&o12)
    );
}

/// `run` with an environment variable set.
fn run_with_env(args: &[&str], key: &str, value: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_boardcheck"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env(key, value)
        .output()
        .expect("the binary runs")
}

#[test]
fn format_comes_from_the_flag_or_the_environment() {
    let file = "tests/formats/fail.toml";
    let o = run(&[
        "check",
        "--format",
        "concise",
        "--as-of",
        "2026-09-01",
        file,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).starts_with("tests/formats/fail.toml:14:9: error[share-above-maximum]"));
    let o = run_with_env(
        &["check", "--as-of", "2026-09-01", file],
        "BOARDCHECK_FORMAT",
        "github",
    );
    assert!(stdout(&o).starts_with("::error file=tests/formats/fail.toml,line=14,col=9,"));
    // The flag wins over the environment.
    let o = run_with_env(
        &["check", "--format", "json", "--as-of", "2026-09-01", file],
        "BOARDCHECK_FORMAT",
        "github",
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["summary"]["failed"], 1);
    let o = run_with_env(&["check", file], "BOARDCHECK_FORMAT", "xml");
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn json_of_many_boards_is_one_document() {
    let o = run(&[
        "check",
        "--format",
        "json",
        "--as-of",
        "2026-09-01",
        "boards/",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let (n, passed) = board_totals();
    assert_eq!(v["boards"].as_array().unwrap().len(), n);
    assert_eq!(v["summary"]["passed"], passed);
}

#[test]
fn fail_level_and_exit_zero_decide_the_exit_code() {
    // The 10-member proposal waived of its only error leaves warnings only.
    let warnings_only = "tests/fixtures/waivers/sector-matched.toml";
    let args = ["check", "--as-of", "2026-09-01", warnings_only];
    assert_eq!(run(&args).status.code(), Some(0));
    let o = run(&[&args[..], &["--fail-level", "warning"]].concat());
    assert_eq!(o.status.code(), Some(1));
    let o = run(&[
        "check",
        "--exit-zero",
        "boards/rotherham/resp-2018-proposal-10.toml",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("1 failed"));
    // A file that cannot be checked is not a finding: --exit-zero keeps exit 2.
    let o = run(&["check", "--exit-zero", "tests/formats/syntax-error.toml"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn statistics_count_findings_per_rule() {
    let o = run(&["check", "--statistics", "--as-of", "2026-09-01", "boards/"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.starts_with("count  severity  code"), "{out}");
    assert!(
        out.lines().any(|l| l.contains("share-above-maximum")
            && l.contains("resp-2018/local-authority-share")
            && l.trim_start().starts_with('1')),
        "{out}"
    );
    assert!(
        out.contains(&format!("checked {} boards", board_totals().0)),
        "{out}"
    );
    let o = run(&["check", "--statistics", "--format", "sarif", "boards/"]);
    assert_eq!(o.status.code(), Some(2));
}

/// `--statistics --format json` is the report document, with the counts in its
/// `statistics` field, and it validates against the report schema.
#[test]
fn statistics_in_json_are_part_of_the_report_document() {
    let o = run(&[
        "check",
        "--statistics",
        "--format",
        "json",
        "--as-of",
        "2026-09-01",
        "boards/",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("one JSON document");
    let schema: serde_json::Value = serde_json::from_str(&boardcheck::schema::generate(
        boardcheck::schema::Which::Report,
    ))
    .unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("report.json", schema).unwrap();
    let index = compiler.compile("report.json", &mut schemas).unwrap();
    if let Err(e) = schemas.validate(&v, index) {
        panic!("the statistics document does not match the report schema:\n{e:#}");
    }
    assert_eq!(v["version"], 1);
    let rows = v["statistics"].as_array().expect("statistics rows");
    assert!(rows.iter().any(|r| r["code"] == "share-above-maximum"
        && r["rule"] == "resp-2018/local-authority-share"
        && r["count"] == 1));
    let total: u64 = rows.iter().map(|r| r["count"].as_u64().unwrap()).sum();
    let findings: usize = v["boards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["findings"].as_array().unwrap().len())
        .sum();
    assert_eq!(
        total as usize, findings,
        "the counts add up to the findings listed"
    );
    // Without --statistics, no such field.
    let plain: serde_json::Value =
        serde_json::from_str(&stdout(&run(&["check", "--format", "json", "boards/"]))).unwrap();
    assert!(plain.get("statistics").is_none());
}

#[test]
fn explain_prints_the_documentation_of_codes_and_rules() {
    let o = run(&["explain", "share-above-maximum"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for section in [
        "## What it checks",
        "## Why it matters",
        "## Example",
        "## How to fix",
    ] {
        assert!(out.contains(section), "{out}");
    }
    let o = run(&["explain", "resp-2018/local-authority-share"]);
    let out = stdout(&o);
    assert!(
        out.contains("source:    Rotherham MBC, 'Enabling School Improvement' consultation responses (2018), appendix 1, section 8"),
        "{out}"
    );
    assert!(out.contains("less-than = \"30%\""), "{out}");
    assert!(out.contains("### share-above-maximum"), "{out}");
    let o = run(&["explain", "share-above-maximun"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean `share-above-maximum`?"));
    let o = run(&["explain"]);
    assert!(stdout(&o).contains("waiver-unmatched"));
}

#[test]
fn every_human_finding_says_how_to_explain_it() {
    let o = run(&["check", "--color", "never", "boards/"]);
    let out = stdout(&o);
    let findings = out
        .lines()
        .filter(|l| {
            l.trim_start().starts_with(['×', '⚠', '☞'])
                && !l.contains("set in")
                && !l.contains("also in")
        })
        .count();
    let pointers = out.matches("more: boardcheck explain ").count();
    assert!(findings > 10);
    assert_eq!(findings, pointers, "{out}");
}

#[test]
fn init_writes_a_starter_that_checks_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    for (i, (name, _)) in boardcheck::pack::BUILTIN.iter().enumerate() {
        let path = dir.path().join(format!("board-{i}.toml"));
        let p = path.to_str().unwrap();
        let o = run(&["init", p, "--pack", name]);
        assert_eq!(o.status.code(), Some(0), "{name}");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(&format!("rules = [\"{name}\"]")));
        assert!(text.starts_with("# A board constitution checked against"));
        let o = run(&["check", "--as-of", "2026-09-01", p]);
        assert_ne!(
            o.status.code(),
            Some(2),
            "{name}: the starter is not a valid board\n{}",
            stdout(&o)
        );
        // A second init leaves the file as it was.
        std::fs::write(&path, "# mine\n").unwrap();
        let o = run(&["init", p, "--pack", name]);
        assert_eq!(o.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&o.stderr).contains("already exists"));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "# mine\n");
    }
    let o = run(&[
        "init",
        dir.path().join("x.toml").to_str().unwrap(),
        "--pack",
        "england/maintained-school",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).contains("did you mean"));
}

#[test]
fn completions_and_man_page_come_from_the_command_line_definition() {
    let o = run(&["completions", "bash"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.contains("--fail-level") && out.contains("explain"),
        "{out}"
    );
    let o = run(&["man"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.starts_with(".ie \\n(.g .ds Aq"),
        "{}",
        &out[..200.min(out.len())]
    );
    assert!(out.contains("boardcheck"));
}

#[test]
fn schema_prints_each_schema() {
    for which in ["board", "pack", "report"] {
        let o = run(&["schema", which]);
        assert_eq!(o.status.code(), Some(0));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        assert!(v["$schema"].as_str().unwrap().contains("json-schema.org"));
    }
}

#[test]
fn explain_explains_every_rule_kind_and_rules_of_a_pack_file() {
    for kind in boardcheck::rules::KINDS {
        let o = run(&["explain", kind.name]);
        assert_eq!(o.status.code(), Some(0), "explain {}", kind.name);
        let out = stdout(&o);
        assert!(
            out.starts_with(&format!("# {} (rule kind, since ", kind.name)),
            "{out}"
        );
    }
    // A kind comes before a rule of the same name (several packs have a rule `quorum`).
    assert!(stdout(&run(&["explain", "quorum"])).contains("(rule kind"));

    let dir = std::env::temp_dir().join(format!("boardcheck-explain-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pack = dir.join("local.toml");
    std::fs::write(
        &pack,
        "[pack]\nname = \"local/terms\"\ntitle = \"Local terms\"\nversion = \"1\"\nsource = \"Minutes, 4 May\"\n\n[[rules]]\nid = \"two-parents\"\nkind = \"count\"\nselect = { tag = \"parent\" }\nat-least = 2\ncitation = \"Minutes, 4 May, item 3\"\n",
    )
    .unwrap();
    let path = pack.to_str().unwrap();
    let o = run(&["explain", "--pack", path, "two-parents"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = stdout(&o);
    assert!(out.starts_with("# terms/two-parents"), "{out}");
    assert!(out.contains("source:    Minutes, 4 May, item 3"), "{out}");
    assert!(out.contains("### count-below-minimum"), "{out}");
    // With --pack, a kind's example comes from that pack.
    let out = stdout(&run(&["explain", "--pack", path, "count"]));
    assert!(out.contains("## In a pack: terms/two-parents"), "{out}");
    // Built-in rules are not searched when a pack is given.
    let o = run(&["explain", "--pack", path, "local-authority-share"]);
    assert_eq!(o.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn init_writes_a_starter_that_passes_its_pack_for_the_category_given() {
    let dir = std::env::temp_dir().join(format!("boardcheck-init-fit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for category in [
        "community",
        "voluntary-aided",
        "foundation-without-foundation",
    ] {
        let path = dir.join(format!("{category}.toml"));
        let p = path.to_str().unwrap();
        let o = run(&[
            "init",
            p,
            "--pack",
            "england/maintained-school-2012",
            "--fact",
            &format!("category={category}"),
        ]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains(&format!("category = \"{category}\"")),
            "{text}"
        );
        assert_eq!(
            text.contains("[sectors.foundation-governor]"),
            category == "voluntary-aided",
            "{text}"
        );
        assert_eq!(
            text.contains("[sectors.partnership-governor]"),
            category == "foundation-without-foundation",
            "{text}"
        );
        let o = run(&["check", "--color", "never", p]);
        assert_eq!(o.status.code(), Some(0), "{category}: {}", stdout(&o));
    }
    let o = run(&[
        "init",
        dir.join("x.toml").to_str().unwrap(),
        "--pack",
        "england/maintained-school-2012",
        "--fact",
        "categry=community",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("reads no fact `categry`"));
    std::fs::remove_dir_all(&dir).unwrap();
}
