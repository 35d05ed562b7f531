//! What each element's `class`, `id` and a few other attributes say about
//! it, read once per page.
//!
//! Scoring and the searches for the byline, the lead and the marked
//! article body ask the same questions of every element (is it hidden?
//! does its class name a sidebar or a byline?), and each scoring pass
//! asks them again. Attributes never change after parsing, so
//! the answers are read once per attribute list and shared by every copy
//! of the tree.

use html5ever::Attribute;

use super::dom::attribute;
use super::patterns;

/// The answers for one element.
#[derive(Debug, Default, Clone)]
pub struct Marks {
    /// `class` or `id` names a part that is almost never the article.
    pub unlikely: bool,
    /// The ARIA role is one of [`patterns::UNLIKELY_ROLES`].
    pub unlikely_role: bool,
    /// The element is an open modal dialog.
    pub dialog: bool,
    /// The element declares itself hidden ([`super::prepare::is_hidden`]).
    pub hidden: bool,
    /// The element marks an author line (`rel="author"`,
    /// `itemprop="author"` or a byline word in `class` or `id`).
    pub byline: bool,
    /// `class`, `id` or `itemprop` names the article body
    /// ([`super::hints`]).
    pub body: bool,
    /// `class` or `id` names a lead paragraph ([`super::lead`]).
    pub lead: bool,
}

/// Reads the marks of every attribute list, in the order of the lists.
pub fn read_marks(lists: &[Vec<Attribute>]) -> Vec<Marks> {
    // One buffer serves every list's lower-cased class and id.
    let mut class_and_id = String::new();
    lists.iter().map(|attrs| read(attrs, &mut class_and_id)).collect()
}

fn read(attrs: &[Attribute], class_and_id: &mut String) -> Marks {
    if attrs.is_empty() {
        return Marks::default();
    }
    let class = attribute(attrs, "class").unwrap_or("");
    let ident = attribute(attrs, "id").unwrap_or("");
    join_lower_case_into(class, ident, class_and_id);
    let class_and_id = class_and_id.as_str();
    let role = attribute(attrs, "role");

    let author_link = attribute(attrs, "rel") == Some("author");
    let author_item = attribute(attrs, "itemprop").is_some_and(|prop| prop.contains("author"));
    let has_names = !class_and_id.is_empty();

    Marks {
        unlikely: has_names && patterns::is_unlikely(class_and_id),
        unlikely_role: role.is_some_and(|role| patterns::UNLIKELY_ROLES.contains(&role)),
        dialog: attribute(attrs, "aria-modal") == Some("true") && role == Some("dialog"),
        hidden: super::prepare::is_hidden(attrs),
        byline: author_link || author_item || (has_names && patterns::is_byline(class_and_id)),
        body: super::hints::is_body_name(attrs, class_and_id),
        lead: has_names && super::lead::names_lead(class, ident, class_and_id),
    }
}

/// Returns `class` and `id` lower-cased and joined by a space, or an empty
/// string when both are empty.
pub fn join_lower_case(class: &str, ident: &str) -> String {
    let mut joined = String::new();
    join_lower_case_into(class, ident, &mut joined);
    joined
}

/// Writes what [`join_lower_case`] returns into `joined`, replacing its
/// contents.
fn join_lower_case_into(class: &str, ident: &str, joined: &mut String) {
    joined.clear();
    if class.is_empty() && ident.is_empty() {
        return;
    }
    joined.push_str(class);
    joined.push(' ');
    joined.push_str(ident);
    joined.make_ascii_lowercase();
    if !joined.is_ascii() {
        *joined = joined.to_lowercase();
    }
}
