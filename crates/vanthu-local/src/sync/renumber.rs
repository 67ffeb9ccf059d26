//! Two laptops of one unit registering incoming documents offline both take the next số đến:
//! the same number for two documents. Sync resolves it deterministically: the document with the
//! smaller id (UUIDv7: the one registered first) keeps the number; the other is given the next
//! free number by the laptop that registered it — a normal local change with a history event,
//! so it reaches the server and every device — and the clash is written to the conflict log
//! for the clerk to correct the number written on the paper document. A laptop that holds
//! neither document as its own waits (the pulled entry stays in `sync_unapplied`) until the
//! renumbered document arrives.

use crate::incoming::{IncomingEvent, get_incoming};
use crate::outbox::{self, Op};
use crate::{Context, Result, numbering, store::exec};
use rusqlite::{OptionalExtension, Transaction};

/// The local document holding `year`/`arrival_no`, other than `id`.
pub(crate) fn clashing(
    tx: &Transaction<'_>,
    id: &str,
    year: i64,
    no: i64,
) -> Result<Option<String>> {
    Ok(tx
        .prepare_cached(
            "SELECT id FROM incoming_documents WHERE year = ?1 AND arrival_no = ?2 AND id != ?3",
        )?
        .query_row(rusqlite::params![year, no, id], |r| r.get(0))
        .optional()?)
}

/// Whether this device registered the document (it never came from the server).
pub(crate) fn is_own(tx: &Transaction<'_>, entity: &str, id: &str) -> Result<bool> {
    let origin: Option<String> = tx
        .prepare_cached("SELECT origin FROM sync_shadow WHERE entity = ?1 AND entity_id = ?2")?
        .query_row([entity, id], |r| r.get(0))
        .optional()?;
    Ok(origin.is_none_or(|o| o == "local"))
}

/// Gives the local document `id` the next free số đến of its year; logs the clash.
pub(crate) fn renumber(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    id: &str,
    winner: &str,
) -> Result<()> {
    let doc = get_incoming(tx, id)?;
    let old = doc.arrival_ref();
    let no = numbering::take_next(tx, numbering::INCOMING_SERIES, doc.year)?;
    let now = ctx.clock.now_ms();
    exec(
        tx,
        "UPDATE incoming_documents SET arrival_no = ?2, updated_at = ?3, version = version + 1
         WHERE id = ?1",
        rusqlite::params![id, no, now],
    )?;
    let new_ref = format!("{no}/{}", doc.year);
    let event = IncomingEvent {
        id: ctx.new_id(),
        document_id: id.to_string(),
        at: now,
        actor: ctx.actor.to_string(),
        action: "renumber".into(),
        from_status: Some(doc.status),
        to_status: doc.status,
        note: Some(format!(
            "Số đến {old} trùng với văn bản được vào sổ trên máy khác của đơn vị; cấp lại số {new_ref}. Hãy sửa số đến ghi trên văn bản giấy."
        )),
        data: serde_json::json!({ "from": doc.arrival_no, "to": no, "clashed_with": winner }),
    };
    event.insert(tx)?;
    let updated = get_incoming(tx, id)?;
    outbox::record(tx, ctx, "incoming_document", id, Op::Upsert, &updated)?;
    outbox::record(tx, ctx, "incoming_event", &event.id, Op::Append, &event)?;
    exec(
        tx,
        "INSERT INTO sync_conflicts (id, entity, entity_id, field, kept_value, lost_value,
             kept_hlc, lost_hlc, at, received_at)
         VALUES (?1, 'incoming_document', ?2, 'arrival_no', ?3, ?4, '', '', ?5, ?5)",
        rusqlite::params![
            ctx.new_id(),
            id,
            serde_json::json!(new_ref).to_string(),
            serde_json::json!(old).to_string(),
            now
        ],
    )?;
    Ok(())
}
