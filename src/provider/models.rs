//! Model lists, for the options page to offer the models an endpoint serves:
//! `GET /models` (OpenAI-style and Anthropic), Gemini's `GET models`, and
//! Ollama's `GET /api/tags`. Azure serves one model per deployment URL and
//! the built-in model is the only one of its kind, so neither lists.
//!
//! An OpenAI-style endpoint also serves `GET /models/{model}` for one
//! model. The connection test uses it to check an image model, because a
//! test image would cost the user money.

use serde_json::Value;

use super::openai::OpenAiConfig;
use super::{ProviderError, anthropic, gemini, parse_json, preview};
use crate::settings::{Endpoint, EndpointKind};
use crate::transport::{HeaderValue, HttpRequest};

/// How long a model list may take, in milliseconds.
const LIST_TIMEOUT_MS: u64 = 30_000;

/// Builds the request that lists the endpoint's models; `None` for kinds
/// that have no list.
pub fn build_request(endpoint: &Endpoint) -> Option<HttpRequest> {
    let base = endpoint.base_url.as_ref()?;
    let (url, headers) = match endpoint.kind {
        EndpointKind::OpenAi => {
            let config = OpenAiConfig::new(endpoint, base);
            (config.url("/models"), config.headers())
        }
        EndpointKind::Anthropic => (format!("{}?limit=1000", base.join("/models")), anthropic::headers(endpoint)),
        EndpointKind::Gemini => (format!("{}?pageSize=1000", base.join("/models")), gemini::headers(endpoint)),
        EndpointKind::Ollama => {
            let headers = endpoint
                .key
                .iter()
                .map(|key| ("authorization".to_string(), HeaderValue::Bearer(key.clone())))
                .collect();
            (base.join("/api/tags"), headers)
        }
        EndpointKind::Azure | EndpointKind::BuiltIn => return None,
    };
    Some(HttpRequest { method: "GET", url, headers, body: String::new(), timeout_ms: LIST_TIMEOUT_MS })
}

/// Builds the request that looks up the endpoint's own model on an
/// OpenAI-style endpoint; `None` for other kinds.
pub fn build_lookup(endpoint: &Endpoint) -> Option<HttpRequest> {
    let base = endpoint.base_url.as_ref()?;
    if endpoint.kind != EndpointKind::OpenAi {
        return None;
    }
    let config = OpenAiConfig::new(endpoint, base);
    let url = config.url(&format!("/models/{}", path_segment(&endpoint.model)));
    Some(HttpRequest {
        method: "GET",
        url,
        headers: config.headers(),
        body: String::new(),
        timeout_ms: LIST_TIMEOUT_MS,
    })
}

/// Reads the model object of a lookup and returns its id.
pub fn parse_lookup(body: &[u8]) -> Result<String, ProviderError> {
    let json = parse_json(body)?;
    match json.get("id").and_then(Value::as_str) {
        Some(id) if !id.is_empty() => Ok(id.to_string()),
        _ => Err(ProviderError::InvalidResponse {
            detail: format!("no model id in {}", preview(json.to_string().as_bytes())),
        }),
    }
}

/// Percent-encodes a model name for one URL path segment, keeping the
/// characters model names use (`gpt-4o`, `ft:gpt-4o:org::id`).
fn path_segment(name: &str) -> String {
    let mut segment = String::with_capacity(name.len());
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~:@".contains(&byte) {
            segment.push(char::from(byte));
        } else {
            segment.push_str(&format!("%{byte:02X}"));
        }
    }
    segment
}

/// Reads a model list into sorted, distinct model names. Gemini's list keeps
/// only models that can generate text, without the `models/` prefix.
pub fn parse_response(kind: EndpointKind, body: &[u8]) -> Result<Vec<String>, ProviderError> {
    let json = parse_json(body)?;
    let (list, name_key) = match kind {
        EndpointKind::Gemini => (json.get("models"), "name"),
        EndpointKind::Ollama => (json.get("models"), "name"),
        _ => (json.get("data"), "id"),
    };
    let Some(list) = list.and_then(Value::as_array) else {
        return Err(ProviderError::InvalidResponse {
            detail: format!("no model list in {}", preview(json.to_string().as_bytes())),
        });
    };

    let mut names: Vec<String> = list
        .iter()
        .filter(|model| kind != EndpointKind::Gemini || generates_text(model))
        .filter_map(|model| model.get(name_key).and_then(Value::as_str))
        .map(|name| name.trim_start_matches("models/").to_string())
        .filter(|name| !name.is_empty())
        .collect();
    names.sort();
    names.dedup();
    Ok(names)
}

fn generates_text(model: &Value) -> bool {
    model
        .get("supportedGenerationMethods")
        .and_then(Value::as_array)
        .is_some_and(|methods| methods.iter().any(|method| method.as_str() == Some("generateContent")))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::test_support::endpoint_from;

    #[test]
    fn list_urls_per_kind() {
        let url = |raw: Value| build_request(&endpoint_from(raw, None)).map(|request| request.url);
        assert_eq!(
            url(json!({"id": "o", "baseUrl": "http://127.0.0.1:8080/v1", "model": "m"})).as_deref(),
            Some("http://127.0.0.1:8080/v1/models")
        );
        assert_eq!(
            url(json!({"id": "o", "kind": "ollama", "baseUrl": "http://localhost:11434", "model": "m"})).as_deref(),
            Some("http://localhost:11434/api/tags")
        );
        assert_eq!(url(json!({"id": "b", "kind": "builtin"})), None);
    }

    #[test]
    fn parses_lists() {
        let openai =
            br#"{"object":"list","data":[{"id":"gpt-4o-mini","object":"model"},{"id":"dall-e-3","object":"model"}]}"#;
        assert_eq!(parse_response(EndpointKind::OpenAi, openai).unwrap(), vec!["dall-e-3", "gpt-4o-mini"]);

        let ollama = br#"{"models":[{"name":"llama3.2:latest","model":"llama3.2:latest","size":2019393189}]}"#;
        assert_eq!(parse_response(EndpointKind::Ollama, ollama).unwrap(), vec!["llama3.2:latest"]);

        let gemini = br#"{"models":[{"name":"models/gemini-2.0-flash","supportedGenerationMethods":["generateContent","countTokens"]},
            {"name":"models/text-embedding-004","supportedGenerationMethods":["embedContent"]}]}"#;
        assert_eq!(parse_response(EndpointKind::Gemini, gemini).unwrap(), vec!["gemini-2.0-flash"]);
    }

    #[test]
    fn lookup_escapes_the_model_name() {
        let lookup = |raw: Value| build_lookup(&endpoint_from(raw, None)).map(|request| request.url);
        assert_eq!(
            lookup(json!({"id": "o", "baseUrl": "http://127.0.0.1:8080/v1", "model": "ft:dall-e/3?x#y"})).as_deref(),
            Some("http://127.0.0.1:8080/v1/models/ft:dall-e%2F3%3Fx%23y")
        );
        assert_eq!(
            lookup(json!({"id": "l", "kind": "ollama", "baseUrl": "http://localhost:11434", "model": "m"})),
            None
        );
    }

    #[test]
    fn lookup_reads_the_id() {
        assert_eq!(parse_lookup(br#"{"id":"dall-e-3","object":"model"}"#).unwrap(), "dall-e-3");
        assert!(matches!(parse_lookup(br#"{"object":"model"}"#), Err(ProviderError::InvalidResponse { .. })));
    }

    #[test]
    fn list_without_data_is_invalid() {
        assert!(matches!(parse_response(EndpointKind::OpenAi, b"{}"), Err(ProviderError::InvalidResponse { .. })));
    }
}
