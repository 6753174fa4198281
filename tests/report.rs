//! `boardcheck report`: the Markdown as snapshots, the HTML parsed (tables, the chart's
//! numbers and limits, the findings, nothing loaded from elsewhere), the CSV read back.

use std::process::{Command, Output};

const PROPOSAL: &str = "boards/rotherham/resp-2018-proposal-10.toml";
const RESPONSE: &str = "boards/rotherham/resp-2018-response-13.toml";
const CONSTITUTED: &str = "boards/rotherham/resp-2018-constituted.toml";

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_boardcheck"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

fn report(format: &str, files: &[&str], extra: &[&str]) -> String {
    let mut args = vec!["report", "--format", format, "--as-of", "2026-09-01"];
    args.extend(extra);
    args.extend(files);
    let o = run(&args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn markdown_of_the_two_rotherham_proposals() {
    let md = report("md", &[PROPOSAL, RESPONSE], &["--compare"]);
    insta::assert_snapshot!("proposal-and-response", md);
}

#[test]
fn markdown_of_a_constituted_board() {
    let md = report("md", &[CONSTITUTED], &[]);
    insta::assert_snapshot!("constituted", md);
}

/// The text of a node, tags stripped; a table row's cells are joined by spaces.
fn inner(node: &tl::Node<'_>, parser: &tl::Parser<'_>) -> String {
    let is_row = node.as_tag().is_some_and(|t| t.name() == "tr");
    let text = match node.children() {
        Some(children) if is_row => children
            .top()
            .iter()
            .filter_map(|h| h.get(parser))
            .map(|c| c.inner_text(parser).into_owned())
            .collect::<Vec<_>>()
            .join(" "),
        _ => node.inner_text(parser).into_owned(),
    };
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
#[allow(clippy::too_many_lines)] // one scenario, read from top to bottom
fn html_has_the_table_the_chart_numbers_and_the_findings() {
    let html = report("html", &[PROPOSAL, RESPONSE], &["--compare"]);
    let dom = tl::parse(&html, tl::ParserOptions::default()).expect("the HTML parses");
    let parser = dom.parser();
    // `all("table.index tbody tr")`: elements matching the first selector (tag.class), then
    // their descendants matching each further tag in turn.
    let all = |selector: &str| -> Vec<&tl::Node<'_>> {
        let mut parts = selector.split_whitespace();
        let first = parts.next().unwrap();
        let mut found: Vec<&tl::Node<'_>> = dom
            .query_selector(first)
            .map(|it| it.filter_map(|h| h.get(parser)).collect())
            .unwrap_or_default();
        for part in parts {
            let (tag, direct) = match part.strip_prefix('>') {
                Some(t) => (t, true),
                None => (part, false),
            };
            let (tag, class) = tag.split_once('.').unwrap_or((tag, ""));
            let mut next = Vec::new();
            for node in found {
                let Some(children) = node.children() else {
                    continue;
                };
                let candidates: Vec<&tl::Node<'_>> = if direct {
                    children
                        .top()
                        .iter()
                        .filter_map(|h| h.get(parser))
                        .collect()
                } else {
                    children.all(parser).iter().collect()
                };
                for c in candidates {
                    if let Some(t) = c.as_tag() {
                        let classes = t
                            .attributes()
                            .class()
                            .map(|c| c.as_utf8_str().into_owned())
                            .unwrap_or_default();
                        if t.name() == tag
                            && (class.is_empty() || classes.split_whitespace().any(|x| x == class))
                        {
                            next.push(c);
                        }
                    }
                }
            }
            found = next;
        }
        found
    };

    // Self-contained: no scripts, stylesheets, images or frames from anywhere.
    assert!(all("script").is_empty() && all("link").is_empty() && all("img").is_empty());
    assert!(!html.contains("src=") && !html.contains("@import") && !html.contains("url(http"));
    assert!(html.contains("@page { size: A4"));

    // An index, a page per board, and the side by side.
    let sections = all("section.board");
    assert_eq!(sections.len(), 3);
    let index_rows = all("table.index tbody tr");
    assert_eq!(index_rows.len(), 2);
    assert!(inner(index_rows[0], parser).contains("fails"));
    assert!(inner(index_rows[1], parser).contains("passes"));

    // The composition tables: headers, and one row per sector with its numbers.
    let headers: Vec<String> = all("table.composition thead th")
        .iter()
        .map(|n| inner(n, parser))
        .collect();
    assert_eq!(
        &headers[..6],
        [
            "Sector",
            "Seats",
            "Filled",
            "Vacant",
            "Share of the board",
            "Tags the rules use"
        ]
    );
    let rows = all("table.composition tbody tr");
    assert_eq!(
        rows.len(),
        6 + 8,
        "6 sectors in the proposal, 8 in the response"
    );
    let la = inner(rows[5], parser);
    assert!(
        la.starts_with("Local authority") && la.contains("(local-authority) 3 0 3 30%"),
        "{la}"
    );

    // The chart: every sector's share, and the local-authority limit drawn and marked.
    let attr = |node: &tl::Node<'_>, name: &str| -> String {
        node.as_tag()
            .and_then(|t| t.attributes().get(name).flatten())
            .map(|v| v.as_utf8_str().into_owned())
            .unwrap_or_default()
    };
    let bars = all("g.sector");
    assert_eq!(bars.len(), 14);
    let la_bar = bars
        .iter()
        .find(|b| attr(b, "data-sector") == "local-authority")
        .unwrap();
    assert_eq!(attr(la_bar, "data-share"), "0.3000");
    let limited = all("g.limited");
    assert_eq!(limited.len(), 2);
    for (bar, part, whole, breached) in [
        (limited[0], "3", "10", "true"),
        (limited[1], "3", "13", "false"),
    ] {
        assert_eq!(attr(bar, "data-rule"), "resp-2018/local-authority-share");
        assert_eq!(attr(bar, "data-part"), part);
        assert_eq!(attr(bar, "data-whole"), whole);
        assert_eq!(attr(bar, "data-limit"), "0.3000");
        assert_eq!(attr(bar, "data-breached"), breached);
    }
    // Not by colour alone: the breach is in words on the chart and in its text equivalent.
    assert!(inner(limited[0], parser).contains("over the limit"));
    assert!(inner(limited[1], parser).contains("within"));
    let desc = all("svg desc");
    assert!(inner(desc[0], parser).contains(
        "local-authority seats (of all seats): 3 of 10 = 30%, limit less than 30%, breached"
    ));
    assert!(all("figcaption").len() == 2);

    // Findings, with their fixes; the rules with their citations.
    let findings: Vec<String> = all("ul.findings >li")
        .iter()
        .map(|n| inner(n, parser))
        .collect();
    assert!(findings.iter().any(|f| f.contains("share-above-maximum")
        && f.contains("To fix: remove 1 local-authority seat")));
    let rules = all("table.rules tbody tr");
    assert!(rules.iter().any(|r| {
        let t = inner(r, parser);
        t.contains("resp-2018/local-authority-share")
            && t.contains("fails")
            && t.contains("Enabling School Improvement")
    }));

    // The comparison marks what differs, in words as well as bold.
    let differing: Vec<String> = all("table.comparison tr.differs")
        .iter()
        .map(|n| inner(n, parser))
        .collect();
    assert!(
        differing
            .iter()
            .any(|r| r.starts_with("total seats 10 13 differs")),
        "{differing:?}"
    );
}

#[test]
fn csv_register_reads_back() {
    let text = report("csv", &[CONSTITUTED], &[]);
    let mut r = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        boardcheck::report::register::HEADER
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 13);
    let chair = rows
        .iter()
        .find(|r| &r[7] == "chair")
        .expect("the chair is marked");
    assert_eq!(&chair[1], "Helen Ashworth");
    assert_eq!(&chair[2], "primary");
    assert!(rows.iter().any(|r| &r[7] == "vice-chair"));
    assert!(rows
        .iter()
        .all(|r| &r[5] == "2018-10-24" && &r[6] == "2021-10-23"));
    // A role with a comma survives the round trip.
    assert!(rows.iter().any(|r| r[3].contains(", ")));
}

#[test]
fn report_writes_to_a_file_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("paper.html");
    let o = run(&["report", PROPOSAL, "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .starts_with("<!DOCTYPE html>"));
    assert!(o.stdout.is_empty());
}

/// Every `id` in a report of many boards is unique: the chart of each board has its own
/// title, description and hatch pattern (a repeated id makes `url(#hatch)` and
/// `aria-labelledby` point at the first board's).
#[test]
fn ids_in_a_report_of_many_boards_are_unique() {
    let html = report(
        "html",
        &[
            "boards/rotherham/",
            "boards/england/schools-forum-too-many-non-schools.toml",
        ],
        &["--compare"],
    );
    let mut ids: Vec<&str> = html
        .split(" id=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .collect();
    let all = ids.len();
    assert!(all > 10, "{all} ids");
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all, "a repeated id");
    assert!(
        html.contains("url(#hatch-"),
        "breaches are hatched with their own pattern"
    );
}
