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
    for (trin, slug) in chain.iter().enumerate() {
        let card = &site.cards[id(&site, slug)];
        assert_eq!(
            field(card, "trin"),
            Some(&FieldValue::Number(trin as f64 + 1.0)),
            "{slug}"
        );
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
