//! The article that extraction hands to the rest of the pipeline.
//!
//! Everything a model sees starts from this value, and everything the post
//! says about its source (attribution URL, title, site) comes from it. It is a
//! plain serde type so that it crosses the wasm boundary and the command-line
//! program's JSON output unchanged.

use serde::{Deserialize, Serialize};

/// The readable content and metadata of one page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Article {
    /// URL of the page as the browser reported it.
    pub url: String,
    /// URL the page declares as canonical (`<link rel="canonical">` or
    /// `og:url`), made absolute; `None` when the page declares none.
    pub canonical_url: Option<String>,
    /// Title as the page declares it in JSON-LD or `<meta>` tags, else the
    /// `<title>` text without a site-name suffix such as " | Example News".
    pub title: String,
    /// Author or authors as the page names them.
    pub byline: Option<String>,
    /// Name of the publication.
    pub site_name: Option<String>,
    /// Publication time as the page states it (usually ISO 8601).
    pub published_time: Option<String>,
    /// Language tag of the content, such as `en` or `pt-BR`.
    pub lang: Option<String>,
    /// Text direction: `ltr` or `rtl`.
    pub dir: Option<String>,
    /// Short description: the page's own description, else the first paragraph.
    pub excerpt: Option<String>,
    /// Absolute URL of the lead image.
    pub lead_image: Option<String>,
    /// Body as Markdown: headings, paragraphs, lists, quotes, tables, code,
    /// links and images with absolute URLs.
    pub markdown: String,
    /// Body as plain text, one paragraph a line.
    pub text: String,
    /// Number of words in `text`, counted by whitespace and by CJK character.
    pub word_count: usize,
    /// True when the body is the text the user selected, not the whole page.
    pub from_selection: bool,
}

impl Article {
    /// Returns the URL the post should credit: the canonical URL when the page
    /// declares one, else the URL the browser reported.
    pub fn attribution_url(&self) -> &str {
        self.canonical_url.as_deref().unwrap_or(&self.url)
    }
}
