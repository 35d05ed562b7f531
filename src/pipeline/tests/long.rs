use serde_json::json;

use super::*;
use crate::pipeline::budget::estimate_tokens;
use crate::prompt::{COMBINE_INSTRUCTION, PART_INSTRUCTION};
use crate::transport::HttpRequest;

/// Returns an article of `words` words in paragraphs of 80.
fn long_article(words: usize) -> Article {
    let paragraph = "The committee reviewed the budget and found several errors in the spending report. ";
    let paragraphs: Vec<String> = (0..words / 80).map(|i| format!("{i}. {}", paragraph.repeat(6))).collect();
    Article { markdown: paragraphs.join("\n\n"), ..article() }
}

fn small_context(context: u64) -> Settings {
    settings(json!({"endpoints": [{"id": "e", "name": "Local", "baseUrl": "http://127.0.0.1:9/v1", "model": "m",
        "contextTokens": context}]}))
}

fn system_of(request: &HttpRequest) -> String {
    let body: Value = serde_json::from_str(&request.body).unwrap();
    body["messages"][0]["content"].as_str().unwrap_or_default().to_string()
}

/// Returns notes for notes requests and short texts for stage requests.
fn responder(request: &HttpRequest) -> Canned {
    let system = system_of(request);
    let text = if system == PART_INSTRUCTION {
        "- The committee found errors in the report."
    } else if system == COMBINE_INSTRUCTION {
        "- Merged: the committee found errors."
    } else if system.contains("title generator") {
        "Budget Errors Found"
    } else if system.contains("visual description") {
        "A robot pirate audits a ledger."
    } else {
        "# Errors Everywhere\n\nThe committee found errors."
    };
    reply("chatcmpl-x", text, "stop")
}

/// Returns the estimated tokens of every message of a request.
fn request_tokens(request: &HttpRequest) -> u64 {
    let body: Value = serde_json::from_str(&request.body).unwrap();
    body["messages"].as_array().unwrap().iter().map(|m| estimate_tokens(m["content"].as_str().unwrap())).sum()
}

#[test]
fn long_article_is_summarised_in_parts() {
    let settings = small_context(4096);
    let transport = ScriptedTransport::responding(vec![], responder);
    let (outcome, events) = run_article(&transport, &settings, &long_article(20_000), vec![]);
    assert_eq!(outcome.error, None);

    let post = &outcome.records[0];
    assert!(post.parts > 5, "{} parts", post.parts);
    assert_eq!(post.part_requests as usize, transport.requests.borrow().len() - 3);
    assert!(post.input.contains(&format!("notes on its {} parts", post.parts)));
    assert_eq!(post.usage.unwrap().input_tokens, 10 * (u64::from(post.part_requests) + 1));

    let requests = transport.requests.borrow();
    let notes_requests = requests.iter().filter(|r| system_of(r) == PART_INSTRUCTION).count();
    assert_eq!(notes_requests, post.parts as usize);
    for request in requests.iter() {
        let body: Value = serde_json::from_str(&request.body).unwrap();
        let max_tokens = body["max_tokens"].as_u64().unwrap();
        assert!(request_tokens(request) + max_tokens <= 4096, "a request exceeds the window");
    }
    let parts = events.iter().filter(|e| matches!(e, RunEvent::StagePart { phase: PartPhase::Summarize, .. })).count();
    assert_eq!(parts, post.parts as usize);
}

#[test]
fn hundred_thousand_words_fit_8k() {
    let settings = small_context(8192);
    let transport = ScriptedTransport::responding(vec![], responder);
    let (outcome, _) = run_article(&transport, &settings, &long_article(100_000), vec![]);
    assert_eq!(outcome.error, None);
    let post = &outcome.records[0];
    assert!(post.parts >= 20, "{} parts", post.parts);
    for request in transport.requests.borrow().iter() {
        let body: Value = serde_json::from_str(&request.body).unwrap();
        assert!(request_tokens(request) + body["max_tokens"].as_u64().unwrap() <= 8192);
    }
}

#[test]
fn short_article_is_sent_whole() {
    let transport = ScriptedTransport::responding(vec![], responder);
    let (outcome, _) = run_article(&transport, &small_context(8192), &long_article(800), vec![]);
    assert_eq!(outcome.records[0].parts, 0);
    assert_eq!(transport.requests.borrow().len(), 3);
}

#[test]
fn overflow_shrinks_once() {
    let overflow = Canned::json(
        400,
        r#"{"error":{"message":"This model's maximum context length is 4096 tokens. However, your messages resulted in 9000 tokens.","type":"invalid_request_error","code":"context_length_exceeded"}}"#,
    );
    let transport = ScriptedTransport::responding(vec![overflow], responder);
    let (outcome, events) = run_article(&transport, &small_context(128_000), &long_article(5_000), vec![]);
    assert_eq!(outcome.error, None);
    assert!(events.contains(&RunEvent::StageShrunk { stage: StageKind::Post, context_tokens: 4096 }));
    assert!(outcome.records[0].parts > 1);
}

#[test]
fn second_overflow_fails() {
    let overflow =
        || Canned::json(400, r#"{"error":{"message":"prompt is too long","code":"context_length_exceeded"}}"#);
    let transport = ScriptedTransport::responding(vec![], move |_| overflow());
    let (outcome, events) = run_article(&transport, &small_context(8192), &long_article(800), vec![]);
    assert!(matches!(outcome.error.unwrap().error, ProviderError::ContextTooLong { .. }));
    assert_eq!(events.iter().filter(|e| matches!(e, RunEvent::StageShrunk { .. })).count(), 1);
}

#[test]
fn absurd_article_fails_before_sending() {
    let transport = ScriptedTransport::responding(vec![], responder);
    let (outcome, _) = run_article(&transport, &small_context(1024), &long_article(200_000), vec![]);
    let error = outcome.error.unwrap();
    assert!(matches!(error.error, ProviderError::TooManyParts { max: 200, .. }), "{error:?}");
    assert!(transport.requests.borrow().is_empty());
}

#[test]
fn cjk_article_is_split_by_characters() {
    let mut article = article();
    article.markdown = "これは予算の誤りについての長い記事です。".repeat(2_000);
    let transport = ScriptedTransport::responding(vec![], responder);
    let (outcome, _) = run_article(&transport, &small_context(4096), &article, vec![]);
    assert_eq!(outcome.error, None);
    assert!(outcome.records[0].parts >= 10, "{}", outcome.records[0].parts);
}
