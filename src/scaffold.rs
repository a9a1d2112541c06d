//! Scaffolding: `samkort init DIR` (a starter site in Danish or English, from `starters/`, with
//! CI files from `examples/`) and `samkort new KIND "Title"` (a card with the front matter its
//! kind asks for, and hints in the site's language). Neither ever overwrites a file.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::config::{CONFIG_FILE, Config, FieldType, KindId, KindSet, Language};
use crate::diagnostic::Diagnostics;
use crate::{messages, slug};

#[derive(Debug)]
pub enum ScaffoldError {
    Exists(PathBuf),
    /// The folder to make the site in is a file.
    NotAFolder(PathBuf),
    Config(Diagnostics),
    UnknownKind {
        kind: String,
        help: crate::messages::Msg,
    },
    BadTitle(String),
    Io(PathBuf, std::io::Error),
}

impl ScaffoldError {
    /// What went wrong, in `lang`, as the terminal shows it (`error: ...`).
    pub fn in_lang(&self, lang: Language) -> String {
        let t = |key: &str, args: &[(&str, &dyn std::fmt::Display)]| messages::text(lang, key, args);
        match self {
            ScaffoldError::Exists(p) => format!("error: {}", t("cli.exists", &[("path", &p.display())])),
            ScaffoldError::NotAFolder(p) => format!("error: {}", t("cli.not-a-folder", &[("path", &p.display())])),
            ScaffoldError::Config(d) => {
                let sorted = d.clone().sorted();
                crate::diagnostic::render(&sorted, crate::diagnostic::Format::Human, Path::new(""), lang)
                    .trim_end()
                    .to_string()
            }
            ScaffoldError::UnknownKind { kind, help } => format!(
                "error: {}\n  help: {}",
                t("cli.unknown-kind", &[("kind", kind)]),
                help.in_lang(lang)
            ),
            ScaffoldError::BadTitle(title) => {
                format!("error: {}", t("cli.bad-title", &[("title", &format!("{title:?}"))]))
            }
            ScaffoldError::Io(p, e) => format!(
                "error: {}",
                t("cli.cannot-write", &[("path", &p.display()), ("error", e)])
            ),
        }
    }
}

impl std::fmt::Display for ScaffoldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.in_lang(Language::En))
    }
}

/// A file of a starter site.
#[derive(Debug, Clone, Copy)]
pub struct StarterFile {
    /// Where it goes in the site, with forward slashes.
    pub path: &'static str,
    pub text: &'static str,
}

/// The [`StarterFile`] at `$path` in the starter of `$lang`: `starters/$lang/$path`.
macro_rules! starter_file {
    ($lang:literal, $path:literal) => {
        StarterFile {
            path: $path,
            text: include_str!(concat!("../starters/", $lang, "/", $path)),
        }
    };
}

/// The starter site `init` writes, per language: `starters/<language>/` of the repository,
/// built into the binary. Each shows every feature in miniature: three kinds (one a course
/// path with minutes and a method per step), an enum field, a relation, a wikilink to a
/// heading, a reflection question and flashcards.
fn starter(lang: Language) -> &'static [StarterFile] {
    match lang {
        Language::Da => &[
            starter_file!("da", "samkort.toml"),
            starter_file!("da", "README.md"),
            starter_file!("da", "content/begreber/kendskab.md"),
            starter_file!("da", "content/begreber/tillid.md"),
            starter_file!("da", "content/cases/faelles-morgenmoeder.md"),
            starter_file!("da", "content/forloeb/kom-godt-i-gang.md"),
        ],
        Language::En => &[
            starter_file!("en", "samkort.toml"),
            starter_file!("en", "README.md"),
            starter_file!("en", "content/concepts/knowing-each-other.md"),
            starter_file!("en", "content/concepts/trust.md"),
            starter_file!("en", "content/cases/joint-morning-meetings.md"),
            starter_file!("en", "content/paths/getting-started.md"),
        ],
    }
}

/// The CI files of every starter: the examples in `examples/`, as they are.
pub const CI_FILES: &[StarterFile] = &[
    StarterFile {
        path: ".github/workflows/samkort.yml",
        text: include_str!("../examples/github-workflow.yml"),
    },
    StarterFile {
        path: ".gitlab-ci.yml",
        text: include_str!("../examples/gitlab-ci.yml"),
    },
];

/// Writes a starter site in `lang` into `dir`: samkort.toml, cards, a README, a .gitignore that
/// leaves out the output folder, and the CI files. Nothing is written when any of the files is
/// already there.
pub fn init(dir: &Path, lang: Language) -> Result<Vec<PathBuf>, ScaffoldError> {
    if dir.exists() && !dir.is_dir() {
        return Err(ScaffoldError::NotAFolder(dir.to_path_buf()));
    }
    let files = starter(lang);
    let config_text = files.iter().find(|f| f.path == CONFIG_FILE).map_or("", |f| f.text);
    let config = Config::parse(dir, config_text).map_err(ScaffoldError::Config)?;
    // The output and the schemas samkort writes (see crate::schema) are made, not written.
    let gitignore = format!(
        "/{}/\n/{}/\n",
        config.output_dir.trim_matches('/'),
        crate::schema::SCHEMA_DIR.split('/').next().unwrap_or_default()
    );
    let all: Vec<(&str, &str)> = files
        .iter()
        .chain(CI_FILES)
        .map(|f| (f.path, f.text))
        .chain([(".gitignore", gitignore.as_str())])
        .collect();
    for (rel, _) in &all {
        let p = dir.join(rel);
        if p.exists() {
            return Err(ScaffoldError::Exists(p));
        }
    }
    let mut written = Vec::new();
    for (rel, text) in all {
        let p = dir.join(rel);
        write_new(&p, text)?;
        written.push(p);
    }
    write_editor_settings(dir, &config, &mut written)?;
    Ok(written)
}

/// The editor settings of a new site: `.vscode/settings.json` (each kind's folder mapped to its
/// JSON Schema, for completion and checks while typing, see [`crate::editor`]) and the schemas
/// themselves, so that they work before the first build; their paths are added to `written`.
fn write_editor_settings(dir: &Path, config: &Config, written: &mut Vec<PathBuf>) -> Result<(), ScaffoldError> {
    for (rel, text) in crate::editor::editor_settings(config) {
        let p = dir.join(rel);
        write_new(&p, &text)?;
        written.push(p);
    }
    // The starter's cards are known to be good; should they not load, the first build writes
    // the schemas all the same.
    if let Ok((site, _)) = crate::build::load(dir) {
        let slugs = crate::schema::Slugs::of_cards(&site.config, &site.cards);
        let files = crate::schema::files(&site.config, &slugs);
        let schema_dir = crate::schema::default_dir(dir);
        if let Ok(paths) = crate::schema::write(&schema_dir, &files) {
            written.extend(paths);
        }
    }
    Ok(())
}

/// Writes `content/<folder>/<slug>.md` for a new card of `kind` titled `title`: valid but for
/// the required fields, which are left empty for the author, each under a hint in the site's
/// language (a YAML comment). `check` reports each empty one at its own line.
/// Returns the new file.
pub fn new_card(root: &Path, kind: &str, title: &str) -> Result<PathBuf, ScaffoldError> {
    let config = Config::load(root).map_err(ScaffoldError::Config)?;
    let Some(kind_id) = config.kind_id(kind) else {
        let names: Vec<&str> = config.kinds.keys().map(String::as_str).collect();
        let help = crate::suggest::did_you_mean(kind, names.iter().copied())
            .unwrap_or_else(|| crate::msg!("help.kinds", kinds = names.join(", ")));
        return Err(ScaffoldError::UnknownKind {
            kind: kind.to_string(),
            help,
        });
    };
    let slug = slug::slugify(title);
    if slug.is_empty() {
        return Err(ScaffoldError::BadTitle(title.to_string()));
    }
    let kc = config.kind(kind_id);
    let path = root
        .join("content")
        .join(kc.folder.get_ref())
        .join(format!("{slug}.md"));
    write_new(&path, &new_card_text(&config, kind_id, title))?;
    Ok(path)
}

/// The text of a new card: see [`new_card`].
pub fn new_card_text(config: &Config, kind_id: KindId, title: &str) -> String {
    let lang = config.language;
    let t = |key: &str, args: &[(&str, &dyn std::fmt::Display)]| messages::text(lang, key, args);
    let kc = config.kind(kind_id);
    let mut fm = String::from("---\n");
    let _ = writeln!(fm, "title: {}", yaml_string(title));
    let _ = writeln!(fm, "kind: {}", config.kind_name(kind_id));
    for req in &kc.required {
        let field = req.get_ref().as_str();
        let (hint, value) = match field {
            "title" | "kind" => continue,
            "summary" => (t("new.summary", &[]), ""),
            "source" => (t("new.source", &[]), "\n  document:\n  locator:"),
            "questions" => (t("new.questions", &[]), ""),
            "flashcards" => (t("new.flashcards", &[]), ""),
            "steps" => (t("new.steps", &[]), ""),
            _ => match kc.fields.get(field) {
                Some(spec) => {
                    let label = spec.label.as_deref().unwrap_or(field);
                    if spec.ty == FieldType::Enum {
                        let values: Vec<String> = spec
                            .values
                            .iter()
                            .map(|v| match spec.labels.get(v) {
                                Some(l) => format!("{v} ({l})"),
                                None => v.clone(),
                            })
                            .collect();
                        (t("new.enum", &[("label", &label), ("values", &values.join(", "))]), "")
                    } else {
                        let ty = t(&format!("field-type.{}", spec.ty.name()), &[]);
                        (t("new.field", &[("label", &label), ("type", &ty)]), "")
                    }
                }
                // A taxonomy the kind requires.
                None => {
                    let label = config.taxonomies.get(field).map_or(field, |tc| tc.plural.as_str());
                    let ty = t("field-type.list", &[]);
                    (t("new.field", &[("label", &label), ("type", &ty)]), "")
                }
            },
        };
        let _ = writeln!(fm, "# {hint}\n{field}:{value}");
    }
    let relations: Vec<(&str, &crate::config::RelationConfig)> = config
        .relations
        .iter()
        .filter(|(_, r)| r.from_kinds.contains(kind_id))
        .map(|(name, r)| (name.as_str(), r))
        .collect();
    if !relations.is_empty() {
        let _ = writeln!(fm, "# {}\n# relations:", t("new.relations", &[]));
        for (name, r) in relations {
            let hint = match &r.to_kinds {
                KindSet::Any => t("new.relation-any", &[("label", &r.label)]),
                KindSet::Only(ids) => {
                    let targets: Vec<&str> = ids.iter().map(|id| config.kind_name(*id)).collect();
                    t("new.relation", &[("label", &r.label), ("targets", &targets.join(", "))])
                }
            };
            let _ = writeln!(fm, "#   {name}: []   # {hint}");
        }
    }
    let _ = writeln!(fm, "# {}", t("new.body", &[]));
    fm.push_str("---\n\n");
    fm
}

fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
}

fn write_new(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| ScaffoldError::Io(dir.to_path_buf(), e))?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                ScaffoldError::Exists(path.to_path_buf())
            } else {
                ScaffoldError::Io(path.to_path_buf(), e)
            }
        })?;
    std::io::Write::write_all(&mut f, text.as_bytes()).map_err(|e| ScaffoldError::Io(path.to_path_buf(), e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_in_a_starter_folder_is_written_by_init() {
        for (lang, folder) in [(Language::Da, "da"), (Language::En, "en")] {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("starters").join(folder);
            let mut on_disk: Vec<String> = walkdir::WalkDir::new(&dir)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .filter_map(|e| e.path().strip_prefix(&dir).ok().map(crate::diagnostic::display_path))
                .collect();
            on_disk.sort();
            let mut listed: Vec<String> = starter(lang).iter().map(|f| f.path.to_string()).collect();
            listed.sort();
            assert_eq!(listed, on_disk, "starters/{folder}/");
        }
    }
}
