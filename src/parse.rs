//! Parse: read one card file into its YAML front matter (as a YAML mapping) and its converted
//! Markdown body.
//!
//! Parsing knows nothing of the site's schema: whether a field is allowed or of the right type
//! is the validate stage's question. Files are parsed in parallel; a file that cannot be read,
//! has no front matter or broken YAML yields a diagnostic instead of a card.

use std::path::PathBuf;

use serde_yaml::Mapping;

use crate::config::Language;
use crate::diagnostic::{Diagnostic, Position};
use crate::discover::SourceFile;
use crate::frontmatter::{self, SplitError};
use crate::markdown::{self, Body, ReservedIds};

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
}

pub fn parse_file(
    file: &SourceFile,
    reserved: &ReservedIds,
    raw_html: bool,
    lang: Language,
) -> Result<ParsedCard, Diagnostic> {
    let start = Position::new(1, 1);
    let bytes = std::fs::read(&file.path)
        .map_err(|e| Diagnostic::error(&file.rel, start, format!("cannot read the file: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
        Diagnostic::error(
            &file.rel,
            Position::of_offset(&valid, at),
            "the file is not valid UTF-8",
        )
        .with_help("save the file as UTF-8")
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
        SplitError::Missing => Diagnostic::error(&file.rel, Position::new(1, 1), "the card has no front matter")
            .with_help("start the file with a `---` line, then `title: ...`, then a closing `---` line"),
        SplitError::Unterminated => Diagnostic::error(
            &file.rel,
            Position::new(1, 1),
            "unterminated front matter: the `---` on line 1 is never closed",
        )
        .with_help("add a line with only `---` after the last YAML line"),
    })?;
    let front: Mapping = if split.yaml.trim().is_empty() {
        Mapping::new()
    } else {
        let value: serde_yaml::Value = serde_yaml::from_str(split.yaml).map_err(|e| {
            let pos = e.location().map_or(Position::new(split.yaml_line, 1), |l| {
                Position::new(l.line() + split.yaml_line - 1, l.column())
            });
            Diagnostic::error(
                &file.rel,
                pos,
                format!("YAML syntax error in front matter: {}", yaml_message(&e)),
            )
            .with_help("quote text that contains `: ` or starts with a special character such as `[`, `*` or `&`")
        })?;
        match value {
            serde_yaml::Value::Mapping(m) => m,
            serde_yaml::Value::Null => Mapping::new(),
            _ => {
                return Err(Diagnostic::error(
                    &file.rel,
                    Position::new(split.yaml_line, 1),
                    "the front matter is not a set of `key: value` lines",
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
    Ok(ParsedCard {
        hash,
        file: file.rel.clone(),
        folder: file.folder.clone(),
        stem: file.stem.clone(),
        yaml: split.yaml.to_string(),
        yaml_line: split.yaml_line,
        front,
        body,
    })
}

// serde_yaml appends " at line X column Y" to its messages; we print the position ourselves.
fn yaml_message(e: &serde_yaml::Error) -> String {
    let msg = e.to_string();
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    }
}
