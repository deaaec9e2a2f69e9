//! Atomic file writes: a temporary file in the target's folder, written,
//! flushed to disk, given the target's permissions, then renamed over the
//! target. A reader (or a crash) sees the old content or the new, never half.

use std::io::Write;
use std::path::Path;

use crate::error::Error;

/// Write `bytes` to `path` atomically, keeping the permissions of an existing file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let shown = path.to_string_lossy().replace('\\', "/");
    let io = |action: &'static str| {
        let shown = shown.clone();
        move |e: std::io::Error| Error::Io {
            path: shown,
            action,
            source: e,
        }
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let existing = std::fs::metadata(path).ok().map(|m| m.permissions());
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
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(io("creating a temporary file for"))?;
    write_slowly_if_asked(tmp.as_file_mut(), bytes).map_err(io("writing"))?;
    tmp.as_file().sync_all().map_err(io("syncing"))?;
    if let Some(perms) = existing {
        std::fs::set_permissions(tmp.path(), perms).map_err(io("setting permissions of"))?;
    }
    tmp.persist(path).map_err(|e| io("replacing")(e.error))?;
    Ok(())
}

/// Test hook: with `GLOSSALIGN_TEST_SLOW_WRITE_MS=N` in the environment,
/// write in 64 KiB pieces with an N ms pause after each, so that a test can
/// kill the process in the middle of a write (`tests/atomic_kill.rs`).
fn write_slowly_if_asked(f: &mut std::fs::File, bytes: &[u8]) -> std::io::Result<()> {
    let pause = std::env::var("GLOSSALIGN_TEST_SLOW_WRITE_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok());
    let Some(ms) = pause else {
        return f.write_all(bytes);
    };
    for piece in bytes.chunks(64 * 1024) {
        f.write_all(piece)?;
        f.flush()?;
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
    Ok(())
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
