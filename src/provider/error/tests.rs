use serde_json::json;

use super::*;

fn head(status: u16, headers: &[(&str, &str)]) -> ResponseHead {
    ResponseHead { status, headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect() }
}

fn context(kind: EndpointKind) -> ErrorContext<'static> {
    ErrorContext { kind, url: "http://h/v1/chat/completions", ollama: false, now_ms: 0 }
}

fn openai(status: u16, body: &str) -> ProviderError {
    classify(&head(status, &[]), body.as_bytes(), context(EndpointKind::OpenAi))
}

#[test]
fn openai_quota_is_not_rate_limit() {
    let body = r#"{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"#;
    assert!(matches!(openai(429, body), ProviderError::QuotaExceeded { .. }));
}

#[test]
fn openai_context_overflow_names_limit() {
    let body = r#"{"error":{"message":"This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}"#;
    let ProviderError::ContextTooLong { limit, .. } = openai(400, body) else { panic!() };
    assert_eq!(limit, Some(128_000));
}

#[test]
fn llama_server_overflow_with_integer_code() {
    let body = r#"{"error":{"code":400,"message":"the request exceeds the available context size, try increasing it","type":"exceed_context_size_error","n_prompt_tokens":9000,"n_ctx":8192}}"#;
    let ProviderError::ContextTooLong { limit, .. } = openai(400, body) else { panic!() };
    assert_eq!(limit, Some(8192));
}

#[test]
fn llama_server_loading_is_server_error() {
    let body = r#"{"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}"#;
    assert_eq!(
        openai(503, body),
        ProviderError::Server { status: 503, detail: "Loading model".into(), retry_after_ms: None }
    );
}

#[test]
fn unknown_model_names_model() {
    let body = r#"{"error":{"message":"The model `gpt-9` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}}"#;
    assert_eq!(
        openai(404, body),
        ProviderError::ModelNotFound {
            detail: "The model `gpt-9` does not exist or you do not have access to it.".into()
        }
    );
}

#[test]
fn plain_404_is_wrong_url() {
    assert_eq!(
        openai(404, "404 page not found"),
        ProviderError::NotFound { url: "http://h/v1/chat/completions".into() }
    );
}

#[test]
fn ollama_string_error() {
    let body = br#"{"error":"model \"llama9\" not found, try pulling it first"}"#;
    assert_eq!(parse_error_body(body).message, "model \"llama9\" not found, try pulling it first");
    let error = classify(&head(404, &[]), body, context(EndpointKind::Ollama));
    assert!(matches!(error, ProviderError::ModelNotFound { .. }));
}

#[test]
fn ollama_empty_403_is_origin() {
    let mut ollama = context(EndpointKind::Ollama);
    ollama.ollama = true;
    assert_eq!(classify(&head(403, &[]), b"", ollama), ProviderError::OllamaOrigin);
    assert!(matches!(classify(&head(403, &[]), b"", context(EndpointKind::OpenAi)), ProviderError::Forbidden { .. }));
}

#[test]
fn mistral_detail_error() {
    assert_eq!(parse_error_body(br#"{"detail": "Unauthorized"}"#).message, "Unauthorized");
    assert_eq!(parse_error_body(br#"{"message": "Unauthorized"}"#).message, "Unauthorized");
    assert!(matches!(openai(401, r#"{"detail": "Unauthorized"}"#), ProviderError::Unauthorized { .. }));
}

#[test]
fn openrouter_and_deepseek_credit() {
    let openrouter =
        r#"{"error":{"code":402,"message":"Insufficient credits. Add more using https://openrouter.ai/credits"}}"#;
    assert!(matches!(openai(402, openrouter), ProviderError::QuotaExceeded { .. }));
    let deepseek = r#"{"error":{"message":"Insufficient Balance","type":"unknown_error","param":null,"code":"invalid_request_error"}}"#;
    assert!(matches!(openai(402, deepseek), ProviderError::QuotaExceeded { .. }));
}

#[test]
fn groq_wait_in_words() {
    let body = r#"{"error":{"message":"Rate limit reached for model `llama-3.1-8b-instant`. Please try again in 5.289s.","type":"tokens","code":"rate_limit_exceeded"}}"#;
    assert_eq!(
        openai(429, body),
        ProviderError::RateLimited {
            detail: "Rate limit reached for model `llama-3.1-8b-instant`. Please try again in 5.289s.".into(),
            retry_after_ms: Some(5289)
        }
    );
}

#[test]
fn header_wait_beats_words() {
    let body = r#"{"error":{"message":"Please try again in 5.289s."}}"#;
    let error = classify(&head(429, &[("retry-after", "2")]), body.as_bytes(), context(EndpointKind::OpenAi));
    assert_eq!(error.requested_wait_ms(), Some(2000));
}

#[test]
fn azure_prompt_filter_is_refusal() {
    let body = r#"{"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI's content management policy.","type":null,"param":"prompt","code":"content_filter","status":400}}"#;
    assert!(matches!(openai(400, body), ProviderError::Refused { .. }));
}

#[test]
fn images_safety_is_refusal() {
    let body = r#"{"error":{"code":"content_policy_violation","message":"Your request was rejected as a result of our safety system.","param":null,"type":"invalid_request_error"}}"#;
    assert!(matches!(openai(400, body), ProviderError::Refused { .. }));
}

#[test]
fn anthropic_shapes() {
    let anthropic = |status: u16, headers: &[(&str, &str)], body: &str| {
        classify(&head(status, headers), body.as_bytes(), context(EndpointKind::Anthropic))
    };
    let cors = r#"{"type":"error","error":{"type":"authentication_error","message":"CORS requests are not allowed for this Organization because of the CORS policy."}}"#;
    assert!(matches!(anthropic(401, &[], cors), ProviderError::BrowserAccessForbidden { .. }));

    let too_long = r#"{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"},"request_id":"req_1"}"#;
    assert_eq!(
        anthropic(400, &[], too_long),
        ProviderError::ContextTooLong {
            detail: "prompt is too long: 210000 tokens > 200000 maximum".into(),
            limit: Some(200_000)
        }
    );

    let overloaded = r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#;
    assert!(matches!(anthropic(529, &[], overloaded), ProviderError::Server { status: 529, .. }));

    let limited = r#"{"type":"error","error":{"type":"rate_limit_error","message":"Number of requests has exceeded your rate limit"}}"#;
    assert_eq!(anthropic(429, &[("retry-after", "3")], limited).requested_wait_ms(), Some(3000));
    assert!(
        matches!(anthropic(429, &[], limited), ProviderError::QuotaExceeded { .. }),
        "a spend cap has no retry-after"
    );

    let billing = r#"{"type":"error","error":{"type":"billing_error","message":"Your credit balance is too low."}}"#;
    assert!(matches!(anthropic(402, &[], billing), ProviderError::QuotaExceeded { .. }));
    let large = r#"{"type":"error","error":{"type":"request_too_large","message":"Request exceeds the maximum allowed number of bytes."}}"#;
    assert!(matches!(anthropic(413, &[], large), ProviderError::ContextTooLong { .. }));
}

#[test]
fn gemini_shapes() {
    let gemini = |status: u16, body: &Value| {
        classify(&head(status, &[]), body.to_string().as_bytes(), context(EndpointKind::Gemini))
    };
    let bad_key = json!({"error": {"code": 400, "message": "API key not valid. Please pass a valid API key.",
        "status": "INVALID_ARGUMENT", "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": "API_KEY_INVALID", "domain": "googleapis.com"}]}});
    assert!(matches!(gemini(400, &bad_key), ProviderError::Unauthorized { .. }));

    let limited = json!({"error": {"code": 429, "message": "You exceeded your current quota, please check your plan and billing details.",
        "status": "RESOURCE_EXHAUSTED", "details": [{"@type": "type.googleapis.com/google.rpc.QuotaFailure",
        "violations": [{"quotaId": "GenerateRequestsPerMinutePerProjectPerModel-FreeTier"}]},
        {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "27s"}]}});
    assert_eq!(gemini(429, &limited).requested_wait_ms(), Some(27_000));

    let daily = json!({"error": {"code": 429, "message": "You exceeded your current quota.",
        "status": "RESOURCE_EXHAUSTED", "details": [{"@type": "type.googleapis.com/google.rpc.QuotaFailure",
        "violations": [{"quotaId": "GenerateRequestsPerDayPerProjectPerModel-FreeTier"}]}]}});
    assert!(matches!(gemini(429, &daily), ProviderError::QuotaExceeded { .. }));

    let overflow = json!({"error": {"code": 400, "status": "INVALID_ARGUMENT",
        "message": "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576)."}});
    let ProviderError::ContextTooLong { limit, .. } = gemini(400, &overflow) else { panic!() };
    assert_eq!(limit, Some(1_048_576));

    let missing = json!({"error": {"code": 404, "status": "NOT_FOUND",
        "message": "models/gemini-9 is not found for API version v1beta, or is not supported for generateContent."}});
    assert!(matches!(gemini(404, &missing), ProviderError::ModelNotFound { .. }));
}

#[test]
fn non_json_body_is_kept_short() {
    let body = "<html>".repeat(200);
    let ProviderError::Server { status: 502, detail, .. } = openai(502, &body) else { panic!() };
    assert_eq!(detail.chars().count(), MAX_DETAIL_CHARS + 1);
}

#[test]
fn stream_errors_by_code() {
    let openrouter = json!({"error": {"code": 502, "message": "Provider disconnected"}});
    assert!(matches!(classify_stream_error(&openrouter), ProviderError::StreamFailed { .. }));
    let anthropic = json!({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}});
    assert!(matches!(classify_stream_error(&anthropic), ProviderError::StreamFailed { .. }));
    let quota = json!({"error": {"message": "You exceeded your current quota", "code": "insufficient_quota"}});
    assert!(matches!(classify_stream_error(&quota), ProviderError::QuotaExceeded { .. }));
    let ollama = json!({"error": "an error was encountered while running the model"});
    assert_eq!(
        classify_stream_error(&ollama),
        ProviderError::StreamFailed { detail: "an error was encountered while running the model".into() }
    );
}

#[test]
fn prompt_api_rejections() {
    let rejected = |name: &str| ProviderError::from(TransportError::Rejected { name: name.into(), detail: "d".into() });
    assert!(matches!(rejected("NotSupportedError"), ProviderError::BuiltInUnavailable { .. }));
    assert!(matches!(rejected("NotAllowedError"), ProviderError::BuiltInNotReady { .. }));
    assert!(matches!(rejected("QuotaExceededError"), ProviderError::ContextTooLong { .. }));
    assert_eq!(rejected("AbortError"), ProviderError::Cancelled);
}

#[test]
fn redact_removes_echoed_key() {
    let error = ProviderError::Unauthorized { detail: "Incorrect API key provided: sk-abc123.".into() };
    assert_eq!(
        error.redact("sk-abc123"),
        ProviderError::Unauthorized { detail: "Incorrect API key provided: [redacted].".into() }
    );
}
