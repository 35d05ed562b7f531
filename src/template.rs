//! `{variable}` substitution in user-editable instructions.
//!
//! Only a brace pair around a plain identifier (`{title}`, `{art_styles}`) is a
//! variable. Anything else in braces, such as a JSON example in an
//! instruction, stays as written. `{{` and `}}` write a literal brace. An
//! identifier that is not a known variable is reported, so a typo such as
//! `{titel}` does not reach the model unnoticed.

/// Names of the variables an instruction may use. `previous` is the output
/// of the stage before, which is empty for the post stage.
pub const VARIABLES: [&str; 8] = ["title", "url", "site", "language", "date", "art_styles", "theme", "previous"];

/// Returns the first unknown variable name in `template`, if any.
pub fn find_unknown_variable(template: &str) -> Option<String> {
    let mut unknown = None;
    expand_with(template, |name| {
        if !VARIABLES.contains(&name) && unknown.is_none() {
            unknown = Some(name.to_string());
        }
        None
    });
    unknown
}

/// Expands the variables of `template` with `value`; a variable for which
/// `value` returns `None` stays as written.
pub fn expand(template: &str, value: impl Fn(&str) -> Option<String>) -> String {
    expand_with(template, |name| value(name))
}

fn expand_with(template: &str, mut value: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;

    while let Some(index) = rest.find(['{', '}']) {
        out.push_str(&rest[..index]);
        let tail = &rest[index..];

        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }

        if let Some(after_brace) = tail.strip_prefix('{') {
            if let Some(name_length) = after_brace.find('}') {
                let name = &after_brace[..name_length];
                if is_identifier(name) {
                    match value(name) {
                        Some(text) => out.push_str(&text),
                        None => out.push_str(&tail[..name_length + 2]),
                    }
                    rest = &after_brace[name_length + 1..];
                    continue;
                }
            }
        }

        out.push_str(&tail[..1]);
        rest = &tail[1..];
    }

    out.push_str(rest);
    out
}

fn is_identifier(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 40
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && name.starts_with(|c: char| c.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(name: &str) -> Option<String> {
        match name {
            "title" => Some("Hello".into()),
            "theme" => Some("pirates".into()),
            _ => None,
        }
    }

    #[test]
    fn expands_known_variables() {
        assert_eq!(expand("About {title} with {theme}.", values), "About Hello with pirates.");
    }

    #[test]
    fn keeps_json_braces() {
        let text = r#"Answer as {"title": "…"} please"#;
        assert_eq!(expand(text, values), text);
        assert_eq!(find_unknown_variable(text), None);
    }

    #[test]
    fn doubled_braces_are_literal() {
        assert_eq!(expand("{{title}} is {title}", values), "{title} is Hello");
        assert_eq!(find_unknown_variable("{{titel}}"), None);
    }

    #[test]
    fn reports_unknown_variable() {
        assert_eq!(find_unknown_variable("Use {titel} here"), Some("titel".into()));
        assert_eq!(find_unknown_variable("Use {title} and {site}"), None);
    }

    #[test]
    fn unbalanced_braces_survive() {
        assert_eq!(expand("a { b } c {", values), "a { b } c {");
        assert_eq!(expand("}{", values), "}{");
    }
}
