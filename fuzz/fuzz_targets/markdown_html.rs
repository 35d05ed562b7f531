//! Renders arbitrary Markdown to HTML: it must never panic, and nothing that
//! can run code may come out.
#![no_main]

use libfuzzer_sys::fuzz_target;
use summarize_to_post::render::html::markdown_to_html;
use summarize_to_post_fuzz::assert_safe_html;

fuzz_target!(|data: &[u8]| {
    let Ok(markdown) = std::str::from_utf8(data) else {
        return;
    };
    assert_safe_html(&markdown_to_html(markdown, 1));
});
