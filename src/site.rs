//! Site: the checking half of the pipeline, shared by `build` and the live site: read and
//! check card files (parse and validate, one file at a time, in parallel), put the cards in
//! their order and check their slugs, and link them.
//!
//! The drawing half is [`crate::outputs`]. Each driver calls these steps; the live site calls
//! them for the files an edit touched and keeps the rest.

use rayon::prelude::*;

use crate::card::Card;
use crate::config::Config;
use crate::diagnostic::Diagnostics;
use crate::discover::SourceFile;
use crate::link::{self, Graph};
use crate::markdown::ReservedIds;
use crate::{parse, validate};

/// One card file after reading and checking: the card when it is usable, and what its own
/// checks reported.
pub struct Checked {
    pub file: SourceFile,
    pub card: Option<Card>,
    pub diagnostics: Diagnostics,
}

/// Reads and checks one card file. No heading gets an id in `reserved` (the theme's own ids).
pub fn check_file(config: &Config, reserved: &ReservedIds, file: SourceFile) -> Checked {
    match parse::parse_file(&file, reserved, config.raw_html, config.language) {
        Ok(p) => {
            let terms = crate::terms::check(config, &p);
            let (card, mut diagnostics) = validate::validate_one(config, p);
            diagnostics.extend(terms);
            Checked {
                file,
                card,
                diagnostics,
            }
        }
        Err(d) => {
            let mut diagnostics = Diagnostics::new();
            diagnostics.push(d);
            Checked {
                file,
                card: None,
                diagnostics,
            }
        }
    }
}

/// Reads and checks every card file, in parallel, in the order of `files`.
pub fn check_files(config: &Config, reserved: &ReservedIds, files: Vec<SourceFile>) -> Vec<Checked> {
    files.into_par_iter().map(|f| check_file(config, reserved, f)).collect()
}

/// Puts cards in their order (which gives their ids) and reports duplicate slugs and terms
/// spelled in several ways.
pub fn arrange(cards: &mut [Card], diags: &mut Diagnostics) {
    validate::check_unique_slugs(cards, diags);
    validate::check_term_spellings(cards, diags);
    validate::sort_cards(cards);
}

/// Links the cards. Links to files that exist but did not become cards are not reported again:
/// those files have their own errors.
pub fn link<'a>(
    config: &Config,
    cards: &[Card],
    files: impl IntoIterator<Item = &'a SourceFile>,
) -> (Graph, Diagnostics) {
    let unusable = link::unusable_slugs(files, cards);
    link::link(config, cards, &unusable)
}

/// A checked and linked site in memory (for tests and tools).
pub struct Site {
    pub config: Config,
    pub cards: Vec<Card>,
    pub graph: Graph,
}
