//! A weighted edit distance for Arabic transliterations of foreign names.
//!
//! Substitutions inside a letter class that transliteration confuses (ق/ك/خ/غ/گ,
//! ج/غ/گ, ت/ط, س/ص/ث, ز/ذ/ظ, د/ض, ه/ح, ف/ڤ, ب/پ, ش/چ) cost less than
//! unrelated ones; long-vowel letters (ا و ي) inserted, dropped, doubled or
//! swapped cost less than consonants; a final vowel letter alternating (ا/ي/ه)
//! costs least. Every edit is recorded so a decision can say *why* two
//! spellings are close.

/// Cost of substituting two letters of one transliteration class.
pub const CLASS_SUB: f64 = 0.35;
/// Cost of inserting/deleting a long-vowel letter, or swapping two of them.
pub const VOWEL_EDIT: f64 = 0.4;
/// Cost of the final ا / ي / ه alternation.
pub const FINAL_VOWEL: f64 = 0.3;
/// Cost of inserting/deleting a standalone hamza.
pub const HAMZA_EDIT: f64 = 0.3;
/// Cost of any other edit.
pub const OTHER: f64 = 1.0;

/// Letter classes that transliteration confuses.
const CLASSES: [(&str, &str); 10] = [
    ("قكخغگج", "k/q/kh/g"),
    ("تط", "t"),
    ("سصثش", "s"),
    ("زذظس", "z"),
    ("دض", "d"),
    ("هح", "h"),
    ("فڤ", "f/v"),
    ("بپ", "b/p"),
    ("شچ", "sh/ch"),
    ("جژ", "j/zh"),
];

/// True for the long-vowel letters.
pub fn is_vowel(c: char) -> bool {
    matches!(c, 'ا' | 'و' | 'ي')
}

/// Name of the class shared by `a` and `b`, if any.
pub fn shared_class(a: char, b: char) -> Option<&'static str> {
    CLASSES
        .iter()
        .find(|(set, _)| set.contains(a) && set.contains(b))
        .map(|(_, name)| *name)
}

/// Transliteration class representative of a consonant (used by the
/// candidate index): all letters of the first class containing it map to the
/// class's first letter.
pub fn class_rep(c: char) -> char {
    // It runs once per letter of every skeleton: a table lookup, where the
    // `match` compiles to a jump per letter that the processor mispredicts.
    match CLASS_REP_BLOCK.get((c as u32).wrapping_sub(0x0600) as usize) {
        Some(&r) => r,
        None => class_rep_match(c),
    }
}

/// `$f` of every character of U+0600–U+06FF, by offset in the block (a
/// table built at compile time; `$zero` fills the type).
macro_rules! arabic_block_table {
    ($f:ident, $zero:expr) => {{
        let mut t = [$zero; 256];
        let mut k = 0;
        while k < 256 {
            // (Every offset of the block is a char: no surrogates there.)
            if let Some(c) = char::from_u32(0x0600 + k as u32) {
                t[k] = $f(c);
            }
            k += 1;
        }
        t
    }};
}

/// [`class_rep_match`] of U+0600–U+06FF, by offset in the block.
const CLASS_REP_BLOCK: [char; 256] = arabic_block_table!(class_rep_match, '\0');

/// The table walk of `class_rep_by_table`, spelled out (every letter of a
/// class is in U+0600–U+06FF: [`class_rep`] reads it from a table there).
const fn class_rep_match(c: char) -> char {
    match c {
        'ق' | 'ك' | 'خ' | 'غ' | 'گ' | 'ج' => 'ق',
        'ت' | 'ط' => 'ت',
        'س' | 'ص' | 'ث' | 'ش' => 'س',
        'ز' | 'ذ' | 'ظ' => 'ز',
        'د' | 'ض' => 'د',
        'ه' | 'ح' => 'ه',
        'ف' | 'ڤ' => 'ف',
        'ب' | 'پ' => 'ب',
        'چ' => 'ش',
        'ژ' => 'ج',
        _ => c,
    }
}

/// [`class_rep`] as the first class of [`CLASSES`] holding `c` (its oracle).
#[cfg(test)]
fn class_rep_by_table(c: char) -> char {
    CLASSES
        .iter()
        .find(|(set, _)| set.contains(c))
        .and_then(|(set, _)| set.chars().next())
        .unwrap_or(c)
}

/// One edit of an alignment.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    /// Human-readable description, e.g. `ج→خ (k/q/kh/g)`.
    pub what: String,
    /// Its cost.
    pub cost: f64,
}

/// Result of comparing two keys.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// Total weighted distance.
    pub distance: f64,
    /// Similarity in [0, 1]: 1 − distance / longer length.
    pub score: f64,
    /// The edits, in order.
    pub edits: Vec<Edit>,
    /// Number of full-cost (unrelated) edits.
    pub hard_edits: usize,
}

impl Comparison {
    /// The edits as one reason string.
    pub fn reason(&self) -> String {
        if self.edits.is_empty() {
            return "identical keys".into();
        }
        self.edits
            .iter()
            .map(|e| e.what.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    }
}

fn sub_cost(a: char, b: char, final_pos: bool) -> (f64, String) {
    if a == b {
        return (0.0, String::new());
    }
    let final_set = |c: char| matches!(c, 'ا' | 'ي' | 'ه');
    if final_pos && final_set(a) && final_set(b) {
        return (FINAL_VOWEL, format!("{a}→{b} (final vowel)"));
    }
    if is_vowel(a) && is_vowel(b) {
        return (VOWEL_EDIT, format!("{a}→{b} (long vowel)"));
    }
    if let Some(class) = shared_class(a, b) {
        return (CLASS_SUB, format!("{a}→{b} ({class})"));
    }
    (OTHER, format!("{a}→{b}"))
}

fn indel_cost(c: char, inserted: bool) -> (f64, String) {
    let verb = if inserted { "+" } else { "−" };
    if is_vowel(c) {
        (VOWEL_EDIT, format!("{verb}{c} (long vowel)"))
    } else if c == 'ء' {
        (HAMZA_EDIT, format!("{verb}{c} (hamza)"))
    } else {
        (OTHER, format!("{verb}{c}"))
    }
}

/// Weighted edit distance from `text` to `form` (both loose keys).
pub fn compare(text: &str, form: &str) -> Comparison {
    // The costs of `sub_cost` and `indel_cost` without their descriptions,
    // which only the edits of the alignment found need.
    let (ta, fa) = (Letters::new(text), Letters::new(form));
    let (a, am, b, bm) = (&ta.chars, &ta.masks, &fa.chars, &fa.masks);
    let (n, m) = (a.len(), b.len());
    let w = m + 1;
    let mut d = vec![0.0f64; (n + 1) * w];
    for i in 1..=n {
        d[i * w] = d[(i - 1) * w] + indel_cost_num(a[i - 1]);
    }
    for j in 1..=m {
        d[j] = d[j - 1] + indel_cost_num(b[j - 1]);
    }
    for i in 1..=n {
        for j in 1..=m {
            let final_pos = i == n && j == m;
            let sub = d[(i - 1) * w + j - 1]
                + sub_cost_num(a[i - 1], am[i - 1], b[j - 1], bm[j - 1], final_pos);
            let del = d[(i - 1) * w + j] + indel_cost_num(a[i - 1]);
            let ins = d[i * w + j - 1] + indel_cost_num(b[j - 1]);
            d[i * w + j] = sub.min(del).min(ins);
        }
    }
    // Backtrace for the reason.
    let mut edits = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let cur = d[i * w + j];
        if i > 0 && j > 0 {
            let final_pos = i == n && j == m;
            let c = sub_cost_num(a[i - 1], am[i - 1], b[j - 1], bm[j - 1], final_pos);
            if (d[(i - 1) * w + j - 1] + c - cur).abs() < 1e-9 {
                if c > 0.0 {
                    let what = sub_cost(a[i - 1], b[j - 1], final_pos).1;
                    edits.push(Edit { what, cost: c });
                }
                i -= 1;
                j -= 1;
                continue;
            }
        }
        if i > 0 {
            let c = indel_cost_num(a[i - 1]);
            if (d[(i - 1) * w + j] + c - cur).abs() < 1e-9 {
                let what = indel_cost(a[i - 1], false).1;
                edits.push(Edit { what, cost: c });
                i -= 1;
                continue;
            }
        }
        let c = indel_cost_num(b[j - 1]);
        let what = indel_cost(b[j - 1], true).1;
        edits.push(Edit { what, cost: c });
        j -= 1;
    }
    comparison(d[n * w + m], n.max(m), edits)
}

/// The comparison of two keys, the longer of `longest` letters, from the
/// distance and the edits found backwards.
fn comparison(distance: f64, longest: usize, mut edits: Vec<Edit>) -> Comparison {
    edits.reverse();
    let hard_edits = edits.iter().filter(|e| e.cost >= OTHER).count();
    Comparison {
        distance,
        score: (1.0 - distance / longest.max(1) as f64).max(0.0),
        edits,
        hard_edits,
    }
}

/// [`compare`] as first written (costs and descriptions together), its oracle.
#[cfg(test)]
fn compare_reference(text: &str, form: &str) -> Comparison {
    let a: Vec<char> = text.chars().collect();
    let b: Vec<char> = form.chars().collect();
    let (n, m) = (a.len(), b.len());
    let w = m + 1;
    let mut d = vec![0.0f64; (n + 1) * w];
    for i in 1..=n {
        d[i * w] = d[(i - 1) * w] + indel_cost(a[i - 1], false).0;
    }
    for j in 1..=m {
        d[j] = d[j - 1] + indel_cost(b[j - 1], true).0;
    }
    for i in 1..=n {
        for j in 1..=m {
            let final_pos = i == n && j == m;
            let sub = d[(i - 1) * w + j - 1] + sub_cost(a[i - 1], b[j - 1], final_pos).0;
            let del = d[(i - 1) * w + j] + indel_cost(a[i - 1], false).0;
            let ins = d[i * w + j - 1] + indel_cost(b[j - 1], true).0;
            d[i * w + j] = sub.min(del).min(ins);
        }
    }
    // Backtrace for the reason.
    let mut edits = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let cur = d[i * w + j];
        if i > 0 && j > 0 {
            let (c, what) = sub_cost(a[i - 1], b[j - 1], i == n && j == m);
            if (d[(i - 1) * w + j - 1] + c - cur).abs() < 1e-9 {
                if c > 0.0 {
                    edits.push(Edit { what, cost: c });
                }
                i -= 1;
                j -= 1;
                continue;
            }
        }
        if i > 0 {
            let (c, what) = indel_cost(a[i - 1], false);
            if (d[(i - 1) * w + j] + c - cur).abs() < 1e-9 {
                edits.push(Edit { what, cost: c });
                i -= 1;
                continue;
            }
        }
        let (c, what) = indel_cost(b[j - 1], true);
        edits.push(Edit { what, cost: c });
        j -= 1;
    }
    comparison(d[n * w + m], n.max(m), edits)
}

/// Bit set of the [`CLASSES`] a letter belongs to (bit k = class k): it
/// runs once per letter compared, so it is read from a table over
/// U+0600–U+06FF (where every class letter is), not a table walk.
fn class_mask(c: char) -> u16 {
    CLASS_MASK_BLOCK
        .get((c as u32).wrapping_sub(0x0600) as usize)
        .copied()
        .unwrap_or(0)
}

/// [`class_mask_match`] of U+0600–U+06FF, by offset in the block.
const CLASS_MASK_BLOCK: [u16; 256] = arabic_block_table!(class_mask_match, 0u16);

/// [`class_mask`] spelled out.
const fn class_mask_match(c: char) -> u16 {
    match c {
        'ق' | 'ك' | 'خ' | 'غ' | 'گ' => 1,
        'ج' => 1 | 1 << 9,
        'ت' | 'ط' => 1 << 1,
        'س' => 1 << 2 | 1 << 3,
        'ص' | 'ث' => 1 << 2,
        'ش' => 1 << 2 | 1 << 8,
        'ز' | 'ذ' | 'ظ' => 1 << 3,
        'د' | 'ض' => 1 << 4,
        'ه' | 'ح' => 1 << 5,
        'ف' | 'ڤ' => 1 << 6,
        'ب' | 'پ' => 1 << 7,
        'چ' => 1 << 8,
        'ژ' => 1 << 9,
        _ => 0,
    }
}

/// A key prepared for [`distance_within`]: its letters with their class sets.
#[derive(Debug, Clone, Default)]
pub struct Letters {
    chars: Vec<char>,
    masks: Vec<u16>,
}

impl Letters {
    /// Prepare `key`.
    pub fn new(key: &str) -> Self {
        let mut l = Self::default();
        l.set(key);
        l
    }

    /// Replace the contents with `key` (keeps the allocation).
    pub fn set(&mut self, key: &str) {
        self.chars.clear();
        self.masks.clear();
        for c in key.chars() {
            self.chars.push(c);
            self.masks.push(class_mask(c));
        }
    }

    /// Number of letters.
    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }
}

fn sub_cost_num(a: char, am: u16, b: char, bm: u16, final_pos: bool) -> f64 {
    if a == b {
        return 0.0;
    }
    let final_set = |c: char| matches!(c, 'ا' | 'ي' | 'ه');
    if final_pos && final_set(a) && final_set(b) {
        return FINAL_VOWEL;
    }
    if is_vowel(a) && is_vowel(b) {
        return VOWEL_EDIT;
    }
    if am & bm != 0 {
        return CLASS_SUB;
    }
    OTHER
}

fn indel_cost_num(c: char) -> f64 {
    if is_vowel(c) {
        VOWEL_EDIT
    } else if c == 'ء' {
        HAMZA_EDIT
    } else {
        OTHER
    }
}

/// Reusable buffers for [`distance_within`].
#[derive(Debug, Default)]
pub struct DistanceScratch {
    d: Vec<f64>,
}

/// The distance, the number of hard edits and the number of edits that
/// [`compare`] would report for `text` → `form`, computed without building the edit descriptions; or
/// `None` as soon as the distance is sure to exceed `limit`. Same arithmetic
/// and the same backtrace as [`compare`], so the numbers are identical.
pub fn distance_within(
    text: &Letters,
    form: &Letters,
    limit: f64,
    scratch: &mut DistanceScratch,
) -> Option<(f64, usize, usize)> {
    let (a, am, b, bm) = (&text.chars, &text.masks, &form.chars, &form.masks);
    let (n, m) = (a.len(), b.len());
    let w = m + 1;
    let d = &mut scratch.d;
    d.clear();
    d.resize((n + 1) * w, 0.0);
    for i in 1..=n {
        d[i * w] = d[(i - 1) * w] + indel_cost_num(a[i - 1]);
    }
    for j in 1..=m {
        d[j] = d[j - 1] + indel_cost_num(b[j - 1]);
    }
    for i in 1..=n {
        let del_c = indel_cost_num(a[i - 1]);
        let mut row_min = d[i * w];
        for j in 1..=m {
            let final_pos = i == n && j == m;
            let sub = d[(i - 1) * w + j - 1]
                + sub_cost_num(a[i - 1], am[i - 1], b[j - 1], bm[j - 1], final_pos);
            let del = d[(i - 1) * w + j] + del_c;
            let ins = d[i * w + j - 1] + indel_cost_num(b[j - 1]);
            let v = sub.min(del).min(ins);
            d[i * w + j] = v;
            row_min = row_min.min(v);
        }
        // Costs are positive: every path to the end crosses this row.
        if row_min > limit {
            return None;
        }
    }
    let distance = d[n * w + m];
    if distance > limit {
        return None;
    }
    let (mut hard, mut edits) = (0, 0);
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let cur = d[i * w + j];
        if i > 0 && j > 0 {
            let c = sub_cost_num(a[i - 1], am[i - 1], b[j - 1], bm[j - 1], i == n && j == m);
            if (d[(i - 1) * w + j - 1] + c - cur).abs() < 1e-9 {
                if c > 0.0 {
                    edits += 1;
                }
                if c >= OTHER {
                    hard += 1;
                }
                i -= 1;
                j -= 1;
                continue;
            }
        }
        edits += 1;
        if i > 0 {
            let c = indel_cost_num(a[i - 1]);
            if (d[(i - 1) * w + j] + c - cur).abs() < 1e-9 {
                if c >= OTHER {
                    hard += 1;
                }
                i -= 1;
                continue;
            }
        }
        if indel_cost_num(b[j - 1]) >= OTHER {
            hard += 1;
        }
        j -= 1;
    }
    Some((distance, hard, edits))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compare_equals_the_reference() {
        let g = crate::glossary::load::load(&[std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/glossary"
        ))])
        .unwrap();
        let keys: Vec<&str> = g
            .forms
            .iter()
            .filter(|f| f.is_arabic())
            .map(|f| f.key.as_str())
            .take(150)
            .collect();
        for a in &keys {
            for b in &keys {
                assert_eq!(compare(a, b), compare_reference(a, b), "{a} | {b}");
            }
        }
        for (a, b) in [
            ("", "ابc"),
            ("ءو", ""),
            ("روسيا", "روسيه"),
            ("قزان", "كازان"),
        ] {
            assert_eq!(compare(a, b), compare_reference(a, b), "{a} | {b}");
        }
    }

    #[test]
    fn class_rep_equals_the_table() {
        for c in ('\u{0600}'..='\u{06FF}').chain('a'..='z') {
            assert_eq!(class_rep(c), class_rep_by_table(c), "{c}");
        }
    }
    use crate::key::form_keys;

    fn cmp(a: &str, b: &str) -> Comparison {
        compare(&form_keys(a).1, &form_keys(b).1)
    }

    #[test]
    fn final_vowel_alternation_is_cheap() {
        let c = cmp("ألماتي", "ألماتا");
        assert!((c.distance - FINAL_VOWEL).abs() < 1e-9, "{c:?}");
        assert_eq!(c.reason(), "ي→ا (final vowel)");
    }

    #[test]
    fn doubled_vowels_and_class_substitutions_are_cheap() {
        let c = cmp("توكايف", "توكاييف");
        assert!((c.distance - VOWEL_EDIT).abs() < 1e-9);
        let c = cmp("خوسيب بوريل", "جوزيب بوريل");
        assert!((c.distance - 2.0 * CLASS_SUB).abs() < 1e-9, "{c:?}");
        assert_eq!(c.hard_edits, 0);
        let c = cmp("قرغيزستان", "قيرغيزستان");
        assert!((c.distance - VOWEL_EDIT).abs() < 1e-9);
    }

    #[test]
    fn unrelated_letters_cost_full() {
        let c = cmp("اسيا", "روسيا");
        assert!(c.distance >= OTHER, "{c:?}");
        assert!(c.hard_edits >= 1);
        let c = cmp("بريطانيا", "بيلاروسيا");
        assert!(c.score < 0.7, "{c:?}");
    }

    #[test]
    fn class_mask_matches_the_class_table() {
        for (set, _) in CLASSES {
            for c in set.chars() {
                let want = CLASSES
                    .iter()
                    .enumerate()
                    .filter(|(_, (s, _))| s.contains(c))
                    .fold(0u16, |m, (k, _)| m | 1 << k);
                assert_eq!(class_mask(c), want, "{c}");
            }
        }
        assert_eq!(class_mask('م'), 0);
        // Outside the table: no class.
        for c in ['a', 'ۿ', 'ݐ', '\u{FEFB}'] {
            assert_eq!(class_mask(c), class_mask_match(c), "{c}");
        }
    }

    #[test]
    fn distance_within_agrees_with_compare() {
        let words = [
            "ألماتي",
            "ألماتا",
            "توكايف",
            "توكاييف",
            "خوسيب بوريل",
            "جوزيب بوريل",
            "قرغيزستان",
            "قيرغيزستان",
            "اسيا",
            "روسيا",
            "بريطانيا",
            "بيلاروسيا",
            "هيئة",
            "جزء",
            "موسكو",
        ];
        let mut scratch = DistanceScratch::default();
        for a in words {
            for b in words {
                let (ka, kb) = (form_keys(a).1, form_keys(b).1);
                let c = compare(&ka, &kb);
                let got =
                    distance_within(&Letters::new(&ka), &Letters::new(&kb), 100.0, &mut scratch);
                assert_eq!(
                    got,
                    Some((c.distance, c.hard_edits, c.edits.len())),
                    "{a} / {b}"
                );
                let cut = distance_within(
                    &Letters::new(&ka),
                    &Letters::new(&kb),
                    c.distance - 0.01,
                    &mut scratch,
                );
                assert_eq!(cut, None, "{a} / {b} must be cut below its distance");
            }
        }
    }

    #[test]
    fn identical_keys_score_one() {
        let c = cmp("موسكو", "موسكو");
        assert_eq!(c.score, 1.0);
        assert_eq!(c.reason(), "identical keys");
    }
}
