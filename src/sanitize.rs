//! Sanitize: what content may put into a page. Cards are written by many hands and read by a
//! whole organisation, so nothing in a card may run in a reader's browser.
//!
//! Two rules, applied while a body is converted ([`crate::markdown`]):
//! - a URL in a Markdown link or image must be relative or use a safe scheme ([`safe_url`]);
//!   `javascript:` in any spelling becomes `#`;
//! - a body with raw HTML is cleaned by ammonia with an allow-list ([`clean`]): what Markdown
//!   authors legitimately write stays (tables, details/summary, figure, abbr, kbd, sup/sub,
//!   images); scripts, event handlers, iframes, forms, styles and unsafe URLs go. A site can let
//!   raw HTML through as written (`raw_html = true` in samkort.toml).
//!
//! Bodies without raw HTML are not parsed again: their HTML is the converter's own.

use std::collections::HashSet;
use std::sync::OnceLock;

/// Link schemes a card may use.
const LINK_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];
/// Image types a `data:` URL may carry (no SVG: it can hold scripts).
const DATA_IMAGES: &[&str] = &["image/png", "image/jpeg", "image/gif", "image/webp"];

/// True for a URL a link (or, with `image`, an image) may point to: relative, a fragment, or an
/// allowed scheme. The scheme is read the way a browser reads it: leading spaces and control
/// characters skipped, tabs and newlines inside ignored, case ignored (`JaVa\tScRiPt:`).
pub fn safe_url(url: &str, image: bool) -> bool {
    let url = url.trim_start_matches(|c: char| c <= ' ');
    let mut scheme = String::new();
    for c in url.chars() {
        match c {
            ':' => break,
            '\t' | '\n' | '\r' => {}
            c if c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') => scheme.push(c.to_ascii_lowercase()),
            // A `/`, `?` or `#` before any `:` means there is no scheme: a relative URL.
            _ => return true,
        }
        if scheme.len() > 32 {
            return true;
        }
    }
    if !url.contains(':') {
        return true;
    }
    if LINK_SCHEMES.contains(&scheme.as_str()) {
        return true;
    }
    image && scheme == "data" && {
        let media = url.split_once(':').map_or("", |(_, m)| m).to_ascii_lowercase();
        DATA_IMAGES
            .iter()
            .any(|t| media.starts_with(&format!("{t};")) || media.starts_with(&format!("{t},")))
    }
}

/// `html` (a converted body with raw HTML in it) with everything not on the allow-list removed.
pub fn clean(html: &str) -> String {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(builder).clean(html).to_string()
}

fn builder() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    // Ids on headings and footnotes are the converter's own, made safe there.
    for heading in ["h1", "h2", "h3", "h4", "h5", "h6"] {
        b.add_tag_attributes(heading, ["id"]);
    }
    b.add_tags(["input"])
        .add_tag_attributes("div", ["id", "class"])
        .add_tag_attributes("li", ["id"])
        .add_tag_attributes("sup", ["id", "class"])
        .add_tag_attributes("a", ["title"])
        .add_tag_attributes("details", ["open"])
        .add_tag_attributes("img", ["title"])
        // Highlighted code is marked with classes; task lists are disabled check boxes.
        .add_tag_attributes("pre", ["class"])
        .add_tag_attributes("code", ["class"])
        .add_tag_attributes("span", ["class"])
        .add_tag_attributes("input", ["checked", "disabled"])
        .add_tag_attribute_values("input", "type", ["checkbox"])
        // Table columns are aligned with a style; that is the only style kept.
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .filter_style_properties(HashSet::from(["text-align"]))
        .url_schemes(HashSet::from_iter(LINK_SCHEMES.iter().copied()))
        // Card links are still slots here (see markdown.rs): relative, kept as they are.
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(None);
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_in_any_spelling_are_not_safe_urls() {
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "  javascript:alert(1)",
            "java\tscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
        ] {
            assert!(!safe_url(bad, false), "{bad:?} passed");
        }
        assert!(!safe_url("data:image/svg+xml,<svg onload=alert(1)>", true));
    }

    #[test]
    fn relative_and_web_urls_are_safe() {
        for good in [
            "https://sundhed.dk/a",
            "http://x.dk",
            "mailto:a@b.dk",
            "../cases/fact.html",
            "#afsnit",
            "bilag/rapport.pdf",
            "/om",
            "side?x=a:b",
        ] {
            assert!(safe_url(good, false), "{good:?} refused");
        }
        assert!(safe_url("data:image/png;base64,iVBORw0KGgo=", true));
        assert!(!safe_url("data:image/png;base64,iVBORw0KGgo=", false));
    }

    #[test]
    fn raw_html_keeps_what_authors_write_and_drops_what_runs() {
        let html = concat!(
            "<p>Tryk <kbd>Ctrl</kbd>, se H<sub>2</sub>O.</p>",
            "<details><summary>Mere</summary><p>Tekst</p></details>",
            "<script>alert(1)</script>",
            "<img src=\"x.png\" alt=\"x\" onerror=\"alert(1)\">",
            "<svg onload=\"alert(1)\"></svg>",
            "<iframe src=\"javascript:alert(1)\"></iframe>",
            "<a href=\"javascript:alert(1)\">a</a>",
            "<p style=\"position:fixed\">b</p>",
            "<form><input type=\"text\"></form>",
        );
        assert_eq!(
            clean(html),
            concat!(
                "<p>Tryk <kbd>Ctrl</kbd>, se H<sub>2</sub>O.</p>",
                "<details><summary>Mere</summary><p>Tekst</p></details>",
                "<img src=\"x.png\" alt=\"x\">",
                "<a>a</a>",
                "<p>b</p>",
                "<input>",
            )
        );
    }

    #[test]
    fn the_converters_own_markup_survives_cleaning() {
        let html = concat!(
            "<h2 id=\"afsnit\">Afsnit</h2>",
            "<pre class=\"code\"><code class=\"language-rust\"><span class=\"hl-keyword\">fn</span></code></pre>",
            "<ul><li><input disabled=\"\" type=\"checkbox\" checked=\"\">gjort</li></ul>",
            "<table><thead><tr><th style=\"text-align: right\">Tal</th></tr></thead></table>",
            "<a href=\"\u{E000}0\u{E002}\">\u{E001}0\u{E002}</a>",
        );
        // The style is written anew, without the space.
        assert_eq!(clean(html), html.replace("text-align: right", "text-align:right"));
    }
}
