//! Syntax highlighting of fenced code blocks with syntect, as CSS classes (`hl-keyword`, ...).
//!
//! The syntax set is large and slow to load, so it is loaded once per process and only when
//! the first page with a code block asks for it. The theme ships the stylesheet for the classes.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// `<pre><code>` HTML for `code`, highlighted when `lang` names a known syntax.
pub fn code_block(code: &str, lang: &str) -> String {
    let lang = lang.split([',', ' ']).next().unwrap_or("").trim();
    let mut out = String::with_capacity(code.len() * 2);
    if lang.is_empty() {
        out.push_str("<pre class=\"code\"><code>");
        pulldown_cmark_escape_html(&mut out, code);
        out.push_str("</code></pre>\n");
        return out;
    }
    let set = syntaxes();
    let highlighted = set.find_syntax_by_token(lang).and_then(|syntax| {
        let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            generator.parse_html_for_line_which_includes_newline(line).ok()?;
        }
        Some(generator.finalize())
    });
    out.push_str("<pre class=\"code\"><code class=\"language-");
    pulldown_cmark_escape_html(&mut out, lang);
    out.push_str("\">");
    match highlighted {
        Some(html) => out.push_str(&html),
        None => pulldown_cmark_escape_html(&mut out, code),
    }
    out.push_str("</code></pre>\n");
    out
}

fn pulldown_cmark_escape_html(out: &mut String, text: &str) {
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(out, text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classes_unknown_is_escaped() {
        let html = code_block("fn main() {}\n", "rust");
        assert!(html.contains("class=\"language-rust\""));
        assert!(html.contains("hl-"), "{html}");
        let plain = code_block("<b>\n", "no-such-language");
        assert!(plain.contains("&lt;b&gt;"));
        assert!(!plain.contains("hl-"));
    }
}
