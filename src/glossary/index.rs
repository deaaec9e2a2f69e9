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
        assert!(idx.has_prefix("نورسلطاننز"));
        assert!(!idx.has_prefix("نوري"));
    }
}
