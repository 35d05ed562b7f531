//! API keys in a type that cannot leak by accident.
//!
//! `ApiKey` has no `Display`, no `Serialize`, and a `Debug` that prints a
//! placeholder, so a key cannot reach a log line, an error message, the
//! transparency log or an export through formatting or serde. The only way to
//! read it is [`ApiKey::expose`], which the transport calls when it writes the
//! request header.

use std::fmt;

/// An API key for one endpoint.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key. Surrounding whitespace, which often comes with a paste, is
    /// removed; use [`crate::settings`] validation to reject anything else.
    pub fn new(key: impl Into<String>) -> Self {
        let key: String = key.into();
        Self(key.trim().to_string())
    }

    /// Returns the key text. Call only where the request header is written.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Returns true when the key is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_key() {
        let key = ApiKey::new("sk-secret-value");
        assert_eq!(format!("{key:?}"), "ApiKey([redacted])");
        assert!(!format!("{:?}", Some(&key)).contains("secret"));
    }

    #[test]
    fn new_trims_pasted_whitespace() {
        assert_eq!(ApiKey::new("  sk-abc\n").expose(), "sk-abc");
    }
}
