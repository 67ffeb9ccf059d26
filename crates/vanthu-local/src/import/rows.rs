//! One register row → one validated incoming document, or Vietnamese errors naming the line
//! and column ("dòng 17, cột Ngày đến: …").

use super::columns::{Field, SheetMapping};
use super::sheet::Cell;
use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use vanthu_core::doc_type::DocumentType;
use vanthu_core::marks::{Secrecy, Urgency};
use vanthu_core::symbol::{ParsedSymbol, parse_symbol};
use vanthu_core::text::{fold, normalize_block, normalize_line};

/// A problem with one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub sheet: String,
    pub line: u32,
    /// The column's header as written in the file.
    pub column: Option<String>,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.column {
            Some(c) => write!(f, "dòng {}, cột {}: {}", self.line, c, self.message),
            None => write!(f, "dòng {}: {}", self.line, self.message),
        }
    }
}

/// A row ready to be written.
#[derive(Debug, Clone, Serialize)]
pub struct ImportRow {
    pub sheet: String,
    pub line: u32,
    pub year: i32,
    /// Số đến as in the old register; `None` if the file has none (a number is then taken).
    pub arrival_no: Option<i64>,
    pub arrival_date: NaiveDate,
    pub issuer: String,
    #[serde(skip)]
    pub symbol: ParsedSymbol,
    #[serde(rename = "symbol")]
    pub symbol_text: String,
    pub doc_date: NaiveDate,
    pub doc_type: DocumentType,
    pub summary: String,
    pub urgency: Urgency,
    pub recipient: Option<String>,
    pub transfer_date: Option<NaiveDate>,
    pub receipt_signature: Option<String>,
    pub notes: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub assignee: Option<String>,
    pub signer: Option<String>,
    /// SHA-256 of the row's normalised identity: the same row imported twice has one key.
    #[serde(skip)]
    pub key: String,
}

/// Reads the data rows of one mapped sheet: rows that parse, and the errors of those that do not.
/// Rows with fewer than two filled fields (blank lines, "Tháng 1" section titles) are skipped.
pub fn parse_rows(
    rows: &[(u32, Vec<Cell>)],
    mapping: &SheetMapping,
) -> (Vec<ImportRow>, Vec<RowError>, usize) {
    let mut ok = Vec::new();
    let mut errors = Vec::new();
    let mut blank = 0;
    let mut types = TypeNames::default();
    for (line, cells) in &rows[mapping.first_data_row.min(rows.len())..] {
        let filled = mapping
            .columns
            .iter()
            .enumerate()
            .filter(|(i, c)| {
                c.field.is_some_and(|f| f != Field::Ignore)
                    && cells.get(*i).is_some_and(|cell| !cell.is_empty())
            })
            .count();
        if filled < 2 {
            blank += 1;
            continue;
        }
        let mut row = RowReader {
            mapping,
            cells,
            line: *line,
            errors: Vec::new(),
            types: &mut types,
        };
        match row.read() {
            Some(r) if row.errors.is_empty() => ok.push(r),
            _ => errors.append(&mut row.errors),
        }
    }
    (ok, errors, blank)
}

struct RowReader<'a> {
    mapping: &'a SheetMapping,
    cells: &'a [Cell],
    line: u32,
    errors: Vec<RowError>,
    types: &'a mut TypeNames,
}

/// Document type names already looked up in this sheet. A register repeats a handful of type
/// names ("Công văn", "Kế hoạch: …") on every row, and `DocumentType::parse` folds the whole
/// NĐ 30 table for each lookup: remembering the answers took a fifth off reading a large file.
#[derive(Default)]
struct TypeNames(HashMap<String, Option<DocumentType>>);

impl TypeNames {
    fn parse(&mut self, name: &str) -> Option<DocumentType> {
        if let Some(t) = self.0.get(name) {
            return *t;
        }
        let t = DocumentType::parse(name).ok();
        self.0.insert(name.to_string(), t);
        t
    }
}

impl RowReader<'_> {
    fn cell(&self, f: Field) -> Option<(&Cell, String)> {
        let i = self.mapping.column_of(f)?;
        let cell = self.cells.get(i).filter(|c| !c.is_empty())?;
        Some((cell, self.mapping.columns[i].header.clone()))
    }

    fn error(&mut self, f: Field, message: String) {
        let column = self
            .mapping
            .column_of(f)
            .map(|i| self.mapping.columns[i].header.clone())
            .filter(|h| !h.is_empty())
            .or_else(|| Some(f.name_vi().to_string()));
        self.errors.push(RowError {
            sheet: self.mapping.sheet.clone(),
            line: self.line,
            column,
            message,
        });
    }

    fn text(&mut self, f: Field) -> Option<String> {
        let (cell, _) = self.cell(f)?;
        let raw = cell.text();
        let out = if f == Field::Notes {
            normalize_block("ghi chú", &raw)
        } else {
            normalize_line("ô", &raw)
        };
        match out {
            Ok(s) if !s.is_empty() => Some(s),
            Ok(_) => None,
            Err(_) => {
                self.error(f, "chứa ký tự điều khiển không hợp lệ".into());
                None
            }
        }
    }

    fn required(&mut self, f: Field) -> Option<String> {
        let before = self.errors.len();
        let v = self.text(f);
        if v.is_none() && self.errors.len() == before {
            self.error(f, "thiếu thông tin bắt buộc".into());
        }
        v
    }

    fn date(&mut self, f: Field, required: bool) -> Option<NaiveDate> {
        let Some((cell, _)) = self.cell(f) else {
            if required {
                self.error(f, "thiếu ngày".into());
            }
            return None;
        };
        let parsed = parse_cell_date(cell);
        if parsed.is_none() {
            let shown = cell.text();
            self.error(
                f,
                format!(
                    "\"{shown}\" không phải ngày hợp lệ (dùng dd/mm/yyyy hoặc ô ngày của Excel)"
                ),
            );
        }
        parsed
    }

    fn read(&mut self) -> Option<ImportRow> {
        let arrival_no = match self.cell(Field::ArrivalNo).map(|(c, _)| c.clone()) {
            None => None,
            Some(c) => match parse_number(&c) {
                Some(n) => Some(n),
                None => {
                    self.error(
                        Field::ArrivalNo,
                        format!("\"{}\" không phải số đến hợp lệ", c.text()),
                    );
                    None
                }
            },
        };
        let arrival_date = self.date(Field::ArrivalDate, true);
        let doc_date = self.date(Field::DocDate, true);
        let transfer_date = self.date(Field::TransferDate, false);
        let deadline = self.date(Field::Deadline, false);
        let issuer = self.required(Field::Issuer);
        let summary_raw = self.required(Field::Summary);
        let symbol_text = self.required(Field::Symbol);
        let symbol = symbol_text.as_deref().and_then(|s| parse_symbol(s).ok());
        if let Some(s) = self.text(Field::Secrecy)
            && Secrecy::parse(&s)
                .map(|s| s != Secrecy::None)
                .unwrap_or(true)
        {
            self.error(
                Field::Secrecy,
                format!("văn bản có độ mật \"{s}\" không được đưa vào hệ thống số"),
            );
        }
        let urgency = match self.text(Field::Urgency) {
            None => Urgency::Normal,
            Some(u) => Urgency::parse(&u).unwrap_or_else(|_| {
                self.error(
                    Field::Urgency,
                    format!("\"{u}\" không phải độ khẩn (Khẩn, Thượng khẩn, Hỏa tốc)"),
                );
                Urgency::Normal
            }),
        };
        let explicit_type = self.text(Field::DocType);
        let (doc_type, summary) = match (&explicit_type, summary_raw) {
            (Some(t), Some(s)) => match self.types.parse(t) {
                Some(dt) => (Some(dt), Some(s)),
                None => {
                    self.error(
                        Field::DocType,
                        format!("\"{t}\" không thuộc danh mục loại văn bản của Nghị định 30"),
                    );
                    (None, Some(s))
                }
            },
            (None, Some(s)) => {
                let (t, rest) = split_type_prefix(&s, self.types);
                let t = t
                    .or_else(|| symbol.as_ref().and_then(|p| p.doc_type))
                    .unwrap_or(DocumentType::CongVan);
                (Some(t), Some(rest))
            }
            (_, None) => (None, None),
        };
        let recipient = self.text(Field::Recipient);
        let receipt_signature = self.text(Field::ReceiptSignature);
        let assignee = self.text(Field::Assignee);
        let signer = self.text(Field::Signer);
        let mut notes: Vec<String> = self.text(Field::Notes).into_iter().collect();
        if let Some(p) = self.text(Field::Progress) {
            notes.push(format!("Tiến độ: {p}"));
        }
        if let Some(r) = self.text(Field::ReplySymbol) {
            notes.push(format!("Văn bản trả lời: {r}"));
        }
        if let (Some(a), Some(d)) = (arrival_date, doc_date)
            && d > a
        {
            self.error(Field::DocDate, "ngày văn bản không thể sau ngày đến".into());
        }
        if !self.errors.is_empty() {
            return None;
        }
        let (arrival_date, doc_date, issuer, summary, symbol, doc_type) = (
            arrival_date?,
            doc_date?,
            issuer?,
            summary?,
            symbol?,
            doc_type?,
        );
        let key = row_key(
            arrival_date,
            arrival_no,
            &issuer,
            &symbol.original,
            doc_date,
            &summary,
        );
        Some(ImportRow {
            sheet: self.mapping.sheet.clone(),
            line: self.line,
            year: arrival_date.year(),
            arrival_no,
            arrival_date,
            issuer,
            symbol_text: symbol.original.clone(),
            symbol,
            doc_date,
            doc_type,
            summary,
            urgency,
            recipient,
            transfer_date,
            receipt_signature,
            notes: (!notes.is_empty()).then(|| notes.join("\n")),
            deadline,
            assignee,
            signer,
            key,
        })
    }
}

fn row_key(
    arrival: NaiveDate,
    no: Option<i64>,
    issuer: &str,
    symbol: &str,
    doc_date: NaiveDate,
    summary: &str,
) -> String {
    let identity = format!(
        "{arrival}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{doc_date}\u{1f}{}",
        no.map(|n| n.to_string()).unwrap_or_default(),
        fold(issuer),
        fold(symbol).replace(' ', ""),
        fold(summary)
    );
    hex::encode(Sha256::digest(identity.as_bytes()))
}

/// "Kế hoạch: Chuyển đổi số" (the NĐ 30 "Tên loại và trích yếu" column) → (KH, "Chuyển đổi số").
fn split_type_prefix(text: &str, types: &mut TypeNames) -> (Option<DocumentType>, String) {
    if let Some((head, rest)) = text.split_once(':')
        && let Some(t) = types.parse(head)
        && !rest.trim().is_empty()
    {
        return (Some(t), rest.trim().to_string());
    }
    (None, text.to_string())
}

fn parse_number(cell: &Cell) -> Option<i64> {
    match cell {
        Cell::Number(n) if *n >= 1.0 && n.fract() == 0.0 => Some(*n as i64),
        Cell::Text(s) => s.trim().parse::<i64>().ok().filter(|n| *n >= 1),
        _ => None,
    }
}

/// A date from a cell: an Excel date, an Excel serial number, or text as dd/mm/yyyy, d/m/yy,
/// yyyy-mm-dd or "ngày 5 tháng 3 năm 2019".
pub fn parse_cell_date(cell: &Cell) -> Option<NaiveDate> {
    match cell {
        Cell::Date(d) => Some(*d),
        Cell::Number(n) => serial_date(*n),
        Cell::Text(s) => parse_text_date(s),
        Cell::Empty => None,
    }
}

/// Excel's 1900 date system (serial 1 = 1900-01-01, with its phantom 29 February 1900).
fn serial_date(n: f64) -> Option<NaiveDate> {
    if !(61.0..2_958_466.0).contains(&n) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30).map(|d| d + Duration::days(n.trunc() as i64))
}

fn parse_text_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let key = fold(s);
    // "ngày 05 tháng 3 năm 2019"
    if key.starts_with("ngay") {
        let nums: Vec<u32> = key
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|p| p.parse().ok())
            .collect();
        if let [d, m, y] = nums[..] {
            return NaiveDate::from_ymd_opt(y as i32, m, d);
        }
        return None;
    }
    let head = s.split([' ', 'T']).next().unwrap_or(s);
    if head.len() == 10 && head.as_bytes()[4] == b'-' {
        return NaiveDate::parse_from_str(head, "%Y-%m-%d").ok();
    }
    if let Ok(n) = head.parse::<f64>() {
        return serial_date(n);
    }
    let parts: Vec<u32> = head
        .split(['/', '-', '.'])
        .map(|p| p.trim().parse().ok())
        .collect::<Option<_>>()?;
    let [d, m, y] = parts[..] else {
        return None;
    };
    let y = match y {
        0..=49 => 2000 + y,
        50..=99 => 1900 + y,
        1900..=2999 => y,
        _ => return None,
    };
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_register_form() {
        let d = NaiveDate::from_ymd_opt(2019, 3, 5).unwrap();
        for s in [
            "05/03/2019",
            "5/3/2019",
            "5/3/19",
            "2019-03-05",
            "05.03.2019",
            "43529",
            "ngày 5 tháng 3 năm 2019",
            "2019-03-05 00:00:00",
        ] {
            assert_eq!(parse_cell_date(&Cell::Text(s.into())), Some(d), "{s}");
        }
        assert_eq!(parse_cell_date(&Cell::Number(43529.0)), Some(d));
        assert_eq!(parse_cell_date(&Cell::Text("31/02/2019".into())), None);
        assert_eq!(parse_cell_date(&Cell::Text("hôm qua".into())), None);
    }

    #[test]
    fn type_prefix_is_split_only_before_a_colon() {
        let (t, s) = split_type_prefix("Kế hoạch: Chuyển đổi số", &mut TypeNames::default());
        assert_eq!(
            (t, s.as_str()),
            (Some(DocumentType::KeHoach), "Chuyển đổi số")
        );
        let (t, s) = split_type_prefix("Kế hoạch chuyển đổi số", &mut TypeNames::default());
        assert_eq!((t, s.as_str()), (None, "Kế hoạch chuyển đổi số"));
    }
}
