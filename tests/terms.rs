//! Terminology (`[terms]` of samkort.toml, src/terms.rs): `check` and `build` warn at the exact
//! line and column of each variant in the body and the front matter's prose, with the fix;
//! case-insensitively (æ, ø, å too) but only as whole words; never in slugs, code, link
//! targets or quotations.

mod common;

use common::*;

const TERMS: &str = "\n[terms]\n\"ad hoc-grupper\" = [\"ad-hoc-grupper\", \"ad hoc grupper\"]\n\
\"e-Hospitalet\" = [\"eHospitalet\", \"e-hospitalet\"]\n\"sundhedsråd\" = [\"Sundhedsråd\"]\n\
\"Ærø-modellen\" = [\"æroe-modellen\"]\n";

const NY: &str = "content/begreber/ny.md";

/// `check --format json` on the fixture bom-crlf-valid with [`TERMS`] and `files` written over it.
fn check_with(files: &[(&str, &str)]) -> (i32, Vec<Diag>) {
    let config = read(&fixture("errors/bom-crlf-valid/samkort.toml")) + TERMS;
    let mut all = vec![("samkort.toml", config.as_str())];
    all.extend_from_slice(files);
    check_edited(&fixture("errors/bom-crlf-valid"), &all)
}

fn term(line: u64, col: u64, written: &str, fix: &str) -> Diag {
    let preferred = match fix.to_lowercase().as_str() {
        "ad hoc-grupper" => "ad hoc-grupper",
        "e-hospitalet" => "e-Hospitalet",
        "sundhedsråd" => "sundhedsråd",
        _ => "Ærø-modellen",
    };
    warning(
        NY,
        line,
        col,
        &format!("`{written}` is spelled `{preferred}` in this site"),
        Some(&format!("write `{fix}` (the [terms] of samkort.toml)")),
    )
}

#[test]
fn each_variant_is_reported_at_its_place_in_body_and_front_matter_with_the_fix() {
    let card = "---\ntitle: Om ad-hoc-grupper\nsummary: >-\n  Hvordan AD HOC GRUPPER arbejder\n  med e-hospitalet.\n\
questions:\n  - Hvad gør ad hoc grupper?\nflashcards:\n  - front: Hvem driver eHospitalet?\n    back: Regionen.\n---\n\
Se [[tillid]]. Ad-hoc-grupper mødes; et Sundhedsråd også.\n";
    let (code, diags) = check_with(&[(NY, card)]);
    assert_eq!(code, 0, "warnings only: {diags:#?}");
    assert_eq!(
        diags,
        [
            term(2, 11, "ad-hoc-grupper", "ad hoc-grupper"),
            term(4, 11, "AD HOC GRUPPER", "ad hoc-grupper"),
            term(5, 7, "e-hospitalet", "e-Hospitalet"),
            term(7, 14, "ad hoc grupper", "ad hoc-grupper"),
            term(9, 24, "eHospitalet", "e-Hospitalet"),
            term(12, 16, "Ad-hoc-grupper", "Ad hoc-grupper"),
            term(12, 41, "Sundhedsråd", "sundhedsråd"),
        ]
    );
    // --strict fails on them; build prints them.
    let (strict, _) = {
        let config = read(&fixture("errors/bom-crlf-valid/samkort.toml")) + TERMS;
        let tmp = TempDir::new("terms-strict");
        copy_dir(&fixture("errors/bom-crlf-valid"), &tmp);
        write(&tmp.join("samkort.toml"), config);
        write(&tmp.join(NY), card);
        let strict = check_json(&tmp, &["--strict"]);
        let run = build(&tmp, &tmp.join("public"), &[]);
        assert!(
            run.stderr
                .contains("ny.md:12:16: `Ad-hoc-grupper` is spelled `ad hoc-grupper` in this site"),
            "{}",
            run.stderr
        );
        strict
    };
    assert_eq!(strict, 1);
}

#[test]
fn case_insensitive_with_danish_letters_but_only_whole_words() {
    let card = "---\ntitle: Ny\nsummary: s\n---\nSe [[tillid]]. ÆROE-MODELLEN og æroe-modellen, \
men ikke æroe-modellerne eller ad-hoc-grupperne eller xad hoc grupper.\n";
    let (_, diags) = check_with(&[(NY, card)]);
    assert_eq!(
        diags,
        [
            term(5, 16, "ÆROE-MODELLEN", "Ærø-modellen"),
            term(5, 33, "æroe-modellen", "Ærø-modellen"),
        ]
    );
}

#[test]
fn case_variants_allow_the_preferred_spelling_and_a_capital_at_a_sentence_start() {
    let card = "---\ntitle: Sundhedsråd og e-Hospitalet\nsummary: s\nquestions:\n  - Sundhedsråd i dag?\n---\n\
Se [[tillid]]. E-Hospitalet er nyt. Et sundhedsråd mødes.\n\n- Sundhedsråd\n- E-hospitalet\n\n## Sundhedsråd\n\n\
| Sundhedsråd | x |\n";
    let (_, diags) = check_with(&[(NY, card)]);
    assert_eq!(diags, [term(10, 3, "E-hospitalet", "E-Hospitalet")]);
}

#[test]
fn slugs_code_link_targets_and_quotations_are_not_read() {
    let card = "---\ntitle: Ny\nsummary: s\ntags: [ad-hoc-grupper]\nsource:\n  document: Om ad hoc grupper\n\
# ad hoc grupper i en kommentar\n---\nSe [[tillid|tillid]] og `ad-hoc-grupper` og [x](../begreber/ad-hoc-grupper.md) \
og \"de nye Sundhedsråd\" og “ad hoc grupper”.\n\n```\nad hoc grupper\n```\n<span title=\"ad hoc grupper\">x</span>\n";
    let (_, diags) = check_with(&[
        (NY, card),
        (
            "content/begreber/ad-hoc-grupper.md",
            "---\ntitle: Ad hoc-grupper\nsummary: s\n---\n[[tillid]] og [[ny]]\n",
        ),
    ]);
    assert_eq!(diags, []);
}

#[test]
fn a_variant_equal_to_its_preferred_spelling_is_a_configuration_error() {
    let config = read(&fixture("errors/bom-crlf-valid/samkort.toml")) + "\n[terms]\nsetup = [\"set-up\", \"setup\"]\n";
    let (code, diags) = check_edited(&fixture("errors/bom-crlf-valid"), &[("samkort.toml", &config)]);
    assert_eq!(code, 2);
    assert_eq!(
        diags[0].message,
        "`setup` is both the preferred spelling and one of its variants"
    );
}

#[test]
fn the_bundled_terms_table_holds_the_forms_of_writing_cards_md() {
    let config = samkort::config::Config::load(&repo_root()).unwrap();
    for (preferred, variant) in [
        ("ad hoc-grupper", "ad-hoc-grupper"),
        ("mindset-skift", "mindsetskift"),
        ("Robusthedskommissionen", "robusthedskommissionen"),
        ("e-Hospitalet", "eHospitalet"),
        ("setup", "set-up"),
    ] {
        assert!(
            config
                .terms
                .get(preferred)
                .is_some_and(|v| v.iter().any(|x| x == variant)),
            "[terms] has `{preferred}` with the variant `{variant}`"
        );
    }
}
