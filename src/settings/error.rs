//! What can be wrong with stored settings, said so that the options page can
//! show each message beside its field.

use std::fmt;

use serde::Serialize;

use super::endpoint_url::UrlProblem;
use crate::error::{ErrorReport, UserError};

/// One invalid setting: where it is and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    /// Path of the field in the stored settings, such as
    /// `endpoints.local.baseUrl` or `stages.title.model`.
    pub field: String,
    pub problem: SettingsProblem,
}

/// What is wrong with a setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsProblem {
    /// No endpoint is configured at all.
    NoEndpoint,
    /// Two endpoints share an id.
    DuplicateEndpoint { id: String },
    /// The endpoint kind is not one this version knows.
    UnknownKind { kind: String },
    /// The base URL cannot be used.
    InvalidUrl { value: String, problem: UrlProblem },
    /// A key would travel unencrypted to a host outside this machine and
    /// the local network.
    KeyOverPlainHttp { host: String },
    /// The key contains spaces, line breaks or other characters no provider
    /// issues.
    InvalidKey,
    /// No model is named for the endpoint or the stage.
    MissingModel,
    /// The model name contains whitespace or control characters, or is too long.
    InvalidModel { value: String },
    /// A stage names an endpoint that does not exist.
    UnknownEndpoint { id: String },
    /// A number outside its range, such as a temperature of 3.
    NumberOutOfRange { value: String, min: String, max: String },
    /// An output token limit outside 1 to the maximum.
    TokensOutOfRange { value: u64, max: u32 },
    /// An instruction is blank.
    EmptyInstruction,
    /// An instruction is longer than the maximum, in characters.
    InstructionTooLong { chars: usize, max: usize },
    /// An instruction uses a `{variable}` that does not exist.
    UnknownVariable { name: String },
    /// The attribution text is blank.
    EmptyAttribution,
    /// The attribution text is longer than the maximum, in characters.
    AttributionTooLong { chars: usize, max: usize },
    /// The post language has characters no language name uses, or is too long.
    InvalidLanguage { value: String },
    /// The log detail is neither `short` nor `full`.
    UnknownLogDetail { value: String },
    /// The art style list is empty or has a blank entry.
    EmptyArtStyle,
    /// The theme is blank.
    EmptyTheme,
    /// The endpoint's preset needs an API key and none is set.
    MissingKey,
    /// An Azure base URL does not name a deployment
    /// (`…/openai/deployments/NAME`).
    MissingDeployment { value: String },
    /// The Azure `api-version` is not a date such as `2024-10-21`.
    InvalidApiVersion { value: String },
    /// A context window or endpoint output limit outside its range, in tokens.
    BudgetOutOfRange { value: u64, min: u64, max: u64 },
    /// The image stage names an endpoint whose API has no image generation.
    NoImageApi { endpoint: String, api: String },
    /// An image option the chosen image model does not take.
    InvalidImageOption { value: String, allowed: String },
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.field)?;
        match &self.problem {
            SettingsProblem::NoEndpoint => write!(f, "no model endpoint is set up"),
            SettingsProblem::DuplicateEndpoint { id } => write!(f, "two endpoints have the id \"{id}\""),
            SettingsProblem::UnknownKind { kind } => write!(f, "the endpoint type \"{kind}\" is not supported"),
            SettingsProblem::InvalidUrl { value, problem } => {
                write!(f, "the base URL \"{value}\" is invalid: {problem}")
            }
            SettingsProblem::KeyOverPlainHttp { host } => write!(
                f,
                "the API key would be sent unencrypted to {host}, which is not on this computer or the local network"
            ),
            SettingsProblem::InvalidKey => {
                write!(f, "the API key contains spaces, line breaks or non-ASCII characters")
            }
            SettingsProblem::MissingModel => write!(f, "no model is set"),
            SettingsProblem::InvalidModel { value } => write!(f, "the model name \"{value}\" is invalid"),
            SettingsProblem::UnknownEndpoint { id } => write!(f, "the endpoint \"{id}\" does not exist"),
            SettingsProblem::TokensOutOfRange { value, max } => {
                write!(f, "the output token limit {value} is outside 1 to {max}")
            }
            SettingsProblem::NumberOutOfRange { value, min, max } => write!(f, "{value} is outside {min} to {max}"),
            SettingsProblem::EmptyInstruction => write!(f, "the instruction is empty"),
            SettingsProblem::InstructionTooLong { chars, max } => {
                write!(f, "the instruction has {chars} characters, more than the maximum of {max}")
            }
            SettingsProblem::UnknownVariable { name } => {
                write!(f, "the instruction uses an unknown variable {{{name}}}")
            }
            SettingsProblem::EmptyAttribution => write!(f, "the attribution text is empty"),
            SettingsProblem::AttributionTooLong { chars, max } => {
                write!(f, "the attribution text has {chars} characters, more than the maximum of {max}")
            }
            SettingsProblem::InvalidLanguage { value } => {
                write!(f, "\"{value}\" is not a language name such as German or pt-BR")
            }
            SettingsProblem::UnknownLogDetail { value } => {
                write!(f, "the log detail \"{value}\" is neither short nor full")
            }
            SettingsProblem::EmptyArtStyle => write!(f, "the art style list is empty or has a blank entry"),
            SettingsProblem::EmptyTheme => write!(f, "the theme is empty"),
            SettingsProblem::MissingKey => write!(f, "this endpoint needs an API key and none is set"),
            SettingsProblem::MissingDeployment { value } => {
                write!(f, "the Azure URL \"{value}\" does not name a deployment")
            }
            SettingsProblem::InvalidApiVersion { value } => {
                write!(f, "the API version \"{value}\" is not a date such as {}", super::DEFAULT_AZURE_API_VERSION)
            }
            SettingsProblem::BudgetOutOfRange { value, min, max } => {
                write!(f, "{value} tokens is outside {min} to {max}")
            }
            SettingsProblem::NoImageApi { endpoint, api } => {
                write!(f, "the endpoint \"{endpoint}\" speaks {api}, which cannot generate images")
            }
            SettingsProblem::InvalidImageOption { value, allowed } => {
                write!(f, "\"{value}\" is not accepted by this image model (allowed: {allowed})")
            }
        }
    }
}

impl std::error::Error for SettingsError {}

impl UserError for SettingsError {
    fn code(&self) -> &'static str {
        match &self.problem {
            SettingsProblem::NoEndpoint => "settings_no_endpoint",
            SettingsProblem::DuplicateEndpoint { .. } => "settings_duplicate_endpoint",
            SettingsProblem::UnknownKind { .. } => "settings_unknown_kind",
            SettingsProblem::InvalidUrl { .. } => "settings_invalid_url",
            SettingsProblem::KeyOverPlainHttp { .. } => "settings_key_over_plain_http",
            SettingsProblem::InvalidKey => "settings_invalid_key",
            SettingsProblem::MissingModel => "settings_missing_model",
            SettingsProblem::InvalidModel { .. } => "settings_invalid_model",
            SettingsProblem::UnknownEndpoint { .. } => "settings_unknown_endpoint",
            SettingsProblem::TokensOutOfRange { .. } => "settings_tokens_out_of_range",
            SettingsProblem::NumberOutOfRange { .. } => "settings_number_out_of_range",
            SettingsProblem::EmptyInstruction => "settings_empty_instruction",
            SettingsProblem::InstructionTooLong { .. } => "settings_instruction_too_long",
            SettingsProblem::UnknownVariable { .. } => "settings_unknown_variable",
            SettingsProblem::EmptyAttribution => "settings_empty_attribution",
            SettingsProblem::AttributionTooLong { .. } => "settings_attribution_too_long",
            SettingsProblem::InvalidLanguage { .. } => "settings_invalid_language",
            SettingsProblem::UnknownLogDetail { .. } => "settings_unknown_log_detail",
            SettingsProblem::EmptyArtStyle => "settings_empty_art_style",
            SettingsProblem::EmptyTheme => "settings_empty_theme",
            SettingsProblem::MissingKey => "settings_missing_key",
            SettingsProblem::MissingDeployment { .. } => "settings_missing_deployment",
            SettingsProblem::InvalidApiVersion { .. } => "settings_invalid_api_version",
            SettingsProblem::BudgetOutOfRange { .. } => "settings_budget_out_of_range",
            SettingsProblem::NoImageApi { .. } => "settings_no_image_api",
            SettingsProblem::InvalidImageOption { .. } => "settings_invalid_image_option",
        }
    }

    /// The first argument is always the field path; the rest are the values
    /// the message names.
    fn args(&self) -> Vec<String> {
        let mut args = vec![self.field.clone()];
        match &self.problem {
            SettingsProblem::DuplicateEndpoint { id } | SettingsProblem::UnknownEndpoint { id } => {
                args.push(id.clone())
            }
            SettingsProblem::UnknownKind { kind } => args.push(kind.clone()),
            SettingsProblem::InvalidUrl { value, problem } => {
                args.push(value.clone());
                args.push(problem.code().to_string());
            }
            SettingsProblem::KeyOverPlainHttp { host } => args.push(host.clone()),
            SettingsProblem::InvalidModel { value } => args.push(value.clone()),
            SettingsProblem::TokensOutOfRange { value, max } => {
                args.push(value.to_string());
                args.push(max.to_string());
            }
            SettingsProblem::NumberOutOfRange { value, min, max } => {
                args.push(value.clone());
                args.push(min.clone());
                args.push(max.clone());
            }
            SettingsProblem::InstructionTooLong { chars, max } | SettingsProblem::AttributionTooLong { chars, max } => {
                args.push(chars.to_string());
                args.push(max.to_string());
            }
            SettingsProblem::UnknownVariable { name } => args.push(name.clone()),
            SettingsProblem::InvalidLanguage { value } | SettingsProblem::UnknownLogDetail { value } => {
                args.push(value.clone())
            }
            SettingsProblem::MissingDeployment { value } | SettingsProblem::InvalidApiVersion { value } => {
                args.push(value.clone())
            }
            SettingsProblem::BudgetOutOfRange { value, min, max } => {
                args.push(value.to_string());
                args.push(min.to_string());
                args.push(max.to_string());
            }
            SettingsProblem::NoImageApi { endpoint, api } => {
                args.push(endpoint.clone());
                args.push(api.clone());
            }
            SettingsProblem::InvalidImageOption { value, allowed } => {
                args.push(value.clone());
                args.push(allowed.clone());
            }
            SettingsProblem::MissingKey
            | SettingsProblem::NoEndpoint
            | SettingsProblem::InvalidKey
            | SettingsProblem::MissingModel
            | SettingsProblem::EmptyInstruction
            | SettingsProblem::EmptyAttribution
            | SettingsProblem::EmptyArtStyle
            | SettingsProblem::EmptyTheme => {}
        }
        args
    }

    fn hint(&self) -> String {
        match &self.problem {
            SettingsProblem::NoEndpoint => {
                "Open the options page and enter the base URL and model of an OpenAI-compatible endpoint.".into()
            }
            SettingsProblem::DuplicateEndpoint { .. } => "Remove one of the endpoints in the options page.".into(),
            SettingsProblem::UnknownKind { .. } => "Choose an endpoint type from the list in the options page.".into(),
            SettingsProblem::InvalidUrl { .. } => {
                "Enter a base URL such as https://api.openai.com/v1 or http://localhost:11434/v1.".into()
            }
            SettingsProblem::KeyOverPlainHttp { .. } => "Use an https:// URL for this endpoint.".into(),
            SettingsProblem::InvalidKey => {
                "Copy the key again from your provider's dashboard and paste only the key.".into()
            }
            SettingsProblem::MissingModel => "Enter a model name, such as gpt-4o-mini or llama3.2.".into(),
            SettingsProblem::InvalidModel { .. } => {
                "Enter the model name exactly as your provider lists it, without spaces.".into()
            }
            SettingsProblem::UnknownEndpoint { .. } => "Pick one of the configured endpoints for this stage.".into(),
            SettingsProblem::TokensOutOfRange { .. } => "Enter a whole number of tokens within the range.".into(),
            SettingsProblem::NumberOutOfRange { .. } => {
                "Enter a number within the range, or leave the field empty.".into()
            }
            SettingsProblem::EmptyInstruction => "Write an instruction or click Reset to default.".into(),
            SettingsProblem::InstructionTooLong { .. } => "Shorten the instruction.".into(),
            SettingsProblem::UnknownVariable { .. } => format!(
                "Use one of {}, or write {{{{ and }}}} for literal braces.",
                crate::template::VARIABLES.map(|name| format!("{{{name}}}")).join(", ")
            ),
            SettingsProblem::EmptyAttribution => "Write an attribution text or reset it to the default.".into(),
            SettingsProblem::AttributionTooLong { .. } => "Shorten the attribution text.".into(),
            SettingsProblem::InvalidLanguage { .. } => format!(
                "Enter a language name of at most {} characters, such as German or pt-BR, or leave the field empty \
                 to write in the article's language.",
                super::MAX_LANGUAGE_CHARS
            ),
            SettingsProblem::UnknownLogDetail { .. } => "Pick short references or full prompts.".into(),
            SettingsProblem::EmptyArtStyle => "Enter at least one art style and remove blank entries.".into(),
            SettingsProblem::EmptyTheme => "Describe a theme or reset it to the default.".into(),
            SettingsProblem::MissingKey => {
                "Paste the API key from your provider's dashboard into the API key field of this endpoint.".into()
            }
            SettingsProblem::MissingDeployment { .. } => {
                "Enter the deployment URL, such as https://RESOURCE.openai.azure.com/openai/deployments/DEPLOYMENT."
                    .into()
            }
            SettingsProblem::InvalidApiVersion { .. } => {
                format!("Enter a version such as {}, or leave the field empty.", super::DEFAULT_AZURE_API_VERSION)
            }
            SettingsProblem::BudgetOutOfRange { .. } => {
                "Enter the token count from the model's documentation, or leave the field empty for the preset's."
                    .into()
            }
            SettingsProblem::NoImageApi { .. } => {
                "Pick an OpenAI or Azure OpenAI endpoint for the image stage, or turn the image stage off.".into()
            }
            SettingsProblem::InvalidImageOption { .. } => "Pick one of the allowed values.".into(),
        }
    }
}

/// A settings error as the options page receives it: the report plus the
/// field it belongs beside.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldError {
    pub field: String,
    #[serde(flatten)]
    pub report: ErrorReport,
}

impl From<&SettingsError> for FieldError {
    fn from(error: &SettingsError) -> Self {
        Self { field: error.field.clone(), report: error.report() }
    }
}
