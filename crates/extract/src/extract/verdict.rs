//! Recognition of pages that are not articles.
//!
//! A home page, a search result, a login wall or an application shell that
//! has not rendered yet would give a model nothing worth a post, so the
//! user gets the reason instead, and may still force a run. The checks read the
//! whole page and the extracted text. They err on the side of "article",
//! because a wrong refusal costs the user more than a weak post.

use html5ever::local_name;

use super::dom::{Dom, ROOT};
use super::error::NotArticleReason;
use super::text::{link_density, text_length};

/// Minimum number of words in an article body. Shorter extractions are
/// rejected.
const MIN_WORDS: usize = 40;

/// Word count below which an extraction from a link-heavy page counts as
/// teasers rather than an article.
const SHORT_ARTICLE_WORDS: usize = 150;

/// Share of link text above which a page counts as a listing of links.
const LISTING_LINK_DENSITY: f64 = 0.6;

/// Returns why the page is not an article, or `None` when it looks like
/// one. `page` is the prepared page before scoring; `words` is the word
/// count of the extracted body.
pub fn check_page(page: &Dom, words: usize, article_link_density: f64) -> Option<NotArticleReason> {
    let body = page.body().unwrap_or(ROOT);
    let page_words = text_length(page, body);

    if words < MIN_WORDS {
        let has_password = page
            .find_all(ROOT, &[local_name!("input")])
            .into_iter()
            .any(|input| page.attr(input, "type").is_some_and(|kind| kind.eq_ignore_ascii_case("password")));
        if has_password {
            return Some(NotArticleReason::LoginForm);
        }
        if page_words < 200 {
            return Some(NotArticleReason::AppShell);
        }
        return Some(NotArticleReason::TooLittleText);
    }

    // A short extraction from a page that is mostly links is a listing
    // whose teasers scoring mistook for an article.
    let short_on_link_page = words < SHORT_ARTICLE_WORDS && link_density(page, body) > 0.75;
    if article_link_density > LISTING_LINK_DENSITY || short_on_link_page {
        return Some(NotArticleReason::LinkListing);
    }
    None
}
