//! Emit: the files beside the pages that are not search files: the graph as JSON and
//! sitemap.xml.

use std::fmt::Write as _;

use serde::Serialize;

use crate::card::{Card, EdgeType};
use crate::config::Config;
use crate::link::Graph;

/// `graph.json`: cards and the links between them, for visualisations.
pub fn graph_json(config: &Config, cards: &[Card], graph: &Graph, urls: &[String]) -> Vec<u8> {
    #[derive(Serialize)]
    struct Node<'a> {
        id: &'a str,
        title: &'a str,
        kind: &'a str,
        url: &'a str,
    }
    #[derive(Serialize)]
    struct Link<'a> {
        source: &'a str,
        target: &'a str,
        #[serde(rename = "type")]
        ty: &'a str,
    }
    #[derive(Serialize)]
    struct GraphFile<'a> {
        nodes: Vec<Node<'a>>,
        links: Vec<Link<'a>>,
    }
    let nodes: Vec<Node> = cards
        .iter()
        .enumerate()
        .map(|(i, c)| Node {
            id: c.slug.as_str(),
            title: &c.title,
            kind: config.kind_name(c.kind),
            url: &urls[i],
        })
        .collect();
    let mut links = Vec::new();
    for edges in &graph.outgoing {
        for e in edges {
            let ty = match e.ty {
                EdgeType::Relation(r) => config.relation_name(r),
                EdgeType::Field(k, f) => config
                    .kind(k)
                    .fields
                    .get_index(usize::from(f))
                    .map_or("field", |(n, _)| n.as_str()),
            };
            links.push(Link {
                source: cards[e.from].slug.as_str(),
                target: cards[e.to].slug.as_str(),
                ty,
            });
        }
    }
    for (to, froms) in graph.backlinks.iter().enumerate() {
        for &from in froms {
            links.push(Link {
                source: cards[from].slug.as_str(),
                target: cards[to].slug.as_str(),
                ty: "mention",
            });
        }
    }
    serde_json::to_vec(&GraphFile { nodes, links }).unwrap_or_default()
}

/// sitemap.xml of the given pages; the caller writes one only when base_url is an absolute URL
/// (a sitemap needs full URLs).
pub fn sitemap<'p>(config: &Config, pages: impl Iterator<Item = &'p str>) -> Vec<u8> {
    let base = config.base_url.trim_end_matches('/');
    let mut paths: Vec<&str> = pages.collect();
    paths.sort_unstable();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in paths {
        xml.push_str("  <url><loc>");
        let _ = pulldown_cmark_escape::escape_html(&mut xml, &format!("{base}/{p}"));
        let _ = writeln!(xml, "</loc></url>");
    }
    xml.push_str("</urlset>\n");
    xml.into_bytes()
}
