//! One subcommand per file.

pub mod eval;
pub mod explain;
pub mod glossary;
pub mod scan;
