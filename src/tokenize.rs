//! Tokens of the normalised text: runs of letters or digits of one script.
//!
//! A token never mixes Arabic letters, other letters and digits, so `Il-76`
//! gives `il`, `76` and `مير24` gives `مير`, `24`. Whether two neighbouring
//! tokens may be read as parts of one name is decided by [`Token::joins_next`]:
//! only spaces and hyphens (at most one line break) may separate them.

/// Script class of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    /// Arabic letters.
    Arabic,
    /// Latin or other non-Arabic letters.
    Latin,
    /// Digits.
    Digit,
}

/// One token; offsets are byte offsets into the normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Start (inclusive).
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// Script class.
    pub script: Script,
    /// The gap to the next token is only spaces/hyphens (a name may continue).
    pub joins_next: bool,
    /// The next token follows with no gap at all (e.g. `il76` → `il`,`76`).
    pub glued_next: bool,
    /// Inside a URL, e-mail address, @handle or #hashtag: never matched.
    pub in_link: bool,
}

/// Script class of a normalised character, or `None` for non-word characters.
pub fn script_of(c: char) -> Option<Script> {
    if c.is_ascii_digit() {
        return Some(Script::Digit);
    }
    if ('\u{0621}'..='\u{064A}').contains(&c) || ('\u{066E}'..='\u{06D3}').contains(&c) {
        return Some(Script::Arabic);
    }
    if ('\u{0600}'..='\u{06FF}').contains(&c) {
        // The rest of the Arabic block without a Unicode table lookup (the
        // hot path on Arabic text): digits, or marks and punctuation.
        let digit =
            ('\u{0660}'..='\u{0669}').contains(&c) || ('\u{06F0}'..='\u{06F9}').contains(&c);
        return if digit {
            Some(Script::Digit)
        } else if ARABIC_PUNCTUATION.contains(&c) {
            // (The commas and question marks of every sentence, settled
            // without the table.)
            None
        } else if c.is_alphabetic() {
            Some(Script::Latin)
        } else {
            None
        };
    }
    if c.is_alphabetic() {
        return Some(Script::Latin);
    }
    if c.is_numeric() {
        return Some(Script::Digit);
    }
    None
}

/// Arabic punctuation: neither letters nor digits ([`script_of`]).
const ARABIC_PUNCTUATION: [char; 6] = ['،', '؛', '؟', '٪', '٫', '٬'];

fn is_join_gap_char(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\r' | '\n' | '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}'
    )
}

/// The script of the character at byte `i` of `text` and its length: ASCII
/// and the two-byte Arabic letters decoded by hand (the hot path), the rest
/// as chars.
#[inline]
fn script_at(text: &str, i: usize) -> (Option<Script>, usize) {
    let b = text.as_bytes();
    let x = b[i];
    if x < 0x80 {
        let s = if x.is_ascii_digit() {
            Some(Script::Digit)
        } else if x.is_ascii_alphabetic() {
            Some(Script::Latin)
        } else {
            None
        };
        (s, 1)
    } else if x == 0xD8 || x == 0xD9 {
        // U+0600–U+067F: two bytes.
        let u = (u32::from(x) & 0x1F) << 6 | (u32::from(b[i + 1]) & 0x3F);
        let s = if (0x0621..=0x064A).contains(&u) {
            Some(Script::Arabic)
        } else {
            char::from_u32(u).and_then(script_of)
        };
        (s, 2)
    } else {
        let c = text[i..].chars().next().expect("a char boundary");
        (script_of(c), c.len_utf8())
    }
}

/// The end of the run of two-byte Arabic letters (U+0621–U+064A,
/// U+066E–U+06D3: [`Script::Arabic`] for [`script_of`]) that starts at byte
/// `i`: the inside of an Arabic word, skipped without deciding each letter.
#[inline]
fn arabic_letters_end(b: &[u8], mut i: usize) -> usize {
    while i + 1 < b.len() {
        let (x, y) = (b[i], b[i + 1]);
        // A lead byte D8–DB, and the continuation byte's bit in its mask:
        // no branch per letter.
        let mask = ARABIC_LETTER_BITS[usize::from(x & 3)];
        if (x & 0xFC) != 0xD8 || (mask >> (y & 0x3F)) & 1 == 0 {
            break;
        }
        i += 2;
    }
    i
}

/// Per lead byte D8, D9, DA, DB: bit `y & 0x3F` is set when the character
/// of that lead byte and continuation byte `y` is one of the letters of
/// [`arabic_letters_end`] (U+0621–U+064A, U+066E–U+06D3).
const ARABIC_LETTER_BITS: [u64; 4] = {
    let mut m = [0u64; 4];
    let mut lead = 0;
    while lead < 4 {
        let mut low = 0u32;
        while low < 64 {
            // The code point of lead byte D8 + lead, continuation 80 + low.
            let u = (0x18 + lead as u32) << 6 | low;
            if (u >= 0x0621 && u <= 0x064A) || (u >= 0x066E && u <= 0x06D3) {
                m[lead] |= 1 << low;
            }
            low += 1;
        }
        lead += 1;
    }
    m
};

/// Split normalised text into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::with_capacity(text.len() / 8);
    let mut cur: Option<(usize, Script)> = None;
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let (s, len) = script_at(text, i);
        match (cur, s) {
            (Some((_, cs)), Some(ns)) if cs == ns => {}
            (Some((start, cs)), _) => {
                tokens.push(new_token(start, i, cs));
                cur = s.map(|ns| (i, ns));
            }
            (None, Some(ns)) => cur = Some((i, ns)),
            (None, None) => {}
        }
        i += len;
        if s == Some(Script::Arabic) {
            // The rest of the word, at once.
            i = arabic_letters_end(b, i);
        }
    }
    if let Some((start, cs)) = cur {
        tokens.push(new_token(start, text.len(), cs));
    }
    for k in 0..tokens.len().saturating_sub(1) {
        let gap = &text.as_bytes()[tokens[k].end..tokens[k + 1].start];
        tokens[k].glued_next = gap.is_empty();
        // (One space, the usual gap, settled without decoding.)
        tokens[k].joins_next = gap == b" " || joins(&text[tokens[k].end..tokens[k + 1].start]);
    }
    mark_links(text, &mut tokens);
    tokens
}

/// True when a gap between two tokens lets a name go on: at most three
/// spaces or hyphens, at most one line break.
fn joins(gap: &str) -> bool {
    gap.chars().count() <= 3 && gap.chars().all(is_join_gap_char) && gap.matches('\n').count() <= 1
}

fn new_token(start: usize, end: usize, script: Script) -> Token {
    Token {
        start,
        end,
        script,
        joins_next: false,
        glued_next: false,
        in_link: false,
    }
}

/// Mark tokens inside whitespace-delimited chunks that look like links,
/// addresses, handles or hashtags. Every such chunk holds one of the bytes
/// `@ # . /` ([`is_link_chunk`]): only the chunks around those bytes are
/// looked at, each once.
fn mark_links(text: &str, tokens: &mut [Token]) {
    let bytes = text.as_bytes();
    let mut t = 0;
    let mut i = 0;
    // The next `.` and the next `@`, `#` or `/` at or after `i` (`NONE`:
    // there is none), each searched for again (memchr) only once `i` has
    // passed it: full stops end every sentence, the others are rare.
    const NONE: usize = usize::MAX;
    let dot_from = |i: usize| memchr::memchr(b'.', &bytes[i..]).map_or(NONE, |k| i + k);
    let other_from =
        |i: usize| memchr::memchr3(b'@', b'#', b'/', &bytes[i..]).map_or(NONE, |k| i + k);
    let (mut dot, mut other) = (dot_from(0), other_from(0));
    loop {
        if dot < i {
            dot = dot_from(i);
        }
        if other < i {
            other = other_from(i);
        }
        let at = dot.min(other);
        if at == NONE {
            break;
        }
        let start = bytes[..at]
            .iter()
            .rposition(u8::is_ascii_whitespace)
            .map_or(0, |w| w + 1)
            .max(i);
        let end = bytes[at..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(bytes.len(), |w| at + w);
        if is_link_chunk(&text[start..end]) {
            while t < tokens.len() && tokens[t].start < start {
                t += 1;
            }
            while t < tokens.len() && tokens[t].start < end {
                tokens[t].in_link = true;
                t += 1;
            }
        }
        i = end;
        if i >= bytes.len() {
            break;
        }
    }
}

fn is_link_chunk(chunk: &str) -> bool {
    // Every kind of link below has one of these bytes: most words have none
    // and are settled without looking at their characters.
    if !chunk
        .bytes()
        .any(|b| matches!(b, b'@' | b'#' | b'.' | b'/'))
    {
        return false;
    }
    // An address or a handle: any `@`. A hashtag: `#` after punctuation
    // only (the trim, a table lookup per character, only for chunks with a
    // `#`).
    if chunk.contains('@') {
        return true;
    }
    if chunk.contains('#') {
        let trimmed =
            chunk.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '@' && c != '#');
        if trimmed.starts_with('#') {
            return true;
        }
    }
    if chunk.contains("://") || chunk.starts_with("www.") {
        return true;
    }
    // latin.latin or latin/latin: a domain or path. One pass, no allocation:
    // a chunk may be a whole 200 MB line.
    if !chunk.bytes().any(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    let mut it = chunk.chars();
    let (Some(mut a), Some(mut b)) = (it.next(), it.next()) else {
        return false;
    };
    for c in it {
        if (b == '.' || b == '/')
            && a.is_ascii_alphanumeric()
            && c.is_ascii_alphanumeric()
            && (b == '/' || !c.is_ascii_digit())
        {
            return true;
        }
        (a, b) = (b, c);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(text: &'a str, toks: &[Token]) -> Vec<&'a str> {
        toks.iter().map(|t| &text[t.start..t.end]).collect()
    }

    /// The token boundaries as first computed: `script_of` on every char.
    fn reference_spans(text: &str) -> Vec<(usize, usize, Script)> {
        let mut out = Vec::new();
        let mut cur: Option<(usize, Script)> = None;
        for (i, c) in text.char_indices() {
            let s = script_of(c);
            match (cur, s) {
                (Some((_, cs)), Some(ns)) if cs == ns => {}
                (Some((start, cs)), _) => {
                    out.push((start, i, cs));
                    cur = s.map(|ns| (i, ns));
                }
                (None, Some(ns)) => cur = Some((i, ns)),
                (None, None) => {}
            }
        }
        if let Some((start, cs)) = cur {
            out.push((start, text.len(), cs));
        }
        out
    }

    #[test]
    fn fast_scan_equals_script_of_on_every_char() {
        let mut text = String::new();
        for u in (0..0x80u32)
            .chain(0x0600..0x0700)
            .chain([0xE9, 0x4E2D, 0x1F600, 0xFEFB, 0x0966])
        {
            let c = char::from_u32(u).unwrap();
            text.push(c);
            text.push('ب');
            text.push(c);
            text.push(c);
            text.push(' ');
            // Inside and at the end of a run of Arabic letters.
            text.push_str("كازاخستان");
            text.push(c);
            text.push_str("ڤۓ");
            text.push(c);
        }
        let got: Vec<_> = tokenize(&text)
            .iter()
            .map(|t| (t.start, t.end, t.script))
            .collect();
        assert_eq!(got, reference_spans(&text));
    }

    /// Links as first marked: every chunk between ASCII whitespace asked.
    fn reference_links(text: &str, tokens: &mut [Token]) {
        let mut chunk_start = 0;
        let bytes = text.as_bytes();
        let mut t = 0;
        let mut i = 0;
        while i <= bytes.len() {
            let at_end = i == bytes.len();
            if at_end || bytes[i].is_ascii_whitespace() {
                if i > chunk_start && is_link_chunk(&text[chunk_start..i]) {
                    while t < tokens.len() && tokens[t].start < i {
                        if tokens[t].start >= chunk_start {
                            tokens[t].in_link = true;
                        }
                        t += 1;
                    }
                }
                chunk_start = i + 1;
            }
            i += 1;
        }
    }

    /// `is_link_chunk` as first written (the trim before the `@`/`#` test
    /// on every chunk): the reference of the version that trims only
    /// chunks with a `#`.
    fn is_link_chunk_reference(chunk: &str) -> bool {
        if !chunk
            .bytes()
            .any(|b| matches!(b, b'@' | b'#' | b'.' | b'/'))
        {
            return false;
        }
        let trimmed =
            chunk.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '@' && c != '#');
        if trimmed.starts_with('@') || trimmed.starts_with('#') {
            return true;
        }
        if chunk.contains("://") || chunk.starts_with("www.") || chunk.contains('@') {
            return true;
        }
        if !chunk.bytes().any(|b| b.is_ascii_alphabetic()) {
            return false;
        }
        let c: Vec<char> = chunk.chars().collect();
        c.windows(3).any(|w| {
            (w[1] == '.' || w[1] == '/')
                && w[0].is_ascii_alphanumeric()
                && w[2].is_ascii_alphanumeric()
                && (w[1] == '/' || !w[2].is_ascii_digit())
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2000))]
        /// Any chunk of link bytes, punctuation, letters of both scripts and
        /// digits: the same answer as the reference.
        #[test]
        fn link_chunks_as_the_reference(chars in proptest::collection::vec(
            proptest::sample::select(vec![
                '#', '@', '.', '/', ':', 'w', 'a', 'Z', '1', 'ب', '٣', '«', '(', '-', '_', '،',
            ]),
            0..12,
        )) {
            let chunk: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(is_link_chunk(&chunk), is_link_chunk_reference(&chunk), "{:?}", chunk);
        }
    }

    #[test]
    fn links_found_around_their_bytes_equal_every_chunk_asked() {
        // Chunks with and without link bytes, at the start and end, glued
        // to Arabic, several link bytes in one chunk, runs of whitespace.
        let parts = [
            "pic.twitter.com/abc",
            "@turkic_states",
            "#turk",
            "الماتا.وقال",
            "www.x.kz",
            "a@b.kz",
            "..",
            "/",
            "http://x.y/z",
            "كازاخستان",
            "v1.2",
            "٣.٤",
            "a/b/c",
            "#",
            "@",
            "word.",
            ".word",
            "ALMATY",
            "\r\n",
            "\t",
            "  ",
        ];
        let mut seed = 7u64;
        for _ in 0..400 {
            let mut text = String::new();
            for _ in 0..12 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(parts[(seed >> 33) as usize % parts.len()]);
                if !(seed >> 20).is_multiple_of(3) {
                    text.push(' ');
                }
            }
            let got: Vec<bool> = tokenize(&text).iter().map(|t| t.in_link).collect();
            let mut want = tokenize(&text);
            want.iter_mut().for_each(|t| t.in_link = false);
            reference_links(&text, &mut want);
            let want: Vec<bool> = want.iter().map(|t| t.in_link).collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn arabic_punctuation_is_what_the_unicode_tables_say() {
        for c in ARABIC_PUNCTUATION {
            assert!(!c.is_alphabetic() && !c.is_numeric(), "{c:?}");
            assert_eq!(script_of(c), None, "{c:?}");
        }
        assert_eq!(
            texts("ألماتا، وأستانا؟", &tokenize("ألماتا، وأستانا؟")),
            ["ألماتا", "وأستانا"]
        );
    }

    #[test]
    fn splits_scripts_and_digits() {
        let s = "il-76 مير24 abc";
        let t = tokenize(s);
        assert_eq!(texts(s, &t), ["il", "76", "مير", "24", "abc"]);
        assert!(t[0].joins_next && !t[0].glued_next);
        assert!(t[2].glued_next && t[2].joins_next);
    }

    #[test]
    fn punctuation_breaks_names() {
        let s = "روسيا، البيضاء روسيا البيضاء";
        let t = tokenize(s);
        assert!(!t[0].joins_next);
        assert!(t[1].joins_next);
        assert!(t[2].joins_next);
    }

    #[test]
    fn blank_line_breaks_names() {
        let t = tokenize("نور\n\nسلطان");
        assert!(!t[0].joins_next);
        let t = tokenize("نور\nسلطان");
        assert!(t[0].joins_next);
    }

    #[test]
    fn links_handles_and_hashtags_are_marked() {
        let s = "see pic.twitter.com/abc @turkic_states #turk twitter";
        let t = tokenize(s);
        let marked: Vec<_> = t
            .iter()
            .filter(|t| t.in_link)
            .map(|t| &s[t.start..t.end])
            .collect();
        assert_eq!(
            marked,
            ["pic", "twitter", "com", "abc", "turkic", "states", "turk"]
        );
        assert!(!t.last().unwrap().in_link);
    }

    #[test]
    fn arabic_sentence_end_without_space_is_not_a_link() {
        let t = tokenize("الماتا.وقال");
        assert!(t.iter().all(|t| !t.in_link));
    }
}
