//! The block structure of a Markdown post: the first pass of the renderer.
//!
//! It follows the CommonMark block algorithm: each line first continues
//! the open containers (block quotes, list items) it matches, then may
//! start new blocks, and a line that starts nothing continues an open
//! paragraph lazily. The blocks are those a post uses: paragraphs, ATX and
//! setext headings, thematic breaks, fenced and indented code, block
//! quotes, lists, and GFM tables. Raw HTML blocks are not recognised, so
//! raw HTML stays in paragraphs, where the HTML writer shows it as text.
//! Link reference definitions at the start of paragraphs are collected
//! for the inline pass.

mod build;
mod definition;
mod line;

use definition::parse_definition;
use line::Cursor;

use super::table::{self, Align};

/// Maximum nesting of block quotes and list items, counted in blocks (a
/// list and its item are two). Deeper markers stay text: the parser and
/// the HTML writer recurse once per level, and the wasm stack is 1 MiB.
/// CommonMark sets no limit; a post never comes near this one.
const MAX_DEPTH: usize = 64;

/// A block of the parsed post; leaf text is raw Markdown for the inline pass.
pub(super) enum Block {
    Paragraph(String),
    Heading(u8, String),
    Rule,
    Code { info: String, text: String },
    Quote(Vec<Block>),
    List { start: Option<u64>, tight: bool, items: Vec<Item> },
    Table { aligns: Vec<Align>, rows: Vec<Vec<String>> },
}

/// A list item; `task` is `Some(checked)` for a GFM task list item.
pub(super) struct Item {
    pub task: Option<bool>,
    pub blocks: Vec<Block>,
}

/// A link reference definition (`[label]: destination "title"`).
pub(super) struct Definition {
    /// The label, normalised for matching.
    pub label: String,
    pub destination: String,
    pub title: String,
}

/// A parsed post.
pub(super) struct Document {
    pub blocks: Vec<Block>,
    pub definitions: Vec<Definition>,
}

enum Kind {
    Document,
    Quote,
    List {
        marker: u8,
        start: Option<u64>,
    },
    /// A list item whose content starts `indent` columns in.
    Item {
        indent: usize,
    },
    Paragraph,
    Heading(u8),
    Rule,
    Fence {
        marker: u8,
        len: usize,
        indent: usize,
        info: String,
    },
    Indented,
    Table {
        aligns: Vec<Align>,
        rows: Vec<Vec<String>>,
    },
}

struct Node {
    kind: Kind,
    parent: usize,
    children: Vec<usize>,
    open: bool,
    /// Raw text of a leaf, one line per `\n`.
    text: String,
    first_line: usize,
    last_line: usize,
    /// Number of blocks above this one; the document is at 0.
    depth: usize,
}

/// The tree under construction, in an arena; index 0 is the document.
struct Parser {
    nodes: Vec<Node>,
    tip: usize,
    /// The tip before the current line.
    old_tip: usize,
    /// The deepest container the current line continued.
    last_matched: usize,
    line_number: usize,
    definitions: Vec<Definition>,
}

/// How an open block takes the next line.
enum Continuation {
    Matched,
    NotMatched,
    /// The line closed a fence and nothing else is on it.
    Consumed,
}

/// Parses Markdown into blocks.
pub(super) fn parse(markdown: &str) -> Document {
    let mut parser = Parser {
        nodes: vec![Node::new(Kind::Document, 0, 0)],
        tip: 0,
        old_tip: 0,
        last_matched: 0,
        line_number: 0,
        definitions: Vec::new(),
    };

    let mut rest = markdown;
    while !rest.is_empty() {
        let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        parser.line_number += 1;
        parser.add_line(&rest[..end]);
        let ending = if rest[end..].starts_with("\r\n") { 2 } else { usize::from(end < rest.len()) };
        rest = &rest[end + ending..];
    }
    // A code block open at the end keeps the input's last line as it is,
    // without a line ending it did not have.
    let open_code = matches!(parser.nodes[parser.tip].kind, Kind::Fence { .. } | Kind::Indented);
    if open_code && !markdown.ends_with(['\n', '\r']) {
        parser.nodes[parser.tip].text.pop();
    }
    while parser.tip != 0 {
        parser.finalize(parser.tip, parser.line_number);
    }
    parser.finalize(0, parser.line_number);

    let blocks = parser.build_children(0);
    Document { blocks, definitions: parser.definitions }
}

impl Node {
    fn new(kind: Kind, parent: usize, line: usize) -> Self {
        Self {
            kind,
            parent,
            children: Vec::new(),
            open: true,
            text: String::new(),
            first_line: line,
            last_line: line,
            depth: 0,
        }
    }
}

impl Parser {
    fn add_line(&mut self, text: &str) {
        let mut line = Cursor::new(text);
        self.old_tip = self.tip;

        // Continue the open containers the line matches.
        let mut container = 0;
        while let Some(&child) = self.nodes[container].children.last() {
            if !self.nodes[child].open {
                break;
            }
            match self.continues(child, &mut line) {
                Continuation::Matched => container = child,
                Continuation::NotMatched => break,
                Continuation::Consumed => return,
            }
        }
        self.last_matched = container;

        // Start new blocks; containers may nest (`> - > text`).
        let container = self.start_blocks(container, &mut line);

        // A line that starts nothing and misses a container continues the
        // paragraph lazily; otherwise the unmatched blocks end here.
        let blank = line.is_blank();
        let all_closed = self.old_tip == self.last_matched;
        if !all_closed && !blank && matches!(self.nodes[self.tip].kind, Kind::Paragraph) {
            line.skip_indent();
            self.push_line(self.tip, line.rest());
            return;
        }
        self.close_unmatched();

        // Add the rest of the line to the innermost block.
        let is_table = matches!(self.nodes[container].kind, Kind::Table { .. });
        match self.nodes[container].kind {
            // A fence's opening line holds only its info string.
            Kind::Fence { .. } if self.nodes[container].first_line == self.line_number => {}
            Kind::Fence { .. } | Kind::Indented => self.push_line(container, line.rest()),
            Kind::Paragraph => {
                line.skip_indent();
                self.push_line(container, line.rest());
            }
            _ if is_table && !blank => self.push_row(container, line.rest()),
            _ if !blank => {
                line.skip_indent();
                let paragraph = self.add_child(Kind::Paragraph);
                self.push_line(paragraph, line.rest());
            }
            _ => {}
        }
    }

    /// Matches the line against an open block's continuation.
    fn continues(&mut self, node: usize, line: &mut Cursor) -> Continuation {
        let (indent, _) = line.indent();
        let blank = line.is_blank();
        match self.nodes[node].kind {
            Kind::Quote if indent <= 3 && line.peek(0) == Some(b'>') => {
                line.skip_indent();
                line.advance_bytes(1);
                if matches!(line.rest().as_bytes().first(), Some(b' ' | b'\t')) {
                    line.advance_columns(1);
                }
            }
            Kind::Item { .. } if blank && self.nodes[node].children.is_empty() => return Continuation::NotMatched,
            Kind::Item { .. } if blank => line.skip_indent(),
            Kind::Item { indent: width } if indent >= width => line.advance_columns(width),
            Kind::List { .. } | Kind::Document => {}
            Kind::Fence { marker, len, indent: fence_indent, .. } => {
                if indent <= 3 && line::is_fence_closing(line.content(), marker, len) {
                    self.finalize(node, self.line_number);
                    return Continuation::Consumed;
                }
                line.advance_columns(fence_indent.min(indent));
            }
            Kind::Indented if indent >= 4 => line.advance_columns(4),
            Kind::Indented if blank => line.skip_indent(),
            Kind::Paragraph | Kind::Table { .. } if !blank => {}
            _ => return Continuation::NotMatched,
        }
        Continuation::Matched
    }

    /// Opens the blocks that start on the line inside `container`; returns
    /// the innermost block the rest of the line belongs to.
    fn start_blocks(&mut self, mut container: usize, line: &mut Cursor) -> usize {
        loop {
            if matches!(self.nodes[container].kind, Kind::Fence { .. } | Kind::Indented) {
                return container;
            }
            let (indent, _) = line.indent();
            let content = line.content();
            let in_paragraph = matches!(self.nodes[container].kind, Kind::Paragraph);

            if indent >= 4 {
                if let Some(item) = self.start_item(container, line, indent) {
                    container = item;
                    continue;
                }
                let lazy_paragraph = matches!(self.nodes[self.tip].kind, Kind::Paragraph);
                let in_table = matches!(self.nodes[container].kind, Kind::Table { .. });
                if lazy_paragraph || in_table || line.is_blank() {
                    return container;
                }
                line.advance_columns(4);
                self.close_unmatched();
                return self.add_child(Kind::Indented);
            } else if content.starts_with('>') && self.nodes[container].depth < MAX_DEPTH {
                line.skip_indent();
                line.advance_bytes(1);
                if matches!(line.rest().as_bytes().first(), Some(b' ' | b'\t')) {
                    line.advance_columns(1);
                }
                self.close_unmatched();
                container = self.add_child(Kind::Quote);
                continue;
            } else if let Some((level, text)) = line::atx_heading(content) {
                let text = text.to_string();
                line.finish();
                self.close_unmatched();
                let heading = self.add_child(Kind::Heading(level));
                self.nodes[heading].text = text;
                return heading;
            } else if let Some((marker, len, info)) = line::fence_opening(content) {
                let info = info.to_string();
                line.finish();
                self.close_unmatched();
                return self.add_child(Kind::Fence { marker, len, indent, info });
            } else if let Some(level) = line::setext_underline(content).filter(|_| in_paragraph) {
                if let Some(heading) = self.setext_heading(container, level) {
                    line.finish();
                    return heading;
                }
            }

            if indent <= 3 && in_paragraph {
                if let Some(table) = self.start_table(container, line) {
                    return table;
                }
            }
            if line::is_thematic_break(line.content()) {
                line.finish();
                self.close_unmatched();
                return self.add_child(Kind::Rule);
            }
            match self.start_item(container, line, indent) {
                Some(item) => container = item,
                None => return container,
            }
        }
    }

    /// Turns the open paragraph into a setext heading, unless it holds only
    /// link reference definitions.
    fn setext_heading(&mut self, paragraph: usize, level: u8) -> Option<usize> {
        self.close_unmatched();
        let text = std::mem::take(&mut self.nodes[paragraph].text);
        let text = self.take_definitions(&text).to_string();
        if text.is_empty() {
            return None;
        }
        self.nodes[paragraph].kind = Kind::Heading(level);
        self.nodes[paragraph].text = text.trim_end_matches([' ', '\t']).to_string();
        self.finalize(paragraph, self.line_number);
        Some(paragraph)
    }

    /// Starts a table when the line is a delimiter row and the paragraph's
    /// last line a header row with as many cells.
    fn start_table(&mut self, paragraph: usize, line: &mut Cursor) -> Option<usize> {
        let aligns = table::delimiter_row(line.content())?;
        let text = &self.nodes[paragraph].text;
        let header_start = text.rfind('\n').map_or(0, |at| at + 1);
        let header = &text[header_start..];
        if !table::has_pipe(header) || table::split_row(header).len() != aligns.len() {
            return None;
        }
        // Link reference definitions at the start of the paragraph come
        // first, as in pulldown-cmark: a line they take up is no header.
        let mut defined = 0;
        while let Some((_, end)) = parse_definition(&text[defined..]).filter(|&(_, end)| end > 0) {
            defined += end;
        }
        if defined > header_start {
            return None;
        }

        let header = table::split_row(header);
        line.finish();
        self.close_unmatched();
        let table = Kind::Table { aligns, rows: vec![header] };
        if header_start == 0 {
            self.nodes[paragraph].kind = table;
            self.nodes[paragraph].text.clear();
            return Some(paragraph);
        }
        self.nodes[paragraph].text.truncate(header_start - 1);
        self.finalize(paragraph, self.line_number - 1);
        Some(self.add_child(table))
    }

    /// Starts a list item (and its list, unless it continues one).
    fn start_item(&mut self, container: usize, line: &mut Cursor, indent: usize) -> Option<usize> {
        let in_list = matches!(self.nodes[container].kind, Kind::List { .. });
        if (indent >= 4 && !in_list) || self.nodes[container].depth >= MAX_DEPTH {
            return None;
        }
        let marker = line::list_marker(line.content())?;
        let empty = line.content()[marker.len..].trim_matches([' ', '\t']).is_empty();
        if matches!(self.nodes[container].kind, Kind::Paragraph) && (empty || marker.start.is_some_and(|n| n != 1)) {
            return None;
        }

        line.skip_indent();
        line.advance_bytes(marker.len);
        let (spaces, _) = line.indent();
        let padding = if spaces >= 5 || spaces == 0 || empty {
            line.advance_columns(1);
            marker.len + 1
        } else {
            line.advance_columns(spaces);
            marker.len + spaces
        };

        self.close_unmatched();
        let continues_list = matches!(self.nodes[self.tip].kind,
            Kind::List { marker: kind, .. } if kind == marker.kind);
        if !continues_list {
            self.add_child(Kind::List { marker: marker.kind, start: marker.start });
        }
        Some(self.add_child(Kind::Item { indent: indent + padding }))
    }

    /// Closes the blocks the current line did not continue.
    fn close_unmatched(&mut self) {
        while self.old_tip != self.last_matched {
            let parent = self.nodes[self.old_tip].parent;
            self.finalize(self.old_tip, self.line_number - 1);
            self.old_tip = parent;
        }
    }

    /// Adds a block under the tip, closing blocks that cannot contain it.
    fn add_child(&mut self, kind: Kind) -> usize {
        let is_item = matches!(kind, Kind::Item { .. });
        loop {
            let can_contain = match self.nodes[self.tip].kind {
                Kind::Document | Kind::Quote | Kind::Item { .. } => !is_item,
                Kind::List { .. } => is_item,
                _ => false,
            };
            if can_contain {
                break;
            }
            self.finalize(self.tip, self.line_number - 1);
        }
        let index = self.nodes.len();
        self.nodes.push(Node::new(kind, self.tip, self.line_number));
        self.nodes[index].depth = self.nodes[self.tip].depth + 1;
        self.nodes[self.tip].children.push(index);
        self.tip = index;
        self.old_tip = index;
        self.last_matched = index;
        index
    }

    /// Adds a line to a paragraph or a code block.
    fn push_line(&mut self, node: usize, text: &str) {
        let node = &mut self.nodes[node];
        if matches!(node.kind, Kind::Paragraph) {
            if !node.text.is_empty() {
                node.text.push('\n');
            }
            node.text.push_str(text);
        } else {
            node.text.push_str(text);
            node.text.push('\n');
        }
    }

    /// Adds a body row to a table, with as many cells as its header.
    fn push_row(&mut self, node: usize, text: &str) {
        if let Kind::Table { aligns, rows } = &mut self.nodes[node].kind {
            let mut row = table::split_row(text);
            row.resize(aligns.len(), String::new());
            rows.push(row);
        }
    }

    /// Closes a block on `line` and moves the tip to its parent.
    fn finalize(&mut self, node: usize, line: usize) {
        // The first line, or where a paragraph of definitions that was
        // removed from this block ended.
        let content_end = self.nodes[node].last_line;
        self.nodes[node].open = false;
        self.nodes[node].last_line = line;
        self.tip = self.nodes[node].parent;
        match self.nodes[node].kind {
            // A list or item ends where its last block ends, so that a blank
            // line after it shows as a gap before the next block.
            Kind::Item { .. } | Kind::List { .. } => {
                let last_child = self.nodes[node].children.last();
                self.nodes[node].last_line =
                    last_child.map_or(content_end, |&child| self.nodes[child].last_line.max(content_end));
            }
            Kind::Paragraph => {
                let text = std::mem::take(&mut self.nodes[node].text);
                let rest = self.take_definitions(&text).trim_end_matches([' ', '\t']).to_string();
                if rest.is_empty() {
                    // The definitions still take up lines of the parent, so
                    // an item made only of them ends after them.
                    let parent = self.nodes[node].parent;
                    self.nodes[parent].children.retain(|&child| child != node);
                    self.nodes[parent].last_line = self.nodes[parent].last_line.max(line);
                }
                self.nodes[node].text = rest;
            }
            _ => {}
        }
    }

    /// Collects the link reference definitions at the start of a
    /// paragraph; returns the text after them.
    fn take_definitions<'a>(&mut self, text: &'a str) -> &'a str {
        let mut rest = text;
        while let Some((definition, end)) = parse_definition(rest) {
            if !self.definitions.iter().any(|known| known.label == definition.label) {
                self.definitions.push(definition);
            }
            rest = &rest[end..];
        }
        rest
    }
}
