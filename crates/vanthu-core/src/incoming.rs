//! The processing workflow of an incoming document (NĐ 30 Art. 20) as an explicit state machine.
//!
//! registered → submitted (trình) → assigned (chuyển giao, with instructions and a deadline) →
//! in progress (progress notes) → done (result, optional reply), or filed for information (lưu).
//! Every accepted step becomes an appended event; the current status is derived from them.

use crate::CoreError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where an incoming document stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncomingStatus {
    Registered,
    Submitted,
    Assigned,
    InProgress,
    Done,
    Filed,
}

impl IncomingStatus {
    pub const ALL: [IncomingStatus; 6] = [
        IncomingStatus::Registered,
        IncomingStatus::Submitted,
        IncomingStatus::Assigned,
        IncomingStatus::InProgress,
        IncomingStatus::Done,
        IncomingStatus::Filed,
    ];

    /// The stable code, as stored and serialised.
    pub fn code(self) -> &'static str {
        match self {
            IncomingStatus::Registered => "registered",
            IncomingStatus::Submitted => "submitted",
            IncomingStatus::Assigned => "assigned",
            IncomingStatus::InProgress => "in_progress",
            IncomingStatus::Done => "done",
            IncomingStatus::Filed => "filed",
        }
    }

    /// Vietnamese label for people.
    pub fn label_vi(self) -> &'static str {
        match self {
            IncomingStatus::Registered => "Đã đăng ký",
            IncomingStatus::Submitted => "Đã trình lãnh đạo",
            IncomingStatus::Assigned => "Đã chuyển giao",
            IncomingStatus::InProgress => "Đang xử lý",
            IncomingStatus::Done => "Đã hoàn thành",
            IncomingStatus::Filed => "Lưu, không cần xử lý",
        }
    }

    /// Reads a stored code (or a Vietnamese label, folded).
    pub fn parse(input: &str) -> Result<IncomingStatus, CoreError> {
        let key = crate::text::fold(input).replace([' ', '-'], "_");
        IncomingStatus::ALL
            .into_iter()
            .find(|s| s.code() == key || crate::text::fold(s.label_vi()).replace(' ', "_") == key)
            .ok_or_else(|| CoreError::InvalidField {
                field: "trạng thái",
                reason: format!("\"{}\" không phải trạng thái văn bản đến", input.trim()),
            })
    }

    /// Whether work on the document is finished (done or filed).
    pub fn is_closed(self) -> bool {
        matches!(self, IncomingStatus::Done | IncomingStatus::Filed)
    }
}

/// One requested step. Free text is already normalised by the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum IncomingAction {
    /// Trình lãnh đạo.
    Submit { note: Option<String> },
    /// Chuyển giao: a person, instructions (ý kiến chỉ đạo) and a deadline.
    Assign {
        assignee: String,
        instructions: Option<String>,
        deadline: Option<NaiveDate>,
    },
    /// Giao lại cho người khác; a reason is required.
    Reassign { assignee: String, reason: String },
    /// Gia hạn; a reason is required.
    ExtendDeadline { deadline: NaiveDate, reason: String },
    /// Cập nhật tiến độ.
    Progress { note: String },
    /// Hoàn thành, with the result and optionally the outgoing reply's id.
    Complete {
        result: String,
        reply_outgoing_id: Option<String>,
    },
    /// Lưu để biết, không cần xử lý.
    File { note: Option<String> },
}

impl IncomingAction {
    /// The stable code of the action, as stored in events.
    pub fn code(&self) -> &'static str {
        match self {
            IncomingAction::Submit { .. } => "submit",
            IncomingAction::Assign { .. } => "assign",
            IncomingAction::Reassign { .. } => "reassign",
            IncomingAction::ExtendDeadline { .. } => "extend_deadline",
            IncomingAction::Progress { .. } => "progress",
            IncomingAction::Complete { .. } => "complete",
            IncomingAction::File { .. } => "file",
        }
    }

    /// What the action is called in Vietnamese ("không thể {verb} khi …").
    pub fn verb_vi(&self) -> &'static str {
        match self {
            IncomingAction::Submit { .. } => "trình lãnh đạo",
            IncomingAction::Assign { .. } => "chuyển giao xử lý",
            IncomingAction::Reassign { .. } => "giao lại người xử lý",
            IncomingAction::ExtendDeadline { .. } => "gia hạn",
            IncomingAction::Progress { .. } => "cập nhật tiến độ",
            IncomingAction::Complete { .. } => "đánh dấu hoàn thành",
            IncomingAction::File { .. } => "lưu không cần xử lý",
        }
    }
}

/// The status after `action`, or a refusal naming the state and the action.
///
/// Assignment is allowed straight from `Registered` because a leader often directs a document
/// on first sight without a separate "trình" step; reassignment puts a document back to
/// `Assigned` since the new handler has not started yet.
pub fn next_status(
    current: IncomingStatus,
    action: &IncomingAction,
) -> Result<IncomingStatus, CoreError> {
    use IncomingAction as A;
    use IncomingStatus as S;
    let next = match (current, action) {
        (S::Registered, A::Submit { .. }) => S::Submitted,
        (S::Registered | S::Submitted, A::Assign { .. }) => S::Assigned,
        (S::Registered | S::Submitted, A::File { .. }) => S::Filed,
        (S::Assigned | S::InProgress, A::Reassign { .. }) => S::Assigned,
        (S::Assigned | S::InProgress, A::ExtendDeadline { .. }) => current,
        (S::Assigned | S::InProgress, A::Progress { .. }) => S::InProgress,
        (S::Assigned | S::InProgress, A::Complete { .. }) => S::Done,
        _ => {
            return Err(CoreError::InvalidTransition {
                state: current.label_vi().to_string(),
                action: action.verb_vi().to_string(),
            });
        }
    };
    validate(action)?;
    Ok(next)
}

fn validate(action: &IncomingAction) -> Result<(), CoreError> {
    let empty = |s: &str| s.trim().is_empty();
    match action {
        IncomingAction::Assign { assignee, .. } | IncomingAction::Reassign { assignee, .. }
            if empty(assignee) =>
        {
            Err(CoreError::MissingField {
                field: "người xử lý",
            })
        }
        IncomingAction::Reassign { reason, .. } | IncomingAction::ExtendDeadline { reason, .. }
            if empty(reason) =>
        {
            Err(CoreError::MissingField { field: "lý do" })
        }
        IncomingAction::Progress { note } if empty(note) => Err(CoreError::MissingField {
            field: "nội dung tiến độ",
        }),
        IncomingAction::Complete { result, .. } if empty(result) => Err(CoreError::MissingField {
            field: "kết quả xử lý",
        }),
        _ => Ok(()),
    }
}
