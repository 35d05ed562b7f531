//! Incremental parser for newline-delimited JSON, the framing of Ollama's
//! native stream: one JSON document per line.
//!
//! Chunks split lines and UTF-8 sequences anywhere, so the unfinished tail
//! is kept between calls. Blank lines are skipped and CRLF endings accepted.

/// Longest line buffered, in bytes; a longer one is an error rather than
/// unbounded memory.
pub const MAX_LINE_BYTES: usize = 8 * 1024 * 1024;

/// A line grew beyond [`MAX_LINE_BYTES`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineTooLong;

#[derive(Debug, Default)]
pub struct NdjsonParser {
    pending: Vec<u8>,
}

impl NdjsonParser {
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds a chunk and returns the lines it completed, without their
    /// line endings.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<Vec<String>, LineTooLong> {
        let mut lines = Vec::new();
        let mut rest = chunk;
        while let Some(index) = rest.iter().position(|&b| b == b'\n') {
            self.pending.extend_from_slice(&rest[..index]);
            rest = &rest[index + 1..];
            let line = std::mem::take(&mut self.pending);
            push_line(&line, &mut lines);
        }
        self.pending.extend_from_slice(rest);
        if self.pending.len() > MAX_LINE_BYTES {
            return Err(LineTooLong);
        }
        Ok(lines)
    }

    /// Ends the stream: a last line without a newline is returned too.
    pub fn finish(&mut self) -> Option<String> {
        let line = std::mem::take(&mut self.pending);
        let mut lines = Vec::new();
        push_line(&line, &mut lines);
        lines.pop()
    }
}

fn push_line(line: &[u8], lines: &mut Vec<String>) {
    let text = String::from_utf8_lossy(line);
    let text = text.trim_end_matches('\r');
    if !text.trim().is_empty() {
        lines.push(text.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_anywhere() {
        let stream = "{\"a\":\"é\"}\n\n{\"b\":2}\r\n{\"c\":3}".as_bytes();
        for split in 0..stream.len() {
            let mut parser = NdjsonParser::new();
            let mut lines = parser.feed(&stream[..split]).unwrap();
            lines.extend(parser.feed(&stream[split..]).unwrap());
            lines.extend(parser.finish());
            assert_eq!(lines, vec!["{\"a\":\"é\"}", "{\"b\":2}", "{\"c\":3}"], "split at {split}");
        }
    }

    #[test]
    fn huge_line_is_rejected() {
        let mut parser = NdjsonParser::new();
        assert_eq!(parser.feed(&vec![b'x'; MAX_LINE_BYTES + 1]), Err(LineTooLong));
    }
}
