use serde_json::json;

use super::*;
use crate::render::{PostLabels, render_post};
use crate::transport::HttpRequest;

const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

fn image_settings() -> Settings {
    settings(json!({"stages": {"image": {"enabled": true, "model": "dall-e-3", "quality": "hd"}}}))
}

fn chat_or_image(request: &HttpRequest, image: Canned) -> Canned {
    if request.url.ends_with("/images/generations") {
        return image;
    }
    let body: Value = serde_json::from_str(&request.body).unwrap();
    let system = body["messages"][0]["content"].as_str().unwrap_or_default();
    match system {
        s if s.contains("title generator") => reply("c2", "Pirates Audit", "stop"),
        s if s.contains("visual description") => reply("c3", "A robot pirate audits a ledger.", "stop"),
        _ => reply("c1", "# Post\n\nBody", "stop"),
    }
}

#[test]
fn image_stage_embeds_image() {
    let transport = ScriptedTransport::responding(vec![], |request| {
        let image = json!({"created": 1713833628, "data": [{"b64_json": PNG, "revised_prompt": "A pirate robot."}]});
        chat_or_image(request, Canned::json(200, &image.to_string()))
    });
    let settings = image_settings();
    let (outcome, _) = run(&transport, &settings, vec![]);
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.records.len(), 4);

    let sent = sent_body(&transport, 3);
    assert_eq!(sent["prompt"], "A robot pirate audits a ledger.");
    assert_eq!(sent["response_format"], "b64_json");

    let post = render_post(&article(), &outcome.records, &settings, &PostLabels::default());
    assert!(post.html.contains("<figure><img src=\"data:image/png;base64,iVBOR"), "{}", post.html);
    assert!(post.html.contains("alt=\"A robot pirate audits a ledger.\""));
    assert!(post.markdown.contains("![A robot pirate audits a ledger.](post-image-1713833628.png)"));
    assert!(post.markdown.contains(
        "### Image\n\nAI: dall-e-3: no response id (the Images API returns none); created 1713833628\n\n\
         Prompt: A robot pirate audits a ledger.\n\nRevised prompt: A pirate robot.\n\nResponse: The image above (1024x1024 hd)."
    ), "{}", post.markdown);
    assert_eq!(post.image.unwrap().file_name, "post-image-1713833628.png");
}

#[test]
fn image_refusal_keeps_text_stages() {
    let transport = ScriptedTransport::responding(vec![], |request| {
        let refused = r#"{"error":{"code":"content_policy_violation","message":"Your request was rejected as a result of our safety system.","type":"invalid_request_error"}}"#;
        chat_or_image(request, Canned::json(400, refused))
    });
    let (outcome, _) = run(&transport, &image_settings(), vec![]);
    let error = outcome.error.unwrap();
    assert_eq!(error.stage, Some(StageKind::Image));
    assert!(matches!(error.error, ProviderError::Refused { .. }));
    assert_eq!(outcome.records.len(), 3, "the text stages are kept for Retry");
}
