//! The incoming register at the boundary.

use super::{DocLink, EventDto, iso, iso_opt};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use vanthu_core::calendar::{ItemState, WorkCalendar, item_state};
use vanthu_core::incoming::{IncomingAction, IncomingStatus, next_status};
use vanthu_local::attachments::Attachment;
use vanthu_local::incoming::{IncomingDocument, IncomingEvent};
use vanthu_local::signatures::AttachmentSignatures;

/// One line of the register table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct IncomingRow {
    pub id: String,
    /// Số đến as people write it: `5/2026`.
    pub arrival_ref: String,
    pub arrival_date: String,
    pub issuer: String,
    pub symbol: String,
    pub doc_date: String,
    pub doc_type: String,
    pub doc_type_name: String,
    pub summary: String,
    pub urgency: String,
    pub urgency_label: String,
    pub status: String,
    pub status_label: String,
    pub assignee: Option<String>,
    pub deadline: Option<String>,
    /// `not_due`, `due_soon`, `overdue`, `done_on_time`, `done_late`, `no_deadline`.
    pub deadline_state: String,
    pub deadline_state_label: String,
}

/// Judges deadlines for many rows with one calendar (building it per row would cost a query
/// and a holiday computation each).
pub struct DeadlineJudge {
    pub calendar: WorkCalendar,
    pub due_soon_days: u32,
    pub today: chrono::NaiveDate,
}

impl DeadlineJudge {
    pub fn load(
        conn: &rusqlite::Connection,
        today: chrono::NaiveDate,
    ) -> vanthu_local::Result<DeadlineJudge> {
        Ok(DeadlineJudge {
            calendar: vanthu_local::calendar::work_calendar_around(conn, today)?,
            due_soon_days: vanthu_local::calendar::due_soon_days(conn)?,
            today,
        })
    }

    pub fn state(&self, d: &IncomingDocument) -> ItemState {
        // A date outside the calendar's years cannot be judged; show it as without deadline
        // rather than failing the whole page.
        item_state(
            d.deadline,
            d.completed_on,
            self.today,
            self.due_soon_days,
            &self.calendar,
        )
        .unwrap_or(ItemState::NoDeadline)
    }

    pub fn row(&self, d: &IncomingDocument) -> IncomingRow {
        let state = self.state(d);
        IncomingRow {
            id: d.id.clone(),
            arrival_ref: d.arrival_ref(),
            arrival_date: iso(d.arrival_date),
            issuer: d.issuer.clone(),
            symbol: d.symbol.clone(),
            doc_date: iso(d.doc_date),
            doc_type: d.doc_type.code(),
            doc_type_name: d.doc_type.name_vi().into(),
            summary: d.summary.clone(),
            urgency: d.urgency.code().into(),
            urgency_label: d.urgency.label_vi().into(),
            status: d.status.code().into(),
            status_label: d.status.label_vi().into(),
            assignee: d.assignee.clone(),
            deadline: iso_opt(d.deadline),
            deadline_state: serde_json::to_value(state)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            deadline_state_label: state.label_vi().into(),
        }
    }
}

/// What the register screen asks for.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct IncomingQuery {
    /// Search text, with or without diacritics; empty lists the register.
    pub q: Option<String>,
    pub status: Option<String>,
    pub urgency: Option<String>,
    pub doc_type: Option<String>,
    pub year: Option<i32>,
    /// `overdue` or `due_soon`: the home screen's lists.
    pub view: Option<String>,
    pub offset: Option<u32>,
    pub limit: Option<u32>,
}

/// A page of the register.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct IncomingPageDto {
    pub items: Vec<IncomingRow>,
    pub offset: u32,
    pub limit: u32,
    pub has_more: bool,
}

/// The fast add form, as typed (dates dd/mm/yyyy; validated by the use case).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct IncomingForm {
    pub arrival_date: Option<String>,
    pub issuer: String,
    pub symbol: String,
    pub doc_date: String,
    pub doc_type: String,
    pub summary: String,
    pub urgency: Option<String>,
    pub recipient: Option<String>,
    pub signer: Option<String>,
    pub notes: Option<String>,
    /// The clerk confirmed the duplicate warning ("Vẫn đăng ký").
    pub allow_duplicate: bool,
}

/// A workflow step from the detail view.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct TransitionForm {
    /// submit | assign | reassign | extend | progress | done | file
    pub action: String,
    pub assignee: Option<String>,
    pub instructions: Option<String>,
    pub deadline: Option<String>,
    pub reason: Option<String>,
    pub note: Option<String>,
    pub result: Option<String>,
    /// Id or symbol of the outgoing reply, for `done`.
    pub reply: Option<String>,
}

/// A file attached to a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AttachmentDto {
    pub id: String,
    pub file_name: String,
    #[ts(type = "number")]
    pub size: i64,
    #[ts(type = "number")]
    pub added_at: i64,
    /// The last digital-signature check of a PDF; `None` for other files or never checked.
    pub signature: Option<SignatureCheckDto>,
}

impl From<Attachment> for AttachmentDto {
    fn from(a: Attachment) -> AttachmentDto {
        AttachmentDto {
            id: a.id,
            file_name: a.file_name,
            size: a.size,
            added_at: a.added_at,
            signature: None,
        }
    }
}

/// A PDF attachment's signature check as the detail view shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SignatureCheckDto {
    /// `valid`, `invalid`, `unknown_ca`, `malformed`, or `none` (not signed).
    pub status: String,
    /// One line in Vietnamese: "Hợp lệ", "Không có chữ ký số", "Không rõ CA" …
    pub summary: String,
    /// One line per signature: signer, issuing CA, claimed signing time, problems.
    pub signatures: Vec<String>,
    #[ts(type = "number")]
    pub checked_at: i64,
}

impl From<&AttachmentSignatures> for SignatureCheckDto {
    fn from(c: &AttachmentSignatures) -> SignatureCheckDto {
        let status = match (&c.error, c.status) {
            (Some(_), _) => "malformed",
            (None, Some(s)) => s.code(),
            (None, None) => "none",
        };
        let signatures = c
            .reports
            .iter()
            .map(|r| {
                let who = r.signer.as_ref().map(|n| n.display());
                let ca = r.issuer.as_ref().map(|n| n.display());
                let mut line = format!(
                    "{}: {}",
                    r.status.label_vi(),
                    who.unwrap_or_else(|| "không rõ người ký".into())
                );
                if let Some(ca) = ca {
                    line.push_str(&format!(" — CA: {ca}"));
                }
                if let Some(t) = r.claimed_signing_time.as_deref().and_then(vn_time) {
                    line.push_str(&format!(" — ký lúc {t} (theo máy người ký)"));
                }
                for p in &r.problems {
                    line.push_str(&format!(" — {p}"));
                }
                line
            })
            .collect();
        SignatureCheckDto {
            status: status.into(),
            summary: c.summary_vi(),
            signatures,
            checked_at: c.checked_at,
        }
    }
}

/// An RFC 3339 instant as dd/mm/yyyy hh:mm in Vietnam's time (UTC+7, no daylight saving).
fn vn_time(rfc3339: &str) -> Option<String> {
    let t = chrono::DateTime::parse_from_rfc3339(rfc3339).ok()?;
    let vn = chrono::FixedOffset::east_opt(7 * 3600)?;
    Some(t.with_timezone(&vn).format("%d/%m/%Y %H:%M").to_string())
}

/// The detail view: every column, the history, the files, the steps allowed now.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct IncomingDetail {
    pub row: IncomingRow,
    pub recipient: Option<String>,
    pub signer: Option<String>,
    pub notes: Option<String>,
    pub instructions: Option<String>,
    pub transfer_date: Option<String>,
    pub completed_on: Option<String>,
    pub result: Option<String>,
    pub category: String,
    pub reply: Option<DocLink>,
    pub history: Vec<EventDto>,
    pub attachments: Vec<AttachmentDto>,
    /// Codes of the workflow steps the core allows from the current status.
    pub actions: Vec<String>,
    /// The default deadline the unit's rules would give if assigned now (ISO), if any.
    pub default_deadline: Option<String>,
}

impl From<IncomingEvent> for EventDto {
    fn from(e: IncomingEvent) -> EventDto {
        EventDto {
            at: e.at,
            actor: e.actor,
            action: e.action,
            from_status: e.from_status.map(|s| s.code().to_string()),
            to_status: e.to_status.code().into(),
            to_status_label: e.to_status.label_vi().into(),
            note: e.note,
        }
    }
}

/// The steps the core's state machine accepts from `status`, asked of the core itself with
/// placeholder details so the UI never keeps its own copy of the rules.
pub fn allowed_actions(status: IncomingStatus) -> Vec<String> {
    let x = || "x".to_string();
    let day = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid date");
    let candidates = [
        ("submit", IncomingAction::Submit { note: None }),
        (
            "assign",
            IncomingAction::Assign {
                assignee: x(),
                instructions: None,
                deadline: None,
            },
        ),
        (
            "reassign",
            IncomingAction::Reassign {
                assignee: x(),
                reason: x(),
            },
        ),
        (
            "extend",
            IncomingAction::ExtendDeadline {
                deadline: day,
                reason: x(),
            },
        ),
        ("progress", IncomingAction::Progress { note: x() }),
        (
            "done",
            IncomingAction::Complete {
                result: x(),
                reply_outgoing_id: None,
            },
        ),
        ("file", IncomingAction::File { note: None }),
    ];
    candidates
        .into_iter()
        .filter(|(_, a)| next_status(status, a).is_ok())
        .map(|(code, _)| code.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_actions_follow_the_core() {
        assert_eq!(
            allowed_actions(IncomingStatus::Registered),
            ["submit", "assign", "file"]
        );
        assert_eq!(
            allowed_actions(IncomingStatus::Assigned),
            ["reassign", "extend", "progress", "done"]
        );
        assert!(allowed_actions(IncomingStatus::Done).is_empty());
    }
}
