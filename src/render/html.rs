//! Markdown to HTML that is safe to paste anywhere.
//!
//! Model output is Markdown, and a model can be led by a page to write
//! anything, including `<script>`, event-handler attributes or
//! `javascript:` links. This renderer lets no markup through, by
//! construction: the parser ([`super::block`], [`super::inline`]) does not
//! recognise raw HTML, so it stays text, and this writer is the only place
//! that writes tags. It writes a fixed set of them, escapes every text and
//! attribute, and links only `http`, `https` and `mailto` targets; other
//! links show their text. Images become links: an image loads by itself
//! wherever the post is shown or pasted, so an image URL that a page
//! talked the model into writing could report the reader to its server.
//!
//! The layout of the output (where line breaks go, `<br />`, task list
//! checkboxes) is the one pulldown-cmark writes, so pasted posts look as
//! they did when it rendered them.

use std::fmt::Write as _;

use super::block::{self, Block, Definition, Item};
use super::inline::{self, Inline};
use super::table::Align;

/// Renders Markdown to sanitised HTML. Headings move down `demote` levels
/// (an `#` heading becomes `<h2>` with `demote = 1`), so that a post title
/// above the body stays the only top-level heading.
pub fn markdown_to_html(markdown: &str, demote: u8) -> String {
    // CommonMark replaces NUL characters for safety.
    let markdown = markdown.replace('\0', "\u{fffd}");
    let document = block::parse(&markdown);
    let mut writer = Writer {
        out: String::with_capacity(markdown.len() * 3 / 2),
        demote,
        definitions: &document.definitions,
        links: Vec::new(),
        task: None,
    };
    writer.blocks(&document.blocks, false);
    writer.out
}

/// Escapes text for use in HTML content or a double-quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// Returns true for URLs a pasted post may link to: `http://`, `https://`
/// and `mailto:` ones, in any case. The scheme must come first as written:
/// a browser would skip leading spaces and tabs inside the scheme, so
/// `" java\tscript:"` is not a scheme this check could misread.
pub fn is_allowed_link(url: &str) -> bool {
    is_allowed_image(url) || starts_with_ignoring_case(url, "mailto:")
}

fn is_allowed_image(url: &str) -> bool {
    starts_with_ignoring_case(url, "http://") || starts_with_ignoring_case(url, "https://")
}

fn starts_with_ignoring_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len()).is_some_and(|start| start.eq_ignore_ascii_case(prefix))
}

/// Writes an `href` value: bytes outside a URL's safe set are
/// percent-encoded, and `&` and `'` escaped, as pulldown-cmark does.
fn push_href(out: &mut String, url: &str) {
    for byte in url.bytes() {
        match byte {
            b'&' => out.push_str("&amp;"),
            b'\'' => out.push_str("&#x27;"),
            b'!' | b'#'..=b'%' | b'('..=b';' | b'=' | b'?'..=b'Z' | b'^' | b'_' | b'a'..=b'z' | b'~' => {
                out.push(char::from(byte));
            }
            _ => {
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
}

struct Writer<'a> {
    out: String,
    demote: u8,
    definitions: &'a [Definition],
    /// For each open link or image, whether its `<a>` was written.
    links: Vec<bool>,
    /// The checkbox of a task list item, written in its first paragraph.
    task: Option<bool>,
}

impl Writer<'_> {
    /// Starts a block on a new line.
    fn line(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    fn blocks(&mut self, blocks: &[Block], tight: bool) {
        for block in blocks {
            self.block(block, tight);
        }
    }

    fn block(&mut self, block: &Block, tight: bool) {
        match block {
            Block::Paragraph(text) if tight => {
                self.task_marker();
                self.inline(text);
            }
            Block::Paragraph(text) => {
                self.line();
                self.out.push_str("<p>");
                self.task_marker();
                self.inline(text);
                self.out.push_str("</p>\n");
            }
            Block::Heading(level, text) => {
                let level = level.saturating_add(self.demote).min(6);
                self.line();
                let _ = write!(self.out, "<h{level}>");
                self.inline(text);
                let _ = writeln!(self.out, "</h{level}>");
            }
            Block::Rule => {
                self.line();
                self.out.push_str("<hr />\n");
            }
            Block::Code { info, text } => {
                self.line();
                self.out.push_str("<pre><code");
                if !info.is_empty() {
                    self.out.push_str(" class=\"language-");
                    push_escaped(&mut self.out, info);
                    self.out.push('"');
                }
                self.out.push('>');
                push_escaped(&mut self.out, text);
                self.out.push_str("</code></pre>\n");
            }
            Block::Quote(blocks) => {
                self.line();
                self.out.push_str("<blockquote>\n");
                self.blocks(blocks, false);
                self.out.push_str("</blockquote>\n");
            }
            Block::List { start, tight, items } => self.list(*start, *tight, items),
            Block::Table { aligns, rows } => self.table(aligns, rows),
        }
    }

    fn list(&mut self, start: Option<u64>, tight: bool, items: &[Item]) {
        self.line();
        let tag = if start.is_some() { "ol" } else { "ul" };
        match start {
            Some(number) if number != 1 => {
                let _ = writeln!(self.out, "<ol start=\"{number}\">");
            }
            _ => {
                let _ = writeln!(self.out, "<{tag}>");
            }
        }
        for item in items {
            self.line();
            self.out.push_str("<li>");
            self.task = item.task;
            self.blocks(&item.blocks, tight);
            self.out.push_str("</li>\n");
        }
        let _ = writeln!(self.out, "</{tag}>");
    }

    /// Writes the checkbox of a task list item, before its first text.
    fn task_marker(&mut self) {
        match self.task.take() {
            Some(true) => self.out.push_str("<input disabled=\"\" type=\"checkbox\" checked=\"\"/>\n"),
            Some(false) => self.out.push_str("<input disabled=\"\" type=\"checkbox\"/>\n"),
            None => {}
        }
    }

    fn table(&mut self, aligns: &[Align], rows: &[Vec<String>]) {
        self.line();
        self.out.push_str("<table><thead>");
        for (index, row) in rows.iter().enumerate() {
            let cell_tag = if index == 0 { "th" } else { "td" };
            self.out.push_str("<tr>");
            for (cell, align) in row.iter().zip(aligns) {
                let _ = write!(self.out, "<{cell_tag}");
                if let Some(align) = align {
                    let _ = write!(self.out, " style=\"text-align: {align}\"");
                }
                self.out.push('>');
                self.inline(cell);
                let _ = write!(self.out, "</{cell_tag}>");
            }
            self.out.push_str(if index == 0 { "</tr></thead><tbody>\n" } else { "</tr>\n" });
        }
        self.out.push_str("</tbody></table>\n");
    }

    fn inline(&mut self, text: &str) {
        for event in inline::parse(text, self.definitions) {
            match event {
                Inline::Text(text) => push_escaped(&mut self.out, &text),
                Inline::Code(code) => {
                    self.out.push_str("<code>");
                    push_escaped(&mut self.out, &code);
                    self.out.push_str("</code>");
                }
                Inline::Start(tag) => {
                    let _ = write!(self.out, "<{tag}>");
                }
                Inline::End(tag) => {
                    let _ = write!(self.out, "</{tag}>");
                }
                Inline::LinkStart { destination, title, image } => self.link_start(&destination, &title, image),
                Inline::LinkEnd => {
                    if self.links.pop() == Some(true) {
                        self.out.push_str("</a>");
                    }
                }
                Inline::SoftBreak => self.out.push('\n'),
                Inline::HardBreak => self.out.push_str("<br />\n"),
            }
        }
    }

    /// Opens a link, or an image as a link, when its target is allowed and
    /// no other link is open (an anchor inside an anchor is invalid HTML);
    /// otherwise only its text is written.
    fn link_start(&mut self, destination: &str, title: &str, image: bool) {
        let allowed = if image { is_allowed_image(destination) } else { is_allowed_link(destination) };
        let kept = allowed && !self.links.contains(&true);
        self.links.push(kept);
        if !kept {
            return;
        }
        self.out.push_str("<a href=\"");
        push_href(&mut self.out, destination);
        if !title.is_empty() {
            self.out.push_str("\" title=\"");
            push_escaped(&mut self.out, title);
        }
        self.out.push_str("\">");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_post_shape() {
        let html = markdown_to_html("# Fun\n\nIntro.\n\n## Key Points\n\n- **Lead**: text\n", 1);
        assert_eq!(
            html,
            "<h2>Fun</h2>\n<p>Intro.</p>\n<h3>Key Points</h3>\n<ul>\n<li><strong>Lead</strong>: text</li>\n</ul>\n"
        );
    }

    #[test]
    fn raw_html_becomes_text() {
        let html = markdown_to_html(
            "Hi <script>alert(1)</script> <img src=x onerror=alert(1)>\n\n<div onclick=\"x()\">block</div>",
            0,
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<div"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{html}");
    }

    #[test]
    fn dangerous_links_lose_href() {
        for url in
            ["javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "data:text/html,x", "vbscript:x"]
        {
            let markdown = format!("[click](<{url}>)");
            let html = markdown_to_html(&markdown, 0);
            assert_eq!(html, "<p>click</p>\n", "{url:?}");
        }
    }

    #[test]
    fn safe_links_survive() {
        assert_eq!(
            markdown_to_html("[a](https://example.com/?q=\"x\")", 0),
            "<p><a href=\"https://example.com/?q=%22x%22\">a</a></p>\n"
        );
        assert_eq!(markdown_to_html("<mailto:a@b.c>", 0), "<p><a href=\"mailto:a@b.c\">mailto:a@b.c</a></p>\n");
    }

    #[test]
    fn relative_links_are_dropped() {
        assert_eq!(markdown_to_html("[home](/)", 0), "<p>home</p>\n");
    }

    #[test]
    fn dangerous_image_becomes_alt_text() {
        assert_eq!(markdown_to_html("![alt text](javascript:x)", 0), "<p>alt text</p>\n");
    }

    #[test]
    fn image_becomes_link() {
        assert_eq!(
            markdown_to_html("![a](https://example.com/i.png)", 0),
            "<p><a href=\"https://example.com/i.png\">a</a></p>\n"
        );
    }

    #[test]
    fn nested_dropped_link_in_kept_link_balances() {
        let html = markdown_to_html("[![img](javascript:x)](https://example.com)", 0);
        assert_eq!(html, "<p><a href=\"https://example.com\">img</a></p>\n");
    }

    #[test]
    fn named_references_decode() {
        assert_eq!(markdown_to_html("&frac58; &mdash; &ngE; &#x2014;", 0), "<p>⅝ — ≧̸ —</p>\n");
        assert_eq!(markdown_to_html("&lt;b&gt;", 0), "<p>&lt;b&gt;</p>\n");
    }

    #[test]
    fn unknown_references_stay_text() {
        // `&fra;` is only a prefix of names in the table, `&amp` lacks its `;`.
        assert_eq!(markdown_to_html("&fra; &amp &nosuch;", 0), "<p>&amp;fra; &amp;amp &amp;nosuch;</p>\n");
    }

    #[test]
    fn encoded_scheme_is_still_checked() {
        assert_eq!(markdown_to_html("[x](&#106;avascript:alert(1))", 0), "<p>x</p>\n");
        assert_eq!(markdown_to_html("[x](&#104;ttps://e.example)", 0), "<p><a href=\"https://e.example\">x</a></p>\n");
    }

    #[test]
    fn definition_only_item_stays_tight() {
        // The definition spans two lines; the item ends after both.
        assert_eq!(markdown_to_html("- [a]:\n  https://e.example\n- b\n", 0), "<ul>\n<li></li>\n<li>b</li>\n</ul>\n");
        assert_eq!(
            markdown_to_html("> - [sic]:\n> **x**.\n> - y\n", 0),
            "<blockquote>\n<ul>\n<li></li>\n<li>y</li>\n</ul>\n</blockquote>\n"
        );
    }

    #[test]
    fn deep_nesting_stays_text() {
        // Each level is a stack frame in the parser and the writer.
        let html = markdown_to_html(&(">".repeat(100_000) + " x"), 0);
        assert_eq!(html.matches("<blockquote>").count(), 64);
        assert!(html.contains("&gt;&gt;&gt; x"), "{}", &html[html.len() - 100..]);

        let html = markdown_to_html(&("- ".repeat(100_000) + "x"), 0);
        assert_eq!(html.matches("<li>").count(), 32);
    }

    #[test]
    fn definition_line_is_no_table_header() {
        assert_eq!(markdown_to_html("[a]: | (b)\n:-: | :-:\nc | d\n", 0), "<p>:-: | :-:\nc | d</p>\n");
    }

    #[test]
    fn heading_demotion_stops_at_six() {
        assert_eq!(markdown_to_html("###### Deep", 1), "<h6>Deep</h6>\n");
    }

    #[test]
    fn escape_covers_attribute_quotes() {
        assert_eq!(escape("<a href=\"x\" title='y'>&"), "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;");
    }
}
