//! One text stage (post, title or description): its input, its token
//! budget, the continuation of a cut-off answer, and its record.
//!
//! The post stage sends the whole article when it fits the model's context
//! window and condenses it in parts first when it does not. When a provider
//! still rejects the input as too long (the estimate was off, or the
//! endpoint's window is set too large), the stage starts again once with a
//! smaller budget: the window the provider named, or three quarters of the
//! one it had.

use super::budget::Budget;
use super::condense::{Condensed, condense};
use super::context::RunContext;
use super::retry::call_with_retries;
use super::{PartPhase, RunEvent, StageError, StageRecord, clean};
use crate::article::Article;
use crate::prompt;
use crate::provider::{ChatRequest, Finish, ProviderError, Usage};
use crate::settings::{Settings, StageKind, StageSettings};
use crate::transport::Transport;

/// Continuation requests allowed after an answer stops at the output limit.
const MAX_CONTINUATIONS: u32 = 2;

/// Runs a text stage and returns its record.
pub(super) async fn run_chat_stage<T: Transport>(
    context: &RunContext<'_, T>,
    stage: &StageSettings,
    settings: &Settings,
    article: &Article,
    records: &[StageRecord],
) -> Result<StageRecord, StageError> {
    let previous = prompt::source_of(stage.kind)
        .and_then(|source| records.iter().find(|record| record.stage == source))
        .map_or("", |record| record.output.as_str());
    let instruction = prompt::instruction(stage, settings, article, previous);
    let mut budget = Budget { context: u64::from(stage.endpoint.context_tokens), output: u64::from(stage.max_tokens) };
    let mut shrunk = false;

    loop {
        match attempt_stage(context, stage, &instruction, article, records, budget).await {
            Err(ProviderError::ContextTooLong { limit, .. }) if !shrunk && stage.kind == StageKind::Post => {
                budget = budget.shrunk(limit);
                shrunk = true;
                context.emit(RunEvent::StageShrunk { stage: stage.kind, context_tokens: budget.context });
            }
            result => return result.map_err(|error| StageError::new(stage, error)),
        }
    }
}

/// Builds the stage's input within `budget` and gets the complete answer.
async fn attempt_stage<T: Transport>(
    context: &RunContext<'_, T>,
    stage: &StageSettings,
    instruction: &str,
    article: &Article,
    records: &[StageRecord],
    budget: Budget,
) -> Result<StageRecord, ProviderError> {
    let mut condensed: Option<Condensed> = None;
    let input = match prompt::source_of(stage.kind) {
        None => {
            let whole = prompt::post_input(article);
            if budget.fits(instruction, &whole) {
                whole
            } else {
                let notes = condense(context, stage, article, instruction, budget).await?;
                let parts = notes.parts as u32;
                context.emit(RunEvent::StagePart { stage: stage.kind, phase: PartPhase::Write, part: parts, parts });
                let input = prompt::post_input_from_notes(article, &notes.text, notes.parts);
                condensed = Some(notes);
                input
            }
        }
        Some(source) => match records.iter().find(|record| record.stage == source) {
            Some(record) => prompt::chained_input(&record.output),
            None => prompt::post_input(article),
        },
    };

    let answer = complete(context, stage, instruction, &input).await?;
    let output = match stage.kind {
        StageKind::Title => clean::clean_title(&answer.text),
        _ => clean::clean_body(&answer.text),
    };
    if output.is_empty() {
        return Err(ProviderError::Empty);
    }

    let mut usage = answer.usage;
    if let Some(more) = condensed.as_ref().and_then(|notes| notes.usage) {
        usage.get_or_insert_with(Usage::default).add(more);
    }
    Ok(StageRecord {
        stage: stage.kind,
        endpoint: stage.endpoint.name.clone(),
        requested_model: stage.model.clone(),
        returned_model: answer.model,
        response_ids: answer.ids,
        instruction: instruction.to_string(),
        input,
        response: answer.text,
        output,
        usage,
        continuations: answer.continuations,
        parts: condensed.as_ref().map_or(0, |notes| notes.parts as u32),
        part_requests: condensed.as_ref().map_or(0, |notes| notes.requests),
        image: None,
    })
}

/// A complete answer, possibly assembled from continued requests.
struct Answer {
    text: String,
    ids: Vec<String>,
    model: Option<String>,
    usage: Option<Usage>,
    continuations: u32,
}

/// Sends the request and continues an answer cut off at the output limit,
/// at most [`MAX_CONTINUATIONS`] times; a title keeps its first complete
/// line instead.
async fn complete<T: Transport>(
    context: &RunContext<'_, T>,
    stage: &StageSettings,
    instruction: &str,
    input: &str,
) -> Result<Answer, ProviderError> {
    let mut answer = Answer { text: String::new(), ids: Vec::new(), model: None, usage: None, continuations: 0 };

    loop {
        let chat = ChatRequest {
            model: &stage.model,
            instruction,
            input,
            max_tokens: stage.max_tokens,
            stream: stage.endpoint.stream,
            continue_from: (answer.continuations > 0).then_some(answer.text.as_str()),
        };
        let completion = call_with_retries(context, stage, &chat, &answer.text).await?;

        answer.ids.extend(completion.id.clone());
        if answer.model.is_none() {
            answer.model = completion.model.clone();
        }
        if let Some(more) = completion.usage {
            answer.usage.get_or_insert_with(Usage::default).add(more);
        }
        answer.text.push_str(&completion.text);

        match completion.finish {
            Finish::Length if stage.kind == StageKind::Title && has_complete_line(&answer.text) => break,
            Finish::Length if answer.continuations < MAX_CONTINUATIONS && stage.kind != StageKind::Title => {
                answer.continuations += 1;
                context.emit(RunEvent::StageContinued { stage: stage.kind, continuation: answer.continuations });
            }
            Finish::Length => return Err(ProviderError::Truncated { max_tokens: stage.max_tokens }),
            Finish::ContextWindow => {
                return Err(ProviderError::ContextTooLong {
                    detail: "the model's context window filled up before the answer ended".into(),
                    limit: None,
                });
            }
            Finish::ContentFilter(filter) => {
                let reason = match filter {
                    Some(filter) => format!("the provider's content filter stopped the answer ({filter})"),
                    None => "the provider's content filter stopped the answer".into(),
                };
                return Err(ProviderError::Refused { reason });
            }
            Finish::Refusal => return Err(ProviderError::Refused { reason: answer.text }),
            Finish::Stop | Finish::Unknown | Finish::Other(_) => break,
        }
    }
    Ok(answer)
}

/// True when the text holds at least one non-blank line followed by a line
/// break, so its first line is complete even if the rest was cut off.
fn has_complete_line(text: &str) -> bool {
    text.trim_start().split_once('\n').is_some_and(|(first, _)| !first.trim().is_empty())
}
