//! Removal of script, style and inline SVG bodies before parsing.
//!
//! In the Readability test pages, script and style bodies are 45 % of the
//! bytes, and inline SVG about 8 % of the rest. None of them contains
//! article text, and the tokenizer would otherwise read them one character
//! state at a time. This scanner cuts their bodies out with byte searches and leaves
//! the tags, so the parser still sees where they were. JSON-LD scripts are
//! kept, as metadata reads them. Comments are removed whole, so a
//! `<script` written inside a comment changes nothing.

use std::borrow::Cow;

/// Elements whose bodies are removed, with their end-tag prefixes.
const RAW_TEXT: [(&[u8], &[u8]); 3] = [(b"<script", b"</script"), (b"<style", b"</style"), (b"<svg", b"</svg")];

/// Returns `html` with comments and the bodies of `<script>` (except
/// JSON-LD), `<style>` and `<svg>` elements removed.
pub fn strip_scripts_and_styles(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut index = 0;

    while let Some(offset) = find_byte(&bytes[index..], b'<') {
        let start = index + offset;
        let rest = &bytes[start..];
        if rest.starts_with(b"<!--") {
            // Comments go whole; `<!-->` and `<!--->` end where they start.
            let length = if rest.starts_with(b"<!-->") {
                5
            } else if rest.starts_with(b"<!--->") {
                6
            } else {
                match find(&rest[4..], b"-->") {
                    Some(end) => 4 + end + 3,
                    None => break,
                }
            };
            out.push_str(&html[copied..start]);
            copied = start + length;
            index = copied;
            continue;
        }

        let raw = RAW_TEXT.iter().find(|(open, _)| {
            starts_with_ignore_case(rest, open)
                && rest.get(open.len()).is_some_and(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
        });
        let Some((open, close)) = raw else {
            index = start + 1;
            continue;
        };
        let Some(open_length) = rest.iter().position(|&b| b == b'>') else { break };
        let body_start = start + open_length + 1;
        let opening = &bytes[start..body_start];
        if contains_ignore_case(opening, b"ld+json") || opening.ends_with(b"/>") {
            index = body_start;
            continue;
        }
        let body = &bytes[body_start..];
        let found = if *open == b"<svg" { find_svg_end(body) } else { find_ignore_case(body, close) };
        let Some(body_length) = found else { break };

        out.push_str(&html[copied..body_start]);
        copied = body_start + body_length;
        index = copied + close.len();
    }

    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// Finds the `</svg` that closes an SVG body, counting nested `<svg>`.
fn find_svg_end(body: &[u8]) -> Option<usize> {
    let mut depth = 0usize;
    let mut index = 0;
    while let Some(offset) = find_byte(&body[index..], b'<') {
        let start = index + offset;
        let rest = &body[start..];
        if starts_with_ignore_case(rest, b"</svg") {
            if depth == 0 {
                return Some(start);
            }
            depth -= 1;
        } else if starts_with_ignore_case(rest, b"<svg") {
            let self_closing = rest.iter().position(|&b| b == b'>').is_some_and(|end| rest[..end].ends_with(b"/"));
            if !self_closing {
                depth += 1;
            }
        }
        index = start + 1;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let first = needle[0];
    let mut index = 0;
    while let Some(offset) = find_byte(&haystack[index..], first) {
        let start = index + offset;
        if haystack[start..].starts_with(needle) {
            return Some(start);
        }
        index = start + 1;
    }
    None
}

/// Finds a byte eight bytes at a time, as `<` is rare in most of a page.
fn find_byte(haystack: &[u8], byte: u8) -> Option<usize> {
    const LOW_BITS: u64 = 0x0101_0101_0101_0101;
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let repeated = LOW_BITS * u64::from(byte);
    let mut chunks = haystack.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let value = u64::from_le_bytes(word) ^ repeated;
        // Some byte of `value` is zero exactly when this test is non-zero.
        if (value.wrapping_sub(LOW_BITS) & !value & HIGH_BITS) != 0 {
            break;
        }
        offset += 8;
    }
    haystack[offset..].iter().position(|&b| b == byte).map(|position| offset + position)
}

fn starts_with_ignore_case(haystack: &[u8], prefix: &[u8]) -> bool {
    haystack.len() >= prefix.len() && haystack[..prefix.len()].eq_ignore_ascii_case(prefix)
}

fn contains_ignore_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window.eq_ignore_ascii_case(needle))
}

/// Finds `needle`, which starts with `<`, ignoring ASCII case.
fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let mut index = 0;
    while let Some(offset) = find_byte(&haystack[index..], b'<') {
        let start = index + offset;
        if starts_with_ignore_case(&haystack[start..], needle) {
            return Some(start);
        }
        index = start + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_and_style_bodies_removed() {
        let html = "<p>a</p><script>if (a < b) x()</script><STYLE type=x>p{}</STYLE><p>b</p>";
        assert_eq!(strip_scripts_and_styles(html), "<p>a</p><script></script><STYLE type=x></STYLE><p>b</p>");
    }

    #[test]
    fn json_ld_script_kept() {
        let html = r#"<script type="application/ld+json">{"a":1}</script>"#;
        assert_eq!(strip_scripts_and_styles(html), html);
    }

    #[test]
    fn script_inside_comment_ignored() {
        let html = "<!-- <script> --><p>kept</p><!--><script>x</script>";
        assert_eq!(strip_scripts_and_styles(html), "<p>kept</p><script></script>");
    }

    #[test]
    fn nested_svg_body_removed() {
        let html = "<svg a=1><svg><path/></svg><g></g></svg><p>after</p>";
        assert_eq!(strip_scripts_and_styles(html), "<svg a=1></svg><p>after</p>");
    }

    #[test]
    fn find_byte_matches_position() {
        let text = b"0123456789abcdef<ghijklmnop<qr";
        for start in 0..text.len() {
            let expected = text[start..].iter().position(|&b| b == b'<');
            assert_eq!(find_byte(&text[start..], b'<'), expected, "from {start}");
        }
        assert_eq!(find_byte(b"", b'<'), None);
    }

    #[test]
    fn unclosed_script_left_to_parser() {
        let html = "<p>a</p><script>never closed";
        assert_eq!(strip_scripts_and_styles(html), html);
    }

    #[test]
    fn custom_element_named_like_script_kept() {
        let html = "<scripts>text</scripts>";
        assert_eq!(strip_scripts_and_styles(html), html);
    }
}
