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
use crate::pipeline::{self, RunEvent, StageRecord};
use crate::render::{self, Post, PostLabels};
use crate::settings::{self, FieldError, RawSettings, StageKind};
use crate::transport::wasm::FetchTransport;

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
            origins: valid.endpoints.iter().map(|e| e.base_url.permission_pattern()).collect(),
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
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunOutput {
    records: Vec<StageRecord>,
    post: Option<Post>,
    /// The stage that failed, when one did.
    failed_stage: Option<StageKind>,
    error: Option<ErrorReport>,
}

/// Runs the stages and renders the post. `onEvent` receives each
/// [`RunEvent`] as a plain object; `signal` cancels the run. Resolves to
/// `{records, post, failedStage, error}`: on failure `post` is null and
/// `records` holds the stages that finished.
#[wasm_bindgen(js_name = runStages)]
pub async fn run_stages(
    input: JsValue,
    on_event: js_sys::Function,
    signal: Option<web_sys::AbortSignal>,
) -> Result<JsValue, JsValue> {
    let input: RunInput = from_js(input, "run input")?;

    let settings = match settings::validate(&input.settings, &input.keys) {
        Ok(settings) => settings,
        Err(errors) => {
            let first = errors.first().map(UserError::report);
            return to_js(&RunOutput { records: input.finished, post: None, failed_stage: None, error: first });
        }
    };

    let transport = FetchTransport::new(signal);
    let mut emit = |event: RunEvent| {
        if let Ok(value) = to_js(&event) {
            let _ = on_event.call1(&JsValue::NULL, &value);
        }
    };
    let outcome = pipeline::run_stages(&transport, &settings, &input.article, input.finished, &mut emit).await;

    let output = match outcome.error {
        Some(error) => RunOutput {
            failed_stage: Some(error.stage),
            error: Some(error.report()),
            records: outcome.records,
            post: None,
        },
        None => RunOutput {
            post: Some(render::render_post(&input.article, &outcome.records, &settings, &input.labels)),
            records: outcome.records,
            failed_stage: None,
            error: None,
        },
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
