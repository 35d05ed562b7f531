//! Incremental parser for Server-Sent Events, the framing that streaming
//! Chat Completions (and Anthropic and Gemini) responses use.
//!
//! Bytes arrive in chunks that split lines and even UTF-8 sequences anywhere,
//! so the parser keeps the unfinished tail between calls. It follows the
//! WHATWG event-stream rules: lines end in LF, CRLF or CR; a line starting
//! with `:` is a comment (keep-alive pings, `: OPENROUTER PROCESSING`); `data`
//! lines of one event are joined with LF; a blank line ends the event.

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SseEvent {
    /// The `event:` name, when the server sent one.
    pub event: Option<String>,
    pub data: String,
}

/// Longest line the parser buffers, in bytes; a longer one is an error
/// rather than unbounded memory.
pub const MAX_LINE_BYTES: usize = 8 * 1024 * 1024;

/// The stream broke the framing rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SseError {
    /// A single line grew beyond [`MAX_LINE_BYTES`].
    LineTooLong,
}

#[derive(Debug, Default)]
pub struct SseParser {
    /// Bytes of the line not yet ended.
    pending: Vec<u8>,
    /// True when the previous chunk ended in CR, so a leading LF belongs to it.
    after_cr: bool,
    event: Option<String>,
    data: Option<String>,
}

impl SseParser {
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds a chunk and returns the events it completed.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<Vec<SseEvent>, SseError> {
        let mut events = Vec::new();
        let mut rest = chunk;

        if self.after_cr && rest.first() == Some(&b'\n') {
            rest = &rest[1..];
        }
        self.after_cr = false;

        while let Some(index) = rest.iter().position(|&b| b == b'\n' || b == b'\r') {
            self.pending.extend_from_slice(&rest[..index]);
            let line = std::mem::take(&mut self.pending);
            self.take_line(&line, &mut events);

            let ended_with_cr = rest[index] == b'\r';
            rest = &rest[index + 1..];
            if ended_with_cr {
                if rest.first() == Some(&b'\n') {
                    rest = &rest[1..];
                } else if rest.is_empty() {
                    self.after_cr = true;
                }
            }
        }

        self.pending.extend_from_slice(rest);
        if self.pending.len() > MAX_LINE_BYTES {
            return Err(SseError::LineTooLong);
        }
        Ok(events)
    }

    /// Ends the stream: an event still open when the connection closes is
    /// dispatched too, because some servers omit the final blank line.
    pub fn finish(&mut self) -> Option<SseEvent> {
        let mut events = Vec::new();
        if !self.pending.is_empty() {
            let line = std::mem::take(&mut self.pending);
            self.take_line(&line, &mut events);
        }
        self.take_line(b"", &mut events);
        events.pop()
    }

    fn take_line(&mut self, line: &[u8], events: &mut Vec<SseEvent>) {
        if line.is_empty() {
            if let Some(data) = self.data.take() {
                events.push(SseEvent { event: self.event.take(), data });
            }
            self.event = None;
            return;
        }
        if line[0] == b':' {
            return;
        }

        let line = String::from_utf8_lossy(line);
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line.as_ref(), ""),
        };
        match field {
            "data" => match &mut self.data {
                Some(data) => {
                    data.push('\n');
                    data.push_str(value);
                }
                None => self.data = Some(value.to_string()),
            },
            "event" => self.event = Some(value.to_string()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed_all(parser: &mut SseParser, chunks: &[&[u8]]) -> Vec<SseEvent> {
        let mut events = Vec::new();
        for chunk in chunks {
            events.extend(parser.feed(chunk).unwrap());
        }
        events.extend(parser.finish());
        events
    }

    fn data(text: &str) -> SseEvent {
        SseEvent { event: None, data: text.into() }
    }

    #[test]
    fn parses_openai_stream() {
        let mut parser = SseParser::new();
        let events = feed_all(&mut parser, &[b"data: {\"a\":1}\n\ndata: [DONE]\n\n"]);
        assert_eq!(events, vec![data("{\"a\":1}"), data("[DONE]")]);
    }

    #[test]
    fn chunks_split_anywhere() {
        let stream = "event: message_start\r\ndata: {\"x\":\"é\"}\r\n\r\n: ping\n\ndata: two\n\n".as_bytes();
        for split in 0..stream.len() {
            let mut parser = SseParser::new();
            let events = feed_all(&mut parser, &[&stream[..split], &stream[split..]]);
            assert_eq!(
                events,
                vec![SseEvent { event: Some("message_start".into()), data: "{\"x\":\"é\"}".into() }, data("two")],
                "split at {split}"
            );
        }
    }

    #[test]
    fn comments_are_ignored() {
        let mut parser = SseParser::new();
        let events = feed_all(&mut parser, &[b": OPENROUTER PROCESSING\n\n:keep-alive\n\ndata: x\n\n"]);
        assert_eq!(events, vec![data("x")]);
    }

    #[test]
    fn multiline_data_is_joined() {
        let mut parser = SseParser::new();
        let events = feed_all(&mut parser, &[b"data: a\ndata:b\n\n"]);
        assert_eq!(events, vec![data("a\nb")]);
    }

    #[test]
    fn lone_cr_ends_lines() {
        let mut parser = SseParser::new();
        let events = feed_all(&mut parser, &[b"data: a\r\rdata: b\r", b"\r"]);
        assert_eq!(events, vec![data("a"), data("b")]);
    }

    #[test]
    fn unterminated_last_event_is_kept() {
        let mut parser = SseParser::new();
        let events = feed_all(&mut parser, &[b"data: tail"]);
        assert_eq!(events, vec![data("tail")]);
    }

    #[test]
    fn event_name_resets_after_dispatch() {
        let mut parser = SseParser::new();
        let events = feed_all(&mut parser, &[b"event: error\ndata: 1\n\ndata: 2\n\n"]);
        assert_eq!(events, vec![SseEvent { event: Some("error".into()), data: "1".into() }, data("2")]);
    }

    #[test]
    fn huge_line_is_rejected() {
        let mut parser = SseParser::new();
        let chunk = vec![b'a'; MAX_LINE_BYTES + 1];
        assert_eq!(parser.feed(&chunk), Err(SseError::LineTooLong));
    }
}
