//! Printable decks as cards to cut: sheets of A6 or A7 cards, fronts then mirrored backs, text
//! that does not fit shortened with where to read on (and a warning from `check`), source
//! locators without line numbers, QR codes when the site has a full address.

mod common;

use common::*;
use scraper::{ElementRef, Html, Selector};

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn text(e: ElementRef) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The (label, title or text) of each place on each sheet: fronts and backs.
fn sheets(doc: &Html) -> Vec<(String, Vec<String>)> {
    doc.select(&sel("section.sheet"))
        .map(|s| {
            let places = s
                .select(&sel(":scope > .print-card"))
                .map(|c| {
                    if c.value().classes().any(|k| k == "empty") {
                        return "-".to_string();
                    }
                    c.select(&sel("h2, p.front, p.back, p.print-text, ol li"))
                        .next()
                        .map(text)
                        .unwrap_or_default()
                })
                .collect();
            (s.value().attr("aria-label").unwrap_or("").to_string(), places)
        })
        .collect()
}

#[test]
fn a_deck_is_sheets_of_fronts_then_backs_mirrored_row_by_row() {
    let built = build_in_temp(&fixture("site"), &[]);
    let doc = Html::parse_document(&read(&built.join("forloeb/introduktion.print.html")));
    let got = sheets(&doc);
    // Three cards (Kendskab, Respekt, Tillid), no flashcards: one A6 sheet of four places.
    assert_eq!(got.len(), 2, "{got:#?}");
    assert_eq!(got[0].0, "Ark 1, forsider");
    assert_eq!(got[0].1, ["Kendskab", "Respekt", "Tillid", "-"]);
    assert_eq!(got[1].0, "Ark 1, bagsider");
    let backs: Vec<String> = doc
        .select(&sel("section.sheet:nth-of-type(2) > .print-card"))
        .map(|c| c.select(&sel(".print-label")).next().map(text).unwrap_or("-".into()))
        .collect();
    assert_eq!(
        backs,
        ["Respekt", "Kendskab", "-", "Tillid"],
        "each row read from the right"
    );
}

#[test]
fn a7_puts_eight_cards_on_a_sheet_and_flashcards_follow_the_cards() {
    let root = TempDir::new("a7");
    copy_dir(&fixture("site"), &root);
    write(
        &root.join("samkort.toml"),
        format!("card_size = \"a7\"\n{}", read(&root.join("samkort.toml"))),
    );
    let built = build_in_temp(&root, &[]);
    let doc = Html::parse_document(&read(&built.join("cases/index.print.html")));
    let got = sheets(&doc);
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].1.len(), 8);
    assert_eq!(&got[0].1[..3], ["Fælles morgenmøder", "Hvornår holdtes møderne?", "-"]);
    assert!(doc.select(&sel(".sheets.size-a7")).next().is_some());
}

#[test]
fn long_text_is_shortened_with_where_to_read_on_and_check_warns_at_its_line() {
    let root = TempDir::new("long");
    copy_dir(&fixture("site"), &root);
    let card = root.join("content/cases/faelles-moeder.md");
    let long = "Et meget langt svar om morgenmøderne. ".repeat(40);
    let edited = read(&card).replace("back: Hver morgen.", &format!("back: {long}"));
    write(&card, edited);
    let line = read(&card).lines().position(|l| l.contains("front: Hvornår")).unwrap() as u64 + 1;
    let (code, diags) = check_json(&root, &[]);
    assert_eq!(code, 0);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!((diags[0].severity, diags[0].line), ("warning", line));
    assert!(
        diags[0]
            .message
            .starts_with("the self-test card “Hvornår holdtes møderne?…” is too long for a printed A6 card"),
        "{}",
        diags[0].message
    );

    let built = build_in_temp(&root, &[]);
    let doc = Html::parse_document(&read(&built.join("cases/index.print.html")));
    let back = doc.select(&sel("article.back.flashcard-print")).next().unwrap();
    let answer = back.select(&sel("p.back")).next().map(text).unwrap();
    assert!(
        answer.ends_with("morgenmøderne. Et meget …") || answer.ends_with(" …"),
        "{answer}"
    );
    assert!(answer.chars().count() < 800, "{} characters", answer.chars().count());
    assert_eq!(
        back.select(&sel(".print-more")).next().map(text).as_deref(),
        Some("Fortsættes online: https://example.dk/laering/cases/faelles-moeder.html")
    );
}

#[test]
fn printed_sources_leave_out_line_numbers_and_qr_codes_need_a_full_address() {
    let root = TempDir::new("source");
    copy_dir(&fixture("site"), &root);
    let card = root.join("content/cases/faelles-moeder.md");
    write(
        &card,
        read(&card).replace("locator: \"Kapitel 2\"", "locator: \"Kapitel 2 (l. 10–40)\""),
    );
    let built = build_in_temp(&root, &[]);
    let doc = Html::parse_document(&read(&built.join("cases/index.print.html")));
    let sources: Vec<String> = doc.select(&sel(".print-source")).map(text).collect();
    assert_eq!(sources, ["Kilde: Et testdokument, Kapitel 2"]);
    assert_eq!(
        doc.select(&sel("article.back svg.qr")).count(),
        1,
        "a QR code to the card's page"
    );

    let relative = build_in_temp(&root, &["--base-url", "/laering/"]);
    let doc = Html::parse_document(&read(&relative.join("cases/index.print.html")));
    assert_eq!(
        doc.select(&sel("svg.qr")).count(),
        0,
        "no QR code without a full address"
    );
}
