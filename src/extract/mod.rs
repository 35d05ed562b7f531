//! Article extraction: from the HTML of a rendered page to an [`Article`].
//!
//! TODO: this is a placeholder that strips tags; the real extractor (html5ever
//! DOM, content scoring, Markdown output, metadata) replaces it behind the same
//! functions.

use serde::Deserialize;

use crate::article::Article;
use crate::error::UserError;

/// What the extension captures from a tab.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page {
    /// Serialised HTML of the rendered document.
    pub html: String,
    /// URL of the document.
    pub url: String,
    /// HTML of the user's selection, when the user selected text.
    #[serde(default)]
    pub selection_html: Option<String>,
}

/// Why a page yielded no article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExtractError {
    /// The page has no readable text at all.
    NoText { url: String },
}

impl std::fmt::Display for ExtractError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoText { url } => write!(f, "no readable text was found on {url}"),
        }
    }
}

impl std::error::Error for ExtractError {}

impl UserError for ExtractError {
    fn code(&self) -> &'static str {
        match self {
            Self::NoText { .. } => "extract_no_text",
        }
    }

    fn args(&self) -> Vec<String> {
        match self {
            Self::NoText { url } => vec![url.clone()],
        }
    }

    fn hint(&self) -> String {
        match self {
            Self::NoText { .. } => {
                "Wait until the page has finished loading, or select the text to summarize and try again.".into()
            }
        }
    }
}

/// Extracts the article from a captured page; the selection, when there is
/// one, becomes the body.
pub fn extract_page(page: &Page) -> Result<Article, ExtractError> {
    let mut article = extract(&page.html, &page.url)?;
    if let Some(selection) = page.selection_html.as_deref().filter(|s| !s.trim().is_empty()) {
        let text = strip_tags(selection);
        article.markdown = text.clone();
        article.word_count = text.split_whitespace().count();
        article.text = text;
        article.from_selection = true;
    }
    Ok(article)
}

/// Extracts the article from the HTML of a page at `url`.
pub fn extract(html: &str, url: &str) -> Result<Article, ExtractError> {
    let title = between(html, "<title", "</title>")
        .and_then(|t| t.split_once('>').map(|(_, t)| t.trim().to_string()))
        .unwrap_or_default();
    let body = between(html, "<body", "</body>").unwrap_or(html);
    let text = strip_tags(body);
    if text.is_empty() {
        return Err(ExtractError::NoText { url: url.to_string() });
    }
    Ok(Article {
        url: url.to_string(),
        title,
        word_count: text.split_whitespace().count(),
        markdown: text.clone(),
        text,
        ..Article::default()
    })
}

fn between<'a>(html: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = html.find(start)?;
    let to = html[from..].find(end)? + from;
    Some(&html[from..to])
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    let mut skip_until: Option<&str> = None;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if let Some(end) = skip_until {
            match rest.find(end) {
                Some(i) => rest = &rest[i + end.len()..],
                None => break,
            }
            skip_until = None;
            continue;
        }
        if rest.starts_with("<script") {
            skip_until = Some("</script>");
        } else if rest.starts_with("<style") {
            skip_until = Some("</style>");
        } else if rest.starts_with("</p>") || rest.starts_with("<br") || rest.starts_with("</h") {
            out.push('\n');
        }
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
        rest = &rest[c.len_utf8()..];
    }
    out.lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}
