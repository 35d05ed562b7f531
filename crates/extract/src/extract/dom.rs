//! A small mutable document tree that extraction reads and rewrites.
//!
//! Nodes live in one vector and point at each other by index, so the tree
//! drops in one pass whatever its depth, and every walk over it is a loop
//! over sibling and parent links instead of recursion. Detached nodes stay
//! in the vector and are simply no longer reachable from the root.
//!
//! Each scoring pass changes its own copy of the tree. Text and
//! attributes never change after parsing, so they live in tables that the
//! copies share, and a copy costs one copy of the node vector.

use std::num::NonZeroU32;
use std::rc::Rc;

use html5ever::tendril::StrTendril;
use html5ever::{Attribute, LocalName, Namespace, QualName, local_name, ns};

use super::marks::{Marks, read_marks};
use super::names::{NameIndex, Names};

/// Index of a node in a [`Dom`], stored plus one so that an
/// `Option<NodeId>` takes four bytes. Walks over the tree read these links
/// for every node, so smaller nodes make them faster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(NonZeroU32);

impl NodeId {
    fn from_index(index: usize) -> Self {
        let stored = u32::try_from(index + 1).ok().and_then(NonZeroU32::new);
        Self(stored.expect("a tree has fewer than 2^32 - 1 nodes"))
    }

    /// Returns the position of the node in the tree's node vector.
    pub fn index(self) -> usize {
        self.0.get() as usize - 1
    }
}

/// Kind and contents of a node.
#[derive(Debug, Clone, Copy)]
pub enum NodeData {
    /// The document, or the detached root of a `<template>`'s contents.
    Document,
    /// An element with the index of its namespace and local name in the
    /// shared name table, and of its attribute list in the shared
    /// attribute table. List 0 is empty. The HTML parser gives elements no
    /// namespace prefix, so none is stored.
    Element { name: NameIndex, attrs: u32 },
    /// A run of text, by its index in the shared text table, with its
    /// measures: characters after trimming and collapsing whitespace runs
    /// to one space, and commas. [`Dom::measure_text`] sets the measures.
    Text { index: u32, length: u32, commas: u32 },
    /// A comment, doctype or processing instruction: kept only as a node.
    Other,
}

/// One node with its tree links.
#[derive(Debug, Clone, Copy)]
pub struct Node {
    pub parent: Option<NodeId>,
    pub first_child: Option<NodeId>,
    pub last_child: Option<NodeId>,
    pub prev: Option<NodeId>,
    pub next: Option<NodeId>,
    pub data: NodeData,
}

impl Node {
    /// Returns the measured length of a text node's text, or 0 for other
    /// nodes and before [`Dom::measure_text`].
    pub fn text_length(&self) -> u32 {
        match self.data {
            NodeData::Text { length, .. } => length,
            _ => 0,
        }
    }

    /// Returns the number of commas in a text node's text, or 0 for other
    /// nodes and before [`Dom::measure_text`].
    pub fn commas(&self) -> u32 {
        match self.data {
            NodeData::Text { commas, .. } => commas,
            _ => 0,
        }
    }
}

/// The namespace and local name of an element, borrowed from the tree
/// for the HTML tree builder.
#[derive(Debug)]
pub struct ElementName<'a> {
    pub ns: &'a Namespace,
    pub local: &'a LocalName,
}

/// The document tree.
#[derive(Debug)]
pub struct Dom {
    nodes: Vec<Node>,
    /// Element names, shared by the copies of a tree until one renames
    /// an element to a name the table lacks.
    names: Rc<Names>,
    /// Attribute lists of elements, shared by the copies of a tree.
    attributes: Rc<Vec<Vec<Attribute>>>,
    /// Text of the text nodes, shared by the copies of a tree.
    texts: Rc<Vec<StrTendril>>,
    /// Marks of each attribute list, by the list's index; empty until
    /// [`Dom::read_marks`] runs.
    marks: Rc<Vec<Marks>>,
    /// Marks of elements without attributes.
    no_marks: Marks,
    /// Namespace and name that [`Dom::element_name`] returns for nodes that
    /// are not elements.
    no_namespace: Namespace,
    no_name: LocalName,
}

impl Clone for Dom {
    /// Copies the tree with room for more nodes, as a scoring pass adds a
    /// few to its copy and a full vector would be copied again to grow.
    fn clone(&self) -> Self {
        let mut nodes = Vec::with_capacity(self.nodes.len() + self.nodes.len() / 16 + 16);
        nodes.extend_from_slice(&self.nodes);
        Self {
            nodes,
            names: Rc::clone(&self.names),
            attributes: Rc::clone(&self.attributes),
            texts: Rc::clone(&self.texts),
            marks: Rc::clone(&self.marks),
            no_marks: self.no_marks.clone(),
            no_namespace: self.no_namespace.clone(),
            no_name: self.no_name.clone(),
        }
    }
}

/// Returns the value of attribute `name` in `attrs`.
pub fn attribute<'a>(attrs: &'a [Attribute], name: &str) -> Option<&'a str> {
    attrs.iter().find(|attr| &*attr.name.local == name).map(|attr| &*attr.value)
}

/// The root of every document.
pub const ROOT: NodeId = NodeId(NonZeroU32::MIN);

impl Default for Dom {
    fn default() -> Self {
        Self::new()
    }
}

impl Dom {
    /// Creates a tree holding only the document node.
    pub fn new() -> Self {
        Self::with_capacity(1)
    }

    /// Creates a tree holding only the document node, with room for
    /// `nodes` nodes.
    pub fn with_capacity(nodes: usize) -> Self {
        let mut dom = Self {
            nodes: Vec::with_capacity(nodes),
            names: Rc::new(Names::default()),
            attributes: Rc::new(vec![Vec::new()]),
            texts: Rc::new(Vec::new()),
            marks: Rc::new(Vec::new()),
            no_marks: Marks::default(),
            no_namespace: ns!(),
            no_name: local_name!(""),
        };
        dom.push(NodeData::Document);
        dom
    }

    /// Adds a detached document node or comment-like node and returns its
    /// id; elements and text have constructors of their own.
    pub fn push(&mut self, data: NodeData) -> NodeId {
        let id = NodeId::from_index(self.nodes.len());
        self.nodes.push(Node { parent: None, first_child: None, last_child: None, prev: None, next: None, data });
        id
    }

    /// Adds a detached element with its attributes.
    pub fn push_element(&mut self, name: QualName, attrs: Vec<Attribute>) -> NodeId {
        debug_assert!(name.prefix.is_none(), "the HTML parser creates elements without a prefix");
        let list = if attrs.is_empty() {
            0
        } else {
            let attributes = Rc::make_mut(&mut self.attributes);
            attributes.push(attrs);
            (attributes.len() - 1) as u32
        };
        let name = Rc::make_mut(&mut self.names).intern(name.ns, name.local);
        self.push(NodeData::Element { name, attrs: list })
    }

    /// Adds a detached text node.
    pub fn push_text(&mut self, text: StrTendril) -> NodeId {
        let texts = Rc::make_mut(&mut self.texts);
        texts.push(text);
        let index = (texts.len() - 1) as u32;
        self.push(NodeData::Text { index, length: 0, commas: 0 })
    }

    /// Appends `more` to text node `id` and returns true, or returns false
    /// when `id` is not a text node. The parser calls this while the tree
    /// has no copies, so the text table is not copied.
    pub fn append_text(&mut self, id: NodeId, more: &StrTendril) -> bool {
        let NodeData::Text { index, .. } = self.node(id).data else { return false };
        let texts = Rc::make_mut(&mut self.texts);
        texts[index as usize].push_tendril(more);
        true
    }

    /// Adds the attributes of `attrs` that element `id` lacks, as the
    /// parser does for a second `<html>` or `<body>` tag.
    pub fn add_missing_attributes(&mut self, id: NodeId, attrs: Vec<Attribute>) {
        let NodeData::Element { attrs: list, .. } = self.node(id).data else { return };
        if list == 0 {
            let attributes = Rc::make_mut(&mut self.attributes);
            attributes.push(attrs);
            let new_list = (attributes.len() - 1) as u32;
            if let NodeData::Element { attrs: list, .. } = &mut self.node_mut(id).data {
                *list = new_list;
            }
            return;
        }
        let existing = &mut Rc::make_mut(&mut self.attributes)[list as usize];
        for attr in attrs {
            if !existing.iter().any(|old| old.name == attr.name) {
                existing.push(attr);
            }
        }
    }

    /// Measures every text node once, so that the many length and comma
    /// counts of scoring and cleaning are sums instead of string scans.
    /// Text never changes after parsing, so the measures stay valid.
    pub fn measure_text(&mut self) {
        for node in &mut self.nodes {
            if let NodeData::Text { index, length, commas } = &mut node.data {
                (*length, *commas) = super::text::measure(&self.texts[*index as usize]);
            }
        }
    }

    /// Creates a detached HTML element without attributes.
    pub fn create_element(&mut self, name: LocalName) -> NodeId {
        let name = self.intern_html(name);
        self.push(NodeData::Element { name, attrs: 0 })
    }

    /// Returns the index of the HTML element name `name`, adding it to the
    /// name table when it is new. The table is copied only then.
    fn intern_html(&mut self, name: LocalName) -> NameIndex {
        Rc::make_mut(&mut self.names).intern(ns!(html), name)
    }

    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.index()]
    }

    fn node_mut(&mut self, id: NodeId) -> &mut Node {
        &mut self.nodes[id.index()]
    }

    /// Returns the namespace and name of element `id`, or an empty name
    /// for other nodes. The tree builder reads element names through it.
    pub fn element_name(&self, id: NodeId) -> ElementName<'_> {
        match &self.node(id).data {
            NodeData::Element { name, .. } => {
                let (ns, local) = self.names.get(*name);
                ElementName { ns, local }
            }
            _ => ElementName { ns: &self.no_namespace, local: &self.no_name },
        }
    }

    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).parent
    }

    pub fn first_child(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).first_child
    }

    pub fn next_sibling(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).next
    }

    pub fn prev_sibling(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).prev
    }

    /// Returns the element name of `id`, or `None` for other nodes.
    pub fn tag(&self, id: NodeId) -> Option<&LocalName> {
        match &self.node(id).data {
            NodeData::Element { name, .. } => Some(&self.names.get(*name).1),
            _ => None,
        }
    }

    /// Returns true when `id` is an element named `name`.
    pub fn is(&self, id: NodeId, name: &LocalName) -> bool {
        self.tag(id) == Some(name)
    }

    pub fn is_element(&self, id: NodeId) -> bool {
        matches!(self.node(id).data, NodeData::Element { .. })
    }

    /// Returns the text of a text node, or `None` for other nodes.
    pub fn text(&self, id: NodeId) -> Option<&str> {
        match self.node(id).data {
            NodeData::Text { index, .. } => Some(&self.texts[index as usize]),
            _ => None,
        }
    }

    /// Returns the value of attribute `name` on element `id`.
    pub fn attr(&self, id: NodeId, name: &str) -> Option<&str> {
        debug_assert!(
            super::tags::is_kept_attribute(name.as_bytes()),
            "attribute {name} is removed before parsing; add it to tags::KEPT_ATTRIBUTES"
        );
        attribute(self.attrs(id), name)
    }

    /// Reads the marks of every element from its attributes
    /// ([`super::marks`]); the parser calls it once the tree is built.
    pub fn read_marks(&mut self) {
        self.marks = Rc::new(read_marks(&self.attributes));
    }

    /// Returns what the attributes of element `id` say about it, or empty
    /// marks for other nodes.
    pub fn marks(&self, id: NodeId) -> &Marks {
        match self.node(id).data {
            NodeData::Element { attrs, .. } => self.marks.get(attrs as usize).unwrap_or(&self.no_marks),
            _ => &self.no_marks,
        }
    }

    /// Returns the attributes of element `id` (empty for other nodes).
    pub fn attrs(&self, id: NodeId) -> &[Attribute] {
        match self.node(id).data {
            NodeData::Element { attrs, .. } => &self.attributes[attrs as usize],
            _ => &[],
        }
    }

    /// Renames element `id`, keeping its attributes and children.
    pub fn rename(&mut self, id: NodeId, new_name: LocalName) {
        if !self.is_element(id) {
            return;
        }
        let new_name = self.intern_html(new_name);
        if let NodeData::Element { name, .. } = &mut self.node_mut(id).data {
            *name = new_name;
        }
    }

    /// Returns the children of `id` in order, as a vector so that the caller
    /// may change the tree while it walks them.
    pub fn children(&self, id: NodeId) -> Vec<NodeId> {
        let mut children = Vec::new();
        let mut child = self.first_child(id);
        while let Some(current) = child {
            children.push(current);
            child = self.next_sibling(current);
        }
        children
    }

    /// Returns the element children of `id`.
    pub fn element_children(&self, id: NodeId) -> Vec<NodeId> {
        let mut children = self.children(id);
        children.retain(|&child| self.is_element(child));
        children
    }

    /// Returns the node after `id` in document order inside `root`, entering
    /// children when `enter` is true.
    pub fn next_in_order(&self, id: NodeId, root: NodeId, enter: bool) -> Option<NodeId> {
        if enter {
            if let Some(child) = self.first_child(id) {
                return Some(child);
            }
        }
        let mut current = id;
        loop {
            if current == root {
                return None;
            }
            if let Some(next) = self.next_sibling(current) {
                return Some(next);
            }
            current = self.parent(current)?;
        }
    }

    /// Returns the last node below `root` in document order: its deepest
    /// last descendant.
    pub fn last_descendant(&self, root: NodeId) -> Option<NodeId> {
        let mut last = self.node(root).last_child?;
        while let Some(child) = self.node(last).last_child {
            last = child;
        }
        Some(last)
    }

    /// Returns the node before `id` in document order inside `root`, the
    /// reverse of [`Dom::next_in_order`] with every child entered.
    pub fn prev_in_order(&self, id: NodeId, root: NodeId) -> Option<NodeId> {
        if id == root {
            return None;
        }
        match self.prev_sibling(id) {
            Some(sibling) => Some(self.last_descendant(sibling).unwrap_or(sibling)),
            None => self.parent(id).filter(|&parent| parent != root),
        }
    }

    /// Returns every node below `root` in document order (not `root` itself).
    pub fn descendants(&self, root: NodeId) -> Vec<NodeId> {
        let mut found = Vec::new();
        let mut current = self.next_in_order(root, root, true);
        while let Some(id) = current {
            found.push(id);
            current = self.next_in_order(id, root, true);
        }
        found
    }

    /// Returns the elements below `root` whose name is in `names`.
    pub fn find_all(&self, root: NodeId, names: &[LocalName]) -> Vec<NodeId> {
        let mut found = Vec::new();
        let mut current = self.next_in_order(root, root, true);
        while let Some(id) = current {
            if self.tag(id).is_some_and(|tag| names.contains(tag)) {
                found.push(id);
            }
            current = self.next_in_order(id, root, true);
        }
        found
    }

    /// Returns the first element below `root` named `name`.
    pub fn find_first(&self, root: NodeId, name: &LocalName) -> Option<NodeId> {
        let mut current = self.next_in_order(root, root, true);
        while let Some(id) = current {
            if self.is(id, name) {
                return Some(id);
            }
            current = self.next_in_order(id, root, true);
        }
        None
    }

    /// Returns true when `root` contains an element named in `names`.
    pub fn contains_any(&self, root: NodeId, names: &[LocalName]) -> bool {
        let mut current = self.next_in_order(root, root, true);
        while let Some(id) = current {
            if self.tag(id).is_some_and(|tag| names.contains(tag)) {
                return true;
            }
            current = self.next_in_order(id, root, true);
        }
        false
    }

    /// Returns true when `id` is `root` or below it.
    pub fn is_within(&self, id: NodeId, root: NodeId) -> bool {
        let mut current = Some(id);
        while let Some(node) = current {
            if node == root {
                return true;
            }
            current = self.parent(node);
        }
        false
    }

    /// Returns the elements of `listed` named in `names` that are still below
    /// `root`, in the order of `listed`. When `listed` is what
    /// [`Dom::find_all`] returned for `root` and the tree has since only
    /// lost nodes, or renamed them among the names it was given, this is
    /// what a new `find_all` would return, without walking the subtree.
    pub fn still_within(&self, listed: &[NodeId], root: NodeId, names: &[LocalName]) -> Vec<NodeId> {
        listed
            .iter()
            .copied()
            .filter(|&id| self.tag(id).is_some_and(|tag| names.contains(tag)) && self.is_within(id, root))
            .collect()
    }

    /// Returns the ancestors of `id`, nearest first, at most `max` of them
    /// (`0` means all).
    pub fn ancestors(&self, id: NodeId, max: usize) -> Vec<NodeId> {
        let mut found = Vec::new();
        let mut current = self.parent(id);
        while let Some(parent) = current {
            found.push(parent);
            if max > 0 && found.len() == max {
                break;
            }
            current = self.parent(parent);
        }
        found
    }

    /// Returns true when an ancestor of `id` within `max_depth` levels (`0`
    /// means any depth) is named `name`.
    pub fn has_ancestor(&self, id: NodeId, name: &LocalName, max_depth: usize) -> bool {
        self.ancestors(id, max_depth).iter().any(|&ancestor| self.is(ancestor, name))
    }

    /// Detaches `id` from its parent; its subtree stays intact.
    pub fn detach(&mut self, id: NodeId) {
        let (parent, prev, next) = {
            let node = self.node(id);
            (node.parent, node.prev, node.next)
        };
        match prev {
            Some(prev) => self.node_mut(prev).next = next,
            None => {
                if let Some(parent) = parent {
                    self.node_mut(parent).first_child = next;
                }
            }
        }
        match next {
            Some(next) => self.node_mut(next).prev = prev,
            None => {
                if let Some(parent) = parent {
                    self.node_mut(parent).last_child = prev;
                }
            }
        }
        let node = self.node_mut(id);
        node.parent = None;
        node.prev = None;
        node.next = None;
    }

    /// Appends `child` as the last child of `parent`, detaching it first.
    pub fn append(&mut self, parent: NodeId, child: NodeId) {
        self.detach(child);
        let last = self.node(parent).last_child;
        {
            let node = self.node_mut(child);
            node.parent = Some(parent);
            node.prev = last;
        }
        match last {
            Some(last) => self.node_mut(last).next = Some(child),
            None => self.node_mut(parent).first_child = Some(child),
        }
        self.node_mut(parent).last_child = Some(child);
    }

    /// Inserts `new` just before `sibling`, detaching it first.
    pub fn insert_before(&mut self, sibling: NodeId, new: NodeId) {
        self.detach(new);
        let (parent, prev) = {
            let node = self.node(sibling);
            (node.parent, node.prev)
        };
        {
            let node = self.node_mut(new);
            node.parent = parent;
            node.prev = prev;
            node.next = Some(sibling);
        }
        self.node_mut(sibling).prev = Some(new);
        match prev {
            Some(prev) => self.node_mut(prev).next = Some(new),
            None => {
                if let Some(parent) = parent {
                    self.node_mut(parent).first_child = Some(new);
                }
            }
        }
    }

    /// Puts `new` where `old` is and detaches `old`.
    pub fn replace(&mut self, old: NodeId, new: NodeId) {
        if self.parent(old).is_some() {
            self.insert_before(old, new);
        }
        self.detach(old);
    }

    /// Moves every child of `from` to the end of `to`.
    pub fn move_children(&mut self, from: NodeId, to: NodeId) {
        for child in self.children(from) {
            self.append(to, child);
        }
    }

    /// Returns the `<body>` element, if the document has one.
    pub fn body(&self) -> Option<NodeId> {
        let html = self.find_first(ROOT, &local_name!("html"))?;
        self.children(html).into_iter().find(|&child| self.is(child, &local_name!("body")))
    }

    /// Returns the `<html>` element, if the document has one.
    pub fn html_element(&self) -> Option<NodeId> {
        self.children(ROOT).into_iter().find(|&child| self.is(child, &local_name!("html")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_fits_in_36_bytes() {
        // Walks over the tree are bound by memory reads, so a larger node
        // slows every walk down.
        assert!(std::mem::size_of::<Node>() <= 36, "Node is {} bytes", std::mem::size_of::<Node>());
    }

    #[test]
    fn prev_in_order_reverses_descendants() {
        let dom = super::super::parse::parse_html(
            "<div><p>one <a href=/a>two</a></p><ul><li>three</li><li><b>four</b> five</li></ul></div><p>six</p>",
        );
        let Some(body) = dom.body() else { panic!("no body") };
        let mut backwards = Vec::new();
        let mut current = dom.last_descendant(body);
        while let Some(id) = current {
            backwards.push(id);
            current = dom.prev_in_order(id, body);
        }
        backwards.reverse();
        assert_eq!(backwards, dom.descendants(body));
    }
}
