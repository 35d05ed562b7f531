//! Renders realistic generated posts with the product's Markdown renderer
//! and with the pulldown-cmark reference under the same safety rules: the
//! two must write the same HTML, up to the differences that
//! [`normalise_html`] documents, and ours must stay safe.
#![no_main]

use libfuzzer_sys::fuzz_target;
use summarize_to_post::render::html::markdown_to_html;
use summarize_to_post_fuzz::assert_safe_html;
use summarize_to_post_fuzz::post::post;
use summarize_to_post_fuzz::reference::{normalise_html, reference_html};

fuzz_target!(|data: &[u8]| {
    let markdown = post(data);
    for demote in [0, 1] {
        let ours = markdown_to_html(&markdown, demote);
        assert_safe_html(&ours);
        let theirs = reference_html(&markdown, demote);
        assert_eq!(normalise_html(&ours), normalise_html(&theirs), "renderings differ for {markdown:?}");
    }
});
