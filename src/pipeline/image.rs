//! The image stage: the description from the stage before, drawn by the
//! OpenAI Images API.
//!
//! It retries like a text stage, and its record keeps the image itself, the
//! `created` time that stands in for the missing response id, and the
//! revised prompt when the model rewrote the description.

use super::call::send_whole;
use super::context::RunContext;
use super::retry::retry;
use super::{RunEvent, StageError, StageRecord};
use crate::prompt;
use crate::provider::openai_images::{self, GeneratedImage};
use crate::provider::{ProviderError, Usage};
use crate::settings::{ImageOptions, StageKind, StageSettings};
use crate::transport::Transport;

/// Runs the image stage and returns its record.
pub(super) async fn run_image_stage<T: Transport>(
    context: &RunContext<'_, T>,
    stage: &StageSettings,
    records: &[StageRecord],
) -> Result<StageRecord, StageError> {
    let fail = |error: ProviderError| StageError::new(stage, error);

    let source =
        prompt::source_of(StageKind::Image).and_then(|kind| records.iter().find(|record| record.stage == kind));
    let Some(source) = source else {
        return Err(fail(ProviderError::Empty));
    };
    let prompt_text = prompt::chained_input(&source.output);
    let (Some(base), Some(options)) = (stage.endpoint.base_url.as_ref(), stage.image.as_ref()) else {
        return Err(fail(ProviderError::Unreachable { detail: "the image endpoint has no base URL".into() }));
    };

    let image = retry(context, stage.kind, |attempt| {
        let prompt_text = prompt_text.as_str();
        async move {
            context.emit(RunEvent::StageStarted {
                stage: stage.kind,
                model: stage.model.clone(),
                endpoint: stage.endpoint.name.clone(),
                attempt,
            });
            let request = openai_images::build_request(&stage.endpoint, base, &stage.model, prompt_text, options);
            let body = send_whole(context.transport, &stage.endpoint, &request).await?;
            openai_images::parse_response(&body, options)
        }
    })
    .await
    .map_err(fail)?;

    Ok(record(stage, prompt_text, options, image))
}

fn record(stage: &StageSettings, prompt_text: String, options: &ImageOptions, image: GeneratedImage) -> StageRecord {
    let usage: Option<Usage> = image.usage;
    let revised = image.revised_prompt.clone().unwrap_or_default();
    let output = format!("{} {}", image.size, options.quality.as_deref().unwrap_or_default()).trim().to_string();
    StageRecord {
        stage: StageKind::Image,
        endpoint: stage.endpoint.name.clone(),
        requested_model: stage.model.clone(),
        // The Images API names no model in its response.
        returned_model: None,
        response_ids: Vec::new(),
        instruction: String::new(),
        input: prompt_text,
        response: revised,
        output,
        usage,
        continuations: 0,
        parts: 0,
        part_requests: 0,
        image: Some(image),
    }
}
