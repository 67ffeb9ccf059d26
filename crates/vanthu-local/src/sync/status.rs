//! What the user sees of sync: the summary (last success, pending changes, clock-skew warning,
//! conflicts), each record's state, the conflict log and the attachments still to download.

use super::device::device;
use crate::{Result, attachments::blob_path};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use std::path::Path;
use vanthu_protocol::ProvinceDocument;

/// A clock further off than this is worth a warning: deadlines and "last update" dates are
/// judged by the laptop's clock.
pub const CLOCK_SKEW_WARNING_MS: i64 = 5 * 60 * 1000;

/// The sync summary of this store.
#[derive(Debug, Clone, Serialize)]
pub struct LocalSyncStatus {
    pub enrolled: bool,
    pub server_url: Option<String>,
    pub device_id: Option<String>,
    pub unit_code: Option<String>,
    pub unit_name: Option<String>,
    /// Changes captured and not yet acknowledged by the server.
    pub pending: i64,
    pub acked_seq: i64,
    pub pull_cursor: i64,
    pub last_success_at: Option<i64>,
    pub last_attempt_at: Option<i64>,
    pub last_error: Option<String>,
    pub clock_skew_ms: Option<i64>,
    /// Vietnamese warning when the laptop's clock is off by more than five minutes.
    pub clock_warning: Option<String>,
    pub conflicts: i64,
    pub unapplied: i64,
    /// Documents from the province not yet registered.
    pub inbox_waiting: i64,
}

/// The summary.
pub fn local_status(conn: &Connection) -> Result<LocalSyncStatus> {
    let d = device(conn)?;
    let count = |sql: &str| -> Result<i64> { Ok(conn.query_row(sql, [], |r| r.get(0))?) };
    let acked = d.as_ref().map(|d| d.acked_seq).unwrap_or(0);
    // Counted from the ends of the seq range, two index seeks: `count(*)` read every pending
    // row's page (the payloads), 1.7 s on a cold disk for a store of half a million changes,
    // and this runs at every start. Exact, because the seqs above the acknowledged mark have no
    // gaps: AUTOINCREMENT never reuses or skips a number (a rolled-back insert rolls back the
    // sequence too), and rows are only ever deleted at or below the mark (`acknowledge`).
    let pending: i64 = conn.query_row(
        "SELECT coalesce((SELECT max(seq) FROM outbox WHERE seq > ?1)
                       - (SELECT min(seq) FROM outbox WHERE seq > ?1) + 1, 0)",
        [acked],
        |r| r.get(0),
    )?;
    let skew = d.as_ref().and_then(|d| d.clock_skew_ms);
    Ok(LocalSyncStatus {
        enrolled: d.is_some(),
        server_url: d.as_ref().map(|d| d.server_url.clone()),
        device_id: d.as_ref().map(|d| d.device_id.clone()),
        unit_code: d.as_ref().map(|d| d.unit_code.clone()),
        unit_name: d.as_ref().map(|d| d.unit_name.clone()),
        pending,
        acked_seq: acked,
        pull_cursor: d.as_ref().map(|d| d.pull_cursor).unwrap_or(0),
        last_success_at: d.as_ref().and_then(|d| d.last_success_at),
        last_attempt_at: d.as_ref().and_then(|d| d.last_attempt_at),
        last_error: d.as_ref().and_then(|d| d.last_error.clone()),
        clock_skew_ms: skew,
        clock_warning: skew.and_then(clock_warning),
        conflicts: count("SELECT count(*) FROM sync_conflicts")?,
        unapplied: count("SELECT count(*) FROM sync_unapplied")?,
        inbox_waiting: count(
            "SELECT count(*) FROM province_inbox WHERE registered_incoming_id IS NULL",
        )?,
    })
}

/// The warning for a measured skew (server minus local), if it is large.
pub fn clock_warning(skew_ms: i64) -> Option<String> {
    if skew_ms.abs() <= CLOCK_SKEW_WARNING_MS {
        return None;
    }
    let minutes = skew_ms.abs() / 60_000;
    let direction = if skew_ms > 0 { "chậm" } else { "nhanh" };
    Some(format!(
        "Đồng hồ máy tính đang {direction} khoảng {minutes} phút so với máy chủ của tỉnh. Hãy chỉnh lại giờ để ngày đến, thời hạn và lịch sử xử lý được ghi đúng."
    ))
}

/// Where one record stands in sync (the badge on its detail view and the register's mark).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum RecordSyncState {
    /// The store is not enrolled: nothing is sent anywhere.
    Local,
    /// Changed here, waiting to be sent: `changes` captured changes of the record itself,
    /// the oldest made at `since`.
    Pending { since: i64, changes: i64 },
    /// On the server; `at` when it was last acknowledged or received (if known). `conflicts`:
    /// concurrent edits of another device resolved on this record (shown in the conflict log).
    Synced { at: Option<i64>, conflicts: i64 },
}

/// The sync state of one record (`entity` as captured, e.g. `incoming_document`). Three
/// lookups, each on an index (`outbox_by_record`, `sync_conflicts_by_record`, the shadow's
/// key), with cached statements: cheap enough to ask for every row of a register page.
pub fn record_state(conn: &Connection, entity: &str, id: &str) -> Result<RecordSyncState> {
    let Some(d) = device(conn)? else {
        return Ok(RecordSyncState::Local);
    };
    record_state_of(conn, &d, entity, id)
}

/// The states of several records of one kind (a register page), in the order of `ids`.
pub fn record_states(
    conn: &Connection,
    entity: &str,
    ids: &[String],
) -> Result<Vec<RecordSyncState>> {
    let Some(d) = device(conn)? else {
        return Ok(vec![RecordSyncState::Local; ids.len()]);
    };
    ids.iter()
        .map(|id| record_state_of(conn, &d, entity, id))
        .collect()
}

fn record_state_of(
    conn: &Connection,
    d: &super::SyncDevice,
    entity: &str,
    id: &str,
) -> Result<RecordSyncState> {
    let (since, changes): (Option<i64>, i64) = conn
        .prepare_cached(
            "SELECT min(at), count(*) FROM outbox WHERE entity = ?1 AND entity_id = ?2 AND seq > ?3",
        )?
        .query_row(rusqlite::params![entity, id, d.acked_seq], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    if let Some(since) = since {
        return Ok(RecordSyncState::Pending { since, changes });
    }
    let conflicts: i64 = conn
        .prepare_cached("SELECT count(*) FROM sync_conflicts WHERE entity = ?1 AND entity_id = ?2")?
        .query_row([entity, id], |r| r.get(0))?;
    let at: Option<i64> = conn
        .prepare_cached("SELECT synced_at FROM sync_shadow WHERE entity = ?1 AND entity_id = ?2")?
        .query_row([entity, id], |r| r.get(0))
        .optional()?;
    Ok(RecordSyncState::Synced {
        at: at.or(d.last_success_at),
        conflicts,
    })
}

/// One resolved conflict.
#[derive(Debug, Clone, Serialize)]
pub struct ConflictEntry {
    pub id: String,
    pub entity: String,
    pub entity_id: String,
    pub field: String,
    pub kept_value: serde_json::Value,
    pub lost_value: serde_json::Value,
    pub at: i64,
}

/// The conflict log, newest first.
pub fn conflicts(conn: &Connection) -> Result<Vec<ConflictEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, entity, entity_id, field, kept_value, lost_value, at
         FROM sync_conflicts ORDER BY at DESC, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, i64>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, entity, entity_id, field, kept, lost, at) = row?;
        out.push(ConflictEntry {
            id,
            entity,
            entity_id,
            field,
            kept_value: serde_json::from_str(&kept).unwrap_or(serde_json::Value::String(kept)),
            lost_value: serde_json::from_str(&lost).unwrap_or(serde_json::Value::String(lost)),
            at,
        });
    }
    Ok(out)
}

/// Attachments referenced here whose file is not in the blob store yet: (sha256, size),
/// distinct, records' attachments first, then the province inbox's.
pub fn missing_blobs(conn: &Connection, data_dir: &Path) -> Result<Vec<(String, i64)>> {
    let mut wanted: Vec<(String, i64)> = Vec::new();
    let mut stmt = conn.prepare_cached("SELECT DISTINCT sha256, size FROM attachments")?;
    for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))? {
        wanted.push(row?);
    }
    let mut stmt = conn.prepare_cached("SELECT payload FROM province_inbox")?;
    for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
        if let Ok(doc) = serde_json::from_str::<ProvinceDocument>(&row?) {
            wanted.extend(doc.attachments.into_iter().map(|a| (a.sha256, a.size)));
        }
    }
    let mut seen = std::collections::HashSet::new();
    Ok(wanted
        .into_iter()
        .filter(|(sha, _)| sha.len() == 64 && sha.bytes().all(|b| b.is_ascii_hexdigit()))
        .filter(|(sha, _)| seen.insert(sha.clone()))
        .filter(|(sha, _)| !blob_path(data_dir, sha).exists())
        .collect())
}
