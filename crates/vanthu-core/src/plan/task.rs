//! A plan task (nhiệm vụ) and its progress. "5 rõ": clear task, person, responsibility, result
//! and time — the fields a task must carry.

use crate::CoreError;
use serde::{Deserialize, Serialize};

/// Where a task stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    NotStarted,
    InProgress,
    Done,
}

impl TaskStatus {
    pub fn code(self) -> &'static str {
        match self {
            TaskStatus::NotStarted => "not_started",
            TaskStatus::InProgress => "in_progress",
            TaskStatus::Done => "done",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            TaskStatus::NotStarted => "Chưa thực hiện",
            TaskStatus::InProgress => "Đang thực hiện",
            TaskStatus::Done => "Hoàn thành",
        }
    }

    pub fn parse(input: &str) -> Result<TaskStatus, CoreError> {
        let key = crate::text::fold(input).replace([' ', '-'], "_");
        [
            TaskStatus::NotStarted,
            TaskStatus::InProgress,
            TaskStatus::Done,
        ]
        .into_iter()
        .find(|s| s.code() == key)
        .ok_or_else(|| CoreError::InvalidField {
            field: "trạng thái nhiệm vụ",
            reason: format!(
                "\"{}\" không hợp lệ (not_started, in_progress, done)",
                input.trim()
            ),
        })
    }
}

/// The status after reporting `percent` progress on a task now in `current`.
///
/// Progress may move down as well as up (a correction), but a finished task is closed: it must
/// be reopened explicitly, so a stray update cannot silently undo a reported result.
pub fn progress_status(current: TaskStatus, percent: i64) -> Result<TaskStatus, CoreError> {
    if !(0..=100).contains(&percent) {
        return Err(CoreError::InvalidField {
            field: "tiến độ",
            reason: format!("{percent} % nằm ngoài khoảng 0–100"),
        });
    }
    if current == TaskStatus::Done {
        return Err(CoreError::InvalidTransition {
            state: current.label_vi().into(),
            action: "cập nhật tiến độ".into(),
        });
    }
    Ok(match percent {
        0 => TaskStatus::NotStarted,
        100 => TaskStatus::Done,
        _ => TaskStatus::InProgress,
    })
}
