//! The form editor (`samkort cms`, src/cms.rs): the Decap CMS configuration it writes parses as
//! YAML and has one folder collection per kind with the right widget for each field; the
//! admin page loads the script from beside it; a `backend:` already there is kept; the build
//! copies the admin folder into the site. tests/browser/cms.test.mjs loads it in Chromium.

mod common;

use common::*;
use serde_yaml::Value;

fn cms(root: &std::path::Path) -> Run {
    let run = samkort(["cms", "--root", root.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run
}

/// The bundled site in a temporary folder, with `samkort cms` run on it.
fn bundled() -> (TempDir, Value) {
    let dir = TempDir::new("cms");
    copy_dir(&repo_root().join("content"), &dir.join("content"));
    std::fs::copy(repo_root().join("samkort.toml"), dir.join("samkort.toml")).unwrap();
    cms(&dir);
    let config: Value = serde_yaml::from_str(&read(&dir.join("content/admin/config.yml"))).expect("config.yml is YAML");
    (dir, config)
}

fn field<'a>(collection: &'a Value, name: &str) -> &'a Value {
    collection["fields"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("field `{name}` of {:?}", collection["name"]))
}

#[test]
fn one_folder_collection_per_kind_with_a_widget_per_field_type() {
    let (_dir, config) = bundled();
    let samkort = samkort::config::Config::load(&repo_root()).unwrap();
    let collections = config["collections"].as_sequence().unwrap();
    let names: Vec<&str> = collections.iter().map(|c| c["name"].as_str().unwrap()).collect();
    let kinds: Vec<&str> = samkort.kinds.keys().map(String::as_str).collect();
    assert_eq!(names, kinds);
    for (c, (_, kc)) in collections.iter().zip(&samkort.kinds) {
        assert_eq!(
            c["folder"].as_str(),
            Some(format!("content/{}", kc.folder.get_ref()).as_str())
        );
        assert_eq!(c["label"].as_str(), Some(kc.plural.as_str()));
        assert_eq!(c["format"], "frontmatter");
        assert_eq!(c["extension"], "md");
        assert_eq!(field(c, "title")["widget"], "string");
        assert_eq!(field(c, "title")["required"], true);
        assert_eq!(field(c, "body")["widget"], "markdown");
        assert_eq!(field(c, "questions")["widget"], "list");
        let flashcards = field(c, "flashcards");
        assert_eq!(flashcards["widget"], "list");
        let sides: Vec<&str> = flashcards["fields"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(sides, ["front", "back"]);
        assert_eq!(field(c, "source")["widget"], "object");
        assert_eq!(field(c, "summary")["required"], kc.requires("summary"));
    }
    let case = &collections[names.iter().position(|n| *n == "case").unwrap()];
    // An enum: a select list with the labels.
    let casetype = field(case, "casetype");
    assert_eq!(casetype["widget"], "select");
    assert_eq!(casetype["options"][5]["label"], "Patientvignet");
    assert_eq!(casetype["options"][5]["value"], "vignet");
    // A closed taxonomy: a select of several; an open one: a list.
    assert_eq!(field(case, "sektorer")["widget"], "select");
    assert_eq!(field(case, "sektorer")["multiple"], true);
    assert_eq!(field(case, "tags")["widget"], "list");
    assert_eq!(field(case, "periode")["widget"], "string");
    assert_eq!(field(case, "anonymiseret")["widget"], "boolean");
    assert_eq!(field(case, "organisationer")["widget"], "list");
    // The review date: a day.
    assert_eq!(field(case, "revideres")["widget"], "datetime");
    assert_eq!(field(case, "revideres")["format"], "YYYY-MM-DD");
    // Relations: to one kind a relation widget, to several a select list of their cards.
    let relations = field(case, "relations");
    assert_eq!(relations["widget"], "object");
    let rel = |name: &str| {
        relations["fields"]
            .as_sequence()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .unwrap()
            .clone()
    };
    let adresserer = rel("adresserer");
    assert_eq!(adresserer["widget"], "relation");
    assert_eq!(adresserer["collection"], "udfordring");
    assert_eq!(adresserer["value_field"], "{{slug}}");
    assert_eq!(adresserer["multiple"], true);
    let illustrerer = rel("illustrerer");
    assert_eq!(illustrerer["widget"], "select");
    assert!(
        illustrerer["options"]
            .as_sequence()
            .unwrap()
            .iter()
            .any(|o| o["value"] == "samhandlingskapabilitet" && o["label"] == "Samhandlingskapabilitet (Begreb)")
    );
    // A relation type the kind may not have is not offered.
    assert!(
        relations["fields"]
            .as_sequence()
            .unwrap()
            .iter()
            .all(|f| f["name"] != "kraever")
    );
    // A course path: steps as a list of maps with the step fields.
    let path = &collections[names.iter().position(|n| *n == "forloeb").unwrap()];
    let steps = field(path, "steps");
    assert_eq!(steps["widget"], "list");
    let step_fields: Vec<&str> = steps["fields"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(step_fields, ["slug", "minutter", "metode"]);
    assert_eq!(config["locale"], "da");
    assert_eq!(config["local_backend"], true);
}

#[test]
fn the_admin_page_loads_the_script_from_beside_it_and_the_build_copies_it() {
    let (dir, _) = bundled();
    let page = read(&dir.join("content/admin/index.html"));
    assert!(page.contains("<script src=\"decap-cms.js\"></script>"), "{page}");
    assert!(!page.contains("http"), "no CDN: {page}");
    assert!(page.contains("<title>Redigér: Ledelse på tværs</title>"));
    let built = build_in_temp(&dir, &[]);
    assert!(built.join("admin/index.html").is_file());
    assert!(built.join("admin/config.yml").is_file());
}

#[test]
fn a_backend_already_in_config_yml_is_kept() {
    let dir = TempDir::new("cms-backend");
    copy_dir(&fixture("errors/bom-crlf-valid"), &dir);
    write(
        &dir.join("content/admin/config.yml"),
        "backend:\n  name: gitlab\n  repo: kommune/laering\n  api_root: https://git.kommune.dk/api/v4\n",
    );
    cms(&dir);
    let config: Value = serde_yaml::from_str(&read(&dir.join("content/admin/config.yml"))).unwrap();
    assert_eq!(config["backend"]["name"], "gitlab");
    assert_eq!(config["backend"]["api_root"], "https://git.kommune.dk/api/v4");
    assert_eq!(config["collections"].as_sequence().unwrap().len(), 2);
    // The relation from case to begreb has one target kind: a relation widget.
    let case = &config["collections"][1];
    assert_eq!(field(case, "relations")["fields"][0]["widget"], "relation");
    assert_eq!(field(case, "relations")["fields"][0]["collection"], "begreb");
}
