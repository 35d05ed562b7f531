//! Validation of the endpoint base URLs that users type into the options page.
//!
//! A base URL decides where prompts and API keys go, so it is parsed strictly
//! here rather than trusted: only `http` and `https`, no user name or password
//! in the URL, no fragment, and a host that is either an ASCII name or an IP
//! address. The host class (loopback, private network, public) decides
//! whether a key may travel over plain `http`.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

/// A validated `http` or `https` base URL with no trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointUrl {
    scheme: Scheme,
    /// Lower-case host name, IPv4 address, or IPv6 address in brackets.
    host: String,
    port: Option<u16>,
    /// Path without a trailing slash; empty or starting with `/`.
    path: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Http,
    Https,
}

/// Where a host is, as far as the URL tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostClass {
    /// `localhost`, 127.0.0.0/8, `::1`.
    Loopback,
    /// RFC 1918 and unique-local addresses, link-local addresses, and names
    /// ending in `.local`, `.lan`, `.internal` or `.home.arpa`.
    PrivateNetwork,
    Public,
}

/// Why a base URL was rejected; each reason reads as the end of the
/// sentence "The base URL … is invalid: …".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlProblem {
    Empty,
    MissingScheme,
    UnsupportedScheme,
    HasCredentials,
    HasFragment,
    HasQuery,
    MissingHost,
    InvalidHost,
    NonAsciiHost,
    InvalidPort,
    Whitespace,
}

impl UrlProblem {
    /// Returns a stable identifier for the locale files.
    pub fn code(self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::MissingScheme => "missing_scheme",
            Self::UnsupportedScheme => "unsupported_scheme",
            Self::HasCredentials => "has_credentials",
            Self::HasFragment => "has_fragment",
            Self::HasQuery => "has_query",
            Self::MissingHost => "missing_host",
            Self::InvalidHost => "invalid_host",
            Self::NonAsciiHost => "non_ascii_host",
            Self::InvalidPort => "invalid_port",
            Self::Whitespace => "whitespace",
        }
    }
}

impl fmt::Display for UrlProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Empty => "it is empty",
            Self::MissingScheme => "it must start with http:// or https://",
            Self::UnsupportedScheme => "only http:// and https:// are supported",
            Self::HasCredentials => "it contains a user name or password; put the key in the API key field instead",
            Self::HasFragment => "it contains a '#' fragment",
            Self::HasQuery => "it contains a '?' query; enter the base URL only",
            Self::MissingHost => "it has no host name",
            Self::InvalidHost => "the host name contains characters that are not allowed",
            Self::NonAsciiHost => "the host name is not ASCII; enter its punycode form (xn--…)",
            Self::InvalidPort => "the port is not a number from 1 to 65535",
            Self::Whitespace => "it contains spaces",
        })
    }
}

impl EndpointUrl {
    /// Parses a base URL such as `https://api.openai.com/v1` or
    /// `http://127.0.0.1:8080/v1`. A trailing slash is dropped.
    pub fn parse(input: &str) -> Result<Self, UrlProblem> {
        let input = input.trim();
        if input.is_empty() {
            return Err(UrlProblem::Empty);
        }
        if input.chars().any(char::is_whitespace) {
            return Err(UrlProblem::Whitespace);
        }

        let (scheme, rest) = match input.split_once("://") {
            Some((scheme, rest)) => (scheme.to_ascii_lowercase(), rest),
            None => return Err(UrlProblem::MissingScheme),
        };
        let scheme = match scheme.as_str() {
            "http" => Scheme::Http,
            "https" => Scheme::Https,
            _ => return Err(UrlProblem::UnsupportedScheme),
        };
        if rest.contains('#') {
            return Err(UrlProblem::HasFragment);
        }
        if rest.contains('?') {
            return Err(UrlProblem::HasQuery);
        }

        let (authority, path) = match rest.find('/') {
            Some(index) => rest.split_at(index),
            None => (rest, ""),
        };
        if authority.contains('@') {
            return Err(UrlProblem::HasCredentials);
        }
        let (host, port) = split_host_port(authority)?;
        let path = path.trim_end_matches('/').to_string();

        Ok(Self { scheme, host, port, path })
    }

    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    pub fn host(&self) -> &str {
        &self.host
    }

    /// Returns `scheme://host[:port]`.
    pub fn origin(&self) -> String {
        let scheme = match self.scheme {
            Scheme::Http => "http",
            Scheme::Https => "https",
        };
        match self.port {
            Some(port) => format!("{scheme}://{}:{port}", self.host),
            None => format!("{scheme}://{}", self.host),
        }
    }

    /// Returns the browser match pattern that grants access to this origin,
    /// such as `https://api.openai.com/*`. Match patterns cannot name a port,
    /// so the pattern covers every port of the host.
    pub fn permission_pattern(&self) -> String {
        let scheme = match self.scheme {
            Scheme::Http => "http",
            Scheme::Https => "https",
        };
        format!("{scheme}://{}/*", self.host)
    }

    /// Returns the URL of `path` (which starts with `/`) under this base.
    pub fn join(&self, path: &str) -> String {
        format!("{}{}{}", self.origin(), self.path, path)
    }

    /// Returns the port, when the URL names one.
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// Returns the base path, without a trailing slash.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Returns the base URL with `suffix` removed from the end of its path,
    /// if it is there (a pasted `…/v1/chat/completions` becomes `…/v1`).
    pub fn without_path_suffix(mut self, suffix: &str) -> Self {
        if let Some(stripped) = self.path.strip_suffix(suffix) {
            self.path = stripped.trim_end_matches('/').to_string();
        }
        self
    }

    /// Returns the base URL with its path cut where `marker` starts (a pasted
    /// `…/v1beta/models/x:generateContent` becomes `…/v1beta`).
    pub fn truncated_at(mut self, marker: &str) -> Self {
        if let Some(index) = self.path.find(marker) {
            self.path.truncate(index);
        }
        self
    }

    /// Returns the base URL with `path` as its path when it has none.
    pub fn with_default_path(mut self, path: &str) -> Self {
        if self.path.is_empty() {
            self.path = path.trim_end_matches('/').to_string();
        }
        self
    }

    /// Classifies the host by its name or address.
    pub fn host_class(&self) -> HostClass {
        classify_host(&self.host)
    }
}

impl fmt::Display for EndpointUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.origin(), self.path)
    }
}

fn split_host_port(authority: &str) -> Result<(String, Option<u16>), UrlProblem> {
    if authority.is_empty() {
        return Err(UrlProblem::MissingHost);
    }

    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (address, after) = rest.split_once(']').ok_or(UrlProblem::InvalidHost)?;
        address.parse::<Ipv6Addr>().map_err(|_| UrlProblem::InvalidHost)?;
        let port = match after {
            "" => None,
            _ => Some(after.strip_prefix(':').ok_or(UrlProblem::InvalidHost)?),
        };
        (format!("[{}]", address.to_ascii_lowercase()), port)
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host.to_ascii_lowercase(), Some(port)),
            None => (authority.to_ascii_lowercase(), None),
        }
    };

    if host.is_empty() || host == "[]" {
        return Err(UrlProblem::MissingHost);
    }
    if !host.is_ascii() {
        return Err(UrlProblem::NonAsciiHost);
    }
    if !host.starts_with('[') && !host.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-') {
        return Err(UrlProblem::InvalidHost);
    }
    if host.starts_with('.') || host.starts_with('-') || host.contains("..") {
        return Err(UrlProblem::InvalidHost);
    }

    let port = match port {
        None => None,
        Some(text) => match text.parse::<u16>() {
            Ok(0) | Err(_) => return Err(UrlProblem::InvalidPort),
            Ok(port) => Some(port),
        },
    };
    Ok((host, port))
}

fn classify_host(host: &str) -> HostClass {
    if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return match inner.parse::<Ipv6Addr>() {
            Ok(address) if address.is_loopback() => HostClass::Loopback,
            Ok(address) => {
                let first = address.segments()[0];
                let unique_local = first & 0xfe00 == 0xfc00;
                let link_local = first & 0xffc0 == 0xfe80;
                if unique_local || link_local { HostClass::PrivateNetwork } else { HostClass::Public }
            }
            Err(_) => HostClass::Public,
        };
    }

    if let Ok(address) = host.parse::<Ipv4Addr>() {
        return if address.is_loopback() {
            HostClass::Loopback
        } else if address.is_private() || address.is_link_local() {
            HostClass::PrivateNetwork
        } else {
            HostClass::Public
        };
    }

    let name = host.trim_end_matches('.');
    if name == "localhost" || name.ends_with(".localhost") {
        HostClass::Loopback
    } else if [".local", ".lan", ".internal", ".home.arpa"].iter().any(|suffix| name.ends_with(suffix)) {
        HostClass::PrivateNetwork
    } else {
        HostClass::Public
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_openai_base() {
        let url = EndpointUrl::parse("https://api.openai.com/v1/").unwrap();
        assert_eq!(url.to_string(), "https://api.openai.com/v1");
        assert_eq!(url.join("/chat/completions"), "https://api.openai.com/v1/chat/completions");
        assert_eq!(url.permission_pattern(), "https://api.openai.com/*");
        assert_eq!(url.host_class(), HostClass::Public);
    }

    #[test]
    fn parses_loopback_with_port() {
        let url = EndpointUrl::parse("HTTP://127.0.0.1:8080/v1").unwrap();
        assert_eq!(url.origin(), "http://127.0.0.1:8080");
        assert_eq!(url.host_class(), HostClass::Loopback);
        assert_eq!(url.permission_pattern(), "http://127.0.0.1/*");
    }

    #[test]
    fn parses_ipv6_loopback() {
        let url = EndpointUrl::parse("http://[::1]:11434").unwrap();
        assert_eq!(url.origin(), "http://[::1]:11434");
        assert_eq!(url.host_class(), HostClass::Loopback);
    }

    #[test]
    fn classifies_private_networks() {
        for input in ["http://192.168.1.20:11434", "http://10.0.0.5", "http://nas.local:1234", "http://[fd00::1]"] {
            let url = EndpointUrl::parse(input).unwrap();
            assert_eq!(url.host_class(), HostClass::PrivateNetwork, "{input}");
        }
    }

    #[test]
    fn rejects_bad_urls() {
        let cases = [
            ("", UrlProblem::Empty),
            ("api.openai.com/v1", UrlProblem::MissingScheme),
            ("ftp://example.com", UrlProblem::UnsupportedScheme),
            ("javascript://alert(1)", UrlProblem::UnsupportedScheme),
            ("https://user:pw@example.com/v1", UrlProblem::HasCredentials),
            ("https://example.com/v1#x", UrlProblem::HasFragment),
            ("https://example.com/v1?key=1", UrlProblem::HasQuery),
            ("https:///v1", UrlProblem::MissingHost),
            ("https://exa_mple.com", UrlProblem::InvalidHost),
            ("https://bücher.de", UrlProblem::NonAsciiHost),
            ("https://example.com:99999", UrlProblem::InvalidPort),
            ("https://example.com:0", UrlProblem::InvalidPort),
            ("https://example.com:", UrlProblem::InvalidPort),
            ("https://exa mple.com", UrlProblem::Whitespace),
            ("http://[::1", UrlProblem::InvalidHost),
        ];
        for (input, problem) in cases {
            assert_eq!(EndpointUrl::parse(input), Err(problem), "{input:?}");
        }
    }

    #[test]
    fn truncates_and_fills_paths() {
        let gemini =
            EndpointUrl::parse("https://generativelanguage.googleapis.com/v1beta/models/gemini:generateContent")
                .unwrap()
                .truncated_at("/models");
        assert_eq!(gemini.to_string(), "https://generativelanguage.googleapis.com/v1beta");
        let bare = EndpointUrl::parse("https://api.anthropic.com").unwrap().with_default_path("/v1");
        assert_eq!(bare.to_string(), "https://api.anthropic.com/v1");
        let kept = EndpointUrl::parse("https://proxy.example/anthropic").unwrap().with_default_path("/v1");
        assert_eq!(kept.to_string(), "https://proxy.example/anthropic");
    }

    #[test]
    fn strips_pasted_endpoint_path() {
        let url = EndpointUrl::parse("https://api.openai.com/v1/chat/completions")
            .unwrap()
            .without_path_suffix("/chat/completions");
        assert_eq!(url.to_string(), "https://api.openai.com/v1");
    }
}
