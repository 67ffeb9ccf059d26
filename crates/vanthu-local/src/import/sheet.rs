//! Reading a register file into a grid of cells: `.xlsx`/`.xls` through calamine, `.csv`
//! through the csv crate, with the text of every cell turned into Unicode.
//!
//! Legacy encodings (see `vanthu_core::legacy_encoding`): in an `.xlsx` the font of each cell
//! is read from the workbook styles (calamine's `worksheet_style`), so ".VnTime"/".VnTimeH"
//! and "VNI-Times" cells are converted for certain. Where the font is not known (`.xls`, CSV,
//! cells in the default style) every text is scored as Unicode, TCVN3 and VNI, and the
//! reading that wins over the whole sheet breaks ties in single cells. A CSV that is not UTF-8
//! is read as Windows-1258, TCVN3 or VNI bytes, whichever scores best.

use crate::{LocalError, Result};
use calamine::{Data, Reader, open_workbook_auto};
use chrono::NaiveDate;
use serde::Serialize;
use std::path::Path;
use vanthu_core::legacy_encoding::{self, FontHint, LegacyEncoding};

/// One cell's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as text, as a person would read it in the sheet.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) if n.fract() == 0.0 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => vanthu_core::time::format_date(*d),
        }
    }
}

/// One sheet: rows with their 1-based line numbers as the spreadsheet shows them; cells by
/// absolute column (0 = A).
#[derive(Debug, Clone)]
pub struct Grid {
    pub sheet: String,
    pub rows: Vec<(u32, Vec<Cell>)>,
}

/// What was converted while reading.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EncodingReport {
    /// For a CSV: the character set the file was read in.
    pub file_charset: Option<String>,
    /// Cells converted from TCVN3 (ABC).
    pub tcvn3_cells: usize,
    /// Cells converted from VNI.
    pub vni_cells: usize,
}

/// Reads the sheets of `path` (all of them, or the one named `sheet`).
pub fn read_grids(path: &Path, sheet: Option<&str>) -> Result<(Vec<Grid>, EncodingReport)> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "csv" | "txt" => read_csv(path),
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => read_workbook(path, sheet),
        _ => Err(LocalError::ImportFile {
            message: format!(
                "Không đọc được tệp \"{}\": chỉ nhận tệp .xlsx, .xls hoặc .csv.",
                path.display()
            ),
        }),
    }
}

fn unreadable(path: &Path, e: impl std::fmt::Display) -> LocalError {
    LocalError::ImportFile {
        message: format!("Không đọc được tệp \"{}\": {e}.", path.display()),
    }
}

/// A raw text cell before conversion, with its font when the workbook says.
struct RawText {
    row: usize,
    col: usize,
    text: String,
    font: Option<FontHint>,
}

fn read_workbook(path: &Path, wanted: Option<&str>) -> Result<(Vec<Grid>, EncodingReport)> {
    let mut book = open_workbook_auto(path).map_err(|e| unreadable(path, e))?;
    let names = book.sheet_names();
    let names: Vec<String> = match wanted {
        Some(w) => {
            let key = vanthu_core::text::fold(w);
            let found = names
                .iter()
                .find(|n| vanthu_core::text::fold(n) == key)
                .ok_or_else(|| LocalError::ImportFile {
                    message: format!(
                        "Tệp không có trang tính \"{w}\" (có: {}).",
                        names.join(", ")
                    ),
                })?;
            vec![found.clone()]
        }
        None => names,
    };
    let mut report = EncodingReport::default();
    let mut grids = Vec::new();
    for name in names {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| unreadable(path, e))?;
        let Some((r0, c0)) = range.start() else {
            continue;
        };
        // Fonts are only exposed for .xlsx; other formats give an empty range.
        let styles = book.worksheet_style(&name).unwrap_or_default();
        let mut rows: Vec<(u32, Vec<Cell>)> = Vec::with_capacity(range.height());
        let mut texts: Vec<RawText> = Vec::new();
        for (i, row) in range.rows().enumerate() {
            let abs_row = r0 + i as u32;
            let mut cells = vec![Cell::Empty; c0 as usize];
            for (j, data) in row.iter().enumerate() {
                let cell = match data {
                    Data::Empty | Data::Error(_) => Cell::Empty,
                    Data::String(s) => {
                        let font = styles
                            .get((abs_row, c0 + j as u32))
                            .and_then(|s| s.font.as_ref())
                            .and_then(|f| f.name.as_deref())
                            .and_then(legacy_encoding::font_hint);
                        if font.is_some() || legacy_encoding::may_be_legacy(s) {
                            texts.push(RawText {
                                row: i,
                                col: c0 as usize + j,
                                text: s.clone(),
                                font,
                            });
                        }
                        Cell::Text(s.clone())
                    }
                    Data::Int(n) => Cell::Number(*n as f64),
                    Data::Float(f) => Cell::Number(*f),
                    Data::Bool(b) => Cell::Text(b.to_string()),
                    Data::DateTime(dt) => {
                        let (y, m, d, ..) = dt.to_ymd_hms_milli();
                        NaiveDate::from_ymd_opt(y.into(), m.into(), d.into())
                            .map(Cell::Date)
                            .unwrap_or(Cell::Number(dt.as_f64()))
                    }
                    Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
                };
                cells.push(cell);
            }
            rows.push((abs_row + 1, cells));
        }
        convert_texts(&mut rows, texts, &mut report);
        grids.push(Grid { sheet: name, rows });
    }
    Ok((grids, report))
}

/// Converts the candidate cells of one sheet, the sheet's winning reading breaking ties.
fn convert_texts(rows: &mut [(u32, Vec<Cell>)], texts: Vec<RawText>, report: &mut EncodingReport) {
    if texts.is_empty() {
        return;
    }
    let mut totals = [0i64; 3];
    for t in &texts {
        match t.font {
            // A legacy font is a strong vote for its encoding across the sheet.
            Some(h) if h.encoding == LegacyEncoding::Tcvn3 => totals[1] += 10,
            Some(_) => totals[2] += 10,
            None => {
                let s = legacy_encoding::scores(&t.text);
                (0..3).for_each(|i| totals[i] += s[i]);
            }
        }
    }
    let bias = legacy_encoding::choose(totals, None);
    for t in texts {
        let (text, from) = legacy_encoding::convert(&t.text, t.font, bias);
        match from {
            Some(LegacyEncoding::Tcvn3) => report.tcvn3_cells += 1,
            Some(LegacyEncoding::Vni) => report.vni_cells += 1,
            None => continue,
        }
        rows[t.row].1[t.col] = Cell::Text(text);
    }
}

fn read_csv(path: &Path) -> Result<(Vec<Grid>, EncodingReport)> {
    let bytes = std::fs::read(path).map_err(|e| LocalError::io(path, e))?;
    let (text, charset) = decode_csv_bytes(&bytes);
    let delimiter = sniff_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut texts = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| unreadable(path, e))?;
        let line = record
            .position()
            .map(|p| p.line() as u32)
            .unwrap_or(i as u32 + 1);
        let mut cells = Vec::with_capacity(record.len());
        for (j, field) in record.iter().enumerate() {
            if legacy_encoding::may_be_legacy(field) {
                texts.push(RawText {
                    row: i,
                    col: j,
                    text: field.to_string(),
                    font: None,
                });
            }
            cells.push(if field.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(field.to_string())
            });
        }
        rows.push((line, cells));
    }
    let mut report = EncodingReport {
        file_charset: Some(charset),
        ..Default::default()
    };
    convert_texts(&mut rows, texts, &mut report);
    let sheet = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((vec![Grid { sheet, rows }], report))
}

/// UTF-8 when it is valid UTF-8; otherwise the best-scoring of Windows-1258 and the legacy
/// fonts' bytes (an old CSV saved from a TCVN3 sheet holds TCVN3 bytes).
pub fn decode_csv_bytes(bytes: &[u8]) -> (String, String) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_string(), "UTF-8".into());
    }
    let (cp1258, _) = encoding_rs::WINDOWS_1258.decode_without_bom_handling(bytes);
    let cp1258: String = vanthu_core::text::canonical_spelling(&cp1258);
    let latin: String = bytes.iter().map(|b| char::from(*b)).collect();
    // Last wins a tie in `max_by_key`: Windows-1258, the standard code page, goes last.
    let candidates = [
        (LegacyEncoding::Vni.decode(&latin), "VNI"),
        (LegacyEncoding::Tcvn3.decode(&latin), "TCVN3 (ABC)"),
        (cp1258, "Windows-1258"),
    ];
    let best = candidates
        .into_iter()
        .map(|(text, name)| {
            // A sample is enough to tell the encodings apart, and keeps big files fast.
            let sample: String = text.chars().take(200_000).collect();
            (legacy_encoding::quality(&sample), text, name)
        })
        .max_by_key(|(score, ..)| *score)
        .expect("three candidates");
    (best.1, best.2.to_string())
}

/// The delimiter used most on the first line: Vietnamese-locale Excel writes ';'.
fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    // Last wins a tie: ',' when nothing else is more frequent.
    [b'\t', b';', b',']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b',')
}
