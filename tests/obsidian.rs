//! The content folder as an Obsidian vault: the wikilinks Obsidian writes resolve in a build
//! (by file name, with a shown text, to a heading by its anchor or, as Obsidian writes it, by
//! its text), and Obsidian's own settings folder (`content/.obsidian/`) is left out.

mod common;

use common::*;
use scraper::{Html, Selector};

const NY: &str = "content/begreber/ny.md";

#[test]
fn obsidian_wikilinks_resolve_and_its_settings_folder_is_left_out() {
    let site = TempDir::new("obsidian");
    copy_dir(&fixture("errors/bom-crlf-valid"), &site);
    write(
        &site.join(NY),
        "---\ntitle: Ny\nsummary: s\n---\n[[tillid]], [[tillid|at stole på]], [[tillid#tegn-paa-tillid]], \
         [[tillid#Tegn på tillid]] og [[tillid#Tegn på tillid|tegnene]].\n",
    );
    write(&site.join("content/.obsidian/app.json"), "{}");
    write(&site.join("content/.obsidian/workspace.json"), "{}");
    let (code, diags) = check_json(&site, &[]);
    assert_eq!((code, diags), (0, vec![]));
    let out = build_in_temp(&site, &[]);
    let page = Html::parse_document(&read(&out.join("begreber/ny.html")));
    let links: Vec<(String, String)> = page
        .select(&Selector::parse("div.body a").unwrap())
        .map(|a| (a.value().attr("href").unwrap().to_string(), a.text().collect()))
        .collect();
    let to = |href: &str, text: &str| (href.to_string(), text.to_string());
    assert_eq!(
        links,
        [
            to("../begreber/tillid.html", "Tillid"),
            to("../begreber/tillid.html", "at stole på"),
            to("../begreber/tillid.html#tegn-paa-tillid", "Tillid › Tegn på tillid"),
            to("../begreber/tillid.html#tegn-paa-tillid", "Tillid › Tegn på tillid"),
            to("../begreber/tillid.html#tegn-paa-tillid", "tegnene"),
        ]
    );
    assert!(!out.join(".obsidian").exists(), "Obsidian's settings are not published");
}

#[test]
fn a_heading_that_is_there_neither_by_anchor_nor_by_text_is_still_an_error() {
    let site = TempDir::new("obsidian-missing");
    copy_dir(&fixture("errors/bom-crlf-valid"), &site);
    write(
        &site.join(NY),
        "---\ntitle: Ny\nsummary: s\n---\nSe [[tillid#Tegn på mistillid]].\n",
    );
    let (code, diags) = check_json(&site, &[]);
    assert_eq!(code, 1);
    let errors: Vec<&Diag> = diags.iter().filter(|d| d.severity == "error").collect();
    assert_eq!(errors.len(), 1, "{diags:#?}");
    assert_eq!((errors[0].line, errors[0].column), (5, 4));
    assert!(
        errors[0].message.contains("points to heading `#Tegn på mistillid`"),
        "{}",
        errors[0].message
    );
}
