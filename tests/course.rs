//! Course paths for those who lead them: steps with their own fields (minutes, method), the
//! session plan with start times on the path's page and in the facilitator's guide.

mod common;

use common::*;
use scraper::{Html, Selector};

fn texts(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&Selector::parse(selector).unwrap())
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

const STEP_FIELDS: &str = "step_duration = \"minutter\"\n\
    step_fields.minutter = { type = \"number\", label = \"Minutter\" }\n\
    step_fields.metode = { type = \"enum\", label = \"Metode\", values = [\"oplaeg\", \"gruppearbejde\"], labels = { oplaeg = \"Oplæg\", gruppearbejde = \"Gruppearbejde\" } }\n\
    fields.laeringsmaal = { type = \"list\", label = \"Læringsmål\" }\n";

/// The test site with step fields on its course kind and the course's steps written as maps.
fn site(steps: &str) -> TempDir {
    let root = TempDir::new("course");
    copy_dir(&fixture("site"), &root);
    let toml =
        read(&root.join("samkort.toml")).replacen("course = true\n", &format!("course = true\n{STEP_FIELDS}"), 1);
    write(&root.join("samkort.toml"), toml);
    let course = root.join("content/forloeb/introduktion.md");
    let text = read(&course).replace("steps: [kendskab, respekt, tillid]", steps);
    write(
        &course,
        text.replacen("---\n", "---\nlaeringsmaal: [At kende relationstrappen]\n", 1),
    );
    root
}

const STEPS: &str = "steps:\n  - { slug: kendskab, minutter: 20, metode: oplaeg }\n  - slug: respekt\n    minutter: 45\n    metode: gruppearbejde\n  - tillid";

#[test]
fn steps_with_minutes_give_a_session_plan_on_the_path_and_in_the_guide() {
    let root = site(STEPS);
    let built = build_in_temp(&root, &[]);
    let path = Html::parse_document(&read(&built.join("forloeb/introduktion.html")));
    assert_eq!(
        texts(&path, "section.steps li .step-meta"),
        [
            "Start 0:00 · Minutter: 20 · Metode: Oplæg",
            "Start 0:20 · Minutter: 45 · Metode: Gruppearbejde"
        ]
    );
    assert_eq!(texts(&path, "section.steps p.count"), ["Samlet tid: 1:05"]);

    let guide = Html::parse_document(&read(&built.join("forloeb/introduktion.guide.html")));
    assert_eq!(texts(&guide, "h1"), ["Facilitatorguide: Introduktion"]);
    assert_eq!(
        texts(&guide, "table.plan thead th"),
        ["Start", "Trin", "Minutter", "Metode"]
    );
    let rows: Vec<String> = guide
        .select(&Selector::parse("table.plan tbody tr").unwrap())
        .map(|tr| {
            tr.select(&Selector::parse("td, th").unwrap())
                .map(|c| {
                    c.text()
                        .collect::<String>()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect();
    assert_eq!(
        rows,
        [
            "0:00 | 1. Kendskab (Begreb) | 20 | Oplæg",
            "0:20 | 2. Respekt (Begreb) | 45 | Gruppearbejde",
            "1:05 | 3. Tillid (Begreb)",
            "1:05 | Samlet tid",
        ]
    );
    assert!(texts(&guide, "dl.fields dd li").contains(&"At kende relationstrappen".to_string()));
    assert!(
        texts(&path, "section.steps .deck-link a").contains(&"Facilitatorguide".to_string()),
        "the path's page links its guide"
    );
}

#[test]
fn unknown_step_fields_and_a_step_without_slug_are_errors_at_their_lines() {
    let root = site("steps:\n  - { slug: kendskab, minuter: 20 }\n  - { metode: oplaeg }");
    let (code, diags) = check_json(&root, &[]);
    assert_eq!(code, 1);
    let found: Vec<(u64, &str, Option<&str>)> = diags
        .iter()
        .map(|d| (d.line, d.message.as_str(), d.help.as_deref()))
        .collect();
    assert!(
        found.contains(&(5, "unknown step field `minuter`", Some("did you mean `minutter`?"))),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(l, m, _)| *l == 4 && m.starts_with("a step written as a map needs `slug:`")),
        "{found:?}"
    );
}

#[test]
fn step_duration_must_name_a_number_step_field() {
    let root = site(STEPS);
    let toml = read(&root.join("samkort.toml")).replace("step_duration = \"minutter\"", "step_duration = \"metode\"");
    write(&root.join("samkort.toml"), toml);
    let (code, diags) = check_json(&root, &[]);
    assert_eq!(code, 2);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(
        diags[0].message,
        "`step_duration` of kind `forloeb` must name a number field of its `step_fields`"
    );
}
