//! The wasm boundary: the few coarse functions the extension calls.
//!
//! Values cross as plain objects (serde-wasm-bindgen, JSON-compatible) and
//! every failure crosses as an `{code, args, message, hint}` object, never a
//! string the extension would have to parse. A panic is recorded by the hook
//! installed at start-up; the extension reads it with `takePanicMessage`
//! after the call traps, and reloads the module before the next call.

use std::cell::RefCell;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::article::Article;
use crate::error::{ErrorReport, UserError};
use crate::extract::{self, Page};
use crate::pipeline::{self, RunEvent, RunOptions, StageRecord, probe};
use crate::render::edited::render_edited;
use crate::render::{self, Post, PostImage, PostLabels};
use crate::settings::file::{read_settings_file, write_settings_file};
use crate::settings::{self, Endpoint, FieldError, RawSettings, StageKind, defaults, presets};
use crate::template;
use crate::transport::Transport;
use crate::transport::wasm::{FetchTransport, ModelBridge};

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

#[wasm_bindgen(start)]
fn start() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&JsValue::from_str(&message));
        LAST_PANIC.with(|last| *last.borrow_mut() = Some(message));
    }));
}

/// Returns and clears the message of the last panic, if there was one.
#[wasm_bindgen(js_name = takePanicMessage)]
pub fn take_panic_message() -> Option<String> {
    LAST_PANIC.with(|last| last.borrow_mut().take())
}

/// What the options page needs to know about the settings it is about to save.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Validation {
    errors: Vec<FieldError>,
    /// Match patterns of every endpoint origin, for permission requests.
    origins: Vec<String>,
}

/// Validates settings; returns `{errors: [{field, code, args, message,
/// hint}], origins: ["https://api.openai.com/*"]}`.
#[wasm_bindgen(js_name = validateSettings)]
pub fn validate_settings(settings: JsValue, keys: JsValue) -> Result<JsValue, JsValue> {
    let raw: RawSettings = from_js(settings, "settings")?;
    let keys: HashMap<String, String> = from_js_or_default(keys, "keys")?;

    let validation = match settings::validate(&raw, &keys) {
        Ok(valid) => Validation {
            errors: Vec::new(),
            origins: valid
                .endpoints
                .iter()
                .filter_map(|e| e.base_url.as_ref())
                .map(|url| url.permission_pattern())
                .collect(),
        },
        Err(errors) => Validation { errors: errors.iter().map(FieldError::from).collect(), origins: Vec::new() },
    };
    to_js(&validation)
}

/// Returns the stage keys a run with these settings executes, in order.
#[wasm_bindgen(js_name = plannedStages)]
pub fn planned_stages(settings: JsValue) -> Result<JsValue, JsValue> {
    let raw: RawSettings = from_js_or_default(settings, "settings")?;
    to_js(&settings::planned_stage_kinds(&raw))
}

/// Returns the endpoint presets: `[{id, name, kind, baseUrl, key,
/// contextTokens, maxOutputTokens, modelExample, listsModels}]`.
#[wasm_bindgen]
pub fn presets() -> Result<JsValue, JsValue> {
    to_js(&presets::PRESETS)
}

/// The defaults the options page offers to reset to.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Defaults {
    /// Instruction of each text stage, by stage key.
    instructions: HashMap<&'static str, &'static str>,
    art_styles: [&'static str; 4],
    theme: &'static str,
    attribution: &'static str,
    /// Names of the variables an instruction may use, without braces.
    variables: [&'static str; 8],
}

/// Returns the default instructions, theme and attribution, and the
/// instruction variables: `{instructions: {post, title, description},
/// artStyles, theme, attribution, variables}`.
#[wasm_bindgen(js_name = settingsDefaults)]
pub fn settings_defaults() -> Result<JsValue, JsValue> {
    to_js(&Defaults {
        instructions: HashMap::from([
            ("post", defaults::POST_INSTRUCTION),
            ("title", defaults::TITLE_INSTRUCTION),
            ("description", defaults::DESCRIPTION_INSTRUCTION),
        ]),
        art_styles: defaults::ART_STYLES,
        theme: defaults::THEME,
        attribution: defaults::ATTRIBUTION,
        variables: template::VARIABLES,
    })
}

/// Writes a settings file from stored settings; `keys` (endpoint id to key)
/// are included only when given. Returns the file's text.
#[wasm_bindgen(js_name = writeSettingsFile)]
pub fn write_settings_file_js(settings: JsValue, keys: JsValue) -> Result<String, JsValue> {
    let settings: serde_json::Value = from_js_or_default(settings, "settings")?;
    let keys: Option<HashMap<String, String>> = from_js_or_default(keys, "keys")?;
    write_settings_file(&settings, keys.as_ref()).map_err(|error| invalid_input("settings", &error.to_string()))
}

/// The result of an import, for the options page.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ImportOutput {
    settings: Option<serde_json::Value>,
    keys: HashMap<String, String>,
    /// Problems of the file's settings, each with its field.
    errors: Vec<FieldError>,
    /// The reason the file cannot be imported at all.
    error: Option<ErrorReport>,
}

/// Reads a settings file's text. Resolves to `{settings, keys, errors,
/// error}`: `error` when the file cannot be imported at all, `errors` for
/// invalid values in a file that can.
#[wasm_bindgen(js_name = readSettingsFile)]
pub fn read_settings_file_js(text: &str) -> Result<JsValue, JsValue> {
    let output = match read_settings_file(text) {
        Ok(imported) => ImportOutput {
            settings: Some(imported.settings),
            keys: imported.keys,
            errors: imported.errors.iter().map(FieldError::from).collect(),
            error: None,
        },
        Err(error) => {
            ImportOutput { settings: None, keys: HashMap::new(), errors: Vec::new(), error: Some(error.report()) }
        }
    };
    to_js(&output)
}

/// Renders the Markdown of a post the user edited to `{html, text}`: the
/// sanitised rich-text flavour and plain text. `image` is the post's
/// `{source, fileName, alt}`, or null.
#[wasm_bindgen(js_name = renderEditedPost)]
pub fn render_edited_post(markdown: &str, image: JsValue) -> Result<JsValue, JsValue> {
    let image: Option<PostImage> = from_js_or_default(image, "image")?;
    to_js(&render_edited(markdown, image.as_ref()))
}

/// Returns the match pattern that grants access to a base URL's origin,
/// such as `https://api.openai.com/*`, or `null` when the URL is invalid.
#[wasm_bindgen(js_name = permissionPattern)]
pub fn permission_pattern(base_url: &str) -> Option<String> {
    settings::EndpointUrl::parse(base_url).ok().map(|url| url.permission_pattern())
}

/// Extracts the article from a captured page; throws an error report.
#[wasm_bindgen(js_name = extractPage)]
pub fn extract_page(page: JsValue) -> Result<JsValue, JsValue> {
    let page: Page = from_js(page, "page")?;
    #[cfg(feature = "test-hooks")]
    if page.url.contains("__panic_for_tests__") {
        panic!("test hook: the page URL asks for a panic");
    }
    match extract::extract_page(&page) {
        Ok(article) => to_js(&article),
        Err(error) => Err(report_to_js(&error.report())),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RunInput {
    article: Article,
    settings: RawSettings,
    #[serde(default)]
    keys: HashMap<String, String>,
    /// Stages finished by an earlier attempt of the same run.
    #[serde(default)]
    finished: Vec<StageRecord>,
    #[serde(default)]
    labels: PostLabels,
    /// Seed of the retry jitter; the clock when missing.
    #[serde(default)]
    seed: Option<u64>,
    /// A stage to run again: it and every stage after it are dropped from
    /// `finished`, the earlier ones are reused.
    #[serde(default)]
    regenerate: Option<StageKind>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunOutput {
    records: Vec<StageRecord>,
    post: Option<Post>,
    /// The post without its image, for the history, when the post has one.
    post_without_image: Option<Post>,
    /// The stage that failed, when one did.
    failed_stage: Option<StageKind>,
    error: Option<ErrorReport>,
}

/// Runs the stages and renders the post. `onEvent` receives each
/// [`RunEvent`] as a plain object; `signal` cancels the run; `bridge` reaches
/// the browser's built-in model, when the page has one. Resolves to
/// `{records, post, failedStage, error}`: on failure `post` is null and
/// `records` holds the stages that finished.
#[wasm_bindgen(js_name = runStages)]
pub async fn run_stages(
    input: JsValue,
    on_event: js_sys::Function,
    signal: Option<web_sys::AbortSignal>,
    bridge: Option<ModelBridge>,
) -> Result<JsValue, JsValue> {
    let input: RunInput = from_js(input, "run input")?;

    let settings = match settings::validate(&input.settings, &input.keys) {
        Ok(settings) => settings,
        Err(errors) => {
            let first = errors.first().map(UserError::report);
            let output = RunOutput {
                records: input.finished,
                post: None,
                post_without_image: None,
                failed_stage: None,
                error: first,
            };
            return to_js(&output);
        }
    };

    let transport = FetchTransport::new(signal, bridge);
    let mut emit = |event: RunEvent| {
        if let Ok(value) = to_js(&event) {
            let _ = on_event.call1(&JsValue::NULL, &value);
        }
    };
    let options = RunOptions { seed: input.seed.unwrap_or_else(|| transport.now_ms()), ..RunOptions::default() };
    let finished = match input.regenerate {
        Some(stage) => pipeline::records_before(input.finished, stage),
        None => input.finished,
    };
    let outcome = pipeline::run_stages(&transport, &settings, &input.article, finished, &options, &mut emit).await;

    let output = match outcome.error {
        Some(error) => RunOutput {
            failed_stage: error.stage,
            error: Some(error.report()),
            records: outcome.records,
            post: None,
            post_without_image: None,
        },
        None => {
            let post = render::render_post(&input.article, &outcome.records, &settings, &input.labels);
            let post_without_image = post.image.is_some().then(|| {
                let settings = settings::Settings { include_image: false, ..settings.clone() };
                render::render_post(&input.article, &outcome.records, &settings, &input.labels)
            });
            RunOutput {
                post: Some(post),
                post_without_image,
                records: outcome.records,
                failed_stage: None,
                error: None,
            }
        }
    };
    to_js(&output)
}

/// The result of a check of one endpoint from the options page.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProbeOutput<T: Serialize> {
    /// Result of the check, when it passed.
    result: Option<T>,
    /// Error report of the request, when it was sent and failed.
    error: Option<ErrorReport>,
    /// Problems of the endpoint's settings, when it could not be sent.
    errors: Vec<FieldError>,
}

/// Validates the one endpoint with id `endpoint_id`, ignoring the rest of
/// the settings, which the user may be editing.
fn probe_endpoint(
    settings: JsValue,
    keys: JsValue,
    endpoint_id: &str,
) -> Result<Result<Endpoint, Vec<FieldError>>, JsValue> {
    let mut raw: RawSettings = from_js_or_default(settings, "settings")?;
    let keys: HashMap<String, String> = from_js_or_default(keys, "keys")?;
    raw.endpoints.retain(|endpoint| endpoint.id.trim() == endpoint_id);
    raw.stages = Default::default();
    Ok(match settings::validate(&raw, &keys) {
        Ok(mut valid) if !valid.endpoints.is_empty() => Ok(valid.endpoints.remove(0)),
        Ok(_) => Err(Vec::new()),
        Err(errors) => Err(errors.iter().map(FieldError::from).collect()),
    })
}

/// Sends one tiny chat request to an endpoint. Resolves to `{result:
/// {model, id, text}, error, errors}`: `error` when the request failed,
/// `errors` when the endpoint's settings are invalid.
#[wasm_bindgen(js_name = testConnection)]
pub async fn test_connection(
    settings: JsValue,
    keys: JsValue,
    endpoint_id: String,
    signal: Option<web_sys::AbortSignal>,
    bridge: Option<ModelBridge>,
) -> Result<JsValue, JsValue> {
    let endpoint = match probe_endpoint(settings, keys, &endpoint_id)? {
        Ok(endpoint) => endpoint,
        Err(errors) => return to_js(&ProbeOutput::<()> { result: None, error: None, errors }),
    };
    let transport = FetchTransport::new(signal, bridge);
    let output = match probe::test_connection(&transport, &endpoint).await {
        Ok(report) => ProbeOutput { result: Some(report), error: None, errors: Vec::new() },
        Err(error) => ProbeOutput { result: None, error: Some(error.report()), errors: Vec::new() },
    };
    to_js(&output)
}

/// Lists the models an endpoint serves. Resolves to `{result: [names],
/// error, errors}` as `testConnection` does; the list is empty for kinds
/// that have none.
#[wasm_bindgen(js_name = listModels)]
pub async fn list_models(settings: JsValue, keys: JsValue, endpoint_id: String) -> Result<JsValue, JsValue> {
    let endpoint = match probe_endpoint(settings, keys, &endpoint_id)? {
        Ok(endpoint) => endpoint,
        Err(errors) => return to_js(&ProbeOutput::<()> { result: None, error: None, errors }),
    };
    let transport = FetchTransport::new(None, None);
    let output = match probe::list_models(&transport, &endpoint).await {
        Ok(models) => ProbeOutput { result: Some(models), error: None, errors: Vec::new() },
        Err(error) => ProbeOutput { result: None, error: Some(error.report()), errors: Vec::new() },
    };
    to_js(&output)
}

fn from_js<T: for<'de> Deserialize<'de>>(value: JsValue, what: &str) -> Result<T, JsValue> {
    serde_wasm_bindgen::from_value(value).map_err(|error| invalid_input(what, &error.to_string()))
}

fn from_js_or_default<T: for<'de> Deserialize<'de> + Default>(value: JsValue, what: &str) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    from_js(value, what)
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|error| invalid_input("output", &error.to_string()))
}

fn report_to_js(report: &ErrorReport) -> JsValue {
    to_js(report).unwrap_or_else(|_| JsValue::from_str(&report.message))
}

/// The extension passed a value of the wrong shape: a bug, reported with the
/// same structure as every other error.
fn invalid_input(what: &str, detail: &str) -> JsValue {
    report_to_js(&ErrorReport {
        code: "invalid_input",
        args: vec![what.to_string(), detail.to_string()],
        message: format!("the {what} passed to the core is malformed: {detail}"),
        hint: "This is a bug in the extension; please report it with these details.".into(),
    })
}
