//! The core's one error type. Each variant carries a stable `code()` for the UI and a Vietnamese
//! `Display` text for people (design §6: the UI chooses wording by code, never by message).

use thiserror::Error;

/// Everything the domain can refuse.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum CoreError {
    /// State-secret documents must stay on paper, off networked machines (NĐ 30, plans).
    #[error(
        "Văn bản có độ mật \"{0}\" không được xử lý trên hệ thống số: văn bản mật phải xử lý trên giấy theo quy định về bảo vệ bí mật nhà nước. Không có dữ liệu nào được lưu."
    )]
    SecretRefused(String),
    /// A required field is empty.
    #[error("Thiếu thông tin bắt buộc: {field}.")]
    MissingField { field: &'static str },
    /// A field's value cannot be understood.
    #[error("Giá trị không hợp lệ ở trường {field}: {reason}.")]
    InvalidField { field: &'static str, reason: String },
    /// A workflow step that the current state does not allow.
    #[error("Không thể {action} khi văn bản đang ở trạng thái \"{state}\".")]
    InvalidTransition { state: String, action: String },
    /// A date or period outside what the calendar can compute, or malformed.
    #[error("Ngày hoặc kỳ không hợp lệ: {0}.")]
    InvalidPeriod(String),
    /// The calendar cannot compute dates this far from the present (lunar tables, overflow).
    #[error("Ngày nằm ngoài phạm vi lịch hỗ trợ: {0}.")]
    DateOutOfRange(String),
    /// The acting account's role does not allow the action.
    #[error("Tài khoản với vai trò {role} không được phép {action}.")]
    Forbidden { role: String, action: String },
}

impl CoreError {
    /// A stable machine-readable code for the UI and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::SecretRefused(_) => "secret_refused",
            CoreError::MissingField { .. } => "missing_field",
            CoreError::InvalidField { .. } => "invalid_field",
            CoreError::InvalidTransition { .. } => "invalid_transition",
            CoreError::InvalidPeriod(_) => "invalid_period",
            CoreError::DateOutOfRange(_) => "date_out_of_range",
            CoreError::Forbidden { .. } => "forbidden",
        }
    }
}
