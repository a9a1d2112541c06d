//! Front matter: split a card file into its YAML header and Markdown body, and find where a
//! key or value sits in the header.
//!
//! serde_yaml reports positions only for syntax errors, so the checks that come later (an
//! unknown field, a bad relation target) ask [`Locator`] for the line and column of the key
//! or value they complain about. The locator reads block-style YAML by indentation, which is
//! how front matter is written; when it cannot find a key it falls back to the parent key.

use crate::diagnostic::Position;

/// A card file split in two. Line numbers are 1-based lines of the original file.
#[derive(Debug, Clone)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// File line of the first YAML line (2 when the file starts with `---`).
    pub yaml_line: usize,
    pub body: &'a str,
    /// File line of the first body line.
    pub body_line: usize,
}

/// Why a file has no usable front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    Missing,
    Unterminated,
}

/// Splits `text` (already without BOM, with `\n` line ends).
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(SplitError::Missing);
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut offset = yaml_start;
    for (line, l) in (2..).zip(text[yaml_start..].split_inclusive('\n')) {
        let t = l.trim_end();
        if t == "---" || t == "..." {
            let body_start = offset + l.len();
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_start.min(text.len())..],
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    Err(SplitError::Unterminated)
}

/// Removes a byte-order mark and turns CRLF and lone CR line ends into LF. YAML and Markdown
/// both end a line at a lone CR, so positions count it as a line end too.
pub fn normalize(text: String) -> String {
    let text = match text.strip_prefix('\u{feff}') {
        Some(t) => t.to_string(),
        None => text,
    };
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

/// Finds keys and values in a YAML header by indentation.
pub struct Locator<'a> {
    yaml: &'a str,
    /// File line of the header's first line.
    first_line: usize,
    lines: Vec<(usize, &'a str)>,
}

impl<'a> Locator<'a> {
    pub fn new(yaml: &'a str, first_line: usize) -> Self {
        let mut lines = Vec::new();
        let mut offset = 0;
        for l in yaml.split_inclusive('\n') {
            lines.push((offset, l.trim_end_matches('\n')));
            offset += l.len();
        }
        Locator {
            yaml,
            first_line,
            lines,
        }
    }

    fn pos(&self, offset: usize) -> Position {
        Position::of_offset(self.yaml, offset).below(self.first_line - 1)
    }

    /// Position of the header's start, for problems that belong to no key.
    pub fn start(&self) -> Position {
        Position::new(self.first_line, 1)
    }

    /// The line range (indexes into `lines`) and indentation of the key at `path`.
    fn find(&self, path: &[&str]) -> Option<(usize, usize, usize)> {
        let (mut from, mut to, mut min_indent) = (0, self.lines.len(), 0);
        // Top-level keys sit at the header's own indentation; a deeper line with the same
        // name (inside a block text or a nested mapping) is not one of them.
        let top_indent = self
            .lines
            .iter()
            .map(|(_, l)| (l.len() - l.trim_start().len(), l.trim_start()))
            .find(|(_, t)| !t.is_empty() && !t.starts_with('#'))
            .map_or(0, |(indent, _)| indent);
        let mut found = None;
        for (depth, key) in path.iter().enumerate() {
            let mut hit = None;
            for i in from..to {
                let (_, l) = self.lines[i];
                let t = l.trim_start();
                let indent = l.len() - t.len();
                if t.is_empty() || t.starts_with('#') || indent < min_indent {
                    continue;
                }
                if depth == 0 && (indent != top_indent || t.starts_with("- ")) {
                    continue;
                }
                let t = t.strip_prefix("- ").unwrap_or(t);
                let unquoted = t.trim_start_matches(['"', '\'']);
                if let Some(rest) = unquoted.strip_prefix(key) {
                    let rest = rest.trim_start_matches(['"', '\'']);
                    if rest.starts_with(':') {
                        hit = Some((i, indent));
                        break;
                    }
                }
            }
            let (i, indent) = hit?;
            // The key's block ends at the next line indented no deeper than the key.
            let end = (i + 1..to)
                .find(|&j| {
                    let (_, l) = self.lines[j];
                    let t = l.trim_start();
                    !t.is_empty() && !t.starts_with('#') && l.len() - t.len() <= indent && !t.starts_with("- ")
                })
                .unwrap_or(to);
            found = Some((i, end, indent));
            from = i;
            to = end;
            min_indent = indent;
        }
        found
    }

    /// Position of the key at `path` (`["relations", "styrker"]`), or of its nearest parent.
    pub fn key(&self, path: &[&str]) -> Position {
        for n in (1..=path.len()).rev() {
            if let Some((i, _, _)) = self.find(&path[..n]) {
                let (offset, l) = self.lines[i];
                let indent = l.len() - l.trim_start().len();
                let dash = if l.trim_start().starts_with("- ") { 2 } else { 0 };
                return self.pos(offset + indent + dash);
            }
        }
        self.start()
    }

    /// Position of the value at `path`: right after `key:` when on the same line, or the
    /// first non-blank character of the next line that is not a comment; the key's own
    /// position when it has no value.
    pub fn value(&self, path: &[&str]) -> Position {
        if let Some((i, end, _)) = self.find(path) {
            let (offset, l) = self.lines[i];
            if let Some(colon) = l.find(':') {
                let after = &l[colon + 1..];
                let skip = after.len() - after.trim_start().len();
                if !after.trim().is_empty() {
                    return self.pos(offset + colon + 1 + skip);
                }
            }
            // Blank lines and comments (a hint above the next key) hold no value.
            let next = (i + 1..end).map(|j| self.lines[j]).find(|(_, l)| {
                let t = l.trim_start();
                !t.is_empty() && !t.starts_with('#')
            });
            if let Some((o2, l2)) = next {
                return self.pos(o2 + (l2.len() - l2.trim_start().len()));
            }
        }
        self.key(path)
    }

    /// Position of the second `key:` in one mapping of the header: where a key is written
    /// twice. Mappings are told apart by indentation, and a list item (`- `) starts a new one.
    pub fn duplicate(&self, key: &str) -> Option<Position> {
        // Per open mapping, by indentation: the keys it has so far.
        let mut open: Vec<(usize, Vec<&str>)> = Vec::new();
        for &(offset, l) in &self.lines {
            let mut t = l.trim_start();
            let mut indent = l.len() - t.len();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            while let Some(rest) = t.strip_prefix("- ") {
                let inner = rest.trim_start();
                indent += t.len() - inner.len();
                t = inner;
                open.retain(|(i, _)| *i < indent);
            }
            let Some(colon) = t.find(':') else { continue };
            let name = t[..colon].trim().trim_matches(['"', '\'']);
            open.retain(|(i, _)| *i <= indent);
            match open.last_mut() {
                Some((i, keys)) if *i == indent => {
                    if name == key && keys.contains(&name) {
                        return Some(self.pos(offset + (l.len() - t.len())));
                    }
                    keys.push(name);
                }
                _ => open.push((indent, vec![name])),
            }
        }
        None
    }

    /// Position of the list item `item` inside the value at `path`, matched as a whole word.
    pub fn item(&self, path: &[&str], item: &str) -> Position {
        if let Some((i, end, _)) = self.find(path) {
            for j in i..end {
                let (offset, l) = self.lines[j];
                let search_from = if j == i { l.find(':').map_or(0, |c| c + 1) } else { 0 };
                let mut start = search_from;
                while let Some(k) = l[start..].find(item) {
                    let at = start + k;
                    let before = l[..at].chars().next_back();
                    let after = l[at + item.len()..].chars().next();
                    let boundary = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '-' || c == '_'));
                    if boundary(before) && boundary(after) {
                        return self.pos(offset + at);
                    }
                    start = at + item.len();
                }
            }
        }
        self.value(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_header_and_body_with_file_lines() {
        let s = split("---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn unterminated_and_missing_are_told_apart() {
        assert_eq!(split("---\ntitle: A\n").unwrap_err(), SplitError::Unterminated);
        assert_eq!(split("title: A\n").unwrap_err(), SplitError::Missing);
    }

    #[test]
    fn normalize_strips_bom_and_crlf() {
        assert_eq!(normalize("\u{feff}---\r\na\r\n".into()), "---\na\n");
    }

    #[test]
    fn normalize_ends_a_line_at_a_lone_cr() {
        assert_eq!(normalize("---\ra: 1\r\n\r\rb".into()), "---\na: 1\n\n\nb");
    }

    #[test]
    fn locator_finds_nested_keys_and_items() {
        let yaml = "title: A\nrelations:\n  styrker: [tillid, respekt]\n  adresserer:\n    - graazoner\n";
        let loc = Locator::new(yaml, 2);
        assert_eq!(loc.key(&["title"]), Position::new(2, 1));
        assert_eq!(loc.key(&["relations", "styrker"]), Position::new(4, 3));
        assert_eq!(loc.item(&["relations", "styrker"], "respekt"), Position::new(4, 21));
        assert_eq!(loc.item(&["relations", "adresserer"], "graazoner"), Position::new(6, 7));
        // Unknown child falls back to the parent key.
        assert_eq!(loc.key(&["relations", "nope"]), Position::new(3, 1));
    }

    #[test]
    fn an_empty_value_is_at_its_key_not_at_the_comment_below_it() {
        let yaml = "summary:\n# the source\nsource:\n  # its title\n  document: D\nsteps:\n";
        let loc = Locator::new(yaml, 2);
        assert_eq!(loc.value(&["summary"]), Position::new(2, 1));
        assert_eq!(loc.value(&["source"]), Position::new(6, 3));
        assert_eq!(loc.value(&["steps"]), Position::new(7, 1));
    }

    #[test]
    fn locator_finds_the_second_of_a_duplicate_key_in_its_own_mapping() {
        let yaml = "title: A\nrelations:\n  styrker: [a]\n  title: x\n  styrker: [b]\ntitle: B\n";
        let loc = Locator::new(yaml, 2);
        assert_eq!(loc.duplicate("styrker"), Some(Position::new(6, 3)));
        assert_eq!(loc.duplicate("title"), Some(Position::new(7, 1)));
        let items = "flashcards:\n  - front: a\n    back: b\n  - front: c\n    front: d\n";
        assert_eq!(Locator::new(items, 2).duplicate("front"), Some(Position::new(6, 5)));
        assert_eq!(Locator::new(items, 2).duplicate("back"), None);
    }

    #[test]
    fn locator_finds_top_level_keys_only_at_the_top_level() {
        let yaml = "summary: |\n  aar: 1990\nsource:\n  locator: s. 3\nlocator: x\naar: mange\n";
        let loc = Locator::new(yaml, 2);
        assert_eq!(loc.key(&["locator"]), Position::new(6, 1));
        assert_eq!(loc.value(&["aar"]), Position::new(7, 6));
        assert_eq!(loc.key(&["source", "locator"]), Position::new(5, 3));
    }
}
