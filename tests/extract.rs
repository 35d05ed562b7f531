//! Article extraction on small pages, each reproducing a case that once
//! went wrong or a promise of the extractor (structure kept, boilerplate
//! dropped, metadata read, hostile input survived).

use summarize_to_post::error::UserError;
use summarize_to_post::extract::{self, ExtractError, NotArticleReason, Page};

const URL: &str = "https://news.example/section/story.html";

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/data/extract/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("cannot read fixture {path}: {error}"))
}

fn extract_fixture(name: &str) -> summarize_to_post::article::Article {
    extract::extract(&fixture(name), URL).unwrap_or_else(|error| panic!("{name}: {error}"))
}

fn forced(html: &str) -> Result<summarize_to_post::article::Article, ExtractError> {
    extract::extract_page(&Page { html: html.to_string(), url: URL.to_string(), selection_html: None, force: true })
}

#[test]
fn article_with_author_class_kept() {
    let article = extract_fixture("author-class-article.html");
    assert!(article.text.contains("forty thousand street trees"), "{}", article.text);
    assert!(article.text.contains("three hundred euros"), "{}", article.text);
    assert_eq!(article.byline.as_deref(), Some("Jane Doe"));
    assert!(!article.text.contains("Jane Doe"), "byline stays out of the body");
    assert!(!article.text.contains("Copyright"));
}

#[test]
fn noscript_swallowed_page_kept() {
    let article = extract_fixture("noscript-swallowed-page.html");
    assert!(article.text.contains("Il risultato è molto positivo"), "{}", article.text);
    assert_eq!(article.lang.as_deref(), Some("it"));
}

#[test]
fn live_blog_comment_entries_kept() {
    let article = extract_fixture("live-blog-comment-entries.html");
    assert!(article.text.contains("c'est terminé au Moustoir"), "{}", article.text);
    assert!(article.text.contains("coup d'envoi du match"), "{}", article.text);
}

#[test]
fn linkroll_post_kept() {
    let article = forced(&fixture("linkroll-post.html")).expect("linkroll extracts");
    assert!(article.text.contains("Presseförderung: Studie zweifelt an Stütze vom Staat"), "{}", article.text);
    assert!(!article.text.contains("Cookies"), "{}", article.text);
}

#[test]
fn boilerplate_inside_article_removed() {
    let article = extract_fixture("boilerplate-inside-article.html");
    let text = &article.text;
    assert!(text.contains("The harbour reopened on Saturday morning"), "{text}");
    assert!(text.contains("run into several million pounds"), "{text}");
    assert!(text.contains("Boats return to the harbour on Saturday."), "captions stay: {text}");
    for boilerplate in [
        "Share on Facebook",
        "Read more:",
        "Sign up for our newsletter",
        "Ferry strike ends",
        "well done to the divers",
        "We use cookies",
        "Photo: Coast Daily",
        "2 March 2024",
    ] {
        assert!(!text.contains(boilerplate), "kept {boilerplate:?}: {text}");
    }
}

#[test]
fn lead_outside_body_joins_article() {
    let article = extract_fixture("lead-outside-body.html");
    let lead = article.text.find("Die Ideen reichen vom Spuckschutz").expect("lead kept");
    let body = article.text.find("Viele Geschäfte haben").expect("body kept");
    assert!(lead < body, "lead comes first: {}", article.text);
}

#[test]
fn standfirst_as_description_joins_article() {
    let article = extract_fixture("standfirst-as-description.html");
    let lead = article.text.find("Nun sucht das Team Verstärkung").expect("standfirst kept");
    let body = article.text.find("Einmal im Monat").expect("body kept");
    assert!(lead < body, "standfirst comes first: {}", article.text);
}

#[test]
fn standfirst_far_above_body_joins_article() {
    let article = extract_fixture("standfirst-far-above-body.html");
    let lead = article.text.find("Eine Rezension.").expect("standfirst kept");
    let body = article.text.find("Das Buch beginnt").expect("body kept");
    assert!(lead < body, "standfirst comes first: {}", article.text);
}

#[test]
fn marked_body_in_parts_kept_whole() {
    let article = extract_fixture("marked-body-in-parts.html");
    assert!(article.text.contains("Der Leiter der Forschungsgesellschaft"), "{}", article.text);
    assert!(article.text.contains("zu Pellets gepresst"), "{}", article.text);
    assert!(article.text.contains("Ein Antrag für Fördermittel"), "{}", article.text);
    assert!(article.text.contains("in einer Schule verheizt"), "{}", article.text);
}

#[test]
fn letter_with_signatory_table_keeps_letter() {
    let article = extract_fixture("letter-with-signatory-table.html");
    let text = &article.text;
    assert!(text.contains("facing a hard season"), "{text}");
    assert!(text.contains("The free exchange of ideas"), "{text}");
    assert!(text.contains("keep that room open"), "{text}");
}

#[test]
fn marked_footer_loses_to_article() {
    let article = extract_fixture("footer-block-marked-as-body.html");
    let text = &article.text;
    assert!(text.contains("Umsatz von 64,2 Millionen Euro"), "{text}");
    assert!(text.contains("vierzig neue Stellen"), "{text}");
    assert!(!text.contains("Mediadaten"), "{text}");
}

#[test]
fn declared_plain_body_used() {
    let article = extract_fixture("script-built-article-plain-body.html");
    let text = &article.text;
    assert!(text.starts_with("While both leaders faced a hard year"), "the shown standfirst leads: {text}");
    assert!(text.contains("almost insulting to Hongkongers"), "{text}");
    assert!(text.contains("as a sign she was working hard for the wrong people."), "{text}");
    assert_eq!(text.matches("Her rival used political shrewdness").count(), 1, "{text}");
    assert!(!text.contains("Loading"), "{text}");
}

#[test]
fn declared_markup_body_used() {
    let article = extract_fixture("script-built-article-markup-body.html");
    assert!(article.text.contains("En este contexto, the union met on Tuesday"), "{}", article.text);
    assert!(article.markdown.contains("**strike again**"), "{}", article.markdown);
    assert!(!article.text.contains("<p>"), "{}", article.text);
}

#[test]
fn infinite_scroll_keeps_opened_story() {
    let article = extract_fixture("infinite-scroll-stories.html");
    let text = &article.text;
    assert!(text.contains("Aprovechan la ocasión también para entregar una cartilla"), "{text}");
    assert!(!text.contains("Bebé muere"), "{text}");
    assert!(!text.contains("Con la finalidad de encaminar alianzas"), "{text}");
}

#[test]
fn media_class_around_body_kept() {
    let article = extract_fixture("media-class-around-body.html");
    let text = &article.text;
    assert!(text.contains("früher zu helfen"), "{text}");
    assert!(text.contains("Zudem betreibt das Hilfswerk"), "{text}");
    assert!(text.contains("Klimawandel als globale Bedrohung"), "{text}");
}

#[test]
fn short_entry_beside_long_footer_kept() {
    let article = forced(&fixture("short-entry-beside-long-footer.html")).expect("entry extracts");
    let text = &article.text;
    assert!(text.contains("Kein Beipackzettel vom Hersteller bereitgestellt"), "{text}");
    assert!(!text.contains("Online-Dienst eines Fachverlags"), "{text}");
}

#[test]
fn named_standfirst_far_above_body_joins_article() {
    let article = extract_fixture("named-standfirst-far-above-body.html");
    let lead = article.text.find("Eine Rezension.").expect("standfirst kept");
    let body = article.text.find("Das Buch beginnt").expect("body kept");
    assert!(lead < body, "standfirst comes first: {}", article.text);
}

#[test]
fn trailing_subscribe_lines_removed() {
    let paragraph = "The council approved the new school budget after a long debate about teacher pay and repairs. ";
    let html = format!(
        "<html><body><article><h1>Schools get more money</h1><p>{}</p><p>{}</p>\
         <p>Readers who subscribe to the newsletter asked about the schools, and the council answered.</p><p>{}</p>\
         <p>Subscribe now to our print edition for the full story.</p>\
         <p>For the latest stories and breaking news updates download the Daily News apps for iOS and Android.</p>\
         </article></body></html>",
        paragraph.repeat(4),
        paragraph.repeat(3),
        paragraph.repeat(2),
    );
    let article = forced(&html).expect("page extracts");
    assert!(!article.text.contains("Subscribe now"), "{}", article.text);
    assert!(!article.text.contains("download the Daily News apps"), "{}", article.text);
    assert!(article.text.contains("Readers who subscribe"), "a mention inside the text stays: {}", article.text);
    assert!(article.text.contains("teacher pay"), "{}", article.text);
}

#[test]
fn photo_credit_lines_removed() {
    let article = extract_fixture("photo-credit-lines.html");
    assert!(!article.text.contains("Max Muster"), "{}", article.text);
    assert!(!article.text.contains("Credit: Erika Beispiel"), "{}", article.text);
    assert!(!article.text.contains("Quelle: Bundesministerium"), "{}", article.text);
    assert!(article.text.contains("Ein Solardach auf einer Werkstatt"), "the caption stays: {}", article.text);
    assert!(article.text.contains("Fotos: so heißt die neue Rubrik"), "a long paragraph stays: {}", article.text);
}

#[test]
fn related_teaser_tail_removed() {
    let article = extract_fixture("related-teaser-tail.html");
    assert!(!article.text.contains("Schon gelesen"), "{}", article.text);
    assert!(!article.text.contains("Luftwaffe lässt Piloten"), "{}", article.text);
    assert!(!article.text.contains("Über den Autor"), "{}", article.text);
    assert!(article.text.contains("Related: the school"), "a label inside the text stays: {}", article.text);
    assert!(article.text.contains("achtzehn Monate"), "{}", article.text);
}

#[test]
fn trailing_comment_and_share_lines_removed() {
    let paragraph =
        "Im Winter ruht die Hechtfischerei, weil die Fische dann langsam wachsen und geschont werden sollen. ";
    let html = format!(
        "<html><body><article><h1>Hechte im Winter</h1><p>{}</p><p>{}</p>\
         <p>Glaubt man den Kommentaren im Forum, sehen das viele Angler genauso.</p><p>{}</p>\
         <p>Möchten Sie den Artikel teilen?</p>\
         <div>Keine Kommentare (Kommentare erscheinen erst nach unserer Freigabe)</div>\
         </article></body></html>",
        paragraph.repeat(4),
        paragraph.repeat(3),
        paragraph.repeat(2),
    );
    let article = forced(&html).expect("page extracts");
    assert!(!article.text.contains("Artikel teilen"), "{}", article.text);
    assert!(!article.text.contains("Keine Kommentare"), "{}", article.text);
    assert!(article.text.contains("Glaubt man den Kommentaren"), "a mention inside the text stays: {}", article.text);
}

#[test]
fn advertisement_labels_removed() {
    let paragraph =
        "Die Stadt hat die Anzeige gegen Unbekannt am Montag erstattet, nachdem die Fenster beschädigt wurden. ";
    let html = format!(
        "<html><body><article><h1>Fenster beschädigt</h1>\
         <p>*Werbung. Dieser Beitrag enthält Werbung für eine Glaserei.</p><p>{}</p>\
         <div>Advertisement:</div><p>{}</p>\
         <p>Anzeige gegen Unbekannt erstattet.</p><p>{}</p>\
         <p>ANZEIGE - Heute mal ausgehen? Wie wäre es mit:</p>\
         </article></body></html>",
        paragraph.repeat(4),
        paragraph.repeat(3),
        paragraph.repeat(2),
    );
    let article = forced(&html).expect("page extracts");
    assert!(!article.text.contains("*Werbung"), "{}", article.text);
    assert!(!article.text.contains("Advertisement"), "{}", article.text);
    assert!(!article.text.contains("Heute mal ausgehen"), "{}", article.text);
    assert!(article.text.contains("Anzeige gegen Unbekannt erstattet."), "a sentence stays: {}", article.text);
}

#[test]
fn consent_and_newsletter_boxes_removed() {
    let article = extract_fixture("embed-consent-and-newsletter-boxes.html");
    let text = &article.text;
    assert!(text.contains("Saunalandschaft mit sieben Kabinen"), "{text}");
    assert!(!text.contains("Datenschutzerklärung von Instagram"), "{text}");
    assert!(!text.contains("spannende Themen"), "{text}");
}

#[test]
fn closing_copyright_terms_removed() {
    let paragraph = "<p>The health agency said cases rose for the third week in a row, and asked countries to keep testing, to report their data every week and to prepare hospitals for a new wave.</p>";
    let notice = "<p>© 2022, Example News. This article is the copyrighted property of Example News. Written permission must be obtained before reprint in online or print media. Reprinting content without permission and/or payment is theft and punishable by law, and we will pursue every copy we find of it.</p>";
    let html = format!(
        "<html><body><article><h1>Cases rise again</h1>{}{notice}</article></body></html>",
        paragraph.repeat(4)
    );
    let article = forced(&html).expect("article extracts");
    assert!(article.text.contains("prepare hospitals"), "{}", article.text);
    assert!(!article.text.contains("Written permission"), "{}", article.text);

    let html = format!(
        "<html><body><article><h1>Cases rise again</h1>{notice}{}</article></body></html>",
        paragraph.repeat(4)
    );
    let article = forced(&html).expect("article extracts");
    assert!(article.text.contains("Written permission"), "a long notice before the text stays: {}", article.text);
}

#[test]
fn view_more_box_removed() {
    let paragraph = "<p>The senate leader said the pardon would not stop other cases against the former minister, and that the court would decide on each of them in the coming months.</p>";
    let more = r#"<div class="c-view-more"><div class="c-title">See also:</div><p>Court rejects a second appeal in another case, and the pardon debate splits the governing coalition.</p></div>"#;
    let html = format!(
        "<html><body><article><h1>Pardon does not end cases</h1>{}{more}{}</article></body></html>",
        paragraph.repeat(3),
        paragraph.repeat(2)
    );
    let article = forced(&html).expect("article extracts");
    assert!(article.text.contains("coming months"), "{}", article.text);
    assert!(!article.text.contains("See also"), "{}", article.text);
    assert!(!article.text.contains("second appeal"), "{}", article.text);
}

#[test]
fn person_author_box_removed() {
    let article = extract_fixture("person-author-box.html");
    assert!(!article.text.contains("Fotograf aus Hamburg"), "{}", article.text);
    assert!(article.text.contains("gedrückter Wahltaste"), "{}", article.text);
}

#[test]
fn long_teaser_list_after_short_text_removed() {
    let paragraph =
        "Viele Studierende suchen zum Semesterstart noch immer ein Zimmer, die Wartelisten der Wohnheime sind lang. ";
    let teasers: String = (1..=12)
        .map(|number| {
            format!("<li><a href=\"/artikel/{number}\">Weiterer Bericht aus der Region, Folge {number}</a></li>")
        })
        .collect();
    let html = format!(
        "<html><body><article><h1>Zimmer gesucht</h1><p>{}</p><p>{}</p>\
         <h3>Weitere Artikel</h3><ul>{teasers}</ul></article></body></html>",
        paragraph.repeat(3),
        paragraph.repeat(2),
    );
    let article = forced(&html).expect("page extracts");
    assert!(!article.text.contains("Weitere Artikel"), "{}", article.text);
    assert!(!article.text.contains("Folge 7"), "{}", article.text);
    assert!(article.text.contains("Wartelisten der Wohnheime"), "{}", article.text);
}

#[test]
fn closing_author_note_removed() {
    let paragraph =
        "Der St. Magdalener ist ein leichter Rotwein aus Südtirol, der jung getrunken wird und gut zu Speck passt. ";
    let html = format!(
        "<html><body><article><h1>St. Magdalener</h1><p>{}</p><p>{}</p>\
         <div>Über den Autor</div><p>Max Muster schreibt seit zwanzig Jahren über Wein.</p>\
         </article></body></html>",
        paragraph.repeat(4),
        paragraph.repeat(3),
    );
    let article = forced(&html).expect("page extracts");
    assert!(!article.text.contains("Über den Autor"), "{}", article.text);
    assert!(!article.text.contains("Max Muster"), "{}", article.text);
    assert!(article.text.contains("gut zu Speck"), "{}", article.text);
}

#[test]
fn closing_contact_block_removed() {
    let paragraph = "Das Rechenzentrum hat das Klimamodell auf die neuen Grafikprozessoren übertragen, die Läufe sind nun schneller. ";
    let html = format!(
        "<html><body><article><h1>Schnellere Klimamodelle</h1><p>{}</p><p>{}</p>\
         <p><a href=\"/a\">Related: Wie Klimamodelle rechnen</a></p><p>{}</p>\
         <p>Kontakt:</p><p>Dr. Erika Muster, Deutsches Rechenzentrum, Bundesstraße 45a, 20146 Hamburg, \
         Telefon +49 40 123456, E-Mail: erika.muster@example.org. Dr. Max Beispiel, Pressestelle, \
         Telefon +49 40 654321, E-Mail: max.beispiel@example.org, montags bis freitags von 9 bis 16 Uhr.</p>\
         </article></body></html>",
        paragraph.repeat(5),
        paragraph.repeat(4),
        paragraph.repeat(3),
    );
    let article = forced(&html).expect("page extracts");
    assert!(!article.text.contains("Kontakt:"), "{}", article.text);
    assert!(!article.text.contains("Erika Muster"), "{}", article.text);
    assert!(
        article.text.contains("Related: Wie Klimamodelle rechnen"),
        "a teaser link inside the text stays: {}",
        article.text
    );
}

#[test]
fn date_line_between_paragraphs_removed() {
    let paragraph =
        "Der Biologe sieht die Ursachen der Umweltzerstörung vor allem in der Wirtschaft und der Verwaltung. ";
    let html = format!(
        "<html><body><article><h1>Umweltzerstörung</h1><p>{}</p><p>{}</p>\
         <p>Die Studie erschien am <time datetime=\"2020-04-03\">3. April 2020</time> in Bern.</p>\
         <time datetime=\"2020-04-03T10:35\">Publiziert: 03.04.2020, 12:35</time>\
         </article></body></html>",
        paragraph.repeat(4),
        paragraph.repeat(3),
    );
    let article = forced(&html).expect("page extracts");
    assert!(!article.text.contains("Publiziert"), "{}", article.text);
    assert!(
        article.text.contains("Die Studie erschien am 3. April 2020 in Bern."),
        "a date in a sentence stays: {}",
        article.text
    );
}

#[test]
fn closing_information_links_removed() {
    let paragraph =
        "Die Forscher haben das Foto der Erde aus dem All mit einem hochaufgelösten Klimamodell nachgestellt. ";
    let html = format!(
        "<html><body><article><h1>Die Erde im Modell</h1><p>{}</p><p>{}</p>\
         <h3>Weitere Informationen:</h3><ul><li><a href=\"/a\">Artikel über das Foto</a></li>\
         <li><a href=\"/b\">Nobelpreis für Physik 2021</a></li></ul>\
         </article></body></html>",
        paragraph.repeat(4),
        paragraph.repeat(3),
    );
    let article = forced(&html).expect("page extracts");
    assert!(!article.text.contains("Weitere Informationen"), "{}", article.text);
    assert!(!article.text.contains("Nobelpreis"), "{}", article.text);
    assert!(article.text.contains("hochaufgelösten Klimamodell"), "{}", article.text);
}

#[test]
fn markdown_keeps_structure() {
    let article = extract_fixture("structure-article.html");
    let markdown = &article.markdown;
    assert!(markdown.contains("## Install the crates"), "{markdown}");
    assert!(markdown.contains("[serde](https://news.example/docs/serde)"), "{markdown}");
    assert!(markdown.contains("`serde_json`"), "{markdown}");
    assert!(
        markdown.contains("```toml\n[dependencies]\nserde = { version = \"1\", features = [\"derive\"] }"),
        "{markdown}"
    );
    assert!(markdown.contains("- Typed structs from *any* JSON text"), "{markdown}");
    assert!(markdown.contains("3. Third step\n4. Fourth step"), "{markdown}");
    assert!(markdown.contains("> Parse, don't validate."), "{markdown}");
    assert!(markdown.contains("| Type | JSON |\n| --- | --- |\n| String | string |"), "{markdown}");
    assert!(markdown.contains("![Data flow](https://news.example/img/diagram.png)"), "{markdown}");
    assert!(markdown.contains("How a document becomes a struct."), "{markdown}");
    assert!(!markdown.contains("# Parsing JSON in Rust"), "duplicated headline: {markdown}");
}

#[test]
fn plain_text_has_no_markup() {
    let article = extract_fixture("structure-article.html");
    for markup in ["##", "](", "```", "**", "| ---"] {
        assert!(!article.text.contains(markup), "{markup:?} in {}", article.text);
    }
    assert!(article.text.contains("Typed structs from any JSON text"), "{}", article.text);
    assert_eq!(article.canonical_url.as_deref(), Some("https://news.example/guides/json"));
}

#[test]
fn metadata_prefers_json_ld() {
    let article = extract_fixture("metadata-sources.html");
    assert_eq!(article.title, "Chuva forte atinge a capital");
    assert_eq!(article.byline.as_deref(), Some("Ana Souza, Rui Lima"));
    assert_eq!(article.site_name.as_deref(), Some("Jornal Exemplo"));
    assert_eq!(article.published_time.as_deref(), Some("2024-05-10T08:00:00-03:00"));
    assert_eq!(article.excerpt.as_deref(), Some("Temporal derruba árvores e alaga ruas."));
    assert_eq!(article.lang.as_deref(), Some("pt-BR"));
    assert_eq!(article.canonical_url.as_deref(), Some("https://jornal.example/noticias/chuva"));
    assert_eq!(article.lead_image.as_deref(), Some("https://news.example/fotos/chuva.jpg"));
}

#[test]
fn title_site_suffix_removed() {
    let html = "<html><head><title>Storm closes the bridge again | Coast Daily</title>\
        <meta property=\"og:site_name\" content=\"Coast Daily\"></head><body><p>x</p></body></html>";
    let article = forced(html).expect("page extracts");
    assert_eq!(article.title, "Storm closes the bridge again");
}

#[test]
fn declared_title_keeps_site_name() {
    let html = "<html><head><title>How to Build a Terrarium | eHow</title>\
        <meta property=\"og:title\" content=\"How to Build a Terrarium | eHow\">\
        <meta property=\"og:site_name\" content=\"eHow\"></head><body><p>x</p></body></html>";
    let article = forced(html).expect("page extracts");
    assert_eq!(article.title, "How to Build a Terrarium | eHow");
}

#[test]
fn rtl_text_survives_with_direction() {
    let article = extract_fixture("rtl-article.html");
    assert!(article.text.contains("افتتحت البلدية يوم السبت مكتبة عامة جديدة"), "{}", article.text);
    assert_eq!(article.dir.as_deref(), Some("rtl"));
    assert_eq!(article.lang.as_deref(), Some("ar"));
}

#[test]
fn cjk_text_survives_and_counts() {
    let article = extract_fixture("cjk-article.html");
    assert!(article.text.contains("市中心的新图书馆于周六正式向公众开放"), "{}", article.text);
    assert!(article.word_count > 150, "each CJK character counts: {}", article.word_count);
}

#[test]
fn ruby_readings_dropped() {
    let article = extract_fixture("ruby-readings.html");
    assert!(article.markdown.contains("子どもへの虐待をなくすための法律ができて、"), "{}", article.markdown);
    assert!(!article.markdown.contains("ぎゃくたい"), "{}", article.markdown);
    assert!(!article.markdown.contains('('), "{}", article.markdown);
}

#[test]
fn selection_becomes_body() {
    let page = Page {
        html: fixture("metadata-sources.html"),
        url: URL.to_string(),
        selection_html: Some("<p>Only <b>this</b> sentence was selected.</p><ul><li>and this item</li></ul>".into()),
        force: false,
    };
    let article = extract::extract_page(&page).expect("selection extracts");
    assert!(article.from_selection);
    assert_eq!(article.markdown, "Only **this** sentence was selected.\n\n- and this item");
    assert_eq!(article.text, "Only this sentence was selected.\nand this item");
    assert_eq!(article.title, "Chuva forte atinge a capital", "metadata comes from the page");
}

#[test]
fn blank_selection_uses_page() {
    let page = Page {
        html: fixture("metadata-sources.html"),
        url: URL.to_string(),
        selection_html: Some("  <span> </span> ".into()),
        force: false,
    };
    let article = extract::extract_page(&page).expect("page extracts");
    assert!(!article.from_selection);
    assert!(article.text.contains("Uma chuva forte atingiu a capital"));
}

#[test]
fn hidden_marked_elements_dropped() {
    let html = format!(
        "<html><body><article><p>{}</p><p {}>This paragraph was hidden on the live page and must not appear.</p></article></body></html>",
        "Visible text of the article that the reader saw on the page, long enough to count as a paragraph. ".repeat(8),
        extract::HIDDEN_ATTRIBUTE,
    );
    let article = forced(&html).expect("page extracts");
    assert!(!article.text.contains("hidden on the live page"), "{}", article.text);
}

#[test]
fn login_wall_not_an_article() {
    let error = extract::extract(&fixture("login-wall.html"), URL).expect_err("login wall refused");
    assert_eq!(error, ExtractError::NotAnArticle { url: URL.into(), reason: NotArticleReason::LoginForm });
    assert_eq!(error.code(), "extract_not_an_article");
    assert_eq!(error.args(), vec![URL.to_string(), "login_form".to_string()]);
}

#[test]
fn app_shell_not_an_article() {
    let error = extract::extract(&fixture("app-shell.html"), URL).expect_err("app shell refused");
    assert!(
        matches!(
            error,
            ExtractError::NotAnArticle { reason: NotArticleReason::AppShell, .. } | ExtractError::NoText { .. }
        ),
        "{error:?}"
    );
}

#[test]
fn front_page_not_an_article() {
    let error = extract::extract(&fixture("front-page.html"), URL).expect_err("front page refused");
    assert!(
        matches!(
            error,
            ExtractError::NotAnArticle { reason: NotArticleReason::LinkListing | NotArticleReason::TooLittleText, .. }
        ),
        "{error:?}"
    );
}

#[test]
fn forced_run_extracts_anyway() {
    let article = forced(&fixture("front-page.html")).expect("forced run extracts");
    assert!(article.text.contains("Headline number"), "{}", article.text);
}

#[test]
fn error_messages_name_value_and_fix() {
    let errors = [
        ExtractError::NoText { url: URL.into() },
        ExtractError::NotAnArticle { url: URL.into(), reason: NotArticleReason::TooLittleText },
    ];
    for error in errors {
        let report = error.report();
        assert!(report.message.contains(URL), "{}", report.message);
        assert!(!report.hint.is_empty());
        assert_eq!(report.args[0], URL);
    }
}

#[test]
fn deep_nesting_does_not_panic() {
    let depth = 10_000;
    let html = format!("<html><body>{}<p>deep text</p>{}</body></html>", "<div>".repeat(depth), "</div>".repeat(depth));
    let article = forced(&html).expect("deep page extracts");
    assert!(article.text.contains("deep text"));
}

#[test]
fn deep_inline_nesting_does_not_panic() {
    let depth = 10_000;
    let html = format!("<body><p>{}inner{}</p></body>", "<b><i><span>".repeat(depth), "</span></i></b>".repeat(depth));
    let result = forced(&html);
    assert!(result.is_ok() || matches!(result, Err(ExtractError::NoText { .. })));
}

#[test]
fn odd_documents_do_not_panic() {
    let documents = [
        String::new(),
        "no markup at all, just a line of text".to_string(),
        "<html><head><title>Only a head</title></head></html>".to_string(),
        "<frameset><frame src=\"a.html\"><frame src=\"b.html\"></frameset>".to_string(),
        "<template><p>inert template text</p></template><p>real text</p>".to_string(),
        "<svg><p>foreign</p></svg><math><mi>x</mi></math>".to_string(),
        "<table><tr><td><table><tr><td>nested</td></tr></table></td></tr></table>".to_string(),
        "<p>unterminated <!-- comment".to_string(),
        "<script>never closed <p>".to_string(),
        String::from_utf8_lossy(&(0u8..=255).cycle().take(100_000).collect::<Vec<u8>>()).into_owned(),
        "\u{0}\u{FEFF}<p>\u{0}nul and bom</p>".to_string(),
    ];
    for html in documents {
        let _ = forced(&html);
        let _ = extract::extract(&html, "not a url");
    }
}

#[test]
fn template_content_stays_inert() {
    let html = format!(
        "<body><template><p>inert template text</p></template><article><p>{}</p></article></body>",
        "Real article text that a reader sees on the page and that must be extracted. ".repeat(6)
    );
    let article = forced(&html).expect("page extracts");
    assert!(!article.text.contains("inert template text"));
}

#[test]
fn large_page_extracts() {
    let paragraph = "<p>The council met again to discuss the budget, and members agreed to fund the new library.</p>";
    let target = 20 * 1024 * 1024;
    let mut html = String::with_capacity(target + 1024);
    html.push_str("<html><body><article>");
    while html.len() < target {
        html.push_str(paragraph);
    }
    html.push_str("</article></body></html>");
    let article = forced(&html).expect("large page extracts");
    assert!(article.word_count > 1_000_000, "{}", article.word_count);
}

/// Pseudo-random bytes, the same on every run: what a server sends when it
/// labels an image or an archive as text/html.
fn binary_junk(length: usize) -> Vec<u8> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..length)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 32) as u8
        })
        .collect()
}

#[test]
fn binary_junk_not_an_article() {
    let bytes = binary_junk(300_000);
    let as_windows_1252: String = extract::decode::decode_html(&bytes);
    let as_utf8 = String::from_utf8_lossy(&bytes).into_owned();

    for (decoding, html) in [("windows-1252", as_windows_1252), ("UTF-8", as_utf8)] {
        let error = extract::extract(&html, URL).expect_err("binary junk refused");
        assert!(
            matches!(
                error,
                ExtractError::NotAnArticle { reason: NotArticleReason::NotText, .. } | ExtractError::NoText { .. }
            ),
            "{decoding}: {error:?}"
        );
    }
}

#[test]
fn binary_junk_forced_extracts() {
    let html = String::from_utf8_lossy(&binary_junk(20_000)).into_owned();
    let result = forced(&html);
    assert!(result.is_ok() || matches!(result, Err(ExtractError::NoText { .. })), "{result:?}");
}
