//! Cleaning of the selected article: removes what scoring let through.
//!
//! The selected container often still holds share bars, forms, link lists,
//! image strips and embeds. Each rule here removes a block by what it is
//! (tag), by what it is called (class and id words) or by its shape (link
//! density, images per paragraph, list items per paragraph), never by site.

use std::collections::HashSet;

use html5ever::{LocalName, local_name};

use super::candidates::{Flags, class_and_id, class_weight};
use super::dom::{Dom, NodeId};
use super::patterns;
use super::text::{comma_count, inner_text, link_density, text_length};

/// Hosts whose embedded players are content, not decoration.
const VIDEO_HOSTS: &[&str] = &[
    "youtube.com", "youtube-nocookie.com", "youtu.be", "vimeo.com", "dailymotion.com",
    "player.twitch.tv", "archive.org", "upload.wikimedia.org", "bilibili.com", "live.bilibili.com",
];

/// Elements that are dropped from an article whatever they contain.
const ALWAYS_DROPPED: &[LocalName] = &[
    local_name!("object"), local_name!("embed"), local_name!("footer"), local_name!("aside"),
    local_name!("iframe"), local_name!("input"), local_name!("textarea"), local_name!("select"),
    local_name!("button"), local_name!("nav"),
];

/// Cleans the selected article `content` in place.
pub fn clean_article(dom: &mut Dom, content: NodeId, flags: Flags) {
    let data_tables = mark_data_tables(dom, content);

    if flags.clean_conditionally {
        clean_conditionally(dom, content, &local_name!("form"), flags, &data_tables);
        clean_conditionally(dom, content, &local_name!("fieldset"), flags, &data_tables);
    }
    for element in dom.find_all(content, ALWAYS_DROPPED) {
        if !is_video_embed(dom, element) {
            dom.detach(element);
        }
    }

    for child in dom.element_children(content) {
        remove_share_bars(dom, child);
    }

    for heading in dom.find_all(content, &[local_name!("h1"), local_name!("h2")]) {
        if class_weight(dom, heading, flags) < 0.0 {
            dom.detach(heading);
        }
    }

    if flags.clean_conditionally {
        for tag in [local_name!("table"), local_name!("ul"), local_name!("div")] {
            clean_conditionally(dom, content, &tag, flags, &data_tables);
        }
    }

    for heading in dom.find_all(content, &[local_name!("h1")]) {
        dom.rename(heading, local_name!("h2"));
    }

    let media = [local_name!("img"), local_name!("embed"), local_name!("object"), local_name!("iframe"), local_name!("picture"), local_name!("svg")];
    for paragraph in dom.find_all(content, &[local_name!("p")]) {
        if !dom.contains_any(paragraph, &media) && text_length(dom, paragraph) == 0 {
            dom.detach(paragraph);
        }
    }

    unwrap_single_cell_tables(dom, content);
}

/// Removes share bars below `root` unless they hold a lot of text.
fn remove_share_bars(dom: &mut Dom, root: NodeId) {
    for element in dom.descendants(root) {
        if dom.parent(element).is_none() || !dom.is_element(element) {
            continue;
        }
        if patterns::is_share(&class_and_id(dom, element)) && text_length(dom, element) < 500 {
            dom.detach(element);
        }
    }
}

fn is_video_embed(dom: &Dom, id: NodeId) -> bool {
    if !matches!(dom.tag(id), Some(&local_name!("iframe")) | Some(&local_name!("embed")) | Some(&local_name!("object"))) {
        return false;
    }
    dom.attrs(id)
        .iter()
        .any(|attr| VIDEO_HOSTS.iter().any(|host| attr.value.contains(host)))
}

/// Returns the tables below `root` that hold data rather than layout.
fn mark_data_tables(dom: &Dom, root: NodeId) -> HashSet<NodeId> {
    let mut data = HashSet::new();
    for table in dom.find_all(root, &[local_name!("table")]) {
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
    let data_parts = [local_name!("col"), local_name!("colgroup"), local_name!("tfoot"), local_name!("thead"), local_name!("th")];
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

/// Removes elements named `tag` below `root` that look like boilerplate by
/// their shape. Inner elements are judged first, so a container is judged
/// on what is left in it.
fn clean_conditionally(dom: &mut Dom, root: NodeId, tag: &LocalName, flags: Flags, data_tables: &HashSet<NodeId>) {
    let mut elements = dom.find_all(root, std::slice::from_ref(tag));
    elements.reverse();
    for element in elements {
        if dom.parent(element).is_none() {
            continue;
        }
        if should_remove(dom, element, tag, flags, data_tables) {
            dom.detach(element);
        }
    }
}

fn should_remove(dom: &Dom, element: NodeId, tag: &LocalName, flags: Flags, data_tables: &HashSet<NodeId>) -> bool {
    let mut is_list = *tag == local_name!("ul") || *tag == local_name!("ol");
    let total_length = text_length(dom, element);
    if !is_list {
        let list_length: usize = dom
            .find_all(element, &[local_name!("ul"), local_name!("ol")])
            .iter()
            .map(|&list| text_length(dom, list))
            .sum();
        is_list = total_length > 0 && list_length as f64 / total_length as f64 > 0.9;
    }

    if *tag == local_name!("table") && data_tables.contains(&element) {
        return false;
    }
    let in_data_table = dom
        .ancestors(element, 0)
        .iter()
        .any(|ancestor| data_tables.contains(ancestor));
    if in_data_table || dom.has_ancestor(element, &local_name!("code"), 0) {
        return false;
    }
    if dom
        .find_all(element, &[local_name!("table")])
        .iter()
        .any(|table| data_tables.contains(table))
    {
        return false;
    }

    let weight = class_weight(dom, element, flags);
    if weight < 0.0 {
        return true;
    }

    let text = inner_text(dom, element);
    if comma_count(&text) >= 10 {
        return false;
    }

    let count = |names: &[LocalName]| dom.find_all(element, names).len();
    let paragraphs = count(&[local_name!("p")]) as f64;
    let images = count(&[local_name!("img")]) as f64;
    let list_items = count(&[local_name!("li")]) as f64 - 100.0;
    let inputs = count(&[local_name!("input")]) as f64;
    let headings = [local_name!("h1"), local_name!("h2"), local_name!("h3"), local_name!("h4"), local_name!("h5"), local_name!("h6")];
    let heading_density = text_density(dom, element, &headings, total_length);

    let mut embeds = 0;
    for embed in dom.find_all(element, &[local_name!("object"), local_name!("embed"), local_name!("iframe")]) {
        if is_video_embed(dom, embed) {
            return false;
        }
        embeds += 1;
    }

    if patterns::is_ad_or_loading_text(&text) {
        return true;
    }

    let content_length = text.chars().count();
    let density = link_density(dom, element);
    let textish = [
        local_name!("span"), local_name!("li"), local_name!("td"), local_name!("blockquote"),
        local_name!("dl"), local_name!("div"), local_name!("img"), local_name!("ol"), local_name!("p"),
        local_name!("pre"), local_name!("table"), local_name!("ul"),
    ];
    let textish_density = text_density(dom, element, &textish, total_length);
    let in_figure = dom.has_ancestor(element, &local_name!("figure"), 0);

    let remove = (!in_figure && images > 1.0 && paragraphs / images < 0.5)
        || (!is_list && list_items > paragraphs)
        || (inputs > (paragraphs / 3.0).floor())
        || (!is_list && !in_figure && heading_density < 0.9 && content_length < 25 && (images == 0.0 || images > 2.0) && density > 0.0)
        || (!is_list && weight < 25.0 && density > 0.2)
        || (weight >= 25.0 && density > 0.5)
        || ((embeds == 1 && content_length < 75) || embeds > 1)
        || (images == 0.0 && textish_density == 0.0);

    if is_list && remove {
        // A list of images, one per item, is a gallery and stays.
        let nested = dom.element_children(element).iter().any(|&child| dom.element_children(child).len() > 1);
        if nested {
            return true;
        }
        let items = count(&[local_name!("li")]) as f64;
        if images == items {
            return false;
        }
    }
    remove
}

/// Returns the share of the text below `element` that is inside elements
/// named in `names`.
fn text_density(dom: &Dom, element: NodeId, names: &[LocalName], total_length: usize) -> f64 {
    if total_length == 0 {
        return 0.0;
    }
    let inner: usize = dom
        .find_all(element, names)
        .iter()
        .map(|&child| text_length(dom, child))
        .sum();
    inner as f64 / total_length as f64
}

/// Replaces tables of one row and one cell by their content, as such tables
/// are layout.
fn unwrap_single_cell_tables(dom: &mut Dom, root: NodeId) {
    for table in dom.find_all(root, &[local_name!("table")]) {
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
