//! Sync with the province as the UI sees it: the state of the background sync (Đồng bộ screen),
//! the enrolment form and the documents the province sent down (Home's inbox).

use crate::error::AppError;
use crate::sync_loop::LoopState;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use vanthu_local::sync::{InboxItem, LocalSyncStatus};
use vanthu_sync::{Phase, SyncStatus};

/// The Đồng bộ screen's state. The persisted part comes from the store (true after a restart),
/// the live part (phase, progress, error of this run) from the engine's memory.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SyncStateDto {
    /// Whether this laptop is enrolled with the province ("đã thiết lập").
    pub enrolled: bool,
    pub server_url: Option<String>,
    pub unit_name: Option<String>,
    pub unit_code: Option<String>,
    #[ts(type = "number | null")]
    pub last_success_at: Option<i64>,
    #[ts(type = "number | null")]
    pub last_attempt_at: Option<i64>,
    /// Changes made here and not yet acknowledged by the province.
    #[ts(type = "number")]
    pub pending: i64,
    /// A round is running now.
    pub busy: bool,
    /// `idle`, `connecting`, `pushing`, `uploading`, `pulling`, `downloading`, `waiting`.
    pub phase: String,
    /// What it is doing, in Vietnamese ("Đang gửi 120/500 thay đổi").
    pub phase_label: String,
    /// Progress of the current step as a fraction, when the total is known.
    pub progress: Option<f64>,
    /// When the next automatic try is due after a failure.
    #[ts(type = "number | null")]
    pub retry_at: Option<i64>,
    /// The last failure, in plain Vietnamese.
    pub last_error: Option<AppError>,
    /// Technical detail of the last failure (for the person who helps over the phone).
    pub error_detail: Option<String>,
    pub clock_warning: Option<String>,
    #[ts(type = "number")]
    pub conflicts: i64,
    #[ts(type = "number")]
    pub inbox_waiting: i64,
}

/// The enrolment form: the province's server address and the one-time code read out over the
/// phone.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct EnrolForm {
    pub server_url: String,
    pub code: String,
}

/// One attachment of a province document.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct InboxFileDto {
    pub file_name: String,
    #[ts(type = "number")]
    pub size: i64,
}

/// A document the province sent down, waiting to be registered ("Văn bản tỉnh gửi xuống").
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct InboxItemDto {
    pub id: String,
    pub issuer: String,
    pub symbol: String,
    /// `yyyy-mm-dd`.
    pub doc_date: String,
    pub doc_type: String,
    pub summary: String,
    pub urgency: Option<String>,
    pub deadline: Option<String>,
    #[ts(type = "number")]
    pub received_at: i64,
    pub attachments: Vec<InboxFileDto>,
    /// Every attachment has been downloaded (registering needs them).
    pub attachments_ready: bool,
}

impl From<InboxItem> for InboxItemDto {
    fn from(i: InboxItem) -> InboxItemDto {
        let d = i.document;
        InboxItemDto {
            id: d.id,
            issuer: d.issuer,
            symbol: d.symbol,
            doc_date: d.doc_date,
            doc_type: d.doc_type,
            summary: d.summary,
            urgency: d.urgency,
            deadline: d.deadline,
            received_at: i.received_at,
            attachments: d
                .attachments
                .into_iter()
                .map(|a| InboxFileDto {
                    file_name: a.file_name,
                    size: a.size,
                })
                .collect(),
            attachments_ready: i.attachments_ready,
        }
    }
}

/// What registering an inbox document gave.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct InboxRegisteredDto {
    /// The new incoming document.
    pub id: String,
    /// Its số đến, `5/2026`.
    pub arrival_ref: String,
    pub attachments: u32,
}

const NETWORK_PLAIN: &str = "Không kết nối được máy chủ của tỉnh. Hãy kiểm tra mạng và địa chỉ máy chủ. Dữ liệu vẫn an toàn trên máy; VanThu sẽ tự thử lại.";

/// A sync failure in plain Vietnamese, with the technical detail apart: a network failure's
/// message carries the HTTP library's English text, which means nothing to a clerk.
pub fn plain_error(code: &str, message: &str) -> (AppError, Option<String>) {
    let network = code == "network" || message.starts_with("Không kết nối được máy chủ");
    if network {
        (
            AppError::new("network", NETWORK_PLAIN),
            Some(message.to_string()),
        )
    } else {
        (AppError::new(code, message), None)
    }
}

/// What a phase means, in Vietnamese, and its progress when the total is known.
pub fn phase_text(phase: &Phase) -> (&'static str, String, Option<f64>) {
    let mb = |b: i64| format!("{:.1}", b as f64 / 1_048_576.0).replace('.', ",");
    match phase {
        Phase::Idle => ("idle", "Đang chờ".into(), None),
        Phase::Connecting => ("connecting", "Đang kết nối máy chủ của tỉnh…".into(), None),
        Phase::Pushing { sent, total } => (
            "pushing",
            format!("Đang gửi thay đổi: {sent}/{total}"),
            (*total > 0).then(|| (*sent as f64 / *total as f64).min(1.0)),
        ),
        Phase::Uploading { bytes } => (
            "uploading",
            format!("Đang tải tệp đính kèm lên: {} MB", mb(*bytes)),
            None,
        ),
        Phase::Pulling { received } => (
            "pulling",
            format!("Đang nhận dữ liệu mới: {received} thay đổi"),
            None,
        ),
        Phase::Downloading { bytes } => (
            "downloading",
            format!("Đang tải tệp đính kèm về: {} MB", mb(*bytes)),
            None,
        ),
        Phase::Waiting { .. } => ("waiting", "Chờ thử lại".into(), None),
    }
}

impl SyncStateDto {
    /// Joins the stored summary with the engine's live state (absent when the loop is not
    /// running, e.g. during a restore).
    pub fn new(local: LocalSyncStatus, live: Option<(SyncStatus, LoopState)>) -> SyncStateDto {
        let (engine, state) = match live {
            Some((e, s)) => (Some(e), s),
            None => (None, LoopState::default()),
        };
        let phase = engine
            .as_ref()
            .map(|e| e.phase.clone())
            .unwrap_or(Phase::Idle);
        let (mut code, mut label, progress) = phase_text(&phase);
        if code == "idle" && state.retry_at.is_some() {
            (code, label) = ("waiting", "Chờ thử lại".into());
        }
        // The live error of this run, else the one stored by the last run.
        let error = engine
            .as_ref()
            .and_then(|e| e.last_error.clone())
            .map(|e| (e.code, e.message))
            .or_else(|| {
                local
                    .last_error
                    .clone()
                    .map(|m| ("previous".to_string(), m))
            });
        let (last_error, error_detail) = match error {
            Some((c, m)) => {
                let (e, d) = plain_error(&c, &m);
                (Some(e), d)
            }
            None => (None, None),
        };
        SyncStateDto {
            enrolled: local.enrolled,
            server_url: local.server_url,
            unit_name: local.unit_name,
            unit_code: local.unit_code,
            last_success_at: local.last_success_at,
            last_attempt_at: local.last_attempt_at,
            pending: local.pending,
            busy: state.busy,
            phase: code.into(),
            phase_label: label,
            progress,
            retry_at: state.retry_at,
            last_error: if local.enrolled { last_error } else { None },
            error_detail: if local.enrolled { error_detail } else { None },
            clock_warning: local.clock_warning,
            conflicts: local.conflicts,
            inbox_waiting: local.inbox_waiting,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_errors_read_plainly_and_keep_the_detail() {
        let (e, detail) = plain_error(
            "network",
            "Không kết nối được máy chủ của tỉnh (error sending request). Dữ liệu vẫn an toàn trên máy; sẽ tự thử lại.",
        );
        assert_eq!(e.code, "network");
        assert!(!e.message.contains("error sending"));
        assert!(detail.unwrap().contains("error sending request"));
        let (e, detail) = plain_error("enrol_code_used", "Mã đăng ký này đã được sử dụng.");
        assert_eq!(e.message, "Mã đăng ký này đã được sử dụng.");
        assert!(detail.is_none());
    }

    #[test]
    fn pushing_reports_its_fraction() {
        let (code, label, progress) = phase_text(&Phase::Pushing {
            sent: 250,
            total: 1000,
        });
        assert_eq!(code, "pushing");
        assert_eq!(label, "Đang gửi thay đổi: 250/1000");
        assert_eq!(progress, Some(0.25));
        let (_, label, _) = phase_text(&Phase::Uploading {
            bytes: 3 * 1_048_576 / 2,
        });
        assert_eq!(label, "Đang tải tệp đính kèm lên: 1,5 MB");
    }
}
