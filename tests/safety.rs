//! Content is untrusted: nothing a card says may run in a reader's browser, unless the site
//! lets raw HTML through on purpose.

mod common;

use common::*;

const CONFIG: &str =
    "title = \"Sikker\"\n\n[kinds.note]\nfolder = \"noter\"\nsingular = \"Note\"\nplural = \"Noter\"\n";

const HOSTILE: &str = r#"---
title: Fjendtlig
---
## Hej {#y"/onmouseover="alert(1)"/style="position:fixed;inset:0"}

<script>alert(1)</script>
<img src="x.png" onerror="alert(2)">
<svg onload="alert(3)"></svg>
<iframe srcdoc="<script>alert(4)</script>"></iframe>
<details ontoggle="alert(5)" open><summary>Mere</summary>Tekst</details>

[a](javascript:alert(6)) [b](JaVaScRiPt:alert(7)) [c](&#106;avascript:alert(8)) [d][r]
<a href="javascript:alert(9)">e</a> [ven](../noter/ven.md)

[r]: javascript:alert(10)
"#;

fn site(raw_html: bool) -> TempDir {
    let dir = TempDir::new("safety");
    let config = if raw_html {
        format!("raw_html = true\n{CONFIG}")
    } else {
        CONFIG.to_string()
    };
    write(&dir.path().join("samkort.toml"), config);
    write(&dir.path().join("content/noter/fjendtlig.md"), HOSTILE);
    write(
        &dir.path().join("content/noter/ven.md"),
        "---\ntitle: Ven\n---\nSe [[fjendtlig]].\n",
    );
    dir
}

#[test]
fn scripts_handlers_and_dangerous_urls_in_a_card_never_reach_the_page() {
    let dir = site(false);
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    let page = read(&out.join("noter/fjendtlig.html"));
    let body = &page[page.find("<div class=\"body\">").unwrap()..page.find("</article>").unwrap()];
    for bad in [
        "<script",
        "onerror",
        "onload",
        "ontoggle",
        "onmouseover=\"",
        "<iframe",
        "javascript:",
        "position:fixed",
    ] {
        assert!(!body.to_lowercase().contains(bad), "{bad} reached the page:\n{body}");
    }
    // What authors legitimately write stays.
    assert!(body.contains("<details open=\"\"><summary>Mere</summary>"), "{body}");
    assert!(body.contains("<img src=\"x.png\">"), "{body}");
    assert!(body.contains("<a href=\"../noter/ven.html\">ven</a>"), "{body}");
    assert!(
        body.contains("<h2 id=\"y-onmouseover-alert-1-style-position-fixed-inset-0\">Hej</h2>"),
        "{body}"
    );
}

#[test]
fn a_site_that_allows_raw_html_gets_it_as_written_and_check_says_so() {
    let dir = site(true);
    let run = samkort(["check", "--root", dir.path().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr
            .lines()
            .filter(|l| l.contains("raw_html = true"))
            .collect::<Vec<_>>(),
        ["note: samkort.toml has `raw_html = true`: HTML in cards goes to the pages as written, scripts included"]
    );
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    assert!(read(&out.join("noter/fjendtlig.html")).contains("<script>alert(1)</script>"));
    // Markdown links are checked even then: raw HTML is the site's choice, a link is not.
    assert!(!read(&out.join("noter/fjendtlig.html")).contains("href=\"javascript:alert(6)\""));
}
