//! Property tests: samkort on generated and mutated sites (cards, front matter, samkort.toml
//! and Markdown with wikilinks), run in this process through the library, so a panic anywhere
//! fails the property at once and proptest shrinks the site that caused it.
//!
//! What must hold for every site:
//! - nothing panics, in check or build;
//! - every diagnostic has a position inside its file: a line the file has, and a column no
//!   further than one past the end of that line (lines end at LF, CRLF or a lone CR);
//! - check and build agree: the site checks without errors exactly when it builds;
//! - a build that succeeds is deterministic: a second build writes the same files, byte for
//!   byte.
//!
//! Each property runs 64 cases by default. A long run on demand (the sites are written to the
//! temporary folder, so put that on tmpfs):
//! `TMPDIR=/dev/shm PROPTEST_CASES=100000 cargo test --release --test properties`.

mod common;

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;
use samkort::build::{self, Failure, Options};
use samkort::diagnostic::{Diagnostic, Position};

use common::{TempDir, snapshot, write};

/// 64 cases, or as many as `PROPTEST_CASES` says.
fn config() -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 64;
    }
    config
}

const CONFIG: &str = r#"title = "Egenskaber"

[kinds.begreb]
folder = "begreber"
singular = "Begreb"
plural = "Begreber"
required = ["summary"]
fields.niveau = { type = "enum", values = ["lav", "hoej"] }
fields.aar = { type = "number" }
fields.revideret = { type = "date" }

[kinds.forloeb]
folder = "forloeb"
singular = "Forløb"
plural = "Forløb"
course = true

[relations.styrker]
from = ["begreb"]
to = ["begreb"]
label = "Styrker"
inverse = "Styrkes af"

[taxonomies.tags]
singular = "Emne"
plural = "Emner"
"#;

/// Slugs the generated cards take, and links point to.
const SLUGS: &[&str] = &["tillid", "kendskab", "respekt", "a", "x-1", "graense"];

/// Characters that break things: line ends, YAML and Markdown syntax, NUL, a BOM, a combining
/// ring, Danish letters, the private-use characters samkort uses as slot markers.
const NASTY: &[&str] = &[
    "\r", "\n", "\r\n", "\0", "\t", ":", ": ", "-", "---", "[", "]", "[[", "]]", "|", "#", "{", "}", "\"", "'", "*",
    "&", "!", "<", ">", "`", "```", "å", "a\u{30a}", "Æ", "\u{feff}", "\u{e000}", "\u{e002}", "\\", "%", "{{", "{%",
    " ", "\u{1b}", "\u{85}", "\u{2028}", "😀",
];

fn nasty() -> impl Strategy<Value = String> {
    prop::sample::select(NASTY).prop_map(str::to_string)
}

/// A slug that may name no card, or be no valid slug at all.
fn wild_slug() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z0-9-]{1,12}",
        1 => Just("index".to_string()),
        1 => Just("ga\u{30a}".to_string()),
        1 => Just("Gråzone".to_string()),
        1 => Just("a".repeat(251)),
    ]
}

/// One of the site's slugs; when `wild`, now and then any slug.
fn target(slugs: Vec<String>, wild: bool) -> BoxedStrategy<String> {
    match wild {
        true => prop_oneof![8 => prop::sample::select(slugs), 1 => wild_slug()].boxed(),
        false => prop::sample::select(slugs).boxed(),
    }
}

/// A value that is wrong somewhere: a bad date, a huge number, a wrong shape, YAML syntax.
fn wild_value() -> BoxedStrategy<String> {
    prop_oneof![
        Just("2023-02-31".to_string()),
        Just("+202-+2-+5".to_string()),
        Just("99999999999999999999999".to_string()),
        Just("[lav, hoej]".to_string()),
        Just("{a: b}".to_string()),
        Just("&a [x, *a]".to_string()),
        Just("|\n  to linjer\n  tekst".to_string()),
        prop::collection::vec(nasty(), 1..4).prop_map(|s| s.concat()),
    ]
    .boxed()
}

/// A front matter line for `key` with a fitting value, or (when `wild`) once in a while a wrong
/// one.
fn field(
    key: &'static str,
    good: impl Strategy<Value = String> + 'static,
    wild: bool,
) -> BoxedStrategy<Option<String>> {
    let value = match wild {
        true => prop_oneof![6 => good, 1 => wild_value()].boxed(),
        false => good.boxed(),
    };
    prop::option::weighted(0.3, value.prop_map(move |v| format!("{key}: {v}\n"))).boxed()
}

/// Front matter lines after the title and summary.
fn front(slugs: Vec<String>, wild: bool) -> BoxedStrategy<String> {
    let term = prop_oneof![
        "[A-Za-zæøå]{1,8}",
        Just("Æble".to_string()),
        Just("aeble".to_string()),
        Just("AEBLE".to_string())
    ];
    (
        (
            field("order", (-5i64..5).prop_map(|n| n.to_string()), wild),
            field(
                "tags",
                prop::collection::vec(term, 0..4).prop_map(|t| format!("[{}]", t.join(", "))),
                wild,
            ),
            field(
                "niveau",
                prop::sample::select(vec!["lav", "hoej"]).prop_map(str::to_string),
                wild,
            ),
            field("aar", (0u32..3000).prop_map(|n| n.to_string()), wild),
            field("revideret", Just("2024-02-29".to_string()), wild),
            field("questions", Just("[Hvorfor?, Hvordan?]".to_string()), wild),
        ),
        prop::option::weighted(
            0.3,
            prop::collection::vec(target(slugs, wild), 1..3)
                .prop_map(|t| format!("relations:\n  styrker: [{}]\n", t.join(", "))),
        ),
        prop::option::weighted(0.2, Just("flashcards:\n  - front: a\n    back: b\n".to_string())),
        prop::option::weighted(0.2, Just("source:\n  document: Rapport\n  locator: s. 3\n".to_string())),
        prop::option::weighted(
            0.1,
            (wild_slug(), wild_value()).prop_map(|(k, v)| format!("{k}: {v}\n")),
        )
        .prop_map(move |line| line.filter(|_| wild)),
    )
        .prop_map(|((a, b, c, d, e, f), g, h, i, j)| [a, b, c, d, e, f, g, h, i, j].into_iter().flatten().collect())
        .boxed()
}

/// A piece of a Markdown body.
fn body_piece(slugs: Vec<String>, wild: bool) -> BoxedStrategy<String> {
    prop_oneof![
        3 => "[A-Za-zæøå .,]{0,30}",
        4 => target(slugs.clone(), wild).prop_map(|s| format!("[[{s}]]")),
        1 => target(slugs.clone(), wild).prop_map(|s| format!("[[{s}#samme]]")),
        1 => (target(slugs.clone(), wild), "[A-Za-z ]{1,8}").prop_map(|(s, t)| format!("[[{s}|{t}]]")),
        1 => target(slugs, wild).prop_map(|s| format!("[tekst](../begreber/{s}.md)")),
        1 => "[A-Za-zæ ]{0,12}".prop_map(|h| format!("\n\n## {h}\n\n")),
        1 => Just("\n\n## Samme\n\n## Samme\n\n".to_string()),
        1 => Just("\n```rust\nfn main() {}\n```\n".to_string()),
        1 => Just("<script>alert(1)</script><img src=x onerror=alert(2)>".to_string()),
        1 => Just("[a](javascript:alert(1))".to_string()),
        1 => Just("\n| a | b |\n|---|---|\n| *c* | 2 |\n".to_string()),
        1 => nasty(),
    ]
    .boxed()
}

/// A card file: front matter and body, well-formed, linking mostly to the cards of `slugs`.
fn card_text(slugs: Vec<String>, wild: bool) -> BoxedStrategy<String> {
    (
        "[A-Za-zæøå ]{0,15}[A-Za-z]",
        front(slugs.clone(), wild),
        prop::collection::vec(body_piece(slugs, wild), 0..12),
    )
        .prop_map(|(title, front, body)| {
            format!(
                "---\ntitle: {title}\nsummary: Et kort.\n{front}---\n{}\n",
                body.concat()
            )
        })
        .boxed()
}

/// An edit of a text: replace, insert or delete a piece at a place given as a fraction of its
/// length.
#[derive(Debug, Clone)]
enum Edit {
    Insert(f64, String),
    Delete(f64, usize),
    Replace(f64, String),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0.0..1.0, nasty()).prop_map(|(at, s)| Edit::Insert(at, s)),
        (0.0..1.0, 1..8usize).prop_map(|(at, n)| Edit::Delete(at, n)),
        (0.0..1.0, nasty()).prop_map(|(at, s)| Edit::Replace(at, s)),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for e in edits {
        let at = |f: f64| ((chars.len() as f64) * f) as usize;
        match e {
            Edit::Insert(f, s) => {
                let i = at(*f);
                chars.splice(i..i, s.chars());
            }
            Edit::Delete(f, n) => {
                let i = at(*f);
                let end = (i + n).min(chars.len());
                chars.drain(i..end);
            }
            Edit::Replace(f, s) => {
                let i = at(*f).min(chars.len().saturating_sub(1));
                let end = (i + 1).min(chars.len());
                chars.splice(i..end, s.chars());
            }
        }
    }
    chars.into_iter().collect()
}

/// A card text with a few edits.
fn mutated(text: impl Strategy<Value = String> + 'static) -> BoxedStrategy<String> {
    (text, prop::collection::vec(edit(), 0..4))
        .prop_map(|(text, edits)| apply(&text, &edits))
        .boxed()
}

/// A generated site: samkort.toml and card files (path under content/, text).
#[derive(Debug, Clone)]
struct SiteFiles {
    config: String,
    cards: Vec<(String, String)>,
}

/// Card files (path under content/, text) with distinct slugs in the folder of kind `begreb`
/// (when `wild`, also other slugs and folders); `text` makes a card's text from the slugs.
fn cards(text: fn(Vec<String>) -> BoxedStrategy<String>, wild: bool) -> impl Strategy<Value = Vec<(String, String)>> {
    let names = match wild {
        true => prop_oneof![6 => prop::sample::select(SLUGS).prop_map(str::to_string), 1 => wild_slug()].boxed(),
        false => prop::sample::select(SLUGS).prop_map(str::to_string).boxed(),
    };
    prop::collection::btree_set(names, 1..6).prop_flat_map(move |names| {
        let names: Vec<String> = names.into_iter().collect();
        let folder = match wild {
            true => prop_oneof![8 => Just("begreber"), 1 => Just("forloeb"), 1 => Just("andet")].boxed(),
            false => Just("begreber").boxed(),
        };
        let each: Vec<_> = names
            .iter()
            .map(|name| (folder.clone(), Just(name.clone()), text(names.clone())))
            .collect();
        each.prop_map(|cards| cards.into_iter().map(|(f, s, t)| (format!("{f}/{s}.md"), t)).collect())
    })
}

fn config_text() -> impl Strategy<Value = String> {
    let extra = prop_oneof![
        Just(""),
        Just("raw_html = true\n"),
        Just("page_size = 1\n"),
        Just("page_size = 0\n"),
        Just("colour = \"red\"\n"),
        Just("language = \"en\"\n"),
    ];
    (extra, prop::collection::vec(edit(), 0..3)).prop_map(|(extra, edits)| apply(&format!("{extra}{CONFIG}"), &edits))
}

/// Writes the site into `dir`.
fn lay_out(site: &SiteFiles, dir: &Path) {
    write(&dir.join("samkort.toml"), &site.config);
    std::fs::create_dir_all(dir.join("content")).expect("content/");
    for (path, text) in &site.cards {
        write(&dir.join("content").join(path), text);
    }
}

/// The lines of a file as samkort counts them: BOM dropped, LF, CRLF and a lone CR end a line.
fn lines(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .split('\n')
        .map(str::to_string)
        .collect()
}

/// Every diagnostic points into its file: a line it has, a column at most one past the end.
fn assert_inside(root: &Path, diags: &[Diagnostic]) -> Result<(), TestCaseError> {
    for d in diags {
        prop_assert!(d.pos.line >= 1 && d.pos.col >= 1, "positions are 1-based: {d}");
        let file = root.join(&d.file);
        if !file.is_file() {
            // A folder or the built-in theme: the start is the only place there is.
            prop_assert_eq!((d.pos.line, d.pos.col), (1, 1), "{}", d);
            continue;
        }
        let lines = lines(&std::fs::read(&file).expect("reading the file of a diagnostic"));
        prop_assert!(
            d.pos.line <= lines.len(),
            "line past the end ({} lines): {d}",
            lines.len()
        );
        let width = lines[d.pos.line - 1].chars().count();
        prop_assert!(d.pos.col <= width + 1, "column past the end ({width} characters): {d}");
    }
    Ok(())
}

/// The diagnostics of a run and whether it failed.
fn outcome(result: Result<build::Report, (Failure, build::Timings)>) -> (bool, Vec<Diagnostic>) {
    match result {
        Ok(report) => (true, report.diagnostics.sorted()),
        Err((Failure::Content(d) | Failure::Config(d), _)) => (false, d.sorted()),
        // Reading or writing failed: no place in a file, so no diagnostic to hold to one.
        Err((Failure::Io(e), _)) => (
            false,
            vec![Diagnostic::error(
                "",
                Position::new(1, 1),
                samkort::msg!("diag.cannot-read-file", error = e),
            )],
        ),
    }
}

fn options(root: &Path, output: Option<PathBuf>) -> Options {
    Options {
        root: root.to_path_buf(),
        write: output.is_some(),
        output,
        ..Options::default()
    }
}

/// Checks and builds the site twice; asserts every property.
fn examine(site: &SiteFiles) -> Result<(), TestCaseError> {
    let dir = TempDir::new("property");
    let root = dir.join("site");
    lay_out(site, &root);
    let (checked, check_diags) = outcome(build::run(&options(&root, None)));
    assert_inside(&root, &check_diags)?;
    let first = dir.join("first");
    let (built, build_diags) = outcome(build::run(&options(&root, Some(first.clone()))));
    prop_assert_eq!(
        checked,
        built,
        "check and build disagree; check said {:#?}, build said {:#?}",
        check_diags,
        build_diags
    );
    if built {
        let second = dir.join("second");
        let (again, _) = outcome(build::run(&options(&root, Some(second.clone()))));
        prop_assert!(again, "the second build failed");
        prop_assert!(snapshot(&first) == snapshot(&second), "two builds of one site differ");
    } else {
        prop_assert_eq!(check_diags, build_diags, "check and build report differently");
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    /// Cards with generated front matter and bodies, some mutated character by character.
    #[test]
    fn mutated_cards(cards in cards(|slugs| mutated(card_text(slugs, true)), true)) {
        examine(&SiteFiles { config: CONFIG.to_string(), cards })?;
    }

    /// Well-formed cards whose bodies are Markdown with wikilinks, headings and raw HTML.
    #[test]
    fn markdown_with_wikilinks(cards in cards(|slugs| card_text(slugs, false), false)) {
        examine(&SiteFiles { config: CONFIG.to_string(), cards })?;
    }

    /// A mutated samkort.toml over cards that would be valid with the original.
    #[test]
    fn mutated_config(config in config_text(), cards in cards(|slugs| card_text(slugs, false), false)) {
        examine(&SiteFiles { config, cards })?;
    }
}
