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
use std::collections::BTreeSet;

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
        add(t, TERM);
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

/// The index: for every word, the cards that have it with their weight, by card number.
#[derive(Default)]
pub struct SearchIndex {
    postings: FxHashMap<String, Vec<Posting>>,
    /// Per shard: how often its postings changed since the index was built, and the same for
    /// the list of words. The live site compares these to know which files to write again.
    versions: FxHashMap<char, u64>,
    words_version: u64,
}

impl SearchIndex {
    /// The index of all cards, built in parallel. Each task indexes a run of cards and drops
    /// their word lists as it goes, so all cards' words are never held at once; the runs are
    /// joined in card order, so every list stays sorted by card.
    pub fn build(cards: &[Card]) -> SearchIndex {
        let run = cards.len().div_ceil(rayon::current_num_threads() * 4).max(1);
        let parts: Vec<FxHashMap<Cow<str>, Vec<Posting>>> = cards
            .par_chunks(run)
            .enumerate()
            .map(|(k, chunk)| {
                let mut part: FxHashMap<Cow<str>, Vec<Posting>> = FxHashMap::default();
                for (j, card) in chunk.iter().enumerate() {
                    let id = (k * run + j) as u32;
                    for (w, n) in card_words(card) {
                        match part.get_mut(w.as_ref()) {
                            Some(list) => list.push((id, n)),
                            None => {
                                part.insert(w, vec![(id, n)]);
                            }
                        }
                    }
                }
                part
            })
            .collect();
        let mut index = SearchIndex::default();
        for part in parts {
            for (w, mut list) in part {
                match index.postings.get_mut(w.as_ref()) {
                    Some(l) => l.append(&mut list),
                    None => {
                        index.postings.insert(w.into_owned(), list);
                    }
                }
            }
        }
        index
    }

    /// Adds the words of card `id` (a card that is new, or whose words were removed).
    pub fn add(&mut self, id: CardId, words: &CardWords<'_>) {
        for (w, n) in words {
            *self.versions.entry(shard_key(w)).or_default() += 1;
            let list = match self.postings.get_mut(w.as_ref()) {
                Some(l) => l,
                None => {
                    self.words_version += 1;
                    self.postings.entry(w.to_string()).or_default()
                }
            };
            match list.binary_search_by_key(&(id as u32), |(i, _)| *i) {
                Ok(at) => list[at].1 = *n,
                Err(at) => list.insert(at, (id as u32, *n)),
            }
        }
    }

    /// Removes the words of card `id`, as [`card_words`] gave them.
    pub fn remove(&mut self, id: CardId, words: &CardWords<'_>) {
        for (w, _) in words {
            if let Some(list) = self.postings.get_mut(w.as_ref()) {
                *self.versions.entry(shard_key(w)).or_default() += 1;
                if let Ok(at) = list.binary_search_by_key(&(id as u32), |(i, _)| *i) {
                    list.remove(at);
                }
                if list.is_empty() {
                    self.postings.remove(w.as_ref());
                    self.words_version += 1;
                }
            }
        }
    }

    /// Gives every card its new number after cards were added, removed or moved: `new_id[old]`
    /// is the old card's new number, `None` when it is gone. Cards that stay keep their order,
    /// so every list stays sorted. Every shard changes (the numbers do).
    pub fn renumber(&mut self, new_id: &[Option<CardId>]) {
        let mut gone = Vec::new();
        for (w, list) in &mut self.postings {
            list.retain_mut(|(id, _)| match new_id.get(*id as usize).copied().flatten() {
                Some(n) => {
                    *id = n as u32;
                    true
                }
                None => false,
            });
            *self.versions.entry(shard_key(w)).or_default() += 1;
            if list.is_empty() {
                gone.push(w.clone());
            }
        }
        for w in gone {
            self.postings.remove(&w);
            self.words_version += 1;
        }
    }

    /// Removes card `id` from every word's postings. Reads the whole index, which is cheaper
    /// than keeping every card's words around for the live site.
    pub fn remove_card(&mut self, id: CardId) {
        let mut gone = Vec::new();
        for (w, list) in &mut self.postings {
            if let Ok(at) = list.binary_search_by_key(&(id as u32), |(i, _)| *i) {
                list.remove(at);
                *self.versions.entry(shard_key(w)).or_default() += 1;
                if list.is_empty() {
                    gone.push(w.clone());
                }
            }
        }
        for w in gone {
            self.postings.remove(&w);
            self.words_version += 1;
        }
    }

    /// How often the postings of the shard with this key changed since the index was built.
    pub fn version(&self, key: char) -> u64 {
        self.versions.get(&key).copied().unwrap_or(0)
    }

    /// How often the list of words changed since the index was built.
    pub fn words_version(&self) -> u64 {
        self.words_version
    }

    /// The keys of the shards that have words (see [`shard_name`]), sorted.
    pub fn shard_keys(&self) -> BTreeSet<char> {
        self.postings.keys().map(|w| shard_key(w)).collect()
    }

    /// `search/words.js`: every word, so the browser can match inside words.
    pub fn words_file(&self) -> Vec<u8> {
        let mut words: Vec<&String> = self.postings.keys().collect();
        words.sort_unstable();
        let json = serde_json::to_string(&words).unwrap_or_default();
        let stop = serde_json::to_string(STOP_WORDS).unwrap_or_default();
        format!("samkortSearch.words({json},{stop});\n").into_bytes()
    }

    /// `search/<letter>.js`: the postings of the words of the shard with this key.
    pub fn shard_file(&self, key: char) -> Vec<u8> {
        let mut words: Vec<&String> = self.postings.keys().filter(|w| shard_key(w) == key).collect();
        words.sort_unstable();
        self.write_shard(&shard_name(key), &words)
    }

    /// The postings of the words of one shard, each a list of `[card number, weight]`,
    /// highest weight first.
    fn write_shard(&self, shard: &str, words: &[&String]) -> Vec<u8> {
        let mut js = format!(
            "samkortSearch.shard({},{{",
            serde_json::to_string(shard).unwrap_or_default()
        );
        let mut list: Vec<Posting> = Vec::new();
        for (k, w) in words.iter().enumerate() {
            if k > 0 {
                js.push(',');
            }
            list.clear();
            list.extend_from_slice(&self.postings[w.as_str()]);
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
    fn shards_are_file_names() {
        let shard_of = |w: &str| shard_name(shard_key(w));
        assert_eq!(shard_of("ældre"), "ae");
        assert_eq!(shard_of("øre"), "oe");
        assert_eq!(shard_of("åben"), "aa");
        assert_eq!(shard_of("72"), "7");
    }
}
