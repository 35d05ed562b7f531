//! Markdown that is safe to paste into an editor that renders it.
//!
//! Many Markdown editors and blog engines render raw HTML inside Markdown,
//! and every one of them loads images. So in the Markdown flavour of the
//! post, model and page text get the same treatment as in the HTML flavour.
//! Raw HTML shows as text: its `<` is escaped as `\<`, which CommonMark shows
//! as a literal `<`. Images become links, which load nothing by themselves.
//! A link whose URL is not `http`, `https` or `mailto` (a `javascript:`
//! autolink, say) shows as text, because its opening `[` or `<` is escaped.

use pulldown_cmark::{Event, Options, Parser, Tag};

use super::html::is_allowed_link;

/// Rounds of escaping before every `<` outside code is escaped at once; one
/// round is almost always enough.
const MAX_ROUNDS: usize = 4;

/// Returns `text` with raw HTML escaped and images rewritten as links;
/// everything else renders as before.
pub fn neutralise(text: &str) -> String {
    let mut current = text.to_string();

    // Escaping a `<` can make the parser read the text around it
    // differently, so the pass repeats until no raw HTML is left.
    for _ in 0..MAX_ROUNDS {
        match one_pass(&current) {
            Some(next) => current = next,
            None => return current,
        }
    }
    escape_all_markup(&current)
}

/// Escapes every `<` in text and raw HTML, drops the `!` of every image and
/// escapes the start of every unsafe link. Returns `None` when the text
/// contains none of them.
fn one_pass(text: &str) -> Option<String> {
    let mut drops = Vec::new();
    let mut escapes = Vec::new();
    let mut has_markup = false;

    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Image { .. }) if text[range.clone()].starts_with('!') => {
                has_markup = true;
                drops.push(range.start);
            }
            Event::Start(Tag::Link { dest_url, .. }) if !is_allowed_link(&dest_url) => {
                has_markup = true;
                escapes.push(range.start);
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                has_markup = true;
                escapes.extend(unescaped_angles(text, range));
            }
            // A `\<` in text renders as `<`, so escaping text changes nothing
            // a reader sees but keeps the `<` from starting markup later.
            Event::Text(_) => escapes.extend(unescaped_angles(text, range)),
            _ => {}
        }
    }
    if !has_markup {
        return None;
    }

    drops.sort_unstable();
    escapes.sort_unstable();
    escapes.dedup();
    let mut out = String::with_capacity(text.len() + escapes.len());
    for (index, c) in text.char_indices() {
        if drops.binary_search(&index).is_ok() {
            continue;
        }
        if escapes.binary_search(&index).is_ok() {
            out.push('\\');
        }
        out.push(c);
    }
    Some(out)
}

/// Returns the offsets of each `<` in `range` that no backslash escapes yet.
/// (A link's opening `[` is escaped separately, by its offset.)
fn unescaped_angles(text: &str, range: std::ops::Range<usize>) -> Vec<usize> {
    text[range.clone()]
        .match_indices('<')
        .map(|(index, _)| range.start + index)
        .filter(|&index| !is_escaped(text, index))
        .collect()
}

/// True when an odd number of backslashes precedes `index`, so the
/// character there is already escaped.
fn is_escaped(text: &str, index: usize) -> bool {
    let backslashes = text.as_bytes()[..index].iter().rev().take_while(|&&b| b == b'\\').count();
    backslashes % 2 == 1
}

/// Escapes every character that can start markup (`<`, `!`, `[`) and every
/// backslash, code included: the last resort for input that still parses
/// as raw HTML or an unsafe link after several rounds.
fn escape_all_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        if matches!(c, '<' | '!' | '[' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::html::markdown_to_html;

    #[test]
    fn images_become_links() {
        assert_eq!(
            neutralise("Hi ![pixel](https://t.example/p.png) and `![code](x)` and\n\n![b](/c.png \"t\")!"),
            "Hi [pixel](https://t.example/p.png) and `![code](x)` and\n\n\\[b](/c.png \"t\")!"
        );
        assert_eq!(neutralise("![![inner](a.png)](b.png)"), "\\[\\[inner](a.png)](b.png)");
    }

    #[test]
    fn raw_html_is_escaped() {
        assert_eq!(
            neutralise("Hi <img src=x onerror=alert(1)> and 5 < 6\n\n<script>\nalert(1)\n</script>"),
            "Hi \\<img src=x onerror=alert(1)> and 5 \\< 6\n\n\\<script>\nalert(1)\n\\</script>"
        );
    }

    #[test]
    fn escaping_reaches_a_fixpoint() {
        // Escaping the second `<?` once made the first one start raw HTML.
        let neutral = neutralise("777\r\u{e}<?\n<?>");
        assert_eq!(neutral, "777\r\u{e}\\<?\n\\<?>");
        assert!(one_pass(&neutral).is_none());
    }

    #[test]
    fn unsafe_links_become_text() {
        assert_eq!(
            neutralise("<javascript:alert(1)> and [x](javascript:y)"),
            "\\<javascript:alert(1)> and \\[x](javascript:y)"
        );
        assert_eq!(neutralise("[a][r]\n\n[r]: vbscript:x"), "\\[a]\\[r]\n\n[r]: vbscript:x");
        assert_eq!(neutralise("[ok](https://example.com) <mailto:a@b.c>"), "[ok](https://example.com) <mailto:a@b.c>");
    }

    #[test]
    fn stubborn_input_is_fully_escaped() {
        let text = "<<?!!!!!!!!!![|)]()]M_!!!!!!!!!!!!!??";
        let neutral = neutralise(text);
        assert!(one_pass(&neutral).is_none(), "{neutral:?} still holds markup");
    }

    #[test]
    fn escaped_backslash_does_not_hide_markup() {
        let neutral = neutralise("\\\\<img src=x onerror=y> and \\\\[a](javascript:b)");
        assert!(one_pass(&neutral).is_none(), "{neutral:?} still holds markup");
        assert!(is_escaped("a\\<", 2));
        assert!(!is_escaped("a\\\\<", 3));
    }

    #[test]
    fn code_and_autolinks_stay() {
        let text = "Use `<b>` or\n\n```html\n<b>bold</b>\n```\n\nSee <https://example.com>.";
        assert_eq!(neutralise(text), text);
        assert_eq!(neutralise("no markup at all"), "no markup at all");
    }

    #[test]
    fn neutralised_markdown_renders_no_markup() {
        let text = "<div onclick=x>a</div>\n\nText <span onmouseover=y>b</span> ![i](https://e.example/i.png)";
        let html = markdown_to_html(&neutralise(text), 0);
        assert!(!html.contains("<div") && !html.contains("<span") && !html.contains("<img"), "{html}");
    }
}
