//! Anthropic Messages.

use serde_json::json;
use summarize_to_post::provider::{ProviderError, Usage};
use summarize_to_post::settings::Settings;

use crate::server::{TestServer, answered, article, error_code, run, settings, waits};

fn anthropic(server: &TestServer) -> Settings {
    settings(
        json!({"id": "a", "name": "Claude", "kind": "anthropic", "baseUrl": server.url, "model": "claude-3-5-haiku-latest"}),
        Some("sk-ant-test"),
        json!({}),
    )
}

#[test]
fn streamed_chain_with_usage() {
    let server = TestServer::start();
    let (outcome, _) = run(&anthropic(&server), &article(300), vec![]);
    assert_eq!(outcome.error, None);
    let post = &outcome.records[0];
    assert!(post.response_ids[0].starts_with("msg_test_"));
    assert_eq!(post.returned_model.as_deref(), Some("claude-3-5-haiku-20241022"));
    assert!(matches!(post.usage, Some(Usage { input_tokens: 1.., output_tokens: 1.. })));

    let request = &answered(&server)[0];
    assert_eq!(request["path"], "/v1/messages");
    assert_eq!(request["headers"]["anthropic-dangerous-direct-browser-access"], "true");
    assert_eq!(request["headers"]["x-api-key"], "sk-ant-test");
    assert_eq!(request["headers"]["anthropic-version"], "2023-06-01");
}

#[test]
fn organisation_without_browser_access() {
    let server = TestServer::start();
    server.script(json!([{"fail": "browser_forbidden"}]));
    let (outcome, _) = run(&anthropic(&server), &article(300), vec![]);
    assert_eq!(error_code(&outcome), "stage_browser_access_forbidden");
}

#[test]
fn overload_529_is_retried() {
    let server = TestServer::start();
    server.script(json!([{"fail": "overloaded"}, {"fail": "stream_error"}]));
    let (outcome, events) = run(&anthropic(&server), &article(300), vec![]);
    assert_eq!(outcome.error, None);
    assert_eq!(waits(&events).len(), 2);
}

#[test]
fn spend_limit_is_not_retried() {
    let server = TestServer::start();
    server.script(json!([{"fail": "spend_limit"}]));
    let (outcome, _) = run(&anthropic(&server), &article(300), vec![]);
    assert_eq!(error_code(&outcome), "stage_quota_exceeded");
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn rate_limit_reset_time_is_waited() {
    let server = TestServer::start();
    server.script(json!([{"fail": "rate_limit", "retryAfter": 1}]));
    let (outcome, events) = run(&anthropic(&server), &article(300), vec![]);
    assert_eq!(outcome.error, None);
    assert_eq!(waits(&events), vec![1000]);
}

#[test]
fn max_tokens_stop_is_continued() {
    let server = TestServer::start();
    server.script(json!([{"text": "# Post\n\nHalf", "finish": "length"}, {"text": " done."}]));
    let (outcome, _) = run(&anthropic(&server), &article(300), vec![]);
    assert_eq!(outcome.records[0].output, "# Post\n\nHalf done.");
    assert_eq!(outcome.records[0].continuations, 1);
}

#[test]
fn refusal_stop_is_reported() {
    let server = TestServer::start();
    server.script(json!([{"fail": "refusal"}]));
    let (outcome, _) = run(&anthropic(&server), &article(300), vec![]);
    assert!(matches!(outcome.error.unwrap().error, ProviderError::Refused { .. }));
}

#[test]
fn overflow_names_limit_and_shrinks() {
    let server = TestServer::start();
    server.options(json!({"contextTokens": 2500}));
    let (outcome, _) = run(&anthropic(&server), &article(3000), vec![]);
    assert_eq!(outcome.error, None);
    assert!(outcome.records[0].parts > 1, "the article was summarised in parts after the overflow");
    let rejected = server.requests().into_iter().filter(|r| r["status"] == 400).count();
    assert_eq!(rejected, 1);
}
