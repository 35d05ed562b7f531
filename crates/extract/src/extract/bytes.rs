//! Byte searches for the scanner that reduces markup before parsing.
//!
//! The scanner looks for a few ASCII bytes and tag names in pages of
//! megabytes. So these helpers work on bytes and compare tag names
//! ignoring ASCII case, as HTML does. Where a byte is rare, they skip
//! eight bytes at a time.

/// Finds a byte eight bytes at a time, as `<` is rare in most of a page.
pub fn find_byte(haystack: &[u8], byte: u8) -> Option<usize> {
    const LOW_BITS: u64 = 0x0101_0101_0101_0101;
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let repeated = LOW_BITS * u64::from(byte);
    let mut chunks = haystack.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let value = u64::from_le_bytes(word) ^ repeated;
        // Some byte of `value` is zero exactly when this test is non-zero.
        if (value.wrapping_sub(LOW_BITS) & !value & HIGH_BITS) != 0 {
            break;
        }
        offset += 8;
    }
    haystack[offset..].iter().position(|&b| b == byte).map(|position| offset + position)
}

/// Finds the first line feed or carriage return, eight bytes at a time.
pub fn find_line_break(haystack: &[u8]) -> Option<usize> {
    let mut chunks = haystack.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let word = super::swar::load(chunk);
        let breaks = super::swar::equal_bytes(word, b'\n') | super::swar::equal_bytes(word, b'\r');
        if breaks != 0 {
            return Some(offset + breaks.trailing_zeros() as usize / 8);
        }
        offset += 8;
    }
    chunks.remainder().iter().position(|&byte| byte == b'\n' || byte == b'\r').map(|position| offset + position)
}

/// Finds `needle`, which must not be empty.
pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    let mut index = 0;
    while let Some(offset) = find_byte(&haystack[index..], first) {
        let start = index + offset;
        if haystack[start..].starts_with(needle) {
            return Some(start);
        }
        index = start + 1;
    }
    None
}

pub fn starts_with_ignore_case(haystack: &[u8], prefix: &[u8]) -> bool {
    haystack.len() >= prefix.len() && haystack[..prefix.len()].eq_ignore_ascii_case(prefix)
}

pub fn contains_ignore_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window.eq_ignore_ascii_case(needle))
}

/// Returns true for the bytes the HTML tokenizer takes for whitespace
/// inside a tag (a carriage return counts, as the parser turns it into a
/// line feed first).
pub fn is_tag_space(byte: u8) -> bool {
    matches!(byte, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// Finds the end tag `</name` that closes raw text, where `name` is a
/// lower-case tag name: the name must be followed by whitespace, `/` or
/// `>`, as the tokenizer requires of an end tag there.
pub fn find_end_tag(haystack: &[u8], name: &[u8]) -> Option<usize> {
    let mut index = 0;
    while let Some(offset) = find_byte(&haystack[index..], b'<') {
        let start = index + offset;
        let rest = &haystack[start..];
        if rest.get(1) == Some(&b'/')
            && starts_with_ignore_case(&rest[2..], name)
            && rest.get(2 + name.len()).is_some_and(|&b| is_tag_space(b) || b == b'/' || b == b'>')
        {
            return Some(start);
        }
        index = start + 1;
    }
    None
}

/// Finds the `</script` that ends a script body. Like the tokenizer's
/// "script data escaped" and "double escaped" states, it skips a
/// `</script>` that follows a `<script>` between `<!--` and `-->`, as in
/// `<!-- document.write("<script></script>") -->`.
pub fn find_script_end(body: &[u8]) -> Option<usize> {
    let mut escaped = false;
    let mut double_escaped = false;
    let mut index = 0;
    while index < body.len() {
        // Outside `<!--`, only a `<` can change anything.
        if !escaped {
            index += find_byte(&body[index..], b'<')?;
        }
        let rest = &body[index..];
        match rest[0] {
            b'<' if rest.starts_with(b"<!--") && !escaped => {
                escaped = true;
                // The dashes of `<!--` may also end it, as in `<!-->`.
                index += 2;
                continue;
            }
            b'<' if is_script_tag(&rest[1..]) && escaped && !double_escaped => double_escaped = true,
            b'<' if rest.get(1) == Some(&b'/') && is_script_tag(&rest[2..]) => {
                if !double_escaped {
                    return Some(index);
                }
                double_escaped = false;
            }
            b'-' if rest.starts_with(b"-->") && escaped => {
                escaped = false;
                double_escaped = false;
            }
            _ => {}
        }
        index += 1;
    }
    None
}

/// Returns true when `name` starts with `script` and a byte that ends a
/// tag name.
fn is_script_tag(name: &[u8]) -> bool {
    starts_with_ignore_case(name, b"script") && name.get(6).is_some_and(|&b| is_tag_space(b) || b == b'/' || b == b'>')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_byte_matches_position() {
        let text = b"0123456789abcdef<ghijklmnop<qr";
        for start in 0..text.len() {
            let expected = text[start..].iter().position(|&b| b == b'<');
            assert_eq!(find_byte(&text[start..], b'<'), expected, "from {start}");
        }
        assert_eq!(find_byte(b"", b'<'), None);
    }

    #[test]
    fn find_line_break_matches_position() {
        let text = "0123456789é\u{a0}cdef\nghijklmnop\rqr".as_bytes();
        for start in 0..text.len() {
            let expected = text[start..].iter().position(|&b| b == b'\n' || b == b'\r');
            assert_eq!(find_line_break(&text[start..]), expected, "from {start}");
        }
    }

    #[test]
    fn end_tag_needs_delimiter() {
        assert_eq!(find_end_tag(b"a </scripts> b </SCRIPT >", b"script"), Some(15));
        assert_eq!(find_end_tag(b"a </script", b"script"), None);
    }
}
