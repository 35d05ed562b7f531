//! Cleaning of the selected article: removes what scoring let through.
//!
//! The selected container often still contains share bars, forms, link lists,
//! image strips and embeds. Each rule here removes a block by what it is
//! (tag), by what it is called (class and id words) or by its shape (link
//! density, images per paragraph, list items per paragraph), never by site.

use std::collections::HashSet;

use html5ever::{LocalName, local_name};

use super::candidates::{Flags, class_and_id, class_weight};
use super::dom::{Dom, NodeId};
use super::patterns;
use super::text::{has_text, inner_text, text_length};

/// Hosts whose embedded players are content, not decoration.
const VIDEO_HOSTS: &[&str] = &[
    "youtube.com",
    "youtube-nocookie.com",
    "youtu.be",
    "vimeo.com",
    "dailymotion.com",
    "player.twitch.tv",
    "archive.org",
    "upload.wikimedia.org",
    "bilibili.com",
    "live.bilibili.com",
];

/// Elements that are dropped from an article whatever they contain.
const ALWAYS_DROPPED: &[LocalName] = &[
    local_name!("object"),
    local_name!("embed"),
    local_name!("footer"),
    local_name!("aside"),
    local_name!("iframe"),
    local_name!("input"),
    local_name!("textarea"),
    local_name!("select"),
    local_name!("button"),
    local_name!("nav"),
];

/// Elements that the cleaning steps look at; [`clean_article`] lists them
/// in one walk instead of walking the article once per step. The steps
/// only detach elements and rename them among these names, so
/// [`Dom::still_within`] gives each step what its own walk would find.
const LISTED: &[LocalName] = &[
    local_name!("object"),
    local_name!("embed"),
    local_name!("footer"),
    local_name!("aside"),
    local_name!("iframe"),
    local_name!("input"),
    local_name!("textarea"),
    local_name!("select"),
    local_name!("button"),
    local_name!("nav"),
    local_name!("form"),
    local_name!("fieldset"),
    local_name!("h1"),
    local_name!("h2"),
    local_name!("table"),
    local_name!("ul"),
    local_name!("div"),
    local_name!("p"),
];

/// Cleans the selected article `content` in place.
pub fn clean_article(dom: &mut Dom, content: NodeId, flags: Flags) {
    let listed = dom.find_all(content, LISTED);
    let data_tables = mark_data_tables(dom, &dom.still_within(&listed, content, &[local_name!("table")]));

    if flags.clean_conditionally {
        for tag in [local_name!("form"), local_name!("fieldset")] {
            let elements = dom.still_within(&listed, content, std::slice::from_ref(&tag));
            let total = text_length(dom, content);
            clean_conditionally(dom, elements, &tag, flags, &data_tables, total);
        }
    }
    for element in dom.still_within(&listed, content, ALWAYS_DROPPED) {
        if !is_video_embed(dom, element) {
            dom.detach(element);
        }
    }

    for child in dom.element_children(content) {
        remove_share_bars(dom, child);
    }

    for heading in dom.still_within(&listed, content, &[local_name!("h1"), local_name!("h2")]) {
        if class_weight(dom, heading, flags) < 0.0 {
            dom.detach(heading);
        }
    }

    if flags.clean_conditionally {
        for tag in [local_name!("table"), local_name!("ul"), local_name!("div")] {
            let elements = dom.still_within(&listed, content, std::slice::from_ref(&tag));
            let total = text_length(dom, content);
            clean_conditionally(dom, elements, &tag, flags, &data_tables, total);
        }
    }

    for heading in dom.still_within(&listed, content, &[local_name!("h1")]) {
        dom.rename(heading, local_name!("h2"));
    }

    let media = [
        local_name!("img"),
        local_name!("embed"),
        local_name!("object"),
        local_name!("iframe"),
        local_name!("picture"),
        local_name!("svg"),
    ];
    for paragraph in dom.still_within(&listed, content, &[local_name!("p")]) {
        if !has_text(dom, paragraph) && !dom.contains_any(paragraph, &media) {
            dom.detach(paragraph);
        }
    }

    unwrap_single_cell_tables(dom, &dom.still_within(&listed, content, &[local_name!("table")]));
}

/// Removes share bars below `root` unless they hold a lot of text.
fn remove_share_bars(dom: &mut Dom, root: NodeId) {
    let mut current = dom.next_in_order(root, root, true);
    while let Some(element) = current {
        if dom.is_element(element) && patterns::is_share(&class_and_id(dom, element)) && text_length(dom, element) < 500
        {
            // What is inside a removed bar no longer matters.
            current = dom.next_in_order(element, root, false);
            dom.detach(element);
            continue;
        }
        current = dom.next_in_order(element, root, true);
    }
}

fn is_video_embed(dom: &Dom, id: NodeId) -> bool {
    if !matches!(dom.tag(id), Some(&local_name!("iframe")) | Some(&local_name!("embed")) | Some(&local_name!("object")))
    {
        return false;
    }
    dom.attrs(id).iter().any(|attr| VIDEO_HOSTS.iter().any(|host| attr.value.contains(host)))
}

/// Returns the `tables` that hold data rather than layout.
fn mark_data_tables(dom: &Dom, tables: &[NodeId]) -> HashSet<NodeId> {
    let mut data = HashSet::new();
    for &table in tables {
        if is_data_table(dom, table) {
            data.insert(table);
        }
    }
    data
}

fn is_data_table(dom: &Dom, table: NodeId) -> bool {
    if dom.attr(table, "role") == Some("presentation") || dom.attr(table, "datatable") == Some("0") {
        return false;
    }
    if dom.attr(table, "summary").is_some() {
        return true;
    }
    if let Some(caption) = dom.find_first(table, &local_name!("caption")) {
        if dom.first_child(caption).is_some() {
            return true;
        }
    }
    let data_parts =
        [local_name!("col"), local_name!("colgroup"), local_name!("tfoot"), local_name!("thead"), local_name!("th")];
    if dom.contains_any(table, &data_parts) {
        return true;
    }
    if dom.contains_any(table, &[local_name!("table")]) {
        return false;
    }
    let rows = dom.find_all(table, &[local_name!("tr")]);
    let columns = rows
        .iter()
        .map(|&row| {
            dom.element_children(row)
                .iter()
                .map(|&cell| dom.attr(cell, "colspan").and_then(|span| span.trim().parse::<usize>().ok()).unwrap_or(1))
                .sum::<usize>()
        })
        .max()
        .unwrap_or(0);
    rows.len() >= 10 || columns > 4 || rows.len() * columns > 10
}

/// Removes the `elements`, all named `tag` and in document order, that look
/// like boilerplate by their shape. Inner elements are judged first, so a
/// container is judged on what is left in it. `total` is the length of the
/// article's text.
fn clean_conditionally(
    dom: &mut Dom,
    mut elements: Vec<NodeId>,
    tag: &LocalName,
    flags: Flags,
    data_tables: &HashSet<NodeId>,
    total: usize,
) {
    elements.reverse();
    for element in elements {
        if dom.parent(element).is_none() {
            continue;
        }
        if should_remove(dom, element, tag, flags, data_tables, total) {
            dom.detach(element);
        }
    }
}

/// Counts and text measures of one subtree, gathered in one walk.
#[derive(Default)]
struct Shape {
    text: usize,
    commas: usize,
    /// Text inside links, in-page links weighted at 30 %.
    link_text: f64,
    /// Text inside lists, once per enclosing list.
    list_text: usize,
    /// Text inside headings, once per enclosing heading.
    heading_text: usize,
    /// Text inside text-bearing blocks, once per enclosing block.
    textish_text: usize,
    paragraphs: usize,
    images: usize,
    list_items: usize,
    inputs: usize,
    embeds: usize,
    video_embed: bool,
    data_table: bool,
}

fn is_heading(tag: &LocalName) -> bool {
    matches!(
        *tag,
        local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
    )
}

fn is_textish(tag: &LocalName) -> bool {
    matches!(
        *tag,
        local_name!("span")
            | local_name!("li")
            | local_name!("td")
            | local_name!("blockquote")
            | local_name!("dl")
            | local_name!("div")
            | local_name!("img")
            | local_name!("ol")
            | local_name!("p")
            | local_name!("pre")
            | local_name!("table")
            | local_name!("ul")
    )
}

/// Walks the subtree below `root` once and measures its shape.
fn measure_shape(dom: &Dom, root: NodeId, data_tables: &HashSet<NodeId>) -> Shape {
    let mut shape = Shape::default();
    // Each open element and the depth counters it raised.
    let mut open: Vec<(NodeId, [bool; 3], f64)> = Vec::new();
    let (mut lists, mut headings, mut textish) = (0usize, 0usize, 0usize);
    let mut link_weight = 0.0f64;
    let mut current = dom.next_in_order(root, root, true);

    while let Some(id) = current {
        // The walk is in document order, so the open elements are exactly
        // the ancestors of `id` below `root`: close those it left.
        while let Some(&(ancestor, raised, weight)) = open.last() {
            if dom.parent(id) == Some(ancestor) {
                break;
            }
            open.pop();
            lists -= usize::from(raised[0]);
            headings -= usize::from(raised[1]);
            textish -= usize::from(raised[2]);
            link_weight = weight;
        }

        let node = dom.node(id);
        if let Some(tag) = dom.tag(id) {
            match *tag {
                local_name!("p") => shape.paragraphs += 1,
                local_name!("img") => shape.images += 1,
                local_name!("li") => shape.list_items += 1,
                local_name!("input") => shape.inputs += 1,
                local_name!("object") | local_name!("embed") | local_name!("iframe") => {
                    shape.embeds += 1;
                    shape.video_embed |= is_video_embed(dom, id);
                }
                local_name!("table") => shape.data_table |= data_tables.contains(&id),
                _ => {}
            }
            let raised = [matches!(*tag, local_name!("ul") | local_name!("ol")), is_heading(tag), is_textish(tag)];
            let previous_weight = link_weight;
            if *tag == local_name!("a") {
                link_weight = match dom.attr(id, "href") {
                    Some(href) if href.starts_with('#') && href.len() > 1 => 0.3,
                    _ => 1.0,
                };
            }
            if dom.first_child(id).is_some() {
                lists += usize::from(raised[0]);
                headings += usize::from(raised[1]);
                textish += usize::from(raised[2]);
                open.push((id, raised, previous_weight));
            } else {
                link_weight = previous_weight;
            }
        } else {
            let length = node.text_length() as usize;
            shape.text += length;
            shape.commas += node.commas() as usize;
            shape.link_text += length as f64 * link_weight;
            shape.list_text += length * lists;
            shape.heading_text += length * headings;
            shape.textish_text += length * textish;
        }
        current = dom.next_in_order(id, root, true);
    }
    shape
}

fn should_remove(
    dom: &Dom,
    element: NodeId,
    tag: &LocalName,
    flags: Flags,
    data_tables: &HashSet<NodeId>,
    total: usize,
) -> bool {
    if *tag == local_name!("table") && data_tables.contains(&element) {
        return false;
    }
    let ancestors = dom.ancestors(element, 0);
    let in_data_table = ancestors.iter().any(|ancestor| data_tables.contains(ancestor));
    let in_code = ancestors.iter().any(|&ancestor| dom.is(ancestor, &local_name!("code")));
    if in_data_table || in_code {
        return false;
    }

    let shape = measure_shape(dom, element, data_tables);
    if shape.data_table {
        return false;
    }
    let is_list = *tag == local_name!("ul")
        || *tag == local_name!("ol")
        || (shape.text > 0 && shape.list_text as f64 / shape.text as f64 > 0.9);

    // A boilerplate word in the class of a block that contains most of the
    // article ("o-media" around the body's paragraphs) names its layout,
    // not its content. The shape rules below still apply to it.
    let weight = class_weight(dom, element, flags);
    if weight < 0.0 && shape.text * 2 <= total {
        return true;
    }
    if shape.commas >= 10 {
        return false;
    }
    if shape.video_embed {
        return false;
    }
    if shape.text <= 30 && patterns::is_ad_or_loading_text(&inner_text(dom, element)) {
        return true;
    }

    let ratio = |part: f64| if shape.text == 0 { 0.0 } else { part / shape.text as f64 };
    let paragraphs = shape.paragraphs as f64;
    let images = shape.images as f64;
    let list_items = shape.list_items as f64 - 100.0;
    let inputs = shape.inputs as f64;
    let heading_density = ratio(shape.heading_text as f64);
    let textish_density = ratio(shape.textish_text as f64);
    let density = ratio(shape.link_text);
    let content_length = shape.text;
    let in_figure = ancestors.iter().any(|&ancestor| dom.is(ancestor, &local_name!("figure")));

    let remove = (!in_figure && images > 1.0 && paragraphs / images < 0.5)
        || (!is_list && list_items > paragraphs)
        || (inputs > (paragraphs / 3.0).floor())
        || (!is_list
            && !in_figure
            && heading_density < 0.9
            && content_length < 25
            && (images == 0.0 || images > 2.0)
            && density > 0.0)
        || (!is_list && weight < 25.0 && density > 0.2)
        || (weight >= 25.0 && density > 0.5)
        || ((shape.embeds == 1 && content_length < 75) || shape.embeds > 1)
        || (images == 0.0 && textish_density == 0.0);

    if is_list && remove {
        // A list of images, one per item, is a gallery and stays.
        let nested = dom.element_children(element).iter().any(|&child| dom.element_children(child).len() > 1);
        if nested {
            return true;
        }
        if shape.images == shape.list_items {
            return false;
        }
    }
    remove
}

/// Replaces those of `tables` that have one row and one cell by their
/// content, as such tables are layout.
fn unwrap_single_cell_tables(dom: &mut Dom, tables: &[NodeId]) {
    for &table in tables {
        let mut rows = dom.find_all(table, &[local_name!("tr")]);
        if rows.len() != 1 {
            continue;
        }
        let Some(row) = rows.pop() else { continue };
        let cells = dom.element_children(row);
        if cells.len() != 1 {
            continue;
        }
        let cell = cells[0];
        let all_phrasing = dom.children(cell).iter().all(|&child| super::prepare::is_phrasing(dom, child));
        dom.rename(cell, if all_phrasing { local_name!("p") } else { local_name!("div") });
        dom.replace(table, cell);
    }
}
