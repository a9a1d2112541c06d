//! Urls: where every output file of a site goes, and how one page links to another. Nothing
//! else in the generator spells out an output path.
//!
//! Paths are relative to the site root and use `/` (`cases/fact-modellen.html`). Every link in
//! the output is relative too: a page prefixes a site path with [`root`], the way back from its
//! own folder to the site root, so a site works under any sub-path and straight from disk.
//!
//! Extra pages of a paginated list and printable decks put a dot in the file name
//! (`cases/index.2.html`, `forloeb/intro.print.html`): a slug never has a dot, so these names can
//! never be taken by a card.

use crate::config::{Config, KindId};

pub const HOME: &str = "index.html";
pub const NOT_FOUND: &str = "404.html";
pub const SEARCH: &str = "search.html";
pub const GRAPH: &str = "graph.json";
pub const SITEMAP: &str = "sitemap.xml";
/// The map of the whole site's relations.
pub const MAP: &str = "map.html";
/// The practice page of every flashcard of the site.
pub const PRACTICE: &str = "practice.html";
/// The folder of the theme's static files (CSS, scripts).
pub const STATIC: &str = "static";
/// The folder of the search index scripts.
pub const SEARCH_DIR: &str = "search";
/// The longest file name, in bytes, that common file systems allow (ext4, APFS, NTFS in UTF-16
/// units): an output whose name is longer cannot be written.
pub const MAX_FILE_NAME: usize = 255;

/// A card's page: `<kind folder>/<slug>.html`.
pub fn card(config: &Config, kind: KindId, slug: &str) -> String {
    format!("{}/{slug}.html", config.kind(kind).folder.get_ref())
}

/// Page `page` (0-based) of a kind's list of cards.
pub fn kind_index(config: &Config, kind: KindId, page: usize) -> String {
    paged(config.kind(kind).folder.get_ref(), "index", page)
}

/// The map of a kind's cards and their relations.
pub fn kind_map(config: &Config, kind: KindId) -> String {
    format!("{}/index.map.html", config.kind(kind).folder.get_ref())
}

/// The printable deck of all cards of a kind.
pub fn kind_deck(config: &Config, kind: KindId) -> String {
    format!("{}/index.print.html", config.kind(kind).folder.get_ref())
}

/// The printable deck of a course path, beside the path's page.
pub fn path_deck(config: &Config, kind: KindId, slug: &str) -> String {
    format!("{}/{slug}.print.html", config.kind(kind).folder.get_ref())
}

/// The practice page of a card (of a course path: with its steps), beside the card's page.
pub fn practice_card(config: &Config, kind: KindId, slug: &str) -> String {
    format!("{}/{slug}.practice.html", config.kind(kind).folder.get_ref())
}

/// The facilitator's guide of a course path: its session plan, beside the path's page.
pub fn guide(config: &Config, kind: KindId, slug: &str) -> String {
    format!("{}/{slug}.guide.html", config.kind(kind).folder.get_ref())
}

/// The practice page of every card of a kind.
pub fn practice_kind(config: &Config, kind: KindId) -> String {
    format!("{}/index.practice.html", config.kind(kind).folder.get_ref())
}

/// The practice page of the cards with a term, beside the term's page.
pub fn practice_term(taxonomy: &str, term_slug: &str) -> String {
    format!("{taxonomy}/{term_slug}.practice.html")
}

/// A taxonomy's list of terms.
pub fn taxonomy(taxonomy: &str) -> String {
    format!("{taxonomy}/index.html")
}

/// Page `page` (0-based) of a term's list of cards.
pub fn term(taxonomy: &str, term_slug: &str, page: usize) -> String {
    paged(taxonomy, term_slug, page)
}

/// A file of the search index: `search/<name>.js`.
pub fn search_script(name: &str) -> String {
    format!("{SEARCH_DIR}/{name}.js")
}

/// The search index's file of one card: `search/doc/<card number>.js`.
pub fn search_doc(id: usize) -> String {
    format!("{SEARCH_DIR}/doc/{id}.js")
}

/// A static file of the theme, by its path under the theme's `static/` folder.
pub fn static_file(rel: &str) -> String {
    format!("{STATIC}/{rel}")
}

fn paged(folder: &str, name: &str, page: usize) -> String {
    match page {
        0 => format!("{folder}/{name}.html"),
        n => format!("{folder}/{name}.{}.html", n + 1),
    }
}

/// The way from the folder of `path` back to the site root: `""` for `index.html`, `"../"` for
/// `cases/fact.html`.
pub fn root(path: &str) -> &'static str {
    const UP: &str = "../../../../../../../../";
    let depth = path.matches('/').count().min(UP.len() / 3);
    &UP[..depth * 3]
}

/// The site's root as an absolute path on its server (`/laering/ledelse/`), from `base_url`,
/// when base_url says it (`/...` or `https://host/...`). The 404 page links with it: a server
/// shows that page at whatever URL was asked for, so links relative to its own place would miss.
pub fn server_root(config: &Config) -> Option<String> {
    let base = config.base_url.trim();
    let path = match base.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None if base.starts_with('/') => base,
        None => return None,
    };
    Some(format!("{}/", path.trim_end_matches('/')))
}

/// A link from the page at `from` to the site path `to`.
pub fn link(from: &str, to: &str) -> String {
    format!("{}{to}", root(from))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_root_is_the_path_of_the_base_url() {
        let root = |base: &str| {
            let mut config = Config::parse(std::path::Path::new("."), "title = \"T\"\n").expect("config");
            config.base_url = base.to_string();
            server_root(&config)
        };
        assert_eq!(root("/").as_deref(), Some("/"));
        assert_eq!(root("/laering/ledelse").as_deref(), Some("/laering/ledelse/"));
        assert_eq!(root("https://intra.kommune.dk/laering/").as_deref(), Some("/laering/"));
        assert_eq!(root("https://intra.kommune.dk").as_deref(), Some("/"));
        assert_eq!(root("").as_deref(), None);
        assert_eq!(root("./").as_deref(), None);
    }

    #[test]
    fn roots_lead_back_to_the_site_root() {
        assert_eq!(root("index.html"), "");
        assert_eq!(root("cases/fact.html"), "../");
        assert_eq!(root("search/a.js"), "../");
        assert_eq!(
            link("cases/fact.html", "begreber/tillid.html"),
            "../begreber/tillid.html"
        );
    }

    #[test]
    fn later_pages_of_a_list_have_a_dot_no_slug_can_have() {
        assert_eq!(paged("cases", "index", 0), "cases/index.html");
        assert_eq!(paged("cases", "index", 1), "cases/index.2.html");
        assert_eq!(term("tags", "ledelse", 2), "tags/ledelse.3.html");
        assert!(!crate::slug::is_valid("index.2"));
    }
}
