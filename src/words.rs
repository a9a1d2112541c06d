//! Search words: what counts as a word of a card, and the first words of its body.
//!
//! A word is a run of letters and digits, lowercased and folded by [`crate::text`] ("Ärlig" ->
//! `ærlig`, "Dvořák" -> `dvorak`), at least two letters long and not a stop word. [`words`] and
//! [`for_each_word`] read a whole text (a title, a term). A card body's words are collected by
//! the Markdown pass while it converts the body, piece by piece ([`BodyWordsReader`]), not read
//! back from the HTML, and kept as [`BodyWords`]: the first [`BODY_WORDS`] words, each once
//! with its count. The stop words go to the browser with the index.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use crate::text::{fold, fold_any};

/// How many words of a card's body are indexed. A card's lead says what it is about, and
/// reading all of every long card would cost more than it adds to what a search finds.
pub const BODY_WORDS: usize = 400;

/// Declares the stop word list and its fast test from one list of words.
macro_rules! stop_words {
    ($($w:literal),* $(,)?) => {
        /// Words too common to help find anything; the browser leaves them out of queries too.
        pub const STOP_WORDS: &[&str] = &[$($w),*];

        /// Same as `STOP_WORDS.contains(&word)`, compiled to a match.
        fn is_stop_word(word: &str) -> bool {
            matches!(word, $($w)|*)
        }
    };
}

stop_words!(
    "af", "alle", "at", "da", "de", "dem", "den", "der", "det", "dig", "du", "efter", "eller", "en", "er", "et", "for",
    "fra", "ham", "han", "har", "hun", "hvad", "hvis", "hvor", "i", "ikke", "jeg", "kan", "man", "med", "men", "mig",
    "og", "om", "op", "os", "over", "på", "sig", "sin", "sine", "sit", "skal", "som", "så", "til", "ud", "under",
    "var", "ved", "vi", "vil", "være",
);

/// Reads text character by character and hands over each finished word. A word can run on
/// from one piece of text into the next: Markdown splits text at entities and escapes, not
/// only between words.
#[derive(Default)]
struct WordReader {
    /// The word so far, folded.
    word: String,
    letters: usize,
}

impl WordReader {
    /// Adds `c` to the word, or ends the word when `c` is no letter or digit.
    fn push(&mut self, c: char, f: &mut impl FnMut(&str)) {
        if c.is_ascii() {
            // Most text is ASCII; it needs no table.
            if c.is_ascii_alphanumeric() {
                self.word.push(c.to_ascii_lowercase());
                self.letters += 1;
            } else {
                self.end(f);
            }
            return;
        }
        if let Some(whole) = self.compose(c) {
            self.word.extend(fold(whole));
            return;
        }
        for c in fold_any(c) {
            if c.is_alphanumeric() {
                self.word.push(c);
                self.letters += 1;
            } else {
                self.end(f);
            }
        }
    }

    /// The letter that the word's last letter and the combining mark `c` make together, taking
    /// that letter off the word: decomposed text ("a" + U+030A) reads as composed ("å"), as
    /// slugs and sort keys read it ([`crate::text::folded`]).
    fn compose(&mut self, c: char) -> Option<char> {
        let last = self.word.chars().next_back()?;
        let whole = unicode_normalization::char::compose(last, c)?;
        self.word.pop();
        Some(whole)
    }

    /// Ends the word being read, handing it to `f` when it is one worth indexing.
    fn end(&mut self, f: &mut impl FnMut(&str)) {
        if self.letters >= 2 && !is_stop_word(&self.word) {
            f(&self.word);
        }
        self.word.clear();
        self.letters = 0;
    }
}

/// Calls `f` with every word of `text`. A word that folding leaves as written is lent from
/// `text`, so the words of a site's titles and terms need no memory of their own.
pub fn for_each_word<'t>(text: &'t str, mut f: impl FnMut(Cow<'t, str>)) {
    let lend = |start: usize, end: usize, word: &str| match &text[start..end] {
        written if written == word => Cow::Borrowed(written),
        _ => Cow::Owned(word.to_string()),
    };
    let mut reader = WordReader::default();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if reader.word.is_empty() {
            start = i;
        }
        reader.push(c, &mut |w| f(lend(start, i, w)));
    }
    reader.end(&mut |w| f(lend(start, text.len(), w)));
}

/// The words of `text`, in order.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |w| out.push(w.into_owned()));
    out
}

/// The first [`BODY_WORDS`] words of a card body, each once with how often it stands there, in
/// the order they first appear. The words are kept in one string, separated by spaces, and the
/// counts beside them: a large site keeps every card in memory, and a body repeats its words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BodyWords {
    words: Box<str>,
    /// Per word, in order; at most 255.
    counts: Box<[u8]>,
}

impl BodyWords {
    /// Each word with its count.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u8)> {
        self.words
            .split(' ')
            .filter(|w| !w.is_empty())
            .zip(self.counts.iter().copied())
    }
}

/// Collects [`BodyWords`] from the pieces of text the Markdown pass meets.
#[derive(Default)]
pub struct BodyWordsReader {
    reader: WordReader,
    /// Every word read so far, repeats included, separated by spaces.
    words: String,
    count: usize,
}

impl BodyWordsReader {
    /// Text that may continue the word before it.
    pub fn text(&mut self, text: &str) {
        let BodyWordsReader { reader, words, count } = self;
        // Reading stops at the limit, also in the middle of a long paragraph.
        for c in text.chars() {
            if *count >= BODY_WORDS {
                return;
            }
            reader.push(c, &mut |w| add(words, count, w));
        }
    }

    /// Markup stands here: the word before it ends.
    pub fn boundary(&mut self) {
        let BodyWordsReader { reader, words, count } = self;
        reader.end(&mut |w| add(words, count, w));
    }

    pub fn finish(mut self) -> BodyWords {
        self.boundary();
        let mut index: FxHashMap<&str, usize> = FxHashMap::with_capacity_and_hasher(self.count, Default::default());
        let mut words = String::with_capacity(self.words.len());
        let mut counts: Vec<u8> = Vec::with_capacity(self.count);
        for w in self.words.split(' ').filter(|w| !w.is_empty()) {
            match index.get(w) {
                Some(&i) => counts[i] = counts[i].saturating_add(1),
                None => {
                    index.insert(w, counts.len());
                    counts.push(1);
                    if !words.is_empty() {
                        words.push(' ');
                    }
                    words.push_str(w);
                }
            }
        }
        // Copied, not shrunk: the allocator may keep a shrunk buffer at its old size.
        BodyWords {
            words: words.as_str().into(),
            counts: counts.as_slice().into(),
        }
    }
}

fn add(words: &mut String, count: &mut usize, word: &str) {
    if *count < BODY_WORDS {
        if !words.is_empty() {
            words.push(' ');
        }
        words.push_str(word);
        *count += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_folded_and_stop_words_left_out() {
        let w = words("Sundhedsaftalen og IV-behandling på café – Ärlig");
        assert_eq!(w, ["sundhedsaftalen", "iv", "behandling", "cafe", "ærlig"]);
    }

    #[test]
    fn words_written_as_folded_are_lent_from_the_text() {
        let mut got = Vec::new();
        for_each_word("tillid Ærlig café", |w| got.push(w));
        assert!(matches!(&got[0], Cow::Borrowed("tillid")));
        assert!(matches!(&got[1], Cow::Owned(w) if w == "ærlig"));
        assert!(matches!(&got[2], Cow::Owned(w) if w == "cafe"));
    }

    #[test]
    fn common_words_are_stop_words() {
        assert!(is_stop_word("og") && is_stop_word("på") && !is_stop_word("tillid"));
        assert_eq!(words("Det er ikke så svært"), ["svært"]);
    }

    #[test]
    fn a_word_runs_on_across_pieces_until_markup_ends_it() {
        let mut reader = BodyWordsReader::default();
        reader.text("Gr");
        reader.text("å");
        reader.text("zone og ");
        reader.boundary();
        reader.text("tillid");
        reader.boundary();
        reader.text("x tillid");
        let got = reader.finish();
        assert_eq!(got.iter().collect::<Vec<_>>(), [("gråzone", 1), ("tillid", 2)]);
    }

    #[test]
    fn body_words_stop_at_the_limit() {
        let mut reader = BodyWordsReader::default();
        for n in 0..BODY_WORDS + 10 {
            reader.text(&format!("ord{n} tillid "));
        }
        let got = reader.finish();
        assert_eq!(got.iter().map(|(_, n)| usize::from(n)).sum::<usize>(), BODY_WORDS);
        assert_eq!(got.iter().nth(1), Some(("tillid", (BODY_WORDS / 2) as u8)));
        let last = format!("ord{}", BODY_WORDS / 2 - 1);
        assert_eq!(got.iter().last(), Some((last.as_str(), 1)));
    }
}
