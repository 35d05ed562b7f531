//! Lexical rules of CommonMark that the parser and the neutraliser share:
//! where a link destination, title, label or autolink ends. Both read the
//! text with the same functions, so the neutraliser escapes what the parser
//! would take for a link.
//!
//! Every function takes the whole text and a byte offset, and returns byte
//! offsets into that text.

use std::ops::Range;

/// Maximum bytes of a link label (CommonMark allows 999 characters).
pub(super) const MAX_LABEL: usize = 999;

/// Maximum nesting of unescaped parentheses in a link destination, as in
/// the CommonMark reference implementation.
const MAX_PAREN_DEPTH: usize = 32;

/// A link destination and title after the `(` of an inline link.
pub(super) struct LinkTail {
    /// Offset after the closing `)`.
    pub end: usize,
    /// The destination as written, without pointy brackets.
    pub destination: Range<usize>,
    /// The title as written, without its quotes.
    pub title: Option<Range<usize>>,
}

/// Scans `(destination "title")` from the `(` at `open`.
pub(super) fn scan_inline_link(text: &str, open: usize) -> Option<LinkTail> {
    let bytes = text.as_bytes();
    let mut at = skip_whitespace(text, open + 1);
    if bytes.get(at) == Some(&b')') {
        return Some(LinkTail { end: at + 1, destination: at..at, title: None });
    }

    let (after_destination, destination) = scan_destination(text, at)?;
    at = skip_whitespace(text, after_destination);
    let mut title = None;
    if at > after_destination {
        if let Some((after_title, range)) = scan_title(text, at) {
            title = Some(range);
            at = skip_whitespace(text, after_title);
        }
    }

    (bytes.get(at) == Some(&b')')).then_some(LinkTail { end: at + 1, destination, title })
}

/// Scans a link destination at `start`: `<…>` on one line, or text without
/// spaces or control characters whose parentheses balance. Returns the
/// offset after it and the destination without pointy brackets.
pub(super) fn scan_destination(text: &str, start: usize) -> Option<(usize, Range<usize>)> {
    let bytes = text.as_bytes();
    if bytes.get(start) == Some(&b'<') {
        let mut at = start + 1;
        while at < bytes.len() {
            match bytes[at] {
                b'>' => return Some((at + 1, start + 1..at)),
                b'<' | b'\n' | b'\r' => return None,
                b'\\' if bytes.get(at + 1).is_some_and(u8::is_ascii_punctuation) => at += 2,
                _ => at += 1,
            }
        }
        return None;
    }

    let mut depth = 0;
    let mut at = start;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' if bytes.get(at + 1).is_some_and(u8::is_ascii_punctuation) => at += 1,
            b'(' => {
                depth += 1;
                if depth > MAX_PAREN_DEPTH {
                    return None;
                }
            }
            b')' if depth == 0 => break,
            b')' => depth -= 1,
            byte if byte <= b' ' || byte == 0x7f => break,
            _ => {}
        }
        at += 1;
    }
    (at > start && depth == 0).then_some((at, start..at))
}

/// Scans a link title at `start`: `"…"`, `'…'` or `(…)`, which may span
/// lines but not a blank line. Returns the offset after it and the title
/// without its quotes.
pub(super) fn scan_title(text: &str, start: usize) -> Option<(usize, Range<usize>)> {
    let bytes = text.as_bytes();
    let close = match bytes.get(start)? {
        b'"' => b'"',
        b'\'' => b'\'',
        b'(' => b')',
        _ => return None,
    };
    let mut at = start + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' if bytes.get(at + 1).is_some_and(u8::is_ascii_punctuation) => at += 1,
            byte if byte == close => return Some((at + 1, start + 1..at)),
            b'(' if close == b')' => return None,
            b'\n' | b'\r' if is_blank_line_after(text, at) => return None,
            _ => {}
        }
        at += 1;
    }
    None
}

/// Scans a link label `[…]` at `start`: no unescaped brackets, at most
/// `max_len` bytes. Returns the offset after `]` and the label's inside.
pub(super) fn scan_label(text: &str, start: usize, max_len: usize) -> Option<(usize, Range<usize>)> {
    let bytes = text.as_bytes();
    if bytes.get(start) != Some(&b'[') {
        return None;
    }
    let mut at = start + 1;
    while at < bytes.len() && at - start <= max_len {
        match bytes[at] {
            b'\\' if bytes.get(at + 1).is_some_and(u8::is_ascii_punctuation) => at += 1,
            b'[' => return None,
            b']' => return Some((at + 1, start + 1..at)),
            _ => {}
        }
        at += 1;
    }
    None
}

/// Scans an autolink `<scheme:…>` or `<name@host>` at `start`. Returns the
/// offset after `>` and whether it is an email address.
pub(super) fn scan_autolink(text: &str, start: usize) -> Option<(usize, bool)> {
    let bytes = text.as_bytes();
    if bytes.get(start) != Some(&b'<') {
        return None;
    }
    let inner = start + 1;

    // A URI: a scheme of 2 to 32 characters, a colon, then no spaces,
    // control characters or angle brackets.
    let scheme =
        bytes[inner..].iter().take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-')).count();
    if (2..=32).contains(&scheme) && bytes[inner].is_ascii_alphabetic() && bytes.get(inner + scheme) == Some(&b':') {
        let mut at = inner + scheme + 1;
        while at < bytes.len() {
            match bytes[at] {
                b'>' => return Some((at + 1, false)),
                b'<' => return None,
                byte if byte <= b' ' || byte == 0x7f => return None,
                _ => at += 1,
            }
        }
        return None;
    }

    // An email address, as HTML's `type=email` inputs accept it.
    let local =
        bytes[inner..].iter().take_while(|b| b.is_ascii_alphanumeric() || b".!#$%&'*+/=?^_`{|}~-".contains(b)).count();
    let mut at = inner + local;
    if local == 0 || bytes.get(at) != Some(&b'@') {
        return None;
    }
    loop {
        let label = bytes[at + 1..].iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'-').count();
        let valid = (1..=63).contains(&label) && bytes[at + 1] != b'-' && bytes[at + label] != b'-';
        if !valid {
            return None;
        }
        at += 1 + label;
        match bytes.get(at) {
            Some(b'.') => {}
            Some(b'>') => return Some((at + 1, true)),
            _ => return None,
        }
    }
}

/// Skips spaces, tabs and at most one line ending.
pub(super) fn skip_whitespace(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = start;
    let mut line_endings = 0;
    while at < bytes.len() {
        match bytes[at] {
            b' ' | b'\t' => {}
            b'\n' | b'\r' if line_endings == 0 => {
                line_endings += 1;
                if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                    at += 1;
                }
            }
            _ => break,
        }
        at += 1;
    }
    at
}

/// True when the line after the line ending at `at` is blank.
fn is_blank_line_after(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    let mut next = at + 1;
    if bytes[at] == b'\r' && bytes.get(next) == Some(&b'\n') {
        next += 1;
    }
    let rest = bytes[next..].iter().position(|b| !matches!(b, b' ' | b'\t'));
    rest.is_none_or(|offset| matches!(bytes[next + offset], b'\n' | b'\r'))
}

/// Normalises a link label for matching: case-folded, with runs of
/// whitespace as one space.
pub(super) fn normalise_label(label: &str) -> String {
    label.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// True for the punctuation that decides whether `*` and `_` can open or
/// close emphasis: ASCII punctuation and the common Unicode punctuation and
/// symbol blocks.
// NOTE: CommonMark counts every Unicode P and S character; rarer ones outside
// these blocks count as letters here.
pub(super) fn is_punctuation(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    matches!(c,
        '\u{a1}'..='\u{bf}' | '\u{d7}' | '\u{f7}' | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205e}'
        | '\u{2190}'..='\u{23ff}' | '\u{2500}'..='\u{27bf}' | '\u{3000}'..='\u{303f}' | '\u{ff01}'..='\u{ff0f}'
        | '\u{ff1a}'..='\u{ff20}' | '\u{ff3b}'..='\u{ff40}' | '\u{ff5b}'..='\u{ff65}')
}
