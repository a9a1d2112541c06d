//! The theme as a site changes it: [brand] in samkort.toml, files that override the built-in
//! theme one by one, `samkort theme eject`, kind icons, and the 404 page under a sub-path.

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

fn attrs(doc: &Html, selector: &str, attr: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

fn texts(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

/// The test site with `extra` added to samkort.toml.
fn site_with(label: &str, extra: &str) -> TempDir {
    let root = TempDir::new(label);
    copy_dir(&fixture("site"), &root);
    let toml = read(&root.join("samkort.toml")) + extra;
    write(&root.join("samkort.toml"), toml);
    root
}

const BRAND: &str = r##"
[brand]
organisation = "Eksempel Kommune"
logo = "brand/logo.svg"
favicon = "brand/favicon.png"
stylesheet = "brand/kommune.css"
primary = "#00558c"
accent = "#c8102e"
footer = "Center for Læring, Rådhuspladsen 1"
links = [
  { text = "Tilgængelighedserklæring", url = "https://www.was.digst.dk/eksempel" },
  { text = "Om sitet", url = "om.html" },
]
"##;

fn branded() -> TempDir {
    let root = site_with("brand", BRAND);
    write(
        &root.join("brand/logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    write(&root.join("brand/favicon.png"), b"\x89PNG\r\n\x1a\n");
    write(
        &root.join("brand/kommune.css"),
        ".site-title { letter-spacing: 0.02em; }\n",
    );
    root
}

#[test]
fn the_brand_puts_logo_favicon_colours_and_footer_on_every_page() {
    let root = branded();
    let out = root.join("public");
    build(&root, &out, &[]);

    for rel in [
        "index.html",
        "begreber/tillid.html",
        "begreber/index.html",
        "search.html",
    ] {
        let doc = page(&out, rel);
        let up = if rel.contains('/') { "../" } else { "" };
        assert_eq!(
            attrs(&doc, ".site-title img", "src"),
            [format!("{up}static/brand/logo.svg")],
            "{rel}"
        );
        assert_eq!(attrs(&doc, ".site-title img", "alt"), ["Eksempel Kommune"], "{rel}");
        assert_eq!(
            attrs(&doc, "link[rel=icon]", "href"),
            [format!("{up}static/brand/favicon.png")],
            "{rel}"
        );
        let sheets = attrs(&doc, "link[rel=stylesheet]", "href");
        assert_eq!(
            sheets,
            [format!("{up}static/style.css"), format!("{up}static/brand/site.css")],
            "{rel}: the brand's stylesheet comes after the theme's"
        );
        let footer = texts(&doc, ".site-footer");
        assert!(
            footer[0].contains("Center for Læring, Rådhuspladsen 1"),
            "{rel}: {footer:?}"
        );
        assert_eq!(
            attrs(&doc, ".site-footer a", "href"),
            ["https://www.was.digst.dk/eksempel".to_string(), format!("{up}om.html")],
            "{rel}: a link into the site is relative to the page"
        );
    }
    assert_eq!(
        std::fs::read(out.join("static/brand/favicon.png")).unwrap(),
        b"\x89PNG\r\n\x1a\n"
    );
    let css = read(&out.join("static/brand/site.css"));
    assert!(css.contains("--accent: light-dark(#00558c, #"), "{css}");
    assert!(css.contains("--brand-accent: light-dark(#c8102e, #"), "{css}");
    assert!(css.ends_with(".site-title { letter-spacing: 0.02em; }\n"), "{css}");
}

#[test]
fn a_site_without_a_brand_links_no_brand_files() {
    let built = build_in_temp(&fixture("site"), &[]);
    let doc = page(&built, "index.html");
    assert!(attrs(&doc, "link[rel=icon]", "href").is_empty());
    assert_eq!(attrs(&doc, "link[rel=stylesheet]", "href"), ["static/style.css"]);
    assert!(!built.join("static/brand").exists());
}

#[test]
fn brand_colours_without_contrast_and_missing_files_fail_the_check_at_their_lines() {
    let root = site_with(
        "pale",
        "\n[brand]\nprimary = \"#8fb8e0\"\nlogo = \"logo.svg\"\nlinks = [{ text = \"x\", url = \"javascript:alert(1)\" }]\n",
    );
    let (code, diags) = check_json(&root, &[]);
    assert_eq!(code, 2);
    let lines = read(&root.join("samkort.toml")).lines().count() as u64;
    let found: Vec<(u64, &str)> = diags.iter().map(|d| (d.line, d.message.as_str())).collect();
    assert_eq!(diags.len(), 3, "{found:?}");
    assert_eq!(diags[0].line, lines - 2, "{found:?}");
    assert!(
        diags[0]
            .message
            .starts_with("brand.primary #8fb8e0 on the light background #f2f4f7 has a contrast of"),
        "{found:?}"
    );
    assert!(
        diags[0]
            .help
            .as_deref()
            .unwrap_or("")
            .starts_with("the nearest colour that passes is `#")
    );
    assert_eq!(diags[1].line, lines - 1, "{found:?}");
    assert!(diags[1].message.contains("no file `logo.svg`"), "{found:?}");
    assert_eq!(diags[2].line, lines, "{found:?}");
    assert!(diags[2].message.contains("unsafe"), "{found:?}");
}

#[test]
fn a_theme_file_a_ui_string_and_a_template_override_the_built_in_one_each() {
    let root = site_with("overrides", "");
    let theme = root.join("themes/default");
    write(&theme.join("static/style.css"), "body { color: rebeccapurple; }\n");
    write(&theme.join("i18n/da.toml"), "search = \"Find\"\n");
    write(
        &theme.join("icons/kolonne.svg"),
        "<svg viewBox=\"0 0 24 24\"><path d=\"M12 2v20\"/></svg>",
    );
    write(
        &root.join("templates/404.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>Ingen her</h1>{% endblock main %}",
    );
    let toml = read(&root.join("samkort.toml")).replacen(
        "plural = \"Begreber\"\n",
        "plural = \"Begreber\"\nicon = \"kolonne\"\n",
        1,
    );
    write(&root.join("samkort.toml"), toml);
    let out = root.join("public");
    build(&root, &out, &[]);

    assert_eq!(read(&out.join("static/style.css")), "body { color: rebeccapurple; }\n");
    assert_eq!(
        std::fs::read(out.join("static/samkort.js")).unwrap(),
        std::fs::read(repo_root().join("themes/default/static/samkort.js")).unwrap(),
        "the files the site does not override come from the built-in theme"
    );
    let home = page(&out, "index.html");
    assert_eq!(attrs(&home, "#site-search-input", "placeholder"), ["Find…"]);
    assert_eq!(texts(&home, ".skip-link"), ["Gå til indhold"], "other strings stay");
    assert_eq!(texts(&page(&out, "404.html"), "h1"), ["Ingen her"]);
    let card = read(&out.join("begreber/tillid.html"));
    assert!(
        card.contains(
            "<svg aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 24 24\"><path d=\"M12 2v20\"/></svg>"
        ),
        "the kind's own icon, hidden from screen readers"
    );
}

#[test]
fn an_unknown_icon_is_an_error_at_its_key_with_the_near_name() {
    let root = site_with("icon", "");
    let toml = read(&root.join("samkort.toml")).replacen(
        "plural = \"Begreber\"\n",
        "plural = \"Begreber\"\nicon = \"bok\"\n",
        1,
    );
    let line = toml.lines().position(|l| l == "icon = \"bok\"").unwrap() as u64 + 1;
    write(&root.join("samkort.toml"), toml);
    let (code, diags) = check_json(&root, &[]);
    assert_eq!(code, 2);
    assert_eq!(
        diags,
        [error(
            "samkort.toml",
            line,
            8,
            "the theme has no icon `bok` for kind `begreb`",
            Some("did you mean `book`?")
        )]
    );
}

#[test]
fn a_template_that_is_not_utf8_is_an_error_naming_it() {
    let root = site_with("utf8", "");
    write(&root.join("templates/kind.html"), b"<p>ok</p>\n<p>\xff</p>");
    let (code, diags) = check_json(&root, &[]);
    assert_eq!(code, 2);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!((diags[0].file.as_str(), diags[0].line), ("templates/kind.html", 2));
    assert_eq!(diags[0].message, "the template is not valid UTF-8");
}

#[test]
fn eject_writes_the_built_in_theme_keeps_what_is_there_and_the_site_stays_the_same() {
    let root = site_with("eject", "");
    let before = build_in_temp(&root, &[]);
    write(&root.join("themes/default/static/style.css"), "/* mine */\n");

    let run = samkort(["theme", "eject", "--root", root.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("kept"), "{}", run.stdout);
    assert_eq!(read(&root.join("themes/default/static/style.css")), "/* mine */\n");
    for rel in [
        "templates/card.html",
        "i18n/en.toml",
        "icons/book.svg",
        "static/samkort.js",
    ] {
        assert_eq!(
            std::fs::read(root.join("themes/default").join(rel)).unwrap(),
            std::fs::read(repo_root().join("themes/default").join(rel)).unwrap(),
            "{rel}"
        );
    }

    write(
        &root.join("themes/default/static/style.css"),
        std::fs::read(repo_root().join("themes/default/static/style.css")).unwrap(),
    );
    let after = build_in_temp(&root, &[]);
    assert_eq!(
        snapshot(&before),
        snapshot(&after),
        "an ejected theme draws the same site"
    );
}

#[test]
fn the_404_page_links_from_the_server_root_of_the_base_url() {
    let root = site_with("404", "");
    let toml = read(&root.join("samkort.toml")).replace(
        "base_url = \"https://example.dk/laering/\"",
        "base_url = \"/laering/ledelse\"",
    );
    write(&root.join("samkort.toml"), toml);
    let built = build_in_temp(&root, &[]);
    let doc = page(&built, "404.html");
    assert_eq!(
        attrs(&doc, "link[rel=stylesheet]", "href"),
        ["/laering/ledelse/static/style.css"]
    );
    assert_eq!(attrs(&doc, "a.site-title", "href"), ["/laering/ledelse/index.html"]);
    // Other pages stay relative, so the site also works from disk.
    let card = page(&built, "begreber/tillid.html");
    assert_eq!(attrs(&card, "link[rel=stylesheet]", "href"), ["../static/style.css"]);

    let relative = build_in_temp(&root, &["--base-url", ""]);
    let doc = page(&relative, "404.html");
    assert_eq!(attrs(&doc, "link[rel=stylesheet]", "href"), ["static/style.css"]);
}

#[test]
fn the_scripts_carry_no_ui_text_the_pages_give_it_from_the_ui_strings() {
    let built = build_in_temp(&fixture("site"), &[]);
    let js = read(&built.join("static/samkort.js")) + &read(&built.join("static/search.js"));
    for label in ["Markér", "Mark as done", "Gennemgået", "Menu", "Mørkt"] {
        assert!(!js.contains(label), "`{label}` is written in a script");
    }
    let step = page(&built, "begreber/kendskab.html");
    assert_eq!(attrs(&step, "nav.path-nav", "data-mark"), ["Markér som gennemgået"]);
    assert_eq!(texts(&step, ".scheme-toggle .visually-hidden"), ["Mørkt tema"]);
}
