//! Google Gemini's native API (`models/{model}:generateContent`).
//!
//! The native endpoint is used rather than Gemini's OpenAI-compatible one,
//! which users report fails CORS preflight from browsers. The stream
//! (`:streamGenerateContent?alt=sse`) sends whole `GenerateContentResponse`
//! objects as SSE data with no `[DONE]`; the last ones carry `finishReason`
//! and `usageMetadata`. A prompt the safety system blocks is a 200 with
//! `promptFeedback.blockReason` and no candidates.

use serde_json::{Value, json};

use super::error::classify_stream_error;
use super::{
    ChatRequest, Completion, Finish, ProviderError, Role, StreamDecoder, Usage, parse_json, preview, string_field,
};
use crate::settings::{Endpoint, EndpointUrl};
use crate::transport::{HeaderValue, HttpRequest};

/// Returns the model path segment: `models/{name}`, accepting names given
/// with or without the `models/` prefix.
pub fn model_path(model: &str) -> String {
    format!("/models/{}", model.trim_start_matches("models/"))
}

/// Builds the request headers: the content type and the key.
pub fn headers(endpoint: &Endpoint) -> Vec<(String, HeaderValue)> {
    let mut headers = vec![("content-type".to_string(), HeaderValue::Plain("application/json".into()))];
    if let Some(key) = &endpoint.key {
        headers.push(("x-goog-api-key".to_string(), HeaderValue::Secret(key.clone())));
    }
    headers
}

/// Builds the `generateContent` (or streaming) request.
pub fn build_request(endpoint: &Endpoint, base: &EndpointUrl, request: &ChatRequest<'_>) -> HttpRequest {
    let contents: Vec<Value> = request
        .turns()
        .into_iter()
        .map(|(role, text)| {
            let role = match role {
                Role::User => "user",
                Role::Assistant => "model",
            };
            json!({"role": role, "parts": [{"text": text}]})
        })
        .collect();

    let mut config = json!({"maxOutputTokens": request.max_tokens});
    if let Some(temperature) = endpoint.temperature {
        config["temperature"] = json!(temperature);
    }
    if let Some(penalty) = endpoint.frequency_penalty {
        config["frequencyPenalty"] = json!(penalty);
    }
    let body = json!({
        "systemInstruction": {"parts": [{"text": request.instruction}]},
        "contents": contents,
        "generationConfig": config,
    });

    let path = model_path(request.model);
    let url = match request.stream {
        true => format!("{}?alt=sse", base.join(&format!("{path}:streamGenerateContent"))),
        false => base.join(&format!("{path}:generateContent")),
    };
    HttpRequest {
        method: "POST",
        url,
        headers: headers(endpoint),
        body: body.to_string(),
        timeout_ms: endpoint.timeout_ms,
    }
}

/// Reads a complete (not streamed) response body.
pub fn parse_response(body: &[u8]) -> Result<Completion, ProviderError> {
    let json = parse_json(body)?;
    let mut accumulator = StreamAccumulator::new();
    accumulator.read(&json)?;
    if accumulator.finish.is_none() && accumulator.chunks > 0 {
        accumulator.finish = Some(Finish::Unknown);
    }
    Box::new(accumulator).finish()
}

/// Maps a candidate's `finishReason`. Safety and similar stops keep the
/// reason's name so the message can show it.
fn finish_of(reason: &str) -> Finish {
    match reason {
        "STOP" => Finish::Stop,
        "MAX_TOKENS" => Finish::Length,
        "SAFETY" | "RECITATION" | "BLOCKLIST" | "PROHIBITED_CONTENT" | "SPII" | "IMAGE_SAFETY" | "LANGUAGE" => {
            Finish::ContentFilter(Some(reason.to_string()))
        }
        "FINISH_REASON_UNSPECIFIED" => Finish::Unknown,
        other => Finish::Other(other.to_string()),
    }
}

/// Collects a streamed response; also reads a whole one as a single chunk.
#[derive(Debug, Default)]
pub struct StreamAccumulator {
    id: Option<String>,
    model: Option<String>,
    text: String,
    finish: Option<Finish>,
    usage: Option<Usage>,
    blocked: Option<String>,
    chunks: usize,
}

impl StreamAccumulator {
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads one `GenerateContentResponse` and returns the text it added.
    fn read(&mut self, json: &Value) -> Result<Option<String>, ProviderError> {
        if json.get("error").is_some_and(|error| !error.is_null()) {
            return Err(classify_stream_error(json));
        }
        let has_candidates = json.get("candidates").is_some();
        if !has_candidates && json.get("promptFeedback").is_none() && json.get("usageMetadata").is_none() {
            return Err(ProviderError::InvalidResponse {
                detail: format!("no \"candidates\" in {}", preview(json.to_string().as_bytes())),
            });
        }
        self.chunks += 1;

        if self.id.is_none() {
            self.id = string_field(json, "responseId");
        }
        if self.model.is_none() {
            self.model = string_field(json, "modelVersion");
        }
        if let Some(reason) = json.pointer("/promptFeedback/blockReason").and_then(Value::as_str) {
            self.blocked = Some(reason.to_string());
        }
        if let Some(usage) = json.get("usageMetadata") {
            let count = |key: &str| usage.get(key).and_then(Value::as_u64).unwrap_or(0);
            self.usage = Some(Usage {
                input_tokens: count("promptTokenCount"),
                output_tokens: count("candidatesTokenCount") + count("thoughtsTokenCount"),
            });
        }

        let Some(candidate) = json.get("candidates").and_then(Value::as_array).and_then(|c| c.first()) else {
            return Ok(None);
        };
        if let Some(reason) = candidate.get("finishReason").and_then(Value::as_str) {
            self.finish = Some(finish_of(reason));
        }
        // Thinking models may send their reasoning as parts marked
        // `thought`; only the answer belongs in the post.
        let added: String = candidate
            .pointer("/content/parts")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|part| part.get("thought").and_then(Value::as_bool) != Some(true))
            .filter_map(|part| part.get("text").and_then(Value::as_str))
            .collect();
        if added.is_empty() {
            return Ok(None);
        }
        self.text.push_str(&added);
        Ok(Some(added))
    }
}

impl StreamDecoder for StreamAccumulator {
    fn push(&mut self, _event: Option<&str>, data: &str) -> Result<Option<String>, ProviderError> {
        let data = data.trim();
        if data.is_empty() {
            return Ok(None);
        }
        let json: Value = serde_json::from_str(data).map_err(|error| ProviderError::InvalidResponse {
            detail: format!("a stream event is not JSON ({error}): {}", preview(data.as_bytes())),
        })?;
        self.read(&json)
    }

    fn finish(self: Box<Self>) -> Result<Completion, ProviderError> {
        if let Some(reason) = self.blocked {
            return Err(ProviderError::Refused { reason: format!("Gemini blocked the prompt ({reason})") });
        }
        if self.chunks == 0 {
            return Err(ProviderError::InvalidResponse { detail: "the stream ended before any data arrived".into() });
        }
        let Some(finish) = self.finish else {
            if self.text.is_empty() {
                return Err(ProviderError::Empty);
            }
            return Err(ProviderError::StreamFailed {
                detail: "the connection closed before the answer was complete".into(),
            });
        };
        Ok(Completion { id: self.id, model: self.model, text: self.text, finish, usage: self.usage })
    }
}

#[cfg(test)]
mod tests;
