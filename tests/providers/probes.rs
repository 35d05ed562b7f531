//! The options page's connection test and model lists.

use serde_json::json;
use summarize_to_post::error::UserError;
use summarize_to_post::pipeline::probe::{ConnectionCheck, list_models, test_connection};
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

#[test]
fn image_model_test_looks_up_model() {
    let server = TestServer::start();
    let endpoint =
        endpoint(json!({"id": "i", "baseUrl": format!("{}/v1", server.url), "model": "dall-e-3"}), Some("k"));

    let report = block_on(test_connection(&NativeTransport::new(), &endpoint)).unwrap();

    assert_eq!(report.check, ConnectionCheck::ModelLookup);
    assert_eq!(report.model.as_deref(), Some("dall-e-3"));
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(requests[0]["method"], "GET");
    assert_eq!(requests[0]["path"], "/v1/models/dall-e-3");
    assert_eq!(requests[0]["headers"]["authorization"], "Bearer k");
}

#[test]
fn unknown_image_model_is_named() {
    let server = TestServer::start();
    let endpoint = endpoint(
        json!({"id": "i", "name": "Images", "baseUrl": format!("{}/v1", server.url), "model": "gpt-image-9"}),
        None,
    );

    let error = block_on(test_connection(&NativeTransport::new(), &endpoint)).unwrap_err();

    assert_eq!(error.code(), "stage_model_not_found");
    assert!(error.to_string().contains("gpt-image-9"), "{error}");
}

#[test]
fn image_lookup_reports_bad_key() {
    let server = TestServer::start();
    server.script(json!([{"fail": "unauthorized"}]));
    let endpoint =
        endpoint(json!({"id": "i", "baseUrl": format!("{}/v1", server.url), "model": "dall-e-3"}), Some("k"));

    let error = block_on(test_connection(&NativeTransport::new(), &endpoint)).unwrap_err();

    assert_eq!(error.code(), "stage_unauthorized");
}

#[test]
fn azure_image_test_sends_nothing() {
    let server = TestServer::start();
    let endpoint = endpoint(
        json!({"id": "z", "kind": "azure", "baseUrl": format!("{}/openai/deployments/art", server.url), "model": "dall-e-3"}),
        Some("k"),
    );

    let report = block_on(test_connection(&NativeTransport::new(), &endpoint)).unwrap();

    assert_eq!(report.check, ConnectionCheck::NotSent);
    assert!(server.requests().is_empty());
}
