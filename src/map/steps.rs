//! Pictures of order: a scale drawn as a staircase (the cards of a kind whose `order` is a
//! step, such as kendskab → respekt → tillid), and a course path drawn as its sequence.
//!
//! Both are links in the order of the text beside them (the kind's list, the path's steps),
//! which is their text alternative.

use std::fmt::Write as _;

use pulldown_cmark_escape::{escape_href, escape_html};

use super::short;

/// One step of a staircase or a path.
pub struct Step<'a> {
    pub title: &'a str,
    /// The link to the card, relative to the page.
    pub href: String,
    pub tone: usize,
}

/// A staircase: the first step lowest and leftmost. `current` is the step of the page it is
/// drawn on (marked, and not a link); `word` names a step ("Trin") in accessible names.
pub fn staircase(steps: &[Step], current: Option<usize>, word: &str, name: &str) -> String {
    let n = steps.len().max(1);
    let (w, rise) = (760.0 / n as f64, 36.0);
    let height = 40.0 + rise * n as f64;
    let chars = ((w - 16.0) / 8.5).max(6.0) as usize;
    let mut svg = String::with_capacity(512 + 400 * n);
    let mut label = String::new();
    let _ = escape_html(&mut label, name);
    let _ = write!(
        svg,
        "<svg class=\"staircase\" viewBox=\"0 0 760 {height:.0}\" role=\"group\" aria-label=\"{label}\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    for (i, step) in steps.iter().enumerate() {
        let x = w * i as f64;
        let top = height - rise * (i + 1) as f64;
        // The accessible name starts with the text shown (WCAG 2.5.3).
        let cut = short(step.title, chars);
        let mut full = String::new();
        let lead = if cut == step.title {
            String::new()
        } else {
            format!("{cut} ")
        };
        let _ = escape_html(&mut full, &format!("{lead}{} ({word} {} / {n})", step.title, i + 1));
        let mut shown = String::new();
        let _ = escape_html(&mut shown, &cut);
        let here = current == Some(i);
        let class = if here { " current" } else { "" };
        if here {
            let _ = write!(
                svg,
                "<g class=\"step{class} tone-{}\" aria-label=\"{full}\" role=\"img\">",
                step.tone
            );
        } else {
            let mut href = String::new();
            let _ = escape_href(&mut href, &step.href);
            let _ = write!(
                svg,
                "<a href=\"{href}\" class=\"step tone-{}\" aria-label=\"{full}\">",
                step.tone
            );
        }
        // The step's number is drawn on it but outside the link, whose name has it in words.
        let _ = write!(
            svg,
            "<rect class=\"node\" x=\"{:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{:.1}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" aria-hidden=\"true\">{shown}</text>{}\
             <text class=\"number{class}\" x=\"{:.1}\" y=\"{:.1}\" aria-hidden=\"true\">{}</text>",
            x + 2.0,
            w - 4.0,
            height - top,
            x + 10.0,
            top - 8.0,
            if here { "</g>" } else { "</a>" },
            x + 10.0,
            height - 10.0,
            i + 1,
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A course path as its sequence: numbered stops on a line, four to a row, each a link.
pub fn sequence(steps: &[Step], name: &str) -> String {
    const PER_ROW: usize = 4;
    let (col, row) = (190.0, 92.0);
    let rows = steps.len().div_ceil(PER_ROW).max(1);
    let height = 24.0 + row * rows as f64;
    let at = |i: usize| {
        (
            20.0 + col * (i % PER_ROW) as f64 + 14.0,
            30.0 + row * (i / PER_ROW) as f64,
        )
    };
    let mut svg = String::with_capacity(512 + 420 * steps.len());
    let mut label = String::new();
    let _ = escape_html(&mut label, name);
    let _ = write!(
        svg,
        "<svg class=\"sequence\" viewBox=\"0 0 780 {height:.0}\" role=\"group\" aria-label=\"{label}\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    for i in 1..steps.len() {
        let ((x1, y1), (x2, y2)) = (at(i - 1), at(i));
        let d = if y1 == y2 {
            format!("M{x1:.1} {y1:.1}H{x2:.1}")
        } else {
            // To the start of the next row: down, back, down.
            let mid = (y1 + y2) / 2.0 + 14.0;
            format!("M{x1:.1} {y1:.1}V{mid:.1}H{x2:.1}V{y2:.1}")
        };
        let _ = write!(svg, "<path class=\"edge\" d=\"{d}\"/>");
    }
    for (i, step) in steps.iter().enumerate() {
        let (x, y) = at(i);
        let mut href = String::new();
        let _ = escape_href(&mut href, &step.href);
        let cut = short(step.title, 21);
        let lead = if cut == step.title {
            String::new()
        } else {
            format!("{cut} ")
        };
        let mut full = String::new();
        let _ = escape_html(&mut full, &format!("{lead}{} ({})", step.title, i + 1));
        let mut shown = String::new();
        let _ = escape_html(&mut shown, &cut);
        // The number sits on the stop but outside the link, whose name has it.
        let _ = write!(
            svg,
            "<a href=\"{href}\" class=\"stop tone-{}\" aria-label=\"{full}\">\
             <circle class=\"node\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"13\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" aria-hidden=\"true\">{shown}</text></a>\
             <text class=\"number\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" aria-hidden=\"true\">{}</text>",
            step.tone,
            x - 14.0,
            y + 34.0,
            y + 4.5,
            i + 1,
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(n: usize) -> Vec<Step<'static>> {
        (0..n)
            .map(|i| Step {
                title: ["Kendskab", "Respekt", "Tillid"][i % 3],
                href: format!("k{i}.html"),
                tone: 1,
            })
            .collect()
    }

    #[test]
    fn a_staircase_rises_step_by_step_and_marks_where_the_page_is() {
        let svg = staircase(&steps(3), Some(1), "Trin", "Relationstrappen");
        assert_eq!(svg, staircase(&steps(3), Some(1), "Trin", "Relationstrappen"));
        assert_eq!(svg.matches("<a href=").count(), 2, "the current step is not a link");
        assert!(svg.contains("aria-label=\"Respekt (Trin 2 / 3)\" role=\"img\""));
        assert!(svg.contains("<a href=\"k2.html\" class=\"step tone-1\" aria-label=\"Tillid (Trin 3 / 3)\">"));
        // Each step is higher than the one before it.
        let tops: Vec<f64> = svg
            .match_indices("<rect class=\"node\" x=\"")
            .map(|(i, _)| {
                let rest = &svg[i..];
                let y = &rest[rest.find("y=\"").unwrap_or(0) + 3..];
                y[..y.find('"').unwrap_or(0)].parse().unwrap_or(f64::NAN)
            })
            .collect();
        assert_eq!(tops.len(), 3);
        assert!(tops[0] > tops[1] && tops[1] > tops[2], "{tops:?}");
    }

    #[test]
    fn a_sequence_links_every_step_in_order_and_joins_them() {
        let svg = sequence(&steps(6), "Forløbet");
        let hrefs: Vec<&str> = svg
            .match_indices("<a href=\"")
            .map(|(i, m)| {
                let rest = &svg[i + m.len()..];
                &rest[..rest.find('"').unwrap_or(0)]
            })
            .collect();
        assert_eq!(
            hrefs,
            ["k0.html", "k1.html", "k2.html", "k3.html", "k4.html", "k5.html"]
        );
        assert_eq!(svg.matches("<path class=\"edge\"").count(), 5);
        assert!(svg.contains("aria-label=\"Respekt (5)\""));
    }
}
