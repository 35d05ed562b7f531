//! Feeds arbitrary bytes to the SSE parser in two chunks split at an
//! arbitrary point: it must never panic, and the split must not change the
//! events.
#![no_main]

use libfuzzer_sys::fuzz_target;
use summarize_to_post::provider::sse::SseParser;

fuzz_target!(|data: &[u8]| {
    let Some((&split, stream)) = data.split_first() else {
        return;
    };
    let split = usize::from(split).min(stream.len());

    let mut whole = SseParser::new();
    let mut expected = whole.feed(stream).unwrap_or_default();
    expected.extend(whole.finish());

    let mut parts = SseParser::new();
    let mut events = parts.feed(&stream[..split]).unwrap_or_default();
    events.extend(parts.feed(&stream[split..]).unwrap_or_default());
    events.extend(parts.finish());

    assert_eq!(events, expected);
});
