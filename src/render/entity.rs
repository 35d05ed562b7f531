//! HTML character references in Markdown text: numeric ones (`&#8212;`,
//! `&#x2014;`) and the 2,231 named ones of HTML5 (`&mdash;`). The names come
//! from `web_atoms`, whose table the HTML parser of extraction links in
//! anyway, so decoding every name costs no size.

/// Decodes the character reference that starts with the `&` at `start`.
/// Returns its text and the offset after its `;`.
pub(super) fn decode(text: &str, start: usize) -> Option<(String, usize)> {
    let rest = &text[start + 1..];
    let semicolon = rest.find(';').filter(|&end| end <= 33)?;
    let name = &rest[..semicolon];
    let end = start + 1 + semicolon + 1;

    if let Some(number) = name.strip_prefix('#') {
        let (digits, radix, max) = match number.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 6),
            None => (number, 10, 7),
        };
        let valid = (1..=max).contains(&digits.len()) && digits.chars().all(|c| c.is_digit(radix));
        if !valid {
            return None;
        }
        let code = u32::from_str_radix(digits, radix).ok()?;
        let c = char::from_u32(code).filter(|&c| c != '\0').unwrap_or(char::REPLACEMENT_CHARACTER);
        return Some((c.to_string(), end));
    }

    // The table also maps every prefix of a name to (0, 0), for the HTML
    // tokenizer's longest match; a prefix is no reference here.
    let key = format!("{name};");
    let &(first, second) = web_atoms::NAMED_ENTITIES.get(key.as_str())?;
    let mut value = String::new();
    value.push(char::from_u32(first).filter(|&c| c != '\0')?);
    if second != 0 {
        value.push(char::from_u32(second)?);
    }
    Some((value, end))
}

/// Resolves backslash escapes and character references, as in link
/// destinations, titles and code block info strings.
pub(super) fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['\\', '&']) {
        out.push_str(&rest[..at]);
        let next = rest[at + 1..].chars().next();
        if rest.as_bytes()[at] == b'\\' {
            match next {
                Some(c) if c.is_ascii_punctuation() => {
                    out.push(c);
                    rest = &rest[at + 2..];
                }
                _ => {
                    out.push('\\');
                    rest = &rest[at + 1..];
                }
            }
        } else if let Some((decoded, end)) = decode(rest, at) {
            out.push_str(&decoded);
            rest = &rest[end..];
        } else {
            out.push('&');
            rest = &rest[at + 1..];
        }
    }
    out.push_str(rest);
    out
}
