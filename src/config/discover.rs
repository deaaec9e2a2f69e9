//! Finding `glossalign.toml`: in the current folder, else in the nearest
//! parent folder that has one.

use std::path::{Path, PathBuf};

/// The configuration file's name.
pub const FILE_NAME: &str = "glossalign.toml";

/// The nearest `glossalign.toml` at or above `dir`.
pub fn find_upwards(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_file_wins() {
        let t = tempfile::tempdir().unwrap();
        let deep = t.path().join("a/b/c");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(
            find_upwards(&deep).filter(|p| p.starts_with(t.path())),
            None
        );
        std::fs::write(t.path().join("a").join(FILE_NAME), "").unwrap();
        assert_eq!(
            find_upwards(&deep),
            Some(t.path().join("a").join(FILE_NAME))
        );
        std::fs::write(t.path().join("a/b").join(FILE_NAME), "").unwrap();
        assert_eq!(
            find_upwards(&deep),
            Some(t.path().join("a/b").join(FILE_NAME))
        );
    }
}
