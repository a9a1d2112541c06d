//! Page: draw the HTML pages of the site with the theme's tera templates.
//!
//! Site-wide values (site title, navigation, UI strings) are computed once and put in tera's
//! global context by [`set_globals`]; each page gets a small context of its own, a `Serialize`
//! struct here (the card and the cards it links to), never a copy of the site. URLs in contexts
//! are site paths (`cases/fact.html`); templates prefix them with `root` (see [`crate::urls`]),
//! so every link in the output is relative. Which pages exist and when they are drawn is the
//! business of [`crate::outputs`]; this module only knows how each one looks.

use serde::Serialize;

use crate::card::{Card, EdgeType, FieldValue, Flashcard};
use crate::config::{Config, FieldType, KindId};
use crate::index::{SiteIndex, Term};
use crate::link::{CardId, Graph};
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
}

#[derive(Serialize)]
struct KindRef<'a> {
    name: &'a str,
    singular: &'a str,
    plural: &'a str,
    url: String,
}

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
        .map(|(k, name, kc)| kind_ref(config, k, name, kc))
        .collect();
    let taxonomies: Vec<TaxonomyRef> = config.taxonomies.iter().map(|(t, tc)| taxonomy_ref(t, tc)).collect();
    #[derive(Serialize)]
    struct SiteGlobals<'a> {
        title: &'a str,
        description: &'a str,
        base_url: Option<String>,
        lang: &'a str,
    }
    let site = SiteGlobals {
        title: &config.title,
        description: &config.description,
        base_url: config
            .has_absolute_base_url()
            .then(|| format!("{}/", config.base_url.trim_end_matches('/'))),
        lang: config.language.code(),
    };
    /// Where the pages every page links to are, from [`urls`]; folders end in `/`.
    #[derive(Serialize)]
    struct Urls {
        home: &'static str,
        search: &'static str,
        #[serde(rename = "static")]
        static_dir: String,
        search_index: String,
    }
    let links = Urls {
        home: urls::HOME,
        search: urls::SEARCH,
        static_dir: format!("{}/", urls::STATIC),
        search_index: format!("{}/", urls::SEARCH_DIR),
    };
    let strings = theme.strings.clone();
    let g = theme.tera.global_context();
    g.insert("site", &site);
    g.insert("urls", &links);
    g.insert("nav_kinds", &kinds);
    g.insert("nav_taxonomies", &taxonomies);
    g.insert("t", &strings);
}

/// The globals of [`set_globals`] that depend on the cards: which kinds have any.
pub fn globals_key(idx: &SiteIndex) -> Vec<bool> {
    idx.by_kind.iter().map(|ids| !ids.is_empty()).collect()
}

fn kind_ref<'a>(config: &Config, k: KindId, name: &'a str, kc: &'a crate::config::KindConfig) -> KindRef<'a> {
    KindRef {
        name,
        singular: &kc.singular,
        plural: &kc.plural,
        url: urls::kind_index(config, k, 0),
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
        }
    }

    fn refs(&self, ids: &[CardId]) -> Vec<CardRef<'a>> {
        ids.iter().map(|&i| self.card_ref(i)).collect()
    }

    fn draw<T: Serialize>(&self, template: Template, path: &str, page: T) -> Result<Vec<u8>, DrawError> {
        let context = PageContext {
            root: urls::root(path),
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
        self.draw(template, path, Nothing {})
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
        }
        let Input { config, idx, .. } = self.input;
        let kinds = config
            .kind_ids()
            .filter(|(k, _, _)| !idx.by_kind[k.index()].is_empty())
            .map(|(k, name, kc)| KindCount {
                kind: kind_ref(config, k, name, kc),
                count: idx.by_kind[k.index()].len(),
            })
            .collect();
        let home = Home {
            kinds,
            courses: self.refs(&self.courses()),
            most_linked: self.refs(&self.most_linked()),
        };
        self.draw(Template::Home, path, home)
    }

    /// Page `page` of the list of a kind's cards.
    pub fn kind_page(&self, kind: KindId, page: usize, path: &str) -> Result<Vec<u8>, DrawError> {
        #[derive(Serialize)]
        struct KindPage<'a> {
            kind: KindRef<'a>,
            total: usize,
            cards: Vec<CardRef<'a>>,
            pager: Option<Pager>,
            deck_url: String,
        }
        let Input { config, idx, .. } = self.input;
        let (name, kc) = (config.kind_name(kind), config.kind(kind));
        let ids = &idx.by_kind[kind.index()];
        let size = config.page_size;
        let kp = KindPage {
            kind: kind_ref(config, kind, name, kc),
            total: ids.len(),
            cards: self.refs(page_slice(ids, page, size)),
            pager: Pager::new(page, page_count(ids.len(), size), |p| urls::kind_index(config, kind, p)),
            deck_url: urls::kind_deck(config, kind),
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
    pub fn term_page(&self, tax: usize, term: &Term, page: usize, path: &str) -> Result<Vec<u8>, DrawError> {
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

    /// A printable deck: the cards with their questions and self-test cards, for workshops.
    fn deck(&self, title: &str, back: Back, ids: &[CardId], path: &str) -> Result<Vec<u8>, DrawError> {
        #[derive(Serialize)]
        struct DeckCard<'a> {
            #[serde(flatten)]
            card: CardRef<'a>,
            questions: &'a [String],
            flashcards: &'a [Flashcard],
            source: Option<String>,
        }
        #[derive(Serialize)]
        struct Deck<'a> {
            title: &'a str,
            back: Back<'a>,
        }
        #[derive(Serialize)]
        struct DeckPage<'a> {
            deck: Deck<'a>,
            cards: Vec<DeckCard<'a>>,
        }
        let cards = self.input.cards;
        let deck_cards = ids
            .iter()
            .map(|&i| {
                let c = &cards[i];
                DeckCard {
                    card: self.card_ref(i),
                    questions: &c.questions,
                    flashcards: &c.flashcards,
                    source: c.source.as_ref().map(|s| match &s.locator {
                        Some(l) => format!("{}, {l}", s.document),
                        None => s.document.clone(),
                    }),
                }
            })
            .collect();
        let page = DeckPage {
            deck: Deck { title, back },
            cards: deck_cards,
        };
        self.draw(Template::Print, path, page)
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
        let strings = &self.theme.strings;
        let s = |k: &str| strings.get(k).cloned().unwrap_or_else(|| k.to_string());

        let (relations_out, relations_in) = self.relation_groups(id);
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

        let fields: Vec<FieldRow> = card
            .fields
            .iter()
            .filter_map(|f| {
                let (name, value) = (&f.name, &f.value);
                let spec = kc.fields.get(name)?;
                let label = spec
                    .label
                    .clone()
                    .unwrap_or_else(|| capitalize(&name.replace(['_', '-'], " ")));
                let links = match value {
                    FieldValue::Refs(refs) => refs
                        .iter()
                        .filter_map(|r| g.by_slug.get(&r.value))
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
            .collect();

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
            card: CardView<'a>,
            fields: Vec<FieldRow<'a>>,
            terms: Vec<TermGroup<'a>>,
            relations_out: Vec<Group<'a>>,
            relations_in: Vec<Group<'a>>,
            backlinks: Vec<CardRef<'a>>,
            prev: Option<CardRef<'a>>,
            next: Option<CardRef<'a>>,
            paths: Vec<PathNav<'a>>,
            steps: Vec<CardRef<'a>>,
        }
        let body = render::body(id, cards, g, &idx.urls);
        let kind_name = config.kind_name(card.kind);
        let page = CardPage {
            card: CardView {
                title: &card.title,
                slug: card.slug.as_str(),
                url: &idx.urls[id],
                summary: card.summary.as_deref(),
                kind: kind_ref(config, card.kind, kind_name, kc),
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
            relations_out,
            relations_in,
            backlinks: self.refs(&g.backlinks[id]),
            prev: prev.map(|i| self.card_ref(i)),
            next: next.map(|i| self.card_ref(i)),
            paths,
            steps: self.refs(&g.steps[id]),
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

/// Where a deck leads back to.
#[derive(Serialize)]
struct Back<'a> {
    title: &'a str,
    url: String,
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
