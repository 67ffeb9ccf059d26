//! The report crate's one error type, mapped to `{code, message}` at the shells.

use thiserror::Error;
use vanthu_local::LocalError;

/// Everything rendering or exporting can fail with. `Display` is Vietnamese for people;
/// `code()` is stable for the UI and scripts.
#[derive(Debug, Error)]
pub enum ReportError {
    /// Reading the report or register failed, or a rule refused it.
    #[error(transparent)]
    Local(#[from] LocalError),
    /// The Typst layout failed: a defect of the built-in templates (they are tested), never
    /// of the user's text, which is inserted as plain strings.
    #[error("Không dựng được trang in (lỗi mẫu trình bày): {0}")]
    Layout(String),
    /// Writing the PDF or DOCX bytes failed.
    #[error("Không tạo được tệp {format}: {message}")]
    Encode {
        format: &'static str,
        message: String,
    },
    /// The output file could not be written.
    #[error("Lỗi ghi tệp {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    /// A format that this build does not write.
    #[error("Định dạng \"{0}\" chưa được hỗ trợ (dùng pdf hoặc docx).")]
    UnsupportedFormat(String),
}

impl ReportError {
    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ReportError::Local(e) => e.code(),
            ReportError::Layout(_) => "layout",
            ReportError::Encode { .. } => "encode",
            ReportError::Io { .. } => "io",
            ReportError::UnsupportedFormat(_) => "unsupported_format",
        }
    }

    /// Whether the error is the user's input refused by a rule (CLI exit code 1), as opposed
    /// to a failure of the machine or a defect.
    pub fn is_refusal(&self) -> bool {
        match self {
            ReportError::Local(e) => e.is_refusal(),
            ReportError::UnsupportedFormat(_) => true,
            _ => false,
        }
    }
}

impl From<rusqlite::Error> for ReportError {
    fn from(e: rusqlite::Error) -> Self {
        ReportError::Local(e.into())
    }
}
