//! Settings files: what the options page's Export writes and Import reads.
//!
//! A file is a JSON object `{format, version, settings, keys?}`. `settings`
//! is the stored settings object as it is, so an import restores fields
//! this version does not know about. API keys are written only when the
//! user asks for them. An import is checked here, in the same validation as
//! a save, before the options page shows it: a file that is not JSON, not
//! a settings file, from a newer version, or of the wrong shape is
//! rejected with an error that names the problem. A missing API key is not a
//! problem at import, because files are exported without keys by default;
//! the options page asks for the key when the user saves.

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;
use serde_json::{Map, Value};

use super::{RawSettings, SettingsError, SettingsProblem, validate};
use crate::error::UserError;

/// Value of the `format` field that marks a settings file.
pub const FORMAT: &str = "summarize-to-post-settings";

/// Version of the file layout this build writes and the newest it reads.
pub const VERSION: u64 = 1;

/// Maximum size of a settings file, in bytes; exported ones are a few kilobytes.
pub const MAX_FILE_BYTES: usize = 1_000_000;

/// A settings file that was read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedSettings {
    /// The stored settings object from the file.
    pub settings: Value,
    /// Keys from the file, for endpoints the file defines; empty when the
    /// file has none.
    pub keys: HashMap<String, String>,
    /// Problems of the settings, except missing keys.
    pub errors: Vec<SettingsError>,
}

/// A reason a file cannot be imported at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    /// The file is larger than [`MAX_FILE_BYTES`].
    TooLarge { bytes: usize },
    /// The file is not valid JSON.
    NotJson { detail: String },
    /// The JSON has no `format` field marking it as a settings file, or no
    /// `settings` object.
    NotSettingsFile,
    /// The file was written by a newer version of the extension.
    NewerVersion { version: u64 },
    /// A field of the settings has the wrong type, such as a text where a
    /// list belongs.
    InvalidSettings { detail: String },
    /// `keys` is not an object of texts.
    InvalidKeys,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge { bytes } => {
                write!(f, "the file has {bytes} bytes, more than a settings file's maximum of {MAX_FILE_BYTES}")
            }
            Self::NotJson { detail } => write!(f, "the file is not valid JSON: {detail}"),
            Self::NotSettingsFile => write!(f, "the file is not a settings file of this extension"),
            Self::NewerVersion { version } => write!(
                f,
                "the file has version {version} of the settings format, newer than version {VERSION} that this \
                 version of the extension reads"
            ),
            Self::InvalidSettings { detail } => write!(f, "the settings in the file are malformed: {detail}"),
            Self::InvalidKeys => write!(f, "the API keys in the file are malformed"),
        }
    }
}

impl std::error::Error for FileError {}

impl UserError for FileError {
    fn code(&self) -> &'static str {
        match self {
            Self::TooLarge { .. } => "import_too_large",
            Self::NotJson { .. } => "import_not_json",
            Self::NotSettingsFile => "import_not_settings",
            Self::NewerVersion { .. } => "import_newer_version",
            Self::InvalidSettings { .. } => "import_invalid_settings",
            Self::InvalidKeys => "import_invalid_keys",
        }
    }

    fn args(&self) -> Vec<String> {
        match self {
            Self::TooLarge { bytes } => vec![bytes.to_string(), MAX_FILE_BYTES.to_string()],
            Self::NotJson { detail } | Self::InvalidSettings { detail } => vec![detail.clone()],
            Self::NewerVersion { version } => vec![version.to_string(), VERSION.to_string()],
            Self::NotSettingsFile | Self::InvalidKeys => Vec::new(),
        }
    }

    fn hint(&self) -> String {
        match self {
            Self::TooLarge { .. } | Self::NotJson { .. } | Self::NotSettingsFile => {
                "Choose a file that this extension's Export settings button wrote.".into()
            }
            Self::NewerVersion { .. } => "Update the extension, then import the file again.".into(),
            Self::InvalidSettings { .. } | Self::InvalidKeys => {
                "Export the settings again from the extension, or fix the named field in the file.".into()
            }
        }
    }
}

#[derive(Serialize)]
struct SettingsFile<'a> {
    format: &'static str,
    version: u64,
    settings: &'a Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    keys: Option<&'a HashMap<String, String>>,
}

/// Writes a settings file. `keys` are included only when given.
pub fn write_settings_file(
    settings: &Value,
    keys: Option<&HashMap<String, String>>,
) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(&SettingsFile { format: FORMAT, version: VERSION, settings, keys })
}

/// Reads and checks a settings file.
pub fn read_settings_file(text: &str) -> Result<ImportedSettings, FileError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(FileError::TooLarge { bytes: text.len() });
    }
    let file: Value = serde_json::from_str(text).map_err(|error| FileError::NotJson { detail: error.to_string() })?;
    let file = file.as_object().ok_or(FileError::NotSettingsFile)?;
    if file.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(FileError::NotSettingsFile);
    }
    let version = file.get("version").and_then(Value::as_u64).ok_or(FileError::NotSettingsFile)?;
    if version > VERSION {
        return Err(FileError::NewerVersion { version });
    }

    let settings = file.get("settings").filter(|value| value.is_object()).ok_or(FileError::NotSettingsFile)?;
    let raw: RawSettings = serde_json::from_value(settings.clone())
        .map_err(|error| FileError::InvalidSettings { detail: error.to_string() })?;

    let keys = match file.get("keys") {
        None | Some(Value::Null) => HashMap::new(),
        Some(Value::Object(keys)) => read_keys(keys, &raw)?,
        Some(_) => return Err(FileError::InvalidKeys),
    };

    let errors = match validate(&raw, &keys) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.into_iter().filter(|error| error.problem != SettingsProblem::MissingKey).collect(),
    };
    Ok(ImportedSettings { settings: settings.clone(), keys, errors })
}

/// Returns the keys of endpoints the settings define; keys of other ids are
/// dropped so that no key is stored without its endpoint.
fn read_keys(keys: &Map<String, Value>, raw: &RawSettings) -> Result<HashMap<String, String>, FileError> {
    let mut found = HashMap::new();
    for (id, key) in keys {
        let key = key.as_str().ok_or(FileError::InvalidKeys)?;
        if raw.endpoints.iter().any(|endpoint| endpoint.id.trim() == id) {
            found.insert(id.clone(), key.to_string());
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn settings() -> Value {
        json!({
            "endpoints": [{"id": "a", "preset": "openai", "kind": "openai", "baseUrl": "https://api.openai.com/v1", "model": "gpt-4o-mini"}],
            "stages": {"title": {"model": "tiny"}},
            "output": {"language": "German"}
        })
    }

    #[test]
    fn export_leaves_keys_out() {
        let text = write_settings_file(&settings(), None).unwrap();
        assert!(!text.contains("keys"), "{text}");
        let imported = read_settings_file(&text).unwrap();
        assert_eq!(imported.settings, settings());
        assert!(imported.keys.is_empty());
        assert!(imported.errors.is_empty(), "a missing key is no problem at import: {:?}", imported.errors);
    }

    #[test]
    fn export_with_keys_round_trips() {
        let keys = HashMap::from([("a".to_string(), "sk-test-1".to_string())]);
        let text = write_settings_file(&settings(), Some(&keys)).unwrap();
        assert_eq!(read_settings_file(&text).unwrap().keys, keys);
    }

    #[test]
    fn keys_of_unknown_endpoints_are_dropped() {
        let text =
            json!({"format": FORMAT, "version": 1, "settings": settings(), "keys": {"a": "sk-1", "zzz": "sk-2"}});
        let imported = read_settings_file(&text.to_string()).unwrap();
        assert_eq!(imported.keys, HashMap::from([("a".to_string(), "sk-1".to_string())]));
    }

    #[test]
    fn bad_files_are_rejected() {
        let cases = [
            ("not json {", "import_not_json"),
            ("[1, 2]", "import_not_settings"),
            (r#"{"settings": {}}"#, "import_not_settings"),
            (r#"{"format": "summarize-to-post-settings", "version": 9, "settings": {}}"#, "import_newer_version"),
            (r#"{"format": "summarize-to-post-settings", "version": 1}"#, "import_not_settings"),
            (
                r#"{"format": "summarize-to-post-settings", "version": 1, "settings": {"endpoints": "x"}}"#,
                "import_invalid_settings",
            ),
            (
                r#"{"format": "summarize-to-post-settings", "version": 1, "settings": {}, "keys": ["sk"]}"#,
                "import_invalid_keys",
            ),
        ];
        for (text, code) in cases {
            let error = read_settings_file(text).unwrap_err();
            assert_eq!(error.code(), code, "{text}");
        }
        let huge = format!("\"{}\"", "x".repeat(MAX_FILE_BYTES));
        assert_eq!(read_settings_file(&huge).unwrap_err().code(), "import_too_large");
    }

    #[test]
    fn invalid_values_are_listed() {
        let mut invalid = settings();
        invalid["output"]["logDetail"] = json!("verbose");
        invalid["endpoints"][0]["baseUrl"] = json!("ftp://x");
        let text = write_settings_file(&invalid, None).unwrap();
        let fields: Vec<String> = read_settings_file(&text).unwrap().errors.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["endpoints.a.baseUrl", "output.logDetail"]);
    }
}
