//! Brand: an organisation's own look without a fork, from the `[brand]` table of samkort.toml.
//!
//! A logo, a favicon, colours, a stylesheet of one's own, the organisation's name and footer
//! links (such as the accessibility statement Danish public sites must link to). Colours are
//! checked for contrast against the default theme's backgrounds in both colour schemes when the
//! site is built: a brand colour that makes text unreadable is an error naming the pair, with a
//! colour that passes. The files are copied under `static/brand/`; the colours and the site's
//! stylesheet become one file, `static/brand/site.css`, loaded after the theme's own.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::config::CONFIG_FILE;
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::msg;

/// The backgrounds of the default theme (themes/default/static/style.css: `--bg` and `--soft`),
/// light and dark. Brand colours are shown on both.
const LIGHT_BACKGROUNDS: [Rgb; 2] = [Rgb(0xff, 0xff, 0xff), Rgb(0xf2, 0xf4, 0xf7)];
const DARK_BACKGROUNDS: [Rgb; 2] = [Rgb(0x12, 0x16, 0x1c), Rgb(0x1c, 0x22, 0x2b)];

/// WCAG 2.1 AA: text (1.4.3) and graphics that carry meaning (1.4.11).
const TEXT_CONTRAST: f64 = 4.5;
const GRAPHIC_CONTRAST: f64 = 3.0;

/// The folder of brand files under the output's `static/`.
pub const FOLDER: &str = "brand";
/// The generated stylesheet: the brand colours, then the site's own stylesheet.
pub const STYLESHEET: &str = "brand/site.css";

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBrand {
    organisation: Option<String>,
    logo: Option<Spanned<String>>,
    favicon: Option<Spanned<String>>,
    stylesheet: Option<Spanned<String>>,
    primary: Option<Spanned<String>>,
    primary_dark: Option<Spanned<String>>,
    accent: Option<Spanned<String>>,
    footer: Option<String>,
    #[serde(default)]
    links: Vec<RawLink>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLink {
    text: String,
    url: Spanned<String>,
}

/// A file of the site shown as part of its brand.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BrandFile {
    /// Where it is read from.
    pub file: PathBuf,
    /// Where it goes, under `static/`.
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct FooterLink {
    pub text: String,
    pub url: String,
    /// A path in the site (no scheme, not from the server root): pages link to it from the root.
    pub local: bool,
}

/// The checked `[brand]` table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Brand {
    pub organisation: Option<String>,
    pub logo: Option<BrandFile>,
    pub favicon: Option<BrandFile>,
    pub stylesheet: Option<BrandFile>,
    pub colours: Option<Colours>,
    pub footer: Option<String>,
    pub links: Vec<FooterLink>,
}

/// Brand colours for both schemes, each checked against the backgrounds of its scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Colours {
    pub primary: Rgb,
    pub primary_dark: Rgb,
    pub accent: Option<(Rgb, Rgb)>,
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl std::fmt::Display for Rgb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

impl Rgb {
    /// `#rgb` or `#rrggbb`.
    pub fn parse(s: &str) -> Option<Rgb> {
        let hex = s.strip_prefix('#')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let v = |s: &str| u8::from_str_radix(s, 16).ok();
        match hex.len() {
            3 => {
                let d: Vec<u8> = hex.chars().filter_map(|c| v(&format!("{c}{c}"))).collect();
                Some(Rgb(d[0], d[1], d[2]))
            }
            6 => Some(Rgb(v(&hex[0..2])?, v(&hex[2..4])?, v(&hex[4..6])?)),
            _ => None,
        }
    }

    /// Relative luminance (WCAG 2.1).
    fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }

    /// The contrast ratio of two colours, 1 to 21.
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (hi, lo) = if a > b { (a, b) } else { (b, a) };
        (hi + 0.05) / (lo + 0.05)
    }

    /// This colour moved `t` (0 to 1) of the way towards `to`.
    fn mix(self, to: Rgb, t: f64) -> Rgb {
        let m = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Rgb(m(self.0, to.0), m(self.1, to.1), m(self.2, to.2))
    }

    /// The least contrast against any of `backgrounds`, and the background it is with.
    fn worst(self, backgrounds: &[Rgb]) -> (f64, Rgb) {
        backgrounds
            .iter()
            .map(|&b| (self.contrast(b), b))
            .fold((f64::MAX, backgrounds[0]), |w, c| if c.0 < w.0 { c } else { w })
    }

    /// The nearest colour (mixing towards `towards`) with at least `ratio` against every background.
    fn nearest_passing(self, backgrounds: &[Rgb], ratio: f64, towards: Rgb) -> Rgb {
        (0..=100)
            .map(|step| self.mix(towards, f64::from(step) / 100.0))
            .find(|c| c.worst(backgrounds).0 >= ratio)
            .unwrap_or(towards)
    }
}

const BLACK: Rgb = Rgb(0, 0, 0);
const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);

impl Brand {
    /// Checks the raw table: files exist and have a type a browser shows, colours parse and
    /// are readable, footer links are safe. `text` is samkort.toml, for positions.
    pub fn from_raw(raw: RawBrand, root: &Path, text: &str) -> (Brand, Diagnostics) {
        let mut d = Diagnostics::new();
        let at = |s: &Spanned<String>| Position::of_offset(text, s.span().start);
        let file = |key: &str, value: &Option<Spanned<String>>, types: &[&str], d: &mut Diagnostics| {
            let value = value.as_ref()?;
            let rel = value.get_ref();
            let ext = Path::new(rel)
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .unwrap_or_default();
            if !types.contains(&ext.as_str()) {
                d.push(
                    Diagnostic::error(
                        CONFIG_FILE,
                        at(value),
                        msg!("diag.brand-file-type", key = key, file = rel),
                    )
                    .with_help(msg!("help.brand-file-type", types = format!(".{}", types.join(" / .")))),
                );
                return None;
            }
            let path = root.join(rel);
            if !path.is_file() {
                d.push(
                    Diagnostic::error(
                        CONFIG_FILE,
                        at(value),
                        msg!("diag.brand-no-file", key = key, file = rel),
                    )
                    .with_help(msg!("help.brand-no-file")),
                );
                return None;
            }
            Some(BrandFile {
                file: path,
                name: format!("{FOLDER}/{key}.{ext}"),
            })
        };
        let images = ["svg", "png", "jpg", "jpeg", "webp", "gif"];
        let logo = file("logo", &raw.logo, &images, &mut d);
        let favicon = file("favicon", &raw.favicon, &["svg", "png", "ico"], &mut d);
        let stylesheet = file("stylesheet", &raw.stylesheet, &["css"], &mut d);

        let colour = |key: &str, value: &Option<Spanned<String>>, d: &mut Diagnostics| {
            let value = value.as_ref()?;
            let c = Rgb::parse(value.get_ref().trim());
            if c.is_none() {
                d.push(
                    Diagnostic::error(
                        CONFIG_FILE,
                        at(value),
                        msg!("diag.brand-not-colour", key = key, value = value.get_ref()),
                    )
                    .with_help(msg!("help.brand-not-colour")),
                );
            }
            c.map(|c| (c, at(value)))
        };
        let primary = colour("primary", &raw.primary, &mut d);
        let primary_dark = colour("primary_dark", &raw.primary_dark, &mut d);
        let accent = colour("accent", &raw.accent, &mut d);
        if primary.is_none() && (primary_dark.is_some() || accent.is_some()) && raw.primary.is_none() {
            let pos = primary_dark.or(accent).map_or(Position::new(1, 1), |(_, p)| p);
            d.push(
                Diagnostic::error(CONFIG_FILE, pos, msg!("diag.brand-no-primary"))
                    .with_help(msg!("help.brand-no-primary")),
            );
        }
        let contrast = |key: &str, (c, pos): (Rgb, Position), scheme: Scheme, ratio: f64, d: &mut Diagnostics| {
            let (backgrounds, towards) = match scheme {
                Scheme::Light => (&LIGHT_BACKGROUNDS, BLACK),
                Scheme::Dark => (&DARK_BACKGROUNDS, WHITE),
            };
            let (worst, bg) = c.worst(backgrounds);
            if worst < ratio {
                let what = if ratio >= TEXT_CONTRAST {
                    "contrast.text"
                } else {
                    "contrast.border"
                };
                d.push(
                    Diagnostic::error(
                        CONFIG_FILE,
                        pos,
                        msg!(
                            "diag.brand-contrast",
                            key = key,
                            colour = c,
                            background = bg,
                            ratio = format!("{worst:.1}"),
                            needed = ratio
                        )
                        .word("scheme", scheme.word())
                        .word("what", what),
                    )
                    .with_help(msg!(
                        "help.brand-contrast",
                        colour = c.nearest_passing(backgrounds, ratio, towards)
                    )),
                );
            }
        };
        let colours = primary.map(|p| {
            contrast("primary", p, Scheme::Light, TEXT_CONTRAST, &mut d);
            let primary_dark = match primary_dark {
                Some(pd) => {
                    contrast("primary_dark", pd, Scheme::Dark, TEXT_CONTRAST, &mut d);
                    pd.0
                }
                None => p.0.nearest_passing(&DARK_BACKGROUNDS, TEXT_CONTRAST, WHITE),
            };
            let accent = accent.map(|a| {
                contrast("accent", a, Scheme::Light, GRAPHIC_CONTRAST, &mut d);
                (a.0, a.0.nearest_passing(&DARK_BACKGROUNDS, GRAPHIC_CONTRAST, WHITE))
            });
            Colours {
                primary: p.0,
                primary_dark,
                accent,
            }
        });

        let links = raw
            .links
            .into_iter()
            .filter_map(|l| {
                let url = l.url.get_ref().trim();
                if url.is_empty() || !crate::sanitize::safe_url(url, false) {
                    d.push(
                        Diagnostic::error(CONFIG_FILE, at(&l.url), msg!("diag.brand-unsafe-link", text = l.text))
                            .with_help(msg!("help.brand-unsafe-link")),
                    );
                    return None;
                }
                let local = !url.starts_with('/') && !url.starts_with('#') && !url.contains(':');
                Some(FooterLink {
                    text: l.text,
                    url: url.to_string(),
                    local,
                })
            })
            .collect();
        let brand = Brand {
            organisation: raw.organisation,
            logo,
            favicon,
            stylesheet,
            colours,
            footer: raw.footer,
            links,
        };
        (brand, d)
    }

    /// The brand's stylesheet: the colours as the theme's variables, then the site's own
    /// stylesheet. `None` when the brand changes no style.
    pub fn css(&self, own: Option<&[u8]>) -> Option<Vec<u8>> {
        if self.colours.is_none() && own.is_none() {
            return None;
        }
        let mut css = String::from("/* The brand of the site, from [brand] in samkort.toml. */\n");
        if let Some(c) = self.colours {
            // light-dark(): the theme's way of giving each colour for both schemes.
            let _ = writeln!(
                css,
                ":root {{\n  --accent: light-dark({}, {});",
                c.primary, c.primary_dark
            );
            let _ = writeln!(css, "  --accent-visited: var(--accent);");
            if let Some((light, dark)) = c.accent {
                let _ = writeln!(css, "  --brand-accent: light-dark({light}, {dark});");
            }
            css.push_str("}\n");
        }
        let mut out = css.into_bytes();
        if let Some(own) = own {
            out.extend_from_slice(b"\n");
            out.extend_from_slice(own);
        }
        Some(out)
    }
}

#[derive(Clone, Copy)]
enum Scheme {
    Light,
    Dark,
}

impl Scheme {
    /// The key of the scheme's name in the message tables.
    fn word(self) -> &'static str {
        match self {
            Scheme::Light => "scheme.light",
            Scheme::Dark => "scheme.dark",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brand(table: &str) -> (Brand, Vec<String>) {
        let text = format!("[brand]\n{table}");
        #[derive(Deserialize)]
        struct T {
            brand: RawBrand,
        }
        let raw: T = toml::from_str(&text).expect("test table parses");
        let (b, d) = Brand::from_raw(raw.brand, Path::new("/nonexistent"), &text);
        (
            b,
            d.iter()
                .map(|d| {
                    format!(
                        "{}:{} {}",
                        d.pos.line,
                        d.pos.col,
                        d.message_in(crate::config::Language::En)
                    )
                })
                .collect(),
        )
    }

    #[test]
    fn contrast_ratios_follow_wcag() {
        assert!((BLACK.contrast(WHITE) - 21.0).abs() < 1e-9);
        assert!((Rgb(0x77, 0x77, 0x77).contrast(WHITE) - 4.48).abs() < 0.01);
        assert_eq!(Rgb::parse("#0B5394"), Some(Rgb(0x0b, 0x53, 0x94)));
        assert_eq!(Rgb::parse("#fff"), Some(WHITE));
        assert_eq!(Rgb::parse("0b5394"), None);
        assert_eq!(Rgb::parse("#0b539"), None);
    }

    #[test]
    fn a_readable_primary_passes_and_gets_a_lighter_twin_for_dark_pages() {
        let (b, errors) = brand("primary = \"#003f7d\"\n");
        assert!(errors.is_empty(), "{errors:?}");
        let c = b.colours.expect("colours");
        assert_eq!(c.primary, Rgb(0x00, 0x3f, 0x7d));
        assert!(c.primary_dark.worst(&DARK_BACKGROUNDS).0 >= TEXT_CONTRAST);
        assert!(c.primary_dark.luminance() > c.primary.luminance());
    }

    #[test]
    fn a_pale_primary_is_an_error_naming_the_pair_and_a_colour_that_passes() {
        let (_, errors) = brand("organisation = \"X\"\nprimary = \"#7fb2e5\"\n");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with("3:11 brand.primary #7fb2e5 on the light background #f2f4f7"),
            "{}",
            errors[0]
        );
        assert!(errors[0].contains("needs at least 4.5:1"), "{}", errors[0]);
    }

    #[test]
    fn a_dark_primary_for_dark_pages_must_be_readable_there() {
        let (_, errors) = brand("primary = \"#003f7d\"\nprimary_dark = \"#003f7d\"\n");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].contains("on the dark background"), "{}", errors[0]);
    }

    #[test]
    fn missing_files_bad_colours_and_unsafe_links_are_located() {
        let (_, errors) = brand(
            "logo = \"logo.svg\"\nfavicon = \"f.exe\"\naccent = \"red\"\nprimary = \"#000\"\n\
             links = [{ text = \"x\", url = \"javascript:alert(1)\" }]\n",
        );
        assert_eq!(errors.len(), 4, "{errors:?}");
        assert!(
            errors[0].starts_with("2:8 brand.logo: there is no file `logo.svg`"),
            "{errors:?}"
        );
        assert!(
            errors[1].starts_with("3:11 brand.favicon `f.exe` is not a file type"),
            "{errors:?}"
        );
        assert!(
            errors[2].starts_with("4:10 brand.accent `red` is not a colour"),
            "{errors:?}"
        );
        assert!(errors[3].contains("unsafe"), "{errors:?}");
    }

    #[test]
    fn the_stylesheet_sets_the_theme_variables_for_both_schemes_then_appends_the_sites_own() {
        let (b, _) = brand("primary = \"#003f7d\"\naccent = \"#c8102e\"\n");
        let css = String::from_utf8(b.css(Some(b".x { color: red }")).expect("css")).expect("utf-8");
        assert!(css.contains(":root {\n  --accent: light-dark(#003f7d, #"), "{css}");
        assert!(css.contains("--brand-accent: light-dark(#c8102e, #"), "{css}");
        assert!(css.ends_with(".x { color: red }"), "{css}");
        assert_eq!(Brand::default().css(None), None);
    }
}
