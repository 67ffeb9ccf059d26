//! Importing a plan's indicator table ("DANH MỤC CÁC MỤC TIÊU CỤ THỂ": TT, Chỉ tiêu, Đơn vị
//! tính, Kết quả / Mục tiêu, Cơ quan chủ trì theo dõi) from CSV or Excel, as task tables are
//! imported: columns found from their Vietnamese headers, every row checked first, then all
//! written in one transaction or none; re-importing adds nothing (names are unique).
//!
//! Group rows ("I | Phát triển hạ tầng", a Roman numeral and no target) are headings, not
//! indicators: their title is kept in the notes of the indicators below them.

use super::indicators::{IndicatorInput, add_indicator};
use super::task_import::{RowError, bad_file, read_cells};
use crate::{Context, LocalError, Result};
use rusqlite::Transaction;
use serde::Serialize;
use std::path::Path;
use vanthu_core::text::fold;

/// The indicator fields a column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorColumn {
    Row,
    Name,
    Unit,
    Target,
    Responsible,
    Notes,
}

/// (folded header fragment, column), most specific first: "Chỉ tiêu năm 2026" is the target,
/// "Chỉ tiêu" alone the indicator's name; the seeds' table heads its targets "Kết quả".
const HEADERS: &[(&str, IndicatorColumn)] = &[
    ("don vi tinh", IndicatorColumn::Unit),
    ("dvt", IndicatorColumn::Unit),
    ("ghi chu", IndicatorColumn::Notes),
    ("muc tieu", IndicatorColumn::Target),
    ("ket qua", IndicatorColumn::Target),
    ("gia tri", IndicatorColumn::Target),
    ("can dat", IndicatorColumn::Target),
    ("chi tieu nam", IndicatorColumn::Target),
    ("ke hoach nam", IndicatorColumn::Target),
    ("chu tri", IndicatorColumn::Responsible),
    ("theo doi", IndicatorColumn::Responsible),
    ("phu trach", IndicatorColumn::Responsible),
    ("trach nhiem", IndicatorColumn::Responsible),
    ("don vi thuc hien", IndicatorColumn::Responsible),
    ("ten chi tieu", IndicatorColumn::Name),
    ("chi tieu", IndicatorColumn::Name),
    ("noi dung", IndicatorColumn::Name),
];

fn column_of(header: &str) -> Option<IndicatorColumn> {
    let h = fold(header).replace('_', " ");
    let h = h.trim().trim_end_matches('.');
    if h == "tt" || h == "stt" || h == "so thu tu" {
        return Some(IndicatorColumn::Row);
    }
    HEADERS
        .iter()
        .find(|(frag, _)| h.contains(frag))
        .map(|(_, c)| *c)
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorImport {
    pub columns: Vec<(String, Option<IndicatorColumn>)>,
    pub rows: usize,
    /// Group headings found (kept in the notes of their indicators).
    pub groups: Vec<String>,
    pub imported: usize,
    pub already_present: usize,
    pub errors: Vec<RowError>,
    pub dry_run: bool,
    pub preview: Vec<IndicatorRowPreview>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorRowPreview {
    pub line: usize,
    pub name: String,
    pub unit: Option<String>,
    pub target: String,
    pub responsible_unit: Option<String>,
}

/// "I", "II", "IV" … as the numbering of a group row.
fn is_roman(s: &str) -> bool {
    let s = s.trim().trim_end_matches('.');
    !s.is_empty() && s.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'))
}

/// Imports the indicator table in `path`. Nothing is written when any row is bad unless
/// `skip_bad_rows`; nothing at all on `dry_run`.
pub fn import_indicators(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    path: &Path,
    dry_run: bool,
    skip_bad_rows: bool,
) -> Result<IndicatorImport> {
    crate::accounts::require(tx, ctx, vanthu_core::authz::Permission::ManagePlans)?;
    let cells = read_cells(path)?;
    let header_at = cells
        .iter()
        .position(|r| {
            let cols: Vec<IndicatorColumn> = r.iter().filter_map(|h| column_of(h)).collect();
            cols.contains(&IndicatorColumn::Name) && cols.contains(&IndicatorColumn::Target)
        })
        .ok_or_else(|| {
            bad_file(
                path,
                "không tìm thấy dòng tiêu đề có cột \"Chỉ tiêu\" và cột \"Mục tiêu\" (hoặc \"Kết quả\")",
            )
        })?;
    let headers = &cells[header_at];
    let map: Vec<Option<IndicatorColumn>> = headers.iter().map(|h| column_of(h)).collect();
    let col = |row: &[String], c: IndicatorColumn| -> Option<String> {
        map.iter()
            .position(|m| *m == Some(c))
            .and_then(|i| row.get(i))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let mut report = IndicatorImport {
        columns: headers.iter().cloned().zip(map.iter().copied()).collect(),
        rows: 0,
        groups: Vec::new(),
        imported: 0,
        already_present: 0,
        errors: Vec::new(),
        dry_run,
        preview: Vec::new(),
    };
    let mut group: Option<String> = None;
    let mut valid = Vec::new();
    for (i, row) in cells.iter().enumerate().skip(header_at + 1) {
        let line = i + 1;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let Some(name) = col(row, IndicatorColumn::Name) else {
            report.rows += 1;
            report.errors.push(RowError {
                line,
                message: format!("dòng {line}, cột Chỉ tiêu: để trống"),
            });
            continue;
        };
        let target = col(row, IndicatorColumn::Target);
        let numbered = col(row, IndicatorColumn::Row);
        if target.is_none()
            && col(row, IndicatorColumn::Unit).is_none()
            && numbered.as_deref().is_none_or(is_roman)
        {
            report.groups.push(name.clone());
            group = Some(name);
            continue;
        }
        report.rows += 1;
        let Some(target) = target else {
            report.errors.push(RowError {
                line,
                message: format!("dòng {line}, cột Mục tiêu: để trống (chỉ tiêu \"{name}\")"),
            });
            continue;
        };
        let notes = match (group.as_deref(), col(row, IndicatorColumn::Notes)) {
            (Some(g), Some(n)) => Some(format!("Nhóm: {g}. {n}")),
            (Some(g), None) => Some(format!("Nhóm: {g}")),
            (None, n) => n,
        };
        let input = IndicatorInput {
            name,
            unit: col(row, IndicatorColumn::Unit),
            target,
            responsible_unit: col(row, IndicatorColumn::Responsible),
            notes,
        };
        // Checked here as `add_indicator` would, so a bad cell is reported with its line.
        for (field, text) in [
            ("Chỉ tiêu", Some(&input.name)),
            ("Mục tiêu", Some(&input.target)),
        ]
        .into_iter()
        .chain([("Đơn vị tính", input.unit.as_ref())])
        {
            if let Some(t) = text
                && let Err(e) = vanthu_core::text::normalize_line(field, t)
            {
                report.errors.push(RowError {
                    line,
                    message: format!("dòng {line}, cột {field}: {e}"),
                });
            }
        }
        report.preview.push(IndicatorRowPreview {
            line,
            name: input.name.clone(),
            unit: input.unit.clone(),
            target: input.target.clone(),
            responsible_unit: input.responsible_unit.clone(),
        });
        valid.push((line, input));
    }
    let bad: Vec<usize> = report.errors.iter().map(|e| e.line).collect();
    if dry_run || (!report.errors.is_empty() && !skip_bad_rows) {
        return Ok(report);
    }
    for (_, input) in valid.into_iter().filter(|(l, _)| !bad.contains(l)) {
        match add_indicator(tx, ctx, &input) {
            Ok(_) => report.imported += 1,
            Err(LocalError::Duplicate { .. }) => report.already_present += 1,
            Err(e) => return Err(e),
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_of_the_seed_table_map_to_their_fields() {
        let cols: Vec<_> = [
            "TT",
            "Chỉ tiêu",
            "Đơn vị tính",
            "Kết quả",
            "Cơ quan chủ trì theo dõi, đánh giá",
            "Chỉ tiêu năm 2026",
            "Ghi chú",
        ]
        .iter()
        .map(|h| column_of(h))
        .collect();
        use IndicatorColumn::*;
        assert_eq!(
            cols,
            [
                Some(Row),
                Some(Name),
                Some(Unit),
                Some(Target),
                Some(Responsible),
                Some(Target),
                Some(Notes)
            ]
        );
        assert!(is_roman("III") && is_roman("IV.") && !is_roman("3.") && !is_roman(""));
    }
}
