//! Terminology: the `[terms]` table of samkort.toml names the preferred spelling of a term and
//! the variants to avoid (`"ad hoc-grupper" = ["ad-hoc-grupper", "ad hoc grupper"]`). `check`
//! and `build` warn at the exact line and column of every variant in a card's body and in the
//! front matter's prose, with the fix.
//!
//! Matching is case-insensitive (also for æ, ø and å) and word-bounded: a variant inside a
//! longer word is not one. One pass of an Aho-Corasick automaton over each card's text finds
//! every variant of every term at once.
//!
//! A variant that differs from the preferred spelling only in case (`e-hospitalet` for
//! `e-Hospitalet`) is reported unless the text has the preferred spelling exactly, or with a
//! capital first letter at the start of a sentence, a list item, a heading or a table cell.
//!
//! What is read: the body, except code (fenced and inline), link targets (`[[slug]]`, the
//! address of `[text](address)`) and HTML tags; and in the front matter the title, summary,
//! questions, flashcards and the kind's text and list fields. Slugs (relations, steps,
//! references, `kind`), taxonomy terms, enum values and `source` (which names a published
//! document as it is titled) are not read.

use aho_corasick::{AhoCorasick, MatchKind};

use crate::config::{Config, FieldType};
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::msg;
use crate::parse::ParsedCard;

/// The compiled `[terms]` table.
#[derive(Debug, Clone)]
pub struct TermMatcher {
    ac: AhoCorasick,
    /// Per pattern: the index of its term in `preferred`.
    term_of: Vec<usize>,
    preferred: Vec<String>,
}

/// `text` with every letter that has a one-letter lower case of the same length in UTF-8 in
/// lower case, so that byte offsets in the result are offsets in `text`.
fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        let mut lower = c.to_lowercase();
        match (lower.next(), lower.next()) {
            (Some(l), None) if l.len_utf8() == c.len_utf8() => out.push(l),
            _ => out.push(c),
        }
    }
    out
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

impl TermMatcher {
    /// The matcher of `[terms]`, or `None` when the table is empty.
    pub fn new(terms: &indexmap::IndexMap<String, Vec<String>>) -> Option<TermMatcher> {
        let mut patterns: Vec<String> = Vec::new();
        let mut term_of = Vec::new();
        let mut preferred = Vec::new();
        for (i, (p, variants)) in terms.iter().enumerate() {
            preferred.push(p.clone());
            for v in variants {
                let folded = fold(v);
                if !folded.is_empty() && !patterns.contains(&folded) {
                    patterns.push(folded);
                    term_of.push(i);
                }
            }
        }
        if patterns.is_empty() {
            return None;
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok()?;
        Some(TermMatcher { ac, term_of, preferred })
    }

    /// Every variant in `text[range]` for each of `ranges`, as (offset, length, term index,
    /// start of its range), word-bounded, in order.
    fn find(&self, text: &str, folded: &str, ranges: &[(usize, usize)]) -> Vec<(usize, usize, usize, usize)> {
        let mut out = Vec::new();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
        for &(from, to) in ranges {
            let input = aho_corasick::Input::new(folded).range(from..to);
            for m in self.ac.find_iter(input) {
                let (s, e) = (m.start(), m.end());
                if word(text[..s].chars().next_back()) || word(text[e..].chars().next()) {
                    continue;
                }
                out.push((s, e - s, self.term_of[m.pattern().as_usize()], from));
            }
        }
        out
    }
}

/// True when the word at `at` starts a sentence, a list item, a heading, a table cell, a
/// paragraph, or the text from `floor` on (the body, a YAML value).
fn sentence_start(text: &str, floor: usize, at: usize) -> bool {
    let mut newlines = 0;
    let mut markers_on_line = false;
    for c in text[floor..at].chars().rev() {
        match c {
            '\n' => {
                newlines += 1;
                if newlines == 2 || markers_on_line {
                    return true;
                }
            }
            ' ' | '\t' => {}
            '"' | '\'' | '“' | '”' | '„' | '«' | '»' | '(' | '[' | '*' | '_' => {}
            '#' | '-' | '>' | '|' | '+' if newlines == 0 => markers_on_line = true,
            '.' | '!' | '?' | ':' => return true,
            _ => return false,
        }
    }
    true
}

/// The spans of the body that are prose: everything but code, link targets, HTML tags and
/// quotations (which keep the source's spelling).
fn body_ranges(text: &str, start: usize) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut fence: Option<&str> = None;
    let mut offset = start;
    for line in text[start..].split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        if let Some(f) = fence {
            if trimmed.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            continue;
        }
        // Within the line: leave out `code`, [[target (up to | or ]]), ](address) and <tags>.
        let b = line.as_bytes();
        let mut from = 0;
        let mut i = 0;
        let mut push = |a: usize, z: usize| {
            if z > a {
                ranges.push((line_start + a, line_start + z));
            }
        };
        while i < b.len() {
            let skip_to = match b[i] {
                b'`' => {
                    let ticks = b[i..].iter().take_while(|&&c| c == b'`').count();
                    let close = "`".repeat(ticks);
                    line[i + ticks..].find(&close).map(|k| i + ticks + k + ticks)
                }
                b'[' if b.get(i + 1) == Some(&b'[') => line[i..].find("]]").map(|k| {
                    let link = &line[i..i + k];
                    // The shown text after `|` is prose: resume there.
                    link.find('|').map_or(i + k + 2, |bar| i + bar + 1)
                }),
                b']' if b.get(i + 1) == Some(&b'(') => line[i..].find(')').map(|k| i + k + 1),
                b'<' if b
                    .get(i + 1)
                    .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'/' || *c == b'!') =>
                {
                    line[i..].find('>').map(|k| i + k + 1)
                }
                b'"' => line[i + 1..].find('"').map(|k| i + 1 + k + 1),
                // “…”, „…“ and «…»: the closing mark is looked for after the opening one.
                0xE2 | 0xC2 if line.is_char_boundary(i) => {
                    let open = line[i..].chars().next().unwrap_or(' ');
                    let close: &[char] = match open {
                        '“' => &['”'],
                        '„' => &['“', '”'],
                        '«' => &['»'],
                        _ => &[],
                    };
                    if close.is_empty() {
                        None
                    } else {
                        let after = i + open.len_utf8();
                        line[after..].find(close).map(|k| {
                            let end = after + k;
                            end + line[end..].chars().next().map_or(0, char::len_utf8)
                        })
                    }
                }
                _ => None,
            };
            match skip_to {
                Some(end) => {
                    push(from, i);
                    from = end;
                    i = end;
                }
                None => i += 1,
            }
        }
        push(from, line.len());
    }
    ranges
}

/// The spans of the front matter that are prose: the values of the keys `prose` accepts, less
/// comments.
fn yaml_ranges(text: &str, start: usize, end: usize, prose: &dyn Fn(&str) -> bool) -> Vec<(usize, usize)> {
    let yaml = &text[start..end];
    let top = yaml
        .lines()
        .map(|l| (l.len() - l.trim_start().len(), l.trim_start()))
        .find(|(_, t)| !t.is_empty() && !t.starts_with('#'))
        .map_or(0, |(indent, _)| indent);
    let mut ranges = Vec::new();
    let mut reading = false;
    let mut offset = start;
    for line in yaml.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let t = line.trim_start();
        let indent = line.len() - t.len();
        if t.trim().is_empty() || t.starts_with('#') {
            continue;
        }
        let mut from = 0;
        if indent == top && !t.starts_with("- ") {
            // A top-level key: its value is read when the key is prose.
            let Some(colon) = line.find(':') else {
                reading = false;
                continue;
            };
            let key = line[..colon].trim().trim_matches(['"', '\'']);
            reading = prose(key);
            from = colon + 1;
        }
        if !reading {
            continue;
        }
        // A comment starts at ` #` outside quotes (good enough for front matter).
        let to = line[from..].find(" #").map_or(line.len(), |k| from + k);
        ranges.push((line_start + from, line_start + to));
    }
    ranges
}

/// Warns at every variant of a `[terms]` term in the card, with the preferred spelling.
pub fn check(config: &Config, p: &ParsedCard) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let Some(m) = &config.term_matcher else {
        return diags;
    };
    let kind = match p.front.get("kind").and_then(|k| k.as_str()) {
        Some(k) => config.kind_id(k),
        None => p.folder.as_deref().and_then(|f| config.kind_by_folder(f)),
    };
    let prose = |key: &str| {
        matches!(key, "title" | "summary" | "questions" | "flashcards")
            || kind.is_some_and(|k| {
                config
                    .kind(k)
                    .fields
                    .get(key)
                    .is_some_and(|s| matches!(s.ty, FieldType::String | FieldType::List))
            })
    };
    let text = &p.text;
    let folded = fold(text);
    let yaml_end = p.yaml_offset + p.yaml.len();
    let mut ranges = yaml_ranges(text, p.yaml_offset, yaml_end, &prose);
    ranges.extend(body_ranges(text, p.body_offset));
    for (at, len, term, range) in m.find(text, &folded, &ranges) {
        let written = &text[at..at + len];
        let preferred = &m.preferred[term];
        // A sentence may start at a YAML value, or anywhere in the body.
        let floor = if range >= p.body_offset { p.body_offset } else { range };
        let start = sentence_start(text, floor, at);
        if written == preferred || (start && *written == capitalized(preferred)) {
            continue;
        }
        let starts_upper = written.chars().next().is_some_and(char::is_uppercase);
        let fix = if starts_upper && start {
            capitalized(preferred)
        } else {
            preferred.clone()
        };
        diags.push(
            Diagnostic::warning(
                &p.file,
                Position::of_offset(text, at),
                msg!("diag.term-variant", written = written, preferred = preferred),
            )
            .with_help(msg!("help.term-variant", fix = fix)),
        );
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_byte_offsets() {
        assert_eq!(fold("ÆBLE Øst Å"), "æble øst å");
        assert_eq!(fold("İx").len(), "İx".len());
    }

    #[test]
    fn sentence_starts() {
        let t = "Hej. Sundhedsråd\n- Sundhedsråd\nog Sundhedsråd\n\nSundhedsråd";
        let at = |n: usize| t.match_indices("Sundhedsråd").nth(n).unwrap().0;
        assert!(sentence_start(t, 0, at(0)));
        assert!(sentence_start(t, 0, at(1)));
        assert!(!sentence_start(t, 0, at(2)));
        assert!(sentence_start(t, 0, at(3)));
        assert!(sentence_start(t, 5, at(0)));
    }

    #[test]
    fn body_ranges_leave_out_code_and_link_targets() {
        let t = "a `ad-hoc` [[ad-hoc|ad-hoc]] [x](ad-hoc) <a href=\"ad-hoc\"> \"ad-hoc\" “ad-hoc”\n```\nad-hoc\n```\nad-hoc\n";
        let prose: String = body_ranges(t, 0).iter().map(|&(a, z)| &t[a..z]).collect();
        assert_eq!(prose.matches("ad-hoc").count(), 2, "{prose}");
    }
}
