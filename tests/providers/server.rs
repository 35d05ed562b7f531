//! The local test server and the helpers that run the chain against it.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use serde_json::{Value, json};
use summarize_to_post::article::Article;
use summarize_to_post::error::UserError;
use summarize_to_post::pipeline::{ChainOutcome, RetryPolicy, RunEvent, RunOptions, StageRecord, run_stages};
use summarize_to_post::settings::{RawSettings, Settings, validate};
use summarize_to_post::transport::native::{NativeTransport, block_on};

/// One running test server; it stops when dropped.
pub struct TestServer {
    child: Child,
    pub url: String,
}

impl TestServer {
    /// Starts the server on a free port and waits until it listens.
    pub fn start() -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut child = Command::new("node")
            .arg(root.join("tests/server/model-server.mjs"))
            .args(["--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("node runs the test server");
        let stdout = child.stdout.take().expect("the server's output");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("the server prints its address");
        let url = line.trim().rsplit(' ').next().unwrap_or_default().to_string();
        assert!(url.starts_with("http://127.0.0.1:"), "unexpected server output: {line}");
        Self { child, url }
    }

    fn control(&self, path: &str, body: Value) -> Value {
        let mut response = ureq::post(&format!("{}/__control/{path}", self.url))
            .send(body.to_string())
            .expect("the control request is answered");
        serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap()
    }

    /// Queues scripted answers for the next requests.
    pub fn script(&self, answers: Value) {
        self.control("script", answers);
    }

    /// Sets server options such as `contextTokens`.
    pub fn options(&self, options: Value) {
        self.control("options", options);
    }

    /// Returns every request the server received.
    pub fn requests(&self) -> Vec<Value> {
        let mut response = ureq::get(&format!("{}/__control/requests", self.url)).call().unwrap();
        serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Validates settings with one endpoint, `key` attached to it.
pub fn settings(endpoint: Value, key: Option<&str>, stages: Value) -> Settings {
    let id = endpoint["id"].as_str().unwrap_or("e").to_string();
    let raw: RawSettings = serde_json::from_value(json!({"endpoints": [endpoint], "stages": stages})).unwrap();
    let keys: HashMap<String, String> = key.map(|k| (id, k.to_string())).into_iter().collect();
    validate(&raw, &keys).unwrap_or_else(|errors| panic!("invalid settings: {errors:?}"))
}

pub fn article(words: usize) -> Article {
    let sentence = "The council approved the new harbour plan after a long debate about costs. ";
    let paragraphs: Vec<String> =
        (0..words.div_ceil(78)).map(|i| format!("Paragraph {i}. {}", sentence.repeat(6))).collect();
    Article {
        url: "https://example.com/harbour".into(),
        title: "Harbour plan approved".into(),
        markdown: paragraphs.join("\n\n"),
        ..Article::default()
    }
}

/// A retry policy with short waits, so failure tests stay quick.
pub fn quick_retries() -> RunOptions {
    RunOptions {
        retry: RetryPolicy { max_attempts: 3, backoff_base_ms: 20, max_backoff_ms: 100, max_wait_ms: 5_000 },
        seed: 1,
    }
}

/// Runs the chain; returns the outcome and the events.
pub fn run(settings: &Settings, article: &Article, finished: Vec<StageRecord>) -> (ChainOutcome, Vec<RunEvent>) {
    let transport = NativeTransport::new();
    let mut events = Vec::new();
    let outcome = block_on(run_stages(&transport, settings, article, finished, &quick_retries(), &mut |event| {
        events.push(event)
    }));
    (outcome, events)
}

/// Returns the error code of a failed run.
pub fn error_code(outcome: &ChainOutcome) -> &'static str {
    outcome.error.as_ref().map(|error| error.code()).unwrap_or("none")
}

/// Returns the chat requests the server answered, in order.
pub fn answered(server: &TestServer) -> Vec<Value> {
    server.requests().into_iter().filter(|request| request["status"] == 200).collect()
}

/// Returns the `StageWaiting` waits of a run, in milliseconds.
pub fn waits(events: &[RunEvent]) -> Vec<u64> {
    events
        .iter()
        .filter_map(|event| match event {
            RunEvent::StageWaiting { wait_ms, .. } => Some(*wait_ms),
            _ => None,
        })
        .collect()
}
