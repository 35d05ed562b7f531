//! One line of Markdown as the block parser consumes it, and the patterns
//! that start a block on it.
//!
//! Indentation is counted in columns with tab stops of 4, as CommonMark
//! does. When a container consumes only part of a tab (a list item whose
//! content starts two columns into a tab, say), the rest of the tab is
//! turned into spaces, so the content keeps its indentation.

/// A line and the position up to which containers consumed it.
pub(super) struct Cursor {
    pub text: String,
    pub pos: usize,
    col: usize,
}

impl Cursor {
    pub fn new(text: &str) -> Self {
        Self { text: text.to_string(), pos: 0, col: 0 }
    }

    /// Returns the columns of whitespace at the position and the offset of
    /// the first other character.
    pub fn indent(&self) -> (usize, usize) {
        let bytes = self.text.as_bytes();
        let mut col = self.col;
        let mut at = self.pos;
        while at < bytes.len() {
            match bytes[at] {
                b' ' => col += 1,
                b'\t' => col += 4 - col % 4,
                _ => break,
            }
            at += 1;
        }
        (col - self.col, at)
    }

    pub fn is_blank(&self) -> bool {
        self.indent().1 == self.text.len()
    }

    /// Returns the text after the indentation.
    pub fn content(&self) -> &str {
        &self.text[self.indent().1..]
    }

    /// Returns the byte at `offset` bytes past the indentation.
    pub fn peek(&self, offset: usize) -> Option<u8> {
        self.text.as_bytes().get(self.indent().1 + offset).copied()
    }

    /// Consumes up to `columns` columns of whitespace.
    pub fn advance_columns(&mut self, columns: usize) {
        let mut left = columns;
        while left > 0 && self.pos < self.text.len() {
            match self.text.as_bytes()[self.pos] {
                b' ' => {
                    self.pos += 1;
                    self.col += 1;
                    left -= 1;
                }
                b'\t' => {
                    let width = 4 - self.col % 4;
                    if width <= left {
                        self.pos += 1;
                        self.col += width;
                        left -= width;
                    } else {
                        self.text.replace_range(self.pos..self.pos + 1, &" ".repeat(width));
                    }
                }
                _ => break,
            }
        }
    }

    /// Consumes the indentation.
    pub fn skip_indent(&mut self) {
        let (columns, at) = self.indent();
        self.col += columns;
        self.pos = at;
    }

    /// Consumes `count` bytes of single-column characters (block markers).
    pub fn advance_bytes(&mut self, count: usize) {
        self.pos += count;
        self.col += count;
    }

    /// Consumes the rest of the line.
    pub fn finish(&mut self) {
        self.pos = self.text.len();
    }

    pub fn rest(&self) -> &str {
        &self.text[self.pos..]
    }
}

/// A list item marker: `-`, `+`, `*`, or a number of up to 9 digits and
/// `.` or `)`.
pub(super) struct ListMarker {
    /// The bullet or the delimiter after the number.
    pub kind: u8,
    /// The number of an ordered item.
    pub start: Option<u64>,
    /// Bytes of the marker.
    pub len: usize,
}

/// Reads a list marker at the start of `text`; it must be followed by
/// whitespace or the end of the line.
pub(super) fn list_marker(text: &str) -> Option<ListMarker> {
    let bytes = text.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let marker = match bytes.first()? {
        b'-' | b'+' | b'*' => ListMarker { kind: bytes[0], start: None, len: 1 },
        _ if (1..=9).contains(&digits) && matches!(bytes.get(digits), Some(b'.' | b')')) => {
            ListMarker { kind: bytes[digits], start: text[..digits].parse().ok(), len: digits + 1 }
        }
        _ => return None,
    };
    matches!(bytes.get(marker.len), None | Some(b' ' | b'\t')).then_some(marker)
}

/// True for a thematic break: three or more `*`, `-` or `_` and nothing but
/// spaces and tabs.
pub(super) fn is_thematic_break(text: &str) -> bool {
    let Some(&first) = text.as_bytes().first() else {
        return false;
    };
    let marks = text.bytes().filter(|&b| b == first).count();
    matches!(first, b'*' | b'-' | b'_') && marks >= 3 && text.bytes().all(|b| b == first || b == b' ' || b == b'\t')
}

/// Reads an ATX heading (`## Title ##`): its level and its text.
pub(super) fn atx_heading(text: &str) -> Option<(u8, &str)> {
    let level = text.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&level) || !matches!(text.as_bytes().get(level), None | Some(b' ' | b'\t')) {
        return None;
    }
    let content = text[level..].trim_matches([' ', '\t']);

    // A closing run of `#` goes when a space precedes it or it is all there is.
    let without_closing = content.trim_end_matches('#');
    let content = if without_closing.is_empty() {
        without_closing
    } else if without_closing.ends_with([' ', '\t']) {
        without_closing.trim_end_matches([' ', '\t'])
    } else {
        content
    };
    Some((level as u8, content))
}

/// Reads a code fence opening: its character, its length and its info
/// string.
pub(super) fn fence_opening(text: &str) -> Option<(u8, usize, &str)> {
    let first = *text.as_bytes().first()?;
    let len = text.bytes().take_while(|&b| b == first).count();
    if !matches!(first, b'`' | b'~') || len < 3 {
        return None;
    }
    let info = text[len..].trim_matches([' ', '\t']);
    if first == b'`' && info.contains('`') {
        return None;
    }
    Some((first, len, info))
}

/// True for a line that closes a fence of `len` characters `fence`.
pub(super) fn is_fence_closing(text: &str, fence: u8, len: usize) -> bool {
    let run = text.bytes().take_while(|&b| b == fence).count();
    run >= len && text[run..].bytes().all(|b| b == b' ' || b == b'\t')
}

/// Reads a setext heading underline: level 1 for `=`, 2 for `-`.
pub(super) fn setext_underline(text: &str) -> Option<u8> {
    let level = match text.as_bytes().first()? {
        b'=' => 1,
        b'-' => 2,
        _ => return None,
    };
    let marks = text.trim_end_matches([' ', '\t']);
    marks.bytes().all(|b| b == text.as_bytes()[0]).then_some(level)
}
