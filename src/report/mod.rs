//! Reports: the consistency model built from mentions, and one printer per
//! output format. Printers only format; all counting happens in [`build`].

pub mod csv_out;
pub mod html;
mod ids;
pub mod json;
pub mod jsonl;
pub mod markdown;
mod source;
mod spill;
pub mod xlsx;

pub use source::{ReportSource, SpilledReport};

use std::borrow::Cow;

use serde::Serialize;

/// A report rendered into memory by its writer-based renderer (`*_to`).
pub(crate) fn in_memory(
    render: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Vec<u8> {
    let mut out = Vec::new();
    render(&mut out).expect("writing to memory cannot fail");
    out
}

/// Text a renderer gathers before it hands it to the writer (HTML and
/// Markdown reports, [`flush_full`]).
const TEXT_CHUNK: usize = 1 << 20;

/// An empty buffer for [`flush_full`].
pub(crate) fn text_buffer() -> String {
    String::with_capacity(TEXT_CHUNK + 64 * 1024)
}

/// Hand `o` to `out` once it holds a chunk (about a megabyte).
pub(crate) fn flush_full(o: &mut String, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    if o.len() >= TEXT_CHUNK {
        out.write_all(o.as_bytes())?;
        o.clear();
    }
    Ok(())
}

use crate::glossary::{Glossary, Shared, Status};
use crate::scan::{DocumentResult, Mention, Snippet};

/// The whole consistency report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Totals.
    pub summary: Summary,
    /// One section per entity seen, most mentioned first.
    pub entities: Vec<EntityReport>,
}

/// Totals on top of the report.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Documents scanned.
    pub documents: usize,
    /// Mentions found.
    pub mentions: usize,
    /// Distinct entities mentioned.
    pub entities: usize,
    /// Entities written in more than one spelling (same language and term type).
    pub entities_spelled_more_than_one_way: usize,
    /// Documents that write one entity in more than one spelling.
    pub documents_with_inconsistencies: usize,
    /// Mentions written exactly in a preferred form.
    pub mentions_in_preferred_spelling: usize,
    /// Mentions that use a deprecated, superseded or unlisted spelling.
    pub mentions_needing_replacement: usize,
}

/// Everything about one entity.
#[derive(Debug, Clone, Serialize)]
pub struct EntityReport {
    /// Entity id.
    pub entity_id: String,
    /// Entity type.
    #[serde(rename = "type")]
    pub etype: String,
    /// Preferred Arabic form.
    pub canonical_ar: String,
    /// Preferred English form.
    pub canonical_en: String,
    /// Mentions.
    pub mentions: usize,
    /// Two spellings of the same language and term type are used somewhere
    /// in the corpus.
    pub spelled_more_than_one_way: bool,
    /// Distinct spellings, most frequent first.
    pub spellings: Vec<SpellingReport>,
    /// Documents that write this entity in more than one spelling.
    pub inconsistent_documents: Vec<DocumentInconsistency>,
}

/// One distinct spelling of an entity.
#[derive(Debug, Clone, Serialize)]
pub struct SpellingReport {
    /// The spelling (marks removed, clitics removed).
    pub spelling: String,
    /// Status of the glossary form it matched, or `unlisted`.
    pub status: String,
    /// Term type of that form (full, short, acronym, nickname).
    pub term_type: String,
    /// Language of that form.
    pub lang: String,
    /// How it matched (distinct kinds, sorted).
    pub match_kinds: Vec<String>,
    /// Number of mentions.
    pub count: usize,
    /// Documents it appears in, sorted (each name shared by every spelling
    /// that appears in that document).
    pub files: Vec<Shared>,
    /// What to write instead, when this spelling should be replaced.
    pub suggested: Option<String>,
}

/// An entity written more than one way inside one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentInconsistency {
    /// The document.
    pub file: String,
    /// Term type the competing spellings share.
    pub term_type: String,
    /// The competing spellings with their lines.
    pub spellings: Vec<SpellingLines>,
}

/// A spelling with the lines it is used on in one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpellingLines {
    /// The spelling.
    pub spelling: String,
    /// Its status.
    pub status: String,
    /// Number of uses in the document.
    pub count: usize,
    /// 1-based line numbers (one per use).
    pub lines: Vec<usize>,
    /// Each use with its context, in order (for the HTML and XLSX reports;
    /// not serialised).
    #[serde(skip)]
    pub uses: Vec<Use>,
}

/// One use of a spelling, with the text around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Use {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in Unicode scalar values.
    pub column: usize,
    /// The name exactly as written.
    pub surface: String,
    /// The line around it.
    pub context: Snippet,
}

/// What to write instead of the spelling of `m`, if it should change.
pub fn suggestion(g: &Glossary, m: &Mention) -> Option<String> {
    let form = &g.forms[m.form];
    let target = g.replacement_for(m.form);
    let t = &g.forms[target];
    let needs = match m.form_status {
        None => true,
        Some(Status::Deprecated | Status::Superseded) => true,
        Some(Status::Preferred) => {
            form.is_arabic() && m.spelling != crate::normalize::strip_marks(&form.text)
        }
        Some(Status::Admitted) => false,
    };
    (needs && crate::normalize::strip_marks(&t.text) != m.spelling).then(|| t.text.to_string())
}

/// `strip_marks(marked) == plain`, without building the stripped string
/// (the report asks it of every mention in a preferred form).
fn strip_marks_eq(marked: &str, plain: &str) -> bool {
    use crate::normalize::{classify, CharClass};
    marked
        .chars()
        .filter(|&c| classify(c) == CharClass::Keep)
        .eq(plain.chars())
}

/// Competing spellings share a language and a term type (borrowed from
/// the glossary: a key per mention costs no allocation).
type Group<'g> = (&'g str, &'g str);

/// Group key for competing spellings: language and term type of the matched
/// form (`short` for a lone surname, as [`term_type_of`]).
fn group_of<'g>(g: &'g Glossary, m: &Mention) -> Group<'g> {
    let f = &g.forms[m.form];
    let term = if m.match_kind == crate::matcher::MatchKind::Surname {
        "short"
    } else {
        f.term_type.as_str()
    };
    (f.lang.as_str(), term)
}

/// Term type of a mention: the matched form's, or `short` for a lone surname.
pub fn term_type_of(g: &Glossary, m: &Mention) -> String {
    group_of(g, m).1.to_string()
}

/// Sort `v` by count, largest first, ties by name: the order of every list
/// of the report.
fn most_first<T>(v: &mut [T], key: impl Fn(&T) -> (usize, &str)) {
    v.sort_by(|a, b| most_first_order(key(a), key(b)));
}

/// The order of [`most_first`] on (count, name) pairs (for keys that are
/// not borrowed from the values sorted).
fn most_first_order(a: (usize, &str), b: (usize, &str)) -> std::cmp::Ordering {
    b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1))
}

/// The numbers of the entities of `r` sorted by id (a stable sort), as the
/// canonical-name lists show them.
pub(crate) fn by_entity_id(r: &dyn ReportSource) -> Vec<usize> {
    let mut ents: Vec<usize> = (0..r.len()).collect();
    ents.sort_by(|&a, &b| r.entity_id(a).cmp(r.entity_id(b)));
    ents
}

/// Build the report from all documents.
pub fn build(g: &Glossary, docs: &[DocumentResult]) -> Report {
    let mut b = Builder::new(g);
    for d in docs {
        b.add(d);
    }
    b.finish()
}

/// The report built one document at a time: what it keeps is the report's
/// own state (per entity and spelling: counts, kinds, files; the uses of
/// competing spellings inside a document), not the mentions, so a caller
/// may drop each document once added. [`build`] is this over a slice.
///
/// The state is flat: most entities of a large glossary have one or two
/// spellings, and a map per entity (a B-tree node of eleven entries for
/// one) cost a hundred megabytes at 100,000 entities where the spellings
/// take a few. Every order the report shows is made by [`Builder::finish`].
pub struct Builder<'g> {
    g: &'g Glossary,
    documents: usize,
    mentions: usize,
    preferred: usize,
    replace: usize,
    /// Names of the documents with mentions, by id (the order they came in).
    names: Vec<Shared>,
    /// Ids of the documents that spell an entity more than one way.
    inconsistent_docs: Vec<u32>,
    /// By entity index: a hash map, looked up for every mention (a B-tree
    /// over thousands of entities cost a dozen node searches each); put in
    /// entity order by [`Builder::finish`].
    entities: rustc_hash::FxHashMap<usize, EntityState<'g>>,
    /// Every (entity, spelling) seen, in the order first seen.
    spellings: Chunks<SpellingState<'g>>,
    /// Index into `spellings` by (entity, spelling).
    spelling_ids: hashbrown::HashTable<u32>,
    /// Scratch of [`Builder::add`], kept across documents: (entity, group,
    /// index of the mention) for each mention of the document.
    per_doc: Vec<(usize, Group<'g>, u32)>,
    /// Where the documents that spell an entity more than one way go when
    /// they are not kept in memory ([`SpillingBuilder`]).
    spill: Option<spill::Spill>,
}

/// A document that spells an entity more than one way, as the builder
/// holds it: in memory, or where it is in the builder's spill file.
enum Held {
    /// (Boxed: held by the hundred thousand in a large report, where most
    /// are [`Held::There`].)
    Here(Box<DocumentInconsistency>),
    There(spill::Place),
}

/// What the report keeps about one entity.
#[derive(Default)]
struct EntityState<'g> {
    mentions: usize,
    /// Its spellings: indices into [`Builder::spellings`].
    spellings: Vec<u32>,
    /// Number of distinct spellings by (language, term type): competing
    /// spellings across the corpus.
    groups: Vec<(Group<'g>, u32)>,
    /// Documents that spell it more than one way, with the group and the
    /// document's id, in the order added (sorted by file and group at the
    /// end).
    inconsistent: Vec<(Group<'g>, u32, Held)>,
}

/// What the report keeps about one spelling of an entity (the first
/// mention decides status, term type, language and suggestion).
struct SpellingState<'g> {
    entity: usize,
    spelling: String,
    status: &'static str,
    suggested: Option<String>,
    /// The match kinds seen, one bit each ([`kind_bit`]).
    kinds: u8,
    count: usize,
    /// Ids of the documents it appears in, ascending (names at the end:
    /// one number per document instead of a copy of its path).
    files: ids::IdList,
    /// The groups it was seen in: the first (whose language and term type
    /// the report shows), then any other (rare: one spelling matching forms
    /// of two term types).
    group: Group<'g>,
    more_groups: Vec<Group<'g>>,
}

/// Every match kind, each with its bit in [`SpellingState::kinds`].
const KINDS: [crate::matcher::MatchKind; 6] = {
    use crate::matcher::MatchKind::*;
    [Exact, Normalized, Spacing, Latin, Surname, Fuzzy]
};

/// The bit of `k` in [`SpellingState::kinds`]: its place in [`KINDS`]
/// (a new kind needs a bit here, and its place there).
fn kind_bit(k: crate::matcher::MatchKind) -> u8 {
    use crate::matcher::MatchKind::*;
    1 << match k {
        Exact => 0,
        Normalized => 1,
        Spacing => 2,
        Latin => 3,
        Surname => 4,
        Fuzzy => 5,
    }
}

/// The names of the kinds in `bits`, sorted by name.
fn kind_names(bits: u8) -> Vec<String> {
    let mut v: Vec<&str> = KINDS
        .iter()
        .enumerate()
        .filter(|&(i, _)| bits & (1 << i) != 0)
        .map(|(_, k)| k.as_str())
        .collect();
    v.sort_unstable();
    v.into_iter().map(str::to_string).collect()
}

/// The hash of (entity, spelling) in [`Builder::spelling_ids`].
fn spelling_hash(entity: usize, spelling: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one((entity, spelling))
}

impl<'g> Builder<'g> {
    /// An empty report over glossary `g`.
    pub fn new(g: &'g Glossary) -> Self {
        Builder {
            g,
            documents: 0,
            mentions: 0,
            preferred: 0,
            replace: 0,
            names: Vec::new(),
            inconsistent_docs: Vec::new(),
            entities: Default::default(),
            spellings: Chunks::default(),
            spelling_ids: hashbrown::HashTable::new(),
            per_doc: Vec::new(),
            spill: None,
        }
    }

    /// Count one document (documents are added in report order).
    pub fn add(&mut self, d: &DocumentResult) {
        let g = self.g;
        self.documents += 1;
        self.mentions += d.mentions.len();
        if d.mentions.is_empty() {
            return;
        }
        let id = self.names.len() as u32;
        self.names.push(Shared::from(d.file.as_str()));
        // Each mention by (entity, group), sorted below by (entity, group,
        // spelling, position): the order a map from (entity, group) to a map
        // from spelling to its mentions would be read in, without a map node
        // and a Vec per key and document.
        let mut per_doc = std::mem::take(&mut self.per_doc);
        per_doc.clear();
        for (i, m) in d.mentions.iter().enumerate() {
            let f = &g.forms[m.form];
            if m.form_status == Some(Status::Preferred) && strip_marks_eq(&f.text, &m.spelling) {
                self.preferred += 1;
            }
            if matches!(
                m.form_status,
                None | Some(Status::Deprecated | Status::Superseded)
            ) {
                self.replace += 1;
            }
            let e = self.entities.entry(m.entity).or_default();
            e.mentions += 1;
            let group = group_of(g, m);
            let h = spelling_hash(m.entity, &m.spelling);
            let all = &mut self.spellings;
            let found = self.spelling_ids.find(h, |&k| {
                let sp = &all[k as usize];
                sp.entity == m.entity && sp.spelling == m.spelling
            });
            let k = match found {
                Some(&k) => k as usize,
                None => {
                    let k = all.len();
                    all.push(SpellingState {
                        entity: m.entity,
                        spelling: m.spelling.clone(),
                        status: m.status_str(),
                        suggested: suggestion(g, m),
                        kinds: 0,
                        count: 0,
                        files: ids::IdList::default(),
                        group,
                        more_groups: Vec::new(),
                    });
                    self.spelling_ids.insert_unique(h, k as u32, |&k| {
                        let sp = &all[k as usize];
                        spelling_hash(sp.entity, &sp.spelling)
                    });
                    e.spellings.push(k as u32);
                    count_in_group(&mut e.groups, group);
                    k
                }
            };
            let sp = &mut all[k];
            sp.count += 1;
            sp.kinds |= kind_bit(m.match_kind);
            sp.files.push(id);
            if sp.group != group && !sp.more_groups.contains(&group) {
                sp.more_groups.push(group);
                count_in_group(&mut e.groups, group);
            }
            per_doc.push((m.entity, group, i as u32));
        }
        let spelling = |i: u32| d.mentions[i as usize].spelling.as_str();
        per_doc.sort_unstable_by(|a, b| {
            (a.0, a.1, spelling(a.2), a.2).cmp(&(b.0, b.1, spelling(b.2), b.2))
        });
        for run in per_doc.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
            let (entity, group) = (run[0].0, run[0].1);
            // The run's mentions by spelling (adjacent: sorted by spelling).
            let spells: Vec<Vec<&Mention>> = run
                .chunk_by(|a, b| spelling(a.2) == spelling(b.2))
                .map(|same| same.iter().map(|x| &d.mentions[x.2 as usize]).collect())
                .collect();
            if spells.len() < 2 {
                continue;
            }
            if self.inconsistent_docs.last() != Some(&id) {
                self.inconsistent_docs.push(id);
            }
            let mut lines: Vec<SpellingLines> = spells
                .iter()
                .map(|list| SpellingLines {
                    spelling: list[0].spelling.clone(),
                    status: list[0].status_str().to_string(),
                    count: list.len(),
                    lines: list.iter().map(|m| m.line).collect(),
                    uses: list
                        .iter()
                        .map(|m| Use {
                            line: m.line,
                            column: m.column,
                            surface: m.surface.clone(),
                            context: m.context.clone(),
                        })
                        .collect(),
                })
                .collect();
            most_first(&mut lines, |l| (l.count, &l.spelling));
            let di = DocumentInconsistency {
                file: d.file.clone(),
                term_type: group.1.to_string(),
                spellings: lines,
            };
            let held = match &mut self.spill {
                Some(s) => Held::There(s.push(&di)),
                None => Held::Here(Box::new(di)),
            };
            if let Some(e) = self.entities.get_mut(&entity) {
                e.inconsistent.push((group, id, held));
            }
        }
        self.per_doc = per_doc;
    }

    /// The report.
    pub fn finish(self) -> Report {
        debug_assert!(self.spill.is_none(), "a SpillingBuilder finishes itself");
        self.parts()
            .0
            .into_report(None)
            .expect("a builder without a spill file reads no file")
    }

    /// The report's parts, and the spill file's records if any.
    fn parts(mut self) -> (Parts<'g>, Option<spill::Spill>) {
        let spill = self.spill.take();
        let g = self.g;
        let names = self.names;
        let documents_with_inconsistencies = {
            let mut v: Vec<&str> = self
                .inconsistent_docs
                .iter()
                .map(|&i| names[i as usize].as_str())
                .collect();
            v.sort_unstable();
            v.dedup();
            v.len()
        };
        let mut varied = 0;
        let all = self.spellings;
        let mut entities: Vec<EntityPart> = self
            .entities
            .into_iter()
            .map(|(e, st)| {
                let spelled_more_than_one_way = st.groups.iter().any(|&(_, n)| n > 1);
                if spelled_more_than_one_way {
                    varied += 1;
                }
                let mut spellings = st.spellings;
                let key = |k: u32| (all[k as usize].count, all[k as usize].spelling.as_str());
                spellings.sort_by(|&a, &b| most_first_order(key(a), key(b)));
                EntityPart {
                    entity: e,
                    mentions: st.mentions,
                    varied: spelled_more_than_one_way,
                    spellings,
                    held: by_file_and_group(st.inconsistent, &names),
                }
            })
            .collect();
        // (Ids are distinct: the order is total, whatever order the hash
        // map gave.)
        let key = |e: &EntityPart| (e.mentions, g.entities[e.entity].id.as_str());
        entities.sort_by(|a, b| most_first_order(key(a), key(b)));
        let summary = Summary {
            documents: self.documents,
            mentions: self.mentions,
            entities: entities.len(),
            entities_spelled_more_than_one_way: varied,
            documents_with_inconsistencies,
            mentions_in_preferred_spelling: self.preferred,
            mentions_needing_replacement: self.replace,
        };
        let parts = Parts {
            g,
            summary,
            entities,
            spellings: all,
            names,
        };
        (parts, spill)
    }
}

/// [`Builder`] keeping the documents that spell an entity more than one
/// way (with the text around every use) in a temporary file instead of in
/// memory: what the report's memory would otherwise grow with.
pub struct SpillingBuilder<'g>(Builder<'g>);

impl<'g> SpillingBuilder<'g> {
    /// An empty report over `g`, spilling into an anonymous file in `dir`.
    pub fn new(g: &'g Glossary, dir: &std::path::Path) -> std::io::Result<Self> {
        let mut b = Builder::new(g);
        b.spill = Some(spill::Spill::new_in(dir)?);
        Ok(SpillingBuilder(b))
    }

    /// Count one document (documents are added in report order). A write
    /// error of the spill file is kept for [`SpillingBuilder::finish`].
    pub fn add(&mut self, d: &DocumentResult) {
        self.0.add(d);
    }

    /// The report, its inconsistent documents read back from the file as
    /// its printers reach them.
    pub fn finish(self) -> std::io::Result<SpilledReport<'g>> {
        let (parts, spill) = self.0.parts();
        let store = spill.expect("made with a spill file").finish()?;
        Ok(SpilledReport::new(parts, store))
    }
}

/// The report as [`Builder`] leaves it: each entity's state, which
/// [`Parts::entity`] turns into its [`EntityReport`] when asked.
struct Parts<'g> {
    g: &'g Glossary,
    summary: Summary,
    /// In report order.
    entities: Vec<EntityPart>,
    /// Every spelling's state.
    spellings: Chunks<SpellingState<'g>>,
    /// Names of the documents, by id.
    names: Vec<Shared>,
}

/// One entity of [`Parts`].
struct EntityPart {
    /// Its index in the glossary.
    entity: usize,
    mentions: usize,
    /// Spelled more than one way.
    varied: bool,
    /// Its spellings (indices into [`Parts::spellings`]), most used first.
    spellings: Vec<u32>,
    /// Its inconsistent documents in report order, with the document's id.
    held: Vec<(u32, Held)>,
}

impl Parts<'_> {
    /// The names of the documents `ids`, sorted, each once.
    fn files_of(names: &[Shared], ids: &ids::IdList) -> Vec<Shared> {
        let mut files: Vec<&Shared> = ids.iter().map(|i| &names[i as usize]).collect();
        files.sort_unstable();
        files.dedup();
        files.into_iter().cloned().collect()
    }

    /// Entity `i`, without its inconsistent documents and its spellings'
    /// files.
    fn entity(&self, i: usize) -> EntityReport {
        let mut e = self.entity_head(i);
        e.spellings = self.entities[i]
            .spellings
            .iter()
            .map(|&k| &self.spellings[k as usize])
            .map(|sp| SpellingReport {
                spelling: sp.spelling.clone(),
                status: sp.status.to_string(),
                term_type: sp.group.1.to_string(),
                lang: sp.group.0.to_string(),
                match_kinds: kind_names(sp.kinds),
                count: sp.count,
                files: Vec::new(),
                suggested: sp.suggested.clone(),
            })
            .collect();
        e
    }

    /// Entity `i`'s names and counts, without its spellings (what the
    /// per-document sections show of it, once for each of its documents).
    fn entity_head(&self, i: usize) -> EntityReport {
        let (g, part) = (self.g, &self.entities[i]);
        let e = part.entity;
        EntityReport {
            entity_id: g.entities[e].id.clone(),
            etype: g.entities[e].etype.as_str().to_string(),
            canonical_ar: g.canonical_ar(e).to_string(),
            canonical_en: g.canonical_en(e).to_string(),
            mentions: part.mentions,
            spelled_more_than_one_way: part.varied,
            spellings: Vec::new(),
            inconsistent_documents: Vec::new(),
        }
    }

    /// The files of spelling `k` of entity `i`.
    fn files(&self, i: usize, k: usize) -> Vec<Shared> {
        let sp = self.entities[i].spellings[k];
        Self::files_of(&self.names, &self.spellings[sp as usize].files)
    }

    /// Everything in memory (records in `store` read back).
    fn into_report(mut self, store: Option<&spill::Store>) -> std::io::Result<Report> {
        // Taken out first, to be moved (not copied) into the report.
        let held: Vec<Vec<(u32, Held)>> = self
            .entities
            .iter_mut()
            .map(|part| std::mem::take(&mut part.held))
            .collect();
        let mut entities = Vec::with_capacity(self.entities.len());
        for (i, held) in held.into_iter().enumerate() {
            let mut e = self.entity(i);
            for (k, sp) in e.spellings.iter_mut().enumerate() {
                sp.files = self.files(i, k);
            }
            e.inconsistent_documents = held
                .into_iter()
                .map(|(_, h)| h.into_owned(store))
                .collect::<std::io::Result<_>>()?;
            entities.push(e);
        }
        Ok(Report {
            summary: self.summary,
            entities,
        })
    }
}

impl Held {
    /// The document, from `store` if it is there.
    fn read<'a>(
        &'a self,
        store: Option<&spill::Store>,
    ) -> std::io::Result<Cow<'a, DocumentInconsistency>> {
        match self {
            Held::Here(d) => Ok(Cow::Borrowed(&**d)),
            Held::There(p) => Self::stored(store, *p).map(Cow::Owned),
        }
    }

    /// The document, moved out, or read from `store`.
    fn into_owned(self, store: Option<&spill::Store>) -> std::io::Result<DocumentInconsistency> {
        match self {
            Held::Here(d) => Ok(*d),
            Held::There(p) => Self::stored(store, p),
        }
    }

    fn stored(
        store: Option<&spill::Store>,
        p: spill::Place,
    ) -> std::io::Result<DocumentInconsistency> {
        store
            .ok_or_else(|| std::io::Error::other("no spill file to read"))?
            .get(p)
    }
}

/// Values pushed in chunks of a fixed size: no reallocation of everything
/// as they grow, and at most one chunk unused (a `Vec` doubling its
/// capacity would hold up to twice what is in it, and three times while it
/// moves).
struct Chunks<T> {
    chunks: Vec<Vec<T>>,
    len: usize,
}

/// Values in each of [`Chunks`]' chunks.
const CHUNK: usize = 4096;

impl<T> Default for Chunks<T> {
    fn default() -> Self {
        Chunks {
            chunks: Vec::new(),
            len: 0,
        }
    }
}

impl<T> Chunks<T> {
    fn len(&self) -> usize {
        self.len
    }

    fn push(&mut self, v: T) {
        if self.len.is_multiple_of(CHUNK) {
            self.chunks.push(Vec::with_capacity(CHUNK));
        }
        self.chunks[self.len / CHUNK].push(v);
        self.len += 1;
    }
}

impl<T> std::ops::Index<usize> for Chunks<T> {
    type Output = T;

    fn index(&self, i: usize) -> &T {
        &self.chunks[i / CHUNK][i % CHUNK]
    }
}

impl<T> std::ops::IndexMut<usize> for Chunks<T> {
    fn index_mut(&mut self, i: usize) -> &mut T {
        &mut self.chunks[i / CHUNK][i % CHUNK]
    }
}

/// Count one more distinct spelling in `group`.
fn count_in_group<'g>(groups: &mut Vec<(Group<'g>, u32)>, group: Group<'g>) {
    match groups.iter_mut().find(|(g, _)| *g == group) {
        Some((_, n)) => *n += 1,
        None => groups.push((group, 1)),
    }
}

/// The inconsistent documents of an entity in (file, group) order; of two
/// with the same file and group (a document added twice), the later.
fn by_file_and_group(mut v: Vec<(Group<'_>, u32, Held)>, names: &[Shared]) -> Vec<(u32, Held)> {
    let file = |id: u32| names[id as usize].as_str();
    // (Stable: of equal keys, the order added.)
    v.sort_by(|a, b| (file(a.1), a.0).cmp(&(file(b.1), b.0)));
    let mut out: Vec<(u32, Held)> = Vec::with_capacity(v.len());
    let mut last_group: Option<Group<'_>> = None;
    for (group, id, d) in v {
        let same = last_group == Some(group) && out.last().is_some_and(|l| file(l.0) == file(id));
        if same {
            out.pop();
        }
        last_group = Some(group);
        out.push((id, d));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::matcher::MatchKind;

    fn glossary() -> Glossary {
        let csv = "entity_id,type,lang,form,status,note,term_type\n\
                   almaty,place,ar,ألماتي,preferred,,full\n\
                   almaty,place,ar,ألما آتا,deprecated,,full\n\
                   price,person,ar,نيد برايس,preferred,,full\n";
        crate::glossary::load::load_sources(&[("g.csv".to_string(), csv.as_bytes().to_vec())])
            .expect("a valid glossary")
    }

    /// A mention of form `form` written `spelling` on `line` of `file`.
    fn mention(
        g: &Glossary,
        file: &str,
        form: usize,
        spelling: &str,
        kind: MatchKind,
        line: usize,
    ) -> Mention {
        let f = &g.forms[form];
        Mention {
            file: file.into(),
            line,
            column: 1,
            byte_start: 0,
            byte_end: spelling.len(),
            surface: spelling.into(),
            spelling: spelling.into(),
            entity: f.entity,
            entity_id: g.entities[f.entity].id.clone(),
            form,
            form_status: match kind {
                MatchKind::Fuzzy => None,
                MatchKind::Surname => Some(Status::Admitted),
                _ => Some(f.status),
            },
            match_kind: kind,
            score: 1.0,
            clitic: String::new(),
            elided_article: false,
            reason: String::new(),
            rivals: Vec::new(),
            context: Snippet::default(),
        }
    }

    /// The index of the form written `text`.
    fn form_of(g: &Glossary, text: &str) -> usize {
        g.forms
            .iter()
            .position(|f| f.text.as_str() == text)
            .expect("a form of the test glossary")
    }

    fn doc(file: &str, mentions: Vec<Mention>) -> DocumentResult {
        DocumentResult {
            file: file.into(),
            mentions,
        }
    }

    #[test]
    fn one_spelling_in_two_groups_competes_in_neither() {
        let g = glossary();
        let price = form_of(&g, "نيد برايس");
        // The same letters matched as the full name and, alone, as a surname
        // (term type short): one spelling in each group, not two in one;
        // `more` are further surname spellings.
        let scan = |more: &[&str]| {
            let mut ms = vec![
                mention(&g, "a.txt", price, "نيد برايس", MatchKind::Exact, 1),
                mention(&g, "a.txt", price, "نيد برايس", MatchKind::Surname, 2),
            ];
            ms.extend(
                more.iter()
                    .map(|s| mention(&g, "a.txt", price, s, MatchKind::Surname, 3)),
            );
            build(&g, &[doc("a.txt", ms)])
        };
        let r = scan(&[]);
        let e = &r.entities[0];
        assert_eq!(e.spellings.len(), 1);
        assert_eq!(e.spellings[0].count, 2);
        assert_eq!(e.spellings[0].match_kinds, ["exact", "surname"]);
        assert_eq!(
            e.spellings[0].term_type, "full",
            "the first mention decides"
        );
        assert!(!e.spelled_more_than_one_way);
        assert_eq!(r.summary.entities_spelled_more_than_one_way, 0);
        // Another surname spelling then competes with the first one's use
        // as a surname.
        let r = scan(&["برايس"]);
        assert!(r.entities[0].spelled_more_than_one_way);
        assert_eq!(r.entities[0].inconsistent_documents.len(), 1);
    }

    #[test]
    fn competing_spellings_are_listed_by_file_then_the_later_of_a_file_added_twice() {
        let g = glossary();
        let pref = form_of(&g, "ألماتي");
        let old = form_of(&g, "ألما آتا");
        let both = |file: &str, line: usize| {
            doc(
                file,
                vec![
                    mention(&g, file, pref, "ألماتي", MatchKind::Exact, 1),
                    mention(&g, file, old, "ألما آتا", MatchKind::Exact, line),
                ],
            )
        };
        let r = build(&g, &[both("b.txt", 2), both("a.txt", 3), both("b.txt", 9)]);
        let e = &r.entities[0];
        assert!(e.spelled_more_than_one_way);
        let files: Vec<&str> = e
            .inconsistent_documents
            .iter()
            .map(|d| d.file.as_str())
            .collect();
        assert_eq!(files, ["a.txt", "b.txt"]);
        // b.txt as added the second time (its old spelling on line 9).
        let b = &e.inconsistent_documents[1];
        let lines: Vec<&[usize]> = b.spellings.iter().map(|s| s.lines.as_slice()).collect();
        assert!(lines.contains(&&[9][..]), "{lines:?}");
        assert_eq!(e.spellings.iter().map(|s| s.count).sum::<usize>(), 6);
        for k in KINDS {
            assert_eq!(kind_names(kind_bit(k)), [k.as_str()]);
        }
        let kinds = kind_names(
            kind_bit(MatchKind::Fuzzy) | kind_bit(MatchKind::Exact) | kind_bit(MatchKind::Latin),
        );
        assert_eq!(kinds, ["exact", "fuzzy", "latin"]);
    }

    #[test]
    fn chunks_hold_values_across_chunk_ends() {
        let mut c: Chunks<u64> = Chunks::default();
        let n = 2 * CHUNK + 3;
        for i in 0..n {
            c.push(i as u64 * 7);
        }
        assert_eq!(c.len(), n);
        assert_eq!(c.chunks.len(), 3);
        for i in (0..n).rev() {
            c[i] += 1;
        }
        assert!((0..n).all(|i| c[i] == i as u64 * 7 + 1));
        assert!(c.chunks.iter().all(|v| v.capacity() == CHUNK));
    }

    #[test]
    fn strip_marks_eq_is_comparing_with_strip_marks() {
        let samples = [
            "",
            "موسكو",
            "مُوسْكُو",
            "مـــوسكو",
            "ٱلْقَاهِرَة",
            "القاهرة",
            "\u{FEFF}بلينكن",
            "Blinken",
            "قازاقستانّ",
            "ـ",
        ];
        for a in samples {
            for b in samples
                .iter()
                .copied()
                .chain([crate::normalize::strip_marks(a).as_str()])
            {
                assert_eq!(
                    strip_marks_eq(a, b),
                    crate::normalize::strip_marks(a) == b,
                    "{a:?} {b:?}"
                );
            }
        }
    }
}
