//! Checks that reducing markup before parsing keeps the tree extraction
//! reads: the same elements with the same kept attributes and the same
//! text, once comments, the bodies of scripts, styles and SVG, and line
//! breaks outside preformatted text are set aside.

use html5ever::local_name;

use super::dom::{Dom, NodeData, NodeId, ROOT};
use super::parse::parse_markup;
use super::prescan::reduce_markup;
use super::tags::is_kept_attribute;

/// Writes the tree below `root` as one line per element or text run.
fn dump(dom: &Dom, root: NodeId, depth: usize, preformatted: bool, out: &mut Vec<String>) {
    let mut text = String::new();
    let mut child = dom.first_child(root);
    while let Some(node) = child {
        child = dom.next_sibling(node);
        match &dom.node(node).data {
            NodeData::Text { .. } => text.push_str(dom.text(node).unwrap_or("")),
            NodeData::Element { .. } => {
                let name = dom.tag(node).cloned().unwrap_or_default();
                flush_text(&mut text, depth, preformatted, out);
                let attributes: Vec<String> = dom
                    .attrs(node)
                    .iter()
                    .filter(|attr| is_kept_attribute(attr.name.local.as_bytes()))
                    .map(|attr| format!("{}={:?}", &*attr.name.local, &*attr.value))
                    .collect();
                out.push(format!("{}<{} {}>", " ".repeat(depth), &*name, attributes.join(" ")));
                let json_ld = dom.attr(node, "type").is_some_and(|kind| kind.contains("ld+json"));
                let skipped = matches!(name, local_name!("style") | local_name!("svg"))
                    || (name == local_name!("script") && !json_ld);
                let raw = matches!(
                    name,
                    local_name!("pre") | local_name!("listing") | local_name!("textarea") | local_name!("title")
                ) || name == local_name!("script");
                if !skipped {
                    dump(dom, node, depth + 1, preformatted || raw, out);
                }
            }
            _ => {}
        }
    }
    flush_text(&mut text, depth, preformatted, out);
}

fn flush_text(text: &mut String, depth: usize, preformatted: bool, out: &mut Vec<String>) {
    if text.is_empty() {
        return;
    }
    let shown = if preformatted { text.clone() } else { text.replace('\n', " ") };
    out.push(format!("{}{:?}", " ".repeat(depth), shown));
    text.clear();
}

/// Returns where the trees of `html` before and after reduction differ.
fn tree_difference(html: &str) -> Option<String> {
    let mut original = Vec::new();
    dump(&parse_markup(html), ROOT, 0, false, &mut original);
    let mut reduced = Vec::new();
    dump(&parse_markup(&reduce_markup(html)), ROOT, 0, false, &mut reduced);
    if original == reduced {
        return None;
    }
    let line = original.iter().zip(&reduced).position(|(a, b)| a != b).unwrap_or(original.len().min(reduced.len()));
    Some(format!("line {line}: {:?} became {:?}", original.get(line), reduced.get(line)))
}

fn assert_same_tree(html: &str) {
    if let Some(difference) = tree_difference(html) {
        panic!("trees differ at {difference} in {html:.300}");
    }
}

#[test]
fn tricky_markup_keeps_tree() {
    let cases = [
        "<p class=a data-x=1>one\r\ntwo</p><pre>\n a\r\n b</pre><p>c\rd</p>",
        "<table>\n <tr>\n  <td>a</td>\n  <input type=hidden name=x data-y=2>\n </tr>\n</table>",
        "<svg><circle r=1/></svg><math><mi><font color=red>x</font></mi></math><p>after</p>",
        "<p><svg><font face=x>y</font></svg>z</p>",
        "<title>A <b>bold</b>\ntitle</title><textarea>\nx <i>y</i>\n</textarea>",
        "<script>var a = '</scripts>'; if (a < b) {}</script ><p>x</p>",
        "<script type=\"application/ld+json\">{\"a\": \"<p>\n\"}</script><p>y</p>",
        "<script src=a.js /><p>inside</p></script><p>after</p>",
        "<!----><!--><!---><!-- a --!><p>x</p><!-- <script> -->y",
        "<p title=\"a > b\" class=\"c\"id=d =e f=g/>text</p><br/>",
        "<!DOCTYPE html><p>a<table><tr><td>b</table>",
        "<p>a<table><tr><td>b</table>",
        "<xmp><p class=x>raw\n</p></xmp><iframe><b>x</b></iframe><noembed>\n<i>n</i></noembed>",
        "<noscript><img src=a.png data-q=1></noscript><p>x\ny</p>",
        "<p>1 < 2 <3 </ x> </> <? pi ?> z</p>",
        "<div><pre><span>a\nb</span></pre>\n<listing>\nc\nd</listing></div>",
        "<p>unclosed <b>bold <i>both</p> after</b> end",
        "<P CLASS=Up DATA-A=1>Upper\nCase</P>",
        "<plaintext>\n<p>not a tag</p>",
        "<p>ends inside a tag <a href=\"x",
        "<p>ends inside a comment <!-- never closed",
        "<html lang=en data-a=1><body class=b onload=x><p>t</p><body id=c data-b=2>",
        "<select><option>a\nb<textarea>\nc</textarea></select>",
        "<template><p class=x data-y=z>inert\nline</p></template><p>live</p>",
    ];
    for html in cases {
        assert_same_tree(html);
    }
}

#[test]
fn fixture_pages_keep_tree() {
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/extract");
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|extension| extension == "html") {
            let html = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            assert_same_tree(&html);
        }
    }
}

/// Checks every page listed, one path a line, in the file that
/// `PRESCAN_PAGES` names; run it on a corpus with `cargo test --
/// --ignored corpus_pages_keep_tree`.
#[test]
#[ignore = "needs PRESCAN_PAGES, a file listing HTML pages"]
fn corpus_pages_keep_tree() {
    let Ok(list) = std::env::var("PRESCAN_PAGES") else { return };
    let paths = std::fs::read_to_string(&list).unwrap_or_else(|error| panic!("{list}: {error}"));
    let mut differences = Vec::new();
    for path in paths.lines().filter_map(|line| line.split('\t').next()).filter(|path| !path.is_empty()) {
        let bytes = std::fs::read(path).unwrap_or_else(|error| panic!("{path}: {error}"));
        if let Some(difference) = tree_difference(&super::decode::decode_html(&bytes)) {
            differences.push(format!("{path}: {difference}"));
        }
    }
    assert!(differences.is_empty(), "{} pages differ:\n{}", differences.len(), differences.join("\n"));
}
