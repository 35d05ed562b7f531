//! A failed stage, said in terms of the endpoint and model the user set up.

use std::fmt;

use crate::error::UserError;
use crate::provider::ProviderError;
use crate::settings::{Endpoint, StageKind, StageSettings};

/// A stage (or a connection test) that failed, with the endpoint and model it
/// called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageError {
    /// The stage that failed; `None` for a connection test.
    pub stage: Option<StageKind>,
    /// Endpoint name and base URL, such as `Local (http://127.0.0.1:8080/v1)`.
    pub endpoint: String,
    pub model: String,
    /// Name of the API the endpoint speaks, such as `Anthropic Messages`.
    pub api: &'static str,
    pub error: ProviderError,
}

impl StageError {
    /// Wraps a failure of `stage`, removing the endpoint's key from the
    /// provider's words.
    pub fn new(stage: &StageSettings, error: ProviderError) -> Self {
        let mut failure = Self::for_endpoint(&stage.endpoint, &stage.model, error);
        failure.stage = Some(stage.kind);
        failure
    }

    /// Wraps a failure of a call to `endpoint` outside a stage.
    pub fn for_endpoint(endpoint: &Endpoint, model: &str, error: ProviderError) -> Self {
        let secret = endpoint.key.as_ref().map(|key| key.expose().to_string()).unwrap_or_default();
        Self {
            stage: None,
            endpoint: endpoint.label(),
            model: model.to_string(),
            api: endpoint.kind.api_name(),
            error: error.redact(&secret),
        }
    }
}

impl fmt::Display for StageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self { endpoint, model, api, .. } = self;
        if let Some(stage) = self.stage {
            write!(f, "{} stage: ", stage.key())?;
        }
        match &self.error {
            ProviderError::Unauthorized { detail } => write!(f, "{endpoint} rejected the API key (HTTP 401): {detail}"),
            ProviderError::Forbidden { detail } => write!(f, "{endpoint} refused access (HTTP 403): {detail}"),
            ProviderError::OllamaOrigin => write!(
                f,
                "{endpoint} refused the request (HTTP 403) because Ollama accepts requests from browser extensions \
                 only when OLLAMA_ORIGINS allows them"
            ),
            ProviderError::BrowserAccessForbidden { detail } => {
                write!(f, "{endpoint} does not allow calls from a browser for this organisation: {detail}")
            }
            ProviderError::ModelNotFound { detail } => {
                write!(f, "{endpoint} does not serve the model \"{model}\": {detail}")
            }
            ProviderError::NotFound { url } => write!(f, "nothing answers at {url} (HTTP 404)"),
            ProviderError::QuotaExceeded { detail } => {
                write!(f, "{endpoint} reports that the account is out of credit or over its quota: {detail}")
            }
            ProviderError::RateLimited { detail, .. } => {
                write!(f, "{endpoint} is limiting requests (HTTP 429): {detail}")
            }
            ProviderError::ContextTooLong { detail, .. } => {
                write!(f, "the input is too long for the model \"{model}\": {detail}")
            }
            ProviderError::BadRequest { status, detail } => {
                write!(f, "{endpoint} rejected the request (HTTP {status}): {detail}")
            }
            ProviderError::Server { status, detail, .. } => write!(f, "{endpoint} failed (HTTP {status}): {detail}"),
            ProviderError::Unreachable { detail } => write!(f, "could not connect to {endpoint} ({detail})"),
            ProviderError::TimedOut { after_ms } => {
                write!(f, "{endpoint} did not answer within {} seconds", after_ms / 1000)
            }
            ProviderError::Cancelled => write!(f, "the run was cancelled"),
            ProviderError::InvalidResponse { detail } => {
                write!(f, "{endpoint} sent an answer that is not a valid {api} response: {detail}")
            }
            ProviderError::Empty => write!(f, "the model \"{model}\" returned no text"),
            ProviderError::Refused { reason } => {
                write!(f, "{endpoint} refused to answer with the model \"{model}\": {reason}")
            }
            ProviderError::Truncated { max_tokens } => write!(
                f,
                "the model \"{model}\" reached the output limit of {max_tokens} tokens before finishing its answer"
            ),
            ProviderError::StreamFailed { detail } => {
                write!(f, "{endpoint} reported an error while answering: {detail}")
            }
            ProviderError::Looping { chars } => write!(
                f,
                "the model \"{model}\" started repeating itself, so its answer was stopped after {chars} characters"
            ),
            ProviderError::BuiltInUnavailable { detail } => {
                write!(f, "this browser has no built-in model that this device can run: {detail}")
            }
            ProviderError::BuiltInNotReady { detail } => {
                write!(f, "the browser's built-in model is not ready yet: {detail}")
            }
            ProviderError::TooManyParts { parts, max } => write!(
                f,
                "the article needs {parts} parts at the context window of {endpoint}, more than the {max} a run may send"
            ),
        }
    }
}

impl std::error::Error for StageError {}

impl UserError for StageError {
    fn code(&self) -> &'static str {
        match self.error {
            ProviderError::Unauthorized { .. } => "stage_unauthorized",
            ProviderError::Forbidden { .. } => "stage_forbidden",
            ProviderError::OllamaOrigin => "stage_ollama_origin",
            ProviderError::BrowserAccessForbidden { .. } => "stage_browser_access_forbidden",
            ProviderError::ModelNotFound { .. } => "stage_model_not_found",
            ProviderError::NotFound { .. } => "stage_not_found",
            ProviderError::QuotaExceeded { .. } => "stage_quota_exceeded",
            ProviderError::RateLimited { .. } => "stage_rate_limited",
            ProviderError::ContextTooLong { .. } => "stage_context_too_long",
            ProviderError::BadRequest { .. } => "stage_bad_request",
            ProviderError::Server { .. } => "stage_server_error",
            ProviderError::Unreachable { .. } => "stage_unreachable",
            ProviderError::TimedOut { .. } => "stage_timed_out",
            ProviderError::Cancelled => "stage_cancelled",
            ProviderError::InvalidResponse { .. } => "stage_invalid_response",
            ProviderError::Empty => "stage_empty",
            ProviderError::Refused { .. } => "stage_refused",
            ProviderError::Truncated { .. } => "stage_truncated",
            ProviderError::StreamFailed { .. } => "stage_stream_failed",
            ProviderError::Looping { .. } => "stage_looping",
            ProviderError::BuiltInUnavailable { .. } => "stage_builtin_unavailable",
            ProviderError::BuiltInNotReady { .. } => "stage_builtin_not_ready",
            ProviderError::TooManyParts { .. } => "stage_too_many_parts",
        }
    }

    /// Always `[endpoint, model, …]`, then the values of the variant:
    /// the detail, or the status and detail, the URL, the seconds waited,
    /// the token limit, or the part counts; an invalid response adds the
    /// API's name after its detail.
    fn args(&self) -> Vec<String> {
        let mut args = vec![self.endpoint.clone(), self.model.clone()];
        match &self.error {
            ProviderError::Unauthorized { detail }
            | ProviderError::Forbidden { detail }
            | ProviderError::BrowserAccessForbidden { detail }
            | ProviderError::ModelNotFound { detail }
            | ProviderError::QuotaExceeded { detail }
            | ProviderError::RateLimited { detail, .. }
            | ProviderError::ContextTooLong { detail, .. }
            | ProviderError::Unreachable { detail }
            | ProviderError::StreamFailed { detail }
            | ProviderError::BuiltInUnavailable { detail }
            | ProviderError::BuiltInNotReady { detail } => args.push(detail.clone()),
            ProviderError::InvalidResponse { detail } => {
                args.push(detail.clone());
                args.push(self.api.to_string());
            }
            ProviderError::Refused { reason } => args.push(reason.clone()),
            ProviderError::BadRequest { status, detail } | ProviderError::Server { status, detail, .. } => {
                args.push(status.to_string());
                args.push(detail.clone());
            }
            ProviderError::NotFound { url } => args.push(url.clone()),
            ProviderError::TimedOut { after_ms } => args.push((after_ms / 1000).to_string()),
            ProviderError::Truncated { max_tokens } => args.push(max_tokens.to_string()),
            ProviderError::Looping { chars } => args.push(chars.to_string()),
            ProviderError::TooManyParts { parts, max } => {
                args.push(parts.to_string());
                args.push(max.to_string());
            }
            ProviderError::OllamaOrigin | ProviderError::Cancelled | ProviderError::Empty => {}
        }
        args
    }

    fn hint(&self) -> String {
        let endpoint = &self.endpoint;
        match &self.error {
            ProviderError::Unauthorized { .. } => {
                return format!("Open the options page and check the API key of the endpoint {endpoint}.");
            }
            ProviderError::Forbidden { .. } => {
                "Check that your key may use this model from your region or organisation."
            }
            ProviderError::OllamaOrigin => {
                "Start Ollama with OLLAMA_ORIGINS=chrome-extension://*,moz-extension://* and restart it."
            }
            ProviderError::BrowserAccessForbidden { .. } => {
                "Ask an admin of your Anthropic organisation to allow browser access, or reach the model through \
                 another endpoint."
            }
            ProviderError::ModelNotFound { .. } => {
                "Check the model name in the options page; it must match a model the endpoint lists."
            }
            ProviderError::NotFound { .. } => {
                "Check the base URL and the endpoint type in the options page; OpenAI-compatible URLs usually end \
                 in /v1."
            }
            ProviderError::QuotaExceeded { .. } => {
                "Add credit or raise the limit in your provider's dashboard; retrying now will not help."
            }
            ProviderError::RateLimited { .. } => "Wait a minute, then click Retry.",
            ProviderError::ContextTooLong { .. } => {
                "Select the part of the article to summarize, or set the context window of this endpoint to the \
                 model's real size in the options page."
            }
            ProviderError::BadRequest { .. } => "Check the model name and the endpoint settings in the options page.",
            ProviderError::Server { .. } => "The provider has a problem; click Retry in a minute.",
            ProviderError::Unreachable { .. } => {
                "Check that the server is running and that the base URL in the options page is right."
            }
            ProviderError::TimedOut { .. } => {
                "Click Retry; a local model may need a shorter input, a faster machine or a longer timeout."
            }
            ProviderError::Cancelled => "Start a new run when you are ready.",
            ProviderError::InvalidResponse { .. } => {
                "Check that the endpoint type and the base URL in the options page match the server."
            }
            ProviderError::Empty => "Click Retry, or choose another model.",
            ProviderError::Refused { .. } => {
                "The provider's rules blocked this text; edit the instruction or choose another model."
            }
            ProviderError::Truncated { .. } => {
                "Raise the output token limit of this stage in the options page, then click Retry."
            }
            ProviderError::StreamFailed { .. } => "Click Retry.",
            ProviderError::Looping { .. } => {
                "Click Retry. If it happens again, choose a larger model, or set a temperature near 0.7 and a \
                 frequency penalty near 0.5 for this endpoint in the options page."
            }
            ProviderError::BuiltInUnavailable { .. } => "Choose another endpoint for this stage in the options page.",
            ProviderError::BuiltInNotReady { .. } => {
                "Open the options page and click Download model on the built-in endpoint, then click Retry."
            }
            ProviderError::TooManyParts { .. } => {
                "Select the part of the article to summarize, or use a model with a larger context window."
            }
        }
        .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(stage: StageKind, error: ProviderError) -> StageError {
        StageError {
            stage: Some(stage),
            endpoint: "Local (http://127.0.0.1:8080/v1)".into(),
            model: "smollm2".into(),
            api: "OpenAI-compatible Chat Completions",
            error,
        }
    }

    #[test]
    fn message_names_endpoint_and_model() {
        let error = error(StageKind::Title, ProviderError::ModelNotFound { detail: "model not found".into() });
        assert_eq!(
            error.to_string(),
            "title stage: Local (http://127.0.0.1:8080/v1) does not serve the model \"smollm2\": model not found"
        );
        let report = error.report();
        assert_eq!(report.code, "stage_model_not_found");
        assert_eq!(report.args, vec!["Local (http://127.0.0.1:8080/v1)", "smollm2", "model not found"]);
    }

    #[test]
    fn truncation_names_limit() {
        let error = error(StageKind::Post, ProviderError::Truncated { max_tokens: 1200 });
        assert!(error.to_string().contains("output limit of 1200 tokens"));
        assert_eq!(error.report().args, vec!["Local (http://127.0.0.1:8080/v1)", "smollm2", "1200"]);
    }

    #[test]
    fn ollama_origin_hint_is_exact() {
        let report = error(StageKind::Post, ProviderError::OllamaOrigin).report();
        assert_eq!(report.code, "stage_ollama_origin");
        assert_eq!(
            report.hint,
            "Start Ollama with OLLAMA_ORIGINS=chrome-extension://*,moz-extension://* and restart it."
        );
    }

    #[test]
    fn unauthorized_hint_names_endpoint() {
        let report = error(StageKind::Post, ProviderError::Unauthorized { detail: "bad key".into() }).report();
        assert!(report.hint.contains("API key of the endpoint Local (http://127.0.0.1:8080/v1)"), "{}", report.hint);
    }

    #[test]
    fn connection_test_has_no_stage_prefix() {
        let mut error = error(StageKind::Post, ProviderError::Empty);
        error.stage = None;
        assert_eq!(error.to_string(), "the model \"smollm2\" returned no text");
    }
}
