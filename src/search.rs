//! Search: a word index of the site that the browser reads offline, from disk or any server.
//!
//! Each card's words ([`crate::words`] says what a word is and which of the body's count) are
//! weighted by where they stand (title, terms, summary, headings, body; an acronym written in
//! capitals in the title or summary weighs most) and written as small JavaScript files
//! (`search/*.js`) that a page loads with script tags, which also works from file://, where
//! fetch does not.
//!
//! The browser searches *terms*: a word's Danish stem ([`Terms`]: the Snowball algorithm of the
//! `rust-stemmers` crate, ported to themes/default/static/stem.js and tested to agree), with æ,
//! ø and å spelled ae, oe and aa, so `grænser` and `graenser` are one term and `aftaler` and
//! `aftalerne` too. Beside the stems the browser keeps prefix and compound matching (a query
//! term matches the start of a term, and from four letters any part of it: `aftale` finds
//! `sundhedsaftalen`) and forgives one typo from five letters.
//!
//! The files: `search/terms.js` has every term, the site's stop words and which card numbers
//! belong to which kind; `search/<two letters>.js` the postings of the terms that start with
//! those letters (every card, not only the best); `search/doc/<card number>.js` one card's URL,
//! title, summary and text for the snippet; `search/terms-of-cards.js` the cards of every
//! taxonomy term, for the filters. A one-word query so loads the list of terms, one or two
//! postings files, the cards it shows and the terms' cards. The index is kept by word, so
//! that the live site can update it card by card; words become terms when the files are
//! written. It is the same whether built at once or kept up to date.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use rayon::prelude::*;
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;

use crate::card::Card;
use crate::config::{Config, Language};
use crate::index::SiteIndex;
use crate::link::CardId;
use crate::markdown::{SLOT_END, SLOT_TITLE, SLOT_URL};
use crate::text::danish_ascii;
use crate::words::{BODY_WORDS, for_each_word, is_stop_word, stop_words};

const TITLE: u32 = 10;
const TERM: u32 = 6;
const SUMMARY: u32 = 4;
const HEADING: u32 = 3;
const BODY: u32 = 1;
/// Added for an acronym written in capitals in the title ("FVE-bilen") or summary ("SAM:BO"),
/// so that the card it names comes first.
const ACRONYM_TITLE: u32 = 60;
const ACRONYM_SUMMARY: u32 = 40;
/// A word repeated in the body counts at most this often.
const BODY_CAP: u32 = 5;
/// How much of a card's text (in bytes) its search document holds for snippets: about as much
/// as is indexed ([`BODY_WORDS`] words besides the stop words).
const DOC_BYTES: usize = 4000;

/// How a word stands on one card.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Weight {
    pub weight: u16,
    /// When the word is in the card's title: how many words the title has (so the browser can
    /// tell a query that is the whole title); else 0.
    pub title: u16,
}

impl Weight {
    fn join(self, other: Weight) -> Weight {
        Weight {
            weight: self.weight.saturating_add(other.weight),
            title: self.title.max(other.title),
        }
    }
}

/// The weighted words of one card, sorted by word.
pub type CardWords<'a> = Vec<(Cow<'a, str>, Weight)>;

/// [`card_words`] that own their words, to be kept beyond the card.
pub fn owned_words(card: &Card, lang: Language) -> CardWords<'static> {
    card_words(card, lang)
        .into_iter()
        .map(|(w, n)| (Cow::Owned(w.into_owned()), n))
        .collect()
}

/// The words of a card with their weights, stop words of `lang` left out. Words borrow from the
/// card where they can.
pub fn card_words(card: &Card, lang: Language) -> CardWords<'_> {
    let mut words: FxHashMap<Cow<str>, (u32, u16)> =
        FxHashMap::with_capacity_and_hasher(BODY_WORDS, Default::default());
    let mut title_words = 0u16;
    {
        // An acronym names the card it stands in the title of ("FVE-bilen"), or the one whose
        // summary spells it out alone ("samarbejdsaftalen SAM:BO"), not one whose summary only
        // mentions something named after it ("SAM:BO-aftalen").
        let mut add = |text, weight: u32, acronym: u32, title: bool| {
            for_each_word(text, |w, how| {
                if is_stop_word(lang, &w) {
                    return;
                }
                let named = how.caps && (title || !how.hyphen);
                let n = weight + if named { acronym } else { 0 };
                match words.get_mut(w.as_ref()) {
                    Some((m, t)) => {
                        *m += n;
                        if title && *t == 0 {
                            *t = 1;
                            title_words += 1;
                        }
                    }
                    None => {
                        words.insert(w, (n, u16::from(title)));
                        title_words += u16::from(title);
                    }
                }
            })
        };
        add(&card.title, TITLE, ACRONYM_TITLE, true);
        for t in card.terms.iter().flat_map(|t| &t.names) {
            add(&t.value, TERM, 0, false);
        }
        if let Some(s) = &card.summary {
            add(s, SUMMARY, ACRONYM_SUMMARY, false);
        }
        for h in &card.body.headings {
            add(&h.text, HEADING, 0, false);
        }
    }
    // Body words count once per occurrence, up to a cap, on top of the weights above.
    // (The body's words come without stop words: see [`crate::words::BodyWordsReader`].)
    for (w, n) in card.body.words.iter() {
        let n = (u32::from(n) * BODY).min(BODY_CAP);
        match words.get_mut(w) {
            Some((m, _)) => *m += n,
            None => {
                words.insert(Cow::Borrowed(w), (n, 0));
            }
        }
    }
    let mut list: CardWords = words
        .into_iter()
        .map(|(w, (n, t))| {
            let weight = Weight {
                weight: n.min(u32::from(u16::MAX)) as u16,
                title: if t > 0 { title_words } else { 0 },
            };
            (w, weight)
        })
        .collect();
    list.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    list
}

/// Turns words into search terms: the stem (for a Danish site), with æ, ø, å spelled ae, oe,
/// aa. themes/default/static/stem.js does the same in the browser.
pub struct Terms {
    stemmer: Option<Stemmer>,
}

impl Terms {
    pub fn new(lang: Language) -> Terms {
        Terms {
            stemmer: match lang {
                Language::Da => Some(Stemmer::create(Algorithm::Danish)),
                Language::En => None,
            },
        }
    }

    /// The term of a folded word.
    pub fn term(&self, word: &str) -> String {
        let stem = match &self.stemmer {
            Some(s) => s.stem(word),
            None => Cow::Borrowed(word),
        };
        ascii(&stem)
    }
}

/// `word` with æ, ø and å spelled ae, oe and aa.
fn ascii(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 2);
    for c in word.chars() {
        match danish_ascii(c) {
            Some(a) => out.push_str(a),
            None => out.push(c),
        }
    }
    out
}

/// Which postings file a word goes to: the first two letters of its term, which are those of
/// the word (a stem is the start of its word, and never shorter than two letters), spelled in
/// ASCII; any other character is `_`.
pub type ShardKey = [u8; 2];

fn shard_key(word: &str) -> ShardKey {
    let mut key = [b'_'; 2];
    let mut at = 0;
    let mut put = |b: u8| {
        if at < 2 {
            key[at] = if b.is_ascii_lowercase() || b.is_ascii_digit() {
                b
            } else {
                b'_'
            };
            at += 1;
        }
    };
    for c in word.chars().take(2) {
        match danish_ascii(c) {
            Some(a) => a.bytes().for_each(&mut put),
            None if c.is_ascii() => put(c as u8),
            None => put(b'_'),
        }
    }
    key
}

/// The file name of a shard.
pub fn shard_name(key: ShardKey) -> String {
    String::from_utf8_lossy(&key).into_owned()
}

/// A card number and how the word stands on that card. (Numbers fit in 32 bits; a large site
/// has millions of postings.)
type Posting = (u32, Weight);

/// The words of one shard with their postings, and when they last changed (the live site
/// compares that to know which files to write again).
#[derive(Default)]
struct Shard {
    postings: FxHashMap<String, Vec<Posting>>,
    version: u64,
}

/// The index: for every word, the cards that have it with their weight, by card number; kept
/// by shard, so that writing one shard reads only its own words.
pub struct SearchIndex {
    lang: Language,
    shards: BTreeMap<ShardKey, Shard>,
    /// Counts every change, so a shard's version never repeats, not even for a shard that
    /// was emptied and came back.
    clock: u64,
    /// When the list of all words last changed.
    words_version: u64,
}

impl SearchIndex {
    pub fn new(lang: Language) -> SearchIndex {
        SearchIndex {
            lang,
            shards: BTreeMap::new(),
            clock: 0,
            words_version: 0,
        }
    }

    /// The index of all cards, built in parallel. Each task indexes a run of cards, by shard,
    /// and drops their word lists as it goes, so all cards' words are never held at once. Then
    /// each shard joins its part of every run, in card order, so every list stays sorted by card.
    pub fn build(cards: &[Card], lang: Language) -> SearchIndex {
        type Words<'c> = FxHashMap<Cow<'c, str>, Vec<Posting>>;
        type Part<'c> = BTreeMap<ShardKey, Words<'c>>;
        let run = cards.len().div_ceil(rayon::current_num_threads() * 4).max(1);
        let mut parts: Vec<Part> = cards
            .par_chunks(run)
            .enumerate()
            .map(|(k, chunk)| {
                let mut part = Part::new();
                for (j, card) in chunk.iter().enumerate() {
                    let id = (k * run + j) as u32;
                    for (w, n) in card_words(card, lang) {
                        let words = part.entry(shard_key(&w)).or_default();
                        match words.get_mut(w.as_ref()) {
                            Some(list) => list.push((id, n)),
                            None => {
                                words.insert(w, vec![(id, n)]);
                            }
                        }
                    }
                }
                part
            })
            .collect();
        let keys: BTreeSet<ShardKey> = parts.iter().flat_map(|p| p.keys().copied()).collect();
        let mut by_key: Vec<(ShardKey, Vec<Words>)> = keys
            .into_iter()
            .map(|key| (key, parts.iter_mut().filter_map(|p| p.remove(&key)).collect()))
            .collect();
        let shards = by_key
            .par_iter_mut()
            .map(|(key, runs)| {
                let mut shard = Shard::default();
                for run in runs.drain(..) {
                    for (w, mut list) in run {
                        match shard.postings.get_mut(w.as_ref()) {
                            Some(l) => l.append(&mut list),
                            None => {
                                shard.postings.insert(w.into_owned(), list);
                            }
                        }
                    }
                }
                (*key, shard)
            })
            .collect();
        SearchIndex {
            shards,
            ..SearchIndex::new(lang)
        }
    }

    /// The language the index was made for.
    pub fn language(&self) -> Language {
        self.lang
    }

    /// Adds the words of card `id` (a card that is new, or whose words were removed).
    pub fn add(&mut self, id: CardId, words: &CardWords<'_>) {
        for (w, n) in words {
            self.clock += 1;
            let shard = self.shards.entry(shard_key(w)).or_default();
            shard.version = self.clock;
            let list = match shard.postings.get_mut(w.as_ref()) {
                Some(l) => l,
                None => {
                    self.words_version = self.clock;
                    shard.postings.entry(w.to_string()).or_default()
                }
            };
            match list.binary_search_by_key(&(id as u32), |(i, _)| *i) {
                Ok(at) => list[at].1 = *n,
                Err(at) => list.insert(at, (id as u32, *n)),
            }
        }
    }

    /// Replaces the words of card `id` with `words`. Only the shards where the card's words
    /// or weights changed count as changed, so an edit rewrites only their files.
    pub fn replace(&mut self, id: CardId, words: &CardWords<'_>) {
        let card = id as u32;
        let mut new: BTreeMap<ShardKey, Vec<(&str, Weight)>> = BTreeMap::new();
        for (w, n) in words {
            new.entry(shard_key(w)).or_default().push((w.as_ref(), *n));
        }
        for (key, shard) in self.shards.iter_mut() {
            let mut now = new.remove(key).unwrap_or_default();
            now.sort_unstable();
            let mut was: Vec<(&str, Weight)> = shard
                .postings
                .iter()
                .filter_map(|(w, l)| {
                    let at = l.binary_search_by_key(&card, |(i, _)| *i).ok()?;
                    Some((w.as_str(), l[at].1))
                })
                .collect();
            was.sort_unstable();
            if was == now {
                continue;
            }
            let now: Vec<(String, Weight)> = now.into_iter().map(|(w, n)| (w.to_string(), n)).collect();
            self.clock += 1;
            shard.version = self.clock;
            for list in shard.postings.values_mut() {
                if let Ok(at) = list.binary_search_by_key(&card, |(i, _)| *i) {
                    list.remove(at);
                }
            }
            let mut words_changed = false;
            for (w, n) in now {
                let list = shard.postings.entry(w).or_insert_with(|| {
                    words_changed = true;
                    Vec::new()
                });
                match list.binary_search_by_key(&card, |(i, _)| *i) {
                    Ok(at) => list[at].1 = n,
                    Err(at) => list.insert(at, (card, n)),
                }
            }
            let before = shard.postings.len();
            shard.postings.retain(|_, list| !list.is_empty());
            if words_changed || shard.postings.len() != before {
                self.words_version = self.clock;
            }
        }
        self.shards.retain(|_, s| !s.postings.is_empty());
        // Words in shards the index did not have yet.
        for words in new.into_values() {
            let words: CardWords = words.into_iter().map(|(w, n)| (Cow::Borrowed(w), n)).collect();
            self.add(id, &words);
        }
    }

    /// Gives every card its new number after cards were added, removed or moved: `new_id[old]`
    /// is the old card's new number, `None` when it is gone. Cards that stay keep their order,
    /// so every list stays sorted. Every shard changes (the numbers do).
    pub fn renumber(&mut self, new_id: &[Option<CardId>]) {
        self.change_lists(|list| {
            list.retain_mut(|(id, _)| match new_id.get(*id as usize).copied().flatten() {
                Some(n) => {
                    *id = n as u32;
                    true
                }
                None => false,
            });
            true
        });
    }

    /// Removes card `id` from every word's postings. Reads the whole index, which is cheaper
    /// than keeping every card's words around for the live site.
    pub fn remove_card(&mut self, id: CardId) {
        self.change_lists(|list| match list.binary_search_by_key(&(id as u32), |(i, _)| *i) {
            Ok(at) => {
                list.remove(at);
                true
            }
            Err(_) => false,
        });
    }

    /// Applies `change` to every list of postings (it says whether it changed the list), then
    /// forgets the words left without cards and the shards left without words.
    fn change_lists(&mut self, mut change: impl FnMut(&mut Vec<Posting>) -> bool) {
        for shard in self.shards.values_mut() {
            let mut changed = false;
            for list in shard.postings.values_mut() {
                changed |= change(list);
            }
            if changed {
                self.clock += 1;
                shard.version = self.clock;
                let before = shard.postings.len();
                shard.postings.retain(|_, list| !list.is_empty());
                if shard.postings.len() != before {
                    self.words_version = self.clock;
                }
            }
        }
        self.shards.retain(|_, s| !s.postings.is_empty());
    }

    /// When the postings of the shard with this key last changed.
    pub fn version(&self, key: ShardKey) -> u64 {
        self.shards.get(&key).map_or(0, |s| s.version)
    }

    /// When the list of words last changed.
    pub fn words_version(&self) -> u64 {
        self.words_version
    }

    /// The keys of the shards that have words (see [`shard_name`]), sorted.
    pub fn shard_keys(&self) -> impl Iterator<Item = ShardKey> + '_ {
        self.shards.keys().copied()
    }

    /// `search/terms.js`: every term, so the browser can match the start of terms, parts of
    /// them and terms one typo away; the stop words of the site's language; and the card
    /// numbers of each kind (cards are numbered kind by kind), for the filters.
    pub fn terms_file(&self, config: &Config, cards: &[Card]) -> Vec<u8> {
        let terms = Terms::new(self.lang);
        let mut all: Vec<String> = self
            .shards
            .par_iter()
            .flat_map_iter(|(_, s)| s.postings.keys().map(|w| terms.term(w)).collect::<Vec<_>>())
            .collect();
        all.par_sort_unstable();
        all.dedup();
        let stop: Vec<String> = stop_words(self.lang).iter().map(|w| ascii(w)).collect();
        let info = serde_json::json!({
            "lang": self.lang.code(),
            "stop": stop,
            "kinds": kind_ranges(config, cards),
            "cards": cards.len(),
            "terms": all,
        });
        format!("samkortSearch.terms({info});\n").into_bytes()
    }

    /// `search/<two letters>.js`: the postings of the terms of the shard with this key, each
    /// `[postings, titles]`: the postings a string of numbers (see [`encode`]), card number
    /// (the difference to the one before) and weight in turn, in card order; the titles a list
    /// of card number and title length, for the cards that have the term in their title.
    pub fn shard_file(&self, key: ShardKey) -> Vec<u8> {
        let terms = Terms::new(self.lang);
        let empty = Shard::default();
        let shard = self.shards.get(&key).unwrap_or(&empty);
        let mut by_term: BTreeMap<String, Vec<&Vec<Posting>>> = BTreeMap::new();
        for (w, list) in &shard.postings {
            by_term.entry(terms.term(w)).or_default().push(list);
        }
        let mut js = format!(
            "samkortSearch.shard({},{{",
            serde_json::to_string(&shard_name(key)).unwrap_or_default()
        );
        let mut merged: Vec<Posting> = Vec::new();
        for (k, (term, lists)) in by_term.iter().enumerate() {
            if k > 0 {
                js.push(',');
            }
            // The words of one term (`aftale`, `aftaler`) join: a card's weights add up.
            merged.clear();
            for list in lists.iter() {
                merged.extend_from_slice(list);
            }
            if lists.len() > 1 {
                merged.sort_by_key(|(id, _)| *id);
                merged.dedup_by(|b, a| {
                    let same = a.0 == b.0;
                    if same {
                        a.1 = a.1.join(b.1);
                    }
                    same
                });
            }
            let _ = write!(js, "{}:[\"", serde_json::to_string(term).unwrap_or_default());
            let mut last = 0;
            for (id, n) in &merged {
                encode(&mut js, id - last);
                encode(&mut js, u32::from(n.weight));
                last = *id;
            }
            js.push_str("\",[");
            let mut first = true;
            for (id, n) in merged.iter().filter(|(_, n)| n.title > 0) {
                let _ = write!(js, "{}{id},{}", if first { "" } else { "," }, n.title);
                first = false;
            }
            js.push_str("]]");
        }
        js.push_str("});\n");
        js.into_bytes()
    }
}

/// Writes `n` in base 32, least significant digit first: every digit but the last from
/// [`MORE`], the last from [`LAST`]. Most numbers of the postings (the difference between two
/// card numbers, a weight) take one character.
fn encode(out: &mut String, mut n: u32) {
    while n >= 32 {
        out.push(MORE[(n & 31) as usize] as char);
        n >>= 5;
    }
    out.push(LAST[n as usize] as char);
}

const LAST: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
const MORE: &[u8; 32] = b"wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// Where each kind's cards start among the card numbers, and the kind's name: cards are
/// numbered kind by kind.
pub fn kind_ranges(config: &Config, cards: &[Card]) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut last = None;
    for (id, card) in cards.iter().enumerate() {
        if last != Some(card.kind) {
            out.push((id, config.kind(card.kind).singular.clone()));
            last = Some(card.kind);
        }
    }
    out
}

/// `search/terms-of-cards.js`: for the filters, every taxonomy (its name) with its terms, each
/// with its name and its cards (numbers as in the postings: the difference to the one before,
/// see [`encode`]). Loaded after the results are shown, to offer the terms the hits have.
pub fn facets_file(config: &Config, idx: &SiteIndex) -> Vec<u8> {
    let mut out: Vec<(&str, Vec<(&str, String)>)> = Vec::new();
    for ((_, tc), terms) in config.taxonomies.iter().zip(&idx.terms) {
        let list = terms
            .iter()
            .map(|t| {
                let mut ids: Vec<u32> = t.cards.iter().map(|&id| id as u32).collect();
                ids.sort_unstable();
                let mut s = String::with_capacity(ids.len() * 2);
                let mut last = 0;
                for id in ids {
                    encode(&mut s, id - last);
                    last = id;
                }
                (t.name.as_str(), s)
            })
            .collect();
        out.push((tc.singular.as_str(), list));
    }
    let json = serde_json::to_string(&out).unwrap_or_default();
    format!("samkortSearch.facets({json});\n").into_bytes()
}

/// `search/doc/<card number>.js`: the document of card `id` ([`doc_json`]).
pub fn doc_file(id: CardId, doc: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(doc.len() + 40);
    out.extend_from_slice(b"samkortSearch.doc(");
    out.extend_from_slice(itoa::Buffer::new().format(id).as_bytes());
    out.push(b',');
    out.extend_from_slice(doc.as_bytes());
    out.extend_from_slice(b");\n");
    out
}

/// A card's search document, as JSON: its URL, title, summary and the start of its text
/// (headings and body, without code blocks), for the result list and its snippets.
pub fn doc_json(card: &Card, url: &str) -> String {
    let doc = (
        url,
        card.title.as_str(),
        card.summary.as_deref().unwrap_or(""),
        plain_text(&card.body.html, DOC_BYTES),
    );
    serde_json::to_string(&doc).unwrap_or_default()
}

/// The text of a card body's HTML, about `max` bytes of it, ending at a word's end: tags, code
/// blocks and the slots of links whose text is not known yet left out, entities read, blocks
/// apart by a line break. (Read by runs of text between markup: every card has one.)
fn plain_text(html: &str, max: usize) -> String {
    let mut out = String::with_capacity(html.len().min(max + 64));
    let mut rest = html;
    while !rest.is_empty() && out.len() < max {
        let b = rest.as_bytes();
        if b[0] == b'<' {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            let closing = b.get(1) == Some(&b'/');
            let name = &b[1 + usize::from(closing)..end];
            let name = &name[..name
                .iter()
                .position(|c| !c.is_ascii_alphanumeric())
                .unwrap_or(name.len())];
            rest = &rest[end..];
            if name == b"pre" && !closing {
                rest = rest.find("</pre>").map_or("", |e| &rest[e + 6..]);
            }
            let block = matches!(
                name,
                b"p" | b"h1"
                    | b"h2"
                    | b"h3"
                    | b"h4"
                    | b"h5"
                    | b"h6"
                    | b"li"
                    | b"br"
                    | b"tr"
                    | b"td"
                    | b"th"
                    | b"div"
                    | b"pre"
                    | b"blockquote"
                    | b"dt"
                    | b"dd"
                    | b"figcaption"
            );
            if block && !out.is_empty() && !out.ends_with('\n') {
                out.truncate(out.trim_end_matches(' ').len());
                out.push('\n');
            }
        } else if b[0] == b'&' {
            let end = rest.find(';').filter(|&e| e < 10).map_or(1, |e| e + 1);
            let (text, skip) = match &rest[..end] {
                "&amp;" => ("&", end),
                "&lt;" => ("<", end),
                "&gt;" => (">", end),
                "&quot;" => ("\"", end),
                "&#39;" | "&#x27;" => ("'", end),
                "&nbsp;" => (" ", end),
                _ => ("&", 1),
            };
            out.push_str(text);
            rest = &rest[skip..];
        } else if rest.starts_with([SLOT_URL, SLOT_TITLE]) {
            rest = rest.find(SLOT_END).map_or("", |e| &rest[e + SLOT_END.len_utf8()..]);
        } else {
            // A run of text up to the next markup (0xEE starts the slot markers).
            let end = b
                .iter()
                .position(|&c| c == b'<' || c == b'&' || c == 0xEE)
                .map_or(rest.len(), |p| p.max(1));
            let end = rest.ceil_char_boundary(end);
            let run = &rest[..end];
            out.push_str(if out.is_empty() || out.ends_with(['\n', ' ']) {
                run.trim_start()
            } else {
                run
            });
            rest = &rest[end..];
        }
    }
    if out.len() >= max {
        // End at the end of the last whole word before the limit.
        let cut = out.floor_char_boundary(max);
        let cut = out[..cut].rfind(|c: char| !c.is_alphanumeric()).unwrap_or(0);
        out.truncate(cut);
    }
    out.truncate(out.trim_end().len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::process::Command;

    const STEM_JS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static/stem.js");

    /// Runs `script` under node with stem.js loaded (as `T`) and `input` as `INPUT`; its
    /// output, parsed as JSON.
    fn node(script: &str, input: &serde_json::Value) -> serde_json::Value {
        let program = format!(
            "require({});const T=globalThis.samkortText;const INPUT={};{script}",
            serde_json::to_string(STEM_JS).unwrap(),
            input
        );
        let out = Command::new("node")
            .arg("-e")
            .arg(program)
            .output()
            .expect("node (Node.js) must be installed to test the browser's search words");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    }

    #[test]
    fn the_browser_folds_query_letters_as_the_index_does() {
        // The browser's table holds only what Unicode decomposition would get wrong.
        let script = include_str!("../themes/default/static/stem.js");
        let table = |name: &str| -> BTreeMap<String, String> {
            let t = script
                .split(&format!("var {name} = "))
                .nth(1)
                .and_then(|s| s.split(';').next());
            serde_json::from_str(t.unwrap_or("")).unwrap()
        };
        let fold = table("FOLD");
        assert!(fold.contains_key("ü"));
        for (letter, base) in fold {
            assert_eq!(crate::text::folded(&letter).collect::<String>(), base, "{letter}");
        }
        let spelled = table("ASCII");
        assert_eq!(spelled.len(), 3);
        for (letter, a) in spelled {
            let c = letter.chars().next().unwrap();
            assert_eq!(danish_ascii(c), Some(a.as_str()), "{letter}");
        }
    }

    #[test]
    fn danish_letters_and_their_ascii_spelling_are_one_term() {
        let terms = Terms::new(Language::Da);
        let term = |w: &str| terms.term(&crate::words::words(w)[0]);
        for (a, b) in [
            ("grænser", "graenser"),
            ("tværsektoriel", "tvaersektoriel"),
            ("tværs", "tvaers"),
            ("Ældre", "aeldre"),
            ("Møder", "moeder"),
            ("gråzoner", "graazoner"),
            ("Café", "cafe"),
            ("Sundhedsaftalen", "sundhedsaftale"),
        ] {
            assert_eq!(term(a), term(b), "{a} and {b}");
        }
        assert_eq!(term("grænser"), "graens");
        assert_ne!(term("tillid"), term("tilid"));
    }

    #[test]
    fn the_browsers_stemmer_agrees_with_the_crate() {
        let list = include_str!("../tests/fixtures/danish-words.txt");
        let words: Vec<&str> = list.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).collect();
        assert!(words.len() >= 200);
        let got = node(
            "console.log(JSON.stringify(INPUT.map(w => [T.stem(w), T.term(w, 'da')])))",
            &serde_json::json!(words),
        );
        let stemmer = Stemmer::create(Algorithm::Danish);
        let terms = Terms::new(Language::Da);
        let mut differ = Vec::new();
        for (w, js) in words.iter().zip(got.as_array().unwrap()) {
            let want = serde_json::json!([stemmer.stem(w), terms.term(w)]);
            if *js != want {
                differ.push(format!("{w}: browser {js}, crate {want}"));
            }
        }
        assert!(differ.is_empty(), "{}", differ.join("\n"));
    }

    /// What the browser's matching (stem.js, `candidates`) finds for `query` among the terms
    /// of `words`, as the index makes them: [term, quality].
    fn matches(query: &str, words: &[&str]) -> Vec<(String, f64)> {
        let terms = Terms::new(Language::Da);
        let index: BTreeSet<String> = words.iter().map(|w| terms.term(&crate::words::words(w)[0])).collect();
        let got = node(
            "const q = T.words(INPUT.q)[0][0];\
             console.log(JSON.stringify(T.candidates(q, INPUT.terms, 'da')))",
            &serde_json::json!({ "q": query, "terms": index }),
        );
        serde_json::from_value(got).unwrap()
    }

    #[test]
    fn one_typo_is_forgiven_from_five_letters_and_ranks_below_exact_hits() {
        let index = [
            "tillid",
            "tilliden",
            "samarbejde",
            "samarbejdet",
            "grænser",
            "tilbud",
            "tid",
            "taler",
        ];
        let got = matches("tilid", &index);
        assert_eq!(
            got,
            [("tillid".to_string(), 0.3)],
            "`tilid` is one letter short of tillid"
        );
        let got = matches("samarbjde", &index);
        assert_eq!(got, [("samarbejd".to_string(), 0.3)]);
        // A swap of two neighbours, a letter too many, a changed letter.
        assert_eq!(matches("tilldi", &index)[0].0, "tillid");
        assert_eq!(matches("tilllid", &index)[0].0, "tillid");
        assert_eq!(matches("tollid", &index)[0].0, "tillid");
        // Two typos are too many; four letters too few.
        assert!(matches("tolild", &index).is_empty());
        assert!(matches("tald", &index).is_empty(), "{:?}", matches("tald", &index));
        // An exact hit comes before a typo.
        let got = matches("taler", &["taler", "tager", "tiler"]);
        assert_eq!(got[0], ("tal".to_string(), 1.0));
        assert!(got[1..].iter().all(|(_, q)| *q < 1.0));
    }

    #[test]
    fn ascii_spelled_queries_find_danish_words_and_back() {
        let index = ["grænser", "tværsektoriel", "tværs", "samarbejde", "gråzone"];
        assert_eq!(matches("graenser", &index)[0], ("graens".to_string(), 1.0));
        assert_eq!(
            matches("tvaersektoriel", &index)[0],
            ("tvaersektoriel".to_string(), 1.0)
        );
        assert_eq!(matches("tvaers", &index)[0], ("tvaer".to_string(), 1.0));
        assert_eq!(matches("graazonen", &index)[0], ("graazon".to_string(), 1.0));
        let index = ["graenser", "aeldre"];
        assert_eq!(matches("grænser", &index)[0], ("graens".to_string(), 1.0));
        assert_eq!(matches("ældre", &index)[0], ("aeldr".to_string(), 1.0));
    }

    #[test]
    fn postings_decode_in_the_browser_as_written() {
        let mut s = String::new();
        let postings: [(u32, u32); 5] = [(0, 1), (1, 31), (40, 32), (1000, 5), (70_000, 1100)];
        let mut last = 0;
        for (id, w) in postings {
            encode(&mut s, id - last);
            encode(&mut s, w);
            last = id;
        }
        let got = node("console.log(JSON.stringify(T.decode(INPUT)))", &serde_json::json!(s));
        let want: Vec<u32> = postings.iter().flat_map(|(a, b)| [*a, *b]).collect();
        assert_eq!(got, serde_json::json!(want));
    }

    #[test]
    fn a_shard_that_was_emptied_and_came_back_has_a_new_version() {
        let words =
            |w: &'static str| -> CardWords<'static> { vec![(Cow::Borrowed(w), Weight { weight: 1, title: 0 })] };
        let mut index = SearchIndex::new(Language::Da);
        index.add(0, &words("zebra"));
        let first = index.version(*b"ze");
        let file = index.shard_file(*b"ze");
        index.remove_card(0);
        assert_eq!(index.shard_keys().count(), 0);
        index.add(0, &words("zebra"));
        assert!(index.version(*b"ze") > first, "the live site would keep the old file");
        assert_eq!(index.shard_file(*b"ze"), file);
        assert_eq!(
            index.shard_file(*b"ze"),
            b"samkortSearch.shard(\"ze\",{\"zebra\":[\"01\",[]]});\n"
        );
    }

    #[test]
    fn replacing_a_card_changes_only_the_shards_whose_words_changed() {
        let w = |word: &'static str, weight| (Cow::Borrowed(word), Weight { weight, title: 0 });
        let mut index = SearchIndex::new(Language::Da);
        index.add(0, &vec![w("tillid", 1), w("respekt", 2)]);
        index.add(1, &vec![w("tillid", 3)]);
        let (ti, re, words) = (index.version(*b"ti"), index.version(*b"re"), index.words_version());
        index.replace(0, &vec![w("tillid", 1), w("respekt", 3)]);
        assert_eq!(index.version(*b"ti"), ti, "tillid stands as it did");
        assert!(index.version(*b"re") > re);
        assert_eq!(index.words_version(), words, "no word came or went");
        index.replace(0, &vec![w("tillid", 1), w("zone", 1)]);
        assert!(index.words_version() > words);
        assert_eq!(index.shard_keys().map(shard_name).collect::<Vec<_>>(), ["ti", "zo"]);
        // The same files as an index built with these words from the start.
        let mut fresh = SearchIndex::new(Language::Da);
        fresh.add(0, &vec![w("tillid", 1), w("zone", 1)]);
        fresh.add(1, &vec![w("tillid", 3)]);
        for key in [*b"ti", *b"zo"] {
            assert_eq!(index.shard_file(key), fresh.shard_file(key));
        }
    }

    #[test]
    fn words_of_one_term_join_their_postings() {
        let mut index = SearchIndex::new(Language::Da);
        let w = |word: &'static str, weight, title| (Cow::Borrowed(word), Weight { weight, title });
        index.add(0, &vec![w("aftale", 3, 0), w("aftaler", 2, 2)]);
        index.add(2, &vec![w("aftalerne", 1, 0)]);
        assert_eq!(
            index.shard_file(*b"af"),
            b"samkortSearch.shard(\"af\",{\"aftal\":[\"0521\",[0,2]]});\n"
        );
    }

    #[test]
    fn shards_are_file_names_and_a_term_is_in_the_shard_of_its_word() {
        let shard_of = |w: &str| shard_name(shard_key(w));
        assert_eq!(shard_of("ældre"), "ae");
        assert_eq!(shard_of("øre"), "oe");
        assert_eq!(shard_of("åben"), "aa");
        assert_eq!(shard_of("samarbejde"), "sa");
        assert_eq!(shard_of("72"), "72");
        assert_eq!(shard_of("şu"), "_u");
        let terms = Terms::new(Language::Da);
        let list = include_str!("../tests/fixtures/danish-words.txt");
        for w in list.lines().filter(|l| !l.starts_with('#')) {
            assert_eq!(shard_key(&terms.term(w)), shard_key(w), "{w}");
        }
    }

    #[test]
    fn a_doc_holds_the_text_without_code_or_markup() {
        let html = "<h2 id=\"a\">Tegn på tillid</h2>\n<p>Se <a href=\"\u{E000}0\u{E002}\">\u{E001}0\u{E002}</a> og \
                    <em>respekt</em> &amp; ro.</p>\n<pre><code>let x = 1;</code></pre>\n<ul><li>Et</li><li>To</li></ul>";
        assert_eq!(plain_text(html, 100), "Tegn på tillid\nSe og respekt & ro.\nEt\nTo");
        assert_eq!(plain_text(html, 22), "Tegn på tillid\nSe og");
        assert_eq!(plain_text(html, 20), "Tegn på tillid\nSe");
    }
}
