//! Filters of a kind's list: by taxonomy term and by enum field (cases by sektor or casetype).
//!
//! Each item of the list carries its values as tokens (`t:sektorer=kommune f:casetype=model`);
//! the page lists each facet's values with counts. Without scripts a term is a link to its
//! term page; with scripts (samkort.js) a value is a toggle that filters the list at once.

use serde::Serialize;

use crate::card::{Card, FieldValue};
use crate::config::{Config, FieldType, KindId};
use crate::index::SiteIndex;
use crate::link::CardId;
use crate::slug::slugify;
use crate::urls;

/// A facet of a kind's list: a taxonomy or an enum field, and its values.
#[derive(Serialize)]
pub(super) struct Facet<'a> {
    pub label: &'a str,
    /// Enum facets have no pages to link to, so they are for scripts only.
    pub script_only: bool,
    pub values: Vec<FacetValue>,
}

#[derive(Serialize)]
pub(super) struct FacetValue {
    pub token: String,
    pub label: String,
    pub count: usize,
    /// The term's page, for taxonomy values.
    pub url: Option<String>,
}

/// A card's filter tokens, space-separated (see the module's documentation).
pub fn tokens(config: &Config, card: &Card) -> String {
    let mut out = String::new();
    for (prefix, facet, value) in facet_values(config, card) {
        push_token(&mut out, prefix, facet, value);
    }
    out
}

/// What a card's [`tokens`] are made of, hashed: the same values, without making the tokens.
pub fn hash_tokens(config: &Config, card: &Card, h: &mut impl std::hash::Hasher) {
    use std::hash::Hash;
    for v in facet_values(config, card) {
        v.hash(h);
    }
}

/// The raw values behind a card's tokens: (`t` for a taxonomy term or `f` for an enum field,
/// the taxonomy or field, the value), in the order of the tokens.
fn facet_values<'c>(config: &'c Config, card: &'c Card) -> impl Iterator<Item = (char, &'c str, &'c str)> {
    let terms = card.terms.iter().flat_map(|t| {
        t.names
            .iter()
            .map(move |n| ('t', t.taxonomy.as_str(), n.value.as_str()))
    });
    let specs = &config.kind(card.kind).fields;
    let fields = card
        .fields
        .iter()
        .filter_map(move |f| match (specs.get(&f.name), &f.value) {
            (Some(spec), FieldValue::Text(v)) if spec.ty == FieldType::Enum => Some(('f', f.name.as_str(), v.as_str())),
            _ => None,
        });
    terms.chain(fields)
}

fn push_token(out: &mut String, prefix: char, facet: &str, value: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push(prefix);
    out.push(':');
    out.push_str(&slugify(facet));
    out.push('=');
    out.push_str(&slugify(value));
}

/// The facets of a kind's list with more than one value among its cards: its enum fields (the
/// kind's own), then the taxonomies, in the order of samkort.toml.
pub(super) fn facets<'a>(config: &'a Config, cards: &[Card], idx: &SiteIndex, kind: KindId) -> Vec<Facet<'a>> {
    let ids: &[CardId] = &idx.by_kind[kind.index()];
    let mut facets = Vec::new();
    let mut terms_facets = Vec::new();
    for ((name, tc), terms) in config.taxonomies.iter().zip(&idx.terms) {
        let values: Vec<FacetValue> = terms
            .iter()
            .filter_map(|term| {
                let count = term.cards.iter().filter(|&&c| cards[c].kind == kind).count();
                (count > 0).then(|| FacetValue {
                    token: format!("t:{}={}", slugify(name), term.slug),
                    label: tc.display(&term.name).to_string(),
                    count,
                    url: Some(urls::term(name, &term.slug, 0)),
                })
            })
            .collect();
        if values.len() > 1 {
            terms_facets.push(Facet {
                label: &tc.plural,
                script_only: false,
                values,
            });
        }
    }
    for (name, spec) in &config.kind(kind).fields {
        if spec.ty != FieldType::Enum {
            continue;
        }
        let values: Vec<FacetValue> = spec
            .values
            .iter()
            .filter_map(|v| {
                let count = ids
                    .iter()
                    .filter(|&&c| {
                        cards[c]
                            .fields
                            .iter()
                            .any(|f| &f.name == name && matches!(&f.value, FieldValue::Text(t) if t == v))
                    })
                    .count();
                (count > 0).then(|| FacetValue {
                    token: format!("f:{}={}", slugify(name), slugify(v)),
                    label: spec.labels.get(v).cloned().unwrap_or_else(|| v.clone()),
                    count,
                    url: None,
                })
            })
            .collect();
        if values.len() > 1 {
            facets.push(Facet {
                label: spec.label.as_deref().unwrap_or(name),
                script_only: true,
                values,
            });
        }
    }
    facets.extend(terms_facets);
    facets
}
