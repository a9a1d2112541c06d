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

#[test]
fn a_killed_build_leaves_the_old_or_the_new_site_and_the_next_build_no_stray_folder() {
    let dir = TempDir::new("killed");
    let site = dir.join("site");
    for part in ["content", "themes"] {
        copy_dir(&repo_root().join(part), &site.join(part));
    }
    std::fs::copy(repo_root().join("samkort.toml"), site.join("samkort.toml")).unwrap();
    let out = dir.join("public");
    build(&site, &out, &[]);
    let old = snapshot(&out);
    let card = site.join("content/begreber/governance.md");
    write(&card, read(&card) + "\nEn ny sætning.\n");
    let expected = dir.join("expected");
    build(&site, &expected, &[]);
    let new = snapshot(&expected);
    assert_ne!(old, new);
    for delay in [0, 5, 15, 30, 60, 120, 250] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_samkort"))
            .args([
                "build",
                "--root",
                site.to_str().unwrap(),
                "--output",
                out.to_str().unwrap(),
            ])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        let now = snapshot(&out);
        assert!(
            now == old || now == new,
            "killed after {delay} ms, the output is neither the old nor the new site"
        );
    }
    build(&site, &out, &[]);
    assert_eq!(snapshot(&out), new);
    let strays: Vec<String> = std::fs::read_dir(&*dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(strays.is_empty(), "left beside the output: {strays:?}");
}
