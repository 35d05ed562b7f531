//! OpenAI Chat Completions and the compatible servers.

use serde_json::{Value, json};
use summarize_to_post::provider::ProviderError;
use summarize_to_post::settings::{Settings, StageKind};

use crate::server::{TestServer, answered, article, error_code, run, settings, waits};

fn openai(server: &TestServer, stream: bool) -> Settings {
    settings(
        json!({"id": "o", "name": "Test", "baseUrl": format!("{}/v1", server.url), "model": "test-model", "stream": stream}),
        Some("sk-test-key"),
        json!({}),
    )
}

fn fails_with(answers: Value, code: &str) -> (TestServer, summarize_to_post::pipeline::ChainOutcome) {
    let server = TestServer::start();
    server.script(answers);
    let (outcome, _) = run(&openai(&server, true), &article(300), vec![]);
    assert_eq!(error_code(&outcome), code, "{:?}", outcome.error);
    (server, outcome)
}

#[test]
fn streamed_chain_quotes_server() {
    let server = TestServer::start();
    let (outcome, events) = run(&openai(&server, true), &article(300), vec![]);
    assert_eq!(outcome.error, None);

    let requests = answered(&server);
    assert_eq!(requests.len(), 3);
    for (record, request) in outcome.records.iter().zip(&requests) {
        assert_eq!(record.response_ids, vec![request["responseId"].as_str().unwrap().to_string()]);
        assert_eq!(record.returned_model.as_deref(), request["responseModel"].as_str());
        assert!(record.usage.is_some(), "the usage chunk was read");
    }
    assert_eq!(requests[0]["headers"]["authorization"], "Bearer sk-test-key");
    assert_eq!(requests[0]["body"]["stream_options"]["include_usage"], true);
    let texts = events.iter().filter(|e| matches!(e, summarize_to_post::pipeline::RunEvent::StageText { .. })).count();
    assert!(texts > 10, "the text arrived in pieces: {texts}");
}

#[test]
fn whole_body_chain() {
    let server = TestServer::start();
    let (outcome, _) = run(&openai(&server, false), &article(300), vec![]);
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.records[1].output, "Test Server Title: Local Models Rock");
    assert!(answered(&server)[0]["body"].get("stream").is_none());
}

#[test]
fn unauthorized_names_key_setting() {
    let (_, outcome) = fails_with(json!([{"fail": "unauthorized"}]), "stage_unauthorized");
    let error = outcome.error.unwrap();
    assert!(error.endpoint.starts_with("Test (http://127.0.0.1:"));
    assert!(matches!(error.error, ProviderError::Unauthorized { .. }));
}

#[test]
fn mistral_unauthorized_shape() {
    fails_with(json!([{"fail": "unauthorized", "flavor": "mistral"}]), "stage_unauthorized");
}

#[test]
fn forbidden_is_reported() {
    fails_with(json!([{"fail": "forbidden"}]), "stage_forbidden");
}

#[test]
fn unknown_model_names_model() {
    let (_, outcome) = fails_with(json!([{"fail": "model_not_found"}]), "stage_model_not_found");
    assert!(outcome.error.unwrap().to_string().contains("\"test-model\""));
}

#[test]
fn quota_is_not_retried() {
    for flavor in ["openai", "openrouter", "deepseek"] {
        let (server, _) = fails_with(json!([{"fail": "quota", "flavor": flavor}]), "stage_quota_exceeded");
        assert_eq!(server.requests().len(), 1, "{flavor}");
    }
}

#[test]
fn rate_limit_waits_as_told() {
    let server = TestServer::start();
    server.script(json!([{"fail": "rate_limit", "retryAfterMs": 300}]));
    let (outcome, events) = run(&openai(&server, true), &article(300), vec![]);
    assert_eq!(outcome.error, None);
    assert_eq!(waits(&events), vec![300]);
}

#[test]
fn groq_wait_in_words() {
    let server = TestServer::start();
    server.script(json!([{"fail": "rate_limit", "flavor": "groq", "waitInWords": 0.25}]));
    let (outcome, events) = run(&openai(&server, true), &article(300), vec![]);
    assert_eq!(outcome.error, None);
    assert_eq!(waits(&events), vec![250]);
}

#[test]
fn reset_header_is_a_wait() {
    let server = TestServer::start();
    server.script(json!([{"fail": "rate_limit", "resetAfter": 0.2}]));
    let (outcome, events) = run(&openai(&server, true), &article(300), vec![]);
    assert_eq!(outcome.error, None);
    assert_eq!(waits(&events), vec![200]);
}

#[test]
fn long_rate_limit_fails_at_once() {
    let (server, _) = fails_with(json!([{"fail": "rate_limit", "retryAfter": 600}]), "stage_rate_limited");
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn overload_is_retried() {
    for flavor in ["openai", "llama"] {
        let server = TestServer::start();
        server.script(json!([{"fail": "overloaded", "flavor": flavor}, {"fail": "bad_gateway"}]));
        let (outcome, events) = run(&openai(&server, true), &article(300), vec![]);
        assert_eq!(outcome.error, None, "{flavor}");
        assert_eq!(waits(&events).len(), 2, "{flavor}");
    }
}

#[test]
fn persistent_server_error_gives_up() {
    let (server, outcome) = fails_with(
        json!([{"fail": "server_error"}, {"fail": "gateway_timeout"}, {"fail": "bad_gateway"}]),
        "stage_server_error",
    );
    assert_eq!(server.requests().len(), 3);
    let ProviderError::Server { status, detail, .. } = outcome.error.unwrap().error else { panic!() };
    assert_eq!(status, 502);
    assert!(detail.contains("502 Bad Gateway"), "{detail}");
}

#[test]
fn html_with_200_is_invalid() {
    let (_, outcome) = fails_with(json!([{"fail": "non_json"}]), "stage_invalid_response");
    assert!(outcome.error.unwrap().to_string().contains("not a valid OpenAI-compatible Chat Completions response"));
}

#[test]
fn empty_choices_are_reported() {
    let server = TestServer::start();
    server.script(json!([{"fail": "empty"}]));
    let (outcome, _) = run(&openai(&server, false), &article(300), vec![]);
    assert_eq!(error_code(&outcome), "stage_empty");
}

#[test]
fn refusal_shows_reason() {
    for stream in [true, false] {
        let server = TestServer::start();
        server.script(json!([{"fail": "refusal"}]));
        let (outcome, _) = run(&openai(&server, stream), &article(300), vec![]);
        let error = outcome.error.unwrap();
        assert_eq!(
            error.error,
            ProviderError::Refused { reason: "I'm sorry, but I can't help with that request.".into() }
        );
    }
}

#[test]
fn content_filter_is_refusal() {
    fails_with(json!([{"finish": "content_filter"}]), "stage_refused");
}

#[test]
fn stream_error_is_retried() {
    let server = TestServer::start();
    server.script(json!([{"fail": "stream_error", "flavor": "openrouter"}, {"fail": "drop"}]));
    let (outcome, events) = run(&openai(&server, true), &article(300), vec![]);
    assert_eq!(outcome.error, None);
    assert_eq!(waits(&events).len(), 2);
}

#[test]
fn truncated_answer_is_continued() {
    let server = TestServer::start();
    server
        .script(json!([{"text": "# Post\n\n- **Point**: AI-generated cat", "finish": "length"}, {"text": " videos."}]));
    let (outcome, _) = run(&openai(&server, true), &article(300), vec![]);
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.records[0].output, "# Post\n\n- **Point**: AI-generated cat videos.");
    let continued = &server.requests()[1]["body"]["messages"];
    assert_eq!(continued[2]["role"], "assistant");
}

#[test]
fn endless_truncation_is_reported() {
    let cut = json!({"text": "cut", "finish": "length"});
    fails_with(json!([cut, cut, cut]), "stage_truncated");
}

#[test]
fn timeout_is_retried() {
    let server = TestServer::start();
    server.script(json!([{"delayMs": 6500}]));
    let endpoint = json!({"id": "o", "baseUrl": format!("{}/v1", server.url), "model": "m", "timeoutSeconds": 5});
    let (outcome, events) = run(&settings(endpoint, None, json!({})), &article(300), vec![]);
    assert_eq!(outcome.error, None);
    assert!(events.iter().any(
        |e| matches!(e, summarize_to_post::pipeline::RunEvent::StageWaiting { reason, .. } if reason == "timed_out")
    ));
}

#[test]
fn refused_connection_is_unreachable() {
    let endpoint = json!({"id": "o", "baseUrl": "http://127.0.0.1:9/v1", "model": "m"});
    let (outcome, _) = run(&settings(endpoint, None, json!({})), &article(300), vec![]);
    assert_eq!(error_code(&outcome), "stage_unreachable");
}

#[test]
fn wrong_base_url_is_not_found() {
    let server = TestServer::start();
    let endpoint = json!({"id": "o", "baseUrl": format!("{}/wrong", server.url), "model": "m"});
    let (outcome, _) = run(&settings(endpoint, None, json!({})), &article(300), vec![]);
    assert_eq!(error_code(&outcome), "stage_not_found");
}

#[test]
fn retry_resumes_at_failed_stage() {
    let server = TestServer::start();
    server.script(json!([{}, {"fail": "unauthorized"}]));
    let settings = openai(&server, true);
    let (failed, _) = run(&settings, &article(300), vec![]);
    assert_eq!(failed.error.as_ref().unwrap().stage, Some(StageKind::Title));
    assert_eq!(failed.records.len(), 1);

    let (outcome, _) = run(&settings, &article(300), failed.records.clone());
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.records[0], failed.records[0], "the post stage is reused");
    assert_eq!(server.requests().len(), 4, "post, failed title, title, description");
}
