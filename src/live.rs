//! The live site: the whole built site held in memory, brought up to date after an edit by
//! re-running only what the edit touches. `samkort serve` serves from it.
//!
//! Only changed files are parsed and validated again. Linking (cheap, and global by nature)
//! runs again over all cards; then a card page is drawn again only when its inputs changed: the
//! card itself, the cards it shows (its [`View`]: relations, backlinks, link targets, course
//! path and kind neighbours) or how one of those cards looks in a list (its [`Face`]: title,
//! summary, URL, headings). Kind, taxonomy and home pages are always drawn again; they are
//! few. The result is byte-for-byte what a full build gives; the tests hold it to that.
//!
//! While the content has errors the last good pages stay served, and the next good state is
//! compared with that last good one, so nothing changed in between is missed.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::build::{Failure, Timings};
use crate::card::Card;
use crate::config::{CONFIG_FILE, Config};
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::discover::{self, SourceFile};
use crate::index::{self, SiteIndex};
use crate::link::{self, CardId, EdgeType, Graph, PathStep};
use crate::markdown::{Heading, ReservedIds};
use crate::page::{self, Page};
use crate::render;
use crate::search::{self, SearchIndex};
use crate::theme::{self, Theme};
use crate::{emit, parse, validate};

/// The pages and files of the site, by their path in the output (`cases/fve.html`).
pub type Files = HashMap<String, Arc<Vec<u8>>>;

/// How a card appears on other cards' pages.
#[derive(Debug, Clone, PartialEq)]
struct Face {
    title: String,
    order: Option<i64>,
    summary: Option<String>,
    kind: String,
    headings: Vec<Heading>,
}

/// Which other cards a card's page shows, and how, by card id.
#[derive(Debug, Clone, PartialEq, Default)]
struct View {
    outgoing: Vec<(EdgeType, CardId)>,
    incoming: Vec<(EdgeType, CardId)>,
    backlinks: Vec<CardId>,
    body_links: Vec<Option<(CardId, Option<String>)>>,
    steps: Vec<CardId>,
    /// The course paths the card is a step of, with the number of steps of each.
    paths: Vec<(PathStep, usize)>,
    source: Option<CardId>,
    prev: Option<CardId>,
    next: Option<CardId>,
}

impl View {
    fn cards(&self) -> impl Iterator<Item = CardId> + '_ {
        self.outgoing
            .iter()
            .chain(&self.incoming)
            .map(|(_, id)| *id)
            .chain(self.backlinks.iter().copied())
            .chain(self.body_links.iter().flatten().map(|(id, _)| *id))
            .chain(self.steps.iter().copied())
            .chain(
                self.paths
                    .iter()
                    .flat_map(|(p, _)| std::iter::once(p.path).chain(p.prev).chain(p.next)),
            )
            .chain(self.source)
            .chain(self.prev)
            .chain(self.next)
    }
}

/// What the last successful drawing was made from, by card id.
#[derive(Default)]
struct Snapshot {
    /// The slugs of the cards in id order: when this changes, ids mean other cards.
    order: Vec<String>,
    faces: Vec<Face>,
    views: Vec<View>,
    /// The taxonomy terms of each card (they decide the term pages).
    terms: Vec<Vec<(String, Vec<String>)>>,
    /// Slugs of the cards changed since then.
    changed: HashSet<String>,
    /// Everything must be drawn again (first drawing, configuration or theme changed).
    all: bool,
}

/// What an update did.
#[derive(Debug, Default)]
pub struct Update {
    /// Errors and warnings of the current content; with errors the pages were not changed.
    pub diagnostics: Diagnostics,
    pub pages_drawn: usize,
    /// How many of those were card pages (the other pages are always drawn again).
    pub cards_drawn: usize,
    pub files_removed: usize,
    pub timings: Timings,
}

pub struct LiveSite {
    root: PathBuf,
    config: Config,
    theme: Theme,
    /// Every card file, by path relative to the root, with the diagnostics of its own checks.
    sources: BTreeMap<PathBuf, (SourceFile, Diagnostics)>,
    assets: Vec<(PathBuf, PathBuf)>,
    cards: Vec<Card>,
    /// Filled body HTML by slug (see `render::render_bodies`).
    bodies: HashMap<String, Option<String>>,
    good: Snapshot,
    /// The last linking and its diagnostics, kept while no edit changes what it depends on.
    linked: Option<(Graph, Diagnostics)>,
    relink: bool,
    /// The search index and each card's words, by card id.
    search: Option<(SearchIndex, Vec<search::CardWords<'static>>)>,
    /// The last site index, kept while titles, terms and the card set stay the same.
    idx: Option<SiteIndex>,
    /// Output paths of the pages that are not card pages (home, kinds, taxonomies).
    other_pages: Vec<String>,
    assets_changed: bool,
    files: Arc<Mutex<Files>>,
}

impl LiveSite {
    /// Reads and checks the whole site; draws it when it has no errors.
    pub fn load(root: &Path) -> Result<(LiveSite, Update), Failure> {
        // Watchers report absolute paths; the root must be absolute to recognise them.
        let root = &root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let config = Config::load(root).map_err(Failure::Config)?;
        let theme = theme::load(&config).map_err(Failure::Config)?;
        let found = discover::discover(root).map_err(Failure::Content)?;
        let checked: Vec<(SourceFile, Option<Card>, Diagnostics)> = found
            .cards
            .into_par_iter()
            .map(|f| check_file(&config, &theme.reserved_ids, f))
            .collect();
        let mut sources = BTreeMap::new();
        let mut cards = Vec::with_capacity(checked.len());
        for (file, card, diags) in checked {
            cards.extend(card);
            sources.insert(file.rel.clone(), (file, diags));
        }
        validate::sort_cards(&config, &mut cards);
        let mut site = LiveSite {
            root: root.to_path_buf(),
            config,
            theme,
            sources,
            assets: found.assets,
            cards,
            bodies: HashMap::new(),
            good: Snapshot {
                all: true,
                ..Snapshot::default()
            },
            linked: None,
            relink: true,
            search: None,
            idx: None,
            other_pages: Vec::new(),
            assets_changed: true,
            files: Arc::new(Mutex::new(Files::new())),
        };
        let update = site.redraw();
        Ok((site, update))
    }

    /// The served files, shared with the server threads.
    pub fn files(&self) -> Arc<Mutex<Files>> {
        Arc::clone(&self.files)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Brings the site up to date after the files at `paths` (absolute or relative to the
    /// root) changed, appeared or disappeared.
    pub fn apply(&mut self, paths: &[PathBuf]) -> Result<Update, Failure> {
        let rels: Vec<PathBuf> = paths
            .iter()
            .map(|p| {
                p.strip_prefix(&self.root)
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|_| p.clone())
            })
            .collect();
        // The configuration, the theme or a whole folder: read everything again.
        let everything = rels.iter().any(|r| {
            r == Path::new(CONFIG_FILE)
                || r.starts_with("themes")
                || r.starts_with("templates")
                || (r.starts_with("content") && (self.root.join(r).is_dir() || r.extension().is_none()))
        });
        if everything {
            let (site, update) = LiveSite::load(&self.root)?;
            let files = std::mem::take(&mut *lock(&site.files));
            *self = LiveSite {
                files: Arc::clone(&self.files),
                ..site
            };
            // With errors nothing was drawn: the last good pages stay served.
            if !update.diagnostics.has_errors() {
                *lock(&self.files) = files;
            }
            return Ok(update);
        }
        let mut assets_changed = false;
        for rel in rels.iter().filter(|r| r.starts_with("content")) {
            if rel
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
            {
                continue;
            }
            let abs = self.root.join(rel);
            if rel.extension().is_some_and(|e| e == "md") {
                self.replace_card(rel, &abs);
            } else {
                assets_changed = true;
            }
        }
        if assets_changed {
            self.assets = discover::discover(&self.root).map_err(Failure::Content)?.assets;
            self.assets_changed = true;
        }
        Ok(self.redraw())
    }

    /// Parses and checks one card file again (or forgets it when it is gone).
    fn replace_card(&mut self, rel: &Path, abs: &Path) {
        let old = self.cards.iter().position(|c| c.file == rel);
        if let Some(i) = old {
            self.good.changed.insert(self.cards[i].slug.as_str().to_string());
        }
        self.sources.remove(rel);
        if !abs.is_file() {
            if let Some(i) = old {
                self.cards.remove(i);
            }
            self.relink = true;
            return;
        }
        let file = SourceFile::new(abs.to_path_buf(), rel.to_path_buf());
        let (file, card, diags) = check_file(&self.config, &self.theme.reserved_ids, file);
        match (card, old) {
            // The common edit: same card, same place in the order.
            (Some(card), Some(i)) if card.slug == self.cards[i].slug && card.kind == self.cards[i].kind => {
                self.good.changed.insert(card.slug.as_str().to_string());
                if link_inputs(&card) != link_inputs(&self.cards[i]) {
                    self.relink = true;
                }
                self.cards[i] = card;
            }
            (card, old) => {
                self.relink = true;
                if let Some(i) = old {
                    self.cards.remove(i);
                }
                if let Some(card) = card {
                    self.good.changed.insert(card.slug.as_str().to_string());
                    self.cards.push(card);
                    validate::sort_cards(&self.config, &mut self.cards);
                }
            }
        }
        self.sources.insert(rel.to_path_buf(), (file, diags));
    }

    /// Links the cards and draws what changed since the last good drawing.
    fn redraw(&mut self) -> Update {
        let mut update = Update::default();
        let mut t = Timings::default();
        for (_, d) in self.sources.values() {
            update.diagnostics.extend(d.iter().cloned());
        }
        validate::check_unique_slugs(&self.cards, &mut update.diagnostics);
        // Linking is global, but its result only changes when a card's links, headings, kind
        // or the set of cards changed; a plain text edit keeps the graph.
        if std::mem::take(&mut self.relink) || self.linked.is_none() {
            let unusable = link::unusable_slugs(self.sources.values().map(|(f, _)| f), &self.cards);
            self.linked = Some(t.time("link", || link::link(&self.config, &self.cards, &unusable)));
            self.idx = None;
        }
        let Some((graph, link_diags)) = self.linked.as_ref() else {
            return update;
        };
        update.diagnostics.extend(link_diags.iter().cloned());
        if update.diagnostics.has_errors() {
            self.idx = None;
            update.timings = t;
            return update;
        }
        let cards = &self.cards;
        let good = &self.good;
        // Card ids are comparable with the last drawing only when the same cards are in the
        // same order; otherwise (a card added, removed or renamed) all card pages are drawn.
        let same_order = !good.all
            && good.order.len() == cards.len()
            && good.order.iter().zip(cards).all(|(s, c)| s == c.slug.as_str());
        let changed_ids: Vec<CardId> = (0..cards.len())
            .filter(|&id| good.changed.contains(cards[id].slug.as_str()))
            .collect();
        let face_changed: HashSet<CardId> = if same_order {
            changed_ids
                .iter()
                .copied()
                .filter(|&id| face(&cards[id]) != good.faces[id])
                .collect()
        } else {
            (0..cards.len()).collect()
        };
        let terms_changed = !same_order || changed_ids.iter().any(|&id| cards[id].terms != good.terms[id]);
        // The index (URLs, kind order, terms) changes only with titles, terms or the card set.
        if !same_order || !face_changed.is_empty() || terms_changed {
            self.idx = None;
        }
        let idx = match self.idx.take() {
            Some(idx) => idx,
            None => t.time("index", || index::index(&self.config, cards)),
        };
        let views: Vec<View> = t.time("compare", || {
            (0..cards.len())
                .into_par_iter()
                .map(|id| view(id, cards, graph, &idx))
                .collect()
        });
        let views_changed = !same_order || views.iter().zip(&good.views).any(|(a, b)| a != b);
        let faces_changed = !face_changed.is_empty();
        let others = !same_order || faces_changed || views_changed || terms_changed;
        let redraw: Vec<CardId> = if same_order {
            (0..cards.len())
                .filter(|&id| {
                    changed_ids.binary_search(&id).is_ok()
                        || views[id] != good.views[id]
                        || views[id].cards().any(|n| face_changed.contains(&n))
                })
                .collect()
        } else {
            (0..cards.len()).collect()
        };

        // Bodies: filled again for the cards drawn again, kept for the others.
        let urls = &idx.urls;
        let fresh: Vec<(CardId, Option<String>)> = redraw
            .par_iter()
            .map(|&id| (id, render::render_body(id, cards, graph, urls)))
            .collect();
        let mut old_bodies = std::mem::take(&mut self.bodies);
        let mut bodies: Vec<Option<String>> = cards
            .iter()
            .map(|c| old_bodies.remove(c.slug.as_str()).flatten())
            .collect();
        for (id, body) in fresh {
            bodies[id] = body;
        }

        let drawn: Mutex<Vec<Page>> = Mutex::new(Vec::new());
        let sink = |p: Page| -> Result<(), Diagnostic> {
            lock(&drawn).push(p);
            Ok(())
        };
        let input = page::Input {
            config: &self.config,
            cards,
            graph,
            idx: &idx,
            bodies: &bodies,
        };
        let only = if same_order { Some(redraw.as_slice()) } else { None };
        // Decks show their cards' questions and self-test cards too: drawn again when one of
        // their cards changed at all.
        let select = page::Selection {
            cards: only,
            others,
            decks_with: if others { None } else { Some(changed_ids.as_slice()) },
        };
        let paths = match t.time("page", || page::render_pages(&input, &mut self.theme, select, &sink)) {
            Ok(p) => p,
            Err(d) => {
                update.diagnostics.extend(d);
                update.timings = t;
                return update;
            }
        };
        let drawn = drawn.into_inner().unwrap_or_else(|e| e.into_inner());
        update.pages_drawn = drawn.len();
        update.cards_drawn = only.map_or(cards.len(), <[CardId]>::len);

        let emitted = t.time("emit", || -> std::io::Result<()> {
            let mut extra: Vec<emit::Output> = Vec::new();
            if good.all || self.assets_changed {
                extra.extend(emit::assets(&self.theme.static_files, &self.assets)?);
            }
            if !same_order || faces_changed || views_changed {
                extra.push(emit::graph_json(&self.config, cards, graph, &idx.urls));
            }
            // The search index: built again when the cards moved, else updated card by card,
            // writing only the shards whose words changed.
            let mut gone_shards: Vec<String> = Vec::new();
            match &mut self.search {
                Some((index, words)) if same_order => {
                    if !changed_ids.is_empty() {
                        let mut dirty: BTreeSet<String> = BTreeSet::new();
                        for &id in &changed_ids {
                            let new = search::owned_words(&cards[id]);
                            dirty.extend(SearchIndex::shards_of(&words[id]));
                            dirty.extend(SearchIndex::shards_of(&new));
                            index.remove(id, &words[id]);
                            index.add(id, &new);
                            words[id] = new;
                        }
                        for shard in dirty {
                            match index.shard_file(&shard) {
                                Some(f) => extra.push(f),
                                None => gone_shards.push(format!("search/{shard}.js")),
                            }
                        }
                        extra.push(index.words_file());
                    }
                    if faces_changed {
                        extra.push(search::docs_file(&self.config, cards, &idx.urls));
                    }
                }
                _ => {
                    let (index, words) = SearchIndex::build(cards);
                    let words: Vec<_> = words
                        .into_iter()
                        .map(|w| {
                            w.into_iter()
                                .map(|(w, n)| (std::borrow::Cow::Owned(w.into_owned()), n))
                                .collect()
                        })
                        .collect();
                    extra.extend(index.files(&self.config, cards, &idx.urls));
                    self.search = Some((index, words));
                }
            }
            let search_files: Vec<String> = match &self.search {
                Some((index, _)) => index.shard_names().iter().map(|s| format!("search/{s}.js")).collect(),
                None => Vec::new(),
            };
            let card_pages: HashSet<&str> = idx.urls.iter().map(String::as_str).collect();
            if others {
                self.other_pages = paths
                    .iter()
                    .map(|p| key(p))
                    .filter(|k| !card_pages.contains(k.as_str()))
                    .collect();
                let mut all_pages: Vec<PathBuf> = idx.urls.iter().map(PathBuf::from).collect();
                all_pages.extend(self.other_pages.iter().map(PathBuf::from));
                extra.extend(emit::sitemap(&self.config, &all_pages));
            }
            let mut files = lock(&self.files);
            for p in drawn {
                files.insert(key(&p.path), Arc::new(p.html.into_bytes()));
            }
            for f in extra {
                files.insert(key(&f.path), Arc::new(f.bytes));
            }
            for gone in &gone_shards {
                files.remove(gone);
            }
            if !same_order || others || self.assets_changed {
                // Forget the pages of cards, terms and assets that are gone.
                let mut keep: HashSet<String> = card_pages.iter().map(|s| s.to_string()).collect();
                keep.extend(self.other_pages.iter().cloned());
                keep.extend(["graph.json", "sitemap.xml", "search/docs.js", "search/words.js"].map(String::from));
                keep.extend(search_files.iter().cloned());
                keep.extend(
                    self.theme
                        .static_files
                        .iter()
                        .map(|(p, _)| key(&Path::new("static").join(p))),
                );
                keep.extend(self.assets.iter().map(|(_, rel)| key(rel)));
                let before = files.len();
                files.retain(|k, _| keep.contains(k));
                update.files_removed = before - files.len();
            }
            Ok(())
        });
        if let Err(e) = emitted {
            update.diagnostics.push(Diagnostic::error(
                "content",
                Position::new(1, 1),
                format!("cannot read an asset: {e}"),
            ));
            update.timings = t;
            return update;
        }
        t.time("keep", || {
            self.bodies = cards.iter().map(|c| c.slug.as_str().to_string()).zip(bodies).collect();
            if same_order {
                for &id in &changed_ids {
                    self.good.faces[id] = face(&cards[id]);
                    self.good.terms[id] = cards[id].terms.clone();
                }
                self.good.views = views;
            } else {
                self.good.order = cards.iter().map(|c| c.slug.as_str().to_string()).collect();
                self.good.faces = cards.iter().map(face).collect();
                self.good.terms = cards.iter().map(|c| c.terms.clone()).collect();
                self.good.views = views;
            }
            self.good.changed.clear();
            self.good.all = false;
            self.assets_changed = false;
        });
        self.idx = Some(idx);
        update.timings = t;
        update
    }
}

fn check_file(config: &Config, reserved: &ReservedIds, file: SourceFile) -> (SourceFile, Option<Card>, Diagnostics) {
    match parse::parse_file(&file, reserved) {
        Ok(p) => {
            let (card, d) = validate::validate_one(config, p);
            (file, card, d)
        }
        Err(d) => {
            let mut diags = Diagnostics::new();
            diags.push(d);
            (file, None, diags)
        }
    }
}

/// Everything of a card the link stage reads, with positions (they appear in its messages).
fn link_inputs(c: &Card) -> impl PartialEq + '_ {
    (
        &c.relations,
        c.body
            .links
            .iter()
            .map(|l| (&l.target, &l.fragment, l.pos))
            .collect::<Vec<_>>(),
        &c.steps,
        c.source.as_ref().map(|s| &s.card),
        &c.body.headings,
    )
}

fn face(c: &Card) -> Face {
    Face {
        title: c.title.clone(),
        order: c.order,
        summary: c.summary.clone(),
        kind: c.kind.clone(),
        headings: c.body.headings.clone(),
    }
}

fn view(id: CardId, cards: &[Card], g: &Graph, idx: &SiteIndex) -> View {
    let siblings = idx
        .by_kind
        .iter()
        .find(|(k, _)| *k == cards[id].kind)
        .map(|(_, ids)| ids.as_slice())
        .unwrap_or(&[]);
    let at = siblings.iter().position(|&i| i == id);
    View {
        outgoing: g.outgoing[id].iter().map(|e| (e.ty, e.to)).collect(),
        incoming: g.incoming[id].iter().map(|e| (e.ty, e.from)).collect(),
        backlinks: g.backlinks[id].clone(),
        body_links: g.body_links[id]
            .iter()
            .map(|l| l.as_ref().map(|l| (l.to, l.fragment.clone())))
            .collect(),
        steps: g.steps[id].clone(),
        paths: g.in_paths[id]
            .iter()
            .map(|p| (p.clone(), g.steps[p.path].len()))
            .collect(),
        source: g.source_card[id],
        prev: at.and_then(|p| p.checked_sub(1)).map(|p| siblings[p]),
        next: at.and_then(|p| siblings.get(p + 1)).copied(),
    }
}

fn key(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
