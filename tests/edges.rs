//! The edges people meet first (issue 17): standard input, `-o`, colour and the
//! environment, control characters in board text. Each test failed before its change.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn boardcheck() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_boardcheck"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    for v in [
        "NO_COLOR",
        "CLICOLOR_FORCE",
        "FORCE_COLOR",
        "TERM",
        "BOARDCHECK_FORMAT",
    ] {
        c.env_remove(v);
    }
    c
}

/// Runs with `input` on standard input.
fn piped(c: &mut Command, input: &[u8]) -> Output {
    let mut child = c
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    // A run that stops before reading (`-` given twice) closes the pipe: not a failure.
    let _ = child.stdin.take().unwrap().write_all(input);
    child.wait_with_output().unwrap()
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const PROPOSAL: &str = "boards/rotherham/resp-2018-proposal-10.toml";

#[test]
fn a_board_on_standard_input_is_checked_as_the_file_it_is_named() {
    let board = std::fs::read(PROPOSAL).unwrap();
    let o = piped(
        boardcheck().args(["check", "-", "--format", "concise"]),
        &board,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).starts_with("<stdin>:41:9: error[share-above-maximum]"),
        "{}",
        text(&o)
    );

    // Named, as an editor or a pre-commit hook names the buffer: findings carry the name.
    let o = piped(
        boardcheck().args([
            "check",
            "-",
            "--stdin-filename",
            PROPOSAL,
            "--format",
            "json",
        ]),
        &board,
    );
    assert_eq!(o.status.code(), Some(1));
    let from_file = boardcheck()
        .args(["check", PROPOSAL, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(text(&o), text(&from_file));

    // With files too; `-` only once; not text is exit 2 with the reason.
    let o = piped(
        boardcheck().args([
            "check",
            "-",
            "boards/england/schools-forum.toml",
            "--format",
            "concise",
        ]),
        &board,
    );
    assert!(text(&o).contains("checked 2 boards"), "{}", text(&o));
    let o = piped(boardcheck().args(["check", "-", "-"]), &board);
    assert_eq!(o.status.code(), Some(2));
    let o = piped(boardcheck().args(["check", "-"]), b"\xff\xfe");
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("not UTF-8"), "{}", text(&o));
}

#[test]
fn a_board_on_standard_input_names_its_pack_files_relative_to_its_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::create_dir(dir.path().join("packs")).unwrap();
    std::fs::create_dir(dir.path().join("boards")).unwrap();
    let pack = std::fs::read_to_string("packs/rotherham/resp-2018.toml")
        .unwrap()
        .replace("name = \"rotherham/resp-2018\"", "name = \"local\"");
    std::fs::write(dir.path().join("packs/local.toml"), pack).unwrap();
    let board = std::fs::read_to_string(PROPOSAL)
        .unwrap()
        .replace("\"rotherham/resp-2018\"", "\"../packs/local.toml\"");
    let named = dir.path().join("boards/p.toml");
    let o = piped(
        boardcheck()
            .current_dir(dir.path())
            .args(["check", "-", "--format", "concise", "--stdin-filename"])
            .arg(&named),
        board.as_bytes(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("(local/local-authority-share)"),
        "{}",
        text(&o)
    );
}

#[test]
fn output_goes_to_a_file_whole_and_never_over_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("findings.txt");
    let o = boardcheck()
        .args([
            "check", PROPOSAL, "--format", "concise", "--color", "auto", "-o",
        ])
        .arg(&out)
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains("error[share-above-maximum]"));
    assert!(
        !written.contains('\u{1b}'),
        "no colour in a file unless --color always"
    );

    let copy = dir.path().join("board.toml");
    std::fs::copy(PROPOSAL, &copy).unwrap();
    let before = std::fs::read(&copy).unwrap();
    let o = boardcheck()
        .args(["check", "-o"])
        .arg(&copy)
        .arg(&copy)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        before,
        "the board is untouched"
    );
}

fn concise_with(vars: &[(&str, &str)], colour: &str) -> String {
    let mut c = boardcheck();
    c.args(["check", PROPOSAL, "--format", "concise", "--color", colour]);
    for (k, v) in vars {
        c.env(k, v);
    }
    text(&c.output().unwrap())
}

#[test]
fn colour_follows_the_flags_and_the_environment() {
    // Not a terminal: no colour, unless forced.
    assert!(!concise_with(&[], "auto").contains('\u{1b}'));
    let forced = concise_with(&[("CLICOLOR_FORCE", "1")], "auto");
    assert!(
        forced.contains("\u{1b}[1;31merror\u{1b}[0m[share-above-maximum]"),
        "{forced}"
    );
    assert!(concise_with(&[("FORCE_COLOR", "1")], "auto").contains('\u{1b}'));
    assert!(!concise_with(&[("FORCE_COLOR", "1"), ("NO_COLOR", "1")], "auto").contains('\u{1b}'));
    assert!(!concise_with(&[("CLICOLOR_FORCE", "1")], "never").contains('\u{1b}'));
    assert!(concise_with(&[("TERM", "dumb")], "always").contains('\u{1b}'));
}

#[test]
fn control_characters_in_a_board_are_shown_never_obeyed() {
    let dir = tempfile::tempdir().unwrap();
    let board = dir.path().join("evil.toml");
    let evil = std::fs::read_to_string(PROPOSAL).unwrap().replacen(
        "name = \"Rotherham",
        "name = \"\\u001b]0;owned\\u0007\\u001b[2J\\r\\u202eRotherham",
        1,
    );
    std::fs::write(&board, evil).unwrap();
    let b = board.to_str().unwrap();
    for args in [
        vec!["check", b, "--color", "never"],
        vec!["check", b, "--format", "concise", "--color", "never"],
        vec!["check", b, "--color", "always"],
        vec!["compare", b, PROPOSAL],
        vec!["report", b, "--format", "md"],
        vec!["suggest", b],
    ] {
        let o = boardcheck().args(&args).output().unwrap();
        let out = text(&o);
        for bad in ['\u{7}', '\r', '\u{202e}'] {
            assert!(!out.contains(bad), "{args:?} wrote {bad:?} raw:\n{out}");
        }
        assert!(
            !out.contains("\u{1b}]"),
            "{args:?} wrote an escape sequence raw"
        );
        assert!(
            !out.contains("\u{1b}[2J"),
            "{args:?} wrote an escape sequence raw"
        );
        assert!(
            out.contains("\\u{1b}") || args[0] != "check" || args.contains(&"concise"),
            "{args:?} shows the escape:\n{out}"
        );
    }
    assert!(Path::new(&board).exists());
}

/// A board whose text carries HTML, a link, a formula and a code fence.
fn hostile_board(dir: &Path) -> std::path::PathBuf {
    let board = dir.join("hostile.toml");
    let text = std::fs::read_to_string("boards/england/academy-trust-members.toml")
        .unwrap()
        .replacen(
            "name = \"",
            "name = \"<script>alert(1)</script><img src=x onerror=alert(2)>[click](javascript:alert(3)) `x` | ",
            1,
        );
    // Members' names as formulas a spreadsheet would run.
    let text = text.replacen("name = \"", "name = \"=HYPERLINK(\\\"http://x\\\")", 2);
    std::fs::write(&board, text).unwrap();
    board
}

/// Runs `c`, which must exit 0.
fn succeeds(c: &mut Command) -> Output {
    let o = c.output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// `boardcheck report --format FORMAT BOARD`, which must succeed.
fn report_of(board: &Path, format: &str) -> String {
    text(&succeeds(
        boardcheck().args(["report", "--format", format]).arg(board),
    ))
}

#[test]
fn markdown_papers_show_html_in_board_text_and_never_run_it() {
    let dir = tempfile::tempdir().unwrap();
    let board = hostile_board(dir.path());
    let md = report_of(&board, "md");
    let mut html = String::new();
    let mut options = pulldown_cmark::Options::empty();
    options.insert(pulldown_cmark::Options::ENABLE_TABLES);
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(&md, options));
    for bad in ["<script", "<img", "href=\"javascript:"] {
        assert!(!html.contains(bad), "{bad} survived rendering:\n{html}");
    }
    // The text itself is shown.
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
}

#[test]
fn register_cells_never_start_a_spreadsheet_formula() {
    let dir = tempfile::tempdir().unwrap();
    let board = hostile_board(dir.path());
    let csv = report_of(&board, "csv");
    let mut formulas = 0;
    for line in csv.lines().skip(1) {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "a cell starts a formula: {cell}\n{csv}"
            );
            formulas += usize::from(cell.starts_with("'="));
        }
    }
    assert!(
        formulas > 0,
        "the hostile names are there, neutralised:\n{csv}"
    );
}

fn sarif_of(args: &[&str], dir: &Path) -> serde_json::Value {
    let o = succeeds(
        boardcheck()
            .current_dir(dir)
            .args(["check", "--format", "sarif", "--exit-zero"])
            .args(args),
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

/// Every `artifactLocation` of a SARIF log.
fn artifacts(v: &serde_json::Value) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::Object(m) => {
                if let Some(a) = m.get("artifactLocation") {
                    out.push(a.clone());
                }
                stack.extend(m.values());
            }
            serde_json::Value::Array(a) => stack.extend(a),
            _ => {}
        }
    }
    out
}

#[test]
fn sarif_locates_files_relative_to_the_root_however_they_were_named() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let absolute = repo.join(PROPOSAL);
    let tests = repo.join("tests");
    for (args, dir) in [
        (vec![absolute.to_str().unwrap()], repo),
        (
            vec![
                "../boards/rotherham/resp-2018-proposal-10.toml",
                "--root",
                "..",
            ],
            tests.as_path(),
        ),
        (vec!["./boards/rotherham/resp-2018-proposal-10.toml"], repo),
    ] {
        let v = sarif_of(&args, dir);
        let found = artifacts(&v);
        assert!(!found.is_empty());
        for a in found {
            assert_eq!(
                a["uri"], "boards/rotherham/resp-2018-proposal-10.toml",
                "{args:?}"
            );
            assert_eq!(a["uriBaseId"], "%SRCROOT%");
        }
        let base = v["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
            .as_str()
            .unwrap();
        assert!(
            base.starts_with("file:///") && base.ends_with('/'),
            "{base}"
        );
        let root_dir = base.trim_start_matches("file://");
        assert!(
            Path::new(root_dir).join(PROPOSAL).exists(),
            "{base} is the repository"
        );
    }
    // A file outside the root is named by an absolute file: URI, never `../`.
    let v = sarif_of(&[absolute.to_str().unwrap()], &tests);
    for a in artifacts(&v) {
        let uri = a["uri"].as_str().unwrap();
        assert!(
            uri.starts_with("file:///") && a.get("uriBaseId").is_none(),
            "{uri}"
        );
    }
}

#[test]
fn sarif_fingerprints_survive_unrelated_edits_and_tell_findings_apart() {
    let dir = tempfile::tempdir().unwrap();
    let board = dir.path().join("b.toml");
    let text = std::fs::read_to_string(PROPOSAL).unwrap();
    let prints = |text: &str| -> Vec<(String, String)> {
        std::fs::write(&board, text).unwrap();
        let v = sarif_of(&["b.toml"], dir.path());
        v["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["ruleId"].as_str().unwrap().to_string(),
                    r["partialFingerprints"]["boardcheck/v1"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                )
            })
            .collect()
    };
    let before = prints(&text);
    assert!(before.len() >= 3);
    // Two findings at the same place with the same code (both office-undetermined at the
    // board's name) have different fingerprints.
    let mut distinct: Vec<&String> = before.iter().map(|(_, p)| p).collect();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), before.len(), "{before:?}");
    // Comment lines added at the top move every line; no fingerprint changes.
    let moved = prints(&format!("# a note\n# another\n\n{text}"));
    assert_eq!(moved, before);
}

#[test]
fn github_and_gitlab_name_files_from_the_repository_root() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let absolute = repo.join(PROPOSAL);
    for path in [format!("./{PROPOSAL}"), absolute.display().to_string()] {
        let o = boardcheck()
            .args(["check", "--format", "github", &path])
            .output()
            .unwrap();
        let out = text(&o);
        assert_eq!(out.lines().filter(|l| l.starts_with("::")).count(), 4);
        assert!(
            out.lines()
                .filter(|l| l.starts_with("::"))
                .all(|l| l.contains(&format!("file={PROPOSAL},"))),
            "{out}"
        );
        let o = boardcheck()
            .args(["check", "--format", "gitlab", &path])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let issues = v.as_array().unwrap();
        assert_eq!(issues.len(), 4);
        let mut prints: Vec<&str> = issues
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap())
            .collect();
        prints.sort_unstable();
        prints.dedup();
        assert_eq!(prints.len(), issues.len());
        for i in issues {
            assert_eq!(i["location"]["path"], PROPOSAL);
            assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
            assert!(["major", "minor", "info"].contains(&i["severity"].as_str().unwrap()));
            assert!(i["description"].as_str().unwrap().len() > 10);
        }
    }
    // A run with nothing to report is an empty array; many boards, one array.
    let o = boardcheck()
        .args([
            "check",
            "--format",
            "gitlab",
            "boards/rotherham/resp-2018-response-13.toml",
        ])
        .output()
        .unwrap();
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap(),
        serde_json::json!([])
    );
    let o = boardcheck()
        .args(["check", "--format", "gitlab", "boards/"])
        .output()
        .unwrap();
    let all: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(all.as_array().unwrap().len() > 10);
}

#[test]
fn man_writes_a_page_for_every_command_with_its_options() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("man1");
    let o = boardcheck().arg("man").arg(&pages).output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    for command in [
        "check", "options", "suggest", "fix", "compare", "report", "explain", "schema", "init",
        "packs", "man",
    ] {
        let page = pages.join(format!("boardcheck-{command}.1"));
        assert!(page.exists(), "{} missing", page.display());
    }
    let check = std::fs::read_to_string(pages.join("boardcheck-check.1")).unwrap();
    for option in [
        "stdin\\-filename",
        "\\-\\-output",
        "fail\\-level",
        "statistics",
        "gitlab",
    ] {
        assert!(check.contains(option), "boardcheck-check(1) lacks {option}");
    }
    let top = std::fs::read_to_string(pages.join("boardcheck.1")).unwrap();
    assert!(
        top.contains("boardcheck\\-check(1)"),
        "the top page links to the others"
    );
    // Without a folder: the top page on standard output, as before.
    let o = boardcheck().arg("man").output().unwrap();
    assert!(
        text(&o).starts_with(".ie"),
        "{}",
        &text(&o)[..40.min(o.stdout.len())]
    );
}

#[test]
fn completions_offer_codes_rule_ids_and_pack_names() {
    // fish's generator completes options' values only: the pack names of `init --pack`.
    let fish = text(&boardcheck().args(["completions", "fish"]).output().unwrap());
    assert!(fish.contains("england/maintained-school-2012"));
    for shell in ["bash", "zsh"] {
        let o = boardcheck().args(["completions", shell]).output().unwrap();
        let script = text(&o);
        for word in [
            "share-above-maximum",
            "resp-2018/local-authority-share",
            "england/maintained-school-2012",
            "proportional",
        ] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
    }
    // Values outside the list still reach the command, which explains in its own words.
    let o = boardcheck()
        .args(["explain", "share-above-maximun"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean `share-above-maximum`"));
    let o = boardcheck()
        .args(["packs", "show", "packs/rotherham/resp-2018.toml"])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Today is the local date: at every moment, a zone 14 hours ahead of UTC and one 12
/// hours behind are on different days, and boardcheck's today follows `TZ`.
#[test]
fn today_is_the_local_date() {
    let today_in = |tz: &str| {
        let o = boardcheck()
            .env("TZ", tz)
            .args(["report", "--format", "md", PROPOSAL])
            .output()
            .unwrap();
        let md = text(&o);
        let at = md.find("Checked as of ").expect("the paper is dated") + 14;
        md[at..at + 10].to_string()
    };
    let (east, west) = (today_in("XST-14"), today_in("YST+12"));
    assert!(east > west, "{east} should be a day or two after {west}");
}

/// Messages on standard error name files as they are, control characters shown escaped.
#[test]
fn messages_show_control_characters_in_file_names_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("a\u{1b}]0;owned\u{7}b");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(PROPOSAL, folder.join("board.toml")).unwrap();
    let o = boardcheck()
        .args(["report", "--format", "md", "-o"])
        .arg(folder.join("paper.md"))
        .arg(&folder)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("wrote "), "{err}");
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    assert!(err.contains("\\u{1b}]0;owned\\u{7}"), "{err}");
}

/// A rule pack kept among the boards is checked as a pack: a sound one passes by name, a
/// broken one gives its mistakes (exit 2), and `report` gives it no paper.
#[test]
fn a_pack_among_the_boards_is_checked_as_a_pack() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::create_dir(dir.path().join("packs")).unwrap();
    let pack = std::fs::read_to_string("packs/rotherham/resp-2018.toml")
        .unwrap()
        .replace("name = \"rotherham/resp-2018\"", "name = \"local\"");
    std::fs::write(dir.path().join("packs/local.toml"), pack).unwrap();
    let board = std::fs::read_to_string("boards/rotherham/resp-2018-response-13.toml")
        .unwrap()
        .replace("\"rotherham/resp-2018\"", "\"packs/local.toml\"");
    std::fs::write(dir.path().join("board.toml"), board).unwrap();
    let o = boardcheck()
        .current_dir(dir.path())
        .args(["check", "."])
        .output()
        .unwrap();
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(
        out.contains("pass  ./packs/local.toml  rule pack local"),
        "{out}"
    );
    let paper = text(&succeeds(
        boardcheck()
            .current_dir(dir.path())
            .args(["report", ".", "--format", "md"]),
    ));
    assert!(
        paper.starts_with("# Rotherham"),
        "one paper, the board's:\n{paper}"
    );

    // `-o` never writes over a pack a board named.
    let pack_before = std::fs::read(dir.path().join("packs/local.toml")).unwrap();
    let o = boardcheck()
        .current_dir(dir.path())
        .args(["check", "board.toml", "-o", "packs/local.toml"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        std::fs::read(dir.path().join("packs/local.toml")).unwrap(),
        pack_before
    );

    // The explorer's commands and `report` say a pack is not a board (exit 2).
    for args in [
        vec!["options", "packs/local.toml"],
        vec!["suggest", "packs/local.toml"],
        vec!["compare", "packs/local.toml", "board.toml"],
        vec!["report", "packs/local.toml"],
    ] {
        let o = boardcheck()
            .current_dir(dir.path())
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("rule pack"), "{args:?}: {err}");
    }

    std::fs::write(dir.path().join("packs/broken.toml"), "[pack]\nname = 1\n").unwrap();
    let o = boardcheck()
        .current_dir(dir.path())
        .args(["check", ".", "--format", "concise"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("packs/broken.toml:2:8: error[wrong-type]"),
        "{}",
        text(&o)
    );
}
