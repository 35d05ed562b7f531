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

/// Share of the body's visible characters that may be control characters,
/// replacement characters (U+FFFD) or private-use characters before the
/// body counts as not text. Text in any script has next to none of them,
/// while binary data decoded as windows-1252 has about 13 % controls and
/// decoded as UTF-8 is mostly U+FFFD.
const MAX_NON_TEXT_SHARE: f64 = 0.05;

/// Share of the body's visible characters that must be letters (in any
/// script) for the body to count as text. Prose has about 80 %, and the
/// lowest share among the bodies extracted from the 1,120 pages of the
/// benchmark corpora (docs/benchmarks.md) is 62 %.
const MIN_LETTER_SHARE: f64 = 0.25;

/// Returns why the page is not an article, or `None` when it looks like
/// one. `page` is the prepared page before scoring; `text` and `words` are
/// the plain text and word count of the extracted body.
pub fn check_page(page: &Dom, text: &str, words: usize, article_link_density: f64) -> Option<NotArticleReason> {
    if is_mostly_not_text(text) {
        return Some(NotArticleReason::NotText);
    }

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

/// Returns true when `text` is mostly characters that never occur in
/// prose, or has too few letters: binary data served as a web page.
fn is_mostly_not_text(text: &str) -> bool {
    let mut visible = 0usize;
    let mut non_text = 0usize;
    let mut letters = 0usize;
    for character in text.chars().filter(|character| !character.is_whitespace()) {
        visible += 1;
        if is_non_text(character) {
            non_text += 1;
        } else if character.is_alphabetic() {
            letters += 1;
        }
    }
    if visible == 0 {
        return false;
    }

    let visible = visible as f64;
    non_text as f64 > visible * MAX_NON_TEXT_SHARE || (letters as f64) < visible * MIN_LETTER_SHARE
}

fn is_non_text(character: char) -> bool {
    character.is_control() || character == '\u{FFFD}' || ('\u{E000}'..='\u{F8FF}').contains(&character)
}

#[cfg(test)]
mod tests {
    use super::is_mostly_not_text;

    #[test]
    fn prose_in_several_scripts_is_text() {
        for text in [
            "The harbour authority reported steady growth in container traffic this year.",
            "Le port a connu une croissance régulière du trafic de conteneurs cette année.",
            "港湾当局は今年、コンテナ取扱量が着実に増加したと報告した。",
            "أفادت سلطة الميناء بنمو مطرد في حركة الحاويات هذا العام.",
            "Results: 3-1, 2-2, 0-1 and 4-0 in the four matches of round 12 (2024).",
        ] {
            assert!(!is_mostly_not_text(text), "{text}");
        }
    }

    #[test]
    fn decoded_binary_is_not_text() {
        let bytes: Vec<u8> = (0..4096u32).map(|index| (index.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        let as_utf8 = String::from_utf8_lossy(&bytes);
        let as_latin1: String = bytes.iter().map(|&byte| char::from(byte)).collect();
        assert!(is_mostly_not_text(&as_utf8), "binary decoded as UTF-8");
        assert!(is_mostly_not_text(&as_latin1), "binary decoded as Latin-1");
    }

    #[test]
    fn digits_only_are_not_text() {
        assert!(is_mostly_not_text(&"0123456789 ".repeat(50)));
    }

    #[test]
    fn empty_text_is_left_to_other_checks() {
        assert!(!is_mostly_not_text("  \n "));
    }
}
