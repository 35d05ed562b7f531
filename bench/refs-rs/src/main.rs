//! Runs rs-trafilatura or dom_smoothie as reference extractors.
//!
//! Reads `PATH<TAB>URL` lines on standard input and writes one JSON object
//! per line with the fields the extraction scorer reads, so the benchmark
//! scores these crates exactly as it scores ours. A page that fails gets an
//! `error` field and the run goes on.

use std::io::{BufRead, BufWriter, Write};
use std::process::ExitCode;
use std::time::Instant;

use serde_json::{Value, json};

const USAGE: &str = "usage: extraction-refs rs-trafilatura|dom-smoothie < PAGES";

/// Decodes a saved page: a BOM, then valid UTF-8, then windows-1252.
fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, length)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding.decode_without_bom_handling(&bytes[length..]).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

fn run_trafilatura(path: &str, url: &str, bytes: &[u8]) -> Value {
    let options = rs_trafilatura::Options {
        url: (!url.is_empty()).then(|| url.to_string()),
        ..rs_trafilatura::Options::default()
    };
    match rs_trafilatura::extract_bytes_with_options(bytes, &options) {
        Ok(result) => json!({
            "path": path,
            "url": url,
            "title": result.metadata.title,
            "byline": result.metadata.author,
            "siteName": result.metadata.sitename,
            "publishedTime": result.metadata.date.map(|date| date.to_rfc3339()),
            "excerpt": result.metadata.description,
            "text": result.content_text,
        }),
        Err(error) => json!({"path": path, "url": url, "error": error.to_string()}),
    }
}

fn run_smoothie(path: &str, url: &str, bytes: &[u8]) -> Value {
    let html = decode(bytes);
    let document_url = (!url.is_empty()).then_some(url);
    let result = dom_smoothie::Readability::new(html, document_url, None).and_then(|mut reader| reader.parse());
    match result {
        Ok(article) => json!({
            "path": path,
            "url": url,
            "title": article.title,
            "byline": article.byline,
            "siteName": article.site_name,
            "publishedTime": article.published_time,
            "lang": article.lang,
            "excerpt": article.excerpt,
            "text": article.text_content.to_string(),
        }),
        Err(error) => json!({"path": path, "url": url, "error": error.to_string()}),
    }
}

fn main() -> ExitCode {
    let extractor: fn(&str, &str, &[u8]) -> Value = match std::env::args().nth(1).as_deref() {
        Some("rs-trafilatura") => run_trafilatura,
        Some("dom-smoothie") => run_smoothie,
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut pages = 0;
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        let (path, url) = line.split_once('\t').unwrap_or((line.as_str(), ""));
        if path.trim().is_empty() {
            continue;
        }
        let record = match std::fs::read(path) {
            Ok(bytes) => {
                let run = std::panic::catch_unwind(|| extractor(path, url.trim(), &bytes));
                run.unwrap_or_else(|_| json!({"path": path, "url": url, "error": "extractor panicked"}))
            }
            Err(error) => json!({"path": path, "url": url, "error": error.to_string()}),
        };
        if writeln!(out, "{record}").is_err() {
            return ExitCode::FAILURE;
        }
        pages += 1;
    }
    if out.flush().is_err() {
        return ExitCode::FAILURE;
    }
    eprintln!("{pages} pages in {:.1} s", started.elapsed().as_secs_f64());
    ExitCode::SUCCESS
}
