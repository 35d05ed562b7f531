//! Decoding of saved HTML files into text, for the command-line program.
//!
//! Saved pages come in many encodings and often declare the wrong one.
//! A byte order mark wins. Next, bytes that are valid UTF-8 are read as
//! UTF-8, since text in a legacy encoding almost never forms valid UTF-8 by
//! chance. Next comes the charset that a `<meta>` tag declares near the
//! start, and last windows-1252, as browsers do. Invalid bytes become
//! U+FFFD, so decoding never fails.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// Decodes the bytes of an HTML file into text.
pub fn decode_html(bytes: &[u8]) -> String {
    if let Some((encoding, bom_length)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
        return text.into_owned();
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_string();
    }
    let encoding = declared_charset(bytes).unwrap_or(WINDOWS_1252);
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    text.into_owned()
}

/// Bytes searched for a charset declaration. The HTML standard's prescan
/// reads 1024, but saved copies often put injected scripts first, so
/// more is read here.
const PRESCAN_BYTES: usize = 8192;

/// Finds a charset declared in a `<meta>` tag near the start of the page,
/// as `<meta charset="…">` or in the `content` of an `http-equiv` tag.
/// The `charset` attributes of other tags, such as scripts, say nothing
/// about the page and are skipped.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(offset) = find(&lower[from..], b"<meta") {
        let tag_start = from + offset;
        let tag_end = lower[tag_start..].iter().position(|&b| b == b'>').map_or(lower.len(), |end| tag_start + end);
        if let Some(encoding) = charset_in_tag(&lower[tag_start..tag_end]) {
            return Some(encoding);
        }
        from = tag_end.max(tag_start + 1);
    }
    None
}

/// Reads `charset=LABEL` inside one lower-cased `<meta …>` tag.
fn charset_in_tag(tag: &[u8]) -> Option<&'static Encoding> {
    let mut from = 0;
    while let Some(offset) = find(&tag[from..], b"charset") {
        let mut index = from + offset + b"charset".len();
        while index < tag.len() && tag[index].is_ascii_whitespace() {
            index += 1;
        }
        if index < tag.len() && tag[index] == b'=' {
            index += 1;
            while index < tag.len() && matches!(tag[index], b' ' | b'"' | b'\'') {
                index += 1;
            }
            let start = index;
            while index < tag.len()
                && (tag[index].is_ascii_alphanumeric() || matches!(tag[index], b'-' | b'_' | b':' | b'.'))
            {
                index += 1;
            }
            if let Some(encoding) = Encoding::for_label(&tag[start..index]) {
                // A page that declares UTF-16 in ASCII bytes is not UTF-16.
                let utf16 = encoding.name().starts_with("UTF-16");
                return Some(if utf16 { UTF_8 } else { encoding });
            }
        }
        from = index.max(from + offset + 1);
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_latin1_decodes() {
        let bytes = b"<meta charset=\"iso-8859-1\"><p>caf\xe9</p>";
        assert!(decode_html(bytes).contains("café"));
    }

    #[test]
    fn utf8_wins_over_wrong_declaration() {
        let bytes = "<meta charset=\"iso-8859-1\"><p>café</p>".as_bytes();
        assert!(decode_html(bytes).contains("café"));
    }

    #[test]
    fn utf16_bom_decodes() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "<p>hé</p>".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode_html(&bytes), "<p>hé</p>");
    }

    #[test]
    fn script_charset_attribute_ignored() {
        let mut bytes = b"<script src=a.js charset=\"utf-8\"></script>".to_vec();
        bytes.extend_from_slice(&[b' '; 1500]);
        let (page, _, _) =
            encoding_rs::GBK.encode("<meta http-equiv=Content-Type content=\"text/html; charset=gb2312\"><p>武汉</p>");
        bytes.extend_from_slice(&page);
        assert!(decode_html(&bytes).contains("武汉"));
    }

    #[test]
    fn invalid_bytes_never_fail() {
        let bytes = [0xC3, 0x28, 0xFF, 0xFE, 0x00, b'<', b'p', b'>'];
        assert!(decode_html(&bytes).contains("<p>"));
    }

    #[test]
    fn shift_jis_declared_decodes() {
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode("<meta charset=shift_jis><p>日本語</p>");
        assert!(decode_html(&bytes).contains("日本語"));
    }
}
