//! OpenAI Chat Completions, which OpenAI and most local and hosted servers
//! speak (Ollama's `/v1`, llama.cpp's `llama-server`, LM Studio, vLLM,
//! OpenRouter, Groq, Mistral, DeepSeek).
//!
//! The servers agree on the core shape but not on the edges: some accept only
//! `max_tokens`, OpenAI's newer models only `max_completion_tokens`; ids may
//! repeat or be missing; errors may arrive inside a 200 stream. The parsing
//! here tolerates every one of those and says plainly what it could not read.

use serde_json::{Value, json};

use super::{ChatRequest, Completion, Finish, ProviderError, Usage};
use crate::settings::Endpoint;
use crate::settings::defaults::REQUEST_TIMEOUT_MS;
use crate::transport::{HeaderValue, HttpRequest};

/// What the model is told when its previous answer stopped at the output limit.
pub const CONTINUE_PROMPT: &str =
    "Your answer was cut off. Continue exactly where it stopped, without repeating anything and without any preamble.";

/// Builds the `POST {base}/chat/completions` request.
pub fn build_request(endpoint: &Endpoint, request: &ChatRequest<'_>) -> HttpRequest {
    let mut messages = vec![
        json!({"role": "system", "content": request.instruction}),
        json!({"role": "user", "content": request.input}),
    ];
    if let Some(partial) = request.continue_from {
        messages.push(json!({"role": "assistant", "content": partial}));
        messages.push(json!({"role": "user", "content": CONTINUE_PROMPT}));
    }
    let mut body = json!({"model": request.model, "messages": messages});

    // OpenAI's own API rejects `max_tokens` for its newer models, while many
    // compatible servers know only `max_tokens`.
    let limit_field = if endpoint.base_url.host() == "api.openai.com" { "max_completion_tokens" } else { "max_tokens" };
    body[limit_field] = json!(request.max_tokens);

    if let Some(temperature) = endpoint.temperature {
        body["temperature"] = json!(temperature);
    }
    if let Some(penalty) = endpoint.frequency_penalty {
        body["frequency_penalty"] = json!(penalty);
    }

    if request.stream {
        body["stream"] = json!(true);
        body["stream_options"] = json!({"include_usage": true});
    }

    let mut headers = vec![("content-type".to_string(), HeaderValue::Plain("application/json".into()))];
    if let Some(key) = &endpoint.key {
        headers.push(("authorization".to_string(), HeaderValue::Bearer(key.clone())));
    }

    HttpRequest {
        method: "POST",
        url: endpoint.base_url.join("/chat/completions"),
        headers,
        body: body.to_string(),
        timeout_ms: REQUEST_TIMEOUT_MS,
    }
}

/// Reads a complete (not streamed) response body.
pub fn parse_response(body: &[u8]) -> Result<Completion, ProviderError> {
    let json: Value = serde_json::from_slice(body).map_err(|error| ProviderError::InvalidResponse {
        detail: format!("the body is not JSON ({error}): {}", preview(body)),
    })?;

    if let Some(error) = json.get("error") {
        return Err(ProviderError::StreamFailed { detail: error_message(error) });
    }

    let choice = first_choice(&json)?;
    let message = choice.get("message").unwrap_or(&Value::Null);
    let text = message.get("content").and_then(Value::as_str).unwrap_or_default().to_string();
    let refusal = message.get("refusal").and_then(Value::as_str).filter(|r| !r.is_empty());
    let finish = Finish::from_openai(choice.get("finish_reason").and_then(Value::as_str));

    if let Some(reason) = refusal {
        return Err(ProviderError::Refused { reason: reason.to_string() });
    }
    Ok(Completion {
        id: string_field(&json, "id"),
        model: string_field(&json, "model"),
        text,
        finish,
        usage: parse_usage(&json),
    })
}

/// Collects a streamed response from its SSE `data` payloads.
#[derive(Debug, Default)]
pub struct StreamAccumulator {
    id: Option<String>,
    model: Option<String>,
    text: String,
    refusal: String,
    finish: Option<Finish>,
    usage: Option<Usage>,
    done: bool,
    chunks: usize,
}

impl StreamAccumulator {
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads one event's data and returns the text it added, if any.
    pub fn push(&mut self, data: &str) -> Result<Option<String>, ProviderError> {
        let data = data.trim();
        if data == "[DONE]" {
            self.done = true;
            return Ok(None);
        }
        if data.is_empty() {
            return Ok(None);
        }

        let json: Value = serde_json::from_str(data).map_err(|error| ProviderError::InvalidResponse {
            detail: format!("a stream event is not JSON ({error}): {}", preview(data.as_bytes())),
        })?;
        if let Some(error) = json.get("error") {
            return Err(ProviderError::StreamFailed { detail: error_message(error) });
        }
        self.chunks += 1;

        if self.id.is_none() {
            self.id = string_field(&json, "id");
        }
        if self.model.is_none() {
            self.model = string_field(&json, "model");
        }
        if let Some(usage) = parse_usage(&json) {
            self.usage = Some(usage);
        }

        let Some(choice) = json.get("choices").and_then(Value::as_array).and_then(|c| c.first()) else {
            return Ok(None);
        };
        if let Some(reason) = choice.get("finish_reason").and_then(Value::as_str) {
            self.finish = Some(Finish::from_openai(Some(reason)));
        }
        let delta = choice.get("delta").unwrap_or(&Value::Null);
        if let Some(refusal) = delta.get("refusal").and_then(Value::as_str) {
            self.refusal.push_str(refusal);
        }
        match delta.get("content").and_then(Value::as_str) {
            Some(text) if !text.is_empty() => {
                self.text.push_str(text);
                Ok(Some(text.to_string()))
            }
            _ => Ok(None),
        }
    }

    /// Ends the stream and returns the completion.
    pub fn finish(self) -> Result<Completion, ProviderError> {
        if !self.refusal.is_empty() {
            return Err(ProviderError::Refused { reason: self.refusal });
        }
        if self.chunks == 0 {
            return Err(ProviderError::InvalidResponse { detail: "the stream ended before any data arrived".into() });
        }
        // A stream cut without a finish reason or [DONE] lost its end.
        let finish = match (self.finish, self.done) {
            (Some(finish), _) => finish,
            (None, true) => Finish::Unknown,
            (None, false) => {
                return Err(ProviderError::StreamFailed {
                    detail: "the connection closed before the answer was complete".into(),
                });
            }
        };
        Ok(Completion { id: self.id, model: self.model, text: self.text, finish, usage: self.usage })
    }
}

fn first_choice(json: &Value) -> Result<&Value, ProviderError> {
    match json.get("choices") {
        Some(Value::Array(choices)) => choices.first().ok_or(ProviderError::Empty),
        _ => Err(ProviderError::InvalidResponse {
            detail: format!("no \"choices\" in {}", preview(json.to_string().as_bytes())),
        }),
    }
}

fn string_field(json: &Value, key: &str) -> Option<String> {
    json.get(key).and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string)
}

fn parse_usage(json: &Value) -> Option<Usage> {
    let usage = json.get("usage")?;
    let count = |key: &str| usage.get(key).and_then(Value::as_u64);
    Some(Usage { input_tokens: count("prompt_tokens")?, output_tokens: count("completion_tokens").unwrap_or(0) })
}

fn error_message(error: &Value) -> String {
    error
        .get("message")
        .and_then(Value::as_str)
        .or_else(|| error.as_str())
        .map(str::to_string)
        .unwrap_or_else(|| error.to_string())
}

fn preview(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let short: String = text.chars().take(120).collect();
    if short.len() < text.len() { format!("{short}…") } else { short }
}

#[cfg(test)]
mod tests;
