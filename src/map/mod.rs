//! Map: a card's neighbourhood as a picture, drawn at build time.
//!
//! The card sits in the middle; the cards it is related to (both ways) and the cards that
//! mention it sit around it on an ellipse, in the order the page lists them, so the same input
//! gives the same picture byte for byte. Every node is a link. A kind has a colour *and* a
//! shape; a relation type has a line style; a legend names both. The lists of relations on the
//! page say the same in text. A large neighbourhood is capped at [`MAX_NODES`], and the picture
//! says how many more there are.

use std::fmt::Write as _;

pub mod ring;
pub mod steps;
mod tenths;

pub use tenths::Tenths;

use pulldown_cmark_escape::escape_html;

/// At most this many cards around the middle.
pub const MAX_NODES: usize = 16;

/// The shapes of kinds, by kind (the `shape` of a node is an index here); with eight colours
/// and five shapes, forty kinds each look different.
pub const SHAPES: [&str; 5] = ["circle", "square", "diamond", "triangle", "hexagon"];

/// Line styles of relation types, by the order the types are first met.
const DASHES: [&str; 6] = ["", "8 5", "2 4", "12 4 2 4", "1 6", "6 2"];

/// One card on the map.
pub struct Node<'a> {
    pub title: &'a str,
    pub kind: &'a str,
    /// The link to the card, as written in the page (relative to the page).
    pub href: String,
    pub tone: usize,
    pub shape: usize,
    /// The line style (an index into the legend's types) of its edge to the middle.
    pub style: usize,
    /// What the edge says, for the node's accessible name ("Ses i", "Nævnt i").
    pub label: &'a str,
}

/// A drawn map: the SVG, and the legend's entries.
pub struct Map {
    pub svg: String,
    /// (label, dash pattern) of each relation type on the map.
    pub lines: Vec<(String, &'static str)>,
    /// How many cards were left out.
    pub more: usize,
}

const W: f64 = 800.0;
const H: f64 = 440.0;

/// Draws `center` (title, tone, shape) with `nodes` around it; `types` are the line labels.
pub fn draw(center: (&str, usize, usize), nodes: &[Node], types: &[&str], total: usize, name: &str) -> Map {
    let shown = &nodes[..nodes.len().min(MAX_NODES)];
    let (cx, cy) = (W / 2.0, H / 2.0);
    // Room beside the ellipse for labels of 22 characters.
    let (rx, ry) = (W / 2.0 - 210.0, H / 2.0 - 50.0);
    let n = shown.len().max(1) as f64;
    let place = |i: usize| {
        let a = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n;
        (cx + rx * a.cos(), cy + ry * a.sin())
    };
    let mut svg = String::with_capacity(2048 + 600 * shown.len());
    let mut label = String::new();
    let _ = escape_html(&mut label, name);
    let _ = write!(
        svg,
        "<svg class=\"map\" viewBox=\"0 0 {W} {H}\" role=\"group\" aria-label=\"{label}\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    for (i, node) in shown.iter().enumerate() {
        let (x, y) = place(i);
        let dash = DASHES[node.style % DASHES.len()];
        let dash = if dash.is_empty() {
            String::new()
        } else {
            format!(" stroke-dasharray=\"{dash}\"")
        };
        let _ = write!(
            svg,
            "<line class=\"edge\" x1=\"{cx}\" y1=\"{cy}\" x2=\"{x}\" y2=\"{y}\"{dash}/>",
            cx = Tenths(cx),
            cy = Tenths(cy),
            x = Tenths(x),
            y = Tenths(y)
        );
    }
    for (i, node) in shown.iter().enumerate() {
        let (x, y) = place(i);
        // The accessible name starts with the text shown (a cut title shows cut), then says all.
        let shown_title = short(node.title, 22);
        let full = format!("{} ({}) – {}", node.title, node.kind, node.label);
        let mut name = String::new();
        let _ = if shown_title == node.title {
            escape_html(&mut name, &full)
        } else {
            escape_html(&mut name, &format!("{shown_title} {full}"))
        };
        let mut href = String::new();
        let _ = pulldown_cmark_escape::escape_href(&mut href, &node.href);
        let _ = write!(
            svg,
            "<a href=\"{href}\" aria-label=\"{name}\" class=\"tone-{}\">",
            node.tone
        );
        shape(&mut svg, node.shape, x, y, 11.0);
        let (anchor, tx, ty) = if (x - cx).abs() < 40.0 {
            ("middle", x, if y < cy { y - 18.0 } else { y + 28.0 })
        } else if x < cx {
            ("end", x - 18.0, y + 5.0)
        } else {
            ("start", x + 18.0, y + 5.0)
        };
        let mut text = String::new();
        let _ = escape_html(&mut text, &shown_title);
        let _ = write!(
            svg,
            "<text x=\"{tx}\" y=\"{ty}\" text-anchor=\"{anchor}\" aria-hidden=\"true\">{text}</text></a>",
            tx = Tenths(tx),
            ty = Tenths(ty)
        );
    }
    let _ = write!(svg, "<g class=\"center tone-{}\">", center.1);
    shape(&mut svg, center.2, cx, cy, 18.0);
    let mut text = String::new();
    let _ = escape_html(&mut text, &short(center.0, 30));
    let _ = write!(
        svg,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" aria-hidden=\"true\">{text}</text></g></svg>",
        Tenths(cx),
        Tenths(cy + 38.0)
    );
    let mut lines = Vec::new();
    for (i, t) in types.iter().enumerate() {
        if shown.iter().any(|n| n.style == i) {
            lines.push((t.to_string(), DASHES[i % DASHES.len()]));
        }
    }
    Map {
        svg,
        lines,
        more: total.saturating_sub(shown.len()),
    }
}

/// A kind's shape alone, for a legend. Drawn once per shape: every card's map has a legend.
pub fn legend_shape(shape_index: usize) -> &'static str {
    static LEGENDS: std::sync::LazyLock<[String; SHAPES.len()]> = std::sync::LazyLock::new(|| {
        std::array::from_fn(|index| {
            let mut svg = String::from(
                "<svg class=\"map-key\" viewBox=\"0 0 24 24\" width=\"18\" height=\"18\" aria-hidden=\"true\" focusable=\"false\">",
            );
            shape(&mut svg, index, 12.0, 12.0, 8.0);
            svg.push_str("</svg>");
            svg
        })
    });
    &LEGENDS[shape_index % SHAPES.len()]
}

/// The shape of a kind's node at (x, y), `r` its radius.
fn shape(svg: &mut String, index: usize, x: f64, y: f64, r: f64) {
    let t = Tenths;
    let _ = match SHAPES[index % SHAPES.len()] {
        "circle" => write!(
            svg,
            "<circle class=\"node\" cx=\"{}\" cy=\"{}\" r=\"{}\"/>",
            t(x),
            t(y),
            t(r)
        ),
        "square" => write!(
            svg,
            "<rect class=\"node\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
            t(x - r * 0.9),
            t(y - r * 0.9),
            t(r * 1.8),
            t(r * 1.8)
        ),
        "diamond" => write!(
            svg,
            "<path class=\"node\" d=\"M{x} {}L{} {y}L{x} {}L{} {y}Z\"/>",
            t(y - r * 1.2),
            t(x + r * 1.2),
            t(y + r * 1.2),
            t(x - r * 1.2),
            x = t(x),
            y = t(y)
        ),
        "triangle" => write!(
            svg,
            "<path class=\"node\" d=\"M{} {}L{} {}L{} {}Z\"/>",
            t(x),
            t(y - r * 1.2),
            t(x + r * 1.1),
            t(y + r * 0.8),
            t(x - r * 1.1),
            t(y + r * 0.8)
        ),
        _ => {
            let mut d = String::new();
            for k in 0..6 {
                let a = std::f64::consts::TAU * f64::from(k) / 6.0;
                let _ = write!(
                    d,
                    "{}{} {}",
                    if k == 0 { "M" } else { "L" },
                    t(x + r * a.cos()),
                    t(y + r * a.sin())
                );
            }
            write!(svg, "<path class=\"node\" d=\"{d}Z\"/>")
        }
    };
}

/// `s` cut to `n` characters with an ellipsis.
fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let cut: String = s.chars().take(n - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nodes(n: usize) -> Vec<Node<'static>> {
        (0..n)
            .map(|i| Node {
                title: "Et kort med en lang titel om samarbejde",
                kind: "Begreb",
                href: format!("../begreber/k{i}.html"),
                tone: i % 3,
                shape: i % 3,
                style: i % 2,
                label: "Ses i",
            })
            .collect()
    }

    #[test]
    fn the_same_neighbourhood_gives_the_same_picture_and_every_node_is_a_link() {
        let a = draw(("Tillid", 1, 1), &nodes(5), &["Ses i", "Nævnt i"], 5, "Forbindelser");
        let b = draw(("Tillid", 1, 1), &nodes(5), &["Ses i", "Nævnt i"], 5, "Forbindelser");
        assert_eq!(a.svg, b.svg);
        assert_eq!(a.svg.matches("<a href=\"../begreber/k").count(), 5);
        assert_eq!(a.svg.matches("<line class=\"edge\"").count(), 5);
        assert_eq!(a.lines, [("Ses i".to_string(), ""), ("Nævnt i".to_string(), "8 5")]);
        assert_eq!(a.more, 0);
        assert!(
            a.svg.contains(
                "aria-label=\"Et kort med en lang t… Et kort med en lang titel om samarbejde (Begreb) – Ses i\""
            ),
            "the accessible name starts with the text shown"
        );
        assert!(a.svg.contains(">Et kort med en lang t…</text>"));
    }

    #[test]
    fn a_large_neighbourhood_is_capped_and_says_how_many_more() {
        let m = draw(("Tillid", 0, 0), &nodes(40), &["Ses i", "Nævnt i"], 40, "x");
        assert_eq!(m.svg.matches("<a href").count(), MAX_NODES);
        assert_eq!(m.more, 40 - MAX_NODES);
    }

    #[test]
    fn kinds_differ_by_shape_as_well_as_colour() {
        let m = draw(("T", 0, 0), &nodes(3), &["a", "b"], 3, "x");
        assert!(m.svg.contains("<circle class=\"node\""));
        assert!(m.svg.contains("<rect class=\"node\""));
        assert!(m.svg.contains("<path class=\"node\" d=\"M"));
    }
}
