//! The local application's one error type, mapped to `{code, message}` at the shells.

use thiserror::Error;
use vanthu_core::CoreError;

/// Everything a local use case can fail with. `Display` is Vietnamese for people; `code()` is
/// stable for the UI and scripts.
#[derive(Debug, Error)]
pub enum LocalError {
    /// Refused by a domain rule.
    #[error(transparent)]
    Core(#[from] CoreError),
    /// The data directory holds a database written by a newer VanThu.
    #[error(
        "Cơ sở dữ liệu được tạo bởi phiên bản VanThu mới hơn (phiên bản dữ liệu {found}, phiên bản này hỗ trợ đến {supported}). Hãy cập nhật VanThu; dữ liệu không bị thay đổi."
    )]
    NewerDatabase { found: i64, supported: i64 },
    /// Outgoing numbering needs the unit's abbreviation and style.
    #[error("Đơn vị chưa được thiết lập. Hãy thiết lập thông tin đơn vị trước (vanthu setup).")]
    NotSetUp,
    /// No valid account is acting (wrong password, unknown or disabled account).
    #[error("Chưa đăng nhập hợp lệ: {reason}.")]
    Unauthenticated { reason: String },
    /// The audit trail's hash chain does not verify.
    #[error("Nhật ký thay đổi đã bị can thiệp: {problem}.")]
    AuditBroken { problem: String },
    /// A backup failed verification (and is never restored).
    #[error("Bản sao lưu {path} không hợp lệ: {problems}.")]
    BackupInvalid { path: String, problems: String },
    /// No record matches the given reference.
    #[error("Không tìm thấy {what} \"{key}\".")]
    NotFound { what: &'static str, key: String },
    /// A likely duplicate of an already registered incoming document.
    #[error(
        "Văn bản này có thể đã được đăng ký (trùng cơ quan ban hành, số ký hiệu và ngày văn bản): {existing}."
    )]
    Duplicate { existing: String },
    /// A register file to import cannot be used as it is (format, sheet, columns, `--map`).
    #[error("{message}")]
    ImportFile { message: String },
    /// Rows of an import are wrong; nothing was imported.
    #[error(
        "Không nhập dữ liệu nào: có {} dòng lỗi.\n{}\nHãy sửa tệp rồi nhập lại, hoặc nhập các dòng đúng và bỏ qua dòng lỗi (--skip-bad-rows).",
        .errors.len(), crate::import::describe_errors(.errors, 30)
    )]
    ImportRejected {
        errors: Vec<crate::import::RowError>,
    },
    /// Sync with the province refused or could not proceed (not enrolled, inbox item not
    /// ready …); `code` is stable for the UI.
    #[error("{message}")]
    Sync { code: &'static str, message: String },
    /// A report for this template and period already exists (one report per period).
    #[error("Đã có báo cáo cho kỳ này theo mẫu này (mã {existing}). Hãy mở báo cáo đó để sửa.")]
    ReportExists { existing: String },
    /// Someone saved the report after the editor loaded it; nothing was overwritten.
    #[error(
        "Báo cáo vừa được sửa ở nơi khác (phiên bản {current}). Hãy tải lại báo cáo rồi sửa tiếp; nội dung đã lưu không bị ghi đè."
    )]
    EditConflict { current: i64 },
    /// The store is encrypted and its key is in neither the OS keyring nor the key file.
    #[error(
        "Dữ liệu đã được mã hóa nhưng không tìm thấy khóa giải mã trên máy này (mã kho {store_id}). Hãy nhập mã khôi phục đã in khi bật mã hóa: vanthu key recover <MÃ KHÔI PHỤC>."
    )]
    KeyMissing { store_id: String },
    /// The key found does not open the database (or the file is damaged); nothing was opened.
    #[error(
        "Khóa giải mã không mở được cơ sở dữ liệu {path} (khóa sai hoặc tệp bị hỏng). Dữ liệu không bị thay đổi. Hãy nhập mã khôi phục đã in khi bật mã hóa: vanthu key recover <MÃ KHÔI PHỤC>; nếu vẫn không được, hãy khôi phục từ bản sao lưu."
    )]
    KeyWrong { path: String },
    /// A typed recovery code is malformed or mistyped.
    #[error("Mã khôi phục không hợp lệ: {reason}. Hãy kiểm tra lại từng nhóm ký tự.")]
    RecoveryCode { reason: String },
    /// Encryption at rest refused or could not proceed (already encrypted, an interrupted
    /// migration, a tampered attachment …); `code` is stable for the UI.
    #[error("{message}")]
    Encryption { code: &'static str, message: String },
    /// Signing or verifying a PDF failed as a whole (not a PDF, wrong .p12 password …).
    #[error(transparent)]
    Signature(#[from] vanthu_sign::SignError),
    /// A file could not be read or written.
    #[error("Lỗi đọc/ghi tệp {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    /// The database failed.
    #[error("Lỗi cơ sở dữ liệu: {0}")]
    Db(#[from] rusqlite::Error),
    /// Stored JSON could not be read (a bug or a damaged database).
    #[error("Dữ liệu lưu trữ bị hỏng: {0}")]
    Json(#[from] serde_json::Error),
}

impl LocalError {
    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            LocalError::Core(e) => e.code(),
            LocalError::NewerDatabase { .. } => "newer_database",
            LocalError::NotSetUp => "not_set_up",
            LocalError::NotFound { .. } => "not_found",
            LocalError::Unauthenticated { .. } => "unauthenticated",
            LocalError::AuditBroken { .. } => "audit_broken",
            LocalError::BackupInvalid { .. } => "backup_invalid",
            LocalError::Sync { code, .. } => code,
            LocalError::Duplicate { .. } => "duplicate",
            LocalError::ImportFile { .. } => "import_file",
            LocalError::ImportRejected { .. } => "import_rejected",
            LocalError::ReportExists { .. } => "report_exists",
            LocalError::EditConflict { .. } => "edit_conflict",
            LocalError::KeyMissing { .. } => "key_missing",
            LocalError::KeyWrong { .. } => "key_wrong",
            LocalError::RecoveryCode { .. } => "recovery_code_invalid",
            LocalError::Encryption { code, .. } => code,
            LocalError::Signature(e) => e.code(),
            LocalError::Io { .. } => "io",
            LocalError::Db(_) => "storage",
            LocalError::Json(_) => "storage",
        }
    }

    /// Whether the error is the user's input refused by a rule (exit code 1 in the CLI), as
    /// opposed to a failure of the machine.
    pub fn is_refusal(&self) -> bool {
        if let LocalError::Signature(e) = self {
            return e.is_refusal();
        }
        !matches!(
            self,
            LocalError::Io { .. } | LocalError::Db(_) | LocalError::Json(_)
        )
    }

    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> LocalError {
        LocalError::Io {
            path: path.display().to_string(),
            source,
        }
    }
}
