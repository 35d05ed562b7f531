//! Lead paragraphs that sit outside the scored article container.
//!
//! News templates often put the standfirst (the summary paragraph under
//! the headline) in the article header, next to the date and share bar,
//! while the body paragraphs live in a container of their own. Scoring
//! picks the body container, so the lead is found separately: an element
//! whose class names a lead, or a paragraph that opens with the page's
//! description, just before the selected container, is moved to the top
//! of the article.

use html5ever::local_name;

use super::dom::{Dom, NodeId, ROOT};
use super::patterns::{Words, contains_any};
use super::text::{link_density, text_length};

/// Class and id tokens of lead paragraphs, in the languages templates use.
const LEAD_TOKENS: &[&str] = &[
    "lead",
    "intro",
    "standfirst",
    "subtitle",
    "subheadline",
    "dek",
    "deck",
    "abstract",
    "excerpt",
    "sapo",
    "chapo",
    "chapeau",
    "entradilla",
    "bajada",
    "vorspann",
    "summary",
];

/// Lengths, in characters, a lead may have.
const MIN_LEAD_CHARS: usize = 40;
const MAX_LEAD_CHARS: usize = 800;

/// Levels above the selected container within which a lead may sit, and
/// within which a lead that repeats the page's description may sit.
const MAX_DISTANCE: usize = 4;
const MAX_DESCRIBED_DISTANCE: usize = 8;

/// A lead paragraph found on the prepared page.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Lead {
    pub node: NodeId,
    /// True when the paragraph opens with the page's description, which
    /// makes it the standfirst even where cleaning removed it from the
    /// selected container.
    pub repeats_description: bool,
}

/// The words of [`LEAD_TOKENS`] for a quick search, since most elements
/// name no lead.
static LEAD_WORDS: Words = Words::new(LEAD_TOKENS);

/// Returns true when a `class` or `id` value names a lead paragraph.
/// `class_and_id` is the two lower-cased and joined.
pub fn names_lead(class: &str, ident: &str, class_and_id: &str) -> bool {
    if !contains_any(class_and_id, &LEAD_WORDS) {
        return false;
    }
    [class, ident].iter().any(|value| {
        value
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|token| LEAD_TOKENS.iter().any(|lead| token.eq_ignore_ascii_case(lead)))
    })
}

/// Characters of the page description compared with the start of a
/// paragraph to find the standfirst it repeats.
const DESCRIPTION_PREFIX_CHARS: usize = 40;

/// Returns the outermost elements of the prepared page that look like lead
/// paragraphs, in document order: elements whose class names a lead, and
/// paragraphs that open with the page's `description` (the standfirst,
/// which publishers reuse as the description).
pub fn find_leads(dom: &Dom, description: Option<&str>) -> Vec<Lead> {
    let root = dom.body().unwrap_or(ROOT);
    let prefix: Option<String> = description
        .map(super::text::collapse_whitespace)
        .filter(|text| text.chars().count() >= MIN_LEAD_CHARS)
        .map(|text| text.chars().take(DESCRIPTION_PREFIX_CHARS).collect());
    let mut leads = Vec::new();
    let mut current = dom.next_in_order(root, root, true);
    while let Some(id) = current {
        if let Some(prefix) = prefix.as_deref() {
            if let Some(paragraph) = paragraph_opening_with(dom, id, prefix) {
                let lead = Lead { node: paragraph, repeats_description: true };
                if !leads.contains(&lead) {
                    leads.push(lead);
                }
                current = dom.next_in_order(id, root, false);
                continue;
            }
        }
        if dom.is_element(id) && dom.marks(id).lead {
            let length = text_length(dom, id);
            let block = !matches!(dom.tag(id), Some(&local_name!("a")) | Some(&local_name!("span")));
            if block && (MIN_LEAD_CHARS..=MAX_LEAD_CHARS).contains(&length) && link_density(dom, id) < 0.3 {
                let repeats_description =
                    prefix.as_deref().is_some_and(|prefix| super::text::inner_text(dom, id).starts_with(prefix));
                leads.push(Lead { node: id, repeats_description });
                current = dom.next_in_order(id, root, false);
                continue;
            }
        }
        current = dom.next_in_order(id, root, true);
    }
    leads
}

/// Returns the paragraph that the text node `id` opens when its text starts
/// with `prefix`.
fn paragraph_opening_with(dom: &Dom, id: NodeId, prefix: &str) -> Option<NodeId> {
    if (dom.node(id).text_length() as usize) < MIN_LEAD_CHARS {
        return None;
    }
    let text = dom.text(id)?;
    if !text.trim_start().starts_with(prefix.chars().next()?) {
        return None;
    }
    let collapsed = super::text::collapse_whitespace(text);
    if !collapsed.starts_with(prefix) {
        return None;
    }
    let parent = dom.parent(id)?;
    let first_text = dom.children(parent).into_iter().find(|&child| text_length(dom, child) > 0);
    let paragraph = matches!(
        dom.tag(parent),
        Some(&local_name!("p"))
            | Some(&local_name!("div"))
            | Some(&local_name!("h2"))
            | Some(&local_name!("h3"))
            | Some(&local_name!("h4"))
    );
    let length = text_length(dom, parent);
    (paragraph
        && first_text == Some(id)
        && (MIN_LEAD_CHARS..=MAX_LEAD_CHARS).contains(&length)
        && link_density(dom, parent) < 0.3)
        .then_some(parent)
}

/// Moves the lead that belongs to `container` to the top of `content`.
/// `page` is the prepared page before the pass changed it, where document
/// order and distances are measured; `dom` is the pass's copy of it.
pub fn attach_lead(dom: &mut Dom, page: &Dom, leads: &[Lead], container: NodeId, content: NodeId) {
    if leads.is_empty() {
        return;
    }
    let container_ancestors = page.ancestors(container, 0);
    let near: Vec<NodeId> = std::iter::once(container)
        .chain(container_ancestors.iter().copied())
        .take(MAX_DESCRIBED_DISTANCE + 1)
        .collect();

    for lead in leads {
        let node = lead.node;
        if dom.ancestors(node, 0).contains(&content) {
            continue;
        }
        // A lead inside the container that cleaning removed stays out,
        // unless it is the standfirst.
        if page.ancestors(node, 0).contains(&container) {
            if !lead.repeats_description {
                continue;
            }
        } else {
            let distance = if lead.repeats_description { MAX_DESCRIBED_DISTANCE } else { MAX_DISTANCE };
            let lead_ancestors = page.ancestors(node, 0);
            let Some(shared) = near.iter().take(distance + 1).find(|ancestor| lead_ancestors.contains(ancestor)) else {
                continue;
            };
            if !precedes(page, *shared, node, container) {
                continue;
            }
        }
        match dom.first_child(content) {
            Some(first) => dom.insert_before(first, node),
            None => dom.append(content, node),
        }
        return;
    }
}

/// Returns true when `a` comes before `b` in document order below `root`.
fn precedes(page: &Dom, root: NodeId, a: NodeId, b: NodeId) -> bool {
    let mut current = page.next_in_order(root, root, true);
    while let Some(id) = current {
        if id == a {
            return true;
        }
        if id == b {
            return false;
        }
        current = page.next_in_order(id, root, true);
    }
    false
}
