//! The flags `lint`, `fix` and `config` share: where the configuration comes
//! from, and the values the command line may override.

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::Args;

use glossalign::config::{Discovery, Overrides, Settings};
use glossalign::glossary::cache::{self, Cache, CacheSettings};
use glossalign::glossary::Glossary;
use glossalign::lint::FailOn;
use glossalign::Error;

/// Configuration flags.
#[derive(Args, Debug, Clone, Default)]
pub struct ConfigArgs {
    /// Configuration file; its values override a discovered glossalign.toml,
    /// and command-line flags override both.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore glossalign.toml files found from the current folder upwards.
    #[arg(long)]
    pub isolated: bool,
    /// Glossary CSV file or folder (repeatable; replaces the configured list).
    #[arg(long = "glossary", short = 'g', value_name = "PATH")]
    pub glossary: Vec<PathBuf>,
    /// Lowest severity that makes the run fail with exit status 1.
    #[arg(
        long,
        value_name = "LEVEL",
        value_parser = PossibleValuesParser::new(["error", "warning", "info", "never"])
            .try_map(|s| s.parse::<FailOn>())
    )]
    pub fail_on: Option<FailOn>,
    /// Disable fuzzy matching of unlisted spellings.
    #[arg(long)]
    pub no_fuzzy: bool,
    /// Ignore fuzzy matches scoring below this (0 to 1).
    #[arg(long, value_name = "SCORE")]
    pub min_score: Option<f64>,
    /// Turn a rule on, optionally at a severity (repeatable): `admitted-spelling`, `short-first-mention=warning`.
    #[arg(long, value_name = "RULE[=LEVEL]")]
    pub enable: Vec<String>,
    /// Turn a rule off (repeatable).
    #[arg(long, value_name = "RULE")]
    pub disable: Vec<String>,
}

impl ConfigArgs {
    /// The settings in effect for a run in the current folder.
    pub fn settings(&self) -> Result<Settings, Error> {
        let cwd = std::env::current_dir().map_err(|e| Error::Io {
            path: ".".into(),
            action: "finding the current folder",
            source: e,
        })?;
        let d = Discovery {
            cwd,
            config: self.config.clone(),
            isolated: self.isolated,
        };
        let o = Overrides {
            glossary: self.glossary.clone(),
            fail_on: self.fail_on,
            no_fuzzy: self.no_fuzzy,
            min_score: self.min_score,
            enable: self.enable.clone(),
            disable: self.disable.clone(),
        };
        Settings::load(&d, &o)
    }

    /// The settings in effect and the glossary they name, loaded through
    /// the glossary cache: what `lint` and `fix` start from.
    pub fn settings_and_glossary(
        &self,
        cache: &CacheSettings,
    ) -> Result<(Settings, Glossary, Cache), Error> {
        let settings = self.settings()?;
        let (g, cache) = cache::load(&settings.glossary.value, cache)?;
        Ok((settings, g, cache))
    }
}
