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
use std::path::PathBuf;

use rayon::prelude::*;

use crate::card::Card;
use crate::config::Config;
use crate::emit::Output;
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
    for (_, terms) in &card.terms {
        for t in terms {
            add(t, TERM);
        }
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
fn shard_name(key: char) -> String {
    match danish_ascii(key) {
        Some(ascii) => ascii.to_string(),
        None => key.to_string(),
    }
}

fn shard_of(word: &str) -> String {
    shard_name(shard_key(word))
}

/// The index: for every word, the cards that have it with their weight, by card number.
#[derive(Default)]
pub struct SearchIndex {
    postings: FxHashMap<String, Vec<(CardId, u32)>>,
}

impl SearchIndex {
    /// The index of all cards, built in parallel.
    pub fn build(cards: &[Card]) -> (SearchIndex, Vec<CardWords<'_>>) {
        let words: Vec<CardWords> = cards.par_iter().map(card_words).collect();
        // Each task indexes a run of cards; the runs are joined in card order, so every list
        // stays sorted by card.
        let run = words.len().div_ceil(rayon::current_num_threads() * 4).max(1);
        let parts: Vec<FxHashMap<&str, Vec<(CardId, u32)>>> = words
            .par_chunks(run)
            .enumerate()
            .map(|(k, chunk)| {
                let mut part: FxHashMap<&str, Vec<(CardId, u32)>> = FxHashMap::default();
                for (j, list) in chunk.iter().enumerate() {
                    for (w, n) in list {
                        part.entry(w.as_ref()).or_default().push((k * run + j, *n));
                    }
                }
                part
            })
            .collect();
        let mut index = SearchIndex::default();
        for part in parts {
            for (w, mut list) in part {
                match index.postings.get_mut(w) {
                    Some(l) => l.append(&mut list),
                    None => {
                        index.postings.insert(w.to_string(), list);
                    }
                }
            }
        }
        (index, words)
    }

    pub fn add(&mut self, id: CardId, words: &CardWords<'_>) {
        for (w, n) in words {
            let list = match self.postings.get_mut(w.as_ref()) {
                Some(l) => l,
                None => self.postings.entry(w.to_string()).or_default(),
            };
            match list.binary_search_by_key(&id, |(i, _)| *i) {
                Ok(at) => list[at].1 = *n,
                Err(at) => list.insert(at, (id, *n)),
            }
        }
    }

    pub fn remove(&mut self, id: CardId, words: &CardWords<'_>) {
        for (w, _) in words {
            if let Some(list) = self.postings.get_mut(w.as_ref()) {
                list.retain(|(i, _)| *i != id);
                if list.is_empty() {
                    self.postings.remove(w.as_ref());
                }
            }
        }
    }

    /// The names of the shards that have words, sorted.
    pub fn shard_names(&self) -> BTreeSet<String> {
        self.postings.keys().map(|w| shard_of(w)).collect()
    }

    /// The shards a card's words are in.
    pub fn shards_of(words: &CardWords<'_>) -> BTreeSet<String> {
        words.iter().map(|(w, _)| shard_of(w)).collect()
    }

    /// The words of each shard, sorted.
    fn by_shard(&self) -> BTreeMap<String, Vec<&String>> {
        let mut keys: BTreeMap<char, Vec<&String>> = BTreeMap::new();
        for w in self.postings.keys() {
            keys.entry(shard_key(w)).or_default().push(w);
        }
        let mut shards: BTreeMap<String, Vec<&String>> = keys.into_iter().map(|(k, v)| (shard_name(k), v)).collect();
        for words in shards.values_mut() {
            words.sort_unstable();
        }
        shards
    }

    /// Every file of the index.
    pub fn files(&self, config: &Config, cards: &[Card], urls: &[String]) -> Vec<Output> {
        let shards = self.by_shard();
        let mut out = vec![docs_file(config, cards, urls), self.words_file()];
        out.par_extend(shards.par_iter().map(|(s, words)| self.write_shard(s, words)));
        out
    }

    /// `search/words.js`: every word, so the browser can match inside words.
    pub fn words_file(&self) -> Output {
        let mut words: Vec<&String> = self.postings.keys().collect();
        words.sort_unstable();
        let json = serde_json::to_string(&words).unwrap_or_default();
        let stop = serde_json::to_string(STOP_WORDS).unwrap_or_default();
        script("words.js", &format!("samkortSearch.words({json},{stop});\n"))
    }

    /// `search/<letter>.js`, or `None` when no word starts with that letter any more.
    pub fn shard_file(&self, shard: &str) -> Option<Output> {
        let mut words: Vec<&String> = self.postings.keys().filter(|w| shard_of(w) == shard).collect();
        if words.is_empty() {
            return None;
        }
        words.sort_unstable();
        Some(self.write_shard(shard, &words))
    }

    /// The postings of the words of one shard, each a list of `[card number, weight]`,
    /// highest weight first.
    fn write_shard(&self, shard: &str, words: &[&String]) -> Output {
        let mut js = format!(
            "samkortSearch.shard({},{{",
            serde_json::to_string(shard).unwrap_or_default()
        );
        let mut list: Vec<(CardId, u32)> = Vec::new();
        for (k, w) in words.iter().enumerate() {
            if k > 0 {
                js.push(',');
            }
            list.clear();
            list.extend_from_slice(&self.postings[w.as_str()]);
            // Only the best cards of a word are worth showing; the rest would only grow the file.
            let by_weight = |a: &(CardId, u32), b: &(CardId, u32)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
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
        script(&format!("{shard}.js"), &js)
    }
}

/// `search/docs.js`: per card number its URL, title, kind and summary.
pub fn docs_file(config: &Config, cards: &[Card], urls: &[String]) -> Output {
    let docs: Vec<(&str, &str, &str, &str)> = cards
        .iter()
        .zip(urls)
        .map(|(c, u)| {
            (
                u.as_str(),
                c.title.as_str(),
                config.kinds[&c.kind].singular.as_str(),
                c.summary.as_deref().unwrap_or(""),
            )
        })
        .collect();
    let json = serde_json::to_string(&docs).unwrap_or_default();
    script("docs.js", &format!("samkortSearch.docs({json});\n"))
}

fn script(name: &str, text: &str) -> Output {
    Output {
        path: PathBuf::from("search").join(name),
        bytes: text.as_bytes().to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(shard_of("ældre"), "ae");
        assert_eq!(shard_of("øre"), "oe");
        assert_eq!(shard_of("åben"), "aa");
        assert_eq!(shard_of("72"), "7");
    }
}
