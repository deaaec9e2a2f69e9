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
    let mut tmp = tempfile::Builder::new()
        .prefix(".glossalign-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io("creating a temporary file for"))?;
    tmp.write_all(bytes).map_err(io("writing"))?;
    tmp.as_file().sync_all().map_err(io("syncing"))?;
    if let Ok(meta) = std::fs::metadata(path) {
        std::fs::set_permissions(tmp.path(), meta.permissions())
            .map_err(io("setting permissions of"))?;
    }
    tmp.persist(path).map_err(|e| io("replacing")(e.error))?;
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
