//! boardcheck: check board constitutions written in TOML against composition rules.
//!
//! The pipeline is one-way, each layer using only those before it:
//!
//! - [`parse`]: text → TOML tree → raw serde types, with structural errors;
//! - [`model`]: the board as validated plain data (sectors, members, offices, facts);
//! - [`pack`]: rule packs, built-in and from files, and the facts they declare;
//! - [`rules`]: the rule kinds (one registry, one file each) and findings as data;
//! - [`explore`]: the options explorer, smallest fixes and `fix`'s edit, on the rules'
//!   seat view;
//! - [`report`]: rendering findings, papers, explanations and option lists in every format.
//!
//! [`check_path`] and [`check_text`] run the pipeline on one board ([`Outcome`]);
//! [`discover`] finds board files under folders; [`schema`] derives the JSON Schemas from
//! the serde types; [`files`] reads and writes files safely. The library never prints;
//! the binary decides what goes where.
//!
//! ```
//! let loader = boardcheck::pack::Loader::new();
//! let outcome = boardcheck::check_text("board.toml", r#"
//! [board]
//! name = "Example"
//! rules = ["rotherham/resp-2018"]
//!
//! [sectors.la]
//! seats = 3
//! tags = ["local-authority"]
//!
//! [sectors.primary]
//! seats = 7
//! tags = ["school-leader", "phase-primary"]
//! "#, None, &loader, &boardcheck::Options::default());
//! assert_eq!(outcome.verdict(), boardcheck::Verdict::Failed);
//! ```

#![warn(clippy::print_stdout, clippy::print_stderr)]

mod check;
pub mod diagnostic;
pub mod estate;
pub mod explore;
pub mod files;
pub mod model;
pub mod pack;
pub mod parse;
pub mod report;
pub mod rules;
pub mod schema;
#[doc(hidden)]
pub mod smoke;

pub use check::{
    check_path, check_path_in, check_reader, check_text, Options, Outcome, RuleVerdict, Verdict,
};
pub use files::{discover, Discovery};
pub use rules::{RuleInfo, RuleRun};
