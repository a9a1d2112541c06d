//! Discover: find the source files under `content/`.
//!
//! Markdown files become cards; every other file is an asset copied to the same relative path
//! in the output (images a card links to, for example). Hidden files and folders are skipped;
//! symbolic links are not followed, and each gets a warning.
//! The result is sorted, so everything after it is deterministic.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::msg;

/// A Markdown file that will become a card.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Absolute (or root-joined) path, for reading.
    pub path: PathBuf,
    /// Path relative to the site root, for diagnostics: `content/cases/fact.md`.
    pub rel: PathBuf,
    /// The first folder under content/, which names the kind unless the card says otherwise.
    pub folder: Option<String>,
    /// File name without `.md`.
    pub stem: String,
}

impl SourceFile {
    /// The card file at `path`, whose path relative to the site root is `rel`
    /// (`content/<folder>/.../<stem>.md`).
    pub fn new(path: PathBuf, rel: PathBuf) -> SourceFile {
        let in_content = rel.strip_prefix("content").unwrap_or(&rel);
        let folder = (in_content.components().count() > 1)
            .then(|| {
                in_content
                    .components()
                    .next()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
            })
            .flatten();
        let stem = rel
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        SourceFile {
            path,
            rel,
            folder,
            stem,
        }
    }
}

/// A file of the content folder that is copied as it is (an image, a PDF).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Asset {
    /// Where it is read from.
    pub file: PathBuf,
    /// Its site path: its path under content/, with `/`.
    pub path: String,
}

/// Everything found under content/.
#[derive(Debug, Default)]
pub struct Discovered {
    pub cards: Vec<SourceFile>,
    pub assets: Vec<Asset>,
    /// What was found but left out (a symbolic link).
    pub warnings: Diagnostics,
}

pub fn discover(root: &Path) -> Result<Discovered, Diagnostics> {
    let content = root.join("content");
    let mut found = Discovered::default();
    let mut diags = Diagnostics::new();
    if !content.is_dir() {
        diags.push(
            Diagnostic::error("content", Position::new(1, 1), msg!("diag.no-content"))
                .with_help(msg!("help.no-content")),
        );
        return Err(diags);
    }
    let walker = WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let rel = e
                    .path()
                    .and_then(|p| p.strip_prefix(root).ok())
                    .unwrap_or(Path::new("content"));
                diags.push(Diagnostic::error(
                    rel,
                    Position::new(1, 1),
                    msg!("diag.cannot-read", error = e),
                ));
                continue;
            }
        };
        if entry.path_is_symlink() {
            // Not followed: a link may lead out of the site, or around in a circle.
            let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
            let (what, help) = match std::fs::metadata(entry.path()).map(|m| m.is_dir()) {
                Ok(true) => (msg!("diag.symlink-folder"), msg!("help.symlink-folder")),
                _ => (msg!("diag.symlink-file"), msg!("help.symlink-file")),
            };
            found
                .warnings
                .push(Diagnostic::warning(rel, Position::new(1, 1), what).with_help(help));
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path().to_path_buf();
        let in_content = path.strip_prefix(&content).unwrap_or(&path).to_path_buf();
        if path.extension().and_then(|e| e.to_str()) != Some("md") {
            found.assets.push(Asset {
                path: in_content.to_string_lossy().replace('\\', "/"),
                file: path,
            });
            continue;
        }
        let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        found.cards.push(SourceFile::new(path, rel));
    }
    if diags.is_empty() { Ok(found) } else { Err(diags) }
}
