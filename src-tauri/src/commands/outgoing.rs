//! Outgoing documents: drafts, the approval flow, issuing with a number, sending.

use crate::dto::outgoing::{
    OutgoingDetail, OutgoingForm, OutgoingPageDto, OutgoingQuery, OutgoingRow, StepForm,
    allowed_actions,
};
use crate::dto::{DocLink, given, iso_opt};
use crate::error::CmdResult;
use crate::state::{AppState, Env, blocking};
use tauri::State;
use vanthu_core::outgoing::OutgoingStatus;
use vanthu_local::incoming::get_incoming;
use vanthu_local::outgoing::{
    OutgoingFilter, OutgoingInput, StepInput, create_outgoing, get_outgoing, list_outgoing,
    outgoing_history, step_outgoing,
};
use vanthu_local::search::search_outgoing;

/// A page of outgoing documents (drafts included); with `q`, a search.
#[tauri::command]
pub async fn list_outgoing_page(
    state: State<'_, AppState>,
    query: OutgoingQuery,
) -> CmdResult<OutgoingPageDto> {
    blocking(&state, move |env| {
        let limit = query.limit.unwrap_or(50).clamp(1, 500);
        let offset = query.offset.unwrap_or(0);
        let filter = OutgoingFilter {
            year: query.year,
            status: given(&query.status)
                .map(|s| OutgoingStatus::parse(&s))
                .transpose()?,
            // One row more tells whether another page follows.
            limit: Some(limit + 1),
            offset: Some(offset),
        };
        let conn = env.store.conn();
        let mut items: Vec<OutgoingRow> = match given(&query.q) {
            Some(q) => search_outgoing(conn, &q, &filter)?
                .items
                .iter()
                .map(|h| OutgoingRow::from(&h.document))
                .collect(),
            None => list_outgoing(conn, &filter)?
                .iter()
                .map(OutgoingRow::from)
                .collect(),
        };
        let has_more = items.len() > limit as usize;
        items.truncate(limit as usize);
        Ok(OutgoingPageDto {
            items,
            offset,
            limit,
            has_more,
        })
    })
    .await
}

pub(crate) fn detail(env: &Env<'_>, id: &str) -> CmdResult<OutgoingDetail> {
    let conn = env.store.conn();
    let d = get_outgoing(conn, id)?;
    let reply_to = match &d.reply_to_incoming_id {
        Some(iid) => {
            let i = get_incoming(conn, iid)?;
            Some(DocLink {
                id: i.id.clone(),
                label: format!("Số đến {} — {}", i.arrival_ref(), i.symbol),
            })
        }
        None => None,
    };
    Ok(OutgoingDetail {
        row: OutgoingRow::from(&d),
        normative: d.normative,
        drafting_unit: d.drafting_unit.clone(),
        copies: d.copies.and_then(|c| i32::try_from(c).ok()),
        transfer_date: iso_opt(d.transfer_date),
        archive_holder: d.archive_holder.clone(),
        notes: d.notes.clone(),
        reply_to,
        history: outgoing_history(conn, id)?
            .into_iter()
            .map(Into::into)
            .collect(),
        actions: allowed_actions(d.status),
        attachments: super::signatures::with_signatures(conn, "outgoing", id)?,
    })
}

/// One outgoing document with its history and allowed steps.
#[tauri::command]
pub async fn get_outgoing_detail(
    state: State<'_, AppState>,
    id: String,
) -> CmdResult<OutgoingDetail> {
    blocking(&state, move |env| detail(env, &id)).await
}

/// A new draft (dự thảo), optionally answering an incoming document.
#[tauri::command]
pub async fn create_outgoing_doc(
    state: State<'_, AppState>,
    form: OutgoingForm,
) -> CmdResult<OutgoingDetail> {
    blocking(&state, move |env| {
        let input = OutgoingInput {
            doc_type: form.doc_type,
            summary: form.summary,
            drafter: given(&form.drafter),
            signer: given(&form.signer),
            reply_to: given(&form.reply_to),
            notes: given(&form.notes),
            normative: form.normative,
            drafting_unit: given(&form.drafting_unit),
        };
        let d = env.write(|tx, ctx, _| create_outgoing(tx, ctx, &input))?;
        detail(env, &d.id)
    })
    .await
}

/// One step: trình duyệt, duyệt, trả lại, ký, cấp số ban hành, gửi.
#[tauri::command]
pub async fn step_outgoing_doc(
    state: State<'_, AppState>,
    id: String,
    form: StepForm,
) -> CmdResult<OutgoingDetail> {
    blocking(&state, move |env| {
        let input = StepInput {
            action: form.action,
            note: given(&form.note),
            signer: given(&form.signer),
            issued_date: given(&form.issued_date),
            recipients: form
                .recipients
                .into_iter()
                .map(|r| r.trim().to_string())
                .filter(|r| !r.is_empty())
                .collect(),
            copies: form.copies.map(i64::from),
            transfer_date: given(&form.transfer_date),
            archive_holder: given(&form.archive_holder),
        };
        env.write(|tx, ctx, _| step_outgoing(tx, ctx, &id, &input))?;
        detail(env, &id)
    })
    .await
}
