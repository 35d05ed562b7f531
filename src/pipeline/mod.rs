//! The stage chain: post, then title, then image description, each reading
//! the output of the one before.
//!
//! The chain is a loop over plain values. It takes the stages that already
//! finished (so Retry resumes at the failed stage without paying for the
//! others again), runs the rest through a [`Transport`], and reports progress
//! as [`RunEvent`] values. A failure stops the chain and returns the finished
//! stages with the error. Transient failures (rate limits, server errors,
//! broken streams) are retried a bounded number of times; an answer cut off
//! at the output limit is continued, and reported if it still does not end.

mod call;
pub mod clean;
mod error;
mod repetition;

use serde::{Deserialize, Serialize};

pub use error::StageError;
pub use repetition::is_looping;

use crate::article::Article;
use crate::prompt;
use crate::provider::{ChatRequest, Completion, Finish, ProviderError, Usage};
use crate::settings::{Settings, StageKind, StageSettings};
use crate::transport::Transport;

/// Attempts per stage for transient failures, including the first.
const MAX_ATTEMPTS: u32 = 3;

/// Wait before the first retry, in milliseconds; it doubles each time.
const BACKOFF_BASE_MS: u64 = 2000;

/// Longest wait a rate limit may ask for before the run fails instead, in
/// milliseconds.
const MAX_RATE_LIMIT_WAIT_MS: u64 = 60_000;

/// Continuation requests allowed after an answer stops at the output limit.
const MAX_CONTINUATIONS: u32 = 2;

/// The loop check runs each time the answer has grown by this many bytes.
const LOOP_CHECK_BYTES: usize = 120;

/// A finished stage: what was asked, of whom, and what came back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StageRecord {
    pub stage: StageKind,
    /// Endpoint name as the user set it.
    pub endpoint: String,
    /// Model name the request asked for.
    pub requested_model: String,
    /// Model name as the endpoint returned it; `None` when it returned none.
    pub returned_model: Option<String>,
    /// Response ids, one per request (a continued answer has several); empty
    /// when the endpoint returns no ids.
    pub response_ids: Vec<String>,
    /// The instruction after variable expansion.
    pub instruction: String,
    /// What the stage was given.
    pub input: String,
    /// The model's text as it arrived.
    pub response: String,
    /// The cleaned value the post and the next stage use.
    pub output: String,
    /// Tokens used, summed over the stage's requests, when reported.
    pub usage: Option<Usage>,
    /// How many continuation requests completed the answer.
    pub continuations: u32,
}

/// Progress of a run, sent to the user interface as it happens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum RunEvent {
    /// A stage sent its request; `attempt` counts from 1. Text shown for an
    /// earlier attempt of the same stage is void.
    #[serde(rename_all = "camelCase")]
    StageStarted { stage: StageKind, model: String, endpoint: String, attempt: u32 },
    /// More text arrived.
    #[serde(rename_all = "camelCase")]
    StageText { stage: StageKind, text: String },
    /// The answer stopped at the output limit and a continuation was sent.
    #[serde(rename_all = "camelCase")]
    StageContinued { stage: StageKind, continuation: u32 },
    /// A transient failure; the stage starts again after `wait_ms`.
    #[serde(rename_all = "camelCase")]
    StageWaiting { stage: StageKind, wait_ms: u64, reason: String },
    #[serde(rename_all = "camelCase")]
    StageFinished { record: StageRecord },
}

/// The stages that finished, and the error that stopped the chain if one did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainOutcome {
    pub records: Vec<StageRecord>,
    pub error: Option<StageError>,
}

/// Returns the stages this run executes, in order.
pub fn planned_stages(settings: &Settings) -> Vec<&StageSettings> {
    StageKind::ALL.iter().map(|kind| settings.stage(*kind)).filter(|stage| stage.enabled).collect()
}

/// Runs every enabled stage that `finished` does not already hold.
pub async fn run_stages<T: Transport>(
    transport: &T,
    settings: &Settings,
    article: &Article,
    finished: Vec<StageRecord>,
    on_event: &mut dyn FnMut(RunEvent),
) -> ChainOutcome {
    let mut records: Vec<StageRecord> = Vec::new();

    // Finished stages are reused while they match the plan in order; the
    // first mismatch (a changed model, a stage turned on) re-runs the rest.
    let mut reusable = finished.into_iter();
    let mut reusing = true;

    for stage in planned_stages(settings) {
        if reusing {
            match reusable.next() {
                Some(record) if record.stage == stage.kind && record.requested_model == stage.model => {
                    records.push(record);
                    continue;
                }
                _ => reusing = false,
            }
        }

        let input = match prompt::source_of(stage.kind) {
            None => prompt::post_input(article),
            Some(source) => match records.iter().find(|record| record.stage == source) {
                Some(record) => prompt::chained_input(&record.output),
                None => prompt::post_input(article),
            },
        };
        let instruction = prompt::instruction(stage, settings, article);

        match run_stage(transport, stage, &instruction, &input, on_event).await {
            Ok(record) => {
                on_event(RunEvent::StageFinished { record: record.clone() });
                records.push(record);
            }
            Err(error) => return ChainOutcome { records, error: Some(error) },
        }
    }

    ChainOutcome { records, error: None }
}

async fn run_stage<T: Transport>(
    transport: &T,
    stage: &StageSettings,
    instruction: &str,
    input: &str,
    on_event: &mut dyn FnMut(RunEvent),
) -> Result<StageRecord, StageError> {
    let endpoint = &stage.endpoint;
    let fail = |error: ProviderError| {
        let secret = endpoint.key.as_ref().map(|key| key.expose().to_string()).unwrap_or_default();
        StageError {
            stage: stage.kind,
            endpoint: format!("{} ({})", endpoint.name, endpoint.base_url),
            model: stage.model.clone(),
            error: error.redact(&secret),
        }
    };

    let mut text = String::new();
    let mut ids = Vec::new();
    let mut returned_model = None;
    let mut usage: Option<Usage> = None;
    let mut continuations = 0;

    loop {
        let chat = ChatRequest {
            model: &stage.model,
            instruction,
            input,
            max_tokens: stage.max_tokens,
            stream: endpoint.stream,
            continue_from: (continuations > 0).then_some(text.as_str()),
        };
        let completion = call_with_retries(transport, stage, &chat, &text, on_event).await.map_err(fail)?;

        if let Some(id) = &completion.id {
            ids.push(id.clone());
        }
        if returned_model.is_none() {
            returned_model = completion.model.clone();
        }
        if let Some(more) = completion.usage {
            let total = usage.get_or_insert_with(Usage::default);
            total.input_tokens += more.input_tokens;
            total.output_tokens += more.output_tokens;
        }
        text.push_str(&completion.text);

        match completion.finish {
            Finish::Length if stage.kind == StageKind::Title && has_complete_line(&text) => break,
            Finish::Length if continuations < MAX_CONTINUATIONS && stage.kind != StageKind::Title => {
                continuations += 1;
                on_event(RunEvent::StageContinued { stage: stage.kind, continuation: continuations });
            }
            Finish::Length => return Err(fail(ProviderError::Truncated { max_tokens: stage.max_tokens })),
            Finish::ContentFilter => {
                return Err(fail(ProviderError::Refused {
                    reason: "the provider's content filter stopped the answer".into(),
                }));
            }
            Finish::Refusal => return Err(fail(ProviderError::Refused { reason: text })),
            Finish::Stop | Finish::Unknown | Finish::Other(_) => break,
        }
    }

    let output = match stage.kind {
        StageKind::Title => clean::clean_title(&text),
        StageKind::Post | StageKind::Description => clean::clean_body(&text),
    };
    if output.is_empty() {
        return Err(fail(ProviderError::Empty));
    }

    Ok(StageRecord {
        stage: stage.kind,
        endpoint: endpoint.name.clone(),
        requested_model: stage.model.clone(),
        returned_model,
        response_ids: ids,
        instruction: instruction.to_string(),
        input: input.to_string(),
        response: text,
        output,
        usage,
        continuations,
    })
}

/// True when the text holds at least one non-blank line followed by a line
/// break, so its first line is complete even if the rest was cut off.
fn has_complete_line(text: &str) -> bool {
    text.trim_start().split_once('\n').is_some_and(|(first, _)| !first.trim().is_empty())
}

async fn call_with_retries<T: Transport>(
    transport: &T,
    stage: &StageSettings,
    chat: &ChatRequest<'_>,
    earlier_text: &str,
    on_event: &mut dyn FnMut(RunEvent),
) -> Result<Completion, ProviderError> {
    let mut attempt = 1;
    loop {
        on_event(RunEvent::StageStarted {
            stage: stage.kind,
            model: stage.model.clone(),
            endpoint: stage.endpoint.name.clone(),
            attempt,
        });

        // The loop check sees the text of earlier continuations too, because
        // a model may loop across a continuation.
        let mut answer = earlier_text.to_string();
        let mut checked_len = answer.len();
        let mut on_text = |text: &str| {
            on_event(RunEvent::StageText { stage: stage.kind, text: text.to_string() });
            answer.push_str(text);
            if answer.len() >= checked_len + LOOP_CHECK_BYTES {
                checked_len = answer.len();
                if repetition::is_looping(&answer) {
                    return Err(ProviderError::Looping { chars: answer.chars().count() });
                }
            }
            Ok(())
        };
        let result = call::call_chat(transport, &stage.endpoint, chat, &mut on_text).await;
        let result = result.and_then(|completion| {
            let full = format!("{earlier_text}{}", completion.text);
            match repetition::is_looping(&full) {
                true => Err(ProviderError::Looping { chars: full.chars().count() }),
                false => Ok(completion),
            }
        });
        let error = match result {
            Ok(completion) => return Ok(completion),
            Err(error) => error,
        };

        let wait_ms = match &error {
            ProviderError::RateLimited { retry_after_ms: Some(ms), .. } if *ms > MAX_RATE_LIMIT_WAIT_MS => {
                return Err(error);
            }
            ProviderError::RateLimited { retry_after_ms: Some(ms), .. } => *ms,
            _ => BACKOFF_BASE_MS << (attempt - 1),
        };
        if !error.is_transient() || attempt >= MAX_ATTEMPTS {
            return Err(error);
        }

        on_event(RunEvent::StageWaiting { stage: stage.kind, wait_ms, reason: reason_code(&error).to_string() });
        transport.sleep(wait_ms).await?;
        attempt += 1;
    }
}

fn reason_code(error: &ProviderError) -> &'static str {
    match error {
        ProviderError::RateLimited { .. } => "rate_limited",
        ProviderError::Server { .. } => "server_error",
        ProviderError::TimedOut { .. } => "timed_out",
        ProviderError::Looping { .. } => "looping",
        _ => "stream_failed",
    }
}

#[cfg(test)]
mod tests;
