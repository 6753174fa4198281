//! The `boardcheck` command line. Thin: arguments in, library calls, text out.

mod cli;

/// A faster allocator than the system's for the command: see Cargo.toml.
#[cfg(not(target_family = "wasm"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
