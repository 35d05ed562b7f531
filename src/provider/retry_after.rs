//! How long a provider asked us to wait before trying again.
//!
//! Providers say it in many ways: `retry-after-ms` (Azure, OpenAI's SDKs),
//! `retry-after` in seconds or as an HTTP date, OpenAI's
//! `x-ratelimit-reset-requests: 1m30s`, Anthropic's
//! `anthropic-ratelimit-requests-reset` as an RFC 3339 time, Gemini's
//! `"retryDelay": "27s"` in the error body, or only in words ("Please try
//! again in 5.289s", Groq). Reset times are read against the transport's
//! clock.

use crate::transport::ResponseHead;

/// Header names that hold an OpenAI-style reset duration (`1s`, `12ms`).
const OPENAI_RESET_HEADERS: [&str; 2] = ["x-ratelimit-reset-requests", "x-ratelimit-reset-tokens"];

/// Header names that hold an Anthropic reset time (RFC 3339).
const ANTHROPIC_RESET_HEADERS: [&str; 4] = [
    "anthropic-ratelimit-requests-reset",
    "anthropic-ratelimit-tokens-reset",
    "anthropic-ratelimit-input-tokens-reset",
    "anthropic-ratelimit-output-tokens-reset",
];

/// Returns the wait the response headers ask for, in milliseconds, read
/// against `now_ms` (milliseconds since the Unix epoch) where a header names
/// a time. `retry-after-ms` wins over `retry-after`, which wins over the
/// reset headers; of several reset headers the longest wait counts.
pub fn header_wait_ms(head: &ResponseHead, now_ms: u64) -> Option<u64> {
    if let Some(ms) = head.header("retry-after-ms").and_then(|v| v.trim().parse::<f64>().ok()) {
        return Some(ms.max(0.0) as u64);
    }
    if let Some(value) = head.header("retry-after") {
        let value = value.trim();
        if let Ok(seconds) = value.parse::<f64>() {
            return Some((seconds.max(0.0) * 1000.0) as u64);
        }
        if let Some(at) = parse_http_date(value) {
            return Some(at.saturating_sub(now_ms));
        }
    }

    let openai = OPENAI_RESET_HEADERS.iter().filter_map(|name| head.header(name).and_then(parse_duration_ms));
    let anthropic = ANTHROPIC_RESET_HEADERS
        .iter()
        .filter_map(|name| head.header(name).and_then(parse_rfc3339_ms))
        .map(|at| at.saturating_sub(now_ms));
    openai.chain(anthropic).max()
}

/// Finds a wait stated in words in an error message, such as Groq's "Please
/// try again in 5.289s" or "retry after 20 seconds".
pub fn message_wait_ms(message: &str) -> Option<u64> {
    let lower = message.to_ascii_lowercase();
    for marker in ["try again in ", "retry after ", "retry in "] {
        let Some(index) = lower.find(marker) else {
            continue;
        };
        let rest = &lower[index + marker.len()..];
        let token: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '.').collect();
        if let Some(ms) = parse_duration_ms(&token) {
            return Some(ms);
        }
        // "20 seconds", "1 minute"
        let number: String = rest.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
        let unit = rest[number.len()..].trim_start();
        let Ok(value) = number.parse::<f64>() else {
            continue;
        };
        let scale = if unit.starts_with("ms") || unit.starts_with("millisecond") {
            1.0
        } else if unit.starts_with('s') {
            1000.0
        } else if unit.starts_with("min") {
            60_000.0
        } else {
            continue;
        };
        return Some((value * scale) as u64);
    }
    None
}

/// Parses durations such as `1s`, `12ms`, `6m0s`, `0.5s` or Google's `27s`
/// into milliseconds.
pub fn parse_duration_ms(text: &str) -> Option<u64> {
    let mut total = 0.0_f64;
    let mut number = String::new();
    let mut chars = text.trim().chars().peekable();
    let mut parsed_any = false;

    while let Some(c) = chars.next() {
        if c.is_ascii_digit() || c == '.' {
            number.push(c);
            continue;
        }
        let value: f64 = number.parse().ok()?;
        number.clear();
        let unit = match c {
            'm' if chars.peek() == Some(&'s') => {
                chars.next();
                1.0
            }
            'h' => 3_600_000.0,
            'm' => 60_000.0,
            's' => 1000.0,
            _ => return None,
        };
        total += value * unit;
        parsed_any = true;
    }
    if !number.is_empty() {
        return None;
    }
    parsed_any.then_some(total as u64)
}

/// Parses an RFC 3339 time (`2024-10-21T07:28:00Z`, fractions and offsets
/// allowed) into milliseconds since the Unix epoch.
pub fn parse_rfc3339_ms(text: &str) -> Option<u64> {
    let text = text.trim();
    let (date, rest) = text.split_once(['T', 't', ' '])?;
    let mut date_parts = date.splitn(3, '-');
    let year: i64 = date_parts.next()?.parse().ok()?;
    let month: u32 = date_parts.next()?.parse().ok()?;
    let day: u32 = date_parts.next()?.parse().ok()?;

    let offset_at = rest.find(['Z', 'z', '+', '-'])?;
    let (time, zone) = rest.split_at(offset_at);
    let mut time_parts = time.splitn(3, ':');
    let hour: i64 = time_parts.next()?.parse().ok()?;
    let minute: i64 = time_parts.next()?.parse().ok()?;
    let seconds: f64 = time_parts.next()?.parse().ok()?;

    let offset_minutes: i64 = match zone {
        "Z" | "z" => 0,
        _ => {
            let sign = if zone.starts_with('-') { -1 } else { 1 };
            let (hours, minutes) = zone[1..].split_once(':')?;
            sign * (hours.parse::<i64>().ok()? * 60 + minutes.parse::<i64>().ok()?)
        }
    };

    let valid = (1..=12).contains(&month) && (1..=31).contains(&day) && hour < 24 && minute < 60 && seconds < 61.0;
    if !valid {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let seconds_total = days * 86_400 + hour * 3600 + minute * 60 - offset_minutes * 60;
    let ms = seconds_total as f64 * 1000.0 + seconds * 1000.0;
    (ms >= 0.0).then_some(ms as u64)
}

/// Parses an HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`, RFC 9110's
/// preferred form) into milliseconds since the Unix epoch.
pub fn parse_http_date(text: &str) -> Option<u64> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let [_, day, month, year, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month = MONTHS.iter().position(|name| name == month)? as u32 + 1;
    parse_rfc3339_ms(&format!("{year}-{month:02}-{day}T{time}Z"))
}

/// Returns the number of days from 1970-01-01 to a date of the proleptic
/// Gregorian calendar (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = if year >= 0 { year } else { year - 399 } / 400;
    let year_of_era = year - era * 400;
    let month_from_march = i64::from((month + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(headers: &[(&str, &str)]) -> ResponseHead {
        ResponseHead { status: 429, headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect() }
    }

    /// 2024-10-21T07:28:00Z in milliseconds since the epoch.
    const NOW: u64 = 1_729_495_680_000;

    #[test]
    fn retry_after_headers() {
        assert_eq!(header_wait_ms(&head(&[("retry-after", "5")]), NOW), Some(5000));
        assert_eq!(header_wait_ms(&head(&[("retry-after-ms", "250")]), NOW), Some(250));
        assert_eq!(header_wait_ms(&head(&[("retry-after-ms", "250"), ("retry-after", "9")]), NOW), Some(250));
        assert_eq!(header_wait_ms(&head(&[("x-ratelimit-reset-requests", "1m30s")]), NOW), Some(90_000));
        assert_eq!(header_wait_ms(&head(&[("x-ratelimit-reset-tokens", "12ms")]), NOW), Some(12));
        assert_eq!(header_wait_ms(&head(&[]), NOW), None);
    }

    #[test]
    fn retry_after_http_date() {
        let head = head(&[("retry-after", "Mon, 21 Oct 2024 07:28:09 GMT")]);
        assert_eq!(header_wait_ms(&head, NOW), Some(9000));
    }

    #[test]
    fn anthropic_reset_time() {
        let head = head(&[
            ("anthropic-ratelimit-requests-reset", "2024-10-21T07:28:04Z"),
            ("anthropic-ratelimit-tokens-reset", "2024-10-21T07:28:12.5Z"),
        ]);
        assert_eq!(header_wait_ms(&head, NOW), Some(12_500));
    }

    #[test]
    fn reset_in_the_past_is_zero() {
        let head = head(&[("anthropic-ratelimit-requests-reset", "2024-10-21T07:00:00Z")]);
        assert_eq!(header_wait_ms(&head, NOW), Some(0));
    }

    #[test]
    fn rfc3339_offsets() {
        assert_eq!(parse_rfc3339_ms("2024-10-21T07:28:00Z"), Some(NOW));
        assert_eq!(parse_rfc3339_ms("2024-10-21T09:28:00+02:00"), Some(NOW));
        assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:01Z"), Some(1000));
        assert_eq!(parse_rfc3339_ms("2024-13-01T00:00:00Z"), None);
        assert_eq!(parse_rfc3339_ms("yesterday"), None);
    }

    #[test]
    fn waits_in_words() {
        assert_eq!(
            message_wait_ms(
                "Rate limit reached for model `llama3` in organization `org_1` on tokens per minute. Please try again in 5.289s."
            ),
            Some(5289)
        );
        assert_eq!(message_wait_ms("Please retry after 20 seconds."), Some(20_000));
        assert_eq!(message_wait_ms("Try again in 120ms"), Some(120));
        assert_eq!(message_wait_ms("Too many requests"), None);
    }

    #[test]
    fn durations_parse() {
        assert_eq!(parse_duration_ms("0.5s"), Some(500));
        assert_eq!(parse_duration_ms("6m0s"), Some(360_000));
        assert_eq!(parse_duration_ms("1h"), Some(3_600_000));
        assert_eq!(parse_duration_ms("27s"), Some(27_000));
        assert_eq!(parse_duration_ms("5"), None);
        assert_eq!(parse_duration_ms("soon"), None);
    }
}
