//! The life of an outgoing document (NĐ 30 Art. 10–14) as an explicit state machine:
//! draft → submitted for approval → approved or returned → signed → issued (number assigned)
//! → sent (recipients, copies, transfer date).

use crate::CoreError;
use serde::{Deserialize, Serialize};

/// Where an outgoing document stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutgoingStatus {
    Draft,
    Submitted,
    Approved,
    Returned,
    Signed,
    Issued,
    Sent,
}

impl OutgoingStatus {
    pub const ALL: [OutgoingStatus; 7] = [
        OutgoingStatus::Draft,
        OutgoingStatus::Submitted,
        OutgoingStatus::Approved,
        OutgoingStatus::Returned,
        OutgoingStatus::Signed,
        OutgoingStatus::Issued,
        OutgoingStatus::Sent,
    ];

    /// The stable code, as stored and serialised.
    pub fn code(self) -> &'static str {
        match self {
            OutgoingStatus::Draft => "draft",
            OutgoingStatus::Submitted => "submitted",
            OutgoingStatus::Approved => "approved",
            OutgoingStatus::Returned => "returned",
            OutgoingStatus::Signed => "signed",
            OutgoingStatus::Issued => "issued",
            OutgoingStatus::Sent => "sent",
        }
    }

    /// Vietnamese label for people.
    pub fn label_vi(self) -> &'static str {
        match self {
            OutgoingStatus::Draft => "Dự thảo",
            OutgoingStatus::Submitted => "Đã trình duyệt",
            OutgoingStatus::Approved => "Đã duyệt",
            OutgoingStatus::Returned => "Trả lại để sửa",
            OutgoingStatus::Signed => "Đã ký",
            OutgoingStatus::Issued => "Đã cấp số, ban hành",
            OutgoingStatus::Sent => "Đã gửi",
        }
    }

    /// Reads a stored code.
    pub fn parse(input: &str) -> Result<OutgoingStatus, CoreError> {
        let key = crate::text::fold(input).replace([' ', '-'], "_");
        OutgoingStatus::ALL
            .into_iter()
            .find(|s| s.code() == key)
            .ok_or_else(|| CoreError::InvalidField {
                field: "trạng thái",
                reason: format!("\"{}\" không phải trạng thái văn bản đi", input.trim()),
            })
    }
}

/// One requested step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutgoingAction {
    /// Trình duyệt (also re-submission after a return).
    Submit,
    /// Duyệt.
    Approve,
    /// Trả lại để sửa (a reason is required by the use case).
    Return,
    /// Ký.
    Sign,
    /// Cấp số, ban hành.
    Issue,
    /// Phát hành, gửi đi.
    Send,
}

impl OutgoingAction {
    /// Stable code as stored in events.
    pub fn code(self) -> &'static str {
        match self {
            OutgoingAction::Submit => "submit",
            OutgoingAction::Approve => "approve",
            OutgoingAction::Return => "return",
            OutgoingAction::Sign => "sign",
            OutgoingAction::Issue => "issue",
            OutgoingAction::Send => "send",
        }
    }

    /// Parses a code (as typed on the command line).
    pub fn parse(input: &str) -> Result<OutgoingAction, CoreError> {
        let all = [
            OutgoingAction::Submit,
            OutgoingAction::Approve,
            OutgoingAction::Return,
            OutgoingAction::Sign,
            OutgoingAction::Issue,
            OutgoingAction::Send,
        ];
        let key = crate::text::fold(input);
        all.into_iter()
            .find(|a| a.code() == key)
            .ok_or_else(|| CoreError::InvalidField {
                field: "thao tác",
                reason: format!("\"{}\" không phải thao tác văn bản đi", input.trim()),
            })
    }

    fn verb_vi(self) -> &'static str {
        match self {
            OutgoingAction::Submit => "trình duyệt",
            OutgoingAction::Approve => "duyệt",
            OutgoingAction::Return => "trả lại",
            OutgoingAction::Sign => "ký",
            OutgoingAction::Issue => "cấp số, ban hành",
            OutgoingAction::Send => "gửi",
        }
    }
}

/// The status after `action`, or a refusal naming the state and the action.
pub fn next_status(
    current: OutgoingStatus,
    action: OutgoingAction,
) -> Result<OutgoingStatus, CoreError> {
    use OutgoingAction as A;
    use OutgoingStatus as S;
    Ok(match (current, action) {
        (S::Draft | S::Returned, A::Submit) => S::Submitted,
        (S::Submitted, A::Approve) => S::Approved,
        (S::Submitted, A::Return) => S::Returned,
        (S::Approved, A::Sign) => S::Signed,
        (S::Signed, A::Issue) => S::Issued,
        (S::Issued, A::Send) => S::Sent,
        _ => {
            return Err(CoreError::InvalidTransition {
                state: current.label_vi().to_string(),
                action: action.verb_vi().to_string(),
            });
        }
    })
}
