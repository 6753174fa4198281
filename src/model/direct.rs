//! Reading the sections every board repeats (`[sectors.<id>]`, `[[members]]`) straight from
//! the parsed TOML tree, without serde's round trip through its data model (most of the
//! cost of building a board with many members).
//!
//! Each reader accepts only a section that serde would read without complaint, and gives
//! exactly what serde would give. On anything else (an unknown key, a wrong type, a missing
//! key) it gives up, and the caller reads the section with serde, whose errors are
//! translated as usual: the fast path never decides what is an error.

use super::raw;
use toml::de::DeValue;
use toml::Spanned;

/// A value of the tree.
type Value<'i> = Spanned<DeValue<'i>>;

/// `[[members]]` entry, or `None` for serde to read (and report).
pub(crate) fn member(item: &Value<'_>) -> Option<raw::Member> {
    let DeValue::Table(t) = item.get_ref() else {
        return None;
    };
    let (mut name, mut sector) = (None, None);
    let mut m = raw::Member {
        name: Spanned::new(0..0, String::new()),
        sector: Spanned::new(0..0, String::new()),
        role: None,
        appointed_by: None,
        tags: Vec::new(),
        not: Vec::new(),
        term_start: None,
        term_end: None,
    };
    for (key, value) in t {
        match key.get_ref().as_ref() {
            "name" => name = Some(spanned_string(value)?),
            "sector" => sector = Some(spanned_string(value)?),
            "role" => m.role = Some(string(value)?),
            "appointed-by" => m.appointed_by = Some(string(value)?),
            "tags" => m.tags = strings(value)?,
            "not" => m.not = strings(value)?,
            "term-start" => m.term_start = Some(datetime(value)?),
            "term-end" => m.term_end = Some(datetime(value)?),
            _ => return None,
        }
    }
    m.name = name?;
    m.sector = sector?;
    Some(m)
}

/// `[sectors.<id>]` table, or `None` for serde to read (and report).
pub(crate) fn sector(item: &Value<'_>) -> Option<raw::Sector> {
    let DeValue::Table(t) = item.get_ref() else {
        return None;
    };
    let mut seats = None;
    let mut s = raw::Sector {
        name: None,
        seats: Spanned::new(0..0, raw::SeatsValue::Exact(0)),
        tags: Vec::new(),
        tags_one_of: Vec::new(),
        appointed_by: None,
        represents: Vec::new(),
        not: Vec::new(),
        description: None,
        term_years: None,
        voting: None,
    };
    for (key, value) in t {
        match key.get_ref().as_ref() {
            "name" => s.name = Some(spanned_string(value)?),
            // A range (`{ at-most = 3 }`) is left to serde: it is rare, and its keys are
            // checked there.
            "seats" => {
                seats = Some(Spanned::new(
                    value.span(),
                    raw::SeatsValue::Exact(integer(value)?),
                ));
            }
            "tags" => s.tags = strings(value)?,
            "tags-one-of" => {
                let DeValue::Array(items) = value.get_ref() else {
                    return None;
                };
                s.tags_one_of = items.iter().map(strings).collect::<Option<_>>()?;
            }
            "appointed-by" => s.appointed_by = Some(string(value)?),
            "represents" => s.represents = strings(value)?,
            "not" => s.not = strings(value)?,
            "description" => s.description = Some(string(value)?),
            "term-years" => s.term_years = Some(Spanned::new(value.span(), integer(value)?)),
            "voting" => match value.get_ref() {
                DeValue::Boolean(b) => s.voting = Some(Spanned::new(value.span(), *b)),
                _ => return None,
            },
            _ => return None,
        }
    }
    s.seats = seats?;
    Some(s)
}

/// A string value.
fn string(v: &Value<'_>) -> Option<String> {
    match v.get_ref() {
        DeValue::String(s) => Some(s.to_string()),
        _ => None,
    }
}

/// A string value with its span.
fn spanned_string(v: &Value<'_>) -> Option<Spanned<String>> {
    string(v).map(|s| Spanned::new(v.span(), s))
}

/// A list of strings, each with its span.
fn strings(v: &Value<'_>) -> Option<Vec<Spanned<String>>> {
    match v.get_ref() {
        DeValue::Array(items) => items.iter().map(spanned_string).collect(),
        _ => None,
    }
}

/// A whole number that fits in an `i64`.
fn integer(v: &Value<'_>) -> Option<i64> {
    match v.get_ref() {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
        _ => None,
    }
}

/// A date (or date and time) with its span.
fn datetime(v: &Value<'_>) -> Option<Spanned<toml::value::Datetime>> {
    match v.get_ref() {
        DeValue::Datetime(d) => Some(Spanned::new(v.span(), *d)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use toml::de::DeTable;

    /// Every sector and member of every example board and fixture: the fast reader gives
    /// what serde gives, or leaves the section to serde.
    #[test]
    fn reads_what_serde_reads() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let files = crate::discover(&[root.join("boards"), root.join("tests/fixtures")]).files;
        assert!(files.len() > 100);
        let (mut sectors, mut members, mut left) = (0, 0, 0);
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            let (doc, _) = DeTable::parse_recoverable(&text);
            let at = path.display().to_string();
            for (key, value) in doc.into_inner() {
                match (key.get_ref().as_ref(), value.get_ref()) {
                    ("sectors", DeValue::Table(t)) => {
                        for (_, s) in t {
                            same(sector, s, &at, &mut sectors, &mut left);
                        }
                    }
                    ("members", DeValue::Array(items)) => {
                        for m in items {
                            same(member, m, &at, &mut members, &mut left);
                        }
                    }
                    _ => {}
                }
            }
        }
        // Most are read directly; some (ranges, mistakes) are left to serde.
        assert!(
            sectors > 500 && members > 200,
            "{sectors} sectors, {members} members"
        );
        assert!(left > 10, "{left} left to serde");
    }

    /// Holds `fast` to serde's reading of `v`: the same value, or left to serde; counts
    /// which.
    fn same<T: serde::de::DeserializeOwned + std::fmt::Debug>(
        fast: fn(&Value<'_>) -> Option<T>,
        v: &Value<'_>,
        at: &str,
        read: &mut usize,
        left: &mut usize,
    ) {
        let slow = T::deserialize(toml::de::ValueDeserializer::from(v.clone()));
        match (fast(v), slow) {
            (Some(fast), Ok(slow)) => {
                assert_eq!(format!("{fast:?}"), format!("{slow:?}"), "{at}");
                *read += 1;
            }
            (Some(_), Err(e)) => panic!("{at}: serde refuses {e}"),
            (None, _) => *left += 1,
        }
    }
}
