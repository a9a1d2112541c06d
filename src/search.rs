//! Search: a word index of the site that the browser reads offline, from disk or any server.
//!
//! Each card's words ([`crate::words`] says what a word is and which of the body's count) are
//! weighted by where they stand (title, terms, summary, headings, body) and written as small
//! JavaScript files (`search/*.js`) that a page loads with script tags, which also works from
//! file://, where fetch does not. The postings are split by the first letter of the word, so a
//! query loads only what it needs.
//!
//! Danish words grow at the end (inflection: `aftale`, `aftaler`, `aftalerne`) and join into
//! compounds whose last part carries the meaning (`sundhedsaftale`). So the browser matches a
//! query word as the start of an index word (full weight) and, from four letters, anywhere
//! inside it (half weight): `aftale` finds `sundhedsaftalen`. No stemmer has to agree between
//! Rust and JavaScript. The index is the same whether built at once or kept up to date by the
//! live site card by card.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;
use std::fmt::Write as _;

use rayon::prelude::*;

use crate::card::Card;
use crate::config::Config;
use crate::link::CardId;
use crate::text::danish_ascii;
use crate::words::{BODY_WORDS, STOP_WORDS, for_each_word};

const TITLE: u32 = 10;
const TERM: u32 = 6;
const SUMMARY: u32 = 4;
const HEADING: u32 = 3;
const BODY: u32 = 1;
/// How many cards a word lists at most, the best first.
const MAX_POSTINGS: usize = 100;
/// A word repeated in the body counts at most this often.
const BODY_CAP: u32 = 5;

/// The weighted words of one card, sorted by word.
pub type CardWords<'a> = Vec<(Cow<'a, str>, u32)>;

/// [`card_words`] that own their words, to be kept beyond the card.
pub fn owned_words(card: &Card) -> CardWords<'static> {
    card_words(card)
        .into_iter()
        .map(|(w, n)| (Cow::Owned(w.into_owned()), n))
        .collect()
}

/// The words of a card with their weights. Words borrow from the card where they can.
pub fn card_words(card: &Card) -> CardWords<'_> {
    let mut words: FxHashMap<Cow<str>, u32> = FxHashMap::with_capacity_and_hasher(BODY_WORDS, Default::default());
    let mut add = |text, weight: u32| {
        for_each_word(text, |w| match words.get_mut(w.as_ref()) {
            Some(n) => *n += weight,
            None => {
                words.insert(w, weight);
            }
        });
    };
    add(&card.title, TITLE);
    for t in card.terms.iter().flat_map(|t| &t.names) {
        add(&t.value, TERM);
    }
    if let Some(s) = &card.summary {
        add(s, SUMMARY);
    }
    for h in &card.body.headings {
        add(&h.text, HEADING);
    }
    // Body words count once per occurrence, up to a cap, on top of the weights above.
    for (w, n) in card.body.words.iter() {
        let n = (u32::from(n) * BODY).min(BODY_CAP);
        match words.get_mut(w) {
            Some(m) => *m += n,
            None => {
                words.insert(Cow::Borrowed(w), n);
            }
        }
    }
    let mut list: CardWords = words.into_iter().collect();
    list.sort_unstable();
    list
}

/// Which postings file a word goes to: its first letter.
fn shard_key(word: &str) -> char {
    match word.chars().next() {
        Some(c @ ('æ' | 'ø' | 'å')) => c,
        Some(c) if c.is_ascii_alphanumeric() => c,
        _ => '_',
    }
}

/// The file name of a shard: the letter, with æ, ø, å spelled the Danish ASCII way.
pub fn shard_name(key: char) -> String {
    match danish_ascii(key) {
        Some(ascii) => ascii.to_string(),
        None => key.to_string(),
    }
}

/// A card number and the weight a word has on that card. (Numbers fit in 32 bits; half the
/// size of a `usize` pair, and a large site has millions of postings.)
type Posting = (u32, u32);

/// The words of one shard with their postings, and when they last changed (the live site
/// compares that to know which files to write again).
#[derive(Default)]
struct Shard {
    postings: FxHashMap<String, Vec<Posting>>,
    version: u64,
}

/// The index: for every word, the cards that have it with their weight, by card number; kept
/// by shard, so that writing one shard reads only its own words.
#[derive(Default)]
pub struct SearchIndex {
    shards: BTreeMap<char, Shard>,
    /// Counts every change, so a shard's version never repeats, not even for a shard that
    /// was emptied and came back.
    clock: u64,
    /// When the list of all words last changed.
    words_version: u64,
}

impl SearchIndex {
    /// The index of all cards, built in parallel. Each task indexes a run of cards, by shard,
    /// and drops their word lists as it goes, so all cards' words are never held at once. Then
    /// each shard joins its part of every run, in card order, so every list stays sorted by card.
    pub fn build(cards: &[Card]) -> SearchIndex {
        type Words<'c> = FxHashMap<Cow<'c, str>, Vec<Posting>>;
        type Part<'c> = BTreeMap<char, Words<'c>>;
        let run = cards.len().div_ceil(rayon::current_num_threads() * 4).max(1);
        let mut parts: Vec<Part> = cards
            .par_chunks(run)
            .enumerate()
            .map(|(k, chunk)| {
                let mut part = Part::new();
                for (j, card) in chunk.iter().enumerate() {
                    let id = (k * run + j) as u32;
                    for (w, n) in card_words(card) {
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
        let keys: BTreeSet<char> = parts.iter().flat_map(|p| p.keys().copied()).collect();
        let mut by_key: Vec<(char, Vec<Words>)> = keys
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
            ..SearchIndex::default()
        }
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
    pub fn version(&self, key: char) -> u64 {
        self.shards.get(&key).map_or(0, |s| s.version)
    }

    /// When the list of words last changed.
    pub fn words_version(&self) -> u64 {
        self.words_version
    }

    /// The keys of the shards that have words (see [`shard_name`]), sorted.
    pub fn shard_keys(&self) -> impl Iterator<Item = char> + '_ {
        self.shards.keys().copied()
    }

    /// `search/words.js`: every word, so the browser can match inside words.
    pub fn words_file(&self) -> Vec<u8> {
        let mut words: Vec<&String> = self.shards.values().flat_map(|s| s.postings.keys()).collect();
        words.sort_unstable();
        let json = serde_json::to_string(&words).unwrap_or_default();
        let stop = serde_json::to_string(STOP_WORDS).unwrap_or_default();
        format!("samkortSearch.words({json},{stop});\n").into_bytes()
    }

    /// `search/<letter>.js`: the postings of the words of the shard with this key, each a list
    /// of `[card number, weight]`, highest weight first.
    pub fn shard_file(&self, key: char) -> Vec<u8> {
        let empty = Shard::default();
        let shard = self.shards.get(&key).unwrap_or(&empty);
        let mut words: Vec<(&String, &Vec<Posting>)> = shard.postings.iter().collect();
        words.sort_unstable_by_key(|(w, _)| *w);
        let mut js = format!(
            "samkortSearch.shard({},{{",
            serde_json::to_string(&shard_name(key)).unwrap_or_default()
        );
        let mut list: Vec<Posting> = Vec::new();
        for (k, (w, postings)) in words.into_iter().enumerate() {
            if k > 0 {
                js.push(',');
            }
            list.clear();
            list.extend_from_slice(postings);
            // Only the best cards of a word are worth showing; the rest would only grow the file.
            let by_weight = |a: &Posting, b: &Posting| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
            if list.len() > MAX_POSTINGS {
                list.select_nth_unstable_by(MAX_POSTINGS, by_weight);
                list.truncate(MAX_POSTINGS);
            }
            list.sort_by(by_weight);
            let _ = write!(js, "{}:[", serde_json::to_string(w).unwrap_or_default());
            for (i, (id, n)) in list.iter().enumerate() {
                let _ = write!(js, "{}[{id},{n}]", if i > 0 { "," } else { "" });
            }
            js.push(']');
        }
        js.push_str("});\n");
        js.into_bytes()
    }
}

/// `search/docs.js`: per card number its URL, title, kind and summary.
pub fn docs_file(config: &Config, cards: &[Card], urls: &[String]) -> Vec<u8> {
    let docs: Vec<(&str, &str, &str, &str)> = cards
        .iter()
        .zip(urls)
        .map(|(c, u)| {
            (
                u.as_str(),
                c.title.as_str(),
                config.kind(c.kind).singular.as_str(),
                c.summary.as_deref().unwrap_or(""),
            )
        })
        .collect();
    let json = serde_json::to_string(&docs).unwrap_or_default();
    format!("samkortSearch.docs({json});\n").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn the_browser_folds_query_letters_as_the_index_does() {
        // The browser's table holds only what Unicode decomposition would get wrong.
        let script = include_str!("../themes/default/static/search.js");
        let table = script.split("var FOLD = ").nth(1).and_then(|s| s.split(';').next());
        let table: BTreeMap<String, String> = serde_json::from_str(table.unwrap_or("")).unwrap();
        assert!(table.contains_key("ü"));
        for (letter, base) in table {
            assert_eq!(crate::text::folded(&letter).collect::<String>(), base, "{letter}");
        }
    }

    #[test]
    fn a_shard_that_was_emptied_and_came_back_has_a_new_version() {
        let words = |w: &'static str| -> CardWords<'static> { vec![(Cow::Borrowed(w), 1)] };
        let mut index = SearchIndex::default();
        index.add(0, &words("zebra"));
        let first = index.version('z');
        let file = index.shard_file('z');
        index.remove_card(0);
        assert_eq!(index.shard_keys().count(), 0);
        index.add(0, &words("zebra"));
        assert!(index.version('z') > first, "the live site would keep the old file");
        assert_eq!(index.shard_file('z'), file);
        assert_eq!(
            index.shard_file('z'),
            b"samkortSearch.shard(\"z\",{\"zebra\":[[0,1]]});\n"
        );
    }

    #[test]
    fn shards_are_file_names() {
        let shard_of = |w: &str| shard_name(shard_key(w));
        assert_eq!(shard_of("ældre"), "ae");
        assert_eq!(shard_of("øre"), "oe");
        assert_eq!(shard_of("åben"), "aa");
        assert_eq!(shard_of("72"), "7");
    }
}
