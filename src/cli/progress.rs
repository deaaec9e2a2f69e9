//! The progress bar of long runs: files, bytes, speed and ETA on stderr,
//! shown only when stderr is a terminal and `--quiet` is not given.

use std::io::IsTerminal;

use glossalign::run::Progress;

/// A progress bar that may be hidden.
pub struct ProgressBar {
    bar: Option<indicatif::ProgressBar>,
}

impl ProgressBar {
    /// A bar on stderr, or nothing when `quiet` or stderr is not a terminal.
    pub fn new(quiet: bool) -> Self {
        let show = !quiet && std::io::stderr().is_terminal();
        let bar = show.then(|| {
            let b = indicatif::ProgressBar::new(0);
            let style = indicatif::ProgressStyle::with_template(
                "{bar:30} {msg} {bytes}/{total_bytes} {bytes_per_sec} ETA {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
            b.set_style(style);
            b
        });
        Self { bar }
    }

    /// Show where the scan is.
    pub fn update(&self, p: Progress) {
        if let Some(b) = &self.bar {
            b.set_length(p.bytes_total);
            b.set_position(p.bytes_done);
            b.set_message(format!("{}/{} files", p.files_done, p.files_total));
        }
    }

    /// Remove the bar.
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
