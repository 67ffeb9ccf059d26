//! The sync engine's one error type: `code()` for the UI, Vietnamese `Display` for people.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum SyncError {
    /// The local store failed or refused.
    #[error(transparent)]
    Local(#[from] vanthu_local::LocalError),
    /// No connection, a timeout, a reset: retried with backoff.
    #[error(
        "Không kết nối được máy chủ của tỉnh ({0}). Dữ liệu vẫn an toàn trên máy; sẽ tự thử lại."
    )]
    Network(String),
    /// The server refused with `{code, message}`.
    #[error("{message}")]
    Server {
        status: u16,
        code: String,
        message: String,
    },
    /// The server answered something this version cannot read.
    #[error("Máy chủ trả lời không đúng giao thức: {0}")]
    Protocol(String),
    /// The server has fewer of this device's changes than it acknowledged before (restored
    /// from an old backup): they are no longer in the outbox to resend.
    #[error(
        "Máy chủ của tỉnh thiếu các thay đổi từ số {expected} mà trước đây đã xác nhận (có thể máy chủ được khôi phục từ bản sao lưu cũ). Hãy báo tỉnh; dữ liệu trên máy này vẫn đầy đủ."
    )]
    ServerLostChanges { expected: i64 },
    /// The store was restored from a backup: its device identity was retired (see
    /// `vanthu_local::backup::restore_backup`) and a new one-time code is needed.
    #[error(
        "Dữ liệu trên máy này vừa được khôi phục từ bản sao lưu: hãy đăng ký lại máy với mã mới do tỉnh cấp để đồng bộ tiếp. Các thay đổi chưa gửi vẫn được giữ và sẽ gửi sau khi đăng ký lại."
    )]
    NeedsReEnrolment,
    /// A downloaded attachment did not match its hash.
    #[error("Tệp đính kèm tải về bị hỏng (sai mã SHA-256); sẽ tải lại.")]
    BlobCorrupt,
}

impl SyncError {
    pub fn code(&self) -> String {
        match self {
            SyncError::Local(e) => e.code().to_string(),
            SyncError::Network(_) => "network".into(),
            SyncError::Server { code, .. } => code.clone(),
            SyncError::Protocol(_) => "protocol".into(),
            SyncError::ServerLostChanges { .. } => "server_lost_changes".into(),
            SyncError::BlobCorrupt => "blob_corrupt".into(),
            SyncError::NeedsReEnrolment => "needs_reenrolment".into(),
        }
    }

    /// Whether trying again later may succeed (network, server busy or failing).
    pub fn is_retryable(&self) -> bool {
        match self {
            SyncError::Network(_) | SyncError::BlobCorrupt => true,
            SyncError::Server { status, .. } => *status >= 500 || *status == 409 || *status == 429,
            SyncError::Local(e) => !e.is_refusal(),
            SyncError::Protocol(_)
            | SyncError::ServerLostChanges { .. }
            | SyncError::NeedsReEnrolment => false,
        }
    }
}

impl From<reqwest::Error> for SyncError {
    fn from(e: reqwest::Error) -> Self {
        SyncError::Network(e.without_url().to_string())
    }
}
