//! The site configuration, `samkort.toml`: kinds, relation types, taxonomies and site settings.
//!
//! This module reads and checks the file; it knows nothing about cards. Every domain word
//! (Danish names, health-care kinds) comes from the file, never from the code. An unknown key,
//! a relation naming a kind that does not exist or a bad folder name is a configuration error
//! with line and column, reported before any card is read.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::brand::{Brand, RawBrand};
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::messages::Msg;
use crate::msg;
use crate::slug;

pub const CONFIG_FILE: &str = "samkort.toml";

/// Front-matter keys every card may have, whatever its kind.
pub const CORE_FIELDS: &[&str] = &[
    "title",
    "kind",
    "summary",
    "source",
    "relations",
    "questions",
    "flashcards",
    "steps",
    "order",
];

/// The UI language of the generated site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
pub enum Language {
    #[default]
    #[serde(rename = "da")]
    Da,
    #[serde(rename = "en")]
    En,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::Da => "da",
            Language::En => "en",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    String,
    Number,
    Bool,
    Date,
    List,
    Enum,
    /// A reference to one card of the kind named in `kind`.
    Ref,
    /// A list of references to cards of the kind named in `kind`.
    Refs,
}

impl FieldType {
    /// The name written in samkort.toml (`type = "refs"`), also the key of the type's
    /// description in the message tables (`field-type.refs`).
    pub fn name(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Number => "number",
            FieldType::Bool => "bool",
            FieldType::Date => "date",
            FieldType::List => "list",
            FieldType::Enum => "enum",
            FieldType::Ref => "ref",
            FieldType::Refs => "refs",
        }
    }

    /// The key of the type's description in the message tables ("a date (YYYY-MM-DD)").
    pub fn word(self) -> &'static str {
        match self {
            FieldType::String => "field-type.string",
            FieldType::Number => "field-type.number",
            FieldType::Bool => "field-type.bool",
            FieldType::Date => "field-type.date",
            FieldType::List => "field-type.list",
            FieldType::Enum => "field-type.enum",
            FieldType::Ref => "field-type.ref",
            FieldType::Refs => "field-type.refs",
        }
    }
}

/// A kind, by its place in `[kinds]` of samkort.toml. Resolved once when the configuration is
/// read; later stages compare ids, never names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct KindId(pub u16);

impl KindId {
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// A relation type, by its place in `[relations]` of samkort.toml.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RelationId(pub u16);

impl RelationId {
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// The kinds a relation or reference may connect: any kind (written `"*"`), or a list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum KindSet {
    #[default]
    Any,
    Only(Vec<KindId>),
}

impl KindSet {
    pub fn contains(&self, kind: KindId) -> bool {
        match self {
            KindSet::Any => true,
            KindSet::Only(kinds) => kinds.contains(&kind),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    #[serde(rename = "type")]
    pub ty: FieldType,
    #[serde(default)]
    pub values: Vec<String>,
    #[serde(default)]
    pub kind: Option<Spanned<String>>,
    /// How the field is named on a page (default: its key, capitalized).
    #[serde(default)]
    pub label: Option<String>,
    /// How enum values are shown on a page: `{ model = "Model" }`.
    #[serde(default)]
    pub labels: IndexMap<String, String>,
    /// Reference fields: the kinds `kind` names, resolved.
    #[serde(skip)]
    pub targets: KindSet,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindConfig {
    pub folder: Spanned<String>,
    pub singular: String,
    pub plural: String,
    #[serde(default)]
    pub required: Vec<Spanned<String>>,
    #[serde(default)]
    pub fields: IndexMap<String, FieldSpec>,
    /// Cards of this kind are course paths: `steps` lists cards in order.
    #[serde(default)]
    pub course: bool,
    /// Course kinds: fields a step may carry (`steps: [{ slug: x, minutter: 20 }]`), such as
    /// its minutes and method for a facilitator.
    #[serde(default)]
    pub step_fields: IndexMap<String, FieldSpec>,
    /// The number step field that holds a step's minutes, for the session plan's times.
    #[serde(default)]
    pub step_duration: Option<String>,
    /// The cards of this kind are the steps of a scale, lowest first by `order` (as the
    /// relationship levels kendskab → respekt → tillid are): the kind's page draws them as a
    /// staircase, each card shows its step, and every card of the kind needs `order`.
    #[serde(default)]
    pub scale: bool,
    /// The name of the theme's icon for the kind (`icons/<name>.svg`); by default one of the
    /// theme's icons in turn.
    #[serde(default)]
    pub icon: Option<Spanned<String>>,
}

impl KindConfig {
    pub fn requires(&self, field: &str) -> bool {
        self.required.iter().any(|r| r.get_ref() == field)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationConfig {
    pub from: Vec<Spanned<String>>,
    pub to: Vec<Spanned<String>>,
    pub label: String,
    pub inverse: String,
    /// The relation means the same both ways ("related to"): both cards list each other
    /// under `label`, whichever of them wrote it.
    #[serde(default)]
    pub symmetric: bool,
    /// `from` and `to`, resolved.
    #[serde(skip)]
    pub from_kinds: KindSet,
    #[serde(skip)]
    pub to_kinds: KindSet,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyConfig {
    pub singular: String,
    pub plural: String,
    /// When not empty, the only terms allowed.
    #[serde(default)]
    pub values: Vec<String>,
    /// How terms are shown on pages: `{ almen-praksis = "Almen praksis" }`.
    #[serde(default)]
    pub labels: IndexMap<String, String>,
}

impl TaxonomyConfig {
    /// The term as shown on a page.
    pub fn display<'a>(&'a self, term: &'a str) -> &'a str {
        self.labels.get(term).map_or(term, String::as_str)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    language: Language,
    #[serde(default = "default_base_url")]
    base_url: String,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default = "default_output")]
    output_dir: String,
    #[serde(default = "default_page_size")]
    page_size: Spanned<usize>,
    #[serde(default)]
    raw_html: bool,
    #[serde(default)]
    card_size: crate::print::Size,
    #[serde(default)]
    brand: RawBrand,
    #[serde(default)]
    kinds: IndexMap<String, KindConfig>,
    #[serde(default)]
    relations: IndexMap<String, RelationConfig>,
    #[serde(default)]
    taxonomies: IndexMap<String, TaxonomyConfig>,
    #[serde(default)]
    terms: IndexMap<String, Vec<String>>,
    #[serde(default)]
    review: Option<ReviewConfig>,
}

/// `[review]`: the front matter keys of a card's owner and review date. Without the table,
/// cards have neither; with it (even empty), every card may have both.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewConfig {
    /// The key of the person or team that keeps the card up to date (default `owner`).
    #[serde(default = "default_owner")]
    pub owner: String,
    /// The key of the day by which the card should be read through again, YYYY-MM-DD
    /// (default `review_by`).
    #[serde(default = "default_review_date")]
    pub date: String,
}

fn default_owner() -> String {
    "owner".into()
}
fn default_review_date() -> String {
    "review_by".into()
}

fn default_base_url() -> String {
    "/".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_output() -> String {
    "public".into()
}
fn default_page_size() -> Spanned<usize> {
    Spanned::new(0..0, 100)
}

/// The checked configuration of one site.
#[derive(Debug, Clone)]
pub struct Config {
    pub root: PathBuf,
    pub title: String,
    pub description: String,
    pub language: Language,
    pub base_url: String,
    pub theme: String,
    pub output_dir: String,
    /// How many cards a page of a kind's or a term's list shows.
    pub page_size: usize,
    /// Raw HTML in cards goes to the pages as written, scripts included (see
    /// [`crate::sanitize`]); off by default.
    pub raw_html: bool,
    /// The size of the cards of printable decks.
    pub card_size: crate::print::Size,
    /// The organisation's logo, colours and footer (`[brand]`).
    pub brand: Brand,
    pub kinds: IndexMap<String, KindConfig>,
    pub relations: IndexMap<String, RelationConfig>,
    pub taxonomies: IndexMap<String, TaxonomyConfig>,
    /// `[terms]`: the preferred spelling of a term, with the variants `check` warns about.
    pub terms: IndexMap<String, Vec<String>>,
    /// `[review]`: the keys of a card's owner and review date, when the site uses them.
    pub review: Option<ReviewConfig>,
    /// `terms`, compiled once for all cards.
    pub term_matcher: Option<crate::terms::TermMatcher>,
}

/// The language samkort.toml of the site at `root` names, read on its own, so that even a
/// configuration with errors elsewhere is reported in its language; the default when the file
/// or the key cannot be read.
pub fn language_of(root: &Path) -> Language {
    #[derive(Deserialize)]
    struct Only {
        #[serde(default)]
        language: Language,
    }
    std::fs::read_to_string(root.join(CONFIG_FILE))
        .ok()
        .and_then(|text| {
            let table: toml::Table = toml::from_str(&text).ok()?;
            toml::Value::Table(table).try_into::<Only>().ok()
        })
        .map_or_else(Language::default, |o| o.language)
}

impl Config {
    /// Reads `<root>/samkort.toml`. All problems are returned at once.
    pub fn load(root: &Path) -> Result<Config, Diagnostics> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            let mut d = Diagnostics::new();
            d.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    Position::new(1, 1),
                    msg!("diag.cannot-read-config", path = path.display(), error = e),
                )
                .with_help(msg!("help.cannot-read-config")),
            );
            d
        })?;
        Config::parse(root, &text)
    }

    pub fn parse(root: &Path, text: &str) -> Result<Config, Diagnostics> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let pos = e
                .span()
                .map_or(Position::new(1, 1), |s| Position::of_offset(text, s.start));
            let mut d = Diagnostics::new();
            d.push(
                Diagnostic::error(CONFIG_FILE, pos, toml_message(e.message())).with_help_opt(toml_help(e.message())),
            );
            d
        })?;
        let page_size_at = raw.page_size.span().start;
        let (brand, brand_diags) = Brand::from_raw(raw.brand, root, text);
        let mut config = Config {
            root: root.to_path_buf(),
            title: raw.title,
            description: raw.description,
            language: raw.language,
            base_url: raw.base_url,
            theme: raw.theme,
            output_dir: raw.output_dir,
            page_size: *raw.page_size.get_ref(),
            raw_html: raw.raw_html,
            card_size: raw.card_size,
            brand,
            kinds: raw.kinds,
            relations: raw.relations,
            taxonomies: raw.taxonomies,
            terms: raw.terms,
            review: raw.review,
            term_matcher: None,
        };
        let mut diags = config.check(&KeyPositions::new(text));
        diags.extend(brand_diags);
        if config.page_size == 0 {
            diags.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    Position::of_offset(text, page_size_at),
                    msg!("diag.page-size-zero"),
                )
                .with_help(msg!("help.page-size-example")),
            );
        }
        if !diags.is_empty() {
            return Err(diags);
        }
        config.resolve_kinds();
        config.term_matcher = crate::terms::TermMatcher::new(&config.terms);
        Ok(config)
    }

    /// Turns the kind names of relations and reference fields into ids (all are known to
    /// exist: `check` ran first).
    fn resolve_kinds(&mut self) {
        let ids: IndexMap<String, KindId> = self
            .kinds
            .keys()
            .map(|k| (k.clone(), self.kind_id(k).unwrap_or(KindId(0))))
            .collect();
        let set = |names: &mut dyn Iterator<Item = &String>| -> KindSet {
            let mut kinds = Vec::new();
            for n in names {
                match ids.get(n) {
                    Some(&id) => kinds.push(id),
                    None => return KindSet::Any,
                }
            }
            KindSet::Only(kinds)
        };
        for rel in self.relations.values_mut() {
            rel.from_kinds = set(&mut rel.from.iter().map(|k| k.get_ref()));
            rel.to_kinds = set(&mut rel.to.iter().map(|k| k.get_ref()));
        }
        for kind in self.kinds.values_mut() {
            for spec in kind.fields.values_mut() {
                spec.targets = set(&mut spec.kind.iter().map(|k| k.get_ref()));
            }
        }
    }

    /// True when `key` is the owner or review date key of `[review]`.
    pub fn is_review_field(&self, key: &str) -> bool {
        self.review.as_ref().is_some_and(|r| r.owner == key || r.date == key)
    }

    /// The id of the kind named `name`.
    pub fn kind_id(&self, name: &str) -> Option<KindId> {
        self.kinds.get_index_of(name).map(|i| KindId(i as u16))
    }

    /// The kind with this id.
    pub fn kind(&self, id: KindId) -> &KindConfig {
        &self.kinds[id.index()]
    }

    /// The name of the kind with this id, as in `kind:` and samkort.toml.
    pub fn kind_name(&self, id: KindId) -> &str {
        self.kinds.get_index(id.index()).map_or("", |(n, _)| n.as_str())
    }

    /// Every kind with its id, in the order of samkort.toml.
    pub fn kind_ids(&self) -> impl Iterator<Item = (KindId, &str, &KindConfig)> {
        self.kinds
            .iter()
            .enumerate()
            .map(|(i, (n, k))| (KindId(i as u16), n.as_str(), k))
    }

    /// The relation type named `name`.
    pub fn relation_id(&self, name: &str) -> Option<RelationId> {
        self.relations.get_index_of(name).map(|i| RelationId(i as u16))
    }

    pub fn relation(&self, id: RelationId) -> &RelationConfig {
        &self.relations[id.index()]
    }

    pub fn relation_name(&self, id: RelationId) -> &str {
        self.relations.get_index(id.index()).map_or("", |(n, _)| n.as_str())
    }

    /// The kind whose folder is `folder`.
    pub fn kind_by_folder(&self, folder: &str) -> Option<KindId> {
        self.kinds
            .values()
            .position(|k| k.folder.get_ref() == folder)
            .map(|i| KindId(i as u16))
    }

    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    /// True when base_url is a full URL (`https://...`), so absolute links can be made.
    pub fn has_absolute_base_url(&self) -> bool {
        self.base_url.starts_with("http://") || self.base_url.starts_with("https://")
    }

    fn check(&self, keys: &KeyPositions) -> Diagnostics {
        let mut d = Diagnostics::new();
        let at = |span: std::ops::Range<usize>| Position::of_offset(keys.text, span.start);
        let err = |d: &mut Diagnostics, pos: Position, msg: Msg, help: Option<Msg>| {
            d.push(Diagnostic::error(CONFIG_FILE, pos, msg).with_help_opt(help));
        };
        let kind_names: Vec<&str> = self.kinds.keys().map(String::as_str).collect();
        let check_kind_ref = |d: &mut Diagnostics, k: &Spanned<String>, allow_star: bool| {
            let name = k.get_ref();
            if (allow_star && name == "*") || self.kinds.contains_key(name) {
                return;
            }
            err(
                d,
                at(k.span()),
                msg!("diag.undeclared-kind", name = name),
                crate::suggest::did_you_mean(name, kind_names.iter().copied()),
            );
        };
        let mut folders: Vec<(&str, Position)> = Vec::new();
        let mut icons: Option<Vec<String>> = None;
        for (name, kind) in &self.kinds {
            let folder = kind.folder.get_ref();
            let pos = at(kind.folder.span());
            if !slug::is_valid(folder) {
                err(
                    &mut d,
                    pos,
                    msg!("diag.bad-folder", folder = folder, kind = name),
                    Some(msg!("help.use", name = slug::slugify(folder))),
                );
            }
            if let Some((_, first)) = folders.iter().find(|(f, _)| *f == folder) {
                err(
                    &mut d,
                    pos,
                    msg!("diag.folder-twice", folder = folder),
                    Some(msg!("help.folder-twice", line = first.line)),
                );
            }
            folders.push((folder, pos));
            if let Some(dur) = &kind.step_duration
                && kind.step_fields.get(dur).is_none_or(|s| s.ty != FieldType::Number)
            {
                let pos = keys.at(&["kinds", name, "step_duration"]).unwrap_or(pos);
                err(
                    &mut d,
                    pos,
                    msg!("diag.bad-step-duration", kind = name),
                    Some(msg!("help.bad-step-duration", field = dur)),
                );
            }
            for (field, spec) in &kind.step_fields {
                let pos = keys.at(&["kinds", name, "step_fields", field]).unwrap_or(pos);
                if !kind.course {
                    err(
                        &mut d,
                        pos,
                        msg!("diag.step-fields-not-course", kind = name),
                        Some(msg!("help.step-fields-not-course", kind = name)),
                    );
                } else if field == "slug" {
                    err(
                        &mut d,
                        pos,
                        msg!("diag.step-field-slug"),
                        Some(msg!("help.rename-field")),
                    );
                } else if !matches!(
                    spec.ty,
                    FieldType::String | FieldType::Number | FieldType::Enum | FieldType::List
                ) {
                    err(
                        &mut d,
                        pos,
                        msg!("diag.bad-step-field-type", field = field, kind = name),
                        None,
                    );
                }
            }
            if let Some(icon) = &kind.icon {
                let names = icons.get_or_insert_with(|| crate::theme::icon_names(&self.root, &self.theme));
                if !names.contains(icon.get_ref()) {
                    err(
                        &mut d,
                        at(icon.span()),
                        msg!("diag.unknown-icon", icon = icon.get_ref(), kind = name),
                        crate::suggest::did_you_mean(icon.get_ref(), names.iter().map(String::as_str))
                            .or_else(|| Some(msg!("help.icons", icons = names.join(", ")))),
                    );
                }
            }
            for (field, spec) in &kind.fields {
                if CORE_FIELDS.contains(&field.as_str()) || self.taxonomies.contains_key(field) {
                    let pos = keys.at(&["kinds", name, "fields", field]).unwrap_or(pos);
                    err(
                        &mut d,
                        pos,
                        msg!("diag.field-clash", field = field, kind = name),
                        Some(msg!("help.rename-field")),
                    );
                }
                if let Some(k) = spec.labels.keys().find(|k| !spec.values.contains(k)) {
                    let pos = keys.at(&["kinds", name, "fields", field]).unwrap_or(pos);
                    err(
                        &mut d,
                        pos,
                        msg!("diag.label-not-value", field = field, kind = name, value = k),
                        crate::suggest::did_you_mean(k, spec.values.iter().map(String::as_str)),
                    );
                }
                if spec.ty == FieldType::Enum && spec.values.is_empty() {
                    let pos = keys.at(&["kinds", name, "fields", field]).unwrap_or(pos);
                    err(
                        &mut d,
                        pos,
                        msg!("diag.enum-no-values", field = field, kind = name),
                        Some(msg!("help.enum-no-values")),
                    );
                }
                match (&spec.kind, spec.ty) {
                    (Some(k), FieldType::Ref | FieldType::Refs) => check_kind_ref(&mut d, k, true),
                    (None, FieldType::Ref | FieldType::Refs) => {
                        let pos = keys.at(&["kinds", name, "fields", field]).unwrap_or(pos);
                        err(
                            &mut d,
                            pos,
                            msg!("diag.ref-without-kind", field = field, kind = name),
                            None,
                        );
                    }
                    _ => {}
                }
            }
            for req in &kind.required {
                let r = req.get_ref();
                let known = ["summary", "source", "questions", "flashcards", "steps", "relations"]
                    .contains(&r.as_str())
                    || kind.fields.contains_key(r)
                    || self.taxonomies.contains_key(r);
                if !known {
                    let candidates = CORE_FIELDS
                        .iter()
                        .copied()
                        .chain(kind.fields.keys().map(String::as_str));
                    err(
                        &mut d,
                        at(req.span()),
                        msg!("diag.required-not-field", field = r, kind = name),
                        crate::suggest::did_you_mean(r, candidates),
                    );
                }
            }
        }
        for (name, rel) in &self.relations {
            if !slug::is_valid(&name.replace('_', "-")) {
                let pos = keys.at(&["relations", name]).unwrap_or(Position::new(1, 1));
                err(&mut d, pos, msg!("diag.bad-relation-name", name = name), None);
            }
            for k in &rel.from {
                check_kind_ref(&mut d, k, true);
            }
            for k in &rel.to {
                check_kind_ref(&mut d, k, true);
            }
        }
        for (name, tax) in &self.taxonomies {
            let pos = keys.at(&["taxonomies", name]).unwrap_or(Position::new(1, 1));
            if !slug::is_valid(name) {
                err(&mut d, pos, msg!("diag.bad-taxonomy-name", name = name), None);
            }
            if CORE_FIELDS.contains(&name.as_str()) {
                err(&mut d, pos, msg!("diag.taxonomy-clash", name = name), None);
            }
            if folders.iter().any(|(f, _)| f == name) {
                err(&mut d, pos, msg!("diag.taxonomy-folder-clash", name = name), None);
            }
            if let Some(k) = tax
                .labels
                .keys()
                .find(|k| !tax.values.is_empty() && !tax.values.contains(k))
            {
                err(
                    &mut d,
                    pos,
                    msg!("diag.taxonomy-label-not-value", name = name, value = k),
                    crate::suggest::did_you_mean(k, tax.values.iter().map(String::as_str)),
                );
            }
            for v in &tax.values {
                if !slug::is_valid(v) {
                    err(
                        &mut d,
                        pos,
                        msg!("diag.taxonomy-value-not-slug", value = v, name = name),
                        Some(msg!("help.use", name = slug::slugify(v))),
                    );
                }
            }
        }
        if let Some(review) = &self.review {
            let pos = keys.at(&["review"]).unwrap_or(Position::new(1, 1));
            for (what, key) in [("owner", &review.owner), ("date", &review.date)] {
                let clash = CORE_FIELDS.contains(&key.as_str())
                    || self.taxonomies.contains_key(key)
                    || self.kinds.values().any(|k| k.fields.contains_key(key));
                let pos = keys.at(&["review", what]).unwrap_or(pos);
                if key.trim().is_empty() {
                    err(&mut d, pos, msg!("diag.review-key-empty", key = what), None);
                } else if clash {
                    err(
                        &mut d,
                        pos,
                        msg!("diag.review-key-clash", key = key),
                        Some(msg!("help.choose-another-name")),
                    );
                }
            }
            if review.owner == review.date {
                err(
                    &mut d,
                    pos,
                    msg!("diag.review-keys-same", key = review.owner),
                    Some(msg!("help.review-keys-same")),
                );
            }
        }
        for (preferred, variants) in &self.terms {
            let pos = keys.at(&["terms", preferred]).unwrap_or(Position::new(1, 1));
            if !preferred.chars().any(char::is_alphanumeric) {
                err(&mut d, pos, msg!("diag.term-without-letters", term = preferred), None);
            }
            for v in variants {
                if v == preferred {
                    err(
                        &mut d,
                        pos,
                        msg!("diag.variant-is-preferred", term = v),
                        Some(msg!("help.variant-is-preferred")),
                    );
                } else if !v.chars().any(char::is_alphanumeric) {
                    err(
                        &mut d,
                        pos,
                        msg!("diag.variant-without-letters", variant = v, term = preferred),
                        None,
                    );
                }
            }
        }
        for reserved in ["static", "search"] {
            if let Some((f, pos)) = folders.iter().find(|(f, _)| *f == reserved) {
                err(&mut d, *pos, msg!("diag.reserved-folder", folder = f), None);
            }
        }
        d
    }
}

/// Where samkort.toml declares each key, for messages about values that parsed but make no
/// sense. A key is found by its whole path, so `niveau` of kind `b` is never mistaken for
/// `niveau` of kind `a`, however either is written: under `[kinds.b.fields]`, as
/// `[kinds.b.fields.niveau]`, as the dotted key `fields.niveau = {...}` under `[kinds.b]`, or
/// as `kinds.b.fields.niveau` at the top.
struct KeyPositions<'t> {
    text: &'t str,
    /// The document with the span of every key; `None` only if it did not parse, which the
    /// caller has ruled out.
    doc: Option<DeTable<'t>>,
}

impl<'t> KeyPositions<'t> {
    fn new(text: &'t str) -> Self {
        KeyPositions {
            text,
            doc: DeTable::parse(text).ok().map(Spanned::into_inner),
        }
    }

    /// The position of the last key of `path` (`["kinds", "b", "fields", "niveau"]`).
    fn at(&self, path: &[&str]) -> Option<Position> {
        let mut table = self.doc.as_ref()?;
        let (last, parents) = path.split_last()?;
        for key in parents {
            match table.get(*key).map(Spanned::get_ref) {
                Some(DeValue::Table(t)) => table = t,
                _ => return None,
            }
        }
        let (key, _) = table.get_key_value(*last)?;
        Some(Position::of_offset(self.text, key.span().start))
    }
}

// toml's messages end with a newline and sometimes list expected keys; keep one sentence.
fn toml_message(message: &str) -> Msg {
    let first = message.lines().next().unwrap_or(message).trim();
    msg!("diag.config-syntax", error = first)
}

fn toml_help(message: &str) -> Option<Msg> {
    let expected = message.split("expected one of").nth(1)?;
    Some(msg!("help.allowed-keys", keys = expected.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "title = \"T\"\n[kinds.note]\nfolder = \"notes\"\nsingular = \"Note\"\nplural = \"Notes\"\n";

    #[test]
    fn minimal_config_parses_with_defaults() {
        let c = Config::parse(Path::new("."), MINIMAL).unwrap();
        assert_eq!(c.language, Language::Da);
        assert_eq!(c.output_dir, "public");
        assert_eq!(c.kind_by_folder("notes").map(|k| c.kind_name(k)), Some("note"));
    }

    #[test]
    fn unknown_key_is_reported_with_line_and_column() {
        let text = format!("{MINIMAL}colour = \"red\"\n");
        let d = Config::parse(Path::new("."), &text).unwrap_err().sorted();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].pos, Position::new(6, 1));
        let message = d[0].message_in(Language::En);
        assert!(message.contains("unknown field `colour`"), "{message}");
    }

    #[test]
    fn a_label_for_a_value_that_does_not_exist_is_an_error() {
        let text = format!(
            "{MINIMAL}fields.niveau = {{ type = \"enum\", values = [\"lav\", \"hoej\"], labels = {{ hoj = \"Høj\" }} }}\n"
        );
        let d = Config::parse(Path::new("."), &text).unwrap_err().sorted();
        assert_eq!(
            d[0].message_in(Language::En),
            "field `niveau` of kind `note` has a label for `hoj`, which is not one of its values"
        );
        assert_eq!(d[0].help_in(Language::En).as_deref(), Some("did you mean `hoej`?"));
    }

    #[test]
    fn field_error_points_at_the_field_of_the_kind_it_is_about_however_the_table_is_written() {
        // Kind `a` has a good `niveau` on line 6; only kind `b`'s `niveau` lacks its values.
        let a = "title = \"T\"\n[kinds.a]\nfolder = \"a\"\nsingular = \"A\"\nplural = \"As\"\n\
                 fields.niveau = { type = \"enum\", values = [\"lav\"] }\n";
        let b = "[kinds.b]\nfolder = \"b\"\nsingular = \"B\"\nplural = \"Bs\"\n";
        let spellings = [
            (
                format!("{a}{b}fields.niveau = {{ type = \"enum\" }}\n"),
                Position::new(11, 8),
            ),
            (
                format!("{a}{b}[kinds.b.fields]\nniveau = {{ type = \"enum\" }}\n"),
                Position::new(12, 1),
            ),
            (
                format!("{a}{b}[kinds.b.fields.niveau]\ntype = \"enum\"\n"),
                Position::new(11, 17),
            ),
            (
                format!("{a}{b}fields = {{ niveau = {{ type = \"enum\" }} }}\n"),
                Position::new(11, 12),
            ),
            (
                format!("{a}[kinds.b.fields.niveau]\ntype = \"enum\"\n{b}"),
                Position::new(7, 17),
            ),
        ];
        for (text, pos) in spellings {
            let d = Config::parse(Path::new("."), &text).unwrap_err().sorted();
            assert_eq!(
                said(&d),
                [(
                    pos,
                    "enum field `niveau` of kind `b` lists no values".to_string(),
                    Some("add `values = [\"...\"]`".to_string())
                )],
                "{text}"
            );
        }
    }

    #[test]
    fn field_declared_with_top_level_dotted_keys_is_reported_at_its_own_key() {
        let text = "title = \"T\"\nkinds.b.folder = \"b\"\nkinds.b.singular = \"B\"\nkinds.b.plural = \"Bs\"\n\
                    kinds.b.fields.summary = { type = \"string\" }\n";
        let d = Config::parse(Path::new("."), text).unwrap_err().sorted();
        assert_eq!(
            said(&d),
            [(
                Position::new(5, 16),
                "field `summary` of kind `b` clashes with a built-in field or taxonomy".to_string(),
                Some("rename the field".to_string())
            )]
        );
    }

    #[test]
    fn relation_to_unknown_kind_suggests_the_near_one() {
        let text = format!(
            "{MINIMAL}[relations.see]\nfrom = [\"note\"]\nto = [\"nots\"]\nlabel = \"See\"\ninverse = \"Seen from\"\n"
        );
        let d = Config::parse(Path::new("."), &text).unwrap_err().sorted();
        assert_eq!(
            d[0].message_in(Language::En),
            "`nots` is not a kind declared in [kinds]"
        );
        assert_eq!(d[0].help_in(Language::En).as_deref(), Some("did you mean `note`?"));
        assert_eq!(d[0].pos, Position::new(8, 7));
    }

    /// Each diagnostic of `config.toml` as (position, message, help) in English.
    fn said(d: &[Diagnostic]) -> Vec<(Position, String, Option<String>)> {
        d.iter()
            .map(|x| {
                assert_eq!(x.file, std::path::PathBuf::from(CONFIG_FILE));
                (x.pos, x.message_in(Language::En), x.help_in(Language::En))
            })
            .collect()
    }
}
