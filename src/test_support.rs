//! Helpers for unit tests: a scripted transport and a minimal executor.
//!
//! The scripted transport answers each request with the next canned response
//! and records what was sent, so the stage chain's retry, continuation and
//! streaming logic can be checked without a network. End-to-end behaviour
//! against the local test server is tested by `tests/providers*.rs` and the
//! browser suite.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use std::collections::HashMap;

use crate::settings::{Endpoint, RawSettings, validate};
use crate::transport::{HttpRequest, ModelPrompt, ResponseBody, ResponseHead, Transport, TransportError};

/// Returns the validated endpoint of one stored endpoint object, with `key`.
pub fn endpoint_from(raw: serde_json::Value, key: Option<&str>) -> Endpoint {
    let id = raw["id"].as_str().unwrap_or("e").to_string();
    let settings: RawSettings = serde_json::from_value(serde_json::json!({"endpoints": [raw]})).unwrap();
    let keys: HashMap<String, String> = key.map(|k| (id, k.to_string())).into_iter().collect();
    validate(&settings, &keys).unwrap().endpoints.remove(0)
}

/// Runs a future whose awaits all complete at once (as the scripted
/// transport's do).
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
}

/// One canned answer.
pub enum Canned {
    Response { status: u16, headers: Vec<(String, String)>, chunks: Vec<Vec<u8>> },
    Failure(TransportError),
}

impl Canned {
    pub fn json(status: u16, body: &str) -> Self {
        Self::Response {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            chunks: vec![body.as_bytes().to_vec()],
        }
    }

    pub fn sse(chunks: &[&str]) -> Self {
        Self::Response {
            status: 200,
            headers: vec![("content-type".into(), "text/event-stream".into())],
            chunks: chunks.iter().map(|c| c.as_bytes().to_vec()).collect(),
        }
    }

    /// Text pieces, as the browser's built-in model streams them.
    pub fn pieces(pieces: &[&str]) -> Self {
        Self::Response {
            status: 200,
            headers: Vec::new(),
            chunks: pieces.iter().map(|p| p.as_bytes().to_vec()).collect(),
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        if let Self::Response { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }
}

/// The scripted transport's clock: 2024-10-21T07:28:00Z.
pub const NOW_MS: u64 = 1_729_495_680_000;

/// Answers a request the script has no canned answer for.
pub type Responder = Box<dyn Fn(&HttpRequest) -> Canned>;

#[derive(Default)]
pub struct ScriptedTransport {
    answers: RefCell<VecDeque<Canned>>,
    responder: Option<Responder>,
    pub requests: RefCell<Vec<HttpRequest>>,
    pub prompts: RefCell<Vec<ModelPrompt>>,
    pub sleeps: RefCell<Vec<u64>>,
}

impl ScriptedTransport {
    pub fn new(answers: Vec<Canned>) -> Self {
        Self { answers: RefCell::new(answers.into()), ..Self::default() }
    }

    /// Answers with `answers` first, then with `responder` for every request.
    pub fn responding(answers: Vec<Canned>, responder: impl Fn(&HttpRequest) -> Canned + 'static) -> Self {
        Self { answers: RefCell::new(answers.into()), responder: Some(Box::new(responder)), ..Self::default() }
    }
}

pub struct ScriptedBody(VecDeque<Vec<u8>>);

impl ResponseBody for ScriptedBody {
    async fn next_chunk(&mut self) -> Result<Option<Vec<u8>>, TransportError> {
        Ok(self.0.pop_front())
    }
}

impl Transport for ScriptedTransport {
    type Body = ScriptedBody;

    async fn send(&self, request: &HttpRequest) -> Result<(ResponseHead, ScriptedBody), TransportError> {
        self.requests.borrow_mut().push(request.clone());
        let next = self.answers.borrow_mut().pop_front();
        let next = next.or_else(|| self.responder.as_ref().map(|respond| respond(request)));
        match next {
            Some(Canned::Response { status, headers, chunks }) => {
                Ok((ResponseHead { status, headers }, ScriptedBody(chunks.into())))
            }
            Some(Canned::Failure(error)) => Err(error),
            None => panic!("the script has no answer for request {}", self.requests.borrow().len()),
        }
    }

    async fn prompt_model(&self, prompt: &ModelPrompt) -> Result<ScriptedBody, TransportError> {
        self.prompts.borrow_mut().push(prompt.clone());
        match self.answers.borrow_mut().pop_front() {
            Some(Canned::Response { chunks, .. }) => Ok(ScriptedBody(chunks.into())),
            Some(Canned::Failure(error)) => Err(error),
            None => panic!("the script has no answer for prompt {}", self.prompts.borrow().len()),
        }
    }

    async fn sleep(&self, ms: u64) -> Result<(), TransportError> {
        self.sleeps.borrow_mut().push(ms);
        Ok(())
    }

    fn now_ms(&self) -> u64 {
        NOW_MS
    }
}
