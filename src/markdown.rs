//! Markdown bodies to HTML, in one pass of pulldown-cmark per card.
//!
//! The body is converted while the card is parsed (in parallel with all others), but links to
//! other cards cannot be written yet: their URL and default text depend on cards not seen so
//! far. Each such link leaves a *slot* in the HTML, a private-use marker holding the link's
//! index, which the render stage fills once the link stage has resolved every target. So the
//! Markdown is parsed exactly once, and resolving links is a cheap string pass.
//!
//! Also collected here: heading anchors (stable ids, Danish letters transliterated, duplicates
//! and ids the theme's templates use numbered `-1`, `-2`), whether the page has code, and the
//! body's first search words. The words come from the text events, so markup and link slots
//! never become words. Left out: the default text of `[[slug]]` (the target's title, not known
//! yet), code blocks (code would fill the index with identifiers; inline code is kept, it
//! usually names a thing) and raw HTML. Heading text counts as body text too, on top of the
//! headings' own weight in the index.

use std::collections::{HashMap, HashSet, VecDeque};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};

use crate::config::Language;
use crate::diagnostic::Position;
use crate::slug::slugify;
use crate::words::{BodyWords, BodyWordsReader};

/// Starts a slot for the URL of link N: `SLOT_URL N SLOT_END`.
pub const SLOT_URL: char = '\u{E000}';
/// Starts a slot for the default text (the target's title) of link N.
pub const SLOT_TITLE: char = '\u{E001}';
pub const SLOT_END: char = '\u{E002}';

/// A heading of a card body, with the anchor id it got.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// How a link to another card was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkStyle {
    /// `[[slug]]`, `[[slug|text]]`, `[[slug#heading]]`
    Wiki,
    /// `[text](../kind/slug.md#heading)`
    Markdown,
}

/// A link from a body to another card, waiting to be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyLink {
    pub target: String,
    pub fragment: Option<String>,
    pub style: LinkStyle,
    /// Where the link starts, in file lines.
    pub pos: Position,
    /// As written, for messages: `[[tilid]]`.
    pub written: String,
}

impl BodyLink {
    /// `[[slug|]]`: a wikilink whose shown text is empty, which would draw a link with nothing
    /// to click on.
    pub fn has_empty_text(&self) -> bool {
        self.style == LinkStyle::Wiki
            && self
                .written
                .strip_suffix("]]")
                .and_then(|w| w.split_once('|'))
                .is_some_and(|(_, text)| text.trim().is_empty())
    }
}

/// Ids the theme's templates write themselves (`<main id="indhold">`). A heading never takes
/// one, so a card called "Indhold" gets `indhold-1` and its page has no duplicate id. The theme
/// module collects them from the templates in use.
#[derive(Debug, Clone, Default)]
pub struct ReservedIds(HashSet<String>);

impl ReservedIds {
    pub fn contains(&self, id: &str) -> bool {
        self.0.contains(id)
    }
}

impl FromIterator<String> for ReservedIds {
    fn from_iter<I: IntoIterator<Item = String>>(ids: I) -> Self {
        ReservedIds(ids.into_iter().collect())
    }
}

/// A converted body.
#[derive(Debug, Clone, Default)]
pub struct Body {
    /// HTML with link slots.
    pub html: String,
    pub headings: Vec<Heading>,
    pub links: Vec<BodyLink>,
    pub has_code: bool,
    /// The first words of the body, for the search index.
    pub words: BodyWords,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

/// Converts `body`, whose first line is line `first_line` of its file. No heading gets an id
/// in `reserved`. Raw HTML is cleaned (see [`crate::sanitize`]) unless `raw_html` lets it
/// through as written.
pub fn convert(body: &str, first_line: usize, reserved: &ReservedIds, raw_html: bool, lang: Language) -> Body {
    // Our slot markers must not come from the input.
    let cleaned;
    let body = if body.contains([SLOT_URL, SLOT_TITLE, SLOT_END]) {
        cleaned = body.replace([SLOT_URL, SLOT_TITLE, SLOT_END], "\u{FFFD}");
        &cleaned
    } else {
        body
    };
    let mut conv = Converter {
        body,
        lines: LineCounter {
            offset: 0,
            line: first_line,
            column: 0,
        },
        out: Body::default(),
        ids: HeadingIds::new(reserved),
        heading: None,
        skip_link_text: false,
        link_stack: Vec::new(),
        code: None,
        words: BodyWordsReader::new(lang),
        has_raw_html: false,
    };
    let mut parser = Parser::new_ext(body, options()).into_offset_iter();
    let mut pending: VecDeque<Event> = VecDeque::new();
    let mut html = String::with_capacity(body.len() * 3 / 2);
    // Events stream from the parser through the converter into the HTML writer; only a
    // heading's events wait, until its id is known.
    let events = std::iter::from_fn(|| {
        loop {
            if let Some(e) = pending.pop_front() {
                return Some(e);
            }
            let (event, range) = parser.next()?;
            conv.feed(event, range, &mut pending);
        }
    });
    pulldown_cmark::html::push_html(&mut html, events);
    if conv.has_raw_html && !raw_html {
        html = crate::sanitize::clean(&html);
    }
    let mut out = conv.out;
    // Every card's HTML stays in memory until its page is drawn: keep no spare capacity. (A
    // copy, since an allocator may keep a shrunk buffer at its old size.)
    out.html = html.as_str().to_owned();
    out.words = conv.words.finish();
    out
}

/// Line and column of byte offsets that only move forward, without rescanning the text.
struct LineCounter {
    offset: usize,
    line: usize,
    /// Characters from the start of the line to `offset`, counted as the offset moved, so a
    /// line with thousands of links is not counted again for each of them.
    column: usize,
}

impl LineCounter {
    fn at(&mut self, text: &str, offset: usize) -> Position {
        if offset < self.offset {
            // Offsets from the parser can step back a little (nested inlines); rescan then.
            *self = LineCounter {
                offset: 0,
                line: self.line - text[..self.offset].matches('\n').count(),
                column: 0,
            };
        }
        for c in text[self.offset..offset].chars() {
            if c == '\n' {
                self.line += 1;
                self.column = 0;
            } else {
                self.column += 1;
            }
        }
        self.offset = offset;
        Position::new(self.line, self.column + 1)
    }
}

struct Converter<'a> {
    body: &'a str,
    lines: LineCounter,
    out: Body,
    ids: HeadingIds<'a>,
    /// Inside a heading: its level, custom id, text so far and buffered events.
    heading: Option<(HeadingLevel, Option<String>, String, Vec<Event<'a>>)>,
    /// Inside `[[slug]]` without shown text: its text events give way to the title slot.
    skip_link_text: bool,
    /// For each open link: whether we rewrote its start (so its end is rewritten too).
    link_stack: Vec<bool>,
    /// Inside a code block: its language and text so far.
    code: Option<(String, String)>,
    words: BodyWordsReader,
    /// The body has raw HTML, so its HTML must be cleaned.
    has_raw_html: bool,
}

impl<'a> Converter<'a> {
    fn emit(&mut self, event: Event<'a>, pending: &mut VecDeque<Event<'a>>) {
        match &mut self.heading {
            Some((_, _, _, buf)) => buf.push(event),
            None => pending.push_back(event),
        }
    }

    fn feed(&mut self, event: Event<'a>, range: std::ops::Range<usize>, pending: &mut VecDeque<Event<'a>>) {
        if let Some((lang, buf)) = &mut self.code {
            match event {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let html = crate::highlight::code_block(buf, lang);
                    self.code = None;
                    self.emit(Event::Html(html.into()), pending);
                }
                _ => {}
            }
            return;
        }
        match &event {
            Event::Text(_) | Event::Code(_) if self.skip_link_text => {}
            Event::Text(t) => self.words.text(t),
            Event::Code(t) => {
                self.words.boundary();
                self.words.text(t);
                self.words.boundary();
            }
            _ => self.words.boundary(),
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                self.out.has_code = true;
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => l.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                // `{#id}` is written by the author and goes into an attribute: only the
                // characters of an id stay (`{#x"onmouseover=...}` becomes a slug).
                let custom = id.map(
                    |s| match s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
                        true => s.to_string(),
                        false => slugify(&s),
                    },
                );
                self.heading = Some((level, custom.filter(|s| !s.is_empty()), String::new(), Vec::new()));
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                self.has_raw_html = true;
                self.emit(event, pending);
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = if crate::sanitize::safe_url(&dest_url, true) {
                    dest_url
                } else {
                    CowStr::Borrowed("")
                };
                self.emit(
                    Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }),
                    pending,
                );
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((_, custom, htext, buf)) = self.heading.take() {
                    let base = custom.unwrap_or_else(|| {
                        let s = slugify(&htext);
                        if s.is_empty() { "afsnit".into() } else { s }
                    });
                    let id = self.ids.claim(base);
                    let n = heading_number(level);
                    pending.push_back(Event::Html(format!("<h{n} id=\"{id}\">").into()));
                    pending.extend(buf);
                    pending.push_back(Event::Html(format!("</h{n}>\n").into()));
                    self.out.headings.push(Heading {
                        level: n,
                        id,
                        text: htext.trim().to_string(),
                    });
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let card_link = match link_type {
                    LinkType::WikiLink { has_pothole } => Some((LinkStyle::Wiki, !has_pothole)),
                    _ if is_relative_md(&dest_url) => Some((LinkStyle::Markdown, false)),
                    _ => None,
                };
                let Some((style, default_text)) = card_link else {
                    self.link_stack.push(false);
                    let dest_url = if crate::sanitize::safe_url(&dest_url, false) {
                        dest_url
                    } else {
                        CowStr::Borrowed("#")
                    };
                    self.emit(
                        Event::Start(Tag::Link {
                            link_type,
                            dest_url,
                            title,
                            id,
                        }),
                        pending,
                    );
                    return;
                };
                let (target, fragment) = split_target(&dest_url, style);
                let n = self.out.links.len();
                let pos = self.lines.at(self.body, range.start);
                self.out.links.push(BodyLink {
                    target,
                    fragment,
                    style,
                    pos,
                    written: self.body[range].to_string(),
                });
                let mut open = format!("<a href=\"{SLOT_URL}{n}{SLOT_END}\"");
                if !title.is_empty() {
                    open.push_str(" title=\"");
                    let _ = escape_html(&mut open, &title);
                    open.push('"');
                }
                open.push('>');
                if default_text {
                    open.push_str(&format!("{SLOT_TITLE}{n}{SLOT_END}"));
                    self.skip_link_text = true;
                }
                self.link_stack.push(true);
                self.emit(Event::Html(open.into()), pending);
            }
            Event::End(TagEnd::Link) => {
                self.skip_link_text = false;
                let end = if self.link_stack.pop() == Some(true) {
                    Event::Html(CowStr::Borrowed("</a>"))
                } else {
                    Event::End(TagEnd::Link)
                };
                self.emit(end, pending);
            }
            Event::Text(_) | Event::Code(_) if self.skip_link_text => {}
            Event::Text(t) if self.heading.is_some() => {
                if let Some((_, _, h, _)) = &mut self.heading {
                    h.push_str(&t);
                }
                self.emit(Event::Text(t), pending);
            }
            Event::Code(t) if self.heading.is_some() => {
                if let Some((_, _, h, _)) = &mut self.heading {
                    h.push_str(&t);
                }
                self.emit(Event::Code(t), pending);
            }
            other => self.emit(other, pending),
        }
    }
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The heading ids of one body: `base`, or `base-1`, `base-2`, ... when an earlier heading
/// has it or the theme reserves it. Each base remembers the next number to try, so n equal
/// headings cost n steps, not n² (a hostile card may have thousands).
struct HeadingIds<'a> {
    reserved: &'a ReservedIds,
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

impl<'a> HeadingIds<'a> {
    fn new(reserved: &'a ReservedIds) -> Self {
        HeadingIds {
            reserved,
            used: HashSet::new(),
            next: HashMap::new(),
        }
    }

    fn claim(&mut self, base: String) -> String {
        if !self.reserved.contains(&base) && !self.used.contains(&base) {
            self.used.insert(base.clone());
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(1);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if !self.reserved.contains(&id) && self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// A link that points at another card's Markdown file: relative, ends in `.md`.
fn is_relative_md(url: &str) -> bool {
    if url.contains("://") || url.starts_with('/') || url.starts_with("mailto:") {
        return false;
    }
    let path = url.split('#').next().unwrap_or("");
    path.ends_with(".md")
}

fn split_target(url: &str, style: LinkStyle) -> (String, Option<String>) {
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f.trim().to_string())),
        None => (url, None),
    };
    let target = match style {
        LinkStyle::Wiki => path.trim().to_string(),
        LinkStyle::Markdown => {
            let file = path.rsplit('/').next().unwrap_or(path);
            file.strip_suffix(".md").unwrap_or(file).to_string()
        }
    };
    (target, fragment.filter(|f| !f.is_empty()))
}

/// Escapes `url` for an `href` attribute.
pub fn href(url: &str) -> String {
    let mut s = String::with_capacity(url.len());
    let _ = escape_href(&mut s, url);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::BODY_WORDS;

    fn convert(body: &str, first_line: usize) -> Body {
        super::convert(body, first_line, &ReservedIds::default(), false, Language::Da)
    }

    #[test]
    fn wikilinks_leave_slots_and_are_recorded_with_positions() {
        let b = convert("Se [[tillid]] og\n[[respekt|anden tekst]].\n", 5);
        assert_eq!(b.links.len(), 2);
        assert_eq!(b.links[0].target, "tillid");
        assert_eq!(b.links[0].pos, Position::new(5, 4));
        assert_eq!(b.links[1].pos, Position::new(6, 1));
        assert!(b.html.contains(&format!(
            "<a href=\"{SLOT_URL}0{SLOT_END}\">{SLOT_TITLE}0{SLOT_END}</a>"
        )));
        assert!(
            b.html
                .contains(&format!("<a href=\"{SLOT_URL}1{SLOT_END}\">anden tekst</a>"))
        );
    }

    #[test]
    fn a_custom_heading_id_cannot_leave_its_attribute() {
        let b = convert(
            "## Hi {#y\"/onmouseover=\"alert(1)\"/style=\"position:fixed\"}\n\n## Ok {#mit-id}\n",
            1,
        );
        let ids: Vec<&str> = b.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["y-onmouseover-alert-1-style-position-fixed", "mit-id"]);
        assert!(!b.html.contains("onmouseover=\""), "{}", b.html);
    }

    #[test]
    fn links_and_images_with_scripts_are_emptied_in_markdown_and_raw_html() {
        let b = convert(
            "[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](&#106;avascript:alert(1)) [d][r] ![e](javascript:x)\n\n\
             [r]: javascript:alert(2)\n\n<a href=\"javascript:alert(3)\" onclick=\"x()\">f</a> [ok](https://sundhed.dk)\n",
            1,
        );
        assert!(!b.html.to_lowercase().contains("javascript"), "{}", b.html);
        assert!(!b.html.contains("onclick"), "{}", b.html);
        assert!(b.html.contains("<a href=\"#\">a</a>"), "{}", b.html);
        assert!(b.html.contains("<a href=\"https://sundhed.dk\">ok</a>"), "{}", b.html);
    }

    #[test]
    fn raw_html_goes_through_as_written_only_when_the_site_allows_it() {
        let body = "Før\n\n<script>alert(1)</script>\n\nEfter\n";
        assert!(!convert(body, 1).html.contains("<script>"));
        let allowed = super::convert(body, 1, &ReservedIds::default(), true, Language::Da);
        assert!(allowed.html.contains("<script>alert(1)</script>"));
    }

    #[test]
    fn columns_of_many_links_on_one_line_are_counted_as_the_line_is_read() {
        let line: String = (0..3000).map(|_| "[[a]] æ ").collect();
        let b = convert(&line, 7);
        assert_eq!(b.links.len(), 3000);
        assert_eq!(b.links[0].pos, Position::new(7, 1));
        assert_eq!(b.links[2999].pos, Position::new(7, 1 + 2999 * 8));
    }

    #[test]
    fn markdown_links_to_md_files_are_card_links() {
        let b = convert(
            "[FACT](../cases/fact-modellen.md#maal) og [web](https://x.dk/a.md)\n",
            1,
        );
        assert_eq!(b.links.len(), 1);
        assert_eq!(b.links[0].target, "fact-modellen");
        assert_eq!(b.links[0].fragment.as_deref(), Some("maal"));
        assert!(b.html.contains("href=\"https://x.dk/a.md\""));
    }

    #[test]
    fn headings_get_stable_unique_transliterated_ids() {
        let b = convert("## Gråzoner\n\n## Gråzoner\n\n### Næste `trin`\n", 1);
        let ids: Vec<_> = b.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["graazoner", "graazoner-1", "naeste-trin"]);
        assert!(b.html.contains("<h2 id=\"graazoner-1\">Gråzoner</h2>"));
    }

    #[test]
    fn headings_never_take_an_id_the_theme_reserves() {
        let reserved: ReservedIds = ["indhold", "toc-heading"].map(String::from).into_iter().collect();
        let b = super::convert(
            "## Indhold\n\n## Indhold\n\n## Andet {#toc-heading}\n",
            1,
            &reserved,
            false,
            Language::Da,
        );
        let ids: Vec<_> = b.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["indhold-1", "indhold-2", "toc-heading-1"]);
        assert!(b.html.starts_with("<h2 id=\"indhold-1\">Indhold</h2>\n"), "{}", b.html);
    }

    #[test]
    fn numbered_ids_skip_those_taken_by_earlier_headings() {
        let b = convert("## A\n\n## A 1\n\n## A\n\n## A\n", 1);
        let ids: Vec<_> = b.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["a", "a-1", "a-2", "a-3"]);
    }

    #[test]
    fn four_thousand_equal_headings_are_numbered_in_order() {
        let b = convert(&"## a\n\n".repeat(4000), 1);
        let ids: Vec<String> = b.headings.iter().map(|h| h.id.clone()).collect();
        let expected: Vec<String> = std::iter::once("a".to_string())
            .chain((1..4000).map(|n| format!("a-{n}")))
            .collect();
        assert_eq!(ids, expected);
    }

    #[test]
    fn equal_headings_take_linear_time() {
        // Rescanning the earlier ids for every heading would take minutes here, not milliseconds.
        let reserved = ReservedIds::default();
        let mut ids = HeadingIds::new(&reserved);
        let start = std::time::Instant::now();
        for _ in 0..100_000 {
            ids.claim("a".to_string());
        }
        assert_eq!(ids.claim("a".to_string()), "a-100000");
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "{:?}",
            start.elapsed()
        );
    }

    #[test]
    fn wikilinks_in_code_are_not_links() {
        let b = convert("`[[tillid]]`\n\n```\n[[respekt]]\n```\n", 1);
        assert!(b.links.is_empty());
        assert!(b.has_code);
    }

    #[test]
    fn tables_footnotes_tasks_and_smart_quotes() {
        let b = convert(
            "| a |\n|---|\n| b |\n\n- [x] done\n\nSe note[^1]. \"citat\"\n\n[^1]: Noten.\n",
            1,
        );
        assert!(b.html.contains("<table>"));
        assert!(b.html.contains("type=\"checkbox\""));
        assert!(b.html.contains("footnote"));
        assert!(b.html.contains('“'));
    }

    fn words(b: &Body) -> Vec<&str> {
        b.words.iter().map(|(w, _)| w).collect()
    }

    #[test]
    fn body_words_are_folded_without_stop_words() {
        let b = convert("## Gråzoner\n\nEt *Ärligt* svar på Dvořáks **spørgsmål**.\n", 1);
        assert_eq!(words(&b), ["gråzoner", "ærligt", "svar", "dvoraks", "spørgsmål"]);
    }

    #[test]
    fn link_slots_never_become_body_words() {
        // From the tenth link on, a slot's index has two digits, which once became words.
        let links: String = (0..12).map(|n| format!("[[kort-{n}]] ")).collect();
        let b = convert(&format!("Se {links}og [[tillid|gensidig tillid]].\n"), 1);
        assert_eq!(b.links.len(), 13);
        assert_eq!(words(&b), ["se", "gensidig", "tillid"]);
    }

    #[test]
    fn body_words_keep_inline_code_and_skip_code_blocks() {
        let b = convert("Brug `cargo`:\n\n```rust\nfn main() {}\n```\n\nFærdig &amp; klar.\n", 1);
        assert_eq!(words(&b), ["brug", "cargo", "færdig", "klar"]);
    }

    #[test]
    fn a_word_split_by_an_entity_stays_one_word() {
        let b = convert("Gr&aring;zone\n", 1);
        assert_eq!(words(&b), ["gråzone"]);
    }

    #[test]
    fn body_words_stop_at_the_limit() {
        let text: String = (0..BODY_WORDS + 50).map(|n| format!("ord{n} [[kort]] ")).collect();
        let b = convert(&text, 1);
        assert_eq!(b.words.iter().map(|(_, n)| usize::from(n)).sum::<usize>(), BODY_WORDS);
        assert_eq!(b.links.len(), BODY_WORDS + 50);
    }
}
