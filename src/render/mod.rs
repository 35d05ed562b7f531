//! The finished post, as Markdown and as HTML, in the product's layout: the
//! title as the heading, the body and the image, the attribution with the
//! article's URL, then the transparency log with one block per stage that
//! ran.
//!
//! The image goes into the HTML flavour as a `data:` URL. The Markdown
//! flavour links it by the file name the popup downloads it under, because a
//! megabyte of base64 in plain text helps no editor.
//!
//! The words of the layout (stage names, line labels, references) come in as
//! [`PostLabels`] from the extension's locale files; English defaults serve
//! the command line and tests. Model output and page text are escaped in the
//! HTML flavour; see [`html`].

mod block;
pub mod edited;
mod entity;
pub mod html;
mod inline;
pub mod markdown;
mod syntax;
mod table;

use serde::{Deserialize, Serialize};

use crate::article::Article;
use crate::pipeline::StageRecord;
use crate::prompt::LOG_FULL_INPUT_CHARS;
use crate::settings::{LogDetail, Settings, StageKind};

/// The words of the post layout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PostLabels {
    pub stage_post: String,
    pub stage_title: String,
    pub stage_description: String,
    pub stage_image: String,
    pub ai: String,
    pub instruction: String,
    pub prompt: String,
    pub response: String,
    /// Written in place of a response id when the endpoint returned none.
    pub no_response_id: String,
    /// Written after the model name when the endpoint did not name the model
    /// it used, so the requested name is shown.
    pub model_as_requested: String,
    /// Log reference to the article as the post stage's prompt.
    pub article_reference: String,
    /// Log reference to the user's selection as the post stage's prompt.
    pub selection_reference: String,
    /// Log reference to the post body as the title stage's prompt.
    pub post_reference: String,
    /// Log reference to the post body as the post stage's response.
    pub body_reference: String,
    /// Log reference to the title as a stage's prompt.
    pub title_reference: String,
    /// Log reference to the image description as the image stage's prompt.
    pub description_reference: String,
    /// Label of the token counts line.
    pub tokens: String,
    /// Token counts; `{input}` and `{output}` are replaced by the numbers.
    pub tokens_value: String,
    /// Label of a note line.
    pub note: String,
    /// Note of a post written from parts; `{parts}` is replaced by their number.
    pub parts_note: String,
    /// Written in place of the image stage's response id; `{created}` is
    /// replaced by the response's `created` time.
    pub image_id: String,
    /// Label of the prompt the image model says it used.
    pub revised_prompt: String,
    /// The image stage's response; `{size}` is replaced by the size and quality.
    pub image_response: String,
}

impl Default for PostLabels {
    fn default() -> Self {
        Self {
            stage_post: "Blog Post".into(),
            stage_title: "Blog Title".into(),
            stage_description: "Image Description".into(),
            stage_image: "Image".into(),
            ai: "AI".into(),
            instruction: "Instruction".into(),
            prompt: "Prompt".into(),
            response: "Response".into(),
            no_response_id: "no response id returned".into(),
            model_as_requested: "(model name as requested; the endpoint did not return one)".into(),
            article_reference: "Text of the original article linked above.".into(),
            selection_reference: "Text selected from the original article linked above.".into(),
            post_reference: "Content Summary of text from above.".into(),
            body_reference: "The blog post above.".into(),
            title_reference: "Blog title from above.".into(),
            description_reference: "Image description from above.".into(),
            tokens: "Tokens".into(),
            tokens_value: "{input} in, {output} out".into(),
            note: "Note".into(),
            parts_note: "the article was longer than the model's context window, so it was summarised in {parts} \
                parts and the post written from the notes on them."
                .into(),
            image_id: "no response id (the Images API returns none); created {created}".into(),
            revised_prompt: "Revised prompt".into(),
            image_response: "The image above ({size}).".into(),
        }
    }
}

/// A rendered post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Post {
    /// The cleaned title, empty when the title is left out.
    pub title: String,
    pub markdown: String,
    pub html: String,
    /// The image, for the popup's download button.
    pub image: Option<PostImage>,
}

/// The post's image as the popup offers it for download.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PostImage {
    /// A `data:` URL, or an `https:` link when the API returned one.
    pub source: String,
    /// The file name the Markdown flavour links and the download uses.
    pub file_name: String,
    /// The text the image illustrates, as its alternative text.
    pub alt: String,
}

/// One line of a log block, before it is written in either flavour.
struct LogLine {
    label: String,
    value: String,
    quoted: bool,
}

/// Renders the post from the finished stages.
pub fn render_post(article: &Article, records: &[StageRecord], settings: &Settings, labels: &PostLabels) -> Post {
    let output_of = |kind: StageKind| records.iter().find(|r| r.stage == kind).map(|r| r.output.as_str());
    let title = if settings.include_title { output_of(StageKind::Title).unwrap_or_default() } else { "" };
    let body = output_of(StageKind::Post).unwrap_or_default();
    let url = article.attribution_url();

    let mut markdown = String::new();
    let mut html = String::new();

    if !title.is_empty() {
        markdown.push_str(&format!("# {}\n\n", self::markdown::neutralise(title)));
        html.push_str(&format!("<h1>{}</h1>\n", html::escape(title)));
    }

    // The body's own headings move down a level under the title.
    let demote = if title.is_empty() { 0 } else { 1 };
    markdown.push_str(&demote_markdown_headings(&self::markdown::neutralise(body), demote));
    markdown.push_str("\n\n");
    html.push_str(&html::markdown_to_html(body, demote));

    let image =
        if settings.include_image { records.iter().find_map(|record| post_image(record, records)) } else { None };
    if let Some(image) = &image {
        markdown.push_str(&format!("![{}]({})\n\n", markdown_alt(&image.alt), image.file_name));
        html.push_str(&format!(
            "<figure><img src=\"{}\" alt=\"{}\"></figure>\n",
            html::escape(&image.source),
            html::escape(&image.alt)
        ));
    }

    markdown.push_str(&format!("{}\n{url}\n", settings.attribution));
    let href = if html::is_allowed_link(url) {
        format!("<a href=\"{0}\">{0}</a>", html::escape(url))
    } else {
        html::escape(url)
    };
    html.push_str(&format!("<p>{}<br>\n{href}</p>\n", html::escape(&settings.attribution)));

    if settings.include_log {
        for record in records {
            let heading = stage_label(record.stage, labels);
            let lines = log_lines(record, article, labels, settings.log_detail);

            markdown.push_str(&format!("\n### {heading}\n\n"));
            html.push_str(&format!("<h3>{}</h3>\n<p>", html::escape(heading)));
            for (index, line) in lines.iter().enumerate() {
                let value = if line.quoted { format!("\"{}\"", line.value) } else { line.value.clone() };
                if index > 0 {
                    markdown.push('\n');
                    html.push_str("<br>\n");
                }
                markdown.push_str(&format!("{}: {}\n", line.label, self::markdown::neutralise(&value)));
                html.push_str(&format!("{}: {}", html::escape(&line.label), escape_multiline(&value)));
            }
            html.push_str("</p>\n");
        }
    }

    Post { title: title.to_string(), markdown: markdown.trim_end().to_string() + "\n", html, image }
}

/// Returns the image of the image stage's record, with the description it
/// illustrates as its alternative text.
fn post_image(record: &StageRecord, records: &[StageRecord]) -> Option<PostImage> {
    let image = record.image.as_ref()?;
    let source = image.source()?;
    let allowed = source.starts_with("data:image/") || html::is_allowed_link(&source);
    if !allowed {
        return None;
    }
    let alt = records
        .iter()
        .find(|other| other.stage == StageKind::Description)
        .map(|description| description.output.lines().next().unwrap_or_default().to_string())
        .unwrap_or_default();
    let stamp = image.created.map(|created| format!("-{created}")).unwrap_or_default();
    Some(PostImage { source, file_name: format!("post-image{stamp}.{}", image.extension()), alt })
}

/// Makes text safe as Markdown image alternative text: no brackets or line
/// breaks that would end it early.
fn markdown_alt(text: &str) -> String {
    text.chars().map(|c| if matches!(c, '[' | ']' | '\n' | '\r') { ' ' } else { c }).collect()
}

fn stage_label(stage: StageKind, labels: &PostLabels) -> &str {
    match stage {
        StageKind::Post => &labels.stage_post,
        StageKind::Title => &labels.stage_title,
        StageKind::Description => &labels.stage_description,
        StageKind::Image => &labels.stage_image,
    }
}

fn log_lines(record: &StageRecord, article: &Article, labels: &PostLabels, detail: LogDetail) -> Vec<LogLine> {
    let model = match &record.returned_model {
        Some(model) => public_model_name(model).to_string(),
        None => format!("{} {}", record.requested_model, labels.model_as_requested),
    };
    let ids = match (record.response_ids.as_slice(), &record.image) {
        ([], Some(image)) => {
            let created = image.created.map(|created| created.to_string()).unwrap_or_else(|| "?".into());
            labels.image_id.replace("{created}", &created)
        }
        ([], None) => labels.no_response_id.clone(),
        (ids, _) => ids.join(", "),
    };
    // The Images API never names a model, so the requested one is shown
    // without the remark meant for chat endpoints that omit it.
    let model = match (&record.returned_model, record.stage) {
        (None, StageKind::Image) => record.requested_model.clone(),
        _ => model,
    };

    // Unless the user asked for full prompts, long inputs are named rather
    // than repeated: the article is linked above, the post body is above,
    // and the title is the post's heading.
    let prompt = if detail == LogDetail::Full || record.input.chars().count() <= LOG_FULL_INPUT_CHARS {
        record.input.clone()
    } else {
        match record.stage {
            StageKind::Post if article.from_selection => labels.selection_reference.clone(),
            StageKind::Post => labels.article_reference.clone(),
            StageKind::Title => labels.post_reference.clone(),
            StageKind::Description => labels.title_reference.clone(),
            StageKind::Image => labels.description_reference.clone(),
        }
    };
    let response = match record.stage {
        StageKind::Post => labels.body_reference.clone(),
        StageKind::Title | StageKind::Description => record.output.clone(),
        StageKind::Image => labels.image_response.replace("{size}", &record.output),
    };

    let line = |label: &str, value: String, quoted: bool| LogLine { label: label.to_string(), value, quoted };
    let mut lines = vec![line(&labels.ai, format!("{model}: {ids}"), false)];
    if record.parts > 0 {
        lines.push(line(&labels.note, labels.parts_note.replace("{parts}", &record.parts.to_string()), false));
    }
    if !record.instruction.is_empty() {
        lines.push(line(&labels.instruction, record.instruction.clone(), true));
    }
    lines.push(line(&labels.prompt, prompt, false));
    if record.stage == StageKind::Image && !record.response.is_empty() {
        lines.push(line(&labels.revised_prompt, record.response.clone(), false));
    }
    lines.push(line(&labels.response, response, false));
    if let Some(usage) = record.usage {
        let value = labels
            .tokens_value
            .replace("{input}", &usage.input_tokens.to_string())
            .replace("{output}", &usage.output_tokens.to_string());
        lines.push(line(&labels.tokens, value, false));
    }
    lines
}

/// Returns the model name to publish. Local servers such as llama.cpp's
/// report the model file they loaded; an absolute path would publish the
/// user's folders, so only its file name is kept. Names with a slash that
/// are not absolute paths (`meta-llama/Llama-3-8B`) are kept whole.
fn public_model_name(model: &str) -> &str {
    let bytes = model.as_bytes();
    let windows_absolute =
        bytes.len() > 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && matches!(bytes[2], b'\\' | b'/');
    if model.starts_with('/') || model.starts_with('\\') || windows_absolute {
        return model.rsplit(['/', '\\']).next().unwrap_or(model);
    }
    model
}

fn escape_multiline(text: &str) -> String {
    html::escape(text.trim()).replace('\n', "<br>\n")
}

/// Moves ATX headings (`# …`) down `by` levels, leaving fenced code alone.
fn demote_markdown_headings(markdown: &str, by: u8) -> String {
    if by == 0 {
        return markdown.trim().to_string();
    }
    let mut in_fence = false;
    let mut out = Vec::new();
    for line in markdown.trim().lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        let hashes = trimmed.chars().take_while(|c| *c == '#').count();
        let is_heading = !in_fence && (1..=6).contains(&hashes) && trimmed[hashes..].starts_with([' ', '\t']);
        if is_heading {
            let level = (hashes + usize::from(by)).min(6);
            out.push(format!("{} {}", "#".repeat(level), trimmed[hashes..].trim_start()));
        } else {
            out.push(line.to_string());
        }
    }
    out.join("\n")
}

#[cfg(test)]
mod tests;
