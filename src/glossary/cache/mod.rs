//! The compiled-glossary cache: a large glossary, validated and indexed
//! once, kept in one file and read back on the next run instead of being
//! parsed, validated and indexed again (at 100,000 entities that is most
//! of a second; reading the cache is a fraction of it).
//!
//! - **Keyed by content.** A cache file holds the exact bytes' fingerprint
//!   of every glossary file it was built from (names and contents) and the
//!   identity of the program that wrote it (version, and the size and time
//!   of its executable). Any difference is a miss: the glossary is loaded
//!   from its CSV files as always, and the cache rewritten.
//! - **One file per glossary location**, named by a hash of the glossary
//!   files' paths, replaced when the glossary changes: the cache folder does
//!   not grow with edits.
//! - **Never trusted blindly.** The payload carries a checksum, and every
//!   length, range and form number is checked while reading; a damaged or
//!   truncated file is a miss with a reason, never a panic or a wrong
//!   result.
//! - **Never in the way.** A cache that cannot be read or written is
//!   skipped (the reason is in [`CacheStatus`]); small glossaries (under
//!   [`CacheSettings::min_source_bytes`]) are not cached at all, since they
//!   load in milliseconds. Files are replaced atomically (a temporary file
//!   renamed over the old one), so concurrent runs see an old file or a new
//!   one.
//!
//! The layout is in `docs/formats.md` ("Compiled-glossary cache").

pub mod codec;

use std::hash::{BuildHasher, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

use rustc_hash::{FxBuildHasher, FxHashMap};

use crate::atomic::{io_error, StagingFile};
use crate::error::Error;
use crate::glossary::index::FormIndex;
use crate::glossary::load::{display_path, expand_paths, load_sources, read_sources, reading};
use crate::glossary::{Entity, EntityType, Extra, Form, Glossary, Shared, Status, Text};
use crate::matcher::fuzzy::FuzzyIndex;
use crate::matcher::{Indexes, MatchOptions, Matcher};
use codec::{check, Corrupt, Decoder, Encoder, Read, ARRAY, STR};

/// The first bytes of every cache file.
const MAGIC: &[u8; 32] = b"glossalign compiled glossary\n\0\0\0";

/// The version of the layout; bumped on any change to what is written.
const FORMAT: u32 = 3;

/// Where the cache lives and which glossaries it keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheSettings {
    /// The cache folder; `None` turns the cache off.
    pub dir: Option<PathBuf>,
    /// Glossaries whose files hold fewer bytes than this are not cached.
    pub min_source_bytes: u64,
}

/// Glossaries below this size (about 15,000 forms) load in well under a
/// tenth of a second without a cache.
pub const DEFAULT_MIN_SOURCE_BYTES: u64 = 1 << 20;

impl CacheSettings {
    /// No cache.
    pub fn off() -> Self {
        Self {
            dir: None,
            min_source_bytes: DEFAULT_MIN_SOURCE_BYTES,
        }
    }

    /// The default: the folder `GLOSSALIGN_CACHE_DIR` names (the cache is
    /// off when it is set but empty), else the user's cache folder
    /// (`$XDG_CACHE_HOME/glossalign`, `~/.cache/glossalign`, or
    /// `%LOCALAPPDATA%\glossalign\cache` on Windows).
    pub fn from_env() -> Self {
        let var = |k: &str| {
            std::env::var_os(k)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let dir = match std::env::var_os("GLOSSALIGN_CACHE_DIR") {
            Some(v) if v.is_empty() => None,
            Some(v) => Some(PathBuf::from(v)),
            None if cfg!(windows) => {
                var("LOCALAPPDATA").map(|d| d.join("glossalign").join("cache"))
            }
            None => var("XDG_CACHE_HOME")
                .or_else(|| var("HOME").map(|h| h.join(".cache")))
                .map(|d| d.join("glossalign")),
        };
        Self {
            dir,
            min_source_bytes: DEFAULT_MIN_SOURCE_BYTES,
        }
    }
}

/// What the cache did for one load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheStatus {
    /// Turned off.
    Off,
    /// The glossary is too small to be worth caching.
    Small,
    /// Read from this cache file.
    Hit(PathBuf),
    /// Not in the cache (why: no file, another glossary content, another
    /// program, a damaged file…); loaded from the CSV files. [`Cache::store`]
    /// writes it to this file.
    Miss(PathBuf, String),
    /// A miss (why), then written to this cache file by [`Cache::store`].
    Stored(PathBuf, String),
    /// The cache could not be used (why); loaded from the CSV files.
    Unusable(String),
}

impl std::fmt::Display for CacheStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CacheStatus::Off => write!(f, "off"),
            CacheStatus::Small => write!(f, "not used (small glossary)"),
            CacheStatus::Hit(p) => write!(f, "read {}", display_path(p)),
            CacheStatus::Miss(p, why) => write!(f, "miss ({why}): {}", display_path(p)),
            CacheStatus::Stored(p, why) => write!(f, "miss ({why}), written {}", display_path(p)),
            CacheStatus::Unusable(why) => write!(f, "not used ({why})"),
        }
    }
}

/// The cache's part of one load: the indexes it had, and where to store
/// them when it had none.
#[derive(Debug)]
pub struct Cache {
    /// What happened.
    pub status: CacheStatus,
    indexes: Option<Indexes>,
    /// The header a stored file gets (on a miss).
    header: Option<Header>,
}

/// What identifies the glossary and the program a cache file was written
/// from.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Header {
    build: String,
    sources: u64,
}

/// Load and validate glossary files or folders (as
/// [`load`](crate::glossary::load::load)), through the cache: on a hit the
/// glossary and its indexes are read from the cache file.
pub fn load(paths: &[PathBuf], settings: &CacheSettings) -> Result<(Glossary, Cache), Error> {
    let files = expand_paths(paths)?;
    let mut size = 0;
    for f in &files {
        size += std::fs::metadata(f).map_err(reading(f))?.len();
    }
    let build = build_id();
    let status = match (&settings.dir, &build) {
        (None, _) => CacheStatus::Off,
        _ if size < settings.min_source_bytes => CacheStatus::Small,
        (Some(_), None) => CacheStatus::Unusable("the program's own file cannot be read".into()),
        (Some(dir), Some(build)) => {
            // The files are hashed as they are read, without holding them.
            let mut named = Vec::with_capacity(files.len());
            for f in &files {
                named.push((display_path(f), std::fs::File::open(f).map_err(reading(f))?));
            }
            let sources = fingerprint(named).map_err(|(i, e)| reading(&files[i])(e))?;
            let header = Header {
                build: build.clone(),
                sources,
            };
            let path = dir.join(file_name(&files));
            match read(&path, &header) {
                Ok((g, indexes)) => {
                    let cache = Cache {
                        status: CacheStatus::Hit(path),
                        indexes: Some(indexes),
                        header: None,
                    };
                    return Ok((g, cache));
                }
                Err(why) => CacheStatus::Miss(path, why),
            }
        }
    };
    let sources = read_sources(&files)?;
    // The header of a file to store names the bytes loaded (the files may
    // have changed since they were hashed above).
    let header = match (&status, build) {
        (CacheStatus::Miss(..), Some(build)) => Some(Header {
            build,
            sources: fingerprint(sources.iter().map(|(n, b)| (n.clone(), b.as_slice())))
                .unwrap_or_default(),
        }),
        _ => None,
    };
    let g = load_sources(&sources)?;
    let cache = Cache {
        status,
        indexes: None,
        header,
    };
    Ok((g, cache))
}

impl Cache {
    /// The matcher of `g`, with the indexes read from the cache when there
    /// are some (the same matcher either way).
    pub fn matcher<'g>(&mut self, g: &'g Glossary, options: MatchOptions) -> Matcher<'g> {
        match self.indexes.take() {
            Some(indexes) => Matcher::with_indexes(g, options, indexes),
            None => Matcher::new(g, options),
        }
    }

    /// On a miss, write `g` and the indexes of `m` (its matcher, from
    /// [`Cache::matcher`]) to the cache file; nothing otherwise. The status
    /// says what happened: a cache that cannot be written is not an error
    /// of the run.
    pub fn store(&mut self, g: &Glossary, m: &Matcher) {
        let (CacheStatus::Miss(path, why), Some(header)) = (&self.status, &self.header) else {
            return;
        };
        let (path, why) = (path.clone(), why.clone());
        if !std::ptr::eq(m.glossary(), g) {
            // (The indexes would not be those of the glossary written.)
            self.status = CacheStatus::Unusable("the matcher is of another glossary".into());
            return;
        }
        self.status = match write(&path, header, g, m) {
            Ok(()) => CacheStatus::Stored(path, why),
            Err(e) => CacheStatus::Unusable(format!("cannot write {}: {e}", display_path(&path))),
        };
    }
}

/// The program writing or reading: its version and the size and time of
/// its executable (a rebuilt program does not read an older one's cache).
fn build_id() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let meta = std::fs::metadata(exe).ok()?;
    let time = meta.modified().ok()?;
    let since = time.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(format!(
        "{} {} {}.{:09}",
        env!("CARGO_PKG_VERSION"),
        meta.len(),
        since.as_secs(),
        since.subsec_nanos()
    ))
}

/// A 64-bit hash of the glossary files' names and contents, read from
/// `files` (name, reader) in pieces of a fixed size (so that a file read
/// from disk and the same bytes in memory hash alike). `Err((k, error))`
/// when file number `k` cannot be read.
fn fingerprint<R: std::io::Read>(
    files: impl IntoIterator<Item = (String, R)>,
) -> Result<u64, (usize, std::io::Error)> {
    const PIECE: usize = 1 << 16;
    let mut h = FxBuildHasher.build_hasher();
    let mut buf = vec![0u8; PIECE];
    for (k, (name, mut r)) in files.into_iter().enumerate() {
        h.write_usize(name.len());
        h.write(name.as_bytes());
        let mut total = 0;
        loop {
            // A whole piece unless the file ends.
            let mut n = 0;
            while n < PIECE {
                match r.read(&mut buf[n..]) {
                    Ok(0) => break,
                    Ok(k) => n += k,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => return Err((k, e)),
                }
            }
            h.write(&buf[..n]);
            total += n;
            if n < PIECE {
                break;
            }
        }
        h.write_usize(total);
    }
    Ok(h.finish())
}

/// The cache file of a glossary made of `files`: named by a hash of their
/// absolute paths (the same glossary from another folder is the same file).
fn file_name(files: &[PathBuf]) -> String {
    let mut h = FxBuildHasher.build_hasher();
    for f in files {
        let p = std::fs::canonicalize(f).unwrap_or_else(|_| f.clone());
        h.write(p.to_string_lossy().as_bytes());
        h.write_u8(0);
    }
    format!("glossary-{:016x}.bin", h.finish())
}

/// A checksum of a section.
fn checksum(bytes: &[u8]) -> u64 {
    FxBuildHasher.hash_one(bytes)
}

/// The sections of a cache file after [`MAGIC`], in order: each is its
/// length (`u64`), its checksum (`u64`), then its bytes.
const SECTIONS: [&str; 4] = ["header", "glossary", "exact index", "fuzzy index"];

/// Read the cache file at `path` written for `header`: `Err(why)` when it
/// is missing, of another glossary or program, or damaged. The sections are
/// read one at a time into one buffer, so that the file is never held
/// whole beside what it decodes to.
fn read(path: &Path, header: &Header) -> Result<(Glossary, Indexes), String> {
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err("no cache file".into()),
        Err(e) => return Err(format!("cannot read it: {e}")),
    };
    let size = file
        .metadata()
        .map_err(|e| format!("cannot read it: {e}"))?
        .len();
    let mut sections = Sections {
        file: &mut file,
        left: size,
        buf: Vec::new(),
    };
    sections.next(MAGIC.len() as u64, "header")?;
    if sections.buf != MAGIC {
        return Err("not a glossalign cache file".into());
    }
    let found = sections.decode(SECTIONS[0], |d| {
        check(
            d.u32("header")? == FORMAT,
            "header (another format version)",
        )?;
        let build = d.str("header")?.to_string();
        let sources = d.u64("header")?;
        Ok(Header { build, sources })
    })?;
    if found.build != header.build {
        return Err("written by another build of glossalign".into());
    }
    if found.sources != header.sources {
        return Err("the glossary files changed".into());
    }
    let g = sections.decode(SECTIONS[1], decode_glossary)?;
    let n = g.forms.len();
    let mut exact = sections.decode(SECTIONS[2], |d| FormIndex::decode(d, n))?;
    let fuzzy = sections.decode(SECTIONS[3], |d| FuzzyIndex::decode(d, n))?;
    if sections.left != 0 {
        return Err("damaged (bytes after the end)".into());
    }
    drop(sections);
    exact.keep_ranges();
    Ok((g, Indexes { exact, fuzzy }))
}

/// A cache file being read, a section at a time, into one buffer.
struct Sections<'f> {
    file: &'f mut std::fs::File,
    /// Bytes of the file not read yet.
    left: u64,
    buf: Vec<u8>,
}

impl Sections<'_> {
    /// The next `n` bytes into `buf`.
    fn next(&mut self, n: u64, what: &str) -> Result<(), String> {
        use std::io::Read as _;
        if n > self.left {
            return Err(format!("damaged (cut short in the {what})"));
        }
        self.left -= n;
        self.buf.clear();
        (&mut *self.file)
            .take(n)
            .read_to_end(&mut self.buf)
            .map_err(|e| format!("cannot read it: {e}"))?;
        if self.buf.len() as u64 != n {
            return Err(format!("damaged (cut short in the {what})"));
        }
        Ok(())
    }

    /// The next section, checked against its checksum, read by `decode`,
    /// which must read all of it.
    fn decode<T>(
        &mut self,
        what: &'static str,
        decode: impl FnOnce(&mut Decoder) -> Read<T>,
    ) -> Result<T, String> {
        self.next(16, what)?;
        let word = |b: &[u8]| u64::from_le_bytes(b.try_into().unwrap_or_default());
        let (n, sum) = (word(&self.buf[..8]), word(&self.buf[8..16]));
        self.next(n, what)?;
        if checksum(&self.buf) != sum {
            return Err(format!("damaged (checksum of the {what})"));
        }
        let mut d = Decoder::new(&self.buf);
        let v = decode(&mut d).and_then(|v| check(d.is_empty(), what).map(|()| v));
        v.map_err(|e| format!("damaged ({e})"))
    }
}

/// Write the cache file at `path`: the header, then the glossary and the
/// indexes, replacing any file there atomically.
fn write(path: &Path, header: &Header, g: &Glossary, m: &Matcher) -> Result<(), Error> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io_error(path, "creating the folder of"))?;
    // Backup and archive tools skip a folder tagged this way
    // (https://bford.info/cachedir/).
    let tag = dir.join("CACHEDIR.TAG");
    if !tag.exists() {
        let _ = std::fs::write(
            &tag,
            "Signature: 8a477f597d28d172789f06886806bc55\n\
             # This folder is glossalign's glossary cache; it can be deleted at any time.\n",
        );
    }
    let mut out = StagingFile::create(path)?;
    let writing = io_error(path, "writing");
    out.write_all(MAGIC).map_err(&writing)?;
    // Each section is encoded into one reused buffer and written: only the
    // largest is ever held beside the glossary and the matcher.
    let mut e = Encoder::default();
    for section in 0..SECTIONS.len() {
        e.bytes.clear();
        match section {
            0 => {
                e.u32(FORMAT);
                e.str(&header.build);
                e.u64(header.sources);
            }
            1 => encode_glossary(&mut e, g),
            2 => m.encode_exact(&mut e),
            _ => m.encode_fuzzy(&mut e),
        }
        if e.overflow {
            return Err(Error::Other(format!(
                "{}: a glossary text of 4 GiB or more cannot be cached",
                display_path(path)
            )));
        }
        let mut frame = [0u8; 16];
        frame[..8].copy_from_slice(&(e.bytes.len() as u64).to_le_bytes());
        frame[8..].copy_from_slice(&checksum(&e.bytes).to_le_bytes());
        out.write_all(&frame)
            .and_then(|()| out.write_all(&e.bytes))
            .map_err(&writing)?;
    }
    // No flush to disk: a file cut short by a crash fails its checksum and
    // is rebuilt; the rename alone keeps readers from seeing half a file.
    out.written()?.commit_unsynced()
}

/// The texts many forms share (language, note, term type, file, extra
/// column names) are written once, in a table, and referred to by number.
fn encode_glossary<'g>(e: &mut Encoder, g: &'g Glossary) {
    // The table first (in order of first use), so that the forms are
    // written once, straight after it.
    let shared_of = |f: &'g Form| {
        [&f.lang, &f.note, &f.term_type, &f.file]
            .into_iter()
            .chain(f.extra.iter().map(|(name, _)| name))
            .map(Shared::as_str)
    };
    let mut table: Vec<&'g str> = Vec::new();
    let mut numbers: FxHashMap<&'g str, u32> = FxHashMap::default();
    for s in g.forms.iter().flat_map(shared_of) {
        numbers.entry(s).or_insert_with(|| {
            table.push(s);
            table.len() as u32 - 1
        });
    }
    let number = |s: &Shared| numbers[s.as_str()];
    e.usize(table.len());
    table.iter().for_each(|s| e.str(s));
    e.usize(g.extra_columns.len());
    g.extra_columns.iter().for_each(|s| e.str(s));
    e.usize(g.files.len());
    g.files.iter().for_each(|s| e.str(s));
    e.usize(g.entities.len());
    for en in &g.entities {
        e.str(&en.id);
        e.u8(position(&EntityType::ALL, en.etype));
        e.u32s(&en.forms.iter().map(|&f| f as u32).collect::<Vec<_>>());
    }
    e.usize(g.forms.len());
    for f in &g.forms {
        e.u32(f.entity as u32);
        e.u32(number(&f.lang));
        e.u32(number(&f.note));
        e.u32(number(&f.term_type));
        e.u32(number(&f.file));
        e.str(&f.text);
        e.str(&f.spaced);
        e.str(&f.key);
        e.usize(f.extra.len());
        for (name, value) in f.extra.iter() {
            e.u32(number(name));
            e.str(value);
        }
        e.u32(f.line);
        e.u16(f.tokens);
        e.u8(position(&Status::ALL, f.status));
    }
}

/// The number of `v` in `all` (its byte in the cache).
fn position<T: PartialEq>(all: &[T], v: T) -> u8 {
    all.iter().position(|x| *x == v).unwrap_or(0) as u8
}

fn decode_glossary(d: &mut Decoder) -> Read<Glossary> {
    let what = "glossary";
    let n = d.len(STR, what)?;
    let table = (0..n)
        .map(|_| d.str(what).map(Shared::from))
        .collect::<Read<Vec<Shared>>>()?;
    let shared = |d: &mut Decoder| -> Read<Shared> {
        table
            .get(d.u32(what)? as usize)
            .cloned()
            .ok_or(Corrupt(what))
    };
    let strings = |d: &mut Decoder| -> Read<Vec<String>> {
        let n = d.len(STR, what)?;
        (0..n).map(|_| d.str(what).map(str::to_string)).collect()
    };
    let extra_columns = strings(d)?;
    let files = strings(d)?;
    // (The least each item takes: a damaged count cannot ask for more.)
    let n = d.len(STR + 1 + ARRAY, what)?;
    let mut entities = Vec::with_capacity(n);
    for _ in 0..n {
        let id = d.str(what)?.to_string();
        let etype = *EntityType::ALL
            .get(usize::from(d.u8(what)?))
            .ok_or(Corrupt(what))?;
        let forms = d.u32s(what)?.into_iter().map(|f| f as usize).collect();
        entities.push(Entity { id, etype, forms });
    }
    let n = d.len(4 + 4 * 4 + 3 * STR + ARRAY + 4 + 2 + 1, what)?;
    let mut forms = Vec::with_capacity(n);
    for _ in 0..n {
        let entity = d.u32(what)? as usize;
        let (lang, note, term_type, file) = (shared(d)?, shared(d)?, shared(d)?, shared(d)?);
        let text = Text::from(d.str(what)?);
        let spaced = Text::from(d.str(what)?);
        let key = Text::from(d.str(what)?);
        let n_extra = d.len(4 + STR, what)?;
        let extra = (0..n_extra)
            .map(|_| Ok((shared(d)?, Text::from(d.str(what)?))))
            .collect::<Read<Extra>>()?;
        let line = d.u32(what)?;
        let tokens = d.u16(what)?;
        let status = *Status::ALL
            .get(usize::from(d.u8(what)?))
            .ok_or(Corrupt(what))?;
        check(entity < entities.len(), what)?;
        forms.push(Form {
            entity,
            lang,
            text,
            note,
            term_type,
            file,
            extra,
            spaced,
            key,
            line,
            tokens,
            status,
        });
    }
    check(
        entities
            .iter()
            .flat_map(|e| &e.forms)
            .all(|&f| f < forms.len()),
        what,
    )?;
    Ok(Glossary {
        entities,
        forms,
        extra_columns,
        files,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("glossary")
    }

    /// A cache in a temporary folder that keeps every glossary.
    fn temp_cache() -> (tempfile::TempDir, CacheSettings) {
        let dir = tempfile::tempdir().unwrap();
        let s = CacheSettings {
            dir: Some(dir.path().join("cache")),
            min_source_bytes: 0,
        };
        (dir, s)
    }

    fn encoded(m: &Matcher) -> (Vec<u8>, Vec<u8>) {
        let (mut a, mut b) = (Encoder::default(), Encoder::default());
        m.encode_exact(&mut a);
        m.encode_fuzzy(&mut b);
        (a.bytes, b.bytes)
    }

    #[test]
    fn a_stored_glossary_reads_back_as_the_same_glossary_and_matcher() {
        let (_dir, s) = temp_cache();
        let gdir = shipped();
        let (fresh, mut cache) = load(std::slice::from_ref(&gdir), &s).unwrap();
        let status = cache.status.clone();
        assert!(
            matches!(&status, CacheStatus::Miss(_, why) if why == "no cache file"),
            "{status:?}"
        );
        let m = cache.matcher(&fresh, MatchOptions::default());
        cache.store(&fresh, &m);
        assert!(
            matches!(cache.status, CacheStatus::Stored(..)),
            "{:?}",
            cache.status
        );
        let (cached, mut cache) = load(std::slice::from_ref(&gdir), &s).unwrap();
        assert!(
            matches!(cache.status, CacheStatus::Hit(_)),
            "{:?}",
            cache.status
        );
        assert_eq!(format!("{fresh:?}"), format!("{cached:?}"));
        let m1 = Matcher::new(&fresh, MatchOptions::default());
        let m2 = cache.matcher(&cached, MatchOptions::default());
        // The same indexes, byte for byte (the encoding is deterministic)…
        assert!(encoded(&m1) == encoded(&m2));
        // …and the same matches, on the seeds and on generated names with
        // clitics and misspellings (fuzzy matches).
        let mut texts: Vec<String> =
            std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds"))
                .unwrap()
                .map(|f| std::fs::read_to_string(f.unwrap().path()).unwrap())
                .collect();
        texts.sort();
        let names: Vec<&str> = fresh
            .forms
            .iter()
            .filter(|f| f.is_arabic())
            .map(|f| f.text.as_str())
            .collect();
        let generated: String = names
            .iter()
            .enumerate()
            .map(|(i, n)| match i % 3 {
                0 => format!("قال و{n} أمس. "),
                1 => format!("زار {} اليوم. ", n.replacen('ا', "", 1)),
                _ => format!("ولدى {}ي وغيره. ", n),
            })
            .collect();
        texts.push(generated);
        let mut found = 0;
        for t in &texts {
            let (a, b) = (m1.find(t), m2.find(t));
            found += a.len();
            assert_eq!(a, b);
        }
        assert!(found > 100, "{found} matches");
    }

    #[test]
    fn a_glossary_of_the_shortest_forms_reads_back() {
        // Forms of one letter: each takes the least bytes a form can.
        let mut csv = String::from("entity_id,type,lang,form,status,note\n");
        for (i, c) in ('A'..='Z').enumerate() {
            csv.push_str(&format!("e{i},other,en,{c},preferred,\n"));
        }
        let g = crate::glossary::load::load_sources(&[("g.csv".into(), csv.into_bytes())]).unwrap();
        let mut e = Encoder::default();
        encode_glossary(&mut e, &g);
        let back = decode_glossary(&mut Decoder::new(&e.bytes)).unwrap();
        assert_eq!(format!("{back:?}"), format!("{g:?}"));
    }

    #[test]
    fn a_matcher_of_another_glossary_is_not_stored() {
        let (dir, s) = temp_cache();
        let (g, mut cache) = load(&[shipped()], &s).unwrap();
        let other = g.clone();
        let m = Matcher::new(&other, MatchOptions::default());
        cache.store(&g, &m);
        assert_eq!(
            cache.status,
            CacheStatus::Unusable("the matcher is of another glossary".into())
        );
        assert!(!dir.path().join("cache").exists());
    }

    #[test]
    fn indexes_of_more_forms_than_the_glossary_has_are_refused() {
        let g = crate::glossary::load::load(&[shipped()]).unwrap();
        let m = Matcher::new(&g, MatchOptions::default());
        let (exact, fuzzy) = encoded(&m);
        let n = g.forms.len();
        assert!(FormIndex::decode(&mut Decoder::new(&exact), n).is_ok());
        assert!(FuzzyIndex::decode(&mut Decoder::new(&fuzzy), n).is_ok());
        assert!(FormIndex::decode(&mut Decoder::new(&exact), n - 1).is_err());
        assert!(FuzzyIndex::decode(&mut Decoder::new(&fuzzy), n - 1).is_err());
        // A posting list past the end of the posted forms (the first list's
        // count, after the number of lists, its key and its start).
        let mut long = fuzzy.clone();
        long[20..24].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(FuzzyIndex::decode(&mut Decoder::new(&long), n).is_err());
    }
}
