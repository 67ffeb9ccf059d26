//! What reaches the UI when a command fails: `{code, message}` (design §6). The UI picks its
//! wording by `code`; `message` is the library's Vietnamese text, shown as is.

use serde::Serialize;
use ts_rs::TS;
use vanthu_local::LocalError;

/// A command's failure as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AppError {
    /// Stable machine-readable code (`duplicate`, `missing_field`, `not_set_up`, `storage` …).
    pub code: String,
    /// Vietnamese message for people.
    pub message: String,
}

impl AppError {
    pub fn new(code: &str, message: impl Into<String>) -> AppError {
        AppError {
            code: code.into(),
            message: message.into(),
        }
    }

    /// A failure of the shell itself (a thread that died, a dialog that failed).
    pub fn internal(message: impl std::fmt::Display) -> AppError {
        AppError::new("internal", format!("Lỗi của ứng dụng: {message}"))
    }
}

impl From<LocalError> for AppError {
    fn from(e: LocalError) -> AppError {
        if !e.is_refusal() {
            // Machine failures go to the log with their detail; refusals are ordinary use.
            tracing::error!(code = e.code(), error = %e, "use case failed");
        }
        AppError::new(e.code(), e.to_string())
    }
}

impl From<vanthu_core::CoreError> for AppError {
    fn from(e: vanthu_core::CoreError) -> AppError {
        LocalError::from(e).into()
    }
}

/// Result of every command.
pub type CmdResult<T> = Result<T, AppError>;
