//! Danish alphabetical order for lists of cards and terms.
//!
//! Danish puts æ, ø and å after z, in that order ("Zone" < "Æble" < "Øre" < "Åben"). Every other
//! letter sorts as what [`crate::text::fold`] makes of it: ä and ö as æ and ø, ü as y, accented
//! letters as their plain letter ("Dvořák" as "dvorak"). Case is ignored except to break ties.
//! (Treating a written "aa" as å, as dictionaries do for names, is left out on purpose: card
//! titles such as "Aarhus" are rare and the rule surprises more than it helps.)

use std::cmp::Ordering;

use crate::text::folded;

/// The primary weight of one folded character; æ, ø and å get weights above 'z'.
fn weight(c: char) -> u32 {
    match c {
        'æ' => 'z' as u32 + 1,
        'ø' => 'z' as u32 + 2,
        'å' => 'z' as u32 + 3,
        c => c as u32,
    }
}

/// A key that sorts strings in Danish order.
pub fn key(s: &str) -> Vec<u32> {
    folded(s).map(weight).collect()
}

/// Compares two strings in Danish order, falling back to plain order to break ties.
pub fn compare(a: &str, b: &str) -> Ordering {
    key(a).cmp(&key(b)).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn danish_letters_come_after_z_in_order() {
        let mut words = vec!["Åben", "øre", "Æble", "zone", "Aalborg", "abe"];
        words.sort_by(|a, b| compare(a, b));
        assert_eq!(words, ["Aalborg", "abe", "zone", "Æble", "øre", "Åben"]);
    }
}
