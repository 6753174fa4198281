//! The registry: every rule kind, one line each. Adding a kind is its file under
//! `src/rules/`, a line here, and its fixtures under `tests/fixtures/<kind>/`; the enum,
//! the dispatch, the schema, `explain`, the code list and SARIF's rule table follow.

use super::kind::register_kinds;
use super::{balance, count, margin, office, proportional, quorum, required_when, share, term};

register_kinds! {
    Count(count::Count),
    Share(share::Share),
    Office(office::OfficeRule),
    Balance(balance::Balance),
    Margin(margin::Margin),
    Proportional(proportional::Proportional),
    RequiredWhen(required_when::RequiredWhen),
    Term(term::Term),
    Quorum(quorum::Quorum),
}
