//! Applying a suggestion to a board file: only the seat numbers change; every other byte
//! (comments, layout, line endings, a byte-order mark) stays as written.

use std::ops::Range;

/// The board file's text with each `seats` value at a byte range replaced by a new
/// number. The ranges are where the checked board says its sectors' seats are written.
///
/// # Errors
/// A message when a range does not hold a number in `text` (the text is not the one the
/// ranges come from).
pub fn set_seats(text: &str, seats: &[(Range<usize>, u32)]) -> Result<String, String> {
    let mut edits: Vec<&(Range<usize>, u32)> = seats.iter().collect();
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(text.len() + 8 * edits.len());
    let mut at = 0;
    for (range, n) in edits {
        let old = text
            .get(range.clone())
            .filter(|_| range.start >= at)
            .ok_or("a seat count is not where the board said it was")?;
        if old.trim().is_empty()
            || !old
                .trim()
                .chars()
                .all(|c| c.is_ascii_digit() || c == '_' || c == '+')
        {
            return Err(format!(
                "`{old}` is not a number of seats written in the file"
            ));
        }
        out.push_str(&text[at..range.start]);
        out.push_str(&n.to_string());
        at = range.end;
    }
    out.push_str(&text[at..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_numbers_change() {
        let text = "\u{feff}[sectors.a]\r\nseats = 3 # three\r\n[sectors.b]\r\nseats=10\r\n";
        let a = text.find("3 #").unwrap();
        let b = text.find("10").unwrap();
        let out = set_seats(text, &[(b..b + 2, 9), (a..a + 1, 4)]).unwrap();
        assert_eq!(
            out,
            "\u{feff}[sectors.a]\r\nseats = 4 # three\r\n[sectors.b]\r\nseats=9\r\n"
        );
    }

    #[test]
    fn a_range_that_is_not_a_number_is_refused() {
        let text = "name = \"x\"";
        assert!(set_seats(text, &[(0..4, 2)]).is_err());
        assert!(set_seats(text, &[(0..400, 2)]).is_err());
    }
}
