use super::*;
use crate::provider::sse::SseParser;
use crate::test_support::endpoint_from;

fn endpoint() -> Endpoint {
    endpoint_from(
        json!({"id": "a", "kind": "anthropic", "baseUrl": "https://api.anthropic.com", "model": "claude-3-5-haiku-latest"}),
        Some("sk-ant-1"),
    )
}

fn chat(stream: bool) -> ChatRequest<'static> {
    ChatRequest {
        model: "claude-3-5-haiku-latest",
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
fn request_has_browser_access_header() {
    let endpoint = endpoint();
    let request = build_request(&endpoint, endpoint.base_url.as_ref().unwrap(), &chat(true));
    assert_eq!(request.url, "https://api.anthropic.com/v1/messages", "a bare host gets /v1");
    let header = |name: &str| request.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.expose());
    assert_eq!(header("anthropic-dangerous-direct-browser-access").as_deref(), Some("true"));
    assert_eq!(header("anthropic-version").as_deref(), Some("2023-06-01"));
    assert_eq!(header("x-api-key").as_deref(), Some("sk-ant-1"));
    assert_eq!(header("authorization"), None, "the key goes only in x-api-key");

    let body: Value = serde_json::from_str(&request.body).unwrap();
    assert_eq!(body["system"], "Be brief.");
    assert_eq!(body["max_tokens"], 50);
    assert_eq!(body["messages"], json!([{"role": "user", "content": "Hello"}]));
    assert_eq!(body["stream"], true);
}

#[test]
fn parses_message() {
    let body = br#"{"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant",
        "content":[{"type":"text","text":"Hi "},{"type":"text","text":"there"}],"model":"claude-3-5-haiku-20241022",
        "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":6}}"#;
    let completion = parse_response(body).unwrap();
    assert_eq!(completion.id.as_deref(), Some("msg_01XFDUDYJgAACzvnptvVoYEL"));
    assert_eq!(completion.model.as_deref(), Some("claude-3-5-haiku-20241022"));
    assert_eq!(completion.text, "Hi there");
    assert_eq!(completion.finish, Finish::Stop);
    assert_eq!(completion.usage, Some(Usage { input_tokens: 12, output_tokens: 6 }));
}

#[test]
fn stop_reasons_map() {
    let with = |reason: &str| {
        let body =
            json!({"id": "msg_1", "model": "m", "content": [{"type": "text", "text": "x"}], "stop_reason": reason});
        parse_response(body.to_string().as_bytes()).unwrap().finish
    };
    assert_eq!(with("max_tokens"), Finish::Length);
    assert_eq!(with("stop_sequence"), Finish::Stop);
    assert_eq!(with("model_context_window_exceeded"), Finish::ContextWindow);
    assert_eq!(with("pause_turn"), Finish::Other("pause_turn".into()));
}

#[test]
fn empty_refusal_is_an_error() {
    let body = br#"{"id":"msg_1","model":"m","content":[],"stop_reason":"refusal"}"#;
    assert!(matches!(parse_response(body), Err(ProviderError::Refused { .. })));
}

#[test]
fn error_body_is_classified() {
    let body = br#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_1"}"#;
    assert!(matches!(parse_response(body), Err(ProviderError::StreamFailed { .. })));
}

const STREAM: &str = "event: message_start
data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_014p7gG3wDgGV9EUtLvnow3U\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-3-5-haiku-20241022\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":472,\"output_tokens\":2}}}

event: content_block_start
data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}

event: ping
data: {\"type\": \"ping\"}

event: content_block_delta
data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}

event: content_block_delta
data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\" world\"}}

event: content_block_stop
data: {\"type\":\"content_block_stop\",\"index\":0}

event: message_delta
data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":15}}

event: message_stop
data: {\"type\":\"message_stop\"}

";

#[test]
fn stream_collects_text_and_usage() {
    let (texts, completion) = run_stream(STREAM);
    assert_eq!(texts, vec!["Hello", " world"]);
    let completion = completion.unwrap();
    assert_eq!(completion.id.as_deref(), Some("msg_014p7gG3wDgGV9EUtLvnow3U"));
    assert_eq!(completion.text, "Hello world");
    assert_eq!(completion.finish, Finish::Stop);
    assert_eq!(completion.usage, Some(Usage { input_tokens: 472, output_tokens: 15 }));
}

#[test]
fn stream_error_event_after_200() {
    let raw = STREAM.split("event: content_block_stop").next().unwrap().to_string()
        + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n";
    let (texts, completion) = run_stream(&raw);
    assert_eq!(texts, vec!["Hello", " world"]);
    assert_eq!(completion, Err(ProviderError::StreamFailed { detail: "Overloaded".into() }));
}

#[test]
fn stream_without_stop_is_broken() {
    let raw = STREAM.split("event: message_delta").next().unwrap();
    assert!(matches!(run_stream(raw).1, Err(ProviderError::StreamFailed { .. })));
}

#[test]
fn stream_max_tokens_is_length() {
    let raw = STREAM.replace("\"end_turn\"", "\"max_tokens\"");
    assert_eq!(run_stream(&raw).1.unwrap().finish, Finish::Length);
}
