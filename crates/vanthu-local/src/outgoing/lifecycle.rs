//! Creating an outgoing document and moving it through approval, signing, issue and sending.
//! The number is taken only at issue, from the unit's yearly series, so drafts that are
//! abandoned never leave holes in the register.

use super::query::{get_outgoing, resolve_outgoing_ref};
use super::record::{OutgoingDocument, OutgoingEvent};
use crate::incoming::resolve_ref;
use crate::outbox::{self, Op};
use crate::unit::require_unit;
use crate::{Context, Result, numbering};
use chrono::Datelike;
use rusqlite::Transaction;
use serde::Deserialize;
use vanthu_core::CoreError;
use vanthu_core::doc_type::DocumentType;
use vanthu_core::outgoing::{OutgoingAction, OutgoingStatus, next_status};
use vanthu_core::symbol::{SymbolSpec, compose_symbol};
use vanthu_core::text::{fold, normalize_block, optional_line, required_line};
use vanthu_core::time::parse_date;

/// A new draft, as raw text.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OutgoingInput {
    pub doc_type: String,
    pub summary: String,
    /// Defaults to the acting person.
    pub drafter: Option<String>,
    pub signer: Option<String>,
    /// The incoming document it answers (id or `số đến/năm`).
    pub reply_to: Option<String>,
    pub notes: Option<String>,
    #[serde(default)]
    pub normative: bool,
    pub drafting_unit: Option<String>,
}

/// Creates a draft.
pub fn create_outgoing(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    input: &OutgoingInput,
) -> Result<OutgoingDocument> {
    crate::accounts::require(tx, ctx, vanthu_core::authz::Permission::Draft)?;
    let doc_type = DocumentType::parse(&input.doc_type)?;
    let summary = required_line("trích yếu", &input.summary)?;
    let drafter = optional_line("người soạn thảo", input.drafter.as_deref())?
        .or_else(|| Some(ctx.actor.to_string()));
    let signer = optional_line("người ký", input.signer.as_deref())?;
    let drafting_unit = optional_line("đơn vị soạn thảo", input.drafting_unit.as_deref())?;
    let notes = block("ghi chú", input.notes.as_deref())?;
    let reply_to = match input.reply_to.as_deref().map(str::trim) {
        Some(r) if !r.is_empty() => Some(resolve_ref(tx, r)?),
        _ => None,
    };
    let now = ctx.clock.now_ms();
    let id = ctx.new_id();
    crate::store::exec(
        tx,
        "INSERT INTO outgoing_documents (id, status, doc_type, summary, summary_key, drafter,
             signer, normative, drafting_unit, reply_to_incoming_id, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
        rusqlite::params![
            id,
            OutgoingStatus::Draft.code(),
            doc_type.code(),
            summary,
            fold(&summary),
            drafter,
            signer,
            input.normative,
            drafting_unit,
            reply_to,
            notes,
            now
        ],
    )?;
    let event = OutgoingEvent {
        id: ctx.new_id(),
        document_id: id.clone(),
        at: now,
        actor: ctx.actor.to_string(),
        action: "create".into(),
        from_status: None,
        to_status: OutgoingStatus::Draft,
        note: None,
        data: serde_json::json!({}),
    };
    finish(tx, ctx, &id, event)
}

/// One step, as raw text.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct StepInput {
    /// submit | approve | return | sign | issue | send
    pub action: String,
    /// A note; for `return`, the reason (required).
    pub note: Option<String>,
    /// For `sign`: who signed (defaults to the draft's intended signer).
    pub signer: Option<String>,
    /// For `issue`: the document date (defaults to today).
    pub issued_date: Option<String>,
    /// For `send`: Nơi nhận.
    #[serde(default)]
    pub recipients: Vec<String>,
    pub copies: Option<i64>,
    pub transfer_date: Option<String>,
    pub archive_holder: Option<String>,
}

/// Applies one step to the outgoing document named by `reference` (id or symbol).
pub fn step_outgoing(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    reference: &str,
    input: &StepInput,
) -> Result<OutgoingDocument> {
    let action = OutgoingAction::parse(&input.action)?;
    let id = resolve_outgoing_ref(tx, reference)?;
    let doc = get_outgoing(tx, &id)?;
    let to = next_status(doc.status, action)?;
    let permission = match action {
        OutgoingAction::Submit => vanthu_core::authz::Permission::Draft,
        OutgoingAction::Approve | OutgoingAction::Return | OutgoingAction::Sign => {
            vanthu_core::authz::Permission::Approve
        }
        OutgoingAction::Issue | OutgoingAction::Send => vanthu_core::authz::Permission::Issue,
    };
    crate::accounts::require(tx, ctx, permission)?;
    let note = block("ghi chú", input.note.as_deref())?;
    let today = ctx.clock.today();
    let mut data = serde_json::json!({});
    match action {
        OutgoingAction::Return if note.is_none() => {
            return Err(CoreError::MissingField {
                field: "lý do trả lại",
            }
            .into());
        }
        OutgoingAction::Sign => {
            let signer = optional_line("người ký", input.signer.as_deref())?
                .or(doc.signer.clone())
                .ok_or(CoreError::MissingField {
                    field: "người ký"
                })?;
            crate::store::exec(
                tx,
                "UPDATE outgoing_documents SET signer = ?2 WHERE id = ?1",
                rusqlite::params![id, signer],
            )?;
            data = serde_json::json!({ "signer": signer });
        }
        OutgoingAction::Issue => data = issue_number(tx, &doc, input, today)?,
        OutgoingAction::Send => {
            let recipients = input
                .recipients
                .iter()
                .map(|r| required_line("nơi nhận", r))
                .collect::<Result<Vec<_>, _>>()?;
            if recipients.is_empty() {
                return Err(CoreError::MissingField {
                    field: "nơi nhận"
                }
                .into());
            }
            let copies = input.copies.unwrap_or(recipients.len() as i64 + 1);
            if copies < 1 {
                return Err(CoreError::InvalidField {
                    field: "số lượng bản",
                    reason: "phải lớn hơn 0".into(),
                }
                .into());
            }
            let transfer = match input.transfer_date.as_deref() {
                Some(s) if !s.trim().is_empty() => parse_date("ngày chuyển", s)?,
                _ => today,
            };
            let archive = optional_line(
                "đơn vị, người nhận bản lưu",
                input.archive_holder.as_deref(),
            )?
            .or_else(|| Some("Lưu: VT".into()));
            crate::store::exec(
                tx,
                "UPDATE outgoing_documents SET recipients = ?2, copies = ?3, transfer_date = ?4,
                     archive_holder = ?5 WHERE id = ?1",
                rusqlite::params![
                    id,
                    serde_json::to_string(&recipients)?,
                    copies,
                    transfer,
                    archive
                ],
            )?;
            data = serde_json::json!({ "recipients": recipients, "copies": copies });
        }
        _ => {}
    }
    let event = OutgoingEvent {
        id: ctx.new_id(),
        document_id: id.clone(),
        at: ctx.clock.now_ms(),
        actor: ctx.actor.to_string(),
        action: action.code().into(),
        from_status: Some(doc.status),
        to_status: to,
        note,
        data,
    };
    crate::store::exec(
        tx,
        "UPDATE outgoing_documents SET status = ?2, updated_at = ?3, version = version + 1
         WHERE id = ?1",
        rusqlite::params![id, to.code(), event.at],
    )?;
    finish(tx, ctx, &id, event)
}

/// Takes the next number of the right series and composes the symbol in the unit's style.
fn issue_number(
    tx: &Transaction<'_>,
    doc: &OutgoingDocument,
    input: &StepInput,
    today: chrono::NaiveDate,
) -> Result<serde_json::Value> {
    let unit = require_unit(tx)?;
    let date = match input.issued_date.as_deref() {
        Some(s) if !s.trim().is_empty() => parse_date("ngày ban hành", s)?,
        _ => today,
    };
    let year = date.year();
    // NĐ 30: legal normative documents run their own series per type, with the year in the symbol.
    let series = if doc.normative {
        format!("qppl-{}", doc.doc_type.code())
    } else {
        "regular".to_string()
    };
    let number = numbering::take_next(tx, &series, year)?;
    let symbol = compose_symbol(&SymbolSpec {
        style: unit.numbering_style,
        number: number as u32,
        doc_type: doc.doc_type,
        unit_abbr: &unit.abbreviation,
        normative_year: doc.normative.then_some(year),
        drafting_unit: doc.drafting_unit.as_deref(),
    });
    crate::store::exec(
        tx,
        "UPDATE outgoing_documents SET series = ?2, year = ?3, number = ?4, symbol = ?5,
             issued_date = ?6 WHERE id = ?1",
        rusqlite::params![doc.id, series, year, number, symbol, date],
    )?;
    Ok(serde_json::json!({ "number": number, "symbol": symbol, "issued_date": date }))
}

fn block(field: &'static str, v: Option<&str>) -> Result<Option<String>, CoreError> {
    Ok(match v {
        Some(s) => Some(normalize_block(field, s)?).filter(|s| !s.is_empty()),
        None => None,
    })
}

/// Appends the event and records both the document and the event in the outbox.
fn finish(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    id: &str,
    event: OutgoingEvent,
) -> Result<OutgoingDocument> {
    event.insert(tx)?;
    let doc = get_outgoing(tx, id)?;
    outbox::record(tx, ctx, "outgoing_document", id, Op::Upsert, &doc)?;
    outbox::record(tx, ctx, "outgoing_event", &event.id, Op::Append, &event)?;
    Ok(doc)
}
