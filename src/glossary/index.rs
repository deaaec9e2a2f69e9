//! Lookup structure for exact matching: loose key → forms, plus a sorted key
//! list that answers "can a longer window still match?" in O(log n), so the
//! window scan stops as soon as no glossary form starts with the text so far.

use rustc_hash::FxHashMap as HashMap;

use crate::glossary::Glossary;

/// Exact-match index over all forms of a glossary.
#[derive(Debug, Clone, Default)]
pub struct FormIndex {
    by_key: HashMap<String, Vec<usize>>,
    sorted_keys: Vec<String>,
    /// Largest number of tokens in any form.
    pub max_tokens: usize,
}

impl FormIndex {
    /// Build the index.
    pub fn new(g: &Glossary) -> Self {
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::default();
        by_key.reserve(g.forms.len());
        let mut max_tokens = 1;
        for (i, f) in g.forms.iter().enumerate() {
            by_key.entry(f.key.clone()).or_default().push(i);
            max_tokens = max_tokens.max(f.tokens);
        }
        let mut sorted_keys: Vec<String> = by_key.keys().cloned().collect();
        sorted_keys.sort();
        Self {
            by_key,
            sorted_keys,
            max_tokens,
        }
    }

    /// Forms whose loose key is exactly `key`.
    pub fn get(&self, key: &str) -> &[usize] {
        self.by_key.get(key).map_or(&[], Vec::as_slice)
    }

    /// Number of distinct keys: the whole range for [`Self::prefix_range`].
    pub fn len(&self) -> usize {
        self.sorted_keys.len()
    }

    /// True when the glossary has no form.
    pub fn is_empty(&self) -> bool {
        self.sorted_keys.is_empty()
    }

    /// The range of sorted keys that start with `prefix`, looked for within
    /// `within` (a range that holds every key starting with `prefix`: the
    /// whole index, or the range of a shorter prefix of it). Growing a window
    /// token by token narrows the range instead of searching all keys again.
    /// Also says whether `prefix` is itself a key (the first of its range).
    pub fn prefix_range(
        &self,
        prefix: &str,
        within: std::ops::Range<usize>,
    ) -> (std::ops::Range<usize>, bool) {
        let keys = &self.sorted_keys[within.clone()];
        let lo = keys.partition_point(|k| k.as_str() < prefix);
        let hi = lo + keys[lo..].partition_point(|k| k.starts_with(prefix));
        let is_key = lo < hi && keys[lo].len() == prefix.len();
        (within.start + lo..within.start + hi, is_key)
    }

    /// True when some form's loose key starts with `prefix`.
    pub fn has_prefix(&self, prefix: &str) -> bool {
        let i = self.sorted_keys.partition_point(|k| k.as_str() < prefix);
        self.sorted_keys
            .get(i)
            .is_some_and(|k| k.starts_with(prefix))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::load::load_sources;

    #[test]
    fn prefix_and_key_lookup() {
        let g = load_sources(&[(
            "g.csv".into(),
            "entity_id,type,lang,form,status,note\na,place,ar,نور سلطان,preferred,\nb,person,ar,نور سلطان نزارباييف,preferred,\n"
                .as_bytes()
                .to_vec(),
        )])
        .unwrap();
        let idx = FormIndex::new(&g);
        assert_eq!(idx.max_tokens, 3);
        assert_eq!(idx.get("نورسلطان"), [0]);
        assert!(idx.has_prefix("نور"));
        let (r, is_key) = idx.prefix_range("نور", 0..idx.len());
        assert_eq!((r.len(), is_key), (2, false));
        let (r2, is_key) = idx.prefix_range("نورسلطان", r.clone());
        assert_eq!((r2.len(), is_key), (2, true));
        let (r3, is_key) = idx.prefix_range("نورسلطانن", r2);
        assert_eq!((r3.len(), is_key), (1, false));
        assert!(idx.prefix_range("نوري", r).0.is_empty());
        assert!(idx.has_prefix("نورسلطاننز"));
        assert!(!idx.has_prefix("نوري"));
    }
}
