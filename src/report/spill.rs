//! The documents that spell an entity more than one way, kept in a
//! temporary file while a large scan runs instead of in memory.
//!
//! Each such document (with the lines and the text around every use of the
//! competing spellings) is written once, when its document is added, and
//! read back by each printer when it reaches it. What stays in memory is
//! where each record starts and how long it is: 12 bytes a record instead
//! of several hundred, so a report's memory no longer grows with the number
//! of inconsistent documents in the corpus. The file is anonymous (removed
//! by the system when closed, even after a crash) and lives in the output
//! folder, next to the reports, not in a `/tmp` that may be memory.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::glossary::cache::codec::{Corrupt, Decoder, Encoder, Read};
use crate::report::{DocumentInconsistency, SpellingLines, Use};
use crate::scan::Snippet;

/// Where one record is in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Place {
    at: u64,
    len: u32,
}

/// Records being written.
pub(crate) struct Spill {
    out: BufWriter<File>,
    at: u64,
    /// Bytes of the record being encoded (kept across records).
    enc: Encoder,
    /// The first write error; every later record is dropped and
    /// [`Spill::finish`] returns it.
    error: Option<io::Error>,
}

impl Spill {
    /// A new anonymous file in `dir`.
    pub(crate) fn new_in(dir: &Path) -> io::Result<Self> {
        let f = tempfile::tempfile_in(dir)?;
        Ok(Spill {
            out: BufWriter::with_capacity(1 << 16, f),
            at: 0,
            enc: Encoder::default(),
            error: None,
        })
    }

    /// Write `d`; where it is (a record past a write error is not written,
    /// and [`Spill::finish`] fails).
    pub(crate) fn push(&mut self, d: &DocumentInconsistency) -> Place {
        self.enc.bytes.clear();
        encode(&mut self.enc, d);
        let len = u32::try_from(self.enc.bytes.len())
            .ok()
            .filter(|_| !self.enc.overflow);
        let place = Place {
            at: self.at,
            len: len.unwrap_or(0),
        };
        if self.error.is_some() {
            return place;
        }
        if len.is_none() {
            self.error = Some(io::Error::other(
                "a document's competing spellings take 4 GiB or more",
            ));
            return place;
        }
        match self.out.write_all(&self.enc.bytes) {
            Ok(()) => self.at += u64::from(place.len),
            Err(e) => self.error = Some(e),
        }
        place
    }

    /// Every record written: the file to read them from.
    pub(crate) fn finish(self) -> io::Result<Store> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let file = self
            .out
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        Ok(Store {
            file: Reader::new(file),
        })
    }
}

/// Records written by a [`Spill`], read back in any order, by any number
/// of threads at once.
pub(crate) struct Store {
    file: Reader,
}

impl Store {
    /// The record at `p`.
    pub(crate) fn get(&self, p: Place) -> io::Result<DocumentInconsistency> {
        let mut buf = vec![0; p.len as usize];
        self.file.read_exact_at(&mut buf, p.at)?;
        decode(&buf).map_err(|c| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("the report's temporary file changed under it: {c}"),
            )
        })
    }
}

/// Positional reads of a file (no shared cursor between threads).
#[cfg(unix)]
struct Reader(File);

#[cfg(unix)]
impl Reader {
    fn new(f: File) -> Self {
        Reader(f)
    }

    fn read_exact_at(&self, buf: &mut [u8], at: u64) -> io::Result<()> {
        std::os::unix::fs::FileExt::read_exact_at(&self.0, buf, at)
    }
}

/// Positional reads of a file (one cursor, taken in turn).
#[cfg(not(unix))]
struct Reader(std::sync::Mutex<File>);

#[cfg(not(unix))]
impl Reader {
    fn new(f: File) -> Self {
        Reader(std::sync::Mutex::new(f))
    }

    fn read_exact_at(&self, buf: &mut [u8], at: u64) -> io::Result<()> {
        use std::io::{Read as _, Seek as _};
        let mut f = self.0.lock().unwrap_or_else(|p| p.into_inner());
        f.seek(io::SeekFrom::Start(at))?;
        f.read_exact(buf)
    }
}

fn encode(e: &mut Encoder, d: &DocumentInconsistency) {
    e.str(&d.file);
    e.str(&d.term_type);
    e.usize(d.spellings.len());
    for sp in &d.spellings {
        e.str(&sp.spelling);
        e.str(&sp.status);
        e.usize(sp.count);
        e.usize(sp.lines.len());
        sp.lines.iter().for_each(|&l| e.usize(l));
        e.usize(sp.uses.len());
        for u in &sp.uses {
            e.usize(u.line);
            e.usize(u.column);
            e.str(&u.surface);
            e.str(&u.context.before);
            e.str(&u.context.after);
            e.u8(u8::from(u.context.cut_before) | u8::from(u.context.cut_after) << 1);
        }
    }
}

fn decode(b: &[u8]) -> Read<DocumentInconsistency> {
    const WHAT: &str = "inconsistent document";
    let mut r = Decoder::new(b);
    let file = r.str(WHAT)?.to_string();
    let term_type = r.str(WHAT)?.to_string();
    let n = r.len(8, WHAT)?;
    let mut spellings = Vec::with_capacity(n);
    for _ in 0..n {
        let spelling = r.str(WHAT)?.to_string();
        let status = r.str(WHAT)?.to_string();
        let count = r.usize(WHAT)?;
        let lines = (0..r.len(8, WHAT)?)
            .map(|_| r.usize(WHAT))
            .collect::<Read<Vec<usize>>>()?;
        let n_uses = r.len(8, WHAT)?;
        let mut uses = Vec::with_capacity(n_uses);
        for _ in 0..n_uses {
            let line = r.usize(WHAT)?;
            let column = r.usize(WHAT)?;
            let surface = r.str(WHAT)?.to_string();
            let before = r.str(WHAT)?.to_string();
            let after = r.str(WHAT)?.to_string();
            let cuts = r.u8(WHAT)?;
            if cuts > 3 {
                return Err(Corrupt(WHAT));
            }
            uses.push(Use {
                line,
                column,
                surface,
                context: Snippet {
                    before,
                    after,
                    cut_before: cuts & 1 != 0,
                    cut_after: cuts & 2 != 0,
                },
            });
        }
        spellings.push(SpellingLines {
            spelling,
            status,
            count,
            lines,
            uses,
        });
    }
    if !r.is_empty() {
        return Err(Corrupt(WHAT));
    }
    Ok(DocumentInconsistency {
        file,
        term_type,
        spellings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(file: &str, uses: usize) -> DocumentInconsistency {
        let lines: Vec<usize> = (1..=uses).collect();
        DocumentInconsistency {
            file: file.to_string(),
            term_type: "full".into(),
            spellings: vec![
                SpellingLines {
                    spelling: "ألماتا".into(),
                    status: "deprecated".into(),
                    count: uses,
                    lines: lines.clone(),
                    uses: lines
                        .iter()
                        .map(|&l| Use {
                            line: l,
                            column: l * 3,
                            surface: "وألماتا".into(),
                            context: Snippet {
                                before: "في ".repeat(l),
                                after: " اليوم".into(),
                                cut_before: l % 2 == 0,
                                cut_after: l % 3 == 0,
                            },
                        })
                        .collect(),
                },
                SpellingLines {
                    spelling: "ألماتي".into(),
                    status: "preferred".into(),
                    count: 0,
                    lines: Vec::new(),
                    uses: Vec::new(),
                },
            ],
        }
    }

    #[test]
    fn records_read_back_as_written_in_any_order() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let mut s = Spill::new_in(dir.path()).expect("a spill file");
        let written: Vec<DocumentInconsistency> = (0..50)
            .map(|i| record(&format!("d{i}.txt"), i % 7))
            .collect();
        let places: Vec<Place> = written.iter().map(|d| s.push(d)).collect();
        assert!(places.windows(2).all(|w| w[0].at < w[1].at));
        let store = s.finish().expect("written");
        for (d, p) in written.iter().zip(&places).rev() {
            assert_eq!(&store.get(*p).expect("read back"), d);
        }
        // Nothing is left in the folder: the file has no name.
        assert_eq!(std::fs::read_dir(dir.path()).expect("listed").count(), 0);
    }

    #[test]
    fn a_damaged_record_is_an_error_not_a_panic() {
        let mut e = Encoder::default();
        encode(&mut e, &record("a.txt", 3));
        let b = e.bytes;
        for cut in 0..b.len() {
            assert!(decode(&b[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = b.clone();
        longer.push(0);
        assert!(decode(&longer).is_err());
        assert_eq!(decode(&b).expect("whole"), record("a.txt", 3));
    }
}
