//! Decoding of saved HTML files into text, for the command-line program.
//!
//! Saved pages come in many encodings and often declare the wrong one.
//! A byte order mark wins. Next, bytes that are valid UTF-8 are read as
//! UTF-8, since text in a legacy encoding almost never forms valid UTF-8 by
//! chance. Next comes the charset that the page declares in its first 1024
//! bytes, and last windows-1252, as browsers do. Invalid bytes become
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

/// Finds a charset declared in a `<meta>` tag within the first 1024 bytes.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(offset) = find(&lower[from..], b"charset") {
        let mut index = from + offset + b"charset".len();
        while index < lower.len() && lower[index].is_ascii_whitespace() {
            index += 1;
        }
        if index < lower.len() && lower[index] == b'=' {
            index += 1;
            while index < lower.len() && matches!(lower[index], b' ' | b'"' | b'\'') {
                index += 1;
            }
            let start = index;
            while index < lower.len() && (lower[index].is_ascii_alphanumeric() || matches!(lower[index], b'-' | b'_' | b':' | b'.')) {
                index += 1;
            }
            if let Some(encoding) = Encoding::for_label(&lower[start..index]) {
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
