//! What the printers read: a [`Report`] in memory, or a [`SpilledReport`]
//! whose bulky parts (the documents that spell an entity more than one way,
//! the files of every spelling) are read back one at a time as a printer
//! reaches them. Both print byte for byte the same.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io;

use crate::glossary::Shared;
use crate::report::spill::Store;
use crate::report::{DocumentInconsistency, EntityReport, Held, Parts, Report, Summary};

/// One document's inconsistencies, each with its entity, in report order.
pub type DocumentEntries<'a> = [(&'a EntityReport, &'a DocumentInconsistency)];

/// A report as its printers read it. The entities of
/// [`ReportSource::entity`] may have their `inconsistent_documents` and
/// their spellings' `files` left empty: printers read those through the
/// other methods.
pub trait ReportSource: Sync {
    /// The totals.
    fn summary(&self) -> &Summary;

    /// The number of entities.
    fn len(&self) -> usize;

    /// True when no entity was mentioned.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Entity `i` (most mentioned first).
    fn entity(&self, i: usize) -> Cow<'_, EntityReport>;

    /// The id of entity `i`.
    fn entity_id(&self, i: usize) -> &str;

    /// Entity `i` is spelled more than one way.
    fn varied(&self, i: usize) -> bool;

    /// The documents spelling `spelling` of entity `entity` appears in,
    /// sorted (indices of the entity and of its spellings).
    fn files(&self, entity: usize, spelling: usize) -> Cow<'_, [Shared]>;

    /// How many documents spell entity `entity` more than one way.
    fn inconsistent_count(&self, entity: usize) -> usize;

    /// Each document that spells entity `entity` more than one way, by
    /// file and group, to `f`; the first error (of reading or of `f`).
    fn each_inconsistency(
        &self,
        entity: usize,
        f: &mut dyn FnMut(&DocumentInconsistency) -> io::Result<()>,
    ) -> io::Result<()>;

    /// How many documents spell some entity more than one way.
    fn inconsistent_files(&self) -> usize;

    /// Each document that spells some entity more than one way, by file
    /// name, with its inconsistencies (in the order of the entities, then
    /// of each entity's list) to `f`; the first error. The entities given
    /// here may also have their `spellings` left empty (a document shows
    /// only its own competing spellings).
    fn each_inconsistent_file(
        &self,
        f: &mut dyn FnMut(&str, &DocumentEntries<'_>) -> io::Result<()>,
    ) -> io::Result<()>;
}

impl ReportSource for Report {
    fn summary(&self) -> &Summary {
        &self.summary
    }

    fn len(&self) -> usize {
        self.entities.len()
    }

    fn entity(&self, i: usize) -> Cow<'_, EntityReport> {
        Cow::Borrowed(&self.entities[i])
    }

    fn entity_id(&self, i: usize) -> &str {
        &self.entities[i].entity_id
    }

    fn varied(&self, i: usize) -> bool {
        self.entities[i].spelled_more_than_one_way
    }

    fn files(&self, entity: usize, spelling: usize) -> Cow<'_, [Shared]> {
        Cow::Borrowed(&self.entities[entity].spellings[spelling].files)
    }

    fn inconsistent_count(&self, entity: usize) -> usize {
        self.entities[entity].inconsistent_documents.len()
    }

    fn each_inconsistency(
        &self,
        entity: usize,
        f: &mut dyn FnMut(&DocumentInconsistency) -> io::Result<()>,
    ) -> io::Result<()> {
        self.entities[entity]
            .inconsistent_documents
            .iter()
            .try_for_each(f)
    }

    fn inconsistent_files(&self) -> usize {
        let mut files: Vec<&str> = self
            .entities
            .iter()
            .flat_map(|e| e.inconsistent_documents.iter().map(|d| d.file.as_str()))
            .collect();
        files.sort_unstable();
        files.dedup();
        files.len()
    }

    fn each_inconsistent_file(
        &self,
        f: &mut dyn FnMut(&str, &DocumentEntries<'_>) -> io::Result<()>,
    ) -> io::Result<()> {
        type Entries<'a> = Vec<(&'a EntityReport, &'a DocumentInconsistency)>;
        let mut by_doc: BTreeMap<&str, Entries<'_>> = BTreeMap::new();
        for e in &self.entities {
            for d in &e.inconsistent_documents {
                by_doc.entry(d.file.as_str()).or_default().push((e, d));
            }
        }
        by_doc.iter().try_for_each(|(file, list)| f(file, list))
    }
}

/// A report kept as the builder's compact state: each entity is made into
/// its [`EntityReport`] when a printer asks for it, its inconsistent
/// documents wait in a temporary file and are read back one at a time, and
/// its spellings keep their files as document ids. What stays in memory is
/// what the scan had to count anyway ([`crate::report::SpillingBuilder`]).
pub struct SpilledReport<'g> {
    parts: Parts<'g>,
    /// Every inconsistent document as (document id, entity, index in the
    /// entity's list), sorted by file name, then entity, then index.
    by_file: Vec<(u32, u32, u32)>,
    store: Store,
}

impl<'g> SpilledReport<'g> {
    pub(super) fn new(parts: Parts<'g>, store: Store) -> Self {
        let mut by_file: Vec<(u32, u32, u32)> = parts
            .entities
            .iter()
            .enumerate()
            .flat_map(|(e, part)| {
                part.held
                    .iter()
                    .enumerate()
                    .map(move |(k, (doc, _))| (*doc, e as u32, k as u32))
            })
            .collect();
        let name = |doc: u32| parts.names[doc as usize].as_str();
        by_file.sort_unstable_by(|a, b| (name(a.0), a.1, a.2).cmp(&(name(b.0), b.1, b.2)));
        SpilledReport {
            parts,
            by_file,
            store,
        }
    }

    /// Everything read back into memory.
    pub fn into_report(self) -> io::Result<Report> {
        self.parts.into_report(Some(&self.store))
    }

    fn held(&self, e: usize) -> &[(u32, Held)] {
        &self.parts.entities[e].held
    }
}

impl ReportSource for SpilledReport<'_> {
    fn summary(&self) -> &Summary {
        &self.parts.summary
    }

    fn len(&self) -> usize {
        self.parts.entities.len()
    }

    fn entity(&self, i: usize) -> Cow<'_, EntityReport> {
        Cow::Owned(self.parts.entity(i))
    }

    fn entity_id(&self, i: usize) -> &str {
        &self.parts.g.entities[self.parts.entities[i].entity].id
    }

    fn varied(&self, i: usize) -> bool {
        self.parts.entities[i].varied
    }

    fn files(&self, entity: usize, spelling: usize) -> Cow<'_, [Shared]> {
        Cow::Owned(self.parts.files(entity, spelling))
    }

    fn inconsistent_count(&self, entity: usize) -> usize {
        self.held(entity).len()
    }

    fn each_inconsistency(
        &self,
        entity: usize,
        f: &mut dyn FnMut(&DocumentInconsistency) -> io::Result<()>,
    ) -> io::Result<()> {
        self.held(entity)
            .iter()
            .try_for_each(|(_, h)| f(h.read(Some(&self.store))?.as_ref()))
    }

    fn inconsistent_files(&self) -> usize {
        let name = |doc: u32| self.parts.names[doc as usize].as_str();
        self.by_file.chunk_by(|a, b| name(a.0) == name(b.0)).count()
    }

    fn each_inconsistent_file(
        &self,
        f: &mut dyn FnMut(&str, &DocumentEntries<'_>) -> io::Result<()>,
    ) -> io::Result<()> {
        let name = |doc: u32| self.parts.names[doc as usize].as_str();
        for run in self.by_file.chunk_by(|a, b| name(a.0) == name(b.0)) {
            // Each entity once, however many of its groups the file holds.
            let mut reports: Vec<(u32, EntityReport)> = Vec::new();
            let mut docs: Vec<(usize, Cow<'_, DocumentInconsistency>)> = Vec::new();
            for &(_, e, k) in run {
                if reports.last().is_none_or(|(last, _)| *last != e) {
                    reports.push((e, self.parts.entity_head(e as usize)));
                }
                let d = self.held(e as usize)[k as usize]
                    .1
                    .read(Some(&self.store))?;
                docs.push((reports.len() - 1, d));
            }
            let list: Vec<(&EntityReport, &DocumentInconsistency)> = docs
                .iter()
                .map(|(r, d)| (&reports[*r].1, d.as_ref()))
                .collect();
            f(name(run[0].0), &list)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{csv_out, html, json, markdown, xlsx, Builder, SpillingBuilder};
    use crate::scan::DocumentResult;

    fn glossary() -> crate::glossary::Glossary {
        crate::glossary::load::load_sources(&[(
            "g.csv".to_string(),
            "entity_id,type,lang,form,status,note,term_type\n\
             almaty,place,ar,ألماتي,preferred,,full\n\
             almaty,place,ar,ألما آتا,deprecated,,full\n\
             almaty,place,en,Almaty,preferred,,full\n\
             belarus,place,ar,بيلاروس,preferred,,full\n\
             belarus,place,ar,بيلاروسيا,admitted,,full\n\
             belarus,place,ar,روسيا البيضاء,admitted,,full\n\
             price,person,ar,نيد برايس,preferred,,full\n"
                .as_bytes()
                .to_vec(),
        )])
        .expect("a valid glossary")
    }

    /// Documents whose names sort differently as paths and as text, several
    /// entities spelled two ways in one document (their uses interleaved),
    /// and documents without any inconsistency.
    fn documents(g: &crate::glossary::Glossary) -> Vec<DocumentResult> {
        let m = crate::matcher::Matcher::new(g, Default::default());
        let texts = [
            (
                "a-b.txt",
                "بيلاروس ثم ألماتي.\nبيلاروسيا وألما آتا\nوروسيا البيضاء ثم ألماتي",
            ),
            ("a.txt", "ألماتي وألما آتا"),
            (
                "a/b.txt",
                "قال نيد برايس إن بيلاروس وبيلاروسيا\nAlmaty و«ألماتي» وألما آتا",
            ),
            ("a/c.txt", "لا شيء هنا"),
            ("b.txt", "نيد برايس في ألماتي"),
            ("z/ز.txt", "ألما آتا\n\nألماتي ألماتي ألما آتا بيلاروس"),
        ];
        let mut docs: Vec<DocumentResult> = texts
            .iter()
            .map(|(f, t)| {
                let doc = crate::source::SourceFile::from_text(*f, t.to_string(), 0);
                crate::scan::scan_document(&m, &doc)
            })
            .collect();
        // In the order a scan adds them: by path.
        docs.sort_by(|a, b| std::path::Path::new(&a.file).cmp(std::path::Path::new(&b.file)));
        docs
    }

    fn printed(g: &crate::glossary::Glossary, r: &dyn ReportSource) -> Vec<Vec<u8>> {
        let wb = xlsx::Workbook::new(g, Vec::new())
            .and_then(|w| w.finish(r))
            .expect("a workbook");
        vec![
            html::consistency_html(r),
            json::consistency_json(r),
            markdown::consistency_md(r),
            csv_out::canonical_csv(r),
            wb,
        ]
    }

    #[test]
    fn a_spilled_report_prints_what_the_report_in_memory_prints() {
        let g = glossary();
        let docs = documents(&g);
        let mut b = Builder::new(&g);
        let dir = tempfile::tempdir().expect("a temporary folder");
        let mut s = SpillingBuilder::new(&g, dir.path()).expect("a spill file");
        for d in &docs {
            b.add(d);
            s.add(d);
        }
        let memory = b.finish();
        let spilled = s.finish().expect("spilled");
        // The case is not trivial: several entities and documents compete.
        let incons: Vec<usize> = (0..memory.entities.len())
            .map(|i| memory.inconsistent_count(i))
            .collect();
        assert!(incons.iter().filter(|&&n| n > 0).count() >= 2, "{incons:?}");
        assert!(memory.inconsistent_files() >= 3);
        assert_eq!(spilled.inconsistent_files(), memory.inconsistent_files());
        for (i, n) in incons.iter().enumerate() {
            assert_eq!(spilled.inconsistent_count(i), *n);
        }
        let (a, b) = (printed(&g, &memory), printed(&g, &spilled));
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(String::from_utf8_lossy(x), String::from_utf8_lossy(y));
        }
        // Read back whole, it is the same model, uses included.
        let back = spilled.into_report().expect("read back");
        for (x, y) in memory.entities.iter().zip(&back.entities) {
            assert_eq!(x.inconsistent_documents, y.inconsistent_documents);
            let files = |e: &EntityReport| -> Vec<Vec<Shared>> {
                e.spellings.iter().map(|s| s.files.clone()).collect()
            };
            assert_eq!(files(x), files(y));
        }
        assert_eq!(json::consistency_json(&back), a[1]);
    }

    #[test]
    fn documents_are_grouped_by_name_as_text() {
        let g = glossary();
        let r = crate::report::build(&g, &documents(&g));
        let mut names = Vec::new();
        r.each_inconsistent_file(&mut |f, list| {
            assert!(!list.is_empty());
            assert!(list.iter().all(|(_, d)| d.file == f));
            names.push(f.to_string());
            Ok(())
        })
        .expect("in memory");
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(names, sorted);
        assert!(names.contains(&"a-b.txt".to_string()) && names.contains(&"a/b.txt".to_string()));
    }
}
