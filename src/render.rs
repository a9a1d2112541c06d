//! Render: finish each card's body HTML by filling the link slots the Markdown pass left,
//! now that the link stage knows every target.
//!
//! Card pages all live one folder deep (`<kind folder>/<slug>.html`), so a link from one card
//! to another is always `../<folder>/<slug>.html`: relative, valid under any sub-path and from
//! file://.

use rayon::prelude::*;

use crate::card::Card;
use crate::config::Config;
use crate::link::{Graph, ResolvedLink};
use crate::markdown::{SLOT_END, SLOT_TITLE, SLOT_URL};

/// The site-relative URL of a card's page: `cases/fact-modellen.html`.
pub fn card_url(config: &Config, card: &Card) -> String {
    format!("{}/{}.html", config.kinds[&card.kind].folder.get_ref(), card.slug)
}

/// The final body HTML of every card, with every link slot filled; `None` where the card's
/// HTML has no slots and is final as it is.
/// `urls` are the cards' page URLs, as the site index has them.
pub fn render_bodies(cards: &[Card], graph: &Graph, urls: &[String]) -> Vec<Option<String>> {
    cards
        .par_iter()
        .enumerate()
        .map(|(id, _)| render_body(id, cards, graph, urls))
        .collect()
}

/// The final body HTML of one card (see [`render_bodies`]); `urls` are the cards' page URLs.
pub fn render_body(id: usize, cards: &[Card], graph: &Graph, urls: &[String]) -> Option<String> {
    fill_slots(&cards[id].body.html, &graph.body_links[id], cards, urls)
}

/// The HTML with its slots filled, or `None` when it has no slots.
fn fill_slots(html: &str, links: &[Option<ResolvedLink>], cards: &[Card], urls: &[String]) -> Option<String> {
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
                out.push_str("../");
                out.push_str(&urls[l.to]);
                if let Some(f) = &l.fragment {
                    out.push('#');
                    out.push_str(&crate::markdown::href(f));
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
