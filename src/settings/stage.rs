//! Stages: which endpoint and model each one calls, its instruction and its
//! output limit, validated from what the options page stored.

use serde::{Deserialize, Serialize};

use super::endpoint::{Endpoint, EndpointKind};
use super::image::{DEFAULT_IMAGE_MODEL, ImageOptions, validate_image_options};
use super::{RawStage, SettingsError, SettingsProblem, check_model, defaults, push, text_or_default};
use crate::template;

/// The stages, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum StageKind {
    Post,
    Title,
    Description,
    /// The illustration, drawn by the OpenAI Images API from the description.
    Image,
}

impl StageKind {
    pub const ALL: [StageKind; 4] = [StageKind::Post, StageKind::Title, StageKind::Description, StageKind::Image];

    /// Returns the name used in settings paths and locale keys.
    pub fn key(self) -> &'static str {
        match self {
            Self::Post => "post",
            Self::Title => "title",
            Self::Description => "description",
            Self::Image => "image",
        }
    }

    /// True for stages the user may turn off.
    pub fn is_optional(self) -> bool {
        matches!(self, Self::Description | Self::Image)
    }

    fn default_instruction(self) -> &'static str {
        match self {
            Self::Post => defaults::POST_INSTRUCTION,
            Self::Title => defaults::TITLE_INSTRUCTION,
            Self::Description => defaults::DESCRIPTION_INSTRUCTION,
            Self::Image => "",
        }
    }

    fn default_max_tokens(self) -> u32 {
        match self {
            Self::Post => defaults::POST_MAX_TOKENS,
            Self::Title => defaults::TITLE_MAX_TOKENS,
            Self::Description => defaults::DESCRIPTION_MAX_TOKENS,
            Self::Image => 0,
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
    /// The instruction template, before variables are expanded; empty for
    /// the image stage, whose prompt is the description.
    pub instruction: String,
    /// Output token limit: the stage's own, capped by the endpoint's.
    pub max_tokens: u32,
    /// Options of the image stage; `None` for the other stages.
    pub image: Option<ImageOptions>,
}

/// Validates one stage. `declared` holds every endpoint id in the stored
/// settings, valid or not: a stage that names an endpoint which exists but
/// is invalid adds no error of its own, because the endpoint's fields are
/// already marked.
pub(super) fn validate_stage(
    raw: &RawStage,
    kind: StageKind,
    endpoints: &[Endpoint],
    declared: &[&str],
    errors: &mut Vec<SettingsError>,
) -> Option<StageSettings> {
    let field = |name: &str| format!("stages.{}.{name}", kind.key());

    let enabled = match kind {
        StageKind::Post | StageKind::Title => true,
        StageKind::Description => raw.enabled.unwrap_or(true),
        // The image stage costs money per image, so it runs only when the
        // user turned it on.
        StageKind::Image => raw.enabled.unwrap_or(false),
    };

    // A stage that is off reports nothing: its settings may wait for an
    // endpoint the user has not added yet.
    let mut scratch = Vec::new();
    let errors = if enabled { errors } else { &mut scratch };

    let endpoint = match raw.endpoint_id.as_deref().map(str::trim).filter(|id| !id.is_empty()) {
        None if kind == StageKind::Image => endpoints.iter().find(|e| e.kind.serves_images()).or(endpoints.first())?,
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
    if kind == StageKind::Image && !endpoint.kind.serves_images() {
        push(
            errors,
            &field("endpointId"),
            SettingsProblem::NoImageApi { endpoint: endpoint.name.clone(), api: endpoint.kind.api_name().into() },
        );
    }

    let model = match raw.model.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        Some(model) => {
            check_model(model, &field("model"), errors);
            model.to_string()
        }
        None if kind == StageKind::Image => DEFAULT_IMAGE_MODEL.to_string(),
        None => endpoint.model.clone(),
    };

    let instruction = match kind {
        StageKind::Image => String::new(),
        _ => validate_instruction(raw, kind, &field("instruction"), errors),
    };

    let max_tokens = match raw.max_tokens {
        _ if kind == StageKind::Image => 0,
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
    let max_tokens = match endpoint.kind {
        // The Prompt API takes no output limit; the model's own applies.
        EndpointKind::BuiltIn => max_tokens,
        _ => max_tokens.min(endpoint.max_output_tokens),
    };

    let image = (kind == StageKind::Image).then(|| validate_image_options(raw, &model, errors));
    Some(StageSettings { kind, enabled, endpoint: endpoint.clone(), model, instruction, max_tokens, image })
}

fn validate_instruction(raw: &RawStage, kind: StageKind, field: &str, errors: &mut Vec<SettingsError>) -> String {
    let instruction = text_or_default(&raw.instruction, kind.default_instruction());
    let chars = instruction.chars().count();
    if instruction.is_empty() {
        push(errors, field, SettingsProblem::EmptyInstruction);
    } else if chars > defaults::MAX_INSTRUCTION_CHARS {
        push(errors, field, SettingsProblem::InstructionTooLong { chars, max: defaults::MAX_INSTRUCTION_CHARS });
    } else if let Some(name) = template::find_unknown_variable(&instruction) {
        push(errors, field, SettingsProblem::UnknownVariable { name });
    }
    instruction
}
