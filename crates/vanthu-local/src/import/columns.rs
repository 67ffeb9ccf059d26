//! Which column holds what: found from the Vietnamese headers of the register (compared
//! folded, so "Số, ký hiệu", "SỐ KÝ HIỆU" and "So ky hieu" are one header), with the clerk's
//! overrides (`--map "Cột X=trich_yeu"`) applied last.

use super::sheet::{Cell, Grid};
use crate::{LocalError, Result};
use serde::Serialize;

/// A field of the incoming register that a column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    ArrivalNo,
    ArrivalDate,
    Issuer,
    Symbol,
    DocDate,
    DocType,
    Summary,
    Recipient,
    TransferDate,
    ReceiptSignature,
    Notes,
    Deadline,
    Progress,
    ReplySymbol,
    Assignee,
    Urgency,
    Secrecy,
    Signer,
    /// A column to leave out (STT, …).
    Ignore,
}

/// (field, id for `--map`, Vietnamese name, header aliases folded).
const FIELDS: &[(Field, &str, &str, &[&str])] = &[
    (Field::ArrivalNo, "so_den", "Số đến", &["so den"]),
    (
        Field::ArrivalDate,
        "ngay_den",
        "Ngày đến",
        &["ngay den", "ngay nhan"],
    ),
    (
        Field::Issuer,
        "tac_gia",
        "Tác giả",
        &[
            "tac gia",
            "co quan ban hanh",
            "noi ban hanh",
            "don vi ban hanh",
            "noi gui",
            "co quan gui",
            "co quan to chuc ban hanh",
            "tac gia co quan ban hanh",
        ],
    ),
    (
        Field::Symbol,
        "so_ky_hieu",
        "Số, ký hiệu",
        &[
            "so ky hieu",
            "so va ky hieu",
            "so ky hieu van ban",
            "so hieu",
            "ky hieu",
            "so van ban",
        ],
    ),
    (
        Field::DocDate,
        "ngay_van_ban",
        "Ngày tháng",
        &[
            "ngay thang",
            "ngay van ban",
            "ngay ban hanh",
            "ngay thang van ban",
            "ngay ky",
            "ngay thang nam van ban",
        ],
    ),
    (
        Field::DocType,
        "loai_van_ban",
        "Loại văn bản",
        &["loai van ban", "ten loai", "the loai", "loai"],
    ),
    (
        Field::Summary,
        "trich_yeu",
        "Trích yếu",
        &[
            "trich yeu",
            "trich yeu noi dung",
            "ten loai va trich yeu noi dung",
            "ten loai va trich yeu",
            "noi dung",
            "noi dung trich yeu",
        ],
    ),
    (
        Field::Recipient,
        "nguoi_nhan",
        "Đơn vị hoặc người nhận",
        &[
            "don vi hoac nguoi nhan",
            "nguoi nhan",
            "don vi nhan",
            "noi nhan",
            "don vi ca nhan nhan",
            "chuyen cho",
        ],
    ),
    (
        Field::TransferDate,
        "ngay_chuyen",
        "Ngày chuyển",
        &["ngay chuyen", "ngay chuyen giao"],
    ),
    (Field::ReceiptSignature, "ky_nhan", "Ký nhận", &["ky nhan"]),
    (Field::Notes, "ghi_chu", "Ghi chú", &["ghi chu"]),
    (
        Field::Deadline,
        "thoi_han",
        "Thời hạn giải quyết",
        &[
            "thoi han giai quyet",
            "thoi han",
            "han xu ly",
            "han giai quyet",
            "thoi han xu ly",
        ],
    ),
    (
        Field::Progress,
        "tien_do",
        "Tiến độ giải quyết",
        &[
            "tien do",
            "tien do giai quyet",
            "ket qua giai quyet",
            "ket qua",
        ],
    ),
    (
        Field::ReplySymbol,
        "van_ban_tra_loi",
        "Số, ký hiệu văn bản trả lời",
        &["so ky hieu van ban tra loi", "van ban tra loi"],
    ),
    (
        Field::Assignee,
        "nguoi_xu_ly",
        "Người xử lý",
        &[
            "nguoi xu ly",
            "can bo xu ly",
            "nguoi giai quyet",
            "nguoi thuc hien",
            "nguoi duoc giao",
        ],
    ),
    (
        Field::Urgency,
        "do_khan",
        "Độ khẩn",
        &["do khan", "muc do khan"],
    ),
    (Field::Secrecy, "do_mat", "Độ mật", &["do mat"]),
    (Field::Signer, "nguoi_ky", "Người ký", &["nguoi ky"]),
    (
        Field::Ignore,
        "bo_qua",
        "(bỏ qua)",
        &["stt", "tt", "so thu tu"],
    ),
];

impl Field {
    /// The field's Vietnamese name, for messages.
    pub fn name_vi(self) -> &'static str {
        FIELDS
            .iter()
            .find(|f| f.0 == self)
            .map(|f| f.2)
            .unwrap_or("")
    }

    /// Reads a field named in `--map`: its id (`trich_yeu`) or its Vietnamese name.
    pub fn parse(input: &str) -> Option<Field> {
        let key = header_key(input);
        FIELDS
            .iter()
            .find(|(_, id, name, aliases)| {
                id.replace('_', " ") == key
                    || header_key(name) == key
                    || aliases.contains(&key.as_str())
            })
            .map(|f| f.0)
    }

    /// Every field id, for the help text of an error.
    pub fn ids() -> String {
        FIELDS.iter().map(|f| f.1).collect::<Vec<_>>().join(", ")
    }
}

/// A header as compared: folded, punctuation as spaces, single-spaced.
pub fn header_key(header: &str) -> String {
    vanthu_core::text::fold(header)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The field a header names: an exact alias first, else the longest alias the header starts
/// with ("Ngày đến (1)", "Số, ký hiệu văn bản").
fn field_for(header: &str) -> Option<Field> {
    let key = header_key(header);
    if key.is_empty() {
        return None;
    }
    if let Some(f) = FIELDS.iter().find(|f| f.3.contains(&key.as_str())) {
        return Some(f.0);
    }
    FIELDS
        .iter()
        .flat_map(|f| f.3.iter().map(move |a| (f.0, *a)))
        .filter(|(_, a)| a.len() > 3 && key.starts_with(&format!("{a} ")))
        .max_by_key(|(_, a)| a.len())
        .map(|(f, _)| f)
}

/// One column of the sheet and what it was mapped to.
#[derive(Debug, Clone, Serialize)]
pub struct ColumnMapping {
    /// Column letter(s) as Excel shows them.
    pub column: String,
    pub header: String,
    pub field: Option<Field>,
}

/// The mapping of one sheet: the header row and column → field.
#[derive(Debug, Clone, Serialize)]
pub struct SheetMapping {
    pub sheet: String,
    /// Line of the header row.
    pub header_line: u32,
    pub columns: Vec<ColumnMapping>,
    /// Index in `Grid::rows` of the first data row.
    #[serde(skip)]
    pub first_data_row: usize,
}

impl SheetMapping {
    /// Column index of a field, if mapped.
    pub fn column_of(&self, field: Field) -> Option<usize> {
        self.columns.iter().position(|c| c.field == Some(field))
    }
}

/// Excel's column name: 0 → A, 26 → AA.
pub fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).expect("ASCII")
}

/// Parses `--map` entries "Header=field" (or "C=field" by column letter).
pub fn parse_overrides(entries: &[String]) -> Result<Vec<(String, Field)>> {
    entries
        .iter()
        .map(|e| {
            let (col, field) = e.rsplit_once('=').ok_or_else(|| LocalError::ImportFile {
                message: format!("--map \"{e}\" không hợp lệ: dùng dạng \"Tên cột=trich_yeu\"."),
            })?;
            let f = Field::parse(field).ok_or_else(|| LocalError::ImportFile {
                message: format!(
                    "--map \"{e}\": không có trường \"{}\" (các trường: {}).",
                    field.trim(),
                    Field::ids()
                ),
            })?;
            Ok((col.trim().to_string(), f))
        })
        .collect()
}

/// Finds the header row among the first rows (the one naming the most fields) and maps its
/// columns; `None` when no row names at least two fields.
pub fn map_sheet(grid: &Grid, overrides: &[(String, Field)]) -> Option<SheetMapping> {
    let (idx, _) = grid
        .rows
        .iter()
        .take(20)
        .enumerate()
        .map(|(i, (_, cells))| {
            let mut fields: Vec<Field> = cells
                .iter()
                .filter_map(|c| field_for(&c.text()))
                .filter(|f| *f != Field::Ignore)
                .collect();
            fields.sort_by_key(|f| *f as u8);
            fields.dedup();
            (i, fields.len())
        })
        .filter(|(_, n)| *n >= 2)
        .max_by_key(|(i, n)| (*n, usize::MAX - i))?;
    let (line, cells) = &grid.rows[idx];
    let mut columns: Vec<ColumnMapping> = Vec::new();
    for (i, cell) in cells.iter().enumerate() {
        let header = cell.text().trim().to_string();
        let mut field = field_for(&header);
        // The first column naming a field keeps it.
        if field.is_some_and(|f| f != Field::Ignore && columns.iter().any(|c| c.field == Some(f))) {
            field = None;
        }
        columns.push(ColumnMapping {
            column: column_letter(i),
            header,
            field,
        });
    }
    for (col, field) in overrides {
        let key = header_key(col);
        let target = columns
            .iter()
            .position(|c| header_key(&c.header) == key)
            .or_else(|| {
                columns
                    .iter()
                    .position(|c| c.column.eq_ignore_ascii_case(col))
            });
        if let Some(t) = target {
            for c in columns.iter_mut().filter(|c| c.field == Some(*field)) {
                c.field = None;
            }
            columns[t].field = Some(*field);
        }
    }
    // A row of column numbers "(1) (2) (3)…" often follows the header in NĐ 30 registers.
    let mut first = idx + 1;
    while grid
        .rows
        .get(first)
        .is_some_and(|(_, cells)| is_numbering_row(cells))
    {
        first += 1;
    }
    Some(SheetMapping {
        sheet: grid.sheet.clone(),
        header_line: *line,
        columns,
        first_data_row: first,
    })
}

fn is_numbering_row(cells: &[Cell]) -> bool {
    let texts: Vec<String> = cells
        .iter()
        .filter(|c| !c.is_empty())
        .map(|c| c.text().trim().trim_matches(['(', ')']).to_string())
        .collect();
    texts.len() >= 3
        && texts
            .iter()
            .all(|t| t.len() <= 2 && t.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_map_folded_and_by_prefix() {
        assert_eq!(field_for("Số, ký hiệu"), Some(Field::Symbol));
        assert_eq!(field_for("SỐ ĐẾN"), Some(Field::ArrivalNo));
        assert_eq!(field_for("Ngày đến (1)"), Some(Field::ArrivalDate));
        assert_eq!(field_for("Cơ quan ban hành"), Some(Field::Issuer));
        assert_eq!(
            field_for("Số, ký hiệu văn bản trả lời"),
            Some(Field::ReplySymbol)
        );
        assert_eq!(
            field_for("Tên loại và trích yếu nội dung"),
            Some(Field::Summary)
        );
        assert_eq!(field_for("Màu sắc"), None);
        assert_eq!(Field::parse("trich_yeu"), Some(Field::Summary));
        assert_eq!(Field::parse("Trích yếu"), Some(Field::Summary));
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(27), "AB");
    }
}
