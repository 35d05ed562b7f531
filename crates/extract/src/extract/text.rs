//! Text measures over the tree: inner text, character counts, link density.
//!
//! Content scoring and cleaning decide almost everything by how much text a
//! node contains and how much of it is link text, so these measures are shared
//! here and computed with loops over the tree rather than recursion.

use html5ever::local_name;

use super::dom::{Dom, NodeData, NodeId};
use super::swar;

/// Appends the text below `root` (its `textContent`) to `out`.
pub fn push_text_content(dom: &Dom, root: NodeId, out: &mut String) {
    if let Some(text) = dom.text(root) {
        out.push_str(text);
        return;
    }
    let mut current = dom.next_in_order(root, root, true);
    while let Some(id) = current {
        if let Some(text) = dom.text(id) {
            out.push_str(text);
        }
        current = dom.next_in_order(id, root, true);
    }
}

/// Returns the text below `root` exactly as the tree stores it.
pub fn text_content(dom: &Dom, root: NodeId) -> String {
    let mut out = String::new();
    push_text_content(dom, root, &mut out);
    out
}

/// Returns the text below `root`, trimmed, with runs of whitespace collapsed
/// to one space.
pub fn inner_text(dom: &Dom, root: NodeId) -> String {
    collapse_whitespace(&text_content(dom, root))
}

/// Collapses runs of whitespace to one space and trims both ends.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Returns the trimmed, whitespace-collapsed length of `text` in
/// characters and its number of commas.
pub fn measure(text: &str) -> (u32, u32) {
    measure_ascii(text.as_bytes()).unwrap_or_else(|| measure_chars(text))
}

/// Measures text character by character, for text that is not ASCII.
fn measure_chars(text: &str) -> (u32, u32) {
    let mut length = 0u32;
    let mut commas = 0u32;
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = length > 0;
            continue;
        }
        if pending_space {
            length += 1;
            pending_space = false;
        }
        length += 1;
        if is_comma(c) {
            commas += 1;
        }
    }
    (length, commas)
}

/// Measures ASCII text, the common case, eight bytes at a time, or
/// returns `None` at the first byte that is not ASCII.
/// The collapsed length of the trimmed text is the number of
/// non-whitespace bytes plus one space for each whitespace run between
/// two of them. Such a run ends where a non-whitespace byte follows a
/// whitespace byte, except the run that leads the text.
fn measure_ascii(bytes: &[u8]) -> Option<(u32, u32)> {
    let mut spaces = 0u32;
    let mut run_ends = 0u32;
    let mut commas = 0u32;
    // The high bit of byte 0 is set when the byte before the chunk is
    // whitespace.
    let mut space_before = 0u64;
    let mut measure_chunk = |chunk: u64| {
        if chunk & swar::HIGH_BITS != 0 {
            return None;
        }
        let space = swar::space_bytes(chunk);
        let previous_space = (space << 8) | space_before;
        run_ends += (previous_space & !space & swar::HIGH_BITS).count_ones();
        spaces += space.count_ones();
        commas += swar::equal_bytes(chunk, b',').count_ones();
        space_before = space >> 56;
        Some(())
    };

    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        measure_chunk(swar::load(chunk))?;
    }
    // The last bytes are padded with spaces, which add no run end.
    let rest = chunks.remainder();
    let mut padded_length = bytes.len();
    if !rest.is_empty() {
        measure_chunk(swar::load_padded(rest, b' '))?;
        padded_length += 8 - rest.len();
    }

    let non_space = padded_length as u32 - spaces;
    if non_space == 0 {
        return Some((0, commas));
    }
    let leading_run = bytes.first().is_some_and(|&byte| byte == b' ' || (b'\t'..=b'\r').contains(&byte));
    Some((non_space + run_ends - u32::from(leading_run), commas))
}

/// Returns the number of characters of text below `root`: the sum of its
/// text nodes' collapsed lengths, without the spaces between nodes.
pub fn text_length(dom: &Dom, root: NodeId) -> usize {
    let node = dom.node(root);
    if matches!(node.data, NodeData::Text { .. }) {
        return node.text_length() as usize;
    }
    let mut length = 0usize;
    let mut current = dom.next_in_order(root, root, true);
    while let Some(id) = current {
        length += dom.node(id).text_length() as usize;
        current = dom.next_in_order(id, root, true);
    }
    length
}

/// Returns true when [`text_length`] of `root` is above zero, stopping at
/// the first text node with text instead of walking the whole subtree.
pub fn has_text(dom: &Dom, root: NodeId) -> bool {
    if dom.node(root).text_length() > 0 {
        return true;
    }
    let mut current = dom.next_in_order(root, root, true);
    while let Some(id) = current {
        if dom.node(id).text_length() > 0 {
            return true;
        }
        current = dom.next_in_order(id, root, true);
    }
    false
}

/// Returns the number of commas in the text below `root`.
pub fn commas_below(dom: &Dom, root: NodeId) -> usize {
    let mut commas = dom.node(root).commas() as usize;
    let mut current = dom.next_in_order(root, root, true);
    while let Some(id) = current {
        commas += dom.node(id).commas() as usize;
        current = dom.next_in_order(id, root, true);
    }
    commas
}

/// Returns the share of the text below `root` that sits inside links, with
/// in-page links (`href="#..."`) counted at 30 %, as jump links are rarely
/// boilerplate.
pub fn link_density(dom: &Dom, root: NodeId) -> f64 {
    length_and_link_density(dom, root).1
}

/// Returns the [`text_length`] and the [`link_density`] of `root`, both
/// from one walk.
pub fn length_and_link_density(dom: &Dom, root: NodeId) -> (usize, f64) {
    let mut total = 0usize;
    let mut link_length = 0.0;
    let mut current = dom.next_in_order(root, root, true);
    while let Some(id) = current {
        if dom.is(id, &local_name!("a")) {
            let coefficient = match dom.attr(id, "href") {
                Some(href) if href.starts_with('#') && href.len() > 1 => 0.3,
                _ => 1.0,
            };
            let length = text_length(dom, id);
            link_length += length as f64 * coefficient;
            total += length;
            current = dom.next_in_order(id, root, false);
            continue;
        }
        total += dom.node(id).text_length() as usize;
        current = dom.next_in_order(id, root, true);
    }
    if total == 0 {
        return (0, 0.0);
    }
    (total, link_length / total as f64)
}

/// Returns true for commas, counting the full-width and ideographic
/// commas of CJK and Arabic text too.
fn is_comma(c: char) -> bool {
    matches!(c, ',' | '，' | '、' | '،' | '﹐' | '﹑' | '⹁' | '⸴' | '⸲')
}

/// Returns true for characters of scripts written without spaces between
/// words (Chinese, Japanese kana, Thai and the like), each of which counts
/// as a word.
pub fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF      // Thai, Lao
        | 0x1000..=0x109F    // Myanmar
        | 0x1780..=0x17FF    // Khmer
        | 0x3040..=0x30FF    // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0x20000..=0x2FFFF) // CJK extensions B and later
}

/// Counts words: whitespace-separated runs, with every character of an
/// unspaced script counted as one word.
pub fn word_count(text: &str) -> usize {
    if let Some(count) = count_ascii_words(text.as_bytes()) {
        return count;
    }
    let mut count = 0;
    for token in text.split_whitespace() {
        let unspaced = token.chars().filter(|&c| is_unspaced_script(c)).count();
        let spaced_part = token.chars().any(|c| c.is_alphanumeric() && !is_unspaced_script(c));
        count += unspaced + usize::from(spaced_part);
    }
    count
}

/// Counts the whitespace-separated tokens of ASCII text that contain a
/// letter or digit. Eight bytes at a time, it counts the tokens that start
/// with a letter or digit, the common case, and checks the few that start
/// with another character byte by byte. Returns `None` at the first byte
/// that is not ASCII.
fn count_ascii_words(bytes: &[u8]) -> Option<usize> {
    let mut count = 0;
    // The high bit of byte 0 is set when the byte before the chunk is
    // whitespace. The text starts as if after whitespace.
    let mut space_before = 0x80u64;
    let mut offset = 0;
    while offset < bytes.len() {
        let rest = &bytes[offset..];
        // Padding with spaces starts no token.
        let chunk = if rest.len() >= 8 { swar::load(rest) } else { swar::load_padded(rest, b' ') };
        if chunk & swar::HIGH_BITS != 0 {
            return None;
        }
        let space = swar::ascii_whitespace_bytes(chunk);
        let starts = ((space << 8) | space_before) & !space & swar::HIGH_BITS;
        let alphanumeric = swar::alphanumeric_bytes(chunk);
        count += (starts & alphanumeric).count_ones() as usize;

        let mut other_starts = starts & !alphanumeric;
        while other_starts != 0 {
            let start = offset + other_starts.trailing_zeros() as usize / 8;
            other_starts &= other_starts - 1;
            let token = bytes[start..].iter().take_while(|byte| !byte.is_ascii_whitespace());
            count += usize::from(token.into_iter().any(u8::is_ascii_alphanumeric));
        }
        space_before = space >> 56;
        offset += 8;
    }
    Some(count)
}

/// Returns `length` bytes of `alphabet` picked by a linear congruential
/// generator, so tests that compare fast and simple routines on generated
/// samples get the same samples on every run.
#[cfg(test)]
pub(crate) fn random_bytes(alphabet: &[u8], length: usize, state: &mut u32) -> Vec<u8> {
    (0..length)
        .map(|_| {
            *state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
            alphabet[(*state >> 16) as usize % alphabet.len()]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_count_mixed_scripts() {
        assert_eq!(word_count("hello world"), 2);
        assert_eq!(word_count("日本語"), 3);
        assert_eq!(word_count("Rust 日本"), 3);
        assert_eq!(word_count("  "), 0);
    }

    #[test]
    fn measure_ascii_matches_char_walk() {
        let samples = [
            "",
            "   ",
            "a",
            " a ",
            "one, two,  three",
            "\t\n lead and trail \r\n",
            "x\x0By\x0Cz",
            ",,, ,",
            "  words\n\n\nacross   lines, with commas ,  ",
        ];
        for sample in samples {
            assert_eq!(measure_ascii(sample.as_bytes()), Some(measure_chars(sample)), "{sample:?}");
        }
    }

    #[test]
    fn measure_ascii_matches_on_generated_text() {
        // Bytes next to the whitespace ranges too: backspace (8), shift
        // out (14), unit separator (31), '!' (33) and delete (127).
        let alphabet = b" \t\n\x0B\x0C\r,a.Z\x08\x0E\x1F!\x7F";
        let mut state = 12345u32;
        for length in 0..64 {
            for _ in 0..50 {
                let sample = String::from_utf8(random_bytes(alphabet, length, &mut state)).expect("ASCII alphabet");
                assert_eq!(measure_ascii(sample.as_bytes()), Some(measure_chars(&sample)), "{sample:?}");
            }
        }
    }

    #[test]
    fn ascii_word_count_matches_split() {
        let alphabet = b" \t\n\x0B\x0C\r,a.Z9-_*";
        let mut state = 54321u32;
        for length in 0..48 {
            for _ in 0..50 {
                let sample = String::from_utf8(random_bytes(alphabet, length, &mut state)).expect("ASCII alphabet");
                let expected = sample
                    .split_ascii_whitespace()
                    .filter(|token| token.bytes().any(|b| b.is_ascii_alphanumeric()))
                    .count();
                assert_eq!(count_ascii_words(sample.as_bytes()), Some(expected), "{sample:?}");
            }
        }
    }

    #[test]
    fn has_text_matches_text_length() {
        let mut dom = super::super::parse::parse_html(
            "<div><p> </p><p><b></b><i>x</i></p><img src=a.png><ul><li>  </li><li>y</li></ul></div>",
        );
        dom.measure_text();
        for id in dom.descendants(super::super::dom::ROOT) {
            assert_eq!(has_text(&dom, id), text_length(&dom, id) > 0, "{:?}", dom.tag(id));
        }
    }

    #[test]
    fn collapse_whitespace_trims_runs() {
        assert_eq!(collapse_whitespace("  a \n\t b  "), "a b");
    }
}
