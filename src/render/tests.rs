use std::collections::HashMap;

use super::*;
use crate::settings::{RawSettings, validate};

fn settings() -> Settings {
    let raw: RawSettings = serde_json::from_str(
        r#"{"endpoints": [{"id": "e", "baseUrl": "http://localhost:1/v1", "model": "gpt-4o-mini"}]}"#,
    )
    .unwrap();
    validate(&raw, &HashMap::new()).unwrap()
}

fn article() -> Article {
    Article {
        url: "https://www.wired.com/story/meta-llama-ai-gpu-training/?utm_source=x".into(),
        canonical_url: Some("https://www.wired.com/story/meta-llama-ai-gpu-training/".into()),
        title: "Meta's compute".into(),
        markdown: "long article ".repeat(50),
        ..Article::default()
    }
}

fn record(stage: StageKind, input: &str, response: &str, output: &str, id: Option<&str>) -> StageRecord {
    StageRecord {
        stage,
        endpoint: "OpenAI".into(),
        requested_model: "gpt-4o-mini".into(),
        returned_model: Some("gpt-4o-mini-2024-07-18".into()),
        response_ids: id.map(str::to_string).into_iter().collect(),
        instruction: format!("Instruction of {}", stage.key()),
        input: input.into(),
        response: response.into(),
        output: output.into(),
        usage: None,
        continuations: 0,
        parts: 0,
        part_requests: 0,
        image: None,
    }
}

fn records() -> Vec<StageRecord> {
    let body = "# AI Power Struggle\n\nIntro paragraph that is long enough. ".repeat(8);
    vec![
        record(StageKind::Post, &"article ".repeat(60), &body, body.trim(), Some("chatcmpl-1")),
        record(StageKind::Title, body.trim(), "\"Meta's Dominance\"", "Meta's Dominance", Some("chatcmpl-AOCxd")),
        record(
            StageKind::Description,
            "Meta's Dominance",
            "A robot pirate ship.",
            "A robot pirate ship.",
            Some("chatcmpl-AOCzM"),
        ),
    ]
}

#[test]
fn markdown_follows_layout_order() {
    let post = render_post(&article(), &records(), &settings(), &PostLabels::default());
    let markdown = &post.markdown;
    let order = [
        "# Meta's Dominance\n",
        "## AI Power Struggle",
        "As part of this experiment",
        "\nhttps://www.wired.com/story/meta-llama-ai-gpu-training/\n",
        "### Blog Post",
        "### Blog Title",
        "### Image Description",
    ];
    let mut last = 0;
    for part in order {
        let at =
            markdown[last..].find(part).unwrap_or_else(|| panic!("{part:?} missing or out of order in\n{markdown}"));
        last += at + part.len();
    }
    assert_eq!(post.title, "Meta's Dominance");
}

#[test]
fn log_lines_are_uniform() {
    let post = render_post(&article(), &records(), &settings(), &PostLabels::default());
    let block = post.markdown.split("### Blog Title\n\n").nth(1).unwrap();
    let block = block.split("### ").next().unwrap();
    assert_eq!(
        block,
        "AI: gpt-4o-mini-2024-07-18: chatcmpl-AOCxd\n\n\
         Instruction: \"Instruction of title\"\n\n\
         Prompt: Content Summary of text from above.\n\n\
         Response: Meta's Dominance\n\n"
    );
}

#[test]
fn description_block_has_prompt_then_response() {
    let post = render_post(&article(), &records(), &settings(), &PostLabels::default());
    let block = post.markdown.split("### Image Description\n\n").nth(1).unwrap();
    assert!(block.contains("Prompt: Meta's Dominance\n\nResponse: A robot pirate ship."), "{block}");
}

#[test]
fn missing_id_is_said_plainly() {
    let mut records = records();
    records[1].response_ids.clear();
    records[1].returned_model = None;
    let post = render_post(&article(), &records, &settings(), &PostLabels::default());
    assert!(post.markdown.contains(
        "AI: gpt-4o-mini (model name as requested; the endpoint did not return one): no response id returned"
    ));
}

#[test]
fn continued_answer_lists_every_id() {
    let mut records = records();
    records[0].response_ids = vec!["chatcmpl-1".into(), "chatcmpl-2".into()];
    let post = render_post(&article(), &records, &settings(), &PostLabels::default());
    assert!(post.markdown.contains("AI: gpt-4o-mini-2024-07-18: chatcmpl-1, chatcmpl-2"));
}

#[test]
fn html_escapes_model_and_page_text() {
    let mut records = records();
    records[0].output = "Hello <img src=x onerror=alert(1)>".into();
    records[1].output = "<script>alert(1)</script>".into();
    records[2].output = "\"><svg onload=alert(1)>".into();
    let mut article = article();
    article.canonical_url = Some("javascript:alert(1)".into());
    let mut settings = settings();
    settings.attribution = "Credit <b onmouseover=x>".into();

    let post = render_post(&article, &records, &settings, &PostLabels::default());
    let html = &post.html;
    for needle in ["<img", "<script", "<svg", "<b ", "href=\"javascript"] {
        assert!(!html.contains(needle), "{needle} in {html}");
    }
    assert!(html.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"));
    assert!(html.contains("<p>Credit &lt;b onmouseover=x&gt;<br>\njavascript:alert(1)</p>"));
}

#[test]
fn html_links_attribution() {
    let post = render_post(&article(), &records(), &settings(), &PostLabels::default());
    assert!(post.html.contains(
        "<a href=\"https://www.wired.com/story/meta-llama-ai-gpu-training/\">https://www.wired.com/story/meta-llama-ai-gpu-training/</a>"
    ));
    assert!(post.html.starts_with("<h1>Meta&#39;s Dominance</h1>\n<h2>AI Power Struggle</h2>"));
}

#[test]
fn labels_come_from_caller() {
    let labels =
        PostLabels { stage_title: "Blog-Titel".into(), instruction: "Anweisung".into(), ..PostLabels::default() };
    let post = render_post(&article(), &records(), &settings(), &labels);
    assert!(post.markdown.contains("### Blog-Titel"));
    assert!(post.markdown.contains("Anweisung: \"Instruction of title\""));
}

#[test]
fn log_and_title_can_be_left_out() {
    let mut settings = settings();
    settings.include_log = false;
    settings.include_title = false;
    let post = render_post(&article(), &records(), &settings, &PostLabels::default());
    assert!(!post.markdown.contains("AI:"));
    assert!(post.markdown.starts_with("# AI Power Struggle"), "the body heading stays top level");
    assert!(post.markdown.contains("As part of this experiment"), "attribution is never left out");
}

#[test]
fn code_fence_headings_stay() {
    assert_eq!(demote_markdown_headings("# A\n```\n# not\n```\n#hashtag", 1), "## A\n```\n# not\n```\n#hashtag");
}

#[test]
fn absolute_model_path_is_not_published() {
    let cases = [
        ("/home/ana/models/SmolLM2-135M-Instruct.Q4_1.gguf", "SmolLM2-135M-Instruct.Q4_1.gguf"),
        ("C:\\Users\\ana\\llama.gguf", "llama.gguf"),
        ("meta-llama/Llama-3-8B", "meta-llama/Llama-3-8B"),
        ("models/local.gguf", "models/local.gguf"),
        ("gpt-4o-mini-2024-07-18", "gpt-4o-mini-2024-07-18"),
    ];
    for (returned, shown) in cases {
        let mut records = records();
        records[1].returned_model = Some(returned.into());
        let post = render_post(&article(), &records, &settings(), &PostLabels::default());
        assert!(post.markdown.contains(&format!("AI: {shown}: chatcmpl-AOCxd")), "{returned}");
        if returned.starts_with(['/', 'C']) {
            assert!(!post.markdown.contains("ana"), "{returned} leaked");
        }
    }
}

#[test]
fn tokens_line_when_reported() {
    let mut records = records();
    records[1].usage = Some(crate::provider::Usage { input_tokens: 412, output_tokens: 9 });
    let post = render_post(&article(), &records, &settings(), &PostLabels::default());
    assert!(post.markdown.contains("Response: Meta's Dominance\n\nTokens: 412 in, 9 out\n"), "{}", post.markdown);
    let labels = PostLabels { tokens_value: "{input} entrada, {output} salida".into(), ..PostLabels::default() };
    let post = render_post(&article(), &records, &settings(), &labels);
    assert!(post.markdown.contains("Tokens: 412 entrada, 9 salida"));
}

#[test]
fn long_article_note_names_parts() {
    let mut records = records();
    records[0].parts = 31;
    let post = render_post(&article(), &records, &settings(), &PostLabels::default());
    let block = post.markdown.split("### Blog Post\n\n").nth(1).unwrap();
    assert!(
        block.starts_with("AI: gpt-4o-mini-2024-07-18: chatcmpl-1\n\nNote: the article was longer than the model's context window, so it was summarised in 31 parts"),
        "{block}"
    );
    assert!(post.html.contains("summarised in 31 parts"));
}

#[test]
fn image_without_source_is_left_out() {
    let mut records = records();
    let mut image = records[2].clone();
    image.stage = StageKind::Image;
    image.image = Some(crate::provider::openai_images::GeneratedImage {
        mime: "image/png".into(),
        base64: None,
        url: Some("javascript:alert(1)".into()),
        created: Some(1),
        revised_prompt: None,
        size: "1024x1024".into(),
        quality: None,
        usage: None,
    });
    records.push(image);
    let post = render_post(&article(), &records, &settings(), &PostLabels::default());
    assert!(!post.html.contains("<img"), "{}", post.html);
    assert_eq!(post.image, None);
}

#[test]
fn full_log_detail_shows_prompts() {
    let mut settings = settings();
    let short = render_post(&article(), &records(), &settings, &PostLabels::default());
    assert!(short.markdown.contains("Prompt: Text of the original article linked above."));

    settings.log_detail = LogDetail::Full;
    let full = render_post(&article(), &records(), &settings, &PostLabels::default());
    assert!(full.markdown.contains(&format!("Prompt: {}", "article ".repeat(60).trim())), "{}", full.markdown);
    assert!(!full.markdown.contains("Text of the original article linked above."));
}

#[test]
fn image_can_be_left_out() {
    use crate::provider::openai_images::GeneratedImage;

    let mut records = records();
    let mut image = record(StageKind::Image, "A robot pirate ship.", "", "1024x1024", None);
    image.image = Some(GeneratedImage {
        mime: "image/png".into(),
        base64: Some("iVBORw0KGgo=".into()),
        url: None,
        created: Some(1_700_000_000),
        revised_prompt: None,
        size: "1024x1024".into(),
        quality: None,
        usage: None,
    });
    records.push(image);

    let mut settings = settings();
    assert!(render_post(&article(), &records, &settings, &PostLabels::default()).html.contains("<img"));
    settings.include_image = false;
    let post = render_post(&article(), &records, &settings, &PostLabels::default());
    assert!(!post.html.contains("<img"));
    assert_eq!(post.image, None);
}
