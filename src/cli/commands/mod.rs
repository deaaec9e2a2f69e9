//! One subcommand per file.

pub mod glossary;
pub mod scan;
