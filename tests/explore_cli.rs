//! End-to-end: `options`, `suggest`, `fix`, `compare` and the what-if flags of `check`.

use std::path::Path;
use std::process::{Command, Output};

const PROPOSAL: &str = "boards/rotherham/resp-2018-proposal-10.toml";
const RESPONSE: &str = "boards/rotherham/resp-2018-response-13.toml";

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_boardcheck"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn run(args: &[&str]) -> Output {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn options_answers_the_sector_groups_question() {
    // "Which boards of 12 to 15 seats satisfy the partnership's rules if primary keeps 2?"
    // By hand: LA 3, primary 2, secondary 2, governors 1, and specialist s + alliance t
    // = T - 8 with s, t >= 1 and s <= 4 (no phase above half): 3 + 4 + 4 + 4 = 15.
    let args = [
        "options",
        PROPOSAL,
        "--seats",
        "12..15",
        "--keep",
        "primary=2",
    ];
    let o = run(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains(
            "15 allocations of 12 to 15 seats, keeping `primary` at 2, satisfy every seat rule"
        ),
        "{out}"
    );
    // The closest first: one change is impossible at 12 seats, so the first rows move 2.
    let first = out
        .lines()
        .find(|l| l.trim_start().starts_with("1 "))
        .unwrap();
    assert!(first.split_whitespace().nth(1) == Some("2"), "{first}");

    let json = run(&[&args[..], &["--format", "json"]].concat());
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("one JSON document");
    assert_eq!(v["count"], 15);
    let all = v["allocations"].as_array().unwrap();
    assert_eq!(all.len(), 15);
    for a in all {
        assert_eq!(a["seats"]["primary"], 2);
        assert_eq!(a["seats"]["local-authority"], 3);
        let t = a["total"].as_u64().unwrap();
        assert!((12..=15).contains(&t));
    }

    let csv = run(&[&args[..], &["--format", "csv"]].concat());
    let mut r = csv::Reader::from_reader(&csv.stdout[..]);
    let headers = r.headers().unwrap().clone();
    assert_eq!(&headers[0], "total");
    assert!(headers.iter().any(|h| h == "teaching-school-alliance"));
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 15);
}

#[test]
fn options_names_the_rules_that_leave_nothing() {
    // At 10 seats, exactly 3 LA seats is 30%, which the share rule forbids.
    let o = run(&["options", PROPOSAL]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("No allocation of 10 seats satisfies every seat rule"),
        "{out}"
    );
    assert!(out.contains("`resp-2018/local-authority-share`"), "{out}");
    assert!(out.contains("`resp-2018/local-authority-seats`"), "{out}");
    assert!(!out.contains("  - `resp-2018/primary-seats`"), "{out}");
}

#[test]
fn options_counts_a_huge_space_exactly() {
    // Without --keep, 15 to 40 seats: too many to list, counted at once.
    let o = run(&["options", PROPOSAL, "--seats", "..40", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let listed = v["allocations"].as_array().unwrap().len() as u64;
    assert_eq!(v["count"].as_u64(), Some(listed));
    assert!(listed > 100);
}

#[test]
fn options_rejects_unknown_sectors_and_bad_ranges() {
    let o = run(&["options", PROPOSAL, "--keep", "primry=2"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `primary`?"),
        "{}",
        stderr(&o)
    );
    let o = run(&["options", PROPOSAL, "--seats", "15..12"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is empty"), "{}", stderr(&o));
}

#[test]
fn what_if_changes_seats_in_memory_only() {
    let before = std::fs::read(PROPOSAL).unwrap();
    // Add a diocesan seat: 3 LA seats of 11 is 27.3%, below 30%.
    let o = run(&[
        "check",
        "--color",
        "never",
        PROPOSAL,
        "--add-sector",
        "diocese=1:diocese",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // Two LA seats: the share passes, but exactly 3 are required.
    let o = run(&[
        "check",
        "--color",
        "never",
        PROPOSAL,
        "--set",
        "local-authority=2",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("local-authority seats number 2; exactly 3 required"),
        "{out}"
    );
    assert!(!out.contains("share-above-maximum"), "{out}");
    // Dropping the LA sector leaves no LA seats at all.
    let o = run(&[
        "check",
        "--color",
        "never",
        PROPOSAL,
        "--drop-sector",
        "local-authority",
    ]);
    assert!(
        stdout(&o).contains("local-authority seats number 0"),
        "{}",
        stdout(&o)
    );
    assert_eq!(
        std::fs::read(PROPOSAL).unwrap(),
        before,
        "the file is untouched"
    );
}

#[test]
fn what_if_points_at_the_command_line_when_a_sector_is_unknown() {
    let o = run(&[
        "check",
        "--color",
        "never",
        PROPOSAL,
        "--set",
        "local-authorty=2",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let out = stdout(&o);
    assert!(out.contains("there is no sector `local-authorty`"), "{out}");
    assert!(out.contains("did you mean `local-authority`?"), "{out}");
    assert!(out.contains("--set local-authorty=2"), "{out}");
    let o = run(&["check", PROPOSAL, "--set", "primary=none"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn check_and_suggest_give_the_smallest_fix() {
    let o = run(&["check", "--color", "never", PROPOSAL]);
    assert!(
        stdout(&o).contains("smallest change that satisfies every seat rule: add 1 seat to"),
        "{}",
        stdout(&o)
    );
    let o = run(&["suggest", PROPOSAL]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.contains(
            "  1. 1 seat change: add 1 seat to `teaching-school-alliance` (a board of 11)"
        ),
        "{out}"
    );
    assert!(out.contains("`resp-2018/local-authority-share`"), "{out}");
    let o = run(&["suggest", RESPONSE]);
    assert!(
        stdout(&o).contains("Every seat rule already holds"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn fix_keeps_every_comment_writes_atomically_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("proposal.toml");
    let original = std::fs::read_to_string(PROPOSAL).unwrap();
    std::fs::write(&path, &original).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let file = path.to_str().unwrap();

    // Without --write: a diff, nothing written.
    let o = run_in(dir.path(), &["fix", file, "--apply", "2"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("-seats = 1\n+seats = 2"), "{out}");
    assert!(out.contains("nothing written"), "{out}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);

    let o = run_in(dir.path(), &["fix", file, "--apply", "1", "--write"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let fixed = std::fs::read_to_string(&path).unwrap();
    // Every comment and every other line is kept; one seat count changed.
    for line in original.lines().filter(|l| l.trim_start().starts_with('#')) {
        assert!(fixed.contains(line), "lost comment: {line}");
    }
    let changed: Vec<(&str, &str)> = original
        .lines()
        .zip(fixed.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed, vec![("seats = 1", "seats = 2")]);
    assert_eq!(original.lines().count(), fixed.lines().count());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o644, "permissions kept");
    }
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 1, "no temporary file left behind");

    // The board now passes, and a second run changes nothing more.
    let o = run_in(dir.path(), &["check", file]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = run_in(dir.path(), &["fix", file, "--apply", "1", "--write"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("nothing to fix"), "{}", stdout(&o));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), fixed);

    // A suggestion number that does not exist is refused.
    std::fs::write(&path, &original).unwrap();
    let o = run_in(dir.path(), &["fix", file, "--apply", "99"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
}

#[test]
fn compare_puts_the_proposal_beside_the_response() {
    let o = run(&["compare", PROPOSAL, RESPONSE]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let row = |label: &str| {
        out.lines()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("no row {label} in\n{out}"))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(row("total seats"), "total seats 10 13 *");
    assert_eq!(row("local-authority seats (less than 30%)"), "local-authority seats (less than 30%) 3 of 10 seats = 30%, FAILS 3 of 13 seats = 23.1%, passes *");
    assert_eq!(
        row("resp-2018/local-authority-share"),
        "resp-2018/local-authority-share FAILS passes *"
    );
    assert_eq!(
        row("resp-2018/primary-seats"),
        "resp-2018/primary-seats passes passes"
    );
    assert_eq!(row("verdict"), "verdict FAIL PASS *");
    let o = run(&["compare", PROPOSAL]);
    assert_eq!(o.status.code(), Some(2), "one board is not a comparison");
}
