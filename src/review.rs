//! Review dates: a card may name its owner and the day by which it should be read through
//! again (the keys `[review]` of samkort.toml names; see [`crate::config::ReviewConfig`]).
//! `check` and `build` warn about each card whose day has come, at its date; `samkort review`
//! lists those cards by owner.
//!
//! Only diagnostics and that list depend on the day: no page shows an owner or a review date, so
//! a site built today and one built next year from the same files are the same bytes. "Today" is
//! always a parameter ([`crate::build::Options::today`]); only the command line asks the clock.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use crate::card::Card;
use crate::config::{Config, Language};
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::msg;

/// A day of the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Day {
    /// `YYYY-MM-DD`, ASCII digits only (whether the day exists is the validate stage's check).
    pub fn parse(s: &str) -> Option<Day> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            b[r].iter()
                .try_fold(0u32, |n, d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
        };
        Some(Day {
            year: i32::try_from(num(0..4)?).ok()?,
            month: num(5..7)?,
            day: num(8..10)?,
        })
    }

    /// The day `days` days after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    pub fn from_unix_days(days: i64) -> Day {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Day { year, month, day }
    }

    /// Today in UTC, from the system clock.
    pub fn today() -> Day {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        Day::from_unix_days(secs.div_euclid(86_400))
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A card whose review date has come.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub file: PathBuf,
    pub title: String,
    pub date: Day,
    pub pos: Position,
}

/// The cards whose review day is `today` or earlier, by owner (`None`: no owner), the owners in
/// alphabetical order, each owner's cards by date, then file.
pub fn due(cards: &[Card], today: Day) -> BTreeMap<Option<String>, Vec<Due>> {
    let mut out: BTreeMap<Option<String>, Vec<Due>> = BTreeMap::new();
    for card in cards {
        let Some(date) = &card.review.date else { continue };
        let Some(day) = Day::parse(&date.value) else { continue };
        if day > today {
            continue;
        }
        out.entry(card.review.owner.clone()).or_default().push(Due {
            file: card.file.clone(),
            title: card.title.clone(),
            date: day,
            pos: date.pos,
        });
    }
    for list in out.values_mut() {
        list.sort_by(|a, b| (a.date, &a.file).cmp(&(b.date, &b.file)));
    }
    out
}

/// A warning at the review date of every card whose day has come (`--strict` makes them fail).
pub fn warnings(config: &Config, cards: &[Card], today: Day) -> Diagnostics {
    let mut d = Diagnostics::new();
    let Some(keys) = &config.review else {
        return d;
    };
    for (owner, list) in due(cards, today) {
        for c in list {
            let help = match &owner {
                Some(o) => msg!("help.review-owner", owner = o, date = keys.date),
                None => msg!("help.review-no-owner", date = keys.date, owner = keys.owner),
            };
            d.push(
                Diagnostic::warning(&c.file, c.pos, msg!("diag.review-due", date = c.date, today = today))
                    .with_help(help),
            );
        }
    }
    d
}

/// `samkort review`: the due cards by owner, as text in `lang`.
pub fn report(config: &Config, cards: &[Card], today: Day, lang: Language) -> String {
    use std::fmt::Write as _;
    let t = |key: &str, args: &[(&str, &dyn std::fmt::Display)]| crate::messages::text(lang, key, args);
    let Some(keys) = &config.review else {
        return t("review.no-table", &[]) + "\n";
    };
    let due = due(cards, today);
    let total: usize = due.values().map(Vec::len).sum();
    let mut s = String::new();
    if total == 0 {
        let _ = writeln!(s, "{}", t("review.none-due", &[("today", &today)]));
        return s;
    }
    let count = |n: usize| crate::messages::count(lang, "cards", n);
    let _ = writeln!(s, "{}", t("review.due", &[("cards", &count(total)), ("today", &today)]));
    // Owners first in alphabetical order, the cards without an owner last.
    let mut groups: Vec<(&Option<String>, &Vec<Due>)> = due.iter().collect();
    groups.sort_by_key(|(o, _)| (o.is_none(), o.as_deref().map(crate::collate::key)));
    for (owner, list) in groups {
        let who = match owner {
            Some(o) => o.clone(),
            None => t("review.no-owner", &[("owner", &keys.owner)]),
        };
        let _ = writeln!(s, "\n{who}: {}", count(list.len()));
        for c in list {
            let _ = writeln!(
                s,
                "  {}  {}:{}  {}",
                c.date,
                crate::diagnostic::display_path(&c.file),
                c.pos.line,
                c.title
            );
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::Day;

    #[test]
    fn days_from_the_unix_epoch() {
        assert_eq!(Day::from_unix_days(0).to_string(), "1970-01-01");
        assert_eq!(Day::from_unix_days(19_782).to_string(), "2024-02-29");
        assert_eq!(Day::from_unix_days(-1).to_string(), "1969-12-31");
        assert_eq!(Day::parse("2024-02-29"), Some(Day::from_unix_days(19_782)));
        assert!(Day::parse("2024-2-29").is_none());
    }
}
