//! Index: the site-wide lists every page draws from, computed once per build: each card's
//! URL, the cards of each kind in list order (with each card's place there, so neighbours are
//! found without a search), and the terms of each taxonomy with their cards.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::card::Card;
use crate::collate;
use crate::config::Config;
use crate::link::CardId;
use crate::slug::slugify;
use crate::urls;

/// A taxonomy term and the cards that have it.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub cards: Vec<CardId>,
}

/// Everything the pages need that is computed once for the whole site.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteIndex {
    /// Per card: the site path of its page.
    pub urls: Vec<String>,
    /// Per kind (by [`crate::config::KindId`]): its cards, those with an `order` first, then in
    /// Danish title order.
    pub by_kind: Vec<Vec<CardId>>,
    /// Per card: its place in its kind's list.
    pub kind_pos: Vec<usize>,
    /// Per taxonomy (in the order of samkort.toml): its terms in Danish order.
    pub terms: Vec<Vec<Term>>,
}

impl SiteIndex {
    /// The cards before and after `id` in its kind's list.
    pub fn kind_neighbours(&self, cards: &[Card], id: CardId) -> (Option<CardId>, Option<CardId>) {
        let list = &self.by_kind[cards[id].kind.index()];
        let at = self.kind_pos[id];
        (at.checked_sub(1).map(|p| list[p]), list.get(at + 1).copied())
    }
}

/// Where a card stands in lists: cards with an `order` first, by it; then the rest in Danish
/// title order.
fn sort_key(c: &Card) -> (i64, &[u32], &str, &str) {
    (c.order.unwrap_or(i64::MAX), &c.title_key, &c.title, c.slug.as_str())
}

fn sort(ids: &mut [CardId], cards: &[Card]) {
    ids.sort_by(|&a, &b| sort_key(&cards[a]).cmp(&sort_key(&cards[b])));
}

impl SiteIndex {
    /// Puts cards whose title or order changed (but not their kind, terms or slug) in their new
    /// places: only the lists that hold them are sorted again, and those are nearly sorted.
    pub fn resort(&mut self, cards: &[Card], changed: &[CardId]) {
        for &id in changed {
            let list = &mut self.by_kind[cards[id].kind.index()];
            sort(list, cards);
            for (at, &i) in list.iter().enumerate() {
                self.kind_pos[i] = at;
            }
            for terms in &mut self.terms {
                for term in terms.iter_mut().filter(|t| t.cards.contains(&id)) {
                    sort(&mut term.cards, cards);
                }
            }
        }
    }
}

/// The spelling a term is shown with when cards spell it in several ways that make one slug
/// ("Æble", "aeble", "AEBLE"): the one most cards write, then the first in Danish order. Given
/// each spelling with the number of cards that write it.
pub fn preferred_spelling<'a>(spellings: impl IntoIterator<Item = (&'a str, usize)>) -> &'a str {
    spellings
        .into_iter()
        .map(|(s, n)| (std::cmp::Reverse(n), collate::key(s), s))
        .min()
        .map_or("", |(_, _, s)| s)
}

pub fn index(config: &Config, cards: &[Card]) -> SiteIndex {
    let urls = cards
        .par_iter()
        .map(|c| urls::card(config, c.kind, c.slug.as_str()))
        .collect();
    // All cards are sorted once; every list is then filled in that order, so no list is
    // sorted on its own.
    let mut order: Vec<CardId> = (0..cards.len()).collect();
    order.par_sort_by(|&a, &b| sort_key(&cards[a]).cmp(&sort_key(&cards[b])));
    let mut by_kind: Vec<Vec<CardId>> = vec![Vec::new(); config.kinds.len()];
    for &id in &order {
        by_kind[cards[id].kind.index()].push(id);
    }
    let mut kind_pos = vec![0; cards.len()];
    for ids in &by_kind {
        for (at, &id) in ids.iter().enumerate() {
            kind_pos[id] = at;
        }
    }
    let mut terms = Vec::with_capacity(config.taxonomies.len());
    for (tax, tc) in &config.taxonomies {
        // A site has few terms and many cards that carry them: each name is made a slug once.
        let mut slugs: FxHashMap<&str, usize> = FxHashMap::default();
        let mut found: indexmap::IndexMap<String, Term> = indexmap::IndexMap::new();
        // Per term: its spellings ("Æble", "aeble") and how many cards write each.
        let mut spellings: Vec<FxHashMap<&str, usize>> = Vec::new();
        for &id in &order {
            let card = &cards[id];
            for name in card.terms.iter().filter(|t| &t.taxonomy == tax).flat_map(|t| &t.names) {
                let name = name.value.as_str();
                let at = *slugs.entry(name).or_insert_with(|| {
                    let slug = slugify(name);
                    let entry = found.entry(slug.clone());
                    let at = entry.index();
                    entry.or_insert_with(|| Term {
                        name: String::new(),
                        slug,
                        cards: Vec::new(),
                    });
                    at
                });
                found[at].cards.push(id);
                if spellings.len() <= at {
                    spellings.resize_with(at + 1, FxHashMap::default);
                }
                *spellings[at].entry(name).or_insert(0) += 1;
            }
        }
        for (term, counts) in found.values_mut().zip(&spellings) {
            term.name = tc
                .display(preferred_spelling(counts.iter().map(|(s, n)| (*s, *n))))
                .to_string();
        }
        let mut list: Vec<Term> = found.into_values().collect();
        list.sort_by(|a, b| collate::compare(&a.name, &b.name).then_with(|| a.slug.cmp(&b.slug)));
        terms.push(list);
    }
    SiteIndex {
        urls,
        by_kind,
        kind_pos,
        terms,
    }
}
