//! The live site: the whole built site held in memory, brought up to date after an edit by
//! re-running only what the edit touches. `samkort serve` serves from it.
//!
//! It runs the same steps as `build` ([`crate::site`] to check, [`crate::outputs`] to draw),
//! keeping what an edit cannot have changed: only changed files are parsed and checked again;
//! linking runs again only when a card's links, headings or kind, or the set of cards changed;
//! the site index only when titles, order or terms changed; the search index is updated card by
//! card. Then every output's fingerprint (a hash of its inputs, see [`crate::outputs`]) is
//! compared with the one it had when it was last drawn, and only the outputs whose inputs
//! changed are drawn again. The result is byte-for-byte what a full build gives; the tests hold
//! it to that.
//!
//! While the content has errors the last good files stay served, and the next good state is
//! compared with that last good one, so nothing changed in between is missed.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::build::{self, Failure, Timings};
use crate::card::Card;
use crate::config::{CONFIG_FILE, Config};
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::discover::{self, Asset, SourceFile};
use crate::index::{self, SiteIndex};
use crate::link::Graph;
use crate::outputs::{self, Facts, OutputError, Sources};
use crate::page::{self, Input};
use crate::search::{self, SearchIndex};
use crate::site;
use crate::theme::{self, Theme};

/// The pages and files of the site, by their path in the output (`cases/fve.html`).
pub type Files = HashMap<String, Arc<Vec<u8>>>;

/// What an update did.
#[derive(Debug, Default)]
pub struct Update {
    /// Errors and warnings of the current content; with errors the files were not changed.
    pub diagnostics: Diagnostics,
    /// How many HTML pages were drawn again.
    pub pages_drawn: usize,
    /// How many outputs of any kind were drawn again (pages, search files, ...).
    pub files_drawn: usize,
    /// How many of those were card pages.
    pub cards_drawn: usize,
    /// The pages drawn again after an edit, in plan order (empty after a first load, which
    /// draws them all).
    pub pages: Vec<String>,
    pub files_removed: usize,
    pub timings: Timings,
}

pub struct LiveSite {
    root: PathBuf,
    config: Config,
    theme: Theme,
    /// Every card file, by path relative to the root, with the diagnostics of its own checks.
    sources: BTreeMap<PathBuf, (SourceFile, Diagnostics)>,
    /// The sources whose own checks reported something.
    noisy: BTreeSet<PathBuf>,
    /// What checking the set of cards as a whole (unique slugs) reported; checked again when
    /// cards come, go or are renamed.
    set_diagnostics: Option<Diagnostics>,
    /// What finding the files reported (links left out).
    found_warnings: Diagnostics,
    assets: Vec<Asset>,
    /// Counts changes of the content folder's other files.
    assets_version: u64,
    cards: Vec<Card>,
    /// The last linking and its diagnostics, kept while no edit changes what it depends on.
    linked: Option<(Graph, Diagnostics)>,
    relink: bool,
    /// The last site index, kept while titles, order, terms and the card set stay the same.
    idx: Option<SiteIndex>,
    reindex: bool,
    /// Slugs of cards whose title or order changed since the index was made.
    resort: Vec<String>,
    /// The search index of the last good drawing, and how often it was built anew.
    search: Option<SearchIndex>,
    search_epoch: u64,
    /// The slugs of the cards in id order at the last good drawing: while they stay the same,
    /// the search index is updated card by card.
    good_order: Vec<String>,
    /// Slugs of the cards changed since the last good drawing.
    changed: HashSet<String>,
    /// The fingerprint of every output of the last good drawing.
    drawn: HashMap<String, u64>,
    /// What drawing made that is costly to make again (see [`crate::kept`]).
    kept: crate::kept::Kept,
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
        let mut sources = BTreeMap::new();
        let mut cards = Vec::with_capacity(found.cards.len());
        for c in site::check_files(&config, &theme.reserved_ids, found.cards) {
            cards.extend(c.card);
            sources.insert(c.file.rel.clone(), (c.file, c.diagnostics));
        }
        let mut site = LiveSite {
            root: root.to_path_buf(),
            config,
            theme,
            noisy: sources
                .iter()
                .filter(|(_, (_, d))| !d.is_empty())
                .map(|(p, _)| p.clone())
                .collect(),
            sources,
            set_diagnostics: None,
            found_warnings: found.warnings,
            assets: found.assets,
            assets_version: 0,
            cards,
            linked: None,
            relink: true,
            idx: None,
            reindex: true,
            resort: Vec::new(),
            search: None,
            search_epoch: 0,
            good_order: Vec::new(),
            changed: HashSet::new(),
            drawn: HashMap::new(),
            kept: crate::kept::Kept::default(),
            files: Arc::new(Mutex::new(Files::new())),
        };
        let update = site.redraw();
        Ok((site, update))
    }

    /// The served files, shared with the server threads.
    pub fn files(&self) -> Arc<Mutex<Files>> {
        Arc::clone(&self.files)
    }

    /// A UI string of the site's theme, in the site's language.
    pub fn ui_string(&self, key: &str) -> Option<&str> {
        self.theme.strings.get(key).map(String::as_str)
    }

    /// Files outside content/ and the theme that the site is made of (the brand's logo,
    /// favicon and stylesheet), for a watcher to follow.
    pub fn watched_files(&self) -> Vec<PathBuf> {
        let b = &self.config.brand;
        [&b.logo, &b.favicon, &b.stylesheet]
            .into_iter()
            .flatten()
            .map(|f| f.file.clone())
            .collect()
    }

    pub fn language(&self) -> &'static str {
        self.config.language.code()
    }

    /// Writes the editors' schemas ([`crate::schema`]) into the site, as a build does.
    pub fn write_schemas(&self) -> std::io::Result<Vec<PathBuf>> {
        let files = crate::schema::files(&self.config, &crate::schema::Slugs::of_cards(&self.config, &self.cards));
        crate::schema::write(&crate::schema::default_dir(self.root()), &files)
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
        // The configuration, the theme, the brand or a whole folder: read everything again.
        let brand = self.watched_files();
        let everything = rels.iter().any(|r| {
            r == Path::new(CONFIG_FILE)
                || brand.iter().any(|f| f.strip_prefix(&self.root).is_ok_and(|f| f == r))
                || r.starts_with("themes")
                || r.starts_with("templates")
                || (r.starts_with("content") && (self.root.join(r).is_dir() || self.was_folder(r)))
        });
        if everything {
            let (site, update) = LiveSite::load(&self.root)?;
            let files = std::mem::take(&mut *lock(&site.files));
            *self = LiveSite {
                files: Arc::clone(&self.files),
                ..site
            };
            // With errors nothing was drawn: the last good files stay served.
            if !update.diagnostics.has_errors() {
                *lock(&self.files) = files;
            }
            return Ok(update);
        }
        let reading = std::time::Instant::now();
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
            let found = discover::discover(&self.root).map_err(Failure::Content)?;
            self.assets = found.assets;
            self.found_warnings = found.warnings;
            self.assets_version += 1;
        }
        let read = reading.elapsed();
        let mut update = self.redraw();
        update.timings.stages.insert(0, ("read", read));
        Ok(update)
    }

    /// Whether `rel` is gone and held files of the site: a folder removed or renamed. (Editors
    /// and tools save through short-lived files without an extension, such as vim's `4913` and
    /// sed's `sedXXXXXX`; those are no reason to read the whole site again.)
    fn was_folder(&self, rel: &Path) -> bool {
        let under = |f: &Path| f != rel && f.starts_with(rel);
        !self.root.join(rel).exists()
            && (self.sources.keys().any(|f| under(f))
                || self
                    .assets
                    .iter()
                    .any(|a| under(a.file.strip_prefix(&self.root).unwrap_or(&a.file))))
    }

    /// Parses and checks one card file again (or forgets it when it is gone).
    fn replace_card(&mut self, rel: &Path, abs: &Path) {
        let old = self.cards.iter().position(|c| c.file == rel);
        if let Some(i) = old {
            self.changed.insert(self.cards[i].slug.as_str().to_string());
        }
        self.sources.remove(rel);
        self.noisy.remove(rel);
        if !abs.is_file() {
            if let Some(i) = old {
                self.cards.remove(i);
            }
            self.relink = true;
            self.reindex = true;
            self.set_diagnostics = None;
            return;
        }
        let checked = site::check_file(
            &self.config,
            &self.theme.reserved_ids,
            SourceFile::new(abs.to_path_buf(), rel.to_path_buf()),
        );
        match (checked.card, old) {
            // The common edit: same card, same place in the order.
            (Some(card), Some(i)) if card.slug == self.cards[i].slug && card.kind == self.cards[i].kind => {
                self.changed.insert(card.slug.as_str().to_string());
                let was = &self.cards[i];
                if link_inputs(&card) != link_inputs(was) {
                    self.relink = true;
                }
                if card.terms != was.terms {
                    self.reindex = true;
                    // Spellings of a term are checked across the cards.
                    self.set_diagnostics = None;
                } else if (&card.title, card.order) != (&was.title, was.order) {
                    self.resort.push(card.slug.as_str().to_string());
                }
                self.cards[i] = card;
            }
            (card, old) => {
                self.relink = true;
                self.reindex = true;
                self.set_diagnostics = None;
                if let Some(i) = old {
                    self.cards.remove(i);
                }
                if let Some(card) = card {
                    self.changed.insert(card.slug.as_str().to_string());
                    // Cards are kept in their order; one new card goes to its place.
                    let at = self
                        .cards
                        .partition_point(|c| (c.kind, &c.file) < (card.kind, &card.file));
                    self.cards.insert(at, card);
                }
            }
        }
        if !checked.diagnostics.is_empty() {
            self.noisy.insert(rel.to_path_buf());
        }
        self.sources
            .insert(rel.to_path_buf(), (checked.file, checked.diagnostics));
    }

    /// Links the cards and draws what changed since the last good drawing.
    fn redraw(&mut self) -> Update {
        let mut update = Update::default();
        let mut t = Timings::default();
        t.time("arrange", || {
            update.diagnostics.extend(self.found_warnings.iter().cloned());
            for path in &self.noisy {
                if let Some((_, d)) = self.sources.get(path) {
                    update.diagnostics.extend(d.iter().cloned());
                }
            }
            // Cards are kept in order as they are replaced (see `replace_card`); the set as a
            // whole is checked again only when it changed.
            let set = self.set_diagnostics.get_or_insert_with(|| {
                let mut d = Diagnostics::new();
                site::arrange(&mut self.cards, &mut d);
                d.extend(crate::review::warnings(
                    &self.config,
                    &self.cards,
                    crate::review::Day::today(),
                ));
                d
            });
            update.diagnostics.extend(set.iter().cloned());
        });
        // Linking is global, but its result only changes when a card's links, headings, kind
        // or the set of cards changed; a plain text edit keeps the graph.
        if std::mem::take(&mut self.relink) || self.linked.is_none() {
            let files = self.sources.values().map(|(f, _)| f);
            self.linked = Some(t.time("link", || site::link(&self.config, &self.cards, files)));
        }
        let Some((graph, link_diags)) = self.linked.as_ref() else {
            return update;
        };
        update.diagnostics.extend(link_diags.iter().cloned());
        if update.diagnostics.has_errors() {
            update.timings = t;
            return update;
        }
        let cards = &self.cards;
        // The index is made anew when cards came, went or changed terms; a new title or order
        // only moves the card within the lists that hold it.
        let reindex = std::mem::take(&mut self.reindex);
        let resort = std::mem::take(&mut self.resort);
        match &mut self.idx {
            Some(idx) if !reindex => {
                if !resort.is_empty() {
                    let ids: Vec<usize> = resort
                        .iter()
                        .filter_map(|s| cards.iter().position(|c| c.slug.as_str() == s))
                        .collect();
                    t.time("index", || idx.resort(cards, &ids));
                }
            }
            _ => self.idx = Some(t.time("index", || index::index(&self.config, cards))),
        }
        let Some(idx) = self.idx.as_ref() else {
            return update;
        };

        // The search index: updated card by card; when cards came, went or moved, the others
        // are numbered anew first.
        let same_order = self.good_order.len() == cards.len()
            && self.good_order.iter().zip(cards).all(|(s, c)| s == c.slug.as_str());
        t.time("search", || match &mut self.search {
            Some(index) => {
                if !same_order {
                    let now: HashMap<&str, usize> =
                        cards.iter().enumerate().map(|(id, c)| (c.slug.as_str(), id)).collect();
                    let new_id: Vec<Option<usize>> =
                        self.good_order.iter().map(|s| now.get(s.as_str()).copied()).collect();
                    index.renumber(&new_id);
                    self.search_epoch += 1;
                }
                for (id, card) in cards.iter().enumerate() {
                    if self.changed.contains(card.slug.as_str()) {
                        index.replace(id, &search::card_words(card, self.config.language));
                    }
                }
            }
            None => {
                self.search = Some(SearchIndex::build(cards, self.config.language));
                self.search_epoch += 1;
            }
        });
        let Some(search) = self.search.as_ref() else {
            return update;
        };

        let input = Input {
            config: &self.config,
            cards,
            graph,
            idx,
        };
        page::set_globals(&mut self.theme, input);
        let sources = Sources {
            input,
            theme: &self.theme,
            search,
            assets: &self.assets,
            kept: Some(&self.kept),
        };
        let plan = t.time("plan", || outputs::plan(&sources));
        update.diagnostics.extend(outputs::unwritable(&plan, &sources));
        if update.diagnostics.has_errors() {
            update.timings = t;
            return update;
        }
        let (faces, contents): (Vec<u64>, Vec<u64>) = t.time("compare", || {
            cards
                .par_iter()
                .zip(&idx.urls)
                .map(|(c, url)| (outputs::face(c, url), c.hash))
                .unzip()
        });
        let kinds = t.time("compare", || outputs::kind_wide(input));
        let facts = Facts {
            sources,
            faces: &faces,
            contents: &contents,
            kinds: &kinds,
            globals: {
                use std::hash::{Hash, Hasher};
                let mut h = rustc_hash::FxHasher::default();
                page::globals_key(idx).hash(&mut h);
                h.finish()
            },
            assets: self.assets_version,
            search_epoch: self.search_epoch,
        };
        let fingerprints: Vec<u64> = t.time("compare", || {
            plan.par_iter().map(|job| outputs::fingerprint(job, &facts)).collect()
        });
        let mut kept = 0;
        let dirty: Vec<usize> = (0..plan.len())
            .filter(|&i| match self.drawn.get(&plan[i].path) {
                Some(fp) => {
                    kept += 1;
                    *fp != fingerprints[i]
                }
                None => true,
            })
            .collect();
        let drawn = t.time("draw", || {
            dirty
                .par_iter()
                .map(|&i| outputs::draw(&plan[i], &sources, &plan).map(|bytes| (i, bytes)))
                .collect::<Vec<_>>()
        });
        let mut fresh = Vec::with_capacity(drawn.len());
        let mut draw_errors = Vec::new();
        for d in drawn {
            match d {
                Ok(ok) => fresh.push(ok),
                Err(OutputError::Draw(e)) => draw_errors.push(e),
                Err(OutputError::Read { file, source }) => update.diagnostics.push(Diagnostic::error(
                    file.strip_prefix(&self.root).unwrap_or(&file),
                    Position::new(1, 1),
                    crate::msg!("diag.cannot-read", error = source),
                )),
            }
        }
        update.diagnostics.extend(build::template_diagnostics(draw_errors));
        if update.diagnostics.has_errors() {
            update.timings = t;
            return update;
        }

        update.files_drawn = fresh.len();
        update.pages_drawn = fresh.iter().filter(|(i, _)| plan[*i].is_page()).count();
        update.cards_drawn = fresh.iter().filter(|(i, _)| plan[*i].is_card_page()).count();
        if !self.drawn.is_empty() {
            update.pages = fresh
                .iter()
                .filter(|(i, _)| plan[*i].is_page())
                .map(|(i, _)| plan[*i].path.clone())
                .collect();
            update.pages.sort();
        }
        t.time("keep", || {
            let mut files = lock(&self.files);
            for (i, bytes) in fresh {
                files.insert(plan[i].path.clone(), Arc::new(bytes));
            }
            // Every output drawn last time that the plan still has was counted in `kept`; when
            // some are missing, forget the files of the cards, terms and assets that are gone.
            if kept < self.drawn.len() {
                let now: HashSet<&str> = plan.iter().map(|j| j.path.as_str()).collect();
                self.drawn.retain(|path, _| now.contains(path.as_str()));
                let before = files.len();
                files.retain(|path, _| now.contains(path.as_str()));
                update.files_removed = before - files.len();
            }
            for &i in &dirty {
                self.drawn.insert(plan[i].path.clone(), fingerprints[i]);
            }
            if !same_order {
                self.good_order = cards.iter().map(|c| c.slug.as_str().to_string()).collect();
            }
            self.changed.clear();
        });
        update.timings = t;
        update
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

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
