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
    next_slot(html)?;
    let mut out = String::with_capacity(html.len() + links.len() * 32);
    let mut rest = html;
    while let Some(start) = next_slot(rest) {
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

/// Where the first slot (for a URL or a title) in `html` starts. The markers are private-use
/// characters whose UTF-8 starts with the byte 0xEE, which is found with memchr: a body is
/// mostly text without slots.
fn next_slot(html: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = memchr::memchr(0xEE, &html.as_bytes()[from..]) {
        let at = from + i;
        if html[at..].starts_with([SLOT_URL, SLOT_TITLE]) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The sentence around the first link to `to` in card `from`'s body, as plain text: what a backlink shows
/// as its context. Cut to about [`CONTEXT_CHARS`] characters around the link.
pub fn link_context(from: CardId, to: CardId, cards: &[Card], graph: &Graph) -> Option<String> {
    let link = graph.body_links[from]
        .iter()
        .position(|l| l.as_ref().is_some_and(|l| l.to == to))?;
    let html = &cards[from].body.html;
    let (at, slot_len) = find_slot(html, link)?;
    // The block the link is in: from the tag that opens it to the one that closes it.
    // Only the tags between the block's edges and the link are looked at, so a card with many
    // backlinks costs the size of their paragraphs, not of their bodies.
    let start = html[..at]
        .rmatch_indices('<')
        .map(|(i, _)| i)
        .find(|&i| {
            ["<p>", "<li>", "<td", "<th", "<dd>"]
                .iter()
                .any(|t| html[i..].starts_with(t))
        })
        .unwrap_or(0);
    let end = html[at..]
        .match_indices('<')
        .map(|(i, _)| at + i)
        .find(|&i| {
            ["</p>", "</li>", "</td>", "</th>", "</dd>", "<ul>", "<ol>"]
                .iter()
                .any(|t| html[i..].starts_with(t))
        })
        .unwrap_or(html.len());
    let (mut text, mut mark) = (String::with_capacity(end - start), 0);
    let mut pos = start;
    while pos < end {
        let rest = &html[pos..end];
        // Text is copied a run at a time, up to the next tag, entity or slot (whose marker
        // characters all start with the byte 0xEE).
        let plain = memchr::memchr3(b'<', b'&', 0xEE, rest.as_bytes()).unwrap_or(rest.len());
        text.push_str(&rest[..plain]);
        pos += plain;
        let rest = &rest[plain..];
        let Some(c) = rest.chars().next() else { break };
        match c {
            '<' => match rest.find('>') {
                Some(i) => {
                    // The link's slot is the value of this tag's href.
                    if pos <= at && at + slot_len <= pos + i {
                        mark = text.len();
                    }
                    // A tag ends words as a space would when it is a block or a line break.
                    if rest[..i].starts_with("<br") || rest[..i].starts_with("</li") {
                        text.push(' ');
                    }
                    pos += i + 1;
                }
                None => break,
            },
            SLOT_TITLE => {
                let after = &rest[SLOT_TITLE.len_utf8()..];
                let Some(e) = after.find(SLOT_END) else { break };
                let title = after[..e]
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| graph.body_links[from].get(i))
                    .and_then(Option::as_ref)
                    .map_or("", |l| cards[l.to].title.as_str());
                text.push_str(title);
                pos += SLOT_TITLE.len_utf8() + e + SLOT_END.len_utf8();
            }
            '&' => {
                let (s, n) = [
                    ("&amp;", '&'),
                    ("&lt;", '<'),
                    ("&gt;", '>'),
                    ("&quot;", '"'),
                    ("&#39;", '\''),
                ]
                .iter()
                .find(|(e, _)| rest.starts_with(e))
                .map_or(("&", '&'), |&(e, c)| (e, c));
                text.push(n);
                pos += s.len();
            }
            _ => {
                text.push(c);
                pos += c.len_utf8();
            }
        }
    }
    sentence(&text, mark)
}

/// Where the slot for the URL of link `link` starts in `html`, and its length in bytes.
fn find_slot(html: &str, link: usize) -> Option<(usize, usize)> {
    let mut digits = itoa::Buffer::new();
    let n = digits.format(link);
    let at = html.match_indices(SLOT_URL).map(|(i, _)| i).find(|&i| {
        let after = &html[i + SLOT_URL.len_utf8()..];
        after.starts_with(n) && after[n.len()..].starts_with(SLOT_END)
    })?;
    Some((at, SLOT_URL.len_utf8() + n.len() + SLOT_END.len_utf8()))
}

/// At most this many characters of context around a link.
pub const CONTEXT_CHARS: usize = 220;

/// The sentence of `text` that holds byte `mark`, whitespace collapsed, cut around the mark
/// when it is long.
fn sentence(text: &str, mark: usize) -> Option<String> {
    // A sentence ends at . ! or ? followed by a space: a cut just after it. Read as bytes:
    // these are ASCII, and an ASCII byte is never part of another character.
    let bytes = text.as_bytes();
    let cut = |c: usize| matches!(bytes[c - 1], b'.' | b'!' | b'?') && text[c..].starts_with(char::is_whitespace);
    let from = (1..=mark).rev().find(|&c| cut(c)).unwrap_or(0);
    let to = (mark + 1..=text.len()).find(|&c| cut(c)).unwrap_or(text.len());
    let mut s = String::with_capacity(to - from);
    for word in text[from..to].split_whitespace() {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(word);
    }
    if s.is_empty() {
        return None;
    }
    if s.chars().count() > CONTEXT_CHARS {
        // Keep the words around the link: the mark's place among the sentence's characters.
        let before = text[from..mark.max(from)]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let at = before.chars().count();
        let skip = at.saturating_sub(CONTEXT_CHARS / 3);
        let cut: String = s.chars().skip(skip).take(CONTEXT_CHARS).collect();
        let cut = cut.trim();
        s = format!(
            "{}{}{}",
            if skip > 0 { "… " } else { "" },
            cut,
            if skip + CONTEXT_CHARS < s.chars().count() {
                " …"
            } else {
                ""
            }
        );
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::sentence;

    #[test]
    fn the_context_is_the_sentence_with_the_link() {
        let t = "Første sætning. Her står linket midt i. Og så en til.";
        let mark = t.find("linket").unwrap_or(0);
        assert_eq!(sentence(t, mark).as_deref(), Some("Her står linket midt i."));
        assert_eq!(sentence(t, 0).as_deref(), Some("Første sætning."));
    }

    #[test]
    fn a_long_sentence_is_cut_around_the_link() {
        let t = format!("{} LINK {}", "ord ".repeat(200), "ord ".repeat(200));
        let mark = t.find("LINK").unwrap_or(0);
        let s = sentence(&t, mark).unwrap_or_default();
        assert!(s.contains("LINK"));
        assert!(s.starts_with("… ") && s.ends_with(" …"), "{s}");
        assert!(s.chars().count() <= super::CONTEXT_CHARS + 4);
    }
}
