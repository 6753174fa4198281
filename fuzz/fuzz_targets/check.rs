//! Arbitrary bytes through everything a board file reaches: parse, model, every rule kind,
//! the smallest-fix search inside `check`, the options explorer (count, closest, listing)
//! and `fix`'s edit, each under a small work budget (`boardcheck::smoke::exercise`). Any
//! panic, hang or runaway memory is a finding. Run with `cargo fuzz run check` (README,
//! "Development").
#![no_main]

use boardcheck::pack::Loader;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn loader() -> &'static Loader {
    static LOADER: OnceLock<Loader> = OnceLock::new();
    LOADER.get_or_init(Loader::new)
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        boardcheck::smoke::exercise(text, loader());
    }
});
