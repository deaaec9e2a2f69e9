//! Atomic file writes: a temporary file in the target's folder, written,
//! flushed to disk, given the target's permissions, then renamed over the
//! target. A reader (or a crash) sees the old content or the new, never half.

use std::io::Write;
use std::path::Path;

use crate::error::Error;

/// Write `bytes` to `path` atomically, keeping the permissions of an existing file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    stage(path, |w| w.write_all(bytes))?.commit()
}

/// A file written in full to a temporary file next to its target, flushed
/// to disk, waiting for [`Staged::commit`] to replace the target. Dropped
/// without a commit, the temporary file is removed and the target is
/// untouched: a caller stages every output first and commits them only when
/// all are ready.
pub struct Staged {
    tmp: tempfile::NamedTempFile,
    path: std::path::PathBuf,
    existing: Option<std::fs::Permissions>,
    /// Flushed to disk ([`Staged::synced`]); [`Staged::commit`] makes sure.
    synced: bool,
}

/// The error of an I/O `action` on `path`.
pub(crate) fn io_error(path: &Path, action: &'static str) -> impl Fn(std::io::Error) -> Error {
    let shown = path.to_string_lossy().replace('\\', "/");
    move |e| Error::Io {
        path: shown.clone(),
        action,
        source: e,
    }
}

/// Stage `path`: `write` writes the content (buffered) into a temporary file
/// in the same folder, which is then flushed to disk. Nothing replaces
/// `path` before [`Staged::commit`].
pub fn stage(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<Staged, Error> {
    stage_written(path, write)?.synced()
}

/// [`stage`] without the flush to disk, which [`Staged::synced`] (or the
/// commit) does: a caller staging several files can have them synced at
/// the same time.
pub fn stage_written(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<Staged, Error> {
    let mut f = StagingFile::create(path)?;
    write(&mut f).map_err(io_error(path, "writing"))?;
    f.written()
}

/// A temporary file next to `path` being written, a piece at a time (a
/// report streamed while a scan runs); [`StagingFile::finish`] flushes it to
/// disk and gives the [`Staged`] file. Dropped before that, it is removed.
pub struct StagingFile {
    tmp: tempfile::NamedTempFile,
    out: std::io::BufWriter<std::fs::File>,
    path: std::path::PathBuf,
    existing: Option<std::fs::Permissions>,
    /// Pause after every 64 KiB written (test hook, see [`slow_write_pause`]).
    slow: Option<u64>,
}

impl StagingFile {
    /// Create the temporary file for `path` (in its folder, which must exist).
    pub fn create(path: &Path) -> Result<Self, Error> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let meta = std::fs::metadata(path).ok();
        if meta.as_ref().is_some_and(std::fs::Metadata::is_dir) {
            // Caught before anything is written, so that a caller staging
            // several files fails before committing any of them.
            return Err(io_error(path, "replacing")(std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "a folder is in the way",
            )));
        }
        let existing = meta.map(|m| m.permissions());
        let mut builder = tempfile::Builder::new();
        builder.prefix(".glossalign-").suffix(".tmp");
        // A new file gets the usual 0666 less the umask (tempfile's own default
        // is 0600, which would hide reports from the rest of a team); an existing
        // one keeps its permissions, from the first byte written.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(
                existing
                    .clone()
                    .unwrap_or_else(|| std::fs::Permissions::from_mode(0o666)),
            );
        }
        let tmp = builder
            .tempfile_in(dir)
            .map_err(io_error(path, "creating a temporary file for"))?;
        let file = tmp
            .as_file()
            .try_clone()
            .map_err(io_error(path, "creating a temporary file for"))?;
        Ok(StagingFile {
            tmp,
            out: std::io::BufWriter::with_capacity(256 * 1024, file),
            path: path.to_path_buf(),
            existing,
            slow: slow_write_pause(),
        })
    }

    /// The target this file will replace.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flush to disk; the file, ready to commit.
    pub fn finish(self) -> Result<Staged, Error> {
        self.written()?.synced()
    }

    /// Write out what is buffered (not yet flushed to disk: see
    /// [`Staged::synced`]); the file, ready to commit.
    pub fn written(mut self) -> Result<Staged, Error> {
        self.out.flush().map_err(io_error(&self.path, "writing"))?;
        Ok(Staged {
            tmp: self.tmp,
            path: self.path,
            existing: self.existing,
            synced: false,
        })
    }
}

impl Write for StagingFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let Some(ms) = self.slow else {
            return self.out.write(buf);
        };
        let n = buf.len().min(64 * 1024);
        self.out.write_all(&buf[..n])?;
        self.out.flush()?;
        std::thread::sleep(std::time::Duration::from_millis(ms));
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

impl Staged {
    /// The target this file replaces.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flush the file to disk (once).
    pub fn synced(mut self) -> Result<Self, Error> {
        if !self.synced {
            self.tmp
                .as_file()
                .sync_all()
                .map_err(io_error(&self.path, "syncing"))?;
            self.synced = true;
        }
        Ok(self)
    }

    /// Replace the target with the staged file (a rename: readers see the
    /// old content or the new, never half), flushed to disk first.
    pub fn commit(self) -> Result<(), Error> {
        self.synced()?.replace()
    }

    /// [`commit`](Self::commit) without the flush to disk: for a file its
    /// reader checks and can rebuild (the glossary cache, whose sections
    /// are checksummed), where a crash may cost the file but never shows
    /// half of it as whole.
    pub fn commit_unsynced(self) -> Result<(), Error> {
        self.replace()
    }

    fn replace(self) -> Result<(), Error> {
        let Staged {
            tmp,
            path,
            existing,
            ..
        } = self;
        if let Some(perms) = existing {
            std::fs::set_permissions(tmp.path(), perms)
                .map_err(io_error(&path, "setting permissions of"))?;
        }
        tmp.persist(&path)
            .map_err(|e| io_error(&path, "replacing")(e.error))?;
        Ok(())
    }
}

/// Test hook: with `GLOSSALIGN_TEST_SLOW_WRITE_MS=N` in the environment,
/// writes go out in 64 KiB pieces with an N ms pause after each, so that a
/// test can kill the process in the middle of a write (`tests/atomic_kill.rs`).
fn slow_write_pause() -> Option<u64> {
    std::env::var("GLOSSALIGN_TEST_SLOW_WRITE_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.csv");
        write_atomic(&p, b"old").unwrap();
        write_atomic(&p, b"new").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_file_staged_unsynced_is_synced_once_and_committed() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.csv");
        write_atomic(&p, b"old").unwrap();
        let staged = stage_written(&p, |w| w.write_all(b"new")).unwrap();
        assert!(!staged.synced);
        assert_eq!(std::fs::read(&p).unwrap(), b"old");
        let staged = staged.synced().unwrap().synced().unwrap();
        assert!(staged.synced);
        staged.commit().unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_staged_file_replaces_nothing_until_committed() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.csv");
        write_atomic(&p, b"old").unwrap();
        let staged = stage(&p, |w| w.write_all(b"new")).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"old");
        drop(staged);
        assert_eq!(std::fs::read(&p).unwrap(), b"old");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "temp file left"
        );
        let staged = stage(&p, |w| w.write_all(b"new")).unwrap();
        assert_eq!(staged.path(), p);
        staged.commit().unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"new");
        // A failing writer stages nothing and leaves no temporary file.
        let err = stage(&p, |_| Err(std::io::Error::other("disk full"))).err();
        assert!(err.unwrap().to_string().contains("disk full"));
        assert_eq!(std::fs::read(&p).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_not_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("new.csv");
        write_atomic(&p, b"x").unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        // 0666 less the umask (Linux shows the umask in /proc/self/status).
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let umask = status
            .lines()
            .find_map(|l| l.strip_prefix("Umask:"))
            .and_then(|v| u32::from_str_radix(v.trim(), 8).ok());
        match umask {
            Some(u) => assert_eq!(mode, 0o666 & !u, "{mode:o} with umask {u:o}"),
            None => assert_eq!(mode & 0o600, 0o600),
        }
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "x").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"y").unwrap();
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }
}
