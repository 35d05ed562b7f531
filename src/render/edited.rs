//! The post after the user edited its Markdown in the popup, as rich text
//! and as plain text.
//!
//! The user edits the Markdown flavour, so the Markdown they copy is what
//! they wrote. The rich-text flavour is rendered from it by the sanitising
//! renderer of the post body ([`super::html::markdown_to_html`]), so an edit
//! can no more bring in markup that runs than a model can. Two parts of the
//! generated layout survive the trip: a line that is only an `http(s)` URL
//! (the attribution) becomes a link, and the line that names the image by
//! its download file name becomes the image again.

use serde::Serialize;

use super::PostImage;
use super::html::{escape, is_allowed_link, markdown_to_html};

/// The edited post in the two flavours made from its Markdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EditedPost {
    pub html: String,
    pub text: String,
}

/// One run of lines of the edited Markdown.
enum Block {
    Markdown(String),
    Image,
}

/// Renders edited Markdown to sanitised HTML and to plain text. `image` is
/// the post's image, which a line `![alt](FILE_NAME)` stands for.
pub fn render_edited(markdown: &str, image: Option<&PostImage>) -> EditedPost {
    let image = image.filter(|image| image.source.starts_with("data:image/") || is_allowed_link(&image.source));
    let blocks = split_blocks(markdown, image);

    let mut html = String::new();
    for block in &blocks {
        match (block, image) {
            (Block::Markdown(text), _) => html.push_str(&markdown_to_html(text, 0)),
            (Block::Image, Some(image)) => html.push_str(&format!(
                "<figure><img src=\"{}\" alt=\"{}\"></figure>\n",
                escape(&image.source),
                escape(&image.alt)
            )),
            (Block::Image, None) => {}
        }
    }

    EditedPost { html, text: plain_text(markdown, image) }
}

/// Splits the Markdown at the image's lines, and turns lines that are only
/// a URL into autolinks; fenced code stays as written.
fn split_blocks(markdown: &str, image: Option<&PostImage>) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current = String::new();
    let mut in_fence = false;

    for line in markdown.lines() {
        let trimmed = line.trim();
        if is_fence(trimmed) {
            in_fence = !in_fence;
        }

        if !in_fence && image.is_some_and(|image| is_image_line(trimmed, image)) {
            blocks.push(Block::Markdown(std::mem::take(&mut current)));
            blocks.push(Block::Image);
            continue;
        }
        if !in_fence && is_url_line(trimmed) {
            current.push_str(&format!("<{trimmed}>\n"));
        } else {
            current.push_str(line);
            current.push('\n');
        }
    }

    blocks.push(Block::Markdown(current));
    blocks
}

fn is_fence(trimmed: &str) -> bool {
    trimmed.starts_with("```") || trimmed.starts_with("~~~")
}

fn is_image_line(trimmed: &str, image: &PostImage) -> bool {
    trimmed.starts_with("![") && trimmed.ends_with(&format!("]({})", image.file_name))
}

fn is_url_line(trimmed: &str) -> bool {
    (trimmed.starts_with("https://") || trimmed.starts_with("http://"))
        && !trimmed.contains(|c: char| c.is_whitespace() || matches!(c, '<' | '>'))
        && is_allowed_link(trimmed)
}

/// Returns the Markdown as plain text: no heading marks, emphasis or code
/// marks, links written as `text (URL)`, list items with bullets. The image
/// line is left out because plain text cannot hold an image.
fn plain_text(markdown: &str, image: Option<&PostImage>) -> String {
    let mut lines = Vec::new();
    let mut in_fence = false;

    for line in markdown.lines() {
        let trimmed = line.trim();
        if is_fence(trimmed) {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            lines.push(line.to_string());
            continue;
        }
        if image.is_some_and(|image| is_image_line(trimmed, image)) {
            continue;
        }

        let indent = &line[..line.len() - line.trim_start().len()];
        let mut rest = trimmed;
        let mut prefix = String::new();
        while let Some(inner) = rest.strip_prefix('>') {
            rest = inner.trim_start();
        }
        let hashes = rest.chars().take_while(|c| *c == '#').count();
        if (1..=6).contains(&hashes) && rest[hashes..].starts_with(' ') {
            rest = rest[hashes..].trim_start();
        } else if let Some(item) =
            rest.strip_prefix("- ").or_else(|| rest.strip_prefix("* ")).or_else(|| rest.strip_prefix("+ "))
        {
            prefix.push_str("• ");
            rest = item;
        }
        lines.push(format!("{indent}{prefix}{}", plain_inline(rest)));
    }

    let text = lines.join("\n");
    text.trim().to_string() + "\n"
}

/// Removes inline Markdown from one line: emphasis and code marks,
/// backslash escapes, and link and image syntax.
fn plain_inline(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut index = 0;

    while index < chars.len() {
        let c = chars[index];
        match c {
            '\\' if index + 1 < chars.len() && chars[index + 1].is_ascii_punctuation() => {
                out.push(chars[index + 1]);
                index += 2;
            }
            '*' | '_' if emphasis_run(&chars, index) => {
                index += chars[index..].iter().take_while(|next| **next == c).count();
            }
            '`' => index += 1,
            '!' if chars.get(index + 1) == Some(&'[') => index += 1,
            '[' => match link_at(&chars, index) {
                Some((text, url, end)) => {
                    out.push_str(&plain_inline(&text));
                    if !url.is_empty() && url != text {
                        out.push_str(&format!(" ({url})"));
                    }
                    index = end;
                }
                None => {
                    out.push(c);
                    index += 1;
                }
            },
            _ => {
                out.push(c);
                index += 1;
            }
        }
    }
    out
}

/// True when the `*` or `_` at `index` opens or closes emphasis rather than
/// standing between two word characters (as in `snake_case`) or alone
/// between spaces.
fn emphasis_run(chars: &[char], index: usize) -> bool {
    let mark = chars[index];
    let start = chars[..index].iter().rev().take_while(|c| **c == mark).count();
    let before = index.checked_sub(start + 1).map(|i| chars[i]);
    let run = chars[index..].iter().take_while(|c| **c == mark).count();
    let after = chars.get(index + run).copied();
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
    if mark == '_' && word(before) && word(after) {
        return false;
    }
    !(space(before) && space(after))
}

/// Reads `[text](url)` starting at `start`; returns the text, the URL and
/// the index after the closing parenthesis.
fn link_at(chars: &[char], start: usize) -> Option<(String, String, usize)> {
    let mut depth = 0;
    let mut close = None;
    for (offset, c) in chars[start..].iter().enumerate() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(start + offset);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = chars[close + 2..].iter().position(|c| *c == ')')? + close + 2;
    let text: String = chars[start + 1..close].iter().collect();
    let url: String = chars[close + 2..end].iter().collect();
    let url = url.trim().trim_start_matches('<').trim_end_matches('>').to_string();
    Some((text, url, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image() -> PostImage {
        PostImage {
            source: "data:image/png;base64,iVBORw0KGgo=".into(),
            file_name: "post-image-1700000000.png".into(),
            alt: "A robot pirate ship".into(),
        }
    }

    const POST: &str = "# My Title\n\n## Heading\n\nIntro with **bold** and a [link](https://example.com/a).\n\n\
- **First**: one\n- **Second**: two\n\n![A robot pirate ship](post-image-1700000000.png)\n\n\
As part of this experiment:\nhttps://example.com/story\n";

    #[test]
    fn edited_html_keeps_layout() {
        let post = render_edited(POST, Some(&image()));
        assert!(post.html.starts_with("<h1>My Title</h1>\n<h2>Heading</h2>\n"), "{}", post.html);
        assert!(post.html.contains("<li><strong>First</strong>: one</li>"));
        assert!(
            post.html.contains(
                "<figure><img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"A robot pirate ship\"></figure>"
            )
        );
        assert!(
            post.html.contains("<a href=\"https://example.com/story\">https://example.com/story</a>"),
            "{}",
            post.html
        );
    }

    #[test]
    fn edited_html_lets_no_markup_run() {
        let edit = "Hi <script>alert(1)</script> <img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))\n\n\
![y](https://tracker.example/p.png)\n\njavascript:alert(1)\n";
        let post = render_edited(edit, Some(&image()));
        for needle in ["<script", "<img", "href=\"javascript", "onerror=alert(1)>"] {
            assert!(!post.html.contains(needle), "{needle} in {}", post.html);
        }
    }

    #[test]
    fn unsafe_image_source_is_dropped() {
        let mut image = image();
        image.source = "javascript:alert(1)".into();
        let post = render_edited(POST, Some(&image));
        assert!(!post.html.contains("<img"), "{}", post.html);
    }

    #[test]
    fn image_line_in_code_stays_code() {
        let edit = "```\n![A](post-image-1700000000.png)\nhttps://example.com\n```\n";
        let post = render_edited(edit, Some(&image()));
        assert!(!post.html.contains("<img"));
        assert!(!post.html.contains("<a "));
    }

    #[test]
    fn plain_text_drops_markup() {
        let post = render_edited(POST, Some(&image()));
        assert_eq!(
            post.text,
            "My Title\n\nHeading\n\nIntro with bold and a link (https://example.com/a).\n\n• First: one\n• Second: two\n\n\n\
As part of this experiment:\nhttps://example.com/story\n"
        );
    }

    #[test]
    fn plain_text_keeps_inner_underscores() {
        let post = render_edited("Call snake_case_name with 2 * 3 and \\*stars\\*.", None);
        assert_eq!(post.text, "Call snake_case_name with 2 * 3 and *stars*.\n");
    }
}
