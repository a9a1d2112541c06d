//! What `samkort serve` keeps between drawings because it is costly to make and depends on
//! little: a card's QR code depends only on its address, a card's search document only on its
//! file and address. A full build makes each once and keeps nothing (its [`Sources`] have no
//! `Kept`), so the two draw the same bytes.
//!
//! [`Sources`]: crate::outputs::Sources

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::RwLock;

/// Values made once per key, read from any thread.
#[derive(Debug)]
pub struct Memo<K, V>(RwLock<HashMap<K, V>>);

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Memo(RwLock::new(HashMap::new()))
    }
}

impl<K: Hash + Eq, V: Clone> Memo<K, V> {
    /// The value kept for `key`, or the one `make` makes (kept from now on).
    pub fn get_or(&self, key: K, make: impl FnOnce() -> V) -> V {
        if let Some(v) = self.0.read().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return v.clone();
        }
        let v = make();
        self.0.write().unwrap_or_else(|e| e.into_inner()).insert(key, v.clone());
        v
    }

    pub fn len(&self) -> usize {
        self.0.read().unwrap_or_else(|e| e.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Everything kept between drawings.
#[derive(Debug, Default)]
pub struct Kept {
    /// A printed card's QR code, by the address it holds.
    pub qr: Memo<String, Option<String>>,
    /// A card's search document, by the hashes of the card's file and of its address (as the
    /// live site tells a changed file by its hash). A card that moves in the search index's
    /// numbering keeps its document; only the number around it is written anew.
    pub docs: Memo<(u64, u64), std::sync::Arc<str>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_made_once_per_key() {
        let memo: Memo<&str, usize> = Memo::default();
        let made = std::cell::Cell::new(0);
        let make = |n: usize| {
            made.set(made.get() + 1);
            n
        };
        assert_eq!(memo.get_or("a", || make(1)), 1);
        assert_eq!(memo.get_or("a", || make(2)), 1);
        assert_eq!(memo.get_or("b", || make(3)), 3);
        assert_eq!((made.get(), memo.len()), (2, 2));
    }
}
