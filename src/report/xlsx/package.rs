//! A minimal, streaming SpreadsheetML (XLSX) writer: just what
//! `glossalign.xlsx` needs, written straight into a deflated zip.
//!
//! Each sheet is given as a function that produces its rows; it is called
//! twice, once to measure (column widths, row count, an upper bound of the
//! XML size) and once to write, so no cell is ever held in memory: a
//! 600,000-row Mentions sheet costs the compressed output and a 64 KiB
//! buffer. Text that repeats down a column ([`Cell::Repeated`]: file names,
//! ids, statuses, spellings) goes into a shared-string table, as Excel
//! writes it, whose size is capped ([`MAX_SHARED`], [`MAX_SHARED_BYTES`]);
//! other text cells are inline strings. Numbers are numbers, and nothing is
//! ever written as a formula. Every byte is a function of the input (fixed
//! dates, fixed zip metadata).
//!
//! Styles (indexes of `cellXfs`): see [`Style`].

use std::borrow::Cow;
use std::io::Write;

use zip::write::{SimpleFileOptions, StreamWriter};
use zip::{CompressionMethod, DateTime, ZipWriter};

#[cfg(test)]
use crate::scan::is_display_safe;
use crate::scan::{is_flagged_byte, is_hidden, Snippet};
use crate::source::is_char_start;

/// Excel's limit on characters in a cell.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Excel's limit on rows in a sheet (header and a truncation note included).
pub const MAX_ROWS: usize = 1_048_576;
/// Widest column, in character units.
const MAX_WIDTH: usize = 60;
/// Bytes of XML gathered before they are handed to the compressor.
const CHUNK: usize = 64 * 1024;
/// Deflate level: 1 compresses repetitive sheet XML nearly as well as the
/// default 6 (within a few per cent) at several times the speed.
const LEVEL: i64 = 1;
/// Most distinct strings in the shared-string table, and most bytes of
/// their XML: past either, new texts are written inline (the table is held
/// until the workbook ends, so this bounds its memory).
pub const MAX_SHARED: usize = 1 << 20;
/// See [`MAX_SHARED`].
pub const MAX_SHARED_BYTES: usize = 64 << 20;
/// Longer texts are written inline, never shared (they seldom repeat).
pub const MAX_SHARED_LEN: usize = 256;
/// Above this many bytes a part needs Zip64 sizes.
const ZIP32_LIMIT: u64 = u32::MAX as u64 - (1 << 20);

/// The workbook font and size.
pub const FONT: &str = "Arial";
const FONT_SIZE: u32 = 11;
/// Colour of a name inside a context cell.
const NAME_COLOR: &str = "FFB45A00";
/// Header fill.
const HEADER_FILL: &str = "FFDDE5F0";

/// Cell styles (the index into `cellXfs` of `xl/styles.xml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Style {
    /// Plain text in the workbook font.
    Text = 0,
    /// Header: bold, shaded, bottom border.
    Header = 1,
    /// Whole number (`0`).
    Number = 2,
    /// Score (`0.000`).
    Score = 3,
    /// Bold, coloured (names, notes).
    Name = 4,
}

/// One cell of a row.
#[derive(Debug, Clone)]
pub enum Cell<'a> {
    /// No value (nothing is written).
    Empty,
    /// Text, made display-safe and cut to Excel's cell limit.
    Text(Cow<'a, str>),
    /// Text that repeats down its column: shown as [`Cell::Text`], written
    /// once into the shared-string table and referred to by its index (an
    /// inline string when the table is full).
    Repeated(Cow<'a, str>),
    /// A whole number.
    Int(u64),
    /// A score, shown with three decimals.
    Score(f64),
    /// A context snippet as one line (`…before name after…`); with `rich`
    /// the name is bold and coloured.
    Context {
        /// The name as written.
        surface: &'a str,
        /// The text around it.
        snippet: &'a Snippet,
        /// Name in bold colour (a rich-text cell).
        rich: bool,
    },
}

impl<'a> From<&'a str> for Cell<'a> {
    fn from(s: &'a str) -> Self {
        Cell::Text(Cow::Borrowed(s))
    }
}

impl<'a> From<&'a String> for Cell<'a> {
    fn from(s: &'a String) -> Self {
        Cell::Text(Cow::Borrowed(s.as_str()))
    }
}

impl<'a> From<&'a crate::glossary::Shared> for Cell<'a> {
    fn from(s: &'a crate::glossary::Shared) -> Self {
        Cell::Text(Cow::Borrowed(s.as_str()))
    }
}

impl<'a> From<&'a crate::glossary::Text> for Cell<'a> {
    fn from(s: &'a crate::glossary::Text) -> Self {
        Cell::Text(Cow::Borrowed(s.as_str()))
    }
}

impl From<String> for Cell<'_> {
    fn from(s: String) -> Self {
        Cell::Text(Cow::Owned(s))
    }
}

impl Cell<'_> {
    /// This cell as [`Cell::Repeated`] if it is text: for columns whose
    /// values recur from row to row.
    pub fn repeats(self) -> Self {
        match self {
            Cell::Text(s) => Cell::Repeated(s),
            c => c,
        }
    }
}

impl From<usize> for Cell<'_> {
    fn from(n: usize) -> Self {
        Cell::Int(n as u64)
    }
}

/// Error of the workbook writer (only zip or I/O faults of the in-memory
/// buffer, i.e. a bug).
pub type Error = zip::result::ZipError;

/// A workbook being written into `W` (a stream: the zip's sizes follow
/// each part, no seeking). Sheets are written one after the other:
/// [`Package::begin_sheet`], [`Package::row`] for each row,
/// [`Package::end_sheet`].
pub struct Package<W: Write> {
    zip: ZipWriter<StreamWriter<W>>,
    /// Per sheet written: name, last column, last row (1-based).
    sheets: Vec<(String, usize, usize)>,
    /// The sheet being written.
    open: Option<OpenSheet>,
    /// Rows a sheet may have, header and note included ([`MAX_ROWS`]; less in tests).
    max_rows: usize,
    title: String,
    comment: String,
    /// The shared-string table.
    sst: SharedStrings,
}

/// The shared strings of a workbook ([`Cell::Repeated`]).
#[derive(Debug)]
struct SharedStrings {
    ids: crate::strmap::StrMap,
    /// Most strings ([`MAX_SHARED`]; less in tests).
    max: usize,
    /// `<si>…</si>` of each string, in index order.
    xml: Vec<u8>,
    /// Cells that refer to the table.
    uses: u64,
}

impl SharedStrings {
    fn new() -> Self {
        SharedStrings {
            ids: Default::default(),
            max: MAX_SHARED,
            xml: Vec::new(),
            uses: 0,
        }
    }

    /// The index of `s` in the table, added if new and within the caps.
    fn index(&mut self, s: &str) -> Option<u32> {
        let i = match self.ids.get(s) {
            Some(i) => i,
            None => {
                if s.len() > MAX_SHARED_LEN
                    || self.ids.len() >= self.max
                    || self.xml.len() >= MAX_SHARED_BYTES
                {
                    return None;
                }
                let i = self.ids.len() as u32;
                self.xml.extend_from_slice(b"<si>");
                text_run(&mut self.xml, &[s], None);
                self.xml.extend_from_slice(b"</si>");
                self.ids.insert_new(s, i);
                i
            }
        };
        self.uses += 1;
        Some(i)
    }
}

/// Rows whose content sets the column widths: the first ones of each sheet
/// (their XML waits in memory until the widths are known).
pub const WIDTH_SAMPLE_ROWS: usize = 1000;

/// The sheet being written.
struct OpenSheet {
    name: String,
    /// Column letters, one per header column.
    cols: Vec<String>,
    widths: Vec<usize>,
    /// XML not yet handed to the compressor.
    buf: Vec<u8>,
    /// Current row (1-based; the header is row 1) and column.
    row: usize,
    col: usize,
    /// The current row's number in decimal (written in every cell's
    /// reference: formatted once a row).
    row_digits: Vec<u8>,
    /// The part is started and its XML up to the first row written.
    started: bool,
    /// Data rows written, and left out (over Excel's rows or the zip's size).
    written: usize,
    left_out: usize,
    /// Bytes of XML produced so far.
    bytes: u64,
    /// Rows were left out for size, not for Excel's row limit.
    too_big: bool,
}

impl<W: Write> Package<W> {
    /// An empty workbook written into `out`, with these document properties.
    pub fn new(out: W, title: &str, comment: &str) -> Self {
        Package {
            zip: ZipWriter::new_stream(out),
            sheets: Vec::new(),
            open: None,
            max_rows: MAX_ROWS,
            title: title.to_string(),
            comment: comment.to_string(),
            sst: SharedStrings::new(),
        }
    }

    fn options() -> SimpleFileOptions {
        SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(LEVEL))
            .last_modified_time(DateTime::DEFAULT)
            .unix_permissions(0o600)
    }

    fn part(&mut self, name: &str, xml: &str) -> Result<(), Error> {
        self.zip.start_file(name, Self::options())?;
        self.zip.write_all(xml.as_bytes())?;
        Ok(())
    }

    /// Start a sheet named `name` with header `columns`: right-to-left, the
    /// header frozen, an autofilter over the data, column widths fitted to
    /// the first [`WIDTH_SAMPLE_ROWS`] rows. Ends the open sheet, if any.
    pub fn begin_sheet(&mut self, name: &str, columns: &[&str]) -> Result<(), Error> {
        self.end_sheet()?;
        let ncols = columns.len().max(1);
        let mut sh = OpenSheet {
            name: name.to_string(),
            cols: (0..ncols).map(column_name).collect(),
            // Room for the autofilter button next to each header.
            widths: columns.iter().map(|c| c.chars().count() + 3).collect(),
            buf: Vec::with_capacity(CHUNK + 4096),
            row: 0,
            col: 0,
            row_digits: Vec::with_capacity(20),
            started: false,
            written: 0,
            left_out: 0,
            bytes: 0,
            too_big: false,
        };
        sh.widths.resize(ncols, 6);
        let header: Vec<Cell<'_>> = columns.iter().map(|c| Cell::from(*c)).collect();
        sh.row_xml(&header, Style::Header, &mut self.sst);
        self.open = Some(sh);
        Ok(())
    }

    /// Add a row to the open sheet (text in the plain style). Past Excel's
    /// row limit (or 4 GiB of sheet XML) rows are counted, not written, and
    /// the sheet ends with a row saying how many.
    pub fn row(&mut self, cells: &[Cell<'_>]) -> Result<(), Error> {
        let index = self.sheets.len() + 1;
        let Some(sh) = self.open.as_mut() else {
            return Ok(());
        };
        if sh.written + 2 >= self.max_rows || sh.too_big {
            sh.left_out += 1;
            return Ok(());
        }
        if sh.written < WIDTH_SAMPLE_ROWS {
            for (slot, c) in sh.widths.iter_mut().zip(cells) {
                *slot = (*slot).max(width(c).min(MAX_WIDTH));
            }
        }
        let before = sh.buf.len();
        sh.row_xml(cells, Style::Text, &mut self.sst);
        let added = (sh.buf.len() - before) as u64;
        if sh.bytes + added + 64 * 1024 > ZIP32_LIMIT {
            sh.buf.truncate(before);
            sh.row -= 1;
            sh.too_big = true;
            sh.left_out += 1;
            return Ok(());
        }
        sh.bytes += added;
        sh.written += 1;
        if !sh.started && sh.written >= WIDTH_SAMPLE_ROWS {
            sh.start(&mut self.zip, index)?;
        }
        if sh.started && sh.buf.len() >= CHUNK {
            sh.flush(&mut self.zip)?;
        }
        Ok(())
    }

    /// End the open sheet, if any.
    pub fn end_sheet(&mut self) -> Result<(), Error> {
        let index = self.sheets.len() + 1;
        let Some(mut sh) = self.open.take() else {
            return Ok(());
        };
        if sh.left_out > 0 {
            let why = if sh.too_big {
                "the workbook's size limit"
            } else {
                "Excel's row limit"
            };
            let note = format!(
                "{} more rows not shown ({why}); see the CSV report",
                sh.left_out
            );
            sh.row_xml(&[Cell::from(note.as_str())], Style::Name, &mut self.sst);
        }
        if !sh.started {
            sh.start(&mut self.zip, index)?;
        }
        let last_row = sh.row.max(2);
        let filter = format!("A1:{}{}", sh.cols[sh.cols.len() - 1], last_row);
        sh.buf.extend_from_slice(
            format!(
                r#"</sheetData><autoFilter ref="{filter}"/><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>"#
            )
            .as_bytes(),
        );
        sh.flush(&mut self.zip)?;
        self.sheets.push((sh.name, sh.cols.len(), last_row));
        Ok(())
    }

    /// Write the workbook, styles and package parts; the writer back.
    pub fn finish(mut self) -> Result<W, Error> {
        self.end_sheet()?;
        let n = self.sheets.len();
        let mut types = String::from(concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n",
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
            r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
            r#"<Default Extension="xml" ContentType="application/xml"/>"#,
            r#"<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#,
            r#"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#,
            r#"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#,
            r#"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
        ));
        for i in 1..=n {
            types.push_str(&format!(
                r#"<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
            ));
        }
        let shared = self.sst.uses > 0;
        if shared {
            types.push_str(r#"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#);
        }
        types.push_str("</Types>");

        let mut rels = String::from(concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n",
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        ));
        for i in 1..=n {
            rels.push_str(&format!(
                r#"<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>"#
            ));
        }
        rels.push_str(&format!(
            r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
            n + 1
        ));
        if shared {
            rels.push_str(&format!(
                r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#,
                n + 2
            ));
        }
        rels.push_str("</Relationships>");

        let mut book = String::from(concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n",
            r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
            r#"<workbookPr defaultThemeVersion="124226"/><bookViews><workbookView xWindow="240" yWindow="15" windowWidth="16095" windowHeight="9660"/></bookViews><sheets>"#
        ));
        for (i, (name, _, _)) in self.sheets.iter().enumerate() {
            book.push_str(&format!(
                r#"<sheet name="{}" sheetId="{}" r:id="rId{}"/>"#,
                escape_attr(name),
                i + 1,
                i + 1
            ));
        }
        book.push_str("</sheets><definedNames>");
        for (i, (name, ncols, last_row)) in self.sheets.iter().enumerate() {
            book.push_str(&format!(
                r#"<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">{}!$A$1:${}${}</definedName>"#,
                escape_text(&quote_sheet(name)),
                column_name(ncols - 1),
                last_row
            ));
        }
        book.push_str(r#"</definedNames><calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>"#);

        let core = format!(
            concat!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
                "\n",
                r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
                r#"<dc:title>{}</dc:title><dc:creator>glossalign</dc:creator><dc:description>{}</dc:description>"#,
                r#"<dcterms:created xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:created>"#,
                r#"<dcterms:modified xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:modified></cp:coreProperties>"#
            ),
            escape_text(&self.title),
            escape_text(&self.comment)
        );
        let app = concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n",
            r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>glossalign</Application><DocSecurity>0</DocSecurity></Properties>"#
        );
        let root_rels = concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n",
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
            r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#,
            r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#,
            r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>"#,
            r#"</Relationships>"#
        );
        self.part("[Content_Types].xml", &types)?;
        self.part("_rels/.rels", root_rels)?;
        self.part("docProps/app.xml", app)?;
        self.part("docProps/core.xml", &core)?;
        self.part("xl/workbook.xml", &book)?;
        self.part("xl/_rels/workbook.xml.rels", &rels)?;
        self.part("xl/styles.xml", &styles())?;
        if shared {
            self.zip
                .start_file("xl/sharedStrings.xml", Self::options())?;
            self.zip.write_all(
                format!(
                    concat!(
                        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
                        "\n",
                        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{}" uniqueCount="{}">"#
                    ),
                    self.sst.uses,
                    self.sst.ids.len()
                )
                .as_bytes(),
            )?;
            self.zip.write_all(&self.sst.xml)?;
            self.zip.write_all(b"</sst>")?;
        }
        Ok(self.zip.finish()?.into_inner())
    }
}

/// The styles part: the fonts, fills, borders and number formats of [`Style`].
fn styles() -> String {
    let font = |extra: &str| {
        format!(
            r#"<font>{extra}<sz val="{FONT_SIZE}"/><name val="{FONT}"/><family val="2"/></font>"#
        )
    };
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n",
            r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
            r#"<numFmts count="1"><numFmt numFmtId="164" formatCode="0.000"/></numFmts>"#,
            r#"<fonts count="3">{}{}{}</fonts>"#,
            r#"<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>"#,
            r#"<fill><patternFill patternType="solid"><fgColor rgb="{fill}"/><bgColor indexed="64"/></patternFill></fill></fills>"#,
            r#"<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>"#,
            r#"<border><left/><right/><top/><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>"#,
            r#"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#,
            r#"<cellXfs count="5">"#,
            r#"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#,
            r#"<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1"/>"#,
            r#"<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#,
            r#"<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#,
            r#"<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#,
            r#"</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#,
            r#"<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"/></styleSheet>"#
        ),
        font(""),
        font("<b/>"),
        font(&format!(r#"<b/><color rgb="{NAME_COLOR}"/>"#)),
        fill = HEADER_FILL,
    )
}

/// Characters of `s` as shown in a cell.
fn shown_chars(s: &str) -> usize {
    plain_chars(s).unwrap_or_else(|| s.chars().filter(|&c| !is_hidden(c)).count())
}

/// The characters of `s` when [`crate::scan::is_display_safe`] holds for it
/// (nothing to drop or replace: every character is shown as is), else `None`.
fn plain_chars(s: &str) -> Option<usize> {
    let t = scan_text(s);
    (!t.flagged).then_some(t.chars)
}

/// What a text cell's writer needs to know about a piece of text, found in
/// one pass (it runs on every text cell of every row): whole 32-byte blocks
/// are tested without an early exit, so that they vectorise, and the rest
/// (all of most cells: ids, statuses, names) one byte at a time through a
/// table of byte classes.
struct TextScan {
    /// Characters (bytes that start one, not `10xxxxxx`).
    chars: usize,
    /// [`crate::scan::is_display_safe`] does not hold: some character is
    /// dropped or replaced.
    flagged: bool,
    /// A byte [`push_escaped`] may replace (`&`, `<`, `>`, `_`).
    special: bool,
}

/// Byte classes of [`scan_text`]'s table.
const FLAGGED: u8 = 1;
const SPECIAL: u8 = 2;
const CHAR_START: u8 = 4;

/// The class of every byte: [`is_flagged_byte`], [`is_special_byte`], and
/// whether it starts a character.
static BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        let mut c = 0;
        if is_flagged_byte(b) {
            c |= FLAGGED;
        }
        if is_special_byte(b) {
            c |= SPECIAL;
        }
        if is_char_start(b) {
            c |= CHAR_START;
        }
        t[i] = c;
        i += 1;
    }
    t
};

fn scan_text(s: &str) -> TextScan {
    let (mut flagged, mut special, mut chars) = (false, false, 0usize);
    let mut blocks = s.as_bytes().chunks_exact(32);
    for block in &mut blocks {
        flagged |= block.iter().fold(false, |acc, &b| acc | is_flagged_byte(b));
        special |= block.iter().fold(false, |acc, &b| acc | is_special_byte(b));
        chars += block.iter().filter(|&&b| is_char_start(b)).count();
    }
    let mut class = 0u8;
    for &b in blocks.remainder() {
        let c = BYTE_CLASS[b as usize];
        class |= c;
        chars += usize::from(c & CHAR_START != 0);
    }
    TextScan {
        chars,
        flagged: flagged || class & FLAGGED != 0,
        special: special || class & SPECIAL != 0,
    }
}

/// A byte [`push_escaped`] may replace.
const fn is_special_byte(c: u8) -> bool {
    (c == b'&') | (c == b'<') | (c == b'>') | (c == b'_')
}

/// Display width of a cell (characters, uncapped).
fn width(c: &Cell<'_>) -> usize {
    match c {
        Cell::Empty => 0,
        Cell::Text(s) | Cell::Repeated(s) if s.is_empty() => 0,
        Cell::Text(s) | Cell::Repeated(s) => shown_chars(s) + 1,
        Cell::Int(n) => n.checked_ilog10().unwrap_or(0) as usize + 2,
        Cell::Score(_) => 6,
        Cell::Context {
            surface, snippet, ..
        } => {
            context_parts(surface, snippet)
                .iter()
                .map(|p| shown_chars(p))
                .sum::<usize>()
                + 1
        }
    }
}

/// `[…?, before, name, after, …?]` of a context.
fn context_parts<'s>(surface: &'s str, c: &'s Snippet) -> [&'s str; 5] {
    [
        if c.cut_before { "…" } else { "" },
        &c.before,
        surface,
        &c.after,
        if c.cut_after { "…" } else { "" },
    ]
}

/// Column letters of 0-based column `i` (0 → A, 26 → AA).
pub fn column_name(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// A sheet name quoted for a formula reference (`'Canonical names'`).
fn quote_sheet(name: &str) -> String {
    format!("'{}'", name.replace('\'', "''"))
}

/// `s` escaped for XML character data.
pub fn escape_text(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len());
    push_escaped(&mut out, s);
    String::from_utf8(out).unwrap_or_default()
}

fn escape_attr(s: &str) -> String {
    escape_text(s).replace('"', "&quot;")
}

/// Append `s` escaped for XML character data. Excel reads `_xHHHH_` in
/// text as an escaped character, so a literal one keeps its underscore
/// (`_x005F_`).
fn push_escaped(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    // Most text holds none of the four bytes: test 32-byte blocks without
    // an early exit (vectorised), copy such text whole.
    if b.chunks(32)
        .all(|block| !block.iter().fold(false, |acc, &c| acc | is_special_byte(c)))
    {
        out.extend_from_slice(b);
        return;
    }
    push_escaped_slow(out, b);
}

/// [`push_escaped`] byte by byte, for text with a byte to replace.
fn push_escaped_slow(out: &mut Vec<u8>, b: &[u8]) {
    let mut from = 0;
    for (i, &c) in b.iter().enumerate() {
        let rep: &[u8] = match c {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'_' if looks_like_escape(&b[i..]) => b"_x005F_",
            _ => continue,
        };
        out.extend_from_slice(&b[from..i]);
        out.extend_from_slice(rep);
        from = i + 1;
    }
    out.extend_from_slice(&b[from..]);
}

/// `_xHHHH_` at the start of `b`.
fn looks_like_escape(b: &[u8]) -> bool {
    b.len() >= 7 && b[1] == b'x' && b[2..6].iter().all(u8::is_ascii_hexdigit) && b[6] == b'_'
}

impl OpenSheet {
    /// Start the zip part: the XML up to the rows (widths are known), then
    /// the rows gathered so far.
    fn start<W: Write>(
        &mut self,
        zip: &mut ZipWriter<StreamWriter<W>>,
        index: usize,
    ) -> Result<(), Error> {
        zip.start_file(
            format!("xl/worksheets/sheet{index}.xml"),
            Package::<W>::options(),
        )?;
        let mut head = String::from(concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n",
            r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
        ));
        head.push_str(&format!(
            r#"<sheetViews><sheetView rightToLeft="1"{} workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>"#,
            if index == 1 { r#" tabSelected="1""# } else { "" }
        ));
        head.push_str(r#"<sheetFormatPr defaultRowHeight="15"/><cols>"#);
        for (i, wd) in self.widths.iter().enumerate() {
            head.push_str(&format!(
                r#"<col min="{n}" max="{n}" width="{:.2}" customWidth="1"/>"#,
                (*wd).max(6) as f64 * 1.1 + 0.71,
                n = i + 1
            ));
        }
        head.push_str("</cols><sheetData>");
        self.bytes += head.len() as u64;
        zip.write_all(head.as_bytes())?;
        self.started = true;
        self.flush(zip)
    }

    fn flush<W: Write>(&mut self, zip: &mut ZipWriter<StreamWriter<W>>) -> Result<(), Error> {
        if !self.buf.is_empty() {
            zip.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// One row's XML; text cells in `text` style, repeated text in `sst`.
    fn row_xml(&mut self, cells: &[Cell<'_>], text: Style, sst: &mut SharedStrings) {
        self.row += 1;
        self.col = 0;
        self.row_digits.clear();
        push_int(&mut self.row_digits, self.row as u64);
        self.buf.extend_from_slice(b"<row r=\"");
        self.buf.extend_from_slice(&self.row_digits);
        self.buf.extend_from_slice(b"\">");
        for c in cells {
            self.cell(c, text, sst);
            self.col += 1;
        }
        self.buf.extend_from_slice(b"</row>");
    }

    fn open(&mut self, style: Style, t: &str) {
        let Self {
            buf,
            cols,
            row_digits,
            ..
        } = self;
        buf.extend_from_slice(b"<c r=\"");
        buf.extend_from_slice(cols.get(self.col).map_or(&b"A"[..], |s| s.as_bytes()));
        buf.extend_from_slice(row_digits);
        buf.extend_from_slice(b"\"");
        if style != Style::Text {
            buf.extend_from_slice(b" s=\"");
            push_int(buf, style as u64);
            buf.extend_from_slice(b"\"");
        }
        buf.extend_from_slice(t.as_bytes());
        buf.extend_from_slice(b">");
    }

    fn cell(&mut self, c: &Cell<'_>, text: Style, sst: &mut SharedStrings) {
        if self.col >= self.cols.len() {
            // Wider than the first pass saw: cannot happen with the same rows.
            return;
        }
        if let Cell::Repeated(s) = c {
            if let Some(i) = (!s.is_empty()).then(|| sst.index(s)).flatten() {
                self.open(text, r#" t="s""#);
                self.buf.extend_from_slice(b"<v>");
                push_int(&mut self.buf, u64::from(i));
                self.buf.extend_from_slice(b"</v></c>");
                return;
            }
        }
        match c {
            Cell::Empty => {}
            Cell::Text(s) | Cell::Repeated(s) if s.is_empty() => {}
            Cell::Text(s) | Cell::Repeated(s) => {
                self.open(text, r#" t="inlineStr""#);
                self.buf.extend_from_slice(b"<is>");
                text_run(&mut self.buf, &[s], None);
                self.buf.extend_from_slice(b"</is></c>");
            }
            Cell::Int(n) => {
                self.open(Style::Number, "");
                self.buf.extend_from_slice(b"<v>");
                push_int(&mut self.buf, *n);
                self.buf.extend_from_slice(b"</v></c>");
            }
            Cell::Score(v) => {
                self.open(Style::Score, "");
                self.buf.extend_from_slice(b"<v>");
                let v = if v.is_finite() { *v } else { 0.0 };
                let _ = write!(self.buf, "{v}");
                self.buf.extend_from_slice(b"</v></c>");
            }
            Cell::Context {
                surface,
                snippet,
                rich,
            } => {
                let [cut_before, before, name, after, cut_after] = context_parts(surface, snippet);
                // Only a rich cell needs its length first (the Mentions
                // sheet's context cells are plain: one per mention).
                let chars = || -> usize {
                    [cut_before, before, name, after, cut_after]
                        .iter()
                        .map(|p| shown_chars(p))
                        .sum()
                };
                self.open(text, r#" t="inlineStr""#);
                self.buf.extend_from_slice(b"<is>");
                if !rich || {
                    let chars = chars();
                    chars > MAX_CELL_CHARS || chars == 0
                } {
                    text_run(
                        &mut self.buf,
                        &[cut_before, before, name, after, cut_after],
                        None,
                    );
                } else {
                    for (parts, bold) in [
                        ([cut_before, before], false),
                        ([name, ""], true),
                        ([after, cut_after], false),
                    ] {
                        if parts.iter().all(|p| shown_chars(p) == 0) {
                            continue;
                        }
                        self.buf.extend_from_slice(b"<r>");
                        text_run(&mut self.buf, &parts, Some(bold));
                        self.buf.extend_from_slice(b"</r>");
                    }
                }
                self.buf.extend_from_slice(b"</is></c>");
            }
        }
    }
}

/// `<rPr>…</rPr><t>…</t>` (run properties only inside a rich run) into
/// `buf`: the parts one after the other, display-safe, cut to Excel's cell
/// limit.
fn text_run(buf: &mut Vec<u8>, parts: &[&str], run: Option<bool>) {
    match run {
        Some(true) => buf.extend_from_slice(
            br#"<rPr><b/><sz val="11"/><color rgb="FFB45A00"/><rFont val="Arial"/><family val="2"/></rPr>"#,
        ),
        Some(false) => buf.extend_from_slice(
            br#"<rPr><sz val="11"/><rFont val="Arial"/><family val="2"/></rPr>"#,
        ),
        None => {}
    }
    // Per part: nothing to drop or replace in it, its characters shown,
    // and whether it has a byte to escape.
    let mut info = [(true, 0usize, false); 5];
    for (slot, p) in info.iter_mut().zip(parts) {
        let t = scan_text(p);
        *slot = if t.flagged {
            (false, shown_chars(p), true)
        } else {
            (true, t.chars, t.special)
        };
    }
    let total: usize = info.iter().map(|i| i.1).sum();
    let keep = if total > MAX_CELL_CHARS {
        MAX_CELL_CHARS - 1
    } else {
        total
    };
    let first = parts
        .iter()
        .flat_map(|p| p.chars())
        .find(|&c| !is_hidden(c));
    let last = parts
        .iter()
        .rev()
        .flat_map(|p| p.chars().rev())
        .find(|&c| !is_hidden(c));
    let space = |c: Option<char>| c.is_some_and(|c| c.is_whitespace() || c.is_control());
    if space(first) || space(last) || total > keep {
        buf.extend_from_slice(br#"<t xml:space="preserve">"#);
    } else {
        buf.extend_from_slice(b"<t>");
    }
    let mut left = keep;
    let mut tmp = [0u8; 4];
    for (p, &(plain, n, special)) in parts.iter().zip(&info) {
        if left == 0 {
            break;
        }
        if plain && n <= left {
            if special {
                push_escaped_slow(buf, p.as_bytes());
            } else {
                buf.extend_from_slice(p.as_bytes());
            }
            left -= n;
            continue;
        }
        for c in p.chars() {
            if left == 0 {
                break;
            }
            if is_hidden(c) {
                continue;
            }
            let c = if c.is_control() { ' ' } else { c };
            push_escaped(buf, c.encode_utf8(&mut tmp));
            left -= 1;
        }
    }
    if total > keep {
        buf.extend_from_slice("…".as_bytes());
    }
    buf.extend_from_slice(b"</t>");
}

fn push_int(buf: &mut Vec<u8>, n: u64) {
    buf.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(17), "R");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
        assert_eq!(column_name(16_383), "XFD");
    }

    #[test]
    fn text_is_escaped_and_excel_escapes_kept_literal() {
        assert_eq!(escape_text("a<b & c>"), "a&lt;b &amp; c&gt;");
        assert_eq!(escape_text("_x0041_ and _x"), "_x005F_x0041_ and _x");
    }

    fn sheet_xml(cells: Vec<Cell<'_>>) -> String {
        let mut p = Package::new(Vec::new(), "t", "c");
        p.begin_sheet("S", &["a", "b"]).unwrap();
        p.row(&cells).unwrap();
        let bytes = p.finish().unwrap();
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut z.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut s)
            .unwrap();
        s
    }

    #[test]
    fn long_cells_are_cut_to_excels_limit_and_controls_made_safe() {
        let xml = sheet_xml(vec![Cell::from("ب".repeat(40_000))]);
        let t = xml.split("<t xml:space=\"preserve\">").nth(1).unwrap();
        let t = &t[..t.find("</t>").unwrap()];
        assert_eq!(t.chars().count(), MAX_CELL_CHARS);
        assert!(t.ends_with('…'));
        let xml = sheet_xml(vec![Cell::from("a\u{202E}b\u{0007}c")]);
        assert!(xml.contains("<t>ab c</t>"), "{xml}");
    }

    #[test]
    fn numbers_are_values_with_number_styles() {
        let xml = sheet_xml(vec![Cell::Int(42), Cell::Score(0.97)]);
        assert!(xml.contains(r#"<c r="A2" s="2"><v>42</v></c>"#), "{xml}");
        assert!(xml.contains(r#"<c r="B2" s="3"><v>0.97</v></c>"#), "{xml}");
        assert!(xml.contains(r#"<autoFilter ref="A1:B2"/>"#), "{xml}");
    }

    #[test]
    fn context_cells_show_cuts_and_a_bold_name() {
        let snippet = Snippet {
            before: "قال ".into(),
            after: " اليوم".into(),
            cut_before: true,
            cut_after: false,
        };
        let plain = Cell::Context {
            surface: "موسكو",
            snippet: &snippet,
            rich: false,
        };
        let xml = sheet_xml(vec![plain]);
        assert!(xml.contains("<is><t>…قال موسكو اليوم</t></is>"), "{xml}");
        let rich = Cell::Context {
            surface: "موسكو",
            snippet: &snippet,
            rich: true,
        };
        let xml = sheet_xml(vec![rich]);
        let runs: Vec<&str> = xml.split("<r><rPr>").skip(1).collect();
        assert_eq!(runs.len(), 3, "{xml}");
        assert!(
            runs[0].contains(r#"<t xml:space="preserve">…قال </t>"#),
            "{xml}"
        );
        assert!(
            runs[1].contains("<b/>") && runs[1].contains("<t>موسكو</t>"),
            "{xml}"
        );
        assert!(
            !runs[2].contains("<b/>") && runs[2].contains("> اليوم</t>"),
            "{xml}"
        );
    }

    #[test]
    fn plain_text_counts_like_chars() {
        for t in [
            "",
            "abc",
            "ألماتا",
            "a\u{202E}b",
            "…x",
            "tab\there",
            "\u{0085}",
            "é",
        ] {
            assert_eq!(
                shown_chars(t),
                t.chars().filter(|&c| !is_hidden(c)).count(),
                "{t:?}"
            );
            if is_display_safe(t) {
                assert!(!t.chars().any(|c| is_hidden(c) || c.is_control()), "{t:?}");
            }
        }
    }

    #[test]
    fn widths_follow_the_first_rows_and_the_xml_waits_for_them() {
        let mut p = Package::new(Vec::new(), "t", "c");
        p.begin_sheet("S", &["a"]).unwrap();
        for i in 0..WIDTH_SAMPLE_ROWS + 10 {
            // Only a row after the sample is wide.
            let wide = i == WIDTH_SAMPLE_ROWS + 5;
            p.row(&[Cell::from(if wide { "x".repeat(50) } else { "yy".into() })])
                .unwrap();
        }
        p.begin_sheet("T", &["a"]).unwrap();
        p.row(&[Cell::from("x".repeat(50))]).unwrap();
        let bytes = p.finish().unwrap();
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut read = |name: &str| {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut z.by_name(name).unwrap(), &mut s).unwrap();
            s
        };
        let s1 = read("xl/worksheets/sheet1.xml");
        let s2 = read("xl/worksheets/sheet2.xml");
        // Header "a" + 3 for the filter button = 4, at least 6: 6 * 1.1 + 0.71.
        assert!(s1.contains(r#"width="7.31""#), "{}", &s1[..600]);
        assert!(s2.contains(r#"width="56.81""#), "{}", &s2[..600]);
        assert_eq!(s1.matches("<row ").count(), WIDTH_SAMPLE_ROWS + 11);
        assert!(s1.contains(&format!(
            r#"<autoFilter ref="A1:A{}"/>"#,
            WIDTH_SAMPLE_ROWS + 11
        )));
    }

    #[test]
    fn run_properties_use_the_workbook_font_and_name_colour() {
        // The rich-text runs spell these out as literals.
        assert_eq!((FONT, FONT_SIZE, NAME_COLOR), ("Arial", 11, "FFB45A00"));
    }

    #[test]
    fn rows_past_the_limit_are_counted_in_a_last_row() {
        let mut p = Package::new(Vec::new(), "t", "c");
        p.max_rows = 6;
        p.begin_sheet("S", &["n"]).unwrap();
        for i in 0..10usize {
            p.row(&[Cell::from(i)]).unwrap();
        }
        let bytes = p.finish().unwrap();
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut z.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut s)
            .unwrap();
        // Header, four data rows, the note: six rows, the limit.
        assert_eq!(s.matches("<row ").count(), 6, "{s}");
        assert!(s.contains("<v>3</v>") && !s.contains("<v>4</v>"), "{s}");
        assert!(
            s.contains("6 more rows not shown (Excel's row limit)"),
            "{s}"
        );
        assert!(s.contains(r#"<autoFilter ref="A1:A6"/>"#), "{s}");
    }

    #[test]
    fn plain_chars_and_the_escape_fast_path_agree_with_char_by_char_versions() {
        let slow_escape = |s: &str| -> String {
            let b = s.as_bytes();
            let mut out = String::new();
            for (i, c) in s.char_indices() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '_' if looks_like_escape(&b[i..]) => out.push_str("_x005F_"),
                    c => out.push(c),
                }
            }
            out
        };
        let long = "ألماتي".repeat(12);
        for special in [
            "", "&", "<", ">", "_x00E9_", "_x", "_", "\u{202E}", "\t", "…", "\u{A0}",
        ] {
            for at in [0, 6, 64, long.len()] {
                let s = format!("{}{special}{}", &long[..at], &long[at..]);
                assert_eq!(escape_text(&s), slow_escape(&s), "{s:?}");
                let want = is_display_safe(&s).then(|| s.chars().count());
                assert_eq!(plain_chars(&s), want, "{s:?}");
                if want.is_some() {
                    // A cell's text run takes the same path as escape_text.
                    let xml = sheet_xml(vec![Cell::from(s.as_str())]);
                    assert!(xml.contains(&format!(">{}</t>", slow_escape(&s))), "{s:?}");
                }
            }
        }
    }

    /// The sheet and shared-string parts of a one-sheet workbook of `rows`,
    /// with at most `max` shared strings.
    fn shared_parts(rows: &[Vec<Cell<'_>>], max: usize) -> (String, String) {
        let mut p = Package::new(Vec::new(), "t", "c");
        p.sst.max = max;
        p.begin_sheet("S", &["a", "b"]).unwrap();
        for r in rows {
            p.row(r).unwrap();
        }
        let bytes = p.finish().unwrap();
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut read = |name: &str| {
            let mut s = String::new();
            if let Ok(mut f) = z.by_name(name) {
                std::io::Read::read_to_string(&mut f, &mut s).unwrap();
            }
            s
        };
        (
            read("xl/worksheets/sheet1.xml"),
            read("xl/sharedStrings.xml"),
        )
    }

    #[test]
    fn repeated_text_is_shared_once_and_escaped_like_inline_text() {
        let r = |a: &'static str, b: &'static str| vec![Cell::from(a).repeats(), Cell::from(b)];
        let (sheet, sst) = shared_parts(&[r("موسكو", "x"), r("a<b ", "y"), r("موسكو", "")], 10);
        assert!(sheet.contains(r#"<c r="A2" t="s"><v>0</v></c>"#), "{sheet}");
        assert!(sheet.contains(r#"<c r="A3" t="s"><v>1</v></c>"#), "{sheet}");
        assert!(sheet.contains(r#"<c r="A4" t="s"><v>0</v></c>"#), "{sheet}");
        // Plain text stays inline; an empty repeated cell is no cell.
        assert!(sheet.contains(r#"<c r="B2" t="inlineStr"><is><t>x</t></is></c>"#));
        let (_, empty) = shared_parts(&[vec![Cell::from("").repeats()]], 10);
        assert_eq!(empty, "", "no table without a shared cell");
        assert!(sst.contains(r#"count="3" uniqueCount="2""#), "{sst}");
        assert!(
            sst.contains(
                r#"<si><t>موسكو</t></si><si><t xml:space="preserve">a&lt;b </t></si></sst>"#
            ),
            "{sst}"
        );
    }

    #[test]
    fn repeated_text_past_the_caps_is_written_inline() {
        let long = "ب".repeat(MAX_SHARED_LEN);
        let rows: Vec<Vec<Cell<'_>>> = ["p", "q", "r", "p", long.as_str()]
            .iter()
            .map(|s| vec![Cell::from(*s).repeats()])
            .collect();
        let (sheet, sst) = shared_parts(&rows, 2);
        assert!(sst.contains(r#"count="3" uniqueCount="2""#), "{sst}");
        assert!(sheet.contains(r#"<c r="A4" t="inlineStr"><is><t>r</t></is></c>"#));
        // A string already in the table is still shared.
        assert!(sheet.contains(r#"<c r="A5" t="s"><v>0</v></c>"#), "{sheet}");
        assert!(sheet.contains(&format!(r#"<c r="A6" t="inlineStr"><is><t>{long}</t>"#)));
    }

    #[test]
    fn leading_space_is_preserved() {
        let xml = sheet_xml(vec![Cell::from(" x")]);
        assert!(xml.contains(r#"<t xml:space="preserve"> x</t>"#), "{xml}");
    }
}
