//! VanThu's print-ready output: periodic reports as PDF (NĐ 30 presentation, Typst used as a
//! library, Liberation Serif embedded) and as DOCX for editing in Word, and each year's
//! incoming and outgoing registers as landscape PDF ready to bind.
//!
//! The report's data and use cases live in `vanthu_local::report`; this crate only turns a
//! stored report or register into pages. "Print" in the app is the PDF opened in the system
//! viewer.

pub mod document;
pub mod docx;
mod error;
pub mod register;
pub mod typeset;

pub use document::{AdminDocument, Block, Cell, Table, report_document};
pub use error::ReportError;
pub use register::{RegisterDocument, export_register_pdf, register_document};

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::path::Path;
use vanthu_local::report::get_report;
use vanthu_local::unit::require_unit;

/// Result type of this crate.
pub type Result<T, E = ReportError> = std::result::Result<T, E>;

/// An output format of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Pdf,
    Docx,
}

impl Format {
    /// "pdf" or "docx" (any case); anything else is refused with a clear message.
    pub fn parse(s: &str) -> Result<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "pdf" => Ok(Format::Pdf),
            "docx" | "word" => Ok(Format::Docx),
            other => Err(ReportError::UnsupportedFormat(other.to_string())),
        }
    }
}

/// The printable document of the stored report `id`.
pub fn load_report_document(
    conn: &Connection,
    id: &str,
    today: NaiveDate,
) -> Result<AdminDocument> {
    let report = get_report(conn, id)?;
    let unit = require_unit(conn)?;
    Ok(report_document(&report, &unit, today))
}

/// The report as PDF bytes.
pub fn report_pdf(doc: &AdminDocument) -> Result<Vec<u8>> {
    typeset::pdf(typeset::REPORT_TEMPLATE, doc)
}

/// The report as DOCX bytes.
pub fn report_docx(doc: &AdminDocument) -> Result<Vec<u8>> {
    docx::write(doc)
}

/// What an export wrote.
#[derive(Debug, Clone, Serialize)]
pub struct Exported {
    pub path: String,
    pub format: Format,
    pub bytes: usize,
}

/// Renders the stored report `id` to `path`.
pub fn export_report(
    conn: &Connection,
    id: &str,
    format: Format,
    path: &Path,
    today: NaiveDate,
) -> Result<Exported> {
    let doc = load_report_document(conn, id, today)?;
    let bytes = match format {
        Format::Pdf => report_pdf(&doc)?,
        Format::Docx => report_docx(&doc)?,
    };
    write_file(path, &bytes)?;
    Ok(Exported {
        path: path.display().to_string(),
        format,
        bytes: bytes.len(),
    })
}

pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|source| ReportError::Io {
        path: path.display().to_string(),
        source,
    })
}
