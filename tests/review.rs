//! Review dates (`[review]` of samkort.toml, src/review.rs): `check` warns at the date of each
//! card whose day has come (a failure with `--strict`), `samkort review` lists those cards by
//! owner, and the built site is the same bytes whatever day it is built on.

mod common;

use std::path::Path;

use common::*;
use samkort::build::{self, Options};
use samkort::review::Day;

const REVIEW: &str = "\n[review]\nowner = \"ejer\"\ndate = \"revideres\"\n";

/// The fixture bom-crlf-valid with `[review]` and three more cards: two past their day (one
/// without an owner), one not yet.
fn site() -> TempDir {
    let dir = TempDir::new("review");
    copy_dir(&fixture("errors/bom-crlf-valid"), &dir);
    let config = read(&dir.join("samkort.toml")) + REVIEW;
    write(&dir.join("samkort.toml"), config);
    let card = |title: &str, front: &str| format!("---\ntitle: {title}\nsummary: s\n{front}---\nSe [[tillid]].\n");
    write(
        &dir.join("content/begreber/a.md"),
        card("Aa", "ejer: Birgit Holm\nrevideres: 2020-03-01\n"),
    );
    write(
        &dir.join("content/begreber/b.md"),
        card("Bb", "revideres: 2021-01-15\n"),
    );
    write(
        &dir.join("content/begreber/c.md"),
        card("Cc", "ejer: Anders Berg\nrevideres: 2999-12-31\n"),
    );
    write(
        &dir.join("content/begreber/d.md"),
        card("Dd", "ejer: Birgit Holm\nrevideres: 2019-06-30\n"),
    );
    dir
}

#[test]
fn check_warns_at_the_date_of_each_card_whose_day_has_come() {
    let dir = site();
    let (code, diags) = check_json(&dir, &[]);
    assert_eq!(code, 0);
    let due: Vec<(String, u64, u64)> = diags
        .iter()
        .map(|d| {
            assert_eq!(d.severity, "warning");
            assert!(
                d.message.starts_with("the card was due for review on "),
                "{}",
                d.message
            );
            (d.file.clone(), d.line, d.column)
        })
        .collect();
    assert_eq!(
        due,
        [
            ("content/begreber/a.md".to_string(), 5, 12),
            ("content/begreber/b.md".to_string(), 4, 12),
            ("content/begreber/d.md".to_string(), 5, 12),
        ]
    );
    assert_eq!(
        diags[0].help.as_deref(),
        Some("Birgit Holm reads the card through, then sets `revideres:` to the next review date")
    );
    let (strict, _) = check_json(&dir, &["--strict"]);
    assert_eq!(strict, 1, "--strict fails on a card past its review date");
}

#[test]
fn today_is_a_parameter_of_the_library() {
    let dir = site();
    let run = |today: &str| {
        let opts = Options {
            root: dir.to_path_buf(),
            today: Day::parse(today),
            ..Options::default()
        };
        let report = build::run(&opts).unwrap_or_else(|_| panic!("checks"));
        report
            .diagnostics
            .sorted()
            .into_iter()
            .map(|d| d.file)
            .collect::<Vec<_>>()
    };
    assert_eq!(run("2019-01-01").len(), 0);
    assert_eq!(run("2019-06-30").len(), 1, "due on the day itself");
    assert_eq!(run("2020-12-31").len(), 2);
    assert_eq!(run("3000-01-01").len(), 4);
}

#[test]
fn the_built_site_is_the_same_bytes_whatever_the_day() {
    let dir = site();
    let mut outputs = Vec::new();
    for today in ["2000-01-01", "2100-01-01"] {
        let out = dir.join(format!("public-{today}"));
        let opts = Options {
            root: dir.to_path_buf(),
            output: Some(out.clone()),
            write: true,
            today: Day::parse(today),
            ..Options::default()
        };
        let report = build::run(&opts).unwrap_or_else(|_| panic!("builds"));
        outputs.push((report.diagnostics.warnings(), snapshot(&out)));
    }
    assert_eq!(outputs[0].0, 0, "nothing due in 2000");
    assert_eq!(outputs[1].0, 3, "all but the card of 2999 due in 2100");
    assert!(outputs[0].1 == outputs[1].1, "the output does not depend on the day");
    let page = String::from_utf8(outputs[0].1[Path::new("begreber/a.html")].clone()).unwrap();
    for hidden in ["Birgit", "2020-03-01", "revideres"] {
        assert!(!page.contains(hidden), "no page shows `{hidden}`");
    }
}

#[test]
fn samkort_review_lists_the_due_cards_by_owner() {
    let dir = site();
    let root = dir.to_str().unwrap();
    let run = samkort(["review", "--root", root, "--by", "2024-06-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "3 cards due for review by 2024-06-01\n\
         \n\
         Birgit Holm: 2 cards\n\
         \x20 2019-06-30  content/begreber/d.md:5  Dd\n\
         \x20 2020-03-01  content/begreber/a.md:5  Aa\n\
         \n\
         no owner (`ejer:`): 1 card\n\
         \x20 2021-01-15  content/begreber/b.md:4  Bb\n"
    );
    let none = samkort(["review", "--root", root, "--by", "2019-01-01"]);
    assert_eq!(none.stdout, "no card is due for review by 2019-01-01\n");
}

#[test]
fn review_keys_are_checked_as_fields_and_unknown_without_the_table() {
    let dir = site();
    write(
        &dir.join("content/begreber/a.md"),
        "---\ntitle: Aa\nsummary: s\nejer: [x]\nrevideres: 2023-02-30\n---\nSe [[tillid]].\n",
    );
    let (code, diags) = check_json(&dir, &[]);
    assert_eq!(code, 1);
    let a: Vec<(u64, u64, &str)> = diags
        .iter()
        .filter(|d| d.file == "content/begreber/a.md")
        .map(|d| (d.line, d.column, d.message.as_str()))
        .collect();
    assert_eq!(
        a,
        [
            (4, 7, "field `ejer` must be a text"),
            (5, 12, "field `revideres`: `2023-02-30` is not a day of the calendar"),
        ]
    );
    // Without [review], the keys are unknown fields.
    let plain = TempDir::new("review-none");
    copy_dir(&fixture("errors/bom-crlf-valid"), &plain);
    write(
        &plain.join("content/begreber/a.md"),
        "---\ntitle: Aa\nsummary: s\nrevideres: 2020-01-01\n---\nSe [[tillid]].\n",
    );
    let (code, diags) = check_json(&plain, &[]);
    assert_eq!(code, 1);
    assert!(diags[0].message.starts_with("unknown field `revideres`"), "{diags:#?}");
}

#[test]
fn review_keys_may_not_clash_with_other_fields() {
    let dir = site();
    let config = read(&dir.join("samkort.toml")).replace("owner = \"ejer\"", "owner = \"aar\"");
    write(&dir.join("samkort.toml"), config);
    let (code, diags) = check_json(&dir, &[]);
    assert_eq!(code, 2);
    assert_eq!(
        diags[0].message,
        "the review key `aar` clashes with a built-in field, a taxonomy or a kind's field"
    );
}

#[test]
fn the_bundled_site_has_review_keys_in_its_schemas() {
    let (site, _) = build::load(&repo_root()).unwrap();
    let review = site.config.review.clone().expect("the bundled site has [review]");
    assert_eq!(
        (review.owner.as_str(), review.date.as_str()),
        ("ansvarlig", "revideres")
    );
    let slugs = samkort::schema::Slugs::of_cards(&site.config, &site.cards);
    let s = samkort::schema::kind_schema(&site.config, site.config.kind_id("case").unwrap(), &slugs);
    assert_eq!(s["properties"]["revideres"]["format"], "date");
    assert_eq!(
        s["properties"]["ansvarlig"]["type"],
        serde_json::json!(["string", "null"])
    );
}
