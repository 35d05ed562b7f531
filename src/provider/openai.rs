//! OpenAI Chat Completions, which OpenAI, Azure OpenAI and most local and
//! hosted servers speak (Ollama's `/v1`, llama.cpp's `llama-server`, LM
//! Studio, vLLM, OpenRouter, Groq, Mistral, DeepSeek).
//!
//! The servers agree on the core shape but not on the edges: some accept only
//! `max_tokens`, OpenAI's newer models only `max_completion_tokens`; ids may
//! repeat or be missing; errors may arrive inside a 200 stream. The parsing
//! here tolerates every one of those and says plainly what it could not read.
//! OpenAI and Azure differ only in [`OpenAiConfig`]: where the request goes
//! and how the key travels.

use serde_json::{Value, json};

use super::error::classify_stream_error;
use super::{
    ChatRequest, Completion, Finish, ProviderError, Role, StreamDecoder, Usage, parse_json, preview, string_field,
};
use crate::settings::{Endpoint, EndpointKind, EndpointUrl};
use crate::transport::{HeaderValue, HttpRequest};

/// Where an OpenAI-style request goes and how it is authenticated.
#[derive(Debug, Clone, Copy)]
pub struct OpenAiConfig<'a> {
    base: &'a EndpointUrl,
    /// Azure's `api-version`; `None` for OpenAI and compatible servers.
    azure_api_version: Option<&'a str>,
    endpoint: &'a Endpoint,
}

impl<'a> OpenAiConfig<'a> {
    pub fn new(endpoint: &'a Endpoint, base: &'a EndpointUrl) -> Self {
        let azure_api_version = match endpoint.kind {
            EndpointKind::Azure => endpoint.api_version.as_deref(),
            _ => None,
        };
        Self { base, azure_api_version, endpoint }
    }

    /// Returns the URL of `path` (such as `/chat/completions`): under the
    /// base URL, with `?api-version=` on Azure, whose base is a deployment.
    pub fn url(&self, path: &str) -> String {
        match self.azure_api_version {
            Some(version) => format!("{}?api-version={version}", self.base.join(path)),
            None => self.base.join(path),
        }
    }

    /// Returns the headers of a JSON request: the content type and the key,
    /// as `Authorization: Bearer` or, on Azure, `api-key`.
    pub fn headers(&self) -> Vec<(String, HeaderValue)> {
        let mut headers = vec![("content-type".to_string(), HeaderValue::Plain("application/json".into()))];
        if let Some(key) = &self.endpoint.key {
            match self.azure_api_version {
                Some(_) => headers.push(("api-key".to_string(), HeaderValue::Secret(key.clone()))),
                None => headers.push(("authorization".to_string(), HeaderValue::Bearer(key.clone()))),
            }
        }
        headers
    }

    /// Returns the name of the output limit field. OpenAI's own API and
    /// Azure reject `max_tokens` for their newer models, while many
    /// compatible servers, and Azure API versions before 2024-09-01, know
    /// only `max_tokens`.
    fn token_limit_field(&self) -> &'static str {
        let openai_host = self.base.host() == "api.openai.com";
        // Versions are dates (`2024-10-21`, `2024-09-01-preview`), so text
        // order is date order.
        let new_azure = self.azure_api_version.is_some_and(|version| version >= "2024-09-01");
        if openai_host || new_azure { "max_completion_tokens" } else { "max_tokens" }
    }
}

/// Builds the `POST {base}/chat/completions` request.
pub fn build_request(endpoint: &Endpoint, base: &EndpointUrl, request: &ChatRequest<'_>) -> HttpRequest {
    let config = OpenAiConfig::new(endpoint, base);

    let mut messages = vec![json!({"role": "system", "content": request.instruction})];
    for (role, content) in request.turns() {
        let role = match role {
            Role::User => "user",
            Role::Assistant => "assistant",
        };
        messages.push(json!({"role": role, "content": content}));
    }
    let mut body = json!({"model": request.model, "messages": messages});
    body[config.token_limit_field()] = json!(request.max_tokens);

    if let Some(temperature) = endpoint.temperature {
        body["temperature"] = json!(temperature);
    }
    if let Some(penalty) = endpoint.frequency_penalty {
        body["frequency_penalty"] = json!(penalty);
    }

    if request.stream {
        body["stream"] = json!(true);
        // NOTE: Mistral's API is reported to reject fields it does not know,
        // and sends usage in its last chunk without being asked.
        if endpoint.preset != Some("mistral") {
            body["stream_options"] = json!({"include_usage": true});
        }
    }

    HttpRequest {
        method: "POST",
        url: config.url("/chat/completions"),
        headers: config.headers(),
        body: body.to_string(),
        timeout_ms: endpoint.timeout_ms,
    }
}

/// Reads a complete (not streamed) response body.
pub fn parse_response(body: &[u8]) -> Result<Completion, ProviderError> {
    let json = parse_json(body)?;
    if json.get("error").is_some_and(|error| !error.is_null()) {
        return Err(classify_stream_error(&json));
    }

    let choice = first_choice(&json)?;
    let message = choice.get("message").unwrap_or(&Value::Null);
    let text = message.get("content").and_then(Value::as_str).unwrap_or_default().to_string();
    let refusal = message.get("refusal").and_then(Value::as_str).filter(|r| !r.is_empty());
    let finish = finish_of(choice);

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
}

impl StreamDecoder for StreamAccumulator {
    fn push(&mut self, _event: Option<&str>, data: &str) -> Result<Option<String>, ProviderError> {
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
        if json.get("error").is_some_and(|error| !error.is_null()) {
            return Err(classify_stream_error(&json));
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

        // Usage-only chunks and Azure's prompt-filter chunk have no choices.
        let Some(choice) = json.get("choices").and_then(Value::as_array).and_then(|c| c.first()) else {
            return Ok(None);
        };
        if choice.get("finish_reason").is_some_and(|reason| !reason.is_null()) {
            self.finish = Some(finish_of(choice));
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

    fn finish(self: Box<Self>) -> Result<Completion, ProviderError> {
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

/// Reads a choice's finish reason; a content filter names the categories
/// Azure marks as filtered.
fn finish_of(choice: &Value) -> Finish {
    let finish = Finish::from_openai(choice.get("finish_reason").and_then(Value::as_str));
    if finish != Finish::ContentFilter(None) {
        return finish;
    }
    let categories: Vec<&str> = choice
        .get("content_filter_results")
        .and_then(Value::as_object)
        .map(|results| {
            results
                .iter()
                .filter(|(_, result)| result.get("filtered").and_then(Value::as_bool) == Some(true))
                .map(|(name, _)| name.as_str())
                .collect()
        })
        .unwrap_or_default();
    Finish::ContentFilter((!categories.is_empty()).then(|| categories.join(", ")))
}

fn first_choice(json: &Value) -> Result<&Value, ProviderError> {
    match json.get("choices") {
        Some(Value::Array(choices)) => choices.first().ok_or(ProviderError::Empty),
        _ => Err(ProviderError::InvalidResponse {
            detail: format!("no \"choices\" in {}", preview(json.to_string().as_bytes())),
        }),
    }
}

fn parse_usage(json: &Value) -> Option<Usage> {
    let usage = json.get("usage")?;
    let count = |key: &str| usage.get(key).and_then(Value::as_u64);
    Some(Usage { input_tokens: count("prompt_tokens")?, output_tokens: count("completion_tokens").unwrap_or(0) })
}

#[cfg(test)]
mod tests;
