//! The finished post, as Markdown and as HTML, in the product's layout: the
//! title as the heading, the body, the attribution with the article's URL,
//! then the transparency log with one block per stage that ran.
//!
//! The words of the layout (stage names, line labels, references) come in as
//! [`PostLabels`] from the extension's locale files; English defaults serve
//! the command line and tests. Model output and page text are escaped in the
//! HTML flavour; see [`html`].

pub mod html;
pub mod markdown;

use serde::{Deserialize, Serialize};

use crate::article::Article;
use crate::pipeline::StageRecord;
use crate::prompt::LOG_FULL_INPUT_CHARS;
use crate::settings::{Settings, StageKind};

/// The words of the post layout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PostLabels {
    pub stage_post: String,
    pub stage_title: String,
    pub stage_description: String,
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
}

impl Default for PostLabels {
    fn default() -> Self {
        Self {
            stage_post: "Blog Post".into(),
            stage_title: "Blog Title".into(),
            stage_description: "Image Description".into(),
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
            let lines = log_lines(record, article, labels);

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

    Post { title: title.to_string(), markdown: markdown.trim_end().to_string() + "\n", html }
}

fn stage_label(stage: StageKind, labels: &PostLabels) -> &str {
    match stage {
        StageKind::Post => &labels.stage_post,
        StageKind::Title => &labels.stage_title,
        StageKind::Description => &labels.stage_description,
    }
}

fn log_lines(record: &StageRecord, article: &Article, labels: &PostLabels) -> Vec<LogLine> {
    let model = match &record.returned_model {
        Some(model) => public_model_name(model).to_string(),
        None => format!("{} {}", record.requested_model, labels.model_as_requested),
    };
    let ids = match record.response_ids.as_slice() {
        [] => labels.no_response_id.clone(),
        ids => ids.join(", "),
    };

    // Long inputs are named rather than repeated: the article is linked above,
    // the post body is above, and the title is the post's heading.
    let prompt = if record.input.chars().count() <= LOG_FULL_INPUT_CHARS {
        record.input.clone()
    } else {
        match record.stage {
            StageKind::Post if article.from_selection => labels.selection_reference.clone(),
            StageKind::Post => labels.article_reference.clone(),
            StageKind::Title => labels.post_reference.clone(),
            StageKind::Description => labels.title_reference.clone(),
        }
    };
    let response = match record.stage {
        StageKind::Post => labels.body_reference.clone(),
        StageKind::Title | StageKind::Description => record.output.clone(),
    };

    vec![
        LogLine { label: labels.ai.clone(), value: format!("{model}: {ids}"), quoted: false },
        LogLine { label: labels.instruction.clone(), value: record.instruction.clone(), quoted: true },
        LogLine { label: labels.prompt.clone(), value: prompt, quoted: false },
        LogLine { label: labels.response.clone(), value: response, quoted: false },
    ]
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
