//! Compact text of glossary forms.
//!
//! - [`Shared`]: text that many glossary forms repeat (a language tag, a term
//!   type, the glossary file's name, a recurring note), stored once. A
//!   300,000-form glossary otherwise holds 300,000 copies of `ar`, of `full`
//!   and of its file name, each a separate allocation. One pointer wide.
//! - [`Text`]: text of one form (the form as written, its spaced key): a
//!   `String` without the spare capacity field.
//! - [`Extra`]: the extra columns of a form, one pointer wide and no
//!   allocation when the glossary has none.
//!
//! All read like a `&str` (`Deref`, `as_str`, comparisons with `str`, `&str`
//! and `String`, `Display`, `Debug` and `Serialize` as the text).

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// Immutable shared text (a thin pointer: the language tag, term type, note
/// and file of every form are four of them).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Shared(Arc<Box<str>>);

/// Immutable text of one form.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(Box<str>);

/// The `&str`-like surface of [`Shared`] and [`Text`].
macro_rules! str_like {
    ($t:ident) => {
        impl $t {
            /// The text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl Default for $t {
            fn default() -> Self {
                $t::from("")
            }
        }

        impl Deref for $t {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $t {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl Borrow<str> for $t {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl From<&$t> for String {
            fn from(s: &$t) -> Self {
                s.as_str().to_string()
            }
        }

        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl fmt::Debug for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(self.as_str(), f)
            }
        }

        impl PartialEq<str> for $t {
            fn eq(&self, o: &str) -> bool {
                self.as_str() == o
            }
        }

        impl PartialEq<&str> for $t {
            fn eq(&self, o: &&str) -> bool {
                self.as_str() == *o
            }
        }

        impl PartialEq<String> for $t {
            fn eq(&self, o: &String) -> bool {
                self.as_str() == o.as_str()
            }
        }

        impl PartialEq<$t> for str {
            fn eq(&self, o: &$t) -> bool {
                self == o.as_str()
            }
        }

        impl PartialEq<$t> for &str {
            fn eq(&self, o: &$t) -> bool {
                *self == o.as_str()
            }
        }

        impl PartialEq<$t> for String {
            fn eq(&self, o: &$t) -> bool {
                self.as_str() == o.as_str()
            }
        }

        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

str_like!(Shared);
str_like!(Text);

impl From<&str> for Shared {
    fn from(s: &str) -> Self {
        Shared(Arc::new(Box::from(s)))
    }
}

impl From<String> for Shared {
    fn from(s: String) -> Self {
        Shared(Arc::new(s.into_boxed_str()))
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text(Box::from(s))
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text(s.into_boxed_str())
    }
}

impl From<Text> for String {
    fn from(s: Text) -> Self {
        s.0.into_string()
    }
}

/// The extra columns of a form: (column name, value), kept as read. Reads
/// like a slice; costs one pointer and no allocation when empty.
#[derive(Clone, Default, PartialEq, Eq)]
// (A boxed `Vec` is the point: one pointer in the form, not three.)
#[allow(clippy::box_collection)]
pub struct Extra(Option<Box<Vec<(Shared, Text)>>>);

impl Extra {
    /// The value of column `name`, if the form has that column.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Deref for Extra {
    type Target = [(Shared, Text)];
    fn deref(&self) -> &[(Shared, Text)] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }
}

impl FromIterator<(Shared, Text)> for Extra {
    fn from_iter<I: IntoIterator<Item = (Shared, Text)>>(it: I) -> Self {
        let v: Vec<(Shared, Text)> = it.into_iter().collect();
        Extra((!v.is_empty()).then(|| Box::new(v)))
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Hands out one [`Shared`] per distinct text.
#[derive(Default)]
pub struct Interner {
    pool: rustc_hash::FxHashSet<Shared>,
    /// The last texts handed out: a glossary row repeats the previous row's
    /// language, term type and file, found here without hashing.
    recent: [Option<Shared>; 4],
    next: usize,
}

impl Interner {
    /// The shared copy of `s`.
    pub fn get(&mut self, s: &str) -> Shared {
        if let Some(x) = self.recent.iter().flatten().find(|x| x.as_str() == s) {
            return x.clone();
        }
        let x = match self.pool.get(s) {
            Some(x) => x.clone(),
            None => {
                let x = Shared::from(s);
                self.pool.insert(x.clone());
                x
            }
        };
        self.recent[self.next] = Some(x.clone());
        self.next = (self.next + 1) % self.recent.len();
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interned_text_is_one_allocation_and_reads_like_str() {
        let mut i = Interner::default();
        let a = i.get("ar");
        let b = i.get("ar");
        assert!(Arc::ptr_eq(&a.0, &b.0));
        assert_eq!(a, "ar");
        let owned = String::from("ar");
        assert!("ar" == a);
        assert!(a == owned);
        assert!(owned == a);
        assert!(a.starts_with('a'));
        assert_eq!(format!("{a}/{a:?}"), "ar/\"ar\"");
        assert_ne!(i.get("en"), a);
        // Past the recent ones, still the same allocation.
        for t in ["b", "c", "d", "e", "f"] {
            i.get(t);
        }
        assert!(Arc::ptr_eq(&i.get("ar").0, &a.0));
    }

    #[test]
    fn text_and_extra_read_like_str_and_slice() {
        let t = Text::from("روسيا");
        assert_eq!(t, "روسيا");
        let owned = String::from("روسيا");
        assert!(owned == t);
        assert_eq!(t.chars().count(), 5);
        assert_eq!(format!("{t}/{t:?}"), "روسيا/\"روسيا\"");
        assert_eq!(String::from(t.clone()), "روسيا");
        let none: Extra = std::iter::empty().collect();
        assert!(none.is_empty());
        assert_eq!(none.get("wikidata"), None);
        let e: Extra = [(Shared::from("wikidata"), Text::from("Q159"))]
            .into_iter()
            .collect();
        assert_eq!(e.len(), 1);
        assert_eq!(e.get("wikidata"), Some("Q159"));
        assert_eq!(e.get("other"), None);
        assert_eq!(format!("{e:?}"), "[(\"wikidata\", \"Q159\")]");
    }

    #[test]
    fn one_pointer_wide() {
        use std::mem::size_of;
        assert_eq!(size_of::<Shared>(), size_of::<usize>());
        assert_eq!(size_of::<Extra>(), size_of::<usize>());
        assert_eq!(size_of::<Text>(), 2 * size_of::<usize>());
    }
}
