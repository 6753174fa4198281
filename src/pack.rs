//! Rule packs: named, versioned sets of rules with citations. Built-in packs are TOML files
//! under `packs/`, embedded in the binary; a board may also name a pack file by a path
//! relative to itself, inside the trust boundary ([`Access`]: its repository, or folders
//! allowed with `--allow-packs`). Packs declare the facts their rules read, which boards
//! state under `[facts]`.

use crate::diagnostic::Finding;
use crate::model::raw::{self, FactValue};
use crate::model::span::{SourceFile, Spanned};
use crate::parse::{self, did_you_mean, list_backticked, Ctx};
use crate::rules::{build_rules, Rule};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A parsed rule pack.
#[derive(Debug)]
pub struct Pack {
    /// The pack's file.
    pub file: Arc<SourceFile>,
    /// Its name, e.g. `rotherham/resp-2018`.
    pub name: Spanned<String>,
    /// A one-line title.
    pub title: String,
    /// Version or date.
    pub version: String,
    /// The source document.
    pub source: String,
    /// How the pack reads its source.
    pub notes: Option<String>,
    /// The facts its rules read from boards.
    pub facts: Vec<FactDecl>,
    /// The rules, in order.
    pub rules: Vec<Rule>,
}

/// A fact a pack reads from boards (`[pack.facts.<name>]`).
#[derive(Debug)]
pub struct FactDecl {
    /// The fact's key in a board's `[facts]`.
    pub name: String,
    /// What it means.
    pub description: String,
    /// `bool`, `number`, `text` or `numbers`.
    pub kind: String,
    /// For text facts, the allowed values.
    pub values: Vec<String>,
    /// The value used when a board does not state it.
    pub default: Option<Spanned<FactValue>>,
    /// Whether a board must state it (when there is no default).
    pub required: bool,
    /// Where it was declared.
    pub span: crate::model::span::Span,
}

const FACT_KINDS: &[&str] = &["bool", "number", "text", "numbers", "list"];

/// The built-in packs: name and TOML text.
pub static BUILTIN: &[(&str, &str)] = &[
    (
        "england/academy-trust",
        include_str!("../packs/england/academy-trust.toml"),
    ),
    (
        "england/federation-2012",
        include_str!("../packs/england/federation-2012.toml"),
    ),
    (
        "england/federation-2016",
        include_str!("../packs/england/federation-2016.toml"),
    ),
    (
        "england/maintained-school-2012",
        include_str!("../packs/england/maintained-school-2012.toml"),
    ),
    (
        "england/schools-forum-2012",
        include_str!("../packs/england/schools-forum-2012.toml"),
    ),
    (
        "rotherham/resp-2018",
        include_str!("../packs/rotherham/resp-2018.toml"),
    ),
];

pub(crate) const PACK_KEYS: &[&str] = &["pack", "rules"];

impl Pack {
    /// Parses a pack file, reporting every structural error.
    ///
    /// # Errors
    /// The structural findings, when the pack cannot be used.
    pub fn parse(file: &Arc<SourceFile>) -> Result<Self, Vec<Finding>> {
        let mut ctx = Ctx::new(file);
        let Some(root) = parse::document(&mut ctx, &file.text) else {
            return Err(ctx.errors);
        };
        let root_span = root.span();
        let mut root = root.into_inner();
        for (key, _) in &root {
            if !PACK_KEYS.contains(&key.get_ref().as_ref()) {
                ctx.unknown_key(
                    key.get_ref(),
                    key.span(),
                    "at the top level of a rule pack",
                    PACK_KEYS,
                );
            }
        }
        let header_key = root.keys().find(|k| k.get_ref() == "pack").cloned();
        let mut header: Option<raw::PackHeader> = match header_key.and_then(|k| root.remove(&k)) {
            Some(v) => ctx.de(v, "in `[pack]`"),
            None => {
                ctx.error(
                    &parse::MISSING_KEY,
                    root_span.start..root_span.start,
                    "this rule pack has no `[pack]` table",
                    "a rule pack starts with `[pack]`",
                    Some("add `[pack]` with `name`, `title`, `version` and `source`".into()),
                );
                None
            }
        };
        let qualifier = header.as_ref().map_or_else(
            || "pack".to_string(),
            |h| {
                h.name
                    .get_ref()
                    .rsplit('/')
                    .next()
                    .unwrap_or_default()
                    .to_string()
            },
        );
        let rules_key = root.keys().find(|k| k.get_ref() == "rules").cloned();
        let rules = rules_key
            .and_then(|k| root.remove(&k))
            .map(|v| build_rules(&mut ctx, v, &qualifier))
            .unwrap_or_default();
        let facts = header
            .as_mut()
            .map(|h| build_fact_decls(&mut ctx, std::mem::take(&mut h.facts)))
            .unwrap_or_default();
        match header {
            Some(h) if ctx.errors.is_empty() => Ok(Self {
                file: Arc::clone(file),
                name: Spanned::from_toml(file, h.name),
                title: h.title,
                version: h.version,
                source: h.source,
                notes: h.notes,
                facts,
                rules,
            }),
            _ => Err(ctx.errors),
        }
    }
}

fn build_fact_decls(
    ctx: &mut Ctx<'_>,
    raw: indexmap::IndexMap<String, toml::Spanned<raw::FactDecl>>,
) -> Vec<FactDecl> {
    let mut out = Vec::new();
    for (name, decl) in raw {
        let span = ctx.span(decl.span());
        let d = decl.into_inner();
        let kind = d.kind.get_ref().clone();
        if !FACT_KINDS.contains(&kind.as_str()) {
            ctx.error(
                &parse::INVALID_VALUE,
                d.kind.span(),
                format!("`{kind}` is not a type of fact"),
                "not a type of fact",
                Some(format!("use one of {}", list_backticked(FACT_KINDS))),
            );
            continue;
        }
        let values = d.values.unwrap_or_default();
        let default = d.default.map(|v| Spanned::from_toml(ctx.file, v));
        if let Some(def) = &default {
            let fits = def.value.kind() == kind
                && match &def.value {
                    FactValue::Text(t) => values.is_empty() || values.contains(t),
                    _ => true,
                };
            if !fits {
                ctx.errors.push(
                    Finding::new(
                        &parse::INVALID_VALUE,
                        crate::diagnostic::Severity::Error,
                        format!(
                            "the default for the fact `{name}` is not a {kind} value it allows"
                        ),
                    )
                    .primary(&def.span, "this default")
                    .help("make the default one of the fact's allowed values"),
                );
                continue;
            }
        }
        out.push(FactDecl {
            name,
            description: d.description,
            kind,
            values,
            default,
            required: d.required.unwrap_or(false),
            span,
        });
    }
    out
}

/// An error when a board states a fact its pack declares with a value of the wrong type
/// or not among the allowed values.
fn wrong_fact(decl: &FactDecl, v: &Spanned<FactValue>) -> Option<Finding> {
    // A list of names may also be given as how many there are.
    let ok_kind =
        v.value.kind() == decl.kind || (decl.kind == "list" && v.value.kind() == "number");
    let ok_value = match &v.value {
        FactValue::Text(t) => decl.values.is_empty() || decl.values.contains(t),
        _ => true,
    };
    if ok_kind && ok_value {
        return None;
    }
    let allowed = if decl.values.is_empty() {
        format!("a {} value", decl.kind)
    } else {
        format!(
            "one of {}",
            decl.values
                .iter()
                .map(|v| format!("\"{v}\""))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let suggestion = match &v.value {
        FactValue::Text(t) => did_you_mean(t, decl.values.iter().map(String::as_str)),
        _ => None,
    };
    let help = suggestion.map_or_else(
        || format!("`{}` is {}: {}", decl.name, allowed, decl.description),
        |s| format!("did you mean \"{s}\"?"),
    );
    Some(
        Finding::new(
            &parse::INVALID_VALUE,
            crate::diagnostic::Severity::Error,
            format!(
                "the fact `{}` should be {allowed}, found {}",
                decl.name, v.value
            ),
        )
        .primary(&v.span, "not an allowed value")
        .help(help),
    )
}

/// Checks a board's `[facts]` against what its packs declare, and fills in the packs'
/// defaults. A fact no pack declares and no rule reads is reported as an unknown key.
pub(crate) fn apply_facts(
    ctx: &mut Ctx<'_>,
    board: &mut crate::model::Board,
    packs: &[Arc<Pack>],
    own_rules: &[Rule],
) {
    let mut known: Vec<String> = Vec::new();
    for pack in packs {
        for decl in &pack.facts {
            known.push(decl.name.clone());
            board
                .fact_words
                .entry(decl.name.clone())
                .or_insert_with(|| decl.description.clone());
            match board.facts.get(&decl.name) {
                Some(v) => ctx.errors.extend(wrong_fact(decl, v)),
                // A fact the board does not state is never an error: the rules that read it
                // say they cannot be decided, naming it.
                None => {
                    if let Some(def) = &decl.default {
                        board.facts.insert(decl.name.clone(), def.clone());
                    }
                }
            }
        }
    }
    let used: Vec<&str> = packs
        .iter()
        .flat_map(|p| p.rules.iter())
        .chain(own_rules.iter())
        .flat_map(crate::rules::Rule::facts_used)
        .collect();
    let unknown: Vec<(String, crate::model::span::Span)> = board
        .facts
        .iter()
        .filter(|(name, v)| {
            Arc::ptr_eq(&v.span.file, &board.file)
                && !known.iter().any(|k| k == *name)
                && !used.contains(&name.as_str())
        })
        .map(|(n, v)| (n.clone(), v.span.clone()))
        .collect();
    for (name, span) in unknown {
        let candidates: Vec<&str> = known
            .iter()
            .map(String::as_str)
            .chain(used.iter().copied())
            .collect();
        let help = did_you_mean(&name, candidates.iter().copied()).map_or_else(
            || {
                if candidates.is_empty() {
                    "no rule of this board reads facts; remove it, or keep it as a comment"
                        .to_string()
                } else {
                    format!(
                        "the facts this board's rules read are {}",
                        list_backticked(&candidates)
                    )
                }
            },
            |s| format!("did you mean `{s}`?"),
        );
        ctx.errors.push(
            Finding::new(
                &parse::UNKNOWN_KEY,
                crate::diagnostic::Severity::Error,
                format!("no rule reads the fact `{name}`"),
            )
            .primary(&span, "a fact no rule pack of this board declares")
            .help(help),
        );
    }
}

type Cached = Arc<Result<Arc<Pack>, Vec<Finding>>>;

/// Which pack files a board may name, and how large a file is read.
///
/// A board may name built-in packs, and pack files inside its own repository: the folder
/// given as `root`, or else the nearest folder above the board that holds `.git`, or else
/// the board's own folder. Folders in `allow` are trusted too. Anything else is refused
/// without being read, so a board (say, in a pull request checked by CI) cannot make
/// boardcheck print a file it should not.
#[derive(Debug, Clone)]
pub struct Access {
    /// The repository root for every board (`--root`).
    pub root: Option<PathBuf>,
    /// More folders whose pack files boards may name (`--allow-packs`).
    pub allow: Vec<PathBuf>,
    /// The largest pack file read, in bytes.
    pub max_file_size: u64,
}

impl Default for Access {
    fn default() -> Self {
        Self {
            root: None,
            allow: Vec::new(),
            max_file_size: crate::files::DEFAULT_MAX_FILE_SIZE,
        }
    }
}

/// Finds and parses rule packs, parsing each at most once: safe to share between threads.
#[derive(Default)]
pub struct Loader {
    cache: Mutex<HashMap<String, Cached>>,
    access: Access,
    /// Each board folder's repository root, found once.
    roots: Mutex<HashMap<PathBuf, PathBuf>>,
    /// Pack files given as text rather than read from disk (the page's opened packs), by
    /// file name.
    given: HashMap<String, Arc<str>>,
    /// Whether pack files come only from `given`, never from disk.
    memory: bool,
}

/// Whether `text` is a rule pack file rather than a board: it has a top-level `[pack]`
/// table and no `[board]` table.
#[must_use]
pub fn is_pack_text(text: &str) -> bool {
    if !text.contains("pack") {
        return false;
    }
    let mut pack = false;
    for line in text.lines() {
        // A table header, spaces and a trailing comment aside: `[ pack ]  # the pack`.
        let header: String = line
            .split('#')
            .next()
            .unwrap_or("")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        match header.as_str() {
            "[board]" => return false,
            "[pack]" => pack = true,
            _ => {}
        }
    }
    pack
}

/// The last part of a path written with `/` or `\\`.
fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

impl Loader {
    /// A loader for the built-in packs and pack files on disk.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// A loader with its own rules for which pack files may be read.
    #[must_use]
    pub fn with_access(access: Access) -> Self {
        Self {
            access,
            ..Self::default()
        }
    }

    /// A loader that reads no pack file from disk: a board's pack path is matched to one
    /// of `files` (name and text) by its file name, so `packs/local.toml` finds a file
    /// given as `local.toml`. What the page uses for the packs a person opens.
    #[must_use]
    pub fn with_files(files: impl IntoIterator<Item = (String, String)>) -> Self {
        Self {
            given: files
                .into_iter()
                .map(|(name, text)| (file_name(&name).to_string(), Arc::from(text)))
                .collect(),
            memory: true,
            ..Self::default()
        }
    }

    /// The folders a board in `base` may take pack files from (absolute, links resolved).
    fn trusted(&self, base: Option<&Path>) -> Vec<PathBuf> {
        let resolve =
            |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| crate::files::lexical(p));
        let mut out: Vec<PathBuf> = self.access.allow.iter().map(|p| resolve(p)).collect();
        if let Some(root) = &self.access.root {
            out.push(resolve(root));
            return out;
        }
        let dir = resolve(
            base.filter(|b| !b.as_os_str().is_empty())
                .unwrap_or(Path::new(".")),
        );
        let cached = self.roots.lock().ok().and_then(|r| r.get(&dir).cloned());
        let root = cached.unwrap_or_else(|| {
            let root = dir
                .ancestors()
                .find(|a| a.join(".git").exists())
                .unwrap_or(&dir)
                .to_path_buf();
            if let Ok(mut r) = self.roots.lock() {
                r.insert(dir.clone(), root.clone());
            }
            root
        });
        out.push(root);
        out
    }

    /// Whether `path` (as written, then through any links) lies in a trusted folder.
    fn refuse(&self, path: &Path, base: Option<&Path>) -> Option<String> {
        let trusted = self.trusted(base);
        let inside = |p: &Path| trusted.iter().any(|t| p.starts_with(t));
        let written = crate::files::lexical(path);
        let real = std::fs::canonicalize(path).ok();
        if inside(&written) && real.as_deref().is_none_or(inside) {
            return None;
        }
        let place = |p: &PathBuf| format!("`{}`", p.display());
        Some(format!(
            "it lies outside {} (the folders this board's packs may come from), so it was not read",
            trusted.iter().map(place).collect::<Vec<_>>().join(" and ")
        ))
    }

    /// Resolves a pack reference written in a board: a built-in name, or a path (ending in
    /// `.toml`) relative to `base` (the board's directory).
    ///
    /// # Errors
    /// Findings that say why the pack cannot be used: unknown name, unreadable or malformed file.
    pub fn resolve(
        &self,
        reference: &Spanned<String>,
        base: Option<&Path>,
    ) -> Result<Arc<Pack>, Vec<Finding>> {
        let name = reference.value.as_str();
        if let Some((_, text)) = BUILTIN.iter().find(|(n, _)| *n == name) {
            return self.cached(format!("builtin:{name}"), || {
                Pack::parse(&SourceFile::new(format!("<built-in>/{name}.toml"), *text))
            });
        }
        if Path::new(name).extension().is_some_and(|e| e == "toml") && self.memory {
            let given = self.given.get(file_name(name)).cloned();
            let reference = reference.clone();
            return self.cached(format!("given:{}", file_name(name)), move || match given {
                Some(text) => Pack::parse(&SourceFile::new(name.to_string(), &*text)),
                None => Err(vec![Finding::new(
                    &parse::DANGLING_REFERENCE,
                    crate::diagnostic::Severity::Error,
                    format!("the rule pack `{}` has not been opened", reference.value),
                )
                .primary(&reference.span, "this pack file")
                .help(format!(
                    "open the pack file `{}` beside the board",
                    file_name(&reference.value)
                ))]),
            });
        }
        if Path::new(name).extension().is_some_and(|e| e == "toml") {
            let path: PathBuf = base.map_or_else(|| PathBuf::from(name), |b| b.join(name));
            if let Some(why) = self.refuse(&path, base) {
                return Err(vec![Finding::new(
                    &parse::DANGLING_REFERENCE,
                    crate::diagnostic::Severity::Error,
                    format!("the rule pack `{}` cannot be used: {why}", reference.value),
                )
                .primary(&reference.span, "a pack file outside the board's repository")
                .help("keep pack files in the repository with the boards (name them by a path relative to the board), give the repository's folder with `--root`, or trust the pack's folder with `--allow-packs FOLDER`")]);
            }
            let key = format!("file:{}", path.display());
            let reference = reference.clone();
            let max = self.access.max_file_size;
            return self.cached(key, move || match crate::files::read_text(&path, max) {
                Ok(text) => Pack::parse(&SourceFile::from_path(&path, text)),
                Err(e) => Err(vec![Finding::new(
                    &parse::DANGLING_REFERENCE,
                    crate::diagnostic::Severity::Error,
                    format!("the rule pack `{}` cannot be read: {}", reference.value, e),
                )
                .primary(&reference.span, "this pack file")
                .help(format!(
                    "check the path; it is read relative to the board file, as {}",
                    path.display()
                ))]),
            });
        }
        let names: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
        let help = did_you_mean(name, names.iter().copied()).map_or_else(
            || {
                format!(
                    "the built-in packs are {}; a pack file is named by a path ending in `.toml`",
                    list_backticked(&names)
                )
            },
            |s| format!("did you mean `{s}`?"),
        );
        Err(vec![Finding::new(
            &parse::DANGLING_REFERENCE,
            crate::diagnostic::Severity::Error,
            format!("there is no rule pack `{name}`"),
        )
        .primary(&reference.span, "unknown rule pack")
        .help(help)])
    }

    fn cached(
        &self,
        key: String,
        load: impl FnOnce() -> Result<Pack, Vec<Finding>>,
    ) -> Result<Arc<Pack>, Vec<Finding>> {
        let existing = self.cache.lock().ok().and_then(|c| c.get(&key).cloned());
        let entry = existing.unwrap_or_else(|| {
            let fresh: Cached = Arc::new(load().map(Arc::new));
            if let Ok(mut c) = self.cache.lock() {
                c.entry(key).or_insert_with(|| Arc::clone(&fresh)).clone()
            } else {
                fresh
            }
        });
        (*entry).clone()
    }

    /// The pack files read from disk so far (built-in packs and packs given as text aside).
    #[must_use]
    pub fn files_read(&self) -> Vec<PathBuf> {
        self.cache.lock().map_or_else(
            |_| Vec::new(),
            |c| {
                c.keys()
                    .filter_map(|k| k.strip_prefix("file:"))
                    .map(PathBuf::from)
                    .collect()
            },
        )
    }

    /// The built-in packs, parsed.
    ///
    /// # Errors
    /// The findings of a built-in pack that does not parse (a bug, caught by the tests).
    pub fn builtins(&self) -> Result<Vec<Arc<Pack>>, Vec<Finding>> {
        BUILTIN
            .iter()
            .map(|(n, _)| {
                let file = SourceFile::new("<built-in>", "");
                self.resolve(
                    &Spanned {
                        value: (*n).to_string(),
                        span: crate::model::span::Span::new(&file, 0..0),
                    },
                    None,
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::is_pack_text;

    #[test]
    fn a_pack_file_is_told_from_a_board_by_its_tables() {
        assert!(is_pack_text("[pack]\nname = \"x\"\n[[rules]]\n"));
        assert!(is_pack_text(
            "# a pack\n[ pack ]  # its header\nname = \"x\"\n"
        ));
        assert!(!is_pack_text("[board]\nname = \"x\"\n[pack]\n"));
        assert!(!is_pack_text("[board]\nrules = [\"packs/local.toml\"]\n"));
        assert!(!is_pack_text("[pack.facts.x]\n"));
        assert!(!is_pack_text("name = \"[pack]\"\n"));
    }
}
