//! Article extraction: from the HTML of a rendered page to an [`Article`].
//!
//! The steps, in order: parse the page ([`parse`]), read its metadata
//! ([`metadata`], [`jsonld`]), strip what is never content ([`prepare`]),
//! score blocks to find the article ([`candidates`]), clean the result
//! ([`cleanup`]) and render it as Markdown and plain text ([`render`]).
//! When the user selected text, the selection is the body and only the
//! metadata comes from the page.

#[cfg(all(feature = "bench-wasm", target_arch = "wasm32"))]
mod bench_export;
mod boilerplate;
mod bytes;
mod candidates;
mod cleanup;
mod declared;
#[cfg(not(target_arch = "wasm32"))]
pub mod decode;
mod dom;
mod error;
mod hints;
mod jsonld;
mod lead;
mod marks;
mod metadata;
mod names;
mod parse;
mod patterns;
mod prepare;
mod prescan;
#[cfg(test)]
mod prescan_equivalence;
mod render;
mod swar;
mod tags;
mod text;
mod url;
mod verdict;

use html5ever::local_name;
use serde::Deserialize;

use crate::article::Article;
use candidates::{Flags, select_content};
use dom::{Dom, NodeId, ROOT};
pub use error::{ExtractError, NotArticleReason};
use metadata::Metadata;
pub use prepare::HIDDEN_ATTRIBUTE;

/// What the extension captures from a tab.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page {
    /// Serialised HTML of the rendered document. Elements the page did not
    /// show may carry the [`HIDDEN_ATTRIBUTE`] mark.
    pub html: String,
    /// URL of the document.
    pub url: String,
    /// HTML of the user's selection, when the user selected text.
    #[serde(default)]
    pub selection_html: Option<String>,
    /// Extract even when the page does not look like an article.
    #[serde(default)]
    pub force: bool,
}

/// Minimum number of characters a scoring pass must keep for its result to
/// be accepted. Below it the pass runs again with fewer filters.
const MIN_ARTICLE_CHARS: usize = 500;

/// Extracts the article from a captured page; the selection, when there is
/// one, becomes the body.
pub fn extract_page(page: &Page) -> Result<Article, ExtractError> {
    let dom = parse::parse_html(&page.html);
    let metadata = metadata::read_metadata(&dom);
    let base_url = base_url(&metadata, &page.url);

    let selection = page.selection_html.as_deref().filter(|html| !html.trim().is_empty());
    if let Some(selection) = selection {
        let mut selected = parse::parse_html(selection);
        prepare::prepare_document(&mut selected);
        let root = selected.body().unwrap_or(ROOT);
        let rendered = render::render(&selected, root, &base_url);
        if !rendered.text.trim().is_empty() {
            let mut article = build_article(&page.url, &metadata, rendered, &base_url);
            article.from_selection = true;
            return Ok(article);
        }
    }

    let mut prepared = dom;
    prepare::prepare_document(&mut prepared);
    let mut best = best_pass(&prepared, &metadata);
    boilerplate::remove_boilerplate(&mut best.dom, best.content, best.length);
    let link_share = text::link_density(&best.dom, best.content);
    let rendered = render::render(&best.dom, best.content, &base_url);
    let (rendered, link_share) =
        declared_body_instead(&metadata, &base_url, &rendered).unwrap_or((rendered, link_share));
    if rendered.text.trim().is_empty() {
        return Err(ExtractError::NoText { url: page.url.clone() });
    }
    if !page.force {
        if let Some(reason) = verdict::check_page(&prepared, &rendered.text, rendered.words, link_share) {
            return Err(ExtractError::NotAnArticle { url: page.url.clone(), reason });
        }
    }
    let first_image =
        best.dom.find_first(best.content, &local_name!("img")).and_then(|image| render::image_source(&best.dom, image));
    let first_paragraph = best
        .dom
        .find_first(best.content, &local_name!("p"))
        .map(|paragraph| text::text_content(&best.dom, paragraph).trim().to_string())
        .filter(|text| !text.is_empty());

    let mut metadata = metadata;
    if metadata.byline.is_none() {
        metadata.byline = best.byline.clone();
    }
    if metadata.dir.is_none() {
        metadata.dir = best.dir.clone();
    }
    if metadata.excerpt.is_none() {
        metadata.excerpt = first_paragraph;
    }
    if metadata.lead_image.is_none() {
        metadata.lead_image = first_image;
    }
    Ok(build_article(&page.url, &metadata, rendered, &base_url))
}

/// Renders the article body the page declares in JSON-LD, with its link
/// share, when it contains far more text than `extracted` (see [`declared`]).
fn declared_body_instead(
    metadata: &Metadata,
    base_url: &str,
    extracted: &render::Rendered,
) -> Option<(render::Rendered, f64)> {
    let body = metadata.declared_body.as_deref()?;
    let extracted_chars = extracted.text.chars().count();
    if !declared::outweighs(body.chars().count(), extracted_chars) {
        return None;
    }

    // The excerpt leads the declared body when the page shows it.
    let extracted_text = text::collapse_whitespace(&extracted.text);
    let lead =
        metadata.excerpt.as_deref().filter(|excerpt| extracted_text.contains(&text::collapse_whitespace(excerpt)));
    let (mut dom, root) = declared::parse_declared(body, lead);
    let length = text::text_length(&dom, root);
    boilerplate::remove_boilerplate(&mut dom, root, length);
    let rendered = render::render(&dom, root, base_url);

    declared::outweighs(rendered.text.chars().count(), extracted_chars)
        .then(|| (rendered, text::link_density(&dom, root)))
}

/// Extracts the article from the HTML of a page at `url`, refusing pages
/// that do not look like articles.
pub fn extract(html: &str, url: &str) -> Result<Article, ExtractError> {
    extract_page(&Page { html: html.to_string(), url: url.to_string(), selection_html: None, force: false })
}

/// The result of the scoring pass that was kept.
struct Pass {
    dom: Dom,
    content: NodeId,
    byline: Option<String>,
    dir: Option<String>,
    length: usize,
}

/// Minimum number of characters for a pass inside the element that the
/// page marks as its article body, lower because the mark itself vouches
/// for short articles.
const MIN_MARKED_ARTICLE_CHARS: usize = 200;

/// How many times more text a pass on the whole page must find than a short
/// pass inside the marked article body to replace it.
const MARKED_OUTWEIGHED: usize = 2;

/// How many times more text a pass with fewer filters must keep than an
/// earlier pass to be preferred, when no pass keeps enough.
const LESS_FILTERED_OUTWEIGHS: usize = 4;

/// Lists the scoring passes in the order they are tried: root element,
/// filters, the minimum number of characters that makes its result final,
/// and the element the page marks as its article body when the pass
/// scores around it.
fn plan_passes(prepared: &Dom, title: &str) -> Vec<(NodeId, Flags, usize, Option<NodeId>)> {
    let body = prepared.body().unwrap_or(ROOT);
    let mut passes = Vec::new();
    let hint = hints::find_body_hint(prepared);
    // On a page of several stories, scoring first runs inside the one whose
    // headline is the title, unless the marked body lies inside that story
    // and marks more precisely where the text is.
    if let Some(story) = hints::find_title_article(prepared, title) {
        if hint.is_none_or(|hint| !prepared.ancestors(hint, 0).contains(&story)) {
            passes.push((story, Flags::ALL, MIN_ARTICLE_CHARS, None));
        }
    }
    // Scoring then runs inside the parent of the marked body, which also
    // contains the headline block and lead that templates put beside it. The
    // mark is trusted enough for a second pass that keeps link-heavy
    // blocks, as in a post that is a list of links.
    if let Some(hint) = hint {
        let root = prepared.parent(hint).unwrap_or(hint);
        passes.push((root, Flags::ALL, MIN_MARKED_ARTICLE_CHARS, Some(hint)));
        passes.push((root, Flags { clean_conditionally: false, ..Flags::ALL }, MIN_MARKED_ARTICLE_CHARS, Some(hint)));
    }
    let fallbacks = [
        Flags::ALL,
        Flags { strip_unlikely: false, ..Flags::ALL },
        Flags { strip_unlikely: false, weight_classes: false, clean_conditionally: true },
        Flags { strip_unlikely: false, weight_classes: false, clean_conditionally: false },
    ];
    passes.extend(fallbacks.into_iter().map(|flags| (body, flags, MIN_ARTICLE_CHARS, None)));
    passes
}

/// Runs the scoring passes of [`plan_passes`] until one keeps enough text,
/// and returns it. When none does, it returns the earliest pass that no
/// later pass outweighs (see [`LESS_FILTERED_OUTWEIGHS`]).
fn best_pass(prepared: &Dom, metadata: &Metadata) -> Pass {
    // The first byline found stays for later passes, as in Readability.
    let mut byline: Option<(NodeId, String)> = None;
    let leads = lead::find_leads(prepared, metadata.excerpt.as_deref());
    let mut best: Option<Pass> = None;
    let mut marked_short: Option<Pass> = None;

    for (root, flags, enough, marked_body) in plan_passes(prepared, &metadata.title) {
        if marked_short.is_some() && marked_body.is_some() {
            continue;
        }
        if byline.is_none() && metadata.byline.is_none() {
            byline = candidates::find_byline(prepared, prepared.body().unwrap_or(ROOT), flags.strip_unlikely);
        }
        let byline_node = byline.as_ref().map(|(node, _)| *node);

        let mut dom = prepared.clone();
        let selection = select_content(&mut dom, root, flags, &metadata.title, byline_node, marked_body);
        if let Some(container) = selection.container {
            lead::attach_lead(&mut dom, prepared, &leads, container, selection.content);
        }
        cleanup::clean_article(&mut dom, selection.content, flags);

        let length = text::text_length(&dom, selection.content);
        let pass = Pass {
            dom,
            content: selection.content,
            byline: byline.as_ref().map(|(_, text)| text.clone()),
            dir: selection.dir,
            length,
        };
        if let Some(short_marked) = marked_short.take() {
            // The pass after a short marked one runs on the whole page. It
            // wins only when it finds far more text, as when the marked
            // element is a footer block built from the same field.
            if length >= enough && length > short_marked.length * MARKED_OUTWEIGHED {
                return pass;
            }
            return short_marked;
        }
        if length >= enough {
            if marked_body.is_some() && length < MIN_ARTICLE_CHARS {
                marked_short = Some(pass);
                continue;
            }
            return pass;
        }
        // Each pass drops a filter, so a later pass that is short too often
        // contains a form or a footer. It replaces an earlier one only with
        // far more text.
        if best.as_ref().is_none_or(|kept| pass.length > kept.length * LESS_FILTERED_OUTWEIGHS) {
            best = Some(pass);
        }
    }

    best.unwrap_or_else(|| {
        let mut dom = Dom::new();
        let content = dom.create_element(local_name!("div"));
        Pass { dom, content, byline: None, dir: None, length: 0 }
    })
}

/// Returns the URL that relative links resolve against: the page's
/// `<base href>` when it has one, else the page URL.
fn base_url(metadata: &Metadata, page_url: &str) -> String {
    metadata.base_href.as_deref().and_then(|href| url::resolve(page_url, href)).unwrap_or_else(|| page_url.to_string())
}

fn build_article(url: &str, metadata: &Metadata, rendered: render::Rendered, base_url: &str) -> Article {
    let resolve = |value: &Option<String>| value.as_deref().and_then(|href| url::resolve(base_url, href));
    Article {
        url: url.to_string(),
        canonical_url: resolve(&metadata.canonical_url),
        title: metadata.title.clone(),
        byline: metadata.byline.clone(),
        site_name: metadata.site_name.clone(),
        published_time: metadata.published_time.clone(),
        lang: metadata.lang.clone(),
        dir: metadata.dir.clone(),
        excerpt: metadata.excerpt.clone(),
        lead_image: resolve(&metadata.lead_image),
        word_count: rendered.words,
        markdown: rendered.markdown,
        text: rendered.text,
        from_selection: false,
    }
}
