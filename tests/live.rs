//! The live site of `samkort serve`: after every edit it must hold byte-for-byte what a full
//! build of the same files writes, while drawing again only what the edit touched.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use samkort::build::{self, Failure, Options};
use samkort::live::{LiveSite, Update};

fn full_build(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let tmp = TempDir::new("live-full");
    let out = tmp.join("public");
    let opts = Options {
        root: root.to_path_buf(),
        output: Some(out.clone()),
        base_url: None,
        write: true,
        force: false,
        today: None,
    };
    if let Err((f, _)) = build::run(&opts) {
        panic!("full build failed: {}", describe(&f));
    }
    // The marker belongs to the output folder, not to the site the live server serves.
    files(&out)
        .into_iter()
        .filter(|p| p != Path::new(samkort::publish::MARKER))
        .map(|p| {
            (
                p.to_string_lossy().replace('\\', "/"),
                std::fs::read(out.join(&p)).unwrap(),
            )
        })
        .collect()
}

fn describe(f: &Failure) -> String {
    match f {
        Failure::Config(d) | Failure::Content(d) => d.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"),
        Failure::Io(e) => e.to_string(),
    }
}

fn live_files(site: &LiveSite) -> BTreeMap<String, Vec<u8>> {
    let files = site.files();
    let files = files.lock().unwrap();
    files.iter().map(|(k, v)| (k.clone(), v.as_ref().clone())).collect()
}

#[track_caller]
fn assert_same_as_full_build(site: &LiveSite, root: &Path, step: &str) {
    let live = live_files(site);
    let full = full_build(root);
    let live_keys: Vec<&String> = live.keys().collect();
    let full_keys: Vec<&String> = full.keys().collect();
    assert_eq!(
        live_keys, full_keys,
        "{step}: the live site has other files than a full build"
    );
    for (k, v) in &full {
        assert!(live[k] == *v, "{step}: {k} differs from a full build");
    }
}

fn edit(root: &Path, rel: &str, f: impl FnOnce(String) -> String) -> PathBuf {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    std::fs::write(&path, f(text)).unwrap();
    path
}

fn ok(update: Result<Update, Failure>) -> Update {
    match update {
        Ok(u) => {
            assert!(
                !u.diagnostics.has_errors(),
                "{:?}",
                u.diagnostics.iter().map(|d| d.to_string()).collect::<Vec<_>>()
            );
            u
        }
        Err(f) => panic!("{}", describe(&f)),
    }
}

fn loaded(root: &Path) -> LiveSite {
    match LiveSite::load(root) {
        Ok((site, update)) => {
            assert!(!update.diagnostics.has_errors());
            site
        }
        Err(f) => panic!("{}", describe(&f)),
    }
}

#[test]
fn every_edit_gives_what_a_full_build_gives() {
    let root = TempDir::new("live-fixture");
    copy_dir(&fixture("site"), &root);
    let mut site = loaded(&root);
    assert_same_as_full_build(&site, &root, "initial load");

    // A body edit draws the card again and, among the other card pages, only those of the
    // cards it mentions (their backlinks quote it).
    let p = edit(&root, "content/begreber/respekt.md", |t| t + "\nEn ny sætning.\n");
    let u = ok(site.apply(&[p]));
    assert_same_as_full_build(&site, &root, "body edit");
    assert_eq!(
        u.cards_drawn, 3,
        "a body edit draws its own page and those of the two cards it mentions"
    );
    assert_eq!(
        u.pages,
        [
            "begreber/index.print.html",
            "begreber/kendskab.html",
            "begreber/respekt.html",
            "begreber/tillid.html",
            "forloeb/introduktion.guide.html",
            "forloeb/introduktion.print.html",
        ],
        "its own page, the pages that quote it, the printable decks and the guide that hold the card; no list page"
    );
    assert_eq!(u.pages_drawn, u.pages.len());

    // A new title shows on every card that lists or links the card.
    let p = edit(&root, "content/begreber/kendskab.md", |t| {
        t.replace("title: Kendskab", "title: Kendskab til hinanden")
    });
    ok(site.apply(&[p]));
    assert_same_as_full_build(&site, &root, "title edit");

    // A new title that moves the card from last to first in its kind's list, and back.
    let p = edit(&root, "content/begreber/zone.md", |t| {
        t.replace("title: Zone", "title: Alfa")
    });
    ok(site.apply(&[p]));
    assert_same_as_full_build(&site, &root, "title edit that moves the card to the front");
    let p = edit(&root, "content/begreber/zone.md", |t| {
        t.replace("title: Alfa", "title: Zone")
    });
    ok(site.apply(&[p]));
    assert_same_as_full_build(&site, &root, "title edit that moves the card back");

    // A new heading that another card links to, and a new relation.
    let p1 = edit(&root, "content/begreber/tillid.md", |t| {
        t.replace("## Tegn på tillid\n\nMan", "## Tegn på tillid\n\n## Nyt afsnit\n\nMan")
    });
    let p2 = edit(&root, "content/begreber/respekt.md", |t| {
        t.replace("Mellem [[kendskab]]", "Mellem [[tillid#nyt-afsnit]], [[kendskab]]")
    });
    let p3 = edit(&root, "content/cases/faelles-moeder.md", |t| {
        t.replace(
            "illustrerer: [kendskab, tillid]",
            "illustrerer: [kendskab, tillid, respekt]",
        )
    });
    ok(site.apply(&[p1, p2, p3]));
    assert_same_as_full_build(&site, &root, "heading and relation edits");

    // An order moves a card in the lists of its kind and changes its neighbours there.
    let p = edit(&root, "content/begreber/oere.md", |t| {
        t.replace("title: Øre\n", "title: Øre\norder: 1\n")
    });
    ok(site.apply(&[p]));
    assert_same_as_full_build(&site, &root, "order added");

    // The filters of a kind's list count the values of its cards' enum fields.
    let p = edit(&root, "content/begreber/oere.md", |t| {
        t.replace("title: Øre\n", "title: Øre\nniveau: lav\n")
    });
    ok(site.apply(&[p]));
    assert_same_as_full_build(&site, &root, "enum value added");

    // Decks print the questions: a new question redraws the decks that hold the card.
    let p = edit(&root, "content/begreber/respekt.md", |t| {
        t.replace(
            "summary: At anerkende den andens praksis.\n",
            "summary: At anerkende den andens praksis.\nquestions:\n  - Hvad respekterer du hos din partner?\n",
        )
    });
    ok(site.apply(&[p]));
    assert!(
        String::from_utf8_lossy(&live_files(&site)["forloeb/introduktion.print.html"])
            .contains("Hvad respekterer du hos din partner?")
    );
    assert_same_as_full_build(&site, &root, "question added");

    // Tags decide the term pages; a line added above a link moves the link's position.
    let p1 = edit(&root, "content/begreber/kendskab.md", |t| {
        t.replace("tags: [relationer, Første trin]", "tags: [Første trin, praksis]")
    });
    let p2 = edit(&root, "content/begreber/oere.md", |t| {
        t.replace("Se [[aaben]].", "Først en linje.\n\nSe [[aaben]].")
    });
    ok(site.apply(&[p1, p2]));
    assert_same_as_full_build(&site, &root, "tags and moved link");

    // A new card, a new tag, then the card removed again.
    let p = edit(&root, "content/begreber/naervaer.md", |_| {
        "---\ntitle: Nærvær\nsummary: At være til stede.\ntags: [ny-tag]\n---\nNærvær giver [[tillid]].\n".into()
    });
    ok(site.apply(std::slice::from_ref(&p)));
    assert_same_as_full_build(&site, &root, "new card");
    std::fs::remove_file(&p).unwrap();
    let u = ok(site.apply(&[p]));
    assert!(u.files_removed >= 2, "the card's page and its tag page are gone");
    assert_same_as_full_build(&site, &root, "removed card");

    // An error keeps the last good pages; fixing it brings everything up to date.
    let before = live_files(&site);
    let p1 = edit(&root, "content/begreber/zone.md", |t| {
        t.replace("title: Zone", "title: Zonen")
    });
    let p2 = edit(&root, "content/begreber/aeble.md", |t| {
        t.replace("Se [[oere]].", "Se [[oerre]].")
    });
    let u = site.apply(&[p1, p2]).ok().unwrap();
    assert!(u.diagnostics.has_errors());
    assert!(
        live_files(&site) == before,
        "pages changed although the content has errors"
    );
    let p = edit(&root, "content/begreber/aeble.md", |t| {
        t.replace("Se [[oerre]].", "Se [[oere]].")
    });
    ok(site.apply(&[p]));
    assert_same_as_full_build(&site, &root, "error fixed");

    // A folder of cards appears (as when one is moved in): its cards are read.
    let tmp = TempDir::new("live-moved");
    std::fs::write(
        tmp.join("flyttet.md"),
        "---\ntitle: Flyttet\nsummary: Et flyttet kort.\n---\nSe [[zone]].\n",
    )
    .unwrap();
    std::fs::rename(&tmp, root.join("content/begreber/flyttede")).unwrap();
    ok(site.apply(&[root.join("content/begreber/flyttede")]));
    assert!(live_files(&site).contains_key("begreber/flyttet.html"));
    assert_same_as_full_build(&site, &root, "folder moved in");

    // A folder of cards removed: its cards go.
    std::fs::remove_dir_all(root.join("content/begreber/flyttede")).unwrap();
    ok(site.apply(&[root.join("content/begreber/flyttede")]));
    assert!(!live_files(&site).contains_key("begreber/flyttet.html"));
    assert_same_as_full_build(&site, &root, "folder removed");

    // A short-lived file without an extension, as editors and tools save through (vim's
    // `4913`, sed's `sedXXXXXX`), is no folder: no page is drawn again for it.
    let probe = root.join("content/begreber/4913");
    std::fs::write(&probe, "").unwrap();
    let made = ok(site.apply(std::slice::from_ref(&probe)));
    std::fs::remove_file(&probe).unwrap();
    let gone = ok(site.apply(&[probe]));
    assert_eq!((made.pages_drawn, gone.pages_drawn), (0, 0));
    assert_same_as_full_build(&site, &root, "a short-lived file");

    // A whole folder renamed: its cards move with it.
    std::fs::rename(root.join("content/forloeb"), root.join("content/forloeb-ny")).unwrap();
    let p = edit(&root, "samkort.toml", |t| {
        t.replace("folder = \"forloeb\"", "folder = \"forloeb-ny\"")
    });
    ok(site.apply(&[root.join("content/forloeb"), root.join("content/forloeb-ny"), p]));
    assert_same_as_full_build(&site, &root, "folder renamed");

    // The configuration changes everything.
    let p = edit(&root, "samkort.toml", |t| {
        t.replace("language = \"da\"", "language = \"en\"")
    });
    ok(site.apply(&[p]));
    assert_same_as_full_build(&site, &root, "language changed");

    // A brand's stylesheet is outside content/ and the theme, and still followed.
    std::fs::create_dir_all(root.join("brand")).unwrap();
    edit(&root, "brand/site.css", |_| ".a { color: red; }\n".into());
    let p = edit(&root, "samkort.toml", |t| {
        t + "\n[brand]\nstylesheet = \"brand/site.css\"\n"
    });
    ok(site.apply(&[p]));
    assert_same_as_full_build(&site, &root, "brand added");
    let p = edit(&root, "brand/site.css", |_| ".a { color: blue; }\n".into());
    ok(site.apply(&[p]));
    assert_same_as_full_build(&site, &root, "brand stylesheet edited");
    assert!(
        site.watched_files()
            .contains(&root.canonicalize().unwrap().join("brand/site.css"))
    );
}

#[test]
fn edits_to_the_bundled_knowledge_base_give_what_a_full_build_gives() {
    let root = TempDir::new("live-bundled");
    for part in ["samkort.toml", "content", "themes"] {
        let from = repo_root().join(part);
        if from.is_dir() {
            copy_dir(&from, &root.join(part));
        } else {
            std::fs::copy(&from, root.join(part)).unwrap();
        }
    }
    let mut site = loaded(&root);
    let p = edit(&root, "content/relationsniveauer/tillid.md", |t| {
        t.replacen("title: Tillid", "title: Tillid mellem sektorer", 1)
    });
    let u = ok(site.apply(&[p]));
    assert!(u.cards_drawn < 60, "a title edit drew {} card pages", u.cards_drawn);
    assert_same_as_full_build(&site, &root, "title of a much-linked card");
    let p = edit(&root, "content/cases/fve-bilen-kolding.md", |t| {
        t + "\nEn ekstra sætning om [[kendskab]].\n"
    });
    let u = ok(site.apply(&[p]));
    // The cards its text mentions: their backlinks quote it, and one of them has a new one.
    let page = String::from_utf8(live_files(&site)["cases/fve-bilen-kolding.html"].clone()).unwrap();
    let doc = scraper::Html::parse_document(&page);
    let mentioned: std::collections::BTreeSet<&str> = doc
        .select(&scraper::Selector::parse("div.body a[data-preview]").unwrap())
        .filter_map(|a| a.value().attr("href"))
        .map(|h| h.split('#').next().unwrap_or(h))
        .collect();
    assert!(mentioned.contains("../relationsniveauer/kendskab.html"));
    assert_eq!(
        u.cards_drawn,
        1 + mentioned.len(),
        "the card and the cards it mentions (one of them with a new backlink)"
    );
    assert_same_as_full_build(&site, &root, "new body link");
}
