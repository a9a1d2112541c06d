//! Editor settings: the VS Code workspace settings that map each kind's folder to its JSON
//! Schema ([`crate::schema`]), for the Red Hat YAML extension (`yaml.schemas`), and the
//! recommendation of that extension.
//!
//! `samkort schema` writes them (merging `yaml.schemas` into a settings file already there);
//! `samkort init` can write [`editor_settings`] with the rest of a new site. What an author gets
//! from them in Markdown files is in the README ("Help while typing").

use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

use crate::config::Config;
use crate::schema::{SCHEMA_DIR, file_name};

/// The settings file, relative to the site's root.
pub const SETTINGS: &str = ".vscode/settings.json";
/// The extension recommendations, relative to the site's root.
pub const EXTENSIONS: &str = ".vscode/extensions.json";

/// `yaml.schemas`: each kind's schema (under `schema_dir`, relative to the site's root, with
/// `/`) for the card files of its folder.
pub fn yaml_schemas(config: &Config, schema_dir: &str) -> Value {
    let mut m = Map::new();
    for (_, name, kc) in config.kind_ids() {
        m.insert(
            format!("{schema_dir}/{}", file_name(name)),
            json!([format!("content/{}/**/*.md", kc.folder.get_ref())]),
        );
    }
    Value::Object(m)
}

fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// The editor files of a new site, relative to its root, with their text: `.vscode/settings.json`
/// (the schemas in `.samkort/schema/`, written by every build and by `samkort schema`) and
/// `.vscode/extensions.json` (recommending the YAML extension).
pub fn editor_settings(config: &Config) -> Vec<(PathBuf, String)> {
    vec![
        (
            PathBuf::from(SETTINGS),
            pretty(&json!({ "yaml.schemas": yaml_schemas(config, SCHEMA_DIR) })),
        ),
        (
            PathBuf::from(EXTENSIONS),
            pretty(&json!({ "recommendations": ["redhat.vscode-yaml"] })),
        ),
    ]
}

/// What became of one editor file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Written(PathBuf),
    Unchanged(PathBuf),
    /// The file is there but is not plain JSON (VS Code allows comments): left as it is; the
    /// text is what to add by hand.
    Left(PathBuf, String),
}

/// Writes the editor settings into the site at `root`, with the schemas in `schema_dir`
/// (relative to `root` when inside it). A settings file already there keeps its other settings:
/// only `yaml.schemas` is replaced. An extensions file already there is kept as it is.
pub fn write(config: &Config, root: &Path, schema_dir: &Path) -> std::io::Result<Vec<Outcome>> {
    let dir = match schema_dir.strip_prefix(root) {
        Ok(rel) => rel.to_string_lossy().replace('\\', "/"),
        Err(_) => schema_dir.to_string_lossy().replace('\\', "/"),
    };
    let schemas = yaml_schemas(config, &dir);
    let mut out = Vec::new();
    let settings = root.join(SETTINGS);
    let text = match std::fs::read_to_string(&settings) {
        Err(_) => Some(pretty(&json!({ "yaml.schemas": schemas }))),
        Ok(old) => match serde_json::from_str::<Value>(&old) {
            Ok(Value::Object(mut m)) => {
                m.insert("yaml.schemas".into(), schemas.clone());
                Some(pretty(&Value::Object(m)))
            }
            _ => {
                out.push(Outcome::Left(
                    settings.clone(),
                    pretty(&json!({ "yaml.schemas": schemas })),
                ));
                None
            }
        },
    };
    if let Some(text) = text {
        if std::fs::read_to_string(&settings).is_ok_and(|old| old == text) {
            out.push(Outcome::Unchanged(settings));
        } else {
            std::fs::create_dir_all(root.join(".vscode"))?;
            std::fs::write(&settings, text)?;
            out.push(Outcome::Written(settings));
        }
    }
    let extensions = root.join(EXTENSIONS);
    std::fs::create_dir_all(root.join(".vscode"))?;
    if extensions.exists() {
        out.push(Outcome::Unchanged(extensions));
    } else {
        let (_, text) = &editor_settings(config)[1];
        std::fs::write(&extensions, text)?;
        out.push(Outcome::Written(extensions));
    }
    Ok(out)
}
