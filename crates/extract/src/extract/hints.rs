//! The element a page marks as its article body, when it marks one.
//!
//! Publishing systems name the element that contains the article text:
//! schema.org's `itemprop="articleBody"`, WordPress's `entry-content`,
//! Drupal's `field--name-body` and the like. When exactly one such element
//! contains most of the marked text, scoring inside it keeps out the headers,
//! date lines and teasers around it.
//!
//! Pages that load the next stories as the reader scrolls contain several
//! `<article>` elements, each with its own headline. The one whose headline
//! is the page's title is the article the reader opened.

use html5ever::{Attribute, local_name};

use super::candidates::text_similarity;
use super::dom::{Dom, NodeId, ROOT, attribute};
use super::patterns::{Words, contains_any};
use super::text::{inner_text, text_length};

/// Class or id values (lower-cased, whole tokens split at spaces) that
/// name the article body.
const BODY_NAMES: &[&str] = &[
    "entry-content",
    "post-content",
    "article-content",
    "article-body",
    "articlebody",
    "article__body",
    "article-body-content",
    "story-body",
    "story-content",
    "post-body",
    "postbody",
    "post-entry",
    "entry-body",
    "field--name-body",
    "field-name-body",
    "content-body",
    "article-text",
    "articletext",
    "body-text",
    "blog-post-body",
    "post-text",
    "single-post-content",
    "td-post-content",
    "article__content",
    "c-article-body",
    "story__body",
    "paywall-article",
    "article-main",
];

/// Minimum number of characters in a marked element that is trusted.
const MIN_HINT_CHARS: usize = 200;

/// The words of [`BODY_NAMES`] for a quick search, since most elements
/// name no article body.
static BODY_WORDS: Words = Words::new(BODY_NAMES);

/// Returns true when `itemprop`, `class` or `id` names the article body.
/// `class_and_id` is the two lower-cased and joined.
pub fn is_body_name(attrs: &[Attribute], class_and_id: &str) -> bool {
    if attribute(attrs, "itemprop").is_some_and(|prop| prop.split_whitespace().any(|p| p == "articleBody")) {
        return true;
    }
    if !contains_any(class_and_id, &BODY_WORDS) {
        return false;
    }
    ["class", "id"].iter().any(|name| {
        attribute(attrs, name).is_some_and(|value| {
            value
                .split_whitespace()
                .any(|token| BODY_NAMES.iter().any(|body_name| token.eq_ignore_ascii_case(body_name)))
        })
    })
}

/// Returns the element the page marks as its article body: the outermost
/// marked element with the most text, when it contains at least
/// [`MIN_HINT_CHARS`] and two thirds of all marked text.
pub fn find_body_hint(dom: &Dom) -> Option<NodeId> {
    let root = dom.body().unwrap_or(ROOT);
    let mut marked: Vec<(NodeId, usize)> = Vec::new();
    let mut current = dom.next_in_order(root, root, true);
    while let Some(id) = current {
        if dom.is_element(id) && dom.marks(id).body {
            marked.push((id, text_length(dom, id)));
            // Marked elements inside this one are parts of it.
            current = dom.next_in_order(id, root, false);
            continue;
        }
        current = dom.next_in_order(id, root, true);
    }
    let total: usize = marked.iter().map(|&(_, length)| length).sum();
    let &(best, length) = marked.iter().max_by_key(|&&(_, length)| length)?;
    // Templates that mark every paragraph, or pages listing several
    // articles, have no single body element.
    (length >= MIN_HINT_CHARS && length * 3 >= total * 2).then_some(best)
}

/// Maximum number of headed `<article>` elements searched for the title's
/// story. A page with more is a listing.
const MAX_STORIES: usize = 100;

/// Minimum number of words of a headline compared with the title.
const MIN_HEADLINE_WORDS: usize = 3;

/// Share of a headline's words that the page's title must contain.
const TITLE_MATCH: f64 = 0.75;

/// Returns the `<article>` element whose headline is the page's title, when
/// the page contains two or more stories and exactly one of them matches the
/// title. A story is an `<article>` with an `<h1>` that contains no other
/// such article. One that does is a section of the page.
pub fn find_title_article(dom: &Dom, title: &str) -> Option<NodeId> {
    if title.trim().is_empty() {
        return None;
    }
    let headed: Vec<(NodeId, NodeId)> = dom
        .find_all(ROOT, &[local_name!("article")])
        .into_iter()
        .filter(|&article| !dom.marks(article).hidden)
        .filter_map(|article| dom.find_first(article, &local_name!("h1")).map(|heading| (article, heading)))
        .collect();
    if headed.len() > MAX_STORIES {
        return None;
    }
    let stories: Vec<(NodeId, NodeId)> = headed
        .iter()
        .copied()
        .filter(|&(article, _)| {
            !headed.iter().any(|&(other, _)| other != article && dom.ancestors(other, 0).contains(&article))
        })
        .collect();
    if stories.len() < 2 {
        return None;
    }
    let mut matching = stories.iter().filter(|&&(_, heading)| {
        // The title may add the site's name, so only the headline's words
        // are looked for in it.
        let headline = inner_text(dom, heading);
        headline.split_whitespace().count() >= MIN_HEADLINE_WORDS && text_similarity(title, &headline) > TITLE_MATCH
    });
    match (matching.next(), matching.next()) {
        (Some(&(story, _)), None) => Some(story),
        _ => None,
    }
}
