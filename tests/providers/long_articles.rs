//! Articles longer than the model's context window.

use serde_json::json;
use summarize_to_post::pipeline::{PartPhase, RunEvent};

use crate::server::{TestServer, article, run, settings};

#[test]
fn hundred_thousand_words_through_8k() {
    let server = TestServer::start();
    // The server rejects any prompt over 8192 tokens, as a real one would.
    server.options(json!({"contextTokens": 8192}));
    let endpoint =
        json!({"id": "o", "baseUrl": format!("{}/v1", server.url), "model": "small-model", "contextTokens": 8192});
    let (outcome, events) = run(&settings(endpoint, None, json!({})), &article(100_000), vec![]);
    assert_eq!(outcome.error, None);

    let post = &outcome.records[0];
    assert!(post.parts >= 20, "{} parts", post.parts);
    let rejected = server.requests().into_iter().filter(|request| request["status"] != 200).count();
    assert_eq!(rejected, 0, "no request exceeded the context window");
    let summarised =
        events.iter().filter(|e| matches!(e, RunEvent::StagePart { phase: PartPhase::Summarize, .. })).count();
    assert_eq!(summarised, post.parts as usize);
    assert!(post.input.contains(&format!("notes on its {} parts", post.parts)));
}

#[test]
fn overstated_window_shrinks_once() {
    let server = TestServer::start();
    server.options(json!({"contextTokens": 4096}));
    // The user sets 128k; the server has 4096 and names it in its error.
    let endpoint = json!({"id": "o", "baseUrl": format!("{}/v1", server.url), "model": "m", "contextTokens": 128000});
    let (outcome, events) = run(&settings(endpoint, None, json!({})), &article(5_000), vec![]);
    assert_eq!(outcome.error, None);
    assert!(events.contains(&RunEvent::StageShrunk {
        stage: summarize_to_post::settings::StageKind::Post,
        context_tokens: 4096
    }));
    assert!(outcome.records[0].parts > 1);
}
