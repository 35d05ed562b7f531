//! The sample posts in `posts/`, written the way models write blog posts,
//! render to the same HTML with the product's renderer as with the
//! pulldown-cmark reference, up to the differences `normalise_html`
//! documents.

use summarize_to_post::render::html::markdown_to_html;
use summarize_to_post_fuzz::assert_safe_html;
use summarize_to_post_fuzz::reference::{normalise_html, reference_html};

#[test]
fn sample_posts_match_reference() {
    let mut paths: Vec<_> =
        std::fs::read_dir("posts").expect("posts/ is readable").map(|entry| entry.expect("entry").path()).collect();
    paths.sort();
    assert!(paths.len() >= 10, "expected the sample posts in posts/, found {}", paths.len());

    for path in paths {
        let input = std::fs::read_to_string(&path).expect("sample post is UTF-8");
        for demote in [0, 1] {
            let ours = markdown_to_html(&input, demote);
            assert_safe_html(&ours);
            assert_eq!(
                normalise_html(&ours),
                normalise_html(&reference_html(&input, demote)),
                "{} renders differently with demote {demote}",
                path.display()
            );
        }
    }
}

/// Generated posts from a fixed pseudo-random sequence, so that a plain
/// `cargo test` covers what the `markdown_differential` target explores.
#[test]
fn generated_posts_match_reference() {
    // xorshift64, for a fixed sequence without a dependency.
    let mut state: u64 = 1;
    let mut next_byte = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 24) as u8
    };

    for _ in 0..2000 {
        let data: Vec<u8> = (0..200).map(|_| next_byte()).collect();
        let input = summarize_to_post_fuzz::post::post(&data);
        let ours = markdown_to_html(&input, 0);
        assert_safe_html(&ours);
        assert_eq!(normalise_html(&ours), normalise_html(&reference_html(&input, 0)), "{input:?} renders differently");
    }
}
