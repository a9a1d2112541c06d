//! Diagnostics: what is wrong with the input, where, and how to fix it.
//!
//! Every stage reports problems as [`Diagnostic`] values instead of stopping at the first
//! one, so a single run shows all errors. This module only holds and prints them; it does
//! not decide what is an error.

use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

use crate::config::Language;
use crate::messages::Msg;

/// How bad a diagnostic is. Warnings fail a build only under `--strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A 1-based line and column in a source file. Columns count characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Position {
    pub line: usize,
    pub col: usize,
}

impl Position {
    pub fn new(line: usize, col: usize) -> Self {
        Position { line, col }
    }

    /// The position of byte `offset` in `text`. A line ends at LF, CRLF or a lone CR, as in
    /// editors (and in YAML and Markdown).
    pub fn of_offset(text: &str, offset: usize) -> Self {
        let end = floor_char_boundary(text, offset.min(text.len()));
        let bytes = text.as_bytes();
        let (mut line, mut line_start) = (1, 0);
        for (i, &b) in bytes[..end].iter().enumerate() {
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                line += 1;
                line_start = i + 1;
            }
        }
        // An offset on the LF of a CRLF is the end of its line: the CR is no column.
        let line_end = match bytes[..end].last() {
            Some(b'\r') if bytes.get(end) == Some(&b'\n') => end - 1,
            _ => end,
        };
        let col = text[line_start..line_end].chars().count() + 1;
        Position { line, col }
    }

    /// This position shifted down by `lines` lines (used for text that starts inside a file).
    pub fn below(self, lines: usize) -> Self {
        Position {
            line: self.line + lines,
            col: self.col,
        }
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One problem in one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, with forward slashes.
    pub file: PathBuf,
    pub pos: Position,
    /// One sentence: what is wrong, under a `diag.` key of the message tables; the rest of the
    /// key is the diagnostic's code.
    pub message: Msg,
    /// How to fix it, when we can tell ("did you mean `tillid`?"); boxed, as most have none.
    pub help: Option<Box<Msg>>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, pos: Position, message: Msg) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            pos,
            message,
            help: None,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, pos: Position, message: Msg) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, pos, message)
        }
    }

    pub fn with_help(mut self, help: Msg) -> Self {
        self.help = Some(Box::new(help));
        self
    }

    pub fn with_help_opt(mut self, help: Option<Msg>) -> Self {
        self.help = help.map(Box::new);
        self
    }

    /// What kind of problem this is, the same in every language (`unknown-field`): the key of
    /// its message without the `diag.` in front.
    pub fn code(&self) -> &'static str {
        self.message.key.strip_prefix("diag.").unwrap_or(self.message.key)
    }

    /// The message in `lang`.
    pub fn message_in(&self, lang: Language) -> String {
        self.message.in_lang(lang)
    }

    /// The help in `lang`.
    pub fn help_in(&self, lang: Language) -> Option<String> {
        self.help.as_ref().map(|h| h.in_lang(lang))
    }

    fn file_display(&self) -> String {
        display_path(&self.file)
    }

    /// The file as shown in a report: under `base`, the site root as seen from where the
    /// command was started (see [`base_for`]). A name in angle brackets (`<built-in theme>/...`)
    /// is no file on disk and stays as it is.
    fn file_under(&self, base: &Path) -> String {
        if base.as_os_str().is_empty() || self.file.to_string_lossy().starts_with('<') {
            self.file_display()
        } else {
            display_path(&base.join(&self.file))
        }
    }
}

/// Where the site root `root` is, seen from the current directory, for the paths of a report:
/// GitHub attaches an annotation to `file=` relative to the repository, and an editor opens
/// `site/content/a.md:3:1` from the terminal it was printed in. A root under the current
/// directory is shown relative to it (`site`, or nothing for `.`); any other root as given.
pub fn base_for(root: &Path) -> PathBuf {
    let cwd = std::env::current_dir().and_then(|d| d.canonicalize());
    if let (Ok(cwd), Ok(abs)) = (cwd, root.canonicalize())
        && let Ok(rel) = abs.strip_prefix(&cwd)
    {
        return rel.to_path_buf();
    }
    root.to_path_buf()
}

/// A path as shown to people: forward slashes on every platform.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

impl Diagnostic {
    /// `error: FILE:LINE:COL: message`, and the help on a line of its own, in `lang`; the
    /// words `error`, `warning` and `help` stay as they are, for tools that read them.
    fn write_human(&self, out: &mut impl fmt::Write, base: &Path, lang: Language) -> fmt::Result {
        write!(
            out,
            "{}: {}:{}:{}: {}",
            self.severity.as_str(),
            self.file_under(base),
            self.pos.line,
            self.pos.col,
            self.message_in(lang)
        )?;
        if let Some(help) = self.help_in(lang) {
            write!(out, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// In English, as for a log.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_human(f, Path::new(""), Language::En)
    }
}

/// All diagnostics of one run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn errors(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }

    pub fn warnings(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    pub fn has_errors(&self) -> bool {
        self.errors() > 0
    }

    /// Sorted by file, line, column, then message, with exact duplicates removed.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items
            .sort_by(|a, b| (&a.file, a.pos, a.severity, &a.message).cmp(&(&b.file, b.pos, b.severity, &b.message)));
        self.items.dedup();
        self.items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// How `check` prints diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Github,
}

/// Renders sorted diagnostics in the chosen format, ready to print, with their files under
/// `base` (the site root as seen from the reader, see [`base_for`]; empty: as in the site) and
/// their messages in `lang`. JSON and GitHub annotations carry each one's [`Diagnostic::code`].
pub fn render(diags: &[Diagnostic], format: Format, base: &Path, lang: Language) -> String {
    let mut out = String::new();
    match format {
        Format::Human => {
            for d in diags {
                let _ = d.write_human(&mut out, base, lang);
                out.push('\n');
            }
        }
        Format::Github => {
            for d in diags {
                let mut msg = d.message_in(lang);
                if let Some(h) = d.help_in(lang) {
                    msg.push_str(" (");
                    msg.push_str(&h);
                    msg.push(')');
                }
                let _ = writeln!(
                    out,
                    "::{} file={},line={},col={},title=samkort {}::{}",
                    d.severity.as_str(),
                    gh_escape_property(&d.file_under(base)),
                    d.pos.line,
                    d.pos.col,
                    gh_escape_property(d.code()),
                    gh_escape_data(&msg)
                );
            }
        }
        Format::Json => {
            let list: Vec<serde_json::Value> = diags
                .iter()
                .map(|d| {
                    serde_json::json!({
                        "severity": d.severity.as_str(),
                        "code": d.code(),
                        "file": d.file_under(base),
                        "line": d.pos.line,
                        "column": d.pos.col,
                        "message": d.message_in(lang),
                        "help": d.help_in(lang),
                    })
                })
                .collect();
            out = serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into());
            out.push('\n');
        }
    }
    out
}

// GitHub workflow commands need `%`, CR and LF escaped in data, and also `:` and `,` in
// properties, or the annotation is cut short.
fn gh_escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn gh_escape_property(s: &str) -> String {
    gh_escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_counts_characters_not_bytes() {
        let text = "æøå\nblå: x";
        assert_eq!(Position::of_offset(text, 0), Position::new(1, 1));
        let i = text.find('x').unwrap();
        assert_eq!(Position::of_offset(text, i), Position::new(2, 6));
    }

    #[test]
    fn position_ends_lines_at_lf_crlf_and_a_lone_cr() {
        let text = "a\r\nb\rc\nd";
        assert_eq!(Position::of_offset(text, text.find('b').unwrap()), Position::new(2, 1));
        assert_eq!(Position::of_offset(text, text.find('c').unwrap()), Position::new(3, 1));
        assert_eq!(Position::of_offset(text, text.find('d').unwrap()), Position::new(4, 1));
        // The CR of a CRLF is the end of its line, not a line of its own, nor a column.
        assert_eq!(Position::of_offset(text, 1), Position::new(1, 2));
        assert_eq!(Position::of_offset(text, 2), Position::new(1, 2));
    }

    #[test]
    fn github_format_escapes_newlines_and_commas() {
        let d = Diagnostic::error(
            "content/a,b.md",
            Position::new(3, 1),
            crate::msg!("diag.template-syntax", error = "bad\nthing 100%"),
        );
        let s = render(&[d], Format::Github, Path::new(""), Language::En);
        assert_eq!(
            s,
            "::error file=content/a%2Cb.md,line=3,col=1,title=samkort template-syntax::template error: bad%0Athing 100%25\n"
        );
    }

    #[test]
    fn reports_put_files_under_the_base_but_leave_built_in_names_alone() {
        let a = Diagnostic::error(
            "content/a.md",
            Position::new(3, 1),
            crate::msg!("diag.template-syntax", error = "bad"),
        );
        let b = Diagnostic::warning(
            "<built-in theme>/templates/card.html",
            Position::new(1, 1),
            crate::msg!("diag.template-syntax", error = "odd"),
        );
        let base = Path::new("site");
        assert_eq!(
            render(&[a.clone(), b.clone()], Format::Human, base, Language::En),
            "error: site/content/a.md:3:1: template error: bad\n\
             warning: <built-in theme>/templates/card.html:1:1: template error: odd\n"
        );
        assert_eq!(
            render(&[a], Format::Github, base, Language::En),
            "::error file=site/content/a.md,line=3,col=1,title=samkort template-syntax::template error: bad\n"
        );
    }

    #[test]
    fn one_diagnostic_speaks_either_language_under_the_same_code() {
        let d = Diagnostic::error(
            "content/a.md",
            Position::new(2, 1),
            crate::msg!("diag.template-syntax", error = "x"),
        );
        let (en, da) = (
            render(std::slice::from_ref(&d), Format::Json, Path::new(""), Language::En),
            render(std::slice::from_ref(&d), Format::Json, Path::new(""), Language::Da),
        );
        assert_ne!(en, da);
        for json in [&en, &da] {
            let v: serde_json::Value = serde_json::from_str(json).unwrap();
            assert_eq!(v[0]["code"], "template-syntax");
        }
        assert!(en.contains("template error: x"), "{en}");
    }
}
