//! Moving an incoming document through its workflow. The core decides whether a step is
//! allowed; this applies it: one appended event, the cached columns updated, outbox entries.

use super::query::{get_incoming, resolve_ref};
use super::record::{IncomingDocument, IncomingEvent};
use crate::calendar::{deadline_rules, work_calendar_around};
use crate::outbox::{self, Op};
use crate::{Context, Result};
use rusqlite::Transaction;
use serde::Deserialize;
use vanthu_core::CoreError;
use vanthu_core::incoming::{IncomingAction, next_status};
use vanthu_core::text::{normalize_block, optional_line, required_line};
use vanthu_core::time::parse_date;

/// A requested step as raw text from a form or the command line.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TransitionInput {
    /// submit | assign | reassign | extend | progress | done | file
    pub action: String,
    pub assignee: Option<String>,
    pub instructions: Option<String>,
    pub deadline: Option<String>,
    pub reason: Option<String>,
    pub note: Option<String>,
    pub result: Option<String>,
    /// The outgoing reply that answers the document (id), for `done`.
    pub reply: Option<String>,
}

fn block(field: &'static str, v: Option<&str>) -> Result<Option<String>, CoreError> {
    Ok(match v {
        Some(s) => Some(normalize_block(field, s)?).filter(|s| !s.is_empty()),
        None => None,
    })
}

fn text(field: &'static str, v: Option<&str>) -> Result<String, CoreError> {
    required_line(field, v.unwrap_or(""))
}

/// Turns the raw input into a domain action, naming the field that is wrong.
fn to_action(input: &TransitionInput) -> Result<IncomingAction, CoreError> {
    let deadline = |required: bool| -> Result<Option<chrono::NaiveDate>, CoreError> {
        match input.deadline.as_deref().map(str::trim) {
            Some(s) if !s.is_empty() => parse_date("thời hạn", s).map(Some),
            _ if required => Err(CoreError::MissingField {
                field: "thời hạn"
            }),
            _ => Ok(None),
        }
    };
    Ok(match vanthu_core::text::fold(&input.action).as_str() {
        "submit" | "trinh" => IncomingAction::Submit {
            note: block("ghi chú", input.note.as_deref())?,
        },
        "assign" | "chuyen giao" | "giao" => IncomingAction::Assign {
            assignee: text("người xử lý", input.assignee.as_deref())?,
            instructions: block("ý kiến chỉ đạo", input.instructions.as_deref())?,
            deadline: deadline(false)?,
        },
        "reassign" | "giao lai" => IncomingAction::Reassign {
            assignee: text("người xử lý", input.assignee.as_deref())?,
            reason: text("lý do", input.reason.as_deref())?,
        },
        "extend" | "extend_deadline" | "gia han" => IncomingAction::ExtendDeadline {
            deadline: deadline(true)?.expect("required"),
            reason: text("lý do", input.reason.as_deref())?,
        },
        "progress" | "tien do" => IncomingAction::Progress {
            note: required_line("nội dung tiến độ", input.note.as_deref().unwrap_or(""))?,
        },
        "done" | "complete" | "hoan thanh" => IncomingAction::Complete {
            result: text("kết quả xử lý", input.result.as_deref())?,
            reply_outgoing_id: optional_line("văn bản trả lời", input.reply.as_deref())?,
        },
        "file" | "luu" => IncomingAction::File {
            note: block("ghi chú", input.note.as_deref())?,
        },
        other => {
            return Err(CoreError::InvalidField {
                field: "thao tác",
                reason: format!(
                    "\"{other}\" không phải thao tác hợp lệ (submit, assign, reassign, extend, progress, done, file)"
                ),
            });
        }
    })
}

/// Applies one workflow step to the document named by `reference` (id or `số đến/năm`).
pub fn transition_incoming(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    reference: &str,
    input: &TransitionInput,
) -> Result<IncomingDocument> {
    let action = to_action(input)?;
    let id = resolve_ref(tx, reference)?;
    let doc = get_incoming(tx, &id)?;
    let to = next_status(doc.status, &action)?;
    match &action {
        IncomingAction::Submit { .. } | IncomingAction::File { .. } => {
            crate::accounts::require(tx, ctx, vanthu_core::authz::Permission::RouteIncoming)?
        }
        IncomingAction::Assign { .. }
        | IncomingAction::Reassign { .. }
        | IncomingAction::ExtendDeadline { .. } => {
            crate::accounts::require(tx, ctx, vanthu_core::authz::Permission::AssignWork)?
        }
        IncomingAction::Progress { .. } | IncomingAction::Complete { .. } => {
            crate::accounts::require_handler(tx, ctx, doc.assignee.as_deref())?
        }
    }
    let today = ctx.clock.today();
    // Without the leader's own deadline, the unit's rule for the group of work and urgency
    // applies, counted in working days from the day of arrival.
    let action = match action {
        IncomingAction::Assign {
            assignee,
            instructions,
            deadline: None,
        } => {
            let calendar = work_calendar_around(tx, today)?;
            let deadline = deadline_rules(tx)?.default_deadline(
                &doc.category,
                doc.urgency,
                doc.arrival_date,
                &calendar,
            )?;
            IncomingAction::Assign {
                assignee,
                instructions,
                deadline,
            }
        }
        other => other,
    };
    if let IncomingAction::ExtendDeadline { deadline, .. } = &action
        && doc.deadline.is_some_and(|d| *deadline <= d)
    {
        return Err(CoreError::InvalidField {
            field: "thời hạn",
            reason: "thời hạn gia hạn phải sau thời hạn hiện tại".into(),
        }
        .into());
    }
    let reply_id = match &action {
        IncomingAction::Complete {
            reply_outgoing_id: Some(r),
            ..
        } => Some(crate::outgoing::resolve_outgoing_ref(tx, r)?),
        _ => None,
    };
    let now = ctx.clock.now_ms();
    let (note, data) = describe(&action, doc.deadline);
    match &action {
        IncomingAction::Assign {
            assignee,
            instructions,
            deadline,
        } => crate::store::exec(
            tx,
            "UPDATE incoming_documents SET assignee = ?2, instructions = ?3,
                 deadline = coalesce(?4, deadline), transfer_date = coalesce(transfer_date, ?5),
                 recipient = coalesce(recipient, ?2) WHERE id = ?1",
            rusqlite::params![id, assignee, instructions, deadline, today],
        )?,
        IncomingAction::Reassign { assignee, .. } => crate::store::exec(
            tx,
            "UPDATE incoming_documents SET assignee = ?2 WHERE id = ?1",
            rusqlite::params![id, assignee],
        )?,
        IncomingAction::ExtendDeadline { deadline, .. } => crate::store::exec(
            tx,
            "UPDATE incoming_documents SET deadline = ?2 WHERE id = ?1",
            rusqlite::params![id, deadline],
        )?,
        IncomingAction::Complete { result, .. } => crate::store::exec(
            tx,
            "UPDATE incoming_documents SET result = ?2, reply_outgoing_id = ?3, completed_on = ?4
             WHERE id = ?1",
            rusqlite::params![id, result, reply_id, today],
        )?,
        IncomingAction::File { .. } => crate::store::exec(
            tx,
            "UPDATE incoming_documents SET completed_on = ?2 WHERE id = ?1",
            rusqlite::params![id, today],
        )?,
        IncomingAction::Submit { .. } | IncomingAction::Progress { .. } => 0,
    };
    crate::store::exec(
        tx,
        "UPDATE incoming_documents SET status = ?2, last_update_at = ?3, updated_at = ?3,
             version = version + 1 WHERE id = ?1",
        rusqlite::params![id, to.code(), now],
    )?;
    let event = IncomingEvent {
        id: ctx.new_id(),
        document_id: id.clone(),
        at: now,
        actor: ctx.actor.to_string(),
        action: action.code().to_string(),
        from_status: Some(doc.status),
        to_status: to,
        note,
        data,
    };
    event.insert(tx)?;
    let updated = get_incoming(tx, &id)?;
    outbox::record(tx, ctx, "incoming_document", &id, Op::Upsert, &updated)?;
    outbox::record(tx, ctx, "incoming_event", &event.id, Op::Append, &event)?;
    Ok(updated)
}

/// The event's readable note and structured data (kept so history can be replayed).
fn describe(
    action: &IncomingAction,
    old_deadline: Option<chrono::NaiveDate>,
) -> (Option<String>, serde_json::Value) {
    use serde_json::json;
    match action {
        IncomingAction::Submit { note } | IncomingAction::File { note } => {
            (note.clone(), json!({}))
        }
        IncomingAction::Assign {
            assignee,
            instructions,
            deadline,
        } => (
            instructions.clone(),
            json!({ "assignee": assignee, "deadline": deadline }),
        ),
        IncomingAction::Reassign { assignee, reason } => {
            (Some(reason.clone()), json!({ "assignee": assignee }))
        }
        IncomingAction::ExtendDeadline { deadline, reason } => (
            Some(reason.clone()),
            json!({ "deadline": deadline, "previous_deadline": old_deadline }),
        ),
        IncomingAction::Progress { note } => (Some(note.clone()), json!({})),
        IncomingAction::Complete {
            result,
            reply_outgoing_id,
        } => (Some(result.clone()), json!({ "reply": reply_outgoing_id })),
    }
}
