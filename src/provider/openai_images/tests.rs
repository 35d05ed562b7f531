use super::*;
use crate::settings::ImageOptions;
use crate::test_support::endpoint_from;

/// A 1×1 PNG.
const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

fn options(family: ImageFamily) -> ImageOptions {
    ImageOptions {
        family,
        size: "1024x1024".into(),
        quality: Some(if family == ImageFamily::DallE3 { "hd" } else { "high" }.into()),
        style: (family == ImageFamily::DallE3).then(|| "natural".into()),
        output_format: (family == ImageFamily::GptImage).then(|| "jpeg".into()),
    }
}

fn body(endpoint: &Endpoint, model: &str, family: ImageFamily) -> (String, Value) {
    let request =
        build_request(endpoint, endpoint.base_url.as_ref().unwrap(), model, "A robot pirate.", &options(family));
    (request.url, serde_json::from_str(&request.body).unwrap())
}

#[test]
fn dalle3_asks_for_base64() {
    let endpoint =
        endpoint_from(json!({"id": "o", "baseUrl": "https://api.openai.com/v1", "model": "gpt-4o-mini"}), None);
    let (url, body) = body(&endpoint, "dall-e-3", ImageFamily::DallE3);
    assert_eq!(url, "https://api.openai.com/v1/images/generations");
    assert_eq!(
        body,
        json!({"model": "dall-e-3", "prompt": "A robot pirate.", "n": 1, "size": "1024x1024", "quality": "hd",
            "style": "natural", "response_format": "b64_json"})
    );
}

#[test]
fn gpt_image_sends_no_response_format() {
    let endpoint =
        endpoint_from(json!({"id": "o", "baseUrl": "https://api.openai.com/v1", "model": "gpt-4o-mini"}), None);
    let (_, body) = body(&endpoint, "gpt-image-1", ImageFamily::GptImage);
    assert!(body.get("response_format").is_none());
    assert_eq!(body["output_format"], "jpeg");
    assert_eq!(body["quality"], "high");
    assert_eq!(body["model"], "gpt-image-1");
}

#[test]
fn azure_images_use_deployment() {
    let endpoint = endpoint_from(
        json!({"id": "az", "kind": "azure", "baseUrl": "https://res.openai.azure.com/openai/deployments/dalle3"}),
        Some("k"),
    );
    let (url, _) = body(&endpoint, "dall-e-3", ImageFamily::DallE3);
    assert_eq!(url, "https://res.openai.azure.com/openai/deployments/dalle3/images/generations?api-version=2024-10-21");
}

#[test]
fn parses_dalle3_response() {
    let response = json!({"created": 1713833628, "data": [{"b64_json": PNG,
        "revised_prompt": "A futurist robot pirate on a golden deck."}]});
    let image = parse_response(response.to_string().as_bytes(), &options(ImageFamily::DallE3)).unwrap();
    assert_eq!(image.created, Some(1713833628));
    assert_eq!(image.mime, "image/png");
    assert_eq!(image.revised_prompt.as_deref(), Some("A futurist robot pirate on a golden deck."));
    assert_eq!(image.quality.as_deref(), Some("hd"));
    assert!(image.source().unwrap().starts_with("data:image/png;base64,iVBOR"));
    assert_eq!(image.extension(), "png");
}

#[test]
fn parses_gpt_image_usage() {
    let response = json!({"created": 1, "data": [{"b64_json": PNG}], "size": "1024x1024", "quality": "high",
        "output_format": "png", "usage": {"input_tokens": 50, "output_tokens": 4160, "total_tokens": 4210}});
    let image = parse_response(response.to_string().as_bytes(), &options(ImageFamily::GptImage)).unwrap();
    assert_eq!(image.usage, Some(Usage { input_tokens: 50, output_tokens: 4160 }));
    assert_eq!(image.revised_prompt, None);
}

#[test]
fn url_response_is_kept() {
    let response = json!({"created": 1, "data": [{"url": "https://images.example/1.png"}]});
    let image = parse_response(response.to_string().as_bytes(), &options(ImageFamily::Other)).unwrap();
    assert_eq!(image.source().as_deref(), Some("https://images.example/1.png"));
}

#[test]
fn non_image_data_is_invalid() {
    let response = json!({"created": 1, "data": [{"b64_json": "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="}]});
    let error = parse_response(response.to_string().as_bytes(), &options(ImageFamily::Other)).unwrap_err();
    assert!(matches!(error, ProviderError::InvalidResponse { .. }));
}

#[test]
fn empty_data_is_empty() {
    let error = parse_response(br#"{"created": 1, "data": []}"#, &options(ImageFamily::Other)).unwrap_err();
    assert_eq!(error, ProviderError::Empty);
}

#[test]
fn sniffs_formats() {
    assert_eq!(sniff_mime(PNG), Some("image/png"));
    assert_eq!(sniff_mime("/9j/4AAQSkZJRgABAQ"), Some("image/jpeg"));
    assert_eq!(sniff_mime("UklGRiQAAABXRUJQVlA4"), Some("image/webp"));
    assert_eq!(sniff_mime("not base64!"), None);
}

#[test]
fn long_prompt_is_cut_at_sentence() {
    let prompt = "A ship. ".repeat(600);
    let sent = shorten_prompt(&prompt);
    assert!(sent.chars().count() <= MAX_PROMPT_CHARS);
    assert!(sent.ends_with("ship."));
}
