//! The serde mirror of the file formats: the only module that knows TOML key names.
//!
//! Each top-level section, sector, member and rule is deserialized on its own (see
//! `crate::parse`), so a mistake in one entry does not hide mistakes in the others.

use serde::Deserialize;
use toml::Spanned;

/// A TOML local date (`2026-09-01`, no quotes), as JSON Schema sees it: a string in
/// `date` format, which is how editors such as taplo present TOML dates to a schema.
pub struct TomlDate;

impl schemars::JsonSchema for TomlDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "description": "A date written YYYY-MM-DD, without quotes."
        })
    }
}

/// `[board]`: what the board is and which rule packs it must satisfy.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Header {
    /// The board's name, as it appears in committee papers.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// A sentence or two on what the board is for.
    pub description: Option<String>,
    /// Where the constitution comes from (a consultation, a scheme, an instrument of government).
    pub source: Option<String>,
    /// Rule packs: built-in names such as `rotherham/resp-2018`, or paths to pack files
    /// relative to this board file (`./packs/local.toml`).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub rules: Vec<Spanned<String>>,
    /// The quorum the constitution declares: how many members must be present.
    #[schemars(with = "Option<i64>")]
    pub quorum: Option<Spanned<i64>>,
    /// `true` when the clerk vouches that the register is complete: every personal fact a
    /// rule reads is listed in `tags` for each named member who has it, so a fact not
    /// listed is false. By default a fact not stated is unknown, and the rules that read it
    /// say they cannot be decided.
    #[schemars(with = "Option<bool>")]
    pub register_complete: Option<Spanned<bool>>,
}

/// A fact about the board or its area, in `[facts]`: `category = "voluntary-aided"`,
/// `has-special-academies = true`, `schools = 3`, a table of numbers such as pupils per
/// sector, or a list of names such as the schools of a federation.
#[derive(Debug, Deserialize, schemars::JsonSchema, Clone, PartialEq, Eq)]
#[serde(untagged)]
#[non_exhaustive]
pub enum FactValue {
    /// `true` or `false`.
    Bool(bool),
    /// A whole number.
    Number(i64),
    /// Text.
    Text(String),
    /// Whole numbers by name, e.g. pupils by sector.
    Numbers(indexmap::IndexMap<String, i64>),
    /// Names, e.g. the schools of a federation: `schools = ["Oakfield", "Elm"]`.
    List(Vec<String>),
}

impl FactValue {
    /// The kind of value, as a pack declares it: `bool`, `number`, `text` or `numbers`.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Bool(_) => "bool",
            Self::Number(_) => "number",
            Self::Text(_) => "text",
            Self::Numbers(_) => "numbers",
            Self::List(_) => "list",
        }
    }
}

impl std::fmt::Display for FactValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Bool(b) => write!(f, "{b}"),
            Self::Number(n) => write!(f, "{n}"),
            Self::Text(t) => write!(f, "\"{t}\""),
            Self::Numbers(m) => {
                let parts: Vec<String> = m.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                write!(f, "{{ {} }}", parts.join(", "))
            }
            Self::List(v) => {
                let parts: Vec<String> = v.iter().map(|s| format!("\"{s}\"")).collect();
                write!(f, "[{}]", parts.join(", "))
            }
        }
    }
}

/// `[pack.facts.<name>]`: a fact a pack's rules read from the board.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FactDecl {
    /// What the fact means, for the board's author.
    pub description: String,
    /// `bool`, `number`, `text` or `numbers`.
    #[serde(rename = "type")]
    #[schemars(with = "String")]
    pub kind: Spanned<String>,
    /// For text facts: the allowed values.
    pub values: Option<Vec<String>>,
    /// The value used when the board does not state the fact.
    #[schemars(with = "Option<FactValue>")]
    pub default: Option<Spanned<FactValue>>,
    /// Whether a board must state the fact (when there is no default).
    pub required: Option<bool>,
}

/// A condition on a fact: `{ fact = "has-special-academies" }` (true),
/// `{ fact = "category", is = "voluntary-aided" }`, `{ fact = "category", in = [..] }`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Condition {
    /// The fact's name.
    #[schemars(with = "String")]
    pub fact: Spanned<String>,
    /// The value it must have.
    #[schemars(with = "Option<FactValue>")]
    pub is: Option<Spanned<FactValue>>,
    /// Text values any one of which it must have.
    #[serde(rename = "in")]
    #[schemars(with = "Option<Vec<String>>")]
    pub any_of: Option<Vec<Spanned<String>>>,
    /// A second condition that must hold too.
    #[schemars(with = "Option<Box<Condition>>")]
    pub and: Option<Box<Spanned<Condition>>>,
}

/// `[sectors.<id>]`: a category of seats.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Sector {
    /// Display name, e.g. "Primary headteachers".
    #[schemars(with = "Option<String>")]
    pub name: Option<Spanned<String>>,
    /// How many seats the sector holds (vacancies included): a number, or the range the
    /// constitution allows, e.g. `{ at-most = 3 }` for "up to 3".
    #[schemars(with = "SeatsValue")]
    pub seats: Spanned<SeatsValue>,
    /// Facts true of every seat in the sector, e.g. `local-authority`, `school-leader`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub tags: Vec<Spanned<String>>,
    /// When the seats may be of one kind or another ("a head teacher or a governor",
    /// "maintained school or academy"): the alternatives, each a list of tags, e.g.
    /// `tags-one-of = [["head-representative"], ["governor-representative"]]`. Every rule is
    /// judged on each.
    #[serde(default)]
    #[schemars(with = "Vec<Vec<String>>")]
    pub tags_one_of: Vec<Vec<Spanned<String>>>,
    /// Who appoints or elects the sector's seats, e.g. "parents", "the local authority",
    /// "the governing body" (rules select on it with `{ appointed-by = "parents" }`).
    pub appointed_by: Option<String>,
    /// The bodies the sector's seats represent, by the names a `list` fact gives them
    /// (`represents = ["Oakfield"]`); an executive head of two schools represents both.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub represents: Vec<Spanned<String>>,
    /// Personal facts false of every seat in the sector, e.g. `not = ["employee"]` for
    /// non-executive trustees (a named member's own `tags` still say otherwise).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub not: Vec<Spanned<String>>,
    /// Free text: who nominates, how representatives are chosen.
    pub description: Option<String>,
    /// The term of office of the sector's members, in years, as an instrument states it
    /// ("all governors 4 years"): a member with a `term-start` and no `term-end` serves
    /// this long.
    #[schemars(with = "Option<i64>")]
    pub term_years: Option<Spanned<i64>>,
    /// `false` for observers and other non-voting seats: rules count voting seats only,
    /// unless a selector names this sector or the tag `non-voting`.
    #[schemars(with = "Option<bool>")]
    pub voting: Option<Spanned<bool>>,
}

/// A sector's seats as an instrument gives them.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
#[non_exhaustive]
pub enum SeatsValue {
    /// A number of seats.
    Exact(i64),
    /// The range the constitution allows ("up to 3", "a minimum of 2", "2 or 3").
    Range(SeatRange),
}

/// `seats = { at-least = 2, at-most = 3 }`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SeatRange {
    /// The fewest seats the constitution allows (default 0).
    pub at_least: Option<i64>,
    /// The most seats it allows (default: no limit; readings are tried up to the size of
    /// the rest of the board).
    pub at_most: Option<i64>,
}

/// `[[members]]`: a named person holding one seat.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Member {
    /// The person's name; unique on the board.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// The sector whose seat they hold.
    #[schemars(with = "String")]
    pub sector: Spanned<String>,
    /// Their role, e.g. "Headteacher, Oakfield Primary".
    pub role: Option<String>,
    /// Who appointed or nominated them.
    pub appointed_by: Option<String>,
    /// Facts true of this person, e.g. `employed-at-school`, `councillor`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub tags: Vec<Spanned<String>>,
    /// Personal facts known to be false of this person, e.g. `not = ["councillor"]`. A
    /// fact in neither list is unknown (unless `[board]` says `register-complete = true`).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub not: Vec<Spanned<String>>,
    /// First day of the current term of office.
    #[schemars(with = "Option<crate::model::raw::TomlDate>")]
    pub term_start: Option<Spanned<toml::value::Datetime>>,
    /// Last day of the current term of office.
    #[schemars(with = "Option<crate::model::raw::TomlDate>")]
    pub term_end: Option<Spanned<toml::value::Datetime>>,
}

/// `[chair]` / `[vice-chair]`: who holds an office.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Office {
    /// A named member, or several (co-chairs: `member = ["A. Khan", "B. Lee"]`).
    #[schemars(with = "Option<OneOrMany>")]
    pub member: Option<Spanned<OneOrMany>>,
    /// In a proposal with no names yet: the sector (or sectors) the office is drawn from.
    #[schemars(with = "Option<OneOrMany>")]
    pub from: Option<Spanned<OneOrMany>>,
}

/// A string or an array of strings.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
#[non_exhaustive]
pub enum OneOrMany {
    /// One value.
    One(String),
    /// Several values.
    Many(Vec<String>),
}

impl OneOrMany {
    /// The values, in order.
    #[must_use]
    pub fn into_vec(self) -> Vec<String> {
        match self {
            Self::One(s) => vec![s],
            Self::Many(v) => v,
        }
    }
}

/// `[pack]`: a rule pack's identity.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PackHeader {
    /// The pack's name, e.g. `rotherham/resp-2018`.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// A one-line title.
    pub title: String,
    /// A version or the date of the text it encodes.
    pub version: String,
    /// The document the rules come from.
    pub source: String,
    /// Notes on how the pack reads its source.
    pub notes: Option<String>,
    /// Facts the pack's rules read from boards.
    #[serde(default)]
    #[schemars(with = "indexmap::IndexMap<String, FactDecl>")]
    pub facts: indexmap::IndexMap<String, Spanned<FactDecl>>,
}

/// The keys every rule has, whatever its kind.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub struct RuleCommon {
    /// The rule's id in its pack, e.g. `local-authority-share`.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The rule kind, e.g. `count` or `share`: `boardcheck explain` lists them all, and
    /// `boardcheck explain KIND` explains one.
    #[schemars(with = "String")]
    pub kind: Spanned<String>,
    /// `error` (default), `warning` or `advice`.
    #[schemars(with = "Option<String>")]
    pub severity: Option<Spanned<String>>,
    /// The clause the rule comes from.
    pub citation: Option<String>,
    /// The rule in a few plain words, e.g. "the chair is a school leader".
    pub title: Option<String>,
    /// The rule applies only when this condition on the board's facts holds.
    #[schemars(with = "Option<Condition>")]
    pub applies_when: Option<Spanned<Condition>>,
}

/// The keys common to every rule, removed before the kind's own keys are read.
pub const COMMON_RULE_KEYS: &[&str] = &[
    "id",
    "kind",
    "severity",
    "citation",
    "title",
    "applies-when",
];

/// A selector: which seats a rule looks at. Exactly one key.
#[derive(Debug, Deserialize, schemars::JsonSchema, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Selector {
    /// Seats appointed or elected by this body, as the sector (or member) states it:
    /// `{ appointed-by = "parents" }`.
    #[schemars(with = "Option<String>")]
    pub appointed_by: Option<Spanned<String>>,
    /// Seats of one sector.
    #[schemars(with = "Option<String>")]
    pub sector: Option<Spanned<String>>,
    /// Seats of any of these sectors.
    #[schemars(with = "Option<Vec<String>>")]
    pub sectors: Option<Vec<Spanned<String>>>,
    /// Seats carrying a tag: on the sector, or on the member who holds the seat. A vacant
    /// seat has only its sector's tags.
    #[schemars(with = "Option<String>")]
    pub tag: Option<Spanned<String>>,
    /// Seats carrying any of these tags.
    #[schemars(with = "Option<Vec<String>>")]
    pub tags: Option<Vec<Spanned<String>>>,
    /// Seats whose holder has a personal fact (a tag on the member or the sector), such as
    /// `employed-at-school`. Unknown for a vacant seat whose sector does not carry it.
    #[schemars(with = "Option<String>")]
    pub fact: Option<Spanned<String>>,
    /// Seats matching any of these selectors.
    #[schemars(with = "Option<Vec<Selector>>")]
    pub any_of: Option<Vec<Spanned<Selector>>>,
    /// Seats matching all of these selectors.
    #[schemars(with = "Option<Vec<Selector>>")]
    pub all_of: Option<Vec<Spanned<Selector>>>,
    /// Seats not matching this selector.
    #[schemars(with = "Option<Box<Selector>>")]
    pub not: Option<Box<Spanned<Selector>>>,
    /// Every seat on the board (`all = true`).
    pub all: Option<bool>,
    /// The words for what this selects, used in findings instead of its tags: a noun
    /// phrase for seats where the rule counts them (`of = { tags = [..], label = "governors" }`),
    /// and what a person is where the rule asks of a holder
    /// (`must-not-be = { fact = "employee", label = "an employee of the trust" }`).
    pub label: Option<String>,
}

/// `[[meetings]]`: a meeting held, with who (or how many) were present, so that its
/// quorum can be checked against the membership on that date.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Meeting {
    /// The date of the meeting (YYYY-MM-DD, without quotes).
    #[schemars(with = "crate::model::raw::TomlDate")]
    pub date: Spanned<toml::value::Datetime>,
    /// Who was present: the number of members, or their names as the register gives them.
    #[schemars(with = "Present")]
    pub present: Spanned<Present>,
    /// What the meeting was, e.g. "full governing body, spring term".
    pub note: Option<String>,
}

/// Who was present at a meeting.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Present {
    /// The number of members present.
    Count(i64),
    /// The members present, by name.
    Names(Vec<String>),
}

/// `[[waivers]]`: a rule knowingly not applied to one sector or member, with the reason
/// and, optionally, the date the waiver ends.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Waiver {
    /// The rule waived: its id (`local-authority-share`) or its id qualified by its pack
    /// (`resp-2018/local-authority-share`); or a diagnostic code (`vacant-seats`), which
    /// waives that code's findings for the sector or member.
    #[schemars(with = "String")]
    pub rule: Spanned<String>,
    /// The sector the waiver covers (give this or `member`).
    #[schemars(with = "Option<String>")]
    pub sector: Option<Spanned<String>>,
    /// The member the waiver covers (give this or `sector`).
    #[schemars(with = "Option<String>")]
    pub member: Option<Spanned<String>>,
    /// Why the rule does not apply here: a decision, a transition period, a pending review.
    #[schemars(with = "String")]
    pub reason: Spanned<String>,
    /// The last day the waiver holds (YYYY-MM-DD); after it, the rule applies again.
    #[schemars(with = "Option<crate::model::raw::TomlDate>")]
    pub expires: Option<Spanned<toml::value::Datetime>>,
}
