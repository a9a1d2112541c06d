//! A form editor for authors who do not write YAML: `samkort cms` writes the configuration of
//! [Decap CMS](https://decapcms.org/), a git-based CMS that runs as static files, into
//! `content/admin/` of the site (`config.yml` and the page `index.html`). The build copies the
//! content folder's other files as they are, so the site gets its editor at `admin/`.
//!
//! The collections come from the same data as the JSON Schemas ([`crate::schema::fields`]):
//! one folder collection per kind, a widget per field type, select lists for enums and closed
//! taxonomies with their labels, relation widgets for relations and references to one kind,
//! lists for questions, flashcards and steps, Markdown for the body.
//!
//! The CMS's script is not written here and no CDN is named: the page loads `decap-cms.js`
//! from beside it, copied from the `decap-cms` npm package (see the README).

use std::path::{Path, PathBuf};

use serde_yaml::{Mapping, Value};

use crate::config::{Config, KindId, KindSet};
use crate::schema::{FieldModel, Shape, Slugs};

/// Where the admin page and its configuration go, relative to the site's root.
pub const ADMIN_DIR: &str = "content/admin";

fn map(pairs: Vec<(&str, Value)>) -> Value {
    let mut m = Mapping::new();
    for (k, v) in pairs {
        m.insert(Value::String(k.to_string()), v);
    }
    Value::Mapping(m)
}

fn s(text: &str) -> Value {
    Value::String(text.to_string())
}

/// A link to cards of several kinds is a select list of those cards, up to this many; beyond,
/// a text field for slugs (the configuration would grow with every card on every such field).
pub const MAX_OPTIONS: usize = 1000;

/// What the Decap config says for one kind's field of `shape`.
struct Writer<'a> {
    config: &'a Config,
    slugs: &'a Slugs,
}

impl Writer<'_> {
    /// The text under `key` of the messages, in the site's language.
    fn say(&self, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        crate::messages::text(self.config.language, key, args)
    }

    /// The kinds of `set`, in the order of samkort.toml.
    fn kinds(&self, set: &KindSet) -> Vec<KindId> {
        match set {
            KindSet::Any => self.config.kind_ids().map(|(id, _, _)| id).collect(),
            KindSet::Only(ids) => ids.clone(),
        }
    }

    /// A card of one of `kinds`: a relation widget when that is one kind (it searches the
    /// kind's collection as it is), else a select list of the site's cards of those kinds now.
    fn card_widget(&self, set: &KindSet, multiple: bool) -> Vec<(&'static str, Value)> {
        let kinds = self.kinds(set);
        if let [one] = kinds.as_slice() {
            return vec![
                ("widget", s("relation")),
                ("collection", s(self.config.kind_name(*one))),
                ("value_field", s("{{slug}}")),
                ("search_fields", Value::Sequence(vec![s("title")])),
                ("display_fields", Value::Sequence(vec![s("title")])),
                ("multiple", Value::Bool(multiple)),
            ];
        }
        let count: usize = kinds.iter().map(|&k| self.slugs.of_kind(k).len()).sum();
        if count > MAX_OPTIONS {
            // Too many to list: the author types the slugs, and `check` checks them.
            let names: Vec<&str> = kinds.iter().map(|&k| self.config.kind_name(k)).collect();
            let hint = self.say("form.slug-hint", &[("kinds", &names.join(", "))]);
            return vec![
                ("widget", s(if multiple { "list" } else { "string" })),
                ("hint", s(&hint)),
            ];
        }
        let mut options = Vec::new();
        for k in kinds {
            let kind = &self.config.kind(k).singular;
            for (slug, title) in self.slugs.of_kind(k) {
                options.push(map(vec![
                    ("label", s(&format!("{title} ({kind})"))),
                    ("value", s(slug)),
                ]));
            }
        }
        vec![
            ("widget", s("select")),
            ("multiple", Value::Bool(multiple)),
            ("options", Value::Sequence(options)),
        ]
    }

    fn field(&self, f: &FieldModel) -> Option<Value> {
        let mut pairs: Vec<(&str, Value)> = vec![("label", s(&f.label)), ("name", s(&f.name))];
        let options = |values: &[String], labels: &[String]| {
            Value::Sequence(
                values
                    .iter()
                    .zip(labels)
                    .map(|(v, l)| map(vec![("label", s(l)), ("value", s(v))]))
                    .collect(),
            )
        };
        match &f.shape {
            // The folder says the kind.
            Shape::Kind(_) => return None,
            Shape::Title | Shape::Text { multiline: false } => pairs.push(("widget", s("string"))),
            Shape::Text { multiline: true } | Shape::Summary => pairs.push(("widget", s("text"))),
            Shape::Number => {
                pairs.push(("widget", s("number")));
                pairs.push(("value_type", s("float")));
            }
            Shape::Integer => {
                pairs.push(("widget", s("number")));
                pairs.push(("value_type", s("int")));
            }
            Shape::Bool => pairs.push(("widget", s("boolean"))),
            Shape::Date => {
                pairs.push(("widget", s("datetime")));
                pairs.push(("format", s("YYYY-MM-DD")));
                pairs.push(("date_format", s("YYYY-MM-DD")));
                pairs.push(("time_format", Value::Bool(false)));
                pairs.push(("picker_utc", Value::Bool(true)));
            }
            Shape::TextList => pairs.push(("widget", s("list"))),
            Shape::Enum { values, labels } => {
                pairs.push(("widget", s("select")));
                pairs.push(("options", options(values, labels)));
            }
            Shape::Terms { values, labels } if !values.is_empty() => {
                pairs.push(("widget", s("select")));
                pairs.push(("multiple", Value::Bool(true)));
                pairs.push(("options", options(values, labels)));
            }
            Shape::Terms { .. } => pairs.push(("widget", s("list"))),
            Shape::Ref(kinds) => pairs.extend(self.card_widget(kinds, false)),
            Shape::Refs(kinds) => pairs.extend(self.card_widget(kinds, true)),
            Shape::Source => {
                let mut card = vec![
                    ("label", s(&self.say("form.source-card", &[]))),
                    ("name", s("card")),
                    ("required", Value::Bool(false)),
                ];
                card.extend(self.card_widget(&KindSet::Any, false));
                pairs.push(("widget", s("object")));
                pairs.push((
                    "fields",
                    Value::Sequence(vec![
                        map(vec![
                            ("label", s(&self.say("form.document", &[]))),
                            ("name", s("document")),
                            ("widget", s("string")),
                        ]),
                        map(vec![
                            ("label", s(&self.say("form.locator", &[]))),
                            ("name", s("locator")),
                            ("widget", s("string")),
                            ("required", Value::Bool(false)),
                        ]),
                        map(card),
                    ]),
                ));
            }
            Shape::Relations(relations) => {
                pairs.push(("widget", s("object")));
                pairs.push(("collapsed", Value::Bool(true)));
                let fields = relations
                    .iter()
                    .map(|r| {
                        let mut p = vec![
                            ("label", s(&r.label)),
                            ("name", s(&r.name)),
                            ("required", Value::Bool(false)),
                        ];
                        p.extend(self.card_widget(&r.to, true));
                        map(p)
                    })
                    .collect();
                pairs.push(("fields", Value::Sequence(fields)));
            }
            Shape::Flashcards => {
                let side = |name: &str| {
                    let label = self.say(&format!("form.{name}"), &[]);
                    map(vec![("label", s(&label)), ("name", s(name)), ("widget", s("text"))])
                };
                pairs.push(("widget", s("list")));
                pairs.push(("summary", s("{{fields.front}}")));
                pairs.push(("fields", Value::Sequence(vec![side("front"), side("back")])));
            }
            Shape::Steps(step_fields) => {
                let mut slug = vec![("label", s(&self.say("form.step-card", &[]))), ("name", s("slug"))];
                slug.extend(self.card_widget(&KindSet::Any, false));
                pairs.push(("widget", s("list")));
                if step_fields.is_empty() {
                    // Steps as plain slugs: `steps: [a, b]`.
                    pairs.push(("field", map(slug)));
                } else {
                    // Steps as maps: `- { slug: a, minutter: 20 }`.
                    let mut fields = vec![map(slug)];
                    fields.extend(step_fields.iter().filter_map(|sf| {
                        self.field(&FieldModel {
                            required: false,
                            ..sf.clone()
                        })
                    }));
                    pairs.push(("summary", s("{{fields.slug}}")));
                    pairs.push(("fields", Value::Sequence(fields)));
                }
            }
        }
        pairs.push(("required", Value::Bool(f.required)));
        Some(map(pairs))
    }
}

/// One folder collection per kind, with its fields and the body.
fn collections(config: &Config, slugs: &Slugs) -> Value {
    let w = Writer { config, slugs };
    let body_label = w.say("form.body", &[]);
    let list = config
        .kind_ids()
        .map(|(id, name, kc)| {
            let mut fields: Vec<Value> = crate::schema::fields(config, id)
                .iter()
                .filter_map(|f| w.field(f))
                .collect();
            fields.push(map(vec![
                ("label", s(&body_label)),
                ("name", s("body")),
                ("widget", s("markdown")),
            ]));
            map(vec![
                ("name", s(name)),
                ("label", s(&kc.plural)),
                ("label_singular", s(&kc.singular)),
                ("folder", s(&format!("content/{}", kc.folder.get_ref()))),
                ("extension", s("md")),
                ("format", s("frontmatter")),
                ("create", Value::Bool(true)),
                ("slug", s("{{slug}}")),
                ("identifier_field", s("title")),
                ("summary", s("{{title}}")),
                ("fields", Value::Sequence(fields)),
            ])
        })
        .collect();
    Value::Sequence(list)
}

/// The default backend: GitHub, to be filled in (a `backend:` already in config.yml is kept).
fn default_backend() -> Value {
    map(vec![
        ("name", s("github")),
        ("repo", s("OWNER/REPOSITORY")),
        ("branch", s("main")),
    ])
}

/// The text of `content/admin/config.yml`. `old` is the file as it was, whose `backend:` is
/// kept (that is where the site's git host is set up).
pub fn config_yml(config: &Config, slugs: &Slugs, old: Option<&str>) -> String {
    let backend = old
        .and_then(|t| serde_yaml::from_str::<Value>(t).ok())
        .and_then(|v| v.get("backend").cloned())
        .unwrap_or_else(default_backend);
    let doc = map(vec![
        ("backend", backend),
        // `npx decap-server` in the site lets `samkort serve` edit the files on this computer.
        ("local_backend", Value::Bool(true)),
        ("locale", s(config.language.code())),
        ("media_folder", s("content/media")),
        ("public_folder", s("../media")),
        (
            "slug",
            map(vec![
                ("encoding", s("ascii")),
                ("clean_accents", Value::Bool(true)),
                ("sanitize_replacement", s("-")),
            ]),
        ),
        ("collections", collections(config, slugs)),
    ]);
    let yaml = serde_yaml::to_string(&doc).unwrap_or_default();
    format!(
        "# Decap CMS for \"{}\", written by `samkort cms` from samkort.toml and the site's cards.\n\
         # Run `samkort cms` again after changing samkort.toml or adding cards; `backend:` is kept.\n{yaml}",
        config.title.replace('\n', " ")
    )
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The text of `content/admin/index.html`: the CMS's page, which loads its script from beside it.
pub fn index_html(config: &Config) -> String {
    let lang = config.language.code();
    let edit = crate::messages::text(config.language, "form.edit", &[]);
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex\">\n<title>{edit}: {}</title>\n\
         <link href=\"config.yml\" type=\"text/yaml\" rel=\"cms-config-url\">\n</head>\n<body>\n\
         <!-- Decap CMS, copied beside this page from the npm package decap-cms (see samkort's README). -->\n\
         <script src=\"decap-cms.js\"></script>\n</body>\n</html>\n",
        html_escape(&config.title)
    )
}

/// The files `samkort cms` writes (relative to the site's root) with their text.
pub fn files(config: &Config, slugs: &Slugs, root: &Path) -> Vec<(PathBuf, String)> {
    let dir = Path::new(ADMIN_DIR);
    let old = std::fs::read_to_string(root.join(dir).join("config.yml")).ok();
    vec![
        (dir.join("config.yml"), config_yml(config, slugs, old.as_deref())),
        (dir.join("index.html"), index_html(config)),
    ]
}
