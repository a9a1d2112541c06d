//! Page: draw the HTML pages of the site with the theme's tera templates.
//!
//! Site-wide values (site title, navigation, UI strings) are computed once and put in tera's
//! global context by [`set_globals`]; each page gets a small context of its own, a `Serialize`
//! struct here (the card and the cards it links to), never a copy of the site. URLs in contexts
//! are site paths (`cases/fact.html`); templates prefix them with `root` (see [`crate::urls`]),
//! so every link in the output is relative. Which pages exist and when they are drawn is the
//! business of [`crate::outputs`]; this module only knows how each one looks.

mod filters;
mod maps;

pub use filters::hash_tokens as hash_filter_tokens;

use rayon::prelude::*;
use serde::Serialize;

use indexmap::IndexMap;

use crate::card::{Card, EdgeType, Field, FieldValue, Flashcard};
use crate::config::{Config, FieldSpec, FieldType, KindId};
use crate::index::SiteIndex;
use crate::link::{CardId, Graph};
use crate::practice::{Counts, Deck};
use crate::render;
use crate::slug::slugify;
use crate::theme::{Template, Theme};
use crate::urls;

/// What pages are drawn from: the checked, linked and indexed site.
#[derive(Clone, Copy)]
pub struct Input<'a> {
    pub config: &'a Config,
    pub cards: &'a [Card],
    pub graph: &'a Graph,
    pub idx: &'a SiteIndex,
}

/// A page could not be drawn: a template failed (a theme error, reported at the template).
#[derive(Debug, thiserror::Error)]
#[error("rendering {page} failed: {message}")]
pub struct DrawError {
    pub template: &'static str,
    pub page: String,
    pub message: String,
}

#[derive(Serialize, Clone)]
pub struct CardRef<'a> {
    title: &'a str,
    url: &'a str,
    summary: Option<&'a str>,
    /// The kind's singular name.
    kind: &'a str,
    /// The kind's colour, as an index into the theme's palette.
    tone: usize,
    /// The kind's shape on maps (see [`crate::map::SHAPES`]).
    #[serde(skip)]
    shape: usize,
    /// The kind's icon (SVG).
    icon: &'a str,
}

#[derive(Serialize)]
struct KindRef<'a> {
    name: &'a str,
    singular: &'a str,
    plural: &'a str,
    url: String,
    /// The kind's colour, as an index into the theme's palette.
    tone: usize,
    /// The kind's icon (SVG).
    icon: &'a str,
}

/// How many colours the theme's palette for kinds has (`--tone-0` to `--tone-7` in style.css).
const TONES: usize = 8;

#[derive(Serialize)]
struct TaxonomyRef<'a> {
    name: &'a str,
    singular: &'a str,
    plural: &'a str,
    url: String,
}

#[derive(Serialize)]
struct Group<'a> {
    label: &'a str,
    items: Vec<CardRef<'a>>,
}

#[derive(Serialize)]
struct TermRef<'a> {
    name: &'a str,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct TermGroup<'a> {
    taxonomy: &'a str,
    items: Vec<TermRef<'a>>,
}

#[derive(Serialize)]
struct FieldRow<'a> {
    label: String,
    value: String,
    /// List fields: their items, shown as a list.
    items: &'a [String],
    links: Vec<CardRef<'a>>,
}

#[derive(Serialize)]
struct PathNav<'a> {
    path: CardRef<'a>,
    slug: &'a str,
    position: usize,
    total: usize,
    prev: Option<CardRef<'a>>,
    next: Option<CardRef<'a>>,
}

/// A link in a pager; `gap` stands for pages left out between two links.
#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
    current: bool,
    gap: bool,
}

/// Where a page stands in a paginated list.
#[derive(Serialize)]
struct Pager {
    /// 1-based.
    number: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
}

/// How many pages a pager links on each side of the current one.
const PAGER_REACH: usize = 2;

impl Pager {
    /// The pager of page `page` of `pages`: the first and the last page, and the pages near
    /// this one. Linking every page would make a long list's pager grow with the list, and
    /// every page of it with it.
    fn new(page: usize, pages: usize, url: impl Fn(usize) -> String) -> Option<Pager> {
        if pages < 2 {
            return None;
        }
        let near = page.saturating_sub(PAGER_REACH)..=(page + PAGER_REACH).min(pages - 1);
        let mut links = Vec::new();
        let mut last_shown = None;
        for p in std::iter::once(0).chain(near).chain(std::iter::once(pages - 1)) {
            if last_shown.is_some_and(|l| p <= l) {
                continue;
            }
            links.push(PageLink {
                number: p + 1,
                url: url(p),
                current: p == page,
                gap: last_shown.is_some_and(|l| p > l + 1),
            });
            last_shown = Some(p);
        }
        Some(Pager {
            number: page + 1,
            total: pages,
            prev: page.checked_sub(1).map(&url),
            next: (page + 1 < pages).then(|| url(page + 1)),
            pages: links,
        })
    }
}

/// The number of pages a list of `len` cards takes (an empty list still has one page).
pub fn page_count(len: usize, page_size: usize) -> usize {
    len.div_ceil(page_size.max(1)).max(1)
}

/// The part of `ids` shown on page `page`.
pub fn page_slice(ids: &[CardId], page: usize, page_size: usize) -> &[CardId] {
    let start = (page * page_size).min(ids.len());
    &ids[start..(start + page_size).min(ids.len())]
}

/// Every page's context: the way to the site root, its own path, and its own values.
#[derive(Serialize)]
struct PageContext<'a, T: Serialize> {
    root: &'a str,
    page_url: &'a str,
    #[serde(flatten)]
    page: T,
}

/// Puts what every page shows into the templates' global context: the site, the navigation
/// (kinds that have cards, taxonomies) and the UI strings.
pub fn set_globals(theme: &mut Theme, input: Input) {
    let Input { config, idx, .. } = input;
    let kinds: Vec<KindRef> = config
        .kind_ids()
        .filter(|(k, _, _)| !idx.by_kind[k.index()].is_empty())
        .map(|(k, _, _)| kind_ref(config, theme, k))
        .collect();
    let taxonomies: Vec<TaxonomyRef> = config.taxonomies.iter().map(|(t, tc)| taxonomy_ref(t, tc)).collect();
    #[derive(Serialize)]
    struct SiteGlobals<'a> {
        title: &'a str,
        description: &'a str,
        base_url: Option<String>,
        lang: &'a str,
        /// Where learners' data is kept in the browser (see [`crate::practice::site_key`]).
        key: String,
    }
    let site = SiteGlobals {
        title: &config.title,
        description: &config.description,
        base_url: config
            .has_absolute_base_url()
            .then(|| format!("{}/", config.base_url.trim_end_matches('/'))),
        lang: config.language.code(),
        key: crate::practice::site_key(config),
    };
    /// Where the pages every page links to are, from [`urls`]; folders end in `/`.
    #[derive(Serialize)]
    struct Urls {
        home: &'static str,
        search: &'static str,
        practice: &'static str,
        map: &'static str,
        #[serde(rename = "static")]
        static_dir: String,
        search_index: String,
    }
    let links = Urls {
        home: urls::HOME,
        search: urls::SEARCH,
        practice: urls::PRACTICE,
        map: urls::MAP,
        static_dir: format!("{}/", urls::STATIC),
        search_index: format!("{}/", urls::SEARCH_DIR),
    };
    /// The brand's words and files (paths under `static/`).
    #[derive(Serialize)]
    struct BrandGlobals<'a> {
        organisation: Option<&'a str>,
        logo: Option<&'a str>,
        favicon: Option<&'a str>,
        stylesheet: Option<&'static str>,
        footer: Option<&'a str>,
        links: &'a [crate::brand::FooterLink],
    }
    let b = &config.brand;
    let brand = BrandGlobals {
        organisation: b.organisation.as_deref(),
        logo: b.logo.as_ref().map(|f| f.name.as_str()),
        favicon: b.favicon.as_ref().map(|f| f.name.as_str()),
        stylesheet: (b.colours.is_some() || b.stylesheet.is_some()).then_some(crate::brand::STYLESHEET),
        footer: b.footer.as_deref(),
        links: &b.links,
    };
    let mut g = tera::Context::new();
    g.insert("site", &site);
    g.insert("brand", &brand);
    g.insert("urls", &links);
    g.insert("nav_kinds", &kinds);
    g.insert("nav_taxonomies", &taxonomies);
    g.insert("t", &theme.strings);
    theme.tera.global_context().extend(g);
}

/// The globals of [`set_globals`] that depend on the cards: which kinds have any.
pub fn globals_key(idx: &SiteIndex) -> Vec<bool> {
    idx.by_kind.iter().map(|ids| !ids.is_empty()).collect()
}

fn kind_ref<'a>(config: &'a Config, theme: &'a Theme, k: KindId) -> KindRef<'a> {
    let kc = config.kind(k);
    KindRef {
        name: config.kind_name(k),
        singular: &kc.singular,
        plural: &kc.plural,
        url: urls::kind_index(config, k, 0),
        tone: k.index() % TONES,
        icon: theme.kind_icon(config, k),
    }
}

fn taxonomy_ref<'a>(name: &'a str, tc: &'a crate::config::TaxonomyConfig) -> TaxonomyRef<'a> {
    TaxonomyRef {
        name,
        singular: &tc.singular,
        plural: &tc.plural,
        url: urls::taxonomy(name),
    }
}

/// Draws pages from one [`Input`] with one theme.
pub struct Painter<'a> {
    pub input: Input<'a>,
    pub theme: &'a Theme,
    /// What is kept between drawings, if anything (see [`crate::kept`]).
    pub kept: Option<&'a crate::kept::Kept>,
}

impl<'a> Painter<'a> {
    pub fn card_ref(&self, id: CardId) -> CardRef<'a> {
        let Input { config, cards, idx, .. } = self.input;
        let c = &cards[id];
        CardRef {
            title: &c.title,
            url: &idx.urls[id],
            summary: c.summary.as_deref(),
            kind: &config.kind(c.kind).singular,
            tone: c.kind.index() % TONES,
            shape: c.kind.index() % crate::map::SHAPES.len(),
            icon: self.theme.kind_icon(config, c.kind),
        }
    }

    fn refs(&self, ids: &[CardId]) -> Vec<CardRef<'a>> {
        ids.iter().map(|&i| self.card_ref(i)).collect()
    }

    fn draw<T: Serialize>(&self, template: Template, path: &str, page: T) -> Result<Vec<u8>, DrawError> {
        self.draw_at(template, path, urls::root(path), page)
    }

    /// Draws a page whose links start from `root`.
    fn draw_at<T: Serialize>(&self, template: Template, path: &str, root: &str, page: T) -> Result<Vec<u8>, DrawError> {
        let context = PageContext {
            root,
            page_url: path,
            page,
        };
        let fail = |message: String| DrawError {
            template: template.name(),
            page: path.to_string(),
            message,
        };
        let ctx = tera::Context::from_serialize(&context).map_err(|e| fail(e.to_string()))?;
        // Written as bytes: a String would check again that the page is UTF-8.
        let mut html = Vec::with_capacity(16 * 1024);
        match self.theme.tera.render_to(template.name(), &ctx, &mut html) {
            Ok(()) => Ok(html),
            Err(e) => {
                let mut msg = e.to_string();
                let mut src: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(&e);
                while let Some(s) = src {
                    msg.push_str(": ");
                    msg.push_str(&s.to_string());
                    src = s.source();
                }
                Err(fail(msg.trim().to_string()))
            }
        }
    }

    /// 404.html and search.html: pages with nothing of their own.
    pub fn plain(&self, template: Template, path: &str) -> Result<Vec<u8>, DrawError> {
        #[derive(Serialize)]
        struct Nothing {}
        match urls::server_root(self.input.config) {
            Some(root) if template == Template::NotFound => self.draw_at(template, path, &root, Nothing {}),
            _ => self.draw(template, path, Nothing {}),
        }
    }

    /// The cards with the most links to them, for the home page.
    pub fn most_linked(&self) -> Vec<CardId> {
        let Input { cards, graph, .. } = self.input;
        let mut most: Vec<CardId> = (0..cards.len()).collect();
        let by_links = |a: &CardId, b: &CardId| {
            graph
                .link_count(*b)
                .cmp(&graph.link_count(*a))
                .then_with(|| cards[*a].title_key.cmp(&cards[*b].title_key))
                .then_with(|| cards[*a].title.cmp(&cards[*b].title))
                .then(a.cmp(b))
        };
        if most.len() > 12 {
            most.select_nth_unstable_by(12, by_links);
            most.truncate(12);
        }
        most.sort_by(by_links);
        most
    }

    /// The course paths, for the home page.
    pub fn courses(&self) -> Vec<CardId> {
        let Input { config, idx, .. } = self.input;
        config
            .kind_ids()
            .filter(|(_, _, kc)| kc.course)
            .flat_map(|(k, _, _)| idx.by_kind[k.index()].iter().copied())
            .collect()
    }

    pub fn home(&self, path: &str) -> Result<Vec<u8>, DrawError> {
        #[derive(Serialize)]
        struct KindCount<'a> {
            #[serde(flatten)]
            kind: KindRef<'a>,
            count: usize,
        }
        #[derive(Serialize)]
        struct Home<'a> {
            kinds: Vec<KindCount<'a>>,
            courses: Vec<CardRef<'a>>,
            most_linked: Vec<CardRef<'a>>,
            practice: Option<PracticeLink>,
        }
        let Input { config, idx, .. } = self.input;
        let kinds = config
            .kind_ids()
            .filter(|(k, _, _)| !idx.by_kind[k.index()].is_empty())
            .map(|(k, _, _)| KindCount {
                kind: kind_ref(config, self.theme, k),
                count: idx.by_kind[k.index()].len(),
            })
            .collect();
        let home = Home {
            kinds,
            courses: self.refs(&self.courses()),
            most_linked: self.refs(&self.most_linked()),
            practice: self.practice_link(Deck::Site),
        };
        self.draw(Template::Home, path, home)
    }

    /// Page `page` of the list of a kind's cards.
    pub fn kind_page(&self, kind: KindId, page: usize, path: &str) -> Result<Vec<u8>, DrawError> {
        #[derive(Serialize)]
        struct KindPage<'a> {
            /// The kind the navigation marks as where the reader is.
            current_kind: &'a str,
            kind: KindRef<'a>,
            total: usize,
            cards: Vec<Item<'a>>,
            facets: Vec<filters::Facet<'a>>,
            pager: Option<Pager>,
            deck_url: String,
            practice: Option<PracticeLink>,
            map_url: String,
            /// A scale kind's cards as a staircase.
            staircase: Option<String>,
        }
        /// A card of the list, with its values for the filters.
        #[derive(Serialize)]
        struct Item<'a> {
            #[serde(flatten)]
            card: CardRef<'a>,
            filter: String,
        }
        let Input { config, cards, idx, .. } = self.input;
        let ids = &idx.by_kind[kind.index()];
        let size = config.page_size;
        let kp = KindPage {
            current_kind: config.kind_name(kind),
            kind: kind_ref(config, self.theme, kind),
            total: ids.len(),
            cards: page_slice(ids, page, size)
                .iter()
                .map(|&id| Item {
                    card: self.card_ref(id),
                    filter: filters::tokens(config, &cards[id]),
                })
                .collect(),
            facets: filters::facets(config, cards, idx, kind),
            pager: Pager::new(page, page_count(ids.len(), size), |p| urls::kind_index(config, kind, p)),
            deck_url: urls::kind_deck(config, kind),
            practice: self.practice_link(Deck::Kind(kind)),
            map_url: urls::kind_map(config, kind),
            staircase: self.staircase(kind, None, path),
        };
        self.draw(Template::Kind, path, kp)
    }

    pub fn taxonomy_page(&self, tax: usize, path: &str) -> Result<Vec<u8>, DrawError> {
        #[derive(Serialize)]
        struct TaxonomyPage<'a> {
            taxonomy: TaxonomyRef<'a>,
            terms: Vec<TermRef<'a>>,
        }
        let Input { config, idx, .. } = self.input;
        let Some((name, tc)) = config.taxonomies.get_index(tax) else {
            return Ok(Vec::new());
        };
        let terms = idx.terms[tax]
            .iter()
            .map(|t| TermRef {
                name: &t.name,
                url: urls::term(name, &t.slug, 0),
                count: t.cards.len(),
            })
            .collect();
        let tp = TaxonomyPage {
            taxonomy: taxonomy_ref(name, tc),
            terms,
        };
        self.draw(Template::Taxonomy, path, tp)
    }

    /// Page `page` of the list of cards with a term.
    pub fn term_page(&self, tax: usize, term_index: usize, page: usize, path: &str) -> Result<Vec<u8>, DrawError> {
        let term = &self.input.idx.terms[tax][term_index];
        #[derive(Serialize)]
        struct NamedTerm<'a> {
            name: &'a str,
        }
        #[derive(Serialize)]
        struct TermPage<'a> {
            taxonomy: TaxonomyRef<'a>,
            term: NamedTerm<'a>,
            total: usize,
            cards: Vec<CardRef<'a>>,
            pager: Option<Pager>,
            practice: Option<PracticeLink>,
        }
        let Input { config, .. } = self.input;
        let Some((name, tc)) = config.taxonomies.get_index(tax) else {
            return Ok(Vec::new());
        };
        let size = config.page_size;
        let tp = TermPage {
            taxonomy: taxonomy_ref(name, tc),
            term: NamedTerm { name: &term.name },
            total: term.cards.len(),
            cards: self.refs(page_slice(&term.cards, page, size)),
            pager: Pager::new(page, page_count(term.cards.len(), size), |p| {
                urls::term(name, &term.slug, p)
            }),
            practice: self.practice_link(Deck::Term(tax, term_index)),
        };
        self.draw(Template::Term, path, tp)
    }

    /// The printable deck of every card of a kind.
    pub fn kind_deck(&self, kind: KindId, path: &str) -> Result<Vec<u8>, DrawError> {
        let Input { config, idx, .. } = self.input;
        let kc = config.kind(kind);
        let back = Back {
            title: &kc.plural,
            url: urls::kind_index(config, kind, 0),
        };
        self.deck(&kc.plural, back, &idx.by_kind[kind.index()], path)
    }

    /// The printable deck of a course path: its steps in order.
    pub fn path_deck(&self, course: CardId, path: &str) -> Result<Vec<u8>, DrawError> {
        let Input { cards, graph, idx, .. } = self.input;
        let back = Back {
            title: &cards[course].title,
            url: idx.urls[course].clone(),
        };
        self.deck(&cards[course].title, back, &graph.steps[course], path)
    }

    /// A printable deck, for workshops: first a card for each card (the title and summary on
    /// the front; the reflection questions, the source and a QR code to its page on the back),
    /// then a card for each flashcard (question and answer), laid out on A4 sheets by
    /// [`crate::print`].
    fn deck(&self, title: &str, back: Back, ids: &[CardId], path: &str) -> Result<Vec<u8>, DrawError> {
        #[derive(Serialize)]
        struct Deck<'a> {
            title: &'a str,
            back: Back<'a>,
            size: &'static str,
            count: usize,
        }
        /// The fronts or the backs of a sheet.
        #[derive(Serialize)]
        struct Side {
            side: &'static str,
            faces: Vec<Option<Face>>,
        }
        #[derive(Serialize)]
        struct Sheet {
            number: usize,
            sides: [Side; 2],
        }
        #[derive(Serialize)]
        struct DeckPage<'a> {
            deck: Deck<'a>,
            sheets: Vec<Sheet>,
        }
        let Input { config, cards, .. } = self.input;
        let size = config.card_size;
        // In parallel: a kind's deck can hold thousands of cards, each with a QR code.
        let mut faces: Vec<(Face, Face)> = ids.par_iter().map(|&i| self.card_faces(i, size)).collect();
        for &i in ids {
            for f in &cards[i].flashcards {
                faces.push(self.flashcard_faces(i, f, size));
            }
        }
        let count = faces.len();
        let mut sheets = Vec::new();
        let mut faces = faces.into_iter();
        loop {
            let chunk: Vec<(Face, Face)> = faces.by_ref().take(size.per_sheet()).collect();
            if chunk.is_empty() {
                break;
            }
            let mut fronts = Vec::with_capacity(size.per_sheet());
            let mut backs = Vec::with_capacity(size.per_sheet());
            for (front, back) in chunk {
                fronts.push(Some(front));
                backs.push(Some(back));
            }
            fronts.resize_with(size.per_sheet(), || None);
            backs.resize_with(size.per_sheet(), || None);
            let order: Vec<Option<usize>> = crate::print::mirrored(&(0..backs.len()).map(Some).collect::<Vec<_>>());
            let mut backs: Vec<Option<Face>> = backs.into_iter().collect();
            let mirrored = order.into_iter().map(|i| i.and_then(|i| backs[i].take())).collect();
            sheets.push(Sheet {
                number: sheets.len() + 1,
                sides: [
                    Side {
                        side: "front",
                        faces: fronts,
                    },
                    Side {
                        side: "back",
                        faces: mirrored,
                    },
                ],
            });
        }
        let page = DeckPage {
            deck: Deck {
                title,
                back,
                size: size.name(),
                count,
            },
            sheets,
        };
        self.draw(Template::Print, path, page)
    }

    /// Where a printed card sends its reader for the rest: the card's page, as a full address
    /// when the site has one.
    fn online(&self, id: CardId) -> String {
        let config = self.input.config;
        let url = &self.input.idx.urls[id];
        if config.has_absolute_base_url() {
            format!("{}/{url}", config.base_url.trim_end_matches('/'))
        } else {
            url.clone()
        }
    }

    fn card_faces(&self, id: CardId, size: crate::print::Size) -> (Face, Face) {
        use crate::print::{QUESTION_EXTRA, qr_svg, questions_room, shorten, source_line, summary_room};
        let Input { config, cards, .. } = self.input;
        let c = &cards[id];
        let mut front = Face::new(&config.kind(c.kind).singular, id, c.kind.index());
        front.title = Some(c.title.clone());
        if let Some(summary) = &c.summary {
            match shorten(summary, summary_room(size, &c.title)) {
                Some(short) => {
                    front.text = Some(short);
                    front.more = Some(self.online(id));
                }
                None => front.text = Some(summary.clone()),
            }
        }
        let mut back = Face::new(&c.title, id, c.kind.index());
        back.source = c.source.as_ref().map(source_line);
        if config.has_absolute_base_url() {
            let url = self.online(id);
            back.qr = match self.kept {
                Some(kept) => kept.qr.get_or(url.clone(), || qr_svg(&url)),
                None => qr_svg(&url),
            };
        }
        let mut room = questions_room(size, back.qr.is_some(), back.source.as_deref().unwrap_or(""));
        for q in &c.questions {
            let n = q.chars().count() + QUESTION_EXTRA;
            if n > room {
                back.more = Some(self.online(id));
                break;
            }
            room -= n;
            back.items.push(q.clone());
        }
        (front, back)
    }

    fn flashcard_faces(&self, id: CardId, f: &Flashcard, size: crate::print::Size) -> (Face, Face) {
        use crate::print::{question_room, shorten};
        let c = &self.input.cards[id];
        let mut front = Face::new(&c.title, id, c.kind.index());
        front.flashcard = true;
        let mut back = Face::new(&c.title, id, c.kind.index());
        back.flashcard = true;
        for (face, text, room) in [
            (&mut front, &f.front, question_room(size)),
            (&mut back, &f.back, size.room()),
        ] {
            match shorten(text, room) {
                Some(short) => {
                    face.text = Some(short);
                    face.more = Some(self.online(id));
                }
                None => face.text = Some(text.clone()),
            }
        }
        (front, back)
    }

    pub fn card_page(&self, id: CardId, path: &str) -> Result<Vec<u8>, DrawError> {
        let Input {
            config,
            cards,
            graph: g,
            idx,
        } = self.input;
        let card = &cards[id];
        let kc = config.kind(card.kind);

        let (mut relations, relations_in) = self.relation_groups(id);
        relations.extend(relations_in);
        // A card listed under a relation is not listed again among the cards that mention this one.
        let related: Vec<&str> = relations.iter().flat_map(|g| g.items.iter().map(|c| c.url)).collect();
        let mentions: Vec<CardId> = g.backlinks[id]
            .iter()
            .copied()
            .filter(|&from| !related.contains(&idx.urls[from].as_str()))
            .collect();
        let map = self.map(id, path, &relations, &self.refs(&mentions));
        // Each card that mentions this one, with the sentence it does so in.
        let backlinks: Vec<Backlink> = mentions
            .iter()
            .map(|&from| Backlink {
                card: self.card_ref(from),
                context: render::link_context(from, id, cards, g),
            })
            .collect();
        let terms: Vec<TermGroup> = card
            .terms
            .iter()
            .filter(|t| !t.names.is_empty())
            .filter_map(|t| {
                let (tax, names) = (&t.taxonomy, &t.names);
                let tc = config.taxonomies.get(tax)?;
                Some(TermGroup {
                    taxonomy: &tc.plural,
                    items: names
                        .iter()
                        .map(|n| TermRef {
                            name: tc.display(&n.value),
                            url: urls::term(tax, &slugify(&n.value), 0),
                            count: 0,
                        })
                        .collect(),
                })
            })
            .collect();

        let fields = self.field_rows(&kc.fields, &card.fields);
        let (steps, duration) = self.plan_steps(id);

        let (prev, next) = idx.kind_neighbours(cards, id);
        let paths: Vec<PathNav> = g.in_paths[id]
            .iter()
            .map(|st| PathNav {
                path: self.card_ref(st.path),
                slug: cards[st.path].slug.as_str(),
                position: st.index + 1,
                total: g.steps[st.path].len(),
                prev: st.prev.map(|i| self.card_ref(i)),
                next: st.next.map(|i| self.card_ref(i)),
            })
            .collect();

        #[derive(Serialize)]
        struct SourceRef<'a> {
            document: &'a str,
            locator: Option<&'a str>,
            card: Option<CardRef<'a>>,
        }
        #[derive(Serialize)]
        struct CardView<'a> {
            title: &'a str,
            slug: &'a str,
            url: &'a str,
            summary: Option<&'a str>,
            kind: KindRef<'a>,
            body: &'a str,
            headings: &'a [crate::markdown::Heading],
            questions: &'a [String],
            flashcards: &'a [Flashcard],
            source: Option<SourceRef<'a>>,
            is_course: bool,
            deck_url: Option<String>,
        }
        #[derive(Serialize)]
        struct CardPage<'a> {
            /// The kind the navigation marks as where the reader is.
            current_kind: &'a str,
            card: CardView<'a>,
            fields: Vec<FieldRow<'a>>,
            terms: Vec<TermGroup<'a>>,
            /// Outgoing relations, then incoming ones, grouped by type.
            relations: Vec<Group<'a>>,
            map: Option<MapView>,
            /// A scale card's step on its staircase.
            scale: Option<maps::ScaleView>,
            /// A course path's steps as a picture.
            sequence: Option<String>,
            backlinks: Vec<Backlink<'a>>,
            prev: Option<CardRef<'a>>,
            next: Option<CardRef<'a>>,
            paths: Vec<PathNav<'a>>,
            steps: Vec<PlanStep<'a>>,
            /// The length of the session, when its steps have minutes.
            duration: Option<String>,
            guide_url: Option<String>,
            practice: Option<PracticeLink>,
        }
        let body = render::body(id, cards, g, &idx.urls, config);
        let page = CardPage {
            current_kind: config.kind_name(card.kind),
            card: CardView {
                title: &card.title,
                slug: card.slug.as_str(),
                url: &idx.urls[id],
                summary: card.summary.as_deref(),
                kind: kind_ref(config, self.theme, card.kind),
                body: &body,
                headings: &card.body.headings,
                questions: &card.questions,
                flashcards: &card.flashcards,
                source: card.source.as_ref().map(|src| SourceRef {
                    document: &src.document,
                    locator: src.locator.as_deref(),
                    card: g.source_card[id].map(|i| self.card_ref(i)),
                }),
                is_course: kc.course,
                deck_url: kc
                    .course
                    .then(|| urls::path_deck(config, card.kind, card.slug.as_str())),
            },
            fields,
            terms,
            relations,
            map,
            scale: self.scale_view(id, path),
            sequence: self.sequence(id, path),
            backlinks,
            prev: prev.map(|i| self.card_ref(i)),
            next: next.map(|i| self.card_ref(i)),
            paths,
            steps,
            duration,
            guide_url: kc.course.then(|| urls::guide(config, card.kind, card.slug.as_str())),
            practice: self.practice_link(Deck::Card(id)),
        };
        self.draw(Template::Card, path, page)
    }

    /// Typed relations of a card grouped by type in the order of samkort.toml: (outgoing,
    /// incoming). A symmetric relation ("related to") is one list however it was written; the
    /// others show outgoing edges under their label and incoming ones under the inverse label.
    fn relation_groups(&self, id: CardId) -> (Vec<Group<'a>>, Vec<Group<'a>>) {
        let Input { config, graph: g, .. } = self.input;
        let symmetric = |ty: EdgeType| matches!(ty, EdgeType::Relation(r) if config.relation(r).symmetric);
        let group = |edges: &mut dyn Iterator<Item = (EdgeType, CardId, bool)>| -> Vec<Group<'a>> {
            let mut groups: Vec<((EdgeType, bool), Vec<CardId>)> = Vec::new();
            for (ty, other, outgoing) in edges {
                let key = (ty, outgoing || symmetric(ty));
                match groups.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, ids)) if !ids.contains(&other) => ids.push(other),
                    Some(_) => {}
                    None => groups.push((key, vec![other])),
                }
            }
            groups.sort_by_key(|(k, _)| *k);
            groups
                .into_iter()
                .filter_map(|((ty, outgoing), ids)| {
                    let EdgeType::Relation(r) = ty else { return None };
                    let rc = config.relation(r);
                    Some(Group {
                        label: if outgoing { &rc.label } else { &rc.inverse },
                        items: self.refs(&ids),
                    })
                })
                .collect()
        };
        let mut out_edges = g.outgoing[id].iter().map(|e| (e.ty, e.to, true)).chain(
            g.incoming[id]
                .iter()
                .filter(|e| symmetric(e.ty))
                .map(|e| (e.ty, e.from, true)),
        );
        let mut in_edges = g.incoming[id]
            .iter()
            .filter(|e| !symmetric(e.ty))
            .map(|e| (e.ty, e.from, false));
        (group(&mut out_edges), group(&mut in_edges))
    }
}

/// A card that mentions another in its text, and the sentence it does so in.
#[derive(Serialize)]
struct Backlink<'a> {
    #[serde(flatten)]
    card: CardRef<'a>,
    context: Option<String>,
}

/// Where a deck leads back to.
#[derive(Serialize)]
struct Back<'a> {
    title: &'a str,
    url: String,
}

/// A card's neighbourhood as a picture, with its legend.
#[derive(Serialize)]
struct MapView {
    svg: String,
    lines: Vec<MapLine>,
    kinds: Vec<MapKind>,
    more: usize,
}

#[derive(Serialize)]
struct MapLine {
    label: String,
    dash: &'static str,
}

#[derive(Serialize)]
struct MapKind {
    name: String,
    tone: usize,
    shape: &'static str,
}

/// One side of a printed card.
#[derive(Serialize)]
struct Face {
    /// The small line at the top: the kind, or the card a flashcard is from.
    label: String,
    title: Option<String>,
    text: Option<String>,
    /// Reflection questions.
    items: Vec<String>,
    source: Option<String>,
    /// Where the rest is, when the text was shortened.
    more: Option<String>,
    /// A QR code (SVG) to the card's page.
    qr: Option<String>,
    flashcard: bool,
    tone: usize,
    card: CardId,
}

impl Face {
    fn new(label: &str, card: CardId, kind: usize) -> Face {
        Face {
            label: label.to_string(),
            title: None,
            text: None,
            items: Vec::new(),
            source: None,
            more: None,
            qr: None,
            flashcard: false,
            tone: kind % TONES,
            card,
        }
    }
}

/// A step of a course path: the card, its slug (which a learner's progress is kept by), its
/// place, when it starts in the session (`h:mm`), its own fields and its reflection questions.
#[derive(Serialize)]
struct PlanStep<'a> {
    #[serde(flatten)]
    card: CardRef<'a>,
    slug: &'a str,
    number: usize,
    start: Option<String>,
    fields: Vec<FieldRow<'a>>,
    questions: &'a [String],
}

/// Minutes as `h:mm`.
fn clock(minutes: f64) -> String {
    let m = minutes.round() as i64;
    format!("{}:{:02}", m / 60, m % 60)
}

/// A link to a deck's practice page, with what it has.
#[derive(Serialize)]
struct PracticeLink {
    url: String,
    #[serde(flatten)]
    counts: Counts,
}

impl<'a> Painter<'a> {
    /// Fields as rows of a facts box: label, and the value as text, a list or links to cards.
    fn field_rows(&self, specs: &'a IndexMap<String, FieldSpec>, fields: &'a [Field]) -> Vec<FieldRow<'a>> {
        let strings = &self.theme.strings;
        let s = |k: &str| strings.get(k).cloned().unwrap_or_else(|| k.to_string());
        fields
            .iter()
            .filter_map(|f| {
                let (name, value) = (&f.name, &f.value);
                let spec = specs.get(name)?;
                let label = spec
                    .label
                    .clone()
                    .unwrap_or_else(|| capitalize(&name.replace(['_', '-'], " ")));
                let links = match value {
                    FieldValue::Refs(refs) => refs
                        .iter()
                        .filter_map(|r| self.input.graph.by_slug.get(&r.value))
                        .map(|&i| self.card_ref(i))
                        .collect(),
                    _ => Vec::new(),
                };
                let (value, items): (String, &[String]) = match value {
                    FieldValue::Text(t) if spec.ty == FieldType::Enum => {
                        (spec.labels.get(t).cloned().unwrap_or_else(|| t.clone()), &[])
                    }
                    FieldValue::List(items) => (String::new(), items),
                    other => (other.display(&s("yes"), &s("no")), &[]),
                };
                Some(FieldRow {
                    label,
                    value,
                    items,
                    links,
                })
            })
            .collect()
    }

    /// The steps of a course path with their own fields (minutes, method) and where each starts
    /// in the session, counted from the kind's `step_duration` field.
    fn plan_steps(&self, id: CardId) -> (Vec<PlanStep<'a>>, Option<String>) {
        let Input {
            config, cards, graph, ..
        } = self.input;
        let card = &cards[id];
        let kc = config.kind(card.kind);
        let minutes: Vec<Option<f64>> = (0..graph.steps[id].len())
            .map(|i| {
                let own = card.step_fields.get(i)?;
                let d = kc.step_duration.as_ref()?;
                own.iter().find(|f| &f.name == d).and_then(|f| match f.value {
                    FieldValue::Number(n) => Some(n),
                    _ => None,
                })
            })
            .collect();
        let timed = minutes.iter().any(Option::is_some);
        let mut at = 0.0;
        let steps = graph.steps[id]
            .iter()
            .enumerate()
            .map(|(i, &s)| {
                let own: &[Field] = card.step_fields.get(i).map_or(&[], Vec::as_slice);
                let start = timed.then(|| clock(at));
                at += minutes[i].unwrap_or(0.0);
                PlanStep {
                    card: self.card_ref(s),
                    slug: cards[s].slug.as_str(),
                    number: i + 1,
                    start,
                    fields: self.field_rows(&kc.step_fields, own),
                    questions: &cards[s].questions,
                }
            })
            .collect();
        (steps, timed.then(|| clock(at)))
    }

    /// The facilitator's guide of a course path: the session plan with the time, method and
    /// reflection questions of each step, and the path's own fields (goals, materials, ...).
    pub fn guide_page(&self, id: CardId, path: &str) -> Result<Vec<u8>, DrawError> {
        #[derive(Serialize)]
        struct Guide<'a> {
            card: CardRef<'a>,
            fields: Vec<FieldRow<'a>>,
            steps: Vec<PlanStep<'a>>,
            duration: Option<String>,
            questions: &'a [String],
            deck_url: String,
            practice: Option<PracticeLink>,
        }
        let Input { config, cards, .. } = self.input;
        let card = &cards[id];
        let kc = config.kind(card.kind);
        let (steps, duration) = self.plan_steps(id);
        let guide = Guide {
            card: self.card_ref(id),
            fields: self.field_rows(&kc.fields, &card.fields),
            steps,
            duration,
            questions: &card.questions,
            deck_url: urls::path_deck(config, card.kind, card.slug.as_str()),
            practice: self.practice_link(Deck::Card(id)),
        };
        self.draw(Template::Guide, path, guide)
    }

    /// The picture of a card's neighbourhood: its relations both ways, then the cards that
    /// mention it, as on the page's lists.
    fn map(&self, id: CardId, path: &str, relations: &[Group<'a>], backlinks: &[CardRef<'a>]) -> Option<MapView> {
        let strings = &self.theme.strings;
        let s = |k: &'static str| -> &'a str { strings.get(k).map_or(k, String::as_str) };
        let root = urls::root(path);
        let mentioned = s("backlinks");
        let mut types: Vec<&str> = Vec::new();
        let mut nodes: Vec<crate::map::Node> = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        let groups = relations
            .iter()
            .map(|g| (g.label, g.items.as_slice()))
            .chain(std::iter::once((mentioned, backlinks)));
        for (label, items) in groups {
            for c in items {
                if seen.contains(&c.url) {
                    continue;
                }
                seen.push(c.url);
                let style = types.iter().position(|t| *t == label).unwrap_or_else(|| {
                    types.push(label);
                    types.len() - 1
                });
                nodes.push(crate::map::Node {
                    title: c.title,
                    kind: c.kind,
                    href: format!("{root}{}", c.url),
                    tone: c.tone,
                    shape: c.shape,
                    style,
                    label,
                });
            }
        }
        if nodes.is_empty() {
            return None;
        }
        let card = &self.input.cards[id];
        let tone = card.kind.index() % TONES;
        let own_shape = card.kind.index() % crate::map::SHAPES.len();
        let name = format!("{}: {}", s("map"), card.title);
        let drawn = crate::map::draw((&card.title, tone, own_shape), &nodes, &types, nodes.len(), &name);
        let shown = &nodes[..nodes.len().min(crate::map::MAX_NODES)];
        let mut kinds: Vec<MapKind> = Vec::new();
        for (kind, tone, shape) in
            std::iter::once((self.input.config.kind(card.kind).singular.as_str(), tone, own_shape))
                .chain(shown.iter().map(|n| (n.kind, n.tone, n.shape)))
        {
            if !kinds.iter().any(|k| k.name == kind) {
                kinds.push(MapKind {
                    name: kind.to_string(),
                    tone,
                    shape: crate::map::legend_shape(shape),
                });
            }
        }
        Some(MapView {
            svg: drawn.svg,
            lines: drawn
                .lines
                .into_iter()
                .map(|(label, dash)| MapLine { label, dash })
                .collect(),
            kinds,
            more: drawn.more,
        })
    }

    fn practice_link(&self, deck: Deck) -> Option<PracticeLink> {
        let counts = deck.counts(self.input);
        (!counts.is_empty()).then(|| PracticeLink {
            url: deck.url(self.input),
            counts,
        })
    }

    /// A deck's practice page: its flashcards with their answers and its reflection questions,
    /// each with the card it comes from.
    pub fn practice_page(&self, deck: Deck, path: &str) -> Result<Vec<u8>, DrawError> {
        #[derive(Serialize)]
        struct PracticeCard<'a> {
            id: String,
            front: &'a str,
            back: &'a str,
            card: CardRef<'a>,
        }
        #[derive(Serialize)]
        struct Question<'a> {
            text: &'a str,
            card: CardRef<'a>,
        }
        #[derive(Serialize)]
        struct PracticeDeck<'a> {
            title: String,
            back: Back<'a>,
            flashcards: Vec<PracticeCard<'a>>,
            questions: Vec<Question<'a>>,
        }
        #[derive(Serialize)]
        struct PracticePage<'a> {
            deck: PracticeDeck<'a>,
        }
        let Input { config, cards, idx, .. } = self.input;
        let (title, back) = match deck {
            Deck::Card(id) => (
                cards[id].title.clone(),
                Back {
                    title: &cards[id].title,
                    url: idx.urls[id].clone(),
                },
            ),
            Deck::Kind(k) => (
                config.kind(k).plural.clone(),
                Back {
                    title: &config.kind(k).plural,
                    url: urls::kind_index(config, k, 0),
                },
            ),
            Deck::Term(t, i) => {
                let (name, tc) = config
                    .taxonomies
                    .get_index(t)
                    .map_or(("", ""), |(n, tc)| (n.as_str(), tc.singular.as_str()));
                let term = &idx.terms[t][i];
                (
                    format!("{tc}: {}", term.name),
                    Back {
                        title: &term.name,
                        url: urls::term(name, &term.slug, 0),
                    },
                )
            }
            Deck::Site => (
                config.title.clone(),
                Back {
                    title: &config.title,
                    url: urls::HOME.to_string(),
                },
            ),
        };
        let ids = deck.cards(self.input);
        let mut flashcards = Vec::new();
        let mut questions = Vec::new();
        for &id in &ids {
            let c = &cards[id];
            for f in &c.flashcards {
                flashcards.push(PracticeCard {
                    id: crate::practice::flashcard_id(c.slug.as_str(), &f.front),
                    front: &f.front,
                    back: &f.back,
                    card: self.card_ref(id),
                });
            }
            for q in &c.questions {
                questions.push(Question {
                    text: q,
                    card: self.card_ref(id),
                });
            }
        }
        let page = PracticePage {
            deck: PracticeDeck {
                title,
                back,
                flashcards,
                questions,
            },
        };
        self.draw(Template::Practice, path, page)
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pager as text: page numbers, `*` after the current one, `…` for a gap.
    fn shown(page: usize, pages: usize) -> String {
        let Some(p) = Pager::new(page, pages, |n| n.to_string()) else {
            return String::new();
        };
        p.pages
            .iter()
            .map(|l| {
                format!(
                    "{}{}{}",
                    if l.gap { "… " } else { "" },
                    l.number,
                    if l.current { "*" } else { "" }
                )
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn a_pager_links_the_ends_and_the_pages_near_the_current_one() {
        assert_eq!(shown(0, 1), "");
        assert_eq!(shown(1, 3), "1 2* 3");
        assert_eq!(shown(0, 10), "1* 2 3 … 10");
        assert_eq!(shown(4, 10), "1 … 3 4 5* 6 7 … 10");
        assert_eq!(shown(9, 10), "1 … 8 9 10*");
        assert_eq!(shown(3, 7), "1 2 3 4* 5 6 7");
    }

    #[test]
    fn pages_split_a_list_without_losing_or_repeating_a_card() {
        let ids: Vec<CardId> = (0..7).collect();
        assert_eq!(page_count(7, 3), 3);
        assert_eq!(page_count(0, 3), 1);
        let pages: Vec<&[CardId]> = (0..3).map(|p| page_slice(&ids, p, 3)).collect();
        assert_eq!(pages, [&[0, 1, 2][..], &[3, 4, 5], &[6]]);
    }
}
