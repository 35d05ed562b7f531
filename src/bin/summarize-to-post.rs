//! Command-line program on the same core as the extension.
//!
//! TODO: `extract --jsonl` and the batch commands arrive with the extractor.

fn main() {
    eprintln!("usage: summarize-to-post extract --jsonl < PAGES");
    std::process::exit(2);
}
