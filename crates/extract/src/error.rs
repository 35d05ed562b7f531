//! The one shape in which any failure reaches a user.
//!
//! Each concern has its own typed error enum. At the edges (the wasm boundary,
//! the command-line program) every one of them becomes an [`ErrorReport`]: a
//! stable `code` that the extension maps to a message in its locale files, the
//! values that message names, and English text for logs and the command line.

use serde::Serialize;

/// A failure as it crosses to the extension or the terminal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorReport {
    /// Stable identifier; the extension looks up `error_<code>` and
    /// `hint_<code>` in its locale files.
    pub code: &'static str,
    /// Values the localised message and hint substitute, in order (`$1`, `$2`…).
    pub args: Vec<String>,
    /// What failed, in English, naming the value.
    pub message: String,
    /// What the user can do about it, in English.
    pub hint: String,
}

/// Implemented by every error enum that can reach a user.
pub trait UserError: std::error::Error {
    /// Stable identifier of the variant, in snake case.
    fn code(&self) -> &'static str;

    /// Values that the message names, in the order the locale files use them.
    fn args(&self) -> Vec<String>;

    /// What the user can do about it, in English.
    fn hint(&self) -> String;

    /// Converts the error into the shape the edges send on.
    fn report(&self) -> ErrorReport {
        ErrorReport { code: self.code(), args: self.args(), message: self.to_string(), hint: self.hint() }
    }
}
