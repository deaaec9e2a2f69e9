//! Replacement text that reads right next to an Arabic proclitic.
//!
//! A matched span never includes the proclitic (و ف ب ك ل and their
//! combinations), so the proclitic stays as written and only the name is
//! replaced. Two spellings of the definite article need care:
//!
//! * after the preposition ل the article's alef is dropped (ل + الاتحاد →
//!   للاتحاد). The span then starts at the article's lam (the matcher's
//!   `elided_article`), or — when the old name had no article — right after
//!   the ل; either way a replacement starting with ال loses its alef;
//! * when the article itself was read as part of the proclitic (بال + name,
//!   لل + name), a replacement that brings its own ال loses it, so the
//!   article is not written twice.

/// The text to put in place of a name whose proclitic (normalised, as the
/// matcher reports it) is `clitic`, so that `clitic + result` is the correct
/// spelling of `clitic + target`.
///
/// ```
/// use glossalign::fix::orthography::replacement_after_clitic;
/// assert_eq!(replacement_after_clitic("و", "قيرغيزستان"), "قيرغيزستان");
/// assert_eq!(replacement_after_clitic("ل", "الاتحاد الأوروبي"), "لاتحاد الأوروبي");
/// assert_eq!(replacement_after_clitic("بال", "الكرملين"), "كرملين");
/// ```
pub fn replacement_after_clitic<'a>(clitic: &str, target: &'a str) -> &'a str {
    let Some(after_article) = target.strip_prefix("ال") else {
        return target;
    };
    if after_article.is_empty() {
        return target;
    }
    if clitic.ends_with("ال") || clitic.ends_with("لل") {
        after_article
    } else if clitic.ends_with('ل') {
        &target['ا'.len_utf8()..]
    } else {
        target
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn reads(clitic: &str, target: &str, expect: &str) {
        let got = format!("{clitic}{}", replacement_after_clitic(clitic, target));
        assert_eq!(got, expect);
    }

    #[test]
    fn plain_proclitics_are_kept() {
        reads("و", "قيرغيزستان", "وقيرغيزستان");
        reads("", "ألماتي", "ألماتي");
        reads("ب", "الكرملين", "بالكرملين");
        reads("وب", "الكرملين", "وبالكرملين");
        reads("ف", "الاتحاد الأوروبي", "فالاتحاد الأوروبي");
    }

    #[test]
    fn lam_plus_article_contracts() {
        reads("ل", "الاتحاد الأوروبي", "للاتحاد الأوروبي");
        reads("ول", "الولايات المتحدة", "وللولايات المتحدة");
        // Hamza on the alef: not the article, nothing dropped.
        reads("ل", "ألماتي", "لألماتي");
    }

    #[test]
    fn article_in_the_clitic_is_not_doubled() {
        reads("بال", "الكرملين", "بالكرملين");
        reads("وال", "الناتو", "والناتو");
        reads("لل", "الناتو", "للناتو");
        reads("بال", "كرملين", "بالكرملين");
    }

    #[test]
    fn a_bare_al_is_not_stripped_to_nothing() {
        assert_eq!(replacement_after_clitic("ل", "ال"), "ال");
    }
}
