//! [`Shared`]: text that many glossary forms repeat (a language tag, a term
//! type, the glossary file's name, a recurring note), stored once. A
//! 300,000-form glossary otherwise holds 300,000 copies of `ar`, of `full`
//! and of its file name, each a separate allocation.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// Immutable shared text; reads like a `&str` (`Deref`, comparisons with
/// `str`, `&str` and `String`, `Display`).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Shared(Arc<str>);

impl Shared {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Shared {
    fn default() -> Self {
        Shared::from("")
    }
}

impl Deref for Shared {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Shared {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Shared {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Shared {
    fn from(s: &str) -> Self {
        Shared(Arc::from(s))
    }
}

impl From<String> for Shared {
    fn from(s: String) -> Self {
        Shared(Arc::from(s))
    }
}

impl From<&Shared> for String {
    fn from(s: &Shared) -> Self {
        s.as_str().to_string()
    }
}

impl fmt::Display for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl PartialEq<str> for Shared {
    fn eq(&self, o: &str) -> bool {
        &*self.0 == o
    }
}

impl PartialEq<&str> for Shared {
    fn eq(&self, o: &&str) -> bool {
        &*self.0 == *o
    }
}

impl PartialEq<String> for Shared {
    fn eq(&self, o: &String) -> bool {
        &*self.0 == o.as_str()
    }
}

impl PartialEq<Shared> for str {
    fn eq(&self, o: &Shared) -> bool {
        self == &*o.0
    }
}

impl PartialEq<Shared> for &str {
    fn eq(&self, o: &Shared) -> bool {
        *self == &*o.0
    }
}

impl PartialEq<Shared> for String {
    fn eq(&self, o: &Shared) -> bool {
        self.as_str() == &*o.0
    }
}

impl serde::Serialize for Shared {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
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
}
