//! `consistency.json`: the report model as pretty-printed JSON.

use std::io::Write;

use serde::ser::{Error as _, SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::report::{ReportSource, SpellingReport};

/// Serialise the report (keys in struct order, so output is deterministic).
pub fn consistency_json(report: &dyn ReportSource) -> Vec<u8> {
    crate::report::in_memory(|out| consistency_json_to(report, out))
}

/// [`consistency_json`] into a writer: the same bytes as serialising a
/// [`crate::report::Report`] with serde, one entity at a time.
pub fn consistency_json_to(report: &dyn ReportSource, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &Whole(report))?;
    out.write_all(b"\n")
}

/// [`crate::report::Report`]'s fields.
struct Whole<'a>(&'a dyn ReportSource);

impl Serialize for Whole<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Report", 2)?;
        st.serialize_field("summary", self.0.summary())?;
        st.serialize_field("entities", &Entities(self.0))?;
        st.end()
    }
}

struct Entities<'a>(&'a dyn ReportSource);

impl Serialize for Entities<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let n = self.0.len();
        let mut seq = s.serialize_seq(Some(n))?;
        for i in 0..n {
            seq.serialize_element(&Entity(self.0, i))?;
        }
        seq.end()
    }
}

/// [`crate::report::EntityReport`]'s fields, in its order.
struct Entity<'a>(&'a dyn ReportSource, usize);

impl Serialize for Entity<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (r, i) = (self.0, self.1);
        let e = r.entity(i);
        let mut st = s.serialize_struct("EntityReport", 8)?;
        st.serialize_field("entity_id", &e.entity_id)?;
        st.serialize_field("type", &e.etype)?;
        st.serialize_field("canonical_ar", &e.canonical_ar)?;
        st.serialize_field("canonical_en", &e.canonical_en)?;
        st.serialize_field("mentions", &e.mentions)?;
        st.serialize_field("spelled_more_than_one_way", &e.spelled_more_than_one_way)?;
        st.serialize_field("spellings", &Spellings(r, i, &e.spellings))?;
        st.serialize_field("inconsistent_documents", &Inconsistent(r, i))?;
        st.end()
    }
}

struct Spellings<'a>(&'a dyn ReportSource, usize, &'a [SpellingReport]);

impl Serialize for Spellings<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (r, i, spellings) = (self.0, self.1, self.2);
        let mut seq = s.serialize_seq(Some(spellings.len()))?;
        for (k, sp) in spellings.iter().enumerate() {
            seq.serialize_element(&Spelling(sp, &r.files(i, k)))?;
        }
        seq.end()
    }
}

/// [`SpellingReport`]'s fields, in its order, with the files read apart.
struct Spelling<'a>(&'a SpellingReport, &'a [crate::glossary::Shared]);

impl Serialize for Spelling<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let sp = self.0;
        let mut st = s.serialize_struct("SpellingReport", 8)?;
        st.serialize_field("spelling", &sp.spelling)?;
        st.serialize_field("status", &sp.status)?;
        st.serialize_field("term_type", &sp.term_type)?;
        st.serialize_field("lang", &sp.lang)?;
        st.serialize_field("match_kinds", &sp.match_kinds)?;
        st.serialize_field("count", &sp.count)?;
        st.serialize_field("files", self.1)?;
        st.serialize_field("suggested", &sp.suggested)?;
        st.end()
    }
}

struct Inconsistent<'a>(&'a dyn ReportSource, usize);

impl Serialize for Inconsistent<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (r, i) = (self.0, self.1);
        let mut seq = s.serialize_seq(Some(r.inconsistent_count(i)))?;
        // A serialiser's error stops the walk (as an I/O error) and is
        // returned as it was.
        let mut failed: Option<S::Error> = None;
        let walked = r.each_inconsistency(i, &mut |d| {
            seq.serialize_element(d).map_err(|e| {
                failed = Some(e);
                std::io::Error::other("stopped")
            })
        });
        if let Some(e) = failed {
            return Err(e);
        }
        walked.map_err(S::Error::custom)?;
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_walk_prints_what_serde_prints_for_the_model() {
        let g = crate::glossary::load::load_sources(&[(
            "g.csv".to_string(),
            "entity_id,type,lang,form,status,note,term_type\n\
             almaty,place,ar,ألماتي,preferred,,full\n\
             almaty,place,ar,ألما آتا,deprecated,,full\n\
             almaty,place,en,Almaty,preferred,,full\n"
                .as_bytes()
                .to_vec(),
        )])
        .expect("a valid glossary");
        let m = crate::matcher::Matcher::new(&g, Default::default());
        let docs: Vec<_> = [
            (
                "b.txt",
                "زار ألماتي ثم ألما آتا.\nوفي ألماتي \"قال\" Almaty",
            ),
            ("a.txt", "ألماتي"),
            ("c.txt", "لا شيء"),
        ]
        .iter()
        .map(|(f, t)| {
            let doc = crate::source::SourceFile::from_text(*f, t.to_string(), 0);
            crate::scan::scan_document(&m, &doc)
        })
        .collect();
        let report = crate::report::build(&g, &docs);
        assert!(!report.entities[0].inconsistent_documents.is_empty());
        let mut serde = serde_json::to_vec_pretty(&report).expect("serialised");
        serde.push(b'\n');
        assert_eq!(
            String::from_utf8(consistency_json(&report)).expect("UTF-8"),
            String::from_utf8(serde).expect("UTF-8")
        );
    }
}
