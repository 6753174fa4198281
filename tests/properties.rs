//! Property tests: the share rule agrees with a brute-force count, its suggested fixes are
//! the smallest that work, and no input, however malformed, makes boardcheck panic.

use boardcheck::pack::Loader;
use proptest::prelude::*;
use std::fmt::Write as _;

fn share_board(la: u64, others: u64, limit: &str, strict: bool) -> String {
    let key = if strict { "less-than" } else { "at-most" };
    let mut s = format!(
        "[board]\nname = \"P\"\n\n[sectors.la]\nseats = {la}\ntags = [\"local-authority\"]\n\n"
    );
    if others > 0 {
        let _ = write!(s, "[sectors.others]\nseats = {others}\n\n");
    }
    let _ = write!(
        s,
        "[[rules]]\nid = \"la\"\nkind = \"share\"\nselect = {{ tag = \"local-authority\" }}\nsubject = \"local-authority seats\"\n{key} = \"{limit}\"\n"
    );
    s
}

/// The most LA seats a board of `total` may have: found by trying every count, not by
/// cross-multiplying once.
fn brute_max_allowed(total: u64, p: u64, q: u64, strict: bool) -> Option<u64> {
    (0..=total).rev().find(|&m| {
        // m/total compared with p/q by scaling both to the common denominator total*q.
        let lhs = m * q;
        let rhs = p * total;
        if strict {
            lhs < rhs
        } else {
            lhs <= rhs
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn share_rule_agrees_with_brute_force(la in 1u64..40, others in 0u64..60, p in 0u64..=12, q in 1u64..=12, strict: bool) {
        prop_assume!(p <= q);
        let limit = format!("{p}/{q}");
        let text = share_board(la, others, &limit, strict);
        let outcome = boardcheck::check_text("p.toml", &text, None, &Loader::new(), &boardcheck::Options::default());
        let failed = outcome.findings.iter().any(|f| f.code.name == "share-above-maximum");
        let total = la + others;
        let expected_fail = brute_max_allowed(total, p, q, strict).is_none_or(|m| la > m);
        prop_assert_eq!(failed, expected_fail, "{} of {} against {} {}", la, total, if strict { "less than" } else { "at most" }, limit);
        if failed {
            // The suggested removal is the smallest that works.
            let help = outcome.findings.iter().find(|f| f.code.name == "share-above-maximum").unwrap().help.clone().unwrap();
            if let Some(rest) = help.strip_prefix("remove ") {
                let k: u64 = rest.split_whitespace().next().unwrap().parse().unwrap();
                let ok = |k: u64| brute_max_allowed(total - k, p, q, strict).is_some_and(|m| la - k <= m);
                prop_assert!(ok(k), "removing {} does not fix {} of {}", k, la, total);
                prop_assert!(k == 1 || !ok(k - 1), "removing {} would already fix {} of {}", k - 1, la, total);
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,300}") {
        let outcome = boardcheck::check_text("x.toml", &text, None, &Loader::new(), &boardcheck::Options::default());
        if !outcome.checked {
            prop_assert!(!outcome.findings.is_empty());
        }
        let _ = boardcheck::report::render_outcome(&outcome, boardcheck::report::Style::plain());
    }

    /// The fuzz target's smoke version: boards cut and spliced at random go through check,
    /// the machine formats, the smallest-fix search, `fix`'s edit and the explorer.
    #[test]
    fn mangled_boards_survive_everything_the_fuzz_target_does(
        which in 0usize..4,
        cut in 0usize..3000,
        insert in "[\\[\\]{}=\"\n a-z0-9.,#-]{0,16}",
        seats in 0u32..40,
    ) {
        let bases = [
            include_str!("../boards/rotherham/resp-2018-proposal-10.toml"),
            include_str!("../boards/rotherham/resp-2018-constituted.toml"),
            include_str!("../tests/fixtures/proportional/out-of-line.toml"),
            include_str!("../tests/fixtures/balance/dominates.toml"),
        ];
        let base = bases[which].replacen("seats = 1\n", &format!("seats = {seats}\n"), 1);
        let mut at = cut.min(base.len());
        while !base.is_char_boundary(at) { at -= 1; }
        let text = format!("{}{}{}", &base[..at], insert, &base[at..]);
        boardcheck::smoke::exercise(&text, &Loader::new());
    }

    #[test]
    fn mangled_boards_never_panic(cut in 0usize..2000, insert in "[\\[\\]{}=\"\n a-z0-9.,#-]{0,12}") {
        let base = include_str!("../boards/rotherham/resp-2018-constituted.toml");
        let mut at = cut.min(base.len());
        while !base.is_char_boundary(at) { at -= 1; }
        let text = format!("{}{}{}", &base[..at], insert, &base[at..]);
        let outcome = boardcheck::check_text("x.toml", &text, None, &Loader::new(), &boardcheck::Options::default());
        for f in &outcome.findings {
            prop_assert!(!f.labels.is_empty(), "finding without a span: {:?}", f.message);
        }
        let _ = boardcheck::report::render_outcome(&outcome, boardcheck::report::Style::plain());
    }
}

/// Numbers at and around the edges of the integers a file can hold.
fn edge() -> impl Strategy<Value = i64> {
    prop_oneof![
        Just(0i64),
        Just(1),
        Just(-1),
        Just(i64::MAX),
        Just(i64::MAX - 1),
        Just(i64::MIN),
        Just(i64::from(u32::MAX)),
        Just(i64::from(u32::MAX) + 1),
        Just(10_000),
        Just(10_001),
        Just(1_000_000),
        Just(999_999),
        any::<i64>(),
    ]
}

/// A share written at the edges of what parses: huge numerators and denominators.
fn edge_share() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("999999/999999".to_string()),
        Just("1/999999".to_string()),
        Just("0/1".to_string()),
        Just("100%".to_string()),
        Just("99.999999%".to_string()),
        Just("0.000001%".to_string()),
        Just("18446744073709551615/18446744073709551615".to_string()),
        (0u64..=1_000_000, 1u64..=1_000_000).prop_map(|(a, b)| format!("{}/{}", a.min(b), b)),
    ]
}

/// A number that is usually an ordinary seat count and sometimes an edge.
fn mostly(lo: i64, hi: i64) -> impl Strategy<Value = i64> {
    prop_oneof![9 => lo..=hi, 1 => edge()]
}

/// One board exercising every rule kind with the given numbers; whether it was checked.
#[allow(clippy::too_many_arguments)]
fn edges_case(
    seats: &[i64],
    facts: &[i64],
    weights: &[i64],
    quorum: i64,
    bounds: &[i64],
    share: &str,
    years: (i64, i64),
    year: i64,
) -> Result<bool, TestCaseError> {
    let mut text = format!(
        "[board]\nname = \"Edges\"\nquorum = {quorum}\n\n[facts]\nschools = {}\nlimit = {}\nhas-special = true\npupils = {{ a = {}, b = {}, c = {} }}\n\n",
        facts[0], facts[1], weights[0], weights[1], weights[2],
    );
    for (i, s) in seats.iter().enumerate() {
        let tag = ["local-authority", "school-leader", "phase-primary"][i];
        let _ = write!(text, "[sectors.s{i}]\nseats = {s}\ntags = [\"{tag}\"]\n\n");
    }
    let _ = write!(
        text,
        "[[members]]\nname = \"A\"\nsector = \"s0\"\nterm-start = {year:04}-01-01\nterm-end = 9999-12-31\n\n[chair]\nmember = \"A\"\n\n"
    );
    let rules = [
        format!("kind = \"count\"\nsubject = \"s\"\nselect = {{ tag = \"local-authority\" }}\nat-least = {}\nat-most = {}", bounds[0], bounds[0].saturating_add(bounds[1].saturating_abs())),
        "kind = \"count\"\nsubject = \"s\"\nselect = { all = true }\nexactly = { fact = \"schools\" }".to_string(),
        format!("kind = \"share\"\nsubject = \"s\"\nselect = {{ tag = \"local-authority\" }}\nless-than = \"{share}\""),
        format!("kind = \"share\"\nsubject = \"s\"\nselect = {{ tag = \"school-leader\" }}\nat-least = \"{share}\""),
        "kind = \"office\"\noffice = \"chair\"\nmust-be = { tag = \"school-leader\" }".to_string(),
        format!("kind = \"balance\"\ngroups = {{ a = {{ sector = \"s0\" }}, b = {{ sector = \"s1\" }}, c = {{ sector = \"s2\" }} }}\nat-most = \"{share}\""),
        format!("kind = \"margin\"\nsubject = \"s\"\nselect = {{ tag = \"school-leader\" }}\nat-least = {}\nat-most = {}", bounds[2], bounds[2].saturating_add(bounds[3].saturating_abs())),
        "kind = \"margin\"\nsubject = \"s\"\nselect = { tag = \"school-leader\" }\nat-least = { fact = \"limit\" }".to_string(),
        format!("kind = \"proportional\"\ngroups = {{ a = {{ sector = \"s0\" }}, b = {{ sector = \"s1\" }}, c = {{ sector = \"s2\" }} }}\nweights = \"pupils\"\ntolerance = {}", bounds[1].clamp(0, i64::from(u32::MAX))),
        "kind = \"required-when\"\nsubject = \"s\"\nwhen = { fact = \"has-special\" }\nselect = { tag = \"phase-primary\" }".to_string(),
        format!("kind = \"term\"\nselect = {{ all = true }}\nmin-years = {}\nmax-years = {}", years.0, years.0.saturating_add(years.1.saturating_abs())),
        format!("kind = \"quorum\"\nat-least = \"{share}\""),
    ];
    for (i, r) in rules.iter().enumerate() {
        let _ = write!(text, "[[rules]]\nid = \"r{i}\"\n{r}\n\n");
    }
    let options = boardcheck::Options::default();
    let outcome = boardcheck::check_text("edges.toml", &text, None, &Loader::new(), &options);
    if !outcome.checked {
        prop_assert!(
            !outcome.findings.is_empty(),
            "not checked, and nothing said why:\n{}",
            text
        );
    }
    if std::env::var_os("EDGES_DEBUG").is_some() && !outcome.checked {
        eprintln!(
            "{}",
            boardcheck::report::render_outcome(&outcome, boardcheck::report::Style::plain())
        );
    }
    let _ = boardcheck::report::render_outcome(&outcome, boardcheck::report::Style::plain());
    let _ = boardcheck::report::json::board(&outcome);
    let _ = boardcheck::report::sarif::board(&outcome);
    if let Some(board) = outcome.board.as_ref().filter(|_| outcome.checked) {
        use boardcheck::explore::{self, Budget, Model, Space};
        let model = Model::new(
            board,
            outcome.all_rules(),
            boardcheck::diagnostic::Severity::Error,
        );
        let budget = Budget::new(200_000);
        let _ = explore::suggest::suggestions(&model, &Space::for_suggestions(board), 3, &budget);
        let total: u32 = model.current().iter().sum();
        let budget = Budget::new(200_000);
        let _ = explore::answer(
            &model,
            &Space::around(board, (total.saturating_sub(1), total + 1)),
            &budget,
        );
    }
    Ok(outcome.checked)
}

/// Every rule kind, driven with seats, facts, weights, quorums, limits and dates near the
/// integer limits: the check (run with debug assertions, so any overflow panics) either
/// decides or says the file cannot be checked, every format renders, and the explorer
/// answers or runs out of its budget. Most cases must reach the rules, or the test would
/// only be testing the parser.
#[test]
fn every_rule_kind_survives_numbers_near_the_limits() {
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let strategy = (
        prop::collection::vec(mostly(1, 30), 3),
        prop::collection::vec(mostly(0, 40), 2),
        prop::collection::vec(mostly(0, 100_000), 3),
        mostly(1, 30),
        prop::collection::vec(mostly(0, 30), 4),
        edge_share(),
        (mostly(0, 5), mostly(0, 5)),
        prop_oneof![Just(1i64), Just(9999), 1900i64..2100],
    );
    // A fixed seed: the same 512 boards every run, so the share that reaches the rules
    // is a fact about the strategy, not luck.
    let mut runner = TestRunner::new_with_rng(
        Config {
            cases: 512,
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let checked = std::cell::Cell::new(0u32);
    runner
        .run(
            &strategy,
            |(seats, facts, weights, quorum, bounds, share, years, year)| {
                if edges_case(
                    &seats, &facts, &weights, quorum, &bounds, &share, years, year,
                )? {
                    checked.set(checked.get() + 1);
                }
                Ok(())
            },
        )
        .unwrap();
    assert!(
        checked.get() >= 120,
        "only {} of 512 boards reached the rules",
        checked.get()
    );
}
