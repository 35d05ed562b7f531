//! Rendering of the cleaned article as Markdown and as plain text.
//!
//! One walk over the tree writes both: Markdown with headings, lists,
//! quotes, tables, code blocks, links and images (absolute URLs), and plain
//! text with one block a line and no markup characters. The walk uses an
//! explicit stack, so nesting depth costs memory, not call stack.

use html5ever::{LocalName, local_name};

mod buffer;

use super::dom::{Dom, NodeData, NodeId};
use super::url::Base;
use buffer::{Buffer, escape_markdown, is_clean_ascii};

/// The article body in both output forms.
pub struct Rendered {
    pub markdown: String,
    pub text: String,
    /// Words in `text`, as [`super::text::word_count`] counts them.
    pub words: usize,
}

/// Walk step: entering a node or leaving an element.
enum Step {
    Enter(NodeId),
    Exit(NodeId),
}

fn heading_level(tag: &LocalName) -> Option<usize> {
    match *tag {
        local_name!("h1") => Some(1),
        local_name!("h2") => Some(2),
        local_name!("h3") => Some(3),
        local_name!("h4") => Some(4),
        local_name!("h5") => Some(5),
        local_name!("h6") => Some(6),
        _ => None,
    }
}

fn is_block(tag: &LocalName) -> bool {
    matches!(
        *tag,
        local_name!("p")
            | local_name!("div")
            | local_name!("section")
            | local_name!("article")
            | local_name!("main")
            | local_name!("header")
            | local_name!("footer")
            | local_name!("figure")
            | local_name!("figcaption")
            | local_name!("dl")
            | local_name!("dt")
            | local_name!("dd")
            | local_name!("address")
            | local_name!("center")
            | local_name!("details")
            | local_name!("summary")
            | local_name!("table")
            | local_name!("tr")
            | local_name!("caption")
            | local_name!("form")
            | local_name!("fieldset")
            | local_name!("aside")
            | local_name!("nav")
            | local_name!("hgroup")
            | local_name!("picture")
    )
}

/// Returns the real source of an image, looking past lazy-loading
/// placeholders to `data-src`-style attributes and `srcset`.
pub fn image_source(dom: &Dom, image: NodeId) -> Option<String> {
    let usable = |value: &str| {
        let value = value.trim();
        !value.is_empty() && !value.starts_with("data:") && !value.starts_with("about:")
    };
    if let Some(src) = dom.attr(image, "src").filter(|src| usable(src)) {
        return Some(src.trim().to_string());
    }
    for name in ["data-src", "data-lazy-src", "data-original", "data-url", "data-lazy", "data-hi-res-src"] {
        if let Some(value) = dom.attr(image, name).filter(|value| usable(value)) {
            return Some(value.trim().to_string());
        }
    }
    for name in ["srcset", "data-srcset", "data-lazy-srcset"] {
        if let Some(first) = dom.attr(image, name).and_then(|set| set.split(',').next()) {
            if let Some(url) = first.split_whitespace().next().filter(|url| usable(url)) {
                return Some(url.to_string());
            }
        }
    }
    None
}

/// Renders the tree below `root` with links and images resolved against
/// `base_url`.
pub fn render(dom: &Dom, root: NodeId, base_url: &str) -> Rendered {
    // Room for the text and some markup, so that the buffers of a long
    // article are not copied as they grow.
    let length = super::text::text_length(dom, root);
    let mut renderer = Renderer {
        dom,
        base_url,
        base: Base::new(base_url),
        markdown: Buffer::with_capacity(length + length / 4),
        text: Buffer::with_capacity(length + length / 16),
        pre_depth: 0,
        lists: Vec::new(),
        links: Vec::new(),
        link_end: String::new(),
    };
    renderer.walk(root);
    let mut markdown = renderer.markdown.out;
    markdown.truncate(markdown.trim_end().len());
    let mut text = renderer.text.out;
    text.truncate(text.trim_end().len());
    let words = super::text::word_count(&text);
    Rendered { markdown, text, words }
}

struct Renderer<'a> {
    dom: &'a Dom,
    base_url: &'a str,
    /// `base_url` split once for the article's links and images.
    base: Base<'a>,
    markdown: Buffer,
    text: Buffer,
    pre_depth: usize,
    /// Open lists: `Some(next number)` for ordered lists.
    lists: Vec<Option<usize>>,
    /// Open links: the resolved target of each one that is written.
    links: Vec<Option<String>>,
    /// Scratch space for the end of a Markdown link, `](target)`.
    link_end: String,
}

impl Renderer<'_> {
    fn walk(&mut self, root: NodeId) {
        let mut stack: Vec<Step> = self.dom.children(root).into_iter().rev().map(Step::Enter).collect();
        while let Some(step) = stack.pop() {
            match step {
                Step::Enter(node) => {
                    if self.enter(node) {
                        stack.push(Step::Exit(node));
                        let mut child = self.dom.node(node).last_child;
                        while let Some(current) = child {
                            stack.push(Step::Enter(current));
                            child = self.dom.prev_sibling(current);
                        }
                    }
                }
                Step::Exit(node) => self.exit(node),
            }
        }
    }

    fn both_break(&mut self, lines: u8) {
        self.markdown.block_break(lines);
        self.text.block_break(1);
    }

    /// Handles the start of a node; returns true when its children should
    /// be walked and its exit handled.
    fn enter(&mut self, node: NodeId) -> bool {
        let dom = self.dom;
        let tag = match &dom.node(node).data {
            NodeData::Text { .. } => {
                let text = dom.text(node).unwrap_or("");
                if self.pre_depth > 0 {
                    self.markdown.write(text);
                    self.text.write(text);
                } else {
                    // Text that Markdown takes as it is, plain text does too.
                    let clean = is_clean_ascii(text.trim().as_bytes(), true);
                    self.markdown.write_collapsed(text, true, clean);
                    self.text.write_collapsed(text, false, clean);
                }
                return false;
            }
            NodeData::Element { .. } => match dom.tag(node) {
                Some(tag) => tag.clone(),
                None => return false,
            },
            _ => return false,
        };
        self.text.at_element_boundary = true;

        if let Some(level) = heading_level(&tag) {
            self.both_break(2);
            self.markdown.write(&"#".repeat(level));
            self.markdown.pending_space = true;
            return true;
        }
        match tag {
            local_name!("br") => {
                if self.pre_depth > 0 {
                    self.markdown.write("\n");
                    self.text.write("\n");
                } else {
                    self.markdown.block_break(1);
                    self.text.block_break(1);
                }
                false
            }
            local_name!("hr") => {
                self.both_break(2);
                self.markdown.write("---");
                self.both_break(2);
                false
            }
            local_name!("img") => {
                self.image(node);
                false
            }
            local_name!("svg")
            | local_name!("video")
            | local_name!("audio")
            | local_name!("iframe")
            | local_name!("object")
            | local_name!("embed")
            | local_name!("canvas")
            | local_name!("select")
            | local_name!("textarea")
            | local_name!("input")
            | local_name!("button") => false,
            local_name!("pre") => {
                self.code_block(node);
                false
            }
            local_name!("table") if self.table(node) => false,
            local_name!("ul") | local_name!("ol") => {
                let start = dom.attr(node, "start").and_then(|s| s.trim().parse().ok()).unwrap_or(1);
                self.lists.push((tag == local_name!("ol")).then_some(start));
                if self.lists.len() == 1 {
                    self.both_break(2);
                } else {
                    self.both_break(1);
                }
                true
            }
            local_name!("li") => {
                self.list_item();
                true
            }
            local_name!("blockquote") => {
                self.both_break(2);
                self.markdown.prefix.push("> ".into());
                true
            }
            local_name!("code") | local_name!("kbd") | local_name!("samp") if self.pre_depth == 0 => {
                self.inline_code(node);
                false
            }
            local_name!("strong") | local_name!("b") => self.emphasis(node, "**"),
            local_name!("em") | local_name!("i") => self.emphasis(node, "*"),
            local_name!("a") => {
                let target = self.link_target(node).filter(|_| has_visible_content(dom, node));
                if target.is_some() {
                    self.markdown.write("[");
                }
                self.links.push(target);
                true
            }
            local_name!("td") | local_name!("th") => {
                self.markdown.pending_space = true;
                self.text.pending_space = true;
                true
            }
            local_name!("dt") => {
                self.both_break(2);
                true
            }
            ref other if is_block(other) => {
                self.both_break(2);
                true
            }
            _ => true,
        }
    }

    fn exit(&mut self, node: NodeId) {
        let Some(tag) = self.dom.tag(node).cloned() else { return };
        self.text.at_element_boundary = true;
        if heading_level(&tag).is_some() {
            self.both_break(2);
            return;
        }
        match tag {
            local_name!("ul") | local_name!("ol") => {
                self.lists.pop();
                self.both_break(2);
            }
            local_name!("li") => {
                self.markdown.prefix.pop();
                self.markdown.item_marker = None;
                self.both_break(1);
            }
            local_name!("blockquote") => {
                self.markdown.prefix.pop();
                self.both_break(2);
            }
            local_name!("strong") | local_name!("b") => self.markdown.write("**"),
            local_name!("em") | local_name!("i") => self.markdown.write("*"),
            local_name!("a") => {
                if let Some(target) = self.links.pop().flatten() {
                    let end = &mut self.link_end;
                    end.clear();
                    end.push_str("](");
                    end.push_str(&markdown_url(&target));
                    end.push(')');
                    self.markdown.write(end);
                }
            }
            ref other if is_block(other) => self.both_break(2),
            _ => {}
        }
    }

    fn list_item(&mut self) {
        let marker = match self.lists.last_mut() {
            Some(Some(number)) => {
                let marker = format!("{number}. ");
                *number += 1;
                marker
            }
            _ => "- ".to_string(),
        };
        self.markdown.block_break(1);
        self.text.block_break(1);
        self.markdown.prefix.push(" ".repeat(marker.len()));
        self.markdown.item_marker = Some(marker);
    }

    fn emphasis(&mut self, node: NodeId, marker: &str) -> bool {
        if self.pre_depth > 0 || !has_text(self.dom, node) {
            return true;
        }
        self.markdown.write(marker);
        // The text right after the marker must not start with a space.
        self.markdown.pending_space = false;
        true
    }

    fn link_target(&self, node: NodeId) -> Option<String> {
        let href = self.dom.attr(node, "href")?.trim();
        if href.is_empty() || href.starts_with('#') {
            return None;
        }
        self.base.resolve(href)
    }

    fn image(&mut self, node: NodeId) {
        let Some(source) = image_source(self.dom, node).and_then(|src| self.base.resolve(&src)) else {
            return;
        };
        let alt = self.dom.attr(node, "alt").unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" ");
        self.markdown.write(&format!("![{}]({})", escape_markdown(&alt), markdown_url(&source)));
    }

    fn inline_code(&mut self, node: NodeId) {
        let code = super::text::text_content(self.dom, node);
        let code = code.split_whitespace().collect::<Vec<_>>().join(" ");
        if code.is_empty() {
            return;
        }
        let fence = if code.contains('`') { "``" } else { "`" };
        let padding = if code.starts_with('`') || code.ends_with('`') { " " } else { "" };
        self.markdown.write(&format!("{fence}{padding}{code}{padding}{fence}"));
        self.text.write(&code);
    }

    fn code_block(&mut self, node: NodeId) {
        let code = super::text::text_content(self.dom, node);
        let code = code.trim_matches('\n');
        if code.trim().is_empty() {
            return;
        }
        let language = code_language(self.dom, node);
        let mut fence = "```".to_string();
        while code.contains(&fence) {
            fence.push('`');
        }
        self.both_break(2);
        self.markdown.write(&format!("{fence}{language}"));
        let prefix: String = self.markdown.prefix.iter().map(String::as_str).collect();
        for line in code.lines() {
            self.markdown.out.push('\n');
            self.markdown.out.push_str(&prefix);
            self.markdown.out.push_str(line);
        }
        self.markdown.out.push('\n');
        self.markdown.out.push_str(&prefix);
        self.markdown.out.push_str(&fence);
        self.text.write(code);
        self.both_break(2);
    }

    /// Writes a table as a Markdown table when it is a simple grid; returns
    /// false to render it as blocks instead.
    fn table(&mut self, node: NodeId) -> bool {
        let dom = self.dom;
        let nested =
            [local_name!("table"), local_name!("ul"), local_name!("ol"), local_name!("pre"), local_name!("blockquote")];
        if dom.contains_any(node, &nested) {
            return false;
        }
        let rows: Vec<Vec<NodeId>> = dom
            .find_all(node, &[local_name!("tr")])
            .into_iter()
            .map(|row| {
                dom.element_children(row)
                    .into_iter()
                    .filter(|&cell| dom.is(cell, &local_name!("td")) || dom.is(cell, &local_name!("th")))
                    .collect::<Vec<_>>()
            })
            .filter(|cells: &Vec<NodeId>| !cells.is_empty())
            .collect();
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        if rows.is_empty() || columns < 2 {
            return false;
        }

        self.both_break(2);
        if let Some(caption) = dom.find_first(node, &local_name!("caption")) {
            let caption = render(dom, caption, self.base_url);
            self.markdown.write(&caption.markdown.replace('\n', " "));
            self.text.write(&caption.text);
            self.both_break(2);
        }
        for (index, row) in rows.iter().enumerate() {
            let mut markdown_cells = Vec::new();
            let mut text_cells = Vec::new();
            for &cell in row {
                let rendered = render(dom, cell, self.base_url);
                markdown_cells.push(rendered.markdown.replace('\n', " ").replace('|', "\\|"));
                text_cells.push(rendered.text.replace('\n', " "));
            }
            markdown_cells.resize(columns, String::new());
            self.markdown.write(&format!("| {} |", markdown_cells.join(" | ")));
            self.markdown.block_break(1);
            if index == 0 {
                self.markdown.write(&format!("|{}", " --- |".repeat(columns)));
                self.markdown.block_break(1);
            }
            let line = text_cells.into_iter().filter(|cell| !cell.is_empty()).collect::<Vec<_>>().join(" ");
            if !line.is_empty() {
                self.text.write(&line);
                self.text.block_break(1);
            }
        }
        self.both_break(2);
        true
    }
}

fn has_text(dom: &Dom, node: NodeId) -> bool {
    super::text::text_length(dom, node) > 0
}

fn has_visible_content(dom: &Dom, node: NodeId) -> bool {
    has_text(dom, node) || dom.contains_any(node, &[local_name!("img")])
}

/// Returns the language named by a `language-*` or `lang-*` class on a
/// code block or its `<code>` child.
fn code_language(dom: &Dom, pre: NodeId) -> String {
    let code = dom.find_first(pre, &local_name!("code"));
    for node in std::iter::once(pre).chain(code) {
        if let Some(class) = dom.attr(node, "class") {
            for token in class.split_whitespace() {
                let language = token.strip_prefix("language-").or_else(|| token.strip_prefix("lang-"));
                if let Some(language) =
                    language.filter(|l| l.chars().all(|c| c.is_ascii_alphanumeric() || "+-#".contains(c)))
                {
                    return language.to_string();
                }
            }
        }
    }
    String::new()
}

/// Encodes the characters that would end a Markdown link destination.
fn markdown_url(url: &str) -> std::borrow::Cow<'_, str> {
    if !url.bytes().any(|byte| matches!(byte, b' ' | b'(' | b')')) {
        return std::borrow::Cow::Borrowed(url);
    }
    let mut encoded = String::with_capacity(url.len() + 6);
    for c in url.chars() {
        match c {
            ' ' => encoded.push_str("%20"),
            '(' => encoded.push_str("%28"),
            ')' => encoded.push_str("%29"),
            _ => encoded.push(c),
        }
    }
    std::borrow::Cow::Owned(encoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_url_encodes_delimiters() {
        assert_eq!(markdown_url("https://a.example/x (1).png"), "https://a.example/x%20%281%29.png");
        assert!(matches!(markdown_url("https://a.example/x"), std::borrow::Cow::Borrowed(_)));
    }
}
