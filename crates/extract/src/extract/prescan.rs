//! Reduction of the page's markup before parsing.
//!
//! html5ever spends most of extraction's time, and it reads tag and
//! attribute names one character at a time and sends each line break of
//! text as a token of its own. This scanner copies the page once and
//! leaves out what extraction never uses, so the parser reads less:
//!
//! - the bodies of `<script>` (JSON-LD excepted, as metadata reads it),
//!   `<style>` and `<svg>`: in the Readability test pages, script and
//!   style bodies are 45 % of the bytes, and inline SVG about 8 % of the
//!   rest;
//! - comments, whole, so a `<script` written inside one changes nothing;
//! - attributes outside [`super::tags::KEPT_ATTRIBUTES`];
//! - line breaks in text, which become spaces, outside `<pre>` and
//!   `<listing>`. A CR LF pair becomes one space, as the parser would
//!   make it one line feed, so text keeps its length in characters.
//!
//! The tags themselves stay, so the parser builds the same elements. The
//! text of `<title>`, `<textarea>` and the other elements the tokenizer
//! reads as raw text is copied unchanged, as tags inside it are text.

use super::bytes::{contains_ignore_case, find, find_byte, find_end_tag, find_line_break, find_script_end};
use super::tags::rewrite_tag;

/// Returns `html` without what extraction never uses, as listed above.
pub fn reduce_markup(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut preformatted = 0usize;
    let mut index = 0;

    while let Some(offset) = find_byte(&bytes[index..], b'<') {
        let start = index + offset;
        push_text(&mut out, &bytes[index..start], preformatted == 0);
        match reduce_markup_at(bytes, start, &mut out, &mut preformatted) {
            Ok(next) => index = next,
            Err(rest) => {
                // The scanner cannot tell where this markup ends, so the
                // rest of the page goes to the parser unchanged.
                out.extend_from_slice(&bytes[rest..]);
                index = bytes.len();
                break;
            }
        }
    }
    push_text(&mut out, &bytes[index..], preformatted == 0);

    // Every cut falls next to an ASCII byte, so the output is valid UTF-8;
    // the lossy fallback only keeps a mistake from becoming a panic.
    String::from_utf8(out).unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
}

/// Elements whose text the tokenizer reads raw, up to their end tag.
const RAW_TEXT_ELEMENTS: &[&[u8]] = &[b"title", b"textarea", b"xmp", b"iframe", b"noembed", b"noframes"];

/// Elements whose line breaks are content.
const PREFORMATTED_ELEMENTS: &[&[u8]] = &[b"pre", b"listing"];

/// Reduces the markup that starts with the `<` at `start` and returns
/// where scanning goes on, or `Err` with the index from which the rest of
/// the page must be copied unchanged.
fn reduce_markup_at(html: &[u8], start: usize, out: &mut Vec<u8>, preformatted: &mut usize) -> Result<usize, usize> {
    let rest = &html[start..];
    if rest.starts_with(b"<!--") {
        return comment_length(rest).map(|length| start + length).ok_or(start);
    }
    let second = rest.get(1).copied().unwrap_or(b' ');
    let third = rest.get(2).copied().unwrap_or(b' ');

    if second.is_ascii_alphabetic() {
        let tag = rewrite_tag(html, start, out).ok_or(start)?;
        return skip_element_body(html, &tag, out, preformatted);
    }
    if second == b'/' && third.is_ascii_alphabetic() {
        let tag = rewrite_tag(html, start, out).ok_or(start)?;
        let name = &html[tag.name.0..tag.name.1];
        if is_one_of(name, PREFORMATTED_ELEMENTS) {
            *preformatted = preformatted.saturating_sub(1);
        }
        return Ok(tag.end);
    }
    if matches!(second, b'!' | b'?' | b'/') {
        // A doctype or a bogus comment, which ends at the first `>`.
        let end = find_byte(rest, b'>').ok_or(start)?;
        out.extend_from_slice(&rest[..=end]);
        return Ok(start + end + 1);
    }
    out.push(b'<');
    Ok(start + 1)
}

/// Handles what follows the start tag `tag`: skips the bodies that are
/// never content, copies raw text unchanged, and counts preformatted
/// elements. Returns where scanning goes on, as [`reduce_markup_at`] does.
fn skip_element_body(
    html: &[u8],
    tag: &super::tags::Tag,
    out: &mut Vec<u8>,
    preformatted: &mut usize,
) -> Result<usize, usize> {
    let name = &html[tag.name.0..tag.name.1];
    let body = &html[tag.end..];

    // A `/>` does not close a script or a style in HTML, so the body
    // follows even then.
    if name.eq_ignore_ascii_case(b"script") {
        let length = find_script_end(body).ok_or(tag.end)?;
        // JSON-LD stays for metadata. Its type may be written with
        // character references (`ld&#x2B;json`), which are not decoded here.
        let opening = &html[tag.name.1..tag.end];
        if contains_ignore_case(opening, b"ld+json") || contains_ignore_case(opening, b"ld&") {
            out.extend_from_slice(&body[..length]);
        }
        return Ok(tag.end + length);
    }
    if name.eq_ignore_ascii_case(b"style") {
        let length = find_end_tag(body, b"style").ok_or(tag.end)?;
        return Ok(tag.end + length);
    }
    if name.eq_ignore_ascii_case(b"svg") {
        if tag.self_closing {
            return Ok(tag.end);
        }
        return find_svg_end(body).map(|length| tag.end + length).ok_or(tag.end);
    }
    if let Some(&lower) = RAW_TEXT_ELEMENTS.iter().find(|element| name.eq_ignore_ascii_case(element)) {
        let length = find_end_tag(body, lower).ok_or(tag.end)?;
        out.extend_from_slice(&body[..length]);
        return Ok(tag.end + length);
    }
    if name.eq_ignore_ascii_case(b"plaintext") {
        return Err(tag.end);
    }
    if is_one_of(name, PREFORMATTED_ELEMENTS) {
        *preformatted += 1;
    }
    Ok(tag.end)
}

fn is_one_of(name: &[u8], names: &[&[u8]]) -> bool {
    names.iter().any(|candidate| name.eq_ignore_ascii_case(candidate))
}

/// Returns the length of the comment at the start of `markup`, or `None`
/// when it runs to the end. A comment ends at `-->` or `--!>`, and
/// `<!-->` and `<!--->` end where they start.
fn comment_length(markup: &[u8]) -> Option<usize> {
    if markup.starts_with(b"<!-->") {
        return Some(5);
    }
    if markup.starts_with(b"<!--->") {
        return Some(6);
    }
    let mut index = 4;
    loop {
        index += find(&markup[index..], b"--")?;
        let after = &markup[index + 2..];
        if after.starts_with(b">") {
            return Some(index + 3);
        }
        if after.starts_with(b"!>") {
            return Some(index + 4);
        }
        index += 1;
    }
}

/// HTML elements whose start tag ends SVG content, so that the parser puts
/// them and what follows outside the `<svg>`. The list is that of the
/// WHATWG HTML standard's rules for tokens in foreign content, as
/// html5ever 0.40 implements them. `font` breaks out only with a `color`,
/// `face` or `size` attribute, but any `font` counts here.
const SVG_BREAKOUT_ELEMENTS: &[&[u8]] = &[
    b"b",
    b"big",
    b"blockquote",
    b"body",
    b"br",
    b"center",
    b"code",
    b"dd",
    b"div",
    b"dl",
    b"dt",
    b"em",
    b"embed",
    b"font",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"head",
    b"hr",
    b"i",
    b"img",
    b"li",
    b"listing",
    b"menu",
    b"meta",
    b"nobr",
    b"ol",
    b"p",
    b"pre",
    b"ruby",
    b"s",
    b"small",
    b"span",
    b"strong",
    b"strike",
    b"sub",
    b"sup",
    b"table",
    b"tt",
    b"u",
    b"ul",
    b"var",
];

/// Finds the `</svg` that closes an SVG body. Returns `None`, so that the
/// body stays for the parser, when an element in it would end the SVG
/// earlier: an HTML element that breaks out of it, or an end tag of an
/// element opened before the `<svg>`.
fn find_svg_end(body: &[u8]) -> Option<usize> {
    // Names of the elements open inside the body, innermost last.
    let mut open: Vec<&[u8]> = Vec::new();
    let mut index = 0;
    while let Some(offset) = find_byte(&body[index..], b'<') {
        let start = index + offset;
        index = start + 1;
        let rest = &body[start..];
        let end_tag = rest.get(1) == Some(&b'/');
        let name_start = if end_tag { 2 } else { 1 };
        if !rest.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_length = rest[name_start..]
            .iter()
            .position(|&b| super::bytes::is_tag_space(b) || b == b'/' || b == b'>')
            .unwrap_or(rest.len() - name_start);
        let name = &rest[name_start..name_start + name_length];

        if end_tag {
            if open.is_empty() && name.eq_ignore_ascii_case(b"svg") {
                return Some(start);
            }
            let position = open.iter().rposition(|opened| opened.eq_ignore_ascii_case(name))?;
            open.truncate(position);
            continue;
        }
        if is_one_of(name, SVG_BREAKOUT_ELEMENTS) {
            return None;
        }
        let tag_end = find_byte(rest, b'>')?;
        if !rest[..tag_end].ends_with(b"/") {
            open.push(name);
        }
    }
    None
}

/// Appends text to `out`, turning line breaks into spaces when `fold` is
/// set.
fn push_text(out: &mut Vec<u8>, text: &[u8], fold: bool) {
    let from = out.len();
    out.extend_from_slice(text);
    if !fold {
        return;
    }

    // Line feeds alone become spaces where they are. Line breaks are rare
    // in most text, so the search skips ahead to them.
    let added = &mut out[from..];
    let mut at = 0;
    loop {
        let Some(offset) = find_line_break(&added[at..]) else {
            return;
        };
        if added[at + offset] == b'\r' {
            break;
        }
        added[at + offset] = b' ';
        at += offset + 1;
    }

    // A CR LF pair becomes one space, so the text after it moves left.
    let length = out.len();
    let mut read = from;
    let mut write = from;
    while read < length {
        let byte = out[read];
        read += 1;
        if byte == b'\r' && out.get(read) == Some(&b'\n') {
            read += 1;
        }
        out[write] = if byte == b'\r' || byte == b'\n' { b' ' } else { byte };
        write += 1;
    }
    out.truncate(write);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_and_style_bodies_removed() {
        let html = "<p>a</p><script>if (a < b) x()</script><STYLE type=x>p{}</STYLE><p>b</p>";
        assert_eq!(reduce_markup(html), "<p>a</p><script></script><STYLE type=x></STYLE><p>b</p>");
    }

    #[test]
    fn json_ld_script_kept() {
        let html = r#"<script type="application/ld+json">{"a":"<b>"}</script>"#;
        assert_eq!(reduce_markup(html), html);
    }

    #[test]
    fn script_end_inside_escaped_comment_skipped() {
        let html = "<script><!-- <script src=a.js></script> --></script><p>after</p>";
        assert_eq!(reduce_markup(html), "<script></script><p>after</p>");
    }

    #[test]
    fn json_ld_type_with_character_reference_kept() {
        let html = r#"<script type="application&#x2F;ld&#x2B;json">{"a":1}</script>"#;
        assert_eq!(reduce_markup(html), html);
    }

    #[test]
    fn self_closed_script_still_has_body() {
        let html = "<script src=a.js /><p>not markup</p></script><p>after</p>";
        assert_eq!(reduce_markup(html), "<script src=a.js /></script><p>after</p>");
    }

    #[test]
    fn script_inside_comment_ignored() {
        let html = "<!-- <script> --><p>kept</p><!--><script>x</script><!-- a --!><p>b</p>";
        assert_eq!(reduce_markup(html), "<p>kept</p><script></script><p>b</p>");
    }

    #[test]
    fn nested_svg_body_removed() {
        let html = "<svg a=1><svg><path/></svg><g></g></svg><p>after</p>";
        assert_eq!(reduce_markup(html), "<svg></svg><p>after</p>");
    }

    #[test]
    fn unclosed_script_left_to_parser() {
        let html = "<p>a</p><script>never closed";
        assert_eq!(reduce_markup(html), html);
    }

    #[test]
    fn custom_element_named_like_script_kept() {
        let html = "<scripts>text</scripts>";
        assert_eq!(reduce_markup(html), html);
    }

    #[test]
    fn line_breaks_folded_outside_preformatted_text() {
        let html = "<p>one\r\ntwo\rthree\nfour</p><pre>a\nb</pre>\n<p>c\nd</p>";
        assert_eq!(reduce_markup(html), "<p>one two three four</p><pre>a\nb</pre> <p>c d</p>");
    }

    #[test]
    fn raw_text_copied_unchanged() {
        let html = "<title>A <b onclick=x>\nB</title><textarea>x\n<i data-a=1></textarea>";
        assert_eq!(reduce_markup(html), html);
    }

    #[test]
    fn bogus_comment_read_to_bracket() {
        let html = "<!DOCTYPE html><? <script> ?></ <style>><p>x</p>";
        assert_eq!(reduce_markup(html), html);
    }

    #[test]
    fn less_than_sign_in_text_kept() {
        assert_eq!(reduce_markup("<p>1 < 2 <3</p>"), "<p>1 < 2 <3</p>");
    }

    #[test]
    fn multibyte_text_survives() {
        let html = "<p data-x=\"ü\">日本語\nテキスト</p><p title='é'>é</p>";
        assert_eq!(reduce_markup(html), "<p>日本語 テキスト</p><p>é</p>");
    }
}
