//! Link: resolve every reference between cards and build the site's graph.
//!
//! Inputs are the validated cards; outputs are the [`Graph`]: typed relations in both
//! directions, backlinks from body links, the resolved target of every body link, and the
//! course paths each card is a step of. A reference to a missing card, a card of the wrong
//! kind or a missing heading is reported with a suggestion.

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::card::Card;
use crate::config::{Config, KindSet};
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::messages::Msg;
use crate::msg;
use crate::suggest::did_you_mean;

/// Index of a card in the site's card list.
pub type CardId = usize;

/// One typed edge: `from` has relation `relation` to `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Edge {
    pub from: CardId,
    pub to: CardId,
    /// Index of the relation type in samkort.toml, or of a reference field (see [`EdgeType`]).
    pub ty: EdgeType,
}

pub use crate::card::EdgeType;

/// A body link after resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedLink {
    pub to: CardId,
    pub fragment: Option<String>,
}

/// The course paths a card belongs to, with its neighbours there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathStep {
    pub path: CardId,
    /// 0-based position in the path.
    pub index: usize,
    pub prev: Option<CardId>,
    pub next: Option<CardId>,
}

#[derive(Debug, Default)]
pub struct Graph {
    pub by_slug: FxHashMap<String, CardId>,
    /// Per card: outgoing typed edges, in front-matter order.
    pub outgoing: Vec<Vec<Edge>>,
    /// Per card: incoming typed edges, sorted by relation type then source card.
    pub incoming: Vec<Vec<Edge>>,
    /// Per card: cards whose body links to it, sorted, without itself.
    pub backlinks: Vec<Vec<CardId>>,
    /// Per card: its body links, in slot order; `None` where the target is missing.
    pub body_links: Vec<Vec<Option<ResolvedLink>>>,
    /// Per card: the resolved steps when it is a course path.
    pub steps: Vec<Vec<CardId>>,
    /// Per card: the course paths it is a step of.
    pub in_paths: Vec<Vec<PathStep>>,
    /// Per card: the source card it names, if any.
    pub source_card: Vec<Option<CardId>>,
}

impl Graph {
    /// How many links point at a card (typed and body); used for "most linked".
    pub fn link_count(&self, id: CardId) -> usize {
        self.incoming[id].len() + self.backlinks[id].len()
    }
}

/// Resolves every reference. `unusable` holds the slugs of files that exist but could not
/// become cards (their own errors are already reported): links to them are not reported again.
pub fn link(config: &Config, cards: &[Card], unusable: &FxHashSet<String>) -> (Graph, Diagnostics) {
    let mut diags = Diagnostics::new();
    let n = cards.len();
    let mut g = Graph {
        by_slug: FxHashMap::with_capacity_and_hasher(n, Default::default()),
        outgoing: vec![Vec::new(); n],
        incoming: vec![Vec::new(); n],
        backlinks: vec![Vec::new(); n],
        body_links: Vec::with_capacity(n),
        steps: vec![Vec::new(); n],
        in_paths: vec![Vec::new(); n],
        source_card: vec![None; n],
    };
    for (id, card) in cards.iter().enumerate() {
        g.by_slug.entry(card.slug.as_str().to_string()).or_insert(id);
    }
    let mut sorted_slugs: Vec<(&str, CardId)> = cards.iter().enumerate().map(|(i, c)| (c.slug.as_str(), i)).collect();
    sorted_slugs.sort_unstable();
    let resolver = Resolver {
        config,
        cards,
        by_slug: &g.by_slug,
        sorted_slugs: &sorted_slugs,
        unusable,
    };

    // Each card's references are resolved on their own, in parallel; the lists that run the
    // other way (incoming edges, backlinks) are gathered after, in card order.
    let resolved: Vec<CardLinks> = cards
        .par_iter()
        .enumerate()
        .map(|(id, card)| resolver.card(id, card))
        .collect();
    let mut backlinks: Vec<Vec<CardId>> = vec![Vec::new(); n];
    for (id, r) in resolved.into_iter().enumerate() {
        for e in &r.outgoing {
            g.incoming[e.to].push(*e);
        }
        for l in r.body.iter().flatten() {
            if l.to != id {
                backlinks[l.to].push(id);
            }
        }
        g.outgoing[id] = r.outgoing;
        g.source_card[id] = r.source;
        g.steps[id] = r.steps;
        g.body_links.push(r.body);
        diags.extend(r.diagnostics);
    }
    // Each list was filled in card order, so it is sorted; a card may link twice.
    for (id, mut from) in backlinks.into_iter().enumerate() {
        from.dedup();
        g.backlinks[id] = from;
    }
    for list in &mut g.incoming {
        list.sort();
    }
    for (path, steps) in g.steps.iter().enumerate() {
        for (i, &step) in steps.iter().enumerate() {
            g.in_paths[step].push(PathStep {
                path,
                index: i,
                prev: i.checked_sub(1).map(|p| steps[p]),
                next: steps.get(i + 1).copied(),
            });
        }
    }
    for (id, card) in cards.iter().enumerate() {
        let linked = !g.outgoing[id].is_empty()
            || !g.incoming[id].is_empty()
            || !g.backlinks[id].is_empty()
            || g.body_links[id].iter().any(|l| l.as_ref().is_some_and(|l| l.to != id))
            || !g.steps[id].is_empty()
            || !g.in_paths[id].is_empty();
        if !linked {
            diags.push(
                Diagnostic::warning(
                    &card.file,
                    crate::diagnostic::Position::new(1, 1),
                    msg!("diag.orphan", slug = card.slug),
                )
                .with_help(msg!("help.orphan")),
            );
        }
    }
    (g, diags)
}

/// How many slugs on each side of a broken link's place in alphabetical order are compared
/// with it for a suggestion.
const NEAR: usize = 64;

struct Resolver<'a> {
    config: &'a Config,
    cards: &'a [Card],
    /// Every card's slug, sorted, to find suggestions that start like a broken link.
    sorted_slugs: &'a [(&'a str, CardId)],
    by_slug: &'a FxHashMap<String, CardId>,
    unusable: &'a FxHashSet<String>,
}

/// What one card's references resolve to.
struct CardLinks {
    outgoing: Vec<Edge>,
    source: Option<CardId>,
    steps: Vec<CardId>,
    body: Vec<Option<ResolvedLink>>,
    diagnostics: Diagnostics,
}

impl Resolver<'_> {
    /// Resolves the typed relations, source card, course steps and body links of one card.
    fn card(&self, id: CardId, card: &Card) -> CardLinks {
        let (config, cards) = (self.config, self.cards);
        let mut diags = Diagnostics::new();
        let mut outgoing = Vec::with_capacity(card.relations.len());
        for rel in &card.relations {
            let ty = rel.ty;
            let (name, allowed) = match ty {
                EdgeType::Relation(r) => (config.relation_name(r), &config.relation(r).to_kinds),
                EdgeType::Field(k, f) => match config.kind(k).fields.get_index(usize::from(f)) {
                    Some((name, spec)) => (name.as_str(), &spec.targets),
                    None => continue,
                },
            };
            let via = Via::Relation(name);
            if let Some(to) = self.resolve(card, &rel.target.value, rel.target.pos, allowed, via, &mut diags) {
                outgoing.push(Edge { from: id, to, ty });
            }
        }
        let source = card
            .source
            .as_ref()
            .and_then(|s| s.card.as_ref())
            .and_then(|src| self.resolve(card, &src.value, src.pos, &KindSet::Any, Via::SourceCard, &mut diags));
        let mut steps = Vec::with_capacity(card.steps.len());
        for step in &card.steps {
            if let Some(to) = self.resolve(card, &step.value, step.pos, &KindSet::Any, Via::Step, &mut diags) {
                steps.push(to);
            }
        }
        let mut body = Vec::with_capacity(card.body.links.len());
        for link in &card.body.links {
            if link.has_empty_text() {
                let (target, _) = link.written.split_once('|').unwrap_or_default();
                diags.push(
                    Diagnostic::error(
                        &card.file,
                        link.pos,
                        msg!("diag.link-without-text", link = link.written),
                    )
                    .with_help(msg!("help.link-without-text", target = target)),
                );
            }
            let r = self
                .resolve(
                    card,
                    &link.target,
                    link.pos,
                    &KindSet::Any,
                    Via::Link(&link.written),
                    &mut diags,
                )
                .and_then(|to| {
                    let mut fragment = link.fragment.clone();
                    if let Some(frag) = &link.fragment {
                        let target = &cards[to];
                        // By its anchor id (`#tegn-paa-tillid`), or as Obsidian writes it, by the
                        // heading's text (`#Tegn på tillid`): the link goes to the id.
                        let by_text = || {
                            let id = crate::slug::slugify(frag);
                            target
                                .body
                                .headings
                                .iter()
                                .find(|h| h.text == *frag)
                                .or_else(|| target.body.headings.iter().find(|h| h.id == id))
                        };
                        if !target.body.headings.iter().any(|h| &h.id == frag)
                            && let Some(h) = by_text()
                        {
                            fragment = Some(h.id.clone());
                        } else if !target.body.headings.iter().any(|h| &h.id == frag) {
                            let ids = target.body.headings.iter().map(|h| h.id.as_str());
                            let help = did_you_mean(frag, ids).or_else(|| {
                                let all: Vec<&str> = target.body.headings.iter().map(|h| h.id.as_str()).collect();
                                Some(if all.is_empty() {
                                    msg!("help.no-headings", slug = target.slug)
                                } else {
                                    msg!("help.headings", slug = target.slug, headings = all.join(", "))
                                })
                            });
                            diags.push(
                                Diagnostic::error(
                                    &card.file,
                                    link.pos,
                                    msg!(
                                        "diag.missing-heading",
                                        link = link.written,
                                        heading = frag,
                                        slug = target.slug
                                    ),
                                )
                                .with_help_opt(help),
                            );
                            return None;
                        }
                    }
                    Some(ResolvedLink { to, fragment })
                });
            body.push(r);
        }
        CardLinks {
            outgoing,
            source,
            steps,
            body,
            diagnostics: diags,
        }
    }

    /// The card `target` names, when it exists and is of an allowed kind.
    fn resolve(
        &self,
        from: &Card,
        slug: &str,
        pos: Position,
        allowed: &KindSet,
        via: Via<'_>,
        diags: &mut Diagnostics,
    ) -> Option<CardId> {
        match self.by_slug.get(slug) {
            Some(&id) => {
                if allowed.contains(self.cards[id].kind) {
                    Some(id)
                } else {
                    let kind = self.config.kind_name(self.cards[id].kind);
                    let names: Vec<&str> = match allowed {
                        KindSet::Any => Vec::new(),
                        KindSet::Only(ks) => ks.iter().map(|&k| self.config.kind_name(k)).collect(),
                    };
                    diags.push(
                        Diagnostic::error(
                            &from.file,
                            pos,
                            via.wrong_kind(
                                &names.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(" / "),
                                slug,
                                kind,
                            ),
                        )
                        .with_help_opt(self.suggest(slug, allowed)),
                    );
                    None
                }
            }
            None if self.unusable.contains(slug) => None,
            None => {
                diags.push(
                    Diagnostic::error(&from.file, pos, via.broken(slug)).with_help_opt(self.suggest(slug, allowed)),
                );
                None
            }
        }
    }

    /// A slug like `slug` among the cards of an allowed kind. Only slugs that start with the
    /// same letter are compared (a typo rarely hits the first letter), and of those only the
    /// [`NEAR`] on each side of where `slug` would stand in alphabetical order (a typo past the
    /// first letters keeps its neighbours): comparing every broken link with every card would
    /// make a thousand broken links on a large site cost seconds.
    fn suggest(&self, slug: &str, allowed: &KindSet) -> Option<Msg> {
        let first = slug.chars().next()?;
        let mut next_letter = [0; 4];
        let after = char::from_u32(first as u32 + 1)
            .unwrap_or(char::MAX)
            .encode_utf8(&mut next_letter);
        let from = self
            .sorted_slugs
            .partition_point(|(s, _)| *s < slug.get(..first.len_utf8()).unwrap_or(""));
        let to = self.sorted_slugs.partition_point(|(s, _)| *s < &*after);
        let at = self.sorted_slugs.partition_point(|(s, _)| *s < slug);
        let (from, to) = (from.max(at.saturating_sub(NEAR)), to.min(at + NEAR));
        let candidates = self.sorted_slugs[from..to.max(from)]
            .iter()
            .filter(|(s, id)| *s != slug && allowed.contains(self.cards[*id].kind))
            .map(|(s, _)| *s);
        did_you_mean(slug, candidates)
    }
}

/// What names a card: a link in the body, a relation (or reference field) of the front matter,
/// `source.card` or a step of a course path; each says what is wrong with its target in its own words.
#[derive(Clone, Copy)]
enum Via<'a> {
    Link(&'a str),
    Relation(&'a str),
    SourceCard,
    Step,
}

impl Via<'_> {
    fn broken(self, slug: &str) -> Msg {
        match self {
            Via::Link(link) => msg!("diag.broken-link", link = link, slug = slug),
            Via::Relation(name) => msg!("diag.broken-relation", relation = name, slug = slug),
            Via::SourceCard => msg!("diag.broken-source-card", slug = slug),
            Via::Step => msg!("diag.broken-step", slug = slug),
        }
    }

    fn wrong_kind(self, kinds: &str, slug: &str, kind: &str) -> Msg {
        match self {
            Via::Link(link) => msg!(
                "diag.link-wrong-kind",
                link = link,
                kinds = kinds,
                slug = slug,
                kind = kind
            ),
            Via::Relation(name) => msg!(
                "diag.relation-wrong-kind",
                relation = name,
                kinds = kinds,
                slug = slug,
                kind = kind
            ),
            Via::SourceCard => msg!("diag.source-card-wrong-kind", kinds = kinds, slug = slug, kind = kind),
            Via::Step => msg!("diag.step-wrong-kind", kinds = kinds, slug = slug, kind = kind),
        }
    }
}

/// Slugs of files that were found but did not become cards (unreadable, no front matter,
/// unknown kind): their errors are reported once, not again at every link to them.
pub fn unusable_slugs<'a>(
    files: impl IntoIterator<Item = &'a crate::discover::SourceFile>,
    cards: &[Card],
) -> FxHashSet<String> {
    let ok: FxHashSet<&str> = cards.iter().map(|c| c.slug.as_str()).collect();
    files
        .into_iter()
        .filter(|f| !ok.contains(f.stem.as_str()))
        .map(|f| f.stem.clone())
        .collect()
}
