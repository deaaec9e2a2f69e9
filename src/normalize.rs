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
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// The folded text.
    pub text: String,
    /// For every char of `text`: (folded byte offset, original start, original end).
    /// Original end includes trailing removed marks.
    spans: Vec<(u32, u32, u32)>,
}

impl Normalized {
    /// Original byte offset where the folded char starting at `pos` begins.
    /// `pos` must be a char boundary of `text`; `pos == text.len()` maps to the
    /// end of the last character.
    pub fn orig_start(&self, pos: usize) -> usize {
        match self.spans.binary_search_by_key(&(pos as u32), |s| s.0) {
            Ok(i) => self.spans[i].1 as usize,
            Err(_) => self.spans.last().map_or(0, |s| s.2 as usize),
        }
    }

    /// Original byte offset where the folded char ending at `pos` ends
    /// (exclusive, including its trailing marks). `pos` must be a char boundary > 0.
    pub fn orig_end(&self, pos: usize) -> usize {
        // The char ending at `pos` is the last one starting before `pos`.
        let i = self.spans.partition_point(|s| (s.0 as usize) < pos);
        if i == 0 {
            return 0;
        }
        self.spans[i - 1].2 as usize
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
        self.spans.len()
    }
}

/// Fold `input` into a normalised view with an offset map.
///
/// ```
/// let n = glossalign::normalize::normalize("الولايات المتّحدة");
/// assert_eq!(n.text, "الولايات المتحده");
/// ```
pub fn normalize(input: &str) -> Normalized {
    let mut text = String::with_capacity(input.len());
    // One span per character of input, unless decomposition adds some.
    let chars = input.bytes().filter(|&b| (b & 0xC0) != 0x80).count();
    let mut spans: Vec<(u32, u32, u32)> = Vec::with_capacity(chars);
    for (start, c) in input.char_indices() {
        let u = c as u32;
        // Fast paths, the same as `push_folded` for these characters: ASCII
        // is always kept (letters lowercased), and the main Arabic block
        // (two bytes each) is read from a table.
        if u < 0x80 {
            spans.push((text.len() as u32, start as u32, start as u32 + 1));
            text.push(c.to_ascii_lowercase());
            continue;
        }
        if (0x0600..0x0700).contains(&u) {
            let end = start as u32 + 2;
            match ARABIC_BLOCK[(u - 0x0600) as usize] {
                MARK => {
                    if let Some(last) = spans.last_mut() {
                        last.2 = last.2.max(end);
                    }
                }
                INVISIBLE => {}
                f => {
                    spans.push((text.len() as u32, start as u32, end));
                    text.push(char::from_u32(f).unwrap_or(c));
                }
            }
            continue;
        }
        let end = start + c.len_utf8();
        if needs_decomposition(c) {
            decompose_compatible(c, |d| push_folded(&mut text, &mut spans, d, start, end));
        } else {
            push_folded(&mut text, &mut spans, c, start, end);
        }
    }
    Normalized { text, spans }
}

/// [`ARABIC_BLOCK`] entry of a removed mark.
const MARK: u32 = u32::MAX;
/// [`ARABIC_BLOCK`] entry of a removed invisible control.
const INVISIBLE: u32 = u32::MAX - 1;

/// What folding does to each character of U+0600–U+06FF (none needs
/// decomposition, none has case): [`MARK`], [`INVISIBLE`] or the folded
/// character — [`classify`] and [`fold_char`] looked up once.
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
            CharClass::Keep => fold_char(c) as u32,
        };
        k += 1;
    }
    t
};

fn push_folded(
    text: &mut String,
    spans: &mut Vec<(u32, u32, u32)>,
    c: char,
    start: usize,
    end: usize,
) {
    match classify(c) {
        CharClass::Mark => {
            // Attach to the previous kept character.
            if let Some(last) = spans.last_mut() {
                last.2 = last.2.max(end as u32);
            }
        }
        CharClass::Invisible => {}
        CharClass::Keep => {
            let mut emit = |ch: char| {
                spans.push((text.len() as u32, start as u32, end as u32));
                text.push(ch);
            };
            // (Arabic letters have no case: skip the table lookup for them.)
            if !c.is_ascii() && !('\u{0600}'..='\u{06FF}').contains(&c) && c.is_uppercase() {
                for l in c.to_lowercase() {
                    if classify(l) == CharClass::Keep {
                        emit(fold_char(l));
                    }
                }
            } else {
                emit(fold_char(c));
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

    /// [`normalize`] without its fast paths: every character through
    /// [`push_folded`].
    fn normalize_reference(input: &str) -> Normalized {
        let mut text = String::new();
        let mut spans = Vec::new();
        for (start, c) in input.char_indices() {
            let end = start + c.len_utf8();
            if needs_decomposition(c) {
                decompose_compatible(c, |d| push_folded(&mut text, &mut spans, d, start, end));
            } else {
                push_folded(&mut text, &mut spans, c, start, end);
            }
        }
        Normalized { text, spans }
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
        for s in &samples {
            let (a, b) = (normalize(s), normalize_reference(s));
            assert_eq!((&a.text, &a.spans), (&b.text, &b.spans), "{s:?}");
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
