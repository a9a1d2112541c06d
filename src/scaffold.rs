//! Scaffolding: `samkort init DIR` (a small working site) and `samkort new KIND "Title"`
//! (a card with the front matter its kind asks for). Neither ever overwrites a file.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::config::{CONFIG_FILE, Config, FieldType};
use crate::diagnostic::Diagnostics;
use crate::slug;

#[derive(Debug)]
pub enum ScaffoldError {
    Exists(PathBuf),
    Config(Diagnostics),
    UnknownKind { kind: String, help: String },
    BadTitle(String),
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for ScaffoldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScaffoldError::Exists(p) => write!(f, "{} already exists; refusing to overwrite it", p.display()),
            ScaffoldError::Config(d) => {
                for x in d.iter() {
                    writeln!(f, "{x}")?;
                }
                Ok(())
            }
            ScaffoldError::UnknownKind { kind, help } => {
                write!(f, "unknown kind `{kind}`\n  help: {help}")
            }
            ScaffoldError::BadTitle(t) => write!(
                f,
                "cannot make a file name from the title {t:?}: it has no letters or digits"
            ),
            ScaffoldError::Io(p, e) => write!(f, "cannot write {}: {e}", p.display()),
        }
    }
}

const INIT_CONFIG: &str = r#"title = "Min vidensbase"
description = "Læringskort bygget med samkort."
language = "da"
base_url = "/"

[kinds.begreb]
folder = "begreber"
singular = "Begreb"
plural = "Begreber"
required = ["summary"]

[kinds.case]
folder = "cases"
singular = "Case"
plural = "Cases"
required = ["summary"]
fields.periode = { type = "string" }

[relations.illustrerer]
from = ["case"]
to = ["begreb"]
label = "Illustrerer"
inverse = "Illustreres af"

[taxonomies.tags]
singular = "Emne"
plural = "Emner"
"#;

const INIT_CARDS: &[(&str, &str)] = &[
    (
        "content/begreber/tillid.md",
        "---\ntitle: Tillid\nsummary: At stole nok på samarbejdspartneren til at give slip på kontrollen.\ntags: [relationer]\nquestions:\n  - Hvor i jeres samarbejde bygger I tillid i dag?\n---\nTillid vokser af [[kendskab]]: man stoler lettere på folk, man kender.\n\n## Tegn på tillid\n\nMan tør indrømme svagheder over for hinanden.\n",
    ),
    (
        "content/begreber/kendskab.md",
        "---\ntitle: Kendskab\nsummary: At kende den anden sektors hverdag og faglige logik.\ntags: [relationer]\nflashcards:\n  - front: Hvad er første trin mod tillid?\n    back: Kendskab.\n---\nKendskab er første trin på vejen mod [[tillid#tegn-paa-tillid|tillid]].\n",
    ),
    (
        "content/cases/faelles-moeder.md",
        "---\ntitle: Fælles morgenmøder\nsummary: Korte daglige møder på tværs af sektorer.\ntags: [relationer, praksis]\nperiode: \"2023\"\nrelations:\n  illustrerer: [kendskab, tillid]\n---\nDaglige møder gav ansigter til navnene. Se [[kendskab]].\n",
    ),
];

/// Writes a small working site into `dir`.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    let config = dir.join(CONFIG_FILE);
    if config.exists() {
        return Err(ScaffoldError::Exists(config));
    }
    for (rel, _) in INIT_CARDS {
        let p = dir.join(rel);
        if p.exists() {
            return Err(ScaffoldError::Exists(p));
        }
    }
    let mut written = Vec::new();
    write_new(&config, INIT_CONFIG)?;
    written.push(config);
    for (rel, text) in INIT_CARDS {
        let p = dir.join(rel);
        write_new(&p, text)?;
        written.push(p);
    }
    // The VS Code settings that map each kind's folder to its schema (see crate::editor).
    if let Ok(config) = Config::parse(dir, INIT_CONFIG) {
        for (rel, text) in crate::editor::editor_settings(&config) {
            let p = dir.join(rel);
            write_new(&p, &text)?;
            written.push(p);
        }
    }
    Ok(written)
}

/// Writes `content/<folder>/<slug>.md` for a new card of `kind` titled `title`.
pub fn new_card(root: &Path, kind: &str, title: &str) -> Result<PathBuf, ScaffoldError> {
    let config = Config::load(root).map_err(ScaffoldError::Config)?;
    let Some(kc) = config.kinds.get(kind) else {
        let names: Vec<&str> = config.kinds.keys().map(String::as_str).collect();
        let help = crate::suggest::did_you_mean(kind, names.iter().copied())
            .unwrap_or_else(|| format!("kinds: {}", names.join(", ")));
        return Err(ScaffoldError::UnknownKind {
            kind: kind.to_string(),
            help,
        });
    };
    let slug = slug::slugify(title);
    if slug.is_empty() {
        return Err(ScaffoldError::BadTitle(title.to_string()));
    }
    let path = root
        .join("content")
        .join(kc.folder.get_ref())
        .join(format!("{slug}.md"));
    let mut fm = String::from("---\n");
    let _ = writeln!(fm, "title: {}", yaml_string(title));
    let _ = writeln!(fm, "kind: {kind}");
    for req in &kc.required {
        let r = req.get_ref().as_str();
        let line = match r {
            "summary" => "summary: \"\"  # one or two sentences".to_string(),
            "source" => "source:\n  document: \"\"\n  locator: \"\"".to_string(),
            "questions" => "questions:\n  - \"\"".to_string(),
            "flashcards" => "flashcards:\n  - front: \"\"\n    back: \"\"".to_string(),
            "steps" => "steps: []  # slugs of the cards, in order".to_string(),
            "relations" => "relations: {}".to_string(),
            field => match kc.fields.get(field) {
                Some(spec) => match spec.ty {
                    FieldType::Enum => {
                        format!("{field}: \"\"  # one of: {}", spec.values.join(", "))
                    }
                    FieldType::List | FieldType::Refs => format!("{field}: []"),
                    FieldType::Number => format!("{field}: 0"),
                    FieldType::Bool => format!("{field}: false"),
                    FieldType::Date => format!("{field}: \"\"  # YYYY-MM-DD"),
                    FieldType::String | FieldType::Ref => format!("{field}: \"\""),
                },
                None => format!("{field}: []"),
            },
        };
        fm.push_str(&line);
        fm.push('\n');
    }
    fm.push_str("---\n\n");
    write_new(&path, &fm)?;
    Ok(path)
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
