//! What samkort says to people, in the site's language: one table per language,
//! `src/messages/da.toml` and `src/messages/en.toml`, with every text under one key.
//!
//! A text may hold placeholders, `{name}`, filled by [`text`] from named arguments. Both tables
//! hold the same keys with the same placeholders (a test holds them to it), so adding a text
//! means one line in each file. A key missing from a table (a bug the tests catch) shows as the
//! key itself rather than failing. This module knows no text itself.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::config::Language;

/// The tables as shipped: (language, TOML source).
pub const TABLES: &[(Language, &str)] = &[
    (Language::Da, include_str!("messages/da.toml")),
    (Language::En, include_str!("messages/en.toml")),
];

/// Every key of the table of `lang` with its text, sorted by key; nested tables give dotted
/// keys (`[new] summary = ...` is `new.summary`).
pub fn table(lang: Language) -> &'static BTreeMap<String, String> {
    static DA: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    static EN: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    let cell = match lang {
        Language::Da => &DA,
        Language::En => &EN,
    };
    cell.get_or_init(|| {
        let source = TABLES.iter().find(|(l, _)| *l == lang).map_or("", |(_, s)| s);
        parse(source).unwrap_or_default()
    })
}

/// A text not yet put into a language: its key in the tables and its named arguments, filled
/// in when it is shown ([`Msg::in_lang`]). Diagnostics carry these, so that one run can be
/// reported in either language and its key serves as a stable code. Write one with [`msg!`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Msg {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

/// An argument of a [`Msg`]: a text as it is (a name, a slug, a number), or a word of the
/// tables, put into the same language as the message (`field-type.date`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Arg {
    Text(String),
    Word(&'static str),
}

impl Msg {
    /// The text in `lang`.
    pub fn in_lang(&self, lang: Language) -> String {
        let values: Vec<std::borrow::Cow<str>> = self
            .args
            .iter()
            .map(|(_, a)| match a {
                Arg::Text(t) => std::borrow::Cow::Borrowed(t.as_str()),
                Arg::Word(key) => std::borrow::Cow::Owned(text(lang, key, &[])),
            })
            .collect();
        let args: Vec<(&str, &dyn std::fmt::Display)> = self
            .args
            .iter()
            .zip(&values)
            .map(|((n, _), v)| (*n, v as &dyn std::fmt::Display))
            .collect();
        text(lang, self.key, &args)
    }

    /// This message with the argument `name` the word under `key` of the tables.
    pub fn word(mut self, name: &'static str, key: &'static str) -> Self {
        self.args.push((name, Arg::Word(key)));
        self
    }
}

/// `msg!("diag.unknown-kind", kind = k)`: a [`Msg`] with its arguments turned into text.
#[macro_export]
macro_rules! msg {
    ($key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::messages::Msg {
            key: $key,
            args: vec![$((stringify!($name), $crate::messages::Arg::Text(($value).to_string()))),*],
        }
    };
}

/// The environment variable that chooses the language of messages to the terminal, whatever the
/// site's language: `SAMKORT_LANG=en` for an English report on a Danish site.
pub const LANG_VAR: &str = "SAMKORT_LANG";

/// The language to report in for a site in `site`: [`LANG_VAR`] when it names a language
/// (`da` or `en`), else the site's own.
pub fn report_language(site: Language) -> Language {
    match std::env::var(LANG_VAR).as_deref().map(str::trim) {
        Ok("da") => Language::Da,
        Ok("en") => Language::En,
        _ => site,
    }
}

/// The value of [`LANG_VAR`] when it is set but names no language samkort speaks.
pub fn unknown_language_var() -> Option<String> {
    let value = std::env::var(LANG_VAR).ok()?;
    match value.trim() {
        "" | "da" | "en" => None,
        _ => Some(value),
    }
}

/// Parses one table; an error names what is wrong, for the test that reads the shipped ones.
pub fn parse(source: &str) -> Result<BTreeMap<String, String>, String> {
    let value: toml::Table = toml::from_str(source).map_err(|e| e.to_string())?;
    let mut out = BTreeMap::new();
    flatten("", &value, &mut out)?;
    Ok(out)
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut BTreeMap<String, String>) -> Result<(), String> {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            toml::Value::Table(t) => flatten(&key, t, out)?,
            _ => return Err(format!("`{key}` must be a text or a table")),
        }
    }
    Ok(())
}

/// The text under `key` in the table of `lang`, with each `{name}` replaced by the argument of
/// that name. `{{` and `}}` stand for a literal brace.
pub fn text(lang: Language, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    match table(lang).get(key) {
        Some(t) => fill(t, args),
        None => key.to_string(),
    }
}

fn fill(template: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("{{") {
            out.push('{');
            rest = after;
        } else if let Some(after) = tail.strip_prefix("}}") {
            out.push('}');
            rest = after;
        } else if let (Some(body), Some(end)) = (tail.strip_prefix('{'), tail.find('}')) {
            let name = &body[..end - 1];
            match args.iter().find(|(n, _)| *n == name) {
                Some((_, v)) => out.push_str(&v.to_string()),
                None => out.push_str(&tail[..=end]),
            }
            rest = &tail[end + 1..];
        } else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// `n` of the things under `noun` in the [count] table, in `lang`: "1 error", "3 errors",
/// "1 advarsel", "3 advarsler".
pub fn count(lang: Language, noun: &str, n: usize) -> String {
    let key = if n == 1 {
        format!("count.{noun}-one")
    } else {
        format!("count.{noun}")
    };
    text(lang, &key, &[("n", &n)])
}

/// The placeholders of a text, sorted, for the test that holds both tables to the same ones.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text.replace("{{", "").replace("}}", "");
    while let Some(i) = rest.find('{') {
        let Some(j) = rest[i..].find('}') else { break };
        names.push(rest[i + 1..i + j].to_string());
        rest = rest[i + j + 1..].to_string();
    }
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_table_parses() {
        for (lang, source) in TABLES {
            if let Err(e) = parse(source) {
                panic!("the table of `{}` does not parse: {e}", lang.code());
            }
        }
    }

    #[test]
    fn both_languages_have_the_same_keys_with_the_same_placeholders() {
        let (da, en) = (table(Language::Da), table(Language::En));
        assert!(!da.is_empty());
        let only_da: Vec<&String> = da.keys().filter(|k| !en.contains_key(*k)).collect();
        let only_en: Vec<&String> = en.keys().filter(|k| !da.contains_key(*k)).collect();
        assert!(only_da.is_empty(), "keys with no English text: {only_da:?}");
        assert!(only_en.is_empty(), "keys with no Danish text: {only_en:?}");
        for (key, text) in da {
            assert_eq!(placeholders(text), placeholders(&en[key]), "placeholders of `{key}`");
            assert!(
                !text.trim().is_empty() && !en[key].trim().is_empty(),
                "`{key}` is empty"
            );
        }
    }

    #[test]
    fn counts_have_a_form_for_one_and_one_for_the_rest() {
        for noun in ["errors", "warnings", "cards", "pages"] {
            for lang in [Language::Da, Language::En] {
                for n in [0, 1, 2, 11] {
                    let said = count(lang, noun, n);
                    assert!(said.starts_with(&format!("{n} ")), "{noun} {n}: {said}");
                    assert!(!said.contains("count."), "{noun} {n}: {said}");
                }
            }
        }
        assert_eq!(count(Language::En, "errors", 1), "1 error");
        assert_eq!(count(Language::En, "errors", 2), "2 errors");
        assert_eq!(count(Language::Da, "warnings", 1), "1 advarsel");
        assert_eq!(count(Language::Da, "warnings", 0), "0 advarsler");
    }

    #[test]
    fn placeholders_are_filled_by_name_and_double_braces_are_literal() {
        let args: [(&str, &dyn std::fmt::Display); 2] = [("n", &3), ("dir", &"public")];
        assert_eq!(
            fill("{n} kort i {dir} {{x}} {ukendt}", &args),
            "3 kort i public {x} {ukendt}"
        );
        assert_eq!(placeholders("{n} i {dir}, {n} {{x}}"), ["dir", "n"]);
    }
}
