//! The binary: the command line (`args.rs`), `check` (`check.rs`), the explorer's commands
//! (`explore.rs`), and here the dispatch and the small commands.

/// A line on standard error, control characters (in a file's name, say) shown escaped. A
/// standard error that cannot be written is not worth a panic.
macro_rules! say {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let line = format!($($t)*);
        let _ = writeln!(
            std::io::stderr(),
            "{}",
            boardcheck::report::terminal::safe(&line, false)
        );
    }};
}

mod args;
mod check;
mod explore;
mod init;

use args::{Cli, Command, PacksCommand};
use boardcheck::model::Date;
use boardcheck::pack::{Access, Loader};
use boardcheck::report::{self, Style};
use boardcheck::Options;
use clap::{CommandFactory, Parser};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub(crate) fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        say!("boardcheck: internal error (this is a bug; please report it with the file being checked)\n{info}");
    }));
    let cli = Cli::parse();
    let access = Access {
        root: cli.root.clone(),
        allow: cli.allow_packs.clone(),
        max_file_size: cli.max_file_size,
    };
    let style = style_of(&cli);
    let _ = COLOUR.set(style.color);
    match cli.command {
        Command::Check(args) => check::command(args, access, style),
        Command::Options {
            board,
            seats,
            keep,
            bound,
            limit,
            format,
            fail_level,
            work_limit,
            max_rows,
        } => {
            let req =
                explore::Request::new(&board, fail_level.severity(), style, &access, work_limit);
            explore::options(
                &req,
                seats,
                &keep,
                &bound,
                explore::Listing {
                    limit,
                    format,
                    max_rows,
                },
            )
        }
        Command::Suggest {
            board,
            limit,
            fail_level,
            work_limit,
        } => explore::suggest(
            &explore::Request::new(&board, fail_level.severity(), style, &access, work_limit),
            limit,
        ),
        Command::Fix {
            board,
            apply,
            write,
            fail_level,
            work_limit,
        } => explore::fix(
            &explore::Request::new(&board, fail_level.severity(), style, &access, work_limit),
            apply,
            write,
        ),
        Command::Compare { boards } => explore::compare(&boards, &access, style),
        Command::Report {
            paths,
            format,
            output,
            compare,
            as_of,
            horizon,
        } => {
            let options = Options {
                as_of: as_of.unwrap_or_else(Date::today),
                horizon_days: horizon,
                max_file_size: access.max_file_size,
                ..Options::default()
            };
            let output = explore::ReportOutput {
                format,
                path: output.as_deref(),
                compare,
            };
            explore::report(&paths, &output, &access, &options, style)
        }
        Command::Packs { command } => {
            let name = command.map(|PacksCommand::Show { name }| name);
            packs(name.as_deref(), &access, style)
        }
        Command::Explain { query, pack } => {
            explain(query.as_deref(), pack.as_deref(), &access, style)
        }
        Command::Schema { which } => print(&boardcheck::schema::generate(which.into())),
        Command::Init { path, pack, facts } => init::init(&path, &pack, &facts, &access, style),
        Command::Completions { shell } => completions(shell),
        Command::Man { dir } => man(dir.as_deref()),
    }
}

/// A shell completion script.
fn completions(shell: clap_complete::Shell) -> ExitCode {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "boardcheck", &mut out);
    print(&String::from_utf8_lossy(&out))
}

/// The manual page, in roff; or, given a folder, every page written into it.
fn man(dir: Option<&Path>) -> ExitCode {
    if let Some(dir) = dir {
        let written = std::fs::create_dir_all(dir)
            .and_then(|()| clap_mangen::generate_to(Cli::command(), dir));
        return match written {
            Ok(()) => {
                say!(
                    "wrote the manual pages boardcheck.1 and boardcheck-COMMAND.1 to {}",
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                say!(
                    "boardcheck: cannot write the manual pages to {}: {}",
                    dir.display(),
                    boardcheck::files::io_reason(&e)
                );
                ExitCode::from(2)
            }
        };
    }
    let mut out = Vec::new();
    match clap_mangen::Man::new(Cli::command()).render(&mut out) {
        Ok(()) => print(&String::from_utf8_lossy(&out)),
        Err(e) => {
            say!("boardcheck: cannot render the manual page: {e}");
            ExitCode::from(2)
        }
    }
}

fn packs(show: Option<&str>, access: &Access, style: Style) -> ExitCode {
    let loader = Loader::with_access(access.clone());
    let result = match show {
        None => loader.builtins().map(|all| report::packs::list(&all)),
        Some(name) => {
            resolve_pack(&command_line_loader(access, name), name).map(|p| report::packs::show(&p))
        }
    };
    match result {
        Ok(text) => print(&text),
        Err(findings) => print_findings(&findings, style),
    }
}

/// A pack named on the command line: a built-in name, or a path from the current directory
/// (which the person typing it trusts: the folder is allowed for this call).
fn resolve_pack(
    loader: &Loader,
    name: &str,
) -> Result<std::sync::Arc<boardcheck::pack::Pack>, Vec<boardcheck::diagnostic::Finding>> {
    let file = boardcheck::model::span::SourceFile::new("<command line>", name);
    let reference = boardcheck::model::span::Spanned {
        value: name.to_string(),
        span: boardcheck::model::span::Span::new(&file, 0..name.len()),
    };
    let base = std::env::current_dir().ok();
    loader.resolve(&reference, base.as_deref())
}

/// A loader that also trusts the folder of a pack named on the command line.
fn command_line_loader(access: &Access, pack: &str) -> Loader {
    let mut access = access.clone();
    if let Some(dir) = Path::new(pack).parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        access.allow.push(dir.to_path_buf());
    }
    Loader::with_access(access)
}

/// Colour and width for standard output, from the flags and the environment.
fn style_of(cli: &Cli) -> Style {
    // Findings written to a file (`check -o`) are coloured only when asked for.
    let to_file = matches!(&cli.command, Command::Check(a) if a.output.is_some());
    Style {
        color: if to_file {
            matches!(cli.color, args::Color::Always)
        } else {
            cli.color.enabled()
        },
        width: std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .filter(|w| *w >= 40)
            .unwrap_or(100),
    }
}

/// The input among `inputs` that writing to `out` would replace, if any: the same file (by
/// its resolved path), or the same name when it does not exist yet.
fn input_at<'a>(out: &Path, inputs: impl IntoIterator<Item = &'a Path>) -> Option<&'a Path> {
    inputs
        .into_iter()
        .find(|i| boardcheck::files::same_file(i, out) || *i == out)
}

/// Whether standard output is coloured, decided once from `--color` and the environment.
static COLOUR: std::sync::OnceLock<bool> = std::sync::OnceLock::new();

/// Writes `text` to standard output and gives `code`.
fn print(text: &str) -> ExitCode {
    emit(text, ExitCode::SUCCESS)
}

/// Writes `text` to standard output, then gives `code`. A reader that went away (`| head`)
/// ends the command quietly; any other failure (a full disk) is a message and exit 2, so
/// output is never lost silently.
fn emit(text: &str, code: ExitCode) -> ExitCode {
    // Control characters from board files are shown, not obeyed; colour sequences pass only
    // when colour is on.
    let text = report::terminal::safe(text, COLOUR.get().copied().unwrap_or(false));
    let mut out = std::io::stdout().lock();
    finish(
        out.write_all(text.as_bytes()).and_then(|()| out.flush()),
        code,
    )
}

/// The exit code after writing standard output with result `written`; see [`emit`].
fn finish(written: std::io::Result<()>, code: ExitCode) -> ExitCode {
    match written {
        Ok(()) => code,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => code,
        Err(e) => {
            say!(
                "boardcheck: cannot write the output: {}",
                boardcheck::files::io_reason(&e)
            );
            ExitCode::from(2)
        }
    }
}

fn print_findings(findings: &[boardcheck::diagnostic::Finding], style: Style) -> ExitCode {
    let mut out = String::new();
    for f in findings {
        out.push_str(&report::render_finding(f, style));
    }
    emit(&out, ExitCode::from(2))
}

fn explain(query: Option<&str>, pack: Option<&str>, access: &Access, style: Style) -> ExitCode {
    let Some(query) = query else {
        return print(&report::explain::index());
    };
    let packs = match pack {
        Some(pack) => resolve_pack(&command_line_loader(access, pack), pack).map(|p| vec![p]),
        None => Loader::new().builtins(),
    };
    let packs = match packs {
        Ok(p) => p,
        Err(findings) => return print_findings(&findings, style),
    };
    match report::explain::explain(query, &packs) {
        Ok(text) => print(&text),
        Err(why) => {
            say!("boardcheck: {why}");
            ExitCode::from(2)
        }
    }
}

/// `pack` as a path from `dir` (both relative to the current directory), for a board
/// written in `dir`: `./` followed by the path when `dir` is the current directory.
fn relative_to(pack: &Path, dir: &Path) -> String {
    let up = dir
        .components()
        .filter(|c| matches!(c, std::path::Component::Normal(_)))
        .count();
    let mut p = PathBuf::new();
    if pack.is_absolute() {
        p.push(pack);
    } else {
        for _ in 0..up {
            p.push("..");
        }
        p.push(pack.strip_prefix(".").unwrap_or(pack));
    }
    let s = p.to_string_lossy().replace('\\', "/");
    if s.starts_with('.') || s.starts_with('/') {
        s
    } else {
        format!("./{s}")
    }
}
