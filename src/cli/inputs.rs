//! Reading the documents `lint` and `fix` work on: files from the paths given
//! (or configured), and standard input for `-`; and the `--encoding` flag
//! that `scan`, `lint` and `fix` share.

use std::io::Read;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use glossalign::config::Settings;
use glossalign::lint::inputs::InputFilter;
use glossalign::markup::InputFormat;
use glossalign::source::{InputEncoding, SourceFile};
use glossalign::Error;

/// The `--encoding` flag, flattened into every command that reads documents.
#[derive(Args, Debug, Clone, Copy)]
pub struct EncodingArgs {
    /// Encoding of documents without a byte order mark: `utf-8`, or `cp1256`
    /// to read files that are not valid UTF-8 as Windows-1256 (files with a
    /// BOM follow their BOM; valid UTF-8 stays UTF-8).
    #[arg(long, value_enum, value_name = "ENCODING", default_value = "utf-8")]
    pub encoding: EncodingArg,
}

impl EncodingArgs {
    /// What the library is to assume for files without a BOM.
    pub fn input_encoding(&self) -> InputEncoding {
        self.encoding.into()
    }
}

/// Values of `--encoding`.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodingArg {
    /// UTF-8 (or UTF-16 with a BOM).
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// Windows-1256 for files that are not valid UTF-8.
    #[value(name = "cp1256", alias = "windows-1256")]
    Cp1256,
}

impl From<EncodingArg> for InputEncoding {
    fn from(e: EncodingArg) -> Self {
        match e {
            EncodingArg::Utf8 => InputEncoding::Utf8,
            EncodingArg::Cp1256 => InputEncoding::Windows1256,
        }
    }
}

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
    /// Read and decode it, assuming `assume` when it has no BOM.
    pub fn read(&self, assume: InputEncoding) -> Result<SourceFile, Error> {
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
                SourceFile::decode(name.clone(), bytes, assume)
            }
            Input::File { path, display } => SourceFile::read_with(path, display.clone(), assume),
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
