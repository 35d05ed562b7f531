//! Page metadata: title, byline, site name, dates, language, images.
//!
//! Sources are read in order of trust: schema.org JSON-LD, then Dublin
//! Core, Open Graph and Twitter `<meta>` tags, then plain `<meta name>`
//! tags, then the `<title>` element with its site-name suffix removed. This
//! runs on the parsed page before preparation removes scripts and `<meta>`.
//!
//! A title the page declares in JSON-LD or a `<meta>` tag is kept as
//! written, site name included, because the publisher chose it for sharing
//! (Readability.js 0.6.0 does the same). Only the `<title>` text, which browsers
//! show in tabs and which usually carries the site name, loses it.

use std::collections::HashMap;

use html5ever::local_name;

use super::candidates::text_similarity;
use super::dom::{Dom, NodeId, ROOT};
use super::jsonld::{JsonLd, read_json_ld};
use super::text::{collapse_whitespace, inner_text, text_content};

/// Metadata found in the page outside the article body.
#[derive(Debug, Default, Clone)]
pub struct Metadata {
    pub title: String,
    pub byline: Option<String>,
    pub excerpt: Option<String>,
    pub site_name: Option<String>,
    pub published_time: Option<String>,
    pub lang: Option<String>,
    pub dir: Option<String>,
    pub canonical_url: Option<String>,
    pub lead_image: Option<String>,
    /// The article body the page declares in JSON-LD, as plain text or
    /// markup (see [`super::declared`]).
    pub declared_body: Option<String>,
    /// The `href` of the page's first `<base>` element, which relative
    /// links resolve against.
    pub base_href: Option<String>,
}

/// Property prefixes read from `<meta property>`.
const PROPERTY_PREFIXES: &[&str] = &["article", "dc", "dcterm", "og", "twitter"];
/// Property names read from `<meta property>`.
const PROPERTY_NAMES: &[&str] =
    &["author", "creator", "description", "published_time", "title", "site_name", "image", "url"];
/// Prefixes accepted in `<meta name>`.
const NAME_PREFIXES: &[&str] = &["dc", "dcterm", "og", "twitter", "parsely", "weibo:article", "weibo:webpage"];
/// Names accepted in `<meta name>`, alone or after a prefix.
const NAME_NAMES: &[&str] = &["author", "creator", "pub-date", "description", "title", "site_name", "image"];

/// Normalises a `<meta property>` value to `prefix:name`, taking the first
/// recognised pair anywhere in it, so `og:article:author` reads as
/// `article:author`.
fn property_key(property: &str) -> Option<String> {
    let lower = property.to_lowercase();
    for (colon, _) in lower.match_indices(':') {
        let before = lower[..colon].trim_end();
        let prefix_start = before
            .char_indices()
            .rev()
            .find(|&(_, c)| !c.is_ascii_alphabetic())
            .map_or(0, |(index, c)| index + c.len_utf8());
        let prefix = &before[prefix_start..];
        let after = lower[colon + 1..].trim_start();
        let name_end = after.find(|c: char| !(c.is_ascii_alphabetic() || c == '_')).unwrap_or(after.len());
        let name = &after[..name_end];
        if PROPERTY_PREFIXES.contains(&prefix) && PROPERTY_NAMES.contains(&name) {
            return Some(format!("{prefix}:{name}"));
        }
    }
    None
}

/// Normalises a `<meta name>` value such as `DC.creator` to `dc:creator`;
/// names outside the recognised set give `None`.
fn name_key(name: &str) -> Option<String> {
    let lower: String = name.trim().to_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
    let recognised = NAME_NAMES.contains(&lower.as_str())
        || NAME_PREFIXES.iter().any(|prefix| {
            lower
                .strip_prefix(prefix)
                .and_then(|rest| rest.strip_prefix(['-', '.', ':']))
                .is_some_and(|name| NAME_NAMES.contains(&name))
        });
    recognised.then(|| lower.replace('.', ":"))
}

/// Collects the `<meta>` values the fields below read from the elements
/// of `head_elements` that are `<meta>`. Later tags win.
fn meta_values(dom: &Dom, head_elements: &[NodeId]) -> HashMap<String, String> {
    let mut values = HashMap::new();
    for &meta in head_elements.iter().filter(|&&element| dom.is(element, &local_name!("meta"))) {
        let Some(content) = dom.attr(meta, "content").map(str::trim).filter(|c| !c.is_empty()) else {
            continue;
        };
        let mut matched = false;
        if let Some(key) = dom.attr(meta, "property").and_then(property_key) {
            values.insert(key, content.to_string());
            matched = true;
        }
        if !matched {
            if let Some(key) = dom.attr(meta, "name").and_then(name_key) {
                values.insert(key, content.to_string());
            }
        }
        if dom.attr(meta, "itemprop") == Some("image") {
            values.entry("itemprop:image".into()).or_insert_with(|| content.to_string());
        }
    }
    values
}

fn first<'a>(values: &'a HashMap<String, String>, keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|key| values.get(*key).map(String::as_str))
}

fn looks_like_url(text: &str) -> bool {
    text.starts_with("http://") || text.starts_with("https://") || text.starts_with("//")
}

/// Reads every metadata field from the parsed page.
pub fn read_metadata(dom: &Dom) -> Metadata {
    // One walk lists the elements of all four kinds, in document order.
    let head_elements =
        dom.find_all(ROOT, &[local_name!("meta"), local_name!("script"), local_name!("link"), local_name!("base")]);
    let values = meta_values(dom, &head_elements);
    let scripts: Vec<String> = head_elements
        .iter()
        .copied()
        .filter(|&script| {
            dom.is(script, &local_name!("script"))
                && dom.attr(script, "type").is_some_and(|kind| kind.trim().eq_ignore_ascii_case("application/ld+json"))
        })
        .map(|script| text_content(dom, script))
        .collect();
    let json_ld = read_json_ld(scripts.iter().map(String::as_str)).unwrap_or_default();
    let site_name = json_ld.site_name.clone().or_else(|| first(&values, &["og:site_name"]).map(str::to_string));
    let document_title = strip_site_suffix(&document_title(dom), site_name.as_deref());

    let title = json_ld_title(&json_ld, &document_title)
        .or_else(|| {
            first(
                &values,
                &[
                    "dc:title",
                    "dcterm:title",
                    "og:title",
                    "weibo:article:title",
                    "weibo:webpage:title",
                    "title",
                    "twitter:title",
                    "parsely-title",
                ],
            )
            .map(str::to_string)
        })
        .unwrap_or(document_title);

    let article_author = values.get("article:author").filter(|author| !looks_like_url(author));
    let byline = json_ld.byline.clone().or_else(|| {
        first(&values, &["dc:creator", "dcterm:creator", "author", "parsely-author"])
            .or(article_author.map(String::as_str))
            .map(str::to_string)
    });
    let excerpt = json_ld.description.clone().or_else(|| {
        first(
            &values,
            &[
                "dc:description",
                "dcterm:description",
                "og:description",
                "weibo:article:description",
                "weibo:webpage:description",
                "description",
                "twitter:description",
            ],
        )
        .map(str::to_string)
    });
    let published_time = json_ld
        .published
        .clone()
        .or_else(|| first(&values, &["article:published_time", "parsely-pub-date"]).map(str::to_string));
    let lead_image =
        first(&values, &["og:image", "twitter:image", "itemprop:image"]).map(str::to_string).or(json_ld.image.clone());

    let html = dom.html_element();
    let lang = html
        .and_then(|html| dom.attr(html, "lang").or_else(|| dom.attr(html, "xml:lang")))
        .map(|lang| lang.trim().to_string())
        .filter(|lang| !lang.is_empty());
    let dir = html.and_then(|html| dom.attr(html, "dir")).map(|dir| dir.trim().to_lowercase());

    let canonical_url = head_elements
        .iter()
        .copied()
        .find(|&link| {
            dom.is(link, &local_name!("link"))
                && dom
                    .attr(link, "rel")
                    .is_some_and(|rel| rel.split_whitespace().any(|r| r.eq_ignore_ascii_case("canonical")))
        })
        .and_then(|link| dom.attr(link, "href"))
        .or_else(|| first(&values, &["og:url"]))
        .map(|href| href.trim().to_string())
        .filter(|href| !href.is_empty());

    let base_href = head_elements
        .iter()
        .copied()
        .find(|&base| dom.is(base, &local_name!("base")))
        .and_then(|base| dom.attr(base, "href"))
        .map(str::to_string);

    Metadata {
        title: unescape(&collapse_whitespace(&title)),
        byline: byline.map(|b| unescape(&collapse_whitespace(&b))),
        excerpt: excerpt.map(|e| unescape(e.trim())),
        site_name: site_name.map(|s| unescape(s.trim())),
        published_time: published_time.map(|p| p.trim().to_string()),
        lang,
        dir,
        canonical_url,
        lead_image,
        declared_body: json_ld.body,
        base_href,
    }
}

/// Picks between JSON-LD `name` and `headline`: when both exist and differ,
/// the one closer to the document title wins.
fn json_ld_title(json_ld: &JsonLd, document_title: &str) -> Option<String> {
    match (&json_ld.name, &json_ld.headline) {
        (Some(name), Some(headline)) if name != headline => {
            let name_matches = text_similarity(name, document_title) > 0.75;
            let headline_matches = text_similarity(headline, document_title) > 0.75;
            Some(if headline_matches && !name_matches { headline.clone() } else { name.clone() })
        }
        (Some(name), _) => Some(name.clone()),
        (None, Some(headline)) => Some(headline.clone()),
        (None, None) => None,
    }
}

/// Separators between a headline and a site name in `<title>`.
const SEPARATORS: &[char] = &['|', '-', '–', '—', '\\', '/', '>', '»'];
const HIERARCHY_SEPARATORS: &[char] = &['\\', '/', '>', '»'];

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Positions of separators that have a space on both sides.
fn spaced_separators(text: &str) -> Vec<(usize, char)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut found = Vec::new();
    for window in chars.windows(3) {
        if window[0].1 == ' ' && window[2].1 == ' ' && SEPARATORS.contains(&window[1].1) {
            found.push((window[0].0, window[1].1));
        }
    }
    found
}

/// Returns the `<title>` text without a site-name part, keeping the whole
/// title when what is left is too short to be a headline.
fn document_title(dom: &Dom) -> String {
    let original = dom.find_first(ROOT, &local_name!("title")).map(|title| inner_text(dom, title)).unwrap_or_default();
    let mut title = original.clone();
    let separators = spaced_separators(&original);
    let mut hierarchical = false;

    if let Some(&(last, _)) = separators.last() {
        hierarchical = separators.iter().any(|(_, c)| HIERARCHY_SEPARATORS.contains(c));
        title = original[..last].to_string();
        if words(&title) < 3 {
            let after_first = original.find(SEPARATORS).map_or("", |index| {
                let separator_length = original[index..].chars().next().map_or(1, char::len_utf8);
                &original[index + separator_length..]
            });
            title = after_first.to_string();
        }
    } else if title.contains(": ") {
        let headings = dom.find_all(ROOT, &[local_name!("h1"), local_name!("h2")]);
        let heading_matches = headings.iter().any(|&h| inner_text(dom, h) == title.trim());
        if !heading_matches {
            let after_last = original.rfind(':').map_or(original.as_str(), |i| &original[i + 1..]);
            title = after_last.to_string();
            if words(&title) < 3 {
                let after_first = original.find(':').map_or(original.as_str(), |i| &original[i + 1..]);
                title = after_first.to_string();
            } else if original.find(':').is_some_and(|i| words(&original[..i]) > 5) {
                title = original.clone();
            }
        }
    } else if title.chars().count() > 150 || title.chars().count() < 15 {
        let h1s = dom.find_all(ROOT, &[local_name!("h1")]);
        if h1s.len() == 1 {
            title = inner_text(dom, h1s[0]);
        }
    }

    title = collapse_whitespace(&title);
    let count = words(&title);
    let original_without_separators: String = original.chars().filter(|c| !SEPARATORS.contains(c)).collect();
    if count <= 4 && (!hierarchical || count + 1 != words(&original_without_separators)) {
        title = original;
    }
    title
}

/// Removes a trailing " | Site Name" (any common separator) from a title
/// when it names the site.
fn strip_site_suffix(title: &str, site_name: Option<&str>) -> String {
    let Some(site) = site_name.map(str::trim).filter(|site| !site.is_empty()) else {
        return title.to_string();
    };
    for (index, _) in spaced_separators(title).into_iter().rev() {
        let tail = title[index..].trim_start_matches([' ']).chars().skip(1).collect::<String>();
        if tail.trim().eq_ignore_ascii_case(site) && words(&title[..index]) >= 2 {
            return title[..index].trim().to_string();
        }
    }
    title.to_string()
}

/// Decodes the HTML entities that double-escaped metadata leaves behind.
pub fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let limit = rest.char_indices().nth(12).map_or(rest.len(), |(index, _)| index);
        let Some(end) = rest[..limit].find(';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "quot" => Some('"'),
            "amp" => Some('&'),
            "apos" => Some('\''),
            "lt" => Some('<'),
            "gt" => Some('>'),
            _ => entity.strip_prefix('#').and_then(|number| {
                let code = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => number.parse::<u32>().ok(),
                };
                // Readability turns NUL, surrogates and out-of-range
                // numbers into U+FFFD, as the HTML parser does.
                code.map(|code| char::from_u32(code).filter(|&c| c != '\0').unwrap_or('\u{FFFD}'))
            }),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_href_from_first_base() {
        let page = |html: &str| read_metadata(&super::super::parse::parse_html(html)).base_href;
        assert_eq!(page("<head><base href='/docs/'><base href='/other/'></head>").as_deref(), Some("/docs/"));
        assert_eq!(page("<head><base target=_top><base href='/other/'></head>"), None);
        assert_eq!(page("<p>No base here</p>"), None);
    }

    #[test]
    fn site_suffix_stripped_when_named() {
        assert_eq!(strip_site_suffix("Big news today | Daily", Some("Daily")), "Big news today");
        assert_eq!(strip_site_suffix("Big news today | Daily", Some("Other")), "Big news today | Daily");
    }

    #[test]
    fn unescape_double_escaped_entities() {
        assert_eq!(unescape("Tom &amp; Jerry &#39;s &#x41;"), "Tom & Jerry 's A");
        assert_eq!(unescape("a & b"), "a & b");
    }

    #[test]
    fn property_key_after_multibyte_character() {
        assert_eq!(property_key("é:title"), None);
        assert_eq!(property_key("xé og:title"), Some("og:title".to_string()));
        assert_eq!(property_key("artie\u{FFFD}>jp63:title"), None);
    }

    #[test]
    fn name_key_dublin_core() {
        assert_eq!(name_key("DC.creator").as_deref(), Some("dc:creator"));
        assert_eq!(name_key("author").as_deref(), Some("author"));
        assert_eq!(name_key("viewport"), None);
    }
}
