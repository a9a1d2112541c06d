//! Slugs: the ASCII names of cards, heading anchors and taxonomy terms.
//!
//! A slug is lowercase ASCII letters and digits separated by single hyphens. Danish letters
//! are transliterated the Danish way (æ -> ae, ø -> oe, å -> aa), not by dropping accents,
//! so "Gråzoner" becomes `graazoner`, never `grazoner`; every other letter is first folded to
//! its Danish base letter by [`crate::text`], the table that sorting and search read too.

use std::fmt;

use crate::text::{danish_ascii, folded};

/// The name of a card: its file name without `.md`, unique across the site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    /// Accepts `s` only when it already is a valid slug.
    pub fn parse(s: &str) -> Option<Slug> {
        is_valid(s).then(|| Slug(s.to_string()))
    }

    /// Wraps `s` without checking; for names that come from the file system and are
    /// reported separately when invalid.
    pub fn new_unchecked(s: impl Into<String>) -> Slug {
        Slug(s.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::borrow::Borrow<str> for Slug {
    fn borrow(&self) -> &str {
        &self.0
    }
}

/// True for `abc`, `a-1-b`; false for ``, `-a`, `a--b`, `A`, `æ`.
pub fn is_valid(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Makes a slug from any text: "Gråzoner i opgaver & ansvar" -> `graazoner-i-opgaver-ansvar`.
/// Letters are folded by [`crate::text::fold`] first, so "Dvořák" -> `dvorak`. Returns an empty
/// string when the text has no letters or digits.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in folded(text) {
        let mut buf = [0; 4];
        let piece: &str = match c {
            'a'..='z' | '0'..='9' => c.encode_utf8(&mut buf),
            // Apostrophes join words: "Almen praksis' særstilling" -> almen-praksis-saerstilling.
            '\'' | '’' => continue,
            c => match danish_ascii(c) {
                Some(ascii) => ascii,
                None => {
                    pending_hyphen = true;
                    continue;
                }
            },
        };
        if pending_hyphen && !out.is_empty() {
            out.push('-');
        }
        pending_hyphen = false;
        out.push_str(piece);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn danish_letters_are_transliterated() {
        assert_eq!(slugify("Gråzoner i opgaver og ansvar"), "graazoner-i-opgaver-og-ansvar");
        assert_eq!(
            slugify("Skæve økonomiske incitamenter"),
            "skaeve-oekonomiske-incitamenter"
        );
        assert_eq!(slugify("  FVE-bilen -- Kolding!  "), "fve-bilen-kolding");
        assert_eq!(slugify("1,5-linjetjenester"), "1-5-linjetjenester");
        assert_eq!(slugify("???"), "");
    }

    #[test]
    fn validity() {
        assert!(is_valid("tillid"));
        assert!(is_valid("1-5-linjetjenester"));
        for bad in ["", "Tillid", "til lid", "-a", "a-", "a--b", "grå"] {
            assert!(!is_valid(bad), "{bad:?} should be invalid");
        }
    }
}
