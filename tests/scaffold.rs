//! `samkort init` and `samkort new`: a starter site that checks clean and builds in both
//! languages, and a new card that is valid but for the fields its author must fill in, each
//! reported at its own line, with hints in the site's language.

mod common;

use std::path::Path;

use common::*;
use samkort::config::Language;
use samkort::messages;

/// `samkort init DIR --lang LANG` in a new temporary folder; the site is `site` inside it.
fn init(lang: &str) -> (TempDir, Run) {
    let tmp = TempDir::new("init");
    // Reporting in the starter's language, as a user's terminal would.
    let run = samkort_speaking(&tmp, None, ["init", "site", "--lang", lang]);
    assert_eq!(run.code, 0, "init --lang {lang}:\n{}", run.stderr);
    (tmp, run)
}

fn say(lang: Language, key: &str) -> String {
    let text = messages::table(lang)
        .get(key)
        .unwrap_or_else(|| panic!("no text `{key}`"));
    text.clone()
}

#[test]
fn the_starter_checks_clean_and_builds_in_both_languages() {
    // (language, a concept page, its inverse relation label, the course path, a step's method)
    let cases = [
        (
            "da",
            "begreber/tillid.html",
            "Illustreres af",
            "forloeb/kom-godt-i-gang.html",
            "Gruppedrøftelse",
        ),
        (
            "en",
            "concepts/trust.html",
            "Illustrated by",
            "paths/getting-started.html",
            "Group discussion",
        ),
    ];
    for (lang, concept, inverse, path, method) in cases {
        let (tmp, _) = init(lang);
        let site = tmp.join("site");
        let (code, diags) = check_json(&site, &["--strict"]);
        assert_eq!((code, diags), (0, vec![]), "--lang {lang}: check --strict is clean");

        let built = build_in_temp(&site, &[]);
        let html = read(&built.join(concept));
        assert!(
            html.contains(inverse),
            "{lang}: {concept} lists the case under `{inverse}`"
        );
        assert!(
            html.contains(&format!("<html lang=\"{lang}\"")),
            "{lang}: pages in the language"
        );
        let course = read(&built.join(path));
        assert!(
            course.contains(method),
            "{lang}: the course path shows each step's method"
        );
        let practice = read(&built.join("practice.html"));
        assert!(
            practice.contains("data-flashcard") || practice.contains("flashcard"),
            "{lang}: flashcards to practise"
        );
        if lang == "en" {
            // The starter has one case and two concepts: the home page counts both right.
            let home = read(&built.join("index.html"));
            assert!(home.contains("<span class=\"count\">1 card</span>"), "{home}");
            assert!(home.contains("<span class=\"count\">2 cards</span>"), "{home}");
        }
    }
}

#[test]
fn the_starter_has_a_readme_a_gitignore_of_the_output_and_the_ci_examples() {
    for lang in ["da", "en"] {
        let (tmp, _) = init(lang);
        let site = tmp.join("site");
        assert_eq!(
            read(&site.join(".gitignore")),
            "/public/\n/.samkort/\n",
            "the output and the schemas"
        );
        assert!(site.join(".vscode/settings.json").is_file());
        assert!(
            site.join(".samkort/schema").read_dir().map(|d| d.count()).unwrap_or(0) >= 3,
            "a schema per kind"
        );
        assert!(read(&site.join("README.md")).contains("samkort serve"));
        let repo = repo_root();
        assert_eq!(
            read(&site.join(".github/workflows/samkort.yml")),
            read(&repo.join("examples/github-workflow.yml"))
        );
        assert_eq!(
            read(&site.join(".gitlab-ci.yml")),
            read(&repo.join("examples/gitlab-ci.yml"))
        );
    }
}

#[test]
fn init_speaks_the_language_of_the_starter_and_refuses_to_overwrite() {
    for (lang, language) in [("da", Language::Da), ("en", Language::En)] {
        let (tmp, run) = init(lang);
        let created = messages::text(
            language,
            "cli.created",
            &[("path", &Path::new("site").join("samkort.toml").display())],
        );
        assert!(
            run.stdout.starts_with(&format!("{created}\n")),
            "{lang}: {}",
            run.stdout
        );
        let done = messages::text(language, "cli.init-done", &[("dir", &"site")]);
        assert!(run.stdout.ends_with(&format!("{done}\n")), "{lang}: {}", run.stdout);

        let before = snapshot(&tmp);
        let again = samkort_speaking(&tmp, None, ["init", "site", "--lang", lang]);
        assert_eq!(again.code, 2, "init refuses to overwrite");
        let exists = messages::text(
            language,
            "cli.exists",
            &[("path", &Path::new("site").join("samkort.toml").display())],
        );
        assert_eq!(again.stderr, format!("error: {exists}\n"));
        assert_eq!(snapshot(&tmp), before, "a refused init writes nothing");
    }
    // A file where the folder should be: said as such, and left alone.
    let tmp = TempDir::new("init");
    std::fs::write(tmp.join("site"), "x").unwrap();
    let file = samkort_in(&tmp, ["init", "site"]);
    assert_eq!(file.code, 2);
    assert_eq!(
        file.stderr,
        format!(
            "error: {}\n",
            messages::text(Language::En, "cli.not-a-folder", &[("path", &"site")])
        )
    );
    assert_eq!(read(&tmp.join("site")), "x");

    let danish = samkort_speaking(&TempDir::new("init"), None, ["init", "site"]);
    assert!(danish.stdout.contains("samkort.toml"));
    assert!(
        danish
            .stdout
            .starts_with(&say(Language::Da, "cli.created").replace("{path}", "site/samkort.toml"))
    );
}

#[test]
fn a_new_card_is_valid_but_for_its_empty_required_fields_each_reported_at_its_line() {
    let root = TempDir::new("new");
    copy_dir(&fixture("site"), &root);
    // The fixture's kind `case` requires a summary and a source.
    let run = samkort_in(&root, ["new", "case", "Gråzoner i ansvar"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let created = messages::text(
        Language::En,
        "cli.created",
        &[("path", &Path::new("content/cases/graazoner-i-ansvar.md").display())],
    );
    assert!(run.stdout.starts_with(&format!("{created}\n")), "{}", run.stdout);
    let text = read(&root.join("content/cases/graazoner-i-ansvar.md"));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[..3], ["---", "title: \"Gråzoner i ansvar\"", "kind: case"]);
    assert_eq!(lines[3], format!("# {}", say(Language::Da, "new.summary")));
    assert_eq!(
        lines[4..9],
        [
            "summary:",
            &format!("# {}", say(Language::Da, "new.source")),
            "source:",
            "  document:",
            "  locator:"
        ]
    );

    let (code, diags) = check_json(&root, &[]);
    let errors: Vec<Diag> = diags.into_iter().filter(|d| d.severity == "error").collect();
    let file = "content/cases/graazoner-i-ansvar.md";
    assert_eq!(
        errors,
        [
            error(
                file,
                5,
                1,
                "required field `summary` is empty",
                Some("write the card's `summary` after `summary:`; a card of kind `case` needs it")
            ),
            error(
                file,
                8,
                3,
                "`source.document` is empty",
                Some("write the title of the source document after `document:`")
            ),
        ]
    );
    assert_eq!(code, 1);

    // Filled in where the hints say, the card is valid.
    let filled = text
        .replace("summary:\n", "summary: Hvem gør hvad, når ansvaret er delt.\n")
        .replace("  document:\n", "  document: Rapporten\n");
    write(&root.join(file), filled);
    let (_, diags) = check_json(&root, &[]);
    assert!(diags.iter().all(|d| d.severity == "warning"), "{diags:?}");
}

#[test]
fn a_new_course_path_leaves_its_steps_to_the_author_with_the_relations_it_may_have_as_hints() {
    let (tmp, _) = init("en");
    let site = tmp.join("site");
    let run = samkort_in(&site, ["new", "path", "Second day"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "created content/paths/second-day.md\n{}\n",
            say(Language::En, "cli.new-done")
        )
    );
    let text = read(&site.join("content/paths/second-day.md"));
    assert!(
        text.contains(&format!("# {}\nsummary:\n", say(Language::En, "new.summary"))),
        "{text}"
    );
    assert!(
        text.contains(&format!("# {}\nsteps:\n", say(Language::En, "new.steps"))),
        "{text}"
    );
    let (_, diags) = check_json(&site, &[]);
    let errors: Vec<(u64, u64, &str)> = diags
        .iter()
        .filter(|d| d.severity == "error")
        .map(|d| (d.line, d.column, d.message.as_str()))
        .collect();
    assert_eq!(
        errors,
        [
            (5, 1, "required field `summary` is empty"),
            (7, 1, "required field `steps` is empty")
        ]
    );

    // A case may have the relation `illustrates`: the new card names it, commented out.
    samkort_in(&site, ["new", "case", "Night shifts"]);
    let text = read(&site.join("content/cases/night-shifts.md"));
    assert!(
        text.contains("# relations:\n#   illustrates: []   # Illustrates: slugs of cards of kind concept\n"),
        "{text}"
    );
}

#[test]
fn new_refuses_to_overwrite_and_suggests_the_kind_meant() {
    let root = TempDir::new("new");
    copy_dir(&fixture("site"), &root);
    assert_eq!(samkort_in(&root, ["new", "case", "X"]).code, 0);
    let again = samkort_in(&root, ["new", "case", "X"]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    let unknown = samkort_in(&root, ["new", "cas", "Y"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("did you mean `case`?"), "{}", unknown.stderr);
    // On this Danish site, without SAMKORT_LANG, it is said in Danish.
    let dansk = samkort_speaking(&root, None, ["new", "cas", "Y"]);
    assert_eq!(
        dansk.stderr,
        format!(
            "error: {}\n  help: {}\n",
            messages::text(Language::Da, "cli.unknown-kind", &[("kind", &"cas")]),
            messages::text(Language::Da, "help.did-you-mean", &[("name", &"case")])
        )
    );
}
