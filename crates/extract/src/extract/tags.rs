//! Tags read as the HTML tokenizer reads them, and written back with only
//! the attributes that extraction uses.
//!
//! Pages carry many attributes that no step of extraction reads (tracking
//! data, event handlers, sizes, ARIA labels). html5ever reads attribute
//! names one character at a time and builds a value for each, so the
//! scanner in [`super::prescan`] removes them before parsing. To find where
//! a tag ends, this module follows the tag states of the tokenizer in the
//! WHATWG HTML standard. A quoted value may contain `>`, an unquoted value
//! ends at whitespace, and a `/` counts only right before the `>`.

use super::bytes::is_tag_space;

/// Attributes that extraction or html5ever's tree builder reads; every
/// other attribute is removed before parsing. The tree builder reads
/// `type` on inputs in tables, `color`, `face` and `size` on fonts in SVG
/// or MathML, `encoding` on MathML annotations, `shadowrootmode` on
/// templates, and `charset`, `http-equiv` and `content` on metas.
/// [`super::dom::Dom::attr`] checks in debug builds that the attribute it
/// looks up is listed here.
pub const KEPT_ATTRIBUTES: &[&str] = &[
    "alt",
    "aria-hidden",
    "aria-modal",
    "charset",
    "class",
    "color",
    "colspan",
    "content",
    "data",
    "data-hi-res-src",
    "data-lazy",
    "data-lazy-src",
    "data-lazy-srcset",
    "data-original",
    "data-src",
    "data-srcset",
    "data-stp-hidden",
    "data-url",
    "datatable",
    "dir",
    "encoding",
    "face",
    "hidden",
    "href",
    "http-equiv",
    "id",
    "itemprop",
    "itemtype",
    "lang",
    "name",
    "property",
    "rel",
    "role",
    "shadowrootmode",
    "size",
    "src",
    "srcset",
    "start",
    "style",
    "summary",
    "type",
    "xml:lang",
];

/// Returns true when `name` is in [`KEPT_ATTRIBUTES`], ignoring ASCII case
/// as HTML does.
pub fn is_kept_attribute(name: &[u8]) -> bool {
    KEPT_ATTRIBUTES.iter().any(|kept| kept.len() == name.len() && kept.as_bytes().eq_ignore_ascii_case(name))
}

/// A tag that [`rewrite_tag`] read.
#[derive(Debug, PartialEq, Eq)]
pub struct Tag {
    /// Start and end of the tag name in the markup.
    pub name: (usize, usize),
    /// The tag ends in `/>`.
    pub self_closing: bool,
    /// Index just after the tag's `>`.
    pub end: usize,
}

/// Reads the tag that starts at `start`, which is a `<` followed by an
/// ASCII letter (a start tag) or by `/` and an ASCII letter (an end tag),
/// and writes it to `out` with only the kept attributes. End tags are
/// written without attributes, which the parser ignores on them. Returns
/// `None`, leaving `out` unchanged, when the markup ends inside the tag,
/// because the tokenizer then drops the tag.
pub fn rewrite_tag(html: &[u8], start: usize, out: &mut Vec<u8>) -> Option<Tag> {
    let end_tag = html.get(start + 1) == Some(&b'/');
    let name_start = start + if end_tag { 2 } else { 1 };
    let name_end = skip_until(html, name_start, |b| is_tag_space(b) || b == b'/' || b == b'>');
    let written = out.len();
    out.extend_from_slice(&html[start..name_end]);

    let mut index = name_end;
    let mut self_closing = false;
    loop {
        // The "before attribute name" state.
        index = skip_until(html, index, |b| !is_tag_space(b));
        match html.get(index) {
            None => {
                out.truncate(written);
                return None;
            }
            Some(b'>') => break,
            Some(b'/') => {
                // A solidus counts only right before the `>`; anywhere else
                // the tokenizer drops it and goes on with the attributes.
                index += 1;
                if html.get(index) == Some(&b'>') {
                    self_closing = true;
                    break;
                }
                continue;
            }
            Some(_) => {}
        }

        // The attribute name takes its first character whatever it is,
        // even `=`, then runs to whitespace, `/`, `>` or `=`.
        let attribute_start = index;
        let attribute_name_end =
            skip_until(html, index + 1, |b| is_tag_space(b) || b == b'/' || b == b'>' || b == b'=');
        let after_name = skip_until(html, attribute_name_end, |b| !is_tag_space(b));
        let attribute_end = if html.get(after_name) == Some(&b'=') {
            let Some(value_end) = value_end(html, after_name + 1) else {
                out.truncate(written);
                return None;
            };
            value_end
        } else {
            attribute_name_end
        };
        if !end_tag && is_kept_attribute(&html[attribute_start..attribute_name_end]) {
            out.push(b' ');
            out.extend_from_slice(&html[attribute_start..attribute_end]);
        }
        index = attribute_end;
    }

    // A space keeps the `/` out of an unquoted value written before it.
    out.extend_from_slice(if self_closing && !end_tag { b" />" } else { b">" });
    Some(Tag { name: (name_start, name_end), self_closing: self_closing && !end_tag, end: index + 1 })
}

/// Returns the index after an attribute value that starts after its `=`
/// at `index`, or `None` when the markup ends inside it. A `>` where the
/// value should start leaves the value empty and ends the tag.
fn value_end(html: &[u8], index: usize) -> Option<usize> {
    let index = skip_until(html, index, |b| !is_tag_space(b));
    match html.get(index)? {
        b'>' => Some(index),
        &quote @ (b'"' | b'\'') => {
            let length = super::bytes::find_byte(&html[index + 1..], quote)?;
            Some(index + 1 + length + 1)
        }
        _ => {
            let end = skip_until(html, index, |b| is_tag_space(b) || b == b'>');
            (end < html.len()).then_some(end)
        }
    }
}

/// Returns the index of the first byte from `index` on that matches
/// `stop`, or the length of `html` when none does.
fn skip_until(html: &[u8], index: usize, stop: impl Fn(u8) -> bool) -> usize {
    html.get(index..).and_then(|rest| rest.iter().position(|&b| stop(b))).map_or(html.len(), |offset| index + offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(html: &str) -> Option<(String, Tag)> {
        let mut out = Vec::new();
        let tag = rewrite_tag(html.as_bytes(), 0, &mut out)?;
        Some((String::from_utf8(out).expect("ASCII test input"), tag))
    }

    #[test]
    fn unused_attributes_removed() {
        let html = r#"<a data-track="x" HREF="/a" onclick='go()' class=big>text"#;
        let (out, tag) = rewrite(html).expect("tag");
        assert_eq!(out, r#"<a HREF="/a" class=big>"#);
        assert_eq!(&html[tag.end..], "text");
        assert!(!tag.self_closing);
    }

    #[test]
    fn quoted_value_may_contain_closing_bracket() {
        let (out, _) = rewrite(r#"<img alt="a > b" src=x.png>"#).expect("tag");
        assert_eq!(out, r#"<img alt="a > b" src=x.png>"#);
    }

    #[test]
    fn self_closing_kept_apart_from_unquoted_value() {
        let (out, tag) = rewrite("<img src=x.png/>").expect("tag");
        assert_eq!(out, "<img src=x.png/>");
        assert!(!tag.self_closing, "the solidus belongs to the unquoted value");
        let (out, tag) = rewrite("<path d=1 class=c />").expect("tag");
        assert_eq!(out, "<path class=c />");
        assert!(tag.self_closing);
    }

    #[test]
    fn odd_attribute_syntax_follows_tokenizer() {
        let (out, _) = rewrite(r#"<p =x class="a"id=b / title = "t" >"#).expect("tag");
        assert_eq!(out, r#"<p class="a" id=b>"#);
        let (out, _) = rewrite("<p class=>").expect("tag");
        assert_eq!(out, "<p class=>");
    }

    #[test]
    fn end_tag_loses_attributes() {
        let (out, tag) = rewrite(r#"</div class="x>y">after"#).expect("tag");
        assert_eq!(out, "</div>");
        assert_eq!(&r#"</div class="x>y">after"#[tag.end..], "after");
    }

    #[test]
    fn tag_cut_off_by_end_of_markup() {
        assert!(rewrite(r#"<a href="never closed>"#).is_none());
        assert!(rewrite("<a class=x").is_none());
        assert!(rewrite("<a").is_none());
    }
}
