//! What can go wrong when calling a model, classified from the HTTP status and
//! the provider's error body.
//!
//! Providers describe the same failure in different shapes (OpenAI's
//! `{"error": {"message", "code"}}`, Anthropic's `{"type": "error", "error":
//! {"type", "message"}}`, Gemini's `{"error": {"status", "details"}}`,
//! Ollama's `{"error": "…"}`, Mistral's `{"detail": …}`, plain text from a
//! proxy). Classification reads all of them so that the user gets one message
//! per kind of failure, with the provider's own words kept as the detail.
//! A few failures only one provider produces (Ollama's empty 403 for
//! extension origins, Anthropic organisations that forbid browser access)
//! get their own variant, because their fix is specific.

use serde_json::Value;

use super::retry_after::{header_wait_ms, message_wait_ms, parse_duration_ms};
use crate::settings::EndpointKind;
use crate::transport::{ResponseHead, TransportError};

/// Longest provider detail kept in a message, in characters.
const MAX_DETAIL_CHARS: usize = 300;

/// A failed model call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProviderError {
    /// 401: the key is missing, wrong or revoked.
    Unauthorized { detail: String },
    /// 403: the key is valid but not allowed (region, organisation, origin).
    Forbidden { detail: String },
    /// 403 with an empty body from Ollama: it rejects requests whose
    /// `Origin` is a browser extension unless `OLLAMA_ORIGINS` allows it.
    OllamaOrigin,
    /// Anthropic: the organisation forbids calls from browsers.
    BrowserAccessForbidden { detail: String },
    /// 404 naming a model: the endpoint does not serve that model.
    ModelNotFound { detail: String },
    /// 404 for the URL itself: the base URL is wrong.
    NotFound { url: String },
    /// 402 or a quota, billing or spend-limit error: retrying will not help.
    QuotaExceeded { detail: String },
    /// 429: too many requests for now. `retry_after_ms` is the wait the
    /// provider requested, when it named one.
    RateLimited { detail: String, retry_after_ms: Option<u64> },
    /// The input is longer than the model's context window; `limit` is the
    /// window in tokens when the provider named it.
    ContextTooLong { detail: String, limit: Option<u64> },
    /// Another 4xx: the provider rejected the request.
    BadRequest { status: u16, detail: String },
    /// 5xx or 529: the provider failed or is overloaded. `retry_after_ms` is
    /// the wait it requested, when it named one.
    Server { status: u16, detail: String, retry_after_ms: Option<u64> },
    /// Nothing answered (connection refused, DNS, CORS, missing permission).
    Unreachable { detail: String },
    /// No answer within the time limit, in milliseconds.
    TimedOut { after_ms: u64 },
    /// The user cancelled.
    Cancelled,
    /// The answer is not the JSON this provider sends.
    InvalidResponse { detail: String },
    /// The answer holds no text (an empty `choices` list, an empty message).
    Empty,
    /// The model or the provider's filter declined; `reason` is what it said.
    Refused { reason: String },
    /// The answer was cut off at the output token limit.
    Truncated { max_tokens: u32 },
    /// An error arrived inside a stream that had started successfully, or
    /// the stream broke off.
    StreamFailed { detail: String },
    /// The answer fell into a loop and was stopped; `chars` is how long it
    /// had grown.
    Looping { chars: usize },
    /// The browser has no built-in model this device can run.
    BuiltInUnavailable { detail: String },
    /// The built-in model must be downloaded first, which needs a click.
    BuiltInNotReady { detail: String },
    /// The article needs more parts than a run may send at this context
    /// window.
    TooManyParts { parts: usize, max: usize },
}

impl ProviderError {
    /// True for failures that may pass if the same request is sent again later.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::RateLimited { .. }
                | Self::Server { .. }
                | Self::TimedOut { .. }
                | Self::StreamFailed { .. }
                | Self::Looping { .. }
        )
    }

    /// Returns the wait the provider asked for before a retry, if it did.
    pub fn requested_wait_ms(&self) -> Option<u64> {
        match self {
            Self::RateLimited { retry_after_ms, .. } | Self::Server { retry_after_ms, .. } => *retry_after_ms,
            _ => None,
        }
    }

    /// Removes every occurrence of `secret` from the details, because some
    /// providers echo the key they rejected.
    pub fn redact(self, secret: &str) -> Self {
        if secret.is_empty() {
            return self;
        }
        let clean = |text: String| text.replace(secret, "[redacted]");
        match self {
            Self::Unauthorized { detail } => Self::Unauthorized { detail: clean(detail) },
            Self::Forbidden { detail } => Self::Forbidden { detail: clean(detail) },
            Self::BrowserAccessForbidden { detail } => Self::BrowserAccessForbidden { detail: clean(detail) },
            Self::ModelNotFound { detail } => Self::ModelNotFound { detail: clean(detail) },
            Self::NotFound { url } => Self::NotFound { url: clean(url) },
            Self::QuotaExceeded { detail } => Self::QuotaExceeded { detail: clean(detail) },
            Self::RateLimited { detail, retry_after_ms } => Self::RateLimited { detail: clean(detail), retry_after_ms },
            Self::ContextTooLong { detail, limit } => Self::ContextTooLong { detail: clean(detail), limit },
            Self::BadRequest { status, detail } => Self::BadRequest { status, detail: clean(detail) },
            Self::Server { status, detail, retry_after_ms } => {
                Self::Server { status, detail: clean(detail), retry_after_ms }
            }
            Self::Unreachable { detail } => Self::Unreachable { detail: clean(detail) },
            Self::InvalidResponse { detail } => Self::InvalidResponse { detail: clean(detail) },
            Self::Refused { reason } => Self::Refused { reason: clean(reason) },
            Self::StreamFailed { detail } => Self::StreamFailed { detail: clean(detail) },
            other => other,
        }
    }
}

impl From<TransportError> for ProviderError {
    fn from(error: TransportError) -> Self {
        match error {
            TransportError::Unreachable { detail } => Self::Unreachable { detail },
            TransportError::TimedOut { after_ms } => Self::TimedOut { after_ms },
            TransportError::BodyInterrupted { detail } => {
                Self::StreamFailed { detail: format!("the connection broke while the answer arrived ({detail})") }
            }
            TransportError::Cancelled => Self::Cancelled,
            // The names are those the Prompt API's DOMExceptions carry.
            TransportError::Rejected { name, detail } => match name.as_str() {
                "NotSupportedError" => Self::BuiltInUnavailable { detail },
                "NotAllowedError" | "InvalidStateError" => Self::BuiltInNotReady { detail },
                "QuotaExceededError" => Self::ContextTooLong { detail, limit: None },
                "AbortError" => Self::Cancelled,
                _ => Self::StreamFailed { detail: format!("{name}: {detail}") },
            },
        }
    }
}

/// The parts of an error body that classification reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorBody {
    pub message: String,
    /// `code`, `type` or `status`, whichever says most
    /// (`insufficient_quota`, `context_length_exceeded`, `RESOURCE_EXHAUSTED`).
    pub code: String,
    /// Gemini's `ErrorInfo.reason` (`API_KEY_INVALID`), when present.
    pub reason: String,
    /// Gemini's `QuotaFailure` quota ids (`…PerDay…`), joined.
    pub quota_ids: String,
    /// Gemini's `RetryInfo.retryDelay`, in milliseconds.
    pub retry_delay_ms: Option<u64>,
    /// A context window the body states as a number (llama-server's `n_ctx`).
    pub context_limit: Option<u64>,
    /// True when the body is empty or only whitespace.
    pub empty: bool,
}

/// Reads an error body in any of the shapes providers use.
pub fn parse_error_body(body: &[u8]) -> ErrorBody {
    let text = String::from_utf8_lossy(body);
    let Ok(json) = serde_json::from_str::<Value>(&text) else {
        return ErrorBody { message: shorten(text.trim()), empty: text.trim().is_empty(), ..ErrorBody::default() };
    };
    error_body_from_json(&json)
}

/// Reads an error object already parsed, such as one inside a stream.
pub fn error_body_from_json(json: &Value) -> ErrorBody {
    let error = json.get("error").unwrap_or(json);
    let message = error
        .get("message")
        .and_then(Value::as_str)
        .or_else(|| error.as_str())
        .or_else(|| json.get("detail").and_then(Value::as_str))
        .or_else(|| json.get("message").and_then(Value::as_str))
        .map(str::to_string)
        .unwrap_or_else(|| json.to_string());

    let text_of = |key: &str| match error.get(key) {
        Some(Value::String(code)) => Some(code.clone()),
        _ => None,
    };
    let code = text_of("code").or_else(|| text_of("type")).or_else(|| text_of("status")).unwrap_or_default();

    let mut parsed = ErrorBody { message: shorten(message.trim()), code, ..ErrorBody::default() };
    for detail in error.get("details").and_then(Value::as_array).into_iter().flatten() {
        if let Some(reason) = detail.get("reason").and_then(Value::as_str) {
            parsed.reason = reason.to_string();
        }
        if let Some(delay) = detail.get("retryDelay").and_then(Value::as_str) {
            parsed.retry_delay_ms = parse_duration_ms(delay);
        }
        for violation in detail.get("violations").and_then(Value::as_array).into_iter().flatten() {
            if let Some(id) = violation.get("quotaId").and_then(Value::as_str) {
                parsed.quota_ids.push_str(id);
                parsed.quota_ids.push(' ');
            }
        }
    }
    parsed.context_limit = error.get("n_ctx").and_then(Value::as_u64);
    parsed
}

/// What classification needs to know about the call besides the response.
#[derive(Debug, Clone, Copy)]
pub struct ErrorContext<'a> {
    pub kind: EndpointKind,
    /// The URL that was requested, named when the base URL is wrong.
    pub url: &'a str,
    /// True when the endpoint is an Ollama server, whichever API it speaks.
    pub ollama: bool,
    /// The transport's clock, in milliseconds since the Unix epoch.
    pub now_ms: u64,
}

/// Classifies a non-success response.
pub fn classify(head: &ResponseHead, body: &[u8], context: ErrorContext<'_>) -> ProviderError {
    let parsed = parse_error_body(body);
    let detail = parsed.message.clone();
    let code = parsed.code.to_ascii_lowercase();
    let lower = detail.to_ascii_lowercase();
    let status = head.status;

    // Ollama answers a disallowed Origin with 403 and nothing else.
    if status == 403 && parsed.empty && context.ollama {
        return ProviderError::OllamaOrigin;
    }
    if status == 401 && lower.contains("cors requests are not allowed") {
        return ProviderError::BrowserAccessForbidden { detail };
    }
    if parsed.reason == "API_KEY_INVALID" || code == "api_key_invalid" {
        return ProviderError::Unauthorized { detail };
    }
    if is_filter_code(&code) || lower.contains("rejected as a result of our safety system") {
        return ProviderError::Refused { reason: detail };
    }

    // Gemini words every 429 as an exceeded quota; its RetryInfo and the
    // quota's id tell a per-minute limit from a daily one.
    let quota = match parsed.retry_delay_ms {
        Some(_) => parsed.quota_ids.contains("PerDay"),
        None => is_quota(&code, &lower) || parsed.quota_ids.contains("PerDay"),
    };
    let context_overflow = is_context_overflow(&code, &lower);
    let wait = header_wait_ms(head, context.now_ms).or(parsed.retry_delay_ms).or_else(|| message_wait_ms(&detail));

    match status {
        402 => ProviderError::QuotaExceeded { detail },
        429 if quota => ProviderError::QuotaExceeded { detail },
        // Anthropic signals a spend limit as a 429 without `retry-after`.
        429 if context.kind == EndpointKind::Anthropic && head.header("retry-after").is_none() => {
            ProviderError::QuotaExceeded { detail }
        }
        429 => ProviderError::RateLimited { detail, retry_after_ms: wait },
        401 => ProviderError::Unauthorized { detail },
        403 => ProviderError::Forbidden { detail },
        404 if lower.contains("model") || code.contains("deployment") => ProviderError::ModelNotFound { detail },
        404 => ProviderError::NotFound { url: context.url.to_string() },
        400 | 413 if context_overflow || code == "request_too_large" => {
            let limit = parsed.context_limit.or_else(|| context_limit(&detail));
            ProviderError::ContextTooLong { detail, limit }
        }
        500..=599 => ProviderError::Server { status, detail, retry_after_ms: wait },
        status => ProviderError::BadRequest { status, detail },
    }
}

/// Classifies an error that arrived inside a 200 stream (OpenAI-style
/// `{"error": …}` data, Anthropic's `error` event, Ollama's `{"error": "…"}`
/// line). The stream's own status was 200, so the error's code or type
/// decides.
pub fn classify_stream_error(error: &Value) -> ProviderError {
    let parsed = error_body_from_json(error);
    let code = parsed.code.to_ascii_lowercase();
    let lower = parsed.message.to_ascii_lowercase();
    let numeric = error.get("error").unwrap_or(error).get("code").and_then(Value::as_u64);
    let detail = parsed.message;

    if is_quota(&code, &lower) || numeric == Some(402) {
        ProviderError::QuotaExceeded { detail }
    } else if is_context_overflow(&code, &lower) {
        let limit = parsed.context_limit.or_else(|| context_limit(&detail));
        ProviderError::ContextTooLong { detail, limit }
    } else if code.contains("rate_limit") || numeric == Some(429) {
        ProviderError::RateLimited { retry_after_ms: message_wait_ms(&detail), detail }
    } else if is_filter_code(&code) {
        ProviderError::Refused { reason: detail }
    } else {
        ProviderError::StreamFailed { detail }
    }
}

/// Reads the context window a provider names in an overflow message:
/// "maximum context length is 8192 tokens" (OpenAI), "prompt is too long:
/// 210000 tokens > 200000 maximum" (Anthropic), "exceeds the maximum number
/// of tokens allowed (1048576)" (Gemini).
pub fn context_limit(message: &str) -> Option<u64> {
    let lower = message.to_ascii_lowercase();
    let number_after = |marker: &str| -> Option<u64> {
        let start = lower.find(marker)? + marker.len();
        let digits: String =
            lower[start..].chars().skip_while(|c| !c.is_ascii_digit()).take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    };
    number_after("maximum context length is")
        .or_else(|| number_after("maximum number of tokens allowed"))
        .or_else(|| number_after(" tokens > "))
        .or_else(|| number_after("context window of"))
}

fn is_quota(code: &str, lower: &str) -> bool {
    code.contains("insufficient_quota")
        || code.contains("billing")
        || lower.contains("insufficient balance")
        || lower.contains("insufficient credits")
        || lower.contains("exceeded your current quota")
        || lower.contains("spend limit")
        || lower.contains("credit balance is too low")
}

fn is_context_overflow(code: &str, lower: &str) -> bool {
    code.contains("context_length")
        || code.contains("exceed_context")
        || lower.contains("maximum context length")
        || lower.contains("prompt is too long")
        || lower.contains("exceeds the maximum number of tokens")
        || lower.contains("context size")
        || lower.contains("context window")
}

fn is_filter_code(code: &str) -> bool {
    code == "content_filter" || code == "content_policy_violation"
}

fn shorten(text: &str) -> String {
    if text.chars().count() <= MAX_DETAIL_CHARS {
        return text.to_string();
    }
    let mut short: String = text.chars().take(MAX_DETAIL_CHARS).collect();
    short.push('…');
    short
}

#[cfg(test)]
mod tests;
