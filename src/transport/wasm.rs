//! The browser transport: the global `fetch`, with a timeout, cancellation
//! and a body read chunk by chunk from its `ReadableStream`; and the bridge
//! to the browser's built-in model.
//!
//! It works in any context that has `fetch` and `setTimeout` as globals: the
//! offscreen document and extension pages in Chrome, the background page in
//! Firefox, and a service worker. A request that stalls (no headers, or no
//! new bytes) for longer than its timeout is aborted and reported as timed
//! out; the user's cancel signal aborts it at once.
//!
//! The built-in model (Chrome's Prompt API) is a JavaScript API, so the
//! extension passes in a [`ModelBridge`] object whose `stream(prompt,
//! signal)` creates a session and returns `promptStreaming()`'s stream of
//! text pieces. The bridge only moves the two texts in and the pieces out;
//! the prompt is built and the pieces are read here, in the core.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Promise, Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, Headers, ReadableStreamDefaultReader, Request, RequestInit, Response};

use super::{HttpRequest, ModelPrompt, ResponseBody, ResponseHead, Transport, TransportError};

#[wasm_bindgen]
extern "C" {
    /// The extension's bridge to the browser's built-in model.
    pub type ModelBridge;

    /// Resolves to a `ReadableStream` of text pieces; rejects with the
    /// Prompt API's `DOMException` (`NotSupportedError`, …).
    #[wasm_bindgen(method, catch)]
    fn stream(this: &ModelBridge, prompt: &JsValue, signal: &AbortSignal) -> Result<Promise, JsValue>;

    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(request: &Request) -> Promise;

    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &js_sys::Function, ms: f64) -> JsValue;

    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// Sends requests with `fetch`; `cancel` is the run's cancel signal and
/// `bridge` reaches the built-in model when the browser has one.
pub struct FetchTransport {
    cancel: Option<AbortSignal>,
    bridge: Option<ModelBridge>,
}

impl FetchTransport {
    pub fn new(cancel: Option<AbortSignal>, bridge: Option<ModelBridge>) -> Self {
        Self { cancel, bridge }
    }

    fn cancelled(&self) -> bool {
        self.cancel.as_ref().is_some_and(AbortSignal::aborted)
    }
}

/// Aborts one request when its timer fires or the run is cancelled, and
/// remembers which of the two happened.
struct Watchdog {
    controller: AbortController,
    timed_out: Rc<Cell<bool>>,
    timer: Option<JsValue>,
    on_timeout: Closure<dyn FnMut()>,
    on_cancel: Option<(AbortSignal, Closure<dyn FnMut()>)>,
    timeout_ms: u64,
}

impl Watchdog {
    fn new(timeout_ms: u64, cancel: Option<&AbortSignal>) -> Result<Self, TransportError> {
        let controller = AbortController::new().map_err(|error| unreachable_error(&error))?;
        let timed_out = Rc::new(Cell::new(false));

        let on_timeout = {
            let controller = controller.clone();
            let timed_out = timed_out.clone();
            Closure::<dyn FnMut()>::new(move || {
                timed_out.set(true);
                controller.abort();
            })
        };

        let on_cancel = cancel.map(|signal| {
            let controller = controller.clone();
            let closure = Closure::<dyn FnMut()>::new(move || controller.abort());
            let _ = signal.add_event_listener_with_callback("abort", closure.as_ref().unchecked_ref());
            (signal.clone(), closure)
        });

        let mut watchdog = Self { controller, timed_out, timer: None, on_timeout, on_cancel, timeout_ms };
        watchdog.rearm();
        Ok(watchdog)
    }

    /// Restarts the timeout, after headers or a chunk arrived.
    fn rearm(&mut self) {
        if let Some(timer) = self.timer.take() {
            clear_timeout(&timer);
        }
        self.timer = Some(set_timeout(self.on_timeout.as_ref().unchecked_ref(), self.timeout_ms as f64));
    }

    fn signal(&self) -> AbortSignal {
        self.controller.signal()
    }

    fn error(&self, cancelled: bool, error: &JsValue) -> TransportError {
        if cancelled {
            TransportError::Cancelled
        } else if self.timed_out.get() {
            TransportError::TimedOut { after_ms: self.timeout_ms }
        } else {
            unreachable_error(error)
        }
    }
}

impl Drop for Watchdog {
    /// Aborts the request too: a body dropped before its end (a stopped
    /// loop, a failed parse) must not keep the connection and the model busy.
    fn drop(&mut self) {
        self.controller.abort();
        if let Some(timer) = self.timer.take() {
            clear_timeout(&timer);
        }
        if let Some((signal, closure)) = &self.on_cancel {
            let _ = signal.remove_event_listener_with_callback("abort", closure.as_ref().unchecked_ref());
        }
    }
}

pub struct FetchBody {
    reader: Option<ReadableStreamDefaultReader>,
    watchdog: Watchdog,
    cancel: Option<AbortSignal>,
}

impl ResponseBody for FetchBody {
    async fn next_chunk(&mut self) -> Result<Option<Vec<u8>>, TransportError> {
        let Some(reader) = &self.reader else {
            return Ok(None);
        };
        let result = JsFuture::from(reader.read()).await.map_err(|error| {
            let cancelled = self.cancel.as_ref().is_some_and(AbortSignal::aborted);
            match self.watchdog.error(cancelled, &error) {
                TransportError::Unreachable { detail } => TransportError::BodyInterrupted { detail },
                other => other,
            }
        })?;
        self.watchdog.rearm();

        let done = Reflect::get(&result, &JsValue::from_str("done")).ok().and_then(|v| v.as_bool()).unwrap_or(true);
        if done {
            self.reader = None;
            return Ok(None);
        }
        let value = Reflect::get(&result, &JsValue::from_str("value")).unwrap_or(JsValue::UNDEFINED);
        // The built-in model's stream carries strings, fetch's carries bytes.
        match value.as_string() {
            Some(text) => Ok(Some(text.into_bytes())),
            None => Ok(Some(Uint8Array::new(&value).to_vec())),
        }
    }
}

impl Transport for FetchTransport {
    type Body = FetchBody;

    async fn send(&self, request: &HttpRequest) -> Result<(ResponseHead, FetchBody), TransportError> {
        if self.cancelled() {
            return Err(TransportError::Cancelled);
        }
        let watchdog = Watchdog::new(request.timeout_ms, self.cancel.as_ref())?;

        let headers = Headers::new().map_err(|error| unreachable_error(&error))?;
        for (name, value) in &request.headers {
            headers.append(name, &value.expose()).map_err(|error| unreachable_error(&error))?;
        }
        let init = RequestInit::new();
        init.set_method(request.method);
        init.set_headers(&headers);
        if !request.body.is_empty() {
            init.set_body(&JsValue::from_str(&request.body));
        }
        init.set_signal(Some(&watchdog.signal()));
        // Extension requests must not carry the user's cookies for the
        // endpoint's site; the API key is the only credential.
        init.set_credentials(web_sys::RequestCredentials::Omit);

        let fetch_request =
            Request::new_with_str_and_init(&request.url, &init).map_err(|error| unreachable_error(&error))?;
        let response: Response = JsFuture::from(global_fetch(&fetch_request))
            .await
            .map_err(|error| watchdog.error(self.cancelled(), &error))?
            .unchecked_into();

        let mut watchdog = watchdog;
        watchdog.rearm();

        let head = ResponseHead { status: response.status(), headers: header_list(&response.headers()) };
        let reader = response.body().map(|stream| stream.get_reader().unchecked_into::<ReadableStreamDefaultReader>());
        Ok((head, FetchBody { reader, watchdog, cancel: self.cancel.clone() }))
    }

    async fn prompt_model(&self, prompt: &ModelPrompt) -> Result<FetchBody, TransportError> {
        let Some(bridge) = &self.bridge else {
            return Err(TransportError::Rejected {
                name: "NotSupportedError".into(),
                detail: "this page cannot reach the built-in model".into(),
            });
        };
        if self.cancelled() {
            return Err(TransportError::Cancelled);
        }
        let watchdog = Watchdog::new(prompt.timeout_ms, self.cancel.as_ref())?;

        let request = js_sys::Object::new();
        let set = |key: &str, value: JsValue| Reflect::set(&request, &JsValue::from_str(key), &value);
        let _ = set("system", JsValue::from_str(&prompt.system));
        let _ = set("input", JsValue::from_str(&prompt.input));
        if let Some(temperature) = prompt.temperature {
            let _ = set("temperature", JsValue::from_f64(temperature));
        }

        let cancelled = || self.cancelled();
        let promise = bridge
            .stream(&request, &watchdog.signal())
            .map_err(|error| bridge_error(&watchdog, cancelled(), &error))?;
        let stream = JsFuture::from(promise).await.map_err(|error| bridge_error(&watchdog, cancelled(), &error))?;
        let stream: web_sys::ReadableStream = stream.unchecked_into();

        let mut watchdog = watchdog;
        watchdog.rearm();
        let reader = stream.get_reader().unchecked_into::<ReadableStreamDefaultReader>();
        Ok(FetchBody { reader: Some(reader), watchdog, cancel: self.cancel.clone() })
    }

    /// Waits `ms` milliseconds, or until the run is cancelled, so that
    /// Cancel during a rate-limit wait takes effect at once.
    async fn sleep(&self, ms: u64) -> Result<(), TransportError> {
        let cancel = self.cancel.clone();
        let promise = Promise::new(&mut |resolve, _reject| {
            set_timeout(&resolve, ms as f64);
            if let Some(signal) = &cancel {
                let options = web_sys::AddEventListenerOptions::new();
                options.set_once(true);
                let _ =
                    signal.add_event_listener_with_callback_and_add_event_listener_options("abort", &resolve, &options);
            }
        });
        let _ = JsFuture::from(promise).await;
        if self.cancelled() {
            return Err(TransportError::Cancelled);
        }
        Ok(())
    }

    fn now_ms(&self) -> u64 {
        js_sys::Date::now() as u64
    }
}

/// Maps a rejection of the bridge. The `DOMException` name shows whether
/// the model is missing, still downloading or was given too much text.
fn bridge_error(watchdog: &Watchdog, cancelled: bool, error: &JsValue) -> TransportError {
    if cancelled || watchdog.timed_out.get() {
        return watchdog.error(cancelled, error);
    }
    let text = |key: &str| Reflect::get(error, &JsValue::from_str(key)).ok().and_then(|value| value.as_string());
    TransportError::Rejected {
        name: text("name").unwrap_or_else(|| "Error".into()),
        detail: text("message").or_else(|| error.as_string()).unwrap_or_default(),
    }
}

fn header_list(headers: &Headers) -> Vec<(String, String)> {
    let mut list = Vec::new();
    let Ok(Some(iterator)) = js_sys::try_iter(headers) else {
        return list;
    };
    for entry in iterator.flatten() {
        let pair: js_sys::Array = entry.unchecked_into();
        let name = pair.get(0).as_string().unwrap_or_default().to_ascii_lowercase();
        let value = pair.get(1).as_string().unwrap_or_default();
        list.push((name, value));
    }
    list
}

fn unreachable_error(error: &JsValue) -> TransportError {
    let detail = error
        .dyn_ref::<js_sys::Error>()
        .map(|error| String::from(error.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "the request failed".into());
    TransportError::Unreachable { detail }
}
