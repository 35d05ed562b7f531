//! Parses arbitrary bytes as a whole Chat Completions response, a stream of
//! events, and an error body: none of it may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use summarize_to_post::provider::StreamDecoder;
use summarize_to_post::provider::error::{ErrorContext, classify, parse_error_body};
use summarize_to_post::provider::openai::{StreamAccumulator, parse_response};
use summarize_to_post::provider::sse::SseParser;
use summarize_to_post::settings::EndpointKind;
use summarize_to_post::transport::ResponseHead;

fuzz_target!(|data: &[u8]| {
    let _ = parse_response(data);
    let _ = parse_error_body(data);
    for status in [400, 401, 404, 429, 503] {
        let head = ResponseHead { status, headers: vec![("retry-after".into(), String::from_utf8_lossy(data).into())] };
        let context = ErrorContext {
            kind: EndpointKind::OpenAi,
            url: "http://127.0.0.1/v1/chat/completions",
            ollama: false,
            now_ms: 0,
        };
        let _ = classify(&head, data, context);
    }

    let mut parser = SseParser::new();
    let mut accumulator = Box::new(StreamAccumulator::new());
    let mut events = parser.feed(data).unwrap_or_default();
    events.extend(parser.finish());
    for event in events {
        if accumulator.push(event.event.as_deref(), &event.data).is_err() {
            return;
        }
    }
    let _ = accumulator.finish();
});
