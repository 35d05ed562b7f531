//! Splitting an article that does not fit the model into parts that do.
//!
//! Parts end on Markdown block boundaries (blank lines outside fenced code),
//! so a paragraph, list, table or code block stays whole. A single block
//! larger than a part is split at line ends, then sentence ends, then
//! anywhere, as a last resort. Every character of the article lands in
//! exactly one part, in order.

use super::budget::{TokenCount, estimate_tokens};

/// Splits `markdown` into parts of at most `max_tokens` estimated tokens each.
pub fn split(markdown: &str, max_tokens: u64) -> Vec<String> {
    let max_tokens = max_tokens.max(1);
    let mut parts: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut current_tokens = 0;

    for block in blocks(markdown) {
        for piece in fit(block, max_tokens) {
            let tokens = estimate_tokens(&piece) + 1;
            if current_tokens + tokens > max_tokens && !current.is_empty() {
                parts.push(std::mem::take(&mut current));
                current_tokens = 0;
            }
            if !current.is_empty() {
                current.push_str("\n\n");
            }
            current.push_str(&piece);
            current_tokens += tokens;
        }
    }
    if !current.trim().is_empty() {
        parts.push(current);
    }
    parts
}

/// Returns the Markdown blocks of `markdown`: runs of lines separated by
/// blank lines, where blank lines inside a fenced code block do not count.
fn blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut fence: Option<&str> = None;

    for line in markdown.lines() {
        let trimmed = line.trim_start();
        match fence {
            Some(marker) if trimmed.starts_with(marker) => fence = None,
            Some(_) => {}
            None if trimmed.starts_with("```") => fence = Some("```"),
            None if trimmed.starts_with("~~~") => fence = Some("~~~"),
            None => {}
        }
        if fence.is_none() && line.trim().is_empty() {
            if !current.is_empty() {
                blocks.push(current.join("\n"));
                current.clear();
            }
            continue;
        }
        current.push(line);
    }
    if !current.is_empty() {
        blocks.push(current.join("\n"));
    }
    blocks
}

/// Returns `block` whole when it fits, else its pieces: at line ends, then
/// at sentence ends, then at character counts.
fn fit(block: String, max_tokens: u64) -> Vec<String> {
    if estimate_tokens(&block) < max_tokens {
        return vec![block];
    }
    let lines: Vec<&str> = block.lines().collect();
    if lines.len() > 1 {
        return pack(lines.iter().map(|line| line.to_string()), "\n", max_tokens);
    }
    let sentences = split_sentences(&block);
    if sentences.len() > 1 {
        return pack(sentences.into_iter(), "", max_tokens);
    }
    split_anywhere(&block, max_tokens)
}

/// Packs pieces into groups below `max_tokens`, splitting a piece that is
/// itself too large.
fn pack(pieces: impl Iterator<Item = String>, separator: &str, max_tokens: u64) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for piece in pieces {
        for piece in fit(piece, max_tokens) {
            let joined = if current.is_empty() { piece.clone() } else { format!("{current}{separator}{piece}") };
            if estimate_tokens(&joined) < max_tokens {
                current = joined;
            } else {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
                current = piece;
            }
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Splits after `.`, `!`, `?` and their CJK forms, keeping the spaces that
/// follow with the sentence before them.
fn split_sentences(text: &str) -> Vec<String> {
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((index, c)) = chars.next() {
        if !matches!(c, '.' | '!' | '?' | '。' | '！' | '？') {
            continue;
        }
        let mut end = index + c.len_utf8();
        while let Some(&(next, space)) = chars.peek() {
            if !space.is_whitespace() {
                break;
            }
            end = next + space.len_utf8();
            chars.next();
        }
        sentences.push(text[start..end].to_string());
        start = end;
    }
    if start < text.len() {
        sentences.push(text[start..].to_string());
    }
    sentences
}

/// Cuts text into pieces below `max_tokens`, at character boundaries.
fn split_anywhere(text: &str, max_tokens: u64) -> Vec<String> {
    let limit = max_tokens.saturating_sub(1).max(1);
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut count = TokenCount::default();
    for (index, c) in text.char_indices() {
        let mut next = count;
        next.add(c);
        if next.tokens() > limit && index > start {
            pieces.push(text[start..index].to_string());
            start = index;
            next = TokenCount::default();
            next.add(c);
        }
        count = next;
    }
    if start < text.len() {
        pieces.push(text[start..].to_string());
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined_words(parts: &[String]) -> String {
        parts.iter().flat_map(|part| part.split_whitespace()).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn small_article_is_one_part() {
        let parts = split("# Title\n\nOne.\n\nTwo.", 1000);
        assert_eq!(parts, vec!["# Title\n\nOne.\n\nTwo."]);
    }

    #[test]
    fn parts_end_on_blocks() {
        let paragraph = "word ".repeat(50);
        let markdown = (0..10).map(|i| format!("P{i} {paragraph}")).collect::<Vec<_>>().join("\n\n");
        let parts = split(&markdown, 200);
        assert!(parts.len() > 1);
        for part in &parts {
            assert!(estimate_tokens(part) <= 200, "{} tokens", estimate_tokens(part));
            assert!(part.starts_with('P'), "a part starts with a paragraph: {:?}", &part[..10]);
        }
        assert_eq!(joined_words(&parts), joined_words(&[markdown]));
    }

    #[test]
    fn code_fence_stays_whole() {
        let code = "```\nfn a() {}\n\nfn b() {}\n```";
        let markdown = format!("{}\n\n{code}\n\nAfter.", "Intro sentence here. ".repeat(20));
        let parts = split(&markdown, 150);
        assert!(parts.iter().any(|part| part.contains(code)), "{parts:#?}");
    }

    #[test]
    fn huge_paragraph_splits_at_sentences() {
        let paragraph = "This is one sentence of the article. ".repeat(100);
        let parts = split(&paragraph, 100);
        assert!(parts.len() > 5);
        for part in &parts[..parts.len() - 1] {
            assert!(part.trim_end().ends_with('.'), "{part:?}");
            assert!(estimate_tokens(part) <= 100);
        }
        assert_eq!(joined_words(&parts), joined_words(&[paragraph]));
    }

    #[test]
    fn text_without_breaks_is_cut() {
        let text = "x".repeat(5000);
        let parts = split(&text, 100);
        assert!(parts.iter().all(|part| estimate_tokens(part) <= 100));
        assert_eq!(parts.concat().replace("\n\n", ""), text);
    }

    #[test]
    fn cjk_text_is_split_by_characters() {
        let text = "これは日本語の記事です。".repeat(100);
        let parts = split(&text, 120);
        assert!(parts.len() >= 10);
        assert!(parts.iter().all(|part| estimate_tokens(part) <= 120));
        assert_eq!(parts.concat().replace("\n\n", ""), text);
    }
}
