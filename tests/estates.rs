//! Estates: boards kept together under `boardcheck.toml`, with a register of people and
//! rules across boards. Every case under `tests/estates/<kind>/<case>/` is checked as
//! `check` does; a case named `*.ok` is a near miss and must give no error or warning, any
//! other must give its kind's finding. The estate's findings point at the boards' lines
//! and are snapshotted.

use boardcheck::diagnostic::Severity;
use boardcheck::estate::{self, Estate};
use boardcheck::pack::Loader;
use boardcheck::report::{render_outcome, Style};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn options() -> boardcheck::Options {
    boardcheck::Options {
        as_of: boardcheck::model::Date::parse("2026-09-01").unwrap(),
        ..Default::default()
    }
}

fn cases() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for kind in std::fs::read_dir("tests/estates").unwrap() {
        for case in std::fs::read_dir(kind.unwrap().path()).unwrap() {
            out.push(case.unwrap().path());
        }
    }
    out.sort();
    out
}

/// Checks one estate folder: every board's findings, then the estate's.
fn check(dir: &Path) -> (Vec<boardcheck::Outcome>, boardcheck::Outcome) {
    let loader = Loader::new();
    let files = boardcheck::discover(&[dir.to_path_buf()]).files;
    let (estates, boards) = estate::plan(files, &loader, u64::MAX);
    assert_eq!(estates.len(), 1, "{}: one estate", dir.display());
    let e: &Estate = &estates[0];
    let files: Vec<PathBuf> = boards.into_iter().map(|(p, _)| p).collect();
    estate::check_boards(e, &files, &loader, &options())
}

#[test]
fn every_estate_case_meets_its_kind() {
    let mut reported = BTreeSet::new();
    for dir in cases() {
        let name = dir.display().to_string();
        let (boards, own) = check(&dir);
        let all: Vec<_> = boards
            .iter()
            .flat_map(|o| o.findings.iter())
            .chain(own.findings.iter())
            .collect();
        let serious: Vec<_> = all
            .iter()
            .filter(|f| f.severity >= Severity::Warning)
            .collect();
        reported.extend(all.iter().map(|f| f.code.name));
        if dir.extension().is_some_and(|e| e == "ok") {
            assert!(serious.is_empty(), "{name} is a near miss: {serious:#?}");
        } else {
            assert!(!serious.is_empty(), "{name} should give a finding");
        }
        for f in &own.findings {
            assert!(
                !f.labels.is_empty(),
                "{name}: a finding with no place: {f:#?}"
            );
        }
        let mut text = String::new();
        for o in boards.iter().chain(std::iter::once(&own)) {
            if !o.findings.is_empty() {
                text.push_str(&render_outcome(o, Style::plain()));
            }
        }
        let snapshot = name.trim_start_matches("tests/estates/").replace('/', "__");
        insta::assert_snapshot!(snapshot, text);
    }
    // Every code of the kinds across boards, and the register's, is reported by a case.
    let mut wanted: Vec<&str> = vec!["register-clash"];
    for k in boardcheck::rules::KINDS {
        if Path::new("tests/estates").join(k.name).is_dir() {
            wanted.extend(k.codes.iter().map(|c| c.name));
        }
    }
    let missing: Vec<_> = wanted.iter().filter(|c| !reported.contains(*c)).collect();
    assert!(missing.is_empty(), "no estate case reports {missing:?}");
}

/// A finding across boards carries both boards' lines: SARIF gives the second as a related
/// location, JSON as a label, each in its own file.
#[test]
fn findings_across_boards_point_at_both_boards_in_every_format() {
    let (_, own) = check(Path::new("tests/estates/independent/no-one-in-common"));
    let json = boardcheck::report::json::board(&own);
    assert!(json.contains("no-one-in-common/a.toml"), "{json}");
    assert!(json.contains("no-one-in-common/b.toml"), "{json}");
    let sarif = boardcheck::report::sarif::board(&own);
    assert!(sarif.contains("relatedLocations"), "{sarif}");
    assert!(sarif.contains("no-one-in-common/b.toml"), "{sarif}");
    let junit = boardcheck::report::junit::board(&own, Severity::Warning);
    assert!(junit.contains("no-one-in-common/a.toml:8:8"), "{junit}");
    assert!(
        junit.contains("also: tests/estates/independent/no-one-in-common/b.toml:"),
        "{junit}"
    );
}

/// The example estates in `boards/estates/` meet the verdict their `boardcheck.toml`
/// states (`# expect: pass`, or `# expect: fail RULE...`).
#[test]
fn the_example_estates_meet_their_verdicts() {
    for dir in std::fs::read_dir("boards/estates").unwrap() {
        let dir = dir.unwrap().path();
        let text = std::fs::read_to_string(dir.join("boardcheck.toml")).unwrap();
        let expect = text
            .lines()
            .find_map(|l| l.strip_prefix("# expect:"))
            .unwrap()
            .trim()
            .to_string();
        let (boards, own) = check(&dir);
        for b in &boards {
            assert_eq!(
                b.verdict(),
                boardcheck::Verdict::Passed,
                "{}: {:#?}",
                b.file.name,
                b.findings
            );
        }
        let failing: BTreeSet<String> = own
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .filter_map(|f| f.rule.as_deref().map(str::to_string))
            .collect();
        if expect == "pass" {
            assert!(failing.is_empty(), "{}: {failing:?}", dir.display());
        } else {
            let want: BTreeSet<String> = expect
                .trim_start_matches("fail")
                .split_whitespace()
                .map(str::to_string)
                .collect();
            assert_eq!(failing, want, "{}", dir.display());
        }
    }
}

/// The estate at a glance (`report` over an estate): every board with its result and
/// vacancies, the people on more than one board, and the rules across boards.
#[test]
fn the_estate_at_a_glance_lists_boards_shared_people_and_rules_across_boards() {
    use boardcheck::report::{glance, markdown, paper::Paper};
    let loader = Loader::new();
    let files = boardcheck::discover(&[PathBuf::from("boards/estates/five-towns-trust")]).files;
    let (estates, files) = estate::plan(files, &loader, u64::MAX);
    let options = options();
    let outcomes: Vec<_> = files
        .iter()
        .map(|(f, e)| {
            boardcheck::check_path_in(f, &loader, &options, e.map(|i| &*estates[i].register))
        })
        .collect();
    let papers: Vec<Paper> = outcomes
        .iter()
        .map(|o| Paper::new(o, options.as_of, 90))
        .collect();
    let glances = glance::for_estates(&estates, &files, &outcomes, &papers, 90);
    assert_eq!(glances.len(), 1);
    let g = &glances[0];
    assert_eq!(g.name, "Five Towns Academy Trust");
    assert_eq!(g.boards.len(), 2);
    let shared: Vec<&str> = g.shared.iter().map(|s| s.person.as_str()).collect();
    assert_eq!(shared, ["Alan Whitaker", "Sunita Mehra", "Naomi Adeyemi"]);
    assert_eq!(g.verdict, boardcheck::Verdict::Failed);
    let md = markdown::render_with(&glances, &papers, None);
    insta::assert_snapshot!(
        "five-towns-at-a-glance",
        md.split("# Board composition report").next().unwrap()
    );
}

/// `compare` (like `options`, `suggest` and `fix`) reads a board of an estate with the
/// estate's register: Ann Lee is an employee only by the register, and may not chair.
#[test]
fn compare_reads_a_board_of_an_estate_with_its_register() {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_boardcheck"))
        .args([
            "compare",
            "tests/estates/register/facts-from-register/board.toml",
            "tests/estates/register/facts-from-register.ok/board.toml",
        ])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    let row = out
        .lines()
        .find(|l| l.contains("board/chair-not-employee"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(row.contains("FAILS") && row.contains("passes"), "{out}");
}

/// Mistakes in an estate's own files are findings on its `boardcheck.toml` (or register),
/// with exit code 2 from `check`, never a panic and never silence: a rule for one board
/// among the rules across boards, a person twice in the register, a register that is not
/// there.
#[test]
fn mistakes_in_the_estate_files_are_reported_where_they_are() {
    let cases = [
        (
            "[estate]\nname = \"x\"\n\n[[rules]]\nid = \"r\"\nkind = \"count\"\nat-least = 3\n",
            None,
            "a `count` rule checks one board",
        ),
        (
            "[estate]\nname = \"x\"\nregister = \"people.toml\"\n",
            Some("[[people]]\nname = \"Ann Lee\"\n\n[[people]]\nname = \"ann  lee\"\n"),
            "ann  lee is in the register twice",
        ),
        (
            "[estate]\nname = \"x\"\nregister = \"missing.toml\"\n",
            None,
            "cannot read the register `missing.toml`",
        ),
    ];
    for (estate_file, register, wanted) in cases {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("boardcheck.toml"), estate_file).unwrap();
        if let Some(r) = register {
            std::fs::write(dir.path().join("people.toml"), r).unwrap();
        }
        std::fs::write(
            dir.path().join("a.toml"),
            "[board]\nname = \"A\"\n\n[sectors.s]\nseats = 1\n",
        )
        .unwrap();
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_boardcheck"))
            .args(["check", "--format", "concise"])
            .arg(dir.path())
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&o.stdout);
        assert_eq!(o.status.code(), Some(2), "{out}");
        assert!(out.contains(wanted), "{wanted}: {out}");
    }
}

/// The CSV register over an estate says, for each member, the other boards they sit on.
#[test]
fn the_csv_register_names_the_other_boards_a_person_sits_on() {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_boardcheck"))
        .args([
            "report",
            "--format",
            "csv",
            "boards/estates/five-towns-trust",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(&r.headers().unwrap()[8], "also on");
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let whitaker: Vec<_> = rows.iter().filter(|r| &r[1] == "Alan Whitaker").collect();
    assert_eq!(whitaker.len(), 2, "{text}");
    assert_eq!(
        &whitaker[0][8],
        "Five Towns Academy Trust: board of trustees"
    );
    assert_eq!(&whitaker[1][8], "Five Towns Academy Trust: members");
    let stott = rows.iter().find(|r| &r[1] == "Graham Stott").unwrap();
    assert_eq!(&stott[8], "");
}

/// From inside an estate's folder, its boards named as bare file names still make one
/// estate (the current folder is its root), not one per board.
#[test]
fn an_estate_checked_from_inside_its_folder_is_one_estate() {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_boardcheck"))
        .current_dir("boards/estates/five-towns-trust")
        .args([
            "check",
            "--format",
            "concise",
            "members.toml",
            "trustees.toml",
        ])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        out.matches("(academy-trust/members-not-trustees)").count(),
        1,
        "{out}"
    );
    assert!(
        out.contains("checked 3 boards: 2 passed, 1 failed"),
        "{out}"
    );
}
