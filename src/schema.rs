//! The front matter of each kind as data: which keys a card may have, of which shape, with
//! which labels, and which cards a link may name. Two outputs are drawn from it: a JSON Schema
//! per kind (here), which editors use for completion and red underlines while an author types,
//! and the form editor's configuration ([`crate::cms`]).
//!
//! The schemas follow JSON Schema **draft-07**, the draft every YAML and JSON editor understands
//! (the Red Hat YAML extension of VS Code, JetBrains IDEs). They say what `check` says about one
//! card's front matter as far as a schema can: unknown keys, required fields, types, enum values
//! (with their labels as descriptions), and the slugs a relation or reference may name, as the
//! slugs of the site's cards of the allowed kinds when the schema was written. What a schema
//! cannot see (the body's links, file names, duplicate slugs, YAML syntax) stays `check`'s.
//!
//! `samkort schema` writes them, and every `samkort build` writes them anew (a file only when
//! it changed), into [`SCHEMA_DIR`] of the site: `.samkort/schema/<kind>.json`.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

use crate::card::Card;
use crate::config::{Config, FieldSpec, FieldType, KindConfig, KindId, KindSet, Language};

/// Where the schemas go, relative to the site's root.
pub const SCHEMA_DIR: &str = ".samkort/schema";

/// The draft the schemas follow.
pub const DRAFT: &str = "http://json-schema.org/draft-07/schema#";

/// The cards a link may name: per kind, the slugs and titles of its cards, sorted by slug.
#[derive(Debug, Clone, Default)]
pub struct Slugs {
    by_kind: Vec<Vec<(String, String)>>,
}

impl Slugs {
    /// The slugs of `cards` (their kind, slug and title).
    pub fn new<'a>(config: &Config, cards: impl IntoIterator<Item = (KindId, &'a str, &'a str)>) -> Slugs {
        let mut by_kind = vec![Vec::new(); config.kinds.len()];
        for (kind, slug, title) in cards {
            if let Some(list) = by_kind.get_mut(kind.index()) {
                list.push((slug.to_string(), title.to_string()));
            }
        }
        for list in &mut by_kind {
            list.sort();
            list.dedup_by(|a, b| a.0 == b.0);
        }
        Slugs { by_kind }
    }

    /// The slugs of a checked site's cards.
    pub fn of_cards(config: &Config, cards: &[Card]) -> Slugs {
        Slugs::new(
            config,
            cards.iter().map(|c| (c.kind, c.slug.as_str(), c.title.as_str())),
        )
    }

    pub fn of_kind(&self, kind: KindId) -> &[(String, String)] {
        self.by_kind.get(kind.index()).map_or(&[], Vec::as_slice)
    }
}

/// The shape of a front matter value.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// The title: a text that is not empty.
    Title,
    /// A text; `multiline` for the summary and the like.
    Text {
        multiline: bool,
    },
    /// `summary`: a text (a number is taken as text too).
    Summary,
    Number,
    Integer,
    Bool,
    /// A calendar day written YYYY-MM-DD.
    Date,
    /// A list of texts (one text counts as a list of one).
    TextList,
    /// One of `values`, shown as `labels`.
    Enum {
        values: Vec<String>,
        labels: Vec<String>,
    },
    /// Taxonomy terms: a list of texts, only `values` when there are any.
    Terms {
        values: Vec<String>,
        labels: Vec<String>,
    },
    /// One card of these kinds (a reference field).
    Ref(KindSet),
    /// A list of cards of these kinds.
    Refs(KindSet),
    /// `source`: a text, or `document`, `locator` and the `card` of the source document.
    Source,
    /// `relations`: per relation type the kind may have, a list of cards.
    Relations(Vec<RelationModel>),
    /// `flashcards`: a list of `front`/`back` pairs.
    Flashcards,
    /// `steps` of a course kind: cards, each a slug or a map of `slug` and the step's fields.
    Steps(Vec<FieldModel>),
    /// `kind`: the name of the kind.
    Kind(String),
}

/// A relation type a kind's cards may have.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationModel {
    pub name: String,
    pub label: String,
    pub to: KindSet,
}

/// One front matter key of a kind.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldModel {
    pub name: String,
    pub label: String,
    pub required: bool,
    pub shape: Shape,
}

/// Labels of the fields every kind has, in the site's language.
fn core_label(lang: Language, field: &str) -> String {
    crate::messages::text(lang, &format!("form.{field}"), &[])
}

/// A field's label: its `label`, else its key with a capital first letter.
fn label_of(name: &str, spec: &FieldSpec) -> String {
    spec.label.clone().unwrap_or_else(|| {
        let mut c = name.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    })
}

fn field_shape(spec: &FieldSpec) -> Shape {
    match spec.ty {
        FieldType::String => Shape::Text { multiline: false },
        FieldType::Number => Shape::Number,
        FieldType::Bool => Shape::Bool,
        FieldType::Date => Shape::Date,
        FieldType::List => Shape::TextList,
        FieldType::Enum => Shape::Enum {
            values: spec.values.clone(),
            labels: spec
                .values
                .iter()
                .map(|v| spec.labels.get(v).cloned().unwrap_or_else(|| v.clone()))
                .collect(),
        },
        FieldType::Ref => Shape::Ref(spec.targets.clone()),
        FieldType::Refs => Shape::Refs(spec.targets.clone()),
    }
}

/// The front matter keys of a card of `kind`, in the order an author writes them: title and
/// summary first, the kind's own fields after the shared ones, the body's material last.
pub fn fields(config: &Config, kind: KindId) -> Vec<FieldModel> {
    let kc: &KindConfig = config.kind(kind);
    let lang = config.language;
    let req = |f: &str| kc.requires(f);
    let core = |name: &str, shape: Shape| FieldModel {
        name: name.to_string(),
        label: core_label(lang, name),
        required: name == "title" || req(name),
        shape,
    };
    let mut out = vec![
        core("title", Shape::Title),
        core("kind", Shape::Kind(config.kind_name(kind).to_string())),
        core("summary", Shape::Summary),
        core("order", Shape::Integer),
    ];
    for (name, tax) in &config.taxonomies {
        out.push(FieldModel {
            name: name.clone(),
            label: tax.plural.clone(),
            required: req(name),
            shape: Shape::Terms {
                values: tax.values.clone(),
                labels: tax.values.iter().map(|v| tax.display(v).to_string()).collect(),
            },
        });
    }
    out.push(core("source", Shape::Source));
    for (name, spec) in &kc.fields {
        out.push(FieldModel {
            name: name.clone(),
            label: label_of(name, spec),
            required: req(name),
            shape: field_shape(spec),
        });
    }
    if let Some(review) = &config.review {
        out.push(FieldModel {
            name: review.owner.clone(),
            label: core_label(lang, "owner"),
            required: false,
            shape: Shape::Text { multiline: false },
        });
        out.push(FieldModel {
            name: review.date.clone(),
            label: core_label(lang, "review"),
            required: false,
            shape: Shape::Date,
        });
    }
    let relations: Vec<RelationModel> = config
        .relations
        .iter()
        .filter(|(_, r)| r.from_kinds.contains(kind))
        .map(|(name, r)| RelationModel {
            name: name.clone(),
            label: r.label.clone(),
            to: r.to_kinds.clone(),
        })
        .collect();
    if !relations.is_empty() {
        out.push(core("relations", Shape::Relations(relations)));
    }
    if kc.course {
        let step_fields = kc
            .step_fields
            .iter()
            .map(|(name, spec)| FieldModel {
                name: name.clone(),
                label: label_of(name, spec),
                required: false,
                shape: field_shape(spec),
            })
            .collect();
        out.push(core("steps", Shape::Steps(step_fields)));
    }
    out.push(core("questions", Shape::TextList));
    out.push(core("flashcards", Shape::Flashcards));
    out
}

/// Builds one kind's schema: which kinds' slug lists it refers to are collected on the way.
struct SchemaWriter<'a> {
    config: &'a Config,
    slugs: &'a Slugs,
    used: Vec<bool>,
}

/// Not an empty text: a schema's `pattern` applies to texts only, so other types pass it.
const NOT_BLANK: &str = "\\S";

impl SchemaWriter<'_> {
    fn definition_name(&self, kind: KindId) -> String {
        let name = self.config.kind_name(kind);
        if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            format!("cards-{name}")
        } else {
            format!("cards-{}", kind.index())
        }
    }

    /// A slug of a card of one of `kinds`.
    fn slug(&mut self, kinds: &KindSet) -> Value {
        let ids: Vec<KindId> = match kinds {
            KindSet::Any => self.config.kind_ids().map(|(id, _, _)| id).collect(),
            KindSet::Only(ids) => ids.clone(),
        };
        let refs: Vec<Value> = ids
            .iter()
            .map(|&id| {
                self.used[id.index()] = true;
                json!({ "$ref": format!("#/definitions/{}", self.definition_name(id)) })
            })
            .collect();
        match <[Value; 1]>::try_from(refs) {
            Ok([one]) => one,
            Err(refs) => json!({ "anyOf": refs }),
        }
    }

    /// One slug, or a list of them (as `check` reads a list: one text is a list of one).
    fn slug_list(&mut self, kinds: &KindSet, max: Option<usize>, required: bool) -> Value {
        one_or_list(self.slug(kinds), max, required)
    }

    fn definitions(&self) -> Value {
        let mut defs = Map::new();
        for (id, name, _) in self.config.kind_ids() {
            if !self.used[id.index()] {
                continue;
            }
            let cards = self.slugs.of_kind(id);
            let def = if cards.is_empty() {
                json!({
                    "type": "string",
                    "not": {},
                    "description": crate::messages::text(self.config.language, "form.no-cards", &[("kind", &name)]),
                })
            } else {
                json!({
                    "type": "string",
                    "enum": cards.iter().map(|(s, _)| s.as_str()).collect::<Vec<_>>(),
                    "enumDescriptions": cards.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>(),
                    "description": crate::messages::text(self.config.language, "form.slug-of", &[("kind", &name)]),
                })
            };
            defs.insert(self.definition_name(id), def);
        }
        Value::Object(defs)
    }

    fn value(&mut self, f: &FieldModel) -> Value {
        let required = f.required;
        // `type` with `null` added when the field may be left empty.
        let types = |t: &[&str]| -> Value {
            let mut t: Vec<&str> = t.to_vec();
            if !required {
                t.push("null");
            }
            json!(t)
        };
        let scalar_text = json!({ "type": ["string", "number", "boolean"] });
        let mut v = match &f.shape {
            Shape::Title => json!({ "type": "string", "pattern": NOT_BLANK }),
            Shape::Kind(name) => json!({ "enum": [name] }),
            Shape::Text { .. } => json!({ "type": types(&["string"]) }),
            Shape::Summary => json!({ "type": types(&["string", "number"]) }),
            Shape::Number => json!({ "type": types(&["number"]) }),
            Shape::Integer => json!({ "type": types(&["integer"]) }),
            Shape::Bool => json!({ "type": types(&["boolean"]) }),
            Shape::Date => json!({
                "type": types(&["string"]),
                "format": "date",
                "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
            }),
            Shape::TextList => {
                let mut l = json!({ "type": types(&["array", "string"]), "items": scalar_text });
                if required {
                    l["minItems"] = json!(1);
                }
                l
            }
            Shape::Enum { values, labels } => {
                let mut all: Vec<Value> = values.iter().map(|v| json!(v)).collect();
                if !required {
                    all.push(Value::Null);
                }
                let described: Vec<String> = values.iter().zip(labels).map(|(v, l)| format!("`{v}`: {l}")).collect();
                json!({
                    "enum": all,
                    "enumDescriptions": labels,
                    "description": format!("{}: {}", f.label, described.join(", ")),
                })
            }
            Shape::Terms { values, labels } if !values.is_empty() => {
                one_or_list(json!({ "enum": values, "enumDescriptions": labels }), None, required)
            }
            Shape::Terms { .. } => {
                let mut l = json!({ "type": types(&["array", "string"]), "items": scalar_text });
                if required {
                    l["minItems"] = json!(1);
                }
                l
            }
            Shape::Ref(kinds) => self.slug_list(kinds, Some(1), required),
            Shape::Refs(kinds) => self.slug_list(kinds, None, required),
            Shape::Source => {
                let card = self.slug(&KindSet::Any);
                let mut any = vec![
                    json!({ "type": "string" }),
                    json!({
                        "type": "object",
                        "properties": {
                            "document": {
                                "type": "string",
                                "pattern": NOT_BLANK,
                                "description": crate::messages::text(self.config.language, "form.document-help", &[]),
                            },
                            "locator": {
                                "type": "string",
                                "description": crate::messages::text(self.config.language, "form.locator-help", &[]),
                            },
                            "card": card,
                        },
                        "required": ["document"],
                        "additionalProperties": false,
                    }),
                ];
                if !required {
                    any.push(json!({ "type": "null" }));
                }
                json!({ "anyOf": any })
            }
            Shape::Relations(relations) => {
                let mut props = Map::new();
                for r in relations {
                    let mut list = self.slug_list(&r.to, None, false);
                    list["description"] = json!(r.label);
                    props.insert(r.name.clone(), list);
                }
                json!({
                    "type": types(&["object"]),
                    "properties": props,
                    "additionalProperties": false,
                })
            }
            Shape::Flashcards => {
                let side = json!({ "type": ["string", "number", "boolean"], "pattern": NOT_BLANK });
                let mut l = json!({
                    "type": types(&["array"]),
                    "items": {
                        "type": "object",
                        "properties": { "front": side.clone(), "back": side },
                        "required": ["front", "back"],
                        "additionalProperties": false,
                    },
                });
                if required {
                    l["minItems"] = json!(1);
                }
                l
            }
            Shape::Steps(step_fields) => {
                let slug = self.slug(&KindSet::Any);
                let mut props = Map::new();
                props.insert("slug".into(), slug.clone());
                for sf in step_fields {
                    // A step's field has a value when it is written: no empty ones.
                    let sf = FieldModel {
                        required: true,
                        ..sf.clone()
                    };
                    let mut v = self.value(&sf);
                    if let Value::Object(m) = &mut v {
                        m.remove("minItems");
                        m.remove("pattern");
                    }
                    props.insert(sf.name.clone(), v);
                }
                let item = json!({
                    "anyOf": [
                        slug,
                        {
                            "type": "object",
                            "properties": props,
                            "required": ["slug"],
                            "additionalProperties": false,
                        },
                    ],
                });
                let mut l = json!({ "type": types(&["array", "string"]), "items": item });
                if required {
                    l["minItems"] = json!(1);
                }
                l
            }
        };
        if required
            && matches!(
                f.shape,
                Shape::Text { .. } | Shape::Summary | Shape::TextList | Shape::Terms { .. }
            )
        {
            v["pattern"] = json!(NOT_BLANK);
        }
        if v.get("description").is_none() {
            v["description"] = json!(f.label);
        }
        if !f.label.is_empty() {
            v["title"] = json!(f.label);
        }
        v
    }
}

/// The JSON Schema of the front matter of a card of `kind`.
pub fn kind_schema(config: &Config, kind: KindId, slugs: &Slugs) -> Value {
    let kc = config.kind(kind);
    let name = config.kind_name(kind);
    let mut w = SchemaWriter {
        config,
        slugs,
        used: vec![false; config.kinds.len()],
    };
    let mut props = Map::new();
    let mut required = Vec::new();
    for f in fields(config, kind) {
        if f.required {
            required.push(f.name.clone());
        }
        props.insert(f.name.clone(), w.value(&f));
    }
    json!({
        "$schema": DRAFT,
        "title": format!("{} ({})", kc.singular, name),
        "description": crate::messages::text(
            config.language,
            "form.front-matter",
            &[("kind", &name), ("folder", kc.folder.get_ref()), ("title", &config.title)]
        ),
        "type": "object",
        "properties": props,
        "required": required,
        "additionalProperties": false,
        "definitions": w.definitions(),
    })
}

/// Every kind's schema as a file: `<kind>.json` with its text (pretty-printed, ending in a
/// line end), in the order of samkort.toml.
pub fn files(config: &Config, slugs: &Slugs) -> Vec<(String, String)> {
    use rayon::prelude::*;
    let kinds: Vec<(KindId, &str)> = config.kind_ids().map(|(id, name, _)| (id, name)).collect();
    kinds
        .par_iter()
        .map(|&(id, name)| {
            let schema = kind_schema(config, id, slugs);
            let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
            text.push('\n');
            (format!("{name}.json"), text)
        })
        .collect()
}

/// The file name of a kind's schema.
pub fn file_name(kind: &str) -> String {
    format!("{kind}.json")
}

/// Writes `files` into `dir`: only those whose text changed, so an editor that watches them
/// reloads only what changed. Schemas of kinds no longer in samkort.toml are removed. Returns
/// the files written.
pub fn write(dir: &Path, files: &[(String, String)]) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for (name, text) in files {
        let path = dir.join(name);
        if std::fs::read(&path).is_ok_and(|old| old == text.as_bytes()) {
            continue;
        }
        std::fs::write(&path, text)?;
        written.push(path);
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let stale = path.extension().is_some_and(|e| e == "json")
            && path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| !files.iter().any(|(f, _)| f == n));
        if stale {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(written)
}

/// The site's schema folder: `<root>/.samkort/schema`.
pub fn default_dir(root: &Path) -> PathBuf {
    root.join(SCHEMA_DIR)
}

/// A value written as `one` or as a list of them (at most `max`); a field that is not required
/// may also be empty (null).
fn one_or_list(one: Value, max: Option<usize>, required: bool) -> Value {
    let mut list = json!({ "type": "array", "items": one.clone() });
    if let Some(max) = max {
        list["maxItems"] = json!(max);
    }
    if required {
        list["minItems"] = json!(1);
    }
    let mut any = vec![one, list];
    if !required {
        any.push(json!({ "type": "null" }));
    }
    json!({ "anyOf": any })
}
