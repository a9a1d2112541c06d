//! Render: finish each card's body HTML by filling the link slots the Markdown pass left,
//! now that the link stage knows every target.
//!
//! Links are relative (see [`crate::urls`]): valid under any sub-path and from file://. A link to
//! a card carries the card's summary (`data-preview`), which the theme shows on hover and focus.

use std::borrow::Cow;

use crate::card::Card;
use crate::config::Config;
use crate::link::{CardId, Graph, ResolvedLink};
use crate::markdown::{SLOT_END, SLOT_TITLE, SLOT_URL};
use crate::urls;

/// The final body HTML of one card, with every link slot filled. Filled while its page is
/// drawn and dropped with it, so the site never holds a second copy of every body.
/// `urls` are the cards' page URLs, as the site index has them.
pub fn body<'a>(id: CardId, cards: &'a [Card], graph: &Graph, urls: &[String], config: &Config) -> Cow<'a, str> {
    let html = &cards[id].body.html;
    match fill_slots(html, &urls[id], &graph.body_links[id], cards, urls, config) {
        Some(filled) => Cow::Owned(filled),
        None => Cow::Borrowed(html),
    }
}

/// The HTML with its slots filled, or `None` when it has no slots.
fn fill_slots(
    html: &str,
    page: &str,
    links: &[Option<ResolvedLink>],
    cards: &[Card],
    urls: &[String],
    config: &Config,
) -> Option<String> {
    if !html.contains([SLOT_URL, SLOT_TITLE]) {
        return None;
    }
    let mut out = String::with_capacity(html.len() + links.len() * 32);
    let mut rest = html;
    while let Some(start) = rest.find([SLOT_URL, SLOT_TITLE]) {
        out.push_str(&rest[..start]);
        let marker = rest[start..].chars().next().unwrap_or(SLOT_URL);
        let after = &rest[start + marker.len_utf8()..];
        let Some(end) = after.find(SLOT_END) else {
            rest = after;
            continue;
        };
        let link = after[..end]
            .parse::<usize>()
            .ok()
            .and_then(|i| links.get(i))
            .and_then(Option::as_ref);
        match (marker, link) {
            (SLOT_URL, Some(l)) => {
                out.push_str(&urls::link(page, &urls[l.to]));
                if let Some(f) = &l.fragment {
                    out.push('#');
                    out.push_str(&crate::markdown::href(f));
                }
                // The slot is the value of an href: close it and add what a link preview shows
                // (the page's own closing quote ends the last attribute).
                let target = &cards[l.to];
                if let Some(summary) = &target.summary {
                    out.push_str("\" data-preview-kind=\"");
                    let kind = &config.kind(target.kind).singular;
                    let _ = pulldown_cmark_escape::escape_html(&mut out, kind);
                    out.push_str("\" data-preview-title=\"");
                    let _ = pulldown_cmark_escape::escape_html(&mut out, &target.title);
                    out.push_str("\" data-preview=\"");
                    let _ = pulldown_cmark_escape::escape_html(&mut out, summary);
                }
            }
            (SLOT_URL, None) => out.push('#'),
            (_, Some(l)) => {
                let target = &cards[l.to];
                let heading = l
                    .fragment
                    .as_ref()
                    .and_then(|f| target.body.headings.iter().find(|h| &h.id == f));
                let text = match heading {
                    Some(h) => format!("{} › {}", target.title, h.text),
                    None => target.title.clone(),
                };
                let _ = pulldown_cmark_escape::escape_html(&mut out, &text);
            }
            (_, None) => out.push('?'),
        }
        rest = &after[end + SLOT_END.len_utf8()..];
    }
    out.push_str(rest);
    Some(out)
}
