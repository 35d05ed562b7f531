//! Endpoints: which API an endpoint speaks, where it is, its key and its
//! token budget, validated from what the options page stored.
//!
//! Each kind has its own base URL shape (a deployment URL for Azure, a bare
//! host for Ollama's native API, none at all for the browser's model), so the
//! URL is normalised per kind here and the provider modules can join paths
//! without guessing.

use std::collections::HashMap;

use serde::Serialize;

use super::endpoint_url::{EndpointUrl, HostClass, Scheme};
use super::presets::{self, KeyNeed, Preset};
use super::{RawEndpoint, SettingsError, SettingsProblem, check_model, check_range, push};
use crate::secret::ApiKey;

/// Azure OpenAI API version sent when the user sets none; the current
/// generally available version as of late 2024.
pub const DEFAULT_AZURE_API_VERSION: &str = "2024-10-21";

/// Model name recorded for the browser's built-in model when the user names
/// none; Chrome's Prompt API runs Gemini Nano and does not report a name.
pub const BUILT_IN_MODEL: &str = "gemini-nano";

/// Smallest context window accepted, in tokens.
pub const MIN_CONTEXT_TOKENS: u64 = 1_024;

/// Largest context window accepted, in tokens.
pub const MAX_CONTEXT_TOKENS: u64 = 10_000_000;

/// Shortest and longest request timeout a user may set, in seconds.
pub const TIMEOUT_SECONDS_RANGE: (u64, u64) = (5, 3_600);

/// The kind of API an endpoint speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum EndpointKind {
    /// OpenAI Chat Completions and the servers compatible with it.
    #[serde(rename = "openai")]
    OpenAi,
    /// Azure OpenAI: Chat Completions on a deployment URL, `api-key` header.
    #[serde(rename = "azure")]
    Azure,
    /// Anthropic Messages.
    #[serde(rename = "anthropic")]
    Anthropic,
    /// Google Gemini's native `generateContent`.
    #[serde(rename = "gemini")]
    Gemini,
    /// Ollama's native `/api/chat`.
    #[serde(rename = "ollama")]
    Ollama,
    /// The browser's built-in model (Chrome's Prompt API).
    #[serde(rename = "builtin")]
    BuiltIn,
}

impl EndpointKind {
    /// Parses the stored kind; an empty value is `openai`, the only kind
    /// earlier versions stored.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "" | "openai" => Some(Self::OpenAi),
            "azure" => Some(Self::Azure),
            "anthropic" => Some(Self::Anthropic),
            "gemini" => Some(Self::Gemini),
            "ollama" => Some(Self::Ollama),
            "builtin" => Some(Self::BuiltIn),
            _ => None,
        }
    }

    /// Returns the name of the API, as messages name it.
    pub fn api_name(self) -> &'static str {
        match self {
            Self::OpenAi => "OpenAI-compatible Chat Completions",
            Self::Azure => "Azure OpenAI",
            Self::Anthropic => "Anthropic Messages",
            Self::Gemini => "Gemini generateContent",
            Self::Ollama => "Ollama /api/chat",
            Self::BuiltIn => "Prompt API",
        }
    }

    /// True when the OpenAI Images API can be reached through this kind.
    pub fn serves_images(self) -> bool {
        matches!(self, Self::OpenAi | Self::Azure)
    }
}

/// A validated endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    pub id: String,
    /// Name the user gave it, or the id.
    pub name: String,
    pub kind: EndpointKind,
    /// Id of the preset it was made from, when it was.
    pub preset: Option<&'static str>,
    /// Base URL, normalised for the kind; `None` only for the built-in model.
    pub base_url: Option<EndpointUrl>,
    pub model: String,
    pub key: Option<ApiKey>,
    pub stream: bool,
    pub temperature: Option<f64>,
    pub frequency_penalty: Option<f64>,
    /// Azure's `api-version` query value; `None` for other kinds.
    pub api_version: Option<String>,
    /// Context window of the model, in tokens.
    pub context_tokens: u32,
    /// Largest response the model may write, in tokens.
    pub max_output_tokens: u32,
    /// How long a request may wait for the first byte or the next one, in
    /// milliseconds.
    pub timeout_ms: u64,
}

impl Endpoint {
    /// Returns the name and base URL as messages show them, such as
    /// `Local (http://127.0.0.1:8080/v1)`.
    pub fn label(&self) -> String {
        match &self.base_url {
            Some(url) => format!("{} ({url})", self.name),
            None => self.name.clone(),
        }
    }

    /// True when this endpoint is an Ollama server, whichever API it speaks:
    /// the native kind, the Ollama preset, or Ollama's default port.
    pub fn is_ollama(&self) -> bool {
        self.kind == EndpointKind::Ollama
            || self.preset == Some("ollama-openai")
            || self.base_url.as_ref().is_some_and(|url| url.port() == Some(11434))
    }
}

/// Validates every endpoint and attaches its key; problems go to `errors`.
pub(super) fn validate_endpoints(
    raw: &[RawEndpoint],
    keys: &HashMap<String, String>,
    errors: &mut Vec<SettingsError>,
) -> Vec<Endpoint> {
    if raw.is_empty() {
        push(errors, "endpoints", SettingsProblem::NoEndpoint);
        return Vec::new();
    }

    let mut endpoints: Vec<Endpoint> = Vec::new();
    for (index, endpoint) in raw.iter().enumerate() {
        let id = match endpoint.id.trim() {
            "" => format!("endpoint-{}", index + 1),
            id => id.to_string(),
        };
        if endpoints.iter().any(|e| e.id == id) {
            push(errors, &format!("endpoints.{id}.id"), SettingsProblem::DuplicateEndpoint { id: id.clone() });
            continue;
        }
        if let Some(valid) = validate_endpoint(endpoint, id, keys, errors) {
            endpoints.push(valid);
        }
    }
    endpoints
}

fn validate_endpoint(
    endpoint: &RawEndpoint,
    id: String,
    keys: &HashMap<String, String>,
    errors: &mut Vec<SettingsError>,
) -> Option<Endpoint> {
    let field = |name: &str| format!("endpoints.{id}.{name}");

    let Some(kind) = EndpointKind::parse(endpoint.kind.trim()) else {
        push(errors, &field("kind"), SettingsProblem::UnknownKind { kind: endpoint.kind.trim().to_string() });
        return None;
    };
    let preset = presets::find(endpoint.preset.trim()).filter(|preset| preset.kind == kind);

    // Every field is checked even when an earlier one is invalid, so the
    // options page can mark all of them at once.
    let base_url = match kind {
        EndpointKind::BuiltIn => None,
        _ => match EndpointUrl::parse(&endpoint.base_url) {
            Ok(url) => normalise_url(url, kind, &field("baseUrl"), errors),
            Err(problem) => {
                push(
                    errors,
                    &field("baseUrl"),
                    SettingsProblem::InvalidUrl { value: endpoint.base_url.trim().to_string(), problem },
                );
                None
            }
        },
    };

    let key = match kind {
        // The browser's model takes no key, and a stored one is never sent.
        EndpointKind::BuiltIn => None,
        _ => keys.get(&id).map(ApiKey::new).filter(|key| !key.is_empty()),
    };
    check_key(key.as_ref(), base_url.as_ref(), preset, &field, errors);

    let model = match (endpoint.model.trim(), kind, &base_url) {
        ("", EndpointKind::BuiltIn, _) => BUILT_IN_MODEL.to_string(),
        ("", EndpointKind::Azure, Some(url)) => url.path().rsplit('/').next().unwrap_or_default().to_string(),
        (model, _, _) => model.to_string(),
    };
    check_model(&model, &field("model"), errors);

    let temperature = check_range(endpoint.temperature, 0.0, 2.0, &field("temperature"), errors);
    let frequency_penalty = check_range(endpoint.frequency_penalty, -2.0, 2.0, &field("frequencyPenalty"), errors);

    let api_version = match kind {
        EndpointKind::Azure => Some(check_api_version(endpoint.api_version.as_deref(), &field("apiVersion"), errors)),
        _ => None,
    };

    let (context_tokens, max_output_tokens) = budget(endpoint, kind, preset, &field, errors);
    let timeout_ms = timeout_ms(endpoint.timeout_seconds, &field("timeoutSeconds"), errors);

    if kind != EndpointKind::BuiltIn && base_url.is_none() {
        return None;
    }
    let name = match endpoint.name.trim() {
        "" => id.clone(),
        name => name.to_string(),
    };
    Some(Endpoint {
        id,
        name,
        kind,
        preset: preset.map(|preset| preset.id),
        base_url,
        model,
        key,
        stream: endpoint.stream.unwrap_or(true),
        temperature,
        frequency_penalty,
        api_version,
        context_tokens,
        max_output_tokens,
        timeout_ms,
    })
}

/// Removes API paths users paste with the base URL and fills in the version
/// path of APIs whose base URL is a bare host.
fn normalise_url(
    url: EndpointUrl,
    kind: EndpointKind,
    field: &str,
    errors: &mut Vec<SettingsError>,
) -> Option<EndpointUrl> {
    match kind {
        EndpointKind::OpenAi => {
            Some(url.without_path_suffix("/chat/completions").without_path_suffix("/images/generations"))
        }
        EndpointKind::Azure => {
            let url = url.without_path_suffix("/chat/completions").without_path_suffix("/images/generations");
            let segments: Vec<&str> = url.path().split('/').filter(|s| !s.is_empty()).collect();
            let is_deployment =
                segments.len() >= 3 && segments[segments.len() - 3..segments.len() - 1] == ["openai", "deployments"];
            if is_deployment {
                return Some(url);
            }
            push(errors, field, SettingsProblem::MissingDeployment { value: url.to_string() });
            None
        }
        EndpointKind::Anthropic => Some(url.without_path_suffix("/messages").with_default_path("/v1")),
        EndpointKind::Gemini => Some(url.truncated_at("/models").with_default_path("/v1beta")),
        EndpointKind::Ollama => {
            Some(url.without_path_suffix("/api/chat").without_path_suffix("/api").without_path_suffix("/v1"))
        }
        EndpointKind::BuiltIn => None,
    }
}

fn check_key(
    key: Option<&ApiKey>,
    base_url: Option<&EndpointUrl>,
    preset: Option<&Preset>,
    field: &dyn Fn(&str) -> String,
    errors: &mut Vec<SettingsError>,
) {
    let Some(key) = key else {
        if preset.is_some_and(|preset| preset.key == KeyNeed::Required) {
            push(errors, &field("apiKey"), SettingsProblem::MissingKey);
        }
        return;
    };
    if !key.expose().chars().all(|c| c.is_ascii_graphic()) {
        push(errors, &field("apiKey"), SettingsProblem::InvalidKey);
    }
    if let Some(url) = base_url.filter(|url| url.scheme() == Scheme::Http && url.host_class() == HostClass::Public) {
        push(errors, &field("baseUrl"), SettingsProblem::KeyOverPlainHttp { host: url.host().to_string() });
    }
}

fn check_api_version(value: Option<&str>, field: &str, errors: &mut Vec<SettingsError>) -> String {
    let version = value.map(str::trim).filter(|v| !v.is_empty()).unwrap_or(DEFAULT_AZURE_API_VERSION);
    let date = version.strip_suffix("-preview").unwrap_or(version);
    let shaped = date.len() == 10
        && date.char_indices().all(|(i, c)| if i == 4 || i == 7 { c == '-' } else { c.is_ascii_digit() });
    if !shaped {
        push(errors, field, SettingsProblem::InvalidApiVersion { value: version.to_string() });
    }
    version.to_string()
}

/// Resolves the context window and output limit: the user's values, else
/// the preset's, else the kind's.
fn budget(
    endpoint: &RawEndpoint,
    kind: EndpointKind,
    preset: Option<&Preset>,
    field: &dyn Fn(&str) -> String,
    errors: &mut Vec<SettingsError>,
) -> (u32, u32) {
    let (default_context, default_output) =
        preset.map(|p| (p.context_tokens, p.max_output_tokens)).unwrap_or_else(|| presets::kind_budget(kind));

    let context = match endpoint.context_tokens {
        None => default_context,
        Some(value) if (MIN_CONTEXT_TOKENS..=MAX_CONTEXT_TOKENS).contains(&value) => value as u32,
        Some(value) => {
            push(
                errors,
                &field("contextTokens"),
                SettingsProblem::BudgetOutOfRange { value, min: MIN_CONTEXT_TOKENS, max: MAX_CONTEXT_TOKENS },
            );
            default_context
        }
    };

    let max_output = u64::from(context) / 2;
    let output = match endpoint.max_output_tokens {
        None => default_output.min(context / 2),
        Some(value) if (1..=max_output).contains(&value) => value as u32,
        Some(value) => {
            push(
                errors,
                &field("maxOutputTokens"),
                SettingsProblem::BudgetOutOfRange { value, min: 1, max: max_output },
            );
            default_output.min(context / 2)
        }
    };
    (context, output)
}

fn timeout_ms(seconds: Option<u64>, field: &str, errors: &mut Vec<SettingsError>) -> u64 {
    let (min, max) = TIMEOUT_SECONDS_RANGE;
    match seconds {
        None => super::defaults::REQUEST_TIMEOUT_MS,
        Some(value) if (min..=max).contains(&value) => value * 1000,
        Some(value) => {
            push(
                errors,
                field,
                SettingsProblem::NumberOutOfRange {
                    value: value.to_string(),
                    min: min.to_string(),
                    max: max.to_string(),
                },
            );
            super::defaults::REQUEST_TIMEOUT_MS
        }
    }
}
