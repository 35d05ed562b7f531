use super::*;
use crate::provider::sse::SseParser;
use crate::test_support::endpoint_from;

fn endpoint(base_url: &str, key: Option<&str>) -> Endpoint {
    endpoint_from(json!({"id": "e", "baseUrl": base_url, "model": "m"}), key)
}

fn build(endpoint: &Endpoint, chat: &ChatRequest<'_>) -> HttpRequest {
    build_request(endpoint, endpoint.base_url.as_ref().unwrap(), chat)
}

fn chat(stream: bool) -> ChatRequest<'static> {
    ChatRequest {
        model: "gpt-4o-mini",
        instruction: "Be brief.",
        input: "Hello",
        max_tokens: 50,
        stream,
        continue_from: None,
    }
}

#[test]
fn request_for_openai_uses_completion_tokens() {
    let request = build(&endpoint("https://api.openai.com/v1", Some("sk-1")), &chat(false));
    assert_eq!(request.url, "https://api.openai.com/v1/chat/completions");
    let body: Value = serde_json::from_str(&request.body).unwrap();
    assert_eq!(body["max_completion_tokens"], 50);
    assert!(body.get("max_tokens").is_none());
    assert_eq!(body["messages"][0], json!({"role": "system", "content": "Be brief."}));
    assert_eq!(body["messages"][1], json!({"role": "user", "content": "Hello"}));
    assert!(body.get("stream").is_none());
    let auth = request.headers.iter().find(|(name, _)| name == "authorization").unwrap();
    assert_eq!(auth.1.expose(), "Bearer sk-1");
    assert!(!format!("{request:?}").contains("sk-1"));
}

#[test]
fn request_for_compatible_server_uses_max_tokens() {
    let request = build(&endpoint("http://127.0.0.1:8080/v1", None), &chat(true));
    let body: Value = serde_json::from_str(&request.body).unwrap();
    assert_eq!(body["max_tokens"], 50);
    assert_eq!(body["stream"], true);
    assert_eq!(body["stream_options"]["include_usage"], true);
    assert!(request.headers.iter().all(|(name, _)| name != "authorization"));
}

#[test]
fn parses_openai_response() {
    let body = br#"{"id":"chatcmpl-AOCxdvJSd0MYPAlQ8ebJTy0Q5Pept","object":"chat.completion","created":1730000000,
        "model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant","content":"Hi!","refusal":null},
        "logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}"#;
    let completion = parse_response(body).unwrap();
    assert_eq!(completion.id.as_deref(), Some("chatcmpl-AOCxdvJSd0MYPAlQ8ebJTy0Q5Pept"));
    assert_eq!(completion.model.as_deref(), Some("gpt-4o-mini-2024-07-18"));
    assert_eq!(completion.text, "Hi!");
    assert_eq!(completion.finish, Finish::Stop);
    assert_eq!(completion.usage, Some(Usage { input_tokens: 9, output_tokens: 2 }));
}

#[test]
fn parses_truncated_response() {
    let body = br#"{"id":"chatcmpl-1","model":"m","choices":[{"message":{"content":"AI-generated cat videos"},"finish_reason":"length"}]}"#;
    assert_eq!(parse_response(body).unwrap().finish, Finish::Length);
}

#[test]
fn refusal_is_an_error() {
    let body = br#"{"id":"chatcmpl-1","model":"m","choices":[{"message":{"content":null,"refusal":"I can't help with that."},"finish_reason":"stop"}]}"#;
    assert_eq!(parse_response(body), Err(ProviderError::Refused { reason: "I can't help with that.".into() }));
}

#[test]
fn empty_choices_is_empty() {
    assert_eq!(parse_response(br#"{"id":"x","choices":[]}"#), Err(ProviderError::Empty));
}

#[test]
fn non_json_body_is_invalid() {
    let error = parse_response(b"<html>Bad gateway</html>").unwrap_err();
    let ProviderError::InvalidResponse { detail } = error else { panic!("{error:?}") };
    assert!(detail.contains("<html>Bad gateway</html>"), "{detail}");
}

#[test]
fn response_without_id_keeps_none() {
    let body = br#"{"model":"m","choices":[{"message":{"content":"x"},"finish_reason":"stop"}]}"#;
    assert_eq!(parse_response(body).unwrap().id, None);
}

fn run_stream(raw: &str) -> (Vec<String>, Result<Completion, ProviderError>) {
    let mut parser = SseParser::new();
    let mut accumulator: Box<dyn StreamDecoder> = Box::new(StreamAccumulator::new());
    let mut deltas = Vec::new();
    let mut events = parser.feed(raw.as_bytes()).unwrap();
    events.extend(parser.finish());
    for event in events {
        match accumulator.push(event.event.as_deref(), &event.data) {
            Ok(Some(delta)) => deltas.push(delta),
            Ok(None) => {}
            Err(error) => return (deltas, Err(error)),
        }
    }
    (deltas, accumulator.finish())
}

#[test]
fn stream_with_usage_chunk() {
    let raw = concat!(
        ": OPENROUTER PROCESSING\n\n",
        "data: {\"id\":\"chatcmpl-9\",\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n",
        "data: {\"id\":\"chatcmpl-9\",\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n",
        "data: {\"id\":\"chatcmpl-9\",\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"stop\"}]}\n\n",
        "data: {\"id\":\"chatcmpl-9\",\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}\n\n",
        "data: [DONE]\n\n",
    );
    let (deltas, completion) = run_stream(raw);
    assert_eq!(deltas, vec!["Hel", "lo"]);
    let completion = completion.unwrap();
    assert_eq!(completion.text, "Hello");
    assert_eq!(completion.id.as_deref(), Some("chatcmpl-9"));
    assert_eq!(completion.finish, Finish::Stop);
    assert_eq!(completion.usage, Some(Usage { input_tokens: 5, output_tokens: 2 }));
}

#[test]
fn stream_error_after_200() {
    let raw = concat!(
        "data: {\"id\":\"gen-1\",\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n",
        "data: {\"error\":{\"code\":502,\"message\":\"Provider returned error\"}}\n\n",
    );
    let (deltas, completion) = run_stream(raw);
    assert_eq!(deltas, vec!["Hi"]);
    assert_eq!(completion, Err(ProviderError::StreamFailed { detail: "Provider returned error".into() }));
}

#[test]
fn stream_cut_off_is_an_error() {
    let raw = "data: {\"id\":\"c\",\"choices\":[{\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n";
    let (_, completion) = run_stream(raw);
    assert!(matches!(completion, Err(ProviderError::StreamFailed { .. })));
}

#[test]
fn stream_truncated_by_length() {
    let raw = concat!(
        "data: {\"id\":\"c\",\"choices\":[{\"delta\":{\"content\":\"AI-generated cat videos\"},\"finish_reason\":\"length\"}]}\n\n",
        "data: [DONE]\n\n",
    );
    assert_eq!(run_stream(raw).1.unwrap().finish, Finish::Length);
}

#[test]
fn stream_refusal_is_an_error() {
    let raw = concat!(
        "data: {\"id\":\"c\",\"choices\":[{\"delta\":{\"refusal\":\"I can't\"},\"finish_reason\":null}]}\n\n",
        "data: {\"id\":\"c\",\"choices\":[{\"delta\":{\"refusal\":\" help.\"},\"finish_reason\":\"stop\"}]}\n\n",
        "data: [DONE]\n\n",
    );
    assert_eq!(run_stream(raw).1, Err(ProviderError::Refused { reason: "I can't help.".into() }));
}

#[test]
fn stream_of_nothing_is_invalid() {
    assert!(matches!(run_stream("data: [DONE]\n\n").1, Err(ProviderError::InvalidResponse { .. })));
}

#[test]
fn continuation_adds_partial_answer() {
    let mut request = chat(false);
    request.continue_from = Some("Half an ans");
    let request = build(&endpoint("http://localhost:8080/v1", None), &request);
    let body: Value = serde_json::from_str(&request.body).unwrap();
    let messages = body["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 4);
    assert_eq!(messages[2], json!({"role": "assistant", "content": "Half an ans"}));
    assert_eq!(messages[3]["role"], "user");
}

#[test]
fn azure_uses_deployment_url_and_api_key() {
    let endpoint = endpoint_from(
        json!({"id": "az", "kind": "azure", "baseUrl": "https://res.openai.azure.com/openai/deployments/gpt4o/chat/completions"}),
        Some("azure-key-1"),
    );
    assert_eq!(endpoint.model, "gpt4o", "the deployment names the model");
    let request = build(&endpoint, &chat(true));
    assert_eq!(
        request.url,
        "https://res.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21"
    );
    let names: Vec<&str> = request.headers.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, vec!["content-type", "api-key"]);
    assert_eq!(request.headers[1].1.expose(), "azure-key-1");
    let body: Value = serde_json::from_str(&request.body).unwrap();
    assert_eq!(body["max_completion_tokens"], 50);
}

#[test]
fn azure_output_filter_names_categories() {
    let body = br#"{"id":"chatcmpl-a","model":"gpt-4o","choices":[{"index":0,"finish_reason":"content_filter",
        "message":{"role":"assistant","content":null},"content_filter_results":{"hate":{"filtered":false,"severity":"safe"},
        "violence":{"filtered":true,"severity":"high"}}}]}"#;
    assert_eq!(parse_response(body).unwrap().finish, Finish::ContentFilter(Some("violence".into())));
}

#[test]
fn azure_prompt_filter_chunk_is_skipped() {
    let raw = concat!(
        "data: {\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"prompt_filter_results\":[{\"prompt_index\":0}]}\n\n",
        "data: {\"id\":\"chatcmpl-b\",\"model\":\"gpt-4o\",\"choices\":[{\"delta\":{\"content\":\"Hi\"},\"finish_reason\":\"stop\"}]}\n\n",
        "data: [DONE]\n\n",
    );
    let completion = run_stream(raw).1.unwrap();
    assert_eq!(completion.text, "Hi");
    assert_eq!(completion.id.as_deref(), Some("chatcmpl-b"));
}

#[test]
fn error_body_with_200_is_classified() {
    let body = br#"{"error":{"message":"You exceeded your current quota","code":"insufficient_quota"}}"#;
    assert!(matches!(parse_response(body), Err(ProviderError::QuotaExceeded { .. })));
}

#[test]
fn mistral_gets_no_stream_options() {
    let endpoint = endpoint_from(
        json!({"id": "m", "preset": "mistral", "baseUrl": "https://api.mistral.ai/v1", "model": "mistral-small-latest"}),
        Some("k"),
    );
    let body: Value = serde_json::from_str(&build(&endpoint, &chat(true)).body).unwrap();
    assert_eq!(body["stream"], true);
    assert!(body.get("stream_options").is_none());
}

#[test]
fn old_azure_version_uses_max_tokens() {
    let endpoint = endpoint_from(
        json!({"id": "az", "kind": "azure", "baseUrl": "https://res.openai.azure.com/openai/deployments/gpt35",
            "apiVersion": "2024-02-01"}),
        Some("k"),
    );
    let body: Value = serde_json::from_str(&build(&endpoint, &chat(false)).body).unwrap();
    assert_eq!(body["max_tokens"], 50);
    assert!(body.get("max_completion_tokens").is_none());
}
