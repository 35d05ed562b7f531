//! Resolution of relative links against the page URL (RFC 3986, section 5).
//!
//! Only resolution is needed, so this small resolver replaces a full
//! URL library and its Unicode tables, which would weigh on the wasm size.
//! It does not normalise hosts or percent-encoding; it keeps what the page
//! wrote.

use std::borrow::Cow;

/// A URL split into the parts resolution needs.
struct Parts<'a> {
    scheme: &'a str,
    authority: Option<&'a str>,
    path: &'a str,
    query: Option<&'a str>,
}

fn scheme_of(url: &str) -> Option<(&str, &str)> {
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| (scheme, &url[colon + 1..]))
}

fn split(url: &str) -> Option<Parts<'_>> {
    let (scheme, rest) = scheme_of(url)?;
    let rest = rest.split('#').next().unwrap_or("");
    let (authority, rest) = match rest.strip_prefix("//") {
        Some(after) => {
            let end = after.find(['/', '?']).unwrap_or(after.len());
            (Some(&after[..end]), &after[end..])
        }
        None => (None, rest),
    };
    let (path, query) = match rest.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (rest, None),
    };
    Some(Parts { scheme, authority, path, query })
}

/// Removes `.` and `..` segments from a path.
fn remove_dot_segments(path: &str) -> Cow<'_, str> {
    // Most paths have none, and they are returned without splitting.
    if !path.contains('.') || !path.split('/').any(|segment| segment == "." || segment == "..") {
        return Cow::Borrowed(path);
    }
    let mut output: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len().saturating_sub(1);
    for (index, segment) in segments.iter().enumerate() {
        match *segment {
            "." => {
                if index == last {
                    output.push("");
                }
            }
            ".." => {
                if output.len() > 1 {
                    output.pop();
                }
                if index == last {
                    output.push("");
                }
            }
            other => output.push(other),
        }
    }
    let joined = output.join("/");
    Cow::Owned(if path.starts_with('/') && !joined.starts_with('/') { format!("/{joined}") } else { joined })
}

/// Joins the parts of a URL. It runs for every link of an article, so it
/// builds the string directly instead of through `format!`.
fn assemble(scheme: &str, authority: Option<&str>, path: &str, tail: &str) -> String {
    let length = scheme.len() + authority.map_or(0, |authority| authority.len() + 2) + path.len() + tail.len() + 1;
    let mut url = String::with_capacity(length);
    url.push_str(scheme);
    url.push(':');
    if let Some(authority) = authority {
        url.push_str("//");
        url.push_str(authority);
    }
    url.push_str(path);
    url.push_str(tail);
    url
}

/// Resolves `reference` against `base`. Returns the reference unchanged
/// when the base is not an absolute URL, and `None` for `javascript:`
/// links, which are never content.
pub fn resolve(base: &str, reference: &str) -> Option<String> {
    Base::new(base).resolve(reference)
}

/// A base URL split once, for resolving the many links of one article.
pub struct Base<'a> {
    /// The parts of the base, or `None` when it is not an absolute URL.
    parts: Option<Parts<'a>>,
}

impl<'a> Base<'a> {
    pub fn new(base: &'a str) -> Self {
        Self { parts: split(base) }
    }

    /// Resolves `reference` as [`resolve`] does.
    pub fn resolve(&self, reference: &str) -> Option<String> {
        let reference = reference.trim();
        if let Some((scheme, _)) = scheme_of(reference) {
            if scheme.eq_ignore_ascii_case("javascript") {
                return None;
            }
            return Some(reference.to_string());
        }
        let Some(base) = &self.parts else {
            return Some(reference.to_string());
        };
        Some(resolve_relative(base, reference))
    }
}

/// Resolves `reference`, which has no scheme, against the parts of an
/// absolute base URL.
fn resolve_relative(base: &Parts<'_>, reference: &str) -> String {
    if let Some(rest) = reference.strip_prefix("//") {
        return format!("{}://{rest}", base.scheme);
    }
    if reference.is_empty() {
        let query = base.query.map(|q| format!("?{q}")).unwrap_or_default();
        return assemble(base.scheme, base.authority, base.path, &query);
    }
    if reference.starts_with('#') {
        let query = base.query.map(|q| format!("?{q}")).unwrap_or_default();
        return assemble(base.scheme, base.authority, base.path, &format!("{query}{reference}"));
    }
    if reference.starts_with('?') {
        return assemble(base.scheme, base.authority, base.path, reference);
    }

    let end = reference.bytes().position(|byte| byte == b'?' || byte == b'#').unwrap_or(reference.len());
    let (path, tail) = reference.split_at(end);
    // An absolute path, the most common link, is used without a copy.
    let merged: Cow<'_, str> = if path.starts_with('/') {
        Cow::Borrowed(path)
    } else if base.authority.is_some() && base.path.is_empty() {
        Cow::Owned(format!("/{path}"))
    } else {
        let directory = base.path.rfind('/').map_or("", |slash| &base.path[..=slash]);
        Cow::Owned(format!("{directory}{path}"))
    };
    assemble(base.scheme, base.authority, &remove_dot_segments(&merged), tail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_rfc_examples() {
        let base = "http://a/b/c/d;p?q";
        let cases = [
            ("g", "http://a/b/c/g"),
            ("./g", "http://a/b/c/g"),
            ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("//g", "http://g"),
            ("?y", "http://a/b/c/d;p?y"),
            ("g?y", "http://a/b/c/g?y"),
            ("#s", "http://a/b/c/d;p?q#s"),
            ("..", "http://a/b/"),
            ("../g", "http://a/b/g"),
            ("../../g", "http://a/g"),
            ("../../../g", "http://a/g"),
            ("https://x.org/y", "https://x.org/y"),
        ];
        for (reference, expected) in cases {
            assert_eq!(resolve(base, reference).as_deref(), Some(expected), "{reference}");
        }
    }

    #[test]
    fn resolve_drops_javascript_links() {
        assert_eq!(resolve("http://a/", "javascript:void(0)"), None);
    }
}
