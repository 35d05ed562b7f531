//! Azure OpenAI and the OpenAI Images API.

use serde_json::json;
use summarize_to_post::render::{PostLabels, render_post};
use summarize_to_post::settings::StageKind;

use crate::server::{TestServer, answered, article, error_code, run, settings};

#[test]
fn azure_chain_uses_deployment() {
    let server = TestServer::start();
    let endpoint = json!({"id": "z", "name": "Azure", "kind": "azure",
        "baseUrl": format!("{}/openai/deployments/gpt4o", server.url)});
    let (outcome, _) = run(&settings(endpoint, Some("azure-key"), json!({})), &article(300), vec![]);
    assert_eq!(outcome.error, None);
    let request = &answered(&server)[0];
    assert_eq!(request["path"], "/openai/deployments/gpt4o/chat/completions");
    assert_eq!(request["query"]["api-version"], "2024-10-21");
    assert_eq!(request["headers"]["api-key"], "azure-key");
    assert!(request["headers"].get("authorization").is_none());
}

#[test]
fn azure_without_key_is_unauthorized() {
    let server = TestServer::start();
    let endpoint = json!({"id": "z", "kind": "azure", "baseUrl": format!("{}/openai/deployments/gpt4o", server.url)});
    let (outcome, _) = run(&settings(endpoint, None, json!({})), &article(300), vec![]);
    assert_eq!(error_code(&outcome), "stage_unauthorized");
}

fn image_run(
    model: &str,
    options: serde_json::Value,
) -> (TestServer, summarize_to_post::pipeline::ChainOutcome, summarize_to_post::settings::Settings) {
    let server = TestServer::start();
    let mut stage = json!({"enabled": true, "model": model});
    stage.as_object_mut().unwrap().extend(options.as_object().unwrap().clone());
    let settings = settings(
        json!({"id": "o", "baseUrl": format!("{}/v1", server.url), "model": "test-model"}),
        Some("sk-test"),
        json!({"image": stage}),
    );
    let (outcome, _) = run(&settings, &article(300), vec![]);
    (server, outcome, settings)
}

#[test]
fn dalle3_image_lands_in_post() {
    let (server, outcome, settings) = image_run("dall-e-3", json!({"quality": "hd", "style": "natural"}));
    assert_eq!(outcome.error, None);
    let image = outcome.records[3].image.as_ref().unwrap();
    assert!(image.revised_prompt.as_deref().unwrap().starts_with("A detailed rendering"));
    assert!(image.created.is_some());

    let sent = &server.requests().into_iter().find(|r| r["path"] == "/v1/images/generations").unwrap()["body"];
    assert_eq!(sent["response_format"], "b64_json");
    assert_eq!(sent["quality"], "hd");
    assert_eq!(sent["prompt"].as_str().unwrap(), outcome.records[2].output);

    let post = render_post(&article(300), &outcome.records, &settings, &PostLabels::default());
    assert!(post.html.contains("<img src=\"data:image/png;base64,"));
    assert!(post.markdown.contains("Revised prompt: A detailed rendering"));
    assert!(post.markdown.contains("(the Images API returns none); created "));
}

#[test]
fn gpt_image_sends_no_response_format() {
    let (server, outcome, _) = image_run("gpt-image-1", json!({"quality": "low", "outputFormat": "png"}));
    assert_eq!(outcome.error, None, "the server rejects response_format for gpt-image models");
    assert_eq!(outcome.records[3].usage.unwrap().output_tokens, 4160);
    let sent = &server.requests().into_iter().find(|r| r["path"] == "/v1/images/generations").unwrap()["body"];
    assert!(sent.get("response_format").is_none());
}

#[test]
fn image_safety_keeps_text_stages() {
    let server = TestServer::start();
    server.script(json!([{"match": "/images/", "fail": "safety"}]));
    let settings = settings(
        json!({"id": "o", "baseUrl": format!("{}/v1", server.url), "model": "test-model"}),
        None,
        json!({"image": {"enabled": true, "model": "dall-e-3"}}),
    );
    let (outcome, _) = run(&settings, &article(300), vec![]);
    let error = outcome.error.unwrap();
    assert_eq!(error.stage, Some(StageKind::Image));
    assert!(error.to_string().contains("rejected as a result of our safety system"));
    assert_eq!(outcome.records.len(), 3);
}
