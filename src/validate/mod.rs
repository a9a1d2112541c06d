//! Validate: check each parsed card against the schema of its kind and turn it into a typed
//! [`Card`]; check that slugs are valid and unique across the site.
//!
//! Everything that can be checked by looking at one card (plus the configuration) is checked
//! here. Whether a link's target exists is the link stage's job. A card with errors is still
//! returned when it has a usable slug and kind, so the link stage can report its broken links
//! in the same run.

use std::collections::{BTreeMap, HashMap};

use serde_yaml::{Mapping, Value};

use crate::card::Card;
use crate::config::{CORE_FIELDS, Config, KindId};
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::frontmatter::Locator;
use crate::markdown::Body;
use crate::messages::Msg;
use crate::msg;
use crate::parse::ParsedCard;
use crate::slug::{self, Slug};
use crate::suggest::did_you_mean;

mod values;

/// Checks one card against its kind's schema. The body moves into the card, uncopied.
pub fn validate_one(config: &Config, mut p: ParsedCard) -> (Option<Card>, Diagnostics) {
    let body = std::mem::take(&mut p.body);
    let mut diags = Diagnostics::new();
    let mut check = CardCheck {
        config,
        p: &p,
        loc: Locator::new(&p.yaml, p.yaml_line),
        diags: &mut diags,
    };
    let card = check.run();
    if let Some(c) = &card {
        check.print_fit(c);
    }
    let card = card.map(|card| Card { body, ..card });
    (card, diags)
}

/// The order of cards (and so of card ids): by kind in the order of samkort.toml, then by file.
pub fn sort_cards(cards: &mut [Card]) {
    cards.sort_by(|a, b| (a.kind, &a.file).cmp(&(b.kind, &b.file)));
}

/// Reports every slug used by more than one card, on each of the files.
pub fn check_unique_slugs(cards: &[Card], diags: &mut Diagnostics) {
    let mut first: HashMap<&str, &Card> = HashMap::new();
    for card in cards {
        if let Some(other) = first.get(card.slug.as_str()) {
            let (a, b) = if other.file <= card.file {
                (*other, card)
            } else {
                (card, *other)
            };
            for (this, that) in [(a, b), (b, a)] {
                diags.push(
                    Diagnostic::error(
                        &this.file,
                        Position::new(1, 1),
                        msg!(
                            "diag.duplicate-slug",
                            slug = this.slug,
                            other = crate::diagnostic::display_path(&that.file)
                        ),
                    )
                    .with_help(msg!("help.duplicate-slug")),
                );
            }
        } else {
            first.insert(card.slug.as_str(), card);
        }
    }
}

/// Warns where cards spell one term in several ways that make the same slug ("Æble",
/// "aeble", "AEBLE"): they are one term with one page, shown with its preferred spelling
/// ([`crate::index::preferred_spelling`]); each other spelling is reported where it is written.
pub fn check_term_spellings(cards: &[Card], diags: &mut Diagnostics) {
    // Per taxonomy and term slug: each spelling, with the cards that write it and where.
    type Places<'a> = Vec<(&'a Card, Position)>;
    // By spelling first: a site has many cards but few spellings, each made a slug once.
    let mut by_spelling: rustc_hash::FxHashMap<(&str, &str), Places> = Default::default();
    for card in cards {
        for t in &card.terms {
            for name in &t.names {
                by_spelling
                    .entry((t.taxonomy.as_str(), name.value.as_str()))
                    .or_default()
                    .push((card, name.pos));
            }
        }
    }
    let mut terms: BTreeMap<(&str, String), BTreeMap<&str, Places>> = BTreeMap::new();
    for ((taxonomy, spelling), places) in by_spelling {
        terms
            .entry((taxonomy, slug::slugify(spelling)))
            .or_default()
            .insert(spelling, places);
    }
    for ((taxonomy, term_slug), spellings) in terms.iter().filter(|(_, s)| s.len() > 1) {
        let preferred = crate::index::preferred_spelling(spellings.iter().map(|(s, at)| (*s, at.len())));
        let all: Vec<String> = std::iter::once(preferred)
            .chain(spellings.keys().copied().filter(|s| *s != preferred))
            .map(|s| format!("`{s}`"))
            .collect();
        for (spelling, places) in spellings.iter().filter(|(s, _)| **s != preferred) {
            for (card, pos) in places {
                diags.push(
                    Diagnostic::warning(
                        &card.file,
                        *pos,
                        msg!(
                            "diag.term-spellings",
                            spelling = spelling,
                            taxonomy = taxonomy,
                            all = all.join(", "),
                            preferred = preferred
                        ),
                    )
                    .with_help(msg!(
                        "help.term-spellings",
                        preferred = preferred,
                        page = crate::urls::term(taxonomy, term_slug, 0)
                    )),
                );
            }
        }
    }
}

struct CardCheck<'a> {
    config: &'a Config,
    p: &'a ParsedCard,
    loc: Locator<'a>,
    diags: &'a mut Diagnostics,
}

impl CardCheck<'_> {
    fn error(&mut self, pos: Position, msg: Msg, help: Option<Msg>) {
        self.diags
            .push(Diagnostic::error(&self.p.file, pos, msg).with_help_opt(help));
    }

    /// Warns about the parts of a card that are shortened on its printed cards (see
    /// [`crate::print`]), at their place in the front matter.
    fn print_fit(&mut self, card: &Card) {
        use crate::print::Overflow;
        let size = self.config.card_size;
        let qr = self.config.has_absolute_base_url();
        let size_name = size.name().to_uppercase();
        for o in crate::print::overflows(card, size, qr) {
            let (pos, message) = match o {
                Overflow::Summary => (
                    self.loc.key(&["summary"]),
                    msg!("diag.print-summary-too-long", size = size_name),
                ),
                Overflow::Questions => (
                    self.loc.key(&["questions"]),
                    msg!("diag.print-questions-too-long", size = size_name),
                ),
                Overflow::Flashcard(i) => {
                    let front = &card.flashcards[i].front;
                    let start: String = front.chars().take(24).collect();
                    (
                        self.loc.item(&["flashcards"], &start),
                        msg!("diag.print-flashcard-too-long", start = start, size = size_name),
                    )
                }
            };
            let help = match size {
                crate::print::Size::A7 => msg!("help.shorten-or-a6"),
                crate::print::Size::A6 => msg!("help.shorten"),
            };
            self.diags
                .push(Diagnostic::warning(&self.p.file, pos, message).with_help(help));
        }
    }

    fn get(&self, key: &str) -> Option<&Value> {
        self.p.front.get(key)
    }

    fn run(&mut self) -> Option<Card> {
        let config = self.config;
        let kind_id = self.kind()?;
        let kc = config.kind(kind_id);
        let kind = config.kind_name(kind_id);
        let slug = self.slug();

        // Unknown keys first: they are the most common typo.
        let mut keys: Vec<(&str, &Value)> = Vec::new();
        for (k, v) in &self.p.front {
            match k.as_str() {
                Some(name) => keys.push((name, v)),
                None => {
                    let start = self.loc.start();
                    self.error(start, msg!("diag.key-not-text"), None);
                }
            }
        }
        for (name, _) in &keys {
            let known = CORE_FIELDS.contains(name)
                || config.taxonomies.contains_key(*name)
                || kc.fields.contains_key(*name)
                || config.is_review_field(name);
            if !known {
                let candidates: Vec<&str> = CORE_FIELDS
                    .iter()
                    .copied()
                    .chain(config.taxonomies.keys().map(String::as_str))
                    .chain(kc.fields.keys().map(String::as_str))
                    .collect();
                let pos = self.loc.key(&[name]);
                let help = did_you_mean(name, candidates).or_else(|| Some(msg!("help.declare-field", kind = kind)));
                self.error(pos, msg!("diag.unknown-field", name = name, kind = kind), help);
            } else if *name == "steps" && !kc.course {
                let pos = self.loc.key(&[name]);
                self.error(
                    pos,
                    msg!("diag.steps-not-course", kind = kind),
                    Some(msg!("help.steps-not-course", kind = kind)),
                );
            }
        }
        for req in &kc.required {
            let r = req.get_ref();
            let empty = match self.get(r) {
                None => {
                    self.error(
                        Position::new(1, 1),
                        msg!("diag.missing-field", field = r, kind = kind),
                        Some(msg!("help.add-field", field = r)),
                    );
                    continue;
                }
                Some(Value::Null) => true,
                Some(Value::String(s)) => s.trim().is_empty(),
                Some(Value::Sequence(s)) => s.is_empty(),
                Some(Value::Mapping(m)) => m.is_empty(),
                _ => false,
            };
            if empty {
                let pos = self.loc.value(&[r]);
                self.error(
                    pos,
                    msg!("diag.empty-field", field = r),
                    Some(msg!("help.empty-field", field = r, kind = kind)),
                );
            }
        }

        let title = match self.get("title") {
            Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
            Some(Value::Null) | None => {
                self.error(
                    Position::new(1, 1),
                    msg!("diag.missing-title"),
                    Some(msg!("help.missing-title")),
                );
                slug.as_str().to_string()
            }
            Some(_) => {
                let pos = self.loc.value(&["title"]);
                self.error(pos, msg!("diag.title-not-text"), None);
                slug.as_str().to_string()
            }
        };
        let summary = self.text("summary");
        let source = self.source();
        let terms = self.terms();
        let relations = self.relations(kind_id);
        let questions = self.text_list("questions").unwrap_or_default();
        let flashcards = self.flashcards();
        let order = match self.get("order") {
            None | Some(Value::Null) => None,
            Some(v) => match v.as_i64() {
                Some(n) => Some(n),
                None => {
                    let pos = self.loc.value(&["order"]);
                    self.error(pos, msg!("diag.order-not-number"), Some(msg!("help.order-example")));
                    None
                }
            },
        };
        if kc.scale && order.is_none() && self.get("order").is_none() {
            self.error(
                Position::new(1, 1),
                msg!("diag.missing-order", kind = kind),
                Some(msg!("help.missing-order")),
            );
        }
        let (steps, step_fields) = if kc.course {
            self.steps(kc)
        } else {
            (Vec::new(), Vec::new())
        };
        let fields = self.fields(kc);
        let review = self.review();

        Some(Card {
            file: self.p.file.clone(),
            slug,
            kind: kind_id,
            summary,
            source,
            terms,
            relations,
            questions,
            flashcards,
            steps,
            step_fields,
            order,
            fields,
            review,
            body: Body::default(),
            hash: self.p.hash,
            title_key: crate::collate::key(&title),
            title,
        })
    }

    fn kind(&mut self) -> Option<KindId> {
        let config = self.config;
        let names = || config.kinds.keys().map(String::as_str);
        let declared = self.get("kind").cloned();
        match declared.as_ref() {
            Some(Value::String(k)) => {
                if let Some(id) = config.kind_id(k) {
                    let folder_kind = self.p.folder.as_deref().and_then(|f| config.kind_by_folder(f));
                    if let Some(other) = folder_kind.filter(|other| *other != id) {
                        let other = config.kind_name(other);
                        let (k, folder) = (k.clone(), config.kind(id).folder.get_ref().clone());
                        let pos = self.loc.value(&["kind"]);
                        self.diags.push(
                            Diagnostic::warning(
                                &self.p.file,
                                pos,
                                msg!("diag.kind-not-folder", kind = k, other = other, folder = folder),
                            )
                            .with_help(msg!("help.kind-not-folder", folder = folder)),
                        );
                    }
                    return Some(id);
                }
                let k = k.clone();
                let pos = self.loc.value(&["kind"]);
                let help = did_you_mean(&k, names()).or_else(|| {
                    Some(msg!(
                        "help.kinds-declared",
                        kinds = names().collect::<Vec<_>>().join(", ")
                    ))
                });
                self.error(pos, msg!("diag.unknown-kind", kind = k), help);
                None
            }
            Some(_) => {
                let pos = self.loc.value(&["kind"]);
                self.error(pos, msg!("diag.kind-not-text"), None);
                None
            }
            None => {
                let by_folder = self.p.folder.as_deref().and_then(|f| config.kind_by_folder(f));
                if by_folder.is_some() {
                    return by_folder;
                }
                let folders: Vec<&str> = config.kinds.values().map(|k| k.folder.get_ref().as_str()).collect();
                let message = match &self.p.folder {
                    Some(f) => msg!("diag.folder-no-kind", folder = f),
                    None => msg!("diag.no-kind-folder"),
                };
                let help = match &self.p.folder {
                    Some(f) => crate::suggest::closest(f, folders.iter().copied())
                        .map(|c| msg!("help.did-you-mean-folder", name = c)),
                    None => None,
                }
                .or_else(|| Some(msg!("help.add-kind", folders = folders.join(", "))));
                self.error(Position::new(1, 1), message, help);
                None
            }
        }
    }

    fn slug(&mut self) -> Slug {
        let stem = &self.p.stem;
        if !slug::is_valid(stem) {
            let fixed = slug::slugify(stem);
            let help = if fixed.is_empty() {
                msg!("help.slug-letters")
            } else {
                msg!("help.rename-to", name = format!("{fixed}.md"))
            };
            let stem = stem.clone();
            self.error(Position::new(1, 1), msg!("diag.bad-slug", stem = stem), Some(help));
        } else if stem == "index" {
            self.error(
                Position::new(1, 1),
                msg!("diag.index-reserved"),
                Some(msg!("help.rename")),
            );
        }
        Slug::new_unchecked(stem.clone())
    }
}

fn lookup<'m>(m: &'m Mapping, path: &[&str]) -> Option<&'m Value> {
    let (first, rest) = path.split_first()?;
    let mut v = m.get(*first)?;
    for key in rest {
        v = v.get(*key)?;
    }
    Some(v)
}
