use serde_json::json;

use super::*;

#[test]
fn three_stages_chain_outputs() {
    let transport = ScriptedTransport::new(vec![
        reply("chatcmpl-1", "# Post\n\nBody", "stop"),
        reply("chatcmpl-2", "\"A Title\"", "stop"),
        reply("chatcmpl-3", "A pirate robot.", "stop"),
    ]);
    let (outcome, _) = run(&transport, &settings(json!({})), vec![]);
    assert_eq!(outcome.error, None);
    let outputs: Vec<&str> = outcome.records.iter().map(|r| r.output.as_str()).collect();
    assert_eq!(outputs, vec!["# Post\n\nBody", "A Title", "A pirate robot."]);
    assert_eq!(outcome.records[1].response, "\"A Title\"");
    assert_eq!(outcome.records[0].returned_model.as_deref(), Some("m-2024"));
    assert_eq!(outcome.records[2].response_ids, vec!["chatcmpl-3"]);

    assert_eq!(sent_body(&transport, 1)["messages"][1]["content"], "# Post\n\nBody");
    assert_eq!(sent_body(&transport, 2)["messages"][1]["content"], "A Title");
    assert!(sent_body(&transport, 0)["messages"][1]["content"].as_str().unwrap().contains("<article>"));
}

#[test]
fn description_stage_can_be_skipped() {
    let transport = ScriptedTransport::new(vec![reply("1", "Body", "stop"), reply("2", "Title", "stop")]);
    let (outcome, _) = run(&transport, &settings(json!({"stages": {"description": {"enabled": false}}})), vec![]);
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.records.len(), 2);
}

#[test]
fn failed_stage_keeps_finished_ones() {
    let transport = ScriptedTransport::new(vec![
        reply("1", "Body", "stop"),
        Canned::json(
            401,
            r#"{"error":{"message":"Incorrect API key provided: sk-secret-1","code":"invalid_api_key"}}"#,
        ),
    ]);
    let (outcome, _) = run(&transport, &settings(json!({})), vec![]);
    assert_eq!(outcome.records.len(), 1);
    let error = outcome.error.unwrap();
    assert_eq!(error.stage, Some(StageKind::Title));
    assert_eq!(error.endpoint, "Local (http://127.0.0.1:9/v1)");
    assert_eq!(error.error, ProviderError::Unauthorized { detail: "Incorrect API key provided: [redacted]".into() });
}

#[test]
fn retry_resumes_at_failed_stage() {
    let first =
        ScriptedTransport::new(vec![reply("1", "Body", "stop"), Canned::json(400, r#"{"error":{"message":"bad"}}"#)]);
    let settings = settings(json!({}));
    let (failed, _) = run(&first, &settings, vec![]);
    assert!(failed.error.is_some());

    let second = ScriptedTransport::new(vec![reply("2", "Title", "stop"), reply("3", "Picture", "stop")]);
    let (outcome, _) = run(&second, &settings, failed.records);
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.records.len(), 3);
    assert_eq!(second.requests.borrow().len(), 2, "the post stage is not paid for again");
    assert_eq!(outcome.records[0].response_ids, vec!["1"]);
}

#[test]
fn changed_model_reruns_stage() {
    let settings_a = settings(json!({}));
    let first = ScriptedTransport::new(vec![reply("1", "Body", "stop"), Canned::json(400, "{}")]);
    let (failed, _) = run(&first, &settings_a, vec![]);

    let settings_b = settings(json!({"stages": {"post": {"model": "other"}}}));
    let second =
        ScriptedTransport::new(vec![reply("4", "Body 2", "stop"), reply("5", "T", "stop"), reply("6", "P", "stop")]);
    let (outcome, _) = run(&second, &settings_b, failed.records);
    assert_eq!(outcome.records[0].response_ids, vec!["4"]);
}

#[test]
fn server_error_is_retried_with_backoff() {
    let transport = ScriptedTransport::new(vec![
        Canned::json(503, r#"{"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}"#),
        Canned::json(502, "Bad gateway"),
        reply("1", "Body", "stop"),
        reply("2", "T", "stop"),
        reply("3", "P", "stop"),
    ]);
    let (outcome, events) = run(&transport, &settings(json!({})), vec![]);
    assert_eq!(outcome.error, None);
    let sleeps = transport.sleeps.borrow();
    assert_eq!(sleeps.len(), 2);
    assert!((1000..2000).contains(&sleeps[0]), "first backoff {} is 1 to 2 s", sleeps[0]);
    assert!((2000..4000).contains(&sleeps[1]), "second backoff {} is 2 to 4 s", sleeps[1]);
    let waits = events.iter().filter(|e| matches!(e, RunEvent::StageWaiting { .. })).count();
    assert_eq!(waits, 2);
}

#[test]
fn server_error_gives_up_after_three_attempts() {
    let transport = ScriptedTransport::new(vec![
        Canned::json(500, "{}"),
        Canned::json(500, "{}"),
        Canned::json(500, r#"{"error":{"message":"still down"}}"#),
    ]);
    let (outcome, _) = run(&transport, &settings(json!({})), vec![]);
    assert_eq!(
        outcome.error.unwrap().error,
        ProviderError::Server { status: 500, detail: "still down".into(), retry_after_ms: None }
    );
}

#[test]
fn rate_limit_waits_as_told() {
    let transport = ScriptedTransport::new(vec![
        Canned::json(429, r#"{"error":{"message":"slow down"}}"#).with_header("retry-after", "7"),
        reply("1", "Body", "stop"),
        reply("2", "T", "stop"),
        reply("3", "P", "stop"),
    ]);
    let (outcome, _) = run(&transport, &settings(json!({})), vec![]);
    assert_eq!(outcome.error, None);
    assert_eq!(*transport.sleeps.borrow(), vec![7000]);
}

#[test]
fn long_rate_limit_fails_at_once() {
    let transport = ScriptedTransport::new(vec![
        Canned::json(429, r#"{"error":{"message":"wait"}}"#).with_header("retry-after", "3600"),
    ]);
    let (outcome, _) = run(&transport, &settings(json!({})), vec![]);
    assert!(matches!(outcome.error.unwrap().error, ProviderError::RateLimited { .. }));
    assert!(transport.sleeps.borrow().is_empty());
}

#[test]
fn quota_is_not_retried() {
    let transport = ScriptedTransport::new(vec![Canned::json(
        429,
        r#"{"error":{"message":"You exceeded your current quota","code":"insufficient_quota"}}"#,
    )]);
    let (outcome, _) = run(&transport, &settings(json!({})), vec![]);
    assert!(matches!(outcome.error.unwrap().error, ProviderError::QuotaExceeded { .. }));
    assert_eq!(transport.requests.borrow().len(), 1);
}

#[test]
fn unreachable_is_not_retried() {
    let transport =
        ScriptedTransport::new(vec![Canned::Failure(TransportError::Unreachable { detail: "refused".into() })]);
    let (outcome, _) = run(&transport, &settings(json!({})), vec![]);
    assert_eq!(outcome.error.unwrap().error, ProviderError::Unreachable { detail: "refused".into() });
}

#[test]
fn truncated_post_is_continued() {
    let transport = ScriptedTransport::new(vec![
        reply("1", "# Post\n\n- **Point**: AI-generated cat", "length"),
        reply("2", " videos rule.", "stop"),
        reply("3", "Title", "stop"),
        reply("4", "Picture", "stop"),
    ]);
    let (outcome, events) = run(&transport, &settings(json!({})), vec![]);
    assert_eq!(outcome.error, None);
    let post = &outcome.records[0];
    assert_eq!(post.output, "# Post\n\n- **Point**: AI-generated cat videos rule.");
    assert_eq!(post.continuations, 1);
    assert_eq!(post.response_ids, vec!["1", "2"]);
    assert_eq!(post.usage, Some(Usage { input_tokens: 20, output_tokens: 10 }));
    assert!(events.contains(&RunEvent::StageContinued { stage: StageKind::Post, continuation: 1 }));
    let continued = sent_body(&transport, 1);
    assert_eq!(continued["messages"][2]["content"], "# Post\n\n- **Point**: AI-generated cat");
}

#[test]
fn endless_truncation_is_reported() {
    let transport =
        ScriptedTransport::new(vec![reply("1", "a", "length"), reply("2", "b", "length"), reply("3", "c", "length")]);
    let (outcome, _) = run(&transport, &settings(json!({})), vec![]);
    let error = outcome.error.unwrap();
    assert_eq!(error.error, ProviderError::Truncated { max_tokens: 1200 });
    assert!(outcome.records.is_empty(), "a cut-off post is never kept as finished");
}

#[test]
fn truncated_title_keeps_complete_first_line() {
    let transport = ScriptedTransport::new(vec![
        reply("1", "Body", "stop"),
        reply("2", "Great Title\nExplanation: this title is catchy because", "length"),
        reply("3", "Picture", "stop"),
    ]);
    let (outcome, _) = run(&transport, &settings(json!({})), vec![]);
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.records[1].output, "Great Title");
}

#[test]
fn truncated_title_without_line_fails() {
    let transport = ScriptedTransport::new(vec![reply("1", "Body", "stop"), reply("2", "Great Ti", "length")]);
    let (outcome, _) = run(&transport, &settings(json!({})), vec![]);
    assert_eq!(outcome.error.unwrap().error, ProviderError::Truncated { max_tokens: 100 });
}

#[test]
fn empty_title_after_cleaning_fails() {
    let transport = ScriptedTransport::new(vec![reply("1", "Body", "stop"), reply("2", "\"\"", "stop")]);
    let (outcome, _) = run(&transport, &settings(json!({})), vec![]);
    assert_eq!(outcome.error.unwrap().error, ProviderError::Empty);
}

#[test]
fn content_filter_is_a_refusal() {
    let transport = ScriptedTransport::new(vec![reply("1", "", "content_filter")]);
    let (outcome, _) = run(&transport, &settings(json!({})), vec![]);
    assert!(matches!(outcome.error.unwrap().error, ProviderError::Refused { .. }));
}

#[test]
fn streamed_stage_reports_text() {
    let transport = ScriptedTransport::new(vec![
        Canned::sse(&[
            "data: {\"id\":\"c1\",\"model\":\"m-2024\",\"choices\":[{\"delta\":{\"content\":\"Bo\"}}]}\n\n",
            "data: {\"id\":\"c1\",\"choices\":[{\"delta\":{\"content\":\"dy\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n",
        ]),
        reply("2", "T", "stop"),
        reply("3", "P", "stop"),
    ]);
    let (outcome, events) = run(&transport, &settings(json!({})), vec![]);
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.records[0].output, "Body");
    let texts: Vec<&str> = events
        .iter()
        .filter_map(|e| match e {
            RunEvent::StageText { stage: StageKind::Post, text } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(texts, vec!["Bo", "dy"]);
}

#[test]
fn broken_stream_restarts_stage() {
    let transport = ScriptedTransport::new(vec![
        Canned::sse(&["data: {\"id\":\"c1\",\"choices\":[{\"delta\":{\"content\":\"Bo\"}}]}\n\n"]),
        reply("c2", "Body", "stop"),
        reply("3", "T", "stop"),
        reply("4", "P", "stop"),
    ]);
    let (outcome, events) = run(&transport, &settings(json!({})), vec![]);
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.records[0].output, "Body");
    assert!(events.iter().any(|e| matches!(e, RunEvent::StageStarted { attempt: 2, .. })));
}

#[test]
fn looping_stream_is_stopped_and_retried() {
    let looping: Vec<String> = (0..40)
        .map(|_| "data: {\"id\":\"c\",\"choices\":[{\"delta\":{\"content\":\"# \\n\"}}]}\n\n".to_string())
        .collect();
    let looping: Vec<&str> = looping.iter().map(String::as_str).collect();
    let transport = ScriptedTransport::new(vec![
        Canned::sse(&looping),
        reply("2", "# Post\n\nFine now.", "stop"),
        reply("3", "T", "stop"),
        reply("4", "P", "stop"),
    ]);
    let (outcome, events) = run(&transport, &settings(json!({})), vec![]);
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.records[0].output, "# Post\n\nFine now.");
    let stopped_early =
        events.iter().filter(|e| matches!(e, RunEvent::StageText { stage: StageKind::Post, .. })).count();
    assert!(stopped_early < 42, "the loop was read to its end: {stopped_early} text events");
    assert!(events.iter().any(|e| matches!(e, RunEvent::StageWaiting { reason, .. } if reason == "looping")));
}

#[test]
fn persistent_loop_is_reported() {
    let looping = "The bug is a result of a flaw in the client-server protocol. ".repeat(4);
    let transport = ScriptedTransport::new(vec![
        reply("1", &looping, "stop"),
        reply("2", &looping, "stop"),
        reply("3", &looping, "stop"),
    ]);
    let (outcome, _) = run(&transport, &settings(json!({})), vec![]);
    assert!(matches!(outcome.error.unwrap().error, ProviderError::Looping { .. }));
}

#[test]
fn sampling_settings_are_sent() {
    let transport =
        ScriptedTransport::new(vec![reply("1", "B", "stop"), reply("2", "T", "stop"), reply("3", "P", "stop")]);
    let mut raw = json!({"endpoints": [{"id": "e", "baseUrl": "http://127.0.0.1:9/v1", "model": "m",
        "temperature": 0.7, "frequencyPenalty": 0.5}]});
    let raw: RawSettings = serde_json::from_value(raw.take()).unwrap();
    let settings = validate(&raw, &HashMap::new()).unwrap();
    let (outcome, _) = run(&transport, &settings, vec![]);
    assert_eq!(outcome.error, None);
    let body = sent_body(&transport, 0);
    assert_eq!(body["temperature"], 0.7);
    assert_eq!(body["frequency_penalty"], 0.5);
}

#[test]
fn mislabelled_stream_is_read() {
    let stream = "data: {\"id\":\"c1\",\"choices\":[{\"delta\":{\"content\":\"Body\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
    let transport = ScriptedTransport::new(vec![
        Canned::Response {
            status: 200,
            headers: vec![("content-type".into(), "text/plain".into())],
            chunks: vec![stream.as_bytes().to_vec()],
        },
        reply("2", "T", "stop"),
        reply("3", "P", "stop"),
    ]);
    let (outcome, _) = run(&transport, &settings(json!({})), vec![]);
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.records[0].output, "Body");
}

#[test]
fn regenerate_title_keeps_post() {
    let first = ScriptedTransport::new(vec![
        reply("1", "# Post\n\nBody", "stop"),
        reply("2", "Old Title", "stop"),
        reply("3", "Old picture.", "stop"),
    ]);
    let settings = settings(json!({}));
    let (done, _) = run(&first, &settings, vec![]);

    let again = ScriptedTransport::new(vec![reply("4", "New Title", "stop"), reply("5", "New picture.", "stop")]);
    let (outcome, _) = run(&again, &settings, records_before(done.records, StageKind::Title));
    assert_eq!(outcome.error, None);
    let outputs: Vec<&str> = outcome.records.iter().map(|r| r.output.as_str()).collect();
    assert_eq!(outputs, vec!["# Post\n\nBody", "New Title", "New picture."]);
    assert_eq!(again.requests.borrow().len(), 2, "the post is not requested again");
    assert_eq!(sent_body(&again, 0)["messages"][1]["content"], "# Post\n\nBody");
}

#[test]
fn regenerate_last_stage_keeps_others() {
    let first =
        ScriptedTransport::new(vec![reply("1", "Body", "stop"), reply("2", "T", "stop"), reply("3", "D", "stop")]);
    let settings = settings(json!({}));
    let (done, _) = run(&first, &settings, vec![]);

    let kept = records_before(done.records.clone(), StageKind::Description);
    assert_eq!(kept, done.records[..2].to_vec());
    assert!(records_before(done.records, StageKind::Post).is_empty());
}

#[test]
fn previous_output_fills_instruction() {
    let transport = ScriptedTransport::new(vec![reply("1", "Body", "stop"), reply("2", "Title", "stop")]);
    let settings = settings(json!({
        "stages": {"title": {"instruction": "Name this post: {previous}"}, "description": {"enabled": false}},
        "output": {"language": "German"}
    }));
    let (outcome, _) = run(&transport, &settings, vec![]);
    assert_eq!(outcome.error, None);
    assert_eq!(
        sent_body(&transport, 1)["messages"][0]["content"],
        "Name this post: Body Write your answer in German, whatever the language of the input."
    );
}
