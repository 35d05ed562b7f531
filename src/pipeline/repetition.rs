//! Detection of answers that have fallen into a loop.
//!
//! Small local models often repeat a line or a sentence until they reach the
//! output limit, which costs minutes on a CPU and yields nothing usable. The
//! chain checks the growing answer and stops the request as soon as it loops,
//! so the user gets a retry or a plain message instead of a wall of repeats.

use std::collections::HashMap;

/// Non-blank lines at the end of the answer that, when they hold at most two
/// distinct values, mark a loop (`#`, `#`, `#`… or a sentence and `<p>`
/// alternating).
const TAIL_LINES: usize = 8;

/// A sentence at least this long, in characters, that appears
/// [`SENTENCE_REPEATS`] times marks a loop.
const MIN_SENTENCE_CHARS: usize = 30;
const SENTENCE_REPEATS: usize = 3;

/// A block of this many bytes or more, repeated [`BLOCK_REPEATS`] times in a
/// row at the end of the answer, marks a loop.
const MIN_BLOCK_BYTES: usize = 8;
const MAX_BLOCK_BYTES: usize = 400;
const BLOCK_REPEATS: usize = 4;

/// Returns true when the answer has fallen into a loop.
pub fn is_looping(text: &str) -> bool {
    tail_lines_loop(text) || sentence_repeats(text) || tail_block_repeats(text.as_bytes())
}

fn tail_lines_loop(text: &str) -> bool {
    let tail: Vec<&str> = text.lines().map(str::trim).filter(|line| !line.is_empty()).rev().take(TAIL_LINES).collect();
    if tail.len() < TAIL_LINES {
        return false;
    }
    let mut distinct: Vec<&str> = Vec::new();
    for line in tail {
        if !distinct.contains(&line) {
            distinct.push(line);
        }
    }
    distinct.len() <= 2
}

fn sentence_repeats(text: &str) -> bool {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for sentence in sentences(text) {
        let sentence = sentence.trim();
        if sentence.chars().count() < MIN_SENTENCE_CHARS {
            continue;
        }
        let count = counts.entry(sentence).or_default();
        *count += 1;
        if *count >= SENTENCE_REPEATS {
            return true;
        }
    }
    false
}

/// Splits text into sentences: at line breaks, at CJK full stops, and at
/// `.`, `!` or `?` followed by whitespace, so that URLs, numbers and code
/// (`127.0.0.1`, `a.b()`) stay whole.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut pieces = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((index, c)) = chars.next() {
        let next_is_space = chars.peek().is_none_or(|(_, next)| next.is_whitespace());
        let ends = match c {
            '\n' | '。' | '！' | '？' => true,
            '.' | '!' | '?' => next_is_space,
            _ => false,
        };
        if ends {
            pieces.push(&text[start..index]);
            start = index + c.len_utf8();
        }
    }
    pieces.push(&text[start..]);
    pieces.into_iter()
}

fn tail_block_repeats(bytes: &[u8]) -> bool {
    let longest = MAX_BLOCK_BYTES.min(bytes.len() / BLOCK_REPEATS);
    (MIN_BLOCK_BYTES..=longest).any(|length| {
        let end = bytes.len();
        let block = &bytes[end - length..];
        let all_whitespace = block.iter().all(u8::is_ascii_whitespace);
        !all_whitespace && (1..BLOCK_REPEATS).all(|k| &bytes[end - (k + 1) * length..end - k * length] == block)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_marks_loop() {
        let text = format!("# AISVAC 2021\n# D-Tech 2022\n{}", "# \n".repeat(20));
        assert!(is_looping(&text));
    }

    #[test]
    fn alternating_lines_loop() {
        let text = "<p>\n\nThe bug is a result of a flaw.\n\n".repeat(5);
        assert!(is_looping(&text));
    }

    #[test]
    fn repeated_sentence_loops() {
        let sentence = "The attack on Tunisia's most revered museum is a global example of extremism. ";
        let text = format!("Intro here. {sentence}Something else. {sentence}More. {sentence}");
        assert!(is_looping(&text));
    }

    #[test]
    fn repeated_block_without_newlines_loops() {
        let text = format!("Start: {}", "na na batman ".repeat(6));
        assert!(is_looping(&text));
    }

    #[test]
    fn normal_post_is_not_looping() {
        let text = "# Meta's Got the Juice\n\nIntro paragraph about compute.\n\n## Key Points\n\n\
            - **Compute**: More GPUs than anyone.\n- **Claims**: Zuckerberg says Meta leads.\n\
            - **Rivals**: Others invest too.\n\nStay tuned, folks!";
        assert!(!is_looping(text));
    }

    #[test]
    fn short_repeats_are_allowed() {
        assert!(!is_looping("Ha ha ha ha ha!"));
        assert!(!is_looping("- a\n- b\n- c\n- d\n- e\n- f\n- g\n- h\n"));
        assert!(!is_looping("| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |"));
    }

    #[test]
    fn repeated_url_is_not_a_loop() {
        let url = "fetch('http://127.0.0.1:44415/";
        let text = format!(
            "<script>window.__pwned = 1; {url}script')</script>\n\n<img onerror=\"window.__pwned = 1; {url}img')\">\n\n\
             - **Payload**: <img onerror=\"window.__pwned = 1; {url}img')\">"
        );
        assert!(!is_looping(&text));
    }

    #[test]
    fn sentences_split_at_boundaries_only() {
        let pieces: Vec<&str> = sentences("See 127.0.0.1 now. Then a.b()! Done？End").collect();
        assert_eq!(pieces, vec!["See 127.0.0.1 now", " Then a.b()", " Done", "End"]);
    }

    #[test]
    fn cjk_text_is_safe() {
        let text = "日本語の文章です。".repeat(3);
        assert!(!is_looping(&text));
        let long = "これはとても長い日本語の文章で、三十文字を超えるように書かれています。".repeat(3);
        assert!(is_looping(&long));
    }
}
