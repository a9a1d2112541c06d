//! Outputs: every kind of file a site is made of, declared once, each with the inputs it
//! depends on. Both drivers use this table: `build` draws every output into the staging
//! folder, the live site of `samkort serve` draws again only the outputs whose inputs changed.
//!
//! An output kind says three things ([`OutputKind`]): which outputs of its kind the site has
//! (`plan`: a path and a key each), a fingerprint of everything drawing one of them reads
//! (`inputs`), and how to draw one (`draw`). Adding a kind of output means one new
//! `OutputKind` here and a line in [`KINDS`]; paths come from [`crate::urls`].
//!
//! Fingerprints are built from per-card hashes ([`Facts`]): a card's *content* (its whole file)
//! and its *face* (how it shows on other pages: slug, title, summary, kind, URL, headings). A
//! page that lists a card reads its face; a page that shows a card's questions reads its
//! content. When a fingerprint reads less than its `draw`, the live site misses a change:
//! tests/live.rs compares the live site with full builds after many kinds of edit.

use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap, FxHasher};

use crate::card::Card;
use crate::config::{Config, KindId};
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::discover::Asset;
use crate::emit;
use crate::link::CardId;
use crate::msg;
use crate::page::{self, DrawError, Input, Painter};
use crate::practice::{self, Deck};
use crate::search::{self, SearchIndex};
use crate::theme::{Template, Theme};
use crate::urls;

/// Which one of the outputs of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    One,
    Card(CardId),
    Kind(KindId),
    /// A page of a paginated list of a kind's cards.
    KindPage(KindId, usize),
    Taxonomy(usize),
    /// A page of a paginated list of a term's cards: taxonomy, term, page.
    TermPage(usize, usize, usize),
    /// An item of a list the kind keeps itself (a static file, an asset).
    Item(usize),
    /// A file of the search index for the terms that start with these two letters.
    Shard(search::ShardKey),
    /// The practice page of a deck.
    Deck(Deck),
}

/// One output of the site: which kind, which one, and where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// Index into [`KINDS`].
    pub kind: usize,
    pub key: Key,
    pub path: String,
}

impl Job {
    pub fn output_kind(&self) -> &'static dyn OutputKind {
        KINDS[self.kind]
    }

    pub fn is_page(&self) -> bool {
        self.path.ends_with(".html")
    }

    /// A card's own page.
    pub fn is_card_page(&self) -> bool {
        self.output_kind().name() == CardPages.name()
    }
}

/// Everything outputs are drawn from.
#[derive(Clone, Copy)]
pub struct Sources<'a> {
    pub input: Input<'a>,
    pub theme: &'a Theme,
    pub search: &'a SearchIndex,
    pub assets: &'a [Asset],
    /// What is kept from earlier drawings (`samkort serve`), or nothing (a build).
    pub kept: Option<&'a crate::kept::Kept>,
}

impl<'a> Sources<'a> {
    fn painter(&self) -> Painter<'a> {
        Painter {
            input: self.input,
            theme: self.theme,
            kept: self.kept,
        }
    }

    fn cards(&self) -> &'a [Card] {
        self.input.cards
    }
}

/// The per-card hashes fingerprints are made of, and the site-wide ones.
pub struct Facts<'a> {
    pub sources: Sources<'a>,
    /// Per card: a hash of how it shows on other pages.
    pub faces: &'a [u64],
    /// Per card: a hash of its file.
    pub contents: &'a [u64],
    /// A hash of what every page shows (the navigation).
    pub globals: u64,
    /// Per kind: [`kind_wide`].
    pub kinds: &'a [u64],
    /// Changes whenever a file of the content folder that is not a card changes.
    pub assets: u64,
    /// Changes whenever the search index is built anew (card numbers moved).
    pub search_epoch: u64,
}

/// Per kind: a hash of what every page of its list shows of all its cards, made once for all
/// of them: the filters count the values of every card, the practice button its flashcards.
pub fn kind_wide(input: Input) -> Vec<u64> {
    input
        .config
        .kind_ids()
        .map(|(k, _, _)| {
            let mut h = FxHasher::default();
            for &id in &input.idx.by_kind[k.index()] {
                page::hash_filter_tokens(input.config, &input.cards[id], &mut h);
            }
            Deck::Kind(k).counts(input).hash(&mut h);
            h.finish()
        })
        .collect()
}

/// A hash of how a card shows on the pages of other cards and in lists.
pub fn face(card: &Card, url: &str) -> u64 {
    let mut h = FxHasher::default();
    (
        card.slug.as_str(),
        &card.title,
        &card.summary,
        card.kind,
        url,
        &card.body.headings,
        // Practice links count the flashcards and questions of the cards they gather.
        card.flashcards.len(),
        card.questions.len(),
    )
        .hash(&mut h);
    h.finish()
}

/// Why an output could not be made.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error(transparent)]
    Draw(#[from] DrawError),
    #[error("cannot read {}: {source}", file.display())]
    Read {
        file: std::path::PathBuf,
        source: std::io::Error,
    },
}

pub trait OutputKind: Sync {
    /// What the outputs of this kind are, for timings and messages.
    fn name(&self) -> &'static str;
    /// Every output of this kind the site has.
    fn plan(&self, s: &Sources, out: &mut Vec<(String, Key)>);
    /// A fingerprint of everything `draw` reads for this output (global inputs included).
    fn inputs(&self, key: Key, f: &Facts, h: &mut FxHasher);
    fn draw(&self, key: Key, path: &str, s: &Sources, plan: &[Job]) -> Result<Vec<u8>, OutputError>;
}

/// Every kind of output, in the order they are planned.
pub static KINDS: &[&dyn OutputKind] = &[
    &CardPages,
    &KindPages,
    &TaxonomyPages,
    &TermPages,
    &HomePage,
    &PlainPages,
    &KindDecks,
    &PathDecks,
    &PracticePages,
    &Guides,
    &MapPages,
    &SearchFiles,
    &GraphJson,
    &Sitemap,
    &ThemeStatic,
    &ContentAssets,
];

/// Every output of the site.
pub fn plan(s: &Sources) -> Vec<Job> {
    let mut jobs = Vec::with_capacity(s.cards().len() + 64);
    let mut found = Vec::new();
    for (kind, k) in KINDS.iter().enumerate() {
        k.plan(s, &mut found);
        jobs.extend(found.drain(..).map(|(path, key)| Job { kind, key, path }));
    }
    jobs
}

/// Paths that two outputs would be written to: a file of the content folder with the path of a
/// page samkort writes (`content/index.html`), for example. Each is reported at the content
/// file when there is one, naming the output it would replace.
pub fn collisions(plan: &[Job]) -> Diagnostics {
    let mut first: FxHashMap<&str, &Job> = FxHashMap::default();
    let mut diags = Diagnostics::new();
    for job in plan {
        let Some(&other) = first.get(job.path.as_str()) else {
            first.insert(&job.path, job);
            continue;
        };
        let (asset, page) = if job.output_kind().name() == ContentAssets.name() {
            (job, other)
        } else {
            (other, job)
        };
        let file = format!("content/{}", asset.path);
        diags.push(
            Diagnostic::error(
                file,
                Position::new(1, 1),
                msg!("diag.asset-clash", path = job.path, output = page.output_kind().name()),
            )
            .with_help(msg!("help.asset-clash")),
        );
    }
    diags
}

/// The outputs that cannot be written as planned: two at one path ([`collisions`]) or a file
/// name too long ([`too_long`]). Both drivers refuse to write a site that has any.
pub fn unwritable(plan: &[Job], s: &Sources) -> Diagnostics {
    let mut diags = collisions(plan);
    diags.extend(too_long(plan, s));
    diags
}

/// Outputs whose file name is longer than file systems allow ([`urls::MAX_FILE_NAME`] bytes):
/// a card's page or deck, or a term's page. Each is reported at the card file (at the term,
/// for a term page), so `check` finds what writing would fail on.
pub fn too_long(plan: &[Job], s: &Sources) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for job in plan {
        let name = job.path.rsplit('/').next().unwrap_or(&job.path);
        if name.len() <= urls::MAX_FILE_NAME {
            continue;
        }
        let (file, pos, what) = match job.key {
            Key::Card(id) => (s.cards()[id].file.clone(), Position::new(1, 1), "name.file"),
            Key::TermPage(t, i, _) => {
                let term = &s.input.idx.terms[t][i];
                let Some(&first) = term.cards.first() else { continue };
                let card = &s.cards()[first];
                let pos = card
                    .terms
                    .iter()
                    .flat_map(|ts| &ts.names)
                    .find(|n| crate::slug::slugify(&n.value) == term.slug)
                    .map_or(Position::new(1, 1), |n| n.pos);
                (card.file.clone(), pos, "name.term")
            }
            _ => (
                std::path::PathBuf::from(crate::config::CONFIG_FILE),
                Position::new(1, 1),
                "name.other",
            ),
        };
        diags.push(
            Diagnostic::error(
                file,
                pos,
                msg!(
                    "diag.name-too-long",
                    name = name,
                    bytes = name.len(),
                    max = urls::MAX_FILE_NAME
                ),
            )
            .with_help(msg!("help.name-too-long", over = name.len() - urls::MAX_FILE_NAME).word("what", what)),
        );
    }
    diags
}

/// The fingerprint of one output.
pub fn fingerprint(job: &Job, f: &Facts) -> u64 {
    let mut h = FxHasher::default();
    job.kind.hash(&mut h);
    job.path.hash(&mut h);
    job.output_kind().inputs(job.key, f, &mut h);
    h.finish()
}

/// Draws one output.
pub fn draw(job: &Job, s: &Sources, plan: &[Job]) -> Result<Vec<u8>, OutputError> {
    job.output_kind().draw(job.key, &job.path, s, plan)
}

fn faces(ids: &[CardId], f: &Facts, h: &mut FxHasher) {
    ids.len().hash(h);
    for &id in ids {
        f.faces[id].hash(h);
    }
}

fn face_of(id: Option<CardId>, f: &Facts, h: &mut FxHasher) {
    id.map(|i| f.faces[i]).hash(h);
}

// ------------------------------------------------------------------------------------- pages

struct CardPages;

impl OutputKind for CardPages {
    fn name(&self) -> &'static str {
        "card pages"
    }

    fn plan(&self, s: &Sources, out: &mut Vec<(String, Key)>) {
        out.extend(
            s.input
                .idx
                .urls
                .iter()
                .enumerate()
                .map(|(id, u)| (u.clone(), Key::Card(id))),
        );
    }

    fn inputs(&self, key: Key, f: &Facts, h: &mut FxHasher) {
        let Key::Card(id) = key else { return };
        let Input {
            cards, graph: g, idx, ..
        } = f.sources.input;
        f.globals.hash(h);
        f.contents[id].hash(h);
        f.faces[id].hash(h);
        for e in g.outgoing[id].iter().chain(&g.incoming[id]) {
            (e.ty, e.from == id, f.faces[if e.from == id { e.to } else { e.from }]).hash(h);
        }
        faces(&g.backlinks[id], f, h);
        // A backlink shows the sentence the other card mentions this one in.
        for &b in &g.backlinks[id] {
            f.contents[b].hash(h);
        }
        for l in &g.body_links[id] {
            face_of(l.as_ref().map(|l| l.to), f, h);
        }
        faces(&g.steps[id], f, h);
        for p in &g.in_paths[id] {
            (f.faces[p.path], p.index, g.steps[p.path].len()).hash(h);
            face_of(p.prev, f, h);
            face_of(p.next, f, h);
        }
        face_of(g.source_card[id], f, h);
        // A step of a scale shows the whole staircase.
        let kind = cards[id].kind;
        if f.sources.input.config.kind(kind).scale {
            faces(&idx.by_kind[kind.index()], f, h);
        }
        let (prev, next) = idx.kind_neighbours(cards, id);
        face_of(prev, f, h);
        face_of(next, f, h);
    }

    fn draw(&self, key: Key, path: &str, s: &Sources, _: &[Job]) -> Result<Vec<u8>, OutputError> {
        let Key::Card(id) = key else { return Ok(Vec::new()) };
        Ok(s.painter().card_page(id, path)?)
    }
}

struct KindPages;

impl OutputKind for KindPages {
    fn name(&self) -> &'static str {
        "kind pages"
    }

    fn plan(&self, s: &Sources, out: &mut Vec<(String, Key)>) {
        let config = s.input.config;
        for (k, _, _) in config.kind_ids() {
            let n = s.input.idx.by_kind[k.index()].len();
            for p in 0..page::page_count(n, config.page_size) {
                out.push((urls::kind_index(config, k, p), Key::KindPage(k, p)));
            }
        }
    }

    fn inputs(&self, key: Key, f: &Facts, h: &mut FxHasher) {
        let Key::KindPage(k, p) = key else { return };
        let Input { config, idx, .. } = f.sources.input;
        f.globals.hash(h);
        let ids = &idx.by_kind[k.index()];
        ids.len().hash(h);
        faces(page::page_slice(ids, p, config.page_size), f, h);
        if config.kind(k).scale {
            faces(ids, f, h);
        }
        f.kinds[k.index()].hash(h);
    }

    fn draw(&self, key: Key, path: &str, s: &Sources, _: &[Job]) -> Result<Vec<u8>, OutputError> {
        let Key::KindPage(k, p) = key else {
            return Ok(Vec::new());
        };
        Ok(s.painter().kind_page(k, p, path)?)
    }
}

struct TaxonomyPages;

impl OutputKind for TaxonomyPages {
    fn name(&self) -> &'static str {
        "taxonomy pages"
    }

    fn plan(&self, s: &Sources, out: &mut Vec<(String, Key)>) {
        for (t, name) in s.input.config.taxonomies.keys().enumerate() {
            out.push((urls::taxonomy(name), Key::Taxonomy(t)));
        }
    }

    fn inputs(&self, key: Key, f: &Facts, h: &mut FxHasher) {
        let Key::Taxonomy(t) = key else { return };
        f.globals.hash(h);
        for term in &f.sources.input.idx.terms[t] {
            (&term.name, &term.slug, term.cards.len()).hash(h);
        }
    }

    fn draw(&self, key: Key, path: &str, s: &Sources, _: &[Job]) -> Result<Vec<u8>, OutputError> {
        let Key::Taxonomy(t) = key else { return Ok(Vec::new()) };
        Ok(s.painter().taxonomy_page(t, path)?)
    }
}

struct TermPages;

impl OutputKind for TermPages {
    fn name(&self) -> &'static str {
        "term pages"
    }

    fn plan(&self, s: &Sources, out: &mut Vec<(String, Key)>) {
        let config = s.input.config;
        for (t, (name, terms)) in config.taxonomies.keys().zip(&s.input.idx.terms).enumerate() {
            for (i, term) in terms.iter().enumerate() {
                for p in 0..page::page_count(term.cards.len(), config.page_size) {
                    out.push((urls::term(name, &term.slug, p), Key::TermPage(t, i, p)));
                }
            }
        }
    }

    fn inputs(&self, key: Key, f: &Facts, h: &mut FxHasher) {
        let Key::TermPage(t, i, p) = key else { return };
        let Input { config, idx, .. } = f.sources.input;
        f.globals.hash(h);
        let term = &idx.terms[t][i];
        (&term.name, term.cards.len()).hash(h);
        faces(page::page_slice(&term.cards, p, config.page_size), f, h);
        Deck::Term(t, i).counts(f.sources.input).hash(h);
    }

    fn draw(&self, key: Key, path: &str, s: &Sources, _: &[Job]) -> Result<Vec<u8>, OutputError> {
        let Key::TermPage(t, i, p) = key else {
            return Ok(Vec::new());
        };
        Ok(s.painter().term_page(t, i, p, path)?)
    }
}

struct HomePage;

impl OutputKind for HomePage {
    fn name(&self) -> &'static str {
        "home page"
    }

    fn plan(&self, _: &Sources, out: &mut Vec<(String, Key)>) {
        out.push((urls::HOME.to_string(), Key::One));
    }

    fn inputs(&self, _: Key, f: &Facts, h: &mut FxHasher) {
        f.globals.hash(h);
        let painter = f.sources.painter();
        faces(&painter.most_linked(), f, h);
        faces(&painter.courses(), f, h);
        for ids in &f.sources.input.idx.by_kind {
            ids.len().hash(h);
        }
        Deck::Site.counts(f.sources.input).hash(h);
    }

    fn draw(&self, _: Key, path: &str, s: &Sources, _: &[Job]) -> Result<Vec<u8>, OutputError> {
        Ok(s.painter().home(path)?)
    }
}

/// Pages with nothing of their own: 404.html and search.html.
struct PlainPages;

const PLAIN: [(&str, Template); 2] = [(urls::NOT_FOUND, Template::NotFound), (urls::SEARCH, Template::Search)];

impl OutputKind for PlainPages {
    fn name(&self) -> &'static str {
        "404 and search pages"
    }

    fn plan(&self, _: &Sources, out: &mut Vec<(String, Key)>) {
        out.extend(
            PLAIN
                .iter()
                .enumerate()
                .map(|(i, (p, _))| (p.to_string(), Key::Item(i))),
        );
    }

    fn inputs(&self, _: Key, f: &Facts, h: &mut FxHasher) {
        f.globals.hash(h);
    }

    fn draw(&self, key: Key, path: &str, s: &Sources, _: &[Job]) -> Result<Vec<u8>, OutputError> {
        let Key::Item(i) = key else { return Ok(Vec::new()) };
        Ok(s.painter().plain(PLAIN[i].1, path)?)
    }
}

// ------------------------------------------------------------------------------------- decks

/// Printable decks of every kind: they show their cards' questions and self-test cards, so
/// they read the cards' contents.
struct KindDecks;

impl OutputKind for KindDecks {
    fn name(&self) -> &'static str {
        "kind decks"
    }

    fn plan(&self, s: &Sources, out: &mut Vec<(String, Key)>) {
        for (k, _, _) in s.input.config.kind_ids() {
            out.push((urls::kind_deck(s.input.config, k), Key::Kind(k)));
        }
    }

    fn inputs(&self, key: Key, f: &Facts, h: &mut FxHasher) {
        let Key::Kind(k) = key else { return };
        f.globals.hash(h);
        for &id in &f.sources.input.idx.by_kind[k.index()] {
            (f.faces[id], f.contents[id]).hash(h);
        }
    }

    fn draw(&self, key: Key, path: &str, s: &Sources, _: &[Job]) -> Result<Vec<u8>, OutputError> {
        let Key::Kind(k) = key else { return Ok(Vec::new()) };
        Ok(s.painter().kind_deck(k, path)?)
    }
}

/// An output for every course path, at `url(config, kind, slug)`.
fn course_paths(s: &Sources, url: fn(&Config, KindId, &str) -> String, out: &mut Vec<(String, Key)>) {
    let Input { config, cards, idx, .. } = s.input;
    for (k, _, kc) in config.kind_ids() {
        if kc.course {
            for &id in &idx.by_kind[k.index()] {
                out.push((url(config, k, cards[id].slug.as_str()), Key::Card(id)));
            }
        }
    }
}

/// Printable decks of every course path, its steps in order.
struct PathDecks;

impl OutputKind for PathDecks {
    fn name(&self) -> &'static str {
        "course path decks"
    }

    fn plan(&self, s: &Sources, out: &mut Vec<(String, Key)>) {
        course_paths(s, urls::path_deck, out);
    }

    fn inputs(&self, key: Key, f: &Facts, h: &mut FxHasher) {
        let Key::Card(path) = key else { return };
        f.globals.hash(h);
        f.faces[path].hash(h);
        for &id in &f.sources.input.graph.steps[path] {
            (f.faces[id], f.contents[id]).hash(h);
        }
    }

    fn draw(&self, key: Key, path: &str, s: &Sources, _: &[Job]) -> Result<Vec<u8>, OutputError> {
        let Key::Card(id) = key else { return Ok(Vec::new()) };
        Ok(s.painter().path_deck(id, path)?)
    }
}

/// Practice pages: every flashcard and question of a deck, so they read the cards' contents.
struct PracticePages;

impl OutputKind for PracticePages {
    fn name(&self) -> &'static str {
        "practice pages"
    }

    fn plan(&self, s: &Sources, out: &mut Vec<(String, Key)>) {
        out.extend(
            practice::decks(s.input)
                .into_iter()
                .map(|d| (d.url(s.input), Key::Deck(d))),
        );
    }

    fn inputs(&self, key: Key, f: &Facts, h: &mut FxHasher) {
        let Key::Deck(deck) = key else { return };
        f.globals.hash(h);
        // Only cards with flashcards or questions show on the page; a card that gains or loses
        // its last one changes its content, and with it whether it is hashed here.
        let mut card = |id: CardId| {
            let c = &f.sources.input.cards[id];
            if !c.flashcards.is_empty() || !c.questions.is_empty() {
                (id, f.faces[id], f.contents[id]).hash(h);
            }
        };
        match deck {
            // In list order: the order of the flashcards on the page.
            Deck::Site => f.sources.input.idx.by_kind.iter().flatten().for_each(|&id| card(id)),
            _ => deck.cards(f.sources.input).into_iter().for_each(card),
        }
        match deck {
            Deck::Card(id) => f.faces[id].hash(h),
            Deck::Term(t, i) => f.sources.input.idx.terms[t][i].name.hash(h),
            _ => {}
        }
    }

    fn draw(&self, key: Key, path: &str, s: &Sources, _: &[Job]) -> Result<Vec<u8>, OutputError> {
        let Key::Deck(deck) = key else { return Ok(Vec::new()) };
        Ok(s.painter().practice_page(deck, path)?)
    }
}

/// A facilitator's guide for every course path: its fields, and its steps' faces and questions.
struct Guides;

impl OutputKind for Guides {
    fn name(&self) -> &'static str {
        "facilitator guides"
    }

    fn plan(&self, s: &Sources, out: &mut Vec<(String, Key)>) {
        course_paths(s, urls::guide, out);
    }

    fn inputs(&self, key: Key, f: &Facts, h: &mut FxHasher) {
        let Key::Card(path) = key else { return };
        f.contents[path].hash(h);
        PathDecks.inputs(key, f, h);
        Deck::Card(path).counts(f.sources.input).hash(h);
    }

    fn draw(&self, key: Key, path: &str, s: &Sources, _: &[Job]) -> Result<Vec<u8>, OutputError> {
        let Key::Card(id) = key else { return Ok(Vec::new()) };
        Ok(s.painter().guide_page(id, path)?)
    }
}

/// The map of the site's relations and one of every kind's (see [`crate::page`]'s maps).
struct MapPages;

impl OutputKind for MapPages {
    fn name(&self) -> &'static str {
        "maps"
    }

    fn plan(&self, s: &Sources, out: &mut Vec<(String, Key)>) {
        out.push((urls::MAP.to_string(), Key::One));
        let Input { config, idx, .. } = s.input;
        for (k, _, _) in config.kind_ids() {
            if !idx.by_kind[k.index()].is_empty() {
                out.push((urls::kind_map(config, k), Key::Kind(k)));
            }
        }
    }

    fn inputs(&self, _: Key, f: &Facts, h: &mut FxHasher) {
        // A map shows many cards and their relations: any card's face or relations.
        let Input { graph: g, idx, .. } = f.sources.input;
        f.globals.hash(h);
        f.faces.hash(h);
        idx.by_kind.hash(h);
        for edges in &g.outgoing {
            for e in edges {
                (e.ty, e.to).hash(h);
            }
            edges.len().hash(h);
        }
    }

    fn draw(&self, key: Key, path: &str, s: &Sources, _: &[Job]) -> Result<Vec<u8>, OutputError> {
        let kind = match key {
            Key::Kind(k) => Some(k),
            _ => None,
        };
        Ok(s.painter().map_page(kind, path)?)
    }
}

// ------------------------------------------------------------------------------ other files

/// The search index (see [`crate::search`]): `search/terms.js` (Key::One), one postings file
/// per two first letters, one file per card for the result list, and the cards of every
/// taxonomy term for the filters (Key::Item(0)).
struct SearchFiles;

impl OutputKind for SearchFiles {
    fn name(&self) -> &'static str {
        "search index"
    }

    fn plan(&self, s: &Sources, out: &mut Vec<(String, Key)>) {
        out.push((urls::search_script("terms"), Key::One));
        out.push((urls::search_script("terms-of-cards"), Key::Item(0)));
        for key in s.search.shard_keys() {
            out.push((urls::search_script(&search::shard_name(key)), Key::Shard(key)));
        }
        out.extend((0..s.cards().len()).map(|id| (urls::search_doc(id), Key::Card(id))));
    }

    fn inputs(&self, key: Key, f: &Facts, h: &mut FxHasher) {
        match key {
            Key::One => {
                f.search_epoch.hash(h);
                f.sources.search.words_version().hash(h);
                search::kind_ranges(f.sources.input.config, f.sources.cards()).hash(h);
            }
            Key::Shard(c) => (f.search_epoch, f.sources.search.version(c)).hash(h),
            Key::Item(_) => {
                f.globals.hash(h);
                for terms in &f.sources.input.idx.terms {
                    for t in terms {
                        (&t.name, &t.cards).hash(h);
                    }
                }
            }
            // A card's own file: its number is in its path, so moved cards change it.
            Key::Card(id) => (id, f.faces[id], f.contents[id]).hash(h),
            _ => {}
        }
    }

    fn draw(&self, key: Key, _: &str, s: &Sources, _: &[Job]) -> Result<Vec<u8>, OutputError> {
        let Input { config, cards, idx, .. } = s.input;
        Ok(match key {
            Key::One => s.search.terms_file(config, cards),
            Key::Shard(c) => s.search.shard_file(c),
            Key::Item(_) => search::facets_file(config, idx),
            Key::Card(id) => {
                let (card, url) = (&cards[id], &idx.urls[id]);
                match s.kept {
                    Some(kept) => {
                        let mut h = FxHasher::default();
                        url.hash(&mut h);
                        let doc = kept
                            .docs
                            .get_or((card.hash, h.finish()), || search::doc_json(card, url).into());
                        search::doc_file(id, &doc)
                    }
                    None => search::doc_file(id, &search::doc_json(card, url)),
                }
            }
            _ => Vec::new(),
        })
    }
}

struct GraphJson;

impl OutputKind for GraphJson {
    fn name(&self) -> &'static str {
        "graph.json"
    }

    fn plan(&self, _: &Sources, out: &mut Vec<(String, Key)>) {
        out.push((urls::GRAPH.to_string(), Key::One));
    }

    fn inputs(&self, _: Key, f: &Facts, h: &mut FxHasher) {
        let g = f.sources.input.graph;
        f.faces.hash(h);
        g.outgoing.hash(h);
        g.backlinks.hash(h);
    }

    fn draw(&self, _: Key, _: &str, s: &Sources, _: &[Job]) -> Result<Vec<u8>, OutputError> {
        let Input {
            config,
            cards,
            graph,
            idx,
        } = s.input;
        Ok(emit::graph_json(config, cards, graph, &idx.urls))
    }
}

/// sitemap.xml: every page but 404.html, when the site has an absolute base URL.
struct Sitemap;

impl Sitemap {
    fn pages(plan: &[Job]) -> impl Iterator<Item = &str> {
        plan.iter()
            .filter(|j| j.is_page() && j.path != urls::NOT_FOUND)
            .map(|j| j.path.as_str())
    }
}

impl OutputKind for Sitemap {
    fn name(&self) -> &'static str {
        "sitemap"
    }

    fn plan(&self, s: &Sources, out: &mut Vec<(String, Key)>) {
        if s.input.config.has_absolute_base_url() {
            out.push((urls::SITEMAP.to_string(), Key::One));
        }
    }

    fn inputs(&self, _: Key, f: &Facts, h: &mut FxHasher) {
        // The pages are the card pages plus a few more whose number follows the lists.
        f.sources.input.idx.urls.hash(h);
        for ids in &f.sources.input.idx.by_kind {
            ids.len().hash(h);
        }
        for terms in &f.sources.input.idx.terms {
            for t in terms {
                (&t.slug, t.cards.len()).hash(h);
            }
        }
        // Which decks have a practice page follows from which cards have something to practise.
        for c in f.sources.input.cards {
            (c.flashcards.is_empty() && c.questions.is_empty()).hash(h);
        }
    }

    fn draw(&self, _: Key, _: &str, s: &Sources, plan: &[Job]) -> Result<Vec<u8>, OutputError> {
        Ok(emit::sitemap(s.input.config, Self::pages(plan)))
    }
}

struct ThemeStatic;

impl OutputKind for ThemeStatic {
    fn name(&self) -> &'static str {
        "theme files"
    }

    fn plan(&self, s: &Sources, out: &mut Vec<(String, Key)>) {
        out.extend(
            s.theme
                .static_files
                .iter()
                .enumerate()
                .map(|(i, (rel, _))| (urls::static_file(rel), Key::Item(i))),
        );
    }

    fn inputs(&self, key: Key, f: &Facts, h: &mut FxHasher) {
        if let Key::Item(i) = key {
            f.sources.theme.static_files.get(i).hash(h);
        }
    }

    fn draw(&self, key: Key, _: &str, s: &Sources, _: &[Job]) -> Result<Vec<u8>, OutputError> {
        let Key::Item(i) = key else { return Ok(Vec::new()) };
        Ok(s.theme.static_files.get(i).map(|(_, b)| b.clone()).unwrap_or_default())
    }
}

/// Files of the content folder that are not cards, copied as they are.
struct ContentAssets;

impl OutputKind for ContentAssets {
    fn name(&self) -> &'static str {
        "content assets"
    }

    fn plan(&self, s: &Sources, out: &mut Vec<(String, Key)>) {
        out.extend(s.assets.iter().enumerate().map(|(i, a)| (a.path.clone(), Key::Item(i))));
    }

    fn inputs(&self, key: Key, f: &Facts, h: &mut FxHasher) {
        f.assets.hash(h);
        if let Key::Item(i) = key {
            f.sources.assets.get(i).hash(h);
        }
    }

    fn draw(&self, key: Key, _: &str, s: &Sources, _: &[Job]) -> Result<Vec<u8>, OutputError> {
        let Key::Item(i) = key else { return Ok(Vec::new()) };
        let Some(asset) = s.assets.get(i) else {
            return Ok(Vec::new());
        };
        std::fs::read(&asset.file).map_err(|source| OutputError::Read {
            file: asset.file.clone(),
            source,
        })
    }
}
