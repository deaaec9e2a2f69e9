//! Character encodings of stored documents: recognising them, decoding bytes
//! into text, and encoding text back byte for byte (for `fix`).
//!
//! Recognised: UTF-8 with or without a byte order mark (BOM), UTF-16 LE/BE
//! with a BOM, and Windows-1256 (the legacy Arabic code page) when the caller
//! asks for it. Files without a BOM are UTF-8 unless the caller allows the
//! Windows-1256 fallback; a file that is valid UTF-8 is always read as UTF-8
//! (an Arabic Windows-1256 text practically never is valid UTF-8, so an
//! archive that mixes both is read correctly in one run).

use encoding_rs::{EncoderResult, WINDOWS_1256};

/// The encoding a document is stored in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Encoding {
    /// UTF-8.
    #[serde(rename = "UTF-8")]
    Utf8,
    /// UTF-16, little endian.
    #[serde(rename = "UTF-16LE")]
    Utf16Le,
    /// UTF-16, big endian.
    #[serde(rename = "UTF-16BE")]
    Utf16Be,
    /// Windows-1256 (Arabic), one byte per character.
    #[serde(rename = "windows-1256")]
    Windows1256,
}

impl Encoding {
    /// Name as shown to users.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Windows1256 => "Windows-1256",
        }
    }

    /// The byte order mark of this encoding (empty for Windows-1256, which has none).
    pub fn bom(self) -> &'static [u8] {
        match self {
            Encoding::Utf8 => &[0xEF, 0xBB, 0xBF],
            Encoding::Utf16Le => &[0xFF, 0xFE],
            Encoding::Utf16Be => &[0xFE, 0xFF],
            Encoding::Windows1256 => &[],
        }
    }

    /// Number of bytes `c` takes in this encoding.
    pub fn char_len(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16Le | Encoding::Utf16Be => 2 * c.len_utf16(),
            Encoding::Windows1256 => 1,
        }
    }
}

/// What to assume for documents that have no byte order mark.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum InputEncoding {
    /// UTF-8 only: invalid UTF-8 is an error (with a hint when it looks like Windows-1256).
    #[default]
    Utf8,
    /// UTF-8 when the bytes are valid UTF-8, Windows-1256 otherwise.
    Windows1256,
}

/// Line terminators used by a text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LineEnding {
    /// No line break at all.
    #[default]
    None,
    /// Only `\n`.
    Lf,
    /// Only `\r\n`.
    Crlf,
    /// Both (or a lone `\r`): written back exactly as found.
    Mixed,
}

impl LineEnding {
    /// The line endings of `text`.
    pub fn detect(text: &str) -> Self {
        let b = text.as_bytes();
        let (mut lf, mut crlf, mut lone_cr) = (0usize, 0usize, false);
        for (i, &c) in b.iter().enumerate() {
            match c {
                b'\n' if i > 0 && b[i - 1] == b'\r' => crlf += 1,
                b'\n' => lf += 1,
                b'\r' if b.get(i + 1) != Some(&b'\n') => lone_cr = true,
                _ => {}
            }
        }
        match (lf, crlf, lone_cr) {
            (0, 0, false) => LineEnding::None,
            (_, 0, false) => LineEnding::Lf,
            (0, _, false) => LineEnding::Crlf,
            _ => LineEnding::Mixed,
        }
    }
}

/// Bytes inspected for NUL bytes to recognise binary files.
pub const BINARY_SNIFF_LEN: usize = 8192;

/// Largest document accepted, in bytes of decoded text (offsets are kept as
/// 32-bit numbers in the offset map).
pub const MAX_TEXT_LEN: usize = u32::MAX as usize;

/// Decoded bytes.
#[derive(Debug)]
pub struct Decoded {
    /// The text, without BOM.
    pub text: String,
    /// The encoding it was stored in.
    pub encoding: Encoding,
    /// Length of the BOM in the stored file (0 when none).
    pub bom_len: usize,
}

/// Why bytes could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeProblem {
    /// NUL bytes near the start and no UTF-16 BOM: not a text file.
    Binary {
        /// Offset of the first NUL byte.
        offset: usize,
    },
    /// Bytes that are not valid in `encoding`.
    Invalid {
        /// The encoding tried.
        encoding: Encoding,
        /// Offset of the first invalid byte in the stored file.
        offset: usize,
        /// What the bytes look like instead and what to do (starts with `; `), or empty.
        hint: String,
    },
    /// The document is larger than [`MAX_TEXT_LEN`].
    TooLarge {
        /// Its size in bytes.
        len: usize,
    },
}

/// Decode the bytes of a stored document.
pub fn decode(bytes: Vec<u8>, assume: InputEncoding) -> Result<Decoded, DecodeProblem> {
    if bytes.len() > MAX_TEXT_LEN {
        return Err(DecodeProblem::TooLarge { len: bytes.len() });
    }
    for enc in [Encoding::Utf16Le, Encoding::Utf16Be] {
        if bytes.starts_with(enc.bom()) {
            return decode_utf16(&bytes, enc);
        }
    }
    let bom_len = if bytes.starts_with(Encoding::Utf8.bom()) {
        3
    } else {
        0
    };
    let sniff = &bytes[bom_len..bytes.len().min(bom_len + BINARY_SNIFF_LEN)];
    if let Some(nul) = sniff.iter().position(|&b| b == 0) {
        let offset = bom_len + nul;
        return Err(match utf16_without_bom(sniff) {
            Some(enc) => DecodeProblem::Invalid {
                encoding: Encoding::Utf8,
                offset,
                hint: format!(
                    "; it looks like {} without a byte order mark: save it as UTF-8, or as UTF-16 with a BOM",
                    enc.name()
                ),
            },
            None => DecodeProblem::Binary { offset },
        });
    }
    // std's check reads Arabic text (no ASCII runs for its fast path) at
    // about 0.6 GB/s; simdutf8's at several GB/s, and copying the text it
    // vouched for costs less than the difference. (std's check still gives
    // the offset of the first bad byte below.)
    if let Ok(text) = simdutf8::basic::from_utf8(&bytes[bom_len..]) {
        return Ok(Decoded {
            text: text.to_owned(),
            encoding: Encoding::Utf8,
            bom_len,
        });
    }
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            text.drain(..bom_len);
            Ok(Decoded {
                text,
                encoding: Encoding::Utf8,
                bom_len,
            })
        }
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            if assume == InputEncoding::Windows1256 && bom_len == 0 {
                return decode_windows_1256(&bytes);
            }
            let hint = if bom_len == 0 && looks_like_windows_1256(&bytes) {
                "; it looks like Windows-1256 (Arabic): rerun with `--encoding cp1256`, or convert it with `iconv -f CP1256 -t UTF-8`".to_string()
            } else {
                String::new()
            };
            Err(DecodeProblem::Invalid {
                encoding: Encoding::Utf8,
                offset,
                hint,
            })
        }
    }
}

fn decode_windows_1256(bytes: &[u8]) -> Result<Decoded, DecodeProblem> {
    let text = WINDOWS_1256
        .decode_without_bom_handling(bytes)
        .0
        .into_owned();
    if text.len() > MAX_TEXT_LEN {
        return Err(DecodeProblem::TooLarge { len: bytes.len() });
    }
    Ok(Decoded {
        text,
        encoding: Encoding::Windows1256,
        bom_len: 0,
    })
}

fn decode_utf16(bytes: &[u8], enc: Encoding) -> Result<Decoded, DecodeProblem> {
    let body = &bytes[2..];
    let unit = |c: &[u8]| match enc {
        Encoding::Utf16Be => u16::from_be_bytes([c[0], c[1]]),
        _ => u16::from_le_bytes([c[0], c[1]]),
    };
    let mut text = String::with_capacity(body.len() / 2 * 3 / 2);
    let mut units = 0usize;
    for r in char::decode_utf16(body.chunks_exact(2).map(unit)) {
        match r {
            Ok(c) => {
                units += c.len_utf16();
                text.push(c);
            }
            Err(_) => {
                return Err(DecodeProblem::Invalid {
                    encoding: enc,
                    offset: 2 + 2 * units,
                    hint: "; an unpaired surrogate".into(),
                })
            }
        }
    }
    if body.len() % 2 == 1 {
        return Err(DecodeProblem::Invalid {
            encoding: enc,
            offset: bytes.len() - 1,
            hint: "; the file ends in the middle of a character (odd number of bytes)".into(),
        });
    }
    if text.len() > MAX_TEXT_LEN {
        return Err(DecodeProblem::TooLarge { len: bytes.len() });
    }
    Ok(Decoded {
        text,
        encoding: enc,
        bom_len: 2,
    })
}

/// True when bytes that are not valid UTF-8 read as Arabic in Windows-1256:
/// most bytes above 0x7F decode to Arabic letters there.
pub fn looks_like_windows_1256(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(1 << 16)];
    let (text, _) = WINDOWS_1256.decode_without_bom_handling(sample);
    let (mut high, mut arabic) = (0usize, 0usize);
    for c in text.chars().filter(|c| !c.is_ascii()) {
        high += 1;
        if ('\u{0621}'..='\u{064A}').contains(&c) {
            arabic += 1;
        }
    }
    high > 0 && arabic * 2 >= high
}

/// `Some(encoding)` when a sample with NUL bytes looks like UTF-16 text
/// without a BOM: every NUL byte sits at the same parity, and there are many.
fn utf16_without_bom(sample: &[u8]) -> Option<Encoding> {
    let sample = &sample[..sample.len() & !1];
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, &b) in sample.iter().enumerate() {
        if b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    let units = sample.len() / 2;
    let many = |n: usize| n * 8 >= units && n >= 2;
    match (even, odd) {
        (0, n) if many(n) => Some(Encoding::Utf16Le),
        (n, 0) if many(n) => Some(Encoding::Utf16Be),
        _ => None,
    }
}

/// Why text could not be encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodeProblem {
    /// Byte offset in the text of the first character that has no encoding.
    pub offset: usize,
    /// That character.
    pub ch: char,
}

/// Encode `text` in `enc`, preceded by the encoding's BOM when `bom`, with
/// bare `\n` written as `\r\n` when `ending` is CRLF (so a replacement that
/// brings a line break keeps the file's convention).
pub fn encode(
    text: &str,
    enc: Encoding,
    bom: bool,
    ending: LineEnding,
) -> Result<Vec<u8>, EncodeProblem> {
    let crlf;
    let text = if ending == LineEnding::Crlf && has_bare_lf(text) {
        crlf = to_crlf(text);
        crlf.as_str()
    } else {
        text
    };
    let mut out = Vec::with_capacity(text.len() + 3);
    if bom {
        out.extend_from_slice(enc.bom());
    }
    match enc {
        Encoding::Utf8 => out.extend_from_slice(text.as_bytes()),
        Encoding::Utf16Le => text
            .encode_utf16()
            .for_each(|u| out.extend_from_slice(&u.to_le_bytes())),
        Encoding::Utf16Be => text
            .encode_utf16()
            .for_each(|u| out.extend_from_slice(&u.to_be_bytes())),
        Encoding::Windows1256 => {
            let mut e = WINDOWS_1256.new_encoder();
            let mut buf = [0u8; 4096];
            let mut done = 0;
            loop {
                let (res, read, written) =
                    e.encode_from_utf8_without_replacement(&text[done..], &mut buf, true);
                out.extend_from_slice(&buf[..written]);
                done += read;
                match res {
                    EncoderResult::InputEmpty => break,
                    EncoderResult::OutputFull => {}
                    EncoderResult::Unmappable(ch) => {
                        return Err(EncodeProblem {
                            offset: done - ch.len_utf8(),
                            ch,
                        })
                    }
                }
            }
        }
    }
    Ok(out)
}

fn has_bare_lf(text: &str) -> bool {
    let b = text.as_bytes();
    b.iter()
        .enumerate()
        .any(|(i, &c)| c == b'\n' && (i == 0 || b[i - 1] != b'\r'))
}

fn to_crlf(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 32);
    let mut prev = '\0';
    for c in text.chars() {
        if c == '\n' && prev != '\r' {
            out.push('\r');
        }
        out.push(c);
        prev = c;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn round_trip(bytes: &[u8], assume: InputEncoding, expect: Encoding) -> String {
        let d = decode(bytes.to_vec(), assume).unwrap();
        assert_eq!(d.encoding, expect);
        let back = encode(
            &d.text,
            d.encoding,
            d.bom_len > 0,
            LineEnding::detect(&d.text),
        )
        .unwrap();
        assert_eq!(back, bytes, "round trip of {}", expect.name());
        d.text
    }

    fn utf16(s: &str, be: bool) -> Vec<u8> {
        let mut out = if be {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for u in s.encode_utf16() {
            out.extend(if be { u.to_be_bytes() } else { u.to_le_bytes() });
        }
        out
    }

    const SAMPLE: &str = "قال\r\nالرئيس قاسم جومارت توكايف 😀 é\r\n";

    #[test]
    fn round_trips_every_encoding() {
        let s = SAMPLE;
        assert_eq!(
            round_trip(s.as_bytes(), InputEncoding::Utf8, Encoding::Utf8),
            s
        );
        let bom = [b"\xEF\xBB\xBF".as_slice(), s.as_bytes()].concat();
        assert_eq!(round_trip(&bom, InputEncoding::Utf8, Encoding::Utf8), s);
        assert_eq!(
            round_trip(&utf16(s, false), InputEncoding::Utf8, Encoding::Utf16Le),
            s
        );
        assert_eq!(
            round_trip(&utf16(s, true), InputEncoding::Utf8, Encoding::Utf16Be),
            s
        );
        let cp = b"\xDE\xC7\xE1 \xC7\xE1\xD1\xC6\xED\xD3\r\n\x9D\x9E\xFE";
        let t = round_trip(cp, InputEncoding::Windows1256, Encoding::Windows1256);
        assert!(t.starts_with("قال الرئيس"), "{t}");
    }

    #[test]
    fn every_windows_1256_byte_round_trips() {
        let all: Vec<u8> = (1..=255u8).collect();
        let mut bytes = b"\xC7".to_vec(); // not valid UTF-8 on its own
        bytes.extend(&all);
        round_trip(&bytes, InputEncoding::Windows1256, Encoding::Windows1256);
    }

    #[test]
    fn invalid_utf8_names_offset_and_hints_at_windows_1256() {
        let bytes = b"ok \xD1\xE6\xD3\xED\xC7 \xC7\xE1\xC8\xED\xD6\xC7\xC1".to_vec();
        let DecodeProblem::Invalid { offset, hint, .. } =
            decode(bytes, InputEncoding::Utf8).unwrap_err()
        else {
            panic!()
        };
        assert_eq!(offset, 3);
        assert!(hint.contains("--encoding cp1256"), "{hint}");
        // Invalid, but not Arabic in Windows-1256: no hint.
        let DecodeProblem::Invalid { hint, .. } =
            decode(b"ab\xFF\xFE\xFF".to_vec(), InputEncoding::Utf8).unwrap_err()
        else {
            panic!()
        };
        assert_eq!(hint, "");
    }

    #[test]
    fn valid_utf8_stays_utf8_under_the_windows_1256_fallback() {
        let d = decode("روسيا".as_bytes().to_vec(), InputEncoding::Windows1256).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("روسيا", Encoding::Utf8));
    }

    #[test]
    fn nul_bytes_mean_binary_unless_it_looks_like_utf16() {
        assert_eq!(
            decode(
                b"\x7fELF\x02\x01\x01\x00\x00\x00".to_vec(),
                InputEncoding::Utf8
            )
            .unwrap_err(),
            DecodeProblem::Binary { offset: 7 }
        );
        let le = &utf16("hello world روسيا", false)[2..];
        let DecodeProblem::Invalid { hint, .. } =
            decode(le.to_vec(), InputEncoding::Utf8).unwrap_err()
        else {
            panic!()
        };
        assert!(
            hint.contains("UTF-16LE without a byte order mark"),
            "{hint}"
        );
    }

    #[test]
    fn broken_utf16_names_the_offset() {
        let mut b = utf16("ab", false);
        b.extend([0x00, 0xD8, b'c', 0]); // unpaired high surrogate
        let DecodeProblem::Invalid { offset, .. } = decode(b, InputEncoding::Utf8).unwrap_err()
        else {
            panic!()
        };
        assert_eq!(offset, 6);
        let mut b = utf16("ab", true);
        b.push(0x00);
        let DecodeProblem::Invalid { offset, .. } = decode(b, InputEncoding::Utf8).unwrap_err()
        else {
            panic!()
        };
        assert_eq!(offset, 6);
    }

    #[test]
    fn encoding_keeps_crlf_and_refuses_unmappable_characters() {
        assert_eq!(
            encode("a\nb\r\n", Encoding::Utf8, false, LineEnding::Crlf).unwrap(),
            b"a\r\nb\r\n"
        );
        assert_eq!(
            encode("a\nb\r\n", Encoding::Utf8, false, LineEnding::Mixed).unwrap(),
            b"a\nb\r\n"
        );
        assert_eq!(
            encode("روس😀", Encoding::Windows1256, false, LineEnding::None).unwrap_err(),
            EncodeProblem {
                offset: 6,
                ch: '😀'
            }
        );
    }

    #[test]
    fn line_endings() {
        assert_eq!(LineEnding::detect("a"), LineEnding::None);
        assert_eq!(LineEnding::detect("a\nb\n"), LineEnding::Lf);
        assert_eq!(LineEnding::detect("a\r\nb\r\n"), LineEnding::Crlf);
        assert_eq!(LineEnding::detect("a\r\nb\n"), LineEnding::Mixed);
        assert_eq!(LineEnding::detect("a\rb"), LineEnding::Mixed);
    }
}
