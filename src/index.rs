//! Index: the site-wide lists every page draws from, computed once per build: each card's
//! URL, the cards of each kind in Danish alphabetical order, and the terms of each taxonomy
//! with their cards.

use rayon::prelude::*;

use crate::card::Card;
use crate::collate;
use crate::config::Config;
use crate::link::CardId;
use crate::render::card_url;
use crate::slug::slugify;

/// A taxonomy term and the cards that have it.
pub struct Term {
    pub taxonomy: String,
    pub name: String,
    pub slug: String,
    pub cards: Vec<CardId>,
}

/// Everything the pages need that is computed once for the whole site.
pub struct SiteIndex {
    pub urls: Vec<String>,
    /// Per kind (config order): its cards in Danish title order.
    pub by_kind: Vec<(String, Vec<CardId>)>,
    /// Per taxonomy (config order): its terms in Danish order.
    pub terms: Vec<(String, Vec<Term>)>,
}

pub fn index(config: &Config, cards: &[Card]) -> SiteIndex {
    let urls = cards.iter().map(|c| card_url(config, c)).collect();
    // Collation keys are computed once per card, not once per comparison.
    // Cards with an `order` come first, by it; then the rest in Danish alphabetical order.
    let keys: Vec<(i64, Vec<u32>)> = cards
        .par_iter()
        .map(|c| (c.order.unwrap_or(i64::MAX), collate::key(&c.title)))
        .collect();
    let sorted = |mut ids: Vec<CardId>| {
        ids.sort_by(|&a, &b| {
            (&keys[a], &cards[a].title, &cards[a].slug).cmp(&(&keys[b], &cards[b].title, &cards[b].slug))
        });
        ids
    };
    let by_kind = config
        .kinds
        .keys()
        .map(|k| {
            (
                k.clone(),
                sorted(
                    cards
                        .iter()
                        .enumerate()
                        .filter(|(_, c)| &c.kind == k)
                        .map(|(i, _)| i)
                        .collect(),
                ),
            )
        })
        .collect();
    let mut terms = Vec::new();
    for tax in config.taxonomies.keys() {
        let mut found: indexmap::IndexMap<String, Term> = indexmap::IndexMap::new();
        for (id, card) in cards.iter().enumerate() {
            for (t, names) in &card.terms {
                if t != tax {
                    continue;
                }
                for name in names {
                    let slug = slugify(name);
                    found
                        .entry(slug.clone())
                        .or_insert_with(|| Term {
                            taxonomy: tax.clone(),
                            name: config.taxonomies[tax].display(name).to_string(),
                            slug,
                            cards: Vec::new(),
                        })
                        .cards
                        .push(id);
                }
            }
        }
        let mut list: Vec<Term> = found.into_values().collect();
        for t in &mut list {
            t.cards = sorted(std::mem::take(&mut t.cards));
        }
        list.sort_by(|a, b| collate::compare(&a.name, &b.name));
        terms.push((tax.clone(), list));
    }
    SiteIndex { urls, by_kind, terms }
}
