//! Markdown to HTML that is safe to paste anywhere.
//!
//! Model output is Markdown, and a model can be led by a page to write
//! anything, including `<script>`, event-handler attributes or
//! `javascript:` links. This renderer lets no markup through: raw HTML in the
//! Markdown becomes visible text, links keep only `http`, `https` and
//! `mailto` targets, and every text and attribute is escaped by
//! pulldown-cmark's writer. Images become links: an image loads by itself
//! wherever the post is shown or pasted, so an image URL that a page talked
//! the model into writing could report the reader to its server.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// Renders Markdown to sanitised HTML. Headings move down `demote` levels
/// (an `#` heading becomes `<h2>` with `demote = 1`), so that a post title
/// above the body stays the only top-level heading.
pub fn markdown_to_html(markdown: &str, demote: u8) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let parser = Parser::new_ext(markdown, options);

    // Ends of links and images whose start was dropped are dropped too; the
    // stack records, for each open link or image, whether it was kept.
    let mut kept_stack: Vec<bool> = Vec::new();
    // Inside a dropped image, the alt text is written as plain text.
    let events = parser.filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Heading { level, id: _, classes: _, attrs: _ }) => Some(Event::Start(Tag::Heading {
            level: demote_level(level, demote),
            id: None,
            classes: Vec::new(),
            attrs: Vec::new(),
        })),
        Event::End(TagEnd::Heading(level)) => Some(Event::End(TagEnd::Heading(demote_level(level, demote)))),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            let keep = is_allowed_link(&dest_url);
            kept_stack.push(keep);
            keep.then_some(Event::Start(Tag::Link { link_type, dest_url, title, id }))
        }
        Event::End(TagEnd::Link) => kept_stack.pop().unwrap_or(false).then_some(Event::End(TagEnd::Link)),
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            let keep = is_allowed_image(&dest_url);
            kept_stack.push(keep);
            keep.then_some(Event::Start(Tag::Link { link_type, dest_url, title, id }))
        }
        Event::End(TagEnd::Image) => kept_stack.pop().unwrap_or(false).then_some(Event::End(TagEnd::Link)),
        Event::FootnoteReference(name) => Some(Event::Text(CowStr::from(format!("[^{name}]")))),
        other => Some(other),
    });

    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// Escapes text for use in HTML content or a double-quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
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
    out
}

/// Returns true for URLs a pasted post may link to.
pub fn is_allowed_link(url: &str) -> bool {
    matches!(scheme_of(url).as_deref(), Some("http" | "https" | "mailto"))
}

fn is_allowed_image(url: &str) -> bool {
    matches!(scheme_of(url).as_deref(), Some("http" | "https"))
}

/// Returns the lower-case scheme of an absolute URL the way a browser reads
/// it: leading spaces and control characters are skipped and tabs and line
/// breaks inside the scheme are ignored, so `" java\tscript:"` is
/// `javascript`. Returns `None` for relative URLs.
fn scheme_of(url: &str) -> Option<String> {
    let url = url.trim_start_matches(|c: char| c <= ' ');
    let colon = url.find(':')?;
    let scheme: String =
        url[..colon].chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect::<String>().to_ascii_lowercase();
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(scheme)
}

fn demote_level(level: HeadingLevel, by: u8) -> HeadingLevel {
    let number = (level as u8).saturating_add(by).min(6);
    match number {
        1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
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
    fn heading_demotion_stops_at_six() {
        assert_eq!(markdown_to_html("###### Deep", 1), "<h6>Deep</h6>\n");
    }

    #[test]
    fn escape_covers_attribute_quotes() {
        assert_eq!(escape("<a href=\"x\" title='y'>&"), "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;");
    }
}
