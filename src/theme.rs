//! Themes: the tera templates, static files and UI strings a site is drawn with.
//!
//! A site uses `themes/<name>/` under its root when that folder exists; the default theme is
//! also built into the binary, so a new site needs no copy of it. A site may override any
//! template by putting a file of the same name in its own `templates/` folder. Templates are
//! compiled once per build. The literal `id="..."` values of the templates in use are collected
//! here too, so card headings can keep clear of them.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;

use crate::config::{CONFIG_FILE, Config};
use crate::diagnostic::{Diagnostic, Diagnostics, Position, display_path};
use crate::markdown::ReservedIds;

macro_rules! embedded {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $path)) as &[u8])),*]
    };
}

/// The default theme's files, relative to the theme folder.
pub const DEFAULT_THEME: &[(&str, &[u8])] = embedded![
    "templates/base.html",
    "templates/home.html",
    "templates/kind.html",
    "templates/card.html",
    "templates/taxonomy.html",
    "templates/term.html",
    "templates/404.html",
    "templates/card_list.html",
    "templates/pager.html",
    "templates/print.html",
    "templates/search.html",
    "static/style.css",
    "static/samkort.js",
    "static/search.js",
    "i18n/da.toml",
    "i18n/en.toml",
];

/// The pages a theme draws, one template each. (Templates may include others, such as
/// `base.html`; those are the theme's own business.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    Home,
    Kind,
    Card,
    Taxonomy,
    Term,
    NotFound,
    Search,
    Print,
}

impl Template {
    pub const ALL: [Template; 8] = [
        Template::Home,
        Template::Kind,
        Template::Card,
        Template::Taxonomy,
        Template::Term,
        Template::NotFound,
        Template::Search,
        Template::Print,
    ];

    /// The template's file name under `templates/`.
    pub fn name(self) -> &'static str {
        match self {
            Template::Home => "home.html",
            Template::Kind => "kind.html",
            Template::Card => "card.html",
            Template::Taxonomy => "taxonomy.html",
            Template::Term => "term.html",
            Template::NotFound => "404.html",
            Template::Search => "search.html",
            Template::Print => "print.html",
        }
    }
}

/// A loaded theme: compiled templates, static files to copy, UI strings of the site's language.
pub struct Theme {
    pub tera: tera::Tera,
    /// (path under static/ with `/`, bytes)
    pub static_files: Vec<(String, Vec<u8>)>,
    pub strings: IndexMap<String, String>,
    /// The ids the templates write themselves, which no card heading may take.
    pub reserved_ids: ReservedIds,
}

/// One file of a theme, from disk or built in, with the name to report errors under.
struct ThemeFile {
    rel: PathBuf,
    shown: PathBuf,
    bytes: Vec<u8>,
}

pub fn load(config: &Config) -> Result<Theme, Diagnostics> {
    let mut diags = Diagnostics::new();
    let dir = config.root.join("themes").join(&config.theme);
    let files = if dir.is_dir() {
        read_dir_files(&dir, &config.root, &mut diags)
    } else if config.theme == "default" {
        DEFAULT_THEME
            .iter()
            .map(|(p, b)| ThemeFile {
                rel: PathBuf::from(p),
                shown: PathBuf::from("<built-in theme>").join(p),
                bytes: b.to_vec(),
            })
            .collect()
    } else {
        diags.push(
            Diagnostic::error(
                CONFIG_FILE,
                Position::new(1, 1),
                format!(
                    "theme `{}` not found: there is no folder {}",
                    config.theme,
                    display_path(&dir)
                ),
            )
            .with_help("set `theme = \"default\"` or create the theme folder"),
        );
        return Err(diags);
    };

    let mut templates: IndexMap<String, (PathBuf, String)> = IndexMap::new();
    let mut static_files = Vec::new();
    let mut strings_text = None;
    let lang_file = PathBuf::from("i18n").join(format!("{}.toml", config.language.code()));
    for f in files {
        if let Ok(name) = f.rel.strip_prefix("templates") {
            if let Some(t) = utf8(f.shown.clone(), f.bytes, &mut diags) {
                templates.insert(name.to_string_lossy().replace('\\', "/"), (f.shown, t));
            }
        } else if let Ok(name) = f.rel.strip_prefix("static") {
            static_files.push((name.to_string_lossy().replace('\\', "/"), f.bytes));
        } else if f.rel == lang_file {
            strings_text = utf8(f.shown.clone(), f.bytes, &mut diags).map(|t| (f.shown, t));
        }
    }
    // The site's own templates/ folder overrides the theme's files of the same name.
    let own = config.root.join("templates");
    if own.is_dir() {
        for f in read_dir_files(&own, &config.root, &mut diags) {
            if let Some(t) = utf8(f.shown.clone(), f.bytes, &mut diags) {
                templates.insert(f.rel.to_string_lossy().replace('\\', "/"), (f.shown, t));
            }
        }
    }

    let strings = match strings_text {
        Some((shown, text)) => match toml::from_str::<IndexMap<String, String>>(&text) {
            Ok(s) => s,
            Err(e) => {
                let pos = e
                    .span()
                    .map_or(Position::new(1, 1), |s| Position::of_offset(&text, s.start));
                diags.push(Diagnostic::error(
                    shown,
                    pos,
                    format!("UI strings: {}", e.message().trim()),
                ));
                IndexMap::new()
            }
        },
        None => {
            diags.push(
                Diagnostic::error(
                    display_path(&dir),
                    Position::new(1, 1),
                    format!("the theme has no UI strings for language `{}`", config.language.code()),
                )
                .with_help(format!("add {}", display_path(&lang_file))),
            );
            IndexMap::new()
        }
    };

    let reserved_ids = templates.values().flat_map(|(_, text)| literal_ids(text)).collect();
    let mut tera = tera::Tera::new();
    // Templates are added together: one may extend or include another.
    if let Err(e) = tera.add_raw_templates(templates.iter().map(|(name, (_, text))| (name.as_str(), text.as_str()))) {
        diags.extend(template_errors(&templates, &e));
    }
    if diags.is_empty() {
        for required in Template::ALL.map(Template::name) {
            if !tera.contains_template(required) {
                diags.push(Diagnostic::error(
                    display_path(&dir),
                    Position::new(1, 1),
                    format!("the theme has no template `{required}`"),
                ));
            }
        }
    }
    if diags.is_empty() {
        Ok(Theme {
            tera,
            static_files,
            strings,
            reserved_ids,
        })
    } else {
        Err(diags)
    }
}

/// The values of `id="..."` (or `id='...'`) attributes written out in a template. An id made
/// by the template (`id="{{ h.id }}"`) is not literal and left out; `data-id=` is no id.
fn literal_ids(template: &str) -> impl Iterator<Item = String> + '_ {
    template.match_indices("id=").filter_map(|(at, _)| {
        if !template[..at].ends_with(|c: char| c.is_ascii_whitespace()) {
            return None;
        }
        let rest = &template[at + "id=".len()..];
        let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        let value = &rest[1..];
        let id = &value[..value.find(quote)?];
        (!id.is_empty() && !id.contains("{{") && !id.contains("{%")).then(|| id.to_string())
    })
}

/// The text of a theme file, or an error at the first byte that is not UTF-8 (a template saved
/// in another encoding is not guessed at: its letters would come out wrong on every page).
fn utf8(shown: PathBuf, bytes: Vec<u8>, diags: &mut Diagnostics) -> Option<String> {
    String::from_utf8(bytes)
        .map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
            diags.push(
                Diagnostic::error(shown, Position::of_offset(&valid, at), "the file is not valid UTF-8")
                    .with_help("save the file as UTF-8"),
            );
        })
        .ok()
}

/// A tera error as diagnostics at the template's file, line and column when tera knows them.
/// A syntax error carries its place; the checks that run once all templates are read (an
/// unknown filter, test or function, a block no parent has) come as one text with a report per
/// problem, each with an `error: ...` line and a `--> name:line:column` line.
fn template_errors(templates: &IndexMap<String, (PathBuf, String)>, e: &tera::Error) -> Vec<Diagnostic> {
    if let tera::ErrorKind::SyntaxError(r) = e.kind()
        && let Some((shown, text)) = templates.get(r.filename())
    {
        let pos = Position::of_offset(text, r.span().range.start);
        return vec![Diagnostic::error(
            shown,
            pos,
            format!("template error: {}", r.message().lines().next().unwrap_or("").trim()),
        )];
    }
    let text = e.to_string();
    let mut found = Vec::new();
    let mut message = None;
    for line in text.lines() {
        if let Some(m) = line.strip_prefix("error: ") {
            message = Some(m.trim());
        } else if let Some(place) = line.trim_start().strip_prefix("--> ")
            && let Some(m) = message.take()
            && let Some((name, line, col)) = template_place(place)
            && let Some((shown, text)) = templates.get(name)
        {
            // tera counts lines at LF only; our positions also end a line at a lone CR.
            let start = text.split_inclusive('\n').take(line - 1).map(str::len).sum::<usize>();
            let column = text[start..]
                .char_indices()
                .nth(col - 1)
                .map_or(text.len(), |(i, _)| start + i);
            found.push(Diagnostic::error(
                shown,
                Position::of_offset(text, column),
                format!("template error: {m}"),
            ));
        }
    }
    if found.is_empty() {
        let first = text.lines().next().unwrap_or("").trim();
        found.push(Diagnostic::error(
            "templates",
            Position::new(1, 1),
            format!("template error: {}", first.strip_prefix("error: ").unwrap_or(first)),
        ));
    }
    found
}

/// `card.html:3:16` as the template's name, line and column (both from 1).
fn template_place(place: &str) -> Option<(&str, usize, usize)> {
    let mut parts = place.trim().rsplitn(3, ':');
    let col = parts.next()?.parse().ok().filter(|c| *c >= 1)?;
    let line = parts.next()?.parse().ok().filter(|l| *l >= 1)?;
    Some((parts.next()?, line, col))
}

fn read_dir_files(dir: &Path, root: &Path, diags: &mut Diagnostics) -> Vec<ThemeFile> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e.path().strip_prefix(dir).unwrap_or(e.path()).to_path_buf();
                let shown = e.path().strip_prefix(root).unwrap_or(e.path()).to_path_buf();
                match std::fs::read(e.path()) {
                    Ok(bytes) => out.push(ThemeFile { rel, shown, bytes }),
                    Err(err) => diags.push(Diagnostic::error(
                        shown,
                        Position::new(1, 1),
                        format!("cannot read: {err}"),
                    )),
                }
            }
            Ok(_) => {}
            Err(err) => diags.push(Diagnostic::error(
                display_path(dir),
                Position::new(1, 1),
                format!("cannot read the theme: {err}"),
            )),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::literal_ids;

    #[test]
    fn literal_id_attributes_are_collected_and_made_or_other_ids_are_not() {
        let template = "<main id=\"indhold\" tabindex=\"-1\">\n<input\n  id='site-search-input'>\n\
                        <h2 id=\"{{ h.id }}\"><li data-id=\"x\" aria-labelledby=\"toc-heading\">\
                        <p id=\"step-{% if a %}1{% endif %}\">";
        assert_eq!(
            literal_ids(template).collect::<Vec<_>>(),
            ["indhold", "site-search-input"]
        );
    }
}
