//! The `boardcheck` command line. Thin: arguments in, library calls, text out.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
