//! Pictures of the relations: the site's and the kinds' maps and their text alternatives, a
//! scale's staircase, a course path's sequence, and the filters of a kind's list.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;
use scraper::{ElementRef, Html, Selector};

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn page(out: &Path, rel: &str) -> Html {
    Html::parse_document(&read(&out.join(rel)))
}

fn attr<'a>(e: ElementRef<'a>, name: &str) -> &'a str {
    e.value().attr(name).unwrap_or_default()
}

/// The links of the ring (their card pages, as the map page's links have them) and its lines
/// as (from, to) pairs of those links: a card's own lines are drawn inside its link, ending at
/// the position of another link's node.
fn ring_of(doc: &Html) -> (Vec<String>, BTreeSet<(String, String)>) {
    let nodes: Vec<ElementRef> = doc.select(&sel("svg.ring a")).collect();
    let hrefs: Vec<String> = nodes.iter().map(|a| attr(*a, "href").to_string()).collect();
    // Where each node is: its shape's centre, which is where lines end.
    let at: Vec<String> = nodes
        .iter()
        .map(|a| {
            let shape = a.select(&sel(".node")).next().expect("a node shape");
            match shape.value().name() {
                "circle" => format!("{} {}", attr(shape, "cx"), attr(shape, "cy")),
                _ => String::new(),
            }
        })
        .collect();
    let mut edges = BTreeSet::new();
    for (i, a) in nodes.iter().enumerate() {
        for path in a.select(&sel("path.edge")) {
            let d = attr(path, "d");
            let end = d.rsplit(' ').take(2).collect::<Vec<_>>();
            let end = format!("{} {}", end[1], end[0]);
            let to = at.iter().position(|p| *p == end).expect("a line ends at a node");
            edges.insert((hrefs[i].clone(), hrefs[to].clone()));
        }
    }
    (hrefs, edges)
}

/// The text alternative: every card of the table, and (card, related card) pairs.
fn table_of(doc: &Html) -> (Vec<String>, BTreeSet<(String, String)>) {
    let mut cards = Vec::new();
    let mut edges = BTreeSet::new();
    for row in doc.select(&sel("table.relations-table tbody tr")) {
        let from = row.select(&sel("th a")).next().expect("a card link");
        let from = attr(from, "href").to_string();
        for to in row.select(&sel("td a")) {
            edges.insert((from.clone(), attr(to, "href").to_string()));
        }
        cards.push(from);
    }
    (cards, edges)
}

/// A site whose cards all have circles (the fixture's first kind), for [`ring_of`].
fn one_kind_site(dir: &Path, n: usize) {
    write(
        &dir.join("samkort.toml"),
        "title = \"Kort\"\nlanguage = \"da\"\n\n[kinds.begreb]\nfolder = \"begreber\"\nsingular = \"Begreb\"\nplural = \"Begreber\"\n\n[relations.beslaegtet]\nfrom = [\"*\"]\nto = [\"*\"]\nlabel = \"Beslægtet med\"\ninverse = \"Beslægtet med\"\nsymmetric = true\n",
    );
    for i in 0..n {
        // Each card is related to the next two, and the last ones to the first.
        let next: Vec<String> = [1, 2].iter().map(|d| format!("k{}", (i + d) % n)).collect();
        write(
            &dir.join(format!("content/begreber/k{i}.md")),
            format!(
                "---\ntitle: Kort {i}\nrelations:\n  beslaegtet: [{}]\n---\nTekst.\n",
                next.join(", ")
            ),
        );
    }
}

#[test]
fn the_site_map_draws_every_card_and_relation_and_its_table_says_the_same() {
    let dir = TempDir::new("maps");
    one_kind_site(&dir, 12);
    let out = build_in_temp(&dir, &[]);
    let doc = page(&out, "map.html");
    let (nodes, lines) = ring_of(&doc);
    let (rows, related) = table_of(&doc);
    assert_eq!(nodes.len(), 12);
    assert_eq!(lines.len(), 24, "two relations per card");
    assert_eq!(nodes, rows, "the table lists the cards of the map, in its order");
    assert_eq!(lines, related, "the table lists the lines of the map");
    // Every node leads to its own card.
    for (i, href) in nodes.iter().enumerate() {
        assert!(out.join(href).exists(), "{href}");
        let card = page(&out, href);
        let title: String = card.select(&sel("h1")).next().unwrap().text().collect();
        let name = doc
            .select(&sel("svg.ring a"))
            .nth(i)
            .map(|a| attr(a, "aria-label"))
            .unwrap_or_default();
        assert!(name.starts_with(&title), "{name} leads to {title}");
    }
}

#[test]
fn the_maps_of_the_bundled_site_match_their_tables() {
    let out = build_in_temp(&repo_root(), &[]);
    for rel in ["map.html", "begreber/index.map.html", "cases/index.map.html"] {
        let doc = page(&out, rel);
        let nodes = doc.select(&sel("svg.ring a")).count();
        let lines = doc.select(&sel("svg.ring path.edge")).count();
        let (rows, related) = table_of(&doc);
        assert!(nodes > 10, "{rel}");
        assert_eq!(nodes, rows.len(), "{rel}: a row per card");
        // The table groups a card's relations by type; a card related twice to another (two
        // types) has two lines and two links.
        let links = doc.select(&sel("table.relations-table td a")).count();
        assert_eq!(lines, links, "{rel}: a link in the table per line");
        assert!(!related.is_empty());
    }
    // A kind's map holds its cards and the cards related to them.
    let doc = page(&out, "cases/index.map.html");
    let fve = "../cases/fve-bilen-kolding.html";
    let (rows, related) = table_of(&doc);
    assert!(rows.iter().any(|r| r == fve));
    assert!(related.iter().any(|(from, _)| from == fve));
}

#[test]
fn a_site_too_large_to_draw_card_by_card_is_drawn_as_kinds() {
    let dir = TempDir::new("maps-large");
    one_kind_site(&dir, 450);
    let out = build_in_temp(&dir, &[]);
    let doc = page(&out, "map.html");
    assert_eq!(doc.select(&sel("svg.ring")).count(), 0);
    let kinds: Vec<&str> = doc
        .select(&sel("svg.clusters a"))
        .map(|a| attr(a, "aria-label"))
        .collect();
    assert_eq!(kinds, ["Begreber (450)"]);
    // The kind's own map is capped, and says how many cards it leaves out.
    let doc = page(&out, "begreber/index.map.html");
    assert_eq!(doc.select(&sel("svg.ring a")).count(), 400);
    let caption: String = doc
        .select(&sel("figure.site-map figcaption"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(caption.contains("50 kort er ikke tegnet"), "{caption}");
}

#[test]
fn a_scale_is_drawn_as_a_staircase_and_each_step_knows_its_place() {
    let out = build_in_temp(&repo_root(), &[]);
    let doc = page(&out, "relationsniveauer/index.html");
    let steps: Vec<&str> = doc
        .select(&sel("svg.staircase a"))
        .map(|a| attr(a, "aria-label"))
        .collect();
    assert_eq!(
        steps,
        ["Kendskab (Trin 1 / 3)", "Respekt (Trin 2 / 3)", "Tillid (Trin 3 / 3)"]
    );
    let card = page(&out, "relationsniveauer/respekt.html");
    let place: String = card.select(&sel(".scale-place p")).next().unwrap().text().collect();
    assert!(place.starts_with("Trin 2 af 3"), "{place}");
    let links: Vec<&str> = card
        .select(&sel(".scale-place svg a"))
        .map(|a| attr(a, "href"))
        .collect();
    assert_eq!(
        links,
        ["../relationsniveauer/kendskab.html", "../relationsniveauer/tillid.html"],
        "the card's own step is marked, not a link"
    );
    assert_eq!(card.select(&sel(".scale-place .step.current")).count(), 1);
}

#[test]
fn a_card_of_a_scale_without_order_is_an_error() {
    let dir = TempDir::new("scale");
    copy_dir(&fixture("site"), &dir);
    let toml = read(&dir.join("samkort.toml"))
        .replace("required = [\"summary\"]\n", "required = [\"summary\"]\nscale = true\n");
    write(&dir.join("samkort.toml"), toml);
    let (code, diags) = check_json(&dir, &[]);
    assert_eq!(code, 1);
    let scale: Vec<_> = diags.iter().filter(|d| d.message.contains("step on a scale")).collect();
    assert_eq!(scale.len(), 7, "every card of the kind: {diags:?}");
    assert!(scale[0].help.as_deref().unwrap_or_default().contains("order: 1"));
}

#[test]
fn a_course_path_is_drawn_as_its_sequence() {
    let out = build_in_temp(&repo_root(), &[]);
    let doc = page(&out, "forloeb/fra-kendskab-til-tillid.html");
    let drawn: Vec<&str> = doc.select(&sel("svg.sequence a")).map(|a| attr(a, "href")).collect();
    let listed: Vec<&str> = doc
        .select(&sel("section.steps ol > li > a"))
        .map(|a| attr(a, "href"))
        .collect();
    assert!(drawn.len() >= 5);
    assert_eq!(
        drawn, listed,
        "the picture and the list have the same steps in the same order"
    );
}

#[test]
fn a_kinds_list_can_be_filtered_and_its_counts_are_right() {
    let out = build_in_temp(&repo_root(), &[]);
    let doc = page(&out, "cases/index.html");
    let items: Vec<BTreeSet<&str>> = doc
        .select(&sel("ul.filtered-list > li"))
        .map(|li| attr(li, "data-filter").split(' ').collect())
        .collect();
    let count: String = doc.select(&sel("p.count")).next().unwrap().text().collect();
    assert_eq!(count, format!("{} kort", items.len()), "every case is in the one list");
    let mut facets = Vec::new();
    for facet in doc.select(&sel(".filters .facet")) {
        let label: String = facet.select(&sel("h3")).next().unwrap().text().collect();
        facets.push(label);
        for chip in facet.select(&sel(".chip")) {
            let token = attr(chip, "data-token");
            let count: String = chip.select(&sel(".count")).next().unwrap().text().collect();
            let with = items.iter().filter(|i| i.contains(token)).count();
            assert_eq!(count, format!("({with})"), "{token}");
            // A term leads to its page without scripts; an enum value is for scripts only.
            if token.starts_with("t:") {
                assert!(out.join("cases").join(attr(chip, "href")).exists(), "{token}");
            } else {
                assert_eq!(chip.value().name(), "button");
            }
        }
    }
    assert_eq!(
        facets.first().map(String::as_str),
        Some("Casetype"),
        "the kind's own field first"
    );
    assert!(facets.iter().any(|f| f == "Sektorer"));
}
