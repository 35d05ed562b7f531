//! Bounded retries of transient failures.
//!
//! A rate limit is waited out as long as the provider asked, up to
//! [`RetryPolicy::max_wait_ms`]; a longer wait fails the stage at once with
//! the provider's message, because the user is better served by a clear
//! failure and Retry than by a popup that counts down for minutes. Other
//! transient failures (5xx and 529, timeouts, broken streams, loops) wait an
//! exponential backoff with jitter, so that many clients failing together do
//! not come back together. Each wait is reported as a `StageWaiting` event
//! for the countdown in the popup.

use std::future::Future;

use super::call::call_chat;
use super::context::RunContext;
use super::{RunEvent, repetition};
use crate::provider::{ChatRequest, Completion, ProviderError};
use crate::settings::{StageKind, StageSettings};
use crate::transport::Transport;

/// The loop check runs each time the answer has grown by this many bytes.
const LOOP_CHECK_BYTES: usize = 120;

/// How often and how long a stage retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts per request for transient failures, including the first.
    pub max_attempts: u32,
    /// Backoff before the first retry, in milliseconds; it doubles for each
    /// further one.
    pub backoff_base_ms: u64,
    /// Longest backoff, in milliseconds.
    pub max_backoff_ms: u64,
    /// Longest wait a provider may ask for before the stage fails instead,
    /// in milliseconds.
    pub max_wait_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self { max_attempts: 3, backoff_base_ms: 2_000, max_backoff_ms: 30_000, max_wait_ms: 60_000 }
    }
}

impl RetryPolicy {
    /// Returns the backoff after failed attempt `attempt` (from 1) for a
    /// jitter value in `[0, 1)`: half the exponential delay, plus up to the
    /// other half at random ("equal jitter").
    pub fn backoff_ms(&self, attempt: u32, jitter: f64) -> u64 {
        let exponential = self.backoff_base_ms.saturating_mul(1 << (attempt - 1).min(20)).min(self.max_backoff_ms);
        let half = exponential / 2;
        half + (half as f64 * jitter) as u64
    }
}

/// Runs `attempt` until it succeeds, fails for good, or runs out of tries.
/// `attempt` receives the attempt number, from 1.
pub(super) async fn retry<T, R, F, Fut>(
    context: &RunContext<'_, T>,
    stage: StageKind,
    mut attempt: F,
) -> Result<R, ProviderError>
where
    T: Transport,
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = Result<R, ProviderError>>,
{
    let policy = context.policy;
    let mut number = 1;
    loop {
        let error = match attempt(number).await {
            Ok(value) => return Ok(value),
            Err(error) => error,
        };
        if !error.is_transient() || number >= policy.max_attempts {
            return Err(error);
        }

        let wait_ms = match error.requested_wait_ms() {
            Some(ms) if ms > policy.max_wait_ms => return Err(error),
            Some(ms) => ms,
            None => policy.backoff_ms(number, context.jitter()),
        };
        context.emit(RunEvent::StageWaiting { stage, wait_ms, reason: reason_code(&error).to_string() });
        context.transport.sleep(wait_ms).await?;
        number += 1;
    }
}

/// Sends one chat request with retries, streaming its text to the user
/// interface and stopping it as soon as it loops. `earlier_text` is the
/// answer so far when this request continues a cut-off one.
pub(super) async fn call_with_retries<T: Transport>(
    context: &RunContext<'_, T>,
    stage: &StageSettings,
    chat: &ChatRequest<'_>,
    earlier_text: &str,
) -> Result<Completion, ProviderError> {
    retry(context, stage.kind, |attempt| async move {
        context.emit(RunEvent::StageStarted {
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
            context.emit(RunEvent::StageText { stage: stage.kind, text: text.to_string() });
            answer.push_str(text);
            if answer.len() >= checked_len + LOOP_CHECK_BYTES {
                checked_len = answer.len();
                if repetition::is_looping(&answer) {
                    return Err(ProviderError::Looping { chars: answer.chars().count() });
                }
            }
            Ok(())
        };
        let completion = call_chat(context.transport, &stage.endpoint, chat, &mut on_text).await?;

        let full = format!("{earlier_text}{}", completion.text);
        if repetition::is_looping(&full) {
            return Err(ProviderError::Looping { chars: full.chars().count() });
        }
        Ok(completion)
    })
    .await
}

/// Returns the code of a wait's reason, which the popup shows in words.
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
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_within_jitter() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.backoff_ms(1, 0.0), 1000);
        assert_eq!(policy.backoff_ms(1, 0.999), 1999);
        assert_eq!(policy.backoff_ms(2, 0.5), 3000);
        assert_eq!(policy.backoff_ms(10, 0.0), 15_000, "capped at the maximum backoff");
    }
}
