//! Article metadata from schema.org JSON-LD blocks.
//!
//! News and blog systems embed a `<script type="application/ld+json">` that
//! names the headline, authors, publisher and dates exactly, so it wins over
//! every other source when it describes an article.

use serde_json::Value;

/// Metadata read from the first JSON-LD block that describes an article.
#[derive(Debug, Default, Clone)]
pub struct JsonLd {
    pub name: Option<String>,
    pub headline: Option<String>,
    pub byline: Option<String>,
    pub description: Option<String>,
    pub site_name: Option<String>,
    pub published: Option<String>,
    pub image: Option<String>,
    /// The `articleBody` text, which may be plain text or markup.
    pub body: Option<String>,
}

/// schema.org types of articles and posts.
const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "Report",
    "BlogPosting",
    "SocialMediaPosting",
    "DiscussionForumPosting",
    "TechArticle",
    "APIReference",
    "ScholarlyArticle",
];

fn is_article_type(value: &Value) -> bool {
    match value {
        Value::String(kind) => ARTICLE_TYPES.iter().any(|article| kind.contains(article)),
        Value::Array(kinds) => kinds.iter().any(is_article_type),
        _ => false,
    }
}

fn is_schema_org(value: &str) -> bool {
    let rest = value.strip_prefix("https://").or_else(|| value.strip_prefix("http://")).unwrap_or("");
    rest == "schema.org" || rest == "schema.org/"
}

fn has_schema_context(item: &Value) -> bool {
    match item.get("@context") {
        Some(Value::String(context)) => is_schema_org(context),
        Some(Value::Object(context)) => context.get("@vocab").and_then(Value::as_str).is_some_and(is_schema_org),
        _ => false,
    }
}

fn string_field(item: &Value, key: &str) -> Option<String> {
    item.get(key).and_then(Value::as_str).map(|value| value.trim().to_string()).filter(|value| !value.is_empty())
}

/// Finds the article object in one parsed block.
fn find_article(parsed: Value) -> Option<Value> {
    let item = match parsed {
        Value::Array(items) => items.into_iter().find(|item| item.get("@type").is_some_and(is_article_type))?,
        other => other,
    };
    if !has_schema_context(&item) {
        return None;
    }
    if item.get("@type").is_none() {
        if let Some(Value::Array(graph)) = item.get("@graph") {
            return graph.iter().find(|node| node.get("@type").is_some_and(is_article_type)).cloned();
        }
    }
    item.get("@type").is_some_and(is_article_type).then_some(item)
}

fn authors(value: &Value) -> Option<String> {
    match value {
        Value::Object(_) => string_field(value, "name"),
        Value::Array(items) => {
            let names: Vec<String> = items.iter().filter_map(|item| string_field(item, "name")).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

fn image(value: &Value) -> Option<String> {
    match value {
        Value::String(url) => Some(url.trim().to_string()),
        Value::Object(_) => string_field(value, "url"),
        Value::Array(items) => items.iter().find_map(image),
        _ => None,
    }
}

/// Reads the article metadata from the text of JSON-LD script blocks, in
/// document order; blocks that are invalid JSON are skipped.
pub fn read_json_ld<'a>(blocks: impl IntoIterator<Item = &'a str>) -> Option<JsonLd> {
    for block in blocks {
        let trimmed = block.trim();
        let trimmed = trimmed.strip_prefix("<![CDATA[").unwrap_or(trimmed);
        let trimmed = trimmed.strip_suffix("]]>").unwrap_or(trimmed);
        let Ok(parsed) = serde_json::from_str::<Value>(trimmed) else {
            continue;
        };
        let Some(article) = find_article(parsed) else {
            continue;
        };
        return Some(JsonLd {
            name: string_field(&article, "name"),
            headline: string_field(&article, "headline"),
            byline: article.get("author").and_then(authors),
            description: string_field(&article, "description"),
            site_name: article.get("publisher").and_then(|publisher| string_field(publisher, "name")),
            published: string_field(&article, "datePublished"),
            image: article.get("image").and_then(image),
            body: string_field(&article, "articleBody"),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_graph_article() {
        let block = r#"{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Site"},
            {"@type":"NewsArticle","headline":"Big news","author":[{"name":"A"},{"name":"B"}],
             "publisher":{"name":"Daily"},"datePublished":"2024-01-02"}]}"#;
        let found = read_json_ld([block]).expect("article in graph");
        assert_eq!(found.headline.as_deref(), Some("Big news"));
        assert_eq!(found.byline.as_deref(), Some("A, B"));
        assert_eq!(found.site_name.as_deref(), Some("Daily"));
        assert_eq!(found.published.as_deref(), Some("2024-01-02"));
    }

    #[test]
    fn json_ld_without_schema_context() {
        let block = r#"{"@context":"https://example.org","@type":"Article","headline":"x"}"#;
        assert!(read_json_ld([block]).is_none());
    }
}
