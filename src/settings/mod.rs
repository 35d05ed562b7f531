//! Settings: from the JSON the extension stores to a validated [`Settings`].
//!
//! This is the one place where stored settings are checked. The options page
//! calls [`validate`] to show every problem beside its field; a run calls it
//! once at the start and passes the validated value down, so no later step
//! re-checks or guesses. API keys arrive separately from the settings (the
//! extension keeps them apart in storage) and are attached to their endpoint
//! here as [`ApiKey`] values.

pub mod defaults;
pub mod endpoint_url;
mod error;

use std::collections::HashMap;

use serde::Deserialize;

pub use endpoint_url::{EndpointUrl, HostClass, Scheme, UrlProblem};
pub use error::{FieldError, SettingsError, SettingsProblem};

use crate::secret::ApiKey;
use crate::template;

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
    /// `openai` for Chat Completions and compatible servers.
    pub kind: String,
    pub base_url: String,
    pub model: String,
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
    pub include_log: Option<bool>,
}

/// The kind of API an endpoint speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndpointKind {
    /// OpenAI Chat Completions and the servers compatible with it.
    OpenAi,
}

/// A validated endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    pub id: String,
    /// Name the user gave it, or the id.
    pub name: String,
    pub kind: EndpointKind,
    pub base_url: EndpointUrl,
    pub model: String,
    pub key: Option<ApiKey>,
    pub stream: bool,
    pub temperature: Option<f64>,
    pub frequency_penalty: Option<f64>,
}

/// The stages, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum StageKind {
    Post,
    Title,
    Description,
}

impl StageKind {
    pub const ALL: [StageKind; 3] = [StageKind::Post, StageKind::Title, StageKind::Description];

    /// Returns the name used in settings paths and locale keys.
    pub fn key(self) -> &'static str {
        match self {
            Self::Post => "post",
            Self::Title => "title",
            Self::Description => "description",
        }
    }

    fn default_instruction(self) -> &'static str {
        match self {
            Self::Post => defaults::POST_INSTRUCTION,
            Self::Title => defaults::TITLE_INSTRUCTION,
            Self::Description => defaults::DESCRIPTION_INSTRUCTION,
        }
    }

    fn default_max_tokens(self) -> u32 {
        match self {
            Self::Post => defaults::POST_MAX_TOKENS,
            Self::Title => defaults::TITLE_MAX_TOKENS,
            Self::Description => defaults::DESCRIPTION_MAX_TOKENS,
        }
    }
}

/// A validated stage.
#[derive(Debug, Clone, PartialEq)]
pub struct StageSettings {
    pub kind: StageKind,
    pub enabled: bool,
    /// The endpoint this stage calls.
    pub endpoint: Endpoint,
    pub model: String,
    /// The instruction template, before variables are expanded.
    pub instruction: String,
    pub max_tokens: u32,
}

/// Validated settings for one run.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub endpoints: Vec<Endpoint>,
    pub post: StageSettings,
    pub title: StageSettings,
    pub description: StageSettings,
    pub art_styles: Vec<String>,
    pub theme: String,
    pub attribution: String,
    pub include_title: bool,
    pub include_log: bool,
}

impl Settings {
    pub fn stage(&self, kind: StageKind) -> &StageSettings {
        match kind {
            StageKind::Post => &self.post,
            StageKind::Title => &self.title,
            StageKind::Description => &self.description,
        }
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
    stages
}

/// Validates stored settings and attaches each endpoint's key. `keys` maps
/// endpoint ids to keys. Returns every problem found, not only the first.
pub fn validate(raw: &RawSettings, keys: &HashMap<String, String>) -> Result<Settings, Vec<SettingsError>> {
    let mut errors = Vec::new();

    let endpoints = validate_endpoints(&raw.endpoints, keys, &mut errors);
    let declared: Vec<&str> = raw.endpoints.iter().map(|e| e.id.trim()).collect();
    let post = validate_stage(&raw.stages.post, StageKind::Post, &endpoints, &declared, &mut errors);
    let title = validate_stage(&raw.stages.title, StageKind::Title, &endpoints, &declared, &mut errors);
    let description =
        validate_stage(&raw.stages.description, StageKind::Description, &endpoints, &declared, &mut errors);

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

    let attribution = text_or_default(&raw.output.attribution, defaults::ATTRIBUTION);
    let chars = attribution.chars().count();
    if attribution.is_empty() {
        push(&mut errors, "output.attribution", SettingsProblem::EmptyAttribution);
    } else if chars > defaults::MAX_ATTRIBUTION_CHARS {
        push(
            &mut errors,
            "output.attribution",
            SettingsProblem::AttributionTooLong { chars, max: defaults::MAX_ATTRIBUTION_CHARS },
        );
    }

    let (Some(post), Some(title), Some(description)) = (post, title, description) else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Settings {
        endpoints,
        post,
        title,
        description,
        art_styles,
        theme,
        attribution,
        include_title: raw.output.include_title.unwrap_or(true),
        include_log: raw.output.include_log.unwrap_or(true),
    })
}

fn validate_endpoints(
    raw: &[RawEndpoint],
    keys: &HashMap<String, String>,
    errors: &mut Vec<SettingsError>,
) -> Vec<Endpoint> {
    if raw.is_empty() {
        push(errors, "endpoints", SettingsProblem::NoEndpoint);
        return Vec::new();
    }

    let mut endpoints = Vec::new();
    for (index, endpoint) in raw.iter().enumerate() {
        let id = match endpoint.id.trim() {
            "" => format!("endpoint-{}", index + 1),
            id => id.to_string(),
        };
        let field = |name: &str| format!("endpoints.{id}.{name}");

        if endpoints.iter().any(|e: &Endpoint| e.id == id) {
            push(errors, &field("id"), SettingsProblem::DuplicateEndpoint { id: id.clone() });
            continue;
        }

        let kind = match endpoint.kind.trim() {
            "" | "openai" => EndpointKind::OpenAi,
            other => {
                push(errors, &field("kind"), SettingsProblem::UnknownKind { kind: other.to_string() });
                continue;
            }
        };

        // Every field is checked even when an earlier one is invalid, so the
        // options page can mark all of them at once.
        let base_url = match EndpointUrl::parse(&endpoint.base_url) {
            Ok(url) => Some(url.without_path_suffix("/chat/completions")),
            Err(problem) => {
                push(
                    errors,
                    &field("baseUrl"),
                    SettingsProblem::InvalidUrl { value: endpoint.base_url.trim().to_string(), problem },
                );
                None
            }
        };

        let key = keys.get(&id).map(ApiKey::new).filter(|key| !key.is_empty());
        if let Some(key) = &key {
            if !key.expose().chars().all(|c| c.is_ascii_graphic()) {
                push(errors, &field("apiKey"), SettingsProblem::InvalidKey);
            }
            if let Some(url) =
                base_url.as_ref().filter(|url| url.scheme() == Scheme::Http && url.host_class() == HostClass::Public)
            {
                push(errors, &field("baseUrl"), SettingsProblem::KeyOverPlainHttp { host: url.host().to_string() });
            }
        }

        let model = endpoint.model.trim().to_string();
        check_model(&model, &field("model"), errors);

        let temperature = check_range(endpoint.temperature, 0.0, 2.0, &field("temperature"), errors);
        let frequency_penalty = check_range(endpoint.frequency_penalty, -2.0, 2.0, &field("frequencyPenalty"), errors);

        let Some(base_url) = base_url else {
            continue;
        };
        let name = match endpoint.name.trim() {
            "" => id.clone(),
            name => name.to_string(),
        };
        endpoints.push(Endpoint {
            id,
            name,
            kind,
            base_url,
            model,
            key,
            stream: endpoint.stream.unwrap_or(true),
            temperature,
            frequency_penalty,
        });
    }
    endpoints
}

/// Validates one stage. `declared` holds every endpoint id in the stored
/// settings, valid or not: a stage that names an endpoint which exists but
/// is invalid adds no error of its own, because the endpoint's fields are
/// already marked.
fn validate_stage(
    raw: &RawStage,
    kind: StageKind,
    endpoints: &[Endpoint],
    declared: &[&str],
    errors: &mut Vec<SettingsError>,
) -> Option<StageSettings> {
    let field = |name: &str| format!("stages.{}.{name}", kind.key());

    let endpoint = match raw.endpoint_id.as_deref().map(str::trim).filter(|id| !id.is_empty()) {
        None => endpoints.first()?,
        Some(id) => match endpoints.iter().find(|e| e.id == id) {
            Some(endpoint) => endpoint,
            None if declared.contains(&id) => return None,
            None => {
                push(errors, &field("endpointId"), SettingsProblem::UnknownEndpoint { id: id.to_string() });
                return None;
            }
        },
    };

    let model = match raw.model.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        Some(model) => {
            check_model(model, &field("model"), errors);
            model.to_string()
        }
        None => endpoint.model.clone(),
    };

    let instruction = text_or_default(&raw.instruction, kind.default_instruction());
    let chars = instruction.chars().count();
    if instruction.is_empty() {
        push(errors, &field("instruction"), SettingsProblem::EmptyInstruction);
    } else if chars > defaults::MAX_INSTRUCTION_CHARS {
        push(
            errors,
            &field("instruction"),
            SettingsProblem::InstructionTooLong { chars, max: defaults::MAX_INSTRUCTION_CHARS },
        );
    } else if let Some(name) = template::find_unknown_variable(&instruction) {
        push(errors, &field("instruction"), SettingsProblem::UnknownVariable { name });
    }

    let max_tokens = match raw.max_tokens {
        None => kind.default_max_tokens(),
        Some(value) if (1..=u64::from(defaults::MAX_OUTPUT_TOKENS)).contains(&value) => value as u32,
        Some(value) => {
            push(
                errors,
                &field("maxTokens"),
                SettingsProblem::TokensOutOfRange { value, max: defaults::MAX_OUTPUT_TOKENS },
            );
            kind.default_max_tokens()
        }
    };

    let enabled = match kind {
        StageKind::Post | StageKind::Title => true,
        StageKind::Description => raw.enabled.unwrap_or(true),
    };
    Some(StageSettings { kind, enabled, endpoint: endpoint.clone(), model, instruction, max_tokens })
}

fn check_range(value: Option<f64>, min: f64, max: f64, field: &str, errors: &mut Vec<SettingsError>) -> Option<f64> {
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

fn check_model(model: &str, field: &str, errors: &mut Vec<SettingsError>) {
    if model.is_empty() {
        push(errors, field, SettingsProblem::MissingModel);
    } else if model.chars().count() > MAX_MODEL_CHARS || model.chars().any(|c| c.is_whitespace() || c.is_control()) {
        push(errors, field, SettingsProblem::InvalidModel { value: model.to_string() });
    }
}

/// Returns the trimmed text, or the default when the text is missing. A
/// present but blank text stays blank so that validation can report it.
fn text_or_default(text: &Option<String>, default: &str) -> String {
    match text {
        Some(text) => text.trim().to_string(),
        None => default.to_string(),
    }
}

fn push(errors: &mut Vec<SettingsError>, field: &str, problem: SettingsProblem) {
    errors.push(SettingsError { field: field.to_string(), problem });
}

#[cfg(test)]
mod tests;
