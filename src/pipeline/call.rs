//! One request to a model, streamed or whole, through a transport.
//!
//! A server asked to stream may still answer with one JSON body (some
//! compatible servers ignore `stream`), so the response's content type, not
//! the request, decides how the body is read. The endpoint's kind picks the
//! request builder, the stream framing (SSE or NDJSON) and the decoder.

use crate::provider::ndjson::NdjsonParser;
use crate::provider::sse::SseParser;
use crate::provider::{self, Call, ChatRequest, Completion, Framing, ProviderError};
use crate::settings::{Endpoint, EndpointKind};
use crate::transport::{HttpRequest, ResponseBody, Transport};

/// Sends one chat request and returns the completion. `on_text` receives
/// each piece of text as it arrives; an error it returns stops the request
/// and becomes the result.
pub async fn call_chat<T: Transport>(
    transport: &T,
    endpoint: &Endpoint,
    chat: &ChatRequest<'_>,
    on_text: &mut dyn FnMut(&str) -> Result<(), ProviderError>,
) -> Result<Completion, ProviderError> {
    let request = match provider::build_chat(endpoint, chat)? {
        Call::Prompt(prompt) => {
            let mut body = transport.prompt_model(&prompt).await?;
            return read_text_pieces(&mut body, on_text).await;
        }
        Call::Http(request) => request,
    };

    let (head, mut body) = transport.send(&request).await?;
    if !(200..300).contains(&head.status) {
        let bytes = body.read_all().await?;
        return Err(provider::classify_error(endpoint, &head, &bytes, &request.url, transport.now_ms()));
    }

    let mut decoder = provider::stream_decoder(endpoint.kind);
    match provider::framing(endpoint.kind, &head) {
        Framing::Whole => {
            let bytes = body.read_all().await?;
            // Some proxies label an event stream as plain text.
            if chat.stream && looks_like_sse(&bytes) {
                let mut parser = SseParser::new();
                let mut events = parser.feed(&bytes).map_err(|_| line_too_long())?;
                events.extend(parser.finish());
                for event in events {
                    if let Some(text) = decoder.push(event.event.as_deref(), &event.data)? {
                        on_text(&text)?;
                    }
                }
                return decoder.finish();
            }
            let completion = provider::parse_whole(endpoint.kind, &bytes)?;
            if !completion.text.is_empty() {
                on_text(&completion.text)?;
            }
            return Ok(completion);
        }
        Framing::Sse => {
            let mut parser = SseParser::new();
            while let Some(chunk) = body.next_chunk().await? {
                for event in parser.feed(&chunk).map_err(|_| line_too_long())? {
                    if let Some(text) = decoder.push(event.event.as_deref(), &event.data)? {
                        on_text(&text)?;
                    }
                }
            }
            if let Some(event) = parser.finish() {
                if let Some(text) = decoder.push(event.event.as_deref(), &event.data)? {
                    on_text(&text)?;
                }
            }
        }
        Framing::Ndjson => {
            let mut parser = NdjsonParser::new();
            while let Some(chunk) = body.next_chunk().await? {
                for line in parser.feed(&chunk).map_err(|_| line_too_long())? {
                    if let Some(text) = decoder.push(None, &line)? {
                        on_text(&text)?;
                    }
                }
            }
            if let Some(line) = parser.finish() {
                if let Some(text) = decoder.push(None, &line)? {
                    on_text(&text)?;
                }
            }
        }
    }
    decoder.finish()
}

/// Sends a request whose answer is one JSON body (an image, a model list)
/// and returns the body; a non-success status becomes its classified error.
pub async fn send_whole<T: Transport>(
    transport: &T,
    endpoint: &Endpoint,
    request: &HttpRequest,
) -> Result<Vec<u8>, ProviderError> {
    let (head, mut body) = transport.send(request).await?;
    let bytes = body.read_all().await?;
    if !(200..300).contains(&head.status) {
        return Err(provider::classify_error(endpoint, &head, &bytes, &request.url, transport.now_ms()));
    }
    Ok(bytes)
}

/// Reads the text pieces the browser's built-in model streams.
async fn read_text_pieces<B: ResponseBody>(
    body: &mut B,
    on_text: &mut dyn FnMut(&str) -> Result<(), ProviderError>,
) -> Result<Completion, ProviderError> {
    let mut decoder = provider::stream_decoder(EndpointKind::BuiltIn);
    while let Some(chunk) = body.next_chunk().await? {
        if let Some(text) = decoder.push(None, &String::from_utf8_lossy(&chunk))? {
            on_text(&text)?;
        }
    }
    decoder.finish()
}

/// True when a body starts like an event stream: a `data:` or `event:`
/// field, or a comment line.
fn looks_like_sse(bytes: &[u8]) -> bool {
    let start = String::from_utf8_lossy(&bytes[..bytes.len().min(64)]);
    let start = start.trim_start();
    start.starts_with("data:") || start.starts_with("event:") || start.starts_with(':')
}

fn line_too_long() -> ProviderError {
    ProviderError::InvalidResponse { detail: "a stream line is longer than 8 MiB".into() }
}
