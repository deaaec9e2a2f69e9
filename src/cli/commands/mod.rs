//! One subcommand per file.

pub mod config;
pub mod fix;
pub mod glossary;
pub mod lint;
pub mod scan;
