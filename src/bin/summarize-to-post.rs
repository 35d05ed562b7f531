//! Command-line program on the same core as the extension.
//!
//! `extract` runs article extraction on saved pages: one file, printed as
//! the article JSON or its Markdown, or a batch of `PATH<TAB>URL` lines on
//! standard input, with one JSON object written per line. The batch form
//! is the interface that extraction benchmarks and scorers use, so a page
//! that fails yields a line with an `error` field and the run goes on.

use std::io::{BufRead, BufWriter, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::ExitCode;

use serde_json::{Value, json};
use summarize_to_post::article::Article;
use summarize_to_post::error::UserError;
use summarize_to_post::extract::{self, ExtractError, Page, decode::decode_html};

const USAGE: &str = "\
usage: summarize-to-post extract --jsonl
       summarize-to-post extract FILE [--url URL] [--force] [--markdown]

Extracts the article from saved HTML pages.

  --jsonl       read lines \"PATH<TAB>URL\" on standard input and write one
                JSON object per line: path, url, title, byline, siteName,
                publishedTime, lang, dir, excerpt, canonicalUrl, leadImage,
                text and markdown. Pages are extracted even when they do not
                look like articles; those lines carry \"notAnArticle\" with
                the reason. A page that cannot be read gets a line with
                \"error\", and the run goes on.
  FILE          extract one file and print the article as JSON
  --url URL     URL the page was saved from, for resolving links
                (default: file://FILE)
  --force       extract even when the page does not look like an article
  --markdown    print only the body as Markdown
";

/// Failure of the command line or of a single-file run.
#[derive(Debug)]
enum CliError {
    /// No subcommand was given.
    MissingCommand,
    /// The subcommand is not one this program has.
    UnknownCommand(String),
    /// An option is not one `extract` accepts.
    UnknownOption(String),
    /// An option that needs a value came last.
    MissingValue(&'static str),
    /// Neither `--jsonl` nor a file was given.
    MissingInput,
    /// The input file could not be read.
    ReadFailed { path: String, error: std::io::Error },
    /// Standard input or output failed.
    Io(std::io::Error),
    /// Extraction returned no article.
    Extract(ExtractError),
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::MissingCommand => write!(f, "missing command: use `extract`"),
            Self::UnknownCommand(command) => write!(f, "unknown command {command:?}: the only command is `extract`"),
            Self::UnknownOption(option) => write!(f, "unknown option {option:?} for `extract`"),
            Self::MissingValue(option) => write!(f, "{option} needs a value"),
            Self::MissingInput => write!(f, "missing input: give a FILE or --jsonl"),
            Self::ReadFailed { path, error } => write!(f, "failed to read {path}: {error}"),
            Self::Io(error) => write!(f, "input or output failed: {error}"),
            Self::Extract(error) => write!(f, "{error}\nhint: {}", error.hint()),
        }
    }
}

/// Options of the `extract` command after validation.
struct Options {
    jsonl: bool,
    file: Option<String>,
    url: Option<String>,
    force: bool,
    markdown: bool,
}

fn parse_args(args: &[String]) -> Result<Options, CliError> {
    let Some(command) = args.first() else {
        return Err(CliError::MissingCommand);
    };
    if command != "extract" {
        return Err(CliError::UnknownCommand(command.clone()));
    }
    let mut options = Options { jsonl: false, file: None, url: None, force: false, markdown: false };
    let mut rest = args[1..].iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--jsonl" => options.jsonl = true,
            "--force" => options.force = true,
            "--markdown" => options.markdown = true,
            "--url" => options.url = Some(rest.next().ok_or(CliError::MissingValue("--url"))?.clone()),
            other if other.starts_with('-') => return Err(CliError::UnknownOption(other.to_string())),
            file if options.file.is_none() => options.file = Some(file.to_string()),
            extra => return Err(CliError::UnknownOption(extra.to_string())),
        }
    }
    if !options.jsonl && options.file.is_none() {
        return Err(CliError::MissingInput);
    }
    Ok(options)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|arg| arg == "-h" || arg == "--help") {
        print!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let result = parse_args(&args).and_then(|options| if options.jsonl { run_batch() } else { run_single(&options) });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            if matches!(
                error,
                CliError::MissingCommand
                    | CliError::UnknownCommand(_)
                    | CliError::UnknownOption(_)
                    | CliError::MissingValue(_)
                    | CliError::MissingInput
            ) {
                eprint!("\n{USAGE}");
                return ExitCode::from(2);
            }
            ExitCode::FAILURE
        }
    }
}

fn run_single(options: &Options) -> Result<(), CliError> {
    let path = options.file.clone().unwrap_or_default();
    let bytes = std::fs::read(&path).map_err(|error| CliError::ReadFailed { path: path.clone(), error })?;
    let page = Page {
        html: decode_html(&bytes),
        url: options.url.clone().unwrap_or_else(|| format!("file://{path}")),
        selection_html: None,
        force: options.force,
    };
    let article = extract::extract_page(&page).map_err(CliError::Extract)?;
    let mut out = std::io::stdout().lock();
    if options.markdown {
        writeln!(out, "{}", article.markdown).map_err(CliError::Io)?;
    } else {
        let text = serde_json::to_string_pretty(&article).map_err(|error| CliError::Io(error.into()))?;
        writeln!(out, "{text}").map_err(CliError::Io)?;
    }
    Ok(())
}

fn run_batch() -> Result<(), CliError> {
    let stdin = std::io::stdin().lock();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for line in stdin.lines() {
        let line = line.map_err(CliError::Io)?;
        if line.trim().is_empty() {
            continue;
        }
        let (path, url) = match line.split_once('\t') {
            Some((path, url)) => (path.to_string(), url.trim().to_string()),
            None => (line.trim().to_string(), String::new()),
        };
        let record = batch_record(&path, &url);
        writeln!(out, "{record}").map_err(CliError::Io)?;
    }
    out.flush().map_err(CliError::Io)
}

/// Extracts one page of a batch into its output line.
fn batch_record(path: &str, url: &str) -> Value {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => return json!({"path": path, "url": url, "error": format!("failed to read {path}: {error}")}),
    };
    let html = decode_html(&bytes);
    let url = if url.is_empty() { format!("file://{path}") } else { url.to_string() };
    let run = |force: bool| {
        let page = Page { html: html.clone(), url: url.clone(), selection_html: None, force };
        catch_unwind(AssertUnwindSafe(|| extract::extract_page(&page)))
    };

    let mut not_article = None;
    let result = match run(false) {
        Ok(Err(ExtractError::NotAnArticle { reason, .. })) => {
            not_article = Some(reason.code());
            run(true)
        }
        other => other,
    };
    match result {
        Ok(Ok(article)) => article_record(path, &article, not_article),
        Ok(Err(error)) => json!({"path": path, "url": url, "error": error.to_string(), "code": error.code()}),
        Err(_) => json!({"path": path, "url": url, "error": "extraction panicked on this page"}),
    }
}

fn article_record(path: &str, article: &Article, not_article: Option<&str>) -> Value {
    let mut record = json!({
        "path": path,
        "url": article.url,
        "title": article.title,
        "byline": article.byline,
        "siteName": article.site_name,
        "publishedTime": article.published_time,
        "lang": article.lang,
        "dir": article.dir,
        "excerpt": article.excerpt,
        "canonicalUrl": article.canonical_url,
        "leadImage": article.lead_image,
        "wordCount": article.word_count,
        "text": article.text,
        "markdown": article.markdown,
    });
    if let (Some(reason), Some(object)) = (not_article, record.as_object_mut()) {
        object.insert("notAnArticle".into(), Value::from(reason));
    }
    record
}
