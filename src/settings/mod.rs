//! Settings: from the JSON the extension stores to a validated [`Settings`].
//!
//! This is the one place where stored settings are checked. The options page
//! calls [`validate`] to show every problem beside its field; a run calls it
//! once at the start and passes the validated value down, so no later step
//! re-checks or guesses. API keys arrive separately from the settings (the
//! extension keeps them apart in storage) and are attached to their endpoint
//! here as [`ApiKey`](crate::secret::ApiKey) values.

pub mod defaults;
mod endpoint;
pub mod endpoint_url;
mod error;
pub mod file;
pub mod image;
mod output;
pub mod presets;
mod stage;

use std::collections::HashMap;

use serde::Deserialize;

pub use endpoint::{BUILT_IN_MODEL, DEFAULT_AZURE_API_VERSION, Endpoint, EndpointKind};
pub use endpoint_url::{EndpointUrl, HostClass, Scheme, UrlProblem};
pub use error::{FieldError, SettingsError, SettingsProblem};
pub use image::{ImageFamily, ImageOptions};
pub use output::{LogDetail, MAX_LANGUAGE_CHARS};
pub use stage::{StageKind, StageSettings};

/// Longest model name accepted, in characters.
const MAX_MODEL_CHARS: usize = 256;

/// Settings as stored; every field may be missing or malformed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RawSettings {
    pub endpoints: Vec<RawEndpoint>,
    pub stages: RawStages,
    pub theme: RawTheme,
    pub output: RawOutput,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RawEndpoint {
    pub id: String,
    pub name: String,
    /// `openai` (Chat Completions and compatible servers, the default),
    /// `azure`, `anthropic`, `gemini`, `ollama` or `builtin`.
    pub kind: String,
    /// Id of the preset the endpoint was made from, such as `groq`; it
    /// supplies the token budget when the fields below are empty.
    pub preset: String,
    pub base_url: String,
    pub model: String,
    /// Azure's `api-version`; the current stable version when missing.
    pub api_version: Option<String>,
    /// Context window of the model, in tokens.
    pub context_tokens: Option<u64>,
    /// Largest response the model may write, in tokens.
    pub max_output_tokens: Option<u64>,
    /// How long to wait for the first byte of an answer, and between two
    /// pieces of a streamed one, in seconds.
    pub timeout_seconds: Option<u64>,
    /// `false` asks for the whole answer at once instead of a stream.
    pub stream: Option<bool>,
    /// Sampling temperature, sent only when set.
    pub temperature: Option<f64>,
    /// Frequency penalty, sent only when set; small local models loop less
    /// with one.
    pub frequency_penalty: Option<f64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RawStages {
    pub post: RawStage,
    pub title: RawStage,
    pub description: RawStage,
    pub image: RawStage,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RawStage {
    /// Off switch for optional stages; required stages ignore it.
    pub enabled: Option<bool>,
    /// Endpoint to use; the first endpoint when missing.
    pub endpoint_id: Option<String>,
    /// Model override; the endpoint's model when missing or blank.
    pub model: Option<String>,
    /// Instruction override; the default when missing.
    pub instruction: Option<String>,
    pub max_tokens: Option<u64>,
    /// Image stage only: `1024x1024` and the other sizes the model takes.
    pub size: Option<String>,
    /// Image stage only: `standard | hd` (dall-e-3) or `low | medium | high
    /// | auto` (gpt-image).
    pub quality: Option<String>,
    /// Image stage only, dall-e-3: `vivid | natural`.
    pub style: Option<String>,
    /// Image stage only, gpt-image: `png | jpeg | webp`.
    pub output_format: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RawTheme {
    pub art_styles: Option<Vec<String>>,
    pub theme: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RawOutput {
    pub attribution: Option<String>,
    pub include_title: Option<bool>,
    /// Whether the post shows the image of the image stage.
    pub include_image: Option<bool>,
    pub include_log: Option<bool>,
    /// Language every text stage writes in, whatever the article's; the
    /// article's own language when missing or blank.
    pub language: Option<String>,
    /// `short` (long prompts named by a reference, the default) or `full`.
    pub log_detail: Option<String>,
}

/// Validated settings for one run.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub endpoints: Vec<Endpoint>,
    /// Every stage whose settings are valid, in the order stages run; a
    /// stage that is off and invalid is left out.
    pub stages: Vec<StageSettings>,
    pub art_styles: Vec<String>,
    pub theme: String,
    pub attribution: String,
    pub include_title: bool,
    pub include_image: bool,
    pub include_log: bool,
    /// Language the text stages write in; `None` leaves it to the article.
    pub language: Option<String>,
    pub log_detail: LogDetail,
}

impl Settings {
    /// Returns the settings of a stage; `None` for an optional stage that is
    /// off and could not be validated.
    pub fn stage(&self, kind: StageKind) -> Option<&StageSettings> {
        self.stages.iter().find(|stage| stage.kind == kind)
    }

    /// Returns the art styles as a sentence list: "A, B, C, or D".
    pub fn art_styles_sentence(&self) -> String {
        match self.art_styles.as_slice() {
            [] => String::new(),
            [only] => only.clone(),
            [first, second] => format!("{first} or {second}"),
            [rest @ .., last] => format!("{}, or {last}", rest.join(", ")),
        }
    }
}

/// Returns the stages a run with these settings executes, in order, without
/// validating anything else; pages use it to list the stages before the run
/// starts.
pub fn planned_stage_kinds(raw: &RawSettings) -> Vec<StageKind> {
    let mut stages = vec![StageKind::Post, StageKind::Title];
    if raw.stages.description.enabled != Some(false) {
        stages.push(StageKind::Description);
    }
    if raw.stages.image.enabled == Some(true) {
        stages.push(StageKind::Image);
    }
    stages
}

/// Validates stored settings and attaches each endpoint's key. `keys` maps
/// endpoint ids to keys. Returns every problem found, not only the first.
pub fn validate(raw: &RawSettings, keys: &HashMap<String, String>) -> Result<Settings, Vec<SettingsError>> {
    let mut errors = Vec::new();

    let endpoints = endpoint::validate_endpoints(&raw.endpoints, keys, &mut errors);
    let declared: Vec<&str> = raw.endpoints.iter().map(|e| e.id.trim()).collect();
    let raw_stages = [&raw.stages.post, &raw.stages.title, &raw.stages.description, &raw.stages.image];
    let stages: Vec<StageSettings> = StageKind::ALL
        .iter()
        .zip(raw_stages)
        .filter_map(|(kind, raw)| stage::validate_stage(raw, *kind, &endpoints, &declared, &mut errors))
        .collect();

    let art_styles = match &raw.theme.art_styles {
        None => defaults::ART_STYLES.iter().map(|s| s.to_string()).collect(),
        Some(styles) => {
            let styles: Vec<String> = styles.iter().map(|s| s.trim().to_string()).collect();
            if styles.is_empty() || styles.iter().any(String::is_empty) {
                push(&mut errors, "theme.artStyles", SettingsProblem::EmptyArtStyle);
            }
            styles
        }
    };
    let theme = text_or_default(&raw.theme.theme, defaults::THEME);
    if theme.is_empty() {
        push(&mut errors, "theme.theme", SettingsProblem::EmptyTheme);
    }

    let output = output::validate_output(&raw.output, &mut errors);

    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Settings {
        endpoints,
        stages,
        art_styles,
        theme,
        attribution: output.attribution,
        include_title: output.include_title,
        include_image: output.include_image,
        include_log: output.include_log,
        language: output.language,
        log_detail: output.log_detail,
    })
}

pub(super) fn check_range(
    value: Option<f64>,
    min: f64,
    max: f64,
    field: &str,
    errors: &mut Vec<SettingsError>,
) -> Option<f64> {
    let value = value?;
    if value.is_finite() && (min..=max).contains(&value) {
        return Some(value);
    }
    push(
        errors,
        field,
        SettingsProblem::NumberOutOfRange { value: value.to_string(), min: min.to_string(), max: max.to_string() },
    );
    None
}

pub(super) fn check_model(model: &str, field: &str, errors: &mut Vec<SettingsError>) {
    if model.is_empty() {
        push(errors, field, SettingsProblem::MissingModel);
    } else if model.chars().count() > MAX_MODEL_CHARS || model.chars().any(|c| c.is_whitespace() || c.is_control()) {
        push(errors, field, SettingsProblem::InvalidModel { value: model.to_string() });
    }
}

/// Returns the trimmed text, or the default when the text is missing. A
/// present but blank text stays blank so that validation can report it.
pub(super) fn text_or_default(text: &Option<String>, default: &str) -> String {
    match text {
        Some(text) => text.trim().to_string(),
        None => default.to_string(),
    }
}

pub(super) fn push(errors: &mut Vec<SettingsError>, field: &str, problem: SettingsProblem) {
    errors.push(SettingsError { field: field.to_string(), problem });
}

#[cfg(test)]
mod tests;
