//! What can go wrong when calling a model, classified from the HTTP status and
//! the provider's error body.
//!
//! Providers describe the same failure in different shapes (OpenAI's
//! `{"error": {"message", "code"}}`, Ollama's `{"error": "…"}`, Mistral's
//! `{"detail": …}`, plain text from a proxy). Classification reads all of them
//! so that the user gets one message per kind of failure, with the provider's
//! own words kept as the detail.

use serde_json::Value;

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
    /// 404 naming a model: the endpoint does not serve that model.
    ModelNotFound { detail: String },
    /// 404 for the URL itself: the base URL is wrong.
    NotFound { url: String },
    /// 402 or a quota or billing error: retrying will not help.
    QuotaExceeded { detail: String },
    /// 429: too many requests for now. `retry_after_ms` is the wait the
    /// provider asked for, when it said.
    RateLimited { detail: String, retry_after_ms: Option<u64> },
    /// The input is longer than the model's context window.
    ContextTooLong { detail: String },
    /// Another 4xx: the provider rejected the request.
    BadRequest { status: u16, detail: String },
    /// 5xx: the provider failed or is overloaded.
    Server { status: u16, detail: String },
    /// Nothing answered (connection refused, DNS, CORS, missing permission).
    Unreachable { detail: String },
    /// No answer within the time limit, in milliseconds.
    TimedOut { after_ms: u64 },
    /// The user cancelled.
    Cancelled,
    /// The answer is not the JSON this provider sends.
    InvalidResponse { detail: String },
    /// The answer holds no text.
    Empty,
    /// The model or the provider's filter declined; `reason` is what it said.
    Refused { reason: String },
    /// The answer was cut off at the output token limit.
    Truncated { max_tokens: u32 },
    /// An error arrived inside a stream that had started successfully.
    StreamFailed { detail: String },
    /// The answer fell into a loop and was stopped; `chars` is how long it
    /// had grown.
    Looping { chars: usize },
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
            Self::ModelNotFound { detail } => Self::ModelNotFound { detail: clean(detail) },
            Self::QuotaExceeded { detail } => Self::QuotaExceeded { detail: clean(detail) },
            Self::RateLimited { detail, retry_after_ms } => Self::RateLimited { detail: clean(detail), retry_after_ms },
            Self::ContextTooLong { detail } => Self::ContextTooLong { detail: clean(detail) },
            Self::BadRequest { status, detail } => Self::BadRequest { status, detail: clean(detail) },
            Self::Server { status, detail } => Self::Server { status, detail: clean(detail) },
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
            TransportError::Cancelled => Self::Cancelled,
        }
    }
}

/// The parts of an error body that classification reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorBody {
    pub message: String,
    /// `code` or `type`, whichever says more (`insufficient_quota`,
    /// `context_length_exceeded`, `exceed_context_size_error`).
    pub code: String,
}

/// Reads an error body in any of the shapes providers use.
pub fn parse_error_body(body: &[u8]) -> ErrorBody {
    let text = String::from_utf8_lossy(body);
    let Ok(json) = serde_json::from_str::<Value>(&text) else {
        return ErrorBody { message: shorten(text.trim()), code: String::new() };
    };

    let error = json.get("error").unwrap_or(&json);
    let message = error
        .get("message")
        .and_then(Value::as_str)
        .or_else(|| error.as_str())
        .or_else(|| json.get("detail").and_then(Value::as_str))
        .or_else(|| json.get("message").and_then(Value::as_str))
        .map(str::to_string)
        .unwrap_or_else(|| text.trim().to_string());

    let code_of = |key: &str| match error.get(key) {
        Some(Value::String(code)) => Some(code.clone()),
        _ => None,
    };
    let code = code_of("code").or_else(|| code_of("type")).or_else(|| code_of("status")).unwrap_or_default();

    ErrorBody { message: shorten(message.trim()), code }
}

/// Classifies a non-success response.
pub fn classify(head: &ResponseHead, body: &[u8], url: &str) -> ProviderError {
    let parsed = parse_error_body(body);
    let detail = parsed.message.clone();
    let code = parsed.code.to_ascii_lowercase();
    let lower = detail.to_ascii_lowercase();

    let quota = code.contains("insufficient_quota")
        || code.contains("billing")
        || lower.contains("insufficient balance")
        || lower.contains("exceeded your current quota")
        || lower.contains("spend limit");
    let context = code.contains("context_length")
        || code.contains("exceed_context")
        || lower.contains("maximum context length")
        || lower.contains("prompt is too long")
        || lower.contains("exceeds the maximum number of tokens")
        || lower.contains("context size");

    match head.status {
        402 => ProviderError::QuotaExceeded { detail },
        429 if quota => ProviderError::QuotaExceeded { detail },
        429 => ProviderError::RateLimited { detail, retry_after_ms: retry_after_ms(head) },
        401 => ProviderError::Unauthorized { detail },
        403 => ProviderError::Forbidden { detail },
        404 if lower.contains("model") => ProviderError::ModelNotFound { detail },
        404 => ProviderError::NotFound { url: url.to_string() },
        400 | 413 if context => ProviderError::ContextTooLong { detail },
        500..=599 => ProviderError::Server { status: head.status, detail },
        status => ProviderError::BadRequest { status, detail },
    }
}

/// Reads how long the provider asked us to wait, in milliseconds, from
/// `retry-after-ms`, `retry-after` (seconds or an HTTP date is not parsed)
/// or OpenAI's `x-ratelimit-reset-requests` (`1s`, `12ms`, `1m30s`).
pub fn retry_after_ms(head: &ResponseHead) -> Option<u64> {
    if let Some(ms) = head.header("retry-after-ms").and_then(|v| v.trim().parse::<f64>().ok()) {
        return Some(ms.max(0.0) as u64);
    }
    if let Some(seconds) = head.header("retry-after").and_then(|v| v.trim().parse::<f64>().ok()) {
        return Some((seconds.max(0.0) * 1000.0) as u64);
    }
    ["x-ratelimit-reset-requests", "x-ratelimit-reset-tokens"]
        .iter()
        .filter_map(|name| head.header(name).and_then(parse_duration_ms))
        .max()
}

/// Parses durations such as `1s`, `12ms`, `6m0s` or `0.5s` into milliseconds.
pub fn parse_duration_ms(text: &str) -> Option<u64> {
    let mut total = 0.0_f64;
    let mut number = String::new();
    let mut chars = text.trim().chars().peekable();
    let mut parsed_any = false;

    while let Some(c) = chars.next() {
        if c.is_ascii_digit() || c == '.' {
            number.push(c);
            continue;
        }
        let value: f64 = number.parse().ok()?;
        number.clear();
        let unit = match c {
            'm' if chars.peek() == Some(&'s') => {
                chars.next();
                1.0
            }
            'h' => 3_600_000.0,
            'm' => 60_000.0,
            's' => 1000.0,
            _ => return None,
        };
        total += value * unit;
        parsed_any = true;
    }
    if !number.is_empty() {
        return None;
    }
    parsed_any.then_some(total as u64)
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
mod tests {
    use super::*;

    fn head(status: u16, headers: &[(&str, &str)]) -> ResponseHead {
        ResponseHead { status, headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect() }
    }

    #[test]
    fn openai_quota_is_not_rate_limit() {
        let body = br#"{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"#;
        assert!(matches!(classify(&head(429, &[]), body, "u"), ProviderError::QuotaExceeded { .. }));
    }

    #[test]
    fn openai_context_overflow() {
        let body = br#"{"error":{"message":"This model's maximum context length is 128000 tokens.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}"#;
        assert!(matches!(classify(&head(400, &[]), body, "u"), ProviderError::ContextTooLong { .. }));
    }

    #[test]
    fn llama_server_overflow_with_integer_code() {
        let body = br#"{"error":{"code":400,"message":"the request exceeds the available context size, try increasing it","type":"exceed_context_size_error"}}"#;
        assert!(matches!(classify(&head(400, &[]), body, "u"), ProviderError::ContextTooLong { .. }));
    }

    #[test]
    fn unknown_model_names_model() {
        let body = br#"{"error":{"message":"The model `gpt-9` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}}"#;
        let error = classify(&head(404, &[]), body, "u");
        assert_eq!(
            error,
            ProviderError::ModelNotFound {
                detail: "The model `gpt-9` does not exist or you do not have access to it.".into()
            }
        );
    }

    #[test]
    fn plain_404_is_wrong_url() {
        let error = classify(&head(404, &[]), b"404 page not found", "http://h/v1/chat/completions");
        assert_eq!(error, ProviderError::NotFound { url: "http://h/v1/chat/completions".into() });
    }

    #[test]
    fn ollama_string_error() {
        let body = br#"{"error":"model \"llama9\" not found, try pulling it first"}"#;
        let parsed = parse_error_body(body);
        assert_eq!(parsed.message, "model \"llama9\" not found, try pulling it first");
    }

    #[test]
    fn mistral_detail_error() {
        assert_eq!(parse_error_body(br#"{"detail": "Unauthorized"}"#).message, "Unauthorized");
        assert_eq!(parse_error_body(br#"{"message": "Unauthorized"}"#).message, "Unauthorized");
    }

    #[test]
    fn non_json_body_is_kept_short() {
        let body = "<html>".repeat(200);
        let error = classify(&head(502, &[]), body.as_bytes(), "u");
        let ProviderError::Server { status: 502, detail } = error else { panic!("{error:?}") };
        assert_eq!(detail.chars().count(), MAX_DETAIL_CHARS + 1);
    }

    #[test]
    fn retry_after_headers() {
        assert_eq!(retry_after_ms(&head(429, &[("retry-after", "5")])), Some(5000));
        assert_eq!(retry_after_ms(&head(429, &[("retry-after-ms", "250")])), Some(250));
        assert_eq!(retry_after_ms(&head(429, &[("x-ratelimit-reset-requests", "1m30s")])), Some(90_000));
        assert_eq!(retry_after_ms(&head(429, &[("x-ratelimit-reset-tokens", "12ms")])), Some(12));
        assert_eq!(retry_after_ms(&head(429, &[])), None);
    }

    #[test]
    fn durations_parse() {
        assert_eq!(parse_duration_ms("0.5s"), Some(500));
        assert_eq!(parse_duration_ms("6m0s"), Some(360_000));
        assert_eq!(parse_duration_ms("1h"), Some(3_600_000));
        assert_eq!(parse_duration_ms("5"), None);
        assert_eq!(parse_duration_ms("soon"), None);
    }

    #[test]
    fn redact_removes_echoed_key() {
        let error = ProviderError::Unauthorized { detail: "Incorrect API key provided: sk-abc123.".into() };
        assert_eq!(
            error.redact("sk-abc123"),
            ProviderError::Unauthorized { detail: "Incorrect API key provided: [redacted].".into() }
        );
    }
}
