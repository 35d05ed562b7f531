//! The `extract` command of the command-line program, run as a user runs
//! it: saved pages on disk, `PATH<TAB>URL` lines on standard input.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const BINARY: &str = env!("CARGO_BIN_EXE_summarize-to-post");

/// Creates an empty directory for one test's files.
fn scratch_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("extract-cli-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch directory");
    dir
}

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(BINARY)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the program");
    child.stdin.take().expect("stdin is piped").write_all(stdin.as_bytes()).expect("write stdin");
    child.wait_with_output().expect("program finishes")
}

fn article_page(paragraph: &str) -> String {
    format!(
        "<html lang=\"fr\"><head><title>Un café à Paris</title></head><body><article>{}</article></body></html>",
        format!("<p>{paragraph}</p>").repeat(6)
    )
}

#[test]
fn jsonl_writes_one_line_per_page() {
    let dir = scratch_dir("jsonl");
    let good = dir.join("good.html");
    std::fs::write(
        &good,
        article_page(
            "Le café du coin a rouvert ses portes ce matin, après trois mois de travaux dans la salle et la cuisine.",
        ),
    )
    .unwrap();

    let latin1 = dir.join("latin1.html");
    let latin1_page =
        article_page("Un café crème coûte désormais deux euros cinquante au comptoir, disent les habitués.");
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&latin1_page);
    let mut declared = b"<meta charset=\"iso-8859-1\">".to_vec();
    declared.extend_from_slice(&bytes);
    std::fs::write(&latin1, declared).unwrap();

    let missing = dir.join("missing.html");
    let input = format!(
        "{}\thttps://example.org/good\n{}\thttps://example.org/missing\n\n{}\thttps://example.org/latin1\n",
        good.display(),
        missing.display(),
        latin1.display()
    );
    let output = run(&["extract", "--jsonl"], &input);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));

    let lines: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .expect("UTF-8 output")
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 3, "blank input lines are skipped");

    assert_eq!(lines[0]["url"], "https://example.org/good");
    assert_eq!(lines[0]["title"], "Un café à Paris");
    assert_eq!(lines[0]["lang"], "fr");
    assert!(lines[0]["text"].as_str().unwrap().contains("Le café du coin a rouvert"));
    assert!(lines[0]["markdown"].as_str().unwrap().contains("Le café du coin"));
    for field in ["byline", "siteName", "publishedTime", "excerpt"] {
        assert!(lines[0].get(field).is_some(), "missing {field}");
    }

    assert_eq!(lines[1]["path"], missing.display().to_string());
    assert_eq!(lines[1]["url"], "https://example.org/missing");
    assert!(lines[1]["error"].as_str().unwrap().contains("failed to read"), "{}", lines[1]);

    assert!(lines[2]["text"].as_str().unwrap().contains("Un café crème coûte"), "{}", lines[2]);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn jsonl_marks_pages_that_are_not_articles() {
    let dir = scratch_dir("not-article");
    let login = dir.join("login.html");
    std::fs::write(&login, "<form><h1>Sign in</h1><input type=password name=p><button>Go</button></form>").unwrap();
    let output = run(&["extract", "--jsonl"], &format!("{}\thttps://example.org/login\n", login.display()));
    let line: serde_json::Value = serde_json::from_slice(&output.stdout).expect("one JSON line");
    assert_eq!(line["notAnArticle"], "login_form", "{line}");
    assert!(line["text"].as_str().unwrap().contains("Sign in"), "{line}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn single_file_prints_markdown() {
    let dir = scratch_dir("markdown");
    let page = dir.join("page.html");
    std::fs::write(
        &page,
        article_page("Une <a href=\"/carte\">carte</a> nouvelle attend les clients du café, avec des plats du jour."),
    )
    .unwrap();
    let output = run(&["extract", page.to_str().unwrap(), "--url", "https://cafe.example/menu/", "--markdown"], "");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let markdown = String::from_utf8(output.stdout).unwrap();
    assert!(markdown.contains("[carte](https://cafe.example/carte)"), "{markdown}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn unknown_option_shows_usage() {
    let output = run(&["extract", "--json"], "");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unknown option \"--json\""), "{stderr}");
    assert!(stderr.contains("usage: summarize-to-post extract --jsonl"), "{stderr}");
}

#[test]
fn missing_command_shows_usage() {
    let output = run(&[], "");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("missing command"));
}

#[test]
fn missing_url_value_is_named() {
    let output = run(&["extract", "page.html", "--url"], "");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--url needs a value"));
}

#[test]
fn unreadable_file_fails_with_path() {
    let output = run(&["extract", "/nonexistent/page.html"], "");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("failed to read /nonexistent/page.html"));
}
