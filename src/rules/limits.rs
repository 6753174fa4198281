//! The limits rule kinds share, and their wording: whole numbers, limits read from the
//! board's facts (`exactly = { fact = "schools" }`), and shares (`less-than = "30%"`).

use super::{selector, Rule};
use crate::diagnostic::{Code, Finding, Severity};
use crate::model::ratio::Ratio;
use crate::model::raw;
use crate::model::span::{Span, Spanned};
use crate::model::Board;
use crate::parse::{self, Ctx};

/// A limit on a share: `less-than`, `at-most`, `at-least` or `more-than` a ratio.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareLimit {
    /// The ratio.
    pub ratio: Ratio,
    /// Strict (`less-than`, `more-than`) or inclusive (`at-most`, `at-least`).
    pub strict: bool,
    /// Where the limit was set.
    pub span: Span,
}

impl ShareLimit {
    /// Whether `part/whole` is over this limit, read as a maximum.
    #[must_use]
    pub fn exceeded_by(&self, part: u64, whole: u64) -> bool {
        let ord = self.ratio.cmp_share(part, whole);
        if self.strict {
            ord != std::cmp::Ordering::Less
        } else {
            ord == std::cmp::Ordering::Greater
        }
    }

    /// Whether `part/whole` is under this limit, read as a minimum.
    #[must_use]
    pub fn short_of(&self, part: u64, whole: u64) -> bool {
        let ord = self.ratio.cmp_share(part, whole);
        if self.strict {
            ord != std::cmp::Ordering::Greater
        } else {
            ord == std::cmp::Ordering::Less
        }
    }

    /// "less than 30%", "at most 1/3", read as a maximum.
    #[must_use]
    pub fn describe_max(&self) -> String {
        format!(
            "{} {}",
            if self.strict { "less than" } else { "at most" },
            self.ratio
        )
    }

    /// "at least 2/3", "more than 50%", read as a minimum.
    #[must_use]
    pub fn describe_min(&self) -> String {
        format!(
            "{} {}",
            if self.strict { "more than" } else { "at least" },
            self.ratio
        )
    }

    /// "below 30%" / "to 1/3 or less", for a fix that lowers a share.
    #[must_use]
    pub fn target_max(&self) -> String {
        if self.strict {
            format!("below {}", self.ratio)
        } else {
            format!("to {} or less", self.ratio)
        }
    }

    /// "above 50%" / "to 2/3 or more", for a fix that raises a share.
    #[must_use]
    pub fn target_min(&self) -> String {
        if self.strict {
            format!("above {}", self.ratio)
        } else {
            format!("to {} or more", self.ratio)
        }
    }

    /// Reads a maximum from `less-than` / `at-most` and a minimum from `at-least` /
    /// `more-than`; records an error when both forms of one side are given.
    pub(crate) fn pair(
        ctx: &mut Ctx<'_>,
        strict: Option<toml::Spanned<String>>,
        inclusive: Option<toml::Spanned<String>>,
        names: (&str, &str),
    ) -> Result<Option<Self>, ()> {
        match (strict, inclusive) {
            (Some(_), Some(i)) => {
                ctx.error(
                    &parse::INVALID_VALUE,
                    i.span(),
                    format!("give either `{}` or `{}`, not both", names.0, names.1),
                    "a second limit on the same side",
                    Some("keep the one the source text uses: `less-than` for \"less than\", `at-most` for \"no more than\"".into()),
                );
                Err(())
            }
            (Some(s), None) => Self::parse(ctx, &s, true).map(Some).ok_or(()),
            (None, Some(i)) => Self::parse(ctx, &i, false).map(Some).ok_or(()),
            (None, None) => Ok(None),
        }
    }

    fn parse(ctx: &mut Ctx<'_>, v: &toml::Spanned<String>, strict: bool) -> Option<Self> {
        match Ratio::parse(v.get_ref()) {
            Ok(ratio) => Some(Self {
                ratio,
                strict,
                span: ctx.span(v.span()),
            }),
            Err(msg) => {
                ctx.error(
                    &parse::INVALID_VALUE,
                    v.span(),
                    msg,
                    "not a share",
                    Some("write a fraction such as \"1/3\" or a percentage such as \"30%\", in quotes".into()),
                );
                None
            }
        }
    }
}

/// Labels each sector that contributes to a count with its number of `noun` (the first as
/// the primary label); with no contributors, labels the board's name instead.
pub(crate) fn label_contributors(
    mut f: Finding,
    board: &Board,
    per_sector: &[selector::Tally],
    noun: &str,
    subject: &str,
) -> Finding {
    let mut first = true;
    for (sector, t) in board.sectors.iter().zip(per_sector) {
        if t.high() == 0 {
            continue;
        }
        let text = format!("{} in {}", seats_phrase(t.high(), noun), sector.called());
        f = if first {
            f.primary(&sector.seats.span, text)
        } else {
            f.secondary(&sector.seats.span, text)
        };
        first = false;
    }
    if first {
        f = f.primary(&board.name.span, format!("this board has no {subject}"));
    }
    f
}

/// "1 seat", "2 seats"; "1 local-authority seat" from "local-authority seats"; "1 co-opted
/// seat held by people eligible as staff governors": the head noun is the word boards count
/// in, seats before members before governors and the rest, wherever it stands.
#[must_use]
pub fn seats_phrase(n: u64, plural: &str) -> String {
    if n == 1 {
        format!("1 {}", singular(plural))
    } else {
        format!("{n} {plural}")
    }
}

/// "1 seat depends", "2 seats depend".
pub(crate) fn depend_phrase(n: u64) -> String {
    if n == 1 {
        "1 seat depends".to_string()
    } else {
        format!("{n} seats depend")
    }
}

/// A plural noun phrase made singular at its head noun.
fn singular(plural: &str) -> String {
    const HEADS: &[(&str, &str)] = &[
        ("seats", "seat"),
        ("members", "member"),
        ("governors", "governor"),
        ("trustees", "trustee"),
        ("representatives", "representative"),
        ("persons", "person"),
        ("people", "person"),
        ("places", "place"),
        ("directors", "director"),
        ("councillors", "councillor"),
        ("officers", "officer"),
    ];
    let words: Vec<&str> = plural.split(' ').collect();
    for (many, one) in HEADS {
        if let Some(at) = words.iter().position(|w| w == many) {
            let mut out: Vec<&str> = words.clone();
            out[at] = one;
            return out.join(" ");
        }
    }
    plural.strip_suffix('s').unwrap_or(plural).to_string()
}

/// Reads a whole-number parameter that must not be negative.
pub(crate) fn whole(
    ctx: &mut Ctx<'_>,
    v: Option<toml::Spanned<i64>>,
    key: &str,
) -> Result<Option<Spanned<u32>>, ()> {
    let Some(v) = v else { return Ok(None) };
    match u32::try_from(*v.get_ref()) {
        Ok(n) if n <= 100_000 => Ok(Some(Spanned::from_toml(
            ctx.file,
            toml::Spanned::new(v.span(), n),
        ))),
        _ => {
            ctx.error(
                &parse::INVALID_VALUE,
                v.span(),
                format!(
                    "`{key} = {}` is not a possible number of seats",
                    v.get_ref()
                ),
                "not a possible number",
                Some(format!("give `{key}` as a whole number from 0 upwards")),
            );
            Err(())
        }
    }
}

/// A whole-number parameter as written: a number, or `{ fact = "schools" }`.
#[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub(crate) enum RawBound {
    /// A whole number.
    Fixed(i64),
    /// The value of one of the board's number facts.
    Fact {
        /// The fact's name, e.g. `schools`.
        fact: String,
    },
}

/// A limit that is a fixed number, or read from one of the board's facts (one parent
/// governor per school: `exactly = { fact = "schools" }`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Bound {
    /// A fixed number.
    Fixed(u32),
    /// The value of a number fact.
    Fact(String),
}

impl Bound {
    /// The limit for this board; `None` when it reads a fact the board does not state.
    #[must_use]
    pub fn resolve(&self, board: &Board) -> Option<u64> {
        match self {
            Self::Fixed(n) => Some(u64::from(*n)),
            Self::Fact(name) => match board.facts.get(name).map(|f| &f.value) {
                Some(raw::FactValue::Number(n)) => u64::try_from(*n).ok(),
                // A list of names counts its names: `schools = ["Oakfield", "Elm"]` is 2.
                Some(raw::FactValue::List(v)) => Some(v.len() as u64),
                _ => None,
            },
        }
    }

    /// The fact the limit reads, if any.
    #[must_use]
    pub fn fact(&self) -> Option<&str> {
        match self {
            Self::Fixed(_) => None,
            Self::Fact(f) => Some(f),
        }
    }
}

/// The facts a pair of limits reads (`exactly = { fact = "schools" }`).
pub(crate) fn facts_read<'a>(
    min: Option<&'a Spanned<Bound>>,
    max: Option<&'a Spanned<Bound>>,
) -> Vec<&'a str> {
    min.into_iter()
        .chain(max)
        .filter_map(|b| b.value.fact())
        .collect()
}

/// A limit's value for this board, with the limit as written; the limit itself as the
/// error when it reads a fact the board does not state.
pub(crate) fn resolve_bound<'a>(
    b: Option<&'a Spanned<Bound>>,
    board: &Board,
) -> Result<Option<(u64, &'a Spanned<Bound>)>, &'a Spanned<Bound>> {
    match b {
        None => Ok(None),
        Some(s) => s.value.resolve(board).map(|v| Some((v, s))).ok_or(s),
    }
}

impl std::fmt::Display for Bound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Fixed(n) => write!(f, "{n}"),
            Self::Fact(name) => write!(f, "the board's {name}"),
        }
    }
}

/// A range in words: "exactly 2", "1 to 2", "at least 7", "at most 15".
pub(crate) fn range_phrase<T: std::fmt::Display + PartialEq>(
    min: Option<T>,
    max: Option<T>,
) -> String {
    match (min, max) {
        (Some(lo), Some(hi)) if lo == hi => format!("exactly {lo}"),
        (Some(lo), Some(hi)) => format!("{lo} to {hi}"),
        (Some(lo), None) => format!("at least {lo}"),
        (None, Some(hi)) => format!("at most {hi}"),
        (None, None) => String::new(),
    }
}

/// A rule's minimum and maximum, resolved for this board.
pub(crate) type Limits<'a> = (
    Option<(u64, &'a Spanned<Bound>)>,
    Option<(u64, &'a Spanned<Bound>)>,
);

/// Resolves a rule's two limits. When one reads a fact the board does not state, pushes an
/// undetermined finding (`code`, about the `what` required) and returns `None`.
pub(crate) fn resolve_limits<'a>(
    rule: &Rule,
    board: &Board,
    limits: (Option<&'a Spanned<Bound>>, Option<&'a Spanned<Bound>>),
    code: &'static Code,
    what: impl std::fmt::Display,
    labels: impl Fn(Finding) -> Finding,
    out: &mut Vec<Finding>,
) -> Option<Limits<'a>> {
    match (
        resolve_bound(limits.0, board),
        resolve_bound(limits.1, board),
    ) {
        (Ok(min), Ok(max)) => Some((min, max)),
        (Err(b), _) | (_, Err(b)) => {
            let fact = b.value.fact().unwrap_or_default();
            out.push(
                labels(rule.undetermined(
                    code,
                    format!(
                        "{what} depends on the number of {fact}, which the board does not state"
                    ),
                ))
                .secondary(&b.span, "the limit is read from this fact")
                .help(format!(
                    "add `{fact} = N` under `[facts]` in the board file"
                )),
            );
            None
        }
    }
}

/// Records an impossible pair of limits: both fixed, the minimum above the maximum. The
/// message (given both numbers) and the two labels are the rule kind's own wording.
/// Returns whether the limits are in order.
pub(crate) fn limits_in_order(
    ctx: &mut Ctx<'_>,
    limits: (Option<&Spanned<Bound>>, Option<&Spanned<Bound>>),
    message: impl FnOnce(u32, u32) -> String,
    labels: (&str, &str),
) -> bool {
    let (Some(lo), Some(hi)) = limits else {
        return true;
    };
    let (Bound::Fixed(l), Bound::Fixed(h)) = (&lo.value, &hi.value) else {
        return true;
    };
    if l <= h {
        return true;
    }
    ctx.errors.push(
        Finding::new(&parse::INVALID_VALUE, Severity::Error, message(*l, *h))
            .primary(&lo.span, labels.0)
            .secondary(&hi.span, labels.1)
            .help("correct one of the limits"),
    );
    false
}

/// Reads a whole-number limit, fixed or from a fact.
pub(crate) fn bound(
    ctx: &mut Ctx<'_>,
    v: Option<toml::Spanned<RawBound>>,
    key: &str,
) -> Result<Option<Spanned<Bound>>, ()> {
    let Some(v) = v else { return Ok(None) };
    let span = v.span();
    match v.into_inner() {
        RawBound::Fixed(n) => whole(ctx, Some(toml::Spanned::new(span, n)), key).map(|o| {
            o.map(|s| Spanned {
                value: Bound::Fixed(s.value),
                span: s.span,
            })
        }),
        RawBound::Fact { fact } => Ok(Some(Spanned {
            value: Bound::Fact(fact),
            span: ctx.span(span),
        })),
    }
}
