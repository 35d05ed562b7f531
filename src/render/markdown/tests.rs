use super::*;

#[test]
fn images_become_links() {
    assert_eq!(
        neutralise("Hi ![pixel](https://t.example/p.png) and `![code](x)` and\n\n![b](/c.png \"t\")!"),
        "Hi [pixel](https://t.example/p.png) and `![code](x)` and\n\n[b]\\(/c.png \"t\")!"
    );
    assert_eq!(neutralise("![![inner](a.png)](b.png)"), "[[inner]\\(a.png)]\\(b.png)");
    assert_eq!(
        neutralise("![a][r] ![r]\n\n[r]: https://t.example/p.png"),
        "[a][r] [r]\n\n[r]: https://t.example/p.png"
    );
}

#[test]
fn image_after_bang_stays_link() {
    assert_eq!(neutralise("Wow!![x](https://e.example/)"), "Wow\\![x](https://e.example/)");
    assert_eq!(neutralise("Wow\\!![x](https://e.example/)"), "Wow\\![x](https://e.example/)");
    assert_eq!(neutralise("Hey\\![not an image](https://e.example/)"), "Hey\\![not an image](https://e.example/)");
}

#[test]
fn raw_html_is_escaped() {
    assert_eq!(
        neutralise("Hi <img src=x onerror=alert(1)> and 5 < 6\n\n<script>\nalert(1)\n</script>"),
        "Hi \\<img src=x onerror=alert(1)> and 5 < 6\n\n\\<script>\nalert(1)\n\\</script>"
    );
    assert_eq!(neutralise("<!-- x --> <?php ?> <!DOCTYPE html>"), "\\<!-- x --> \\<?php ?> \\<!DOCTYPE html>");
}

#[test]
fn unsafe_links_become_text() {
    assert_eq!(
        neutralise("<javascript:alert(1)> and [x](javascript:y) and [y](<data:text/html,z>)"),
        "\\<javascript:alert(1)> and [x]\\(javascript:y) and [y]\\(\\<data:text/html,z>)"
    );
    assert_eq!(
        neutralise("[home](/) [top](#top) [x]( JavaScript:y)"),
        "[home]\\(/) [top]\\(#top) [x]\\( JavaScript:y)"
    );
    assert_eq!(
        neutralise("[ok](https://example.com) <mailto:a@b.c> <a@b.c>"),
        "[ok](https://example.com) <mailto:a@b.c> <a@b.c>"
    );
}

#[test]
fn unsafe_definitions_define_nothing() {
    assert_eq!(neutralise("[a][r]\n\n[r]: vbscript:x"), "[a][r]\n\n[r\\]: vbscript:x");
    assert_eq!(neutralise("> - [r]:\n>   <javascript:x>"), "> - [r\\]:\n>   \\<javascript:x>");
    // Escaping the first `]` lets the label run on to the second `]:`.
    assert_eq!(neutralise("[a]: javascript:x]: javascript:y"), "[a\\]: javascript:x\\]: javascript:y");
    // A definition is read before code spans are.
    assert_eq!(neutralise("[`x]: javascript:y`"), "[`x\\]: javascript:y`");
    assert_eq!(neutralise("[1]: https://example.com/a \"Source\""), "[1]: https://example.com/a \"Source\"");
}

#[test]
fn escaped_backslash_does_not_hide_markup() {
    assert_eq!(
        neutralise("\\\\<img src=x onerror=y> and \\\\[a](javascript:b) and \\<b>"),
        "\\\\\\<img src=x onerror=y> and \\\\[a]\\(javascript:b) and \\<b>"
    );
}

#[test]
fn code_and_autolinks_stay() {
    let text = "Use `<b>` or\n\n```html\n<b>bold</b>\n```\n\nSee <https://example.com>.";
    assert_eq!(neutralise(text), text);
    assert_eq!(neutralise("no markup at all"), "no markup at all");
}

#[test]
fn fence_in_list_stays() {
    let text = "1. Add this:\n\n   ```html\n   <video controls></video>\n   ```\n\n2. Reload.\n\n<b>after</b>";
    assert_eq!(neutralise(text), text.replace("<b>after</b>", "\\<b>after\\</b>"));
}

#[test]
fn ambiguous_fence_escapes_rest() {
    // The list item may hold the fence, and then the unindented line ends it.
    let text = "- a\n\n  ```\n<script>x</script>\n  ```\n<b>";
    assert_eq!(neutralise(text), "- a\n\n  ```\n\\<script>x\\</script>\n  ```\n\\<b>");
    let quoted = "> ```\n> <b>\n> ```";
    assert_eq!(neutralise(quoted), "> ```\n> \\<b>\n> ```");
}

#[test]
fn backticks_across_lines_escape() {
    // The first backtick may pair with the second, leaving the tag outside.
    assert_eq!(neutralise("a `b\nc ` <img src=x> `d`"), "a `b\nc ` \\<img src=x> `d`");
    assert_eq!(neutralise("a `b`\n\n`<img>`"), "a `b`\n\n`<img>`");
}

#[test]
fn table_pipe_splits_code_span() {
    assert_eq!(neutralise("| `a | <img src=x> | b` |"), "| `a | \\<img src=x> | b` |");
    assert_eq!(neutralise("| `a \\| <b>` |"), "| `a \\| <b>` |");
}

#[test]
fn link_destination_hides_backticks() {
    assert_eq!(
        neutralise("[a](https://e.example/u`v) `<img src=x>` x`"),
        "[a](https://e.example/u`v) `\\<img src=x>` x`"
    );
}

#[test]
fn realistic_post_is_unchanged() {
    let post = "# Getting Started with `Vec<T>`\n\
        Rust's vector is the **workhorse** of the standard library, as the [book](https://doc.rust-lang.org/book/) says.\n\n\
        ## Key Points\n\n\
        - **Create**: use `Vec::new()` or `vec![]`\n\
        - **Grow**: `push` may reallocate when `len() == capacity()`\n  \
          - nested: see <https://doc.rust-lang.org/std/vec/>\n\
        1. Step one\n\n   ```rust\n   let v: Vec<u8> = Vec::new();\n   ```\n\n\
        | Method | Cost |\n|:--|--:|\n| `push` | O(1)* |\n\n\
        > “Use the right tool,” and 3 < 4.\n\n\
        - [x] Done\n- [ ] Next\n\n\
        Sources: [1]\n\n[1]: https://example.com/source \"Source\"\n";
    assert_eq!(neutralise(post), post);
}

#[test]
fn lone_carriage_return_becomes_newline() {
    assert_eq!(neutralise("a\r\n<b>\rc\n"), "a\r\n\\<b>\nc\n");
}

#[test]
fn fence_after_lone_carriage_return() {
    // pulldown-cmark read the CR and the next line as the fence's info string.
    let text = "```=2]\r<!A`n]\r```=2]\r<!``#m#e`((";
    assert_eq!(neutralise(text), "```=2]\n<!A`n]\n```=2]\n<!``#m#e`((");
}

#[test]
fn email_autolink_like_declaration() {
    // At the start of a line, `<!` and a letter start an HTML block.
    assert_eq!(neutralise("<!i@s>"), "\\<!i@s>");
    assert_eq!(neutralise("<?x@y.z> <ok@y.z>"), "\\<?x@y.z> <ok@y.z>");
}

#[test]
fn closing_fence_with_tab_is_disputed() {
    // pulldown-cmark kept the fence open past "```\t", CommonMark closes it.
    let text = "```\n<b>\n```\t\n<i>\n```\n<u>";
    assert_eq!(neutralise(text), "```\n<b>\n```\t\n\\<i>\n```\n\\<u>");
}

#[test]
fn image_turned_definition_is_escaped() {
    assert_eq!(neutralise("![x]:javascript:y\n\n[x]"), "[x\\]:javascript:y\n\n[x]");
    assert_eq!(neutralise("> ![x]: /relative"), "> [x\\]: /relative");
}

#[test]
fn long_label_definition_is_escaped() {
    // pulldown-cmark 0.13.6 reads ASCII labels past CommonMark's 999 characters.
    let label = "a".repeat(1200);
    let neutral = neutralise(&format!("[{label}]: javascript:x\n\n[y][{label}]"));
    assert!(neutral.starts_with(&format!("[{label}\\]: javascript:x")), "{neutral}");
}
