//! HTML parsing into a [`Dom`] with html5ever.
//!
//! html5ever implements the WHATWG parsing algorithm, so a page parses into
//! the same tree a browser builds from it, whatever its errors. The parser
//! runs with scripting off, as offline tools do, so `<noscript>` content is
//! parsed as markup and its fallback images stay reachable.
//!
//! Like Chromium's parser, the tree stops nesting at [`MAX_DEPTH`]: deeper
//! elements are added as siblings at that depth. Pages captured from the
//! browser never nest deeper, and the bound keeps every walk over
//! ancestors or subtrees linear in the page size.

use std::borrow::Cow;
use std::cell::{Ref, RefCell};
use std::collections::HashMap;

use html5ever::interface::tree_builder::{ElemName, ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::TreeBuilderOpts;
use html5ever::{Attribute, LocalName, Namespace, ParseOpts, QualName, parse_document};

use super::dom::{Dom, NodeData, NodeId, ROOT};

/// Depth at which the tree stops nesting; Chromium uses 512 too (its
/// `HTMLConstructionSite::kMaximumHTMLParserDOMTreeDepth`).
pub const MAX_DEPTH: u16 = 512;

/// Bytes of reduced markup per node that the node vector is sized for.
/// Over the Readability test pages and the trafilatura evaluation pages,
/// the median page has 39 and one page in ten fewer than 26, so most
/// pages fill the vector without growing it.
const BYTES_PER_NODE: usize = 26;

/// Parses a whole HTML document, after leaving out what extraction never
/// reads ([`super::prescan`]).
pub fn parse_html(html: &str) -> Dom {
    parse_markup(&super::prescan::reduce_markup(html))
}

/// Parses a whole HTML document as it is.
pub fn parse_markup(html: &str) -> Dom {
    let opts = ParseOpts {
        tree_builder: TreeBuilderOpts { scripting_enabled: false, ..TreeBuilderOpts::default() },
        ..ParseOpts::default()
    };
    let nodes = html.len() / BYTES_PER_NODE;
    let sink = Sink {
        dom: RefCell::new(Dom::with_capacity(nodes)),
        templates: RefCell::new(HashMap::new()),
        depths: RefCell::new(Vec::with_capacity(nodes)),
    };
    sink.depths.borrow_mut().push(0);
    let mut dom = parse_document(sink, opts).one(StrTendril::from_slice(html));
    dom.read_marks();
    dom
}

/// Tree builder target that fills a [`Dom`].
struct Sink {
    dom: RefCell<Dom>,
    /// Each `<template>` element and the detached root of its contents.
    templates: RefCell<HashMap<NodeId, NodeId>>,
    /// Depth of each node placed in the tree, indexed by node id.
    depths: RefCell<Vec<u16>>,
}

impl Sink {
    fn insert(&self, child: NodeOrText<NodeId>, place: impl FnOnce(&mut Dom, NodeId), previous: Option<NodeId>) {
        let mut dom = self.dom.borrow_mut();
        let node = match child {
            NodeOrText::AppendNode(node) => node,
            NodeOrText::AppendText(text) => {
                if previous.is_some_and(|previous| dom.append_text(previous, &text)) {
                    return;
                }
                dom.push_text(text)
            }
        };
        place(&mut dom, node);
        let parent_depth = dom.parent(node).map_or(0, |parent| self.depth(parent));
        self.set_depth(node, parent_depth.saturating_add(1));
    }

    fn depth(&self, id: NodeId) -> u16 {
        self.depths.borrow().get(id.index()).copied().unwrap_or(0)
    }

    fn set_depth(&self, id: NodeId, depth: u16) {
        let mut depths = self.depths.borrow_mut();
        let index = id.index();
        if depths.len() <= index {
            depths.resize(index + 1, 0);
        }
        depths[index] = depth;
    }

    /// Returns the nearest of `parent` and its ancestors that is shallow
    /// enough to take another level of children.
    fn capped_parent(&self, parent: NodeId) -> NodeId {
        let dom = self.dom.borrow();
        let mut parent = parent;
        while self.depth(parent) >= MAX_DEPTH {
            match dom.parent(parent) {
                Some(grandparent) => parent = grandparent,
                None => break,
            }
        }
        parent
    }
}

/// The name of an element, borrowed from the tree for as long as the
/// tree builder reads it.
struct SinkName<'a> {
    dom: Ref<'a, Dom>,
    id: NodeId,
}

impl std::fmt::Debug for SinkName<'_> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.dom.element_name(self.id).fmt(formatter)
    }
}

impl ElemName for SinkName<'_> {
    fn ns(&self) -> &Namespace {
        self.dom.element_name(self.id).ns
    }

    fn local_name(&self) -> &LocalName {
        self.dom.element_name(self.id).local
    }
}

impl TreeSink for Sink {
    type Handle = NodeId;
    type Output = Dom;
    type ElemName<'a> = SinkName<'a>;

    fn finish(self) -> Dom {
        self.dom.into_inner()
    }

    fn parse_error(&self, _message: Cow<'static, str>) {}

    fn get_document(&self) -> NodeId {
        ROOT
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> SinkName<'a> {
        SinkName { dom: self.dom.borrow(), id: *target }
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        let mut dom = self.dom.borrow_mut();
        let element = dom.push_element(name, attrs);
        if flags.template {
            // The contents of a template are inert: they live under a
            // detached document node that no walk reaches.
            let contents = dom.push(NodeData::Document);
            self.templates.borrow_mut().insert(element, contents);
        }
        element
    }

    fn create_comment(&self, _text: StrTendril) -> NodeId {
        self.dom.borrow_mut().push(NodeData::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> NodeId {
        self.dom.borrow_mut().push(NodeData::Other)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        let parent = self.capped_parent(*parent);
        let previous = self.dom.borrow().node(parent).last_child;
        self.insert(child, |dom, node| dom.append(parent, node), previous);
    }

    fn append_based_on_parent_node(&self, element: &NodeId, prev_element: &NodeId, child: NodeOrText<NodeId>) {
        let has_parent = self.dom.borrow().parent(*element).is_some();
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _name: StrTendril, _public_id: StrTendril, _system_id: StrTendril) {}

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        let templates = self.templates.borrow();
        templates.get(target).copied().unwrap_or(*target)
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        let previous = self.dom.borrow().prev_sibling(*sibling);
        self.insert(new_node, |dom, node| dom.insert_before(*sibling, node), previous);
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.dom.borrow_mut().add_missing_attributes(*target, attrs);
    }

    fn remove_from_parent(&self, target: &NodeId) {
        self.dom.borrow_mut().detach(*target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.dom.borrow_mut().move_children(*node, *new_parent);
    }
}
