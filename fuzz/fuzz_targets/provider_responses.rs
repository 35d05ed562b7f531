//! Parses arbitrary bytes as every provider's whole response, stream and
//! error body: none of it may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use summarize_to_post::provider::error::{ErrorContext, classify, parse_error_body};
use summarize_to_post::provider::ndjson::NdjsonParser;
use summarize_to_post::provider::sse::SseParser;
use summarize_to_post::provider::{StreamDecoder, anthropic, gemini, ollama, openai, openai_images};
use summarize_to_post::settings::{EndpointKind, ImageFamily, ImageOptions};
use summarize_to_post::transport::ResponseHead;

fuzz_target!(|data: &[u8]| {
    let _ = openai::parse_response(data);
    let _ = anthropic::parse_response(data);
    let _ = gemini::parse_response(data);
    let _ = ollama::parse_response(data);
    let options = ImageOptions {
        family: ImageFamily::of("dall-e-3"),
        size: "1024x1024".into(),
        quality: None,
        style: None,
        output_format: None,
    };
    let _ = openai_images::parse_response(data, &options);
    let _ = parse_error_body(data);

    let text = String::from_utf8_lossy(data);
    for kind in [EndpointKind::OpenAi, EndpointKind::Anthropic, EndpointKind::Gemini, EndpointKind::Ollama] {
        for status in [400, 401, 403, 404, 429, 503, 529] {
            let headers = vec![("retry-after".into(), text.to_string()), ("x-ratelimit-reset-requests".into(), text.to_string())];
            let head = ResponseHead { status, headers };
            let context = ErrorContext { kind, url: "http://127.0.0.1/v1", ollama: kind == EndpointKind::Ollama, now_ms: 0 };
            let _ = classify(&head, data, context);
        }
    }

    let sse_decoders: [Box<dyn StreamDecoder>; 3] = [
        Box::new(openai::StreamAccumulator::new()),
        Box::new(anthropic::StreamAccumulator::new()),
        Box::new(gemini::StreamAccumulator::new()),
    ];
    for mut decoder in sse_decoders {
        let mut parser = SseParser::new();
        let mut events = parser.feed(data).unwrap_or_default();
        events.extend(parser.finish());
        let failed = events.iter().any(|event| decoder.push(event.event.as_deref(), &event.data).is_err());
        if !failed {
            let _ = decoder.finish();
        }
    }

    let mut lines = NdjsonParser::new();
    let mut decoder: Box<dyn StreamDecoder> = Box::new(ollama::StreamAccumulator::new());
    let mut all = lines.feed(data).unwrap_or_default();
    all.extend(lines.finish());
    if all.iter().all(|line| decoder.push(None, line).is_ok()) {
        let _ = decoder.finish();
    }
});
