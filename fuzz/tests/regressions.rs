//! Inputs the fuzz targets once failed on, kept in `regressions/TARGET/`
//! and run through the same checks as the target.

use std::fs;
use std::path::PathBuf;

use pulldown_cmark::{Parser, html};
use summarize_to_post::render::html::markdown_to_html;
use summarize_to_post::render::markdown::neutralise;
use summarize_to_post_fuzz::assert_safe_html;
use summarize_to_post_fuzz::post::post;
use summarize_to_post_fuzz::reference::{normalise_html, options, reference_html};

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let Ok(entries) = fs::read_dir(format!("regressions/{target}")) else {
        return Vec::new();
    };
    let mut inputs: Vec<_> = entries
        .map(|entry| entry.expect("regression entry").path())
        .map(|path| {
            let data = fs::read(&path).expect("regression input is readable");
            (path, data)
        })
        .collect();
    inputs.sort();
    inputs
}

#[test]
fn markdown_differential_regressions() {
    for (path, data) in inputs("markdown_differential") {
        let markdown = post(&data);
        for demote in [0, 1] {
            let ours = markdown_to_html(&markdown, demote);
            assert_safe_html(&ours);
            assert_eq!(
                normalise_html(&ours),
                normalise_html(&reference_html(&markdown, demote)),
                "{} renders differently: {markdown:?}",
                path.display()
            );
        }
    }
}

#[test]
fn markdown_neutralise_regressions() {
    for (path, data) in inputs("markdown_neutralise") {
        let Ok(text) = std::str::from_utf8(&data) else {
            continue;
        };
        let neutral = neutralise(text);
        let mut rendered = String::new();
        html::push_html(&mut rendered, Parser::new_ext(&neutral, options()));
        assert!(!rendered.contains("<img"), "{}: an image survived in {rendered:?}", path.display());
        assert_safe_html(&rendered);
    }
}
