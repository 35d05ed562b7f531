//! The output buffers of rendering and the escaping of text in them.
//!
//! Markdown and plain text are written in one walk, so each has a buffer
//! that owes line breaks, quote markers and list indentation until the
//! next text arrives, and collapses the whitespace of the page's text on
//! the way in.

use super::super::swar;

/// Output buffer that inserts line breaks, quote markers and list
/// indentation lazily, just before the next text.
#[derive(Default)]
pub(super) struct Buffer {
    pub(super) out: String,
    /// Newlines owed before the next text (2 = blank line).
    pub(super) pending_lines: u8,
    /// A collapsed space is owed before the next text.
    pub(super) pending_space: bool,
    /// Line prefixes of the open quotes and list items.
    pub(super) prefix: Vec<String>,
    /// Prefix used for the first line of a list item, once.
    pub(super) item_marker: Option<String>,
    /// An element started or ended since the last text; the plain-text
    /// buffer then separates two words that meet there.
    pub(super) at_element_boundary: bool,
    /// Scratch space for text on its way to `out`.
    collapsed: String,
}

impl Buffer {
    pub(super) fn with_capacity(bytes: usize) -> Self {
        Self { out: String::with_capacity(bytes), ..Self::default() }
    }

    pub(super) fn block_break(&mut self, lines: u8) {
        if !self.out.is_empty() || self.item_marker.is_some() {
            self.pending_lines = self.pending_lines.max(lines);
        }
        self.pending_space = false;
    }

    fn flush_breaks(&mut self) {
        if !self.out.is_empty() {
            for line in 0..self.pending_lines {
                self.out.push('\n');
                if line + 1 < self.pending_lines {
                    // A blank line inside a quote keeps its quote markers.
                    let markers: String = self.prefix.iter().map(String::as_str).collect();
                    self.out.push_str(markers.trim_end());
                }
            }
        }
        self.pending_lines = 0;
        self.write_prefix();
    }

    fn write_prefix(&mut self) {
        let depth = self.prefix.len();
        for (level, part) in self.prefix.iter().enumerate() {
            if level + 1 == depth {
                if let Some(marker) = self.item_marker.take() {
                    self.out.push_str(&marker);
                    continue;
                }
            }
            self.out.push_str(part);
        }
    }

    fn at_line_start(&self) -> bool {
        self.pending_lines > 0 || self.out.is_empty() || self.out.ends_with('\n') || self.item_marker.is_some()
    }

    /// Writes raw text (already escaped, no whitespace handling).
    pub(super) fn write(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let start = self.at_line_start();
        if start {
            self.flush_breaks();
            self.pending_space = false;
        } else if self.pending_space {
            self.out.push(' ');
            self.pending_space = false;
        } else if self.at_element_boundary && words_meet(&self.out, text) {
            self.out.push(' ');
        }
        self.at_element_boundary = false;
        self.out.push_str(text);
    }

    /// Writes text whose whitespace collapses to single spaces, escaping
    /// Markdown's special characters when `escape` is set.
    /// `clean` is a hint that the trimmed text needs no collapsing or
    /// escaping; when it is false the text is checked here.
    pub(super) fn write_collapsed(&mut self, text: &str, escape: bool, clean: bool) {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            if !text.is_empty() && !self.at_line_start() {
                self.pending_space = true;
            }
            return;
        }
        if text.len() != text.trim_start().len() && !self.at_line_start() {
            self.pending_space = true;
        }

        if clean || is_clean_ascii(trimmed.as_bytes(), escape) {
            // Single spaces and nothing to escape: one copy does it.
            self.write(trimmed);
        } else {
            let mut collapsed = std::mem::take(&mut self.collapsed);
            collapsed.clear();
            collapse_into(&mut collapsed, trimmed, escape);
            self.write(&collapsed);
            self.collapsed = collapsed;
        }
        if text.len() != text.trim_end().len() {
            self.pending_space = true;
        }
    }
}

/// Characters that only guide line breaking or joining and never show:
/// soft hyphen, zero-width space, word joiner and zero-width no-break
/// space. Typesetting scripts put them inside words, where they would
/// split a search or a model's tokens. Zero-width joiners stay, as
/// Persian script and emoji sequences need them.
const INVISIBLE: &[char] = &['\u{AD}', '\u{200B}', '\u{2060}', '\u{FEFF}'];

/// Appends trimmed `text` to `out` with each run of whitespace turned
/// into one space, [`INVISIBLE`] characters left out and, when `escape` is
/// set, Markdown's special characters escaped. One pass over the bytes
/// does it all, as this runs on every text node that is not plain ASCII.
fn collapse_into(out: &mut String, text: &str, escape: bool) {
    let bytes = text.as_bytes();
    let mut run_start = 0;
    let mut index = 0;
    let mut owed_space = false;
    let mut wrote = false;

    while index < bytes.len() {
        let byte = bytes[index];
        let (length, whitespace, dropped) = if byte < 0x80 {
            (1, byte.is_ascii_whitespace() || byte == 0x0B, false)
        } else {
            let c = text[index..].chars().next().unwrap_or(' ');
            (c.len_utf8(), c.is_whitespace(), INVISIBLE.contains(&c))
        };
        if whitespace || dropped {
            flush(out, &text[run_start..index], &mut owed_space, &mut wrote);
            owed_space |= whitespace;
            run_start = index + length;
        } else if escape && is_special(byte) {
            flush(out, &text[run_start..index], &mut owed_space, &mut wrote);
            flush(out, "\\", &mut owed_space, &mut wrote);
            run_start = index;
        }
        index += length;
    }
    flush(out, &text[run_start..], &mut owed_space, &mut wrote);
}

/// Writes a run of text after the space owed before it; a space is owed
/// only between written words.
fn flush(out: &mut String, run: &str, owed_space: &mut bool, wrote: &mut bool) {
    if run.is_empty() {
        return;
    }
    if *owed_space && *wrote {
        out.push(' ');
    }
    *owed_space = false;
    *wrote = true;
    out.push_str(run);
}

/// Returns true when `before` ends and `after` starts with a letter or
/// digit. Page layout (a caption in its own block, a credit line in a
/// styled span) usually separates such words where markup meets, while
/// punctuation after a link or an emphasis stays attached.
fn words_meet(before: &str, after: &str) -> bool {
    let last = before.chars().next_back();
    let first = after.chars().next();
    last.is_some_and(char::is_alphanumeric) && first.is_some_and(char::is_alphanumeric)
}

/// Returns true when ASCII text has only single spaces between words and,
/// if `escape` is set, no character that needs escaping: the text that
/// the one-copy path of [`Buffer::write_collapsed`] takes. Non-ASCII
/// bytes and whitespace other than the space (vertical tab excepted, as
/// `u8::is_ascii_whitespace` leaves it out) make text unclean. It tests
/// eight bytes at a time, as it reads every byte of the article.
pub(super) fn is_clean_ascii(bytes: &[u8], escape: bool) -> bool {
    let mut space_before = 0u64;
    for start in (0..bytes.len()).step_by(8) {
        let rest = &bytes[start..];
        // Padding with a letter keeps a clean end clean.
        let chunk = if rest.len() >= 8 { swar::load(rest) } else { swar::load_padded(rest, b'x') };
        if chunk & swar::HIGH_BITS != 0 {
            return false;
        }
        let space = swar::equal_bytes(chunk, b' ');
        let other_whitespace = swar::bytes_between(chunk, b'\t', b'\r') & !swar::equal_bytes(chunk, 0x0B);
        let double_space = ((space << 8) | space_before) & space;
        if other_whitespace | double_space != 0 || (escape && special_bytes(chunk) != 0) {
            return false;
        }
        space_before = space >> 56;
    }
    true
}

/// Returns the high bit of each byte of an ASCII `chunk` that
/// [`is_special`] accepts.
fn special_bytes(chunk: u64) -> u64 {
    // `[`, `\` and `]` are adjacent, and so are `_` and the backtick.
    swar::bytes_between(chunk, b'[', b']')
        | swar::bytes_between(chunk, b'_', b'`')
        | swar::equal_bytes(chunk, b'*')
        | swar::equal_bytes(chunk, b'<')
        | swar::equal_bytes(chunk, b'>')
        | swar::equal_bytes(chunk, b'#')
        | swar::equal_bytes(chunk, b'|')
}

const fn is_special(byte: u8) -> bool {
    matches!(byte, b'\\' | b'*' | b'_' | b'`' | b'[' | b']' | b'<' | b'>' | b'#' | b'|')
}

/// Escapes the characters that Markdown would read as markup inside text.
pub(super) fn escape_markdown(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 2);
    for c in word.chars() {
        if c.is_ascii() && is_special(c as u8) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collapsed(text: &str, escape: bool) -> String {
        let mut out = String::new();
        collapse_into(&mut out, text, escape);
        out
    }

    /// Checks bytes one at a time, as [`is_clean_ascii`] promises to.
    fn is_clean_bytewise(bytes: &[u8], escape: bool) -> bool {
        let unclean = |b: u8| b >= 0x80 || (b != b' ' && b.is_ascii_whitespace()) || (escape && is_special(b));
        !bytes.iter().any(|&byte| unclean(byte)) && !bytes.windows(2).any(|pair| pair == b"  ")
    }

    #[test]
    fn clean_ascii_matches_bytewise() {
        let alphabet = b"  a.Z\t\n\x0B\r*_`[]\\<>#|=^{}\xC3\xA9";
        let mut state = 777u32;
        for length in 0..40 {
            for _ in 0..60 {
                let sample = crate::extract::text::random_bytes(alphabet, length, &mut state);
                for escape in [false, true] {
                    assert_eq!(is_clean_ascii(&sample, escape), is_clean_bytewise(&sample, escape), "{sample:?}");
                }
            }
        }
    }

    #[test]
    fn collapse_joins_whitespace_runs() {
        assert_eq!(collapsed("a \n\t b\u{A0}\u{3000}c", false), "a b c");
    }

    #[test]
    fn collapse_drops_invisible_characters() {
        assert_eq!(collapsed("Ge\u{AD}wäs\u{200B}ser \u{FEFF} fließt", false), "Gewässer fließt");
        assert_eq!(collapsed("\u{200B} a", false), "a");
    }

    #[test]
    fn collapse_escapes_markdown_characters() {
        assert_eq!(collapsed("a_b  *ü* [x]", true), "a\\_b \\*ü\\* \\[x\\]");
        assert_eq!(collapsed("a_b", false), "a_b");
    }
}
