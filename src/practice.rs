//! Practice: the decks a learner practises (flashcards to grade, reflection questions to
//! discuss) and the ids that keep a learner's history with the right flashcard.
//!
//! A deck is the cards of one card (for a course path: the path and its steps), of a kind, of a
//! taxonomy term, or of the whole site. Its page lists every flashcard with its answer (usable
//! without scripts); `static/practice.js` turns the list into a study session with spaced
//! repetition, and the questions into a workshop view for a projector. What a learner did is
//! kept in the learner's browser only, under the site's key ([`site_key`]) and each flashcard's
//! id ([`flashcard_id`]).

use crate::config::{Config, KindId};
use crate::link::CardId;
use crate::page::Input;
use crate::urls;

/// Which cards a practice page takes its flashcards and questions from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Deck {
    /// One card; a course path with its steps.
    Card(CardId),
    Kind(KindId),
    /// A term of a taxonomy: (taxonomy, term), indexes into [`crate::index::SiteIndex::terms`].
    Term(usize, usize),
    Site,
}

impl Deck {
    /// The deck's cards, in the order their flashcards are listed.
    pub fn cards(self, input: Input) -> Vec<CardId> {
        let Input {
            config,
            cards,
            graph,
            idx,
        } = input;
        match self {
            Deck::Card(id) if config.kind(cards[id].kind).course => {
                std::iter::once(id).chain(graph.steps[id].iter().copied()).collect()
            }
            Deck::Card(id) => vec![id],
            Deck::Kind(k) => idx.by_kind[k.index()].clone(),
            Deck::Term(t, i) => idx.terms[t][i].cards.clone(),
            Deck::Site => idx.by_kind.iter().flatten().copied().collect(),
        }
    }

    /// How many flashcards and reflection questions the deck has.
    pub fn counts(self, input: Input) -> Counts {
        let mut counts = Counts::default();
        let add = |id: CardId| {
            counts.flashcards += input.cards[id].flashcards.len();
            counts.questions += input.cards[id].questions.len();
        };
        match self {
            Deck::Site => (0..input.cards.len()).for_each(add),
            _ => self.cards(input).into_iter().for_each(add),
        }
        counts
    }

    /// The deck's practice page.
    pub fn url(self, input: Input) -> String {
        let Input { config, cards, idx, .. } = input;
        match self {
            Deck::Card(id) => urls::practice_card(config, cards[id].kind, cards[id].slug.as_str()),
            Deck::Kind(k) => urls::practice_kind(config, k),
            Deck::Term(t, i) => {
                let name = config.taxonomies.get_index(t).map_or("", |(n, _)| n.as_str());
                urls::practice_term(name, &idx.terms[t][i].slug)
            }
            Deck::Site => urls::PRACTICE.to_string(),
        }
    }
}

/// The size of a deck.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Counts {
    pub flashcards: usize,
    pub questions: usize,
}

impl Counts {
    pub fn is_empty(self) -> bool {
        self.flashcards == 0 && self.questions == 0
    }
}

/// Every deck the site has a practice page for: the site, each kind, each term and each card
/// whose deck has a flashcard or a question.
pub fn decks(input: Input) -> Vec<Deck> {
    let Input { config, idx, cards, .. } = input;
    let mut decks = vec![Deck::Site];
    decks.extend(config.kind_ids().map(|(k, _, _)| Deck::Kind(k)));
    for (t, terms) in idx.terms.iter().enumerate() {
        decks.extend((0..terms.len()).map(|i| Deck::Term(t, i)));
    }
    decks.extend((0..cards.len()).map(Deck::Card));
    decks.retain(|d| !d.counts(input).is_empty());
    decks
}

/// A flashcard's id in a learner's history: the card's slug and a hash of the question. Moving
/// the flashcard, or other flashcards coming and going, keeps the id; rewording the question
/// makes it a new flashcard.
pub fn flashcard_id(slug: &str, front: &str) -> String {
    format!("{slug}:{:08x}", fnv1a(front.trim().as_bytes()) as u32)
}

/// The key a site's learners' data is kept under in the browser: from the site's title and
/// base URL, so that two sites on one intranet host keep theirs apart.
pub fn site_key(config: &Config) -> String {
    let mut bytes = config.title.as_bytes().to_vec();
    bytes.push(0);
    bytes.extend_from_slice(config.base_url.as_bytes());
    format!("samkort:{:016x}", fnv1a(&bytes))
}

/// FNV-1a, 64 bits: small, and the same on every platform and in every version.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flashcard_ids_follow_the_question_not_its_place() {
        let a = flashcard_id("tillid", "Hvad er tillid?");
        assert_eq!(a, flashcard_id("tillid", "  Hvad er tillid?\n"));
        assert!(a.starts_with("tillid:") && a.len() == "tillid:".len() + 8, "{a}");
        assert_ne!(a, flashcard_id("tillid", "Hvad er respekt?"));
        assert_ne!(a, flashcard_id("respekt", "Hvad er tillid?"));
        // FNV-1a's published test vector.
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn two_sites_on_one_host_get_two_keys() {
        let config = |base: &str| {
            let mut c = Config::parse(std::path::Path::new("."), "title = \"T\"\n").expect("config");
            c.base_url = base.into();
            c
        };
        assert_ne!(site_key(&config("/a/")), site_key(&config("/b/")));
        assert_eq!(site_key(&config("/a/")), site_key(&config("/a/")));
    }
}
