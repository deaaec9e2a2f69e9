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
    /// included) by its FNV-1a hash: most prefixes a scan asks about start
    /// no key (a word no form begins with, a window grown one word too
    /// far), and the filter answers those without the binary search, whose
    /// last steps are cache misses in a large index.
    prefixes: KeyFilter,
    /// The prefixes that start at least [`RANGE_MIN_KEYS`] keys, by
    /// their FNV-1a hash: (length in bytes, first key, end of the range).
    /// A lookup finds its range here, or that of its longest such prefix to
    /// search in, instead of searching the whole index (rebuilt from the
    /// keys on load, not cached).
    ranges: rustc_hash::FxHashMap<u64, (u32, u32, u32)>,
    /// Largest number of tokens in any form.
    pub max_tokens: usize,
}

/// Fewest keys a prefix starts for its range to be kept in
/// [`FormIndex::ranges`]: 19,000 prefixes of 1.9 million at 100,000
/// entities (a map of 1.4 MB), and a search among fewer than eight
/// keys is three steps.
const RANGE_MIN_KEYS: usize = 8;

/// Most shorter prefixes of a looked-up prefix that are tried in
/// [`FormIndex::ranges`] for a range to search in.
const RANGE_ANCESTORS: usize = 8;

/// The hash of a key prefix in [`FormIndex::prefixes`] and
/// [`FormIndex::ranges`] (FNV-1a, byte by byte, so that every prefix of a
/// key is hashed in one pass over it; the index steps through it with
/// `fnv_step`).
#[cfg(test)]
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

/// [`FormIndex::ranges`] of sorted `keys` (ending at `ends`): every
/// prefix at a character boundary that starts `min_keys` keys or more. One
/// pass over the keys with the stack of the current key's prefixes (each
/// with its hash and first key): a prefix's range ends at the first key
/// that does not share it. A prefix whose hash is that of another kept
/// prefix is left out (both are searched for as if they started few keys).
fn ranges_of(
    keys: &str,
    ends: &[u32],
    min_keys: usize,
) -> rustc_hash::FxHashMap<u64, (u32, u32, u32)> {
    let mut ranges = rustc_hash::FxHashMap::default();
    let mut collided = rustc_hash::FxHashSet::default();
    let mut keep = |h: u64, len: usize, first: usize, end: usize| {
        if end - first >= min_keys
            && !collided.contains(&h)
            && ranges
                .insert(h, (len as u32, first as u32, end as u32))
                .is_some()
        {
            ranges.remove(&h);
            collided.insert(h);
        }
    };
    // (length, hash, first key) of every prefix of the previous key.
    let mut stack: Vec<(usize, u64, usize)> = Vec::new();
    let (mut start, mut prev) = (0, "");
    for (k, &e) in ends.iter().enumerate() {
        let key = &keys[start..e as usize];
        start = e as usize;
        let mut shared = prev
            .bytes()
            .zip(key.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        while !key.is_char_boundary(shared) {
            shared -= 1;
        }
        while let Some(&(len, h, first)) = stack.last().filter(|t| t.0 > shared) {
            stack.pop();
            keep(h, len, first, k);
        }
        let mut h = stack.last().map_or(FNV_OFFSET, |t| t.1);
        for (i, b) in key.bytes().enumerate().skip(shared) {
            h = fnv_step(h, b);
            if key.is_char_boundary(i + 1) {
                stack.push((i + 1, h, k));
            }
        }
        prev = key;
    }
    while let Some((len, h, first)) = stack.pop() {
        keep(h, len, first, ends.len());
    }
    ranges
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
        let ranges = ranges_of(&keys, &ends, RANGE_MIN_KEYS);
        Self {
            keys,
            ends,
            starts,
            posted: order,
            prefixes,
            ranges,
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
        if prefix.is_empty() || within.len() < RANGE_MIN_KEYS {
            // (A few keys, most likely in cache: the previous, shorter
            // prefix's lookup read them. The filter would be a cache miss.)
            return self.search(prefix, within, common);
        }
        // The hash of the prefix and of its last few shorter prefixes
        // longer than `common` (at character boundaries), in one pass.
        let bytes = prefix.as_bytes();
        let mut h = FNV_OFFSET;
        let mut shorter = [(0usize, 0u64); RANGE_ANCESTORS];
        let mut n = 0;
        for (i, &b) in bytes[..bytes.len() - 1].iter().enumerate() {
            h = fnv_step(h, b);
            if i + 1 > common && prefix.is_char_boundary(i + 1) {
                shorter[n % RANGE_ANCESTORS] = (i + 1, h);
                n += 1;
            }
        }
        h = fnv_step(h, bytes[bytes.len() - 1]);
        // (The kept ranges are in cache, the filter mostly not.)
        if let Some(r) = self.range_of(prefix, prefix.len(), h, &within, common) {
            let is_key = self.key(r.start).len() == prefix.len();
            return (r, is_key);
        }
        if !self.prefixes.may_contain(h) {
            // No key starts with `prefix` (the filter holds every prefix).
            return (within.start..within.start, false);
        }
        // Few keys (or none) start with `prefix`: search the range of its
        // longest prefix that starts many.
        for k in (n.saturating_sub(RANGE_ANCESTORS)..n).rev() {
            let (len, h) = shorter[k % RANGE_ANCESTORS];
            if let Some(r) = self.range_of(prefix, len, h, &within, common) {
                return self.search(prefix, r, len);
            }
        }
        self.search(prefix, within, common)
    }

    /// The range of `prefix[..len]` (whose hash is `h`) from
    /// [`Self::ranges`], if it is kept there and lies within `within`;
    /// every key of `within` starts with `prefix[..common]`.
    fn range_of(
        &self,
        prefix: &str,
        len: usize,
        h: u64,
        within: &std::ops::Range<usize>,
        common: usize,
    ) -> Option<std::ops::Range<usize>> {
        let &(n, first, end) = self.ranges.get(&h)?;
        let (first, end) = (first as usize, end as usize);
        // (Another prefix with the same hash: its first key does not start
        // with this one.)
        let ok = n as usize == len
            && within.start <= first
            && end <= within.end
            && self.key(first).as_bytes().get(common..len) == prefix.as_bytes().get(common..len);
        ok.then_some(first..end)
    }

    /// [`Self::prefix_range_from`] by binary search of `within`.
    fn search(
        &self,
        prefix: &str,
        within: std::ops::Range<usize>,
        common: usize,
    ) -> (std::ops::Range<usize>, bool) {
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

    /// Fill [`Self::ranges`] (not cached): a read index has none until then,
    /// and finds the same ranges without them, by binary search. Called
    /// once every section of the cache file is read, so that the ranges do
    /// not sit in the heap where the file's buffer would grow.
    pub(crate) fn keep_ranges(&mut self) {
        self.ranges = ranges_of(&self.keys, &self.ends, RANGE_MIN_KEYS);
    }

    /// Read an index written by [`Self::encode`] for a glossary of `forms`
    /// forms, checking everything a lookup relies on: keys sorted and
    /// distinct, on character boundaries, and every range in bounds
    /// (without [`Self::ranges`]: see [`Self::keep_ranges`]).
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
            ranges: Default::default(),
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

    /// The shipped glossary.
    fn shipped() -> Glossary {
        crate::glossary::load::load(&[std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/glossary"
        ))])
        .unwrap()
    }

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
        let g = shipped();
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

    /// Every prefix (at a character boundary) of every key of `idx`, with
    /// the number of keys it starts.
    fn prefix_counts(idx: &FormIndex) -> std::collections::BTreeMap<String, usize> {
        let mut counts = std::collections::BTreeMap::new();
        for k in 0..idx.len() {
            let key = idx.key(k);
            for (i, c) in key.char_indices() {
                *counts
                    .entry(key[..i + c.len_utf8()].to_string())
                    .or_default() += 1;
            }
        }
        counts
    }

    #[test]
    fn kept_ranges_are_the_prefixes_that_start_enough_keys() {
        let g = shipped();
        let idx = FormIndex::new(&g);
        let counts = prefix_counts(&idx);
        for min in [1, 2, 3, RANGE_MIN_KEYS] {
            let ranges = ranges_of(&idx.keys, &idx.ends, min);
            let mut want = 0;
            for (p, &n) in &counts {
                if n < min {
                    assert!(!ranges.contains_key(&prefix_hash(p)), "{p:?} {min}");
                    continue;
                }
                want += 1;
                let (len, first, end) = ranges[&prefix_hash(p)];
                let first = first as usize;
                assert_eq!((len as usize, end as usize - first), (p.len(), n), "{p:?}");
                assert!(idx.key(first).starts_with(p.as_str()), "{p:?}");
                assert!(
                    first == 0 || !idx.key(first - 1).starts_with(p.as_str()),
                    "{p:?}"
                );
            }
            assert_eq!(ranges.len(), want, "{min}");
            // (Not vacuous: the shipped glossary has prefixes of several keys.)
            assert!(want >= if min <= 3 { 20 } else { 5 }, "{min}: {want}");
        }
    }

    #[test]
    fn prefix_ranges_are_those_of_a_binary_search_whatever_ranges_are_kept() {
        // The shipped glossary's keys, each also with one of a few endings,
        // so that many prefixes start many keys.
        let g = shipped();
        let keys: std::collections::BTreeSet<String> = g
            .forms
            .iter()
            .filter(|f| f.is_arabic())
            .flat_map(|f| ["", "ي", "يه", "ستان", "ان"].map(|end| format!("{}{end}", f.key)))
            .collect();
        let mut rows = String::from("entity_id,type,lang,form,status,note\n");
        for (i, k) in keys.iter().enumerate() {
            rows.push_str(&format!("e{i},place,ar,{k},preferred,\n"));
        }
        let g = load_sources(&[("g.csv".into(), rows.into_bytes())]).unwrap();
        let mut idx = FormIndex::new(&g);
        let mut probes: Vec<String> = vec!["zzz".into(), "ـ".into()];
        for p in prefix_counts(&idx).into_keys() {
            probes.push(format!("{p}ن"));
            probes.push(format!("ت{p}"));
            probes.push(p);
        }
        // (Where an empty range lies says nothing.)
        let same = |(r, k): (std::ops::Range<usize>, bool),
                    want: &(std::ops::Range<usize>, bool)| {
            if want.0.is_empty() {
                r.is_empty() && !k
            } else {
                (r, k) == *want
            }
        };
        let mut found = 0;
        for min in [1, 2, RANGE_MIN_KEYS, usize::MAX] {
            idx.ranges = ranges_of(&idx.keys, &idx.ends, min);
            assert_eq!(idx.ranges.is_empty(), min == usize::MAX);
            for p in &probes {
                let want = idx.search(p, 0..idx.len(), 0);
                found += usize::from(!want.0.is_empty());
                let got = idx.prefix_range(p, 0..idx.len());
                assert!(same(got.clone(), &want), "{p:?} {min}: {got:?} {want:?}");
                // Narrowed from each shorter prefix's range.
                for (i, _) in p.char_indices().skip(1) {
                    let (shorter, _) = idx.search(&p[..i], 0..idx.len(), 0);
                    if shorter.is_empty() {
                        break;
                    }
                    let got = idx.prefix_range_from(p, shorter, i);
                    assert!(
                        same(got.clone(), &want),
                        "{p:?} from {:?} {min}: {got:?}",
                        &p[..i]
                    );
                }
            }
        }
        // (Most probes start some key: the checks are not vacuous.)
        assert!(found > probes.len(), "{found} of {} × 4", probes.len());
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
