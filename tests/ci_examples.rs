//! The CI examples in `examples/` (which `samkort init` writes into a new site): they are YAML,
//! they cache the installed binary under samkort's version, they publish the output folder the
//! site declares, and their samkort commands run as written on a starter site.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use common::*;
use serde_yaml::Value;

fn example(name: &str) -> Value {
    let text = read(&repo_root().join("examples").join(name));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("examples/{name} is not YAML: {e}"))
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a text: {v:?}"))
}

/// The lines of a shell step that run samkort.
fn samkort_lines(script: &str) -> Vec<String> {
    script
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("samkort "))
        .map(str::to_string)
        .collect()
}

/// Runs `line` with `sh` in `site`, finding `samkort` as the built binary, with `env` set.
fn run_in(site: &Path, line: &str, env: &BTreeMap<String, String>) {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_samkort"))
        .parent()
        .expect("the binary's folder");
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
    let out = Command::new("sh")
        .arg("-c")
        .arg(line)
        .current_dir(site)
        .env("PATH", path)
        .envs(env)
        .output()
        .expect("sh runs");
    assert!(
        out.status.success(),
        "`{line}` failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The lines of a script before the one that installs samkort (and do not run samkort).
fn before_install(script: &str) -> String {
    script
        .lines()
        .take_while(|l| !l.contains("cargo install"))
        .filter(|l| !l.trim_start().starts_with("export "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs `script` with `sh` and `SAMKORT_GIT` set to `git`: whether it succeeded, and its output.
fn guard_run(script: &str, git: &str) -> (bool, String) {
    assert!(!script.trim().is_empty(), "a guard runs before the install");
    let out = Command::new("sh")
        .arg("-c")
        .arg(script)
        .env("SAMKORT_GIT", git)
        .output()
        .expect("sh runs");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned())
}

/// A starter site made by `samkort init` in `lang`.
fn starter(lang: &str) -> (TempDir, std::path::PathBuf) {
    let tmp = TempDir::new("ci");
    let run = samkort_in(&tmp, ["init", "site", "--lang", lang]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let site = tmp.join("site");
    (tmp, site)
}

/// The version the examples install: samkort's own, as a tag.
fn version_tag() -> String {
    format!("v{}", env!("CARGO_PKG_VERSION"))
}

#[test]
fn the_github_workflow_checks_with_annotations_builds_for_pages_and_deploys() {
    let wf = example("github-workflow.yml");
    assert_eq!(text(&wf["env"]["SAMKORT_VERSION"]), version_tag());
    let steps = wf["jobs"]["build"]["steps"].as_sequence().expect("build steps");
    let uses = |prefix: &str| {
        steps
            .iter()
            .find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with(prefix)))
    };

    // The binary is cached under its version, and compiled only when the cache missed.
    let cache = uses("actions/cache@").expect("a cache step");
    assert_eq!(text(&cache["with"]["path"]), "~/.cargo/bin/samkort");
    assert!(text(&cache["with"]["key"]).contains("${{ env.SAMKORT_VERSION }}"));
    let install = steps
        .iter()
        .find(|s| s["run"].as_str().is_some_and(|r| r.contains("cargo install")))
        .expect("an install step");
    assert_eq!(text(&install["if"]), "steps.cache.outputs.cache-hit != 'true'");
    assert!(text(&install["run"]).contains("--locked"));
    // Until its address is set, the run stops at once with what to do.
    let placeholder = text(&wf["env"]["SAMKORT_GIT"]);
    let guard = before_install(text(&install["run"]));
    let stopped = guard_run(&guard, placeholder);
    assert!(!stopped.0, "the guard stops on {placeholder}");
    assert!(
        stopped
            .1
            .starts_with("::error file=.github/workflows/samkort.yml::Set SAMKORT_GIT"),
        "{}",
        stopped.1
    );
    assert!(guard_run(&guard, "https://git.region.dk/samkort.git").0);

    // What is uploaded is the output folder of the site.
    let upload = uses("actions/upload-pages-artifact@").expect("an upload step");
    assert_eq!(text(&upload["with"]["path"]).trim_end_matches('/'), "public");
    let deploy = &wf["jobs"]["deploy"];
    assert_eq!(text(&deploy["needs"]), "build");
    assert!(
        deploy["steps"][0]["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("actions/deploy-pages@"))
    );

    // Run its samkort commands on a starter site, with the address Pages would give.
    let (_tmp, site) = starter("en");
    let mut commands = Vec::new();
    for step in steps {
        let Some(script) = step["run"].as_str() else { continue };
        let mut env = BTreeMap::new();
        if let Some(vars) = step["env"].as_mapping() {
            for (k, v) in vars {
                let v = text(v).replace("${{ steps.pages.outputs.base_url }}", "https://example.github.io/site");
                assert!(!v.contains("${{"), "an expression the test does not know: {v}");
                env.insert(text(k).to_string(), v);
            }
        }
        for line in samkort_lines(script) {
            run_in(&site, &line, &env);
            commands.push(line);
        }
    }
    assert_eq!(
        commands,
        [
            "samkort check --format github --strict",
            "samkort build --base-url \"$BASE_URL\""
        ]
    );
    let sitemap = read(&site.join("public/sitemap.xml"));
    assert!(
        sitemap.contains("<loc>https://example.github.io/site/concepts/trust.html</loc>"),
        "{sitemap}"
    );
}

#[test]
fn the_gitlab_pipeline_caches_the_binary_checks_and_publishes_pages() {
    let ci = example("gitlab-ci.yml");
    assert_eq!(text(&ci["variables"]["SAMKORT_VERSION"]), version_tag());
    let default = &ci["default"];
    assert_eq!(text(&default["cache"]["key"]), "samkort-$SAMKORT_VERSION");
    assert_eq!(text(&default["cache"]["paths"][0]), ".cargo/bin/");
    assert_eq!(text(&ci["variables"]["CARGO_HOME"]), "$CI_PROJECT_DIR/.cargo");
    let before: Vec<&str> = default["before_script"]
        .as_sequence()
        .expect("before_script")
        .iter()
        .map(text)
        .collect();
    assert!(
        before
            .iter()
            .any(|l| l.starts_with("command -v samkort || cargo install --locked")),
        "{before:?}"
    );
    let placeholder = text(&ci["variables"]["SAMKORT_GIT"]);
    let guard = before_install(&before.join("\n"));
    let stopped = guard_run(&guard, placeholder);
    assert!(!stopped.0, "the guard stops on {placeholder}");
    assert!(
        stopped.1.starts_with("Set SAMKORT_GIT in .gitlab-ci.yml"),
        "{}",
        stopped.1
    );
    assert!(guard_run(&guard, "https://git.region.dk/samkort.git").0);
    assert_eq!(text(&ci["pages"]["artifacts"]["paths"][0]), "public");

    let (_tmp, site) = starter("da");
    let env = BTreeMap::from([("CI_PAGES_URL".to_string(), "https://gruppe.gitlab.io/site".to_string())]);
    let mut commands = Vec::new();
    for job in ["check", "pages"] {
        for line in ci[job]["script"].as_sequence().expect("a script").iter().map(text) {
            for line in samkort_lines(line) {
                run_in(&site, &line, &env);
                commands.push(line);
            }
        }
    }
    assert_eq!(
        commands,
        ["samkort check --strict", "samkort build --base-url \"$CI_PAGES_URL/\""]
    );
    let sitemap = read(&site.join("public/sitemap.xml"));
    assert!(
        sitemap.contains("<loc>https://gruppe.gitlab.io/site/begreber/tillid.html</loc>"),
        "{sitemap}"
    );
}
