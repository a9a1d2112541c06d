//! Emit: the files beside the pages: static assets, sitemap.xml and the graph as JSON.
//!
//! Like pages, these are plain (path, bytes) pairs; the publish stage writes them.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde::Serialize;

use crate::card::Card;
use crate::config::Config;
use crate::link::{EdgeType, Graph};

/// A file to write: its path in the output and its bytes.
pub struct Output {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// The graph of the site: cards and the links between them, for visualisations.
pub fn graph_json(config: &Config, cards: &[Card], graph: &Graph, urls: &[String]) -> Output {
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
    let nodes: Vec<Node> = cards
        .iter()
        .enumerate()
        .map(|(i, c)| Node {
            id: c.slug.as_str(),
            title: &c.title,
            kind: &c.kind,
            url: &urls[i],
        })
        .collect();
    let mut links = Vec::new();
    for (id, edges) in graph.outgoing.iter().enumerate() {
        for e in edges {
            let ty = match e.ty {
                EdgeType::Relation(i) => config.relations.get_index(i).map_or("relation", |(n, _)| n.as_str()),
                EdgeType::Field(i) => config.kinds[&cards[id].kind]
                    .fields
                    .get_index(i)
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
    #[derive(Serialize)]
    struct GraphFile<'a> {
        nodes: Vec<Node<'a>>,
        links: Vec<Link<'a>>,
    }
    let json = serde_json::to_vec(&GraphFile { nodes, links }).unwrap_or_default();
    Output {
        path: PathBuf::from("graph.json"),
        bytes: json,
    }
}

/// sitemap.xml, only when base_url is an absolute URL (a sitemap needs full URLs).
pub fn sitemap(config: &Config, pages: &[PathBuf]) -> Option<Output> {
    if !config.has_absolute_base_url() {
        return None;
    }
    let base = config.base_url.trim_end_matches('/');
    let mut paths: Vec<String> = pages
        .iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .filter(|p| p != "404.html")
        .collect();
    paths.sort();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in paths {
        let mut loc = String::new();
        let _ = pulldown_cmark_escape::escape_html(&mut loc, &format!("{base}/{p}"));
        let _ = writeln!(xml, "  <url><loc>{loc}</loc></url>");
    }
    xml.push_str("</urlset>\n");
    Some(Output {
        path: PathBuf::from("sitemap.xml"),
        bytes: xml.into_bytes(),
    })
}

/// The theme's static files under `static/`, and the content folder's non-Markdown files.
pub fn assets(
    theme_static: &[(PathBuf, Vec<u8>)],
    content_assets: &[(PathBuf, PathBuf)],
) -> std::io::Result<Vec<Output>> {
    let mut out: Vec<Output> = theme_static
        .iter()
        .map(|(p, b)| Output {
            path: PathBuf::from("static").join(p),
            bytes: b.clone(),
        })
        .collect();
    for (abs, rel) in content_assets {
        out.push(Output {
            path: rel.clone(),
            bytes: std::fs::read(abs)?,
        });
    }
    Ok(out)
}
