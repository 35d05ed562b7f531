//! Model providers: building their requests and reading their answers.
//!
//! Each provider module turns a [`ChatRequest`] into an
//! [`HttpRequest`](crate::transport::HttpRequest) and turns the response,
//! whole or streamed, into a [`Completion`] or a [`ProviderError`]. Nothing
//! here sends anything; the stage chain does that through a transport.

pub mod error;
pub mod openai;
pub mod sse;

use serde::{Deserialize, Serialize};

pub use error::ProviderError;

/// One call to a chat model: an instruction and the text it applies to, kept
/// in separate messages so that text from a page is never read as an
/// instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatRequest<'a> {
    pub model: &'a str,
    /// The stage's instruction, sent as the system message.
    pub instruction: &'a str,
    /// The stage's input, sent as the user message.
    pub input: &'a str,
    pub max_tokens: u32,
    pub stream: bool,
    /// The part of an answer already received when the model stopped at its
    /// output limit; the request then asks the model to continue it.
    pub continue_from: Option<&'a str>,
}

/// Why the model stopped writing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Finish {
    /// It finished its answer.
    Stop,
    /// It reached the output token limit; the answer is cut off.
    Length,
    /// The provider's content filter stopped it.
    ContentFilter,
    /// It declined to answer; the text is its explanation.
    Refusal,
    /// The provider gave no reason (some compatible servers omit it).
    Unknown,
    /// A reason this version does not know, as the provider spelled it.
    Other(String),
}

impl Finish {
    /// Maps an OpenAI-style `finish_reason`.
    pub fn from_openai(reason: Option<&str>) -> Self {
        match reason {
            None => Self::Unknown,
            Some("stop") | Some("eos") | Some("end_turn") => Self::Stop,
            Some("length") | Some("max_tokens") => Self::Length,
            Some("content_filter") => Self::ContentFilter,
            Some(other) => Self::Other(other.to_string()),
        }
    }
}

/// Token counts the provider reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    pub input_tokens: u64,
    pub output_tokens: u64,
}

/// A model's complete answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// Response id, such as `chatcmpl-…`; `None` when the provider sends none.
    pub id: Option<String>,
    /// Model name as the provider returned it; `None` when it sends none.
    pub model: Option<String>,
    pub text: String,
    pub finish: Finish,
    pub usage: Option<Usage>,
}
