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
