//! Change capture: every mutation of a unit-owned record appends a change here in the same
//! transaction, so sync (when it arrives) can never miss a change made before it.

use crate::{Context, Result};
use rusqlite::Transaction;
use serde::Serialize;

/// What happened to the record.
#[derive(Debug, Clone, Copy)]
pub enum Op {
    /// The record's full current state (last writer wins per field on the server).
    Upsert,
    /// An append-only record (an event): merged by union.
    Append,
}

impl Op {
    fn code(self) -> &'static str {
        match self {
            Op::Upsert => "upsert",
            Op::Append => "append",
        }
    }
}

/// Appends one change for `entity`/`entity_id` with `payload` as JSON.
pub fn record(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    entity: &str,
    entity_id: &str,
    op: Op,
    payload: &impl Serialize,
) -> Result<()> {
    write(tx, ctx, entity, entity_id, op, payload, false)
}

/// [`record`] for an upsert of a record the caller has just created with a fresh id: the same
/// change and audit row, without looking for a previous state that cannot exist.
pub fn record_created(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    entity: &str,
    entity_id: &str,
    payload: &impl Serialize,
) -> Result<()> {
    write(tx, ctx, entity, entity_id, Op::Upsert, payload, true)
}

fn write(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    entity: &str,
    entity_id: &str,
    op: Op,
    payload: &impl Serialize,
    created: bool,
) -> Result<()> {
    let json = serde_json::to_string(payload)?;
    let at = ctx.clock.now_ms();
    // An event or a just-created record has no earlier state, so its `base` is NULL and the
    // capture trigger (migration 0011) would only stamp it: stamping it here spares the trigger
    // rewriting the row it fired for (about 5 % of a large import). The clock advances exactly
    // as in the trigger, so both kinds of stamp share one order.
    let hlc = if created || matches!(op, Op::Append) {
        let (ms, counter): (i64, i64) = tx
            .prepare_cached(
                "UPDATE sync_clock
                    SET counter = CASE WHEN ?1 <= ms THEN counter + 1 ELSE 0 END,
                        ms = max(ms, ?1)
                  WHERE id = 1
              RETURNING ms, counter",
            )?
            .query_row([at], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Some(vanthu_protocol::hlc::format(ms, counter))
    } else {
        None
    };
    // OR FAIL: the capture trigger (migration 0004) would otherwise make SQLite keep a statement
    // journal for every change, and once it outgrows 64 KiB in a big transaction (an import) it
    // spills to a file. A failing change leaves the statement's earlier effects in place instead
    // of undoing them — harmless, since every caller's transaction (or the sync's savepoint) is
    // rolled back on any error.
    crate::store::exec(
        tx,
        "INSERT OR FAIL INTO outbox (change_id, entity, entity_id, op, payload, at, hlc)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        rusqlite::params![ctx.new_id(), entity, entity_id, op.code(), json, at, hlc],
    )?;
    // Same choke point, same transaction: the audit trail cannot miss a change either.
    crate::audit::record(tx, ctx, entity, entity_id, op.code(), &json, created)
}

/// How many changes wait to be pushed.
pub fn pending(conn: &rusqlite::Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))?)
}
