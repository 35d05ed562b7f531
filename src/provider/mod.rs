//! Model providers: building their requests and reading their answers.
//!
//! Each provider module turns a [`ChatRequest`] into an
//! [`HttpRequest`](crate::transport::HttpRequest) (or, for the browser's own
//! model, a [`ModelPrompt`]) and turns the response, whole or streamed, into a
//! [`Completion`] or a [`ProviderError`]. The functions here pick the module
//! by the endpoint's kind, so the stage chain never asks which API it talks
//! to. Nothing here sends anything; the stage chain does that through a
//! transport.

pub mod anthropic;
pub mod builtin;
pub mod error;
pub mod gemini;
pub mod models;
pub mod ndjson;
pub mod ollama;
pub mod openai;
pub mod openai_images;
pub mod retry_after;
pub mod sse;

use serde::{Deserialize, Serialize};

pub use error::ProviderError;

use crate::settings::{Endpoint, EndpointKind};
use crate::transport::{HttpRequest, ModelPrompt, ResponseHead};

/// What the model is told when its previous answer stopped at the output limit.
pub const CONTINUE_PROMPT: &str =
    "Your answer was cut off. Continue exactly where it stopped, without repeating anything and without any preamble.";

/// One call to a chat model: an instruction and the text it applies to, kept
/// in separate messages so that text from a page is never read as an
/// instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatRequest<'a> {
    pub model: &'a str,
    /// The stage's instruction, sent as the system message.
    pub instruction: &'a str,
    /// The stage's input, sent as the user message.
    pub input: &'a str,
    pub max_tokens: u32,
    pub stream: bool,
    /// The part of an answer already received when the model stopped at its
    /// output limit; the request then asks the model to continue it.
    pub continue_from: Option<&'a str>,
}

/// Who wrote a turn of the conversation after the system message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    User,
    Assistant,
}

impl ChatRequest<'_> {
    /// Returns the turns after the system message: the input, and for a
    /// continuation the partial answer and the request to continue it.
    pub fn turns(&self) -> Vec<(Role, &str)> {
        let mut turns = vec![(Role::User, self.input)];
        if let Some(partial) = self.continue_from {
            turns.push((Role::Assistant, partial));
            turns.push((Role::User, CONTINUE_PROMPT));
        }
        turns
    }
}

/// Why the model stopped writing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Finish {
    /// It finished its answer.
    Stop,
    /// It reached the output token limit; the answer is cut off.
    Length,
    /// The context window filled up before the answer ended (Anthropic's
    /// `model_context_window_exceeded`).
    ContextWindow,
    /// The provider's content filter stopped it; the text names the filter
    /// when the provider did (Gemini's `SAFETY`, `RECITATION`, …).
    ContentFilter(Option<String>),
    /// It declined to answer; the text is its explanation.
    Refusal,
    /// The provider gave no reason (some compatible servers omit it).
    Unknown,
    /// A reason this version does not know, as the provider spelled it.
    Other(String),
}

impl Finish {
    /// Maps an OpenAI-style `finish_reason`.
    pub fn from_openai(reason: Option<&str>) -> Self {
        match reason {
            None => Self::Unknown,
            Some("stop") | Some("eos") | Some("end_turn") => Self::Stop,
            Some("length") | Some("max_tokens") => Self::Length,
            Some("content_filter") => Self::ContentFilter(None),
            Some(other) => Self::Other(other.to_string()),
        }
    }
}

/// Token counts the provider reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    pub input_tokens: u64,
    pub output_tokens: u64,
}

impl Usage {
    /// Adds another request's counts to these.
    pub fn add(&mut self, other: Usage) {
        self.input_tokens += other.input_tokens;
        self.output_tokens += other.output_tokens;
    }
}

/// A model's complete answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// Response id, such as `chatcmpl-…`; `None` when the provider sends none.
    pub id: Option<String>,
    /// Model name as the provider returned it; `None` when it sends none.
    pub model: Option<String>,
    pub text: String,
    pub finish: Finish,
    pub usage: Option<Usage>,
}

/// What a chat call sends: an HTTP request, or a prompt for the browser's
/// built-in model.
#[derive(Debug, Clone, PartialEq)]
pub enum Call {
    Http(HttpRequest),
    Prompt(ModelPrompt),
}

/// How a successful response body is framed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// One JSON document.
    Whole,
    /// Server-Sent Events.
    Sse,
    /// One JSON document per line (Ollama's native stream).
    Ndjson,
}

/// Reads a streamed answer event by event.
pub trait StreamDecoder {
    /// Reads one event: an SSE event's name and data, or one NDJSON line
    /// (`event` is `None`). Returns the text it added, if any.
    fn push(&mut self, event: Option<&str>, data: &str) -> Result<Option<String>, ProviderError>;

    /// Ends the stream and returns the completion.
    fn finish(self: Box<Self>) -> Result<Completion, ProviderError>;
}

/// Builds the call for a chat request to this endpoint.
pub fn build_chat(endpoint: &Endpoint, chat: &ChatRequest<'_>) -> Result<Call, ProviderError> {
    let request = match (endpoint.kind, endpoint.base_url.as_ref()) {
        (EndpointKind::BuiltIn, _) => return Ok(Call::Prompt(builtin::build_prompt(endpoint, chat))),
        // Validation gives every other kind a base URL.
        (_, None) => return Err(ProviderError::Unreachable { detail: "the endpoint has no base URL".into() }),
        (EndpointKind::OpenAi | EndpointKind::Azure, Some(base)) => openai::build_request(endpoint, base, chat),
        (EndpointKind::Anthropic, Some(base)) => anthropic::build_request(endpoint, base, chat),
        (EndpointKind::Gemini, Some(base)) => gemini::build_request(endpoint, base, chat),
        (EndpointKind::Ollama, Some(base)) => ollama::build_request(endpoint, base, chat),
    };
    Ok(Call::Http(request))
}

/// Decides how to read a successful response from its content type; a
/// server asked to stream may still answer with one JSON body.
pub fn framing(kind: EndpointKind, head: &ResponseHead) -> Framing {
    let content_type = head.header("content-type").unwrap_or_default().to_ascii_lowercase();
    if content_type.contains("text/event-stream") {
        Framing::Sse
    } else if content_type.contains("ndjson") || (kind == EndpointKind::Ollama && !content_type.contains("json")) {
        Framing::Ndjson
    } else {
        Framing::Whole
    }
}

/// Reads a complete (not streamed) chat response.
pub fn parse_whole(kind: EndpointKind, body: &[u8]) -> Result<Completion, ProviderError> {
    match kind {
        EndpointKind::OpenAi | EndpointKind::Azure => openai::parse_response(body),
        EndpointKind::Anthropic => anthropic::parse_response(body),
        EndpointKind::Gemini => gemini::parse_response(body),
        EndpointKind::Ollama => ollama::parse_response(body),
        EndpointKind::BuiltIn => Ok(builtin::completion(String::from_utf8_lossy(body).into_owned())),
    }
}

/// Returns a decoder for a streamed chat response.
pub fn stream_decoder(kind: EndpointKind) -> Box<dyn StreamDecoder> {
    match kind {
        EndpointKind::OpenAi | EndpointKind::Azure => Box::new(openai::StreamAccumulator::new()),
        EndpointKind::Anthropic => Box::new(anthropic::StreamAccumulator::new()),
        EndpointKind::Gemini => Box::new(gemini::StreamAccumulator::new()),
        EndpointKind::Ollama => Box::new(ollama::StreamAccumulator::new()),
        EndpointKind::BuiltIn => Box::new(builtin::TextAccumulator::new()),
    }
}

/// Classifies a non-success response from this endpoint.
pub fn classify_error(endpoint: &Endpoint, head: &ResponseHead, body: &[u8], url: &str, now_ms: u64) -> ProviderError {
    let context = error::ErrorContext { kind: endpoint.kind, url, ollama: endpoint.is_ollama(), now_ms };
    error::classify(head, body, context)
}

/// Returns the first characters of a body for an error message.
pub(crate) fn preview(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let short: String = text.chars().take(120).collect();
    if short.len() < text.len() { format!("{short}…") } else { short }
}

/// Parses a JSON body, or says plainly that it is not JSON.
pub(crate) fn parse_json(body: &[u8]) -> Result<serde_json::Value, ProviderError> {
    serde_json::from_slice(body).map_err(|error| ProviderError::InvalidResponse {
        detail: format!("the body is not JSON ({error}): {}", preview(body)),
    })
}

/// Returns a non-empty string field of a JSON object.
pub(crate) fn string_field(json: &serde_json::Value, key: &str) -> Option<String> {
    json.get(key).and_then(serde_json::Value::as_str).filter(|s| !s.is_empty()).map(str::to_string)
}
