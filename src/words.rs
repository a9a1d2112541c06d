//! Search words: what counts as a word of a card, and the first words of its body.
//!
//! A word is a run of letters and digits, lowercased and folded by [`crate::text`] ("Ärlig" ->
//! `ærlig`, "Dvořák" -> `dvorak`), at least two letters long. A colon between two letters joins
//! them, so the abbreviation "SAM:BO" is the one word `sambo`. [`words`] and [`for_each_word`]
//! read a whole text (a title, a term), and say of each word whether it was written in capitals
//! (an acronym: "FVE", "KIT"). A card body's words are collected by the Markdown pass while it
//! converts the body, piece by piece ([`BodyWordsReader`]), not read back from the HTML, and
//! kept as [`BodyWords`]: the first [`BODY_WORDS`] words, each once with its count. Which words
//! are too common to index depends on the site's language ([`is_stop_word`]); the search index
//! leaves them out and sends the list to the browser, which leaves them out of queries too.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use crate::config::Language;
use crate::text::{fold, fold_any};

/// How many words of a card's body are indexed, stop words not counted. A card's lead says
/// what it is about, and reading all of every long card would cost more than it adds to what
/// a search finds.
pub const BODY_WORDS: usize = 400;

/// Declares a stop word list and its fast test from one list of words.
macro_rules! stop_words {
    ($list:ident, $test:ident, $($w:literal),* $(,)?) => {
        pub const $list: &[&str] = &[$($w),*];

        /// Same as `LIST.contains(&word)`, compiled to a match.
        fn $test(word: &str) -> bool {
            matches!(word, $($w)|*)
        }
    };
}

stop_words!(
    DANISH_STOP_WORDS,
    is_danish_stop_word,
    "af",
    "alle",
    "at",
    "da",
    "de",
    "dem",
    "den",
    "der",
    "det",
    "dig",
    "du",
    "efter",
    "eller",
    "en",
    "er",
    "et",
    "for",
    "fra",
    "ham",
    "han",
    "har",
    "hun",
    "hvad",
    "hvis",
    "hvor",
    "i",
    "ikke",
    "jeg",
    "kan",
    "man",
    "med",
    "men",
    "mig",
    "og",
    "om",
    "op",
    "os",
    "over",
    "på",
    "sig",
    "sin",
    "sine",
    "sit",
    "skal",
    "som",
    "så",
    "til",
    "ud",
    "under",
    "var",
    "ved",
    "vi",
    "vil",
    "være",
);

// Short on purpose: "for", "over" and "under" carry meaning in English ("care for", "under 18").
stop_words!(
    ENGLISH_STOP_WORDS,
    is_english_stop_word,
    "a",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "by",
    "it",
    "its",
    "is",
    "of",
    "on",
    "or",
    "the",
    "to",
    "was",
    "were",
    "with",
    "that",
    "this",
    "these",
    "those",
    "in",
    "into",
);

/// Words too common to help find anything in a site of this language.
pub fn stop_words(lang: Language) -> &'static [&'static str] {
    match lang {
        Language::Da => DANISH_STOP_WORDS,
        Language::En => ENGLISH_STOP_WORDS,
    }
}

/// Whether `word` (folded) is a stop word of `lang`.
pub fn is_stop_word(lang: Language, word: &str) -> bool {
    match lang {
        Language::Da => is_danish_stop_word(word),
        Language::En => is_english_stop_word(word),
    }
}

/// Reads text character by character and hands over each finished word. A word can run on
/// from one piece of text into the next: Markdown splits text at entities and escapes, not
/// only between words.
#[derive(Default)]
struct WordReader {
    /// The word so far, folded.
    word: String,
    letters: usize,
    /// Letters written in capitals so far, and in small letters.
    upper: usize,
    lower: usize,
    /// A colon followed the last letter: the word goes on if a letter comes next.
    colon: bool,
}

impl WordReader {
    /// Adds a run of ASCII letters and digits to the word: what [`WordReader::push`] does with
    /// each of them, at once.
    fn push_ascii(&mut self, run: &str) {
        debug_assert!(!self.colon && run.bytes().all(|b| b.is_ascii_alphanumeric()));
        let upper = run.bytes().filter(u8::is_ascii_uppercase).count();
        let lower = run.bytes().filter(u8::is_ascii_lowercase).count();
        self.upper += upper;
        self.lower += lower;
        let start = self.word.len();
        self.word.push_str(run);
        self.word[start..].make_ascii_lowercase();
        self.letters += run.len();
    }

    /// Adds `c` to the word, or ends the word when `c` is no letter or digit.
    fn push(&mut self, c: char, f: &mut impl FnMut(&str, bool)) {
        if std::mem::take(&mut self.colon) && !c.is_alphabetic() {
            self.end(f);
        }
        if c.is_ascii() {
            // Most text is ASCII; it needs no table.
            if c.is_ascii_alphanumeric() {
                self.count_case(c.is_ascii_uppercase(), c.is_ascii_lowercase());
                self.word.push(c.to_ascii_lowercase());
                self.letters += 1;
            } else if c == ':' && self.word.ends_with(|c: char| c.is_alphabetic()) {
                self.colon = true;
            } else {
                self.end(f);
            }
            return;
        }
        // Only a combining mark joins the letter before it, and the first is U+0300.
        if c >= '\u{300}'
            && let Some(whole) = self.compose(c)
        {
            self.word.extend(fold(whole));
            return;
        }
        // The small Danish letters fold to themselves: common enough to skip the tables.
        if matches!(c, 'æ' | 'ø' | 'å') {
            self.count_case(false, true);
            self.word.push(c);
            self.letters += 1;
            return;
        }
        self.count_case(c.is_uppercase(), c.is_lowercase());
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

    fn count_case(&mut self, upper: bool, lower: bool) {
        self.upper += usize::from(upper);
        self.lower += usize::from(lower);
    }

    /// Ends the word being read, handing it to `f` when it is one worth indexing, with whether
    /// it was written in capitals.
    fn end(&mut self, f: &mut impl FnMut(&str, bool)) {
        if self.letters >= 2 {
            f(&self.word, self.upper >= 2 && self.lower == 0);
        }
        self.word.clear();
        self.letters = 0;
        self.upper = 0;
        self.lower = 0;
        self.colon = false;
    }
}

/// How a word was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// In capitals: an acronym ("FVE", "SAM:BO").
    pub caps: bool,
    /// Joined by a hyphen to the word after it ("FVE-bilen").
    pub hyphen: bool,
}

/// Calls `f` with every word of `text` and how it was written. A word that folding leaves as
/// written is lent from `text`, so the words of a site's titles and terms need no memory of
/// their own.
pub fn for_each_word<'t>(text: &'t str, mut f: impl FnMut(Cow<'t, str>, Written)) {
    let lend = |start: usize, end: usize, word: &str| match text.get(start..end) {
        Some(written) if written == word => Cow::Borrowed(written),
        _ => Cow::Owned(word.to_string()),
    };
    let mut reader = WordReader::default();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if reader.word.is_empty() {
            start = i;
        }
        // A colon that did not join two words is not part of the word before it.
        let end = if reader.colon { i - 1 } else { i };
        let hyphen = c == '-';
        reader.push(c, &mut |w, caps| f(lend(start, end, w), Written { caps, hyphen }));
    }
    let end = if reader.colon { text.len() - 1 } else { text.len() };
    reader.end(&mut |w, caps| f(lend(start, end, w), Written { caps, hyphen: false }));
}

/// The words of `text`, in order.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |w, _| out.push(w.into_owned()));
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

/// Collects [`BodyWords`] from the pieces of text the Markdown pass meets, leaving out the stop
/// words of the site's language.
#[derive(Default)]
pub struct BodyWordsReader {
    lang: Language,
    reader: WordReader,
    /// Every word read so far, repeats included, separated by spaces.
    words: String,
    count: usize,
}

impl BodyWordsReader {
    pub fn new(lang: Language) -> BodyWordsReader {
        BodyWordsReader {
            lang,
            ..BodyWordsReader::default()
        }
    }

    /// Text that may continue the word before it.
    pub fn text(&mut self, text: &str) {
        let BodyWordsReader {
            lang,
            reader,
            words,
            count,
        } = self;
        // Reading stops at the limit, also in the middle of a long paragraph.
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            if *count >= BODY_WORDS {
                return;
            }
            // Most text is runs of ASCII letters, which end no word: they are read a run at a time.
            let run = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
            if run > 0 && !reader.colon {
                reader.push_ascii(&rest[..run]);
                rest = &rest[run..];
                continue;
            }
            reader.push(c, &mut |w, _| add(*lang, words, count, w));
            rest = &rest[c.len_utf8()..];
        }
    }

    /// Markup stands here: the word before it ends.
    pub fn boundary(&mut self) {
        let BodyWordsReader {
            lang,
            reader,
            words,
            count,
        } = self;
        reader.end(&mut |w, _| add(*lang, words, count, w));
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

fn add(lang: Language, words: &mut String, count: &mut usize, word: &str) {
    if *count < BODY_WORDS && !is_stop_word(lang, word) {
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
    fn words_are_folded() {
        let w = words("Sundhedsaftalen og IV-behandling på café – Ärlig");
        assert_eq!(w, ["sundhedsaftalen", "og", "iv", "behandling", "på", "cafe", "ærlig"]);
    }

    #[test]
    fn words_written_as_folded_are_lent_from_the_text() {
        let mut got = Vec::new();
        for_each_word("tillid Ærlig café", |w, _| got.push(w));
        assert!(matches!(&got[0], Cow::Borrowed("tillid")));
        assert!(matches!(&got[1], Cow::Owned(w) if w == "ærlig"));
        assert!(matches!(&got[2], Cow::Owned(w) if w == "cafe"));
    }

    #[test]
    fn a_colon_between_letters_joins_them_and_capitals_make_an_acronym() {
        let mut got = Vec::new();
        for_each_word("SAM:BO-aftalen, FVE-bilen i KIT: kl:10 Øst ÆØ", |w, how| {
            got.push((w.into_owned(), how.caps))
        });
        let want = [
            ("sambo", true),
            ("aftalen", false),
            ("fve", true),
            ("bilen", false),
            ("kit", true),
            ("kl", false),
            ("10", false),
            ("øst", false),
            ("æø", true),
        ];
        let want: Vec<(String, bool)> = want.iter().map(|(w, c)| (w.to_string(), *c)).collect();
        assert_eq!(got, want);
        let mut hyphens = Vec::new();
        for_each_word("FVE-bilen og FVE", |_, how| hyphens.push(how.hyphen));
        assert_eq!(hyphens, [true, false, false, false]);
        let mut lent = Vec::new();
        for_each_word("kit: tillid", |w, _| lent.push(w));
        assert!(matches!(&lent[0], Cow::Borrowed("kit")));
    }

    #[test]
    fn stop_words_follow_the_site_language() {
        assert!(is_stop_word(Language::Da, "og") && is_stop_word(Language::Da, "på"));
        assert!(!is_stop_word(Language::Da, "tillid"));
        for w in ["for", "over", "under", "man"] {
            assert!(is_stop_word(Language::Da, w), "{w}");
            assert!(!is_stop_word(Language::En, w), "an English site keeps `{w}`");
        }
        assert!(is_stop_word(Language::En, "the"));
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
    fn body_words_leave_out_the_stop_words_of_the_site_language() {
        let read = |lang| {
            let mut reader = BodyWordsReader::new(lang);
            reader.text("Tillid over tid, for man ved det");
            reader.finish().iter().map(|(w, _)| w.to_string()).collect::<Vec<_>>()
        };
        assert_eq!(read(Language::Da), ["tillid", "tid"]);
        assert_eq!(
            read(Language::En),
            ["tillid", "over", "tid", "for", "man", "ved", "det"]
        );
    }

    #[test]
    fn body_words_are_the_words_of_the_text() {
        let text = "SAM:BO-aftalen, kl:10 Øst gra\u{30a}zone FVE e\u{301}n Ærlig på ÆØ og tillid2";
        let mut reader = BodyWordsReader::new(Language::En);
        for piece in text.split_inclusive([':', ' ', '\u{30a}']) {
            reader.text(piece);
        }
        let got: Vec<String> = reader.finish().iter().map(|(w, _)| w.to_string()).collect();
        assert_eq!(got, words(text));
    }

    #[test]
    fn body_words_stop_at_the_limit() {
        let mut reader = BodyWordsReader::default();
        for n in 0..BODY_WORDS + 10 {
            reader.text(&format!("ord{n} tillid "));
        }
        let got = reader.finish();
        assert_eq!(got.iter().count(), BODY_WORDS / 2 + 1);
        assert_eq!(got.iter().nth(1), Some(("tillid", (BODY_WORDS / 2) as u8)));
        let last = format!("ord{}", BODY_WORDS / 2 - 1);
        assert_eq!(got.iter().last(), Some((last.as_str(), 1)));
    }
}
