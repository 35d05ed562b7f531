//! The real stage chain, over the native transport, against the local test
//! server (`tests/server/model-server.mjs`, started with Node for each
//! test) speaking each provider's wire format, with its failures injected.

mod server;

mod anthropic;
mod azure_images;
mod gemini;
mod long_articles;
mod ollama;
mod openai;
mod probes;
