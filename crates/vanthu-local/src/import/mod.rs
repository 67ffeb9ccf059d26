//! Importing old incoming registers from `.xlsx`, `.xls` and `.csv`.
//!
//! Three steps: [`read_file`] reads and maps the file (no database), [`import_incoming`]
//! checks the rows against the register and writes them in the caller's transaction. Nothing
//! is half-imported: a row with an error refuses the whole import unless the clerk accepted
//! skipping bad rows. Imported rows are history: they keep their số đến and year, are filed,
//! and the incoming number series moves past them so new registrations continue after them.

mod apply;
mod columns;
mod rows;
mod sheet;
mod write;

pub use apply::import_incoming;
pub use columns::{ColumnMapping, Field, SheetMapping, header_key};
pub use rows::{ImportRow, RowError, parse_cell_date};
pub use sheet::{Cell, EncodingReport, Grid, decode_csv_bytes, read_grids};

use crate::{LocalError, Result};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// What the clerk chose.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Only show what would be imported.
    pub dry_run: bool,
    /// Import the good rows and leave out the bad ones (listed in the report).
    pub skip_bad_rows: bool,
    /// Manual column mapping: "Header=field" or "C=field".
    pub map: Vec<String>,
    /// Only this sheet (default: every sheet with a register header).
    pub sheet: Option<String>,
}

/// A file read and mapped, not yet checked against the register.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    pub source: String,
    pub sheets: Vec<SheetMapping>,
    /// Sheets without a recognisable register header.
    pub skipped_sheets: Vec<String>,
    pub encoding: EncodingReport,
    pub rows: Vec<ImportRow>,
    pub errors: Vec<RowError>,
    pub blank_rows: usize,
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub file: String,
    pub dry_run: bool,
    /// Whether rows were written.
    pub committed: bool,
    pub sheets: Vec<SheetMapping>,
    pub skipped_sheets: Vec<String>,
    pub encoding: EncodingReport,
    /// Data rows found (good, bad and duplicates; blank rows not counted).
    pub rows_read: usize,
    /// Rows written (or to be written).
    pub imported: usize,
    /// Rows already in the register (imported before, or registered by hand).
    pub duplicates: usize,
    /// Rows left out because of errors (only with skip_bad_rows).
    pub skipped_bad: usize,
    pub blank_rows: usize,
    pub errors: Vec<RowError>,
    /// Rows imported per year of the register.
    pub years: BTreeMap<i32, usize>,
    /// The first rows as they will be registered.
    pub preview: Vec<ImportRow>,
}

/// Reads `path` and maps its columns.
pub fn read_file(path: &Path, opts: &ImportOptions) -> Result<ParsedFile> {
    let overrides = columns::parse_overrides(&opts.map)?;
    let (grids, encoding) = read_grids(path, opts.sheet.as_deref())?;
    let mut parsed = ParsedFile {
        source: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        sheets: Vec::new(),
        skipped_sheets: Vec::new(),
        encoding,
        rows: Vec::new(),
        errors: Vec::new(),
        blank_rows: 0,
    };
    for grid in &grids {
        let Some(mapping) = columns::map_sheet(grid, &overrides) else {
            parsed.skipped_sheets.push(grid.sheet.clone());
            continue;
        };
        let missing: Vec<&str> = [
            Field::ArrivalDate,
            Field::Issuer,
            Field::Symbol,
            Field::Summary,
        ]
        .into_iter()
        .filter(|f| mapping.column_of(*f).is_none())
        .map(Field::name_vi)
        .collect();
        if !missing.is_empty() {
            return Err(LocalError::ImportFile {
                message: format!(
                    "Trang \"{}\": không tìm thấy cột {} (dòng tiêu đề {}). Nếu cột có tên khác, chỉ rõ bằng --map \"Tên cột=trường\" (trường: {}).",
                    grid.sheet,
                    missing
                        .iter()
                        .map(|m| format!("\"{m}\""))
                        .collect::<Vec<_>>()
                        .join(", "),
                    mapping.header_line,
                    Field::ids()
                ),
            });
        }
        let (rows, errors, blank) = rows::parse_rows(&grid.rows, &mapping);
        parsed.rows.extend(rows);
        parsed.errors.extend(errors);
        parsed.blank_rows += blank;
        parsed.sheets.push(mapping);
    }
    if parsed.sheets.is_empty() {
        return Err(LocalError::ImportFile {
            message: format!(
                "Không tìm thấy sổ văn bản đến trong \"{}\": cần một dòng tiêu đề có các cột như \"Số đến\", \"Ngày đến\", \"Tác giả\", \"Số, ký hiệu\", \"Trích yếu\".",
                parsed.source
            ),
        });
    }
    Ok(parsed)
}

/// The first `max` errors, one per line, and how many more there are.
pub fn describe_errors(errors: &[RowError], max: usize) -> String {
    let mut lines: Vec<String> = errors.iter().take(max).map(|e| format!("- {e}")).collect();
    if errors.len() > max {
        lines.push(format!("- … và {} lỗi khác", errors.len() - max));
    }
    lines.join("\n")
}
