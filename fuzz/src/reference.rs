//! The reference renderer for differential checks: pulldown-cmark with
//! the product's safety rules laid over its events, as the core rendered
//! posts before it had a Markdown parser of its own.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use summarize_to_post::render::html::is_allowed_link;

/// The Markdown extensions the product renders.
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// Renders Markdown with pulldown-cmark under the product's rules: raw HTML
/// as text, only allowed links, images as links to http(s) only, no link
/// inside a link, headings demoted by `demote` levels.
pub fn reference_html(markdown: &str, demote: u8) -> String {
    // For each open link or image, whether its start was written.
    let mut kept: Vec<bool> = Vec::new();
    let open = |allowed: bool, kept: &mut Vec<bool>| {
        let keep = allowed && !kept.contains(&true);
        kept.push(keep);
        keep
    };
    let events = Parser::new_ext(markdown, options()).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Heading { level, .. }) => Event::Start(Tag::Heading {
            level: demote_level(level, demote),
            id: None,
            classes: Vec::new(),
            attrs: Vec::new(),
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote_level(level, demote))),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            if open(is_allowed_link(&dest_url), &mut kept) {
                Event::Start(Tag::Link { link_type, dest_url, title, id })
            } else {
                Event::Text(CowStr::Borrowed(""))
            }
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            let allowed = is_allowed_link(&dest_url) && !dest_url.to_ascii_lowercase().starts_with("mailto:");
            if open(allowed, &mut kept) {
                Event::Start(Tag::Link { link_type, dest_url, title, id })
            } else {
                Event::Text(CowStr::Borrowed(""))
            }
        }
        Event::End(TagEnd::Link | TagEnd::Image) => {
            if kept.pop().unwrap_or(false) {
                Event::End(TagEnd::Link)
            } else {
                Event::Text(CowStr::Borrowed(""))
            }
        }
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

/// Makes two renderings comparable: quotes and apostrophes are written as
/// characters, whichever way either renderer escaped them, and runs of
/// spaces inside inline code are one space. pulldown-cmark keeps the
/// indentation of a paragraph's continuation line inside a code span that
/// wraps onto it, where CommonMark strips it.
pub fn normalise_html(html: &str) -> String {
    let html = html.replace("&quot;", "\"").replace("&#39;", "'").replace("&#x27;", "'");
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(start) = rest.find("<code>") {
        let inline = !rest[..start].ends_with("<pre>");
        let end = rest[start..].find("</code>").map_or(rest.len(), |end| start + end);
        out.push_str(&rest[..start]);
        if inline {
            out.push_str(&rest[start..end].split(' ').filter(|part| !part.is_empty()).collect::<Vec<_>>().join(" "));
        } else {
            out.push_str(&rest[start..end]);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn demote_level(level: HeadingLevel, by: u8) -> HeadingLevel {
    match (level as u8).saturating_add(by).min(6) {
        1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}
