//! The stage chain: post, then title, then image description, then the
//! image, each reading the output of the one before.
//!
//! The chain is a loop over plain values. It takes the stages that already
//! finished (so Retry resumes at the failed stage without paying for the
//! others again), runs the rest through a [`Transport`], and reports progress
//! as [`RunEvent`] values. A failure stops the chain and returns the finished
//! stages with the error. Transient failures (rate limits, server errors,
//! broken streams) are retried a bounded number of times with backoff; an
//! answer cut off at the output limit is continued, and reported if it still
//! does not end; an article longer than the model's context window is
//! summarised in parts first.

mod budget;
mod call;
mod chunk;
pub mod clean;
mod condense;
mod context;
mod error;
mod image;
pub mod probe;
mod repetition;
mod retry;
mod stage;

use serde::{Deserialize, Serialize};

pub use error::StageError;
pub use repetition::is_looping;
pub use retry::RetryPolicy;

use crate::article::Article;
use crate::provider::Usage;
use crate::provider::openai_images::GeneratedImage;
use crate::settings::{Settings, StageKind, StageSettings};
use crate::transport::Transport;
use context::RunContext;

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
    /// The instruction after variable expansion; empty for the image stage.
    pub instruction: String,
    /// What the stage was given.
    pub input: String,
    /// The model's text as it arrived; for the image stage, the revised
    /// prompt the image model returned.
    pub response: String,
    /// The cleaned value the post and the next stage use.
    pub output: String,
    /// Tokens used, summed over the stage's requests, when reported.
    pub usage: Option<Usage>,
    /// How many continuation requests completed the answer.
    pub continuations: u32,
    /// Parts the article was summarised in because it did not fit the
    /// model's context window; 0 when it fitted.
    #[serde(default)]
    pub parts: u32,
    /// Requests spent on summarising and combining the parts.
    #[serde(default)]
    pub part_requests: u32,
    /// The image of the image stage.
    #[serde(default)]
    pub image: Option<GeneratedImage>,
}

/// Phase of a long article's stage before its final request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PartPhase {
    /// Summarising one part of the article into notes.
    Summarize,
    /// Combining notes of several parts into one set.
    Combine,
    /// Writing the stage's answer from the notes on all parts.
    Write,
}

/// Progress of a run, sent to the user interface as it happens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum RunEvent {
    /// A stage sent its request; `attempt` counts from 1. Text shown for an
    /// earlier attempt or part of the same stage is void.
    #[serde(rename_all = "camelCase")]
    StageStarted { stage: StageKind, model: String, endpoint: String, attempt: u32 },
    /// More text arrived.
    #[serde(rename_all = "camelCase")]
    StageText { stage: StageKind, text: String },
    /// The answer stopped at the output limit and a continuation was sent.
    #[serde(rename_all = "camelCase")]
    StageContinued { stage: StageKind, continuation: u32 },
    /// A transient failure; the stage starts again after `wait_ms`.
    /// `reason` is a code: `rate_limited`, `server_error`, `timed_out`,
    /// `looping` or `stream_failed`.
    #[serde(rename_all = "camelCase")]
    StageWaiting { stage: StageKind, wait_ms: u64, reason: String },
    /// The article is too long for the model: part `part` of `parts` is
    /// being summarised, or notes are being combined.
    #[serde(rename_all = "camelCase")]
    StagePart { stage: StageKind, phase: PartPhase, part: u32, parts: u32 },
    /// The model rejected the input as too long; the stage starts again with
    /// a budget of `context_tokens`.
    #[serde(rename_all = "camelCase")]
    StageShrunk { stage: StageKind, context_tokens: u64 },
    #[serde(rename_all = "camelCase")]
    StageFinished { record: Box<StageRecord> },
}

/// The stages that finished, and the error that stopped the chain if one did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainOutcome {
    pub records: Vec<StageRecord>,
    pub error: Option<StageError>,
}

/// Retry policy of a run and the seed of its backoff jitter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RunOptions {
    pub retry: RetryPolicy,
    /// Seed of the jitter added to backoff waits; any value works, and the
    /// same seed gives the same waits.
    pub seed: u64,
}

/// Returns the stages this run executes, in order.
pub fn planned_stages(settings: &Settings) -> Vec<&StageSettings> {
    settings.stages.iter().filter(|stage| stage.enabled).collect()
}

/// Returns the records of the stages that run before `stage`, dropping
/// `stage` and every stage after it. Given to [`run_stages`], they make it
/// regenerate `stage` and the stages that read its output, and reuse the
/// earlier ones.
pub fn records_before(records: Vec<StageRecord>, stage: StageKind) -> Vec<StageRecord> {
    let position = |kind: StageKind| StageKind::ALL.iter().position(|candidate| *candidate == kind);
    records.into_iter().filter(|record| position(record.stage) < position(stage)).collect()
}

/// Runs every enabled stage that `finished` does not already hold.
pub async fn run_stages<T: Transport>(
    transport: &T,
    settings: &Settings,
    article: &Article,
    finished: Vec<StageRecord>,
    options: &RunOptions,
    on_event: &mut dyn FnMut(RunEvent),
) -> ChainOutcome {
    let context = RunContext::new(transport, options, on_event);
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

        let result = match stage.kind {
            StageKind::Image => image::run_image_stage(&context, stage, &records).await,
            _ => stage::run_chat_stage(&context, stage, settings, article, &records).await,
        };
        match result {
            Ok(record) => {
                context.emit(RunEvent::StageFinished { record: Box::new(record.clone()) });
                records.push(record);
            }
            Err(error) => return ChainOutcome { records, error: Some(error) },
        }
    }

    ChainOutcome { records, error: None }
}

#[cfg(test)]
mod tests;
