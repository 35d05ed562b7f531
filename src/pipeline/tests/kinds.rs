use serde_json::json;

use super::*;
use crate::error::UserError;
use crate::provider::Usage;

fn kind_settings(endpoint: Value) -> Settings {
    settings_with_keys(json!({"endpoints": [endpoint]}), &[("k", "secret-key-1")])
}

fn anthropic_sse(id: &str, text: &str, stop: &str) -> Canned {
    let start = json!({"type": "message_start", "message": {"id": id, "model": "claude-3-5-haiku-20241022",
        "usage": {"input_tokens": 40}}});
    let delta = json!({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": text}});
    let end = json!({"type": "message_delta", "delta": {"stop_reason": stop}, "usage": {"output_tokens": 7}});
    Canned::sse(&[
        &format!("event: message_start\ndata: {start}\n\n"),
        "event: ping\ndata: {\"type\": \"ping\"}\n\n",
        &format!("event: content_block_delta\ndata: {delta}\n\n"),
        &format!("event: message_delta\ndata: {end}\n\nevent: message_stop\ndata: {{\"type\":\"message_stop\"}}\n\n"),
    ])
}

#[test]
fn anthropic_chain_streams() {
    let settings = kind_settings(json!({"id": "k", "name": "Claude", "kind": "anthropic",
        "baseUrl": "https://api.anthropic.com/v1", "model": "claude-3-5-haiku-latest"}));
    let transport = ScriptedTransport::new(vec![
        anthropic_sse("msg_1", "# Post\n\nBody", "end_turn"),
        anthropic_sse("msg_2", "A Title", "end_turn"),
        anthropic_sse("msg_3", "A picture.", "end_turn"),
    ]);
    let (outcome, events) = run(&transport, &settings, vec![]);
    assert_eq!(outcome.error, None);
    let post = &outcome.records[0];
    assert_eq!(post.response_ids, vec!["msg_1"]);
    assert_eq!(post.returned_model.as_deref(), Some("claude-3-5-haiku-20241022"));
    assert_eq!(post.usage, Some(Usage { input_tokens: 40, output_tokens: 7 }));
    assert!(events.contains(&RunEvent::StageText { stage: StageKind::Post, text: "# Post\n\nBody".into() }));

    let request = &transport.requests.borrow()[0];
    assert_eq!(request.url, "https://api.anthropic.com/v1/messages");
    assert!(
        request
            .headers
            .iter()
            .any(|(name, value)| name == "anthropic-dangerous-direct-browser-access" && value.expose() == "true")
    );
}

#[test]
fn anthropic_overload_backs_off() {
    let settings = kind_settings(json!({"id": "k", "kind": "anthropic", "baseUrl": "https://api.anthropic.com",
        "model": "claude"}));
    let overloaded = r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#;
    let transport = ScriptedTransport::new(vec![
        Canned::json(529, overloaded),
        anthropic_sse("msg_1", "Body", "end_turn"),
        anthropic_sse("msg_2", "Title", "end_turn"),
        anthropic_sse("msg_3", "Picture", "end_turn"),
    ]);
    let (outcome, events) = run(&transport, &settings, vec![]);
    assert_eq!(outcome.error, None);
    let sleeps = transport.sleeps.borrow();
    assert_eq!(sleeps.len(), 1);
    assert!((1000..2000).contains(&sleeps[0]), "{}", sleeps[0]);
    assert!(events.iter().any(|e| matches!(e, RunEvent::StageWaiting { reason, .. } if reason == "server_error")));
}

#[test]
fn anthropic_browser_ban_is_named() {
    let settings = kind_settings(json!({"id": "k", "kind": "anthropic", "baseUrl": "https://api.anthropic.com",
        "model": "claude"}));
    let body = r#"{"type":"error","error":{"type":"authentication_error","message":"CORS requests are not allowed for this Organization because of the CORS policy."}}"#;
    let transport = ScriptedTransport::new(vec![Canned::json(401, body)]);
    let (outcome, _) = run(&transport, &settings, vec![]);
    assert!(matches!(outcome.error.unwrap().error, ProviderError::BrowserAccessForbidden { .. }));
}

#[test]
fn gemini_rate_limit_waits_retry_delay() {
    let settings = kind_settings(json!({"id": "k", "kind": "gemini",
        "baseUrl": "https://generativelanguage.googleapis.com/v1beta", "model": "gemini-2.0-flash"}));
    let limited = json!({"error": {"code": 429, "message": "Resource has been exhausted", "status": "RESOURCE_EXHAUSTED",
        "details": [{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "27s"}]}});
    let answer = |text: &str| {
        Canned::json(
            200,
            &json!({"candidates": [{"content": {"parts": [{"text": text}]}, "finishReason": "STOP"}],
            "modelVersion": "gemini-2.0-flash-001", "responseId": "r1"})
            .to_string(),
        )
    };
    let transport =
        ScriptedTransport::new(vec![Canned::json(429, &limited.to_string()), answer("Body"), answer("T"), answer("P")]);
    let (outcome, _) = run(&transport, &settings, vec![]);
    assert_eq!(outcome.error, None);
    assert_eq!(*transport.sleeps.borrow(), vec![27_000]);
    assert_eq!(outcome.records[0].response_ids, vec!["r1"]);
}

#[test]
fn gemini_safety_stop_names_reason() {
    let settings = kind_settings(json!({"id": "k", "kind": "gemini",
        "baseUrl": "https://generativelanguage.googleapis.com/v1beta", "model": "gemini-2.0-flash"}));
    let blocked = json!({"candidates": [{"content": {"parts": [{"text": ""}]}, "finishReason": "SAFETY"}]});
    let transport = ScriptedTransport::new(vec![Canned::json(200, &blocked.to_string())]);
    let (outcome, _) = run(&transport, &settings, vec![]);
    assert_eq!(
        outcome.error.unwrap().error,
        ProviderError::Refused { reason: "the provider's content filter stopped the answer (SAFETY)".into() }
    );
}

#[test]
fn ollama_ndjson_stage() {
    let settings = kind_settings(json!({"id": "k", "kind": "ollama", "baseUrl": "http://localhost:11434",
        "model": "llama3.2"}));
    let ndjson = |text: &str| {
        Canned::Response {
        status: 200,
        headers: vec![("content-type".into(), "application/x-ndjson".into())],
        chunks: vec![
            format!("{{\"model\":\"llama3.2\",\"message\":{{\"role\":\"assistant\",\"content\":\"{text}\"}},\"done\":false}}\n{{\"model\":\"llama3.2\",")
                .into_bytes(),
            b"\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":9,\"eval_count\":2}\n".to_vec(),
        ],
    }
    };
    let transport = ScriptedTransport::new(vec![ndjson("Body"), ndjson("Title"), ndjson("Picture")]);
    let (outcome, _) = run(&transport, &settings, vec![]);
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.records[1].output, "Title");
    assert!(outcome.records[0].response_ids.is_empty(), "Ollama sends no id");
    assert_eq!(sent_body(&transport, 0)["options"]["num_ctx"], 8192);
}

#[test]
fn ollama_empty_403_names_fix() {
    let settings = kind_settings(json!({"id": "k", "kind": "ollama", "baseUrl": "http://localhost:11434",
        "model": "llama3.2"}));
    let transport = ScriptedTransport::new(vec![Canned::Response { status: 403, headers: vec![], chunks: vec![] }]);
    let (outcome, _) = run(&transport, &settings, vec![]);
    let error = outcome.error.unwrap();
    assert_eq!(error.error, ProviderError::OllamaOrigin);
    assert_eq!(
        error.report().hint,
        "Start Ollama with OLLAMA_ORIGINS=chrome-extension://*,moz-extension://* and restart it."
    );
}

#[test]
fn builtin_model_streams_pieces() {
    let settings = kind_settings(json!({"id": "k", "name": "Chrome", "kind": "builtin"}));
    let transport = ScriptedTransport::new(vec![
        Canned::pieces(&["# Post", "\n\nBody"]),
        Canned::pieces(&["Title"]),
        Canned::pieces(&["Picture"]),
    ]);
    let (outcome, events) = run(&transport, &settings, vec![]);
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.records[0].output, "# Post\n\nBody");
    assert_eq!(outcome.records[0].returned_model, None);
    assert!(transport.requests.borrow().is_empty(), "no HTTP request");
    let prompts = transport.prompts.borrow();
    assert!(prompts[0].system.starts_with("You are a witty tech blogger."));
    assert!(prompts[0].input.contains("<article>"));
    assert_eq!(prompts[1].input, "# Post\n\nBody");
    let texts = events.iter().filter(|e| matches!(e, RunEvent::StageText { stage: StageKind::Post, .. })).count();
    assert_eq!(texts, 2);
}

#[test]
fn builtin_unavailable_is_named() {
    let settings = kind_settings(json!({"id": "k", "kind": "builtin"}));
    let transport = ScriptedTransport::new(vec![Canned::Failure(TransportError::Rejected {
        name: "NotSupportedError".into(),
        detail: "The device is not eligible.".into(),
    })]);
    let (outcome, _) = run(&transport, &settings, vec![]);
    assert_eq!(outcome.error.unwrap().report().code, "stage_builtin_unavailable");
}

#[test]
fn azure_filter_stops_with_categories() {
    let settings = kind_settings(json!({"id": "k", "kind": "azure",
        "baseUrl": "https://r.openai.azure.com/openai/deployments/gpt4o"}));
    let filtered = json!({"id": "chatcmpl-1", "model": "gpt-4o", "choices": [{"finish_reason": "content_filter",
        "message": {"content": null}, "content_filter_results": {"violence": {"filtered": true}}}]});
    let transport = ScriptedTransport::new(vec![Canned::json(200, &filtered.to_string())]);
    let (outcome, _) = run(&transport, &settings, vec![]);
    let error = outcome.error.unwrap();
    assert_eq!(
        error.error,
        ProviderError::Refused { reason: "the provider's content filter stopped the answer (violence)".into() }
    );
    assert!(transport.requests.borrow()[0].url.ends_with("?api-version=2024-10-21"));
}
