//! Anthropic Messages (`POST {base}/messages`).
//!
//! The request always carries `anthropic-dangerous-direct-browser-access:
//! true`: without it the API rejects every call from a browser or extension
//! origin with a 401. The stream is SSE with named events (`message_start`,
//! `content_block_delta`, `message_delta`, `ping`, `error`, …) and no
//! `[DONE]`; `message_stop` marks the end.

use serde_json::{Value, json};

use super::error::classify_stream_error;
use super::{
    ChatRequest, Completion, Finish, ProviderError, Role, StreamDecoder, Usage, parse_json, preview, string_field,
};
use crate::settings::{Endpoint, EndpointUrl};
use crate::transport::{HeaderValue, HttpRequest};

/// The API version every request names.
pub const API_VERSION: &str = "2023-06-01";

/// Builds the request headers: the key, the API version and browser access.
pub fn headers(endpoint: &Endpoint) -> Vec<(String, HeaderValue)> {
    let mut headers = vec![
        ("content-type".to_string(), HeaderValue::Plain("application/json".into())),
        ("anthropic-version".to_string(), HeaderValue::Plain(API_VERSION.into())),
        ("anthropic-dangerous-direct-browser-access".to_string(), HeaderValue::Plain("true".into())),
    ];
    if let Some(key) = &endpoint.key {
        headers.push(("x-api-key".to_string(), HeaderValue::Secret(key.clone())));
    }
    headers
}

/// Builds the `POST {base}/messages` request.
pub fn build_request(endpoint: &Endpoint, base: &EndpointUrl, request: &ChatRequest<'_>) -> HttpRequest {
    let messages: Vec<Value> = request
        .turns()
        .into_iter()
        .map(|(role, content)| {
            let role = match role {
                Role::User => "user",
                Role::Assistant => "assistant",
            };
            json!({"role": role, "content": content})
        })
        .collect();
    let mut body = json!({
        "model": request.model,
        "max_tokens": request.max_tokens,
        "system": request.instruction,
        "messages": messages,
    });
    if let Some(temperature) = endpoint.temperature {
        // Anthropic accepts 0 to 1.
        body["temperature"] = json!(temperature.min(1.0));
    }
    if request.stream {
        body["stream"] = json!(true);
    }

    HttpRequest {
        method: "POST",
        url: base.join("/messages"),
        headers: headers(endpoint),
        body: body.to_string(),
        timeout_ms: endpoint.timeout_ms,
    }
}

/// Reads a complete (not streamed) response body.
pub fn parse_response(body: &[u8]) -> Result<Completion, ProviderError> {
    let json = parse_json(body)?;
    if json.get("type").and_then(Value::as_str) == Some("error") {
        return Err(classify_stream_error(&json));
    }
    let Some(content) = json.get("content").and_then(Value::as_array) else {
        return Err(ProviderError::InvalidResponse {
            detail: format!("no \"content\" in {}", preview(json.to_string().as_bytes())),
        });
    };

    let text: String = content
        .iter()
        .filter(|block| block.get("type").and_then(Value::as_str) == Some("text"))
        .filter_map(|block| block.get("text").and_then(Value::as_str))
        .collect();
    let finish = finish_of(json.get("stop_reason").and_then(Value::as_str));
    if finish == Finish::Refusal && text.trim().is_empty() {
        return Err(ProviderError::Refused { reason: "the model stopped with stop_reason \"refusal\"".into() });
    }

    let usage = json.get("usage").map(|usage| Usage {
        input_tokens: usage.get("input_tokens").and_then(Value::as_u64).unwrap_or(0),
        output_tokens: usage.get("output_tokens").and_then(Value::as_u64).unwrap_or(0),
    });
    Ok(Completion { id: string_field(&json, "id"), model: string_field(&json, "model"), text, finish, usage })
}

/// Maps a `stop_reason`.
fn finish_of(reason: Option<&str>) -> Finish {
    match reason {
        None => Finish::Unknown,
        Some("end_turn") | Some("stop_sequence") => Finish::Stop,
        Some("max_tokens") => Finish::Length,
        Some("refusal") => Finish::Refusal,
        Some("model_context_window_exceeded") => Finish::ContextWindow,
        Some(other) => Finish::Other(other.to_string()),
    }
}

/// Collects a streamed response from its named SSE events.
#[derive(Debug, Default)]
pub struct StreamAccumulator {
    id: Option<String>,
    model: Option<String>,
    text: String,
    finish: Option<Finish>,
    usage: Usage,
    started: bool,
    stopped: bool,
}

impl StreamAccumulator {
    pub fn new() -> Self {
        Self::default()
    }
}

impl StreamDecoder for StreamAccumulator {
    fn push(&mut self, event: Option<&str>, data: &str) -> Result<Option<String>, ProviderError> {
        let data = data.trim();
        if data.is_empty() {
            return Ok(None);
        }
        let json: Value = serde_json::from_str(data).map_err(|error| ProviderError::InvalidResponse {
            detail: format!("a stream event is not JSON ({error}): {}", preview(data.as_bytes())),
        })?;
        // The event name and the payload's `type` agree; the payload wins
        // when a proxy drops the `event:` lines.
        let kind = json.get("type").and_then(Value::as_str).or(event).unwrap_or_default();

        match kind {
            "message_start" => {
                self.started = true;
                let message = json.get("message").unwrap_or(&Value::Null);
                self.id = string_field(message, "id");
                self.model = string_field(message, "model");
                if let Some(tokens) = message.pointer("/usage/input_tokens").and_then(Value::as_u64) {
                    self.usage.input_tokens = tokens;
                }
                Ok(None)
            }
            "content_block_delta" => {
                let delta = json.get("delta").unwrap_or(&Value::Null);
                if delta.get("type").and_then(Value::as_str) != Some("text_delta") {
                    return Ok(None);
                }
                match delta.get("text").and_then(Value::as_str) {
                    Some(text) if !text.is_empty() => {
                        self.text.push_str(text);
                        Ok(Some(text.to_string()))
                    }
                    _ => Ok(None),
                }
            }
            "message_delta" => {
                if let Some(reason) = json.pointer("/delta/stop_reason").and_then(Value::as_str) {
                    self.finish = Some(finish_of(Some(reason)));
                }
                if let Some(tokens) = json.pointer("/usage/output_tokens").and_then(Value::as_u64) {
                    self.usage.output_tokens = tokens;
                }
                Ok(None)
            }
            "message_stop" => {
                self.stopped = true;
                Ok(None)
            }
            "error" => Err(classify_stream_error(&json)),
            // ping, content_block_start, content_block_stop, and event
            // types added later.
            _ => Ok(None),
        }
    }

    fn finish(self: Box<Self>) -> Result<Completion, ProviderError> {
        if !self.started {
            return Err(ProviderError::InvalidResponse { detail: "the stream ended before any data arrived".into() });
        }
        let Some(finish) = self.finish.filter(|_| self.stopped) else {
            return Err(ProviderError::StreamFailed {
                detail: "the connection closed before the answer was complete".into(),
            });
        };
        if finish == Finish::Refusal && self.text.trim().is_empty() {
            return Err(ProviderError::Refused { reason: "the model stopped with stop_reason \"refusal\"".into() });
        }
        Ok(Completion { id: self.id, model: self.model, text: self.text, finish, usage: Some(self.usage) })
    }
}

#[cfg(test)]
mod tests;
