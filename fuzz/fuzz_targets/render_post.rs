//! Renders posts whose title, body, description, attribution and URL are
//! arbitrary text: no panic, and the HTML flavour is always safe.
#![no_main]

use std::collections::HashMap;

use libfuzzer_sys::fuzz_target;
use summarize_to_post::article::Article;
use summarize_to_post::pipeline::StageRecord;
use summarize_to_post::render::{PostLabels, render_post};
use summarize_to_post::settings::{RawSettings, StageKind, validate};
use summarize_to_post_fuzz::assert_safe_html;

fn record(stage: StageKind, text: &str) -> StageRecord {
    StageRecord {
        stage,
        endpoint: "E".into(),
        requested_model: text.into(),
        returned_model: Some(text.into()),
        response_ids: vec![text.into()],
        instruction: text.into(),
        input: text.into(),
        response: text.into(),
        output: text.into(),
        usage: None,
        continuations: 0,
        parts: 0,
        part_requests: 0,
        image: None,
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parts: Vec<&str> = text.splitn(5, '\u{1}').collect();
    let part = |index: usize| parts.get(index).copied().unwrap_or("");

    let raw: RawSettings =
        serde_json::from_str(r#"{"endpoints": [{"id": "e", "baseUrl": "http://127.0.0.1:1/v1", "model": "m"}]}"#)
            .unwrap();
    let mut settings = validate(&raw, &HashMap::new()).unwrap();
    settings.attribution = part(3).to_string();

    let article = Article { url: part(4).to_string(), canonical_url: Some(part(4).to_string()), ..Article::default() };
    let records =
        [record(StageKind::Post, part(0)), record(StageKind::Title, part(1)), record(StageKind::Description, part(2))];
    let post = render_post(&article, &records, &settings, &PostLabels::default());
    assert_safe_html(&post.html);
});
