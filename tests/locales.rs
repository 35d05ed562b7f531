//! Every error code the core or the extension can report has a message and a
//! hint in the locale files, and every locale has every English message.
//!
//! Codes are collected from the sources: the string literals inside each
//! `fn code(&self)` of the Rust error types, the `code: "…"` fields the wasm
//! boundary builds, and the `report('…'` calls and `code: '…'` fields in the
//! extension's JavaScript.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn files_under(dir: &Path, extension: &str, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, extension, found);
        } else if path.extension().is_some_and(|e| e == extension) {
            found.push(path);
        }
    }
}

/// Returns the string literals between `start` and the brace that closes
/// the block opened after it.
fn literals_in_blocks(text: &str, start: &str, quote: char) -> Vec<String> {
    let mut literals = Vec::new();
    let mut rest = text;
    while let Some(index) = rest.find(start) {
        let block_start = index + rest[index..].find('{').unwrap() + 1;
        let mut depth = 1;
        let mut end = block_start;
        for (offset, c) in rest[block_start..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                end = block_start + offset;
                break;
            }
        }
        literals.extend(quoted(&rest[block_start..end], quote));
        rest = &rest[end..];
    }
    literals
}

fn quoted(text: &str, quote: char) -> Vec<String> {
    text.split(quote).skip(1).step_by(2).map(str::to_string).collect()
}

/// Returns the literal that follows each `marker`, after optional whitespace.
fn literals_after(text: &str, marker: &str, quote: char) -> Vec<String> {
    text.match_indices(marker)
        .filter_map(|(index, _)| text[index + marker.len()..].trim_start().strip_prefix(quote))
        .filter_map(|rest| rest.split(quote).next().map(str::to_string))
        .collect()
}

fn error_codes() -> BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut codes = BTreeSet::new();

    let mut rust = Vec::new();
    files_under(&root.join("src"), "rs", &mut rust);
    files_under(&root.join("crates"), "rs", &mut rust);
    for path in rust {
        let text = fs::read_to_string(&path).unwrap();
        codes.extend(literals_in_blocks(&text, "fn code(&self) -> &'static str", '"'));
        codes.extend(literals_after(&text, "code:", '"'));
    }

    let mut javascript = Vec::new();
    files_under(&root.join("extension"), "js", &mut javascript);
    for path in javascript {
        let text = fs::read_to_string(&path).unwrap();
        codes.extend(literals_after(&text, "report(", '\''));
        codes.extend(literals_after(&text, "code:", '\''));
    }

    codes.retain(|code| code.chars().all(|c| c.is_ascii_lowercase() || c == '_') && code.contains('_'));
    codes
}

fn locale(name: &str) -> serde_json::Map<String, Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("_locales").join(name).join("messages.json");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match serde_json::from_str(&text) {
        Ok(Value::Object(messages)) => messages,
        other => panic!("{} is not a JSON object: {other:?}", path.display()),
    }
}

#[test]
fn error_codes_are_found() {
    let codes = error_codes();
    let expected_codes = [
        "stage_truncated",
        "settings_invalid_url",
        "page_restricted",
        "core_panic",
        "invalid_input",
        "extract_not_an_article",
    ];
    for expected in expected_codes {
        assert!(codes.contains(expected), "{expected} missing from {codes:?}");
    }
}

#[test]
fn every_error_code_has_english_text() {
    let english = locale("en");
    let mut missing = Vec::new();
    for code in error_codes() {
        for prefix in ["error_", "hint_"] {
            let key = format!("{prefix}{code}");
            if !english.contains_key(&key) {
                missing.push(key);
            }
        }
    }
    assert!(missing.is_empty(), "messages missing from _locales/en/messages.json: {missing:?}");
}

#[test]
fn every_locale_has_every_message() {
    let english = locale("en");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("_locales");
    for entry in fs::read_dir(root).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        let messages = locale(&name);
        let missing: Vec<&String> = english.keys().filter(|key| !messages.contains_key(*key)).collect();
        let extra: Vec<&String> = messages.keys().filter(|key| !english.contains_key(*key)).collect();
        assert!(missing.is_empty(), "{name} lacks {missing:?}");
        assert!(extra.is_empty(), "{name} has messages English lacks: {extra:?}");
    }
}

#[test]
fn substitutions_match_english() {
    let english = locale("en");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("_locales");
    let placeholders = |text: &str| -> BTreeSet<String> {
        (1..=9).map(|n| format!("${n}")).filter(|p| text.contains(p.as_str())).collect()
    };
    for entry in fs::read_dir(root).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        for (key, value) in locale(&name) {
            let text = value["message"].as_str().unwrap_or_default();
            let reference = english.get(&key).and_then(|v| v["message"].as_str()).unwrap_or_default();
            assert_eq!(
                placeholders(text),
                placeholders(reference),
                "{name}/{key} uses other substitutions than English"
            );
        }
    }
}

/// Chrome's manifest reference and MDN both limit the manifest
/// `description` to 132 characters, which holds in every locale.
const MAX_DESCRIPTION_CHARS: usize = 132;

#[test]
fn descriptions_fit_the_store_limit() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("_locales");
    for entry in fs::read_dir(root).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        let messages = locale(&name);
        let description = messages["extDescription"]["message"].as_str().unwrap_or_default();
        let length = description.chars().count();
        assert!(
            length <= MAX_DESCRIPTION_CHARS,
            "{name}/extDescription has {length} characters, more than the store's {MAX_DESCRIPTION_CHARS}"
        );
    }
}
