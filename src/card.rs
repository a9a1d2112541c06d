//! The card: the typed, checked form of one content file, as the later stages use it.

use std::path::PathBuf;

use crate::config::{KindId, RelationId};
use crate::diagnostic::Position;
use crate::markdown::Body;
use crate::slug::Slug;

/// A value with the place it was written, so a later stage can complain about it precisely.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub pos: Position,
}

/// Where a card's facts come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub document: String,
    pub locator: Option<String>,
    /// The card that describes the source document, when there is one.
    pub card: Option<Located<String>>,
}

/// What a typed link is: a relation type of samkort.toml, or a reference field of a kind.
/// Validation decides which, by where the link was written (`relations:` or a field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EdgeType {
    Relation(RelationId),
    /// A reference field: the kind that declares it and the field's place among its fields.
    Field(KindId, u16),
}

/// A typed link in the front matter: `relations: { styrker: [tillid] }`, or a reference field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationRef {
    pub ty: EdgeType,
    pub target: Located<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Flashcard {
    pub front: String,
    pub back: String,
}

/// A kind-specific field's value, checked against its declared type.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    Text(String),
    Number(f64),
    Bool(bool),
    List(Vec<String>),
    /// Reference fields: the slugs, resolved to links in the page stage.
    Refs(Vec<Located<String>>),
}

impl FieldValue {
    /// The value as shown on a page (references excluded: they become links).
    pub fn display(&self, yes: &str, no: &str) -> String {
        match self {
            FieldValue::Text(s) => s.clone(),
            FieldValue::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            FieldValue::Number(n) => n.to_string(),
            FieldValue::Bool(b) => (if *b { yes } else { no }).to_string(),
            FieldValue::List(l) => l.join(", "),
            FieldValue::Refs(r) => r.iter().map(|l| l.value.as_str()).collect::<Vec<_>>().join(", "),
        }
    }
}

/// The terms a card has in one taxonomy: `tags: [ledelse, tillid]`, each once (by its slug),
/// as the card spells it and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terms {
    pub taxonomy: String,
    pub names: Vec<Located<String>>,
}

/// A kind-specific field of a card and its checked value.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub value: FieldValue,
}

/// Who keeps a card up to date and by when it should be read through again (`[review]` of
/// samkort.toml). Only `check` and `samkort review` read it: no page shows it, so the built site
/// never depends on the day it was built.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Review {
    pub owner: Option<String>,
    /// The review date, YYYY-MM-DD, where it is written.
    pub date: Option<Located<String>>,
}

#[derive(Debug, Clone)]
pub struct Card {
    pub file: PathBuf,
    pub slug: Slug,
    pub kind: KindId,
    pub title: String,
    pub summary: Option<String>,
    pub source: Option<Source>,
    /// The card's terms per taxonomy, in the order of samkort.toml.
    pub terms: Vec<Terms>,
    pub relations: Vec<RelationRef>,
    pub questions: Vec<String>,
    pub flashcards: Vec<Flashcard>,
    /// Course paths only: the cards of the path, in order.
    pub steps: Vec<Located<String>>,
    /// Course paths only: each step's own fields (`step_fields` of the kind), by step.
    pub step_fields: Vec<Vec<Field>>,
    /// Where the card goes in lists of its kind: lower first; cards without come last, in
    /// alphabetical order.
    pub order: Option<i64>,
    /// Kind-specific fields in the order of samkort.toml.
    pub fields: Vec<Field>,
    pub review: Review,
    pub body: Body,
    /// A hash of the card's file: what the live site compares to see whether it changed.
    pub hash: u64,
    /// The title's key for Danish alphabetical order ([`crate::collate::key`]), made once here
    /// so that sorting a list never makes it again.
    pub title_key: Vec<u32>,
}
