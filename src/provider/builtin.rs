//! The browser's built-in model (Chrome's Prompt API), reached through the
//! transport's bridge rather than over HTTP.
//!
//! The core builds the prompt exactly as it builds a request for any other
//! provider; the bridge only passes the system prompt and the input to
//! `LanguageModel.create()` and `promptStreaming()`, and hands back the text
//! pieces. Chrome versions before 137 sent each piece as the whole answer so
//! far instead of the new part; the accumulator accepts both. The API has no
//! output limit, response id, model name or token counts to report.

use super::{ChatRequest, Completion, Finish, ProviderError, StreamDecoder};
use crate::settings::Endpoint;
use crate::transport::ModelPrompt;

/// Builds the prompt for the built-in model. A continuation cannot happen,
/// because the API reports no output limit.
pub fn build_prompt(endpoint: &Endpoint, request: &ChatRequest<'_>) -> ModelPrompt {
    ModelPrompt {
        system: request.instruction.to_string(),
        input: request.input.to_string(),
        temperature: endpoint.temperature,
        timeout_ms: endpoint.timeout_ms,
    }
}

/// Returns the completion of a finished answer.
pub fn completion(text: String) -> Completion {
    Completion { id: None, model: None, text, finish: Finish::Stop, usage: None }
}

/// Collects the text pieces of a streamed answer.
#[derive(Debug, Default)]
pub struct TextAccumulator {
    text: String,
    pieces: usize,
    /// Whether pieces repeat the answer so far; decided by the second piece.
    cumulative: Option<bool>,
}

impl TextAccumulator {
    pub fn new() -> Self {
        Self::default()
    }
}

impl StreamDecoder for TextAccumulator {
    fn push(&mut self, _event: Option<&str>, piece: &str) -> Result<Option<String>, ProviderError> {
        if piece.is_empty() {
            return Ok(None);
        }
        self.pieces += 1;
        // A second piece that repeats the first and adds to it marks the
        // older, cumulative form for the rest of the answer.
        if self.pieces == 2 {
            self.cumulative = Some(piece.len() > self.text.len() && piece.starts_with(self.text.as_str()));
        }
        let added = match (self.cumulative, piece.strip_prefix(self.text.as_str())) {
            (Some(true), Some(rest)) => rest.to_string(),
            _ => piece.to_string(),
        };
        if added.is_empty() {
            return Ok(None);
        }
        self.text.push_str(&added);
        Ok(Some(added))
    }

    fn finish(self: Box<Self>) -> Result<Completion, ProviderError> {
        Ok(completion(self.text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(pieces: &[&str]) -> (Vec<String>, String) {
        let mut decoder: Box<dyn StreamDecoder> = Box::new(TextAccumulator::new());
        let added = pieces.iter().filter_map(|piece| decoder.push(None, piece).unwrap()).collect();
        (added, decoder.finish().unwrap().text)
    }

    #[test]
    fn delta_pieces_append() {
        assert_eq!(
            collect(&["Hel", "lo", " world"]),
            (vec!["Hel".into(), "lo".into(), " world".into()], "Hello world".into())
        );
    }

    #[test]
    fn repeated_delta_is_kept() {
        assert_eq!(collect(&["ha", "ha", "!"]).1, "haha!");
    }

    #[test]
    fn cumulative_pieces_add_only_new_text() {
        assert_eq!(
            collect(&["Hel", "Hello", "Hello world"]),
            (vec!["Hel".into(), "lo".into(), " world".into()], "Hello world".into())
        );
    }
}
