//! Themes: the tera templates, static files and UI strings a site is drawn with.
//!
//! The default theme is built into the binary, so a new site needs no copy of it. A site
//! changes it file by file: a template, a static file, an icon or a single UI string put in
//! `themes/<name>/` under its root (or a template in its own `templates/`) replaces the built-in
//! one of the same name; see [`load`]. Templates are compiled once per build. The literal `id="..."` values of the templates in use are collected
//! here too, so card headings can keep clear of them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;

use crate::config::{CONFIG_FILE, Config, KindId};
use crate::diagnostic::{Diagnostic, Diagnostics, Position, display_path};
use crate::markdown::ReservedIds;
use crate::msg;

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
    "templates/count.html",
    "templates/print.html",
    "templates/search.html",
    "templates/practice.html",
    "templates/guide.html",
    "templates/map.html",
    "static/style.css",
    "static/samkort.js",
    "static/search.js",
    "static/stem.js",
    "static/scheme.js",
    "static/schedule.js",
    "static/practice.js",
    "icons/alert.svg",
    "icons/book.svg",
    "icons/briefcase.svg",
    "icons/building.svg",
    "icons/bulb.svg",
    "icons/card.svg",
    "icons/check.svg",
    "icons/compass.svg",
    "icons/document.svg",
    "icons/flag.svg",
    "icons/glossary.svg",
    "icons/link.svg",
    "icons/person.svg",
    "icons/stairs.svg",
    "icons/star.svg",
    "icons/users.svg",
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
    Practice,
    Guide,
    Map,
}

impl Template {
    pub const ALL: [Template; 11] = [
        Template::Home,
        Template::Kind,
        Template::Card,
        Template::Taxonomy,
        Template::Term,
        Template::NotFound,
        Template::Search,
        Template::Print,
        Template::Practice,
        Template::Guide,
        Template::Map,
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
            Template::Practice => "practice.html",
            Template::Guide => "guide.html",
            Template::Map => "map.html",
        }
    }
}

/// A loaded theme: compiled templates, static files to copy, UI strings of the site's language.
pub struct Theme {
    pub tera: tera::Tera,
    /// (path under static/ with `/`, bytes): the theme's files, then the brand's.
    pub static_files: Vec<(String, Vec<u8>)>,
    pub strings: IndexMap<String, String>,
    /// The theme's icons by name (`icons/<name>.svg`), as SVG markup hidden from screen readers.
    pub icons: BTreeMap<String, String>,
    /// The ids the templates write themselves, which no card heading may take.
    pub reserved_ids: ReservedIds,
}

impl Theme {
    /// The icon of a kind: the one samkort.toml names, or the theme's icons in turn.
    pub fn kind_icon(&self, config: &Config, kind: KindId) -> &str {
        let named = config
            .kind(kind)
            .icon
            .as_ref()
            .and_then(|n| self.icons.get(n.get_ref()));
        named
            .or_else(|| self.icons.values().nth(kind.index() % self.icons.len().max(1)))
            .map_or("", String::as_str)
    }
}

/// One file of a theme, from disk or built in, with the name to report errors under.
struct ThemeFile {
    rel: PathBuf,
    shown: PathBuf,
    bytes: Vec<u8>,
}

/// The names of the icons a site can give its kinds: the built-in theme's and those of the
/// site's theme folder.
pub fn icon_names(root: &Path, theme: &str) -> Vec<String> {
    let built_in = DEFAULT_THEME.iter().filter_map(|(p, _)| icon_name(Path::new(p)));
    let own = std::fs::read_dir(root.join("themes").join(theme).join("icons"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| icon_name(&Path::new("icons").join(e.file_name())));
    let mut names: Vec<String> = built_in.chain(own).collect();
    names.sort();
    names.dedup();
    names
}

fn icon_name(rel: &Path) -> Option<String> {
    let name = rel.strip_prefix("icons").ok()?.to_str()?.strip_suffix(".svg")?;
    Some(name.to_string())
}

/// Loads the theme in layers, a later layer replacing an earlier one file by file: the
/// built-in default theme, the site's `themes/<name>/` folder (a whole theme or just the files
/// it changes), the site's own `templates/`. UI strings are merged key by key, so a site can
/// change one string by writing only that key in `themes/<name>/i18n/<lang>.toml`. The brand's
/// files (see [`crate::brand`]) are added to the static files.
pub fn load(config: &Config) -> Result<Theme, Diagnostics> {
    let mut diags = Diagnostics::new();
    let dir = config.root.join("themes").join(&config.theme);
    if !dir.is_dir() && config.theme != "default" {
        diags.push(
            Diagnostic::error(
                CONFIG_FILE,
                Position::new(1, 1),
                msg!("diag.no-theme", theme = config.theme, folder = display_path(&dir)),
            )
            .with_help(msg!("help.no-theme")),
        );
        return Err(diags);
    }
    let built_in = DEFAULT_THEME.iter().map(|(p, b)| ThemeFile {
        rel: PathBuf::from(p),
        shown: PathBuf::from("<built-in theme>").join(p),
        bytes: b.to_vec(),
    });
    let mut layers: Vec<ThemeFile> = built_in.collect();
    if dir.is_dir() {
        layers.extend(read_dir_files(&dir, &config.root, &mut diags));
    }
    let own = config.root.join("templates");
    if own.is_dir() {
        layers.extend(read_dir_files(&own, &config.root, &mut diags).into_iter().map(|mut f| {
            f.rel = Path::new("templates").join(&f.rel);
            f
        }));
    }

    let lang_file = PathBuf::from("i18n").join(format!("{}.toml", config.language.code()));
    let mut strings = IndexMap::new();
    let mut files: BTreeMap<PathBuf, ThemeFile> = BTreeMap::new();
    for f in layers {
        if f.rel == lang_file {
            merge_strings(&f, &mut strings, &mut diags);
        } else {
            files.insert(f.rel.clone(), f);
        }
    }

    let mut templates: IndexMap<String, (PathBuf, String)> = IndexMap::new();
    let mut static_files = Vec::new();
    let mut icons = BTreeMap::new();
    for (rel, f) in files {
        if let Ok(name) = rel.strip_prefix("templates") {
            if let Some(t) = utf8(&f, "name.template", &mut diags) {
                templates.insert(name.to_string_lossy().replace('\\', "/"), (f.shown, t));
            }
        } else if let Ok(name) = rel.strip_prefix("static") {
            static_files.push((name.to_string_lossy().replace('\\', "/"), f.bytes));
        } else if let Some(name) = icon_name(&rel)
            && let Some(svg) = utf8(&f, "name.icon", &mut diags)
        {
            icons.insert(name, hidden_svg(&svg));
        }
    }
    if strings.is_empty() {
        diags.push(
            Diagnostic::error(
                display_path(&dir),
                Position::new(1, 1),
                msg!("diag.no-ui-strings", lang = config.language.code()),
            )
            .with_help(msg!("help.add-file", file = display_path(&lang_file))),
        );
    }
    add_brand_files(config, &mut static_files, &mut diags);

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
                    msg!("diag.no-template", template = required),
                ));
            }
        }
    }
    if diags.is_empty() {
        Ok(Theme {
            tera,
            static_files,
            strings,
            icons,
            reserved_ids,
        })
    } else {
        Err(diags)
    }
}

/// A text file of the theme; one that is not UTF-8 is an error at its first bad byte (a file
/// saved in another encoding is not guessed at: its letters would come out wrong on every page).
fn utf8(f: &ThemeFile, what: &'static str, diags: &mut Diagnostics) -> Option<String> {
    match std::str::from_utf8(&f.bytes) {
        Ok(t) => Some(t.to_string()),
        Err(e) => {
            let valid = std::str::from_utf8(&f.bytes[..e.valid_up_to()]).unwrap_or("");
            diags.push(
                Diagnostic::error(
                    &f.shown,
                    Position::of_offset(valid, valid.len()),
                    msg!("diag.file-not-utf8").word("what", what),
                )
                .with_help(msg!("help.save-utf8")),
            );
            None
        }
    }
}

/// Adds the UI strings of one layer's language file, each key replacing the earlier layer's.
fn merge_strings(f: &ThemeFile, strings: &mut IndexMap<String, String>, diags: &mut Diagnostics) {
    let Some(text) = utf8(f, "name.ui-strings", diags) else {
        return;
    };
    match toml::from_str::<IndexMap<String, String>>(&text) {
        Ok(s) => strings.extend(s),
        Err(e) => {
            let pos = e
                .span()
                .map_or(Position::new(1, 1), |s| Position::of_offset(&text, s.start));
            diags.push(Diagnostic::error(
                &f.shown,
                pos,
                msg!("diag.ui-strings-syntax", error = e.message().trim()),
            ));
        }
    }
}

/// An icon as it goes into a page: decoration, which screen readers skip (the kind's name is
/// always written beside it).
fn hidden_svg(svg: &str) -> String {
    let svg = svg.trim();
    if svg.contains("aria-hidden") {
        svg.to_string()
    } else {
        svg.replacen("<svg", "<svg aria-hidden=\"true\" focusable=\"false\"", 1)
    }
}

/// The brand's logo and favicon, and its stylesheet (colours and the site's own CSS).
fn add_brand_files(config: &Config, static_files: &mut Vec<(String, Vec<u8>)>, diags: &mut Diagnostics) {
    let brand = &config.brand;
    let mut read = |f: &crate::brand::BrandFile| match std::fs::read(&f.file) {
        Ok(bytes) => Some(bytes),
        Err(e) => {
            diags.push(Diagnostic::error(
                display_path(&f.file),
                Position::new(1, 1),
                msg!("diag.cannot-read-brand-file", error = e),
            ));
            None
        }
    };
    for f in [&brand.logo, &brand.favicon].into_iter().flatten() {
        if let Some(bytes) = read(f) {
            static_files.push((f.name.clone(), bytes));
        }
    }
    let own = brand.stylesheet.as_ref().and_then(&mut read);
    if let Some(css) = brand.css(own.as_deref()) {
        static_files.push((crate::brand::STYLESHEET.to_string(), css));
    }
}

/// Writes a copy of the built-in theme into `<root>/themes/default/` for a site to change.
/// Files that already exist are left as they are. Returns the files written and those kept.
pub fn eject(root: &Path) -> Result<(Vec<PathBuf>, Vec<PathBuf>), crate::publish::PublishError> {
    let dir = root.join("themes").join("default");
    let (mut written, mut kept) = (Vec::new(), Vec::new());
    for (rel, bytes) in DEFAULT_THEME {
        let path = dir.join(rel);
        if path.exists() {
            kept.push(path);
            continue;
        }
        let io = |e| crate::publish::PublishError::Io(path.clone(), e);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        std::fs::write(&path, bytes).map_err(io)?;
        written.push(path);
    }
    Ok((written, kept))
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
            msg!(
                "diag.template-syntax",
                error = r.message().lines().next().unwrap_or("").trim()
            ),
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
                msg!("diag.template-syntax", error = m),
            ));
        }
    }
    if found.is_empty() {
        let first = text.lines().next().unwrap_or("").trim();
        found.push(Diagnostic::error(
            "templates",
            Position::new(1, 1),
            msg!(
                "diag.template-syntax",
                error = first.strip_prefix("error: ").unwrap_or(first)
            ),
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
                        msg!("diag.cannot-read", error = err),
                    )),
                }
            }
            Ok(_) => {}
            Err(err) => diags.push(Diagnostic::error(
                display_path(dir),
                Position::new(1, 1),
                msg!("diag.cannot-read-theme", error = err),
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
