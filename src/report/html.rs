//! `boardcheck report --format html`: one self-contained file (no scripts, fonts or images
//! from elsewhere) that prints on A4. Tables have headers, the chart has a text equivalent,
//! and every verdict is written out in words beside any colour.

use super::compare::Comparison;
use super::glance::Glance;
use super::paper::{LimitedShare, Paper};
use crate::model::ratio::percent;
use crate::Verdict;
use std::fmt::Write as _;

/// Escapes text for HTML.
fn esc(s: &str) -> String {
    super::junit::escape_xml(s, true)
}

/// `code` spans for backticked words in plain text.
fn text(s: &str) -> String {
    let mut out = String::new();
    for (i, part) in esc(s).split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{part}</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}

const STYLE: &str = "
@page { size: A4; margin: 16mm 14mm 18mm; @bottom-right { content: \"Page \" counter(page) \" of \" counter(pages); font: 9pt Arial, sans-serif; } }
body { font-family: 'Segoe UI', Arial, sans-serif; font-size: 10.5pt; color: #111; max-width: 180mm; margin: 0 auto; line-height: 1.4; }
h1 { font-size: 18pt; margin: 0 0 4mm; }
h2 { font-size: 15pt; margin: 6mm 0 2mm; border-bottom: 2px solid #333; }
h3 { font-size: 12pt; margin: 5mm 0 2mm; }
h1, h2, h3, h4, caption { break-after: avoid; page-break-after: avoid; }
.made { font-size: 9pt; color: #333; }
section.board { break-before: page; }
section.board:first-of-type { break-before: auto; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 3mm; page-break-inside: auto; }
tr { break-inside: avoid; }
th, td { border: 1px solid #888; padding: 1.2mm 2mm; text-align: left; vertical-align: top; }
th { background: #e8e8e8; }
td.n, th.n { text-align: right; }
caption { text-align: left; font-style: italic; padding-bottom: 1mm; }
code { font-family: Consolas, monospace; font-size: 9.5pt; }
.verdict { font-weight: bold; padding: 2mm 3mm; border: 2px solid; display: inline-block; }
.pass { color: #0b5d1e; border-color: #0b5d1e; }
.fail { color: #9b0000; border-color: #9b0000; }
.differs { font-weight: bold; }
.error { color: #9b0000; }
.warning { color: #7a4b00; }
figure { margin: 2mm 0; break-inside: avoid; }
figcaption { font-size: 9.5pt; }
ul.findings li { margin-bottom: 1.5mm; }
@media print { a { color: inherit; text-decoration: none; } }
@media screen { body { padding: 0 3mm; } }
@media screen and (max-width: 700px) { table { display: block; overflow-x: auto; } }
";

fn verdict_block(v: Verdict) -> &'static str {
    match v {
        Verdict::Passed => "<p class=\"verdict pass\">&#10003; PASSES: no rule is broken</p>",
        Verdict::Failed => {
            "<p class=\"verdict fail\">&#10007; FAILS: at least one rule is broken</p>"
        }
        Verdict::NotChecked => {
            "<p class=\"verdict fail\">NOT CHECKED: the file could not be read</p>"
        }
    }
}

/// The whole report.
#[must_use]
pub fn render(papers: &[Paper], comparison: Option<&Comparison>) -> String {
    render_with(&[], papers, comparison)
}

/// As [`render`], with each estate at a glance first.
#[must_use]
pub fn render_with(
    glances: &[Glance],
    papers: &[Paper],
    comparison: Option<&Comparison>,
) -> String {
    let title = if let Some(g) = glances.first() {
        format!("{} at a glance", g.name)
    } else if papers.len() == 1 {
        papers[0].name.clone()
    } else {
        "Board composition report".to_string()
    };
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        esc(&title)
    );
    for g in glances {
        glance(&mut out, g);
    }
    if papers.len() > 1 {
        out.push_str("<h1>Board composition report</h1>\n<table class=\"index\">\n<caption>The boards in this report</caption>\n<thead><tr><th scope=\"col\">Board</th><th scope=\"col\">File</th><th scope=\"col\">Result</th></tr></thead>\n<tbody>\n");
        for (i, p) in papers.iter().enumerate() {
            let _ = writeln!(
                out,
                "<tr><td><a href=\"#board-{}\">{}</a></td><td><code>{}</code></td><td>{}</td></tr>",
                i + 1,
                esc(&p.name),
                esc(&p.file),
                match p.verdict {
                    Verdict::Passed => "&#10003; passes",
                    Verdict::Failed => "&#10007; fails",
                    Verdict::NotChecked => "not checked",
                }
            );
        }
        out.push_str("</tbody>\n</table>\n");
        if comparison.is_some() {
            out.push_str("<p><a href=\"#side-by-side\">Side by side comparison</a></p>\n");
        }
    }
    for (i, p) in papers.iter().enumerate() {
        page(&mut out, p, i + 1, papers.len() > 1);
    }
    if let Some(c) = comparison {
        compare(&mut out, c);
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

#[allow(clippy::too_many_lines)] // the paper's HTML from top to bottom: its sections read best in document order
fn page(out: &mut String, p: &Paper, n: usize, many: bool) {
    let (h, hh) = if many { ("h2", "h3") } else { ("h1", "h2") };
    let _ = writeln!(
        out,
        "<section class=\"board\" id=\"board-{n}\">\n<{h}>{}</{h}>",
        esc(&p.name)
    );
    out.push_str(verdict_block(p.verdict));
    out.push_str("\n<dl>\n");
    if let Some(s) = &p.source {
        let _ = writeln!(out, "<dt>Source</dt><dd>{}</dd>", esc(s));
    }
    let _ = writeln!(
        out,
        "<dt>File</dt><dd><code>{}</code></dd>\n<dt>Seats</dt><dd>{} ({} vacant)</dd>\n</dl>\n<p class=\"made\">{}</p>",
        esc(&p.file),
        p.total,
        p.vacancies(),
        esc(&p.provenance())
    );

    composition_into(out, p, n, hh);

    let _ = writeln!(out, "<{hh}>Rules</{hh}>");
    out.push_str("<table class=\"rules\">\n<caption>Every rule the board is checked against</caption>\n<thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">What it requires</th><th scope=\"col\">Result</th><th scope=\"col\">Source</th></tr></thead>\n<tbody>\n");
    for r in &p.rules {
        let result = match r.verdict {
            "fails" => "<strong class=\"error\">&#10007; fails</strong>".to_string(),
            "passes" => "&#10003; passes".to_string(),
            "warning" => "<span class=\"warning\">! warning</span>".to_string(),
            v => esc(v),
        };
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\"><code>{}</code></th><td>{}</td><td>{result}</td><td>{}</td></tr>",
            esc(&r.id),
            text(&r.title),
            text(&r.citation)
        );
    }
    out.push_str("</tbody>\n</table>\n");

    let _ = writeln!(out, "<{hh}>Findings</{hh}>");
    if p.findings.is_empty() {
        out.push_str("<p>None.</p>\n");
    } else {
        out.push_str("<ul class=\"findings\">\n");
        for f in &p.findings {
            let rule = f
                .rule
                .as_ref()
                .map_or_else(String::new, |r| format!(" (<code>{}</code>)", esc(r)));
            let at = f.line.map_or_else(String::new, |l| format!(", line {l}"));
            let _ = write!(
                out,
                "<li class=\"finding\"><strong class=\"{sev}\">{}</strong> <code>{}</code>{rule}{at}: {}",
                f.severity.to_uppercase(),
                f.code,
                text(&f.message),
                sev = f.severity
            );
            if !f.fix.is_empty() {
                out.push_str("<ul>");
                for fix in &f.fix {
                    let _ = write!(out, "<li>To fix: {}</li>", text(fix));
                }
                out.push_str("</ul>");
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }

    let _ = writeln!(out, "<{hh}>Chair and vice-chair</{hh}>");
    if p.offices.is_empty() {
        out.push_str("<p>Not stated, and no rule limits who may hold them.</p>\n");
    } else {
        out.push_str("<table class=\"offices\">\n<thead><tr><th scope=\"col\">Office</th><th scope=\"col\">Holder</th><th scope=\"col\">Eligibility</th></tr></thead>\n<tbody>\n");
        for o in &p.offices {
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
                o.title,
                text(&o.holder),
                text(&o.eligibility)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }

    let (as_of, days) = p.as_of;
    let _ = writeln!(out, "<{hh}>Terms of office and vacancies</{hh}>");
    if p.named {
        let _ = writeln!(
            out,
            "<p>As of {as_of}, terms ended or ending within {days} days:</p>"
        );
        if p.terms.is_empty() {
            out.push_str("<p>None.</p>\n");
        } else {
            out.push_str("<table class=\"terms\">\n<thead><tr><th scope=\"col\">Member</th><th scope=\"col\">Sector</th><th scope=\"col\">Term</th></tr></thead>\n<tbody>\n");
            for t in &p.terms {
                let _ = writeln!(
                    out,
                    "<tr><th scope=\"row\">{}</th><td><code>{}</code></td><td>{} {}</td></tr>",
                    esc(&t.name),
                    esc(&t.sector),
                    if t.ended {
                        "<strong>ended</strong>"
                    } else {
                        "ends"
                    },
                    t.ends
                );
            }
            out.push_str("</tbody>\n</table>\n");
        }
        let vacant: Vec<String> = p
            .sectors
            .iter()
            .filter(|s| s.vacant > 0)
            .map(|s| format!("<code>{}</code> {}", esc(&s.id), s.vacant))
            .collect();
        let _ = writeln!(
            out,
            "<p>Vacancies: {}.</p>",
            if vacant.is_empty() {
                "none".to_string()
            } else {
                vacant.join(", ")
            }
        );
    } else {
        out.push_str(
            "<p>A proposal: no members are named yet, so every seat is to be filled.</p>\n",
        );
    }
    out.push_str("</section>\n");
}

/// The composition table and the seat-share chart of one paper, with `hh` headings: the
/// part of the paper the page shows beside a board as it is edited. `n` numbers the ids
/// the chart uses, unique within one document.
#[must_use]
pub fn composition(p: &Paper, n: usize, hh: &str) -> String {
    let mut out = String::new();
    composition_into(&mut out, p, n, hh);
    out
}

fn composition_into(out: &mut String, p: &Paper, n: usize, hh: &str) {
    let _ = writeln!(out, "<{hh}>Composition</{hh}>");
    out.push_str("<table class=\"composition\">\n<caption>Seats by sector</caption>\n<thead><tr><th scope=\"col\">Sector</th><th scope=\"col\" class=\"n\">Seats</th><th scope=\"col\" class=\"n\">Filled</th><th scope=\"col\" class=\"n\">Vacant</th><th scope=\"col\" class=\"n\">Share of the board</th><th scope=\"col\">Tags the rules use</th></tr></thead>\n<tbody>\n");
    for s in &p.sectors {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{} (<code>{}</code>)</th><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            esc(&s.name),
            esc(&s.id),
            s.seats,
            s.filled,
            s.vacant,
            s.share,
            s.tags.iter().map(|t| format!("<code>{}</code>", esc(t))).collect::<Vec<_>>().join(", ")
        );
    }
    let _ = writeln!(
        out,
        "</tbody>\n<tfoot><tr><th scope=\"row\">Total</th><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">100%</td><td></td></tr></tfoot>\n</table>",
        p.total,
        p.total - p.vacancies(),
        p.vacancies()
    );

    let _ = writeln!(out, "<{hh}>Seat shares</{hh}>");
    chart(out, p, n);
}

/// The chart's room for the longest label to the left of the bars and the longest note
/// to their right, in px, at about 7 px a character of 13 px text (8 px in bold, for the
/// limited shares), so that no label is cut off at the chart's edge.
fn margins(p: &Paper) -> (f64, f64) {
    let chars = |t: &str| f64::from(u32::try_from(t.chars().count()).unwrap_or(u32::MAX));
    let left = p
        .sectors
        .iter()
        .map(|s| 7.0 * chars(&s.id))
        .chain(p.shares.iter().map(|s| 8.0 * chars(&short(&s.subject))))
        .fold(70.0, f64::max);
    let right = p
        .shares
        .iter()
        .map(|s| 7.0 * (chars(&s.limit) + 26.0))
        .fold(84.0, f64::max);
    (left + 12.0, right)
}

/// The chart: one bar per sector (its share of the board), then one bar per limited share
/// with its limit drawn as a line and a breach marked in words and by a hatched bar.
fn chart(out: &mut String, p: &Paper, n: usize) {
    const WIDTH: f64 = 400.0;
    const ROW: f64 = 26.0;
    let (label, right) = margins(p);
    let rows = p.sectors.len() + p.shares.len();
    #[allow(clippy::cast_precision_loss)]
    let height = ROW * (rows as f64) + 30.0;
    let _ = writeln!(
        out,
        "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {} {height}\" width=\"100%\" role=\"img\" aria-labelledby=\"chart-title-{n} chart-desc-{n}\">",
        label + WIDTH + right
    );
    let _ = writeln!(
        out,
        "<title id=\"chart-title-{n}\">Seat shares of {}</title>",
        esc(&p.name)
    );
    let desc: Vec<String> = p
        .sectors
        .iter()
        .map(|s| format!("{} {} of {} seats ({})", s.id, s.seats, p.total, s.share))
        .chain(p.shares.iter().map(share_words))
        .collect();
    let _ = writeln!(
        out,
        "<desc id=\"chart-desc-{n}\">{}</desc>",
        esc(&desc.join("; "))
    );
    let _ = writeln!(out, "<defs><pattern id=\"hatch-{n}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#c00\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#fff\" stroke-width=\"2\"/></pattern></defs>");
    let mut y = 10.0;
    #[allow(clippy::cast_precision_loss)]
    let frac = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    for s in &p.sectors {
        let f = frac(s.seats, p.total);
        let _ = writeln!(
            out,
            "<g class=\"bar sector\" data-sector=\"{}\" data-seats=\"{}\" data-share=\"{f:.4}\"><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"13\">{}</text><rect x=\"{label}\" y=\"{:.1}\" width=\"{:.1}\" height=\"17\" fill=\"#4a6fa5\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\">{}</text></g>",
            esc(&s.id),
            s.seats,
            label - 6.0,
            y + 13.0,
            esc(&s.id),
            y,
            f * WIDTH,
            label + f * WIDTH + 4.0,
            y + 13.0,
            s.share
        );
        y += ROW;
    }
    for s in &p.shares {
        let f = frac(s.part, s.whole);
        let x = label + s.limit_at * WIDTH;
        let (fill, mark) = if s.breached {
            (format!("url(#hatch-{n})"), "\u{2717} over the limit")
        } else {
            ("#2e7d32".to_string(), "\u{2713} within")
        };
        let _ = writeln!(
            out,
            "<g class=\"bar limited\" data-rule=\"{}\" data-part=\"{}\" data-whole=\"{}\" data-share=\"{f:.4}\" data-limit=\"{:.4}\" data-breached=\"{}\"><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"13\" font-weight=\"bold\">{}</text><rect x=\"{label}\" y=\"{:.1}\" width=\"{:.1}\" height=\"17\" fill=\"{fill}\" stroke=\"#333\"/><line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#000\" stroke-width=\"2\" stroke-dasharray=\"4 2\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\">{} {mark} (limit: {})</text></g>",
            esc(&s.rule),
            s.part,
            s.whole,
            s.limit_at,
            s.breached,
            label - 6.0,
            y + 13.0,
            esc(&short(&s.subject)),
            y,
            f * WIDTH,
            y - 3.0,
            y + 17.0,
            label + f.max(s.limit_at) * WIDTH + 4.0,
            y + 13.0,
            percent(s.part, s.whole),
            esc(&s.limit),
        );
        y += ROW;
    }
    out.push_str("</svg>\n<figcaption>");
    let mut caption = format!("Each sector's share of the {} seats. ", p.total);
    if !p.shares.is_empty() {
        caption.push_str(
            "Below them, each share a rule limits, with the limit drawn as a dashed line: ",
        );
        caption.push_str(
            &p.shares
                .iter()
                .map(share_words)
                .collect::<Vec<_>>()
                .join("; "),
        );
        caption.push('.');
    }
    out.push_str(&esc(&caption));
    out.push_str("</figcaption>\n</figure>\n");
}

fn short(subject: &str) -> String {
    subject.split(" (").next().unwrap_or(subject).to_string()
}

fn share_words(s: &LimitedShare) -> String {
    format!(
        "{}: {} of {} = {}, limit {}, {}",
        s.subject,
        s.part,
        s.whole,
        percent(s.part, s.whole),
        s.limit,
        if s.breached {
            "breached"
        } else {
            "within the limit"
        }
    )
}

/// The side-by-side table of a comparison, as `report` writes it after the boards' papers.
#[must_use]
pub fn comparison(c: &Comparison) -> String {
    let mut out = String::new();
    compare(&mut out, c);
    out
}

fn compare(out: &mut String, c: &Comparison) {
    out.push_str("<section class=\"board\" id=\"side-by-side\">\n<h2>Side by side</h2>\n<table class=\"comparison\">\n<caption>Rows where the boards differ are marked &#8220;differs&#8221; and in bold</caption>\n<thead><tr><th scope=\"col\">Compared</th>");
    for (name, _) in &c.boards {
        let _ = write!(out, "<th scope=\"col\">{}</th>", esc(name));
    }
    out.push_str("<th scope=\"col\">Differs</th></tr></thead>\n<tbody>\n");
    for r in &c.rows {
        let class = if r.differs { " class=\"differs\"" } else { "" };
        let _ = write!(out, "<tr{class}><th scope=\"row\">{}</th>", text(&r.label));
        for v in &r.cells {
            let _ = write!(out, "<td>{}</td>", esc(v));
        }
        let _ = writeln!(
            out,
            "<td>{}</td></tr>",
            if r.differs { "differs" } else { "" }
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// An estate at a glance: its boards, the people on several, the rules across boards.
fn glance(out: &mut String, g: &Glance) {
    let _ = writeln!(
        out,
        "<section class=\"estate\">\n<h1>{} at a glance</h1>\n<p>Estate file: <code>{}</code></p>",
        esc(&g.name),
        esc(&g.file)
    );
    out.push_str("<table>\n<caption>Every board of the estate</caption>\n<thead><tr><th scope=\"col\">Board</th><th scope=\"col\">File</th><th scope=\"col\">Result</th><th scope=\"col\" class=\"n\">Seats</th><th scope=\"col\" class=\"n\">Vacant</th><th scope=\"col\">Terms ended or ending</th></tr></thead>\n<tbody>\n");
    for b in &g.boards {
        let terms: Vec<String> = b.terms.iter().map(|t| esc(&t.words())).collect();
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            esc(&b.name),
            esc(&b.file),
            match b.verdict {
                Verdict::Passed => "&#10003; passes",
                Verdict::Failed => "&#10007; fails",
                Verdict::NotChecked => "not checked",
            },
            b.seats,
            b.vacancies,
            if terms.is_empty() { "none".to_string() } else { terms.join("<br>") }
        );
    }
    let _ = writeln!(
        out,
        "</tbody>\n</table>\n<p>Terms are listed when they have ended or end within {} days.</p>",
        g.horizon_days
    );
    out.push_str("<h2>People on more than one board</h2>\n");
    if g.shared.is_empty() {
        out.push_str("<p>No one sits on more than one board.</p>\n");
    } else {
        out.push_str("<table>\n<thead><tr><th scope=\"col\">Person</th><th scope=\"col\">Boards</th></tr></thead>\n<tbody>\n");
        for s in &g.shared {
            let boards: Vec<String> = s.boards.iter().map(|b| esc(b)).collect();
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td></tr>",
                esc(&s.person),
                boards.join("<br>")
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    let _ = writeln!(
        out,
        "<h2>Rules across boards</h2>\n{}",
        verdict_block(g.verdict)
    );
    if !g.findings.is_empty() {
        out.push_str("<ul class=\"findings\">\n");
        for f in &g.findings {
            let _ = write!(
                out,
                "<li class=\"{}\"><strong>{}</strong> <code>{}</code>{}: {}{}",
                f.severity,
                f.severity,
                f.code,
                f.rule
                    .as_ref()
                    .map(|r| format!(" ({})", esc(r)))
                    .unwrap_or_default(),
                text(&f.message),
                f.at.as_ref()
                    .map(|a| format!(" (at <code>{}</code>)", esc(a)))
                    .unwrap_or_default()
            );
            for fix in &f.fix {
                let _ = write!(out, "<br>{}", text(fix));
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}
