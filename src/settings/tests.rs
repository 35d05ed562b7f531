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
    assert_eq!(settings.stage(StageKind::Post).unwrap().model, "smollm2");
    assert_eq!(settings.stage(StageKind::Title).unwrap().instruction, defaults::TITLE_INSTRUCTION);
    assert_eq!(settings.stage(StageKind::Title).unwrap().max_tokens, defaults::TITLE_MAX_TOKENS);
    assert!(settings.stage(StageKind::Description).unwrap().enabled);
    assert_eq!(settings.attribution, defaults::ATTRIBUTION);
    assert_eq!(settings.art_styles_sentence(), "Futurism, Impressionism, Romanticism, or Realism");
    assert!(settings.stage(StageKind::Post).unwrap().endpoint.key.is_none());
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
    assert_eq!(settings.stage(StageKind::Title).unwrap().model, "tiny-model");
    assert_eq!(settings.stage(StageKind::Post).unwrap().model, "smollm2");
}

#[test]
fn key_attaches_to_its_endpoint() {
    let keys = HashMap::from([("local".to_string(), " sk-test \n".to_string())]);
    let settings = validate(&one_endpoint(), &keys).unwrap();
    assert_eq!(settings.stage(StageKind::Post).unwrap().endpoint.key.as_ref().unwrap().expose(), "sk-test");
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
    assert_eq!(
        settings.stage(StageKind::Post).unwrap().endpoint.base_url.as_ref().unwrap().to_string(),
        "https://api.openai.com/v1"
    );
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
    assert_eq!(planned_stage_kinds(&settings), vec![StageKind::Post, StageKind::Title, StageKind::Description]);
    settings.stages.description.enabled = Some(false);
    assert_eq!(planned_stage_kinds(&settings), vec![StageKind::Post, StageKind::Title]);
    settings.stages.image.enabled = Some(true);
    assert_eq!(planned_stage_kinds(&settings), vec![StageKind::Post, StageKind::Title, StageKind::Image]);
}

#[test]
fn description_stage_can_be_turned_off() {
    let mut settings = one_endpoint();
    settings.stages.description.enabled = Some(false);
    settings.stages.title.enabled = Some(false);
    let settings = validate(&settings, &HashMap::new()).unwrap();
    assert!(!settings.stage(StageKind::Description).unwrap().enabled);
    assert!(settings.stage(StageKind::Title).unwrap().enabled, "the title stage is required");
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

fn problem_fields(json: &str, keys: &[(&str, &str)]) -> Vec<String> {
    let keys: HashMap<String, String> = keys.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    match validate(&raw(json), &keys) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.into_iter().map(|e| e.field).collect(),
    }
}

#[test]
fn stored_openai_settings_still_validate() {
    // The shape earlier versions stored: one endpoint, kind "openai".
    let settings = raw(r#"{"endpoints": [{"id": "default", "name": "Endpoint", "kind": "openai",
        "baseUrl": "http://127.0.0.1:8080/v1", "model": "m", "temperature": 0.7}],
        "stages": {"post": {"endpointId": "default", "maxTokens": 900, "enabled": true, "instruction": null},
        "title": {"endpointId": "default"}, "description": {"endpointId": "default", "enabled": false}}}"#);
    let settings = validate(&settings, &HashMap::new()).unwrap();
    assert_eq!(settings.stage(StageKind::Post).unwrap().max_tokens, 900);
    assert!(!settings.stage(StageKind::Description).unwrap().enabled);
    assert!(!settings.stage(StageKind::Image).unwrap().enabled, "the image stage is off by default");
}

#[test]
fn every_kind_validates() {
    let settings = raw(r#"{"endpoints": [
        {"id": "o", "kind": "openai", "baseUrl": "https://api.openai.com/v1", "model": "gpt-4o-mini"},
        {"id": "z", "kind": "azure", "baseUrl": "https://r.openai.azure.com/openai/deployments/gpt4o"},
        {"id": "a", "kind": "anthropic", "baseUrl": "https://api.anthropic.com", "model": "claude-3-5-haiku-latest"},
        {"id": "g", "kind": "gemini", "baseUrl": "https://generativelanguage.googleapis.com/v1beta/models/x:generateContent", "model": "gemini-2.0-flash"},
        {"id": "l", "kind": "ollama", "baseUrl": "http://localhost:11434/v1", "model": "llama3.2"},
        {"id": "b", "kind": "builtin"}]}"#);
    let settings = validate(&settings, &HashMap::new()).unwrap();
    let urls: Vec<String> =
        settings.endpoints.iter().map(|e| e.base_url.as_ref().map(ToString::to_string).unwrap_or_default()).collect();
    assert_eq!(
        urls,
        vec![
            "https://api.openai.com/v1",
            "https://r.openai.azure.com/openai/deployments/gpt4o",
            "https://api.anthropic.com/v1",
            "https://generativelanguage.googleapis.com/v1beta",
            "http://localhost:11434",
            "",
        ]
    );
    assert_eq!(settings.endpoints[1].model, "gpt4o");
    assert_eq!(settings.endpoints[1].api_version.as_deref(), Some(DEFAULT_AZURE_API_VERSION));
    assert_eq!(settings.endpoints[5].model, BUILT_IN_MODEL);
}

#[test]
fn unknown_kind_is_named() {
    let fields = problem_fields(
        r#"{"endpoints": [{"id": "x", "kind": "cohere", "baseUrl": "https://a.b", "model": "m"}]}"#,
        &[],
    );
    assert_eq!(fields, vec!["endpoints.x.kind"]);
}

#[test]
fn azure_needs_deployment_url() {
    let found = problems(validate(
        &raw(
            r#"{"endpoints": [{"id": "z", "kind": "azure", "baseUrl": "https://r.openai.azure.com", "model": "m", "apiVersion": "latest"}]}"#,
        ),
        &HashMap::new(),
    ));
    assert_eq!(
        found,
        vec![
            (
                "endpoints.z.baseUrl".to_string(),
                SettingsProblem::MissingDeployment { value: "https://r.openai.azure.com".into() }
            ),
            ("endpoints.z.apiVersion".to_string(), SettingsProblem::InvalidApiVersion { value: "latest".into() }),
        ]
    );
}

#[test]
fn preset_budget_applies() {
    let settings = raw(r#"{"endpoints": [{"id": "g", "preset": "groq", "kind": "openai",
        "baseUrl": "https://api.groq.com/openai/v1", "model": "llama-3.1-8b-instant"}]}"#);
    let settings = validate(&settings, &HashMap::from([("g".to_string(), "gsk_1".to_string())])).unwrap();
    assert_eq!(settings.endpoints[0].context_tokens, 32_768);
    assert_eq!(settings.endpoints[0].preset, Some("groq"));
}

#[test]
fn preset_requiring_key_reports_missing() {
    let fields = problem_fields(
        r#"{"endpoints": [{"id": "o", "preset": "openai", "baseUrl": "https://api.openai.com/v1", "model": "gpt-4o-mini"}]}"#,
        &[],
    );
    assert_eq!(fields, vec!["endpoints.o.apiKey"]);
}

#[test]
fn budget_fields_are_checked() {
    let fields = problem_fields(
        r#"{"endpoints": [{"id": "e", "baseUrl": "http://localhost:1/v1", "model": "m", "contextTokens": 100,
            "maxOutputTokens": 9000, "timeoutSeconds": 1}]}"#,
        &[],
    );
    assert_eq!(fields, vec!["endpoints.e.contextTokens", "endpoints.e.maxOutputTokens", "endpoints.e.timeoutSeconds"]);
}

#[test]
fn stage_limit_is_capped_by_endpoint() {
    let settings = raw(r#"{"endpoints": [{"id": "e", "baseUrl": "http://localhost:1/v1", "model": "m",
        "contextTokens": 2048, "maxOutputTokens": 600}]}"#);
    let settings = validate(&settings, &HashMap::new()).unwrap();
    assert_eq!(settings.stage(StageKind::Post).unwrap().max_tokens, 600);
    assert_eq!(settings.stage(StageKind::Title).unwrap().max_tokens, defaults::TITLE_MAX_TOKENS);
}

#[test]
fn image_stage_needs_image_api() {
    let json = r#"{"endpoints": [{"id": "a", "kind": "anthropic", "baseUrl": "https://api.anthropic.com", "model": "c"}],
        "stages": {"image": {"enabled": true, "endpointId": "a"}}}"#;
    assert_eq!(problem_fields(json, &[]), vec!["stages.image.endpointId"]);
    let off = json.replace("\"enabled\": true", "\"enabled\": false");
    assert_eq!(problem_fields(&off, &[]), Vec::<String>::new(), "a stage that is off reports nothing");
}

#[test]
fn image_stage_prefers_image_endpoint() {
    let settings = raw(r#"{"endpoints": [
        {"id": "a", "kind": "anthropic", "baseUrl": "https://api.anthropic.com", "model": "c"},
        {"id": "o", "baseUrl": "https://api.openai.com/v1", "model": "gpt-4o-mini"}],
        "stages": {"image": {"enabled": true, "size": "1792x1024", "model": "dall-e-3"}}}"#);
    let settings = validate(&settings, &HashMap::new()).unwrap();
    let image = settings.stage(StageKind::Image).unwrap();
    assert_eq!(image.endpoint.id, "o");
    assert_eq!(image.image.as_ref().unwrap().size, "1792x1024");
}
