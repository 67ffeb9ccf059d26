//! Applying a pulled page: every entry and the new cursor in the caller's one transaction.
//!
//! Unit-owned records (other devices' changes, or the server's merge of ours) are written
//! straight into their tables — not through the use cases, so nothing goes back to the outbox.
//! A record with local changes not yet pushed keeps the fields those changes altered: they will
//! reach the server and be merged there (last writer by clock wins), and the merged record comes
//! back. Province-owned records go to their own tables. An entry that cannot be applied (an
//! entity this version does not know, a clash such as the same số đến taken on two laptops
//! offline) is kept in `sync_unapplied` and shown to the user, never dropped, and the page still
//! applies: one bad record must not stop a unit's sync.

use super::records::{self, Kind};
use crate::{Context, Result, store::exec};
use rusqlite::{OptionalExtension, Transaction};
use serde::Serialize;
use serde_json::{Map, Value};
use vanthu_protocol::{Conflict, LogEntry, Op, entity, hlc};

/// What one page did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ApplyReport {
    pub applied: u32,
    pub conflicts: u32,
    pub unapplied: u32,
    pub inbox: u32,
}

/// Applies `entries` and stores `cursor`, atomically (the caller commits).
pub fn apply_pulled(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    entries: &[LogEntry],
    cursor: i64,
) -> Result<ApplyReport> {
    let device = super::device::require_device(tx)?;
    let mut report = ApplyReport::default();
    let now = ctx.clock.now_ms();
    for e in entries {
        if e.cursor <= device.pull_cursor {
            continue; // already applied (a page fetched twice)
        }
        observe_clock(tx, &e.hlc)?;
        if !try_apply(tx, ctx, e, now, &mut report)? {
            report.unapplied += 1;
        }
    }
    retry_unapplied(tx, ctx, now, &mut report)?;
    exec(
        tx,
        "UPDATE sync_device SET pull_cursor = max(pull_cursor, ?1) WHERE id = 1",
        [cursor],
    )?;
    Ok(report)
}

fn object(payload: &str) -> Result<Map<String, Value>> {
    match serde_json::from_str(payload)? {
        Value::Object(m) => Ok(m),
        _ => Err(crate::LocalError::Sync {
            code: "bad_payload",
            message: "Dữ liệu nhận về không phải một bản ghi.".into(),
        }),
    }
}

/// Applies one entry in a savepoint: on failure it is rolled back and kept in `sync_unapplied`;
/// on success older kept entries of the same record are dropped (superseded).
fn try_apply(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    e: &LogEntry,
    now: i64,
    report: &mut ApplyReport,
) -> Result<bool> {
    tx.execute_batch("SAVEPOINT pulled_entry")?;
    match apply_one(tx, ctx, e, now, report) {
        Ok(()) => {
            tx.execute_batch("RELEASE pulled_entry")?;
            exec(
                tx,
                "DELETE FROM sync_unapplied WHERE entity = ?1 AND entity_id = ?2 AND cursor <= ?3",
                rusqlite::params![e.entity, e.entity_id, e.cursor],
            )?;
            Ok(true)
        }
        Err(err) => {
            tx.execute_batch("ROLLBACK TO pulled_entry; RELEASE pulled_entry")?;
            keep_unapplied(tx, e, &err.to_string(), now)?;
            Ok(false)
        }
    }
}

/// Tries the kept entries again (in log order) until no more apply: an event whose document
/// arrived since, a document whose number clash was resolved.
fn retry_unapplied(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    now: i64,
    report: &mut ApplyReport,
) -> Result<()> {
    loop {
        let kept: Vec<LogEntry> = {
            let mut stmt = tx.prepare_cached(
                "SELECT cursor, entity, entity_id, op, payload FROM sync_unapplied ORDER BY cursor",
            )?;
            let rows = stmt.query_map([], |r| {
                let op: String = r.get(3)?;
                Ok(LogEntry {
                    cursor: r.get(0)?,
                    entity: r.get(1)?,
                    entity_id: r.get(2)?,
                    op: Op::parse(&op).unwrap_or(Op::Upsert),
                    payload: r.get(4)?,
                    hlc: String::new(),
                    origin: None,
                })
            })?;
            rows.collect::<Result<_, _>>()?
        };
        let mut progress = false;
        for e in &kept {
            let still_kept: bool = tx
                .prepare_cached("SELECT 1 FROM sync_unapplied WHERE cursor = ?1")?
                .exists([e.cursor])?;
            if still_kept && try_apply(tx, ctx, e, now, report)? {
                progress = true;
            }
        }
        if !progress {
            return Ok(());
        }
    }
}

fn apply_one(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    e: &LogEntry,
    now: i64,
    report: &mut ApplyReport,
) -> Result<()> {
    match e.entity.as_str() {
        entity::PROVINCE_DOCUMENT => {
            if e.op == Op::Delete {
                exec(
                    tx,
                    "DELETE FROM province_inbox WHERE id = ?1 AND registered_incoming_id IS NULL",
                    [&e.entity_id],
                )?;
            } else {
                exec(
                    tx,
                    "INSERT INTO province_inbox (id, payload, received_at) VALUES (?1, ?2, ?3)
                     ON CONFLICT (id) DO UPDATE SET payload = excluded.payload",
                    rusqlite::params![e.entity_id, e.payload, now],
                )?;
                report.inbox += 1;
            }
        }
        entity::HOLIDAY_OVERRIDE => {
            let year: i32 = e.entity_id.parse().map_err(|_| crate::LocalError::Sync {
                code: "bad_payload",
                message: format!("Năm \"{}\" không hợp lệ.", e.entity_id),
            })?;
            if e.op == Op::Delete {
                exec(
                    tx,
                    "DELETE FROM holiday_overrides WHERE year = ?1 AND owner = 'province'",
                    [year],
                )?;
            } else {
                // Validate through the core type before it can affect any deadline.
                let data: vanthu_core::calendar::YearOverrides = serde_json::from_str(&e.payload)?;
                exec(
                    tx,
                    "INSERT INTO holiday_overrides (year, data_json, owner, updated_at)
                     VALUES (?1, ?2, 'province', ?3)
                     ON CONFLICT (year) DO UPDATE SET data_json = ?2, owner = 'province', updated_at = ?3",
                    rusqlite::params![year, serde_json::to_string(&data)?, now],
                )?;
            }
        }
        entity::DEADLINE_RULES => {
            if e.op == Op::Delete {
                exec(
                    tx,
                    "DELETE FROM settings WHERE key = ?1 AND owner = 'province'",
                    [crate::calendar::DEADLINE_RULES],
                )?;
            } else {
                let rules: vanthu_core::calendar::DeadlineRules = serde_json::from_str(&e.payload)?;
                exec(
                    tx,
                    "INSERT INTO settings (key, value_json, owner, updated_at) VALUES (?1, ?2, 'province', ?3)
                     ON CONFLICT (key) DO UPDATE SET value_json = ?2, owner = 'province', updated_at = ?3",
                    rusqlite::params![
                        crate::calendar::DEADLINE_RULES,
                        serde_json::to_string(&rules)?,
                        now
                    ],
                )?;
            }
        }
        entity::REPORT_TEMPLATE => {
            if e.op == Op::Delete {
                exec(
                    tx,
                    "UPDATE report_templates SET active = 0 WHERE id = ?1",
                    [&e.entity_id],
                )?;
            } else {
                apply_template(tx, &e.payload, now)?;
            }
        }
        entity::REPORT_REVIEW => {
            let review: crate::report::ReportReview = serde_json::from_str(&e.payload)?;
            crate::report::apply_report_review(tx, now, &review)?;
        }
        entity::SYNC_CONFLICT => {
            let c: Conflict = serde_json::from_str(&e.payload)?;
            exec(
                tx,
                "INSERT INTO sync_conflicts (id, entity, entity_id, field, kept_value, lost_value,
                     kept_hlc, lost_hlc, at, received_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (id) DO NOTHING",
                rusqlite::params![
                    c.id,
                    c.entity,
                    c.entity_id,
                    c.field,
                    c.kept_value.to_string(),
                    c.lost_value.to_string(),
                    c.kept_hlc,
                    c.lost_hlc,
                    c.at,
                    now
                ],
            )?;
            report.conflicts += 1;
        }
        name => {
            let spec = records::spec(name).ok_or_else(|| crate::LocalError::Sync {
                code: "unknown_entity",
                message: format!("Phiên bản này chưa biết loại dữ liệu \"{name}\"."),
            })?;
            match e.op {
                Op::Delete => records::delete(tx, spec, &e.entity_id)?,
                Op::Append => records::write(tx, spec, &object(&e.payload)?, now)?,
                Op::Upsert if spec.kind == Kind::Event => {
                    records::write(tx, spec, &object(&e.payload)?, now)?
                }
                Op::Upsert => {
                    let merged = keep_local_edits(tx, name, &e.entity_id, object(&e.payload)?)?;
                    if name == "incoming_document" {
                        resolve_number_clash(tx, ctx, &e.entity_id, &merged)?;
                    }
                    records::write(tx, spec, &merged, now)?;
                    let head: i64 = tx
                        .query_row(
                            "SELECT seq FROM sqlite_sequence WHERE name = 'outbox'",
                            [],
                            |r| r.get(0),
                        )
                        .optional()?
                        .unwrap_or(0);
                    exec(
                        tx,
                        "INSERT INTO sync_shadow (entity, entity_id, seq, payload, synced_at, origin)
                         VALUES (?1, ?2, ?3, ?4, ?5, 'remote')
                         ON CONFLICT (entity, entity_id) DO UPDATE SET seq = excluded.seq,
                             payload = excluded.payload, synced_at = excluded.synced_at",
                        rusqlite::params![name, e.entity_id, head, Value::Object(merged).to_string(), now],
                    )?;
                }
            }
        }
    }
    report.applied += 1;
    Ok(())
}

/// A template the province published: the template's fields plus `revision` (a later one
/// replaces an earlier one; default 1) and `active` (false: withdrawn; default true).
fn apply_template(tx: &Transaction<'_>, payload: &str, now: i64) -> Result<()> {
    let raw = object(payload)?;
    let template: crate::report::ReportTemplate = serde_json::from_str(payload)?;
    let revision = raw.get("revision").and_then(Value::as_i64).unwrap_or(1);
    let active = raw.get("active").and_then(Value::as_bool).unwrap_or(true);
    crate::report::apply_report_template(tx, now, &template, revision, active)?;
    Ok(())
}

/// Makes room for a pulled document's số đến (see [`super::renumber`]): renumbers this device's
/// own later document, or refuses (the entry waits) when the other device must renumber.
fn resolve_number_clash(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    id: &str,
    doc: &Map<String, Value>,
) -> Result<()> {
    let (Some(year), Some(no)) = (
        doc.get("year").and_then(Value::as_i64),
        doc.get("arrival_no").and_then(Value::as_i64),
    ) else {
        return Ok(());
    };
    let Some(other) = super::renumber::clashing(tx, id, year, no)? else {
        return Ok(());
    };
    if id < other.as_str() && super::renumber::is_own(tx, "incoming_document", &other)? {
        return super::renumber::renumber(tx, ctx, &other, id);
    }
    Err(crate::LocalError::Sync {
        code: "number_clash",
        message: format!(
            "Số đến {no}/{year} trùng với một văn bản khác trên máy này; chờ máy đã vào sổ văn bản sau cấp lại số."
        ),
    })
}

/// The pulled record with the fields that local, not yet pushed changes altered taken from the
/// newest local change.
fn keep_local_edits(
    tx: &Transaction<'_>,
    entity: &str,
    id: &str,
    mut pulled: Map<String, Value>,
) -> Result<Map<String, Value>> {
    let mut stmt = tx.prepare_cached(
        "SELECT base, payload FROM outbox
         WHERE entity = ?1 AND entity_id = ?2 AND op = 'upsert' ORDER BY seq",
    )?;
    let rows = stmt
        .query_map([entity, id], |r| {
            Ok((r.get::<_, Option<String>>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let Some((_, latest)) = rows.last() else {
        return Ok(pulled);
    };
    let latest = object(latest)?;
    let mut fields: Vec<String> = Vec::new();
    for (base, payload) in &rows {
        match base {
            Some(b) => fields.extend(object(b)?.keys().cloned()),
            // New here: every field is the device's own.
            None => fields.extend(object(payload)?.keys().cloned()),
        }
    }
    for f in fields {
        if let Some(v) = latest.get(&f) {
            pulled.insert(f, v.clone());
        }
    }
    Ok(pulled)
}

fn keep_unapplied(tx: &Transaction<'_>, e: &LogEntry, reason: &str, now: i64) -> Result<()> {
    exec(
        tx,
        "INSERT INTO sync_unapplied (cursor, entity, entity_id, op, payload, reason, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (cursor) DO UPDATE SET reason = excluded.reason, at = excluded.at",
        rusqlite::params![
            e.cursor,
            e.entity,
            e.entity_id,
            e.op.code(),
            e.payload,
            reason,
            now
        ],
    )?;
    Ok(())
}

/// Moves the local clock past a stamp seen from elsewhere, so a later local edit sorts after it.
fn observe_clock(tx: &Transaction<'_>, stamp: &str) -> Result<()> {
    if let Some((ms, counter)) = hlc::parse(stamp) {
        exec(
            tx,
            "UPDATE sync_clock SET ms = ?1, counter = ?2
             WHERE id = 1 AND (ms < ?1 OR (ms = ?1 AND counter < ?2))",
            [ms, counter],
        )?;
    }
    Ok(())
}
