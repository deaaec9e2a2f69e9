//! One subcommand per file.

pub mod config;
pub mod discover;
pub mod eval;
pub mod explain;
pub mod fix;
pub mod glossary;
pub mod lint;
pub mod report;
pub mod scan;
