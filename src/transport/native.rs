//! The native transport: blocking HTTP with `ureq`, for the command-line
//! program and for the integration tests that run the real stage chain
//! against the local test server.
//!
//! The trait's methods are `async`, but every one of them here blocks the
//! calling thread until it is done, so any executor that polls a future to
//! completion (such as [`block_on`]) runs the chain. Only plain `http://` is
//! built in, which is what local servers speak.
//! TODO: enable ureq's `rustls` feature when the command-line program needs
//! hosted `https://` endpoints.

use std::future::Future;
use std::io::{ErrorKind, Read};
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::{HttpRequest, ModelPrompt, ResponseBody, ResponseHead, Transport, TransportError};

/// Bytes read from the socket at a time; a streamed event usually fits.
const READ_CHUNK_BYTES: usize = 16 * 1024;

/// Sends requests with `ureq`, one connection pool for all of them.
pub struct NativeTransport {
    agent: ureq::Agent,
}

impl Default for NativeTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl NativeTransport {
    pub fn new() -> Self {
        // Status codes are data here: classification reads 4xx and 5xx bodies.
        let agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        Self { agent }
    }
}

/// A response body read from the socket as it arrives.
pub struct NativeBody {
    reader: Option<Box<dyn Read>>,
    timeout_ms: u64,
}

impl ResponseBody for NativeBody {
    async fn next_chunk(&mut self) -> Result<Option<Vec<u8>>, TransportError> {
        let Some(reader) = self.reader.as_mut() else {
            return Ok(None);
        };
        let mut buffer = vec![0; READ_CHUNK_BYTES];
        let read = reader.read(&mut buffer).map_err(|error| body_error(&error, self.timeout_ms))?;
        if read == 0 {
            self.reader = None;
            return Ok(None);
        }
        buffer.truncate(read);
        Ok(Some(buffer))
    }
}

impl Transport for NativeTransport {
    type Body = NativeBody;

    async fn send(&self, request: &HttpRequest) -> Result<(ResponseHead, NativeBody), TransportError> {
        let timeout = Some(Duration::from_millis(request.timeout_ms));
        let mut builder = ureq::http::Request::builder().method(request.method).uri(&request.url);
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.expose());
        }
        let http_request = builder
            .body(request.body.clone())
            .map_err(|error| TransportError::Unreachable { detail: format!("invalid request: {error}") })?;

        let configured = self
            .agent
            .configure_request(http_request)
            .timeout_connect(timeout)
            .timeout_per_read(timeout)
            .timeout_per_write(timeout)
            .build();
        let response = self.agent.run(configured).map_err(|error| send_error(error, request.timeout_ms))?;

        let head = ResponseHead {
            status: response.status().as_u16(),
            headers: response
                .headers()
                .iter()
                .map(|(name, value)| {
                    (name.as_str().to_ascii_lowercase(), String::from_utf8_lossy(value.as_bytes()).into_owned())
                })
                .collect(),
        };
        let reader: Box<dyn Read> = Box::new(response.into_body().into_reader());
        Ok((head, NativeBody { reader: Some(reader), timeout_ms: request.timeout_ms }))
    }

    async fn prompt_model(&self, _prompt: &ModelPrompt) -> Result<NativeBody, TransportError> {
        Err(TransportError::Rejected {
            name: "NotSupportedError".into(),
            detail: "the built-in model exists only inside the browser".into(),
        })
    }

    async fn sleep(&self, ms: u64) -> Result<(), TransportError> {
        std::thread::sleep(Duration::from_millis(ms));
        Ok(())
    }

    fn now_ms(&self) -> u64 {
        SystemTime::now().duration_since(UNIX_EPOCH).map(|elapsed| elapsed.as_millis() as u64).unwrap_or(0)
    }
}

/// Runs a future to completion on the current thread. The native transport
/// blocks inside its futures, so each poll makes progress.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
}

fn send_error(error: ureq::Error, timeout_ms: u64) -> TransportError {
    match error {
        ureq::Error::Timeout(_) => TransportError::TimedOut { after_ms: timeout_ms },
        ureq::Error::Io(error) => match error.kind() {
            ErrorKind::TimedOut | ErrorKind::WouldBlock => TransportError::TimedOut { after_ms: timeout_ms },
            ErrorKind::ConnectionRefused => TransportError::Unreachable { detail: "connection refused".into() },
            _ => TransportError::Unreachable { detail: error.to_string() },
        },
        ureq::Error::HostNotFound => TransportError::Unreachable { detail: "host not found".into() },
        other => TransportError::Unreachable { detail: other.to_string() },
    }
}

fn body_error(error: &std::io::Error, timeout_ms: u64) -> TransportError {
    match error.kind() {
        ErrorKind::TimedOut | ErrorKind::WouldBlock => TransportError::TimedOut { after_ms: timeout_ms },
        _ => TransportError::BodyInterrupted { detail: error.to_string() },
    }
}
