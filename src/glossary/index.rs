//! Lookup structure for exact matching: loose key → forms, plus a sorted key
//! list that answers "can a longer window still match?" in O(log n), so the
//! window scan stops as soon as no glossary form starts with the text so far.

use crate::glossary::cache::codec::{check, Decoder, Encoder, Read};
use crate::glossary::Glossary;
use crate::keyfilter::KeyFilter;

/// Exact-match index over all forms of a glossary.
#[derive(Debug, Clone, Default)]
pub struct FormIndex {
    /// The distinct loose keys, sorted, one after the other.
    keys: String,
    /// End of each key in `keys` (key `k` is `keys[ends[k-1]..ends[k]]`).
    ends: Vec<u32>,
    /// Forms of each sorted key (ascending form index): key `k` has
    /// `posted[starts[k]..starts[k + 1]]`.
    starts: Vec<u32>,
    posted: Vec<u32>,
    /// Every prefix of every key (at a character boundary, the key itself
    /// included) by [`prefix_hash`]: most prefixes a scan asks about start
    /// no key (a word no form begins with, a window grown one word too
    /// far), and the filter answers those without the binary search, whose
    /// last steps are cache misses in a large index.
    prefixes: KeyFilter,
    /// Largest number of tokens in any form.
    pub max_tokens: usize,
}

/// The hash of a key prefix in [`FormIndex::prefixes`] (FNV-1a, byte by
/// byte, so that every prefix of a key is hashed in one pass over it).
fn prefix_hash(prefix: &str) -> u64 {
    prefix.bytes().fold(FNV_OFFSET, fnv_step)
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv_step(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
}

/// The filter of every prefix of `keys` (ending at `ends`).
fn prefixes_of(keys: &str, ends: &[u32]) -> KeyFilter {
    let mut filter = KeyFilter::with_keys(keys.chars().count());
    let mut start = 0;
    for &e in ends {
        let key = &keys[start..e as usize];
        start = e as usize;
        let mut h = FNV_OFFSET;
        for (i, b) in key.bytes().enumerate() {
            h = fnv_step(h, b);
            if key.is_char_boundary(i + 1) {
                filter.insert(h);
            }
        }
    }
    filter
}

/// The first eight bytes of `key`, big-endian, zero-padded: when two keys'
/// prefixes differ, they are in the order of the keys (zero padding puts a
/// key before the longer keys it starts, as string order does).
fn key_prefix(key: &str) -> u64 {
    let mut b = [0u8; 8];
    let n = key.len().min(8);
    b[..n].copy_from_slice(&key.as_bytes()[..n]);
    u64::from_be_bytes(b)
}

impl FormIndex {
    /// Build the index.
    pub fn new(g: &Glossary) -> Self {
        let max_tokens = g
            .forms
            .iter()
            .map(|f| usize::from(f.tokens))
            .max()
            .unwrap_or(1)
            .max(1);
        let key = |f: u32| g.forms[f as usize].key.as_str();
        // Forms by key, then form index: the forms of one key together, in
        // ascending order.
        // Sorted by the first eight bytes of the key first (read once per
        // form, not at each comparison), the whole key only on a tie: the
        // same order, with most comparisons between two integers.
        let mut by_prefix: Vec<(u64, u32)> = (0..g.forms.len() as u32)
            .map(|f| (key_prefix(key(f)), f))
            .collect();
        by_prefix.sort_unstable_by(|&(pa, a), &(pb, b)| {
            pa.cmp(&pb).then_with(|| key(a).cmp(key(b))).then(a.cmp(&b))
        });
        let order: Vec<u32> = by_prefix.into_iter().map(|(_, f)| f).collect();
        // Every part sized exactly (grown by doubling, they held up to twice
        // their room: 17 MB instead of 9 MB for 305,000 forms).
        let (mut distinct, mut bytes) = (0, 0);
        for (pos, &f) in order.iter().enumerate() {
            if pos == 0 || key(order[pos - 1]) != key(f) {
                distinct += 1;
                bytes += key(f).len();
            }
        }
        let mut keys = String::with_capacity(bytes);
        let mut ends = Vec::with_capacity(distinct);
        let mut starts = Vec::with_capacity(distinct + 1);
        for (pos, &f) in order.iter().enumerate() {
            if pos == 0 || key(order[pos - 1]) != key(f) {
                keys.push_str(key(f));
                ends.push(keys.len() as u32);
                starts.push(pos as u32);
            }
        }
        starts.push(order.len() as u32);
        let prefixes = prefixes_of(&keys, &ends);
        Self {
            keys,
            ends,
            starts,
            posted: order,
            prefixes,
            max_tokens,
        }
    }

    /// Sorted key number `k`.
    fn key(&self, k: usize) -> &str {
        let start = if k == 0 { 0 } else { self.ends[k - 1] as usize };
        &self.keys[start..self.ends[k] as usize]
    }

    /// Forms whose loose key is exactly `key`.
    pub fn get(&self, key: &str) -> &[u32] {
        let (r, is_key) = self.prefix_range(key, 0..self.len());
        if is_key {
            self.forms_at(r.start)
        } else {
            &[]
        }
    }

    /// Forms of sorted key number `k` (the start of a [`Self::prefix_range`]
    /// that [is a key](Self::prefix_range)).
    pub fn forms_at(&self, k: usize) -> &[u32] {
        &self.posted[self.starts[k] as usize..self.starts[k + 1] as usize]
    }

    /// Number of distinct keys: the whole range for [`Self::prefix_range`].
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when the glossary has no form.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The range of sorted keys that start with `prefix`, looked for within
    /// `within` (a range that holds every key starting with `prefix`: the
    /// whole index, or the range of a shorter prefix of it). Growing a window
    /// token by token narrows the range instead of searching all keys again.
    /// Also says whether `prefix` is itself a key (the first of its range).
    /// (Where an empty range lies says nothing.)
    pub fn prefix_range(
        &self,
        prefix: &str,
        within: std::ops::Range<usize>,
    ) -> (std::ops::Range<usize>, bool) {
        self.prefix_range_from(prefix, within, 0)
    }

    /// [`Self::prefix_range`] when every key of `within` is known to start
    /// with `prefix[..common]` (the range of that shorter prefix): only the
    /// bytes after it are compared. The same result.
    pub fn prefix_range_from(
        &self,
        prefix: &str,
        within: std::ops::Range<usize>,
        common: usize,
    ) -> (std::ops::Range<usize>, bool) {
        if !prefix.is_empty() && !self.prefixes.may_contain(prefix_hash(prefix)) {
            // No key starts with `prefix` (the filter holds every prefix).
            return (within.start..within.start, false);
        }
        let p = &prefix.as_bytes()[common..];
        let tail = |k: usize| &self.key(k).as_bytes()[common..];
        let (mut lo, mut hi) = (within.start, within.end);
        // First key not below `prefix`.
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if tail(mid) < p {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let first = lo;
        // (Most windows stop here: no key starts with `prefix`.)
        if first == within.end || !tail(first).starts_with(p) {
            return (first..first, false);
        }
        // First key at or after `first` that does not start with `prefix`.
        let mut hi = within.end;
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if tail(mid).starts_with(p) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let is_key = first < lo && tail(first).len() == p.len();
        (first..lo, is_key)
    }

    /// True when some form's loose key starts with `prefix`.
    pub fn has_prefix(&self, prefix: &str) -> bool {
        !self.prefix_range(prefix, 0..self.len()).0.is_empty()
    }
}

impl FormIndex {
    /// Write the index for the compiled-glossary cache.
    pub(crate) fn encode(&self, e: &mut Encoder) {
        e.str(&self.keys);
        e.u32s(&self.ends);
        e.u32s(&self.starts);
        e.u32s(&self.posted);
        self.prefixes.encode(e);
        e.usize(self.max_tokens);
    }

    /// Read an index written by [`Self::encode`] for a glossary of `forms`
    /// forms, checking everything a lookup relies on: keys sorted and
    /// distinct, on character boundaries, and every range in bounds.
    pub(crate) fn decode(d: &mut Decoder, forms: usize) -> Read<Self> {
        let what = "exact index";
        let keys = d.str(what)?.to_string();
        let ends = d.u32s(what)?;
        let starts = d.u32s(what)?;
        let posted = d.u32s(what)?;
        let prefixes = KeyFilter::decode(d)?;
        let max_tokens = d.usize(what)?;
        let index = Self {
            keys,
            ends,
            starts,
            posted,
            prefixes,
            max_tokens,
        };
        let (ends, starts) = (&index.ends, &index.starts);
        check(
            starts.len() == ends.len() + 1
                && ends.last().map_or(0, |&e| e as usize) == index.keys.len()
                && ends.windows(2).all(|w| w[0] <= w[1])
                && ends
                    .iter()
                    .all(|&e| index.keys.is_char_boundary(e as usize))
                && starts.first() == Some(&0)
                && starts.windows(2).all(|w| w[0] < w[1])
                && starts.last().map(|&s| s as usize) == Some(index.posted.len())
                && index.posted.iter().all(|&f| (f as usize) < forms)
                && (1..index.len()).all(|k| index.key(k - 1) < index.key(k))
                && max_tokens >= 1,
            what,
        )?;
        Ok(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_prefixes_that_differ_order_keys_as_strings_do() {
        let keys = [
            "",
            "\u{0}",
            "\u{1}",
            "a",
            "a\u{0}",
            "ab",
            "abcdefgh",
            "abcdefgha",
            "abcdefgh\u{0}",
            "الماتا",
            "الما",
            "ال",
            "الولاياتالمتحده",
            "الولايات",
            "كازاخستان",
            "كازاخ",
            "ي",
            "ا",
        ];
        for a in keys {
            for b in keys {
                let (pa, pb) = (key_prefix(a), key_prefix(b));
                if pa != pb {
                    assert_eq!(pa.cmp(&pb), a.cmp(b), "{a:?} vs {b:?}");
                }
            }
        }
    }
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

    #[test]
    fn prefix_ranges_are_those_of_a_scan_of_every_key() {
        // The shipped glossary: every prefix of every key, each key with a
        // letter added or changed, and text no key starts with.
        let g = crate::glossary::load::load(&[std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/glossary"
        ))])
        .unwrap();
        let idx = FormIndex::new(&g);
        let all: Vec<&str> = (0..idx.len()).map(|k| idx.key(k)).collect();
        let mut probes: Vec<String> = vec![String::new(), "zzz".into(), "ـ".into()];
        for k in &all {
            for (i, c) in k.char_indices() {
                probes.push(k[..i + c.len_utf8()].to_string());
            }
            probes.push(format!("{k}ن"));
            probes.push(format!("ت{k}"));
        }
        let mut found = 0;
        for p in &probes {
            let expected: Vec<usize> = (0..all.len())
                .filter(|&k| all[k].starts_with(p.as_str()))
                .collect();
            let (r, is_key) = idx.prefix_range(p, 0..idx.len());
            if expected.is_empty() {
                assert!(r.is_empty(), "{p:?}");
                assert!(!is_key);
                continue;
            }
            found += 1;
            assert_eq!(r, expected[0]..expected[expected.len() - 1] + 1, "{p:?}");
            assert_eq!(is_key, all[r.start] == p.as_str(), "{p:?}");
            // Narrowing from a shorter prefix's range gives the same range.
            if let Some((i, _)) = p.char_indices().last().filter(|&(i, _)| i > 0) {
                let (shorter, _) = idx.prefix_range(&p[..i], 0..idx.len());
                assert_eq!(idx.prefix_range_from(p, shorter, i), (r, is_key), "{p:?}");
            }
        }
        // (Most probes start some key: the check above is not vacuous.)
        assert!(found > probes.len() / 2, "{found} of {}", probes.len());
    }

    #[test]
    fn forms_of_one_key_in_load_order() {
        let g = load_sources(&[(
            "g.csv".into(),
            "entity_id,type,lang,form,status,note\nb,place,ar,بيروت,preferred,\na,place,ar,نور سلطان,preferred,\na,place,ar,نورسلطان,admitted,\na,place,ar,نور-سلطان,admitted,\n"
                .as_bytes()
                .to_vec(),
        )])
        .unwrap();
        let idx = FormIndex::new(&g);
        assert_eq!(idx.len(), 2);
        assert_eq!(idx.get("نورسلطان"), [1, 2, 3]);
        assert_eq!(idx.get("بيروت"), [0]);
        assert_eq!(idx.get("بير"), [] as [u32; 0]);
        let (r, is_key) = idx.prefix_range("نور", 0..idx.len());
        assert!(!is_key);
        assert_eq!(idx.forms_at(r.start), [1, 2, 3]);
    }
}
