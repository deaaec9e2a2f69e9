//! Configuration: `glossalign.toml` files and command-line overrides, layered
//! into the [`Settings`] `lint`, `fix` and `config` use, each value
//! remembering where it came from.
//!
//! Precedence, highest first: the command line, the file given with
//! `--config`, the `glossalign.toml` found from the current folder upwards
//! (skipped with `--isolated`), the defaults. Paths and globs in a file are
//! relative to that file's folder.

pub mod discover;
pub mod file;

use std::fmt;
use std::path::{Component, Path, PathBuf};

use crate::error::Error;
use crate::lint::{FailOn, LintOptions, Severity};
use crate::rules::{self, RuleInfo};
use file::{ConfigFile, RuleLevel};

/// Where a setting came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Built in.
    Default,
    /// A `glossalign.toml` found from the current folder upwards.
    Discovered(PathBuf),
    /// The file given with `--config`.
    ConfigFlag(PathBuf),
    /// A command-line flag.
    CommandLine,
}

impl Origin {
    /// The folder relative paths in this origin are relative to (`None` for the current folder).
    fn base(&self) -> Option<&Path> {
        match self {
            Origin::Discovered(p) | Origin::ConfigFlag(p) => p.parent(),
            _ => None,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Default => f.write_str("default"),
            Origin::Discovered(p) => write!(f, "{}", show(p)),
            Origin::ConfigFlag(p) => write!(f, "--config {}", show(p)),
            Origin::CommandLine => f.write_str("command line"),
        }
    }
}

fn show(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Sourced<T> {
    /// The value.
    pub value: T,
    /// Its origin.
    pub origin: Origin,
}

impl<T> Sourced<T> {
    fn default(value: T) -> Self {
        Self {
            value,
            origin: Origin::Default,
        }
    }

    fn set(&mut self, value: T, origin: &Origin) {
        self.value = value;
        self.origin = origin.clone();
    }
}

/// Command-line values that override files.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--glossary` (replaces the configured list when non-empty).
    pub glossary: Vec<PathBuf>,
    /// `--fail-on`.
    pub fail_on: Option<FailOn>,
    /// `--no-fuzzy`.
    pub no_fuzzy: bool,
    /// `--min-score`.
    pub min_score: Option<f64>,
    /// `--enable RULE[=LEVEL]`.
    pub enable: Vec<String>,
    /// `--disable RULE`.
    pub disable: Vec<String>,
}

/// Where to look for files.
#[derive(Debug, Clone)]
pub struct Discovery {
    /// The current folder (discovery starts here; paths are shown relative to it).
    pub cwd: PathBuf,
    /// `--config FILE`.
    pub config: Option<PathBuf>,
    /// `--isolated`: ignore discovered files.
    pub isolated: bool,
}

/// The configuration in effect.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Glossary files or folders.
    pub glossary: Sourced<Vec<PathBuf>>,
    /// What to check when no path is given.
    pub paths: Sourced<Vec<PathBuf>>,
    /// Globs walked files must match (empty: the default text extensions).
    pub include: Sourced<Vec<String>>,
    /// Globs of files and folders never checked.
    pub exclude: Sourced<Vec<String>>,
    /// Lowest severity that fails the run.
    pub fail_on: Sourced<FailOn>,
    /// Fuzzy matching on.
    pub fuzzy: Sourced<bool>,
    /// Fuzzy matches below this score are ignored.
    pub min_score: Sourced<f64>,
    /// Each rule's severity (`None`: off), in [`rules::RULES`] order.
    pub rules: Vec<(&'static RuleInfo, Sourced<Option<Severity>>)>,
    /// Configuration files read, lowest precedence first.
    pub files: Vec<Origin>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            glossary: Sourced::default(vec![PathBuf::from("glossary")]),
            paths: Sourced::default(vec![PathBuf::from(".")]),
            include: Sourced::default(Vec::new()),
            exclude: Sourced::default(Vec::new()),
            fail_on: Sourced::default(FailOn::Warning),
            fuzzy: Sourced::default(true),
            min_score: Sourced::default(0.0),
            rules: rules::RULES
                .iter()
                .map(|r| (r, Sourced::default(r.default)))
                .collect(),
            files: Vec::new(),
        }
    }
}

/// `base/p` lexically normalised, shown relative to `cwd` when it lies under it
/// or `cwd` lies under `base` (`../` steps).
fn resolve(cwd: &Path, base: Option<&Path>, p: &Path) -> PathBuf {
    let Some(base) = base else {
        return p.to_path_buf();
    };
    if p.is_absolute() {
        return p.to_path_buf();
    }
    let abs_base = normalize(&cwd.join(base));
    let target = normalize(&abs_base.join(p));
    if let Ok(rel) = target.strip_prefix(cwd) {
        return if rel.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            rel.to_path_buf()
        };
    }
    if let Ok(up) = cwd.strip_prefix(&abs_base) {
        let mut out = PathBuf::new();
        for _ in up.components() {
            out.push("..");
        }
        return out.join(p);
    }
    target
}

/// Remove `.` and resolve `..` components without touching the file system.
pub fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

impl Settings {
    /// Load the settings: defaults, then the discovered file (unless
    /// isolated), then `--config`, then `overrides`.
    pub fn load(d: &Discovery, overrides: &Overrides) -> Result<Self, Error> {
        let mut s = Settings::default();
        if !d.isolated {
            if let Some(found) = discover::find_upwards(&d.cwd) {
                let shown = resolve(&d.cwd, found.parent(), Path::new(discover::FILE_NAME));
                s.apply_file(&d.cwd, &Origin::Discovered(shown))?;
            }
        }
        if let Some(c) = &d.config {
            s.apply_file(&d.cwd, &Origin::ConfigFlag(c.clone()))?;
        }
        s.apply_overrides(overrides)?;
        Ok(s)
    }

    fn apply_file(&mut self, cwd: &Path, origin: &Origin) -> Result<(), Error> {
        let path = match origin {
            Origin::Discovered(p) | Origin::ConfigFlag(p) => p.clone(),
            _ => return Ok(()),
        };
        let name = show(&path);
        let text = std::fs::read_to_string(cwd.join(&path)).map_err(|e| Error::Io {
            path: name.clone(),
            action: "reading configuration",
            source: e,
        })?;
        let cfg = file::parse(&name, &text)?;
        self.apply(cwd, &cfg, origin);
        self.files.push(origin.clone());
        Ok(())
    }

    /// Layer a parsed file over these settings.
    pub fn apply(&mut self, cwd: &Path, cfg: &ConfigFile, origin: &Origin) {
        let base = origin.base().map(|b| {
            if b.as_os_str().is_empty() {
                Path::new(".")
            } else {
                b
            }
        });
        let paths = |v: &Vec<String>| {
            v.iter()
                .map(|p| resolve(cwd, base, Path::new(p)))
                .collect::<Vec<_>>()
        };
        if let Some(g) = &cfg.glossary {
            self.glossary.set(paths(g), origin);
        }
        if let Some(p) = &cfg.paths {
            self.paths.set(paths(p), origin);
        }
        if let Some(i) = &cfg.include {
            self.include
                .set(i.iter().map(|g| g.get_ref().clone()).collect(), origin);
        }
        if let Some(x) = &cfg.exclude {
            self.exclude
                .set(x.iter().map(|g| g.get_ref().clone()).collect(), origin);
        }
        if let Some(f) = cfg.fail_on {
            self.fail_on.set(f, origin);
        }
        if let Some(fz) = &cfg.fuzzy {
            if let Some(e) = fz.enabled {
                self.fuzzy.set(e, origin);
            }
            if let Some(m) = &fz.min_score {
                self.min_score.set(*m.get_ref(), origin);
            }
        }
        if let Some(rules) = &cfg.rules {
            for (id, level) in rules {
                if let Some(slot) = self.rules.iter_mut().find(|(r, _)| r.id == id) {
                    slot.1.set(level.get_ref().severity(), origin);
                }
            }
        }
    }

    /// Layer command-line values over these settings.
    pub fn apply_overrides(&mut self, o: &Overrides) -> Result<(), Error> {
        let cli = Origin::CommandLine;
        if !o.glossary.is_empty() {
            self.glossary.set(o.glossary.clone(), &cli);
        }
        if let Some(f) = o.fail_on {
            self.fail_on.set(f, &cli);
        }
        if o.no_fuzzy {
            self.fuzzy.set(false, &cli);
        }
        if let Some(m) = o.min_score {
            if !(0.0..=1.0).contains(&m) {
                return Err(Error::Other(format!(
                    "--min-score {m}: must be between 0 and 1"
                )));
            }
            self.min_score.set(m, &cli);
        }
        for spec in &o.enable {
            let (id, level) = match spec.split_once('=') {
                Some((id, l)) => {
                    let level = RuleLevel::parse(l).ok_or_else(|| {
                        Error::Other(format!(
                            "--enable {spec}: `{l}` is not one of error, warning, info, off"
                        ))
                    })?;
                    (id, Some(level.severity()))
                }
                None => (spec.as_str(), None),
            };
            let slot = self.rule_slot(id, "--enable")?;
            let sev = level.unwrap_or(Some(slot.1.value.unwrap_or(slot.0.enabled_severity)));
            slot.1.set(sev, &cli);
        }
        for id in &o.disable {
            self.rule_slot(id, "--disable")?.1.set(None, &cli);
        }
        Ok(())
    }

    fn rule_slot(
        &mut self,
        id: &str,
        flag: &str,
    ) -> Result<&mut (&'static RuleInfo, Sourced<Option<Severity>>), Error> {
        self.rules
            .iter_mut()
            .find(|(r, _)| r.id == id)
            .ok_or_else(|| {
                Error::Other(format!(
                    "{flag} {id}: unknown rule (rules: {})",
                    rules::ids()
                ))
            })
    }

    /// The lint options these settings give.
    pub fn lint_options(&self) -> LintOptions {
        LintOptions {
            rules: self.rules.iter().map(|(r, s)| (*r, s.value)).collect(),
            min_score: self.min_score.value,
        }
    }

    /// The folder include/exclude globs are relative to.
    pub fn glob_base(&self, cwd: &Path, which: &Sourced<Vec<String>>) -> PathBuf {
        match which.origin.base() {
            Some(b) if !b.as_os_str().is_empty() => normalize(&cwd.join(b)),
            _ => cwd.to_path_buf(),
        }
    }

    /// The settings as a TOML document, each value followed by its origin.
    pub fn to_toml(&self) -> String {
        let strings = |v: &[String]| {
            toml::Value::Array(v.iter().map(|s| toml::Value::String(s.clone())).collect())
        };
        let path_list = |v: &[PathBuf]| strings(&v.iter().map(|p| show(p)).collect::<Vec<_>>());
        let line = |out: &mut String, key: &str, value: toml::Value, origin: &Origin| {
            out.push_str(&format!("{key} = {value}  # {origin}\n"));
        };
        let mut out = String::from(
            "# glossalign configuration in effect; each value is followed by where it came from.\n",
        );
        if self.files.is_empty() {
            out.push_str("# configuration files: none\n");
        } else {
            let names: Vec<String> = self.files.iter().map(|f| f.to_string()).collect();
            out.push_str(&format!("# configuration files: {}\n", names.join(", ")));
        }
        out.push('\n');
        line(
            &mut out,
            "glossary",
            path_list(&self.glossary.value),
            &self.glossary.origin,
        );
        line(
            &mut out,
            "paths",
            path_list(&self.paths.value),
            &self.paths.origin,
        );
        line(
            &mut out,
            "include",
            strings(&self.include.value),
            &self.include.origin,
        );
        line(
            &mut out,
            "exclude",
            strings(&self.exclude.value),
            &self.exclude.origin,
        );
        let fail = toml::Value::String(self.fail_on.value.as_str().into());
        line(&mut out, "fail-on", fail, &self.fail_on.origin);
        out.push_str("\n[fuzzy]\n");
        line(
            &mut out,
            "enabled",
            toml::Value::Boolean(self.fuzzy.value),
            &self.fuzzy.origin,
        );
        line(
            &mut out,
            "min-score",
            toml::Value::Float(self.min_score.value),
            &self.min_score.origin,
        );
        out.push_str("\n[rules]\n");
        for (r, s) in &self.rules {
            let v = s.value.map_or("off", Severity::as_str);
            line(&mut out, r.id, toml::Value::String(v.into()), &s.origin);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(p: &Path, s: &str) {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, s).unwrap();
    }

    #[test]
    fn precedence_cli_over_flag_over_discovered_over_default() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().canonicalize().unwrap();
        write(
            &root.join("glossalign.toml"),
            "fail-on = \"info\"\nglossary = [\"terms\"]\n[fuzzy]\nmin-score = 0.5\n",
        );
        write(&root.join("ci.toml"), "fail-on = \"error\"\n");
        let cwd = root.join("articles");
        std::fs::create_dir_all(&cwd).unwrap();
        let d = Discovery {
            cwd: cwd.clone(),
            config: None,
            isolated: false,
        };
        let s = Settings::load(&d, &Overrides::default()).unwrap();
        assert_eq!(s.fail_on.value, FailOn::Info);
        assert_eq!(s.glossary.value, [PathBuf::from("../terms")]);
        assert_eq!(s.glossary.origin.to_string(), "../glossalign.toml");
        assert_eq!(s.paths.origin, Origin::Default);

        let d = Discovery {
            config: Some(PathBuf::from("../ci.toml")),
            ..d
        };
        let s = Settings::load(&d, &Overrides::default()).unwrap();
        assert_eq!(s.fail_on.value, FailOn::Error);
        assert_eq!(s.fail_on.origin.to_string(), "--config ../ci.toml");
        assert_eq!(
            s.min_score.value, 0.5,
            "discovered values not overridden stay"
        );

        let o = Overrides {
            fail_on: Some(FailOn::Never),
            ..Default::default()
        };
        let s = Settings::load(&d, &o).unwrap();
        assert_eq!(s.fail_on.value, FailOn::Never);
        assert_eq!(s.fail_on.origin, Origin::CommandLine);

        let d = Discovery {
            isolated: true,
            ..d
        };
        let s = Settings::load(&d, &Overrides::default()).unwrap();
        assert_eq!(
            s.min_score.value, 0.0,
            "--isolated skips the discovered file"
        );
        assert_eq!(s.fail_on.value, FailOn::Error, "--config still applies");
    }

    #[test]
    fn enable_and_disable_rules() {
        let mut s = Settings::default();
        let o = Overrides {
            enable: vec![
                "admitted-spelling".into(),
                "short-first-mention=warning".into(),
            ],
            disable: vec!["deprecated-spelling".into()],
            ..Default::default()
        };
        s.apply_overrides(&o).unwrap();
        let get = |id: &str| s.rules.iter().find(|(r, _)| r.id == id).unwrap().1.value;
        assert_eq!(get("admitted-spelling"), Some(Severity::Info));
        assert_eq!(get("short-first-mention"), Some(Severity::Warning));
        assert_eq!(get("deprecated-spelling"), None);
        let bad = Overrides {
            enable: vec!["nope".into()],
            ..Default::default()
        };
        assert!(Settings::default()
            .apply_overrides(&bad)
            .unwrap_err()
            .to_string()
            .contains("unknown rule"));
    }

    #[test]
    fn rendered_settings_parse_back() {
        let s = Settings::default();
        let text = s.to_toml();
        let cfg = file::parse("x.toml", &text).unwrap();
        assert_eq!(cfg.fail_on, Some(FailOn::Warning));
        assert!(
            text.contains("deprecated-spelling = \"warning\"  # default\n"),
            "{text}"
        );
    }

    #[test]
    fn paths_resolve_relative_to_the_file() {
        let cwd = Path::new("/r/a/b");
        assert_eq!(
            resolve(cwd, Some(Path::new("/r")), Path::new("g")),
            PathBuf::from("../../g")
        );
        assert_eq!(
            resolve(cwd, Some(Path::new("conf")), Path::new("g")),
            PathBuf::from("conf/g")
        );
        assert_eq!(
            resolve(cwd, Some(Path::new(".")), Path::new("./g")),
            PathBuf::from("g")
        );
        assert_eq!(resolve(cwd, None, Path::new("g")), PathBuf::from("g"));
        assert_eq!(
            resolve(cwd, Some(Path::new("/r")), Path::new("/abs")),
            PathBuf::from("/abs")
        );
    }
}
