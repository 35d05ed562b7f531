//! Checks the fuzz targets share.

pub mod post;
pub mod reference;

/// Tags the sanitised renderers may write.
const ALLOWED_TAGS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "del",
    "a",
    "img",
    "code",
    "pre",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "br",
    "input",
    "sup",
    "div",
    "span",
];

/// Attributes the sanitised renderers may write.
const ALLOWED_ATTRIBUTES: &[&str] =
    &["href", "src", "alt", "title", "class", "start", "style", "type", "disabled", "checked", "id", "download"];

/// Panics when `html` holds a tag or attribute outside the allowed sets, an
/// event handler, or a link or image whose URL scheme is not http, https or
/// mailto (images: data:image is allowed too).
pub fn assert_safe_html(html: &str) {
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let close = after.find('>').unwrap_or_else(|| panic!("unclosed tag in {html:?}"));
        let tag = &after[..close];
        rest = &after[close + 1..];

        let tag = tag.trim_end_matches('/').trim();
        let tag = tag.strip_prefix('/').unwrap_or(tag);
        let (name, attributes) = tag.split_once(' ').unwrap_or((tag, ""));
        assert!(ALLOWED_TAGS.contains(&name), "tag <{name}> in {html:?}");
        check_attributes(name, attributes, html);
    }
}

fn check_attributes(tag: &str, attributes: &str, html: &str) {
    let mut rest = attributes.trim();
    while !rest.is_empty() {
        let (name, value, remainder) = match rest.find(['=', ' ']) {
            Some(index) if rest.as_bytes()[index] == b'=' => {
                let value_part = &rest[index + 1..];
                let quoted = value_part.strip_prefix('"').unwrap_or_else(|| panic!("unquoted attribute in {html:?}"));
                let end = quoted.find('"').unwrap_or_else(|| panic!("unterminated attribute in {html:?}"));
                (&rest[..index], &quoted[..end], quoted[end + 1..].trim_start())
            }
            Some(index) => (&rest[..index], "", rest[index + 1..].trim_start()),
            None => (rest, "", ""),
        };
        assert!(ALLOWED_ATTRIBUTES.contains(&name), "attribute {name} on <{tag}> in {html:?}");
        if name == "href" || name == "src" {
            let lower = value.to_ascii_lowercase();
            let safe = lower.starts_with("http://")
                || lower.starts_with("https://")
                || (name == "href" && lower.starts_with("mailto:"))
                || (name == "src" && lower.starts_with("data:image/"));
            assert!(safe, "unsafe {name}={value:?} in {html:?}");
        }
        assert!(!value.contains(['<', '>', '"']), "unescaped attribute value {value:?} in {html:?}");
        rest = remainder;
    }
}
