//! The article body a page declares in its JSON-LD, for pages whose markup
//! contains little of it.
//!
//! Pages built by script, or cut short by a paywall, often ship the whole
//! text in the `articleBody` of their schema.org block while the markup
//! contains only a teaser. When scoring the markup keeps far less text than the
//! declared body, the declared body is the better article, at the cost of
//! the images and links that plain text lacks.

use super::dom::{Dom, NodeId, ROOT};
use super::text::collapse_whitespace;
use super::{parse, prepare};

/// Minimum number of characters a declared body needs to be used.
const MIN_DECLARED_CHARS: usize = 500;

/// How many times longer than the extracted text a declared body must be to
/// replace it.
const DECLARED_OUTWEIGHS: usize = 2;

/// Returns true when the declared body, `declared_chars` long, should
/// replace an extracted text of `extracted_chars`.
pub fn outweighs(declared_chars: usize, extracted_chars: usize) -> bool {
    declared_chars >= MIN_DECLARED_CHARS && declared_chars > extracted_chars * DECLARED_OUTWEIGHS
}

/// Parses a declared body into a document and returns it with the element
/// that contains the text. A body with markup is parsed as it is, and plain
/// text becomes one paragraph per line. `lead` is the standfirst the page
/// shows above the article. It goes first when the declared body lacks it,
/// because bodies often start after it.
pub fn parse_declared(body: &str, lead: Option<&str>) -> (Dom, NodeId) {
    let mut markup = String::new();
    if let Some(lead) = lead.filter(|lead| !collapse_whitespace(body).contains(&collapse_whitespace(lead))) {
        markup.push_str(&paragraphs(lead));
    }
    if has_markup(body) {
        markup.push_str(body);
    } else {
        markup.push_str(&paragraphs(body));
    }
    let mut dom = parse::parse_html(&markup);
    prepare::prepare_document(&mut dom);
    let root = dom.body().unwrap_or(ROOT);
    (dom, root)
}

/// Returns true when the text contains something shaped like a tag.
fn has_markup(text: &str) -> bool {
    text.as_bytes().windows(2).any(|pair| pair[0] == b'<' && (pair[1].is_ascii_alphabetic() || pair[1] == b'/'))
}

/// Turns plain text into paragraphs, one per non-empty line. Angle brackets
/// are escaped. Ampersands stay, so character references in the text are
/// read as the page meant them.
fn paragraphs(text: &str) -> String {
    let mut markup = String::with_capacity(text.len() + text.len() / 8);
    for line in text.lines().map(str::trim).filter(|line| !line.is_empty()) {
        markup.push_str("<p>");
        for c in line.chars() {
            match c {
                '<' => markup.push_str("&lt;"),
                '>' => markup.push_str("&gt;"),
                _ => markup.push(c),
            }
        }
        markup.push_str("</p>");
    }
    markup
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::text::text_content;

    #[test]
    fn parse_declared_splits_plain_lines() {
        let (dom, root) = parse_declared("First line a < b.\n\nSecond &amp; last line.", None);
        let paragraphs = dom.find_all(root, &[html5ever::local_name!("p")]);
        assert_eq!(paragraphs.len(), 2);
        assert_eq!(text_content(&dom, paragraphs[0]), "First line a < b.");
        assert_eq!(text_content(&dom, paragraphs[1]), "Second & last line.");
    }

    #[test]
    fn parse_declared_keeps_markup() {
        let (dom, root) = parse_declared("<p>One <strong>bold</strong> word.</p><p>Two.</p>", None);
        assert_eq!(dom.find_all(root, &[html5ever::local_name!("p")]).len(), 2);
        assert_eq!(dom.find_all(root, &[html5ever::local_name!("strong")]).len(), 1);
    }

    #[test]
    fn parse_declared_puts_missing_lead_first() {
        let (dom, root) = parse_declared("The body.", Some("The lead."));
        assert_eq!(text_content(&dom, root), "The lead.The body.");
        let (dom, root) = parse_declared("The lead. The body.", Some("The lead."));
        assert_eq!(text_content(&dom, root), "The lead. The body.");
    }

    #[test]
    fn outweighs_needs_long_body() {
        assert!(!outweighs(400, 10));
        assert!(!outweighs(2_000, 1_000));
        assert!(outweighs(2_001, 1_000));
    }
}
