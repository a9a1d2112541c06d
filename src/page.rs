//! Page: draw every HTML page with the theme's tera templates.
//!
//! Site-wide lists (navigation, kinds with counts, UI strings) are computed once and put in
//! tera's global context; each page gets a small context of its own (the card and the cards
//! it links to), never a copy of the site. URLs in contexts are relative to the site root
//! (`cases/fact.html`); templates prefix them with `root` (`""` on the home page, `"../"` one
//! folder down), so every link in the output is relative.

use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use crate::card::{Card, FieldValue};
use crate::collate;
use crate::config::{Config, FieldType};
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::link::{CardId, EdgeType, Graph};
use crate::slug::slugify;
use crate::theme::Theme;

use crate::index::{SiteIndex, Term};

/// One page to write: its path in the output and its HTML.
pub struct Page {
    pub path: PathBuf,
    pub html: String,
}

#[derive(Serialize, Clone)]
struct CardRef<'a> {
    title: &'a str,
    url: &'a str,
    summary: Option<&'a str>,
    kind: &'a str,
}

#[derive(Serialize)]
struct Group<'a> {
    label: String,
    items: Vec<CardRef<'a>>,
}

#[derive(Serialize)]
struct TermRef {
    name: String,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct TermGroup {
    taxonomy: String,
    items: Vec<TermRef>,
}

#[derive(Serialize)]
struct FieldRow<'a> {
    label: String,
    value: String,
    /// List fields: their items, shown as a list.
    items: Vec<String>,
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

/// Where drawn pages go: written to the staging folder by `build`, dropped by `check`.
pub type Sink<'s> = dyn Fn(Page) -> Result<(), Diagnostic> + Sync + 's;

/// Everything a page is drawn from: the checked site and the cards' final body HTML.
pub struct Input<'a> {
    pub config: &'a Config,
    pub cards: &'a [Card],
    pub graph: &'a Graph,
    pub idx: &'a SiteIndex,
    /// Per card: the final body HTML, or `None` when `card.body.html` is final already.
    pub bodies: &'a [Option<String>],
}

/// Which pages to draw.
#[derive(Debug, Clone, Copy)]
pub struct Selection<'a> {
    /// Card pages: these cards, or every card when `None`.
    pub cards: Option<&'a [CardId]>,
    /// Home, 404, kind and taxonomy pages.
    pub others: bool,
    /// Printable decks: those holding one of these cards, or every deck when `None`.
    pub decks_with: Option<&'a [CardId]>,
}

impl Selection<'_> {
    /// Every page of the site.
    pub const ALL: Selection<'static> = Selection {
        cards: None,
        others: true,
        decks_with: None,
    };
}

/// Draws the selected pages, handing each to `sink` as soon as it is drawn, in parallel.
/// Returns the paths of the pages drawn.
pub fn render_pages(
    input: &Input,
    theme: &mut Theme,
    select: Selection,
    sink: &Sink,
) -> Result<Vec<PathBuf>, Diagnostics> {
    let only = select.cards;
    let others = select.others;
    let Input {
        config,
        cards,
        graph,
        idx,
        bodies,
    } = *input;
    set_globals(config, theme, idx);
    let theme = &*theme;
    let ctx = Ctx {
        config,
        theme,
        cards,
        graph,
        idx,
        bodies,
    };
    let deliver = |page: Result<Page, Diagnostic>| -> Result<PathBuf, Diagnostic> {
        let page = page?;
        let path = page.path.clone();
        sink(page)?;
        Ok(path)
    };
    let mut results: Vec<Result<PathBuf, Diagnostic>> = match only {
        None => (0..cards.len())
            .into_par_iter()
            .map(|id| deliver(ctx.card_page(id)))
            .collect(),
        Some(ids) => ids.par_iter().map(|&id| deliver(ctx.card_page(id))).collect(),
    };
    if others {
        results.push(deliver(ctx.home()));
        results.push(deliver(ctx.simple("404.html", "404.html", "")));
        results.push(deliver(ctx.simple("search.html", "search.html", "")));
        for (kind, ids) in &idx.by_kind {
            results.push(deliver(ctx.kind_page(kind, ids)));
        }
        for (tax, terms) in &idx.terms {
            results.push(deliver(ctx.taxonomy_page(tax, terms)));
            let pages: Vec<_> = terms.par_iter().map(|t| deliver(ctx.term_page(tax, t))).collect();
            results.extend(pages);
        }
    }
    // Printable decks: every kind, and every course path in its order.
    let wanted = |ids: &[CardId]| select.decks_with.is_none_or(|w| ids.iter().any(|i| w.contains(i)));
    for (kind, ids) in &idx.by_kind {
        if wanted(ids) {
            results.push(deliver(ctx.kind_deck(kind, ids)));
        }
        if config.kinds[kind].course {
            for &path in ids {
                let steps = &graph.steps[path];
                if wanted(steps) || select.decks_with.is_some_and(|w| w.contains(&path)) {
                    results.push(deliver(ctx.path_deck(path, steps)));
                }
            }
        }
    }
    let mut paths = Vec::with_capacity(results.len());
    let mut diags = Diagnostics::new();
    for r in results {
        match r {
            Ok(p) => paths.push(p),
            Err(d) => diags.push(d),
        }
    }
    if diags.is_empty() { Ok(paths) } else { Err(diags) }
}

fn set_globals(config: &Config, theme: &mut Theme, idx: &SiteIndex) {
    #[derive(Serialize)]
    struct NavKind<'a> {
        name: &'a str,
        singular: &'a str,
        plural: &'a str,
        url: String,
        count: usize,
    }
    #[derive(Serialize)]
    struct NavTax<'a> {
        name: &'a str,
        singular: &'a str,
        plural: &'a str,
        url: String,
        count: usize,
    }
    let kinds: Vec<NavKind> = idx
        .by_kind
        .iter()
        .map(|(k, ids)| {
            let kc = &config.kinds[k];
            NavKind {
                name: k,
                singular: &kc.singular,
                plural: &kc.plural,
                url: format!("{}/index.html", kc.folder.get_ref()),
                count: ids.len(),
            }
        })
        .collect();
    let taxonomies: Vec<NavTax> = idx
        .terms
        .iter()
        .map(|(t, terms)| {
            let tc = &config.taxonomies[t];
            NavTax {
                name: t,
                singular: &tc.singular,
                plural: &tc.plural,
                url: format!("{t}/index.html"),
                count: terms.len(),
            }
        })
        .collect();
    let g = theme.tera.global_context();
    g.insert(
        "site",
        &serde_json::json!({
            "title": config.title,
            "description": config.description,
            "base_url": config.has_absolute_base_url().then(|| format!("{}/", config.base_url.trim_end_matches('/'))),
            "lang": config.language.code(),
        }),
    );
    g.insert("nav_kinds", &kinds);
    g.insert("nav_taxonomies", &taxonomies);
    g.insert("t", &theme.strings);
}

struct Ctx<'a> {
    config: &'a Config,
    theme: &'a Theme,
    cards: &'a [Card],
    graph: &'a Graph,
    idx: &'a SiteIndex,
    bodies: &'a [Option<String>],
}

impl<'a> Ctx<'a> {
    fn card_ref(&self, id: CardId) -> CardRef<'a> {
        let c = &self.cards[id];
        CardRef {
            title: &c.title,
            url: &self.idx.urls[id],
            summary: c.summary.as_deref(),
            kind: &self.config.kinds[&c.kind].singular,
        }
    }

    fn render(&self, template: &str, path: PathBuf, mut ctx: tera::Context) -> Result<Page, Diagnostic> {
        // The page's own address, for a canonical link when the site has an absolute base URL.
        ctx.insert("page_url", &path.to_string_lossy().replace('\\', "/"));
        match self.theme.tera.render(template, &ctx) {
            Ok(html) => Ok(Page { path, html }),
            Err(e) => {
                let mut msg = e.to_string();
                let mut src: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(&e);
                while let Some(s) = src {
                    msg.push_str(": ");
                    msg.push_str(&s.to_string());
                    src = s.source();
                }
                Err(Diagnostic::error(
                    format!("templates/{template}"),
                    Position::new(1, 1),
                    format!("rendering {} failed: {}", path.display(), msg.trim()),
                ))
            }
        }
    }

    fn simple(&self, template: &str, path: &str, root: &str) -> Result<Page, Diagnostic> {
        let mut ctx = tera::Context::new();
        ctx.insert("root", root);
        self.render(template, PathBuf::from(path), ctx)
    }

    fn home(&self) -> Result<Page, Diagnostic> {
        let mut most: Vec<CardId> = (0..self.cards.len()).collect();
        most.sort_by(|&a, &b| {
            self.graph
                .link_count(b)
                .cmp(&self.graph.link_count(a))
                .then_with(|| collate::compare(&self.cards[a].title, &self.cards[b].title))
        });
        most.truncate(12);
        let courses: Vec<CardRef> = self
            .idx
            .by_kind
            .iter()
            .filter(|(k, _)| self.config.kinds[k].course)
            .flat_map(|(_, ids)| ids.iter().map(|&i| self.card_ref(i)))
            .collect();
        let mut ctx = tera::Context::new();
        ctx.insert("root", "");
        ctx.insert(
            "most_linked",
            &most.iter().map(|&i| self.card_ref(i)).collect::<Vec<_>>(),
        );
        ctx.insert("courses", &courses);
        self.render("home.html", PathBuf::from("index.html"), ctx)
    }

    fn kind_page(&self, kind: &str, ids: &[CardId]) -> Result<Page, Diagnostic> {
        let kc = &self.config.kinds[kind];
        let mut ctx = tera::Context::new();
        ctx.insert("root", "../");
        ctx.insert(
            "kind",
            &serde_json::json!({"name": kind, "singular": kc.singular, "plural": kc.plural}),
        );
        ctx.insert("cards", &ids.iter().map(|&i| self.card_ref(i)).collect::<Vec<_>>());
        self.render("kind.html", PathBuf::from(kc.folder.get_ref()).join("index.html"), ctx)
    }

    fn taxonomy_page(&self, tax: &str, terms: &[Term]) -> Result<Page, Diagnostic> {
        let tc = &self.config.taxonomies[tax];
        let mut ctx = tera::Context::new();
        ctx.insert("root", "../");
        ctx.insert(
            "taxonomy",
            &serde_json::json!({"name": tax, "singular": tc.singular, "plural": tc.plural}),
        );
        let items: Vec<TermRef> = terms
            .iter()
            .map(|t| TermRef {
                name: t.name.clone(),
                url: format!("{tax}/{}.html", t.slug),
                count: t.cards.len(),
            })
            .collect();
        ctx.insert("terms", &items);
        self.render("taxonomy.html", PathBuf::from(tax).join("index.html"), ctx)
    }

    fn term_page(&self, tax: &str, term: &Term) -> Result<Page, Diagnostic> {
        let tc = &self.config.taxonomies[tax];
        let mut ctx = tera::Context::new();
        ctx.insert("root", "../");
        ctx.insert("taxonomy", &serde_json::json!({"name": tax, "singular": tc.singular, "plural": tc.plural, "url": format!("{tax}/index.html")}));
        ctx.insert("term", &serde_json::json!({"name": term.name}));
        ctx.insert(
            "cards",
            &term.cards.iter().map(|&i| self.card_ref(i)).collect::<Vec<_>>(),
        );
        self.render("term.html", PathBuf::from(tax).join(format!("{}.html", term.slug)), ctx)
    }

    fn kind_deck(&self, kind: &str, ids: &[CardId]) -> Result<Page, Diagnostic> {
        let kc = &self.config.kinds[kind];
        let folder = kc.folder.get_ref();
        let back = CardRef {
            title: &kc.plural,
            url: &format!("{folder}/index.html"),
            summary: None,
            kind: "",
        };
        self.deck(&kc.plural, back, ids, PathBuf::from(folder).join("index.print.html"))
    }

    fn path_deck(&self, path: CardId, steps: &[CardId]) -> Result<Page, Diagnostic> {
        let card = &self.cards[path];
        let file =
            PathBuf::from(self.config.kinds[&card.kind].folder.get_ref()).join(format!("{}.print.html", card.slug));
        self.deck(&card.title, self.card_ref(path), steps, file)
    }

    /// A printable deck: the cards with their questions and self-test cards, for workshops.
    fn deck(&self, title: &str, back: CardRef, ids: &[CardId], file: PathBuf) -> Result<Page, Diagnostic> {
        #[derive(Serialize)]
        struct DeckCard<'a> {
            #[serde(flatten)]
            card: CardRef<'a>,
            questions: &'a [String],
            flashcards: &'a [crate::card::Flashcard],
            source: Option<String>,
        }
        let cards: Vec<DeckCard> = ids
            .iter()
            .map(|&i| {
                let c = &self.cards[i];
                let source = c.source.as_ref().map(|s| match &s.locator {
                    Some(l) => format!("{}, {l}", s.document),
                    None => s.document.clone(),
                });
                DeckCard {
                    card: self.card_ref(i),
                    questions: &c.questions,
                    flashcards: &c.flashcards,
                    source,
                }
            })
            .collect();
        let mut ctx = tera::Context::new();
        ctx.insert("root", "../");
        ctx.insert("deck", &serde_json::json!({ "title": title, "back": back }));
        ctx.insert("cards", &cards);
        self.render("print.html", file, ctx)
    }

    fn card_page(&self, id: CardId) -> Result<Page, Diagnostic> {
        let card = &self.cards[id];
        let kc = &self.config.kinds[&card.kind];
        let g = self.graph;
        let strings = &self.theme.strings;
        let s = |k: &str| strings.get(k).cloned().unwrap_or_else(|| k.to_string());

        // Typed relations, grouped by type in the order of samkort.toml.
        // A symmetric relation ("related to") is one list however it was written; the others
        // show outgoing edges under their label and incoming ones under the inverse label.
        let symmetric = |ty: EdgeType| matches!(ty, EdgeType::Relation(i) if self.config.relations[i].symmetric);
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
                    let EdgeType::Relation(i) = ty else { return None };
                    let rc = &self.config.relations[i];
                    let label = if outgoing { rc.label.clone() } else { rc.inverse.clone() };
                    Some(Group {
                        label,
                        items: ids.into_iter().map(|i| self.card_ref(i)).collect(),
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
        let relations_out = group(&mut out_edges);
        let mut in_edges = g.incoming[id]
            .iter()
            .filter(|e| !symmetric(e.ty))
            .map(|e| (e.ty, e.from, false));
        let relations_in = group(&mut in_edges);
        let backlinks: Vec<CardRef> = g.backlinks[id].iter().map(|&i| self.card_ref(i)).collect();

        let terms: Vec<TermGroup> = card
            .terms
            .iter()
            .filter(|(_, names)| !names.is_empty())
            .map(|(tax, names)| TermGroup {
                taxonomy: self.config.taxonomies[tax].plural.clone(),
                items: names
                    .iter()
                    .map(|n| TermRef {
                        name: self.config.taxonomies[tax].display(n).to_string(),
                        url: format!("{tax}/{}.html", slugify(n)),
                        count: 0,
                    })
                    .collect(),
            })
            .collect();

        let fields: Vec<FieldRow> = card
            .fields
            .iter()
            .map(|(name, value)| {
                let spec = &kc.fields[name];
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
                let (value, items) = match value {
                    FieldValue::Text(t) if spec.ty == FieldType::Enum => {
                        (spec.labels.get(t).cloned().unwrap_or_else(|| t.clone()), Vec::new())
                    }
                    FieldValue::List(items) => (String::new(), items.clone()),
                    other => (other.display(&s("yes"), &s("no")), Vec::new()),
                };
                FieldRow {
                    label,
                    value,
                    items,
                    links,
                }
            })
            .collect();

        let siblings = self
            .idx
            .by_kind
            .iter()
            .find(|(k, _)| k == &card.kind)
            .map(|(_, ids)| ids.as_slice())
            .unwrap_or(&[]);
        let at = siblings.iter().position(|&i| i == id);
        let prev = at.and_then(|p| p.checked_sub(1)).map(|p| self.card_ref(siblings[p]));
        let next = at.and_then(|p| siblings.get(p + 1)).map(|&i| self.card_ref(i));

        let paths: Vec<PathNav> = g.in_paths[id]
            .iter()
            .map(|st| PathNav {
                path: self.card_ref(st.path),
                slug: self.cards[st.path].slug.as_str(),
                position: st.index + 1,
                total: g.steps[st.path].len(),
                prev: st.prev.map(|i| self.card_ref(i)),
                next: st.next.map(|i| self.card_ref(i)),
            })
            .collect();
        let steps: Vec<CardRef> = g.steps[id].iter().map(|&i| self.card_ref(i)).collect();

        let source = card.source.as_ref().map(|src| {
            serde_json::json!({
                "document": src.document,
                "locator": src.locator,
                "card": g.source_card[id].map(|i| self.card_ref(i)),
            })
        });

        let mut ctx = tera::Context::new();
        ctx.insert("root", "../");
        ctx.insert(
            "card",
            &serde_json::json!({
                "title": card.title,
                "slug": card.slug,
                "url": self.idx.urls[id],
                "summary": card.summary,
                "kind": {"name": card.kind, "singular": kc.singular, "plural": kc.plural, "url": format!("{}/index.html", kc.folder.get_ref())},
                "body": self.bodies[id].as_deref().unwrap_or(&card.body.html),
                "headings": card.body.headings,
                "questions": card.questions,
                "flashcards": card.flashcards,
                "source": source,
                "is_course": kc.course,
            }),
        );
        ctx.insert("fields", &fields);
        ctx.insert("terms", &terms);
        ctx.insert("relations_out", &relations_out);
        ctx.insert("relations_in", &relations_in);
        ctx.insert("backlinks", &backlinks);
        ctx.insert("prev", &prev);
        ctx.insert("next", &next);
        ctx.insert("paths", &paths);
        ctx.insert("steps", &steps);
        self.render("card.html", PathBuf::from(&self.idx.urls[id]), ctx)
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
