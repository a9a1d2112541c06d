//! The JSON Schemas of the kinds (`samkort schema`, src/schema.rs), checked with the
//! `jsonschema` crate: every bundled card's front matter passes its kind's schema, and on the
//! bad-input classes a schema can express (a bad enum value, a missing required field, a wrong
//! type, a relation to an unknown slug or a card of the wrong kind, ...) the schema's verdict on
//! each card equals `check`'s.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use samkort::config::Config;
use samkort::schema::{self, Slugs};
use serde_json::Value;

/// Every kind's schema for the site at `root`, compiled (draft-07, formats checked).
fn validators(root: &Path) -> (Config, BTreeMap<String, jsonschema::Validator>) {
    let (site, _) = samkort::build::load(root).unwrap_or_else(|e| panic!("{} loads: {e}", root.display()));
    let slugs = Slugs::of_cards(&site.config, &site.cards);
    let mut out = BTreeMap::new();
    for (id, name, _) in site.config.kind_ids() {
        let s = schema::kind_schema(&site.config, id, &slugs);
        assert!(
            jsonschema::draft7::meta::is_valid(&s),
            "the schema of `{name}` is a valid draft-07 schema"
        );
        let v = jsonschema::draft7::options()
            .should_validate_formats(true)
            .build(&s)
            .unwrap_or_else(|e| panic!("the schema of `{name}` compiles: {e}"));
        out.insert(name.to_string(), v);
    }
    (site.config, out)
}

/// The front matter of a card file as JSON, and the kind its folder (or `kind:`) names; `None`
/// when the file has no front matter YAML can read.
fn front_matter(config: &Config, root: &Path, rel: &Path) -> Option<(String, Value)> {
    let text = samkort::frontmatter::normalize(std::fs::read_to_string(root.join(rel)).ok()?);
    let split = samkort::frontmatter::split(&text).ok()?;
    let value: Value = if split.yaml.trim().is_empty() {
        Value::Object(Default::default())
    } else {
        serde_yaml::from_str(split.yaml).ok()?
    };
    let kind = match value.get("kind").and_then(Value::as_str) {
        Some(k) => k.to_string(),
        None => {
            let folder = rel.strip_prefix("content").ok()?.components().next()?;
            let id = config.kind_by_folder(&folder.as_os_str().to_string_lossy())?;
            config.kind_name(id).to_string()
        }
    };
    Some((kind, value))
}

fn card_files(root: &Path) -> Vec<PathBuf> {
    files(&root.join("content"))
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "md"))
        .map(|f| Path::new("content").join(f))
        .collect()
}

/// What the schema says of one card: `None` when it is valid, else its first complaints.
fn schema_verdict(
    config: &Config,
    validators: &BTreeMap<String, jsonschema::Validator>,
    root: &Path,
    rel: &Path,
) -> Option<String> {
    let (kind, value) = front_matter(config, root, rel).expect("the front matter is YAML");
    let Some(v) = validators.get(&kind) else {
        return Some(format!("no schema for kind `{kind}`"));
    };
    let errors: Vec<String> = v
        .iter_errors(&value)
        .take(3)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    (!errors.is_empty()).then(|| errors.join("; "))
}

#[test]
fn every_bundled_card_passes_the_schema_of_its_kind() {
    let root = repo_root();
    let (config, validators) = validators(&root);
    let cards = card_files(&root);
    assert!(cards.len() > 200, "the bundled site has its cards");
    let failures: Vec<String> = cards
        .iter()
        .filter_map(|rel| schema_verdict(&config, &validators, &root, rel).map(|e| format!("{}: {e}", rel.display())))
        .collect();
    assert!(
        failures.is_empty(),
        "{} cards fail their schema:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Per card file of the site at `root`: whether `check` reports an error in it.
fn check_verdicts(root: &Path) -> BTreeMap<PathBuf, bool> {
    let (_, diags) = check_json(root, &[]);
    let mut out: BTreeMap<PathBuf, bool> = card_files(root).into_iter().map(|f| (f, false)).collect();
    for d in diags.iter().filter(|d| d.severity == "error") {
        if let Some(bad) = out.get_mut(Path::new(&d.file)) {
            *bad = true;
        }
    }
    out
}

/// Runs `check` and the schemas on the site at `root`; returns where they disagree, and one
/// line more when `check` finds an error where `bad` says there is none, or the other way.
fn disagreements(name: &str, root: &Path, bad: bool) -> Vec<String> {
    let (config, validators) = validators(root);
    let mut out = Vec::new();
    let mut any_error = false;
    for (rel, check_error) in check_verdicts(root) {
        let schema = schema_verdict(&config, &validators, root, &rel);
        any_error |= check_error;
        if check_error != schema.is_some() {
            out.push(format!(
                "{name}: {}: check says {}, the schema says {}",
                rel.display(),
                if check_error { "error" } else { "fine" },
                schema.unwrap_or_else(|| "fine".into())
            ));
        }
    }
    if any_error != bad {
        out.push(format!(
            "{name}: expected {}",
            if bad { "an error" } else { "no error" }
        ));
    }
    out
}

/// The fixtures of tests/fixtures/errors/ whose problems are all in front matter a schema can
/// judge. (Left out: broken links and headings in the body, file names, duplicate slugs, YAML
/// syntax and configuration errors, which no schema of a front matter sees.)
const EXPRESSIBLE: &[&str] = &[
    "bom-crlf-valid",
    "orphan-warning",
    "enum-value-not-allowed",
    "invalid-date",
    "missing-required-field",
    "relation-not-allowed-for-kind",
    "relation-target-missing",
    "relation-target-wrong-kind",
    "unknown-field",
    "unknown-kind",
    "wrong-type",
];

#[test]
fn the_schema_and_check_agree_on_the_bad_input_fixtures() {
    let mut failures = Vec::new();
    for name in EXPRESSIBLE {
        let bad = !["bom-crlf-valid", "orphan-warning"].contains(name);
        failures.extend(disagreements(name, &fixture(&format!("errors/{name}")), bad));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The configuration of the rows below: kind `begreb` with an enum, a number and a date field.
const ROWS_CONFIG: &str = "title = \"Fixture\"\n\
[taxonomies.tags]\nsingular = \"Emne\"\nplural = \"Emner\"\n\
[kinds.begreb]\nfolder = \"begreber\"\nsingular = \"Begreb\"\nplural = \"Begreber\"\nrequired = [\"summary\"]\n\
fields.revideret = { type = \"date\" }\nfields.aar = { type = \"number\" }\n\
fields.niveau = { type = \"enum\", values = [\"lav\", \"hoej\"] }\n";

/// One more card, `ny.md` of kind `begreb`, in the fixture `invalid-date` (with
/// [`ROWS_CONFIG`]: a taxonomy, the enum `niveau`, the number `aar` and the date `revideret`): rows of the bad-input suite whose
/// problem is in front matter, and some valid variants that must pass both.
#[test]
fn the_schema_and_check_agree_on_front_matter_rows_of_the_bad_input_suite() {
    let rows: &[(&str, &str)] = &[
        ("valid", "title: Ny\nsummary: s\n"),
        (
            "valid-lists-as-one-text",
            "title: Ny\nsummary: s\ntags: ledelse\nquestions: Hvorfor?\n",
        ),
        ("valid-source-as-text", "title: Ny\nsummary: s\nsource: Rapporten\n"),
        (
            "valid-empty-optional",
            "title: Ny\nsummary: s\nniveau:\naar:\nrevideret:\n",
        ),
        ("title-not-text", "title: [Ny]\nsummary: s\n"),
        ("title-missing", "summary: s\n"),
        ("summary-empty", "title: Ny\nsummary: \"\"\n"),
        ("impossible-date", "title: Ny\nsummary: s\nrevideret: 2023-02-31\n"),
        ("date-with-signs", "title: Ny\nsummary: s\nrevideret: +202-+2-+5\n"),
        (
            "unknown-relation-type",
            "title: Ny\nsummary: s\nrelations:\n  styrker: [tillid]\n",
        ),
        ("steps-outside-a-course", "title: Ny\nsummary: s\nsteps: [tillid]\n"),
        ("order-not-a-number", "title: Ny\nsummary: s\norder: først\n"),
        (
            "flashcard-without-back",
            "title: Ny\nsummary: s\nflashcards:\n  - front: Hvad?\n",
        ),
        (
            "flashcard-with-extra-key",
            "title: Ny\nsummary: s\nflashcards:\n  - front: Hvad?\n    back: Det.\n    hint: x\n",
        ),
        (
            "source-without-document",
            "title: Ny\nsummary: s\nsource:\n  locator: s. 3\n",
        ),
        (
            "source-with-unknown-key",
            "title: Ny\nsummary: s\nsource:\n  document: D\n  side: 3\n",
        ),
        (
            "source-card-missing",
            "title: Ny\nsummary: s\nsource:\n  document: D\n  card: nope\n",
        ),
        ("enum-not-text", "title: Ny\nsummary: s\nniveau: [lav]\n"),
        ("enum-not-allowed", "title: Ny\nsummary: s\nniveau: mellem\n"),
        ("number-as-text", "title: Ny\nsummary: s\naar: \"1990\"\n"),
        (
            "valid-number-and-enum",
            "title: Ny\nsummary: s\naar: 1990\nniveau: hoej\n",
        ),
        ("question-not-text", "title: Ny\nsummary: s\nquestions:\n  - { a: b }\n"),
    ];
    let base = fixture("errors/invalid-date");
    let tmp = TempDir::new("schema-rows");
    let mut failures = Vec::new();
    for (name, front) in rows {
        let site = tmp.join(name);
        copy_dir(&base, &site);
        write(&site.join("samkort.toml"), ROWS_CONFIG);
        // The fixture's own bad date is fixed, so that only the new card can be wrong.
        write(
            &site.join("content/begreber/tillid.md"),
            "---\ntitle: Tillid\nsummary: s\n---\nSe [[kendskab]] og [[ny]].\n",
        );
        write(
            &site.join("content/begreber/ny.md"),
            format!("---\n{front}---\nSe [[tillid]].\n"),
        );
        failures.extend(disagreements(name, &site, !name.starts_with("valid")));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn samkort_schema_writes_one_file_per_kind_and_only_what_changed() {
    let site = TempDir::new("schema-cmd");
    copy_dir(&fixture("errors/bom-crlf-valid"), &site);
    let run = samkort(["schema", "--root", site.path().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dir = site.join(".samkort/schema");
    let names: Vec<PathBuf> = files(&dir);
    assert_eq!(names, [PathBuf::from("begreb.json"), PathBuf::from("case.json")]);
    let begreb: Value = serde_json::from_str(&read(&dir.join("begreb.json"))).unwrap();
    assert_eq!(begreb["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(
        begreb["definitions"]["cards-begreb"]["enum"],
        serde_json::json!(["kendskab", "tillid"])
    );
    // Nothing changed: nothing is written again.
    let again = samkort(["schema", "--root", site.path().to_str().unwrap()]);
    assert!(again.stdout.contains("(0 changed)"), "{}", again.stdout);
    // A build writes them too, deterministically: the same bytes.
    let before = snapshot(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    build(&site, &site.join("public"), &[]);
    assert_eq!(snapshot(&dir), before);
}

#[test]
fn enum_labels_are_descriptions_and_relations_list_the_slugs_of_their_kinds() {
    let root = repo_root();
    let (site, _) = samkort::build::load(&root).unwrap();
    let slugs = Slugs::of_cards(&site.config, &site.cards);
    let case = site.config.kind_id("case").unwrap();
    let s = schema::kind_schema(&site.config, case, &slugs);
    let casetype = &s["properties"]["casetype"];
    assert_eq!(casetype["enum"][5], "vignet");
    assert_eq!(casetype["enumDescriptions"][5], "Patientvignet");
    assert!(
        casetype["description"]
            .as_str()
            .unwrap()
            .contains("`vignet`: Patientvignet")
    );
    assert_eq!(
        s["properties"]["relations"]["properties"]["adresserer"]["anyOf"][0]["$ref"],
        "#/definitions/cards-udfordring"
    );
    let challenges = s["definitions"]["cards-udfordring"]["enum"].as_array().unwrap();
    let n = site
        .cards
        .iter()
        .filter(|c| site.config.kind_name(c.kind) == "udfordring")
        .count();
    assert_eq!(challenges.len(), n);
    assert_eq!(s["required"], serde_json::json!(["title", "summary", "source"]));
    assert_eq!(s["additionalProperties"], false);

    // What the editor shows on hover is in the site's language (the bundled site is Danish).
    let said = |key: &str, args: &[(&str, &dyn std::fmt::Display)]| {
        samkort::messages::text(samkort::config::Language::Da, key, args)
    };
    assert_eq!(
        s["definitions"]["cards-udfordring"]["description"],
        said("form.slug-of", &[("kind", &"udfordring")])
    );
    assert_eq!(s["properties"]["title"]["description"], said("form.title", &[]));
    assert!(
        s["description"]
            .as_str()
            .unwrap()
            .starts_with("Front matter for et kort af typen `case`")
    );
}

#[test]
fn samkort_schema_maps_each_kind_folder_to_its_schema_in_the_vs_code_settings() {
    let site = TempDir::new("schema-vscode");
    copy_dir(&fixture("errors/bom-crlf-valid"), &site);
    let root = site.path().to_str().unwrap();
    // Other settings stay; only `yaml.schemas` is written.
    write(&site.join(".vscode/settings.json"), "{ \"editor.wordWrap\": \"on\" }");
    let run = samkort(["schema", "--root", root]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let settings: Value = serde_json::from_str(&read(&site.join(".vscode/settings.json"))).unwrap();
    assert_eq!(settings["editor.wordWrap"], "on");
    assert_eq!(
        settings["yaml.schemas"],
        serde_json::json!({
            ".samkort/schema/begreb.json": ["content/begreber/**/*.md"],
            ".samkort/schema/case.json": ["content/cases/**/*.md"],
        })
    );
    let extensions: Value = serde_json::from_str(&read(&site.join(".vscode/extensions.json"))).unwrap();
    assert_eq!(extensions["recommendations"], serde_json::json!(["redhat.vscode-yaml"]));
    // A settings file with comments (VS Code allows them) is left as it is, with what to add.
    let commented = "{\n  // mine\n  \"editor.wordWrap\": \"on\"\n}\n";
    write(&site.join(".vscode/settings.json"), commented);
    let run = samkort(["schema", "--root", root]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains("(it is not plain JSON); add this to it"),
        "{}",
        run.stdout
    );
    assert_eq!(read(&site.join(".vscode/settings.json")), commented);
}

#[test]
fn init_writes_the_editor_settings_of_the_new_site() {
    let dir = TempDir::new("schema-init");
    let site = dir.join("mysite");
    let run = samkort(["init", site.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let settings: Value = serde_json::from_str(&read(&site.join(".vscode/settings.json"))).unwrap();
    let config = Config::load(&site).unwrap();
    assert_eq!(
        settings["yaml.schemas"],
        samkort::editor::yaml_schemas(&config, ".samkort/schema")
    );
    assert!(site.join(".vscode/extensions.json").is_file());
}
