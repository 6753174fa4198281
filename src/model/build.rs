//! Building the board from its file's TOML tree: every key, type and reference checked,
//! every error recorded with its span.

use super::span::Spanned;
use super::{
    raw, waiver, Board, Date, Holder, Member, Office, Sector, BOARD_KEYS, MAX_SEATS,
    MAX_SECTOR_SEATS,
};
use crate::parse::{self, did_you_mean, list_backticked, Ctx};
use std::sync::Arc;
use toml::de::{DeTable, DeValue};

/// Reports a board whose seats add up to more than [`MAX_SEATS`].
pub(crate) fn check_size(ctx: &mut Ctx<'_>, board: &Board) {
    let total = board.total_seats();
    if total <= MAX_SEATS {
        return;
    }
    let Some(largest) = board.sectors.iter().max_by_key(|s| s.seats.value) else {
        return;
    };
    let mut f = crate::diagnostic::Finding::new(
        &parse::INVALID_VALUE,
        crate::diagnostic::Severity::Error,
        format!(
            "the sectors' seats add up to {total}; boardcheck checks boards of at most {MAX_SEATS} seats"
        ),
    )
    .help("give each sector the number of seats on the board, not of people it represents");
    if Arc::ptr_eq(&largest.seats.span.file, &board.file) {
        f = f.primary(
            &largest.seats.span,
            format!("{} seats", largest.seats.value),
        );
    } else {
        f = f.primary(&board.name.span, "this board");
    }
    ctx.errors.push(f);
}

/// Builds the board from its file's TOML tree, recording every error in `ctx`. The board's
/// own `[[rules]]` are returned as written, for the rule engine to read (the model knows
/// nothing of rules).
pub(crate) fn build_board<'t>(
    ctx: &mut Ctx<'_>,
    root: toml::Spanned<DeTable<'t>>,
) -> (Board, Option<toml::Spanned<DeValue<'t>>>) {
    let root_span = root.span();
    let mut root = root.into_inner();
    for (key, _) in &root {
        if !BOARD_KEYS.contains(&key.get_ref().as_ref()) {
            ctx.unknown_key(
                key.get_ref(),
                key.span(),
                "at the top level of a board file",
                BOARD_KEYS,
            );
        }
    }
    let header: Option<raw::Header> = match take(&mut root, "board") {
        Some(v) => ctx.de(v, "in `[board]`"),
        None => {
            ctx.error(
                &parse::MISSING_KEY,
                root_span.start..root_span.start,
                "this file has no `[board]` table",
                "a board file starts with `[board]`",
                Some("add `[board]` with `name = \"...\"` and `rules = [...]`".into()),
            );
            None
        }
    };

    let misspelt_sectors = root
        .iter()
        .any(|(k, _)| did_you_mean(k.get_ref(), ["sectors"]).is_some());
    let mut sectors = if misspelt_sectors && !root.iter().any(|(k, _)| k.get_ref() == "sectors") {
        // `[sector.x]` for `[sectors.x]`: the unknown key says so; no second error.
        Vec::new()
    } else {
        build_sectors(ctx, take(&mut root, "sectors"), root_span.start)
    };
    close_open_ranges(&mut sectors);
    let quorum = header
        .as_ref()
        .and_then(|h| build_quorum(ctx, h.quorum.clone()));
    let register_complete = header
        .as_ref()
        .and_then(|h| h.register_complete.as_ref())
        .is_some_and(|r| *r.get_ref());
    let mut board = Board {
        file: Arc::clone(ctx.file),
        name: header.as_ref().map_or_else(
            || Spanned {
                value: String::new(),
                span: ctx.span(0..0),
            },
            |h| Spanned::from_toml(ctx.file, h.name.clone()),
        ),
        description: header.as_ref().and_then(|h| h.description.clone()),
        source: header.as_ref().and_then(|h| h.source.clone()),
        packs: header
            .map(|h| Spanned::all_from_toml(ctx.file, h.rules))
            .unwrap_or_default(),
        sectors,
        members: Vec::new(),
        chair: None,
        vice_chair: None,
        facts: indexmap::IndexMap::new(),
        quorum,
        register_complete,
        fact_words: std::collections::HashMap::new(),
        waivers: Vec::new(),
        meetings: Vec::new(),
    };
    if let Some(v) = take(&mut root, "facts") {
        build_facts(ctx, &mut board, v);
    }

    if let Some(v) = take(&mut root, "members") {
        build_members(ctx, &mut board, v);
    }
    for (key, title) in [("chair", "chair"), ("vice-chair", "vice-chair")] {
        if let Some(v) = take(&mut root, key) {
            let span = v.span();
            if let Some(raw) = ctx.de::<raw::Office>(v, format_args!("in `[{key}]`")) {
                let office = build_office(ctx, &board, title, span, raw);
                if title == "chair" {
                    board.chair = office;
                } else {
                    board.vice_chair = office;
                }
            }
        }
    }
    let rules = take(&mut root, "rules");
    if let Some(v) = take(&mut root, "waivers") {
        waiver::build(ctx, &mut board, v);
    }
    if let Some(v) = take(&mut root, "meetings") {
        super::meeting::build(ctx, &mut board, v);
    }
    (board, rules)
}

/// Reads `[sectors.<id>]` tables; a board with none is an error at `start`.
fn build_sectors(
    ctx: &mut Ctx<'_>,
    value: Option<toml::Spanned<DeValue<'_>>>,
    start: usize,
) -> Vec<Sector> {
    let mut sectors = Vec::new();
    match value {
        Some(v) => {
            let span = v.span();
            match v.into_inner() {
                DeValue::Table(t) => {
                    for (key, value) in t {
                        let context = format_args!("in sector `{}`", key.get_ref());
                        let raw = match super::direct::sector(&value) {
                            Some(raw) => Some(raw),
                            None => ctx.de(value, context),
                        };
                        let Some(raw): Option<raw::Sector> = raw else {
                            ctx.unbuilt.insert(key.get_ref().to_string());
                            continue;
                        };
                        match build_sector(ctx, &key, raw) {
                            Some(sector) => sectors.push(sector),
                            None => {
                                ctx.unbuilt.insert(key.get_ref().to_string());
                            }
                        }
                    }
                }
                _ => ctx.error(
                    &parse::WRONG_TYPE,
                    span,
                    "`sectors` should be a table of sectors",
                    "should be `[sectors.<id>]` tables",
                    Some("write each sector as `[sectors.primary]` with `seats = N`".into()),
                ),
            }
        }
        None => ctx.error(
            &parse::MISSING_KEY,
            start..start,
            "this board has no sectors",
            "no `[sectors.<id>]` table in this file",
            Some("add a sector: `[sectors.primary]` with `seats = 2`".into()),
        ),
    }
    sectors
}

/// Reads `quorum = N` from `[board]`: a number of members, at least 1.
fn build_quorum(ctx: &mut Ctx<'_>, q: Option<toml::Spanned<i64>>) -> Option<Spanned<u32>> {
    let q = q?;
    let span = q.span();
    match u32::try_from(*q.get_ref()) {
        Ok(n) if n >= 1 => Some(Spanned {
            value: n,
            span: ctx.span(span),
        }),
        _ => {
            ctx.error(
                &parse::INVALID_VALUE,
                span,
                format!("a quorum of {} is not possible", q.get_ref()),
                "not a possible quorum",
                Some(
                    "give the quorum as the number of members who must be present, at least 1"
                        .into(),
                ),
            );
            None
        }
    }
}

fn build_facts(ctx: &mut Ctx<'_>, board: &mut Board, v: toml::Spanned<DeValue<'_>>) {
    let span = v.span();
    let DeValue::Table(t) = v.into_inner() else {
        ctx.error(
            &parse::WRONG_TYPE,
            span,
            "`facts` should be a table",
            "should be `[facts]`",
            Some("write `[facts]` followed by lines such as `category = \"community\"`".into()),
        );
        return;
    };
    for (key, value) in t {
        let value_span = value.span();
        let context = format_args!("for the fact `{}`", key.get_ref());
        if let Some(fact) = ctx.de::<raw::FactValue>(value, context) {
            board.facts.insert(
                key.get_ref().to_string(),
                Spanned {
                    value: fact,
                    span: ctx.span(value_span),
                },
            );
        }
    }
}

fn take<'i>(root: &mut DeTable<'i>, key: &str) -> Option<toml::Spanned<DeValue<'i>>> {
    let k = root.keys().find(|k| k.get_ref() == key)?.clone();
    root.remove(&k)
}

fn build_sector(
    ctx: &mut Ctx<'_>,
    key: &toml::Spanned<std::borrow::Cow<'_, str>>,
    raw: raw::Sector,
) -> Option<Sector> {
    let id = Spanned {
        value: key.get_ref().to_string(),
        span: ctx.span(key.span()),
    };
    let seats_span = raw.seats.span();
    let (seats, range) = sector_seats(ctx, &id, raw.seats.get_ref(), seats_span.clone())?;
    Some(Sector {
        name: raw
            .name
            .map_or_else(|| id.value.clone(), toml::Spanned::into_inner),
        id,
        seats: Spanned {
            value: seats,
            span: ctx.span(seats_span),
        },
        tags: Spanned::all_from_toml(
            ctx.file,
            raw.tags
                .into_iter()
                .chain(raw.tags_one_of.first().cloned().unwrap_or_default()),
        ),
        alternatives: raw
            .tags_one_of
            .into_iter()
            .map(|alt| Spanned::all_from_toml(ctx.file, alt))
            .collect(),
        appointed_by: raw.appointed_by,
        represents: Spanned::all_from_toml(ctx.file, raw.represents),
        not: Spanned::all_from_toml(ctx.file, raw.not),
        term_years: parse::years(ctx, raw.term_years, "term-years").ok()?,
        voting: raw.voting.is_none_or(toml::Spanned::into_inner),
        range,
    })
}

/// A sector's seats: a number from 1, or a range. For an open range (no `at-most`) the
/// most is filled in once every sector is read ([`close_open_ranges`]).
fn sector_seats(
    ctx: &mut Ctx<'_>,
    id: &Spanned<String>,
    value: &raw::SeatsValue,
    span: std::ops::Range<usize>,
) -> Option<(u32, Option<super::SeatRange>)> {
    let bad = |ctx: &mut Ctx<'_>, n: i64, why: String| {
        ctx.error(
            &parse::INVALID_VALUE,
            span.clone(),
            format!("sector `{}` has {n} seats; {why}", id.value),
            "not a possible number of seats",
            Some(format!("give the number of seats as a whole number from 1 to {MAX_SECTOR_SEATS}, a range such as `{{ at-least = 2, at-most = 3 }}`, or remove the sector")),
        );
    };
    let whole = |n: i64| u32::try_from(n).ok().filter(|&n| n <= MAX_SECTOR_SEATS);
    match value {
        raw::SeatsValue::Exact(n) => match whole(*n) {
            Some(v) if v >= 1 => Some((v, None)),
            _ => {
                let why = if *n < 1 {
                    "a sector holds at least 1 seat".to_string()
                } else {
                    format!("boardcheck takes at most {MAX_SECTOR_SEATS} seats in one sector")
                };
                bad(ctx, *n, why);
                None
            }
        },
        raw::SeatsValue::Range(r) => {
            let lo = r.at_least.unwrap_or(0);
            let Some(min) = whole(lo) else {
                bad(ctx, lo, "the fewest seats is a whole number from 0".into());
                return None;
            };
            let max = match r.at_most {
                None => None,
                Some(hi) => match whole(hi) {
                    Some(m) if m >= min.max(1) => Some(m),
                    _ => {
                        ctx.error(
                            &parse::INVALID_VALUE,
                            span.clone(),
                            format!(
                                "sector `{}` has at most {hi} seats, which is not possible with at least {min}",
                                id.value
                            ),
                            "not a possible range",
                            Some("give `at-most` as a whole number from 1, and no less than `at-least`".into()),
                        );
                        return None;
                    }
                },
            };
            let range = super::SeatRange {
                min,
                max: max.unwrap_or(min.max(1)),
                open: max.is_none(),
            };
            Some((range.max, Some(range)))
        }
    }
}

/// Gives each open range ("a minimum of 2") a most to try: the seats of the rest of the
/// board, so a sector may at most double it.
fn close_open_ranges(sectors: &mut [Sector]) {
    let total: u64 = sectors.iter().map(|s| u64::from(s.seats.value)).sum();
    for s in sectors.iter_mut() {
        if let Some(r) = s.range.as_mut().filter(|r| r.open) {
            let rest = total - u64::from(s.seats.value);
            let most = u64::from(r.min.max(1)) + rest;
            r.max =
                u32::try_from(most.min(u64::from(MAX_SECTOR_SEATS))).unwrap_or(MAX_SECTOR_SEATS);
            s.seats.value = r.max;
        }
    }
}

fn build_members(ctx: &mut Ctx<'_>, board: &mut Board, v: toml::Spanned<DeValue<'_>>) {
    let span = v.span();
    let DeValue::Array(items) = v.into_inner() else {
        ctx.error(
            &parse::WRONG_TYPE,
            span,
            "`members` should be a list of `[[members]]` entries",
            "should be `[[members]]`",
            Some("write each member as a `[[members]]` table with `name` and `sector`".into()),
        );
        return;
    };
    // Names seen so far, and each sector's index: one look-up per member, not a scan.
    let mut seen: std::collections::HashMap<String, usize> = board
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| (m.name.value.clone(), i))
        .collect();
    let sector_index: std::collections::HashMap<String, usize> = board
        .sectors
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.value.clone(), i))
        .collect();
    for (i, item) in items.into_iter().enumerate() {
        // The name as written, so that the chair naming a member whose entry has an error
        // is not reported again.
        let written_name = match item.get_ref() {
            DeValue::Table(t) => t.iter().find_map(|(k, v)| match v.get_ref() {
                DeValue::String(s) if k.get_ref() == "name" => Some(s.to_string()),
                _ => None,
            }),
            _ => None,
        };
        let context = format_args!("in member {} of `[[members]]`", i + 1);
        let raw = match super::direct::member(&item) {
            Some(raw) => Some(raw),
            None => ctx.de(item, context),
        };
        let Some(raw): Option<raw::Member> = raw else {
            ctx.unbuilt.extend(written_name);
            continue;
        };
        let name = Spanned::from_toml(ctx.file, raw.name);
        let sector = Spanned::from_toml(ctx.file, raw.sector);
        let Some(sector_index) = sector_index.get(&sector.value).copied() else {
            dangling(
                ctx,
                &sector,
                "sector",
                &board.sector_ids().collect::<Vec<_>>(),
            );
            continue;
        };
        let term_start = raw.term_start.and_then(|d| date(ctx, d));
        // A term stated by category ("all governors 4 years") ends the day before the
        // anniversary of its start; the end points at the sector's `term-years`.
        let term_end = raw.term_end.and_then(|d| date(ctx, d)).or_else(|| {
            let years = board.sectors[sector_index].term_years.as_ref()?;
            let start = term_start.as_ref()?;
            Some(Spanned {
                value: Date::from_days(start.value.add_years(years.value).days() - 1),
                span: years.span.clone(),
            })
        });
        if let (Some(s), Some(e)) = (&term_start, &term_end) {
            if e.value < s.value {
                ctx.errors.push(
                    crate::diagnostic::Finding::new(
                        &parse::INVALID_VALUE,
                        crate::diagnostic::Severity::Error,
                        format!(
                            "{}'s term ends ({}) before it starts ({})",
                            name.value, e.value, s.value
                        ),
                    )
                    .primary(&e.span, "ends here")
                    .secondary(&s.span, "starts here")
                    .help("correct the dates of the term of office"),
                );
            }
        }
        // One person may be listed in several seats (a forum's membership page does so);
        // a pack's `one-seat-each` rule says where the law forbids it. `[chair]` and
        // waivers name the person's first entry.
        seen.entry(name.value.clone())
            .or_insert(board.members.len());
        board.members.push(Member {
            name,
            sector,
            sector_index,
            role: raw.role,
            appointed_by: raw.appointed_by,
            tags: Spanned::all_from_toml(ctx.file, raw.tags),
            not: Spanned::all_from_toml(ctx.file, raw.not),
            term_start,
            term_end,
        });
    }
}

pub(super) fn date(
    ctx: &mut Ctx<'_>,
    d: toml::Spanned<toml::value::Datetime>,
) -> Option<Spanned<Date>> {
    let span = d.span();
    let dt = d.into_inner();
    match (dt.date, dt.time) {
        (Some(date), None) => Some(Spanned {
            value: Date {
                year: date.year,
                month: date.month,
                day: date.day,
            },
            span: ctx.span(span),
        }),
        _ => {
            ctx.error(
                &parse::WRONG_TYPE,
                span,
                format!("expected a date such as 2024-09-01, found `{dt}`"),
                "should be a date with no time",
                Some("write the date as YYYY-MM-DD, without quotes".into()),
            );
            None
        }
    }
}

fn build_office(
    ctx: &mut Ctx<'_>,
    board: &Board,
    title: &'static str,
    span: std::ops::Range<usize>,
    raw: raw::Office,
) -> Option<Office> {
    let mut co_holders = Vec::new();
    let holder = match (raw.member, raw.from) {
        (Some(member), None) => {
            let (holder, others) = named_holders(ctx, board, title, member)?;
            co_holders = others;
            holder
        }
        (None, Some(from)) => {
            let from_span = from.span();
            let mut sectors = Vec::new();
            for id in from.into_inner().into_vec() {
                match board.sector_index(&id) {
                    Some(i) => sectors.push(i),
                    None => {
                        let s = Spanned {
                            value: id,
                            span: ctx.span(from_span.clone()),
                        };
                        dangling(ctx, &s, "sector", &board.sector_ids().collect::<Vec<_>>());
                        return None;
                    }
                }
            }
            if sectors.is_empty() {
                ctx.error(
                    &parse::INVALID_VALUE,
                    from_span,
                    format!("the {title} is drawn from no sector"),
                    "an empty list",
                    Some(
                        "name at least one sector, e.g. `from = [\"primary\", \"secondary\"]`"
                            .into(),
                    ),
                );
                return None;
            }
            Holder::Drawn {
                span: ctx.span(from_span),
                sectors,
            }
        }
        (Some(member), Some(_)) => {
            ctx.error(
                &parse::INVALID_VALUE,
                member.span(),
                format!("the {title} has both `member` and `from`"),
                "give one or the other",
                Some(format!(
                    "use `member` once the {title} is named, `from` in a proposal"
                )),
            );
            return None;
        }
        (None, None) => {
            ctx.error(
                &parse::MISSING_KEY,
                span,
                format!("`[{title}]` says neither who holds it nor where it is drawn from"),
                "empty office",
                Some("add `member = \"Name\"`, or `from = \"sector-id\"` in a proposal".into()),
            );
            return None;
        }
    };
    Some(Office {
        title,
        span: ctx.span(span),
        holder,
        co_holders,
    })
}

/// The members an office names (`member = "A"` or several, for co-chairs): the first as
/// the holder, the rest as co-holders. `None` (errors recorded) for a name that is not a
/// member, or an empty list.
fn named_holders(
    ctx: &mut Ctx<'_>,
    board: &Board,
    title: &str,
    member: toml::Spanned<raw::OneOrMany>,
) -> Option<(Holder, Vec<super::CoHolder>)> {
    let member_span = member.span();
    let mut named = Vec::new();
    for value in member.into_inner().into_vec() {
        let name = Spanned {
            value,
            span: ctx.span(member_span.clone()),
        };
        let Some(index) = board
            .members
            .iter()
            .position(|m| m.name.value == name.value)
        else {
            dangling(
                ctx,
                &name,
                "member",
                &board
                    .members
                    .iter()
                    .map(|m| m.name.value.as_str())
                    .collect::<Vec<_>>(),
            );
            return None;
        };
        named.push((name, index));
    }
    if named.is_empty() {
        ctx.error(
            &parse::INVALID_VALUE,
            member_span,
            format!("the {title} names no one"),
            "an empty list",
            Some("name the member who holds it, e.g. `member = \"A. Khan\"`".into()),
        );
        return None;
    }
    let (name, index) = named.remove(0);
    Some((Holder::Member { name, index }, named))
}

/// Records a reference to something that does not exist, with a suggestion.
pub(crate) fn dangling(ctx: &mut Ctx<'_>, name: &Spanned<String>, what: &str, known: &[&str]) {
    // Its entry is in the file with an error already reported: no cascade.
    if ctx.unbuilt.contains(&name.value) {
        return;
    }
    let help = did_you_mean(&name.value, known.iter().copied()).map_or_else(
        || {
            if known.is_empty() {
                format!("declare the {what} first")
            } else {
                format!("the {what}s on this board are {}", list_backticked(known))
            }
        },
        |s| format!("did you mean `{s}`?"),
    );
    ctx.errors.push(
        crate::diagnostic::Finding::new(
            &parse::DANGLING_REFERENCE,
            crate::diagnostic::Severity::Error,
            format!("there is no {what} `{}` on this board", name.value),
        )
        .primary(&name.span, format!("no such {what}"))
        .help(help),
    );
}
