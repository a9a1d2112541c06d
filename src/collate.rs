//! Danish alphabetical order for lists of cards and terms.
//!
//! Danish puts æ, ø and å after z, in that order ("Zone" < "Æble" < "Øre" < "Åben"); ä and ö
//! sort as æ and ø, ü as y, and accented vowels as their plain letter. Case is ignored except
//! to break ties. (Treating a written "aa" as å, as dictionaries do for names, is left out on
//! purpose: card titles such as "Aarhus" are rare and the rule surprises more than it helps.)

use std::cmp::Ordering;

/// The primary weight of one character; letters after z get weights above 'z'.
fn weight(c: char) -> u32 {
    match c {
        'æ' | 'ä' => 'z' as u32 + 1,
        'ø' | 'ö' => 'z' as u32 + 2,
        'å' => 'z' as u32 + 3,
        'ü' => 'y' as u32,
        'é' | 'è' | 'ê' | 'ë' => 'e' as u32,
        'á' | 'à' | 'â' => 'a' as u32,
        'í' | 'ì' | 'î' | 'ï' => 'i' as u32,
        'ó' | 'ò' | 'ô' => 'o' as u32,
        'ú' | 'ù' | 'û' => 'u' as u32,
        c => c as u32,
    }
}

/// A key that sorts strings in Danish order.
pub fn key(s: &str) -> Vec<u32> {
    s.chars().flat_map(char::to_lowercase).map(weight).collect()
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
