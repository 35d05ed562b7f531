use std::collections::HashMap;

use super::*;
use crate::error::UserError;

fn raw(json: &str) -> RawSettings {
    serde_json::from_str(json).unwrap()
}

fn one_endpoint() -> RawSettings {
    raw(r#"{"endpoints": [{"id": "local", "baseUrl": "http://127.0.0.1:8080/v1", "model": "smollm2"}]}"#)
}

fn problems(result: Result<Settings, Vec<SettingsError>>) -> Vec<(String, SettingsProblem)> {
    result.unwrap_err().into_iter().map(|e| (e.field, e.problem)).collect()
}

#[test]
fn minimal_settings_get_defaults() {
    let settings = validate(&one_endpoint(), &HashMap::new()).unwrap();
    assert_eq!(settings.post.model, "smollm2");
    assert_eq!(settings.title.instruction, defaults::TITLE_INSTRUCTION);
    assert_eq!(settings.title.max_tokens, defaults::TITLE_MAX_TOKENS);
    assert!(settings.description.enabled);
    assert_eq!(settings.attribution, defaults::ATTRIBUTION);
    assert_eq!(settings.art_styles_sentence(), "Futurism, Impressionism, Romanticism, or Realism");
    assert!(settings.post.endpoint.key.is_none());
}

#[test]
fn empty_settings_ask_for_endpoint() {
    let found = problems(validate(&RawSettings::default(), &HashMap::new()));
    assert_eq!(found, vec![("endpoints".to_string(), SettingsProblem::NoEndpoint)]);
}

#[test]
fn stage_model_overrides_endpoint_model() {
    let mut settings = one_endpoint();
    settings.stages.title.model = Some("  tiny-model ".into());
    let settings = validate(&settings, &HashMap::new()).unwrap();
    assert_eq!(settings.title.model, "tiny-model");
    assert_eq!(settings.post.model, "smollm2");
}

#[test]
fn key_attaches_to_its_endpoint() {
    let keys = HashMap::from([("local".to_string(), " sk-test \n".to_string())]);
    let settings = validate(&one_endpoint(), &keys).unwrap();
    assert_eq!(settings.post.endpoint.key.as_ref().unwrap().expose(), "sk-test");
}

#[test]
fn key_over_plain_http_to_public_host_is_rejected() {
    let settings = raw(r#"{"endpoints": [{"id": "a", "baseUrl": "http://api.example.com/v1", "model": "m"}]}"#);
    let keys = HashMap::from([("a".to_string(), "sk-1".to_string())]);
    let found = problems(validate(&settings, &keys));
    assert_eq!(
        found,
        vec![("endpoints.a.baseUrl".to_string(), SettingsProblem::KeyOverPlainHttp { host: "api.example.com".into() })]
    );
}

#[test]
fn key_with_inner_space_is_rejected() {
    let keys = HashMap::from([("local".to_string(), "sk-1 sk-2".to_string())]);
    let found = problems(validate(&one_endpoint(), &keys));
    assert_eq!(found, vec![("endpoints.local.apiKey".to_string(), SettingsProblem::InvalidKey)]);
}

#[test]
fn pasted_completions_url_is_trimmed() {
    let settings =
        raw(r#"{"endpoints": [{"id": "a", "baseUrl": "https://api.openai.com/v1/chat/completions/", "model": "m"}]}"#);
    let settings = validate(&settings, &HashMap::new()).unwrap();
    assert_eq!(settings.post.endpoint.base_url.to_string(), "https://api.openai.com/v1");
}

#[test]
fn every_problem_is_reported_at_once() {
    let settings = raw(r#"{
        "endpoints": [{"id": "a", "baseUrl": "localhost:8080", "model": "bad model"}],
        "stages": {"title": {"instruction": "Use {titel}", "maxTokens": 0}},
        "theme": {"artStyles": ["Cubism", " "], "theme": ""},
        "output": {"attribution": "  "}
    }"#);
    let fields: Vec<String> = problems(validate(&settings, &HashMap::new())).into_iter().map(|(f, _)| f).collect();
    assert_eq!(
        fields,
        vec!["endpoints.a.baseUrl", "endpoints.a.model", "theme.artStyles", "theme.theme", "output.attribution",]
    );
}

#[test]
fn stage_problems_are_reported() {
    let mut settings = one_endpoint();
    settings.stages.title.instruction = Some("Use {titel}".into());
    settings.stages.title.max_tokens = Some(0);
    settings.stages.post.endpoint_id = Some("missing".into());
    let found = problems(validate(&settings, &HashMap::new()));
    assert_eq!(
        found,
        vec![
            ("stages.post.endpointId".to_string(), SettingsProblem::UnknownEndpoint { id: "missing".into() }),
            ("stages.title.instruction".to_string(), SettingsProblem::UnknownVariable { name: "titel".into() }),
            (
                "stages.title.maxTokens".to_string(),
                SettingsProblem::TokensOutOfRange { value: 0, max: defaults::MAX_OUTPUT_TOKENS }
            ),
        ]
    );
}

#[test]
fn duplicate_endpoint_ids_are_rejected() {
    let settings = raw(r#"{"endpoints": [
        {"id": "a", "baseUrl": "http://localhost:1/v1", "model": "m"},
        {"id": "a", "baseUrl": "http://localhost:2/v1", "model": "m"}]}"#);
    let found = problems(validate(&settings, &HashMap::new()));
    assert_eq!(found, vec![("endpoints.a.id".to_string(), SettingsProblem::DuplicateEndpoint { id: "a".into() })]);
}

#[test]
fn plan_follows_description_switch() {
    let mut settings = one_endpoint();
    assert_eq!(planned_stage_kinds(&settings), StageKind::ALL.to_vec());
    settings.stages.description.enabled = Some(false);
    assert_eq!(planned_stage_kinds(&settings), vec![StageKind::Post, StageKind::Title]);
}

#[test]
fn description_stage_can_be_turned_off() {
    let mut settings = one_endpoint();
    settings.stages.description.enabled = Some(false);
    settings.stages.title.enabled = Some(false);
    let settings = validate(&settings, &HashMap::new()).unwrap();
    assert!(!settings.description.enabled);
    assert!(settings.title.enabled, "the title stage is required");
}

#[test]
fn error_report_names_field_and_value() {
    let settings = raw(r#"{"endpoints": [{"id": "a", "baseUrl": "ftp://x", "model": "m"}]}"#);
    let errors = validate(&settings, &HashMap::new()).unwrap_err();
    let report = errors[0].report();
    assert_eq!(report.code, "settings_invalid_url");
    assert_eq!(report.args, vec!["endpoints.a.baseUrl", "ftp://x", "unsupported_scheme"]);
    assert!(report.message.contains("\"ftp://x\""), "{}", report.message);
    assert!(report.hint.contains("https://api.openai.com/v1"));
}

#[test]
fn key_never_appears_in_errors() {
    let settings = raw(r#"{"endpoints": [{"id": "a", "baseUrl": "http://api.example.com/v1", "model": "m"}]}"#);
    let keys = HashMap::from([("a".to_string(), "sk-very-secret value".to_string())]);
    let errors = validate(&settings, &keys).unwrap_err();
    for error in &errors {
        let report = error.report();
        assert!(!format!("{report:?} {error:?}").contains("very-secret"));
    }
}

#[test]
fn invalid_endpoint_does_not_cascade_to_stages() {
    let mut settings = raw(r#"{"endpoints": [{"id": "a", "baseUrl": "nope", "model": "m"}]}"#);
    settings.stages.post.endpoint_id = Some("a".into());
    settings.stages.title.endpoint_id = Some("a".into());
    let fields: Vec<String> = problems(validate(&settings, &HashMap::new())).into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, vec!["endpoints.a.baseUrl"]);
}
