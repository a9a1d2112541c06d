//! "Did you mean ...?" suggestions for misspelled names (fields, slugs, kinds, relations).

use crate::messages::Msg;

/// The candidate closest to `wrong`, when it is close enough to be a plausible typo.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(wrong, c);
        // Ties go to the alphabetically first candidate, so suggestions are deterministic.
        let better = match best {
            None => true,
            Some((s, b)) => score > s || (score == s && c < b),
        };
        if better {
            best = Some((score, c));
        }
    }
    best.filter(|(s, _)| *s >= 0.8).map(|(_, c)| c)
}

/// "did you mean `x`?" when a close candidate exists.
pub fn did_you_mean<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<Msg> {
    closest(wrong, candidates).map(|c| crate::msg!("help.did-you-mean", name = c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_names_only() {
        assert_eq!(closest("tilid", ["tillid", "respekt"]), Some("tillid"));
        assert_eq!(closest("summry", ["summary", "source", "title"]), Some("summary"));
        assert_eq!(closest("xyz", ["tillid", "respekt"]), None);
    }
}
