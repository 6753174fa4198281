//! boardcheck for the browser: the library compiled to `wasm32-unknown-unknown`, called
//! from `web/page/app.js` with JSON in and JSON out.
//!
//! The binding is four plain exports rather than `wasm-bindgen`: every call is a string in
//! and a string out, so a dozen lines of JavaScript (`call` in `app.js`) do what the
//! generated glue would, with no CLI tool to pin and nothing generated to review.
//!
//! - `bc_alloc(len) -> ptr` and `bc_free(ptr, len)`: memory for strings;
//! - `bc_call(ptr, len) -> u64`: runs `{"fn": "...", ...}` and returns the answer's pointer
//!   (high 32 bits) and length (low 32 bits), to be freed with `bc_free`.
//!
//! The page never reaches the file system or the network: boards and pack files come from
//! the page (a board's pack path is matched to an opened pack file by its file name), and
//! today's date comes from the browser.

use boardcheck::explore::{self, search::Plan, Budget, Model, Space};
use boardcheck::model::what_if::SeatEdit;
use boardcheck::model::Date;
use boardcheck::pack::Loader;
use boardcheck::report::{compare::Comparison, html, json, paper::Paper};
use boardcheck::{check_text, Options, Outcome};
use serde::Deserialize;
use serde_json::{json, Value};

/// Memory for a string of `len` bytes, written by the page.
#[no_mangle]
pub extern "C" fn bc_alloc(len: usize) -> *mut u8 {
    let mut v = Vec::<u8>::with_capacity(len.max(1));
    let p = v.as_mut_ptr();
    std::mem::forget(v);
    p
}

/// Frees what [`bc_alloc`] or [`bc_call`] gave.
///
/// # Safety
/// `ptr` and `len` must be a pair [`bc_alloc`] or [`bc_call`] returned, freed once.
#[no_mangle]
pub unsafe extern "C" fn bc_free(ptr: *mut u8, len: usize) {
    // SAFETY: the caller passes back a buffer this module allocated with this capacity.
    drop(unsafe { Vec::from_raw_parts(ptr, 0, len.max(1)) });
}

/// Runs one request (JSON, `len` bytes at `ptr`, taken over and freed here) and returns the
/// answer (JSON) as pointer and length packed in one number.
///
/// # Safety
/// `ptr` and `len` must come from [`bc_alloc`], filled with `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn bc_call(ptr: *mut u8, len: usize) -> u64 {
    // SAFETY: the page filled `len` bytes of a buffer of capacity `len` from `bc_alloc`.
    let input = unsafe { Vec::from_raw_parts(ptr, len, len.max(1)) };
    let answer = match serde_json::from_slice::<Request>(&input) {
        Ok(r) => answer(&r),
        Err(e) => json!({ "error": format!("not a request: {e}") }),
    };
    let mut out = answer.to_string().into_bytes();
    out.shrink_to_fit();
    let (p, n) = (out.as_mut_ptr(), out.len());
    std::mem::forget(out);
    ((p as u64) << 32) | n as u64
}

/// What the page asks.
#[derive(Deserialize)]
struct Request {
    /// `packs`, `starter`, `is-pack`, `check`, `apply` or `paper`.
    #[serde(rename = "fn")]
    func: String,
    /// The board file's name, as findings name it.
    #[serde(default)]
    name: String,
    /// The board file's text.
    #[serde(default)]
    text: String,
    /// Today, as the browser gives it (`YYYY-MM-DD`).
    #[serde(default)]
    today: String,
    /// Seats to try (`check`) or to write (`apply`): sector id and seats.
    #[serde(default)]
    seats: Vec<(String, u32)>,
    /// A built-in pack's name (`starter`).
    #[serde(default)]
    pack: String,
    /// The pack files the page has opened: file name and text.
    #[serde(default)]
    packs: Vec<(String, String)>,
    /// A second board to set beside this one (`check`): file name and text.
    #[serde(default)]
    other: Option<(String, String)>,
}

fn answer(r: &Request) -> Value {
    let loader = Loader::with_files(r.packs.iter().cloned());
    match r.func.as_str() {
        "packs" => match loader.builtins() {
            Ok(packs) => Value::Array(
                packs
                    .iter()
                    .map(|p| json!({ "name": p.name.value, "title": p.title }))
                    .collect(),
            ),
            Err(_) => json!({ "error": "the built-in packs did not load" }),
        },
        "starter" => match loader.builtins() {
            Ok(packs) => match packs.iter().find(|p| p.name.value == r.pack) {
                Some(p) => json!({ "text": boardcheck::report::starter::starter(p, &r.pack, &[]) }),
                None => json!({ "error": format!("there is no built-in pack {}", r.pack) }),
            },
            Err(_) => json!({ "error": "the built-in packs did not load" }),
        },
        "is-pack" => json!({ "pack": boardcheck::pack::is_pack_text(&r.text) }),
        "check" => check(r, &loader),
        "apply" => apply(r, &loader),
        "paper" => {
            let (o, options) = run(r, &loader, false);
            let paper = Paper::new(&o, options.as_of, options.horizon_days);
            json!({ "html": html::render(&[paper], None) })
        }
        other => json!({ "error": format!("no such call: {other}") }),
    }
}

/// Checks the board as the page has it, with the seats it is trying.
fn run(r: &Request, loader: &Loader, with_seats: bool) -> (Outcome, Options) {
    let name = if r.name.is_empty() {
        "board.toml"
    } else {
        &r.name
    };
    run_text(name, &r.text, r, loader, with_seats)
}

/// Checks `text` as the file `name`, on the request's date, with its seats if `with_seats`.
fn run_text(
    name: &str,
    text: &str,
    r: &Request,
    loader: &Loader,
    with_seats: bool,
) -> (Outcome, Options) {
    let what_if = if with_seats {
        r.seats
            .iter()
            .filter_map(|(id, n)| {
                if *n == 0 {
                    SeatEdit::parse("drop-sector", id).ok()
                } else {
                    SeatEdit::parse("set", &format!("{id}={n}")).ok()
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let options = Options {
        // The browser's today; a request without one is judged at the page's build year.
        as_of: Date::parse(&r.today)
            .or_else(|| Date::parse("2026-01-01"))
            .unwrap_or_else(|| unreachable!("a fixed valid date")),
        horizon_days: 90,
        what_if,
        suggest: true,
        suggest_work: Budget::CHECK,
        max_file_size: 10 * 1000 * 1000,
    };
    (check_text(name, text, None, loader, &options), options)
}

/// The findings (the CLI's JSON for one board), the sectors with where their seats are
/// written, and the smallest changes that satisfy every seat rule.
fn check(r: &Request, loader: &Loader) -> Value {
    let (o, options) = run(r, loader, true);
    let board: Value = serde_json::from_str(&json::board(&o)).unwrap_or(Value::Null);
    // The other board beside this one, as `compare` sets them out.
    let comparison = r.other.as_ref().map(|(name, text)| {
        let (other, _) = run_text(name, text, r, loader, false);
        html::comparison(&Comparison::new(&[&o, &other]))
    });
    let Some(b) = o.board.as_ref().filter(|_| o.checked) else {
        return json!({ "board": board, "sectors": [], "suggestions": [], "comparison": comparison });
    };
    let composition = html::composition(
        &Paper::new(&o, options.as_of, options.horizon_days),
        1,
        "h4",
    );
    let sectors: Vec<Value> = b
        .sectors
        .iter()
        .map(|s| {
            json!({
                "id": s.id.value,
                "name": s.name,
                "seats": s.seats.value,
                "start": s.seats.span.range.start,
                "end": s.seats.span.range.end,
            })
        })
        .collect();
    let model = Model::new(b, o.all_rules(), boardcheck::diagnostic::Severity::Error);
    let current = model.current();
    let suggestions: Vec<Value> = explore::suggest::suggestions(
        &model,
        &Space::for_suggestions(b),
        3,
        &Budget::new(Budget::CHECK),
    )
    .unwrap_or_default()
    .iter()
    .map(|s| {
        json!({
            "text": s.describe(b, &current),
            "seats": b.sectors.iter().zip(&s.seats).map(|(sec, n)| (sec.id.value.clone(), *n)).collect::<Vec<_>>(),
        })
    })
    .collect();
    // How many allocations of the same total satisfy every seat rule, as `options` counts.
    let total: u32 = b.sectors.iter().map(|s| s.seats.value).sum();
    let count = explore::answer(
        &model,
        &Space::around(b, (total, total)),
        &Budget::new(Budget::CHECK),
    )
    .ok();
    // The allocations of the same size nearest the seats as they are tried, as `options`
    // lists them.
    let all = vec![true; model.considered.len()];
    let budget = Budget::new(Budget::CHECK);
    let closest: Vec<Value> = count
        .as_ref()
        .filter(|a| !a.is_empty())
        .and_then(|_| {
            Plan::new(&model, &Space::around(b, (total, total)), &all, &budget)
                .closest(&current, 5)
                .ok()
        })
        .unwrap_or_default()
        .iter()
        .map(|(seats, changes)| {
            json!({
                "changes": changes,
                "seats": b.sectors.iter().zip(seats).map(|(sec, n)| (sec.id.value.clone(), *n)).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "board": board,
        "sectors": sectors,
        "suggestions": suggestions,
        "options": { "seats": total, "count": count.map(|a| a.count.to_string()), "closest": closest },
        "composition": composition,
        "comparison": comparison,
    })
}

/// The board's text with its sectors' seats rewritten, every other byte kept (as `fix`).
fn apply(r: &Request, loader: &Loader) -> Value {
    let (o, _) = run(r, loader, false);
    let Some(b) = o.board.as_ref() else {
        return json!({ "error": "the board cannot be read; correct its mistakes first" });
    };
    let edits: Vec<(std::ops::Range<usize>, u32)> = r
        .seats
        .iter()
        .filter_map(|(id, n)| {
            let s = b.sectors.iter().find(|s| &s.id.value == id)?;
            (s.seats.value != *n).then(|| (s.seats.span.range.clone(), *n))
        })
        .collect();
    match explore::fix::set_seats(&r.text, &edits) {
        Ok(text) => json!({ "text": text }),
        Err(e) => json!({ "error": e }),
    }
}
