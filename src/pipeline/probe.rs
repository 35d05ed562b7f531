//! The options page's checks of one endpoint: a tiny chat request ("Test
//! connection") and the list of models it serves.
//!
//! An image model cannot chat, and a test image would cost money. So the
//! test of an OpenAI-style image endpoint looks the model up instead. An
//! Azure image deployment has no such lookup, so its test sends nothing and
//! the first run checks it.
//!
//! Both go through the same request builders, transport and error
//! classification as a run, so a test that passes means a run's first
//! request would reach the model, and a test that fails says why in the
//! same words a run would.

use serde::Serialize;

use super::StageError;
use super::call::{call_chat, send_whole};
use crate::provider::{ChatRequest, ProviderError, models};
use crate::settings::{Endpoint, EndpointKind, ImageFamily};
use crate::transport::Transport;

/// Instruction of the connection test.
const TEST_INSTRUCTION: &str = "Reply with the single word OK.";

/// Output limit of the connection test, in tokens; enough for "OK" and for
/// models that spend a few tokens before their answer.
const TEST_MAX_TOKENS: u32 = 32;

/// Kind of check the connection test made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ConnectionCheck {
    /// The model replied to a tiny chat request.
    Chat,
    /// The endpoint confirmed that it serves the (image) model.
    ModelLookup,
    /// Nothing was sent: the only possible test would be a paid image.
    NotSent,
}

/// What a successful connection test found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionReport {
    pub check: ConnectionCheck,
    /// The model name as the endpoint returned it, when it did.
    pub model: Option<String>,
    /// The response id, when the endpoint sends one.
    pub id: Option<String>,
    /// The start of the model's answer.
    pub text: String,
}

/// Sends one tiny chat request to `endpoint` with its own model, or, for an
/// image model, looks the model up.
pub async fn test_connection<T: Transport>(transport: &T, endpoint: &Endpoint) -> Result<ConnectionReport, StageError> {
    if draws_images(endpoint) {
        return look_up_image_model(transport, endpoint).await;
    }

    let chat = ChatRequest {
        model: &endpoint.model,
        instruction: TEST_INSTRUCTION,
        input: "Connection test",
        max_tokens: TEST_MAX_TOKENS,
        stream: false,
        continue_from: None,
    };
    let completion = call_chat(transport, endpoint, &chat, &mut |_| Ok(()))
        .await
        .map_err(|error| StageError::for_endpoint(endpoint, &endpoint.model, error))?;
    Ok(ConnectionReport {
        check: ConnectionCheck::Chat,
        model: completion.model,
        id: completion.id,
        text: completion.text.trim().chars().take(80).collect(),
    })
}

/// Returns true when the endpoint's model is an OpenAI Images model, which
/// cannot chat.
fn draws_images(endpoint: &Endpoint) -> bool {
    let model = endpoint.model.as_str();
    let images = ImageFamily::of(model) != ImageFamily::Other || model.starts_with("dall-e");
    images && matches!(endpoint.kind, EndpointKind::OpenAi | EndpointKind::Azure)
}

async fn look_up_image_model<T: Transport>(transport: &T, endpoint: &Endpoint) -> Result<ConnectionReport, StageError> {
    let fail = |error: ProviderError| StageError::for_endpoint(endpoint, &endpoint.model, error);
    let Some(request) = models::build_lookup(endpoint) else {
        return Ok(ConnectionReport { check: ConnectionCheck::NotSent, model: None, id: None, text: String::new() });
    };
    let body = send_whole(transport, endpoint, &request).await.map_err(fail)?;
    let model = models::parse_lookup(&body).map_err(fail)?;
    Ok(ConnectionReport { check: ConnectionCheck::ModelLookup, model: Some(model), id: None, text: String::new() })
}

/// Returns the models `endpoint` lists, sorted; empty for kinds that have no
/// list.
pub async fn list_models<T: Transport>(transport: &T, endpoint: &Endpoint) -> Result<Vec<String>, StageError> {
    let fail = |error: ProviderError| StageError::for_endpoint(endpoint, &endpoint.model, error);
    let Some(request) = models::build_request(endpoint) else {
        return Ok(Vec::new());
    };
    let body = send_whole(transport, endpoint, &request).await.map_err(fail)?;
    models::parse_response(endpoint.kind, &body).map_err(fail)
}
