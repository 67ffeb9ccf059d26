//! Importing a plan's appendix task table (CSV or Excel) into tasks: columns found from their
//! Vietnamese headers, every row validated first, then all rows written in one transaction or
//! none. Re-importing the same plan adds nothing (each row has an import key).

use super::tasks::{TaskInput, create_task};
use crate::{Context, LocalError, Result};
use calamine::{Data, Reader, open_workbook_auto};
use rusqlite::Transaction;
use serde::Serialize;
use std::path::Path;
use vanthu_core::plan::timeframe::TimeFrame;
use vanthu_core::text::fold;

/// The task fields a column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskColumn {
    Row,
    Title,
    Leader,
    LeadUnit,
    Coordinating,
    Result,
    TimeFrame,
    Notes,
}

/// (folded header fragment, column), most specific first.
const HEADERS: &[(&str, TaskColumn)] = &[
    ("stt", TaskColumn::Row),
    ("so thu tu", TaskColumn::Row),
    ("nguoi dung dau", TaskColumn::Leader),
    ("chiu trach nhiem", TaskColumn::Leader),
    ("lanh dao", TaskColumn::Leader),
    ("phoi hop", TaskColumn::Coordinating),
    ("chu tri", TaskColumn::LeadUnit),
    ("ket qua", TaskColumn::Result),
    ("san pham", TaskColumn::Result),
    ("thoi gian", TaskColumn::TimeFrame),
    ("thoi han", TaskColumn::TimeFrame),
    ("tien do", TaskColumn::TimeFrame),
    ("ghi chu", TaskColumn::Notes),
    ("nhiem vu", TaskColumn::Title),
    ("noi dung", TaskColumn::Title),
];

/// Which column an (already folded) header names.
fn column_of(header: &str) -> Option<TaskColumn> {
    let h = fold(header).replace('_', " ");
    HEADERS
        .iter()
        .find(|(frag, _)| h.contains(frag))
        .map(|(_, c)| *c)
}

/// A row's problem, in the words a clerk reads: "dòng 7, cột Thời gian thực hiện: …".
#[derive(Debug, Clone, Serialize)]
pub struct RowError {
    pub line: usize,
    pub message: String,
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Serialize)]
pub struct PlanImport {
    pub plan_name: String,
    pub columns: Vec<(String, Option<TaskColumn>)>,
    pub rows: usize,
    pub imported: usize,
    pub already_present: usize,
    pub errors: Vec<RowError>,
    pub dry_run: bool,
    /// Preview of what each valid row becomes.
    pub preview: Vec<PlanRowPreview>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanRowPreview {
    pub line: usize,
    pub title: String,
    pub time_frame: Option<String>,
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
}

/// Reads every row of the file as text cells (first sheet of a workbook).
pub(crate) fn read_cells(path: &Path) -> Result<Vec<Vec<String>>> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if ext == "csv" || ext == "txt" {
        let bytes = std::fs::read(path).map_err(|e| LocalError::io(path, e))?;
        let text = String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes))
            .into_owned();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        return reader
            .records()
            .map(|r| {
                r.map(|r| r.iter().map(str::to_string).collect())
                    .map_err(|e| bad_file(path, &e.to_string()))
            })
            .collect();
    }
    let mut book = open_workbook_auto(path).map_err(|e| bad_file(path, &e.to_string()))?;
    let sheet = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| bad_file(path, "không có trang tính nào"))?;
    let range = book
        .worksheet_range(&sheet)
        .map_err(|e| bad_file(path, &e.to_string()))?;
    Ok(range
        .rows()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect())
}

pub(crate) fn bad_file(path: &Path, why: &str) -> LocalError {
    vanthu_core::CoreError::InvalidField {
        field: "tệp kế hoạch",
        reason: format!("không đọc được {}: {why}", path.display()),
    }
    .into()
}

/// Imports the task table in `path` as plan `plan_name`. Nothing is written when any row is
/// bad unless `skip_bad_rows`; nothing at all on `dry_run`.
pub fn import_plan_tasks(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    path: &Path,
    plan_name: &str,
    dry_run: bool,
    skip_bad_rows: bool,
) -> Result<PlanImport> {
    let cells = read_cells(path)?;
    // The header row is the first naming a task column and at least one other known column:
    // plans put a title ("PHỤ LỤC NHIỆM VỤ …") above the table.
    let header_at = cells
        .iter()
        .position(|r| {
            let cols: Vec<TaskColumn> = r.iter().filter_map(|h| column_of(h)).collect();
            cols.contains(&TaskColumn::Title) && cols.iter().any(|c| *c != TaskColumn::Title)
        })
        .ok_or_else(|| bad_file(path, "không tìm thấy dòng tiêu đề có cột \"Tên nhiệm vụ\""))?;
    let headers = &cells[header_at];
    let map: Vec<Option<TaskColumn>> = headers.iter().map(|h| column_of(h)).collect();
    let col = |row: &[String], c: TaskColumn| -> Option<String> {
        map.iter()
            .position(|m| *m == Some(c))
            .and_then(|i| row.get(i))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let mut report = PlanImport {
        plan_name: plan_name.trim().to_string(),
        columns: headers.iter().cloned().zip(map.iter().copied()).collect(),
        rows: 0,
        imported: 0,
        already_present: 0,
        errors: Vec::new(),
        dry_run,
        preview: Vec::new(),
    };
    let mut valid = Vec::new();
    for (i, row) in cells.iter().enumerate().skip(header_at + 1) {
        let line = i + 1;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        report.rows += 1;
        let Some(title) = col(row, TaskColumn::Title) else {
            report.errors.push(RowError {
                line,
                message: format!("dòng {line}, cột Tên nhiệm vụ: để trống"),
            });
            continue;
        };
        let frame_text = col(row, TaskColumn::TimeFrame);
        let frame = match frame_text.as_deref().map(TimeFrame::parse).transpose() {
            Ok(f) => f,
            Err(e) => {
                report.errors.push(RowError {
                    line,
                    message: format!("dòng {line}, cột Thời gian thực hiện: {e}"),
                });
                continue;
            }
        };
        report.preview.push(PlanRowPreview {
            line,
            title: title.clone(),
            time_frame: frame_text.clone(),
            from: frame.as_ref().and_then(|f| f.from),
            to: frame.as_ref().and_then(|f| f.to),
        });
        let plan_row = col(row, TaskColumn::Row)
            .and_then(|s| s.parse().ok())
            .unwrap_or(line as i64);
        valid.push(TaskInput {
            title: Some(title),
            leader: col(row, TaskColumn::Leader),
            lead_unit: col(row, TaskColumn::LeadUnit),
            coordinating_units: col(row, TaskColumn::Coordinating),
            expected_result: col(row, TaskColumn::Result),
            time_frame: frame_text,
            notes: col(row, TaskColumn::Notes),
            plan_name: Some(report.plan_name.clone()),
            plan_row: Some(plan_row),
            ..Default::default()
        });
    }
    if dry_run || (!report.errors.is_empty() && !skip_bad_rows) {
        return Ok(report);
    }
    for input in valid {
        match create_task(tx, ctx, &input) {
            Ok(_) => report.imported += 1,
            Err(LocalError::Duplicate { .. }) => report.already_present += 1,
            Err(e) => return Err(e),
        }
    }
    Ok(report)
}
