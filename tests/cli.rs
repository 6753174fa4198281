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
        out.contains("checked 12 boards: 6 passed, 6 failed"),
        "{out}"
    );
    assert!(out.contains("pass  boards/rotherham/resp-2018-response-13.toml"));
    assert!(out.contains("FAIL  boards/rotherham/resp-2018-proposal-10.toml"));
}

#[test]
fn no_path_checks_boards_directory() {
    let o = run(&["check", "--color", "never"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("checked 12 boards"));
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
    assert!(stdout(&o).contains("SI 2012/2261 reg 8(3)"));
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
    assert!(stdout(&o12).contains("parent governor seats number 2; exactly 3 required"));
}
