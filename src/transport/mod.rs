//! The seam between the pure core and the network.
//!
//! The stage chain builds [`HttpRequest`] values and reads the responses; a
//! [`Transport`] moves them. In the extension the transport is the browser's
//! `fetch` (see `wasm.rs`), which also reaches the browser's built-in model
//! through a bridge the extension passes in; the command-line program and the
//! integration tests use `native.rs`. Keeping this trait small is what lets
//! everything above it run under plain `cargo test`.

#[cfg(not(target_arch = "wasm32"))]
pub mod native;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

use std::fmt;

use crate::secret::ApiKey;

/// A header value that is either plain text or a secret written only when
/// the request is sent.
#[derive(Clone, PartialEq, Eq)]
pub enum HeaderValue {
    Plain(String),
    /// The key itself, written as-is (`x-api-key: KEY`).
    Secret(ApiKey),
    /// `Bearer KEY`.
    Bearer(ApiKey),
}

impl HeaderValue {
    /// Returns the text to put on the wire. Only transports call this.
    pub fn expose(&self) -> String {
        match self {
            Self::Plain(value) => value.clone(),
            Self::Secret(key) => key.expose().to_string(),
            Self::Bearer(key) => format!("Bearer {}", key.expose()),
        }
    }
}

impl fmt::Debug for HeaderValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Plain(value) => write!(f, "{value:?}"),
            Self::Secret(_) | Self::Bearer(_) => f.write_str("[redacted]"),
        }
    }
}

/// An HTTP request as the core wants it sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// `GET` or `POST`.
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(String, HeaderValue)>,
    /// JSON body; empty for `GET`.
    pub body: String,
    /// Maximum time to wait for the response headers, in milliseconds.
    pub timeout_ms: u64,
}

/// Status and headers of a response whose body is read separately.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ResponseHead {
    pub status: u16,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
}

impl ResponseHead {
    /// Returns the first value of a header, by lower-case name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }
}

/// A prompt for the browser's built-in model (Chrome's Prompt API). The core
/// builds it as it builds an [`HttpRequest`]; the browser bridge only hands
/// the two texts to the model.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelPrompt {
    /// The system prompt the session starts with.
    pub system: String,
    /// The user prompt.
    pub input: String,
    /// Sampling temperature, when the user set one.
    pub temperature: Option<f64>,
    /// Maximum time to wait for the first text and between two pieces, in
    /// milliseconds.
    pub timeout_ms: u64,
}

/// Why no response arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    /// Nothing answered: connection refused, DNS failure, CORS rejection,
    /// missing host permission. Browsers do not say which.
    Unreachable { detail: String },
    /// The response headers did not arrive within the timeout (milliseconds),
    /// or the body stalled for that long.
    TimedOut { after_ms: u64 },
    /// The connection broke while the body was arriving.
    BodyInterrupted { detail: String },
    /// A browser API refused the call; `name` is the `DOMException` name
    /// (`NotSupportedError`, `QuotaExceededError`, …).
    Rejected { name: String, detail: String },
    /// The user cancelled the run.
    Cancelled,
}

/// Sends requests and reads response bodies chunk by chunk.
#[allow(async_fn_in_trait)]
pub trait Transport {
    /// The response body, read as it arrives.
    type Body: ResponseBody;

    /// Sends a request and waits for the response headers.
    async fn send(&self, request: &HttpRequest) -> Result<(ResponseHead, Self::Body), TransportError>;

    /// Sends a prompt to the browser's built-in model. The body yields the
    /// answer as UTF-8 text pieces. Transports without such a model return
    /// [`TransportError::Rejected`] with the name `NotSupportedError`.
    async fn prompt_model(&self, prompt: &ModelPrompt) -> Result<Self::Body, TransportError>;

    /// Waits `ms` milliseconds (used between retries).
    async fn sleep(&self, ms: u64) -> Result<(), TransportError>;

    /// Returns the current time in milliseconds since the Unix epoch; rate
    /// limit headers that name a reset time are read against it.
    fn now_ms(&self) -> u64;
}

/// A response body that arrives in chunks.
#[allow(async_fn_in_trait)]
pub trait ResponseBody {
    /// Returns the next chunk, or `None` at the end of the body.
    async fn next_chunk(&mut self) -> Result<Option<Vec<u8>>, TransportError>;

    /// Reads the rest of the body.
    async fn read_all(&mut self) -> Result<Vec<u8>, TransportError> {
        let mut bytes = Vec::new();
        while let Some(chunk) = self.next_chunk().await? {
            bytes.extend_from_slice(&chunk);
        }
        Ok(bytes)
    }
}
