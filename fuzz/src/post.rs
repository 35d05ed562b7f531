//! Realistic Markdown posts built from fuzz input, for the differential
//! target: each byte picks among the blocks and inline constructs that
//! language models write in blog posts, so that the fuzzer explores their
//! combinations rather than arbitrary bytes, where the product's renderer
//! and pulldown-cmark may differ by design.

#[rustfmt::skip]
const WORDS: &[&str] = &[
    "the", "model", "writes", "a", "post", "about", "GPUs", "and", "power", "Meta's", "don't", "AI/ML", "C++",
    "e.g.", "$100", "50%", "→", "“quoted”", "‘single’", "—", "2024", "v1.2", "snake_case", "x_y", "5*3", "naïve",
    "日本語", "🚀", "it's", "(see", "below)", "vs.", "#hashtag", "@user", "https://example.com/bare", "a&b", "3 < 4",
    "x > y", "~approx", "end.", "Note:", "tl;dr", "[sic]", "!", "?", "well-known", "_lead", "trail_", "*",
];

#[rustfmt::skip]
const CODE: &[&str] = &[
    "<div>", "a*b*c", "x_y_z", "fn main() {}", "Vec<String>", "&amp;", "a | b", "[1]", "**kwargs", "#include",
    "let x = 1;", "</script>", "npm install", "--flag", "\\", "{ \"key\": 1 }", "``",
];

const LANGUAGES: &[&str] = &["rust", "python", "js", "", "html", "bash", "json", "c++"];

const URLS: &[&str] = &[
    "https://example.com",
    "https://example.com/path?q=1&r=2",
    "http://news.example.org/2024/story.html#section",
    "https://en.wikipedia.org/wiki/Rust_(programming_language)",
    "mailto:editor@example.com",
    "https://example.com/a%20b",
    "https://example.com/~user/",
];

/// The fuzz input, read one choice at a time; zeros once it runs out.
pub struct Choices<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Choices<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Self { data, at: 0 }
    }

    /// Returns a number below `n`.
    fn pick(&mut self, n: usize) -> usize {
        let byte = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        usize::from(byte) % n
    }

    fn one<'b>(&mut self, items: &[&'b str]) -> &'b str {
        items[self.pick(items.len())]
    }

    fn is_done(&self) -> bool {
        self.at >= self.data.len()
    }
}

/// Builds a post from the input: up to 16 blocks.
pub fn post(data: &[u8]) -> String {
    let mut choices = Choices::new(data);
    let mut out = String::new();
    let mut references = Vec::new();
    for _ in 0..16 {
        if choices.is_done() {
            break;
        }
        block(&mut choices, &mut out, &mut references);
    }
    if !references.is_empty() {
        out.push('\n');
        for (label, url) in references {
            out.push_str(&format!("[{label}]: {url}\n"));
        }
    }
    out
}

fn block(choices: &mut Choices, out: &mut String, references: &mut Vec<(String, String)>) {
    match choices.pick(12) {
        0 => {
            let level = 1 + choices.pick(4);
            out.push_str(&format!("{} {}", "#".repeat(level), inline(choices, 6)));
            if choices.pick(6) == 0 {
                out.push_str(" #");
            }
            // Models often start the paragraph on the next line.
            out.push_str(if choices.pick(3) == 0 { "\n" } else { "\n\n" });
            return;
        }
        1 => {
            let underline = if choices.pick(2) == 0 { "===" } else { "---" };
            out.push_str(&format!("{}\n{underline}\n", inline(choices, 5)));
        }
        2 => {
            for line in 0..1 + choices.pick(3) {
                if line > 0 {
                    out.push_str(["\n", "  \n", "\\\n"][choices.pick(3)]);
                }
                out.push_str(&inline(choices, 12));
            }
            out.push('\n');
        }
        3 => list(choices, out, "", 0),
        4 => ordered_list(choices, out),
        5 => {
            for _ in 0..1 + choices.pick(4) {
                let mark = if choices.pick(2) == 0 { " " } else { "x" };
                out.push_str(&format!("- [{mark}] {}\n", inline(choices, 6)));
            }
        }
        6 => {
            let prefix = if choices.pick(4) == 0 { "> > " } else { "> " };
            for _ in 0..1 + choices.pick(3) {
                let marker = if choices.pick(3) == 0 { "- " } else { "" };
                out.push_str(&format!("{prefix}{marker}{}\n", inline(choices, 10)));
            }
        }
        7 => {
            let fence = if choices.pick(4) == 0 { "~~~" } else { "```" };
            out.push_str(&format!("{fence}{}\n", choices.one(LANGUAGES)));
            for _ in 0..1 + choices.pick(4) {
                let indent = ["", "    ", "\t"][choices.pick(3)];
                out.push_str(&format!("{indent}{} {}\n", choices.one(CODE), choices.one(CODE)));
            }
            out.push_str(&format!("{fence}\n"));
        }
        8 => {
            for _ in 0..1 + choices.pick(3) {
                out.push_str(&format!("    let value = {};\n", choices.one(CODE)));
            }
        }
        9 => table(choices, out),
        10 => out.push_str(&format!("{}\n", ["---", "***", "___", "- - -"][choices.pick(4)])),
        _ => {
            let label = (references.len() + 1).to_string();
            let text = inline(choices, 3);
            out.push_str(&format!("See [{text}][{label}] and [{label}].\n"));
            references.push((label, choices.one(URLS).to_string()));
        }
    }
    // Models often leave out the blank line between blocks.
    if choices.pick(5) != 0 {
        out.push('\n');
    }
}

fn list(choices: &mut Choices, out: &mut String, indent: &str, depth: usize) {
    let marker = ["-", "*", "+"][choices.pick(3)];
    let loose = choices.pick(4) == 0;
    for item in 0..1 + choices.pick(4) {
        if item > 0 && loose {
            out.push('\n');
        }
        out.push_str(&format!("{indent}{marker} {}\n", inline(choices, 8)));
        match choices.pick(6) {
            0 if depth == 0 => {
                let nested = if choices.pick(2) == 0 { "  " } else { "    " };
                list(choices, out, &format!("{indent}{nested}"), depth + 1);
            }
            1 => out.push_str(&format!("\n{indent}  {}\n", inline(choices, 6))),
            _ => {}
        }
    }
}

fn ordered_list(choices: &mut Choices, out: &mut String) {
    let delimiter = if choices.pick(5) == 0 { ")" } else { "." };
    let start = [1, 1, 1, 3][choices.pick(4)];
    let repeat_one = choices.pick(4) == 0;
    for item in 0..1 + choices.pick(4) {
        let number = if repeat_one { 1 } else { start + item };
        out.push_str(&format!("{number}{delimiter} {}\n", inline(choices, 8)));
        if choices.pick(5) == 0 {
            out.push_str(&format!("   - {}\n", inline(choices, 5)));
        }
    }
}

fn table(choices: &mut Choices, out: &mut String) {
    let columns = 2 + choices.pick(3);
    let edges = choices.pick(3) != 0;
    // Without a leading pipe, pulldown-cmark lets no table interrupt a
    // paragraph, where GFM does; a blank line keeps both on one reading.
    if !edges && !out.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
    let row = |cells: Vec<String>| {
        let joined = cells.join(" | ");
        if edges { format!("| {joined} |\n") } else { format!("{joined}\n") }
    };
    let header = (0..columns).map(|_| inline(choices, 2)).collect();
    out.push_str(&row(header));
    let delimiters = (0..columns).map(|_| [":--", "---", ":-:", "--:"][choices.pick(4)].to_string()).collect();
    out.push_str(&row(delimiters));
    for _ in 0..1 + choices.pick(4) {
        let cells = (0..columns).map(|_| inline(choices, 3).replace('|', "\\|")).collect();
        out.push_str(&row(cells));
    }
}

/// Builds a line of inline content of up to `words` tokens.
fn inline(choices: &mut Choices, words: usize) -> String {
    let mut parts = Vec::new();
    for _ in 0..1 + choices.pick(words) {
        parts.push(token(choices));
    }
    let mut line = parts.join(" ");
    if choices.pick(3) == 0 {
        line.push_str([".", ":", "!", "?", ","][choices.pick(5)]);
    }
    line
}

fn token(choices: &mut Choices) -> String {
    let phrase = |choices: &mut Choices| {
        let words: Vec<&str> = (0..1 + choices.pick(3)).map(|_| choices.one(&WORDS[..20])).collect();
        words.join(" ")
    };
    match choices.pick(24) {
        0 => format!("**{}**", phrase(choices)),
        1 => format!("*{}*", phrase(choices)),
        2 => format!("_{}_", phrase(choices)),
        3 => format!("__{}__", phrase(choices)),
        4 => format!("***{}***", phrase(choices)),
        5 => format!("~~{}~~", phrase(choices)),
        6 => format!("`{}`", choices.one(CODE)),
        7 => format!("[{}]({})", phrase(choices), choices.one(URLS)),
        8 => format!("[{}]({} \"{}\")", phrase(choices), choices.one(URLS), phrase(choices)),
        9 => format!("<{}>", choices.one(&URLS[..4])),
        10 => format!("![{}]({}/image.png)", phrase(choices), choices.one(&URLS[..3])),
        11 => format!("**{} *{}* {}**", phrase(choices), phrase(choices), phrase(choices)),
        12 => format!("*{} **{}***", phrase(choices), phrase(choices)),
        13 => format!("[**{}**]({})", phrase(choices), choices.one(URLS)),
        14 => format!("[`{}`]({})", choices.one(CODE), choices.one(URLS)),
        15 => format!("\\{}", ["*", "_", "#", "[", "`", "\\", "<"][choices.pick(7)]),
        16 => {
            ["&amp;", "&copy;", "&mdash;", "&#8212;", "&#x2014;", "&nbsp;", "&lt;b&gt;", "&frac58;", "&ngE;", "&fra;"]
                [choices.pick(10)]
            .to_string()
        }
        17 => format!("**{}:**", phrase(choices)),
        18 => format!("(*{}*)", phrase(choices)),
        19 => format!("“**{}**”", phrase(choices)),
        _ => choices.one(WORDS).to_string(),
    }
}
