//! Content scoring: finds the element that contains the article.
//!
//! This follows the approach Mozilla's Readability made standard. Every
//! paragraph-like element with enough text scores points (for its length and
//! its commas) and passes them to its ancestors, halving and then dividing
//! them by distance. Class and id words add or subtract weight, link-heavy
//! candidates lose their share, and the best candidate's siblings join when
//! they score close to it. When a pass keeps too little text, the caller
//! runs it again with fewer filters.

use std::collections::HashMap;

use html5ever::{LocalName, local_name};

use super::dom::{Dom, NodeId};
use super::marks::join_lower_case;
use super::patterns;
use super::prepare::is_phrasing;
use super::text::{commas_below, inner_text, link_density, text_length};

/// Filters that a scoring pass applies. Each retry turns one more off.
#[derive(Debug, Clone, Copy)]
pub struct Flags {
    /// Remove elements whose class or id names boilerplate before scoring.
    pub strip_unlikely: bool,
    /// Let class and id words change scores.
    pub weight_classes: bool,
    /// Remove link-heavy or image-heavy blocks from the result.
    pub clean_conditionally: bool,
}

impl Flags {
    pub const ALL: Flags = Flags { strip_unlikely: true, weight_classes: true, clean_conditionally: true };
}

/// Number of top candidates kept for the ancestor vote.
const TOP_CANDIDATES: usize = 5;

/// Elements that are scored directly.
const SCORED: &[LocalName] = &[
    local_name!("section"),
    local_name!("h2"),
    local_name!("h3"),
    local_name!("h4"),
    local_name!("h5"),
    local_name!("h6"),
    local_name!("p"),
    local_name!("td"),
    local_name!("pre"),
];

/// Block elements whose presence keeps a `<div>` from becoming a paragraph.
pub const BLOCKS: &[LocalName] = &[
    local_name!("blockquote"),
    local_name!("dl"),
    local_name!("div"),
    local_name!("img"),
    local_name!("ol"),
    local_name!("p"),
    local_name!("pre"),
    local_name!("table"),
    local_name!("ul"),
];

/// Outcome of one scoring pass.
pub struct Selection {
    /// New `<div>` holding the article's elements, detached from the page.
    pub content: NodeId,
    /// Text direction declared on the article or its ancestors.
    pub dir: Option<String>,
    /// Element whose children the article was gathered from.
    pub container: Option<NodeId>,
}

/// Class and id of an element, lower-cased and joined by a space.
/// Empty when the element has neither.
pub fn class_and_id(dom: &Dom, id: NodeId) -> String {
    join_lower_case(dom.attr(id, "class").unwrap_or(""), dom.attr(id, "id").unwrap_or(""))
}

/// Returns the content weight of an element's class and id: +25 or -25
/// for each of them that names content or boilerplate.
pub fn class_weight(dom: &Dom, id: NodeId, flags: Flags) -> f64 {
    if !flags.weight_classes {
        return 0.0;
    }
    let mut weight = 0.0;
    for name in ["class", "id"] {
        if let Some(value) = dom.attr(id, name).filter(|value| !value.is_empty()) {
            let value = value.to_lowercase();
            if patterns::is_negative(&value) {
                weight -= 25.0;
            }
            if patterns::is_positive(&value) {
                weight += 25.0;
            }
        }
    }
    weight
}

fn initial_score(dom: &Dom, id: NodeId, flags: Flags) -> f64 {
    let base = match dom.tag(id) {
        Some(&local_name!("div")) => 5.0,
        Some(&local_name!("pre")) | Some(&local_name!("td")) | Some(&local_name!("blockquote")) => 3.0,
        Some(&local_name!("address"))
        | Some(&local_name!("ol"))
        | Some(&local_name!("ul"))
        | Some(&local_name!("dl"))
        | Some(&local_name!("dd"))
        | Some(&local_name!("dt"))
        | Some(&local_name!("li"))
        | Some(&local_name!("form")) => -3.0,
        Some(&local_name!("h1"))
        | Some(&local_name!("h2"))
        | Some(&local_name!("h3"))
        | Some(&local_name!("h4"))
        | Some(&local_name!("h5"))
        | Some(&local_name!("h6"))
        | Some(&local_name!("th")) => -5.0,
        _ => 0.0,
    };
    base + class_weight(dom, id, flags)
}

/// Returns the share of words that the two titles have in common, seen
/// from `b`: 1.0 when every word of `b` is in `a`.
pub fn text_similarity(a: &str, b: &str) -> f64 {
    let tokens = |text: &str| -> Vec<String> {
        text.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|token| !token.is_empty())
            .map(str::to_string)
            .collect()
    };
    let tokens_a = tokens(a);
    let tokens_b = tokens(b);
    if tokens_a.is_empty() || tokens_b.is_empty() {
        return 0.0;
    }
    let unique_b: Vec<&String> = tokens_b.iter().filter(|token| !tokens_a.contains(token)).collect();
    let unique_length =
        unique_b.iter().map(|token| token.chars().count()).sum::<usize>() + unique_b.len().saturating_sub(1);
    let total_length = tokens_b.iter().map(|token| token.chars().count()).sum::<usize>() + tokens_b.len() - 1;
    1.0 - unique_length as f64 / total_length as f64
}

/// Returns true for an element with no text and no children but `<br>`
/// and `<hr>`.
fn is_empty_element(dom: &Dom, id: NodeId) -> bool {
    if text_length(dom, id) > 0 {
        return false;
    }
    dom.element_children(id).iter().all(|&child| dom.is(child, &local_name!("br")) || dom.is(child, &local_name!("hr")))
}

/// Returns true when `id` has exactly one element child, named `name`,
/// and no text of its own.
fn has_single_child(dom: &Dom, id: NodeId, name: &LocalName) -> bool {
    let children = dom.element_children(id);
    if children.len() != 1 || !dom.is(children[0], name) {
        return false;
    }
    dom.children(id).iter().all(|&child| dom.text(child).is_none_or(|text| text.trim().is_empty()))
}

/// Walks the page once: removes what cannot be content, turns text-only
/// `<div>`s into paragraphs, and returns the elements to score.
fn collect_scorable(dom: &mut Dom, body: NodeId, flags: Flags, title: &str, byline: Option<NodeId>) -> Vec<NodeId> {
    let mut to_score = Vec::new();
    let mut title_header_removed = false;
    let mut current = Some(body);

    while let Some(node) = current {
        if !dom.is_element(node) {
            current = dom.next_in_order(node, body, true);
            continue;
        }
        let skip_next = dom.next_in_order(node, body, false);
        let marks = dom.marks(node);

        if node != body && marks.hidden {
            dom.detach(node);
            current = skip_next;
            continue;
        }
        if marks.dialog {
            dom.detach(node);
            current = skip_next;
            continue;
        }

        if Some(node) == byline {
            dom.detach(node);
            current = skip_next;
            continue;
        }

        if !title_header_removed && is_title_duplicate(dom, node, title) {
            title_header_removed = true;
            dom.detach(node);
            current = skip_next;
            continue;
        }

        let tag = dom.tag(node).cloned().unwrap_or(local_name!("div"));
        if flags.strip_unlikely && node != body {
            let marks = dom.marks(node);
            let unlikely = marks.unlikely
                && !dom.has_ancestor(node, &local_name!("table"), 0)
                && !dom.has_ancestor(node, &local_name!("code"), 0)
                && tag != local_name!("a");
            if unlikely || marks.unlikely_role {
                dom.detach(node);
                current = skip_next;
                continue;
            }
        }

        let removable_when_empty = matches!(
            tag,
            local_name!("div")
                | local_name!("section")
                | local_name!("header")
                | local_name!("h1")
                | local_name!("h2")
                | local_name!("h3")
                | local_name!("h4")
                | local_name!("h5")
                | local_name!("h6")
        );
        if removable_when_empty && node != body && is_empty_element(dom, node) {
            dom.detach(node);
            current = skip_next;
            continue;
        }

        if SCORED.contains(&tag) {
            to_score.push(node);
        }

        let mut node = node;
        if tag == local_name!("div") {
            wrap_phrasing_runs(dom, node);
            if has_single_child(dom, node, &local_name!("p")) && link_density(dom, node) < 0.25 {
                if let Some(paragraph) = dom.element_children(node).first().copied() {
                    dom.replace(node, paragraph);
                    node = paragraph;
                    to_score.push(node);
                }
            } else if !dom.contains_any(node, BLOCKS) {
                dom.rename(node, local_name!("p"));
                to_score.push(node);
            }
        }
        current = dom.next_in_order(node, body, true);
    }
    to_score
}

/// Wraps each run of phrasing children of a `<div>` in a `<p>`.
fn wrap_phrasing_runs(dom: &mut Dom, div: NodeId) {
    let mut paragraph: Option<NodeId> = None;
    for child in dom.children(div) {
        if is_phrasing(dom, child) {
            match paragraph {
                Some(paragraph) => dom.append(paragraph, child),
                None => {
                    let blank = dom.text(child).is_some_and(|text| text.trim().is_empty());
                    if !blank {
                        let new = dom.create_element(local_name!("p"));
                        dom.replace(child, new);
                        dom.append(new, child);
                        paragraph = Some(new);
                    }
                }
            }
        } else if let Some(done) = paragraph.take() {
            trim_trailing_whitespace(dom, done);
        }
    }
    if let Some(done) = paragraph {
        trim_trailing_whitespace(dom, done);
    }
}

fn trim_trailing_whitespace(dom: &mut Dom, paragraph: NodeId) {
    while let Some(last) = dom.node(paragraph).last_child {
        let blank = match dom.text(last) {
            Some(text) => text.trim().is_empty(),
            None => dom.is(last, &local_name!("br")),
        };
        if !blank {
            break;
        }
        dom.detach(last);
    }
}

/// Finds the author line of the page: the first element in document order
/// marked as a byline (`rel="author"`, `itemprop="author"` or a byline
/// class word) whose text, with its whitespace, is under 100 characters.
/// Hidden parts, and with `skip_unlikely` parts named as boilerplate, are
/// skipped, as the scoring pass with the same flag removes them before it
/// would reach a byline there. Returns the element and its author text.
pub fn find_byline(dom: &Dom, body: NodeId, skip_unlikely: bool) -> Option<(NodeId, String)> {
    let mut current = Some(body);
    while let Some(node) = current {
        if !dom.is_element(node) {
            current = dom.next_in_order(node, body, true);
            continue;
        }
        let marks = dom.marks(node);
        let hidden = node != body && (marks.hidden || marks.dialog);
        if hidden {
            current = dom.next_in_order(node, body, false);
            continue;
        }
        if marks.byline {
            // The length counts the whitespace of the markup, as a byline
            // element that also contains dates and layout is too long.
            let length = super::text::text_content(dom, node).trim().chars().count();
            if length > 0 && length < 100 {
                return Some((node, byline_text(dom, node)));
            }
        }
        let unlikely = skip_unlikely
            && node != body
            && marks.unlikely
            && !dom.has_ancestor(node, &local_name!("table"), 0)
            && !dom.has_ancestor(node, &local_name!("code"), 0)
            && !dom.is(node, &local_name!("a"));
        if unlikely || (skip_unlikely && marks.unlikely_role) {
            current = dom.next_in_order(node, body, false);
            continue;
        }
        current = dom.next_in_order(node, body, true);
    }
    None
}

/// Returns the author text of a byline element, preferring a child marked
/// `itemprop="name"`.
fn byline_text(dom: &Dom, id: NodeId) -> String {
    let named = dom
        .descendants(id)
        .into_iter()
        .find(|&child| dom.attr(child, "itemprop").is_some_and(|prop| prop.contains("name")));
    inner_text(dom, named.unwrap_or(id))
}

fn is_title_duplicate(dom: &Dom, id: NodeId, title: &str) -> bool {
    if !(dom.is(id, &local_name!("h1")) || dom.is(id, &local_name!("h2"))) || title.is_empty() {
        return false;
    }
    text_similarity(title, &inner_text(dom, id)) > 0.75
}

/// Scores the page below `body` and gathers the article into a new `<div>`.
/// `byline` is the author line found by [`find_byline`], removed from the
/// article when the walk reaches it.
pub fn select_content(
    dom: &mut Dom,
    body: NodeId,
    flags: Flags,
    title: &str,
    byline: Option<NodeId>,
    marked_body: Option<NodeId>,
) -> Selection {
    let to_score = collect_scorable(dom, body, flags, title, byline);

    let mut scores: HashMap<NodeId, f64> = HashMap::new();
    let mut candidates: Vec<NodeId> = Vec::new();
    for element in to_score {
        if dom.parent(element).is_none() {
            continue;
        }
        let length = text_length(dom, element);
        if length < 25 {
            continue;
        }
        let ancestors = dom.ancestors(element, 5);
        if ancestors.is_empty() {
            continue;
        }
        let points = 1.0 + (commas_below(dom, element) + 1) as f64 + (length / 100).min(3) as f64;
        // Points stop at the root of the pass: an element above it contains
        // more than the pass may choose from.
        let inside = ancestors.iter().position(|&ancestor| ancestor == body).map_or(ancestors.len(), |root| root + 1);
        for (level, &ancestor) in ancestors[..inside].iter().enumerate() {
            if !dom.is_element(ancestor) || dom.parent(ancestor).is_none_or(|parent| !dom.is_element(parent)) {
                continue;
            }
            if let std::collections::hash_map::Entry::Vacant(entry) = scores.entry(ancestor) {
                entry.insert(initial_score(dom, ancestor, flags));
                candidates.push(ancestor);
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                _ => level as f64 * 3.0,
            };
            if let Some(score) = scores.get_mut(&ancestor) {
                *score += points / divider;
            }
        }
    }

    let mut top: Vec<(NodeId, f64)> = Vec::new();
    for candidate in candidates {
        let score = scores.get(&candidate).copied().unwrap_or(0.0) * (1.0 - link_density(dom, candidate));
        scores.insert(candidate, score);
        let position = top.iter().position(|&(_, other)| score > other).unwrap_or(top.len());
        if position < TOP_CANDIDATES {
            top.insert(position, (candidate, score));
            top.truncate(TOP_CANDIDATES);
        }
    }

    let content = dom.create_element(local_name!("div"));
    let best = top.first().map(|&(id, _)| id).filter(|&id| !dom.is(id, &local_name!("body")));
    let Some(mut best) = best else {
        dom.move_children(body, content);
        return Selection { content, dir: None, container: None };
    };

    best = climb_to_shared_ancestor(dom, best, &top, &mut scores, flags);
    best = climb_while_parent_scores_higher(dom, best, &scores);
    best = climb_out_of_data_table(dom, best, body, &mut scores, flags);
    // A pass rooted below the page's body keeps to its root: the climbs
    // stop there.
    if dom.ancestors(body, 0).contains(&best) {
        best = body;
    }
    let mut parent = dom.parent(best).unwrap_or(body);
    while best != body && parent != body && dom.element_children(parent).len() == 1 {
        best = parent;
        parent = dom.parent(best).unwrap_or(body);
    }
    // Scoring inside the element that the page marks as its article body
    // may settle on one of its parts, when the parts sit in wrappers of
    // their own; the marked element then contains the whole article.
    if let Some(marked) = marked_body {
        if best != marked
            && dom.ancestors(best, 0).contains(&marked)
            && text_length(dom, best) * 2 < text_length(dom, marked)
        {
            best = marked;
            parent = dom.parent(best).unwrap_or(body);
        }
    }
    scores.entry(best).or_insert_with(|| initial_score(dom, best, flags));

    let dir = std::iter::once(parent)
        .chain(std::iter::once(best))
        .chain(dom.ancestors(parent, 0))
        .find_map(|id| dom.attr(id, "dir").map(str::to_string));

    gather_siblings(dom, best, parent, content, &scores);
    Selection { content, dir, container: Some(parent) }
}

/// Number of table levels and wrappers [`climb_out_of_data_table`] looks
/// above a table for the paragraphs it belongs to.
const TABLE_CLIMB_LEVELS: usize = 3;

/// Minimum number of paragraph characters beside a table that make it a
/// part of an article rather than the article.
const PROSE_BESIDE_TABLE_CHARS: usize = 500;

/// Climbs from a best candidate that is a table, or a part of one, to the
/// element that contains the table and the paragraphs around it. Every filled
/// cell scores, so a long list of names or addresses outscores the few long
/// paragraphs that introduce it. A layout table that contains the article
/// keeps its paragraphs inside and stays.
fn climb_out_of_data_table(
    dom: &Dom,
    best: NodeId,
    body: NodeId,
    scores: &mut HashMap<NodeId, f64>,
    flags: Flags,
) -> NodeId {
    let table_parts =
        [local_name!("table"), local_name!("tbody"), local_name!("thead"), local_name!("tr"), local_name!("td")];
    let outermost_table = std::iter::once(best)
        .chain(dom.ancestors(best, 0))
        .take_while(|&id| id != body)
        .filter(|&id| dom.is(id, &local_name!("table")))
        .last();
    let Some(table) = outermost_table else {
        return best;
    };
    if !table_parts.iter().any(|part| dom.is(best, part)) {
        return best;
    }
    let inside = paragraph_text_length(dom, table);
    for ancestor in dom.ancestors(table, TABLE_CLIMB_LEVELS) {
        if ancestor == body || !dom.is_element(ancestor) {
            break;
        }
        let beside = paragraph_text_length(dom, ancestor).saturating_sub(inside);
        if beside >= PROSE_BESIDE_TABLE_CHARS && beside > inside {
            scores.entry(ancestor).or_insert_with(|| initial_score(dom, ancestor, flags));
            return ancestor;
        }
    }
    best
}

/// Returns the number of characters in the paragraphs below `root`. A
/// data table or a list of links can contain more text than the article's
/// paragraphs, so counting only paragraphs separates a part of the article
/// from the article.
fn paragraph_text_length(dom: &Dom, root: NodeId) -> usize {
    let mut length = 0;
    let mut current = Some(root);
    while let Some(node) = current {
        if dom.is(node, &local_name!("p")) {
            length += text_length(dom, node);
            current = dom.next_in_order(node, root, false);
            continue;
        }
        current = dom.next_in_order(node, root, true);
    }
    length
}

/// Climbs to the ancestor that several strong candidates share, because
/// that ancestor contains the article split into parts.
fn climb_to_shared_ancestor(
    dom: &Dom,
    best: NodeId,
    top: &[(NodeId, f64)],
    scores: &mut HashMap<NodeId, f64>,
    flags: Flags,
) -> NodeId {
    let best_score = top.first().map_or(0.0, |&(_, score)| score);
    let alternatives: Vec<Vec<NodeId>> = top
        .iter()
        .skip(1)
        .filter(|&&(_, score)| best_score > 0.0 && score / best_score >= 0.75)
        .map(|&(id, _)| dom.ancestors(id, 0))
        .collect();
    if alternatives.len() < 3 {
        return best;
    }
    let mut ancestor = dom.parent(best);
    while let Some(candidate) = ancestor {
        if dom.is(candidate, &local_name!("body")) || !dom.is_element(candidate) {
            break;
        }
        let containing = alternatives.iter().filter(|list| list.contains(&candidate)).count();
        if containing >= 3 {
            scores.entry(candidate).or_insert_with(|| initial_score(dom, candidate, flags));
            return candidate;
        }
        ancestor = dom.parent(candidate);
    }
    best
}

/// Climbs while an ancestor scores at least a third of the best and then
/// more than its child, which means the text is spread over its children.
fn climb_while_parent_scores_higher(dom: &Dom, best: NodeId, scores: &HashMap<NodeId, f64>) -> NodeId {
    let mut last_score = scores.get(&best).copied().unwrap_or(0.0);
    let threshold = last_score / 3.0;
    let mut ancestor = dom.parent(best);
    while let Some(candidate) = ancestor {
        if dom.is(candidate, &local_name!("body")) || !dom.is_element(candidate) {
            break;
        }
        let Some(&score) = scores.get(&candidate) else {
            ancestor = dom.parent(candidate);
            continue;
        };
        if score < threshold {
            break;
        }
        if score > last_score {
            return candidate;
        }
        last_score = score;
        ancestor = dom.parent(candidate);
    }
    best
}

/// Moves the best candidate and the siblings that score close to it, or
/// read like prose, into `content`.
fn gather_siblings(dom: &mut Dom, best: NodeId, parent: NodeId, content: NodeId, scores: &HashMap<NodeId, f64>) {
    let best_score = scores.get(&best).copied().unwrap_or(0.0);
    let threshold = (best_score * 0.2).max(10.0);
    let best_class = dom.attr(best, "class").unwrap_or("").to_string();

    for sibling in dom.element_children(parent) {
        let mut keep = sibling == best;
        if !keep {
            let bonus = if !best_class.is_empty() && dom.attr(sibling, "class") == Some(best_class.as_str()) {
                best_score * 0.2
            } else {
                0.0
            };
            if let Some(&score) = scores.get(&sibling) {
                keep = score + bonus >= threshold;
            }
            if !keep && dom.is(sibling, &local_name!("p")) {
                let density = link_density(dom, sibling);
                let text = inner_text(dom, sibling);
                let length = text.chars().count();
                keep = (length > 80 && density < 0.25)
                    || (length < 80 && length > 0 && density == 0.0 && ends_sentence(&text));
            }
        }
        if !keep {
            continue;
        }
        let keeps_tag = matches!(
            dom.tag(sibling),
            Some(&local_name!("div"))
                | Some(&local_name!("article"))
                | Some(&local_name!("section"))
                | Some(&local_name!("p"))
                | Some(&local_name!("ol"))
                | Some(&local_name!("ul"))
        );
        if !keeps_tag {
            dom.rename(sibling, local_name!("div"));
        }
        dom.append(content, sibling);
    }
}

/// Returns true when text has a full stop followed by a space or the end.
fn ends_sentence(text: &str) -> bool {
    text.match_indices('.').any(|(index, _)| text[index + 1..].chars().next().is_none_or(|c| c == ' '))
}
