//! Arabic orthographic folding with an offset map back to the original text.
//!
//! The folded text is a *view*: every byte range in it maps back to a byte
//! range of the original, so matches are always reported in original
//! coordinates. The folding profile is documented in `docs/normalization.md`;
//! in short it removes harakat, tatweel and invisible controls, folds hamza
//! seats and letter variants, applies compatibility decomposition to
//! presentation forms and other compatibility characters, lowercases Latin
//! and removes Latin diacritics, and maps Eastern digits to ASCII.
//!
//! Offsets: each folded character remembers the original range it came from.
//! Removed combining marks (harakat, tatweel) are attached to the preceding
//! character, so a span ending on a letter also covers that letter's marks;
//! removed invisible controls (bidi marks, ZWJ/ZWNJ) are attached to nothing,
//! so a span never starts or ends on one.

use unicode_normalization::char::decompose_compatible;

/// What folding does to one character of input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharClass {
    /// A combining mark or tatweel: removed, belongs to the previous character.
    Mark,
    /// An invisible format control: removed, belongs to no character.
    Invisible,
    /// Kept (possibly folded to another character).
    Keep,
}

/// Classify a character for folding.
pub const fn classify(c: char) -> CharClass {
    match c {
        // Harakat, tanween, shadda, sukun, madda/hamza above/below, small marks.
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0610}'..='\u{061A}' => CharClass::Mark,
        // Quranic annotation signs.
        '\u{06D6}'..='\u{06DC}' | '\u{06DF}'..='\u{06E4}' | '\u{06E7}' | '\u{06E8}' => {
            CharClass::Mark
        }
        '\u{06EA}'..='\u{06ED}' | '\u{08D3}'..='\u{08E1}' | '\u{08E3}'..='\u{08FF}' => {
            CharClass::Mark
        }
        // Tatweel (kashida).
        '\u{0640}' => CharClass::Mark,
        // Latin and generic combining diacritics (after decomposition).
        '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' => {
            CharClass::Mark
        }
        '\u{FE20}'..='\u{FE2F}' => CharClass::Mark,
        // Zero-width and bidi controls, BOM, soft hyphen, Arabic letter mark.
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{061C}'
        | '\u{FEFF}'
        | '\u{00AD}' => CharClass::Invisible,
        _ => CharClass::Keep,
    }
}

/// Fold a single kept character to its normalised form (letters only; no
/// decomposition). Returns the character unchanged when nothing applies.
pub const fn fold_char(c: char) -> char {
    match c {
        // Hamza seats and alef variants.
        'أ' | 'إ' | 'آ' | 'ٱ' | '\u{0672}' | '\u{0673}' | '\u{0675}' => 'ا',
        'ؤ' | '\u{0676}' | '\u{0677}' => 'و',
        'ئ' | '\u{0678}' => 'ي',
        // Alef maqsura and Persian/Urdu yeh forms.
        'ى' | 'ی' | 'ې' | 'ۍ' | 'ێ' | 'ے' | 'ۓ' => 'ي',
        // Teh marbuta and heh forms.
        'ة' | 'ۃ' | 'ھ' | 'ە' | 'ۀ' | 'ہ' => 'ه',
        // Keheh and swash kaf.
        'ک' | 'ڪ' => 'ك',
        // Eastern digits.
        '٠'..='٩' => (b'0' + (c as u32 - '٠' as u32) as u8) as char,
        '۰'..='۹' => (b'0' + (c as u32 - '۰' as u32) as u8) as char,
        'A'..='Z' => c.to_ascii_lowercase(),
        _ => c,
    }
}

/// True for characters that need compatibility decomposition before folding
/// (presentation forms, ligatures, fullwidth forms, accented Latin, …).
/// Everything in the main Arabic block and ASCII is handled directly, which is
/// the fast path for ordinary text.
fn needs_decomposition(c: char) -> bool {
    let u = c as u32;
    !(u < 0x80 || (0x0600..=0x06FF).contains(&u))
}

/// Normalised view of a text plus the map back to original byte offsets.
///
/// Every folded character has an original range (its start, and its end
/// including the marks removed after it). The map stores them as
/// [`Piece`]s: a run of characters that are as long in both texts and follow
/// one another in both (most of a text) is one piece, anything else one
/// piece per character, so the map is a few entries per document instead of
/// one per character.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// The folded text.
    pub text: String,
    /// The offset map, by folded offset.
    pieces: Vec<Piece>,
    /// Folded characters.
    chars: usize,
    /// Every folded offset is its original offset ([`Normalized::is_identity`]).
    identity: bool,
}

/// One piece of the offset map of a [`Normalized`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    /// Folded byte offset where the piece starts.
    folded: u32,
    /// Original byte offset of that character.
    orig: u32,
    /// [`REGULAR`]: the piece runs to the next one, and a character at
    /// folded offset `f` in it is at `orig + (f - folded)` in the original,
    /// as long there. Otherwise the piece is one folded character and this
    /// is its original end (trailing marks included).
    end: u32,
}

/// [`Piece::end`] of a run.
const REGULAR: u32 = u32::MAX;

/// Bytes of the UTF-8 character that starts with byte `b`.
fn utf8_len(b: u8) -> usize {
    match b {
        0..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

impl Normalized {
    /// The piece holding the folded character that starts at `pos`.
    fn piece_at(&self, pos: usize) -> &Piece {
        let i = self.pieces.partition_point(|p| p.folded as usize <= pos);
        &self.pieces[i - 1]
    }

    /// Original (start, end) of the folded character that starts at `pos`.
    fn char_range(&self, pos: usize) -> (usize, usize) {
        self.range_in(self.piece_at(pos), pos)
    }

    /// [`char_range`](Self::char_range) of `pos` in piece `p`, the piece
    /// that holds it.
    fn range_in(&self, p: &Piece, pos: usize) -> (usize, usize) {
        if p.end == REGULAR {
            let start = p.orig as usize + (pos - p.folded as usize);
            (start, start + utf8_len(self.text.as_bytes()[pos]))
        } else {
            (p.orig as usize, p.end as usize)
        }
    }

    /// Original byte offset where the folded char starting at `pos` begins.
    /// `pos` must be a char boundary of `text`; `pos == text.len()` maps to the
    /// end of the last character.
    pub fn orig_start(&self, pos: usize) -> usize {
        if pos < self.text.len() && self.text.is_char_boundary(pos) {
            // (An identity map needs no lookup.)
            if self.identity {
                pos
            } else {
                self.char_range(pos).0
            }
        } else {
            self.orig_end(self.text.len())
        }
    }

    /// Original byte offset where the folded char ending at `pos` ends
    /// (exclusive, including its trailing marks). `pos` must be a char boundary > 0.
    pub fn orig_end(&self, pos: usize) -> usize {
        match self.char_ending_at(pos) {
            Ok(c) => self.char_range(c).1,
            Err(end) => end,
        }
    }

    /// The start of the folded char ending at `pos` (the last one starting
    /// before it), or `Err` with [`orig_end`](Self::orig_end) of `pos`
    /// when no lookup is needed (the start of the text, an identity map).
    fn char_ending_at(&self, pos: usize) -> Result<usize, usize> {
        let mut c = pos.min(self.text.len());
        if c == 0 || (self.identity && self.text.is_char_boundary(c)) {
            return Err(c);
        }
        c -= 1;
        while !self.text.is_char_boundary(c) {
            c -= 1;
        }
        Ok(c)
    }

    /// [`orig_end`](Self::orig_end) of each position, in one walk of the
    /// offset map when the positions do not decrease (the ends of a
    /// document's tokens), where `orig_end` searches the map for each.
    pub fn orig_ends(&self, positions: impl IntoIterator<Item = usize>) -> Vec<usize> {
        let mut k = 0;
        positions
            .into_iter()
            .map(|pos| {
                let c = match self.char_ending_at(pos) {
                    Ok(c) => c,
                    Err(end) => return end,
                };
                if self.pieces[k].folded as usize > c {
                    // (Out of order: searched.)
                    return self.char_range(c).1;
                }
                while k + 1 < self.pieces.len() && self.pieces[k + 1].folded as usize <= c {
                    k += 1;
                }
                self.range_in(&self.pieces[k], c).1
            })
            .collect()
    }

    /// Map a folded byte range to the original byte range.
    pub fn orig_range(&self, start: usize, end: usize) -> (usize, usize) {
        if start >= end {
            let s = self.orig_start(start);
            return (s, s);
        }
        (self.orig_start(start), self.orig_end(end))
    }

    /// Number of folded characters.
    pub fn char_count(&self) -> usize {
        self.chars
    }

    /// True when every folded offset is its original offset (one run from
    /// the start: nothing was removed and every folded character is as long
    /// as the original, as in most news text). Then [`Self::orig_start`] and
    /// [`Self::orig_end`] of a char boundary are the offset itself.
    pub fn is_identity(&self) -> bool {
        self.identity
    }
}

/// Where folded characters go: the folded text and its offset map, or (in
/// tests) the reference map of one range per character.
trait Sink {
    /// A kept character `ch` from original `start..end`.
    fn keep(&mut self, ch: char, start: usize, end: usize);
    /// A removed mark ending at `end`: it belongs to the last kept character.
    fn mark(&mut self, end: usize);
}

/// The folded text and its [`Piece`]s as they are made.
///
/// Characters that fold to themselves are not copied one by one: they
/// extend `copy_from..` of the input, copied when something else comes. A
/// character as long folded as in the original touches the map only when it
/// starts a run (`in_run` false); the map changes for the rest only.
struct Builder<'a> {
    input: &'a str,
    text: String,
    pieces: Vec<Piece>,
    chars: usize,
    /// Input not copied yet (it folds to itself).
    copy_from: usize,
    /// The last piece is a run that the next character continues if it is
    /// as long in both texts and follows the last one in the original.
    in_run: bool,
    /// The last kept character: (folded offset, original start), for a mark
    /// that follows it.
    last: Option<(u32, u32)>,
}

impl<'a> Builder<'a> {
    fn new(input: &'a str) -> Self {
        Self {
            input,
            text: String::with_capacity(input.len()),
            pieces: Vec::new(),
            chars: 0,
            copy_from: 0,
            in_run: false,
            last: None,
        }
    }

    /// Copy the pending input (`copy_from..upto`).
    #[inline]
    fn flush(&mut self, upto: usize) {
        if upto > self.copy_from {
            self.text.push_str(&self.input[self.copy_from..upto]);
        }
        self.copy_from = upto;
    }

    /// `chars` characters from original `start` that fold to themselves,
    /// the last of which starts at `last` (the caller leaves them in the
    /// input to be copied); their folded offset is where they will be copied.
    #[inline]
    fn same_run(&mut self, start: usize, last: usize, chars: usize) {
        let f = self.text.len() + (start - self.copy_from);
        self.run(f, start, f + (last - start), last, chars);
    }

    /// A character at folded offset `f`, original start `start`, as long
    /// in both texts.
    #[inline]
    fn regular(&mut self, f: usize, start: usize) {
        self.run(f, start, f, start, 1);
    }

    /// `chars` characters as long in both texts from folded `f`, original
    /// `start`, the last at folded `last_f`, original `last`: a new run
    /// unless they continue one.
    #[inline]
    fn run(&mut self, f: usize, start: usize, last_f: usize, last: usize, chars: usize) {
        if !self.in_run {
            self.pieces.push(Piece {
                folded: f as u32,
                orig: start as u32,
                end: REGULAR,
            });
            self.in_run = true;
        }
        self.last = Some((last_f as u32, last as u32));
        self.chars += chars;
    }

    /// Input `start..end` removed (an invisible control): the next
    /// character starts another piece.
    #[inline]
    fn skip(&mut self, start: usize, end: usize) {
        self.flush(start);
        self.copy_from = end;
        self.in_run = false;
    }

    fn finish(mut self) -> Normalized {
        self.flush(self.input.len());
        // One run from the start, as long as the text (nothing removed at
        // its end either): the map is the identity, and the lookups answer
        // without it.
        let identity = match self.pieces.as_slice() {
            [] => true,
            [p] => p.folded == 0 && p.orig == 0 && p.end == REGULAR,
            _ => false,
        };
        Normalized {
            text: self.text,
            pieces: self.pieces,
            chars: self.chars,
            identity,
        }
    }
}

impl Sink for Builder<'_> {
    /// (The caller has flushed the input before `start`.)
    #[inline]
    fn keep(&mut self, ch: char, start: usize, end: usize) {
        let f = self.text.len();
        self.text.push(ch);
        self.copy_from = end;
        // (Not a run's next character when it is the second of a
        // decomposition: ″ gives two ′, each as long as ″, both from it.)
        if end - start == ch.len_utf8() && (!self.in_run || self.continues(f, start)) {
            self.regular(f, start);
            return;
        }
        self.pieces.push(Piece {
            folded: f as u32,
            orig: start as u32,
            end: end as u32,
        });
        self.in_run = false;
        self.last = Some((f as u32, start as u32));
        self.chars += 1;
    }

    /// (The caller has flushed the input before the mark.)
    #[inline]
    fn mark(&mut self, end: usize) {
        self.copy_from = end;
        let Some((f, o)) = self.last else {
            return;
        };
        self.in_run = false;
        let p = self
            .pieces
            .last_mut()
            .expect("a kept character has a piece");
        if p.folded == f {
            // The character's own piece (a run of it alone, or itself).
            p.end = if p.end == REGULAR {
                end as u32
            } else {
                p.end.max(end as u32)
            };
        } else {
            // The last character of a run: a piece of its own now (the run
            // ends where it starts).
            self.pieces.push(Piece {
                folded: f,
                orig: o,
                end: end as u32,
            });
        }
    }
}

impl Builder<'_> {
    /// A character at folded `f`, original `start` continues the last run.
    #[inline]
    fn continues(&self, f: usize, start: usize) -> bool {
        let p = self.pieces.last().expect("in a run");
        start.wrapping_sub(f) == (p.orig as usize).wrapping_sub(p.folded as usize)
    }
}

/// [`ARABIC_BLOCK`] entry of a character that folds to itself.
const SAME: u32 = u32::MAX - 2;

/// The index in [`ARABIC_BLOCK`] of the character at byte `i` of `b` when
/// it is in U+0600–U+06FF (two bytes, lead byte D8–DB), decoded by hand.
#[inline]
fn arabic_block_at(b: &[u8], i: usize) -> Option<usize> {
    let x = b[i];
    ((0xD8..=0xDB).contains(&x) && i + 1 < b.len())
        .then(|| ((usize::from(x) & 0x1F) << 6 | (usize::from(b[i + 1]) & 0x3F)) - 0x0600)
}

/// Whether the character at byte `i` of `b`, when it is in U+0600–U+06FF,
/// is kept by folding (not a mark, not an invisible control); `None` for a
/// character outside the block.
pub(crate) fn arabic_block_kept_at(b: &[u8], i: usize) -> Option<bool> {
    arabic_block_at(b, i).map(|u| !matches!(ARABIC_BLOCK[u], MARK | INVISIBLE))
}

/// Fold `input` into a normalised view with an offset map.
///
/// ```
/// let n = glossalign::normalize::normalize("الولايات المتّحدة");
/// assert_eq!(n.text, "الولايات المتحده");
/// ```
pub fn normalize(input: &str) -> Normalized {
    let mut out = Builder::new(input);
    let b = input.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // A run of characters that fold to themselves (most of a text), read
        // in a tight loop and handed over at once.
        let (run, mut chars, mut last) = (i, 0, i);
        while i < b.len() {
            let x = b[i];
            let len = if x < 0x80 {
                if x.is_ascii_uppercase() {
                    break;
                }
                1
            } else if let Some(u) = arabic_block_at(b, i) {
                if ARABIC_BLOCK[u] != SAME {
                    break;
                }
                2
            } else {
                break;
            };
            (chars, last) = (chars + 1, i);
            i += len;
        }
        if chars > 0 {
            out.same_run(run, last, chars);
        }
        if i >= b.len() {
            break;
        }
        // One character that changes.
        let x = b[i];
        if x < 0x80 {
            out.flush(i);
            out.keep(char::from(x.to_ascii_lowercase()), i, i + 1);
            i += 1;
            continue;
        }
        if let Some(u) = arabic_block_at(b, i) {
            match ARABIC_BLOCK[u] {
                MARK => {
                    out.flush(i);
                    out.mark(i + 2);
                }
                INVISIBLE => out.skip(i, i + 2),
                f => {
                    out.flush(i);
                    let c = char::from_u32(f).expect("a folded character");
                    out.keep(c, i, i + 2);
                }
            }
            i += 2;
            continue;
        }
        let c = input[i..].chars().next().expect("a char boundary");
        let (start, end) = (i, i + c.len_utf8());
        i = end;
        // (Whatever it folds to starts another piece: it may be removed.)
        out.skip(start, end);
        if needs_decomposition(c) {
            decompose_compatible(c, |d| push_folded(&mut out, d, start, end));
        } else {
            push_folded(&mut out, c, start, end);
        }
    }
    out.finish()
}

/// [`ARABIC_BLOCK`] entry of a removed mark.
const MARK: u32 = u32::MAX;
/// [`ARABIC_BLOCK`] entry of a removed invisible control.
const INVISIBLE: u32 = u32::MAX - 1;

/// What folding does to each character of U+0600–U+06FF (none needs
/// decomposition, none has case): [`MARK`], [`INVISIBLE`], [`SAME`] or the
/// folded character — [`classify`] and [`fold_char`] looked up once.
const ARABIC_BLOCK: [u32; 256] = {
    let mut t = [0u32; 256];
    let mut k = 0;
    while k < 256 {
        let c = match char::from_u32(0x0600 + k as u32) {
            Some(c) => c,
            None => ' ',
        };
        t[k] = match classify(c) {
            CharClass::Mark => MARK,
            CharClass::Invisible => INVISIBLE,
            CharClass::Keep if fold_char(c) as u32 == c as u32 => SAME,
            CharClass::Keep => fold_char(c) as u32,
        };
        k += 1;
    }
    t
};

fn push_folded(out: &mut impl Sink, c: char, start: usize, end: usize) {
    match classify(c) {
        CharClass::Mark => out.mark(end),
        CharClass::Invisible => {}
        CharClass::Keep => {
            // (Arabic letters have no case: skip the table lookup for them.)
            if !c.is_ascii() && !('\u{0600}'..='\u{06FF}').contains(&c) && c.is_uppercase() {
                for l in c.to_lowercase() {
                    if classify(l) == CharClass::Keep {
                        out.keep(fold_char(l), start, end);
                    }
                }
            } else {
                out.keep(fold_char(c), start, end);
            }
        }
    }
}

/// Fold a string without keeping the offset map (glossary forms, keys).
pub fn fold(input: &str) -> String {
    normalize(input).text
}

/// Remove only harakat, tatweel and invisible controls, keeping letters as
/// written (hamza seats, ى, ة). Used to group spellings for display: two
/// spellings that differ only in vowel marks are the same spelling.
pub fn strip_marks(input: &str) -> String {
    input
        .chars()
        .filter(|&c| classify(c) == CharClass::Keep)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn folds(input: &str, expected: &str) {
        assert_eq!(fold(input), expected, "folding {input:?}");
    }

    /// The reference offset map: one (folded offset, original start,
    /// original end) per folded character.
    #[derive(Default)]
    struct Reference {
        text: String,
        spans: Vec<(u32, u32, u32)>,
    }

    impl Sink for Reference {
        fn keep(&mut self, ch: char, start: usize, end: usize) {
            self.spans
                .push((self.text.len() as u32, start as u32, end as u32));
            self.text.push(ch);
        }
        fn mark(&mut self, end: usize) {
            if let Some(last) = self.spans.last_mut() {
                last.2 = last.2.max(end as u32);
            }
        }
    }

    /// [`normalize`] without its fast paths and with the plain map: every
    /// character through [`push_folded`].
    fn normalize_reference(input: &str) -> Reference {
        let mut r = Reference::default();
        for (start, c) in input.char_indices() {
            let end = start + c.len_utf8();
            if needs_decomposition(c) {
                decompose_compatible(c, |d| push_folded(&mut r, d, start, end));
            } else {
                push_folded(&mut r, c, start, end);
            }
        }
        r
    }

    /// The map of `n` as one range per folded character.
    fn expanded(n: &Normalized) -> Vec<(u32, u32, u32)> {
        n.text
            .char_indices()
            .map(|(f, _)| {
                let (s, e) = n.char_range(f);
                (f as u32, s as u32, e as u32)
            })
            .collect()
    }

    /// `orig_start` and `orig_end` as first written, over the plain map.
    fn reference_lookups(r: &Reference, pos: usize) -> (usize, usize) {
        let start = match r.spans.binary_search_by_key(&(pos as u32), |s| s.0) {
            Ok(i) => r.spans[i].1 as usize,
            Err(_) => r.spans.last().map_or(0, |s| s.2 as usize),
        };
        let i = r.spans.partition_point(|s| (s.0 as usize) < pos);
        let end = if i == 0 { 0 } else { r.spans[i - 1].2 as usize };
        (start, end)
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(500))]
        /// Any mix of letters that fold to themselves, letters that change,
        /// marks, tatweel, invisible controls, presentation forms,
        /// decompositions, capitals, digits and line ends: the map of pieces
        /// answers every lookup as the per-character map does.
        #[test]
        fn pieces_answer_as_the_reference_on_any_text(chars in proptest::collection::vec(
            proptest::sample::select(vec![
                'ب', 'ك', 'ا', 'ل', 'ة', 'أ', 'ى', 'ئ', '\u{064E}', '\u{0651}', '\u{0640}',
                '\u{200C}', '\u{200D}', '\u{200F}', '\u{FEFF}', '\u{FEFB}', '\u{FE8D}', 'ﷺ',
                '٣', '۵', 'A', 'z', 'É', 'ǅ', 'Ａ', ' ', '\r', '\n', '.', '😀', 'é', '\u{0301}',
                // Decomposes into two characters as long as itself (′′).
                '\u{2033}',
            ]),
            0..40,
        )) {
            let s: String = chars.into_iter().collect();
            let (a, b) = (normalize(&s), normalize_reference(&s));
            proptest::prop_assert_eq!(&a.text, &b.text);
            proptest::prop_assert_eq!(expanded(&a), b.spans.clone());
            proptest::prop_assert_eq!(a.char_count(), b.spans.len());
            for pos in 0..=a.text.len() + 1 {
                proptest::prop_assert_eq!(
                    (a.orig_start(pos), a.orig_end(pos)),
                    reference_lookups(&b, pos),
                    "at {}", pos
                );
            }
            // In order, every position twice (the walk of the map), then
            // backwards (searched).
            let ups: Vec<usize> = (0..=a.text.len() + 1).flat_map(|p| [p, p]).collect();
            let want: Vec<usize> = ups.iter().map(|&p| reference_lookups(&b, p).1).collect();
            proptest::prop_assert_eq!(a.orig_ends(ups.iter().copied()), want.clone());
            proptest::prop_assert_eq!(
                a.orig_ends(ups.iter().rev().copied()),
                want.into_iter().rev().collect::<Vec<_>>()
            );
            if a.is_identity() {
                for pos in (0..=a.text.len()).filter(|&p| a.text.is_char_boundary(p)) {
                    proptest::prop_assert_eq!(a.orig_end(pos), pos, "end at {}", pos);
                    if pos < a.text.len() {
                        proptest::prop_assert_eq!(a.orig_start(pos), pos, "start at {}", pos);
                    }
                }
            }
        }
    }

    #[test]
    fn identity_only_where_nothing_moves() {
        assert!(normalize("").is_identity());
        assert!(
            normalize("قالت أستانا").is_identity(),
            "أ → ا keeps its length"
        );
        assert!(!normalize("قالَت").is_identity(), "a removed mark");
        assert!(
            !normalize("\u{200F}قالت").is_identity(),
            "a removed control"
        );
        assert!(!normalize("\u{FEFB}").is_identity(), "ﻻ → لا is longer");
        // Capitals fold to letters as long, within the run.
        assert!(normalize("NATO").is_identity());
    }

    #[test]
    fn ordinary_text_is_one_piece_of_map() {
        // Letters that fold to themselves or to a letter as long (ة أ ى),
        // spaces, ASCII: one run, whatever the length.
        let plain = "قالت الخارجية الأمريكية إن منظمة معاهدة الأمن الجماعي في ألماتا Almaty 2022. ";
        assert_eq!(normalize(&plain.repeat(50)).pieces.len(), 1);
        // A mark makes its letter a piece of its own; the run goes on after it.
        let n = normalize("كازاخستانُ وروسيا");
        assert_eq!(n.pieces.len(), 3);
        assert_eq!(n.orig_end("كازاخستان".len()), "كازاخستانُ".len());
        // A shorter folded character (٣ → 3) too; an invisible control moves
        // the rest of the text by its length: another run.
        assert_eq!(normalize("ب٣ب").pieces.len(), 3);
        assert_eq!(normalize("ب\u{200F}ب").pieces.len(), 2);
    }

    #[test]
    fn fast_paths_equal_the_reference() {
        // Every character of ASCII and the Arabic block, alone, after a
        // letter and before one, and runs of marks.
        let mut samples: Vec<String> = Vec::new();
        for u in (0..0x80u32).chain(0x0600..0x0700) {
            let c = char::from_u32(u).unwrap();
            samples.push(c.to_string());
            samples.push(format!("ب{c}"));
            samples.push(format!("{c}ب{c}{c}x"));
        }
        samples.push("ألما\u{200C}اتا ـ فى Çavuşoğlu \u{FEFB}ﷺ ١٢ مُحَمَّدٌ\r\nAB".into());
        // Runs that fold to themselves ending on a mark, a capital, an
        // invisible control, a changed letter or a decomposition.
        samples.push("\u{FEFF}كازاخستانُ Almaty ALMATY ألماتا\u{200F}،ـــ ﻻ ǆ Ａ ﷺx\r\n".into());
        samples.push("منظمة معاهدة الأمن الجماعي\u{064E}\u{0651} و\u{200D}بيلاروسيا ٣ ى ة".into());
        // A character that decomposes into two as long as itself: the
        // second is not the run's next character in the original.
        samples.push("ب\u{2033}ب \u{2033}\u{2033}".into());
        for s in &samples {
            let (a, b) = (normalize(s), normalize_reference(s));
            assert_eq!((&a.text, expanded(&a)), (&b.text, b.spans.clone()), "{s:?}");
            assert_eq!(a.char_count(), b.spans.len(), "{s:?}");
            // Every position, boundaries or not, one past the end too.
            for pos in 0..=a.text.len() + 1 {
                let got = (a.orig_start(pos), a.orig_end(pos));
                assert_eq!(got, reference_lookups(&b, pos), "{s:?} at {pos}");
            }
        }
    }

    #[test]
    fn removes_harakat_shadda_sukun_tanween() {
        folds("المتّحدة", "المتحده");
        folds("مُحَمَّدٌ", "محمد");
        folds("قُتلوا", "قتلوا");
        folds("مبانٍ", "مبان");
        folds("عامًا", "عاما");
    }

    #[test]
    fn removes_dagger_alef_and_quranic_marks() {
        folds("هٰذا", "هذا");
        folds("الرَّحْمٰنِ", "الرحمن");
        folds("صلى\u{0610}", "صلي");
        folds("قال\u{06D6}", "قال");
    }

    #[test]
    fn removes_tatweel() {
        folds("كازاخـــستان", "كازاخستان");
        folds("بـ«", "ب«");
    }

    #[test]
    fn removes_zero_width_and_bidi_controls() {
        folds("ألما\u{200C}تا", "الماتا");
        folds("\u{200F}روسيا\u{200E}", "روسيا");
        folds("\u{202B}موسكو\u{202C}", "موسكو");
        folds("\u{2067}كييف\u{2069}", "كييف");
        folds("\u{FEFF}تاس", "تاس");
        folds("نور\u{200D}سلطان", "نورسلطان");
        folds("a\u{061C}b", "ab");
    }

    #[test]
    fn folds_hamza_seats_and_alef_variants() {
        folds("أرمينيا", "ارمينيا");
        folds("إرهاب", "ارهاب");
        folds("آسيا", "اسيا");
        folds("ٱلله", "الله");
        folds("مؤتمر", "موتمر");
        folds("هيئة", "هييه");
    }

    #[test]
    fn keeps_standalone_hamza() {
        folds("جزء", "جزء");
        folds("الطوارىء", "الطواريء");
    }

    #[test]
    fn folds_alef_maqsura_and_teh_marbuta() {
        folds("فى", "في");
        folds("موسى", "موسي");
        folds("مدينة", "مدينه");
    }

    #[test]
    fn folds_persian_and_urdu_letters() {
        folds("کازاخستان", "كازاخستان");
        folds("یک", "يك");
        folds("ھند", "هند");
        folds("ۀ", "ه");
        // Letters with no Arabic counterpart stay distinct: the fuzzy stage
        // treats them as close to their Arabic neighbours.
        folds("گاز", "گاز");
        folds("پوتين", "پوتين");
    }

    #[test]
    fn folds_digits_to_ascii() {
        folds("٢٠٢٢", "2022");
        folds("۱۹", "19");
        folds("مير ٢٤", "مير 24");
    }

    #[test]
    fn decomposes_presentation_forms_and_lam_alef() {
        // ﻻ (lam-alef isolated ligature) and ﺃ (alef with hamza, isolated).
        folds("\u{FEFB}", "لا");
        folds("\u{FE83}\u{FEDF}\u{FEE4}\u{FE8E}\u{FE97}\u{FE8E}", "الماتا");
        folds("\u{FDF2}", "الله");
        folds("\u{FB8F}", "ك");
    }

    #[test]
    fn decomposes_nfd_text() {
        // NFD alef + hamza above is the same as precomposed أ.
        folds("\u{0627}\u{0654}لماتا", "الماتا");
        folds("\u{0648}\u{0654}", "و");
        folds("\u{064A}\u{0654}", "ي");
    }

    #[test]
    fn latin_is_lowercased_and_stripped_of_diacritics() {
        folds("Mevlüt Çavuşoğlu", "mevlut cavusoglu");
        folds("Organization", "organization");
        folds("İstanbul", "istanbul");
        folds("ﬁle", "file");
        folds("ＲＴ", "rt");
    }

    #[test]
    fn idempotent_on_samples() {
        for s in [
            "الولايات المتّحدة",
            "\u{FEFB}\u{FE83}",
            "Çavuşoğlu",
            "ألما\u{200C}اتا ـ فى",
            "\u{0627}\u{0654}\u{064E}",
        ] {
            let once = fold(s);
            assert_eq!(fold(&once), once, "not idempotent on {s:?}");
        }
    }

    #[test]
    fn offsets_cover_trailing_marks_but_not_invisibles() {
        let s = "\u{200F}المتّحدةُ\u{200E} x";
        let n = normalize(s);
        assert_eq!(n.text, "المتحده x");
        let end = "المتحده".len();
        let (a, b) = n.orig_range(0, end);
        assert_eq!(&s[a..b], "المتّحدةُ");
    }

    #[test]
    fn offsets_for_lam_alef_ligature_cover_the_whole_ligature() {
        let s = "ا\u{FEFB}ب";
        let n = normalize(s);
        assert_eq!(n.text, "الاب");
        // Span over "لا" maps to the ligature.
        let (a, b) = n.orig_range(2, 6);
        assert_eq!(&s[a..b], "\u{FEFB}");
        // A span over only the alef of the ligature still maps to the whole ligature.
        let (a, b) = n.orig_range(4, 6);
        assert_eq!(&s[a..b], "\u{FEFB}");
    }

    #[test]
    fn offsets_with_crlf_and_tatweel() {
        let s = "سطر\r\nكازاخـستان";
        let n = normalize(s);
        let pos = n.text.find("كازاخستان").unwrap();
        let (a, b) = n.orig_range(pos, pos + "كازاخستان".len());
        assert_eq!(&s[a..b], "كازاخـستان");
    }

    #[test]
    fn strip_marks_keeps_letters_as_written() {
        assert_eq!(strip_marks("الولايات المتّحدة"), "الولايات المتحدة");
        assert_eq!(strip_marks("الأمن"), "الأمن");
    }
}
