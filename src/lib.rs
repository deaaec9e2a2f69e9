//! glossalign: normalise Arabic orthography, match foreign names against a
//! curated glossary, and report how consistently a corpus spells them.
//!
//! The pipeline, one module per stage: [`source`] (bytes, BOM, lines) →
//! [`normalize`] (folding + offset map) → [`tokenize`] → [`matcher`] (exact,
//! clitic-aware, space-insensitive, fuzzy) against a [`glossary`] → [`scan`]
//! ([`scan::Mention`], the message model) → [`report`] (one printer per format),
//! written with [`atomic`] writes.
#![warn(clippy::print_stdout, clippy::print_stderr, missing_docs)]

pub mod atomic;
pub mod config;
pub mod discover;
pub mod error;
pub mod eval;
pub mod fix;
pub mod glossary;
pub mod key;
mod keyfilter;
pub mod lexicon;
pub mod lint;
pub mod markup;
pub mod matcher;
pub mod normalize;
pub mod report;
pub mod rules;
pub mod run;
pub mod scan;
pub mod source;
mod strmap;
pub mod tokenize;

pub use error::Error;
