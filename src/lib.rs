//! Summarize to Post: the core of a browser extension that turns the article
//! in a tab into a ready-to-paste blog post.
//!
//! Data flows one way: a captured page is extracted into an [`article::Article`],
//! a chain of model calls (stages) turns it into a post body, a title and an
//! image description, and the post is rendered as Markdown and as HTML with
//! its attribution and transparency log.
//!
//! Everything here except the `wasm` module and the browser transport is free
//! of browser types, so `cargo test` exercises it natively. The command-line
//! program in `src/bin/` runs on the same code. Extraction, the `Article`
//! and the `UserError` shape live in the `summarize-to-post-extract` crate
//! (`crates/extract`) and are re-exported here under their usual paths.

pub use summarize_to_post_extract::{article, error, extract};

pub mod pipeline;
pub mod prompt;
pub mod provider;
pub mod render;
pub mod secret;
pub mod settings;
pub mod template;
pub mod transport;

#[cfg(test)]
mod test_support;

#[cfg(target_arch = "wasm32")]
mod wasm;
