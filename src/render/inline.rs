//! Inline Markdown: emphasis, strong emphasis, strikethrough, code spans,
//! links, images, autolinks, backslash escapes, character references and
//! line breaks. The second pass of the renderer, run on the text of each
//! paragraph, heading and table cell.
//!
//! It follows the CommonMark inline algorithm: delimiter runs and brackets
//! are collected on stacks as the text is read, and matched when a closing
//! run or `]` comes. The output is a flat list of [`Inline`] events; which
//! link targets may become markup is for the HTML writer to decide. Raw
//! HTML is not recognised, so a `<` that starts no autolink is text.

mod emphasis;

use emphasis::Delimiter;

use super::block::Definition;
use super::entity;
use super::syntax::{MAX_LABEL, normalise_label, scan_autolink, scan_inline_link, scan_label};

/// An inline event, in document order.
pub(super) enum Inline {
    Text(String),
    Code(String),
    /// Start of emphasis, strong emphasis or strikethrough: its HTML tag.
    Start(&'static str),
    End(&'static str),
    /// A link or an image, which the HTML writer shows as a link.
    LinkStart {
        destination: String,
        title: String,
        image: bool,
    },
    LinkEnd,
    SoftBreak,
    HardBreak,
}

enum Piece {
    Done(Inline),
    /// A delimiter run, by its index in `Parser::runs`.
    Delimiter(usize),
    /// A `[` or `![` that no `]` has closed yet.
    Bracket {
        image: bool,
    },
}

/// An open `[` or `![`.
struct Bracket {
    piece: usize,
    image: bool,
    /// False once a link formed inside it: links do not nest.
    active: bool,
    /// Offset of the bracketed text.
    text_start: usize,
    /// Height of the delimiter stack when the bracket opened.
    delimiters: usize,
    /// Another bracket follows it, so it cannot be a shortcut reference.
    bracket_after: bool,
}

struct Parser<'a> {
    text: &'a str,
    definitions: &'a [Definition],
    pieces: Vec<Piece>,
    runs: Vec<Delimiter>,
    /// Delimiter runs still able to match, in order.
    delimiters: Vec<usize>,
    brackets: Vec<Bracket>,
    /// Text read since the last piece.
    pending: String,
    /// Lengths of backtick runs with no closing run further on.
    unclosed_code: Vec<usize>,
}

/// Parses the inline content of one block.
pub(super) fn parse(text: &str, definitions: &[Definition]) -> Vec<Inline> {
    let mut parser = Parser {
        text,
        definitions,
        pieces: Vec::new(),
        runs: Vec::new(),
        delimiters: Vec::new(),
        brackets: Vec::new(),
        pending: String::new(),
        unclosed_code: Vec::new(),
    };
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let special = bytes[at..].iter().position(|b| b"\\`*_~[]!<&\n".contains(b)).map_or(bytes.len(), |p| at + p);
        parser.pending.push_str(&text[at..special]);
        at = special;
        if at == bytes.len() {
            break;
        }
        at = match bytes[at] {
            b'\\' => parser.backslash(at),
            b'`' => parser.code_span(at),
            b'*' | b'_' | b'~' => parser.delimiter_run(at),
            b'[' => parser.open_bracket(at, false),
            b'!' if bytes.get(at + 1) == Some(&b'[') => parser.open_bracket(at, true),
            b']' => parser.close_bracket(at),
            b'<' => parser.autolink(at),
            b'&' => parser.entity(at),
            b'\n' => parser.line_break(at, false),
            _ => {
                parser.pending.push(char::from(bytes[at]));
                at + 1
            }
        };
    }
    parser.flush();
    emphasis::process(&mut parser.runs, &mut parser.delimiters, 0);
    parser.finish()
}

impl Parser<'_> {
    fn flush(&mut self) {
        if !self.pending.is_empty() {
            self.pieces.push(Piece::Done(Inline::Text(std::mem::take(&mut self.pending))));
        }
    }

    fn push(&mut self, inline: Inline) {
        self.flush();
        self.pieces.push(Piece::Done(inline));
    }

    fn backslash(&mut self, at: usize) -> usize {
        match self.text.as_bytes().get(at + 1) {
            Some(b'\n') => self.line_break(at + 1, true),
            Some(&next) if next.is_ascii_punctuation() => {
                self.pending.push(char::from(next));
                at + 2
            }
            _ => {
                self.pending.push('\\');
                at + 1
            }
        }
    }

    /// Ends a line: a hard break after two spaces or a backslash, else a
    /// soft one. Spaces around the line ending are dropped.
    fn line_break(&mut self, at: usize, backslash: bool) -> usize {
        let kept = self.pending.trim_end_matches(' ').len();
        let hard = backslash || self.pending.len() - kept >= 2;
        self.pending.truncate(kept);
        self.push(if hard { Inline::HardBreak } else { Inline::SoftBreak });
        let bytes = self.text.as_bytes();
        let mut next = at + 1;
        while matches!(bytes.get(next), Some(b' ' | b'\t')) {
            next += 1;
        }
        next
    }

    fn code_span(&mut self, at: usize) -> usize {
        let bytes = self.text.as_bytes();
        let len = bytes[at..].iter().take_while(|&&b| b == b'`').count();
        let content_start = at + len;

        let mut search = content_start;
        while !self.unclosed_code.contains(&len) {
            let Some(offset) = bytes[search..].iter().position(|&b| b == b'`') else {
                self.unclosed_code.push(len);
                break;
            };
            let run_start = search + offset;
            let run = bytes[run_start..].iter().take_while(|&&b| b == b'`').count();
            if run == len {
                let content = self.text[content_start..run_start].replace('\n', " ");
                let strip = content.len() >= 2
                    && content.starts_with(' ')
                    && content.ends_with(' ')
                    && !content.bytes().all(|b| b == b' ');
                let content = if strip { content[1..content.len() - 1].to_string() } else { content };
                self.push(Inline::Code(content));
                return run_start + run;
            }
            search = run_start + run;
        }
        self.pending.push_str(&self.text[at..content_start]);
        content_start
    }

    fn delimiter_run(&mut self, at: usize) -> usize {
        let marker = self.text.as_bytes()[at];
        let count = self.text.as_bytes()[at..].iter().take_while(|&&b| b == marker).count();
        let before = self.text[..at].chars().next_back();
        let after = self.text[at + count..].chars().next();
        let delimiter = Delimiter::new(marker, count, before, after);

        let usable = (delimiter.can_open || delimiter.can_close) && (marker != b'~' || count <= 2);
        if usable {
            self.flush();
            self.delimiters.push(self.runs.len());
            self.pieces.push(Piece::Delimiter(self.runs.len()));
            self.runs.push(delimiter);
        } else {
            self.pending.push_str(&self.text[at..at + count]);
        }
        at + count
    }

    fn open_bracket(&mut self, at: usize, image: bool) -> usize {
        self.flush();
        if let Some(previous) = self.brackets.last_mut() {
            previous.bracket_after = true;
        }
        let text_start = at + if image { 2 } else { 1 };
        self.brackets.push(Bracket {
            piece: self.pieces.len(),
            image,
            active: true,
            text_start,
            delimiters: self.delimiters.len(),
            bracket_after: false,
        });
        self.pieces.push(Piece::Bracket { image });
        text_start
    }

    /// Closes the innermost bracket into a link or image when an inline
    /// destination or a defined reference follows; else `]` is text.
    fn close_bracket(&mut self, at: usize) -> usize {
        let Some(bracket) = self.brackets.pop() else {
            self.pending.push(']');
            return at + 1;
        };
        let target = if bracket.active { self.link_target(&bracket, at) } else { None };
        let Some((destination, title, end)) = target else {
            self.pending.push(']');
            return at + 1;
        };

        self.flush();
        emphasis::process(&mut self.runs, &mut self.delimiters, bracket.delimiters);
        let image = bracket.image;
        self.pieces[bracket.piece] = Piece::Done(Inline::LinkStart { destination, title, image });
        self.pieces.push(Piece::Done(Inline::LinkEnd));
        if !image {
            for outer in self.brackets.iter_mut().filter(|outer| !outer.image) {
                outer.active = false;
            }
        }
        end
    }

    /// Reads the target after the `]` at `at`: `(destination "title")`, a
    /// full `[label]`, a collapsed `[]` or, alone, a shortcut reference.
    /// Returns the destination, the title and the offset after it all.
    fn link_target(&self, bracket: &Bracket, at: usize) -> Option<(String, String, usize)> {
        let after = at + 1;
        if self.text.as_bytes().get(after) == Some(&b'(') {
            if let Some(tail) = scan_inline_link(self.text, after) {
                let destination = entity::unescape(&self.text[tail.destination]);
                let title = tail.title.map(|title| entity::unescape(&self.text[title])).unwrap_or_default();
                return Some((destination, title, tail.end));
            }
        }

        let bracketed = &self.text[bracket.text_start..at];
        let (label, end) = match scan_label(self.text, after, MAX_LABEL) {
            Some((end, label)) if !label.is_empty() => (&self.text[label], end),
            Some((end, _)) if !bracket.bracket_after => (bracketed, end),
            None if !bracket.bracket_after => (bracketed, after),
            _ => return None,
        };
        let label = normalise_label(label);
        let definition = self.definitions.iter().find(|definition| definition.label == label)?;
        Some((definition.destination.clone(), definition.title.clone(), end))
    }

    fn autolink(&mut self, at: usize) -> usize {
        let Some((end, email)) = scan_autolink(self.text, at) else {
            self.pending.push('<');
            return at + 1;
        };
        let address = &self.text[at + 1..end - 1];
        let destination = if email { format!("mailto:{address}") } else { address.to_string() };
        self.push(Inline::LinkStart { destination, title: String::new(), image: false });
        self.push(Inline::Text(address.to_string()));
        self.push(Inline::LinkEnd);
        end
    }

    fn entity(&mut self, at: usize) -> usize {
        match entity::decode(self.text, at) {
            Some((text, end)) => {
                self.pending.push_str(&text);
                end
            }
            None => {
                self.pending.push('&');
                at + 1
            }
        }
    }

    /// Writes out the pieces: unmatched brackets and delimiters are text.
    fn finish(mut self) -> Vec<Inline> {
        let mut out = Vec::with_capacity(self.pieces.len());
        for piece in self.pieces {
            match piece {
                Piece::Done(inline) => out.push(inline),
                Piece::Bracket { image } => out.push(Inline::Text(if image { "![" } else { "[" }.to_string())),
                Piece::Delimiter(run) => self.runs[run].write(&mut out),
            }
        }
        out
    }
}
