//! A map from strings to `u32` whose keys live one after the other in a
//! single buffer: the per-thread caches of the matcher (distinct tokens,
//! fuzzy decisions by key) and the workbook's shared strings hold hundreds
//! of thousands of short keys, and a heap allocation per key would cost more
//! than the key itself.

use std::hash::BuildHasher;

/// Strings → `u32`, keys stored in one buffer (no allocation per key).
#[derive(Debug, Default)]
pub(crate) struct StrMap {
    /// Every key, one after the other.
    text: String,
    /// (start of the key in `text`, its length with [`HIT`], value).
    table: hashbrown::HashTable<(usize, u32, u32)>,
}

/// The bit of an entry's length that says it was read since it was
/// inserted (or last kept by [`StrMap::keep_read`]).
const HIT: u32 = 1 << 31;

fn hash(key: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(key)
}

impl StrMap {
    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<u32> {
        self.table
            .find(hash(key), |&(s, n, _)| {
                self.text.get(s..s + (n & !HIT) as usize) == Some(key)
            })
            .map(|&(_, _, v)| v)
    }

    /// [`get`](Self::get), marking the key as read (see [`keep_read`](Self::keep_read)).
    pub fn get_mark(&mut self, key: &str) -> Option<u32> {
        let text = &self.text;
        self.table
            .find_mut(hash(key), |&(s, n, _)| {
                text.get(s..s + (n & !HIT) as usize) == Some(key)
            })
            .map(|e| {
                e.1 |= HIT;
                e.2
            })
    }

    /// Keep only the keys read since they were inserted (or since the last
    /// call), each with `remap(value)`, and forget their marks: the keys
    /// that recur survive, those seen once go.
    pub fn keep_read(&mut self, mut remap: impl FnMut(u32) -> u32) {
        self.table.retain(|e| e.1 & HIT != 0);
        let mut text = String::with_capacity(self.text.len() / 4);
        for e in self.table.iter_mut() {
            let n = (e.1 & !HIT) as usize;
            let start = text.len();
            text.push_str(&self.text[e.0..e.0 + n]);
            *e = (start, n as u32, remap(e.2));
        }
        self.text = text;
    }

    /// Map `key` (not in the map) to `value`.
    pub fn insert_new(&mut self, key: &str, value: u32) {
        let (text, table) = (&mut self.text, &mut self.table);
        let Some(n) = u32::try_from(key.len()).ok().filter(|&n| n < HIT) else {
            // (A key of 2 GiB is not worth keeping.)
            return;
        };
        let start = text.len();
        text.push_str(key);
        table.insert_unique(hash(key), (start, n, value), |&(s, n, _)| {
            hash(&text[s..s + (n & !HIT) as usize])
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

    #[test]
    fn keep_read_keeps_the_keys_read_with_new_values() {
        let mut m = StrMap::default();
        for i in 0..1000u32 {
            m.insert_new(&format!("كلمة{i}"), i);
        }
        // `get` does not mark; `get_mark` does.
        assert_eq!(m.get("كلمة1"), Some(1));
        for i in (0..1000u32).step_by(7) {
            assert_eq!(m.get_mark(&format!("كلمة{i}")), Some(i));
        }
        m.keep_read(|v| v + 10_000);
        assert_eq!(m.len(), 143);
        for i in 0..1000u32 {
            let want = (i % 7 == 0).then_some(i + 10_000);
            assert_eq!(m.get(&format!("كلمة{i}")), want, "{i}");
        }
        // The marks are gone: nothing was read since.
        m.keep_read(|v| v);
        assert_eq!(m.len(), 0);
        m.insert_new("كلمة", 1);
        assert_eq!(m.get("كلمة"), Some(1));
    }
}
