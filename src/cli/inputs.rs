//! Reading the documents `lint` and `fix` work on: files from the paths given
//! (or configured), and standard input for `-`.

use std::io::Read;
use std::path::{Path, PathBuf};

use glossalign::config::Settings;
use glossalign::lint::inputs::InputFilter;
use glossalign::markup::InputFormat;
use glossalign::source::SourceFile;
use glossalign::Error;

/// Name shown for standard input.
pub const STDIN_NAME: &str = "<stdin>";

/// One document to read.
pub enum Input {
    /// Standard input, shown as `name`.
    Stdin(String),
    /// A file.
    File { path: PathBuf, display: String },
}

impl Input {
    /// Read and decode it.
    pub fn read(&self) -> Result<SourceFile, Error> {
        match self {
            Input::Stdin(name) => {
                let mut bytes = Vec::new();
                std::io::stdin()
                    .read_to_end(&mut bytes)
                    .map_err(|e| Error::Io {
                        path: name.clone(),
                        action: "reading",
                        source: e,
                    })?;
                SourceFile::from_bytes(name.clone(), bytes)
            }
            Input::File { path, display } => SourceFile::read(path, display.clone()),
        }
    }

    /// The format its name implies.
    pub fn format(&self) -> InputFormat {
        match self {
            Input::Stdin(name) => InputFormat::from_path(name),
            Input::File { display, .. } => InputFormat::from_path(display),
        }
    }
}

/// The inputs for `paths` (the configured paths when empty), in order, and
/// the problems met finding them.
pub fn collect(
    paths: &[PathBuf],
    stdin_filename: Option<&str>,
    settings: &Settings,
) -> (Vec<Input>, Vec<Error>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let filter = match InputFilter::new(settings, &cwd) {
        Ok(f) => f,
        Err(e) => return (inputs, vec![e]),
    };
    let paths = if paths.is_empty() {
        &settings.paths.value[..]
    } else {
        paths
    };
    for p in paths {
        if p == Path::new("-") {
            inputs.push(Input::Stdin(
                stdin_filename.unwrap_or(STDIN_NAME).to_string(),
            ));
            continue;
        }
        let (files, errs) = filter.collect(std::slice::from_ref(p));
        inputs.extend(files.into_iter().map(|f| Input::File {
            path: f.path,
            display: f.display,
        }));
        errors.extend(errs);
    }
    (inputs, errors)
}
