//! Google Gemini's native API.

use serde_json::json;
use summarize_to_post::provider::ProviderError;
use summarize_to_post::settings::Settings;

use crate::server::{TestServer, answered, article, error_code, run, settings, waits};

fn gemini(server: &TestServer, stream: bool) -> Settings {
    settings(
        json!({"id": "g", "name": "Gemini", "kind": "gemini", "baseUrl": server.url, "model": "gemini-2.0-flash",
            "stream": stream}),
        Some("AIza-test"),
        json!({}),
    )
}

#[test]
fn streamed_chain_reads_response_ids() {
    let server = TestServer::start();
    let (outcome, _) = run(&gemini(&server, true), &article(300), vec![]);
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.records[0].returned_model.as_deref(), Some("gemini-2.0-flash-001"));
    let request = &answered(&server)[0];
    assert_eq!(request["path"], "/v1beta/models/gemini-2.0-flash:streamGenerateContent");
    assert_eq!(request["query"]["alt"], "sse");
    assert_eq!(request["headers"]["x-goog-api-key"], "AIza-test");
    assert!(request["body"]["systemInstruction"]["parts"][0]["text"].as_str().unwrap().contains("witty"));
}

#[test]
fn whole_body_chain() {
    let server = TestServer::start();
    let (outcome, _) = run(&gemini(&server, false), &article(300), vec![]);
    assert_eq!(outcome.error, None);
    assert!(outcome.records[2].response_ids[0].starts_with("gemini-test-"));
}

#[test]
fn retry_delay_is_waited() {
    let server = TestServer::start();
    server.script(json!([{"fail": "rate_limit", "retryDelay": 0.3}]));
    let (outcome, events) = run(&gemini(&server, true), &article(300), vec![]);
    assert_eq!(outcome.error, None);
    assert_eq!(waits(&events), vec![300]);
}

#[test]
fn daily_quota_is_not_retried() {
    let server = TestServer::start();
    server.script(json!([{"fail": "quota"}]));
    let (outcome, _) = run(&gemini(&server, true), &article(300), vec![]);
    assert_eq!(error_code(&outcome), "stage_quota_exceeded");
}

#[test]
fn bad_key_is_unauthorized() {
    let server = TestServer::start();
    server.script(json!([{"fail": "unauthorized"}]));
    let (outcome, _) = run(&gemini(&server, true), &article(300), vec![]);
    assert_eq!(error_code(&outcome), "stage_unauthorized");
}

#[test]
fn blocked_prompt_is_refusal() {
    for stream in [true, false] {
        let server = TestServer::start();
        server.script(json!([{"fail": "blocked_prompt"}]));
        let (outcome, _) = run(&gemini(&server, stream), &article(300), vec![]);
        assert_eq!(
            outcome.error.unwrap().error,
            ProviderError::Refused { reason: "Gemini blocked the prompt (SAFETY)".into() }
        );
    }
}

#[test]
fn max_tokens_is_continued() {
    let server = TestServer::start();
    server.script(json!([{"text": "# Post\n\nHalf", "finish": "length"}, {"text": " done."}]));
    let (outcome, _) = run(&gemini(&server, true), &article(300), vec![]);
    assert_eq!(outcome.records[0].output, "# Post\n\nHalf done.");
}

#[test]
fn unknown_model_is_named() {
    let server = TestServer::start();
    server.script(json!([{"fail": "model_not_found"}]));
    let (outcome, _) = run(&gemini(&server, true), &article(300), vec![]);
    assert_eq!(error_code(&outcome), "stage_model_not_found");
}
