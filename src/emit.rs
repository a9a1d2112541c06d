//! Emit: the files beside the pages that are not search files: the graph as JSON and
//! sitemap.xml.

use std::fmt::Write as _;

use serde::Serialize;

use crate::card::{Card, EdgeType};
use crate::config::Config;
use crate::link::Graph;

/// `graph.json`: cards and the links between them, for visualisations. Links refer to nodes
/// and types by position, which keeps the file small on a large site:
///
/// ```json
/// {"nodes": [{"id": "tillid", "title": "Tillid", "kind": "relationsniveau", "url": "..."}],
///  "types": ["illustrerer", "mention"],
///  "links": [[0, 1, 0]]}
/// ```
///
/// A link is `[source node, target node, type]`; the types are the relation types of
/// samkort.toml, then the reference fields by name, then `mention` (a link in a body).
pub fn graph_json(config: &Config, cards: &[Card], graph: &Graph, urls: &[String]) -> Vec<u8> {
    #[derive(Serialize)]
    struct Node<'a> {
        id: &'a str,
        title: &'a str,
        kind: &'a str,
        url: &'a str,
    }
    #[derive(Serialize)]
    struct GraphFile<'a> {
        nodes: Vec<Node<'a>>,
        types: Vec<&'a str>,
        links: Vec<[u32; 3]>,
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
    let mut types: Vec<&str> = config.relations.keys().map(String::as_str).collect();
    let mut links = Vec::new();
    for edges in &graph.outgoing {
        for e in edges {
            let ty = match e.ty {
                EdgeType::Relation(r) => r.index(),
                EdgeType::Field(k, f) => {
                    let name = config
                        .kind(k)
                        .fields
                        .get_index(usize::from(f))
                        .map_or("field", |(n, _)| n.as_str());
                    match types.iter().position(|t| *t == name) {
                        Some(i) if i >= config.relations.len() => i,
                        _ => {
                            types.push(name);
                            types.len() - 1
                        }
                    }
                }
            };
            links.push([e.from as u32, e.to as u32, ty as u32]);
        }
    }
    let mention = types.len() as u32;
    types.push("mention");
    for (to, froms) in graph.backlinks.iter().enumerate() {
        links.extend(froms.iter().map(|&from| [from as u32, to as u32, mention]));
    }
    serde_json::to_vec(&GraphFile { nodes, types, links }).unwrap_or_default()
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
