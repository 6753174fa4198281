//! Readings: a constitution that says "up to 3 co-opted governors", or "a head teacher or
//! a governor", or does not state a fact its pack reads, allows several boards, and a
//! rule's verdict is taken over every reading. Unstated facts are tried on every value the
//! pack allows ([`Readable`]), where a rule's `applies-when` reads them.
//! Alternatives of tags (`tags-one-of`) are tried by running the rules on each (up to
//! [`MOST_TAG_READINGS`] combinations); seat ranges as follows. A seat rule that holds for
//! all of them passes; one that holds for none fails as usual; one that holds for some is
//! a warning naming a reading that breaks it. Readings are tried one by one through the
//! options explorer's seat view (each a handful of additions), up to [`MOST_READINGS`];
//! beyond that, the corners (each ranged sector at its fewest or most seats).

use super::{AsOf, Rule};
use crate::diagnostic::{declare_code, Code, Finding, Severity};
use crate::explore::Model;
use crate::model::Board;

declare_code! {
    /// ## What it checks
    /// Whether a seat rule holds whichever of the seat numbers the constitution allows is
    /// meant. A sector written as a range (`seats = { at-most = 3 }` for "up to 3") allows
    /// several boards; a rule that holds for some of them and not others cannot be decided
    /// from the constitution alone.
    ///
    /// ## Why it matters
    /// The governing body must keep to the numbers for which the rule holds; the
    /// constitution does not make sure of it.
    ///
    /// ## Example
    /// "Up to 3 co-opted governors" on a board whose staff side is limited to one third:
    /// with 3 co-opted staff governors the cap is broken, with 1 it is not.
    ///
    /// ## How to fix
    /// State the number the constitution provides, or keep to the numbers the help line
    /// gives (`boardcheck options` lists every allocation that satisfies the rules).
    pub READING_UNDETERMINED { family: "rule", name: "reading-undetermined" }
}

/// The codes this module reports.
pub(crate) static CODES: &[&Code] = &[&READING_UNDETERMINED];

/// The most combinations of tag alternatives tried in full; beyond them, each alternative
/// of each sector on its own.
pub const MOST_TAG_READINGS: usize = 64;

/// Takes every rule's verdict over the board's tag alternatives (`tags-one-of`): a rule
/// broken on some readings and not others becomes a warning naming one that breaks it.
/// The rules that read a tag some reading of the `alternated` sectors adds: only they can
/// come out differently from one reading to another (the others are judged once, by
/// `run`, as the file stands).
fn varying_rules<'r>(board: &Board, rules: &[&'r Rule], alternated: &[usize]) -> Vec<&'r Rule> {
    let varying: std::collections::BTreeSet<&str> = alternated
        .iter()
        .flat_map(|&i| board.sectors[i].alternatives.iter().flatten())
        .map(|t| t.value.as_str())
        .collect();
    rules
        .iter()
        .copied()
        .filter(|r| {
            let (mut tags, mut facts) = Default::default();
            for s in r.kind.selectors() {
                s.names(&mut tags, &mut facts);
            }
            tags.iter().any(|t: &&str| varying.contains(t))
        })
        .collect()
}

pub(crate) fn judge_tags(
    board: &mut Board,
    rules: &[&Rule],
    as_of: AsOf,
    readable: &super::Readable,
    findings: &mut Vec<Finding>,
) {
    let alternated: Vec<usize> = board
        .sectors
        .iter()
        .enumerate()
        .filter(|(_, s)| s.alternatives.len() > 1)
        .map(|(i, _)| i)
        .collect();
    if alternated.is_empty() {
        return;
    }
    let rules = &varying_rules(board, rules, &alternated)[..];
    if rules.is_empty() {
        return;
    }
    let saved: Vec<Vec<crate::model::span::Spanned<String>>> =
        board.sectors.iter().map(|s| s.tags.clone()).collect();
    let base: Vec<Vec<crate::model::span::Spanned<String>>> = alternated
        .iter()
        .map(|&i| {
            let s = &board.sectors[i];
            s.tags[..s.tags.len() - s.alternatives[0].len()].to_vec()
        })
        .collect();
    let choices: Vec<Vec<usize>> = tag_readings(board, &alternated);
    let tally = tally_readings(board, rules, &alternated, &base, &choices, as_of, readable);
    for (s, tags) in board.sectors.iter_mut().zip(saved) {
        s.tags = tags;
    }
    // A rule broken on every reading keeps the findings of the board as written; one kept
    // on every reading has none to replace.
    for (rule, (first, kept)) in rules.iter().zip(&tally) {
        let (Some((choice, why)), true) = (first, kept) else {
            continue;
        };
        findings.retain(|f| {
            !(f.rule.as_deref() == Some(rule.qualified.as_ref()) && f.severity >= Severity::Warning)
        });
        let at: Vec<String> = alternated
            .iter()
            .zip(choice)
            .map(|(&i, &k)| {
                let tags = board.sectors[i].alternatives[k]
                    .iter()
                    .map(|t| t.value.clone());
                format!(
                    "{} as {}",
                    board.sectors[i].name,
                    super::selector::join_words(tags, "and")
                )
            })
            .collect();
        let name = rule.named();
        let mut f = rule.undetermined(
            &READING_UNDETERMINED,
            format!(
                "{name} holds for some of the kinds of seat the constitution allows, not all: with {}, {why}",
                at.join(", ")
            ),
        );
        for (k, &i) in alternated.iter().take(NAMED).enumerate() {
            let sector = &board.sectors[i];
            let text = "seats of one kind or another".to_string();
            f = if k == 0 {
                f.primary(&sector.id.span, text)
            } else {
                f.secondary(&sector.id.span, text)
            };
        }
        findings.push(f.help("state which kind of seat the constitution provides, or keep to the kinds for which the rule holds"));
    }
}

/// How one rule fared over the tag readings: the first that breaks it, with the rule's
/// message there, and whether some reading keeps it.
type ReadingTally = (Option<(Vec<usize>, String)>, bool);

/// Runs the rules on each reading of the `alternated` sectors' tags (`base` and one
/// alternative each, as `choices` says), leaving the last reading's tags in place. A rule
/// broken on one reading and kept on another is decided (it holds for some readings, not
/// all) and is not run again.
fn tally_readings(
    board: &mut Board,
    rules: &[&Rule],
    alternated: &[usize],
    base: &[Vec<crate::model::span::Spanned<String>>],
    choices: &[Vec<usize>],
    as_of: AsOf,
    readable: &super::Readable,
) -> Vec<ReadingTally> {
    let decided = |t: &ReadingTally| t.0.is_some() && t.1;
    let mut tally: Vec<ReadingTally> = vec![(None, false); rules.len()];
    let mut found = Vec::new();
    for choice in choices {
        if tally.iter().all(decided) {
            break;
        }
        for ((&i, base), &k) in alternated.iter().zip(base).zip(choice) {
            let mut tags = base.clone();
            tags.extend(board.sectors[i].alternatives[k].iter().cloned());
            board.sectors[i].tags = tags;
        }
        // The rules alone: the always-on checks read no tag.
        for (&rule, t) in rules.iter().zip(&mut tally) {
            if decided(t) {
                continue;
            }
            found.clear();
            super::check_rule(rule, board, as_of, readable, &mut found);
            match found
                .iter()
                .find(|f| f.severity == Severity::Error && f.rule.is_some())
            {
                Some(f) => {
                    if t.0.is_none() {
                        t.0 = Some((choice.clone(), f.message.clone()));
                    }
                }
                None => t.1 = true,
            }
        }
    }
    tally
}

/// The combinations of alternatives tried: all of them, or when there are more than
/// [`MOST_TAG_READINGS`], each alternative of each sector with the others at their first,
/// up to that many in all.
fn tag_readings(board: &Board, alternated: &[usize]) -> Vec<Vec<usize>> {
    let sizes: Vec<usize> = alternated
        .iter()
        .map(|&i| board.sectors[i].alternatives.len())
        .collect();
    let total = sizes
        .iter()
        .try_fold(1usize, |acc, &n| acc.checked_mul(n))
        .filter(|&t| t <= MOST_TAG_READINGS);
    if total.is_some() {
        let mut out = vec![vec![0; sizes.len()]];
        for (j, &n) in sizes.iter().enumerate() {
            out = out
                .into_iter()
                .flat_map(|c| {
                    (0..n).map(move |k| {
                        let mut c = c.clone();
                        c[j] = k;
                        c
                    })
                })
                .collect();
        }
        out
    } else {
        let mut out = vec![vec![0; sizes.len()]];
        for (j, &n) in sizes.iter().enumerate() {
            for k in 1..n {
                if out.len() >= MOST_TAG_READINGS {
                    return out;
                }
                let mut c = vec![0; sizes.len()];
                c[j] = k;
                out.push(c);
            }
        }
        out
    }
}

/// The ranged sectors a warning names.
const NAMED: usize = 6;

/// The most readings tried one by one.
pub const MOST_READINGS: u64 = 100_000;

/// The most work (readings times the sectors and rules each one reads) spent on them, so
/// that no board, however many ranged sectors it has, holds a check up.
const MOST_WORK: u64 = 20_000_000;

/// Takes each seat rule's verdict over every reading of the board's seat ranges, replacing
/// its findings on the base reading (each range at its most) where the verdict differs.
pub(crate) fn judge(board: &mut Board, rules: &[&Rule], as_of: AsOf, findings: &mut Vec<Finding>) {
    let ranged: Vec<(usize, crate::model::SeatRange)> = board
        .sectors
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.range.map(|r| (i, r)))
        .filter(|(_, r)| r.min < r.max)
        .collect();
    if ranged.is_empty() {
        return;
    }
    // Per considered rule: its qualified id, how many readings break it, and the first.
    let (verdicts, tried) = {
        let model = Model::new(board, rules.iter().copied(), Severity::Advice);
        let base = model.current();
        let mut failing: Vec<(u64, Option<Vec<u32>>)> = vec![(0, None); model.considered.len()];
        let mut tried = 0u64;
        let per_reading = (base.len() + model.considered.len()) as u64 + 1;
        for reading in readings(&base, &ranged, MOST_WORK / per_reading) {
            tried += 1;
            for r in model.failing(&reading) {
                let entry = &mut failing[r];
                entry.0 += 1;
                if entry.1.is_none() {
                    entry.1 = Some(reading.clone());
                }
            }
        }
        // The rules by position in `rules`, so the board can be borrowed again below.
        let verdicts: Vec<(usize, u64, Option<Vec<u32>>)> = model
            .considered
            .iter()
            .zip(failing)
            .filter_map(|(c, (n, first))| {
                let i = rules.iter().position(|r| std::ptr::eq(*r, c.rule))?;
                Some((i, n, first))
            })
            .collect();
        (verdicts, tried)
    };
    for (i, broken, first) in verdicts {
        let rule = rules[i];
        let serious = |f: &Finding| {
            f.rule.as_deref() == Some(rule.qualified.as_ref()) && f.severity >= Severity::Warning
        };
        if broken == tried {
            continue;
        }
        findings.retain(|f| !serious(f));
        let Some(reading) = first else { continue };
        findings.push(undecided(board, rule, &ranged, &reading, as_of));
    }
}

/// The warning for a rule broken on some readings: the rule's own message on `reading`,
/// labelled at the ranged sectors.
fn undecided(
    board: &mut Board,
    rule: &Rule,
    ranged: &[(usize, crate::model::SeatRange)],
    reading: &[u32],
    as_of: AsOf,
) -> Finding {
    let saved: Vec<u32> = board.sectors.iter().map(|s| s.seats.value).collect();
    for (s, &n) in board.sectors.iter_mut().zip(reading) {
        s.seats.value = n;
    }
    let mut found = Vec::new();
    rule.kind.check(rule, board, as_of, &mut found);
    for (s, n) in board.sectors.iter_mut().zip(saved) {
        s.seats.value = n;
    }
    let why = found
        .iter()
        .find(|f| f.severity >= Severity::Warning)
        .map_or_else(|| "the rule is broken".to_string(), |f| f.message.clone());
    // The ranged sectors as the reading has them, a few by name.
    let mut at: Vec<String> = ranged
        .iter()
        .take(NAMED)
        .map(|&(i, _)| format!("{} at {}", board.sectors[i].name, reading[i]))
        .collect();
    if ranged.len() > NAMED {
        at.push(format!(
            "{} more ranged sectors as the reading has them",
            ranged.len() - NAMED
        ));
    }
    let name = rule.named();
    let mut f = rule.undetermined(
        &READING_UNDETERMINED,
        format!(
            "{name} holds for some of the seat numbers the constitution allows, not all: with {}, {why}",
            at.join(", ")
        ),
    );
    for (k, &(i, range)) in ranged.iter().take(NAMED).enumerate() {
        let sector = &board.sectors[i];
        let text = format!("{range} seats");
        f = if k == 0 {
            f.primary(&sector.seats.span, text)
        } else {
            f.secondary(&sector.seats.span, text)
        };
    }
    f.help("state the number of seats the constitution provides, or keep to the numbers for which the rule holds (`boardcheck options` lists them)")
}

/// Every reading of the ranged sectors (the others as they stand); only the corners when
/// there are more than [`MOST_READINGS`] or than `affordable`; and only the fewest and the
/// most everywhere when even the corners are too many.
fn readings(
    base: &[u32],
    ranged: &[(usize, crate::model::SeatRange)],
    affordable: u64,
) -> Box<dyn Iterator<Item = Vec<u32>>> {
    let count = ranged.iter().try_fold(1u64, |acc, (_, r)| {
        acc.checked_mul(u64::from(r.max - r.min) + 1)
    });
    let base = base.to_vec();
    let ranged = ranged.to_vec();
    if count.is_some_and(|c| c <= MOST_READINGS.min(affordable)) {
        // An odometer over the ranges.
        let mut next = Some(ranged.iter().fold(base, |mut b, &(i, r)| {
            b[i] = r.min;
            b
        }));
        Box::new(std::iter::from_fn(move || {
            let current = next.take()?;
            let mut following = current.clone();
            for &(i, r) in &ranged {
                if following[i] < r.max {
                    following[i] += 1;
                    next = Some(following);
                    break;
                }
                following[i] = r.min;
            }
            Some(current)
        }))
    } else {
        let mut k = ranged.len().min(16);
        while k > 0 && (1u64 << k) > affordable.max(2) {
            k -= 1;
        }
        // Sectors past the first `k` stay at their fewest, and once all at their most.
        let all_most = (k < ranged.len()).then(|| {
            ranged.iter().fold(base.clone(), |mut b, &(i, r)| {
                b[i] = r.max;
                b
            })
        });
        Box::new(
            (0u32..(1u32 << k))
                .map(move |mask| {
                    let mut b = base.clone();
                    for (bit, &(i, r)) in ranged.iter().enumerate() {
                        let high = bit < k && mask & (1 << bit) != 0;
                        b[i] = if high { r.max } else { r.min };
                    }
                    b
                })
                .chain(all_most),
        )
    }
}

/// The values a fact the board does not state could take, by fact: `true` and `false` for
/// a yes/no fact, the allowed values of a text fact (as the packs declare them).
pub type Readable = std::collections::HashMap<String, Vec<crate::model::raw::FactValue>>;

/// What a rule's `applies-when` on an unstated fact comes to over the fact's readings.
pub(crate) enum Readings {
    /// On no reading does the rule apply.
    NeverApplies,
    /// The rule holds on every reading where it applies, or applies on every reading:
    /// its findings (if any) are pushed.
    Decided,
    /// The readings cannot be listed (the fact has no declared values, or another fact
    /// is missing too).
    Unknown,
}

/// Decides a rule whose condition reads an unstated fact by trying every value the fact
/// could take. A rule that holds wherever it applies passes; one that applies on every
/// reading is checked as usual; otherwise the breach depends on the fact, and a warning
/// names the readings on which the rule is broken.
pub(crate) fn over_facts(
    rule: &Rule,
    cond: &super::condition::Condition,
    fact: &str,
    board: &Board,
    as_of: AsOf,
    readings: &Readable,
    out: &mut Vec<Finding>,
) -> Readings {
    let Some(values) = readings.get(fact) else {
        return Readings::Unknown;
    };
    let mut applies = Vec::new();
    for v in values {
        match cond.eval_reading(board, Some((fact, v))) {
            super::selector::Truth::Yes => applies.push(v),
            super::selector::Truth::No => {}
            super::selector::Truth::Unknown => return Readings::Unknown,
        }
    }
    if applies.is_empty() {
        return Readings::NeverApplies;
    }
    let mut found = Vec::new();
    rule.kind.check(rule, board, as_of, &mut found);
    let broken = found.iter().find(|f| f.severity >= Severity::Warning);
    match broken {
        Some(first) if applies.len() < values.len() => {
            let which: Vec<String> = applies.iter().map(ToString::to_string).collect();
            let mut f = rule.undetermined(
                &super::condition::CONDITION_UNDETERMINED,
                format!(
                    "\"{}\" is broken if {fact} is {}: {}; the board does not state {fact}",
                    rule.describe(),
                    super::selector::join_words(
                        which.iter().map(|w| w.trim_matches('"').to_string()),
                        "or"
                    ),
                    first.message
                ),
            );
            f.labels.extend(first.labels.iter().cloned().map(|mut l| {
                l.primary = false;
                l
            }));
            out.push(cond.label_unstated(f, board));
        }
        _ => out.append(&mut found),
    }
    Readings::Decided
}
