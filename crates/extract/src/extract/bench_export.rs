//! A wasm export for the extraction speed benchmark only.
//!
//! The benchmark page times extraction against Readability.js in the same
//! browser, so it needs a call with no serialisation cost on top of the
//! extraction itself. It is compiled only with the `bench-wasm` feature;
//! the extension calls extraction through the regular boundary module.

use wasm_bindgen::prelude::*;

/// Extracts the article from `html` at `url`, with the article checks off,
/// and returns the length of its plain text in bytes (0 when no text).
#[wasm_bindgen(js_name = benchExtract)]
pub fn bench_extract(html: &str, url: &str) -> usize {
    let page = super::Page { html: html.to_string(), url: url.to_string(), selection_html: None, force: true };
    super::extract_page(&page).map_or(0, |article| article.text.len())
}

/// Extracts like [`bench_extract`] and returns the article as JSON text,
/// so the benchmark can score what the wasm build produced.
#[wasm_bindgen(js_name = benchExtractJson)]
pub fn bench_extract_json(html: &str, url: &str) -> String {
    let page = super::Page { html: html.to_string(), url: url.to_string(), selection_html: None, force: true };
    match super::extract_page(&page) {
        Ok(article) => serde_json::to_string(&article).unwrap_or_default(),
        Err(error) => serde_json::json!({ "error": error.to_string() }).to_string(),
    }
}
