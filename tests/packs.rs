//! `boardcheck packs show` for every built-in pack, snapshotted: the text a governance
//! officer reads to see what is checked, generated from the rules themselves.

use boardcheck::pack::Loader;

#[test]
fn every_pack_reads_as_its_rules_and_citations() {
    let packs = Loader::new().builtins().expect("built-in packs parse");
    for pack in packs {
        let text = boardcheck::report::packs::show(&pack);
        // Every rule appears with its qualified id and its citation.
        for rule in &pack.rules {
            assert!(
                text.contains(&rule.qualified),
                "{} missing from packs show",
                rule.qualified
            );
            assert!(
                text.contains(rule.citation.as_deref().unwrap_or("?")),
                "{} citation missing",
                rule.qualified
            );
        }
        insta::assert_snapshot!(pack.name.value.replace('/', "__"), text);
    }
}
