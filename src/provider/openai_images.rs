//! The OpenAI Images API (`POST {base}/images/generations`), which draws the
//! post's illustration.
//!
//! The request always names the model, because the API falls back to
//! `dall-e-2` without one, and asks for base64 data rather than a link:
//! links expire after an hour, and the post embeds the image. The families
//! take different options (see [`ImageFamily`]). The response has no id; the
//! `created` time stands in for one in the transparency log.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::openai::OpenAiConfig;
use super::{ProviderError, Usage, parse_json, preview};
use crate::settings::{Endpoint, EndpointUrl, ImageFamily, ImageOptions};
use crate::transport::HttpRequest;

/// Longest prompt sent, in characters: dall-e-3 accepts 4000, and a longer
/// description is cut at the last sentence that fits.
pub const MAX_PROMPT_CHARS: usize = 4000;

/// The image as it came back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GeneratedImage {
    /// `image/png`, `image/jpeg` or `image/webp`.
    pub mime: String,
    /// Base64 data, when the API returned it.
    pub base64: Option<String>,
    /// A link to the image, when the API returned one instead of data.
    pub url: Option<String>,
    /// The `created` time of the response, in seconds since the Unix epoch.
    pub created: Option<i64>,
    /// The prompt as the model rewrote it (dall-e-3 does).
    pub revised_prompt: Option<String>,
    /// The size and quality the request asked for.
    pub size: String,
    pub quality: Option<String>,
    pub usage: Option<Usage>,
}

impl GeneratedImage {
    /// Returns the image as a `data:` URL, or its link when it has no data.
    pub fn source(&self) -> Option<String> {
        match (&self.base64, &self.url) {
            (Some(data), _) => Some(format!("data:{};base64,{data}", self.mime)),
            (None, Some(url)) => Some(url.clone()),
            (None, None) => None,
        }
    }

    /// Returns the file name extension for a download.
    pub fn extension(&self) -> &'static str {
        match self.mime.as_str() {
            "image/jpeg" => "jpg",
            "image/webp" => "webp",
            _ => "png",
        }
    }
}

/// Builds the `POST {base}/images/generations` request.
pub fn build_request(
    endpoint: &Endpoint,
    base: &EndpointUrl,
    model: &str,
    prompt: &str,
    options: &ImageOptions,
) -> HttpRequest {
    let config = OpenAiConfig::new(endpoint, base);
    let mut body = json!({"model": model, "prompt": shorten_prompt(prompt), "n": 1, "size": options.size});
    if let Some(quality) = &options.quality {
        body["quality"] = json!(quality);
    }
    match options.family {
        ImageFamily::DallE3 => {
            body["response_format"] = json!("b64_json");
            if let Some(style) = &options.style {
                body["style"] = json!(style);
            }
        }
        // gpt-image models always answer in base64 and reject the field.
        ImageFamily::GptImage => {
            if let Some(format) = &options.output_format {
                body["output_format"] = json!(format);
            }
        }
        ImageFamily::Other => {
            body["response_format"] = json!("b64_json");
            if let Some(style) = &options.style {
                body["style"] = json!(style);
            }
            if let Some(format) = &options.output_format {
                body["output_format"] = json!(format);
            }
        }
    }
    HttpRequest {
        method: "POST",
        url: config.url("/images/generations"),
        headers: config.headers(),
        body: body.to_string(),
        timeout_ms: endpoint.timeout_ms,
    }
}

/// Reads the response: the first image, its revised prompt and the
/// `created` time.
pub fn parse_response(body: &[u8], options: &ImageOptions) -> Result<GeneratedImage, ProviderError> {
    let json = parse_json(body)?;
    let Some(item) = json.get("data").and_then(Value::as_array).and_then(|data| data.first()) else {
        return match json.get("data") {
            Some(Value::Array(_)) => Err(ProviderError::Empty),
            _ => Err(ProviderError::InvalidResponse {
                detail: format!("no \"data\" in {}", preview(json.to_string().as_bytes())),
            }),
        };
    };

    let text = |value: Option<&Value>| value.and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string);
    let base64 = text(item.get("b64_json"));
    let url = text(item.get("url")).filter(|url| url.starts_with("https://") || url.starts_with("http://"));
    let mime = match &base64 {
        Some(data) => sniff_mime(data).ok_or_else(|| ProviderError::InvalidResponse {
            detail: "the image data is not a PNG, JPEG or WebP file in base64".into(),
        })?,
        None if url.is_some() => mime_of_format(text(json.get("output_format")).as_deref()),
        None => return Err(ProviderError::Empty),
    };

    let usage = json.get("usage").map(|usage| Usage {
        input_tokens: usage.get("input_tokens").and_then(Value::as_u64).unwrap_or(0),
        output_tokens: usage.get("output_tokens").and_then(Value::as_u64).unwrap_or(0),
    });
    Ok(GeneratedImage {
        mime: mime.to_string(),
        base64,
        url,
        created: json.get("created").and_then(Value::as_i64),
        revised_prompt: text(item.get("revised_prompt")),
        size: text(json.get("size")).unwrap_or_else(|| options.size.clone()),
        quality: text(json.get("quality")).or_else(|| options.quality.clone()),
        usage,
    })
}

/// Cuts a prompt longer than [`MAX_PROMPT_CHARS`] at its last sentence end
/// that fits.
fn shorten_prompt(prompt: &str) -> String {
    if prompt.chars().count() <= MAX_PROMPT_CHARS {
        return prompt.to_string();
    }
    let head: String = prompt.chars().take(MAX_PROMPT_CHARS).collect();
    match head.rfind(['.', '!', '?']) {
        Some(end) => head[..=end].to_string(),
        None => head,
    }
}

fn mime_of_format(format: Option<&str>) -> &'static str {
    match format {
        Some("jpeg") | Some("jpg") => "image/jpeg",
        Some("webp") => "image/webp",
        _ => "image/png",
    }
}

/// Returns the image type of base64 data from its first bytes, or `None`
/// when it is not base64 or not a PNG, JPEG or WebP file.
fn sniff_mime(data: &str) -> Option<&'static str> {
    let valid = data.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'\n' | b'\r'));
    if !valid {
        return None;
    }
    let head = decode_base64_prefix(data, 16)?;
    if head.starts_with(&[0x89, b'P', b'N', b'G']) {
        Some("image/png")
    } else if head.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("image/jpeg")
    } else if head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP") {
        Some("image/webp")
    } else {
        None
    }
}

/// Decodes the first `bytes` bytes of base64 text.
fn decode_base64_prefix(text: &str, bytes: usize) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let symbols: Vec<u8> =
        text.bytes().filter(|b| !b.is_ascii_whitespace() && *b != b'=').take(bytes * 4 / 3 + 4).collect();
    let mut out = Vec::new();
    for group in symbols.chunks(4) {
        let mut buffer = 0u32;
        for (index, symbol) in group.iter().enumerate() {
            buffer |= value(*symbol)? << (18 - 6 * index);
        }
        let decoded = [(buffer >> 16) as u8, (buffer >> 8) as u8, buffer as u8];
        out.extend_from_slice(&decoded[..group.len().saturating_sub(1)]);
    }
    out.truncate(bytes);
    Some(out)
}

#[cfg(test)]
mod tests;
