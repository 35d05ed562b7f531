//! Neutralises arbitrary Markdown, then renders it with a renderer that
//! passes raw HTML through, as permissive editors do: no panic, and nothing
//! that can run code or load an image may come out.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pulldown_cmark::{Options, Parser, html};
use summarize_to_post::render::markdown::neutralise;
use summarize_to_post_fuzz::assert_safe_html;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let neutral = neutralise(text);
    let mut rendered = String::new();
    html::push_html(
        &mut rendered,
        Parser::new_ext(&neutral, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS),
    );
    assert!(!rendered.contains("<img"), "an image survived in {rendered:?} from {text:?}");
    assert_safe_html(&rendered);
});
