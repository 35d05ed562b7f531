//! Turns the parser's tree of nodes into [`Block`]s: decides whether each
//! list is tight and reads GFM task list markers.

use super::{Block, Item, Kind, Parser};
use crate::render::entity::unescape;

impl Parser {
    /// Returns the blocks under `node`.
    pub(super) fn build_children(&mut self, node: usize) -> Vec<Block> {
        let children = std::mem::take(&mut self.nodes[node].children);
        children.into_iter().map(|child| self.build(child)).collect()
    }

    fn build(&mut self, node: usize) -> Block {
        let text = std::mem::take(&mut self.nodes[node].text);
        match std::mem::replace(&mut self.nodes[node].kind, Kind::Rule) {
            Kind::Paragraph => Block::Paragraph(text),
            Kind::Heading(level) => Block::Heading(level, text),
            Kind::Fence { info, .. } => {
                let info = unescape(info.split([' ', '\t']).next().unwrap_or_default());
                Block::Code { info, text }
            }
            Kind::Indented => {
                let end = text.trim_end_matches([' ', '\t', '\n']).len();
                let ending = if text.ends_with('\n') { "\n" } else { "" };
                let text = if end == 0 { String::new() } else { text[..end].to_string() + ending };
                Block::Code { info: String::new(), text }
            }
            Kind::Quote => Block::Quote(self.build_children(node)),
            Kind::List { start, .. } => {
                let tight = self.is_tight(node);
                let items = std::mem::take(&mut self.nodes[node].children);
                let items = items.into_iter().map(|item| self.build_item(item)).collect();
                Block::List { start, tight, items }
            }
            Kind::Table { aligns, rows } => Block::Table { aligns, rows },
            Kind::Rule | Kind::Document | Kind::Item { .. } => Block::Rule,
        }
    }

    fn build_item(&mut self, item: usize) -> Item {
        let mut blocks = self.build_children(item);
        let mut task = None;
        if let Some(Block::Paragraph(text)) = blocks.first_mut() {
            let checked = match text.get(..3) {
                Some("[ ]") => Some(false),
                Some("[x]" | "[X]") => Some(true),
                _ => None,
            };
            let separated = matches!(text.as_bytes().get(3), None | Some(b' ' | b'\t' | b'\n'));
            if let Some(checked) = checked.filter(|_| separated) {
                task = Some(checked);
                *text = text[3..].trim_start_matches([' ', '\t']).to_string();
            }
        }
        Item { task, blocks }
    }

    /// True when no blank line separates the list's items or the blocks
    /// inside any item, as CommonMark decides.
    fn is_tight(&self, list: usize) -> bool {
        let gap_after = |siblings: &[usize], index: usize| {
            siblings
                .get(index + 1)
                .is_some_and(|&next| self.nodes[siblings[index]].last_line + 1 < self.nodes[next].first_line)
        };
        let items = &self.nodes[list].children;
        (0..items.len()).all(|index| {
            let blocks = &self.nodes[items[index]].children;
            !gap_after(items, index) && (0..blocks.len()).all(|block| !gap_after(blocks, block))
        })
    }
}
