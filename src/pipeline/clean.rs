//! Clean-up of model output, enforcing what the instructions ask even when
//! a model ignores them.
//!
//! The title must be one line with no HTML and no wrapping quotes, so that it
//! works as a page title and as an image prompt. Small models also like to
//! wrap a whole answer in a code fence or prefix it with "Title:"; both are
//! removed. The post body is kept as written apart from such a wrapper.

/// Quote pairs that models wrap titles in.
const QUOTE_PAIRS: [(char, char); 9] =
    [('"', '"'), ('\'', '\''), ('“', '”'), ('‘', '’'), ('«', '»'), ('»', '«'), ('„', '“'), ('「', '」'), ('『', '』')];

/// Returns the title a model wrote, cleaned to one plain line; empty when
/// nothing usable remains.
pub fn clean_title(raw: &str) -> String {
    let text = strip_tags(&unwrap_code_fence(raw));

    let line = text.lines().map(clean_title_line).find(|line| !line.is_empty()).unwrap_or_default();

    collapse_whitespace(&line)
}

/// Returns the post body without a code fence wrapped around all of it and
/// without lines that only repeat the `<article>` delimiter of the prompt.
pub fn clean_body(raw: &str) -> String {
    let body = unwrap_code_fence(raw);
    let kept: Vec<&str> = body
        .lines()
        .filter(|line| !matches!(line.trim().to_ascii_lowercase().as_str(), "<article>" | "</article>"))
        .collect();
    kept.join("\n").trim().to_string()
}

fn clean_title_line(line: &str) -> String {
    let mut line = line.trim();

    line = line.trim_start_matches('#').trim_start();
    line = strip_list_marker(line);
    line = strip_label(line);

    let mut line = strip_links(line);
    loop {
        let before = line.clone();
        line = strip_emphasis(line.trim());
        line = strip_wrapping_quotes(line.trim());
        if line == before {
            break;
        }
    }
    line.trim().to_string()
}

/// Replaces Markdown links and images with their text. A small model
/// sometimes wraps the title in a link to a made-up URL, which the Markdown
/// post would keep live and the HTML post would show as brackets.
fn strip_links(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let Some(link) = parse_link(&rest[open..]) else {
            out.push_str(&rest[..=open]);
            rest = &rest[open + 1..];
            continue;
        };
        let before = &rest[..open];
        out.push_str(before.strip_suffix('!').unwrap_or(before));
        out.push_str(link.0);
        rest = &rest[open + link.1..];
    }
    out.push_str(rest);
    out
}

/// Reads `[text](destination)` at the start of `text`; returns the text and
/// the length of the whole link. Brackets inside the text are not nested.
fn parse_link(text: &str) -> Option<(&str, usize)> {
    let close = text.find(']')?;
    let inner = &text[1..close];
    if inner.contains('[') {
        return None;
    }
    let after = text[close + 1..].strip_prefix('(')?;
    let end = after.find(')')?;
    Some((inner, close + 2 + end + 1))
}

/// Removes a leading "Title:" label, also when emphasis wraps it
/// ("**Title:** Foo").
fn strip_label(line: &str) -> &str {
    let unmarked = line.trim_start_matches(['*', '_']);
    for label in ["title:", "blog title:", "seo title:"] {
        let matches = unmarked.get(..label.len()).is_some_and(|start| start.eq_ignore_ascii_case(label));
        if matches {
            return unmarked[label.len()..].trim_start_matches(['*', '_']).trim_start();
        }
    }
    line
}

fn strip_list_marker(line: &str) -> &str {
    if let Some(rest) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
        return rest.trim_start();
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits <= 2 {
        let rest = &line[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return rest.trim_start();
        }
    }
    line
}

fn strip_emphasis(line: &str) -> String {
    for marker in ["***", "**", "__", "*", "_", "`"] {
        if line.len() > 2 * marker.len() && line.starts_with(marker) && line.ends_with(marker) {
            return line[marker.len()..line.len() - marker.len()].to_string();
        }
    }
    line.to_string()
}

fn strip_wrapping_quotes(line: &str) -> String {
    let mut chars = line.chars();
    let (Some(first), Some(last)) = (chars.next(), chars.next_back()) else {
        return line.to_string();
    };
    if QUOTE_PAIRS.iter().any(|(open, close)| first == *open && last == *close) {
        let inner = &line[first.len_utf8()..line.len() - last.len_utf8()];
        return inner.to_string();
    }
    line.to_string()
}

/// Removes anything that looks like an HTML tag and decodes the few entities
/// models write.
fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let is_tag = after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!');
        match after.find('>') {
            Some(end) if is_tag => rest = &after[end + 1..],
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);

    out.replace("&nbsp;", " ")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn unwrap_code_fence(text: &str) -> String {
    let trimmed = text.trim();
    if let Some(rest) = trimmed.strip_prefix("```") {
        if let Some(inner) = rest.strip_suffix("```") {
            // Drop the info string ("markdown", "md") on the opening line.
            let inner = match inner.split_once('\n') {
                Some((info, body)) if !info.contains(' ') => body,
                _ => inner,
            };
            return inner.trim().to_string();
        }
    }
    trimmed.to_string()
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_loses_quotes_and_html() {
        let cases = [
            ("\"Meta's Computing Power Dominance\"", "Meta's Computing Power Dominance"),
            ("“Curly Quotes Title”", "Curly Quotes Title"),
            ("<h1>Meta Wins</h1>", "Meta Wins"),
            ("<b>\"Nested\"</b>", "Nested"),
            ("Title: AI Race Heats Up", "AI Race Heats Up"),
            ("**Title:** \"Bold Label\"", "Bold Label"),
            ("# Heading Title", "Heading Title"),
            ("1. First Option\n2. Second Option", "First Option"),
            ("\n\n  Spaced   Out Title  \nSecond line", "Spaced Out Title"),
            ("```\nFenced Title\n```", "Fenced Title"),
            ("«Titre français»", "Titre français"),
            ("「日本語のタイトル」", "日本語のタイトル"),
            ("Speed &amp; Power", "Speed & Power"),
            ("5 < 6: Maths", "5 < 6: Maths"),
        ];
        for (raw, expected) in cases {
            assert_eq!(clean_title(raw), expected, "{raw:?}");
        }
    }

    #[test]
    fn title_loses_link_syntax() {
        let raw = "#### [Minecraft: A Primer On The Problem](https://amzn.aly/30496588)";
        assert_eq!(clean_title(raw), "Minecraft: A Primer On The Problem");
        assert_eq!(clean_title("**[Rust](https://x.test) in 2025**"), "Rust in 2025");
        assert_eq!(clean_title("![Cover](https://x.test/a.png) Title"), "Cover Title");
        assert_eq!(clean_title("Arrays [0] and (1)"), "Arrays [0] and (1)");
        assert_eq!(clean_title("Broken [link](https://x.test"), "Broken [link](https://x.test");
    }

    #[test]
    fn title_keeps_inner_quotes() {
        assert_eq!(clean_title("Why \"AI\" Is Hard"), "Why \"AI\" Is Hard");
        assert_eq!(clean_title("It's Zuck's Race"), "It's Zuck's Race");
    }

    #[test]
    fn empty_title_stays_empty() {
        assert_eq!(clean_title("  \n\"\"\n<br>"), "");
    }

    #[test]
    fn body_fence_is_removed() {
        assert_eq!(clean_body("```markdown\n# Hi\n\nText\n```"), "# Hi\n\nText");
        assert_eq!(clean_body("# Hi\n\n```rust\ncode\n```\n"), "# Hi\n\n```rust\ncode\n```");
    }

    #[test]
    fn body_drops_echoed_delimiter() {
        assert_eq!(
            clean_body("<article>\n\n# Hi\n\nText about <article> tags.\n</ARTICLE>"),
            "# Hi\n\nText about <article> tags."
        );
    }
}
