//! Link reference definitions (`[label]: destination "title"`), read from
//! the start of a paragraph.

use super::Definition;
use crate::render::entity::unescape;
use crate::render::syntax::{MAX_LABEL, normalise_label, scan_destination, scan_label, scan_title, skip_whitespace};

/// Reads the definition at the start of `text`; returns it and the offset
/// after its line.
pub(super) fn parse_definition(text: &str) -> Option<(Definition, usize)> {
    let (after_label, label) = scan_label(text, 0, MAX_LABEL)?;
    let label = &text[label];
    if label.trim().is_empty() || text.as_bytes().get(after_label) != Some(&b':') {
        return None;
    }

    let destination_start = skip_whitespace(text, after_label + 1);
    let (after_destination, destination) = scan_destination(text, destination_start)?;
    let definition = |title: &str| Definition {
        label: normalise_label(label),
        destination: unescape(&text[destination.clone()]),
        title: unescape(title),
    };

    // A title may follow on the same line or the next; without one, the
    // definition ends with the destination's line.
    let title_start = skip_whitespace(text, after_destination);
    if title_start > after_destination {
        if let Some((after_title, title)) = scan_title(text, title_start) {
            if let Some(end) = end_of_blank_rest(text, after_title) {
                return Some((definition(&text[title]), end));
            }
        }
    }
    let end = end_of_blank_rest(text, after_destination)?;
    Some((definition(""), end))
}

/// Returns the offset after the line ending at `start` when only spaces and
/// tabs come before it.
fn end_of_blank_rest(text: &str, start: usize) -> Option<usize> {
    let rest = &text[start..];
    let blank = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    match rest.as_bytes().get(blank) {
        None => Some(text.len()),
        Some(b'\n') => Some(start + blank + 1),
        _ => None,
    }
}
