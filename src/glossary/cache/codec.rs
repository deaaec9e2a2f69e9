//! The byte encoding of the compiled-glossary cache: little-endian integers,
//! length-prefixed strings and arrays. Every read is bounds-checked and
//! returns [`Corrupt`] instead of panicking, whatever the bytes.

/// A cache file that cannot be read back: `what` was being read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corrupt(pub &'static str);

impl std::fmt::Display for Corrupt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "malformed {}", self.0)
    }
}

/// Bytes of an empty string (its length), the least a string takes.
pub const STR: usize = 4;
/// Bytes of an empty array (its count), the least an array takes.
pub const ARRAY: usize = 8;

/// The result of a read.
pub type Read<T> = Result<T, Corrupt>;

/// Bytes being written.
#[derive(Default)]
pub struct Encoder {
    /// Everything written so far.
    pub bytes: Vec<u8>,
    /// Set when a string of 4 GiB or more was written: the bytes are not a
    /// cache to keep.
    pub overflow: bool,
}

impl Encoder {
    /// One byte.
    pub fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }

    /// A `u16`.
    pub fn u16(&mut self, v: u16) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    /// A `u32`.
    pub fn u32(&mut self, v: u32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    /// A `u64`.
    pub fn u64(&mut self, v: u64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    /// A length or index (as a `u64`).
    pub fn usize(&mut self, v: usize) {
        self.u64(v as u64);
    }

    /// A string: its length in bytes (a `u32`), then its bytes.
    pub fn str(&mut self, s: &str) {
        let n = u32::try_from(s.len()).unwrap_or_else(|_| {
            self.overflow = true;
            0
        });
        self.u32(n);
        self.bytes.extend_from_slice(&s.as_bytes()[..n as usize]);
    }

    /// A slice of `u16`s: its length, then each.
    pub fn u16s(&mut self, v: &[u16]) {
        self.usize(v.len());
        self.bytes.reserve(v.len() * 2);
        v.iter().for_each(|&x| self.u16(x));
    }

    /// A slice of `u32`s: its length, then each.
    pub fn u32s(&mut self, v: &[u32]) {
        self.usize(v.len());
        self.bytes.reserve(v.len() * 4);
        v.iter().for_each(|&x| self.u32(x));
    }

    /// A slice of `u64`s: its length, then each.
    pub fn u64s(&mut self, v: &[u64]) {
        self.usize(v.len());
        self.bytes.reserve(v.len() * 8);
        v.iter().for_each(|&x| self.u64(x));
    }

    /// Pairs of `u64` (their number, then each pair's two in order).
    pub fn u64_pairs(&mut self, v: &[[u64; 2]]) {
        self.usize(v.len());
        self.bytes.reserve(v.len() * 16);
        v.iter().flatten().for_each(|&x| self.u64(x));
    }
}

/// Bytes being read, front to back.
pub struct Decoder<'a> {
    rest: &'a [u8],
}

impl<'a> Decoder<'a> {
    /// Read `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Self { rest: bytes }
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize, what: &'static str) -> Read<&'a [u8]> {
        if n > self.rest.len() {
            return Err(Corrupt(what));
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }

    fn array<const N: usize>(&mut self, what: &'static str) -> Read<[u8; N]> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N, what)?);
        Ok(a)
    }

    /// One byte.
    pub fn u8(&mut self, what: &'static str) -> Read<u8> {
        Ok(self.array::<1>(what)?[0])
    }

    /// A `u16`.
    pub fn u16(&mut self, what: &'static str) -> Read<u16> {
        self.array(what).map(u16::from_le_bytes)
    }

    /// A `u32`.
    pub fn u32(&mut self, what: &'static str) -> Read<u32> {
        self.array(what).map(u32::from_le_bytes)
    }

    /// A `u64`.
    pub fn u64(&mut self, what: &'static str) -> Read<u64> {
        self.array(what).map(u64::from_le_bytes)
    }

    /// A length or index.
    pub fn usize(&mut self, what: &'static str) -> Read<usize> {
        usize::try_from(self.u64(what)?).map_err(|_| Corrupt(what))
    }

    /// A length of a sequence of items of `width` bytes each, no more than
    /// the bytes left could hold (so that no huge allocation is made for a
    /// damaged length).
    pub fn len(&mut self, width: usize, what: &'static str) -> Read<usize> {
        let n = self.usize(what)?;
        if n.checked_mul(width.max(1))
            .is_none_or(|b| b > self.rest.len())
        {
            return Err(Corrupt(what));
        }
        Ok(n)
    }

    /// A string.
    pub fn str(&mut self, what: &'static str) -> Read<&'a str> {
        let n = self.u32(what)? as usize;
        std::str::from_utf8(self.take(n, what)?).map_err(|_| Corrupt(what))
    }

    /// A `Vec<u16>`.
    pub fn u16s(&mut self, what: &'static str) -> Read<Vec<u16>> {
        let n = self.len(2, what)?;
        let b = self.take(n * 2, what)?;
        Ok(b.chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect())
    }

    /// A `Vec<u32>`.
    pub fn u32s(&mut self, what: &'static str) -> Read<Vec<u32>> {
        let n = self.len(4, what)?;
        let b = self.take(n * 4, what)?;
        Ok(b.chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }

    /// A `Vec<u64>`.
    pub fn u64s(&mut self, what: &'static str) -> Read<Vec<u64>> {
        let n = self.len(8, what)?;
        let b = self.take(n * 8, what)?;
        Ok(b.chunks_exact(8)
            .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect())
    }

    /// Pairs written by [`Encoder::u64_pairs`].
    pub fn u64_pairs(&mut self, what: &'static str) -> Read<Vec<[u64; 2]>> {
        let n = self.len(16, what)?;
        let b = self.take(n * 16, what)?;
        let word = |c: &[u8]| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        Ok(b.chunks_exact(16)
            .map(|c| [word(&c[..8]), word(&c[8..])])
            .collect())
    }

    /// Every byte not read yet.
    pub fn rest(&mut self) -> &'a [u8] {
        std::mem::take(&mut self.rest)
    }

    /// True when every byte was read.
    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }
}

/// `Ok(())` when `ok`, else [`Corrupt`]`(what)`: a check of what was read.
pub fn check(ok: bool, what: &'static str) -> Read<()> {
    if ok {
        Ok(())
    } else {
        Err(Corrupt(what))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_back_as_written_and_every_cut_is_an_error() {
        let mut e = Encoder::default();
        e.u8(7);
        e.u16(0xBEEF);
        e.u32(0xDEAD_BEEF);
        e.u64(u64::MAX - 1);
        e.str("ألماتا");
        e.u16s(&[1, 2, 65535]);
        e.u32s(&[3, u32::MAX]);
        e.u64s(&[]);
        e.u64s(&[9, 10]);
        e.u64_pairs(&[[11, 12], [u64::MAX, 0]]);
        let read = |bytes: &[u8]| -> Read<()> {
            let mut d = Decoder::new(bytes);
            assert_eq!(d.u8("a")?, 7);
            assert_eq!(d.u16("b")?, 0xBEEF);
            assert_eq!(d.u32("c")?, 0xDEAD_BEEF);
            assert_eq!(d.u64("d")?, u64::MAX - 1);
            assert_eq!(d.str("e")?, "ألماتا");
            assert_eq!(d.u16s("f")?, vec![1, 2, 65535]);
            assert_eq!(d.u32s("g")?, vec![3, u32::MAX]);
            assert_eq!(d.u64s("h")?, Vec::<u64>::new());
            assert_eq!(d.u64s("i")?, vec![9, 10]);
            assert_eq!(d.u64_pairs("j")?, vec![[11, 12], [u64::MAX, 0]]);
            check(d.is_empty(), "end")
        };
        assert_eq!(read(&e.bytes), Ok(()));
        // Every shorter prefix fails with an error, never a panic.
        for cut in 0..e.bytes.len() {
            assert!(read(&e.bytes[..cut]).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn a_damaged_length_or_text_is_an_error() {
        let mut e = Encoder::default();
        e.usize(usize::MAX / 2);
        assert_eq!(Decoder::new(&e.bytes).u32s("x"), Err(Corrupt("x")));
        let mut e = Encoder::default();
        e.u32(2);
        e.u8(0xD8);
        e.u8(0x41);
        assert_eq!(Decoder::new(&e.bytes).str("s"), Err(Corrupt("s")));
        assert_eq!(check(false, "c").unwrap_err().to_string(), "malformed c");
    }
}
