//! Maps of many cards: a whole site or a kind, drawn on a ring.
//!
//! Cards sit on a circle grouped by kind (in the order of samkort.toml, then as their kind lists
//! them), with a gap between kinds; their titles point outwards; each relation is a curve bent
//! towards the middle. The layout only depends on the order of the input, so the same site gives
//! the same picture byte for byte. A site too large to read this way is drawn as one node per
//! kind instead ([`clusters`]), with the number of relations between kinds on the lines.
//!
//! Each card's own lines are drawn inside its link, so pointing at or focusing a card lights up
//! what it is related to (CSS), and every node is a link.

use std::f64::consts::{FRAC_PI_2, TAU};
use std::fmt::Write as _;

use pulldown_cmark_escape::{escape_href, escape_html};

use super::{shape, short};

/// More cards than this are drawn as kinds ([`clusters`]); fewer, one by one.
pub const MAX_RING: usize = 400;

/// A card on a ring, or a kind on a cluster map.
pub struct Spot<'a> {
    pub title: &'a str,
    /// The kind's name, for the accessible name.
    pub kind: &'a str,
    pub href: String,
    pub tone: usize,
    pub shape: usize,
    /// Cards of a kind on a cluster map; 0 on a ring.
    pub count: usize,
}

/// Characters of a title shown beside its node.
const LABEL: usize = 26;

/// Draws `spots` on a ring; `group[i]` is the group (kind) of spot i, in runs; `edges` are
/// (from, to) pairs of spot indices.
pub fn ring(spots: &[Spot], group: &[usize], edges: &[(usize, usize)], name: &str) -> String {
    let gaps = group.windows(2).filter(|w| w[0] != w[1]).count() + usize::from(group.len() > 1);
    let slots = (spots.len() + gaps).max(1);
    let r = (slots as f64 * 15.0 / TAU).max(150.0);
    let half = r + 200.0;
    let mut slot = 0;
    let mut angle = Vec::with_capacity(spots.len());
    for (i, _) in spots.iter().enumerate() {
        if i > 0 && group[i] != group[i - 1] {
            slot += 1;
        }
        angle.push(-FRAC_PI_2 + TAU * slot as f64 / slots as f64);
        slot += 1;
    }
    let pos = |i: usize| (half + r * angle[i].cos(), half + r * angle[i].sin());
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); spots.len()];
    for &(a, b) in edges {
        if a < spots.len() && b < spots.len() && a != b {
            out_edges[a].push(b);
        }
    }
    let mut svg = String::with_capacity(1024 + spots.len() * 400 + edges.len() * 90);
    let mut label = String::new();
    let _ = escape_html(&mut label, name);
    let size = 2.0 * half;
    let _ = write!(
        svg,
        "<svg class=\"map ring\" viewBox=\"0 0 {size:.0} {size:.0}\" role=\"group\" aria-label=\"{label}\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    for (i, spot) in spots.iter().enumerate() {
        let (x, y) = pos(i);
        let mut href = String::new();
        let _ = escape_href(&mut href, &spot.href);
        let mut full = String::new();
        let shown = short(spot.title, LABEL);
        let _ = if shown == spot.title {
            escape_html(&mut full, &format!("{} ({})", spot.title, spot.kind))
        } else {
            escape_html(&mut full, &format!("{shown} {} ({})", spot.title, spot.kind))
        };
        let _ = write!(
            svg,
            "<a href=\"{href}\" aria-label=\"{full}\" class=\"tone-{}\">",
            spot.tone
        );
        for &j in &out_edges[i] {
            let (x2, y2) = pos(j);
            // Bent towards the middle, more for cards far apart.
            let (mx, my) = ((x + x2) / 2.0, (y + y2) / 2.0);
            let (cx, cy) = (half + (mx - half) * 0.25, half + (my - half) * 0.25);
            let _ = write!(
                svg,
                "<path class=\"edge\" d=\"M{x:.1} {y:.1}Q{cx:.1} {cy:.1} {x2:.1} {y2:.1}\"/>"
            );
        }
        shape(&mut svg, spot.shape, x, y, 5.0);
        // Titles point outwards and read left to right on both sides.
        let deg = angle[i].to_degrees();
        let (tx, ty) = (half + (r + 10.0) * angle[i].cos(), half + (r + 10.0) * angle[i].sin());
        let (rot, anchor) = if angle[i].cos() < -1e-9 {
            (deg + 180.0, "end")
        } else {
            (deg, "start")
        };
        let mut text = String::new();
        let _ = escape_html(&mut text, &shown);
        let _ = write!(
            svg,
            "<text x=\"{tx:.1}\" y=\"{ty:.1}\" dy=\"0.35em\" text-anchor=\"{anchor}\" transform=\"rotate({rot:.1} {tx:.1} {ty:.1})\" aria-hidden=\"true\">{text}</text></a>"
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Draws kinds as one node each, sized by their number of cards; `edges` are (from, to,
/// relations) between kinds.
pub fn clusters(spots: &[Spot], edges: &[(usize, usize, usize)], name: &str) -> String {
    let n = spots.len().max(1);
    let (half, r) = (420.0, 280.0);
    let pos = |i: usize| {
        let a = -FRAC_PI_2 + TAU * i as f64 / n as f64;
        (half + r * a.cos(), half + r * a.sin())
    };
    let most = spots.iter().map(|s| s.count).max().unwrap_or(1).max(1) as f64;
    let size_of = |s: &Spot| 10.0 + 34.0 * (s.count as f64 / most).sqrt();
    let mut svg = String::with_capacity(1024 + spots.len() * 500 + edges.len() * 200);
    let mut label = String::new();
    let _ = escape_html(&mut label, name);
    let _ = write!(
        svg,
        "<svg class=\"map clusters\" viewBox=\"0 0 {0:.0} {0:.0}\" role=\"group\" aria-label=\"{label}\" xmlns=\"http://www.w3.org/2000/svg\">",
        2.0 * half
    );
    for &(a, b, count) in edges {
        if a >= spots.len() || b >= spots.len() || a == b {
            continue;
        }
        let ((x1, y1), (x2, y2)) = (pos(a), pos(b));
        let width = 1.0 + (count as f64).ln_1p();
        let _ = write!(
            svg,
            "<line class=\"edge\" x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke-width=\"{width:.1}\"/>\
             <text class=\"count\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" aria-hidden=\"true\">{count}</text>",
            (x1 + x2) / 2.0,
            (y1 + y2) / 2.0
        );
    }
    for (i, spot) in spots.iter().enumerate() {
        let (x, y) = pos(i);
        let mut href = String::new();
        let _ = escape_href(&mut href, &spot.href);
        let mut text = String::new();
        let _ = escape_html(&mut text, &format!("{} ({})", spot.title, spot.count));
        let _ = write!(
            svg,
            "<a href=\"{href}\" aria-label=\"{text}\" class=\"tone-{}\">",
            spot.tone
        );
        shape(&mut svg, spot.shape, x, y, size_of(spot));
        let _ = write!(
            svg,
            "<text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" aria-hidden=\"true\">{text}</text></a>",
            y + size_of(spot) + 20.0
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spots(n: usize) -> Vec<Spot<'static>> {
        (0..n)
            .map(|i| Spot {
                title: "Et kort",
                kind: "Begreb",
                href: format!("k{i}.html"),
                tone: i % 2,
                shape: i % 2,
                count: 0,
            })
            .collect()
    }

    #[test]
    fn a_ring_draws_every_card_as_a_link_and_every_relation_once() {
        let groups = [0, 0, 0, 1, 1];
        let edges = [(0, 3), (1, 2), (4, 0)];
        let svg = ring(&spots(5), &groups, &edges, "Kort");
        assert_eq!(
            svg,
            ring(&spots(5), &groups, &edges, "Kort"),
            "the same input gives the same picture"
        );
        assert_eq!(svg.matches("<a href=").count(), 5);
        assert_eq!(svg.matches("<path class=\"edge\"").count(), 3);
        // The lines of a card are inside its link: card 4's one line is in the last link.
        let last = &svg[svg.rfind("<a href").unwrap_or(0)..];
        assert_eq!(last.matches("<path class=\"edge\"").count(), 1);
    }

    #[test]
    fn clusters_are_sized_by_their_cards_and_lines_say_how_many_relations() {
        let mut s = spots(3);
        for (i, c) in [(0, 5000), (1, 50), (2, 5)] {
            s[i].count = c;
        }
        let svg = clusters(&s, &[(0, 1, 1200), (1, 2, 3)], "Kort");
        assert!(svg.contains(">1200</text>") && svg.contains(">3</text>"));
        assert!(svg.contains("aria-label=\"Et kort (5000)\""));
        assert_eq!(svg.matches("<a href=").count(), 3);
    }
}
