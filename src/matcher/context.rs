//! Names in context: surnames standing alone, and titles before a name.
//!
//! - **Surnames.** The last word of a person's multi-word Arabic form (بلينكن
//!   of أنتوني بلينكن) links to that person when it stands alone, if the
//!   glossary makes it unambiguous (no other person has that surname, it is
//!   not another entity's form, not a very frequent word, at least four letters),
//!   or, when two persons share it, if the same document names exactly one of
//!   them in full.
//! - **Titles.** A title or class noun just before a fuzzy match (الرئيس،
//!   وزير الخارجية، المتحدث باسم، مدينة، وكالة، صحيفة …) raises its confidence
//!   a little. It never creates a match on its own.

use rustc_hash::FxHashMap as HashMap;

use crate::glossary::{EntityType, Glossary};
use crate::lexicon::Lexicon;

/// Titles and class nouns (normalised), with the entity types they announce.
pub const TITLES: [(&str, &[EntityType]); 16] = [
    ("الرييس", &[EntityType::Person]),
    ("رييس", &[EntityType::Person]),
    ("وزير", &[EntityType::Person]),
    ("الوزير", &[EntityType::Person]),
    ("المتحدث", &[EntityType::Person]),
    ("المتحدثه", &[EntityType::Person]),
    ("باسم", &[EntityType::Person, EntityType::Organization]),
    ("الخارجيه", &[EntityType::Person]),
    ("مدينه", &[EntityType::Place]),
    ("العاصمه", &[EntityType::Place]),
    ("مقاطعه", &[EntityType::Place]),
    ("وكاله", &[EntityType::Media, EntityType::Organization]),
    ("صحيفه", &[EntityType::Media]),
    ("قناه", &[EntityType::Media]),
    ("منظمه", &[EntityType::Organization]),
    ("حلف", &[EntityType::Organization]),
];

/// Definite adjectives that, right after a place or organisation name, make
/// the name of another one: directions, colours, size, new and old
/// (كوريا الشمالية، روسيا البيضاء، دلهي الجديدة، لندن الكبرى، الناتو المصغر).
/// Like the titles, a closed class of the language, listed here; adjectives
/// that keep the entity (روسيا الاتحادية) are not in it.
pub const QUALIFIERS: [&str; 34] = [
    "الشمالية",
    "الشمالي",
    "الجنوبية",
    "الجنوبي",
    "الشرقية",
    "الشرقي",
    "الغربية",
    "الغربي",
    "الوسطى",
    "الأوسط",
    "البيضاء",
    "الأبيض",
    "السوداء",
    "الأسود",
    "الحمراء",
    "الأحمر",
    "الخضراء",
    "الأخضر",
    "الكبرى",
    "الأكبر",
    "الصغرى",
    "الأصغر",
    "المصغر",
    "المصغرة",
    "الجديدة",
    "الجديد",
    "القديمة",
    "القديم",
    "العليا",
    "الأعلى",
    "السفلى",
    "الأدنى",
    "الاستوائية",
    "الاستوائي",
];

/// Confidence added to a fuzzy match announced by a fitting title.
pub const TITLE_BONUS: f64 = 0.03;

/// The title (as listed) among `previous` normalised words that announces
/// an entity of type `t`, if any. Proclitics و ف ب ل are ignored.
pub fn title_before(previous: &[&str], t: EntityType) -> Option<&'static str> {
    for w in previous.iter().rev() {
        let bare = w.strip_prefix(['و', 'ف', 'ب', 'ل']).unwrap_or(w);
        for (title, types) in TITLES {
            if (*w == title || bare == title) && types.contains(&t) {
                return Some(title);
            }
        }
    }
    None
}

/// Implicit surname forms: normalised surname → (entity, form it came from).
#[derive(Debug, Clone, Default)]
pub struct Surnames {
    map: HashMap<String, Vec<(usize, usize)>>,
}

/// Shortest surname (in letters) that may stand for a person alone.
pub const MIN_SURNAME_CHARS: usize = 4;

impl Surnames {
    /// Collect surnames from the persons' multi-word Arabic forms.
    pub fn new(g: &Glossary, lexicon: &Lexicon) -> Self {
        let mut listed: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
        listed.reserve(g.forms.len());
        listed.extend(g.forms.iter().map(|f| f.key.as_str()));
        let mut map: HashMap<String, Vec<(usize, usize)>> = HashMap::default();
        for (fi, f) in g.forms.iter().enumerate() {
            if !f.is_arabic() || f.tokens < 2 || g.entities[f.entity].etype != EntityType::Person {
                continue;
            }
            let Some(last) = f.spaced.rsplit(' ').next() else {
                continue;
            };
            if last.chars().count() < MIN_SURNAME_CHARS
                || lexicon.is_very_frequent(last)
                || listed.contains(last)
            {
                continue;
            }
            let list = match map.get_mut(last) {
                Some(l) => l,
                None => map.entry(last.to_string()).or_default(),
            };
            if !list.iter().any(|(e, _)| *e == f.entity) {
                list.push((f.entity, fi));
            }
        }
        Self { map }
    }

    /// Persons (entity, source form) whose surname is `word`.
    pub fn get(&self, word: &str) -> &[(usize, usize)] {
        self.map.get(word).map_or(&[], Vec::as_slice)
    }

    /// True when no surname is known.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_announce_types() {
        assert_eq!(
            title_before(&["الرييس"], EntityType::Person),
            Some("الرييس")
        );
        assert_eq!(
            title_before(&["وقال", "الرييس"], EntityType::Person),
            Some("الرييس")
        );
        assert_eq!(title_before(&["مدينه"], EntityType::Person), None);
        assert_eq!(title_before(&["بمدينه"], EntityType::Place), Some("مدينه"));
    }
}
