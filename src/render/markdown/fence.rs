//! Which lines of a post are certainly inside a fenced code block, for the
//! neutraliser, which must leave code alone but may never take text for
//! code: raw HTML it skipped as code would reach the reader.
//!
//! A fence at the top level is certain: an opening line with at most three
//! spaces before it, and nothing else, opens a fence whatever container it
//! is in, because a line that does not continue a container ends it. Such
//! a fence may still sit in a list item whose content starts up to that
//! many columns in, so a line indented less than the opening fence, or a
//! closing fence only some of those items would accept, could be read
//! either way. Then, and after a fence behind a container marker or
//! indented four columns or more, or a closing fence followed by a tab
//! (which closes it for CommonMark but not for pulldown-cmark 0.13), the
//! state is unknown for the rest of the post and no line counts as code.

/// Where the previous lines left the reader.
pub(super) enum Fence {
    /// Certainly outside code blocks.
    Outside,
    /// Certainly inside a fence of `len` characters `marker`, opened
    /// `indent` columns in.
    Inside {
        marker: u8,
        len: usize,
        indent: usize,
    },
    Unknown,
}

impl Fence {
    /// Reads the next line; returns true when it is certainly code (the
    /// fence lines themselves included).
    pub fn is_code(&mut self, line: &str) -> bool {
        let (indent, content) = indentation(line);
        match *self {
            Fence::Outside => {
                let Some((marker, len)) = opening(line) else {
                    return false;
                };
                let bare = indent <= 3 && content.as_bytes().first() == Some(&marker);
                *self = if bare { Fence::Inside { marker, len, indent } } else { Fence::Unknown };
                bare
            }
            Fence::Inside { marker, len, indent: opened } => {
                if content.is_empty() {
                    return true;
                }

                // A list item holding the fence starts its content at
                // column 0 or between 2 and the fence's own indentation.
                let widest_item = if opened >= 2 { opened } else { 0 };
                let closing = closing(content, marker, len);
                if closing == Closing::Disputed {
                    *self = Fence::Unknown;
                    return false;
                }
                let closing = closing == Closing::Yes;
                let certain = if indent < opened {
                    widest_item <= indent
                } else {
                    !closing || indent <= 3 || indent > widest_item + 3
                };
                if !certain {
                    *self = Fence::Unknown;
                    return false;
                }
                if closing && indent <= 3 {
                    *self = Fence::Outside;
                }
                true
            }
            Fence::Unknown => false,
        }
    }
}

/// Returns the columns of leading whitespace (tab stops of 4) and the rest.
fn indentation(line: &str) -> (usize, &str) {
    let mut columns = 0;
    for (index, byte) in line.bytes().enumerate() {
        match byte {
            b' ' => columns += 1,
            b'\t' => columns += 4 - columns % 4,
            _ => return (columns, &line[index..]),
        }
    }
    (columns, "")
}

/// Reads a fence opening anywhere on the line after container markers
/// (`>`, list markers) and whitespace: its character and length.
fn opening(line: &str) -> Option<(u8, usize)> {
    let content = strip_containers(line);
    let marker = *content.as_bytes().first()?;
    let len = content.bytes().take_while(|&b| b == marker).count();
    let backtick_in_info = marker == b'`' && content[len..].contains('`');
    (matches!(marker, b'`' | b'~') && len >= 3 && !backtick_in_info).then_some((marker, len))
}

#[derive(PartialEq)]
enum Closing {
    Yes,
    No,
    /// Followed by a tab: CommonMark closes the fence, pulldown-cmark 0.13
    /// does not.
    Disputed,
}

fn closing(content: &str, marker: u8, len: usize) -> Closing {
    let run = content.bytes().take_while(|&b| b == marker).count();
    let rest = &content[run..];
    if run < len || !rest.bytes().all(|b| b == b' ' || b == b'\t') {
        Closing::No
    } else if rest.contains('\t') {
        Closing::Disputed
    } else {
        Closing::Yes
    }
}

/// Returns the line after its leading whitespace, block quote markers and
/// list item markers.
pub(super) fn strip_containers(line: &str) -> &str {
    let mut rest = line;
    loop {
        rest = rest.trim_start_matches([' ', '\t']);
        if let Some(after) = rest.strip_prefix('>') {
            rest = after;
            continue;
        }
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let marker = match rest.as_bytes().first() {
            Some(b'-' | b'+' | b'*') => 1,
            _ if (1..=9).contains(&digits) && matches!(rest.as_bytes().get(digits), Some(b'.' | b')')) => digits + 1,
            _ => return rest,
        };
        match rest.as_bytes().get(marker) {
            Some(b' ' | b'\t') => rest = &rest[marker..],
            _ => return rest,
        }
    }
}
