//! The relations as pictures: the map of the whole site, the map of a kind, a scale drawn as a
//! staircase and a course path drawn as its sequence (see [`crate::map`] for the drawing).
//!
//! Every picture has a text alternative with the same cards and relations: on a map page a
//! table of each card's relations (or, when the site is drawn as kinds, of the relations
//! between kinds); the staircase and the sequence are beside the lists they draw.

use serde::Serialize;

use super::{CardRef, DrawError, KindRef, MapKind, Painter, TONES, kind_ref};
use crate::card::EdgeType;
use crate::config::KindId;
use crate::link::CardId;
use crate::map::ring::{self, MAX_RING, Spot};
use crate::map::steps::{self, Step};
use crate::theme::Template;
use crate::urls;

/// A map page: the picture, its legend and its text alternative.
#[derive(Serialize)]
struct MapPage<'a> {
    /// The kind the navigation marks as where the reader is ("" on the site's map).
    current_kind: &'a str,
    /// The kind of a kind's map.
    kind: Option<KindRef<'a>>,
    svg: String,
    kinds: Vec<MapKind>,
    /// Cards on the map; `more` were left out.
    shown: usize,
    more: usize,
    /// The text alternative of a map of cards: each card with its relations on the map.
    rows: Vec<Row<'a>>,
    /// The text alternative of a map of kinds: how many relations run between two kinds.
    between: Vec<Between<'a>>,
    /// The other maps: the site's and every kind's.
    maps: Vec<MapRef<'a>>,
}

#[derive(Serialize)]
struct Row<'a> {
    #[serde(flatten)]
    card: CardRef<'a>,
    relations: Vec<Related<'a>>,
}

#[derive(Serialize)]
struct Related<'a> {
    label: &'a str,
    cards: Vec<CardRef<'a>>,
}

#[derive(Serialize)]
struct Between<'a> {
    from: KindRef<'a>,
    to: KindRef<'a>,
    count: usize,
}

#[derive(Serialize)]
struct MapRef<'a> {
    title: &'a str,
    url: String,
    current: bool,
}

/// A scale card's place on its staircase.
#[derive(Serialize)]
pub(super) struct ScaleView {
    position: usize,
    total: usize,
    svg: String,
}

impl<'a> Painter<'a> {
    /// The relation edges of a card, outgoing, as (type label, target).
    fn relation_edges(&self, id: CardId) -> impl Iterator<Item = (&'a str, CardId)> + '_ {
        let config = self.input.config;
        self.input.graph.outgoing[id].iter().filter_map(move |e| match e.ty {
            EdgeType::Relation(r) => Some((config.relation(r).label.as_str(), e.to)),
            EdgeType::Field(..) => None,
        })
    }

    /// The map of the whole site (`kind` None) or of one kind: its cards and the cards they are
    /// related to.
    pub fn map_page(&self, kind: Option<KindId>, path: &str) -> Result<Vec<u8>, DrawError> {
        let super::Input {
            config,
            cards,
            graph: g,
            idx,
        } = self.input;
        let strings = &self.theme.strings;
        let s = |k: &'static str| -> &'a str { strings.get(k).map_or(k, String::as_str) };
        let root = urls::root(path);
        // The cards on the map, grouped by kind in the kinds' own order.
        let mut on_map = vec![false; cards.len()];
        let mut more = 0;
        match kind {
            None => on_map.iter_mut().for_each(|m| *m = true),
            Some(k) => {
                let own = &idx.by_kind[k.index()];
                for &id in own {
                    on_map[id] = true;
                    for (_, to) in self.relation_edges(id) {
                        on_map[to] = true;
                    }
                    for e in &g.incoming[id] {
                        if matches!(e.ty, EdgeType::Relation(_)) {
                            on_map[e.from] = true;
                        }
                    }
                }
                let count = on_map.iter().filter(|&&m| m).count();
                if count > MAX_RING {
                    // Too many to read: the kind's own cards with the most relations.
                    on_map.iter_mut().for_each(|m| *m = false);
                    let mut ranked = own.clone();
                    ranked.sort_by_key(|&id| (std::cmp::Reverse(g.outgoing[id].len() + g.incoming[id].len()), id));
                    for &id in ranked.iter().take(MAX_RING) {
                        on_map[id] = true;
                    }
                    more = count - MAX_RING.min(own.len());
                }
            }
        }
        let order: Vec<CardId> = config
            .kind_ids()
            .flat_map(|(k, _, _)| idx.by_kind[k.index()].iter().copied())
            .filter(|&id| on_map[id])
            .collect();
        let mut legend: Vec<MapKind> = Vec::new();
        for (k, _, kc) in config.kind_ids() {
            if order.iter().any(|&id| cards[id].kind == k) {
                legend.push(MapKind {
                    name: kc.plural.clone(),
                    tone: k.index() % TONES,
                    shape: crate::map::legend_shape(k.index() % crate::map::SHAPES.len()),
                });
            }
        }
        let title = match kind {
            Some(k) => format!("{}: {}", s("map_of"), config.kind(k).plural),
            None => s("site_map").to_string(),
        };
        let clustered = kind.is_none() && order.len() > MAX_RING;
        let (svg, rows, between) = if clustered {
            self.kinds_map(root, &title)
        } else {
            let place: std::collections::HashMap<CardId, usize> =
                order.iter().enumerate().map(|(i, &id)| (id, i)).collect();
            let spots: Vec<Spot> = order
                .iter()
                .map(|&id| {
                    let c = self.card_ref(id);
                    Spot {
                        title: c.title,
                        kind: c.kind,
                        href: format!("{root}{}", c.url),
                        tone: c.tone,
                        shape: c.shape,
                        count: 0,
                    }
                })
                .collect();
            let group: Vec<usize> = order.iter().map(|&id| cards[id].kind.index()).collect();
            let mut edges = Vec::new();
            let mut rows = Vec::with_capacity(order.len());
            for &id in &order {
                let mut relations: Vec<Related> = Vec::new();
                for (label, to) in self.relation_edges(id) {
                    let Some(&j) = place.get(&to) else { continue };
                    edges.push((place[&id], j));
                    let target = self.card_ref(to);
                    match relations.iter_mut().find(|r| r.label == label) {
                        Some(r) => r.cards.push(target),
                        None => relations.push(Related {
                            label,
                            cards: vec![target],
                        }),
                    }
                }
                rows.push(Row {
                    card: self.card_ref(id),
                    relations,
                });
            }
            (ring::ring(&spots, &group, &edges, &title), rows, Vec::new())
        };
        let maps = std::iter::once(MapRef {
            title: s("site_map"),
            url: urls::MAP.to_string(),
            current: kind.is_none(),
        })
        .chain(
            config
                .kind_ids()
                .filter(|(k, _, _)| !idx.by_kind[k.index()].is_empty())
                .map(|(k, _, kc)| MapRef {
                    title: &kc.plural,
                    url: urls::kind_map(config, k),
                    current: kind == Some(k),
                }),
        )
        .collect();
        let page = MapPage {
            current_kind: kind.map_or("", |k| config.kind_name(k)),
            kind: kind.map(|k| kind_ref(config, self.theme, k)),
            svg,
            kinds: legend,
            shown: if clustered { 0 } else { order.len() },
            more,
            rows,
            between,
            maps,
        };
        self.draw(Template::Map, path, page)
    }

    /// The site as one node per kind, and the number of relations between kinds.
    fn kinds_map(&self, root: &str, title: &str) -> (String, Vec<Row<'a>>, Vec<Between<'a>>) {
        let super::Input { config, cards, idx, .. } = self.input;
        let kinds: Vec<KindId> = config
            .kind_ids()
            .filter(|(k, _, _)| !idx.by_kind[k.index()].is_empty())
            .map(|(k, _, _)| k)
            .collect();
        let spots: Vec<Spot> = kinds
            .iter()
            .map(|&k| {
                let kc = config.kind(k);
                Spot {
                    title: &kc.plural,
                    kind: &kc.singular,
                    href: format!("{root}{}", urls::kind_map(config, k)),
                    tone: k.index() % TONES,
                    shape: k.index() % crate::map::SHAPES.len(),
                    count: idx.by_kind[k.index()].len(),
                }
            })
            .collect();
        let at = |k: KindId| kinds.iter().position(|&x| x == k);
        let mut counts = std::collections::BTreeMap::new();
        for id in 0..cards.len() {
            for (_, to) in self.relation_edges(id) {
                if let (Some(a), Some(b)) = (at(cards[id].kind), at(cards[to].kind)) {
                    *counts.entry((a.min(b), a.max(b))).or_insert(0) += 1;
                }
            }
        }
        let edges: Vec<(usize, usize, usize)> = counts.iter().map(|(&(a, b), &n)| (a, b, n)).collect();
        let between = edges
            .iter()
            .map(|&(a, b, count)| Between {
                from: kind_ref(config, self.theme, kinds[a]),
                to: kind_ref(config, self.theme, kinds[b]),
                count,
            })
            .collect();
        (ring::clusters(&spots, &edges, title), Vec::new(), between)
    }

    /// The staircase of a scale kind, with `current` marked.
    pub(super) fn staircase(&self, kind: KindId, current: Option<CardId>, path: &str) -> Option<String> {
        let super::Input { config, idx, .. } = self.input;
        if !config.kind(kind).scale {
            return None;
        }
        let root = urls::root(path);
        let ids = &idx.by_kind[kind.index()];
        let steps: Vec<Step> = ids
            .iter()
            .map(|&id| {
                let c = self.card_ref(id);
                Step {
                    title: c.title,
                    href: format!("{root}{}", c.url),
                    tone: c.tone,
                }
            })
            .collect();
        let at = current.map(|c| idx.kind_pos[c]);
        let word = self.theme.strings.get("step").map_or("step", String::as_str);
        Some(steps::staircase(&steps, at, word, &config.kind(kind).plural))
    }

    /// Where a card of a scale kind stands on its staircase.
    pub(super) fn scale_view(&self, id: CardId, path: &str) -> Option<ScaleView> {
        let kind = self.input.cards[id].kind;
        if !self.input.config.kind(kind).scale {
            return None;
        }
        let idx = self.input.idx;
        Some(ScaleView {
            position: idx.kind_pos[id] + 1,
            total: idx.by_kind[kind.index()].len(),
            svg: self.staircase(kind, Some(id), path)?,
        })
    }

    /// A course path's steps as a sequence.
    pub(super) fn sequence(&self, id: CardId, path: &str) -> Option<String> {
        let steps_of = &self.input.graph.steps[id];
        if steps_of.is_empty() {
            return None;
        }
        let root = urls::root(path);
        let steps: Vec<Step> = steps_of
            .iter()
            .map(|&i| {
                let c = self.card_ref(i);
                Step {
                    title: c.title,
                    href: format!("{root}{}", c.url),
                    tone: c.tone,
                }
            })
            .collect();
        Some(steps::sequence(&steps, &self.input.cards[id].title))
    }
}
