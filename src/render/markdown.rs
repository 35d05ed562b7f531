//! Markdown that is safe to paste into an editor that renders it.
//!
//! Many Markdown editors and blog engines render raw HTML inside Markdown,
//! and every one of them loads images. So in the Markdown flavour of the
//! post, model and page text get the same treatment as in the HTML flavour,
//! by a conservative textual transform that any CommonMark reader undoes
//! only in what it shows:
//!
//! - Raw HTML shows as text: every `<` that could start a tag, comment or
//!   declaration gets a backslash, which CommonMark shows as a literal `<`.
//! - Images become links, which load nothing by themselves: `![` becomes `[`.
//! - A link whose destination is not `http://`, `https://` or `mailto:` (a
//!   `javascript:` link, say) shows as text: `](` becomes `]\(`. An autolink
//!   to such a URL gets its `<` escaped, and a link reference definition
//!   with one gets the `]` of its label escaped, so it defines nothing.
//!
//! Backslash escapes do nothing inside code, so `<` in code stays as it is,
//! but only where the text is certainly code for every reader: fenced code
//! blocks as [`fence`] tracks them, and code spans on one line that no
//! earlier backtick of the paragraph could pair with differently. A post
//! without raw HTML, images or unsafe links comes out unchanged.

mod fence;

use fence::{Fence, strip_containers};

use super::html::is_allowed_link;
use super::syntax::{scan_autolink, scan_inline_link, scan_label, skip_whitespace};

/// Returns `text` with raw HTML escaped, images turned into links and
/// unsafe links into text; everything else renders as before.
pub fn neutralise(text: &str) -> String {
    let mut neutraliser = Neutraliser {
        text,
        out: String::with_capacity(text.len() + text.len() / 16),
        fence: Fence::Outside,
        uncertain_code: false,
        escapes: Vec::new(),
    };

    let mut start = 0;
    while start < text.len() {
        let end = text[start..].find(['\n', '\r']).map_or(text.len(), |offset| start + offset);
        let ending = if text[end..].starts_with("\r\n") { 2 } else { usize::from(end < text.len()) };
        neutraliser.line(start, end);

        // Readers disagree on a lone CR (pulldown-cmark 0.13 reads one after
        // a fence opening as part of its info string), so it becomes LF.
        neutraliser.out.push_str(["", "\n", "\r\n"][ending]);
        start = end + ending;
    }
    neutraliser.out
}

struct Neutraliser<'a> {
    text: &'a str,
    out: String,
    fence: Fence,
    /// Set when a backtick of the current paragraph may pair differently
    /// from how this pass pairs it; then no later code span in the
    /// paragraph counts as code.
    uncertain_code: bool,
    /// Offsets of `]` that end the label of an unsafe link reference
    /// definition, in order.
    escapes: Vec<usize>,
}

impl Neutraliser<'_> {
    fn line(&mut self, start: usize, end: usize) {
        let line = &self.text[start..end];
        let blank = line.bytes().all(|b| b == b' ' || b == b'\t');
        if self.fence.is_code(line) || blank {
            // Both end the paragraph, and with it any pairing of backticks.
            self.uncertain_code = false;
            self.out.push_str(line);
            return;
        }
        // Dropping the `!` of an image at the start of a line may leave a
        // definition's `[` there.
        let content = strip_containers(line);
        let image = usize::from(content.starts_with("!["));
        self.definition(end - content.len() + image);
        self.inline(start, end);
    }

    /// Escapes the label end of a link reference definition at `start`
    /// when its destination is unsafe. The label may go on past the escaped
    /// `]` to another `]:`, which is checked in turn.
    fn definition(&mut self, start: usize) {
        let bytes = self.text.as_bytes();
        if bytes.get(start) != Some(&b'[') {
            return;
        }
        // No length limit: readers disagree on it (pulldown-cmark 0.13.6
        // counts only non-ASCII bytes toward its 1,000), so a label of any
        // length may define a link for some reader.
        let mut at = start + 1;
        while at < bytes.len() {
            match bytes[at] {
                b'\\' if bytes.get(at + 1).is_some_and(u8::is_ascii_punctuation) => at += 1,
                b'[' => return,
                b']' if bytes.get(at + 1) != Some(&b':') => return,
                b']' => {
                    // A definition hides its text from inline parsing.
                    self.uncertain_code = true;
                    if is_safe_destination(self.text, at + 2) {
                        return;
                    }
                    self.escapes.push(at);
                }
                b'\n' | b'\r' => {
                    // A label may span lines, but not a blank one.
                    let crlf = bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n');
                    if is_blank(&self.text[at + 1 + usize::from(crlf)..]) {
                        return;
                    }
                }
                _ => {}
            }
            at += 1;
        }
    }

    /// Neutralises the inline content of one line of text.
    fn inline(&mut self, start: usize, end: usize) {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut at = start;
        while at < end {
            let special = bytes[at..end].iter().position(|b| b"\\`<!]".contains(b)).map_or(end, |p| at + p);
            self.out.push_str(&text[at..special]);
            at = special;
            if at == end {
                break;
            }
            at = match bytes[at] {
                b'\\' => {
                    let escaped = at + 1 < end && bytes[at + 1].is_ascii_punctuation();
                    let next = if escaped { at + 2 } else { at + 1 };
                    self.out.push_str(&text[at..next]);
                    next
                }
                b'`' => self.code_span(at, end),
                b'<' => self.angle_bracket(at),
                b'!' if bytes.get(at + 1) == Some(&b'[') => {
                    self.drop_image_mark();
                    at + 1
                }
                b'!' => {
                    self.out.push('!');
                    at + 1
                }
                _ => self.close_bracket(at),
            };
        }
    }

    /// Copies a code span verbatim when it is certainly one; otherwise
    /// copies the backticks and lets the text after them be read as text.
    fn code_span(&mut self, at: usize, end: usize) -> usize {
        let text = self.text;
        let bytes = text.as_bytes();
        let len = bytes[at..end].iter().take_while(|&&b| b == b'`').count();
        let content = at + len;

        let mut search = content;
        while !self.uncertain_code {
            let Some(offset) = bytes[search..end].iter().position(|&b| b == b'`') else {
                break;
            };
            let run_start = search + offset;
            let run = bytes[run_start..end].iter().take_while(|&&b| b == b'`').count();
            search = run_start + run;
            if run != len {
                continue;
            }
            // A table row splits cells at `|` before code spans form.
            if has_unescaped_pipe(&text[content..run_start]) {
                break;
            }
            self.copy_verbatim(at, search);
            return search;
        }

        // An unpaired run may pair with a backtick on a later line of the
        // paragraph, where this pass would pair others.
        self.uncertain_code = true;
        self.out.push_str(&text[at..content]);
        content
    }

    /// Copies text that stays as it is, with the escapes of definition
    /// labels that a code span does not protect.
    fn copy_verbatim(&mut self, start: usize, end: usize) {
        let mut from = start;
        for &escape in self.escapes.iter().filter(|&&escape| (start..end).contains(&escape)) {
            self.out.push_str(&self.text[from..escape]);
            self.out.push('\\');
            from = escape;
        }
        self.out.push_str(&self.text[from..end]);
    }

    /// Escapes a `<` that could start raw HTML or an unsafe autolink; keeps
    /// autolinks to safe URLs. An email address that starts with `!` or `?`
    /// could also start an HTML declaration or processing instruction.
    fn angle_bracket(&mut self, at: usize) -> usize {
        if let Some((end, email)) = scan_autolink(self.text, at) {
            let address = &self.text[at + 1..end - 1];
            let safe =
                if email { address.starts_with(|c: char| c.is_ascii_alphanumeric()) } else { is_allowed_link(address) };
            if safe {
                self.out.push_str(&self.text[at..end]);
                return end;
            }
            self.out.push('\\');
        } else if self.text.as_bytes().get(at + 1).is_some_and(|&b| b.is_ascii_alphabetic() || b"/!?".contains(&b)) {
            self.out.push('\\');
        }
        self.out.push('<');
        at + 1
    }

    /// Drops the `!` of `![`, so that the image becomes a link. A `!` just
    /// before it would start an image in turn, so it gets a backslash.
    fn drop_image_mark(&mut self) {
        let Some(before) = self.out.strip_suffix('!') else {
            return;
        };
        let backslashes = before.len() - before.trim_end_matches('\\').len();
        if backslashes % 2 == 0 {
            self.out.insert(before.len(), '\\');
        }
    }

    /// Copies a `]`: escaped when it ends an unsafe definition's label,
    /// followed by a backslash when it starts an unsafe inline link's
    /// destination. Destinations and reference labels can hide backticks
    /// from inline parsing, so those make code spans uncertain.
    fn close_bracket(&mut self, at: usize) -> usize {
        if self.escapes.contains(&at) {
            self.out.push('\\');
        }
        self.out.push(']');

        let hides = match self.text.as_bytes().get(at + 1) {
            Some(b'(') => {
                if !is_safe_destination(self.text, at + 2) {
                    self.out.push('\\');
                }
                scan_inline_link(self.text, at + 1).map(|tail| at + 1..tail.end)
            }
            // Any length, as for definitions.
            Some(b'[') => scan_label(self.text, at + 1, usize::MAX).map(|(end, _)| at + 1..end),
            _ => None,
        };
        if hides.is_some_and(|range| self.text[range].contains('`')) {
            self.uncertain_code = true;
        }
        at + 1
    }
}

/// True when the link destination after optional whitespace at `start`
/// starts with an allowed scheme, with or without pointy brackets.
fn is_safe_destination(text: &str, start: usize) -> bool {
    let destination = &text[skip_whitespace(text, start)..];
    is_allowed_link(destination.strip_prefix('<').unwrap_or(destination))
}

/// True when the line at the start of `text` holds only spaces and tabs.
fn is_blank(text: &str) -> bool {
    let end = text.find(['\n', '\r']).unwrap_or(text.len());
    text[..end].bytes().all(|b| b == b' ' || b == b'\t')
}

/// True when `text` holds a `|` that no backslash escapes.
fn has_unescaped_pipe(text: &str) -> bool {
    let mut backslashes = 0;
    for byte in text.bytes() {
        if byte == b'|' && backslashes % 2 == 0 {
            return true;
        }
        backslashes = if byte == b'\\' { backslashes + 1 } else { 0 };
    }
    false
}

#[cfg(test)]
mod tests;
