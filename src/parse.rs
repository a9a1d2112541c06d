//! Parse: read one card file into its YAML front matter (as a YAML mapping) and its converted
//! Markdown body.
//!
//! Parsing knows nothing of the site's schema: whether a field is allowed or of the right type
//! is the validate stage's question. Files are parsed in parallel; a file that cannot be read,
//! has no front matter or broken YAML yields a diagnostic instead of a card.

use std::path::{Path, PathBuf};

use serde_yaml::Mapping;

use crate::config::Language;
use crate::diagnostic::{Diagnostic, Position};
use crate::discover::SourceFile;
use crate::frontmatter::{self, SplitError};
use crate::markdown::{self, Body, ReservedIds};
use crate::msg;

/// A card file as read, before it is checked against the schema.
#[derive(Debug, Clone)]
pub struct ParsedCard {
    pub file: PathBuf,
    pub folder: Option<String>,
    pub stem: String,
    /// The YAML text, kept so later stages can locate keys for their messages.
    pub yaml: String,
    pub yaml_line: usize,
    pub front: Mapping,
    pub body: Body,
    /// A hash of the whole file: equal hashes, equal cards.
    pub hash: u64,
    /// The whole file as read (without BOM, with `\n` line ends), for checks that read the
    /// text itself, such as term spellings ([`crate::terms`]).
    pub text: String,
    /// Where the YAML and the body start in `text`.
    pub yaml_offset: usize,
    pub body_offset: usize,
}

pub fn parse_file(
    file: &SourceFile,
    reserved: &ReservedIds,
    raw_html: bool,
    lang: Language,
) -> Result<ParsedCard, Diagnostic> {
    let start = Position::new(1, 1);
    let bytes = std::fs::read(&file.path)
        .map_err(|e| Diagnostic::error(&file.rel, start, msg!("diag.cannot-read-file", error = e)))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
        let bom = if valid.starts_with('\u{feff}') {
            '\u{feff}'.len_utf8()
        } else {
            0
        };
        Diagnostic::error(
            &file.rel,
            Position::of_offset(&valid[bom..], at - bom),
            msg!("diag.not-utf8"),
        )
        .with_help(msg!("help.save-utf8"))
    })?;
    parse_text(file, frontmatter::normalize(text), reserved, raw_html, lang)
}

/// Parses file contents already read (used by tests and the dev server).
pub fn parse_text(
    file: &SourceFile,
    text: String,
    reserved: &ReservedIds,
    raw_html: bool,
    lang: Language,
) -> Result<ParsedCard, Diagnostic> {
    let split = frontmatter::split(&text).map_err(|e| match e {
        SplitError::Missing => Diagnostic::error(&file.rel, Position::new(1, 1), msg!("diag.no-front-matter"))
            .with_help(msg!("help.no-front-matter")),
        SplitError::Unterminated => {
            Diagnostic::error(&file.rel, Position::new(1, 1), msg!("diag.unterminated-front-matter"))
                .with_help(msg!("help.unterminated-front-matter"))
        }
    })?;
    let front: Mapping = if split.yaml.trim().is_empty() {
        Mapping::new()
    } else {
        if let Some(d) = control_character(&file.rel, split.yaml, split.yaml_line) {
            return Err(d);
        }
        let value: serde_yaml::Value =
            serde_yaml::from_str(split.yaml).map_err(|e| yaml_error(&file.rel, split.yaml, split.yaml_line, &e))?;
        match value {
            serde_yaml::Value::Mapping(m) => m,
            serde_yaml::Value::Null => Mapping::new(),
            _ => {
                return Err(Diagnostic::error(
                    &file.rel,
                    Position::new(split.yaml_line, 1),
                    msg!("diag.front-matter-not-map"),
                ));
            }
        }
    };
    let body = markdown::convert(split.body, split.body_line, reserved, raw_html, lang);
    let hash = {
        use std::hash::{Hash, Hasher};
        let mut h = rustc_hash::FxHasher::default();
        text.hash(&mut h);
        h.finish()
    };
    let yaml_offset = split.yaml.as_ptr() as usize - text.as_ptr() as usize;
    let body_offset = split.body.as_ptr() as usize - text.as_ptr() as usize;
    let yaml = split.yaml.to_string();
    let yaml_line = split.yaml_line;
    Ok(ParsedCard {
        hash,
        file: file.rel.clone(),
        folder: file.folder.clone(),
        stem: file.stem.clone(),
        yaml,
        yaml_line,
        front,
        body,
        text,
        yaml_offset,
        body_offset,
    })
}

/// A character YAML does not allow anywhere, not even quoted (a NUL, an escape): reported
/// where it stands, since the YAML parser only counts its bytes.
fn control_character(file: &Path, yaml: &str, first_line: usize) -> Option<Diagnostic> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{10000}'..)
            || (('\u{e000}'..='\u{fffd}').contains(&c) && c != '\u{feff}')
    };
    let (at, c) = yaml.char_indices().find(|&(_, c)| !allowed(c))?;
    Some(
        Diagnostic::error(
            file,
            Position::of_offset(yaml, at).below(first_line - 1),
            if c.is_control() {
                msg!("diag.control-character", code = format!("U+{:04X}", c as u32))
            } else {
                msg!("diag.bad-character", code = format!("U+{:04X}", c as u32))
            },
        )
        .with_help(msg!("help.bad-character")),
    )
}

/// A YAML error as a diagnostic at its own line and column of the file.
fn yaml_error(file: &Path, yaml: &str, first_line: usize, e: &serde_yaml::Error) -> Diagnostic {
    let msg = yaml_message(e);
    // A duplicate key has no position from serde_yaml: find the key's second line ourselves.
    if let Some(key) = duplicate_key(&msg) {
        let pos = frontmatter::Locator::new(yaml, first_line)
            .duplicate(&key)
            .unwrap_or(Position::new(first_line, 1));
        return Diagnostic::error(file, pos, msg!("diag.duplicate-key", key = key))
            .with_help(msg!("help.duplicate-key"));
    }
    // The byte offset, not serde_yaml's line: YAML also ends lines at U+0085, U+2028 and U+2029,
    // which are no line ends in an editor (nor in Markdown).
    let pos = e.location().map_or(Position::new(first_line, 1), |l| {
        Position::of_offset(yaml, l.index()).below(first_line - 1)
    });
    // A number beyond 64 bits reaches us as a type error about 128-bit integers.
    if let Some(number) = too_large_number(&msg) {
        return Diagnostic::error(file, pos, msg!("diag.number-too-large", number = number))
            .with_help(msg!("help.number-too-large", number = number));
    }
    Diagnostic::error(file, pos, msg!("diag.yaml-syntax", error = msg)).with_help(msg!("help.yaml-syntax"))
}

/// The key of serde_yaml's `duplicate entry with key "title"` (written as a Rust string).
fn duplicate_key(msg: &str) -> Option<String> {
    let quoted = msg.split("duplicate entry with key ").nth(1)?;
    let inner = quoted.strip_prefix('"')?.strip_suffix('"')?;
    Some(inner.replace("\\\"", "\"").replace("\\\\", "\\"))
}

/// The digits of serde_yaml's ``invalid type: integer `99999999999999999999999` as u128``.
fn too_large_number(msg: &str) -> Option<&str> {
    let rest = msg.split("invalid type: integer `").nth(1)?;
    let (number, after) = rest.split_once('`')?;
    (after.starts_with(" as u128") || after.starts_with(" as i128")).then_some(number)
}

// serde_yaml appends " at line X column Y" (or " at position N") to its messages; we print the
// position ourselves.
fn yaml_message(e: &serde_yaml::Error) -> String {
    let msg = e.to_string();
    match msg.find(" at line ").or_else(|| msg.find(" at position ")) {
        Some(i) => msg[..i].to_string(),
        None => msg,
    }
}
