//! The bad-input suite: one row per class of broken, careless or hostile input, each with what
//! samkort must say about it (exit code, and every diagnostic's severity, file, line, column
//! and a fragment of its message) or do with it (what a build writes or refuses).
//!
//! A row is a small site: the fixture `tests/fixtures/errors/bom-crlf-valid` (two valid cards
//! of kind `begreb`, a kind `case`, a relation and a taxonomy), or another fixture of
//! `tests/fixtures/errors/`, with the row's files written over it in a temporary folder.
//! tests/diagnostics.rs pins the complete messages of the fixture classes; this table covers
//! every class in one place, more briefly.
//!
//! Set `SAMKORT_SHOW=1` to print what each row gave instead of asserting it.

mod common;

use std::path::Path;

use common::*;

/// What a row expects of one diagnostic: severity, file (`*`: any), line, column, and a fragment
/// of its message or help.
type Want = (&'static str, &'static str, u64, u64, &'static str);

/// How a row's site is made.
enum Site {
    /// The base fixture with these files (relative path, bytes) written over it.
    Base(Vec<(String, Vec<u8>)>),
    /// A fixture of tests/fixtures/errors/ with these files written over it.
    Over(&'static str, Vec<(String, Vec<u8>)>),
    /// Another fixture of tests/fixtures/errors/, as it is.
    Fixture(&'static str),
    /// The base fixture, then changed by a function.
    Made(fn(&Path)),
}

/// What a row runs and expects.
enum Outcome {
    /// `samkort check --format json`: the exit code and every diagnostic, in order.
    Check(i32, Vec<Want>),
    /// `samkort build --output <out>` (`out` relative to the site, with `extra` arguments): the
    /// exit code, a fragment of its standard error, and a test of the site folder afterwards.
    Build {
        out: &'static str,
        code: i32,
        stderr: &'static str,
        then: fn(&Path),
    },
}

struct Row {
    name: &'static str,
    site: Site,
    outcome: Outcome,
}

const BASE: &str = "bom-crlf-valid";
const KENDSKAB: &str = "content/begreber/kendskab.md";
const TILLID: &str = "content/begreber/tillid.md";
const NY: &str = "content/begreber/ny.md";

fn e(file: &'static str, line: u64, col: u64, msg: &'static str) -> Want {
    ("error", file, line, col, msg)
}

fn w(file: &'static str, line: u64, col: u64, msg: &'static str) -> Want {
    ("warning", file, line, col, msg)
}

/// The base fixture with `files` written over it.
fn base(files: &[(&str, &str)]) -> Site {
    Site::Base(
        files
            .iter()
            .map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()))
            .collect(),
    )
}

/// The base fixture with one new card `ny.md` of kind `begreb`, whose front matter is `front`
/// (besides a title and summary) and whose body is `body`; it links to `tillid`, so it is no
/// orphan. Its body starts on line 5 + the lines of `front`.
fn card(front: &str, body: &str) -> Site {
    base(&[(
        NY,
        &format!("---\ntitle: Ny\nsummary: Et nyt kort.\n{front}---\nSe [[tillid]]. {body}\n"),
    )])
}

/// The fixture `invalid-date` (kind `begreb` has a date field `revideret`) with a new card whose
/// date is `date`, on line 4, column 12.
fn dated(date: &str) -> Site {
    let text = format!("---\ntitle: Ny\nsummary: s\nrevideret: {date}\n---\nSe [[kendskab]].\n");
    Site::Over("invalid-date", vec![(TILLID.to_string(), text.into_bytes())])
}

fn check(code: i32, want: Vec<Want>) -> Outcome {
    Outcome::Check(code, want)
}

fn rows() -> Vec<Row> {
    let row = |name, site, outcome| Row { name, site, outcome };
    let fixture = |name: &'static str, code, want| row(name, Site::Fixture(name), check(code, want));
    let long_stem = "a".repeat(251);
    let long_term = "b".repeat(260);
    vec![
        // ------------------------------------------------- the fixtures of tests/diagnostics.rs
        fixture(BASE, 0, vec![]),
        fixture("broken-wikilink", 1, vec![e(KENDSKAB, 7, 15, "no card with that slug")]),
        fixture(
            "config-unknown-key",
            2,
            vec![e("samkort.toml", 8, 1, "unknown field `colour`")],
        ),
        fixture(
            "duplicate-slug",
            1,
            vec![
                e(TILLID, 1, 1, "duplicate slug `tillid`"),
                e("content/cases/tillid.md", 1, 1, "duplicate slug `tillid`"),
            ],
        ),
        fixture(
            "enum-value-not-allowed",
            1,
            vec![e(TILLID, 4, 9, "`hoj` is not an allowed value")],
        ),
        fixture("invalid-date", 1, vec![e(TILLID, 4, 12, "not a day of the calendar")]),
        fixture(
            "invalid-slug",
            1,
            vec![e("content/begreber/Gråzone.md", 1, 1, "is not a valid slug")],
        ),
        fixture(
            "many-errors",
            1,
            vec![
                e("content/begreber/graense.md", 4, 1, "YAML syntax error"),
                e(KENDSKAB, 4, 9, "not an allowed value"),
                e(KENDSKAB, 5, 6, "must be a number"),
                e(KENDSKAB, 7, 20, "no card with that slug"),
                e(KENDSKAB, 7, 33, "does not have"),
                e(TILLID, 1, 1, "missing required field `summary`"),
                e(TILLID, 3, 1, "unknown field `sumary`"),
                e("content/cases/morgenmoeder.md", 4, 17, "no card with that slug"),
                e("content/cases/morgenmoeder.md", 6, 4, "does not have"),
            ],
        ),
        fixture(
            "missing-heading",
            1,
            vec![e(KENDSKAB, 5, 20, "points to heading `#nope`")],
        ),
        fixture(
            "missing-required-field",
            1,
            vec![e(TILLID, 1, 1, "missing required field `summary`")],
        ),
        fixture(
            "orphan-warning",
            0,
            vec![w("content/begreber/ensom.md", 1, 1, "is an orphan")],
        ),
        fixture(
            "relation-not-allowed-for-kind",
            1,
            vec![e(TILLID, 5, 3, "may not have relation `illustrerer`")],
        ),
        fixture(
            "relation-target-missing",
            1,
            vec![e("content/cases/morgenmoeder.md", 4, 27, "points to `tilid`")],
        ),
        fixture(
            "relation-target-wrong-kind",
            1,
            vec![e(
                "content/cases/morgenmoeder.md",
                4,
                27,
                "must point to a card of kind `begreb`",
            )],
        ),
        fixture("unknown-field", 1, vec![e(TILLID, 4, 1, "unknown field `summry`")]),
        fixture("unknown-kind", 1, vec![e(TILLID, 3, 7, "unknown kind `begrb`")]),
        fixture(
            "unterminated-front-matter",
            1,
            vec![e(TILLID, 1, 1, "unterminated front matter")],
        ),
        fixture("wrong-type", 1, vec![e(TILLID, 4, 6, "must be a number, not a text")]),
        fixture("yaml-syntax-error", 1, vec![e(TILLID, 3, 25, "YAML syntax error")]),
        // ------------------------------------------------------------ the file and its text
        row(
            "card-not-utf8",
            Site::Base(vec![(NY.into(), b"---\ntitle: N\xe6\n---\n".to_vec())]),
            check(1, vec![e(NY, 2, 9, "not valid UTF-8")]),
        ),
        row(
            "empty-file",
            base(&[(NY, "")]),
            check(1, vec![e(NY, 1, 1, "has no front matter")]),
        ),
        row(
            "front-matter-is-a-list",
            base(&[(NY, "---\n- title\n- summary\n---\n[[tillid]]\n")]),
            check(1, vec![e(NY, 2, 1, "not a set of `key: value` lines")]),
        ),
        row(
            "lone-cr-ends-a-line",
            base(&[(NY, "---\ntitle: Ny\rsummary: s\naar: mange\n---\nA\rSe [[tilid]].\n")]),
            check(
                1,
                vec![
                    w(NY, 1, 1, "is an orphan"),
                    e(NY, 4, 6, "must be a number"),
                    e(NY, 7, 4, "points to `tilid`"),
                ],
            ),
        ),
        row(
            "yaml-error-after-a-next-line-character",
            // YAML ends a line at U+0085 too; an editor does not, and neither does the position.
            card("questions: [\u{85}Hvorfor?]\naar: 99999999999999999999999\n", ""),
            check(1, vec![e(NY, 5, 6, "number too large")]),
        ),
        row(
            "config-with-a-lone-cr",
            base(&[("samkort.toml", "title = \"Fixture\"\r[kinds.begreb]\n")]),
            check(
                2,
                vec![e("samkort.toml", 2, 1, "carriage return must be followed by newline")],
            ),
        ),
        row(
            "config-string-open-at-a-crlf",
            base(&[("samkort.toml", "title = \"Fixture\r\n[kinds.begreb]\n")]),
            check(2, vec![e("samkort.toml", 1, 17, "invalid basic string")]),
        ),
        row(
            "nul-in-front-matter",
            base(&[(NY, "---\ntitle: Ny\nsummary: \"et \0 kort\"\n---\n[[tillid]]\n")]),
            check(1, vec![e(NY, 3, 14, "U+0000, a control character YAML does not allow")]),
        ),
        row(
            "escape-in-front-matter",
            base(&[(NY, "---\ntitle: Ny\x1b[31m\nsummary: s\n---\n[[tillid]]\n")]),
            check(1, vec![e(NY, 2, 10, "U+001B, a control character")]),
        ),
        row(
            "duplicate-key",
            base(&[(NY, "---\ntitle: Ny\nsummary: s\ntitle: Igen\n---\n[[tillid]]\n")]),
            check(1, vec![e(NY, 4, 1, "the key `title` twice")]),
        ),
        row(
            "duplicate-nested-key",
            card("source:\n  document: Rapport\n  document: Bog\n", ""),
            check(1, vec![e(NY, 6, 3, "the key `document` twice")]),
        ),
        row(
            "number-too-large",
            card("order: 99999999999999999999999\n", ""),
            check(1, vec![e(NY, 4, 8, "number too large")]),
        ),
        row(
            "negative-number-too-large",
            card("aar: -99999999999999999999999\n", ""),
            check(1, vec![e(NY, 4, 6, "number too large")]),
        ),
        row(
            "alias-bomb",
            card(
                "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n\
                 d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n\
                 f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n",
                "",
            ),
            check(1, vec![e(NY, 2, 1, "repetition limit exceeded")]),
        ),
        // --------------------------------------------------------------------- front matter
        row(
            "title-not-text",
            base(&[(NY, "---\ntitle: [Ny]\nsummary: s\n---\n[[tillid]]\n")]),
            check(1, vec![e(NY, 2, 8, "field `title` must be a text")]),
        ),
        row(
            "impossible-date",
            dated("2023-02-31"),
            check(1, vec![e(TILLID, 4, 12, "`2023-02-31` is not a day of the calendar")]),
        ),
        row(
            "date-with-signs",
            dated("+202-+2-+5"),
            check(1, vec![e(TILLID, 4, 12, "must be a date written YYYY-MM-DD")]),
        ),
        row(
            "unknown-relation-type",
            card("relations:\n  styrker: [tillid]\n", ""),
            check(1, vec![e(NY, 5, 3, "unknown relation type `styrker`")]),
        ),
        row(
            "steps-outside-a-course",
            card("steps: [tillid]\n", ""),
            check(1, vec![e(NY, 4, 1, "only for course kinds")]),
        ),
        row(
            "term-without-letters",
            card("tags: [\"???\"]\n", ""),
            check(1, vec![e(NY, 4, 9, "has no letters or digits")]),
        ),
        row(
            "term-spellings-across-cards",
            base(&[
                (NY, "---\ntitle: Ny\nsummary: s\ntags: [Æble]\n---\n[[tillid]]\n"),
                (
                    "content/begreber/to.md",
                    "---\ntitle: To\nsummary: s\ntags: [aeble]\n---\n[[tillid]]\n",
                ),
                (
                    "content/begreber/tre.md",
                    "---\ntitle: Tre\nsummary: s\ntags:\n  - AEBLE\n---\n[[tillid]]\n",
                ),
                (
                    "content/begreber/fire.md",
                    "---\ntitle: Fire\nsummary: s\ntags: [aeble]\n---\n[[tillid]]\n",
                ),
            ]),
            check(
                0,
                vec![
                    w(
                        NY,
                        4,
                        8,
                        "`Æble` in `tags` is one term with other spellings (`aeble`, `AEBLE`, `Æble`)",
                    ),
                    w("content/begreber/tre.md", 5, 5, "`AEBLE` in `tags` is one term"),
                ],
            ),
        ),
        row(
            "term-spellings-in-one-card",
            card("tags: [aeble, AEBLE]\n", ""),
            check(0, vec![w(NY, 4, 15, "`AEBLE` and `aeble` in `tags` are one term")]),
        ),
        // -------------------------------------------------------------------- file names
        row(
            "nfd-file-name",
            base(&[(
                "content/begreber/ga\u{30a}.md",
                "---\ntitle: Gå\nsummary: s\n---\n[[tillid]]\n",
            )]),
            check(
                1,
                vec![e("content/begreber/ga\u{30a}.md", 1, 1, "rename the file to `gaa.md`")],
            ),
        ),
        row(
            "file-name-too-long-for-a-page",
            Site::Base(vec![(
                format!("content/begreber/{long_stem}.md"),
                b"---\ntitle: Lang\nsummary: s\n---\n[[tillid]]\n".to_vec(),
            )]),
            check(
                1,
                vec![e("*", 1, 1, "would have a name of 256 bytes; file systems allow 255")],
            ),
        ),
        row(
            "term-too-long-for-a-page",
            Site::Base(vec![(
                NY.into(),
                format!("---\ntitle: Ny\nsummary: s\ntags: [{long_term}]\n---\n[[tillid]]\n").into_bytes(),
            )]),
            check(1, vec![e(NY, 4, 8, "would have a name of 265 bytes")]),
        ),
        row(
            "reserved-slug-index",
            base(&[(
                "content/begreber/index.md",
                "---\ntitle: Oversigt\nsummary: s\n---\n[[tillid]]\n",
            )]),
            check(
                1,
                vec![e("content/begreber/index.md", 1, 1, "the slug `index` is reserved")],
            ),
        ),
        row(
            "symlinked-kind-folder",
            Site::Made(|site| {
                write(
                    &site.join("elsewhere/morgenmoeder.md"),
                    "---\ntitle: Morgenmøder\n---\n[[tillid]]\n",
                );
                symlink(&site.join("elsewhere"), &site.join("content/cases"));
            }),
            check(0, vec![w("content/cases", 1, 1, "symbolic link not followed")]),
        ),
        row(
            "symlinked-card",
            Site::Made(|site| {
                write(
                    &site.join("elsewhere/ny.md"),
                    "---\ntitle: Ny\nsummary: s\n---\n[[tillid]]\n",
                );
                symlink(&site.join("elsewhere/ny.md"), &site.join(NY));
            }),
            check(
                0,
                vec![w(
                    NY,
                    1,
                    1,
                    "symbolic link not followed: the file it points to is left out",
                )],
            ),
        ),
        row(
            "no-content-folder",
            Site::Made(|site| std::fs::remove_dir_all(site.join("content")).unwrap()),
            check(1, vec![e("content", 1, 1, "the site has no content/ folder")]),
        ),
        // ------------------------------------------------------------------------- links
        row(
            "wikilink-with-empty-text",
            card("", "Og [[kendskab|]]."),
            check(1, vec![e(NY, 5, 19, "has no text after `|`")]),
        ),
        row(
            "wikilink-with-blank-text",
            card("", "Og [[tillid#tegn-paa-tillid| ]]."),
            check(1, vec![e(NY, 5, 19, "has no text after `|`")]),
        ),
        row(
            "markdown-link-to-a-missing-card",
            card("", "Og [her](../begreber/nope.md)."),
            check(1, vec![e(NY, 5, 19, "points to `nope`")]),
        ),
        row(
            "broken-link-after-20000-links-on-one-line",
            card("", &format!("{}[[nope]]", "[[kendskab]] ".repeat(20_000))),
            check(1, vec![e(NY, 5, 16 + 13 * 20_000, "points to `nope`")]),
        ),
        row(
            "collision-with-a-generated-page",
            base(&[("content/index.html", "<p>not the home page</p>")]),
            check(
                1,
                vec![e(
                    "content/index.html",
                    1,
                    1,
                    "`index.html` is also a file samkort writes",
                )],
            ),
        ),
        row(
            "collision-with-a-term-page",
            base(&[
                ("content/tags/tillid.html", "x"),
                (NY, "---\ntitle: Ny\nsummary: s\ntags: [tillid]\n---\n[[tillid]]\n"),
            ]),
            check(
                1,
                vec![e(
                    "content/tags/tillid.html",
                    1,
                    1,
                    "also a file samkort writes itself (term pages)",
                )],
            ),
        ),
        // ------------------------------------------------------------ configuration, theme
        row(
            "config-toml-syntax",
            base(&[(
                "samkort.toml",
                "title = \"Fixture\"\n[kinds.begreb\nfolder = \"begreber\"\n",
            )]),
            check(2, vec![e("samkort.toml", 2, 14, "")]),
        ),
        row(
            "unknown-template-filter",
            base(&[(
                "templates/404.html",
                "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ t.home | shout }}</p>\n{% endblock main %}\n",
            )]),
            check(2, vec![e("templates/404.html", 3, 16, "Unknown filter `shout`")]),
        ),
        row(
            "template-block-without-parent",
            base(&[(
                "templates/404.html",
                "{% extends \"base.html\" %}\n{% block indhold %}x{% endblock %}\n",
            )]),
            check(
                2,
                vec![e("templates/404.html", 2, 10, "Block `indhold` is not defined")],
            ),
        ),
        row(
            "template-syntax-error",
            base(&[(
                "templates/404.html",
                "{% extends \"base.html\" %}\n{% block main %}{{ x \n",
            )]),
            check(2, vec![e("templates/404.html", 2, 20, "Unexpected end of input")]),
        ),
        row(
            "template-not-utf8",
            Site::Base(vec![("templates/404.html".into(), b"{# h\xf8jre #}\n".to_vec())]),
            check(
                2,
                vec![e("templates/404.html", 1, 5, "the template is not valid UTF-8")],
            ),
        ),
        // ------------------------------------------------------ what a build writes or refuses
        row(
            "raw-html-and-javascript-urls-are-cleaned",
            card(
                "",
                "<script>alert(1)</script><img src=x onerror=alert(2)> [a](javascript:alert(3))\n\n## Hej {#x\"onmouseover=\"alert(4)}",
            ),
            Outcome::Build {
                out: "public",
                code: 0,
                stderr: "built 3 cards",
                then: |site| {
                    let page = read(&site.join("public/begreber/ny.html"));
                    for bad in ["<script>alert", "onerror", "javascript:", "onmouseover=\""] {
                        assert!(!page.contains(bad), "{bad} reached the page");
                    }
                },
            },
        ),
        row(
            "output-folder-of-someone-else",
            base(&[("speciale/thesis.docx", "mit speciale")]),
            Outcome::Build {
                out: "speciale",
                code: 2,
                stderr: "it holds files that samkort did not write",
                then: |site| assert_eq!(read(&site.join("speciale/thesis.docx")), "mit speciale"),
            },
        ),
        row(
            "output-is-a-file",
            base(&[]),
            Outcome::Build {
                out: "samkort.toml",
                code: 2,
                stderr: "it is samkort.toml",
                then: |site| assert!(site.join("samkort.toml").is_file()),
            },
        ),
        row(
            "output-inside-the-sources",
            base(&[]),
            Outcome::Build {
                out: "content/begreber",
                code: 2,
                stderr: "it is the content folder or inside",
                then: |site| assert!(site.join(TILLID).is_file()),
            },
        ),
        row(
            "eight-thousand-equal-headings",
            card("", &"\n\n## a".repeat(8_000)),
            Outcome::Build {
                out: "public",
                code: 0,
                stderr: "built 3 cards",
                then: |site| {
                    let page = read(&site.join("public/begreber/ny.html"));
                    assert!(page.contains("<h2 id=\"a\">") && page.contains("<h2 id=\"a-7999\">"));
                },
            },
        ),
    ]
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).expect("making a symbolic link");
}

#[cfg(not(unix))]
fn symlink(_: &Path, _: &Path) {}

/// Runs one row in `dir`; returns what went wrong, if anything.
fn run(row: &Row, dir: &Path, show: bool) -> Option<String> {
    let site = dir.join(row.name);
    match &row.site {
        Site::Fixture(name) => copy_dir(&fixture(&format!("errors/{name}")), &site),
        Site::Base(files) | Site::Over(_, files) => {
            let name = match &row.site {
                Site::Over(name, _) => name,
                _ => BASE,
            };
            copy_dir(&fixture(&format!("errors/{name}")), &site);
            for (rel, bytes) in files {
                write(&site.join(rel), bytes);
            }
        }
        Site::Made(make) => {
            copy_dir(&fixture(&format!("errors/{BASE}")), &site);
            make(&site);
        }
    }
    match &row.outcome {
        Outcome::Check(code, want) => {
            let (got_code, got) = check_json(&site, &[]);
            let got: Vec<(String, String, u64, u64, String)> = got
                .into_iter()
                .map(|d| {
                    let text = match d.help {
                        Some(help) => format!("{} (help: {help})", d.message),
                        None => d.message,
                    };
                    (d.severity.to_string(), d.file, d.line, d.column, text)
                })
                .collect();
            if show {
                println!("{}: exit {got_code}\n{got:#?}", row.name);
                return None;
            }
            let matches = got.len() == want.len()
                && got.iter().zip(want).all(|(g, w)| {
                    g.0 == w.0 && (w.1 == "*" || g.1 == w.1) && (g.2, g.3) == (w.2, w.3) && g.4.contains(w.4)
                });
            (!matches || got_code != *code).then(|| {
                format!(
                    "{}: expected exit {code} and\n{want:#?}\ngot exit {got_code} and\n{got:#?}",
                    row.name
                )
            })
        }
        Outcome::Build {
            out,
            code,
            stderr,
            then,
        } => {
            let run = samkort([
                "build".as_ref(),
                "--root".as_ref(),
                site.as_os_str(),
                "--output".as_ref(),
                site.join(out).as_os_str(),
            ]);
            if show {
                println!("{}: exit {}\n{}", row.name, run.code, run.stderr);
                return None;
            }
            if run.code != *code || !run.stderr.contains(stderr) {
                return Some(format!(
                    "{}: expected exit {code} with `{stderr}`, got exit {}:\n{}",
                    row.name, run.code, run.stderr
                ));
            }
            then(&site);
            None
        }
    }
}

#[test]
fn every_class_of_bad_input_gets_its_diagnostic_or_outcome() {
    let rows = rows();
    assert!(rows.len() >= 45, "the suite has {} rows", rows.len());
    let mut names: Vec<&str> = rows.iter().map(|r| r.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), rows.len(), "row names are unique");
    let show = std::env::var_os("SAMKORT_SHOW").is_some();
    let dir = TempDir::new("bad-input");
    let failures: Vec<String> = rows.iter().filter_map(|row| run(row, &dir, show)).collect();
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n\n")
    );
}
