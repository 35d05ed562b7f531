//! Settings of the image stage: size, quality, style and file format, which
//! the OpenAI Images API accepts in different sets per model family.
//!
//! Checking them here, against the family of the chosen model, turns a 400
//! from the provider at the end of a paid run into a message beside the
//! field before the run starts.

use super::{RawStage, SettingsError, SettingsProblem, push};

/// Model families of the OpenAI Images API, which take different options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFamily {
    /// `dall-e-3`: `n` must be 1, `quality` `standard | hd`, `style`, and a
    /// `response_format` choice.
    DallE3,
    /// `gpt-image-1` and its siblings: always base64, `quality`
    /// `low | medium | high | auto`, `output_format`.
    GptImage,
    /// Any other model (`dall-e-2`, compatible servers): options are sent as
    /// the user wrote them.
    Other,
}

impl ImageFamily {
    /// Returns the family of a model name.
    pub fn of(model: &str) -> Self {
        if model == "dall-e-3" {
            Self::DallE3
        } else if model.starts_with("gpt-image") {
            Self::GptImage
        } else {
            Self::Other
        }
    }

    fn sizes(self) -> Option<&'static [&'static str]> {
        match self {
            Self::DallE3 => Some(&["1024x1024", "1792x1024", "1024x1792"]),
            Self::GptImage => Some(&["1024x1024", "1536x1024", "1024x1536", "auto"]),
            Self::Other => None,
        }
    }

    fn qualities(self) -> Option<&'static [&'static str]> {
        match self {
            Self::DallE3 => Some(&["standard", "hd"]),
            Self::GptImage => Some(&["low", "medium", "high", "auto"]),
            Self::Other => None,
        }
    }

    fn styles(self) -> Option<&'static [&'static str]> {
        match self {
            Self::DallE3 => Some(&["vivid", "natural"]),
            Self::GptImage => Some(&[]),
            Self::Other => None,
        }
    }

    fn formats(self) -> Option<&'static [&'static str]> {
        match self {
            Self::DallE3 => Some(&[]),
            Self::GptImage => Some(&["png", "jpeg", "webp"]),
            Self::Other => None,
        }
    }
}

/// Image size sent when the user sets none.
pub const DEFAULT_IMAGE_SIZE: &str = "1024x1024";

/// Image model used when the user names none.
pub const DEFAULT_IMAGE_MODEL: &str = "gpt-image-1";

/// Validated options of the image stage. `None` leaves the provider's default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageOptions {
    pub family: ImageFamily,
    pub size: String,
    pub quality: Option<String>,
    pub style: Option<String>,
    pub output_format: Option<String>,
}

/// Validates the image options of `raw` for `model`; problems go to `errors`.
pub(super) fn validate_image_options(raw: &RawStage, model: &str, errors: &mut Vec<SettingsError>) -> ImageOptions {
    let family = ImageFamily::of(model);
    let size = check_option(raw.size.as_deref(), "size", family.sizes(), errors)
        .unwrap_or_else(|| DEFAULT_IMAGE_SIZE.to_string());
    if family == ImageFamily::Other && size != "auto" && !is_dimension(&size) {
        let problem = SettingsProblem::InvalidImageOption { value: size.clone(), allowed: "WIDTHxHEIGHT, auto".into() };
        push(errors, "stages.image.size", problem);
    }
    ImageOptions {
        family,
        size,
        quality: check_option(raw.quality.as_deref(), "quality", family.qualities(), errors),
        style: check_option(raw.style.as_deref(), "style", family.styles(), errors),
        output_format: check_option(raw.output_format.as_deref(), "outputFormat", family.formats(), errors),
    }
}

/// Returns the trimmed option, or `None` when it is blank; a value outside
/// `allowed` (when the family has a fixed set) is reported.
fn check_option(
    value: Option<&str>,
    name: &str,
    allowed: Option<&[&str]>,
    errors: &mut Vec<SettingsError>,
) -> Option<String> {
    let value = value.map(str::trim).filter(|v| !v.is_empty())?;
    let valid = match allowed {
        Some(allowed) => allowed.contains(&value),
        None => value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
    };
    if !valid {
        let allowed = match allowed {
            Some([]) => "-".to_string(),
            Some(allowed) => allowed.join(", "),
            None => "letters, digits, - and _".to_string(),
        };
        push(
            errors,
            &format!("stages.image.{name}"),
            SettingsProblem::InvalidImageOption { value: value.to_string(), allowed },
        );
    }
    Some(value.to_string())
}

fn is_dimension(size: &str) -> bool {
    size.split_once('x').is_some_and(|(w, h)| {
        !w.is_empty() && !h.is_empty() && w.chars().all(|c| c.is_ascii_digit()) && h.chars().all(|c| c.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(json: &str, model: &str) -> (ImageOptions, Vec<SettingsError>) {
        let raw: RawStage = serde_json::from_str(json).unwrap();
        let mut errors = Vec::new();
        let options = validate_image_options(&raw, model, &mut errors);
        (options, errors)
    }

    #[test]
    fn family_from_model_name() {
        assert_eq!(ImageFamily::of("dall-e-3"), ImageFamily::DallE3);
        assert_eq!(ImageFamily::of("gpt-image-1"), ImageFamily::GptImage);
        assert_eq!(ImageFamily::of("gpt-image-1-mini"), ImageFamily::GptImage);
        assert_eq!(ImageFamily::of("dall-e-2"), ImageFamily::Other);
    }

    #[test]
    fn dalle3_options_are_checked() {
        let (valid, errors) = options(r#"{"size": "1792x1024", "quality": "hd", "style": "natural"}"#, "dall-e-3");
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(valid.quality.as_deref(), Some("hd"));

        let (_, errors) = options(r#"{"size": "1536x1024", "quality": "high", "outputFormat": "webp"}"#, "dall-e-3");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["stages.image.size", "stages.image.quality", "stages.image.outputFormat"]);
    }

    #[test]
    fn gpt_image_rejects_style() {
        let (_, errors) = options(r#"{"style": "vivid", "outputFormat": "jpeg"}"#, "gpt-image-1");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "stages.image.style");
    }

    #[test]
    fn other_models_take_dimensions() {
        let (valid, errors) = options(r#"{"size": "512x512"}"#, "dall-e-2");
        assert!(errors.is_empty());
        assert_eq!(valid.size, "512x512");
        let (_, errors) = options(r#"{"size": "big"}"#, "dall-e-2");
        assert_eq!(errors.len(), 1);
    }

    #[test]
    fn size_defaults_to_square() {
        let (valid, _) = options("{}", "gpt-image-1");
        assert_eq!(valid.size, "1024x1024");
        assert_eq!(valid.quality, None);
    }
}
