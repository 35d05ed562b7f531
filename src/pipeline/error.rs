//! A failed stage, said in terms of the endpoint and model the user set up.

use std::fmt;

use crate::error::UserError;
use crate::provider::ProviderError;
use crate::settings::StageKind;

/// A stage that failed, with the endpoint and model it called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageError {
    pub stage: StageKind,
    /// Endpoint name and base URL, such as `Local (http://127.0.0.1:8080/v1)`.
    pub endpoint: String,
    pub model: String,
    pub error: ProviderError,
}

impl fmt::Display for StageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self { endpoint, model, .. } = self;
        write!(f, "{} stage: ", self.stage.key())?;
        match &self.error {
            ProviderError::Unauthorized { detail } => write!(f, "{endpoint} rejected the API key (HTTP 401): {detail}"),
            ProviderError::Forbidden { detail } => write!(f, "{endpoint} refused access (HTTP 403): {detail}"),
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
            ProviderError::ContextTooLong { detail } => {
                write!(f, "the input is too long for the model \"{model}\": {detail}")
            }
            ProviderError::BadRequest { status, detail } => {
                write!(f, "{endpoint} rejected the request (HTTP {status}): {detail}")
            }
            ProviderError::Server { status, detail } => write!(f, "{endpoint} failed (HTTP {status}): {detail}"),
            ProviderError::Unreachable { detail } => write!(f, "could not connect to {endpoint} ({detail})"),
            ProviderError::TimedOut { after_ms } => {
                write!(f, "{endpoint} did not answer within {} seconds", after_ms / 1000)
            }
            ProviderError::Cancelled => write!(f, "the run was cancelled"),
            ProviderError::InvalidResponse { detail } => {
                write!(f, "{endpoint} sent an answer that is not an OpenAI-style response: {detail}")
            }
            ProviderError::Empty => write!(f, "the model \"{model}\" returned no text"),
            ProviderError::Refused { reason } => write!(f, "the model \"{model}\" declined to answer: {reason}"),
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
        }
    }
}

impl std::error::Error for StageError {}

impl UserError for StageError {
    fn code(&self) -> &'static str {
        match self.error {
            ProviderError::Unauthorized { .. } => "stage_unauthorized",
            ProviderError::Forbidden { .. } => "stage_forbidden",
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
        }
    }

    /// Always `[endpoint, model, …]`, then the values of the variant:
    /// the detail, or the status and detail, the URL, the seconds waited or
    /// the token limit.
    fn args(&self) -> Vec<String> {
        let mut args = vec![self.endpoint.clone(), self.model.clone()];
        match &self.error {
            ProviderError::Unauthorized { detail }
            | ProviderError::Forbidden { detail }
            | ProviderError::ModelNotFound { detail }
            | ProviderError::QuotaExceeded { detail }
            | ProviderError::RateLimited { detail, .. }
            | ProviderError::ContextTooLong { detail }
            | ProviderError::Unreachable { detail }
            | ProviderError::InvalidResponse { detail }
            | ProviderError::StreamFailed { detail } => args.push(detail.clone()),
            ProviderError::Refused { reason } => args.push(reason.clone()),
            ProviderError::BadRequest { status, detail } | ProviderError::Server { status, detail } => {
                args.push(status.to_string());
                args.push(detail.clone());
            }
            ProviderError::NotFound { url } => args.push(url.clone()),
            ProviderError::TimedOut { after_ms } => args.push((after_ms / 1000).to_string()),
            ProviderError::Truncated { max_tokens } => args.push(max_tokens.to_string()),
            ProviderError::Looping { chars } => args.push(chars.to_string()),
            ProviderError::Cancelled | ProviderError::Empty => {}
        }
        args
    }

    fn hint(&self) -> String {
        match &self.error {
            ProviderError::Unauthorized { .. } => "Check the API key of this endpoint in the options page.",
            ProviderError::Forbidden { .. } => {
                "Check that your key may use this model from your region or organisation."
            }
            ProviderError::ModelNotFound { .. } => {
                "Check the model name in the options page; it must match a model the endpoint lists."
            }
            ProviderError::NotFound { .. } => "Check the base URL in the options page; it usually ends in /v1.",
            ProviderError::QuotaExceeded { .. } => {
                "Add credit or raise the limit in your provider's dashboard; retrying now will not help."
            }
            ProviderError::RateLimited { .. } => "Wait a minute, then click Retry.",
            ProviderError::ContextTooLong { .. } => {
                "Select the part of the article to summarize, or choose a model with a larger context window."
            }
            ProviderError::BadRequest { .. } => "Check the model name and the endpoint settings in the options page.",
            ProviderError::Server { .. } => "The provider has a problem; click Retry in a minute.",
            ProviderError::Unreachable { .. } => {
                "Check that the server is running and that the base URL in the options page is right."
            }
            ProviderError::TimedOut { .. } => {
                "Click Retry; a local model may need a shorter input or a faster machine."
            }
            ProviderError::Cancelled => "Start a new run when you are ready.",
            ProviderError::InvalidResponse { .. } => {
                "Check that the base URL points at an OpenAI-compatible API, usually ending in /v1."
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
        }
        .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_names_endpoint_and_model() {
        let error = StageError {
            stage: StageKind::Title,
            endpoint: "Local (http://127.0.0.1:8080/v1)".into(),
            model: "smollm2".into(),
            error: ProviderError::ModelNotFound { detail: "model not found".into() },
        };
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
        let error = StageError {
            stage: StageKind::Post,
            endpoint: "E".into(),
            model: "m".into(),
            error: ProviderError::Truncated { max_tokens: 1200 },
        };
        assert!(error.to_string().contains("output limit of 1200 tokens"));
        assert_eq!(error.report().args, vec!["E", "m", "1200"]);
    }
}
