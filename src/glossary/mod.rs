//! The curated glossary: entities, their written forms, and their statuses.
//!
//! Loading and validation live in [`load`], the canonical file layout in
//! [`canonical`], and the lookup structure used by the matcher in [`index`].

pub mod cache;
pub mod canonical;
pub mod check;
pub mod export;
pub mod import;
pub mod index;
pub mod load;
pub mod merge;
pub mod rows;
pub mod shared;

pub use shared::{Extra, Shared, Text};

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// The required columns, in order.
pub const REQUIRED_COLUMNS: [&str; 6] = ["entity_id", "type", "lang", "form", "status", "note"];

/// TBX term status of a written form.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The house spelling.
    Preferred,
    /// Acceptable (short form, alternative name).
    Admitted,
    /// To be replaced by the preferred form.
    Deprecated,
    /// Outdated; must be replaced.
    Superseded,
}

impl Status {
    /// All statuses, in canonical order.
    pub const ALL: [Status; 4] = [
        Status::Preferred,
        Status::Admitted,
        Status::Deprecated,
        Status::Superseded,
    ];

    /// Lowercase name as written in the glossary.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Preferred => "preferred",
            Status::Admitted => "admitted",
            Status::Deprecated => "deprecated",
            Status::Superseded => "superseded",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Status::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or(())
    }
}

/// Kind of entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityType {
    /// A person.
    Person,
    /// A place.
    Place,
    /// An organisation.
    Organization,
    /// A media outlet.
    Media,
    /// A product.
    Product,
    /// Anything else.
    Other,
}

impl EntityType {
    /// All types.
    pub const ALL: [EntityType; 6] = [
        EntityType::Person,
        EntityType::Place,
        EntityType::Organization,
        EntityType::Media,
        EntityType::Product,
        EntityType::Other,
    ];

    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "person",
            EntityType::Place => "place",
            EntityType::Organization => "organization",
            EntityType::Media => "media",
            EntityType::Product => "product",
            EntityType::Other => "other",
        }
    }
}

impl FromStr for EntityType {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        EntityType::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or(())
    }
}

/// Term type (full name, short form, acronym, nickname); used to decide which
/// spellings compete with each other in the consistency check.
pub const TERM_TYPES: [&str; 4] = ["full", "short", "acronym", "nickname"];

/// One written form of an entity (one glossary row).
///
/// A large glossary holds hundreds of thousands of these: the texts are
/// [`Text`] (no spare capacity), the repeated ones [`Shared`], and the
/// numbers narrow (see the size test).
#[derive(Debug, Clone)]
pub struct Form {
    /// Index of the entity in [`Glossary::entities`].
    pub entity: usize,
    /// BCP-47 language tag.
    pub lang: Shared,
    /// The form as written in the glossary.
    pub text: Text,
    /// Free-text note.
    pub note: Shared,
    /// Term type (`full` when the column is absent or empty).
    pub term_type: Shared,
    /// Glossary file it came from.
    pub file: Shared,
    /// Extra columns (name, value), kept as read.
    pub extra: Extra,
    /// Normalised tokens joined by single spaces.
    pub spaced: Text,
    /// Loose key (spaces, hyphens and alef runs ignored).
    pub key: Text,
    /// 1-based line in that file.
    pub line: u32,
    /// Number of normalised tokens.
    pub tokens: u16,
    /// Its status.
    pub status: Status,
}

impl Form {
    /// True for Arabic-script forms.
    pub fn is_arabic(&self) -> bool {
        self.lang == "ar" || self.lang.starts_with("ar-")
    }
}

/// An entity with all its forms.
#[derive(Debug, Clone)]
pub struct Entity {
    /// Stable slug.
    pub id: String,
    /// Its type.
    pub etype: EntityType,
    /// Indices into [`Glossary::forms`], in load order.
    pub forms: Vec<usize>,
}

/// A loaded, validated glossary.
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    /// Entities in order of first appearance.
    pub entities: Vec<Entity>,
    /// All forms in load order.
    pub forms: Vec<Form>,
    /// Names of extra columns seen, in order of first appearance.
    pub extra_columns: Vec<String>,
    /// Files loaded, in order.
    pub files: Vec<String>,
}

impl Glossary {
    /// The preferred form of `entity` in `lang`.
    pub fn preferred(&self, entity: usize, lang: &str) -> Option<&Form> {
        self.entities[entity]
            .forms
            .iter()
            .map(|&f| &self.forms[f])
            .find(|f| f.lang == lang && f.status == Status::Preferred)
    }

    /// Preferred Arabic form text (empty when none).
    pub fn canonical_ar(&self, entity: usize) -> &str {
        self.preferred(entity, "ar").map_or("", |f| f.text.as_str())
    }

    /// Preferred English form text (empty when none).
    pub fn canonical_en(&self, entity: usize) -> &str {
        self.preferred(entity, "en").map_or("", |f| f.text.as_str())
    }

    /// Find an entity by id.
    pub fn entity_index(&self, id: &str) -> Option<usize> {
        self.entities.iter().position(|e| e.id == id)
    }
}

impl Glossary {
    /// The form an editor should write instead of `form`: the form itself when
    /// it is preferred or admitted; otherwise the preferred or admitted form
    /// of the same entity, language and term type; otherwise the entity's
    /// preferred form in that language.
    pub fn replacement_for(&self, form: usize) -> usize {
        let f = &self.forms[form];
        if matches!(f.status, Status::Preferred | Status::Admitted) {
            return form;
        }
        let same_lang = || {
            self.entities[f.entity]
                .forms
                .iter()
                .copied()
                .filter(|&o| self.forms[o].lang == f.lang)
        };
        let pick = |want_term: bool| {
            same_lang()
                .filter(|&o| !want_term || self.forms[o].term_type == f.term_type)
                .filter(|&o| matches!(self.forms[o].status, Status::Preferred | Status::Admitted))
                .min_by_key(|&o| (self.forms[o].status, o))
        };
        pick(true).or_else(|| pick(false)).unwrap_or(form)
    }
}

impl Glossary {
    /// A copy without form `fi` (for leave-one-out evaluation). When the
    /// removed form was preferred, the entity's next form in that language
    /// (by status rank) is promoted so the copy stays well-formed.
    pub fn without_form(&self, fi: usize) -> Glossary {
        let mut g = self.clone();
        let removed = g.forms.remove(fi);
        for e in &mut g.entities {
            e.forms.retain(|&f| f != fi);
            for f in &mut e.forms {
                if *f > fi {
                    *f -= 1;
                }
            }
        }
        if removed.status == Status::Preferred {
            let next = g.entities[removed.entity]
                .forms
                .iter()
                .copied()
                .filter(|&f| g.forms[f].lang == removed.lang)
                .min_by_key(|&f| (g.forms[f].status, f));
            if let Some(n) = next {
                g.forms[n].status = Status::Preferred;
            }
        }
        g
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_stays_small() {
        // 305,000 forms of a 100,000-entity glossary: every 8 bytes here
        // are 2.4 MB. (192 bytes with `String`s, `Arc<str>`s and `usize`s;
        // 112 with `key` a `String`.)
        if std::mem::size_of::<usize>() == 8 {
            assert_eq!(std::mem::size_of::<Form>(), 104);
        }
    }
}
