//! Document preparation before content scoring.
//!
//! Scoring counts text and links, so anything that is never content
//! (scripts, styles, hidden parts) goes first, runs of `<br>` become real
//! paragraphs, and lazy-loaded images get their real sources back so that
//! the images that survive point somewhere.

use html5ever::{LocalName, local_name};

use html5ever::Attribute;

use super::dom::{Dom, NodeData, NodeId, ROOT, attribute};

/// Attribute the capture script sets on elements that the rendered page did
/// not show (computed `display: none` or `visibility: hidden`).
pub const HIDDEN_ATTRIBUTE: &str = "data-stp-hidden";

/// Elements whose content is never article text.
const NEVER_CONTENT: &[LocalName] = &[
    local_name!("script"),
    local_name!("style"),
    local_name!("template"),
    local_name!("link"),
    local_name!("meta"),
    local_name!("dialog"),
    // Ruby annotations: the reading printed above East Asian characters,
    // which would otherwise land inline between the characters it glosses.
    local_name!("rt"),
    local_name!("rp"),
];

/// Elements that may sit inside a paragraph (HTML's phrasing content, with
/// the ones that never carry text left out).
pub const PHRASING: &[LocalName] = &[
    local_name!("abbr"),
    local_name!("audio"),
    local_name!("b"),
    local_name!("bdo"),
    local_name!("br"),
    local_name!("button"),
    local_name!("cite"),
    local_name!("code"),
    local_name!("data"),
    local_name!("datalist"),
    local_name!("dfn"),
    local_name!("em"),
    local_name!("embed"),
    local_name!("i"),
    local_name!("img"),
    local_name!("input"),
    local_name!("kbd"),
    local_name!("label"),
    local_name!("mark"),
    local_name!("math"),
    local_name!("meter"),
    local_name!("noscript"),
    local_name!("object"),
    local_name!("output"),
    local_name!("progress"),
    local_name!("q"),
    local_name!("ruby"),
    local_name!("samp"),
    local_name!("script"),
    local_name!("select"),
    local_name!("small"),
    local_name!("span"),
    local_name!("strong"),
    local_name!("sub"),
    local_name!("sup"),
    local_name!("textarea"),
    local_name!("time"),
    local_name!("var"),
    local_name!("wbr"),
    local_name!("u"),
    local_name!("s"),
    local_name!("font"),
];

/// Runs every preparation step on the whole document.
pub fn prepare_document(dom: &mut Dom) {
    remove_never_content(dom);
    dom.measure_text();

    // One walk lists both kinds of element. Unwrapping a `<noscript>`
    // moves its children to where it was, which keeps the order of the
    // `<br>`s, and otherwise only detaches nodes. So the `<br>`s still in
    // the body are what a new walk would find.
    let listed = dom.find_all(ROOT, &[local_name!("noscript"), local_name!("br")]);
    let noscripts: Vec<NodeId> = listed.iter().copied().filter(|&id| dom.is(id, &local_name!("noscript"))).collect();
    unwrap_noscript_images(dom, &noscripts);
    if let Some(body) = dom.body() {
        let breaks = dom.still_within(&listed, body, &[local_name!("br")]);
        replace_br_runs(dom, &breaks);
    }
}

/// Removes scripts, styles, comments and other nodes that never hold text.
fn remove_never_content(dom: &mut Dom) {
    let mut doomed = Vec::new();
    let mut current = dom.next_in_order(ROOT, ROOT, true);
    while let Some(id) = current {
        let remove = match &dom.node(id).data {
            NodeData::Other => true,
            NodeData::Element { .. } => dom.tag(id).is_some_and(|tag| NEVER_CONTENT.contains(tag)),
            _ => false,
        };
        if remove {
            doomed.push(id);
        }
        current = dom.next_in_order(id, ROOT, true);
    }
    for id in doomed {
        dom.detach(id);
    }
}

/// Returns true when attributes declare their element hidden: the `hidden`
/// attribute, `aria-hidden="true"`, an inline `display: none` or
/// `visibility: hidden`, or the capture script's hidden mark.
pub fn is_hidden(attrs: &[Attribute]) -> bool {
    if attribute(attrs, "hidden").is_some() || attribute(attrs, HIDDEN_ATTRIBUTE).is_some() {
        return true;
    }
    if attribute(attrs, "aria-hidden") == Some("true") {
        // Some sites hide the real image from screen readers and show a
        // fallback; those stay.
        let fallback = attribute(attrs, "class").is_some_and(|class| class.contains("fallback-image"));
        if !fallback {
            return true;
        }
    }
    match attribute(attrs, "style") {
        Some(style) => {
            let style: String = style.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
            style.contains("display:none") || style.contains("visibility:hidden")
        }
        None => false,
    }
}

/// Replaces each of `noscripts` that carries the real image for a
/// lazy-loaded placeholder, and drops the others.
fn unwrap_noscript_images(dom: &mut Dom, noscripts: &[NodeId]) {
    for &noscript in noscripts {
        if dom.parent(noscript).is_none() {
            continue;
        }
        let images = dom.find_all(noscript, &[local_name!("img")]);
        let text = super::text::text_length(dom, noscript);
        let only_image = images.len() == 1 && text == 0;
        if !only_image {
            // Parsed with scripting off, an unclosed block inside a
            // <noscript> swallows the rest of the page into it (the
            // browser reads it as raw text instead). A long one is page
            // content, so it is unwrapped; short notices go.
            if text >= SWALLOWED_PAGE_CHARS {
                unwrap(dom, noscript);
            } else {
                dom.detach(noscript);
            }
            continue;
        }
        let image = images[0];
        let previous = previous_element(dom, noscript);
        let placeholder = previous.and_then(|previous| {
            if dom.is(previous, &local_name!("img")) {
                Some(previous)
            } else {
                let inner = dom.find_all(previous, &[local_name!("img")]);
                (inner.len() == 1 && super::text::text_length(dom, previous) == 0).then(|| inner[0])
            }
        });
        match placeholder {
            Some(placeholder) => {
                dom.replace(placeholder, image);
                dom.detach(noscript);
            }
            None => dom.replace(noscript, image),
        }
    }
}

/// Text length above which a `<noscript>` is taken to hold page content.
const SWALLOWED_PAGE_CHARS: usize = 500;

/// Replaces `id` by its children.
fn unwrap(dom: &mut Dom, id: NodeId) {
    for child in dom.children(id) {
        dom.insert_before(id, child);
    }
    dom.detach(id);
}

fn previous_element(dom: &Dom, id: NodeId) -> Option<NodeId> {
    let mut current = dom.prev_sibling(id);
    while let Some(sibling) = current {
        if dom.is_element(sibling) {
            return Some(sibling);
        }
        if dom.text(sibling).is_some_and(|text| !text.trim().is_empty()) {
            return None;
        }
        current = dom.prev_sibling(sibling);
    }
    None
}

/// Returns true for whitespace-only text nodes and `<br>` elements.
fn is_whitespace(dom: &Dom, id: NodeId) -> bool {
    match dom.text(id) {
        Some(text) => text.trim().is_empty(),
        None => dom.is(id, &local_name!("br")),
    }
}

/// Returns the next sibling that is not whitespace-only text.
fn next_significant(dom: &Dom, id: Option<NodeId>) -> Option<NodeId> {
    let mut current = id;
    while let Some(node) = current {
        if dom.text(node).is_none_or(|text| !text.trim().is_empty()) {
            return Some(node);
        }
        current = dom.next_sibling(node);
    }
    None
}

/// Returns true when a node may sit inside a paragraph.
pub fn is_phrasing(dom: &Dom, id: NodeId) -> bool {
    match dom.tag(id) {
        None => dom.text(id).is_some(),
        Some(tag) if PHRASING.contains(tag) => true,
        Some(tag) if matches!(*tag, local_name!("a") | local_name!("del") | local_name!("ins")) => {
            dom.children(id).into_iter().all(|child| is_phrasing(dom, child))
        }
        Some(_) => false,
    }
}

/// Turns text separated by two or more of the `<br>` elements `breaks`
/// into paragraphs: the first `<br>` of a run becomes a `<p>` holding the
/// phrasing content after it.
fn replace_br_runs(dom: &mut Dom, breaks: &[NodeId]) {
    for &br in breaks {
        if dom.parent(br).is_none() {
            continue;
        }
        let mut next = next_significant(dom, dom.next_sibling(br));
        let mut replaced = false;
        while let Some(sibling) = next.filter(|&node| dom.is(node, &local_name!("br"))) {
            replaced = true;
            next = next_significant(dom, dom.next_sibling(sibling));
            dom.detach(sibling);
        }
        if !replaced {
            continue;
        }
        let paragraph = dom.create_element(local_name!("p"));
        dom.replace(br, paragraph);
        let mut next = dom.next_sibling(paragraph);
        while let Some(sibling) = next {
            if dom.is(sibling, &local_name!("br")) {
                let after = next_significant(dom, dom.next_sibling(sibling));
                if after.is_some_and(|after| dom.is(after, &local_name!("br"))) {
                    break;
                }
            }
            if !is_phrasing(dom, sibling) {
                break;
            }
            next = dom.next_sibling(sibling);
            dom.append(paragraph, sibling);
        }
        while let Some(last) = dom.node(paragraph).last_child {
            if !is_whitespace(dom, last) {
                break;
            }
            dom.detach(last);
        }
        if dom.parent(paragraph).is_some_and(|parent| dom.is(parent, &local_name!("p"))) {
            if let Some(parent) = dom.parent(paragraph) {
                dom.rename(parent, local_name!("div"));
            }
        }
    }
}
