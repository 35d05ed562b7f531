//! Rows of GFM tables: splitting a line into cells and reading the
//! delimiter row that turns the line above it into a table header.

/// Column alignment from the delimiter row, as the CSS value the HTML
/// writer puts in `style`.
pub(super) type Align = Option<&'static str>;

/// Splits a table row into its cells' text. An escaped `\|` is part of a
/// cell and becomes `|`, also inside code spans.
pub(super) fn split_row(line: &str) -> Vec<String> {
    let line = line.trim_matches([' ', '\t']);
    let line = line.strip_prefix('|').unwrap_or(line);

    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut backslashes = 0;
    let mut ended_by_pipe = false;
    for c in line.chars() {
        ended_by_pipe = c == '|' && backslashes % 2 == 0;
        if ended_by_pipe {
            cells.push(cell.trim_matches([' ', '\t']).to_string());
            cell.clear();
        } else if c == '|' {
            cell.pop();
            cell.push(c);
        } else {
            cell.push(c);
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
    }

    // A trailing pipe ends the last cell instead of starting an empty one.
    if !ended_by_pipe {
        cells.push(cell.trim_matches([' ', '\t']).to_string());
    }
    cells
}

/// True when the line holds a `|` that no backslash escapes.
pub(super) fn has_pipe(line: &str) -> bool {
    let mut backslashes = 0;
    for c in line.chars() {
        if c == '|' && backslashes % 2 == 0 {
            return true;
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
    }
    false
}

/// Reads a delimiter row (`| :-- | :-: | --: |`), returning each column's
/// alignment; `None` when the line is not one.
pub(super) fn delimiter_row(line: &str) -> Option<Vec<Align>> {
    if !has_pipe(line) {
        return None;
    }
    let mut aligns = Vec::new();
    for cell in split_row(line) {
        let left = cell.starts_with(':');
        let right = cell.ends_with(':') && cell.len() > 1;
        let dashes = cell.trim_start_matches(':').trim_end_matches(':');
        if dashes.is_empty() || !dashes.bytes().all(|b| b == b'-') {
            return None;
        }
        aligns.push(match (left, right) {
            (true, true) => Some("center"),
            (true, false) => Some("left"),
            (false, true) => Some("right"),
            (false, false) => None,
        });
    }
    (!aligns.is_empty()).then_some(aligns)
}
