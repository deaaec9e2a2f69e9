//! The source decoder over arbitrary bytes, in both input modes: never a
//! panic; decoded text encodes back to exactly the stored bytes; the file
//! offset of a char boundary is the stored length of the text before it.
#![no_main]

use glossalign::source::encoding::{encode, InputEncoding, LineEnding};
use glossalign::source::SourceFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for assume in [InputEncoding::Utf8, InputEncoding::Windows1256] {
        let Ok(doc) = SourceFile::decode("f.txt", data.to_vec(), assume) else {
            continue;
        };
        assert_eq!(doc.encode(&doc.text).expect("re-encodes"), data);
        let mut stored = doc.bom_len;
        let mut buf = [0u8; 4];
        for (k, (i, c)) in doc.text.char_indices().enumerate() {
            if k % 61 == 0 {
                assert_eq!(doc.file_offset(i), stored);
                let _ = doc.line_col(i);
            }
            let one = encode(
                c.encode_utf8(&mut buf),
                doc.encoding,
                false,
                LineEnding::Mixed,
            )
            .expect("char re-encodes");
            stored += one.len();
        }
        assert_eq!(stored, data.len());
        assert_eq!(doc.file_offset(doc.text.len()), data.len());
    }
});
