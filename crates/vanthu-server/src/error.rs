//! The server's one error type. Every refusal reaches the client as `{code, message}` with a
//! 4xx status; failures of the machine are 5xx with a generic message (details go to the log).

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use thiserror::Error;
use vanthu_protocol::ApiError;

#[derive(Debug, Error)]
pub enum ServerError {
    #[error("Thiếu hoặc sai mã xác thực thiết bị.")]
    Unauthorized,
    #[error(
        "Thiết bị này đã bị thu hồi quyền đồng bộ. Hãy liên hệ tỉnh để được cấp mã đăng ký mới."
    )]
    Revoked,
    #[error("Mã đăng ký không đúng.")]
    CodeUnknown,
    #[error("Mã đăng ký này đã được sử dụng. Mỗi mã chỉ dùng được một lần.")]
    CodeUsed,
    #[error("Mã đăng ký đã hết hạn. Hãy xin tỉnh cấp mã mới.")]
    CodeExpired,
    #[error("Thiết bị không được ghi dữ liệu do tỉnh quản lý ({entity}).")]
    ProvinceOwned { entity: String },
    #[error("Bản ghi {entity} {id} thuộc đơn vị khác.")]
    ForeignRecord { entity: String, id: String },
    #[error("Không có quyền truy cập tệp này.")]
    BlobForbidden,
    #[error("Dữ liệu gửi lên không hợp lệ: {0}")]
    BadRequest(String),
    #[error("Dữ liệu gửi lên quá lớn.")]
    TooLarge,
    #[error("Phiên bản giao thức {0} không được hỗ trợ; hãy cập nhật VanThu.")]
    Protocol(u32),
    #[error("Thiếu thay đổi: máy chủ cần các thay đổi từ số {expected}.")]
    Gap { expected: i64 },
    #[error("Nhật ký thao tác gửi lên không hợp lệ: {reason}")]
    AuditChainBroken { seq: i64, reason: String },
    #[error("Vị trí tải tệp không khớp: máy chủ đã có {received} byte.")]
    BlobOffset { received: i64 },
    #[error("Không tìm thấy {0}.")]
    NotFound(String),
    #[error("{0} đã tồn tại.")]
    Exists(String),
    #[error("Máy chủ đang bận, hãy thử lại sau.")]
    Busy,
    #[error("Máy chủ hết dung lượng lưu trữ, hãy báo quản trị viên.")]
    DiskFull,
    #[error("Lỗi máy chủ: {0}")]
    Internal(String),
}

impl ServerError {
    pub fn code(&self) -> &'static str {
        match self {
            ServerError::Unauthorized => "unauthorized",
            ServerError::Revoked => "revoked",
            ServerError::CodeUnknown => "enrol_code_unknown",
            ServerError::CodeUsed => "enrol_code_used",
            ServerError::CodeExpired => "enrol_code_expired",
            ServerError::ProvinceOwned { .. } => "province_owned",
            ServerError::ForeignRecord { .. } => "foreign_record",
            ServerError::BlobForbidden => "blob_forbidden",
            ServerError::BadRequest(_) => "bad_request",
            ServerError::TooLarge => "too_large",
            ServerError::Protocol(_) => "protocol_version",
            ServerError::Gap { .. } => "gap",
            ServerError::AuditChainBroken { .. } => "audit_chain_broken",
            ServerError::BlobOffset { .. } => "blob_offset",
            ServerError::NotFound(_) => "not_found",
            ServerError::Exists(_) => "exists",
            ServerError::Busy => "busy",
            ServerError::DiskFull => "disk_full",
            ServerError::Internal(_) => "internal",
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ServerError::Unauthorized | ServerError::CodeUnknown => StatusCode::UNAUTHORIZED,
            ServerError::Revoked
            | ServerError::ProvinceOwned { .. }
            | ServerError::ForeignRecord { .. }
            | ServerError::BlobForbidden => StatusCode::FORBIDDEN,
            ServerError::CodeUsed | ServerError::CodeExpired => StatusCode::GONE,
            ServerError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ServerError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ServerError::Protocol(_) => StatusCode::UPGRADE_REQUIRED,
            ServerError::Gap { .. } | ServerError::BlobOffset { .. } | ServerError::Exists(_) => {
                StatusCode::CONFLICT
            }
            ServerError::AuditChainBroken { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ServerError::NotFound(_) => StatusCode::NOT_FOUND,
            ServerError::Busy | ServerError::DiskFull => StatusCode::SERVICE_UNAVAILABLE,
            ServerError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn internal(e: impl std::fmt::Display) -> ServerError {
        ServerError::Internal(e.to_string())
    }
}

impl From<rusqlite::Error> for ServerError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => ServerError::Busy,
            Some(ErrorCode::DiskFull) => ServerError::DiskFull,
            _ => ServerError::internal(e),
        }
    }
}

impl From<tokio_postgres::Error> for ServerError {
    fn from(e: tokio_postgres::Error) -> Self {
        use tokio_postgres::error::SqlState;
        match e.code() {
            Some(c) if *c == SqlState::DISK_FULL => ServerError::DiskFull,
            Some(c)
                if *c == SqlState::T_R_SERIALIZATION_FAILURE
                    || *c == SqlState::T_R_DEADLOCK_DETECTED
                    || *c == SqlState::LOCK_NOT_AVAILABLE =>
            {
                ServerError::Busy
            }
            _ => ServerError::internal(e),
        }
    }
}

impl From<deadpool_postgres::PoolError> for ServerError {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        tracing::error!(error = %e, "postgres pool");
        ServerError::Busy
    }
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = if status.is_server_error() && matches!(self, ServerError::Internal(_)) {
            tracing::error!(error = %self, "request failed");
            "Lỗi máy chủ. Hãy thử lại sau.".to_string()
        } else {
            self.to_string()
        };
        let body = ApiError {
            code: self.code().into(),
            message,
            expected: match self {
                ServerError::Gap { expected } => Some(expected),
                _ => None,
            },
            received: match self {
                ServerError::BlobOffset { received } => Some(received),
                _ => None,
            },
        };
        (status, Json(body)).into_response()
    }
}
