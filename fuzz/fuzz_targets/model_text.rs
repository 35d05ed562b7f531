//! Runs the clean-up and the loop guard on arbitrary model output: no
//! panic, and a cleaned title is one line without tags or wrapping quotes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use summarize_to_post::pipeline::clean::{clean_body, clean_title};
use summarize_to_post::pipeline::is_looping;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let title = clean_title(text);
    assert!(!title.contains('\n'), "title {title:?} has a line break");
    assert_eq!(title, title.trim(), "title {title:?} is not trimmed");
    let _ = clean_body(text);
    let _ = is_looping(text);
});
