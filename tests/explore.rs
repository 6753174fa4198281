//! The options explorer against brute force: on small random boards with random seat
//! rules of every seat-level kind, the explorer finds exactly the allocations that
//! `check` passes (the same set, not just the same number), its closest-first listing is
//! in order, and suggestions are the smallest changes that work.

use boardcheck::diagnostic::Severity;
use boardcheck::explore::search::Plan;
use boardcheck::explore::suggest::suggestions;
use boardcheck::explore::{self, changes, Budget, Model, Space};
use boardcheck::pack::Loader;
use boardcheck::{Options, Verdict};
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::fmt::Write as _;

const TAGS: [&str; 3] = ["a", "b", "c"];
const SHARES: [&str; 5] = ["1/3", "30%", "1/2", "2/3", "40%"];

/// One randomly chosen seat rule, as TOML.
fn rule(kind: u8, x: u8, y: u8, z: u8) -> String {
    let tag = TAGS[usize::from(x) % 3];
    let other = TAGS[usize::from(y) % 3];
    let share = SHARES[usize::from(z) % SHARES.len()];
    let n = u32::from(z % 4);
    match kind % 9 {
        0 => format!("kind = \"count\"\nselect = {{ tag = \"{tag}\" }}\nat-least = {}\n", n.min(2)),
        1 => format!("kind = \"count\"\nselect = {{ tag = \"{tag}\" }}\nat-most = {}\n", n + 1),
        2 => format!("kind = \"count\"\nat-least = {}\nat-most = {}\n", 3 + n, 6 + n),
        3 => format!(
            "kind = \"share\"\nselect = {{ tag = \"{tag}\" }}\n{} = \"{share}\"\n",
            ["less-than", "at-most", "at-least", "more-than"][usize::from(y) % 4]
        ),
        4 => format!(
            "kind = \"share\"\nselect = {{ tag = \"{tag}\" }}\nof = {{ any-of = [{{ tag = \"{tag}\" }}, {{ tag = \"{other}\" }}] }}\nat-most = \"{share}\"\n"
        ),
        5 => format!(
            "kind = \"balance\"\ngroups = {{ x = {{ tag = \"{tag}\" }}, y = {{ tag = \"{other}\" }} }}\n{}\n",
            if z.is_multiple_of(2) { "at-most = \"1/2\"".to_string() } else { format!("max-difference = {}", n.min(2)) }
        ),
        6 => format!(
            "kind = \"margin\"\nselect = {{ tag = \"{tag}\" }}\nover = {{ not = {{ tag = \"{tag}\" }} }}\n{} = {}\n",
            if y.is_multiple_of(2) { "at-least" } else { "at-most" },
            n.min(2)
        ),
        7 => format!(
            "kind = \"proportional\"\ngroups = {{ a = {{ tag = \"a\" }}, b = {{ tag = \"b\" }} }}\nweights = \"pupils\"\ntolerance = {}\n",
            n.min(1)
        ),
        _ => "kind = \"quorum\"\nat-least = \"1/2\"\nvacancies = \"included\"\n".to_string(),
    }
}

/// A board of `seats.len()` sectors with random tags and the given rules.
fn board(seats: &[u32], tags: &[u8], rules: &[(u8, u8, u8, u8)], quorum: u32) -> String {
    let mut s = format!("[board]\nname = \"P\"\nquorum = {quorum}\n\n");
    if rules.iter().any(|r| r.0 % 9 == 7) {
        s.push_str("[facts]\npupils = { a = 3, b = 5 }\n\n");
    }
    for (i, n) in seats.iter().enumerate() {
        let t: Vec<String> = TAGS
            .iter()
            .enumerate()
            .filter(|(k, _)| tags[i] & (1 << k) != 0)
            .map(|(_, t)| format!("\"{t}\""))
            .collect();
        let _ = write!(
            s,
            "[sectors.s{i}]\nseats = {n}\ntags = [{}]\n\n",
            t.join(", ")
        );
    }
    for (k, r) in rules.iter().enumerate() {
        let _ = write!(
            s,
            "[[rules]]\nid = \"r{k}\"\n{}\n",
            rule(r.0, r.1, r.2, r.3)
        );
    }
    s
}

fn options() -> Options {
    Options {
        as_of: boardcheck::model::Date::parse("2026-09-01").unwrap(),
        suggest: false,
        ..Options::default()
    }
}

/// Every allocation with each sector in 1..=`most` seats and the total within `seats`,
/// that the real check passes.
fn brute_force(
    seats: &[u32],
    tags: &[u8],
    rules: &[(u8, u8, u8, u8)],
    quorum: u32,
    total: (u32, u32),
    most: u32,
) -> BTreeSet<Vec<u32>> {
    let loader = Loader::new();
    let mut out = BTreeSet::new();
    let n = seats.len();
    let mut alloc = vec![1u32; n];
    loop {
        let t: u32 = alloc.iter().sum();
        if (total.0..=total.1).contains(&t) {
            let text = board(&alloc, tags, rules, quorum);
            let o = boardcheck::check_text("p.toml", &text, None, &loader, &options());
            assert!(
                o.checked,
                "generated board is malformed:\n{text}\n{:?}",
                o.findings
            );
            if o.verdict() == Verdict::Passed {
                out.insert(alloc.clone());
            }
        }
        // Next allocation, odometer-style.
        let mut i = 0;
        loop {
            if i == n {
                return out;
            }
            if alloc[i] < most {
                alloc[i] += 1;
                break;
            }
            alloc[i] = 1;
            i += 1;
        }
    }
}

/// What the explorer says of a space: the allocations listed, the count, the closest-first
/// list with changes, and the board's seats now.
type Explored = (BTreeSet<Vec<u32>>, u128, Vec<(Vec<u32>, u64)>, Vec<u32>);

fn explorer(text: &str, total: (u32, u32), most: u32) -> Explored {
    let o = boardcheck::check_text("p.toml", text, None, &Loader::new(), &options());
    let board = o.board.as_ref().unwrap();
    let model = Model::new(board, o.all_rules(), Severity::Error);
    assert!(model.people.is_empty() && model.fixed.len() <= o.all_rules().count());
    let mut space = Space::around(board, total);
    for b in &mut space.bounds {
        b.1 = most;
    }
    let all = vec![true; model.considered.len()];
    let budget = Budget::new(Budget::EXPLORE);
    let plan = Plan::new(&model, &space, &all, &budget);
    let current = model.current();
    let mut listed = BTreeSet::new();
    plan.each(|a| {
        assert!(listed.insert(a.to_vec()), "listed twice: {a:?}");
        true
    })
    .unwrap();
    let count = explore::answer(&model, &space, &budget).unwrap().count;
    let count = u128::try_from(count).unwrap();
    let closest = plan.closest(&current, usize::MAX).unwrap();
    // Asking for fewer gives the same first ones (a short answer may take a shortcut).
    for k in 1..=3 {
        let few = plan.closest(&current, k).unwrap();
        assert_eq!(
            few[..],
            closest[..k.min(closest.len())],
            "closest {k} of\n{text}\n{space:?}"
        );
    }
    (listed, count, closest, current)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn explorer_finds_exactly_what_check_passes(
        seats in prop::collection::vec(1u32..=3, 2..=4),
        tags in prop::collection::vec(0u8..8, 4),
        rules in prop::collection::vec((0u8..9, 0u8..3, 0u8..3, 0u8..8), 1..=4),
        quorum in 2u32..6,
        extra in 0u32..3,
    ) {
        let n = u32::try_from(seats.len()).unwrap();
        let most = 4;
        let total = (n + 1, n + 3 + extra);
        let text = board(&seats, &tags, &rules, quorum);
        let expected = brute_force(&seats, &tags, &rules, quorum, total, most);
        let (listed, count, closest, current) = explorer(&text, total, most);
        prop_assert_eq!(&listed, &expected, "board:\n{}", text);
        prop_assert_eq!(count, expected.len() as u128);
        // Closest first lists the same set, in order of seat changes, each change exact.
        let from_closest: BTreeSet<Vec<u32>> = closest.iter().map(|(a, _)| a.clone()).collect();
        prop_assert_eq!(&from_closest, &expected);
        for pair in closest.windows(2) {
            prop_assert!(pair[0].1 <= pair[1].1, "out of order: {:?}", pair);
        }
        for (a, c) in &closest {
            prop_assert_eq!(*c, changes(&current, a));
        }
    }

}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn suggestions_are_the_smallest_changes_that_pass(
        seats in prop::collection::vec(1u32..=3, 2..=3),
        tags in prop::collection::vec(0u8..8, 3),
        rules in prop::collection::vec((0u8..9, 0u8..3, 0u8..3, 0u8..8), 1..=3),
        quorum in 2u32..6,
    ) {
        let text = board(&seats, &tags, &rules, quorum);
        let o = boardcheck::check_text("p.toml", &text, None, &Loader::new(), &options());
        let b = o.board.as_ref().unwrap();
        let model = Model::new(b, o.all_rules(), Severity::Error);
        let space = Space::for_suggestions(b);
        let found = suggestions(&model, &space, 3, &Budget::new(Budget::EXPLORE)).unwrap();
        let current = model.current();
        let passing = brute_force(&seats, &tags, &rules, quorum, space.seats, space.seats.1);
        if passing.contains(&current) {
            prop_assert!(found.is_empty(), "a passing board gets no suggestion");
        } else {
            let best = passing.iter().map(|a| changes(&current, a)).min();
            prop_assert_eq!(found.first().map(|s| s.changes), best, "board:\n{}", text);
            for s in &found {
                prop_assert!(passing.contains(&s.seats), "suggestion {:?} does not pass", s.seats);
                prop_assert_eq!(s.changes, changes(&current, &s.seats));
            }
            // The next best really are next: nothing passing is closer than the last shown
            // without being shown.
            if let Some(last) = found.last() {
                let closer = passing.iter().filter(|a| changes(&current, a) < last.changes).count();
                prop_assert!(closer < found.len());
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// When one sector has grown past its rule and removing its extra seats fixes the
    /// board, the first suggestions include that removal, ranked above equal-sized moves of
    /// the extra seats into unrelated sectors.
    #[test]
    fn removing_the_extra_seats_is_among_the_first_suggestions(
        others in prop::collection::vec(1u32..=4, 1..=4),
        extra in 1u32..=3,
        cap in 1u32..=3,
    ) {
        let mut text = String::from("[board]\nname = \"p\"\n\n[sectors.grown]\nseats = ");
        let _ = write!(text, "{}\ntags = [\"grown\"]\n\n", cap + extra);
        for (i, n) in others.iter().enumerate() {
            let _ = write!(text, "[sectors.s{i}]\nseats = {n}\n\n");
        }
        let _ = write!(
            text,
            "[[rules]]\nid = \"cap\"\nkind = \"count\"\nselect = {{ tag = \"grown\" }}\nat-most = {cap}\n"
        );
        let o = boardcheck::check_text("p.toml", &text, None, &Loader::new(), &options());
        let b = o.board.as_ref().unwrap();
        let model = Model::new(b, o.all_rules(), Severity::Error);
        let space = Space::for_suggestions(b);
        let found = suggestions(&model, &space, 3, &Budget::new(Budget::EXPLORE)).unwrap();
        let current = model.current();
        let removal = found.iter().position(|s| {
            s.edits(&current)
                .iter()
                .all(|&(i, from, to)| i == 0 && to < from)
        });
        prop_assert!(removal.is_some_and(|p| p < 3), "board:\n{}\nfound {:?}", text, found);
        prop_assert_eq!(removal, Some(0), "board:\n{}\nfound {:?}", text, found);
    }
}

/// A space that rules out a sector's present seats: no suggestion leaves that sector as it
/// stands (the search confined to the broken rule's sectors would, so it is not run).
#[test]
fn suggestions_stay_inside_the_space_asked_for() {
    let text = "[board]\nname = \"p\"\n\n[sectors.grown]\nseats = 4\ntags = [\"grown\"]\n\n[sectors.other]\nseats = 3\n\n[[rules]]\nid = \"cap\"\nkind = \"count\"\nselect = { tag = \"grown\" }\nat-most = 2\n";
    let o = boardcheck::check_text("p.toml", text, None, &Loader::new(), &options());
    let b = o.board.as_ref().unwrap();
    let model = Model::new(b, o.all_rules(), Severity::Error);
    let mut space = Space::for_suggestions(b);
    space.bounds[1] = (0, 2);
    space.seats.0 = 0;
    let found = suggestions(&model, &space, 3, &Budget::new(Budget::EXPLORE)).unwrap();
    assert!(!found.is_empty());
    for s in &found {
        assert!(s.seats[1] <= 2, "{:?} is outside the space", s.seats);
        assert!(s.seats[0] <= 2, "{:?} breaks the rule", s.seats);
    }
}

/// What `each` lists in `space`: the per-size search over sectors that walks every
/// allocation, independent of the classes counting and closest-first search use.
fn listed_set(model: &Model<'_>, space: &Space) -> BTreeSet<Vec<u32>> {
    let all = vec![true; model.considered.len()];
    let budget = Budget::new(u64::MAX);
    let mut out = BTreeSet::new();
    Plan::new(model, space, &all, &budget)
        .each(|a| {
            out.insert(a.to_vec());
            true
        })
        .unwrap();
    out
}

fn listed(model: &Model<'_>, space: &Space) -> u128 {
    listed_set(model, space).len() as u128
}

fn counted(model: &Model<'_>, space: &Space) -> u128 {
    let all = vec![true; model.considered.len()];
    let budget = Budget::new(u64::MAX);
    u128::try_from(Plan::new(model, space, &all, &budget).count().unwrap()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// Counting by classes (sectors merged, tests folded into them or dropped, every board
    /// size in one pass) agrees with listing every allocation, on boards larger than brute
    /// force reaches, with uneven bounds per sector.
    #[test]
    fn counting_by_classes_agrees_with_listing(
        seats in prop::collection::vec(1u32..=3, 4..=7),
        tags in prop::collection::vec(0u8..8, 7),
        rules in prop::collection::vec((0u8..9, 0u8..3, 0u8..3, 0u8..8), 1..=5),
        bounds in prop::collection::vec((0u32..3, 0u32..5), 7),
        quorum in 2u32..8,
        sizes in (0u32..6, 0u32..8),
    ) {
        let text = board(&seats, &tags, &rules, quorum);
        let o = boardcheck::check_text("p.toml", &text, None, &Loader::new(), &options());
        let b = o.board.as_ref().unwrap();
        let model = Model::new(b, o.all_rules(), Severity::Error);
        let n = u32::try_from(seats.len()).unwrap();
        let lo = n.saturating_sub(sizes.0);
        let mut space = Space::around(b, (lo, lo + sizes.1 + 2));
        for (bound, (from, width)) in space.bounds.iter_mut().zip(&bounds) {
            *bound = (*from, from + width);
        }
        let listed = listed_set(&model, &space);
        prop_assert_eq!(counted(&model, &space), listed.len() as u128, "board:\n{}\nspace {:?}", text, space);
        // Closest first (by classes, every size at once) gives the same set, in order of
        // seat changes, each change exact; asking for fewer gives the same first ones.
        let all = vec![true; model.considered.len()];
        let budget = Budget::new(u64::MAX);
        let plan = Plan::new(&model, &space, &all, &budget);
        let current = model.current();
        let closest = plan.closest(&current, usize::MAX).unwrap();
        let set: BTreeSet<Vec<u32>> = closest.iter().map(|(a, _)| a.clone()).collect();
        prop_assert_eq!(set.len(), closest.len(), "listed twice");
        prop_assert_eq!(&set, &listed, "board:\n{}\nspace {:?}", text, space);
        for pair in closest.windows(2) {
            prop_assert!(pair[0].1 <= pair[1].1, "out of order: {:?}", pair);
        }
        for (a, c) in &closest {
            prop_assert_eq!(*c, changes(&current, a));
        }
        for k in [1, 2, 5] {
            let few = plan.closest(&current, k).unwrap();
            prop_assert_eq!(&few[..], &closest[..k.min(closest.len())], "closest {}", k);
        }
    }
}

/// A board of sixteen sectors that every rule tells apart (sixteen classes, too many to
/// weigh every order of): the count chooses its order greedily and still agrees with
/// listing.
#[test]
fn counting_many_classes_agrees_with_listing() {
    let mut text = String::from("[board]\nname = \"p\"\n\n");
    for i in 0..16u32 {
        let t: Vec<String> = (0..4)
            .filter(|k| i >> k & 1 == 1)
            .map(|k| format!("\"t{k}\""))
            .collect();
        let _ = write!(
            text,
            "[sectors.s{i}]\nseats = 1\ntags = [{}]\n\n",
            t.join(", ")
        );
    }
    for k in 0..4 {
        let _ = write!(
            text,
            "[[rules]]\nid = \"c{k}\"\nkind = \"count\"\nselect = {{ tag = \"t{k}\" }}\nat-most = {}\n\n",
            9 + k
        );
    }
    text.push_str("[[rules]]\nid = \"b\"\nkind = \"balance\"\ngroups = { x = { tag = \"t0\" }, y = { tag = \"t1\" } }\nmax-difference = 2\n\n");
    text.push_str(
        "[[rules]]\nid = \"s\"\nkind = \"share\"\nselect = { tag = \"t3\" }\nat-most = \"2/3\"\n",
    );
    let o = boardcheck::check_text("p.toml", &text, None, &Loader::new(), &options());
    assert!(o.checked, "{:?}", o.findings);
    let b = o.board.as_ref().unwrap();
    let model = Model::new(b, o.all_rules(), Severity::Error);
    let space = Space::around(b, (16, 20));
    let n = listed(&model, &space);
    assert!(n > 1000, "{n}");
    assert_eq!(counted(&model, &space), n);
}
