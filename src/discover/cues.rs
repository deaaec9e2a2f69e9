//! The evidence that a span of text is a name: each cue with its weight,
//! combined by noisy-OR into a proposed entity's confidence
//! (see [`super::cluster`]).

/// One kind of evidence that a span is a name, with its weight (the
/// probability-like strength combined by noisy-OR in the cluster score).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cue {
    /// A word the lexicon cannot explain.
    Unknown,
    /// Two or more such words in a row.
    UnknownRun,
    /// A strong transliteration shape.
    ShapeStrong,
    /// A weak transliteration shape.
    ShapeWeak,
    /// Announced by a title or class noun before it.
    Title,
    /// Followed by a title (نيكول باشينيان رئيس وزراء أرمينيا).
    TitleAfter,
    /// A short quotation on its own.
    Quoted,
    /// A short quotation announced by a class noun.
    QuotedAfterTitle,
    /// Latin-script name inside Arabic text.
    LatinInArabic,
    /// Latin multi-word name with a connector (Organization of Turkic States).
    LatinConnected,
    /// Latin multi-word capitalised name.
    LatinMulti,
    /// Found in two or more documents.
    ManyDocuments,
    /// Found two or more times.
    Repeated,
    /// Written in more than one spelling.
    Variants,
    /// A class noun with its complement (منظمة الدول التركية).
    NamedPhrase,
}

impl Cue {
    /// Weight in [0, 1].
    pub fn weight(self) -> f64 {
        match self {
            Cue::Unknown => 0.35,
            Cue::UnknownRun => 0.3,
            Cue::ShapeStrong => 0.5,
            Cue::ShapeWeak => 0.2,
            Cue::Title => 0.45,
            Cue::TitleAfter => 0.3,
            Cue::Quoted => 0.2,
            Cue::QuotedAfterTitle => 0.55,
            Cue::LatinInArabic => 0.55,
            Cue::LatinConnected => 0.55,
            Cue::LatinMulti => 0.4,
            Cue::ManyDocuments => 0.3,
            Cue::Repeated => 0.15,
            Cue::Variants => 0.2,
            Cue::NamedPhrase => 0.3,
        }
    }

    /// True for cues that speak for a *name* (shape, context, script,
    /// variants), as opposed to cues any rare word can have (unknown to the
    /// lexicon, repeated) and weak ones (many long vowels, capitalised words
    /// in Latin-script text).
    pub fn is_name_cue(self) -> bool {
        !matches!(
            self,
            Cue::Unknown | Cue::ManyDocuments | Cue::Repeated | Cue::ShapeWeak | Cue::LatinMulti
        )
    }

    /// Description for the review file, with its detail.
    pub fn describe(self, detail: &str) -> String {
        match (self, detail.is_empty()) {
            (Cue::ManyDocuments | Cue::Repeated, false) => detail.to_string(),
            (_, true) => self.label().to_string(),
            (_, false) => format!("{} ({detail})", self.label()),
        }
    }

    /// Short description for the review file.
    pub fn label(self) -> &'static str {
        match self {
            Cue::Unknown => "not an ordinary word",
            Cue::UnknownRun => "several unknown words in a row",
            Cue::ShapeStrong | Cue::ShapeWeak => "transliteration shape",
            Cue::Title => "after a title or class noun",
            Cue::TitleAfter => "before a title",
            Cue::Quoted => "quoted",
            Cue::QuotedAfterTitle => "quoted after a class noun",
            Cue::LatinInArabic => "Latin-script name in Arabic text",
            Cue::LatinConnected => "capitalised name with connector",
            Cue::LatinMulti => "capitalised words",
            Cue::ManyDocuments => "documents",
            Cue::Repeated => "occurrences",
            Cue::Variants => "several spellings",
            Cue::NamedPhrase => "class noun with complement",
        }
    }
}
