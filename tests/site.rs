//! The built site: pages, links both ways, ordering, URLs, determinism and overrides.

mod common;

use std::path::Path;

use common::*;
use scraper::{Html, Selector};

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn page(out: &Path, rel: &str) -> Html {
    Html::parse_document(&read(&out.join(rel)))
}

fn texts(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

fn built_fixture() -> Built {
    build_in_temp(&fixture("site"), &[])
}

/// The section of a card page whose heading is `heading`, as (h3 label, link texts) pairs.
fn relation_groups(doc: &Html) -> Vec<(String, Vec<String>)> {
    let mut groups = Vec::new();
    let Some(section) = doc.select(&sel("section.relations")).next() else {
        return groups;
    };
    for group in section.select(&sel("details.group")) {
        let label = group
            .select(&sel("summary h3"))
            .next()
            .unwrap()
            .text()
            .collect::<String>();
        let list = group.select(&sel("ul.card-list")).next().unwrap();
        let items = list
            .select(&sel("li > a"))
            .map(|a| a.text().collect::<String>())
            .collect();
        groups.push((label, items));
    }
    groups
}

#[test]
fn pages_are_written_where_the_urls_say() {
    let out = built_fixture();
    for p in [
        "index.html",
        "404.html",
        "begreber/index.html",
        "begreber/tillid.html",
        "cases/faelles-moeder.html",
        "forloeb/introduktion.html",
        "tags/index.html",
        "tags/relationer.html",
        "tags/foerste-trin.html",
        "static/style.css",
        "graph.json",
        "sitemap.xml",
    ] {
        assert!(out.join(p).is_file(), "missing {p}");
    }
}

#[test]
fn relation_is_shown_under_label_on_source_and_inverse_label_on_target() {
    let out = built_fixture();
    let case = page(&out, "cases/faelles-moeder.html");
    assert_eq!(
        relation_groups(&case),
        vec![(
            "Illustrerer".to_string(),
            vec!["Kendskab".to_string(), "Tillid".to_string()]
        )]
    );
    let target = page(&out, "begreber/tillid.html");
    assert_eq!(
        relation_groups(&target),
        vec![("Illustreres af".to_string(), vec!["Fælles morgenmøder".to_string()])]
    );
}

#[test]
fn symmetric_relation_is_one_list_on_both_cards() {
    let out = built_fixture();
    let zone = relation_groups(&page(&out, "begreber/zone.html"));
    let aeble = relation_groups(&page(&out, "begreber/aeble.html"));
    assert_eq!(zone, vec![("Beslægtet med".to_string(), vec!["Æble".to_string()])]);
    assert_eq!(aeble, vec![("Beslægtet med".to_string(), vec!["Zone".to_string()])]);
}

#[test]
fn wikilinks_give_backlinks_named_naevnt_i() {
    let out = built_fixture();
    let doc = page(&out, "begreber/tillid.html");
    assert_eq!(texts(&doc, "section.backlinks h2"), ["Nævnt i"]);
    assert_eq!(texts(&doc, "section.backlinks li > a"), ["Kendskab", "Respekt"]);
}

#[test]
fn a_backlink_quotes_the_sentence_that_mentions_the_card() {
    let out = built_fixture();
    let doc = page(&out, "begreber/tillid.html");
    assert_eq!(
        texts(&doc, "section.backlinks li .context"),
        ["Se Tillid og Respekt.", "Mellem Kendskab og Tillid."]
    );
}

#[test]
fn wikilink_text_defaults_to_title_and_heading_links_keep_the_fragment() {
    let out = built_fixture();
    let doc = page(&out, "begreber/kendskab.html");
    let links: Vec<(String, String)> = doc
        .select(&sel("div.body a"))
        .map(|a| (a.value().attr("href").unwrap().to_string(), a.text().collect()))
        .collect();
    assert_eq!(
        links,
        vec![
            (
                "../begreber/tillid.html#tegn-paa-tillid".to_string(),
                "Tillid › Tegn på tillid".to_string()
            ),
            ("../begreber/respekt.html".to_string(), "Respekt".to_string()),
        ]
    );
    let tillid = page(&out, "begreber/tillid.html");
    let ids: Vec<&str> = tillid
        .select(&sel("div.body h2"))
        .map(|h| h.value().attr("id").unwrap())
        .collect();
    assert_eq!(ids, ["tegn-paa-tillid", "tegn-paa-tillid-1"]);
    let piped = texts(&tillid, "div.body a");
    assert_eq!(piped, ["Kendskab", "gensidig respekt"]);
}

#[test]
fn kind_index_is_in_danish_alphabetical_order() {
    let out = built_fixture();
    let doc = page(&out, "begreber/index.html");
    assert_eq!(
        texts(&doc, "ul.card-list li > a"),
        ["Kendskab", "Respekt", "Tillid", "Zone", "Æble", "Øre", "Åben"]
    );
}

#[test]
fn order_puts_cards_first_in_the_lists_of_their_kind() {
    let root = TempDir::new("order");
    copy_dir(&fixture("site"), &root);
    let card = root.join("content/begreber/aaben.md");
    std::fs::write(&card, read(&card).replace("title: Åben\n", "title: Åben\norder: 2\n")).unwrap();
    let card = root.join("content/begreber/zone.md");
    std::fs::write(&card, read(&card).replace("title: Zone\n", "title: Zone\norder: 1\n")).unwrap();
    let out = root.join("public");
    build(&root, &out, &[]);
    let doc = page(&out, "begreber/index.html");
    assert_eq!(
        texts(&doc, "ul.card-list li > a"),
        ["Zone", "Åben", "Kendskab", "Respekt", "Tillid", "Æble", "Øre"]
    );
    std::fs::write(&card, read(&card).replace("order: 1", "order: først")).unwrap();
    assert_eq!(
        check_json(&root, &[]),
        (
            1,
            vec![error(
                "content/begreber/zone.md",
                3,
                8,
                "field `order` must be a whole number",
                Some("for example `order: 1`"),
            )]
        )
    );
}

#[test]
fn card_page_shows_fields_terms_source_questions_and_flashcards() {
    let out = built_fixture();
    let doc = page(&out, "cases/faelles-moeder.html");
    assert_eq!(texts(&doc, "dl.fields dt"), ["Aar", "Resultater"]);
    assert_eq!(
        texts(&doc, "dl.fields dd li"),
        ["Færre telefonopkald", "Kortere ventetid, også om natten"]
    );
    assert_eq!(texts(&doc, "dl.fields dd")[0], "2023");
    assert_eq!(texts(&doc, "section.source p"), ["Et testdokument, Kapitel 2"]);
    assert_eq!(texts(&doc, "section.questions li"), ["Hvem mødes I med hver dag?"]);
    assert_eq!(texts(&doc, "details.flashcard > p"), ["Hver morgen."]);
    assert_eq!(texts(&doc, "section.terms dt"), ["Emner", "Sektorer"]);
    assert_eq!(
        texts(&doc, "section.terms dd a"),
        ["relationer", "Almen praksis", "kommune"]
    );
    let code = doc.select(&sel("pre.code code.language-rust span")).count();
    assert!(code > 0, "code block is not highlighted");
    let tillid = page(&out, "begreber/tillid.html");
    assert_eq!(texts(&tillid, "dl.fields dt"), ["Niveau"]);
    assert_eq!(
        texts(&tillid, "dl.fields dd"),
        ["Høj"],
        "enum values are shown by their label"
    );
    let term = page(&out, "sektorer/almen-praksis.html");
    assert_eq!(texts(&term, "h1"), ["Sektor: Almen praksis"]);
    let kendskab = page(&out, "begreber/kendskab.html");
    assert_eq!(
        texts(&kendskab, "dl.fields dd a"),
        ["Tillid"],
        "reference fields become links"
    );
}

#[test]
fn course_path_lists_steps_and_each_step_links_prev_and_next() {
    let out = built_fixture();
    let path = page(&out, "forloeb/introduktion.html");
    assert_eq!(texts(&path, "section.steps li > a"), ["Kendskab", "Respekt", "Tillid"]);
    let step = page(&out, "begreber/respekt.html");
    let nav = step.select(&sel("nav.path-nav")).next().unwrap();
    assert_eq!(
        nav.value().attr("data-step"),
        Some("respekt"),
        "progress is kept by the step's slug"
    );
    let prev = nav.select(&sel("a[rel=prev]")).next().unwrap().value().attr("href");
    let next = nav.select(&sel("a[rel=next]")).next().unwrap().value().attr("href");
    assert_eq!(
        (prev, next),
        (Some("../begreber/kendskab.html"), Some("../begreber/tillid.html"))
    );
}

#[test]
fn printable_decks_for_each_kind_and_each_course_path() {
    let out = built_fixture();
    let path = page(&out, "forloeb/introduktion.print.html");
    assert_eq!(texts(&path, "h1"), ["Kortsæt: Introduktion"]);
    assert_eq!(
        texts(&path, "article.print-card:not(.flashcard-print) h2"),
        ["Kendskab", "Respekt", "Tillid"]
    );
    let kind = page(&out, "cases/index.print.html");
    assert_eq!(texts(&kind, "article.print-card h2"), ["Fælles morgenmøder"]);
    assert_eq!(texts(&kind, "article.print-card ol li"), ["Hvem mødes I med hver dag?"]);
    assert_eq!(
        texts(&kind, "article.print-card .print-source"),
        ["Kilde: Et testdokument, Kapitel 2"]
    );
    assert_eq!(
        texts(&kind, "article.flashcard-print .front"),
        ["Hvornår holdtes møderne?"]
    );
    assert_eq!(texts(&kind, "article.flashcard-print .back"), ["Svar: Hver morgen."]);
    let index = page(&out, "cases/index.html");
    assert_eq!(
        index
            .select(&sel("p.deck-link a[href$='.print.html']"))
            .next()
            .unwrap()
            .value()
            .attr("href"),
        Some("../cases/index.print.html")
    );
}

#[test]
fn search_index_lists_every_card_and_weights_titles_above_bodies() {
    let out = built_fixture();
    // One file per card, by card number: begreber first (aaben, aeble, kendskab, oere,
    // respekt, tillid, zone), then cases, then forloeb.
    let doc = read(&out.join("search/doc/0.js"));
    assert!(
        doc.starts_with("samkortSearch.doc(0,[\"begreber/aaben.html\",\"Åben\",\"Sorteres sidst.\","),
        "{doc}"
    );
    let terms = read(&out.join("search/terms.js"));
    let (head, list) = terms.split_once("\"terms\":[").unwrap();
    assert!(head.contains("\"og\""), "the stop words are passed to the browser");
    assert!(head.contains("\"kinds\":[[0,\"Begreb\"]"), "{head}");
    let term = |w: &str| samkort::search::Terms::new(samkort::config::Language::Da).term(w);
    assert_eq!(term("morgenmøder"), "morgenmoed");
    assert!(list.contains("\"tillid\"") && list.contains("\"morgenmoed\""), "{list}");
    assert!(!list.contains("\"og\""), "stop words are not indexed");
    // The card titled Tillid (number 5) has the word in its title, which is one word long, and
    // weighs most.
    let shard = read(&out.join("search/ti.js"));
    let entry = shard.split("\"tillid\":[\"").nth(1).unwrap();
    let (postings, titles) = entry.split_once("\",[").unwrap();
    assert!(titles.starts_with("5,1]"), "{titles}");
    let decoded = decode(postings);
    let best = decoded.chunks(2).max_by_key(|p| p[1]).unwrap();
    assert_eq!(
        best[0], 5,
        "the card titled Tillid ranks first for `tillid`: {decoded:?}"
    );
    let facets = read(&out.join("search/terms-of-cards.js"));
    assert!(facets.starts_with("samkortSearch.facets([[\""), "{facets}");
    assert!(out.join("search.html").is_file());
    assert!(read(&out.join("search.html")).contains("<script src=\"static/search.js\" defer></script>"));
}

/// The postings of the search index: base-32 numbers, card number (from the one before) and
/// weight in turn (src/search.rs, `encode`).
fn decode(s: &str) -> Vec<u32> {
    const LAST: &str = "0123456789abcdefghijklmnopqrstuv";
    const MORE: &str = "wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
    let (mut out, mut n, mut shift, mut card) = (Vec::new(), 0u32, 0, 0u32);
    for c in s.chars() {
        if let Some(d) = MORE.find(c) {
            n |= (d as u32) << shift;
            shift += 5;
            continue;
        }
        n |= (LAST.find(c).unwrap() as u32) << shift;
        if out.len() % 2 == 0 {
            card += n;
            out.push(card);
        } else {
            out.push(n);
        }
        (n, shift) = (0, 0);
    }
    out
}

#[test]
fn every_internal_link_is_relative_and_resolves_to_a_file_and_anchor() {
    let out = built_fixture();
    check_links(&out);
}

#[test]
fn the_bundled_knowledge_base_builds_with_working_links() {
    let out = build_in_temp(&repo_root(), &[]);
    let pages = files(&out)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .count();
    assert!(pages > 183, "only {pages} pages");
    check_links(&out);
}

/// Every href/src in every page is relative, and its file (and #fragment) exists.
fn check_links(out: &Path) {
    let link_sel = sel("a[href], link[href], script[src]");
    let mut checked = 0;
    for rel in files(out) {
        if rel.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let doc = Html::parse_document(&read(&out.join(&rel)));
        let dir = rel.parent().unwrap_or(Path::new(""));
        for el in doc.select(&link_sel) {
            let url = el.value().attr("href").or_else(|| el.value().attr("src")).unwrap();
            if url.starts_with("http://") || url.starts_with("https://") || url.starts_with("mailto:") {
                continue;
            }
            if rel == Path::new("404.html") && url.starts_with('/') {
                // A server shows the 404 page at any URL: it links from the site's root on the
                // server (base_url), checked in not_found_page_links_from_the_server_root.
                continue;
            }
            assert!(!url.starts_with('/'), "{}: absolute internal link {url}", rel.display());
            let (path, frag) = url.split_once('#').unwrap_or((url, ""));
            let target = if path.is_empty() {
                rel.clone()
            } else {
                normalize(&dir.join(path))
            };
            assert!(out.join(&target).is_file(), "{}: broken link {url}", rel.display());
            if !frag.is_empty() {
                let tdoc = Html::parse_document(&read(&out.join(&target)));
                let found = tdoc.select(&sel(&format!("[id=\"{frag}\"]"))).next().is_some();
                assert!(found, "{}: link {url} points to a missing anchor", rel.display());
            }
            checked += 1;
        }
    }
    assert!(checked > 0);
}

fn normalize(p: &Path) -> std::path::PathBuf {
    let mut out = std::path::PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                assert!(out.pop(), "link leaves the site: {}", p.display());
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let a = build_in_temp(&repo_root(), &[]);
    let b = build_in_temp(&repo_root(), &[]);
    let (fa, fb) = (files(&a), files(&b));
    assert_eq!(fa, fb);
    for f in fa {
        assert!(
            std::fs::read(a.join(&f)).unwrap() == std::fs::read(b.join(&f)).unwrap(),
            "{} differs",
            f.display()
        );
    }
}

#[test]
fn sitemap_only_with_an_absolute_base_url() {
    let out = built_fixture();
    let sitemap = read(&out.join("sitemap.xml"));
    assert!(
        sitemap.contains("<loc>https://example.dk/laering/begreber/tillid.html</loc>"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("404.html"));
    let page = read(&out.join("begreber/tillid.html"));
    assert!(page.contains("<link rel=\"canonical\" href=\"https://example.dk/laering/begreber/tillid.html\">"));
    let sub = build_in_temp(&fixture("site"), &["--base-url", "/laering/ledelse/"]);
    assert!(!sub.join("sitemap.xml").exists());
    assert!(!read(&sub.join("begreber/tillid.html")).contains("rel=\"canonical\""));
}

#[test]
fn build_refuses_an_output_folder_that_would_replace_the_site() {
    let root = TempDir::new("unsafe");
    copy_dir(&fixture("site"), &root);
    for out in [root.to_str().unwrap(), root.join("content").to_str().unwrap(), "/"] {
        let o = samkort(["build", "--root", root.to_str().unwrap(), "--output", out]);
        assert_eq!(o.code, 2, "output {out} was not refused");
        assert!(o.stderr.contains("refusing to write the site"));
    }
    assert!(
        root.join("content/begreber/tillid.md").is_file(),
        "the content is still there"
    );
}

#[test]
fn site_templates_override_the_theme() {
    let root = TempDir::new("override");
    copy_dir(&fixture("site"), &root);
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(
        root.join("templates/kind.html"),
        "<p class=\"mine\">{{ kind.plural }}: {{ cards | length }}</p>",
    )
    .unwrap();
    let out = root.join("public");
    build(&root, &out, &[]);
    assert_eq!(
        read(&out.join("begreber/index.html")),
        "<p class=\"mine\">Begreber: 7</p>"
    );
    assert!(
        read(&out.join("begreber/tillid.html")).contains("<article"),
        "other templates still come from the theme"
    );
}

#[test]
fn headings_keep_clear_of_the_ids_the_templates_use_and_links_follow_the_numbered_ids() {
    let root = TempDir::new("reserved-ids");
    copy_dir(&fixture("site"), &root);
    // The theme's base.html has <main id="indhold">; the site's own 404.html adds another id.
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(
        root.join("templates/404.html"),
        "{% extends \"base.html\" %}{% block main %}<h1 id=\"tegn-paa-tillid\">Væk</h1>{% endblock main %}",
    )
    .unwrap();
    let respekt = root.join("content/begreber/respekt.md");
    let text = read(&respekt) + "\n## Indhold\n\nSe [[tillid#tegn-paa-tillid-2]].\n";
    std::fs::write(&respekt, text).unwrap();

    // kendskab.md still links to `#tegn-paa-tillid`, which tillid.md no longer has.
    assert_eq!(
        check_json(&root, &[]),
        (
            1,
            vec![error(
                "content/begreber/kendskab.md",
                7,
                4,
                "link `[[tillid#tegn-paa-tillid]]` points to heading `#tegn-paa-tillid`, which `tillid` does not have",
                Some("did you mean `tegn-paa-tillid-1`?"),
            )]
        )
    );

    let kendskab = root.join("content/begreber/kendskab.md");
    std::fs::write(
        &kendskab,
        read(&kendskab).replace("#tegn-paa-tillid]]", "#tegn-paa-tillid-1]]"),
    )
    .unwrap();
    let out = root.join("public");
    build(&root, &out, &[]);
    let ids = |rel: &str| -> Vec<String> {
        page(&out, rel)
            .select(&sel("div.body [id]"))
            .map(|e| e.value().id().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids("begreber/tillid.html"), ["tegn-paa-tillid-1", "tegn-paa-tillid-2"]);
    assert_eq!(ids("begreber/respekt.html"), ["indhold-1"]);
    let respekt = page(&out, "begreber/respekt.html");
    assert_eq!(
        respekt
            .select(&sel("div.body a"))
            .filter_map(|a| a.value().attr("href"))
            .collect::<Vec<_>>(),
        [
            "../begreber/kendskab.html",
            "../begreber/tillid.html",
            "../begreber/tillid.html#tegn-paa-tillid-2"
        ]
    );
    assert_eq!(
        respekt.select(&sel("[id=\"indhold\"]")).count(),
        1,
        "only <main> has the id `indhold`"
    );
}

#[test]
fn english_ui_strings_when_language_is_en() {
    let root = TempDir::new("english");
    copy_dir(&fixture("site"), &root);
    let cfg = read(&root.join("samkort.toml")).replace("language = \"da\"", "language = \"en\"");
    std::fs::write(root.join("samkort.toml"), cfg).unwrap();
    let out = root.join("public");
    build(&root, &out, &[]);
    let doc = page(&out, "begreber/tillid.html");
    assert_eq!(texts(&doc, "section.backlinks h2"), ["Mentioned in"]);
    assert_eq!(
        doc.select(&sel("html")).next().unwrap().value().attr("lang"),
        Some("en")
    );
}

#[test]
fn an_english_site_keeps_danish_stop_words_in_its_search() {
    let root = TempDir::new("english-search");
    copy_dir(&fixture("site"), &root);
    let cfg = read(&root.join("samkort.toml")).replace("language = \"da\"", "language = \"en\"");
    std::fs::write(root.join("samkort.toml"), cfg).unwrap();
    write(
        &root.join("content/begreber/over-under.md"),
        "---\ntitle: Over and under\nsummary: For man og kvinde.\n---\nThe leader goes over.\n",
    );
    let out = root.join("public");
    build(&root, &out, &[]);
    let terms = read(&out.join("search/terms.js"));
    let (head, list) = terms.split_once("\"terms\":[").unwrap();
    assert!(head.contains("\"lang\":\"en\"") && head.contains("\"the\""), "{head}");
    for w in ["for", "over", "under", "man"] {
        assert!(!head.contains(&format!("\"{w}\"")), "`{w}` is no stop word in English");
        // Terms are not stemmed on an English site.
        assert!(list.contains(&format!("\"{w}\"")), "`{w}` is indexed: {list}");
    }
    assert!(!list.contains("\"the\""));
}

#[test]
fn the_network_map_links_the_same_cards_as_the_lists_beside_it() {
    let out = built_fixture();
    let mut checked = 0;
    for rel in [
        "begreber/tillid.html",
        "begreber/kendskab.html",
        "cases/faelles-moeder.html",
    ] {
        let doc = page(&out, rel);
        let hrefs = |selector: &str| {
            let mut v: Vec<String> = doc
                .select(&sel(selector))
                .filter_map(|a| a.value().attr("href").map(str::to_string))
                .collect();
            v.sort();
            v.dedup();
            v
        };
        let map = hrefs("svg.map a");
        let lists = hrefs("section.relations li > a, section.backlinks li > a");
        assert!(!map.is_empty(), "{rel} has no map");
        assert_eq!(map, lists, "{rel}: the map and the lists show the same cards");
        let labels: Vec<String> = doc
            .select(&sel("svg.map a"))
            .filter_map(|a| a.value().attr("aria-label").map(str::to_string))
            .collect();
        assert!(
            labels.iter().all(|l| l.contains(" – ")),
            "{rel}: every node names its relation: {labels:?}"
        );
        checked += 1;
    }
    assert_eq!(checked, 3);
}
