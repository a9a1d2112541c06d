//! Print: printable decks as real cards. Cards of one size (A6, or A7) are laid out several to
//! an A4 sheet, fronts on one sheet and backs on the next in mirrored order, so that a sheet
//! printed on both sides (flipped on the long edge) puts each answer behind its question, and
//! the cards can be cut apart along the marks.
//!
//! A card has room for so much text; what does not fit is shortened at a word, never mid-line,
//! and ends "fortsættes online" with the card's address. How much fits is estimated from the
//! number of characters ([`Size::room`]); `check` warns about every card that gets shortened.

use serde::{Deserialize, Serialize};

/// The size of a printed card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Size {
    /// 105 × 148 mm, four to an A4 sheet.
    #[default]
    A6,
    /// 105 × 74 mm (A7 on its side), eight to an A4 sheet.
    A7,
}

impl Size {
    pub fn name(self) -> &'static str {
        match self {
            Size::A6 => "a6",
            Size::A7 => "a7",
        }
    }

    /// Cards per A4 sheet: two columns and this many rows.
    pub fn rows(self) -> usize {
        match self {
            Size::A6 => 2,
            Size::A7 => 4,
        }
    }

    pub fn per_sheet(self) -> usize {
        2 * self.rows()
    }

    /// About how many characters of running text one face holds at the theme's print sizes
    /// (themes/default/static/style.css, "Printable decks").
    pub fn room(self) -> usize {
        match self {
            Size::A6 => 750,
            Size::A7 => 420,
        }
    }
}

/// Room for a card's summary on its front, under its title.
pub fn summary_room(size: Size, title: &str) -> usize {
    size.room().saturating_sub(title.chars().count() + 30)
}

/// Room for a card's reflection questions on its back, beside the source and the QR code.
pub fn questions_room(size: Size, qr: bool, source: &str) -> usize {
    let room = if qr { size.room() * 6 / 10 } else { size.room() };
    room.saturating_sub(source.chars().count())
}

/// Room for a flashcard's question, under the title of its card.
pub fn question_room(size: Size) -> usize {
    size.room().saturating_sub(60)
}

/// The room a reflection question takes beyond its characters (its number, its line).
pub const QUESTION_EXTRA: usize = 4;

/// What of a card does not fit on its printed cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overflow {
    Summary,
    Questions,
    /// The question or the answer of the flashcard with this index.
    Flashcard(usize),
}

/// What of `card` is shortened when printed at `size` (with a QR code on the back or not).
pub fn overflows(card: &crate::card::Card, size: Size, qr: bool) -> Vec<Overflow> {
    let mut out = Vec::new();
    if card
        .summary
        .as_ref()
        .is_some_and(|s| s.chars().count() > summary_room(size, &card.title))
    {
        out.push(Overflow::Summary);
    }
    let source = card.source.as_ref().map_or(String::new(), source_line);
    let questions: usize = card.questions.iter().map(|q| q.chars().count() + QUESTION_EXTRA).sum();
    if questions > questions_room(size, qr, &source) {
        out.push(Overflow::Questions);
    }
    for (i, f) in card.flashcards.iter().enumerate() {
        if f.front.chars().count() > question_room(size) || f.back.chars().count() > size.room() {
            out.push(Overflow::Flashcard(i));
        }
    }
    out
}

/// A card's source as printed: the document, and where in it without line numbers; at most
/// [`SOURCE_ROOM`] characters, so that a long locator leaves room for the questions.
pub fn source_line(s: &crate::card::Source) -> String {
    let line = match s.locator.as_deref().map(printable_locator) {
        Some(l) if !l.is_empty() => format!("{}, {l}", s.document),
        _ => s.document.clone(),
    };
    shorten(&line, SOURCE_ROOM).unwrap_or(line)
}

/// The most characters a printed source takes.
pub const SOURCE_ROOM: usize = 160;

/// `text` shortened to `room` characters at a word boundary, or `None` when it fits.
pub fn shorten(text: &str, room: usize) -> Option<String> {
    if text.chars().count() <= room {
        return None;
    }
    let cut: String = text.chars().take(room).collect();
    let at = cut.rfind(char::is_whitespace).unwrap_or(cut.len());
    let kept = cut[..at].trim_end_matches(|c: char| c.is_whitespace() || ",;:–-".contains(c));
    Some(format!("{kept} …"))
}

/// A source locator as printed: the title and section, without the line numbers that point
/// into the text files (`"Gode relationer (l. 732–767)"` → `"Gode relationer"`).
pub fn printable_locator(locator: &str) -> String {
    let mut out = String::with_capacity(locator.len());
    let mut rest = locator;
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')') else { break };
        let inner = rest[open + 1..open + close].trim_start();
        out.push_str(&rest[..open]);
        if !is_lines(inner) {
            out.push_str(&rest[open..=open + close]);
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    let parts: Vec<&str> = out
        .split([';', ','])
        .map(str::trim)
        .filter(|p| !p.is_empty() && !is_lines(p))
        .collect();
    parts.join("; ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `l. 12–40`, `linje 7`, `L123-130` and the like.
fn is_lines(s: &str) -> bool {
    let lower = s.to_lowercase();
    let rest = ["linjerne ", "linjer ", "linje ", "l. ", "l.", "l"]
        .iter()
        .find_map(|p| lower.strip_prefix(p));
    rest.is_some_and(|r| {
        let r = r.trim_start();
        r.starts_with(|c: char| c.is_ascii_digit()) && r.chars().all(|c| c.is_ascii_digit() || " –-,.og".contains(c))
    })
}

/// The QR code of `url` as SVG, drawn at build time: one path of the dark runs of each row,
/// a few kilobytes, with the quiet zone around it.
pub fn qr_svg(url: &str) -> Option<String> {
    // One mask pattern for every code, where the crate would try all eight and keep the one
    // with the fewest look-alike patterns: every mask gives a valid code, and this one makes
    // a code in a tenth of the time (a site of 10,000 cards has 10,000 codes).
    let ec = qrcode::EcLevel::M;
    let bits = qrcode::bits::encode_auto(url.as_bytes(), ec).ok()?;
    let version = bits.version();
    let (data, ec_data) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, ec).ok()?;
    let mut canvas = qrcode::canvas::Canvas::new(version, ec);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec_data);
    canvas.apply_mask(qrcode::canvas::MaskPattern::Checkerboard);
    let width = usize::try_from(version.width()).ok()?;
    let colors = canvas.into_colors();
    let quiet = 2;
    let size = width + 2 * quiet;
    let mut svg = format!(
        "<svg class=\"qr\" aria-hidden=\"true\" focusable=\"false\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 -0.5 {size} {size}\" shape-rendering=\"crispEdges\"><rect y=\"-0.5\" width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path stroke=\"#000\" d=\""
    );
    svg.reserve(width * width / 2);
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] == qrcode::Color::Dark {
                let start = x;
                while x < width && row[x] == qrcode::Color::Dark {
                    x += 1;
                }
                // Written without `write!`: a deck of 10,000 codes has millions of these.
                let mut n = itoa::Buffer::new();
                svg.push('M');
                svg.push_str(n.format(start + quiet));
                svg.push(' ');
                svg.push_str(n.format(y + quiet));
                svg.push('h');
                svg.push_str(n.format(x - start));
            } else {
                x += 1;
            }
        }
    }
    svg.push_str("\"/></svg>");
    Some(svg)
}

/// The order of the backs of one sheet: each row's cards from right to left, so that after
/// flipping the sheet on its long edge each back lies behind its front. `None` is an empty
/// place on the last sheet.
pub fn mirrored<T: Copy>(fronts: &[Option<T>]) -> Vec<Option<T>> {
    fronts
        .chunks(2)
        .flat_map(|row| {
            let mut r = row.to_vec();
            r.resize(2, None);
            r.reverse();
            r
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_shortened_at_a_word_and_short_text_is_left() {
        assert_eq!(shorten("kort tekst", 20), None);
        assert_eq!(
            shorten("en lang tekst, der fortsætter", 16).as_deref(),
            Some("en lang tekst …")
        );
        assert_eq!(shorten("æøåæøåæøå", 4).as_deref(), Some("æøåæ …"));
    }

    #[test]
    fn line_numbers_are_left_out_of_printed_locators() {
        assert_eq!(
            printable_locator(
                "Gode relationer – fra kendskab til tillid (l. 732–767, 845–890); casene fra Randers (l. 2803–2807)"
            ),
            "Gode relationer – fra kendskab til tillid; casene fra Randers"
        );
        assert_eq!(printable_locator("Kapitel 2, l. 10-20"), "Kapitel 2");
        assert_eq!(printable_locator("Bilag (tabel 3)"), "Bilag (tabel 3)");
        assert_eq!(printable_locator("L487–489"), "");
    }

    #[test]
    fn backs_are_mirrored_row_by_row_and_the_last_sheet_is_filled() {
        assert_eq!(
            mirrored(&[Some(1), Some(2), Some(3), Some(4)]),
            [Some(2), Some(1), Some(4), Some(3)]
        );
        assert_eq!(
            mirrored(&[Some(1), Some(2), Some(3)]),
            [Some(2), Some(1), None, Some(3)]
        );
    }

    #[test]
    fn qr_codes_are_svg_for_html() {
        let svg = qr_svg("https://example.dk/laering/begreber/tillid.html").expect("a code");
        assert!(svg.starts_with("<svg class=\"qr\""), "{}", &svg[..40]);
        assert!(
            svg.contains("<path stroke=\"#000\" d=\"M2 2h7"),
            "the finder pattern's top row: {svg}"
        );
    }
}
