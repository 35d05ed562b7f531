//! One request to a chat model, streamed or whole, through a transport.
//!
//! A server asked to stream may still answer with one JSON body (some
//! compatible servers ignore `stream`), so the response's content type, not
//! the request, decides how the body is read.

use crate::provider::sse::{SseError, SseParser};
use crate::provider::{ChatRequest, Completion, ProviderError, error, openai};
use crate::settings::Endpoint;
use crate::transport::{ResponseBody, Transport};

/// Sends one chat request and returns the completion. `on_text` receives
/// each piece of text as it arrives; an error it returns stops the request
/// and becomes the result.
pub async fn call_chat<T: Transport>(
    transport: &T,
    endpoint: &Endpoint,
    chat: &ChatRequest<'_>,
    on_text: &mut dyn FnMut(&str) -> Result<(), ProviderError>,
) -> Result<Completion, ProviderError> {
    let request = openai::build_request(endpoint, chat);
    let (head, mut body) = transport.send(&request).await?;

    if !(200..300).contains(&head.status) {
        let bytes = body.read_all().await?;
        return Err(error::classify(&head, &bytes, &request.url));
    }

    let streamed = head.header("content-type").is_some_and(|value| value.contains("text/event-stream"));
    if !streamed {
        let bytes = body.read_all().await?;
        let completion = openai::parse_response(&bytes)?;
        if !completion.text.is_empty() {
            on_text(&completion.text)?;
        }
        return Ok(completion);
    }

    let mut parser = SseParser::new();
    let mut accumulator = openai::StreamAccumulator::new();
    while let Some(chunk) = body.next_chunk().await? {
        let events = parser.feed(&chunk).map_err(stream_error)?;
        for event in events {
            if let Some(text) = accumulator.push(&event.data)? {
                on_text(&text)?;
            }
        }
    }
    if let Some(event) = parser.finish() {
        if let Some(text) = accumulator.push(&event.data)? {
            on_text(&text)?;
        }
    }
    accumulator.finish()
}

fn stream_error(error: SseError) -> ProviderError {
    match error {
        SseError::LineTooLong => ProviderError::InvalidResponse { detail: "a stream line is longer than 8 MiB".into() },
    }
}
