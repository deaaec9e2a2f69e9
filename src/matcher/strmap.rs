//! A map from strings to `u32` whose keys live one after the other in a
//! single buffer: the per-thread caches of the matcher (distinct tokens,
//! fuzzy decisions by key) hold hundreds of thousands of short keys, and a
//! heap allocation per key would cost more than the key itself.

use std::hash::BuildHasher;

/// Strings → `u32`, keys stored in one buffer (no allocation per key).
#[derive(Debug, Default)]
pub(crate) struct StrMap {
    /// Every key, one after the other.
    text: String,
    /// (start of the key in `text`, its length, value).
    table: hashbrown::HashTable<(usize, u32, u32)>,
}

fn hash(key: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(key)
}

impl StrMap {
    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<u32> {
        self.table
            .find(hash(key), |&(s, n, _)| {
                self.text.get(s..s + n as usize) == Some(key)
            })
            .map(|&(_, _, v)| v)
    }

    /// Map `key` (not in the map) to `value`.
    pub fn insert_new(&mut self, key: &str, value: u32) {
        let (text, table) = (&mut self.text, &mut self.table);
        let Ok(n) = u32::try_from(key.len()) else {
            // (A key of 4 GiB is not worth keeping.)
            return;
        };
        let start = text.len();
        text.push_str(key);
        table.insert_unique(hash(key), (start, n, value), |&(s, n, _)| {
            hash(&text[s..s + n as usize])
        });
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// Forget every key (the buffers are kept).
    pub fn clear(&mut self) {
        self.text.clear();
        self.table.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_their_values_through_growth_and_clear() {
        let mut m = StrMap::default();
        let keys: Vec<String> = (0..5000).map(|i| format!("مفتاح{i}")).collect();
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(m.get(k), None);
            m.insert_new(k, i as u32);
        }
        assert_eq!(m.len(), 5000);
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(m.get(k), Some(i as u32), "{k}");
        }
        // A prefix or an extension of a key is another key.
        assert_eq!(m.get("مفتاح1"), Some(1));
        assert_eq!(m.get("مفتاح"), None);
        assert_eq!(m.get("مفتاح49999"), None);
        assert_eq!(m.get(""), None);
        m.insert_new("", 7);
        assert_eq!(m.get(""), Some(7));
        m.clear();
        assert_eq!(m.len(), 0);
        assert_eq!(m.get("مفتاح1"), None);
        m.insert_new("مفتاح1", 9);
        assert_eq!(m.get("مفتاح1"), Some(9));
    }
}
