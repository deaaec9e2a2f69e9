//! Which files `lint` and `fix` read: the paths given (or configured), with
//! folders walked in sorted order, `include` globs deciding which walked
//! files count (default: the text extensions of [`crate::scan`]) and
//! `exclude` globs removing files and whole folders — also files named
//! explicitly, so a pre-commit hook honours them. Globs are matched against
//! the path relative to the folder of the configuration file that set them
//! (the current folder for defaults); `*` also matches `/`.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::config::{normalize, Settings};
use crate::error::Error;
use crate::scan::{collect_inputs_with, display, has_text_extension, InputFile};

/// Compiled include/exclude globs.
#[derive(Debug, Clone)]
pub struct InputFilter {
    cwd: PathBuf,
    include: Option<(GlobSet, PathBuf)>,
    exclude: (GlobSet, PathBuf),
}

fn compile(globs: &[String]) -> Result<GlobSet, Error> {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        b.add(Glob::new(g).map_err(|e| Error::Other(format!("bad glob `{g}`: {}", e.kind())))?);
    }
    b.build()
        .map_err(|e| Error::Other(format!("bad globs: {e}")))
}

impl InputFilter {
    /// The filter the settings describe, for a run in `cwd`.
    pub fn new(settings: &Settings, cwd: &Path) -> Result<Self, Error> {
        let include = if settings.include.value.is_empty() {
            None
        } else {
            Some((
                compile(&settings.include.value)?,
                settings.glob_base(cwd, &settings.include),
            ))
        };
        let exclude = (
            compile(&settings.exclude.value)?,
            settings.glob_base(cwd, &settings.exclude),
        );
        Ok(Self {
            cwd: cwd.to_path_buf(),
            include,
            exclude,
        })
    }

    /// `p` relative to `base`, with forward slashes (its display form when outside).
    fn relative(&self, base: &Path, p: &Path) -> String {
        let abs = normalize(&self.cwd.join(p));
        match abs.strip_prefix(base) {
            Ok(rel) => display(rel),
            Err(_) => display(p),
        }
    }

    /// True when `p`, or a folder it is in, matches an exclude glob.
    pub fn excluded(&self, p: &Path) -> bool {
        let (set, base) = &self.exclude;
        if set.is_empty() {
            return false;
        }
        let rel = self.relative(base, p);
        let mut prefix = String::new();
        for part in rel.split('/') {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(part);
            if set.is_match(&prefix) {
                return true;
            }
        }
        false
    }

    /// Whether to enter a folder (`is_dir`) or read a file found while walking.
    pub fn keep(&self, p: &Path, is_dir: bool) -> bool {
        if self.excluded(p) {
            return false;
        }
        if is_dir {
            return true;
        }
        match &self.include {
            Some((set, base)) => set.is_match(self.relative(base, p)),
            None => has_text_extension(p),
        }
    }

    /// The files to read for `paths`, and the problems met.
    pub fn collect(&self, paths: &[PathBuf]) -> (Vec<InputFile>, Vec<Error>) {
        let (mut files, errors) = collect_inputs_with(paths, &|p, is_dir| self.keep(p, is_dir));
        files.retain(|f| !self.excluded(&f.path));
        (files, errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Origin, Sourced};

    #[test]
    fn include_and_exclude() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().canonicalize().unwrap();
        for f in [
            "a.md",
            "b.txt",
            "c.html",
            "d.csv",
            "drafts/e.md",
            "x/drafts/f.md",
            "x/g.md",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        let names = |f: &InputFilter, paths: &[&str]| {
            let paths: Vec<PathBuf> = paths.iter().map(|p| root.join(p)).collect();
            let (files, errs) = f.collect(&paths);
            assert!(errs.is_empty());
            files
                .iter()
                .map(|x| display(x.path.strip_prefix(&root).unwrap()))
                .collect::<Vec<_>>()
        };
        let mut s = Settings::default();
        let f = InputFilter::new(&s, &root).unwrap();
        assert_eq!(
            names(&f, &["."]),
            [
                "a.md",
                "b.txt",
                "c.html",
                "drafts/e.md",
                "x/drafts/f.md",
                "x/g.md"
            ]
        );
        s.exclude = Sourced {
            value: vec!["drafts".into(), "x/**/f.md".into()],
            origin: Origin::CommandLine,
        };
        s.include = Sourced {
            value: vec!["*.md".into()],
            origin: Origin::CommandLine,
        };
        let f = InputFilter::new(&s, &root).unwrap();
        assert_eq!(names(&f, &["."]), ["a.md", "x/g.md"]);
        // Explicit files: include does not apply, exclude does.
        assert_eq!(names(&f, &["d.csv", "drafts/e.md"]), ["d.csv"]);
    }
}
