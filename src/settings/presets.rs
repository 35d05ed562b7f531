//! Presets: the endpoints users most often bring, with the API each speaks,
//! its usual base URL and a token budget to start from.
//!
//! The options page lists this table (through the wasm boundary) and fills an
//! endpoint from the chosen row; validation falls back to a preset's budget
//! when the user sets none. The budgets are conservative starting points for
//! the providers' common models, not facts about every model they serve: the
//! user sets the real context window of the model they pick.

use serde::Serialize;

use super::EndpointKind;

/// Whether an endpoint needs an API key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum KeyNeed {
    /// Requests without a key are rejected.
    Required,
    /// Some deployments need one (a proxy, a server started with a key).
    Optional,
    /// The API takes no key.
    None,
}

/// One row of the preset table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Preset {
    /// Stable identifier stored in the settings (`openai`, `ollama`, …).
    pub id: &'static str,
    /// Product name, shown as written in every language.
    pub name: &'static str,
    pub kind: EndpointKind,
    /// Base URL to start from; `RESOURCE` and `DEPLOYMENT` are placeholders
    /// the user replaces. Empty for the browser's built-in model.
    pub base_url: &'static str,
    pub key: KeyNeed,
    /// Context window assumed when the user sets none, in tokens.
    pub context_tokens: u32,
    /// Largest response assumed when the user sets none, in tokens.
    pub max_output_tokens: u32,
    /// A model name to suggest in the model field.
    pub model_example: &'static str,
    /// True when the endpoint lists its models, so the options page can offer them.
    pub lists_models: bool,
}

const fn preset(
    id: &'static str,
    name: &'static str,
    kind: EndpointKind,
    base_url: &'static str,
    key: KeyNeed,
    budget: (u32, u32),
    model_example: &'static str,
) -> Preset {
    let lists_models = !matches!(kind, EndpointKind::Azure | EndpointKind::BuiltIn);
    Preset {
        id,
        name,
        kind,
        base_url,
        key,
        context_tokens: budget.0,
        max_output_tokens: budget.1,
        model_example,
        lists_models,
    }
}

/// Every preset, in the order the options page lists them.
pub const PRESETS: [Preset; 15] = [
    preset(
        "openai",
        "OpenAI",
        EndpointKind::OpenAi,
        "https://api.openai.com/v1",
        KeyNeed::Required,
        (128_000, 16_384),
        "gpt-4o-mini",
    ),
    preset(
        "azure",
        "Azure OpenAI",
        EndpointKind::Azure,
        "https://RESOURCE.openai.azure.com/openai/deployments/DEPLOYMENT",
        KeyNeed::Required,
        (128_000, 16_384),
        "gpt-4o-mini",
    ),
    preset(
        "anthropic",
        "Anthropic",
        EndpointKind::Anthropic,
        "https://api.anthropic.com/v1",
        KeyNeed::Required,
        (200_000, 8_192),
        "claude-3-5-haiku-latest",
    ),
    preset(
        "gemini",
        "Google Gemini",
        EndpointKind::Gemini,
        "https://generativelanguage.googleapis.com/v1beta",
        KeyNeed::Required,
        (1_000_000, 8_192),
        "gemini-2.0-flash",
    ),
    // Ollama's own default context is small (2048 or 4096 tokens depending
    // on the version); the native API lets the request raise it with
    // `num_ctx`, which the product sends.
    preset(
        "ollama",
        "Ollama",
        EndpointKind::Ollama,
        "http://localhost:11434",
        KeyNeed::None,
        (8_192, 2_048),
        "llama3.2",
    ),
    // Ollama's OpenAI-compatible API cannot set `num_ctx`, so the server's
    // default applies and longer prompts lose their start silently.
    preset(
        "ollama-openai",
        "Ollama (OpenAI-compatible)",
        EndpointKind::OpenAi,
        "http://localhost:11434/v1",
        KeyNeed::None,
        (4_096, 1_536),
        "llama3.2",
    ),
    preset(
        "llama-server",
        "llama.cpp llama-server",
        EndpointKind::OpenAi,
        "http://127.0.0.1:8080/v1",
        KeyNeed::Optional,
        (4_096, 1_536),
        "default",
    ),
    preset(
        "lm-studio",
        "LM Studio",
        EndpointKind::OpenAi,
        "http://localhost:1234/v1",
        KeyNeed::None,
        (4_096, 1_536),
        "llama-3.2-3b-instruct",
    ),
    preset(
        "vllm",
        "vLLM",
        EndpointKind::OpenAi,
        "http://localhost:8000/v1",
        KeyNeed::Optional,
        (8_192, 2_048),
        "meta-llama/Llama-3.1-8B-Instruct",
    ),
    preset(
        "openrouter",
        "OpenRouter",
        EndpointKind::OpenAi,
        "https://openrouter.ai/api/v1",
        KeyNeed::Required,
        (128_000, 8_192),
        "openai/gpt-4o-mini",
    ),
    // Groq's free tier limits tokens per minute far below the models'
    // context windows, so a smaller budget avoids requests it rejects.
    preset(
        "groq",
        "Groq",
        EndpointKind::OpenAi,
        "https://api.groq.com/openai/v1",
        KeyNeed::Required,
        (32_768, 8_192),
        "llama-3.1-8b-instant",
    ),
    preset(
        "mistral",
        "Mistral",
        EndpointKind::OpenAi,
        "https://api.mistral.ai/v1",
        KeyNeed::Required,
        (32_000, 8_192),
        "mistral-small-latest",
    ),
    preset(
        "deepseek",
        "DeepSeek",
        EndpointKind::OpenAi,
        "https://api.deepseek.com/v1",
        KeyNeed::Required,
        (64_000, 8_192),
        "deepseek-chat",
    ),
    // NOTE: Chrome does not publish the built-in model's window; sessions
    // report it as `inputQuota` (6144 tokens was common in 2025).
    preset("builtin", "Chrome built-in model", EndpointKind::BuiltIn, "", KeyNeed::None, (6_144, 1_024), "gemini-nano"),
    preset("custom", "Other OpenAI-compatible server", EndpointKind::OpenAi, "", KeyNeed::Optional, (8_192, 2_048), ""),
];

/// Returns the preset with this id.
pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|preset| preset.id == id)
}

/// Returns the budget assumed for an endpoint of this kind when neither the
/// user nor a preset sets one: `(context, max output)` in tokens.
pub fn kind_budget(kind: EndpointKind) -> (u32, u32) {
    match kind {
        EndpointKind::OpenAi => (8_192, 2_048),
        EndpointKind::Azure => (128_000, 16_384),
        EndpointKind::Anthropic => (200_000, 8_192),
        EndpointKind::Gemini => (1_000_000, 8_192),
        EndpointKind::Ollama => (8_192, 2_048),
        EndpointKind::BuiltIn => (6_144, 1_024),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::EndpointUrl;

    #[test]
    fn preset_ids_are_unique() {
        for (index, preset) in PRESETS.iter().enumerate() {
            assert!(PRESETS[index + 1..].iter().all(|other| other.id != preset.id), "{} twice", preset.id);
        }
    }

    #[test]
    fn preset_budgets_leave_room() {
        for preset in PRESETS {
            assert!(preset.max_output_tokens * 2 <= preset.context_tokens, "{}", preset.id);
        }
    }

    #[test]
    fn preset_urls_parse() {
        for preset in PRESETS.iter().filter(|preset| !preset.base_url.is_empty()) {
            assert!(EndpointUrl::parse(preset.base_url).is_ok(), "{}", preset.id);
        }
    }
}
