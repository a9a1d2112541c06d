//! What `samkort check` reports, pinned down one error class at a time.
//!
//! Every test runs the real binary on a small site and compares the complete list of
//! diagnostics: file (relative to the site root), line, column, message and help. The sites
//! live in `tests/fixtures/errors/<case>/`, one per error class, each with its own
//! samkort.toml; tests that must change a site work on a copy in a temporary folder.
//!
//! Exit codes: 0 when the site is valid (warnings allowed), 1 for content errors (or warnings
//! under `--strict`), 2 for configuration errors. A panic (exit 101) is always a bug.

mod common;

use std::ffi::OsStr;
use std::fs;
use std::path::PathBuf;

use common::*;

/// The fixture site of one error class: `tests/fixtures/errors/<name>`.
fn case(name: &str) -> PathBuf {
    fixture(&format!("errors/{name}"))
}

/// Asserts the exit code and the complete, ordered list of diagnostics of a fixture.
#[track_caller]
fn assert_check(name: &str, code: i32, expected: &[Diag]) {
    let (got_code, got) = check_json(&case(name), &[]);
    assert_eq!(got, expected, "diagnostics of fixture `{name}`");
    assert_eq!(got_code, code, "exit code of fixture `{name}`");
}

const YAML_HELP: &str = "quote text that contains `: ` or starts with a special character such as `[`, `*` or `&`";

// -------------------------------------------------------------------- one class per fixture

#[test]
fn unterminated_front_matter_is_reported_at_the_opening_line() {
    assert_check(
        "unterminated-front-matter",
        1,
        &[error(
            "content/begreber/tillid.md",
            1,
            1,
            "unterminated front matter: the `---` on line 1 is never closed",
            Some("add a line with only `---` after the last YAML line"),
        )],
    );
}

#[test]
fn yaml_syntax_error_reports_file_line_and_character_column() {
    // `summary: Tillid på tværs: at stole på hinanden` — the second `: ` is at character 25
    // (byte 26, since `å` is two bytes); columns count characters.
    assert_check(
        "yaml-syntax-error",
        1,
        &[error(
            "content/begreber/tillid.md",
            3,
            25,
            "YAML syntax error in front matter: mapping values are not allowed in this context",
            Some(YAML_HELP),
        )],
    );
}

#[test]
fn unknown_field_points_at_the_key_and_suggests_the_near_field() {
    assert_check(
        "unknown-field",
        1,
        &[error(
            "content/begreber/tillid.md",
            4,
            1,
            "unknown field `summry` for a card of kind `begreb`",
            Some("did you mean `summary`?"),
        )],
    );
}

#[test]
fn missing_required_field_names_the_field_and_the_kind() {
    assert_check(
        "missing-required-field",
        1,
        &[error(
            "content/begreber/tillid.md",
            1,
            1,
            "missing required field `summary` for a card of kind `begreb`",
            Some("add `summary:` to the front matter"),
        )],
    );
}

#[test]
fn empty_required_field_is_reported_at_its_value_and_says_it_is_empty() {
    let help = Some("write the card's `summary` after `summary:`; a card of kind `begreb` needs it");
    for (yaml, line, col) in [
        ("title: Tillid\n# a hint\nsummary: \"\"\n", 4, 10),
        ("title: Tillid\nsummary:\n# a hint above the next key\n", 3, 1),
        ("title: Tillid\nsummary: '  '\n", 3, 10),
    ] {
        let (code, got) = check_edited(
            &case("missing-required-field"),
            &[(
                "content/begreber/tillid.md",
                &format!("---\n{yaml}---\nTillid vokser af [[kendskab]].\n"),
            )],
        );
        assert_eq!(
            got,
            [error(
                "content/begreber/tillid.md",
                line,
                col,
                "required field `summary` is empty",
                help
            )],
            "{yaml}"
        );
        assert_eq!(code, 1);
    }
}

#[test]
fn wrong_field_type_points_at_the_value_and_names_both_types() {
    assert_check(
        "wrong-type",
        1,
        &[error(
            "content/begreber/tillid.md",
            4,
            6,
            "field `aar` must be a number, not a text",
            None,
        )],
    );
}

#[test]
fn value_outside_an_enum_points_at_the_value_and_suggests_the_nearest_allowed_one() {
    assert_check(
        "enum-value-not-allowed",
        1,
        &[error(
            "content/begreber/tillid.md",
            4,
            9,
            "`hoj` is not an allowed value of `niveau`",
            Some("did you mean `hoej`?"),
        )],
    );
}

#[test]
fn date_that_is_not_in_the_calendar_points_at_the_value_and_leap_days_are_kept() {
    // kendskab.md has `revideret: 2024-02-29` (a leap day) and passes; 2023 has no 29 February.
    assert_check(
        "invalid-date",
        1,
        &[error(
            "content/begreber/tillid.md",
            4,
            12,
            "field `revideret`: `2023-02-29` is not a day of the calendar",
            Some("that month has 28 days"),
        )],
    );
}

#[test]
fn date_with_a_sign_or_a_short_month_is_not_written_yyyy_mm_dd() {
    let card = |title: &str, date: &str, link: &str| {
        format!("---\ntitle: {title}\nsummary: Et begreb.\nrevideret: {date}\n---\nSe [[{link}]].\n")
    };
    let (code, got) = check_edited(
        &case("invalid-date"),
        &[
            (
                "content/begreber/kendskab.md",
                &card("Kendskab", "2024-+1-01", "tillid"),
            ),
            ("content/begreber/tillid.md", &card("Tillid", "2024-1-01", "kendskab")),
            ("content/begreber/respekt.md", &card("Respekt", "2023-04-31", "tillid")),
        ],
    );
    let help = Some("for example `2024-05-26`");
    assert_eq!(
        got,
        [
            error(
                "content/begreber/kendskab.md",
                4,
                12,
                "field `revideret` must be a date written YYYY-MM-DD",
                help
            ),
            error(
                "content/begreber/respekt.md",
                4,
                12,
                "field `revideret`: `2023-04-31` is not a day of the calendar",
                Some("that month has 30 days"),
            ),
            error(
                "content/begreber/tillid.md",
                4,
                12,
                "field `revideret` must be a date written YYYY-MM-DD",
                help
            ),
        ]
    );
    assert_eq!(code, 1);
}

#[test]
fn unknown_kind_points_at_the_value_and_suggests_a_declared_kind() {
    assert_check(
        "unknown-kind",
        1,
        &[error(
            "content/begreber/tillid.md",
            3,
            7,
            "unknown kind `begrb`",
            Some("did you mean `begreb`?"),
        )],
    );
}

#[test]
fn relation_the_kind_may_not_have_points_at_the_relation_key() {
    assert_check(
        "relation-not-allowed-for-kind",
        1,
        &[error(
            "content/begreber/tillid.md",
            5,
            3,
            "a card of kind `begreb` may not have relation `illustrerer`",
            Some("kind `begreb` may have no relations"),
        )],
    );
}

#[test]
fn missing_relation_target_points_at_the_list_item_and_suggests_a_slug() {
    // `  illustrerer: [kendskab, tilid]`: `kendskab` resolves, `tilid` at column 27 does not.
    assert_check(
        "relation-target-missing",
        1,
        &[error(
            "content/cases/morgenmoeder.md",
            4,
            27,
            "relation `illustrerer` points to `tilid`, but there is no card with that slug",
            Some("did you mean `tillid`?"),
        )],
    );
}

#[test]
fn relation_target_of_the_wrong_kind_names_the_allowed_and_the_actual_kind() {
    assert_check(
        "relation-target-wrong-kind",
        1,
        &[error(
            "content/cases/morgenmoeder.md",
            4,
            27,
            "relation `illustrerer` must point to a card of kind `begreb`, but `tavlemoeder` is a `case`",
            None,
        )],
    );
}

#[test]
fn duplicate_slug_reports_both_files_each_naming_the_other() {
    let help = Some("slugs must be unique across the site; rename one of the files");
    assert_check(
        "duplicate-slug",
        1,
        &[
            error(
                "content/begreber/tillid.md",
                1,
                1,
                "duplicate slug `tillid`: content/cases/tillid.md has the same file name",
                help,
            ),
            error(
                "content/cases/tillid.md",
                1,
                1,
                "duplicate slug `tillid`: content/begreber/tillid.md has the same file name",
                help,
            ),
        ],
    );
}

#[test]
fn file_name_that_is_not_an_ascii_slug_is_an_error_with_the_transliterated_name() {
    assert_check(
        "invalid-slug",
        1,
        &[error(
            "content/begreber/Gråzone.md",
            1,
            1,
            "file name `Gråzone.md` is not a valid slug (lowercase ASCII letters, digits and single hyphens)",
            Some("rename the file to `graazone.md`"),
        )],
    );
}

#[test]
fn broken_wikilink_reports_file_line_and_suggestion() {
    // `Det fører til [[tilid]] med tiden.` is line 7; the link starts at character 15.
    assert_check(
        "broken-wikilink",
        1,
        &[error(
            "content/begreber/kendskab.md",
            7,
            15,
            "link `[[tilid]]` points to `tilid`, but there is no card with that slug",
            Some("did you mean `tillid`?"),
        )],
    );
}

#[test]
fn wikilink_to_a_missing_heading_lists_the_headings_the_card_has() {
    assert_check(
        "missing-heading",
        1,
        &[error(
            "content/begreber/kendskab.md",
            5,
            20,
            "link `[[tillid#nope]]` points to heading `#nope`, which `tillid` does not have",
            Some("headings of `tillid`: tegn-paa-tillid"),
        )],
    );
}

#[test]
fn unknown_key_in_config_exits_2_with_line_and_column() {
    let keys = "`folder`, `singular`, `plural`, `required`, `fields`, `course`, `step_fields`, `step_duration`, `scale`, `icon`";
    assert_check(
        "config-unknown-key",
        2,
        &[error(
            "samkort.toml",
            8,
            1,
            &format!("samkort.toml: unknown field `colour`, expected one of {keys}"),
            Some(&format!("allowed keys: {keys}")),
        )],
    );
}

#[test]
fn card_with_bom_and_crlf_line_ends_is_valid() {
    let site = case("bom-crlf-valid");
    let raw = fs::read(site.join("content/begreber/tillid.md")).unwrap();
    assert!(
        raw.starts_with(b"\xEF\xBB\xBF---\r\n"),
        "the fixture keeps its BOM and CRLF"
    );
    assert_check("bom-crlf-valid", 0, &[]);
}

#[test]
fn every_error_in_every_file_is_reported_sorted_by_file_then_line_then_column() {
    let expected = [
        error(
            "content/begreber/graense.md",
            4,
            1,
            "YAML syntax error in front matter: did not find expected ',' or ']'",
            Some(YAML_HELP),
        ),
        error(
            "content/begreber/kendskab.md",
            4,
            9,
            "`mellem` is not an allowed value of `niveau`",
            Some("allowed: lav, hoej"),
        ),
        error(
            "content/begreber/kendskab.md",
            5,
            6,
            "field `aar` must be a number, not a text",
            None,
        ),
        error(
            "content/begreber/kendskab.md",
            7,
            20,
            "link `[[tilid]]` points to `tilid`, but there is no card with that slug",
            Some("did you mean `tillid`?"),
        ),
        error(
            "content/begreber/kendskab.md",
            7,
            33,
            "link `[[kendskab#nope]]` points to heading `#nope`, which `kendskab` does not have",
            Some("`kendskab` has no headings"),
        ),
        error(
            "content/begreber/tillid.md",
            1,
            1,
            "missing required field `summary` for a card of kind `begreb`",
            Some("add `summary:` to the front matter"),
        ),
        error(
            "content/begreber/tillid.md",
            3,
            1,
            "unknown field `sumary` for a card of kind `begreb`",
            Some("did you mean `summary`?"),
        ),
        error(
            "content/cases/morgenmoeder.md",
            4,
            17,
            "relation `illustrerer` points to `kendsksb`, but there is no card with that slug",
            Some("did you mean `kendskab`?"),
        ),
        error(
            "content/cases/morgenmoeder.md",
            6,
            4,
            "link `[[tillid#tegn]]` points to heading `#tegn`, which `tillid` does not have",
            Some("`tillid` has no headings"),
        ),
    ];
    let (code, got) = check_json(&case("many-errors"), &[]);
    assert_eq!(got, expected);
    assert_eq!(code, 1);
    let keys: Vec<_> = got.iter().map(|d| (&d.file, d.line, d.column)).collect();
    assert!(keys.is_sorted(), "sorted by file, line and column: {keys:?}");
}

// ------------------------------------------------------------------------ formats and flags

#[test]
fn github_format_prints_one_workflow_annotation_per_diagnostic() {
    let site = case("broken-wikilink");
    let run = samkort_in(&site, ["check", "--format", "github"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "::error file=content/begreber/kendskab.md,line=7,col=15,title=samkort broken-link::\
         link `[[tilid]]` points to `tilid`, but there is no card with that slug (did you mean `tillid`?)\n"
    );

    // Every line of a bigger report has the same shape, in the same order as the JSON.
    let site = case("many-errors");
    let run = samkort_in(&site, ["check", "--format", "github"]);
    assert_eq!(run.code, 1);
    let (_, json) = check_json(&site, &[]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), json.len());
    for (line, d) in lines.iter().zip(&json) {
        let prefix = format!(
            "::{} file={},line={},col={},title=samkort ",
            d.severity, d.file, d.line, d.column
        );
        assert!(line.starts_with(&prefix), "{line:?} should start with {prefix:?}");
        assert!(
            line.contains(&format!("::{}", d.message)),
            "{line:?} should hold {:?}",
            d.message
        );
    }
}

/// A copy of the fixture `name` at `<temp>/repo/site`, as a site kept in a subfolder of a
/// repository; returns the temporary folder (the repository is `repo` inside it).
fn site_in_subfolder(name: &str) -> common::TempDir {
    let tmp = common::TempDir::new("subfolder");
    copy_dir(&case(name), &tmp.join("repo/site"));
    tmp
}

#[test]
fn github_annotations_of_a_site_in_a_subfolder_name_the_file_from_the_current_directory() {
    let tmp = site_in_subfolder("broken-wikilink");
    let repo = tmp.join("repo");
    let run = samkort_in(&repo, ["check", "--root", "site", "--format", "github"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "::error file=site/content/begreber/kendskab.md,line=7,col=15,title=samkort broken-link::\
         link `[[tilid]]` points to `tilid`, but there is no card with that slug (did you mean `tillid`?)\n"
    );
    // `./site/` and an absolute path under the current directory mean the same folder.
    let abs = repo.join("site");
    for root in [OsStr::new("./site/"), abs.as_os_str()] {
        let run = samkort_in(
            &repo,
            [
                OsStr::new("check"),
                OsStr::new("--root"),
                root,
                OsStr::new("--format"),
                OsStr::new("github"),
            ],
        );
        assert!(
            run.stdout.starts_with(
                "::error file=site/content/begreber/kendskab.md,line=7,col=15,title=samkort broken-link::"
            ),
            "--root {root:?}: {}",
            run.stdout
        );
    }
}

#[test]
fn json_and_human_reports_of_a_site_in_a_subfolder_name_the_file_from_the_current_directory() {
    let tmp = site_in_subfolder("broken-wikilink");
    let repo = tmp.join("repo");
    let run = samkort_in(&repo, ["check", "--root", "site", "--format", "json"]);
    assert_eq!(run.code, 1);
    let files: Vec<String> = parse_json(&run.stdout).into_iter().map(|d| d.file).collect();
    assert_eq!(files, ["site/content/begreber/kendskab.md"]);

    let run = samkort_in(&repo, ["check", "--root", "site"]);
    assert!(
        run.stderr
            .starts_with("error: site/content/begreber/kendskab.md:7:15: link `[[tilid]]`"),
        "{}",
        run.stderr
    );
    let run = samkort_in(&repo, ["build", "--root", "site"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("error: site/content/begreber/kendskab.md:7:15: "),
        "{}",
        run.stderr
    );
}

#[test]
fn a_site_outside_the_current_directory_is_named_as_given() {
    let tmp = site_in_subfolder("broken-wikilink");
    let elsewhere = tmp.join("elsewhere");
    fs::create_dir_all(&elsewhere).expect("creating a folder");
    let run = samkort_in(&elsewhere, ["check", "--root", "../repo/site", "--format", "github"]);
    assert!(
        run.stdout
            .starts_with("::error file=../repo/site/content/begreber/kendskab.md,line=7,"),
        "{}",
        run.stdout
    );
}

#[test]
fn strict_turns_an_orphan_warning_into_exit_1_while_plain_check_exits_0() {
    let site = case("orphan-warning");
    let orphan = [warning(
        "content/begreber/ensom.md",
        1,
        1,
        "card `ensom` is an orphan: no card links to it and it links to none",
        Some("add a relation or a [[wikilink]] to or from a related card"),
    )];
    let (code, diags) = check_json(&site, &[]);
    assert_eq!(diags, orphan);
    assert_eq!(code, 0, "a warning alone does not fail a plain check");

    let (code, diags) = check_json(&site, &["--strict"]);
    assert_eq!(diags, orphan);
    assert_eq!(code, 1, "--strict fails on the warning");
}

// -------------------------------------------------------------------------- positions

#[test]
fn bom_and_crlf_do_not_shift_reported_lines_or_columns() {
    let card = "\u{feff}---\r\ntitle: Kendskab\r\nsummary: At kende den anden sektor.\r\naar: mange\r\n---\r\n\
                Kendskab fører til [[tilid]].\r\n";
    let (code, diags) = check_edited(&case("bom-crlf-valid"), &[("content/begreber/kendskab.md", card)]);
    assert_eq!(
        diags,
        [
            error(
                "content/begreber/kendskab.md",
                4,
                6,
                "field `aar` must be a number, not a text",
                None
            ),
            error(
                "content/begreber/kendskab.md",
                6,
                20,
                "link `[[tilid]]` points to `tilid`, but there is no card with that slug",
                Some("did you mean `tillid`?"),
            ),
        ]
    );
    assert_eq!(code, 1);
}

#[test]
fn top_level_field_is_located_at_its_own_line_not_at_a_nested_line_of_the_same_name() {
    // `aar:` also appears inside the summary text and `locator:` inside `source`; the
    // diagnostics must point at the top-level keys (lines 9 and 8), not at those.
    let card = "---\ntitle: Tillid\nsummary: |\n  aar: 1990 var et godt år\nsource:\n  document: Rapport\n  \
                locator: s. 3\nlocator: s. 4\naar: mange\n---\nTillid vokser af [[kendskab]].\n";
    let (code, diags) = check_edited(&case("wrong-type"), &[("content/begreber/tillid.md", card)]);
    assert_eq!(
        diags,
        [
            error(
                "content/begreber/tillid.md",
                8,
                1,
                "unknown field `locator` for a card of kind `begreb`",
                Some("declare it under [kinds.begreb.fields] in samkort.toml"),
            ),
            error(
                "content/begreber/tillid.md",
                9,
                6,
                "field `aar` must be a number, not a text",
                None
            ),
        ]
    );
    assert_eq!(code, 1);
}

// ------------------------------------------------------------------------------ building

#[test]
fn failed_build_leaves_the_previous_output_untouched() {
    let tmp = TempDir::new("failed-build");
    let site = tmp.path().join("site");
    let out = tmp.path().join("public");
    copy_dir(&case("bom-crlf-valid"), &site);
    let build = || {
        samkort([
            "build".as_ref(),
            "--root".as_ref(),
            site.as_os_str(),
            "--output".as_ref(),
            out.as_os_str(),
        ])
    };

    let first = build();
    assert_eq!(first.code, 0, "the valid site builds:\n{}", first.stderr);
    let index = fs::read(out.join("index.html")).expect("the build wrote index.html");
    let html = scraper::Html::parse_document(&String::from_utf8_lossy(&index));
    let links = scraper::Selector::parse("a").unwrap();
    assert!(
        html.select(&links).any(|a| a.text().any(|t| t.contains("Tillid"))),
        "index.html links to the Tillid card"
    );
    let before = snapshot(&out);

    // A new title (which would change index.html) plus a broken link (which fails the build).
    write(
        &site.join("content/begreber/tillid.md"),
        "---\ntitle: Tillid og tvivl\nsummary: At stole på hinanden.\n---\nTillid vokser af [[kendskb]].\n",
    );
    let second = build();
    assert_eq!(second.code, 1, "the broken site fails:\n{}", second.stderr);
    assert!(second.stderr.contains("the previous output was left untouched"));

    assert_eq!(
        fs::read(out.join("index.html")).unwrap(),
        index,
        "index.html is byte-identical"
    );
    assert!(snapshot(&out) == before, "no file of the previous output changed");
    let leftovers: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("-build"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary build folders are left: {leftovers:?}"
    );
}

// ---------------------------------------------------------------------------- robustness

#[test]
fn hostile_card_texts_give_exit_0_or_1_and_never_panic() {
    let deep_flow = format!(
        "---\ntitle: Dyb\nsummary: {}{}\n---\n[[kendskab]]\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let mut deep_block = String::from("---\ntitle: Dyb\nsummary: s\n");
    for i in 0..300 {
        deep_block.push_str(&format!("{}k{i}:\n", "  ".repeat(i)));
    }
    deep_block.push_str("---\n[[kendskab]]\n");
    let long_lines = format!(
        "---\ntitle: {}\nsummary: {}\n---\n{}{}\n",
        "T".repeat(10_000),
        "s".repeat(10_000),
        "[[kendskab]] ".repeat(800),
        "x".repeat(10_000)
    );
    let many_headings = format!(
        "---\ntitle: H\nsummary: s\n---\n[[kendskab]]\n\n{}",
        "## Samme\n\n".repeat(1000)
    );
    let alias_bomb = "---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n\
                      c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n\
                      e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n\
                      g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ntitle: x\n---\n";

    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty file", Vec::new()),
        ("only ---", b"---".to_vec()),
        ("only --- twice", b"---\n---\n".to_vec()),
        ("BOM only", "\u{feff}".into()),
        ("binary bytes", b"\x00\x01\xff\xfe---\n\x80\x81 [[\n".to_vec()),
        ("control characters in YAML", b"---\ntitle: \x00\x07\x1b\n---\n".to_vec()),
        ("deeply nested flow YAML", deep_flow.into()),
        ("deeply nested block YAML", deep_block.into()),
        ("YAML list instead of a mapping", b"---\n- title\n- summary\n---\n".to_vec()),
        ("YAML scalar instead of a mapping", b"---\nbare tekst\n---\n".to_vec()),
        ("self-referencing alias", b"---\na: &a [*a]\ntitle: x\n---\n".to_vec()),
        ("alias bomb", alias_bomb.into()),
        ("tabs", b"---\ntitle:\tTabs\n\tsummary: s\n---\n\tkode\n".to_vec()),
        ("tab-separated value", b"---\ntitle: Tabs\nsummary:\ts\n---\n\t[[kendskab]]\n".to_vec()),
        ("10k-character lines", long_lines.into()),
        (
            "half wikilinks",
            "---\ntitle: W\nsummary: s\n---\n[[kendskab]] [[\n\n[[|]]\n\n[[#]]\n\n[[]]\n\n[[#|x]]\n\n]] [[ [[kendskab|]] [[ |x]] [[kendskab#]] [[kendskab|[[x]]]]\n".into(),
        ),
        (
            "wrong shapes of known fields",
            "---\n? [a, b]\n: c\n1: x\ntitle: [T]\nsummary: {a: b}\nrelations: [a]\ntags: [\" \", {a: b}]\nsource: {document: 3, x: y}\nflashcards: [1, {front: a}, {front: a, back: b, c: d}]\nquestions: {a: b}\nniveau: [lav]\naar: .nan\n---\n".into(),
        ),
        (
            "lone carriage returns",
            "---\r\ntitle: CR\rsummary: s\r\n---\r\n[[kendskab]]\r".into(),
        ),
        (
            "slot markers, NUL and template syntax in the body",
            "---\ntitle: \"{{ x }} {% raw %} <script>alert(1)</script>\"\nsummary: s\n---\n[[kendskab]] \u{E000}0\u{E002} \u{E001}1\u{E002} \0 {{ x }} {% if %}\n\n# \n\n## \u{E000}\n\n[x](kendskab.md#) [y](#) <div>[[kendskab]]</div>\n".into(),
        ),
        ("a thousand equal headings", many_headings.into()),
    ];

    let tmp = TempDir::new("hostile");
    for (i, (what, text)) in cases.iter().enumerate() {
        let site = tmp.path().join(format!("site-{i}"));
        copy_dir(&case("bom-crlf-valid"), &site);
        let hostile = "content/begreber/fjendtlig.md";
        write(&site.join(hostile), text);
        let run = samkort_in(&site, ["check", "--format", "json"]);
        assert!(
            run.code == 0 || run.code == 1,
            "{what}: exit {} (expected 0 or 1)\n{}",
            run.code,
            run.stderr
        );
        let diags = parse_json(&run.stdout);
        let errors: Vec<&Diag> = diags.iter().filter(|d| d.severity == "error").collect();
        assert_eq!(
            run.code == 1,
            !errors.is_empty(),
            "{what}: exit 1 exactly when there are errors"
        );
        for d in errors {
            assert_eq!(d.file, hostile, "{what}: errors belong to the hostile card: {d:?}");
            assert!(d.line >= 1 && d.column >= 1, "{what}: positions are 1-based: {d:?}");
        }
        if run.code == 0 {
            // What passes the check must also build.
            let out = tmp.path().join(format!("public-{i}"));
            let built = samkort([
                "build".as_ref(),
                "--root".as_ref(),
                site.as_os_str(),
                "--output".as_ref(),
                out.as_os_str(),
            ]);
            assert_eq!(built.code, 0, "{what}: a checked site builds\n{}", built.stderr);
            assert!(
                out.join("begreber/fjendtlig.html").is_file(),
                "{what}: the card got a page"
            );
        }
    }
}

#[test]
fn links_to_a_card_that_failed_on_its_own_are_not_reported_again() {
    let card = "---\ntitle: Kendskab\nsummary: At kende den anden sektor.\n---\nKendskab giver [[respekt]] og siden [[tillid]].\n";
    let (code, got) = check_edited(&case("unknown-kind"), &[("content/begreber/kendskab.md", card)]);
    assert_eq!(
        got,
        [error(
            "content/begreber/tillid.md",
            3,
            7,
            "unknown kind `begrb`",
            Some("did you mean `begreb`?"),
        )]
    );
    assert_eq!(code, 1);
}

#[test]
fn the_slug_index_is_reserved_for_the_kind_index_page() {
    let (code, got) = check_edited(
        &case("unknown-kind"),
        &[
            (
                "content/begreber/tillid.md",
                "---\ntitle: Tillid\nsummary: At stole på hinanden.\n---\nTillid vokser af [[kendskab]].\n",
            ),
            (
                "content/begreber/index.md",
                "---\ntitle: Oversigt\nsummary: Alle begreber.\n---\nSe [[tillid]].\n",
            ),
        ],
    );
    assert_eq!(
        got,
        [error(
            "content/begreber/index.md",
            1,
            1,
            "the slug `index` is reserved: the page would replace the kind's index page",
            Some("rename the file"),
        )]
    );
    assert_eq!(code, 1);
}

#[test]
fn a_card_declaring_another_kind_than_its_folder_gets_a_warning() {
    let config = fs::read_to_string(case("unknown-kind").join("samkort.toml")).unwrap();
    assert!(config.contains("[kinds.case]"), "the fixture declares a second kind");
    let card = "---\ntitle: Tillid\nkind: case\nsummary: At stole på hinanden.\n---\nTillid vokser af [[kendskab]].\n";
    let (code, got) = check_edited(&case("unknown-kind"), &[("content/begreber/tillid.md", card)]);
    assert_eq!(
        got,
        [warning(
            "content/begreber/tillid.md",
            3,
            7,
            "the card says it is a `case`, but it sits in the folder of kind `begreb`; its page is written to cases/",
            Some("move the file to content/cases/ or remove `kind:`"),
        )]
    );
    assert_eq!(code, 0);
}

// ------------------------------------------------------------------------------- languages

/// (severity, code, file, line, column, message) of each diagnostic of a JSON report.
fn coded(stdout: &str) -> Vec<(String, String, String, u64, u64, String)> {
    parse_json(stdout); // holds the report to its shape
    let value: serde_json::Value = serde_json::from_str(stdout).unwrap_or_default();
    let text = |d: &serde_json::Value, k: &str| d[k].as_str().unwrap_or_default().to_string();
    value
        .as_array()
        .map(|list| {
            list.iter()
                .map(|d| {
                    (
                        text(d, "severity"),
                        text(d, "code"),
                        text(d, "file"),
                        d["line"].as_u64().unwrap_or(0),
                        d["column"].as_u64().unwrap_or(0),
                        text(d, "message"),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_danish_site_is_reported_in_danish_under_the_codes_of_the_english_report() {
    // The fixture's samkort.toml names no language: the site is Danish.
    let site = case("many-errors");
    let en = samkort_speaking(&site, Some("en"), ["check", "--format", "json"]);
    let da = samkort_speaking(&site, None, ["check", "--format", "json"]);
    assert_eq!((en.code, da.code), (1, 1));
    let (en, da) = (coded(&en.stdout), coded(&da.stdout));
    assert!(en.len() > 5, "{en:?}");
    assert_eq!(en.len(), da.len());
    for (e, d) in en.iter().zip(&da) {
        // The same diagnostic at the same place under the same code, in other words.
        assert_eq!((&e.0, &e.1, &e.2, e.3, e.4), (&d.0, &d.1, &d.2, d.3, d.4));
        assert_ne!(e.5, d.5, "`{}` is said in Danish too", e.1);
    }
    let broken = da
        .iter()
        .find(|d| d.1 == "broken-link")
        .expect("the fixture has a broken link");
    assert!(broken.5.starts_with("linket `[["), "{}", broken.5);

    // The human report and its closing line, too.
    let human = samkort_speaking(&site, None, ["check"]);
    assert!(human.stderr.contains(&format!(": {}\n", broken.5)), "{}", human.stderr);
    let closing = samkort::messages::text(
        samkort::config::Language::Da,
        "cli.check-failed",
        &[
            (
                "errors",
                &samkort::messages::count(samkort::config::Language::Da, "errors", da.len()),
            ),
            (
                "warnings",
                &samkort::messages::count(samkort::config::Language::Da, "warnings", 0),
            ),
        ],
    );
    assert!(human.stderr.ends_with(&format!("{closing}\n")), "{}", human.stderr);
    assert!(!human.stderr.contains("previous output"), "{}", human.stderr);

    // A value that is no language is said, and the site's language used.
    let german = samkort_speaking(&site, Some("de"), ["check"]);
    assert!(
        german
            .stderr
            .starts_with("warning: SAMKORT_LANG=`de` is not `da` or `en`; messages are in the site's language\n"),
        "{}",
        german.stderr
    );
    assert!(german.stderr.ends_with(&format!("{closing}\n")), "{}", german.stderr);

    // SAMKORT_LANG chooses the language of the report, whatever the site's.
    let english = samkort_speaking(&site, Some("en"), ["check"]);
    assert!(
        english
            .stderr
            .ends_with(&format!("failed: {} errors, 0 warnings\n", da.len())),
        "{}",
        english.stderr
    );
}

#[test]
fn every_message_the_program_names_has_a_text_in_both_languages() {
    // Every `"diag.…"`, `"help.…"`, … key written in the source is in both tables: a key
    // missing from a table would be shown to the user as the key itself.
    let mut missing = Vec::new();
    let mut seen = 0;
    for entry in walkdir::WalkDir::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")) {
        let entry = entry.expect("src is readable");
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let source = fs::read_to_string(entry.path()).expect("a source file is text");
        for (i, _) in source.match_indices('"') {
            let rest = &source[i + 1..];
            let Some(end) = rest.find('"') else { continue };
            let key = &rest[..end];
            let Some((group, name)) = key.split_once('.') else {
                continue;
            };
            let known_group = [
                "diag",
                "help",
                "cli",
                "review",
                "yaml-type",
                "name",
                "scheme",
                "contrast",
                "new",
                "form",
            ];
            if !known_group.contains(&group)
                || name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                continue;
            }
            seen += 1;
            for lang in [samkort::config::Language::Da, samkort::config::Language::En] {
                if !samkort::messages::table(lang).contains_key(key) {
                    missing.push(format!("{} in {}", key, entry.path().display()));
                }
            }
        }
    }
    assert!(seen > 100, "only {seen} keys found in the source");
    assert!(missing.is_empty(), "keys with no text: {missing:?}");
}

#[test]
fn the_closing_line_counts_in_words_for_one_and_for_many() {
    let one = samkort_in(&case("broken-wikilink"), ["check"]);
    assert!(one.stderr.ends_with("failed: 1 error, 0 warnings\n"), "{}", one.stderr);
    let dansk = samkort_speaking(&case("broken-wikilink"), None, ["check"]);
    assert!(
        dansk.stderr.ends_with("fejlede: 1 fejl, 0 advarsler\n"),
        "{}",
        dansk.stderr
    );
}
