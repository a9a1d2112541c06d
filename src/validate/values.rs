//! Reading typed values out of a card's front matter: texts, lists, slugs, the source, taxonomy
//! terms, relations, flashcards and the kind's own fields. Each reader reports a wrong shape or
//! value at its place and returns what it could use.

use serde_yaml::Value;

use super::{CardCheck, lookup};
use crate::card::{EdgeType, Field, FieldValue, Flashcard, Located, RelationRef, Review, Source, Terms};
use crate::config::{FieldSpec, FieldType, KindConfig, KindId};
use crate::diagnostic::Diagnostic;
use crate::msg;
use crate::slug;
use crate::suggest::did_you_mean;

impl CardCheck<'_> {
    pub(super) fn text(&mut self, key: &str) -> Option<String> {
        match self.get(key)? {
            Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            Value::Number(n) => Some(n.to_string()),
            Value::Null => None,
            _ => {
                let pos = self.loc.value(&[key]);
                self.error(pos, msg!("diag.not-text", field = key), None);
                None
            }
        }
    }

    /// A list of texts; a single text counts as a list of one.
    pub(super) fn text_list(&mut self, key: &str) -> Option<Vec<String>> {
        let value = self.get(key).cloned();
        self.text_list_at(&[key], value.as_ref())
    }

    pub(super) fn text_list_at(&mut self, path: &[&str], v: Option<&Value>) -> Option<Vec<String>> {
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
                            self.error(pos, msg!("diag.item-not-text", field = path.join(".")), None);
                        }
                    }
                }
                Some(out)
            }
            _ => {
                let pos = self.loc.value(path);
                self.error(
                    pos,
                    msg!("diag.not-list", field = path.join(".")),
                    Some(msg!("help.list-example", field = path.last().unwrap_or(&""))),
                );
                None
            }
        }
    }

    pub(super) fn slug_list(&mut self, path: &[&str]) -> Vec<Located<String>> {
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

    pub(super) fn source(&mut self) -> Option<Source> {
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
                        let help =
                            did_you_mean(name, ["document", "locator", "card"]).or(Some(msg!("help.source-fields")));
                        self.error(pos, msg!("diag.unknown-source-field", name = name), help);
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
                    let empty = |v: &Value| v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty());
                    if m.get("document").is_some_and(empty) {
                        let pos = self.loc.value(&["source", "document"]);
                        self.error(
                            pos,
                            msg!("diag.empty-source-document"),
                            Some(msg!("help.empty-source-document")),
                        );
                    } else {
                        let pos = self.loc.key(&["source"]);
                        self.error(pos, msg!("diag.missing-source-document"), None);
                    }
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
                self.error(pos, msg!("diag.bad-source"), None);
                None
            }
        }
    }

    pub(super) fn terms(&mut self) -> Vec<Terms> {
        let config = self.config;
        let mut out = Vec::new();
        for (tax, tc) in &config.taxonomies {
            let Some(values) = self.text_list(tax) else {
                continue;
            };
            let mut terms: Vec<Located<String>> = Vec::with_capacity(values.len());
            let mut slugs: Vec<String> = Vec::with_capacity(values.len());
            for v in values {
                let term = v.trim().to_string();
                if !tc.values.is_empty() && !tc.values.contains(&term) {
                    let pos = self.loc.item(&[tax], &term);
                    let help = did_you_mean(&term, tc.values.iter().map(String::as_str))
                        .or_else(|| Some(msg!("help.allowed", values = tc.values.join(", "))));
                    self.error(pos, msg!("diag.not-allowed", value = term, field = tax), help);
                    continue;
                }
                let term_slug = slug::slugify(&term);
                if term_slug.is_empty() {
                    let pos = self.loc.item(&[tax], &term);
                    self.error(pos, msg!("diag.term-no-letters", term = term, taxonomy = tax), None);
                    continue;
                }
                // "Æble" and "aeble" make one slug, so one term: the card has it once.
                match slugs.iter().position(|s| *s == term_slug) {
                    None => {
                        terms.push(Located {
                            pos: self.loc.item(&[tax], &term),
                            value: term,
                        });
                        slugs.push(term_slug);
                    }
                    Some(i) if terms[i].value != term => {
                        let pos = self.loc.item(&[tax], &term);
                        let first = &terms[i].value;
                        self.diags.push(
                            Diagnostic::warning(
                                &self.p.file,
                                pos,
                                msg!("diag.term-spelled-twice", term = term, first = first, taxonomy = tax),
                            )
                            .with_help(msg!(
                                "help.term-spelled-twice",
                                page = crate::urls::term(tax, &term_slug, 0)
                            )),
                        );
                    }
                    Some(_) => {}
                }
            }
            out.push(Terms {
                taxonomy: tax.clone(),
                names: terms,
            });
        }
        out
    }

    /// The typed links of the card: its `relations:` and its reference fields, each resolved
    /// to its edge type here, so no later stage looks a name up again.
    pub(super) fn relations(&mut self, kind_id: KindId) -> Vec<RelationRef> {
        let config = self.config;
        let kind = config.kind_name(kind_id);
        let mut out = Vec::new();
        match self.get("relations").cloned() {
            None | Some(Value::Null) => {}
            Some(Value::Mapping(m)) => {
                for (k, _) in &m {
                    let Some(name) = k.as_str() else { continue };
                    let pos = self.loc.key(&["relations", name]);
                    let Some(rid) = config.relation_id(name) else {
                        let help = did_you_mean(name, config.relations.keys().map(String::as_str)).or_else(|| {
                            Some(msg!(
                                "help.relations-declared",
                                relations = config.relations.keys().cloned().collect::<Vec<_>>().join(", ")
                            ))
                        });
                        self.error(pos, msg!("diag.unknown-relation", name = name), help);
                        continue;
                    };
                    if !config.relation(rid).from_kinds.contains(kind_id) {
                        let allowed: Vec<&str> = config
                            .relations
                            .iter()
                            .filter(|(_, r)| r.from_kinds.contains(kind_id))
                            .map(|(n, _)| n.as_str())
                            .collect();
                        let help = if allowed.is_empty() {
                            msg!("help.no-relations", kind = kind)
                        } else {
                            msg!("help.relations-allowed", kind = kind, relations = allowed.join(", "))
                        };
                        self.error(
                            pos,
                            msg!("diag.relation-not-allowed", kind = kind, name = name),
                            Some(help),
                        );
                        continue;
                    }
                    for target in self.slug_list(&["relations", name]) {
                        out.push(RelationRef {
                            ty: EdgeType::Relation(rid),
                            target,
                        });
                    }
                }
            }
            Some(_) => {
                let pos = self.loc.value(&["relations"]);
                self.error(pos, msg!("diag.bad-relations"), Some(msg!("help.relations-example")));
            }
        }
        // Reference fields are typed links too.
        for (i, (field, spec)) in config.kind(kind_id).fields.iter().enumerate() {
            if matches!(spec.ty, FieldType::Ref | FieldType::Refs) && self.get(field).is_some() {
                for target in self.slug_list(&[field]) {
                    out.push(RelationRef {
                        ty: EdgeType::Field(kind_id, i as u16),
                        target,
                    });
                }
            }
        }
        out
    }

    pub(super) fn flashcards(&mut self) -> Vec<Flashcard> {
        let mut out = Vec::new();
        let Some(v) = self.get("flashcards").cloned() else {
            return out;
        };
        let items = match v {
            Value::Null => return out,
            Value::Sequence(items) => items,
            _ => {
                let pos = self.loc.value(&["flashcards"]);
                self.error(pos, msg!("diag.bad-flashcards"), None);
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
                        msg!("diag.unknown-flashcard-field", name = k),
                        did_you_mean(&k, ["front", "back"]).or(Some(msg!("help.flashcard-fields"))),
                    );
                }
                _ => {
                    let pos = self.loc.value(&["flashcards"]);
                    self.error(pos, msg!("diag.empty-flashcard"), None);
                }
            }
        }
        out
    }

    /// The owner and review date, under the keys `[review]` of samkort.toml names.
    pub(super) fn review(&mut self) -> Review {
        let Some(keys) = &self.config.review else {
            return Review::default();
        };
        let owner = self.text(&keys.owner);
        let date = match self.get(&keys.date).cloned() {
            None | Some(Value::Null) => None,
            Some(v) => {
                let spec = FieldSpec {
                    ty: FieldType::Date,
                    values: Vec::new(),
                    kind: None,
                    label: None,
                    labels: Default::default(),
                    targets: Default::default(),
                };
                let pos = self.loc.value(&[&keys.date]);
                match self.field_at(&keys.date, &spec, &v, pos) {
                    Some(FieldValue::Text(day)) => Some(Located { value: day, pos }),
                    _ => None,
                }
            }
        };
        Review { owner, date }
    }

    pub(super) fn fields(&mut self, kc: &KindConfig) -> Vec<Field> {
        let mut out = Vec::new();
        for (name, spec) in &kc.fields {
            let Some(v) = self.get(name).cloned() else {
                continue;
            };
            if v.is_null() {
                continue;
            }
            if let Some(value) = self.field(name, spec, &v) {
                out.push(Field {
                    name: name.clone(),
                    value,
                });
            }
        }
        out
    }

    /// A course path's steps: each the slug of a card, or a map of the slug and the step's own
    /// fields, declared under `step_fields` of the kind (`- { slug: x, minutter: 20 }`).
    pub(super) fn steps(&mut self, kc: &KindConfig) -> (Vec<Located<String>>, Vec<Vec<Field>>) {
        let Some(Value::Sequence(items)) = self.get("steps").cloned() else {
            let steps = self.slug_list(&["steps"]);
            let fields = vec![Vec::new(); steps.len()];
            return (steps, fields);
        };
        let (mut steps, mut fields) = (Vec::with_capacity(items.len()), Vec::with_capacity(items.len()));
        for item in &items {
            let Value::Mapping(m) = item else {
                if let Some(slug) = scalar_text(item) {
                    steps.push(Located {
                        pos: self.loc.item(&["steps"], &slug),
                        value: slug,
                    });
                    fields.push(Vec::new());
                } else {
                    let pos = self.loc.value(&["steps"]);
                    self.error(pos, msg!("diag.bad-step"), None);
                }
                continue;
            };
            let Some(slug) = m.get("slug").and_then(scalar_text) else {
                let pos = self.loc.key(&["steps"]);
                self.error(pos, msg!("diag.step-without-slug"), Some(msg!("help.step-example")));
                continue;
            };
            let mut own = Vec::new();
            for (k, v) in m {
                let Some(name) = k.as_str().filter(|n| *n != "slug") else {
                    continue;
                };
                let pos = self.loc.item(&["steps"], name);
                match kc.step_fields.get(name) {
                    Some(spec) => {
                        if let Some(value) = self.field_at(name, spec, v, pos) {
                            own.push(Field {
                                name: name.to_string(),
                                value,
                            });
                        }
                    }
                    None => {
                        let help = did_you_mean(name, kc.step_fields.keys().map(String::as_str))
                            .or_else(|| Some(msg!("help.declare-step-field")));
                        self.error(pos, msg!("diag.unknown-step-field", name = name), help);
                    }
                }
            }
            steps.push(Located {
                pos: self.loc.item(&["steps"], &slug),
                value: slug,
            });
            fields.push(own);
        }
        (steps, fields)
    }

    pub(super) fn field(&mut self, name: &str, spec: &FieldSpec, v: &Value) -> Option<FieldValue> {
        let pos = self.loc.value(&[name]);
        self.field_at(name, spec, v, pos)
    }

    /// A field's value, checked against its type; problems are reported at `pos`.
    fn field_at(
        &mut self,
        name: &str,
        spec: &FieldSpec,
        v: &Value,
        pos: crate::diagnostic::Position,
    ) -> Option<FieldValue> {
        let wrong = |this: &mut Self| {
            this.error(
                pos,
                msg!("diag.wrong-type", field = name)
                    .word("type", spec.ty.word())
                    .word("found", describe_yaml(v)),
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
            FieldType::Date => {
                let text = v.as_str().unwrap_or_default();
                match calendar_date(text) {
                    Ok(()) => Some(FieldValue::Text(text.to_string())),
                    Err(DateProblem::NoSuchDay { days }) => {
                        self.error(
                            pos,
                            msg!("diag.no-such-day", field = name, value = text),
                            Some(msg!("help.days-in-month", days = days)),
                        );
                        None
                    }
                    Err(DateProblem::Shape) => {
                        self.error(
                            pos,
                            msg!("diag.not-date", field = name),
                            Some(msg!("help.date-example")),
                        );
                        None
                    }
                }
            }
            FieldType::List => self.text_list_at(&[name], Some(v)).map(FieldValue::List),
            FieldType::Enum => match v.as_str() {
                Some(s) if spec.values.iter().any(|a| a == s) => Some(FieldValue::Text(s.to_string())),
                Some(s) => {
                    let help = did_you_mean(s, spec.values.iter().map(String::as_str))
                        .or_else(|| Some(msg!("help.allowed", values = spec.values.join(", "))));
                    self.error(pos, msg!("diag.not-allowed", value = s, field = name), help);
                    None
                }
                None => wrong(self),
            },
            FieldType::Ref | FieldType::Refs => {
                let refs = self.slug_list(&[name]);
                if spec.ty == FieldType::Ref && refs.len() > 1 {
                    self.error(pos, msg!("diag.ref-not-list", field = name), None);
                }
                Some(FieldValue::Refs(refs))
            }
        }
    }
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

/// The key of the words for what `v` is, as in "must be a number, not a list".
fn describe_yaml(v: &Value) -> &'static str {
    match v {
        Value::Null => "yaml-type.null",
        Value::Bool(_) => "yaml-type.bool",
        Value::Number(_) => "yaml-type.number",
        Value::String(_) => "yaml-type.string",
        Value::Sequence(_) => "yaml-type.list",
        Value::Mapping(_) => "yaml-type.map",
        Value::Tagged(_) => "yaml-type.tagged",
    }
}

/// Why a text is not a date.
#[derive(Debug, PartialEq, Eq)]
enum DateProblem {
    /// Not `YYYY-MM-DD` in ASCII digits with a month from 01 to 12.
    Shape,
    /// Well written, but the month has only `days` days (`2023-02-29`, `2024-04-31`, `2024-01-00`).
    NoSuchDay { days: u32 },
}

/// Checks that `s` is a day of the (proleptic Gregorian) calendar written `YYYY-MM-DD`.
/// Only ASCII digits count: `str::parse` alone would also take `+1` as a month.
fn calendar_date(s: &str) -> Result<(), DateProblem> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter()
            .try_fold(0u32, |n, d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(DateProblem::Shape);
    }
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return Err(DateProblem::Shape);
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(DateProblem::Shape),
    };
    if (1..=days).contains(&day) {
        Ok(())
    } else {
        Err(DateProblem::NoSuchDay { days })
    }
}

#[cfg(test)]
mod tests {
    use super::{DateProblem, calendar_date};

    #[test]
    fn dates_are_days_of_the_calendar_with_leap_years() {
        assert_eq!(calendar_date("2024-02-29"), Ok(()));
        assert_eq!(calendar_date("2000-02-29"), Ok(()));
        assert_eq!(calendar_date("2024-12-31"), Ok(()));
        assert_eq!(calendar_date("2023-02-29"), Err(DateProblem::NoSuchDay { days: 28 }));
        assert_eq!(calendar_date("1900-02-29"), Err(DateProblem::NoSuchDay { days: 28 }));
        assert_eq!(calendar_date("2023-02-31"), Err(DateProblem::NoSuchDay { days: 28 }));
        assert_eq!(calendar_date("2024-04-31"), Err(DateProblem::NoSuchDay { days: 30 }));
        assert_eq!(calendar_date("2024-01-00"), Err(DateProblem::NoSuchDay { days: 31 }));
    }

    #[test]
    fn only_ascii_digits_in_the_yyyy_mm_dd_shape_are_dates() {
        for text in [
            "2024-+1-01",
            "+024-01-01",
            "2024-01-+1",
            "2024-1-01",
            "2024-01-1 ",
            "24-01-2024",
            "2024/01/01",
            "2024-00-10",
            "2024-13-01",
            "2024-01-01T10:00",
            "２０２４-01-01",
        ] {
            assert_eq!(calendar_date(text), Err(DateProblem::Shape), "{text}");
        }
    }
}
