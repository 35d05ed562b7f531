//! Tests of the stage chain against the scripted transport: the chain
//! itself, each endpoint kind, long articles, and the image stage.

mod chain;
mod image;
mod kinds;
mod long;

use std::collections::HashMap;

use serde_json::{Value, json};

use super::*;
use crate::provider::ProviderError;
use crate::settings::{RawSettings, validate};
use crate::test_support::{Canned, ScriptedTransport, block_on};
use crate::transport::TransportError;

fn settings(extra: Value) -> Settings {
    settings_with_keys(extra, &[("e", "sk-secret-1")])
}

fn settings_with_keys(extra: Value, keys: &[(&str, &str)]) -> Settings {
    let mut raw =
        json!({"endpoints": [{"id": "e", "name": "Local", "baseUrl": "http://127.0.0.1:9/v1", "model": "m"}]});
    if let (Some(raw), Some(extra)) = (raw.as_object_mut(), extra.as_object()) {
        raw.extend(extra.clone());
    }
    let raw: RawSettings = serde_json::from_value(raw).unwrap();
    let keys: HashMap<String, String> = keys.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    validate(&raw, &keys).unwrap()
}

fn article() -> Article {
    Article {
        url: "https://example.com/story".into(),
        title: "A story".into(),
        markdown: "Some article text.".into(),
        ..Article::default()
    }
}

fn reply(id: &str, text: &str, finish: &str) -> Canned {
    Canned::json(
        200,
        &json!({"id": id, "model": "m-2024", "choices": [{"message": {"content": text}, "finish_reason": finish}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5}})
        .to_string(),
    )
}

fn run(
    transport: &ScriptedTransport,
    settings: &Settings,
    finished: Vec<StageRecord>,
) -> (ChainOutcome, Vec<RunEvent>) {
    run_article(transport, settings, &article(), finished)
}

fn run_article(
    transport: &ScriptedTransport,
    settings: &Settings,
    article: &Article,
    finished: Vec<StageRecord>,
) -> (ChainOutcome, Vec<RunEvent>) {
    let mut events = Vec::new();
    let options = RunOptions { seed: 7, ..RunOptions::default() };
    let outcome = block_on(run_stages(transport, settings, article, finished, &options, &mut |e| events.push(e)));
    (outcome, events)
}

fn sent_body(transport: &ScriptedTransport, index: usize) -> Value {
    serde_json::from_str(&transport.requests.borrow()[index].body).unwrap()
}
