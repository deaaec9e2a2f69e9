//! A Bloom filter over 64-bit hashes, small enough to stay in cache: most
//! lookups in the large maps of the matcher and the word list are of keys
//! that are not there, and the filter rules nearly all of those out before a
//! cache miss into the map.

use crate::glossary::cache::codec::{check, Decoder, Encoder, Read};

/// A blocked Bloom filter over 64-bit hashes: two bits in one word per key,
/// about 12 bits per key (a few percent of false positives, no false
/// negatives).
#[derive(Debug, Clone, Default)]
pub(crate) struct KeyFilter {
    words: Vec<u64>,
}

impl KeyFilter {
    pub(crate) fn with_keys(n: usize) -> Self {
        let words = (n * 12 / 64 + 1).next_power_of_two();
        Self {
            words: vec![0; words],
        }
    }

    /// The word and the two bits of hash `h` (remixed: the hash of a short
    /// key has weak low bits).
    fn slot(&self, h: u64) -> (usize, u64) {
        let mut m = h ^ (h >> 31);
        m = m.wrapping_mul(0x7fb5_d329_728e_a185);
        m ^= m >> 27;
        m = m.wrapping_mul(0x81da_def4_bc2d_d44d);
        m ^= m >> 33;
        let w = (m >> 32) as usize & (self.words.len() - 1);
        (w, 1 << (m & 63) | 1 << ((m >> 6) & 63))
    }

    pub(crate) fn insert(&mut self, h: u64) {
        let (w, bits) = self.slot(h);
        self.words[w] |= bits;
    }

    pub(crate) fn may_contain(&self, h: u64) -> bool {
        if self.words.is_empty() {
            return false;
        }
        let (w, bits) = self.slot(h);
        self.words[w] & bits == bits
    }
}

impl KeyFilter {
    /// Write the filter for the compiled-glossary cache.
    pub(crate) fn encode(&self, e: &mut Encoder) {
        e.u64s(&self.words);
    }

    /// Read a filter written by [`Self::encode`].
    pub(crate) fn decode(d: &mut Decoder) -> Read<Self> {
        let words = d.u64s("key filter")?;
        check(
            words.is_empty() || words.len().is_power_of_two(),
            "key filter",
        )?;
        Ok(Self { words })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn key_filter_never_forgets_a_key_and_rules_out_most_others() {
        let hash = |i: u64| rustc_hash::FxBuildHasher.hash_one(format!("ب{i}"));
        let mut f = KeyFilter::with_keys(10_000);
        for i in 0..10_000 {
            f.insert(hash(i));
        }
        assert!((0..10_000).all(|i| f.may_contain(hash(i))));
        let false_positives = (10_000..110_000)
            .filter(|&i| f.may_contain(hash(i)))
            .count();
        // About 12 bits and two probes per key: a few percent.
        assert!(false_positives < 10_000, "{false_positives} of 100,000");
        assert!(!KeyFilter::default().may_contain(hash(1)));
    }
}
