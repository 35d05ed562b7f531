//! Word lists that mark boilerplate or content in `class` and `id` values.
//!
//! Site templates name their parts in plain words ("sidebar", "comments",
//! "article-body"), so these lists capture most of what a page reveals about
//! its own layout. Matching is by substring on the lower-cased `class` and `id`
//! joined with a space, which also catches compounds like `post-sidebar`.

/// Words of parts that are almost never the article.
static UNLIKELY: Words = Words::new(&[
    "-ad-",
    "ai2html",
    "banner",
    "breadcrumb",
    "combx",
    "comment",
    "community",
    "cover-wrap",
    "disqus",
    "extra",
    "footer",
    "gdpr",
    "header",
    "legends",
    "menu",
    "related",
    "remark",
    "replies",
    "rss",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "social",
    "sponsor",
    "supplemental",
    "ad-break",
    "agegate",
    "pagination",
    "pager",
    "popup",
    "yom-remote",
]);

/// Words that rescue an element matching [`UNLIKELY`].
static MAYBE_CANDIDATE: Words =
    Words::new(&["and", "article", "body", "column", "content", "main", "mathjax", "shadow"]);

/// Words that raise an element's content weight.
static POSITIVE: Words = Words::new(&[
    "article",
    "body",
    "content",
    "entry",
    "hentry",
    "h-entry",
    "main",
    "page",
    "pagination",
    "post",
    "text",
    "blog",
    "story",
]);

/// Words that lower an element's content weight.
static NEGATIVE: Words = Words::new(&[
    "banner",
    "combx",
    "comment",
    "com-",
    "contact",
    "footer",
    "gdpr",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "widget",
]);

/// Words of author lines.
static BYLINE: Words = Words::new(&["byline", "author", "dateline", "writtenby", "p-author"]);

/// Words of share bars.
const SHARE: &[&str] = &["share", "sharedaddy"];

/// ARIA roles of parts that are never the article.
pub const UNLIKELY_ROLES: &[&str] =
    &["menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog"];

/// A word list with tables, per byte, of the words that start with that
/// byte and of those whose second byte it is, so that a search compares
/// only the words that both bytes at a position allow.
pub struct Words {
    list: &'static [&'static str],
    /// Bit `i` of entry `b` is set when word `i` starts with byte `b`.
    first: [u64; 256],
    /// Bit `i` of entry `b` is set when byte `b` is second in word `i`.
    second: [u64; 256],
}

impl Words {
    /// Builds the tables; lists are limited to 64 words, one bit each, of
    /// two bytes or more.
    pub const fn new(list: &'static [&'static str]) -> Self {
        assert!(list.len() <= 64, "a word list has at most 64 words");
        let mut first = [0u64; 256];
        let mut second = [0u64; 256];
        let mut index = 0;
        while index < list.len() {
            let word = list[index].as_bytes();
            assert!(word.len() >= 2, "words have two bytes or more");
            first[word[0] as usize] |= 1 << index;
            second[word[1] as usize] |= 1 << index;
            index += 1;
        }
        Self { list, first, second }
    }
}

/// Returns true when any word of `words` occurs in `haystack`.
pub fn contains_any(haystack: &str, words: &Words) -> bool {
    let bytes = haystack.as_bytes();
    for start in 0..bytes.len().saturating_sub(1) {
        let mut candidates = words.first[usize::from(bytes[start])] & words.second[usize::from(bytes[start + 1])];
        while candidates != 0 {
            let index = candidates.trailing_zeros() as usize;
            candidates &= candidates - 1;
            let word = words.list[index].as_bytes();
            if bytes.len() - start >= word.len() && bytes[start + 2..start + word.len()] == word[2..] {
                return true;
            }
        }
    }
    false
}

/// Returns true when the lower-cased `class id` string names an unlikely
/// part of the page.
pub fn is_unlikely(class_and_id: &str) -> bool {
    !class_and_id.is_empty() && contains_any(class_and_id, &UNLIKELY) && !contains_any(class_and_id, &MAYBE_CANDIDATE)
}

/// Returns true when a lower-cased `class` or `id` value marks content.
pub fn is_positive(value: &str) -> bool {
    contains_any(value, &POSITIVE)
}

/// Returns true when a lower-cased `class` or `id` value marks boilerplate.
pub fn is_negative(value: &str) -> bool {
    contains_any(value, &NEGATIVE) || is_hidden_word(value)
}

/// Matches the word "hid" (hidden) as a whole class token or the word
/// "hidden" anywhere.
fn is_hidden_word(value: &str) -> bool {
    value.contains("hidden") || value.split_whitespace().any(|token| token == "hid")
}

/// Returns true when a lower-cased `class id` string names an author line.
pub fn is_byline(class_and_id: &str) -> bool {
    contains_any(class_and_id, &BYLINE)
}

/// Returns true when a lower-cased `class id` string names a share bar.
pub fn is_share(class_and_id: &str) -> bool {
    class_and_id.split(|c: char| !c.is_alphanumeric()).any(|token| SHARE.contains(&token))
}

/// Returns true when text reads like an advertisement label or a loading
/// placeholder, in the languages most pages use.
pub fn is_ad_or_loading_text(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    const AD_WORDS: &[&str] = &[
        "ad",
        "advertising",
        "advertisement",
        "pub",
        "publicité",
        "werbung",
        "anzeige",
        "广告",
        "реклама",
        "anuncio",
        "pubblicità",
        "reklama",
    ];
    let stripped = lower.trim_end_matches(['.', '…', ' ']);
    AD_WORDS.contains(&stripped) || LOADING_WORDS.contains(&stripped)
}

/// Loading placeholders, lower-cased, in the languages most pages use.
const LOADING_WORDS: &[&str] =
    &["loading", "正在加载", "загрузка", "chargement", "cargando", "wird geladen", "caricamento"];

/// Returns true when `word` is a loading placeholder rather than an
/// advertisement label.
pub fn is_loading_word(word: &str) -> bool {
    LOADING_WORDS.contains(&word.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unlikely_rescued_by_content() {
        assert!(is_unlikely("sidebar"));
        assert!(!is_unlikely("sidebar main-content"));
    }

    #[test]
    fn share_matches_whole_token() {
        assert!(is_share("post share-bar"));
        assert!(!is_share("shared-content"));
    }
}
