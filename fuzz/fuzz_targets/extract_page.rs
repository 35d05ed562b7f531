//! Extracts arbitrary bytes as a page, as a forced page and as a selection:
//! extraction must never panic, whatever the HTML.
#![no_main]

use libfuzzer_sys::fuzz_target;
use summarize_to_post::extract::{Page, extract_page};

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data).into_owned();
    let url = "https://example.com/a/b.html".to_string();
    let _ = extract_page(&Page { html: html.clone(), url: url.clone(), selection_html: None, force: false });
    let _ = extract_page(&Page { html: html.clone(), url: url.clone(), selection_html: None, force: true });
    let _ = extract_page(&Page { html: "<p>page</p>".into(), url, selection_html: Some(html), force: false });
});
