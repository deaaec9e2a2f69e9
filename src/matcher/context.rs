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

/// Implicit surname forms: normalised surname → (entity, form it came from),
/// the surnames borrowed from the glossary's spaced keys.
#[derive(Debug, Clone, Default)]
pub struct Surnames<'g> {
    /// Surname → its range of `persons`.
    map: HashMap<&'g str, (u32, u32)>,
    /// (entity, form) of each surname, one per entity, in form order.
    persons: Vec<(usize, usize)>,
}

/// Shortest surname (in letters) that may stand for a person alone.
pub const MIN_SURNAME_CHARS: usize = 4;

impl<'g> Surnames<'g> {
    /// Collect surnames from the persons' multi-word Arabic forms.
    pub fn new(g: &'g Glossary, lexicon: &Lexicon) -> Self {
        // (surname, entity, form) in form order.
        let mut found: Vec<(&'g str, usize, usize)> = Vec::new();
        for (fi, f) in g.forms.iter().enumerate() {
            if !f.is_arabic() || f.tokens < 2 || g.entities[f.entity].etype != EntityType::Person {
                continue;
            }
            let Some(last) = f.spaced.rsplit(' ').next() else {
                continue;
            };
            if last.chars().count() < MIN_SURNAME_CHARS || lexicon.is_very_frequent(last) {
                continue;
            }
            found.push((last, f.entity, fi));
        }
        // Not when the surname is itself a form's key (another entity's
        // name): the few surnames are looked up in one pass over the
        // forms, rather than every key put in a set.
        let mut names: rustc_hash::FxHashSet<&str> = found.iter().map(|s| s.0).collect();
        for f in &g.forms {
            names.remove(f.key.as_str());
        }
        found.retain(|s| names.contains(s.0));
        // By surname, in form order within one (a stable sort).
        found.sort_by_key(|s| s.0);
        let mut map: HashMap<&'g str, (u32, u32)> = HashMap::default();
        map.reserve(names.len());
        let mut persons: Vec<(usize, usize)> = Vec::with_capacity(found.len());
        for group in found.chunk_by(|a, b| a.0 == b.0) {
            let start = persons.len();
            for &(_, e, fi) in group {
                if !persons[start..].iter().any(|(pe, _)| *pe == e) {
                    persons.push((e, fi));
                }
            }
            map.insert(group[0].0, (start as u32, persons.len() as u32));
        }
        persons.shrink_to_fit();
        Self { map, persons }
    }

    /// Persons (entity, source form) whose surname is `word`.
    pub fn get(&self, word: &str) -> &[(usize, usize)] {
        self.map
            .get(word)
            .map_or(&[], |&(s, e)| &self.persons[s as usize..e as usize])
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

    #[test]
    fn surnames_of_persons_once_per_entity_unless_listed() {
        let csv = "entity_id,type,lang,form,status,note\n\
             a,person,ar,أنتوني بلينكن,preferred,\n\
             a,person,ar,انتوني جون بلينكن,admitted,\n\
             b,person,ar,دافيد زيلبرمان,preferred,\n\
             c,person,ar,سارة زيلبرمان,preferred,\n\
             d,person,ar,جون كيري,preferred,\n\
             e,place,ar,كيري,preferred,\n\
             f,place,ar,نور سلطان,preferred,\n";
        let g = crate::glossary::load::load_sources(&[("g.csv".into(), csv.as_bytes().to_vec())])
            .unwrap();
        let s = Surnames::new(&g, Lexicon::embedded());
        assert!(!s.is_empty());
        assert_eq!(s.get("بلينكن"), [(0, 0)]);
        assert_eq!(s.get("زيلبرمان"), [(1, 2), (2, 3)]);
        // Another entity's form, and not a person's name.
        assert!(s.get("كيري").is_empty());
        assert!(s.get("سلطان").is_empty());
    }
}
