//! Condensing an article too long for the model's context window: notes on
//! each part, then notes merged until they fit (map-reduce).
//!
//! Nothing of the article is cut: every part gets its own request, and the
//! notes keep what matters of each. The post stage then writes the post from
//! the notes, and its record says in how many parts, so the transparency log
//! can tell the reader. The number of requests is bounded: an article that
//! would need more than [`MAX_PARTS`] parts at this context window fails
//! with a message that says so, before any request is sent.

use super::budget::{Budget, estimate_tokens};
use super::chunk;
use super::clean;
use super::context::RunContext;
use super::retry::call_with_retries;
use super::{PartPhase, RunEvent};
use crate::article::Article;
use crate::prompt;
use crate::provider::{ChatRequest, Finish, ProviderError, Usage};
use crate::settings::StageSettings;
use crate::transport::Transport;

/// Most parts an article may be split into in one run.
pub const MAX_PARTS: usize = 200;

/// Most rounds of merging notes; each round at least halves their number.
const MAX_COMBINE_ROUNDS: u32 = 6;

/// Tokens set aside in a part's request for the metadata lines before the
/// part (title, site, author, date, URL, the part number).
const PART_HEADER_TOKENS: u64 = 160;

/// The notes that stand in for the article, and what they cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Condensed {
    pub text: String,
    /// Parts the article was split into.
    pub parts: usize,
    /// Requests sent for notes and merges.
    pub requests: u32,
    pub usage: Option<Usage>,
}

/// Condenses the article into notes that fit `budget` together with the
/// post stage's `final_instruction`.
pub(super) async fn condense<T: Transport>(
    context: &RunContext<'_, T>,
    stage: &StageSettings,
    article: &Article,
    final_instruction: &str,
    budget: Budget,
) -> Result<Condensed, ProviderError> {
    // Notes are kept short so that many fit into one merge request.
    let notes_tokens = (budget.context / 16).clamp(128, 800).min(budget.output.max(128));
    let notes_budget = Budget { context: budget.context, output: notes_tokens };

    let part_tokens = notes_budget.input_tokens(prompt::PART_INSTRUCTION).saturating_sub(PART_HEADER_TOKENS).max(64);
    let parts = chunk::split(&article.markdown, part_tokens);
    if parts.len() > MAX_PARTS {
        return Err(ProviderError::TooManyParts { parts: parts.len(), max: MAX_PARTS });
    }

    let mut condensed = Condensed { text: String::new(), parts: parts.len(), requests: 0, usage: None };
    let mut notes = Vec::with_capacity(parts.len());
    for (index, part) in parts.iter().enumerate() {
        context.emit(RunEvent::StagePart {
            stage: stage.kind,
            phase: PartPhase::Summarize,
            part: index as u32 + 1,
            parts: parts.len() as u32,
        });
        let input = prompt::part_input(article, index + 1, parts.len(), part);
        notes.push(take_notes(context, stage, prompt::PART_INSTRUCTION, &input, notes_tokens, &mut condensed).await?);
    }

    let mut rounds = 0;
    loop {
        let joined = notes.join("\n\n");
        let final_input = prompt::post_input_from_notes(article, &joined, parts.len());
        if budget.fits(final_instruction, &final_input) {
            condensed.text = joined;
            return Ok(condensed);
        }
        if rounds == MAX_COMBINE_ROUNDS || notes.len() < 2 {
            return Err(ProviderError::TooManyParts { parts: parts.len(), max: MAX_PARTS });
        }
        rounds += 1;

        let batches = batches(&notes, notes_budget.input_tokens(prompt::COMBINE_INSTRUCTION));
        let mut merged = Vec::with_capacity(batches.len());
        for (index, batch) in batches.iter().enumerate() {
            context.emit(RunEvent::StagePart {
                stage: stage.kind,
                phase: PartPhase::Combine,
                part: index as u32 + 1,
                parts: batches.len() as u32,
            });
            let input = prompt::combine_input(batch);
            merged.push(
                take_notes(context, stage, prompt::COMBINE_INSTRUCTION, &input, notes_tokens, &mut condensed).await?,
            );
        }
        notes = merged;
    }
}

/// Sends one notes request and returns the cleaned notes. Notes cut off at
/// their output limit are kept: they are an intermediate text, and the
/// post written from them is checked for truncation as usual.
async fn take_notes<T: Transport>(
    context: &RunContext<'_, T>,
    stage: &StageSettings,
    instruction: &str,
    input: &str,
    max_tokens: u64,
    condensed: &mut Condensed,
) -> Result<String, ProviderError> {
    let chat = ChatRequest {
        model: &stage.model,
        instruction,
        input,
        max_tokens: max_tokens as u32,
        stream: stage.endpoint.stream,
        continue_from: None,
    };
    let completion = call_with_retries(context, stage, &chat, "").await?;
    condensed.requests += 1;
    if let Some(usage) = completion.usage {
        condensed.usage.get_or_insert_with(Usage::default).add(usage);
    }
    match completion.finish {
        Finish::ContentFilter(filter) => {
            let filter = filter.unwrap_or_else(|| "content filter".into());
            Err(ProviderError::Refused {
                reason: format!("the provider's filter stopped the notes on a part ({filter})"),
            })
        }
        Finish::Refusal => Err(ProviderError::Refused { reason: completion.text }),
        Finish::ContextWindow => Err(ProviderError::ContextTooLong {
            detail: "the model's context window filled up while it took notes on a part".into(),
            limit: None,
        }),
        _ => Ok(clean::clean_body(&completion.text)),
    }
}

/// Groups consecutive notes into batches whose merge input fits `max_tokens`;
/// every batch holds at least two notes when there are two, so each round
/// shrinks the list.
fn batches(notes: &[String], max_tokens: u64) -> Vec<Vec<String>> {
    let mut batches: Vec<Vec<String>> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut tokens = 0;
    for note in notes {
        let size = estimate_tokens(note) + 1;
        if tokens + size > max_tokens && current.len() >= 2 {
            batches.push(std::mem::take(&mut current));
            tokens = 0;
        }
        current.push(note.clone());
        tokens += size;
    }
    if current.len() == 1 && !batches.is_empty() {
        if let Some(last) = batches.last_mut() {
            last.append(&mut current);
        }
    }
    if !current.is_empty() {
        batches.push(current);
    }
    batches
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_hold_two_or_more() {
        let notes: Vec<String> = (0..7).map(|i| format!("note {i} {}", "x".repeat(300))).collect();
        let batches = batches(&notes, 250);
        assert!(batches.iter().all(|batch| batch.len() >= 2), "{:?}", batches.iter().map(Vec::len).collect::<Vec<_>>());
        assert_eq!(batches.concat(), notes);
        assert!(batches.len() < notes.len());
    }

    #[test]
    fn batches_fit_when_small() {
        let notes: Vec<String> = (0..10).map(|i| format!("note {i}")).collect();
        assert_eq!(batches(&notes, 1000).len(), 1);
    }
}
