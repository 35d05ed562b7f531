//! Ollama's native API.

use serde_json::json;
use summarize_to_post::error::UserError;
use summarize_to_post::settings::Settings;

use crate::server::{TestServer, answered, article, error_code, run, settings};

fn ollama(server: &TestServer, context: u64) -> Settings {
    settings(
        json!({"id": "l", "name": "Ollama", "kind": "ollama", "baseUrl": server.url, "model": "llama3.2",
            "contextTokens": context}),
        None,
        json!({}),
    )
}

#[test]
fn ndjson_chain_without_ids() {
    let server = TestServer::start();
    let (outcome, _) = run(&ollama(&server, 8192), &article(300), vec![]);
    assert_eq!(outcome.error, None);
    assert!(outcome.records.iter().all(|record| record.response_ids.is_empty()));
    assert_eq!(outcome.records[0].returned_model.as_deref(), Some("llama3.2:latest"));
    let request = &answered(&server)[0];
    assert_eq!(request["body"]["options"]["num_ctx"], 8192);
    assert_eq!(request["body"]["stream"], true);
}

#[test]
fn long_article_is_never_cut_silently() {
    let server = TestServer::start();
    let (outcome, _) = run(&ollama(&server, 4096), &article(6000), vec![]);
    assert_eq!(outcome.error, None);
    assert!(outcome.records[0].parts > 1);
    let truncated = server.requests().into_iter().filter(|request| request["truncatedPrompt"] == true).count();
    assert_eq!(truncated, 0, "Ollama dropped the start of a prompt");
}

#[test]
fn empty_403_names_origins_fix() {
    let server = TestServer::start();
    server.script(json!([{"fail": "ollama_origin"}]));
    let (outcome, _) = run(&ollama(&server, 8192), &article(300), vec![]);
    assert_eq!(error_code(&outcome), "stage_ollama_origin");
    assert_eq!(
        outcome.error.unwrap().hint(),
        "Start Ollama with OLLAMA_ORIGINS=chrome-extension://*,moz-extension://* and restart it."
    );
}

#[test]
fn openai_path_on_ollama_port_gets_origin_fix() {
    let server = TestServer::start();
    server.script(json!([{"fail": "ollama_origin", "flavor": "ollama"}]));
    let endpoint =
        json!({"id": "l", "preset": "ollama-openai", "baseUrl": format!("{}/v1", server.url), "model": "llama3.2"});
    let (outcome, _) = run(&settings(endpoint, None, json!({})), &article(300), vec![]);
    assert_eq!(error_code(&outcome), "stage_ollama_origin");
}

#[test]
fn missing_model_is_named() {
    let server = TestServer::start();
    server.script(json!([{"fail": "model_not_found"}]));
    let (outcome, _) = run(&ollama(&server, 8192), &article(300), vec![]);
    assert_eq!(error_code(&outcome), "stage_model_not_found");
    assert!(outcome.error.unwrap().to_string().contains("try pulling it first"));
}

#[test]
fn error_line_is_retried() {
    let server = TestServer::start();
    server.script(json!([{"fail": "stream_error"}]));
    let (outcome, _) = run(&ollama(&server, 8192), &article(300), vec![]);
    assert_eq!(outcome.error, None);
}
