//! Ascending document ids in a few bytes each: the documents a spelling
//! appears in, kept for the whole scan (millions of them in a large
//! archive). Each id is stored as its distance from the one before, in
//! LEB128 (seven bits a byte), so a spelling seen in most documents costs
//! about a byte a document instead of four.

/// Ids added in ascending order, each once (an id equal to the last is not
/// added again).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct IdList {
    bytes: Vec<u8>,
    /// The last id added (meaningless while empty).
    last: u32,
}

impl IdList {
    /// Add `id`, unless it is the last one added. Ids must come in
    /// ascending order (a smaller one is a caller's bug).
    pub(crate) fn push(&mut self, id: u32) {
        if !self.bytes.is_empty() && id == self.last {
            return;
        }
        debug_assert!(self.bytes.is_empty() || id > self.last, "ascending ids");
        let mut d = if self.bytes.is_empty() {
            id
        } else {
            id - self.last
        };
        loop {
            let b = (d & 0x7F) as u8;
            d >>= 7;
            if d == 0 {
                self.bytes.push(b);
                break;
            }
            self.bytes.push(b | 0x80);
        }
        self.last = id;
    }

    /// The ids, in the order added.
    pub(crate) fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        let mut at = 0;
        let mut prev: Option<u32> = None;
        std::iter::from_fn(move || {
            if at >= self.bytes.len() {
                return None;
            }
            let (mut d, mut shift) = (0u32, 0);
            loop {
                let b = self.bytes[at];
                at += 1;
                d |= u32::from(b & 0x7F) << shift;
                shift += 7;
                if b & 0x80 == 0 {
                    break;
                }
            }
            let id = prev.map_or(d, |p| p + d);
            prev = Some(id);
            Some(id)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn ids_read_back_as_added_each_once(mut ids in proptest::collection::vec(any::<u32>(), 0..200)) {
            ids.sort_unstable();
            let mut l = IdList::default();
            for &i in &ids {
                l.push(i);
                l.push(i);
            }
            ids.dedup();
            prop_assert_eq!(l.iter().collect::<Vec<u32>>(), ids);
        }
    }

    #[test]
    fn close_ids_take_a_byte_each() {
        let mut l = IdList::default();
        for i in 1_000_000..1_001_000 {
            l.push(i);
        }
        // The first id takes three bytes, each next one a byte.
        assert_eq!(l.bytes.len(), 3 + 999);
        assert_eq!(l.iter().nth(999), Some(1_000_999));
        let mut edge = IdList::default();
        for i in [0, 127, 128, 128 + 16_384, u32::MAX] {
            edge.push(i);
        }
        assert_eq!(
            edge.iter().collect::<Vec<u32>>(),
            [0, 127, 128, 128 + 16_384, u32::MAX]
        );
    }
}
