//! Boards kept together: an estate is a folder whose root holds `boardcheck.toml`. It names
//! a register of people shared by its boards, gives boards roles (`members`, `trustees`,
//! `challenge`), and names the packs whose rules span boards. Every board file under the
//! folder belongs to it.
//!
//! ```toml
//! [estate]
//! name = "Oak Learning Trust"
//! register = "people.toml"            # optional: each person once, with their facts
//! packs = ["england/academy-trust"]   # whose rules across boards apply
//!
//! [boards]                            # optional: roles; a board's role is otherwise its file's stem
//! members = "members.toml"
//! trustees = "trustees.toml"
//! ```
//!
//! The register (`[[people]]` with `name`, `tags` and `not`) states each person's facts
//! once; a board member of the same name takes them, and a board that states the opposite
//! of the register is a finding at both lines (`register-clash`). Rules across boards are
//! checked once every board has been read ([`check`]), and reported against
//! `boardcheck.toml` with labels on the boards' lines.

use crate::check::Outcome;
use crate::diagnostic::{declare_code, Code, Finding, Severity};
use crate::files::same_file;
use crate::model::span::{SourceFile, Span, Spanned};
use crate::model::{Board, Holder};
use crate::pack::{Loader, Pack};
use crate::parse::{self, Ctx};
use crate::rules::{self, Rule, RuleRun};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The file that makes a folder an estate.
pub const ESTATE_FILE: &str = "boardcheck.toml";

declare_code! {
    /// ## What it checks
    /// Whether a board states a person's fact the opposite way to the estate's register of
    /// people: the register says a person is a councillor, a board says `not =
    /// ["councillor"]`, or the other way round.
    ///
    /// ## Why it matters
    /// A person is one person on every board. Two statements that disagree mean one of them
    /// is wrong, and every rule reading the fact (who may chair, the employee cap) may be
    /// judged on the wrong one.
    ///
    /// ## Example
    /// `people.toml` gives Jane Smith `tags = ["employee"]`; `trustees.toml` gives her
    /// `not = ["employee"]`.
    ///
    /// ## How to fix
    /// Correct the statement that is wrong, and keep the fact in the register only.
    pub REGISTER_CLASH { family: "estate", name: "register-clash", since: "0.2.0" }
}

/// The estate's own codes (the rules across boards have theirs with their kinds).
pub static CODES: &[&Code] = &[&REGISTER_CLASH];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEstate {
    estate: Option<toml::Spanned<RawHeader>>,
    boards: Option<indexmap::IndexMap<String, toml::Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    name: toml::Spanned<String>,
    register: Option<toml::Spanned<String>>,
    #[serde(default)]
    packs: Vec<toml::Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegister {
    #[serde(default)]
    people: Vec<toml::Spanned<RawPerson>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerson {
    name: toml::Spanned<String>,
    #[serde(default)]
    tags: Vec<toml::Spanned<String>>,
    #[serde(default)]
    not: Vec<toml::Spanned<String>>,
}

/// One person in the register.
#[derive(Debug)]
pub struct Person {
    /// Their name, as the register gives it.
    pub name: Spanned<String>,
    /// Facts true of them.
    pub tags: Vec<Spanned<String>>,
    /// Facts false of them.
    pub not: Vec<Spanned<String>>,
}

/// The people of an estate, each once.
#[derive(Debug, Default)]
pub struct Register {
    /// Everyone, in the order written.
    pub people: Vec<Person>,
    /// Each person's place in `people`, by [`person_key`].
    index: std::collections::HashMap<String, usize>,
}

/// A person's name as boards are matched on it: spaces collapsed, case ignored.
#[must_use]
pub fn person_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Register {
    /// The person of this name, if the register has them.
    #[must_use]
    pub fn person(&self, name: &str) -> Option<&Person> {
        self.index.get(&person_key(name)).map(|&i| &self.people[i])
    }

    /// Adds a person; the one already there when the name is taken.
    fn add(&mut self, person: Person) -> Result<(), &Person> {
        let key = person_key(&person.name.value);
        if let Some(&i) = self.index.get(&key) {
            return Err(&self.people[i]);
        }
        self.index.insert(key, self.people.len());
        self.people.push(person);
        Ok(())
    }

    /// Gives each member of the board the register's facts about them; where the board
    /// states a fact the other way, a `register-clash` finding points at both.
    pub(crate) fn apply(&self, board: &mut Board) -> Vec<Finding> {
        let mut out = Vec::new();
        for m in &mut board.members {
            let Some(p) = self.person(&m.name.value) else {
                continue;
            };
            for (facts, against, says, other) in [
                (&p.tags, &mut m.not, "true", "false"),
                (&p.not, &mut m.tags, "false", "true"),
            ] {
                for f in facts {
                    if let Some(stated) = against.iter().find(|t| t.value == f.value) {
                        out.push(
                            Finding::new(
                                &REGISTER_CLASH,
                                Severity::Error,
                                format!(
                                    "the register says {} is {says} of {}; this board says it is {other}",
                                    f.value, p.name.value
                                ),
                            )
                            .primary(&stated.span, "stated here")
                            .secondary(&f.span, "the register says otherwise")
                            .help("correct the statement that is wrong, and keep the fact in the register only"),
                        );
                    }
                }
            }
            // The register's facts the board does not state either way.
            for (facts, true_) in [(&p.tags, true), (&p.not, false)] {
                for t in facts {
                    if m.fact(&t.value, false).is_none() {
                        if true_ { &mut m.tags } else { &mut m.not }.push(t.clone());
                    }
                }
            }
        }
        out
    }
}

/// An estate: its file, register, boards' roles and rules across boards.
#[derive(Debug)]
pub struct Estate {
    /// The folder it covers.
    pub root: PathBuf,
    /// `boardcheck.toml`.
    pub file: Arc<SourceFile>,
    /// Its name.
    pub name: Spanned<String>,
    /// Where the register is, if it has one.
    pub register_path: Option<PathBuf>,
    /// The register (empty when none is named).
    pub register: Arc<Register>,
    /// Roles given in `[boards]`: role, and the board file (relative to the root).
    pub roles: Vec<(String, Spanned<String>)>,
    /// The packs it names, as loaded.
    pub packs: Vec<Arc<Pack>>,
    /// Its own `[[rules]]`, qualified `estate/…`.
    pub own_rules: Vec<Rule>,
    /// Mistakes in the estate file or the register: when any, its rules are not checked.
    pub errors: Vec<Finding>,
}

impl Estate {
    /// Reads `boardcheck.toml` in `root`, its register and its packs. Mistakes are kept in
    /// `errors`, reported with the estate's outcome.
    #[must_use]
    pub fn load(root: &Path, loader: &Loader, max_file_size: u64) -> Self {
        let path = root.join(ESTATE_FILE);
        let text = crate::files::read_text(&path, max_file_size).unwrap_or_default();
        let file = SourceFile::from_path(&path, text);
        let mut ctx = Ctx::new(&file);
        let mut estate = Self {
            root: root.to_path_buf(),
            file: Arc::clone(&file),
            name: Spanned {
                value: root.display().to_string(),
                span: Span::new(&file, 0..0),
            },
            register_path: None,
            register: Arc::new(Register::default()),
            roles: Vec::new(),
            packs: Vec::new(),
            own_rules: Vec::new(),
            errors: Vec::new(),
        };
        let Some(doc) = parse::document(&mut ctx, &file.text) else {
            estate.errors = ctx.errors;
            return estate;
        };
        let span = doc.span();
        let value = toml::Spanned::new(span, toml::de::DeValue::Table(doc.into_inner()));
        // Rules are read as the board reads them; the rest with serde.
        let (rules_value, rest) = split_rules(value);
        if let Some(raw) = ctx.de::<RawEstate>(rest, "in `boardcheck.toml`") {
            match raw.estate {
                Some(h) => {
                    let h = h.into_inner();
                    estate.name = Spanned::from_toml(&file, h.name);
                    for reference in &h.packs {
                        let r = Spanned::from_toml(&file, reference.clone());
                        match loader.resolve(&r, Some(root)) {
                            Ok(p) => estate.packs.push(p),
                            Err(e) => ctx.errors.extend(e),
                        }
                    }
                    if let Some(reg) = h.register {
                        let reg = Spanned::from_toml(&file, reg);
                        let path = root.join(&reg.value);
                        match load_register(&path, &reg, max_file_size) {
                            Ok(r) => estate.register = Arc::new(r),
                            Err(e) => ctx.errors.extend(e),
                        }
                        estate.register_path = Some(path);
                    }
                }
                None => ctx.error(
                    &parse::MISSING_KEY,
                    0..0,
                    "this estate file has no `[estate]` table",
                    "an estate needs a name",
                    Some("add `[estate]` with `name = \"...\"`".into()),
                ),
            }
            for (role, board) in raw.boards.into_iter().flatten() {
                estate.roles.push((role, Spanned::from_toml(&file, board)));
            }
        }
        if let Some(v) = rules_value {
            estate.own_rules = rules::build_rules(&mut ctx, v, "estate");
            for r in estate.own_rules.iter().filter(|r| !r.kind.spans_boards()) {
                ctx.errors.push(
                    Finding::new(
                        &parse::INVALID_VALUE,
                        Severity::Error,
                        format!(
                            "a `{}` rule checks one board, not the boards together",
                            r.kind.name()
                        ),
                    )
                    .primary(&r.span, "checks one board")
                    .help("put it in the board files' `[[rules]]`, or in a pack they name; an estate's own rules are rules across boards (`independent`, `seats-across`, `office-apart`)"),
                );
            }
        }
        estate.errors = ctx.errors;
        estate
    }

    /// The role of the board in `path`: the one `[boards]` gives, or the file's stem.
    #[must_use]
    pub fn role_of(&self, path: &Path) -> String {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        self.roles
            .iter()
            .find(|(_, f)| same_file(&self.root.join(&f.value), path))
            .map_or_else(
                || {
                    rel.file_stem()
                        .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
                },
                |(r, _)| r.clone(),
            )
    }

    /// Every rule across boards: its packs', then its own.
    pub fn rules(&self) -> impl Iterator<Item = &Rule> {
        self.packs
            .iter()
            .flat_map(|p| p.rules.iter())
            .chain(self.own_rules.iter())
            .filter(|r| r.kind.spans_boards())
    }
}

/// Splits the `rules` array from the rest of the estate table.
fn split_rules(
    value: toml::Spanned<toml::de::DeValue<'_>>,
) -> (
    Option<toml::Spanned<toml::de::DeValue<'_>>>,
    toml::Spanned<toml::de::DeValue<'_>>,
) {
    let span = value.span();
    match value.into_inner() {
        toml::de::DeValue::Table(mut t) => {
            let rules = t
                .keys()
                .find(|k| k.get_ref() == "rules")
                .cloned()
                .and_then(|k| t.remove(&k));
            (rules, toml::Spanned::new(span, toml::de::DeValue::Table(t)))
        }
        other => (None, toml::Spanned::new(span, other)),
    }
}

fn load_register(path: &Path, named: &Spanned<String>, max: u64) -> Result<Register, Vec<Finding>> {
    let text = crate::files::read_text(path, max).map_err(|e| {
        vec![Finding::new(
            &parse::UNREADABLE,
            Severity::Error,
            format!("cannot read the register `{}`: {e}", named.value),
        )
        .primary(&named.span, "the register is named here")
        .help("check the path, relative to the folder of `boardcheck.toml`")]
    })?;
    let file = SourceFile::from_path(path, text);
    let mut ctx = Ctx::new(&file);
    let raw = parse::document(&mut ctx, &file.text).and_then(|doc| {
        let span = doc.span();
        ctx.de::<RawRegister>(
            toml::Spanned::new(span, toml::de::DeValue::Table(doc.into_inner())),
            "in the register",
        )
    });
    let mut register = Register::default();
    if let Some(raw) = raw {
        for p in raw.people {
            let p = p.into_inner();
            let person = Person {
                name: Spanned::from_toml(&file, p.name),
                tags: Spanned::all_from_toml(&file, p.tags),
                not: Spanned::all_from_toml(&file, p.not),
            };
            let again = person.name.clone();
            if let Err(first) = register.add(person) {
                ctx.errors.push(
                    Finding::new(
                        &parse::DUPLICATE,
                        Severity::Error,
                        format!("{} is in the register twice", again.value),
                    )
                    .primary(&again.span, "again here")
                    .secondary(&first.name.span, "first here")
                    .help("keep one entry per person, with every fact about them"),
                );
            }
        }
    }
    if ctx.errors.is_empty() {
        Ok(register)
    } else {
        Err(ctx.errors)
    }
}

/// What a rule across boards sees of one board.
#[derive(Debug, Clone)]
pub struct BoardView {
    /// Its role in the estate.
    pub role: String,
    /// Its name.
    pub name: Spanned<String>,
    /// Its named members: name, and where the name is.
    pub members: Vec<Spanned<String>>,
    /// Who holds its offices, by title: `chair`, `vice-chair`.
    pub offices: Vec<(&'static str, Spanned<String>)>,
}

impl BoardView {
    /// The view of a checked board.
    #[must_use]
    pub fn of(role: String, board: &Board) -> Self {
        let mut offices = Vec::new();
        for office in [&board.chair, &board.vice_chair].into_iter().flatten() {
            if let Holder::Member { name, .. } = &office.holder {
                offices.push((office.title, name.clone()));
            }
            for (name, _) in &office.co_holders {
                offices.push((office.title, name.clone()));
            }
        }
        Self {
            role,
            name: board.name.clone(),
            members: board.members.iter().map(|m| m.name.clone()).collect(),
            offices,
        }
    }

    /// Where the person of this name sits on this board, if they do.
    #[must_use]
    pub fn seat_of(&self, name: &str) -> Option<&Spanned<String>> {
        let key = person_key(name);
        self.members.iter().find(|m| person_key(&m.value) == key)
    }
}

/// The boards of an estate, as rules across boards see them.
#[derive(Debug, Default)]
pub struct EstateView {
    /// Every board read, in the order checked.
    pub boards: Vec<BoardView>,
}

impl EstateView {
    /// The boards with these two roles, when the estate has both (the two a rule across
    /// boards compares).
    #[must_use]
    pub fn pair(&self, a: &str, b: &str) -> Option<(&BoardView, &BoardView)> {
        Some((self.board(a)?, self.board(b)?))
    }

    /// The board with this role.
    #[must_use]
    pub fn board(&self, role: &str) -> Option<&BoardView> {
        self.boards.iter().find(|b| b.role == role)
    }
}

/// Checks the rules across boards: an outcome for `boardcheck.toml`, whose findings point
/// at the boards' lines. With mistakes in the estate file or register, those are its
/// findings and no rule is checked.
#[must_use]
pub fn check(estate: &Estate, view: &EstateView) -> Outcome {
    let mut findings = estate.errors.clone();
    let mut ran = Vec::new();
    let checked = findings.is_empty();
    if checked {
        for rule in estate.rules() {
            let applies = rule.kind.check_estate(rule, view, &mut findings);
            ran.push(RuleRun::of(rule, applies));
        }
    }
    Outcome {
        file: Arc::clone(&estate.file),
        board: None,
        findings,
        checked,
        rules: ran,
        waived: Vec::new(),
        packs: estate.packs.clone(),
        own_rules: Vec::new(),
        title: Some(format!("{} (rules across its boards)", estate.name.value)),
    }
}

/// The estate root a board file belongs to: the nearest folder above it (or its own)
/// holding `boardcheck.toml`. A relative path is searched up to the current folder, and the
/// root is given the same way, so that findings name files as the user wrote them.
#[must_use]
pub fn root_of(path: &Path) -> Option<PathBuf> {
    path.parent()?
        .ancestors()
        // The current folder, reached as the empty path, is named ".".
        .map(|d| {
            if d.as_os_str().is_empty() {
                Path::new(".")
            } else {
                d
            }
        })
        .find(|d| d.join(ESTATE_FILE).is_file())
        .map(Path::to_path_buf)
}

/// Sorts board files into estates: each file under a folder holding `boardcheck.toml`
/// belongs to that estate (loaded once), and is returned with its estate's index; the
/// estate files and registers themselves are not boards and are left out.
#[must_use]
pub fn plan(
    files: Vec<PathBuf>,
    loader: &Loader,
    max_file_size: u64,
) -> (Vec<Estate>, Vec<(PathBuf, Option<usize>)>) {
    let mut estates: Vec<Estate> = Vec::new();
    let mut out = Vec::new();
    // Boards in one folder share their estate (or lack of one): looked up once a folder
    // (a folder's path is copied only the first time).
    let mut roots: rustc_hash::FxHashMap<PathBuf, Option<PathBuf>> =
        rustc_hash::FxHashMap::default();
    for path in files {
        let root = match path.parent() {
            Some(dir) => match roots.get(dir) {
                Some(root) => root.clone(),
                None => {
                    let root = root_of(&path);
                    roots.insert(dir.to_path_buf(), root.clone());
                    root
                }
            },
            None => root_of(&path),
        };
        let Some(root) = root else {
            out.push((path, None));
            continue;
        };
        let i = estates
            .iter()
            .position(|e| same_file(&e.root, &root))
            .unwrap_or_else(|| {
                estates.push(Estate::load(&root, loader, max_file_size));
                estates.len() - 1
            });
        let own = path.file_name().is_some_and(|n| n == ESTATE_FILE)
            || estates[i]
                .register_path
                .as_deref()
                .is_some_and(|r| same_file(r, &path));
        if !own {
            out.push((path, Some(i)));
        }
    }
    (estates, out)
}

/// Checks the boards of one estate one after another, then the estate's rules across
/// them: each board's outcome, and the estate's. (`check` on the command line does the
/// same, in parallel and streaming.)
#[must_use]
pub fn check_boards(
    estate: &Estate,
    files: &[PathBuf],
    loader: &Loader,
    options: &crate::Options,
) -> (Vec<Outcome>, Outcome) {
    let mut view = EstateView::default();
    let mut outcomes = Vec::new();
    for path in files {
        let outcome = crate::check_path_in(path, loader, options, Some(&estate.register));
        if let Some(board) = &outcome.board {
            view.boards.push(BoardView::of(estate.role_of(path), board));
        }
        outcomes.push(outcome);
    }
    let own = check(estate, &view);
    (outcomes, own)
}

/// Checks a board file with its estate's register when it belongs to an estate (as
/// `options`, `suggest`, `fix` and `compare` read a board), or alone otherwise.
#[must_use]
pub fn check_path_in_estate(path: &Path, loader: &Loader, options: &crate::Options) -> Outcome {
    match root_of(path) {
        Some(root) => {
            let estate = Estate::load(&root, loader, options.max_file_size);
            crate::check_path_in(path, loader, options, Some(&estate.register))
        }
        None => crate::check_path(path, loader, options),
    }
}
