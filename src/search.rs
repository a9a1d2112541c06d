//! Search: a word index of the site that the browser reads offline, from disk or any server.
//!
//! Each card's words are weighted by where they stand (title, terms, summary, headings, body)
//! and written as small JavaScript files (`search/*.js`) that a page loads with script tags,
//! which also works from file://, where fetch does not. The postings are split by the first
//! letter of the word, so a query loads only what it needs.
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

const TITLE: u32 = 10;
const TERM: u32 = 6;
const SUMMARY: u32 = 4;
const HEADING: u32 = 3;
const BODY: u32 = 1;
/// How many cards a word lists at most, the best first.
const MAX_POSTINGS: usize = 100;
/// How many words of a card's body are indexed.
const BODY_WORDS: usize = 400;
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

/// The words of a card with their weights. Words that need no folding borrow from the card.
pub fn card_words(card: &Card) -> CardWords<'_> {
    let mut words: FxHashMap<Cow<str>, u32> = FxHashMap::with_capacity_and_hasher(BODY_WORDS, Default::default());
    let mut add = |text, weight: u32| {
        for_each_token(text, false, |w| {
            match words.get_mut(w.as_ref()) {
                Some(n) => *n += weight,
                None => {
                    words.insert(w, weight);
                }
            }
            true
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
    // Body words count once per occurrence, up to a cap, on top of the weights above. Only
    // the body's first words are read: a card's lead says what it is about, and reading all
    // of every long card would cost more build time than it adds to what a search finds.
    let mut body: FxHashMap<Cow<str>, u32> = FxHashMap::with_capacity_and_hasher(BODY_WORDS, Default::default());
    let mut seen = 0;
    for_each_token(&card.body.html, true, |w| {
        match body.get_mut(w.as_ref()) {
            Some(n) => *n = (*n + BODY).min(BODY_CAP),
            None => {
                body.insert(w, BODY);
            }
        }
        seen += 1;
        seen < BODY_WORDS
    });
    for (w, n) in body {
        *words.entry(w).or_insert(0) += n;
    }
    let mut list: CardWords = words.into_iter().collect();
    list.sort_unstable();
    list
}

/// Calls `f` with every word of `text`, lowercased and folded, stop words left out; a word
/// that is already in that form is lent from `text`. With `html`, tags and entities are
/// skipped and end a word. `f` returns whether to go on.
fn for_each_token<'t>(text: &'t str, html: bool, mut f: impl FnMut(Cow<'t, str>) -> bool) {
    let mut word = Word::default();
    let mut in_tag = false;
    let mut in_entity = false;
    for (i, c) in text.char_indices() {
        if html {
            // Inside `<...>` and `&...;` nothing is a word; their start ends the word before.
            let skip = match c {
                _ if in_tag => {
                    in_tag = c != '>';
                    true
                }
                '<' => {
                    in_tag = true;
                    true
                }
                '&' => {
                    in_entity = true;
                    true
                }
                ';' if in_entity => {
                    in_entity = false;
                    true
                }
                _ if in_entity && (c.is_ascii_alphanumeric() || c == '#') => true,
                _ => {
                    in_entity = false;
                    false
                }
            };
            if skip {
                if !word.end(text, i, &mut f) {
                    return;
                }
                continue;
            }
        }
        if c.is_alphanumeric() {
            word.push(i, c);
        } else if !word.end(text, i, &mut f) {
            return;
        }
    }
    word.end(text, text.len(), &mut f);
}

/// The word being read by [`for_each_token`].
#[derive(Default)]
struct Word {
    /// The word lowercased and folded.
    text: String,
    letters: usize,
    /// Where it starts in the text being read.
    start: usize,
    /// Whether folding changed it, so it cannot be lent from the text.
    folded: bool,
}

impl Word {
    fn push(&mut self, at: usize, c: char) {
        if self.letters == 0 {
            self.start = at;
        }
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            self.text.push(c);
        } else {
            let before = self.text.len();
            self.text.extend(c.to_lowercase().map(fold));
            self.folded |= self.text[before..] != *c.encode_utf8(&mut [0; 4]);
        }
        self.letters += 1;
    }

    /// Hands a finished word (if it is one worth indexing) to `f`; returns what `f` says.
    fn end<'t>(&mut self, text: &'t str, at: usize, f: &mut impl FnMut(Cow<'t, str>) -> bool) -> bool {
        let go_on = if self.letters >= 2 && !is_stop_word(&self.text) {
            if self.folded {
                f(Cow::Owned(self.text.clone()))
            } else {
                f(Cow::Borrowed(&text[self.start..at]))
            }
        } else {
            true
        };
        self.text.clear();
        self.letters = 0;
        self.folded = false;
        go_on
    }
}

/// Words too common to help find anything; the browser leaves them out of queries too.
pub const STOP_WORDS: &[&str] = &[
    "af", "alle", "at", "da", "de", "dem", "den", "der", "det", "dig", "du", "efter", "eller", "en", "er", "et", "for",
    "fra", "ham", "han", "har", "hun", "hvad", "hvis", "hvor", "i", "ikke", "jeg", "kan", "man", "med", "men", "mig",
    "og", "om", "op", "os", "over", "på", "sig", "sin", "sine", "sit", "skal", "som", "så", "til", "ud", "under",
    "var", "ved", "vi", "vil", "være",
];

/// Same as `STOP_WORDS.contains(&word)`, but compiled to a fast match.
fn is_stop_word(word: &str) -> bool {
    matches!(
        word,
        "af" | "alle"
            | "at"
            | "da"
            | "de"
            | "dem"
            | "den"
            | "der"
            | "det"
            | "dig"
            | "du"
            | "efter"
            | "eller"
            | "en"
            | "er"
            | "et"
            | "for"
            | "fra"
            | "ham"
            | "han"
            | "har"
            | "hun"
            | "hvad"
            | "hvis"
            | "hvor"
            | "i"
            | "ikke"
            | "jeg"
            | "kan"
            | "man"
            | "med"
            | "men"
            | "mig"
            | "og"
            | "om"
            | "op"
            | "os"
            | "over"
            | "på"
            | "sig"
            | "sin"
            | "sine"
            | "sit"
            | "skal"
            | "som"
            | "så"
            | "til"
            | "ud"
            | "under"
            | "var"
            | "ved"
            | "vi"
            | "vil"
            | "være"
    )
}

fn fold(c: char) -> char {
    match c {
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'á' | 'à' | 'â' => 'a',
        'ä' => 'æ',
        'ö' => 'ø',
        'ü' => 'y',
        'í' | 'ì' => 'i',
        'ó' | 'ò' | 'ô' => 'o',
        'ú' | 'ù' => 'u',
        c => c,
    }
}

/// Lowercase words of at least two letters, stop words left out. Accents are folded the
/// Danish way: é -> e, ä -> æ, ö -> ø, ü -> y.
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_token(text, false, |w| {
        out.push(w.into_owned());
        true
    });
    out
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
    match key {
        'æ' => "ae".into(),
        'ø' => "oe".into(),
        'å' => "aa".into(),
        c => c.to_string(),
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

    #[test]
    fn tokens_fold_case_and_accents_and_drop_stop_words() {
        let t = tokens("Sundhedsaftalen og IV-behandling på café – Ärlig");
        assert_eq!(t, ["sundhedsaftalen", "iv", "behandling", "cafe", "ærlig"]);
    }

    #[test]
    fn html_tags_and_entities_end_words_and_are_not_words() {
        let mut got = Vec::new();
        for_each_token(
            "<p>Aftale&amp;tillid <a href=\"k?a=1&b=2\">Respekt</a></p>",
            true,
            |w| {
                got.push(w.to_string());
                true
            },
        );
        assert_eq!(got, ["aftale", "tillid", "respekt"]);
    }

    #[test]
    fn stop_words_are_left_out() {
        assert!(is_stop_word("og") && is_stop_word("på") && !is_stop_word("tillid"));
        for w in STOP_WORDS {
            assert!(is_stop_word(w), "{w} is in the list but not in the match");
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
