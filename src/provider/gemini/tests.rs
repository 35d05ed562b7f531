use super::*;
use crate::provider::sse::SseParser;
use crate::test_support::endpoint_from;

fn endpoint() -> Endpoint {
    endpoint_from(
        json!({"id": "g", "kind": "gemini", "baseUrl": "https://generativelanguage.googleapis.com", "model": "gemini-2.0-flash"}),
        Some("AIza-test"),
    )
}

fn chat(stream: bool) -> ChatRequest<'static> {
    ChatRequest {
        model: "gemini-2.0-flash",
        instruction: "Be brief.",
        input: "Hello",
        max_tokens: 50,
        stream,
        continue_from: None,
    }
}

fn run_stream(raw: &str) -> (Vec<String>, Result<Completion, ProviderError>) {
    let mut parser = SseParser::new();
    let mut decoder: Box<dyn StreamDecoder> = Box::new(StreamAccumulator::new());
    let mut texts = Vec::new();
    let mut events = parser.feed(raw.as_bytes()).unwrap();
    events.extend(parser.finish());
    for event in events {
        match decoder.push(event.event.as_deref(), &event.data) {
            Ok(Some(text)) => texts.push(text),
            Ok(None) => {}
            Err(error) => return (texts, Err(error)),
        }
    }
    (texts, decoder.finish())
}

#[test]
fn request_shapes() {
    let endpoint = endpoint();
    let base = endpoint.base_url.as_ref().unwrap();
    let whole = build_request(&endpoint, base, &chat(false));
    assert_eq!(whole.url, "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent");
    let streamed = build_request(&endpoint, base, &chat(true));
    assert_eq!(
        streamed.url,
        "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse"
    );
    let key = streamed.headers.iter().find(|(name, _)| name == "x-goog-api-key").unwrap();
    assert_eq!(key.1.expose(), "AIza-test");
    assert!(!streamed.url.contains("AIza"), "the key never goes in the URL");

    let body: Value = serde_json::from_str(&whole.body).unwrap();
    assert_eq!(body["systemInstruction"], json!({"parts": [{"text": "Be brief."}]}));
    assert_eq!(body["contents"], json!([{"role": "user", "parts": [{"text": "Hello"}]}]));
    assert_eq!(body["generationConfig"]["maxOutputTokens"], 50);
}

#[test]
fn continuation_uses_model_role() {
    let endpoint = endpoint();
    let mut request = chat(false);
    request.continue_from = Some("Half");
    let body: Value =
        serde_json::from_str(&build_request(&endpoint, endpoint.base_url.as_ref().unwrap(), &request).body).unwrap();
    assert_eq!(body["contents"][1], json!({"role": "model", "parts": [{"text": "Half"}]}));
}

#[test]
fn model_prefix_is_accepted() {
    assert_eq!(model_path("models/gemini-2.0-flash"), "/models/gemini-2.0-flash");
}

#[test]
fn parses_response() {
    let body = br#"{"candidates":[{"content":{"parts":[{"text":"Hi "},{"text":"there"}],"role":"model"},
        "finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":8,"candidatesTokenCount":3,
        "totalTokenCount":11},"modelVersion":"gemini-2.0-flash-001","responseId":"mTBiaOrLBuOJ1dkP-p-P4A0"}"#;
    let completion = parse_response(body).unwrap();
    assert_eq!(completion.text, "Hi there");
    assert_eq!(completion.id.as_deref(), Some("mTBiaOrLBuOJ1dkP-p-P4A0"));
    assert_eq!(completion.model.as_deref(), Some("gemini-2.0-flash-001"));
    assert_eq!(completion.finish, Finish::Stop);
    assert_eq!(completion.usage, Some(Usage { input_tokens: 8, output_tokens: 3 }));
}

#[test]
fn thought_parts_are_left_out() {
    let body = br#"{"candidates":[{"content":{"parts":[{"text":"Let me think","thought":true},{"text":"Answer"}]},
        "finishReason":"STOP"}]}"#;
    assert_eq!(parse_response(body).unwrap().text, "Answer");
}

#[test]
fn max_tokens_is_length() {
    let body = br#"{"candidates":[{"content":{"parts":[{"text":"cut"}]},"finishReason":"MAX_TOKENS"}]}"#;
    assert_eq!(parse_response(body).unwrap().finish, Finish::Length);
}

#[test]
fn safety_stop_names_reason() {
    let body = br#"{"candidates":[{"content":{"parts":[{"text":""}]},"finishReason":"SAFETY",
        "safetyRatings":[{"category":"HARM_CATEGORY_DANGEROUS_CONTENT","probability":"HIGH"}]}]}"#;
    assert_eq!(parse_response(body).unwrap().finish, Finish::ContentFilter(Some("SAFETY".into())));
}

#[test]
fn blocked_prompt_is_refusal() {
    let body =
        br#"{"promptFeedback":{"blockReason":"SAFETY","safetyRatings":[]},"usageMetadata":{"promptTokenCount":9}}"#;
    assert_eq!(
        parse_response(body),
        Err(ProviderError::Refused { reason: "Gemini blocked the prompt (SAFETY)".into() })
    );
}

#[test]
fn empty_candidates_are_empty_text() {
    let completion = parse_response(br#"{"candidates":[]}"#).unwrap();
    assert_eq!(completion.text, "");
}

#[test]
fn stream_collects_chunks() {
    let raw = concat!(
        "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Hel\"}],\"role\": \"model\"},\"index\": 0}],",
        "\"usageMetadata\": {\"promptTokenCount\": 8,\"totalTokenCount\": 8},\"modelVersion\": \"gemini-2.0-flash-001\",",
        "\"responseId\": \"abc\"}\r\n\r\n",
        "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"lo\"}],\"role\": \"model\"},\"finishReason\": \"STOP\",",
        "\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 8,\"candidatesTokenCount\": 2,\"totalTokenCount\": 10},",
        "\"modelVersion\": \"gemini-2.0-flash-001\",\"responseId\": \"abc\"}\r\n\r\n",
    );
    let (texts, completion) = run_stream(raw);
    assert_eq!(texts, vec!["Hel", "lo"]);
    let completion = completion.unwrap();
    assert_eq!(completion.text, "Hello");
    assert_eq!(completion.usage, Some(Usage { input_tokens: 8, output_tokens: 2 }));
    assert_eq!(completion.id.as_deref(), Some("abc"));
}

#[test]
fn stream_cut_off_is_broken() {
    let raw = "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Hel\"}]}}]}\n\n";
    assert!(matches!(run_stream(raw).1, Err(ProviderError::StreamFailed { .. })));
}

#[test]
fn stream_error_after_200() {
    let raw = concat!(
        "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Hel\"}]}}]}\n\n",
        "data: {\"error\": {\"code\": 503, \"message\": \"The model is overloaded.\", \"status\": \"UNAVAILABLE\"}}\n\n",
    );
    assert_eq!(run_stream(raw).1, Err(ProviderError::StreamFailed { detail: "The model is overloaded.".into() }));
}
