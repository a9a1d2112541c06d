//! Danish folding: the one table that says which letter a character counts as.
//!
//! Slugs ([`crate::slug`]), alphabetical order ([`crate::collate`]) and search words
//! ([`crate::words`]) all read characters through [`fold`], so "Müller", "Naïv" and "Dvořák"
//! get one spelling in a URL, in a sorted list and in the search index. Folding keeps æ, ø and å
//! (they are letters of their own in Danish, not accented a and o), maps the foreign letters
//! Danish knows to their Danish letter (ä -> æ, ö -> ø, ü -> y), drops accents (é -> e), and
//! hands any other letter to the `deunicode` crate (ř -> r). [`danish_ascii`] spells æ, ø and å
//! in ASCII, for slugs and file names. (The browser folds search queries with a short copy of
//! the Danish rows in themes/default/static/search.js; a test in `search` holds it to this one.)

use deunicode::deunicode_char;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// What one character folds to: one character, none, or a few ASCII letters.
pub enum Folded {
    One(Option<char>),
    /// Letters and digits are kept (lowercased), anything else in the string is dropped.
    Ascii(std::str::Bytes<'static>),
}

impl Iterator for Folded {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        match self {
            Folded::One(c) => c.take(),
            Folded::Ascii(s) => s
                .find(u8::is_ascii_alphanumeric)
                .map(|b| b.to_ascii_lowercase() as char),
        }
    }
}

/// The Danish base form of one lowercase character. Characters that are neither letters nor
/// digits stay as they are: each user decides what a space or a dash means to it.
pub fn fold(c: char) -> Folded {
    let one = |c| Folded::One(Some(c));
    match c {
        'a'..='z' | '0'..='9' | 'æ' | 'ø' | 'å' => one(c),
        'ä' => one('æ'),
        'ö' => one('ø'),
        // ü is y because Danish files it under y (the official spelling rules alphabetize ü
        // as y) and says it as y; slugs follow, so "Müller" is `myller` in a URL too.
        'ü' => one('y'),
        'é' | 'è' | 'ê' | 'ë' => one('e'),
        'á' | 'à' | 'â' => one('a'),
        'í' | 'ì' | 'î' | 'ï' => one('i'),
        'ó' | 'ò' | 'ô' => one('o'),
        'ú' | 'ù' | 'û' => one('u'),
        'ñ' => one('n'),
        'ç' => one('c'),
        'ß' => Folded::Ascii("ss".bytes()),
        // Combining accents belong to the letter before them: "e\u{301}" folds like "é".
        '\u{300}'..='\u{36f}' => Folded::One(None),
        c if c.is_alphabetic() && !c.is_ascii() => match deunicode_char(c) {
            // Only letters go to deunicode: it would spell '½' as "1/2", which would then read
            // as the digits 12.
            Some(s) if s.bytes().any(|b| b.is_ascii_alphanumeric()) => Folded::Ascii(s.bytes()),
            _ => one(c),
        },
        c => one(c),
    }
}

/// Lowercases one character of any case, then folds it.
pub fn fold_any(c: char) -> impl Iterator<Item = char> {
    c.to_lowercase().flat_map(fold)
}

/// The whole of `text`, lowercased and folded. Text is composed (Unicode NFC) first, so a
/// letter written as a base letter and a combining mark, as some file systems store file
/// names (`a` + U+030A), folds as the one letter it is (`å`), not as the bare base letter.
pub fn folded(text: &str) -> impl Iterator<Item = char> + '_ {
    let (nfc, chars) = if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        (None, Some(text.chars()))
    } else {
        (Some(text.nfc()), None)
    };
    nfc.into_iter()
        .flatten()
        .chain(chars.into_iter().flatten())
        .flat_map(fold_any)
}

/// How æ, ø and å are spelled in ASCII, the Danish way: ae, oe, aa. Dropping the ring or the
/// stroke instead would make "gråzone" `grazone`, another word.
pub fn danish_ascii(c: char) -> Option<&'static str> {
    match c {
        'æ' => Some("ae"),
        'ø' => Some("oe"),
        'å' => Some("aa"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collate;
    use crate::slug::slugify;
    use crate::words::words;

    fn fold_str(s: &str) -> String {
        folded(s).collect()
    }

    #[test]
    fn danish_letters_stay_and_german_ones_become_danish() {
        assert_eq!(fold_str("Ærø Å"), "ærø å");
        assert_eq!(fold_str("Ärger Öl Über"), "ærger øl yber");
        assert_eq!(
            fold_str("Café crème, Señor Çelik, Straße"),
            "cafe creme, senor celik, strasse"
        );
    }

    #[test]
    fn u_umlaut_is_y_in_slug_sort_key_and_search_word() {
        assert_eq!(slugify("Müller"), "myller");
        assert_eq!(collate::key("Müller"), collate::key("myller"));
        assert_eq!(words("Müller"), ["myller"]);
    }

    #[test]
    fn circumflex_and_diaeresis_fold_alike_in_slug_sort_key_and_search_word() {
        // î, ï and û once folded in slugs but not in search words.
        assert_eq!(slugify("Naïv maître sûr"), "naiv-maitre-sur");
        assert_eq!(collate::key("Naïv maître sûr"), collate::key("naiv maitre sur"));
        assert_eq!(words("Naïv maître sûr"), ["naiv", "maitre", "sur"]);
    }

    #[test]
    fn letters_outside_the_table_fall_back_to_deunicode() {
        assert_eq!(slugify("Dvořák"), "dvorak");
        assert_eq!(collate::key("Dvořák"), collate::key("dvorak"));
        assert_eq!(words("Dvořák"), ["dvorak"]);
        assert_eq!(fold_str("Łódź"), "lodz");
    }

    #[test]
    fn decomposed_accents_fold_like_composed_ones() {
        assert_eq!(fold_str("Cafe\u{301}"), "cafe");
        assert_eq!(slugify("Re\u{301}sume\u{301}"), "resume");
        assert_eq!(words("Re\u{301}sume\u{301}"), ["resume"]);
    }

    #[test]
    fn a_decomposed_danish_letter_is_composed_before_it_is_folded() {
        // "gå" as a file system may store it: `a` and a combining ring above.
        assert_eq!(slugify("ga\u{30a}"), "gaa");
        assert_eq!(slugify("Gra\u{30a}zone"), "graazone");
        assert_eq!(collate::key("ga\u{30a}"), collate::key("gå"));
        assert_eq!(words("ga\u{30a} Ka\u{308}re"), ["gå", "kære"]);
    }

    #[test]
    fn punctuation_and_other_numbers_are_left_to_the_caller() {
        assert_eq!(fold_str("a–b’c ½"), "a–b’c ½");
    }

    #[test]
    fn danish_letters_are_spelled_in_ascii_with_two_letters() {
        assert_eq!(danish_ascii('æ'), Some("ae"));
        assert_eq!(danish_ascii('ø'), Some("oe"));
        assert_eq!(danish_ascii('å'), Some("aa"));
        assert_eq!(danish_ascii('a'), None);
    }
}
