//! The options page's connection test and model lists.

use serde_json::json;
use summarize_to_post::error::UserError;
use summarize_to_post::pipeline::probe::{list_models, test_connection};
use summarize_to_post::settings::Endpoint;
use summarize_to_post::transport::native::{NativeTransport, block_on};

use crate::server::{TestServer, settings};

fn endpoint(raw: serde_json::Value, key: Option<&str>) -> Endpoint {
    settings(raw, key, json!({})).endpoints.remove(0)
}

#[test]
fn connection_test_per_kind() {
    let server = TestServer::start();
    let url = &server.url;
    let endpoints = [
        endpoint(json!({"id": "o", "baseUrl": format!("{url}/v1"), "model": "test-model"}), None),
        endpoint(json!({"id": "z", "kind": "azure", "baseUrl": format!("{url}/openai/deployments/d")}), Some("k")),
        endpoint(json!({"id": "a", "kind": "anthropic", "baseUrl": url, "model": "claude"}), Some("k")),
        endpoint(json!({"id": "g", "kind": "gemini", "baseUrl": url, "model": "gemini-2.0-flash"}), Some("k")),
        endpoint(json!({"id": "l", "kind": "ollama", "baseUrl": url, "model": "llama3.2"}), None),
    ];
    for endpoint in &endpoints {
        let report = block_on(test_connection(&NativeTransport::new(), endpoint)).unwrap();
        assert_eq!(report.text, "OK", "{}", endpoint.id);
    }
    let bodies: Vec<u64> = server.requests().iter().map(|r| r["chat"]["maxTokens"].as_u64().unwrap_or(0)).collect();
    assert!(bodies.iter().all(|tokens| *tokens == 32), "{bodies:?}");
}

#[test]
fn connection_test_reports_failure() {
    let server = TestServer::start();
    server.script(json!([{"fail": "unauthorized"}]));
    let endpoint =
        endpoint(json!({"id": "o", "name": "Mine", "baseUrl": format!("{}/v1", server.url), "model": "m"}), None);
    let error = block_on(test_connection(&NativeTransport::new(), &endpoint)).unwrap_err();
    assert_eq!(error.code(), "stage_unauthorized");
    assert!(error.to_string().starts_with("Mine (http://127.0.0.1:"), "{error}");
}

#[test]
fn model_lists_per_kind() {
    let server = TestServer::start();
    let url = &server.url;
    let cases = [
        (json!({"id": "o", "baseUrl": format!("{url}/v1"), "model": "m"}), "test-model"),
        (json!({"id": "a", "kind": "anthropic", "baseUrl": url, "model": "m"}), "test-model"),
        (json!({"id": "g", "kind": "gemini", "baseUrl": url, "model": "m"}), "test-model"),
        (json!({"id": "l", "kind": "ollama", "baseUrl": url, "model": "m"}), "test-model:latest"),
    ];
    for (raw, expected) in cases {
        let endpoint = endpoint(raw, Some("k"));
        let models = block_on(list_models(&NativeTransport::new(), &endpoint)).unwrap();
        assert!(models.contains(&expected.to_string()), "{}: {models:?}", endpoint.id);
        assert!(!models.iter().any(|model| model.contains("embedding")), "{models:?}");
    }
}
