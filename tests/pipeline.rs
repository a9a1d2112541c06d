//! The pipeline as a whole: lists split into pages, typed links resolved by where they were
//! written, output failures reported as what they are, and the live site drawing only what an
//! edit touches.

mod common;

use std::path::Path;

use common::*;
use samkort::build;
use samkort::card::EdgeType;
use samkort::live::LiveSite;
use scraper::{Html, Selector};

const CONFIG: &str = r#"title = "Lister"
page_size = 2

[kinds.note]
folder = "noter"
singular = "Note"
plural = "Noter"
fields.see = { type = "ref", kind = "note", label = "Se" }

[relations.see]
from = ["note"]
to = ["note"]
label = "Ser"
inverse = "Ses af"

[taxonomies.tags]
singular = "Emne"
plural = "Emner"
"#;

/// A site of five notes that all have the tag `alle` and link in a ring.
fn five_notes() -> TempDir {
    let dir = TempDir::new("pipeline");
    let root = dir.path();
    std::fs::write(root.join("samkort.toml"), CONFIG).unwrap();
    std::fs::create_dir_all(root.join("content/noter")).unwrap();
    for (i, name) in ["a", "b", "c", "d", "e"].iter().enumerate() {
        let next = ["b", "c", "d", "e", "a"][i];
        std::fs::write(
            root.join(format!("content/noter/{name}.md")),
            format!("---\ntitle: Note {name}\ntags: [alle]\n---\nSe [[{next}]].\n"),
        )
        .unwrap();
    }
    dir
}

/// The five notes, where `a` has the field `see: b` and the relation `see: [c]`.
fn five_notes_a_with_field_and_relation() -> TempDir {
    let dir = five_notes();
    std::fs::write(
        dir.path().join("content/noter/a.md"),
        "---\ntitle: Note a\nsee: b\nrelations:\n  see: [c]\n---\nSe [[b]].\n",
    )
    .unwrap();
    dir
}

fn page(out: &Path, rel: &str) -> Html {
    Html::parse_document(&read(&out.join(rel)))
}

fn texts(doc: &Html, css: &str) -> Vec<String> {
    let sel = Selector::parse(css).unwrap();
    doc.select(&sel)
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

fn attrs(doc: &Html, css: &str, attr: &str) -> Vec<String> {
    let sel = Selector::parse(css).unwrap();
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

#[test]
fn kind_and_term_lists_are_split_into_pages_with_a_pager() {
    let dir = five_notes();
    let root = dir.path();
    let out = root.join("public");
    build(root, &out, &[]);
    let pages = ["noter/index.html", "noter/index.2.html", "noter/index.3.html"];
    let listed: Vec<Vec<String>> = pages
        .iter()
        .map(|p| texts(&page(&out, p), "ul.card-list li a"))
        .collect();
    assert_eq!(
        listed,
        [vec!["Note a", "Note b"], vec!["Note c", "Note d"], vec!["Note e"]]
    );
    assert!(!out.join("noter/index.4.html").exists());
    let second = page(&out, "noter/index.2.html");
    assert_eq!(texts(&second, "p.count"), ["5 kort"]);
    assert_eq!(
        attrs(&second, "nav.list-pager a", "href"),
        [
            "../noter/index.html",
            "../noter/index.html",
            "../noter/index.2.html",
            "../noter/index.3.html",
            "../noter/index.3.html"
        ]
    );
    assert_eq!(
        attrs(&second, "nav.list-pager a[aria-current=page]", "href"),
        ["../noter/index.2.html"]
    );
    assert_eq!(attrs(&second, "nav.list-pager", "aria-label"), ["Sider"]);
    let term: Vec<String> = ["tags/alle.html", "tags/alle.2.html", "tags/alle.3.html"]
        .iter()
        .flat_map(|p| texts(&page(&out, p), "ul.card-list li a"))
        .collect();
    assert_eq!(term, ["Note a", "Note b", "Note c", "Note d", "Note e"]);
    // A list that fits on one page has no pager.
    assert!(texts(&page(&out, "tags/index.html"), "nav.list-pager").is_empty());
    // The printable deck stays whole.
    assert_eq!(
        texts(&page(&out, "noter/index.print.html"), "article.print-card h2").len(),
        5
    );
}

#[test]
fn a_page_size_of_zero_is_a_configuration_error() {
    let dir = five_notes();
    let root = dir.path();
    std::fs::write(
        root.join("samkort.toml"),
        CONFIG.replace("page_size = 2", "page_size = 0"),
    )
    .unwrap();
    let o = samkort(["check", "--root", root.to_str().unwrap()]);
    assert_eq!(Some(o.code), Some(2));
    let err = &o.stderr;
    assert!(
        err.contains("samkort.toml:2:13: `page_size` must be at least 1"),
        "{err}"
    );
}

#[test]
fn a_reference_field_named_like_a_relation_type_links_as_the_field() {
    let dir = five_notes_a_with_field_and_relation();
    let root = dir.path();
    let (site, diags) = build::load(root).unwrap_or_else(|_| panic!("the site loads"));
    assert!(!diags.has_errors());
    let a = site.graph.by_slug["a"];
    let edges: Vec<(EdgeType, &str)> = site.graph.outgoing[a]
        .iter()
        .map(|e| (e.ty, site.cards[e.to].slug.as_str()))
        .collect();
    let note = site.config.kind_id("note").unwrap();
    let see = site.config.relation_id("see").unwrap();
    assert_eq!(edges, [(EdgeType::Relation(see), "c"), (EdgeType::Field(note, 0), "b")]);

    let out = root.join("public");
    build(root, &out, &[]);
    let doc = page(&out, "noter/a.html");
    assert_eq!(texts(&doc, "dl.fields dt"), ["Se"]);
    assert_eq!(texts(&doc, "dl.fields dd a"), ["Note b"]);
    assert_eq!(texts(&doc, "section.relations h3"), ["Ser"]);
    assert_eq!(texts(&doc, "section.relations li a"), ["Note c"]);
}

#[test]
fn an_output_folder_that_cannot_be_written_is_an_io_error_with_exit_3() {
    let dir = five_notes();
    let root = dir.path();
    std::fs::write(root.join("blocker"), "a file, not a folder").unwrap();
    let out = root.join("blocker/public");
    let o = samkort([
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(Some(o.code), Some(3));
    let err = &o.stderr;
    assert!(err.starts_with("error: cannot write "), "{err}");
    assert!(err.contains("blocker"), "{err}");
    assert!(
        !err.contains("samkort.toml"),
        "not reported as a configuration problem: {err}"
    );
}

#[test]
fn a_title_edit_draws_only_the_pages_that_show_the_title() {
    let dir = five_notes();
    let root = dir.path();
    let (mut site, first) = LiveSite::load(root).unwrap_or_else(|_| panic!("loads"));
    assert!(!first.diagnostics.has_errors());
    let all_pages = first.pages_drawn;
    let c = root.join("content/noter/c.md");
    std::fs::write(&c, read(&c).replace("title: Note c", "title: Note c2")).unwrap();
    let update = site.apply(&[c]).unwrap_or_else(|_| panic!("applies"));
    assert!(!update.diagnostics.has_errors());
    // c itself, b (links to c), d (its neighbour in the list), the list page and the term page
    // that show it, the home page (most linked), the deck, and the maps of the site and the kind.
    assert_eq!(update.cards_drawn, 3, "of {all_pages} pages");
    let mut drawn = update.pages_drawn;
    drawn -= update.cards_drawn;
    assert_eq!(drawn, 6, "list page, term page, home page, deck and two maps");
}

#[test]
fn graph_json_lists_cards_and_links_by_position() {
    let dir = five_notes_a_with_field_and_relation();
    let root = dir.path();
    let out = root.join("public");
    build(root, &out, &[]);
    let graph: serde_json::Value = serde_json::from_str(&read(&out.join("graph.json"))).unwrap();
    let ids: Vec<&str> = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    assert_eq!(graph["nodes"][1]["url"], "noter/b.html");
    assert_eq!(graph["types"], serde_json::json!(["see", "see", "mention"]));
    assert_eq!(
        graph["links"],
        serde_json::json!([
            [0, 2, 0],
            [0, 1, 1],
            [4, 0, 2],
            [0, 1, 2],
            [1, 2, 2],
            [2, 3, 2],
            [3, 4, 2]
        ])
    );
}

#[test]
fn a_content_file_with_the_path_of_a_generated_page_is_an_error_naming_both() {
    let dir = five_notes();
    let root = dir.path();
    write(&root.join("content/index.html"), "<p>min egen forside</p>");
    write(&root.join("content/noter/b.html"), "<p>kopi</p>");
    write(&root.join("content/noter/billede.png"), "png");
    let (code, diags) = check_json(root, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        diags,
        [
            error(
                "content/index.html",
                1,
                1,
                "`index.html` is also a file samkort writes itself (home page)",
                Some("rename or move the file")
            ),
            error(
                "content/noter/b.html",
                1,
                1,
                "`noter/b.html` is also a file samkort writes itself (card pages)",
                Some("rename or move the file")
            ),
        ]
    );
}

#[test]
fn build_replaces_only_a_folder_it_wrote_unless_forced() {
    let dir = five_notes();
    let root = dir.path();
    let out = root.join("mine");
    write(&out.join("thesis.docx"), "years of work");
    let run = samkort([
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("holds files that samkort did not write"),
        "{}",
        run.stderr
    );
    assert_eq!(read(&out.join("thesis.docx")), "years of work");
    // Its own output it replaces, build after build; --force replaces the foreign folder.
    let own = root.join("public");
    build(root, &own, &[]);
    build(root, &own, &[]);
    build(root, &out, &["--force"]);
    assert!(!out.join("thesis.docx").exists());
    assert!(out.join(".samkort-output").is_file());
    // No temporary or old folders stay beside the output (.samkort/ holds the editors' schemas).
    let strays: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n != ".samkort")
        .collect();
    assert!(strays.is_empty(), "{strays:?}");
}

#[test]
fn clean_removes_its_output_and_what_killed_builds_left_but_not_other_folders() {
    let dir = five_notes();
    let root = dir.path();
    let out = root.join("public");
    build(root, &out, &[]);
    let stray = root.join(".public.4000000000.tmp-build");
    write(&stray.join("half.html"), "<p>");
    let run = samkort(["clean", "--root", root.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!out.exists() && !stray.exists());
    assert_eq!(run.stdout.lines().count(), 2, "{}", run.stdout);
    let mine = root.join("mine");
    write(&mine.join("thesis.docx"), "years of work");
    let run = samkort([
        "clean",
        "--root",
        root.to_str().unwrap(),
        "--output",
        mine.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("holds files that samkort did not write"),
        "{}",
        run.stderr
    );
    assert!(mine.join("thesis.docx").is_file());
}
