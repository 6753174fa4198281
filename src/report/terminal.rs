//! Text for a terminal that a board cannot turn against its reader: control characters
//! written in board files (an escape sequence in a member's name, a carriage return that
//! overwrites a line, a right-to-left override that reorders one) are shown as escapes
//! such as `\u{1b}`, never sent raw. Every human format passes through [`safe`].

use std::borrow::Cow;

/// Whether `c` is shown escaped: C0 and C1 controls other than newline and tab, DEL, and
/// the bidirectional overrides and isolates (which reorder what a reader sees).
fn escaped(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\t'))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The length of a colour sequence (SGR: ESC `[` digits and `;` then `m`) at the start
/// of `s`, if one is there.
fn colour_sequence(s: &str) -> Option<usize> {
    let rest = s.strip_prefix("\u{1b}[")?;
    let digits = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ';'))
        .unwrap_or(rest.len());
    rest[digits..].starts_with('m').then_some(2 + digits + 1)
}

/// `text` with every control character escaped. With `colour`, colour sequences (the only
/// ones boardcheck writes) are kept; every other escape sequence is shown, not obeyed.
#[must_use]
pub fn safe(text: &str, colour: bool) -> Cow<'_, str> {
    // Printable ASCII, tabs and newlines (nearly every message): nothing to look at.
    let ascii = text
        .bytes()
        .all(|b| (0x20..0x7f).contains(&b) || b == b'\t' || b == b'\n');
    if ascii || !text.chars().any(escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if colour {
            if let Some(n) = colour_sequence(rest) {
                out.push_str(&rest[..n]);
                rest = &rest[n..];
                continue;
            }
        }
        if escaped(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::safe;

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(safe("plain\ttext\n", false), "plain\ttext\n");
        assert_eq!(
            safe("Ann\u{1b}]0;owned\u{7}\r", false),
            "Ann\\u{1b}]0;owned\\u{7}\\u{d}"
        );
        assert_eq!(safe("a\u{202E}b\u{9b}", false), "a\\u{202e}b\\u{9b}");
        // Colour sequences pass only with colour on.
        assert_eq!(
            safe("\u{1b}[1;31mx\u{1b}[0m", true),
            "\u{1b}[1;31mx\u{1b}[0m"
        );
        assert_eq!(safe("\u{1b}[1;31mx", false), "\\u{1b}[1;31mx");
        // Any other sequence is escaped even with colour on.
        assert_eq!(safe("\u{1b}[2J\u{1b}]8;;x", true), "\\u{1b}[2J\\u{1b}]8;;x");
    }
}
