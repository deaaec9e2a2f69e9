//! One subcommand per file.

pub mod discover;
pub mod glossary;
pub mod scan;
