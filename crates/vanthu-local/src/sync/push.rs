//! The push side: batches of captured changes in outbox order, and their acknowledgement.
//!
//! Trimming: rows up to the acknowledged mark are deleted in the same transaction that stores
//! the mark, after copying each upserted record's last payload into `sync_shadow` (the state a
//! later local change is diffed against, and the per-record "synced at" the UI shows).

use super::device::require_device;
use crate::{Result, store::exec};
use rusqlite::{Connection, Transaction};
use vanthu_protocol::{Change, Op, hlc};

/// Upper bound of payload bytes in one batch, well under the server's limits.
const MAX_BATCH_PAYLOAD_BYTES: usize = 4 * 1024 * 1024;

/// The next batch to push: the acknowledged mark it continues from and up to `max_changes`
/// changes after it, in order. Empty when nothing is pending.
pub fn pending_batch(conn: &Connection, max_changes: usize) -> Result<(i64, Vec<Change>)> {
    let after = require_device(conn)?.acked_seq;
    let mut stmt = conn.prepare_cached(
        "SELECT seq, change_id, entity, entity_id, op, payload, at, hlc, base
         FROM outbox WHERE seq > ?1 ORDER BY seq LIMIT ?2",
    )?;
    let mut rows = stmt.query(rusqlite::params![after, max_changes as i64])?;
    let mut out = Vec::new();
    let mut bytes = 0usize;
    while let Some(r) = rows.next()? {
        let payload: String = r.get(5)?;
        bytes += payload.len();
        if !out.is_empty() && bytes > MAX_BATCH_PAYLOAD_BYTES {
            break;
        }
        let at: i64 = r.get(6)?;
        let op: String = r.get(4)?;
        out.push(Change {
            seq: r.get(0)?,
            change_id: r.get(1)?,
            entity: r.get(2)?,
            entity_id: r.get(3)?,
            op: Op::parse(&op).unwrap_or(Op::Upsert),
            payload,
            at,
            // Rows captured before migration 4 have no stamp: their capture time stands in.
            hlc: r
                .get::<_, Option<String>>(7)?
                .unwrap_or_else(|| hlc::format(at, 0)),
            base: r.get(8)?,
        });
    }
    Ok((after, out))
}

/// Stores the server's acknowledgement: everything up to `acked` is applied there. Trims those
/// rows (keeping each record's last state as its shadow). An older mark than the stored one
/// changes nothing (a late answer to an earlier request).
pub fn acknowledge(tx: &Transaction<'_>, acked: i64, now: i64) -> Result<u64> {
    let current = require_device(tx)?.acked_seq;
    if acked <= current {
        return Ok(0);
    }
    // The last upsert of each record up to the mark becomes its shadow unless a newer shadow
    // exists (a pull applied after that change was captured).
    exec(
        tx,
        "INSERT INTO sync_shadow (entity, entity_id, seq, payload, synced_at)
         SELECT o.entity, o.entity_id, o.seq, o.payload, ?2 FROM outbox o
          WHERE o.seq <= ?1 AND o.op = 'upsert'
            AND o.seq = (SELECT max(seq) FROM outbox x WHERE x.entity = o.entity
                          AND x.entity_id = o.entity_id AND x.seq <= ?1 AND x.op = 'upsert')
         ON CONFLICT (entity, entity_id) DO UPDATE SET
             seq = excluded.seq, payload = excluded.payload, synced_at = excluded.synced_at
          WHERE excluded.seq > sync_shadow.seq",
        rusqlite::params![acked, now],
    )?;
    let trimmed = exec(tx, "DELETE FROM outbox WHERE seq <= ?1", [acked])?;
    exec(
        tx,
        "UPDATE sync_device SET acked_seq = ?1 WHERE id = 1",
        [acked],
    )?;
    Ok(trimmed as u64)
}
