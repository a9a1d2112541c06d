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

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::build::Failure;
use crate::card::Card;
use crate::config::{CONFIG_FILE, Config};
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::discover::{self, SourceFile};
use crate::link::{self, CardId, EdgeType, Graph};
use crate::markdown::Heading;
use crate::page::{self, Page, SiteIndex};
use crate::render;
use crate::theme::{self, Theme};
use crate::{emit, parse, validate};

/// The pages and files of the site, by their path in the output (`cases/fve.html`).
pub type Files = HashMap<String, Arc<Vec<u8>>>;

/// How a card appears on other cards' pages.
#[derive(Debug, Clone, PartialEq)]
struct Face {
    title: String,
    summary: Option<String>,
    kind: String,
    headings: Vec<Heading>,
}

/// Which other cards a card's page shows, by slug, and how.
#[derive(Debug, Clone, PartialEq, Default)]
struct View {
    outgoing: Vec<(EdgeType, String)>,
    incoming: Vec<(EdgeType, String)>,
    backlinks: Vec<String>,
    body_links: Vec<Option<(String, Option<String>)>>,
    steps: Vec<String>,
    paths: Vec<(String, usize, usize, Option<String>, Option<String>)>,
    source: Option<String>,
    prev: Option<String>,
    next: Option<String>,
}

impl View {
    fn slugs(&self) -> impl Iterator<Item = &String> {
        self.outgoing
            .iter()
            .chain(&self.incoming)
            .map(|(_, s)| s)
            .chain(&self.backlinks)
            .chain(self.body_links.iter().flatten().map(|(s, _)| s))
            .chain(&self.steps)
            .chain(
                self.paths
                    .iter()
                    .flat_map(|(p, _, _, a, b)| std::iter::once(p).chain(a).chain(b)),
            )
            .chain(&self.source)
            .chain(&self.prev)
            .chain(&self.next)
    }
}

/// What the last successful drawing was made from.
#[derive(Default)]
struct Snapshot {
    faces: HashMap<String, Face>,
    views: HashMap<String, View>,
    /// Slugs changed since then.
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
    files: Arc<Mutex<Files>>,
}

impl LiveSite {
    /// Reads and checks the whole site; draws it when it has no errors.
    pub fn load(root: &Path) -> Result<(LiveSite, Update), Failure> {
        let config = Config::load(root).map_err(Failure::Config)?;
        let theme = theme::load(&config).map_err(Failure::Config)?;
        let found = discover::discover(root).map_err(Failure::Content)?;
        let checked: Vec<(SourceFile, Option<Card>, Diagnostics)> =
            found.cards.into_par_iter().map(|f| check_file(&config, f)).collect();
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
        let touches_config = rels
            .iter()
            .any(|r| r == Path::new(CONFIG_FILE) || r.starts_with("themes") || r.starts_with("templates"));
        if touches_config {
            let (site, update) = LiveSite::load(&self.root)?;
            let files = std::mem::take(&mut *lock(&site.files));
            *self = LiveSite {
                files: Arc::clone(&self.files),
                ..site
            };
            *lock(&self.files) = files;
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
        }
        Ok(self.redraw())
    }

    /// Parses and checks one card file again (or forgets it when it is gone).
    fn replace_card(&mut self, rel: &Path, abs: &Path) {
        if let Some(i) = self.cards.iter().position(|c| c.file == rel) {
            let old = self.cards.remove(i);
            self.good.changed.insert(old.slug.as_str().to_string());
        }
        self.sources.remove(rel);
        if !abs.is_file() {
            return;
        }
        let in_content = rel.strip_prefix("content").unwrap_or(rel);
        let folder = (in_content.components().count() > 1)
            .then(|| {
                in_content
                    .components()
                    .next()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
            })
            .flatten();
        let stem = rel
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let file = SourceFile {
            path: abs.to_path_buf(),
            rel: rel.to_path_buf(),
            folder,
            stem,
        };
        let (file, card, diags) = check_file(&self.config, file);
        if let Some(card) = card {
            self.good.changed.insert(card.slug.as_str().to_string());
            self.cards.push(card);
            validate::sort_cards(&self.config, &mut self.cards);
        }
        self.sources.insert(rel.to_path_buf(), (file, diags));
    }

    /// Links the cards and draws what changed since the last good drawing.
    fn redraw(&mut self) -> Update {
        let mut update = Update::default();
        for (_, d) in self.sources.values() {
            update.diagnostics.extend(d.iter().cloned());
        }
        validate::check_unique_slugs(&self.cards, &mut update.diagnostics);
        let files: Vec<SourceFile> = self.sources.values().map(|(f, _)| f.clone()).collect();
        let unusable = link::unusable_slugs(&files, &self.cards);
        let (graph, d) = link::link(&self.config, &self.cards, &unusable);
        update.diagnostics.extend(d);
        if update.diagnostics.has_errors() {
            return update;
        }
        let idx = page::index(&self.config, &self.cards);
        let faces: HashMap<String, Face> = self
            .cards
            .iter()
            .map(|c| (c.slug.as_str().to_string(), face(c)))
            .collect();
        let views: Vec<View> = (0..self.cards.len())
            .map(|id| view(id, &self.cards, &graph, &idx))
            .collect();

        let good = &self.good;
        let redraw: Vec<CardId> = (0..self.cards.len())
            .filter(|&id| {
                let slug = self.cards[id].slug.as_str();
                good.all
                    || good.changed.contains(slug)
                    || good.views.get(slug) != Some(&views[id])
                    || views[id].slugs().any(|s| good.faces.get(s) != faces.get(s))
            })
            .collect();
        let graph_changed = good.all || !redraw.is_empty() || good.faces.len() != faces.len();

        // Bodies: filled again for the cards drawn again, kept for the others.
        let urls = &idx.urls;
        let fresh: Vec<(CardId, Option<String>)> = redraw
            .par_iter()
            .map(|&id| (id, render::render_body(id, &self.cards, &graph, urls)))
            .collect();
        let mut old_bodies = std::mem::take(&mut self.bodies);
        let mut bodies: Vec<Option<String>> = self
            .cards
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
            cards: &self.cards,
            graph: &graph,
            idx: &idx,
            bodies: &bodies,
        };
        let only = if self.good.all { None } else { Some(redraw.as_slice()) };
        let paths = match page::render_pages(&input, &mut self.theme, only, &sink) {
            Ok(p) => p,
            Err(d) => {
                update.diagnostics.extend(d);
                return update;
            }
        };
        let drawn = drawn.into_inner().unwrap_or_else(|e| e.into_inner());
        update.pages_drawn = drawn.len();
        update.cards_drawn = only.map_or(self.cards.len(), <[CardId]>::len);

        let mut extra: Vec<emit::Output> = Vec::new();
        match emit::assets(&self.theme.static_files, &self.assets) {
            Ok(files) => extra.extend(files),
            Err(e) => {
                update.diagnostics.push(Diagnostic::error(
                    "content",
                    Position::new(1, 1),
                    format!("cannot read an asset: {e}"),
                ));
                return update;
            }
        }
        // The set of pages: every card page and every other page drawn just now.
        let mut expected: HashSet<String> = idx.urls.iter().cloned().collect();
        if graph_changed {
            extra.push(emit::graph_json(&self.config, &self.cards, &graph, &idx.urls));
        }
        let mut all_pages: Vec<PathBuf> = idx.urls.iter().map(PathBuf::from).collect();
        all_pages.extend(paths.iter().filter(|p| !expected.contains(&key(p))).cloned());
        all_pages.sort();
        all_pages.dedup();
        extra.extend(emit::sitemap(&self.config, &all_pages));

        {
            let mut files = lock(&self.files);
            for p in drawn {
                expected.insert(key(&p.path));
                files.insert(key(&p.path), Arc::new(p.html.into_bytes()));
            }
            for f in extra {
                expected.insert(key(&f.path));
                files.insert(key(&f.path), Arc::new(f.bytes));
            }
            expected.insert("graph.json".into());
            let before = files.len();
            files.retain(|k, _| expected.contains(k));
            update.files_removed = before - files.len();
        }
        self.bodies = self
            .cards
            .iter()
            .map(|c| c.slug.as_str().to_string())
            .zip(bodies)
            .collect();
        self.good = Snapshot {
            faces,
            views: self
                .cards
                .iter()
                .map(|c| c.slug.as_str().to_string())
                .zip(views)
                .collect(),
            changed: HashSet::new(),
            all: false,
        };
        update
    }
}

fn check_file(config: &Config, file: SourceFile) -> (SourceFile, Option<Card>, Diagnostics) {
    match parse::parse_file(&file) {
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

fn face(c: &Card) -> Face {
    Face {
        title: c.title.clone(),
        summary: c.summary.clone(),
        kind: c.kind.clone(),
        headings: c.body.headings.clone(),
    }
}

fn view(id: CardId, cards: &[Card], g: &Graph, idx: &SiteIndex) -> View {
    let slug = |i: CardId| cards[i].slug.as_str().to_string();
    let siblings = idx
        .by_kind
        .iter()
        .find(|(k, _)| *k == cards[id].kind)
        .map(|(_, ids)| ids.as_slice())
        .unwrap_or(&[]);
    let at = siblings.iter().position(|&i| i == id);
    View {
        outgoing: g.outgoing[id].iter().map(|e| (e.ty, slug(e.to))).collect(),
        incoming: g.incoming[id].iter().map(|e| (e.ty, slug(e.from))).collect(),
        backlinks: g.backlinks[id].iter().map(|&i| slug(i)).collect(),
        body_links: g.body_links[id]
            .iter()
            .map(|l| l.as_ref().map(|l| (slug(l.to), l.fragment.clone())))
            .collect(),
        steps: g.steps[id].iter().map(|&i| slug(i)).collect(),
        paths: g.in_paths[id]
            .iter()
            .map(|p| {
                (
                    slug(p.path),
                    p.index,
                    g.steps[p.path].len(),
                    p.prev.map(slug),
                    p.next.map(slug),
                )
            })
            .collect(),
        source: g.source_card[id].map(slug),
        prev: at.and_then(|p| p.checked_sub(1)).map(|p| slug(siblings[p])),
        next: at.and_then(|p| siblings.get(p + 1)).map(|&i| slug(i)),
    }
}

fn key(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
