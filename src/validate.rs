//! Validate: check each parsed card against the schema of its kind and turn it into a typed
//! [`Card`]; check that slugs are valid and unique across the site.
//!
//! Everything that can be checked by looking at one card (plus the configuration) is checked
//! here. Whether a link's target exists is the link stage's job. A card with errors is still
//! returned when it has a usable slug and kind, so the link stage can report its broken links
//! in the same run.

use std::collections::HashMap;

use rayon::prelude::*;
use serde_yaml::{Mapping, Value};

use crate::card::{Card, FieldValue, Flashcard, Located, RelationRef, Source};
use crate::config::{CORE_FIELDS, Config, FieldSpec, FieldType, KindConfig};
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::frontmatter::Locator;
use crate::markdown::Body;
use crate::parse::ParsedCard;
use crate::slug::{self, Slug};
use crate::suggest::did_you_mean;

pub fn validate_all(config: &Config, parsed: Vec<ParsedCard>) -> (Vec<Card>, Diagnostics) {
    // Each card is checked on its own, so in parallel.
    let checked: Vec<(Option<Card>, Diagnostics)> = parsed.into_par_iter().map(|p| validate_one(config, p)).collect();
    let mut diags = Diagnostics::new();
    let mut cards = Vec::with_capacity(checked.len());
    for (card, d) in checked {
        cards.extend(card);
        diags.extend(d);
    }
    check_unique_slugs(&cards, &mut diags);
    sort_cards(config, &mut cards);
    (cards, diags)
}

/// Checks one card against its kind's schema. The body moves into the card, uncopied.
pub fn validate_one(config: &Config, mut p: ParsedCard) -> (Option<Card>, Diagnostics) {
    let body = std::mem::take(&mut p.body);
    let mut diags = Diagnostics::new();
    let mut check = CardCheck {
        config,
        p: &p,
        loc: Locator::new(&p.yaml, p.yaml_line),
        diags: &mut diags,
    };
    let card = check.run().map(|card| Card { body, ..card });
    (card, diags)
}

/// The order of cards (and so of card ids): by kind in the order of samkort.toml, then by file.
pub fn sort_cards(config: &Config, cards: &mut [Card]) {
    let kind_order: HashMap<&str, usize> = config.kinds.keys().enumerate().map(|(i, k)| (k.as_str(), i)).collect();
    cards.sort_by(|a, b| (kind_order.get(a.kind.as_str()), &a.file).cmp(&(kind_order.get(b.kind.as_str()), &b.file)));
}

/// Reports every slug used by more than one card, on each of the files.
pub fn check_unique_slugs(cards: &[Card], diags: &mut Diagnostics) {
    let mut first: HashMap<&str, &Card> = HashMap::new();
    for card in cards {
        if let Some(other) = first.get(card.slug.as_str()) {
            let (a, b) = if other.file <= card.file {
                (*other, card)
            } else {
                (card, *other)
            };
            for (this, that) in [(a, b), (b, a)] {
                diags.push(
                    Diagnostic::error(
                        &this.file,
                        Position::new(1, 1),
                        format!(
                            "duplicate slug `{}`: {} has the same file name",
                            this.slug,
                            crate::diagnostic::display_path(&that.file)
                        ),
                    )
                    .with_help("slugs must be unique across the site; rename one of the files"),
                );
            }
        } else {
            first.insert(card.slug.as_str(), card);
        }
    }
}

struct CardCheck<'a> {
    config: &'a Config,
    p: &'a ParsedCard,
    loc: Locator<'a>,
    diags: &'a mut Diagnostics,
}

impl CardCheck<'_> {
    fn error(&mut self, pos: Position, msg: impl Into<String>, help: Option<String>) {
        self.diags
            .push(Diagnostic::error(&self.p.file, pos, msg).with_help_opt(help));
    }

    fn get(&self, key: &str) -> Option<&Value> {
        self.p.front.get(key)
    }

    fn run(&mut self) -> Option<Card> {
        let config = self.config;
        let kind = self.kind()?;
        let kc = &config.kinds[&kind];
        let slug = self.slug();

        // Unknown keys first: they are the most common typo.
        let mut keys: Vec<(&str, &Value)> = Vec::new();
        for (k, v) in &self.p.front {
            match k.as_str() {
                Some(name) => keys.push((name, v)),
                None => {
                    let start = self.loc.start();
                    self.error(start, "a front matter key is not text", None);
                }
            }
        }
        for (name, _) in &keys {
            let known =
                CORE_FIELDS.contains(name) || config.taxonomies.contains_key(*name) || kc.fields.contains_key(*name);
            if !known {
                let candidates: Vec<&str> = CORE_FIELDS
                    .iter()
                    .copied()
                    .chain(config.taxonomies.keys().map(String::as_str))
                    .chain(kc.fields.keys().map(String::as_str))
                    .collect();
                let pos = self.loc.key(&[name]);
                let help = did_you_mean(name, candidates)
                    .or_else(|| Some(format!("declare it under [kinds.{kind}.fields] in samkort.toml")));
                self.error(pos, format!("unknown field `{name}` for a card of kind `{kind}`"), help);
            } else if *name == "steps" && !kc.course {
                let pos = self.loc.key(&[name]);
                self.error(
                    pos,
                    format!("field `steps` is only for course kinds, and `{kind}` is not one"),
                    Some(format!("set `course = true` under [kinds.{kind}] or remove `steps`")),
                );
            }
        }
        for req in &kc.required {
            let r = req.get_ref();
            let missing = match self.get(r) {
                None | Some(Value::Null) => true,
                Some(Value::String(s)) => s.trim().is_empty(),
                Some(Value::Sequence(s)) => s.is_empty(),
                _ => false,
            };
            if missing {
                self.error(
                    Position::new(1, 1),
                    format!("missing required field `{r}` for a card of kind `{kind}`"),
                    Some(format!("add `{r}:` to the front matter")),
                );
            }
        }

        let title = match self.get("title") {
            Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
            Some(Value::Null) | None => {
                self.error(
                    Position::new(1, 1),
                    "missing required field `title`",
                    Some("add `title: ...` to the front matter".into()),
                );
                slug.as_str().to_string()
            }
            Some(_) => {
                let pos = self.loc.value(&["title"]);
                self.error(pos, "field `title` must be a text", None);
                slug.as_str().to_string()
            }
        };
        let summary = self.text("summary");
        let source = self.source();
        let terms = self.terms();
        let relations = self.relations(&kind, kc);
        let questions = self.text_list("questions").unwrap_or_default();
        let flashcards = self.flashcards();
        let steps = if kc.course {
            self.slug_list(&["steps"])
        } else {
            Vec::new()
        };
        let fields = self.fields(kc);

        Some(Card {
            file: self.p.file.clone(),
            slug,
            kind,
            title,
            summary,
            source,
            terms,
            relations,
            questions,
            flashcards,
            steps,
            fields,
            body: Body::default(),
        })
    }

    fn kind(&mut self) -> Option<String> {
        let config = self.config;
        let names = || config.kinds.keys().map(String::as_str);
        match self.get("kind") {
            Some(Value::String(k)) => {
                if config.kinds.contains_key(k) {
                    return Some(k.clone());
                }
                let k = k.clone();
                let pos = self.loc.value(&["kind"]);
                let help = did_you_mean(&k, names()).or_else(|| {
                    Some(format!(
                        "kinds declared in samkort.toml: {}",
                        names().collect::<Vec<_>>().join(", ")
                    ))
                });
                self.error(pos, format!("unknown kind `{k}`"), help);
                None
            }
            Some(_) => {
                let pos = self.loc.value(&["kind"]);
                self.error(pos, "field `kind` must be the name of a kind", None);
                None
            }
            None => {
                let by_folder = self.p.folder.as_deref().and_then(|f| config.kind_by_folder(f));
                if let Some(k) = by_folder {
                    return Some(k.to_string());
                }
                let folders: Vec<&str> = config.kinds.values().map(|k| k.folder.get_ref().as_str()).collect();
                let msg = match &self.p.folder {
                    Some(f) => format!("cannot tell the kind of this card: folder `{f}` belongs to no kind"),
                    None => "cannot tell the kind of this card: it is not in a kind's folder".to_string(),
                };
                let help = match &self.p.folder {
                    Some(f) => did_you_mean(f, folders.iter().copied()),
                    None => None,
                }
                .map(|h| format!("{h} (or add `kind:` to the front matter)"))
                .or_else(|| {
                    Some(format!(
                        "add `kind:` or move the file into one of: {}",
                        folders.join(", ")
                    ))
                });
                self.error(Position::new(1, 1), msg, help);
                None
            }
        }
    }

    fn slug(&mut self) -> Slug {
        let stem = &self.p.stem;
        if !slug::is_valid(stem) {
            let fixed = slug::slugify(stem);
            let help = if fixed.is_empty() {
                "use lowercase ASCII letters, digits and hyphens".to_string()
            } else {
                format!("rename the file to `{fixed}.md`")
            };
            let stem = stem.clone();
            self.error(
                Position::new(1, 1),
                format!(
                    "file name `{stem}.md` is not a valid slug (lowercase ASCII letters, digits and single hyphens)"
                ),
                Some(help),
            );
        }
        Slug::new_unchecked(stem.clone())
    }

    fn text(&mut self, key: &str) -> Option<String> {
        match self.get(key)? {
            Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            Value::Number(n) => Some(n.to_string()),
            Value::Null => None,
            _ => {
                let pos = self.loc.value(&[key]);
                self.error(pos, format!("field `{key}` must be a text"), None);
                None
            }
        }
    }

    /// A list of texts; a single text counts as a list of one.
    fn text_list(&mut self, key: &str) -> Option<Vec<String>> {
        let value = self.get(key).cloned();
        self.text_list_at(&[key], value.as_ref())
    }

    fn text_list_at(&mut self, path: &[&str], v: Option<&Value>) -> Option<Vec<String>> {
        match v? {
            Value::Null => None,
            Value::String(s) => Some(vec![s.clone()]),
            Value::Sequence(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        Value::String(s) => out.push(s.clone()),
                        Value::Number(n) => out.push(n.to_string()),
                        Value::Bool(b) => out.push(b.to_string()),
                        _ => {
                            let pos = self.loc.value(path);
                            self.error(pos, format!("every item of `{}` must be a text", path.join(".")), None);
                        }
                    }
                }
                Some(out)
            }
            _ => {
                let pos = self.loc.value(path);
                self.error(
                    pos,
                    format!("field `{}` must be a list", path.join(".")),
                    Some(format!("write `{}: [a, b]`", path.last().unwrap_or(&""))),
                );
                None
            }
        }
    }

    fn slug_list(&mut self, path: &[&str]) -> Vec<Located<String>> {
        let v = lookup(&self.p.front, path).cloned();
        let items = self.text_list_at(path, v.as_ref()).unwrap_or_default();
        items
            .into_iter()
            .map(|s| Located {
                pos: self.loc.item(path, &s),
                value: s,
            })
            .collect()
    }

    fn source(&mut self) -> Option<Source> {
        let v = self.get("source")?.clone();
        match v {
            Value::Null => None,
            Value::String(document) => Some(Source {
                document,
                locator: None,
                card: None,
            }),
            Value::Mapping(m) => {
                for k in m.keys() {
                    let name = k.as_str().unwrap_or("?");
                    if !["document", "locator", "card"].contains(&name) {
                        let pos = self.loc.key(&["source", name]);
                        let help = did_you_mean(name, ["document", "locator", "card"])
                            .or(Some("`source` has `document`, `locator` and `card`".into()));
                        self.error(pos, format!("unknown field `source.{name}`"), help);
                    }
                }
                let get_text = |key: &str| {
                    m.get(key)
                        .and_then(Value::as_str)
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                };
                let document = get_text("document");
                if document.is_none() {
                    let pos = self.loc.key(&["source"]);
                    self.error(
                        pos,
                        "`source` needs a `document`: the title of the source document",
                        None,
                    );
                }
                let card = get_text("card").map(|c| Located {
                    pos: self.loc.value(&["source", "card"]),
                    value: c,
                });
                Some(Source {
                    document: document.unwrap_or_default(),
                    locator: get_text("locator"),
                    card,
                })
            }
            _ => {
                let pos = self.loc.value(&["source"]);
                self.error(
                    pos,
                    "field `source` must be a text or have `document` and `locator`",
                    None,
                );
                None
            }
        }
    }

    fn terms(&mut self) -> Vec<(String, Vec<String>)> {
        let config = self.config;
        let mut out = Vec::new();
        for (tax, tc) in &config.taxonomies {
            let Some(values) = self.text_list(tax) else {
                continue;
            };
            let mut terms = Vec::with_capacity(values.len());
            for v in values {
                let term = v.trim().to_string();
                if !tc.values.is_empty() && !tc.values.contains(&term) {
                    let pos = self.loc.item(&[tax], &term);
                    let help = did_you_mean(&term, tc.values.iter().map(String::as_str))
                        .or_else(|| Some(format!("allowed: {}", tc.values.join(", "))));
                    self.error(pos, format!("`{term}` is not an allowed value of `{tax}`"), help);
                    continue;
                }
                if slug::slugify(&term).is_empty() {
                    let pos = self.loc.item(&[tax], &term);
                    self.error(pos, format!("`{term}` in `{tax}` has no letters or digits"), None);
                    continue;
                }
                if !terms.contains(&term) {
                    terms.push(term);
                }
            }
            out.push((tax.clone(), terms));
        }
        out
    }

    fn relations(&mut self, kind: &str, kc: &KindConfig) -> Vec<RelationRef> {
        let config = self.config;
        let mut out = Vec::new();
        match self.get("relations").cloned() {
            None | Some(Value::Null) => {}
            Some(Value::Mapping(m)) => {
                for (k, _) in &m {
                    let Some(name) = k.as_str() else { continue };
                    let pos = self.loc.key(&["relations", name]);
                    let Some(rc) = config.relations.get(name) else {
                        let help = did_you_mean(name, config.relations.keys().map(String::as_str)).or_else(|| {
                            Some(format!(
                                "relation types in samkort.toml: {}",
                                config.relations.keys().cloned().collect::<Vec<_>>().join(", ")
                            ))
                        });
                        self.error(pos, format!("unknown relation type `{name}`"), help);
                        continue;
                    };
                    if !rc.allows_from(kind) {
                        let allowed: Vec<&str> = config
                            .relations
                            .iter()
                            .filter(|(_, r)| r.allows_from(kind))
                            .map(|(n, _)| n.as_str())
                            .collect();
                        let help = if allowed.is_empty() {
                            format!("kind `{kind}` may have no relations")
                        } else {
                            format!("relations a `{kind}` may have: {}", allowed.join(", "))
                        };
                        self.error(
                            pos,
                            format!("a card of kind `{kind}` may not have relation `{name}`"),
                            Some(help),
                        );
                        continue;
                    }
                    for target in self.slug_list(&["relations", name]) {
                        out.push(RelationRef {
                            name: name.to_string(),
                            target,
                        });
                    }
                }
            }
            Some(_) => {
                let pos = self.loc.value(&["relations"]);
                self.error(
                    pos,
                    "field `relations` must map relation types to lists of slugs",
                    Some("write `relations:` and below it `  type: [slug, ...]`".into()),
                );
            }
        }
        // Reference fields are typed links too.
        for (field, spec) in &kc.fields {
            if matches!(spec.ty, FieldType::Ref | FieldType::Refs) && self.get(field).is_some() {
                for target in self.slug_list(&[field]) {
                    out.push(RelationRef {
                        name: field.clone(),
                        target,
                    });
                }
            }
        }
        out
    }

    fn flashcards(&mut self) -> Vec<Flashcard> {
        let mut out = Vec::new();
        let Some(v) = self.get("flashcards").cloned() else {
            return out;
        };
        let items = match v {
            Value::Null => return out,
            Value::Sequence(items) => items,
            _ => {
                let pos = self.loc.value(&["flashcards"]);
                self.error(pos, "field `flashcards` must be a list of `front:`/`back:` pairs", None);
                return out;
            }
        };
        for item in items {
            let front = item.get("front").and_then(scalar_text);
            let back = item.get("back").and_then(scalar_text);
            let extra = item.as_mapping().and_then(|m| {
                m.keys()
                    .filter_map(Value::as_str)
                    .find(|k| *k != "front" && *k != "back")
                    .map(str::to_string)
            });
            match (front, back, extra) {
                (Some(front), Some(back), None) => out.push(Flashcard { front, back }),
                (_, _, Some(k)) => {
                    let pos = self.loc.key(&["flashcards", &k]);
                    self.error(
                        pos,
                        format!("unknown field `{k}` in a flashcard"),
                        did_you_mean(&k, ["front", "back"]).or(Some("a flashcard has `front` and `back`".into())),
                    );
                }
                _ => {
                    let pos = self.loc.value(&["flashcards"]);
                    self.error(pos, "every flashcard needs a non-empty `front` and `back`", None);
                }
            }
        }
        out
    }

    fn fields(&mut self, kc: &KindConfig) -> Vec<(String, FieldValue)> {
        let mut out = Vec::new();
        for (name, spec) in &kc.fields {
            let Some(v) = self.get(name).cloned() else {
                continue;
            };
            if v.is_null() {
                continue;
            }
            if let Some(value) = self.field(name, spec, &v) {
                out.push((name.clone(), value));
            }
        }
        out
    }

    fn field(&mut self, name: &str, spec: &FieldSpec, v: &Value) -> Option<FieldValue> {
        let pos = self.loc.value(&[name]);
        let wrong = |this: &mut Self| {
            this.error(
                pos,
                format!(
                    "field `{name}` must be {}, not {}",
                    spec.ty.describe(),
                    describe_yaml(v)
                ),
                None,
            );
            None
        };
        match spec.ty {
            FieldType::String => match v {
                Value::String(s) => Some(FieldValue::Text(s.clone())),
                _ => wrong(self),
            },
            FieldType::Number => match v.as_f64() {
                Some(n) => Some(FieldValue::Number(n)),
                None => wrong(self),
            },
            FieldType::Bool => match v {
                Value::Bool(b) => Some(FieldValue::Bool(*b)),
                _ => wrong(self),
            },
            FieldType::Date => match v.as_str() {
                Some(s) if is_date(s) => Some(FieldValue::Text(s.to_string())),
                _ => {
                    self.error(
                        pos,
                        format!("field `{name}` must be a date written YYYY-MM-DD"),
                        Some("for example `2024-05-26`".into()),
                    );
                    None
                }
            },
            FieldType::List => self.text_list_at(&[name], Some(v)).map(FieldValue::List),
            FieldType::Enum => match v.as_str() {
                Some(s) if spec.values.iter().any(|a| a == s) => Some(FieldValue::Text(s.to_string())),
                Some(s) => {
                    let help = did_you_mean(s, spec.values.iter().map(String::as_str))
                        .or_else(|| Some(format!("allowed: {}", spec.values.join(", "))));
                    self.error(pos, format!("`{s}` is not an allowed value of `{name}`"), help);
                    None
                }
                None => wrong(self),
            },
            FieldType::Ref | FieldType::Refs => {
                let refs = self.slug_list(&[name]);
                if spec.ty == FieldType::Ref && refs.len() > 1 {
                    self.error(pos, format!("field `{name}` takes one card, not a list"), None);
                }
                Some(FieldValue::Refs(refs))
            }
        }
    }
}

fn lookup<'m>(m: &'m Mapping, path: &[&str]) -> Option<&'m Value> {
    let (first, rest) = path.split_first()?;
    let mut v = m.get(*first)?;
    for key in rest {
        v = v.get(*key)?;
    }
    Some(v)
}

/// A scalar as text (`705` and `true` are texts too when a text is expected), trimmed.
fn scalar_text(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    Some(s).filter(|s| !s.is_empty())
}

fn describe_yaml(v: &Value) -> &'static str {
    match v {
        Value::Null => "empty",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "a text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a set of keys",
        Value::Tagged(_) => "a tagged value",
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
    matches!((num(0..4), num(5..7), num(8..10)), (Some(_), Some(m), Some(d)) if (1..=12).contains(&m) && (1..=31).contains(&d))
}
