//! Errors of article extraction, in the shape the extension shows users.

use crate::error::UserError;

/// Reason a page is not taken for an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotArticleReason {
    /// The readable part contains too few words to be an article.
    TooLittleText,
    /// The page is mostly links to other pages: a home page, a section
    /// front or a search result.
    LinkListing,
    /// The page requests a password before it shows anything.
    LoginForm,
    /// The document is an application shell whose content has not been
    /// rendered into the page.
    AppShell,
    /// The document is mostly not text: binary data served as HTML, or text
    /// decoded with the wrong character encoding.
    NotText,
}

impl NotArticleReason {
    /// Stable snake-case name, passed as the second argument of
    /// [`ExtractError::NotAnArticle`] so the extension can localise it.
    pub fn code(self) -> &'static str {
        match self {
            Self::TooLittleText => "too_little_text",
            Self::LinkListing => "link_listing",
            Self::LoginForm => "login_form",
            Self::AppShell => "app_shell",
            Self::NotText => "not_text",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Self::TooLittleText => "it has too little text",
            Self::LinkListing => "it is mostly a list of links",
            Self::LoginForm => "it shows a login form",
            Self::AppShell => "its content has not been rendered yet",
            Self::NotText => "its content is mostly not readable text",
        }
    }
}

/// Failure to extract an article from a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExtractError {
    /// The page has no readable text at all, even with the article checks
    /// turned off.
    NoText { url: String },
    /// The page does not look like an article; extraction with
    /// `Page::force` set runs on it anyway.
    NotAnArticle { url: String, reason: NotArticleReason },
}

impl std::fmt::Display for ExtractError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoText { url } => write!(f, "no readable text was found on {url}"),
            Self::NotAnArticle { url, reason } => {
                write!(f, "{url} does not look like an article: {}", reason.describe())
            }
        }
    }
}

impl std::error::Error for ExtractError {}

impl UserError for ExtractError {
    fn code(&self) -> &'static str {
        match self {
            Self::NoText { .. } => "extract_no_text",
            Self::NotAnArticle { .. } => "extract_not_an_article",
        }
    }

    fn args(&self) -> Vec<String> {
        match self {
            Self::NoText { url } => vec![url.clone()],
            Self::NotAnArticle { url, reason } => vec![url.clone(), reason.code().to_string()],
        }
    }

    fn hint(&self) -> String {
        match self {
            Self::NoText { .. } => {
                "Wait until the page has finished loading, or select the text to summarize and try again.".into()
            }
            Self::NotAnArticle { .. } => {
                "Open the article itself, select the text to summarize, or choose \"Summarize anyway\" to use what the page has.".into()
            }
        }
    }
}
