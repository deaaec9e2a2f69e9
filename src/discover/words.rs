//! Word-level evidence for `discover`: is a normalised Arabic word an
//! ordinary word, does it have the shape of a transliterated foreign name,
//! is it a title or class noun that announces a name.
//!
//! "Ordinary" is decided by the embedded frequent-word list (wordfreq top
//! 30k, see [`crate::lexicon`]) under every proclitic reading, with the
//! article added, and — as a weaker verdict — after stripping common Arabic
//! affixes. The list also holds famous names (روسيا، بوتين), so an ordinary
//! verdict is only a default that strong shape or context can override.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::glossary::EntityType;
use crate::lexicon::Lexicon;
use crate::matcher::clitic;
use crate::normalize::fold;

/// What the lexicon says about a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Familiarity {
    /// The word (or a proclitic reading of it, or it with the article) is frequent.
    Ordinary,
    /// Only an affix-stripped stem is frequent (an inflected ordinary word, or a name that happens to contain one).
    Stem,
    /// Nothing in the lexicon explains it.
    Unknown,
}

/// Suffixes stripped for the stem check (pronouns, plural and verb endings).
const SUFFIXES: [&str; 19] = [
    "تها", "تهم", "هما", "ها", "هم", "هن", "كم", "نا", "وا", "ون", "ين", "ات", "ان", "تم", "ني",
    "ت", "ه", "ي", "ا",
];
/// Prefixes stripped for the stem check (clitics, future, imperfect, article).
const PREFIXES: [&str; 16] = [
    "وال", "بال", "فال", "است", "وس", "وت", "وي", "ال", "سي", "ست", "و", "ف", "س", "ت", "ي", "ن",
];

/// Familiarity of a normalised Arabic word.
pub fn familiarity(word: &str) -> Familiarity {
    let lex = Lexicon::embedded();
    let readings = clitic::splits(word);
    for s in &readings {
        let r = format!("{}{}", s.restore, &word[s.skip..]);
        if lex.is_frequent(&r) {
            return Familiarity::Ordinary;
        }
    }
    if !word.starts_with("ال") && lex.is_frequent(&format!("ال{word}")) {
        return Familiarity::Ordinary;
    }
    // Defective nouns lose their final ي when indefinite (مبانٍ = مباني).
    if lex.is_frequent(&format!("{word}ي")) || lex.is_frequent(&format!("ال{word}ي")) {
        return Familiarity::Stem;
    }
    if vowelless(word) {
        return Familiarity::Stem;
    }
    let mut stems: Vec<String> = Vec::new();
    for s in &readings {
        let r = format!("{}{}", s.restore, &word[s.skip..]);
        let n = r.chars().count();
        for p in PREFIXES {
            if let Some(rest) = r.strip_prefix(p) {
                if rest.chars().count() >= 3 && n >= 5 {
                    stems.push(rest.to_string());
                }
            }
        }
        stems.push(r);
    }
    for st in &stems {
        for suf in SUFFIXES {
            let Some(base) = st.strip_suffix(suf) else {
                continue;
            };
            if base.chars().count() < 3 {
                continue;
            }
            // ة and ى/ي come back when a suffix is removed (شرطتها → شرطه).
            for cand in [base.to_string(), format!("{base}ه"), format!("{base}ي")] {
                if lex.is_frequent(&cand) {
                    return Familiarity::Stem;
                }
            }
        }
    }
    Familiarity::Unknown
}

/// True when a word has no long-vowel letter after its first letter (an
/// inflectional ending removed first): Arabic writes short vowels not at
/// all, transliterations write every vowel out (اضرم، هتفوا، نددت vs ساكي،
/// بلينكن، تاس).
pub fn vowelless(word: &str) -> bool {
    let w = word
        .strip_prefix("ال")
        .filter(|r| r.chars().count() >= 3)
        .unwrap_or(word);
    let mut stem = w;
    for suf in ["وا", "ون", "ين", "ات", "ها", "هم", "ت", "ه", "ا"] {
        if let Some(b) = w.strip_suffix(suf) {
            if b.chars().count() >= 3 {
                stem = b;
                break;
            }
        }
    }
    stem.chars().count() >= 3 && !stem.chars().skip(1).any(|c| matches!(c, 'ا' | 'و' | 'ي'))
}

/// Strength of a transliteration-shape cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Shape {
    /// Nothing.
    None,
    /// A weak cue (final و, many long vowels).
    Weak,
    /// A strong cue (-وف, -يف), not enough to overrule the lexicon.
    Strong,
    /// A cue no ordinary Arabic word has (-ستان, -ييف, -سكي, پ چ ژ ڤ گ …):
    /// it overrules the lexicon, which also lists famous names.
    Decisive,
}

/// Transliteration-shape cue of a normalised Arabic word, with the reason.
///
/// The cues were chosen by comparing the glossary's Arabic name tokens with
/// the frequent-word list: -ستان, -ييف and -وف/-يف endings are 10–250 times
/// more frequent among names; a final و about 5 times; three or more long
/// vowel letters about twice.
pub fn shape(word: &str) -> (Shape, &'static str) {
    let w = word
        .strip_prefix("ال")
        .filter(|r| r.chars().count() >= 4)
        .unwrap_or(word);
    let n = w.chars().count();
    if w.chars()
        .any(|c| matches!(c, 'پ' | 'چ' | 'ژ' | 'ڤ' | 'گ' | 'ڨ' | 'ڭ'))
    {
        return (
            Shape::Decisive,
            "letters used only for foreign sounds (پ چ ژ ڤ گ)",
        );
    }
    if n >= 6 && w.ends_with("ستان") {
        return (Shape::Decisive, "ends in -ستان (-stan)");
    }
    const ENDINGS: [(&str, &str, Shape); 9] = [
        ("ييف", "ends in -ييف (-yev)", Shape::Decisive),
        ("وفيتش", "ends in -وفيتش (-ovich)", Shape::Decisive),
        ("يفيتش", "ends in -يفيتش (-evich)", Shape::Decisive),
        ("سكي", "ends in -سكي (-sky)", Shape::Decisive),
        ("ينكو", "ends in -ينكو (-enko)", Shape::Decisive),
        ("شفيلي", "ends in -شفيلي (-shvili)", Shape::Decisive),
        ("وغلو", "ends in -وغلو (-oğlu)", Shape::Decisive),
        ("وف", "ends in -وف (-ov)", Shape::Strong),
        ("يف", "ends in -يف (-ev)", Shape::Strong),
    ];
    if n >= 5 {
        for (end, why, strength) in ENDINGS {
            if w.ends_with(end) {
                return (strength, why);
            }
        }
    }
    if n >= 5 && w.ends_with('و') && !w.ends_with("وو") {
        return (Shape::Weak, "ends in و (-o, -ow)");
    }
    let vowels = w.chars().filter(|c| matches!(c, 'ا' | 'و' | 'ي')).count();
    if n >= 6 && vowels >= 3 && vowels * 2 >= n {
        return (Shape::Weak, "many long-vowel letters");
    }
    (Shape::None, "")
}

/// Arabic derivational shapes that mark a word as an ordinary Arabic word
/// even when the lexicon does not know it: nisba adjectives and plurals
/// (الكازاخية، الكازاخستانيين), participles (متظاهرين، المكسوة), and
/// inflected verbs (وتناثرت، ونهبوه، سنتغلب). `written` is the word as
/// written (marks removed, not folded): only a bare ال is the article, so
/// ألماتي and ألمانيا are not read as ال + ماتي.
pub fn arabic_morphology(written: &str) -> Option<&'static str> {
    let folded = fold(written);
    let article = written.starts_with("ال") && folded.chars().count() >= 5;
    let w = if article {
        &folded["ال".len()..]
    } else {
        folded.as_str()
    };
    let art = article;
    let n = w.chars().count();
    let nisba_plural = ["يه", "يين", "يون", "يات"].iter().any(|s| w.ends_with(s));
    if n >= 4 && (nisba_plural || (art && w.ends_with('ي'))) {
        return Some("nisba adjective");
    }
    let chars: Vec<char> = w.chars().collect();
    let inflected = ["ه", "ين", "ون", "ات", "ا"].iter().any(|s| w.ends_with(s));
    if n >= 5 && chars[0] == 'م' && !matches!(chars[1], 'ا' | 'و' | 'ي') && inflected {
        return Some("participle");
    }
    let verb_start = {
        let v = w.strip_prefix(['و', 'ف']).unwrap_or(w);
        let v = v.strip_prefix('س').unwrap_or(v);
        v.starts_with(['ت', 'ي', 'ن']) || w.starts_with(['و', 'ف']) && v.starts_with('ا')
    };
    let verb_end = ["وا", "ون", "ت", "ها", "هم", "وه"]
        .iter()
        .any(|s| w.ends_with(s));
    if !art && n >= 4 && verb_start && verb_end {
        return Some("inflected verb");
    }
    None
}

/// A word that announces a name, with the type of entity it announces.
pub fn title(word: &str) -> Option<EntityType> {
    titles().get(word).copied()
}

fn titles() -> &'static HashMap<String, EntityType> {
    static T: OnceLock<HashMap<String, EntityType>> = OnceLock::new();
    T.get_or_init(|| {
        use EntityType::*;
        let lists: [(EntityType, &[&str]); 5] = [
            (
                Person,
                &[
                    "الرئيس",
                    "رئيس",
                    "رئيسة",
                    "الرئيسة",
                    "وزير",
                    "وزيرة",
                    "الوزير",
                    "الوزيرة",
                    "المتحدث",
                    "المتحدثة",
                    "متحدث",
                    "الناطق",
                    "ناطق",
                    "الأمين",
                    "السفير",
                    "سفير",
                    "الجنرال",
                    "السيد",
                    "السيدة",
                    "الملك",
                    "الأمير",
                    "الشيخ",
                    "النائب",
                    "زعيم",
                    "الزعيم",
                    "مستشار",
                    "المستشار",
                    "المدير",
                    "مدير",
                    "نظيره",
                    "نظيرته",
                    "المبعوث",
                    "قائد",
                    "القائد",
                    "المعارض",
                    "الصحفي",
                    "المراسل",
                ],
            ),
            (
                Place,
                &[
                    "مدينة",
                    "مقاطعة",
                    "ولاية",
                    "منطقة",
                    "إقليم",
                    "العاصمة",
                    "عاصمة",
                    "جمهورية",
                    "بلدة",
                    "قرية",
                    "محافظة",
                    "جزيرة",
                    "نهر",
                    "بحيرة",
                ],
            ),
            (
                Media,
                &[
                    "وكالة",
                    "وكالات",
                    "صحيفة",
                    "قناة",
                    "مجلة",
                    "إذاعة",
                    "شبكة",
                    "تلفزيون",
                ],
            ),
            (
                Organization,
                &[
                    "منظمة",
                    "حزب",
                    "حركة",
                    "شركة",
                    "جامعة",
                    "مجموعة",
                    "تحالف",
                    "مؤسسة",
                    "هيئة",
                    "بنك",
                ],
            ),
            // موقع: "موقع التواصل الاجتماعي «فيسبوك»", a platform (a product).
            (
                Product,
                &[
                    "طراز",
                    "عملة",
                    "تطبيق",
                    "منصة",
                    "موقع",
                    "طائرة",
                    "طائرات",
                    "صاروخ",
                    "برنامج",
                ],
            ),
        ];
        let mut m = HashMap::new();
        for (t, words) in lists {
            for w in words {
                m.insert(fold(w), t);
            }
        }
        m
    })
}

/// Words that may stand between a title and the name it announces without
/// breaking the link (المتحدث باسم …، وكالة أنباء …).
pub fn title_link(word: &str) -> bool {
    matches!(word, "باسم" | "انباء" | "العام")
}

/// Function words (prepositions, particles, pronouns, relative pronouns):
/// a closed class that never belongs to a name or a title phrase.
pub fn function_word(word: &str) -> bool {
    static F: OnceLock<std::collections::HashSet<String>> = OnceLock::new();
    F.get_or_init(|| {
        [
            "في",
            "فى",
            "من",
            "عن",
            "على",
            "علي",
            "إلى",
            "الى",
            "مع",
            "بين",
            "حول",
            "ضد",
            "منذ",
            "خلال",
            "بعد",
            "قبل",
            "عند",
            "لدى",
            "حتى",
            "أن",
            "إن",
            "أنه",
            "إنه",
            "أنها",
            "لا",
            "ما",
            "لم",
            "لن",
            "قد",
            "كما",
            "هو",
            "هي",
            "هم",
            "هذا",
            "هذه",
            "ذلك",
            "تلك",
            "الذي",
            "التي",
            "الذين",
            "اللذان",
            "اللتان",
            "اللواتي",
            "اللاتي",
            "أو",
            "ثم",
            "لكن",
            "بل",
            "كل",
            "أي",
            "غير",
            "عبر",
            "نحو",
            "وفق",
            "دون",
        ]
        .iter()
        .map(|w| fold(w))
        .collect()
    })
    .contains(word)
}

/// Class nouns that head organisation and media names made of ordinary
/// words. Generic or plural nouns (موقع، وكالات، تحالف) are left out: their
/// phrases are mostly descriptions.
pub fn phrase_head(word: &str) -> Option<EntityType> {
    use EntityType::*;
    let heads: [(&str, EntityType); 13] = [
        ("منظمه", Organization),
        ("حزب", Organization),
        ("حركه", Organization),
        ("شركه", Organization),
        ("جامعه", Organization),
        ("موسسه", Organization),
        ("هييه", Organization),
        ("بنك", Organization),
        ("وكاله", Media),
        ("صحيفه", Media),
        ("مجله", Media),
        ("قناه", Media),
        ("اذاعه", Media),
    ];
    heads.iter().find(|(h, _)| *h == word).map(|(_, t)| *t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(w: &str) -> String {
        fold(w)
    }

    #[test]
    fn familiarity_reads_clitics_article_and_affixes() {
        assert_eq!(familiarity(&f("والحكومة")), Familiarity::Ordinary);
        assert_eq!(
            familiarity(&f("متظاهرين")),
            Familiarity::Ordinary,
            "المتظاهرين is frequent"
        );
        assert_eq!(familiarity(&f("ماسيموف")), Familiarity::Unknown);
        assert_eq!(familiarity(&f("قرغيزستان")), Familiarity::Unknown);
        assert_eq!(familiarity(&f("وقرغيزستان")), Familiarity::Unknown);
    }

    #[test]
    fn shape_cues() {
        assert_eq!(shape(&f("قرغيزستان")).0, Shape::Decisive);
        assert_eq!(shape(&f("ماسيموف")).0, Shape::Strong);
        assert_eq!(shape(&f("توكاييف")).0, Shape::Decisive);
        assert_eq!(shape(&f("ڤيينا")).0, Shape::Decisive);
        assert_eq!(shape(&f("مانغيستاو")).0, Shape::Weak);
        assert_eq!(shape(&f("الحكومة")).0, Shape::None);
        assert_eq!(shape(&f("سيف")).0, Shape::None, "too short");
    }

    #[test]
    fn arabic_morphology_cues() {
        assert_eq!(arabic_morphology("الكازاخية"), Some("nisba adjective"));
        assert_eq!(arabic_morphology("الكازاخي"), Some("nisba adjective"));
        assert_eq!(arabic_morphology("المكسوة"), Some("participle"));
        assert_eq!(arabic_morphology("وتناثرت"), Some("inflected verb"));
        assert_eq!(arabic_morphology("ونهبوه"), Some("inflected verb"));
        for name in [
            "ماسيموف",
            "توكاييف",
            "تليجرام",
            "ألماتي",
            "ألمانيا",
            "نيكول",
            "موسكو",
            "مانغيستاو",
        ] {
            assert_eq!(arabic_morphology(name), None, "{name}");
        }
    }

    #[test]
    fn vowelless_words_are_arabic() {
        for w in ["هتفوا", "اضرم", "نددت", "خبر"] {
            assert!(vowelless(&f(w)), "{w}");
        }
        for w in ["ساكي", "بلينكن", "تاس", "بوست", "سالتانات", "مير"] {
            assert!(!vowelless(&f(w)), "{w}");
        }
    }

    #[test]
    fn titles_are_folded() {
        assert_eq!(title(&f("مدينة")), Some(EntityType::Place));
        assert_eq!(title(&f("الأمين")), Some(EntityType::Person));
        assert_eq!(title(&f("كتاب")), None);
    }
}
