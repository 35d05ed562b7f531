//! Removal of boilerplate blocks inside the selected article.
//!
//! Scoring finds the container of the article, but templates put share
//! bars, "related" teasers, newsletter boxes, tag lists, ratings, author
//! boxes and date lines inside that same container. This pass removes such
//! blocks by the words their class or id use and by their shape (short and
//! made of links, a date alone, a heading left with nothing under it). No
//! block holding a large share of the article's text is removed, so a
//! wrong name on the article itself cannot empty it.

use html5ever::{LocalName, local_name};

use super::dom::{Dom, NodeId};
use super::patterns::{Words, contains_any};
use super::text::{has_text, length_and_link_density, text_length};

/// Class and id words of blocks that are never the article body. They are
/// matched against whole words of the class and id values (see
/// [`class_tokens`]), so `share` does not match `shared`.
const BOILERPLATE_TOKENS: &[&str] = &[
    "share",
    "sharing",
    "social",
    "socials",
    "related",
    "recommended",
    "recommendations",
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "comment",
    "comments",
    "kommentar",
    "kommentare",
    "disqus",
    "tags",
    "tagcloud",
    "taglist",
    "rating",
    "ratings",
    "promo",
    "advert",
    "advertisement",
    "ads",
    "ad",
    "banner",
    "breadcrumb",
    "breadcrumbs",
    "sidebar",
    "widget",
    "toolbar",
    "pagination",
    "pager",
    "navigation",
    "nav",
    "menu",
    "popular",
    "trending",
    "teaser",
    "teasers",
    "outbrain",
    "taboola",
    "disclaimer",
    "copyright",
    "print",
    "sharedaddy",
    "addthis",
    "follow",
    "donate",
    "donation",
    "paywall",
    "cookie",
    "consent",
    "meta",
    "utility",
    "byline",
    "dateline",
    "author",
    "authors",
    "credit",
    "credits",
    "copyright",
    "rights",
];

/// Compound names, matched as substrings of the lower-cased class and id.
static BOILERPLATE_PARTS: Words = Words::new(&[
    "author-box",
    "authorbox",
    "author-bio",
    "about-author",
    "author-info",
    "post-meta",
    "entry-meta",
    "article-meta",
    "more-articles",
    "read-more",
    "readmore",
    "view-more",
    "more-news",
    "see-also",
    "further-reading",
    "post-navigation",
    "post-tags",
    "entry-tags",
    "entry-footer",
    "article-footer",
    "post-footer",
    "news-letter",
    "newsletter",
    "content-blocker",
    "cookie",
    "social-",
    "-social",
    "share-",
    "-share",
]);

/// Largest share of the article's text one removed block may hold.
const MAX_SHARE: f64 = 0.25;

/// Elements that the block rules look at; [`remove_boilerplate`] lists
/// them in one walk instead of walking the article once per rule. The
/// rules only detach elements, so [`Dom::still_within`] gives each rule
/// what its own walk would find.
const LISTED: &[LocalName] = &[
    local_name!("p"),
    local_name!("div"),
    local_name!("section"),
    local_name!("time"),
    local_name!("span"),
    local_name!("em"),
    local_name!("i"),
    local_name!("small"),
    local_name!("cite"),
    local_name!("sub"),
    local_name!("figcaption"),
];

/// Removes boilerplate blocks below `content`, whose [`text_length`] is
/// `length`.
pub fn remove_boilerplate(dom: &mut Dom, content: NodeId, length: usize) {
    let total = length.max(1) as f64;
    remove_named_blocks(dom, content, total);
    let listed = dom.find_all(content, LISTED);
    remove_link_blocks(dom, content, &listed, total);
    remove_lone_dates(dom, content, &listed);
    remove_notice_lines(dom, content, &listed);
    remove_credit_lines(dom, content, &listed);
    remove_related_tail(dom, content);
    remove_trailing_calls_to_action(dom, content);
    remove_trailing_headings(dom, content);
}

fn names_boilerplate(dom: &Dom, id: NodeId) -> bool {
    if describes_person(dom, id) {
        return true;
    }
    let class = dom.attr(id, "class").unwrap_or("");
    let full_ident = dom.attr(id, "id").unwrap_or("");
    // An id of three or more words may be a slug made from a heading
    // ("sharing-with-a-team"), not a name the template chose. Its single
    // words do not count, but compound names ("mvp-author-box-wrap") do.
    let ident = Some(full_ident).filter(|ident| ident.split(['-', '_']).count() < 3).unwrap_or("");
    if class.is_empty() && full_ident.is_empty() {
        return false;
    }
    let joined = format!("{class} {ident}");
    let token_match =
        class_tokens(&joined).any(|token| BOILERPLATE_TOKENS.iter().any(|known| known.eq_ignore_ascii_case(token)));
    let lower = format!("{class} {full_ident}").to_lowercase();
    token_match || contains_any(&lower, &BOILERPLATE_PARTS)
}

/// Returns true for an element that microdata marks as a person (an author
/// box: photo, name and a short biography), not the article.
fn describes_person(dom: &Dom, id: NodeId) -> bool {
    dom.attr(id, "itemtype").is_some_and(|kind| {
        let kind = kind.trim().trim_end_matches('/');
        kind.ends_with("schema.org/Person")
    })
}

/// Splits class and id values into words at anything that is not an ASCII
/// letter. Callers compare the words ignoring case. A camelCase word also
/// gives its first part when that part has three letters or more
/// (`relatedArticles` gives `related`). Later parts are skipped, because
/// generated names (`hJpRRP`) would match words by chance.
fn class_tokens(value: &str) -> impl Iterator<Item = &str> + '_ {
    value.split(|c: char| !c.is_ascii_alphabetic()).filter(|word| !word.is_empty()).flat_map(|word| {
        let head_end = word
            .char_indices()
            .skip(1)
            .find(|&(index, c)| c.is_ascii_uppercase() && word[..index].ends_with(|p: char| p.is_ascii_lowercase()))
            .map(|(index, _)| index);
        let head = head_end.filter(|&end| end >= 3).map(|end| &word[..end]);
        std::iter::once(word).chain(head)
    })
}

/// Largest share of the article's text that all named blocks together may
/// hold. Above it the names describe the article's own structure, as in a
/// live blog whose entries are styled as comments, and nothing is removed.
const MAX_NAMED_SHARE: f64 = 0.5;

fn remove_named_blocks(dom: &mut Dom, content: NodeId, total: f64) {
    let mut doomed = Vec::new();
    let mut doomed_length = 0usize;
    let mut current = dom.next_in_order(content, content, true);
    while let Some(element) = current {
        // Inline elements with such names (a "share" icon in a sentence)
        // are left to the block rules.
        let inline = matches!(
            dom.tag(element),
            Some(&local_name!("a")) | Some(&local_name!("span")) | Some(&local_name!("img"))
        );
        if dom.is_element(element) && !inline && names_boilerplate(dom, element) {
            let length = text_length(dom, element);
            if length as f64 / total <= MAX_SHARE {
                doomed.push(element);
                doomed_length += length;
                current = dom.next_in_order(element, content, false);
                continue;
            }
        }
        current = dom.next_in_order(element, content, true);
    }
    if doomed_length as f64 / total > MAX_NAMED_SHARE {
        return;
    }
    for element in doomed {
        dom.detach(element);
    }
}

/// Removes short blocks that are mostly link text where they are
/// boilerplate: a labelled link line ("Read more: …", "Lesen Sie auch: …")
/// anywhere, and runs of link lines at the end of the article, where
/// teaser lists sit. Link lines inside the text stay, since a page may
/// well be about a set of links.
fn remove_link_blocks(dom: &mut Dom, content: NodeId, listed: &[NodeId], total: f64) {
    let blocks = [local_name!("p"), local_name!("div"), local_name!("section")];
    let mut candidates = dom.still_within(listed, content, &blocks);
    candidates.reverse();
    let mut trailing = true;
    let mut removed = 0usize;
    for block in candidates {
        if dom.parent(block).is_none() {
            continue;
        }
        let (length, density) = length_and_link_density(dom, block);
        if length == 0 {
            continue;
        }
        let short = length <= 200 && length as f64 / total <= MAX_SHARE;
        let link_line = short && density > 0.5;
        // Link lines that make up most of the article are its content.
        let within_share = (removed + length) as f64 / total <= MAX_NAMED_SHARE;
        if link_line && within_share && (trailing || has_link_label(dom, block)) {
            removed += length;
            dom.detach(block);
            continue;
        }
        // A block that contains other blocks is judged by its children.
        if !dom.contains_any(block, &blocks) {
            trailing = false;
        }
    }
}

/// Returns true when the text before the first link of `block` is a short
/// label ending in a colon or an arrow.
fn has_link_label(dom: &Dom, block: NodeId) -> bool {
    let mut label = String::new();
    let mut current = dom.next_in_order(block, block, true);
    while let Some(id) = current {
        if dom.is(id, &local_name!("a")) {
            break;
        }
        if let Some(text) = dom.text(id) {
            label.push_str(text);
            if label.len() > 60 {
                return false;
            }
        }
        current = dom.next_in_order(id, block, true);
    }
    let label = label.trim();
    !label.is_empty() && label.ends_with([':', '»', '→', '>', '：'])
}

/// Removes blocks whose whole text is one `<time>` element: date lines
/// that templates put above or below the article.
fn remove_lone_dates(dom: &mut Dom, content: NodeId, listed: &[NodeId]) {
    for time in dom.still_within(listed, content, &[local_name!("time")]) {
        let Some(parent) = dom.parent(time) else { continue };
        let own = text_length(dom, time);
        if parent != content && text_length(dom, parent) <= own + 3 {
            dom.detach(parent);
            continue;
        }
        // A date line ("Published: 3 April 2020") set between paragraphs.
        if own > 0 && own <= MAX_NOTICE_CHARS && stands_between_blocks(dom, time) {
            let text = super::text::inner_text(dom, time);
            if is_date_line(&text) {
                dom.detach(time);
            }
        }
    }
}

/// Returns true when the nearest siblings of `id` that have text or are
/// elements are blocks, or missing: `id` is a line of its own, not a
/// part of a sentence.
fn stands_between_blocks(dom: &Dom, id: NodeId) -> bool {
    let is_block = |node: NodeId| {
        matches!(
            dom.tag(node),
            Some(&local_name!("p"))
                | Some(&local_name!("div"))
                | Some(&local_name!("section"))
                | Some(&local_name!("h1"))
                | Some(&local_name!("h2"))
                | Some(&local_name!("h3"))
                | Some(&local_name!("h4"))
                | Some(&local_name!("ul"))
                | Some(&local_name!("ol"))
                | Some(&local_name!("figure"))
                | Some(&local_name!("blockquote"))
                | Some(&local_name!("table"))
        )
    };
    let blank = |node: NodeId| !dom.is_element(node) && text_length(dom, node) == 0;
    let mut previous = dom.prev_sibling(id);
    while let Some(node) = previous.filter(|&node| blank(node)) {
        previous = dom.prev_sibling(node);
    }
    let mut next = dom.next_sibling(id);
    while let Some(node) = next.filter(|&node| blank(node)) {
        next = dom.next_sibling(node);
    }
    previous.is_none_or(is_block) && next.is_none_or(is_block)
}

/// Removes headings and label lines ("Contact:") that end the article
/// with nothing under them, such as the title of a teaser list that
/// cleaning removed.
fn remove_trailing_headings(dom: &mut Dom, content: NodeId) {
    let headings = [
        local_name!("h1"),
        local_name!("h2"),
        local_name!("h3"),
        local_name!("h4"),
        local_name!("h5"),
        local_name!("h6"),
    ];
    loop {
        let mut last = None;
        let mut current = dom.node(content).last_child;
        // Find the last block with text, looking into wrapper elements.
        while let Some(node) = current {
            if !has_text(dom, node) && !dom.contains_any(node, &[local_name!("img")]) {
                current = dom.prev_sibling(node);
                continue;
            }
            let is_heading = dom.tag(node).is_some_and(|tag| headings.contains(tag)) || is_label_line(dom, node);
            if is_heading || !dom.is_element(node) || dom.node(node).last_child.is_none() {
                last = Some(node);
                break;
            }
            current = dom.node(node).last_child;
        }
        match last {
            Some(node) if dom.tag(node).is_some_and(|tag| headings.contains(tag)) || is_label_line(dom, node) => {
                // Pages made of headings and images keep their headings.
                let remaining = text_length(dom, content) - text_length(dom, node);
                if remaining < 200 {
                    break;
                }
                dom.detach(node);
            }
            _ => break,
        }
    }
}

/// Maximum length, in characters, of a closing call to action.
const MAX_CALL_TO_ACTION_CHARS: usize = 300;

/// Maximum number of closing calls to action removed from one article.
const MAX_CALLS_TO_ACTION: usize = 3;

/// Phrases, lower-cased, that ask the reader to subscribe, follow, sign up,
/// share, rate or comment, as publishers append them to every article. English,
/// German, Spanish, French and Polish so far.
static CALL_TO_ACTION_PHRASES: Words = Words::new(&[
    "subscribe",
    "subscriber",
    "sign up",
    "newsletter",
    "download the",
    "follow us",
    "follow the",
    "support our",
    "support us",
    "letter to the editor",
    "abonnieren",
    "abonniere",
    "folgen sie",
    "folge uns",
    "suscríb",
    "suscrib",
    "únete",
    "síguenos",
    "hazte miembro",
    "abonnez",
    "inscrivez",
    "zapraszamy",
    "subskrypc",
    "keine kommentare",
    "kommentare geschlossen",
    "kommentare zu schreiben",
    "kommentare insgesamt",
    "in den kommentaren",
    "kommentieren zu können",
    "kommentar schreiben",
    "eingeloggt",
    "logged in",
    "leave a comment",
    "comments are closed",
    "no comments",
    "den artikel teilen",
    "vergiss nicht zu teilen",
    "share this",
    "enjoyed reading",
    "we need your help",
    "straight to your phone",
    "nuestro canal",
    "war der artikel",
    "was this article",
]);

/// Removes the paragraphs that end the article asking the reader to
/// subscribe, follow or write in. Only the closing run goes, since the same
/// words inside the text are usually the article's own.
fn remove_trailing_calls_to_action(dom: &mut Dom, content: NodeId) {
    let blocks = [local_name!("p"), local_name!("div")];
    for _ in 0..MAX_CALLS_TO_ACTION {
        // The walk runs backwards from the end, as the block is near it.
        let mut current = dom.last_descendant(content);
        let last = loop {
            let Some(id) = current else { return };
            let block = dom.tag(id).is_some_and(|tag| blocks.contains(tag));
            if block && !dom.contains_any(id, &blocks) && text_length(dom, id) > 0 {
                break id;
            }
            current = dom.prev_in_order(id, content);
        };
        let length = text_length(dom, last);
        if length > MAX_CALL_TO_ACTION_CHARS {
            return;
        }
        let text = super::text::inner_text(dom, last).to_lowercase();
        if !contains_any(&text, &CALL_TO_ACTION_PHRASES) {
            return;
        }

        // The whole text is measured only now, since most articles end
        // without a call to action.
        if text_length(dom, content) - length < 200 {
            return;
        }
        dom.detach(last);
    }
}

/// Longest text, in characters, of a line that only dates or labels.
const MAX_NOTICE_CHARS: usize = 60;

/// Returns true for a paragraph of a few words ending in a colon, a label
/// whose content is gone.
fn is_label_line(dom: &Dom, node: NodeId) -> bool {
    if !matches!(dom.tag(node), Some(&local_name!("p")) | Some(&local_name!("div"))) {
        return false;
    }
    if text_length(dom, node) > 40 {
        return false;
    }
    let text = super::text::inner_text(dom, node);
    text.chars().count() <= 40 && text.ends_with([':', '：'])
}

/// Removes short paragraphs that only date the page ("Updated: 2 March
/// 2024") or claim its copyright ("© 2024 Example Inc. All rights
/// reserved."): page metadata, not article text.
fn remove_notice_lines(dom: &mut Dom, content: NodeId, listed: &[NodeId]) {
    let blocks = [local_name!("p"), local_name!("div")];
    let last_text = last_text_node(dom, content);
    for block in dom.still_within(listed, content, &blocks) {
        if dom.parent(block).is_none() {
            continue;
        }
        // The length goes first, as it rules out most paragraphs.
        let length = text_length(dom, block);
        if length == 0 || length > MAX_CLOSING_COPYRIGHT_CHARS {
            continue;
        }
        let closing = last_text.is_some_and(|last| dom.ancestors(last, 0).contains(&block));
        if (length > 200 && !closing) || dom.contains_any(block, &blocks) {
            continue;
        }
        let text = super::text::inner_text(dom, block);
        let notice = if length > 200 {
            is_copyright_line(&text)
        } else {
            (length <= MAX_NOTICE_CHARS && is_date_line(&text)) || is_copyright_line(&text) || is_ad_line(&text)
        };
        if notice {
            dom.detach(block);
        }
    }
}

/// Maximum length, in characters, of a copyright notice that closes the
/// article, with its terms of reuse ("This article is the property of …
/// Written permission must be obtained before reprint …").
const MAX_CLOSING_COPYRIGHT_CHARS: usize = 500;

/// Returns the last text node below `content` that is not blank. The walk
/// runs backwards from the end, so it stops after the trailing blanks.
fn last_text_node(dom: &Dom, content: NodeId) -> Option<NodeId> {
    let mut current = dom.last_descendant(content);
    while let Some(node) = current {
        if dom.text(node).is_some_and(|text| !text.trim().is_empty()) {
            return Some(node);
        }
        current = dom.prev_in_order(node, content);
    }
    None
}

/// Returns true when `text`, after an optional short label ending in a
/// colon, is a date: a year from 1900 to 2099 and at most three words of
/// letters (a month name, "updated on").
fn is_date_line(text: &str) -> bool {
    let rest = match text.split_once(':') {
        Some((label, rest)) if label.chars().count() <= 25 && !rest.trim().is_empty() => rest,
        _ => text,
    };
    let has_year = rest
        .split(|c: char| !c.is_ascii_digit())
        .any(|number| number.len() == 4 && (number.starts_with("19") || number.starts_with("20")));
    let words = rest.split_whitespace().filter(|word| word.chars().any(char::is_alphabetic)).count();
    has_year && words <= 3
}

/// Longest text, in characters, of an advertisement label or disclosure.
const MAX_AD_LINE_CHARS: usize = 80;

/// Returns true for an advertisement label ("- Anzeige -", "Advertisement:")
/// or a short line that opens with one and a punctuation mark ("*Werbung.
/// Dieser Beitrag enthält …", "Anzeige, enthält Affiliate Links"). A word
/// that runs on into a sentence ("Anzeige gegen Unbekannt") is not a label.
fn is_ad_line(text: &str) -> bool {
    if text.chars().count() > MAX_AD_LINE_CHARS {
        return false;
    }
    let is_mark =
        |c: char| c.is_whitespace() || matches!(c, '-' | '–' | '*' | ':' | '|' | '[' | ']' | '(' | ')' | '.' | ',');
    let stripped = text.trim_matches(is_mark);
    let word_end = stripped.find(|c: char| !c.is_alphabetic()).unwrap_or(stripped.len());
    let (word, rest) = stripped.split_at(word_end);
    if !super::patterns::is_ad_or_loading_text(word) || super::patterns::is_loading_word(word) {
        return false;
    }
    let rest = rest.trim_start();
    rest.is_empty() || rest.starts_with(|c: char| is_mark(c) && !c.is_whitespace())
}

/// Lower-cased phrases of copyright and reuse notices.
static COPYRIGHT_PHRASES: Words = Words::new(&[
    "all rights reserved",
    "copyrighted property",
    "alle rechte vorbehalten",
    "tous droits réservés",
    "todos los derechos reservados",
    "todos os direitos reservados",
    "tutti i diritti riservati",
    "wszelkie prawa zastrzeżone",
    "chroniony prawem autorskim",
]);

/// Returns true for a copyright notice: it starts with © or "Copyright",
/// or says that all rights are reserved or the text is protected.
fn is_copyright_line(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.starts_with('©')
        || lower.starts_with("(c) ")
        || lower.starts_with("copyright")
        || contains_any(&lower, &COPYRIGHT_PHRASES)
}

/// Longest text, in characters, of a photo credit or source line.
const MAX_CREDIT_CHARS: usize = 100;

/// Lower-cased openings of credit and source lines: the label a caption,
/// photo or quoted press release is attributed with.
const CREDIT_LABELS: &[&str] = &[
    "foto:",
    "fotos:",
    "foto ",
    "fot.",
    "photo:",
    "photos:",
    "photo by",
    "photos by",
    "photograph by",
    "bild:",
    "bilder:",
    "bildquelle:",
    "bildnachweis",
    "titelbild:",
    "beitragsbild:",
    "credit:",
    "credits:",
    "image:",
    "image credit",
    "crédito:",
    "créditos:",
    "crédit photo",
    "crédits photo",
    "quelle:",
    "source:",
    "fuente:",
    "źródło:",
    "zdjęcie:",
];

/// Removes elements whose whole text credits a photo or names a source
/// ("Foto: dpa", "(Credit: Jane Doe / Agency)", "© Agency"): attribution
/// lines that templates put under images and after press releases.
fn remove_credit_lines(dom: &mut Dom, content: NodeId, listed: &[NodeId]) {
    let elements = [
        local_name!("p"),
        local_name!("div"),
        local_name!("span"),
        local_name!("em"),
        local_name!("i"),
        local_name!("small"),
        local_name!("cite"),
        local_name!("sub"),
        local_name!("figcaption"),
    ];
    for element in dom.still_within(listed, content, &elements) {
        if dom.parent(element).is_none() {
            continue;
        }
        let length = text_length(dom, element);
        if length == 0 || length > MAX_CREDIT_CHARS {
            continue;
        }
        if is_credit_line(&super::text::inner_text(dom, element)) {
            dom.detach(element);
        }
    }
}

/// Returns true for a news agency signature that closes a report: the
/// author's initials and the agency joined by a slash ("aja/PAP",
/// "sf/dpa"), with no space and two letters or more on each side, so that
/// "N/A" in a table is no signature.
fn is_agency_signature(text: &str) -> bool {
    let text = text.trim();
    let Some((initials, agency)) = text.split_once('/') else {
        return false;
    };
    let letters = |part: &str| part.chars().count() >= 2 && part.chars().all(char::is_alphabetic);
    text.chars().count() <= 20 && letters(initials) && letters(agency)
}

/// Returns true when `text` opens with a credit label, after an optional
/// bracket, copyright sign or separator.
fn is_credit_line(text: &str) -> bool {
    if is_agency_signature(text) {
        return true;
    }
    let trimmed = text.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '(' | '[' | '|' | '-' | '–'));
    if trimmed.starts_with('©') {
        return true;
    }
    let lower = trimmed.to_lowercase();
    CREDIT_LABELS.iter().any(|label| lower.starts_with(label))
}

/// Longest text, in characters, of a line that introduces further reading.
const MAX_RELATED_LABEL_CHARS: usize = 60;

/// Share of the article's text before which a further-reading label is
/// taken to be the article's own words.
const MIN_RELATED_LABEL_POSITION: f64 = 0.25;

/// Lower-cased phrases of lines that introduce links to other articles
/// ("Read also", "Schon gelesen?", "Articles liés"), links for further
/// information, an author note or press contacts, in the languages of the
/// pages seen so far. Encyclopedia headings ("See also", "Further
/// reading") are left out: there the sections under them are content.
static RELATED_LABELS: Words = Words::new(&[
    "related",
    "read also",
    "read more",
    "also read",
    "more from",
    "more stories",
    "most read",
    "most popular",
    "you may also like",
    "you might also like",
    "recommended for you",
    "auch interessant",
    "schon gelesen",
    "lesen sie auch",
    "lies auch",
    "weiterlesen",
    "zum weiterlesen",
    "weiterführende links",
    "weiterführender link",
    "weitere artikel",
    "weitere beiträge",
    "mehr zum thema",
    "auch interessieren",
    "verwandte artikel",
    "ähnliche artikel",
    "ähnliche beiträge",
    "meistgelesen",
    "meist gelesen",
    "meistdiskutiert",
    "neueste artikel",
    "passend dazu",
    "empfehlen wir",
    "articles liés",
    "lire aussi",
    "à lire",
    "sur le même sujet",
    "te puede interesar",
    "lee también",
    "puedes ver",
    "noticias relacionadas",
    "mira también",
    "veja também",
    "leia também",
    "leia mais",
    "czytaj także",
    "czytaj też",
    "przeczytaj również",
    "leggi anche",
    "articoli correlati",
    "über den autor",
    "zum autor",
    "about the author",
    "pressekontakt",
    "ansprechpartner",
    "kontakt:",
    "contact:",
    "weitere informationen",
    "zusatzinformationen",
    "weitere infos",
    "more information",
    "further information",
]);

/// Removes a line in the second half of the article that introduces
/// further reading, with everything after it: the teaser lists that
/// templates append below the text.
fn remove_related_tail(dom: &mut Dom, content: NodeId) {
    let total = text_length(dom, content);
    let threshold = (total as f64 * MIN_RELATED_LABEL_POSITION) as usize;
    let mut position = 0usize;
    let mut current = dom.next_in_order(content, content, true);
    while let Some(id) = current {
        let length = dom.node(id).text_length() as usize;
        if length > 0 && length <= MAX_RELATED_LABEL_CHARS && position >= threshold && is_related_label(dom, id) {
            let line = label_line(dom, content, id).filter(|&line| {
                let max_plain = if text_length(dom, line) == length {
                    MAX_PLAIN_TAIL_AFTER_HEADING_CHARS
                } else {
                    MAX_PLAIN_TAIL_CHARS
                };
                is_teaser_tail(dom, content, line, total, max_plain)
            });
            if let Some(line) = line {
                remove_from(dom, content, line);
                return;
            }
        }
        position += length;
        current = dom.next_in_order(id, content, true);
    }
}

/// Removes `line` and everything after it up to the end of `content`.
fn remove_from(dom: &mut Dom, content: NodeId, line: NodeId) {
    let mut node = line;
    while node != content {
        while let Some(next) = dom.next_sibling(node) {
            dom.detach(next);
        }
        let Some(parent) = dom.parent(node) else { break };
        node = parent;
    }
    dom.detach(line);
}

/// Returns the block that the label text node `text` opens: the largest
/// element holding nothing but the label, or the paragraph that an inline
/// label ("<b>Read also:</b> <a>…</a>") starts. Returns `None` when the
/// label sits inside a sentence or a link.
fn label_line(dom: &Dom, content: NodeId, text: NodeId) -> Option<NodeId> {
    // A link that opens with a label ("Related: Title") is one teaser
    // inside the text, not the heading of a list.
    if dom.has_ancestor(text, &local_name!("a"), 0) {
        return None;
    }
    let length = dom.node(text).text_length() as usize;
    let mut line = text;
    while let Some(parent) = dom.parent(line) {
        if parent == content || text_length(dom, parent) != length {
            break;
        }
        line = parent;
    }
    let block = |id: NodeId| {
        matches!(
            dom.tag(id),
            Some(&local_name!("h1"))
                | Some(&local_name!("h2"))
                | Some(&local_name!("h3"))
                | Some(&local_name!("h4"))
                | Some(&local_name!("h5"))
                | Some(&local_name!("h6"))
                | Some(&local_name!("p"))
                | Some(&local_name!("div"))
                | Some(&local_name!("section"))
                | Some(&local_name!("header"))
                | Some(&local_name!("dt"))
                | Some(&local_name!("li"))
        )
    };
    if block(line) {
        return Some(line);
    }
    let parent = dom.parent(line).filter(|&parent| parent != content && block(parent))?;
    let mut first = dom.first_child(parent);
    while let Some(sibling) = first {
        if sibling == line {
            return Some(parent);
        }
        if text_length(dom, sibling) > 0 {
            return None;
        }
        first = dom.next_sibling(sibling);
    }
    None
}

/// Longest text, in characters, after a further-reading label that is
/// removed whatever its links, and the longer text allowed after a label
/// that stands alone as a heading does ("Kontakt:" over an address).
const MAX_PLAIN_TAIL_CHARS: usize = 150;
const MAX_PLAIN_TAIL_AFTER_HEADING_CHARS: usize = 300;

/// Largest share of the article's text that a teaser tail may hold, and
/// the larger share allowed when the tail is almost only links.
const MAX_TAIL_SHARE: f64 = 0.3;
const MAX_LINK_TAIL_SHARE: f64 = 0.7;

/// Returns true when what follows `line` up to the end of `content` is
/// short and, unless very short, a third or more link text: a teaser list,
/// perhaps with an author note, rather than a section of the article.
/// `total` is the text length of `content`, and a tail of up to
/// `max_plain` characters is removed whatever its links.
fn is_teaser_tail(dom: &Dom, content: NodeId, line: NodeId, total: usize, max_plain: usize) -> bool {
    let mut tail = 0usize;
    let mut linked = 0usize;
    let mut current = dom.next_in_order(line, content, false);
    while let Some(id) = current {
        if dom.is(id, &local_name!("a")) {
            let length = text_length(dom, id);
            tail += length;
            linked += length;
            current = dom.next_in_order(id, content, false);
            continue;
        }
        tail += dom.node(id).text_length() as usize;
        current = dom.next_in_order(id, content, true);
    }
    let share = tail as f64 / total.max(1) as f64;
    if share <= MAX_TAIL_SHARE && (tail <= max_plain || linked * 3 > tail) {
        return true;
    }
    share <= MAX_LINK_TAIL_SHARE && linked as f64 >= tail as f64 * 0.9
}

/// Returns true when the text node `id` reads like a further-reading label.
fn is_related_label(dom: &Dom, id: NodeId) -> bool {
    let Some(text) = dom.text(id) else {
        return false;
    };
    let text = text.trim();
    // Short ASCII text, the common case, is lower-cased on the stack.
    let mut buffer = [0u8; 64];
    if text.is_ascii() && text.len() <= buffer.len() {
        let lower = &mut buffer[..text.len()];
        lower.copy_from_slice(text.as_bytes());
        lower.make_ascii_lowercase();
        return std::str::from_utf8(lower).is_ok_and(|lower| contains_any(lower, &RELATED_LABELS));
    }
    contains_any(&text.to_lowercase(), &RELATED_LABELS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_lines_recognised() {
        for date in
            ["23.10.2018", "Veröffentlichung: 2. Februar 2022", "Publikacja: 04.05.2021", "Updated on March 3, 2024"]
        {
            assert!(is_date_line(date), "{date}");
        }
        for text in ["In 2018 the council met twice.", "Price: 2020 euros for the whole set"] {
            assert!(!is_date_line(text), "{text}");
        }
    }

    #[test]
    fn copyright_lines_recognised() {
        assert!(is_copyright_line("© 2020 CBS Interactive Inc. All Rights Reserved."));
        assert!(is_copyright_line("Materiał chroniony prawem autorskim - wszelkie prawa zastrzeżone."));
        assert!(is_copyright_line("This article is the copyrighted property of Example News."));
        assert!(!is_copyright_line("The author reserved a table for two."));
    }

    #[test]
    fn agency_signatures_recognised() {
        for signature in ["aja/PAP", "sf/dpa"] {
            assert!(is_credit_line(signature), "{signature}");
        }
        for text in ["N/A", "und/oder mehr", "A/B"] {
            assert!(!is_credit_line(text), "{text}");
        }
    }

    #[test]
    fn class_tokens_split_camel_case() {
        let tokens: Vec<String> =
            class_tokens("relatedArticlesTextItem pb-2 c-share__bar hJpRRP").map(str::to_ascii_lowercase).collect();
        assert_eq!(tokens, ["relatedarticlestextitem", "related", "pb", "c", "share", "bar", "hjprrp"]);
    }
}
