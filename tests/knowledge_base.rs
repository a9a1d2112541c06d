//! The shape of the bundled knowledge base, so an edit that breaks it fails CI.

mod common;

use samkort::build::{Failure, load};
use samkort::card::{Card, FieldValue};
use samkort::link::{CardId, EdgeType};
use samkort::site::Site;

fn site() -> Site {
    match load(&common::repo_root()) {
        Ok((site, diags)) => {
            let problems: Vec<String> = diags.sorted().iter().map(|d| d.to_string()).collect();
            assert!(
                problems.is_empty(),
                "the bundled content has problems:\n{}",
                problems.join("\n")
            );
            site
        }
        Err(Failure::Config(d) | Failure::Content(d)) => panic!("{:?}", d.sorted()),
        Err(Failure::Io(e)) => panic!("{e}"),
    }
}

fn id(site: &Site, slug: &str) -> CardId {
    *site
        .graph
        .by_slug
        .get(slug)
        .unwrap_or_else(|| panic!("no card `{slug}`"))
}

fn field<'a>(card: &'a Card, name: &str) -> Option<&'a FieldValue> {
    card.fields.iter().find(|f| f.name == name).map(|f| &f.value)
}

/// Cards connected to `id` in either direction, by typed relation or body link.
fn neighbours(site: &Site, id: CardId) -> Vec<CardId> {
    let g = &site.graph;
    let mut v: Vec<CardId> = g.outgoing[id]
        .iter()
        .map(|e| e.to)
        .chain(g.incoming[id].iter().map(|e| e.from))
        .collect();
    v.extend(g.backlinks[id].iter().copied());
    v.extend(g.body_links[id].iter().flatten().map(|l| l.to));
    v.sort();
    v.dedup();
    v
}

fn relation(site: &Site, name: &str) -> EdgeType {
    EdgeType::Relation(
        site.config
            .relation_id(name)
            .unwrap_or_else(|| panic!("no relation `{name}`")),
    )
}

#[test]
fn every_kind_has_cards_and_all_tier_a_and_b_cards_are_there() {
    let site = site();
    for kind in site.config.kinds.keys() {
        assert!(
            site.cards.iter().any(|c| site.config.kind_name(c.kind) == *kind),
            "kind `{kind}` has no cards"
        );
    }
    assert!(site.cards.len() >= 186, "{} cards", site.cards.len());
}

#[test]
fn the_seven_plagues_are_numbered_and_each_meets_a_case() {
    let site = site();
    let mut numbers = Vec::new();
    for (i, card) in site.cards.iter().enumerate() {
        if field(card, "udfordringstype") != Some(&FieldValue::Text("plage".into())) {
            continue;
        }
        if let Some(FieldValue::Number(n)) = field(card, "nummer") {
            numbers.push(*n as i64);
        }
        let cases = neighbours(&site, i)
            .into_iter()
            .filter(|&n| site.config.kind_name(site.cards[n].kind) == "case")
            .count();
        assert!(cases >= 1, "plague `{}` is linked to no case", card.slug);
    }
    numbers.sort();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6, 7]);
}

#[test]
fn every_plague_and_research_barrier_meets_a_case_and_is_countered() {
    let site = site();
    let imoedegaar = relation(&site, "imoedegaar");
    let mut seen = 0;
    for (i, card) in site.cards.iter().enumerate() {
        let ty = field(card, "udfordringstype");
        if ty != Some(&FieldValue::Text("plage".into())) && ty != Some(&FieldValue::Text("forskningsbarriere".into())) {
            continue;
        }
        seen += 1;
        let cases = neighbours(&site, i)
            .into_iter()
            .filter(|&n| site.config.kind_name(site.cards[n].kind) == "case")
            .count();
        assert!(cases >= 1, "`{}` is linked to no case", card.slug);
        let counters = site.graph.incoming[i].iter().filter(|e| e.ty == imoedegaar).count();
        assert!(counters >= 1, "nothing `imoedegaar` `{}`", card.slug);
    }
    assert_eq!(
        seen,
        7 + 5,
        "seven plagues and five research barriers (the sixth is merged with a structural one)"
    );
}

#[test]
fn the_three_relationship_levels_form_an_ordered_chain() {
    let site = site();
    let next = relation(&site, "naeste_trin");
    let chain = ["kendskab", "respekt", "tillid"];
    let kind = site
        .config
        .kind_id("relationsniveau")
        .expect("the kind relationsniveau");
    assert!(site.config.kind(kind).scale, "the levels are the steps of a scale");
    for (trin, slug) in chain.iter().enumerate() {
        let card = &site.cards[id(&site, slug)];
        assert_eq!(card.order, Some(trin as i64 + 1), "{slug}");
    }
    for pair in chain.windows(2) {
        let (a, b) = (id(&site, pair[0]), id(&site, pair[1]));
        assert!(
            site.graph.outgoing[a].iter().any(|e| e.ty == next && e.to == b),
            "{} -> {} missing",
            pair[0],
            pair[1]
        );
    }
    let styrker = relation(&site, "styrker");
    for slug in chain {
        let built_in = site.graph.incoming[id(&site, slug)]
            .iter()
            .filter(|e| e.ty == styrker)
            .count();
        let linked_cases = neighbours(&site, id(&site, slug))
            .into_iter()
            .filter(|&n| site.config.kind_name(site.cards[n].kind) == "case")
            .count();
        assert!(built_in + linked_cases >= 1, "no case builds `{slug}`");
    }
}

#[test]
fn the_six_concepts_of_collaboration_capability_have_examples() {
    let site = site();
    let hub = id(&site, "samhandlingskapabilitet");
    let del_af = relation(&site, "del_af");
    let parts: Vec<CardId> = site.graph.incoming[hub]
        .iter()
        .filter(|e| e.ty == del_af)
        .map(|e| e.from)
        .collect();
    assert_eq!(parts.len(), 6, "samhandlingskapabilitet should have six concepts");
    // Examples are cases (FACT, STIME, ...), roles (hus og hytte) or bodies (Sundhedsråd).
    for p in parts {
        let examples = neighbours(&site, p)
            .into_iter()
            .filter(|&n| ["case", "rolle", "struktur"].contains(&site.config.kind_name(site.cards[n].kind)))
            .count();
        assert!(examples >= 1, "concept `{}` has no example", site.cards[p].slug);
    }
}

#[test]
fn every_case_has_a_source_and_a_reflection_question() {
    let site = site();
    for card in site.cards.iter().filter(|c| site.config.kind_name(c.kind) == "case") {
        assert!(
            card.source.as_ref().is_some_and(|s| !s.document.is_empty()),
            "case `{}` has no source",
            card.slug
        );
        assert!(
            !card.questions.is_empty(),
            "case `{}` has no reflection question",
            card.slug
        );
    }
}

#[test]
fn questions_on_challenges_levels_and_concepts() {
    let site = site();
    for card in site
        .cards
        .iter()
        .filter(|c| ["udfordring", "relationsniveau", "begreb"].contains(&site.config.kind_name(c.kind)))
    {
        assert!(!card.questions.is_empty(), "`{}` has no reflection question", card.slug);
    }
}

#[test]
fn every_card_names_its_source_and_has_two_links() {
    let site = site();
    for (i, card) in site.cards.iter().enumerate() {
        assert!(card.source.is_some(), "`{}` names no source", card.slug);
        let own = site.graph.outgoing[i].len() + site.graph.body_links[i].len() + site.graph.steps[i].len();
        assert!(own >= 2, "`{}` has only {own} relations or links", card.slug);
        assert!(!neighbours(&site, i).is_empty(), "`{}` is an orphan", card.slug);
    }
}

#[test]
fn at_least_fifty_cards_have_flashcards_and_three_course_paths_exist() {
    let site = site();
    let with_flashcards = site.cards.iter().filter(|c| !c.flashcards.is_empty()).count();
    assert!(with_flashcards >= 50, "{with_flashcards} cards with flashcards");
    let paths: Vec<&Card> = site
        .cards
        .iter()
        .filter(|c| site.config.kind_name(c.kind) == "forloeb")
        .collect();
    assert!(paths.len() >= 3);
    for p in paths {
        assert!(
            p.steps.len() >= 5,
            "course path `{}` has {} steps",
            p.slug,
            p.steps.len()
        );
    }
}

#[test]
fn the_four_leadership_study_cases_exist() {
    let site = site();
    for slug in [
        "psykiatriens-hus-silkeborg",
        "sundhedsstrategisk-ledelse-randers",
        "samarbejdsaftale-om-patientforloeb-fyn",
        "akutsamarbejde-viborg",
        "fve-bilen-kolding",
        "e-hospitalet-region-sjaelland",
        "tag-snakken-aauh",
        "samlet-patientoverblik",
    ] {
        assert_eq!(site.config.kind_name(site.cards[id(&site, slug)].kind), "case");
    }
}

/// Flashcards that set a scene and ask what to do: their front begins with this word (the engine
/// knows only `front` and `back`, so the mark is in the text; see docs/writing-cards.md).
const SCENARIO: &str = "Scenarie:";

fn normalized(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

#[test]
fn cases_show_challenges_as_well_as_handle_them() {
    let site = site();
    let viser = relation(&site, "viser");
    let adresserer = relation(&site, "adresserer");
    let count = |ty: EdgeType| site.graph.outgoing.iter().flatten().filter(|e| e.ty == ty).count();
    assert!(count(viser) >= 10, "only {} `viser` edges", count(viser));
    assert!(count(adresserer) >= 10, "only {} `adresserer` edges", count(adresserer));
    // A case either handles a challenge or shows it, never both.
    for (i, card) in site.cards.iter().enumerate() {
        for e in site.graph.outgoing[i].iter().filter(|e| e.ty == viser) {
            assert!(
                !site.graph.outgoing[i]
                    .iter()
                    .any(|f| f.ty == adresserer && f.to == e.to),
                "`{}` both shows and handles `{}`",
                card.slug,
                site.cards[e.to].slug
            );
        }
    }
    // No two relations read the same on one page.
    let mut labels: Vec<(String, &str)> = Vec::new();
    for (name, r) in &site.config.relations {
        labels.push((r.label.clone(), name));
        if !r.symmetric {
            labels.push((r.inverse.clone(), name));
        }
    }
    for (i, (a, name_a)) in labels.iter().enumerate() {
        for (b, name_b) in &labels[i + 1..] {
            assert!(
                a != b || name_a == name_b,
                "`{name_a}` and `{name_b}` are both shown as \"{a}\""
            );
        }
    }
}

#[test]
fn at_least_120_scenario_flashcards_and_no_front_twice() {
    let site = site();
    let mut fronts: Vec<(String, &str)> = Vec::new();
    let mut scenarios = 0;
    for card in &site.cards {
        for f in &card.flashcards {
            if f.front.starts_with(SCENARIO) {
                scenarios += 1;
                assert!(
                    f.front.len() > SCENARIO.len() + 80 && f.front.trim_end().ends_with('?'),
                    "`{}`: a scenario describes a situation and ends in a question: {}",
                    card.slug,
                    f.front
                );
            }
            fronts.push((normalized(&f.front), card.slug.as_str()));
        }
    }
    assert!(scenarios >= 120, "{scenarios} scenario flashcards");
    fronts.sort();
    for w in fronts.windows(2) {
        assert!(
            w[0].0 != w[1].0,
            "the front \"{}\" is on `{}` and `{}`",
            w[0].0,
            w[0].1,
            w[1].1
        );
    }
}

#[test]
fn no_reflection_question_on_more_than_two_cards() {
    let site = site();
    let mut seen: std::collections::HashMap<String, Vec<&str>> = std::collections::HashMap::new();
    for card in &site.cards {
        let mut own: Vec<String> = card.questions.iter().map(|q| normalized(q)).collect();
        own.sort();
        own.dedup();
        for q in own {
            seen.entry(q).or_default().push(card.slug.as_str());
        }
    }
    for (q, cards) in &seen {
        assert!(cards.len() <= 2, "\"{q}\" is asked on {} cards: {cards:?}", cards.len());
    }
}

#[test]
fn no_paragraph_is_repeated_across_cards() {
    let site = site();
    let mut seen: std::collections::HashMap<String, &str> = std::collections::HashMap::new();
    for card in &site.cards {
        let text = std::fs::read_to_string(&card.file).unwrap();
        let body = text
            .strip_prefix("---")
            .and_then(|t| t.split_once("\n---"))
            .map_or("", |(_, body)| body);
        assert!(!body.trim().is_empty(), "`{}` has no body", card.slug);
        for para in body.split("\n\n").map(normalized).filter(|p| p.len() >= 80) {
            if let Some(other) = seen.insert(para.clone(), card.slug.as_str()) {
                assert!(
                    other == card.slug.as_str(),
                    "`{other}` and `{}` share the paragraph \"{para}\"",
                    card.slug
                );
            }
        }
    }
}

#[test]
fn five_course_paths_each_with_a_facilitator_layer() {
    let site = site();
    let paths: Vec<&Card> = site
        .cards
        .iter()
        .filter(|c| site.config.kind_name(c.kind) == "forloeb")
        .collect();
    assert!(paths.len() >= 5, "{} course paths", paths.len());
    for slug in ["oekonomi-og-opgaveflytning", "governance-sundhedsaftalen"] {
        id(&site, slug);
    }
    for p in paths {
        for name in ["laeringsmaal", "materialer", "forberedelse"] {
            match field(p, name) {
                Some(FieldValue::List(items)) => {
                    assert!(items.len() >= 2, "`{}`: `{name}` has {} items", p.slug, items.len())
                }
                other => panic!("`{}` has no list `{name}`: {other:?}", p.slug),
            }
        }
        for name in ["varighed", "maalgruppe", "metode", "overfoerselsopgave"] {
            assert!(
                matches!(field(p, name), Some(FieldValue::Text(t)) if !t.trim().is_empty()),
                "`{}` has no `{name}`",
                p.slug
            );
        }
        // The session plan: minutes on the steps themselves, or (for paths whose steps run in
        // parallel groups) a table in the body.
        let timed = p
            .step_fields
            .iter()
            .filter(|f| f.iter().any(|f| f.name == "minutter"))
            .count();
        let text = std::fs::read_to_string(&p.file).unwrap();
        let rows = text.lines().filter(|l| l.starts_with('|')).count();
        assert!(
            timed * 2 >= p.steps.len() || rows >= 2 + p.steps.len().min(5),
            "`{}` has no session plan: minutes on its steps or a table",
            p.slug
        );
    }
    let planned = paths_with_step_plans(&site);
    assert!(planned >= 1, "no course path carries minutes and methods on its steps");
}

fn paths_with_step_plans(site: &Site) -> usize {
    site.cards
        .iter()
        .filter(|c| c.step_fields.iter().filter(|f| !f.is_empty()).count() == c.steps.len() && !c.steps.is_empty())
        .count()
}

#[test]
fn every_card_cites_lines_and_a_section_title_and_is_linked() {
    let site = site();
    for (i, card) in site.cards.iter().enumerate() {
        let source = card
            .source
            .as_ref()
            .unwrap_or_else(|| panic!("`{}` names no source", card.slug));
        assert!(!source.document.is_empty(), "`{}`", card.slug);
        let locator = source.locator.as_deref().unwrap_or("");
        let at = locator
            .find("l. ")
            .unwrap_or_else(|| panic!("`{}`: the locator names no lines: {locator:?}", card.slug));
        assert!(
            locator[at + 3..].starts_with(|c: char| c.is_ascii_digit()),
            "`{}`: {locator:?}",
            card.slug
        );
        let title = &locator[..at];
        assert!(
            title.chars().filter(|c| c.is_alphabetic()).count() >= 5,
            "`{}`: the locator names no section of the source before its lines: {locator:?}",
            card.slug
        );
        assert!(!neighbours(&site, i).is_empty(), "`{}` is linked to nothing", card.slug);
    }
}
