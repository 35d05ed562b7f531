//! Ollama's native chat API (`POST {base}/api/chat`).
//!
//! Unlike Ollama's OpenAI-compatible `/v1`, the native API lets a request set
//! the context window (`options.num_ctx`). That matters: Ollama does not
//! report an overflow, it silently drops the start of the prompt, and its
//! default window is small. The request therefore always sends the
//! endpoint's context budget. Streaming is NDJSON; the last line has
//! `"done": true`, `done_reason` and the token counts. Ollama sends no
//! response id.

use serde_json::{Value, json};

use super::error::classify_stream_error;
use super::{
    ChatRequest, Completion, Finish, ProviderError, Role, StreamDecoder, Usage, parse_json, preview, string_field,
};
use crate::settings::{Endpoint, EndpointUrl};
use crate::transport::{HeaderValue, HttpRequest};

/// Builds the `POST {base}/api/chat` request.
pub fn build_request(endpoint: &Endpoint, base: &EndpointUrl, request: &ChatRequest<'_>) -> HttpRequest {
    let mut messages = vec![json!({"role": "system", "content": request.instruction})];
    for (role, content) in request.turns() {
        let role = match role {
            Role::User => "user",
            Role::Assistant => "assistant",
        };
        messages.push(json!({"role": role, "content": content}));
    }

    let mut options = json!({"num_ctx": endpoint.context_tokens, "num_predict": request.max_tokens});
    if let Some(temperature) = endpoint.temperature {
        options["temperature"] = json!(temperature);
    }
    if let Some(penalty) = endpoint.frequency_penalty {
        options["frequency_penalty"] = json!(penalty);
    }
    let body = json!({"model": request.model, "messages": messages, "stream": request.stream, "options": options});

    let mut headers = vec![("content-type".to_string(), HeaderValue::Plain("application/json".into()))];
    // Ollama needs no key, but a proxy in front of it may.
    if let Some(key) = &endpoint.key {
        headers.push(("authorization".to_string(), HeaderValue::Bearer(key.clone())));
    }
    HttpRequest {
        method: "POST",
        url: base.join("/api/chat"),
        headers,
        body: body.to_string(),
        timeout_ms: endpoint.timeout_ms,
    }
}

/// Reads a complete (not streamed) response body.
pub fn parse_response(body: &[u8]) -> Result<Completion, ProviderError> {
    let json = parse_json(body)?;
    let mut accumulator = StreamAccumulator::new();
    accumulator.read(&json)?;
    Box::new(accumulator).finish()
}

/// Maps `done_reason`.
fn finish_of(reason: Option<&str>) -> Finish {
    match reason {
        None => Finish::Unknown,
        Some("stop") => Finish::Stop,
        Some("length") => Finish::Length,
        Some(other) => Finish::Other(other.to_string()),
    }
}

/// Collects a streamed response line by line; also reads a whole one.
#[derive(Debug, Default)]
pub struct StreamAccumulator {
    model: Option<String>,
    text: String,
    finish: Option<Finish>,
    usage: Option<Usage>,
    lines: usize,
}

impl StreamAccumulator {
    pub fn new() -> Self {
        Self::default()
    }

    fn read(&mut self, json: &Value) -> Result<Option<String>, ProviderError> {
        if json.get("error").is_some_and(|error| !error.is_null()) {
            return Err(classify_stream_error(json));
        }
        if json.get("done").is_none() {
            return Err(ProviderError::InvalidResponse {
                detail: format!("no \"done\" in {}", preview(json.to_string().as_bytes())),
            });
        }
        self.lines += 1;
        if self.model.is_none() {
            self.model = string_field(json, "model");
        }

        if json.get("done").and_then(Value::as_bool) == Some(true) {
            self.finish = Some(finish_of(json.get("done_reason").and_then(Value::as_str)));
            let count = |key: &str| json.get(key).and_then(Value::as_u64);
            if let Some(input) = count("prompt_eval_count") {
                self.usage = Some(Usage { input_tokens: input, output_tokens: count("eval_count").unwrap_or(0) });
            }
        }

        match json.pointer("/message/content").and_then(Value::as_str) {
            Some(text) if !text.is_empty() => {
                self.text.push_str(text);
                Ok(Some(text.to_string()))
            }
            _ => Ok(None),
        }
    }
}

impl StreamDecoder for StreamAccumulator {
    fn push(&mut self, _event: Option<&str>, data: &str) -> Result<Option<String>, ProviderError> {
        let json: Value = serde_json::from_str(data.trim()).map_err(|error| ProviderError::InvalidResponse {
            detail: format!("a stream line is not JSON ({error}): {}", preview(data.as_bytes())),
        })?;
        self.read(&json)
    }

    fn finish(self: Box<Self>) -> Result<Completion, ProviderError> {
        if self.lines == 0 {
            return Err(ProviderError::InvalidResponse { detail: "the stream ended before any data arrived".into() });
        }
        let Some(finish) = self.finish else {
            return Err(ProviderError::StreamFailed {
                detail: "the connection closed before the answer was complete".into(),
            });
        };
        Ok(Completion { id: None, model: self.model, text: self.text, finish, usage: self.usage })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::ndjson::NdjsonParser;
    use crate::test_support::endpoint_from;

    fn chat(stream: bool) -> ChatRequest<'static> {
        ChatRequest {
            model: "llama3.2",
            instruction: "Be brief.",
            input: "Hello",
            max_tokens: 50,
            stream,
            continue_from: None,
        }
    }

    fn run_stream(raw: &str) -> (Vec<String>, Result<Completion, ProviderError>) {
        let mut parser = NdjsonParser::new();
        let mut decoder: Box<dyn StreamDecoder> = Box::new(StreamAccumulator::new());
        let mut lines = parser.feed(raw.as_bytes()).unwrap();
        lines.extend(parser.finish());
        let mut texts = Vec::new();
        for line in lines {
            match decoder.push(None, &line) {
                Ok(Some(text)) => texts.push(text),
                Ok(None) => {}
                Err(error) => return (texts, Err(error)),
            }
        }
        (texts, decoder.finish())
    }

    #[test]
    fn request_sets_context_window() {
        let endpoint = endpoint_from(
            json!({"id": "o", "kind": "ollama", "baseUrl": "http://localhost:11434/api/chat", "model": "llama3.2",
                "contextTokens": 16384}),
            None,
        );
        let request = build_request(&endpoint, endpoint.base_url.as_ref().unwrap(), &chat(true));
        assert_eq!(request.url, "http://localhost:11434/api/chat", "a pasted /api/chat is not doubled");
        let body: Value = serde_json::from_str(&request.body).unwrap();
        assert_eq!(body["options"]["num_ctx"], 16384);
        assert_eq!(body["options"]["num_predict"], 50);
        assert_eq!(body["stream"], true);
        assert_eq!(body["messages"][0]["role"], "system");
    }

    #[test]
    fn parses_whole_response() {
        let body =
            br#"{"model":"llama3.2","created_at":"2024-10-21T07:28:00Z","message":{"role":"assistant","content":"Hi!"},
            "done_reason":"stop","done":true,"total_duration":5191566416,"prompt_eval_count":26,"eval_count":3}"#;
        let completion = parse_response(body).unwrap();
        assert_eq!(completion.id, None);
        assert_eq!(completion.model.as_deref(), Some("llama3.2"));
        assert_eq!(completion.text, "Hi!");
        assert_eq!(completion.finish, Finish::Stop);
        assert_eq!(completion.usage, Some(Usage { input_tokens: 26, output_tokens: 3 }));
    }

    #[test]
    fn stream_ends_with_done() {
        let raw = concat!(
            "{\"model\":\"llama3.2\",\"created_at\":\"2024-10-21T07:28:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"done\":false}\n",
            "{\"model\":\"llama3.2\",\"created_at\":\"2024-10-21T07:28:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"lo\"},\"done\":false}\n",
            "{\"model\":\"llama3.2\",\"created_at\":\"2024-10-21T07:28:01Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done_reason\":\"length\",\"done\":true,\"prompt_eval_count\":26,\"eval_count\":50}\n",
        );
        let (texts, completion) = run_stream(raw);
        assert_eq!(texts, vec!["Hel", "lo"]);
        let completion = completion.unwrap();
        assert_eq!(completion.finish, Finish::Length);
        assert_eq!(completion.usage, Some(Usage { input_tokens: 26, output_tokens: 50 }));
    }

    #[test]
    fn error_line_in_stream() {
        let raw = concat!(
            "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"done\":false}\n",
            "{\"error\":\"an error was encountered while running the model: unexpected EOF\"}\n",
        );
        let (texts, completion) = run_stream(raw);
        assert_eq!(texts, vec!["Hel"]);
        assert!(matches!(completion, Err(ProviderError::StreamFailed { .. })));
    }

    #[test]
    fn stream_without_done_is_broken() {
        let raw = "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"done\":false}\n";
        assert!(matches!(run_stream(raw).1, Err(ProviderError::StreamFailed { .. })));
    }
}
